//! Lua 5.4 source text to a syntax tree: the lexer, the [`ast`] and the parser.
//!
//! [`parse`] reports every error the reference's parser reports while reading (with
//! the same text, line and order); errors that only code generation can detect
//! (registers, upvalues, jump distances) are the compiler's, which locates them
//! with [`error_at`].
#![forbid(unsafe_code)]

pub mod ast;
mod expr;
pub mod lexer;
mod parser;

pub use lexer::{utf8_encode, SyntaxError, Token};
pub use parser::MAX_C_CALLS;

/// Parses a chunk. `chunk_name` is what `load` received; `c_calls` is the nesting
/// depth the caller already uses, counted as the reference counts C calls (1 for a
/// chunk loaded by Lua code running in the main chunk).
pub fn parse(source: &[u8], chunk_name: &[u8], c_calls: u32) -> Result<ast::Ast, SyntaxError> {
    parser::Parser::new(source, chunk_name, c_calls).main_func()
}

/// A syntax error raised at parse position `pos` (as the reference raises code
/// generation errors): `chunk:line: msg near 'token'`, where the token and the line
/// are those current at that position. The source is scanned again up to there,
/// which is cheap enough for an error path.
pub fn error_at(source: &[u8], chunk_name: &[u8], pos: ast::Pos, msg: &str) -> SyntaxError {
    let mut lex = lexer::Lexer::new(source, chunk_name);
    for _ in 0..pos.0.max(1) {
        if let Err(e) = lex.advance_token() {
            return e;
        }
    }
    lex.syntax_error(msg)
}
