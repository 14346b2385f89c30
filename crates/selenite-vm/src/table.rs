//! Lua tables: an array part for the keys `1..=n` and a hash part for the rest.
//!
//! The hash part is a chained scatter table with Brent's variation, as in the
//! reference: every key lives in a node of one power-of-two array; a key's *main
//! position* is its hash modulo the size; colliding keys are linked through relative
//! `next` offsets, and a key that occupies another key's main position is moved out.
//! When no free node is left the table is *rehashed*: the integer keys are counted and
//! the array part resized to the largest `n` such that more than half of `1..=n` is in
//! use, so `#t`, `next` and `pairs` behave like the reference's.
//!
//! Invariants: float keys with an integral value are stored as integers; `nil` and NaN
//! are never keys; the array part holds exactly the keys `1..=array.len()` that are
//! present (absent ones are `nil`); a node whose value is `nil` is empty, but its key
//! stays so that `next` can continue from a key removed during traversal (keys of empty
//! nodes are flagged dead at collection time and are then only compared by identity).
//! `Table` methods take `&self` and borrow the interior only for the duration of the
//! call, never calling out; this is what makes the interior mutability sound.
//!
//! `#t` follows the reference's `luaH_getn`, including its hint `alimit`: a resize
//! sets it to the array size, `#t` may lower it to the border it finds, and an
//! integer access to the array part above it raises it to that key. This makes
//! appending (`t[#t + 1] = v`) constant time and gives the reference's borders for
//! tables with holes. Invariant: `alimit <= array.len()`, and when it is smaller,
//! `array.len()` is a power of two and `alimit` exceeds half of it.

use crate::gc::{Gc, Heap, Marker, ObjKind, Trace};
use crate::string::LuaStr;
use crate::value::Value;
use std::cell::{Cell, UnsafeCell};
use std::mem::MaybeUninit;
use std::ops::{Deref, DerefMut};
use std::ptr::NonNull;

/// Why a key cannot be stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyError {
    Nil,
    NaN,
    /// Growing the table was refused (memory limit or allocation failure).
    Memory,
}

impl KeyError {
    pub fn message(self) -> &'static str {
        match self {
            KeyError::Nil => "table index is nil",
            KeyError::NaN => "table index is NaN",
            KeyError::Memory => "not enough memory",
        }
    }
}

/// A hash-part entry, 32 bytes. The key is kept as a `Value`'s two fields, the tag
/// byte and the payload word, with the chain link and the dead flag in between where
/// a whole `Value` has seven bytes of padding (a `Value` key would make a node 40
/// bytes). The value stays a whole `Value`, so lookups can hand out references to it.
#[derive(Clone, Copy)]
#[repr(C)]
struct Node {
    val: Value,
    /// The key's tag byte (offset 0 of a `Value`).
    key_tag: u8,
    /// The key's object may have been collected: compare it by identity only.
    dead_key: bool,
    /// Offset to the next node of this chain; 0 ends the chain.
    next: i32,
    /// The key's payload word (offset 8 of a `Value`; partly uninitialised for a
    /// boolean, and entirely for `nil`).
    key_payload: MaybeUninit<u64>,
}

const EMPTY_NODE: Node = Node::with_key(Value::Nil);
const _: () = assert!(std::mem::size_of::<Node>() == 32);

impl Node {
    const fn with_key(key: Value) -> Node {
        let mut node =
            Node { val: Value::Nil, key_tag: 0, dead_key: false, next: 0, key_payload: MaybeUninit::uninit() };
        node.set_key(key);
        node
    }

    /// The key, put back together from its two fields.
    #[inline(always)]
    fn key(&self) -> Value {
        let mut key = MaybeUninit::<Value>::uninit();
        // `Value` is `repr(C, u8)`: its tag byte is at offset 0 and every payload lies
        // in the word at offset 8, the rest being padding.
        // SAFETY: `key_tag` and `key_payload` were read from one valid `Value` by
        // `set_key`; written back at those offsets they rebuild that same value.
        unsafe {
            key.as_mut_ptr().cast::<u8>().write(self.key_tag);
            key.as_mut_ptr().cast::<MaybeUninit<u64>>().add(1).write(self.key_payload);
            key.assume_init()
        }
    }

    #[inline(always)]
    const fn set_key(&mut self, key: Value) {
        let src: *const Value = &key;
        // The payload is read as `MaybeUninit`: a boolean or `nil` leaves part or all
        // of it uninitialised.
        // SAFETY: `src` points to a valid, 8-aligned `Value`, whose tag byte is at
        // offset 0 and payload word at offset 8 (`repr(C, u8)`).
        unsafe {
            self.key_tag = src.cast::<u8>().read();
            self.key_payload = src.cast::<MaybeUninit<u64>>().add(1).read();
        }
    }
}

/// A boxed slice kept as a thin pointer and a 32-bit length, packed to 4-byte
/// alignment, so that a table's two parts take 24 bytes instead of 32 and `Table`
/// fits in 48 (64 with its collector header: what malloc gives the reference's
/// 56-byte table). Owns its elements as the `Box<[T]>` it was made from.
#[repr(C, packed(4))]
struct Slab<T> {
    ptr: NonNull<T>,
    len: u32,
}

impl<T> Slab<T> {
    /// No elements: what `Box::<[T]>::default()` holds, as a constant.
    const EMPTY: Slab<T> = Slab { ptr: NonNull::dangling(), len: 0 };

    /// Takes over `items`, which must have fewer than `2^32` elements (table parts
    /// are bounded far below that: `MAX_ARRAY_BITS`, `MAX_HASH_BITS`).
    fn new(items: Box<[T]>) -> Slab<T> {
        debug_assert!(u32::try_from(items.len()).is_ok());
        let len = items.len() as u32;
        Slab { ptr: NonNull::from(Box::leak(items)).cast::<T>(), len }
    }

    fn into_box(self) -> Box<[T]> {
        let slab = std::mem::ManuallyDrop::new(self);
        let (ptr, len) = (slab.ptr, slab.len as usize);
        // SAFETY: `ptr` and `len` came from a `Box<[T]>` (`Slab::new`) whose ownership
        // the slab held; `ManuallyDrop` keeps the slab from freeing it a second time.
        unsafe { Box::from_raw(std::ptr::slice_from_raw_parts_mut(ptr.as_ptr(), len)) }
    }
}

impl<T> Default for Slab<T> {
    fn default() -> Slab<T> {
        Slab::EMPTY
    }
}

impl<T> Deref for Slab<T> {
    type Target = [T];

    #[inline(always)]
    fn deref(&self) -> &[T] {
        let (ptr, len) = (self.ptr, self.len as usize);
        // SAFETY: the slab owns the `len` initialised elements at `ptr` (`Slab::new`).
        unsafe { std::slice::from_raw_parts(ptr.as_ptr(), len) }
    }
}

impl<T> DerefMut for Slab<T> {
    #[inline(always)]
    fn deref_mut(&mut self) -> &mut [T] {
        let (ptr, len) = (self.ptr, self.len as usize);
        // SAFETY: as in `deref`; `&mut self` makes the access exclusive.
        unsafe { std::slice::from_raw_parts_mut(ptr.as_ptr(), len) }
    }
}

impl<T> Drop for Slab<T> {
    fn drop(&mut self) {
        drop(std::mem::take(self).into_box());
    }
}

struct Inner {
    array: Slab<Value>,
    /// The reference's `alimit` (see the module documentation).
    alimit: Cell<u32>,
    nodes: Slab<Node>,
    /// Free nodes are searched for below this index.
    last_free: u32,
    metatable: Option<Gc<Table>>,
    /// Bit `i` set: metamethod number `i` is known to be absent from this table (valid
    /// while the table is used as a metatable; cleared by any write to the hash part).
    /// Here rather than in `Table` so that it shares `Inner`'s last word.
    absent_metamethods: Cell<u32>,
}

/// A Lua table.
pub struct Table {
    inner: UnsafeCell<Inner>,
}

const _: () = assert!(std::mem::size_of::<Table>() == 48);

/// Largest hash part: `2^MAX_HASH_BITS` nodes (so node indices fit in `u32`).
const MAX_HASH_BITS: u32 = 30;

/// Largest array part: keys beyond this go to the hash part (as the reference's
/// `MAXASIZE`, bounded so sizes fit in `u32` arithmetic).
const MAX_ARRAY_BITS: u32 = 31;

#[inline(always)]
fn same_key(node: &Node, key: &Value) -> bool {
    match (node.key(), *key) {
        (Value::Int(a), Value::Int(b)) => a == b,
        (Value::Str(a), Value::Str(b)) => {
            a == b || (!node.dead_key && !a.is_short() && !b.is_short() && a.as_bytes() == b.as_bytes())
        }
        (Value::Float(a), Value::Float(b)) => a == b,
        (Value::Bool(a), Value::Bool(b)) => a == b,
        (Value::Nil, _) => false,
        (a, b) => a.identity() == b.identity() && a.lua_type() == b.lua_type() && a.identity() != 0,
    }
}

/// The hash of a float key, as the reference computes it: the binary exponent plus
/// the fraction scaled to 31 bits. Consecutive floats get nearby hashes, so a table
/// filled in order (`t[i + 0.5]`) is filled at nearby positions; a hash that
/// scattered them would miss the cache on every insertion into a large table.
/// -0.0 never reaches here (it is normalised to the integer 0).
fn hash_float(f: f64) -> u32 {
    if !f.is_finite() {
        return 0;
    }
    let (fraction, exponent) = split_float(f);
    // |fraction| < 1, so the scaled value is below 2^31 in magnitude.
    let scaled = (fraction * 2_147_483_648.0) as i64;
    let u = (exponent as u32).wrapping_add(scaled as u32);
    if u <= i32::MAX as u32 {
        u
    } else {
        !u
    }
}

/// `f` as `fraction * 2^exponent` with `0.5 <= |fraction| < 1` (C's `frexp`), for a
/// finite non-zero `f`; zero gives `(0.0, 0)`.
fn split_float(f: f64) -> (f64, i32) {
    const EXPONENT_MASK: u64 = 0x7ff << 52;
    let bits = f.to_bits();
    let biased = ((bits & EXPONENT_MASK) >> 52) as i32;
    if biased == 0 {
        if f == 0.0 {
            return (f, 0);
        }
        // Subnormal: scale into the normal range first.
        let (fraction, exponent) = split_float(f * (1u64 << 54) as f64);
        return (fraction, exponent - 54);
    }
    // Keep sign and mantissa, set the exponent field so the value is in [0.5, 1).
    let fraction = f64::from_bits((bits & !EXPONENT_MASK) | (1022u64 << 52));
    (fraction, biased - 1022)
}

impl Inner {
    /// The `alimit` hint, as an index.
    #[inline(always)]
    fn alimit(&self) -> usize {
        self.alimit.get() as usize
    }

    /// Sets the `alimit` hint; `limit <= array.len()`, which fits in `u32`.
    #[inline(always)]
    fn set_alimit(&self, limit: usize) {
        self.alimit.set(limit as u32);
    }

    #[inline(always)]
    fn mask(&self) -> usize {
        self.nodes.len().wrapping_sub(1)
    }

    /// The main position of a (normalised, non-nil) key. Requires a non-empty hash part.
    #[inline]
    fn main_position(&self, key: &Value) -> usize {
        let size = self.nodes.len();
        match *key {
            Value::Int(i) => ((i as u64) % ((size as u64 - 1) | 1)) as usize,
            Value::Str(s) => s.hash() as usize & self.mask(),
            Value::Float(f) => hash_float(f) as usize % ((size - 1) | 1),
            Value::Bool(b) => b as usize & self.mask(),
            other => (other.identity() >> 3) % ((size - 1) | 1),
        }
    }

    fn find_node(&self, key: &Value) -> Option<usize> {
        if self.nodes.is_empty() {
            return None;
        }
        let mut i = self.main_position(key);
        loop {
            let node = &self.nodes[i];
            if same_key(node, key) {
                return Some(i);
            }
            if node.next == 0 {
                return None;
            }
            i = (i as isize + node.next as isize) as usize;
        }
    }

    #[inline(always)]
    fn get_str(&self, key: Gc<LuaStr>) -> Value {
        if !key.is_short() {
            return self.get_long_str(key);
        }
        self.get_short_str(key)
    }

    /// `get_str` for an interned (short) string: compared by identity.
    #[inline(always)]
    fn get_short_str(&self, key: Gc<LuaStr>) -> Value {
        self.short_str_slot(key).copied().unwrap_or(Value::Nil)
    }

    /// The value slot of short string `key`, if the key is present (its value may be
    /// nil: a removed entry keeps its key). A reference rather than a copy lets the
    /// interpreter's handlers copy the value memory to memory (`Value::copy_from`),
    /// with nothing coming back through their stack.
    #[inline(always)]
    fn short_str_slot(&self, key: Gc<LuaStr>) -> Option<&Value> {
        let idx = self.short_str_node(key)?;
        self.nodes.get(idx).map(|node| &node.val)
    }

    /// The node holding short string `key`, if present.
    #[inline(always)]
    fn short_str_node(&self, key: Gc<LuaStr>) -> Option<usize> {
        if self.nodes.is_empty() {
            return None;
        }
        let mut i = key.short_hash() as usize & self.mask();
        loop {
            // Chains stay inside the node vector; a lookup that left it would find
            // nothing, and saying so costs the interpreter's field handlers no panic
            // path (whose call would make them save registers).
            let node = self.nodes.get(i)?;
            if let Value::Str(k) = node.key() {
                if k == key {
                    return Some(i);
                }
            }
            if node.next == 0 {
                return None;
            }
            i = (i as isize + node.next as isize) as usize;
        }
    }

    /// `get_str` for a long string (compared by contents, hashed on first use): kept
    /// out of line so the interpreter's field handlers inline only the short case.
    #[inline(never)]
    fn get_long_str(&self, key: Gc<LuaStr>) -> Value {
        match self.find_node(&Value::Str(key)) {
            Some(i) => self.nodes[i].val,
            None => Value::Nil,
        }
    }

    /// The array index of integer key `key`, if it is in the array part; an access
    /// above `alimit` raises it to `key` (as the reference's `luaH_getint`).
    #[inline(always)]
    fn array_index(&self, key: i64) -> Option<usize> {
        let idx = (key as u64).wrapping_sub(1);
        if idx < self.alimit() as u64 {
            return Some(idx as usize);
        }
        if idx < self.array.len() as u64 {
            self.set_alimit(key as usize);
            return Some(idx as usize);
        }
        None
    }

    #[inline]
    fn get_int(&self, key: i64) -> Value {
        self.int_slot(key).copied().unwrap_or(Value::Nil)
    }

    /// The value slot of integer `key`, if the array part covers it or the hash part
    /// holds it (as `short_str_slot`, the value may be nil). Slots outside the vectors
    /// mean "absent": the invariants keep lookups inside, and no panic path keeps
    /// the interpreter's handlers from saving registers.
    #[inline(always)]
    fn int_slot(&self, key: i64) -> Option<&Value> {
        if let Some(idx) = self.array_index(key) {
            return self.array.get(idx);
        }
        if self.nodes.is_empty() {
            return None;
        }
        let mut i = ((key as u64) % ((self.nodes.len() as u64 - 1) | 1)) as usize;
        loop {
            let node = self.nodes.get(i)?;
            if let Value::Int(k) = node.key() {
                if k == key {
                    return Some(&node.val);
                }
            }
            if node.next == 0 {
                return None;
            }
            i = (i as isize + node.next as isize) as usize;
        }
    }

    fn slot(&self, key: &Value) -> Option<&Value> {
        match *key {
            Value::Str(s) if s.is_short() => self.short_str_slot(s),
            Value::Int(i) => self.int_slot(i),
            Value::Nil => None,
            Value::Float(f) => match selenite_number::float_to_int_exact(f) {
                Some(i) => self.int_slot(i),
                None => self.find_node(key).map(|i| &self.nodes[i].val),
            },
            _ => self.find_node(key).map(|i| &self.nodes[i].val),
        }
    }

    fn get(&self, key: &Value) -> Value {
        self.slot(key).copied().unwrap_or(Value::Nil)
    }

    /// The key and value at a traversal position of `Table::next_position`.
    fn entry_at(&self, at: usize) -> (Value, Value) {
        match at.checked_sub(self.array.len()) {
            None => (Value::Int(at as i64 + 1), self.array[at]),
            Some(n) => (self.nodes[n].key(), self.nodes[n].val),
        }
    }

    fn free_position(&mut self) -> Option<usize> {
        while self.last_free > 0 {
            self.last_free -= 1;
            if self.nodes[self.last_free as usize].key().is_nil() {
                return Some(self.last_free as usize);
            }
        }
        None
    }

    /// Inserts a key known to be absent. Returns false when there is no free node
    /// (the caller rehashes and retries). A colliding node out of its main position
    /// moves to a free node; `moved` sees it there (the collector, if it is part way
    /// through the table, marks it: the node may move into the part already
    /// traversed).
    fn insert_new(&mut self, key: Value, val: Value, moved: impl FnOnce(&Node)) -> bool {
        if self.nodes.is_empty() {
            return false;
        }
        let mut mp = self.main_position(&key);
        // A node whose value is nil is reusable even if it keeps a (dead) key: its
        // chain link stays intact.
        if !self.nodes[mp].val.is_nil() {
            let Some(free) = self.free_position() else {
                return false;
            };
            let other_mp = self.main_position(&self.nodes[mp].key());
            if other_mp != mp {
                // The colliding node is out of its main position: move it to the free
                // node and take its place.
                let mut prev = other_mp;
                while (prev as isize + self.nodes[prev].next as isize) as usize != mp {
                    prev = (prev as isize + self.nodes[prev].next as isize) as usize;
                }
                self.nodes[prev].next = (free as isize - prev as isize) as i32;
                self.nodes[free] = self.nodes[mp];
                if self.nodes[mp].next != 0 {
                    self.nodes[free].next += (mp as isize - free as isize) as i32;
                }
                self.nodes[mp].next = 0;
                moved(&self.nodes[free]);
            } else {
                // The colliding node is in its own main position: chain the new key
                // through the free node.
                if self.nodes[mp].next != 0 {
                    self.nodes[free].next = ((mp as isize + self.nodes[mp].next as isize) - free as isize) as i32;
                } else {
                    self.nodes[free].next = 0;
                }
                self.nodes[mp].next = (free as isize - mp as isize) as i32;
                mp = free;
            }
        }
        let node = &mut self.nodes[mp];
        node.set_key(key);
        node.dead_key = false;
        Value::assign(&mut node.val, &val);
        true
    }

    fn count_int_keys(&self, nums: &mut [u32; MAX_ARRAY_BITS as usize + 1]) -> (u32, u32) {
        // Array part: count non-nil entries per power-of-two slice.
        let mut array_count = 0;
        let mut i = 1usize;
        for (lg, slot) in nums.iter_mut().enumerate() {
            let limit = (1usize << lg).min(self.array.len());
            let mut c = 0;
            while i <= limit {
                if !self.array[i - 1].is_nil() {
                    c += 1;
                }
                i += 1;
            }
            *slot += c;
            array_count += c;
            if i > self.array.len() {
                break;
            }
        }
        let mut total = array_count;
        let mut ints = array_count;
        for node in self.nodes.iter() {
            if !node.val.is_nil() {
                if let Value::Int(k) = node.key() {
                    if count_int(k, nums) {
                        ints += 1;
                    }
                }
                total += 1;
            }
        }
        (ints, total)
    }
}

/// Counts `key` in its power-of-two slice if it could go to the array part.
fn count_int(key: i64, nums: &mut [u32; MAX_ARRAY_BITS as usize + 1]) -> bool {
    if key >= 1 && key as u64 <= 1u64 << MAX_ARRAY_BITS {
        let lg = ceil_log2(key as u64) as usize;
        nums[lg] += 1;
        true
    } else {
        false
    }
}

fn ceil_log2(x: u64) -> u32 {
    if x <= 1 {
        0
    } else {
        64 - (x - 1).leading_zeros()
    }
}

/// The optimal array size: the largest power of two `n` such that more than half of
/// `1..=n` would be in use. Returns (size, keys that would go to the array part).
fn compute_array_size(nums: &[u32; MAX_ARRAY_BITS as usize + 1], candidates: u32) -> (u32, u32) {
    let mut accumulated = 0u32;
    let mut in_array = 0u32;
    let mut optimal = 0u32;
    let mut two_to_i: u64 = 1;
    let mut i = 0;
    while i <= MAX_ARRAY_BITS as usize && (candidates as u64) > two_to_i / 2 {
        accumulated += nums[i];
        if accumulated as u64 > two_to_i / 2 {
            optimal = two_to_i as u32;
            in_array = accumulated;
        }
        i += 1;
        two_to_i *= 2;
    }
    (optimal, in_array)
}

impl Table {
    /// Bytes the two parts take with `array_size` array slots and `hash_size` hash
    /// slots (saturating, for sizes asked for by untrusted operands).
    pub(crate) fn bytes_for(array_size: usize, hash_size: usize) -> usize {
        array_size
            .saturating_mul(std::mem::size_of::<Value>())
            .saturating_add(hash_size.saturating_mul(std::mem::size_of::<Node>()))
    }

    /// A table with no parts, a constant so that it is copied from read-only memory.
    /// Every use is a fresh table, which is what the lint warns of and what is wanted.
    #[allow(clippy::declare_interior_mutable_const)]
    const EMPTY: Table = Table {
        inner: UnsafeCell::new(Inner {
            array: Slab::EMPTY,
            alimit: Cell::new(0),
            nodes: Slab::EMPTY,
            last_free: 0,
            metatable: None,
            absent_metamethods: Cell::new(0),
        }),
    };

    /// A new table in `heap` with room for `narray` array entries and `nhash` hash
    /// entries. The empty table is moved into its block first and its parts are
    /// installed there: a whole table built in a temporary and then copied in would
    /// be read back in wider pieces than its fields were written, which waits for
    /// those stores to reach the cache (a dozen cycles on every constructor).
    #[inline(always)]
    pub(crate) fn new_in(heap: &mut Heap, narray: usize, nhash: usize) -> Gc<Table> {
        let table = heap.alloc(Table::EMPTY);
        if narray != 0 || nhash != 0 {
            table.install_parts(heap, narray, nhash);
        }
        table
    }

    /// Gives a table that has no parts yet room for `narray` array and `nhash` hash
    /// entries (hints: past the bounds the table starts smaller and grows).
    fn install_parts(&self, heap: &mut Heap, narray: usize, nhash: usize) {
        let narray = narray.min(1 << MAX_ARRAY_BITS);
        let hash_size = if nhash == 0 { 0 } else { 1usize << ceil_log2(nhash as u64).min(MAX_HASH_BITS) };
        let inner = self.inner_mut();
        inner.array = Slab::new(vec![Value::Nil; narray].into_boxed_slice());
        inner.alimit.set(narray as u32);
        inner.nodes = Slab::new(vec![EMPTY_NODE; hash_size].into_boxed_slice());
        inner.last_free = hash_size as u32;
        heap.adjust(self.extra_bytes() as isize);
    }

    #[inline(always)]
    fn inner(&self) -> &Inner {
        // SAFETY: see the module invariants: no `&mut Inner` outlives a method call.
        unsafe { &*self.inner.get() }
    }

    #[inline(always)]
    #[allow(clippy::mut_from_ref)]
    fn inner_mut(&self) -> &mut Inner {
        // SAFETY: see the module invariants: the VM is single-threaded and every method
        // that takes this reference drops it before returning, without calling out.
        unsafe { &mut *self.inner.get() }
    }

    /// `t[key]` without metamethods.
    #[inline]
    pub fn get(&self, key: &Value) -> Value {
        self.inner().get(key)
    }

    /// `t[i]` without metamethods.
    #[inline(always)]
    pub fn get_int(&self, key: i64) -> Value {
        self.inner().get_int(key)
    }

    /// `t[s]` without metamethods.
    #[inline(always)]
    pub fn get_str(&self, key: Gc<LuaStr>) -> Value {
        self.inner().get_str(key)
    }

    /// The value slot of `key`, if present, without metamethods: `get` for the
    /// interpreter, whose handlers must not get values back through stack slots.
    #[inline]
    pub(crate) fn slot(&self, key: &Value) -> Option<&Value> {
        self.inner().slot(key)
    }

    /// The value slot of integer `key`, if present, without metamethods (see
    /// `Inner::int_slot`).
    #[inline(always)]
    pub(crate) fn int_slot(&self, key: i64) -> Option<&Value> {
        self.inner().int_slot(key)
    }

    /// The value slot of short string `key`, if present, without metamethods (see
    /// `Inner::short_str_slot`); the interpreter's field handlers check `is_short`
    /// and leave long keys to their slow paths.
    #[inline(always)]
    pub(crate) fn short_str_slot(&self, key: Gc<LuaStr>) -> Option<&Value> {
        self.inner().short_str_slot(key)
    }

    /// The value slot of short string `key`, if present, for a store in place (no
    /// barrier: the caller applies it). A store of a non-nil value over a non-nil one
    /// is the only kind that needs nothing else: no key appears or disappears.
    #[inline(always)]
    pub(crate) fn short_str_slot_mut(&self, key: Gc<LuaStr>) -> Option<&mut Value> {
        let inner = self.inner_mut();
        let idx = inner.short_str_node(key)?;
        inner.nodes.get_mut(idx).map(|node| &mut node.val)
    }

    /// The array-part slot for `key`, if `key` is in the array part.
    #[inline(always)]
    pub(crate) fn array_slot(&self, key: i64) -> Option<&mut Value> {
        let inner = self.inner_mut();
        let idx = inner.array_index(key)?;
        inner.array.get_mut(idx)
    }

    /// Overwrites the value of an existing key with a non-nil value in place (no
    /// barrier: see the `Gc<Table>` method of the same name).
    #[inline]
    fn replace_existing_str_unbarriered(&self, key: Gc<LuaStr>, val: &Value) -> bool {
        let inner = self.inner_mut();
        if inner.nodes.is_empty() || !key.is_short() {
            return false;
        }
        let mut i = key.hash() as usize & inner.mask();
        loop {
            let node = &mut inner.nodes[i];
            if let Value::Str(k) = node.key() {
                if k == key {
                    if node.val.is_nil() {
                        return false;
                    }
                    node.val = Value::load(val);
                    return true;
                }
            }
            if node.next == 0 {
                return false;
            }
            i = (i as isize + node.next as isize) as usize;
        }
    }

    /// `t[key] = val` without metamethods or barrier (see [`Gc::<Table>::set`]).
    fn set_unbarriered(&self, heap: &mut Heap, key: Value, val: Value) -> Result<(), KeyError> {
        let key = match key {
            Value::Nil => return Err(KeyError::Nil),
            Value::Float(f) => match selenite_number::float_to_int_exact(f) {
                Some(i) => Value::Int(i),
                None if f.is_nan() => return Err(KeyError::NaN),
                None => key,
            },
            // Callers build keys just before the call: read them field by field.
            _ => Value::load(&key),
        };
        if let Value::Int(i) = key {
            if let Some(slot) = self.array_slot(i) {
                Value::assign(slot, &val);
                return Ok(());
            }
        }
        let inner = self.inner_mut();
        inner.absent_metamethods.set(0);
        if let Some(i) = inner.find_node(&key) {
            let node = &mut inner.nodes[i];
            Value::assign(&mut node.val, &val);
            if !val.is_nil() {
                node.dead_key = false;
            }
            return Ok(());
        }
        if val.is_nil() {
            return Ok(());
        }
        if !inner.insert_new(key, val, |node| mark_moved_node(heap, node)) {
            if !self.rehash(heap, &key) {
                return Err(KeyError::Memory);
            }
            // After a rehash the key may belong to the array part.
            if let Value::Int(i) = key {
                if let Some(slot) = self.array_slot(i) {
                    Value::assign(slot, &val);
                    return Ok(());
                }
            }
            let inserted = self.inner_mut().insert_new(key, val, |node| mark_moved_node(heap, node));
            debug_assert!(inserted, "a rehash always leaves a free node");
        }
        Ok(())
    }

    /// Resizes for one more key; false if the memory was refused.
    fn rehash(&self, heap: &mut Heap, extra_key: &Value) -> bool {
        let inner = self.inner();
        let mut nums = [0u32; MAX_ARRAY_BITS as usize + 1];
        let (mut ints, mut total) = inner.count_int_keys(&mut nums);
        if let Value::Int(k) = *extra_key {
            if count_int(k, &mut nums) {
                ints += 1;
            }
        }
        total += 1;
        let (array_size, in_array) = compute_array_size(&nums, ints);
        self.resize(heap, array_size as usize, (total - in_array) as usize)
    }

    /// Resizes both parts, moving entries as needed. Returns false, leaving the table
    /// as it was and recording the refusal in the heap, if the new parts would pass
    /// the memory limit or the system refuses them.
    pub(crate) fn resize(&self, heap: &mut Heap, array_size: usize, hash_count: usize) -> bool {
        let old_bytes = self.extra_bytes();
        let hash_bits = ceil_log2(hash_count as u64);
        let hash_size = if hash_count == 0 { 0 } else { 1usize << hash_bits.min(MAX_HASH_BITS) };
        let new_bytes = Self::bytes_for(array_size, hash_size);
        let too_large = hash_bits > MAX_HASH_BITS || array_size > 1 << MAX_ARRAY_BITS;
        if too_large || (new_bytes > old_bytes && heap.would_exceed(new_bytes - old_bytes)) {
            heap.refuse();
            return false;
        }
        let old_array_len = self.inner().array.len();
        let Some(new_nodes) = try_filled(hash_size, EMPTY_NODE) else {
            heap.refuse();
            return false;
        };
        let inner = self.inner_mut();
        // The array part is resized in place (`realloc`), so a growing array does not
        // need the old and the new block at once (and large blocks are remapped, not
        // copied).
        let mut array = std::mem::take(&mut inner.array).into_box().into_vec();
        if array_size > old_array_len && array.try_reserve_exact(array_size - old_array_len).is_err() {
            inner.array = Slab::new(array.into_boxed_slice());
            heap.refuse();
            return false;
        }
        let mut moved_out = Vec::new();
        if array_size < old_array_len {
            for (i, v) in array.iter().enumerate().skip(array_size) {
                if !v.is_nil() {
                    moved_out.push((Value::Int(i as i64 + 1), *v));
                }
            }
            array.truncate(array_size);
            array.shrink_to_fit();
        } else {
            array.resize(array_size, Value::Nil);
        }
        inner.array = Slab::new(array.into_boxed_slice());
        let old_nodes = std::mem::replace(&mut inner.nodes, Slab::new(new_nodes.into_boxed_slice()));
        inner.last_free = hash_size as u32;
        for (key, val) in moved_out {
            let inserted = inner.insert_new(key, val, |_| {});
            debug_assert!(inserted);
        }
        for node in old_nodes.iter() {
            if node.val.is_nil() {
                continue;
            }
            if let Value::Int(k) = node.key() {
                let idx = (k as u64).wrapping_sub(1);
                if idx < inner.array.len() as u64 {
                    inner.array[idx as usize] = node.val;
                    continue;
                }
            }
            let inserted = inner.insert_new(node.key(), node.val, |_| {});
            debug_assert!(inserted);
        }
        inner.set_alimit(inner.array.len());
        heap.adjust(self.extra_bytes() as isize - old_bytes as isize);
        if let Some(marker) = heap.marker_while_marking() {
            // A large table is traversed a chunk per step; a resize moves entries
            // between chunks and parts, so some not traversed yet would be missed.
            // Marking every entry now costs what the resize cost.
            self.mark_entries_if_strong(marker);
        }
        true
    }

    /// Ensures the array part has at least `n` slots (for table constructors and
    /// `table.move`-style bulk stores); false if the memory was refused.
    pub(crate) fn ensure_array(&self, heap: &mut Heap, n: usize) -> bool {
        if n > self.inner().array.len() {
            let hash_count = self.inner().nodes.iter().filter(|n| !n.val.is_nil()).count();
            return self.resize(heap, n, hash_count);
        }
        true
    }

    /// Whether the table is large enough that traversing it again whole in the
    /// collector's atomic step would be a long pause (see `Heap::barrier_back`).
    pub(crate) fn is_large(&self) -> bool {
        let inner = self.inner();
        inner.array.len() + inner.nodes.len() > crate::gc::TABLE_CHUNK
    }

    /// The length of the array part.
    pub(crate) fn array_len(&self) -> usize {
        self.inner().array.len()
    }

    /// A border of the table (`#t` without `__len`), found as the reference's
    /// `luaH_getn` finds it (the same border, and the same updates of `alimit`).
    // A border is not a size: an `is_empty` would only restate `len() == 0`.
    #[allow(clippy::len_without_is_empty)]
    pub fn len(&self) -> i64 {
        let inner = self.inner();
        let array = &inner.array;
        let real = array.len();
        let mut limit = inner.alimit();
        if limit > 0 && array[limit - 1].is_nil() {
            // A border lies below `limit`.
            if limit >= 2 && !array[limit - 2].is_nil() {
                if real.is_power_of_two() && !(limit - 1).is_power_of_two() {
                    inner.set_alimit(limit - 1);
                }
                return (limit - 1) as i64;
            }
            let border = border_in(array, 0, limit);
            if real.is_power_of_two() && border > real / 2 {
                inner.set_alimit(border);
            }
            return border as i64;
        }
        if limit != real {
            // `limit` is present and the array goes on above it.
            if array[limit].is_nil() {
                return limit as i64;
            }
            limit = real;
            if array[limit - 1].is_nil() {
                let border = border_in(array, inner.alimit(), limit);
                inner.set_alimit(border);
                return border as i64;
            }
            inner.set_alimit(limit);
        }
        if inner.nodes.is_empty() || inner.get_int(limit as i64 + 1).is_nil() {
            return limit as i64;
        }
        self.hash_border(limit as u64)
    }

    fn hash_border(&self, start: u64) -> i64 {
        let inner = self.inner();
        let mut j = start.max(1);
        let mut i;
        loop {
            i = j;
            if j <= i64::MAX as u64 / 2 {
                j *= 2;
            } else {
                j = i64::MAX as u64;
                if inner.get_int(j as i64).is_nil() {
                    break;
                }
                return j as i64;
            }
            if inner.get_int(j as i64).is_nil() {
                break;
            }
        }
        while j - i > 1 {
            let m = (i + j) / 2;
            if inner.get_int(m as i64).is_nil() {
                j = m;
            } else {
                i = m;
            }
        }
        i as i64
    }

    /// The entry after `key` in traversal order (`next`): `Ok(None)` at the end,
    /// `Err(InvalidKey)` if `key` is not in the table.
    pub fn next(&self, key: &Value) -> Result<Option<(Value, Value)>, InvalidKey> {
        Ok(self.next_position(key)?.map(|at| self.inner().entry_at(at)))
    }

    /// `next` writing the entry (or nil, nil at the end) to `key_out` and `val_out`.
    /// Returns false, writing nothing, if `key` is not in the table. For the
    /// interpreter's inline `pairs` step: the results go straight to registers and
    /// nothing comes back through the caller's stack (see `interp::out_of_line!`).
    pub(crate) fn next_into(&self, key: &Value, key_out: &mut Value, val_out: &mut Value) -> bool {
        let (k, v) = match self.next_position(key) {
            Ok(Some(at)) => self.inner().entry_at(at),
            Ok(None) => (Value::Nil, Value::Nil),
            Err(InvalidKey) => return false,
        };
        *key_out = k;
        *val_out = v;
        true
    }

    /// Where the entry after `key` is: an index into the array part, or the array
    /// length plus a node index.
    fn next_position(&self, key: &Value) -> Result<Option<usize>, InvalidKey> {
        let inner = self.inner();
        let asize = inner.array.len();
        let mut index = match *key {
            Value::Nil => 0,
            _ => {
                let int_key = match *key {
                    Value::Int(i) => Some(i),
                    Value::Float(f) => selenite_number::float_to_int_exact(f),
                    _ => None,
                };
                match int_key {
                    Some(i) if i >= 1 && (i as u64) <= asize as u64 => i as usize,
                    _ => {
                        let norm = match int_key {
                            Some(i) => Value::Int(i),
                            None => *key,
                        };
                        match inner.find_node_for_next(&norm) {
                            Some(n) => asize + n + 1,
                            None => return Err(InvalidKey),
                        }
                    }
                }
            }
        };
        while index < asize {
            if !inner.array[index].is_nil() {
                return Ok(Some(index));
            }
            index += 1;
        }
        let mut n = index - asize;
        while n < inner.nodes.len() {
            if !inner.nodes[n].val.is_nil() {
                return Ok(Some(asize + n));
            }
            n += 1;
        }
        Ok(None)
    }

    pub fn metatable(&self) -> Option<Gc<Table>> {
        self.inner().metatable
    }

    /// Whether metamethod `event` is known to be absent (see `absent_metamethods`).
    #[inline(always)]
    pub(crate) fn metamethod_known_absent(&self, event: u32) -> bool {
        self.inner().absent_metamethods.get() & (1 << event) != 0
    }

    #[inline(always)]
    pub(crate) fn note_metamethod_absent(&self, event: u32) {
        let absent = &self.inner().absent_metamethods;
        absent.set(absent.get() | (1 << event));
    }

    /// Sizes of the array and hash parts (for diagnostics and tests).
    pub fn part_sizes(&self) -> (usize, usize) {
        (self.inner().array.len(), self.inner().nodes.len())
    }
}

/// Stores into a table go through these methods, which apply the collector's back
/// barrier (see `crate::gc`): a table already traversed in the current cycle is
/// traversed again if it now refers to an unmarked object.
impl Gc<Table> {
    /// `t[key] = val` without metamethods. Assigning `nil` to an absent key is a no-op.
    #[inline]
    pub fn set(self, heap: &mut Heap, key: Value, val: Value) -> Result<(), KeyError> {
        heap.barrier_back(self, &key, &val);
        self.set_unbarriered(heap, key, val)
    }

    /// `t[i] = val` without metamethods. If the table cannot grow, the store is
    /// dropped and the heap records it (the next safepoint raises the error).
    #[inline]
    pub fn set_int(self, heap: &mut Heap, key: i64, val: Value) -> bool {
        if let Some(slot) = self.array_slot(key) {
            Value::assign(slot, &val);
            crate::gc::barrier_back(heap, self, &val);
            return true;
        }
        // Integer keys are never nil or NaN: only growth can fail.
        self.set(heap, Value::Int(key), val).is_ok()
    }

    /// Moves the values of keys `from .. from + count` to keys `to .. to + count`
    /// (the ranges may overlap), as the loop `t[to + i] = t[from + i]` of
    /// `table.insert`, `table.remove` and `table.move` would on a table without
    /// metamethods, run in the direction that reads each value before overwriting
    /// it, including that loop's effect on the length hint. Moves nothing and returns
    /// false unless both ranges lie in the array part.
    pub fn move_in_array(self, heap: &mut Heap, from: i64, to: i64, count: usize) -> bool {
        let dst = {
            let inner = self.inner_mut();
            let len = inner.array.len() as u64;
            let fits = |first: i64| {
                let start = (first as u64).wrapping_sub(1);
                start < len && count as u64 <= len - start
            };
            if count == 0 || !fits(from) || !fits(to) {
                return false;
            }
            // The loop's last access beyond the hint moves the hint there: the
            // highest key.
            inner.array_index(from.max(to) + (count as i64 - 1));
            let (src, dst) = ((from - 1) as usize, (to - 1) as usize);
            inner.array.copy_within(src..src + count, dst);
            dst
        };
        // The values now sit in other slots: during an incremental traversal of
        // this table, one may have moved from the part not yet traversed into the
        // part already traversed, so each is treated as newly stored.
        if self.is_black() {
            for slot in dst..dst + count {
                let moved = self.inner().array[slot];
                crate::gc::barrier_back(heap, self, &moved);
            }
        }
        true
    }

    /// `t[s] = val` without metamethods; fails as `set_int`.
    #[inline]
    pub fn set_str(self, heap: &mut Heap, key: Gc<LuaStr>, val: Value) -> bool {
        if !val.is_nil() && self.replace_existing_str(heap, key, &val) {
            return true;
        }
        // String keys are never nil or NaN: only growth can fail.
        self.set(heap, Value::Str(key), val).is_ok()
    }

    /// Overwrites the value of an existing key with a non-nil value in place; returns
    /// false if the key is absent (the caller must then use [`Gc::<Table>::set`]).
    #[inline(always)]
    pub(crate) fn replace_existing_str(self, heap: &mut Heap, key: Gc<LuaStr>, val: &Value) -> bool {
        if self.replace_existing_str_unbarriered(key, val) {
            crate::gc::barrier_back(heap, self, val);
            return true;
        }
        false
    }

    /// `set_int` of a value the caller holds in place, for the interpreter: out of
    /// line and by reference, so that nothing goes through the calling handler's
    /// stack (see `interp::out_of_line!`).
    #[inline(never)]
    pub(crate) fn set_int_from(self, heap: &mut Heap, key: i64, val: &Value) -> bool {
        self.set_int(heap, key, Value::load(val))
    }

    /// `set_str` of a value the caller holds in place, as [`Gc::<Table>::set_int_from`].
    #[inline(never)]
    pub(crate) fn set_str_from(self, heap: &mut Heap, key: Gc<LuaStr>, val: &Value) -> bool {
        self.set_str(heap, key, Value::load(val))
    }

    /// Sets or removes the metatable.
    pub(crate) fn set_metatable(self, heap: &mut Heap, mt: Option<Gc<Table>>) {
        if let Some(m) = mt {
            heap.barrier_obj(self, m);
        }
        self.inner_mut().metatable = mt;
    }
}

impl Inner {
    /// Like `find_node`, but also finds dead keys by identity, so that `next` can
    /// continue from a key whose value was cleared during traversal.
    fn find_node_for_next(&self, key: &Value) -> Option<usize> {
        if let Some(i) = self.find_node(key) {
            return Some(i);
        }
        self.nodes.iter().position(|n| n.dead_key && n.key().identity() == key.identity() && key.identity() != 0)
    }
}

/// How a table holds its entries, from its metatable's `__mode`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Weakness {
    Strong,
    WeakValues,
    WeakKeys,
    WeakBoth,
}

impl Table {
    fn weakness(&self, marker: &Marker) -> Weakness {
        let (Some(mt), Some(key)) = (self.metatable(), marker.mode_key) else {
            return Weakness::Strong;
        };
        let Value::Str(mode) = mt.get_str(key) else {
            return Weakness::Strong;
        };
        let k = mode.as_bytes().contains(&b'k');
        let v = mode.as_bytes().contains(&b'v');
        match (k, v) {
            (false, false) => Weakness::Strong,
            (false, true) => Weakness::WeakValues,
            (true, false) => Weakness::WeakKeys,
            (true, true) => Weakness::WeakBoth,
        }
    }

    /// A weak table's entries are only sorted out in the atomic step: before it, the
    /// table stays gray and waits there; during it, it joins its list.
    fn classify_weak(marker: &mut Marker, push: impl FnOnce(&mut Marker, Gc<Table>)) {
        if !marker.in_atomic() {
            marker.traverse_again_in_atomic();
        } else if let Some(me) = marker.current_table() {
            push(marker, me);
        }
    }

    /// Traverses the next chunk of a strong table's slots from slot `from` (array
    /// slots first, then hash nodes); returns where to continue, if anywhere.
    ///
    /// Between chunks the table is black, so the entries the program stores go
    /// through the back barrier, which marks them (`Heap::table_barrier_slow`); a
    /// resize marks every entry (`Table::resize`); and an insertion that moves a node
    /// marks the node it moves (`Table::set_unbarriered`). So the chunks not yet
    /// traversed only need the bounds check, and no entry can pass from the part not
    /// yet traversed into the part already traversed without being marked.
    pub(crate) fn trace_slots_from(&self, from: usize, marker: &mut Marker) -> Option<usize> {
        let inner = self.inner_mut();
        let array_len = inner.array.len();
        let total = array_len + inner.nodes.len();
        if from >= total {
            return None;
        }
        let end = (from + crate::gc::TABLE_CHUNK).min(total);
        if from < array_len {
            let stop = end.min(array_len);
            for v in inner.array[from..stop].iter() {
                v.trace(marker);
            }
            marker.add_work(stop - from);
        }
        if end > array_len {
            let first = from.max(array_len) - array_len;
            let nodes = &mut inner.nodes[first..end - array_len];
            for node in nodes.iter_mut() {
                if !node.val.is_nil() {
                    node.key().trace(marker);
                    node.val.trace(marker);
                } else if node.key().identity() != 0 {
                    // The key may die in this cycle: compare it by identity only.
                    node.dead_key = true;
                }
            }
            marker.add_work(2 * nodes.len());
        }
        (end < total).then_some(end)
    }

    /// Marks every key and value of a strong table (weak tables are left to the
    /// atomic step's clearing).
    fn mark_entries_if_strong(&self, marker: &mut Marker) {
        if !matches!(self.weakness(marker), Weakness::Strong) {
            return;
        }
        let inner = self.inner();
        for v in inner.array.iter() {
            v.trace(marker);
        }
        for node in inner.nodes.iter() {
            if !node.val.is_nil() {
                node.key().trace(marker);
                node.val.trace(marker);
            }
        }
    }

    /// Marks the values of an ephemeron table whose keys are marked. Returns whether
    /// anything new was marked (the collector repeats until nothing changes).
    pub(crate) fn mark_ephemeron_values(&self, marker: &mut Marker) -> bool {
        let inner = self.inner();
        let mut changed = false;
        for v in inner.array.iter() {
            if !marker.value_survives(v) {
                v.trace(marker);
                changed = true;
            }
        }
        for node in inner.nodes.iter() {
            if node.val.is_nil() || node.dead_key {
                continue;
            }
            if marker.value_survives(&node.key()) && !marker.value_survives(&node.val) {
                node.val.trace(marker);
                changed = true;
            }
        }
        changed
    }

    /// Removes entries whose value was not marked.
    pub(crate) fn clear_dead_values(&self, marker: &mut Marker) {
        let inner = self.inner_mut();
        for v in inner.array.iter_mut() {
            if !marker.value_survives(v) {
                *v = Value::Nil;
            }
        }
        for node in inner.nodes.iter_mut() {
            if !node.val.is_nil() && !marker.value_survives(&node.val) {
                node.val = Value::Nil;
                node.dead_key = node.key().identity() != 0;
            }
        }
    }

    /// Removes entries whose key was not marked.
    pub(crate) fn clear_dead_keys(&self, marker: &mut Marker) {
        let inner = self.inner_mut();
        for node in inner.nodes.iter_mut() {
            if !node.val.is_nil() && !marker.value_survives(&node.key()) {
                node.val = Value::Nil;
                node.dead_key = true;
            }
        }
    }
}

impl Trace for Table {
    const KIND: ObjKind = ObjKind::Table;

    fn trace(&self, marker: &mut Marker) {
        let weakness = self.weakness(marker);
        let inner = self.inner_mut();
        if let Some(mt) = inner.metatable {
            marker.mark(mt);
        }
        if weakness == Weakness::Strong {
            if let Some(next) = self.trace_slots_from(0, marker) {
                if let Some(me) = marker.current_table() {
                    marker.defer_table(me, next);
                }
            }
            return;
        }
        marker.add_work(inner.array.len() + 2 * inner.nodes.len());
        // Keys of empty nodes may point at dead objects from now on: compare them by
        // identity only.
        for node in inner.nodes.iter_mut() {
            if node.val.is_nil() && node.key().identity() != 0 {
                node.dead_key = true;
            }
        }
        match weakness {
            Weakness::Strong => {} // traversed above
            Weakness::WeakValues => {
                for node in inner.nodes.iter() {
                    if !node.val.is_nil() {
                        node.key().trace(marker);
                    }
                }
                Self::classify_weak(marker, |m, me| m.weak_values.push(me));
            }
            Weakness::WeakKeys => {
                self.mark_ephemeron_values(marker);
                Self::classify_weak(marker, |m, me| m.ephemerons.push(me));
            }
            Weakness::WeakBoth => {
                Self::classify_weak(marker, |m, me| m.all_weak.push(me));
            }
        }
    }

    /// Counted by `trace` itself, which knows how much of the table it traversed.
    fn work(&self) -> usize {
        0
    }

    fn extra_bytes(&self) -> usize {
        let inner = self.inner();
        inner.array.len() * std::mem::size_of::<Value>() + inner.nodes.len() * std::mem::size_of::<Node>()
    }
}

/// `Table::next` was given a key that is not in the table ("invalid key to 'next'").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InvalidKey;

/// Marks a node an insertion moved, while the collector is marking (see
/// `Table::trace_slots_from`).
fn mark_moved_node(heap: &mut Heap, node: &Node) {
    if let Some(marker) = heap.marker_while_marking() {
        node.key().trace(marker);
        node.val.trace(marker);
    }
}

/// A vector of `n` copies of `fill`, or `None` if the system refuses the memory.
fn try_filled<T: Copy>(n: usize, fill: T) -> Option<Vec<T>> {
    let mut v = Vec::new();
    v.try_reserve_exact(n).ok()?;
    v.resize(n, fill);
    Some(v)
}

/// A border in `array[lo..hi]` by binary search, given that `lo` is 0 or present and
/// `hi` is absent (the reference's `binsearch`).
fn border_in(array: &[Value], lo: usize, hi: usize) -> usize {
    let (mut lo, mut hi) = (lo, hi);
    while hi - lo > 1 {
        let mid = (lo + hi) / 2;
        if array[mid - 1].is_nil() {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    lo
}
