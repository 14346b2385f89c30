//! The table library (manual §6.6). Element access honours `__index`, `__newindex`
//! and `__len` as the reference does; plain tables take raw fast paths.
//!
//! `sort` follows the reference's quicksort (median of three, the same checks for
//! inconsistent comparators) and keeps every element it holds on the Lua stack, so a
//! comparator that runs the collector cannot free them.

use crate::util::{grow_buffer, register};
use selenite_vm::{ExactWriter, Gc, LuaResult, LuaType, NativeResult, NativeReturn, Table, Value, Vm};

pub fn open(vm: &mut Vm) -> Value {
    let t = vm.new_table();
    register(
        vm,
        t,
        &[
            ("concat", concat),
            ("insert", insert),
            ("move", move_),
            ("pack", pack),
            ("remove", remove),
            ("sort", sort),
            ("unpack", unpack),
        ],
    );
    Value::Table(t)
}

const READ: u8 = 1;
const WRITE: u8 = 2;
const LENGTH: u8 = 4;

/// Checks that argument `n` is a table, or has the metamethods the operation needs.
fn check_tab(vm: &mut Vm, n: usize, what: u8) -> LuaResult<Value> {
    let v = vm.arg(n);
    if let Value::Table(_) = v {
        return Ok(v);
    }
    if vm.metatable(&v).is_some() {
        let ok = (what & READ == 0 || !vm.metafield(&v, "__index").is_nil())
            && (what & WRITE == 0 || !vm.metafield(&v, "__newindex").is_nil())
            && (what & LENGTH == 0 || !vm.metafield(&v, "__len").is_nil());
        if ok {
            return Ok(v);
        }
    }
    Err(vm.type_arg_error(n, "table"))
}

/// `#t` for argument 1 (with `__len`).
fn aux_len(vm: &mut Vm, what: u8) -> LuaResult<(Value, i64)> {
    let t = check_tab(vm, 1, what | LENGTH)?;
    let n = match t {
        Value::Table(tb) if tb.metatable().is_none() => tb.len(),
        _ => length_int(vm, t)?,
    };
    Ok((t, n))
}

/// `luaL_len`: `#t` with `__len`, whose result converts as `lua_tointegerx` does (so a
/// numeric string such as `"3"` counts as 3).
fn length_int(vm: &mut Vm, t: Value) -> LuaResult<i64> {
    let n = vm.length(t)?;
    match Vm::to_integer(&n) {
        Some(i) => Ok(i),
        None => Err(vm.error("object length is not an integer")),
    }
}

/// `t[i]` honouring metamethods only when the table has a metatable.
fn get_i(vm: &mut Vm, t: Value, i: i64) -> LuaResult<Value> {
    match t {
        Value::Table(tb) if tb.metatable().is_none() => Ok(tb.get_int(i)),
        _ => vm.index(t, Value::Int(i)),
    }
}

/// `t[i] = v` honouring metamethods only when the table has a metatable.
fn set_i(vm: &mut Vm, t: Value, i: i64, v: Value) -> LuaResult<()> {
    match t {
        Value::Table(tb) if tb.metatable().is_none() => {
            vm.raw_set_int(tb, i, v);
            Ok(())
        }
        _ => vm.set_index(t, Value::Int(i), v),
    }
}

fn insert(vm: &mut Vm) -> NativeResult {
    // Appending to a plain table, the common case, reads the table where the caller
    // put it: passed through `aux_len`'s result, it would be read back in pieces wider
    // than the ones just written, which waits for them to reach the cache.
    if vm.arg_count() == 2 {
        if let Value::Table(tb) = vm.arg(1) {
            if tb.metatable().is_none() {
                let end = tb.len().wrapping_add(1);
                vm.raw_set_int(tb, end, vm.arg(2));
                return vm.ret0();
            }
        }
    }
    let (t, n) = aux_len(vm, READ | WRITE)?;
    let e = n.wrapping_add(1);
    let (pos, v) = match vm.arg_count() {
        2 => (e, vm.arg(2)),
        3 => {
            let pos = vm.check_integer(2)?;
            if (pos as u64).wrapping_sub(1) >= e as u64 {
                return Err(vm.arg_error(2, "position out of bounds"));
            }
            let mut i = e;
            if i > pos {
                let prev = get_i(vm, t, i - 1)?;
                set_i(vm, t, i, prev)?;
                i -= 1;
            }
            // The rest of the shift, within a plain table's array part, in one move
            // (the store above may have grown that part).
            if let Value::Table(tb) = t {
                if tb.metatable().is_none() && i > pos && vm.table_move_in_array(tb, pos, pos + 1, (i - pos) as usize) {
                    i = pos;
                }
            }
            while i > pos {
                let prev = get_i(vm, t, i - 1)?;
                set_i(vm, t, i, prev)?;
                i -= 1;
            }
            (pos, vm.arg(3))
        }
        _ => return Err(vm.error("wrong number of arguments to 'insert'")),
    };
    set_i(vm, t, pos, v)?;
    vm.ret0()
}

fn remove(vm: &mut Vm) -> NativeResult {
    let (t, size) = aux_len(vm, READ | WRITE)?;
    let mut pos = vm.opt_integer(2, size)?;
    if pos != size && (pos as u64).wrapping_sub(1) > size as u64 {
        return Err(vm.arg_error(2, "position out of bounds"));
    }
    let result = get_i(vm, t, pos)?;
    vm.push(result)?;
    if let Value::Table(tb) = t {
        if tb.metatable().is_none() && pos < size && vm.table_move_in_array(tb, pos + 1, pos, (size - pos) as usize) {
            pos = size;
        }
    }
    while pos < size {
        let next = get_i(vm, t, pos + 1)?;
        set_i(vm, t, pos, next)?;
        pos += 1;
    }
    set_i(vm, t, pos, Value::Nil)?;
    Ok(NativeReturn::Values(1))
}

fn move_(vm: &mut Vm) -> NativeResult {
    let f = vm.check_integer(2)?;
    let e = vm.check_integer(3)?;
    let t = vm.check_integer(4)?;
    let dest_arg = if vm.arg(5).is_nil() { 1 } else { 5 };
    let src = check_tab(vm, 1, READ)?;
    let dest = check_tab(vm, dest_arg, WRITE)?;
    if e >= f {
        if !(f > 0 || e < i64::MAX.wrapping_add(f)) {
            return Err(vm.arg_error(3, "too many elements to move"));
        }
        let n = e - f + 1;
        if t > i64::MAX - n + 1 {
            return Err(vm.arg_error(4, "destination wrap around"));
        }
        // Within one plain table's array part: one move.
        if let (Value::Table(from), Value::Table(to)) = (src, dest) {
            if from.addr() == to.addr() && from.metatable().is_none() && vm.table_move_in_array(from, f, t, n as usize)
            {
                return vm.ret1(dest);
            }
        }
        let same = dest_arg == 1 || vm.equals(src, dest)?;
        if t > e || t <= f || !same {
            for i in 0..n {
                let v = get_i(vm, src, f + i)?;
                set_i(vm, dest, t + i, v)?;
            }
        } else {
            for i in (0..n).rev() {
                let v = get_i(vm, src, f + i)?;
                set_i(vm, dest, t + i, v)?;
            }
        }
    }
    vm.ret1(dest)
}

fn concat(vm: &mut Vm) -> NativeResult {
    let (t, len) = aux_len(vm, READ)?;
    let sep = match vm.opt_string(2)? {
        Some(s) => s.as_bytes().to_vec(),
        None => Vec::new(),
    };
    let mut i = vm.opt_integer(3, 1)?;
    let last = vm.opt_integer(4, len)?;
    // A plain table is read directly: its elements need no `Result` to come through.
    let plain = match t {
        Value::Table(tb) if tb.metatable().is_none() => Some(tb),
        _ => None,
    };
    if let Some(tb) = plain {
        let mut len = 0usize;
        let measured = each_piece(tb, i, last, &sep, |piece| match len.checked_add(piece.len()) {
            Some(n) => {
                len = n;
                true
            }
            None => false,
        });
        if measured {
            // Every element a string: the result is written in place, once. Checking
            // the memory limit may run finalizers that change the table: then the
            // pieces no longer fill `len` bytes and the general path below runs.
            let written = vm.new_string_with(len, |out| {
                let mut w = ExactWriter::new(out);
                each_piece(tb, i, last, &sep, |piece| w.put(piece)) && w.is_full()
            })?;
            if let Some(s) = written {
                return vm.ret1(Value::Str(s));
            }
        }
    }
    let mut out = Vec::new();
    while i <= last {
        let v = match plain {
            Some(tb) => tb.get_int(i),
            None => get_i(vm, t, i)?,
        };
        let piece = match v {
            Value::Str(s) => s,
            Value::Int(_) | Value::Float(_) => vm.to_display_string(v)?,
            _ => {
                let msg = format!("invalid value ({}) at index {} in table for 'concat'", v.type_name(), i);
                return Err(vm.error(msg));
            }
        };
        grow_buffer(vm, &mut out, piece.len() + sep.len())?;
        out.extend_from_slice(piece.as_bytes());
        if i == last {
            break;
        }
        out.extend_from_slice(&sep);
        i += 1;
    }
    let s = vm.new_string_from_vec(out);
    vm.ret1(Value::Str(s))
}

/// Passes `table.concat`'s pieces (elements `first..=last` of a plain table, with
/// `sep` between them) to `put` while it accepts them; false if an element is not a
/// string or `put` refused a piece.
fn each_piece(t: Gc<Table>, first: i64, last: i64, sep: &[u8], mut put: impl FnMut(&[u8]) -> bool) -> bool {
    let mut index = first;
    while index <= last {
        let Value::Str(piece) = t.get_int(index) else { return false };
        if !put(piece.as_bytes()) {
            return false;
        }
        if index == last {
            break;
        }
        if !put(sep) {
            return false;
        }
        index += 1;
    }
    true
}

fn pack(vm: &mut Vm) -> NativeResult {
    let n = vm.arg_count();
    let t = vm.new_table_with(n, 1);
    for i in 1..=n {
        let v = vm.arg(i);
        vm.raw_set_int(t, i as i64, v);
    }
    vm.raw_set_str(t, "n", Value::Int(n as i64));
    vm.ret1(Value::Table(t))
}

fn unpack(vm: &mut Vm) -> NativeResult {
    let t = vm.arg(1);
    let i = vm.opt_integer(2, 1)?;
    let e = if vm.arg(3).is_nil() {
        match t {
            Value::Table(tb) if tb.metatable().is_none() => tb.len(),
            _ => length_int(vm, t)?,
        }
    } else {
        vm.check_integer(3)?
    };
    if i > e {
        return vm.ret0();
    }
    let n = (e as u64).wrapping_sub(i as u64);
    if n >= i32::MAX as u64 || n + 1 > selenite_vm::MAX_STACK as u64 {
        return Err(vm.error("too many results to unpack"));
    }
    if vm.grow_stack(n as usize + 1).is_err() {
        return Err(vm.error("too many results to unpack"));
    }
    let mut k = i;
    loop {
        let v = get_i(vm, t, k)?;
        vm.push(v)?;
        if k == e {
            break;
        }
        k += 1;
    }
    Ok(NativeReturn::Values(n as usize + 1))
}

// ----- sort -----

/// Arrays shorter than this always use the middle element as pivot.
const RANDOM_PIVOT_LIMIT: u64 = 100;

struct Sorter {
    table: Value,
    comparator: Value,
}

impl Sorter {
    /// Value at `offset` from the stack top (-1 is the top).
    fn at(vm: &Vm, offset: usize) -> Value {
        vm.stack_get(vm.stack_len() + 1 - offset)
    }

    fn push_elem(&self, vm: &mut Vm, i: u64) -> LuaResult<()> {
        if let Value::Table(tb) = self.table {
            if tb.metatable().is_none() {
                return vm.push_raw_int(tb, i as i64);
            }
        }
        let v = get_i(vm, self.table, i as i64)?;
        vm.push(v)
    }

    /// `a < b` for the stack values at offsets `a` and `b` from the top.
    fn less(&self, vm: &mut Vm, a: usize, b: usize) -> LuaResult<bool> {
        let x = Self::at(vm, a);
        let y = Self::at(vm, b);
        if self.comparator.is_nil() {
            match Vm::plain_less_than(&x, &y) {
                Some(less) => Ok(less),
                None => vm.less_than(x, y),
            }
        } else {
            Ok(!vm.call1(self.comparator, &[x, y])?.is_falsy())
        }
    }

    /// Pops the top into `t[i]` and the next into `t[j]`.
    fn set2(&self, vm: &mut Vm, i: u64, j: u64) -> LuaResult<()> {
        let top = vm.pop();
        set_i(vm, self.table, i as i64, top)?;
        let next = vm.pop();
        set_i(vm, self.table, j as i64, next)
    }

    fn partition(&self, vm: &mut Vm, lo: u64, up: u64) -> LuaResult<u64> {
        let mut i = lo;
        let mut j = up - 1;
        loop {
            loop {
                i += 1;
                self.push_elem(vm, i)?;
                if !self.less(vm, 1, 2)? {
                    break;
                }
                if i == up - 1 {
                    return Err(vm.error("invalid order function for sorting"));
                }
                vm.pop();
            }
            loop {
                j -= 1;
                self.push_elem(vm, j)?;
                if !self.less(vm, 3, 1)? {
                    break;
                }
                if j < i {
                    return Err(vm.error("invalid order function for sorting"));
                }
                vm.pop();
            }
            if j < i {
                vm.pop();
                self.set2(vm, up - 1, i)?;
                return Ok(i);
            }
            self.set2(vm, i, j)?;
        }
    }

    fn sort(&self, vm: &mut Vm, mut lo: u64, mut up: u64, mut rnd: u64) -> LuaResult<()> {
        while lo < up {
            self.push_elem(vm, lo)?;
            self.push_elem(vm, up)?;
            if self.less(vm, 1, 2)? {
                self.set2(vm, lo, up)?;
            } else {
                vm.pop();
                vm.pop();
            }
            if up - lo == 1 {
                return Ok(());
            }
            let mut p = if up - lo < RANDOM_PIVOT_LIMIT || rnd == 0 {
                (lo + up) / 2
            } else {
                let r4 = (up - lo) / 4;
                rnd % (r4 * 2) + (lo + r4)
            };
            self.push_elem(vm, p)?;
            self.push_elem(vm, lo)?;
            if self.less(vm, 2, 1)? {
                self.set2(vm, p, lo)?;
            } else {
                vm.pop();
                self.push_elem(vm, up)?;
                if self.less(vm, 1, 2)? {
                    self.set2(vm, p, up)?;
                } else {
                    vm.pop();
                    vm.pop();
                }
            }
            if up - lo == 2 {
                return Ok(());
            }
            self.push_elem(vm, p)?;
            let pivot = Self::at(vm, 1);
            vm.push(pivot)?;
            self.push_elem(vm, up - 1)?;
            self.set2(vm, p, up - 1)?;
            p = self.partition(vm, lo, up)?;
            let smaller;
            if p - lo < up - p {
                self.sort(vm, lo, p - 1, rnd)?;
                smaller = p - lo;
                lo = p + 1;
            } else {
                self.sort(vm, p + 1, up, rnd)?;
                smaller = up - p;
                up = p - 1;
            }
            if (up.wrapping_sub(lo)) / 128 > smaller {
                rnd = random_pivot_seed();
            }
        }
        Ok(())
    }
}

fn random_pivot_seed() -> u64 {
    let t = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.as_nanos() as u64);
    t | 1
}

fn sort(vm: &mut Vm) -> NativeResult {
    let (t, n) = aux_len(vm, READ | WRITE)?;
    if n > 1 {
        if n >= i32::MAX as i64 {
            return Err(vm.arg_error(1, "array too big"));
        }
        let comparator = vm.arg(2);
        if !comparator.is_nil() {
            vm.check_type(2, LuaType::Function)?;
        }
        vm.set_stack_len(2)?;
        let sorter = Sorter { table: t, comparator };
        sorter.sort(vm, 1, n as u64, 0)?;
    }
    vm.ret0()
}
