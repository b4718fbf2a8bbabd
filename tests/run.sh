#!/usr/bin/env bash
# Builds the solution and runs every test project, then prints the totals as one line:
# "N passed, N failed". Installs what the tests need first, so it works on a fresh Debian machine
# with the .NET SDK, as root.
set -uo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests start as real servers (in temporary directories, on loopback or unix sockets; redis-tools
# for redis-cli, which forms the Redis Cluster fixture),
# iproute2 for the end-to-end site's namespaces and tc, gcc, which links the agent's Native AOT binary, kubectl, and
# buildah and mmdebstrap, which build the images (deploy/images/build.sh) that LayerCache.Images.Tests runs,
# prometheus (with promtool), which checks deploy/monitoring's rules and scrapes the services in a test, and strace
# and time, which show that each executable's --help and --version open no port and take little CPU.
packages=(containerd docker-registry redis-server redis-tools iproute2 gcc libc6-dev buildah mmdebstrap prometheus strace time)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
# kubectl renders the Kubernetes manifests (kubectl kustomize) for their tests. Any kubectl on the PATH will do;
# without one, Debian's kubernetes-client (kubectl 1.20, whose older kustomize the manifests are written for too).
command -v kubectl >/dev/null 2>&1 || missing+=(kubernetes-client)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" || {
    echo "could not install: ${missing[*]}" >&2
    echo "0 passed, 1 failed"
    exit 1
  }
fi

log=$(mktemp)

# The images of this machine's architecture, which LayerCache.Images.Tests runs under containerd. Building them
# publishes the agent's Native AOT binary too, which the agent's tests run. (If this fails, those tests build again
# and fail with the reason.)
images=$(mktemp -d)
trap 'rm -f "$log"; rm -rf "$images"' EXIT
if deploy/images/build.sh --output "$images/out" --storage "$images/storage"; then
  export LAYERCACHE_IMAGES=$images/out
fi

dotnet test LayerCache.sln -c Release 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Each test project ends with "Passed!  - Failed: N, Passed: N, ..." (or "Failed!  - ...").
read -r passed failed < <(
  grep -E '^(Passed|Failed)! +- Failed: +[0-9]+, Passed: +[0-9]+' "$log" |
    sed -E 's/.*Failed: +([0-9]+), Passed: +([0-9]+).*/\2 \1/' |
    awk '{ p += $1; f += $2 } END { print p + 0, f + 0 }'
)
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The build or a test host failed before any test could report.
  failed=1
fi
echo "$passed passed, $failed failed"
exit "$status"
