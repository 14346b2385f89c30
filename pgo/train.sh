#!/usr/bin/env bash
# Regenerates pgo/selenite.profdata, the execution profile that release builds of
# Selenite's crates are optimised with (see pgo/README.md): builds an instrumented
# `selenite`, runs the training programs with it, and merges what they recorded.
#
#   pgo/train.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

# llvm-profdata of the compiler's own LLVM version (rustup's llvm-tools component).
sysroot="$(rustc --print sysroot)"
host="$(rustc -vV | sed -n 's/^host: //p')"
profdata="$sysroot/lib/rustlib/$host/bin/llvm-profdata"
if [ ! -x "$profdata" ]; then
    rustup component add llvm-tools
fi

# A fixed string-hash seed makes the recorded counts, and so the file, repeatable.
export SELENITE_HASH_SEED=0

target="${CARGO_TARGET_DIR:-$root/target}/pgo-train"
raw="$target/raw-profiles"
rm -rf "$raw"
SELENITE_PGO="generate:$raw" cargo build --release --quiet -p selenite-cli --target-dir "$target"
selenite="$target/release/selenite"

# Training set: the benchmark workloads at their small size (ordinary programs, what
# the hot paths should be laid out for) and every test script (so that the rest of
# the interpreter and library is seen running, not taken for dead code). Failures are
# expected (some scripts test errors, some need arguments); only the profile matters.
echo "== training on bench/workloads (small)"
for workload in bench/workloads/*.lua; do
    "$selenite" "$workload" small > /dev/null 2>&1 || true
done
echo "== training on tests/"
find tests -name '*.lua' | sort | while read -r script; do
    (cd "$(dirname "$script")" && timeout 20 "$selenite" "$(basename "$script")" < /dev/null > /dev/null 2>&1) || true
done

"$profdata" merge --output pgo/selenite.profdata "$raw"
echo "wrote pgo/selenite.profdata ($(wc -c < pgo/selenite.profdata) bytes)"
