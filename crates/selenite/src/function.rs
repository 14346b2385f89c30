//! [`Function`]: a handle to a Lua or Rust function, and how Rust closures become
//! Lua functions ([`Lua::create_function`], [`Lua::create_function_mut`]).

use crate::boundary::{call_protected, run_callback, Callback};
use crate::error::{Error, Result};
use crate::multi::{FromLuaMulti, IntoLuaMulti, MultiValue};
use crate::state::Lua;
use crate::value::{Handle, Value};
use selenite_vm::{BoxedNative, Vm};
use std::cell::RefCell;

/// A Lua function or a Rust function callable from Lua.
///
/// ```
/// let lua = selenite::Lua::new();
/// let add: selenite::Function = lua.load("return function(a, b) return a + b end").eval().unwrap();
/// assert_eq!(add.call::<i64>((2, 3)).unwrap(), 5);
/// ```
#[derive(Clone)]
pub struct Function(pub(crate) Handle);

handle_identity!(Function);

impl Function {
    /// Calls the function with `args` and converts its results. Errors raised by the
    /// function come back as [`Error`] values with their traceback.
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// let f: selenite::Function = lua.load("return function(...) return select('#', ...), ... end").eval().unwrap();
    /// let (n, first): (i64, String) = f.call(("a", "b")).unwrap();
    /// assert_eq!((n, first.as_str()), (2, "a"));
    ///
    /// let boom: selenite::Function = lua.load("return function() error('boom') end").set_name("=m").eval().unwrap();
    /// assert_eq!(boom.call::<()>(()).unwrap_err().to_string(), "m:1: boom");
    /// ```
    pub fn call<R: FromLuaMulti>(&self, args: impl IntoLuaMulti) -> Result<R> {
        let lua = self.0.lua()?;
        let args = args.into_lua_multi(&lua)?;
        let results = call_protected(&lua, |vm| self.0.raw(&lua, vm), args)?;
        R::from_lua_multi(results, &lua)
    }
}

impl Lua {
    /// Makes a Rust closure callable from Lua. Arguments convert with
    /// [`FromLuaMulti`] (a tuple for several); a conversion failure raises the
    /// reference's message, `bad argument #2 to 'f' (string expected, got nil)`. An
    /// `Err` result is raised as a Lua error (see [`Error`]); a panic is carried to the
    /// Rust code that called into Lua and resumed there. The closure must be `Send`,
    /// as the state may move to another thread.
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// let f = lua.create_function(|_, (a, b): (i64, String)| Ok(format!("{b}{a}"))).unwrap();
    /// lua.globals().set("f", f).unwrap();
    /// assert_eq!(lua.load("return f(1, 'x')").eval::<String>().unwrap(), "x1");
    /// let err = lua.load("f(1)").set_name("=input").exec().unwrap_err();
    /// assert_eq!(err.to_string(), "input:1: bad argument #2 to 'f' (string expected, got no value)");
    /// ```
    pub fn create_function<A, R, F>(&self, func: F) -> Result<Function>
    where
        A: FromLuaMulti,
        R: IntoLuaMulti,
        F: Fn(&Lua, A) -> Result<R> + Send + 'static,
    {
        self.create_callback(Box::new(move |lua, args| {
            let args = A::from_lua_args(args, 1, lua)?;
            func(lua, args)?.into_lua_multi(lua)
        }))
    }

    /// Like [`Lua::create_function`] for closures that mutate their captures. A call
    /// that re-enters the same function while it runs fails with
    /// [`Error::RecursiveMutCallback`].
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// let mut count = 0;
    /// let next = lua.create_function_mut(move |_, ()| { count += 1; Ok(count) }).unwrap();
    /// next.call::<()>(()).unwrap();
    /// assert_eq!(next.call::<i64>(()).unwrap(), 2);
    /// ```
    pub fn create_function_mut<A, R, F>(&self, func: F) -> Result<Function>
    where
        A: FromLuaMulti,
        R: IntoLuaMulti,
        F: FnMut(&Lua, A) -> Result<R> + Send + 'static,
    {
        let func = RefCell::new(func);
        self.create_function(move |lua, args: A| {
            let mut func = func.try_borrow_mut().map_err(|_| Error::RecursiveMutCallback)?;
            func(lua, args)
        })
    }

    pub(crate) fn create_callback(&self, callback: Callback) -> Result<Function> {
        let state = std::sync::Arc::downgrade(&self.shared);
        self.create_native(Box::new(move |vm: &mut Vm| run_callback(&state, vm, &callback)))
    }

    /// A Lua function running `native`.
    pub(crate) fn create_native(&self, native: BoxedNative) -> Result<Function> {
        self.with_vm(|vm| {
            let f = vm.new_boxed_function(native);
            Function(Handle::new(self, vm, f))
        })
    }

    /// Calls a function value (for [`crate::Chunk`] and [`crate::Thread`]).
    pub(crate) fn call_value(&self, f: &Value, args: MultiValue) -> Result<MultiValue> {
        call_protected(self, |vm| crate::value::to_raw(self, vm, f), args)
    }
}
