//! The timing run: for each workload, every contender runs in alternation (A B C, A B C,
//! ...) so that drift of a shared machine hits all of them alike; the first rounds are
//! warm-ups, the rest are measured. A run whose output differs from the reference's,
//! that fails or that times out retires its contender from that workload, which then
//! shows a dash instead of a time.

use std::io;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use crate::contenders::Contender;
use crate::measure::{self, Verdict};
use crate::results::{ContenderResult, WorkloadResult};
use crate::stats;
use crate::workloads::{Size, Workload};

pub struct Plan<'a> {
    pub workloads: &'a [Workload],
    pub contenders: &'a [Contender],
    pub size: Size,
    pub warmups: usize,
    pub runs: usize,
    pub time_limit: Duration,
}

#[derive(Default)]
struct Tally {
    samples: Vec<Duration>,
    peak_rss_bytes: u64,
    failure: Option<String>,
}

fn progress_bar(total_runs: usize) -> ProgressBar {
    let bar = ProgressBar::new(u64::try_from(total_runs).unwrap_or(u64::MAX));
    let style =
        ProgressStyle::with_template("{elapsed_precise} [{bar:32.cyan/blue}] {pos}/{len} runs, eta {eta}  {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
    bar.set_style(style);
    bar
}

pub fn run(plan: &Plan<'_>) -> io::Result<Vec<WorkloadResult>> {
    let rounds = plan.warmups.saturating_add(plan.runs);
    let bar = progress_bar(plan.workloads.len().saturating_mul(plan.contenders.len()).saturating_mul(rounds));
    let mut results = Vec::with_capacity(plan.workloads.len());
    for workload in plan.workloads {
        let expected = workload.expected_output(plan.size)?;
        let mut tallies: Vec<Tally> = plan.contenders.iter().map(|_| Tally::default()).collect();
        for round in 0..rounds {
            for (contender, tally) in plan.contenders.iter().zip(tallies.iter_mut()) {
                bar.set_message(format!("{} / {}", workload.name, contender.name));
                if tally.failure.is_none() {
                    record_run(tally, contender, workload, plan, &expected, round >= plan.warmups);
                }
                bar.inc(1);
            }
        }
        for (contender, tally) in plan.contenders.iter().zip(&tallies) {
            if let Some(failure) = &tally.failure {
                if contender.name == "selenite" {
                    bar.println(format!("selenite failed {}: {failure}", workload.name));
                }
            }
        }
        results.push(WorkloadResult {
            workload: workload.name.clone(),
            results: plan
                .contenders
                .iter()
                .zip(tallies)
                .map(|(contender, tally)| summarize(contender, tally))
                .collect(),
        });
    }
    bar.finish_and_clear();
    Ok(results)
}

fn record_run(
    tally: &mut Tally,
    contender: &Contender,
    workload: &Workload,
    plan: &Plan<'_>,
    expected: &[u8],
    measured: bool,
) {
    match measure::run_once(contender.command(workload, plan.size), expected, plan.time_limit) {
        Err(err) => tally.failure = Some(format!("cannot run {}: {err}", contender.describe())),
        Ok(outcome) if outcome.verdict != Verdict::Correct => tally.failure = Some(outcome.verdict.summary()),
        Ok(outcome) => {
            if measured {
                tally.samples.push(outcome.elapsed);
                tally.peak_rss_bytes = tally.peak_rss_bytes.max(outcome.peak_rss_bytes);
            }
        }
    }
}

fn summarize(contender: &Contender, tally: Tally) -> ContenderResult {
    let succeeded = tally.failure.is_none();
    ContenderResult {
        contender: contender.name.clone(),
        time: if succeeded { stats::spread(&tally.samples) } else { None },
        times_s: tally.samples.iter().map(Duration::as_secs_f64).collect(),
        peak_rss_bytes: (succeeded && !tally.samples.is_empty()).then_some(tally.peak_rss_bytes),
        failure: tally.failure,
    }
}
