#!/usr/bin/env bash
# The whole test suite: Rust unit/integration/doc tests, the wasm site build, and the
# browser end-to-end tests, once in headless chromium and once in headless firefox-esr.
#
# Meant for a fresh Debian machine that has only rustup, Node 20, npm and Python, run as
# root (CI does exactly that through .ci/run). It installs what is missing:
#   - chromium and fonts-noto-cjk with apt-get, only when absent;
#   - firefox-esr with apt-get --no-install-recommends (two packages, about 80 MB), only
#     when absent;
#   - the toolchain rust-toolchain.toml pins (1.95.0) with its wasm32 target and rustfmt,
#     only what is absent;
#   - playwright-core (drives /usr/bin/chromium) and puppeteer-core (drives
#     /usr/bin/firefox-esr over WebDriver BiDi) from tests/e2e/package-lock.json (npm ci;
#     neither downloads a browser).
#
# Environment: INVESTCALC_SITE (default target/site) is where the site is built and what
# the browser tests load; INVESTCALC_ENGINES (default "chromium firefox") the engines the
# browser tests run in, one after the other.
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
step "system packages: chromium and firefox-esr (browser tests), CJK fonts (screenshots)"
missing=()
lean=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
# Without a CJK font the Chinese screenshots show boxes (the tests pass either way).
[ -d /usr/share/fonts/opentype/noto ] || missing+=(fonts-noto-cjk)
# Installed without its recommends: firefox-esr and libvpx7, about 80 MB.
[ -x /usr/bin/firefox-esr ] || lean+=(firefox-esr)
if [ "${#missing[@]}" -eq 0 ] && [ "${#lean[@]}" -eq 0 ]; then
  echo "present: $(/usr/bin/chromium --version 2>/dev/null || echo chromium), $(/usr/bin/firefox-esr --version 2>/dev/null || echo firefox-esr), fonts-noto-cjk"
else
  echo "missing: ${missing[*]} ${lean[*]}"
  SUDO=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      SUDO=(sudo)
    else
      echo "error: installing ${missing[*]} ${lean[*]} needs root; run this script as root." >&2
      exit 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  run "${SUDO[@]}" apt-get update || { sleep 5; run "${SUDO[@]}" apt-get update; }
  [ "${#missing[@]}" -eq 0 ] || run "${SUDO[@]}" apt-get install -y "${missing[@]}"
  [ "${#lean[@]}" -eq 0 ] || run "${SUDO[@]}" apt-get install -y --no-install-recommends "${lean[@]}"
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
step "browser tests: npm ci, then node --test tests/e2e/*.test.mjs in each engine"
cd "$ROOT/tests/e2e"
run npm ci --no-audit --no-fund
done_step
tests=(*.test.mjs)
export INVESTCALC_SITE="$SITE"
read -r -a engines <<<"${INVESTCALC_ENGINES:-chromium firefox}"
status=0
totals=(0 0 0)
lines=()
for engine in "${engines[@]}"; do
  step "browser tests in $engine"
  log="$(mktemp)"
  printf '+ INVESTCALC_BROWSER=%s INVESTCALC_SITE=%s node --test %s\n' "$engine" "$SITE" "${tests[*]}"
  set +e
  INVESTCALC_BROWSER="$engine" node --test "${tests[@]}" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  set -e
  # The runner's own summary (TAP "# pass 3", or the spec reporter's "ℹ pass 3").
  count() { grep -aE "^(# |ℹ )$1 [0-9]+\$" "$log" | tail -n 1 | grep -oE '[0-9]+$' || echo 0; }
  # A cancelled test (a hook that failed, the runner interrupted) did not pass either.
  n=("$(count pass)" "$(($(count fail) + $(count cancelled)))" "$(count skipped)")
  rm -f "$log"
  for i in 0 1 2; do totals[i]=$((totals[i] + n[i])); done
  lines+=("$engine: ${n[0]} passed, ${n[1]} failed, ${n[2]} skipped (exit $rc, $((SECONDS - step_started))s)")
  done_step
  [ "$rc" -eq 0 ] || status=1
done

# Last, so that these lines close the output: each engine's count, then all of them.
printf '\n==> browser tests, by engine\n'
printf '    %s\n' "${lines[@]}"
printf 'e2e: %s passed, %s failed, %s skipped\n' "${totals[0]}" "${totals[1]}" "${totals[2]}"
exit "$status"
