#!/usr/bin/env bash
# Builds the widget with opt-level "s" and with "z" (everything else as in
# [profile.release]) and prints the gzipped size of what the widget loads for each, so
# Cargo.toml can keep whichever is smaller. Each level gets its own target dir
# (target/opt-s, target/opt-z) so neither evicts the other or the normal build.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
echo "+ cargo build --quiet --bin investcalc"
cargo build --quiet --bin investcalc
bin="${CARGO_TARGET_DIR:-target}/debug/investcalc"
for lvl in s z; do
  echo "+ CARGO_PROFILE_RELEASE_OPT_LEVEL=$lvl CARGO_TARGET_DIR=target/opt-$lvl $bin build --out target/opt-$lvl/site"
  CARGO_PROFILE_RELEASE_OPT_LEVEL=$lvl CARGO_TARGET_DIR="target/opt-$lvl" \
    "$bin" build --out "target/opt-$lvl/site" 2>/dev/null |
    grep -E '^size:|^ +[0-9,]+ +[0-9,]+  pkg/investcalc_bg\.wasm$' | sed "s/^/opt-level=\"$lvl\": /"
done
