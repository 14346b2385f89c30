//! The bytecode verifier: decides whether a prototype is safe for the VM to run with
//! unchecked indexing of registers, constants, upvalues, nested prototypes and code.
//!
//! Every chunk `load`ed from binary goes through [`verify`], and so does the
//! compiler's output. The rules below accept everything the reference code generator
//! (and Selenite's, which mirrors it) emits and nothing the VM could mishandle. For a
//! prototype `p` ("register r" means `r < p.max_stack`; a "target" is any pc control
//! can reach other than by falling through from the previous instruction: the
//! destinations of jumps and loops, and pc+2 of every instruction that may skip the
//! next one, i.e. tests, `LFALSESKIP`, arithmetic, and instructions with an `EXTRAARG`):
//!
//! Function: the code is not empty; `max_stack >= num_params`; at most 255 upvalues;
//! `line_info` is empty or one line per instruction; the last instruction is `RETURN`,
//! `RETURN0`, `RETURN1` or `JMP`, so control cannot run off the end. A vararg function
//! starts with `VARARGPREP A` where A = `num_params`, pc 0 is not a target, and it
//! returns only through `RETURN`/`TAILCALL` with C = `num_params + 1`; a non-vararg
//! function has no `VARARGPREP` or `VARARG` and its `RETURN`/`TAILCALL` have C = 0.
//!
//! Instructions (the opcode must exist):
//! - `MOVE UNM BNOT NOT LEN GETI`: registers A, B. `GETTABLE`: A, B, C.
//!   `LOADI LOADF LOADFALSE LOADTRUE CLOSE TBC RETURN1`: register A.
//!   `LOADNIL`: registers A..=A+B. `LOADK`: register A, constant Bx exists.
//! - `LOADKX`: register A, followed by `EXTRAARG` whose Ax is an existing constant.
//!   `LFALSESKIP`: register A and pc+2 inside the code.
//! - `GETUPVAL SETUPVAL`: register A, upvalue B. `GETTABUP`: register A, upvalue B,
//!   key K(C). `GETFIELD`: registers A, B, key K(C). `SETTABUP`: upvalue A, key K(B),
//!   RK(C). `SETFIELD`: register A, key K(B), RK(C). `SETTABLE`: registers A, B, RK(C).
//!   `SETI`: register A, RK(C). A key is a short string constant (at most 40 bytes);
//!   RK(C) is constant C if `k` is set, else register C.
//! - `NEWTABLE`: register A, B <= 32, followed by `EXTRAARG`.
//! - `SELF`: registers A, A+1, B, and C a string constant (`k`) or a register.
//! - Arithmetic is followed by its metamethod fallback: `ADD SUB MUL MOD POW DIV IDIV
//!   BAND BOR BXOR SHL SHR` (registers A, B, C) by `MMBIN`; `ADDI SHRI SHLI`
//!   (registers A, B) by `MMBINI`; `ADDK SUBK MULK MODK POWK DIVK IDIVK` (registers A,
//!   B, K(C) a number) and `BANDK BORK BXORK` (K(C) an integer) by `MMBINK`.
//!   Conversely an `MMBIN*` directly follows an arithmetic instruction of its kind
//!   (the VM stores the result in that instruction's A), names an arithmetic event
//!   (C in `TM_ADD..=TM_SHR`), and has register A (and register B for `MMBIN`,
//!   constant B for `MMBINK`).
//! - `CONCAT`: B >= 1, registers A..A+B-1.
//! - `JMP`: target pc+1+sJ inside the code.
//! - Tests `EQ LT LE` (registers A, B), `EQK` (register A, constant B), `EQI LTI LEI
//!   GTI GEI TEST` (register A), `TESTSET` (registers A, B) are followed by a `JMP`,
//!   and pc+2 (the skip) is inside the code.
//! - `CALL`: register A; B > 0: registers up to A+B-1; C > 1: registers up to A+C-2.
//!   `TAILCALL`: the same for A and B.
//! - `RETURN`: B > 1: registers A..A+B-2; B = 1: A <= `max_stack`.
//! - `FORPREP`: registers A..A+3, exit target pc+2+Bx. `FORLOOP`: registers A..A+3,
//!   target pc+1-Bx. `TFORPREP`: registers A..A+3, target pc+1+Bx. `TFORCALL`:
//!   registers A..A+6 and A+4..A+3+C, followed by `TFORLOOP`. `TFORLOOP`: registers
//!   A..A+4, target pc+1-Bx.
//! - `SETLIST`: registers A..A+B; with `k`, followed by `EXTRAARG`.
//! - `CLOSURE`: register A, prototype Bx exists. `VARARG`: register A and, if C > 1,
//!   registers up to A+C-2. `VARARGPREP`: only at pc 0 (see above).
//! - `EXTRAARG` directly follows `LOADKX`, `NEWTABLE` or `SETLIST` with `k`.
//! - Stack top: an instruction that reads the top (`CALL`, `TAILCALL`, `RETURN`,
//!   `SETLIST` with B = 0) is not a target and directly follows one that sets it
//!   (`CALL` or `VARARG` with C = 0, or `TAILCALL`, after which nothing runs) whose A
//!   is at least the reader's A+1 (`RETURN`: A), so the top is never below its
//!   operands.
//!
//! Nested prototypes are verified too, at most [`MAX_DEPTH`] levels deep, and each
//! upvalue they capture names a register (`in_stack`, index < the enclosing
//! `max_stack`) or an upvalue (index < the enclosing upvalue count) of the enclosing
//! function.
//!
//! Debug information other than the length of `line_info` (local variable ranges,
//! names, upvalue kinds) is not checked: the VM reads it only through bounds-checked
//! accessors.

use crate::instruction::Instruction;
use crate::opcode::OpCode;
use crate::proto::{Constant, Proto};

/// Deepest nesting of prototypes accepted.
pub const MAX_DEPTH: usize = 200;
/// Most upvalues a function may have.
pub const MAX_UPVALUES: usize = 255;
/// Longest string that is a "short string" (the only kind of constant the field
/// access instructions take as keys).
pub const MAX_SHORT_STRING_LEN: usize = 40;
/// Largest `NEWTABLE` B: the hash part is presized to 2^(B-1) entries.
pub const MAX_NEWTABLE_B: u32 = 32;

/// Metamethod events the `MMBIN*` instructions may name (`TM_ADD..=TM_SHR`).
const ARITH_EVENTS: std::ops::RangeInclusive<u32> = 6..=17;

/// Checks a prototype and everything nested in it.
pub fn verify(p: &Proto) -> Result<(), String> {
    verify_nested(p, 0)
}

fn verify_nested(p: &Proto, depth: usize) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err("functions nested too deeply".into());
    }
    Checker::new(p).check()?;
    for (n, child) in p.protos.iter().enumerate() {
        for (u, desc) in child.upvalues.iter().enumerate() {
            let (exists, what) = if desc.in_stack {
                (usize::from(desc.index) < usize::from(p.max_stack), "register")
            } else {
                (usize::from(desc.index) < p.upvalues.len(), "upvalue")
            };
            if !exists {
                return Err(format!(
                    "upvalue {} of function {} captures missing {what} {} {}",
                    u + 1,
                    n + 1,
                    desc.index,
                    where_defined(p)
                ));
            }
        }
        verify_nested(child, depth + 1)?;
    }
    Ok(())
}

fn where_defined(p: &Proto) -> String {
    if p.line_defined == 0 {
        "in main chunk".into()
    } else {
        format!("in function at line {}", p.line_defined)
    }
}

/// The arithmetic kinds, each with its own metamethod fallback instruction.
fn fallback_of(op: OpCode) -> Option<OpCode> {
    use OpCode::*;
    match op {
        Add | Sub | Mul | Mod | Pow | Div | IDiv | BAnd | BOr | BXor | Shl | Shr => Some(MmBin),
        AddI | ShrI | ShlI => Some(MmBinI),
        AddK | SubK | MulK | ModK | PowK | DivK | IDivK | BAndK | BOrK | BXorK => Some(MmBinK),
        _ => None,
    }
}

/// What an instruction that reads the stack top needs from the one that set it.
struct TopReader {
    pc: usize,
    /// The setter's A must be at least this.
    min_setter_a: u32,
}

struct Checker<'a> {
    p: &'a Proto,
    /// `targets[pc]`: control can reach `pc` other than by falling through.
    targets: Vec<bool>,
    top_readers: Vec<TopReader>,
}

type Check = Result<(), String>;

impl<'a> Checker<'a> {
    fn new(p: &'a Proto) -> Self {
        Checker { p, targets: vec![false; p.code.len()], top_readers: Vec::new() }
    }

    fn fail(&self, what: impl std::fmt::Display) -> String {
        format!("{what} {}", where_defined(self.p))
    }

    fn check(mut self) -> Check {
        let p = self.p;
        if p.code.is_empty() {
            return Err(self.fail("empty code"));
        }
        if p.max_stack < p.num_params {
            return Err(self.fail("stack size smaller than parameter count"));
        }
        if p.upvalues.len() > MAX_UPVALUES {
            return Err(self.fail("too many upvalues"));
        }
        if !p.line_info.is_empty() && p.line_info.len() != p.code.len() {
            return Err(self.fail("line information does not match code"));
        }
        match p.code.last().and_then(|i| i.opcode()) {
            Some(OpCode::Return | OpCode::Return0 | OpCode::Return1 | OpCode::Jmp) => {}
            _ => return Err(self.fail("code does not end with a return or jump")),
        }
        if p.is_vararg && p.code.first().and_then(|i| i.opcode()) != Some(OpCode::VarargPrep) {
            return Err(self.fail("vararg function does not start with VARARGPREP"));
        }
        for (pc, &i) in p.code.iter().enumerate() {
            let op =
                i.opcode().ok_or_else(|| self.fail(format!("invalid opcode {} at pc {}", i.opcode_raw(), pc + 1)))?;
            self.instruction(pc, i, op).map_err(|why| self.fail(format!("{why} in {} at pc {}", op.name(), pc + 1)))?;
        }
        if p.is_vararg && self.targets[0] {
            return Err(self.fail("jump to VARARGPREP"));
        }
        for reader in &self.top_readers {
            self.top_is_set(reader).map_err(|why| {
                let name = p.code[reader.pc].opcode().map_or("?", OpCode::name);
                self.fail(format!("{why} in {name} at pc {}", reader.pc + 1))
            })?;
        }
        Ok(())
    }

    fn reg(&self, r: u32) -> Check {
        if r < u32::from(self.p.max_stack) {
            Ok(())
        } else {
            Err(format!("register {r} out of range (stack size {})", self.p.max_stack))
        }
    }

    /// Registers `first..first + count`.
    fn regs(&self, first: u32, count: u32) -> Check {
        if count == 0 {
            Ok(())
        } else {
            self.reg(first + count - 1)
        }
    }

    fn konst(&self, k: u32) -> Result<&'a Constant, String> {
        self.p.constants.get(k as usize).ok_or_else(|| format!("constant {k} out of range"))
    }

    fn key(&self, k: u32) -> Check {
        match self.konst(k)? {
            Constant::Str(s) if s.len() <= MAX_SHORT_STRING_LEN => Ok(()),
            _ => Err(format!("constant {k} is not a short string key")),
        }
    }

    fn string_k(&self, k: u32) -> Check {
        match self.konst(k)? {
            Constant::Str(_) => Ok(()),
            _ => Err(format!("constant {k} is not a string")),
        }
    }

    fn number_k(&self, k: u32) -> Check {
        match self.konst(k)? {
            Constant::Int(_) | Constant::Float(_) => Ok(()),
            _ => Err(format!("constant {k} is not a number")),
        }
    }

    fn integer_k(&self, k: u32) -> Check {
        match self.konst(k)? {
            Constant::Int(_) => Ok(()),
            _ => Err(format!("constant {k} is not an integer")),
        }
    }

    fn upval(&self, u: u32) -> Check {
        if (u as usize) < self.p.upvalues.len() {
            Ok(())
        } else {
            Err(format!("upvalue {u} out of range"))
        }
    }

    fn rk(&self, i: Instruction) -> Check {
        if i.k() {
            self.konst(i.c()).map(|_| ())
        } else {
            self.reg(i.c())
        }
    }

    /// Records a control transfer to `target`, which must be inside the code.
    fn jump(&mut self, target: i64) -> Check {
        match usize::try_from(target) {
            Ok(t) if t < self.p.code.len() => {
                self.targets[t] = true;
                Ok(())
            }
            _ => Err(format!("jump to pc {} outside the code", target + 1)),
        }
    }

    /// The instruction at `pc` may continue at pc+2, skipping its companion.
    fn skip(&mut self, pc: usize) -> Check {
        self.jump(pc as i64 + 2)
    }

    fn followed_by(&self, pc: usize, op: OpCode) -> Result<Instruction, String> {
        match self.p.code.get(pc + 1) {
            Some(&next) if next.opcode() == Some(op) => Ok(next),
            _ => Err(format!("not followed by {}", op.name())),
        }
    }

    fn previous(&self, pc: usize) -> Option<(OpCode, Instruction)> {
        let i = *self.p.code.get(pc.checked_sub(1)?)?;
        Some((i.opcode()?, i))
    }

    fn reads_top(&mut self, pc: usize, min_setter_a: u32) {
        self.top_readers.push(TopReader { pc, min_setter_a });
    }

    /// C of `RETURN`/`TAILCALL`: how far the VM moves the frame back on return.
    fn return_c(&self, i: Instruction) -> Check {
        let expected = if self.p.is_vararg { u32::from(self.p.num_params) + 1 } else { 0 };
        if i.c() == expected {
            Ok(())
        } else {
            Err(format!("C is {}, expected {expected}", i.c()))
        }
    }

    fn not_vararg(&self) -> Check {
        if self.p.is_vararg {
            Err("not allowed in a vararg function".into())
        } else {
            Ok(())
        }
    }

    fn instruction(&mut self, pc: usize, i: Instruction, op: OpCode) -> Check {
        use OpCode::*;
        let (a, b, c) = (i.a(), i.b(), i.c());
        match op {
            Move | Unm | BNot | Not | Len | GetI => {
                self.reg(a)?;
                self.reg(b)?;
            }
            GetTable => {
                self.reg(a)?;
                self.reg(b)?;
                self.reg(c)?;
            }
            LoadI | LoadF | LoadFalse | LoadTrue | Close | Tbc => self.reg(a)?,
            LoadNil => self.regs(a, b + 1)?,
            LoadK => {
                self.reg(a)?;
                self.konst(i.bx())?;
            }
            LoadKX => {
                self.reg(a)?;
                let extra = self.followed_by(pc, ExtraArg)?;
                self.konst(extra.ax_arg())?;
                self.skip(pc)?;
            }
            LFalseSkip => {
                self.reg(a)?;
                self.skip(pc)?;
            }
            GetUpval | GetSelf | SetUpval => {
                self.reg(a)?;
                self.upval(b)?;
            }
            GetTabUp => {
                self.reg(a)?;
                self.upval(b)?;
                self.key(c)?;
            }
            GetField => {
                self.reg(a)?;
                self.reg(b)?;
                self.key(c)?;
            }
            SetTabUp => {
                self.upval(a)?;
                self.key(b)?;
                self.rk(i)?;
            }
            SetTable => {
                self.reg(a)?;
                self.reg(b)?;
                self.rk(i)?;
            }
            SetI => {
                self.reg(a)?;
                self.rk(i)?;
            }
            SetField => {
                self.reg(a)?;
                self.key(b)?;
                self.rk(i)?;
            }
            NewTable => {
                self.reg(a)?;
                if b > MAX_NEWTABLE_B {
                    return Err(format!("hash size exponent {b} too large"));
                }
                self.followed_by(pc, ExtraArg)?;
                self.skip(pc)?;
            }
            SelfOp => {
                self.regs(a, 2)?;
                self.reg(b)?;
                if i.k() {
                    self.string_k(c)?;
                } else {
                    self.reg(c)?;
                }
            }
            Add | Sub | Mul | Mod | Pow | Div | IDiv | BAnd | BOr | BXor | Shl | Shr => {
                self.reg(a)?;
                self.reg(b)?;
                self.reg(c)?;
                self.arith_fallback(pc, op)?;
            }
            AddI | ShrI | ShlI => {
                self.reg(a)?;
                self.reg(b)?;
                self.arith_fallback(pc, op)?;
            }
            AddK | SubK | MulK | ModK | PowK | DivK | IDivK => {
                self.reg(a)?;
                self.reg(b)?;
                self.number_k(c)?;
                self.arith_fallback(pc, op)?;
            }
            BAndK | BOrK | BXorK => {
                self.reg(a)?;
                self.reg(b)?;
                self.integer_k(c)?;
                self.arith_fallback(pc, op)?;
            }
            MmBin | MmBinI | MmBinK => {
                let preceded = self.previous(pc).is_some_and(|(prev, _)| fallback_of(prev) == Some(op));
                if !preceded {
                    return Err("not preceded by its arithmetic instruction".into());
                }
                if !ARITH_EVENTS.contains(&c) {
                    return Err(format!("invalid metamethod event {c}"));
                }
                self.reg(a)?;
                match op {
                    MmBin => self.reg(b)?,
                    MmBinK => {
                        self.konst(b)?;
                    }
                    _ => {}
                }
            }
            Concat => {
                if b == 0 {
                    return Err("no values to concatenate".into());
                }
                self.regs(a, b)?;
            }
            Jmp => self.jump(pc as i64 + 1 + i64::from(i.sj_arg()))?,
            Eq | Lt | Le | TestSet => {
                self.reg(a)?;
                self.reg(b)?;
                self.test_jump(pc)?;
            }
            EqK => {
                self.reg(a)?;
                self.konst(b)?;
                self.test_jump(pc)?;
            }
            EqI | LtI | LeI | GtI | GeI | Test => {
                self.reg(a)?;
                self.test_jump(pc)?;
            }
            Call | TailCall => {
                self.reg(a)?;
                if b == 0 {
                    self.reads_top(pc, a + 1);
                } else {
                    self.regs(a, b)?;
                }
                if op == Call {
                    self.regs(a, c.saturating_sub(1))?;
                } else {
                    self.return_c(i)?;
                }
            }
            Return => {
                match b {
                    0 => self.reads_top(pc, a),
                    1 if a <= u32::from(self.p.max_stack) => {}
                    1 => return Err(format!("register {a} beyond the stack")),
                    _ => self.regs(a, b - 1)?,
                }
                self.return_c(i)?;
            }
            Return0 => self.not_vararg()?,
            Return1 => {
                self.not_vararg()?;
                self.reg(a)?;
            }
            ForPrep => {
                self.regs(a, 4)?;
                self.jump(pc as i64 + 2 + i64::from(i.bx()))?;
            }
            ForLoop => {
                self.regs(a, 4)?;
                self.jump(pc as i64 + 1 - i64::from(i.bx()))?;
            }
            TForPrep => {
                self.regs(a, 4)?;
                self.jump(pc as i64 + 1 + i64::from(i.bx()))?;
            }
            TForCall => {
                self.regs(a, 7)?;
                self.regs(a + 4, c)?;
                self.followed_by(pc, TForLoop)?;
            }
            TForLoop => {
                self.regs(a, 5)?;
                self.jump(pc as i64 + 1 - i64::from(i.bx()))?;
            }
            SetList => {
                self.reg(a)?;
                if b == 0 {
                    self.reads_top(pc, a + 1);
                } else {
                    self.regs(a, b + 1)?;
                }
                if i.k() {
                    self.followed_by(pc, ExtraArg)?;
                    self.skip(pc)?;
                }
            }
            Closure => {
                self.reg(a)?;
                if i.bx() as usize >= self.p.protos.len() {
                    return Err(format!("function {} out of range", i.bx()));
                }
            }
            Vararg => {
                if !self.p.is_vararg {
                    return Err("not allowed in a non-vararg function".into());
                }
                self.reg(a)?;
                self.regs(a, c.saturating_sub(1))?;
            }
            VarargPrep => {
                if pc != 0 || !self.p.is_vararg {
                    return Err("only allowed at the start of a vararg function".into());
                }
                if a != u32::from(self.p.num_params) {
                    return Err(format!("A is {a}, expected {}", self.p.num_params));
                }
            }
            ExtraArg => {
                let companion = match self.previous(pc) {
                    Some((LoadKX | NewTable, _)) => true,
                    Some((SetList, prev)) => prev.k(),
                    _ => false,
                };
                if !companion {
                    return Err("not preceded by LOADKX, NEWTABLE or SETLIST".into());
                }
            }
        }
        Ok(())
    }

    fn arith_fallback(&mut self, pc: usize, op: OpCode) -> Check {
        if let Some(fallback) = fallback_of(op) {
            self.followed_by(pc, fallback)?;
        }
        // The fast path skips the fallback.
        self.skip(pc)
    }

    fn test_jump(&mut self, pc: usize) -> Check {
        self.followed_by(pc, OpCode::Jmp)?;
        self.skip(pc)
    }

    fn top_is_set(&self, reader: &TopReader) -> Check {
        if self.targets[reader.pc] {
            return Err("stack top read at a jump target".into());
        }
        match self.previous(reader.pc) {
            Some((OpCode::Call | OpCode::Vararg, setter)) if setter.c() == 0 && setter.a() >= reader.min_setter_a => {
                Ok(())
            }
            Some((OpCode::TailCall, setter)) if setter.a() >= reader.min_setter_a => Ok(()),
            _ => Err("stack top read but not set by the previous instruction".into()),
        }
    }
}
