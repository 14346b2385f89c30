//! Compiles Lua 5.4 source text to Selenite bytecode.
//!
//! The compiler is single-pass, like the reference's: the parser (`parser.rs`) reads
//! tokens and drives the code generator (`code.rs`) directly, keeping pending
//! expressions in descriptors instead of building a syntax tree. It emits the same
//! instruction sequences and debug information as the reference (register
//! allocation, constant folding, jump lists, `<const>` folding, `goto` resolution),
//! which is what lets the VM name variables in error messages as the reference does.
#![forbid(unsafe_code)]

mod code;
mod func;
mod parser;

use selenite_bytecode::Proto;

/// A compile error; `message` is exactly the reference's text
/// (`chunk:line: message near 'token'`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompileError {
    pub message: String,
}

impl std::fmt::Display for CompileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CompileError {}

/// Compiles a chunk. `chunk_name` is what `load` receives (`"@file.lua"`,
/// `"=stdin"`, or the source itself); every prototype records it as its source.
pub fn compile(source: &[u8], chunk_name: &[u8]) -> Result<Proto, CompileError> {
    parser::Parser::new(source, chunk_name).main_func().map_err(|e| CompileError { message: e.0 })
}
