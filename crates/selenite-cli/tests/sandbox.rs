//! `--sandbox`: every way we know to reach a removed function or to change a library
//! ends in nil or in the documented error, and the limits still hold inside it.

mod common;

fn sandboxed(extra: &[&str], code: &str) -> (String, String, Option<i32>) {
    let args: Vec<&str> = std::iter::once("--sandbox").chain(extra.iter().copied()).collect();
    let out = common::run_chunk(&args, code);
    (out.stdout, out.stderr, out.status)
}

fn prints(code: &str) -> String {
    let (stdout, stderr, status) = sandboxed(&[], code);
    assert_eq!(status, Some(0), "{code}: {stderr}");
    stdout
}

#[test]
fn removed_functions_are_unreachable() {
    let reach = [
        "io",
        "package",
        "require",
        "dofile",
        "loadfile",
        "os.execute",
        "os.exit",
        "os.getenv",
        "os.remove",
        "os.rename",
        "os.tmpname",
        "debug.getinfo",
        "debug.sethook",
        "debug.getregistry",
        "debug.setmetatable",
        "debug.getupvalue",
        "_ENV.io",
        "_G.package",
        "load('return io', 'x', 't', _G)()",
        "load('return require')()",
        "coroutine.wrap(function() return io end)()",
        "select(2, pcall(function() return os.execute end))",
    ];
    for expr in reach {
        assert_eq!(prints(&format!("print({expr})")), "nil\n", "{expr}");
    }
    assert_eq!(prints("print(getmetatable(''), getmetatable(string), getmetatable(math))"), "false\tfalse\tfalse\n");
}

#[test]
fn libraries_are_read_only() {
    let writes = [
        "string.upper = print",
        "math.pi = 3",
        "rawset(string, 'upper', print)",
        "rawset(table, 'x', 1)",
        "os.clock = nil",
        "coroutine.wrap = nil",
        "debug.traceback = nil",
        "utf8.char = nil",
    ];
    for code in writes {
        let out = prints(&format!("print(pcall(function() {code} end))"));
        assert!(out.starts_with("false\t") && out.ends_with("attempt to modify a read-only table\n"), "{code}: {out}");
    }
    assert_eq!(prints("print(pcall(setmetatable, string, nil))"), "false\tcannot change a protected metatable\n");
    assert_eq!(
        prints("print(pcall(function() getmetatable('').__index.upper = print end))").split('\t').next(),
        Some("false")
    );
    assert_eq!(prints("print(pcall(table.insert, math, 1))"), "false\tattempt to modify a read-only table\n");
    // The library still works, through the string metatable too.
    assert_eq!(prints("print(('abc'):upper(), string.rep('x', 3), '10' + 1, math.max(1, 2))"), "ABC\txxx\t11\t2\n");
}

#[test]
fn iterating_a_library_does_not_hand_it_out() {
    assert_eq!(prints("local n = 0 for k in pairs(string) do n = n + 1 end print(n > 10)"), "true\n");
    assert_eq!(prints("local _, state = pairs(math) print(state == math, rawequal(state, math))"), "true\ttrue\n");
    // The proxies' iterator enumerates proxies only, not any object's `__index`.
    assert_eq!(prints("local it = pairs(string) print(it(setmetatable({}, {__index = {secret = 1}}), nil))"), "nil\n");
}

#[test]
fn binary_chunks_and_collector_control_are_refused() {
    assert_eq!(
        prints("print(load(string.dump(function() end)))"),
        "nil\tattempt to load a binary chunk (mode is 't')\n"
    );
    assert_eq!(
        prints("print(load(string.dump(function() end), 'x', 'b'))"),
        "nil\tattempt to load a binary chunk (mode is 't')\n"
    );
    assert_eq!(prints("print(load('return 1 + 1')())"), "2\n");
    for option in ["stop", "restart", "incremental", "generational", "setpause", "setstepmul"] {
        let out = prints(&format!("print(pcall(collectgarbage, '{option}'))"));
        assert_eq!(out, format!("false\tbad argument #1 to 'collectgarbage' (invalid option '{option}')\n"));
    }
    assert_eq!(
        // The command line runs in generational mode, where a step answers false (as
        // the reference's `lua`).
        prints("print(type(collectgarbage('count')), collectgarbage('step'), collectgarbage())"),
        "number\tfalse\t0\n"
    );
}

#[test]
fn what_remains_of_os_and_debug_works() {
    assert_eq!(
        prints("print(type(os.clock()), type(os.time()), os.date('!%Y-%m-%d', 0), os.difftime(2, 1))"),
        "number\tnumber\t1970-01-01\t1.0\n"
    );
    assert_eq!(prints("print((debug.traceback('m'):gsub('\\n.*', '')))"), "m\n");
}

#[test]
fn limits_hold_inside_the_sandbox() {
    let (_, stderr, status) = sandboxed(&["--max-instructions", "100000"], "while true do end");
    assert_eq!((stderr.lines().next(), status), (Some("selenite: instruction limit exceeded"), Some(1)));
    let (stdout, _, status) = sandboxed(
        &["--max-memory", "20000000"],
        "print(pcall(string.gsub, string.rep('x', 1e4), 'x', function() return string.rep('y', 1e4) end))",
    );
    assert_eq!((stdout.as_str(), status), ("false\tnot enough memory\n", Some(0)));
    let (_, stderr, status) = sandboxed(&["-l", "string"], "print(1)");
    assert_eq!((stderr.trim_end(), status), ("selenite: '-l' is not available with '--sandbox'", Some(1)));
}
