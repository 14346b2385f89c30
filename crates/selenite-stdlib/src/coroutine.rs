//! The coroutine library (manual §6.2). Resumes and yields are requests to the VM
//! (`NativeReturn::Resume` / `Yield`), which switches threads without nesting the
//! interpreter; the continuations below turn the outcome into the results Lua sees.

use crate::util::register;
use selenite_vm::{
    ContinuationStatus, Gc, LuaType, NativeResult, NativeReturn, Thread, ThreadStatus, Value, Vm, MAX_NATIVE_DEPTH,
};

pub fn open(vm: &mut Vm) -> Value {
    let t = vm.new_table();
    register(
        vm,
        t,
        &[
            ("close", close),
            ("create", create),
            ("isyieldable", isyieldable),
            ("resume", resume),
            ("running", running),
            ("status", status),
            ("wrap", wrap),
            ("yield", yield_),
        ],
    );
    Value::Table(t)
}

fn check_coroutine(vm: &mut Vm, n: usize) -> Result<Gc<Thread>, selenite_vm::LuaError> {
    match vm.arg(n) {
        Value::Thread(t) => Ok(t),
        _ => Err(vm.type_arg_error(n, "thread")),
    }
}

fn create(vm: &mut Vm) -> NativeResult {
    let f = vm.check_type(1, LuaType::Function)?;
    let co = vm.new_thread(f);
    vm.ret1(Value::Thread(co))
}

/// Why `co` cannot be resumed from here, if it cannot.
fn resume_obstacle(vm: &Vm, co: Gc<Thread>) -> Option<&'static str> {
    if co == vm.current_thread() {
        return Some("cannot resume non-suspended coroutine");
    }
    match co.status() {
        ThreadStatus::Suspended => {
            if vm.resume_depth() >= MAX_NATIVE_DEPTH as usize {
                Some("C stack overflow")
            } else {
                None
            }
        }
        ThreadStatus::Dead => Some("cannot resume dead coroutine"),
        ThreadStatus::Running | ThreadStatus::Normal => Some("cannot resume non-suspended coroutine"),
    }
}

fn resume(vm: &mut Vm) -> NativeResult {
    let co = check_coroutine(vm, 1)?;
    if let Some(msg) = resume_obstacle(vm, co) {
        let m = vm.str_value(msg);
        return vm.ret(&[Value::Bool(false), m]);
    }
    let nargs = vm.arg_count() - 1;
    Ok(NativeReturn::Resume { thread: co, nargs, then: resume_done })
}

/// `true` and the values, or `false` and the error.
fn resume_done(vm: &mut Vm, status: ContinuationStatus, n: usize) -> NativeResult {
    match status {
        ContinuationStatus::Error => {
            let err = vm.pop();
            vm.ret(&[Value::Bool(false), err])
        }
        _ => {
            let first = vm.stack_len() - n + 1;
            vm.insert(first, Value::Bool(true))?;
            Ok(NativeReturn::Values(n + 1))
        }
    }
}

/// The checks of `lua_yieldk` are made here, while `yield` is the running function, so
/// their messages get no position (the reference raises them from the C function).
fn yield_(vm: &mut Vm) -> NativeResult {
    if vm.current_thread() == vm.main_thread() {
        return Err(vm.error_str("attempt to yield from outside a coroutine"));
    }
    if !vm.is_yieldable() {
        return Err(vm.error_str("attempt to yield across a C-call boundary"));
    }
    Ok(NativeReturn::Yield(vm.arg_count()))
}

fn status(vm: &mut Vm) -> NativeResult {
    let co = check_coroutine(vm, 1)?;
    let name = if co == vm.current_thread() { "running" } else { co.status().name() };
    let s = vm.str_value(name);
    vm.ret1(s)
}

fn running(vm: &mut Vm) -> NativeResult {
    let me = vm.current_thread();
    let is_main = me == vm.main_thread();
    vm.ret(&[Value::Thread(me), Value::Bool(is_main)])
}

fn isyieldable(vm: &mut Vm) -> NativeResult {
    let r = match vm.arg(1) {
        Value::Nil if vm.arg_is_none(1) => vm.is_yieldable(),
        _ => {
            let co = check_coroutine(vm, 1)?;
            if co == vm.current_thread() {
                vm.is_yieldable()
            } else {
                co != vm.main_thread()
            }
        }
    };
    vm.ret1(Value::Bool(r))
}

fn wrap(vm: &mut Vm) -> NativeResult {
    let f = vm.check_type(1, LuaType::Function)?;
    let co = vm.new_thread(f);
    let w = vm.new_native_closure(wrapped_call, &[Value::Thread(co)]);
    vm.ret1(w)
}

fn wrapped_call(vm: &mut Vm) -> NativeResult {
    let Value::Thread(co) = vm.native_upvalue(0) else {
        return vm.ret0();
    };
    if let Some(msg) = resume_obstacle(vm, co) {
        return Err(vm.error(msg));
    }
    let nargs = vm.arg_count();
    Ok(NativeReturn::Resume { thread: co, nargs, then: wrapped_done })
}

/// Values pass through; an error is re-raised (strings get the caller's position)
/// after the dead coroutine is closed.
fn wrapped_done(vm: &mut Vm, status: ContinuationStatus, n: usize) -> NativeResult {
    if status != ContinuationStatus::Error {
        return Ok(NativeReturn::Values(n));
    }
    let mut err = vm.pop();
    if let Value::Thread(co) = vm.native_upvalue(0) {
        if let Err(e) = vm.close_thread(co) {
            err = e;
        }
    }
    if let Value::Str(s) = err {
        let mut text = vm.where_(1).into_bytes();
        text.extend_from_slice(s.as_bytes());
        err = Value::Str(vm.new_string_from_vec(text));
    }
    Err(vm.error_value_raise(err))
}

fn close(vm: &mut Vm) -> NativeResult {
    let co = check_coroutine(vm, 1)?;
    if co == vm.current_thread() {
        return Err(vm.error("cannot close a running coroutine"));
    }
    match co.status() {
        ThreadStatus::Running => Err(vm.error("cannot close a running coroutine")),
        ThreadStatus::Normal => Err(vm.error("cannot close a normal coroutine")),
        _ => match vm.close_thread(co) {
            Ok(()) => vm.ret1(Value::Bool(true)),
            Err(e) => vm.ret(&[Value::Bool(false), e]),
        },
    }
}
