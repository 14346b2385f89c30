//! The interpreters a run compares: Selenite and its peers. A contender is a program
//! plus the arguments that go before the script (`peer-luajit -joff`), so one binary
//! can stand for several peers. The default peers are the binaries that
//! `bench/build-peers.sh` leaves in `bench/bin`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::workloads::{Size, Workload};

#[derive(Clone, Debug, serde::Serialize)]
pub struct Contender {
    pub name: String,
    pub program: PathBuf,
    pub leading_args: Vec<String>,
}

impl Contender {
    pub fn new(name: &str, program: PathBuf, leading_args: &[&str]) -> Self {
        Contender {
            name: name.to_owned(),
            program,
            leading_args: leading_args.iter().map(|arg| (*arg).to_owned()).collect(),
        }
    }

    /// Parses `NAME=PROGRAM [ARGS...]` (arguments split at whitespace, no quoting).
    pub fn parse(spec: &str) -> Result<Self, String> {
        let (name, command) =
            spec.split_once('=').ok_or_else(|| format!("peer '{spec}' is not of the form NAME=COMMAND"))?;
        let mut words = command.split_whitespace();
        let program = words.next().ok_or_else(|| format!("peer '{name}' has an empty command"))?;
        if name.is_empty() {
            return Err(format!("peer '{spec}' has an empty name"));
        }
        Ok(Contender {
            name: name.to_owned(),
            program: PathBuf::from(program),
            leading_args: words.map(str::to_owned).collect(),
        })
    }

    /// The command that runs `workload` at `size`, started in the workload directory.
    pub fn command(&self, workload: &Workload, size: Size) -> Command {
        let mut command = Command::new(&self.program);
        command.args(&self.leading_args).arg(workload.script_file_name()).arg(size.script_argument());
        command.current_dir(workload.directory());
        command
    }

    /// The command that runs `workload` at `size` under `tool` (e.g. `valgrind
    /// --tool=callgrind ...`), started in the workload directory.
    pub fn command_under(&self, tool: &[String], workload: &Workload, size: Size) -> Command {
        let plain = self.command(workload, size);
        let Some((tool_program, tool_args)) = tool.split_first() else { return plain };
        let mut command = Command::new(tool_program);
        command.args(tool_args).arg(&self.program).args(plain.get_args());
        command.current_dir(workload.directory());
        command
    }

    /// The command line as text, for reports.
    pub fn describe(&self) -> String {
        let mut words = vec![self.program.display().to_string()];
        words.extend(self.leading_args.iter().cloned());
        words.join(" ")
    }
}

/// The peers whose binaries exist in `bin_dir`, and a note for each that is missing.
pub fn default_peers(bin_dir: &Path) -> (Vec<Contender>, Vec<String>) {
    let candidates = [
        ("lua54", "peer-lua54", &[][..]),
        ("luajit-joff", "peer-luajit", &["-joff"][..]),
        ("luajit", "peer-luajit", &[][..]),
        ("luau", "peer-luau", &[][..]),
        ("dellingr", "peer-dellingr", &[][..]),
    ];
    let mut found = Vec::new();
    let mut missing = Vec::new();
    for (name, binary, leading_args) in candidates {
        let program = bin_dir.join(binary);
        if program.is_file() {
            found.push(Contender::new(name, program, leading_args));
        } else {
            missing.push(format!("{name} ({} not found; run bench/build-peers.sh)", program.display()));
        }
    }
    (found, missing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_peer_with_leading_arguments() {
        let contender = Contender::parse("jit-off=/opt/luajit -joff -O3").unwrap();
        assert_eq!(contender.name, "jit-off");
        assert_eq!(contender.program, PathBuf::from("/opt/luajit"));
        assert_eq!(contender.leading_args, vec!["-joff", "-O3"]);
        assert_eq!(contender.describe(), "/opt/luajit -joff -O3");
    }

    #[test]
    fn rejects_malformed_peers() {
        assert!(Contender::parse("luajit").is_err());
        assert!(Contender::parse("luajit=").is_err());
        assert!(Contender::parse("=/usr/bin/lua").is_err());
    }
}
