//! Hostile inputs: deep nesting ends in the reference's errors, long chains and
//! huge constructors compile without deep recursion, on a thread with a small stack.

use selenite_compiler::compile;

/// Stack given to the compiling thread: the compiler must stay within it at the
/// deepest nesting the reference allows.
const SMALL_STACK: usize = 512 * 1024;

fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let handle = std::thread::Builder::new().stack_size(SMALL_STACK).spawn(f).expect("spawn");
    handle.join().expect("compiler thread panicked or overflowed")
}

fn message(src: String) -> Option<String> {
    on_small_stack(move || compile(src.as_bytes(), b"=x").err().map(|e| e.message))
}

#[test]
fn nesting_limits_match_the_reference() {
    let parens = |n: usize| format!("return {}1{}", "(".repeat(n), ")".repeat(n));
    assert_eq!(message(parens(196)), None);
    assert_eq!(message(parens(197)).as_deref(), Some("C stack overflow"));
    let blocks = |n: usize| format!("{}{}", "do ".repeat(n), "end ".repeat(n));
    assert_eq!(message(blocks(198)), None);
    assert_eq!(message(blocks(199)).as_deref(), Some("C stack overflow"));
    let funcs = |n: usize| format!("{}{}", "function f() ".repeat(n), "end ".repeat(n));
    assert_eq!(message(funcs(198)), None);
    assert_eq!(message(funcs(199)).as_deref(), Some("C stack overflow"));
    let concat = |n: usize| format!("return a{}", "..a".repeat(n));
    assert_eq!(message(concat(196)), None);
    assert_eq!(message(concat(197)).as_deref(), Some("C stack overflow"));
    let pow = |n: usize| format!("return a{}", "^a".repeat(n));
    assert_eq!(message(pow(196)), None);
    assert_eq!(message(pow(197)).as_deref(), Some("C stack overflow"));
    let unary = |n: usize| format!("return {}a", "- ".repeat(n));
    assert_eq!(message(unary(196)), None);
    assert_eq!(message(unary(197)).as_deref(), Some("C stack overflow"));
}

#[test]
fn long_chains_compile_iteratively() {
    for chain in ["+a", ".a", "()", "[1]", ":m()", " or a", " and a", "*2"] {
        let src = format!("return a{}", chain.repeat(100_000));
        assert_eq!(message(src), None, "chain {chain:?}");
    }
    let table = format!("return {{{}}}", "1,".repeat(100_000));
    assert_eq!(message(table), None);
    let statements = "x = 1 ".repeat(100_000);
    assert_eq!(message(statements), None);
}
