#!/usr/bin/env bash
# Times the comparison of two long policies (docs/performance.md, "Comparing long policies"): the load client, built in
# Release, compares two 100-page revisions with 300 words changed, one 30,000-word section with 300 words changed, and
# two 150,000-character single-section texts (ordinary words, and "a a a …") with one word changed,
# in its own process (no web server), and prints a Markdown table of the median time and memory allocated per comparison.
# Then it times the draft preview's check and rendering of the texts that make Markdown slow or refuse, each as long as
# the editor takes (docs/performance.md, "Rendering hostile texts"), and prints a second table.
# Usage: tests/load/comparison.sh [runs]   runs of each comparison and rendering after one to warm up, 7 by default
set -euo pipefail
cd "$(dirname "$0")/../.."

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet publish tests/PolicyPortal.LoadClient -c Release -o "$work/client" --nologo -v q >/dev/null
dotnet "$work/client/PolicyPortal.LoadClient.dll" text-comparison --runs "${1:-7}"
echo
dotnet "$work/client/PolicyPortal.LoadClient.dll" policy-text --runs "${1:-7}"
echo
echo "Cores: $(nproc); load average before the run: $load_before; $(dotnet --version | sed 's/^/.NET SDK /')."
