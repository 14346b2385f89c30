//! The workload catalogue: every `NAME.lua` in the workloads directory, with the output
//! the reference interpreter printed for it at each size (`NAME.expected` for the full
//! size, `NAME.small.expected`, `NAME.tiny.expected`). A workload reads its size as its
//! first script argument, so the same file serves timing, callgrind and the tests.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// How much work a workload does; passed to the script as its first argument.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Size {
    /// Milliseconds: the correctness test in CI.
    Tiny,
    /// Tens of milliseconds: instruction counting under callgrind.
    Small,
    /// 0.3 to 3 seconds in the reference interpreter: timing.
    Full,
}

impl Size {
    pub fn script_argument(self) -> &'static str {
        match self {
            Size::Tiny => "tiny",
            Size::Small => "small",
            Size::Full => "full",
        }
    }

    fn expected_suffix(self) -> &'static str {
        match self {
            Size::Tiny => ".tiny.expected",
            Size::Small => ".small.expected",
            Size::Full => ".expected",
        }
    }
}

impl fmt::Display for Size {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.script_argument())
    }
}

/// One benchmark script.
#[derive(Clone, Debug)]
pub struct Workload {
    pub name: String,
    directory: PathBuf,
}

impl Workload {
    /// The script's file name, relative to [`Workload::directory`] (runs start there so
    /// error messages stay short).
    pub fn script_file_name(&self) -> String {
        format!("{}.lua", self.name)
    }

    pub fn directory(&self) -> &Path {
        &self.directory
    }

    /// What the reference interpreter printed for this workload at `size`.
    pub fn expected_output(&self, size: Size) -> io::Result<Vec<u8>> {
        let path = self.directory.join(format!("{}{}", self.name, size.expected_suffix()));
        fs::read(&path).map_err(|err| io::Error::new(err.kind(), format!("{}: {err}", path.display())))
    }
}

/// All workloads in `directory`, sorted by name.
pub fn discover(directory: &Path) -> io::Result<Vec<Workload>> {
    let entries =
        fs::read_dir(directory).map_err(|err| io::Error::new(err.kind(), format!("{}: {err}", directory.display())))?;
    let mut workloads = Vec::new();
    for entry in entries {
        let path = entry?.path();
        if path.extension().is_some_and(|extension| extension == "lua") {
            if let Some(stem) = path.file_stem().and_then(|stem| stem.to_str()) {
                workloads.push(Workload { name: stem.to_owned(), directory: directory.to_path_buf() });
            }
        }
    }
    workloads.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(workloads)
}

/// The workloads named in `wanted` (all of them when it is empty), in catalogue order;
/// an unknown name is an error listing the known ones.
pub fn select(all: Vec<Workload>, wanted: &[String]) -> Result<Vec<Workload>, String> {
    if wanted.is_empty() {
        return Ok(all);
    }
    for name in wanted {
        let name = name.trim_end_matches(".lua");
        if !all.iter().any(|workload| workload.name == name) {
            let known: Vec<&str> = all.iter().map(|workload| workload.name.as_str()).collect();
            return Err(format!("unknown workload '{name}'; known: {}", known.join(", ")));
        }
    }
    Ok(all
        .into_iter()
        .filter(|workload| wanted.iter().any(|name| name.trim_end_matches(".lua") == workload.name))
        .collect())
}
