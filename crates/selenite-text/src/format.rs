//! `string.format`: splitting the format string into literal pieces and conversion
//! items, validating each item as the reference does (`checkformat`: the flags each
//! conversion allows, at most two digits of width and of precision, no width starting
//! with `0`), and formatting one already-converted argument per item exactly as C's
//! `printf` in glibc would (floats through `selenite_number::printf`).
//!
//! The reference interleaves checks and argument conversions in a fixed order, and
//! the first failure wins; [`pieces`] is lazy and [`argument_checked_first`] tells
//! which comes first, so a caller reproduces that order:
//!
//! ```text
//! for piece in pieces(fmt):
//!     Literal -> append
//!     Conversion { conv, form } ->
//!         next argument, or "bad argument #n to 'format' (no value)"
//!         kind = argument_kind(conv, form)?       // "invalid format (too long)",
//!                                                 // "invalid conversion '%y' to 'format'"
//!         if !argument_checked_first(conv): spec_of(conv, form)?
//!         convert the argument to `kind` (luaL_checkinteger, tostring, ...)
//!         write_item(conv, form, arg, out)?
//! ```
//!
//! Messages are `String`s: bytes of a format item that are not UTF-8 appear as U+FFFD
//! in an error message.

use selenite_number::printf::{self, Spec};

/// A piece of a format string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Literal bytes (`%%` already turned into `%`).
    Literal(&'a [u8]),
    /// A conversion item: its conversion byte (0 when the format ends inside the
    /// item) and its text from the `%` (`%5.2f`), at most 22 bytes.
    Conversion { conv: u8, form: &'a [u8] },
}

/// An error of `string.format`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// Raised as is (`luaL_error`).
    Message(String),
    /// A "bad argument" error about the argument of the current item.
    BadArgument(String),
}

/// Longest item from `%` to the conversion byte (`MAX_FORMAT` less room for a length
/// modifier and the terminator).
const MAX_ITEM_LEN: usize = 32 - 10;

/// Lazily splits a format string into pieces (see [`pieces`]).
pub struct Pieces<'a> {
    fmt: &'a [u8],
    pos: usize,
}

/// The pieces of a format string, in order. An item too long to be valid is still
/// a conversion: [`argument_kind`] reports it, after the caller has checked that an
/// argument is there, as the reference does.
pub fn pieces(fmt: &[u8]) -> Pieces<'_> {
    Pieces { fmt, pos: 0 }
}

impl<'a> Iterator for Pieces<'a> {
    type Item = Piece<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        let rest = self.fmt.get(self.pos..).filter(|r| !r.is_empty())?;
        match rest.iter().position(|&c| c == b'%') {
            Some(0) => {}
            Some(n) => {
                self.pos += n;
                return Some(Piece::Literal(&rest[..n]));
            }
            None => {
                self.pos = self.fmt.len();
                return Some(Piece::Literal(rest));
            }
        }
        if rest.get(1) == Some(&b'%') {
            self.pos += 2;
            return Some(Piece::Literal(&rest[1..2]));
        }
        let spanned = item_span(rest);
        let conv = rest.get(1 + spanned).copied().unwrap_or(0);
        let len = (2 + spanned).min(rest.len());
        self.pos += len;
        Some(Piece::Conversion { conv, form: &rest[..len] })
    }
}

/// Number of flag, digit and point bytes after the `%` of an item.
fn item_span(form: &[u8]) -> usize {
    form.iter().skip(1).take_while(|&&c| is_item_byte(c)).count()
}

/// Whether a byte may appear between `%` and the conversion (`L_FMTFLAGSF` plus
/// digits and the point).
fn is_item_byte(c: u8) -> bool {
    matches!(c, b'-' | b'+' | b'#' | b'0'..=b'9' | b'.' | b' ')
}

fn check_length(form: &[u8]) -> Result<(), String> {
    if item_span(form) + 1 >= MAX_ITEM_LEN {
        return Err("invalid format (too long)".into());
    }
    Ok(())
}

/// The first error of an item too long in a format string, checked up front (unlike
/// the reference, which reports a missing argument first).
pub fn check_item_lengths(fmt: &[u8]) -> Result<(), String> {
    pieces(fmt).try_for_each(|piece| match piece {
        Piece::Conversion { form, .. } => check_length(form),
        Piece::Literal(_) => Ok(()),
    })
}

/// What the argument of a conversion must be converted to before formatting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgKind {
    /// `%c`: an integer (`luaL_checkinteger`), printed as the byte it truncates to.
    Char,
    /// `%d %i %u %o %x %X`: an integer (`luaL_checkinteger`).
    Integer,
    /// `%a %A %e %E %f %g %G`: a float (`luaL_checknumber`).
    Float,
    /// `%s`: any value through `tostring` (`luaL_tolstring`).
    String,
    /// `%p`: the value's address (`lua_topointer`), 0 for values without one.
    Pointer,
    /// `%q`: a string, number, nil or boolean, written as a Lua literal; any other
    /// value is the caller's "value has no literal form" error.
    Literal,
}

/// Items are shown in messages as C shows them: up to a NUL byte.
fn form_text(form: &[u8]) -> String {
    let end = form.iter().position(|&c| c == 0).unwrap_or(form.len());
    String::from_utf8_lossy(&form[..end]).into_owned()
}

/// The error for a conversion byte `format` does not know.
pub fn invalid_conversion(form: &[u8]) -> String {
    format!("invalid conversion '{}' to 'format'", form_text(form))
}

/// The argument a conversion takes, or the reference's error for an item too long
/// or an unknown conversion (`%F`, `%n`, length modifiers such as `%ld` included).
pub fn argument_kind(conv: u8, form: &[u8]) -> Result<ArgKind, String> {
    check_length(form)?;
    Ok(match conv {
        b'c' => ArgKind::Char,
        b'd' | b'i' | b'u' | b'o' | b'x' | b'X' => ArgKind::Integer,
        b'a' | b'A' | b'e' | b'E' | b'f' | b'g' | b'G' => ArgKind::Float,
        b's' => ArgKind::String,
        b'p' => ArgKind::Pointer,
        b'q' => ArgKind::Literal,
        _ => return Err(invalid_conversion(form)),
    })
}

/// Whether the reference converts the argument before validating the item (so a bad
/// argument is reported even when the item is invalid too). When false, call
/// [`spec_of`] before converting.
pub fn argument_checked_first(conv: u8) -> bool {
    !matches!(conv, b'a' | b'A' | b'c')
}

/// The flags a conversion accepts and whether it takes a precision.
fn allowed_flags(conv: u8) -> (&'static [u8], bool) {
    match conv {
        b'd' | b'i' => (b"-+0 ", true),
        b'u' => (b"-0", true),
        b'o' | b'x' | b'X' => (b"-#0", true),
        b'a' | b'A' | b'e' | b'E' | b'f' | b'g' | b'G' => (b"-+#0 ", true),
        b's' => (b"-", true),
        _ => (b"-", false),
    }
}

/// Validates an item (`checkformat`) with the rules of its conversion.
pub fn spec_of(conv: u8, form: &[u8]) -> Result<Spec, String> {
    let (flags, precision_allowed) = allowed_flags(conv);
    check(form, flags, precision_allowed)
}

/// Validates an item against the given flags (`checkformat`) and returns its flags,
/// width and precision.
pub fn check(form: &[u8], flags: &[u8], precision_allowed: bool) -> Result<Spec, String> {
    let body = form.get(1..).unwrap_or_default();
    let mut i = 0;
    let mut spec = Spec::default();
    while let Some(&c) = body.get(i).filter(|c| flags.contains(c)) {
        match c {
            b'-' => spec.left = true,
            b'+' => spec.plus = true,
            b' ' => spec.space = true,
            b'#' => spec.alt = true,
            _ => spec.zero = true,
        }
        i += 1;
    }
    let two_digits = |i: &mut usize| -> usize {
        let mut value = 0;
        for _ in 0..2 {
            match body.get(*i) {
                Some(d) if d.is_ascii_digit() => {
                    value = value * 10 + usize::from(d - b'0');
                    *i += 1;
                }
                _ => break,
            }
        }
        value
    };
    if body.get(i) != Some(&b'0') {
        spec.width = two_digits(&mut i);
        if body.get(i) == Some(&b'.') && precision_allowed {
            i += 1;
            spec.precision = Some(two_digits(&mut i));
        }
    }
    if !body.get(i).is_some_and(u8::is_ascii_alphabetic) {
        return Err(format!("invalid conversion specification: '{}'", form_text(form)));
    }
    Ok(spec)
}

/// A converted argument (see [`ArgKind`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Arg<'a> {
    Int(i64),
    Float(f64),
    /// A string, or the `tostring` text of the argument for `%s`.
    Str(&'a [u8]),
    /// An address for `%p`; 0 prints `(null)`.
    Pointer(usize),
    Nil,
    Bool(bool),
}

/// Formats one item with its converted argument, validating the item first.
pub fn write_item(conv: u8, form: &[u8], arg: Arg<'_>, out: &mut Vec<u8>) -> Result<(), Error> {
    let kind = argument_kind(conv, form).map_err(Error::Message)?;
    if kind == ArgKind::Literal {
        return write_literal(form, arg, out);
    }
    if kind == ArgKind::String {
        let Arg::Str(text) = arg else { return Err(Error::BadArgument("string expected".into())) };
        return write_string(form, text, out);
    }
    let spec = spec_of(conv, form).map_err(Error::Message)?;
    match (kind, arg) {
        (ArgKind::Char, Arg::Int(n)) => write_char(&spec, n, out),
        (ArgKind::Integer, Arg::Int(n)) => write_integer(conv, &spec, n, out),
        (ArgKind::Float, Arg::Float(x)) => write_float(conv, &spec, x, out),
        (ArgKind::Float, Arg::Int(n)) => write_float(conv, &spec, n as f64, out),
        (ArgKind::Pointer, Arg::Pointer(address)) => write_pointer(&spec, address, out),
        (ArgKind::Char | ArgKind::Integer, _) => return Err(Error::BadArgument("number expected".into())),
        _ => return Err(Error::BadArgument("value expected".into())),
    }
    Ok(())
}

/// `%q`: a string, number, nil or boolean as a Lua literal.
fn write_literal(form: &[u8], arg: Arg<'_>, out: &mut Vec<u8>) -> Result<(), Error> {
    if form.len() > 2 {
        return Err(Error::Message("specifier '%q' cannot have modifiers".into()));
    }
    match arg {
        Arg::Str(s) => quote_string(s, out),
        Arg::Int(n) => quote_integer(n, out),
        Arg::Float(x) => out.extend_from_slice(quote_float(x).as_bytes()),
        Arg::Nil => out.extend_from_slice(b"nil"),
        Arg::Bool(b) => out.extend_from_slice(if b { b"true" } else { b"false" }),
        Arg::Pointer(_) => return Err(Error::BadArgument("value has no literal form".into())),
    }
    Ok(())
}

/// `%s` with the reference's rules: no modifiers copies the text whole; otherwise
/// the text may not contain zeros, and a text of 100 bytes or more without a
/// precision is copied whole too.
pub fn write_string(form: &[u8], text: &[u8], out: &mut Vec<u8>) -> Result<(), Error> {
    if form.len() <= 2 {
        out.extend_from_slice(text);
        return Ok(());
    }
    if text.contains(&0) {
        return Err(Error::BadArgument("string contains zeros".into()));
    }
    let spec = spec_of(b's', form).map_err(Error::Message)?;
    if spec.precision.is_none() && text.len() >= 100 {
        out.extend_from_slice(text);
    } else {
        write_padded_string(&spec, text, out);
    }
    Ok(())
}

fn pad_into(out: &mut Vec<u8>, body: &[u8], spec: &Spec) {
    let fill = spec.width.saturating_sub(body.len());
    if !spec.left {
        out.resize(out.len() + fill, b' ');
    }
    out.extend_from_slice(body);
    if spec.left {
        out.resize(out.len() + fill, b' ');
    }
}

/// `%c`: the byte `n` truncates to, padded to the width.
pub fn write_char(spec: &Spec, n: i64, out: &mut Vec<u8>) {
    pad_into(out, &[n as u8], spec);
}

/// `%p`: glibc's `0x` hex address, or `(null)` for 0, padded to the width.
pub fn write_pointer(spec: &Spec, address: usize, out: &mut Vec<u8>) {
    if address == 0 {
        pad_into(out, b"(null)", spec);
        return;
    }
    let mut text = [0u8; 2 + MAX_DIGITS];
    text[..2].copy_from_slice(b"0x");
    let digits = digits_of(address as u64, 16, false);
    let len = 2 + digits.len();
    text[2..len].copy_from_slice(digits.as_slice());
    pad_into(out, &text[..len], spec);
}

/// Most digits of a 64-bit magnitude in any base `format` uses (22 in octal).
const MAX_DIGITS: usize = 22;

/// The digits of a magnitude, cut on the stack.
struct Digits {
    buf: [u8; MAX_DIGITS],
    start: usize,
}

impl Digits {
    fn as_slice(&self) -> &[u8] {
        &self.buf[self.start..]
    }

    fn len(&self) -> usize {
        MAX_DIGITS - self.start
    }
}

/// The digits of `n` in `base` (8, 10 or 16), at least one.
fn digits_of(mut n: u64, base: u64, upper: bool) -> Digits {
    let symbols: &[u8; 16] = if upper { b"0123456789ABCDEF" } else { b"0123456789abcdef" };
    let mut digits = Digits { buf: [0; MAX_DIGITS], start: MAX_DIGITS };
    loop {
        digits.start -= 1;
        digits.buf[digits.start] = symbols[(n % base) as usize];
        n /= base;
        if n == 0 {
            return digits;
        }
    }
}

/// Appends an integer conversion (`d i u o x X`, and `c`), digits cut directly into
/// `out` with no intermediate text.
pub fn write_integer(conv: u8, spec: &Spec, n: i64, out: &mut Vec<u8>) {
    if conv == b'c' {
        write_char(spec, n, out);
        return;
    }
    let signed = matches!(conv, b'd' | b'i');
    let magnitude = if signed { n.unsigned_abs() } else { n as u64 };
    let digits = match conv {
        b'o' => digits_of(magnitude, 8, false),
        b'x' => digits_of(magnitude, 16, false),
        b'X' => digits_of(magnitude, 16, true),
        _ => digits_of(magnitude, 10, false),
    };
    // A zero precision prints no digit for zero; a larger one pads with zeros.
    let shown = if spec.precision == Some(0) && magnitude == 0 { &[][..] } else { digits.as_slice() };
    let precision_zeros = spec.precision.map_or(0, |p| p.saturating_sub(shown.len()));
    let prefix: &[u8] = match conv {
        _ if !spec.alt => b"",
        b'o' if precision_zeros == 0 && shown.first() != Some(&b'0') => b"0",
        b'x' if magnitude != 0 => b"0x",
        b'X' if magnitude != 0 => b"0X",
        _ => b"",
    };
    let sign: &[u8] = match () {
        _ if signed && n < 0 => b"-",
        _ if signed && spec.plus => b"+",
        _ if signed && spec.space => b" ",
        _ => b"",
    };
    let len = sign.len() + prefix.len() + precision_zeros + shown.len();
    let zero_fill = spec.zero && !spec.left && spec.precision.is_none();
    let fill = spec.width.saturating_sub(len);
    if !spec.left && !zero_fill {
        out.resize(out.len() + fill, b' ');
    }
    out.extend_from_slice(sign);
    out.extend_from_slice(prefix);
    let zeros = precision_zeros + if zero_fill { fill } else { 0 };
    out.resize(out.len() + zeros, b'0');
    out.extend_from_slice(shown);
    if spec.left {
        out.resize(out.len() + fill, b' ');
    }
}

/// Appends a float conversion (`a A e E f g G`; `F` too, though `format` refuses it).
pub fn write_float(conv: u8, spec: &Spec, x: f64, out: &mut Vec<u8>) {
    printf::write_float(out, x, conv, spec);
}

/// Appends `%s` with width and precision (the caller applies the rules of
/// [`write_string`]).
pub fn write_padded_string(spec: &Spec, s: &[u8], out: &mut Vec<u8>) {
    let shown = match spec.precision {
        Some(p) => s.get(..p).unwrap_or(s),
        None => s,
    };
    pad_into(out, shown, spec);
}

/// `%q` of a string: quoted so that Lua reads it back (`"`, `\`, newline escaped;
/// control bytes as decimal escapes, three digits when a digit follows).
pub fn quote_string(s: &[u8], out: &mut Vec<u8>) {
    out.push(b'"');
    for (i, &c) in s.iter().enumerate() {
        if matches!(c, b'"' | b'\\' | b'\n') {
            out.push(b'\\');
            out.push(c);
        } else if c.is_ascii_control() {
            let next_is_digit = s.get(i + 1).is_some_and(u8::is_ascii_digit);
            let text = if next_is_digit { format!("\\{c:03}") } else { format!("\\{c}") };
            out.extend_from_slice(text.as_bytes());
        } else {
            out.push(c);
        }
    }
    out.push(b'"');
}

/// `%q` of an integer (the minimum integer in hex, as its decimal would read back
/// as a float).
pub fn quote_integer(n: i64, out: &mut Vec<u8>) {
    if n == i64::MIN {
        out.extend_from_slice(b"0x");
        out.extend_from_slice(digits_of(n as u64, 16, false).as_slice());
    } else {
        write_integer(b'd', &Spec::default(), n, out);
    }
}

/// `%q` of a float: hexadecimal (`%a`), or `1e9999`, `-1e9999`, `(0/0)`.
pub fn quote_float(x: f64) -> String {
    if x == f64::INFINITY {
        "1e9999".into()
    } else if x == f64::NEG_INFINITY {
        "-1e9999".into()
    } else if x.is_nan() {
        "(0/0)".into()
    } else {
        printf::format_float(x, b'a', &Spec::default()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests;
