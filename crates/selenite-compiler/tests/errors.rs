//! Compile errors: every message is the reference Lua 5.4.9's, text and line
//! (expected values printed by the reference's `load`).

use selenite_compiler::compile;

/// (chunk name, source, message)
const CASES: &[(&str, &str, &str)] = &[
    ("=x", "x = = 1", "x:1: unexpected symbol near '='"),
    ("=x", "local t = {} t.x.y.z =", "x:1: unexpected symbol near <eof>"),
    ("=x", "f(", "x:1: unexpected symbol near <eof>"),
    ("=x", "function f()\n\n", "x:3: 'end' expected (to close 'function' at line 1) near <eof>"),
    ("=x", "x = '\\300'", "x:1: decimal escape too large near ''\\300''"),
    ("=x", "x = '\\u{80000000}'", "x:1: UTF-8 value too large near ''\\u{80000000'"),
    ("=x", "x = '\\xZZ'", "x:1: hexadecimal digit expected near ''\\xZ'"),
    ("=x", "x = 'abc", "x:1: unfinished string near <eof>"),
    ("=x", "x = 'abc\ndef'", "x:1: unfinished string near ''abc'"),
    ("=x", "x = [==[ abc", "x:1: unfinished long string (starting at line 1) near <eof>"),
    ("=x", "--[==[ abc", "x:1: unfinished long comment (starting at line 1) near <eof>"),
    ("=x", "x = [=x", "x:1: invalid long string delimiter near '[='"),
    ("=x", "x = 3x", "x:1: malformed number near '3x'"),
    ("=x", "x = 0x", "x:1: malformed number near '0x'"),
    ("=x", "x = 1e", "x:1: malformed number near '1e'"),
    ("=x", "x = 1..2", "x:1: malformed number near '1..2'"),
    ("=x", "x = '\\q'", "x:1: invalid escape sequence near ''\\q'"),
    ("=x", "x = '\\u{}'", "x:1: hexadecimal digit expected near ''\\u{}'"),
    ("=x", "x = '\\u{12'", "x:1: missing '}' near ''\\u{12''"),
    ("=x", "x = '\\u12'", "x:1: missing '{' near ''\\u1'"),
    ("=x", "x = 1 \"a\\0b\"", "x:1: unexpected symbol near '\"a'"),
    ("=x", "x = @", "x:1: unexpected symbol near '@'"),
    ("=x", "x = \x01", "x:1: unexpected symbol near '<\\1>'"),
    ("=x", "x = ~= 1", "x:1: unexpected symbol near '~='"),
    ("=x", "local x <const> = 1; x = 2", "x:1: attempt to assign to const variable 'x'"),
    ("=x", "local x <const> = 1; function f() x = 2 end", "x:1: attempt to assign to const variable 'x'"),
    ("=x", "local x <close> = 1; function x() end\n\n y = 1", "x:3: attempt to assign to const variable 'x'"),
    ("=x", "local x <foo> = 1", "x:1: unknown attribute 'foo'"),
    ("=x", "local x <close>, y <close> = 1", "x:1: multiple to-be-closed variables in local list"),
    ("=x", "goto x", "x:1: no visible label 'x' for <goto> at line 1"),
    ("=x", "do goto x; local a; ::x:: print(a) end", "x:1: <goto x> at line 1 jumps into the scope of local 'a'"),
    ("=x", "::x:: ::x::", "x:1: label 'x' already defined on line 1"),
    ("=x", "::x:: do ::x:: end", "x:1: label 'x' already defined on line 1"),
    ("=x", "break", "x:1: break outside loop at line 1"),
    ("=x", "if x then break end", "x:1: break outside loop at line 1"),
    ("=x", "function f(a) return ... end", "x:1: cannot use '...' outside a vararg function near '...'"),
    ("=x", "for i = 1 do end", "x:1: ',' expected near 'do'"),
    ("=x", "for i do end", "x:1: '=' or 'in' expected near 'do'"),
    ("=x", "for a, b = 1 do end", "x:1: 'in' expected near '='"),
    ("=x", "local function end", "x:1: <name> expected near 'end'"),
    ("=x", "x.y:z = 1", "x:1: function arguments expected near '='"),
    ("=x", "f() = 1", "x:1: syntax error near '='"),
    ("=x", "(a) = 1", "x:1: syntax error near '='"),
    ("=x", "a, b() = 1, 2", "x:1: syntax error near '='"),
    ("=x", "return return", "x:1: unexpected symbol near 'return'"),
    ("=x", "if x then else elseif y then end", "x:1: 'end' expected near 'elseif'"),
    ("=x", "local t = {a = 1, 2 3}", "x:1: '}' expected near '3'"),
    ("=x", "x = (1", "x:1: ')' expected near <eof>"),
    ("=x", "x = {\n1,\n2\n", "x:4: '}' expected (to close '{' at line 1) near <eof>"),
    ("=x", "while true do\n\n", "x:3: 'end' expected (to close 'while' at line 1) near <eof>"),
    ("=x", "repeat x = 1", "x:1: 'until' expected near <eof>"),
    ("=x", "x = function(a,) end", "x:1: <name> or '...' expected near ')'"),
    ("=x", "x = function(1) end", "x:1: <name> or '...' expected near '1'"),
    ("=x", "a.b.c:d.e()", "x:1: function arguments expected near '.'"),
    ("=x", "x = a..", "x:1: unexpected symbol near <eof>"),
    ("=x", "local a = {...} function g() return ... end", "x:1: cannot use '...' outside a vararg function near '...'"),
    ("=x", "goto l1; local x; ::l1:: ::l2:: print(x)", "x:1: <goto l1> at line 1 jumps into the scope of local 'x'"),
    ("=x", "repeat goto cont; local x; ::cont:: until x", "x:1: <goto cont> at line 1 jumps into the scope of local 'x'"),
    ("=x", "x = 0x1p", "x:1: malformed number near '0x1p'"),
    ("=x", "x = .5e+", "x:1: malformed number near '.5e+'"),
    ("=x", "x = 'a\\\nb", "x:2: unfinished string near <eof>"),
    ("=x", "x = \"\\z\n\n  abc", "x:3: unfinished string near <eof>"),
    ("=x", "local a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a = 1", "x:1: too many local variables (limit is 200) in main function near '='"),
    ("=x", "for i = 1, 2 do local x <const> = i; x = 1 end", "x:1: attempt to assign to const variable 'x'"),
    ("=x", "x = 1\r\n\r\ny = = 2", "x:3: unexpected symbol near '='"),
    ("=x", "x = 1\n\ry = = 2", "x:2: unexpected symbol near '='"),
    ("=x", "return 1 +", "x:1: unexpected symbol near <eof>"),
    ("=x", "x = #", "x:1: unexpected symbol near <eof>"),
    ("=x", "::a:: goto b", "x:1: no visible label 'b' for <goto> at line 1"),
    ("=x", "local a <const> = 10; local b <close> = nil; b = 1", "x:1: attempt to assign to const variable 'b'"),
    ("@file.lua", "local t = {} t.x.y.z =", "file.lua:1: unexpected symbol near <eof>"),
    ("@file.lua", "function f()\n\n", "file.lua:3: 'end' expected (to close 'function' at line 1) near <eof>"),
    ("x = = 1", "x = = 1", "[string \"x = = 1\"]:1: unexpected symbol near '='"),
    ("@t.lua", "x = 3x", "t.lua:1: malformed number near '3x'"),
    ("@file.lua", "x = \"abc\n", "file.lua:1: unfinished string near '\"abc'"),
];

#[test]
fn messages_match_the_reference() {
    for &(name, src, expected) in CASES {
        let got = compile(src.as_bytes(), name.as_bytes()).err().map(|e| e.message);
        assert_eq!(got.as_deref(), Some(expected), "source {src:?}");
    }
}

#[test]
fn too_many_registers_is_located_at_the_current_token() {
    let src = format!("f({})", "1, ".repeat(300) + "1");
    let got = compile(src.as_bytes(), b"=x").err().map(|e| e.message);
    assert_eq!(got.as_deref(), Some("x:1: function or expression needs too many registers near '1'"));
}

#[test]
fn too_many_upvalues() {
    let decl = |p: &str| (0..150).map(|i| format!("local {p}{i} = {i}")).collect::<Vec<_>>().join("\n");
    let uses: String = (0..150).map(|i| format!("a{i}, b{i}, ")).collect();
    let src =
        format!("{}\nlocal function g()\n{}\nlocal function f() return {{{uses} nil}} end end", decl("a"), decl("b"));
    let got = compile(src.as_bytes(), b"=x").err().map(|e| e.message);
    assert_eq!(got.as_deref(), Some("x:302: too many upvalues (limit is 255) in function at line 302 near ','"));
}
