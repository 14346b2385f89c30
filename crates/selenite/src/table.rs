//! [`Table`]: a handle to a Lua table, with reads and writes that honour metamethods
//! (`get`, `set`, `len`) or bypass them (`raw_*`), and iterators over its pairs and
//! its sequence.

use crate::boundary::call_protected;
use crate::conversion::{FromLua, IntoLua};
use crate::error::{Error, Result};
use crate::multi::MultiValue;
use crate::state::Lua;
use crate::value::{from_raw, to_raw, Handle, Value};
use selenite_vm::{Gc, NativeResult, Table as RawTable, Value as RawValue, Vm};
use std::marker::PhantomData;

/// A Lua table, kept alive while the handle (or a clone) exists.
///
/// ```
/// let lua = selenite::Lua::new();
/// let t: selenite::Table = lua.load("return { 10, 20, x = 'y' }").eval().unwrap();
/// assert_eq!(t.get::<String>("x").unwrap(), "y");
/// assert_eq!(t.len().unwrap(), 2);
/// ```
#[derive(Clone)]
pub struct Table(pub(crate) Handle);

handle_identity!(Table);

/// `t[k]` with metamethods, run as a protected call.
fn index_entry(vm: &mut Vm) -> NativeResult {
    let v = vm.index(vm.arg(1), vm.arg(2))?;
    vm.ret1(v)
}

/// `t[k] = v` with metamethods, run as a protected call.
fn new_index_entry(vm: &mut Vm) -> NativeResult {
    vm.set_index(vm.arg(1), vm.arg(2), vm.arg(3))?;
    vm.ret0()
}

/// `#t` with metamethods (an integer, as `luaL_len` requires).
fn length_entry(vm: &mut Vm) -> NativeResult {
    let n = vm.length_int(vm.arg(1))?;
    vm.ret1(RawValue::Int(n))
}

impl Table {
    /// The raw table of this handle in `vm`.
    fn raw_table(&self, lua: &Lua, vm: &Vm) -> Result<Gc<RawTable>> {
        match self.0.raw(lua, vm)? {
            RawValue::Table(t) => Ok(t),
            // A handle made as a table always holds one.
            _ => Err(Error::MismatchedState),
        }
    }

    /// Runs a native helper on this table and `extra` values as a protected call.
    fn call_helper(&self, helper: selenite_vm::NativeFn, extra: Vec<Value>) -> Result<MultiValue> {
        let lua = self.0.lua()?;
        let mut args = MultiValue::from_vec(vec![Value::Table(self.clone())]);
        args.extend(extra);
        call_protected(&lua, |_| Ok(RawValue::NativeFn(helper)), args)
    }

    /// `t[key]`, with the `__index` metamethod if there is one.
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// let t: selenite::Table = lua
    ///     .load("return setmetatable({}, { __index = function(_, k) return k .. '!' end })")
    ///     .eval()
    ///     .unwrap();
    /// assert_eq!(t.get::<String>("hi").unwrap(), "hi!");
    /// ```
    pub fn get<V: FromLua>(&self, key: impl IntoLua) -> Result<V> {
        let lua = self.0.lua()?;
        let key = key.into_lua(&lua)?;
        // A table without a metatable reads raw, under one lock: no lease of the VM
        // and no protected call (about 1,000 instructions instead of 3,700).
        if let Some(value) = self.read_raw(&lua, &key, true)? {
            return V::from_lua(value, &lua);
        }
        let results = self.call_helper(index_entry, vec![key])?;
        V::from_lua(results.into_vec().into_iter().next().unwrap_or(Value::Nil), &lua)
    }

    /// `t[key] = value`, with the `__newindex` metamethod if there is one. A `nil` or
    /// NaN key is an error, as in Lua.
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// let t = lua.create_table().unwrap();
    /// t.set("answer", 42).unwrap();
    /// let err = t.set(selenite::Value::Nil, 1).unwrap_err();
    /// assert_eq!(err.to_string(), "table index is nil");
    /// ```
    pub fn set(&self, key: impl IntoLua, value: impl IntoLua) -> Result<()> {
        let lua = self.0.lua()?;
        let key = key.into_lua(&lua)?;
        let value = value.into_lua(&lua)?;
        // A table without a metatable is written raw under one lock, as `get` reads.
        // Anything that would fail (a nil or NaN key, memory refused) takes the
        // general path, which raises the error as Lua code would see it.
        let done = lua.with_vm(|vm| {
            let t = self.raw_table(&lua, vm)?;
            if t.metatable().is_some() {
                return Ok(false);
            }
            let k = to_raw(&lua, vm, &key)?;
            let v = to_raw(&lua, vm, &value)?;
            let valid_key = match k {
                RawValue::Nil => false,
                RawValue::Float(f) => !f.is_nan(),
                _ => true,
            };
            Ok(valid_key && vm.raw_set(t, k, v).is_ok())
        })??;
        if done {
            return Ok(());
        }
        self.call_helper(new_index_entry, vec![key, value]).map(|_| ())
    }

    /// `t[key]` without metamethods (`rawget`).
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// let t = lua.create_table_from([(1, "a")]).unwrap();
    /// assert_eq!(t.raw_get::<String>(1).unwrap(), "a");
    /// ```
    pub fn raw_get<V: FromLua>(&self, key: impl IntoLua) -> Result<V> {
        let lua = self.0.lua()?;
        let key = key.into_lua(&lua)?;
        let value = self.read_raw(&lua, &key, false)?.unwrap_or(Value::Nil);
        V::from_lua(value, &lua)
    }

    /// `t[key]` without metamethods, under one lock; `None` if `plain_only` and the
    /// table has a metatable (whose `__index` the caller must honour).
    fn read_raw(&self, lua: &Lua, key: &Value, plain_only: bool) -> Result<Option<Value>> {
        lua.with_vm(|vm| {
            let t = self.raw_table(lua, vm)?;
            if plain_only && t.metatable().is_some() {
                return Ok(None);
            }
            let k = to_raw(lua, vm, key)?;
            let raw = t.get(&k);
            Ok(Some(from_raw(lua, vm, raw)))
        })?
    }

    /// `t[key] = value` without metamethods (`rawset`).
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// let t = lua.create_table().unwrap();
    /// t.raw_set("k", true).unwrap();
    /// assert!(t.raw_get::<bool>("k").unwrap());
    /// ```
    pub fn raw_set(&self, key: impl IntoLua, value: impl IntoLua) -> Result<()> {
        let lua = self.0.lua()?;
        let key = key.into_lua(&lua)?;
        let value = value.into_lua(&lua)?;
        lua.with_vm(|vm| {
            let t = self.raw_table(&lua, vm)?;
            let k = to_raw(&lua, vm, &key)?;
            let v = to_raw(&lua, vm, &value)?;
            match vm.raw_set(t, k, v) {
                Ok(()) => Ok(()),
                Err(_) => {
                    let message = vm.error_value();
                    Err(Error::runtime(message.as_str().map(|s| s.to_str_lossy().into_owned()).unwrap_or_default()))
                }
            }
        })?
    }

    /// Whether `t[key]` (raw) is not `nil`.
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// let t = lua.create_table_from([("a", 1)]).unwrap();
    /// assert!(t.contains_key("a").unwrap());
    /// assert!(!t.contains_key("b").unwrap());
    /// ```
    pub fn contains_key(&self, key: impl IntoLua) -> Result<bool> {
        Ok(!self.raw_get::<Value>(key)?.is_nil())
    }

    /// `#t`, with the `__len` metamethod if there is one.
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// let t: selenite::Table = lua.load("return setmetatable({}, { __len = function() return 7 end })").eval().unwrap();
    /// assert_eq!(t.len().unwrap(), 7);
    /// assert_eq!(t.raw_len(), 0);
    /// ```
    pub fn len(&self) -> Result<i64> {
        let results = self.call_helper(length_entry, Vec::new())?;
        match results.first() {
            Some(Value::Integer(n)) => Ok(*n),
            _ => Ok(0),
        }
    }

    /// `#t` without metamethods (`rawlen`): a border of the sequence part.
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// assert_eq!(lua.create_sequence_from([1, 2, 3]).unwrap().raw_len(), 3);
    /// ```
    pub fn raw_len(&self) -> usize {
        let Ok(lua) = self.0.lua() else { return 0 };
        lua.with_vm(|vm| self.raw_table(&lua, vm).map(|t| t.len().max(0) as usize).unwrap_or(0)).unwrap_or(0)
    }

    /// Whether the table has no entries at all (raw).
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// assert!(lua.create_table().unwrap().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        let Ok(lua) = self.0.lua() else { return true };
        lua.with_vm(|vm| self.raw_table(&lua, vm).map(|t| matches!(t.next(&RawValue::Nil), Ok(None))).unwrap_or(true))
            .unwrap_or(true)
    }

    /// The table's metatable, if any.
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// let t: selenite::Table = lua.load("return setmetatable({}, {})").eval().unwrap();
    /// assert!(t.metatable().unwrap().is_some());
    /// ```
    pub fn metatable(&self) -> Result<Option<Table>> {
        let lua = self.0.lua()?;
        lua.with_vm(|vm| {
            let t = self.raw_table(&lua, vm)?;
            Ok(t.metatable().map(|mt| Table(Handle::new(&lua, vm, RawValue::Table(mt)))))
        })?
    }

    /// Sets or removes the table's metatable (raw: `__metatable` protection does not
    /// apply to the host).
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// let t = lua.create_table().unwrap();
    /// let mt = lua.create_table_from([("__index", lua.create_table_from([("x", 1)]).unwrap())]).unwrap();
    /// t.set_metatable(Some(&mt)).unwrap();
    /// assert_eq!(t.get::<i64>("x").unwrap(), 1);
    /// ```
    pub fn set_metatable(&self, metatable: Option<&Table>) -> Result<()> {
        let lua = self.0.lua()?;
        lua.with_vm(|vm| {
            let t = self.raw_table(&lua, vm)?;
            let mt = match metatable {
                Some(mt) => Some(mt.raw_table(&lua, vm)?),
                None => None,
            };
            vm.set_table_metatable(t, mt);
            Ok(())
        })?
    }

    /// Iterates over every key-value pair (raw, in `next` order), converting each.
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// let t = lua.create_table_from([("a", 1), ("b", 2)]).unwrap();
    /// let mut sum = 0;
    /// for pair in t.pairs::<String, i64>() {
    ///     sum += pair.unwrap().1;
    /// }
    /// assert_eq!(sum, 3);
    /// ```
    pub fn pairs<K: FromLua, V: FromLua>(&self) -> TablePairs<K, V> {
        TablePairs { table: self.clone(), key: Some(Value::Nil), _types: PhantomData }
    }

    /// Iterates over `t[1]`, `t[2]`, ... up to the first `nil` (raw reads).
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// let t = lua.create_sequence_from(["a", "b"]).unwrap();
    /// let v: Vec<String> = t.sequence_values().collect::<selenite::Result<_>>().unwrap();
    /// assert_eq!(v, ["a", "b"]);
    /// ```
    pub fn sequence_values<V: FromLua>(&self) -> TableSequence<V> {
        TableSequence { table: self.clone(), index: 1, done: false, _type: PhantomData }
    }
}

/// The iterator of [`Table::pairs`]. A collection between steps is harmless: the
/// iterator holds the table and the last key.
///
/// ```
/// let lua = selenite::Lua::new();
/// let t = lua.create_table_from([("k", "v")]).unwrap();
/// let pairs: selenite::TablePairs<String, String> = t.pairs();
/// assert_eq!(pairs.count(), 1);
/// ```
pub struct TablePairs<K, V> {
    table: Table,
    /// The key to continue after; `None` once finished.
    key: Option<Value>,
    _types: PhantomData<(K, V)>,
}

impl<K: FromLua, V: FromLua> Iterator for TablePairs<K, V> {
    type Item = Result<(K, V)>;

    fn next(&mut self) -> Option<Self::Item> {
        let key = self.key.take()?;
        let step = (|| {
            let lua = self.table.0.lua()?;
            let pair = lua.with_vm(|vm| {
                let t = self.table.raw_table(&lua, vm)?;
                let k = to_raw(&lua, vm, &key)?;
                match t.next(&k) {
                    Ok(Some((k, v))) => Ok(Some((from_raw(&lua, vm, k), from_raw(&lua, vm, v)))),
                    Ok(None) => Ok(None),
                    Err(_) => Err(Error::runtime("invalid key to 'next'")),
                }
            })??;
            Ok((lua, pair))
        })();
        match step {
            Ok((lua, Some((k, v)))) => {
                self.key = Some(k.clone());
                Some(K::from_lua(k, &lua).and_then(|k| Ok((k, V::from_lua(v, &lua)?))))
            }
            Ok((_, None)) => None,
            Err(e) => Some(Err(e)),
        }
    }
}

/// The iterator of [`Table::sequence_values`].
///
/// ```
/// let lua = selenite::Lua::new();
/// let t = lua.create_sequence_from([1, 2]).unwrap();
/// let values: selenite::TableSequence<i64> = t.sequence_values();
/// assert_eq!(values.map(Result::unwrap).sum::<i64>(), 3);
/// ```
pub struct TableSequence<V> {
    table: Table,
    index: i64,
    done: bool,
    _type: PhantomData<V>,
}

impl<V: FromLua> Iterator for TableSequence<V> {
    type Item = Result<V>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.table.raw_get::<Value>(self.index) {
            Ok(Value::Nil) => {
                self.done = true;
                None
            }
            Ok(v) => {
                self.index += 1;
                Some(self.table.0.lua().and_then(|lua| V::from_lua(v, &lua)))
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}
