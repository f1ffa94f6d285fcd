#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build a lab kernel: tinyconfig + the lab's config fragments, every
# fragment line re-checked after olddefconfig, compiled with ccache.
# Prints the path of the boot image on the last line.
set -eu
. "$(dirname "$0")/lib.sh"

usage() {
	cat <<USAGE
usage: $0 -k patched|baseline -a x86_64|arm64 [-d] [-j JOBS] [-- extra make args]
  -d  the debug-info variant (configs/debug.config, in obj-dbg/): for the
      crash utility (make crash-check)
USAGE
}

kernel= arch= jobs=$(nproc) dbg=
while getopts "k:a:j:dh" opt; do
	case $opt in
	d) dbg=-dbg ;;
	k) kernel=$OPTARG ;;
	a) arch=$OPTARG ;;
	j) jobs=$OPTARG ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 1 ;;
	esac
done
shift $((OPTIND - 1))

dir=$BUILD/k/$kernel-$arch
mkdir -p "$dir"
# Hold the tree's lock across preparation and build: another run must not
# re-prepare the sources under a running make.
exec 9> "$dir/lock"
flock 9
export KDUMP_IOMMU_TREE_LOCKED=1
"$TOP/scripts/prepare-tree.sh" -k "$kernel" -a "$arch"

src=$dir/src
obj=$dir/obj$dbg
cfg=$dir/cfg$dbg
mkdir -p "$obj" "$cfg"
command -v ccache >/dev/null || die "ccache missing: run scripts/deps.sh"
cross=$(arch_cross "$arch")
mk() {	# mk OBJDIR make-args...
	local o=$1
	shift
	make -C "$src" O="$o" ARCH="$(arch_make "$arch")" ${cross:+CROSS_COMPILE=$cross} \
		CC="ccache ${cross}gcc" HOSTCC="ccache gcc" "$@"
}

frags="$LAB/configs/$arch.config $LAB/configs/lab.config"
[ "$kernel" = patched ] && frags="$frags $LAB/configs/patched.config"
[ -n "$dbg" ] && frags="$frags $LAB/configs/debug.config"

# Generate the configuration in a scratch directory; install it only if it
# changed, so an unchanged configuration does not trigger a rebuild.
mk "$cfg" -s tinyconfig >/dev/null
(cd "$cfg" && KCONFIG_CONFIG=.config "$src/scripts/kconfig/merge_config.sh" -m -O "$cfg" .config $frags >/dev/null)
mk "$cfg" -s olddefconfig >/dev/null
bad=0
for f in $frags; do
	while IFS= read -r line; do
		case $line in
		CONFIG_*=n)
			opt=${line%=n}
			if grep -q "^$opt=" "$cfg/.config"; then
				say "config: $opt should be off, is $(grep "^$opt=" "$cfg/.config")"
				bad=1
			fi ;;
		CONFIG_*=*)
			if ! grep -qx "$line" "$cfg/.config"; then
				opt=${line%%=*}
				say "config: wanted $line, got $(grep -E "^(# )?$opt[= ]" "$cfg/.config" || echo 'nothing (missing dependency?)')"
				bad=1
			fi ;;
		esac
	done < "$f"
done
[ $bad = 0 ] || die "configuration check failed for $kernel-$arch ($frags)"
if ! cmp -s "$cfg/.config" "$obj/.config"; then
	cp "$cfg/.config" "$obj/.config"
fi

image=$(arch_image "$arch")
step "building $kernel$dbg kernel for $arch (log: $dir/build$dbg.log)"
start=$(date +%s)
log=$dir/build$dbg.log
mk "$obj" -j"$jobs" "$@" "$(basename "$image")" > "$log" 2>&1 &
pid=$!
# Progress for people watching a cold build (several minutes on 2 cores).
n=0
while kill -0 $pid 2>/dev/null; do
	sleep 1
	n=$((n + 1))
	if [ $((n % 30)) = 0 ]; then
		printf '    %s: %d files compiled after %ds\n' "$kernel-$arch" \
			"$(grep -c '^  CC' "$log" || true)" $n >&2
	fi
done
if ! wait $pid; then
	grep -E 'error|Error' "$log" | head -20 >&2
	die "build failed: $kernel$dbg-$arch, see $log"
fi
step "built $kernel$dbg-$arch in $(( $(date +%s) - start ))s ($(grep -c 'warning:' "$log" || true) warnings)"
echo "$obj/$image"
