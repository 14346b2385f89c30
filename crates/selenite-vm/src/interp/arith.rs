//! Arithmetic, bitwise and unary handlers. A binary operator's fast path handles
//! numbers and skips the `MMBIN*` instruction that follows it; otherwise it goes on
//! to that instruction, whose handler looks for a metamethod (or raises the error).

use super::{konst, meta_result, reg, Consts, Pc, Regs, Resume};
use crate::debug::Origin;
use crate::error::LuaResult;
use crate::meta::{self, Tm};
use crate::value::Value;
use crate::vm::Vm;
use selenite_bytecode::Instruction;

// SAFETY (every handler here): operands were checked by the verifier, a binary
// operator is always followed by its `MMBIN*` companion, and `base` points at the
// running frame's registers (see the module invariants in `mod.rs`).

/// `ADDI`: an integer immediate added to a number read in place (as in
/// `arith_mem_handler!`).
pub(super) unsafe fn op_add_imm(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above and `arith_mem_handler!`.
    unsafe {
        let x: *const Value = reg(base, i.b());
        let imm = i.sc() as i64;
        match number::tag(x) {
            number::INT => number::set_int(reg(base, i.a()), number::int(x).wrapping_add(imm)),
            number::FLOAT => number::set_float(reg(base, i.a()), number::float(x) + imm as f64),
            _ => return to_metamethod(vm, pc, base, k, i),
        }
        dispatch!(vm, pc.add(1), base, k)
    }
}

/// Goes on to the `MMBIN*` companion of a binary operator whose operands are not
/// numbers. A function of its own: were it inline, the compiler would merge it with
/// the fast path's dispatch (which skips the companion) into one jump over a variable
/// distance, and keep `pc` in a register the handler must save.
#[inline(never)]
unsafe fn to_metamethod(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, _i: Instruction) -> LuaResult<()> {
    // SAFETY: `pc` points at the companion instruction (see above).
    unsafe { dispatch!(vm, pc, base, k) }
}

/// Arithmetic with integer and float fast paths on operands in memory (a register or
/// a constant): tags are tested first and each payload is then read as the type the
/// tag says, so a float goes from memory straight to the floating-point unit.
macro_rules! arith_mem_handler {
    ($name:ident, $rhs:ident, $int:expr, $flt:expr) => {
        pub(super) unsafe fn $name(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
            // SAFETY: see above; `x` and `y` point at valid values, `dst` at a
            // register, which may be either of them (both are read first).
            unsafe {
                let x: *const Value = reg(base, i.b());
                let y: *const Value = $rhs(base, k, i);
                let dst: *mut Value = reg(base, i.a());
                match (number::tag(x), number::tag(y)) {
                    (number::INT, number::INT) => number::set_int(dst, $int(number::int(x), number::int(y))),
                    (number::FLOAT, number::FLOAT) => number::set_float(dst, $flt(number::float(x), number::float(y))),
                    (number::INT, number::FLOAT) => {
                        number::set_float(dst, $flt(number::int(x) as f64, number::float(y)))
                    }
                    (number::FLOAT, number::INT) => {
                        number::set_float(dst, $flt(number::float(x), number::int(y) as f64))
                    }
                    _ => return to_metamethod(vm, pc, base, k, i),
                }
                dispatch!(vm, pc.add(1), base, k)
            }
        }
    };
}

/// Numbers read and written in place, by tag and payload (`Value` is `repr(C, u8)`:
/// the tag byte at offset 0, the payload at offset 8).
///
/// # Safety (all)
/// The pointers must point at valid values (`set_*`: writable ones); `int` and
/// `float` only at values whose tag is `INT` or `FLOAT`.
pub(super) mod number {
    use crate::value::Value;

    /// The tag byte of `Value::Int`.
    // SAFETY: reads the initialised tag byte at offset 0 of a constant value.
    pub(in crate::interp) const INT: u8 = unsafe { *(&Value::Int(0) as *const Value as *const u8) };
    /// The tag byte of `Value::Float`.
    // SAFETY: as above.
    pub(in crate::interp) const FLOAT: u8 = unsafe { *(&Value::Float(0.0) as *const Value as *const u8) };

    #[inline(always)]
    pub(in crate::interp) unsafe fn tag(v: *const Value) -> u8 {
        // SAFETY: see the module contract.
        unsafe { v.cast::<u8>().read() }
    }
    #[inline(always)]
    pub(in crate::interp) unsafe fn int(v: *const Value) -> i64 {
        // SAFETY: see the module contract.
        unsafe { v.cast::<i64>().add(1).read() }
    }
    #[inline(always)]
    pub(in crate::interp) unsafe fn float(v: *const Value) -> f64 {
        // SAFETY: see the module contract.
        unsafe { v.cast::<f64>().add(1).read() }
    }
    #[inline(always)]
    pub(in crate::interp) unsafe fn set_int(dst: *mut Value, n: i64) {
        // SAFETY: see the module contract; tag and payload make a valid `Int`.
        unsafe {
            dst.cast::<i64>().add(1).write(n);
            dst.cast::<u8>().write(INT);
        }
    }
    #[inline(always)]
    pub(in crate::interp) unsafe fn set_float(dst: *mut Value, n: f64) {
        // SAFETY: see the module contract; tag and payload make a valid `Float`.
        unsafe {
            dst.cast::<f64>().add(1).write(n);
            dst.cast::<u8>().write(FLOAT);
        }
    }
}

/// Float-only arithmetic (`/` and `^`), operands read in place as in
/// `arith_mem_handler!`.
macro_rules! float_handler {
    ($name:ident, $rhs:ident, $flt:expr) => {
        pub(super) unsafe fn $name(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
            // SAFETY: see above and `arith_mem_handler!`.
            unsafe {
                let (x, y) = (reg(base, i.b()) as *const Value, $rhs(base, k, i));
                let a = match number::tag(x) {
                    number::FLOAT => number::float(x),
                    number::INT => number::int(x) as f64,
                    _ => return to_metamethod(vm, pc, base, k, i),
                };
                let b = match number::tag(y) {
                    number::FLOAT => number::float(y),
                    number::INT => number::int(y) as f64,
                    _ => return to_metamethod(vm, pc, base, k, i),
                };
                number::set_float(reg(base, i.a()), $flt(a, b));
                dispatch!(vm, pc.add(1), base, k)
            }
        }
    };
}

/// `%` and `//`: integer division by zero is an error, raised by the slow path.
/// Floats go to a handler of their own (`$float`): `fmod` is a call, and a fast path
/// that may call saves registers on every integer division too.
macro_rules! division_handler {
    ($name:ident, $float:ident, $rhs:ident, $tm:expr) => {
        pub(super) unsafe fn $name(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
            // SAFETY: see above.
            unsafe {
                if let (Value::Int(a), Value::Int(b)) = (*reg(base, i.b()), $rhs(base, k, i)) {
                    if b == 0 {
                        return division_by_zero(vm, pc, base, k, i);
                    }
                    *reg(base, i.a()) = Value::Int(meta::int_arith($tm, a, b).unwrap_or(0));
                    dispatch!(vm, pc.add(1), base, k)
                }
                $float(vm, pc, base, k, i)
            }
        }

        #[inline(never)]
        unsafe fn $float(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
            // SAFETY: see above.
            unsafe {
                if let (Some(a), Some(b)) = (num_f(*reg(base, i.b())), num_f($rhs(base, k, i))) {
                    *reg(base, i.a()) = Value::Float(meta::float_arith($tm, a, b));
                    dispatch!(vm, pc.add(1), base, k)
                }
                to_metamethod(vm, pc, base, k, i)
            }
        }
    };
}

/// Bitwise operators: integers inline; floats and strings convertible to integers
/// through `to_integer_bitwise`, in a handler of their own (`$coerce`) so that the
/// integer path saves no registers; anything else goes on to `MMBIN*`.
macro_rules! bitwise_handler {
    ($name:ident, $coerce:ident, $lhs:ident, $rhs:ident, $tm:expr) => {
        pub(super) unsafe fn $name(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
            // SAFETY: see above.
            unsafe {
                if let (Value::Int(a), Value::Int(b)) = ($lhs(base, k, i), $rhs(base, k, i)) {
                    *reg(base, i.a()) = Value::Int(meta::int_bitwise($tm, a, b));
                    dispatch!(vm, pc.add(1), base, k)
                }
                $coerce(vm, pc, base, k, i)
            }
        }

        #[inline(never)]
        unsafe fn $coerce(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
            // SAFETY: see above.
            unsafe {
                let (x, y) = ($lhs(base, k, i), $rhs(base, k, i));
                if let (Some(a), Some(b)) = (meta::to_integer_bitwise(&x), meta::to_integer_bitwise(&y)) {
                    *reg(base, i.a()) = Value::Int(meta::int_bitwise($tm, a, b));
                    dispatch!(vm, pc.add(1), base, k)
                }
                dispatch!(vm, pc, base, k)
            }
        }
    };
}

/// Operand sources of the binary handlers.
///
/// # Safety (all six)
/// `i` must be a verified instruction of the running frame.
#[inline(always)]
unsafe fn reg_b(base: Regs, _k: Consts, i: Instruction) -> Value {
    // SAFETY: see above.
    unsafe { *reg(base, i.b()) }
}
#[inline(always)]
unsafe fn reg_c(base: Regs, _k: Consts, i: Instruction) -> Value {
    // SAFETY: see above.
    unsafe { *reg(base, i.c()) }
}
#[inline(always)]
unsafe fn const_c(_base: Regs, k: Consts, i: Instruction) -> Value {
    // SAFETY: see above.
    unsafe { konst(k, i.c()) }
}
#[inline(always)]
unsafe fn reg_c_ptr(base: Regs, _k: Consts, i: Instruction) -> *const Value {
    // SAFETY: see above.
    unsafe { reg(base, i.c()) }
}
#[inline(always)]
unsafe fn const_c_ptr(_base: Regs, k: Consts, i: Instruction) -> *const Value {
    // SAFETY: see above.
    unsafe { k.add(i.c() as usize) }
}
#[inline(always)]
unsafe fn imm_c(_base: Regs, _k: Consts, i: Instruction) -> Value {
    Value::Int(i.sc() as i64)
}

arith_mem_handler!(op_add, reg_c_ptr, i64::wrapping_add, |a: f64, b: f64| a + b);
arith_mem_handler!(op_sub, reg_c_ptr, i64::wrapping_sub, |a: f64, b: f64| a - b);
arith_mem_handler!(op_mul, reg_c_ptr, i64::wrapping_mul, |a: f64, b: f64| a * b);
arith_mem_handler!(op_add_k, const_c_ptr, i64::wrapping_add, |a: f64, b: f64| a + b);
arith_mem_handler!(op_sub_k, const_c_ptr, i64::wrapping_sub, |a: f64, b: f64| a - b);
arith_mem_handler!(op_mul_k, const_c_ptr, i64::wrapping_mul, |a: f64, b: f64| a * b);
float_handler!(op_div, reg_c_ptr, |a: f64, b: f64| a / b);
float_handler!(op_pow, reg_c_ptr, selenite_number::float_pow);
float_handler!(op_div_k, const_c_ptr, |a: f64, b: f64| a / b);
float_handler!(op_pow_k, const_c_ptr, selenite_number::float_pow);
division_handler!(op_mod, float_mod, reg_c, Tm::Mod);
division_handler!(op_idiv, float_idiv, reg_c, Tm::IDiv);
division_handler!(op_mod_k, float_mod_k, const_c, Tm::Mod);
division_handler!(op_idiv_k, float_idiv_k, const_c, Tm::IDiv);
bitwise_handler!(op_band, coerce_band, reg_b, reg_c, Tm::BAnd);
bitwise_handler!(op_bor, coerce_bor, reg_b, reg_c, Tm::BOr);
bitwise_handler!(op_bxor, coerce_bxor, reg_b, reg_c, Tm::BXor);
bitwise_handler!(op_shl, coerce_shl, reg_b, reg_c, Tm::Shl);
bitwise_handler!(op_shr, coerce_shr, reg_b, reg_c, Tm::Shr);
bitwise_handler!(op_band_k, coerce_band_k, reg_b, const_c, Tm::BAnd);
bitwise_handler!(op_bor_k, coerce_bor_k, reg_b, const_c, Tm::BOr);
bitwise_handler!(op_bxor_k, coerce_bxor_k, reg_b, const_c, Tm::BXor);
bitwise_handler!(op_shr_imm, coerce_shr_imm, reg_b, imm_c, Tm::Shr);
// `SHLI` shifts the immediate by the register: `sC << R[B]`.
bitwise_handler!(op_shl_imm, coerce_shl_imm, imm_c, reg_b, Tm::Shl);

out_of_line!(
    /// Integer `%` or `//` by zero: raises the reference's error from this instruction.
    #[cold]
    division_by_zero => division_by_zero_work
);

#[inline(never)]
unsafe fn division_by_zero_work(vm: &mut Vm, pc: Pc, _base: Regs, _k: Consts, i: Instruction) -> LuaResult<Resume> {
    use selenite_bytecode::OpCode;
    let tm = if matches!(i.opcode(), Some(OpCode::Mod | OpCode::ModK)) { Tm::Mod } else { Tm::IDiv };
    // SAFETY: see above.
    unsafe {
        super::save_pc(vm, pc);
        vm.arith_step(tm, Value::Int(0), Value::Int(0), Origin::None, Origin::None)?;
        // `arith_step` always raises for an integer divided by zero; were it not to,
        // the `MMBIN*` companion would still handle the operands.
        Ok(Resume::At(pc))
    }
}

/// The metamethod (or error) of a binary operator whose fast path failed. The
/// instruction before this one is the operator; its `A` receives the result.
macro_rules! mm_handler {
    ($name:ident, $work:ident, $operands:expr) => {
        out_of_line!($name => $work);

        #[inline(never)]
        unsafe fn $work(vm: &mut Vm, pc: Pc, mut base: Regs, k: Consts, i: Instruction) -> LuaResult<Resume> {
            // SAFETY: see above; `pc - 2` is the operator this instruction follows.
            unsafe {
                let dest = (*pc.sub(2)).a();
                let (x, y, ox, oy) = $operands(base, k, i);
                let step = protect!(vm, pc, base, vm.arith_step(tm_of(i), x, y, ox, oy));
                meta_result(vm, pc, base, step, dest)
            }
        }
    };
}

type Operands = (Value, Value, Origin, Origin);

/// # Safety (the three operand readers)
/// `i` must be a verified `MMBIN*` instruction of the running frame.
unsafe fn mm_operands(base: Regs, _k: Consts, i: Instruction) -> Operands {
    // SAFETY: see above.
    unsafe { (*reg(base, i.a()), *reg(base, i.b()), Origin::Reg(i.a()), Origin::Reg(i.b())) }
}
unsafe fn mm_operands_imm(base: Regs, _k: Consts, i: Instruction) -> Operands {
    // SAFETY: see above.
    unsafe { swap_if_k(i, *reg(base, i.a()), Value::Int(i.sb() as i64)) }
}
unsafe fn mm_operands_k(base: Regs, k: Consts, i: Instruction) -> Operands {
    // SAFETY: see above.
    unsafe { swap_if_k(i, *reg(base, i.a()), konst(k, i.b())) }
}

/// `k` set means the constant operand came first in the source (`1 - x`).
fn swap_if_k(i: Instruction, register: Value, other: Value) -> Operands {
    if i.k() {
        (other, register, Origin::None, Origin::Reg(i.a()))
    } else {
        (register, other, Origin::Reg(i.a()), Origin::None)
    }
}

mm_handler!(op_mm_bin, mm_bin_work, mm_operands);
mm_handler!(op_mm_bin_imm, mm_bin_imm_work, mm_operands_imm);
mm_handler!(op_mm_bin_k, mm_bin_k_work, mm_operands_k);

pub(super) unsafe fn op_unm(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above.
    unsafe {
        let result = match *reg(base, i.b()) {
            Value::Int(a) => Value::Int(a.wrapping_neg()),
            Value::Float(a) => Value::Float(-a),
            _ => return unary_slow(vm, pc, base, k, i),
        };
        *reg(base, i.a()) = result;
        dispatch!(vm, pc, base, k)
    }
}

pub(super) unsafe fn op_bnot(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above.
    unsafe {
        if let Value::Int(a) = *reg(base, i.b()) {
            *reg(base, i.a()) = Value::Int(!a);
            dispatch!(vm, pc, base, k)
        }
        unary_slow(vm, pc, base, k, i)
    }
}

out_of_line!(
    /// `UNM` and `BNOT` on anything but numbers: coercion, metamethod or error.
    #[cold]
    unary_slow => unary_slow_work
);

#[inline(never)]
unsafe fn unary_slow_work(vm: &mut Vm, pc: Pc, mut base: Regs, _k: Consts, i: Instruction) -> LuaResult<Resume> {
    // SAFETY: see above.
    unsafe {
        let x = *reg(base, i.b());
        let tm = if i.opcode() == Some(selenite_bytecode::OpCode::Unm) { Tm::Unm } else { Tm::BNot };
        let step = protect!(vm, pc, base, vm.unary_step(tm, x, Origin::Reg(i.b())));
        meta_result(vm, pc, base, step, i.a())
    }
}

pub(super) unsafe fn op_not(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above.
    unsafe {
        *reg(base, i.a()) = Value::Bool(reg(base, i.b()).is_falsy());
        dispatch!(vm, pc, base, k)
    }
}

pub(super) unsafe fn op_len(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above.
    unsafe {
        let result = match *reg(base, i.b()) {
            Value::Str(s) => Value::Int(s.len() as i64),
            Value::Table(t) if t.metatable().is_none() => Value::Int(t.len()),
            _ => return len_slow(vm, pc, base, k, i),
        };
        *reg(base, i.a()) = result;
        dispatch!(vm, pc, base, k)
    }
}

out_of_line!(
    #[cold]
    len_slow => len_slow_work
);

#[inline(never)]
unsafe fn len_slow_work(vm: &mut Vm, pc: Pc, mut base: Regs, _k: Consts, i: Instruction) -> LuaResult<Resume> {
    // SAFETY: see above.
    unsafe {
        let x = *reg(base, i.b());
        let step = protect!(vm, pc, base, vm.len_step(x, Origin::Reg(i.b())));
        meta_result(vm, pc, base, step, i.a())
    }
}

#[inline(always)]
pub(super) fn num_f(v: Value) -> Option<f64> {
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
