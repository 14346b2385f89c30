//! Conversions between Rust and Lua values, checked value by value: numbers (with
//! Lua's coercions), strings and bytes, options, sequences, maps, handles, tuples.

use selenite::{Bytes, FromLua, Function, IntoLua, Lua, MultiValue, Table, Value, Variadic};
use std::collections::{BTreeMap, HashMap};

fn roundtrip<T: IntoLua + FromLua>(lua: &Lua, v: T) -> T {
    lua.globals().set("v", v).unwrap();
    lua.load("return v").eval().unwrap()
}

#[test]
fn numbers() {
    let lua = Lua::new();
    assert_eq!(roundtrip(&lua, i64::MIN), i64::MIN);
    assert_eq!(roundtrip(&lua, u32::MAX), u32::MAX);
    assert_eq!(roundtrip(&lua, -1.5_f64), -1.5);
    assert!(matches!(lua.pack(3_u8).unwrap(), Value::Integer(3)));
    assert!(matches!(lua.pack(2.0_f32).unwrap(), Value::Number(n) if n == 2.0));
    // Integers beyond i64 become floats.
    assert!(matches!(lua.pack(u64::MAX).unwrap(), Value::Number(n) if n == u64::MAX as f64));
    assert_eq!(lua.load("'0x10'").eval::<i64>().unwrap(), 16);
    assert_eq!(lua.load("' 2.5 '").eval::<f64>().unwrap(), 2.5);
    assert_eq!(lua.load("2^53").eval::<i64>().unwrap(), 9007199254740992);
    assert_eq!(lua.load("3").eval::<f32>().unwrap(), 3.0);
    let err = lua.load("{}").eval::<f64>().unwrap_err();
    assert_eq!(err.to_string(), "error converting Lua table to f64 (number expected)");
    let err = lua.load("-1").eval::<u32>().unwrap_err();
    assert_eq!(err.to_string(), "error converting Lua number to u32 (number out of range for u32)");
}

#[test]
fn booleans_follow_truthiness() {
    let lua = Lua::new();
    assert!(!lua.load("nil").eval::<bool>().unwrap());
    assert!(!lua.load("false").eval::<bool>().unwrap());
    assert!(lua.load("0").eval::<bool>().unwrap());
    assert!(lua.load("''").eval::<bool>().unwrap());
    assert!(roundtrip(&lua, true));
}

#[test]
fn strings_and_bytes() {
    let lua = Lua::new();
    assert_eq!(roundtrip(&lua, "héllo".to_string()), "héllo");
    // Numbers read as strings in their tostring form (as Lua's tostring prints them).
    assert_eq!(lua.load("10 // 3").eval::<String>().unwrap(), "3");
    assert_eq!(lua.load("1e100").eval::<String>().unwrap(), "1e+100");
    assert_eq!(lua.load("10 / 2").eval::<String>().unwrap(), "5.0");
    let err = lua.load("'\\xff'").eval::<String>().unwrap_err();
    assert_eq!(err.to_string(), "error converting Lua string to String (string is not valid UTF-8)");
    assert_eq!(lua.load("'\\xff\\0'").eval::<Bytes>().unwrap(), Bytes(vec![0xff, 0]));
    assert_eq!(roundtrip(&lua, Bytes(vec![0, 1, 2])), Bytes(vec![0, 1, 2]));
    lua.globals().set("b", &b"\x01\x02"[..]).unwrap();
    assert_eq!(lua.load("#b").eval::<i64>().unwrap(), 2);
    let err = lua.load("nil").eval::<String>().unwrap_err();
    assert_eq!(err.to_string(), "error converting Lua nil to String (string expected)");
}

#[test]
fn options() {
    let lua = Lua::new();
    assert_eq!(lua.load("nil").eval::<Option<i64>>().unwrap(), None);
    assert_eq!(lua.load("5").eval::<Option<i64>>().unwrap(), Some(5));
    assert!(lua.load("'x'").eval::<Option<i64>>().is_err());
    assert_eq!(roundtrip(&lua, Some("a".to_string())), Some("a".to_string()));
}

#[test]
fn sequences_and_maps() {
    let lua = Lua::new();
    assert_eq!(roundtrip(&lua, vec![1, 2, 3]), vec![1, 2, 3]);
    assert_eq!(lua.load("{ 'a', 'b', nil, 'd' }").eval::<Vec<String>>().unwrap(), ["a", "b"]);
    let map: HashMap<String, i64> = lua.load("{ a = 1, b = 2 }").eval().unwrap();
    assert_eq!(map, HashMap::from([("a".to_string(), 1), ("b".to_string(), 2)]));
    let tree: BTreeMap<i64, String> = roundtrip(&lua, BTreeMap::from([(1, "x".to_string()), (10, "y".to_string())]));
    assert_eq!(tree.into_iter().collect::<Vec<_>>(), [(1, "x".to_string()), (10, "y".to_string())]);
    let nested: Vec<Vec<i64>> = lua.load("{ {1}, {2, 3} }").eval().unwrap();
    assert_eq!(nested, [vec![1], vec![2, 3]]);
    let err = lua.load("{ 1, 'x' }").eval::<Vec<i64>>().unwrap_err();
    assert_eq!(err.to_string(), "error converting Lua string to i64 (number expected)");
    let err = lua.load("5").eval::<Vec<i64>>().unwrap_err();
    assert_eq!(err.to_string(), "error converting Lua number to Vec (table expected)");
}

#[test]
fn handles_and_values() {
    let lua = Lua::new();
    let t = lua.create_table().unwrap();
    assert_eq!(roundtrip(&lua, t.clone()), t);
    let f: Function = lua.load("print").eval().unwrap();
    assert_eq!(roundtrip(&lua, f.clone()), f);
    let v: Value = lua.load("nil").eval().unwrap();
    assert!(v.is_nil());
    assert_eq!(lua.load("12").eval::<selenite::LuaString>().unwrap().to_str().unwrap(), "12");
    let err = lua.load("1").eval::<Table>().unwrap_err();
    assert_eq!(err.to_string(), "error converting Lua number to Table (table expected)");
}

#[test]
fn multiple_values() {
    let lua = Lua::new();
    let (a, b, c): (i64, String, Option<bool>) = lua.load("1, 'two'").eval().unwrap();
    assert_eq!((a, b.as_str(), c), (1, "two", None));
    let (first, rest): (i64, Variadic<i64>) = lua.load("1, 2, 3").eval().unwrap();
    assert_eq!((first, rest.to_vec()), (1, vec![2, 3]));
    let all: MultiValue = lua.load("nil, nil").eval().unwrap();
    assert_eq!(all.len(), 2);
    let f: Function = lua.load("function(...) return select('#', ...) end").eval().unwrap();
    assert_eq!(f.call::<i64>((1, Value::Nil, Variadic::from(vec![3, 4]))).unwrap(), 4);
    assert_eq!(f.call::<i64>(()).unwrap(), 0);
    // Result values follow the `nil, message` convention.
    let ok: std::result::Result<i64, String> = Ok(5);
    assert_eq!(f.call::<i64>(ok).unwrap(), 1);
    let failed: std::result::Result<i64, String> = Err("bad".into());
    assert_eq!(f.call::<i64>(failed).unwrap(), 2);
}
