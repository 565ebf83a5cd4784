#!/usr/bin/env bash
# Run the Warrant desktop app: installs what is missing, builds the UI and the
# app, starts it. The first run creates the registry with the demo contracts
# (8 of them); later runs reopen it. Registry: $WARRANT_DB if set, else
# ~/.local/share/com.warrant.app/registry.db.
#   scripts/run-app.sh            # debug build (faster to build)
#   scripts/run-app.sh --release  # optimized build
set -euo pipefail
cd "$(dirname "$0")/.."

PROFILE=debug
CARGO_FLAGS=()
if [ "${1:-}" = "--release" ]; then
  PROFILE=release
  CARGO_FLAGS=(--release)
fi

.ci/install-deps.sh
(cd ui && npm run build)
cargo build --locked -p warrant-app "${CARGO_FLAGS[@]}"

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No display found (DISPLAY/WAYLAND_DISPLAY unset). To try it headless:" >&2
  echo "  Xvfb :99 -screen 0 1280x800x24 & DISPLAY=:99 $0" >&2
  exit 1
fi
exec "${CARGO_TARGET_DIR:-target}/$PROFILE/warrant-app"
