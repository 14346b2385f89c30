//! The differential fuzzer over a fixed seed range: 3,000 generated programs run in the
//! reference Lua 5.4.9 (in process) and in the `selenite` binary (250 per process);
//! any difference in output or error text fails, naming the seeds. A failing seed is
//! reproduced with `cargo run -p selenite-oracle --bin fuzz -- --start SEED --count 1`
//! and kept as a regression test with `--save`. `SELENITE_BIN` tests another binary.

use selenite_oracle::fuzz;
use std::path::PathBuf;

const SEEDS: std::ops::Range<u64> = 0..3000;
const PROGRAMS_PER_PROCESS: usize = 250;
/// How many disagreements the failure message shows in full.
const SHOWN: usize = 3;

#[test]
fn generated_programs_agree_with_the_reference() {
    let selenite =
        std::env::var_os("SELENITE_BIN").map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_selenite")), PathBuf::from);
    let summary = match fuzz::run_campaign(&selenite, SEEDS, PROGRAMS_PER_PROCESS) {
        Ok(summary) => summary,
        Err(message) => panic!("the fuzz campaign could not run: {message}"),
    };
    let total = SEEDS.end - SEEDS.start;
    let ran = u64::try_from(summary.compared + summary.skipped).unwrap_or(0);
    assert!(ran == total, "only {} of {total} programs were compared", summary.compared);
    if summary.disagreements.is_empty() {
        return;
    }
    let seeds: Vec<String> = summary.disagreements.iter().map(|d| d.seed.to_string()).collect();
    let shown: Vec<String> = summary.disagreements.iter().take(SHOWN).map(|d| d.describe()).collect();
    panic!(
        "{} of {} programs disagree with the reference (seeds {})\n\n{}",
        summary.disagreements.len(),
        summary.compared,
        seeds.join(" "),
        shown.join("\n")
    );
}
