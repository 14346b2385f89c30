//! Coroutine switching: resume, yield, completion and death by error.
//!
//! A resume never recurses on the Rust stack: it moves values between the two threads'
//! stacks, switches `Vm::thread`, and lets the interpreter loop carry on with the
//! resumed thread's top frame. The resuming thread waits in a native frame (the
//! `coroutine.resume` or `wrap` function) whose continuation receives the yielded or
//! returned values, or the error.
//!
//! A host can also suspend a chain of coroutines at once (`NativeReturn::YieldTo`):
//! the running coroutine and those whose resumes it runs in, up to a target, which
//! yields to its resumer. Each suspended resumer records the coroutine it was
//! resuming (`resumes_on_resume`), and resuming it passes the values straight on to
//! that one, so the chain comes back as it was, and the Lua code that made the inner
//! resumes never sees the suspension.
//!
//! Invariants: `resumers` lists the threads waiting for the thread they resumed,
//! innermost last; each has status `Normal`, and the running thread is `Running`.
//! A coroutine's body frame carries `COROUTINE_BASE`, so its return ends the
//! coroutine. A thread with `resumes_on_resume` set is suspended, its top frame the
//! native resume that waits for that coroutine.

use crate::call::Flow;
use crate::error::LuaResult;
use crate::function::ContinuationStatus;
use crate::gc::Gc;
use crate::thread::{frame_flags as ff, Thread, ThreadStatus};
use crate::value::Value;
use crate::vm::{Vm, MAX_NATIVE_DEPTH};

/// Why [`NativeReturn::YieldTo`] cannot suspend the running coroutine up to a target.
///
/// [`NativeReturn::YieldTo`]: crate::NativeReturn::YieldTo
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum YieldToObstacle {
    /// The main thread is running.
    OutsideCoroutine,
    /// The target is neither the running coroutine nor one whose resume it runs in.
    NotResuming,
    /// The running coroutine, the target or a coroutine between them is inside a call
    /// from Rust ([`Vm::call_function`]), which cannot be suspended.
    CallBoundary,
}

impl YieldToObstacle {
    /// The error message, worded as the reference's for plain yields.
    pub fn message(self) -> &'static str {
        match self {
            YieldToObstacle::OutsideCoroutine => "attempt to yield from outside a coroutine",
            YieldToObstacle::NotResuming => "attempt to yield to a coroutine that is not resuming this one",
            YieldToObstacle::CallBoundary => "attempt to yield across a C-call boundary",
        }
    }
}

impl Vm {
    /// Nesting depth of coroutine resumes (for "C stack overflow").
    pub fn resume_depth(&self) -> usize {
        self.resumers.len()
    }

    /// Whether the running code may yield.
    pub fn is_yieldable(&self) -> bool {
        self.thread != self.main_thread && self.state().non_yieldable == 0
    }

    /// Moves the top `n` values of the running thread to the top of `to`.
    fn transfer(&mut self, to: Gc<Thread>, n: usize) -> LuaResult<()> {
        let from = self.state();
        let src = from.top - n;
        // SAFETY: `to` is a different thread from the running one (a thread never
        // resumes itself), so the two states are distinct objects.
        let dest = unsafe { Thread::state(to) };
        if dest.ensure(&mut self.heap, n + crate::call::EXTRA_STACK).is_err() {
            return Err(self.error("stack overflow"));
        }
        for k in 0..n {
            dest.stack[dest.top + k] = from.stack[src + k];
        }
        dest.top += n;
        from.top = src;
        Ok(())
    }

    /// Resumes suspended coroutine `co` with the top `nargs` values of the running
    /// thread, whose top frame (a native frame with a continuation) waits for it.
    pub(crate) fn resume_thread(&mut self, co: Gc<Thread>, nargs: usize) -> LuaResult<Flow> {
        if self.resumers.len() >= MAX_NATIVE_DEPTH as usize {
            return Err(self.error("C stack overflow"));
        }
        self.transfer(co, nargs)?;
        let me = self.thread;
        self.state().status = ThreadStatus::Normal;
        self.resumers.push(me);
        self.thread = co;
        let st = self.state();
        st.status = ThreadStatus::Running;
        if st.fresh {
            st.fresh = false;
            // The body function is in slot 0 and its arguments above it.
            match self.precall(0, -1, ff::COROUTINE_BASE) {
                Ok(Flow::Continue) => Ok(Flow::Reenter),
                Ok(flow) => Ok(flow),
                Err(e) => self.coroutine_died(e),
            }
        } else if let Some(inner) = st.resumes_on_resume.take() {
            self.resume_waiting_inner(inner, nargs)
        } else {
            // Suspended in `yield`: the resume values are the results of that call.
            let idx = st.ci();
            if self.hooks_on() {
                let first = self.state().top - nargs;
                self.hook_return(first, nargs)?;
            }
            let popped = self.poscall(idx, nargs);
            match self.after_return(popped) {
                Ok(Flow::Continue) => Ok(Flow::Reenter),
                Ok(flow) => Ok(flow),
                Err(e) => Err(e),
            }
        }
    }

    /// The running coroutine was suspended by a `YieldTo` while resuming `inner`:
    /// resumes `inner` with the top `nargs` values, from the native resume frame
    /// that waits for it.
    fn resume_waiting_inner(&mut self, inner: Gc<Thread>, nargs: usize) -> LuaResult<Flow> {
        if inner.status() == ThreadStatus::Suspended {
            return self.resume_thread(inner, nargs);
        }
        // Something else resumed `inner` meanwhile: the resume this coroutine was
        // making fails as a resume of a coroutine in that state would.
        self.state().top -= nargs;
        let message = if inner.status() == ThreadStatus::Dead {
            "cannot resume dead coroutine"
        } else {
            "cannot resume non-suspended coroutine"
        };
        let message = self.str_value(message);
        self.push(message)?;
        self.continue_resumer(ContinuationStatus::Error, 1)
    }

    /// The threads a `YieldTo` `target` suspends, the running one first and `target`
    /// last, or why it cannot.
    fn yield_to_chain(&mut self, target: Gc<Thread>) -> Result<Vec<Gc<Thread>>, YieldToObstacle> {
        let running = self.thread;
        let mut chain = vec![running];
        if running != target {
            let Some(pos) = self.resumers.iter().rposition(|&t| t == target) else {
                return Err(YieldToObstacle::NotResuming);
            };
            chain.extend(self.resumers[pos..].iter().rev());
        }
        if chain.contains(&self.main_thread) {
            return Err(YieldToObstacle::OutsideCoroutine);
        }
        // Each thread's state is read as the running thread's, the one safe way to
        // reach it; nothing else happens while `self.thread` points elsewhere.
        let blocked = chain.iter().any(|&t| {
            self.thread = t;
            self.state().non_yieldable > 0
        });
        self.thread = running;
        if blocked {
            return Err(YieldToObstacle::CallBoundary);
        }
        Ok(chain)
    }

    /// Why [`NativeReturn::YieldTo`] cannot suspend the running coroutine up to
    /// `target`, if it cannot.
    ///
    /// [`NativeReturn::YieldTo`]: crate::NativeReturn::YieldTo
    pub fn yield_to_obstacle(&mut self, target: Gc<Thread>) -> Option<YieldToObstacle> {
        self.yield_to_chain(target).err()
    }

    /// `NativeReturn::YieldTo`: suspends the running coroutine and its resumers up to
    /// `target`, which yields the top `n` values.
    pub(crate) fn yield_to(&mut self, target: Gc<Thread>, n: usize) -> LuaResult<Flow> {
        let chain = match self.yield_to_chain(target) {
            Ok(chain) => chain,
            Err(obstacle) => return Err(self.error_str(obstacle.message())),
        };
        for _ in 1..chain.len() {
            let inner = self.thread;
            let Some(resumer) = self.resumers.pop() else {
                return Err(self.error_str(YieldToObstacle::NotResuming.message()));
            };
            self.transfer(resumer, n)?;
            self.state().status = ThreadStatus::Suspended;
            self.thread = resumer;
            self.state().resumes_on_resume = Some(inner);
        }
        self.yield_values(n)
    }

    /// `coroutine.yield`: suspends the running coroutine with the top `n` values.
    pub(crate) fn yield_values(&mut self, n: usize) -> LuaResult<Flow> {
        if self.thread == self.main_thread || self.resumers.is_empty() {
            return Err(self.error_str("attempt to yield from outside a coroutine"));
        }
        if self.state().non_yieldable > 0 {
            return Err(self.error_str("attempt to yield across a C-call boundary"));
        }
        let Some(resumer) = self.resumers.pop() else {
            return Err(self.error_str("attempt to yield from outside a coroutine"));
        };
        self.transfer(resumer, n)?;
        self.state().status = ThreadStatus::Suspended;
        self.thread = resumer;
        self.state().status = ThreadStatus::Running;
        self.continue_resumer(ContinuationStatus::Yielded, n)
    }

    /// The body of the running coroutine returned the top `n` values.
    pub(crate) fn coroutine_returned(&mut self, n: usize) -> LuaResult<Flow> {
        let Some(resumer) = self.resumers.pop() else {
            return Err(self.error("cannot resume dead coroutine"));
        };
        self.transfer(resumer, n)?;
        let st = self.state();
        st.status = ThreadStatus::Dead;
        let stack_bytes = st.stack.len() * std::mem::size_of::<Value>();
        if let Some(spare) = st.take_buffers_of_finished() {
            // The thread's size counted its stack; the pool does not.
            self.heap.adjust(-(stack_bytes as isize));
            self.heap.keep_spare_stack(spare);
        }
        self.thread = resumer;
        self.state().status = ThreadStatus::Running;
        self.continue_resumer(ContinuationStatus::Ok, n)
    }

    /// The running coroutine raised an uncaught error: it dies, and its resumer gets
    /// the error value.
    pub(crate) fn coroutine_died(&mut self, e: crate::error::LuaError) -> LuaResult<Flow> {
        let Some(resumer) = self.resumers.pop() else {
            return Err(e);
        };
        let err = self.error_value;
        let st = self.state();
        st.status = ThreadStatus::Dead;
        st.error_value = Some(err);
        self.thread = resumer;
        self.state().status = ThreadStatus::Running;
        if e.kind == crate::error::ErrorKind::Interrupted {
            // Not a result of the resume: the limit goes on up to the host.
            return Err(e);
        }
        self.error_handled_at = None;
        self.push(err)?;
        self.continue_resumer(ContinuationStatus::Error, 1)
    }

    /// Runs the continuation of the resumer's waiting native frame.
    fn continue_resumer(&mut self, status: ContinuationStatus, n: usize) -> LuaResult<Flow> {
        let idx = self.state().ci();
        let ret = self.run_continuation(idx, status, n)?;
        match self.process_native_return(idx, &ret)? {
            Flow::Continue => Ok(Flow::Reenter),
            other => Ok(other),
        }
    }

    /// Closes a suspended or dead coroutine: runs its pending `__close` handlers
    /// (with its error, if it died of one) and empties its stack. Returns the error
    /// value if it died in error or a handler failed.
    pub fn close_thread(&mut self, co: Gc<Thread>) -> Result<(), Value> {
        let saved = self.thread;
        self.thread = co;
        let mut err = self.state().error_value.take();
        // As the reference resets the thread before closing, its frames go first: a
        // handler error must not reach a protected call (or its message handler) the
        // coroutine was suspended in. The handlers run above everything it used.
        self.pop_frames_keeping_stack(0);
        self.state().close_upvals(&mut self.heap, 0);
        while let Some(slot) = self.state().tbc.pop() {
            let v = self.state().stack[slot];
            let tm = self.metamethod(&v, crate::meta::Tm::Close);
            if self.call_function(tm, &[v, err.unwrap_or(Value::Nil)]).is_err() {
                err = Some(self.error_value);
            }
        }
        let st = self.state();
        st.frames.clear();
        st.top = 0;
        st.status = ThreadStatus::Dead;
        st.fresh = false;
        st.resumes_on_resume = None;
        self.thread = saved;
        match err {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

/// Marks the threads waiting in resumes.
pub(crate) fn mark_resume_chain(vm: &mut Vm) {
    let threads: Vec<Gc<Thread>> = vm.resumers.clone();
    let marker = vm.heap.marker();
    for t in threads {
        marker.mark(t);
    }
}
