//! Conversions between Rust values and Lua values: [`IntoLua`] and [`FromLua`] for
//! numbers, booleans, strings, byte strings ([`Bytes`]), `Option`, `Vec`, maps, the
//! handle types and [`Value`] itself.
//!
//! Reading follows the reference's `luaL_check*` functions, so that a Rust function's
//! argument errors read as Lua's: integers accept floats with an integral value and
//! numeric strings, numbers accept numeric strings, strings accept numbers (in their
//! `tostring` form), and `bool` takes any value's truthiness.

use crate::error::{Error, Result};
use crate::state::Lua;
use crate::value::Value;
use crate::{AnyUserData, Function, LuaString, Table, Thread};
use selenite_number::{str_to_number, Number};
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasher, Hash};

/// Converts a Rust value into a Lua value.
///
/// ```
/// use selenite::{IntoLua, Value};
/// let lua = selenite::Lua::new();
/// assert!(matches!(7_u8.into_lua(&lua).unwrap(), Value::Integer(7)));
/// assert!(matches!(None::<i32>.into_lua(&lua).unwrap(), Value::Nil));
/// ```
pub trait IntoLua {
    /// Performs the conversion. Implement it to pass your own types to Lua as plain
    /// values (a table here) rather than as userdata:
    ///
    /// ```
    /// use selenite::{IntoLua, Lua, Result, Value};
    /// struct Point { x: i64, y: i64 }
    /// impl IntoLua for Point {
    ///     fn into_lua(self, lua: &Lua) -> Result<Value> {
    ///         Ok(Value::Table(lua.create_table_from([("x", self.x), ("y", self.y)])?))
    ///     }
    /// }
    /// let lua = Lua::new();
    /// lua.globals().set("p", Point { x: 3, y: 4 }).unwrap();
    /// assert_eq!(lua.load("p.x * p.y").eval::<i64>().unwrap(), 12);
    /// ```
    fn into_lua(self, lua: &Lua) -> Result<Value>;
}

/// Converts a Lua value into a Rust value.
///
/// ```
/// use selenite::{FromLua, Value};
/// let lua = selenite::Lua::new();
/// assert_eq!(i64::from_lua(Value::Number(3.0), &lua).unwrap(), 3);
/// let err = i64::from_lua(Value::Number(3.5), &lua).unwrap_err();
/// assert_eq!(err.to_string(), "error converting Lua number to i64 (number has no integer representation)");
/// ```
pub trait FromLua: Sized {
    /// Performs the conversion. Implement it to read your own types out of plain Lua
    /// values; building on the existing conversions keeps their error messages:
    ///
    /// ```
    /// use selenite::{FromLua, Lua, Result, Table, Value};
    /// #[derive(Debug)]
    /// struct Point { x: i64, y: i64 }
    /// impl FromLua for Point {
    ///     fn from_lua(value: Value, lua: &Lua) -> Result<Self> {
    ///         let t = Table::from_lua(value, lua)?;
    ///         Ok(Point { x: t.get("x")?, y: t.get("y")? })
    ///     }
    /// }
    /// let lua = Lua::new();
    /// let p: Point = lua.load("{x = 3, y = 4}").eval().unwrap();
    /// assert_eq!((p.x, p.y), (3, 4));
    /// let err = lua.load("42").eval::<Point>().unwrap_err();
    /// assert_eq!(err.to_string(), "error converting Lua number to Table (table expected)");
    /// ```
    fn from_lua(value: Value, lua: &Lua) -> Result<Self>;
}

impl IntoLua for Value {
    fn into_lua(self, _: &Lua) -> Result<Value> {
        Ok(self)
    }
}

impl IntoLua for &Value {
    fn into_lua(self, _: &Lua) -> Result<Value> {
        Ok(self.clone())
    }
}

impl FromLua for Value {
    fn from_lua(value: Value, _: &Lua) -> Result<Self> {
        Ok(value)
    }
}

impl IntoLua for bool {
    fn into_lua(self, _: &Lua) -> Result<Value> {
        Ok(Value::Boolean(self))
    }
}

/// Lua truthiness: only `nil` and `false` are false.
impl FromLua for bool {
    fn from_lua(value: Value, _: &Lua) -> Result<Self> {
        Ok(!matches!(value, Value::Nil | Value::Boolean(false)))
    }
}

/// A number (or numeric string) as Lua's `tonumber` reads it.
fn to_number(value: &Value) -> Option<Number> {
    match value {
        Value::Integer(i) => Some(Number::Int(*i)),
        Value::Number(n) => Some(Number::Float(*n)),
        Value::String(s) => str_to_number(&s.to_bytes().ok()?),
        _ => None,
    }
}

/// An integer as `luaL_checkinteger` reads it.
fn to_integer(value: &Value, to: &'static str) -> Result<i64> {
    match to_number(value) {
        Some(Number::Int(i)) => Ok(i),
        Some(Number::Float(f)) => selenite_number::float_to_int_exact(f).ok_or_else(|| Error::FromLuaConversionError {
            from: value.type_name(),
            to,
            expected: "number",
            message: Some("number has no integer representation".into()),
        }),
        None => Err(Error::from_lua(value.type_name(), to, "number")),
    }
}

macro_rules! impl_integer {
    ($($t:ty)*) => {$(
        impl IntoLua for $t {
            fn into_lua(self, _: &Lua) -> Result<Value> {
                // Integers beyond i64 become floats, as `lua_Number` would hold them.
                Ok(match i64::try_from(self) {
                    Ok(i) => Value::Integer(i),
                    Err(_) => Value::Number(self as f64),
                })
            }
        }

        impl FromLua for $t {
            fn from_lua(value: Value, _: &Lua) -> Result<Self> {
                let i = to_integer(&value, stringify!($t))?;
                <$t>::try_from(i).map_err(|_| Error::FromLuaConversionError {
                    from: value.type_name(),
                    to: stringify!($t),
                    expected: "number",
                    message: Some(format!("number out of range for {}", stringify!($t))),
                })
            }
        }
    )*};
}

impl_integer!(i8 i16 i32 i64 i128 isize u8 u16 u32 u64 u128 usize);

macro_rules! impl_float {
    ($($t:ty)*) => {$(
        impl IntoLua for $t {
            fn into_lua(self, _: &Lua) -> Result<Value> {
                Ok(Value::Number(self as f64))
            }
        }

        impl FromLua for $t {
            fn from_lua(value: Value, _: &Lua) -> Result<Self> {
                match to_number(&value) {
                    Some(Number::Int(i)) => Ok(i as $t),
                    Some(Number::Float(f)) => Ok(f as $t),
                    None => Err(Error::from_lua(value.type_name(), stringify!($t), "number")),
                }
            }
        }
    )*};
}

impl_float!(f32 f64);

impl IntoLua for &str {
    fn into_lua(self, lua: &Lua) -> Result<Value> {
        lua.create_string(self).map(Value::String)
    }
}

impl IntoLua for String {
    fn into_lua(self, lua: &Lua) -> Result<Value> {
        lua.create_string(self).map(Value::String)
    }
}

impl IntoLua for &String {
    fn into_lua(self, lua: &Lua) -> Result<Value> {
        lua.create_string(self).map(Value::String)
    }
}

impl IntoLua for &[u8] {
    fn into_lua(self, lua: &Lua) -> Result<Value> {
        lua.create_string(self).map(Value::String)
    }
}

/// The bytes of a string, or of a number in its `tostring` form (as
/// `luaL_checklstring` converts numbers).
fn string_bytes(value: &Value, to: &'static str) -> Result<Vec<u8>> {
    match value {
        Value::String(s) => s.to_bytes(),
        Value::Integer(i) => Ok(i.to_string().into_bytes()),
        Value::Number(n) => Ok(selenite_number::fmt_float(*n).into_bytes()),
        other => Err(Error::from_lua(other.type_name(), to, "string")),
    }
}

/// A UTF-8 string; other byte strings are refused (use [`Bytes`] for those).
impl FromLua for String {
    fn from_lua(value: Value, _: &Lua) -> Result<Self> {
        let bytes = string_bytes(&value, "String")?;
        String::from_utf8(bytes).map_err(|_| Error::FromLuaConversionError {
            from: "string",
            to: "String",
            expected: "string",
            message: Some("string is not valid UTF-8".into()),
        })
    }
}

/// A Lua string as raw bytes, not necessarily UTF-8 (a `Vec<u8>` would convert to
/// and from a table of numbers, as any `Vec` does).
///
/// ```
/// use selenite::{Bytes, Lua};
/// let lua = Lua::new();
/// let b: Bytes = lua.load(r#"return "\0\255""#).eval().unwrap();
/// assert_eq!(b.as_slice(), b"\0\xff");
/// lua.globals().set("b", Bytes(vec![104, 105])).unwrap();
/// assert_eq!(lua.load("return b").eval::<String>().unwrap(), "hi");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Bytes(pub Vec<u8>);

impl std::ops::Deref for Bytes {
    type Target = Vec<u8>;
    fn deref(&self) -> &Vec<u8> {
        &self.0
    }
}

impl From<Vec<u8>> for Bytes {
    fn from(v: Vec<u8>) -> Self {
        Bytes(v)
    }
}

impl IntoLua for Bytes {
    fn into_lua(self, lua: &Lua) -> Result<Value> {
        lua.create_string(self.0).map(Value::String)
    }
}

impl FromLua for Bytes {
    fn from_lua(value: Value, _: &Lua) -> Result<Self> {
        string_bytes(&value, "Bytes").map(Bytes)
    }
}

impl<T: IntoLua> IntoLua for Option<T> {
    fn into_lua(self, lua: &Lua) -> Result<Value> {
        match self {
            Some(v) => v.into_lua(lua),
            None => Ok(Value::Nil),
        }
    }
}

/// `nil` is `None`; anything else must convert to `T`.
impl<T: FromLua> FromLua for Option<T> {
    fn from_lua(value: Value, lua: &Lua) -> Result<Self> {
        match value {
            Value::Nil => Ok(None),
            other => T::from_lua(other, lua).map(Some),
        }
    }
}

fn expect_table(value: Value, to: &'static str) -> Result<Table> {
    match value {
        Value::Table(t) => Ok(t),
        other => Err(Error::from_lua(other.type_name(), to, "table")),
    }
}

/// A sequence: a table with the values at 1, 2, ...
impl<T: IntoLua> IntoLua for Vec<T> {
    fn into_lua(self, lua: &Lua) -> Result<Value> {
        lua.create_sequence_from(self).map(Value::Table)
    }
}

/// The values at 1, 2, ... up to the first `nil` (raw reads).
impl<T: FromLua> FromLua for Vec<T> {
    fn from_lua(value: Value, _: &Lua) -> Result<Self> {
        expect_table(value, "Vec")?.sequence_values::<T>().collect()
    }
}

impl<K: IntoLua, V: IntoLua, S> IntoLua for HashMap<K, V, S> {
    fn into_lua(self, lua: &Lua) -> Result<Value> {
        lua.create_table_from(self).map(Value::Table)
    }
}

/// Every key-value pair of the table (raw reads).
impl<K: FromLua + Eq + Hash, V: FromLua, S: BuildHasher + Default> FromLua for HashMap<K, V, S> {
    fn from_lua(value: Value, _: &Lua) -> Result<Self> {
        expect_table(value, "HashMap")?.pairs::<K, V>().collect()
    }
}

impl<K: IntoLua, V: IntoLua> IntoLua for BTreeMap<K, V> {
    fn into_lua(self, lua: &Lua) -> Result<Value> {
        lua.create_table_from(self).map(Value::Table)
    }
}

/// Every key-value pair of the table (raw reads).
impl<K: FromLua + Ord, V: FromLua> FromLua for BTreeMap<K, V> {
    fn from_lua(value: Value, _: &Lua) -> Result<Self> {
        expect_table(value, "BTreeMap")?.pairs::<K, V>().collect()
    }
}

macro_rules! impl_handle {
    ($($t:ident $variant:ident $expected:literal),*) => {$(
        impl IntoLua for $t {
            fn into_lua(self, _: &Lua) -> Result<Value> {
                Ok(Value::$variant(self))
            }
        }

        impl IntoLua for &$t {
            fn into_lua(self, _: &Lua) -> Result<Value> {
                Ok(Value::$variant(self.clone()))
            }
        }

        impl FromLua for $t {
            fn from_lua(value: Value, _: &Lua) -> Result<Self> {
                match value {
                    Value::$variant(h) => Ok(h),
                    other => Err(Error::from_lua(other.type_name(), stringify!($t), $expected)),
                }
            }
        }
    )*};
}

impl_handle!(
    Table Table "table",
    Function Function "function",
    Thread Thread "thread",
    AnyUserData UserData "userdata"
);

impl IntoLua for LuaString {
    fn into_lua(self, _: &Lua) -> Result<Value> {
        Ok(Value::String(self))
    }
}

impl IntoLua for &LuaString {
    fn into_lua(self, _: &Lua) -> Result<Value> {
        Ok(Value::String(self.clone()))
    }
}

/// A string, or a number converted to its `tostring` form.
impl FromLua for LuaString {
    fn from_lua(value: Value, lua: &Lua) -> Result<Self> {
        match value {
            Value::String(s) => Ok(s),
            Value::Integer(_) | Value::Number(_) => lua.create_string(string_bytes(&value, "LuaString")?),
            other => Err(Error::from_lua(other.type_name(), "LuaString", "string")),
        }
    }
}
