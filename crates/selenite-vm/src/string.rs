//! Lua strings: immutable byte strings, short ones interned.
//!
//! Invariants: a string of at most [`SHORT_STRING_MAX`] bytes exists at most once in
//! a state (the [`StringTable`] interns it), so two short strings are equal exactly
//! when their pointers are; their hash is computed at creation. Long strings are not
//! interned and hash lazily, the first time they are used as a table key. The hash is
//! kept in the collector header's spare word (0: not computed yet, which a hash of 0
//! only costs a recomputation), so a string's box is a 16-byte header, its 8-byte
//! length and its bytes. The string table holds its entries weakly: the collector
//! removes dead strings from it before freeing them.

use crate::gc::{aux_of_boxed, Gc, GcBox, Heap, Marker, ObjKind, Trace};
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
    fn header(bytes: &[u8]) -> LuaStr {
        LuaStr { len: bytes.len() }
    }

    /// Short strings are exactly the interned ones: every string is created through
    /// the string table, which interns all strings up to [`SHORT_STRING_MAX`] bytes.
    #[inline(always)]
    pub fn is_short(&self) -> bool {
        self.len <= SHORT_STRING_MAX
    }

    /// Where the hash is kept: the spare word of the string's box header.
    #[inline(always)]
    fn hash_word(&self) -> &Cell<u32> {
        // SAFETY: a `LuaStr` exists only inside its box (see the type's comment).
        unsafe { aux_of_boxed(self) }
    }

    /// The string's hash (computed once).
    #[inline(always)]
    pub fn hash(&self) -> u32 {
        let h = self.hash_word().get();
        if h == 0 {
            return self.compute_hash();
        }
        h
    }

    /// The hash of a short string, which interning computed.
    #[inline(always)]
    pub(crate) fn short_hash(&self) -> u32 {
        debug_assert!(self.is_short());
        self.hash_word().get()
    }

    /// Hashes a long string on first use (short strings are hashed when interned), out
    /// of line so that table lookups inline only the load.
    #[cold]
    #[inline(never)]
    fn compute_hash(&self) -> u32 {
        let h = hash_bytes(self.as_bytes());
        self.hash_word().set(h);
        h
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
        !a.is_short() && !b.is_short() && a.as_bytes() == b.as_bytes()
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

/// Writes pieces one after another into a string's bytes (see
/// [`crate::Vm::new_string_with`]), refusing any piece that would not fit.
pub struct ExactWriter<'a> {
    out: &'a mut [u8],
    at: usize,
}

impl<'a> ExactWriter<'a> {
    pub fn new(out: &'a mut [u8]) -> ExactWriter<'a> {
        ExactWriter { out, at: 0 }
    }

    /// Appends `piece`; false (and nothing written) if it does not fit.
    pub fn put(&mut self, piece: &[u8]) -> bool {
        let Some(end) = self.at.checked_add(piece.len()) else { return false };
        let Some(dst) = self.out.get_mut(self.at..end) else { return false };
        dst.copy_from_slice(piece);
        self.at = end;
        true
    }

    /// Whether every byte has been written.
    pub fn is_full(&self) -> bool {
        self.at == self.out.len()
    }
}

/// The interning table for short strings.
pub struct StringTable {
    table: hashbrown::HashTable<Gc<LuaStr>>,
    /// The one-byte strings made so far, by byte: a parser's `s:sub(i, i)` or
    /// `string.char(b)` finds its result without hashing or probing. Roots of the
    /// collector (`single_bytes`), so an entry never dies.
    single_bytes: [Option<Gc<LuaStr>>; 256],
}

impl Default for StringTable {
    fn default() -> Self {
        StringTable { table: hashbrown::HashTable::default(), single_bytes: [None; 256] }
    }
}

impl StringTable {
    /// Returns the string with these bytes, creating (and, if short, interning) it.
    pub fn intern(&mut self, heap: &mut Heap, bytes: &[u8]) -> Gc<LuaStr> {
        if let [byte] = *bytes {
            if let Some(s) = self.single_bytes[byte as usize] {
                return s;
            }
            let s = self.intern_short(heap, bytes);
            self.single_bytes[byte as usize] = Some(s);
            return s;
        }
        if bytes.len() > SHORT_STRING_MAX {
            return heap.alloc_with_tail(LuaStr::header(bytes), bytes);
        }
        self.intern_short(heap, bytes)
    }

    /// The one-byte strings made so far, which the collector marks as roots.
    pub(crate) fn single_bytes(&self) -> impl Iterator<Item = Gc<LuaStr>> + '_ {
        self.single_bytes.iter().flatten().copied()
    }

    fn intern_short(&mut self, heap: &mut Heap, bytes: &[u8]) -> Gc<LuaStr> {
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
        let s = heap.alloc_with_tail(LuaStr::header(bytes), bytes);
        s.aux().set(hash);
        self.table.insert_unique(hash as u64, s, |s| s.short_hash() as u64);
        s
    }

    /// Creates a string from an owned buffer (built by the caller, such as `..` or
    /// `table.concat`).
    pub fn new_from_vec(&mut self, heap: &mut Heap, bytes: Vec<u8>) -> Gc<LuaStr> {
        if bytes.len() <= SHORT_STRING_MAX {
            return self.intern(heap, &bytes);
        }
        heap.alloc_with_tail(LuaStr::header(&bytes), &bytes)
    }

    /// Creates a string of `len` bytes that `fill` writes: a long one in its own
    /// block, with no intermediate buffer; a short one on the stack, then interned.
    /// `fill` says whether it wrote exactly `len` bytes; if not, there is no string
    /// (a long block already made is left to the collector).
    pub fn new_with(
        &mut self,
        heap: &mut Heap,
        len: usize,
        fill: impl FnOnce(&mut [u8]) -> bool,
    ) -> Option<Gc<LuaStr>> {
        if len <= SHORT_STRING_MAX {
            let mut buf = [0u8; SHORT_STRING_MAX];
            let bytes = &mut buf[..len];
            return fill(bytes).then(|| self.intern(heap, bytes));
        }
        let (s, filled) = heap.alloc_with_bytes(LuaStr { len }, len, fill);
        filled.then_some(s)
    }

    /// Forgets a string the sweep is about to free (the table holds its entries
    /// weakly, and drops them one by one as the sweep reaches them rather than all
    /// at once in the atomic step).
    pub(crate) fn forget(&mut self, s: Gc<LuaStr>) {
        if !s.is_short() {
            return;
        }
        if let Ok(entry) = self.table.find_entry(s.short_hash() as u64, |&t| t == s) {
            entry.remove();
        }
    }
}
