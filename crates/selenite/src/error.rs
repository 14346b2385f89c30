//! The one error type of the embedding API: errors raised by Lua code, errors from
//! loading chunks, conversion failures, and Rust errors returned by callbacks. Errors
//! cross the boundary both ways: a Lua error reaching Rust becomes an [`Error`], and an
//! [`Error`] returned by a Rust callback becomes a Lua error that `pcall` can catch.

use std::fmt;
use std::sync::Arc;

/// A `Result` whose error is [`Error`].
///
/// ```
/// fn double(lua: &selenite::Lua, n: i64) -> selenite::Result<i64> {
///     lua.load(format!("return {n} * 2")).eval()
/// }
/// assert_eq!(double(&selenite::Lua::new(), 21).unwrap(), 42);
/// ```
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong when using Lua from Rust.
///
/// Errors raised by Lua code carry the message Lua produced, exactly as the reference
/// interpreter words it, and the stack traceback at the point of the error:
///
/// ```
/// let lua = selenite::Lua::new();
/// let err = lua.load("local t = nil; return t.x").set_name("=demo").exec().unwrap_err();
/// assert_eq!(err.to_string(), "demo:1: attempt to index a nil value (local 't')");
/// assert!(err.traceback().unwrap().starts_with("stack traceback:"));
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Error {
    /// A chunk could not be compiled (or a binary chunk was refused or malformed).
    SyntaxError {
        /// The message as Lua's `load` returns it (`[string "x"]:1: ... near <eof>`).
        message: String,
        /// The source ended too early: more input could complete it (for REPLs).
        incomplete_input: bool,
    },
    /// Lua code raised an error (or a callback returned [`Error::runtime`]).
    RuntimeError {
        /// The error message; a non-string error value is described as
        /// `(error object is a table value)`.
        message: String,
        /// The stack traceback where the error was raised, when it is known.
        traceback: Option<String>,
    },
    /// An allocation went over the memory limit.
    MemoryError(String),
    /// The script ran past its instruction limit or deadline
    /// ([`Lua::set_instruction_limit`](crate::Lua::set_instruction_limit),
    /// [`Lua::set_deadline`](crate::Lua::set_deadline)); Lua code cannot catch this.
    LimitExceeded(String),
    /// A Lua value could not be converted to the Rust type asked for.
    FromLuaConversionError {
        /// The Lua type name of the value (`"nil"`, `"string"`...).
        from: &'static str,
        /// The Rust type asked for (`"i64"`, `"String"`...).
        to: &'static str,
        /// The Lua type that would have been accepted, as argument errors name it
        /// (`"number"`, `"string"`...).
        expected: &'static str,
        /// Why, when a type mismatch is not the reason (`number has no integer
        /// representation`).
        message: Option<String>,
    },
    /// A Rust value could not be converted to a Lua value.
    ToLuaConversionError {
        /// The Rust type.
        from: &'static str,
        /// The Lua type aimed for.
        to: &'static str,
        /// Why.
        message: Option<String>,
    },
    /// Argument `pos` (1-based) of a Rust function called from Lua was unusable.
    BadArgument {
        /// The position of the argument.
        pos: usize,
        /// What was wrong with it.
        cause: Arc<Error>,
    },
    /// A Rust callback called from Lua failed with an error that is not a plain Lua
    /// error (for instance an [`Error::external`] error); `source()` is that error.
    CallbackError {
        /// The Lua stack traceback at the point the callback failed.
        traceback: String,
        /// The error the callback returned.
        cause: Arc<Error>,
    },
    /// An error from Rust code, wrapped by [`Error::external`].
    ExternalError(Arc<dyn std::error::Error + Send + Sync>),
    /// A handle was used after the [`Lua`](crate::Lua) state it belongs to was dropped.
    StateDropped,
    /// The state cannot be used right now: this happens only when Rust code runs
    /// from inside the collector (a `Drop` implementation of a value Lua owned).
    StateUnavailable,
    /// A handle of one [`Lua`](crate::Lua) state was given to another state.
    MismatchedState,
    /// A userdata does not hold a value of the Rust type asked for.
    UserDataTypeMismatch,
    /// A userdata's value is already borrowed in a conflicting way.
    UserDataBorrowError,
    /// A function made with [`Lua::create_function_mut`](crate::Lua::create_function_mut)
    /// was called again while it was running.
    RecursiveMutCallback,
    /// A Rust value could not be serialized to a Lua value (feature `serde`).
    SerializeError(String),
    /// A Lua value could not be deserialized to the Rust type asked for (feature
    /// `serde`).
    DeserializeError(String),
}

impl Error {
    /// A runtime error with a message, as a callback returns it to raise a plain Lua
    /// error (the message becomes the Lua error value, a string).
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// let f = lua.create_function(|_, ()| -> selenite::Result<()> {
    ///     Err(selenite::Error::runtime("out of cheese"))
    /// }).unwrap();
    /// lua.globals().set("f", f).unwrap();
    /// let msg: String = lua.load("local ok, e = pcall(f); return e").eval().unwrap();
    /// assert_eq!(msg, "out of cheese");
    /// ```
    pub fn runtime(message: impl Into<String>) -> Error {
        Error::RuntimeError { message: message.into(), traceback: None }
    }

    /// Wraps any Rust error. Returned from a callback, it is raised in Lua (where
    /// `tostring` of the error value gives its message) and, if Lua does not catch
    /// it, comes back to Rust as [`Error::CallbackError`] whose `source()` leads to it.
    ///
    /// ```
    /// use std::error::Error as _;
    /// let lua = selenite::Lua::new();
    /// let f = lua.create_function(|_, ()| -> selenite::Result<()> {
    ///     Err(selenite::Error::external(std::io::Error::other("disk on fire")))
    /// }).unwrap();
    /// let err = f.call::<()>(()).unwrap_err();
    /// assert_eq!(err.to_string(), "disk on fire");
    /// assert!(err.downcast_ref::<std::io::Error>().is_some());
    /// assert_eq!(err.source().unwrap().to_string(), "disk on fire");
    /// ```
    pub fn external<E: Into<Box<dyn std::error::Error + Send + Sync>>>(err: E) -> Error {
        let boxed: Box<dyn std::error::Error + Send + Sync> = err.into();
        Error::ExternalError(Arc::from(boxed))
    }

    /// The stack traceback recorded with the error, if any.
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// let err = lua.load("error('x')").exec().unwrap_err();
    /// assert!(err.traceback().unwrap().contains("in main chunk"));
    /// ```
    pub fn traceback(&self) -> Option<&str> {
        match self {
            Error::RuntimeError { traceback, .. } => traceback.as_deref(),
            Error::CallbackError { traceback, .. } => Some(traceback),
            _ => None,
        }
    }

    /// Finds a Rust error of type `T` wrapped by [`Error::external`] anywhere in the
    /// chain of causes.
    ///
    /// ```
    /// let err = selenite::Error::external(std::fmt::Error);
    /// assert!(err.downcast_ref::<std::fmt::Error>().is_some());
    /// ```
    pub fn downcast_ref<T: std::error::Error + 'static>(&self) -> Option<&T> {
        match self {
            Error::ExternalError(e) => e.downcast_ref::<T>(),
            Error::CallbackError { cause, .. } | Error::BadArgument { cause, .. } => cause.downcast_ref::<T>(),
            _ => None,
        }
    }

    /// A conversion error from a Lua value of type `from` to the Rust type `to`.
    pub(crate) fn from_lua(from: &'static str, to: &'static str, expected: &'static str) -> Error {
        Error::FromLuaConversionError { from, to, expected, message: None }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::SyntaxError { message, .. } => f.write_str(message),
            Error::RuntimeError { message, .. } => f.write_str(message),
            Error::MemoryError(message) | Error::LimitExceeded(message) => f.write_str(message),
            Error::FromLuaConversionError { from, to, expected, message } => {
                write!(f, "error converting Lua {from} to {to} (")?;
                match message {
                    Some(m) => write!(f, "{m})"),
                    None => write!(f, "{expected} expected)"),
                }
            }
            Error::ToLuaConversionError { from, to, message } => {
                write!(f, "error converting {from} to Lua {to}")?;
                match message {
                    Some(m) => write!(f, " ({m})"),
                    None => Ok(()),
                }
            }
            Error::BadArgument { pos, cause } => write!(f, "bad argument #{pos} ({cause})"),
            Error::CallbackError { cause, .. } => write!(f, "{cause}"),
            Error::ExternalError(e) => write!(f, "{e}"),
            Error::StateDropped => f.write_str("the Lua state this value belongs to was dropped"),
            Error::StateUnavailable => f.write_str("the Lua state cannot be used from inside its garbage collector"),
            Error::MismatchedState => f.write_str("a value of one Lua state was used in another state"),
            Error::UserDataTypeMismatch => f.write_str("userdata is not of the expected type"),
            Error::UserDataBorrowError => f.write_str("userdata is already borrowed"),
            Error::RecursiveMutCallback => f.write_str("mutable callback called recursively"),
            Error::SerializeError(message) => write!(f, "serialize error: {message}"),
            Error::DeserializeError(message) => write!(f, "deserialize error: {message}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::CallbackError { cause, .. } | Error::BadArgument { cause, .. } => Some(cause.as_ref()),
            Error::ExternalError(e) => e.source(),
            _ => None,
        }
    }
}

/// Turns any Rust error into an [`Error`] with `?`-friendly syntax:
/// `std::fs::read("x").into_lua_err()?`.
///
/// ```
/// use selenite::ExternalResult;
/// let r: Result<(), std::fmt::Error> = Err(std::fmt::Error);
/// assert!(matches!(r.into_lua_err(), Err(selenite::Error::ExternalError(_))));
/// ```
pub trait ExternalResult<T> {
    /// Wraps the error with [`Error::external`], so a callback can use `?` on any
    /// Rust error and its caller can still get the original back:
    ///
    /// ```
    /// use selenite::ExternalResult;
    /// let lua = selenite::Lua::new();
    /// let parse = lua.create_function(|_, s: String| s.parse::<i64>().into_lua_err()).unwrap();
    /// assert_eq!(parse.call::<i64>("42").unwrap(), 42);
    /// let err = parse.call::<i64>("4x2").unwrap_err();
    /// assert_eq!(err.to_string(), "invalid digit found in string");
    /// assert!(err.downcast_ref::<std::num::ParseIntError>().is_some());
    /// ```
    fn into_lua_err(self) -> Result<T>;
}

impl<T, E: Into<Box<dyn std::error::Error + Send + Sync>>> ExternalResult<T> for std::result::Result<T, E> {
    fn into_lua_err(self) -> Result<T> {
        self.map_err(Error::external)
    }
}
