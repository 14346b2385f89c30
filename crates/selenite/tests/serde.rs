//! Serde conversions (feature `serde`): round trips of Rust data through Lua values,
//! the documented mapping choices, and the errors.

#![cfg(feature = "serde")]

use selenite::{Lua, Table, Value};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
enum Shape {
    Empty,
    Circle(f64),
    Rect { w: u32, h: u32 },
    Pair(i8, i8),
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
struct Scene {
    title: String,
    version: (u8, u8),
    shapes: Vec<Shape>,
    tags: BTreeMap<String, bool>,
    parent: Option<Box<Scene>>,
    gaps: Vec<Option<i32>>,
    unit: (),
    bytes: Vec<u8>,
    big: u64,
    ratio: f32,
}

fn sample() -> Scene {
    Scene {
        title: "moon".into(),
        version: (5, 4),
        shapes: vec![Shape::Empty, Shape::Circle(1.5), Shape::Rect { w: 2, h: 3 }, Shape::Pair(-1, 1)],
        tags: BTreeMap::from([("lit".into(), true), ("dark".into(), false)]),
        parent: Some(Box::new(Scene {
            title: "root".into(),
            version: (1, 0),
            shapes: vec![],
            tags: BTreeMap::new(),
            parent: None,
            gaps: vec![],
            unit: (),
            bytes: vec![],
            big: 0,
            ratio: 0.0,
        })),
        gaps: vec![Some(1), None, Some(3), None],
        unit: (),
        bytes: vec![0, 255],
        big: i64::MAX as u64,
        ratio: 0.5,
    }
}

#[test]
fn rust_data_round_trips_through_lua() {
    let lua = Lua::new();
    let scene = sample();
    let value = lua.to_value(&scene).unwrap();
    assert_eq!(lua.from_value::<Scene>(value.clone()).unwrap(), scene);
    // Through Lua code too: the table is an ordinary table.
    let copy: Value =
        lua.load("local s = ... local t = {} for k, v in pairs(s) do t[k] = v end return t").call(value).unwrap();
    assert_eq!(lua.from_value::<Scene>(copy).unwrap(), scene);
}

#[test]
fn the_mapping_is_the_documented_one() {
    let lua = Lua::new();
    lua.globals().set("s", lua.to_value(&sample()).unwrap()).unwrap();
    let summary: String = lua
        .load(
            "return table.concat({ s.title, s.version[1], s.version[2], #s.shapes, s.shapes[1], s.shapes[2].Circle,
                s.shapes[3].Rect.w, s.shapes[4].Pair[1], tostring(s.tags.lit), tostring(s.unit == nil), #s.gaps,
                tostring(s.gaps[2] == nil), type(s.gaps[2]), tostring(s.parent.parent), math.type(s.big), #s.bytes }, ' ')",
        )
        .eval()
        .unwrap();
    assert_eq!(summary, "moon 5 4 4 Empty 1.5 2 -1 true false 4 false userdata nil integer 2");
    let gaps: Table = lua.load("return s.gaps").eval().unwrap();
    assert!(gaps.raw_get::<Value>(2).unwrap().is_null());
    assert!(matches!(lua.to_value(&None::<i32>).unwrap(), Value::Nil));
    assert!(matches!(lua.to_value(&()).unwrap(), Value::Nil));
}

#[test]
fn empty_tables_read_as_what_the_target_asks_for() {
    let lua = Lua::new();
    let empty = || lua.create_table().map(Value::Table).unwrap();
    assert_eq!(lua.from_value::<Vec<i32>>(empty()).unwrap(), Vec::<i32>::new());
    assert_eq!(lua.from_value::<HashMap<String, i32>>(empty()).unwrap(), HashMap::new());
    #[derive(Deserialize, Debug, PartialEq)]
    struct AllOptional {
        a: Option<i32>,
    }
    assert_eq!(lua.from_value::<AllOptional>(empty()).unwrap(), AllOptional { a: None });
    // A target that takes anything sees a sequence, and nil / NULL read as unit.
    #[derive(Deserialize, Debug, PartialEq)]
    #[serde(untagged)]
    enum Any {
        Unit(()),
        List(Vec<i32>),
        Map(BTreeMap<String, i32>),
    }
    assert_eq!(lua.from_value::<Any>(empty()).unwrap(), Any::List(vec![]));
    assert_eq!(lua.from_value::<Any>(Value::Nil).unwrap(), Any::Unit(()));
    assert_eq!(lua.from_value::<Any>(Value::NULL).unwrap(), Any::Unit(()));
    let mixed = lua.load("return { 1, 2, x = 3 }").eval().unwrap();
    assert!(lua.from_value::<Vec<i32>>(mixed).is_err());
    let map = lua.load("return { a = 1 }").eval().unwrap();
    assert_eq!(lua.from_value::<Any>(map).unwrap(), Any::Map(BTreeMap::from([("a".into(), 1)])));
}

#[test]
fn errors_name_what_went_wrong() {
    let lua = Lua::new();
    let err = |code: &str| -> String {
        let v: Value = lua.load(code).eval().unwrap();
        lua.from_value::<Scene>(v).unwrap_err().to_string()
    };
    assert_eq!(err("return 1"), "deserialize error: invalid type: integer `1`, expected struct Scene");
    assert_eq!(err("return { title = 1 }"), "deserialize error: invalid type: integer `1`, expected a string");
    assert_eq!(err("return { title = 't' }"), "deserialize error: missing field `version`");
    assert_eq!(
        lua.from_value::<u8>(Value::Integer(300)).unwrap_err().to_string(),
        "deserialize error: invalid value: integer `300`, expected u8"
    );
    assert_eq!(lua.from_value::<i32>(Value::Number(2.0)).unwrap(), 2);
    assert_eq!(
        lua.from_value::<i32>(Value::Number(2.5)).unwrap_err().to_string(),
        "deserialize error: invalid type: floating point `2.5`, expected i32"
    );
    let shape = |code: &str| lua.from_value::<Shape>(lua.load(code).eval().unwrap());
    assert_eq!(
        shape("return 'Square'").unwrap_err().to_string(),
        "deserialize error: unknown variant `Square`, expected one of `Empty`, `Circle`, `Rect`, `Pair`"
    );
    assert_eq!(
        shape("return { Circle = 1, Rect = 2 }").unwrap_err().to_string(),
        "deserialize error: an enum table must have exactly one key"
    );
    let function = lua.load("return print").eval().unwrap();
    assert_eq!(
        lua.from_value::<String>(function).unwrap_err().to_string(),
        "deserialize error: invalid type: function, expected a string"
    );
    // A table that contains itself is refused, not followed forever.
    let cycle = lua.load("local t = {} t.t = t return t").eval().unwrap();
    assert_eq!(
        lua.from_value::<serde_like::Tree>(cycle).unwrap_err().to_string(),
        "deserialize error: tables nested more than 128 deep (a cycle?)"
    );
    assert_eq!(
        lua.to_value(&u128::MAX).unwrap_err().to_string(),
        "error converting u128 to Lua integer (out of range)"
    );
    assert!(matches!(lua.to_value(&u64::MAX).unwrap(), Value::Number(n) if n == u64::MAX as f64));
    let nil_key = BTreeMap::from([(None::<i32>, 1)]);
    assert_eq!(lua.to_value(&nil_key).unwrap_err().to_string(), "serialize error: a map key serialized to nil");
}

mod serde_like {
    use std::collections::BTreeMap;

    /// A recursive type that accepts any nesting (its fields are never read: the
    /// test is that reading one fails).
    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    pub struct Tree {
        #[serde(default)]
        pub t: Option<Box<Tree>>,
        #[serde(flatten)]
        pub rest: BTreeMap<String, i32>,
    }
}
