//! `--max-instructions` and `--timeout`: a script that runs too long stops with the
//! documented message and status 1 wherever it is looping, and Lua code has no way to
//! catch the stop (pcall, xpcall, coroutines, metamethods, `__close`, finalizers).

mod common;

use std::time::{Duration, Instant};

/// Runs `code` under `limit` (`["--max-instructions", "N"]` or `["--timeout", "S"]`)
/// and returns (stdout, stderr, exit status).
fn run(limit: [&str; 2], code: &str) -> (String, String, Option<i32>) {
    let out = common::run_chunk(&limit, code);
    (out.stdout, out.stderr, out.status)
}

const ESCAPES: [&str; 9] = [
    "while true do end",
    "print(pcall(function() while true do end end))",
    "print(xpcall(function() while true do end end, function(m) print('handler', m) return m end))",
    "print(pcall(coroutine.wrap(function() while true do end end)))",
    "print(coroutine.resume(coroutine.create(function() while true do end end)))",
    "local t = setmetatable({}, {__index = function() while true do end end}) print(pcall(function() return t.x end))",
    "local t = {} for i = 1, 50 do t[i] = i end print(pcall(table.sort, t, function() while true do end end))",
    "local x <close> = setmetatable({}, {__close = function() while true do end end}) while true do end",
    "setmetatable({}, {__gc = function() while true do end end}) collectgarbage() while true do end",
];

#[test]
fn the_instruction_limit_cannot_be_caught() {
    for code in ESCAPES {
        let (stdout, stderr, status) = run(["--max-instructions", "200000"], code);
        assert_eq!(stdout, "", "{code}");
        assert_eq!(stderr.lines().next(), Some("selenite: instruction limit exceeded"), "{code}");
        assert_eq!(status, Some(1), "{code}");
    }
}

#[test]
fn the_time_limit_cannot_be_caught() {
    for code in ESCAPES {
        let start = Instant::now();
        let (stdout, stderr, status) = run(["--timeout", "0.2"], code);
        assert!(start.elapsed() < Duration::from_secs(10), "{code} took {:?}", start.elapsed());
        assert_eq!(stdout, "", "{code}");
        assert_eq!(stderr.lines().next(), Some("selenite: time limit exceeded"), "{code}");
        assert_eq!(status, Some(1), "{code}");
    }
}

#[test]
fn a_script_within_its_limits_runs_to_the_end() {
    let code = "local n = 0 for i = 1, 1000 do n = n + i end print(n)";
    assert_eq!(run(["--max-instructions", "100000"], code), ("500500\n".into(), String::new(), Some(0)));
    assert_eq!(run(["--timeout", "60"], code), ("500500\n".into(), String::new(), Some(0)));
}

#[test]
fn a_bad_limit_is_a_usage_error() {
    let (_, stderr, status) = run(["--max-instructions", "lots"], "print(1)");
    assert!(stderr.starts_with("selenite: '--max-instructions' needs a number"), "{stderr}");
    assert_eq!(status, Some(1));
}
