//! The bytecode contract between Selenite's compiler and its virtual machine.
//!
//! The compiler produces [`Proto`]s made of 32-bit [`Instruction`]s; the VM loads them
//! and never sees source text. The instruction set and its encoding follow Lua 5.4's
//! (`iABC`, `iABx`, `iAsBx`, `iAx`, `isJ`; 7-bit opcode), so every opcode's meaning is
//! the one documented on its [`OpCode`] variant. Nothing in this crate allocates GC
//! objects: constants are plain Rust values, converted by the VM when it loads a
//! prototype.
//!
//! Invariant kept by [`verify::verify`]: a verified prototype only names registers
//! below its `max_stack`, constants, upvalues and nested prototypes that exist, and
//! jump targets inside its code, so the VM may index them without bounds checks.
#![forbid(unsafe_code)]

mod chunk_id;
mod disasm;
mod dump;
mod instruction;
mod opcode;
mod proto;
pub mod verify;

pub use chunk_id::chunk_id;
pub use disasm::disassemble;
pub use dump::{bad_binary_format, dump, undump, SIGNATURE};
pub use instruction::{ConstIdx, Instruction, ProtoIdx, Reg, UpvalIdx};
pub use opcode::{OpCode, OpMode, NUM_LUA_OPCODES, NUM_OPCODES};
pub use proto::{Constant, LocalVar, Proto, UpvalDesc};
pub use verify::verify;
