//! The memory limit (`--max-memory`): every way a script can grow the heap ends in a
//! catchable "not enough memory", after which the state keeps working and its earlier
//! data is intact.

mod common;

const LIMIT: &str = "20000000";

/// Runs `body` under the limit inside `pcall` and returns what the script printed.
fn run_limited(body: &str) -> String {
    let script = format!(
        "local kept = {{1, 2, 3}}\n\
         local ok, e = pcall(function() {body} end)\n\
         print(ok, e)\n\
         collectgarbage()\n\
         local t = {{}} for i = 1, 1000 do t[i] = i end\n\
         print(#t, kept[3], collectgarbage('count') < 20000)\n"
    );
    let out = common::run_chunk(&["--max-memory", LIMIT], &script);
    assert_eq!(out.status, Some(0), "{body}: {}", out.stderr);
    out.stdout
}

const EXHAUSTED: &str = "false\tnot enough memory\n1000\t3\ttrue\n";

#[test]
fn table_constructors_in_a_loop() {
    assert_eq!(run_limited("local t = {} for i = 1, 1e9 do t[i] = {} end"), EXHAUSTED);
}

#[test]
fn array_growth_without_allocating_objects() {
    assert_eq!(run_limited("local t = {} for i = 1, 1e9 do t[i] = i end"), EXHAUSTED);
}

#[test]
fn hash_growth_with_float_keys() {
    assert_eq!(run_limited("local t = {} for i = 1, 1e9 do t[i + 0.5] = i end"), EXHAUSTED);
}

#[test]
fn field_growth_through_the_fast_path() {
    assert_eq!(run_limited("local t = {} for i = 1, 1e9 do t['k' .. i] = true end"), EXHAUSTED);
}

#[test]
fn native_functions_that_allocate() {
    assert_eq!(run_limited("local t = {} for i = 1, 1e9 do t[i] = coroutine.create(print) end"), EXHAUSTED);
    assert_eq!(run_limited("local t = {} for i = 1, 1e9 do table.insert(t, tostring(i)) end"), EXHAUSTED);
    assert_eq!(run_limited("local t = {} for i = 1, 1e9 do rawset(t, i, i) end"), EXHAUSTED);
}

#[test]
fn string_building() {
    assert_eq!(run_limited("local s = 'x' for i = 1, 100 do s = s .. s end"), EXHAUSTED);
    assert_eq!(run_limited("return string.rep('x', 1e8)"), EXHAUSTED);
    assert_eq!(run_limited("return (string.rep('x', 1e4):gsub('x', string.rep('y', 1e4)))"), EXHAUSTED);
}

#[test]
fn closures() {
    assert_eq!(run_limited("local t = {} for i = 1, 1e9 do t[i] = function() return i end end"), EXHAUSTED);
}

#[test]
fn garbage_alone_never_hits_the_limit() {
    let out = run_limited("for i = 1, 2e5 do local t = {i, tostring(i), coroutine.create(print)} end");
    assert_eq!(out, "true\tnil\n1000\t3\ttrue\n");
}

/// Near the limit, building a concatenation result first collects garbage, which can
/// run a finalizer that changes the pieces: the result is made from the pieces as
/// they are then (the reference reads them after its own collection too), never from
/// lengths measured before.
#[test]
fn concatenation_whose_pieces_a_finalizer_changes() {
    let script = "local t = {}\n\
         for i = 1, 100 do t[i] = string.rep('a', 50) .. i end\n\
         collectgarbage() collectgarbage('stop')\n\
         setmetatable({}, {__gc = function() for i = 1, 100 do t[i] = string.rep('b', 80) end end})\n\
         local junk = {}\n\
         while collectgarbage('count') * 1024 < 2097152 - 4000 do junk = { junk } end\n\
         junk = nil\n\
         local s = table.concat(t)\n\
         print(#s == 5192 or #s == 8000, s:find('[^ab%d]') == nil)\n";
    let out = common::run_chunk(&["--max-memory", "2097152"], script);
    assert_eq!(out.status, Some(0), "{}", out.stderr);
    assert_eq!(out.stdout, "true\ttrue\n");
}
