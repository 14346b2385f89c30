//! Functions: runtime prototypes, Lua closures, native functions and upvalues.
//!
//! A runtime [`Proto`] is a verified bytecode prototype whose constants have been turned
//! into Lua values. An [`UpVal`] is *open* while the variable it captures still lives in
//! a stack slot (it then points at that slot, and the owning thread fixes the pointer if
//! its stack moves) and *closed* once the variable's scope ends (it then points at its
//! own storage). A closure shares upvalue objects with the other closures that capture
//! the same variable.

use crate::error::LuaError;
use crate::gc::{Gc, GcBox, Marker, ObjKind, Trace};
use crate::string::LuaStr;
use crate::value::Value;
use crate::vm::Vm;
use selenite_bytecode::{Instruction, LocalVar, UpvalDesc};
use std::alloc::Layout;
use std::cell::{Cell, UnsafeCell};
use std::sync::Arc;

/// What a native function asks the VM to do when it returns.
#[derive(Clone, Copy, Debug)]
pub enum NativeReturn {
    /// The top `n` values of the stack are the results.
    Values(usize),
    /// Call the function `nargs + 1` slots below the top with the `nargs` values above
    /// it. Without a continuation its results are this function's results (a tail
    /// call); with one, `then` runs with them when the call returns.
    Call { nargs: usize, then: Option<Continuation>, protect: Protect },
    /// Yield the top `n` values from the running coroutine.
    Yield(usize),
    /// Resume `thread` with the top `nargs` values.
    Resume { thread: Gc<crate::thread::Thread>, nargs: usize, then: Continuation },
    /// Suspend the running coroutine and every coroutine whose resume it runs in, up
    /// to `target` (see [`Vm::yield_to_obstacle`]), which yields the top `n` values to
    /// its resumer. Resuming `target` resumes the coroutines it was resuming in turn,
    /// with the same values, down to the running one, where the values become the
    /// results of this call. This is how a host suspends a coroutine it drives from
    /// inside coroutines the Lua code resumed on its own: to them the suspension is
    /// invisible.
    YieldTo { target: Gc<crate::thread::Thread>, n: usize },
}

/// How errors in a call requested with [`NativeReturn::Call`] are handled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protect {
    /// Errors propagate.
    None,
    /// Errors stop at this frame (`pcall`): the continuation runs with `Err`.
    Catch,
    /// As `Catch`, but the message handler in the native frame's first slot runs on
    /// the error first (`xpcall`).
    CatchWithHandler,
}

/// The status a continuation receives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContinuationStatus {
    /// The call returned normally; its results are on top of the stack.
    Ok,
    /// The call raised an error (only for protected calls); the error value is on top.
    Error,
    /// The coroutine yielded; the yielded values are on top (only for resumes).
    Yielded,
}

/// Resumes a native function after a call it requested. `nresults` values are on top
/// of the stack.
pub type Continuation = fn(&mut Vm, ContinuationStatus, usize) -> NativeResult;

pub type NativeResult = Result<NativeReturn, LuaError>;

/// A native function. Its arguments are the values from the frame's base to the top
/// of the stack.
pub type NativeFn = fn(&mut Vm) -> NativeResult;

/// A boxed Rust closure callable from Lua.
pub type BoxedNative = Box<dyn Fn(&mut Vm) -> NativeResult + Send>;

/// A runtime function prototype.
pub struct Proto {
    pub code: Box<[Instruction]>,
    pub constants: Box<[Value]>,
    pub protos: Box<[Gc<Proto>]>,
    pub upvalues: Box<[UpvalDesc]>,
    pub num_params: u8,
    pub is_vararg: bool,
    pub max_stack: u8,
    pub line_defined: u32,
    pub last_line_defined: u32,
    pub source: Arc<[u8]>,
    pub line_info: Box<[u32]>,
    pub local_vars: Box<[LocalVar]>,
}

impl Proto {
    /// The source line of instruction `pc`, if known.
    pub fn line_at(&self, pc: usize) -> Option<u32> {
        self.line_info.get(pc).copied()
    }

    /// The name of the `n`-th (1-based) local variable active at `pc`.
    pub fn local_name(&self, mut n: usize, pc: usize) -> Option<&[u8]> {
        // Locals are numbered from 1: 0 names nothing.
        if n == 0 {
            return None;
        }
        for var in self.local_vars.iter() {
            if var.start_pc as usize > pc {
                break;
            }
            if pc < var.end_pc as usize {
                n -= 1;
                if n == 0 {
                    return Some(&var.name);
                }
            }
        }
        None
    }

    /// The name of upvalue `i`, if known.
    pub fn upvalue_name(&self, i: usize) -> Option<&[u8]> {
        self.upvalues.get(i).and_then(|u| u.name.as_deref())
    }
}

impl Trace for Proto {
    const KIND: ObjKind = ObjKind::Proto;
    fn trace(&self, marker: &mut Marker) {
        for k in self.constants.iter() {
            k.trace(marker);
        }
        for p in self.protos.iter() {
            marker.mark(*p);
        }
    }
    fn extra_bytes(&self) -> usize {
        self.code.len() * 4
            + self.constants.len() * std::mem::size_of::<Value>()
            + self.protos.len() * std::mem::size_of::<Gc<Proto>>()
            + self.upvalues.len() * std::mem::size_of::<UpvalDesc>()
            + self.line_info.len() * 4
            + self.local_vars.len() * std::mem::size_of::<LocalVar>()
    }
}

/// A captured variable.
pub struct UpVal {
    /// Where the value is: a stack slot while open, `closed` afterwards.
    location: Cell<*mut Value>,
    closed: UnsafeCell<Value>,
    /// Stack index of the captured slot while open; `usize::MAX` once closed.
    level: Cell<usize>,
}

impl UpVal {
    pub(crate) fn new_open(slot: *mut Value, level: usize) -> UpVal {
        UpVal { location: Cell::new(slot), closed: UnsafeCell::new(Value::Nil), level: Cell::new(level) }
    }

    pub(crate) fn new_closed(v: Value) -> UpVal {
        UpVal { location: Cell::new(std::ptr::null_mut()), closed: UnsafeCell::new(v), level: Cell::new(usize::MAX) }
    }

    /// Finishes construction of a closed upvalue: points it at its own storage. Must be
    /// called once the upvalue has its final address (inside the heap).
    pub(crate) fn fix_closed_location(this: Gc<UpVal>) {
        this.location.set(this.closed.get());
    }

    #[inline(always)]
    pub fn get(&self) -> Value {
        // SAFETY: `location` points at a live stack slot of its thread (kept current by
        // `Thread::grow_stack`) while open, and at `closed` afterwards.
        unsafe { *self.location.get() }
    }

    /// Where the value is (a stack slot while open, `closed` afterwards), for the
    /// interpreter's store, which copies into it and applies the barrier itself.
    #[inline(always)]
    pub(crate) fn location(&self) -> *mut Value {
        self.location.get()
    }

    /// Stores without the collector's barrier: use `Vm::set_upval`.
    #[inline(always)]
    pub(crate) fn set(&self, v: Value) {
        // SAFETY: as in `get`.
        unsafe { *self.location.get() = v }
    }

    #[inline(always)]
    pub(crate) fn level(&self) -> usize {
        self.level.get()
    }

    #[inline(always)]
    pub fn is_open(&self) -> bool {
        self.level.get() != usize::MAX
    }

    /// Copies the current value into the upvalue's own storage.
    pub(crate) fn close(&self) {
        // SAFETY: the VM is single-threaded and no reference into `closed` is live;
        // `location` points at a live stack slot while the upvalue is open.
        unsafe { Value::copy_from(self.closed.get(), self.location.get()) };
        self.location.set(self.closed.get());
        self.level.set(usize::MAX);
    }

    /// Repoints an open upvalue after its thread's stack moved to `new_base`.
    pub(crate) fn rebase(&self, new_base: *mut Value) {
        // `level` is an index into the moved stack, so the new address is in bounds.
        self.location.set(new_base.wrapping_add(self.level.get()));
    }
}

impl Trace for UpVal {
    const KIND: ObjKind = ObjKind::UpVal;
    fn trace(&self, marker: &mut Marker) {
        // An open upvalue's value lives in a stack its thread marks, but the thread
        // may be unreachable while the upvalue is not: mark the value either way.
        self.get().trace(marker);
    }
}

/// A Lua function value. Upvalue slots are cells because `debug.upvaluejoin` can
/// make one closure share another's upvalue.
///
/// A `LuaClosure` exists only inside its collector box, made by
/// `Heap::alloc_lua_closure` with its
/// `upval_count` slots stored right after it (one allocation per closure, as the
/// reference's `LClosure`); it is never moved out of the box.
pub struct LuaClosure {
    pub proto: Gc<Proto>,
    upval_count: usize,
}

impl LuaClosure {
    /// The header of a closure of `proto` with `upval_count` upvalue slots, to be
    /// allocated with them.
    pub(crate) fn header(proto: Gc<Proto>, upval_count: usize) -> LuaClosure {
        LuaClosure { proto, upval_count }
    }

    /// The upvalue slots.
    #[inline(always)]
    pub(crate) fn upvals(&self) -> &[Cell<Gc<UpVal>>] {
        // `Cell<Gc<UpVal>>` has the layout of the `Gc<UpVal>`s written there.
        // SAFETY: `self` lies in its box, followed at `self + 1` by its `upval_count`
        // initialised, aligned slots in the same block (`Heap::alloc_with_tail`).
        unsafe { std::slice::from_raw_parts(LuaClosure::upvals_at(self), self.upval_count) }
    }

    /// Where the upvalue slots of the closure at `closure` start: right after it
    /// (the layout `upvals` reads), so the interpreter finds them from the closure's
    /// address alone.
    #[inline(always)]
    pub(crate) fn upvals_at(closure: *const LuaClosure) -> *const Cell<Gc<UpVal>> {
        closure.wrapping_add(1).cast()
    }

    /// Upvalue object `i`.
    #[inline(always)]
    pub fn upval(&self, i: usize) -> Option<Gc<UpVal>> {
        self.upvals().get(i).map(|c| c.get())
    }
}

impl Trace for LuaClosure {
    const KIND: ObjKind = ObjKind::LuaClosure;
    fn trace(&self, marker: &mut Marker) {
        marker.mark(self.proto);
        for u in self.upvals() {
            marker.mark(u.get());
        }
    }
    fn extra_bytes(&self) -> usize {
        self.upval_count * std::mem::size_of::<Gc<UpVal>>()
    }
    fn box_layout(&self) -> Layout {
        let boxed = Layout::new::<GcBox<LuaClosure>>();
        // Cannot fail for a closure that exists: its slots were allocated once already.
        Layout::from_size_align(boxed.size() + self.extra_bytes(), boxed.align()).unwrap_or(boxed)
    }
}

/// The code of a native closure.
pub enum NativeCode {
    Fn(NativeFn),
    Boxed(BoxedNative),
}

/// A native function with upvalues (Lua's "C closure").
pub struct NativeClosure {
    pub code: NativeCode,
    pub upvalues: Box<[Cell<Value>]>,
    /// Name for messages when the VM cannot find one (e.g. `'sort'`).
    pub name: Option<Gc<LuaStr>>,
}

impl Trace for NativeClosure {
    const KIND: ObjKind = ObjKind::NativeClosure;
    fn trace(&self, marker: &mut Marker) {
        for u in self.upvalues.iter() {
            u.get().trace(marker);
        }
        if let Some(n) = self.name {
            marker.mark(n);
        }
    }
    fn extra_bytes(&self) -> usize {
        self.upvalues.len() * std::mem::size_of::<Value>()
    }
}
