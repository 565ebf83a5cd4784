#!/usr/bin/env bash
# Builds the installable Debian package: target/release/bundle/deb/Warrant_<version>_amd64.deb,
# holding the app (/usr/bin/warrant-app, desktop entry, icons) and the CLI
# (/usr/bin/warrant). Needs the packages of .ci/install-deps.sh; fetches the
# Tauri CLI from npm. A release build: about 13 minutes on 2 cores.
#   scripts/build-deb.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d ui/node_modules ] || (cd ui && npm install --no-audit --no-fund)
# The deb takes the CLI from target/release (tauri.conf.json, bundle.linux.deb.files).
if [ -n "${CARGO_TARGET_DIR:-}" ]; then
  echo "build-deb.sh: unset CARGO_TARGET_DIR; the package reads target/release" >&2
  exit 1
fi
TAURI_APP_PATH=src-tauri npm exec --yes --package=@tauri-apps/cli@^2 -- tauri build --bundles deb
ls -l target/release/bundle/deb/*.deb
