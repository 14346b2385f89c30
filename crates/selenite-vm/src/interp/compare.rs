//! Jumps, comparisons, tests and loops. A comparison is followed by a `JMP`, taken
//! when the result equals the instruction's `k` and skipped otherwise (`cond_jump!`);
//! a comparison that needs a metamethod lets `finish_op` decide after the call.

use super::arith::number;
use super::{call_metamethod, cond_target, konst, reg, save_pc, Consts, Pc, Regs, Resume};
use crate::error::LuaResult;
use crate::meta::Tm;
use crate::ops::Step;
use crate::value::Value;
use crate::vm::Vm;
use selenite_bytecode::{Instruction, OpCode};

// SAFETY (every handler here): operands were checked by the verifier, tests are
// followed by their `JMP`, jump targets are inside the code, and `base` points at
// the running frame's registers (see the module invariants in `mod.rs`).

/// Finishes a comparison done by a slow path: jumps on its result, or sets up the
/// metamethod call whose result `finish_op` will test.
///
/// # Safety
/// `pc` must point at the `JMP` companion of test `i`.
#[inline(always)]
unsafe fn compare_result(vm: &mut Vm, pc: Pc, i: Instruction, step: Step) -> LuaResult<Resume> {
    // SAFETY: guaranteed by the caller.
    unsafe {
        match step {
            Step::Done(v) => Ok(Resume::At(cond_target(pc, !v.is_falsy(), i))),
            Step::Call { f, args, nargs } => call_metamethod(vm, pc, f, &args[..nargs], 1),
        }
    }
}

pub(super) unsafe fn op_jmp(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above.
    unsafe { dispatch!(vm, pc.offset(i.sj_arg() as isize), base, k) }
}

/// Equality decided by the tags and payloads alone, when no metamethod, long-string
/// comparison or mixed number comparison can be involved; `None` otherwise.
#[inline(always)]
fn plain_eq(x: Value, y: Value) -> Option<bool> {
    match (x, y) {
        (Value::Int(a), Value::Int(b)) => Some(a == b),
        (Value::Str(a), Value::Str(b)) if a == b => Some(true),
        // Short strings are interned: different objects, different contents.
        (Value::Str(a), Value::Str(b)) if a.is_short() && b.is_short() => Some(false),
        (Value::Nil, Value::Nil) => Some(true),
        (Value::Bool(a), Value::Bool(b)) => Some(a == b),
        (Value::Float(a), Value::Float(b)) => Some(a == b),
        _ => None,
    }
}

pub(super) unsafe fn op_eq(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above.
    unsafe {
        match plain_eq(*reg(base, i.a()), *reg(base, i.b())) {
            Some(equal) => cond_jump!(vm, pc, base, k, equal, i),
            None => eq_slow(vm, pc, base, k, i),
        }
    }
}

out_of_line!(
    /// `EQ` of values whose equality may take a metamethod or a content comparison.
    eq_slow => eq_slow_work
);

#[inline(never)]
unsafe fn eq_slow_work(vm: &mut Vm, pc: Pc, base: Regs, _k: Consts, i: Instruction) -> LuaResult<Resume> {
    // SAFETY: see above.
    unsafe {
        let (x, y) = (*reg(base, i.a()), *reg(base, i.b()));
        let step = vm.eq_step(x, y);
        compare_result(vm, pc, i, step)
    }
}

pub(super) unsafe fn op_lt(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above.
    unsafe {
        if let (Value::Int(a), Value::Int(b)) = (*reg(base, i.a()), *reg(base, i.b())) {
            cond_jump!(vm, pc, base, k, a < b, i)
        }
        order_other(vm, pc, base, k, i)
    }
}

pub(super) unsafe fn op_le(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above.
    unsafe {
        if let (Value::Int(a), Value::Int(b)) = (*reg(base, i.a()), *reg(base, i.b())) {
            cond_jump!(vm, pc, base, k, a <= b, i)
        }
        order_other(vm, pc, base, k, i)
    }
}

/// `LT` and `LE` on two numbers that are not both integers, or on two strings (a
/// handler of its own, so that the integer path saves no registers); anything else
/// goes on to `order_slow`.
#[inline(never)]
unsafe fn order_other(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above.
    unsafe {
        let (x, y) = (*reg(base, i.a()), *reg(base, i.b()));
        let less = i.opcode_raw() == OpCode::Lt as u8;
        let result = match (x, y) {
            (Value::Float(a), Value::Float(b)) => Some(if less { a < b } else { a <= b }),
            (Value::Str(a), Value::Str(b)) => Some(crate::meta::str_order(a, b, less)),
            _ if less => crate::meta::num_lt(x, y),
            _ => crate::meta::num_le(x, y),
        };
        match result {
            Some(r) => cond_jump!(vm, pc, base, k, r, i),
            None => order_slow(vm, pc, base, k, i),
        }
    }
}

out_of_line!(
    /// `LT` and `LE` on anything but two numbers or two strings.
    #[cold]
    order_slow => order_slow_work
);

#[inline(never)]
unsafe fn order_slow_work(vm: &mut Vm, pc: Pc, base: Regs, _k: Consts, i: Instruction) -> LuaResult<Resume> {
    // SAFETY: see above.
    unsafe {
        let (x, y) = (*reg(base, i.a()), *reg(base, i.b()));
        let tm = if i.opcode() == Some(OpCode::Lt) { Tm::Lt } else { Tm::Le };
        save_pc(vm, pc);
        let step = vm.order_step(tm, x, y)?;
        compare_result(vm, pc, i, step)
    }
}

pub(super) unsafe fn op_eq_k(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above.
    unsafe {
        match plain_eq(*reg(base, i.a()), konst(k, i.b())) {
            Some(equal) => cond_jump!(vm, pc, base, k, equal, i),
            None => eq_k_slow(vm, pc, base, k, i),
        }
    }
}

/// `EQK` needing a content or mixed-number comparison (never a metamethod: the
/// constant is not a table or userdata).
#[inline(never)]
unsafe fn eq_k_slow(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above.
    unsafe { cond_jump!(vm, pc, base, k, reg(base, i.a()).raw_eq(&konst(k, i.b())), i) }
}

pub(super) unsafe fn op_eq_imm(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above.
    unsafe {
        let equal = match *reg(base, i.a()) {
            Value::Int(a) => a == i.sb() as i64,
            Value::Float(a) => a == i.sb() as f64,
            _ => false,
        };
        cond_jump!(vm, pc, base, k, equal, i)
    }
}

/// Comparisons of a register with an immediate integer.
macro_rules! compare_imm_handler {
    ($name:ident, $op:tt) => {
        pub(super) unsafe fn $name(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
            // SAFETY: see above.
            unsafe {
                let imm = i.sb() as i64;
                let x: *const Value = reg(base, i.a());
                let result = match number::tag(x) {
                    number::INT => number::int(x) $op imm,
                    number::FLOAT => number::float(x) $op imm as f64,
                    _ => return compare_imm_slow(vm, pc, base, k, i),
                };
                cond_jump!(vm, pc, base, k, result, i)
            }
        }
    };
}

compare_imm_handler!(op_lt_imm, <);
compare_imm_handler!(op_le_imm, <=);
compare_imm_handler!(op_gt_imm, >);
compare_imm_handler!(op_ge_imm, >=);

out_of_line!(
    /// `LTI`, `LEI`, `GTI`, `GEI` on a non-number: `__lt`/`__le` or the error. `C` says
    /// whether the immediate was written as a float.
    #[cold]
    compare_imm_slow => compare_imm_slow_work
);

#[inline(never)]
unsafe fn compare_imm_slow_work(vm: &mut Vm, pc: Pc, base: Regs, _k: Consts, i: Instruction) -> LuaResult<Resume> {
    // SAFETY: see above.
    unsafe {
        let x = *reg(base, i.a());
        let imm = i.sb() as i64;
        let imm = if i.c() != 0 { Value::Float(imm as f64) } else { Value::Int(imm) };
        save_pc(vm, pc);
        let step = match i.opcode() {
            Some(OpCode::LtI) => vm.order_step(Tm::Lt, x, imm)?,
            Some(OpCode::LeI) => vm.order_step(Tm::Le, x, imm)?,
            Some(OpCode::GtI) => vm.order_step(Tm::Lt, imm, x)?,
            _ => vm.order_step(Tm::Le, imm, x)?,
        };
        compare_result(vm, pc, i, step)
    }
}

pub(super) unsafe fn op_test(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above.
    unsafe { cond_jump!(vm, pc, base, k, !reg(base, i.a()).is_falsy(), i) }
}

pub(super) unsafe fn op_test_set(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above.
    unsafe {
        let v = *reg(base, i.b());
        if v.is_falsy() == i.k() {
            dispatch!(vm, pc.add(1), base, k)
        }
        *reg(base, i.a()) = v;
        let jump = *pc;
        dispatch!(vm, pc.offset(jump.sj_arg() as isize + 1), base, k)
    }
}

pub(super) unsafe fn op_for_loop(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above; `FORPREP` initialised the four loop registers.
    unsafe {
        let a = i.a();
        if let (Value::Int(idx), Value::Int(count), Value::Int(step)) =
            (*reg(base, a), *reg(base, a + 1), *reg(base, a + 2))
        {
            // `count` holds the remaining iterations, unsigned.
            if count as u64 > 0 {
                let idx = idx.wrapping_add(step);
                *reg(base, a + 1) = Value::Int((count as u64 - 1) as i64);
                *reg(base, a) = Value::Int(idx);
                *reg(base, a + 3) = Value::Int(idx);
                dispatch!(vm, pc.sub(i.bx() as usize), base, k)
            }
            dispatch!(vm, pc, base, k)
        }
        float_for_loop(vm, pc, base, k, i)
    }
}

/// The float branch of `FORLOOP` (not inlined: it would make the integer branch
/// save registers).
#[inline(never)]
unsafe fn float_for_loop(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above; `FORPREP` stored floats in all three control slots.
    unsafe {
        let a = i.a();
        if let (Value::Float(idx), Value::Float(limit), Value::Float(step)) =
            (*reg(base, a), *reg(base, a + 1), *reg(base, a + 2))
        {
            let idx = idx + step;
            if if 0.0 < step { idx <= limit } else { limit <= idx } {
                *reg(base, a) = Value::Float(idx);
                *reg(base, a + 3) = Value::Float(idx);
                dispatch!(vm, pc.sub(i.bx() as usize), base, k)
            }
        }
        dispatch!(vm, pc, base, k)
    }
}

pub(super) unsafe fn op_for_prep(vm: &mut Vm, pc: Pc, mut base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above.
    unsafe {
        let skip = protect!(vm, pc, base, vm.for_prep(base.add(i.a() as usize)));
        if skip {
            dispatch!(vm, pc.add(i.bx() as usize + 1), base, k)
        }
        dispatch!(vm, pc, base, k)
    }
}

pub(super) unsafe fn op_tfor_prep(vm: &mut Vm, pc: Pc, mut base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above.
    unsafe {
        let slot = base.offset_from(vm.state().stack.as_ptr()) as usize + i.a() as usize + 3;
        protect!(vm, pc, base, vm.mark_tbc(slot, i.a() + 3));
        dispatch!(vm, pc.add(i.bx() as usize), base, k)
    }
}

pub(super) unsafe fn op_tfor_loop(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above.
    unsafe {
        let a = i.a();
        let v = *reg(base, a + 4);
        if !v.is_nil() {
            *reg(base, a + 2) = v;
            dispatch!(vm, pc.sub(i.bx() as usize), base, k)
        }
        dispatch!(vm, pc, base, k)
    }
}
