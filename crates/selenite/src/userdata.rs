//! [`AnyUserData`]: a handle to a full userdata holding a Rust value, and the ways to
//! reach that value: scoped borrows ([`AnyUserData::borrow_scoped`]) and guards
//! ([`UserDataRef`], [`UserDataRefMut`]).
//!
//! Every userdata the API creates holds its value in a [`Slot`]. A shared scoped
//! borrow reads the value in place (several may be active at once, even re-entrantly,
//! while a method calls back into Lua). Exclusive access *checks the value out*: it
//! is moved out of the slot for the borrow's duration and put back when the borrow
//! ends, so no borrow of the heap outlives the call that made it; meanwhile every
//! other access to that userdata fails with [`Error::UserDataBorrowError`] (in Lua,
//! an error, never a panic). Guards check the value out too, so a guard may be kept
//! as long as needed without keeping the state locked.

use crate::conversion::{FromLua, IntoLua};
use crate::error::{Error, Result};
use crate::state::Lua;
use crate::table::Table;
use crate::userdata_type::{short_type_name, UserData};
use crate::value::{Handle, Value};
use selenite_vm::{Gc, UserData as RawUserData, Value as RawValue};

/// The payload of every userdata the API creates: the value, or `None` while it is
/// checked out.
pub(crate) struct Slot<T>(Option<Box<T>>);

/// A Lua full userdata holding a Rust value.
///
/// ```
/// let lua = selenite::Lua::new();
/// let ud = lua.create_any_userdata(vec![1, 2, 3]).unwrap();
/// assert_eq!(ud.borrow_scoped(|v: &Vec<i32>| v.len()).unwrap(), 3);
/// ud.borrow_mut_scoped(|v: &mut Vec<i32>| v.push(4)).unwrap();
/// assert_eq!(ud.borrow::<Vec<i32>>().unwrap()[3], 4);
/// ```
#[derive(Clone)]
pub struct AnyUserData(pub(crate) Handle);

handle_identity!(AnyUserData);

impl AnyUserData {
    /// Runs `f` on the userdata object, with the state owned by this thread (so the
    /// object may be used: see `Shared`) and kept alive by `f`'s `&Lua`.
    fn with_object<R>(&self, f: impl FnOnce(&Lua, Gc<RawUserData>) -> Result<R>) -> Result<R> {
        let lua = self.0.lua()?;
        let _owner = lua.shared.enter();
        let ud = lua.with_vm(|vm| match self.0.raw(&lua, vm)? {
            RawValue::UserData(u) => Ok(u),
            _ => Err(Error::MismatchedState),
        })??;
        f(&lua, ud)
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
        self.with_object(|_, ud| Ok(ud.is::<Slot<T>>())).unwrap_or(false)
    }

    /// Runs `f` with a shared borrow of the value. Fails with
    /// [`Error::UserDataTypeMismatch`] if the userdata holds another type and with
    /// [`Error::UserDataBorrowError`] if the value is borrowed exclusively.
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// let ud = lua.create_any_userdata(String::from("x")).unwrap();
    /// assert_eq!(ud.borrow_scoped(|s: &String| s.len()).unwrap(), 1);
    /// assert!(matches!(ud.borrow_scoped(|_: &u8| ()), Err(selenite::Error::UserDataTypeMismatch)));
    /// ```
    pub fn borrow_scoped<T: 'static, R>(&self, f: impl FnOnce(&T) -> R) -> Result<R> {
        self.with_object(|_, ud| {
            let slot = ud.borrow::<Slot<T>>().ok_or_else(|| mismatch_or_borrowed::<T>(ud))?;
            match slot.0.as_deref() {
                Some(value) => Ok(f(value)),
                None => Err(Error::UserDataBorrowError),
            }
        })
    }

    /// Runs `f` with an exclusive borrow of the value (checked out for `f`'s
    /// duration; see the module documentation).
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// let ud = lua.create_any_userdata(0_i64).unwrap();
    /// ud.borrow_mut_scoped(|n: &mut i64| *n += 5).unwrap();
    /// assert_eq!(ud.borrow_scoped(|n: &i64| *n).unwrap(), 5);
    /// ```
    pub fn borrow_mut_scoped<T: 'static, R>(&self, f: impl FnOnce(&mut T) -> R) -> Result<R> {
        let mut guard = self.borrow_mut::<T>()?;
        Ok(f(&mut guard))
    }

    /// A guard giving read access to the value. The value is checked out while the
    /// guard lives: other borrows of this userdata, shared ones included, fail with
    /// [`Error::UserDataBorrowError`] until it is dropped.
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// let ud = lua.create_any_userdata(String::from("moon")).unwrap();
    /// let text = ud.borrow::<String>().unwrap();
    /// assert_eq!(text.as_str(), "moon");
    /// assert!(matches!(ud.borrow::<String>(), Err(selenite::Error::UserDataBorrowError)));
    /// drop(text);
    /// assert!(ud.borrow::<String>().is_ok());
    /// ```
    pub fn borrow<T: 'static>(&self) -> Result<UserDataRef<T>> {
        self.check_out().map(UserDataRef)
    }

    /// A guard giving read and write access to the value (checked out while the
    /// guard lives, as for [`AnyUserData::borrow`]).
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// let ud = lua.create_any_userdata(vec![1]).unwrap();
    /// ud.borrow_mut::<Vec<i32>>().unwrap().push(2);
    /// assert_eq!(*ud.borrow::<Vec<i32>>().unwrap(), vec![1, 2]);
    /// ```
    pub fn borrow_mut<T: 'static>(&self) -> Result<UserDataRefMut<T>> {
        self.check_out().map(UserDataRefMut)
    }

    fn check_out<T: 'static>(&self) -> Result<CheckedOut<T>> {
        let value = self.with_object(|_, ud| {
            let mut slot = ud.borrow_mut::<Slot<T>>().ok_or_else(|| mismatch_or_borrowed::<T>(ud))?;
            slot.0.take().ok_or(Error::UserDataBorrowError)
        })?;
        Ok(CheckedOut { value: Some(value), home: self.clone() })
    }

    /// The userdata's metatable, if any.
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// assert!(lua.create_any_userdata(()).unwrap().metatable().unwrap().is_none());
    /// ```
    pub fn metatable(&self) -> Result<Option<Table>> {
        self.with_object(|lua, ud| {
            lua.with_vm(|vm| ud.metatable().map(|mt| Table(Handle::new(lua, vm, RawValue::Table(mt)))))
        })
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
        self.with_object(|lua, ud| {
            let mt = match metatable {
                Some(t) => match lua.with_vm(|vm| t.0.raw(lua, vm))?? {
                    RawValue::Table(mt) => Some(mt),
                    _ => return Err(Error::MismatchedState),
                },
                None => None,
            };
            lua.with_vm(|vm| vm.set_userdata_metatable(ud, mt))?;
            Ok(())
        })
    }
}

fn mismatch_or_borrowed<T: 'static>(ud: Gc<RawUserData>) -> Error {
    if ud.is::<Slot<T>>() {
        Error::UserDataBorrowError
    } else {
        Error::UserDataTypeMismatch
    }
}

/// A value checked out of its userdata; put back when dropped (or dropped with the
/// guard if the state is gone).
struct CheckedOut<T: 'static> {
    /// Always `Some` until dropped.
    value: Option<Box<T>>,
    home: AnyUserData,
}

impl<T: 'static> Drop for CheckedOut<T> {
    fn drop(&mut self) {
        let Some(value) = self.value.take() else { return };
        // If the state is gone or unreachable the value is simply dropped.
        let _ = self.home.with_object(|_, ud| {
            if let Some(mut slot) = ud.borrow_mut::<Slot<T>>() {
                slot.0 = Some(value);
            }
            Ok(())
        });
    }
}

/// Read access to a userdata's value (see [`AnyUserData::borrow`]). As a Rust
/// function's argument type, it accepts a userdata holding a `T`:
///
/// ```
/// use selenite::{Lua, UserDataRef};
/// let lua = Lua::new();
/// let len = lua.create_function(|_, v: UserDataRef<Vec<u8>>| Ok(v.len())).unwrap();
/// lua.globals().set("len", len).unwrap();
/// lua.globals().set("bytes", lua.create_any_userdata(vec![1_u8, 2]).unwrap()).unwrap();
/// assert_eq!(lua.load("return len(bytes)").eval::<usize>().unwrap(), 2);
/// let err = lua.load("return len(1)").set_name("=m").eval::<usize>().unwrap_err();
/// assert_eq!(err.to_string(), "m:1: bad argument #1 to 'len' (Vec expected, got number)");
/// ```
pub struct UserDataRef<T: 'static>(CheckedOut<T>);

/// Read and write access to a userdata's value (see [`AnyUserData::borrow_mut`]).
///
/// ```
/// use selenite::{Lua, UserDataRefMut};
/// let lua = Lua::new();
/// let push = lua.create_function(|_, (mut v, x): (UserDataRefMut<Vec<i64>>, i64)| {
///     v.push(x);
///     Ok(v.len())
/// }).unwrap();
/// lua.globals().set("push", push).unwrap();
/// lua.globals().set("list", lua.create_any_userdata(Vec::<i64>::new()).unwrap()).unwrap();
/// assert_eq!(lua.load("push(list, 1); return push(list, 2)").eval::<usize>().unwrap(), 2);
/// ```
pub struct UserDataRefMut<T: 'static>(CheckedOut<T>);

impl<T: 'static> std::ops::Deref for UserDataRef<T> {
    type Target = T;
    fn deref(&self) -> &T {
        // `value` is `Some` until the guard is dropped.
        self.0.value.as_deref().unwrap_or_else(|| unreachable!("checked-out value present until drop"))
    }
}

impl<T: 'static> std::ops::Deref for UserDataRefMut<T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.0.value.as_deref().unwrap_or_else(|| unreachable!("checked-out value present until drop"))
    }
}

impl<T: 'static> std::ops::DerefMut for UserDataRefMut<T> {
    fn deref_mut(&mut self) -> &mut T {
        self.0.value.as_deref_mut().unwrap_or_else(|| unreachable!("checked-out value present until drop"))
    }
}

impl<T: std::fmt::Debug + 'static> std::fmt::Debug for UserDataRef<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        (**self).fmt(f)
    }
}

impl<T: std::fmt::Debug + 'static> std::fmt::Debug for UserDataRefMut<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        (**self).fmt(f)
    }
}

/// The conversion error for a value that is not a userdata holding a `T`, or the
/// borrow error if it is one whose value is checked out.
pub(crate) fn expect_userdata<T: 'static>(value: Value) -> Result<AnyUserData> {
    match value {
        Value::UserData(ud) => Ok(ud),
        other => Err(not_a::<T>(other.type_name())),
    }
}

/// Turns a type mismatch into the conversion error naming `T`.
pub(crate) fn name_mismatch<T: 'static>(error: Error) -> Error {
    match error {
        Error::UserDataTypeMismatch => not_a::<T>("userdata"),
        other => other,
    }
}

fn not_a<T: 'static>(from: &'static str) -> Error {
    let name = short_type_name::<T>();
    Error::FromLuaConversionError { from, to: name, expected: name, message: None }
}

impl<T: 'static> FromLua for UserDataRef<T> {
    fn from_lua(value: Value, _: &Lua) -> Result<Self> {
        expect_userdata::<T>(value)?.borrow::<T>().map_err(name_mismatch::<T>)
    }
}

impl<T: 'static> FromLua for UserDataRefMut<T> {
    fn from_lua(value: Value, _: &Lua) -> Result<Self> {
        expect_userdata::<T>(value)?.borrow_mut::<T>().map_err(name_mismatch::<T>)
    }
}

/// A [`UserData`] value converts to a new userdata with its type's metatable.
impl<T: UserData> IntoLua for T {
    fn into_lua(self, lua: &Lua) -> Result<Value> {
        lua.create_userdata(self).map(Value::UserData)
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
    pub fn create_any_userdata<T: Send + 'static>(&self, data: T) -> Result<AnyUserData> {
        self.with_vm(|vm| {
            let ud = vm.new_userdata(Box::new(Slot(Some(Box::new(data)))), 0);
            AnyUserData(Handle::new(self, vm, RawValue::UserData(ud)))
        })
    }
}
