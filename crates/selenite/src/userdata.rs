//! [`AnyUserData`]: a handle to a full userdata holding any `'static` Rust value.
//! (The `UserData` trait with fields, methods and metamethods is future work; until
//! then a metatable can be set by hand.)

use crate::error::{Error, Result};
use crate::state::Lua;
use crate::table::Table;
use crate::value::Handle;
use selenite_vm::{Gc, UserData as RawUserData, Value as RawValue};

/// A Lua full userdata holding a Rust value.
///
/// ```
/// let lua = selenite::Lua::new();
/// let ud = lua.create_any_userdata(vec![1, 2, 3]).unwrap();
/// assert_eq!(ud.borrow_scoped(|v: &Vec<i32>| v.len()).unwrap(), 3);
/// ud.borrow_mut_scoped(|v: &mut Vec<i32>| v.push(4)).unwrap();
/// assert_eq!(ud.borrow_scoped(|v: &Vec<i32>| v[3]).unwrap(), 4);
/// ```
#[derive(Clone)]
pub struct AnyUserData(pub(crate) Handle);

handle_identity!(AnyUserData);

impl AnyUserData {
    /// The userdata object, with the state kept alive by the returned `Lua`.
    fn object(&self) -> Result<(Lua, Gc<RawUserData>)> {
        let lua = self.0.lua()?;
        let ud = lua.with_vm(|vm| match self.0.raw(&lua, vm)? {
            RawValue::UserData(u) => Ok(u),
            _ => Err(Error::MismatchedState),
        })??;
        Ok((lua, ud))
    }

    /// Whether the userdata holds a `T`.
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// let ud = lua.create_any_userdata(1_u8).unwrap();
    /// assert!(ud.is::<u8>());
    /// assert!(!ud.is::<u16>());
    /// ```
    pub fn is<T: 'static>(&self) -> bool {
        self.object().map(|(_lua, ud)| ud.is::<T>()).unwrap_or(false)
    }

    /// Runs `f` with a shared borrow of the value.
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// let ud = lua.create_any_userdata(String::from("x")).unwrap();
    /// assert!(ud.borrow_scoped(|_: &u8| ()).is_err());
    /// ```
    pub fn borrow_scoped<T: 'static, R>(&self, f: impl FnOnce(&T) -> R) -> Result<R> {
        // `_lua` keeps the state (and so the heap) alive while `f` runs, and `self`
        // keeps the userdata rooted: the object cannot be freed under the borrow.
        let (_lua, ud) = self.object()?;
        let value = ud.borrow::<T>().ok_or_else(|| mismatch_or_borrowed::<T>(ud))?;
        Ok(f(&value))
    }

    /// Runs `f` with an exclusive borrow of the value.
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// let ud = lua.create_any_userdata(0_i64).unwrap();
    /// ud.borrow_mut_scoped(|n: &mut i64| *n += 5).unwrap();
    /// assert_eq!(ud.borrow_scoped(|n: &i64| *n).unwrap(), 5);
    /// ```
    pub fn borrow_mut_scoped<T: 'static, R>(&self, f: impl FnOnce(&mut T) -> R) -> Result<R> {
        let (_lua, ud) = self.object()?;
        let mut value = ud.borrow_mut::<T>().ok_or_else(|| mismatch_or_borrowed::<T>(ud))?;
        Ok(f(&mut value))
    }

    /// The userdata's metatable, if any.
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// assert!(lua.create_any_userdata(()).unwrap().metatable().unwrap().is_none());
    /// ```
    pub fn metatable(&self) -> Result<Option<Table>> {
        let (lua, ud) = self.object()?;
        lua.with_vm(|vm| ud.metatable().map(|mt| Table(Handle::new(&lua, vm, RawValue::Table(mt)))))
    }

    /// Sets or removes the userdata's metatable (for `__index`, `__tostring`...).
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// let ud = lua.create_any_userdata(()).unwrap();
    /// let mt = lua.create_table_from([("__name", "Thing")]).unwrap();
    /// ud.set_metatable(Some(&mt)).unwrap();
    /// lua.globals().set("ud", ud).unwrap();
    /// let s: String = lua.load("return tostring(ud)").eval().unwrap();
    /// assert!(s.starts_with("Thing: "));
    /// ```
    pub fn set_metatable(&self, metatable: Option<&Table>) -> Result<()> {
        let (lua, ud) = self.object()?;
        let mt = match metatable {
            Some(t) => match lua.with_vm(|vm| t.0.raw(&lua, vm))?? {
                RawValue::Table(mt) => Some(mt),
                _ => return Err(Error::MismatchedState),
            },
            None => None,
        };
        lua.with_vm(|vm| vm.set_userdata_metatable(ud, mt))?;
        Ok(())
    }
}

fn mismatch_or_borrowed<T: 'static>(ud: Gc<RawUserData>) -> Error {
    if ud.is::<T>() {
        Error::UserDataBorrowError
    } else {
        Error::UserDataTypeMismatch
    }
}

impl Lua {
    /// A full userdata holding `data`, with no metatable.
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// let ud = lua.create_any_userdata(42_u32).unwrap();
    /// lua.globals().set("ud", ud).unwrap();
    /// assert_eq!(lua.load("return type(ud)").eval::<String>().unwrap(), "userdata");
    /// ```
    pub fn create_any_userdata<T: 'static>(&self, data: T) -> Result<AnyUserData> {
        self.with_vm(|vm| {
            let ud = vm.new_userdata(Box::new(data), 0);
            AnyUserData(Handle::new(self, vm, RawValue::UserData(ud)))
        })
    }
}
