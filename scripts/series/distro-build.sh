#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make series-distro: the final tree of the series (base + every patch,
# applied with git am), configured as Debian ships 6.12
# (/usr/src/linux-config-6.12/config.amd64_none_amd64.xz, package
# linux-config-6.12) plus CONFIG_KDUMP_ACCEPT_ACTIVE_IOMMU=y; builds
# drivers/iommu/ and the other directories the series touches, and reports
# every compiler warning in a file the series touches (fails on any).
# Slower than series-check (Debian enables far more); not part of it.
set -eu
. "$(dirname "$0")/lib.sh"

DCFG=${DEBIAN_CONFIG:-/usr/src/linux-config-6.12/config.amd64_none_amd64.xz}
[ -r "$DCFG" ] || die "$DCFG missing: apt-get install linux-config-6.12"
D=$SDIR/distro
src=$D/src obj=$D/obj log=$D/build.log
mkdir -p "$obj"
T0=$(date +%s)

"$TOP/scripts/series/make-series.sh" > "$D/make-series.log" 2>&1 ||
	{ cat "$D/make-series.log"; die "make series failed"; }
bc=$(cat "$OUT/.base")
clone_base "$src"
export GIT_COMMITTER_NAME=series-distro GIT_COMMITTER_EMAIL=series-distro@localhost
for p in $(ls "$OUT"/*.patch | grep -v '/0000-cover-letter.patch$'); do
	git -C "$src" am -q "$p" || die "$(basename "$p") does not apply"
done
touched=$(git -C "$src" diff --name-only "$bc" HEAD)

mk() { make -C "$src" O="$obj" CC="ccache gcc" HOSTCC="ccache gcc" "$@"; }
step "configuring: $(basename "$DCFG") + CONFIG_KDUMP_ACCEPT_ACTIVE_IOMMU=y"
xzcat "$DCFG" > "$obj/.config.new"
# Debian's signing keys are not in the source package; not needed for a
# build of drivers/.
"$src/scripts/config" --file "$obj/.config.new" -e KDUMP_ACCEPT_ACTIVE_IOMMU \
	--set-str SYSTEM_TRUSTED_KEYS "" --set-str SYSTEM_REVOCATION_KEYS "" \
	--set-str MODULE_SIG_KEY "certs/signing_key.pem"
# Keep .config (and its mtime) if nothing changed: incremental rebuilds.
if ! cmp -s "$obj/.config.new" "$obj/.config.in" 2>/dev/null; then
	cp "$obj/.config.new" "$obj/.config.in"
	cp "$obj/.config.new" "$obj/.config"
fi
mk -s olddefconfig > "$D/config.log" 2>&1 || { cat "$D/config.log"; die "olddefconfig failed"; }
grep -qx 'CONFIG_KDUMP_ACCEPT_ACTIVE_IOMMU=y' "$obj/.config" ||
	die "CONFIG_KDUMP_ACCEPT_ACTIVE_IOMMU is not set after olddefconfig: $(grep -E 'KDUMP_ACCEPT_ACTIVE_IOMMU|CONFIG_CRASH_DUMP[= ]|CONFIG_IOMMU_API[= ]' "$obj/.config" | tr '\n' ' ')"
say "CONFIG_KDUMP_ACCEPT_ACTIVE_IOMMU=y ($(grep -E '^CONFIG_(CRASH_DUMP|IOMMU_API|INTEL_IOMMU|AMD_IOMMU)=' "$obj/.config" | tr '\n' ' '))"

dirs=$( { echo drivers/iommu/; printf '%s\n' "$touched" | while read -r f; do
	case $f in include/*|Documentation/*|tools/*|scripts/*|'') continue ;; esac
	d=$(dirname "$f")
	while [ "$d" != . ] && [ ! -f "$src/$d/Makefile" ]; do d=$(dirname "$d"); done
	[ "$d" != . ] && echo "$d/"; done; } | sort -u)
# Recompile the touched sources so their warnings are in this log.
for f in $(printf '%s\n' "$touched" | grep '\.c$'); do rm -f "$obj/${f%.c}.o"; done
step "building $(echo $dirs) with Debian's configuration (log: $log)"
# shellcheck disable=SC2086
if ! mk -j"$(nproc)" $dirs > "$log" 2>&1; then
	grep -E 'error' "$log" | head -20
	die "build failed, see $log"
fi
warn=$(grep -E ':[0-9]+(:[0-9]+)?: warning:' "$log" | sed -E "s#^($src/|\.\./src/)##" |
       grep -F -f <(printf '%s\n' "$touched" | sed '/^$/d; s/$/:/') | sort -u || true)
for f in $(printf '%s\n' "$touched" | grep '\.c$'); do
	[ -f "$obj/${f%.c}.o" ] && say "  compiled $f" || say "  not compiled with this configuration: $f"
done
say "series-distro: built in $(( $(date +%s) - T0 ))s, $(printf '%s' "$warn" | grep -c . || true) warning(s) in touched files"
if [ -n "$warn" ]; then
	printf '%s\n' "$warn"
	exit 1
fi
