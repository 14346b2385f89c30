//! Crossing between Rust and Lua: calling Lua from Rust (as a protected call with a
//! message handler that records the traceback), running Rust callbacks from Lua, and
//! turning the errors of one side into errors of the other.
//!
//! A callback's error becomes a Lua error value that `pcall` catches like any other:
//! a string for plain runtime errors (so Lua code can match on it), the reference's
//! `bad argument` message for arguments that do not convert, and otherwise a userdata
//! that wraps the Rust [`Error`] (its `__tostring` gives the message). When such a
//! userdata reaches Rust again, the original error comes back out of it as the cause
//! of an [`Error::CallbackError`].

use crate::error::{Error, Result};
use crate::multi::MultiValue;
use crate::state::Lua;
use crate::value::{from_raw, to_raw};
use selenite_vm::{Gc, LuaError, NativeResult, Table as RawTable, Value as RawValue, Vm};
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Weak};

/// A Rust function callable from Lua, with its arguments already in handles.
pub(crate) type Callback = Box<dyn Fn(&Lua, MultiValue) -> Result<MultiValue> + Send>;

/// The payload of a Lua error value that carries a Rust error.
struct WrappedError(Arc<Error>);

/// The traceback the message handler recorded for the last failed call from Rust;
/// kept in the VM's own app data because the handler is a plain function.
struct LastTraceback(Option<String>);

/// Records the traceback and leaves the error value as it is.
fn message_handler(vm: &mut Vm) -> NativeResult {
    let traceback = vm.traceback(1);
    match vm.app_data_mut::<LastTraceback>() {
        Some(slot) => slot.0 = Some(traceback),
        None => vm.set_app_data(LastTraceback(Some(traceback))),
    }
    let error = vm.arg(1);
    vm.ret1(error)
}

/// `xpcall` under a name of its own, so that tracebacks end with `[C]: in ?` as
/// they do under the reference's `lua_pcall` from a host.
fn protected_entry(vm: &mut Vm) -> NativeResult {
    selenite_stdlib::base::xpcall(vm)
}

/// `__tostring` of wrapped Rust errors.
fn wrapped_error_to_string(vm: &mut Vm) -> NativeResult {
    let text = match vm.arg(1) {
        RawValue::UserData(u) => u.borrow::<WrappedError>().map(|w| w.0.to_string()),
        _ => None,
    };
    match text {
        Some(text) => {
            let s = vm.new_string(text.as_bytes());
            vm.ret1(RawValue::Str(s))
        }
        None => Err(vm.type_arg_error(1, "error")),
    }
}

/// The metatable shared by wrapped Rust errors.
pub(crate) fn create_error_metatable(vm: &mut Vm) -> Gc<RawTable> {
    let mt = vm.new_table();
    vm.raw_set_str(mt, "__tostring", RawValue::NativeFn(wrapped_error_to_string));
    mt
}

/// Calls the function `prepare` produces with `args`, catching errors; runs with the
/// VM leased (see `state.rs`), so the call may reenter Rust callbacks.
pub(crate) fn call_protected(
    lua: &Lua,
    prepare: impl FnOnce(&mut Vm) -> Result<RawValue>,
    args: MultiValue,
) -> Result<MultiValue> {
    let mut lease = lua.shared.lease()?;
    let vm = lease.vm();
    let result = (|| {
        let f = prepare(vm)?;
        let mut call_args = Vec::with_capacity(args.len() + 2);
        call_args.push(f);
        call_args.push(RawValue::NativeFn(message_handler));
        for a in args.iter() {
            call_args.push(to_raw(lua, vm, a)?);
        }
        if let Some(slot) = vm.app_data_mut::<LastTraceback>() {
            slot.0 = None;
        }
        let outcome = vm.call_function(RawValue::NativeFn(protected_entry), &call_args);
        // The raw results are rooted (in handles) before anything else can collect.
        match outcome {
            Ok(results) => match results.split_first() {
                Some((ok, rest)) if !ok.is_falsy() => Ok(rest.iter().map(|r| from_raw(lua, vm, *r)).collect()),
                _ => {
                    let error = results.get(1).copied().unwrap_or(RawValue::Nil);
                    Err(error_from_lua(vm, error))
                }
            },
            // Errors that escape `xpcall` itself: a host limit, or a C stack overflow
            // on entry.
            Err(e) => {
                let error = vm.error_value();
                match error_from_lua(vm, error) {
                    Error::RuntimeError { message, .. } if e.kind == selenite_vm::ErrorKind::Interrupted => {
                        Err(Error::LimitExceeded(message))
                    }
                    other => Err(other),
                }
            }
        }
    })();
    drop(lease);
    drop(args);
    lua.resume_pending_panic();
    result
}

/// The [`Error`] for a Lua error value that reached Rust.
pub(crate) fn error_from_lua(vm: &mut Vm, error: RawValue) -> Error {
    let traceback = vm.app_data_mut::<LastTraceback>().and_then(|slot| slot.0.take());
    let message = match error {
        RawValue::Str(s) => s.to_str_lossy().into_owned(),
        RawValue::UserData(u) => {
            let cause = u.borrow::<WrappedError>().map(|w| w.0.clone());
            if let Some(cause) = cause {
                return Error::CallbackError { traceback: traceback.unwrap_or_default(), cause };
            }
            display_error_object(vm, error)
        }
        other => display_error_object(vm, other),
    };
    // The VM raises memory errors with exactly this message (`LUA_ERRMEM`).
    if message == "not enough memory" {
        return Error::MemoryError(message);
    }
    Error::RuntimeError { message, traceback }
}

/// How the reference interpreter shows an error value that is not a string: numbers
/// and values with `__tostring` as text, anything else by its type.
fn display_error_object(vm: &mut Vm, error: RawValue) -> String {
    let printable =
        matches!(error, RawValue::Int(_) | RawValue::Float(_)) || !vm.metafield(&error, "__tostring").is_nil();
    if printable {
        if let Ok(s) = vm.to_display_string(error) {
            return s.to_str_lossy().into_owned();
        }
    }
    format!("(error object is a {} value)", error.type_name())
}

/// How a failed callback's error is raised once the VM is back with the interpreter.
enum Raise {
    /// Raise this value.
    Value(RawValue),
    /// The error value is already set (argument errors, built with the VM's help).
    Raised(LuaError),
    /// `not enough memory`.
    Memory,
    /// Raise this message (the state could not be reached to build anything else).
    Message(String),
}

/// Builds the Lua error for a callback's [`Error`]; `vm` is the running VM.
fn raise(lua: &Lua, vm: &mut Vm, error: Error) -> Raise {
    match error {
        Error::MemoryError(_) => Raise::Memory,
        Error::BadArgument { pos, cause } => Raise::Raised(argument_error(vm, pos, &cause)),
        other => Raise::Value(error_value(lua, vm, other)),
    }
}

/// The Lua error value for a Rust [`Error`]: its message for plain runtime, syntax
/// and memory errors, otherwise a userdata wrapping it.
pub(crate) fn error_value(lua: &Lua, vm: &mut Vm, error: Error) -> RawValue {
    match error {
        Error::RuntimeError { message, .. } | Error::SyntaxError { message, .. } | Error::MemoryError(message) => {
            RawValue::Str(vm.new_string(message.as_bytes()))
        }
        Error::CallbackError { cause, .. } => wrap_error(lua, vm, cause),
        other => wrap_error(lua, vm, Arc::new(other)),
    }
}

/// `bad argument #pos to 'f' (...)`, worded as the reference's `luaL_checkX` do.
fn argument_error(vm: &mut Vm, pos: usize, cause: &Error) -> LuaError {
    match cause {
        Error::FromLuaConversionError { message: Some(m), .. } => vm.arg_error(pos, m),
        Error::FromLuaConversionError { expected, .. } => vm.type_arg_error(pos, expected),
        other => vm.arg_error(pos, &other.to_string()),
    }
}

fn wrap_error(lua: &Lua, vm: &mut Vm, cause: Arc<Error>) -> RawValue {
    let ud = vm.new_userdata(Box::new(WrappedError(cause)), 0);
    if let RawValue::Table(mt) = vm.rooted(lua.shared.error_metatable) {
        vm.set_userdata_metatable(ud, Some(mt));
    }
    RawValue::UserData(ud)
}

/// The native entry of every Rust callback: lends the running VM to the handle API,
/// converts arguments, runs the callback (catching panics), and returns its results
/// or raises its error.
pub(crate) fn run_callback(state: &Weak<crate::state::Shared>, vm: &mut Vm, callback: &Callback) -> NativeResult {
    let Some(shared) = state.upgrade() else {
        return Err(vm.error_str("cannot call a Rust function while its Lua state is being closed"));
    };
    if !shared.lend_running(vm) {
        return Err(vm.error_str("cannot call a Rust function of another Lua state"));
    }
    let lua = Lua { shared };
    let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| invoke(&lua, callback)));
    lua.shared.take_back_running(vm);
    match outcome {
        Ok(Ok(results)) => vm.ret(&results),
        Ok(Err(Raise::Value(v))) => Err(vm.error_value_raise(v)),
        Ok(Err(Raise::Raised(e))) => Err(e),
        Ok(Err(Raise::Memory)) => Err(vm.memory_error()),
        Ok(Err(Raise::Message(m))) => Err(vm.error_str(&m)),
        Err(payload) => {
            // Lua cannot unwind a Rust panic: it travels as an error to the Rust code
            // that called into Lua, which resumes it.
            if let Some(mut pending) = lua.shared.pending_panic.try_lock() {
                pending.get_or_insert(payload);
            }
            Err(vm.error_str("a Rust callback panicked"))
        }
    }
}

fn invoke(lua: &Lua, callback: &Callback) -> std::result::Result<Vec<RawValue>, Raise> {
    let unreachable = |e: Error| Raise::Message(e.to_string());
    let args = lua
        .with_vm(|vm| {
            let raws: Vec<RawValue> = (1..=vm.arg_count()).map(|i| vm.arg(i)).collect();
            raws.into_iter().map(|r| from_raw(lua, vm, r)).collect::<MultiValue>()
        })
        .map_err(unreachable)?;
    let outcome = callback(lua, args).and_then(|results| {
        lua.with_vm(|vm| results.iter().map(|v| to_raw(lua, vm, v)).collect::<Result<Vec<_>>>())?
    });
    match outcome {
        Ok(raws) => Ok(raws),
        Err(e) => Err(lua.with_vm(|vm| raise(lua, vm, e)).unwrap_or_else(unreachable)),
    }
}
