//! Per-function compilation state: the prototype being built, registers, constants,
//! active local variables, blocks, labels and pending gotos.
//!
//! Invariants (as in the reference's `FuncState`): `free_reg` is the first free
//! register and never below the registers of active locals; `max_stack` is at least
//! `free_reg`; every pending jump list is threaded through the `sJ` fields of `JMP`
//! instructions and ends with `NO_JUMP`.

use selenite_bytecode::{Constant, Instruction, LocalVar, Proto, UpvalDesc};
use std::collections::HashMap;

/// End of a jump list.
pub const NO_JUMP: i32 = -1;
/// "No register" marker for `TESTSET` patching.
pub const NO_REG: u32 = Instruction::MAX_A;
/// Most registers a function may use.
pub const MAX_REGS: u32 = 255;
/// Most local variables active in a function.
pub const MAX_VARS: usize = 200;
/// Most upvalues of a function.
pub const MAX_UPVALS: usize = 255;

/// An interned string of the chunk being compiled.
pub type StrId = u32;

/// Kinds of local variables.
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

/// An active local variable.
#[derive(Clone, Debug)]
pub struct VarDesc {
    pub name: StrId,
    pub kind: VarKind,
    /// Register holding it (not meaningful for compile-time constants).
    pub ridx: u32,
    /// Index in the prototype's debug local-variable list.
    pub pidx: usize,
    /// The value of a compile-time constant.
    pub value: Option<ConstValue>,
}

/// A label or a pending goto.
#[derive(Clone, Debug)]
pub struct LabelDesc {
    pub name: StrId,
    pub pc: i32,
    pub line: u32,
    /// Active variables at that point.
    pub nactvar: usize,
    /// Registers used by those variables.
    pub reg_level: u32,
    /// The goto leaves the scope of an upvalue (needs a `CLOSE`).
    pub close: bool,
}

/// A lexical block.
#[derive(Clone, Debug)]
pub struct BlockCnt {
    pub first_label: usize,
    pub first_goto: usize,
    pub nactvar: usize,
    /// Some variable of the block is captured as an upvalue.
    pub upval: bool,
    pub is_loop: bool,
    /// Inside the scope of a to-be-closed variable.
    pub inside_tbc: bool,
}

/// Keys for constant deduplication (floats by bits, so 1 and 1.0 stay distinct).
#[derive(Clone, PartialEq, Eq, Hash)]
enum ConstKey {
    Nil,
    Bool(bool),
    Int(i64),
    Float(u64),
    Str(StrId),
}

pub struct FuncState {
    pub proto: Proto,
    /// Index of the first local of this function in the parser's variable list.
    pub first_local: usize,
    pub first_label: usize,
    pub blocks: Vec<BlockCnt>,
    /// Next instruction position.
    pub last_target: i32,
    pub nactvar: usize,
    pub free_reg: u32,
    pub need_close: bool,
    consts: HashMap<ConstKey, u32>,
    /// Upvalue names, to look them up.
    pub upval_names: Vec<StrId>,
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
            consts: HashMap::new(),
            upval_names: Vec::new(),
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
        self.proto.code[pc as usize]
    }

    pub fn instr_mut(&mut self, pc: i32) -> &mut Instruction {
        &mut self.proto.code[pc as usize]
    }

    fn add_constant(&mut self, key: ConstKey, value: Constant) -> u32 {
        if let Some(&k) = self.consts.get(&key) {
            return k;
        }
        let k = self.proto.constants.len() as u32;
        self.proto.constants.push(value);
        self.consts.insert(key, k);
        k
    }

    pub fn string_constant(&mut self, id: StrId, bytes: &[u8]) -> u32 {
        self.add_constant(ConstKey::Str(id), Constant::Str(bytes.to_vec()))
    }

    pub fn int_constant(&mut self, i: i64) -> u32 {
        self.add_constant(ConstKey::Int(i), Constant::Int(i))
    }

    pub fn float_constant(&mut self, f: f64) -> u32 {
        self.add_constant(ConstKey::Float(f.to_bits()), Constant::Float(f))
    }

    pub fn bool_constant(&mut self, b: bool) -> u32 {
        self.add_constant(ConstKey::Bool(b), Constant::Bool(b))
    }

    pub fn nil_constant(&mut self) -> u32 {
        self.add_constant(ConstKey::Nil, Constant::Nil)
    }

    /// Whether constant `k` is a short string (usable as a field key operand).
    pub fn is_short_string_constant(&self, k: u32) -> bool {
        matches!(self.proto.constants.get(k as usize), Some(Constant::Str(s)) if s.len() <= 40)
    }

    pub fn add_local_debug(&mut self, name: Vec<u8>) -> usize {
        self.proto.local_vars.push(LocalVar { name, start_pc: self.pc() as u32, end_pc: 0 });
        self.proto.local_vars.len() - 1
    }

    pub fn add_upvalue(&mut self, name: StrId, name_bytes: &[u8], in_stack: bool, index: u8, kind: u8) -> usize {
        self.proto.upvalues.push(UpvalDesc { name: Some(name_bytes.to_vec()), in_stack, index, kind });
        self.upval_names.push(name);
        self.proto.upvalues.len() - 1
    }

    pub fn search_upvalue(&self, name: StrId) -> Option<usize> {
        self.upval_names.iter().position(|&n| n == name)
    }

    /// The opcode of the last instruction if no jump targets the current position.
    pub fn previous_instruction(&self) -> Option<Instruction> {
        if self.pc() > self.last_target {
            self.proto.code.last().copied()
        } else {
            None
        }
    }
}
