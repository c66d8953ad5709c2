#!/usr/bin/env bash
# Measures the compliance pages at trust scale: generates 20,000 people and 50 policies (tests/PolicyPortal.DataGenerator),
# starts the published app on loopback with that database, signs in as the Principal, and prints the median server
# time of each page over several requests. Usage: tests/load/compliance.sh [people] [policies] [requests]
set -euo pipefail
cd "$(dirname "$0")/../.."

people=${1:-20000}
policies=${2:-50}
requests=${3:-21}
work=$(mktemp -d)
# shellcheck source=tests/load/lib.sh
. tests/load/lib.sh
load_prepare "$people" "$policies"
LOG_LEVEL=${LOG_LEVEL:-Warning} load_start

jar="$work/cookies"
token=$(curl -sk -c "$jar" -b "$jar" "$load_url/account/sign-in" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | sed 's/.*value="//;s/"$//')
curl -sk -o /dev/null -c "$jar" -b "$jar" --data-urlencode "Email=person1@trust.example" --data-urlencode "Password=Demo-Portal-2026!" \
  --data-urlencode "__RequestVerificationToken=$token" "$load_url/account/sign-in"

measure() {
  local path=$1 results="$work/times" failed
  : >"$results"
  for _ in $(seq 1 "$requests"); do
    curl -sk -o /dev/null -b "$jar" -w '%{http_code} %{time_total}\n' "$load_url$path" >>"$results"
  done
  failed=$(awk '$1 != 200' "$results" | wc -l)
  awk '{ printf "%.0f\n", $2 * 1000 }' "$results" | sort -n | awk -v path="$path" -v failed="$failed" '
    { t[NR] = $1 } END { printf "| `%s` | %d ms | %d ms | %s |\n", path, t[int((NR + 1) / 2)], t[NR], failed ? failed " of " NR " failed" : "all " NR " OK" }'
}

# Warm up: the first requests pay for JIT compilation and cold caches, which the medians should not include.
for path in /compliance /compliance/personal-use-of-social-media /compliance/personal-use-of-social-media/sign-off.csv; do
  for _ in 1 2 3 4 5; do curl -sk -o /dev/null -b "$jar" "$load_url$path"; done
done

echo "| Page | Median | Slowest | Responses |"
echo "| --- | --- | --- | --- |"
measure /compliance
measure /compliance/personal-use-of-social-media
measure /compliance/personal-use-of-social-media/sign-off.csv
if [ -n "${EVIDENCE:-}" ]; then measure /compliance/personal-use-of-social-media/evidence; fi
echo
echo "Resident memory of the app after the run: $(( $(ps -o rss= -p "$app_pid") / 1024 )) MB, at its peak $(load_peak_mb) MB. Cores: $(nproc)."
