//! Threads (coroutines): a value stack, a stack of call frames, open upvalues and
//! pending to-be-closed variables.
//!
//! Invariants: `stack.len()` is the allocated size and every slot is initialised;
//! `top <= stack.len()`; every frame's registers lie below `stack.len()`. Open upvalues
//! are kept sorted by stack level, and each points at its slot in `stack`; whenever the
//! stack is reallocated they are repointed. To-be-closed slots are kept in increasing
//! order. Slots at or above `top` hold no value the program can observe.

use crate::function::{Continuation, Protect, Proto, UpVal};
use crate::gc::{Gc, Heap, Marker, ObjKind, Trace};
use crate::gc_pool::BlockPool;
use crate::value::Value;
use selenite_bytecode::Instruction;
use std::cell::UnsafeCell;

/// Most stack slots a thread may use (the reference's `LUAI_MAXSTACK`).
pub const MAX_STACK: usize = 1_000_000;
/// Slots available to a native function beyond its arguments (`LUA_MINSTACK`).
pub const MIN_NATIVE_STACK: usize = 20;
/// Extra room above the limit so an overflow can still be handled.
const ERROR_STACK_EXTRA: usize = 200;

/// Frame flags.
pub(crate) mod frame_flags {
    /// A Lua frame (otherwise native).
    pub const LUA: u16 = 1;
    /// Returning from this frame returns from the Rust call that started it.
    pub const FRESH: u16 = 2;
    /// The frame runs a metamethod for the instruction its caller is executing: when
    /// it returns, the caller's instruction is finished with the result.
    pub const FINISH_OP: u16 = 4;
    /// The frame was entered by a tail call (for tracebacks).
    pub const TAIL: u16 = 8;
    /// A native frame waiting for a call it requested, which is protected.
    pub const PROTECTED: u16 = 16;
    /// The frame is closing to-be-closed variables on its way out (`RETURN` with `k`).
    pub const CLOSING_RETURN: u16 = 32;
    /// The frame runs the `__close` handler of a `CLOSE` or `RETURN` instruction.
    pub const CLOSE_HANDLER: u16 = 64;
    /// The frame runs a debug hook.
    pub const HOOK: u16 = 256;
    /// A protected call started while hooks were disabled (inside a hook); recovery
    /// from an error restores that state, as `lua_pcall` restores `allowhook`.
    pub const HOOKS_OFF: u16 = 512;
    /// A Rust-level protected call: errors inside it are not seen by the message
    /// handlers of enclosing `xpcall`s.
    pub const HANDLER_BARRIER: u16 = 1024;
    /// A protected native frame that caught an error and is running the `__close`
    /// handlers of the frames the error left, one call at a time (so they may yield);
    /// the current error value sits on the stack top below each handler call.
    pub const ERROR_CLOSING: u16 = 2048;
    /// The frame runs a finalizer (`__gc`), which reports its name as such.
    pub const FINALIZER: u16 = 4096;
    /// The body function of a coroutine: its return ends the coroutine.
    pub const COROUTINE_BASE: u16 = 128;
    /// A Lua frame whose return goes plainly back to the Lua frame below it: called
    /// from that frame, and neither `FRESH`, `FINISH_OP` nor `COROUTINE_BASE`. Fixed
    /// when the frame is pushed (a tail call keeps it), so that the interpreter's
    /// returns test one bit.
    pub const LUA_CALLER: u16 = 8192;
    /// Flags describing the caller's expectations, which a tail-called function
    /// inherits from the frame it replaces.
    pub const KEPT_BY_TAIL_CALL: u16 = FRESH | FINISH_OP | CLOSE_HANDLER | COROUTINE_BASE | LUA_CALLER;
}

/// One activation record.
#[derive(Clone, Copy, Debug)]
pub(crate) struct CallInfo {
    /// Stack index of the called function.
    pub func: usize,
    /// Stack index of the first register or argument.
    pub base: usize,
    /// One past the last slot the frame may use.
    pub top: usize,
    /// Lua frames: the next instruction to run, inside the prototype's code (null for
    /// native frames). A pointer, as the reference's `savedpc`: a call saves the
    /// caller's position without converting it, and a return resumes there without
    /// first loading the caller's closure and prototype.
    pub savedpc: *const Instruction,
    /// Results the caller wants; -1 means all.
    pub nresults: i32,
    pub flags: u16,
    /// Vararg Lua frames: how many extra arguments sit below `func` (fewer than
    /// `MAX_STACK`; 32 bits keep `CallInfo` at 72 bytes).
    pub n_extra_args: u32,
    /// Native frames waiting on a call: what to run when it returns.
    pub cont: Option<Continuation>,
    pub protect: Protect,
    /// For a protected call: the stack index where the called function was, i.e. where
    /// the error unwinding stops.
    pub call_slot: usize,
    /// Native functions between this frame and the bottom of the thread that are
    /// waiting for a call they made: the reference's C-stack depth, limited to
    /// [`crate::vm::MAX_NATIVE_DEPTH`] ("C stack overflow").
    pub c_depth: u16,
}

const _: () = assert!(std::mem::size_of::<CallInfo>() == 64);

impl CallInfo {
    /// The frame of a Lua function of `proto` in stack slot `func`, using its
    /// `max_stack` registers above it.
    #[inline(always)]
    pub fn lua(func: usize, proto: &Proto, nresults: i32, flags: u16, c_depth: u16) -> CallInfo {
        CallInfo {
            func,
            base: func + 1,
            top: func + 1 + proto.max_stack as usize,
            savedpc: proto.code.as_ptr(),
            nresults,
            flags: frame_flags::LUA | flags,
            n_extra_args: 0,
            cont: None,
            protect: Protect::None,
            call_slot: 0,
            c_depth,
        }
    }

    /// The frame of a native function in stack slot `func`, whose stack may grow to
    /// `top`.
    #[inline(always)]
    pub fn native(func: usize, top: usize, nresults: i32, c_depth: u16) -> CallInfo {
        CallInfo {
            func,
            base: func + 1,
            top,
            savedpc: std::ptr::null(),
            nresults,
            flags: 0,
            n_extra_args: 0,
            cont: None,
            protect: Protect::None,
            call_slot: 0,
            c_depth,
        }
    }

    #[inline(always)]
    pub fn is_lua(&self) -> bool {
        self.flags & frame_flags::LUA != 0
    }

    /// Index in `proto`'s code of the next instruction of this Lua frame, which runs
    /// `proto`.
    pub fn pc_index(&self, proto: &Proto) -> usize {
        (self.savedpc as usize).wrapping_sub(proto.code.as_ptr() as usize) / std::mem::size_of::<Instruction>()
    }

    /// Index of the instruction this Lua frame of `proto` is executing.
    pub fn current_pc(&self, proto: &Proto) -> usize {
        self.pc_index(proto).saturating_sub(1)
    }
}

/// Coroutine status as `coroutine.status` reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThreadStatus {
    /// Created or yielded; can be resumed.
    Suspended,
    /// Running (it is the coroutine asking).
    Running,
    /// Resumed another coroutine and waits for it.
    Normal,
    /// Finished, or stopped by an error.
    Dead,
}

impl ThreadStatus {
    /// The name `coroutine.status` gives the status.
    pub fn name(self) -> &'static str {
        match self {
            ThreadStatus::Suspended => "suspended",
            ThreadStatus::Running => "running",
            ThreadStatus::Normal => "normal",
            ThreadStatus::Dead => "dead",
        }
    }
}

pub(crate) struct ThreadState {
    pub stack: Vec<Value>,
    pub top: usize,
    pub frames: Vec<CallInfo>,
    pub open_upvals: Vec<Gc<UpVal>>,
    pub tbc: Vec<usize>,
    pub status: ThreadStatus,
    /// Nested Rust-level calls into the interpreter on this thread; a coroutine can
    /// only yield when this is zero.
    pub non_yieldable: u32,
    /// The coroutine died with an error (the error value is in slot 0 of `stack`
    /// history: kept in `error_value`).
    pub error_value: Option<Value>,
    /// True until the first resume.
    pub fresh: bool,
    /// While this coroutine is suspended by a [`NativeReturn::YieldTo`] that started
    /// in a coroutine it was resuming: that coroutine, which resuming this one resumes.
    ///
    /// [`NativeReturn::YieldTo`]: crate::NativeReturn::YieldTo
    pub resumes_on_resume: Option<Gc<Thread>>,
    /// The thread's debug hook.
    pub hooks: crate::hooks::HookState,
}

/// A Lua thread. The interior is only touched by the VM core, which never holds two
/// references to one thread's state at once.
pub struct Thread {
    state: UnsafeCell<ThreadState>,
}

const INITIAL_STACK: usize = 2 * MIN_NATIVE_STACK + 8;

/// The stack and frame vectors of a collected coroutine, kept to start a new one
/// (see [`crate::gc_pool::BlockPool::take_spare_stack`]): a program that creates
/// coroutines by the million then reuses the same few buffers.
pub(crate) struct SpareStack {
    stack: Vec<Value>,
    frames: Vec<CallInfo>,
}

impl ThreadState {
    /// The buffers of a coroutine that just returned, for the next coroutine to
    /// start with while they are still in the cache (a program that runs coroutines
    /// to completion one after another then keeps reusing the same memory), if they
    /// are the initial size and nothing refers into them. The thread keeps empty
    /// vectors: a dead coroutine runs no more code, and its frames are gone already.
    pub(crate) fn take_buffers_of_finished(&mut self) -> Option<SpareStack> {
        let reusable = self.open_upvals.is_empty()
            && self.tbc.is_empty()
            && self.stack.capacity() == INITIAL_STACK
            && self.frames.capacity() <= SPARE_FRAMES_MAX;
        if !reusable {
            return None;
        }
        self.top = 0;
        self.frames.clear();
        Some(SpareStack { stack: std::mem::take(&mut self.stack), frames: std::mem::take(&mut self.frames) })
    }
}

impl SpareStack {
    /// Bytes the buffers hold.
    pub(crate) fn bytes(&self) -> usize {
        self.stack.capacity() * std::mem::size_of::<Value>() + self.frames.capacity() * std::mem::size_of::<CallInfo>()
    }
}

impl Thread {
    /// A new thread, with the buffers of `spare` when there are some.
    pub(crate) fn new(spare: Option<SpareStack>) -> Thread {
        let (stack, frames) = match spare {
            Some(SpareStack { mut stack, mut frames }) => {
                stack.clear();
                stack.resize(INITIAL_STACK, Value::Nil);
                frames.clear();
                (stack, frames)
            }
            None => (vec![Value::Nil; INITIAL_STACK], Vec::new()),
        };
        Thread {
            state: UnsafeCell::new(ThreadState {
                stack,
                top: 0,
                frames,
                open_upvals: Vec::new(),
                tbc: Vec::new(),
                status: ThreadStatus::Suspended,
                non_yieldable: 0,
                error_value: None,
                fresh: true,
                resumes_on_resume: None,
                hooks: crate::hooks::HookState::default(),
            }),
        }
    }

    /// The thread's state.
    ///
    /// # Safety
    /// The thread must stay alive while the returned reference is used, and no other
    /// reference to its state may be used meanwhile (the VM core takes it for one
    /// operation at a time and re-takes it after anything that could take it again).
    #[inline(always)]
    #[allow(clippy::mut_from_ref)]
    pub(crate) unsafe fn state<'a>(this: Gc<Thread>) -> &'a mut ThreadState {
        // SAFETY: liveness and exclusivity are the caller's obligations; the VM is
        // single-threaded.
        unsafe { &mut *(*this.as_ptr()).state.get() }
    }

    /// The coroutine status.
    pub fn status(&self) -> ThreadStatus {
        // SAFETY: a short read; no mutable reference is live while a native function
        // asks for the status.
        unsafe { (*self.state.get()).status }
    }
}

impl ThreadState {
    /// Makes sure `n` more slots above `top` exist. Fails past [`MAX_STACK`].
    #[inline]
    pub fn ensure(&mut self, heap: &mut Heap, n: usize) -> Result<(), bool> {
        if self.top + n <= self.stack.len() {
            return Ok(());
        }
        self.grow(heap, self.top + n)
    }

    /// Grows the stack to hold at least `needed` slots. Past [`MAX_STACK`] the stack
    /// gets a little extra room so the "stack overflow" error can be handled, and
    /// `Err(false)` is returned; needing more while already in that room is an error
    /// while handling the error: `Err(true)`.
    #[cold]
    pub fn grow(&mut self, heap: &mut Heap, needed: usize) -> Result<(), bool> {
        let size = self.stack.len();
        if needed <= size {
            return Ok(());
        }
        if size > MAX_STACK {
            return Err(true);
        }
        if needed > MAX_STACK {
            self.resize(heap, MAX_STACK + ERROR_STACK_EXTRA);
            return Err(false);
        }
        let new_size = (size * 2).max(needed).clamp(needed, MAX_STACK);
        self.resize(heap, new_size);
        Ok(())
    }

    fn resize(&mut self, heap: &mut Heap, new_size: usize) {
        let old = self.stack.len();
        self.stack.resize(new_size, Value::Nil);
        self.stack.shrink_to_fit();
        heap.adjust((new_size as isize - old as isize) * std::mem::size_of::<Value>() as isize);
        let base = self.stack.as_mut_ptr();
        for uv in &self.open_upvals {
            uv.rebase(base);
        }
    }

    /// Shrinks an overgrown stack back after an overflow was handled.
    pub fn shrink_after_overflow(&mut self, heap: &mut Heap) {
        if self.stack.len() > MAX_STACK {
            let needed = self.frames.iter().map(|f| f.top).max().unwrap_or(0).max(self.top);
            if needed <= MAX_STACK {
                self.resize(heap, needed.clamp(INITIAL_STACK, MAX_STACK));
            }
        }
    }

    /// Returns the open upvalue for stack slot `level`, creating it if needed.
    pub fn find_upval(&mut self, heap: &mut Heap, level: usize) -> Gc<UpVal> {
        let pos = self.open_upvals.partition_point(|u| u.level() < level);
        if let Some(u) = self.open_upvals.get(pos) {
            if u.level() == level {
                return *u;
            }
        }
        let slot = self.stack.as_mut_ptr().wrapping_add(level);
        let uv = heap.alloc(UpVal::new_open(slot, level));
        self.open_upvals.insert(pos, uv);
        uv
    }

    /// Closes every open upvalue at or above stack slot `level`. A closed upvalue is
    /// no longer re-read through the stack, so the value it takes goes through the
    /// forward barrier.
    #[inline]
    pub fn close_upvals(&mut self, heap: &mut Heap, level: usize) {
        while let Some(&u) = self.open_upvals.last() {
            if u.level() < level {
                break;
            }
            u.close();
            heap.barrier(u, u.get());
            self.open_upvals.pop();
        }
    }

    /// The index of the current frame.
    #[inline(always)]
    pub fn ci(&self) -> usize {
        self.frames.len() - 1
    }
}

impl Trace for Thread {
    const KIND: ObjKind = ObjKind::Thread;

    fn trace(&self, marker: &mut Marker) {
        // SAFETY: tracing runs at a safepoint, when the VM holds no reference into
        // any thread's state; the thread is alive (it is being traced).
        let st = unsafe { &mut *self.state.get() };
        // As in the reference, only slots below `top` are live: a frame's registers
        // above a call it is making are dead, and a Lua frame collecting at a
        // safepoint raises `top` to its frame top first (`Vm::op_safepoint`).
        let live = st.top.min(st.stack.len());
        for v in &st.stack[..live] {
            v.trace(marker);
        }
        // Clear dead slots so stale pointers can never be observed after the sweep.
        for v in &mut st.stack[live..] {
            *v = Value::Nil;
        }
        for u in &st.open_upvals {
            marker.mark(*u);
        }
        if let Some(e) = st.error_value {
            e.trace(marker);
        }
        if let Some(inner) = st.resumes_on_resume {
            marker.mark(inner);
        }
        st.hooks.function.trace(marker);
    }

    fn extra_bytes(&self) -> usize {
        // SAFETY: a short read of the length.
        unsafe { (*self.state.get()).stack.len() * std::mem::size_of::<Value>() }
    }

    unsafe fn release_pooled(&mut self, pool: &mut BlockPool) {
        let st = self.state.get_mut();
        // Only stacks that never grew are worth keeping: they are what a new
        // coroutine starts with. (A coroutine that returned gave its buffers away
        // already and holds empty ones.)
        if st.stack.capacity() == INITIAL_STACK && st.frames.capacity() <= SPARE_FRAMES_MAX {
            let stack = std::mem::take(&mut st.stack);
            let frames = std::mem::take(&mut st.frames);
            pool.keep_spare_stack(SpareStack { stack, frames });
        }
    }
}

/// Frame vectors longer than this are not kept for reuse.
const SPARE_FRAMES_MAX: usize = 8;
