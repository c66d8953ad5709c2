#!/usr/bin/env bash
# Measures the compliance pages at trust scale: generates 20,000 people and 50 policies (tests/PolicyPortal.DataGenerator),
# starts the published app on loopback with that database, signs in as the Principal, and prints the median server
# time of each page over several requests. Usage: tests/load/compliance.sh [people] [policies] [requests]
set -euo pipefail
cd "$(dirname "$0")/../.."

people=${1:-20000}
policies=${2:-50}
requests=${3:-21}
port=5099
work=$(mktemp -d)
trap 'kill "${app_pid:-0}" 2>/dev/null || true; if [ -n "${KEEP_LOG:-}" ]; then cp "$work/app.log" "$KEEP_LOG"; fi; rm -rf "$work"' EXIT

dotnet publish src/PolicyPortal.Web -c Release -o "$work/app" --nologo -v q >/dev/null
dotnet run -c Release --project tests/PolicyPortal.DataGenerator -- "$work/trust.db" "$people" "$policies"

# HTTPS with a throwaway certificate: the sign-in and antiforgery cookies are Secure, so plain HTTP would not sign in.
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=127.0.0.1" -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="https://127.0.0.1:$port" \
  Kestrel__Certificates__Default__Path="$work/cert.pem" Kestrel__Certificates__Default__KeyPath="$work/key.pem" \
  ConnectionStrings__Portal="Data Source=$work/trust.db" App__DataDirectory="$work/data" App__FileLogging=false \
  Serilog__MinimumLevel__Default=Warning Email__DispatchIntervalSeconds=0 Presences__CheckIntervalMinutes=0 Reminders__CheckIntervalMinutes=0 \
  dotnet "$work/app/PolicyPortal.Web.dll" >"$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 100); do curl -skf "https://127.0.0.1:$port/account/sign-in" -o /dev/null && break; sleep 0.2; done

jar="$work/cookies"
token=$(curl -sk -c "$jar" -b "$jar" "https://127.0.0.1:$port/account/sign-in" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | sed 's/.*value="//;s/"$//')
curl -sk -o /dev/null -c "$jar" -b "$jar" --data-urlencode "Email=person1@trust.example" --data-urlencode "Password=Demo-Portal-2026!" \
  --data-urlencode "__RequestVerificationToken=$token" "https://127.0.0.1:$port/account/sign-in"

measure() {
  local path=$1 results="$work/times" failed
  : >"$results"
  for _ in $(seq 1 "$requests"); do
    curl -sk -o /dev/null -b "$jar" -w '%{http_code} %{time_total}\n' "https://127.0.0.1:$port$path" >>"$results"
  done
  failed=$(awk '$1 != 200' "$results" | wc -l)
  awk '{ printf "%.0f\n", $2 * 1000 }' "$results" | sort -n | awk -v path="$path" -v failed="$failed" '
    { t[NR] = $1 } END { printf "| `%s` | %d ms | %d ms | %s |\n", path, t[int((NR + 1) / 2)], t[NR], failed ? failed " of " NR " failed" : "all " NR " OK" }'
}

# Warm up: the first requests pay for JIT compilation and cold caches, which the medians should not include.
for path in /compliance /compliance/personal-use-of-social-media /compliance/personal-use-of-social-media/sign-off.csv; do
  for _ in 1 2 3 4 5; do curl -sk -o /dev/null -b "$jar" "https://127.0.0.1:$port$path"; done
done

echo "| Page | Median | Slowest | Responses |"
echo "| --- | --- | --- | --- |"
measure /compliance
measure /compliance/personal-use-of-social-media
measure /compliance/personal-use-of-social-media/sign-off.csv
if [ -n "${EVIDENCE:-}" ]; then measure /compliance/personal-use-of-social-media/evidence; fi
echo
echo "Resident memory of the app after the run: $(( $(ps -o rss= -p "$app_pid") / 1024 )) MB. Cores: $(nproc)."
