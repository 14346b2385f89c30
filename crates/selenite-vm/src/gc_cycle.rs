//! Driving collection cycles: incremental steps paced by allocation debt, the atomic
//! step (roots again, threads and barriered tables again, weak tables and
//! ephemerons, finalizers and coroutines), full collections, and running finalizers
//! (`__gc`).
//!
//! A cycle goes `Pause` -> `Propagate` (roots marked, gray objects traversed a
//! bounded amount per step) -> atomic step -> `Sweep` (a bounded number of objects
//! per step; a dead interned string leaves the string table as it is freed) ->
//! `CallFin` (a few finalizers per step) -> `Pause`, as the reference's `lgc.c`.
//! The atomic step, in the reference's order: mark everything strongly reachable
//! (repeating ephemeron tables until nothing changes); clear weak values; move
//! unreachable objects with finalizers to `to_finalize` and mark them again
//! (resurrection, so their finalizers can use them); clear weak keys and values that
//! are still unmarked; close the open upvalues of dead coroutines that survive them;
//! flip the white. Finalizers run newest registration first, each once, with errors
//! turned into warnings.
//!
//! Pacing (the reference's `incstep`): the allocation debt (bytes allocated past the
//! threshold) is converted to units of work (one per 16 bytes, times `stepmul`%); a
//! step works until it has paid the debt plus `2^stepsize` bytes' worth of credit, or
//! a cycle ends. Then the threshold is set `pause`% above what the cycle left live.
//! Unlike the reference, a step the program's allocation triggers does at most
//! [`MAX_STEPS_AT_ONCE`] steps' worth of work: a large debt (a table's new hash part,
//! or a loop that stores into a table without reaching a safepoint) would take one
//! long step, as it does in the reference; here the rest stays due and is paid by
//! the steps that follow, one per `2^stepsize` bytes the program allocates (each
//! paying up to 32 times that). If the program allocates more than two steps'
//! worth between two such steps (it allocates in bulk between safepoints, and the
//! collector would fall further behind), the debt is paid at once, and so are the
//! debts of the next 16 cycles.

use crate::error::LuaResult;
use crate::gc::{GcState, Marker, SWEEP_MIN};
use crate::meta::Tm;
use crate::thread::Thread;
use crate::value::Value;
use crate::vm::Vm;

/// Bytes per unit of work (the reference's `WORK2MEM`, the size of a value).
const WORK_TO_BYTES: i64 = std::mem::size_of::<Value>() as i64;
/// Finalizers run per step (the reference's `GCFINMAX`), and what each counts as work.
const FINALIZERS_PER_STEP: usize = 10;
const FINALIZER_COST: usize = 50;
/// The most steps' worth of work one allocation-triggered step does.
const MAX_STEPS_AT_ONCE: i64 = 32;
/// Cycles whose steps pay their whole debt after the collector fell behind.
const UNBOUNDED_CYCLES_AFTER_FALLING_BEHIND: u32 = 16;
/// Work a stress-mode step does.
const STRESS_STEP: usize = 64;

impl Vm {
    /// Runs a full collection now, then the finalizers that became due. A cycle in
    /// progress is finished first: an unfinished marking is abandoned (its sweep
    /// whitens everything and frees nothing), a sweep is completed.
    pub fn collect_garbage(&mut self) {
        if self.heap.state == GcState::Propagate {
            self.heap.enter_sweep();
        }
        self.run_until(GcState::Pause);
        self.single_step(usize::MAX);
        self.run_until(GcState::Pause);
        self.heap.set_pause();
        if !self.heap.running {
            self.heap.postpone();
        }
    }

    fn run_until(&mut self, state: GcState) {
        while self.heap.state != state {
            self.single_step(usize::MAX);
        }
    }

    /// Advances the cycle by one state's worth of work, at most about `budget` units
    /// while marking or sweeping; returns the work done.
    fn single_step(&mut self, budget: usize) -> usize {
        match self.heap.state {
            GcState::Pause => {
                self.mark_roots();
                self.heap.state = GcState::Propagate;
                1
            }
            GcState::Propagate => {
                if self.heap.marker().has_gray() {
                    self.heap.propagate(budget)
                } else {
                    self.atomic()
                }
            }
            GcState::Sweep => self.heap.sweep_step(budget.max(SWEEP_MIN), &mut self.strings),
            GcState::CallFin => {
                if self.to_finalize.is_empty() || self.finalizing {
                    self.heap.state = GcState::Pause;
                    0
                } else {
                    self.run_finalizers(FINALIZERS_PER_STEP) * FINALIZER_COST
                }
            }
        }
    }

    /// One incremental step, paid for by the allocation debt (the reference's
    /// `incstep`). A `bounded` step stops after `MAX_STEPS_AT_ONCE` steps' worth
    /// of work unless the collector is falling behind (see the module comment).
    fn incremental_step(&mut self, bounded: bool) {
        let params = self.heap.params;
        let step_mul = i64::from(params.step_mul | 1);
        let step_bytes = 1i64 << params.step_size.min(62);
        let step_size = (step_bytes / WORK_TO_BYTES).saturating_mul(step_mul);
        // After a bounded step the threshold was set a step ahead and the rest of the
        // debt put aside: the program has allocated that step plus what is past the
        // threshold since.
        let unpaid = std::mem::take(&mut self.heap.unpaid_debt);
        let past_threshold = self.heap.debt();
        let owed =
            if unpaid > 0 { unpaid.saturating_add(step_bytes).saturating_add(past_threshold) } else { past_threshold };
        if unpaid > 0 && past_threshold > step_bytes {
            // The program allocates in bulk between safepoints: deferring the debt
            // would only let the heap grow. Pay at once for the next cycles.
            self.heap.unbounded_cycles = UNBOUNDED_CYCLES_AFTER_FALLING_BEHIND;
        }
        let cap = if bounded && self.heap.unbounded_cycles == 0 {
            step_size.saturating_mul(MAX_STEPS_AT_ONCE)
        } else {
            i64::MAX
        };
        let mut debt = (owed / WORK_TO_BYTES).saturating_mul(step_mul);
        let mut done: i64 = 0;
        loop {
            let budget = debt.saturating_add(step_size).min(cap - done).max(1) as usize;
            let work = self.single_step(budget).min(i64::MAX as usize) as i64;
            debt = debt.saturating_sub(work);
            done = done.saturating_add(work);
            if debt <= -step_size || self.heap.state == GcState::Pause || done >= cap {
                break;
            }
        }
        if self.heap.state == GcState::Pause {
            self.heap.set_pause();
            return;
        }
        let left = (debt / step_mul).saturating_mul(WORK_TO_BYTES);
        if done >= cap && left > 0 {
            // Paid in the next steps, one per step of allocation.
            self.heap.unpaid_debt = left;
            self.heap.set_debt(-step_bytes);
        } else {
            self.heap.set_debt(left);
        }
    }

    /// Stress mode (`SELENITE_GC_STRESS`): every safepoint does a little work, so
    /// that cycles interleave finely with the program and a missing barrier or root
    /// shows up as a freed object in use.
    fn stress_step(&mut self) {
        self.single_step(STRESS_STEP);
        if self.heap.state == GcState::Pause {
            self.heap.set_pause();
        } else {
            self.heap.request_collection();
        }
    }

    /// `collectgarbage("step", kb)`: with 0, one basic step; otherwise adds `kb`
    /// kilobytes to the debt and steps if it is due. Runs even when the collector is
    /// stopped. Returns whether a cycle finished, as the reference's.
    ///
    /// In generational mode (which runs this incremental collector) a step is what
    /// the reference's is there, a whole collection, and the answer is false.
    pub fn gc_step(&mut self, kb: i64) -> bool {
        if self.heap.params.generational {
            if kb == 0 || kb.saturating_mul(1024).saturating_add(self.heap.debt()) > 0 {
                self.collect_garbage();
            }
            return false;
        }
        let was_running = self.heap.running;
        self.heap.running = true;
        let mut stepped = true;
        if kb == 0 {
            self.heap.set_debt(0);
            self.incremental_step(false);
        } else {
            let debt = kb.saturating_mul(1024).saturating_add(self.heap.debt());
            self.heap.set_debt(debt);
            if debt > 0 {
                self.incremental_step(false);
            } else {
                stepped = false;
            }
        }
        self.heap.running = was_running;
        if !was_running {
            self.heap.postpone();
        }
        stepped && self.heap.state == GcState::Pause
    }

    /// The atomic step: finishes marking without interruption and starts the sweep.
    fn atomic(&mut self) -> usize {
        let start = self.heap.work_done();
        self.heap.begin_atomic();
        self.mark_root_set();
        self.propagate_all();
        self.remark_upvalues();
        self.propagate_all();
        self.clear_weak_values();
        self.separate_unreachable_finalizable();
        self.propagate_all();
        self.clear_weak_keys();
        self.clear_weak_values();
        self.close_upvalues_of_dead_threads();
        let work = self.heap.work_done() - start;
        self.heap.flip_white_and_sweep();
        work
    }

    /// An open upvalue of a coroutine nobody reaches is not re-read through its
    /// thread's stack, yet its slot may have been written since the upvalue was
    /// traversed: mark the current values of those already reached (the reference's
    /// `remarkupvals`).
    fn remark_upvalues(&mut self) {
        for &t in &self.coroutines {
            if Marker::is_marked(t) {
                continue;
            }
            // SAFETY: at a safepoint no reference into any thread's state is live, and
            // the coroutine is still allocated (the sweep has not run).
            let st = unsafe { Thread::state(t) };
            for &u in &st.open_upvals {
                if Marker::is_marked(u) {
                    u.get().trace(self.heap.marker());
                }
            }
        }
    }

    /// An open upvalue points into its thread's stack; a closure may outlive the
    /// (unreachable) coroutine whose local it captured. Before the sweep frees such a
    /// thread, the upvalues that survive take their value into their own storage (the
    /// value was marked through the upvalue).
    fn close_upvalues_of_dead_threads(&mut self) {
        self.coroutines.retain(|&t| {
            if Marker::is_marked(t) {
                return true;
            }
            // SAFETY: marking is over and nothing is freed yet, so the thread and its
            // stack are still allocated; no other reference into its state is live.
            let st = unsafe { Thread::state(t) };
            for u in st.open_upvals.drain(..) {
                if Marker::is_marked(u) {
                    u.close();
                }
            }
            false
        });
    }

    /// Marks until the gray queue is empty and no ephemeron table gains marks.
    fn propagate_all(&mut self) {
        loop {
            self.heap.propagate(usize::MAX);
            let tables = self.heap.marker().ephemerons.clone();
            let mut changed = false;
            for t in tables {
                if t.mark_ephemeron_values(self.heap.marker()) {
                    changed = true;
                }
            }
            if !changed && !self.heap.marker().has_gray() {
                break;
            }
        }
    }

    fn clear_weak_values(&mut self) {
        let marker = self.heap.marker();
        let tables: Vec<_> = marker.weak_values.iter().chain(marker.all_weak.iter()).copied().collect();
        for t in tables {
            t.clear_dead_values(self.heap.marker());
        }
    }

    fn clear_weak_keys(&mut self) {
        let marker = self.heap.marker();
        let tables: Vec<_> = marker.ephemerons.iter().chain(marker.all_weak.iter()).copied().collect();
        for t in tables {
            t.clear_dead_keys(self.heap.marker());
        }
    }

    /// Moves unreachable objects with finalizers to `to_finalize`, marking them.
    fn separate_unreachable_finalizable(&mut self) {
        let mut keep = Vec::with_capacity(self.finalizable.len());
        for v in std::mem::take(&mut self.finalizable) {
            if crate::gc::is_unmarked_object(&v) {
                finalizer_flag(&v, false);
                self.to_finalize.push(v);
                v.trace(self.heap.marker());
            } else {
                keep.push(v);
            }
        }
        self.finalizable = keep;
    }

    /// Starts a cycle and marks the roots.
    fn mark_roots(&mut self) {
        self.heap.begin_cycle();
        self.mark_root_set();
    }

    /// Marks the VM's roots (at the start of a cycle and again in the atomic step,
    /// since roots change without barriers).
    fn mark_root_set(&mut self) {
        let mode_key = self.tm_name(Tm::Mode);
        let marker = self.heap.marker();
        marker.mode_key = Some(mode_key);
        marker.mark(self.registry);
        marker.mark(self.globals);
        marker.mark(self.main_thread);
        marker.mark(self.thread);
        for mt in self.type_metatables.iter().flatten() {
            marker.mark(*mt);
        }
        for s in self.tm_names.iter().chain(&self.type_names) {
            marker.mark(*s);
        }
        marker.mark(self.loaded_key);
        for s in self.strings.single_bytes() {
            marker.mark(s);
        }
        self.error_value.trace(marker);
        self.roots.trace(marker);
        for v in &self.to_finalize {
            v.trace(marker);
        }
        crate::coroutine::mark_resume_chain(self);
    }

    /// Registers `v` for finalization if its metatable has `__gc` (called when a
    /// metatable is set, as the reference decides at that moment).
    pub fn check_finalizer(&mut self, v: Value) {
        if !matches!(v, Value::Table(_) | Value::UserData(_)) {
            return;
        }
        let Some(mt) = self.metatable(&v) else { return };
        let gc = self.tm_name(Tm::Gc);
        if mt.get_str(gc).is_nil() {
            return;
        }
        if finalizer_flag(&v, true) {
            return;
        }
        self.finalizable.push(v);
    }

    /// Runs up to `max` of the finalizers that are due, newest first; returns how
    /// many ran. Must be called where calling Lua is allowed.
    fn run_finalizers(&mut self, max: usize) -> usize {
        if self.finalizing || self.to_finalize.is_empty() {
            return 0;
        }
        self.finalizing = true;
        // Calls go above everything the running frame uses.
        let st = self.state();
        let saved_top = st.top;
        if let Some(f) = st.frames.last() {
            if st.top < f.top {
                st.top = f.top;
            }
        }
        let mut ran = 0;
        while ran < max {
            let Some(obj) = self.to_finalize.pop() else { break };
            self.call_finalizer(obj);
            ran += 1;
        }
        self.state().top = saved_top;
        self.finalizing = false;
        ran
    }

    fn call_finalizer(&mut self, obj: Value) {
        let tm = self.metamethod(&obj, Tm::Gc);
        if tm.is_nil() {
            return;
        }
        let saved_error = self.error_value;
        if self.pcall_function_flagged(tm, &[obj], crate::thread::frame_flags::FINALIZER).is_err() {
            let msg = match self.error_value {
                Value::Str(s) => s.as_bytes().to_vec(),
                _ => b"error object is not a string".to_vec(),
            };
            self.warn(b"error in ", true);
            self.warn(b"__gc", true);
            self.warn(b" (", true);
            self.warn(&msg, true);
            self.warn(b")", false);
        }
        self.error_value = saved_error;
    }

    /// Runs every pending finalizer, reachable or not (the state is closing).
    pub fn close_finalizers(&mut self) {
        self.collect_garbage();
        let all = std::mem::take(&mut self.finalizable);
        for v in &all {
            finalizer_flag(v, false);
        }
        self.to_finalize.extend(all);
        self.run_finalizers(usize::MAX);
    }

    /// A safepoint: takes a collection step if the allocation debt is due, and
    /// enforces the memory limit. Only call where every live value is rooted.
    #[inline]
    pub(crate) fn gc_safepoint(&mut self) -> LuaResult<()> {
        // (A refused allocation also lowers the threshold, so it is seen here.)
        if self.heap.should_collect() {
            return self.gc_safepoint_slow();
        }
        Ok(())
    }

    /// The safepoint after a native function returns, given the newest object before
    /// the call. As in the reference, which looks for collection work where its API
    /// creates objects but not where a table grows, a step is taken only if the
    /// function created an object (or an allocation was refused): a native that only
    /// stores into tables (`table.insert`) leaves the pacing to the instructions that
    /// allocate, whose safepoints keep fewer registers alive. A cycle that ends while
    /// every register of a loop is live sets a higher threshold for the next one.
    #[inline(always)]
    pub(crate) fn native_safepoint(
        &mut self,
        newest_before: Option<std::ptr::NonNull<crate::gc::GcHeader>>,
    ) -> LuaResult<()> {
        // Compared as addresses: `Option`'s own comparison tests both discriminants.
        let address =
            |p: Option<std::ptr::NonNull<crate::gc::GcHeader>>| p.map_or(std::ptr::null_mut(), |p| p.as_ptr());
        if address(self.heap.newest_object()) != address(newest_before) || self.heap.refusal_pending() {
            return self.gc_safepoint();
        }
        Ok(())
    }

    #[cold]
    fn gc_safepoint_slow(&mut self) -> LuaResult<()> {
        if self.heap.bytes() > self.heap.limit() {
            // Over the limit: an emergency full collection before giving up.
            self.collect_garbage();
        } else if !self.heap.running {
            self.heap.postpone();
        } else if self.finalizing {
            // The collector does not step while a finalizer runs (as the
            // reference's); look again after another step's worth of allocation.
            let step = 1i64 << self.heap.params.step_size.min(40);
            self.heap.set_debt(-step);
        } else if self.heap.stress {
            self.stress_step();
        } else {
            self.incremental_step(true);
        }
        if self.heap.take_refused() || self.heap.bytes() > self.heap.limit() {
            return Err(self.memory_error());
        }
        Ok(())
    }
}

/// Sets or clears the finalization flag of a table or userdata; returns the old value.
fn finalizer_flag(v: &Value, on: bool) -> bool {
    match *v {
        Value::Table(t) => t.swap_finalizer_flag(on),
        Value::UserData(u) => u.swap_finalizer_flag(on),
        _ => false,
    }
}
