#!/usr/bin/env bash
# The whole test suite: Rust unit/integration/doc tests, the wasm site build, and the
# browser end-to-end tests in headless chromium.
#
# Meant for a fresh Debian machine that has only rustup, Node 20, npm and Python, run as
# root (CI does exactly that through .ci/run). It installs what is missing:
#   - chromium, binaryen (wasm-opt) and fonts-noto-cjk with apt-get, only when absent;
#   - the toolchain and wasm32 target listed in rust-toolchain.toml, only when absent;
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
step "system packages: chromium (browser tests), binaryen (wasm-opt), CJK fonts (screenshots)"
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v wasm-opt >/dev/null 2>&1 || missing+=(binaryen)
# Without a CJK font the Chinese screenshots show boxes (the tests pass either way).
[ -d /usr/share/fonts/opentype/noto ] || missing+=(fonts-noto-cjk)
if [ "${#missing[@]}" -eq 0 ]; then
  echo "present: $(/usr/bin/chromium --version 2>/dev/null || echo chromium), $(wasm-opt --version)"
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
step "Rust toolchain and wasm32-unknown-unknown target (rust-toolchain.toml)"
if ! command -v rustup >/dev/null 2>&1; then
  echo "error: rustup not found; install Rust with rustup first." >&2
  exit 1
fi
# Installs the toolchain, components and targets rust-toolchain.toml lists when they are
# missing; --no-update keeps an installed toolchain as it is.
if rustup toolchain install --help 2>/dev/null | grep -q -- '--no-update'; then
  run rustup toolchain install --no-update --no-self-update
fi
sysroot="$(rustc --print sysroot)"
if [ ! -d "$sysroot/lib/rustlib/wasm32-unknown-unknown/lib" ]; then
  run rustup target add wasm32-unknown-unknown
fi
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
step "build the site (wasm + wasm-bindgen + wasm-opt + www/) into $SITE"
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
