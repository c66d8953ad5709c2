#!/usr/bin/env bash
# Times a trust's staff import (docs/performance.md, "Importing a trust's staff"): publishes the app in Release,
# generates a trust of TRUST people already in the portal, and in each of RUNS runs starts the app afresh on a copy of
# that trust, signs in the Principal and imports a staff export of ROWS people through the pages (the load client's
# people-import: split names, work email, free-text staff roles, job title and department; the staff already in the
# portal among them, one in ten changed). After a warm-up import of WARM_UP other people, it times the upload to the
# preview page read in full, and the import to its redirect, and reads the app's peak memory (VmHWM) after each run.
# Prints each run and the medians, against the targets: preview under 3 s, import under 15 s, peak memory under 300 MB.
# Fails if a run fails or saves other than it should.
#
# Usage: tests/load/people-import.sh   Settings, as environment variables, with their defaults:
#   ROWS=20000 TRUST=200 RUNS=3   the export's rows, the people in the portal before it, the runs
#   WARM_UP=100                   people imported first in each run; 0 to time the first import since the app started
#   LOG_LEVEL=Information         the app's Serilog level; KEEP_LOG=FILE keeps the app's log
set -euo pipefail
cd "$(dirname "$0")/../.."

rows=${ROWS:-20000}
trust=${TRUST:-200}
runs=${RUNS:-3}
warm_up=${WARM_UP:-100}

work=$(mktemp -d)
# shellcheck source=tests/load/lib.sh
. tests/load/lib.sh
load_prepare "$trust" 5
cp "$work/trust.db" "$work/before-import.db"

: >"$work/results.txt"
for n in $(seq 1 "$runs"); do
  rm -f "$work/trust.db" "$work/trust.db-wal" "$work/trust.db-shm"
  cp "$work/before-import.db" "$work/trust.db"
  load_start
  result=$(load_client people-import --rows "$rows" --warm-up "$warm_up" | tee /dev/stderr | grep '^RESULT ')
  echo "${result#RESULT } peak_mb=$(load_peak_mb)" >>"$work/results.txt"
  load_stop
done

echo
echo "| Run | Preview (upload to page read) | Import (to redirect) | Peak memory (VmHWM) | File | Preview page | Import form |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
  printf "| %d | %.2f s | %.2f s | %d MB | %d KB | %d KB | %d KB |\n", NR, v["preview_ms"] / 1000, v["apply_ms"] / 1000, v["peak_mb"], v["file_kb"], v["page_kb"], v["form_kb"] }' "$work/results.txt"

median() { # field
  sed -E "s/.*\b$1=([0-9]+).*/\1/" "$work/results.txt" | sort -n | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }'
}
preview=$(median preview_ms)
apply=$(median apply_ms)
peak=$(sed -E 's/.*\bpeak_mb=([0-9]+).*/\1/' "$work/results.txt" | sort -n | tail -n 1)
echo
if [ "$warm_up" -gt 0 ]; then warmed="after a warm-up import of $warm_up people"; else warmed="each the first import since the app started"; fi
awk -v p="$preview" -v a="$apply" -v m="$peak" -v rows="$rows" -v runs="$runs" -v warmed="$warmed" 'BEGIN {
  printf "%d rows, median of %d runs %s: preview %.2f s (target < 3 s: %s), import %.2f s (target < 15 s: %s); peak memory, highest of the runs, %d MB (target < 300 MB: %s).\n",
    rows, runs, warmed, p / 1000, p < 3000 ? "met" : "NOT MET", a / 1000, a < 15000 ? "met" : "NOT MET", m, m < 300 ? "met" : "NOT MET" }'
echo "Machine: $load_machine_before."
