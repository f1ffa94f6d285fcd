#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Unpack QEMU from Debian 13 "trixie" (QEMU 10.0), and its crash utility,
# into build/qemu10 without
# touching the host: a private apt configuration (its own sources list,
# state, cache and dpkg status, none of the host's apt.conf.d hooks)
# downloads the packages and their dependency closure, dpkg-deb -x unpacks
# them into build/qemu10/root, and build/qemu10/bin gets wrappers that run
# the binaries through trixie's own dynamic loader. scripts/vmtest.sh puts
# build/qemu10/bin first in PATH (LAB_QEMU=host keeps Debian 12's 7.2).
#
# Needs only apt-get, dpkg-deb and the host's apt sources: the Debian
# mirror is read from them at run time, no host name is written here.
# Idempotent: does nothing once build/qemu10/.done matches the package
# list; -f redoes everything.
#
# Environment:
#   QEMU10_DIR     where to work            (default: build/qemu10)
#   QEMU10_SUITE   Debian suite to use      (default: trixie)
#   QEMU10_MIRROR, QEMU10_SECURITY_MIRROR
#                  Debian archive URIs      (default: the host's apt sources)
#   QEMU10_VERSION pin the qemu-system-* version
#   QEMU10_EFI=1   also unpack qemu-efi-aarch64 (not needed for -kernel)
#   QEMU10_PKGS    extra packages to add
set -eu

. "$(dirname "$0")/lib.sh"

force=0
[ "${1:-}" = -f ] && force=1

Q=${QEMU10_DIR:-$BUILD/qemu10}
SUITE=${QEMU10_SUITE:-trixie}
ARCH=$(dpkg --print-architecture)
case $ARCH in
amd64) MA=x86_64-linux-gnu LOADER=ld-linux-x86-64.so.2 ;;
arm64) MA=aarch64-linux-gnu LOADER=ld-linux-aarch64.so.1 ;;
*) die "unsupported host architecture $ARCH" ;;
esac
# qemu-system-x86 pulls in qemu-system-data, seabios and ipxe-qemu (Depends).
# The arm64 UEFI firmware (qemu-efi-aarch64, a Recommends of qemu-system-arm,
# ~385 MB unpacked) is not needed for -M virt with -kernel: QEMU10_EFI=1.
# QEMU10_VERSION pins the QEMU packages (the mirror only keeps the current
# point release of a suite and its security update).
V=${QEMU10_VERSION:+=$QEMU10_VERSION}
# crash 8.0.2 of Debian 12 cannot read 6.12 dumps (SLUB-only kernels):
# trixie's is used by make crash-check.
PKGS="qemu-system-x86$V qemu-system-arm$V qemu-system-data$V seabios ipxe-qemu
crash ${QEMU10_PKGS:-}"
[ "${QEMU10_EFI:-0}" = 1 ] && PKGS="$PKGS qemu-efi-aarch64"
WRAP="qemu-system-x86_64 qemu-system-i386 qemu-system-aarch64 qemu-system-arm qemu-img
crash"
PKGS=$(printf '%s\n' $PKGS | sort -u | tr '\n' ' ')

stamp="$SUITE $ARCH $PKGS"
if [ $force = 0 ] && [ -f "$Q/.done" ] && [ "$(cat "$Q/.done")" = "$stamp" ]; then
	exit 0
fi

# The Debian archive URI of the host's main suite, as apt itself sees it
# (works for deb822 .sources and one-line sources.list alike).
host_suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
repo_of() {
	apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 'Identifier: Packages' |
		awk -v s="$1" '$2 == s { print $1; exit }'
}
MIRROR=${QEMU10_MIRROR:-$(repo_of "$host_suite")}
[ -n "$MIRROR" ] || die "no Debian mirror for '$host_suite' in the host's apt sources; set QEMU10_MIRROR"
SECURITY=${QEMU10_SECURITY_MIRROR:-$(repo_of "$host_suite-security")}
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
[ -r "$KEYRING" ] || die "$KEYRING missing (package debian-archive-keyring)"

A=$Q/apt
mkdir -p "$A/etc/apt.conf.d" "$A/etc/preferences.d" "$A/etc/sources.list.d" \
	"$A/state/lists/partial" "$A/cache/archives/partial" "$A/log"
: > "$A/state/status"   # an empty dpkg status: resolve the full closure
{
	printf 'Types: deb\nURIs: %s\nSuites: %s %s-updates\nComponents: main\nSigned-By: %s\n' \
		"$MIRROR" "$SUITE" "$SUITE" "$KEYRING"
	[ -z "$SECURITY" ] ||
		printf '\nTypes: deb\nURIs: %s\nSuites: %s-security\nComponents: main\nSigned-By: %s\n' \
			"$SECURITY" "$SUITE" "$KEYRING"
} > "$A/etc/sources.list.d/$SUITE.sources"
: > "$A/etc/sources.list"
# Read first (APT_CONFIG), so that Dir::Etc::parts/main below keep the host's
# /etc/apt/apt.conf{,.d} (hooks, pins, foreign architectures) out entirely.
cat > "$A/apt.conf" <<EOF
Dir::Etc "$A/etc";
Dir::Etc::main "/dev/null";
Dir::Etc::parts "$A/etc/apt.conf.d";
Dir::Etc::preferences "preferences";
Dir::Etc::preferencesparts "preferences.d";
Dir::State "$A/state";
Dir::State::status "$A/state/status";
Dir::Cache "$A/cache";
Dir::Log "$A/log";
APT::Architecture "$ARCH";
APT::Architectures { "$ARCH"; };
APT::Install-Recommends "false";
APT::Sandbox::User "root";
Acquire::Languages "none";
Acquire::IndexTargets::deb::Contents-deb::DefaultEnabled "false";
Acquire::IndexTargets::deb::DEP-11::DefaultEnabled "false";
EOF
export APT_CONFIG=$A/apt.conf

step "apt-get update ($SUITE from $MIRROR)"
t0=$(date +%s)
apt-get -q update >"$A/log/update.log" 2>&1 || { cat "$A/log/update.log" >&2; die "apt-get update failed"; }
step "downloading $PKGS and their dependencies"
# --download-only with an empty status: the whole run-time closure, nothing
# installed anywhere.
apt-get -q -y --download-only install $PKGS >"$A/log/download.log" 2>&1 ||
	{ cat "$A/log/download.log" >&2; die "apt-get download failed"; }
t1=$(date +%s)

# Unpack exactly the resolved set (the cache may hold .debs of earlier runs).
apt-get -q -s install $PKGS | sed -n 's/^Inst \([^ ]*\) (\([^ ]*\) .*/\1 \2/p' |
	sort > "$A/selected"
debs=
for d in "$A/cache/archives/"*.deb; do
	dpkg-deb -W --showformat='${Package} ${Version}\n' "$d" |
		grep -qxFf "$A/selected" && debs="$debs $d"
done
[ "$(echo $debs | wc -w)" = "$(wc -l < "$A/selected")" ] ||
	die "downloaded packages do not match the resolved set"

root=$Q/root
rm -rf "$root.tmp"
mkdir -p "$root.tmp"
step "unpacking $(echo $debs | wc -w) packages"
for d in $debs; do
	dpkg-deb -x "$d" "$root.tmp"
done
# Absolute symlinks (e.g. usr/share/qemu/*.rom -> /usr/lib/ipxe/qemu/...)
# would point into the host's bookworm files: make them relative.
find "$root.tmp" -type l -lname '/*' | while read -r l; do
	t=$(readlink "$l")
	rel=$(realpath -m --relative-to="$(dirname "$l")" "$root.tmp$t")
	ln -sfn "$rel" "$l"
done
t2=$(date +%s)

# Record the versions that were unpacked.
cp "$A/selected" "$root.tmp/.versions"

libpath=$root/usr/lib/$MA:$root/lib/$MA:$root/usr/lib/$MA/pulseaudio
[ -e "$root.tmp/usr/lib/$MA/$LOADER" ] || die "no $LOADER in the unpacked packages"

rm -rf "$root"
mv "$root.tmp" "$root"

# Wrappers: run through trixie's loader (trixie's glibc is newer than the
# host's).  /proc/self/exe is then the loader, so QEMU's relocatable data and
# module directories cannot be derived: pass -L and QEMU_MODULE_DIR.
mkdir -p "$Q/bin"
for b in $WRAP; do
	[ -x "$root/usr/bin/$b" ] || continue
	# Modules missing from root (audio-spice, ui-opengl, ...) would be
	# looked up next in the host's /usr/lib/$MA/qemu (QEMU 7.2) and
	# rejected ("Only modules from the same build can be loaded").  The
	# default audio backend probing does that at every start, so the
	# wrappers add a silent audio backend unless QEMU10_DEFAULT_AUDIO=1.
	dataopt=
	case $b in
	qemu-system-*)
		for d in usr/share/qemu usr/share/seabios usr/lib/ipxe/qemu; do
			[ -d "$root/$d" ] && dataopt="$dataopt -L \"\$R/$d\""
		done
		dataopt="$dataopt \$noaudio" ;;
	esac
	cat > "$Q/bin/$b.tmp" <<EOF
#!/bin/sh
# generated by scripts/qemu10.sh: QEMU from Debian $SUITE
R='$root'
QEMU_MODULE_DIR="\$R/usr/lib/$MA/qemu"
export QEMU_MODULE_DIR
noaudio="-audiodev none,id=qemu10-noaudio"
[ "\${QEMU10_DEFAULT_AUDIO:-0}" = 1 ] && noaudio=
exec "\$R/usr/lib/$MA/$LOADER" --argv0 "$b" \\
	--library-path "$libpath" \\
	"\$R/usr/bin/$b"$dataopt "\$@"
EOF
	chmod +x "$Q/bin/$b.tmp"
	mv "$Q/bin/$b.tmp" "$Q/bin/$b"
done

"$Q/bin/qemu-system-x86_64" --version | head -1 >&2
# The package lists (~140 MB) are only needed to resolve; keep the .debs.
rm -rf "$A/state/lists" "$A/cache/"*.bin
printf '%s\n' "$stamp" > "$Q/.done"
step "download $((t1 - t0))s, unpack $((t2 - t1))s," \
	"debs $(du -cm $debs | tail -1 | cut -f1) MB, root $(du -sm "$root" | cut -f1) MB"
step "QEMU $(grep '^qemu-system-x86 ' "$root/.versions" | cut -d' ' -f2) in $Q/bin (put it first in PATH)"
