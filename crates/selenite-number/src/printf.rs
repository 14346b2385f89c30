//! C `printf` conversions for floats (`%e %f %g %a` and their upper-case forms), byte
//! for byte as glibc prints them, flags, width and precision included.
//!
//! Decimal digits always come from Rust's exact, correctly rounded float formatting
//! (`{:.N}` and `{:.Ne}` round the exact binary value half-to-even, as glibc does in
//! the default rounding mode); this module only arranges them the way C does. Hex
//! digits (`%a`) are cut from the bits directly. Special values print as `inf`,
//! `-inf`, `nan` and `-nan` (a NaN with its sign bit set), never zero-padded. One glibc
//! quirk is reproduced on purpose: `%#g` whose rounding carries into a new digit and so
//! switches to exponent form prints no fraction digits (`%#g` of 999999.5 is `1.e+06`).

use std::fmt::Write as _;

/// Flags, width and precision of a conversion.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Spec {
    /// `-`: left-justify within the width.
    pub left: bool,
    /// `+`: always print a sign.
    pub plus: bool,
    /// ` `: a space where a plus sign would go.
    pub space: bool,
    /// `#`: alternate form (always a point; `%g` keeps trailing zeros).
    pub alt: bool,
    /// `0`: pad with zeros after the sign (and after `0x` for `%a`).
    pub zero: bool,
    /// Minimum field width.
    pub width: usize,
    /// `None`: the conversion's default.
    pub precision: Option<usize>,
}

/// Formats `x` with conversion `conv` (one of `a A e E f F g G`); `None` for any other
/// conversion byte.
pub fn format_float(x: f64, conv: u8, spec: &Spec) -> Option<String> {
    let mut out = Vec::new();
    // Every byte written is ASCII, so the lossy conversion never replaces anything.
    write_float(&mut out, x, conv, spec).then(|| String::from_utf8_lossy(&out).into_owned())
}

/// Appends `x` formatted with conversion `conv` (one of `a A e E f F g G`); returns
/// false, appending nothing, for any other conversion byte. The text is laid out in
/// `out` itself (digits first, padding inserted afterwards), so nothing is allocated
/// beyond `out`'s own growth.
pub fn write_float(out: &mut Vec<u8>, x: f64, conv: u8, spec: &Spec) -> bool {
    let upper = conv.is_ascii_uppercase();
    let lower = conv.to_ascii_lowercase();
    if !matches!(lower, b'a' | b'e' | b'f' | b'g') {
        return false;
    }
    let field_start = out.len();
    out.extend_from_slice(sign_of(x.is_sign_negative(), spec));
    let body_start = out.len();
    if !x.is_finite() {
        let text: &[u8] = match (x.is_nan(), upper) {
            (true, false) => b"nan",
            (true, true) => b"NAN",
            (false, false) => b"inf",
            (false, true) => b"INF",
        };
        out.extend_from_slice(text);
        pad_field(out, field_start, body_start, spec, None);
        return true;
    }
    let magnitude = x.abs();
    let zero_pad_at = match lower {
        b'a' => {
            hex_body(out, magnitude, spec.precision, spec.alt, upper);
            2
        }
        b'e' => {
            sci_body(out, magnitude, spec.precision.unwrap_or(6), spec.alt, upper);
            0
        }
        b'f' => {
            fixed_body(out, magnitude, spec.precision.unwrap_or(6), spec.alt);
            0
        }
        _ => {
            general_body(out, magnitude, spec.precision.unwrap_or(6), spec.alt, upper);
            0
        }
    };
    pad_field(out, field_start, body_start, spec, Some(zero_pad_at));
    true
}

/// `%.<precision>g` without flags: Lua's number-to-string conversion uses it with 14.
pub fn format_g(x: f64, precision: usize, alt: bool, upper: bool) -> Vec<u8> {
    let spec = Spec { alt, precision: Some(precision), ..Spec::default() };
    let mut out = Vec::new();
    write_float(&mut out, x, if upper { b'G' } else { b'g' }, &spec);
    out
}

fn sign_of(negative: bool, spec: &Spec) -> &'static [u8] {
    if negative {
        b"-"
    } else if spec.plus {
        b"+"
    } else if spec.space {
        b" "
    } else {
        b""
    }
}

/// Pads the field written from `field_start` on (sign, then the body from
/// `body_start`) to the width. `zero_pad_at` is where `0` padding goes inside the
/// body (`None`: never zero-pad, as for inf and nan).
fn pad_field(out: &mut Vec<u8>, field_start: usize, body_start: usize, spec: &Spec, zero_pad_at: Option<usize>) {
    let fill = spec.width.saturating_sub(out.len() - field_start);
    match zero_pad_at {
        _ if fill == 0 => {}
        _ if spec.left => out.resize(out.len() + fill, b' '),
        Some(at) if spec.zero => insert_repeated(out, (body_start + at).min(out.len()), b'0', fill),
        _ => insert_repeated(out, field_start, b' ', fill),
    }
}

/// Inserts `n` copies of `byte` at `at` (at most `out.len()`).
fn insert_repeated(out: &mut Vec<u8>, at: usize, byte: u8, n: usize) {
    out.splice(at..at, std::iter::repeat_n(byte, n));
}

/// Lets `write!` append to a byte buffer (float digits come from `core::fmt`).
struct ByteSink<'a>(&'a mut Vec<u8>);

impl std::fmt::Write for ByteSink<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

/// Appends the exact scientific mantissa (`d.ddd`) of a finite non-negative `x`
/// rounded to `precision` decimals, and returns its decimal exponent.
fn push_sci_digits(out: &mut Vec<u8>, x: f64, precision: usize) -> i32 {
    if let Some(exponent) = push_sci_digits_from_shortest(out, x, precision) {
        return exponent;
    }
    let start = out.len();
    let _ = write!(ByteSink(out), "{x:.precision$e}");
    take_exponent(out, start)
}

/// Removes the `e<exponent>` that `{:e}` wrote after `start` and returns the exponent.
fn take_exponent(out: &mut Vec<u8>, start: usize) -> i32 {
    let Some(e_at) = out.get(start..).and_then(|text| text.iter().position(|&c| c == b'e')) else {
        return 0;
    };
    let e_at = start + e_at;
    let exponent = std::str::from_utf8(out.get(e_at + 1..).unwrap_or_default())
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(0);
    out.truncate(e_at);
    exponent
}

/// Most significant digits for which the shortest round-trip digits of a normal
/// double, padded with zeros, are its correctly rounded digits: a double is
/// precise to better than half a unit in the 15th digit, so if its shortest form
/// has no more digits than asked for, no other rounding can be closer.
const SHORTEST_IS_ROUNDED_UP_TO: usize = 15;

/// [`push_sci_digits`] from the (much cheaper) shortest representation, when that
/// is the correctly rounded answer; `None`, appending nothing, otherwise.
fn push_sci_digits_from_shortest(out: &mut Vec<u8>, x: f64, precision: usize) -> Option<i32> {
    if precision >= SHORTEST_IS_ROUNDED_UP_TO || (x != 0.0 && x < f64::MIN_POSITIVE) {
        return None;
    }
    let start = out.len();
    let _ = write!(ByteSink(out), "{x:e}");
    let exponent = take_exponent(out, start);
    let mantissa = out.get(start..).unwrap_or_default();
    let has_point = mantissa.contains(&b'.');
    let digits = mantissa.len() - usize::from(has_point);
    if digits > precision + 1 {
        out.truncate(start);
        return None;
    }
    if precision > 0 && !has_point {
        out.push(b'.');
    }
    out.resize(out.len() + (precision + 1 - digits), b'0');
    Some(exponent)
}

fn push_exponent(out: &mut Vec<u8>, exponent: i32, upper: bool) {
    out.push(if upper { b'E' } else { b'e' });
    out.push(if exponent < 0 { b'-' } else { b'+' });
    // The two-digit minimum is C's rule for decimal exponents.
    let magnitude = exponent.unsigned_abs();
    if magnitude < 10 {
        out.push(b'0');
    }
    crate::push_unsigned(out, u64::from(magnitude));
}

fn sci_body(out: &mut Vec<u8>, x: f64, precision: usize, alt: bool, upper: bool) {
    let exponent = push_sci_digits(out, x, precision);
    if precision == 0 && alt {
        out.push(b'.');
    }
    push_exponent(out, exponent, upper);
}

fn fixed_body(out: &mut Vec<u8>, x: f64, precision: usize, alt: bool) {
    let _ = write!(ByteSink(out), "{x:.precision$}");
    if precision == 0 && alt {
        out.push(b'.');
    }
}

/// `%g`: the style of `%e` or `%f` chosen by the exponent after rounding to
/// `precision` significant digits, trailing zeros removed unless `alt`. Both styles
/// show the same rounded digits, so the fixed style is laid out from the scientific
/// digits (moving the point in place) instead of being formatted again.
fn general_body(out: &mut Vec<u8>, x: f64, precision: usize, alt: bool, upper: bool) {
    let significant = precision.max(1);
    let start = out.len();
    let exponent = push_sci_digits(out, x, significant - 1);
    let significant_i32 = i32::try_from(significant).unwrap_or(i32::MAX);
    if exponent < significant_i32 && exponent >= -4 {
        // The mantissa is `d` or `d.ddd`: take the point out, leaving the digits.
        if out.get(start + 1) == Some(&b'.') {
            out.remove(start + 1);
        }
        if exponent >= 0 {
            let point_at = (start + exponent as usize + 1).min(out.len());
            out.insert(point_at, b'.');
        } else {
            let leading_zeros = (-exponent - 1) as usize;
            out.splice(start..start, b"0.".iter().copied().chain(std::iter::repeat_n(b'0', leading_zeros)));
        }
        if !alt {
            strip_fraction_zeros(out, start);
        }
    } else if alt && exponent == significant_i32 && exact_exponent(x) == exponent - 1 {
        // glibc chose the fixed style before rounding carried into a new digit, then
        // switched to exponent form keeping the fixed style's zero fraction digits.
        out.truncate(start);
        out.extend_from_slice(b"1.");
        push_exponent(out, exponent, upper);
    } else {
        if alt {
            if significant == 1 {
                out.push(b'.');
            }
        } else {
            strip_fraction_zeros(out, start);
        }
        push_exponent(out, exponent, upper);
    }
}

/// The decimal exponent of a positive `x` before any rounding: 767 decimals are
/// enough to write every double exactly, so no carry can change it.
fn exact_exponent(x: f64) -> i32 {
    push_sci_digits(&mut Vec::new(), x, 767)
}

/// Removes trailing zeros of a fraction written from `start` on, and the point if no
/// fraction digit remains.
fn strip_fraction_zeros(out: &mut Vec<u8>, start: usize) {
    let written = out.get(start..).unwrap_or_default();
    if written.contains(&b'.') {
        let kept = written.iter().rposition(|&c| c != b'0').map_or(0, |last| last + usize::from(written[last] != b'.'));
        out.truncate(start + kept);
    }
}

/// Number of hex digits in the fraction of a double.
const HEX_FRACTION_DIGITS: usize = 13;

/// `%a` of a finite non-negative `x`: `0x1.8p+1`; subnormals as `0x0.<digits>p-1022`.
fn hex_body(out: &mut Vec<u8>, x: f64, precision: Option<usize>, alt: bool, upper: bool) {
    let bits = x.to_bits();
    let biased_exponent = (bits >> 52) as i32;
    let fraction = bits & ((1u64 << 52) - 1);
    let (mut lead, exponent) = match (biased_exponent, fraction) {
        (0, 0) => (0u64, 0),
        (0, _) => (0, -1022),
        _ => (1, biased_exponent - 1023),
    };
    let (digits, shown) = match precision {
        Some(p) if p < HEX_FRACTION_DIGITS => {
            let dropped_bits = (HEX_FRACTION_DIGITS - p) * 4;
            let mut kept = fraction >> dropped_bits;
            let rest = fraction & ((1u64 << dropped_bits) - 1);
            let half = 1u64 << (dropped_bits - 1);
            let last_is_odd = if p == 0 { lead & 1 == 1 } else { kept & 1 == 1 };
            if rest > half || (rest == half && last_is_odd) {
                kept += 1;
                if kept >> (p * 4) != 0 {
                    // Carry out of the fraction into the leading digit (`0x2.00p+0`).
                    kept = 0;
                    lead += 1;
                }
            }
            (kept, p)
        }
        Some(_) => (fraction, HEX_FRACTION_DIGITS),
        None => {
            let mut kept = fraction;
            let mut shown = HEX_FRACTION_DIGITS;
            while shown > 0 && kept & 0xf == 0 {
                kept >>= 4;
                shown -= 1;
            }
            (kept, shown)
        }
    };
    let start = out.len();
    let _ = write!(ByteSink(out), "0x{lead}");
    let wanted = precision.unwrap_or(shown);
    if wanted > 0 || alt {
        out.push(b'.');
    }
    if shown > 0 {
        let _ = write!(ByteSink(out), "{digits:0shown$x}");
    }
    out.resize(out.len() + wanted.saturating_sub(shown), b'0');
    out.push(b'p');
    out.push(if exponent < 0 { b'-' } else { b'+' });
    crate::push_unsigned(out, u64::from(exponent.unsigned_abs()));
    if upper {
        out[start..].make_ascii_uppercase();
    }
}
