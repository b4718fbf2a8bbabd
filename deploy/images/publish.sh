#!/usr/bin/env bash
# Usage: deploy/images/publish.sh agent|coordinator ARCH OUT_DIR
#
# Publishes one service for linux/ARCH (amd64 or arm64) into OUT_DIR as its image ships it: one Native AOT binary
# (each project sets PublishAot). The Dockerfiles' publish stage and build.sh both run this, so the two cannot drift
# apart.
#   agent        for its memory at rest (docs/agent-benchmarks.md).
#   coordinator  ready in half a second instead of three, a third less memory, a quicker full read and a lower p99 at
#                the few connections a kube-scheduler opens, for 8-10% fewer requests/s at 16 and 32 connections than
#                the JIT build it replaced (docs/coordinator-benchmarks.md, "The image: self-contained JIT or Native AOT").
# For another architecture than the host's, clang cross-compiles with the GNU cross toolchain (gcc-aarch64-linux-gnu or
# gcc-x86-64-linux-gnu) and llvm-objcopy; the ILCompiler package for the target comes from NuGet.
set -euo pipefail

service=${1:?usage: publish.sh agent|coordinator ARCH OUT_DIR}
arch=${2:?usage: publish.sh agent|coordinator ARCH OUT_DIR}
out=${3:?usage: publish.sh agent|coordinator ARCH OUT_DIR}
cd "$(dirname "$0")/../.."

case "$arch" in
  amd64) rid=linux-x64 ;;
  arm64) rid=linux-arm64 ;;
  *) echo "$0: unknown architecture '$arch' (amd64 or arm64)" >&2; exit 2 ;;
esac

case "$service" in
  agent|coordinator) ;;
  *) echo "$0: unknown service '$service' (agent or coordinator)" >&2; exit 2 ;;
esac

cross=()
if [ "$arch" != "$(dpkg --print-architecture)" ]; then
  # clang links for any target (--target=aarch64-linux-gnu, from the RID) with the GNU cross toolchain's C runtime;
  # gcc would link for the host only.
  cross=(-p:CppCompilerAndLinker=clang)
fi
# Into the RID's own publish folder, where the agent's tests look for the host's binary.
project=src/LayerCache.${service^}
dotnet publish "$project" -c Release -r "$rid" "${cross[@]}" -nologo -v quiet
published=$project/bin/Release/net10.0/$rid/publish

# OUT_DIR/app is the image's /app; OUT_DIR/appsettings.json the default settings in /etc/layercache, which a
# ConfigMap mounted there replaces.
rm -rf "$out"
mkdir -p "$out/app"
cp "$published/appsettings.json" "$out/"
cp "$published/layercache-$service" "$out/app/"
