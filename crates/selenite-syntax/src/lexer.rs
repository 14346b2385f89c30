//! The lexer: Lua 5.4 source bytes to tokens.
//!
//! Mirrors the reference's scanner so that errors read the same: every message is
//! `chunk:line: msg near 'text'`, where `text` is the raw text scanned for the
//! offending token (strings keep their delimiter, escapes already resolved), or
//! `<eof>`. Line endings `\n`, `\r`, `\r\n` and `\n\r` each count as one line.
//! Invariant: the lexer never reads past the end of the input (a virtual end marker
//! stands for it) and never panics.

use selenite_number::{str_to_number, Number};

/// Token kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tok {
    /// A single-byte symbol (`+`, `(`, ...), or any other byte.
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
    Float,
    Int,
    Name,
    String,
}

const RESERVED: [(&[u8], Tok); 22] = [
    (b"and", Tok::And),
    (b"break", Tok::Break),
    (b"do", Tok::Do),
    (b"else", Tok::Else),
    (b"elseif", Tok::Elseif),
    (b"end", Tok::End),
    (b"false", Tok::False),
    (b"for", Tok::For),
    (b"function", Tok::Function),
    (b"goto", Tok::Goto),
    (b"if", Tok::If),
    (b"in", Tok::In),
    (b"local", Tok::Local),
    (b"nil", Tok::Nil),
    (b"not", Tok::Not),
    (b"or", Tok::Or),
    (b"repeat", Tok::Repeat),
    (b"return", Tok::Return),
    (b"then", Tok::Then),
    (b"true", Tok::True),
    (b"until", Tok::Until),
    (b"while", Tok::While),
];

impl Tok {
    /// The token's text in messages (`'end'`, `'=='`, `<eof>`, `<name>`...).
    pub fn describe(self) -> String {
        let fixed = match self {
            Tok::Char(c) => {
                return if (0x20..0x7f).contains(&c) { format!("'{}'", c as char) } else { format!("'<\\{c}>'") };
            }
            Tok::IDiv => "//",
            Tok::Concat => "..",
            Tok::Dots => "...",
            Tok::Eq => "==",
            Tok::Ge => ">=",
            Tok::Le => "<=",
            Tok::Ne => "~=",
            Tok::Shl => "<<",
            Tok::Shr => ">>",
            Tok::DbColon => "::",
            Tok::Eos => return "<eof>".into(),
            Tok::Float => return "<number>".into(),
            Tok::Int => return "<integer>".into(),
            Tok::Name => return "<name>".into(),
            Tok::String => return "<string>".into(),
            other => match RESERVED.iter().find(|(_, t)| *t == other) {
                Some((w, _)) => return format!("'{}'", String::from_utf8_lossy(w)),
                None => "?",
            },
        };
        format!("'{fixed}'")
    }
}

/// A token with its value and the raw text scanned for it.
#[derive(Clone, Debug)]
pub struct Token {
    pub tok: Tok,
    /// Names and strings: the bytes; numbers: unused.
    pub bytes: Vec<u8>,
    pub int: i64,
    pub float: f64,
    /// Raw scanned text, for messages about this token.
    pub raw: Vec<u8>,
}

impl Token {
    fn simple(tok: Tok) -> Token {
        Token { tok, bytes: Vec::new(), int: 0, float: 0.0, raw: Vec::new() }
    }
}

/// A syntax error message, already formatted as the reference formats it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError(pub String);

pub type LexResult<T> = Result<T, SyntaxError>;

/// End of input.
const EOZ: i32 = -1;

pub struct Lexer<'a> {
    src: &'a [u8],
    pos: usize,
    current: i32,
    pub line: u32,
    /// Line of the last token consumed (for code generation).
    pub last_line: u32,
    buf: Vec<u8>,
    chunk_id: String,
    pub token: Token,
    lookahead: Option<Token>,
}

fn is_alpha(c: i32) -> bool {
    c >= 0 && ((c as u8).is_ascii_alphabetic() || c == b'_' as i32)
}

fn is_alnum(c: i32) -> bool {
    c >= 0 && ((c as u8).is_ascii_alphanumeric() || c == b'_' as i32)
}

fn is_digit(c: i32) -> bool {
    c >= 0 && (c as u8).is_ascii_digit()
}

fn is_xdigit(c: i32) -> bool {
    c >= 0 && (c as u8).is_ascii_hexdigit()
}

fn is_space(c: i32) -> bool {
    c >= 0 && selenite_number::is_space(c as u8)
}

fn is_newline(c: i32) -> bool {
    c == b'\n' as i32 || c == b'\r' as i32
}

impl<'a> Lexer<'a> {
    pub fn new(src: &'a [u8], chunk_name: &[u8]) -> Lexer<'a> {
        let mut lx = Lexer {
            src,
            pos: 0,
            current: EOZ,
            line: 1,
            last_line: 1,
            buf: Vec::new(),
            chunk_id: selenite_bytecode::chunk_id(chunk_name),
            token: Token::simple(Tok::Eos),
            lookahead: None,
        };
        lx.advance();
        lx
    }

    #[inline]
    fn advance(&mut self) {
        self.current = match self.src.get(self.pos) {
            Some(&c) => {
                self.pos += 1;
                c as i32
            }
            None => EOZ,
        };
    }

    #[inline]
    fn save(&mut self, c: i32) {
        self.buf.push(c as u8);
    }

    #[inline]
    fn save_and_next(&mut self) {
        let c = self.current;
        self.save(c);
        self.advance();
    }

    /// The chunk id used as the message prefix.
    pub fn chunk_id(&self) -> &str {
        &self.chunk_id
    }

    /// An error at the current line, `near` the given token's text.
    pub fn error_near(&self, msg: &str, tok: Option<&Token>) -> SyntaxError {
        let base = format!("{}:{}: {}", self.chunk_id, self.line, msg);
        match tok {
            Some(t) => SyntaxError(format!("{} near {}", base, Self::token_text(t))),
            None => SyntaxError(base),
        }
    }

    fn token_text(t: &Token) -> String {
        match t.tok {
            Tok::Name | Tok::String | Tok::Float | Tok::Int => {
                format!("'{}'", String::from_utf8_lossy(&t.raw))
            }
            other => other.describe(),
        }
    }

    /// An error during scanning, near the text scanned so far.
    fn lex_error(&self, msg: &str, tok: Tok) -> SyntaxError {
        let base = format!("{}:{}: {}", self.chunk_id, self.line, msg);
        match tok {
            Tok::Name | Tok::String | Tok::Float | Tok::Int => {
                SyntaxError(format!("{} near '{}'", base, String::from_utf8_lossy(&self.buf)))
            }
            other => SyntaxError(format!("{} near {}", base, other.describe())),
        }
    }

    /// A syntax error about the current token (`luaX_syntaxerror`).
    pub fn syntax_error(&self, msg: &str) -> SyntaxError {
        self.error_near(msg, Some(&self.token))
    }

    /// Moves to the next token.
    pub fn next(&mut self) -> LexResult<()> {
        self.last_line = self.line;
        self.token = match self.lookahead.take() {
            Some(t) => t,
            None => self.scan()?,
        };
        Ok(())
    }

    /// Peeks at the token after the current one.
    pub fn peek(&mut self) -> LexResult<Tok> {
        if self.lookahead.is_none() {
            let t = self.scan()?;
            self.lookahead = Some(t);
        }
        Ok(self.lookahead.as_ref().map_or(Tok::Eos, |t| t.tok))
    }

    fn inc_line(&mut self) -> LexResult<()> {
        let old = self.current;
        self.advance();
        if is_newline(self.current) && self.current != old {
            self.advance();
        }
        self.line += 1;
        if self.line >= i32::MAX as u32 {
            return Err(SyntaxError(format!("{}:{}: chunk has too many lines", self.chunk_id, self.line)));
        }
        Ok(())
    }

    fn check_next1(&mut self, c: u8) -> bool {
        if self.current == c as i32 {
            self.advance();
            true
        } else {
            false
        }
    }

    fn check_next2(&mut self, set: &[u8; 2]) -> bool {
        if self.current == set[0] as i32 || self.current == set[1] as i32 {
            self.save_and_next();
            true
        } else {
            false
        }
    }

    fn token_with(&self, tok: Tok, bytes: Vec<u8>) -> Token {
        Token { tok, bytes, int: 0, float: 0.0, raw: self.buf.clone() }
    }

    fn scan(&mut self) -> LexResult<Token> {
        self.buf.clear();
        loop {
            let c = self.current;
            if c == EOZ {
                return Ok(Token::simple(Tok::Eos));
            }
            let b = c as u8;
            match b {
                b'\n' | b'\r' => self.inc_line()?,
                b' ' | b'\x0c' | b'\t' | b'\x0b' => self.advance(),
                b'-' => {
                    self.advance();
                    if self.current != b'-' as i32 {
                        return Ok(Token::simple(Tok::Char(b'-')));
                    }
                    self.advance();
                    if self.current == b'[' as i32 {
                        let sep = self.skip_sep();
                        self.buf.clear();
                        if sep >= 2 {
                            self.read_long_string(None, sep)?;
                            self.buf.clear();
                            continue;
                        }
                    }
                    while !is_newline(self.current) && self.current != EOZ {
                        self.advance();
                    }
                }
                b'[' => {
                    let sep = self.skip_sep();
                    if sep >= 2 {
                        let mut s = Vec::new();
                        self.read_long_string(Some(&mut s), sep)?;
                        return Ok(self.token_with(Tok::String, s));
                    }
                    if sep == 0 {
                        return Err(self.lex_error("invalid long string delimiter", Tok::String));
                    }
                    return Ok(Token::simple(Tok::Char(b'[')));
                }
                b'=' => {
                    self.advance();
                    return Ok(Token::simple(if self.check_next1(b'=') { Tok::Eq } else { Tok::Char(b'=') }));
                }
                b'<' => {
                    self.advance();
                    let t = if self.check_next1(b'=') {
                        Tok::Le
                    } else if self.check_next1(b'<') {
                        Tok::Shl
                    } else {
                        Tok::Char(b'<')
                    };
                    return Ok(Token::simple(t));
                }
                b'>' => {
                    self.advance();
                    let t = if self.check_next1(b'=') {
                        Tok::Ge
                    } else if self.check_next1(b'>') {
                        Tok::Shr
                    } else {
                        Tok::Char(b'>')
                    };
                    return Ok(Token::simple(t));
                }
                b'/' => {
                    self.advance();
                    return Ok(Token::simple(if self.check_next1(b'/') { Tok::IDiv } else { Tok::Char(b'/') }));
                }
                b'~' => {
                    self.advance();
                    return Ok(Token::simple(if self.check_next1(b'=') { Tok::Ne } else { Tok::Char(b'~') }));
                }
                b':' => {
                    self.advance();
                    return Ok(Token::simple(if self.check_next1(b':') { Tok::DbColon } else { Tok::Char(b':') }));
                }
                b'"' | b'\'' => return self.read_string(c),
                b'.' => {
                    self.save_and_next();
                    if self.check_next1(b'.') {
                        if self.check_next1(b'.') {
                            return Ok(Token::simple(Tok::Dots));
                        }
                        return Ok(Token::simple(Tok::Concat));
                    }
                    if !is_digit(self.current) {
                        return Ok(Token::simple(Tok::Char(b'.')));
                    }
                    return self.read_numeral();
                }
                b'0'..=b'9' => return self.read_numeral(),
                _ => {
                    if is_alpha(c) {
                        while is_alnum(self.current) {
                            self.save_and_next();
                        }
                        let word = self.buf.clone();
                        if let Some((_, t)) = RESERVED.iter().find(|(w, _)| *w == word.as_slice()) {
                            return Ok(Token::simple(*t));
                        }
                        return Ok(self.token_with(Tok::Name, word));
                    }
                    self.advance();
                    return Ok(Token::simple(Tok::Char(b)));
                }
            }
        }
    }

    fn read_numeral(&mut self) -> LexResult<Token> {
        let first = self.current;
        let mut expo = b"Ee";
        self.save_and_next();
        if first == b'0' as i32 && self.check_next2(b"xX") {
            expo = b"Pp";
        }
        loop {
            if self.check_next2(expo) {
                self.check_next2(b"-+");
            } else if is_xdigit(self.current) || self.current == b'.' as i32 {
                self.save_and_next();
            } else {
                break;
            }
        }
        if is_alpha(self.current) {
            self.save_and_next();
        }
        match str_to_number(&self.buf) {
            Some(Number::Int(i)) => {
                let mut t = self.token_with(Tok::Int, Vec::new());
                t.int = i;
                Ok(t)
            }
            Some(Number::Float(f)) => {
                let mut t = self.token_with(Tok::Float, Vec::new());
                t.float = f;
                Ok(t)
            }
            None => Err(self.lex_error("malformed number", Tok::Float)),
        }
    }

    /// Reads `[=*[` or `]=*]`; returns the level + 2 if well formed, 1 for a lone
    /// bracket, 0 for an unfinished `[==`.
    fn skip_sep(&mut self) -> usize {
        let s = self.current;
        let mut count = 0;
        self.save_and_next();
        while self.current == b'=' as i32 {
            self.save_and_next();
            count += 1;
        }
        if self.current == s {
            count + 2
        } else if count == 0 {
            1
        } else {
            0
        }
    }

    fn read_long_string(&mut self, mut out: Option<&mut Vec<u8>>, sep: usize) -> LexResult<()> {
        let start_line = self.line;
        self.save_and_next();
        if is_newline(self.current) {
            self.inc_line()?;
        }
        loop {
            match self.current {
                EOZ => {
                    let what = if out.is_some() { "string" } else { "comment" };
                    let msg = format!("unfinished long {what} (starting at line {start_line})");
                    return Err(self.lex_error(&msg, Tok::Eos));
                }
                c if c == b']' as i32 => {
                    if self.skip_sep() == sep {
                        self.save_and_next();
                        break;
                    }
                }
                c if is_newline(c) => {
                    self.save(b'\n' as i32);
                    self.inc_line()?;
                    if out.is_none() {
                        self.buf.clear();
                    }
                }
                _ => {
                    if out.is_some() {
                        self.save_and_next();
                    } else {
                        self.advance();
                    }
                }
            }
        }
        if let Some(out) = out.as_deref_mut() {
            let end = self.buf.len().saturating_sub(sep);
            out.extend_from_slice(self.buf.get(sep..end).unwrap_or(&[]));
        }
        Ok(())
    }

    fn esc_check(&mut self, ok: bool, msg: &str) -> LexResult<()> {
        if !ok {
            if self.current != EOZ {
                self.save_and_next();
            }
            return Err(self.lex_error(msg, Tok::String));
        }
        Ok(())
    }

    fn get_hexa(&mut self) -> LexResult<u32> {
        self.save_and_next();
        self.esc_check(is_xdigit(self.current), "hexadecimal digit expected")?;
        Ok((self.current as u8 as char).to_digit(16).unwrap_or(0))
    }

    fn remove_saved(&mut self, n: usize) {
        let len = self.buf.len().saturating_sub(n);
        self.buf.truncate(len);
    }

    fn read_hexa_escape(&mut self) -> LexResult<u8> {
        let mut r = self.get_hexa()?;
        r = (r << 4) + self.get_hexa()?;
        self.remove_saved(2);
        Ok(r as u8)
    }

    fn read_utf8_escape(&mut self) -> LexResult<u32> {
        let mut removed = 4;
        self.save_and_next();
        self.esc_check(self.current == b'{' as i32, "missing '{'")?;
        let mut r = self.get_hexa()?;
        loop {
            self.save_and_next();
            if !is_xdigit(self.current) {
                break;
            }
            removed += 1;
            self.esc_check(r <= (0x7FFF_FFFF >> 4), "UTF-8 value too large")?;
            r = (r << 4) + (self.current as u8 as char).to_digit(16).unwrap_or(0);
        }
        self.esc_check(self.current == b'}' as i32, "missing '}'")?;
        self.advance();
        self.remove_saved(removed);
        Ok(r)
    }

    fn read_decimal_escape(&mut self) -> LexResult<u8> {
        let mut r: u32 = 0;
        let mut i = 0;
        while i < 3 && is_digit(self.current) {
            r = 10 * r + (self.current as u32 - b'0' as u32);
            self.save_and_next();
            i += 1;
        }
        self.esc_check(r <= 255, "decimal escape too large")?;
        self.remove_saved(i);
        Ok(r as u8)
    }

    fn read_string(&mut self, delimiter: i32) -> LexResult<Token> {
        self.save_and_next();
        while self.current != delimiter {
            match self.current {
                EOZ => return Err(self.lex_error("unfinished string", Tok::Eos)),
                c if is_newline(c) => return Err(self.lex_error("unfinished string", Tok::String)),
                c if c == b'\\' as i32 => {
                    self.save_and_next();
                    let esc = self.current;
                    let simple = match esc {
                        EOZ => continue,
                        e if e == b'a' as i32 => Some(7u8),
                        e if e == b'b' as i32 => Some(8),
                        e if e == b'f' as i32 => Some(12),
                        e if e == b'n' as i32 => Some(b'\n'),
                        e if e == b'r' as i32 => Some(b'\r'),
                        e if e == b't' as i32 => Some(b'\t'),
                        e if e == b'v' as i32 => Some(11),
                        e if e == b'\\' as i32 || e == b'"' as i32 || e == b'\'' as i32 => Some(e as u8),
                        _ => None,
                    };
                    if let Some(ch) = simple {
                        self.advance();
                        self.remove_saved(1);
                        self.save(ch as i32);
                        continue;
                    }
                    match esc {
                        e if e == b'x' as i32 => {
                            let ch = self.read_hexa_escape()?;
                            self.advance();
                            self.remove_saved(1);
                            self.save(ch as i32);
                        }
                        e if e == b'u' as i32 => {
                            let code = self.read_utf8_escape()?;
                            let mut enc = Vec::new();
                            utf8_encode(code, &mut enc);
                            self.buf.extend_from_slice(&enc);
                        }
                        e if is_newline(e) => {
                            self.inc_line()?;
                            self.remove_saved(1);
                            self.save(b'\n' as i32);
                        }
                        e if e == b'z' as i32 => {
                            self.remove_saved(1);
                            self.advance();
                            while is_space(self.current) {
                                if is_newline(self.current) {
                                    self.inc_line()?;
                                } else {
                                    self.advance();
                                }
                            }
                        }
                        _ => {
                            self.esc_check(is_digit(self.current), "invalid escape sequence")?;
                            let ch = self.read_decimal_escape()?;
                            self.remove_saved(1);
                            self.save(ch as i32);
                        }
                    }
                }
                _ => self.save_and_next(),
            }
        }
        self.save_and_next();
        let content = self.buf.get(1..self.buf.len() - 1).unwrap_or(&[]).to_vec();
        Ok(self.token_with(Tok::String, content))
    }
}

/// Encodes a code point (up to 2^31 - 1) in Lua's extended UTF-8.
pub fn utf8_encode(code: u32, out: &mut Vec<u8>) {
    if code < 0x80 {
        out.push(code as u8);
        return;
    }
    let mut buf = [0u8; 8];
    let mut n = 0;
    let mut x = code;
    let mut first_max: u32 = 0x3f;
    while x > first_max {
        buf[7 - n] = 0x80 | (x & 0x3f) as u8;
        n += 1;
        x >>= 6;
        first_max >>= 1;
    }
    buf[7 - n] = ((!first_max << 1) | x) as u8;
    n += 1;
    out.extend_from_slice(&buf[8 - n..]);
}
