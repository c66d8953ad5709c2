# Shared by the load scripts (sourced, not run): what they need installed, the published app and the load client, the
# generated trust, a throwaway certificate, and starting and stopping the app on loopback. Set $work before sourcing.

load_port=${PORT:-5099}
load_url="https://127.0.0.1:$load_port"
load_pids=()

# On exit: the app stopped, anything else the script started in the background ended, the app's log kept if KEEP_LOG
# names a file, the work folder removed.
load_cleanup() {
  load_stop
  local pid
  for pid in "${load_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ -n "${KEEP_LOG:-}" ] && [ -f "$work/app.log" ]; then cp "$work/app.log" "$KEEP_LOG"; fi
  rm -rf "$work"
}
trap load_cleanup EXIT

# Installs the Debian packages of the same names as any of these commands that is missing.
load_require() {
  local missing=() command
  for command in "$@"; do
    command -v "$command" >/dev/null 2>&1 || missing+=("$command")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing ${missing[*]} from Debian's packages" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# What every load script does first: the tools, the app and the load client built, the trust generated, a certificate.
load_prepare() { # people policies
  load_require wrk curl openssl sqlite3 python3
  load_machine_before=$(load_machine)
  echo "Building and generating $1 people and $2 policies"
  load_build
  load_generate "$1" "$2"
  load_certificate
}

# Signs in the Principal and this many people through the running app, into $work/sessions.tsv.
load_sign_in() {
  echo "Signing in $1 people"
  load_client sign-in --people "$1" --sessions "$work/sessions.tsv"
}

# The app in Release, as it is deployed, and the load client beside it.
load_build() {
  dotnet publish src/PolicyPortal.Web -c Release -o "$work/app" --nologo -v q >/dev/null
  dotnet publish tests/PolicyPortal.LoadClient -c Release -o "$work/client" --nologo -v q >/dev/null
}

load_client() {
  dotnet "$work/client/PolicyPortal.LoadClient.dll" "$1" --url "$load_url" --cert "$work/cert.pem" --db "$work/trust.db" "${@:2}"
}

load_generate() { # people policies
  dotnet run -c Release --project tests/PolicyPortal.DataGenerator -- "$work/trust.db" "$1" "$2"
}

# HTTPS with a throwaway certificate: the sign-in and antiforgery cookies are Secure, so plain HTTP would not sign in.
load_certificate() {
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" \
    -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
}

# Starts the published app in Production on $load_url with the generated database, background jobs off and the sign-in
# rate limit out of the way, and waits for its first successful response. Sets app_pid, and startup_ms: milliseconds
# from launching the process to that response. Logging is as deployed (Information, console and file) unless
# LOG_LEVEL says otherwise. Like the systemd unit in docs/deployment.md, it limits glibc to two arenas (ADR 0023).
load_start() {
  local started
  started=$(date +%s%N)
  load_launch "$work/app" "$load_url" "$work/trust.db" "$work/data" "$work/app.log"
  app_pid=$launched_pid
  load_wait_for "$load_url" "$app_pid" "$work/app.log" || return 1
  startup_ms=$((($(date +%s%N) - started) / 1000000))
}

# Launches a published app as load_start does, in the background, with any extra environment given as NAME=value
# words; sets launched_pid. For scripts that run more than one app (compare.sh).
load_launch() { # folder url database data-folder log [NAME=value...]
  MALLOC_ARENA_MAX=2 ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="$2" \
    Kestrel__Certificates__Default__Path="$work/cert.pem" Kestrel__Certificates__Default__KeyPath="$work/key.pem" \
    ConnectionStrings__Portal="Data Source=$3" App__DataDirectory="$4" \
    Serilog__MinimumLevel__Default="${LOG_LEVEL:-Information}" Auth__SignInAttemptsPerMinute=1000000 Auth__RequireTwoStepFor= \
    Email__DispatchIntervalSeconds=0 Presences__CheckIntervalMinutes=0 Reminders__CheckIntervalMinutes=0 \
    load_in "$1" env "${@:6}" dotnet PolicyPortal.Web.dll >>"$5" 2>&1 &
  launched_pid=$!
}

# Exports the signature record of the app's database and checks it with the script printed in docs/evidence.md, as
# anyone outside the school would: prints the script's verdict, or fails with it. The app may be running or stopped.
load_check_record() {
  awk '/^```python$/ { inside = 1; next } /^```$/ { inside = 0 } inside' docs/evidence.md >"$work/verify-export.py"
  (ASPNETCORE_ENVIRONMENT=Production ConnectionStrings__Portal="Data Source=$work/trust.db" App__DataDirectory="$work/data" \
    Serilog__MinimumLevel__Default=Warning load_in "$work/app" dotnet PolicyPortal.Web.dll export-signatures "$work/signatures.jsonl") >&2
  python3 "$work/verify-export.py" "$work/signatures.jsonl"
}

# Waits up to a minute for an app's first successful response; fails with the end of its log if it exits first.
load_wait_for() { # url pid log
  for _ in $(seq 1 1500); do
    if curl -skf -o /dev/null --max-time 5 "$1/health/live"; then
      return 0
    fi
    if ! kill -0 "$2" 2>/dev/null; then
      echo "The app exited before answering; the end of its log:" >&2
      tail -n 20 "$3" >&2
      return 1
    fi
    sleep 0.02
  done
  echo "The app did not answer $1/health/live within a minute." >&2
  return 1
}

# Runs a command in a folder, as that command's own process: the app's content root (appsettings.json, wwwroot) is
# the folder it starts in.
load_in() { # folder command...
  cd "$1" && exec "${@:2}"
}

# Stops the app as a service manager would, and waits for it.
load_stop() {
  if [ -n "${app_pid:-}" ] && kill -0 "$app_pid" 2>/dev/null; then
    kill -TERM "$app_pid"
    wait "$app_pid" 2>/dev/null || true
  fi
  app_pid=
}

# The app's peak resident memory so far, in MB (VmHWM: the kernel's high-water mark for the process).
load_peak_mb() {
  awk '/^VmHWM:/ { printf "%d", $2 / 1024 }' "/proc/$app_pid/status"
}

load_rss_mb() {
  awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$app_pid/status"
}

# One wrk run of a request file written by the load client, replayed by requests.lua: prints its result ("requests=...
# rps=... p99=... unexpected=..."), or fails saying so. wrk's own complaints go to standard error, marked with the name.
load_wrk() { # name url duration threads connections file status mode [location]
  local result
  result=$(wrk -t"$4" -c"$5" -d"$3s" --timeout 10s -s tests/load/requests.lua "$2" -- "$6" "$4" "${@:7}" \
    2>"$work/wrk.err" | grep '^RESULT ' || true)
  if [ -s "$work/wrk.err" ]; then sed "s/^/  $1: /" "$work/wrk.err" >&2; fi
  if [ -z "$result" ]; then
    echo "wrk gave no result for $1" >&2
    return 1
  fi
  echo "${result#RESULT }"
}

# Replaces the part of docs/performance.md between <!-- load:NAME --> and <!-- /load:NAME --> with a file's content.
load_write_doc() { # name file
  local doc=docs/performance.md
  awk -v name="$1" -v content="$2" '
    $0 == "<!-- load:" name " -->" { print; while ((getline line < content) > 0) print line; skipping = 1; found = 1; next }
    $0 == "<!-- /load:" name " -->" { skipping = 0 }
    !skipping { print }
    END { if (!found) exit 3 }' "$doc" >"$work/doc.md" || { echo "docs/performance.md has no <!-- load:$1 --> section" >&2; return 1; }
  cp "$work/doc.md" "$doc"
}

load_machine() {
  echo "$(nproc) cores, $(free -g | awk '/^Mem:/ { print $2 }') GiB, $(. /etc/os-release && echo "$PRETTY_NAME"), .NET $(dotnet --version), $(wrk --version 2>&1 | head -n 1 | awk '{ print $1, $2 }'); load average before the run $(cut -d' ' -f1-3 /proc/loadavg)"
}
