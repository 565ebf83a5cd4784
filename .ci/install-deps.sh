#!/usr/bin/env bash
# Installs what building, running and testing Warrant needs on Debian 12.
# Idempotent: each step checks first, so a rerun takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  # build the Tauri shell
  libwebkit2gtk-4.1-dev build-essential pkg-config curl file libxdo-dev
  libssl-dev libayatana-appindicator3-dev librsvg2-dev
  # run and test the window headless; check PDFs
  xvfb xauth webkit2gtk-driver imagemagick x11-utils poppler-utils
  # the single-instance e2e test: a session bus (dbus-run-session) and X focus
  dbus-daemon xdotool
  # the team repository: its tests make keys and check signatures with
  # ssh-keygen, and build repositories with git (verify reads git history)
  git openssh-client
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "apt: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get -o DPkg::Lock::Timeout=900 update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v tauri-driver >/dev/null 2>&1; then
  echo "cargo: installing tauri-driver"
  cargo install tauri-driver --locked --version 2.1.0
fi

# The UI needs Node 20.19+ (Vite 7); Debian 12's own nodejs is too old.
if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' 2>/dev/null; then
  echo "Node.js 20.19 or newer is required for ui/ (found: $(node --version 2>/dev/null || echo none))." >&2
  exit 1
fi

# Install when node_modules is missing or older than the lock file. `npm
# install`, not `npm ci`: the registry this project installs from serves only
# this platform's optional packages (rollup's per-OS binaries), so the lock
# file lacks the others and `npm ci` refuses it as "out of sync".
if [ -f ui/package-lock.json ] && { [ ! -f ui/node_modules/.package-lock.json ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; }; then
  echo "npm: installing ui dependencies"
  (cd ui && npm install --no-audit --no-fund)
fi
