#!/usr/bin/env bash
# Regenerates the coordinator benchmarks quoted in docs/coordinator-benchmarks.md, each into
# docs/results/coordinator-<name>.md: scoring one pod in process (BenchmarkDotNet, then a per-call latency loop),
# the view of 5,000 nodes built in process (its apply time and heap), POST /scheduler/prioritize under load against the coordinator process, Redis memory plus the full resync for
# 5,000 nodes, and the control plane's cost per node at 500 to 10,000 synthetic agents. Needs redis-server (Debian's
# package); about 35 minutes on 2 cores. Run nothing else meanwhile.
set -euo pipefail
cd "$(dirname "$0")/.."
for project in src/LayerCache.Coordinator benchmarks/LayerCache.Benchmarks benchmarks/LayerCache.LoadTest; do
  dotnet build "$project" -c Release -v quiet -nologo
done
out=docs/results
mkdir -p "$out"
bench=benchmarks/LayerCache.Benchmarks/bin/Release/net10.0/layercache-bench.dll
load=benchmarks/LayerCache.LoadTest/bin/Release/net10.0/layercache-loadtest.dll
artifacts=$(mktemp -d)
trap 'rm -rf "$artifacts"' EXIT

dotnet "$bench" --filter '*PodScoringBenchmark*' --artifacts "$artifacts" >&2
{
  echo "## scoring: BenchmarkDotNet"
  echo
  echo "\`dotnet $bench --filter '*PodScoringBenchmark*'\`"
  echo
  cat "$artifacts"/results/*PodScoringBenchmark-report-github.md
  echo
  dotnet "$bench" latency 10000
} > "$out/coordinator-scoring.md"
dotnet "$bench" view 5000 3 > "$out/coordinator-view.md"
dotnet "$load" prioritize 500 20 > "$out/coordinator-prioritize.md"
dotnet "$load" resync 5000 3 > "$out/coordinator-resync.md"
dotnet "$load" cost > "$out/coordinator-cost.md"
