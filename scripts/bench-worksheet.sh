#!/usr/bin/env bash
# Compares what one worksheet PDF costs as a whole process: Warrant's typst
# renderer (the render_worksheets example, release build) against Chromium
# printing an equivalent HTML page (--print-to-pdf). Prints figures only.
#
#   scripts/bench-worksheet.sh [RUNS]      # default 10 runs each
#
# Installs Debian's `chromium` if it is missing (needs root and apt). The
# in-process figures (cold / warm) come from:
#   CARGO_TARGET_DIR=target-pdf cargo bench -p warrant-pdf --bench render
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${1:-10}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target-pdf}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if ! command -v chromium >/dev/null; then
  echo "installing chromium (Debian package)…"
  apt-get install -y --no-install-recommends chromium >/dev/null
fi

cargo build --release --quiet -p warrant-pdf --example render_worksheets
typst_bin="$CARGO_TARGET_DIR/release/examples/render_worksheets"

# An HTML page with the same content as the filled worksheet's sample:
# header, verdict band, ladder, ten-area table, findings, owners, steps.
cat > "$work/worksheet.html" <<'HTML'
<!doctype html><html><head><meta charset="utf-8"><title>Churn-risk summary for CSMs</title>
<style>
@page { size: A4; margin: 15mm 15mm 18mm; }
body { font: 8.6pt "DejaVu Sans", sans-serif; color: #1b2230; }
h1 { font-size: 17pt; margin: 2mm 0; border-bottom: 1.6pt solid #1f4e79; }
h2 { font-size: 11pt; color: #1f4e79; border-bottom: .8pt solid #1f4e79; margin-top: 6mm; }
table { width: 100%; border-collapse: collapse; } td, th { border: .4pt solid #b9c0cc; padding: 1.6mm; vertical-align: top; text-align: left; }
th { font-size: 6.8pt; color: #5a6374; text-transform: uppercase; }
.ladder { display: flex; gap: 2mm; align-items: flex-end; } .rung { flex: 1; padding: 2mm; border-top: 2pt solid; }
.ok { background: #e3f0e4; border-color: #2e6b34; } .gap { background: #f8e1de; border-color: #a3261e; } .idle { background: #f3f4f6; border-color: #5a6374; }
.box { display: inline-block; width: 3.2mm; height: 3.2mm; border: .6pt solid; }
</style></head><body>
<div style="font-size:7pt;color:#1f4e79;font-weight:bold">AI ACTIVATION CONTRACT · FILLED WORKSHEET</div>
<h1>Churn-risk summary for CSMs</h1>
<p>churn-risk-summary · version 3 · in review · Churn-risk routing · 2026-11-24</p>
<p style="background:#eef1f5;padding:3mm"><b style="color:#a3261e">Over-authorized</b> · requested <b>route</b> · ceiling <b>assist</b> · next route <b>Data Foundation</b></p>
<h2>Authority ladder</h2>
<div class="ladder">
<div class="rung ok" style="height:17mm"><b>Suggest</b><br>Show a recommended next step, with its context.</div>
<div class="rung ok" style="height:22mm"><b>Assist</b><br>Draft notes, summaries, tasks or next actions for a person to approve.</div>
<div class="rung gap" style="height:27mm"><b>Route</b><br>Send records to a queue, owner, play or review path.</div>
<div class="rung idle" style="height:32mm"><b>Act</b><br>Update fields, send messages, create tasks, change status.</div>
</div>
<h2>The ten areas</h2>
<table><tr><th>Area · operator test</th><th>This contract</th></tr>
<tr><td><b>1 Workflow and decision</b><br><i>Could a VP say in one sentence what people will do differently?</i></td><td>Draft a churn-risk summary when the health model crosses the review threshold.<br>The CSM confirms the reason code before the CRM health band changes.</td></tr>
<tr><td><b>2 Sources and trusted models</b><br><i>Would the team stand behind these inputs?</i></td><td><b>account_health_current</b> warehouse · source of truth · trusted<br>Owner Dana Whitfield dana@example.com · 24 hours</td></tr>
<tr><td><b>3 Entity grain and identifiers</b><br><i>Could the output land on the wrong record?</i></td><td>account · salesforce_account_id · probabilistic · 93% (target 95%)</td></tr>
<tr><td><b>4 Business owner and data owner</b><br><i>Can each of them pause or change the workflow?</i></td><td>Morgan Reyes · Dana Whitfield</td></tr>
<tr><td><b>5 Authority level</b><br><i>Is the authority no higher than the team's confidence?</i></td><td>route (ceiling assist)</td></tr>
<tr><td><b>6 Confidence and freshness thresholds</b><br><i>Could stale data produce confident recommendations?</i></td><td>0.70 · usage_drop, admin_departure, open_billing_ticket · 48 hours · daily · 168 hours</td></tr>
<tr><td><b>7 Suppression and exclusion rules</b><br><i>Which records must the workflow never touch?</i></td><td>Unresolved P1/P2 support case · support escalations · suppress</td></tr>
<tr><td><b>8 Destination and visible context</b><br><i>Will the person who receives it see why it exists?</i></td><td>Salesforce · Account.Churn_Summary__c · reason code, confidence, timestamp, source</td></tr>
<tr><td><b>9 Exception owner and rollback path</b><br><i>Is a named response in place before the first incident?</i></td><td>Tomasz Lindqvist · CS ops turns the sync off · Restore the previous health band</td></tr>
<tr><td><b>10 Audit trail</b><br><i>Could the team reconstruct what happened?</i></td><td>suggestion, change, reviewer, timestamp · 365 days</td></tr>
</table>
<h2>Readiness findings</h2>
<table><tr><th>Rule</th><th>Rung</th><th>Field</th><th>What to write down</th></tr>
<tr><td>R1</td><td>route</td><td>grain.matching</td><td>Matching must be deterministic to route records.</td></tr>
<tr><td>R2</td><td>route</td><td>definitions</td><td>Agree the definition of renewal date with every team.</td></tr></table>
<h2>First contract review</h2>
<table>
<tr><td>1 Pick one revenue workflow</td><td>2026-11-02</td></tr><tr><td>2 Pull ten real records</td><td>2026-11-05</td></tr>
<tr><td>3 Fill in the contract with the owners</td><td><span class="box"></span></td></tr><tr><td>4 Classify the authority</td><td><span class="box"></span></td></tr>
<tr><td>5 Mark records to suppress or review</td><td><span class="box"></span></td></tr><tr><td>6 Decide what would pause it</td><td><span class="box"></span></td></tr>
<tr><td>7 Launch at the lowest useful rung</td><td><span class="box"></span></td></tr></table>
</body></html>
HTML

# Milliseconds of one run of "$@", output discarded.
time_ms() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}

# Runs "$@" $runs times; prints min / median / mean.
bench() {
  local label="$1"; shift
  local times=()
  for _ in $(seq "$runs"); do times+=("$(time_ms "$@")"); done
  printf '%s\n' "${times[@]}" | sort -n | awk -v label="$label" '
    { t[NR] = $1; sum += $1 }
    END { printf "%-34s min %5d ms   median %5d ms   mean %7.1f ms   (%d runs)\n", label, t[1], t[int((NR + 1) / 2)], sum / NR, NR }'
}

echo "One filled worksheet PDF, one process each:"
bench "warrant-pdf (typst, release)" "$typst_bin" "$work" filled
# A fresh profile per run, as a one-off print from a CLI would have.
export work
bench "chromium --print-to-pdf" bash -c 'chromium --headless --no-sandbox --disable-gpu \
  --disable-background-networking --disable-component-update --disable-sync --no-first-run \
  --user-data-dir="$(mktemp -d -p "$work")" --no-pdf-header-footer \
  --print-to-pdf="$work/chromium.pdf" "file://$work/worksheet.html"'
if [ -x target/release/warrant ]; then
  echo "(warrant CLI found at target/release/warrant: time 'warrant worksheet' here too once it exists)"
fi
ls -l "$work"/*.pdf | awk '{ print "  " $5 " bytes  " $9 }'
