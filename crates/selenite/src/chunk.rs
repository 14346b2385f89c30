//! [`Chunk`]: a piece of Lua source (or a precompiled chunk) on its way to run, with
//! its name, environment and mode; built by [`Lua::load`].

use crate::error::{Error, Result};
use crate::function::Function;
use crate::multi::{FromLuaMulti, IntoLuaMulti, MultiValue};
use crate::state::Lua;
use crate::table::Table;
use crate::value::{Handle, Value};
use std::borrow::Cow;

/// Source text or bytes that [`Lua::load`] accepts.
///
/// ```
/// use selenite::AsChunk;
/// assert_eq!(&*"return 1".into_source(), b"return 1");
/// ```
pub trait AsChunk<'a> {
    /// The chunk's bytes. Owned sources are moved in rather than copied:
    ///
    /// ```
    /// use selenite::AsChunk;
    /// use std::borrow::Cow;
    /// assert!(matches!(String::from("return 1").into_source(), Cow::Owned(_)));
    /// assert!(matches!(b"return 1".into_source(), Cow::Borrowed(_)));
    /// ```
    fn into_source(self) -> Cow<'a, [u8]>;
}

impl<'a> AsChunk<'a> for &'a str {
    fn into_source(self) -> Cow<'a, [u8]> {
        Cow::Borrowed(self.as_bytes())
    }
}

impl<'a> AsChunk<'a> for &'a String {
    fn into_source(self) -> Cow<'a, [u8]> {
        Cow::Borrowed(self.as_bytes())
    }
}

impl AsChunk<'_> for String {
    fn into_source(self) -> Cow<'static, [u8]> {
        Cow::Owned(self.into_bytes())
    }
}

impl<'a> AsChunk<'a> for &'a [u8] {
    fn into_source(self) -> Cow<'a, [u8]> {
        Cow::Borrowed(self)
    }
}

impl<'a, const N: usize> AsChunk<'a> for &'a [u8; N] {
    fn into_source(self) -> Cow<'a, [u8]> {
        Cow::Borrowed(self)
    }
}

impl AsChunk<'_> for Vec<u8> {
    fn into_source(self) -> Cow<'static, [u8]> {
        Cow::Owned(self)
    }
}

/// Whether a chunk is source text or precompiled bytecode.
///
/// ```
/// let lua = selenite::Lua::new();
/// let err = lua.load("return 1").set_mode(selenite::ChunkMode::Binary).exec().unwrap_err();
/// assert!(matches!(err, selenite::Error::SyntaxError { .. }));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChunkMode {
    /// Source text only.
    Text,
    /// Precompiled chunks only (needs [`LuaOptions::allow_binary_chunks`](crate::LuaOptions::allow_binary_chunks)).
    Binary,
}

/// A chunk ready to run. Nothing is compiled until it is run or turned into a
/// function.
///
/// ```
/// let lua = selenite::Lua::new();
/// let env = lua.create_table_from([("x", 5)]).unwrap();
/// let n: i64 = lua.load("return x * 2").set_name("=calc").set_environment(env).eval().unwrap();
/// assert_eq!(n, 10);
/// ```
#[must_use = "a chunk does nothing until it is run"]
pub struct Chunk<'a> {
    lua: &'a Lua,
    source: Cow<'a, [u8]>,
    name: Option<Vec<u8>>,
    env: Option<Table>,
    mode: Option<ChunkMode>,
}

impl<'a> Chunk<'a> {
    pub(crate) fn new(lua: &'a Lua, source: Cow<'a, [u8]>) -> Chunk<'a> {
        Chunk { lua, source, name: None, env: None, mode: None }
    }

    /// The chunk's name, as Lua's `load` takes it: `"=name"` shows as `name` in
    /// messages, `"@file.lua"` as `file.lua`, anything else as `[string "..."]`. The
    /// default is the source itself, as for `load(source)`.
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// let err = lua.load("error('x')").set_name("@script.lua").exec().unwrap_err();
    /// assert_eq!(err.to_string(), "script.lua:1: x");
    /// ```
    pub fn set_name(mut self, name: impl Into<String>) -> Chunk<'a> {
        self.name = Some(name.into().into_bytes());
        self
    }

    /// The table the chunk sees as its globals (its `_ENV`).
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// let sandbox = lua.create_table().unwrap();
    /// lua.load("y = 1").set_environment(sandbox.clone()).exec().unwrap();
    /// assert_eq!(sandbox.get::<i64>("y").unwrap(), 1);
    /// assert!(lua.globals().get::<Option<i64>>("y").unwrap().is_none());
    /// ```
    pub fn set_environment(mut self, env: Table) -> Chunk<'a> {
        self.env = Some(env);
        self
    }

    /// Accept only text or only binary chunks. Binary chunks are refused unless the
    /// state's options allow them, whatever the mode.
    ///
    /// ```
    /// use selenite::ChunkMode;
    /// let lua = selenite::Lua::new();
    /// assert!(lua.load("return 1").set_mode(ChunkMode::Text).exec().is_ok());
    /// ```
    pub fn set_mode(mut self, mode: ChunkMode) -> Chunk<'a> {
        self.mode = Some(mode);
        self
    }

    /// Runs the chunk, discarding its results.
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// let counter = "count = (count or 0) + 1 return count";
    /// lua.load(counter).exec().unwrap();
    /// lua.load(counter).exec().unwrap();
    /// assert_eq!(lua.globals().get::<i64>("count").unwrap(), 2);
    /// ```
    pub fn exec(self) -> Result<()> {
        self.call::<()>(())
    }

    /// Evaluates the chunk as an expression (`return <source>`) if it is one, else
    /// runs it as statements, and converts its results.
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// assert_eq!(lua.load("1 + 2").eval::<i64>().unwrap(), 3);
    /// assert_eq!(lua.load("local a = 4 return a").eval::<i64>().unwrap(), 4);
    /// ```
    pub fn eval<R: FromLuaMulti>(self) -> Result<R> {
        let f = if self.is_binary() {
            self.into_function()?
        } else {
            let mut expression = b"return ".to_vec();
            expression.extend_from_slice(&self.source);
            match self.compile(&expression) {
                Ok(f) => f,
                Err(_) => self.into_function()?,
            }
        };
        f.call(())
    }

    /// Runs the chunk with arguments (its `...`) and converts its results.
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// let n: i64 = lua.load("local a, b = ... return a * b").call((6, 7)).unwrap();
    /// assert_eq!(n, 42);
    /// ```
    pub fn call<R: FromLuaMulti>(self, args: impl IntoLuaMulti) -> Result<R> {
        let lua = self.lua;
        let f = self.into_function()?;
        let args = args.into_lua_multi(lua)?;
        let results: MultiValue = lua.call_value(&Value::Function(f), args)?;
        R::from_lua_multi(results, lua)
    }

    /// Compiles the chunk into a function without running it.
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// let f = lua.load("return 1").into_function().unwrap();
    /// assert_eq!(f.call::<i64>(()).unwrap(), 1);
    /// let err = lua.load("x = ").into_function().unwrap_err();
    /// assert_eq!(err.to_string(), r#"[string "x = "]:1: unexpected symbol near <eof>"#);
    /// assert!(matches!(err, selenite::Error::SyntaxError { incomplete_input: true, .. }));
    /// ```
    pub fn into_function(self) -> Result<Function> {
        self.compile(&self.source)
    }

    fn is_binary(&self) -> bool {
        self.source.first() == Some(&0x1b)
    }

    /// Compiles `source` under this chunk's name, mode and environment.
    fn compile(&self, source: &[u8]) -> Result<Function> {
        let lua = self.lua;
        let binary_allowed = lua.options().binary_chunks_allowed();
        let mode: &[u8] = match (self.mode, binary_allowed) {
            (None, true) => b"bt",
            (None, false) | (Some(ChunkMode::Text), _) => b"t",
            (Some(ChunkMode::Binary), true) => b"b",
            (Some(ChunkMode::Binary), false) => {
                return Err(Error::SyntaxError {
                    message: "binary chunks are not allowed (see LuaOptions::allow_binary_chunks)".into(),
                    incomplete_input: false,
                })
            }
        };
        let name: &[u8] = self.name.as_deref().unwrap_or(&self.source);
        lua.with_vm(|vm| {
            let f = selenite_stdlib::base::load_chunk(vm, source, name, mode).map_err(|message| {
                let incomplete_input = message.ends_with("<eof>");
                Error::SyntaxError { message, incomplete_input }
            })?;
            if let Some(env) = &self.env {
                let env = env.0.raw(lua, vm)?;
                vm.set_chunk_env(&f, env);
            }
            Ok(Function(Handle::new(lua, vm, f)))
        })?
    }
}
