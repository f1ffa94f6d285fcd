# SPDX-License-Identifier: GPL-2.0
# Common helpers for the kdump-iommu scripts. Sourced, never executed.

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${KDUMP_IOMMU_BUILD:-$TOP/build}
LAB=$TOP/tools/testing/selftests/iommu/kdump
# shellcheck source=../base.conf
. "$TOP/base.conf"

export CCACHE_DIR=${CCACHE_DIR:-$HOME/.ccache}
export CCACHE_BASEDIR=$BUILD
export KBUILD_BUILD_TIMESTAMP="Thu Jan  1 00:00:00 UTC 2026"
export KBUILD_BUILD_USER=kdump-iommu
export KBUILD_BUILD_HOST=lab

say()  { printf '%s\n' "$*"; }
step() { printf '==> %s\n' "$*" >&2; }
die()  { printf 'error: %s\n' "$*" >&2; exit 1; }

# Kernel architecture name for make ARCH=, and the toolchain prefix.
arch_make() { case $1 in x86_64) echo x86_64 ;; arm64) echo arm64 ;; *) die "unknown arch $1" ;; esac; }
arch_cross() { case $1 in x86_64) echo "" ;; arm64) echo aarch64-linux-gnu- ;; esac; }
arch_image() { case $1 in x86_64) echo arch/x86/boot/bzImage ;; arm64) echo arch/arm64/boot/Image ;; esac; }

# Read "key = value" lines (comments with #) from a data file into
# variables named PREFIX_key. Keys must be [a-z0-9_]+.
load_kv() {
	local file=$1 prefix=$2 line key val
	[ -r "$file" ] || die "cannot read $file"
	while IFS= read -r line || [ -n "$line" ]; do
		line=${line%%#*}
		[[ $line =~ ^[[:space:]]*$ ]] && continue
		[[ $line =~ ^[[:space:]]*([a-z0-9_]+)[[:space:]]*=[[:space:]]*(.*)$ ]] ||
			die "$file: cannot parse line: $line"
		key=${BASH_REMATCH[1]}
		val=${BASH_REMATCH[2]}
		val=${val%"${val##*[![:space:]]}"}
		printf -v "${prefix}_${key}" '%s' "$val"
	done < "$file"
}

# ensure_base [strict]: extract the Debian base tarball into
# build/base/$BASE_TOPDIR once, and record the package version extracted.
# A version other than base.conf's is a warning, or an error if "strict".
ensure_base() {
	local base=$BUILD/base/$BASE_TOPDIR
	if [ ! -f "$base/.extracted" ]; then
		[ -r "$BASE_TARBALL" ] ||
			die "$BASE_TARBALL missing: run scripts/deps.sh ($BASE_PKG $BASE_VERSION)"
		step "extracting $BASE_TARBALL"
		rm -rf "$BUILD/base"
		mkdir -p "$BUILD/base"
		tar -C "$BUILD/base" -xf "$BASE_TARBALL"
		dpkg-query -W -f='${Version}\n' "$BASE_PKG" > "$base/.extracted"
	fi
	grep -qx "$BASE_VERSION" "$base/.extracted" && return 0
	[ "${1:-}" = strict ] &&
		die "base is $BASE_PKG $(cat "$base/.extracted"), base.conf wants $BASE_VERSION"
	say "warning: base is $BASE_PKG $(cat "$base/.extracted"), tested on $BASE_VERSION" >&2
}
