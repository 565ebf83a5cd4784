#!/usr/bin/env bash
# The long crash test: a child process saves contract versions through the
# core and prints each one after its commit; it is killed with SIGKILL at
# random moments CYCLES times (default 1000), and after every kill the
# registry must pass integrity_check, hold every acknowledged version and
# keep an intact audit chain. Prints: cycles, acknowledged writes, lost
# writes (must be 0). The test suite runs the same test with 200 cycles.
#   scripts/crash-test.sh [CYCLES] [SEED]
set -euo pipefail
cd "$(dirname "$0")/.."
export WARRANT_CRASH_CYCLES="${1:-1000}"
[ -n "${2:-}" ] && export WARRANT_CRASH_SEED="$2"
# The same (debug) build as the test suite, so no extra compile; pass
# CRASH_PROFILE=--release for a child that writes as fast as the disk allows.
cargo test -p warrant-core ${CRASH_PROFILE:-} --test crash -- --nocapture killed_writers 2>&1 \
  | grep -E '^crash test:|panicked|test result|acknowledged version|FAILED'
