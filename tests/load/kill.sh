#!/usr/bin/env bash
# Nothing lost when the process dies (docs/performance.md): signs policies by many people at once, kills the app with
# SIGKILL in the middle, restarts it, and checks that every signature the app answered with a receipt is stored, none
# twice, that each signature sent but not answered is stored once after it is sent again, and that SQLite's
# integrity_check is ok; and at the end, that the record's hash chain is intact. Repeats that KILLS times on the same database, then checks every receipt of every round again.
# Prints the table and writes it into docs/performance.md. Fails if anything was lost or damaged.
#
# Usage: tests/load/kill.sh   Settings, as environment variables, with their defaults:
#   PEOPLE=20000 POLICIES=50   the trust generated
#   KILLS=6                    kills and restarts
#   SIGNED_IN=1000             people who sign (each sign-in costs a password hash; about 20 signatures each to give)
#   WORKERS=16                 signatures posted at once
#   WRITE_DOCS=1               0 to leave docs/performance.md alone
set -euo pipefail
cd "$(dirname "$0")/../.."

people=${PEOPLE:-20000}
policies=${POLICIES:-50}
kills=${KILLS:-6}
signed_in=${SIGNED_IN:-1000}
workers=${WORKERS:-16}

work=$(mktemp -d)
# shellcheck source=tests/load/lib.sh
. tests/load/lib.sh
load_prepare "$people" "$policies"
load_start
load_sign_in "$signed_in"

{
  echo "| Kill | Killed after | Restarted in | Answered with a receipt | Of them missing | Sent, not answered | Of them written before the kill | Stored once after sending again | Duplicated | integrity_check | Signatures stored |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
} >"$work/table.md"
failed=0
for k in $(seq 1 "$kills"); do
  load_client sign-until-refused --sessions "$work/sessions.tsv" --workers "$workers" \
    --answered "$work/answered-$k.tsv" --in-flight "$work/in-flight-$k.tsv" >"$work/client-$k.log" 2>&1 &
  client_pid=$!
  load_pids=("$client_pid")
  until grep -q '^Posting' "$work/client-$k.log"; do
    kill -0 "$client_pid" 2>/dev/null || { cat "$work/client-$k.log" >&2; exit 1; }
    sleep 0.1
  done
  after=$((2 + RANDOM % 5)).$((RANDOM % 10))
  sleep "$after"
  if ! kill -0 "$client_pid" 2>/dev/null; then
    echo "The client ran out of signatures to post before the kill: sign in more people (SIGNED_IN)." >&2
    exit 1
  fi
  kill -KILL "$app_pid"
  wait "$app_pid" 2>/dev/null || true
  app_pid=
  wait "$client_pid" || true
  load_pids=()
  echo "Kill $k after $after s: $(cat "$work/client-$k.log" | tail -n 1)"
  load_start
  restarted=$(awk -v ms="$startup_ms" 'BEGIN { printf "%.1f", ms / 1000 }')
  if ! load_client verify --sessions "$work/sessions.tsv" --answered "$work/answered-$k.tsv" --in-flight "$work/in-flight-$k.tsv" --counts "$work/counts.txt"; then
    failed=1
  fi
  echo "| $k | $after s | $restarted s $(tail -n 1 "$work/counts.txt")" >>"$work/table.md"
done

echo "Every round's receipts, checked again after the last restart"
cat "$work"/answered-*.tsv >"$work/answered-all.tsv"
: >"$work/in-flight-none.tsv"
final=$(load_client verify --sessions "$work/sessions.tsv" --answered "$work/answered-all.tsv" --in-flight "$work/in-flight-none.tsv") || failed=1
echo "$final"
load_stop
echo "The record's hash chain, exported and checked by the script in docs/evidence.md"
record=$(load_check_record) || failed=1
echo "$record"
{
  echo
  echo "After the last restart, every round's receipts together: $final"
  echo
  echo "The record's hash chain, exported after the last round and checked by the script in docs/evidence.md: $record"
  echo
  echo "**Measured** $(date -u '+%-d %B %Y') on $load_machine_before; $signed_in people signing, $workers signatures posted at once, $people people and $policies policies."
} >>"$work/table.md"

cat "$work/table.md"
if [ "$failed" != 0 ]; then
  echo "FAILED: a signature was lost, duplicated or damaged (above); docs/performance.md left as it was." >&2
  exit 1
fi
if [ "${WRITE_DOCS:-1}" != 0 ]; then
  load_write_doc kill-test "$work/table.md"
  echo "Written to docs/performance.md"
fi
