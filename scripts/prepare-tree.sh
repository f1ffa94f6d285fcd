#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Prepare a kernel source tree: the Debian base (base.conf), plus
#   patched:  the overlay (drivers/ include/ Documentation/ Kconfig.kdump-iommu)
#             and patches/series, plus the lab's test-only DMA generator;
#   baseline: only the lab's test-only DMA generator.
# The tree is build/k/KERNEL-ARCH/src, a hard-link copy of the base in which
# every file we change is replaced (never written through the link).
set -eu
. "$(dirname "$0")/lib.sh"

usage() {
	cat <<USAGE
usage: $0 -k patched|baseline -a x86_64|arm64 [-f]
  -f  re-create the tree even if its inputs did not change
USAGE
}

kernel= arch= force=0
while getopts "k:a:fh" opt; do
	case $opt in
	k) kernel=$OPTARG ;;
	a) arch=$OPTARG ;;
	f) force=1 ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 1 ;;
	esac
done
case $kernel in patched|baseline) ;; *) usage >&2; exit 1 ;; esac
arch_make "$arch" >/dev/null

base=$BUILD/base/$BASE_TOPDIR
ensure_base

dir=$BUILD/k/$kernel-$arch
src=$dir/src
mkdir -p "$dir"
# One preparation or build of a tree at a time (build-kernel.sh holds the
# lock across preparation and build and says so in the environment).
if [ -z "${KDUMP_IOMMU_TREE_LOCKED:-}" ]; then
	exec 9> "$dir/lock"
	flock 9
fi

# Inputs of this tree, for the up-to-date check.
overlay_files() {
	(cd "$TOP" && find drivers include Documentation -type f 2>/dev/null | sort)
}
inputs() {
	(cd "$TOP" &&
	 { [ "$kernel" = patched ] && overlay_files && echo Kconfig.kdump-iommu &&
	   echo patches/series && sed -e 's/#.*//' -e '/^[[:space:]]*$/d' -e 's|^|patches/|' patches/series; } ;
	 find tools/testing/selftests/iommu/kdump/dmagen -type f | sort) |
	(cd "$TOP" && xargs sha256sum) | sha256sum | cut -d' ' -f1
	cat "$base/.extracted"
}
stamp=$(inputs | sha256sum | cut -d' ' -f1)
if [ $force = 0 ] && [ -f "$dir/src.stamp" ] && [ "$(cat "$dir/src.stamp")" = "$stamp" ]; then
	exit 0
fi

step "preparing $kernel source tree for $arch"
mkdir -p "$dir"
# Another base (base.conf changed): the tree's unchanged files are links
# to the old base, and objects built from it keep their mtimes, newer than
# the new base's files: start both again.
if [ -d "$src" ] && ! cmp -s "$base/.extracted" "$dir/src.base"; then
	step "the base changed: new $kernel tree and build for $arch"
	rm -rf "$src" "$dir/obj" "$dir/obj-dbg" "$dir/changed" "$dir/changed.new"
fi
if [ ! -d "$src" ]; then
	cp -al "$base" "$src.tmp"
	mv "$src.tmp" "$src"
	cp "$base/.extracted" "$dir/src.base"
fi

# Undo what the previous preparation changed: put the base file back (a new
# inode with a new mtime, so kbuild rebuilds whatever depended on it).
# changed.new is left behind by a preparation that failed half-way.
cat "$dir/changed" "$dir/changed.new" 2>/dev/null | sort -u | while IFS= read -r f; do
	rm -f "$src/$f"
	if [ -e "$base/$f" ]; then
		cp --preserve=mode "$base/$f" "$src/$f"
	fi
done
rm -f "$dir/changed" "$dir/src.stamp"
: > "$dir/changed.new"

put() {	# put SRCFILE TREE-RELATIVE-PATH
	mkdir -p "$(dirname "$src/$2")"
	rm -f "$src/$2"
	cp "$1" "$src/$2"
	echo "$2" >> "$dir/changed.new"
}

apply_patch() {	# apply_patch FILE
	grep -E '^\+\+\+ ' "$1" | sed -E 's|^\+\+\+ b/([^[:space:]]+).*|\1|' >> "$dir/changed.new"
	if ! (cd "$src" && patch -p1 --forward --no-backup-if-mismatch -s) < "$1"; then
		die "$(basename "$1") does not apply to $BASE_PKG $BASE_VERSION"
	fi
}

if [ "$kernel" = patched ]; then
	for f in $(overlay_files); do
		put "$TOP/$f" "$f"
	done
	put "$TOP/Kconfig.kdump-iommu" drivers/iommu/Kconfig.kdump-iommu
	sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$TOP/patches/series" | while read -r p; do
		[ -r "$TOP/patches/$p" ] || die "patches/series names $p, which does not exist"
		apply_patch "$TOP/patches/$p"
	done
fi

# The lab's DMA generator goes into both kernels.
g=$LAB/dmagen
for f in kdump_dmagen.c Kconfig Makefile; do
	put "$g/$f" "drivers/misc/kdump_dmagen/$f"
done
apply_patch "$g/lab.patch"

sort -u "$dir/changed.new" > "$dir/changed"
rm -f "$dir/changed.new"
echo "$stamp" > "$dir/src.stamp"
