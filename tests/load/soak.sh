#!/usr/bin/env bash
# The soak (docs/performance.md): ten minutes of mixed load on the trust (policy pages read by many people as fast as
# they are answered, signatures at a steady pace, the compliance dashboard and the sign-off CSV now and then), with
# the app's resident memory sampled every two seconds. Writes the curve as an SVG chart (docs/images/soak-memory.svg)
# and a table a minute into docs/performance.md. Fails on any error response.
#
# Usage: tests/load/soak.sh   Settings, as environment variables, with their defaults:
#   MINUTES=10                 length of the mixed load, in minutes of 60 s (cookies are renewed between them)
#   PEOPLE=20000 POLICIES=50   the trust generated
#   SIGNED_IN=1000             people signed in for reading and signing (about 20 signatures each to give)
#   WRITE_DOCS=1               0 to leave docs/ alone; CHART=FILE writes the chart there instead
set -euo pipefail
cd "$(dirname "$0")/../.."

minutes=${MINUTES:-10}
people=${PEOPLE:-20000}
policies=${POLICIES:-50}
signed_in=${SIGNED_IN:-1000}

work=$(mktemp -d)
# shellcheck source=tests/load/lib.sh
. tests/load/lib.sh
load_prepare "$people" "$policies"
load_start
load_sign_in "$signed_in"

# Resident memory every two seconds from the start of the mixed load: seconds, then MB.
soak_started=$(date +%s%N)
(
  while kill -0 "$app_pid" 2>/dev/null; do
    printf '%s\t%s\n' "$((($(date +%s%N) - soak_started) / 1000000000))" "$(load_rss_mb)"
    sleep 2
  done
) >"$work/memory.tsv" 2>/dev/null &
sampler_pid=$!
load_pids=("$sampler_pid")

# One load for a minute in the background: name, connections, file, status, mode, location, pause between requests (ms).
load() {
  wrk -t1 -c"$2" -d60s --timeout 10s -s tests/load/requests.lua "$load_url" -- "$work/requests/$3" 1 "$4" "$5" "$6" "$7" \
    2>"$work/$1.err" | grep '^RESULT ' | sed "s/^RESULT /minute=$minute measure=$1 /" >>"$work/results.txt" &
}

: >"$work/results.txt"
for minute in $(seq 1 "$minutes"); do
  load_client requests --sessions "$work/sessions.tsv" --out "$work/requests" >/dev/null
  load page 8 read.txt 200 cycle "" 0
  load signing 2 sign.txt 302 once /acknowledgements/ 100
  load dashboard 1 dashboard.txt 200 cycle "" 2000
  load csv 1 csv.txt 200 cycle "" 10000
  wait $(jobs -p | grep -vx "$sampler_pid" | grep -vx "$app_pid")
  cat "$work"/*.err >&2
  echo "Minute $minute: $(grep "^minute=$minute " "$work/results.txt" | awk '{ printf "%s %s/s  ", $2, $5 }' | sed 's/measure=//g; s/rps=//g')RSS $(load_rss_mb) MB"
done
kill "$sampler_pid" 2>/dev/null || true
peak=$(load_peak_mb)
load_stop

chart=${CHART:-$work/soak-memory.svg}
if [ "${WRITE_DOCS:-1}" != 0 ] && [ -z "${CHART:-}" ]; then chart=docs/images/soak-memory.svg; fi
summary=$(dotnet "$work/client/PolicyPortal.LoadClient.dll" chart --samples "$work/memory.tsv" --out "$chart")
errors=$(awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^(unexpected|socket_errors|repeated)=/) { split($i, kv, "="); n += kv[2] } } END { print n + 0 }' "$work/results.txt")
{
  echo "**Measured** $(date -u '+%-d %B %Y') on $load_machine_before; $people people and $policies policies, $signed_in of them signed in."
  echo
  echo "![Resident memory during the soak](images/soak-memory.svg)"
  echo
  echo "Resident memory: $summary Peak (VmHWM) over the whole run, sign-ins included: $peak MB. Error responses: $errors."
  echo
  echo "| Minute | Policy pages/s (8 connections) | Signatures/s (2 connections, 100 ms apart) | Dashboards (one at a time, 2 s apart) | CSVs (one at a time, 10 s apart) |"
  echo "| --- | --- | --- | --- | --- |"
  awk '
    { for (i = 1; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
      key = f["minute"] SUBSEP f["measure"]; rps[key] = f["rps"]; requests[key] = f["requests"]; p50[key] = f["p50"]; if (f["minute"] > last) last = f["minute"] }
    END { for (m = 1; m <= last; m++)
      printf "| %d | %.0f | %.0f | %d, median %.0f ms | %d, median %.0f ms |\n", m, rps[m, "page"], rps[m, "signing"],
        requests[m, "dashboard"], p50[m, "dashboard"], requests[m, "csv"], p50[m, "csv"] }' "$work/results.txt"
} >"$work/soak.md"

cat "$work/soak.md"
if [ "$errors" != 0 ]; then
  echo "FAILED: $errors error responses (above); docs/performance.md left as it was." >&2
  exit 1
fi
if [ "${WRITE_DOCS:-1}" != 0 ]; then
  load_write_doc soak "$work/soak.md"
  echo "Written to docs/performance.md and $chart"
fi
