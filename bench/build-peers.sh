#!/usr/bin/env bash
# Builds the peer interpreters from crates.io into bench/bin/:
#   peer-lua54    reference Lua 5.4 (mlua, lua54 + vendored)
#   peer-luajit   LuaJIT 2.1 (mlua, luajit + vendored); `peer-luajit -joff` runs without the JIT
#   peer-luau     Luau (mlua, luau + vendored)
#   peer-dellingr dellingr 0.4 (a pure-Rust Lua-subset VM)
# Each is its own cargo workspace, because mlua's interpreter features exclude one another.
set -euo pipefail
bench_dir="$(cd "$(dirname "$0")" && pwd)"
target_root="${CARGO_TARGET_DIR:-$bench_dir/../target}/bench-peers"
mkdir -p "$bench_dir/bin"

for interpreter in lua54 luajit luau; do
    echo "== building peer-$interpreter"
    cargo build --release --locked --quiet \
        --manifest-path "$bench_dir/peers/mlua-peer/Cargo.toml" \
        --features "$interpreter" --target-dir "$target_root/$interpreter"
    cp "$target_root/$interpreter/release/mlua-peer" "$bench_dir/bin/peer-$interpreter"
done

echo "== building peer-dellingr"
cargo build --release --locked --quiet \
    --manifest-path "$bench_dir/peers/dellingr-peer/Cargo.toml" --target-dir "$target_root/dellingr"
cp "$target_root/dellingr/release/dellingr-peer" "$bench_dir/bin/peer-dellingr"
