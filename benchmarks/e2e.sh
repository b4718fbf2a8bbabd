#!/usr/bin/env bash
# The end-to-end run: an edge site of real nodes on this machine, LayerCache against the baselines, the simulator
# beside it. Installs what it needs (Debian packages, the agent's Native AOT binary), builds, and runs
# layercache-e2e with the arguments given (see --help). Run as root from anywhere in the repository.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -ne 0 ]; then
  echo "e2e.sh: run as root (it creates network namespaces and runs containerd)" >&2
  exit 2
fi

# containerd (with runc and ctr), the registry, Redis, iproute2 for namespaces and tc, gcc to link the agent.
packages=(containerd docker-registry redis-server iproute2 gcc)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

dotnet publish src/LayerCache.Agent -c Release -r linux-x64 -nologo -v quiet -clp:NoSummary >&2
dotnet build benchmarks/LayerCache.EndToEnd -c Release -nologo -v quiet -clp:NoSummary >&2
exec dotnet benchmarks/LayerCache.EndToEnd/bin/Release/net10.0/layercache-e2e.dll "$@"
