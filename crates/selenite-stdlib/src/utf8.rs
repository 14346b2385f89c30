//! The utf8 library (manual §6.5): extended UTF-8 (code points up to 2^31) as the
//! reference handles it, strict by default and `lax` on request.

use crate::util::register;
use selenite_vm::{NativeResult, NativeReturn, Value, Vm};

const MAX_UNICODE: u32 = 0x10FFFF;
const MAX_UTF: u32 = 0x7FFF_FFFF;
const INVALID: &str = "invalid UTF-8 code";

pub fn open(vm: &mut Vm) -> Value {
    let t = vm.new_table();
    register(vm, t, &[("offset", offset), ("codepoint", codepoint), ("char", char), ("len", len), ("codes", codes)]);
    let pattern = vm.new_string(b"[\0-\x7F\xC2-\xFD][\x80-\xBF]*");
    vm.raw_set_str(t, "charpattern", Value::Str(pattern));
    Value::Table(t)
}

fn is_cont(b: u8) -> bool {
    b & 0xC0 == 0x80
}

/// The byte at `i`, or 0 past the end (the reference reads the string's terminator).
fn byte_at(s: &[u8], i: usize) -> u8 {
    s.get(i).copied().unwrap_or(0)
}

/// Decodes the sequence at `s[at..]`: the code point and the index after it.
fn decode(s: &[u8], at: usize, strict: bool) -> Option<(u32, usize)> {
    const LIMITS: [u32; 6] = [u32::MAX, 0x80, 0x800, 0x10000, 0x200000, 0x4000000];
    let mut c = byte_at(s, at) as u32;
    let mut res: u32 = 0;
    let mut count = 0usize;
    if c < 0x80 {
        res = c;
    } else if c >= 0xfe {
        return None;
    } else {
        while c & 0x40 != 0 {
            count += 1;
            let cc = byte_at(s, at + count);
            if !is_cont(cc) {
                return None;
            }
            res = (res << 6) | (cc as u32 & 0x3F);
            c <<= 1;
        }
        res |= (c & 0x7F) << (count * 5);
        if res > MAX_UTF || res < LIMITS[count] {
            return None;
        }
    }
    if strict && (res > MAX_UNICODE || (0xD800..=0xDFFF).contains(&res)) {
        return None;
    }
    Some((res, at + count + 1))
}

/// Encodes a code point (up to 2^31 - 1) as extended UTF-8.
pub fn encode(code: u32, out: &mut Vec<u8>) {
    if code < 0x80 {
        out.push(code as u8);
        return;
    }
    let mut buf = [0u8; 8];
    let mut n = 0;
    let mut x = code;
    let mut first_max: u32 = 0x3f;
    while x > first_max {
        buf[7 - n] = 0x80 | (x & 0x3f) as u8;
        n += 1;
        x >>= 6;
        first_max >>= 1;
    }
    buf[7 - n] = ((!first_max << 1) | x) as u8;
    n += 1;
    out.extend_from_slice(&buf[8 - n..]);
}

/// A relative string position made absolute (negative counts from the end).
fn relative(pos: i64, len: usize) -> i64 {
    if pos >= 0 {
        pos
    } else if pos.unsigned_abs() > len as u64 {
        0
    } else {
        len as i64 + pos + 1
    }
}

fn len(vm: &mut Vm) -> NativeResult {
    let s = vm.check_string(1)?;
    let bytes = s.as_bytes();
    let n = bytes.len();
    let posi = relative(vm.opt_integer(2, 1)?, n);
    let posj = relative(vm.opt_integer(3, -1)?, n);
    let lax = !vm.arg(4).is_falsy();
    if !(1 <= posi && posi - 1 <= n as i64) {
        return Err(vm.arg_error(2, "initial position out of bounds"));
    }
    let mut i = posi - 1;
    if posj > n as i64 {
        return Err(vm.arg_error(3, "final position out of bounds"));
    }
    let last = posj - 1;
    let mut count = 0i64;
    while i <= last {
        match decode(bytes, i as usize, !lax) {
            Some((_, next)) => {
                i = next as i64;
                count += 1;
            }
            None => return vm.ret(&[Value::Nil, Value::Int(i + 1)]),
        }
    }
    vm.ret1(Value::Int(count))
}

fn codepoint(vm: &mut Vm) -> NativeResult {
    let s = vm.check_string(1)?;
    let bytes = s.as_bytes();
    let n = bytes.len();
    let posi = relative(vm.opt_integer(2, 1)?, n);
    let pose = relative(vm.opt_integer(3, posi)?, n);
    let lax = !vm.arg(4).is_falsy();
    if posi < 1 {
        return Err(vm.arg_error(2, "out of bounds"));
    }
    if pose > n as i64 {
        return Err(vm.arg_error(3, "out of bounds"));
    }
    if posi > pose {
        return vm.ret0();
    }
    if pose - posi >= i32::MAX as i64 || vm.grow_stack((pose - posi + 1) as usize).is_err() {
        return Err(vm.error("stack overflow (string slice too long)"));
    }
    let mut i = (posi - 1) as usize;
    let end = pose as usize;
    let mut count = 0;
    while i < end {
        match decode(bytes, i, !lax) {
            Some((code, next)) => {
                vm.push(Value::Int(code as i64))?;
                count += 1;
                i = next;
            }
            None => return Err(vm.error(INVALID)),
        }
    }
    Ok(NativeReturn::Values(count))
}

fn char(vm: &mut Vm) -> NativeResult {
    let n = vm.arg_count();
    let mut out = Vec::new();
    for i in 1..=n {
        let code = vm.check_integer(i)? as u64;
        if code > MAX_UTF as u64 {
            return Err(vm.arg_error(i, "value out of range"));
        }
        encode(code as u32, &mut out);
    }
    let s = vm.new_string_from_vec(out);
    vm.ret1(Value::Str(s))
}

fn offset(vm: &mut Vm) -> NativeResult {
    let s = vm.check_string(1)?;
    let bytes = s.as_bytes();
    let len = bytes.len();
    let mut n = vm.check_integer(2)?;
    let default = if n >= 0 { 1 } else { len as i64 + 1 };
    let posi = relative(vm.opt_integer(3, default)?, len);
    if !(1 <= posi && posi - 1 <= len as i64) {
        return Err(vm.arg_error(3, "position out of bounds"));
    }
    let mut p = (posi - 1) as usize;
    let cont_at = |i: usize| is_cont(byte_at(bytes, i));
    if n == 0 {
        while p > 0 && cont_at(p) {
            p -= 1;
        }
    } else {
        if cont_at(p) {
            return Err(vm.error("initial position is a continuation byte"));
        }
        if n < 0 {
            while n < 0 && p > 0 {
                loop {
                    p -= 1;
                    if !(p > 0 && cont_at(p)) {
                        break;
                    }
                }
                n += 1;
            }
        } else {
            n -= 1;
            while n > 0 && p < len {
                loop {
                    p += 1;
                    if !cont_at(p) {
                        break;
                    }
                }
                n -= 1;
            }
        }
    }
    if n == 0 {
        vm.ret1(Value::Int(p as i64 + 1))
    } else {
        vm.ret1(Value::Nil)
    }
}

fn codes(vm: &mut Vm) -> NativeResult {
    let lax = !vm.arg(2).is_falsy();
    let s = vm.check_string(1)?;
    if is_cont(byte_at(s.as_bytes(), 0)) {
        return Err(vm.arg_error(1, INVALID));
    }
    let step: selenite_vm::NativeFn = if lax { codes_step_lax } else { codes_step_strict };
    vm.ret(&[Value::NativeFn(step), Value::Str(s), Value::Int(0)])
}

fn codes_step(vm: &mut Vm, strict: bool) -> NativeResult {
    let s = vm.check_string(1)?;
    let bytes = s.as_bytes();
    let len = bytes.len() as u64;
    let mut n = Vm::to_integer(&vm.arg(2)).unwrap_or(0) as u64;
    if n < len {
        while is_cont(byte_at(bytes, n as usize)) {
            n += 1;
        }
    }
    if n >= len {
        return vm.ret0();
    }
    match decode(bytes, n as usize, strict) {
        Some((code, next)) if !is_cont(byte_at(bytes, next)) => {
            vm.ret(&[Value::Int(n as i64 + 1), Value::Int(code as i64)])
        }
        _ => Err(vm.error(INVALID)),
    }
}

fn codes_step_strict(vm: &mut Vm) -> NativeResult {
    codes_step(vm, true)
}

fn codes_step_lax(vm: &mut Vm) -> NativeResult {
    codes_step(vm, false)
}
