//! `selenite-bench`: runs Selenite's Lua workloads (`bench/workloads`) against peer
//! interpreters and reports how it compares. It builds nothing: it runs the Selenite
//! binary and the peer binaries it is given (by default `target/release/selenite` and
//! what `bench/build-peers.sh` left in `bench/bin`).
//!
//! Modes: the default timing run (alternating runs, median of several, peak memory,
//! a table, `bench/results/latest.json` and `docs/bench.svg`); `--callgrind`
//! (instruction counts at the small size); `--profile NAME` (where Selenite's time goes
//! on one workload). Every run's output is checked against the reference's.
#![forbid(unsafe_code)]

mod callgrind;
mod chart;
mod compare;
mod contenders;
mod measure;
mod profile;
mod report;
mod results;
mod stats;
mod workloads;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;

use contenders::Contender;
use profile::Profiler;
use workloads::{Size, Workload};

/// The `bench` directory: the harness lives in `bench/harness`.
const BENCH_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

#[derive(Parser)]
#[command(version, about = "Compare Selenite with peer Lua interpreters on the bench/workloads scripts")]
struct Cli {
    /// Workloads to run (names of bench/workloads/*.lua); all of them when none is given.
    workloads: Vec<String>,

    /// The Selenite binary [default: $CARGO_TARGET_DIR or target/, then release/selenite].
    #[arg(long)]
    selenite: Option<PathBuf>,

    /// A peer as NAME=PROGRAM [ARGS...] (repeatable); replaces the default peers from bench/bin.
    #[arg(long = "peer", value_name = "NAME=COMMAND")]
    peers: Vec<String>,

    /// Run Selenite alone.
    #[arg(long, conflicts_with = "peers")]
    no_peers: bool,

    /// Measured runs per contender and workload.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u16).range(1..))]
    runs: u16,

    /// Warm-up runs before the measured ones.
    #[arg(long, default_value_t = 1)]
    warmups: u16,

    /// Workload size [default: full; small with --callgrind].
    #[arg(long, value_enum)]
    size: Option<Size>,

    /// Seconds one run may take before it is killed and counted as failed.
    #[arg(long, default_value_t = 120)]
    time_limit: u64,

    /// Where the JSON results go [default: bench/results/latest.json, or callgrind.json].
    #[arg(long)]
    json: Option<PathBuf>,

    /// Where the SVG chart goes [default: docs/bench.svg].
    #[arg(long)]
    svg: Option<PathBuf>,

    /// Count instructions under valgrind's callgrind instead of timing
    /// (default peer: only the reference, lua54).
    #[arg(long, conflicts_with = "profile")]
    callgrind: bool,

    /// With --callgrind: simulate branch prediction (reports indirect mispredictions, Bim).
    #[arg(long, requires = "callgrind")]
    branch_sim: bool,

    /// Profile Selenite on one workload: top functions, and a flame graph when perf works.
    #[arg(long, value_name = "WORKLOAD")]
    profile: Option<String>,

    /// The profiler for --profile.
    #[arg(long, value_enum, default_value_t = Profiler::Auto, requires = "profile")]
    profiler: Profiler,
}

fn bench_dir() -> PathBuf {
    let path = PathBuf::from(BENCH_DIR);
    fs::canonicalize(&path).unwrap_or(path)
}

fn default_selenite_path(bench_dir: &Path) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| bench_dir.join("../target"), PathBuf::from);
    target.join("release").join("selenite")
}

/// Selenite first (when its binary exists), then the peers.
fn contenders(cli: &Cli, bench_dir: &Path, default_peer_names: Option<&[&str]>) -> Result<Vec<Contender>, String> {
    let selenite_path = cli.selenite.clone().unwrap_or_else(|| default_selenite_path(bench_dir));
    let mut contenders = Vec::new();
    if selenite_path.is_file() {
        contenders.push(Contender::new("selenite", selenite_path, &[]));
    } else if cli.selenite.is_some() {
        return Err(format!("{} does not exist", selenite_path.display()));
    } else {
        eprintln!(
            "note: no Selenite binary at {} (cargo build --release -p selenite-cli); running the peers only",
            selenite_path.display()
        );
    }
    if !cli.no_peers {
        if cli.peers.is_empty() {
            let (found, missing) = contenders::default_peers(&bench_dir.join("bin"));
            for note in missing {
                eprintln!("note: peer {note}");
            }
            contenders.extend(
                found
                    .into_iter()
                    .filter(|peer| default_peer_names.is_none_or(|names| names.contains(&peer.name.as_str()))),
            );
        } else {
            for spec in &cli.peers {
                contenders.push(Contender::parse(spec)?);
            }
        }
    }
    if contenders.is_empty() {
        return Err("nothing to run: no Selenite binary and no peers".to_owned());
    }
    Ok(contenders)
}

fn selected_workloads(cli: &Cli, bench_dir: &Path) -> Result<Vec<Workload>, String> {
    let all = workloads::discover(&bench_dir.join("workloads")).map_err(|err| err.to_string())?;
    workloads::select(all, &cli.workloads)
}

fn run_timing(cli: &Cli, bench_dir: &Path) -> Result<(), String> {
    let workloads = selected_workloads(cli, bench_dir)?;
    let contenders = contenders(cli, bench_dir, None)?;
    let size = cli.size.unwrap_or(Size::Full);
    let plan = compare::Plan {
        workloads: &workloads,
        contenders: &contenders,
        size,
        warmups: usize::from(cli.warmups),
        runs: usize::from(cli.runs),
        time_limit: Duration::from_secs(cli.time_limit),
    };
    let results = compare::run(&plan).map_err(|err| err.to_string())?;
    let subject_failed = results.iter().any(|workload| {
        workload.results.iter().any(|result| result.contender == "selenite" && result.failure.is_some())
    });
    let report = results::TimingReport::new(size, plan.warmups, plan.runs, contenders, results);

    println!("{}", report::time_table(&report));
    println!("{}", report::memory_table(&report));
    print!("{}", report::summary(&report));

    let json_path = cli.json.clone().unwrap_or_else(|| bench_dir.join("results/latest.json"));
    report.write_json(&json_path).map_err(|err| format!("{}: {err}", json_path.display()))?;
    let svg_path = cli.svg.clone().unwrap_or_else(|| bench_dir.join("../docs/bench.svg"));
    if let Some(parent) = svg_path.parent() {
        fs::create_dir_all(parent).map_err(|err| format!("{}: {err}", parent.display()))?;
    }
    fs::write(&svg_path, chart::render(&report)).map_err(|err| format!("{}: {err}", svg_path.display()))?;
    println!("\nresults: {}\nchart: {}", json_path.display(), svg_path.display());
    if subject_failed {
        return Err("selenite failed some workloads (see above)".to_owned());
    }
    Ok(())
}

fn run_callgrind(cli: &Cli, bench_dir: &Path) -> Result<(), String> {
    let workloads = selected_workloads(cli, bench_dir)?;
    let contenders = contenders(cli, bench_dir, Some(&["lua54"]))?;
    let output_directory = bench_dir.join("results/callgrind");
    let plan = callgrind::CallgrindPlan {
        workloads: &workloads,
        contenders: &contenders,
        size: cli.size.unwrap_or(Size::Small),
        branch_sim: cli.branch_sim,
        output_directory: &output_directory,
        time_limit: Duration::from_secs(cli.time_limit.saturating_mul(10)),
    };
    let rows = callgrind::run(&plan).map_err(|err| err.to_string())?;
    print!("{}", callgrind::table(&rows, &contenders, cli.branch_sim));
    let json_path = cli.json.clone().unwrap_or_else(|| bench_dir.join("results/callgrind.json"));
    let text = serde_json::to_string_pretty(&rows).map_err(|err| err.to_string())?;
    fs::write(&json_path, text + "\n").map_err(|err| format!("{}: {err}", json_path.display()))?;
    println!("\nresults: {}\ncallgrind files: {}", json_path.display(), output_directory.display());
    Ok(())
}

fn run_profile(cli: &Cli, bench_dir: &Path, workload_name: &str) -> Result<(), String> {
    let all = workloads::discover(&bench_dir.join("workloads")).map_err(|err| err.to_string())?;
    let selected = workloads::select(all, &[workload_name.to_owned()])?;
    let workload = selected.first().ok_or_else(|| format!("unknown workload '{workload_name}'"))?;
    let selenite_path = cli.selenite.clone().unwrap_or_else(|| default_selenite_path(bench_dir));
    if !selenite_path.is_file() {
        return Err(format!("{} does not exist (cargo build --release -p selenite-cli)", selenite_path.display()));
    }
    let subject = Contender::new("selenite", selenite_path, &[]);
    let request = profile::ProfileRequest {
        workload,
        subject: &subject,
        profiler: cli.profiler,
        size: cli.size,
        output_directory: &bench_dir.join("results/profile"),
        time_limit: Duration::from_secs(cli.time_limit.saturating_mul(10)),
    };
    print!("{}", profile::run(&request).map_err(|err| err.to_string())?);
    Ok(())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let bench_dir = bench_dir();
    let outcome = if let Some(workload) = &cli.profile {
        run_profile(&cli, &bench_dir, workload)
    } else if cli.callgrind {
        run_callgrind(&cli, &bench_dir)
    } else {
        run_timing(&cli, &bench_dir)
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("selenite-bench: {message}");
            ExitCode::FAILURE
        }
    }
}
