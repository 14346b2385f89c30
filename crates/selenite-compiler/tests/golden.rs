//! Golden tests: each `tests/golden/NAME.lua` compiles to exactly the prototype the
//! reference Lua 5.4.9 produces, compared as the disassembly in `NAME.dis`, once
//! Selenite's own opcodes are written as the Lua opcodes they stand for (as
//! `string.dump` writes them); a second test checks where those opcodes are used.
//!
//! `UPDATE_GOLDEN=1` regenerates the `.dis` files from the reference itself (its
//! `string.dump` read back with `undump`), so they hold the reference's code, lines,
//! constants, locals and upvalues; the reference binary is `LUA_REF` or
//! `/work/bin/lua5.4.9`.

use selenite_bytecode::{disassemble, dump, undump, OpCode, Proto};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const CHUNK_NAME: &str = "@golden.lua";

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn reference_listing(src: &[u8]) -> String {
    let lua = std::env::var("LUA_REF").unwrap_or_else(|_| "/work/bin/lua5.4.9".into());
    let script = format!("io.write(string.dump(assert(load(io.read('a'), {CHUNK_NAME:?}))))");
    let mut child = Command::new(&lua)
        .args(["-e", &script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("run the reference interpreter");
    child.stdin.take().expect("stdin").write_all(src).expect("write source");
    let out = child.wait_with_output().expect("reference output");
    let proto = undump(&out.stdout, CHUNK_NAME.as_bytes()).expect("reference dump");
    disassemble(&proto)
}

/// `p` as `string.dump` writes it.
fn portable(p: &Proto) -> Proto {
    undump(&dump(p, false), CHUNK_NAME.as_bytes()).expect("a compiled chunk loads back")
}

#[test]
fn golden_disassembly() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut sources: Vec<PathBuf> = std::fs::read_dir(golden_dir())
        .expect("golden directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "lua"))
        .collect();
    sources.sort();
    assert!(!sources.is_empty());
    let mut failures = Vec::new();
    for path in sources {
        let src = std::fs::read(&path).expect("read source");
        let expected_path = path.with_extension("dis");
        if update {
            std::fs::write(&expected_path, reference_listing(&src)).expect("write golden file");
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        let got = match selenite_compiler::compile(&src, CHUNK_NAME.as_bytes()) {
            Ok(p) => disassemble(&portable(&p)),
            Err(e) => e.message,
        };
        if got != expected {
            failures.push(format!("{}:\n{got}", path.display()));
        }
    }
    assert!(failures.is_empty(), "differences from the reference:\n{}", failures.join("\n"));
}

/// The functions of `own_name.lua`, in order of definition, that read their own
/// variable with `GETSELF`: those whose `local function` variable nothing assigns.
#[test]
fn own_name_reads_are_getself_where_nothing_assigns_the_name() {
    let src = std::fs::read(golden_dir().join("own_name.lua")).expect("read source");
    let main = selenite_compiler::compile(&src, CHUNK_NAME.as_bytes()).expect("compiles");
    let uses = |p: &Proto, op: OpCode| p.code.iter().filter(|i| i.opcode() == Some(op)).count();
    let functions: Vec<(usize, usize)> =
        main.protos.iter().map(|p| (uses(p, OpCode::GetSelf), uses(p, OpCode::GetUpval))).collect();
    // countdown, varargs, reassigned, redefined, redefined (the statement),
    // set_inside, set_later, setter, outer
    assert_eq!(functions, [(2, 0), (1, 0), (0, 1), (0, 1), (0, 0), (0, 0), (0, 1), (0, 0), (0, 0)]);
    // `inner` reads `outer` through an upvalue of an upvalue, and itself directly.
    let inner = &main.protos[8].protos[0];
    assert_eq!((uses(inner, OpCode::GetSelf), uses(inner, OpCode::GetUpval)), (1, 1));
    assert_eq!(uses(&main, OpCode::GetSelf), 0);
}
