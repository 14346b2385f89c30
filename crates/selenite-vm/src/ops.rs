//! Slow paths of the operators: metamethod resolution and the reference's error
//! messages.
//!
//! Each function here decides, without calling anything, what an operation means: a
//! final value, or a metamethod to call with given arguments ([`Step::Call`]). The
//! interpreter turns a `Call` into a new frame (so metamethods never recurse on the
//! Rust stack); the embedding API runs it as a nested call.

use crate::debug::Origin;
use crate::error::{LuaError, LuaResult};
use crate::meta::{self, Tm};
use crate::table::KeyError;
use crate::value::Value;
use crate::vm::Vm;

/// The longest `__index`/`__newindex` chain followed (the reference's `MAXTAGLOOP`).
const MAX_TAG_LOOP: usize = 2000;

/// The outcome of resolving an operation.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Step {
    /// The operation's result.
    Done(Value),
    /// Call metamethod `f` with `args[..nargs]`; its first result is the answer.
    Call { f: Value, args: [Value; 3], nargs: usize },
}

impl Vm {
    /// The type name for messages: a `__name` string from the metatable, if any.
    pub fn type_name_for_message(&mut self, v: &Value) -> String {
        if matches!(v, Value::Table(_) | Value::UserData(_)) {
            if let Value::Str(s) = self.metafield(v, "__name") {
                return s.to_str_lossy().into_owned();
            }
        }
        v.type_name().to_string()
    }

    /// A runtime error raised by the running Lua instruction, positioned at it even
    /// when the function has no line information (`?:-1:`), as `luaG_runerror` does.
    pub(crate) fn runtime_error(&mut self, msg: &str) -> LuaError {
        let st = self.state();
        let frame = st.frames[st.ci()];
        let prefix = match self.frame_proto(&frame) {
            Some(p) => format!("{}:{}: ", selenite_bytecode::chunk_id(&p.source), self.current_line(&frame)),
            None => String::new(),
        };
        let v = self.str_value(&format!("{prefix}{msg}"));
        self.error_value_raise(v)
    }

    /// `attempt to <op> a <type> value (<var>)`.
    pub(crate) fn type_error(&mut self, v: Value, op: &str, origin: Origin) -> LuaError {
        let t = self.type_name_for_message(&v);
        let info = self.var_info(origin);
        self.runtime_error(&format!("attempt to {op} a {t} value{info}"))
    }

    /// Error for an arithmetic or bitwise operation with no applicable metamethod.
    pub(crate) fn arith_error(&mut self, event: Tm, a: Value, b: Value, oa: Origin, ob: Origin) -> LuaError {
        if event.is_bitwise() {
            if matches!(a, Value::Int(_) | Value::Float(_)) && matches!(b, Value::Int(_) | Value::Float(_)) {
                let origin = if meta::to_integer_bitwise(&a).is_none() { oa } else { ob };
                let info = self.var_info(origin);
                return self.runtime_error(&format!("number{info} has no integer representation"));
            }
            let (bad, origin) = if !matches!(a, Value::Int(_) | Value::Float(_)) { (a, oa) } else { (b, ob) };
            return self.type_error(bad, "perform bitwise operation on", origin);
        }
        if event == Tm::Concat {
            let (bad, origin) =
                if matches!(a, Value::Str(_) | Value::Int(_) | Value::Float(_)) { (b, ob) } else { (a, oa) };
            return self.type_error(bad, "concatenate", origin);
        }
        let (bad, origin) = if !matches!(a, Value::Int(_) | Value::Float(_)) { (a, oa) } else { (b, ob) };
        self.type_error(bad, "perform arithmetic on", origin)
    }

    /// Resolves `obj[key]`.
    pub(crate) fn index_step(&mut self, obj: Value, key: Value, origin: Origin) -> LuaResult<Step> {
        self.index_rounds(obj, key, origin, MAX_TAG_LOOP)
    }

    /// `index_step` with at most `rounds` steps of the `__index` chain left.
    #[inline]
    fn index_rounds(&mut self, obj: Value, key: Value, origin: Origin, rounds: usize) -> LuaResult<Step> {
        let mut obj = obj;
        for round in 0..rounds {
            let tm = match obj {
                Value::Table(t) => {
                    let v = t.get(&key);
                    if !v.is_nil() {
                        return Ok(Step::Done(v));
                    }
                    let Some(mt) = t.metatable() else {
                        return Ok(Step::Done(Value::Nil));
                    };
                    let tm = self.metamethod_in(mt, Tm::Index);
                    if tm.is_nil() {
                        return Ok(Step::Done(Value::Nil));
                    }
                    tm
                }
                _ => {
                    let tm = self.metamethod(&obj, Tm::Index);
                    if tm.is_nil() {
                        let origin = if round == 0 { origin } else { Origin::None };
                        return Err(self.index_error(obj, key, origin));
                    }
                    tm
                }
            };
            if tm.is_function() {
                return Ok(Step::Call { f: tm, args: [obj, key, Value::Nil], nargs: 2 });
            }
            obj = tm;
        }
        Err(self.runtime_error("'__index' chain too long; possible loop"))
    }

    /// `index_step` after a fast path's own lookup of a short string in table `obj`
    /// missed or was not made (a long string) (`GETFIELD`, `SELF`, `GETTABUP`):
    /// follows `__index` tables with the string lookup; any other operands go to
    /// `index_step`. A specialisation of `index_step` that pays on method calls
    /// through class tables (method_dispatch Ir 574M with `index_step`'s general loop
    /// in its place, 517M with this one); both share the chain limit.
    pub(crate) fn index_missed_step(&mut self, obj: Value, key: Value, origin: Origin) -> LuaResult<Step> {
        let (Value::Table(mut table), Value::Str(key)) = (obj, key) else {
            return self.index_step(obj, key, origin);
        };
        // The fast paths look up short strings only.
        if !key.is_short() {
            let v = table.get_str(key);
            if !v.is_nil() {
                return Ok(Step::Done(v));
            }
        }
        for round in 0..MAX_TAG_LOOP {
            let Some(mt) = table.metatable() else {
                return Ok(Step::Done(Value::Nil));
            };
            let tm = self.metamethod_in(mt, Tm::Index);
            let Value::Table(next) = tm else {
                if tm.is_nil() {
                    return Ok(Step::Done(Value::Nil));
                }
                if tm.is_function() {
                    return Ok(Step::Call {
                        f: tm,
                        args: [Value::Table(table), Value::Str(key), Value::Nil],
                        nargs: 2,
                    });
                }
                return self.index_rounds(tm, Value::Str(key), Origin::None, MAX_TAG_LOOP - round - 1);
            };
            let v = next.get_str(key);
            if !v.is_nil() {
                return Ok(Step::Done(v));
            }
            table = next;
        }
        Err(self.runtime_error("'__index' chain too long; possible loop"))
    }

    /// The error for indexing a value that cannot be indexed.
    fn index_error(&mut self, obj: Value, key: Value, origin: Origin) -> LuaError {
        let _ = key;
        self.type_error(obj, "index", origin)
    }

    /// Resolves `obj[key] = val`: `Ok(None)` when done, or the metamethod call.
    pub(crate) fn newindex_step(
        &mut self,
        obj: Value,
        key: Value,
        val: Value,
        origin: Origin,
    ) -> LuaResult<Option<Step>> {
        let mut obj = obj;
        for round in 0..MAX_TAG_LOOP {
            let tm = match obj {
                Value::Table(t) => {
                    let existing = t.get(&key);
                    let tm = if existing.is_nil() {
                        match t.metatable() {
                            Some(mt) => self.metamethod_in(mt, Tm::NewIndex),
                            None => Value::Nil,
                        }
                    } else {
                        Value::Nil
                    };
                    if tm.is_nil() {
                        match t.set(&mut self.heap, key, val) {
                            Ok(()) => {}
                            Err(KeyError::Memory) => {
                                return Err(self.memory_error());
                            }
                            Err(e) => return Err(self.runtime_error(e.message())),
                        }
                        return Ok(None);
                    }
                    tm
                }
                _ => {
                    let tm = self.metamethod(&obj, Tm::NewIndex);
                    if tm.is_nil() {
                        let origin = if round == 0 { origin } else { Origin::None };
                        return Err(self.index_error(obj, key, origin));
                    }
                    tm
                }
            };
            if tm.is_function() {
                return Ok(Some(Step::Call { f: tm, args: [obj, key, val], nargs: 3 }));
            }
            obj = tm;
        }
        Err(self.runtime_error("'__newindex' chain too long; possible loop"))
    }

    /// Resolves a binary arithmetic or bitwise event whose fast path failed.
    /// `a` and `b` are in the order the metamethod receives them.
    pub(crate) fn arith_step(&mut self, event: Tm, a: Value, b: Value, oa: Origin, ob: Origin) -> LuaResult<Step> {
        if let Some(v) = self.arith_coerced(event, a, b)? {
            return Ok(Step::Done(v));
        }
        let mut tm = self.metamethod(&a, event);
        if tm.is_nil() {
            tm = self.metamethod(&b, event);
        }
        if tm.is_nil() {
            return Err(self.arith_error(event, a, b, oa, ob));
        }
        Ok(Step::Call { f: tm, args: [a, b, Value::Nil], nargs: 2 })
    }

    /// Arithmetic the fast paths leave out: integer division by zero errors, and
    /// bitwise operators on floats.
    fn arith_coerced(&mut self, event: Tm, a: Value, b: Value) -> LuaResult<Option<Value>> {
        if event.is_bitwise() {
            if let (Some(x), Some(y)) = (meta::to_integer_bitwise(&a), meta::to_integer_bitwise(&b)) {
                return Ok(Some(Value::Int(if event == Tm::BNot { !x } else { meta::int_bitwise(event, x, y) })));
            }
            return Ok(None);
        }
        if let (Value::Int(_), Value::Int(0)) = (a, b) {
            if event == Tm::Mod {
                return Err(self.runtime_error("attempt to perform 'n%0'"));
            }
            if event == Tm::IDiv {
                return Err(self.runtime_error("attempt to divide by zero"));
            }
        }
        Ok(meta::arith_numbers(event, a, b))
    }

    /// Resolves `-v` or `~v`.
    pub(crate) fn unary_step(&mut self, event: Tm, v: Value, origin: Origin) -> LuaResult<Step> {
        if event == Tm::BNot {
            if let Some(x) = meta::to_integer_bitwise(&v) {
                return Ok(Step::Done(Value::Int(!x)));
            }
        } else if let Some(r) = meta::arith_numbers(Tm::Unm, v, v) {
            return Ok(Step::Done(r));
        }
        let tm = self.metamethod(&v, event);
        if tm.is_nil() {
            return Err(self.arith_error(event, v, v, origin, origin));
        }
        Ok(Step::Call { f: tm, args: [v, v, Value::Nil], nargs: 2 })
    }

    /// Resolves `#v`.
    pub(crate) fn len_step(&mut self, v: Value, origin: Origin) -> LuaResult<Step> {
        match v {
            Value::Str(s) => Ok(Step::Done(Value::Int(s.len() as i64))),
            Value::Table(t) => {
                let tm = match t.metatable() {
                    Some(mt) => self.metamethod_in(mt, Tm::Len),
                    None => Value::Nil,
                };
                if tm.is_nil() {
                    Ok(Step::Done(Value::Int(t.len())))
                } else {
                    Ok(Step::Call { f: tm, args: [v, v, Value::Nil], nargs: 2 })
                }
            }
            _ => {
                let tm = self.metamethod(&v, Tm::Len);
                if tm.is_nil() {
                    return Err(self.type_error(v, "get length of", origin));
                }
                Ok(Step::Call { f: tm, args: [v, v, Value::Nil], nargs: 2 })
            }
        }
    }

    /// Resolves `a == b`; a `Call`'s result is converted to a boolean by the caller.
    pub(crate) fn eq_step(&mut self, a: Value, b: Value) -> Step {
        let tm = match (a, b) {
            (Value::Table(x), Value::Table(y)) if x != y => {
                let mut tm = x.metatable().map_or(Value::Nil, |mt| self.metamethod_in(mt, Tm::Eq));
                if tm.is_nil() {
                    tm = y.metatable().map_or(Value::Nil, |mt| self.metamethod_in(mt, Tm::Eq));
                }
                tm
            }
            (Value::UserData(x), Value::UserData(y)) if x != y => {
                let mut tm = self.metamethod(&a, Tm::Eq);
                if tm.is_nil() {
                    tm = self.metamethod(&b, Tm::Eq);
                }
                tm
            }
            _ => return Step::Done(Value::Bool(a.raw_eq(&b))),
        };
        if tm.is_nil() {
            Step::Done(Value::Bool(false))
        } else {
            Step::Call { f: tm, args: [a, b, Value::Nil], nargs: 2 }
        }
    }

    /// Resolves `a < b` (`event == Lt`) or `a <= b` (`Le`).
    pub(crate) fn order_step(&mut self, event: Tm, a: Value, b: Value) -> LuaResult<Step> {
        let direct = if event == Tm::Lt { meta::num_lt(a, b) } else { meta::num_le(a, b) };
        if let Some(r) = direct {
            return Ok(Step::Done(Value::Bool(r)));
        }
        if let (Value::Str(x), Value::Str(y)) = (a, b) {
            return Ok(Step::Done(Value::Bool(meta::str_order(x, y, event == Tm::Lt))));
        }
        let mut tm = self.metamethod(&a, event);
        if tm.is_nil() {
            tm = self.metamethod(&b, event);
        }
        if tm.is_nil() {
            return Err(self.order_error(a, b));
        }
        Ok(Step::Call { f: tm, args: [a, b, Value::Nil], nargs: 2 })
    }

    fn order_error(&mut self, a: Value, b: Value) -> LuaError {
        let t1 = self.type_name_for_message(&a);
        let t2 = self.type_name_for_message(&b);
        if t1 == t2 {
            self.runtime_error(&format!("attempt to compare two {t1} values"))
        } else {
            self.runtime_error(&format!("attempt to compare {t1} with {t2}"))
        }
    }

    /// Resolves the `__call` metamethod of a value that is not a function.
    pub(crate) fn call_metamethod(&mut self, v: Value) -> LuaResult<Value> {
        let tm = self.metamethod(&v, Tm::Call);
        if tm.is_nil() {
            return Err(self.call_error(v));
        }
        Ok(tm)
    }

    /// `attempt to call a X value`, named after the calling instruction of the
    /// running Lua function (`(global 'f')`, `(metamethod 'add')`...).
    pub(crate) fn call_error(&mut self, v: Value) -> LuaError {
        let st = self.state();
        let frame = st.frames[st.ci()];
        let info = match self.frame_proto(&frame) {
            Some(p) => match crate::debug::name_from_calling_instruction(p, frame.current_pc(p)) {
                Some((kind, name)) => format!(" ({kind} '{name}')"),
                None => String::new(),
            },
            None => String::new(),
        };
        let t = self.type_name_for_message(&v);
        self.runtime_error(&format!("attempt to call a {t} value{info}"))
    }

    /// Appends the string form of a string or number for concatenation; false for
    /// other values.
    pub(crate) fn append_concat_piece(v: &Value, out: &mut Vec<u8>) -> bool {
        match v {
            Value::Str(s) => out.extend_from_slice(s.as_bytes()),
            Value::Int(i) => selenite_number::write_number(selenite_number::Number::Int(*i), out),
            Value::Float(f) => selenite_number::write_number(selenite_number::Number::Float(*f), out),
            _ => return false,
        }
        true
    }

    /// Converts a number to its string form (as `tostring` and concatenation do).
    pub fn number_to_str(&mut self, v: &Value) -> Option<crate::gc::Gc<crate::string::LuaStr>> {
        if !matches!(v, Value::Int(_) | Value::Float(_)) {
            return None;
        }
        let mut text = std::mem::take(&mut self.number_text);
        text.clear();
        Self::append_concat_piece(v, &mut text);
        let s = self.new_string(&text);
        self.number_text = text;
        Some(s)
    }
}
