#!/usr/bin/env bash
# Usage: deploy/images/base.sh ARCH OUT.tar
#
# The root file system both images start from, made from Debian's packages alone, so no base image has to be pulled:
# the libraries a .NET 10 service loads (both are Native AOT binaries that link only libc and libm; both load libssl
# for TLS; libgcc_s is libc6's own dependency; zlib is built into .NET), the CA certificates, and the users of
# Microsoft's runtime-deps images (root, and "app" with UID 1654, which the coordinator runs as).
# The packages are only unpacked (mmdebstrap's extract variant), so no maintainer script runs and a foreign
# architecture needs no emulator. They come from the suite and mirrors of the host's apt sources: the binaries are
# linked on this host, so the image must have the host's glibc or a newer one.
#
# ARCH is a Debian architecture (amd64, arm64). Needs root and mmdebstrap.
set -euo pipefail

arch=${1:?usage: base.sh ARCH OUT.tar}
out=${2:?usage: base.sh ARCH OUT.tar}

# Debian's ca-certificates pulls in openssl (the /usr/lib/ssl links that libssl looks in) and debconf with it.
packages=(libc6 libgcc-s1 libssl3 ca-certificates)
sources=/etc/apt/sources.list.d/debian.sources
[ -f "$sources" ] || sources=/etc/apt/sources.list
# shellcheck disable=SC1091
suite=$(. /etc/os-release && echo "$VERSION_CODENAME")

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
rmdir "$root"

# The downloaded .deb files stay (skip=cleanup/apt/cache) so that their control files can be recorded below.
mmdebstrap --quiet --mode=root --variant=extract --architectures="$arch" --format=directory \
  --include="$(IFS=,; echo "${packages[*]}")" --skip=cleanup/apt/cache \
  "$suite" "$root" "$sources"

# What is in the image, as distroless images record it (/var/lib/dpkg/status.d), so image scanners see the packages.
mkdir -p "$root/var/lib/dpkg/status.d"
for deb in "$root"/var/cache/apt/archives/*.deb; do
  name=$(dpkg-deb --field "$deb" Package)
  dpkg-deb --field "$deb" > "$root/var/lib/dpkg/status.d/$name"
done

# What update-ca-certificates (a maintainer script's job) would write: every certificate that ca-certificates ships
# is trusted by default.
find "$root/usr/share/ca-certificates" -name '*.crt' | sort | xargs cat > "$root/etc/ssl/certs/ca-certificates.crt"

# gconv is iconv's 20 MB of character-set modules, which .NET never loads; apt's and dpkg's state, manuals and
# documentation serve no one here. Each package's copyright file stays.
rm -rf "$root"/usr/lib/*-linux-gnu/gconv "$root"/var/cache/apt "$root"/var/lib/apt "$root"/var/log/apt \
  "$root"/etc/apt "$root"/etc/dpkg "$root"/usr/share/lintian "$root"/usr/share/gdb "$root"/usr/share/man
find "$root/usr/share/doc" -type f ! -name copyright -delete

cat > "$root/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/usr/sbin/nologin
app:x:1654:1654:app:/home/app:/usr/sbin/nologin
EOF
cat > "$root/etc/group" <<'EOF'
root:x:0:
app:x:1654:
EOF
echo 'passwd: files' > "$root/etc/nsswitch.conf"
echo 'group: files' >> "$root/etc/nsswitch.conf"
mkdir -p "$root/root" "$root/home/app"
chown 1654:1654 "$root/home/app"
chmod 1777 "$root/tmp"
# containerd and Kubernetes give a container its own resolv.conf, hosts and hostname; the host's must not ship.
: > "$root/etc/resolv.conf"
: > "$root/etc/hostname"

mkdir -p "$(dirname "$out")"
tar --numeric-owner -C "$root" -cf "$out.partial" .
mv "$out.partial" "$out"
