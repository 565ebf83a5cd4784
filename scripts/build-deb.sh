#!/usr/bin/env bash
# Builds the installable Debian package: target/release/bundle/deb/Warrant_<version>_amd64.deb,
# holding the app (/usr/bin/warrant-app, desktop entry, icons) and the CLI
# (/usr/bin/warrant, a link to the same executable: warrant-app is the
# command line when invoked as `warrant`, see src-tauri/src/main.rs).
# Needs the packages of .ci/install-deps.sh; fetches the Tauri CLI from npm.
# A release build: about 13 minutes on 2 cores.
#   scripts/build-deb.sh
#
# Size (measured, issue 17): two binaries each carrying typst, unstripped,
# gzip = 46 MB. One stripped executable (profile.release strip) and the
# package's data re-compressed with xz: see README's figure.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d ui/node_modules ] || (cd ui && npm install --no-audit --no-fund)
if [ -n "${CARGO_TARGET_DIR:-}" ]; then
  echo "build-deb.sh: unset CARGO_TARGET_DIR; the package is read from target/release" >&2
  exit 1
fi
TAURI_APP_PATH=src-tauri npm exec --yes --package=@tauri-apps/cli@^2 -- tauri build --bundles deb

# The Tauri bundler can only copy files into the package, not link them, and
# compresses with gzip: unpack, add the link, pack again with xz.
deb=$(ls target/release/bundle/deb/*.deb)
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
dpkg-deb -R "$deb" "$tree/pkg"
ln -sf warrant-app "$tree/pkg/usr/bin/warrant"
dpkg-deb --root-owner-group -Zxz -z9 -b "$tree/pkg" "$deb" >/dev/null
ls -l "$deb"
dpkg-deb -c "$deb"
