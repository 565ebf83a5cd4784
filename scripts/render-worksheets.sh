#!/usr/bin/env bash
# Renders the blank and the sample filled worksheet (A4 and US Letter) and
# saves page images to docs/screenshots/worksheet-*.png, small enough to
# commit (70 dpi). Rerun it after changing crates/warrant-pdf/templates/.
#
#   scripts/render-worksheets.sh            # PDFs land in $CARGO_TARGET_DIR/worksheets
#
# Needs poppler-utils (pdftoppm). Uses target-pdf/ as the cargo target dir
# unless CARGO_TARGET_DIR is set, to keep typst's heavy build separate.
set -euo pipefail
cd "$(dirname "$0")/.."

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target-pdf}"
out="$CARGO_TARGET_DIR/worksheets"
dpi=70

cargo run --release --quiet -p warrant-pdf --example render_worksheets -- "$out"

mkdir -p docs/screenshots
rm -f docs/screenshots/worksheet-*.png
# Every page of the A4 versions; the first page of the Letter versions to
# show the other paper size.
for kind in blank filled; do
  pdftoppm -png -r "$dpi" "$out/worksheet-$kind-a4.pdf" "docs/screenshots/worksheet-$kind-a4"
  pdftoppm -png -r "$dpi" -f 1 -l 1 "$out/worksheet-$kind-letter.pdf" "docs/screenshots/worksheet-$kind-letter"
done
ls -l docs/screenshots/worksheet-*.png
