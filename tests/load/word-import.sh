#!/usr/bin/env bash
# Times the Word import on a 100-page policy (about 30,000 words) in a Release build: the median of RUNS conversions and
# the memory one conversion allocates. The target is under 2 seconds. Usage: tests/load/word-import.sh   (RUNS=5)
set -euo pipefail
cd "$(dirname "$0")/../.."

dotnet build tests/PolicyPortal.LoadClient -c Release -v q --nologo
dotnet tests/PolicyPortal.LoadClient/bin/Release/net10.0/PolicyPortal.LoadClient.dll word-import --runs "${RUNS:-5}"
