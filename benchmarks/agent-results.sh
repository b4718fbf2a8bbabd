#!/usr/bin/env bash
# Regenerates the agent benchmarks quoted in docs/agent-benchmarks.md: prefetch against ctr, the CRI pull after
# unpacking ahead, the idle agent's
# memory and CPU, and the resync time, each into docs/results/agent-<name>.md. Needs root, containerd, ctr and
# docker-registry (Debian's packages), and gcc or clang for the Native AOT publish of the agent; about 20 minutes
# on 2 cores. Run nothing else meanwhile.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build benchmarks/LayerCache.AgentBenchmarks -c Release -v quiet -nologo
dotnet publish src/LayerCache.Agent -c Release -r linux-x64 -v quiet -nologo
out=docs/results
mkdir -p "$out"
for benchmark in prefetch unpack steady resync; do
  dotnet benchmarks/LayerCache.AgentBenchmarks/bin/Release/net10.0/layercache-agent-bench.dll "$benchmark" > "$out/agent-$benchmark.md"
done
