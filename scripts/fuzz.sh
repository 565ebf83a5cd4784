#!/usr/bin/env bash
# Runs every fuzz target in fuzz/ for a bounded time and prints, per target,
# the executions and whether libFuzzer found a crash (kept in
# fuzz/artifacts/<target>/). cargo-fuzz needs nightly features; on a stable
# toolchain RUSTC_BOOTSTRAP=1 unlocks them.
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
# Needs: cargo install cargo-fuzz --locked
set -uo pipefail
cd "$(dirname "$0")/../fuzz"
SECONDS_EACH="${1:-60}"
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(parse_contract import_registry compile_condition)
export RUSTC_BOOTSTRAP=1
# Its own target folder: sanitizer builds would otherwise evict the
# workspace's artifacts (and hold its build lock for minutes).
export CARGO_TARGET_DIR="${FUZZ_TARGET_DIR:-$PWD/target}"

# Seeds: every contract file the project ships, and the conditions in them.
mkdir -p corpus/parse_contract corpus/import_registry corpus/compile_condition
for f in ../contracts/templates/*.yaml ../contracts/examples/*.yaml ../tests/fixtures/format/*.yaml; do
  [ -f "$f" ] || continue
  cp -n "$f" corpus/parse_contract/ 2>/dev/null || true
  cp -n "$f" corpus/import_registry/ 2>/dev/null || true
done
grep -h 'when:' ../contracts/*/*.yaml 2>/dev/null | sed 's/^ *when: *//; s/^"//; s/"$//' \
  | awk 'length > 0 { f = sprintf("corpus/compile_condition/seed-%03d", NR); print > f; close(f) }'

# Hostile seeds: the contracts with corpus strings in every free-text field
# (tests/data/hostile), and each corpus string as a condition.
hostile="$(mktemp -d)"
if (cd .. && cargo run -q -p warrant-hostile --example write_hostile -- "$hostile" 2>/dev/null); then
  for f in "$hostile"/hostile-[0-9]*; do
    cp -n "$f" corpus/parse_contract/ 2>/dev/null || true
    cp -n "$f" corpus/import_registry/ 2>/dev/null || true
  done
fi
rm -rf "$hostile"
if command -v python3 >/dev/null; then
  python3 - <<'PY'
import json
for i, item in enumerate(json.load(open("../tests/data/hostile/corpus.json"))):
    open(f"corpus/compile_condition/hostile-{i:03d}", "w").write(item["text"])
PY
fi

status=0
printf '%-20s %10s %12s %8s\n' target seconds execs crashes
for target in "${TARGETS[@]}"; do
  log="$(mktemp)"
  cargo fuzz run -O "$target" "corpus/$target" -- \
    -max_total_time="$SECONDS_EACH" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 >"$log" 2>&1
  code=$?
  execs="$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}' | tail -1)"
  crashes="$(find "artifacts/$target" -type f 2>/dev/null | wc -l)"
  printf '%-20s %10s %12s %8s\n' "$target" "$SECONDS_EACH" "${execs:-?}" "$crashes"
  if [ "$code" -ne 0 ]; then
    status=1
    echo "--- $target exited with $code; last lines of its log:"
    tail -30 "$log"
  fi
  rm -f "$log"
done
exit $status
