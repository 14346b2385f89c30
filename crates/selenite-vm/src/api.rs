//! Argument checking and conversions for native functions, with the reference's
//! messages (`bad argument #1 to 'sub' (number expected, got table)`).
//!
//! Arguments are numbered from 1. A method call (`s:rep(3)`) counts `self` as
//! argument 0 in messages, as the reference does.

use crate::error::{LuaError, LuaResult};
use crate::gc::Gc;
use crate::meta;
use crate::string::LuaStr;
use crate::table::Table;
use crate::value::{LuaType, Value};
use crate::vm::Vm;

impl Vm {
    /// `bad argument #n to 'f' (msg)`.
    pub fn arg_error(&mut self, n: usize, msg: &str) -> LuaError {
        let (kind, name) = self.native_name();
        let mut n = n as i64;
        if kind == Some("method") {
            n -= 1;
            if n == 0 {
                return self.error(format!("calling '{name}' on bad self ({msg})"));
            }
        }
        self.error(format!("bad argument #{n} to '{name}' ({msg})"))
    }

    /// `bad argument #n to 'f' (T expected, got U)`.
    pub fn type_arg_error(&mut self, n: usize, expected: &str) -> LuaError {
        let got = if self.arg_is_none(n) {
            "no value".to_string()
        } else {
            let v = self.arg(n);
            match self.metafield(&v, "__name") {
                Value::Str(s) => s.to_str_lossy().into_owned(),
                _ if matches!(v, Value::LightUserData(_)) => "light userdata".to_string(),
                _ => v.type_name().to_string(),
            }
        };
        self.arg_error(n, &format!("{expected} expected, got {got}"))
    }

    /// Any argument, present (nil allowed) — `luaL_checkany`.
    pub fn check_any(&mut self, n: usize) -> LuaResult<Value> {
        if self.arg_is_none(n) {
            return Err(self.arg_error(n, "value expected"));
        }
        Ok(self.arg(n))
    }

    /// An integer argument (floats with an integral value and numeric strings are
    /// converted).
    #[inline]
    pub fn check_integer(&mut self, n: usize) -> LuaResult<i64> {
        match self.arg(n) {
            Value::Int(i) => Ok(i),
            v => self.coerce_integer_arg(n, v),
        }
    }

    /// `check_integer` of anything but an integer: kept out of line so that the
    /// library functions that take integers inline only the test of the tag.
    #[inline(never)]
    fn coerce_integer_arg(&mut self, n: usize, v: Value) -> LuaResult<i64> {
        match meta::to_number_coerce(&v) {
            Some(num) => match num.as_integer() {
                Some(i) => Ok(i),
                None => Err(self.arg_error(n, "number has no integer representation")),
            },
            None => Err(self.type_arg_error(n, "number")),
        }
    }

    /// An optional integer argument.
    pub fn opt_integer(&mut self, n: usize, default: i64) -> LuaResult<i64> {
        if self.arg(n).is_nil() {
            Ok(default)
        } else {
            self.check_integer(n)
        }
    }

    /// A number argument (numeric strings are converted).
    #[inline]
    pub fn check_number(&mut self, n: usize) -> LuaResult<Value> {
        match self.arg(n) {
            v @ (Value::Int(_) | Value::Float(_)) => Ok(v),
            v => self.coerce_number_arg(n, v),
        }
    }

    /// `check_number` of anything but a number (a string may convert).
    #[inline(never)]
    fn coerce_number_arg(&mut self, n: usize, v: Value) -> LuaResult<Value> {
        match meta::to_number_coerce(&v) {
            Some(num) => Ok(num),
            None => Err(self.type_arg_error(n, "number")),
        }
    }

    /// A number argument as a float.
    #[inline]
    pub fn check_float(&mut self, n: usize) -> LuaResult<f64> {
        match self.arg(n) {
            Value::Float(f) => Ok(f),
            Value::Int(i) => Ok(i as f64),
            v => Ok(self.coerce_number_arg(n, v)?.as_float().unwrap_or(f64::NAN)),
        }
    }

    /// An optional number argument as a float.
    pub fn opt_float(&mut self, n: usize, default: f64) -> LuaResult<f64> {
        if self.arg(n).is_nil() {
            Ok(default)
        } else {
            self.check_float(n)
        }
    }

    /// A string argument; numbers are converted to strings (and the argument slot
    /// replaced, as `lua_tolstring` does).
    pub fn check_string(&mut self, n: usize) -> LuaResult<Gc<LuaStr>> {
        match self.arg(n) {
            Value::Str(s) => Ok(s),
            v @ (Value::Int(_) | Value::Float(_)) => {
                let s = self.number_to_str(&v).unwrap_or_else(|| self.new_string(b""));
                self.set_arg(n, Value::Str(s));
                Ok(s)
            }
            _ => Err(self.type_arg_error(n, "string")),
        }
    }

    /// An optional string argument.
    pub fn opt_string(&mut self, n: usize) -> LuaResult<Option<Gc<LuaStr>>> {
        if self.arg(n).is_nil() {
            Ok(None)
        } else {
            self.check_string(n).map(Some)
        }
    }

    /// A table argument.
    pub fn check_table(&mut self, n: usize) -> LuaResult<Gc<Table>> {
        match self.arg(n) {
            Value::Table(t) => Ok(t),
            _ => Err(self.type_arg_error(n, "table")),
        }
    }

    /// An argument of a given basic type.
    pub fn check_type(&mut self, n: usize, ty: LuaType) -> LuaResult<Value> {
        let v = self.arg(n);
        if v.lua_type() != ty || self.arg_is_none(n) {
            return Err(self.type_arg_error(n, ty.name()));
        }
        Ok(v)
    }

    /// One of the given option names (`luaL_checkoption`); returns its index.
    pub fn check_option(&mut self, n: usize, default: Option<&str>, options: &[&str]) -> LuaResult<usize> {
        let name: Vec<u8> = match (self.arg(n), default) {
            (Value::Nil, Some(d)) => d.as_bytes().to_vec(),
            _ => self.check_string(n)?.as_bytes().to_vec(),
        };
        match options.iter().position(|o| o.as_bytes() == name.as_slice()) {
            Some(i) => Ok(i),
            None => {
                let msg = format!("invalid option '{}'", String::from_utf8_lossy(&name));
                Err(self.arg_error(n, &msg))
            }
        }
    }

    /// Converts any value to a string as `tostring` does, honouring `__tostring` and
    /// `__name` (`luaL_tolstring`). May call Lua.
    pub fn to_display_string(&mut self, v: Value) -> LuaResult<Gc<LuaStr>> {
        let tm = self.metafield(&v, "__tostring");
        if !tm.is_nil() {
            let r = self.call1(tm, &[v])?;
            return match r {
                Value::Str(s) => Ok(s),
                Value::Int(_) | Value::Float(_) => Ok(self.number_to_str(&r).unwrap_or_else(|| self.new_string(b""))),
                _ => Err(self.error("'__tostring' must return a string")),
            };
        }
        Ok(match v {
            Value::Str(s) => s,
            Value::Int(_) | Value::Float(_) => self.number_to_str(&v).unwrap_or_else(|| self.new_string(b"")),
            Value::Nil => self.new_string(b"nil"),
            Value::Bool(b) => self.new_string(if b { b"true" } else { b"false" }),
            _ => {
                let kind = match self.metafield(&v, "__name") {
                    Value::Str(s) => s.to_str_lossy().into_owned(),
                    _ => v.type_name().to_string(),
                };
                let text = format!("{}: {:#x}", kind, v.identity());
                self.new_string(text.as_bytes())
            }
        })
    }

    /// `v[k]` with metamethods, from Rust (may call Lua).
    pub fn index(&mut self, v: Value, k: Value) -> LuaResult<Value> {
        match self.index_step(v, k, crate::debug::Origin::None)? {
            crate::ops::Step::Done(r) => Ok(r),
            crate::ops::Step::Call { f, args, nargs } => self.call1(f, &args[..nargs]),
        }
    }

    /// `v[k] = x` with metamethods, from Rust (may call Lua).
    pub fn set_index(&mut self, v: Value, k: Value, x: Value) -> LuaResult<()> {
        if let Some(crate::ops::Step::Call { f, args, nargs }) =
            self.newindex_step(v, k, x, crate::debug::Origin::None)?
        {
            self.call_function(f, &args[..nargs])?;
        }
        Ok(())
    }

    /// `#v` with metamethods, from Rust (may call Lua).
    pub fn length(&mut self, v: Value) -> LuaResult<Value> {
        match self.len_step(v, crate::debug::Origin::None)? {
            crate::ops::Step::Done(r) => Ok(r),
            crate::ops::Step::Call { f, args, nargs } => self.call1(f, &args[..nargs]),
        }
    }

    /// `#v` as an integer (`luaL_len`): errors if `__len` returns a non-integer.
    pub fn length_int(&mut self, v: Value) -> LuaResult<i64> {
        match self.length(v)? {
            Value::Int(i) => Ok(i),
            // As `luaL_len`: any value `lua_tointegerx` accepts, numeric strings too.
            other => match meta::to_integer_coerce(&other) {
                Some(i) => Ok(i),
                None => Err(self.error("object length is not an integer")),
            },
        }
    }

    /// `a == b` with metamethods.
    pub fn equals(&mut self, a: Value, b: Value) -> LuaResult<bool> {
        match self.eq_step(a, b) {
            crate::ops::Step::Done(r) => Ok(!r.is_falsy()),
            crate::ops::Step::Call { f, args, nargs } => Ok(!self.call1(f, &args[..nargs])?.is_falsy()),
        }
    }

    /// `a < b` with metamethods.
    pub fn less_than(&mut self, a: Value, b: Value) -> LuaResult<bool> {
        match self.order_step(crate::meta::Tm::Lt, a, b)? {
            crate::ops::Step::Done(r) => Ok(!r.is_falsy()),
            crate::ops::Step::Call { f, args, nargs } => Ok(!self.call1(f, &args[..nargs])?.is_falsy()),
        }
    }

    /// Arithmetic or bitwise operation `event` with metamethods, from Rust.
    pub fn arith(&mut self, event: crate::meta::Tm, a: Value, b: Value) -> LuaResult<Value> {
        let step = if matches!(event, crate::meta::Tm::Unm | crate::meta::Tm::BNot) {
            self.unary_step(event, a, crate::debug::Origin::None)?
        } else {
            self.arith_step(event, a, b, crate::debug::Origin::None, crate::debug::Origin::None)?
        };
        match step {
            crate::ops::Step::Done(r) => Ok(r),
            crate::ops::Step::Call { f, args, nargs } => self.call1(f, &args[..nargs]),
        }
    }

    /// Concatenates values as `..` does (strings and numbers; `__concat` otherwise).
    pub fn concat_values(&mut self, values: &[Value]) -> LuaResult<Value> {
        let Some((&first, rest)) = values.split_first() else {
            return Ok(Value::Str(self.new_string(b"")));
        };
        let mut acc = first;
        for &v in rest {
            let mut buf = Vec::new();
            if Vm::append_concat_piece(&acc, &mut buf) && Vm::append_concat_piece(&v, &mut buf) {
                acc = Value::Str(self.new_string_from_vec(buf));
                continue;
            }
            let mut tm = self.metamethod(&acc, crate::meta::Tm::Concat);
            if tm.is_nil() {
                tm = self.metamethod(&v, crate::meta::Tm::Concat);
            }
            if tm.is_nil() {
                return Err(self.arith_error(
                    crate::meta::Tm::Concat,
                    acc,
                    v,
                    crate::debug::Origin::None,
                    crate::debug::Origin::None,
                ));
            }
            acc = self.call1(tm, &[acc, v])?;
        }
        Ok(acc)
    }

    /// Converts a value to an integer as `lua_tointegerx` does (numeric strings too).
    pub fn to_integer(v: &Value) -> Option<i64> {
        meta::to_integer_coerce(v)
    }

    /// Converts a value to a number as `lua_tonumberx` does (numeric strings too).
    pub fn to_number(v: &Value) -> Option<Value> {
        meta::to_number_coerce(v)
    }
}
