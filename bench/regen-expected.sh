#!/usr/bin/env bash
# Writes each workload's expected output at every size, from the reference interpreter:
#   NAME.expected (full size, what the timed runs print), NAME.small.expected (the size
#   `--callgrind` runs) and NAME.tiny.expected (the size the correctness test runs).
# The reference is $REFERENCE_LUA if set, else bench/bin/peer-lua54 (bench/build-peers.sh).
set -euo pipefail
bench_dir="$(cd "$(dirname "$0")" && pwd)"
reference="${REFERENCE_LUA:-$bench_dir/bin/peer-lua54}"
cd "$bench_dir/workloads"
# Arguments name workloads (fib, or fib.lua); none means all of them.
if [ $# -eq 0 ]; then set -- *.lua; fi
for workload in "$@"; do
    name="${workload%.lua}"
    "$reference" "$name.lua" full > "$name.expected"
    "$reference" "$name.lua" small > "$name.small.expected"
    "$reference" "$name.lua" tiny > "$name.tiny.expected"
    echo "$name"
done
