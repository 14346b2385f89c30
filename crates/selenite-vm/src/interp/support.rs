//! The slow halves of the call, return, vararg, concatenation, to-be-closed and
//! numeric-`for` instructions, and `finish_op`, which completes an instruction after
//! the metamethod it called returns. None of these runs Lua code: they push frames
//! and let the handlers go on.

use crate::call::{Flow, EXTRA_STACK};
use crate::debug::Origin;
use crate::error::LuaResult;
use crate::function::{LuaClosure, Proto};
use crate::gc::Gc;
use crate::meta::{self, Tm};
use crate::string::ExactWriter;
use crate::thread::frame_flags as ff;
use crate::value::Value;
use crate::vm::Vm;
use selenite_bytecode::{Instruction, OpCode};

impl Vm {
    /// A safepoint after an instruction that allocated into register `ra`. As in the
    /// reference, the registers above `ra` are dead at that point (the compiler
    /// evaluates into the lowest free register), so `top` is `ra + 1` for the
    /// collection: a stale temporary must not keep an object (and its finalizer)
    /// from being collected.
    pub(super) fn op_safepoint(&mut self, ra: u32) -> LuaResult<()> {
        let st = self.state();
        let saved_top = st.top;
        st.top = st.frames[self.exec.frame].base + ra as usize + 1;
        let r = self.gc_safepoint();
        self.state().top = saved_top;
        r
    }

    /// Sets up a metamethod call from the running instruction: the function and its
    /// arguments go at stack slot `at`; `nresults` results will be consumed by
    /// `finish_op` (or discarded when 0).
    pub(crate) fn call_from_op(&mut self, at: usize, f: Value, args: &[Value], nresults: i32) -> LuaResult<Flow> {
        self.ensure_slots(at + args.len() + 1)?;
        let st = self.state();
        st.stack[at] = f;
        st.stack[at + 1..at + 1 + args.len()].copy_from_slice(args);
        st.top = at + 1 + args.len();
        match self.precall(at, nresults, ff::FINISH_OP)? {
            // A native metamethod already returned and `finish_op` completed the
            // instruction, possibly moving the frame's saved pc: reload it.
            Flow::Continue => Ok(Flow::Reenter),
            other => Ok(other),
        }
    }

    /// Completes the instruction of Lua frame `idx` interrupted by a metamethod call
    /// whose result is on top of the stack.
    pub(crate) fn finish_op(&mut self, idx: usize) -> LuaResult<Flow> {
        let st = self.state();
        let frame = st.frames[idx];
        let Some(p) = self.frame_proto(&frame) else {
            return Ok(Flow::Continue);
        };
        let at = frame.pc_index(p);
        let inst = p.code[at - 1];
        let Some(op) = inst.opcode() else {
            return Ok(Flow::Continue);
        };
        let st = self.state();
        match op {
            OpCode::MmBin | OpCode::MmBinI | OpCode::MmBinK => {
                let dest = p.code[at - 2].a() as usize;
                st.top -= 1;
                st.stack[frame.base + dest] = st.stack[st.top];
            }
            OpCode::Unm
            | OpCode::BNot
            | OpCode::Len
            | OpCode::GetTabUp
            | OpCode::GetTable
            | OpCode::GetI
            | OpCode::GetField
            | OpCode::SelfOp => {
                st.top -= 1;
                st.stack[frame.base + inst.a() as usize] = st.stack[st.top];
            }
            OpCode::Lt | OpCode::Le | OpCode::LtI | OpCode::LeI | OpCode::GtI | OpCode::GeI | OpCode::Eq => {
                st.top -= 1;
                let res = !st.stack[st.top].is_falsy();
                // The next instruction is the jump: skip it when the condition failed.
                if res != inst.k() {
                    st.frames[idx].savedpc = frame.savedpc.wrapping_add(1);
                }
            }
            OpCode::Concat => {
                // The metamethod's result replaces the pair it was called for.
                let top = st.top - 1;
                st.stack[top - 2] = st.stack[top];
                st.top = top - 1;
                let first = frame.base + inst.a() as usize;
                let remaining = st.top - first;
                return self.concat(remaining);
            }
            OpCode::Close | OpCode::Return => {
                // Run the instruction again to close the remaining variables.
                st.frames[idx].savedpc = frame.savedpc.wrapping_sub(1);
            }
            _ => {}
        }
        Ok(Flow::Continue)
    }

    /// Concatenates the `n` values just below the stack top into the lowest of them, calling `__concat` for pairs that are not strings or
    /// numbers.
    pub(crate) fn concat(&mut self, n: usize) -> LuaResult<Flow> {
        let mut remaining = n;
        while remaining > 1 {
            let st = self.state();
            let top = st.top;
            let a = st.stack[top - 2];
            let b = st.stack[top - 1];
            let a_ok = matches!(a, Value::Str(_) | Value::Int(_) | Value::Float(_));
            let b_ok = matches!(b, Value::Str(_) | Value::Int(_) | Value::Float(_));
            if !a_ok || !b_ok {
                let mut tm = self.metamethod(&a, Tm::Concat);
                if tm.is_nil() {
                    tm = self.metamethod(&b, Tm::Concat);
                }
                if tm.is_nil() {
                    let (oa, ob) = self.concat_origins(top - 2);
                    return Err(self.arith_error(Tm::Concat, a, b, oa, ob));
                }
                // The call goes at the top; `finish_op` continues the concatenation.
                return self.call_from_op(top, tm, &[a, b], 1);
            }
            // Gather as many consecutive strings/numbers as possible.
            let mut count = 2;
            while count < remaining {
                let v = st.stack[top - count - 1];
                if !matches!(v, Value::Str(_) | Value::Int(_) | Value::Float(_)) {
                    break;
                }
                count += 1;
            }
            let total_len: usize = st.stack[top - count..top]
                .iter()
                .map(|v| match v {
                    Value::Str(s) => s.len(),
                    _ => 24,
                })
                .sum();
            let pieces = top - count..top;
            let all_strings = st.stack[pieces.clone()].iter().all(|v| matches!(v, Value::Str(_)));
            // Only strings: the length is exact, and the result is written in place.
            let in_place = if all_strings {
                self.new_string_with(total_len, |out| {
                    let mut w = ExactWriter::new(out);
                    let now = st.stack.get(pieces.clone()).unwrap_or_default();
                    now.iter().all(|v| matches!(v, Value::Str(s) if w.put(s.as_bytes()))) && w.is_full()
                })?
            } else {
                None
            };
            let s = match in_place {
                Some(s) => s,
                None => {
                    let mut buf = self.reserve_string_buffer(total_len)?;
                    for v in &st.stack[pieces] {
                        Vm::append_concat_piece(v, &mut buf);
                    }
                    self.new_string_from_vec(buf)
                }
            };
            let st = self.state();
            st.stack[top - count] = Value::Str(s);
            st.top = top - count + 1;
            remaining -= count - 1;
        }
        Ok(Flow::Continue)
    }

    /// Origins of a failing concatenation pair at `slot, slot + 1`, for messages.
    fn concat_origins(&self, slot: usize) -> (Origin, Origin) {
        let st = self.state();
        let base = st.frames[st.ci()].base;
        (Origin::Reg((slot - base) as u32), Origin::Reg((slot + 1 - base) as u32))
    }

    /// Marks stack slot `slot` (register `reg`) as a to-be-closed variable.
    pub(super) fn mark_tbc(&mut self, slot: usize, reg: u32) -> LuaResult<()> {
        let v = self.state().stack[slot];
        if v.is_falsy() {
            return Ok(());
        }
        if self.metamethod(&v, Tm::Close).is_nil() {
            let st = self.state();
            let frame = st.frames[st.ci()];
            let name = self
                .frame_proto(&frame)
                .and_then(|p| p.local_name(reg as usize + 1, frame.current_pc(p)))
                .map(|n| String::from_utf8_lossy(n).into_owned())
                .unwrap_or_else(|| "?".into());
            return Err(self.runtime_error(&format!("variable '{name}' got a non-closable value")));
        }
        self.state().tbc.push(slot);
        Ok(())
    }

    /// `CLOSE` and the closing part of `RETURN`: closes upvalues at or above `level`
    /// and starts the `__close` handler of the topmost pending variable, if any.
    pub(super) fn close_step(&mut self, level: usize, call_at: usize) -> LuaResult<Flow> {
        let st = self.state();
        st.close_upvals(&mut self.heap, level);
        let Some(&slot) = st.tbc.last() else {
            return Ok(Flow::Continue);
        };
        if slot < level {
            return Ok(Flow::Continue);
        }
        st.tbc.pop();
        let v = st.stack[slot];
        let tm = self.metamethod(&v, Tm::Close);
        self.ensure_slots(call_at + 3)?;
        let st = self.state();
        st.stack[call_at] = tm;
        st.stack[call_at + 1] = v;
        st.stack[call_at + 2] = Value::Nil;
        st.top = call_at + 3;
        match self.precall(call_at, 0, ff::FINISH_OP | ff::CLOSE_HANDLER)? {
            Flow::Continue => Ok(Flow::Reenter),
            other => Ok(other),
        }
    }

    pub(super) fn tail_call(&mut self, ci_idx: usize, i: Instruction) -> LuaResult<Flow> {
        let st = self.state();
        let frame = st.frames[ci_idx];
        let func = frame.base + i.a() as usize;
        if i.b() != 0 {
            st.top = func + i.b() as usize;
        }
        let nargs = st.top - func - 1;
        if i.k() {
            st.close_upvals(&mut self.heap, frame.base);
        }
        let f = st.stack[func];
        if matches!(f, Value::NativeFn(_) | Value::NativeClosure(_)) {
            // As the reference, a native callee runs above the calling frame, which
            // stays visible to it (error positions, its name in messages); the
            // `RETURN A 0` that always follows then returns its results.
            return self.precall(func, -1, 0);
        }
        if !f.is_function() && self.metamethod(&f, Tm::Call).is_nil() {
            return Err(self.call_error(f));
        }
        let st = self.state();
        // Where the frame's function originally was (vararg frames moved it up).
        let dest = if i.c() != 0 { frame.func - frame.n_extra_args as usize - i.c() as usize } else { frame.func };
        st.stack.copy_within(func..func + nargs + 1, dest);
        st.top = dest + nargs + 1;
        st.frames.pop();
        let keep = frame.flags & ff::KEPT_BY_TAIL_CALL;
        match self.precall(dest, frame.nresults, keep | ff::TAIL)? {
            Flow::Continue => Ok(Flow::Reenter),
            other => Ok(other),
        }
    }

    /// `RETURN`: closes the frame's to-be-closed variables (one `__close` call at a
    /// time, re-running the instruction after each), then the return hook, then
    /// returns.
    pub(super) fn op_return(&mut self, ci_idx: usize, i: Instruction, hooked: bool) -> LuaResult<Flow> {
        let st = self.state();
        let frame = st.frames[ci_idx];
        let ra = frame.base + i.a() as usize;
        let mut n = if i.b() != 0 { i.b() as usize - 1 } else { st.top - ra };
        if i.k() {
            if frame.flags & ff::CLOSING_RETURN != 0 {
                n = frame.call_slot;
            } else {
                st.frames[ci_idx].flags |= ff::CLOSING_RETURN;
                st.frames[ci_idx].call_slot = n;
            }
            let call_at = (ra + n).max(frame.top);
            match self.close_step(frame.base, call_at)? {
                Flow::Continue => {}
                other => return Ok(other),
            }
        }
        if hooked {
            self.hook_return(ra, n)?;
        }
        let st = self.state();
        if i.c() != 0 {
            st.frames[ci_idx].func -= frame.n_extra_args as usize + i.c() as usize;
        }
        st.top = ra + n;
        let popped = self.poscall(ci_idx, n);
        match self.after_return(popped)? {
            Flow::Continue => Ok(Flow::Reenter),
            other => Ok(other),
        }
    }

    pub(super) fn op_vararg(&mut self, ci_idx: usize, i: Instruction) -> LuaResult<()> {
        let st = self.state();
        let frame = st.frames[ci_idx];
        let nextra = frame.n_extra_args as usize;
        let dest = frame.base + i.a() as usize;
        let wanted = if i.c() == 0 {
            self.ensure_slots(dest + nextra + EXTRA_STACK)?;
            nextra
        } else {
            i.c() as usize - 1
        };
        let st = self.state();
        let src = frame.func - nextra;
        let copied = wanted.min(nextra);
        st.stack.copy_within(src..src + copied, dest);
        for slot in &mut st.stack[dest + copied..dest + wanted] {
            *slot = Value::Nil;
        }
        if i.c() == 0 {
            st.top = dest + nextra;
            if st.frames[ci_idx].top < st.top {
                st.frames[ci_idx].top = st.top;
            }
        }
        Ok(())
    }

    pub(super) fn op_vararg_prep(&mut self, ci_idx: usize, nfixed: usize) -> LuaResult<()> {
        let st = self.state();
        let frame = st.frames[ci_idx];
        let actual = st.top - frame.func - 1;
        let nextra = actual.saturating_sub(nfixed);
        let frame_size = frame.top - frame.base;
        let needed = st.top + 1 + nfixed + frame_size + EXTRA_STACK;
        self.ensure_slots(needed)?;
        let st = self.state();
        let new_func = frame.func + actual + 1;
        st.stack[new_func] = Value::load(&st.stack[frame.func]);
        for j in 1..=nfixed {
            st.stack[new_func + j] = Value::load(&st.stack[frame.func + j]);
            st.stack[frame.func + j] = Value::Nil;
        }
        let f = &mut st.frames[ci_idx];
        f.func = new_func;
        f.base = new_func + 1;
        f.top = f.base + frame_size;
        // `nextra` counts stack slots, which are fewer than `MAX_STACK`.
        f.n_extra_args = nextra as u32;
        st.top = new_func + 1 + nfixed;
        Ok(())
    }

    /// Creates a closure of `p`, capturing upvalues from the enclosing closure `parent`
    /// and from the registers starting at stack slot `base`.
    pub(super) fn make_closure(&mut self, p: Gc<Proto>, parent: &LuaClosure, base: usize) -> Value {
        // The upvalues are gathered in a buffer kept for the purpose: the closure's own
        // slots are allocated once their number and contents are known.
        let mut upvals = std::mem::take(&mut self.closure_upvals);
        upvals.clear();
        for desc in p.upvalues.iter() {
            let uv = if desc.in_stack {
                self.state().find_upval(&mut self.heap, base + desc.index as usize)
            } else {
                parent.upvals()[desc.index as usize].get()
            };
            upvals.push(uv);
        }
        let closure = self.heap.alloc_lua_closure(p, &upvals);
        self.closure_upvals = upvals;
        Value::LuaFn(closure)
    }

    /// `FORPREP`: checks and prepares the loop at `ra..ra+4`; true if it must not run.
    ///
    /// # Safety
    /// `ra` must point at four registers of the running frame.
    pub(super) unsafe fn for_prep(&mut self, ra: *mut Value) -> LuaResult<bool> {
        // Read field-wise: the loop's bounds are usually computed just before (a 16-byte
        // read of values stored as two fields waits for the stores to reach the cache).
        // SAFETY: guaranteed by the caller.
        let (init, limit, step) = unsafe { (Value::load(&*ra), Value::load(&*ra.add(1)), Value::load(&*ra.add(2))) };
        if let (Value::Int(init), Value::Int(step)) = (init, step) {
            if step == 0 {
                return Err(self.runtime_error("'for' step is zero"));
            }
            // SAFETY: as above.
            unsafe { *ra.add(3) = Value::Int(init) };
            let Some(limit) = self.for_limit(init, limit, step)? else {
                return Ok(true);
            };
            let count = if step > 0 {
                let c = (limit as u64).wrapping_sub(init as u64);
                if step != 1 {
                    c / step as u64
                } else {
                    c
                }
            } else {
                let c = (init as u64).wrapping_sub(limit as u64);
                c / ((-(step + 1)) as u64 + 1)
            };
            // SAFETY: as above.
            unsafe { *ra.add(1) = Value::Int(count as i64) };
            return Ok(false);
        }
        let Some(limit_f) = meta::to_number_coerce(&limit).and_then(|v| v.as_float()) else {
            return Err(self.for_error(limit, "limit"));
        };
        let Some(step_f) = meta::to_number_coerce(&step).and_then(|v| v.as_float()) else {
            return Err(self.for_error(step, "step"));
        };
        let Some(init_f) = meta::to_number_coerce(&init).and_then(|v| v.as_float()) else {
            return Err(self.for_error(init, "initial value"));
        };
        if step_f == 0.0 {
            return Err(self.runtime_error("'for' step is zero"));
        }
        let skip = if 0.0 < step_f { limit_f < init_f } else { init_f < limit_f };
        if skip {
            return Ok(true);
        }
        // SAFETY: as above.
        unsafe {
            *ra = Value::Float(init_f);
            *ra.add(1) = Value::Float(limit_f);
            *ra.add(2) = Value::Float(step_f);
            *ra.add(3) = Value::Float(init_f);
        }
        Ok(false)
    }

    /// The integer limit of an integer loop, or `None` if the loop must not run.
    fn for_limit(&mut self, init: i64, limit: Value, step: i64) -> LuaResult<Option<i64>> {
        let converted = match meta::to_number_coerce(&limit) {
            Some(Value::Int(i)) => Some(i),
            Some(Value::Float(f)) => {
                if step < 0 {
                    selenite_number::float_to_int_ceil(f)
                } else {
                    selenite_number::float_to_int_floor(f)
                }
            }
            _ => return Err(self.for_error(limit, "limit")),
        };
        let lim = match converted {
            Some(l) => l,
            None => {
                let f = meta::to_number_coerce(&limit).and_then(|v| v.as_float()).unwrap_or(f64::NAN);
                if f.is_nan() {
                    return Ok(None);
                }
                if 0.0 < f {
                    if step < 0 {
                        return Ok(None);
                    }
                    i64::MAX
                } else {
                    if step > 0 {
                        return Ok(None);
                    }
                    i64::MIN
                }
            }
        };
        let skip = if step > 0 { init > lim } else { init < lim };
        Ok(if skip { None } else { Some(lim) })
    }

    fn for_error(&mut self, v: Value, what: &str) -> crate::error::LuaError {
        let t = self.type_name_for_message(&v);
        self.runtime_error(&format!("bad 'for' {what} (number expected, got {t})"))
    }
}
