#!/usr/bin/env bash
# The window's cost at 8 and at 10,008 contracts, side by side in one run,
# through the real RELEASE window under Xvfb (tauri-driver + WebKitWebDriver,
# the end-to-end harness): launch → first row, PSS of the app and its WebKit
# processes after load and after searches, search keystroke settle, sort,
# arrow key, and the IPC round trips behind the registry's design
# (ARCHITECTURE.md, "The registry at scale"). Prints medians; asserts nothing.
#
#   scripts/bench-window.sh [RUNS]     # default 3 launches of each size
#
# Builds the release app and CLI unless WARRANT_APP_BIN names an app with a
# `warrant` beside it (scripts/build-deb.sh leaves both in target/release). Uses $DISPLAY if set, else starts Xvfb on
# :${WARRANT_XVFB_DISPLAY:-97}.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
target="${CARGO_TARGET_DIR:-$PWD/target}"

# The registries are made with the `warrant` CLI found beside the app.
if [ -z "${WARRANT_APP_BIN:-}" ]; then
  (cd ui && npm run build >/dev/null)
  cargo build --release --locked -p warrant-app -p warrant-cli
  WARRANT_APP_BIN="$target/release/warrant-app"
fi
export WARRANT_APP_BIN
cargo build --quiet --locked -p warrant-e2e --bin warrant-bench-window

if [ -z "${DISPLAY:-}" ]; then
  n="${WARRANT_XVFB_DISPLAY:-97}"
  Xvfb ":$n" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb=$!
  trap 'kill "$xvfb" 2>/dev/null || true' EXIT
  export DISPLAY=":$n"
  for _ in $(seq 1 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done
fi
bench=("$target/debug/warrant-bench-window" "$runs")
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  bench=(dbus-run-session -- "${bench[@]}")
fi
"${bench[@]}"
