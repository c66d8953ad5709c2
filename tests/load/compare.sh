#!/usr/bin/env bash
# Compares the policy page of two builds of the portal, run side by side on the same generated trust, for a change too
# small for run.sh to show (docs/performance.md, "Comparing two builds"). Both apps run at once; their page runs
# alternate, A then B, so a busy moment of the host falls on both. For each run it prints the requests a second and the
# app's CPU time per request (user and system time from /proc/PID/stat, divided by the requests answered), which
# varies less than the rate; then the medians of each.
#
# Usage: tests/load/compare.sh A B   each a git commit or branch, "." for the working tree, or a folder holding a
#                                    published app (PolicyPortal.Web.dll)
#   Settings, as environment variables, with their defaults:
#   PEOPLE=20000 POLICIES=50       the trust generated
#   SIGNED_IN=1500                 people signed in to each app, whose pages are read in turn
#   ROUNDS=8 SECONDS_PER_RUN=6     runs of each app, and the length of each, after WARMUP_RUNS=2 of each
#   CONNECTIONS=32                 wrk's connections
#   ENV_A= ENV_B=                  extra environment for one app, e.g. ENV_B="DOTNET_GCgen0MaxBudget=1000000"
#   LOG_LEVEL=Information          both apps' Serilog level
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ $# -ne 2 ]; then
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0" >&2
  exit 2
fi

people=${PEOPLE:-20000}
policies=${POLICIES:-50}
signed_in=${SIGNED_IN:-1500}
rounds=${ROUNDS:-8}
warmup_runs=${WARMUP_RUNS:-2}
seconds=${SECONDS_PER_RUN:-6}
connections=${CONNECTIONS:-32}
threads=$(nproc)
ticks_per_second=$(getconf CLK_TCK)

work=$(mktemp -d)
# shellcheck source=tests/load/lib.sh
. tests/load/lib.sh
load_require wrk curl openssl sqlite3 git

# A published app for a build named as in the usage, in $work/app-NAME.
publish() { # build name
  local build=$1 out=$work/app-$2 tree
  if [ -f "$build/PolicyPortal.Web.dll" ]; then
    cp -r "$build" "$out"
    return
  fi
  tree=.
  if [ "$build" != . ]; then
    tree=$work/tree-$2
    git worktree add --detach --quiet "$tree" "$build"
  fi
  dotnet publish "$tree/src/PolicyPortal.Web" -c Release -o "$out" --nologo -v q >/dev/null
  if [ "$tree" != . ]; then git worktree remove --force "$tree"; fi
}

echo "Publishing A ($1) and B ($2), generating $people people and $policies policies"
publish "$1" A
publish "$2" B
dotnet publish tests/PolicyPortal.LoadClient -c Release -o "$work/client" --nologo -v q >/dev/null
load_generate "$people" "$policies" >/dev/null
load_certificate

declare -A port=([A]=5097 [B]=5098) pid=()

# Starts one app on its own copy of the trust, as run.sh starts its app (load_launch in lib.sh).
start() { # name [NAME=value...]
  local name=$1 url="https://127.0.0.1:${port[$1]}"
  cp "$work/trust.db" "$work/trust-$name.db"
  load_launch "$work/app-$name" "$url" "$work/trust-$name.db" "$work/data-$name" "$work/app-$name.log" "${@:2}"
  pid[$name]=$launched_pid
  load_pids+=("$launched_pid")
  load_wait_for "$url" "${pid[$name]}" "$work/app-$name.log"
}

client() { # name command options...
  dotnet "$work/client/PolicyPortal.LoadClient.dll" "$2" --url "https://127.0.0.1:${port[$1]}" --cert "$work/cert.pem" \
    --db "$work/trust-$1.db" "${@:3}"
}

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# One page run of one app, with cookies renewed first as run.sh does; prints "rps us_per_request".
page() { # name
  local name=$1 before after result requests
  client "$name" requests --sessions "$work/sessions-$name.tsv" --out "$work/requests-$name" --fresh-for $((seconds + 10)) >/dev/null
  before=$(cpu_ticks "${pid[$name]}")
  result=$(load_wrk "$name" "https://127.0.0.1:${port[$name]}" "$seconds" "$threads" "$connections" \
    "$work/requests-$name/read.txt" 200 cycle)
  after=$(cpu_ticks "${pid[$name]}")
  if grep -qE '(unexpected|socket_errors|repeated)=[1-9]' <<<"$result"; then
    echo "Error responses from $name: $result" >&2
    return 1
  fi
  requests=$(grep -oE 'requests=[0-9]+' <<<"$result" | cut -d= -f2)
  echo "$((requests / seconds)) $(((after - before) * 1000000 / ticks_per_second / requests))"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

# shellcheck disable=SC2086 # each is a list of NAME=value words
start A ${ENV_A:-}
# shellcheck disable=SC2086
start B ${ENV_B:-}
echo "Signing in $signed_in people to each"
for name in A B; do client "$name" sign-in --people "$signed_in" --sessions "$work/sessions-$name.tsv" >/dev/null; done
for _ in $(seq 1 "$warmup_runs"); do
  page A >/dev/null
  page B >/dev/null
done

: >"$work/A.txt"
: >"$work/B.txt"
printf '%-6s %10s %10s %10s %10s\n' run "A req/s" "A us/req" "B req/s" "B us/req"
for n in $(seq 1 "$rounds"); do
  a=$(page A)
  b=$(page B)
  read -r a_rps a_us <<<"$a"
  read -r b_rps b_us <<<"$b"
  echo "$a_rps $a_us" >>"$work/A.txt"
  echo "$b_rps $b_us" >>"$work/B.txt"
  printf '%-6s %10s %10s %10s %10s\n' "$n" "$a_rps" "$a_us" "$b_rps" "$b_us"
done
printf '%-6s %10s %10s %10s %10s\n' median \
  "$(cut -d' ' -f1 "$work/A.txt" | median)" "$(cut -d' ' -f2 "$work/A.txt" | median)" \
  "$(cut -d' ' -f1 "$work/B.txt" | median)" "$(cut -d' ' -f2 "$work/B.txt" | median)"
for name in A B; do
  echo "Peak memory of $name: $(awk '/^VmHWM:/ { printf "%d MB", $2 / 1024 }' "/proc/${pid[$name]}/status")"
done
