//! Lua values as Rust sees them: [`Value`], whose strings, tables, functions, threads
//! and userdata are *handles*. A handle owns one slot of the VM's root set, so the
//! collector keeps its object alive for as long as the handle (or a clone of it)
//! exists; dropping the last clone releases the slot. Handles refer to their state
//! weakly, so a handle stored inside Lua (captured by a Rust callback, say) does not
//! keep the state alive, and a handle used after its state is gone reports
//! [`Error::StateDropped`] instead of touching freed memory.

use crate::error::{Error, Result};
use crate::state::{Lua, Shared};
use crate::{AnyUserData, Function, LuaString, Table, Thread};
use selenite_vm::{RootId, Value as RawValue, Vm};
use std::sync::{Arc, Weak};

/// One rooted slot; released when the last [`Handle`] sharing it is dropped.
struct RootedSlot {
    state: Weak<Shared>,
    id: RootId,
}

impl Drop for RootedSlot {
    fn drop(&mut self) {
        // A state that is being dropped frees every object itself.
        if let Some(shared) = self.state.upgrade() {
            shared.release_root(self.id);
        }
    }
}

/// A reference-counted claim on one root-set slot. Cloning a handle shares the slot
/// instead of rooting again, so it needs no access to the VM (and cannot fail).
#[derive(Clone)]
pub(crate) struct Handle(Arc<RootedSlot>);

impl Handle {
    /// Roots `raw` in `vm`, which must be the VM of `lua`.
    pub(crate) fn new(lua: &Lua, vm: &mut Vm, raw: RawValue) -> Handle {
        Handle::with_state(Arc::downgrade(&lua.shared), vm, raw)
    }

    /// Roots `raw` in `vm`, the VM of `state` (which may still be under construction).
    pub(crate) fn with_state(state: Weak<Shared>, vm: &mut Vm, raw: RawValue) -> Handle {
        let id = vm.root(raw);
        Handle(Arc::new(RootedSlot { state, id }))
    }

    /// The root slot.
    pub(crate) fn root_id(&self) -> RootId {
        self.0.id
    }

    /// The rooted value, after checking that the handle belongs to `lua`.
    pub(crate) fn raw(&self, lua: &Lua, vm: &Vm) -> Result<RawValue> {
        if !std::ptr::eq(self.0.state.as_ptr(), Arc::as_ptr(&lua.shared)) {
            return Err(Error::MismatchedState);
        }
        Ok(vm.rooted(self.0.id))
    }

    /// The state the handle belongs to, if it still exists.
    pub(crate) fn lua(&self) -> Result<Lua> {
        self.0.state.upgrade().map(|shared| Lua { shared }).ok_or(Error::StateDropped)
    }

    /// Whether two handles hold the same slot or the same object.
    pub(crate) fn same_object(&self, other: &Handle) -> bool {
        if Arc::ptr_eq(&self.0, &other.0) {
            return true;
        }
        let Ok(lua) = self.lua() else { return false };
        lua.with_vm(|vm| match (self.raw(&lua, vm), other.raw(&lua, vm)) {
            (Ok(a), Ok(b)) => a.raw_eq(&b),
            _ => false,
        })
        .unwrap_or(false)
    }
}

/// A Lua value. Reference types are handles that keep their object alive.
///
/// ```
/// use selenite::{Lua, Value};
/// let lua = Lua::new();
/// let v: Value = lua.load("return 1, 2.5").eval().unwrap();
/// assert!(matches!(v, Value::Integer(1)));
/// let v: Value = lua.load("return {}").eval().unwrap();
/// assert_eq!(v.type_name(), "table");
/// ```
#[derive(Clone, Default)]
pub enum Value {
    /// `nil`.
    #[default]
    Nil,
    /// `true` or `false`.
    Boolean(bool),
    /// An opaque pointer-sized value (Lua's light userdata).
    LightUserData(usize),
    /// An integer (Lua 5.4 keeps integers and floats apart).
    Integer(i64),
    /// A float.
    Number(f64),
    /// A string (a byte string, not necessarily UTF-8).
    String(LuaString),
    /// A table.
    Table(Table),
    /// A Lua or Rust function.
    Function(Function),
    /// A coroutine.
    Thread(Thread),
    /// A full userdata.
    UserData(AnyUserData),
}

impl Value {
    /// The name Lua's `type()` gives this value.
    ///
    /// ```
    /// assert_eq!(selenite::Value::Number(1.0).type_name(), "number");
    /// ```
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Nil => "nil",
            Value::Boolean(_) => "boolean",
            Value::LightUserData(_) | Value::UserData(_) => "userdata",
            Value::Integer(_) | Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Table(_) => "table",
            Value::Function(_) => "function",
            Value::Thread(_) => "thread",
        }
    }

    /// Whether the value is `nil`.
    ///
    /// ```
    /// assert!(selenite::Value::Nil.is_nil());
    /// ```
    pub fn is_nil(&self) -> bool {
        matches!(self, Value::Nil)
    }

    /// Raw equality (Lua's `rawequal`): numbers by value, strings by content, other
    /// objects by identity.
    ///
    /// ```
    /// use selenite::Value;
    /// assert!(Value::Integer(1).raw_equals(&Value::Number(1.0)));
    /// ```
    pub fn raw_equals(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Nil, Value::Nil) => true,
            (Value::Boolean(a), Value::Boolean(b)) => a == b,
            (Value::LightUserData(a), Value::LightUserData(b)) => a == b,
            (Value::Integer(_) | Value::Number(_), Value::Integer(_) | Value::Number(_)) => {
                number_to_raw(self).raw_eq(&number_to_raw(other))
            }
            (Value::String(a), Value::String(b)) => a.0.same_object(&b.0),
            (Value::Table(a), Value::Table(b)) => a.0.same_object(&b.0),
            (Value::Function(a), Value::Function(b)) => a.0.same_object(&b.0),
            (Value::Thread(a), Value::Thread(b)) => a.0.same_object(&b.0),
            (Value::UserData(a), Value::UserData(b)) => a.0.same_object(&b.0),
            _ => false,
        }
    }

    /// The handle of a reference value.
    fn handle(&self) -> Option<&Handle> {
        match self {
            Value::String(s) => Some(&s.0),
            Value::Table(t) => Some(&t.0),
            Value::Function(f) => Some(&f.0),
            Value::Thread(t) => Some(&t.0),
            Value::UserData(u) => Some(&u.0),
            _ => None,
        }
    }
}

fn number_to_raw(v: &Value) -> RawValue {
    match *v {
        Value::Integer(i) => RawValue::Int(i),
        Value::Number(n) => RawValue::Float(n),
        _ => RawValue::Nil,
    }
}

impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Nil => write!(f, "nil"),
            Value::Boolean(b) => write!(f, "{b}"),
            Value::LightUserData(p) => write!(f, "userdata: {p:#x}"),
            Value::Integer(i) => write!(f, "{i}"),
            Value::Number(n) => write!(f, "{}", selenite_number::fmt_float(*n)),
            Value::String(s) => write!(f, "{:?}", s.to_string_lossy()),
            other => write!(f, "{}", other.type_name()),
        }
    }
}

/// Converts a VM value to a [`Value`], rooting reference values.
pub(crate) fn from_raw(lua: &Lua, vm: &mut Vm, raw: RawValue) -> Value {
    match raw {
        RawValue::Nil => Value::Nil,
        RawValue::Bool(b) => Value::Boolean(b),
        RawValue::Int(i) => Value::Integer(i),
        RawValue::Float(n) => Value::Number(n),
        RawValue::LightUserData(p) => Value::LightUserData(p),
        RawValue::Str(_) => Value::String(LuaString(Handle::new(lua, vm, raw))),
        RawValue::Table(_) => Value::Table(Table(Handle::new(lua, vm, raw))),
        RawValue::LuaFn(_) | RawValue::NativeFn(_) | RawValue::NativeClosure(_) => {
            Value::Function(Function(Handle::new(lua, vm, raw)))
        }
        RawValue::Thread(_) => Value::Thread(Thread(Handle::new(lua, vm, raw))),
        RawValue::UserData(_) => Value::UserData(AnyUserData(Handle::new(lua, vm, raw))),
    }
}

/// The VM value of a [`Value`] of state `lua`. The result is only guaranteed alive
/// while `value` is: callers use it before the next safepoint.
pub(crate) fn to_raw(lua: &Lua, vm: &Vm, value: &Value) -> Result<RawValue> {
    match value {
        Value::Nil => Ok(RawValue::Nil),
        Value::Boolean(b) => Ok(RawValue::Bool(*b)),
        Value::LightUserData(p) => Ok(RawValue::LightUserData(*p)),
        Value::Integer(i) => Ok(RawValue::Int(*i)),
        Value::Number(n) => Ok(RawValue::Float(*n)),
        other => match other.handle() {
            Some(h) => h.raw(lua, vm),
            None => Ok(RawValue::Nil),
        },
    }
}
