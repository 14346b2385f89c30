//! The interactive loop: reads lines with editing and history (`rustyline`), runs
//! each as an expression whose values are printed or as a statement, and continues
//! incomplete chunks on `>>` lines, like the reference `lua`.

use selenite_vm::{Value, Vm};

pub fn run(vm: &mut Vm) {
    let Ok(mut editor) = rustyline::DefaultEditor::new() else {
        crate::report(vm, "cannot start the line editor");
        return;
    };
    while let Some(mut chunk) = read_line(&mut editor, "> ") {
        loop {
            match compile_line(vm, &chunk) {
                Ok(f) => {
                    let _ = editor.add_history_entry(chunk.as_str());
                    if let Some(results) = crate::protected_call(vm, f, &[]) {
                        print_results(vm, &results);
                    }
                    let _ = selenite_stdlib::output::flush_stdout(vm);
                    break;
                }
                Err(msg) if msg.ends_with("<eof>") => match read_line(&mut editor, ">> ") {
                    Some(more) => {
                        chunk.push('\n');
                        chunk.push_str(&more);
                    }
                    None => return,
                },
                Err(msg) => {
                    let _ = editor.add_history_entry(chunk.as_str());
                    crate::report(vm, &msg);
                    break;
                }
            }
        }
    }
    println!();
}

fn read_line(editor: &mut rustyline::DefaultEditor, prompt: &str) -> Option<String> {
    editor.readline(prompt).ok()
}

/// Tries `return <line>` first so expressions print their values.
fn compile_line(vm: &mut Vm, line: &str) -> Result<Value, String> {
    let as_expr = format!("return {line}");
    if let Ok(f) = selenite_stdlib::base::load_chunk(vm, as_expr.as_bytes(), b"=stdin", b"t") {
        return Ok(f);
    }
    selenite_stdlib::base::load_chunk(vm, line.as_bytes(), b"=stdin", b"t")
}

fn print_results(vm: &mut Vm, results: &[Value]) {
    if results.is_empty() {
        return;
    }
    let print = vm.get_global("print");
    if crate::protected_call(vm, print, results).is_none() {
        crate::report(vm, "error calling 'print'");
    }
    let _ = selenite_stdlib::output::flush_stdout(vm);
}
