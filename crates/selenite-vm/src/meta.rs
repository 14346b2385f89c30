//! Metamethod events and the semantics of operators on numbers.
//!
//! Arithmetic here is the fast-path meaning of each operator on numbers (integers
//! wrap, `//` and `%` round toward minus infinity, `/` and `^` always produce floats,
//! bitwise operators need integral values). What happens when an operand is not a
//! number — string coercion for arithmetic, metamethods, errors — is decided by
//! the interpreter's slow paths in `ops.rs`.

use crate::gc::Gc;
use crate::string::LuaStr;
use crate::value::Value;
use selenite_number as num;

/// Metamethod events, in the reference's order (the `MMBIN` instructions carry this
/// number in their `C` operand).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Tm {
    Index,
    NewIndex,
    Gc,
    Mode,
    Len,
    Eq,
    Add,
    Sub,
    Mul,
    Mod,
    Pow,
    Div,
    IDiv,
    BAnd,
    BOr,
    BXor,
    Shl,
    Shr,
    Unm,
    BNot,
    Lt,
    Le,
    Concat,
    Call,
    Close,
}

/// Event names, indexed by `Tm`.
pub(crate) const TM_NAMES: [&str; 25] = [
    "__index",
    "__newindex",
    "__gc",
    "__mode",
    "__len",
    "__eq",
    "__add",
    "__sub",
    "__mul",
    "__mod",
    "__pow",
    "__div",
    "__idiv",
    "__band",
    "__bor",
    "__bxor",
    "__shl",
    "__shr",
    "__unm",
    "__bnot",
    "__lt",
    "__le",
    "__concat",
    "__call",
    "__close",
];

const ALL_TMS: [Tm; 25] = [
    Tm::Index,
    Tm::NewIndex,
    Tm::Gc,
    Tm::Mode,
    Tm::Len,
    Tm::Eq,
    Tm::Add,
    Tm::Sub,
    Tm::Mul,
    Tm::Mod,
    Tm::Pow,
    Tm::Div,
    Tm::IDiv,
    Tm::BAnd,
    Tm::BOr,
    Tm::BXor,
    Tm::Shl,
    Tm::Shr,
    Tm::Unm,
    Tm::BNot,
    Tm::Lt,
    Tm::Le,
    Tm::Concat,
    Tm::Call,
    Tm::Close,
];

impl Tm {
    pub fn from_u32(n: u32) -> Option<Tm> {
        ALL_TMS.get(n as usize).copied()
    }

    pub fn name(self) -> &'static str {
        TM_NAMES[self as usize]
    }

    /// Whether this is a bitwise event (for error wording).
    pub fn is_bitwise(self) -> bool {
        matches!(self, Tm::BAnd | Tm::BOr | Tm::BXor | Tm::Shl | Tm::Shr | Tm::BNot)
    }
}

/// Applies arithmetic event `op` to two numbers, or returns `None` if an operand is
/// not a number, a bitwise operand has no integer representation, or an integer
/// division by zero would occur (`Err` cases are told apart by the caller).
#[inline]
pub fn arith_numbers(op: Tm, a: Value, b: Value) -> Option<Value> {
    match op {
        Tm::Add | Tm::Sub | Tm::Mul | Tm::Mod | Tm::IDiv => match (a, b) {
            (Value::Int(x), Value::Int(y)) => int_arith(op, x, y).map(Value::Int),
            _ => Some(Value::Float(float_arith(op, a.as_float()?, b.as_float()?))),
        },
        Tm::Div | Tm::Pow => Some(Value::Float(float_arith(op, a.as_float()?, b.as_float()?))),
        Tm::BAnd | Tm::BOr | Tm::BXor | Tm::Shl | Tm::Shr => {
            let x = a.as_integer()?;
            let y = b.as_integer()?;
            Some(Value::Int(int_bitwise(op, x, y)))
        }
        Tm::Unm => match a {
            Value::Int(x) => Some(Value::Int(x.wrapping_neg())),
            Value::Float(f) => Some(Value::Float(-f)),
            _ => None,
        },
        Tm::BNot => Some(Value::Int(!a.as_integer()?)),
        _ => None,
    }
}

/// Integer arithmetic; `None` for `%` or `//` by zero.
#[inline(always)]
pub fn int_arith(op: Tm, x: i64, y: i64) -> Option<i64> {
    Some(match op {
        Tm::Add => x.wrapping_add(y),
        Tm::Sub => x.wrapping_sub(y),
        Tm::Mul => x.wrapping_mul(y),
        Tm::Mod => return num::int_mod(x, y),
        Tm::IDiv => return num::int_floor_div(x, y),
        _ => return None,
    })
}

/// Float arithmetic.
#[inline(always)]
pub fn float_arith(op: Tm, x: f64, y: f64) -> f64 {
    match op {
        Tm::Add => x + y,
        Tm::Sub => x - y,
        Tm::Mul => x * y,
        Tm::Div => x / y,
        Tm::Mod => num::float_mod(x, y),
        Tm::IDiv => num::float_floor_div(x, y),
        Tm::Pow => num::float_pow(x, y),
        _ => f64::NAN,
    }
}

/// Bitwise operations on integers.
#[inline(always)]
pub fn int_bitwise(op: Tm, x: i64, y: i64) -> i64 {
    match op {
        Tm::BAnd => x & y,
        Tm::BOr => x | y,
        Tm::BXor => x ^ y,
        Tm::Shl => num::shift_left(x, y),
        Tm::Shr => num::shift_left(x, y.wrapping_neg()),
        _ => 0,
    }
}

/// `a < b` for two numbers.
#[inline]
pub fn num_lt(a: Value, b: Value) -> Option<bool> {
    Some(match (a, b) {
        (Value::Int(x), Value::Int(y)) => x < y,
        (Value::Float(x), Value::Float(y)) => x < y,
        (Value::Int(x), Value::Float(y)) => num::int_lt_float(x, y),
        (Value::Float(x), Value::Int(y)) => num::float_lt_int(x, y),
        _ => return None,
    })
}

/// `a <= b` for two numbers.
#[inline]
pub fn num_le(a: Value, b: Value) -> Option<bool> {
    Some(match (a, b) {
        (Value::Int(x), Value::Int(y)) => x <= y,
        (Value::Float(x), Value::Float(y)) => x <= y,
        (Value::Int(x), Value::Float(y)) => num::int_le_float(x, y),
        (Value::Float(x), Value::Int(y)) => num::float_le_int(x, y),
        _ => return None,
    })
}

/// `a < b` (`less`) or `a <= b` for two strings: byte-wise, as the reference's
/// `strcoll` in the C locale. Not inlined: the comparison handler that calls it must
/// not take its slices into its own frame.
#[inline(never)]
pub(crate) fn str_order(a: Gc<LuaStr>, b: Gc<LuaStr>, less: bool) -> bool {
    let ord = a.as_bytes().cmp(b.as_bytes());
    if less {
        ord.is_lt()
    } else {
        ord.is_le()
    }
}

/// Converts a value to a number for arithmetic: numbers as they are, strings that
/// spell a number (Lua's string coercion).
pub fn to_number_coerce(v: &Value) -> Option<Value> {
    match *v {
        Value::Int(_) | Value::Float(_) => Some(*v),
        Value::Str(s) => match num::str_to_number(s.as_bytes())? {
            num::Number::Int(i) => Some(Value::Int(i)),
            num::Number::Float(f) => Some(Value::Float(f)),
        },
        _ => None,
    }
}

/// Converts a value to an integer with string coercion (`lua_tointeger`): integers,
/// floats with an exact integer value, and strings spelling either.
pub fn to_integer_coerce(v: &Value) -> Option<i64> {
    to_number_coerce(v)?.as_integer()
}

/// Converts a value to an integer the way bitwise operators do: integers and floats
/// with an exact integer value. Strings are not converted (5.4 leaves that to string
/// metamethods, which the string library does not define for bitwise events).
#[inline]
pub fn to_integer_bitwise(v: &Value) -> Option<i64> {
    match *v {
        Value::Int(i) => Some(i),
        Value::Float(_) => v.as_integer(),
        _ => None,
    }
}
