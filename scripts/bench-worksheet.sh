#!/usr/bin/env bash
# Times one filled worksheet PDF as a whole process, side by side in one run:
# the release `warrant worksheet` CLI (registry open, readiness, typst render,
# file written) against Chromium printing an equivalent HTML page of the same
# worksheet (--print-to-pdf). Prints medians and the speed ratio; asserts
# nothing (the targets: CLI <= 300 ms, >= 20x faster than Chromium).
#
#   scripts/bench-worksheet.sh [RUNS]      # default 10 runs of each
#   WARRANT_BIN=target/release/warrant scripts/bench-worksheet.sh
#
# The two sides alternate run by run, so both see the same machine load.
# One untimed run of each comes first (disk cache, fontconfig cache).
# Installs Debian's `chromium` if it is missing (apt, as root or via sudo).
# In-process figures (cold / warm render) come from:
#   CARGO_TARGET_DIR=target-pdf cargo bench -p warrant-pdf --bench render
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${1:-10}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target-pdf}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if ! command -v chromium >/dev/null; then
  echo "installing chromium (Debian package)…"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi

# WARRANT_BIN times an already built executable instead, e.g. the one
# scripts/build-deb.sh packages: WARRANT_BIN=target/release/warrant — no
# second release build.
if [ -n "${WARRANT_BIN:-}" ]; then
  warrant="$WARRANT_BIN"
else
  cargo build --release --quiet -p warrant-cli
  warrant="$CARGO_TARGET_DIR/release/warrant"
fi
db="$work/registry.db"

# Fallback for a tree whose CLI has no `worksheet` yet: the crate's example
# binary renders the sample worksheet in one process instead.
if "$warrant" worksheet --help >/dev/null 2>&1; then
  # The registry `warrant init` creates holds the example contracts; one dry
  # run kept in its history gives the worksheet counts to print.
  "$warrant" init --db "$db" >/dev/null
  "$warrant" dryrun churn-risk-summary --records contracts/samples/churn-risk-summary.csv \
    --summary --db "$db" --as alex.morgan@example.com >/dev/null
  typst_label="warrant worksheet (CLI, release)"
  typst_cmd=("$warrant" worksheet churn-risk-summary --out "$work/warrant.pdf" --db "$db")
else
  echo "NOTE: this warrant CLI has no 'worksheet' subcommand; timing the"
  echo "      warrant-pdf example binary (render_worksheets) as the process instead."
  cargo build --release --quiet -p warrant-pdf --example render_worksheets
  typst_label="render_worksheets example (release)"
  typst_cmd=("$CARGO_TARGET_DIR/release/examples/render_worksheets" "$work/example" filled)
fi

# The same worksheet as an HTML page: the churn-risk-summary example contract
# (contracts/examples/churn-risk-summary.yaml) with every section the PDF has:
# header, verdict band, ladder, ten areas, findings, owners, dry run, review
# steps, review history, audit head. Same font (DejaVu Sans) and page size.
cat > "$work/worksheet.html" <<'HTML'
<!doctype html><html lang="en"><head><meta charset="utf-8"><title>AI activation contract: Churn-risk summary for CSMs</title>
<style>
@page { size: A4; margin: 15mm 15mm 18mm; }
body { font: 8.6pt "DejaVu Sans", sans-serif; color: #1b2230; margin: 0; }
h1 { font-size: 17pt; margin: 1.6mm 0; padding-bottom: 1mm; border-bottom: 1.6pt solid #1f4e79; }
h2 { font-size: 11pt; color: #1f4e79; border-bottom: .8pt solid #1f4e79; margin: 6mm 0 2.6mm; break-after: avoid; }
.kicker { font-size: 7.2pt; color: #1f4e79; font-weight: bold; letter-spacing: .08em; }
.label, th { font-size: 6.8pt; color: #5a6374; font-weight: bold; text-transform: uppercase; letter-spacing: .04em; }
table { width: 100%; border-collapse: collapse; } td, th { border: .4pt solid #b9c0cc; padding: 1.6mm 1.8mm; vertical-align: top; text-align: left; }
tr { break-inside: avoid; } .keep { break-inside: avoid; }
.mono { font-family: "DejaVu Sans Mono", monospace; }
.muted { color: #5a6374; } .test { font-size: 7.4pt; color: #5a6374; font-style: italic; }
.facts { display: grid; grid-template-columns: 1.5fr .6fr .8fr 1.6fr .9fr; gap: 1.2mm 4mm; }
.band { background: #eef1f5; padding: 3mm; border-radius: 1mm; display: grid; grid-template-columns: auto 1fr 1fr 1fr; gap: 5mm; align-items: center; margin-top: 3mm; }
.verdict { background: #e3f0e4; border: 1pt solid #2e6b34; color: #2e6b34; font-size: 11pt; font-weight: bold; padding: 2mm 3mm; border-radius: 1mm; }
.big { font-size: 10pt; font-weight: bold; }
.ladder { display: flex; gap: 2mm; align-items: flex-end; border-bottom: 1.2pt solid #1b2230; }
.rung { flex: 1; padding: 2mm; border-top: 2pt solid #2e6b34; background: #e3f0e4; border-radius: 1mm 1mm 0 0; }
.rung b { color: #2e6b34; font-size: 9.5pt; } .rung small { display: block; font-size: 6.6pt; font-weight: bold; color: #2e6b34; margin: 1mm 0; }
.tag { display: inline-block; font-size: 6.6pt; font-weight: bold; color: #fff; background: #1f4e79; padding: .9mm 1.6mm; border-radius: .8mm; }
.counts { display: grid; grid-template-columns: repeat(4, 1fr); gap: 3mm; } .counts div { background: #eef1f5; padding: 2.4mm; border-radius: 1mm; }
.counts b { display: block; font-size: 14pt; }
.box { display: inline-block; width: 3.2mm; height: 3.2mm; border: .6pt solid; border-radius: .4mm; }
</style></head><body>
<div class="kicker">WARRANT · FILLED WORKSHEET</div>
<h1>Churn-risk summary for CSMs</h1>
<div class="facts">
<span class="label">Contract id</span><span class="label">Version</span><span class="label">Status</span><span class="label">Workflow</span><span class="label">Printed</span>
<span class="mono">churn-risk-summary</span><span>1</span><span>live</span><span>Churn-risk routing</span><span>2026-11-24</span>
</div>
<div class="band"><span class="verdict">Ready</span><span><span class="label">Requested</span><br><span class="big">assist</span></span>
<span><span class="label">Ceiling</span><br><span class="big">act</span></span><span><span class="label">Next route</span><br><span class="big">Data Activation</span></span></div>
<h2>Authority ladder</h2>
<div class="keep">
<div class="ladder">
<div><div style="text-align:center;height:6mm"></div><div class="rung" style="height:17mm"><b>Suggest</b><small>SUPPORTED</small>Show a recommended next step, with its context.</div></div>
<div><div style="text-align:center;height:6mm"><span class="tag">REQUESTED</span></div><div class="rung" style="height:22mm"><b>Assist</b><small>SUPPORTED</small>Draft notes, summaries, tasks or next actions for a person to approve.</div></div>
<div><div style="text-align:center;height:6mm"></div><div class="rung" style="height:27mm"><b>Route</b><small>SUPPORTED, NOT REQUESTED</small>Send records to a queue, owner, play or review path.</div></div>
<div><div style="text-align:center;height:6mm"></div><div class="rung" style="height:32mm"><b>Act</b><small>SUPPORTED, NOT REQUESTED</small>Update fields, send messages, create tasks, change status.</div></div>
</div>
<p style="text-align:right"><span class="tag" style="background:#2e6b34">CEILING</span></p>
<p class="muted">The requested rung (assist) is at or below the ceiling (act). Launch at the lowest useful rung; move up only after reviewing real examples.</p>
</div>
<h2>The ten areas</h2>
<table><tr><th style="width:56mm">Area · operator test</th><th>This contract</th></tr>
<tr><td><b>1 Workflow and decision</b><div class="test">Could a VP say in one sentence what people will do differently?</div></td><td><span class="label">Category</span> Churn-risk routing<br><span class="label">Description</span> Draft a churn-risk summary for the account's CSM when the account health model crosses the review threshold, naming the signals behind it (for example: usage down 35%, two admins left, an open billing ticket).<br><span class="label">Decision</span> The CSM confirms or rejects the reason code before the CRM health band changes; the AI never overwrites the band on its own.</td></tr>
<tr><td><b>2 Sources and trusted models</b><div class="test">Would the team stand behind these inputs in a review meeting?</div></td><td><table>
<tr><th>Source</th><th>System</th><th>Role</th><th>Trust</th><th>Owner</th><th>Max age</th></tr>
<tr><td>account_health_current</td><td>dbt</td><td>source of truth</td><td>trusted</td><td class="mono">dana.okafor@example.com</td><td>24 hours</td></tr>
<tr><td>Support cases</td><td>support</td><td>context</td><td>trusted</td><td class="mono">lena.fischer@example.com</td><td>6 hours</td></tr>
<tr><td>Billing status</td><td>billing</td><td>context</td><td>trusted</td><td class="mono">dana.okafor@example.com</td><td>24 hours</td></tr>
<tr><td>Salesforce account hierarchy and renewal date</td><td>CRM</td><td>context</td><td>trusted</td><td class="mono">marcus.reed@example.com</td><td>24 hours</td></tr></table></td></tr>
<tr><td><b>3 Entity grain and identifiers</b><div class="test">Could the output land on the wrong record?</div></td><td>account · <span class="mono">salesforce_account_id, billing_customer_id</span> · deterministic · match rate 97% (target 95%)<br>Definitions: account health band (agreed) · active renewal (agreed)</td></tr>
<tr><td><b>4 Business owner and data owner</b><div class="test">Can each of them pause or change the workflow on their own authority?</div></td><td>Business: <span class="mono">priya.shah@example.com</span><br>Data: <span class="mono">dana.okafor@example.com</span></td></tr>
<tr><td><b>5 Authority level</b><div class="test">Is the authority no higher than the team's confidence in the data?</div></td><td>assist (ceiling act)</td></tr>
<tr><td><b>6 Confidence and freshness thresholds</b><div class="test">Could stale data quietly produce confident recommendations?</div></td><td>Minimum confidence 0.70 · reason codes required: yes<br>usage_drop, admin_departure, open_billing_ticket, champion_left, seats_reduced<br>Max field age 48 hours · sync daily, 05:00 UTC · outputs expire after 168 hours</td></tr>
<tr><td><b>7 Suppression and exclusion rules</b><div class="test">Which records must the workflow never touch?</div></td><td>
Unresolved P1/P2 support case · support escalations · suppress · <span class="mono">record.support_severity in ["P1", "P2"]</span><br>
Renewal conversation under way · active renewals · send to review · <span class="mono">record.days_to_renewal &lt;= 60</span><br>
Child account of a larger parent · custom · send to review · <span class="mono">record.is_child_account == true</span></td></tr>
<tr><td><b>8 Destination and visible context</b><div class="test">Will the person who receives it see why it exists?</div></td><td>Salesforce · Account.Churn_Summary__c (draft; the CSM confirms before Account.Health_Band__c changes)<br>User sees: reason code, confidence, timestamp, source</td></tr>
<tr><td><b>9 Exception owner and rollback path</b><div class="test">Is a named response in place before the first incident?</div></td><td><span class="mono">lena.fischer@example.com</span><br>Pause: CS ops turns off the "churn summary" job in the scheduler and posts in #cs-ops who paused it and why; drafts already shown are marked expired.<br>Rollback: Restore Account.Health_Band__c from the nightly snapshot for every account changed since the bad run, and delete the affected draft summaries.<br>Pause when: match rate drops below the 0.95 target · support-case feed older than 6 hours · billing status source delayed by more than a day</td></tr>
<tr><td><b>10 Audit trail</b><div class="test">Could the team reconstruct what happened when a customer or executive asks?</div></td><td>suggestion, change, reviewer, timestamp · kept 730 days</td></tr>
</table>
<h2>Readiness findings</h2>
<p><b>Blocking the requested rung (assist)</b><br>Nothing blocks it: every rule up to the requested rung holds.</p>
<p><b>To reach the next rung</b><br>Nothing to add: no rule above the requested rung fails.</p>
<div class="keep"><h2>Owners and sign-off</h2>
<table><tr><th>Role</th><th>Name and e-mail</th><th>Signature</th><th>Date</th></tr>
<tr><td><b>Business owner</b><br><small class="muted">owns the action and its review</small></td><td class="mono">priya.shah@example.com</td><td style="height:7mm"></td><td></td></tr>
<tr><td><b>Data owner</b><br><small class="muted">owns the input logic and sources</small></td><td class="mono">dana.okafor@example.com</td><td style="height:7mm"></td><td></td></tr>
<tr><td><b>Destination owner</b><br><small class="muted">owns the field, queue or channel written to</small></td><td class="mono">marcus.reed@example.com</td><td style="height:7mm"></td><td></td></tr>
<tr><td><b>Exception owner</b><br><small class="muted">investigates bad examples, owns the pause</small></td><td class="mono">lena.fischer@example.com</td><td style="height:7mm"></td><td></td></tr></table></div>
<div class="keep"><h2>Latest dry run on sample records</h2>
<div class="counts"><div><span class="label">Records</span><b>10</b></div><div><span class="label">Eligible</span><b style="color:#2e6b34">4</b></div><div><span class="label">Sent to review</span><b style="color:#1f4e79">4</b></div><div><span class="label">Suppressed</span><b style="color:#a3261e">2</b></div></div>
<p class="muted">Sample file <span class="mono">churn-risk-summary.csv</span> · run 2026-11-24 09:00 UTC</p></div>
<div class="keep"><h2>First contract review</h2>
<table><tr><th>Step</th><th style="width:30mm">Done on</th></tr>
<tr><td>1 Pick one revenue workflow, not the whole AI roadmap.</td><td class="mono">2026-08-03</td></tr>
<tr><td>2 Pull ten real records the workflow would touch.</td><td class="mono">2026-08-04</td></tr>
<tr><td>3 Fill in the contract with the workflow, destination and data owners in the room.</td><td class="mono">2026-08-06</td></tr>
<tr><td>4 Classify the authority: suggest, assist, route or act.</td><td class="mono">2026-08-06</td></tr>
<tr><td>5 Mark every record that should be suppressed or reviewed by hand.</td><td class="mono">2026-08-06</td></tr>
<tr><td>6 Decide what would make the workflow pause after launch.</td><td class="mono">2026-08-06</td></tr>
<tr><td>7 Launch at the lowest useful rung, then review real examples before raising it.</td><td class="mono">2026-08-17</td></tr></table></div>
<h2>Review history</h2>
<p class="muted">No review recorded yet for this contract.</p>
<div class="keep"><h2>Audit chain head</h2>
<p class="muted">The registry's audit events form a hash chain; this is its head when printed. A later copy with the same head saw no other changes.</p>
<p class="mono">sha256:4f0c2b9e81d7a6553c0e9f1b2d4a6c8e0f1a3b5c7d9e1f2a4b6c8d0e2f4a6b8c:12</p></div>
</body></html>
HTML

chromium_cmd=(bash -c 'chromium --headless --no-sandbox --disable-gpu \
  --disable-background-networking --disable-component-update --disable-sync --no-first-run \
  --user-data-dir="$(mktemp -d -p "$1")" --no-pdf-header-footer \
  --print-to-pdf="$1/chromium.pdf" "file://$1/worksheet.html"' _ "$work")

# Milliseconds of one run of "$@", output discarded; a failed run aborts.
time_ms() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1 || { echo "FAILED: $*" >&2; exit 1; }
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}

# Median of the numbers on stdin.
median_of() {
  sort -n | awk '{ t[NR] = $1 } END { print (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2 }'
}

# One line of figures: label, then the times.
report() {
  local label="$1"; shift
  printf '%s\n' "$@" | sort -n | awk -v label="$label" -v median="$(printf '%s\n' "$@" | median_of)" '
    { t[NR] = $1; sum += $1 }
    END { printf "%-36s min %5d ms   median %7.1f ms   mean %7.1f ms   max %5d ms   (%d runs)\n", label, t[1], median, sum / NR, t[NR], NR }'
}

echo "One filled worksheet PDF, one process each, $runs runs of each, alternating:"
time_ms "${typst_cmd[@]}" >/dev/null
time_ms "${chromium_cmd[@]}" >/dev/null
typst_times=() chromium_times=()
for _ in $(seq "$runs"); do
  typst_times+=("$(time_ms "${typst_cmd[@]}")")
  chromium_times+=("$(time_ms "${chromium_cmd[@]}")")
done
report "$typst_label" "${typst_times[@]}"
report "chromium --print-to-pdf" "${chromium_times[@]}"
typst_median=$(printf '%s\n' "${typst_times[@]}" | median_of)
chromium_median=$(printf '%s\n' "${chromium_times[@]}" | median_of)
echo "speed ratio (chromium median / warrant median): $(awk -v c="$chromium_median" -v t="$typst_median" 'BEGIN { printf "%.1fx", c / (t > 0 ? t : 1) }')"

for pdf in "$work"/warrant.pdf "$work"/example/*.pdf "$work"/chromium.pdf; do
  [ -f "$pdf" ] || continue
  pages=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
  printf '  %-14s %7d bytes  %s pages\n' "$(basename "$pdf")" "$(stat -c %s "$pdf")" "${pages:-?}"
done
