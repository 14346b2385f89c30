//! Lua 5.4's numeric semantics, shared by the lexer, the compiler's constant folding
//! and the VM so that all three agree with each other and with the reference.
//!
//! Owns: string-to-number conversion (`luaO_str2num` rules), number-to-string
//! conversion (`%.14g`, plus `.0` for integral floats), integer/float arithmetic with
//! Lua's rounding and wrap-around rules, exact integer/float comparisons, and a C
//! `printf` engine for floats (`printf` module). Invariant: nothing here panics on any
//! input; integer arithmetic wraps; division by zero on integers is reported as `None`.
#![forbid(unsafe_code)]

pub mod printf;

/// A Lua number: the two subtypes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    Int(i64),
    Float(f64),
}

/// C's `isspace` in the "C" locale.
#[inline]
pub fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
}

fn trim(s: &[u8]) -> &[u8] {
    let start = s.iter().position(|&c| !is_space(c)).unwrap_or(s.len());
    let end = s.iter().rposition(|&c| !is_space(c)).map_or(start, |e| e + 1);
    &s[start..end.max(start)]
}

fn hex_value(c: u8) -> Option<u32> {
    (c as char).to_digit(16)
}

/// Lua's string-to-number conversion: optional surrounding whitespace, optional
/// sign, decimal integers (that overflow into floats), hexadecimal integers (that
/// wrap around), decimal and hexadecimal floats. `inf`/`nan` are not numerals.
pub fn str_to_number(s: &[u8]) -> Option<Number> {
    if s.contains(&0) {
        return None;
    }
    let t = trim(s);
    if let Some(i) = str_to_int(t) {
        return Some(Number::Int(i));
    }
    str_to_float(t).map(Number::Float)
}

/// The integer reading of a trimmed numeral, if it is one that fits.
fn str_to_int(t: &[u8]) -> Option<i64> {
    let (neg, digits) = split_sign(t);
    let mut a: u64 = 0;
    if digits.len() > 2 && digits[0] == b'0' && (digits[1] | 0x20) == b'x' {
        let hex = &digits[2..];
        if hex.is_empty() {
            return None;
        }
        for &c in hex {
            a = a.wrapping_mul(16).wrapping_add(hex_value(c)? as u64);
        }
    } else {
        if digits.is_empty() {
            return None;
        }
        const MAX_BY_10: u64 = (i64::MAX / 10) as u64;
        const MAX_LAST_DIGIT: u64 = (i64::MAX % 10) as u64;
        for &c in digits {
            if !c.is_ascii_digit() {
                return None;
            }
            let d = (c - b'0') as u64;
            if a >= MAX_BY_10 && (a > MAX_BY_10 || d > MAX_LAST_DIGIT + neg as u64) {
                return None;
            }
            a = a * 10 + d;
        }
    }
    Some(if neg { 0u64.wrapping_sub(a) as i64 } else { a as i64 })
}

fn split_sign(t: &[u8]) -> (bool, &[u8]) {
    match t.first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    }
}

/// The float reading of a trimmed numeral (C's `strtod` without inf/nan).
fn str_to_float(t: &[u8]) -> Option<f64> {
    if t.iter().any(|&c| c == b'n' || c == b'N') {
        return None;
    }
    let (neg, body) = split_sign(t);
    let v = if body.len() >= 2 && body[0] == b'0' && (body[1] | 0x20) == b'x' {
        parse_hex_float(&body[2..])?
    } else {
        parse_dec_float(body)?
    };
    Some(if neg { -v } else { v })
}

fn parse_dec_float(b: &[u8]) -> Option<f64> {
    // Validate the C syntax: digits [. digits] [e [sign] digits], at least one digit.
    let mut i = 0;
    let mut digits = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
        digits += 1;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
            digits += 1;
        }
    }
    if digits == 0 {
        return None;
    }
    if i < b.len() && (b[i] | 0x20) == b'e' {
        let mut j = i + 1;
        if j < b.len() && (b[j] == b'+' || b[j] == b'-') {
            j += 1;
        }
        let start = j;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        if j == start {
            return None;
        }
        i = j;
    }
    if i != b.len() {
        return None;
    }
    std::str::from_utf8(b).ok()?.parse::<f64>().ok()
}

/// Hexadecimal float: hex digits with an optional point, optional `p` exponent.
fn parse_hex_float(b: &[u8]) -> Option<f64> {
    let mut mantissa: u64 = 0;
    let mut exp: i64 = 0;
    let mut any_digit = false;
    let mut sticky = false;
    let mut i = 0;
    let mut seen_point = false;
    while i < b.len() {
        let c = b[i];
        if c == b'.' {
            if seen_point {
                return None;
            }
            seen_point = true;
        } else if let Some(d) = hex_value(c) {
            any_digit = true;
            if mantissa >> 60 == 0 {
                mantissa = mantissa * 16 + d as u64;
                if seen_point {
                    exp -= 4;
                }
            } else {
                // Too many significant digits: keep the scale, remember lost bits.
                sticky |= d != 0;
                if !seen_point {
                    exp += 4;
                }
            }
        } else {
            break;
        }
        i += 1;
    }
    if !any_digit {
        return None;
    }
    if i < b.len() && (b[i] | 0x20) == b'p' {
        let (neg, rest) = split_sign(&b[i + 1..]);
        if rest.is_empty() || !rest.iter().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let mut e: i64 = 0;
        for &c in rest {
            e = (e * 10 + (c - b'0') as i64).min(1 << 20);
        }
        exp += if neg { -e } else { e };
    } else if i != b.len() {
        return None;
    }
    if mantissa == 0 {
        return Some(0.0);
    }
    if sticky {
        mantissa |= 1;
    }
    Some(scale_by_power_of_two(mantissa, exp))
}

/// `m * 2^e` correctly rounded (to nearest even) for a 64-bit mantissa.
fn scale_by_power_of_two(m: u64, e: i64) -> f64 {
    // Normalise so the top bit is set, then round to the precision available at the
    // target exponent (53 bits, fewer for subnormals).
    let lz = m.leading_zeros() as i64;
    let m = m << lz;
    let e = e - lz; // value = m * 2^e, m in [2^63, 2^64)
    let top_exp = e + 63; // value in [2^top_exp, 2^(top_exp+1))
    if top_exp > 1023 {
        return f64::INFINITY;
    }
    let keep_bits = if top_exp >= -1022 { 53 } else { 53 - (-1022 - top_exp) };
    if keep_bits <= 0 {
        // Below half the smallest subnormal (or exactly representable rounding).
        if keep_bits == 0 && m > (1u64 << 63) {
            return f64::from_bits(1);
        }
        return 0.0;
    }
    let drop = 64 - keep_bits as u32;
    let mut kept = m >> drop;
    let rest = m & ((1u64 << drop) - 1);
    let half = 1u64 << (drop - 1);
    if rest > half || (rest == half && kept & 1 == 1) {
        kept += 1;
    }
    let unit_exp = e + drop as i64;
    // `kept` has at most 54 bits and `unit_exp` is within range: exact scaling in two
    // steps avoids overflow of intermediate powers.
    let v = kept as f64;
    let half_exp = unit_exp / 2;
    v * 2f64.powi(half_exp as i32) * 2f64.powi((unit_exp - half_exp) as i32)
}

/// `tonumber(s, base)`: an integer in base 2..=36, with optional whitespace and sign;
/// wraps around on overflow as the reference does.
pub fn str_to_int_base(s: &[u8], base: u32) -> Option<i64> {
    if s.contains(&0) {
        return None;
    }
    let t = trim(s);
    let (neg, digits) = split_sign(t);
    if digits.is_empty() {
        return None;
    }
    let mut n: i64 = 0;
    for &c in digits {
        let d = (c as char).to_digit(36)?;
        if d >= base {
            return None;
        }
        n = n.wrapping_mul(base as i64).wrapping_add(d as i64);
    }
    Some(if neg { n.wrapping_neg() } else { n })
}

/// Appends the text Lua prints for a number (`tostring`, `print`, `..`).
pub fn write_number(n: Number, out: &mut Vec<u8>) {
    match n {
        Number::Int(i) => write_int(i, out),
        Number::Float(f) => write_float(f, out),
    }
}

/// Appends an integer in decimal without going through an intermediate string: this
/// is the hot path of `tostring` and concatenation.
fn write_int(i: i64, out: &mut Vec<u8>) {
    if i < 0 {
        out.push(b'-');
    }
    push_unsigned(out, i.unsigned_abs());
}

/// Appends `n` in decimal, digits built on the stack.
pub(crate) fn push_unsigned(out: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

/// A float as Lua prints it: `%.14g`, plus `.0` if that looks like an integer.
pub fn fmt_float(x: f64) -> String {
    let mut out = Vec::with_capacity(24);
    write_float(x, &mut out);
    out.into_iter().map(char::from).collect()
}

/// Significant digits of Lua's number format (`LUAI_NUMFFORMAT` is `%.14g`).
const LUA_FLOAT_DIGITS: usize = 14;

/// Appends `%.14g` of `x`, plus `.0` if that looks like an integer. This is
/// `printf::format_g` specialised for the hot path of `tostring`: digits are cut in
/// a stack buffer and laid out directly, with no intermediate strings.
fn write_float(x: f64, out: &mut Vec<u8>) {
    if !x.is_finite() {
        let sign = if x.is_sign_negative() { "-" } else { "" };
        let name = if x.is_nan() { "nan" } else { "inf" };
        out.extend_from_slice(sign.as_bytes());
        out.extend_from_slice(name.as_bytes());
        return;
    }
    if x.is_sign_negative() {
        out.push(b'-');
    }
    let mut digits = DigitBuffer::new();
    let exponent = digits.fill(x.abs());
    let significant = digits.significant();
    if (-4..LUA_FLOAT_DIGITS as i32).contains(&exponent) {
        if exponent < 0 {
            out.extend_from_slice(b"0.");
            out.resize(out.len() + (-exponent - 1) as usize, b'0');
            out.extend_from_slice(significant);
        } else {
            let integral = exponent as usize + 1;
            match significant.split_at_checked(integral) {
                Some((head, tail)) if !tail.is_empty() => {
                    out.extend_from_slice(head);
                    out.push(b'.');
                    out.extend_from_slice(tail);
                }
                _ => {
                    out.extend_from_slice(significant);
                    out.resize(out.len() + integral.saturating_sub(significant.len()), b'0');
                    out.extend_from_slice(b".0");
                }
            }
        }
    } else {
        let (first, rest) = significant.split_at(1);
        out.extend_from_slice(first);
        if !rest.is_empty() {
            out.push(b'.');
            out.extend_from_slice(rest);
        }
        out.push(b'e');
        out.push(if exponent < 0 { b'-' } else { b'+' });
        if exponent.unsigned_abs() < 10 {
            out.push(b'0');
        }
        write_int(i64::from(exponent.unsigned_abs()), out);
    }
}

/// The decimal digits of a float rounded to 14 significant digits, kept on the stack.
struct DigitBuffer {
    text: [u8; 40],
    len: usize,
    digits: [u8; LUA_FLOAT_DIGITS],
    count: usize,
}

impl std::fmt::Write for DigitBuffer {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        self.text.get_mut(self.len..end).ok_or(std::fmt::Error)?.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

impl DigitBuffer {
    fn new() -> DigitBuffer {
        DigitBuffer { text: [0; 40], len: 0, digits: [0; LUA_FLOAT_DIGITS], count: 0 }
    }

    /// Fills in the digits of a finite non-negative `x`, returning its decimal
    /// exponent. The shortest round-trip digits are the correctly rounded ones when
    /// there are 14 or fewer of them (a normal double is precise to better than half
    /// a unit in the 15th digit); otherwise the digits are rounded exactly.
    fn fill(&mut self, x: f64) -> i32 {
        use std::fmt::Write as _;
        if x == 0.0 || x >= f64::MIN_POSITIVE {
            self.len = 0;
            if write!(self, "{x:e}").is_ok() && self.take_digits() <= LUA_FLOAT_DIGITS {
                return self.exponent();
            }
        }
        self.len = 0;
        let _ = write!(self, "{x:.13e}");
        self.take_digits();
        self.exponent()
    }

    /// Copies the mantissa digits (up to 14) out of the text; returns how many
    /// there were in all.
    fn take_digits(&mut self) -> usize {
        let mantissa = self.text[..self.len].split(|&c| c == b'e').next().unwrap_or_default();
        let mut total = 0;
        for &c in mantissa.iter().filter(|c| c.is_ascii_digit()) {
            if let Some(slot) = self.digits.get_mut(total) {
                *slot = c;
            }
            total += 1;
        }
        self.count = total.min(LUA_FLOAT_DIGITS);
        total
    }

    fn exponent(&self) -> i32 {
        let text = &self.text[..self.len];
        let at = text.iter().position(|&c| c == b'e').map_or(text.len(), |e| e + 1);
        std::str::from_utf8(&text[at..]).ok().and_then(|e| e.parse().ok()).unwrap_or(0)
    }

    /// The digits without trailing zeros (at least one digit).
    fn significant(&self) -> &[u8] {
        let digits = &self.digits[..self.count];
        match digits.iter().rposition(|&d| d != b'0') {
            Some(last) => &digits[..=last],
            None => b"0",
        }
    }
}

/// An integer as Lua prints it.
pub fn fmt_int(x: i64) -> String {
    let mut out = Vec::with_capacity(20);
    write_int(x, &mut out);
    out.into_iter().map(char::from).collect()
}

/// 2^63 as a float: the first float above the integer range.
const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;

/// The integer with exactly the value of `f`, if there is one.
#[inline]
pub fn float_to_int_exact(f: f64) -> Option<i64> {
    if f.floor() == f && (-TWO_POW_63..TWO_POW_63).contains(&f) {
        Some(f as i64)
    } else {
        None
    }
}

/// `floor(f)` as an integer, if in range.
pub fn float_to_int_floor(f: f64) -> Option<i64> {
    float_to_int_exact(f.floor())
}

/// `ceil(f)` as an integer, if in range.
pub fn float_to_int_ceil(f: f64) -> Option<i64> {
    float_to_int_exact(f.ceil())
}

/// Integer floor division; `None` when dividing by zero.
#[inline]
pub fn int_floor_div(a: i64, b: i64) -> Option<i64> {
    if b == 0 {
        return None;
    }
    if b == -1 {
        return Some(a.wrapping_neg());
    }
    let q = a / b;
    Some(if (a % b != 0) && ((a ^ b) < 0) { q - 1 } else { q })
}

/// Integer modulo with the sign of the divisor; `None` when dividing by zero.
#[inline]
pub fn int_mod(a: i64, b: i64) -> Option<i64> {
    if b == 0 {
        return None;
    }
    if b == -1 {
        return Some(0);
    }
    let r = a % b;
    Some(if r != 0 && (r ^ b) < 0 { r + b } else { r })
}

/// Float floor division.
#[inline]
pub fn float_floor_div(a: f64, b: f64) -> f64 {
    (a / b).floor()
}

/// Float modulo as Lua defines it: C's `fmod`, then moved to the divisor's sign.
#[inline]
pub fn float_mod(a: f64, b: f64) -> f64 {
    let m = a % b;
    if (m > 0.0 && b < 0.0) || (m < 0.0 && b > 0.0) {
        m + b
    } else {
        m
    }
}

/// Exponentiation (`b == 2` is a multiplication, as the reference computes it).
#[inline]
pub fn float_pow(a: f64, b: f64) -> f64 {
    if b == 2.0 {
        a * a
    } else {
        a.powf(b)
    }
}

/// Logical shift left by `b` (right for negative `b`); shifts of 64 or more give 0
/// (`luaV_shiftl`).
#[inline]
pub fn shift_left(a: i64, b: i64) -> i64 {
    if b <= -64 || b >= 64 {
        0
    } else if b >= 0 {
        ((a as u64) << b) as i64
    } else {
        ((a as u64) >> (-b)) as i64
    }
}

/// Logical shift right by `b` (left for negative `b`), as `a >> b` in Lua.
#[inline]
pub fn shift_right(a: i64, b: i64) -> i64 {
    shift_left(a, b.wrapping_neg())
}

/// `i < f` exactly.
pub fn int_lt_float(i: i64, f: f64) -> bool {
    if f.is_nan() {
        return false;
    }
    if f >= TWO_POW_63 {
        return true;
    }
    if f > -TWO_POW_63 {
        // `i < f` iff `i < ceil(f)`, and ceil(f) is in range here.
        return i < f.ceil() as i64;
    }
    false
}

/// `i <= f` exactly.
pub fn int_le_float(i: i64, f: f64) -> bool {
    if f.is_nan() {
        return false;
    }
    if f >= TWO_POW_63 {
        return true;
    }
    if f >= -TWO_POW_63 {
        return i <= f.floor() as i64;
    }
    false
}

/// `f < i` exactly.
pub fn float_lt_int(f: f64, i: i64) -> bool {
    if f.is_nan() {
        return false;
    }
    if f >= TWO_POW_63 {
        return false;
    }
    if f >= -TWO_POW_63 {
        return (f.floor() as i64) < i;
    }
    true
}

/// `f <= i` exactly.
pub fn float_le_int(f: f64, i: i64) -> bool {
    if f.is_nan() {
        return false;
    }
    if f >= TWO_POW_63 {
        return false;
    }
    if f > -TWO_POW_63 {
        return (f.ceil() as i64) <= i;
    }
    true
}

/// `i == f` exactly.
pub fn int_eq_float(i: i64, f: f64) -> bool {
    float_to_int_exact(f) == Some(i)
}

#[cfg(test)]
mod tests;
