//! Divan benchmarks of Selenite's hot paths: dispatch, calls, table get/set, string
//! interning, concatenation and the collector. Most time a Lua snippet (see
//! `selenite_micro::snippets`) through the embedding API: set up once, then its
//! function called once per iteration; the string-table pair calls
//! `selenite_vm::Vm::new_string` directly. Each benchmark counts the operations one
//! iteration does, so divan prints their throughput beside the time. Run with
//! `cargo bench -p selenite-micro`; `bench/README.md` has the table of figures.

#![forbid(unsafe_code)]

use divan::counter::ItemsCount;
use divan::Bencher;
use selenite_micro::{snippets, PreparedSnippet};

fn main() {
    divan::main();
}

/// Repetitions of the timed operation per call, for every loop-shaped snippet: about
/// 0.1 to 3 ms per call.
const OPERATIONS: i64 = 10_000;

/// Times one call of `source`'s function set up with `size`, counting `operations`
/// items per call.
fn bench_snippet(bencher: Bencher, source: &str, size: i64, operations: u64) {
    let snippet = PreparedSnippet::new(source, size);
    bencher.counter(ItemsCount::new(operations)).bench_local(|| snippet.run());
}

/// Times `OPERATIONS` repetitions of a loop-shaped snippet.
fn bench_loop(bencher: Bencher, source: &str) {
    bench_snippet(bencher, source, OPERATIONS, OPERATIONS as u64);
}

mod dispatch {
    use super::*;

    /// Integer arithmetic and moves between locals (items: loop iterations).
    #[divan::bench]
    fn arithmetic_loop(bencher: Bencher) {
        bench_loop(bencher, snippets::DISPATCH_ARITHMETIC);
    }
}

mod calls {
    use super::*;

    /// A two-argument Lua function called in a loop (items: calls).
    #[divan::bench]
    fn call_and_return(bencher: Bencher) {
        bench_loop(bencher, snippets::CALL_AND_RETURN);
    }

    /// Naive recursive fib(20): nested non-tail calls (items: calls).
    #[divan::bench]
    fn recursive_fib(bencher: Bencher) {
        const FIB_20_CALLS: u64 = 21_891;
        bench_snippet(bencher, snippets::CALL_RECURSIVE_FIB, 20, FIB_20_CALLS);
    }
}

mod table {
    use super::*;

    /// `t[i]` reads from the array part (items: reads).
    #[divan::bench]
    fn get_integer_array(bencher: Bencher) {
        bench_loop(bencher, snippets::TABLE_GET_ARRAY);
    }

    /// `t[i] = v` writes to the array part (items: writes).
    #[divan::bench]
    fn set_integer_array(bencher: Bencher) {
        bench_loop(bencher, snippets::TABLE_SET_ARRAY);
    }

    /// Integer-key reads from the hash part (items: reads).
    #[divan::bench]
    fn get_integer_hash(bencher: Bencher) {
        bench_loop(bencher, snippets::TABLE_GET_INTEGER_HASH);
    }

    /// Integer-key writes to existing hash-part keys (items: writes).
    #[divan::bench]
    fn set_integer_hash(bencher: Bencher) {
        bench_loop(bencher, snippets::TABLE_SET_INTEGER_HASH);
    }

    /// `t.x` reads of existing fields (items: reads).
    #[divan::bench]
    fn get_string_field(bencher: Bencher) {
        bench_loop(bencher, snippets::TABLE_GET_STRING_FIELD);
    }

    /// `t.x = v` writes to existing fields (items: writes).
    #[divan::bench]
    fn set_string_field(bencher: Bencher) {
        bench_loop(bencher, snippets::TABLE_SET_STRING_FIELD);
    }

    /// `t.x = v` adding new fields to empty tables (items: insertions).
    #[divan::bench]
    fn set_new_string_field(bencher: Bencher) {
        bench_loop(bencher, snippets::TABLE_NEW_STRING_FIELD);
    }
}

mod string_interning {
    use super::*;
    use selenite_vm::Vm;

    /// Number of keys the string-table benchmarks intern per iteration.
    const KEYS: usize = 1_000;

    /// `KEYS` distinct short keys, `key:0` to `key:999`.
    fn distinct_keys() -> Vec<Vec<u8>> {
        (0..KEYS).map(|i| format!("key:{i}").into_bytes()).collect()
    }

    /// `tostring` of numbers never seen before: each result is a new string
    /// (items: strings).
    #[divan::bench]
    fn lua_distinct_strings(bencher: Bencher) {
        bench_loop(bencher, snippets::STRING_INTERN_DISTINCT);
    }

    /// `tostring` of one number: each result is found in the string table
    /// (items: strings).
    #[divan::bench]
    fn lua_same_string(bencher: Bencher) {
        bench_loop(bencher, snippets::STRING_INTERN_SAME);
    }

    /// `Vm::new_string` inserting 1,000 distinct keys into a new state's string
    /// table, growth included (items: strings).
    #[divan::bench]
    fn vm_insert_distinct(bencher: Bencher) {
        let keys = distinct_keys();
        bencher.counter(ItemsCount::new(KEYS)).with_inputs(Vm::new).bench_local_values(|mut vm| {
            for key in &keys {
                vm.new_string(key);
            }
            // Returned so that the state is dropped outside the timing.
            vm
        });
    }

    /// `Vm::new_string` finding 1,000 keys already interned (items: strings).
    #[divan::bench]
    fn vm_find_interned(bencher: Bencher) {
        let keys = distinct_keys();
        let mut vm = Vm::new();
        for key in &keys {
            vm.new_string(key);
        }
        bencher.counter(ItemsCount::new(KEYS)).bench_local(|| {
            for key in &keys {
                divan::black_box(vm.new_string(key));
            }
        });
    }
}

mod concat {
    use super::*;

    /// `a .. "=" .. b .. ";"` of short strings (items: concatenations).
    #[divan::bench]
    fn operator_four_pieces(bencher: Bencher) {
        bench_loop(bencher, snippets::CONCAT_OPERATOR);
    }

    /// `table.concat(parts, ",")` of 10,000 short strings (items: pieces).
    #[divan::bench]
    fn table_concat(bencher: Bencher) {
        bench_loop(bencher, snippets::CONCAT_TABLE);
    }
}

mod collector {
    use super::*;

    /// 10,000 short-lived tables, then a full collection (items: tables).
    #[divan::bench]
    fn short_lived_tables_then_collect(bencher: Bencher) {
        bench_loop(bencher, snippets::GC_SHORT_LIVED_TABLES);
    }

    /// A full collection with this many live tables in the heap (items: live
    /// tables).
    #[divan::bench(args = [1_000, 10_000, 100_000])]
    fn full_collect_live_tables(bencher: Bencher, live_tables: i64) {
        bench_snippet(bencher, snippets::GC_FULL_COLLECT_LIVE, live_tables, live_tables as u64);
    }
}

/// Small embedding API calls (`selenite_micro::embedding`), each as `api_*` through the
/// `Lua` wrapper and as `vm_*` on a bare `selenite_vm::Vm`: the difference is the
/// wrapper's cost per call. Each iteration does `API_CALLS` calls (items: calls).
mod embedding {
    use super::*;
    use selenite_micro::embedding::{Bare, Wrapped};

    /// API calls per iteration: a few to tens of microseconds per iteration.
    const API_CALLS: usize = 1_000;

    /// Times `API_CALLS` calls of `op` on a wrapped state.
    fn bench_wrapped(bencher: Bencher, op: impl Fn(&Wrapped, i64) -> i64 + Sync) {
        let wrapped = Wrapped::new();
        bencher.counter(ItemsCount::new(API_CALLS)).bench_local(|| {
            for i in 0..API_CALLS as i64 {
                divan::black_box(op(&wrapped, divan::black_box(i)));
            }
        });
    }

    /// Times `API_CALLS` calls of `op` on a bare VM.
    fn bench_bare(bencher: Bencher, op: impl Fn(&mut Bare, i64) -> i64 + Sync) {
        let mut bare = Bare::new();
        bencher.counter(ItemsCount::new(API_CALLS)).bench_local(|| {
            for i in 0..API_CALLS as i64 {
                divan::black_box(op(&mut bare, divan::black_box(i)));
            }
        });
    }

    /// `lua.globals().get::<i64>("x")` (metamethods honoured: a protected call).
    #[divan::bench]
    fn api_globals_get(bencher: Bencher) {
        bench_wrapped(bencher, |w, _| w.globals_get());
    }

    /// `Vm::index(globals, "x")`.
    #[divan::bench]
    fn vm_globals_get(bencher: Bencher) {
        bench_bare(bencher, |b, _| b.globals_get());
    }

    /// `globals.raw_get::<i64>("x")` (no Lua code: `with_vm` only).
    #[divan::bench]
    fn api_globals_raw_get(bencher: Bencher) {
        bench_wrapped(bencher, |w, _| w.globals_raw_get());
    }

    /// `globals.get_str("x")` on the bare VM.
    #[divan::bench]
    fn vm_globals_raw_get(bencher: Bencher) {
        bench_bare(bencher, |b, _| b.globals_raw_get());
    }

    /// `lua.globals().set("x", i)` (a protected call).
    #[divan::bench]
    fn api_globals_set(bencher: Bencher) {
        bench_wrapped(bencher, |w, i| {
            w.globals_set(i);
            0
        });
    }

    /// `Vm::set_index(globals, "x", i)`.
    #[divan::bench]
    fn vm_globals_set(bencher: Bencher) {
        bench_bare(bencher, |b, i| {
            b.globals_set(i);
            0
        });
    }

    /// `Function::call::<i64>(i)` of `function(x) return x + 1 end`.
    #[divan::bench]
    fn api_call_lua(bencher: Bencher) {
        bench_wrapped(bencher, |w, i| w.call_lua(i));
    }

    /// `Vm::call_function` of the same function (unprotected).
    #[divan::bench]
    fn vm_call_lua(bencher: Bencher) {
        bench_bare(bencher, |b, i| b.call_lua(i));
    }

    /// `lua.create_string("hello")`, the handle dropped at once.
    #[divan::bench]
    fn api_create_string(bencher: Bencher) {
        bench_wrapped(bencher, |w, _| {
            w.create_string();
            0
        });
    }

    /// `Vm::new_string("hello")`.
    #[divan::bench]
    fn vm_create_string(bencher: Bencher) {
        bench_bare(bencher, |b, _| {
            b.create_string();
            0
        });
    }

    /// A Lua loop calling a `create_function` callback `API_CALLS` times, one
    /// iteration (items: Lua-to-Rust calls).
    #[divan::bench]
    fn api_call_rust_from_lua(bencher: Bencher) {
        let wrapped = Wrapped::new();
        bencher.counter(ItemsCount::new(API_CALLS)).bench_local(|| wrapped.call_rust_from_lua(API_CALLS as i64));
    }

    /// The same loop calling a boxed native function of the bare VM.
    #[divan::bench]
    fn vm_call_rust_from_lua(bencher: Bencher) {
        let mut bare = Bare::new();
        bencher.counter(ItemsCount::new(API_CALLS)).bench_local(|| bare.call_rust_from_lua(API_CALLS as i64));
    }
}
