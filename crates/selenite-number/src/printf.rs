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
    let mut out = String::new();
    write_float(&mut out, x, conv, spec).then_some(out)
}

/// Appends `x` formatted with conversion `conv` (one of `a A e E f F g G`); returns
/// false, appending nothing, for any other conversion byte.
pub fn write_float(out: &mut String, x: f64, conv: u8, spec: &Spec) -> bool {
    let upper = conv.is_ascii_uppercase();
    let lower = conv.to_ascii_lowercase();
    if !matches!(lower, b'a' | b'e' | b'f' | b'g') {
        return false;
    }
    let negative = x.is_sign_negative();
    if !x.is_finite() {
        let text = match (x.is_nan(), upper) {
            (true, false) => "nan",
            (true, true) => "NAN",
            (false, false) => "inf",
            (false, true) => "INF",
        };
        pad_field(out, negative, text, spec, None);
        return true;
    }
    let magnitude = x.abs();
    let mut body = String::new();
    let zero_pad_at = match lower {
        b'a' => {
            hex_body(&mut body, magnitude, spec.precision, spec.alt, upper);
            2
        }
        b'e' => {
            sci_body(&mut body, magnitude, spec.precision.unwrap_or(6), spec.alt, upper);
            0
        }
        b'f' => {
            fixed_body(&mut body, magnitude, spec.precision.unwrap_or(6), spec.alt);
            0
        }
        _ => {
            general_body(&mut body, magnitude, spec.precision.unwrap_or(6), spec.alt, upper);
            0
        }
    };
    pad_field(out, negative, &body, spec, Some(zero_pad_at));
    true
}

/// `%.<precision>g` without flags: Lua's number-to-string conversion uses it with 14.
pub fn format_g(x: f64, precision: usize, alt: bool, upper: bool) -> String {
    let spec = Spec { alt, precision: Some(precision), ..Spec::default() };
    let mut out = String::new();
    write_float(&mut out, x, if upper { b'G' } else { b'g' }, &spec);
    out
}

/// Writes sign, padding and body. `zero_pad_at` is where `0` padding goes inside the
/// body (`None`: never zero-pad, as for inf and nan).
fn pad_field(out: &mut String, negative: bool, body: &str, spec: &Spec, zero_pad_at: Option<usize>) {
    let sign = if negative {
        "-"
    } else if spec.plus {
        "+"
    } else if spec.space {
        " "
    } else {
        ""
    };
    let fill = spec.width.saturating_sub(sign.len() + body.len());
    match zero_pad_at {
        _ if fill == 0 => {
            out.push_str(sign);
            out.push_str(body);
        }
        _ if spec.left => {
            out.push_str(sign);
            out.push_str(body);
            push_repeated(out, ' ', fill);
        }
        Some(at) if spec.zero => {
            let (prefix, rest) = body.split_at(at.min(body.len()));
            out.push_str(sign);
            out.push_str(prefix);
            push_repeated(out, '0', fill);
            out.push_str(rest);
        }
        _ => {
            push_repeated(out, ' ', fill);
            out.push_str(sign);
            out.push_str(body);
        }
    }
}

fn push_repeated(out: &mut String, c: char, n: usize) {
    out.extend(std::iter::repeat_n(c, n));
}

/// Exact scientific digits of a finite non-negative `x` rounded to `precision`
/// decimals: the mantissa text (`d.ddd`) and the decimal exponent.
fn sci_digits(x: f64, precision: usize) -> (String, i32) {
    if let Some(fast) = sci_digits_from_shortest(x, precision) {
        return fast;
    }
    let text = format!("{x:.precision$e}");
    match text.split_once('e') {
        Some((mantissa, exponent)) => (mantissa.to_string(), exponent.parse().unwrap_or(0)),
        None => (text, 0),
    }
}

/// Most significant digits for which the shortest round-trip digits of a normal
/// double, padded with zeros, are its correctly rounded digits: a double is
/// precise to better than half a unit in the 15th digit, so if its shortest form
/// has no more digits than asked for, no other rounding can be closer.
const SHORTEST_IS_ROUNDED_UP_TO: usize = 15;

/// [`sci_digits`] from the (much cheaper) shortest representation, when that is
/// the correctly rounded answer; `None` otherwise.
fn sci_digits_from_shortest(x: f64, precision: usize) -> Option<(String, i32)> {
    if precision >= SHORTEST_IS_ROUNDED_UP_TO || (x != 0.0 && x < f64::MIN_POSITIVE) {
        return None;
    }
    let shortest = format!("{x:e}");
    let (mantissa, exponent) = shortest.split_once('e')?;
    let digits = mantissa.len() - usize::from(mantissa.contains('.'));
    if digits > precision + 1 {
        return None;
    }
    let mut padded = String::with_capacity(precision + 2);
    padded.push_str(mantissa);
    if precision > 0 && digits == 1 {
        padded.push('.');
    }
    push_repeated(&mut padded, '0', precision + 1 - digits);
    Some((padded, exponent.parse().ok()?))
}

fn push_exponent(out: &mut String, exponent: i32, upper: bool) {
    out.push(if upper { 'E' } else { 'e' });
    out.push(if exponent < 0 { '-' } else { '+' });
    // The two-digit minimum is C's rule for decimal exponents.
    let _ = write!(out, "{:02}", exponent.unsigned_abs());
}

fn sci_body(out: &mut String, x: f64, precision: usize, alt: bool, upper: bool) {
    let (mantissa, exponent) = sci_digits(x, precision);
    out.push_str(&mantissa);
    if precision == 0 && alt {
        out.push('.');
    }
    push_exponent(out, exponent, upper);
}

fn fixed_body(out: &mut String, x: f64, precision: usize, alt: bool) {
    let _ = write!(out, "{x:.precision$}");
    if precision == 0 && alt {
        out.push('.');
    }
}

/// `%g`: the style of `%e` or `%f` chosen by the exponent after rounding to
/// `precision` significant digits, trailing zeros removed unless `alt`. Both styles
/// show the same rounded digits, so the fixed style is laid out from the scientific
/// digits instead of being formatted again.
fn general_body(out: &mut String, x: f64, precision: usize, alt: bool, upper: bool) {
    let significant = precision.max(1);
    let (mantissa, exponent) = sci_digits(x, significant - 1);
    let significant_i32 = i32::try_from(significant).unwrap_or(i32::MAX);
    let start = out.len();
    if exponent < significant_i32 && exponent >= -4 {
        let digits = mantissa.replace('.', "");
        if exponent >= 0 {
            let (integral, fraction) = digits.split_at((exponent as usize + 1).min(digits.len()));
            out.push_str(integral);
            out.push('.');
            out.push_str(fraction);
        } else {
            out.push_str("0.");
            push_repeated(out, '0', (-exponent - 1) as usize);
            out.push_str(&digits);
        }
        if !alt {
            strip_fraction_zeros(out, start);
        }
    } else if alt && exponent == significant_i32 && exact_exponent(x) == exponent - 1 {
        // glibc chose the fixed style before rounding carried into a new digit, then
        // switched to exponent form keeping the fixed style's zero fraction digits.
        out.push_str("1.");
        push_exponent(out, exponent, upper);
    } else {
        out.push_str(&mantissa);
        if alt {
            if significant == 1 {
                out.push('.');
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
    sci_digits(x, 767).1
}

/// Removes trailing zeros of a fraction written from `start` on, and the point if no
/// fraction digit remains.
fn strip_fraction_zeros(out: &mut String, start: usize) {
    if out[start..].contains('.') {
        let kept = out.trim_end_matches('0').trim_end_matches('.').len();
        out.truncate(kept);
    }
}

/// Number of hex digits in the fraction of a double.
const HEX_FRACTION_DIGITS: usize = 13;

/// `%a` of a finite non-negative `x`: `0x1.8p+1`; subnormals as `0x0.<digits>p-1022`.
fn hex_body(out: &mut String, x: f64, precision: Option<usize>, alt: bool, upper: bool) {
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
    let _ = write!(out, "0x{lead}");
    let wanted = precision.unwrap_or(shown);
    if wanted > 0 || alt {
        out.push('.');
    }
    if shown > 0 {
        let _ = write!(out, "{digits:0shown$x}");
    }
    push_repeated(out, '0', wanted.saturating_sub(shown));
    let _ = write!(out, "p{}{}", if exponent < 0 { '-' } else { '+' }, exponent.unsigned_abs());
    if upper {
        out[start..].make_ascii_uppercase();
    }
}
