//! `string.format` rebuilt on this module as the standard library drives it, against
//! `testdata/format.txt` produced by the reference Lua 5.4.9 (`testdata/format.lua`).

use super::*;
use crate::test_support::{escape, unescape};

const TABLE: &str = include_str!("../../testdata/format.txt");

#[derive(Clone, Debug)]
enum Value {
    Int(i64),
    Float(f64),
    Str(Vec<u8>),
    Nil,
    Bool(bool),
}

fn value_from_table(text: &str) -> Value {
    match text.split_at(1) {
        _ if text == "nil" => Value::Nil,
        _ if text == "true" || text == "false" => Value::Bool(text == "true"),
        ("i", n) => Value::Int(n.parse().unwrap_or_else(|_| panic!("bad integer {text}"))),
        ("f", bits) => Value::Float(f64::from_bits(u64::from_str_radix(bits, 16).unwrap_or(0))),
        ("s", s) => Value::Str(unescape(s)),
        _ => panic!("bad value {text:?}"),
    }
}

/// `luaL_checkinteger` / `luaL_checknumber` for the value types of the table.
fn convert(kind: ArgKind, value: &Value) -> Result<Arg<'_>, String> {
    Ok(match (kind, value) {
        (ArgKind::Char | ArgKind::Integer, Value::Int(n)) => Arg::Int(*n),
        (ArgKind::Char | ArgKind::Integer, Value::Float(x)) => match selenite_number::float_to_int_exact(*x) {
            Some(n) => Arg::Int(n),
            None => return Err("number has no integer representation".into()),
        },
        (ArgKind::Float, Value::Int(n)) => Arg::Float(*n as f64),
        (ArgKind::Float, Value::Float(x)) => Arg::Float(*x),
        (ArgKind::Pointer, _) => Arg::Pointer(0),
        (_, Value::Str(s)) => Arg::Str(s),
        (ArgKind::Literal, Value::Int(n)) => Arg::Int(*n),
        (ArgKind::Literal, Value::Float(x)) => Arg::Float(*x),
        (_, Value::Nil) => Arg::Nil,
        (_, Value::Bool(b)) => Arg::Bool(*b),
        (kind, value) => panic!("the table has no {value:?} for {kind:?}"),
    })
}

fn run_format(fmt: &[u8], args: &[Value]) -> Result<Vec<u8>, String> {
    let bad_argument = |n: usize, msg: &str| format!("bad argument #{n} to 'string.format' ({msg})");
    let mut out = Vec::new();
    let mut next_arg = 0;
    for piece in pieces(fmt) {
        let (conv, form) = match piece {
            Piece::Literal(text) => {
                out.extend_from_slice(text);
                continue;
            }
            Piece::Conversion { conv, form } => (conv, form),
        };
        next_arg += 1;
        let lua_arg = next_arg + 1;
        let value = args.get(next_arg - 1).ok_or_else(|| bad_argument(lua_arg, "no value"))?;
        let kind = argument_kind(conv, form)?;
        if !argument_checked_first(conv) {
            spec_of(conv, form)?;
        }
        let arg = convert(kind, value).map_err(|m| bad_argument(lua_arg, &m))?;
        write_item(conv, form, arg, &mut out).map_err(|e| match e {
            Error::Message(m) => m,
            Error::BadArgument(m) => bad_argument(lua_arg, &m),
        })?;
    }
    Ok(out)
}

#[test]
fn format_matches_reference() {
    let mut failures = Vec::new();
    for line in TABLE.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        let [fmt, args, expected] = fields[..] else { panic!("bad line {line:?}") };
        let args: Vec<Value> =
            if args.is_empty() { Vec::new() } else { args.split(',').map(value_from_table).collect() };
        let got = match run_format(&unescape(fmt), &args) {
            Ok(text) => format!("s{}", escape(&text)),
            Err(message) => format!("err:{}", escape(message.as_bytes())),
        };
        if got != expected {
            failures.push(format!("{line}\n    got {got}"));
        }
    }
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn pieces_are_lazy_and_exact() {
    let all: Vec<_> = pieces(b"a%%b%5.2fc%").collect();
    assert_eq!(
        all,
        vec![
            Piece::Literal(b"a"),
            Piece::Literal(b"%"),
            Piece::Literal(b"b"),
            Piece::Conversion { conv: b'f', form: b"%5.2f" },
            Piece::Literal(b"c"),
            Piece::Conversion { conv: 0, form: b"%" },
        ]
    );
    let too_long = b"%d%-----------------------d";
    let mut lazy = pieces(too_long);
    assert_eq!(lazy.next(), Some(Piece::Conversion { conv: b'd', form: b"%d" }));
    assert_eq!(lazy.next(), Some(Piece::Conversion { conv: b'd', form: &too_long[2..] }));
    assert_eq!(lazy.next(), None);
    assert_eq!(argument_kind(b'd', &too_long[2..]), Err("invalid format (too long)".to_string()));
    assert_eq!(check_item_lengths(too_long), Err("invalid format (too long)".to_string()));
    assert_eq!(invalid_conversion(b"%5\0"), "invalid conversion '%5' to 'format'");
}

#[test]
fn literals_and_pointers() {
    let mut out = Vec::new();
    assert_eq!(write_item(b'q', b"%q", Arg::Int(i64::MIN), &mut out), Ok(()));
    assert_eq!(write_item(b'q', b"%q", Arg::Float(-0.0), &mut out), Ok(()));
    assert_eq!(write_item(b'q', b"%q", Arg::Nil, &mut out), Ok(()));
    assert_eq!(write_item(b'p', b"%-8p", Arg::Pointer(0), &mut out), Ok(()));
    assert_eq!(write_item(b'p', b"%p", Arg::Pointer(0x55d0), &mut out), Ok(()));
    assert_eq!(out, b"0x8000000000000000-0x0p+0nil(null)  0x55d0");
    assert_eq!(
        write_item(b'p', b"%.3p", Arg::Pointer(1), &mut out),
        Err(Error::Message("invalid conversion specification: '%.3p'".into()))
    );
}

#[test]
fn random_formats_never_panic() {
    let mut rng = crate::test_support::Rng::new(0xf0f0);
    for _ in 0..20_000 {
        let fmt = rng.bytes(b"%-+ #0123456789.cdiuoxXaAeEfgGspq%", 14);
        let text = rng.bytes(b"ab\0", 4);
        let args = [
            Arg::Int(rng.next() as i64),
            Arg::Float(f64::from_bits(rng.next())),
            Arg::Str(&text),
            Arg::Pointer(rng.below(3)),
            Arg::Nil,
            Arg::Bool(true),
        ];
        let mut out = Vec::new();
        for piece in pieces(&fmt) {
            if let Piece::Conversion { conv, form } = piece {
                let _ = write_item(conv, form, args[rng.below(args.len())], &mut out);
            }
        }
    }
}
