//! `string.pack`, `unpack` and `packsize` rebuilt on this module as the standard
//! library drives them, against `testdata/pack.txt` produced by the reference Lua
//! 5.4.9 (`testdata/pack.lua`).

use super::*;
use crate::test_support::{escape, unescape};

const TABLE: &str = include_str!("../../testdata/pack.txt");

#[derive(Clone, Debug)]
enum Value {
    Int(i64),
    Float(f64),
    Str(Vec<u8>),
}

fn value_from_table(text: &str) -> Value {
    match text.split_at(1) {
        ("i", n) => Value::Int(n.parse().unwrap_or_else(|_| panic!("bad integer {text}"))),
        ("f", bits) => Value::Float(f64::from_bits(u64::from_str_radix(bits, 16).unwrap_or(0))),
        ("s", s) => Value::Str(unescape(s)),
        _ => panic!("bad value {text:?}"),
    }
}

fn show(value: &Value) -> String {
    match value {
        Value::Int(n) => format!("i{n}"),
        Value::Float(x) => format!("f{:016x}", x.to_bits()),
        Value::Str(s) => format!("s{}", escape(s)),
    }
}

fn message(function: &str, e: PackError) -> String {
    match e {
        PackError::Message(m) => m,
        PackError::BadArgument { arg, message } => format!("bad argument #{arg} to 'string.{function}' ({message})"),
    }
}

/// `luaL_checkinteger`, `luaL_checknumber` and `luaL_checklstring` on table values;
/// a missing argument reads as the nil the reference pushes after the arguments.
fn convert(args: &[Value], arg: usize, kind: PackArgKind) -> Result<PackArg, String> {
    let bad = |m: &str| format!("bad argument #{arg} to 'string.pack' ({m})");
    let Some(value) = args.get(arg - 2) else {
        let expected = if kind == PackArgKind::String { "string" } else { "number" };
        return Err(bad(&format!("{expected} expected, got nil")));
    };
    let number = match value {
        Value::Str(s) => match selenite_number::str_to_number(s) {
            Some(selenite_number::Number::Int(n)) => Value::Int(n),
            Some(selenite_number::Number::Float(x)) => Value::Float(x),
            None if kind != PackArgKind::String => return Err(bad("number expected, got string")),
            None => value.clone(),
        },
        _ => value.clone(),
    };
    let value = if kind == PackArgKind::String { value } else { &number };
    Ok(match (kind, value) {
        (PackArgKind::Integer, Value::Int(n)) => PackArg::Int(*n),
        (PackArgKind::Integer, Value::Float(x)) => match selenite_number::float_to_int_exact(*x) {
            Some(n) => PackArg::Int(n),
            None => return Err(bad("number has no integer representation")),
        },
        (PackArgKind::Float, Value::Int(n)) => PackArg::Float(*n as f64),
        (PackArgKind::Float, Value::Float(x)) => PackArg::Float(*x),
        (PackArgKind::String, Value::Int(n)) => PackArg::Str(n.to_string().into_bytes()),
        (PackArgKind::String, Value::Float(x)) => PackArg::Str(selenite_number::fmt_float(*x).into_bytes()),
        (_, Value::Str(s)) => PackArg::Str(s.clone()),
    })
}

fn run_pack(fmt: &[u8], args: &[Value]) -> String {
    match pack(fmt, usize::MAX, |arg, kind| convert(args, arg, kind).map_err(PackError::Message)) {
        Ok(bytes) => format!("s{}", escape(&bytes)),
        Err(e) => format!("err:{}", escape(message("pack", e).as_bytes())),
    }
}

fn run_unpack(fmt: &[u8], args: &[Value]) -> String {
    let [Value::Str(data), Value::Int(init)] = args else { panic!("bad unpack arguments {args:?}") };
    let len = data.len() as i64;
    let start = match *init {
        i if i > 0 => i,
        0 => 1,
        i if i < -len => 1,
        i => len + i + 1,
    };
    match unpack(fmt, data, (start - 1) as usize) {
        Ok((values, next)) => {
            let mut shown: Vec<String> = values
                .iter()
                .map(|v| match *v {
                    Unpacked::Int(n) => show(&Value::Int(n)),
                    Unpacked::Float(x) => show(&Value::Float(x)),
                    Unpacked::Str(s) => show(&Value::Str(s.to_vec())),
                })
                .collect();
            shown.push(format!("i{}", next + 1));
            shown.join(",")
        }
        Err(e) => format!("err:{}", escape(message("unpack", e).as_bytes())),
    }
}

#[test]
fn pack_unpack_packsize_match_reference() {
    let mut failures = Vec::new();
    for line in TABLE.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        let [op, fmt, args, expected] = fields[..] else { panic!("bad line {line:?}") };
        let fmt = unescape(fmt);
        let args: Vec<Value> =
            if args.is_empty() { Vec::new() } else { args.split(',').map(value_from_table).collect() };
        let got = match op {
            "pack" => run_pack(&fmt, &args),
            "unpack" => run_unpack(&fmt, &args),
            _ => match packsize(&fmt) {
                Ok(n) => format!("i{n}"),
                Err(e) => format!("err:{}", escape(message("packsize", e).as_bytes())),
            },
        };
        if got != expected {
            failures.push(format!("{line}\n    got {got}"));
        }
    }
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn header_steps_through_options() {
    let mut h = Header::new(b"!4 b i");
    assert_eq!(h.next(0), Ok((Kind::Nop, 0, 0)));
    assert_eq!(h.next(0), Ok((Kind::Nop, 0, 0)));
    assert_eq!(h.next(0), Ok((Kind::Int, 1, 0)));
    assert_eq!(h.next(1), Ok((Kind::Nop, 0, 0)));
    assert_eq!(h.next(1), Ok((Kind::Int, 4, 3)));
    assert!(h.done());
    assert!(Header::new(b"\0b").done());
    let mut out = Vec::new();
    pack_int(&mut out, (-2i64) as u64, false, 3, true);
    assert_eq!(out, vec![0xff, 0xff, 0xfe]);
    assert_eq!(unpack_int(&out, false, 3, true), Ok(-2));
    assert_eq!(
        unpack_int(&[0, 0, 0, 0, 0, 0, 0, 0, 1], true, 9, false),
        Err("9-byte integer does not fit into Lua Integer".into())
    );
}

#[test]
fn results_are_bounded() {
    let no_argument = |_: usize, _: PackArgKind| -> Result<PackArg, PackError> { Ok(PackArg::Str(Vec::new())) };
    assert_eq!(pack(b"c2000000000", 1 << 20, no_argument), Err(PackError::Message("not enough memory".into())));
    assert_eq!(pack(b"c3", 1 << 20, no_argument), Ok(vec![0, 0, 0]));
    assert_eq!(
        packsize(b"c2147483639c2147483639"),
        Err(PackError::BadArgument { arg: 1, message: "format result too large".into() })
    );
}

#[test]
fn random_formats_never_panic() {
    let mut rng = crate::test_support::Rng::new(0xbeef);
    for _ in 0..20_000 {
        let fmt = rng.bytes(b"<>=!xXbBhHiIlLjJTfdnszc0123456789 ", 10);
        let data = rng.bytes(b"\0\x01\xff", 24);
        let _ = packsize(&fmt);
        let _ = unpack(&fmt, &data, rng.below(data.len() + 1));
        let value = rng.next() as i64;
        let _ = pack(&fmt, 1 << 16, |_, kind| -> Result<PackArg, PackError> {
            Ok(match kind {
                PackArgKind::Integer => PackArg::Int(value),
                PackArgKind::Float => PackArg::Float(value as f64),
                PackArgKind::String => PackArg::Str(data.clone()),
            })
        });
    }
}
