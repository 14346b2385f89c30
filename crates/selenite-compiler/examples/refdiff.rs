//! Development tool: compiles each file given with Selenite and with a reference
//! Lua 5.4.9 binary (`LUA_REF`, default `/work/bin/lua5.4.9`, via `string.dump`),
//! and reports the first difference in the prototypes or the error messages.

use selenite_bytecode::{disassemble, undump, Proto};
use std::io::Write;
use std::process::{Command, Stdio};

const DUMP_SCRIPT: &str = "local f, e = load(io.read('a'), NAME) \
    if not f then io.write('E', e) else io.write('B', string.dump(f)) end";

fn reference(lua: &str, src: &[u8], name: &str) -> Result<Proto, String> {
    let mut child = Command::new(lua)
        .args(["-e", &format!("NAME = {name:?}"), "-e", DUMP_SCRIPT])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let _ = child.stdin.take().map(|mut i| i.write_all(src));
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    match out.stdout.split_first() {
        Some((b'B', dump)) => undump(dump, name.as_bytes()),
        Some((b'E', msg)) => Err(String::from_utf8_lossy(msg).into_owned()),
        _ => Err(format!("reference failed: {}", String::from_utf8_lossy(&out.stderr))),
    }
}

fn first_difference(a: &Proto, b: &Proto, path: &str) -> Option<String> {
    let fields: [(&str, bool); 10] = [
        ("line_defined", a.line_defined == b.line_defined),
        ("last_line_defined", a.last_line_defined == b.last_line_defined),
        ("num_params", a.num_params == b.num_params),
        ("is_vararg", a.is_vararg == b.is_vararg),
        ("max_stack", a.max_stack == b.max_stack),
        ("code", a.code == b.code),
        ("constants", a.constants == b.constants),
        ("upvalues", a.upvalues == b.upvalues),
        ("line_info", a.line_info == b.line_info),
        ("local_vars", a.local_vars == b.local_vars),
    ];
    for (name, same) in fields {
        if !same {
            return Some(format!("{path}: {name} differs"));
        }
    }
    if a.protos.len() != b.protos.len() {
        return Some(format!("{path}: number of functions differs"));
    }
    for (i, (x, y)) in a.protos.iter().zip(&b.protos).enumerate() {
        if let Some(d) = first_difference(x, y, &format!("{path}/{i}")) {
            return Some(d);
        }
    }
    None
}

fn find<'a>(p: &'a Proto, path: &str) -> &'a Proto {
    let mut cur = p;
    for part in path.split('/').skip(1) {
        if let Ok(i) = part.parse::<usize>() {
            if let Some(c) = cur.protos.get(i) {
                cur = c;
            }
        }
    }
    cur
}

fn main() {
    let lua = std::env::var("LUA_REF").unwrap_or_else(|_| "/work/bin/lua5.4.9".into());
    let mut failures = 0;
    for file in std::env::args().skip(1) {
        let src = std::fs::read(&file).unwrap_or_default();
        let name = "@test.lua";
        let mine = selenite_compiler::compile(&src, name.as_bytes());
        let theirs = reference(&lua, &src, name);
        let verdict = match (&mine, &theirs) {
            (Ok(a), Ok(b)) => first_difference(a, b, "main").map(|d| {
                let path = d.split(':').next().unwrap_or("main").to_string();
                let mut one = find(a, &path).clone();
                let mut two = find(b, &path).clone();
                one.protos.clear();
                two.protos.clear();
                let (x, y) = (disassemble(&one), disassemble(&two));
                let (xl, yl): (Vec<&str>, Vec<&str>) = (x.lines().collect(), y.lines().collect());
                let at = xl.iter().zip(&yl).skip(2).position(|(p, q)| p != q).map_or(xl.len().min(yl.len()), |i| i + 2);
                let from = at.saturating_sub(4);
                let show = |l: &[&str]| {
                    l.iter().skip(from).take(at + 4 - from).map(|s| format!("  {s}\n")).collect::<String>()
                };
                format!("{d}\n--- selenite\n{}--- reference\n{}", show(&xl), show(&yl))
            }),
            (Err(a), Err(b)) if a.message == *b => None,
            (Err(a), Err(b)) => Some(format!("errors differ:\n  selenite:  {}\n  reference: {}", a.message, b)),
            (Err(a), Ok(_)) => Some(format!("selenite fails: {}", a.message)),
            (Ok(_), Err(b)) => Some(format!("reference fails: {b}")),
        };
        match verdict {
            None => println!("ok   {file}"),
            Some(d) => {
                failures += 1;
                println!("FAIL {file}: {d}");
            }
        }
    }
    std::process::exit(if failures > 0 { 1 } else { 0 });
}
