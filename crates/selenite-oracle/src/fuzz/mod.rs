//! The differential fuzzer: generated programs (`generator`) run in the reference Lua,
//! in process, and in the `selenite` binary, many programs per process; any difference
//! in printed output or error text is a disagreement.
//!
//! Both sides run each program through the same Lua driver ([`DRIVER`]): it loads the
//! program as chunk `prog` with a fresh environment whose `print` appends to a buffer,
//! runs it under `pcall`, and appends `error: MESSAGE` (first line, formatted like the
//! `lua` command's report) when it fails. A program whose reference run exceeds the
//! instruction or memory budget is skipped, so a disagreement is always about a program
//! that terminates quickly in the reference.

pub mod generator;
mod rng;
mod strings;

use crate::expected;
use crate::standalone;
use mlua::{Function, HookTriggers, LuaString, VmState};
use std::cell::Cell;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::rc::Rc;
use std::time::Duration;

/// A chunk returning `run(source) -> output`; shared by the reference and selenite.
pub const DRIVER: &str = r##"return function(source)
  local out = {}
  local env = setmetatable({}, {__index = _G})
  env.print = function(...)
    local n = select("#", ...)
    local parts = {}
    for i = 1, n do parts[i] = tostring((select(i, ...))) end
    out[#out + 1] = table.concat(parts, "\t") .. "\n"
  end
  local chunk, load_error = load(source, "=prog", "t", env)
  if not chunk then return "load error: " .. load_error .. "\n" end
  local ok, err = pcall(chunk)
  if not ok then
    local kind = type(err)
    local message
    if kind == "string" or kind == "number" then
      message = tostring(err)
    else
      local mt = getmetatable(err)
      if type(mt) == "table" and rawget(mt, "__tostring") then
        local shown_ok, shown = pcall(tostring, err)
        if shown_ok and type(shown) == "string" then message = shown end
      end
      message = message or ("(error object is a " .. kind .. " value)")
    end
    out[#out + 1] = "error: " .. message:match("^[^\n]*") .. "\n"
  end
  return table.concat(out)
end
"##;

/// Reference instructions a program may run (checked every 1,000).
const INSTRUCTION_BUDGET_THOUSANDS: u32 = 20_000;
const MEMORY_LIMIT: usize = 256 << 20;
/// How long one selenite process may take for one batch of programs.
const BATCH_TIMEOUT: Duration = Duration::from_secs(120);

/// One generated program that the two implementations ran differently.
#[derive(Debug)]
pub struct Disagreement {
    pub seed: u64,
    pub program: String,
    pub reference: Vec<u8>,
    pub selenite: Vec<u8>,
}

impl Disagreement {
    /// The seed, a diff (`-` reference, `+` selenite) and the program.
    pub fn describe(&self) -> String {
        format!(
            "seed {}: selenite disagrees with the reference\n{}\nprogram:\n{}",
            self.seed,
            expected::diff(&self.reference, &self.selenite),
            self.program
        )
    }
}

/// The result of running a range of seeds.
#[derive(Debug, Default)]
pub struct Summary {
    pub compared: usize,
    pub skipped: usize,
    pub disagreements: Vec<Disagreement>,
}

/// The output of `program` in the reference, or `None` when it ran out of budget.
pub fn run_reference(program: &str) -> mlua::Result<Option<Vec<u8>>> {
    let lua = standalone::new_reference_state()?;
    lua.set_memory_limit(MEMORY_LIMIT)?;
    let exhausted = Rc::new(Cell::new(false));
    let exhausted_in_hook = Rc::clone(&exhausted);
    let thousands = Cell::new(0u32);
    lua.set_hook(HookTriggers::new().every_nth_instruction(1000), move |_, _| {
        thousands.set(thousands.get().saturating_add(1));
        if thousands.get() > INSTRUCTION_BUDGET_THOUSANDS {
            exhausted_in_hook.set(true);
            return Err(mlua::Error::runtime("instruction budget exhausted"));
        }
        Ok(VmState::Continue)
    })?;
    let run: Function = lua.load(DRIVER).set_name("=driver").eval()?;
    let output = run.call::<LuaString>(program);
    if exhausted.get() {
        return Ok(None);
    }
    let output = output?.as_bytes().to_vec();
    if contains(&output, b"not enough memory") {
        return Ok(None);
    }
    Ok(Some(output))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A Lua string literal for any bytes.
fn lua_literal(bytes: &[u8]) -> String {
    let mut literal = String::with_capacity(bytes.len() + 2);
    literal.push('"');
    for &byte in bytes {
        match byte {
            b'"' => literal.push_str("\\\""),
            b'\\' => literal.push_str("\\\\"),
            b'\n' => literal.push_str("\\n"),
            0x20..=0x7e => literal.push(char::from(byte)),
            _ => literal.push_str(&format!("\\{byte:03}")),
        }
    }
    literal.push('"');
    literal
}

/// One script that runs every program through the driver and writes, for each, its
/// output length in decimal, a newline, and the output.
fn batch_script(programs: &[&str]) -> String {
    let mut script = String::from("local run = (function()\n");
    script.push_str(DRIVER);
    script.push_str("end)()\nlocal programs = {\n");
    for program in programs {
        script.push_str(&lua_literal(program.as_bytes()));
        script.push_str(",\n");
    }
    script.push_str(
        "}\nfor i = 1, #programs do\n  local result = run(programs[i])\n  io.write(#result, \"\\n\", result)\nend\n",
    );
    script
}

/// Splits a batch's stdout into the outputs of the programs that completed.
fn parse_batch_output(mut stdout: &[u8]) -> Vec<Vec<u8>> {
    let mut outputs = Vec::new();
    while let Some(newline) = stdout.iter().position(|&b| b == b'\n') {
        let (header, rest) = stdout.split_at(newline);
        let Some(length) = std::str::from_utf8(header).ok().and_then(|s| s.parse::<usize>().ok()) else {
            break;
        };
        let Some((output, remaining)) = rest.get(1..).and_then(|r| r.split_at_checked(length)) else {
            break;
        };
        outputs.push(output.to_vec());
        stdout = remaining;
    }
    outputs
}

/// Runs `programs` in one selenite process; returns the outputs of those that
/// completed (a prefix) and a description of what stopped the process early.
fn run_selenite_batch(selenite: &Path, programs: &[&str]) -> std::io::Result<(Vec<Vec<u8>>, String)> {
    let mut command = Command::new(selenite);
    command.arg("-");
    let outcome = expected::run_with_timeout(&mut command, batch_script(programs).as_bytes(), BATCH_TIMEOUT)?;
    let outputs = parse_batch_output(&outcome.stdout);
    let stderr = String::from_utf8_lossy(&outcome.stderr);
    let stop = if outcome.timed_out {
        format!("selenite timed out after {BATCH_TIMEOUT:?}")
    } else {
        format!("selenite stopped (status {:?}): {}", outcome.status, stderr.lines().next().unwrap_or(""))
    };
    Ok((outputs, stop))
}

/// The selenite binary to test: `SELENITE_BIN`, else `selenite` beside this executable.
pub fn default_selenite() -> PathBuf {
    if let Some(path) = std::env::var_os("SELENITE_BIN") {
        return PathBuf::from(path);
    }
    let own = std::env::current_exe().unwrap_or_default();
    own.parent().map(|dir| dir.join("selenite")).unwrap_or_else(|| PathBuf::from("selenite"))
}

/// Generates and compares the programs of `seeds`, `batch_size` per selenite process.
pub fn run_campaign(selenite: &Path, seeds: Range<u64>, batch_size: usize) -> Result<Summary, String> {
    let mut summary = Summary::default();
    let mut pending: Vec<(u64, String, Vec<u8>)> = Vec::new();
    for seed in seeds {
        let program = generator::generate(seed);
        match run_reference(&program) {
            Ok(Some(output)) => pending.push((seed, program, output)),
            Ok(None) => summary.skipped += 1,
            Err(e) => return Err(format!("seed {seed}: the reference failed: {e}")),
        }
    }
    let mut start = 0;
    while start < pending.len() {
        let end = pending.len().min(start + batch_size.max(1));
        let batch = pending.get(start..end).unwrap_or_default();
        let sources: Vec<&str> = batch.iter().map(|(_, program, _)| program.as_str()).collect();
        let (outputs, stop) =
            run_selenite_batch(selenite, &sources).map_err(|e| format!("cannot run {}: {e}", selenite.display()))?;
        for ((seed, program, reference), output) in batch.iter().zip(&outputs) {
            summary.compared += 1;
            if reference != output {
                summary.disagreements.push(Disagreement {
                    seed: *seed,
                    program: program.clone(),
                    reference: reference.clone(),
                    selenite: output.clone(),
                });
            }
        }
        start += outputs.len();
        if start < end {
            // The process stopped inside this program: blame it and go on after it.
            if let Some((seed, program, reference)) = pending.get(start) {
                summary.compared += 1;
                summary.disagreements.push(Disagreement {
                    seed: *seed,
                    program: program.clone(),
                    reference: reference.clone(),
                    selenite: format!("{stop}\n").into_bytes(),
                });
            }
            start += 1;
        }
    }
    Ok(summary)
}

/// Writes a disagreement as `tests/fuzz/seed_N.lua` with its expected output from the
/// reference (run as a script, so its text follows the usual expected-file format).
pub fn save_as_test(disagreement: &Disagreement, reference_interpreter: &[String]) -> std::io::Result<PathBuf> {
    let folder = expected::tests_root().join("fuzz");
    std::fs::create_dir_all(&folder)?;
    let script = folder.join(format!("seed_{}.lua", disagreement.seed));
    let text = format!(
        "-- fuzz seed {}: a generated program on which selenite and the reference disagreed\n{}",
        disagreement.seed, disagreement.program
    );
    std::fs::write(&script, text)?;
    let outcome = expected::run_script(reference_interpreter, &script, expected::SCRIPT_TIMEOUT)?;
    std::fs::write(expected::expected_path(&script), expected::expected_text(&outcome))?;
    Ok(script)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_always_gives_the_same_program() {
        assert_eq!(generator::generate(42), generator::generate(42));
        assert_ne!(generator::generate(42), generator::generate(43));
    }

    #[test]
    fn lua_literals_read_back_as_the_same_bytes() {
        let bytes: Vec<u8> = (0..=255).collect();
        let lua = standalone::new_reference_state().expect("reference state");
        let back: LuaString = lua.load(format!("return {}", lua_literal(&bytes))).eval().expect("literal loads");
        assert_eq!(back.as_bytes().to_vec(), bytes);
    }

    #[test]
    fn batch_output_stops_at_the_first_incomplete_program() {
        assert_eq!(parse_batch_output(b"2\nab0\n3\nxyz"), vec![b"ab".to_vec(), Vec::new(), b"xyz".to_vec()]);
        assert_eq!(parse_batch_output(b"1\na5\nabc"), vec![b"a".to_vec()]);
        assert_eq!(parse_batch_output(b"garbage\n"), Vec::<Vec<u8>>::new());
    }

    #[test]
    fn the_driver_reports_output_and_errors_like_the_lua_command() {
        let output = run_reference("print(1, 'a', nil) error('boom')").expect("reference runs");
        assert_eq!(output.as_deref(), Some(&b"1\ta\tnil\nerror: prog:1: boom\n"[..]));
        let table_error = run_reference("error({})").expect("reference runs");
        assert_eq!(table_error.as_deref(), Some(&b"error: (error object is a table value)\n"[..]));
        let shown = run_reference("error(setmetatable({}, {__tostring = function() return 'T' end}))");
        assert_eq!(shown.expect("reference runs").as_deref(), Some(&b"error: T\n"[..]));
    }

    #[test]
    fn programs_over_budget_are_skipped() {
        assert_eq!(run_reference("while true do end").expect("reference runs"), None);
    }

    #[test]
    fn generated_programs_load_and_terminate_in_the_reference() {
        for seed in 0..1000 {
            let output = run_reference(&generator::generate(seed)).expect("reference runs");
            let output = output.unwrap_or_else(|| panic!("seed {seed} ran over budget"));
            assert!(!output.starts_with(b"load error"), "seed {seed}: {}", String::from_utf8_lossy(&output));
        }
    }
}
