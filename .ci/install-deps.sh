#!/usr/bin/env bash
# Installs what building, running and testing Warrant needs on Debian 12.
# Idempotent: each step checks first, so a rerun takes seconds.
set -euo pipefail

APT_PACKAGES=(
  # build the Tauri shell
  libwebkit2gtk-4.1-dev build-essential pkg-config curl file libxdo-dev
  libssl-dev libayatana-appindicator3-dev librsvg2-dev
  # run and test the window headless; check PDFs
  xvfb xauth webkit2gtk-driver imagemagick x11-utils poppler-utils
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

if [ -f ui/package.json ] && [ ! -d ui/node_modules ]; then
  (cd ui && npm ci --no-audit --no-fund)
fi
