#!/usr/bin/env bash
# Times the hold-out programs (bench/holdout/*.lua): ordinary Lua programs that are
# not benchmark workloads and not in the execution profile's training set
# (pgo/train.sh), so they show what the suite and the profile do not. Each runs
# alternately under Selenite and a reference `lua`, N times; prints the minimum
# times and their ratio, and checks every output against NAME.expected (produced by
# the reference).
#
#   bench/holdout.sh REFERENCE_LUA [N] [SELENITE]
set -euo pipefail
bench_dir="$(cd "$(dirname "$0")" && pwd)"
reference=${1:?usage: bench/holdout.sh REFERENCE_LUA [N] [SELENITE]}
runs=${2:-5}
selenite=${3:-${CARGO_TARGET_DIR:-$bench_dir/../target}/release/selenite}
ms() { local start end; start=$(date +%s%N); "$@" > /dev/null; end=$(date +%s%N); echo $(((end - start) / 1000000)); }
printf "%-14s %10s %10s %7s\n" program selenite reference ratio
for script in "$bench_dir"/holdout/*.lua; do
    name=$(basename "$script" .lua)
    cd "$bench_dir/holdout"
    if ! "$selenite" "$script" | cmp -s - "$name.expected"; then
        echo "$name: output differs from $name.expected" >&2
        exit 1
    fi
    best_s=0; best_r=0
    for ((run = 0; run < runs; run++)); do
        s=$(ms "$selenite" "$script"); r=$(ms "$reference" "$script")
        if ((run == 0 || s < best_s)); then best_s=$s; fi
        if ((run == 0 || r < best_r)); then best_r=$r; fi
    done
    printf "%-14s %8d ms %8d ms %7.2f\n" "$name" "$best_s" "$best_r" "$(echo "$best_s / $best_r" | bc -l)"
done
