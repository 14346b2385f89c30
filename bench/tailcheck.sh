#!/usr/bin/env bash
# Lists the interpreter functions of a built `selenite` binary that lose a dispatch:
# an indirect call not through the GOT, or a direct call of another handler, where a
# jump was meant (see crates/selenite-vm/src/interp/mod.rs). Columns: indirect jumps,
# lost dispatches, function. Prints nothing for a build whose handlers all jump.
#
#   bench/tailcheck.sh [target/release/selenite]
set -euo pipefail
bin=${1:-target/release/selenite}
nm -S --defined-only "$bin" | grep -E "selenite_vm6interp" | grep -iE " t " |
  while read -r addr size _ sym; do
    start=$((16#$addr))
    dis=$(objdump -d --no-show-raw-insn -C --start-address=$start --stop-address=$((start + 16#$size)) "$bin")
    jumps=$(grep -cE "jmp +\*" <<<"$dis" || true)
    indirect=$(grep -E "call +\*" <<<"$dis" | grep -vc "(%rip)" || true)
    direct=$(grep -E "call +[0-9a-f]+ <selenite_vm::interp::" <<<"$dis" |
      grep -vcE "_work>|interp::support::|call_metamethod|reload_base|save_pc|interp::bounce>" || true)
    if ((indirect + direct > 0)); then
      echo "$jumps $((indirect + direct)) $(c++filt <<<"$sym" | sed 's/::h[0-9a-f]*$//')"
    fi
  done
