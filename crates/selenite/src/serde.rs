//! Serde support (feature `serde`): [`Lua::to_value`] turns any `Serialize` value
//! into a Lua value and [`Lua::from_value`] reads any `Deserialize` type out of one.
//!
//! The mapping, and the choices it makes:
//!
//! - booleans, integers, floats and strings map to their Lua counterparts (a `u64`
//!   beyond `i64::MAX` becomes a float, as its [`IntoLua`] conversion does; an
//!   `i128`/`u128` out of `i64`'s range is an error; byte strings become Lua strings);
//! - sequences, tuples and tuple structs map to array tables `{ [1] = ..., [2] = ... }`;
//!   maps and structs map to tables keyed by their (string) keys;
//! - `None`, `()` and unit structs map to `nil` at the top level; a struct field or
//!   map value that is `None` is simply absent from the table. Where `nil` would lose
//!   something they become [`Value::NULL`] (a light userdata holding a null pointer),
//!   which reads back as `None` / `()`: `None` and `()` inside a sequence (a hole
//!   would shift positions), and `()` as a field or map value (an absent key cannot
//!   be read back as `()`);
//! - enums are externally tagged as in JSON: a unit variant is its name as a string,
//!   any other variant a one-key table `{ Variant = value }`;
//! - an empty table reads as whatever the target type asks for (an empty `Vec`, an
//!   empty map, a struct whose fields are all optional); a target that accepts any
//!   value sees it as an empty sequence. A table with keys `1..=n` and nothing else
//!   is a sequence, any other table a map;
//! - a float with an integral value reads as an integer type; tables nested deeper
//!   than [`MAX_DEPTH`] (as a table containing itself is) are refused rather than
//!   followed.
//!
//! ```
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Serialize, Deserialize, Debug, PartialEq)]
//! enum Shape { Dot, Circle { r: f64 } }
//!
//! let lua = selenite::Lua::new();
//! let shapes = vec![Shape::Dot, Shape::Circle { r: 2.0 }];
//! lua.globals().set("shapes", lua.to_value(&shapes).unwrap()).unwrap();
//! let text: String = lua.load("return shapes[1] .. ' ' .. shapes[2].Circle.r").eval().unwrap();
//! assert_eq!(text, "Dot 2.0");
//! let back: Vec<Shape> = lua.from_value(lua.globals().get("shapes").unwrap()).unwrap();
//! assert_eq!(back, shapes);
//! ```

use crate::conversion::IntoLua;
use crate::error::{Error, Result};
use crate::state::Lua;
use crate::table::Table;
use crate::value::Value;
use ::serde::de::value::StringDeserializer;
use ::serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
use ::serde::ser::{self, Serialize};
use std::fmt::Display;

/// How deeply tables may nest when read with [`Lua::from_value`].
///
/// ```
/// #[derive(serde::Deserialize, Debug)]
/// struct Nested(Vec<Nested>);
///
/// let lua = selenite::Lua::new();
/// let deep = lua.load("local t = {} for _ = 1, 200 do t = { t } end return t").eval().unwrap();
/// let err = lua.from_value::<Nested>(deep).unwrap_err();
/// assert_eq!(err.to_string(), "deserialize error: tables nested more than 128 deep (a cycle?)");
/// assert_eq!(selenite::serde::MAX_DEPTH, 128);
/// ```
pub const MAX_DEPTH: usize = 128;

impl Value {
    /// The null sentinel of serde conversions: a light userdata holding a null
    /// pointer. `None` and `()` inside sequences become it, and it reads back as
    /// `None` / `()` anywhere.
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// let t = lua.to_value(&vec![Some(1), None, Some(3)]).unwrap();
    /// lua.globals().set("t", t).unwrap();
    /// assert_eq!(lua.load("return #t, t[2] == nil").eval::<(i64, bool)>().unwrap(), (3, false));
    /// assert!(lua.globals().get::<selenite::Table>("t").unwrap().raw_get::<selenite::Value>(2).unwrap().is_null());
    /// ```
    pub const NULL: Value = Value::LightUserData(0);

    /// Whether the value is [`Value::NULL`].
    ///
    /// ```
    /// assert!(selenite::Value::NULL.is_null());
    /// assert!(!selenite::Value::Nil.is_null());
    /// ```
    pub fn is_null(&self) -> bool {
        matches!(self, Value::LightUserData(0))
    }
}

impl Lua {
    /// Converts any `Serialize` value to a Lua value (see the mapping in the
    /// [`serde` module documentation](crate::serde)).
    ///
    /// ```
    /// #[derive(serde::Serialize)]
    /// struct Config { name: String, retries: u32, tags: Vec<String>, proxy: Option<String> }
    ///
    /// let lua = selenite::Lua::new();
    /// let config = Config { name: "moon".into(), retries: 3, tags: vec!["a".into()], proxy: None };
    /// lua.globals().set("config", lua.to_value(&config).unwrap()).unwrap();
    /// let summary: String = lua.load("return config.name .. config.retries .. #config.tags .. tostring(config.proxy)").eval().unwrap();
    /// assert_eq!(summary, "moon31nil");
    /// ```
    pub fn to_value<T: Serialize + ?Sized>(&self, value: &T) -> Result<Value> {
        value.serialize(Serializer { lua: self, position: Position::TopLevel })
    }

    /// Reads any `Deserialize` type out of a Lua value (see the mapping in the
    /// [`serde` module documentation](crate::serde)).
    ///
    /// ```
    /// #[derive(serde::Deserialize, Debug, PartialEq)]
    /// struct Point { x: i32, y: i32, label: Option<String> }
    ///
    /// let lua = selenite::Lua::new();
    /// let v = lua.load("return { x = 1, y = 2.0 }").eval().unwrap();
    /// assert_eq!(lua.from_value::<Point>(v).unwrap(), Point { x: 1, y: 2, label: None });
    /// let bad = lua.load("return { x = 'one', y = 2 }").eval().unwrap();
    /// assert_eq!(lua.from_value::<Point>(bad).unwrap_err().to_string(),
    ///            "deserialize error: invalid type: string \"one\", expected i32");
    /// ```
    pub fn from_value<T: de::DeserializeOwned>(&self, value: Value) -> Result<T> {
        T::deserialize(Deserializer { lua: self, value, depth: 0 })
    }
}

impl ser::Error for Error {
    fn custom<T: Display>(msg: T) -> Self {
        Error::SerializeError(msg.to_string())
    }
}

impl de::Error for Error {
    fn custom<T: Display>(msg: T) -> Self {
        Error::DeserializeError(msg.to_string())
    }
}

/// Builds a Lua value from a Rust value.
#[derive(Clone, Copy)]
struct Serializer<'a> {
    lua: &'a Lua,
    position: Position,
}

/// Where a value being serialized goes, which decides how `None` and `()` appear.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Position {
    TopLevel,
    /// An element of a sequence or tuple.
    Element,
    /// A struct field or a map key or value.
    Member,
}

impl Serializer<'_> {
    fn none(self) -> Value {
        if self.position == Position::Element {
            Value::NULL
        } else {
            Value::Nil
        }
    }

    fn unit(self) -> Value {
        if self.position == Position::TopLevel {
            Value::Nil
        } else {
            Value::NULL
        }
    }

    fn element(self) -> Self {
        Serializer { lua: self.lua, position: Position::Element }
    }

    fn member(self) -> Self {
        Serializer { lua: self.lua, position: Position::Member }
    }

    /// `{ [variant] = value }`.
    fn tagged(self, variant: &str, value: Value) -> Result<Value> {
        let t = self.lua.create_table()?;
        t.raw_set(variant, value)?;
        Ok(Value::Table(t))
    }
}

/// A sequence or map under construction.
struct TableBuilder<'a> {
    serializer: Serializer<'a>,
    table: Table,
    /// The next array index (sequences) .
    next: i64,
    /// The key waiting for its value (maps).
    key: Option<Value>,
    /// For enum variants: the variant name to wrap the table in.
    variant: Option<&'static str>,
}

impl<'a> TableBuilder<'a> {
    fn new(serializer: Serializer<'a>, variant: Option<&'static str>) -> Result<TableBuilder<'a>> {
        let table = serializer.lua.create_table()?;
        Ok(TableBuilder { serializer, table, next: 1, key: None, variant })
    }

    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        let value = value.serialize(self.serializer.element())?;
        self.table.raw_set(self.next, value)?;
        self.next += 1;
        Ok(())
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<()> {
        let value = value.serialize(self.serializer.member())?;
        self.table.raw_set(key, value)
    }

    fn finish(self) -> Result<Value> {
        let value = Value::Table(self.table);
        match self.variant {
            Some(variant) => self.serializer.tagged(variant, value),
            None => Ok(value),
        }
    }
}

impl ser::SerializeSeq for TableBuilder<'_> {
    type Ok = Value;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.push(value)
    }
    fn end(self) -> Result<Value> {
        self.finish()
    }
}

impl ser::SerializeTuple for TableBuilder<'_> {
    type Ok = Value;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.push(value)
    }
    fn end(self) -> Result<Value> {
        self.finish()
    }
}

impl ser::SerializeTupleStruct for TableBuilder<'_> {
    type Ok = Value;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.push(value)
    }
    fn end(self) -> Result<Value> {
        self.finish()
    }
}

impl ser::SerializeTupleVariant for TableBuilder<'_> {
    type Ok = Value;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.push(value)
    }
    fn end(self) -> Result<Value> {
        self.finish()
    }
}

impl ser::SerializeMap for TableBuilder<'_> {
    type Ok = Value;
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<()> {
        self.key = Some(key.serialize(self.serializer.member())?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        let key = self.key.take().unwrap_or(Value::Nil);
        let value = value.serialize(self.serializer.member())?;
        if key.is_nil() {
            return Err(Error::SerializeError("a map key serialized to nil".into()));
        }
        self.table.raw_set(key, value)
    }
    fn end(self) -> Result<Value> {
        self.finish()
    }
}

impl ser::SerializeStruct for TableBuilder<'_> {
    type Ok = Value;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<()> {
        self.field(key, value)
    }
    fn end(self) -> Result<Value> {
        self.finish()
    }
}

impl ser::SerializeStructVariant for TableBuilder<'_> {
    type Ok = Value;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<()> {
        self.field(key, value)
    }
    fn end(self) -> Result<Value> {
        self.finish()
    }
}

impl<'a> ser::Serializer for Serializer<'a> {
    type Ok = Value;
    type Error = Error;
    type SerializeSeq = TableBuilder<'a>;
    type SerializeTuple = TableBuilder<'a>;
    type SerializeTupleStruct = TableBuilder<'a>;
    type SerializeTupleVariant = TableBuilder<'a>;
    type SerializeMap = TableBuilder<'a>;
    type SerializeStruct = TableBuilder<'a>;
    type SerializeStructVariant = TableBuilder<'a>;

    fn serialize_bool(self, v: bool) -> Result<Value> {
        Ok(Value::Boolean(v))
    }
    fn serialize_i8(self, v: i8) -> Result<Value> {
        Ok(Value::Integer(v.into()))
    }
    fn serialize_i16(self, v: i16) -> Result<Value> {
        Ok(Value::Integer(v.into()))
    }
    fn serialize_i32(self, v: i32) -> Result<Value> {
        Ok(Value::Integer(v.into()))
    }
    fn serialize_i64(self, v: i64) -> Result<Value> {
        Ok(Value::Integer(v))
    }
    fn serialize_u8(self, v: u8) -> Result<Value> {
        Ok(Value::Integer(v.into()))
    }
    fn serialize_u16(self, v: u16) -> Result<Value> {
        Ok(Value::Integer(v.into()))
    }
    fn serialize_u32(self, v: u32) -> Result<Value> {
        Ok(Value::Integer(v.into()))
    }
    fn serialize_u64(self, v: u64) -> Result<Value> {
        v.into_lua(self.lua)
    }
    fn serialize_i128(self, v: i128) -> Result<Value> {
        i64::try_from(v).map(Value::Integer).map_err(|_| out_of_range("i128"))
    }
    fn serialize_u128(self, v: u128) -> Result<Value> {
        i64::try_from(v).map(Value::Integer).map_err(|_| out_of_range("u128"))
    }
    fn serialize_f32(self, v: f32) -> Result<Value> {
        Ok(Value::Number(v.into()))
    }
    fn serialize_f64(self, v: f64) -> Result<Value> {
        Ok(Value::Number(v))
    }
    fn serialize_char(self, v: char) -> Result<Value> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<Value> {
        self.lua.create_string(v).map(Value::String)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Value> {
        self.lua.create_string(v).map(Value::String)
    }
    fn serialize_none(self) -> Result<Value> {
        Ok(self.none())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Value> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Value> {
        Ok(self.unit())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Value> {
        Ok(self.unit())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<Value> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result<Value> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Value> {
        let value = value.serialize(self.member())?;
        self.tagged(variant, value)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<TableBuilder<'a>> {
        TableBuilder::new(self, None)
    }
    fn serialize_tuple(self, _: usize) -> Result<TableBuilder<'a>> {
        TableBuilder::new(self, None)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<TableBuilder<'a>> {
        TableBuilder::new(self, None)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<TableBuilder<'a>> {
        TableBuilder::new(self, Some(variant))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<TableBuilder<'a>> {
        TableBuilder::new(self, None)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<TableBuilder<'a>> {
        TableBuilder::new(self, None)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<TableBuilder<'a>> {
        TableBuilder::new(self, Some(variant))
    }
}

fn out_of_range(from: &'static str) -> Error {
    Error::ToLuaConversionError { from, to: "integer", message: Some("out of range".into()) }
}

/// Reads a Rust value out of a Lua value.
struct Deserializer<'a> {
    lua: &'a Lua,
    value: Value,
    /// How many tables enclose this value.
    depth: usize,
}

impl<'a> Deserializer<'a> {
    fn nested(&self, value: Value) -> Result<Deserializer<'a>> {
        if self.depth >= MAX_DEPTH {
            return Err(Error::DeserializeError(format!("tables nested more than {MAX_DEPTH} deep (a cycle?)")));
        }
        Ok(Deserializer { lua: self.lua, value, depth: self.depth + 1 })
    }

    /// The elements `t[1..=n]` if the table is a sequence (keys exactly `1..=n`);
    /// `None` for any other table.
    fn sequence(table: &Table) -> Result<Option<Vec<Value>>> {
        let n = table.raw_len();
        let mut count = 0usize;
        for pair in table.pairs::<Value, Value>() {
            let (key, _) = pair?;
            count += 1;
            let in_range = matches!(key, Value::Integer(i) if i >= 1 && (i as usize) <= n);
            if !in_range {
                return Ok(None);
            }
        }
        if count != n {
            return Ok(None);
        }
        (1..=n as i64).map(|i| table.raw_get::<Value>(i)).collect::<Result<Vec<_>>>().map(Some)
    }

    fn visit_sequence<V: Visitor<'a>>(&self, elements: Vec<Value>, visitor: V) -> Result<V::Value> {
        let items = elements.into_iter().map(|v| self.nested(v)).collect::<Result<Vec<_>>>()?;
        let mut access = de::value::SeqDeserializer::new(items.into_iter());
        let value = visitor.visit_seq(&mut access)?;
        access.end()?;
        Ok(value)
    }

    fn visit_table_as_map<V: Visitor<'a>>(&self, table: &Table, visitor: V) -> Result<V::Value> {
        let mut entries = Vec::new();
        for pair in table.pairs::<Value, Value>() {
            let (k, v) = pair?;
            entries.push((self.nested(k)?, self.nested(v)?));
        }
        let mut access = de::value::MapDeserializer::new(entries.into_iter());
        let value = visitor.visit_map(&mut access)?;
        access.end()?;
        Ok(value)
    }

    fn integer(&self) -> Option<i64> {
        match self.value {
            Value::Integer(i) => Some(i),
            Value::Number(f) => selenite_number::float_to_int_exact(f),
            _ => None,
        }
    }

    fn unexpected(&self) -> de::Unexpected<'_> {
        match &self.value {
            Value::Nil => de::Unexpected::Unit,
            Value::Boolean(b) => de::Unexpected::Bool(*b),
            Value::Integer(i) => de::Unexpected::Signed(*i),
            Value::Number(f) => de::Unexpected::Float(*f),
            Value::String(_) => de::Unexpected::Other("string"),
            Value::Table(_) => de::Unexpected::Other("table"),
            Value::Function(_) => de::Unexpected::Other("function"),
            Value::Thread(_) => de::Unexpected::Other("thread"),
            Value::LightUserData(_) | Value::UserData(_) => de::Unexpected::Other("userdata"),
        }
    }
}

impl<'de> IntoDeserializer<'de, Error> for Deserializer<'de> {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}

/// Integer targets also accept floats with an integral value.
macro_rules! deserialize_integer {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            match self.integer() {
                Some(i) => visitor.visit_i64(i),
                None => self.deserialize_any(visitor),
            }
        }
    )*};
}

impl<'de> de::Deserializer<'de> for Deserializer<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match &self.value {
            Value::Nil => visitor.visit_unit(),
            v if v.is_null() => visitor.visit_unit(),
            Value::Boolean(b) => visitor.visit_bool(*b),
            Value::Integer(i) => visitor.visit_i64(*i),
            Value::Number(f) => visitor.visit_f64(*f),
            Value::String(s) => {
                let bytes = s.to_bytes()?;
                match String::from_utf8(bytes) {
                    Ok(text) => visitor.visit_string(text),
                    Err(e) => visitor.visit_byte_buf(e.into_bytes()),
                }
            }
            Value::Table(t) => match Deserializer::sequence(t)? {
                Some(elements) => self.visit_sequence(elements, visitor),
                None => self.visit_table_as_map(t, visitor),
            },
            _ => Err(de::Error::invalid_type(self.unexpected(), &visitor)),
        }
    }

    deserialize_integer!(deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64);

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.value.is_nil() || self.value.is_null() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match &self.value {
            Value::Table(t) => match Deserializer::sequence(t)? {
                Some(elements) => self.visit_sequence(elements, visitor),
                None => Err(de::Error::invalid_type(de::Unexpected::Map, &visitor)),
            },
            _ => Err(de::Error::invalid_type(self.unexpected(), &visitor)),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(self, _: &'static str, _: usize, visitor: V) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match &self.value {
            Value::Table(t) => self.visit_table_as_map(t, visitor),
            _ => Err(de::Error::invalid_type(self.unexpected(), &visitor)),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        match &self.value {
            Value::String(s) => visitor.visit_enum(StringDeserializer::<Error>::new(s.to_str()?)),
            Value::Table(t) => {
                let mut pairs = t.pairs::<String, Value>();
                let (variant, value) = match (pairs.next(), pairs.next()) {
                    (Some(pair), None) => pair?,
                    _ => return Err(Error::DeserializeError("an enum table must have exactly one key".into())),
                };
                visitor.visit_enum(VariantAccess { variant, value: self.nested(value)? })
            }
            _ => Err(de::Error::invalid_type(self.unexpected(), &visitor)),
        }
    }

    ::serde::forward_to_deserialize_any! {
        bool f32 f64 char str string bytes byte_buf unit unit_struct identifier ignored_any i128 u128
    }
}

/// An enum variant given as `{ Variant = value }`.
struct VariantAccess<'a> {
    variant: String,
    value: Deserializer<'a>,
}

impl<'de> de::EnumAccess<'de> for VariantAccess<'de> {
    type Error = Error;
    type Variant = Deserializer<'de>;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Deserializer<'de>)> {
        let variant = seed.deserialize(StringDeserializer::<Error>::new(self.variant))?;
        Ok((variant, self.value))
    }
}

impl<'de> de::VariantAccess<'de> for Deserializer<'de> {
    type Error = Error;

    fn unit_variant(self) -> Result<()> {
        de::Deserialize::deserialize(self)
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value> {
        de::Deserializer::deserialize_seq(self, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(self, _: &'static [&'static str], visitor: V) -> Result<V::Value> {
        de::Deserializer::deserialize_map(self, visitor)
    }
}
