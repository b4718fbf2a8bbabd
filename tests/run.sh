#!/usr/bin/env bash
# Builds the solution and runs every test project, then prints the totals as one line:
# "N passed, N failed". Installs what the tests need first, so it works on a fresh Debian machine
# with the .NET SDK, as root.
set -uo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests start as real servers. None yet for the policy library and the simulator;
# the agent and coordinator tests add theirs here.
packages=()
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" || {
    echo "could not install: ${missing[*]}" >&2
    echo "0 passed, 1 failed"
    exit 1
  }
fi

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
dotnet test LayerCache.sln -c Release --logger "trx;LogFilePrefix=tests" --results-directory "$results"
status=$?

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The build or a test host failed before any test could report.
  failed=1
fi
echo "$passed passed, $failed failed"
exit "$status"
