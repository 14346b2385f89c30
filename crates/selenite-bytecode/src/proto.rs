//! Function prototypes as the compiler produces them and `string.dump` writes them.

use crate::instruction::Instruction;

/// A constant of a prototype. Strings are bytes: Lua strings need not be UTF-8.
#[derive(Clone, Debug)]
pub enum Constant {
    Nil,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Vec<u8>),
}

impl PartialEq for Constant {
    /// Constants are equal when they are the same Lua value of the same subtype;
    /// floats compare by bits so that `0.0`, `-0.0` and NaN stay distinct constants.
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Constant::Nil, Constant::Nil) => true,
            (Constant::Bool(a), Constant::Bool(b)) => a == b,
            (Constant::Int(a), Constant::Int(b)) => a == b,
            (Constant::Float(a), Constant::Float(b)) => a.to_bits() == b.to_bits(),
            (Constant::Str(a), Constant::Str(b)) => a == b,
            _ => false,
        }
    }
}

/// How a closure obtains one of its upvalues when it is created.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UpvalDesc {
    /// Name for debug information (`None` when stripped).
    pub name: Option<Vec<u8>>,
    /// `true`: the upvalue is register `index` of the enclosing function;
    /// `false`: it is upvalue `index` of the enclosing closure.
    pub in_stack: bool,
    pub index: u8,
    /// The variable's kind: 0 regular, 1 `<const>`, 2 `<close>`, 3 compile-time constant.
    pub kind: u8,
}

/// A local variable's name and the instruction range where it is active.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalVar {
    pub name: Vec<u8>,
    /// First instruction where the variable is active.
    pub start_pc: u32,
    /// First instruction where the variable is dead.
    pub end_pc: u32,
}

/// A compiled function.
#[derive(Clone, Debug, Default)]
pub struct Proto {
    /// Chunk name as given to `load` (`"@file.lua"`, `"=stdin"`, or the source text).
    pub source: Vec<u8>,
    pub line_defined: u32,
    pub last_line_defined: u32,
    pub num_params: u8,
    pub is_vararg: bool,
    /// Registers the function needs (at most 255).
    pub max_stack: u8,
    pub code: Vec<Instruction>,
    pub constants: Vec<Constant>,
    pub upvalues: Vec<UpvalDesc>,
    pub protos: Vec<Proto>,
    /// Source line of each instruction (same length as `code`, or empty when stripped).
    pub line_info: Vec<u32>,
    pub local_vars: Vec<LocalVar>,
}

impl Proto {
    /// The source line of instruction `pc`, if known.
    pub fn line_at(&self, pc: usize) -> Option<u32> {
        self.line_info.get(pc).copied()
    }

    /// The name of the `n`-th (1-based) local variable active at `pc`, as Lua's
    /// `luaF_getlocalname` finds it.
    pub fn local_name(&self, mut n: usize, pc: usize) -> Option<&[u8]> {
        // Locals are numbered from 1: 0 names nothing.
        if n == 0 {
            return None;
        }
        for var in &self.local_vars {
            if var.start_pc as usize > pc {
                break;
            }
            if pc < var.end_pc as usize {
                n -= 1;
                if n == 0 {
                    return Some(&var.name);
                }
            }
        }
        None
    }
}
