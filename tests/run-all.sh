#!/usr/bin/env bash
# The whole test suite: Rust unit/integration/doc tests, the wasm site build, and the
# browser end-to-end tests in headless chromium.
#
# Meant for a fresh Debian machine that has only rustup, Node 20, npm and Python, run as
# root (CI does exactly that through .ci/run). It installs what is missing:
#   - chromium and fonts-noto-cjk with apt-get, only when absent;
#   - the toolchain rust-toolchain.toml pins (1.95.0) with its wasm32 target and rustfmt,
#     only what is absent;
#   - playwright-core from tests/e2e/package-lock.json (npm ci; it uses /usr/bin/chromium
#     and downloads no browser).
#
# Environment: INVESTCALC_SITE (default target/site) is where the site is built and what
# the browser tests load.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$(pwd)"
SITE="${INVESTCALC_SITE:-$ROOT/target/site}"
case "$SITE" in /*) ;; *) SITE="$ROOT/$SITE" ;; esac

step_started=$SECONDS
step() {
  printf '\n==> %s\n' "$*"
  step_started=$SECONDS
}
done_step() { printf '    (%ss)\n' "$((SECONDS - step_started))"; }
run() {
  printf '+ %s\n' "$*"
  "$@"
}

# ---------------------------------------------------------------------------------------
step "system packages: chromium (browser tests), CJK fonts (screenshots)"
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
# Without a CJK font the Chinese screenshots show boxes (the tests pass either way).
[ -d /usr/share/fonts/opentype/noto ] || missing+=(fonts-noto-cjk)
if [ "${#missing[@]}" -eq 0 ]; then
  echo "present: $(/usr/bin/chromium --version 2>/dev/null || echo chromium), fonts-noto-cjk"
else
  echo "missing: ${missing[*]}"
  SUDO=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      SUDO=(sudo)
    else
      echo "error: installing ${missing[*]} needs root; run this script as root." >&2
      exit 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  run "${SUDO[@]}" apt-get update || { sleep 5; run "${SUDO[@]}" apt-get update; }
  run "${SUDO[@]}" apt-get install -y "${missing[@]}"
fi
done_step

# ---------------------------------------------------------------------------------------
step "Rust toolchain from rust-toolchain.toml (1.95.0, wasm32-unknown-unknown, rustfmt)"
if ! command -v rustup >/dev/null 2>&1; then
  echo "error: rustup not found; install Rust with rustup first." >&2
  exit 1
fi
# Here rustup reads rust-toolchain.toml: it installs the pinned toolchain with its target and
# component when missing, and never upgrades a pinned version. A toolchain that was already
# installed (a fresh machine's own 1.95.0) may still lack the wasm target: add it.
run rustup toolchain install
run rustup target add wasm32-unknown-unknown
run rustc --version
run cargo --version
done_step

# ---------------------------------------------------------------------------------------
step "Rust tests: cargo test --all-targets"
run cargo test --all-targets
done_step

step "Rust doc tests: cargo test --doc"
run cargo test --doc
done_step

# ---------------------------------------------------------------------------------------
step "build the site (wasm + wasm-bindgen + www/, JS minified) into $SITE"
run cargo run --quiet -- build --out "$SITE"
done_step

# ---------------------------------------------------------------------------------------
step "browser tests: npm ci, then node --test tests/e2e/*.test.mjs"
cd "$ROOT/tests/e2e"
run npm ci --no-audit --no-fund
tests=(*.test.mjs)
export INVESTCALC_SITE="$SITE"
printf '+ INVESTCALC_SITE=%s node --test %s\n' "$SITE" "${tests[*]}"
# Last, so that the test runner's summary closes the output.
exec node --test "${tests[@]}"
