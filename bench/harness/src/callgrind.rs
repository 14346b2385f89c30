//! Instruction counts: each workload (at the small size) under `valgrind
//! --tool=callgrind`, for the subject and any peers. Counts are repeatable to the
//! instruction on a busy machine, so they make a regression gate where wall time
//! cannot. With `--branch-sim=yes` callgrind also estimates indirect-branch
//! mispredictions (`Bim`), the main cost of interpreter dispatch.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;
use std::time::Duration;

use indicatif::ProgressBar;

use crate::contenders::Contender;
use crate::measure;
use crate::workloads::{Size, Workload};

/// Event totals of one callgrind run, in the order callgrind lists them.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct EventCounts(pub Vec<(String, u64)>);

impl EventCounts {
    pub fn get(&self, event: &str) -> Option<u64> {
        self.0.iter().find(|(name, _)| name == event).map(|(_, count)| *count)
    }
}

/// Reads the `events:` and `summary:` (or `totals:`) lines of a callgrind output file.
pub fn parse_totals(text: &str) -> Option<EventCounts> {
    let names: Vec<&str> = text.lines().find_map(|line| line.strip_prefix("events:"))?.split_whitespace().collect();
    let totals =
        text.lines().find_map(|line| line.strip_prefix("summary:").or_else(|| line.strip_prefix("totals:")))?;
    let counts: Vec<u64> = totals.split_whitespace().map(str::parse).collect::<Result<_, _>>().ok()?;
    if counts.len() != names.len() {
        return None;
    }
    Some(EventCounts(names.into_iter().map(str::to_owned).zip(counts).collect()))
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct CallgrindResult {
    pub contender: String,
    pub counts: Option<EventCounts>,
    pub failure: Option<String>,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct CallgrindRow {
    pub workload: String,
    pub results: Vec<CallgrindResult>,
}

pub struct CallgrindPlan<'a> {
    pub workloads: &'a [Workload],
    pub contenders: &'a [Contender],
    pub size: Size,
    pub branch_sim: bool,
    pub output_directory: &'a Path,
    pub time_limit: Duration,
}

fn run_one(plan: &CallgrindPlan<'_>, contender: &Contender, workload: &Workload, expected: &[u8]) -> CallgrindResult {
    let out_file = plan.output_directory.join(format!("{}.{}.callgrind.out", workload.name, contender.name));
    let mut tool = vec![
        "valgrind".to_owned(),
        "--tool=callgrind".to_owned(),
        format!("--callgrind-out-file={}", out_file.display()),
    ];
    if plan.branch_sim {
        tool.push("--branch-sim=yes".to_owned());
    }
    let failed =
        |failure: String| CallgrindResult { contender: contender.name.clone(), counts: None, failure: Some(failure) };
    let mut command = contender.command_under(&tool, workload, plan.size);
    // Selenite seeds its string hash per process; a fixed seed makes the counts repeat.
    command.env("SELENITE_HASH_SEED", "0");
    match measure::run_once(command, expected, plan.time_limit) {
        Err(err) => failed(format!("cannot run valgrind: {err}")),
        Ok(outcome) if !outcome.verdict.is_correct() => failed(outcome.verdict.summary()),
        Ok(_) => match fs::read_to_string(&out_file).map(|text| parse_totals(&text)) {
            Ok(Some(counts)) => {
                CallgrindResult { contender: contender.name.clone(), counts: Some(counts), failure: None }
            }
            Ok(None) => failed(format!("no totals in {}", out_file.display())),
            Err(err) => failed(format!("{}: {err}", out_file.display())),
        },
    }
}

pub fn run(plan: &CallgrindPlan<'_>) -> io::Result<Vec<CallgrindRow>> {
    fs::create_dir_all(plan.output_directory)?;
    let bar = ProgressBar::new(u64::try_from(plan.workloads.len().saturating_mul(plan.contenders.len())).unwrap_or(0));
    let mut rows = Vec::new();
    for workload in plan.workloads {
        let expected = workload.expected_output(plan.size)?;
        let mut results = Vec::new();
        for contender in plan.contenders {
            bar.set_message(format!("{} / {}", workload.name, contender.name));
            results.push(run_one(plan, contender, workload, &expected));
            bar.inc(1);
        }
        rows.push(CallgrindRow { workload: workload.name.clone(), results });
    }
    bar.finish_and_clear();
    Ok(rows)
}

fn millions(count: Option<u64>) -> String {
    count.map_or_else(|| "-".to_owned(), |count| format!("{:.1}", count as f64 / 1e6))
}

/// Instructions (and indirect-branch mispredictions when simulated) in millions, with
/// the subject's instruction ratio to each peer.
pub fn table(rows: &[CallgrindRow], contenders: &[Contender], branch_sim: bool) -> String {
    let subject = contenders.first().map_or("", |contender| contender.name.as_str());
    let first = rows.iter().map(|row| row.workload.len()).chain([8]).max().unwrap_or(8) + 2;
    let mut text = format!("instructions executed (Ir), millions; ratio = {subject} / peer\n{:<first$}", "workload");
    for contender in contenders {
        let _ = write!(text, "{:>14}", format!("{} Ir", contender.name));
        if branch_sim {
            let _ = write!(text, "{:>14}", format!("{} Bim", contender.name));
        }
    }
    for contender in contenders.iter().skip(1) {
        let _ = write!(text, "{:>14}", format!("/{}", contender.name));
    }
    text.push('\n');
    for row in rows {
        let _ = write!(text, "{:<first$}", row.workload);
        let counts_of = |name: &str, event: &str| {
            row.results.iter().find(|result| result.contender == name)?.counts.as_ref()?.get(event)
        };
        for contender in contenders {
            let _ = write!(text, "{:>14}", millions(counts_of(&contender.name, "Ir")));
            if branch_sim {
                let _ = write!(text, "{:>14}", millions(counts_of(&contender.name, "Bim")));
            }
        }
        for contender in contenders.iter().skip(1) {
            let ratio = counts_of(subject, "Ir")
                .zip(counts_of(&contender.name, "Ir"))
                .filter(|(_, peer)| *peer > 0)
                .map(|(subject, peer)| subject as f64 / peer as f64);
            let _ = write!(text, "{:>14}", ratio.map_or_else(|| "-".to_owned(), |ratio| format!("{ratio:.2}")));
        }
        text.push('\n');
    }
    for row in rows {
        for result in &row.results {
            if let Some(failure) = &result.failure {
                let _ = writeln!(text, "- {} on {}: {failure}", result.contender, row.workload);
            }
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_callgrind_totals() {
        let text = "version: 1\ncmd: lua fib.lua\nevents: Ir Bc Bcm Bi Bim\nfn=main\n1 2 3\nsummary: 1000 200 30 40 5\ntotals: 1000 200 30 40 5\n";
        let counts = parse_totals(text).unwrap();
        assert_eq!(counts.get("Ir"), Some(1000));
        assert_eq!(counts.get("Bim"), Some(5));
        assert_eq!(counts.get("Dr"), None);
    }

    #[test]
    fn rejects_mismatched_totals() {
        assert_eq!(parse_totals("events: Ir Bc\nsummary: 10\n"), None);
        assert_eq!(parse_totals("summary: 10\n"), None);
    }
}
