//! The lexer: Lua 5.4 source bytes to tokens, with the reference scanner's exact
//! line counting and error texts.
//!
//! Every message reads `chunk:line: msg near 'text'`, where `text` is the raw text of
//! the token scanned last (strings keep their delimiters, escapes already resolved;
//! the text stops at a NUL byte as a C string would), or `<eof>`. Line endings `\n`,
//! `\r`, `\r\n` and `\n\r` each count as one line.
//!
//! Invariants: the lexer never reads past the end of the input and never panics;
//! `lines[n]` is the "last line" (the line where the previously consumed token
//! ended) recorded by call number `n` (from 0) to [`Lexer::advance_token`], so a parse position
//! (the number of calls made so far) names exactly one moment of the parse.

use crate::ast::{Interner, StrId};
use selenite_number::{str_to_number, Number};

/// A token with its semantic value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Token {
    /// A single-byte symbol (`+`, `(`, ...) or any other byte.
    Char(u8),
    And,
    Break,
    Do,
    Else,
    Elseif,
    End,
    False,
    For,
    Function,
    Goto,
    If,
    In,
    Local,
    Nil,
    Not,
    Or,
    Repeat,
    Return,
    Then,
    True,
    Until,
    While,
    IDiv,
    Concat,
    Dots,
    Eq,
    Ge,
    Le,
    Ne,
    Shl,
    Shr,
    DbColon,
    Eos,
    Float(f64),
    Int(i64),
    Name(StrId),
    Str(StrId),
}

impl Token {
    /// The token as messages name it (`'end'`, `'=='`, `<eof>`, `<name>`...), as the
    /// reference's `luaX_token2str` does.
    pub fn describe(self) -> String {
        let fixed = match self {
            Token::Char(c) => {
                return if (0x20..0x7f).contains(&c) { format!("'{}'", c as char) } else { format!("'<\\{c}>'") };
            }
            Token::And => "and",
            Token::Break => "break",
            Token::Do => "do",
            Token::Else => "else",
            Token::Elseif => "elseif",
            Token::End => "end",
            Token::False => "false",
            Token::For => "for",
            Token::Function => "function",
            Token::Goto => "goto",
            Token::If => "if",
            Token::In => "in",
            Token::Local => "local",
            Token::Nil => "nil",
            Token::Not => "not",
            Token::Or => "or",
            Token::Repeat => "repeat",
            Token::Return => "return",
            Token::Then => "then",
            Token::True => "true",
            Token::Until => "until",
            Token::While => "while",
            Token::IDiv => "//",
            Token::Concat => "..",
            Token::Dots => "...",
            Token::Eq => "==",
            Token::Ge => ">=",
            Token::Le => "<=",
            Token::Ne => "~=",
            Token::Shl => "<<",
            Token::Shr => ">>",
            Token::DbColon => "::",
            Token::Eos => return "<eof>".into(),
            Token::Float(_) => return "<number>".into(),
            Token::Int(_) => return "<integer>".into(),
            Token::Name(_) => return "<name>".into(),
            Token::Str(_) => return "<string>".into(),
        };
        format!("'{fixed}'")
    }

    /// Whether the token's text in messages is the scanned text (`'abc'`), not its
    /// kind.
    fn has_raw_text(self) -> bool {
        matches!(self, Token::Name(_) | Token::Str(_) | Token::Int(_) | Token::Float(_))
    }
}

fn reserved_word(word: &[u8]) -> Option<Token> {
    Some(match word {
        b"and" => Token::And,
        b"break" => Token::Break,
        b"do" => Token::Do,
        b"else" => Token::Else,
        b"elseif" => Token::Elseif,
        b"end" => Token::End,
        b"false" => Token::False,
        b"for" => Token::For,
        b"function" => Token::Function,
        b"goto" => Token::Goto,
        b"if" => Token::If,
        b"in" => Token::In,
        b"local" => Token::Local,
        b"nil" => Token::Nil,
        b"not" => Token::Not,
        b"or" => Token::Or,
        b"repeat" => Token::Repeat,
        b"return" => Token::Return,
        b"then" => Token::Then,
        b"true" => Token::True,
        b"until" => Token::Until,
        b"while" => Token::While,
        _ => return None,
    })
}

/// A syntax error, already formatted as the reference formats it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
}

impl std::fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SyntaxError {}

pub type LexResult<T> = Result<T, SyntaxError>;

/// Lines beyond this make the reference give up ("chunk has too many lines").
const MAX_LINE: u32 = i32::MAX as u32 - 1;

fn is_alpha(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

fn is_alnum(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

fn hex_digit(c: u8) -> u32 {
    (c as char).to_digit(16).unwrap_or(0)
}

pub struct Lexer<'a> {
    src: &'a [u8],
    /// Index of the byte under examination (`current` in the reference).
    pos: usize,
    /// Line of the lexer's reading position.
    pub linenumber: u32,
    /// Line of the last token consumed.
    pub lastline: u32,
    /// Raw text of the token scanned last, for messages.
    buf: Vec<u8>,
    chunk_id: String,
    pub token: Token,
    lookahead: Option<(Token, u32)>,
    /// `lines[n]`: `lastline` as set by the `n`-th call to `next`.
    pub lines: Vec<u32>,
    pub strings: Interner,
}

impl<'a> Lexer<'a> {
    pub fn new(src: &'a [u8], chunk_name: &[u8]) -> Lexer<'a> {
        Lexer {
            src,
            pos: 0,
            linenumber: 1,
            lastline: 1,
            buf: Vec::new(),
            chunk_id: selenite_bytecode::chunk_id(chunk_name),
            token: Token::Eos,
            lookahead: None,
            lines: Vec::with_capacity(src.len() / 4 + 16),
            strings: Interner::default(),
        }
    }

    /// The chunk id used as the message prefix.
    pub fn chunk_id(&self) -> &str {
        &self.chunk_id
    }

    /// Number of calls to `next` so far: the current parse position.
    #[inline]
    pub fn position(&self) -> u32 {
        self.lines.len() as u32
    }

    #[inline]
    fn current(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    #[inline]
    fn current_is(&self, c: u8) -> bool {
        self.current() == Some(c)
    }

    #[inline]
    fn current_is_newline(&self) -> bool {
        matches!(self.current(), Some(b'\n' | b'\r'))
    }

    #[inline]
    fn advance(&mut self) {
        self.pos += 1;
    }

    #[inline]
    fn save_and_next(&mut self) {
        if let Some(c) = self.current() {
            self.buf.push(c);
            self.pos += 1;
        }
    }

    fn remove_saved(&mut self, n: usize) {
        let len = self.buf.len().saturating_sub(n);
        self.buf.truncate(len);
    }

    /// The text of the token scanned last, as the reference shows it: up to the
    /// first NUL byte.
    fn buffer_text(&self) -> String {
        let end = self.buf.iter().position(|&c| c == 0).unwrap_or(self.buf.len());
        String::from_utf8_lossy(&self.buf[..end]).into_owned()
    }

    fn error_text(&self, msg: &str, near: Option<Token>) -> SyntaxError {
        let mut message = format!("{}:{}: {}", self.chunk_id, self.linenumber, msg);
        if let Some(t) = near {
            if t.has_raw_text() {
                message.push_str(&format!(" near '{}'", self.buffer_text()));
            } else {
                message.push_str(" near ");
                message.push_str(&t.describe());
            }
        }
        SyntaxError { message }
    }

    /// A syntax error about the current token (`luaX_syntaxerror`).
    pub fn syntax_error(&self, msg: &str) -> SyntaxError {
        self.error_text(msg, Some(self.token))
    }

    /// A semantic error: the message has no `near` part (`luaK_semerror`).
    pub fn semantic_error(&self, msg: &str) -> SyntaxError {
        self.error_text(msg, None)
    }

    /// Moves to the next token (`luaX_next`).
    pub fn advance_token(&mut self) -> LexResult<()> {
        self.lastline = self.linenumber;
        self.lines.push(self.lastline);
        self.token = match self.lookahead.take() {
            Some((t, _)) => t,
            None => self.scan()?,
        };
        Ok(())
    }

    /// Peeks at the token after the current one (`luaX_lookahead`).
    pub fn lookahead(&mut self) -> LexResult<Token> {
        if let Some((t, _)) = self.lookahead {
            return Ok(t);
        }
        let t = self.scan()?;
        self.lookahead = Some((t, self.linenumber));
        Ok(t)
    }

    fn inc_line(&mut self) -> LexResult<()> {
        let old = self.current();
        self.advance();
        if self.current_is_newline() && self.current() != old {
            self.advance();
        }
        self.linenumber += 1;
        if self.linenumber >= MAX_LINE {
            return Err(self.error_text("chunk has too many lines", None));
        }
        Ok(())
    }

    fn check_next1(&mut self, c: u8) -> bool {
        if self.current_is(c) {
            self.advance();
            true
        } else {
            false
        }
    }

    fn check_next2(&mut self, a: u8, b: u8) -> bool {
        if self.current_is(a) || self.current_is(b) {
            self.save_and_next();
            true
        } else {
            false
        }
    }

    fn scan(&mut self) -> LexResult<Token> {
        self.buf.clear();
        loop {
            let Some(c) = self.current() else {
                return Ok(Token::Eos);
            };
            match c {
                b'\n' | b'\r' => self.inc_line()?,
                b' ' | b'\x0c' | b'\t' | b'\x0b' => self.advance(),
                b'-' => {
                    self.advance();
                    if !self.current_is(b'-') {
                        return Ok(Token::Char(b'-'));
                    }
                    self.advance();
                    if self.current_is(b'[') {
                        let sep = self.skip_sep();
                        self.buf.clear();
                        if sep >= 2 {
                            self.read_long_string(false, sep)?;
                            self.buf.clear();
                            continue;
                        }
                    }
                    let rest = self.src.get(self.pos..).unwrap_or(&[]);
                    self.pos += rest.iter().position(|&b| b == b'\n' || b == b'\r').unwrap_or(rest.len());
                }
                b'[' => {
                    let sep = self.skip_sep();
                    if sep >= 2 {
                        return self.read_long_string(true, sep).map(|s| Token::Str(s.unwrap_or_default()));
                    }
                    if sep == 0 {
                        return Err(self.error_text("invalid long string delimiter", Some(Token::Str(StrId(0)))));
                    }
                    return Ok(Token::Char(b'['));
                }
                b'=' => {
                    self.advance();
                    return Ok(if self.check_next1(b'=') { Token::Eq } else { Token::Char(b'=') });
                }
                b'<' => {
                    self.advance();
                    return Ok(if self.check_next1(b'=') {
                        Token::Le
                    } else if self.check_next1(b'<') {
                        Token::Shl
                    } else {
                        Token::Char(b'<')
                    });
                }
                b'>' => {
                    self.advance();
                    return Ok(if self.check_next1(b'=') {
                        Token::Ge
                    } else if self.check_next1(b'>') {
                        Token::Shr
                    } else {
                        Token::Char(b'>')
                    });
                }
                b'/' => {
                    self.advance();
                    return Ok(if self.check_next1(b'/') { Token::IDiv } else { Token::Char(b'/') });
                }
                b'~' => {
                    self.advance();
                    return Ok(if self.check_next1(b'=') { Token::Ne } else { Token::Char(b'~') });
                }
                b':' => {
                    self.advance();
                    return Ok(if self.check_next1(b':') { Token::DbColon } else { Token::Char(b':') });
                }
                b'"' | b'\'' => return self.read_string(c),
                b'.' => {
                    self.save_and_next();
                    if self.check_next1(b'.') {
                        return Ok(if self.check_next1(b'.') { Token::Dots } else { Token::Concat });
                    }
                    if !self.current().is_some_and(|d| d.is_ascii_digit()) {
                        return Ok(Token::Char(b'.'));
                    }
                    return self.read_numeral();
                }
                b'0'..=b'9' => return self.read_numeral(),
                _ if is_alpha(c) => {
                    let start = self.pos;
                    let rest = self.src.get(start..).unwrap_or(&[]);
                    let len = rest.iter().position(|&b| !is_alnum(b)).unwrap_or(rest.len());
                    self.pos += len;
                    let word = &rest[..len];
                    self.buf.extend_from_slice(word);
                    if let Some(t) = reserved_word(word) {
                        return Ok(t);
                    }
                    return Ok(Token::Name(self.strings.intern(word)));
                }
                _ => {
                    self.advance();
                    return Ok(Token::Char(c));
                }
            }
        }
    }

    fn read_numeral(&mut self) -> LexResult<Token> {
        let first = self.current();
        let (mut e1, mut e2) = (b'E', b'e');
        self.save_and_next();
        if first == Some(b'0') && self.check_next2(b'x', b'X') {
            (e1, e2) = (b'P', b'p');
        }
        loop {
            if self.check_next2(e1, e2) {
                self.check_next2(b'-', b'+');
            } else if self.current().is_some_and(|c| c.is_ascii_hexdigit() || c == b'.') {
                self.save_and_next();
            } else {
                break;
            }
        }
        if self.current().is_some_and(is_alpha) {
            self.save_and_next();
        }
        match str_to_number(&self.buf) {
            Some(Number::Int(i)) => Ok(Token::Int(i)),
            Some(Number::Float(f)) => Ok(Token::Float(f)),
            None => Err(self.error_text("malformed number", Some(Token::Float(0.0)))),
        }
    }

    /// Reads `[=*[` or `]=*]`: returns the level + 2 if well formed, 1 for a lone
    /// bracket, 0 for an unfinished `[==`.
    fn skip_sep(&mut self) -> usize {
        let s = self.current();
        let mut count = 0;
        self.save_and_next();
        while self.current_is(b'=') {
            self.save_and_next();
            count += 1;
        }
        if self.current() == s {
            count + 2
        } else if count == 0 {
            1
        } else {
            0
        }
    }

    /// Reads a long string or comment after its opening `[=*` (the current byte is
    /// the second `[`); returns the string's contents when `keep`.
    fn read_long_string(&mut self, keep: bool, sep: usize) -> LexResult<Option<StrId>> {
        let start_line = self.linenumber;
        self.save_and_next();
        if self.current_is_newline() {
            self.inc_line()?;
        }
        loop {
            match self.current() {
                None => {
                    let what = if keep { "string" } else { "comment" };
                    let msg = format!("unfinished long {what} (starting at line {start_line})");
                    return Err(self.error_text(&msg, Some(Token::Eos)));
                }
                Some(b']') => {
                    if self.skip_sep() == sep {
                        self.save_and_next();
                        break;
                    }
                }
                Some(b'\n' | b'\r') => {
                    self.buf.push(b'\n');
                    self.inc_line()?;
                    if !keep {
                        self.buf.clear();
                    }
                }
                Some(_) => {
                    if keep {
                        let rest = self.src.get(self.pos..).unwrap_or(&[]);
                        let n = rest.iter().position(|&b| matches!(b, b']' | b'\n' | b'\r')).unwrap_or(rest.len());
                        self.buf.extend_from_slice(&rest[..n]);
                        self.pos += n;
                    } else {
                        self.advance();
                    }
                }
            }
        }
        if !keep {
            return Ok(None);
        }
        let end = self.buf.len().saturating_sub(sep);
        let contents = self.buf.get(sep..end).unwrap_or(&[]);
        Ok(Some(self.strings.intern(contents)))
    }

    fn escape_check(&mut self, ok: bool, msg: &str) -> LexResult<()> {
        if ok {
            return Ok(());
        }
        self.save_and_next();
        Err(self.error_text(msg, Some(Token::Str(StrId(0)))))
    }

    fn hex_escape_digit(&mut self) -> LexResult<u32> {
        self.save_and_next();
        let c = self.current();
        self.escape_check(c.is_some_and(|c| c.is_ascii_hexdigit()), "hexadecimal digit expected")?;
        Ok(c.map_or(0, hex_digit))
    }

    fn read_hex_escape(&mut self) -> LexResult<u8> {
        let high = self.hex_escape_digit()?;
        let low = self.hex_escape_digit()?;
        self.remove_saved(2);
        Ok(((high << 4) + low) as u8)
    }

    fn read_utf8_escape(&mut self) -> LexResult<u32> {
        let mut removed = 4;
        self.save_and_next();
        self.escape_check(self.current_is(b'{'), "missing '{'")?;
        let mut r = self.hex_escape_digit()?;
        loop {
            self.save_and_next();
            let Some(c) = self.current().filter(|c| c.is_ascii_hexdigit()) else {
                break;
            };
            removed += 1;
            self.escape_check(r <= (0x7FFF_FFFF >> 4), "UTF-8 value too large")?;
            r = (r << 4) + hex_digit(c);
        }
        self.escape_check(self.current_is(b'}'), "missing '}'")?;
        self.advance();
        self.remove_saved(removed);
        Ok(r)
    }

    fn read_decimal_escape(&mut self) -> LexResult<u8> {
        let mut r: u32 = 0;
        let mut digits = 0;
        while digits < 3 {
            let Some(c) = self.current().filter(|c| c.is_ascii_digit()) else {
                break;
            };
            r = 10 * r + u32::from(c - b'0');
            self.save_and_next();
            digits += 1;
        }
        self.escape_check(r <= 255, "decimal escape too large")?;
        self.remove_saved(digits);
        Ok(r as u8)
    }

    fn read_string(&mut self, delimiter: u8) -> LexResult<Token> {
        self.save_and_next();
        loop {
            let Some(c) = self.current() else {
                return Err(self.error_text("unfinished string", Some(Token::Eos)));
            };
            if c == delimiter {
                break;
            }
            match c {
                b'\n' | b'\r' => return Err(self.error_text("unfinished string", Some(Token::Str(StrId(0))))),
                b'\\' => self.read_escape()?,
                _ => {
                    let rest = self.src.get(self.pos..).unwrap_or(&[]);
                    let n = rest
                        .iter()
                        .position(|&b| b == delimiter || matches!(b, b'\\' | b'\n' | b'\r'))
                        .unwrap_or(rest.len());
                    self.buf.extend_from_slice(&rest[..n]);
                    self.pos += n;
                }
            }
        }
        self.save_and_next();
        let contents = self.buf.get(1..self.buf.len() - 1).unwrap_or(&[]);
        Ok(Token::Str(self.strings.intern(contents)))
    }

    /// Reads one escape sequence; the current byte is the backslash.
    fn read_escape(&mut self) -> LexResult<()> {
        self.save_and_next();
        let simple = match self.current() {
            None => return Ok(()),
            Some(b'a') => 7,
            Some(b'b') => 8,
            Some(b'f') => 12,
            Some(b'n') => b'\n',
            Some(b'r') => b'\r',
            Some(b't') => b'\t',
            Some(b'v') => 11,
            Some(c @ (b'\\' | b'"' | b'\'')) => c,
            Some(b'x') => {
                let byte = self.read_hex_escape()?;
                self.advance();
                self.remove_saved(1);
                self.buf.push(byte);
                return Ok(());
            }
            Some(b'u') => {
                let code = self.read_utf8_escape()?;
                utf8_encode(code, &mut self.buf);
                return Ok(());
            }
            Some(b'\n' | b'\r') => {
                self.inc_line()?;
                self.remove_saved(1);
                self.buf.push(b'\n');
                return Ok(());
            }
            Some(b'z') => {
                self.remove_saved(1);
                self.advance();
                while let Some(c) = self.current().filter(|&c| selenite_number::is_space(c)) {
                    if c == b'\n' || c == b'\r' {
                        self.inc_line()?;
                    } else {
                        self.advance();
                    }
                }
                return Ok(());
            }
            Some(c) => {
                self.escape_check(c.is_ascii_digit(), "invalid escape sequence")?;
                let byte = self.read_decimal_escape()?;
                self.remove_saved(1);
                self.buf.push(byte);
                return Ok(());
            }
        };
        self.advance();
        self.remove_saved(1);
        self.buf.push(simple);
        Ok(())
    }
}

/// Encodes a code point (up to 2^31 - 1) in Lua's extended UTF-8 (up to six bytes).
pub fn utf8_encode(code: u32, out: &mut Vec<u8>) {
    if code < 0x80 {
        out.push(code as u8);
        return;
    }
    let mut tail = [0u8; 6];
    let mut n = 0;
    let mut x = code;
    let mut first_max: u32 = 0x3f;
    while x > first_max {
        tail[n] = 0x80 | (x & 0x3f) as u8;
        n += 1;
        x >>= 6;
        first_max >>= 1;
    }
    out.push(((!first_max << 1) | x) as u8);
    out.extend(tail[..n].iter().rev());
}
