#!/usr/bin/env bash
# Regenerates every simulator result in docs/results: the runs, sweeps, CSV files and charts that
# README.md and docs/simulator.md quote. About 8 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build benchmarks/LayerCache.Simulator -c Release -v quiet -nologo
sim() { dotnet benchmarks/LayerCache.Simulator/bin/Release/net10.0/layercache-sim.dll --synthesize 50000 --quiet --markdown "$@"; }
out=docs/results
mkdir -p "$out"

sim --mode paper --csv $out/paper.csv --chart $out/paper.svg > $out/paper.md
sim --mode layercache --csv $out/layercache.csv --chart $out/layercache.svg > $out/layercache.md
sim --mode layercache --storage-gb 8 --csv $out/layercache-8gb.csv --chart $out/layercache-8gb.svg > $out/layercache-8gb.md
sim --mode layercache --min-requests-per-replica 8 > $out/layercache-mrr8.md
sim --mode site --site-nodes 8 --csv $out/site-paper.csv --chart $out/site-paper.svg > $out/site-paper.md
for sweep in nodes storage rate; do
  sim --mode paper --sweep $sweep --csv $out/paper-sweep-$sweep.csv --chart $out/paper-sweep-$sweep.svg > $out/paper-sweep-$sweep.md
done
sim --mode layercache --sweep storage --sweep-values 4,8,16,32,64 --pooled-bounds --csv $out/layercache-sweep-storage.csv --chart $out/layercache-sweep-storage.svg > $out/layercache-sweep-storage.md

# Unpack ahead (issue 15) on the shipped corpus as it is: layercache against layercache+unpack, 20 nodes of 2 slots,
# three seeds each, behind a 10 Gbit/s uplink at 3 pods a second (unpacking, not the transfer, dominates a pull), then
# a 1 Gbit/s one at 0.5 a second (the transfer dominates). A few seconds in all.
unpack() { dotnet benchmarks/LayerCache.Simulator/bin/Release/net10.0/layercache-sim.dll --quiet --markdown \
  --policies layercache,layercache+unpack --nodes 20 --slots 2 --duration 600 \
  --min-requests-per-replica 1 --min-image-requests-per-node 1 "$@"; }
for run in 10000,3 1000,0.5; do
  for seed in 1 2 3; do
    unpack --wan-mbit ${run%,*} --rate ${run#*,} --seed $seed --csv $out/unpack-ahead-${run%,*}-$seed.csv > $out/unpack-ahead-${run%,*}-$seed.md
  done
done
