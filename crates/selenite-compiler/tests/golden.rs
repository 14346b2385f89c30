//! Golden tests: each `tests/golden/NAME.lua` compiles to exactly the prototype the
//! reference Lua 5.4.9 produces, compared as the disassembly in `NAME.dis`.
//!
//! `UPDATE_GOLDEN=1` regenerates the `.dis` files from the reference itself (its
//! `string.dump` read back with `undump`), so they hold the reference's code, lines,
//! constants, locals and upvalues; the reference binary is `LUA_REF` or
//! `/work/bin/lua5.4.9`.

use selenite_bytecode::{disassemble, undump};
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
            Ok(p) => disassemble(&p),
            Err(e) => e.message,
        };
        if got != expected {
            failures.push(format!("{}:\n{got}", path.display()));
        }
    }
    assert!(failures.is_empty(), "differences from the reference:\n{}", failures.join("\n"));
}
