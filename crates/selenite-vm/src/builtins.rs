//! Native functions the interpreter recognises by identity: `next` and the iterator
//! `ipairs` returns. The standard library registers these very functions, and the
//! generic `for` (`TFORCALL`) runs their common case inline instead of calling them,
//! when no hook is watching calls: a loop over `pairs(t)` or `ipairs(t)` then costs
//! no native frame per step. Anything out of the ordinary (a key `next` rejects, a
//! table with a metatable under `ipairs`, a hook) goes through the real call, so
//! results, errors and hooks stay those of the functions themselves.

use crate::function::{NativeFn, NativeResult};
use crate::value::Value;
use crate::vm::Vm;

/// `next(table [, key])`.
pub fn next(vm: &mut Vm) -> NativeResult {
    let t = vm.check_table(1)?;
    let k = vm.arg(2);
    match t.next(&k) {
        Ok(Some((k, v))) => vm.ret(&[k, v]),
        Ok(None) => vm.ret1(Value::Nil),
        Err(_) => Err(vm.error_str("invalid key to 'next'")),
    }
}

/// The iterator `ipairs` returns: `(t, i)` gives `i + 1, t[i + 1]`, or nothing once
/// `t[i + 1]` is nil. Indexing honours `__index`.
pub fn ipairs_step(vm: &mut Vm) -> NativeResult {
    let i = vm.check_integer(2)?.wrapping_add(1);
    let t = vm.arg(1);
    let v = match t {
        Value::Table(tb) if tb.metatable().is_none() => tb.get_int(i),
        _ => vm.index(t, Value::Int(i))?,
    };
    if v.is_nil() {
        vm.ret1(Value::Nil)
    } else {
        vm.ret(&[Value::Int(i), v])
    }
}

/// Runs the iterator `f` on `(state, control)` inline if it is `next` or the
/// `ipairs` iterator and the case is an ordinary one, writing the loop's next control
/// value to `key_out` and the value beside it to `val_out` (nil, nil when the loop is
/// done). Returns false, writing nothing, when the function must be called. The
/// results go through references (into the loop's registers) rather than a returned
/// pair, which would come back through the interpreter handler's stack.
#[inline(always)]
pub(crate) fn inline_step(
    f: NativeFn,
    state: Value,
    control: &Value,
    key_out: &mut Value,
    val_out: &mut Value,
) -> bool {
    if std::ptr::fn_addr_eq(f, next as NativeFn) {
        if let Value::Table(t) = state {
            return t.next_into(control, key_out, val_out);
        }
    } else if std::ptr::fn_addr_eq(f, ipairs_step as NativeFn) {
        if let (Value::Table(t), Value::Int(i)) = (state, *control) {
            if t.metatable().is_none() {
                let i = i.wrapping_add(1);
                match t.int_slot(i) {
                    Some(v) if !v.is_nil() => {
                        *val_out = Value::load(v);
                        *key_out = Value::Int(i);
                    }
                    _ => {
                        *key_out = Value::Nil;
                        *val_out = Value::Nil;
                    }
                }
                return true;
            }
        }
    }
    false
}
