//! Per-function compilation state (the prototype being built, registers, blocks,
//! upvalues) and the chunk-wide constant cache.
//!
//! Invariants (as in the reference's `FuncState`): `free_reg` is the first free
//! register and never below the registers of active locals; `max_stack` is at least
//! `free_reg`; every pending jump list is threaded through the `sJ` fields of `JMP`
//! instructions and ends with `NO_JUMP`.
//!
//! Constants are deduplicated through one cache for the whole chunk, keyed as the
//! reference keys its scanner table (integral floats get a perturbed key, strings
//! are keyed by value), and an entry is reused only when it names an equal constant
//! of the current function; so the constant tables come out exactly as the
//! reference's, duplicates included.

use crate::{Compiler, R};
use selenite_bytecode::{Constant, Instruction, LocalVar, Proto, UpvalDesc};
use selenite_syntax::ast::{StrId, VarId};

/// End of a jump list.
pub const NO_JUMP: i32 = -1;
/// "No register" marker for `TESTSET` patching.
pub const NO_REG: u32 = Instruction::MAX_A;
/// Registers a function may use (exclusive).
pub const MAX_REGS: u32 = 255;
/// Most upvalues of a function.
pub const MAX_UPVALS: usize = 255;
/// Most entries of a prototype's debug variable list (the reference's `SHRT_MAX`).
const MAX_DEBUG_VARS: usize = 32767;

/// Kinds of local variables (the numbering is the one upvalue descriptors record).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VarKind {
    Regular = 0,
    Const = 1,
    ToClose = 2,
    /// A `<const>` whose value is known at compile time; it has no register.
    CompileTimeConst = 3,
}

/// A value known at compile time.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ConstValue {
    Nil,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(StrId),
}

/// A declared local variable.
#[derive(Clone, Copy, Debug)]
pub struct VarDesc {
    pub name: StrId,
    pub kind: VarKind,
    /// Register (not meaningful for compile-time constants).
    pub ridx: u32,
    /// Index in the prototype's debug variable list.
    pub pidx: usize,
    pub value: ConstValue,
}

/// A label or a pending goto (`name` `None` is `break`).
#[derive(Clone, Copy, Debug)]
pub struct LabelDesc {
    pub name: Option<StrId>,
    pub pc: i32,
    pub nactvar: usize,
    /// The goto leaves the scope of a captured or to-be-closed variable.
    pub close: bool,
}

/// A lexical block.
#[derive(Clone, Copy, Debug)]
pub struct BlockCnt {
    pub first_label: usize,
    pub first_goto: usize,
    pub nactvar: usize,
    /// Some variable of the block is captured (or to be closed).
    pub upval: bool,
    pub is_loop: bool,
    pub inside_tbc: bool,
}

/// What an upvalue of a function stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UpvalKey {
    Var(VarId),
    /// The chunk's `_ENV`.
    Env,
}

/// Keys of the constant cache.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConstKey {
    Nil,
    Bool(bool),
    Int(i64),
    Float(u64),
    Str(StrId),
}

pub struct FuncState {
    pub proto: Proto,
    /// Index of this function's first variable in `Compiler::actvar`.
    pub first_local: usize,
    pub first_label: usize,
    pub blocks: Vec<BlockCnt>,
    /// Last position that is a jump target.
    pub last_target: i32,
    pub nactvar: usize,
    pub free_reg: u32,
    pub need_close: bool,
    pub upval_keys: Vec<UpvalKey>,
    /// The variable of the `local function` statement that defines this function,
    /// when nothing assigns that variable again: it then always holds the running
    /// closure, which reading it as an upvalue loads with `GETSELF`.
    pub own_name: Option<VarId>,
}

impl FuncState {
    pub fn new(source: &[u8], line_defined: u32, first_local: usize, first_label: usize) -> FuncState {
        FuncState {
            proto: Proto { source: source.to_vec(), line_defined, max_stack: 2, ..Proto::default() },
            first_local,
            first_label,
            blocks: Vec::new(),
            last_target: 0,
            nactvar: 0,
            free_reg: 0,
            need_close: false,
            upval_keys: Vec::new(),
            own_name: None,
        }
    }

    #[inline]
    pub fn pc(&self) -> i32 {
        self.proto.code.len() as i32
    }

    pub fn code(&mut self, i: Instruction, line: u32) -> i32 {
        self.proto.code.push(i);
        self.proto.line_info.push(line);
        self.pc() - 1
    }

    pub fn set_last_line(&mut self, line: u32) {
        if let Some(l) = self.proto.line_info.last_mut() {
            *l = line;
        }
    }

    pub fn remove_last_instruction(&mut self) {
        self.proto.code.pop();
        self.proto.line_info.pop();
    }

    pub fn instr(&self, pc: i32) -> Instruction {
        self.proto.code.get(pc as usize).copied().unwrap_or(Instruction(u32::MAX))
    }

    pub fn instr_mut(&mut self, pc: i32) -> &mut Instruction {
        let i = (pc as usize).min(self.proto.code.len().saturating_sub(1));
        &mut self.proto.code[i]
    }

    /// Whether constant `k` is a short string (usable as a field key operand).
    pub fn is_short_string_constant(&self, k: u32) -> bool {
        matches!(self.proto.constants.get(k as usize), Some(Constant::Str(s)) if s.len() <= 40)
    }

    /// The last instruction, if no jump may target the current position.
    pub fn previous_instruction(&self) -> Option<Instruction> {
        if self.pc() > self.last_target {
            self.proto.code.last().copied()
        } else {
            None
        }
    }
}

/// Whether two constants are the same value of the same type (`luaV_rawequalobj`
/// plus the type-tag check of the reference's `addk`).
fn same_constant(a: &Constant, b: &Constant) -> bool {
    match (a, b) {
        (Constant::Nil, Constant::Nil) => true,
        (Constant::Bool(x), Constant::Bool(y)) => x == y,
        (Constant::Int(x), Constant::Int(y)) => x == y,
        (Constant::Float(x), Constant::Float(y)) => x == y,
        (Constant::Str(x), Constant::Str(y)) => x == y,
        _ => false,
    }
}

/// A float as a key of a Lua table: integral values become integer keys.
fn float_key(f: f64) -> ConstKey {
    match selenite_number::float_to_int_exact(f) {
        Some(i) => ConstKey::Int(i),
        None => ConstKey::Float(f.to_bits()),
    }
}

impl Compiler<'_> {
    pub(crate) fn add_constant(&mut self, key: ConstKey, value: Constant) -> u32 {
        if let Some(&k) = self.k_cache.get(&key) {
            if self.fs_ref().proto.constants.get(k as usize).is_some_and(|c| same_constant(c, &value)) {
                return k;
            }
        }
        let k = self.fs_ref().proto.constants.len();
        self.k_cache.insert(key, k as u32);
        self.fs().proto.constants.push(value);
        k as u32
    }

    pub(crate) fn int_constant(&mut self, i: i64) -> u32 {
        self.add_constant(ConstKey::Int(i), Constant::Int(i))
    }

    pub(crate) fn float_constant(&mut self, f: f64) -> u32 {
        let key = match selenite_number::float_to_int_exact(f) {
            None => float_key(f),
            Some(i) => {
                let q = 2f64.powi(-52);
                float_key(if i == 0 { q } else { f + f * q })
            }
        };
        self.add_constant(key, Constant::Float(f))
    }

    pub(crate) fn bool_constant(&mut self, b: bool) -> u32 {
        self.add_constant(ConstKey::Bool(b), Constant::Bool(b))
    }

    pub(crate) fn nil_constant(&mut self) -> u32 {
        self.add_constant(ConstKey::Nil, Constant::Nil)
    }

    /// Adds a variable to the debug list (`registerlocalvar`).
    pub(crate) fn register_local_var(&mut self, name: StrId) -> R<usize> {
        let fs = self.fs_ref();
        if fs.proto.local_vars.len() >= MAX_DEBUG_VARS {
            return Err(crate::plain_error(format!("too many local variables (limit is {MAX_DEBUG_VARS})")));
        }
        let start_pc = fs.pc() as u32;
        let name = self.ast.strings.get(name).to_vec();
        let vars = &mut self.fs().proto.local_vars;
        vars.push(LocalVar { name, start_pc, end_pc: 0 });
        Ok(vars.len() - 1)
    }

    pub(crate) fn add_upvalue(&mut self, level: usize, key: UpvalKey, desc: UpvalDesc) -> R<u32> {
        let fs = &self.funcs[level];
        if fs.proto.upvalues.len() + 1 > MAX_UPVALS {
            let line = fs.proto.line_defined;
            let where_ = if line == 0 { "main function".to_string() } else { format!("function at line {line}") };
            return Err(self.error_here(&format!("too many upvalues (limit is {MAX_UPVALS}) in {where_}")));
        }
        let fs = &mut self.funcs[level];
        fs.proto.upvalues.push(desc);
        fs.upval_keys.push(key);
        Ok(fs.proto.upvalues.len() as u32 - 1)
    }
}
