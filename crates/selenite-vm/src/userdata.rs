//! Full userdata: a Rust value owned by the collector, with an optional metatable and
//! user values (`debug.setuservalue`).

use crate::gc::{Gc, Heap, Marker, ObjKind, Trace};
use crate::table::Table;
use crate::value::Value;
use std::any::Any;
use std::cell::{Cell, RefCell};

/// A userdata object.
pub struct UserData {
    data: RefCell<Box<dyn Any + Send>>,
    metatable: Cell<Option<Gc<Table>>>,
    user_values: Box<[Cell<Value>]>,
}

impl UserData {
    pub(crate) fn new(data: Box<dyn Any + Send>, n_user_values: usize) -> UserData {
        UserData {
            data: RefCell::new(data),
            metatable: Cell::new(None),
            user_values: (0..n_user_values).map(|_| Cell::new(Value::Nil)).collect(),
        }
    }

    pub fn metatable(&self) -> Option<Gc<Table>> {
        self.metatable.get()
    }

    /// Borrows the payload if it has type `T` (and is not mutably borrowed).
    pub fn borrow<T: 'static>(&self) -> Option<std::cell::Ref<'_, T>> {
        let r = self.data.try_borrow().ok()?;
        std::cell::Ref::filter_map(r, |b| b.downcast_ref::<T>()).ok()
    }

    /// Mutably borrows the payload if it has type `T` (and is not borrowed).
    pub fn borrow_mut<T: 'static>(&self) -> Option<std::cell::RefMut<'_, T>> {
        let r = self.data.try_borrow_mut().ok()?;
        std::cell::RefMut::filter_map(r, |b| b.downcast_mut::<T>()).ok()
    }

    /// Whether the payload has type `T`.
    pub fn is<T: 'static>(&self) -> bool {
        self.data.try_borrow().map(|b| b.is::<T>()).unwrap_or(false)
    }

    /// User value `n` (1-based), or `None` if there is no such slot.
    pub fn user_value(&self, n: usize) -> Option<Value> {
        n.checked_sub(1).and_then(|i| self.user_values.get(i)).map(|c| c.get())
    }
}

/// Stores into a userdata go through these methods, which apply the collector's
/// forward barrier (see `crate::gc`).
impl Gc<UserData> {
    /// Sets or removes the metatable.
    pub(crate) fn set_metatable(self, heap: &mut Heap, mt: Option<Gc<Table>>) {
        if let Some(m) = mt {
            heap.barrier_obj(self, m);
        }
        self.metatable.set(mt);
    }

    /// Sets user value `n` (1-based); false if there is no such slot.
    pub(crate) fn set_user_value(self, heap: &mut Heap, n: usize, v: Value) -> bool {
        match n.checked_sub(1).and_then(|i| self.user_values.get(i)) {
            Some(c) => {
                c.set(v);
                heap.barrier(self, v);
                true
            }
            None => false,
        }
    }
}

impl Trace for UserData {
    const KIND: ObjKind = ObjKind::UserData;
    fn trace(&self, marker: &mut Marker) {
        if let Some(mt) = self.metatable.get() {
            marker.mark(mt);
        }
        for v in self.user_values.iter() {
            v.get().trace(marker);
        }
    }
    fn extra_bytes(&self) -> usize {
        self.user_values.len() * std::mem::size_of::<Value>()
    }
}
