//! Micro-benchmarks of Selenite's hot paths, run with `cargo bench -p selenite-micro`
//! (see `bench/README.md`). This library holds the Lua snippets and the one way they
//! are run: compiled and set up once through the embedding API, then the function
//! they return is called once per timed iteration. The benchmarks themselves are in
//! `benches/hot_paths.rs`; the tests here check every snippet's result against the
//! reference Lua 5.4's. `embedding` holds the small API calls timed against the same
//! operations on a bare VM, to measure what the `Lua` wrapper costs per call.

#![forbid(unsafe_code)]

pub mod embedding;
pub mod snippets;

use selenite::{Function, Lua};

/// A snippet compiled and set up in its own state: the function it returned, ready to
/// be called once per iteration.
pub struct PreparedSnippet {
    /// Keeps the state alive: handles such as `timed` refer to it weakly.
    _state: Lua,
    timed: Function,
}

impl PreparedSnippet {
    /// Compiles `source` in a new state with every standard library and runs it once
    /// with `size` as its argument. Panics with Lua's message if either fails: a
    /// benchmark with a broken snippet must not time an error path.
    pub fn new(source: &str, size: i64) -> PreparedSnippet {
        let state = Lua::new();
        let chunk = state.load(source).set_name("=snippet").into_function().expect("snippet compiles");
        let timed: Function = chunk.call(size).expect("snippet sets up and returns a function");
        PreparedSnippet { _state: state, timed }
    }

    /// Calls the snippet's function once and returns its checksum.
    pub fn run(&self) -> i64 {
        self.timed.call(()).expect("snippet runs")
    }
}

#[cfg(test)]
mod tests {
    use super::snippets::*;
    use super::PreparedSnippet;

    /// Runs the snippet twice at `size` (the second call sees the state the first
    /// left) and checks both checksums against the reference Lua 5.4.9's.
    fn assert_checksum(source: &str, size: i64, expected: i64) {
        let snippet = PreparedSnippet::new(source, size);
        assert_eq!(snippet.run(), expected, "first call");
        assert_eq!(snippet.run(), expected, "second call");
    }

    #[test]
    fn dispatch_and_calls() {
        assert_checksum(DISPATCH_ARITHMETIC, 2000, -416911);
        assert_checksum(CALL_AND_RETURN, 2000, 2001000);
        assert_checksum(CALL_RECURSIVE_FIB, 10, 55);
    }

    #[test]
    fn table_access() {
        assert_checksum(TABLE_GET_ARRAY, 2000, 1001000);
        assert_checksum(TABLE_SET_ARRAY, 2000, 1005);
        assert_checksum(TABLE_GET_INTEGER_HASH, 2000, 1001000);
        assert_checksum(TABLE_SET_INTEGER_HASH, 2000, 1025028);
        assert_checksum(TABLE_GET_STRING_FIELD, 2000, 5000);
        assert_checksum(TABLE_SET_STRING_FIELD, 2000, 2006);
        assert_checksum(TABLE_NEW_STRING_FIELD, 2000, 31375);
    }

    #[test]
    fn strings_and_concatenation() {
        assert_checksum(STRING_INTERN_DISTINCT, 2000, 14000);
        assert_checksum(STRING_INTERN_SAME, 2000, 14000);
        assert_checksum(CONCAT_OPERATOR, 2000, 23000);
        assert_checksum(CONCAT_TABLE, 2000, 10892);
    }

    #[test]
    fn collector() {
        assert_checksum(GC_SHORT_LIVED_TABLES, 2000, 2003000);
        assert_checksum(GC_FULL_COLLECT_LIVE, 2000, 2000);
    }
}
