//! `string.format`: parsing of the format string and formatting of each conversion
//! as C's `printf` does it (glibc), with the reference's validation rules (flags
//! allowed per conversion, at most two digits of width and precision).

use selenite_number::printf::{self, Spec};

/// A piece of a format string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Literal bytes (with `%%` already turned into `%`).
    Literal(&'a [u8]),
    /// A conversion: its specifier byte and the text of the whole item (`%5.2f`).
    Conversion { conv: u8, form: &'a [u8] },
}

/// Longest conversion item accepted (`MAX_FORMAT` less room for a length modifier).
const MAX_ITEM_LEN: usize = 32 - 10;

/// Splits a format string into pieces. Errors: the reference's message.
pub fn parse(fmt: &[u8]) -> Result<Vec<Piece<'_>>, String> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut lit_start = 0;
    while i < fmt.len() {
        if fmt[i] != b'%' {
            i += 1;
            continue;
        }
        if i > lit_start {
            out.push(Piece::Literal(&fmt[lit_start..i]));
        }
        if fmt.get(i + 1) == Some(&b'%') {
            out.push(Piece::Literal(b"%"));
            i += 2;
            lit_start = i;
            continue;
        }
        let start = i;
        let mut j = i + 1;
        while j < fmt.len() && b"-+#0 123456789.".contains(&fmt[j]) {
            j += 1;
        }
        let len = j - (i + 1) + 1;
        if len >= MAX_ITEM_LEN {
            return Err("invalid format (too long)".into());
        }
        let conv = fmt.get(j).copied().unwrap_or(0);
        let end = (j + 1).min(fmt.len());
        out.push(Piece::Conversion { conv, form: &fmt[start..end] });
        i = end;
        lit_start = i;
    }
    if lit_start < fmt.len() {
        out.push(Piece::Literal(&fmt[lit_start..]));
    }
    Ok(out)
}

fn form_text(form: &[u8]) -> String {
    String::from_utf8_lossy(form).into_owned()
}

/// Validates an item against the flags its conversion allows and parses it.
pub fn check(form: &[u8], flags: &[u8], precision_allowed: bool) -> Result<Spec, String> {
    let body = &form[1..];
    let mut i = 0;
    let mut spec = Spec::default();
    while i < body.len() && flags.contains(&body[i]) {
        match body[i] {
            b'-' => spec.left = true,
            b'+' => spec.plus = true,
            b' ' => spec.space = true,
            b'#' => spec.alt = true,
            _ => spec.zero = true,
        }
        i += 1;
    }
    let digits = |i: &mut usize| -> usize {
        let mut v = 0;
        for _ in 0..2 {
            match body.get(*i) {
                Some(d) if d.is_ascii_digit() => {
                    v = v * 10 + (d - b'0') as usize;
                    *i += 1;
                }
                _ => break,
            }
        }
        v
    };
    if body.get(i) != Some(&b'0') {
        spec.width = digits(&mut i);
        if body.get(i) == Some(&b'.') && precision_allowed {
            i += 1;
            spec.precision = Some(digits(&mut i));
        }
    }
    if !body.get(i).is_some_and(|c| c.is_ascii_alphabetic()) {
        return Err(format!("invalid conversion specification: '{}'", form_text(form)));
    }
    Ok(spec)
}

/// The error for an unknown conversion.
pub fn invalid_conversion(form: &[u8]) -> String {
    format!("invalid conversion '{}' to 'format'", form_text(form))
}

fn pad(body: String, spec: &Spec) -> String {
    if body.len() >= spec.width {
        body
    } else if spec.left {
        format!("{body}{}", " ".repeat(spec.width - body.len()))
    } else {
        format!("{}{body}", " ".repeat(spec.width - body.len()))
    }
}

/// Formats an integer conversion (`d i u o x X c`).
pub fn integer(conv: u8, spec: &Spec, n: i64) -> Vec<u8> {
    if conv == b'c' {
        let mut out = pad(" ".to_string(), spec).into_bytes();
        // The character replaces the placeholder (which is at the end unless
        // left-justified).
        let pos = if spec.left { 0 } else { out.len() - 1 };
        out[pos] = n as u8;
        return out;
    }
    let negative = matches!(conv, b'd' | b'i') && n < 0;
    let magnitude = if matches!(conv, b'd' | b'i') { n.unsigned_abs() } else { n as u64 };
    let mut digits = match conv {
        b'o' => format!("{magnitude:o}"),
        b'x' => format!("{magnitude:x}"),
        b'X' => format!("{magnitude:X}"),
        _ => magnitude.to_string(),
    };
    if let Some(p) = spec.precision {
        if p == 0 && magnitude == 0 {
            digits.clear();
        }
        while digits.len() < p {
            digits.insert(0, '0');
        }
    }
    let prefix = if spec.alt {
        match conv {
            b'o' if !digits.starts_with('0') => "0",
            b'x' if magnitude != 0 => "0x",
            b'X' if magnitude != 0 => "0X",
            _ => "",
        }
    } else {
        ""
    };
    let sign = if negative {
        "-"
    } else if matches!(conv, b'd' | b'i') && spec.plus {
        "+"
    } else if matches!(conv, b'd' | b'i') && spec.space {
        " "
    } else {
        ""
    };
    let len = sign.len() + prefix.len() + digits.len();
    let body = if spec.zero && !spec.left && spec.precision.is_none() && len < spec.width {
        format!("{sign}{prefix}{}{digits}", "0".repeat(spec.width - len))
    } else {
        format!("{sign}{prefix}{digits}")
    };
    pad(body, spec).into_bytes()
}

/// Formats a float conversion (`a A e E f F g G`).
pub fn float(conv: u8, spec: &Spec, x: f64) -> Vec<u8> {
    printf::format_float(x, conv, spec).unwrap_or_default().into_bytes()
}

/// Formats `%s` with width/precision.
pub fn string(spec: &Spec, s: &[u8]) -> Vec<u8> {
    let s = match spec.precision {
        Some(p) if p < s.len() => &s[..p],
        _ => s,
    };
    if s.len() >= spec.width {
        return s.to_vec();
    }
    let fill = vec![b' '; spec.width - s.len()];
    if spec.left {
        [s, &fill].concat()
    } else {
        [&fill[..], s].concat()
    }
}

/// `%q` of a string: quoted so that Lua reads it back.
pub fn quote_string(s: &[u8], out: &mut Vec<u8>) {
    out.push(b'"');
    for (i, &c) in s.iter().enumerate() {
        if c == b'"' || c == b'\\' || c == b'\n' {
            out.push(b'\\');
            out.push(c);
        } else if c.is_ascii_control() {
            let next_is_digit = s.get(i + 1).is_some_and(|d| d.is_ascii_digit());
            let text = if next_is_digit { format!("\\{c:03}") } else { format!("\\{c}") };
            out.extend_from_slice(text.as_bytes());
        } else {
            out.push(c);
        }
    }
    out.push(b'"');
}

/// `%q` of an integer.
pub fn quote_integer(n: i64) -> String {
    if n == i64::MIN {
        format!("0x{:x}", n)
    } else {
        n.to_string()
    }
}

/// `%q` of a float: hexadecimal, or the special spellings.
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
mod tests {
    use super::*;

    fn fmt_int(form: &str, n: i64) -> String {
        let conv = *form.as_bytes().last().unwrap_or(&b'd');
        let spec = check(form.as_bytes(), b"-+#0 ", true).unwrap_or_default();
        String::from_utf8_lossy(&integer(conv, &spec, n)).into_owned()
    }

    #[test]
    fn integers_like_printf() {
        assert_eq!(fmt_int("%5d", 42), "   42");
        assert_eq!(fmt_int("%-5d|", 42).len(), 5);
        assert_eq!(fmt_int("%05d", -42), "-0042");
        assert_eq!(fmt_int("%+d", 5), "+5");
        assert_eq!(fmt_int("%.3d", 7), "007");
        assert_eq!(fmt_int("%x", 255), "ff");
        assert_eq!(fmt_int("%#x", 255), "0xff");
        assert_eq!(fmt_int("%#o", 8), "010");
        assert_eq!(fmt_int("%X", -1), "FFFFFFFFFFFFFFFF");
        assert_eq!(fmt_int("%.0d", 0), "");
    }

    #[test]
    fn validation() {
        assert_eq!(check(b"%10.123d", b"-+0 ", true), Err("invalid conversion specification: '%10.123d'".into()));
        assert!(check(b"%-5.2s", b"-", true).is_ok());
        assert!(parse(b"%-----------------------------d").is_err());
        let mut q = Vec::new();
        quote_string(b"a\"b\n\x001", &mut q);
        assert_eq!(q, b"\"a\\\"b\\\n\\0001\"");
    }
}
