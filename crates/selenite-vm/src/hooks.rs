//! Debug hooks (`debug.sethook`): call, return, line and count events, set per
//! thread (a new coroutine inherits its creator's hook).
//!
//! The interpreter caches "are hooks on?" in a local flag (`trap`) refreshed whenever
//! it (re)loads a frame or returns from a native call, so with no hook set the cost is
//! one predictable branch per instruction on a register. A hook runs as a nested call
//! with further hooks disabled, as in the reference.

use crate::error::LuaResult;
use crate::gc::Gc;
use crate::thread::frame_flags as ff;
use crate::thread::Thread;
use crate::value::Value;
use crate::vm::Vm;

pub(crate) const MASK_CALL: u8 = 1;
pub(crate) const MASK_RETURN: u8 = 2;
pub(crate) const MASK_LINE: u8 = 4;
pub(crate) const MASK_COUNT: u8 = 8;

/// Hook configuration and bookkeeping of a state.
#[derive(Default)]
pub struct HookState {
    /// The hook function (nil when none).
    pub(crate) function: Value,
    /// Event mask: `MASK_*` bits.
    pub(crate) mask: u8,
    /// Instructions between count events.
    pub(crate) count: u32,
    pub(crate) count_left: u32,
    /// False while a hook runs.
    pub(crate) running: bool,
    /// The pc of the last line event in the running function.
    pub(crate) old_pc: usize,
    /// During a call or return event: the frame, its first transferred value (a
    /// local index) and how many values.
    pub(crate) transfer: Option<(usize, usize, usize)>,
}

impl Vm {
    /// Installs (or, with a nil function or empty mask, removes) the debug hook of
    /// `thread`.
    pub fn set_hook(&mut self, thread: Gc<Thread>, function: Value, mask: u8, count: u32) {
        let mask = if function.is_nil() { 0 } else { mask };
        // SAFETY: a short update of a live thread's hook fields; no other reference to
        // its state is in use.
        let hooks = &mut unsafe { Thread::state(thread) }.hooks;
        hooks.function = if mask == 0 { Value::Nil } else { function };
        hooks.mask = mask;
        hooks.count = count;
        hooks.count_left = count;
    }

    /// The hook of `thread`: function, mask and count.
    pub fn hook(&self, thread: Gc<Thread>) -> (Value, u8, u32) {
        // SAFETY: a short read of a live thread's hook fields.
        let hooks = &unsafe { Thread::state(thread) }.hooks;
        (hooks.function, hooks.mask, hooks.count)
    }

    #[inline(always)]
    pub(crate) fn hooks_on(&self) -> bool {
        // Host limits are charged on the instruction hook path.
        self.state().hooks.mask != 0 || self.limits_on
    }

    /// Calls the hook function with `event` (and the line for line events), above
    /// everything the running frame uses.
    fn call_hook(&mut self, event: &str, line: Option<i64>) -> LuaResult<()> {
        let f = self.state().hooks.function;
        // A thread may have a mask without a function (inherited by a coroutine).
        if self.state().hooks.running || f.is_nil() {
            return Ok(());
        }
        let ev = self.str_value(event);
        let st = self.state();
        let saved_top = st.top;
        let frame_top = st.frames[st.ci()].top;
        if st.top < frame_top {
            st.top = frame_top;
        }
        self.state().hooks.running = true;
        let func = self.state().top;
        let mut r = self.push(f).and_then(|()| self.push(ev));
        // As the reference's hook function, the line argument is always passed: nil
        // for events without one and for code without line information.
        if r.is_ok() {
            r = self.push(line.filter(|&l| l >= 0).map_or(Value::Nil, Value::Int));
        }
        let r = r.and_then(|()| self.call_at_flagged(func, 0, ff::HOOK));
        // After an error in a hook, hooks stay off until a protected call
        // recovers (as the reference's `allowhook`).
        if r.is_ok() {
            self.state().hooks.running = false;
        }
        self.state().top = saved_top;
        r
    }

    /// Call event for the frame on top (just entered).
    pub(crate) fn hook_call(&mut self) -> LuaResult<()> {
        if self.state().hooks.running {
            return Ok(());
        }
        self.state().hooks.old_pc = 0;
        if self.state().hooks.mask & MASK_CALL == 0 {
            return Ok(());
        }
        let st = self.state();
        let idx = st.ci();
        let frame = st.frames[idx];
        let nparams = match self.frame_proto(&frame) {
            Some(p) => p.num_params as usize,
            None => st.top - frame.base,
        };
        self.state().hooks.transfer = Some((idx, 1, nparams));
        let tail = frame.flags & ff::TAIL != 0;
        let r = self.call_hook(if tail { "tail call" } else { "call" }, None);
        self.state().hooks.transfer = None;
        r
    }

    /// Return event for the frame on top (about to return).
    pub(crate) fn hook_return(&mut self, first: usize, n: usize) -> LuaResult<()> {
        if self.state().hooks.running || self.state().hooks.mask & MASK_RETURN == 0 {
            return Ok(());
        }
        let st = self.state();
        let idx = st.ci();
        let base = st.frames[idx].base;
        self.state().hooks.transfer = Some((idx, first + 1 - base.min(first + 1), n));
        let r = self.call_hook("return", None);
        self.state().hooks.transfer = None;
        r
    }

    /// The values transferred by the call or return event being handled, for frame
    /// `idx`: (first local index, count).
    pub(crate) fn hook_transfer(&self, idx: usize) -> Option<(usize, usize)> {
        match self.state().hooks.transfer {
            Some((i, first, n)) if i == idx => Some((first, n)),
            _ => None,
        }
    }

    /// Line and count events before the instruction at `pc` of Lua frame `ci_idx`
    /// (whose saved pc is `pc + 1`). `uses_top`: the instruction reads the stack top.
    pub(crate) fn hook_instruction(&mut self, ci_idx: usize, pc: usize, uses_top: bool) -> LuaResult<()> {
        if self.limits_on {
            self.charge_instruction()?;
        }
        // Inside a hook, events are still counted and lines tracked, as the reference
        // does; only the calls are suppressed (by `call_hook`).
        let mask = self.state().hooks.mask;
        let count_event = mask & MASK_COUNT != 0 && {
            self.state().hooks.count_left = self.state().hooks.count_left.saturating_sub(1);
            self.state().hooks.count_left == 0
        };
        if count_event {
            self.state().hooks.count_left = self.state().hooks.count;
        } else if mask & MASK_LINE == 0 {
            return Ok(());
        }
        let st = self.state();
        let saved_top = st.top;
        if !uses_top {
            st.top = st.frames[ci_idx].top;
        }
        if count_event {
            self.call_hook("count", None)?;
        }
        if mask & MASK_LINE != 0 {
            let frame = self.state().frames[ci_idx];
            let (new_line, changed) = match self.frame_proto(&frame) {
                Some(p) => {
                    let old = if self.state().hooks.old_pc < p.code.len() { self.state().hooks.old_pc } else { 0 };
                    let new_line = p.line_at(pc).map_or(-1, |l| l as i64);
                    let old_line = p.line_at(old).map_or(-1, |l| l as i64);
                    (new_line, pc <= old || new_line != old_line)
                }
                None => (-1, false),
            };
            if changed {
                self.call_hook("line", Some(new_line))?;
            }
            self.state().hooks.old_pc = pc;
        }
        if !uses_top {
            self.state().top = saved_top;
        }
        Ok(())
    }

    /// After a return into Lua frame `ci_idx`, line events continue from its pc.
    pub(crate) fn hook_returned_to(&mut self, ci_idx: usize) {
        let st = self.state();
        if let Some(&f) = st.frames.get(ci_idx) {
            if let Some(p) = self.frame_proto(&f) {
                let at = f.current_pc(p);
                self.state().hooks.old_pc = at;
            }
        }
    }
}
