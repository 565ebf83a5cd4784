#!/usr/bin/env bash
# Screenshots of every screen into docs/screenshots/app-*.png (plus ladder.png,
# ladder-editor.png, portfolio.png and review.png from warrant-ladder-screenshots): builds the UI
# and the app, starts Xvfb (unless a DISPLAY is given) and drives the window
# through tauri-driver with the warrant-screenshots program (tests/e2e).
#   scripts/screenshots.sh [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=${1:-$ROOT/docs/screenshots}

(cd ui && npm run build)
cargo build --locked -p warrant-app --features warrant-app/e2e -p warrant-e2e --bin warrant-app --bin warrant-screenshots --bin warrant-ladder-screenshots

if [ -z "${DISPLAY:-}" ]; then
  DISPLAY_NUM=${WARRANT_XVFB_DISPLAY:-98}
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

TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
WARRANT_APP_BIN="$TARGET/debug/warrant-app" "$TARGET/debug/warrant-screenshots" "$OUT"
# The ladder, the portfolio and the review screen: ladder.png, ladder-editor.png,
# portfolio.png, review.png.
WARRANT_APP_BIN="$TARGET/debug/warrant-app" "$TARGET/debug/warrant-ladder-screenshots" "$OUT"
