//! Helpers shared by the integration tests: the reference's dumps of
//! `fixtures/opcodes.lua`, a deterministic pseudo-random generator, prototype
//! comparison, and builders for hand-made prototypes.
#![allow(dead_code)]

use selenite_bytecode::{Constant, Instruction, LocalVar, OpCode, Proto, UpvalDesc};

/// `string.dump(loadfile("opcodes.lua"))` by the reference Lua 5.4.9.
pub const OPCODES_CHUNK: &[u8] = include_bytes!("../fixtures/opcodes.luac");
/// `string.dump(loadfile("opcodes.lua"), true)` by the reference Lua 5.4.9.
pub const OPCODES_STRIPPED_CHUNK: &[u8] = include_bytes!("../fixtures/opcodes.stripped.luac");

/// xorshift64*: small, deterministic, good enough to drive mutations.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A value in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    pub fn chance(&mut self, one_in: u64) -> bool {
        self.below(one_in) == 0
    }

    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

/// Asserts that two prototypes are the same, field by field, naming the first
/// difference.
pub fn assert_same_proto(a: &Proto, b: &Proto) {
    assert_eq!(a.source, b.source, "source");
    assert_eq!(a.line_defined, b.line_defined, "line_defined");
    assert_eq!(a.last_line_defined, b.last_line_defined, "last_line_defined");
    assert_eq!(a.num_params, b.num_params, "num_params");
    assert_eq!(a.is_vararg, b.is_vararg, "is_vararg");
    assert_eq!(a.max_stack, b.max_stack, "max_stack");
    assert_eq!(a.code, b.code, "code");
    assert_eq!(a.constants, b.constants, "constants");
    assert_eq!(a.upvalues, b.upvalues, "upvalues");
    assert_eq!(a.line_info, b.line_info, "line_info");
    assert_eq!(a.local_vars, b.local_vars, "local_vars");
    assert_eq!(a.protos.len(), b.protos.len(), "number of nested functions");
    for (x, y) in a.protos.iter().zip(&b.protos) {
        assert_same_proto(x, y);
    }
}

/// What `dump(p, true)` keeps of `p`: everything but debug information.
pub fn stripped(p: &Proto) -> Proto {
    Proto {
        source: b"=?".to_vec(),
        line_info: Vec::new(),
        local_vars: Vec::new(),
        upvalues: p.upvalues.iter().map(|u| UpvalDesc { name: None, ..u.clone() }).collect(),
        protos: p.protos.iter().map(stripped).collect(),
        ..p.clone()
    }
}

pub fn abc(op: OpCode, a: u32, b: u32, c: u32) -> Instruction {
    Instruction::abc(op, a, b, c, false)
}

pub fn abck(op: OpCode, a: u32, b: u32, c: u32) -> Instruction {
    Instruction::abc(op, a, b, c, true)
}

pub fn jmp(offset: i32) -> Instruction {
    Instruction::sj(OpCode::Jmp, offset)
}

pub fn ret0() -> Instruction {
    abc(OpCode::Return0, 0, 1, 1)
}

/// Constants of [`function`]: 0 "x" (short string), 1 integer 1, 2 float 1.5,
/// 3 a 41-byte (long) string, 4 nil, 5 true.
pub fn test_constants() -> Vec<Constant> {
    vec![
        Constant::Str(b"x".to_vec()),
        Constant::Int(1),
        Constant::Float(1.5),
        Constant::Str(vec![b'y'; 41]),
        Constant::Nil,
        Constant::Bool(true),
    ]
}

/// A non-vararg function with 10 registers, 2 parameters, the constants of
/// [`test_constants`], 2 upvalues and one valid nested function, running `code`.
pub fn function(code: Vec<Instruction>) -> Proto {
    let upvalue = |name: &[u8], index| UpvalDesc { name: Some(name.to_vec()), in_stack: true, index, kind: 0 };
    Proto {
        source: b"@test.lua".to_vec(),
        line_defined: 1,
        last_line_defined: 9,
        num_params: 2,
        is_vararg: false,
        max_stack: 10,
        code,
        constants: test_constants(),
        upvalues: vec![upvalue(b"u0", 0), upvalue(b"u1", 1)],
        protos: vec![nested_function()],
        line_info: Vec::new(),
        local_vars: vec![LocalVar { name: b"a".to_vec(), start_pc: 0, end_pc: 1 }],
    }
}

/// A vararg function with 10 registers and 1 parameter: `VARARGPREP 1`, then `code`.
pub fn vararg_function(code: Vec<Instruction>) -> Proto {
    let mut all = vec![abc(OpCode::VarargPrep, 1, 0, 0)];
    all.extend(code);
    Proto { num_params: 1, is_vararg: true, ..function(all) }
}

/// `function() return u end`, capturing register 0 of its parent.
pub fn nested_function() -> Proto {
    Proto {
        source: b"@test.lua".to_vec(),
        line_defined: 2,
        last_line_defined: 2,
        max_stack: 2,
        code: vec![abc(OpCode::GetUpval, 0, 0, 0), abc(OpCode::Return1, 0, 2, 1)],
        upvalues: vec![UpvalDesc { name: Some(b"u".to_vec()), in_stack: true, index: 0, kind: 0 }],
        line_info: vec![2, 2],
        ..Proto::default()
    }
}
