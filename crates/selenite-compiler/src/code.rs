//! Code generation: expression descriptors and the instructions they turn into.
//!
//! An [`ExpDesc`] describes an expression whose code may still be pending (a constant,
//! a local, an indexed variable, an instruction whose target register is not yet
//! fixed, a comparison jump...), plus lists of jumps taken when it is true or false
//! (from `and`/`or`). Expressions are "discharged" into registers only when needed, so
//! `a.b.c`, `x + 1` or `if a < b` compile to the same instructions the reference
//! emits. Constant folding follows the reference: only numeric operands, never an
//! operation that could raise an error, never a NaN or zero float result.

use crate::func::{ConstValue, FuncState, UpvalKey, MAX_REGS, NO_JUMP, NO_REG};
use crate::{Compiler, R};
use selenite_bytecode::{Instruction, OpCode};
use selenite_number as num;
use selenite_syntax::ast::{BinOp as BinOpr, StrId, UnOp as UnOpr};

/// What an expression is, pending code generation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ExpKind {
    /// No value (empty expression list).
    Void,
    Nil,
    True,
    False,
    /// Constant `K[n]`.
    K(u32),
    KFlt(f64),
    KInt(i64),
    KStr(StrId),
    /// Value in a fixed register.
    NonReloc(u32),
    /// Local variable in register `ridx` (`vidx`: index among the function's locals).
    Local {
        ridx: u32,
        vidx: usize,
    },
    /// Upvalue number.
    Upval(u32),
    /// Compile-time constant.
    Const(ConstValue),
    /// `R[t][R[idx]]`.
    Indexed {
        t: u32,
        idx: u32,
    },
    /// `Upvalue[t][K[idx]]`.
    IndexUp {
        t: u32,
        idx: u32,
    },
    /// `R[t][idx]` with a small integer.
    IndexInt {
        t: u32,
        idx: u32,
    },
    /// `R[t][K[idx]]` with a short string constant.
    IndexStr {
        t: u32,
        idx: u32,
    },
    /// A comparison; the value is the pc of its jump.
    Jmp(i32),
    /// An instruction (at pc) whose target register can still be chosen.
    Reloc(i32),
    /// A call instruction at pc.
    Call(i32),
    /// A `VARARG` instruction at pc.
    Vararg(i32),
}

#[derive(Clone, Copy, Debug)]
pub struct ExpDesc {
    pub k: ExpKind,
    /// Jumps taken when the expression is true.
    pub t: i32,
    /// Jumps taken when the expression is false.
    pub f: i32,
}

impl ExpDesc {
    pub fn new(k: ExpKind) -> ExpDesc {
        ExpDesc { k, t: NO_JUMP, f: NO_JUMP }
    }

    pub fn has_jumps(&self) -> bool {
        self.t != self.f
    }

    pub fn is_indexed(&self) -> bool {
        matches!(
            self.k,
            ExpKind::Indexed { .. } | ExpKind::IndexUp { .. } | ExpKind::IndexInt { .. } | ExpKind::IndexStr { .. }
        )
    }

    pub fn has_multret(&self) -> bool {
        matches!(self.k, ExpKind::Call(_) | ExpKind::Vararg(_))
    }

    /// The numeric value of a numeral without jumps.
    pub fn numeral(&self) -> Option<num::Number> {
        if self.has_jumps() {
            return None;
        }
        match self.k {
            ExpKind::KInt(i) => Some(num::Number::Int(i)),
            ExpKind::KFlt(f) => Some(num::Number::Float(f)),
            _ => None,
        }
    }

    /// The register of a `NonReloc` expression.
    pub fn reg(&self) -> u32 {
        match self.k {
            ExpKind::NonReloc(r) => r,
            ExpKind::Local { ridx, .. } => ridx,
            _ => 0,
        }
    }

    fn pc(&self) -> i32 {
        match self.k {
            ExpKind::Jmp(pc) | ExpKind::Reloc(pc) | ExpKind::Call(pc) | ExpKind::Vararg(pc) => pc,
            _ => 0,
        }
    }
}

trait OprExt {
    fn foldable(self) -> bool;
    fn arith_index(self) -> u8;
    fn event(self) -> u32;
}

impl OprExt for BinOpr {
    fn foldable(self) -> bool {
        (self as u8) <= (BinOpr::Shr as u8)
    }

    /// Offset from `Add` (arithmetic/bitwise operators map to consecutive opcodes).
    fn arith_index(self) -> u8 {
        self as u8
    }

    /// The metamethod event number (`TM_ADD` = 6 onwards).
    fn event(self) -> u32 {
        6 + self as u32
    }
}

fn fits_c(i: i64) -> bool {
    (i as u64).wrapping_add(Instruction::OFFSET_SC as u64) <= Instruction::MAX_C as u64
}

fn fits_bx(i: i64) -> bool {
    -(Instruction::OFFSET_SBX as i64) <= i && i <= (Instruction::MAX_BX as i64 - Instruction::OFFSET_SBX as i64)
}

fn int_to_sc(i: i64) -> u32 {
    (i + Instruction::OFFSET_SC as i64) as u32
}

fn arith_opcode(base: OpCode, opr: BinOpr) -> OpCode {
    OpCode::from_u8(base as u8 + opr.arith_index()).unwrap_or(base)
}

/// Folds `a op b` as the VM would compute it, or `None` if it must not be folded.
fn fold(op: BinOpr, a: num::Number, b: num::Number) -> Option<num::Number> {
    use num::Number::{Float, Int};
    let as_f = |n: num::Number| match n {
        Int(i) => i as f64,
        Float(f) => f,
    };
    let as_i = |n: num::Number| match n {
        Int(i) => Some(i),
        Float(f) => num::float_to_int_exact(f),
    };
    let r = match op {
        BinOpr::BAnd | BinOpr::BOr | BinOpr::BXor | BinOpr::Shl | BinOpr::Shr => {
            let (x, y) = (as_i(a)?, as_i(b)?);
            Int(match op {
                BinOpr::BAnd => x & y,
                BinOpr::BOr => x | y,
                BinOpr::BXor => x ^ y,
                BinOpr::Shl => num::shift_left(x, y),
                _ => num::shift_left(x, y.wrapping_neg()),
            })
        }
        BinOpr::Div | BinOpr::Pow => {
            let (x, y) = (as_f(a), as_f(b));
            if op == BinOpr::Div && y == 0.0 {
                return None;
            }
            Float(if op == BinOpr::Div { x / y } else { num::float_pow(x, y) })
        }
        BinOpr::IDiv | BinOpr::Mod if as_f(b) == 0.0 => return None,
        _ => match (a, b) {
            (Int(x), Int(y)) => Int(match op {
                BinOpr::Add => x.wrapping_add(y),
                BinOpr::Sub => x.wrapping_sub(y),
                BinOpr::Mul => x.wrapping_mul(y),
                BinOpr::Mod => num::int_mod(x, y)?,
                BinOpr::IDiv => num::int_floor_div(x, y)?,
                _ => return None,
            }),
            _ => {
                let (x, y) = (as_f(a), as_f(b));
                Float(match op {
                    BinOpr::Add => x + y,
                    BinOpr::Sub => x - y,
                    BinOpr::Mul => x * y,
                    BinOpr::Mod => num::float_mod(x, y),
                    BinOpr::IDiv => num::float_floor_div(x, y),
                    _ => return None,
                })
            }
        },
    };
    match r {
        Float(f) if f.is_nan() || f == 0.0 => None,
        other => Some(other),
    }
}

impl Compiler<'_> {
    pub(crate) fn line(&self) -> u32 {
        self.ast.line(self.pos)
    }

    pub(crate) fn code_abck(&mut self, op: OpCode, a: u32, b: u32, c: u32, k: bool) -> i32 {
        let line = self.line();
        self.fs().code(Instruction::abc(op, a, b, c, k), line)
    }

    pub(crate) fn code_abc(&mut self, op: OpCode, a: u32, b: u32, c: u32) -> i32 {
        self.code_abck(op, a, b, c, false)
    }

    pub(crate) fn code_abx(&mut self, op: OpCode, a: u32, bx: u32) -> i32 {
        let line = self.line();
        self.fs().code(Instruction::abx(op, a, bx), line)
    }

    fn code_asbx(&mut self, op: OpCode, a: u32, sbx: i32) -> i32 {
        let line = self.line();
        self.fs().code(Instruction::asbx(op, a, sbx), line)
    }

    pub(crate) fn code_extra_arg(&mut self, a: u32) -> i32 {
        let line = self.line();
        self.fs().code(Instruction::ax(OpCode::ExtraArg, a), line)
    }

    fn code_k(&mut self, reg: u32, k: u32) -> i32 {
        if k <= Instruction::MAX_BX {
            self.code_abx(OpCode::LoadK, reg, k)
        } else {
            let p = self.code_abx(OpCode::LoadKX, reg, 0);
            self.code_extra_arg(k);
            p
        }
    }

    pub(crate) fn fix_line(&mut self, line: u32) {
        self.fs().set_last_line(line);
    }

    pub(crate) fn check_stack(&mut self, n: u32) -> R<()> {
        let new_stack = self.fs_ref().free_reg + n;
        if new_stack > self.fs_ref().proto.max_stack as u32 {
            if new_stack >= MAX_REGS {
                return Err(self.error_here("function or expression needs too many registers"));
            }
            self.fs().proto.max_stack = new_stack as u8;
        }
        Ok(())
    }

    pub(crate) fn reserve_regs(&mut self, n: u32) -> R<()> {
        self.check_stack(n)?;
        self.fs().free_reg += n;
        Ok(())
    }

    fn free_reg(&mut self, reg: u32) {
        if reg >= self.nvarstack() {
            self.fs().free_reg -= 1;
        }
    }

    fn free_regs(&mut self, r1: u32, r2: u32) {
        if r1 > r2 {
            self.free_reg(r1);
            self.free_reg(r2);
        } else {
            self.free_reg(r2);
            self.free_reg(r1);
        }
    }

    pub(crate) fn free_exp(&mut self, e: &ExpDesc) {
        if let ExpKind::NonReloc(r) = e.k {
            self.free_reg(r);
        }
    }

    fn free_exps(&mut self, e1: &ExpDesc, e2: &ExpDesc) {
        match (e1.k, e2.k) {
            (ExpKind::NonReloc(r1), ExpKind::NonReloc(r2)) => self.free_regs(r1, r2),
            (ExpKind::NonReloc(r1), _) => self.free_reg(r1),
            (_, ExpKind::NonReloc(r2)) => self.free_reg(r2),
            _ => {}
        }
    }

    pub(crate) fn string_k(&mut self, id: StrId) -> u32 {
        let bytes = self.ast.strings.get(id);
        self.add_constant(crate::func::ConstKey::Str(id), selenite_bytecode::Constant::Str(bytes.to_vec()))
    }

    fn number_k(&mut self, f: f64) -> u32 {
        self.float_constant(f)
    }

    pub(crate) fn code_int(&mut self, reg: u32, i: i64) {
        if fits_bx(i) {
            self.code_asbx(OpCode::LoadI, reg, i as i32);
        } else {
            let k = self.int_constant(i);
            self.code_k(reg, k);
        }
    }

    fn code_float(&mut self, reg: u32, f: f64) {
        match num::float_to_int_exact(f) {
            Some(fi) if fits_bx(fi) => {
                self.code_asbx(OpCode::LoadF, reg, fi as i32);
            }
            _ => {
                let k = self.number_k(f);
                self.code_k(reg, k);
            }
        }
    }

    /// `LOADNIL` for `n` registers from `from`, merged with a preceding `LOADNIL`.
    pub(crate) fn code_nil(&mut self, from: u32, n: u32) {
        let mut from = from;
        let mut last = from + n - 1;
        if let Some(prev) = self.fs_ref().previous_instruction() {
            if prev.opcode() == Some(OpCode::LoadNil) {
                let pfrom = prev.a();
                let pl = pfrom + prev.b();
                if (pfrom <= from && from <= pl + 1) || (from <= pfrom && pfrom <= last + 1) {
                    from = from.min(pfrom);
                    last = last.max(pl);
                    let pc = self.fs_ref().pc() - 1;
                    let i = self.fs_ref().instr(pc).with_a(from).with_b(last - from);
                    *self.fs().instr_mut(pc) = i;
                    return;
                }
            }
        }
        self.code_abc(OpCode::LoadNil, from, n - 1, 0);
    }

    // ----- jumps -----

    fn get_jump(&self, pc: i32) -> i32 {
        let offset = self.fs_ref().instr(pc).sj_arg();
        if offset == NO_JUMP {
            NO_JUMP
        } else {
            pc + 1 + offset
        }
    }

    fn fix_jump(&mut self, pc: i32, dest: i32) -> R<()> {
        let offset = dest - (pc + 1);
        if !(-Instruction::OFFSET_SJ..=(Instruction::MAX_SJ as i32 - Instruction::OFFSET_SJ)).contains(&offset) {
            return Err(self.error_here("control structure too long"));
        }
        let i = self.fs_ref().instr(pc).with_sj(offset);
        *self.fs().instr_mut(pc) = i;
        Ok(())
    }

    /// Joins jump list `l2` into `l1`. Only the set of jumps in a list matters (each
    /// is patched on its own), so the shorter list is linked in front of the
    /// longer: walking both in step costs the length of the shorter, which keeps
    /// long `and`/`or` chains linear.
    pub(crate) fn concat_jumps(&mut self, l1: &mut i32, l2: i32) -> R<()> {
        if l2 == NO_JUMP {
            return Ok(());
        }
        if *l1 == NO_JUMP {
            *l1 = l2;
            return Ok(());
        }
        let (mut a, mut b) = (*l1, l2);
        loop {
            let next_a = self.get_jump(a);
            if next_a == NO_JUMP {
                return self.fix_jump(a, l2);
            }
            let next_b = self.get_jump(b);
            if next_b == NO_JUMP {
                self.fix_jump(b, *l1)?;
                *l1 = l2;
                return Ok(());
            }
            a = next_a;
            b = next_b;
        }
    }

    pub(crate) fn jump(&mut self) -> i32 {
        let line = self.line();
        self.fs().code(Instruction::sj(OpCode::Jmp, NO_JUMP), line)
    }

    pub(crate) fn ret(&mut self, first: u32, nret: i32) {
        let op = match nret {
            0 => OpCode::Return0,
            1 => OpCode::Return1,
            _ => OpCode::Return,
        };
        self.code_abc(op, first, (nret + 1) as u32, 0);
    }

    fn cond_jump(&mut self, op: OpCode, a: u32, b: u32, c: u32, k: bool) -> i32 {
        self.code_abck(op, a, b, c, k);
        self.jump()
    }

    pub(crate) fn get_label(&mut self) -> i32 {
        let pc = self.fs_ref().pc();
        self.fs().last_target = pc;
        pc
    }

    /// The instruction controlling jump `pc` (the test before it, if any).
    fn jump_control_pc(&self, pc: i32) -> i32 {
        if pc >= 1 && self.fs_ref().instr(pc - 1).opcode().is_some_and(|o| o.is_test()) {
            pc - 1
        } else {
            pc
        }
    }

    fn patch_test_reg(&mut self, node: i32, reg: u32) -> bool {
        let cpc = self.jump_control_pc(node);
        let i = self.fs_ref().instr(cpc);
        if i.opcode() != Some(OpCode::TestSet) {
            return false;
        }
        let new = if reg != NO_REG && reg != i.b() {
            i.with_a(reg)
        } else {
            Instruction::abc(OpCode::Test, i.b(), 0, 0, i.k())
        };
        *self.fs().instr_mut(cpc) = new;
        true
    }

    fn remove_values(&mut self, mut list: i32) {
        while list != NO_JUMP {
            self.patch_test_reg(list, NO_REG);
            list = self.get_jump(list);
        }
    }

    fn patch_list_aux(&mut self, mut list: i32, vtarget: i32, reg: u32, dtarget: i32) -> R<()> {
        while list != NO_JUMP {
            let next = self.get_jump(list);
            if self.patch_test_reg(list, reg) {
                self.fix_jump(list, vtarget)?;
            } else {
                self.fix_jump(list, dtarget)?;
            }
            list = next;
        }
        Ok(())
    }

    pub(crate) fn patch_list(&mut self, list: i32, target: i32) -> R<()> {
        self.patch_list_aux(list, target, NO_REG, target)
    }

    pub(crate) fn patch_to_here(&mut self, list: i32) -> R<()> {
        let here = self.get_label();
        self.patch_list(list, here)
    }

    pub(crate) fn jump_to(&mut self, target: i32) -> R<()> {
        let j = self.jump();
        self.patch_list(j, target)
    }

    // ----- discharging expressions -----

    fn const_to_exp(v: ConstValue) -> ExpKind {
        match v {
            ConstValue::Nil => ExpKind::Nil,
            ConstValue::Bool(true) => ExpKind::True,
            ConstValue::Bool(false) => ExpKind::False,
            ConstValue::Int(i) => ExpKind::KInt(i),
            ConstValue::Float(f) => ExpKind::KFlt(f),
            ConstValue::Str(s) => ExpKind::KStr(s),
        }
    }

    /// The compile-time value of an expression, if it is a constant.
    pub(crate) fn exp_to_const(&self, e: &ExpDesc) -> Option<ConstValue> {
        if e.has_jumps() {
            return None;
        }
        match e.k {
            ExpKind::False => Some(ConstValue::Bool(false)),
            ExpKind::True => Some(ConstValue::Bool(true)),
            ExpKind::Nil => Some(ConstValue::Nil),
            ExpKind::KStr(s) => Some(ConstValue::Str(s)),
            ExpKind::Const(v) => Some(v),
            ExpKind::KInt(i) => Some(ConstValue::Int(i)),
            ExpKind::KFlt(f) => Some(ConstValue::Float(f)),
            _ => None,
        }
    }

    pub(crate) fn set_returns(&mut self, e: &mut ExpDesc, nresults: i32) -> R<()> {
        match e.k {
            ExpKind::Call(pc) => {
                let i = self.fs_ref().instr(pc).with_c((nresults + 1) as u32);
                *self.fs().instr_mut(pc) = i;
            }
            ExpKind::Vararg(pc) => {
                let free = self.fs_ref().free_reg;
                let i = self.fs_ref().instr(pc).with_c((nresults + 1) as u32).with_a(free);
                *self.fs().instr_mut(pc) = i;
                self.reserve_regs(1)?;
            }
            _ => {}
        }
        Ok(())
    }

    pub(crate) fn set_multret(&mut self, e: &mut ExpDesc) -> R<()> {
        self.set_returns(e, -1)
    }

    fn str_to_k(&mut self, e: &mut ExpDesc) {
        if let ExpKind::KStr(s) = e.k {
            e.k = ExpKind::K(self.string_k(s));
        }
    }

    pub(crate) fn set_one_ret(&mut self, e: &mut ExpDesc) {
        match e.k {
            ExpKind::Call(pc) => e.k = ExpKind::NonReloc(self.fs_ref().instr(pc).a()),
            ExpKind::Vararg(pc) => {
                let i = self.fs_ref().instr(pc).with_c(2);
                *self.fs().instr_mut(pc) = i;
                e.k = ExpKind::Reloc(pc);
            }
            _ => {}
        }
    }

    pub(crate) fn discharge_vars(&mut self, e: &mut ExpDesc) {
        match e.k {
            ExpKind::Const(v) => e.k = Self::const_to_exp(v),
            ExpKind::Local { ridx, .. } => e.k = ExpKind::NonReloc(ridx),
            ExpKind::Upval(u) => {
                let fs = self.fs_ref();
                let own = fs.own_name.is_some_and(|v| fs.upval_keys.get(u as usize) == Some(&UpvalKey::Var(v)));
                let op = if own { OpCode::GetSelf } else { OpCode::GetUpval };
                e.k = ExpKind::Reloc(self.code_abc(op, 0, u, 0));
            }
            ExpKind::IndexUp { t, idx } => e.k = ExpKind::Reloc(self.code_abc(OpCode::GetTabUp, 0, t, idx)),
            ExpKind::IndexInt { t, idx } => {
                self.free_reg(t);
                e.k = ExpKind::Reloc(self.code_abc(OpCode::GetI, 0, t, idx));
            }
            ExpKind::IndexStr { t, idx } => {
                self.free_reg(t);
                e.k = ExpKind::Reloc(self.code_abc(OpCode::GetField, 0, t, idx));
            }
            ExpKind::Indexed { t, idx } => {
                self.free_regs(t, idx);
                e.k = ExpKind::Reloc(self.code_abc(OpCode::GetTable, 0, t, idx));
            }
            ExpKind::Vararg(_) | ExpKind::Call(_) => self.set_one_ret(e),
            _ => {}
        }
    }

    fn discharge_to_reg(&mut self, e: &mut ExpDesc, reg: u32) {
        self.discharge_vars(e);
        match e.k {
            ExpKind::Nil => self.code_nil(reg, 1),
            ExpKind::False => {
                self.code_abc(OpCode::LoadFalse, reg, 0, 0);
            }
            ExpKind::True => {
                self.code_abc(OpCode::LoadTrue, reg, 0, 0);
            }
            ExpKind::KStr(s) => {
                let k = self.string_k(s);
                self.code_k(reg, k);
            }
            ExpKind::K(k) => {
                self.code_k(reg, k);
            }
            ExpKind::KFlt(f) => self.code_float(reg, f),
            ExpKind::KInt(i) => self.code_int(reg, i),
            ExpKind::Reloc(pc) => {
                let i = self.fs_ref().instr(pc).with_a(reg);
                *self.fs().instr_mut(pc) = i;
            }
            ExpKind::NonReloc(r) => {
                if reg != r {
                    self.code_abc(OpCode::Move, reg, r, 0);
                }
            }
            _ => return, // a jump: nothing to do
        }
        e.k = ExpKind::NonReloc(reg);
    }

    fn discharge_to_any_reg(&mut self, e: &mut ExpDesc) -> R<()> {
        if !matches!(e.k, ExpKind::NonReloc(_)) {
            self.reserve_regs(1)?;
            let r = self.fs_ref().free_reg - 1;
            self.discharge_to_reg(e, r);
        }
        Ok(())
    }

    fn code_load_bool(&mut self, a: u32, op: OpCode) -> i32 {
        self.get_label();
        self.code_abc(op, a, 0, 0)
    }

    /// Whether a jump list has a jump that does not produce a value.
    fn need_value(&self, mut list: i32) -> bool {
        while list != NO_JUMP {
            let i = self.fs_ref().instr(self.jump_control_pc(list));
            if i.opcode() != Some(OpCode::TestSet) {
                return true;
            }
            list = self.get_jump(list);
        }
        false
    }

    fn exp_to_reg(&mut self, e: &mut ExpDesc, reg: u32) -> R<()> {
        self.discharge_to_reg(e, reg);
        if let ExpKind::Jmp(pc) = e.k {
            let mut t = e.t;
            self.concat_jumps(&mut t, pc)?;
            e.t = t;
        }
        if e.has_jumps() {
            let mut p_f = NO_JUMP;
            let mut p_t = NO_JUMP;
            if self.need_value(e.t) || self.need_value(e.f) {
                let fj = if matches!(e.k, ExpKind::Jmp(_)) { NO_JUMP } else { self.jump() };
                p_f = self.code_load_bool(reg, OpCode::LFalseSkip);
                p_t = self.code_load_bool(reg, OpCode::LoadTrue);
                self.patch_to_here(fj)?;
            }
            let final_pc = self.get_label();
            self.patch_list_aux(e.f, final_pc, reg, p_f)?;
            self.patch_list_aux(e.t, final_pc, reg, p_t)?;
        }
        e.f = NO_JUMP;
        e.t = NO_JUMP;
        e.k = ExpKind::NonReloc(reg);
        Ok(())
    }

    pub(crate) fn exp_to_next_reg(&mut self, e: &mut ExpDesc) -> R<()> {
        self.discharge_vars(e);
        self.free_exp(e);
        self.reserve_regs(1)?;
        let r = self.fs_ref().free_reg - 1;
        self.exp_to_reg(e, r)
    }

    pub(crate) fn exp_to_any_reg(&mut self, e: &mut ExpDesc) -> R<u32> {
        self.discharge_vars(e);
        if let ExpKind::NonReloc(r) = e.k {
            if !e.has_jumps() {
                return Ok(r);
            }
            if r >= self.nvarstack() {
                self.exp_to_reg(e, r)?;
                return Ok(r);
            }
        }
        self.exp_to_next_reg(e)?;
        Ok(e.reg())
    }

    pub(crate) fn exp_to_any_reg_up(&mut self, e: &mut ExpDesc) -> R<()> {
        if !matches!(e.k, ExpKind::Upval(_)) || e.has_jumps() {
            self.exp_to_any_reg(e)?;
        }
        Ok(())
    }

    pub(crate) fn exp_to_val(&mut self, e: &mut ExpDesc) -> R<()> {
        if matches!(e.k, ExpKind::Jmp(_)) || e.has_jumps() {
            self.exp_to_any_reg(e)?;
        } else {
            self.discharge_vars(e);
        }
        Ok(())
    }

    /// Tries to make `e` a constant operand (`K` index fitting in `B`/`C`).
    fn exp_to_k(&mut self, e: &mut ExpDesc) -> bool {
        if e.has_jumps() {
            return false;
        }
        let info = match e.k {
            ExpKind::True => self.bool_constant(true),
            ExpKind::False => self.bool_constant(false),
            ExpKind::Nil => self.nil_constant(),
            ExpKind::KInt(i) => self.int_constant(i),
            ExpKind::KFlt(f) => self.number_k(f),
            ExpKind::KStr(s) => self.string_k(s),
            ExpKind::K(k) => k,
            _ => return false,
        };
        if info <= Instruction::MAX_B {
            e.k = ExpKind::K(info);
            true
        } else {
            false
        }
    }

    /// `e` as an `RK` operand: returns whether it is a constant.
    fn exp_to_rk(&mut self, e: &mut ExpDesc) -> R<bool> {
        if self.exp_to_k(e) {
            Ok(true)
        } else {
            self.exp_to_any_reg(e)?;
            Ok(false)
        }
    }

    fn code_abrk(&mut self, op: OpCode, a: u32, b: u32, ec: &mut ExpDesc) -> R<()> {
        let k = self.exp_to_rk(ec)?;
        let c = match ec.k {
            ExpKind::K(k) => k,
            _ => ec.reg(),
        };
        self.code_abck(op, a, b, c, k);
        Ok(())
    }

    pub(crate) fn store_var(&mut self, var: &ExpDesc, ex: &mut ExpDesc) -> R<()> {
        match var.k {
            ExpKind::Local { ridx, .. } => {
                self.free_exp(ex);
                return self.exp_to_reg(ex, ridx);
            }
            ExpKind::Upval(u) => {
                let e = self.exp_to_any_reg(ex)?;
                self.code_abc(OpCode::SetUpval, e, u, 0);
            }
            ExpKind::IndexUp { t, idx } => self.code_abrk(OpCode::SetTabUp, t, idx, ex)?,
            ExpKind::IndexInt { t, idx } => self.code_abrk(OpCode::SetI, t, idx, ex)?,
            ExpKind::IndexStr { t, idx } => self.code_abrk(OpCode::SetField, t, idx, ex)?,
            ExpKind::Indexed { t, idx } => self.code_abrk(OpCode::SetTable, t, idx, ex)?,
            _ => {}
        }
        self.free_exp(ex);
        Ok(())
    }

    pub(crate) fn code_self(&mut self, e: &mut ExpDesc, key: &mut ExpDesc) -> R<()> {
        self.exp_to_any_reg(e)?;
        let ereg = e.reg();
        self.free_exp(e);
        let base = self.fs_ref().free_reg;
        e.k = ExpKind::NonReloc(base);
        self.reserve_regs(2)?;
        self.code_abrk(OpCode::SelfOp, base, ereg, key)?;
        self.free_exp(key);
        Ok(())
    }

    fn negate_condition(&mut self, e: &ExpDesc) {
        let cpc = self.jump_control_pc(e.pc());
        let i = self.fs_ref().instr(cpc);
        *self.fs().instr_mut(cpc) = i.with_k(!i.k());
    }

    fn jump_on_cond(&mut self, e: &mut ExpDesc, cond: bool) -> R<i32> {
        if let ExpKind::Reloc(pc) = e.k {
            let ie = self.fs_ref().instr(pc);
            if ie.opcode() == Some(OpCode::Not) {
                self.fs().remove_last_instruction();
                return Ok(self.cond_jump(OpCode::Test, ie.b(), 0, 0, !cond));
            }
        }
        self.discharge_to_any_reg(e)?;
        self.free_exp(e);
        Ok(self.cond_jump(OpCode::TestSet, NO_REG, e.reg(), 0, cond))
    }

    pub(crate) fn go_if_true(&mut self, e: &mut ExpDesc) -> R<()> {
        self.discharge_vars(e);
        let pc = match e.k {
            ExpKind::Jmp(pc) => {
                self.negate_condition(e);
                pc
            }
            ExpKind::K(_) | ExpKind::KFlt(_) | ExpKind::KInt(_) | ExpKind::KStr(_) | ExpKind::True => NO_JUMP,
            _ => self.jump_on_cond(e, false)?,
        };
        let mut f = e.f;
        self.concat_jumps(&mut f, pc)?;
        e.f = f;
        self.patch_to_here(e.t)?;
        e.t = NO_JUMP;
        Ok(())
    }

    pub(crate) fn go_if_false(&mut self, e: &mut ExpDesc) -> R<()> {
        self.discharge_vars(e);
        let pc = match e.k {
            ExpKind::Jmp(pc) => pc,
            ExpKind::Nil | ExpKind::False => NO_JUMP,
            _ => self.jump_on_cond(e, true)?,
        };
        let mut t = e.t;
        self.concat_jumps(&mut t, pc)?;
        e.t = t;
        self.patch_to_here(e.f)?;
        e.f = NO_JUMP;
        Ok(())
    }

    fn code_not(&mut self, e: &mut ExpDesc) -> R<()> {
        match e.k {
            ExpKind::Nil | ExpKind::False => e.k = ExpKind::True,
            ExpKind::K(_) | ExpKind::KFlt(_) | ExpKind::KInt(_) | ExpKind::KStr(_) | ExpKind::True => {
                e.k = ExpKind::False
            }
            ExpKind::Jmp(_) => self.negate_condition(e),
            ExpKind::Reloc(_) | ExpKind::NonReloc(_) => {
                self.discharge_to_any_reg(e)?;
                self.free_exp(e);
                let r = e.reg();
                e.k = ExpKind::Reloc(self.code_abc(OpCode::Not, 0, r, 0));
            }
            _ => {}
        }
        std::mem::swap(&mut e.f, &mut e.t);
        self.remove_values(e.f);
        self.remove_values(e.t);
        Ok(())
    }

    fn is_kstr(&self, e: &ExpDesc) -> bool {
        match e.k {
            ExpKind::K(k) => !e.has_jumps() && k <= Instruction::MAX_B && self.fs_ref().is_short_string_constant(k),
            _ => false,
        }
    }

    fn is_kint(e: &ExpDesc) -> bool {
        matches!(e.k, ExpKind::KInt(_)) && !e.has_jumps()
    }

    fn is_cint(e: &ExpDesc) -> bool {
        matches!(e.k, ExpKind::KInt(i) if (i as u64) <= Instruction::MAX_C as u64) && !e.has_jumps()
    }

    fn is_scint(e: &ExpDesc) -> bool {
        matches!(e.k, ExpKind::KInt(i) if fits_c(i)) && !e.has_jumps()
    }

    /// A number usable as a signed immediate (encoded). As in the reference,
    /// `is_float` is set for any integral float, even one that does not fit.
    fn is_scnumber(e: &ExpDesc, is_float: &mut bool) -> Option<u32> {
        let i = match e.k {
            ExpKind::KInt(i) => i,
            ExpKind::KFlt(f) => {
                let i = num::float_to_int_exact(f)?;
                *is_float = true;
                i
            }
            _ => return None,
        };
        if !e.has_jumps() && fits_c(i) {
            Some(int_to_sc(i))
        } else {
            None
        }
    }

    /// Turns `t` into the indexed expression `t[k]`.
    pub(crate) fn indexed(&mut self, t: &mut ExpDesc, k: &mut ExpDesc) -> R<()> {
        if matches!(k.k, ExpKind::KStr(_)) {
            self.str_to_k(k);
        }
        if matches!(t.k, ExpKind::Upval(_)) && !self.is_kstr(k) {
            self.exp_to_any_reg(t)?;
        }
        if let ExpKind::Upval(u) = t.k {
            let ExpKind::K(idx) = k.k else { return Ok(()) };
            t.k = ExpKind::IndexUp { t: u, idx };
        } else {
            let treg = t.reg();
            if self.is_kstr(k) {
                let ExpKind::K(idx) = k.k else { return Ok(()) };
                t.k = ExpKind::IndexStr { t: treg, idx };
            } else if Self::is_cint(k) {
                let ExpKind::KInt(i) = k.k else { return Ok(()) };
                t.k = ExpKind::IndexInt { t: treg, idx: i as u32 };
            } else {
                let idx = self.exp_to_any_reg(k)?;
                t.k = ExpKind::Indexed { t: treg, idx };
            }
        }
        Ok(())
    }

    fn const_fold(op: BinOpr, e1: &mut ExpDesc, e2: &ExpDesc) -> bool {
        let (Some(a), Some(b)) = (e1.numeral(), e2.numeral()) else {
            return false;
        };
        match fold(op, a, b) {
            Some(num::Number::Int(i)) => {
                e1.k = ExpKind::KInt(i);
                true
            }
            Some(num::Number::Float(f)) => {
                e1.k = ExpKind::KFlt(f);
                true
            }
            None => false,
        }
    }

    fn code_unexpval(&mut self, op: OpCode, e: &mut ExpDesc, line: u32) -> R<()> {
        let r = self.exp_to_any_reg(e)?;
        self.free_exp(e);
        e.k = ExpKind::Reloc(self.code_abc(op, 0, r, 0));
        self.fix_line(line);
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn finish_binexpval(
        &mut self,
        e1: &mut ExpDesc,
        e2: &ExpDesc,
        op: OpCode,
        v2: u32,
        flip: bool,
        line: u32,
        mmop: OpCode,
        event: u32,
    ) -> R<()> {
        let v1 = self.exp_to_any_reg(e1)?;
        let pc = self.code_abck(op, 0, v1, v2, false);
        self.free_exps(e1, e2);
        e1.k = ExpKind::Reloc(pc);
        self.fix_line(line);
        self.code_abck(mmop, v1, v2, event, flip);
        self.fix_line(line);
        Ok(())
    }

    fn code_binexpval(&mut self, opr: BinOpr, e1: &mut ExpDesc, e2: &mut ExpDesc, line: u32) -> R<()> {
        let op = arith_opcode(OpCode::Add, opr);
        let v2 = self.exp_to_any_reg(e2)?;
        self.finish_binexpval(e1, e2, op, v2, false, line, OpCode::MmBin, opr.event())
    }

    fn code_bini(&mut self, op: OpCode, e1: &mut ExpDesc, e2: &ExpDesc, flip: bool, line: u32, event: u32) -> R<()> {
        let ExpKind::KInt(i) = e2.k else {
            return Ok(());
        };
        self.finish_binexpval(e1, e2, op, int_to_sc(i), flip, line, OpCode::MmBinI, event)
    }

    fn code_bin_k(&mut self, opr: BinOpr, e1: &mut ExpDesc, e2: &ExpDesc, flip: bool, line: u32) -> R<()> {
        let ExpKind::K(v2) = e2.k else { return Ok(()) };
        let op = arith_opcode(OpCode::AddK, opr);
        self.finish_binexpval(e1, e2, op, v2, flip, line, OpCode::MmBinK, opr.event())
    }

    fn finish_binexpneg(&mut self, e1: &mut ExpDesc, e2: &ExpDesc, op: OpCode, line: u32, event: u32) -> R<bool> {
        if !Self::is_kint(e2) {
            return Ok(false);
        }
        let ExpKind::KInt(i2) = e2.k else {
            return Ok(false);
        };
        if !(fits_c(i2) && fits_c(i2.wrapping_neg())) {
            return Ok(false);
        }
        self.finish_binexpval(e1, e2, op, int_to_sc(-i2), false, line, OpCode::MmBinI, event)?;
        let pc = self.fs_ref().pc() - 1;
        let i = self.fs_ref().instr(pc).with_b(int_to_sc(i2));
        *self.fs().instr_mut(pc) = i;
        Ok(true)
    }

    fn code_bin_nok(&mut self, opr: BinOpr, e1: &mut ExpDesc, e2: &mut ExpDesc, flip: bool, line: u32) -> R<()> {
        if flip {
            std::mem::swap(e1, e2);
        }
        self.code_binexpval(opr, e1, e2, line)
    }

    fn code_arith(&mut self, opr: BinOpr, e1: &mut ExpDesc, e2: &mut ExpDesc, flip: bool, line: u32) -> R<()> {
        if e2.numeral().is_some() && self.exp_to_k(e2) {
            self.code_bin_k(opr, e1, e2, flip, line)
        } else {
            self.code_bin_nok(opr, e1, e2, flip, line)
        }
    }

    fn code_commutative(&mut self, opr: BinOpr, e1: &mut ExpDesc, e2: &mut ExpDesc, line: u32) -> R<()> {
        let mut flip = false;
        if e1.numeral().is_some() {
            std::mem::swap(e1, e2);
            flip = true;
        }
        if opr == BinOpr::Add && Self::is_scint(e2) {
            self.code_bini(OpCode::AddI, e1, e2, flip, line, BinOpr::Add.event())
        } else {
            self.code_arith(opr, e1, e2, flip, line)
        }
    }

    fn code_bitwise(&mut self, opr: BinOpr, e1: &mut ExpDesc, e2: &mut ExpDesc, line: u32) -> R<()> {
        let mut flip = false;
        if matches!(e1.k, ExpKind::KInt(_)) {
            std::mem::swap(e1, e2);
            flip = true;
        }
        if matches!(e2.k, ExpKind::KInt(_)) && self.exp_to_k(e2) {
            self.code_bin_k(opr, e1, e2, flip, line)
        } else {
            self.code_bin_nok(opr, e1, e2, flip, line)
        }
    }

    fn code_order(&mut self, opr: BinOpr, e1: &mut ExpDesc, e2: &mut ExpDesc) -> R<()> {
        let lt = opr == BinOpr::Lt;
        let mut is_float = false;
        let (r1, r2, op) = if let Some(im) = Self::is_scnumber(e2, &mut is_float) {
            let r1 = self.exp_to_any_reg(e1)?;
            (r1, im, if lt { OpCode::LtI } else { OpCode::LeI })
        } else if let Some(im) = Self::is_scnumber(e1, &mut is_float) {
            let r1 = self.exp_to_any_reg(e2)?;
            (r1, im, if lt { OpCode::GtI } else { OpCode::GeI })
        } else {
            let r1 = self.exp_to_any_reg(e1)?;
            let r2 = self.exp_to_any_reg(e2)?;
            (r1, r2, if lt { OpCode::Lt } else { OpCode::Le })
        };
        self.free_exps(e1, e2);
        e1.k = ExpKind::Jmp(self.cond_jump(op, r1, r2, is_float as u32, true));
        Ok(())
    }

    fn code_eq(&mut self, opr: BinOpr, e1: &mut ExpDesc, e2: &mut ExpDesc) -> R<()> {
        if !matches!(e1.k, ExpKind::NonReloc(_)) {
            std::mem::swap(e1, e2);
        }
        let r1 = self.exp_to_any_reg(e1)?;
        let mut is_float = false;
        let (op, r2) = if let Some(im) = Self::is_scnumber(e2, &mut is_float) {
            (OpCode::EqI, im)
        } else if self.exp_to_rk(e2)? {
            let ExpKind::K(k) = e2.k else { return Ok(()) };
            (OpCode::EqK, k)
        } else {
            let r = self.exp_to_any_reg(e2)?;
            (OpCode::Eq, r)
        };
        self.free_exps(e1, e2);
        e1.k = ExpKind::Jmp(self.cond_jump(op, r1, r2, is_float as u32, opr == BinOpr::Eq));
        Ok(())
    }

    pub(crate) fn prefix(&mut self, op: UnOpr, e: &mut ExpDesc, line: u32) -> R<()> {
        self.discharge_vars(e);
        match op {
            UnOpr::Minus | UnOpr::BNot => {
                if let Some(n) = e.numeral() {
                    let folded = match (op, n) {
                        (UnOpr::Minus, num::Number::Int(i)) => Some(ExpKind::KInt(i.wrapping_neg())),
                        (UnOpr::Minus, num::Number::Float(f)) if f != 0.0 && !f.is_nan() => Some(ExpKind::KFlt(-f)),
                        (UnOpr::BNot, num::Number::Int(i)) => Some(ExpKind::KInt(!i)),
                        (UnOpr::BNot, num::Number::Float(f)) => num::float_to_int_exact(f).map(|i| ExpKind::KInt(!i)),
                        _ => None,
                    };
                    if let Some(k) = folded {
                        e.k = k;
                        return Ok(());
                    }
                }
                let opc = if op == UnOpr::Minus { OpCode::Unm } else { OpCode::BNot };
                self.code_unexpval(opc, e, line)
            }
            UnOpr::Len => self.code_unexpval(OpCode::Len, e, line),
            UnOpr::Not => self.code_not(e),
        }
    }

    pub(crate) fn infix(&mut self, op: BinOpr, v: &mut ExpDesc) -> R<()> {
        self.discharge_vars(v);
        match op {
            BinOpr::And => self.go_if_true(v),
            BinOpr::Or => self.go_if_false(v),
            BinOpr::Concat => self.exp_to_next_reg(v),
            BinOpr::Eq | BinOpr::Ne => {
                if v.numeral().is_none() {
                    self.exp_to_rk(v)?;
                }
                Ok(())
            }
            BinOpr::Lt | BinOpr::Le | BinOpr::Gt | BinOpr::Ge => {
                if Self::is_scnumber(v, &mut false).is_none() {
                    self.exp_to_any_reg(v)?;
                }
                Ok(())
            }
            _ => {
                if v.numeral().is_none() {
                    self.exp_to_any_reg(v)?;
                }
                Ok(())
            }
        }
    }

    fn code_concat(&mut self, e1: &ExpDesc, e2: &ExpDesc, line: u32) {
        if let Some(ie2) = self.fs_ref().previous_instruction() {
            if ie2.opcode() == Some(OpCode::Concat) {
                let n = ie2.b();
                self.free_exp(e2);
                let pc = self.fs_ref().pc() - 1;
                *self.fs().instr_mut(pc) = ie2.with_a(e1.reg()).with_b(n + 1);
                return;
            }
        }
        self.code_abc(OpCode::Concat, e1.reg(), 2, 0);
        self.free_exp(e2);
        self.fix_line(line);
    }

    pub(crate) fn posfix(&mut self, op: BinOpr, e1: &mut ExpDesc, e2: &mut ExpDesc, line: u32) -> R<()> {
        self.discharge_vars(e2);
        if op.foldable() && Self::const_fold(op, e1, e2) {
            return Ok(());
        }
        match op {
            BinOpr::And => {
                let mut f = e2.f;
                self.concat_jumps(&mut f, e1.f)?;
                e2.f = f;
                *e1 = *e2;
            }
            BinOpr::Or => {
                let mut t = e2.t;
                self.concat_jumps(&mut t, e1.t)?;
                e2.t = t;
                *e1 = *e2;
            }
            BinOpr::Concat => {
                self.exp_to_next_reg(e2)?;
                self.code_concat(e1, e2, line);
            }
            BinOpr::Add | BinOpr::Mul => self.code_commutative(op, e1, e2, line)?,
            BinOpr::Sub => {
                if !self.finish_binexpneg(e1, e2, OpCode::AddI, line, BinOpr::Sub.event())? {
                    self.code_arith(op, e1, e2, false, line)?;
                }
            }
            BinOpr::Div | BinOpr::IDiv | BinOpr::Mod | BinOpr::Pow => self.code_arith(op, e1, e2, false, line)?,
            BinOpr::BAnd | BinOpr::BOr | BinOpr::BXor => self.code_bitwise(op, e1, e2, line)?,
            BinOpr::Shl => {
                if Self::is_scint(e1) {
                    std::mem::swap(e1, e2);
                    self.code_bini(OpCode::ShlI, e1, e2, true, line, BinOpr::Shl.event())?;
                } else if !self.finish_binexpneg(e1, e2, OpCode::ShrI, line, BinOpr::Shl.event())? {
                    self.code_binexpval(op, e1, e2, line)?;
                }
            }
            BinOpr::Shr => {
                if Self::is_scint(e2) {
                    self.code_bini(OpCode::ShrI, e1, e2, false, line, BinOpr::Shr.event())?;
                } else {
                    self.code_binexpval(op, e1, e2, line)?;
                }
            }
            BinOpr::Eq | BinOpr::Ne => self.code_eq(op, e1, e2)?,
            BinOpr::Gt | BinOpr::Ge => {
                std::mem::swap(e1, e2);
                let o = if op == BinOpr::Gt { BinOpr::Lt } else { BinOpr::Le };
                self.code_order(o, e1, e2)?;
            }
            BinOpr::Lt | BinOpr::Le => self.code_order(op, e1, e2)?,
        }
        Ok(())
    }

    pub(crate) fn set_table_size(&mut self, pc: i32, ra: u32, asize: u32, hsize: u32) {
        let rb = if hsize != 0 { ceil_log2(hsize) + 1 } else { 0 };
        let extra = asize / (Instruction::MAX_C + 1);
        let rc = asize % (Instruction::MAX_C + 1);
        *self.fs().instr_mut(pc) = Instruction::abc(OpCode::NewTable, ra, rb, rc, extra > 0);
        *self.fs().instr_mut(pc + 1) = Instruction::ax(OpCode::ExtraArg, extra);
    }

    pub(crate) fn set_list(&mut self, base: u32, nelems: u32, tostore: i32) {
        let tostore = if tostore < 0 { 0 } else { tostore as u32 };
        if nelems <= Instruction::MAX_C {
            self.code_abc(OpCode::SetList, base, tostore, nelems);
        } else {
            let extra = nelems / (Instruction::MAX_C + 1);
            self.code_abck(OpCode::SetList, base, tostore, nelems % (Instruction::MAX_C + 1), true);
            self.code_extra_arg(extra);
        }
        self.fs().free_reg = base + 1;
    }

    /// Final adjustments of a function's code: returns that must close upvalues or
    /// restore a vararg frame, and jumps to jumps made direct.
    pub(crate) fn finish(&mut self) -> R<()> {
        let n = self.fs_ref().pc();
        for i in 0..n {
            let ins = self.fs_ref().instr(i);
            let fs = self.fs_ref();
            let need_close = fs.need_close;
            let is_vararg = fs.proto.is_vararg;
            let nparams = fs.proto.num_params as u32;
            match ins.opcode() {
                Some(OpCode::Return0) | Some(OpCode::Return1) | Some(OpCode::Return) | Some(OpCode::TailCall) => {
                    let mut new = ins;
                    let is_plain = ins.opcode() == Some(OpCode::Return) || ins.opcode() == Some(OpCode::TailCall);
                    if !is_plain {
                        if !(need_close || is_vararg) {
                            continue;
                        }
                        new = Instruction((ins.0 & !0x7f) | OpCode::Return as u32);
                    }
                    if need_close {
                        new = new.with_k(true);
                    }
                    if is_vararg {
                        new = new.with_c(nparams + 1);
                    }
                    *self.fs().instr_mut(i) = new;
                }
                Some(OpCode::Jmp) => {
                    let target = final_target(&self.fs_ref().proto.code, i);
                    self.fix_jump(i, target)?;
                }
                _ => {}
            }
        }
        Ok(())
    }

    pub(crate) fn fs_ref(&self) -> &FuncState {
        &self.funcs[self.funcs.len() - 1]
    }

    pub(crate) fn fs(&mut self) -> &mut FuncState {
        let n = self.funcs.len();
        &mut self.funcs[n - 1]
    }
}

fn ceil_log2(x: u32) -> u32 {
    if x <= 1 {
        0
    } else {
        32 - (x - 1).leading_zeros()
    }
}

/// Follows a chain of jumps to its final destination (at most 100 hops).
fn final_target(code: &[Instruction], mut i: i32) -> i32 {
    for _ in 0..100 {
        match code.get(i as usize) {
            Some(ins) if ins.opcode() == Some(OpCode::Jmp) => i += ins.sj_arg() + 1,
            _ => break,
        }
    }
    i
}
