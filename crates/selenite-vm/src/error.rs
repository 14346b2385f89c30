//! Errors as values. A Lua error travels through Rust as `Err(LuaError)`; the error
//! *value* (any Lua value) is held by the VM in a rooted slot (`Vm::error_value`) so that
//! the collector keeps it alive while the error propagates and while `__close`
//! handlers and message handlers run.

/// The reference's status codes for errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// An ordinary runtime error (`LUA_ERRRUN`).
    Runtime,
    /// A syntax error from `load` (`LUA_ERRSYNTAX`).
    Syntax,
    /// An allocation over the memory limit (`LUA_ERRMEM`).
    Memory,
    /// An error while running a message handler (`LUA_ERRERR`).
    ErrorHandler,
    /// A limit set by the host (instructions, time) was reached. Lua code cannot
    /// catch it; it always reaches the host.
    Interrupted,
}

/// A Lua error in flight. The error value itself is `Vm::error_value()`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[must_use]
pub struct LuaError {
    pub kind: ErrorKind,
}

impl LuaError {
    pub(crate) const RUNTIME: LuaError = LuaError { kind: ErrorKind::Runtime };
}

impl std::fmt::Display for LuaError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Lua error ({:?})", self.kind)
    }
}

impl std::error::Error for LuaError {}

pub type LuaResult<T> = Result<T, LuaError>;
