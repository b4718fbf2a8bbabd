#!/usr/bin/env bash
# Usage: deploy/images/publish.sh agent|coordinator ARCH OUT_DIR
#
# Publishes one service for linux/ARCH (amd64 or arm64) into OUT_DIR, the way its image ships it; the Dockerfiles'
# publish stage and build.sh both run this, so the two cannot drift apart.
#   agent        Native AOT (docs/agent-benchmarks.md). For another architecture than the host's it is
#                cross-compiled with clang and the GNU cross toolchain (gcc-aarch64-linux-gnu or gcc-x86-64-linux-gnu)
#                and llvm-objcopy; the ILCompiler package for the target comes from NuGet.
#   coordinator  self-contained, on the JIT: Native AOT measured slower under the extender's load
#                (docs/coordinator-benchmarks.md), and no base image needs an ASP.NET Core runtime. Trimmed, and
#                compiled ahead (ReadyToRun) for a quick start; the JIT still recompiles what runs hot. For another
#                architecture than the host's the host's compiler (the Crossgen2 package) comes from NuGet.
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
  agent)
    # Into the RID's own publish folder, where the agent's tests look for the host's binary.
    cross=()
    if [ "$arch" != "$(dpkg --print-architecture)" ]; then
      # clang links for any target (--target=aarch64-linux-gnu, from the RID) with the GNU cross toolchain's C
      # runtime; gcc would link for the host only.
      cross=(-p:CppCompilerAndLinker=clang)
    fi
    dotnet publish src/LayerCache.Agent -c Release -r "$rid" "${cross[@]}" -nologo -v quiet
    published=src/LayerCache.Agent/bin/Release/net10.0/$rid/publish
    ;;
  coordinator)
    published=$(mktemp -d)
    trap 'rm -rf "$published"' EXIT
    # Trimmed: the coordinator is checked for trimming and Native AOT (it publishes as both without a warning), and
    # trimming leaves out the parts of .NET and ASP.NET Core it never calls. Trimming rewrites the framework's
    # assemblies without the native code they ship with, so ReadyToRun compiles them again: without it a fresh
    # coordinator compiled some 18,000 methods as it started, and its first full read waited on them.
    dotnet publish src/LayerCache.Coordinator -c Release -r "$rid" --self-contained -p:PublishTrimmed=true \
      -p:PublishReadyToRun=true -nologo -v quiet -o "$published"
    ;;
  *)
    echo "$0: unknown service '$service' (agent or coordinator)" >&2
    exit 2
    ;;
esac

# OUT_DIR/app is the image's /app; OUT_DIR/appsettings.json the default settings in /etc/layercache, which a
# ConfigMap mounted there replaces.
rm -rf "$out"
mkdir -p "$out/app"
cp "$published/appsettings.json" "$out/"
case "$service" in
  agent) cp "$published/layercache-agent" "$out/app/" ;;
  # The self-contained runtime is the whole folder, less debug symbols, XML documentation and the settings.
  coordinator)
    (cd "$published" && tar --exclude='*.pdb' --exclude='*.xml' --exclude='*.dbg' --exclude=appsettings.json -cf - .) |
      tar -C "$out/app" -xf -
    ;;
esac
