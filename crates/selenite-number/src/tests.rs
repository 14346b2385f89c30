//! Tests against tables produced by the reference Lua 5.4.9 (`testdata/generate.lua`):
//! printf conversions, numerals, `tonumber(s, base)`, arithmetic and comparisons on
//! random operands, plus a few hand-written corner cases.

use super::printf::Spec;
use super::*;

const PRINTF_TABLE: &str = include_str!("../testdata/printf.txt");
const NUMERAL_TABLE: &str = include_str!("../testdata/numerals.txt");
const ARITH_TABLE: &str = include_str!("../testdata/arith.txt");

fn float_from_hex(bits: &str) -> f64 {
    f64::from_bits(u64::from_str_radix(bits, 16).unwrap_or_else(|_| panic!("bad bits {bits:?}")))
}

/// Decodes the `\xNN` escapes of the tables.
fn unescape(text: &str) -> Vec<u8> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' && b.get(i + 1) == Some(&b'x') {
            let hex = std::str::from_utf8(&b[i + 2..i + 4]).unwrap_or("");
            out.push(u8::from_str_radix(hex, 16).unwrap_or_else(|_| panic!("bad escape in {text:?}")));
            i += 4;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    out
}

/// `i<decimal>` or `f<hex bits>` as written by the generator.
fn number_from_table(text: &str) -> Number {
    if let Some(i) = text.strip_prefix('i') {
        Number::Int(i.parse().unwrap_or_else(|_| panic!("bad integer {text:?}")))
    } else if let Some(bits) = text.strip_prefix('f') {
        Number::Float(float_from_hex(bits))
    } else {
        panic!("bad number {text:?}")
    }
}

fn same_number(a: Option<Number>, b: Option<Number>) -> bool {
    match (a, b) {
        (Some(Number::Float(x)), Some(Number::Float(y))) => x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan()),
        (a, b) => a == b,
    }
}

fn spec_from(fmt: &str) -> (Spec, u8) {
    let b = fmt.as_bytes();
    let mut i = 1;
    let mut spec = Spec::default();
    while i < b.len() && b"-+ #0".contains(&b[i]) {
        match b[i] {
            b'-' => spec.left = true,
            b'+' => spec.plus = true,
            b' ' => spec.space = true,
            b'#' => spec.alt = true,
            _ => spec.zero = true,
        }
        i += 1;
    }
    while i < b.len() && b[i].is_ascii_digit() {
        spec.width = spec.width * 10 + (b[i] - b'0') as usize;
        i += 1;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let mut p = 0;
        while i < b.len() && b[i].is_ascii_digit() {
            p = p * 10 + (b[i] - b'0') as usize;
            i += 1;
        }
        spec.precision = Some(p);
    }
    (spec, b[i])
}

#[test]
fn printf_matches_reference() {
    let mut failures = Vec::new();
    for line in PRINTF_TABLE.lines() {
        let mut fields = line.split('\t');
        let (Some(fmt), Some(bits), Some(expected)) = (fields.next(), fields.next(), fields.next()) else {
            panic!("bad line {line:?}");
        };
        let x = float_from_hex(bits);
        let (spec, conv) = spec_from(fmt);
        let mut got = printf::format_float(x, conv, &spec).unwrap_or_else(|| panic!("conversion of {fmt}"));
        got.push_str(fmt.rsplit_once(conv as char).map_or("", |(_, suffix)| suffix));
        if got != expected {
            failures.push(format!("{fmt} {bits}: got {got:?}, expected {expected:?}"));
        }
        if fmt == "%.14g" {
            let looks_integral = expected.bytes().all(|c| c == b'-' || c.is_ascii_digit());
            let lua_text = if looks_integral { format!("{expected}.0") } else { expected.to_string() };
            if fmt_float(x) != lua_text {
                failures.push(format!("tostring {bits}: got {:?}, expected {lua_text:?}", fmt_float(x)));
            }
        }
    }
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn numerals_match_reference() {
    let mut failures = Vec::new();
    for line in NUMERAL_TABLE.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        let text = unescape(fields[0]);
        let expected = if fields[1] == "nil" { None } else { Some(number_from_table(fields[1])) };
        let got = match fields.get(2) {
            Some(base) => {
                str_to_int_base(&text, base.parse().unwrap_or_else(|_| panic!("bad base in {line:?}"))).map(Number::Int)
            }
            None => str_to_number(&text),
        };
        if !same_number(got, expected) {
            failures.push(format!("{line}: got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}

fn int_operand(n: Number, line: &str) -> i64 {
    match n {
        Number::Int(i) => i,
        Number::Float(_) => panic!("integer operand expected in {line:?}"),
    }
}

fn compare(op: &str, a: Number, b: Number) -> bool {
    use Number::{Float, Int};
    match (op, a, b) {
        ("lt", Int(x), Int(y)) => x < y,
        ("lt", Int(x), Float(y)) => int_lt_float(x, y),
        ("lt", Float(x), Int(y)) => float_lt_int(x, y),
        ("lt", Float(x), Float(y)) => x < y,
        ("le", Int(x), Int(y)) => x <= y,
        ("le", Int(x), Float(y)) => int_le_float(x, y),
        ("le", Float(x), Int(y)) => float_le_int(x, y),
        ("le", Float(x), Float(y)) => x <= y,
        (_, Int(x), Int(y)) => x == y,
        (_, Int(x), Float(y)) | (_, Float(y), Int(x)) => int_eq_float(x, y),
        (_, Float(x), Float(y)) => x == y,
    }
}

#[test]
fn arithmetic_matches_reference() {
    let mut failures = Vec::new();
    for line in ARITH_TABLE.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        let (op, a) = (fields[0], number_from_table(fields[1]));
        let b = if fields[2] == "-" { Number::Int(0) } else { number_from_table(fields[2]) };
        let as_float = |n: Number| match n {
            Number::Int(i) => i as f64,
            Number::Float(f) => f,
        };
        let expected = fields[3];
        let got = match (op, a, b) {
            ("idiv", Number::Int(x), Number::Int(y)) => int_floor_div(x, y).map(Number::Int),
            ("mod", Number::Int(x), Number::Int(y)) => int_mod(x, y).map(Number::Int),
            ("idiv", x, y) => Some(Number::Float(float_floor_div(as_float(x), as_float(y)))),
            ("mod", x, y) => Some(Number::Float(float_mod(as_float(x), as_float(y)))),
            ("pow", x, y) => Some(Number::Float(float_pow(as_float(x), as_float(y)))),
            ("shl", x, y) => Some(Number::Int(shift_left(int_operand(x, line), int_operand(y, line)))),
            ("shr", x, y) => Some(Number::Int(shift_right(int_operand(x, line), int_operand(y, line)))),
            ("floor", x, _) => {
                let f = as_float(x);
                Some(float_to_int_floor(f).map_or(Number::Float(f.floor()), Number::Int))
            }
            ("ceil", x, _) => {
                let f = as_float(x);
                Some(float_to_int_ceil(f).map_or(Number::Float(f.ceil()), Number::Int))
            }
            ("toint", x, _) => float_to_int_exact(as_float(x)).map(Number::Int),
            (cmp, x, y) => {
                if compare(cmp, x, y).to_string() != expected {
                    failures.push(format!("{line}: got {}", !compare(cmp, x, y)));
                }
                continue;
            }
        };
        let expected = if expected == "nil" { None } else { Some(number_from_table(expected)) };
        if !same_number(got, expected) {
            failures.push(format!("{line}: got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn float_printing() {
    assert_eq!(fmt_float(1.0), "1.0");
    assert_eq!(fmt_float(-0.0), "-0.0");
    assert_eq!(fmt_float(1e15), "1e+15");
    assert_eq!(fmt_float(2f64.powi(53)), "9.007199254741e+15");
    assert_eq!(fmt_float(f64::INFINITY), "inf");
    assert_eq!(fmt_float(-f64::INFINITY), "-inf");
    assert_eq!(fmt_float(f64::NAN), "nan");
    assert_eq!(fmt_float(-f64::NAN), "-nan");
    assert_eq!(fmt_float(0.1), "0.1");
    assert_eq!(fmt_int(i64::MIN), "-9223372036854775808");
    assert_eq!(fmt_int(0), "0");
    assert_eq!(fmt_int(-45), "-45");
    let mut out = b"x=".to_vec();
    write_number(Number::Float(100.0), &mut out);
    write_number(Number::Int(-7), &mut out);
    assert_eq!(out, b"x=100.0-7");
}

#[test]
fn integer_division_and_modulo() {
    assert_eq!(int_floor_div(7, 2), Some(3));
    assert_eq!(int_floor_div(-7, 2), Some(-4));
    assert_eq!(int_floor_div(i64::MIN, -1), Some(i64::MIN));
    assert_eq!(int_floor_div(1, 0), None);
    assert_eq!(int_mod(-7, 3), Some(2));
    assert_eq!(int_mod(7, -3), Some(-2));
    assert_eq!(int_mod(i64::MIN, -1), Some(0));
    assert_eq!(int_mod(5, 0), None);
    assert_eq!(float_mod(-7.0, 3.0), 2.0);
    assert_eq!(float_mod(7.0, f64::INFINITY), 7.0);
    assert_eq!(float_mod(-7.0, f64::INFINITY), f64::INFINITY);
    assert!(float_mod(1.0, 0.0).is_nan());
    assert_eq!(shift_left(1, 63), i64::MIN);
    assert_eq!(shift_left(1, 64), 0);
    assert_eq!(shift_left(-1, -1), i64::MAX);
    assert_eq!(shift_left(-1, i64::MIN), 0);
}

#[test]
fn exact_comparisons() {
    let big = 2f64.powi(53);
    let i = (1i64 << 53) + 1;
    assert!(!int_lt_float(i, big));
    assert!(float_lt_int(big, i));
    assert!(int_le_float(i64::MAX, 2f64.powi(63)));
    assert!(!float_le_int(2f64.powi(63), i64::MAX));
    assert!(int_eq_float(-5, -5.0));
    assert!(!int_eq_float(i64::MAX, 2f64.powi(63)));
    assert!(!int_lt_float(0, f64::NAN));
    assert!(!float_le_int(f64::NAN, 0));
    assert!(int_lt_float(i64::MAX, f64::INFINITY));
    assert!(float_lt_int(f64::NEG_INFINITY, i64::MIN));
}

#[test]
fn numeral_corner_cases() {
    let float = |s: &str| match str_to_number(s.as_bytes()) {
        Some(Number::Float(f)) => f.to_bits(),
        other => panic!("{s:?} gave {other:?}"),
    };
    assert_eq!(str_to_number(b"9223372036854775807"), Some(Number::Int(i64::MAX)));
    assert_eq!(str_to_number(b"-9223372036854775808"), Some(Number::Int(i64::MIN)));
    assert_eq!(float("9223372036854775808"), 0x43e0000000000000);
    assert_eq!(str_to_number(b"0xffffffffffffffffff"), Some(Number::Int(-1)));
    assert_eq!(float("0x1P-1074"), 1);
    assert_eq!(float("0x1p-1075"), 0);
    assert_eq!(float("0x1.8p-1075"), 1);
    assert_eq!(float("0x1.fffffffffffff8p1023"), f64::INFINITY.to_bits());
    assert_eq!(float("1e400"), f64::INFINITY.to_bits());
    assert_eq!(float(".5"), 0.5f64.to_bits());
    assert_eq!(float("5."), 5f64.to_bits());
    assert_eq!(float(" 0x.8 "), 0.5f64.to_bits());
    assert_eq!(str_to_number(b"1 2"), None);
    assert_eq!(str_to_number(b"1\0"), None);
    assert_eq!(str_to_number(b"infinity"), None);
    assert_eq!(str_to_number(b"0x"), None);
    assert_eq!(str_to_number(b""), None);
    assert_eq!(str_to_int_base(b"zz", 36), Some(1295));
    assert_eq!(str_to_int_base(b" -ff ", 16), Some(-255));
    assert_eq!(str_to_int_base(b"8", 8), None);
}

#[test]
fn random_inputs_never_panic() {
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_f491_4f6c_dd1d)
    };
    for _ in 0..50_000 {
        let len = (next() % 24) as usize;
        let text: Vec<u8> = (0..len).map(|_| b"0123456789abcdefxXpPeE.+- \t\0n"[(next() % 29) as usize]).collect();
        let _ = str_to_number(&text);
        let _ = str_to_int_base(&text, (next() % 35 + 2) as u32);
        let x = f64::from_bits(next());
        let spec = Spec {
            left: next() % 2 == 0,
            plus: next() % 2 == 0,
            space: next() % 2 == 0,
            alt: next() % 2 == 0,
            zero: next() % 2 == 0,
            width: (next() % 100) as usize,
            precision: if next() % 3 == 0 { None } else { Some((next() % 100) as usize) },
        };
        for conv in *b"aAeEfFgG" {
            let _ = printf::format_float(x, conv, &spec);
        }
        let mut out = Vec::new();
        write_number(Number::Float(x), &mut out);
        let (a, b) = (next() as i64, (next() as i64) >> (next() % 64));
        let _ = (int_floor_div(a, b), int_mod(a, b), shift_left(a, b), shift_right(a, b));
        let _ = (int_lt_float(a, x), int_le_float(a, x), float_lt_int(x, a), float_le_int(x, a), int_eq_float(a, x));
        let _ = (float_to_int_floor(x), float_to_int_ceil(x), float_mod(x, b as f64), float_pow(x, 0.5));
    }
}
