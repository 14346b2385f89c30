//! Values held by Rust code across safepoints (the embedding API's handles): a slab of
//! rooted slots with a free list. A slot stays rooted until it is released.

use crate::gc::Marker;
use crate::value::Value;

/// An index into the root set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RootId(pub(crate) u32);

#[derive(Default)]
pub(crate) struct RootSet {
    slots: Vec<Value>,
    free: Vec<u32>,
}

impl RootSet {
    pub(crate) fn add(&mut self, v: Value) -> RootId {
        match self.free.pop() {
            Some(i) => {
                self.slots[i as usize] = v;
                RootId(i)
            }
            None => {
                self.slots.push(v);
                RootId(self.slots.len() as u32 - 1)
            }
        }
    }

    pub(crate) fn get(&self, id: RootId) -> Value {
        self.slots.get(id.0 as usize).copied().unwrap_or(Value::Nil)
    }

    pub(crate) fn set(&mut self, id: RootId, v: Value) {
        if let Some(slot) = self.slots.get_mut(id.0 as usize) {
            *slot = v;
        }
    }

    pub(crate) fn release(&mut self, id: RootId) {
        if let Some(slot) = self.slots.get_mut(id.0 as usize) {
            *slot = Value::Nil;
            self.free.push(id.0);
        }
    }

    pub(crate) fn trace(&self, marker: &mut Marker) {
        for v in &self.slots {
            v.trace(marker);
        }
    }
}

impl crate::vm::Vm {
    /// Roots `v` until [`Vm::unroot`](crate::Vm::unroot) is called with the returned id.
    pub fn root(&mut self, v: Value) -> RootId {
        self.roots.add(v)
    }

    /// The value of a root.
    pub fn rooted(&self, id: RootId) -> Value {
        self.roots.get(id)
    }

    /// Replaces the value of a root.
    pub fn set_rooted(&mut self, id: RootId, v: Value) {
        self.roots.set(id, v);
    }

    /// Releases a root.
    pub fn unroot(&mut self, id: RootId) {
        self.roots.release(id);
    }
}
