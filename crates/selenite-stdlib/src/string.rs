//! The string library (manual §6.4): byte-string functions and the metatable shared
//! by all strings (`__index` to the library, and arithmetic metamethods that coerce
//! numeric strings, which is how `"10" + 1` works in Lua 5.4).

use crate::util::{grow_buffer, register};
use selenite_vm::{LuaType, NativeResult, NativeReturn, Tm, Value, Vm};

/// Longest string `rep` may build (the reference's `MAXSIZE`, `INT_MAX`).
const MAX_REP_SIZE: u64 = i32::MAX as u64;

pub fn open(vm: &mut Vm) -> Value {
    let t = vm.new_table();
    register(
        vm,
        t,
        &[
            ("byte", byte),
            ("char", char),
            ("len", len),
            ("lower", lower),
            ("rep", rep),
            ("reverse", reverse),
            ("sub", sub),
            ("upper", upper),
        ],
    );
    crate::string_ext::register_all(vm, t);
    let mt = vm.new_table();
    register(
        vm,
        mt,
        &[
            ("__add", |vm| arith(vm, Tm::Add)),
            ("__sub", |vm| arith(vm, Tm::Sub)),
            ("__mul", |vm| arith(vm, Tm::Mul)),
            ("__mod", |vm| arith(vm, Tm::Mod)),
            ("__pow", |vm| arith(vm, Tm::Pow)),
            ("__div", |vm| arith(vm, Tm::Div)),
            ("__idiv", |vm| arith(vm, Tm::IDiv)),
            ("__unm", |vm| arith(vm, Tm::Unm)),
        ],
    );
    vm.raw_set_str(mt, "__index", Value::Table(t));
    vm.set_type_metatable(LuaType::String, Some(mt));
    Value::Table(t)
}

/// A start position made absolute and clipped to at least 1 (`posrelatI`).
pub(crate) fn start_pos(pos: i64, len: usize) -> usize {
    if pos > 0 {
        pos as usize
    } else if pos == 0 || pos < -(len as i64) {
        1
    } else {
        (len as i64 + pos + 1) as usize
    }
}

/// An end position made absolute and clipped to `0..=len` (`getendpos`).
pub(crate) fn end_pos(pos: i64, len: usize) -> usize {
    if pos > len as i64 {
        len
    } else if pos >= 0 {
        pos as usize
    } else if pos < -(len as i64) {
        0
    } else {
        (len as i64 + pos + 1) as usize
    }
}

fn len(vm: &mut Vm) -> NativeResult {
    let s = vm.check_string(1)?;
    vm.ret1(Value::Int(s.len() as i64))
}

fn sub(vm: &mut Vm) -> NativeResult {
    let s = vm.check_string(1)?;
    let l = s.len();
    let start = start_pos(vm.check_integer(2)?, l);
    let end = end_pos(vm.opt_integer(3, -1)?, l);
    let r = if start <= end { vm.new_string(&s.as_bytes()[start - 1..end]) } else { vm.new_string(b"") };
    vm.ret1(Value::Str(r))
}

fn upper(vm: &mut Vm) -> NativeResult {
    let s = vm.check_string(1)?;
    let r = s.as_bytes().to_ascii_uppercase();
    let r = vm.new_string_from_vec(r);
    vm.ret1(Value::Str(r))
}

fn lower(vm: &mut Vm) -> NativeResult {
    let s = vm.check_string(1)?;
    let r = s.as_bytes().to_ascii_lowercase();
    let r = vm.new_string_from_vec(r);
    vm.ret1(Value::Str(r))
}

fn reverse(vm: &mut Vm) -> NativeResult {
    let s = vm.check_string(1)?;
    let mut r = s.as_bytes().to_vec();
    r.reverse();
    let r = vm.new_string_from_vec(r);
    vm.ret1(Value::Str(r))
}

fn rep(vm: &mut Vm) -> NativeResult {
    let s = vm.check_string(1)?;
    let n = vm.check_integer(2)?;
    let sep = vm.opt_string(3)?;
    if n <= 0 {
        let e = vm.new_string(b"");
        return vm.ret1(Value::Str(e));
    }
    let l = s.len() as u64;
    let lsep = sep.map_or(0, |x| x.len()) as u64;
    if l + lsep > MAX_REP_SIZE / n as u64 {
        return Err(vm.error("resulting string too large"));
    }
    let total = (n as u64 * l + (n as u64 - 1) * lsep) as usize;
    let mut out = Vec::new();
    grow_buffer(vm, &mut out, total)?;
    for i in 0..n {
        out.extend_from_slice(s.as_bytes());
        if i + 1 < n {
            if let Some(sep) = sep {
                out.extend_from_slice(sep.as_bytes());
            }
        }
    }
    let r = vm.new_string_from_vec(out);
    vm.ret1(Value::Str(r))
}

fn byte(vm: &mut Vm) -> NativeResult {
    let s = vm.check_string(1)?;
    let l = s.len();
    let pi = vm.opt_integer(2, 1)?;
    let posi = start_pos(pi, l);
    let pose = end_pos(vm.opt_integer(3, pi)?, l);
    if posi > pose {
        return vm.ret0();
    }
    if posi == pose {
        // One byte, the common `byte(s, i)`: no room to make for a run of results.
        // `1 <= posi <= len` here, so the byte exists.
        if let Some(&b) = s.as_bytes().get(posi - 1) {
            return vm.ret1(Value::Int(b as i64));
        }
    }
    let n = pose - posi + 1;
    if n >= i32::MAX as usize || vm.grow_stack(n).is_err() {
        return Err(vm.error("stack overflow (string slice too long)"));
    }
    for &b in &s.as_bytes()[posi - 1..pose] {
        vm.push(Value::Int(b as i64))?;
    }
    Ok(NativeReturn::Values(n))
}

fn char(vm: &mut Vm) -> NativeResult {
    let n = vm.arg_count();
    let mut out = Vec::with_capacity(n);
    for i in 1..=n {
        let c = vm.check_integer(i)? as u64;
        if c > u8::MAX as u64 {
            return Err(vm.arg_error(i, "value out of range"));
        }
        out.push(c as u8);
    }
    let r = vm.new_string_from_vec(out);
    vm.ret1(Value::Str(r))
}

/// Converts an operand of string arithmetic: numbers, and strings spelling one.
fn to_num(v: &Value) -> Option<Value> {
    match v {
        Value::Int(_) | Value::Float(_) => Some(*v),
        Value::Str(_) => Vm::to_number(v),
        _ => None,
    }
}

/// The arithmetic metamethods of strings.
fn arith(vm: &mut Vm, event: Tm) -> NativeResult {
    let a = vm.arg(1);
    let b = vm.arg(2);
    let x = to_num(&a);
    // The reference converts the first operand onto the stack, so with a single
    // argument that converted value also serves as the second operand
    // (`getmetatable("").__add("1")` is 2).
    let y = if vm.arg_count() < 2 { x } else { to_num(&b) };
    if let (Some(x), Some(y)) = (x, y) {
        // `lua_arith` negates the value on top: the converted second operand.
        let x = if event == Tm::Unm { y } else { x };
        let r = vm.arith(event, x, y)?;
        return vm.ret1(r);
    }
    // Not numeric: defer to the second operand's metamethod, if it has one.
    let name = &event.name()[2..];
    let mm = if matches!(b, Value::Str(_)) { Value::Nil } else { vm.metafield(&b, event.name()) };
    if mm.is_nil() {
        let (ta, tb) = (a.type_name(), b.type_name());
        return Err(vm.error(format!("attempt to {name} a '{ta}' with a '{tb}'")));
    }
    let r = vm.call1(mm, &[a, b])?;
    vm.ret1(r)
}
