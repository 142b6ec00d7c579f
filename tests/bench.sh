#!/usr/bin/env bash
# Benchmarks (not tests: they print figures and never fail on a time). After
# `bash tests/run-all.sh` (which installs chromium and the npm packages):
#
#   bash tests/bench.sh            # the investor's first screen: P1, P2, P5, wasm/native
#
# Environment: RUNS (cold loads per profile, default 10), KEYS (keystrokes, default 300),
# INVESTCALC_SITE (the built site, default target/site; built here when missing).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SITE="${INVESTCALC_SITE:-$PWD/target/site}"
case "$SITE" in /*) ;; *) SITE="$PWD/$SITE" ;; esac
cargo run --quiet -- build --out "$SITE" >/dev/null || [ -f "$SITE/pkg/investcalc_bg.wasm" ]
NATIVE_JSON="$(cargo bench --quiet --bench engine -- --json 2>/dev/null | tail -n 1)"
# Chromium only: the phone profile throttles CPU and network through CDP.
export NATIVE_JSON INVESTCALC_SITE="$SITE" INVESTCALC_BROWSER=chromium
node tests/bench/first-screen.mjs
