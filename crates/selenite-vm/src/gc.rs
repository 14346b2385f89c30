//! The garbage-collected heap: allocation, accounting, marking and sweeping.
//!
//! Every collectable object lives in a [`GcBox`]: a header (intrusive list link, mark
//! bits, object kind) followed by the value. A [`Gc<T>`] is a thin, `Copy` pointer to
//! one. The heap keeps every object on one list; a collection marks everything
//! reachable from the roots the VM hands it (see `Vm::mark_roots`), then sweeps the
//! list and frees what is unmarked. The collector is precise and never moves objects,
//! so a `Gc<T>` stays valid for as long as its object is reachable.
//!
//! Rooting discipline (the safety contract of this module): a collection only runs at
//! a *safepoint* the VM chooses (allocation-heavy instructions in the interpreter and
//! explicit `collectgarbage` calls), never inside an allocation. Between safepoints any
//! `Gc<T>` may be held freely in Rust locals. Across a safepoint — in practice, across a
//! call back into Lua from a native function — a value must sit in a root: a Lua stack
//! slot below the thread's top, the registry, or an object reachable from those. A
//! `Vm` may move to another thread (it is `Send`); a `Gc` is not, and is used only on
//! the thread that has the `Vm` at the time.
//!
//! Accounting: `bytes` is the heap's own count of what it holds: the size of every
//! `GcBox` plus the out-of-line storage each object reports through
//! [`Trace::extra_bytes`]; objects that grow (tables, threads) report deltas with
//! [`Heap::adjust`].

use std::cell::Cell;
use std::marker::PhantomData;
use std::ptr::NonNull;

/// The kinds of collectable objects; stored in each header so the collector can find
/// an object's concrete type without a vtable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum ObjKind {
    Str,
    Table,
    LuaClosure,
    NativeClosure,
    UpVal,
    Proto,
    Thread,
    UserData,
}

/// Per-object bookkeeping, at the start of every [`GcBox`].
pub(crate) struct GcHeader {
    next: Cell<Option<NonNull<GcHeader>>>,
    marked: Cell<bool>,
    /// Registered for finalization (`__gc`) and not yet finalized.
    finalizer: Cell<bool>,
    kind: ObjKind,
}

/// An allocated object: the header followed by the value. `repr(C)` keeps the header
/// at offset 0 so a `NonNull<GcHeader>` can be cast back to the box it heads.
#[repr(C)]
pub(crate) struct GcBox<T> {
    header: GcHeader,
    value: T,
}

/// Implemented by every collectable type.
pub(crate) trait Trace: Sized {
    const KIND: ObjKind;
    /// Marks every object this one refers to.
    fn trace(&self, marker: &mut Marker);
    /// Bytes owned outside the box (vectors, boxed slices), as of now.
    fn extra_bytes(&self) -> usize {
        0
    }
}

/// A pointer to a collected object. Copying it is free; it does not keep the object
/// alive by itself (see the rooting discipline above).
pub struct Gc<T> {
    ptr: NonNull<GcBox<T>>,
    _marker: PhantomData<T>,
}

impl<T> Clone for Gc<T> {
    #[inline(always)]
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Gc<T> {}

impl<T> PartialEq for Gc<T> {
    #[inline(always)]
    fn eq(&self, other: &Self) -> bool {
        self.ptr == other.ptr
    }
}
impl<T> Eq for Gc<T> {}

impl<T> std::fmt::Debug for Gc<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Gc({:p})", self.ptr)
    }
}

impl<T> std::ops::Deref for Gc<T> {
    type Target = T;
    #[inline(always)]
    fn deref(&self) -> &T {
        // SAFETY: a `Gc` is only created by `Heap::alloc` and objects are freed only by
        // a sweep, which frees exactly the objects no root reaches; by the rooting
        // discipline no `Gc` to a freed object is ever dereferenced.
        unsafe { &self.ptr.as_ref().value }
    }
}

impl<T> Gc<T> {
    /// The address, for identity hashing and `%p`-style printing.
    #[inline(always)]
    pub fn addr(self) -> usize {
        self.ptr.as_ptr() as usize
    }

    #[inline(always)]
    fn header(self) -> NonNull<GcHeader> {
        self.ptr.cast()
    }

    /// Sets or clears the "registered for finalization" flag; returns its old value.
    pub(crate) fn swap_finalizer_flag(self, on: bool) -> bool {
        // SAFETY: `self` is a live object (see `deref`).
        unsafe { self.header().as_ref() }.finalizer.replace(on)
    }

    /// A raw pointer to the value (for upvalues that point at their own storage).
    #[inline(always)]
    pub(crate) fn as_ptr(self) -> *mut T {
        // SAFETY: `addr_of_mut!` computes the field address without creating a reference.
        unsafe { std::ptr::addr_of_mut!((*self.ptr.as_ptr()).value) }
    }
}

/// Marks objects and queues them for traversal. Passed to [`Trace::trace`].
pub(crate) struct Marker {
    gray: Vec<NonNull<GcHeader>>,
    /// The interned `"__mode"` string, to find weak tables.
    pub(crate) mode_key: Option<Gc<crate::string::LuaStr>>,
    /// Tables with weak values only (keys were marked).
    pub(crate) weak_values: Vec<Gc<crate::table::Table>>,
    /// Tables with weak keys only (ephemerons: a value is marked once its key is).
    pub(crate) ephemerons: Vec<Gc<crate::table::Table>>,
    /// Tables with weak keys and values (nothing was marked through them).
    pub(crate) all_weak: Vec<Gc<crate::table::Table>>,
    /// The object whose `trace` is running.
    current: Option<NonNull<GcHeader>>,
}

impl Marker {
    /// Marks `obj` and queues it if it was not marked yet.
    #[inline]
    pub(crate) fn mark<T: Trace>(&mut self, obj: Gc<T>) {
        let header = obj.header();
        // SAFETY: `obj` is reachable from a root being traced, hence alive.
        let h = unsafe { header.as_ref() };
        if !h.marked.get() {
            h.marked.set(true);
            if T::KIND != ObjKind::Str {
                self.gray.push(header);
            }
        }
    }

    /// Whether `obj` has been marked in this cycle.
    #[inline]
    pub(crate) fn is_marked<T>(obj: Gc<T>) -> bool {
        // SAFETY: callers only ask about objects that are still allocated (the sweep
        // has not run yet).
        unsafe { obj.header().as_ref().marked.get() }
    }

    /// Whether a value survives this cycle as far as weak tables are concerned:
    /// non-collectable values and strings always do (strings are values, not
    /// objects with identity, so weak tables never drop them; they get marked here).
    pub(crate) fn value_survives(&mut self, v: &crate::value::Value) -> bool {
        use crate::value::Value;
        match *v {
            Value::Str(s) => {
                self.mark(s);
                true
            }
            Value::Table(t) => Self::is_marked(t),
            Value::LuaFn(f) => Self::is_marked(f),
            Value::NativeClosure(f) => Self::is_marked(f),
            Value::UserData(u) => Self::is_marked(u),
            Value::Thread(t) => Self::is_marked(t),
            _ => true,
        }
    }

    /// Whether anything is queued for traversal.
    pub(crate) fn has_gray(&self) -> bool {
        !self.gray.is_empty()
    }

    /// The table being traced (only valid inside `Table::trace`).
    pub(crate) fn current_table(&self) -> Option<Gc<crate::table::Table>> {
        let header = self.current?;
        // SAFETY: `trace_object` sets `current` to the object it is tracing, and only
        // `Table::trace` asks, so the object is a live table box.
        if unsafe { header.as_ref() }.kind != ObjKind::Table {
            return None;
        }
        Some(Gc { ptr: header.cast(), _marker: PhantomData })
    }
}

/// Whether a value points at an object that is currently unmarked (used for
/// finalizer candidates, which are tables and userdata).
pub(crate) fn is_unmarked_object(v: &crate::value::Value) -> bool {
    use crate::value::Value;
    match *v {
        Value::Table(t) => !Marker::is_marked(t),
        Value::UserData(u) => !Marker::is_marked(u),
        _ => false,
    }
}

/// Collector tuning and state exposed to `collectgarbage`.
#[derive(Clone, Copy, Debug)]
pub struct GcParams {
    /// Wait until the heap grows to `pause`% of its size after a collection.
    pub pause: u32,
    pub step_mul: u32,
    pub step_size: u32,
    /// The mode `collectgarbage` reports. One collector runs behind both modes; the
    /// mode is kept so that `collectgarbage("incremental")` answers as the reference.
    pub generational: bool,
}

impl Default for GcParams {
    fn default() -> Self {
        GcParams { pause: 200, step_mul: 100, step_size: 13, generational: false }
    }
}

/// The object list and the byte count.
pub struct Heap {
    all: Option<NonNull<GcHeader>>,
    bytes: usize,
    threshold: usize,
    limit: usize,
    pub(crate) params: GcParams,
    pub(crate) running: bool,
    /// An allocation was refused (beyond the limit, or by the system) where no error
    /// could be raised; the next safepoint raises "not enough memory".
    refused: bool,
    marker: Marker,
}

const INITIAL_THRESHOLD: usize = 1 << 20;

impl Default for Heap {
    fn default() -> Self {
        Self::new()
    }
}

impl Heap {
    pub fn new() -> Heap {
        Heap {
            all: None,
            bytes: 0,
            threshold: INITIAL_THRESHOLD,
            limit: usize::MAX,
            params: GcParams::default(),
            running: true,
            refused: false,
            marker: Marker {
                gray: Vec::new(),
                mode_key: None,
                weak_values: Vec::new(),
                ephemerons: Vec::new(),
                all_weak: Vec::new(),
                current: None,
            },
        }
    }

    /// Bytes the heap holds.
    #[inline]
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// The memory limit in bytes (`usize::MAX` when unlimited).
    pub fn limit(&self) -> usize {
        self.limit
    }

    pub fn set_limit(&mut self, limit: usize) {
        self.limit = limit;
    }

    /// Whether the heap has grown enough that a collection should run at the next
    /// safepoint.
    #[inline(always)]
    pub fn should_collect(&self) -> bool {
        self.bytes >= self.threshold
    }

    /// Records a refused allocation and makes the next safepoint handle it.
    pub(crate) fn refuse(&mut self) {
        self.refused = true;
        self.threshold = 0;
    }

    /// Whether an allocation was refused since the last call (clearing the record).
    pub(crate) fn take_refused(&mut self) -> bool {
        std::mem::take(&mut self.refused)
    }

    /// Whether `extra` more bytes would exceed the memory limit.
    #[inline]
    pub fn would_exceed(&self, extra: usize) -> bool {
        self.bytes.saturating_add(extra) > self.limit
    }

    /// Moves an object into the heap.
    pub(crate) fn alloc<T: Trace>(&mut self, value: T) -> Gc<T> {
        let size = std::mem::size_of::<GcBox<T>>() + value.extra_bytes();
        let boxed = Box::new(GcBox {
            header: GcHeader {
                next: Cell::new(self.all),
                marked: Cell::new(false),
                finalizer: Cell::new(false),
                kind: T::KIND,
            },
            value,
        });
        let ptr = NonNull::from(Box::leak(boxed));
        self.all = Some(ptr.cast());
        self.bytes += size;
        Gc { ptr, _marker: PhantomData }
    }

    /// Records that an object's out-of-line storage grew (`delta > 0`) or shrank.
    #[inline]
    pub(crate) fn adjust(&mut self, delta: isize) {
        self.bytes = self.bytes.wrapping_add_signed(delta);
    }

    /// Starts a collection: clears the gray queue and returns the marker the VM uses
    /// to mark its roots.
    pub(crate) fn begin_mark(&mut self) -> &mut Marker {
        self.marker.gray.clear();
        self.marker.weak_values.clear();
        self.marker.ephemerons.clear();
        self.marker.all_weak.clear();
        &mut self.marker
    }

    /// Traverses everything reachable from what has been marked so far.
    pub(crate) fn propagate(&mut self) {
        while let Some(header) = self.marker.gray.pop() {
            // SAFETY: only live, marked objects are queued; the kind tag was written at
            // allocation and names the box's true type.
            unsafe { trace_object(header, &mut self.marker) };
        }
    }

    pub(crate) fn marker(&mut self) -> &mut Marker {
        &mut self.marker
    }

    /// Frees every unmarked object, clears the marks of the survivors and sets the
    /// threshold for the next collection.
    pub(crate) fn sweep(&mut self) {
        let mut prev: Option<NonNull<GcHeader>> = None;
        let mut cur = self.all;
        while let Some(header) = cur {
            // SAFETY: every object on the list is allocated until freed right here.
            let h = unsafe { header.as_ref() };
            let next = h.next.get();
            if h.marked.get() {
                h.marked.set(false);
                prev = Some(header);
            } else {
                match prev {
                    // SAFETY: `prev` is a live survivor on the list.
                    Some(p) => unsafe { p.as_ref() }.next.set(next),
                    None => self.all = next,
                }
                // SAFETY: the object is unreachable (unmarked after a complete mark
                // phase) and now unlinked, so no pointer to it will be used again.
                let freed = unsafe { free_object(header) };
                self.bytes -= freed;
            }
            cur = next;
        }
        let pause = self.params.pause.max(100) as usize;
        self.threshold = (self.bytes / 100).saturating_mul(pause).max(INITIAL_THRESHOLD / 4);
    }

    /// Postpones the next automatic collection (used when the collector is stopped).
    pub(crate) fn postpone(&mut self) {
        self.threshold = usize::MAX;
    }

    /// Makes the next safepoint collect.
    pub(crate) fn request_collection(&mut self) {
        self.threshold = 0;
    }
}

impl Drop for Heap {
    fn drop(&mut self) {
        let mut cur = self.all.take();
        while let Some(header) = cur {
            // SAFETY: the heap owns every object on its list; it is being dropped, so
            // nothing can use them afterwards.
            cur = unsafe { header.as_ref() }.next.get();
            // SAFETY: as above; each object is freed exactly once.
            unsafe { free_object(header) };
        }
    }
}

/// Calls `f` with the object `header` heads, at its concrete type.
macro_rules! with_concrete {
    ($header:expr, |$obj:ident| $body:expr) => {{
        use crate::function::{LuaClosure, NativeClosure, Proto, UpVal};
        let header: NonNull<GcHeader> = $header;
        // SAFETY (for each arm): the kind tag was written by `Heap::alloc` for exactly
        // this box type, and `GcBox` is `repr(C)` with the header first.
        match unsafe { header.as_ref() }.kind {
            ObjKind::Str => {
                let $obj = header.cast::<GcBox<crate::string::LuaStr>>();
                $body
            }
            ObjKind::Table => {
                let $obj = header.cast::<GcBox<crate::table::Table>>();
                $body
            }
            ObjKind::LuaClosure => {
                let $obj = header.cast::<GcBox<LuaClosure>>();
                $body
            }
            ObjKind::NativeClosure => {
                let $obj = header.cast::<GcBox<NativeClosure>>();
                $body
            }
            ObjKind::UpVal => {
                let $obj = header.cast::<GcBox<UpVal>>();
                $body
            }
            ObjKind::Proto => {
                let $obj = header.cast::<GcBox<Proto>>();
                $body
            }
            ObjKind::Thread => {
                let $obj = header.cast::<GcBox<crate::thread::Thread>>();
                $body
            }
            ObjKind::UserData => {
                let $obj = header.cast::<GcBox<crate::userdata::UserData>>();
                $body
            }
        }
    }};
}

/// # Safety
/// `header` must head a live object whose kind tag is correct.
unsafe fn trace_object(header: NonNull<GcHeader>, marker: &mut Marker) {
    marker.current = Some(header);
    // SAFETY: guaranteed by the caller.
    with_concrete!(header, |obj| unsafe { obj.as_ref() }.value.trace(marker));
    marker.current = None;
}

/// Frees the object and returns the bytes it was accounted for.
///
/// # Safety
/// `header` must head a live object that nothing will use again.
unsafe fn free_object(header: NonNull<GcHeader>) -> usize {
    fn free<T: Trace>(ptr: NonNull<GcBox<T>>) -> usize {
        // SAFETY: the box was created by `Box::leak` in `Heap::alloc` and is freed once.
        let boxed = unsafe { Box::from_raw(ptr.as_ptr()) };
        let size = std::mem::size_of::<GcBox<T>>() + boxed.value.extra_bytes();
        drop(boxed);
        size
    }
    with_concrete!(header, |obj| free(obj))
}
