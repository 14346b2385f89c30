//! [`Thread`]: a handle to a coroutine, resumable from Rust.

use crate::error::{Error, Result};
use crate::function::Function;
use crate::multi::{FromLuaMulti, IntoLuaMulti, MultiValue};
use crate::state::Lua;
use crate::value::{to_raw, Handle, Value};
use selenite_vm::Value as RawValue;

/// A coroutine's status, as `coroutine.status` reports it (the VM's own type).
///
/// ```
/// let lua = selenite::Lua::new();
/// let co: selenite::Thread = lua.load("coroutine.create(function() coroutine.yield() end)").eval().unwrap();
/// co.resume::<()>(()).unwrap();
/// assert_eq!(co.status(), selenite::ThreadStatus::Suspended);
/// co.resume::<()>(()).unwrap();
/// assert_eq!(co.status(), selenite::ThreadStatus::Dead);
/// assert_eq!(co.status().name(), "dead");
/// ```
pub use selenite_vm::ThreadStatus;

/// A Lua coroutine.
///
/// ```
/// let lua = selenite::Lua::new();
/// let co: selenite::Thread = lua
///     .load("return coroutine.create(function(a) local b = coroutine.yield(a + 1); return b * 2 end)")
///     .eval()
///     .unwrap();
/// assert_eq!(co.resume::<i64>(1).unwrap(), 2);
/// assert_eq!(co.resume::<i64>(10).unwrap(), 20);
/// assert_eq!(co.status(), selenite::ThreadStatus::Dead);
/// ```
#[derive(Clone)]
pub struct Thread(pub(crate) Handle);

handle_identity!(Thread);

impl Thread {
    /// Resumes the coroutine with `args`; returns what it yields or returns. An error
    /// inside the coroutine (which kills it) comes back as an [`Error`]; so does
    /// resuming a dead coroutine (`cannot resume dead coroutine`).
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// let f = lua.load("return function() error('inside', 0) end").eval().unwrap();
    /// let co = lua.create_thread(f).unwrap();
    /// assert_eq!(co.resume::<()>(()).unwrap_err().to_string(), "inside");
    /// assert_eq!(co.resume::<()>(()).unwrap_err().to_string(), "cannot resume dead coroutine");
    /// ```
    pub fn resume<R: FromLuaMulti>(&self, args: impl IntoLuaMulti) -> Result<R> {
        let lua = self.0.lua()?;
        let args = args.into_lua_multi(&lua)?;
        R::from_lua_multi(self.resume_with(&lua, args)?, &lua)
    }

    /// [`Thread::resume`] with the arguments already converted; the yielded or
    /// returned values come back unconverted.
    pub(crate) fn resume_with(&self, lua: &Lua, args: MultiValue) -> Result<MultiValue> {
        let mut all = MultiValue::from_vec(vec![Value::Thread(self.clone())]);
        all.extend(args.into_vec());
        let resume = lua.shared.resume_function;
        let results = crate::boundary::call_protected(lua, |vm| Ok(vm.rooted(resume)), all)?;
        let mut results = results.into_vec().into_iter();
        match results.next() {
            Some(Value::Boolean(true)) => Ok(results.collect()),
            _ => Err(error_from_value(lua, results.next().unwrap_or(Value::Nil))),
        }
    }

    /// The coroutine's status.
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// let f = lua.load("return function() end").eval().unwrap();
    /// assert_eq!(lua.create_thread(f).unwrap().status(), selenite::ThreadStatus::Suspended);
    /// ```
    pub fn status(&self) -> ThreadStatus {
        let status = self.0.lua().and_then(|lua| {
            lua.with_vm(|vm| match self.0.raw(&lua, vm)? {
                RawValue::Thread(t) => Ok(t.status()),
                _ => Err(Error::MismatchedState),
            })?
        });
        // A handle whose state is gone can only be dead.
        status.unwrap_or(ThreadStatus::Dead)
    }
}

/// The [`Error`] for an error value handed to Rust as a value (by `resume`).
fn error_from_value(lua: &Lua, value: Value) -> Error {
    let converted = lua.shared.lease().and_then(|mut lease| {
        let vm = lease.vm();
        let raw = to_raw(lua, vm, &value)?;
        Ok(crate::boundary::error_from_lua(vm, raw))
    });
    converted.unwrap_or_else(|e| e)
}

impl Lua {
    /// A new coroutine that will run `f`.
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// let f = lua.create_function(|_, x: i64| Ok(x * 3)).unwrap();
    /// let co = lua.create_thread(f).unwrap();
    /// assert_eq!(co.resume::<i64>(5).unwrap(), 15);
    /// ```
    pub fn create_thread(&self, f: Function) -> Result<Thread> {
        self.with_vm(|vm| {
            let f = f.0.raw(self, vm)?;
            let t = vm.new_thread(f);
            Ok(Thread(Handle::new(self, vm, RawValue::Thread(t))))
        })?
    }
}
