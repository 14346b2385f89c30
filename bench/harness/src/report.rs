//! The timing run as text tables: median wall time per workload and contender with the
//! subject's ratio to each peer, the same for peak memory, and a closing summary of
//! geometric means set against the targets of `PERFORMANCE.md`. A contender that could
//! not run a workload shows a dash.

use std::fmt::Write;

use crate::results::{ContenderResult, TimingReport, WorkloadResult};

/// The targets of PERFORMANCE.md: (peer, geometric-mean ratio at most, every ratio at most).
const TARGETS: [(&str, f64, Option<f64>); 3] =
    [("lua54", 0.6, Some(1.0)), ("luajit-joff", 1.0, None), ("luau", 1.0, None)];

const MIB: f64 = 1024.0 * 1024.0;

fn workload_column_width(report: &TimingReport) -> usize {
    report.workloads.iter().map(|workload| workload.workload.len()).chain([8]).max().unwrap_or(8) + 2
}

fn column_width(report: &TimingReport) -> usize {
    report.contenders.iter().map(|contender| contender.name.len()).chain([15]).max().unwrap_or(15) + 2
}

fn result_for<'a>(workload: &'a WorkloadResult, contender: &str) -> Option<&'a ContenderResult> {
    workload.results.iter().find(|result| result.contender == contender)
}

fn header(report: &TimingReport, title: &str) -> String {
    let first = workload_column_width(report);
    let width = column_width(report);
    let mut line = format!("{title:<first$}");
    for contender in &report.contenders {
        let _ = write!(line, "{:>width$}", contender.name);
    }
    line
}

fn format_ratio(ratio: Option<f64>) -> String {
    ratio.map_or_else(String::new, |ratio| format!(" ({ratio:.2})"))
}

/// Median seconds per cell, with the subject's ratio to the peer in parentheses.
pub fn time_table(report: &TimingReport) -> String {
    let first = workload_column_width(report);
    let width = column_width(report);
    let mut text = format!(
        "median wall time in seconds over {} runs (in parentheses: {}'s time / the peer's; below 1 = {} faster)\n",
        report.runs, report.subject, report.subject
    );
    text.push_str(&header(report, "workload"));
    text.push('\n');
    for workload in &report.workloads {
        let mut line = format!("{:<first$}", workload.workload);
        for (index, contender) in report.contenders.iter().enumerate() {
            let cell = match result_for(workload, &contender.name).and_then(ContenderResult::median_s) {
                None => "-".to_owned(),
                Some(seconds) if index == 0 => format!("{seconds:.3}"),
                Some(seconds) => format!("{seconds:.3}{}", format_ratio(workload.time_ratio(&contender.name))),
            };
            let _ = write!(line, "{cell:>width$}");
        }
        text.push_str(&line);
        text.push('\n');
    }
    let mut line = format!("{:<first$}{:>width$}", "geomean", "");
    for summary in &report.summaries {
        let cell = summary.geometric_mean_time_ratio.map_or_else(|| "-".to_owned(), |ratio| format!("({ratio:.2})"));
        let _ = write!(line, "{cell:>width$}");
    }
    text.push_str(&line);
    text.push('\n');
    text
}

/// Peak resident set size in MiB per cell, with the subject's ratio to the peer.
pub fn memory_table(report: &TimingReport) -> String {
    let first = workload_column_width(report);
    let width = column_width(report);
    let mut text = format!("peak memory (max RSS) in MiB (in parentheses: {}'s / the peer's)\n", report.subject);
    text.push_str(&header(report, "workload"));
    text.push('\n');
    for workload in &report.workloads {
        let mut line = format!("{:<first$}", workload.workload);
        for (index, contender) in report.contenders.iter().enumerate() {
            let cell = match result_for(workload, &contender.name).and_then(|result| result.peak_rss_bytes) {
                None => "-".to_owned(),
                Some(bytes) if index == 0 => format!("{:.1}", bytes as f64 / MIB),
                Some(bytes) => {
                    format!("{:.1}{}", bytes as f64 / MIB, format_ratio(workload.memory_ratio(&contender.name)))
                }
            };
            let _ = write!(line, "{cell:>width$}");
        }
        text.push_str(&line);
        text.push('\n');
    }
    let mut line = format!("{:<first$}{:>width$}", "geomean", "");
    for summary in &report.summaries {
        let cell = summary.geometric_mean_memory_ratio.map_or_else(|| "-".to_owned(), |ratio| format!("({ratio:.2})"));
        let _ = write!(line, "{cell:>width$}");
    }
    text.push_str(&line);
    text.push('\n');
    text
}

/// One line per peer: geometric mean and worst ratio, with the target where one is set.
pub fn summary(report: &TimingReport) -> String {
    let mut text = String::new();
    for summary in &report.summaries {
        let _ = write!(text, "{} vs {}: ", report.subject, summary.peer);
        match summary.geometric_mean_time_ratio {
            None => text.push_str("no workload compared"),
            Some(mean) => {
                let _ = write!(text, "geomean time ratio {mean:.2} over {} workloads", summary.workloads_compared);
            }
        }
        if let Some((workload, worst)) = &summary.worst_time_ratio {
            let _ = write!(text, ", worst {worst:.2} ({workload})");
        }
        if report.subject == "selenite" {
            if let Some((_, mean_target, worst_target)) = TARGETS.iter().find(|(peer, _, _)| *peer == summary.peer) {
                let _ = write!(text, "; target geomean <= {mean_target}");
                if let Some(worst_target) = worst_target {
                    let _ = write!(text, ", every workload <= {worst_target}");
                }
            }
        }
        text.push('\n');
    }
    for workload in &report.workloads {
        for result in &workload.results {
            if let Some(failure) = &result.failure {
                let _ = writeln!(text, "- {} on {}: {failure}", result.contender, workload.workload);
            }
        }
    }
    text
}
