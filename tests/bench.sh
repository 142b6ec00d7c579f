#!/usr/bin/env bash
# Benchmarks (not tests: they print figures and never fail on a time). After
# `bash tests/run-all.sh` (which installs chromium and the npm packages):
#
#   bash tests/bench.sh            # the investor's first screen: P1, P2, P5, wasm/native
#   bash tests/bench.sh scale      # the engine at scale: native, then in the browser
#
# Environment: RUNS (cold loads per profile, default 10), KEYS (keystrokes, default 300),
# SIZES (parcels/programs for `scale`, default 10/6,1000/500,10000/500,10000/1000,20000/500),
# INVESTCALC_SITE (the built site, default target/site; built here).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SITE="${INVESTCALC_SITE:-$PWD/target/site}"
case "$SITE" in /*) ;; *) SITE="$PWD/$SITE" ;; esac
cargo run --quiet -- build --out "$SITE" >/dev/null
# Chromium only: the phone profile throttles CPU and network through CDP.
export INVESTCALC_SITE="$SITE" INVESTCALC_BROWSER=chromium
case "${1:-first-screen}" in
  first-screen)
    # A failed bench build must say so (the script would otherwise stop without a word).
    NATIVE_JSON="$(cargo bench --quiet --bench engine -- --json | tail -n 1)" ||
      { echo "bench.sh: cargo bench --bench engine failed" >&2; exit 1; }
    export NATIVE_JSON
    node tests/bench/first-screen.mjs
    ;;
  scale)
    SCALE_DIR="$PWD/target/scale"
    export SCALE_DIR
    echo "native (cargo bench --bench scale):"
    cargo bench --quiet --bench scale -- --write "$SCALE_DIR" --sizes "${SIZES:-10/6,1000/500,10000/500,10000/1000,20000/500}"
    echo
    echo "browser (chromium, tests/bench/scale.mjs):"
    node tests/bench/scale.mjs
    ;;
  *)
    echo "usage: bash tests/bench.sh [first-screen|scale]" >&2
    exit 2
    ;;
esac
