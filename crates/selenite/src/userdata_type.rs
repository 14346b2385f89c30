//! The [`UserData`] trait: a Rust type exposed to Lua with fields, methods and
//! metamethods, and the metatable built from it.
//!
//! A type's metatable is built once per state, on the first [`Lua::create_userdata`]
//! of that type, from what [`UserData::add_fields`] and [`UserData::add_methods`]
//! register. Methods live in a table reached through `__index`; when the type has
//! fields (or its own `__index`), `__index` is a function that tries the field
//! getters, then the methods, then the type's `__index`, and `__newindex` tries the
//! setters, then the type's `__newindex`. The metatable also gets `__name` (the type's
//! name, which argument errors and `tostring` show) and `__metatable = false`, so Lua
//! code can neither read nor replace it.
//!
//! Methods borrow the userdata that is their first argument: `&T` methods share it
//! (they may run re-entrantly), `&mut T` methods check it out (see `userdata.rs`); a
//! borrow that cannot be had, or a first argument of the wrong type, raises the
//! reference's `bad argument #1` error.

use crate::boundary::Callback;
use crate::conversion::{FromLua, IntoLua};
use crate::error::{Error, Result};
use crate::multi::{bad_argument, FromLuaMulti, IntoLuaMulti, MultiValue};
use crate::state::Lua;
use crate::table::Table;
use crate::userdata::{expect_userdata, name_mismatch, AnyUserData};
use crate::value::Value;
use std::any::TypeId;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

/// A Rust type that Lua code can use as a userdata with fields, methods and
/// metamethods. Values convert to Lua with [`IntoLua`] (or
/// [`Lua::create_userdata`]); `Clone` types also convert back by value.
///
/// ```
/// use selenite::{Lua, MetaMethod, UserData, UserDataFields, UserDataMethods};
///
/// #[derive(Clone, Copy)]
/// struct Vec2 { x: f64, y: f64 }
///
/// impl UserData for Vec2 {
///     fn add_fields<F: UserDataFields<Self>>(fields: &mut F) {
///         fields.add_field_method_get("x", |_, v| Ok(v.x));
///         fields.add_field_method_set("x", |_, v, x: f64| { v.x = x; Ok(()) });
///     }
///     fn add_methods<M: UserDataMethods<Self>>(methods: &mut M) {
///         methods.add_method("length", |_, v, ()| Ok(v.x.hypot(v.y)));
///         methods.add_method_mut("scale", |_, v, k: f64| { v.x *= k; v.y *= k; Ok(()) });
///         methods.add_function("new", |_, (x, y): (f64, f64)| Ok(Vec2 { x, y }));
///         methods.add_meta_method(MetaMethod::Add, |_, a, b: Vec2| Ok(Vec2 { x: a.x + b.x, y: a.y + b.y }));
///         methods.add_meta_method(MetaMethod::ToString, |_, v, ()| Ok(format!("({}, {})", v.x, v.y)));
///     }
/// }
///
/// let lua = Lua::new();
/// lua.globals().set("v", Vec2 { x: 3.0, y: 4.0 }).unwrap();
/// assert_eq!(lua.load("return v:length()").eval::<f64>().unwrap(), 5.0);
/// assert_eq!(lua.load("v:scale(2); v.x = v.x + 1; return tostring(v + v)").eval::<String>().unwrap(), "(14, 16)");
/// let v: Vec2 = lua.globals().get("v").unwrap();
/// assert_eq!((v.x, v.y), (7.0, 8.0));
/// ```
pub trait UserData: Sized + Send + 'static {
    /// Registers the type's fields.
    ///
    /// ```
    /// use selenite::{UserData, UserDataFields};
    /// struct Counter(u32);
    /// impl UserData for Counter {
    ///     fn add_fields<F: UserDataFields<Self>>(fields: &mut F) {
    ///         fields.add_field_method_get("count", |_, c| Ok(c.0));
    ///     }
    /// }
    /// let lua = selenite::Lua::new();
    /// lua.globals().set("c", Counter(3)).unwrap();
    /// assert_eq!(lua.load("return c.count").eval::<u32>().unwrap(), 3);
    /// ```
    fn add_fields<F: UserDataFields<Self>>(fields: &mut F) {
        let _ = fields;
    }

    /// Registers the type's methods, functions and metamethods.
    ///
    /// ```
    /// use selenite::{UserData, UserDataMethods};
    /// struct Counter(u32);
    /// impl UserData for Counter {
    ///     fn add_methods<M: UserDataMethods<Self>>(methods: &mut M) {
    ///         methods.add_method_mut("bump", |_, c, ()| { c.0 += 1; Ok(c.0) });
    ///     }
    /// }
    /// let lua = selenite::Lua::new();
    /// lua.globals().set("c", Counter(0)).unwrap();
    /// assert_eq!(lua.load("c:bump(); return c:bump()").eval::<u32>().unwrap(), 2);
    /// ```
    fn add_methods<M: UserDataMethods<Self>>(methods: &mut M) {
        let _ = methods;
    }
}

/// The metamethods a [`UserData`] type can define (each is the metatable field of the
/// same name: `MetaMethod::Add` is `__add`).
///
/// ```
/// assert_eq!(selenite::MetaMethod::ToString.name(), "__tostring");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MetaMethod {
    /// `+`.
    Add,
    /// `-` (binary).
    Sub,
    /// `*`.
    Mul,
    /// `/`.
    Div,
    /// `%`.
    Mod,
    /// `^`.
    Pow,
    /// `-` (unary).
    Unm,
    /// `//`.
    IDiv,
    /// `&`.
    BAnd,
    /// `|`.
    BOr,
    /// `~` (binary).
    BXor,
    /// `~` (unary).
    BNot,
    /// `<<`.
    Shl,
    /// `>>`.
    Shr,
    /// `..`.
    Concat,
    /// `#`.
    Len,
    /// `==`.
    Eq,
    /// `<`.
    Lt,
    /// `<=`.
    Le,
    /// Reading a key that is neither a field nor a method.
    Index,
    /// Writing a key that is not a writable field.
    NewIndex,
    /// Calling the value.
    Call,
    /// `tostring` (and `print`).
    ToString,
    /// Leaving the scope of a `<close>` variable.
    Close,
    /// `pairs`.
    Pairs,
}

impl MetaMethod {
    /// The metatable key (`"__add"`...).
    ///
    /// ```
    /// assert_eq!(selenite::MetaMethod::IDiv.name(), "__idiv");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            MetaMethod::Add => "__add",
            MetaMethod::Sub => "__sub",
            MetaMethod::Mul => "__mul",
            MetaMethod::Div => "__div",
            MetaMethod::Mod => "__mod",
            MetaMethod::Pow => "__pow",
            MetaMethod::Unm => "__unm",
            MetaMethod::IDiv => "__idiv",
            MetaMethod::BAnd => "__band",
            MetaMethod::BOr => "__bor",
            MetaMethod::BXor => "__bxor",
            MetaMethod::BNot => "__bnot",
            MetaMethod::Shl => "__shl",
            MetaMethod::Shr => "__shr",
            MetaMethod::Concat => "__concat",
            MetaMethod::Len => "__len",
            MetaMethod::Eq => "__eq",
            MetaMethod::Lt => "__lt",
            MetaMethod::Le => "__le",
            MetaMethod::Index => "__index",
            MetaMethod::NewIndex => "__newindex",
            MetaMethod::Call => "__call",
            MetaMethod::ToString => "__tostring",
            MetaMethod::Close => "__close",
            MetaMethod::Pairs => "__pairs",
        }
    }
}

/// Where [`UserData::add_fields`] registers fields: a getter makes `v.name` readable,
/// a setter makes `v.name = x` writable.
///
/// ```
/// use selenite::{UserData, UserDataFields};
/// struct Temperature { celsius: f64 }
/// impl UserData for Temperature {
///     fn add_fields<F: UserDataFields<Self>>(fields: &mut F) {
///         fields.add_field_method_get("fahrenheit", |_, t| Ok(t.celsius * 1.8 + 32.0));
///         fields.add_field_method_set("fahrenheit", |_, t, f: f64| { t.celsius = (f - 32.0) / 1.8; Ok(()) });
///     }
/// }
/// let lua = selenite::Lua::new();
/// lua.globals().set("t", Temperature { celsius: 100.0 }).unwrap();
/// assert_eq!(lua.load("t.fahrenheit = 32; return t.fahrenheit").eval::<f64>().unwrap(), 32.0);
/// ```
pub trait UserDataFields<T> {
    /// Makes field `name` readable: `v.name` is `getter(lua, &v)`.
    ///
    /// ```
    /// use selenite::{UserData, UserDataFields};
    /// struct Named(String);
    /// impl UserData for Named {
    ///     fn add_fields<F: UserDataFields<Self>>(fields: &mut F) {
    ///         fields.add_field_method_get("name", |_, n| Ok(n.0.clone()));
    ///     }
    /// }
    /// let lua = selenite::Lua::new();
    /// lua.globals().set("n", Named("moon".into())).unwrap();
    /// assert_eq!(lua.load("return n.name").eval::<String>().unwrap(), "moon");
    /// let err = lua.load("n.name = 'x'").exec().unwrap_err();
    /// assert_eq!(err.to_string(), "field 'name' of Named is read-only");
    /// ```
    fn add_field_method_get<R, G>(&mut self, name: &str, getter: G)
    where
        R: IntoLua,
        G: Fn(&Lua, &T) -> Result<R> + Send + 'static;

    /// Makes field `name` writable: `v.name = x` calls `setter(lua, &mut v, x)`; a value
    /// that does not convert to `A` raises `bad argument #3 to 'newindex' (...)`
    /// errors.
    ///
    /// ```
    /// use selenite::{UserData, UserDataFields};
    /// struct Level(u8);
    /// impl UserData for Level {
    ///     fn add_fields<F: UserDataFields<Self>>(fields: &mut F) {
    ///         fields.add_field_method_get("value", |_, l| Ok(l.0));
    ///         fields.add_field_method_set("value", |_, l, v: u8| { l.0 = v; Ok(()) });
    ///     }
    /// }
    /// let lua = selenite::Lua::new();
    /// lua.globals().set("l", Level(1)).unwrap();
    /// assert_eq!(lua.load("l.value = 7; return l.value").eval::<u8>().unwrap(), 7);
    /// ```
    fn add_field_method_set<A, S>(&mut self, name: &str, setter: S)
    where
        A: FromLua,
        S: FnMut(&Lua, &mut T, A) -> Result<()> + Send + 'static;
}

/// Where [`UserData::add_methods`] registers methods (`v:name(...)`), functions
/// (`v.name(...)`, no borrow of `v`) and metamethods.
///
/// ```
/// use selenite::{MetaMethod, UserData, UserDataMethods};
/// struct Stack(Vec<i64>);
/// impl UserData for Stack {
///     fn add_methods<M: UserDataMethods<Self>>(methods: &mut M) {
///         methods.add_method_mut("push", |_, s, x: i64| { s.0.push(x); Ok(()) });
///         methods.add_meta_method(MetaMethod::Len, |_, s, ()| Ok(s.0.len()));
///     }
/// }
/// let lua = selenite::Lua::new();
/// lua.globals().set("s", Stack(vec![])).unwrap();
/// assert_eq!(lua.load("s:push(1); s:push(2); return #s").eval::<i64>().unwrap(), 2);
/// ```
pub trait UserDataMethods<T> {
    /// A method reading the value: `v:name(args)`.
    ///
    /// ```
    /// use selenite::{UserData, UserDataMethods};
    /// struct Greeter(String);
    /// impl UserData for Greeter {
    ///     fn add_methods<M: UserDataMethods<Self>>(methods: &mut M) {
    ///         methods.add_method("greet", |_, g, who: String| Ok(format!("{} {who}", g.0)));
    ///     }
    /// }
    /// let lua = selenite::Lua::new();
    /// lua.globals().set("g", Greeter("hello".into())).unwrap();
    /// assert_eq!(lua.load("return g:greet('moon')").eval::<String>().unwrap(), "hello moon");
    /// let err = lua.load("return g.greet(1)").set_name("=m").exec().unwrap_err();
    /// assert_eq!(err.to_string(), "m:1: bad argument #1 to 'greet' (Greeter expected, got number)");
    /// ```
    fn add_method<A, R, M>(&mut self, name: &str, method: M)
    where
        A: FromLuaMulti,
        R: IntoLuaMulti,
        M: Fn(&Lua, &T, A) -> Result<R> + Send + 'static;

    /// A method changing the value: `v:name(args)`. While it runs the value is
    /// checked out, so using the same userdata from inside it fails.
    ///
    /// ```
    /// use selenite::{UserData, UserDataMethods};
    /// struct Total(i64);
    /// impl UserData for Total {
    ///     fn add_methods<M: UserDataMethods<Self>>(methods: &mut M) {
    ///         methods.add_method_mut("add", |_, t, n: i64| { t.0 += n; Ok(t.0) });
    ///     }
    /// }
    /// let lua = selenite::Lua::new();
    /// lua.globals().set("t", Total(0)).unwrap();
    /// assert_eq!(lua.load("t:add(2); return t:add(3)").eval::<i64>().unwrap(), 5);
    /// ```
    fn add_method_mut<A, R, M>(&mut self, name: &str, method: M)
    where
        A: FromLuaMulti,
        R: IntoLuaMulti,
        M: FnMut(&Lua, &mut T, A) -> Result<R> + Send + 'static;

    /// A function stored with the methods but called without borrowing a value
    /// (constructors, for instance: `v.new(...)`).
    ///
    /// ```
    /// use selenite::{UserData, UserDataMethods};
    /// #[derive(Clone)]
    /// struct Point(i64);
    /// impl UserData for Point {
    ///     fn add_methods<M: UserDataMethods<Self>>(methods: &mut M) {
    ///         methods.add_function("origin", |_, ()| Ok(Point(0)));
    ///         methods.add_method("value", |_, p, ()| Ok(p.0));
    ///     }
    /// }
    /// let lua = selenite::Lua::new();
    /// lua.globals().set("p", Point(5)).unwrap();
    /// assert_eq!(lua.load("return p.origin():value()").eval::<i64>().unwrap(), 0);
    /// ```
    fn add_function<A, R, F>(&mut self, name: &str, function: F)
    where
        A: FromLuaMulti,
        R: IntoLuaMulti,
        F: Fn(&Lua, A) -> Result<R> + Send + 'static;

    /// A metamethod whose first operand is the value, borrowed shared.
    ///
    /// ```
    /// use selenite::{MetaMethod, UserData, UserDataMethods};
    /// struct Id(u32);
    /// impl UserData for Id {
    ///     fn add_methods<M: UserDataMethods<Self>>(methods: &mut M) {
    ///         methods.add_meta_method(MetaMethod::ToString, |_, id, ()| Ok(format!("#{}", id.0)));
    ///         methods.add_meta_method(MetaMethod::Call, |_, id, n: u32| Ok(id.0 + n));
    ///     }
    /// }
    /// let lua = selenite::Lua::new();
    /// lua.globals().set("id", Id(7)).unwrap();
    /// assert_eq!(lua.load("return tostring(id) .. ' ' .. id(1)").eval::<String>().unwrap(), "#7 8");
    /// ```
    fn add_meta_method<A, R, M>(&mut self, meta: MetaMethod, method: M)
    where
        A: FromLuaMulti,
        R: IntoLuaMulti,
        M: Fn(&Lua, &T, A) -> Result<R> + Send + 'static;

    /// A metamethod whose first operand is the value, borrowed exclusively.
    ///
    /// ```
    /// use selenite::{MetaMethod, UserData, UserDataMethods};
    /// struct Resource { open: bool }
    /// impl UserData for Resource {
    ///     fn add_methods<M: UserDataMethods<Self>>(methods: &mut M) {
    ///         methods.add_meta_method_mut(MetaMethod::Close, |_, r, _err: selenite::Value| { r.open = false; Ok(()) });
    ///         methods.add_method("is_open", |_, r, ()| Ok(r.open));
    ///     }
    /// }
    /// let lua = selenite::Lua::new();
    /// lua.globals().set("r", Resource { open: true }).unwrap();
    /// assert!(!lua.load("do local x <close> = r end return r:is_open()").eval::<bool>().unwrap());
    /// ```
    fn add_meta_method_mut<A, R, M>(&mut self, meta: MetaMethod, method: M)
    where
        A: FromLuaMulti,
        R: IntoLuaMulti,
        M: FnMut(&Lua, &mut T, A) -> Result<R> + Send + 'static;

    /// A metamethod taking all its operands as arguments (for operators where the
    /// value may be either operand: `2 * v` calls `__mul(2, v)`).
    ///
    /// ```
    /// use selenite::{MetaMethod, UserData, UserDataMethods, Value};
    /// struct Meters(f64);
    /// impl UserData for Meters {
    ///     fn add_methods<M: UserDataMethods<Self>>(methods: &mut M) {
    ///         methods.add_meta_function(MetaMethod::Mul, |_, (a, b): (Value, Value)| {
    ///             let (ud, k) = match (a, b) {
    ///                 (Value::UserData(ud), Value::Number(k)) | (Value::Number(k), Value::UserData(ud)) => (ud, k),
    ///                 _ => return Err(selenite::Error::runtime("can only scale by a float")),
    ///             };
    ///             Ok(Meters(ud.borrow_scoped(|m: &Meters| m.0)? * k))
    ///         });
    ///         methods.add_method("value", |_, m, ()| Ok(m.0));
    ///     }
    /// }
    /// let lua = selenite::Lua::new();
    /// lua.globals().set("m", Meters(1.5)).unwrap();
    /// assert_eq!(lua.load("return (2.0 * m):value()").eval::<f64>().unwrap(), 3.0);
    /// ```
    fn add_meta_function<A, R, F>(&mut self, meta: MetaMethod, function: F)
    where
        A: FromLuaMulti,
        R: IntoLuaMulti,
        F: Fn(&Lua, A) -> Result<R> + Send + 'static;
}

/// A field getter, its result already converted.
type Getter<T> = Box<dyn Fn(&Lua, &T) -> Result<Value> + Send>;
/// A field setter, converting the value itself (so its errors name the field).
type Setter<T> = Box<dyn FnMut(&Lua, &mut T, Value) -> Result<()> + Send>;

/// What a type registers: the implementation of [`UserDataFields`] and
/// [`UserDataMethods`].
struct TypeRegistry<T> {
    getters: HashMap<Vec<u8>, Getter<T>>,
    setters: HashMap<Vec<u8>, RefCell<Setter<T>>>,
    methods: Vec<(String, Callback)>,
    meta: Vec<(MetaMethod, Callback)>,
}

impl<T: UserData> TypeRegistry<T> {
    fn new() -> TypeRegistry<T> {
        TypeRegistry { getters: HashMap::new(), setters: HashMap::new(), methods: Vec::new(), meta: Vec::new() }
    }
}

/// The callback of a method: borrows its first argument as a `T` (shared) and
/// converts the rest from argument 2 on.
fn shared_method<T, A, R, M>(method: M) -> Callback
where
    T: UserData,
    A: FromLuaMulti,
    R: IntoLuaMulti,
    M: Fn(&Lua, &T, A) -> Result<R> + Send + 'static,
{
    Box::new(move |lua, args| {
        let (this, args) = split_self::<T>(args)?;
        let args = A::from_lua_args(args, 2, lua)?;
        let results = this.borrow_scoped(|this: &T| method(lua, this, args)).map_err(self_error::<T>)?;
        results?.into_lua_multi(lua)
    })
}

/// The callback of a `&mut T` method.
fn exclusive_method<T, A, R, M>(method: M) -> Callback
where
    T: UserData,
    A: FromLuaMulti,
    R: IntoLuaMulti,
    M: FnMut(&Lua, &mut T, A) -> Result<R> + Send + 'static,
{
    let method = RefCell::new(method);
    Box::new(move |lua, args| {
        let (this, args) = split_self::<T>(args)?;
        let args = A::from_lua_args(args, 2, lua)?;
        let mut this = this.borrow_mut::<T>().map_err(self_error::<T>)?;
        let mut method = method.try_borrow_mut().map_err(|_| Error::RecursiveMutCallback)?;
        method(lua, &mut this, args)?.into_lua_multi(lua)
    })
}

fn plain_function<A, R, F>(function: F) -> Callback
where
    A: FromLuaMulti,
    R: IntoLuaMulti,
    F: Fn(&Lua, A) -> Result<R> + Send + 'static,
{
    Box::new(move |lua, args| function(lua, A::from_lua_args(args, 1, lua)?)?.into_lua_multi(lua))
}

/// Splits a method's arguments into the userdata it is called on and the rest.
fn split_self<T: 'static>(args: MultiValue) -> Result<(AnyUserData, MultiValue)> {
    let mut args = args.into_vec().into_iter();
    let this = expect_userdata::<T>(args.next().unwrap_or(Value::Nil)).map_err(|e| bad_argument(1, e))?;
    Ok((this, args.collect()))
}

/// A failure to borrow `self`, as an error about argument 1.
fn self_error<T: 'static>(error: Error) -> Error {
    bad_argument(1, name_mismatch::<T>(error))
}

impl<T: UserData> UserDataFields<T> for TypeRegistry<T> {
    fn add_field_method_get<R, G>(&mut self, name: &str, getter: G)
    where
        R: IntoLua,
        G: Fn(&Lua, &T) -> Result<R> + Send + 'static,
    {
        let getter: Getter<T> = Box::new(move |lua, this| getter(lua, this)?.into_lua(lua));
        self.getters.insert(name.as_bytes().to_vec(), getter);
    }

    fn add_field_method_set<A, S>(&mut self, name: &str, mut setter: S)
    where
        A: FromLua,
        S: FnMut(&Lua, &mut T, A) -> Result<()> + Send + 'static,
    {
        let setter: Setter<T> = Box::new(move |lua, this, value| {
            let value = A::from_lua(value, lua).map_err(|e| bad_argument(3, e))?;
            setter(lua, this, value)
        });
        self.setters.insert(name.as_bytes().to_vec(), RefCell::new(setter));
    }
}

impl<T: UserData> UserDataMethods<T> for TypeRegistry<T> {
    fn add_method<A, R, M>(&mut self, name: &str, method: M)
    where
        A: FromLuaMulti,
        R: IntoLuaMulti,
        M: Fn(&Lua, &T, A) -> Result<R> + Send + 'static,
    {
        self.methods.push((name.to_string(), shared_method(method)));
    }

    fn add_method_mut<A, R, M>(&mut self, name: &str, method: M)
    where
        A: FromLuaMulti,
        R: IntoLuaMulti,
        M: FnMut(&Lua, &mut T, A) -> Result<R> + Send + 'static,
    {
        self.methods.push((name.to_string(), exclusive_method(method)));
    }

    fn add_function<A, R, F>(&mut self, name: &str, function: F)
    where
        A: FromLuaMulti,
        R: IntoLuaMulti,
        F: Fn(&Lua, A) -> Result<R> + Send + 'static,
    {
        self.methods.push((name.to_string(), plain_function(function)));
    }

    fn add_meta_method<A, R, M>(&mut self, meta: MetaMethod, method: M)
    where
        A: FromLuaMulti,
        R: IntoLuaMulti,
        M: Fn(&Lua, &T, A) -> Result<R> + Send + 'static,
    {
        self.meta.push((meta, shared_method(method)));
    }

    fn add_meta_method_mut<A, R, M>(&mut self, meta: MetaMethod, method: M)
    where
        A: FromLuaMulti,
        R: IntoLuaMulti,
        M: FnMut(&Lua, &mut T, A) -> Result<R> + Send + 'static,
    {
        self.meta.push((meta, exclusive_method(method)));
    }

    fn add_meta_function<A, R, F>(&mut self, meta: MetaMethod, function: F)
    where
        A: FromLuaMulti,
        R: IntoLuaMulti,
        F: Fn(&Lua, A) -> Result<R> + Send + 'static,
    {
        self.meta.push((meta, plain_function(function)));
    }
}

/// The name Lua sees for `T`: its last path segment, without generic arguments
/// (`my_crate::geometry::Vec2` is `Vec2`).
pub(crate) fn short_type_name<T: 'static>() -> &'static str {
    let full = std::any::type_name::<T>();
    let base = full.split('<').next().unwrap_or(full);
    base.rsplit("::").next().unwrap_or(base)
}

/// The key of a field access, if it is a string.
fn field_key(key: &Value) -> Option<Vec<u8>> {
    match key {
        Value::String(s) => s.to_bytes().ok(),
        _ => None,
    }
}

/// Builds `T`'s metatable (see the module documentation).
fn build_metatable<T: UserData>(lua: &Lua) -> Result<Table> {
    let mut registry = TypeRegistry::<T>::new();
    T::add_fields(&mut registry);
    T::add_methods(&mut registry);
    let TypeRegistry { getters, setters, methods, meta } = registry;
    let name = short_type_name::<T>();
    let metatable = lua.create_table()?;
    metatable.raw_set("__name", name)?;
    metatable.raw_set("__metatable", false)?;
    let mut user_index = None;
    let mut user_new_index = None;
    for (event, callback) in meta {
        match event {
            MetaMethod::Index => user_index = Some(callback),
            MetaMethod::NewIndex => user_new_index = Some(callback),
            other => metatable.raw_set(other.name(), lua.create_callback(callback)?)?,
        }
    }
    let mut method_table = HashMap::new();
    for (method_name, callback) in methods {
        method_table.insert(method_name.into_bytes(), lua.create_callback(callback)?);
    }
    let has_fields = !getters.is_empty() || !setters.is_empty();
    if !has_fields && user_index.is_none() {
        if !method_table.is_empty() {
            let index = lua.create_table()?;
            for (method_name, method) in method_table {
                index.raw_set(lua.create_string(method_name)?, method)?;
            }
            metatable.raw_set("__index", index)?;
        }
        return Ok(metatable);
    }
    let read_only: HashSet<Vec<u8>> = getters.keys().filter(|k| !setters.contains_key(*k)).cloned().collect();
    let index = move |lua: &Lua, args: MultiValue| -> Result<MultiValue> {
        let (this, key) = (args.first().cloned().unwrap_or(Value::Nil), args.get(1).cloned().unwrap_or(Value::Nil));
        if let Some(key) = field_key(&key) {
            if let Some(getter) = getters.get(&key) {
                let this = expect_userdata::<T>(this).map_err(|e| bad_argument(1, e))?;
                let value = this.borrow_scoped(|this: &T| getter(lua, this)).map_err(self_error::<T>)??;
                return Ok(MultiValue::from_vec(vec![value]));
            }
            if let Some(method) = method_table.get(&key) {
                return Ok(MultiValue::from_vec(vec![Value::Function(method.clone())]));
            }
        }
        match &user_index {
            Some(index) => index(lua, args),
            None => Ok(MultiValue::from_vec(vec![Value::Nil])),
        }
    };
    metatable.raw_set("__index", lua.create_callback(Box::new(index))?)?;
    let new_index = move |lua: &Lua, args: MultiValue| -> Result<MultiValue> {
        let this = args.first().cloned().unwrap_or(Value::Nil);
        let key = args.get(1).cloned().unwrap_or(Value::Nil);
        let field = field_key(&key);
        if let Some(field) = &field {
            if let Some(setter) = setters.get(field) {
                let mut setter = setter.try_borrow_mut().map_err(|_| Error::RecursiveMutCallback)?;
                let this = expect_userdata::<T>(this).map_err(|e| bad_argument(1, e))?;
                let mut this = this.borrow_mut::<T>().map_err(self_error::<T>)?;
                setter(lua, &mut this, args.get(2).cloned().unwrap_or(Value::Nil))?;
                return Ok(MultiValue::new());
            }
        }
        if let Some(new_index) = &user_new_index {
            return new_index(lua, args);
        }
        Err(Error::runtime(match field {
            Some(field) if read_only.contains(&field) => {
                format!("field '{}' of {name} is read-only", String::from_utf8_lossy(&field))
            }
            Some(field) => format!("{name} has no field '{}'", String::from_utf8_lossy(&field)),
            None => format!("{name} has no field of type {}", key.type_name()),
        }))
    };
    metatable.raw_set("__newindex", lua.create_callback(Box::new(new_index))?)?;
    Ok(metatable)
}

impl Lua {
    /// A userdata holding `data`, with the metatable of type `T` (built on first use
    /// from its [`UserData`] implementation, then shared by every value of the type).
    ///
    /// ```
    /// use selenite::{UserData, UserDataMethods};
    /// struct Answer;
    /// impl UserData for Answer {
    ///     fn add_methods<M: UserDataMethods<Self>>(methods: &mut M) {
    ///         methods.add_method("get", |_, _, ()| Ok(42));
    ///     }
    /// }
    /// let lua = selenite::Lua::new();
    /// let ud = lua.create_userdata(Answer).unwrap();
    /// lua.globals().set("a", ud).unwrap();
    /// assert_eq!(lua.load("return a:get(), tostring(a):match('^Answer: ') ~= nil").eval::<(i64, bool)>().unwrap(), (42, true));
    /// ```
    pub fn create_userdata<T: UserData>(&self, data: T) -> Result<AnyUserData> {
        let metatable = self.userdata_metatable::<T>()?;
        let ud = self.create_any_userdata(data)?;
        ud.set_metatable(Some(&metatable))?;
        Ok(ud)
    }

    /// The metatable of `T`, built the first time it is asked for.
    fn userdata_metatable<T: UserData>(&self) -> Result<Table> {
        let id = TypeId::of::<T>();
        if let Some(mt) = self.shared.userdata_metatables.lock().get(&id) {
            return Ok(mt.clone());
        }
        // Built without the lock held: registration runs the type's own code.
        let built = build_metatable::<T>(self)?;
        Ok(self.shared.userdata_metatables.lock().entry(id).or_insert(built).clone())
    }
}

/// A [`UserData`] value that is `Clone` converts back by value (a copy of what the
/// userdata holds).
impl<T: UserData + Clone> FromLua for T {
    fn from_lua(value: Value, _: &Lua) -> Result<Self> {
        expect_userdata::<T>(value)?.borrow_scoped(|v: &T| v.clone()).map_err(name_mismatch::<T>)
    }
}
