#!/usr/bin/env bash
# One command for the whole comparison: builds Selenite (release), the peer interpreters
# (once; pass --rebuild-peers to build them again) and the harness, then runs the
# harness with the remaining arguments, e.g.
#   bench/run.sh                      # every workload, Selenite against every peer
#   bench/run.sh --runs 9 fib nbody   # some workloads, more runs
#   bench/run.sh --callgrind          # instruction counts at the small size
#   bench/run.sh --profile deriv      # where Selenite's time goes on one workload
set -euo pipefail
bench_dir="$(cd "$(dirname "$0")" && pwd)"
repo_dir="$(cd "$bench_dir/.." && pwd)"

rebuild_peers=false
harness_args=()
for argument in "$@"; do
    if [ "$argument" = "--rebuild-peers" ]; then rebuild_peers=true; else harness_args+=("$argument"); fi
done

cd "$repo_dir"
cargo build --release --quiet -p selenite-cli -p selenite-bench
if $rebuild_peers || [ ! -x "$bench_dir/bin/peer-lua54" ]; then
    "$bench_dir/build-peers.sh"
fi
target_dir="${CARGO_TARGET_DIR:-$repo_dir/target}"
exec "$target_dir/release/selenite-bench" --selenite "$target_dir/release/selenite" "${harness_args[@]}"
