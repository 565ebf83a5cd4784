#!/usr/bin/env bash
# Builds the installable Debian package: target/release/bundle/deb/Warrant_<version>_amd64.deb,
# holding the app (/usr/bin/warrant-app, desktop entry, icons) and the CLI
# (/usr/bin/warrant, its own executable: it does not load GTK and WebKit,
# so a worksheet from the command line starts in milliseconds).
# Needs the packages of .ci/install-deps.sh; fetches the Tauri CLI from npm.
# A release build: about 15 minutes on 2 cores.
#   scripts/build-deb.sh
#
# Size (measured, issue 17): two unstripped binaries each carrying typst,
# gzip = 46 MB. Both stripped (profile.release strip) and the package's data
# compressed with xz, whose 64 MB window finds typst and the core twice in
# one stream: see README's figure.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d ui/node_modules ] || (cd ui && npm install --no-audit --no-fund)
if [ -n "${CARGO_TARGET_DIR:-}" ]; then
  echo "build-deb.sh: unset CARGO_TARGET_DIR; the package is read from target/release" >&2
  exit 1
fi
TAURI_APP_PATH=src-tauri npm exec --yes --package=@tauri-apps/cli@^2 -- tauri build --bundles deb
cargo build --release --locked -p warrant-cli --bin warrant

# The Tauri bundler packs one executable and compresses with gzip: unpack,
# add the CLI, pack again with xz.
deb=$(ls target/release/bundle/deb/*.deb)
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
dpkg-deb -R "$deb" "$tree/pkg"
install -m 0755 target/release/warrant "$tree/pkg/usr/bin/warrant"
dpkg-deb --root-owner-group -Zxz -z9 -b "$tree/pkg" "$deb" >/dev/null
ls -l "$deb"
dpkg-deb -c "$deb"
