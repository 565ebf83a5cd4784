#!/usr/bin/env bash
# THE test command: every check CI runs, in order, failing on the first error.
#   scripts/test-all.sh
# Needs the packages of .ci/install-deps.sh (run it first on a new machine).
# Order matters: the app embeds ui/dist at compile time, so the UI is built
# before anything compiles warrant-app; the E2E tests drive the built binary.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

step() { printf '\n==> %s\n' "$*"; }

step "ui: npm install (when node_modules is missing; see .ci/install-deps.sh for why not npm ci)"
[ -d ui/node_modules ] || (cd ui && npm install --no-audit --no-fund)

step "ui: type check, unit tests, production build"
(cd ui && npm run check && npm test && npm run build)

step "rust: formatting"
cargo fmt --all --check

step "rust: clippy (all crates, all targets, warnings are errors)"
cargo clippy --locked --workspace --all-targets -- -D warnings

step "rust: tests (everything but the end-to-end crate) — also regenerates ui/src/bindings"
cargo test --locked --workspace --exclude warrant-e2e

step "ts bindings match the Rust types"
if [ -n "$(git status --porcelain -- ui/src/bindings)" ]; then
  git status --short -- ui/src/bindings
  git --no-pager diff --stat -- ui/src/bindings
  echo "ui/src/bindings differs from what the Rust types generate: run 'cargo test --workspace' and commit ui/src/bindings." >&2
  exit 1
fi

step "app: debug build for the end-to-end tests (embeds ui/dist; --features e2e lets the tests answer native dialogs)"
cargo build --locked -p warrant-app --features e2e

step "e2e: the real window under Xvfb via tauri-driver"
if [ -z "${DISPLAY:-}" ]; then
  DISPLAY_NUM=${WARRANT_XVFB_DISPLAY:-99}
  Xvfb ":$DISPLAY_NUM" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
  XVFB_PID=$!
  trap 'kill "$XVFB_PID" 2>/dev/null || true' EXIT
  export DISPLAY=":$DISPLAY_NUM"
  for _ in $(seq 1 50); do
    xdpyinfo >/dev/null 2>&1 && break
    sleep 0.1
  done
  xdpyinfo >/dev/null 2>&1 || { echo "Xvfb did not start on $DISPLAY" >&2; exit 1; }
fi
# The single-instance test needs a D-Bus session bus (the plugin finds the
# running window through it); headless CI has none, so give the step its own.
E2E=(cargo test --locked -p warrant-e2e -- --test-threads=1)
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  E2E=(dbus-run-session -- "${E2E[@]}")
fi
WARRANT_APP_BIN="${CARGO_TARGET_DIR:-$ROOT/target}/debug/warrant-app" "${E2E[@]}"

step "all checks passed"
