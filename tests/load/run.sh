#!/usr/bin/env bash
# The portal's benchmark (docs/performance.md): publishes the app in Release, generates a trust of 20,000 people and
# 50 policies, starts the app on loopback and measures, in the same run and with wrk on the same machine: the plain
# text endpoint /health/live (the ceiling of the app's pipeline here), the policy page signed in as many people,
# signing by distinct people and policies, the compliance dashboard and the sign-off CSV, the app's peak memory and
# its time from start to first response. Each figure is the median of RUNS runs. Prints the table and writes it into
# docs/performance.md. Fails on any error response.
#
# Usage: tests/load/run.sh   Settings, as environment variables, with their defaults:
#   PEOPLE=20000 POLICIES=50   the trust generated
#   SIGNED_IN=4500             people signed in for the policy page and signing (each sign-in costs a password hash;
#                              signing at 1,300/s uses up about 60,000 unsigned (person, policy) pairs in a run)
#   RUNS=5 SECONDS_PER_RUN=10  runs of each measure, and the length of each; WARMUP=5 seconds of each first
#   CONNECTIONS=32             wrk's connections for the plain endpoint, the policy page and signing
#   STARTS=3                   starts timed for the first response
#   WRITE_DOCS=1               0 to leave docs/performance.md alone
#   LOG_LEVEL=Information      the app's Serilog level; KEEP_LOG=FILE keeps the app's log
set -euo pipefail
cd "$(dirname "$0")/../.."

people=${PEOPLE:-20000}
policies=${POLICIES:-50}
signed_in=${SIGNED_IN:-4500}
runs=${RUNS:-5}
seconds=${SECONDS_PER_RUN:-10}
warmup=${WARMUP:-5}
connections=${CONNECTIONS:-32}
starts=${STARTS:-3}
threads=$(nproc)

work=$(mktemp -d)
# shellcheck source=tests/load/lib.sh
. tests/load/lib.sh
load_prepare "$people" "$policies"

echo "Timing $starts starts"
: >"$work/startup.txt"
for _ in $(seq 1 "$starts"); do
  load_start
  echo "$startup_ms" >>"$work/startup.txt"
  load_stop
done

load_start
load_sign_in "$signed_in"

# No cookie may pass a minute old during the measure that follows: the renewal itself and a measure, with room to spare.
requests() { load_client requests --sessions "$work/sessions.tsv" --out "$work/requests" --fresh-for $((seconds + 15)) | sed 's/^/  /'; }
signatures() { sqlite3 "$work/trust.db" "SELECT COUNT(*) FROM Acknowledgements"; }

# One wrk run of a request file; appends its result, with the run and the measure's name, to results.txt.
measure() { # run name duration threads connections file status mode [location]
  local run=$1 name=$2 result
  result=$(load_wrk "$name" "$load_url" "$3" "$4" "$5" "$work/requests/$6" "${@:7}")
  echo "run=$run measure=$name $result" | tee -a "$work/results.txt"
}

# A run: the plain endpoint and the policy page at the same load, signing, then the dashboard and the CSV one at a time.
# Cookies are renewed before each signed-in measure, as a browser's would be (see PolicyPortal.LoadClient requests).
run() { # run duration
  local run=$1 duration=$2 before after
  measure "$run" plain "$duration" "$threads" "$connections" plain.txt 200 cycle
  requests
  measure "$run" page "$duration" "$threads" "$connections" read.txt 200 cycle
  requests
  before=$(signatures)
  measure "$run" signing "$duration" "$threads" "$connections" sign.txt 302 once /acknowledgements/
  after=$(signatures)
  echo "run=$run measure=stored signatures=$((after - before))" | tee -a "$work/results.txt"
  requests
  measure "$run" dashboard "$duration" 1 1 dashboard.txt 200 cycle
  measure "$run" csv "$duration" 1 1 csv.txt 200 cycle
}

echo "Warming up for $warmup seconds a measure"
requests
run 0 "$warmup"
if grep -qE '(unexpected|socket_errors|repeated)=[1-9]' "$work/results.txt"; then
  echo "FAILED: error responses during the warm-up (above)." >&2
  exit 1
fi
: >"$work/results.txt"
for n in $(seq 1 "$runs"); do
  echo "Run $n of $runs"
  run "$n" "$seconds"
done
peak=$(load_peak_mb)
load_stop

load_client report --results "$work/results.txt" --startup "$work/startup.txt" --peak-mb "$peak" \
  --people "$people" --policies "$policies" --signed-in "$signed_in" --connections "$connections" --seconds "$seconds" \
  --machine "$load_machine_before" --out "$work/table.md" && status=0 || status=$?
cat "$work/table.md"
if [ "$status" != 0 ]; then
  echo "FAILED: error responses or lost signatures (above); docs/performance.md left as it was." >&2
  exit "$status"
fi
if [ "${WRITE_DOCS:-1}" != 0 ]; then
  load_write_doc benchmark "$work/table.md"
  echo "Written to docs/performance.md"
fi
