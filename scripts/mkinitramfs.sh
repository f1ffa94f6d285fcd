#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the lab guests' base initramfs for one architecture from Debian
# binaries: busybox-static, kexec-tools, makedumpfile (with the libraries
# their ELF headers name), vmcore-peek and /init. Prints the cpio path.
set -eu
. "$(dirname "$0")/lib.sh"

usage() { echo "usage: $0 -a x86_64|arm64"; }
arch=
while getopts "a:h" opt; do
	case $opt in
	a) arch=$OPTARG ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 1 ;;
	esac
done
case $arch in
x86_64) root=/ triplet=x86_64-linux-gnu cc=gcc ;;
arm64)	root=$BUILD/arm64-root triplet=aarch64-linux-gnu cc=aarch64-linux-gnu-gcc
	[ -f "$root/.done" ] || die "no arm64 userspace: run scripts/deps.sh -a" ;;
*) usage >&2; exit 1 ;;
esac

out=$BUILD/initramfs/$arch
cpio_out=$out/base.cpio.gz
inputs=$(cat "$LAB/guest/init" "$LAB/vmcore-peek.c" "$0" | sha256sum | cut -d' ' -f1)
if [ -f "$cpio_out" ] && [ "$(cat "$out/stamp" 2>/dev/null)" = "$inputs" ]; then
	echo "$cpio_out"
	exit 0
fi
step "building the $arch initramfs" >&2
stage=$out/root
rm -rf "$stage"
mkdir -p "$stage"/{bin,sbin,usr/bin,proc,sys,dev,tmp,lib/$triplet}

# find_lib NAME: the path of a shared library inside $root.
find_lib() {
	local d
	for d in lib/$triplet usr/lib/$triplet lib usr/lib lib64; do
		if [ -e "$root/$d/$1" ]; then
			echo "$root/$d/$1"
			return 0
		fi
	done
	return 1
}

# add_elf FILE DEST: copy an ELF and, recursively, the libraries it needs.
declare -A seen
add_elf() {
	local file=$1 dest=$2 interp lib path
	mkdir -p "$(dirname "$stage/$dest")"
	cp -L "$file" "$stage/$dest"
	interp=$(readelf -l "$file" 2>/dev/null | sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p')
	if [ -n "$interp" ] && [ -z "${seen[$interp]:-}" ]; then
		seen[$interp]=1
		mkdir -p "$(dirname "$stage/$interp")"
		cp -L "$root/$interp" "$stage/$interp"
	fi
	for lib in $(readelf -d "$file" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
		[ -n "${seen[$lib]:-}" ] && continue
		seen[$lib]=1
		path=$(find_lib "$lib") || die "$arch: library $lib (needed by $file) not found"
		add_elf "$path" "lib/$triplet/$lib"
	done
}

add_elf "$root/bin/busybox" bin/busybox
add_elf "$root/sbin/kexec" sbin/kexec
add_elf "$root/usr/bin/makedumpfile" usr/bin/makedumpfile
$cc -static -O2 -Wall -Wextra -o "$stage/bin/vmcore-peek" "$LAB/vmcore-peek.c"
install -m 0755 "$LAB/guest/init" "$stage/init"

(cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0 | gzip -9n) > "$cpio_out.tmp"
mv "$cpio_out.tmp" "$cpio_out"
echo "$inputs" > "$out/stamp"
echo "$cpio_out"
