//! Several values at once: function arguments and results. [`MultiValue`] is a list
//! of [`Value`]s; [`IntoLuaMulti`] and [`FromLuaMulti`] convert tuples, single values,
//! `()` and [`Variadic`] lists to and from it. In a tuple every element but the last
//! is one value; the last may be a [`Variadic`] (or [`MultiValue`]) that takes the
//! rest.

use crate::conversion::{FromLua, IntoLua};
use crate::error::{Error, Result};
use crate::state::Lua;
use crate::value::Value;
use std::sync::Arc;

/// An ordered list of Lua values (arguments or results).
///
/// ```
/// let lua = selenite::Lua::new();
/// let all: selenite::MultiValue = lua.load("return 1, 'two', nil").eval().unwrap();
/// assert_eq!(all.len(), 3);
/// assert_eq!(all[1].type_name(), "string");
/// ```
#[derive(Clone, Debug, Default)]
pub struct MultiValue(Vec<Value>);

impl MultiValue {
    /// An empty list.
    ///
    /// ```
    /// assert!(selenite::MultiValue::new().is_empty());
    /// ```
    pub fn new() -> MultiValue {
        MultiValue(Vec::new())
    }

    /// A list from a vector.
    ///
    /// ```
    /// let m = selenite::MultiValue::from_vec(vec![selenite::Value::Integer(1)]);
    /// assert_eq!(m.len(), 1);
    /// ```
    pub fn from_vec(values: Vec<Value>) -> MultiValue {
        MultiValue(values)
    }

    /// The values as a vector.
    ///
    /// ```
    /// let m = selenite::MultiValue::from_vec(vec![selenite::Value::Nil]);
    /// assert_eq!(m.into_vec().len(), 1);
    /// ```
    pub fn into_vec(self) -> Vec<Value> {
        self.0
    }
}

impl std::ops::Deref for MultiValue {
    type Target = Vec<Value>;
    fn deref(&self) -> &Vec<Value> {
        &self.0
    }
}

impl std::ops::DerefMut for MultiValue {
    fn deref_mut(&mut self) -> &mut Vec<Value> {
        &mut self.0
    }
}

impl FromIterator<Value> for MultiValue {
    fn from_iter<I: IntoIterator<Item = Value>>(iter: I) -> Self {
        MultiValue(iter.into_iter().collect())
    }
}

impl IntoIterator for MultiValue {
    type Item = Value;
    type IntoIter = std::vec::IntoIter<Value>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// Any number of values of one type, as the last element of an argument or result
/// tuple (Lua's `...`).
///
/// ```
/// use selenite::{Lua, Variadic};
/// let lua = Lua::new();
/// let sum = lua.create_function(|_, xs: Variadic<i64>| Ok(xs.iter().sum::<i64>())).unwrap();
/// assert_eq!(sum.call::<i64>((1, 2, 3)).unwrap(), 6);
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Variadic<T>(Vec<T>);

impl<T> Variadic<T> {
    /// An empty list.
    ///
    /// ```
    /// assert!(selenite::Variadic::<i64>::new().is_empty());
    /// ```
    pub fn new() -> Variadic<T> {
        Variadic(Vec::new())
    }
}

impl<T> From<Vec<T>> for Variadic<T> {
    fn from(v: Vec<T>) -> Self {
        Variadic(v)
    }
}

impl<T> FromIterator<T> for Variadic<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Variadic(iter.into_iter().collect())
    }
}

impl<T> IntoIterator for Variadic<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<T> std::ops::Deref for Variadic<T> {
    type Target = Vec<T>;
    fn deref(&self) -> &Vec<T> {
        &self.0
    }
}

impl<T> std::ops::DerefMut for Variadic<T> {
    fn deref_mut(&mut self) -> &mut Vec<T> {
        &mut self.0
    }
}

/// Converts a Rust value into any number of Lua values (arguments or results).
///
/// ```
/// use selenite::IntoLuaMulti;
/// let lua = selenite::Lua::new();
/// assert_eq!((1, "a", true).into_lua_multi(&lua).unwrap().len(), 3);
/// assert_eq!(().into_lua_multi(&lua).unwrap().len(), 0);
/// ```
pub trait IntoLuaMulti {
    /// Performs the conversion. A [`Variadic`] (or [`MultiValue`]) as a tuple's last
    /// element is spread, so its values follow the others:
    ///
    /// ```
    /// use selenite::{IntoLuaMulti, Variadic};
    /// let lua = selenite::Lua::new();
    /// let values = ("sum", Variadic::from(vec![1, 2, 3])).into_lua_multi(&lua).unwrap();
    /// assert_eq!(values.len(), 4);
    /// assert_eq!(values[3].type_name(), "number");
    /// ```
    fn into_lua_multi(self, lua: &Lua) -> Result<MultiValue>;
}

/// Converts any number of Lua values (arguments or results) into a Rust value.
/// Missing values read as `nil`; extra values are ignored.
///
/// ```
/// use selenite::{FromLuaMulti, MultiValue, Value};
/// let lua = selenite::Lua::new();
/// let values = MultiValue::from_vec(vec![Value::Integer(1)]);
/// let (a, b): (i64, Option<String>) = FromLuaMulti::from_lua_multi(values, &lua).unwrap();
/// assert_eq!((a, b), (1, None));
/// ```
pub trait FromLuaMulti: Sized {
    /// Performs the conversion. A [`Variadic`] as a tuple's last element takes all the
    /// remaining values:
    ///
    /// ```
    /// use selenite::{FromLuaMulti, MultiValue, Variadic};
    /// let lua = selenite::Lua::new();
    /// let values: MultiValue = lua.load("return 'xs', 1, 2").eval().unwrap();
    /// let (name, rest) = <(String, Variadic<i64>)>::from_lua_multi(values, &lua).unwrap();
    /// assert_eq!((name.as_str(), rest.to_vec()), ("xs", vec![1, 2]));
    /// ```
    fn from_lua_multi(values: MultiValue, lua: &Lua) -> Result<Self>;

    /// Converts the arguments of a Rust function called from Lua, the first of them
    /// being argument number `first_pos`; a failure is an [`Error::BadArgument`]
    /// naming the argument.
    ///
    /// ```
    /// use selenite::{FromLuaMulti, MultiValue, Value};
    /// let lua = selenite::Lua::new();
    /// let args = MultiValue::from_vec(vec![Value::Integer(1), Value::Boolean(true)]);
    /// let err = <(i64, String)>::from_lua_args(args, 1, &lua).unwrap_err();
    /// assert!(matches!(err, selenite::Error::BadArgument { pos: 2, .. }));
    /// assert_eq!(err.to_string(), "bad argument #2 (error converting Lua boolean to String (string expected))");
    /// ```
    fn from_lua_args(args: MultiValue, first_pos: usize, lua: &Lua) -> Result<Self> {
        Self::from_lua_multi(args, lua).map_err(|e| bad_argument(first_pos, e))
    }
}

pub(crate) fn bad_argument(pos: usize, cause: Error) -> Error {
    match cause {
        already @ Error::BadArgument { .. } => already,
        cause => Error::BadArgument { pos, cause: Arc::new(cause) },
    }
}

impl<T: IntoLua> IntoLuaMulti for T {
    fn into_lua_multi(self, lua: &Lua) -> Result<MultiValue> {
        Ok(MultiValue(vec![self.into_lua(lua)?]))
    }
}

impl<T: FromLua> FromLuaMulti for T {
    fn from_lua_multi(values: MultiValue, lua: &Lua) -> Result<Self> {
        T::from_lua(values.0.into_iter().next().unwrap_or(Value::Nil), lua)
    }
}

impl IntoLuaMulti for MultiValue {
    fn into_lua_multi(self, _: &Lua) -> Result<MultiValue> {
        Ok(self)
    }
}

impl FromLuaMulti for MultiValue {
    fn from_lua_multi(values: MultiValue, _: &Lua) -> Result<Self> {
        Ok(values)
    }
}

impl<T: IntoLua> IntoLuaMulti for Variadic<T> {
    fn into_lua_multi(self, lua: &Lua) -> Result<MultiValue> {
        self.0.into_iter().map(|v| v.into_lua(lua)).collect()
    }
}

impl<T: FromLua> FromLuaMulti for Variadic<T> {
    fn from_lua_multi(values: MultiValue, lua: &Lua) -> Result<Self> {
        values.0.into_iter().map(|v| T::from_lua(v, lua)).collect::<Result<Vec<T>>>().map(Variadic)
    }
    fn from_lua_args(args: MultiValue, first_pos: usize, lua: &Lua) -> Result<Self> {
        let mut out = Vec::with_capacity(args.len());
        for (i, v) in args.0.into_iter().enumerate() {
            out.push(T::from_lua(v, lua).map_err(|e| bad_argument(first_pos + i, e))?);
        }
        Ok(Variadic(out))
    }
}

impl IntoLuaMulti for () {
    fn into_lua_multi(self, _: &Lua) -> Result<MultiValue> {
        Ok(MultiValue::new())
    }
}

impl FromLuaMulti for () {
    fn from_lua_multi(_: MultiValue, _: &Lua) -> Result<Self> {
        Ok(())
    }
}

/// Results as a `Result`: `Ok(v)` gives `v`'s values; `Err(e)` gives `nil, message`
/// (the usual Lua convention for failures that are not errors).
impl<T: IntoLuaMulti, E: std::fmt::Display> IntoLuaMulti for std::result::Result<T, E> {
    fn into_lua_multi(self, lua: &Lua) -> Result<MultiValue> {
        match self {
            Ok(v) => v.into_lua_multi(lua),
            Err(e) => (Value::Nil, e.to_string()).into_lua_multi(lua),
        }
    }
}

macro_rules! impl_tuple {
    ($($name:ident)* ; $last:ident) => {
        impl<$($name: IntoLua,)* $last: IntoLuaMulti> IntoLuaMulti for ($($name,)* $last,) {
            #[allow(non_snake_case)]
            fn into_lua_multi(self, lua: &Lua) -> Result<MultiValue> {
                let ($($name,)* $last,) = self;
                let mut out = MultiValue::new();
                $(out.push($name.into_lua(lua)?);)*
                out.extend($last.into_lua_multi(lua)?.0);
                Ok(out)
            }
        }

        impl<$($name: FromLua,)* $last: FromLuaMulti> FromLuaMulti for ($($name,)* $last,) {
            #[allow(non_snake_case, unused_mut, unused_variables)]
            fn from_lua_multi(values: MultiValue, lua: &Lua) -> Result<Self> {
                let mut iter = values.0.into_iter();
                $(let $name = $name::from_lua(iter.next().unwrap_or(Value::Nil), lua)?;)*
                let $last = $last::from_lua_multi(iter.collect(), lua)?;
                Ok(($($name,)* $last,))
            }

            #[allow(non_snake_case, unused_mut, unused_assignments, unused_variables)]
            fn from_lua_args(args: MultiValue, first_pos: usize, lua: &Lua) -> Result<Self> {
                let mut iter = args.0.into_iter();
                let mut pos = first_pos;
                $(
                    let $name = $name::from_lua(iter.next().unwrap_or(Value::Nil), lua)
                        .map_err(|e| bad_argument(pos, e))?;
                    pos += 1;
                )*
                let $last = $last::from_lua_args(iter.collect(), pos, lua)?;
                Ok(($($name,)* $last,))
            }
        }
    };
}

impl_tuple!(; A);
impl_tuple!(A; B);
impl_tuple!(A B; C);
impl_tuple!(A B C; D);
impl_tuple!(A B C D; E);
impl_tuple!(A B C D E; F);
impl_tuple!(A B C D E F; G);
impl_tuple!(A B C D E F G; H);
impl_tuple!(A B C D E F G H; I);
impl_tuple!(A B C D E F G H I; J);
impl_tuple!(A B C D E F G H I J; K);
impl_tuple!(A B C D E F G H I J K; L);
