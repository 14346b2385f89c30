//! Lua values: a 16-byte `Copy` enum of immediates and thin GC pointers.
//!
//! Invariants: `Value` is exactly 16 bytes (checked by a test); integers and floats
//! are distinct subtypes of "number" as in Lua 5.4 (`1` and `1.0` are equal but not
//! identical); raw equality compares numbers mathematically and everything else by
//! identity, except strings, which compare by content.

use crate::function::{LuaClosure, NativeClosure, NativeFn};
use crate::gc::{Gc, Marker};
use crate::string::LuaStr;
use crate::table::Table;
use crate::thread::Thread;
use crate::userdata::UserData;

/// A Lua value.
///
/// The layout is fixed (`repr(C, u8)`: the tag byte at offset 0, every payload at
/// offset 8) so that the interpreter can copy a value field by field
/// (`Value::copy_from`).
#[derive(Clone, Copy, Default)]
#[repr(C, u8)]
pub enum Value {
    #[default]
    Nil,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Gc<LuaStr>),
    Table(Gc<Table>),
    LuaFn(Gc<LuaClosure>),
    /// A native function without upvalues (Lua's "light C function").
    NativeFn(NativeFn),
    NativeClosure(Gc<NativeClosure>),
    UserData(Gc<UserData>),
    Thread(Gc<Thread>),
    /// An opaque identity with no metatable of its own (Lua's light userdata).
    LightUserData(usize),
}

/// Lua's basic types, in the order of the reference's type tags.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LuaType {
    Nil,
    Boolean,
    Number,
    String,
    Table,
    Function,
    UserData,
    Thread,
}

impl LuaType {
    /// Every type, in the order of [`LuaType::index`].
    pub(crate) const ALL: [LuaType; 8] = [
        LuaType::Nil,
        LuaType::Boolean,
        LuaType::Number,
        LuaType::String,
        LuaType::Table,
        LuaType::Function,
        LuaType::UserData,
        LuaType::Thread,
    ];

    /// The name `type()` returns.
    pub fn name(self) -> &'static str {
        match self {
            LuaType::Nil => "nil",
            LuaType::Boolean => "boolean",
            LuaType::Number => "number",
            LuaType::String => "string",
            LuaType::Table => "table",
            LuaType::Function => "function",
            LuaType::UserData => "userdata",
            LuaType::Thread => "thread",
        }
    }

    /// Index into per-type arrays (basic-type metatables).
    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

impl Value {
    /// Copies the value at `src` to `dst` as its two fields: the tag byte, then the
    /// payload word. A value just written field by field (as every constructor
    /// writes it) is then read back the way it was written; a whole 16-byte load of
    /// it (what `*dst = *src` compiles to) cannot take its data from the two pending
    /// smaller stores and waits for them to reach the cache, which costs a dozen
    /// cycles on every copy of a freshly computed value.
    ///
    /// # Safety
    /// `src` must point to a valid value and `dst` to writable memory for one.
    #[inline(always)]
    pub(crate) unsafe fn copy_from(dst: *mut Value, src: *const Value) {
        // `repr(C, u8)` puts the tag byte at offset 0 and every payload in the word at
        // offset 8 (bytes 1 to 7 are padding). The payload word may be partly
        // uninitialised (a boolean uses one byte), which `MaybeUninit<u64>` copies as
        // it is. `dst == src` is allowed: each field is read before it is written.
        // SAFETY: the caller gives a readable, valid, 8-aligned `src` and a writable,
        // 8-aligned `dst`; the reads and writes stay inside them at those offsets.
        unsafe {
            let tag = std::ptr::read(src.cast::<u8>());
            let payload = std::ptr::read(src.cast::<std::mem::MaybeUninit<u64>>().add(1));
            std::ptr::write(dst.cast::<std::mem::MaybeUninit<u64>>().add(1), payload);
            std::ptr::write(dst.cast::<u8>(), tag);
        }
    }

    /// `*dst = *src`, field by field (see `copy_from`).
    #[inline(always)]
    pub(crate) fn assign(dst: &mut Value, src: &Value) {
        // SAFETY: references are valid, aligned and, being `&mut` and `&`, distinct.
        unsafe { Value::copy_from(dst, src) }
    }

    /// Reads the value at `src` field by field, for the same reason as `copy_from`:
    /// natives read arguments that Lua code has just computed, and a 16-byte read of a
    /// value stored as two fields would wait for those stores to reach the cache.
    #[inline(always)]
    pub(crate) fn load(src: &Value) -> Value {
        let mut out = std::mem::MaybeUninit::<Value>::uninit();
        // SAFETY: `src` is a valid value and `out` has room for one; `copy_from`
        // writes its tag and payload, which together are that same valid value.
        unsafe {
            Value::copy_from(out.as_mut_ptr(), src);
            out.assume_init()
        }
    }

    #[inline(always)]
    pub fn lua_type(&self) -> LuaType {
        match self {
            Value::Nil => LuaType::Nil,
            Value::Bool(_) => LuaType::Boolean,
            Value::Int(_) | Value::Float(_) => LuaType::Number,
            Value::Str(_) => LuaType::String,
            Value::Table(_) => LuaType::Table,
            Value::LuaFn(_) | Value::NativeFn(_) | Value::NativeClosure(_) => LuaType::Function,
            Value::UserData(_) | Value::LightUserData(_) => LuaType::UserData,
            Value::Thread(_) => LuaType::Thread,
        }
    }

    /// The type name as `type()` reports it.
    pub fn type_name(&self) -> &'static str {
        self.lua_type().name()
    }

    #[inline(always)]
    pub fn is_nil(&self) -> bool {
        matches!(self, Value::Nil)
    }

    /// Lua truthiness: only `nil` and `false` are false.
    #[inline(always)]
    pub fn is_falsy(&self) -> bool {
        matches!(self, Value::Nil | Value::Bool(false))
    }

    #[inline(always)]
    pub fn is_function(&self) -> bool {
        matches!(self, Value::LuaFn(_) | Value::NativeFn(_) | Value::NativeClosure(_))
    }

    #[inline(always)]
    pub fn as_table(&self) -> Option<Gc<Table>> {
        match self {
            Value::Table(t) => Some(*t),
            _ => None,
        }
    }

    #[inline(always)]
    pub fn as_str(&self) -> Option<Gc<LuaStr>> {
        match self {
            Value::Str(s) => Some(*s),
            _ => None,
        }
    }

    /// The value as a float if it is a number (no string coercion).
    #[inline(always)]
    pub fn as_float(&self) -> Option<f64> {
        match *self {
            Value::Int(i) => Some(i as f64),
            Value::Float(f) => Some(f),
            _ => None,
        }
    }

    /// The value as an integer if it is an integer or a float with an exact integer
    /// value (no string coercion).
    #[inline(always)]
    pub fn as_integer(&self) -> Option<i64> {
        match *self {
            Value::Int(i) => Some(i),
            Value::Float(f) => selenite_number::float_to_int_exact(f),
            _ => None,
        }
    }

    /// Raw equality (`rawequal`): no metamethods.
    #[inline]
    pub fn raw_eq(&self, other: &Value) -> bool {
        match (*self, *other) {
            (Value::Nil, Value::Nil) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => a == b,
            (Value::Int(a), Value::Float(b)) | (Value::Float(b), Value::Int(a)) => selenite_number::int_eq_float(a, b),
            (Value::Str(a), Value::Str(b)) => a == b || LuaStr::content_eq(&a, &b),
            (Value::Table(a), Value::Table(b)) => a == b,
            (Value::LuaFn(a), Value::LuaFn(b)) => a == b,
            (Value::NativeFn(a), Value::NativeFn(b)) => std::ptr::fn_addr_eq(a, b),
            (Value::NativeClosure(a), Value::NativeClosure(b)) => a == b,
            (Value::UserData(a), Value::UserData(b)) => a == b,
            (Value::Thread(a), Value::Thread(b)) => a == b,
            (Value::LightUserData(a), Value::LightUserData(b)) => a == b,
            _ => false,
        }
    }

    /// An address identifying a reference value (for `%p` and `tostring`), or 0.
    pub fn identity(&self) -> usize {
        match *self {
            Value::Str(s) => s.addr(),
            Value::Table(t) => t.addr(),
            Value::LuaFn(f) => f.addr(),
            Value::NativeFn(f) => f as usize,
            Value::NativeClosure(f) => f.addr(),
            Value::UserData(u) => u.addr(),
            Value::Thread(t) => t.addr(),
            Value::LightUserData(p) => p,
            _ => 0,
        }
    }

    /// Marks the object this value points to, if any.
    #[inline]
    pub(crate) fn trace(&self, marker: &mut Marker) {
        match *self {
            Value::Str(s) => marker.mark(s),
            Value::Table(t) => marker.mark(t),
            Value::LuaFn(f) => marker.mark(f),
            Value::NativeClosure(f) => marker.mark(f),
            Value::UserData(u) => marker.mark(u),
            Value::Thread(t) => marker.mark(t),
            Value::Nil
            | Value::Bool(_)
            | Value::Int(_)
            | Value::Float(_)
            | Value::NativeFn(_)
            | Value::LightUserData(_) => {}
        }
    }
}

impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Nil => write!(f, "nil"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => write!(f, "{}", selenite_number::fmt_float(*x)),
            Value::Str(s) => write!(f, "{:?}", String::from_utf8_lossy(s.as_bytes())),
            other => write!(f, "{}: {:#x}", other.type_name(), other.identity()),
        }
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}
impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Int(i)
    }
}
impl From<f64> for Value {
    fn from(f: f64) -> Value {
        Value::Float(f)
    }
}
impl From<Gc<LuaStr>> for Value {
    fn from(s: Gc<LuaStr>) -> Value {
        Value::Str(s)
    }
}
impl From<Gc<Table>> for Value {
    fn from(t: Gc<Table>) -> Value {
        Value::Table(t)
    }
}

#[cfg(test)]
mod tests {
    use super::Value;

    #[test]
    fn value_is_sixteen_bytes() {
        assert_eq!(std::mem::size_of::<Value>(), 16);
    }
}
