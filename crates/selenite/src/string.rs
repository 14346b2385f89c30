//! [`LuaString`]: a handle to a Lua string (a byte string, not necessarily UTF-8).

use crate::error::{Error, Result};
use crate::value::Handle;
use selenite_vm::Value as RawValue;

/// A Lua string, kept alive while the handle (or a clone) exists.
///
/// ```
/// let lua = selenite::Lua::new();
/// let s: selenite::LuaString = lua.load("return 'caf\\u{E9}'").eval().unwrap();
/// assert_eq!(s.to_str().unwrap(), "café");
/// assert_eq!(s.len(), 5);
/// ```
#[derive(Clone)]
pub struct LuaString(pub(crate) Handle);

impl std::fmt::Debug for LuaString {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.to_string_lossy())
    }
}

impl PartialEq for LuaString {
    fn eq(&self, other: &LuaString) -> bool {
        self.0.same_object(&other.0)
    }
}

impl LuaString {
    /// Runs `f` on the string's bytes.
    fn with_bytes<R>(&self, f: impl FnOnce(&[u8]) -> R) -> Result<R> {
        let lua = self.0.lua()?;
        lua.with_vm(|vm| match self.0.raw(&lua, vm)? {
            RawValue::Str(s) => Ok(f(s.as_bytes())),
            _ => Err(Error::MismatchedState),
        })?
    }

    /// A copy of the bytes.
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// let s = lua.create_string([0u8, 255]).unwrap();
    /// assert_eq!(s.to_bytes().unwrap(), vec![0, 255]);
    /// ```
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        self.with_bytes(|b| b.to_vec())
    }

    /// The string as UTF-8 text; an error if it is not valid UTF-8.
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// assert_eq!(lua.create_string("ok").unwrap().to_str().unwrap(), "ok");
    /// assert!(lua.create_string(b"\xff").unwrap().to_str().is_err());
    /// ```
    pub fn to_str(&self) -> Result<String> {
        String::from_utf8(self.to_bytes()?).map_err(|_| Error::FromLuaConversionError {
            from: "string",
            to: "String",
            expected: "string",
            message: Some("string is not valid UTF-8".into()),
        })
    }

    /// The string as text, with invalid UTF-8 replaced by U+FFFD.
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// assert_eq!(lua.create_string(b"a\xff").unwrap().to_string_lossy(), "a\u{FFFD}");
    /// ```
    pub fn to_string_lossy(&self) -> String {
        self.with_bytes(|b| String::from_utf8_lossy(b).into_owned()).unwrap_or_default()
    }

    /// The length in bytes.
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// assert_eq!(lua.create_string("héllo").unwrap().len(), 6);
    /// ```
    pub fn len(&self) -> usize {
        self.with_bytes(|b| b.len()).unwrap_or(0)
    }

    /// Whether the string is empty.
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// assert!(lua.create_string("").unwrap().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
