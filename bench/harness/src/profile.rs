//! Where the subject's time goes on one workload. With `perf` (when `perf record`
//! works on this machine) it samples the full-size run with DWARF call graphs, folds
//! the stacks with inferno, prints the functions with the most samples (self and
//! inclusive) and writes an inferno flame graph. Without perf it runs callgrind on the
//! small size and prints `callgrind_annotate`'s exclusive and inclusive tables.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use inferno::collapse::perf::Folder;
use inferno::collapse::Collapse;

use crate::contenders::Contender;
use crate::measure;
use crate::workloads::{Size, Workload};

/// How many functions the printed tables list.
const TOP_FUNCTIONS: usize = 30;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Profiler {
    /// perf when it works here, callgrind otherwise.
    Auto,
    Perf,
    Callgrind,
}

pub struct ProfileRequest<'a> {
    pub workload: &'a Workload,
    pub subject: &'a Contender,
    pub profiler: Profiler,
    /// The size to profile; `None` picks full for perf and small for callgrind.
    pub size: Option<Size>,
    pub output_directory: &'a Path,
    pub time_limit: Duration,
}

/// Whether `perf record` can sample here (it may lack permission or kernel support).
pub fn perf_works(scratch_directory: &Path) -> bool {
    let probe = scratch_directory.join("perf-probe.data");
    let works = Command::new("perf")
        .args(["record", "-q", "-o"])
        .arg(&probe)
        .args(["--", "true"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    let _ = fs::remove_file(&probe);
    works
}

/// Runs the profile and returns the text to print.
pub fn run(request: &ProfileRequest<'_>) -> io::Result<String> {
    fs::create_dir_all(request.output_directory)?;
    let use_perf = match request.profiler {
        Profiler::Perf => true,
        Profiler::Callgrind => false,
        Profiler::Auto => perf_works(request.output_directory),
    };
    if use_perf {
        profile_with_perf(request, request.size.unwrap_or(Size::Full))
    } else {
        profile_with_callgrind(request, request.size.unwrap_or(Size::Small))
    }
}

fn checked_run(request: &ProfileRequest<'_>, tool: &[String], size: Size) -> io::Result<()> {
    let expected = request.workload.expected_output(size)?;
    let command = request.subject.command_under(tool, request.workload, size);
    let outcome = measure::run_once(command, &expected, request.time_limit)?;
    if outcome.verdict.is_correct() {
        Ok(())
    } else {
        Err(io::Error::other(format!("profiled run of {}: {}", request.workload.name, outcome.verdict.summary())))
    }
}

fn command_output(command: &mut Command) -> io::Result<Vec<u8>> {
    let output = command.stderr(Stdio::inherit()).output()?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        Err(io::Error::other(format!("{command:?} failed with {}", output.status)))
    }
}

fn profile_with_perf(request: &ProfileRequest<'_>, size: Size) -> io::Result<String> {
    let name = &request.workload.name;
    let data = request.output_directory.join(format!("{name}.perf.data"));
    let tool: Vec<String> = ["perf", "record", "-q", "-F", "999", "--call-graph", "dwarf,16384", "-o"]
        .iter()
        .map(|word| (*word).to_owned())
        .chain([data.display().to_string(), "--".to_owned()])
        .collect();
    checked_run(request, &tool, size)?;

    let script = command_output(Command::new("perf").arg("script").arg("-i").arg(&data))?;
    let mut folded = Vec::new();
    Folder::default().collapse(script.as_slice(), &mut folded)?;
    let folded = String::from_utf8_lossy(&folded).into_owned();

    let flamegraph_path = request.output_directory.join(format!("{name}.flamegraph.svg"));
    let mut options = inferno::flamegraph::Options::default();
    options.title = format!("{} {name}.lua {size}", request.subject.name);
    let mut svg = Vec::new();
    inferno::flamegraph::from_lines(&mut options, folded.lines(), &mut svg)?;
    fs::write(&flamegraph_path, svg)?;

    let mut text = format!("perf profile of {} on {name} ({size}), data in {}\n", request.subject.name, data.display());
    text.push_str(&top_functions(&folded));
    let _ = writeln!(text, "flame graph: {}", flamegraph_path.display());
    Ok(text)
}

/// Samples per function from folded stacks (`a;b;c count`): self counts the leaf frame,
/// inclusive counts every function present in the stack once.
pub fn top_functions(folded: &str) -> String {
    let mut self_samples: HashMap<&str, u64> = HashMap::new();
    let mut inclusive_samples: HashMap<&str, u64> = HashMap::new();
    let mut total: u64 = 0;
    for line in folded.lines() {
        let Some((stack, count)) = line.rsplit_once(' ') else { continue };
        let Ok(count) = count.parse::<u64>() else { continue };
        total = total.saturating_add(count);
        let frames: Vec<&str> = stack.split(';').collect();
        if let Some(leaf) = frames.last() {
            let entry = self_samples.entry(leaf).or_default();
            *entry = entry.saturating_add(count);
        }
        let distinct: BTreeSet<&str> = frames.into_iter().collect();
        for frame in distinct {
            let entry = inclusive_samples.entry(frame).or_default();
            *entry = entry.saturating_add(count);
        }
    }
    let percent = |count: u64| if total == 0 { 0.0 } else { count as f64 * 100.0 / total as f64 };
    let mut by_self: Vec<(&str, u64)> = self_samples.into_iter().collect();
    by_self.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut text = format!("{total} samples\n  self%  incl%  function\n");
    for (function, count) in by_self.into_iter().take(TOP_FUNCTIONS) {
        let inclusive = inclusive_samples.get(function).copied().unwrap_or(count);
        let _ = writeln!(text, "{:>6.1} {:>6.1}  {function}", percent(count), percent(inclusive));
    }
    text
}

fn profile_with_callgrind(request: &ProfileRequest<'_>, size: Size) -> io::Result<String> {
    let name = &request.workload.name;
    let out_file: PathBuf = request.output_directory.join(format!("{name}.profile.callgrind.out"));
    let tool = vec![
        "valgrind".to_owned(),
        "--tool=callgrind".to_owned(),
        format!("--callgrind-out-file={}", out_file.display()),
    ];
    checked_run(request, &tool, size)?;
    let mut text =
        format!("callgrind profile of {} on {name} ({size}), data in {}\n", request.subject.name, out_file.display());
    for inclusive in ["no", "yes"] {
        let annotated =
            command_output(Command::new("callgrind_annotate").arg(format!("--inclusive={inclusive}")).arg(&out_file))?;
        let annotated = String::from_utf8_lossy(&annotated);
        let heading = if inclusive == "no" { "exclusive" } else { "inclusive" };
        let _ = writeln!(text, "\n== {heading} instruction counts");
        for line in
            annotated.lines().skip_while(|line| !line.contains("file:function")).take(TOP_FUNCTIONS.saturating_add(2))
        {
            text.push_str(line);
            text.push('\n');
        }
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_self_and_inclusive_samples() {
        let folded = "main;run;add 30\nmain;run 10\nmain;run;run;add 60\n";
        let text = top_functions(folded);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.first(), Some(&"100 samples"));
        assert_eq!(
            lines.get(2).map(|line| line.split_whitespace().collect::<Vec<_>>()),
            Some(vec!["90.0", "90.0", "add"])
        );
        assert_eq!(
            lines.get(3).map(|line| line.split_whitespace().collect::<Vec<_>>()),
            Some(vec!["10.0", "100.0", "run"])
        );
    }
}
