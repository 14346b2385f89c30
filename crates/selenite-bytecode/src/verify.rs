//! The bytecode verifier: decides whether a prototype is safe for the VM to run
//! without bounds checks.
//!
//! Rules enforced for every prototype (recursively for nested ones):
//! - `max_stack >= num_params`, code is non-empty, `line_info` is empty or as long
//!   as the code, the last instruction is a `RETURN*` or `JMP`;
//! - every opcode is valid, and every register an instruction touches (including the
//!   ranges of `CALL`, `RETURN`, `LOADNIL`, `CONCAT`, `SETLIST`, `VARARG`, the loop
//!   instructions and `TFORCALL`'s copies) is below `max_stack`;
//! - constant, upvalue and prototype indices exist; table-key constants of
//!   `GETFIELD`, `SETFIELD`, `GETTABUP`, `SETTABUP` are strings;
//! - jump targets (`JMP`, the `FOR*`/`TFOR*` loops) are inside the code; a test is
//!   followed by a `JMP`; `LFALSESKIP` and the arithmetic instructions are not last;
//!   `LOADKX`, `NEWTABLE` and `SETLIST` with `k` are followed by `EXTRAARG`;
//!   `MMBIN*` follows an instruction whose `A` is a register; `TFORCALL` is followed
//!   by `TFORLOOP`;
//! - an instruction reading the stack top (`CALL`/`TAILCALL`/`RETURN`/`SETLIST` with
//!   B = 0) directly follows one that sets it (`CALL` or `VARARG` with C = 0, or
//!   `TAILCALL`);
//! - `VARARGPREP` appears only as the first instruction of a vararg function, with
//!   A = the number of parameters;
//! - nested prototypes' upvalues refer to existing registers or upvalues of the
//!   enclosing function; nesting is at most [`MAX_DEPTH`] deep.

use crate::instruction::Instruction;
use crate::opcode::OpCode;
use crate::proto::{Constant, Proto};

/// Deepest nesting of prototypes accepted.
pub const MAX_DEPTH: usize = 200;

/// Checks a prototype and everything nested in it.
pub fn verify(p: &Proto) -> Result<(), String> {
    verify_at(p, 0)
}

fn verify_at(p: &Proto, depth: usize) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err("functions nested too deeply".into());
    }
    Checker { p }.check().map_err(|e| format!("{e} of function at line {}", p.line_defined))?;
    for child in &p.protos {
        for u in &child.upvalues {
            let ok = if u.in_stack {
                (u.index as usize) < p.max_stack as usize
            } else {
                (u.index as usize) < p.upvalues.len()
            };
            if !ok {
                return Err("invalid upvalue description".into());
            }
        }
        verify_at(child, depth + 1)?;
    }
    Ok(())
}

struct Checker<'a> {
    p: &'a Proto,
}

fn bad(pc: usize, what: &str) -> String {
    format!("{what} at instruction {}", pc + 1)
}

impl Checker<'_> {
    fn reg(&self, pc: usize, r: u64) -> Result<(), String> {
        if r < self.p.max_stack as u64 {
            Ok(())
        } else {
            Err(bad(pc, "register out of range"))
        }
    }

    fn konst(&self, pc: usize, k: u32) -> Result<&Constant, String> {
        self.p.constants.get(k as usize).ok_or_else(|| bad(pc, "constant index out of range"))
    }

    fn string_k(&self, pc: usize, k: u32) -> Result<(), String> {
        match self.konst(pc, k)? {
            Constant::Str(_) => Ok(()),
            _ => Err(bad(pc, "table key constant is not a string")),
        }
    }

    fn upval(&self, pc: usize, u: u32) -> Result<(), String> {
        if (u as usize) < self.p.upvalues.len() {
            Ok(())
        } else {
            Err(bad(pc, "upvalue index out of range"))
        }
    }

    fn rk(&self, pc: usize, i: Instruction) -> Result<(), String> {
        if i.k() {
            self.konst(pc, i.c()).map(|_| ())
        } else {
            self.reg(pc, i.c() as u64)
        }
    }

    fn target(&self, pc: usize, t: i64) -> Result<(), String> {
        if t >= 0 && (t as usize) < self.p.code.len() {
            Ok(())
        } else {
            Err(bad(pc, "jump out of range"))
        }
    }

    fn next_is(&self, pc: usize, op: OpCode) -> Result<Instruction, String> {
        match self.p.code.get(pc + 1) {
            Some(n) if n.opcode() == Some(op) => Ok(*n),
            _ => Err(bad(pc, &format!("missing {} after instruction", op.name()))),
        }
    }

    fn not_last(&self, pc: usize) -> Result<(), String> {
        if pc + 1 < self.p.code.len() {
            Ok(())
        } else {
            Err(bad(pc, "instruction cannot be last"))
        }
    }

    /// The previous instruction sets the stack top at or above register `min_a`.
    fn top_set_before(&self, pc: usize, min_a: u32) -> Result<(), String> {
        let prev = pc.checked_sub(1).and_then(|i| self.p.code.get(i));
        match prev.and_then(|i| i.opcode().map(|o| (o, *i))) {
            Some((OpCode::Call, i)) | Some((OpCode::Vararg, i)) if i.c() == 0 && i.a() >= min_a => Ok(()),
            // A tail call returns all results (its C describes the frame instead).
            Some((OpCode::TailCall, i)) if i.a() >= min_a => Ok(()),
            _ => Err(bad(pc, "stack top used but not set")),
        }
    }

    fn check(&self) -> Result<(), String> {
        let p = self.p;
        if p.max_stack < p.num_params {
            return Err("stack size smaller than parameter count".into());
        }
        if p.code.is_empty() {
            return Err("empty function".into());
        }
        if !p.line_info.is_empty() && p.line_info.len() != p.code.len() {
            return Err("line information does not match code".into());
        }
        match p.code.last().and_then(|i| i.opcode()) {
            Some(OpCode::Return) | Some(OpCode::Return0) | Some(OpCode::Return1) | Some(OpCode::Jmp) => {}
            _ => return Err("function does not end with a return".into()),
        }
        for (pc, &i) in p.code.iter().enumerate() {
            self.check_one(pc, i)?;
        }
        Ok(())
    }

    fn check_one(&self, pc: usize, i: Instruction) -> Result<(), String> {
        let Some(op) = i.opcode() else {
            return Err(bad(pc, "invalid opcode"));
        };
        let (a, b, c) = (i.a() as u64, i.b() as u64, i.c() as u64);
        use OpCode::*;
        match op {
            Move | Unm | BNot | Not | Len | GetTable | AddI | ShrI | ShlI => {
                self.reg(pc, a)?;
                self.reg(pc, b)?;
                if op == GetTable {
                    self.reg(pc, c)?;
                }
                if matches!(op, AddI | ShrI | ShlI) {
                    self.not_last(pc)?;
                }
            }
            LoadI | LoadF | LoadFalse | LoadTrue | Close => self.reg(pc, a)?,
            LFalseSkip => {
                self.reg(pc, a)?;
                if pc + 2 >= self.p.code.len() {
                    return Err(bad(pc, "skip out of range"));
                }
            }
            LoadK => {
                self.reg(pc, a)?;
                self.konst(pc, i.bx())?;
            }
            LoadKX => {
                self.reg(pc, a)?;
                let extra = self.next_is(pc, ExtraArg)?;
                self.konst(pc, extra.ax_arg())?;
            }
            LoadNil => self.reg(pc, a + b)?,
            GetUpval | SetUpval => {
                self.reg(pc, a)?;
                self.upval(pc, i.b())?;
            }
            GetTabUp => {
                self.reg(pc, a)?;
                self.upval(pc, i.b())?;
                self.string_k(pc, i.c())?;
            }
            GetI => {
                self.reg(pc, a)?;
                self.reg(pc, b)?;
            }
            GetField => {
                self.reg(pc, a)?;
                self.reg(pc, b)?;
                self.string_k(pc, i.c())?;
            }
            SetTabUp => {
                self.upval(pc, i.a())?;
                self.string_k(pc, i.b())?;
                self.rk(pc, i)?;
            }
            SetTable => {
                self.reg(pc, a)?;
                self.reg(pc, b)?;
                self.rk(pc, i)?;
            }
            SetI => {
                self.reg(pc, a)?;
                self.rk(pc, i)?;
            }
            SetField => {
                self.reg(pc, a)?;
                self.string_k(pc, i.b())?;
                self.rk(pc, i)?;
            }
            NewTable => {
                self.reg(pc, a)?;
                self.next_is(pc, ExtraArg)?;
            }
            SelfOp => {
                self.reg(pc, a + 1)?;
                self.reg(pc, b)?;
                self.rk(pc, i)?;
            }
            AddK | SubK | MulK | ModK | PowK | DivK | IDivK | BAndK | BOrK | BXorK => {
                self.reg(pc, a)?;
                self.reg(pc, b)?;
                self.konst(pc, i.c())?;
                self.not_last(pc)?;
            }
            Add | Sub | Mul | Mod | Pow | Div | IDiv | BAnd | BOr | BXor | Shl | Shr => {
                self.reg(pc, a)?;
                self.reg(pc, b)?;
                self.reg(pc, c)?;
                self.not_last(pc)?;
            }
            MmBin | MmBinI | MmBinK => {
                self.reg(pc, a)?;
                match op {
                    MmBin => self.reg(pc, b)?,
                    MmBinK => {
                        self.konst(pc, i.b())?;
                    }
                    _ => {}
                }
                if i.c() > 24 {
                    return Err(bad(pc, "invalid metamethod event"));
                }
                let prev = pc.checked_sub(1).map(|j| self.p.code[j]).ok_or_else(|| bad(pc, "misplaced MMBIN"))?;
                self.reg(pc, prev.a() as u64)?;
            }
            Concat => {
                if b == 0 {
                    return Err(bad(pc, "empty concatenation"));
                }
                self.reg(pc, a + b - 1)?;
            }
            Tbc => self.reg(pc, a)?,
            Jmp => self.target(pc, pc as i64 + 1 + i.sj_arg() as i64)?,
            Eq | Lt | Le => {
                self.reg(pc, a)?;
                self.reg(pc, b)?;
                self.test_followed_by_jump(pc)?;
            }
            EqK => {
                self.reg(pc, a)?;
                self.konst(pc, i.b())?;
                self.test_followed_by_jump(pc)?;
            }
            EqI | LtI | LeI | GtI | GeI | Test => {
                self.reg(pc, a)?;
                self.test_followed_by_jump(pc)?;
            }
            TestSet => {
                self.reg(pc, a)?;
                self.reg(pc, b)?;
                self.test_followed_by_jump(pc)?;
            }
            Call | TailCall => {
                self.reg(pc, a)?;
                if b == 0 {
                    self.top_set_before(pc, i.a() + 1)?;
                } else {
                    self.reg(pc, a + b - 1)?;
                }
                if op == Call && c >= 2 {
                    self.reg(pc, a + c - 2)?;
                }
            }
            Return => {
                if b == 0 {
                    self.top_set_before(pc, i.a())?;
                } else if b >= 2 {
                    self.reg(pc, a + b - 2)?;
                }
            }
            Return0 => {}
            Return1 => self.reg(pc, a)?,
            ForLoop => {
                self.reg(pc, a + 3)?;
                self.target(pc, pc as i64 + 1 - i.bx() as i64)?;
            }
            ForPrep => {
                self.reg(pc, a + 3)?;
                self.target(pc, pc as i64 + 2 + i.bx() as i64)?;
            }
            TForPrep => {
                self.reg(pc, a + 3)?;
                self.target(pc, pc as i64 + 1 + i.bx() as i64)?;
            }
            TForCall => {
                self.reg(pc, a + 6)?;
                self.reg(pc, a + 3 + c)?;
                self.next_is(pc, TForLoop)?;
            }
            TForLoop => {
                self.reg(pc, a + 4)?;
                self.target(pc, pc as i64 + 1 - i.bx() as i64)?;
            }
            SetList => {
                self.reg(pc, a + b)?;
                if b == 0 {
                    self.top_set_before(pc, i.a() + 1)?;
                }
                if i.k() {
                    self.next_is(pc, ExtraArg)?;
                }
            }
            Closure => {
                self.reg(pc, a)?;
                if i.bx() as usize >= self.p.protos.len() {
                    return Err(bad(pc, "prototype index out of range"));
                }
            }
            Vararg => {
                self.reg(pc, a)?;
                if c >= 2 {
                    self.reg(pc, a + c - 2)?;
                }
            }
            VarargPrep => {
                if pc != 0 || !self.p.is_vararg || i.a() != self.p.num_params as u32 {
                    return Err(bad(pc, "misplaced VARARGPREP"));
                }
            }
            ExtraArg => {
                let prev = pc.checked_sub(1).and_then(|j| self.p.code[j].opcode());
                let ok = match prev {
                    Some(LoadKX) | Some(NewTable) => true,
                    Some(SetList) => self.p.code[pc - 1].k(),
                    _ => false,
                };
                if !ok {
                    return Err(bad(pc, "misplaced EXTRAARG"));
                }
            }
        }
        Ok(())
    }

    fn test_followed_by_jump(&self, pc: usize) -> Result<(), String> {
        self.next_is(pc, OpCode::Jmp)?;
        if pc + 2 >= self.p.code.len() {
            return Err(bad(pc, "skip out of range"));
        }
        Ok(())
    }
}
