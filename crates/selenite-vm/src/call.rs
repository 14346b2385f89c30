//! Calls, returns and errors: pushing and popping frames, running native functions
//! and their continuations, unwinding to protected calls, and calls from Rust.
//!
//! Lua-to-Lua calls, returns, metamethod calls and protected calls never recurse on
//! the Rust stack: they push or pop frames and the interpreter loop carries on with
//! the new top frame. Only a native function that calls back into Lua through
//! [`Vm::call`] nests an interpreter loop; such nesting is limited to
//! [`MAX_NATIVE_DEPTH`] levels ("C stack overflow") and a coroutine cannot yield
//! across it.
//!
//! Frame invariants: a Lua frame's registers are `base..top` with `top = base +
//! max_stack`, and at least [`EXTRA_STACK`] slots exist above `top` so a metamethod
//! call can always be set up there. A native frame's arguments are `base..thread.top`.

use crate::error::{ErrorKind, LuaError, LuaResult};
use crate::function::{ContinuationStatus, LuaClosure, NativeCode, NativeFn, NativeResult, NativeReturn, Protect};
use crate::gc::{Gc, GcHeader};
use crate::thread::{frame_flags as ff, CallInfo, Thread, MIN_NATIVE_STACK};
use crate::value::Value;
use crate::vm::{Vm, MAX_NATIVE_DEPTH};
use std::ptr::NonNull;

/// Slots guaranteed above a Lua frame's registers.
pub(crate) const EXTRA_STACK: usize = 5;

/// What the interpreter should do after a call-related operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Flow {
    /// The current Lua frame goes on with its next instruction.
    Continue,
    /// Frames changed: resume the loop with whatever frame is now on top.
    Reenter,
    /// The frame that started this interpreter loop returned.
    Exit,
}

impl Vm {
    /// Calls the value in slot `func` with the values above it as arguments. A Lua
    /// callee gets a new frame (and `Flow::Reenter`); a native one runs to completion
    /// with its results left at `func` (and `Flow::Continue`), unless it asked for more
    /// work.
    pub(crate) fn precall(&mut self, func: usize, nresults: i32, flags: u16) -> LuaResult<Flow> {
        let mut func_slot = func;
        loop {
            let f = self.state().stack[func_slot];
            match f {
                Value::LuaFn(cl) => {
                    let needed = func_slot + 1 + cl.proto.max_stack as usize + EXTRA_STACK;
                    self.ensure_slots(needed)?;
                    let c_depth = self.callee_c_depth()?;
                    let flags = flags | self.lua_caller_flag(flags);
                    self.push_lua_frame(func_slot, cl, nresults, flags, c_depth);
                    return Ok(Flow::Reenter);
                }
                Value::NativeFn(_) | Value::NativeClosure(_) => {
                    return self.call_native(func_slot, nresults, flags);
                }
                other => {
                    // Not a function: call its `__call` metamethod with the value as
                    // first argument.
                    let tm = self.call_metamethod(other)?;
                    self.grow_stack(1)?;
                    let st = self.state();
                    st.stack.copy_within(func_slot..st.top, func_slot + 1);
                    st.top += 1;
                    st.stack[func_slot] = tm;
                    func_slot = func;
                }
            }
        }
    }

    /// Pushes the frame of Lua function `callee` in slot `func`, its arguments being
    /// `func + 1 .. top` (missing parameters become nil). The stack must already have
    /// room for the frame (`max_stack` slots above `func`, plus `EXTRA_STACK`).
    #[inline(always)]
    pub(crate) fn push_lua_frame(
        &mut self,
        func: usize,
        callee: Gc<LuaClosure>,
        nresults: i32,
        flags: u16,
        c_depth: u16,
    ) {
        let st = self.state();
        let p = &callee.proto;
        let base = func + 1;
        let nparams = p.num_params as usize;
        let nargs = st.top - base;
        if nargs < nparams {
            for slot in &mut st.stack[base + nargs..base + nparams] {
                *slot = Value::Nil;
            }
            st.top = base + nparams;
        }
        st.frames.push(CallInfo::lua(func, p, nresults, flags, c_depth));
    }

    /// [`ff::LUA_CALLER`] if a Lua frame pushed now with `flags` returns plainly to
    /// the frame on top, which is then its caller; otherwise 0.
    fn lua_caller_flag(&self, flags: u16) -> u16 {
        let plain = flags & (ff::FRESH | ff::FINISH_OP | ff::COROUTINE_BASE) == 0
            && self.state().frames.last().is_some_and(CallInfo::is_lua);
        if plain {
            ff::LUA_CALLER
        } else {
            0
        }
    }

    /// The C-stack depth of a frame about to be pushed: one more than the caller's
    /// if the caller is a native function. Fails at the reference's limits.
    fn callee_c_depth(&mut self) -> LuaResult<u16> {
        let st = self.state();
        let Some(caller) = st.frames.last() else {
            return Ok(0);
        };
        let depth = caller.c_depth + u16::from(!caller.is_lua());
        let limit = MAX_NATIVE_DEPTH as u16;
        if depth == limit {
            return Err(self.runtime_error("C stack overflow"));
        }
        if depth >= limit / 10 * 11 {
            return Err(self.error_in_error_handling());
        }
        Ok(depth)
    }

    /// Makes the running thread's stack at least `needed` slots long, or raises
    /// "stack overflow" (or, if already handling one, "error in error handling").
    pub(crate) fn ensure_slots(&mut self, needed: usize) -> LuaResult<()> {
        let st = self.state();
        if needed <= st.stack.len() {
            return Ok(());
        }
        match st.grow(&mut self.heap, needed) {
            Ok(()) => Ok(()),
            Err(false) => Err(self.runtime_error("stack overflow")),
            Err(true) => Err(self.error_in_error_handling()),
        }
    }

    pub(crate) fn error_in_error_handling(&mut self) -> LuaError {
        let v = self.str_value("error in error handling");
        self.error_value = v;
        LuaError { kind: ErrorKind::ErrorHandler }
    }

    /// Pushes the frame of the native function in slot `func`, its arguments being
    /// `func + 1 .. top`, with `MIN_NATIVE_STACK` slots above them.
    #[inline(always)]
    fn push_native_frame(&mut self, func: usize, nresults: i32, flags: u16, c_depth: u16) {
        let st = self.state();
        let mut frame = CallInfo::native(func, st.top + MIN_NATIVE_STACK, nresults, c_depth);
        frame.flags = flags;
        st.frames.push(frame);
    }

    /// Runs a native function in a new frame and handles what it returns.
    fn call_native(&mut self, func: usize, nresults: i32, flags: u16) -> LuaResult<Flow> {
        let needed = self.state().top + MIN_NATIVE_STACK;
        self.ensure_slots(needed)?;
        let c_depth = self.callee_c_depth()?;
        self.push_native_frame(func, nresults, flags, c_depth);
        if self.hooks_on() {
            self.hook_call()?;
        }
        let newest = self.heap.newest_object();
        let ret = match self.state().stack[func] {
            Value::NativeFn(f) => f(self),
            Value::NativeClosure(c) => match &c.code {
                NativeCode::Fn(f) => f(self),
                NativeCode::Boxed(b) => b(self),
            },
            _ => unreachable_native(),
        };
        self.finish_native_call(newest, &ret)
    }

    /// After a native function returned `ret` (read in place, see
    /// `process_native_return`): its error, or a safepoint and its request carried
    /// out. Native functions allocate without safepoints of their own, so one is
    /// taken here, with the results still on the stack (the values a `NativeReturn`
    /// refers to all are); `newest` is the newest object before the call.
    #[inline(always)]
    fn finish_native_call(&mut self, newest: Option<NonNull<GcHeader>>, ret: &NativeResult) -> LuaResult<Flow> {
        let ret = match ret {
            Ok(ret) => ret,
            Err(e) => return Err(*e),
        };
        self.native_safepoint(newest)?;
        let idx = self.state().ci();
        self.process_native_return(idx, ret)
    }

    /// `call_native` for a call from a Lua frame without hooks, when the stack has
    /// room for the callee (`top + MIN_NATIVE_STACK`): no C-stack check (a Lua caller
    /// adds no level and its own level is below the limit), and a plain return of
    /// values goes straight back to the Lua caller. Not inlined, so that the
    /// interpreter's handlers keep the native call's result off their own stack.
    ///
    /// # Safety
    /// The running frame is a Lua frame, `func` and its arguments up to `top` are
    /// inside the stack, and the frame vector has room for one more frame.
    #[inline(never)]
    pub(crate) unsafe fn call_native_from_lua(&mut self, func: usize, f: NativeFn, nresults: i32) -> LuaResult<Flow> {
        let st = self.state();
        let len = st.frames.len();
        // SAFETY: the caller's frame exists and the vector has room for one more
        // (guaranteed by the caller).
        unsafe {
            let c_depth = st.frames.get_unchecked(len - 1).c_depth;
            let frame = CallInfo::native(func, st.top + MIN_NATIVE_STACK, nresults, c_depth);
            st.frames.as_mut_ptr().add(len).write(frame);
            st.frames.set_len(len + 1);
        }
        let newest = self.heap.newest_object();
        let ret = f(self);
        // The common result is read where the callee wrote it, a field at a time:
        // moving the whole `Result` first would read it back in wider pieces than the
        // callee's stores, which waits for them to reach the cache.
        let plain = match &ret {
            Ok(NativeReturn::Values(n)) => Some(*n),
            _ => None,
        };
        if let Some(n) = plain {
            if !self.hooks_on() {
                self.native_safepoint(newest)?;
                // The native frame, at `len`, is on top again. Counts that do not
                // fit (a native claiming more results than it pushed) are cut by
                // `poscall`.
                let st = self.state();
                let wanted = if nresults < 0 { n } else { nresults as usize };
                match place_results(&mut st.stack, st.top, func, n, wanted) {
                    Some(top) => {
                        st.top = top;
                        st.frames.truncate(len);
                    }
                    None => {
                        self.poscall(len, n);
                    }
                }
                // Neither hooks nor limits are on now, whatever the callee did.
                self.use_plain_dispatch();
                return Ok(Flow::Continue);
            }
        }
        let flow = self.finish_native_call(newest, &ret);
        // The callee, or what it called, may have set or cleared a hook.
        self.refresh_dispatch();
        flow
    }

    /// Carries out what native frame `idx` (the top frame) returned, running its
    /// continuations for as long as they complete synchronously.
    /// Takes the request by reference: it was just written by the native function,
    /// field by field, and is read here in the same pieces (a copy would read it back
    /// whole, waiting for those stores to reach the cache).
    pub(crate) fn process_native_return(&mut self, idx: usize, first: &NativeReturn) -> LuaResult<Flow> {
        let mut next;
        let mut ret = first;
        loop {
            match *ret {
                NativeReturn::Values(n) => {
                    if self.hooks_on() {
                        let first = self.state().top - n;
                        self.hook_return(first, n)?;
                    }
                    let popped = self.poscall(idx, n);
                    return self.after_return(popped);
                }
                NativeReturn::Call { nargs, then, protect } => {
                    let st = self.state();
                    let func = st.top - nargs - 1;
                    if then.is_none() && protect == Protect::None {
                        // Tail call: the callee replaces the native frame.
                        let frame = st.frames[idx];
                        st.stack.copy_within(func..st.top, frame.func);
                        st.top = frame.func + nargs + 1;
                        st.frames.pop();
                        let keep = frame.flags & ff::KEPT_BY_TAIL_CALL;
                        let flow = self.precall(frame.func, frame.nresults, keep | ff::TAIL)?;
                        if flow == Flow::Continue {
                            // A native callee already returned; its frame flags were
                            // handled by its own return.
                            return Ok(Flow::Reenter);
                        }
                        return Ok(flow);
                    }
                    {
                        let frame = &mut st.frames[idx];
                        frame.cont = then;
                        frame.protect = protect;
                        frame.call_slot = func;
                        if protect != Protect::None {
                            frame.flags |= ff::PROTECTED;
                            frame.flags &= !ff::HOOKS_OFF;
                            if st.hooks.running {
                                frame.flags |= ff::HOOKS_OFF;
                            }
                        }
                    }
                    match self.precall(func, -1, 0)? {
                        Flow::Continue => {
                            // A native callee finished: its results are at `func`.
                            let n = self.state().top - func;
                            next = self.run_continuation(idx, ContinuationStatus::Ok, n)?;
                            ret = &next;
                        }
                        other => return Ok(other),
                    }
                }
                NativeReturn::Yield(n) => return self.yield_values(n),
                NativeReturn::YieldTo { target, n } => return self.yield_to(target, n),
                NativeReturn::Resume { thread, nargs, then } => {
                    self.state().frames[idx].cont = Some(then);
                    return self.resume_thread(thread, nargs);
                }
            }
        }
    }

    /// Runs the continuation of native frame `idx` with `n` results on top.
    pub(crate) fn run_continuation(
        &mut self,
        idx: usize,
        status: ContinuationStatus,
        n: usize,
    ) -> LuaResult<NativeReturn> {
        let st = self.state();
        let frame = &mut st.frames[idx];
        let cont = frame.cont.take();
        frame.flags &= !ff::PROTECTED;
        frame.protect = Protect::None;
        match cont {
            Some(k) => k(self, status, n),
            None => Ok(NativeReturn::Values(n)),
        }
    }

    /// Moves the top `n` values to the slot of frame `idx`'s function, adjusted to the
    /// number of results the caller wants, and pops the frame. Returns its flags.
    #[inline(always)]
    pub(crate) fn poscall(&mut self, idx: usize, n: usize) -> u16 {
        let st = self.state();
        let frame = &st.frames[idx];
        let (dest, nresults, flags) = (frame.func, frame.nresults, frame.flags);
        // A native function may claim more results than it pushed, and a host caller
        // more than the stack holds: such counts are cut to what is there.
        let n = n.min(st.top.saturating_sub(dest));
        let wanted = if nresults < 0 { n } else { nresults as usize };
        let wanted = wanted.min(st.stack.len().saturating_sub(dest));
        if let Some(top) = place_results(&mut st.stack, st.top, dest, n, wanted) {
            st.top = top;
        }
        st.frames.truncate(idx);
        flags
    }

    /// Continues after a frame with flags `popped` returned.
    pub(crate) fn after_return(&mut self, popped: u16) -> LuaResult<Flow> {
        if popped & ff::FRESH != 0 {
            return Ok(Flow::Exit);
        }
        if popped & ff::COROUTINE_BASE != 0 {
            let n = self.state().top;
            return self.coroutine_returned(n);
        }
        let st = self.state();
        let caller_idx = st.ci();
        let caller = st.frames[caller_idx];
        if caller.is_lua() {
            if self.hooks_on() {
                self.hook_returned_to(caller_idx);
            }
            if popped & ff::FINISH_OP != 0 {
                return self.finish_op(caller_idx);
            }
            return Ok(Flow::Continue);
        }
        if caller.flags & ff::ERROR_CLOSING != 0 {
            return match self.close_next_after_error(caller_idx)? {
                Flow::Continue => Ok(Flow::Reenter),
                other => Ok(other),
            };
        }
        // A native frame waiting for this call.
        let n = st.top - caller.call_slot;
        let ret = self.run_continuation(caller_idx, ContinuationStatus::Ok, n)?;
        match self.process_native_return(caller_idx, &ret)? {
            Flow::Continue => Ok(Flow::Reenter),
            other => Ok(other),
        }
    }

    // ----- calls from Rust -----

    /// Calls the function at stack position `func` (absolute) with the values above
    /// it, from Rust. On success the results are at `func..top`.
    pub(crate) fn call_at(&mut self, func: usize, nresults: i32) -> LuaResult<()> {
        self.call_at_flagged(func, nresults, 0)
    }

    /// `call_at` with extra flags for the called frame (e.g. `HOOK`).
    pub(crate) fn call_at_flagged(&mut self, func: usize, nresults: i32, flags: u16) -> LuaResult<()> {
        if self.native_depth >= MAX_NATIVE_DEPTH {
            if self.native_depth >= MAX_NATIVE_DEPTH / 10 * 11 {
                return Err(self.error_in_error_handling());
            }
            self.native_depth += 1;
            let e = self.error("C stack overflow");
            self.native_depth -= 1;
            return Err(e);
        }
        self.native_depth += 1;
        self.state().non_yieldable += 1;
        let thread = self.thread;
        let entry = self.state().frames.len();
        let result = match self.precall(func, nresults, ff::FRESH | flags) {
            Ok(Flow::Reenter) => self.execute(thread, entry),
            Ok(_) => Ok(()),
            // The error came from a native callee (or from setting up the call): a
            // protected frame it left may still catch it.
            Err(e) if self.state().frames.len() > entry => match self.recover(e, thread, entry) {
                Ok(Flow::Exit) => Ok(()),
                Ok(_) => self.execute(thread, entry),
                Err(e) => Err(e),
            },
            Err(e) => {
                self.state().top = func;
                Err(e)
            }
        };
        // SAFETY: `thread` (where this call started) is rooted, running or resuming;
        // no other reference to its state is live here.
        let st = unsafe { Thread::state(thread) };
        st.non_yieldable -= 1;
        self.native_depth -= 1;
        result
    }

    /// Calls `f` with `args` from Rust and returns all its results. The running
    /// native frame's stack is used for the call.
    pub fn call_function(&mut self, f: Value, args: &[Value]) -> LuaResult<Vec<Value>> {
        let func = self.push_call(f, args)?;
        self.call_at(func, -1)?;
        let st = self.state();
        let results = st.stack[func..st.top].to_vec();
        st.top = func;
        Ok(results)
    }

    /// Pushes `f` and `args` for a call from Rust, making room for all of them at
    /// once; returns the slot of `f`.
    fn push_call(&mut self, f: Value, args: &[Value]) -> LuaResult<usize> {
        let func = self.claim_slots(1 + args.len())?;
        let st = self.state();
        st.stack[func] = f;
        for (slot, arg) in st.stack[func + 1..].iter_mut().zip(args) {
            // Read field by field: the caller may have just written it so.
            *slot = Value::load(arg);
        }
        Ok(func)
    }

    /// Calls `f` with `args` and returns its first result (or nil).
    pub fn call1(&mut self, f: Value, args: &[Value]) -> LuaResult<Value> {
        let func = self.push_call(f, args)?;
        self.call_at(func, 1)?;
        let st = self.state();
        // Read field by field: the callee's return has just written it so.
        let r = Value::load(&st.stack[func]);
        st.top = func;
        Ok(r)
    }

    /// Calls the function `nargs + 1` values below the top with the `nargs` values
    /// above it, leaving `nresults` results (all if negative) in its place.
    pub fn call_on_stack(&mut self, nargs: usize, nresults: i32) -> LuaResult<()> {
        let func = self.state().top - nargs - 1;
        self.call_at(func, nresults)
    }

    /// Like [`Vm::call_function`], but errors are caught: on error the frames and
    /// stack are restored and the error returned (its value is `error_value()`).
    pub fn pcall_function(&mut self, f: Value, args: &[Value]) -> LuaResult<Vec<Value>> {
        self.pcall_function_flagged(f, args, 0)
    }

    /// `pcall_function` with extra flags for the called frame.
    pub(crate) fn pcall_function_flagged(&mut self, f: Value, args: &[Value], flags: u16) -> LuaResult<Vec<Value>> {
        let saved_top = self.state().top;
        let func = saved_top;
        let r = self.push(f).and_then(|()| {
            for a in args {
                self.push(*a)?;
            }
            // Errors stop here: no outer message handler sees them.
            self.call_at_flagged(func, -1, ff::HANDLER_BARRIER | flags)
        });
        let r = r.map(|()| {
            let st = self.state();
            let results = st.stack[func..st.top].to_vec();
            st.top = func;
            results
        });
        if r.is_err() {
            let st = self.state();
            st.top = saved_top;
            st.shrink_after_overflow(&mut self.heap);
        }
        r
    }

    // ----- errors -----

    /// Handles error `e` raised while the interpreter loop that started at frame
    /// `entry` of `entry_thread` was running. Returns `Ok` if a protected call caught
    /// it (the loop continues with the top frame), or the error to pass to Rust.
    pub(crate) fn recover(
        &mut self,
        e: LuaError,
        entry_thread: crate::gc::Gc<crate::thread::Thread>,
        entry: usize,
    ) -> LuaResult<Flow> {
        let mut e = e;
        loop {
            let limit = if self.thread == entry_thread { entry } else { 0 };
            // A host limit cannot be caught by Lua code.
            let catcher = if e.kind == ErrorKind::Interrupted {
                None
            } else {
                let st = self.state();
                (limit..st.frames.len()).rev().find(|&i| st.frames[i].flags & ff::PROTECTED != 0)
            };
            let result = match catcher {
                Some(idx) => self.catch_at(e, idx),
                // The coroutine dies; its resumer receives the error.
                None if self.thread != entry_thread => self.coroutine_died(e),
                None => {
                    // The error leaves this Rust-level call: a message handler of an
                    // enclosing `xpcall` must see the stack before it unwinds.
                    let e = self.apply_outer_handler(e, entry);
                    return Err(self.unwind_to_entry(e, Some(entry)));
                }
            };
            match result {
                Ok(flow) => return Ok(flow),
                Err(next) => e = next,
            }
        }
    }

    /// Unwinds to protected frame `idx`, closes what the error left open, and runs
    /// the frame's continuation with the error.
    fn catch_at(&mut self, e: LuaError, idx: usize) -> LuaResult<Flow> {
        let _ = self.apply_message_handler(e, idx);
        // An error in a `__close` handler run below is caught here again and gets the
        // message handler too, as in the reference.
        self.error_handled_at = None;
        let hooks_off = self.state().frames[idx].flags & ff::HOOKS_OFF != 0;
        self.state().hooks.running = hooks_off;
        // The frames the error leaves are gone before the `__close` handlers run, so
        // they see the protected call as their caller (as in the reference).
        self.pop_frames_keeping_stack(idx + 1);
        self.state().frames[idx].flags |= ff::ERROR_CLOSING;
        let err = self.error_value;
        self.push(err)?;
        self.close_next_after_error(idx)
    }

    /// Runs the next pending `__close` handler above the protected call of frame `idx`
    /// with the error on the stack top, as an ordinary call that may yield (its return
    /// comes back here through `after_return`). When none is left, delivers the error
    /// to the frame's continuation.
    pub(crate) fn close_next_after_error(&mut self, idx: usize) -> LuaResult<Flow> {
        loop {
            let slot = self.state().frames[idx].call_slot;
            self.state().close_upvals(&mut self.heap, slot);
            let st = self.state();
            let err = st.stack[st.top - 1];
            let pending = st.tbc.last().copied().filter(|&t| t >= slot);
            let Some(tbc) = pending else {
                st.frames[idx].flags &= !ff::ERROR_CLOSING;
                st.stack[slot] = err;
                st.top = slot + 1;
                st.shrink_after_overflow(&mut self.heap);
                self.error_value = err;
                let ret = self.run_continuation(idx, ContinuationStatus::Error, 1)?;
                return self.process_native_return(idx, &ret);
            };
            st.tbc.pop();
            let v = st.stack[tbc];
            let tm = self.metamethod(&v, crate::meta::Tm::Close);
            let func = self.state().top;
            self.push(tm)?;
            self.push(v)?;
            self.push(err)?;
            match self.precall(func, 0, 0)? {
                // A native handler already returned.
                Flow::Continue => continue,
                other => return Ok(other),
            }
        }
    }

    /// Pops every frame from the top down to and including `entry`, closing upvalues
    /// and to-be-closed variables, and returns the error to hand to Rust.
    pub(crate) fn unwind_to_entry(&mut self, e: LuaError, entry: Option<usize>) -> LuaError {
        let Some(entry) = entry else { return e };
        let func = self.state().frames[entry].func;
        self.pop_frames_keeping_stack(entry);
        let e = self.close_for_error(e, func);
        self.state().top = func;
        e
    }

    /// Pops the frames from `keep` up, leaving their stack slots in use (`top` above
    /// all of them) for the `__close` handlers that still refer to them.
    pub(crate) fn pop_frames_keeping_stack(&mut self, keep: usize) {
        let st = self.state();
        st.top = st.frames.iter().map(|f| f.top).max().unwrap_or(0).max(st.top);
        st.frames.truncate(keep);
    }

    /// Applies the message handler of the protected call that will catch an error
    /// leaving the Rust-level call at frame `entry`, if that call is an `xpcall` in the
    /// same thread with no protected Rust-level call in between.
    fn apply_outer_handler(&mut self, e: LuaError, entry: usize) -> LuaError {
        let target = {
            let st = self.state();
            let mut found = None;
            for i in (0..=entry.min(st.frames.len().saturating_sub(1))).rev() {
                let f = &st.frames[i];
                if f.flags & ff::HANDLER_BARRIER != 0 {
                    break;
                }
                if f.flags & ff::PROTECTED != 0 {
                    found = Some(i);
                    break;
                }
            }
            found
        };
        match target {
            Some(idx) => self.apply_message_handler(e, idx),
            None => e,
        }
    }

    /// Calls the `xpcall` message handler of protected frame `idx` on the error, once.
    fn apply_message_handler(&mut self, e: LuaError, idx: usize) -> LuaError {
        let frame = self.state().frames[idx];
        let uncatchable = e.kind == ErrorKind::Interrupted;
        if uncatchable || frame.protect != Protect::CatchWithHandler || self.error_handled_at == Some(idx) {
            return e;
        }
        self.error_handled_at = Some(idx);
        let handler = self.state().stack[frame.base];
        let mut e = e;
        let mut attempts = 0;
        loop {
            if e.kind == ErrorKind::ErrorHandler {
                return e;
            }
            attempts += 1;
            if attempts > MAX_NATIVE_DEPTH as usize {
                return self.error_in_error_handling();
            }
            let err = self.error_value;
            match self.call1(handler, &[err]) {
                Ok(v) => {
                    self.error_value = v;
                    self.error_handled_at = Some(idx);
                    return e;
                }
                Err(next) => {
                    if next.kind == ErrorKind::ErrorHandler || self.native_depth + 1 >= MAX_NATIVE_DEPTH {
                        return self.error_in_error_handling();
                    }
                    e = LuaError { kind: e.kind };
                }
            }
        }
    }

    /// Closes upvalues and to-be-closed variables at or above stack slot `level`
    /// because of an error; an error in a `__close` handler replaces `e`.
    pub(crate) fn close_for_error(&mut self, e: LuaError, level: usize) -> LuaError {
        let mut e = e;
        self.state().close_upvals(&mut self.heap, level);
        while let Some(&slot) = self.state().tbc.last() {
            if slot < level {
                break;
            }
            self.state().tbc.pop();
            let v = self.state().stack[slot];
            let tm = self.metamethod(&v, crate::meta::Tm::Close);
            let err = self.error_value;
            if let Err(next) = self.call_function(tm, &[v, err]) {
                e = next;
            } else {
                self.error_value = err;
            }
        }
        e
    }
}

#[cold]
fn unreachable_native() -> NativeResult {
    // `call_native` is only reached for native function values.
    Ok(NativeReturn::Values(0))
}

/// Moves a returning frame's `n` results, the `n` values below `top`, down to slot
/// `dest` (the frame's function slot), padded with nils to `wanted`, and returns
/// the new top; `None`, moving nothing, if the counts do not fit the stack. Values
/// are copied field by field (`Value::copy_from`), one or two at a time in the
/// common case, which beats a `memmove`.
#[inline(always)]
pub(crate) fn place_results(stack: &mut [Value], top: usize, dest: usize, n: usize, wanted: usize) -> Option<usize> {
    let fits = top <= stack.len()
        && top.checked_sub(dest).is_some_and(|room| n <= room)
        && dest.checked_add(wanted).is_some_and(|end| end <= stack.len());
    if !fits {
        return None;
    }
    let src = top - n;
    let slots = stack.as_mut_ptr();
    // SAFETY: `dest <= src` and `src + k < top <= stack.len()` for the copied values,
    // `dest + k < dest + wanted <= stack.len()` for the padding (checked above).
    unsafe {
        if n == 1 && wanted == 1 {
            // The common case, without the loops' set-up.
            Value::copy_from(slots.add(dest), slots.add(src));
            return Some(dest + 1);
        }
        for k in 0..n.min(wanted) {
            Value::copy_from(slots.add(dest + k), slots.add(src + k));
        }
        for k in n..wanted {
            slots.add(dest + k).write(Value::Nil);
        }
    }
    Some(dest + wanted)
}
