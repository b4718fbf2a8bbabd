#!/usr/bin/env bash
# Builds LayerCache's two images with buildah, offline: no base image is pulled, no build runs inside a container.
#
#   deploy/images/build.sh [--arch amd64|arm64|all] [--output DIR] [--storage DIR]
#
#   --arch     the platforms to build: linux/amd64, linux/arm64 or both (default: this machine's)
#   --output   where the OCI archives go (default: artifacts/images), one per image and architecture:
#              layercache-agent_VERSION_ARCH.tar, layercache-coordinator_VERSION_ARCH.tar
#   --storage  buildah's storage directory (default: buildah's own, /var/lib/containers/storage for root)
#
# VERSION is the images' newTag in deploy/base/kustomization.yaml, the one place it is set. The images are named
# ghcr.io/layercache/layercache-agent:VERSION and ghcr.io/layercache/layercache-coordinator:VERSION: in buildah's
# storage as manifest lists of the architectures built (push them with `buildah manifest push --all`), and in each
# archive as that name, which `ctr images import` keeps.
#
# How: base.sh makes the root file system from Debian's packages (cached by their versions), publish.sh publishes
# each service with the local .NET SDK, and `buildah bud` builds the Dockerfiles in this folder with that base and
# with the published files standing in for their "publish" stage. Each service's binary must answer --version before
# its image is made: directly on the host's architecture, under qemu-user on the other.
#
# Needs root, buildah, mmdebstrap and the .NET SDK; for the other architecture also clang, llvm (llvm-objcopy),
# the GNU cross toolchain (crossbuild-essential-arm64 on amd64) and qemu-user-static. Debian's packages of all of them.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
images=$repo/deploy/images
host_arch=$(dpkg --print-architecture)
arches=$host_arch
output=$repo/artifacts/images
storage=()

while [ $# -gt 0 ]; do
  case "$1" in
    --arch) arches=$2; shift 2 ;;
    --output) output=$2; shift 2 ;;
    --storage) storage=(--root "$2/root" --runroot "$2/run"); shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "$0: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
case "$arches" in
  all) arches="amd64 arm64" ;;
  amd64|arm64) ;;
  *) echo "$0: --arch must be amd64, arm64 or all" >&2; exit 2 ;;
esac

bah() { buildah "${storage[@]}" "$@"; }
say() { echo "build.sh: $*" >&2; }

# One version for both images, as the kustomize base sets it.
mapfile -t tags < <(sed -n 's/^ *newTag: *\([^ ]*\) *$/\1/p' "$repo/deploy/base/kustomization.yaml" | sort -u)
if [ ${#tags[@]} -ne 1 ]; then
  echo "$0: deploy/base/kustomization.yaml must give both images one newTag, it has: ${tags[*]:-none}" >&2
  exit 1
fi
version=${tags[0]}
revision=$(git -C "$repo" rev-parse HEAD 2>/dev/null || echo unknown)

missing=()
for tool in buildah mmdebstrap dotnet dpkg-deb; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
for arch in $arches; do
  [ "$arch" = "$host_arch" ] && continue
  case "$arch" in arm64) gnu=aarch64 ;; amd64) gnu=x86_64 ;; esac
  for tool in clang llvm-objcopy "$gnu-linux-gnu-gcc" "qemu-$gnu-static"; do
    command -v "$tool" >/dev/null || missing+=("$tool")
  done
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "$0: missing ${missing[*]} (Debian: buildah mmdebstrap clang llvm crossbuild-essential-arm64 qemu-user-static)" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$output"
cache=${LAYERCACHE_IMAGE_CACHE:-${TMPDIR:-/tmp}/layercache-image-base}
mkdir -p "$cache"

# The base image of one architecture, made once per set of package versions (as the host's apt lists name them)
# and base.sh.
base_image() {
  local arch=$1 key tar name container
  key=$( (cat "$images/base.sh"; apt-cache show --no-all-versions libc6 libgcc-s1 libssl3 ca-certificates openssl |
    grep -E '^(Package|Version):') | sha256sum | cut -c1-16)
  name=localhost/layercache-base:$key-$arch
  if ! bah inspect --type image "$name" >/dev/null 2>&1; then
    tar=$cache/$key-$arch.tar
    if [ ! -f "$tar" ]; then
      say "making the $arch base from Debian's packages"
      rm -f "$cache"/*-"$arch".tar
      "$images/base.sh" "$arch" "$tar" >&2
    fi
    # Bases of earlier package versions are not used again.
    bah images --noheading --format '{{.Name}}:{{.Tag}}' --filter reference=localhost/layercache-base | grep -- "-$arch\$" |
      xargs -r buildah "${storage[@]}" rmi >/dev/null 2>&1 || true
    container=$(bah from --arch "$arch" --os linux scratch)
    bah add "$container" "$tar" / >/dev/null
    bah config --arch "$arch" --os linux "$container"
    bah commit --quiet --rm "$container" "$name" >/dev/null
  fi
  echo "$name"
}

# A service's binary must start on its architecture: --version, with the base's own libraries under qemu-user.
smoke() {
  local service=$1 arch=$2 binary=$3 base=$4 answer root container
  if [ "$arch" = "$host_arch" ]; then
    answer=$("$binary" --version) || true
  else
    container=$(bah from --arch "$arch" --pull-never "$base")
    root=$(bah mount "$container")
    case "$arch" in arm64) gnu=aarch64 ;; amd64) gnu=x86_64 ;; esac
    answer=$("qemu-$gnu-static" -L "$root" "$binary" --version) || true
    bah umount "$container" >/dev/null
    bah rm "$container" >/dev/null
  fi
  case "$answer" in
    "layercache-$service $version"*) say "linux/$arch $service: $answer" ;;
    *) echo "$0: the linux/$arch $service answered '$answer' to --version, not 'layercache-$service $version...'" >&2; exit 1 ;;
  esac
}

for service in agent coordinator; do
  name=ghcr.io/layercache/layercache-$service:$version
  # A manifest list of the architectures built under the version's name; an earlier build's goes first.
  bah manifest rm "$name" >/dev/null 2>&1 || bah rmi "$name" >/dev/null 2>&1 || true
  bah manifest create "$name" >/dev/null
done

for arch in $arches; do
  base=$(base_image "$arch")
  for service in agent coordinator; do
    say "publishing the $service for linux/$arch"
    # The folder stands in for the Dockerfile's publish stage, whose output is /out.
    "$images/publish.sh" "$service" "$arch" "$work/$service-$arch/out"
    smoke "$service" "$arch" "$work/$service-$arch/out/app/layercache-$service" "$base"

    name=ghcr.io/layercache/layercache-$service:$version
    say "building $name for linux/$arch"
    bah rmi "$name-$arch" >/dev/null 2>&1 || true
    bah bud --quiet --pull-never --platform "linux/$arch" \
      --file "$images/$service.Dockerfile" \
      --build-arg BASE_IMAGE="$base" --build-arg BUILDARCH="$host_arch" \
      --build-context publish="$work/$service-$arch" \
      --label org.opencontainers.image.title="layercache-$service" \
      --label org.opencontainers.image.version="$version" \
      --label org.opencontainers.image.revision="$revision" \
      --tag "$name-$arch" "$repo" >/dev/null
    bah manifest add "$name" "$name-$arch" >/dev/null

    archive=$output/layercache-${service}_${version}_$arch.tar
    rm -f "$archive"
    bah push --quiet "$name-$arch" "oci-archive:$archive:$name"
    say "wrote $archive ($(du -h "$archive" | cut -f1))"
  done
done
