//! Repeats one embedding API call N times, for instruction counts under callgrind:
//! `api_calls OPERATION N`, where OPERATION is `api_X` (through the `Lua` wrapper) or
//! `vm_X` (the same on a bare VM) and X one of `globals_get`, `globals_raw_get`,
//! `globals_set`, `call_lua`, `create_string`, `call_rust_from_lua` (see
//! `selenite_micro::embedding`). Running it with N and with 0 and dividing the
//! difference by N gives the instructions per call without the set-up. For example:
//!
//! ```sh
//! cargo build --release -p selenite-micro --example api_calls
//! valgrind --tool=callgrind --callgrind-out-file=/tmp/x.out \
//!     target/release/examples/api_calls api_globals_raw_get 1000000
//! callgrind_annotate --inclusive=yes /tmp/x.out
//! ```

#![forbid(unsafe_code)]

use selenite_micro::embedding::{Bare, Wrapped};
use std::hint::black_box;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(operation), Some(n)) = (args.get(1), args.get(2).and_then(|n| n.parse::<i64>().ok())) else {
        eprintln!("usage: api_calls OPERATION N");
        std::process::exit(2);
    };
    let mut sum = 0_i64;
    if let Some(op) = operation.strip_prefix("api_") {
        let w = Wrapped::new();
        match op {
            "globals_get" => (0..n).for_each(|_| sum += w.globals_get()),
            "globals_raw_get" => (0..n).for_each(|_| sum += w.globals_raw_get()),
            "globals_set" => (0..n).for_each(|i| w.globals_set(black_box(i))),
            "call_lua" => (0..n).for_each(|i| sum += w.call_lua(black_box(i))),
            "create_string" => (0..n).for_each(|_| w.create_string()),
            // One call from Rust: the loop runs n Lua-to-Rust calls (and none for 0).
            "call_rust_from_lua" => sum = w.call_rust_from_lua(n),
            _ => unknown(operation),
        }
    } else if let Some(op) = operation.strip_prefix("vm_") {
        let mut b = Bare::new();
        match op {
            "globals_get" => (0..n).for_each(|_| sum += b.globals_get()),
            "globals_raw_get" => (0..n).for_each(|_| sum += b.globals_raw_get()),
            "globals_set" => (0..n).for_each(|i| b.globals_set(black_box(i))),
            "call_lua" => (0..n).for_each(|i| sum += b.call_lua(black_box(i))),
            "create_string" => (0..n).for_each(|_| b.create_string()),
            "call_rust_from_lua" => sum = b.call_rust_from_lua(n),
            _ => unknown(operation),
        }
    } else {
        unknown(operation);
    }
    println!("{operation} x {n}: checksum {}", black_box(sum));
}

fn unknown(operation: &str) -> ! {
    eprintln!("unknown operation {operation}");
    std::process::exit(2);
}
