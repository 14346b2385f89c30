//! Lua 5.4 source text to tokens. The compiler (`selenite-compiler`) parses the
//! token stream in a single pass, as the reference does, so there is no separate
//! syntax tree: see `docs/ARCHITECTURE.md` for why.
#![forbid(unsafe_code)]

pub mod lexer;

pub use lexer::{utf8_encode, LexResult, Lexer, SyntaxError, Tok, Token};
