#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install what the lab needs on Debian 12; unpack QEMU 10.0 from Debian 13
# into build/qemu10 (scripts/qemu10.sh, nothing installed on the host); and
# unpack the arm64 userspace (kexec-tools, makedumpfile, busybox-static and
# their libraries) that goes into the arm64 guest's initramfs.
# Idempotent: installs only what is missing.
set -eu
. "$(dirname "$0")/lib.sh"

PKGS="$BASE_PKG linux-config-${BASE_PKG#linux-source-} qemu-system-x86 qemu-system-arm gcc-aarch64-linux-gnu
libc6-dev-arm64-cross kexec-tools makedumpfile crash busybox-static ccache
flex bison bc libelf-dev libssl-dev cpio xz-utils python3 sparse rsync
binutils-aarch64-linux-gnu dwarves gzip file kmod clang libclang-rt-14-dev
python3-docutils gnuplot-nox"
ARM64_PKGS="busybox-static kexec-tools makedumpfile"

usage() {
	cat <<USAGE
usage: $0 [-a] [-h]
  -a  also unpack the arm64 guest userspace into build/arm64-root
QEMU 10.0 is unpacked into build/qemu10 unless LAB_QEMU=host (the lab then
runs on Debian 12's QEMU 7.2).
USAGE
}

want_arm64=0
while getopts "ah" opt; do
	case $opt in
	a) want_arm64=1 ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 1 ;;
	esac
done

SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo

missing=
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	step "installing:$missing"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

# The base is pinned: Debian's security archive moves linux-source-6.12 to
# each new stable release, and the series is written against one of them
# (base.conf). The archive keeps earlier versions for a while; when the
# pinned one is gone, the newest is used with a warning (and the series
# gates, which want the exact base, say so). linux-config-6.12 is not
# pinned: the archive keeps only its newest version, and only make
# series-distro reads it.
have=$(dpkg-query -W -f='${Version}' "$BASE_PKG")
if [ "$have" != "$BASE_VERSION" ]; then
	if apt-cache madison "$BASE_PKG" 2>/dev/null | awk -F' *[|] *' '{print $2}' |
		grep -qx "$BASE_VERSION" ||
		{ $SUDO apt-get update -qq &&
		  apt-cache madison "$BASE_PKG" | awk -F' *[|] *' '{print $2}' |
		  grep -qx "$BASE_VERSION"; }; then
		step "installing $BASE_PKG $BASE_VERSION (base.conf; $have is installed)"
		DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
			--no-install-recommends --allow-downgrades "$BASE_PKG=$BASE_VERSION"
		have=$(dpkg-query -W -f='${Version}' "$BASE_PKG")
	fi
fi
[ "$have" = "$BASE_VERSION" ] ||
	say "warning: $BASE_PKG is $have, the series is tested on $BASE_VERSION (base.conf), which apt could not find (gone from the archive, or the archive unreachable)"

if [ "${LAB_QEMU:-10}" != host ]; then
	"$TOP/scripts/qemu10.sh" || die "QEMU 10 could not be unpacked (LAB_QEMU=host uses the host's QEMU 7.2)"
fi

[ $want_arm64 = 1 ] || exit 0

root=$BUILD/arm64-root
[ -f "$root/.done" ] && exit 0
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
	step "adding the arm64 architecture to dpkg"
	$SUDO dpkg --add-architecture arm64
	$SUDO apt-get update -qq
fi
apt-cache show kexec-tools:arm64 >/dev/null 2>&1 || $SUDO apt-get update -qq

debs=$BUILD/arm64-debs
mkdir -p "$debs"
# The run-time dependency closure of the tools, arm64 packages only.
closure=$(apt-cache depends --recurse --no-recommends --no-suggests \
	--no-conflicts --no-breaks --no-replaces --no-enhances --no-pre-depends \
	$(printf '%s:arm64 ' $ARM64_PKGS) 2>/dev/null |
	sed -n 's/^\([a-z0-9][^ <>]*\):arm64$/\1/p' | sort -u)
# Pre-depends (libc6 and friends) are needed too.
closure="$closure $(apt-cache depends --recurse --no-recommends --no-suggests \
	--no-conflicts --no-breaks --no-replaces --no-enhances \
	$(printf '%s:arm64 ' $ARM64_PKGS) 2>/dev/null |
	sed -n 's/^ *\(Pre\)\?Depends: \([a-z0-9][^ <>:]*\)\(:arm64\)\?$/\2/p' | sort -u)"
closure=$(printf '%s\n' $closure $ARM64_PKGS | sort -u)
step "downloading $(echo "$closure" | wc -w) arm64 packages"
(cd "$debs" && for p in $closure; do
	ls ./"${p}"_*_arm64.deb ./"${p}"_*_all.deb >/dev/null 2>&1 && continue
	apt-get download -q "$p:arm64" >/dev/null 2>&1 ||
		apt-get download -q "$p" >/dev/null 2>&1 || say "  (no package $p for arm64, skipped)"
done)
rm -rf "$root.tmp"
mkdir -p "$root.tmp"
for d in "$debs"/*.deb; do
	dpkg-deb -x "$d" "$root.tmp"
done
for t in bin/busybox sbin/kexec usr/bin/makedumpfile; do
	[ -e "$root.tmp/$t" ] || die "arm64 userspace lacks $t"
done
touch "$root.tmp/.done"
rm -rf "$root"
mv "$root.tmp" "$root"
step "arm64 userspace in $root"
