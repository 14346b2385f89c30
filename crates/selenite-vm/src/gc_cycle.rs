//! One collection cycle: marking the VM's roots, weak tables and ephemerons,
//! finalizers (`__gc`), sweeping, and running due finalizers.
//!
//! Order of a cycle, as in the reference's atomic phase: mark everything strongly
//! reachable (repeating ephemeron tables until nothing changes); clear weak values;
//! move unreachable objects with finalizers to `to_finalize` and mark them again
//! (resurrection, so their finalizers can use them); clear weak keys and values that
//! are still unmarked; drop dead interned strings; close the open upvalues of dead
//! coroutines that survive them; sweep. Finalizers then run at the
//! same safepoint, newest registration first, each once, with errors turned into
//! warnings.

use crate::error::LuaResult;
use crate::gc::Marker;
use crate::meta::Tm;
use crate::thread::Thread;
use crate::value::Value;
use crate::vm::Vm;

impl Vm {
    /// Runs a full collection now, then the finalizers that became due.
    pub fn collect_garbage(&mut self) {
        self.collect_cycle();
        self.run_due_finalizers();
    }

    fn collect_cycle(&mut self) {
        self.mark_roots();
        self.propagate_all();
        self.clear_weak_values();
        self.separate_unreachable_finalizable();
        self.propagate_all();
        self.clear_weak_keys();
        self.clear_weak_values();
        self.strings.remove_unmarked();
        self.close_upvalues_of_dead_threads();
        self.heap.sweep();
        if !self.heap.running {
            self.heap.postpone();
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
            self.heap.propagate();
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

    pub(crate) fn mark_roots(&mut self) {
        let mode_key = self.tm_name(Tm::Mode);
        let marker = self.heap.begin_mark();
        marker.mode_key = Some(mode_key);
        marker.mark(self.registry);
        marker.mark(self.globals);
        marker.mark(self.main_thread);
        marker.mark(self.thread);
        for mt in self.type_metatables.iter().flatten() {
            marker.mark(*mt);
        }
        for s in &self.tm_names {
            marker.mark(*s);
        }
        marker.mark(self.loaded_key);
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

    /// Runs the finalizers that are due, newest first. Must be called where calling
    /// Lua is allowed.
    pub(crate) fn run_due_finalizers(&mut self) {
        if self.finalizing || self.to_finalize.is_empty() {
            return;
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
        while let Some(obj) = self.to_finalize.pop() {
            self.call_finalizer(obj);
        }
        self.state().top = saved_top;
        self.finalizing = false;
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
        self.run_due_finalizers();
    }

    /// A safepoint: collects if the heap has grown past its threshold, and enforces
    /// the memory limit. Only call where every live value is rooted.
    #[inline]
    pub(crate) fn gc_safepoint(&mut self) -> LuaResult<()> {
        // (A refused allocation also lowers the threshold, so it is seen here.)
        if self.heap.should_collect() {
            return self.gc_safepoint_slow();
        }
        Ok(())
    }

    #[cold]
    fn gc_safepoint_slow(&mut self) -> LuaResult<()> {
        if self.heap.running || self.heap.bytes() > self.heap.limit() {
            self.collect_garbage();
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
