//! The garbage-collected heap: allocation, accounting, tri-colour marking, write
//! barriers and incremental sweeping.
//!
//! Every collectable object lives in a [`GcBox`]: a header (intrusive list link,
//! colour, object kind) followed by the value. A [`Gc<T>`] is a thin, `Copy` pointer to
//! one. The heap keeps every object on one list. The collector is incremental, as the
//! reference's `lgc.c`: a cycle marks in bounded steps (white objects are not reached
//! yet, gray ones are reached but not traversed, black ones are traversed), finishes
//! marking in one atomic step, then sweeps the list in bounded steps. The collector is
//! precise and never moves objects, so a `Gc<T>` stays valid for as long as its object
//! is reachable.
//!
//! Invariant while marking: no black object points to a white one. Mutators keep it
//! with *write barriers* ([`Heap::barrier`], [`Heap::barrier_back`] and
//! [`barrier_back`]): a store of a white object into a black one either marks the
//! stored object (forward) or turns the black object gray again (back, for tables,
//! which are written often). Thread stacks, which are written without barriers, are
//! never black outside the atomic step: they are traversed again there. There are two
//! whites: the atomic step flips the current white, so objects created during the sweep
//! carry the new white and survive it, while the unreached objects carry the old one
//! and are freed.
//!
//! Rooting discipline (the safety contract of this module): a collection step only
//! runs at a *safepoint* the VM chooses (allocation-heavy instructions in the
//! interpreter, the return of a native function, explicit `collectgarbage` calls),
//! never inside an allocation. Between safepoints any `Gc<T>` may be held freely in
//! Rust locals. Across a safepoint — in practice, across a call back into Lua from a
//! native function — a value must sit in a root: a Lua stack slot below the thread's
//! top, the registry, or an object reachable from those. A `Vm` may move to another
//! thread (it is `Send`); a `Gc` is not, and is used only on the thread that has the
//! `Vm` at the time.
//!
//! Accounting: `bytes` is the heap's own count of what it holds: the size of every
//! `GcBox` plus the out-of-line storage each object reports through
//! [`Trace::extra_bytes`]; objects that grow (tables, threads) report deltas with
//! [`Heap::adjust`].

use crate::function::{LuaClosure, Proto, UpVal};
use crate::gc_pool::BlockPool;
use crate::string::{LuaStr, StringTable};
use crate::table::Table;
use crate::value::Value;
use std::alloc::Layout;
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

/// Colour bits of a header. An object with neither white bit nor `BLACK` is gray.
const WHITE0: u8 = 1;
const WHITE1: u8 = 2;
const WHITES: u8 = WHITE0 | WHITE1;
const BLACK: u8 = 4;
const GRAY: u8 = 0;

/// Per-object bookkeeping, at the start of every [`GcBox`].
pub(crate) struct GcHeader {
    next: Cell<Option<NonNull<GcHeader>>>,
    color: Cell<u8>,
    /// Registered for finalization (`__gc`) and not yet finalized.
    finalizer: Cell<bool>,
    kind: ObjKind,
    /// A word the object's type may keep in what would otherwise be padding (a
    /// string keeps its hash here, which makes its box 24 bytes, as the reference's).
    aux: Cell<u32>,
}

impl GcHeader {
    #[inline(always)]
    fn is_white(&self) -> bool {
        self.color.get() & WHITES != 0
    }

    #[inline(always)]
    fn is_black(&self) -> bool {
        self.color.get() & BLACK != 0
    }
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
    /// Units of marking work a traversal costs (about one per value slot visited).
    fn work(&self) -> usize {
        self.extra_bytes() / std::mem::size_of::<Value>()
    }
    /// Gives the storage the object took from the heap's pool back to it, just before
    /// the object is dropped.
    ///
    /// # Safety
    /// `pool` is the heap's pool, and the object is never used again.
    unsafe fn release_pooled(&mut self, _pool: &mut BlockPool) {}
    /// The memory layout of this object's box: the `GcBox` alone, or with bytes stored
    /// right after it (see [`Heap::alloc_with_tail`]).
    fn box_layout(&self) -> Layout {
        Layout::new::<GcBox<Self>>()
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
        // A `Gc` comes only from `Heap::alloc`, and a sweep frees only objects no root
        // reaches, so by the rooting discipline the object is alive.
        // SAFETY: the box is allocated and initialised (see above).
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

    #[inline(always)]
    fn head(&self) -> &GcHeader {
        // SAFETY: `self` is a live object (see `deref`); the header is at offset 0.
        unsafe { self.header().as_ref() }
    }

    /// Whether the collector has traversed this object in the current cycle (or is
    /// traversing it, for a large table): a store into it may need a barrier.
    #[inline(always)]
    pub(crate) fn is_black(&self) -> bool {
        self.head().is_black()
    }

    /// The header's spare word (see `GcHeader::aux`).
    #[inline(always)]
    pub(crate) fn aux(&self) -> &Cell<u32> {
        &self.head().aux
    }

    /// Sets or clears the "registered for finalization" flag; returns its old value.
    pub(crate) fn swap_finalizer_flag(self, on: bool) -> bool {
        self.head().finalizer.replace(on)
    }

    /// A raw pointer to the value (for upvalues that point at their own storage).
    #[inline(always)]
    pub(crate) fn as_ptr(self) -> *mut T {
        // SAFETY: `addr_of_mut!` computes the field address without creating a reference.
        unsafe { std::ptr::addr_of_mut!((*self.ptr.as_ptr()).value) }
    }
}

/// The spare word of the header of the box that holds `value` (see `GcHeader::aux`).
///
/// # Safety
/// `value` must be the value of a live [`GcBox<T>`], not a copy of it.
#[inline(always)]
pub(crate) unsafe fn aux_of_boxed<T>(value: &T) -> &Cell<u32> {
    let offset = std::mem::offset_of!(GcBox<T>, value);
    // SAFETY: `value` lies `offset` bytes into its box (the caller's guarantee), whose
    // header is at the box's start (`repr(C)`), alive as long as the value.
    unsafe { &(*std::ptr::from_ref(value).cast::<u8>().sub(offset).cast::<GcHeader>()).aux }
}

/// The header of the object a value points to, if it points to one.
#[inline(always)]
fn value_header(v: &Value) -> Option<NonNull<GcHeader>> {
    match *v {
        Value::Str(s) => Some(s.header()),
        Value::Table(t) => Some(t.header()),
        Value::LuaFn(f) => Some(f.header()),
        Value::NativeClosure(f) => Some(f.header()),
        Value::UserData(u) => Some(u.header()),
        Value::Thread(t) => Some(t.header()),
        _ => None,
    }
}

/// Whether a value points to a white object.
#[inline(always)]
fn value_is_white(v: &Value) -> bool {
    // SAFETY: a value being stored is live (rooting discipline).
    value_header(v).is_some_and(|h| unsafe { h.as_ref() }.is_white())
}

/// The back barrier for a store of `v` into table `t`, for the interpreter's fast
/// paths that write a table slot directly: call it with the value just stored.
#[inline(always)]
pub(crate) fn barrier_back(heap: &mut Heap, t: Gc<Table>, v: &Value) {
    if barrier_back_needed(t, *v) {
        heap.table_barrier_slow(t, &Value::Nil, v);
    }
}

/// Whether storing `v` into `obj` needs the forward barrier ([`Heap::barrier`]): the
/// interpreter's upvalue store tests this inline and calls out only when it holds.
#[inline(always)]
pub(crate) fn barrier_needed<T>(obj: Gc<T>, v: &Value) -> bool {
    obj.head().is_black() && value_is_white(v)
}

/// Whether storing `v` into table `t` needs [`barrier_back`]: the interpreter's store
/// handlers test this inline and leave the barrier itself to an out-of-line path.
#[inline(always)]
pub(crate) fn barrier_back_needed(t: Gc<Table>, v: Value) -> bool {
    t.head().is_black() && value_is_white(&v)
}

/// Tables with more slots than this (array slots and hash nodes together) are
/// traversed in chunks of this many slots, so one huge table does not make one long
/// step.
pub(crate) const TABLE_CHUNK: usize = 4096;

/// Marks objects and queues them for traversal. Passed to [`Trace::trace`].
pub(crate) struct Marker {
    /// Reached objects not yet traversed.
    gray: Vec<NonNull<GcHeader>>,
    /// Objects to traverse again in the atomic step: threads, weak tables, and tables
    /// that a back barrier turned gray.
    gray_again: Vec<NonNull<GcHeader>>,
    /// Tables whose traversal stopped at a chunk boundary: (table, next slot, counting
    /// the array part's slots first and the hash part's nodes after them).
    tables: Vec<(Gc<Table>, usize)>,
    /// The current white (`WHITE0` or `WHITE1`).
    white: u8,
    /// Whether the atomic step is running.
    atomic: bool,
    /// Units of work done (see [`Trace::work`]).
    work: usize,
    /// The interned `"__mode"` string, to find weak tables.
    pub(crate) mode_key: Option<Gc<crate::string::LuaStr>>,
    /// Tables with weak values only (keys were marked).
    pub(crate) weak_values: Vec<Gc<Table>>,
    /// Tables with weak keys only (ephemerons: a value is marked once its key is).
    pub(crate) ephemerons: Vec<Gc<Table>>,
    /// Tables with weak keys and values (nothing was marked through them).
    pub(crate) all_weak: Vec<Gc<Table>>,
    /// The object whose `trace` is running.
    current: Option<NonNull<GcHeader>>,
}

impl Marker {
    /// Empties every work queue and leaves the atomic step: the state before a cycle
    /// marks and before a sweep.
    fn clear_queues(&mut self) {
        self.gray.clear();
        self.gray_again.clear();
        self.tables.clear();
        self.weak_values.clear();
        self.ephemerons.clear();
        self.all_weak.clear();
        self.atomic = false;
    }

    /// Marks the object `header` heads and queues it if it was white.
    #[inline]
    fn mark_header(&mut self, header: NonNull<GcHeader>) {
        // SAFETY: the object is reachable from something being traced, hence alive.
        let h = unsafe { header.as_ref() };
        if h.is_white() {
            if h.kind == ObjKind::Str {
                h.color.set(BLACK);
            } else {
                h.color.set(GRAY);
                self.gray.push(header);
            }
        }
    }

    /// Marks `obj` and queues it if it was not marked yet.
    #[inline]
    pub(crate) fn mark<T: Trace>(&mut self, obj: Gc<T>) {
        let h = obj.head();
        if h.is_white() {
            if T::KIND == ObjKind::Str {
                h.color.set(BLACK);
            } else {
                h.color.set(GRAY);
                self.gray.push(obj.header());
            }
        }
    }

    /// Whether `obj` has been reached in this cycle.
    #[inline]
    pub(crate) fn is_marked<T>(obj: Gc<T>) -> bool {
        // Callers only ask about objects that are still allocated (the atomic step,
        // before the sweep).
        !obj.head().is_white()
    }

    /// Whether a value survives this cycle as far as weak tables are concerned:
    /// non-collectable values and strings always do (strings are values, not
    /// objects with identity, so weak tables never drop them; they get marked here).
    pub(crate) fn value_survives(&mut self, v: &Value) -> bool {
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
        !self.gray.is_empty() || !self.tables.is_empty()
    }

    /// Whether the atomic step is running (weak tables are only classified then).
    pub(crate) fn in_atomic(&self) -> bool {
        self.atomic
    }

    /// Adds units of work done by a traversal.
    pub(crate) fn add_work(&mut self, units: usize) {
        self.work += units;
    }

    /// The table being traced (only valid inside `Table::trace`).
    pub(crate) fn current_table(&self) -> Option<Gc<Table>> {
        let header = self.current?;
        // SAFETY: `trace_object` sets `current` to the object it is tracing, and only
        // `Table::trace` asks, so the object is a live table box.
        if unsafe { header.as_ref() }.kind != ObjKind::Table {
            return None;
        }
        Some(Gc { ptr: header.cast(), _marker: PhantomData })
    }

    /// Keeps the object being traced gray and queues it for the atomic step (weak
    /// tables outside the atomic step: their entries are classified only there).
    pub(crate) fn traverse_again_in_atomic(&mut self) {
        if let Some(header) = self.current {
            // SAFETY: `current` is the live object `trace_object` is tracing.
            unsafe { header.as_ref() }.color.set(GRAY);
            self.gray_again.push(header);
        }
    }

    /// Queues the rest of a table's slots, from slot `from`, for later steps.
    pub(crate) fn defer_table(&mut self, t: Gc<Table>, from: usize) {
        self.tables.push((t, from));
    }
}

/// Whether a value points at an object that is currently unmarked (used for
/// finalizer candidates, which are tables and userdata).
pub(crate) fn is_unmarked_object(v: &Value) -> bool {
    match *v {
        Value::Table(t) => !Marker::is_marked(t),
        Value::UserData(u) => !Marker::is_marked(u),
        _ => false,
    }
}

/// Collector tuning exposed to `collectgarbage`, with the reference's meanings.
#[derive(Clone, Copy, Debug)]
pub struct GcParams {
    /// A cycle starts when the heap reaches `pause`% of what the last one left.
    pub pause: u32,
    /// Marking or sweeping work done per unit of allocation, in percent.
    pub step_mul: u32,
    /// Log2 of the bytes allocated between two steps.
    pub step_size: u32,
    /// The mode `collectgarbage` reports. The incremental collector runs behind both
    /// modes; the mode is kept so that `collectgarbage("incremental")` answers as the
    /// reference.
    pub generational: bool,
}

impl Default for GcParams {
    fn default() -> Self {
        GcParams { pause: 200, step_mul: 100, step_size: 13, generational: false }
    }
}

/// Where a collection cycle is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum GcState {
    /// Between cycles: waiting for the heap to grow.
    Pause,
    /// Marking in steps (the atomic step ends this state).
    Propagate,
    /// Freeing unreached objects in steps.
    Sweep,
    /// Running the finalizers of the objects the cycle found unreachable.
    CallFin,
}

/// The object list and the byte count.
pub struct Heap {
    all: Option<NonNull<GcHeader>>,
    bytes: usize,
    threshold: usize,
    limit: usize,
    pub(crate) params: GcParams,
    pub(crate) running: bool,
    pub(crate) state: GcState,
    /// An allocation was refused (beyond the limit, or by the system) where no error
    /// could be raised; the next safepoint raises "not enough memory".
    refused: bool,
    marker: Marker,
    /// During a sweep: the objects not swept yet (new objects go to `all`).
    sweeping: Option<NonNull<GcHeader>>,
    /// During a sweep: the survivors so far, first and last.
    swept: Option<(NonNull<GcHeader>, NonNull<GcHeader>)>,
    /// Bytes the last cycle left live (the reference's `GCestimate`).
    estimate: usize,
    /// Debt in bytes a bounded step left unpaid (see `Vm::incremental_step`).
    pub(crate) unpaid_debt: i64,
    /// Cycles left whose steps are not bounded (see `Vm::incremental_step`).
    pub(crate) unbounded_cycles: u32,
    /// Stress mode (`SELENITE_GC_STRESS`): every safepoint takes a small step.
    pub(crate) stress: bool,
    /// Where object memory comes from and goes back to.
    pool: BlockPool,
}

/// The smallest threshold a finished cycle sets: below it, cycles would be so
/// frequent on a small heap that re-marking the live data dominates.
const MIN_THRESHOLD: usize = 256 * 1024;
/// The threshold of the first cycle. No higher than the floor: memory a program
/// reaches before its first cycle stays in its resident set (freed blocks are
/// recycled, not returned), so a larger first threshold only raises the peak of
/// programs whose live data is small.
const INITIAL_THRESHOLD: usize = MIN_THRESHOLD;
/// Objects swept per unit of the smallest sweep step (the reference's `GCSWEEPMAX`).
pub(crate) const SWEEP_MIN: usize = 100;

impl Default for Heap {
    fn default() -> Self {
        Self::new()
    }
}

impl Heap {
    pub fn new() -> Heap {
        let stress = std::env::var_os("SELENITE_GC_STRESS").is_some_and(|v| !v.is_empty() && v != "0");
        Heap {
            all: None,
            bytes: 0,
            threshold: if stress { 0 } else { INITIAL_THRESHOLD },
            limit: usize::MAX,
            params: GcParams::default(),
            running: true,
            state: GcState::Pause,
            refused: false,
            marker: Marker {
                gray: Vec::new(),
                gray_again: Vec::new(),
                tables: Vec::new(),
                white: WHITE0,
                atomic: false,
                work: 0,
                mode_key: None,
                weak_values: Vec::new(),
                ephemerons: Vec::new(),
                all_weak: Vec::new(),
                current: None,
            },
            sweeping: None,
            swept: None,
            estimate: 0,
            unpaid_debt: 0,
            unbounded_cycles: 0,
            stress,
            pool: BlockPool::new(),
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

    /// Whether the heap has grown enough that a collection step should run at the
    /// next safepoint.
    #[inline(always)]
    pub fn should_collect(&self) -> bool {
        self.bytes >= self.threshold
    }

    /// Records a refused allocation and makes the next safepoint handle it.
    pub(crate) fn refuse(&mut self) {
        self.refused = true;
        self.threshold = 0;
    }

    /// The most recently allocated object: a native function created objects if this
    /// changed across its call (see `Vm::native_safepoint`).
    #[inline(always)]
    pub(crate) fn newest_object(&self) -> Option<NonNull<GcHeader>> {
        self.all
    }

    /// Whether an allocation was refused and no safepoint has handled it yet.
    #[inline(always)]
    pub(crate) fn refusal_pending(&self) -> bool {
        self.refused
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

    /// Moves an object into the heap. It starts white: nothing reached it yet.
    #[inline]
    pub(crate) fn alloc<T: Trace>(&mut self, value: T) -> Gc<T> {
        self.alloc_with_tail::<T, u8>(value, &[])
    }

    /// Moves an object into the heap with `tail` copied right after the value, in the
    /// same block (where a string keeps its bytes and a closure its upvalue slots: one
    /// allocation per object, and the object finds its tail at `value + 1`).
    /// `value.box_layout()` must be the box's layout grown by the tail's size.
    /// Inlined so that the value's fields are stored once, into the new block: built
    /// in a temporary and copied, they would be read back in wider pieces than they
    /// were written, which waits for those stores to reach the cache.
    #[inline(always)]
    pub(crate) fn alloc_with_tail<T: Trace, U: Copy>(&mut self, value: T, tail: &[U]) -> Gc<T> {
        // The tail starts at the value's end, a multiple of `T`'s alignment.
        const { assert!(std::mem::align_of::<T>() >= std::mem::align_of::<U>()) };
        let layout = value.box_layout();
        // Holds for any tail that exists in memory (and folds away for a plain box);
        // checked because the copy below relies on it.
        assert_eq!(layout.size(), std::mem::size_of::<GcBox<T>>() + std::mem::size_of_val(tail));
        let size = std::mem::size_of::<GcBox<T>>() + value.extra_bytes();
        let ptr = self.pool.alloc(layout).cast::<GcBox<T>>();
        let boxed = GcBox { header: self.new_header(T::KIND), value };
        // SAFETY: `ptr` is fresh memory of `layout`, the box's size plus the tail's; the
        // value ends at or before the box's end, so the tail fits, aligned for `U`.
        unsafe {
            ptr.as_ptr().write(boxed);
            let after_value = (&raw mut (*ptr.as_ptr()).value).add(1).cast::<U>();
            std::ptr::copy_nonoverlapping(tail.as_ptr(), after_value, tail.len());
        }
        self.all = Some(ptr.cast());
        self.bytes += size;
        Gc { ptr, _marker: PhantomData }
    }

    /// The header of an object about to be put at the head of the object list.
    #[inline(always)]
    fn new_header(&self, kind: ObjKind) -> GcHeader {
        GcHeader {
            next: Cell::new(self.all),
            color: Cell::new(self.marker.white),
            finalizer: Cell::new(false),
            kind,
            aux: Cell::new(0),
        }
    }

    /// Allocates a box of `value` followed by `len` bytes, which `fill` writes in
    /// place (they are zeroed first), so that a long result is built once, in its
    /// block, rather than in a buffer and then copied. Returns what `fill` returned.
    ///
    /// `value.box_layout()` must be the box's layout grown by `len` bytes.
    pub(crate) fn alloc_with_bytes<T: Trace, R>(
        &mut self,
        value: T,
        len: usize,
        fill: impl FnOnce(&mut [u8]) -> R,
    ) -> (Gc<T>, R) {
        let layout = value.box_layout();
        assert_eq!(layout.size(), std::mem::size_of::<GcBox<T>>() + len);
        let size = std::mem::size_of::<GcBox<T>>() + value.extra_bytes();
        let ptr = self.pool.alloc(layout).cast::<GcBox<T>>();
        let boxed = GcBox { header: self.new_header(T::KIND), value };
        // The value ends at or before the box's end, so the `len` bytes after it are
        // inside the block; they are zeroed before the slice over them is made.
        // SAFETY: `ptr` is fresh memory of `layout`, the box's size plus `len` (checked).
        let tail = unsafe {
            ptr.as_ptr().write(boxed);
            let start = (&raw mut (*ptr.as_ptr()).value).add(1).cast::<u8>();
            start.write_bytes(0, len);
            std::slice::from_raw_parts_mut(start, len)
        };
        let filled = fill(tail);
        self.all = Some(ptr.cast());
        self.bytes += size;
        (Gc { ptr, _marker: PhantomData }, filled)
    }

    /// A Lua closure of `proto` with the given upvalues, stored in the closure's block.
    pub(crate) fn alloc_lua_closure(&mut self, proto: Gc<Proto>, upvals: &[Gc<UpVal>]) -> Gc<LuaClosure> {
        self.alloc_with_tail(LuaClosure::header(proto, upvals.len()), upvals)
    }

    /// The buffers of a collected coroutine, if one was kept.
    #[inline]
    pub(crate) fn keep_spare_stack(&mut self, spare: crate::thread::SpareStack) {
        self.pool.keep_spare_stack(spare);
    }

    pub(crate) fn take_spare_stack(&mut self) -> Option<crate::thread::SpareStack> {
        self.pool.take_spare_stack()
    }

    /// Records that an object's out-of-line storage grew (`delta > 0`) or shrank.
    #[inline]
    pub(crate) fn adjust(&mut self, delta: isize) {
        self.bytes = self.bytes.wrapping_add_signed(delta);
    }

    // ----- barriers -----

    /// The forward barrier: `obj` now refers to whatever `v` points to.
    #[inline]
    pub(crate) fn barrier<T>(&mut self, obj: Gc<T>, v: Value) {
        if obj.head().is_black() {
            if let Some(target) = value_header(&v) {
                self.barrier_slow(obj.header(), target);
            }
        }
    }

    /// The forward barrier for a reference to an object that is not a value.
    #[inline]
    pub(crate) fn barrier_obj<T, U>(&mut self, obj: Gc<T>, target: Gc<U>) {
        if obj.head().is_black() {
            self.barrier_slow(obj.header(), target.header());
        }
    }

    #[cold]
    fn barrier_slow(&mut self, obj: NonNull<GcHeader>, target: NonNull<GcHeader>) {
        // SAFETY: `target` is being stored, so it is live (rooting discipline).
        if !unsafe { target.as_ref() }.is_white() {
            return;
        }
        if self.state == GcState::Propagate {
            // Keep the invariant: the stored object is reached.
            self.marker.mark_header(target);
        } else {
            // Sweeping: the black object is only waiting to be whitened by the sweep;
            // whiten it now so that later stores need no barrier.
            // SAFETY: `obj` is live (the mutator is storing into it).
            unsafe { obj.as_ref() }.color.set(self.marker.white);
        }
    }

    /// The back barrier: table `t` now refers to what `key` and `v` point to.
    #[inline]
    pub(crate) fn barrier_back(&mut self, t: Gc<Table>, key: &Value, v: &Value) {
        if t.head().is_black() && (value_is_white(v) || value_is_white(key)) {
            self.table_barrier_slow(t, key, v);
        }
    }

    /// A black table was written with a white key or value. While marking, the table
    /// turns gray again, to be traversed in the atomic step; a large table instead
    /// marks what was stored (a forward barrier), so that the atomic step does not
    /// traverse it whole. While sweeping it turns white: the sweep would whiten it
    /// anyway.
    #[cold]
    fn table_barrier_slow(&mut self, t: Gc<Table>, key: &Value, v: &Value) {
        let h = t.head();
        if self.state != GcState::Propagate {
            h.color.set(self.marker.white);
        } else if t.is_large() {
            for stored in [key, v] {
                if let Some(target) = value_header(stored) {
                    self.marker.mark_header(target);
                }
            }
        } else {
            h.color.set(GRAY);
            self.marker.gray_again.push(t.header());
        }
    }

    // ----- marking -----

    /// The marker, while the collector is marking incrementally (between steps of the
    /// propagation phase), for operations that must mark what they move.
    pub(crate) fn marker_while_marking(&mut self) -> Option<&mut Marker> {
        (self.state == GcState::Propagate).then_some(&mut self.marker)
    }

    /// Starts a cycle: clears the queues (the VM then marks its roots).
    pub(crate) fn begin_cycle(&mut self) {
        self.marker.clear_queues();
    }

    /// Starts the atomic step: the objects to traverse again join the gray queue.
    pub(crate) fn begin_atomic(&mut self) {
        let m = &mut self.marker;
        m.atomic = true;
        m.weak_values.clear();
        m.ephemerons.clear();
        m.all_weak.clear();
        let again = std::mem::take(&mut m.gray_again);
        m.gray.extend(again);
    }

    /// Traverses gray objects until about `budget` units of work are done or none is
    /// left; returns the work done.
    pub(crate) fn propagate(&mut self, budget: usize) -> usize {
        let start = self.marker.work;
        // Gray objects go first, so that the objects one table chunk reaches are
        // traversed before the next chunk is opened: the gray stack stays small.
        while self.marker.work - start < budget {
            if let Some(header) = self.marker.gray.pop() {
                // SAFETY: only live, reached objects are queued; the kind tag was
                // written at allocation and names the box's true type.
                unsafe { trace_object(header, &mut self.marker) };
            } else if let Some((t, from)) = self.marker.tables.pop() {
                if let Some(next) = t.trace_slots_from(from, &mut self.marker) {
                    self.marker.tables.push((t, next));
                }
            } else {
                break;
            }
        }
        self.marker.work - start
    }

    /// Units of work done so far (for the atomic step's estimate).
    pub(crate) fn work_done(&self) -> usize {
        self.marker.work
    }

    pub(crate) fn marker(&mut self) -> &mut Marker {
        &mut self.marker
    }

    // ----- sweeping -----

    /// Ends marking (the atomic step calls this last): flips the current white, so
    /// everything still carrying the old one is garbage, and starts the sweep.
    pub(crate) fn flip_white_and_sweep(&mut self) {
        self.marker.white ^= WHITES;
        self.enter_sweep();
    }

    /// Starts a sweep of every object now on the list. Also used to abandon a
    /// marking in progress (a full collection was asked for): with the white not
    /// flipped, nothing is freed and every object is whitened.
    pub(crate) fn enter_sweep(&mut self) {
        self.marker.clear_queues();
        self.sweeping = self.all.take();
        self.swept = None;
        self.estimate = self.bytes;
        self.state = GcState::Sweep;
    }

    /// Sweeps up to `n` objects: frees those carrying the old white (a short string
    /// leaves the string table first), whitens the others. Returns how many were
    /// visited; moves to `CallFin` at the end.
    pub(crate) fn sweep_step(&mut self, n: usize, strings: &mut StringTable) -> usize {
        let dead_white = self.marker.white ^ WHITES;
        let mut count = 0;
        while count < n {
            let Some(header) = self.sweeping else { break };
            count += 1;
            // SAFETY: every object on the list is allocated until freed right here.
            let h = unsafe { header.as_ref() };
            self.sweeping = h.next.get();
            if h.color.get() & dead_white != 0 {
                if h.kind == ObjKind::Str {
                    strings.forget(Gc { ptr: header.cast(), _marker: PhantomData });
                }
                // SAFETY: the object carries the old white after a complete marking, so
                // nothing reachable refers to it, and it is off every list now.
                let freed = unsafe { free_object(header, &mut self.pool) };
                self.bytes -= freed;
                self.estimate = self.estimate.saturating_sub(freed);
            } else {
                h.color.set(self.marker.white);
                h.next.set(None);
                self.swept = match self.swept {
                    None => Some((header, header)),
                    Some((first, last)) => {
                        // SAFETY: `last` is a survivor of this sweep, still allocated.
                        unsafe { last.as_ref() }.next.set(Some(header));
                        Some((first, header))
                    }
                };
            }
        }
        if self.sweeping.is_none() {
            // The survivors go after the objects created during the sweep.
            if let Some((first, last)) = self.swept.take() {
                // SAFETY: `last` is a live survivor.
                unsafe { last.as_ref() }.next.set(self.all);
                self.all = Some(first);
            }
            // Keep about what the mutator allocates before the next cycle ends (the
            // live data again, with the default pause); the rest can serve other sizes.
            self.pool.trim(self.estimate.max(MIN_THRESHOLD).saturating_mul(2));
            self.state = GcState::CallFin;
        }
        count
    }

    /// An interned string found by a lookup during the sweep may be dead, not yet
    /// reached by the sweep: it takes the current white and survives (the
    /// reference's `changewhite` in `internshrstr`). Outside the sweep no object
    /// carries the old white, so this does nothing.
    #[inline(always)]
    pub(crate) fn revive(&self, s: Gc<LuaStr>) {
        let h = s.head();
        if h.color.get() & (self.marker.white ^ WHITES) != 0 {
            h.color.set(self.marker.white);
        }
    }

    // ----- pacing -----

    /// Sets the threshold after a finished cycle: the heap may grow to `pause`% of
    /// what the cycle left live before the next one starts.
    pub(crate) fn set_pause(&mut self) {
        self.unpaid_debt = 0;
        self.unbounded_cycles = self.unbounded_cycles.saturating_sub(1);
        let pause = self.params.pause as usize;
        let threshold = (self.estimate / 100).saturating_mul(pause).max(MIN_THRESHOLD);
        self.threshold = threshold.max(self.bytes);
        if self.stress {
            self.threshold = 0;
        }
    }

    /// The collection debt in bytes: how far the heap is past the threshold
    /// (negative: credit before the next step).
    pub(crate) fn debt(&self) -> i64 {
        if self.bytes >= self.threshold {
            (self.bytes - self.threshold).min(i64::MAX as usize) as i64
        } else {
            -((self.threshold - self.bytes).min(i64::MAX as usize) as i64)
        }
    }

    /// Sets the debt in bytes (the next step runs when it becomes non-negative).
    pub(crate) fn set_debt(&mut self, debt: i64) {
        self.threshold = if debt >= 0 {
            self.bytes.saturating_sub(debt as usize)
        } else {
            self.bytes.saturating_add(debt.unsigned_abs() as usize)
        };
    }

    /// Postpones the next automatic step (used when the collector is stopped): as the
    /// reference, a small credit, so that `collectgarbage("step", n)` measures its
    /// debt from about the current size.
    pub(crate) fn postpone(&mut self) {
        self.threshold = self.bytes.saturating_add(2000);
    }

    /// Makes the next safepoint take a step.
    pub(crate) fn request_collection(&mut self) {
        self.threshold = 0;
    }
}

impl Drop for Heap {
    fn drop(&mut self) {
        let lists = [self.all.take(), self.sweeping.take(), self.swept.take().map(|(first, _)| first)];
        for list in lists {
            let mut cur = list;
            while let Some(header) = cur {
                // SAFETY: the heap owns every object on its lists; it is being dropped,
                // so nothing can use them afterwards.
                cur = unsafe { header.as_ref() }.next.get();
                // SAFETY: as above; each object is on one list and freed exactly once.
                unsafe { free_object(header, &mut self.pool) };
            }
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
    // SAFETY: guaranteed by the caller.
    let h = unsafe { header.as_ref() };
    h.color.set(BLACK);
    marker.current = Some(header);
    let work = with_concrete!(header, |obj| {
        // SAFETY: the object is live (the caller's guarantee) and `obj` is its box
        // at its true type (`with_concrete!`).
        let value = unsafe { &obj.as_ref().value };
        value.trace(marker);
        value.work()
    });
    marker.work += 1 + work;
    marker.current = None;
    if h.kind == ObjKind::Thread && !marker.atomic {
        // Stacks are written without barriers: a thread stays gray and is traversed
        // again in the atomic step.
        h.color.set(GRAY);
        marker.gray_again.push(header);
    }
}

/// Frees the object and returns the bytes it was accounted for.
///
/// # Safety
/// `header` must head a live object that nothing will use again.
unsafe fn free_object(header: NonNull<GcHeader>, pool: &mut BlockPool) -> usize {
    fn free<T: Trace>(ptr: NonNull<GcBox<T>>, pool: &mut BlockPool) -> usize {
        // SAFETY: the box was written by `Heap::alloc` into memory from `pool` with
        // this layout, and is freed once (the caller's contract).
        unsafe {
            let value = &mut (*ptr.as_ptr()).value;
            let size = std::mem::size_of::<GcBox<T>>() + value.extra_bytes();
            let layout = value.box_layout();
            value.release_pooled(pool);
            std::ptr::drop_in_place(ptr.as_ptr());
            pool.free(ptr.cast(), layout);
            size
        }
    }
    with_concrete!(header, |obj| free(obj, pool))
}
