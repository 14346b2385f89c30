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
    # A lost dispatch calls through the handler table: `call *(%t,%op,8)`, or a
    # register just loaded from it. Other indirect calls (a native function, `bcmp`
    # through the GOT) are calls by design.
    indirect=$({ grep -E "call +\*|,8\),%" <<<"$dis" || true; } |
      awk '/,8\),%/ { loaded = $NF; sub(/.*,%/, "%", loaded); next }
           /call +\*\(%[a-z0-9]+,%[a-z0-9]+,8\)/ { lost++; next }
           /call +\*%/ { target = $NF; sub(/^\*/, "", target); if (target == loaded) lost++ }
           END { print lost + 0 }')
    direct=$({ grep -E "call +[0-9a-f]+ <selenite_vm::interp::" <<<"$dis" || true; } |
      grep -vcE "_work>|interp::support::|call_metamethod|reload_base|save_pc|interp::bounce>|probe_slow_path>" || true)
    # The interpreter's entry loop calls `enter_frame` by design.
    if [[ $sym == *7execute* || $sym == *12run_handlers* ]]; then direct=0; fi
    if ((indirect + direct > 0)); then
      echo "$jumps $((indirect + direct)) $(c++filt <<<"$sym" | sed 's/::h[0-9a-f]*$//')"
    fi
  done
