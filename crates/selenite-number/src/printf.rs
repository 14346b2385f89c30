//! C `printf` conversions for floats (`%e %f %g %a` and their upper-case forms), byte
//! for byte as glibc prints them. Digits come from Rust's exact, correctly rounded
//! float formatting; this module only arranges them the way C does.
//!
//! Special values: infinities print as `inf`/`-inf` and NaN as `nan`, or `-nan` when
//! its sign bit is set (glibc's behaviour); `0` padding is not applied to them.

/// Flags and width of a conversion.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Spec {
    /// `-`: left-justify.
    pub left: bool,
    /// `+`: always print a sign.
    pub plus: bool,
    /// ` `: a space where a plus sign would go.
    pub space: bool,
    /// `#`: alternate form.
    pub alt: bool,
    /// `0`: pad with zeros after the sign.
    pub zero: bool,
    pub width: usize,
    /// `None`: the conversion's default.
    pub precision: Option<usize>,
}

fn special(x: f64, upper: bool) -> Option<&'static str> {
    let s = if x.is_nan() {
        if x.is_sign_negative() {
            "-nan"
        } else {
            "nan"
        }
    } else if x.is_infinite() {
        if x < 0.0 {
            "-inf"
        } else {
            "inf"
        }
    } else {
        return None;
    };
    Some(if upper {
        match s {
            "-nan" => "-NAN",
            "nan" => "NAN",
            "-inf" => "-INF",
            _ => "INF",
        }
    } else {
        s
    })
}

/// Scientific digits of |x| rounded to `prec` decimals: (mantissa digits, exponent).
fn sci_parts(x: f64, prec: usize) -> (String, i32) {
    let s = format!("{:.*e}", prec, x.abs());
    match s.split_once('e') {
        Some((m, e)) => (m.to_string(), e.parse().unwrap_or(0)),
        None => (s, 0),
    }
}

fn exponent_text(e: i32, upper: bool) -> String {
    let sign = if e < 0 { '-' } else { '+' };
    format!("{}{}{:02}", if upper { 'E' } else { 'e' }, sign, e.unsigned_abs())
}

/// `%.<prec>e` of |x| without sign.
fn body_e(x: f64, prec: usize, alt: bool, upper: bool) -> String {
    let (mut m, e) = sci_parts(x, prec);
    if prec == 0 && alt {
        m.push('.');
    }
    m + &exponent_text(e, upper)
}

/// `%.<prec>f` of |x| without sign.
fn body_f(x: f64, prec: usize, alt: bool) -> String {
    let mut s = format!("{:.*}", prec, x.abs());
    if prec == 0 && alt {
        s.push('.');
    }
    s
}

/// `%.<prec>g` of |x| without sign.
fn body_g(x: f64, prec: usize, alt: bool, upper: bool) -> String {
    let p = if prec == 0 { 1 } else { prec };
    let exp = if x == 0.0 { 0 } else { sci_parts(x, p - 1).1 };
    let mut s = if exp < p as i32 && exp >= -4 {
        body_f(x, (p as i32 - 1 - exp) as usize, alt)
    } else {
        body_e(x, p - 1, alt, upper)
    };
    if !alt {
        // Remove trailing zeros of the fraction, and the point if nothing remains.
        let (num, exp_part) = match s.find(['e', 'E']) {
            Some(i) => (s[..i].to_string(), s[i..].to_string()),
            None => (s.clone(), String::new()),
        };
        if num.contains('.') {
            let trimmed = num.trim_end_matches('0').trim_end_matches('.');
            s = format!("{trimmed}{exp_part}");
        }
    }
    s
}

/// `%.<prec>a` of |x| without sign (`None`: as many digits as needed, exactly).
fn body_a(x: f64, prec: Option<usize>, alt: bool, upper: bool) -> String {
    let bits = x.abs().to_bits();
    let raw_exp = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1u64 << 52) - 1);
    let (lead, exp) = if raw_exp == 0 { (0u64, if frac == 0 { 0 } else { -1022 }) } else { (1u64, raw_exp - 1023) };
    // 13 hex digits of fraction; round to `prec` digits if asked.
    let mut mant = (lead << 52) | frac;
    let digits = match prec {
        Some(p) if p < 13 => {
            let drop = (13 - p) * 4;
            let rest = mant & ((1u64 << drop) - 1);
            let half = 1u64 << (drop - 1);
            mant >>= drop;
            if rest > half || (rest == half && mant & 1 == 1) {
                mant += 1;
            }
            p
        }
        Some(p) => p,
        None => {
            let mut d = 13;
            while d > 0 && mant & 0xf == 0 {
                mant >>= 4;
                d -= 1;
            }
            d
        }
    };
    let frac_digits = match prec {
        Some(p) if p > 13 => p.min(13),
        _ => digits,
    };
    // Split the leading digit from the fraction. A rounding carry makes the leading
    // digit 2, which glibc prints as is (`0x2p+0`).
    let lead_digit = mant >> (frac_digits * 4);
    let frac_part = mant & ((1u64 << (frac_digits * 4)) - 1);
    let mut s = format!("0x{lead_digit}");
    if frac_digits > 0 || alt || prec.is_some_and(|p| p > 0) {
        s.push('.');
    }
    if frac_digits > 0 {
        s.push_str(&format!("{:0width$x}", frac_part, width = frac_digits));
    }
    if let Some(p) = prec {
        for _ in frac_digits..p {
            s.push('0');
        }
    }
    s.push_str(&format!("p{}{}", if exp < 0 { '-' } else { '+' }, exp.unsigned_abs()));
    if upper {
        s = s.to_uppercase();
    }
    s
}

/// Applies sign, flags and width to a formatted magnitude.
fn finish(negative: bool, body: String, spec: &Spec, numeric: bool, prefix_len: usize) -> String {
    let sign = if negative {
        "-"
    } else if spec.plus {
        "+"
    } else if spec.space {
        " "
    } else {
        ""
    };
    let len = sign.len() + body.len();
    if len >= spec.width {
        return format!("{sign}{body}");
    }
    let pad = spec.width - len;
    if spec.left {
        format!("{sign}{body}{}", " ".repeat(pad))
    } else if spec.zero && numeric {
        let (prefix, rest) = body.split_at(prefix_len);
        format!("{sign}{prefix}{}{rest}", "0".repeat(pad))
    } else {
        format!("{}{sign}{body}", " ".repeat(pad))
    }
}

fn format_special(x: f64, spec: &Spec, upper: bool) -> Option<String> {
    let s = special(x, upper)?;
    let (neg, body) = match s.strip_prefix('-') {
        Some(b) => (true, b.to_string()),
        None => (false, s.to_string()),
    };
    Some(finish(neg, body, spec, false, 0))
}

/// `%e` / `%E`.
pub fn e(x: f64, spec: &Spec, upper: bool) -> String {
    if let Some(s) = format_special(x, spec, upper) {
        return s;
    }
    let body = body_e(x, spec.precision.unwrap_or(6), spec.alt, upper);
    finish(x.is_sign_negative(), body, spec, true, 0)
}

/// `%f` / `%F`.
pub fn f(x: f64, spec: &Spec, upper: bool) -> String {
    if let Some(s) = format_special(x, spec, upper) {
        return s;
    }
    let body = body_f(x, spec.precision.unwrap_or(6), spec.alt);
    finish(x.is_sign_negative(), body, spec, true, 0)
}

/// `%g` / `%G`.
pub fn g(x: f64, spec: &Spec, upper: bool) -> String {
    if let Some(s) = format_special(x, spec, upper) {
        return s;
    }
    let body = body_g(x, spec.precision.unwrap_or(6), spec.alt, upper);
    finish(x.is_sign_negative(), body, spec, true, 0)
}

/// `%a` / `%A`.
pub fn a(x: f64, spec: &Spec, upper: bool) -> String {
    if let Some(s) = format_special(x, spec, upper) {
        return s;
    }
    let body = body_a(x, spec.precision, spec.alt, upper);
    finish(x.is_sign_negative(), body, spec, true, 2)
}

/// `%.<prec>g` with no flags (used for Lua's number-to-string conversion).
pub fn format_g(x: f64, prec: usize, alt: bool, upper: bool) -> String {
    g(x, &Spec { alt, precision: Some(prec), ..Spec::default() }, upper)
}
