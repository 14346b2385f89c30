//! Command-line arguments are bytes: any of them (script arguments, `-e` chunks) may
//! be invalid UTF-8, and Lua sees them unchanged, as the reference does.

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::process::Command;

#[test]
fn script_arguments_and_chunks_keep_their_bytes() {
    let chunk = b"io.write(#arg[1], ' ', arg[1]:byte(1, -1), ' \xff')".to_vec();
    let out = Command::new(env!("CARGO_BIN_EXE_selenite"))
        .arg(OsString::from_vec([b"-e".to_vec(), chunk].concat()))
        .arg("-")
        .arg(OsString::from_vec(b"\xff\xfe".to_vec()))
        .stdin(std::process::Stdio::null())
        .output()
        .expect("the selenite binary runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.stdout, b"2 255 \xff");
}
