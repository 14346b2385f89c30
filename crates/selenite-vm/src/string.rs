//! Lua strings: immutable byte strings, short ones interned.
//!
//! Invariants: a string of at most [`SHORT_STRING_MAX`] bytes exists at most once in
//! a state (the [`StringTable`] interns it), so two short strings are equal exactly
//! when their pointers are; their hash is computed at creation. Long strings are not
//! interned and hash lazily, the first time they are used as a table key. The string
//! table holds its entries weakly: the collector removes dead strings from it before
//! freeing them.

use crate::gc::{Gc, GcBox, Heap, Marker, ObjKind, Trace};
use std::alloc::Layout;
use std::cell::Cell;

/// Strings up to this length are interned (the reference's `LUAI_MAXSHORTLEN`).
pub const SHORT_STRING_MAX: usize = 40;

/// A Lua string.
///
/// A `LuaStr` exists only inside its collector box, made by `Heap::alloc_with_tail`
/// with the string's `len` bytes stored right after it (one allocation per string, as
/// the reference's `TString`); it is never moved out of the box.
pub struct LuaStr {
    hash: Cell<u32>,
    /// For long strings: whether `hash` has been computed.
    hashed: Cell<bool>,
    short: bool,
    len: usize,
}

impl LuaStr {
    #[inline(always)]
    pub fn as_bytes(&self) -> &[u8] {
        // The bytes are never written after creation.
        // SAFETY: `self` lies in its box, followed at `self + 1` by its `len`
        // initialised bytes in the same block (`Heap::alloc_with_tail`).
        unsafe { std::slice::from_raw_parts(std::ptr::from_ref(self).add(1).cast::<u8>(), self.len) }
    }

    #[inline(always)]
    pub fn len(&self) -> usize {
        self.len
    }

    #[inline(always)]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// A string header for `bytes`, to be allocated with them by `alloc_with_tail`.
    fn header(bytes: &[u8], short: bool, hash: Option<u32>) -> LuaStr {
        LuaStr { hash: Cell::new(hash.unwrap_or(0)), hashed: Cell::new(hash.is_some()), short, len: bytes.len() }
    }

    #[inline(always)]
    pub fn is_short(&self) -> bool {
        self.short
    }

    /// The string's hash (computed once).
    #[inline(always)]
    pub fn hash(&self) -> u32 {
        if !self.hashed.get() {
            return self.compute_hash();
        }
        self.hash.get()
    }

    /// The hash of a short string, which interning computed.
    #[inline(always)]
    pub(crate) fn short_hash(&self) -> u32 {
        debug_assert!(self.short && self.hashed.get());
        self.hash.get()
    }

    /// Hashes a long string on first use (short strings are hashed when interned), out
    /// of line so that table lookups inline only the load.
    #[cold]
    #[inline(never)]
    fn compute_hash(&self) -> u32 {
        self.hash.set(hash_bytes(self.as_bytes()));
        self.hashed.set(true);
        self.hash.get()
    }

    /// The contents as UTF-8 if they are valid UTF-8.
    pub fn to_str(&self) -> Option<&str> {
        std::str::from_utf8(self.as_bytes()).ok()
    }

    /// Lossy UTF-8 text, for messages.
    pub fn to_str_lossy(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(self.as_bytes())
    }

    /// Content equality for two distinct string objects: short strings are interned,
    /// so only two long strings can be equal without being the same object.
    #[inline]
    pub(crate) fn content_eq(a: &Gc<LuaStr>, b: &Gc<LuaStr>) -> bool {
        !a.short && !b.short && a.as_bytes() == b.as_bytes()
    }
}

impl Trace for LuaStr {
    const KIND: ObjKind = ObjKind::Str;
    fn trace(&self, _marker: &mut Marker) {}
    fn extra_bytes(&self) -> usize {
        self.len
    }
    fn box_layout(&self) -> Layout {
        let boxed = Layout::new::<GcBox<LuaStr>>();
        // Cannot fail for a string that exists: its bytes were allocated once already.
        Layout::from_size_align(boxed.size() + self.len, boxed.align()).unwrap_or(boxed)
    }
}

/// The hash used for strings: fast on short keys and seeded per process so that
/// hash-flooding inputs cannot be prepared in advance. `SELENITE_HASH_SEED=N` in the
/// environment fixes the seed, for measurements that must repeat exactly (table
/// layouts, and so instruction counts, follow the seed).
#[inline]
pub fn hash_bytes(bytes: &[u8]) -> u32 {
    let mut h: u64 = 0x9e37_79b9_7f4a_7c15 ^ (bytes.len() as u64).wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= seed();
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        h = (h ^ u64::from_le_bytes(word)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        h ^= h >> 29;
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        // The last 1 to 7 bytes in two overlapping reads of fixed size (every byte is
        // covered, some twice): copying them into a word takes a `memcpy` call.
        let n = rest.len();
        let word = if n >= 4 {
            let lo = u32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]);
            let hi = u32::from_le_bytes([rest[n - 4], rest[n - 3], rest[n - 2], rest[n - 1]]);
            u64::from(lo) | u64::from(hi) << 32
        } else {
            u64::from(rest[0]) | u64::from(rest[n / 2]) << 8 | u64::from(rest[n - 1]) << 16
        };
        h = (h ^ word).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        h ^= h >> 29;
    }
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    (h ^ (h >> 32)) as u32
}

fn seed() -> u64 {
    use std::sync::OnceLock;
    static SEED: OnceLock<u64> = OnceLock::new();
    *SEED.get_or_init(|| {
        use std::hash::{BuildHasher, Hasher};
        if let Some(fixed) = std::env::var("SELENITE_HASH_SEED").ok().and_then(|v| v.parse::<u64>().ok()) {
            return fixed;
        }
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u64(0x5e1e_417e);
        hasher.finish()
    })
}

/// The interning table for short strings.
#[derive(Default)]
pub struct StringTable {
    table: hashbrown::HashTable<Gc<LuaStr>>,
}

impl StringTable {
    /// Returns the string with these bytes, creating (and, if short, interning) it.
    pub fn intern(&mut self, heap: &mut Heap, bytes: &[u8]) -> Gc<LuaStr> {
        if bytes.len() > SHORT_STRING_MAX {
            return heap.alloc_with_tail(LuaStr::header(bytes, false, None), bytes);
        }
        let hash = hash_bytes(bytes);
        if let Some(found) = self.table.find(hash as u64, |s| s.as_bytes() == bytes) {
            let found = *found;
            // While marking, a string found here may not be reached yet; whoever
            // receives it keeps it reachable (a stack slot, which the atomic step
            // traverses again, or an object store, which has a barrier). While
            // sweeping, it may be dead and not yet freed: it lives again.
            heap.revive(found);
            return found;
        }
        let s = heap.alloc_with_tail(LuaStr::header(bytes, true, Some(hash)), bytes);
        self.table.insert_unique(hash as u64, s, |s| s.hash() as u64);
        s
    }

    /// Creates a string from an owned buffer (built by the caller, such as `..` or
    /// `table.concat`).
    pub fn new_from_vec(&mut self, heap: &mut Heap, bytes: Vec<u8>) -> Gc<LuaStr> {
        if bytes.len() <= SHORT_STRING_MAX {
            return self.intern(heap, &bytes);
        }
        heap.alloc_with_tail(LuaStr::header(&bytes, false, None), &bytes)
    }

    /// Forgets a string the sweep is about to free (the table holds its entries
    /// weakly, and drops them one by one as the sweep reaches them rather than all
    /// at once in the atomic step).
    pub(crate) fn forget(&mut self, s: Gc<LuaStr>) {
        if !s.short {
            return;
        }
        if let Ok(entry) = self.table.find_entry(s.short_hash() as u64, |&t| t == s) {
            entry.remove();
        }
    }
}
