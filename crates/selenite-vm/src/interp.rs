//! The interpreter loop: executes the Lua frame on top of the running thread.
//!
//! Each opcode has a fast path inline in the loop (numbers, plain tables, Lua calls)
//! and a slow path in `ops.rs`/`call.rs`, which never runs Lua code itself: when a
//! metamethod must run it gets a new frame flagged `FINISH_OP`, and the instruction is
//! completed by [`Vm::finish_op`] when that frame returns. Calls and returns push and
//! pop frames; the loop then reloads its cached frame state (`reenter`).
//!
//! Safety invariants the loop relies on (see `// SAFETY:` in `run`):
//! - the running prototype passed `selenite_bytecode::verify`, so register operands
//!   are below `max_stack`, constant/upvalue/prototype indices exist, jumps stay inside
//!   the code, and instructions that need a companion (`JMP` after a test, `EXTRAARG`)
//!   have one;
//! - a Lua frame's registers `base..base + max_stack` (plus `EXTRA_STACK`) are inside the
//!   thread's stack, which is only reallocated by operations after which the loop
//!   reloads `base` (the `protect!` macro, and every `reenter`);
//! - the closure and prototype of the running frame are rooted by its stack slot.

use crate::call::{Flow, EXTRA_STACK};
use crate::debug::Origin;
use crate::error::LuaResult;
use crate::function::LuaClosure;
use crate::gc::Gc;
use crate::meta::{self, Tm};
use crate::ops::Step;
use crate::table::Table;
use crate::thread::{frame_flags as ff, Thread};
use crate::value::Value;
use crate::vm::Vm;
use selenite_bytecode::{Instruction, OpCode};

/// Most hash slots a table may have (the reference's `MAXHSIZE`).
const MAX_HASH_SIZE: usize = 1 << 30;
/// Most bytes one `NEWTABLE`/`SETLIST` may ask for at once (1 GiB). Only a forged
/// binary chunk or a constructor of tens of millions of items asks for more; the
/// reference would try the allocation, which on an overcommitting system can end the
/// process instead of failing.
const MAX_PRESIZE_BYTES: usize = 1 << 30;

impl Vm {
    /// Runs the interpreter until frame `entry` of `entry_thread` returns.
    pub(crate) fn execute(&mut self, entry_thread: Gc<Thread>, entry: usize) -> LuaResult<()> {
        loop {
            match self.run() {
                Ok(()) => return Ok(()),
                Err(e) => match self.recover(e, entry_thread, entry) {
                    Ok(Flow::Exit) => return Ok(()),
                    Ok(_) => continue,
                    Err(e) => return Err(e),
                },
            }
        }
    }

    /// Dispatches instructions of the top frame (which must be a Lua frame) and of
    /// every frame it calls, until a frame flagged `FRESH` returns.
    fn run(&mut self) -> LuaResult<()> {
        'reenter: loop {
            let st = self.state();
            let ci_idx = st.frames.len() - 1;
            let frame = st.frames[ci_idx];
            let Value::LuaFn(closure) = st.stack[frame.func] else {
                // Only reachable if a native frame is on top, which the call machinery
                // never leaves when it asks to reenter.
                return Err(self.runtime_error("internal error: native frame on top"));
            };
            let cl: &LuaClosure = &closure;
            let proto = &*cl.proto;
            let code = proto.code.as_ptr();
            let k = proto.constants.as_ptr();
            let upvals = cl.upvals.as_ptr();
            let mut trap = self.hooks_on();
            if trap && frame.pc == 0 && !proto.is_vararg {
                self.hook_call()?;
            }
            // SAFETY: the prototype passed `verify`, so every register operand is below
            // `max_stack`, every constant, upvalue, prototype and jump index is in range,
            // and every instruction that needs a companion (`JMP`, `EXTRAARG`) has one.
            // The frame was pushed with `stack.len() >= base + max_stack + EXTRA_STACK`,
            // so `base.add(r)` is in bounds; `code`, `k` and `upvals` point into the
            // closure and prototype, which the frame's function slot keeps alive. The
            // stack can move only inside calls and slow paths, after which `reload!`
            // (or `'reenter`) recomputes `base`. `frames[ci_idx]` is this frame for the
            // whole activation (see the note at `save_pc!`).
            unsafe {
                let mut pc = code.add(frame.pc);
                let mut base = st.stack.as_mut_ptr().add(self.state().frames[ci_idx].base);

                macro_rules! reg {
                    ($n:expr) => {
                        *base.add($n as usize)
                    };
                }
                macro_rules! konst {
                    ($n:expr) => {
                        *k.add($n as usize)
                    };
                }
                // `ci_idx` is this frame's index for as long as the loop runs it: calls
                // made from here push and pop frames above it only, and anything that
                // changes the frame stack below it (a return, an error, a coroutine
                // switch) leaves through `'reenter` or the function's return. So the
                // unchecked accesses to `frames[ci_idx]` below are in bounds.
                macro_rules! save_pc {
                    () => {
                        self.state().frames.get_unchecked_mut(ci_idx).pc = pc.offset_from(code) as usize
                    };
                }
                macro_rules! reload {
                    () => {
                        base = self.state().stack.as_mut_ptr().add(self.state().frames.get_unchecked(ci_idx).base)
                    };
                }
                // Runs a fallible slow path with the pc saved and `base` refreshed.
                macro_rules! protect {
                    ($e:expr) => {{
                        save_pc!();
                        let r = $e;
                        reload!();
                        r?
                    }};
                }
                macro_rules! flow {
                    ($f:expr) => {{
                        match $f {
                            Flow::Continue => reload!(),
                            Flow::Reenter => continue 'reenter,
                            Flow::Exit => return Ok(()),
                        }
                    }};
                }
                macro_rules! skip_next {
                    () => {
                        pc = pc.add(1)
                    };
                }
                // Performs the jump of the `JMP` that follows a test.
                macro_rules! do_next_jump {
                    () => {{
                        let j = *pc;
                        pc = pc.offset(j.sj_arg() as isize + 1);
                    }};
                }
                macro_rules! cond_jump {
                    ($cond:expr, $i:expr) => {{
                        if ($cond) != $i.k() {
                            skip_next!();
                        } else {
                            do_next_jump!();
                        }
                    }};
                }
                // Arithmetic with integer and float fast paths; otherwise falls through
                // to the `MMBIN*` instruction that follows.
                macro_rules! arith {
                    ($i:expr, $x:expr, $y:expr, $int:expr, $flt:expr) => {{
                        match ($x, $y) {
                            (Value::Int(a), Value::Int(b)) => {
                                reg!($i.a()) = Value::Int($int(a, b));
                                skip_next!();
                            }
                            (Value::Float(a), Value::Float(b)) => {
                                reg!($i.a()) = Value::Float($flt(a, b));
                                skip_next!();
                            }
                            (Value::Int(a), Value::Float(b)) => {
                                reg!($i.a()) = Value::Float($flt(a as f64, b));
                                skip_next!();
                            }
                            (Value::Float(a), Value::Int(b)) => {
                                reg!($i.a()) = Value::Float($flt(a, b as f64));
                                skip_next!();
                            }
                            _ => {}
                        }
                    }};
                }
                // Float-only arithmetic (`/` and `^`).
                macro_rules! arith_float {
                    ($i:expr, $x:expr, $y:expr, $flt:expr) => {{
                        if let (Some(a), Some(b)) = (num_f($x), num_f($y)) {
                            reg!($i.a()) = Value::Float($flt(a, b));
                            skip_next!();
                        }
                    }};
                }
                // `%` and `//`: integer division by zero is an error, raised here.
                macro_rules! arith_div {
                    ($i:expr, $x:expr, $y:expr, $tm:expr) => {{
                        match ($x, $y) {
                            (Value::Int(a), Value::Int(b)) => {
                                if b == 0 {
                                    protect!(self.arith_step($tm, $x, $y, Origin::None, Origin::None));
                                }
                                reg!($i.a()) = Value::Int(meta::int_arith($tm, a, b).unwrap_or(0));
                                skip_next!();
                            }
                            _ => {
                                if let (Some(a), Some(b)) = (num_f($x), num_f($y)) {
                                    reg!($i.a()) = Value::Float(meta::float_arith($tm, a, b));
                                    skip_next!();
                                }
                            }
                        }
                    }};
                }
                // Bitwise operators: integers inline; floats and strings convertible to
                // integers in a slow path; anything else falls through to `MMBIN*`.
                macro_rules! bitwise {
                    ($i:expr, $x:expr, $y:expr, $tm:expr) => {{
                        if let (Value::Int(a), Value::Int(b)) = ($x, $y) {
                            reg!($i.a()) = Value::Int(meta::int_bitwise($tm, a, b));
                            skip_next!();
                        } else if let (Some(a), Some(b)) =
                            (meta::to_integer_bitwise(&$x), meta::to_integer_bitwise(&$y))
                        {
                            reg!($i.a()) = Value::Int(meta::int_bitwise($tm, a, b));
                            skip_next!();
                        }
                    }};
                }
                // A metamethod call whose first result finishes the instruction.
                macro_rules! meta_call {
                    ($step:expr, $dest:expr) => {{
                        match $step {
                            Step::Done(v) => reg!($dest) = v,
                            Step::Call { f, args, nargs } => {
                                save_pc!();
                                let top = self.state().frames[ci_idx].top;
                                flow!(self.call_from_op(top, f, &args[..nargs], 1)?);
                            }
                        }
                    }};
                }
                macro_rules! compare {
                    ($i:expr, $step:expr) => {{
                        match $step {
                            Step::Done(v) => cond_jump!(!v.is_falsy(), $i),
                            Step::Call { f, args, nargs } => {
                                save_pc!();
                                let top = self.state().frames[ci_idx].top;
                                flow!(self.call_from_op(top, f, &args[..nargs], 1)?);
                            }
                        }
                    }};
                }

                loop {
                    let i: Instruction = *pc;
                    pc = pc.add(1);
                    if trap && i.opcode_raw() != OpCode::VarargPrep as u8 {
                        save_pc!();
                        let r = self.hook_instruction(ci_idx, pc.offset_from(code) as usize - 1, uses_top(i));
                        reload!();
                        r?;
                        trap = self.hooks_on();
                    }
                    // SAFETY: `OpCode` is a dense `repr(u8)` enum of every number below
                    // `NUM_OPCODES`, and `verify` rejected any prototype holding another
                    // number; the VM runs verified prototypes only.
                    let op = std::mem::transmute::<u8, OpCode>(i.opcode_raw());
                    match op {
                        OpCode::Move => reg!(i.a()) = reg!(i.b()),
                        OpCode::LoadI => reg!(i.a()) = Value::Int(i.sbx() as i64),
                        OpCode::LoadF => reg!(i.a()) = Value::Float(i.sbx() as f64),
                        OpCode::LoadK => reg!(i.a()) = konst!(i.bx()),
                        OpCode::LoadKX => {
                            reg!(i.a()) = konst!((*pc).ax_arg());
                            skip_next!();
                        }
                        OpCode::LoadFalse => reg!(i.a()) = Value::Bool(false),
                        OpCode::LFalseSkip => {
                            reg!(i.a()) = Value::Bool(false);
                            skip_next!();
                        }
                        OpCode::LoadTrue => reg!(i.a()) = Value::Bool(true),
                        OpCode::LoadNil => {
                            for r in i.a()..=i.a() + i.b() {
                                reg!(r) = Value::Nil;
                            }
                        }
                        OpCode::GetUpval => reg!(i.a()) = (*upvals.add(i.b() as usize)).get().get(),
                        OpCode::SetUpval => self.set_upval((*upvals.add(i.b() as usize)).get(), reg!(i.a())),
                        OpCode::GetTabUp => {
                            let t = (*upvals.add(i.b() as usize)).get().get();
                            let key = konst!(i.c());
                            if let (Value::Table(tb), Value::Str(s)) = (t, key) {
                                let v = tb.get_str(s);
                                if !v.is_nil() {
                                    reg!(i.a()) = v;
                                    continue;
                                }
                            }
                            let step = protect!(self.index_step(t, key, Origin::Upval(i.b())));
                            meta_call!(step, i.a());
                        }
                        OpCode::GetTable => {
                            let t = reg!(i.b());
                            let key = reg!(i.c());
                            if let Value::Table(tb) = t {
                                let v = match key {
                                    Value::Int(n) => tb.get_int(n),
                                    _ => tb.get(&key),
                                };
                                if !v.is_nil() {
                                    reg!(i.a()) = v;
                                    continue;
                                }
                            }
                            let step = protect!(self.index_step(t, key, Origin::Reg(i.b())));
                            meta_call!(step, i.a());
                        }
                        OpCode::GetI => {
                            let t = reg!(i.b());
                            if let Value::Table(tb) = t {
                                let v = tb.get_int(i.c() as i64);
                                if !v.is_nil() {
                                    reg!(i.a()) = v;
                                    continue;
                                }
                            }
                            let step = protect!(self.index_step(t, Value::Int(i.c() as i64), Origin::Reg(i.b())));
                            meta_call!(step, i.a());
                        }
                        OpCode::GetField => {
                            let t = reg!(i.b());
                            let key = konst!(i.c());
                            if let (Value::Table(tb), Value::Str(s)) = (t, key) {
                                let v = tb.get_str(s);
                                if !v.is_nil() {
                                    reg!(i.a()) = v;
                                    continue;
                                }
                            }
                            let step = protect!(self.index_step(t, key, Origin::Reg(i.b())));
                            meta_call!(step, i.a());
                        }
                        OpCode::SetTabUp => {
                            let t = (*upvals.add(i.a() as usize)).get().get();
                            let key = konst!(i.b());
                            let val = if i.k() { konst!(i.c()) } else { reg!(i.c()) };
                            if let (Value::Table(tb), Value::Str(s)) = (t, key) {
                                if fast_set_str(self, tb, s, val) {
                                    continue;
                                }
                            }
                            let step = protect!(self.newindex_step(t, key, val, Origin::Upval(i.a())));
                            if let Some(Step::Call { f, args, nargs }) = step {
                                save_pc!();
                                let top = self.state().frames[ci_idx].top;
                                flow!(self.call_from_op(top, f, &args[..nargs], 0)?);
                            }
                        }
                        OpCode::SetTable => {
                            let t = reg!(i.a());
                            let key = reg!(i.b());
                            let val = if i.k() { konst!(i.c()) } else { reg!(i.c()) };
                            if let Value::Table(tb) = t {
                                if let Value::Int(n) = key {
                                    if let Some(slot) = tb.array_slot(n) {
                                        if !slot.is_nil() || tb.metatable().is_none() {
                                            *slot = val;
                                            crate::gc::barrier_back(&mut self.heap, tb, val);
                                            continue;
                                        }
                                    }
                                } else if let Value::Str(s) = key {
                                    if fast_set_str(self, tb, s, val) {
                                        continue;
                                    }
                                }
                            }
                            let step = protect!(self.newindex_step(t, key, val, Origin::Reg(i.a())));
                            if let Some(Step::Call { f, args, nargs }) = step {
                                save_pc!();
                                let top = self.state().frames[ci_idx].top;
                                flow!(self.call_from_op(top, f, &args[..nargs], 0)?);
                            }
                        }
                        OpCode::SetI => {
                            let t = reg!(i.a());
                            let val = if i.k() { konst!(i.c()) } else { reg!(i.c()) };
                            if let Value::Table(tb) = t {
                                if let Some(slot) = tb.array_slot(i.b() as i64) {
                                    if !slot.is_nil() || tb.metatable().is_none() {
                                        *slot = val;
                                        crate::gc::barrier_back(&mut self.heap, tb, val);
                                        continue;
                                    }
                                }
                            }
                            let step =
                                protect!(self.newindex_step(t, Value::Int(i.b() as i64), val, Origin::Reg(i.a())));
                            if let Some(Step::Call { f, args, nargs }) = step {
                                save_pc!();
                                let top = self.state().frames[ci_idx].top;
                                flow!(self.call_from_op(top, f, &args[..nargs], 0)?);
                            }
                        }
                        OpCode::SetField => {
                            let t = reg!(i.a());
                            let key = konst!(i.b());
                            let val = if i.k() { konst!(i.c()) } else { reg!(i.c()) };
                            if let (Value::Table(tb), Value::Str(s)) = (t, key) {
                                if fast_set_str(self, tb, s, val) {
                                    continue;
                                }
                            }
                            let step = protect!(self.newindex_step(t, key, val, Origin::Reg(i.a())));
                            if let Some(Step::Call { f, args, nargs }) = step {
                                save_pc!();
                                let top = self.state().frames[ci_idx].top;
                                flow!(self.call_from_op(top, f, &args[..nargs], 0)?);
                            }
                        }
                        OpCode::NewTable => {
                            let b = i.b();
                            let hash_size = if b > 0 { 1usize << (b - 1) } else { 0 };
                            let mut array_size = i.c() as usize;
                            if i.k() {
                                array_size += (*pc).ax_arg() as usize * (Instruction::MAX_C as usize + 1);
                            }
                            skip_next!();
                            protect!(self.check_table_sizes(array_size, hash_size));
                            let t = self.heap.alloc(Table::with_sizes(array_size, hash_size));
                            reg!(i.a()) = Value::Table(t);
                            protect!(self.op_safepoint(ci_idx, i.a()));
                        }
                        OpCode::SelfOp => {
                            let obj = reg!(i.b());
                            let key = if i.k() { konst!(i.c()) } else { reg!(i.c()) };
                            reg!(i.a() + 1) = obj;
                            if let (Value::Table(tb), Value::Str(s)) = (obj, key) {
                                let v = tb.get_str(s);
                                if !v.is_nil() {
                                    reg!(i.a()) = v;
                                    continue;
                                }
                            }
                            let step = protect!(self.index_step(obj, key, Origin::Reg(i.b())));
                            meta_call!(step, i.a());
                        }
                        OpCode::AddI => {
                            let x = reg!(i.b());
                            let imm = i.sc() as i64;
                            match x {
                                Value::Int(a) => {
                                    reg!(i.a()) = Value::Int(a.wrapping_add(imm));
                                    skip_next!();
                                }
                                Value::Float(a) => {
                                    reg!(i.a()) = Value::Float(a + imm as f64);
                                    skip_next!();
                                }
                                _ => {}
                            }
                        }
                        OpCode::AddK => {
                            arith!(i, reg!(i.b()), konst!(i.c()), i64::wrapping_add, |a: f64, b: f64| a + b)
                        }
                        OpCode::SubK => {
                            arith!(i, reg!(i.b()), konst!(i.c()), i64::wrapping_sub, |a: f64, b: f64| a - b)
                        }
                        OpCode::MulK => {
                            arith!(i, reg!(i.b()), konst!(i.c()), i64::wrapping_mul, |a: f64, b: f64| a * b)
                        }
                        OpCode::ModK => arith_div!(i, reg!(i.b()), konst!(i.c()), Tm::Mod),
                        OpCode::PowK => {
                            arith_float!(i, reg!(i.b()), konst!(i.c()), selenite_number::float_pow)
                        }
                        OpCode::DivK => {
                            arith_float!(i, reg!(i.b()), konst!(i.c()), |a: f64, b: f64| a / b)
                        }
                        OpCode::IDivK => arith_div!(i, reg!(i.b()), konst!(i.c()), Tm::IDiv),
                        OpCode::BAndK => bitwise!(i, reg!(i.b()), konst!(i.c()), Tm::BAnd),
                        OpCode::BOrK => bitwise!(i, reg!(i.b()), konst!(i.c()), Tm::BOr),
                        OpCode::BXorK => bitwise!(i, reg!(i.b()), konst!(i.c()), Tm::BXor),
                        OpCode::ShrI => {
                            bitwise!(i, reg!(i.b()), Value::Int(i.sc() as i64), Tm::Shr)
                        }
                        OpCode::ShlI => {
                            bitwise!(i, Value::Int(i.sc() as i64), reg!(i.b()), Tm::Shl)
                        }
                        OpCode::Add => arith!(i, reg!(i.b()), reg!(i.c()), i64::wrapping_add, |a: f64, b: f64| a + b),
                        OpCode::Sub => arith!(i, reg!(i.b()), reg!(i.c()), i64::wrapping_sub, |a: f64, b: f64| a - b),
                        OpCode::Mul => arith!(i, reg!(i.b()), reg!(i.c()), i64::wrapping_mul, |a: f64, b: f64| a * b),
                        OpCode::Mod => arith_div!(i, reg!(i.b()), reg!(i.c()), Tm::Mod),
                        OpCode::Pow => {
                            arith_float!(i, reg!(i.b()), reg!(i.c()), selenite_number::float_pow)
                        }
                        OpCode::Div => {
                            arith_float!(i, reg!(i.b()), reg!(i.c()), |a: f64, b: f64| a / b)
                        }
                        OpCode::IDiv => arith_div!(i, reg!(i.b()), reg!(i.c()), Tm::IDiv),
                        OpCode::BAnd => bitwise!(i, reg!(i.b()), reg!(i.c()), Tm::BAnd),
                        OpCode::BOr => bitwise!(i, reg!(i.b()), reg!(i.c()), Tm::BOr),
                        OpCode::BXor => bitwise!(i, reg!(i.b()), reg!(i.c()), Tm::BXor),
                        OpCode::Shl => bitwise!(i, reg!(i.b()), reg!(i.c()), Tm::Shl),
                        OpCode::Shr => bitwise!(i, reg!(i.b()), reg!(i.c()), Tm::Shr),
                        OpCode::MmBin => {
                            let event = tm_of(i);
                            let dest = (*pc.sub(2)).a();
                            let step = protect!(self.arith_step(
                                event,
                                reg!(i.a()),
                                reg!(i.b()),
                                Origin::Reg(i.a()),
                                Origin::Reg(i.b())
                            ));
                            meta_call!(step, dest);
                        }
                        OpCode::MmBinI => {
                            let event = tm_of(i);
                            let dest = (*pc.sub(2)).a();
                            let imm = Value::Int(i.sb() as i64);
                            let (x, y, ox, oy) = if i.k() {
                                (imm, reg!(i.a()), Origin::None, Origin::Reg(i.a()))
                            } else {
                                (reg!(i.a()), imm, Origin::Reg(i.a()), Origin::None)
                            };
                            let step = protect!(self.arith_step(event, x, y, ox, oy));
                            meta_call!(step, dest);
                        }
                        OpCode::MmBinK => {
                            let event = tm_of(i);
                            let dest = (*pc.sub(2)).a();
                            let kv = konst!(i.b());
                            let (x, y, ox, oy) = if i.k() {
                                (kv, reg!(i.a()), Origin::None, Origin::Reg(i.a()))
                            } else {
                                (reg!(i.a()), kv, Origin::Reg(i.a()), Origin::None)
                            };
                            let step = protect!(self.arith_step(event, x, y, ox, oy));
                            meta_call!(step, dest);
                        }
                        OpCode::Unm => {
                            let x = reg!(i.b());
                            match x {
                                Value::Int(a) => reg!(i.a()) = Value::Int(a.wrapping_neg()),
                                Value::Float(a) => reg!(i.a()) = Value::Float(-a),
                                _ => {
                                    let step = protect!(self.unary_step(Tm::Unm, x, Origin::Reg(i.b())));
                                    meta_call!(step, i.a());
                                }
                            }
                        }
                        OpCode::BNot => {
                            let x = reg!(i.b());
                            if let Value::Int(a) = x {
                                reg!(i.a()) = Value::Int(!a);
                            } else {
                                let step = protect!(self.unary_step(Tm::BNot, x, Origin::Reg(i.b())));
                                meta_call!(step, i.a());
                            }
                        }
                        OpCode::Not => reg!(i.a()) = Value::Bool(reg!(i.b()).is_falsy()),
                        OpCode::Len => {
                            let x = reg!(i.b());
                            match x {
                                Value::Str(s) => reg!(i.a()) = Value::Int(s.len() as i64),
                                Value::Table(t) if t.metatable().is_none() => reg!(i.a()) = Value::Int(t.len()),
                                _ => {
                                    let step = protect!(self.len_step(x, Origin::Reg(i.b())));
                                    meta_call!(step, i.a());
                                }
                            }
                        }
                        OpCode::Concat => {
                            let first = self.state().frames[ci_idx].base + i.a() as usize;
                            let n = i.b() as usize;
                            self.state().top = first + n;
                            save_pc!();
                            match self.concat(n)? {
                                Flow::Continue => {
                                    protect!(self.op_safepoint(ci_idx, i.a()));
                                }
                                other => flow!(other),
                            }
                        }
                        OpCode::Close => {
                            save_pc!();
                            let level = self.state().frames[ci_idx].base + i.a() as usize;
                            let call_at = self.state().frames[ci_idx].top;
                            let f = self.close_step(level, call_at);
                            flow!(f?);
                        }
                        OpCode::Tbc => {
                            let slot = self.state().frames[ci_idx].base + i.a() as usize;
                            protect!(self.mark_tbc(slot, i.a()));
                        }
                        OpCode::Jmp => pc = pc.offset(i.sj_arg() as isize),
                        OpCode::Eq => {
                            let (x, y) = (reg!(i.a()), reg!(i.b()));
                            let step = self.eq_step(x, y);
                            compare!(i, step);
                        }
                        OpCode::Lt => {
                            let (x, y) = (reg!(i.a()), reg!(i.b()));
                            if let (Value::Int(a), Value::Int(b)) = (x, y) {
                                cond_jump!(a < b, i);
                            } else {
                                let step = protect!(self.order_step(Tm::Lt, x, y));
                                compare!(i, step);
                            }
                        }
                        OpCode::Le => {
                            let (x, y) = (reg!(i.a()), reg!(i.b()));
                            if let (Value::Int(a), Value::Int(b)) = (x, y) {
                                cond_jump!(a <= b, i);
                            } else {
                                let step = protect!(self.order_step(Tm::Le, x, y));
                                compare!(i, step);
                            }
                        }
                        OpCode::EqK => cond_jump!(reg!(i.a()).raw_eq(&konst!(i.b())), i),
                        OpCode::EqI => {
                            let r = match reg!(i.a()) {
                                Value::Int(a) => a == i.sb() as i64,
                                Value::Float(a) => a == i.sb() as f64,
                                _ => false,
                            };
                            cond_jump!(r, i);
                        }
                        OpCode::LtI | OpCode::LeI | OpCode::GtI | OpCode::GeI => {
                            let x = reg!(i.a());
                            let imm = i.sb() as i64;
                            let r = match x {
                                Value::Int(a) => Some(match op {
                                    OpCode::LtI => a < imm,
                                    OpCode::LeI => a <= imm,
                                    OpCode::GtI => a > imm,
                                    _ => a >= imm,
                                }),
                                Value::Float(a) => Some(match op {
                                    OpCode::LtI => a < imm as f64,
                                    OpCode::LeI => a <= imm as f64,
                                    OpCode::GtI => a > imm as f64,
                                    _ => a >= imm as f64,
                                }),
                                _ => None,
                            };
                            match r {
                                Some(r) => cond_jump!(r, i),
                                None => {
                                    let imm_v = if i.c() != 0 { Value::Float(imm as f64) } else { Value::Int(imm) };
                                    let step = match op {
                                        OpCode::LtI => protect!(self.order_step(Tm::Lt, x, imm_v)),
                                        OpCode::LeI => protect!(self.order_step(Tm::Le, x, imm_v)),
                                        OpCode::GtI => protect!(self.order_step(Tm::Lt, imm_v, x)),
                                        _ => protect!(self.order_step(Tm::Le, imm_v, x)),
                                    };
                                    compare!(i, step);
                                }
                            }
                        }
                        OpCode::Test => cond_jump!(!reg!(i.a()).is_falsy(), i),
                        OpCode::TestSet => {
                            let v = reg!(i.b());
                            if v.is_falsy() == i.k() {
                                skip_next!();
                            } else {
                                reg!(i.a()) = v;
                                do_next_jump!();
                            }
                        }
                        OpCode::Call => {
                            let func = self.state().frames[ci_idx].base + i.a() as usize;
                            if i.b() != 0 {
                                self.state().top = func + i.b() as usize;
                            }
                            save_pc!();
                            let nresults = i.c() as i32 - 1;
                            if let Value::LuaFn(callee) = reg!(i.a()) {
                                // Fast path: room on the stack already, and a Lua caller
                                // adds no C-stack level.
                                let needed = func + 1 + callee.proto.max_stack as usize + EXTRA_STACK;
                                if needed <= self.state().stack.len() {
                                    let c_depth = self.state().frames.get_unchecked(ci_idx).c_depth;
                                    self.push_lua_frame(func, callee, nresults, 0, c_depth);
                                    continue 'reenter;
                                }
                            }
                            let f = self.precall(func, nresults, 0);
                            trap = self.hooks_on();
                            flow!(f?);
                        }
                        OpCode::TailCall => {
                            save_pc!();
                            let f = self.tail_call(ci_idx, i);
                            trap = self.hooks_on();
                            flow!(f?);
                        }
                        OpCode::Return => {
                            save_pc!();
                            let f = self.op_return(ci_idx, i, trap);
                            flow!(f?);
                        }
                        OpCode::Return0 => {
                            if trap {
                                save_pc!();
                                let first = self.state().frames[ci_idx].base;
                                self.hook_return(first, 0)?;
                            }
                            let plain = !trap && self.returns_plainly_to_lua(ci_idx);
                            let st = self.state();
                            st.top = st.frames[ci_idx].base;
                            let popped = self.poscall(ci_idx, 0);
                            if plain {
                                continue 'reenter;
                            }
                            match self.after_return(popped)? {
                                Flow::Exit => return Ok(()),
                                _ => continue 'reenter,
                            }
                        }
                        OpCode::Return1 => {
                            if trap {
                                save_pc!();
                                let first = self.state().frames[ci_idx].base + i.a() as usize;
                                self.hook_return(first, 1)?;
                                reload!();
                            }
                            let plain = !trap && self.returns_plainly_to_lua(ci_idx);
                            let st = self.state();
                            st.top = st.frames[ci_idx].base + i.a() as usize + 1;
                            let popped = self.poscall(ci_idx, 1);
                            if plain {
                                continue 'reenter;
                            }
                            match self.after_return(popped)? {
                                Flow::Exit => return Ok(()),
                                _ => continue 'reenter,
                            }
                        }
                        OpCode::ForLoop => {
                            let a = i.a();
                            match (reg!(a), reg!(a + 1), reg!(a + 2)) {
                                (Value::Int(idx), Value::Int(count), Value::Int(step)) => {
                                    // `count` holds the remaining iterations, unsigned.
                                    if count as u64 > 0 {
                                        let idx = idx.wrapping_add(step);
                                        reg!(a + 1) = Value::Int((count as u64 - 1) as i64);
                                        reg!(a) = Value::Int(idx);
                                        reg!(a + 3) = Value::Int(idx);
                                        pc = pc.sub(i.bx() as usize);
                                    }
                                }
                                _ => {
                                    if float_for_loop(base.add(a as usize)) {
                                        pc = pc.sub(i.bx() as usize);
                                    }
                                }
                            }
                        }
                        OpCode::ForPrep => {
                            let skip = protect!(self.for_prep(base.add(i.a() as usize)));
                            if skip {
                                pc = pc.add(i.bx() as usize + 1);
                            }
                        }
                        OpCode::TForPrep => {
                            let slot = self.state().frames[ci_idx].base + i.a() as usize + 3;
                            protect!(self.mark_tbc(slot, i.a() + 3));
                            pc = pc.add(i.bx() as usize);
                        }
                        OpCode::TForCall => {
                            let a = i.a();
                            reg!(a + 4) = reg!(a);
                            reg!(a + 5) = reg!(a + 1);
                            reg!(a + 6) = reg!(a + 2);
                            let func = self.state().frames[ci_idx].base + a as usize + 4;
                            self.state().top = func + 3;
                            save_pc!();
                            let f = self.precall(func, i.c() as i32, 0);
                            flow!(f?);
                        }
                        OpCode::TForLoop => {
                            let a = i.a();
                            let v = reg!(a + 4);
                            if !v.is_nil() {
                                reg!(a + 2) = v;
                                pc = pc.sub(i.bx() as usize);
                            }
                        }
                        OpCode::SetList => {
                            let a = i.a() as usize;
                            let frame_base = self.state().frames[ci_idx].base;
                            let n = if i.b() == 0 { self.state().top - (frame_base + a) - 1 } else { i.b() as usize };
                            let mut last = i.c() as usize;
                            if i.k() {
                                last += (*pc).ax_arg() as usize * (Instruction::MAX_C as usize + 1);
                                skip_next!();
                            }
                            last += n;
                            if let Value::Table(t) = reg!(a) {
                                if last > t.array_len() {
                                    protect!(self.check_table_sizes(last, 0));
                                    t.ensure_array(&mut self.heap, last);
                                }
                                for j in 1..=n {
                                    let v = reg!(a + j);
                                    t.set_int(&mut self.heap, (last - n + j) as i64, v);
                                }
                                // Raises the error if the table could not grow.
                                protect!(self.op_safepoint(ci_idx, i.a()));
                            }
                        }
                        OpCode::Closure => {
                            let p = cl.proto.protos[i.bx() as usize];
                            let frame_base = self.state().frames[ci_idx].base;
                            let new = self.make_closure(p, cl, frame_base);
                            reg!(i.a()) = new;
                            protect!(self.op_safepoint(ci_idx, i.a()));
                        }
                        OpCode::Vararg => {
                            save_pc!();
                            let r = self.op_vararg(ci_idx, i);
                            reload!();
                            r?;
                        }
                        OpCode::VarargPrep => {
                            save_pc!();
                            let r = self.op_vararg_prep(ci_idx, i.a() as usize);
                            reload!();
                            r?;
                            if trap {
                                self.hook_call()?;
                                // The next instruction counts as a new line.
                                self.state().hooks.old_pc = 1;
                                reload!();
                            }
                        }
                        OpCode::ExtraArg => {
                            save_pc!();
                            return Err(self.runtime_error("invalid instruction"));
                        }
                    }
                }
            }
        }
    }

    /// A safepoint after an instruction that allocated into register `ra`. As in the
    /// reference, the registers above `ra` are dead at that point (the compiler
    /// evaluates into the lowest free register), so `top` is `ra + 1` for the
    /// collection: a stale temporary must not keep an object (and its finalizer)
    /// from being collected.
    fn op_safepoint(&mut self, ci_idx: usize, ra: u32) -> LuaResult<()> {
        let st = self.state();
        let saved_top = st.top;
        st.top = st.frames[ci_idx].base + ra as usize + 1;
        let r = self.gc_safepoint();
        self.state().top = saved_top;
        r
    }

    /// Whether frame `ci_idx` returns plainly to the Lua frame below it: no flag asks
    /// `after_return` for anything (finishing an instruction, leaving the loop,
    /// ending a coroutine), so `RETURN0`/`RETURN1` can go straight on with the caller.
    #[inline(always)]
    fn returns_plainly_to_lua(&self, ci_idx: usize) -> bool {
        let st = self.state();
        let plain = st.frames[ci_idx].flags & (ff::FRESH | ff::COROUTINE_BASE | ff::FINISH_OP) == 0;
        plain && ci_idx > 0 && st.frames[ci_idx - 1].is_lua()
    }

    /// Checks the sizes a `NEWTABLE` or `SETLIST` asks for before allocating. The
    /// compiler never asks for more than a constructor holds, but a binary chunk may
    /// carry any operands: as the reference, a hash part beyond 2^30 slots is a "table
    /// overflow" and an array part the heap cannot hold is "not enough memory".
    fn check_table_sizes(&mut self, array_size: usize, hash_size: usize) -> LuaResult<()> {
        if hash_size > MAX_HASH_SIZE {
            return Err(self.runtime_error("table overflow"));
        }
        let bytes = Table::bytes_for(array_size, hash_size);
        if bytes > MAX_PRESIZE_BYTES || self.heap.would_exceed(bytes) {
            return Err(self.memory_error());
        }
        Ok(())
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
        let inst = p.code[frame.pc - 1];
        let Some(op) = inst.opcode() else {
            return Ok(Flow::Continue);
        };
        let st = self.state();
        match op {
            OpCode::MmBin | OpCode::MmBinI | OpCode::MmBinK => {
                let dest = p.code[frame.pc - 2].a() as usize;
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
                    st.frames[idx].pc += 1;
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
                st.frames[idx].pc -= 1;
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
            let mut buf = self.reserve_string_buffer(total_len)?;
            for v in &st.stack[top - count..top] {
                Vm::append_concat_piece(v, &mut buf);
            }
            let s = self.new_string_from_vec(buf);
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
    fn mark_tbc(&mut self, slot: usize, reg: u32) -> LuaResult<()> {
        let v = self.state().stack[slot];
        if v.is_falsy() {
            return Ok(());
        }
        if self.metamethod(&v, Tm::Close).is_nil() {
            let st = self.state();
            let frame = st.frames[st.ci()];
            let name = self
                .frame_proto(&frame)
                .and_then(|p| p.local_name(reg as usize + 1, Vm::current_pc(&frame)))
                .map(|n| String::from_utf8_lossy(n).into_owned())
                .unwrap_or_else(|| "?".into());
            return Err(self.runtime_error(&format!("variable '{name}' got a non-closable value")));
        }
        self.state().tbc.push(slot);
        Ok(())
    }

    /// `CLOSE` and the closing part of `RETURN`: closes upvalues at or above `level`
    /// and starts the `__close` handler of the topmost pending variable, if any.
    fn close_step(&mut self, level: usize, call_at: usize) -> LuaResult<Flow> {
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

    fn tail_call(&mut self, ci_idx: usize, i: Instruction) -> LuaResult<Flow> {
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
        let dest = if i.c() != 0 { frame.func - frame.n_extra_args - i.c() as usize } else { frame.func };
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
    fn op_return(&mut self, ci_idx: usize, i: Instruction, hooked: bool) -> LuaResult<Flow> {
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
            st.frames[ci_idx].func -= frame.n_extra_args + i.c() as usize;
        }
        st.top = ra + n;
        let popped = self.poscall(ci_idx, n);
        match self.after_return(popped)? {
            Flow::Continue => Ok(Flow::Reenter),
            other => Ok(other),
        }
    }

    fn op_vararg(&mut self, ci_idx: usize, i: Instruction) -> LuaResult<()> {
        let st = self.state();
        let frame = st.frames[ci_idx];
        let nextra = frame.n_extra_args;
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

    fn op_vararg_prep(&mut self, ci_idx: usize, nfixed: usize) -> LuaResult<()> {
        let st = self.state();
        let frame = st.frames[ci_idx];
        let actual = st.top - frame.func - 1;
        let nextra = actual.saturating_sub(nfixed);
        let frame_size = frame.top - frame.base;
        let needed = st.top + 1 + nfixed + frame_size + EXTRA_STACK;
        self.ensure_slots(needed)?;
        let st = self.state();
        let new_func = frame.func + actual + 1;
        st.stack[new_func] = st.stack[frame.func];
        for j in 1..=nfixed {
            st.stack[new_func + j] = st.stack[frame.func + j];
            st.stack[frame.func + j] = Value::Nil;
        }
        let f = &mut st.frames[ci_idx];
        f.func = new_func;
        f.base = new_func + 1;
        f.top = f.base + frame_size;
        f.n_extra_args = nextra;
        st.top = new_func + 1 + nfixed;
        Ok(())
    }

    /// Creates a closure of `p`, capturing upvalues from the enclosing closure `parent`
    /// and from the registers starting at stack slot `base`.
    fn make_closure(&mut self, p: Gc<crate::function::Proto>, parent: &LuaClosure, base: usize) -> Value {
        let mut upvals = Vec::with_capacity(p.upvalues.len());
        for desc in p.upvalues.iter() {
            let uv = if desc.in_stack {
                self.state().find_upval(&mut self.heap, base + desc.index as usize)
            } else {
                parent.upvals[desc.index as usize].get()
            };
            upvals.push(std::cell::Cell::new(uv));
        }
        Value::LuaFn(self.alloc_closure(LuaClosure { proto: p, upvals: upvals.into_boxed_slice() }))
    }

    /// `FORPREP`: checks and prepares the loop at `ra..ra+4`; true if it must not run.
    ///
    /// # Safety
    /// `ra` must point at four registers of the running frame.
    unsafe fn for_prep(&mut self, ra: *mut Value) -> LuaResult<bool> {
        // SAFETY: guaranteed by the caller.
        let (init, limit, step) = unsafe { (*ra, *ra.add(1), *ra.add(2)) };
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

/// Stores into a table field through the fast paths: an existing key, or any key of a
/// table without a metatable. Returns false when the slow path is needed.
#[inline(always)]
fn fast_set_str(vm: &mut Vm, t: Gc<Table>, key: Gc<crate::string::LuaStr>, val: Value) -> bool {
    if !val.is_nil() && t.replace_existing_str(&mut vm.heap, key, val) {
        return true;
    }
    // A refused growth takes the slow path, which raises the memory error.
    t.metatable().is_none() && t.set_str(&mut vm.heap, key, val)
}

/// Whether an instruction reads the stack top set by the previous one (a "to top"
/// operand), so hooks must not move the top before it runs.
fn uses_top(i: Instruction) -> bool {
    match i.opcode() {
        Some(OpCode::Call) | Some(OpCode::TailCall) => i.b() == 0,
        Some(OpCode::Return) | Some(OpCode::SetList) => i.b() == 0,
        _ => false,
    }
}

#[inline(always)]
fn num_f(v: Value) -> Option<f64> {
    match v {
        Value::Float(f) => Some(f),
        Value::Int(i) => Some(i as f64),
        _ => None,
    }
}

#[inline(always)]
fn tm_of(i: Instruction) -> Tm {
    Tm::from_u32(i.c()).unwrap_or(Tm::Add)
}

/// The float branch of `FORLOOP`.
///
/// # Safety
/// `ra` must point at the four loop registers of the running frame.
#[inline(always)]
unsafe fn float_for_loop(ra: *mut Value) -> bool {
    // SAFETY: guaranteed by the caller; `FORPREP` stored floats in all three slots.
    unsafe {
        let (Value::Float(idx), Value::Float(limit), Value::Float(step)) = (*ra, *ra.add(1), *ra.add(2)) else {
            return false;
        };
        let idx = idx + step;
        let go_on = if 0.0 < step { idx <= limit } else { limit <= idx };
        if go_on {
            *ra = Value::Float(idx);
            *ra.add(3) = Value::Float(idx);
        }
        go_on
    }
}
