//! The results of a timing run, as kept in `bench/results/latest.json` and read by the
//! table and chart renderers. The first contender is the subject (Selenite when its
//! binary exists); every ratio is the subject's figure divided by a peer's, so a ratio
//! below 1 means the subject is faster or smaller.

use std::fs;
use std::io;
use std::path::Path;

use crate::contenders::Contender;
use crate::stats::{self, Spread};
use crate::workloads::Size;

#[derive(Clone, Debug, serde::Serialize)]
pub struct ContenderResult {
    pub contender: String,
    /// Median and spread of the measured runs; absent when the contender failed.
    pub time: Option<Spread>,
    pub times_s: Vec<f64>,
    /// The largest peak resident set size over the measured runs.
    pub peak_rss_bytes: Option<u64>,
    /// Why the contender has no time for this workload (wrong output, error, timeout).
    pub failure: Option<String>,
}

impl ContenderResult {
    pub fn median_s(&self) -> Option<f64> {
        self.time.map(|time| time.median_s)
    }
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct WorkloadResult {
    pub workload: String,
    /// In contender order, the subject first.
    pub results: Vec<ContenderResult>,
}

impl WorkloadResult {
    fn subject(&self) -> Option<&ContenderResult> {
        self.results.first()
    }

    /// The subject's median time divided by `peer`'s, when both have one.
    pub fn time_ratio(&self, peer: &str) -> Option<f64> {
        let subject = self.subject()?.median_s()?;
        let peer = self.results.iter().find(|result| result.contender == peer)?.median_s()?;
        (peer > 0.0).then(|| subject / peer)
    }

    /// The subject's peak memory divided by `peer`'s, when both have one.
    pub fn memory_ratio(&self, peer: &str) -> Option<f64> {
        let subject = self.subject()?.peak_rss_bytes?;
        let peer = self.results.iter().find(|result| result.contender == peer)?.peak_rss_bytes?;
        (peer > 0).then(|| subject as f64 / peer as f64)
    }
}

/// How the subject compares with one peer over the whole suite.
#[derive(Clone, Debug, serde::Serialize)]
pub struct PeerSummary {
    pub peer: String,
    pub workloads_compared: usize,
    pub geometric_mean_time_ratio: Option<f64>,
    pub worst_time_ratio: Option<(String, f64)>,
    pub geometric_mean_memory_ratio: Option<f64>,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct TimingReport {
    pub harness: &'static str,
    pub unix_time_s: u64,
    pub size: Size,
    pub warmups: usize,
    pub runs: usize,
    pub subject: String,
    pub contenders: Vec<Contender>,
    pub workloads: Vec<WorkloadResult>,
    pub summaries: Vec<PeerSummary>,
}

impl TimingReport {
    pub fn new(
        size: Size,
        warmups: usize,
        runs: usize,
        contenders: Vec<Contender>,
        workloads: Vec<WorkloadResult>,
    ) -> Self {
        let subject = contenders.first().map(|contender| contender.name.clone()).unwrap_or_default();
        let summaries = contenders.iter().skip(1).map(|peer| summarize(&workloads, &peer.name)).collect();
        let unix_time_s = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|since| since.as_secs())
            .unwrap_or(0);
        TimingReport {
            harness: "selenite-bench",
            unix_time_s,
            size,
            warmups,
            runs,
            subject,
            contenders,
            workloads,
            summaries,
        }
    }

    pub fn write_json(&self, path: &Path) -> io::Result<()> {
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        let text = serde_json::to_string_pretty(self).map_err(io::Error::other)?;
        fs::write(path, text + "\n")
    }
}

fn summarize(workloads: &[WorkloadResult], peer: &str) -> PeerSummary {
    let time_ratios: Vec<(String, f64)> = workloads
        .iter()
        .filter_map(|workload| workload.time_ratio(peer).map(|ratio| (workload.workload.clone(), ratio)))
        .collect();
    let memory_ratios: Vec<f64> = workloads.iter().filter_map(|workload| workload.memory_ratio(peer)).collect();
    let plain_ratios: Vec<f64> = time_ratios.iter().map(|(_, ratio)| *ratio).collect();
    PeerSummary {
        peer: peer.to_owned(),
        workloads_compared: time_ratios.len(),
        geometric_mean_time_ratio: stats::geometric_mean(&plain_ratios),
        worst_time_ratio: time_ratios.into_iter().max_by(|a, b| a.1.total_cmp(&b.1)),
        geometric_mean_memory_ratio: stats::geometric_mean(&memory_ratios),
    }
}
