#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Write or refresh a hook patch (a small diff to existing base files).
#
#   scripts/hook-patch.sh edit FILE...      copy base FILEs (tree-relative) to
#                                           build/hook-work/ for editing
#   scripts/hook-patch.sh diff NAME FILE... write patches/NAME from the edited
#                                           copies (add NAME to patches/series)
set -eu
. "$(dirname "$0")/lib.sh"

base=$BUILD/base/$BASE_TOPDIR
work=$BUILD/hook-work
[ -d "$base" ] || die "no base tree: run scripts/prepare-tree.sh first"
cmd=${1:-}
shift || true
case $cmd in
edit)
	for f in "$@"; do
		[ -e "$work/$f" ] && { say "$work/$f exists, kept"; continue; }
		mkdir -p "$(dirname "$work/$f")"
		cp "$base/$f" "$work/$f"
		say "$work/$f"
	done ;;
diff)
	name=$1
	shift
	out=$TOP/patches/$name
	: > "$out.tmp"
	for f in "$@"; do
		(cd "$BUILD" && diff -u --label "a/$f" --label "b/$f" \
			"base/$BASE_TOPDIR/$f" "hook-work/$f") >> "$out.tmp" || true
	done
	[ -s "$out.tmp" ] || die "no differences"
	mv "$out.tmp" "$out"
	grep -qx "$name" "$TOP/patches/series" || say "note: add $name to patches/series"
	say "$out" ;;
*)	die "usage: $0 edit FILE... | diff NAME FILE..." ;;
esac
