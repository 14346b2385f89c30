//! Compiles Lua 5.4 source text to Selenite bytecode.
//!
//! `selenite-syntax` parses the chunk into an AST (reporting every error the
//! reference's parser reports); this crate walks the tree in source order and drives
//! a code generator that mirrors the reference's (register allocation, expression
//! descriptors discharged lazily, constant folding, jump lists, `<const>` folding,
//! `goto` resolution), so it emits the same instructions, constants, line
//! information and debug information as Lua 5.4.9. The tree records the parse
//! positions at which the reference emits code; the walker sets its current position
//! from them, which gives every instruction the reference's line and every code
//! generation error (registers, upvalues, jump distances) the reference's location.
#![forbid(unsafe_code)]

mod code;
mod expr;
mod func;
mod scope;
mod stmt;

use func::{ConstKey, FuncState, LabelDesc, VarDesc};
use rustc_hash::FxHashMap;
use selenite_bytecode::Proto;
use selenite_syntax::ast::{Ast, Pos};

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

/// Nesting depth assumed to be in use when compiling (as the reference counts C
/// calls: a chunk loaded by Lua code of a main chunk).
pub const DEFAULT_C_CALLS: u32 = 1;

/// Compiles a chunk. `chunk_name` is what `load` receives (`"@file.lua"`,
/// `"=stdin"`, or the source itself); every prototype records it as its source.
pub fn compile(source: &[u8], chunk_name: &[u8]) -> Result<Proto, CompileError> {
    compile_at_depth(source, chunk_name, DEFAULT_C_CALLS)
}

/// [`compile`] for a caller already `c_calls` levels deep, as the reference counts
/// C calls: nesting that reaches 200 levels in all is "C stack overflow".
pub fn compile_at_depth(source: &[u8], chunk_name: &[u8], c_calls: u32) -> Result<Proto, CompileError> {
    let ast = selenite_syntax::parse(source, chunk_name, c_calls).map_err(|e| CompileError { message: e.message })?;
    Compiler::new(&ast, source, chunk_name).main_func()
}

pub(crate) type R<T> = Result<T, CompileError>;

/// An error raised the way the reference raises runtime errors during compilation
/// (no position prefix).
pub(crate) fn plain_error(message: String) -> CompileError {
    CompileError { message }
}

pub(crate) struct Compiler<'a> {
    pub(crate) ast: &'a Ast,
    source: &'a [u8],
    chunk_name: &'a [u8],
    /// The parse position the reference would be at.
    pub(crate) pos: Pos,
    pub(crate) funcs: Vec<FuncState>,
    /// Declared variables of all open functions; entries above `nvars` are stale
    /// but still readable, as the reference's are.
    pub(crate) actvar: Vec<VarDesc>,
    pub(crate) nvars: usize,
    /// Index in `actvar` of each declared variable of the tree.
    pub(crate) var_slot: Vec<u32>,
    pub(crate) labels: Vec<LabelDesc>,
    pub(crate) gotos: Vec<LabelDesc>,
    pub(crate) k_cache: FxHashMap<ConstKey, u32>,
}

impl<'a> Compiler<'a> {
    fn new(ast: &'a Ast, source: &'a [u8], chunk_name: &'a [u8]) -> Compiler<'a> {
        Compiler {
            ast,
            source,
            chunk_name,
            pos: Pos(0),
            funcs: Vec::new(),
            actvar: Vec::new(),
            nvars: 0,
            var_slot: vec![0; ast.vars.len()],
            labels: Vec::new(),
            gotos: Vec::new(),
            k_cache: FxHashMap::default(),
        }
    }

    /// A syntax error at the current position (`luaX_syntaxerror` during code
    /// generation).
    pub(crate) fn error_here(&self, msg: &str) -> CompileError {
        let e = selenite_syntax::error_at(self.source, self.chunk_name, self.pos, msg);
        CompileError { message: e.message }
    }
}
