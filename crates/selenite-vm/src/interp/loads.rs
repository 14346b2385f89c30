//! Handlers that move values between registers, constants and upvalues.

use super::{konst, reg, upval, Consts, Pc, Regs};
use crate::error::LuaResult;
use crate::value::Value;
use crate::vm::Vm;
use selenite_bytecode::Instruction;

// SAFETY (every handler here): operands were checked by the verifier and `base`
// points at the running frame's registers (see the module invariants in `mod.rs`).

pub(super) unsafe fn op_move(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above.
    unsafe {
        Value::copy_from(reg(base, i.a()), reg(base, i.b()));
        dispatch!(vm, pc, base, k)
    }
}

pub(super) unsafe fn op_load_int(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above.
    unsafe {
        *reg(base, i.a()) = Value::Int(i.sbx() as i64);
        dispatch!(vm, pc, base, k)
    }
}

pub(super) unsafe fn op_load_float(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above.
    unsafe {
        *reg(base, i.a()) = Value::Float(i.sbx() as f64);
        dispatch!(vm, pc, base, k)
    }
}

pub(super) unsafe fn op_load_constant(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above.
    unsafe {
        *reg(base, i.a()) = konst(k, i.bx());
        dispatch!(vm, pc, base, k)
    }
}

pub(super) unsafe fn op_load_constant_extra(
    vm: &mut Vm,
    pc: Pc,
    base: Regs,
    k: Consts,
    i: Instruction,
) -> LuaResult<()> {
    // SAFETY: see above; the verifier guarantees the `EXTRAARG` companion.
    unsafe {
        *reg(base, i.a()) = konst(k, (*pc).ax_arg());
        dispatch!(vm, pc.add(1), base, k)
    }
}

pub(super) unsafe fn op_load_false(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above.
    unsafe {
        *reg(base, i.a()) = Value::Bool(false);
        dispatch!(vm, pc, base, k)
    }
}

pub(super) unsafe fn op_load_false_skip(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above; the skipped instruction exists (the verifier checks jumps).
    unsafe {
        *reg(base, i.a()) = Value::Bool(false);
        dispatch!(vm, pc.add(1), base, k)
    }
}

pub(super) unsafe fn op_load_true(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above.
    unsafe {
        *reg(base, i.a()) = Value::Bool(true);
        dispatch!(vm, pc, base, k)
    }
}

pub(super) unsafe fn op_load_nil(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above.
    unsafe {
        for r in i.a()..=i.a() + i.b() {
            *reg(base, r) = Value::Nil;
        }
        dispatch!(vm, pc, base, k)
    }
}

pub(super) unsafe fn op_get_upval(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above; `upval` reads the running closure's.
    unsafe {
        let uv = upval(vm, i.b());
        Value::copy_from(reg(base, i.a()), uv.location());
        dispatch!(vm, pc, base, k)
    }
}

/// `GETSELF`: the upvalue is the variable of the `local function` statement that
/// made the running closure, which nothing in the program assigns, so it holds that
/// closure: copied from the frame's function slot, just below its registers, with
/// none of the three dependent loads of the upvalue (closure, cell, value) that a
/// recursive call would otherwise wait for. Once the debug interface has changed a
/// variable, it reads the upvalue.
pub(super) unsafe fn op_get_self(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    if vm.variables_rewired {
        // SAFETY: this handler's contract is `GETUPVAL`'s, and `B` is an upvalue index
        // the verifier checked as for `GETUPVAL`.
        return unsafe { op_get_upval(vm, pc, base, k, i) };
    }
    // A Lua frame's registers start right after its function slot (`CallInfo::lua`,
    // and `op_vararg_prep` moves both together), which holds the running closure.
    // SAFETY: `A` is a register of the frame (verified) and `base - 1` its function
    // slot, a valid value inside the stack.
    unsafe {
        Value::copy_from(reg(base, i.a()), base.sub(1));
        dispatch!(vm, pc, base, k)
    }
}

pub(super) unsafe fn op_set_upval(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above; `upval` reads the running closure's, and an
    // upvalue's location is valid while the upvalue lives (`UpVal::get`).
    unsafe {
        let uv = upval(vm, i.b());
        let src: *const Value = reg(base, i.a());
        // Copied memory to memory, field by field (`Value::copy_from`).
        Value::copy_from(uv.location(), src);
        if crate::gc::barrier_needed(uv, &*src) {
            return set_upval_barrier(vm, pc, base, k, i);
        }
        dispatch!(vm, pc, base, k)
    }
}

/// The forward barrier after `SETUPVAL` stored a white object into a black upvalue:
/// out of line so that the store makes no calls.
#[cold]
#[inline(never)]
unsafe fn set_upval_barrier(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above.
    unsafe {
        let uv = upval(vm, i.b());
        vm.heap.barrier(uv, *reg(base, i.a()));
        dispatch!(vm, pc, base, k)
    }
}
