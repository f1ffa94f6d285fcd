#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make series-check: export the series (make-series.sh) and gate it.
#   manifest    series.conf parses; every overlay file and hook is claimed once
#   apply       every patch applies with git am to a clean base checkout
#   size        every patch changes at most 600 lines (added + removed),
#               or the limit its series.conf section gives with a reason
#   identical   the tree after the last patch equals base + overlay + hooks
#   checkpatch  scripts/checkpatch.pl --strict of the base, per patch
#   kernel-doc  scripts/kernel-doc -none -v on every new .c/.h
#   docs        every new or changed Documentation/**/*.rst parses (docutils)
#   build-ARCH  every patch builds on its own, in order, W=1: drivers/iommu/
#               and the directories it touches; no new warning in a file it
#               touches (x86_64; arm64 too if a patch touches
#               drivers/iommu/arm/ or SERIES_ARCHES says so)
#   compiled    every .c the series adds or changes is compiled by some build
#   link-order  no patch's objects use a symbol that only a later patch
#               defines (each patch would link on its own)
#   sparse      make C=2 CHECK=sparse on the touched .c files of the final
#               tree; warnings not present in the base tree fail
# Prints the time of each gate and "N passed, N failed"; exit 1 on a failure.
set -u
. "$(dirname "$0")/lib.sh"

CHK=$SDIR/check
SRC=$CHK/src
LOGS=$CHK/logs
JOBS=${JOBS:-$(nproc)}
pass=0 failn=0
ok()   { pass=$((pass + 1)); say "  ok   $*"; }
fail() { failn=$((failn + 1)); say "  FAIL $*"; }
gate() { G=$1; step "gate $G"; timer_start; }
gate_end() { say "  ($G took $(timer_end))"; }
summary() {
	say ""
	say "series-check: $pass passed, $failn failed (logs: $LOGS)"
	[ $failn = 0 ]
	exit $?
}
mkdir -p "$LOGS"

# ---- manifest + export ---------------------------------------------------
gate manifest
if "$TOP/scripts/series/make-series.sh" > "$LOGS/make-series.log" 2>&1; then
	ok "series.conf: every file and hook claimed once; series exported to $OUT"
else
	grep -E '^(series|error):' "$LOGS/make-series.log" | sed 's/^/       /'
	fail "make series (see $LOGS/make-series.log)"
	gate_end
	summary
fi
gate_end
parse_series
bc=$(cat "$OUT/.base")
mapfile -t PATCHES < <(ls "$OUT"/[0-9][0-9][0-9][0-9]-*.patch | grep -v '/0000-cover-letter.patch$')
N=${#PATCHES[@]}
export GIT_COMMITTER_NAME=series-check GIT_COMMITTER_EMAIL=series-check@localhost
export GIT_COMMITTER_DATE=2026-01-01T00:00:00Z

# ---- apply ---------------------------------------------------------------
gate apply
clone_base "$SRC"
C=("$bc")	# C[i]: the commit after patch i; C[0] the base
applied=0
for ((i = 1; i <= N; i++)); do
	p=${PATCHES[i-1]}
	if git -C "$SRC" am -q "$p" > "$LOGS/am-$i.log" 2>&1; then
		C[i]=$(git -C "$SRC" rev-parse HEAD)
		applied=$i
		ok "$(basename "$p") applies"
	else
		sed 's/^/       /' "$LOGS/am-$i.log" | head -10
		git -C "$SRC" am --abort >/dev/null 2>&1
		fail "$(basename "$p") does not apply with git am to $bc"
		break
	fi
done
grep -qx "base-commit: $bc" "$OUT/0000-cover-letter.patch" &&
	ok "cover letter names base-commit: $bc" || fail "cover letter lacks base-commit: $bc"
gate_end

# Files each patch touches (b/ side), and the whole series'.
declare -A TOUCH
for ((i = 1; i <= applied; i++)); do
	TOUCH[$i]=$(git -C "$SRC" diff-tree --no-commit-id --name-only -r "${C[i-1]}" "${C[i]}")
done
ALL_TOUCHED=$(for ((i = 1; i <= applied; i++)); do printf '%s\n' "${TOUCH[$i]}"; done | sed '/^$/d' | sort -u)
ADDED=$( [ $applied -gt 0 ] && git -C "$SRC" diff --name-only --diff-filter=A "$bc" "${C[applied]}" | sort)

# ---- size ------------------------------------------------------------------
gate size
for ((i = 1; i <= applied; i++)); do
	n=$(git -C "$SRC" diff --numstat "${C[i-1]}" "${C[i]}" | awk '{ s += $1 + $2 } END { print s + 0 }')
	lim=${S_LIMIT[i]} why=${S_LIMIT_WHY[i]}
	if [ "$n" -le "$lim" ]; then
		ok "$(basename "${PATCHES[i-1]}"): $n changed lines (limit $lim${why:+: $why})"
	else
		fail "$(basename "${PATCHES[i-1]}"): $n changed lines, more than $lim: split it, or give [${S_NAME[i]}] a 'limit = N REASON'"
	fi
done
gate_end

# ---- identical -----------------------------------------------------------
# The reference tree is assembled here by the same three steps, in the same
# order and with the same commands, as scripts/prepare-tree.sh -k patched:
# copy every overlay file (find drivers include Documentation -type f, and
# Kconfig.kdump-iommu -> drivers/iommu/Kconfig.kdump-iommu), then patch -p1
# --forward each patches/series entry in order. It is not read from
# build/k/patched-*/src: that tree is rebuilt under concurrent lab builds
# and also carries the lab-only DMA generator (drivers/misc/kdump_dmagen/
# and its lab.patch), which is not part of the series. Only the files the
# overlay or the hooks touch are assembled (into a scratch directory,
# starting from the base's copies); every other file is compared with git:
# the series must not change anything else.
gate identical
if [ "$applied" = "$N" ] && [ "$N" -gt 0 ]; then
	ref=$(mktemp -d "$CHK/ref.XXXXXX")
	hookfiles=$(hooks_in_order | while read -r h; do patch_files "$TOP/patches/$h"; done | sort -u)
	while IFS= read -r f; do
		[ -n "$f" ] && [ -f "$BASE_SRC/$f" ] && mkdir -p "$(dirname "$ref/$f")" && cp "$BASE_SRC/$f" "$ref/$f"
	done <<< "$hookfiles"
	while IFS= read -r f; do
		[ -n "$f" ] || continue
		t=$(tree_path "$f"); mkdir -p "$(dirname "$ref/$t")"; cp "$TOP/$f" "$ref/$t"
	done < <(overlay_candidates)
	refok=1
	while IFS= read -r h; do
		(cd "$ref" && patch -p1 --forward --no-backup-if-mismatch -s) < "$TOP/patches/$h" ||
			{ fail "identical: patches/$h does not apply to base + overlay"; refok=0; }
	done < <(hooks_in_order)
	excl=$(printf '%s' "$S_EXCLUDED" | cut -f1 | while IFS= read -r p; do [ -n "$p" ] && expand_claim "$p"; done |
	       while IFS= read -r f; do tree_path "$f"; done | sort -u)
	reffiles=$(cd "$ref" && find . -type f | sed 's|^\./||' | sort)
	diffs=0
	while IFS= read -r f; do
		[ -n "$f" ] || continue
		if printf '%s\n' "$excl" | grep -qxF -- "$f"; then
			[ -e "$SRC/$f" ] && { fail "identical: excluded $f is in the series"; diffs=$((diffs + 1)); }
			say "       note: $f is in the lab's patched tree but excluded from the series (series.conf)"
			continue
		fi
		if [ ! -e "$ref/$f" ]; then
			[ -e "$SRC/$f" ] && ! cmp -s "$SRC/$f" "$BASE_SRC/$f" &&
				{ say "       series changes $f, prepare-tree.sh does not"; diffs=$((diffs + 1)); }
		elif [ ! -e "$SRC/$f" ]; then
			say "       $f: missing from the series"; diffs=$((diffs + 1))
		elif ! cmp -s "$ref/$f" "$SRC/$f"; then
			say "       $f: content differs"; diffs=$((diffs + 1))
		fi
		if [ -e "$ref/$f" ] && [ -e "$SRC/$f" ] && [ "$(stat -c %A "$ref/$f" | cut -c4)" != "$(stat -c %A "$SRC/$f" | cut -c4)" ]; then
			say "       $f: executable bit differs"; diffs=$((diffs + 1))
		fi
	done < <(printf '%s\n%s\n' "$reffiles" "$(git -C "$SRC" diff --name-only "$bc" HEAD)" | sort -u)
	[ -z "$(git -C "$SRC" status --porcelain --ignored -uall | head -1)" ] ||
		{ say "       the checkout has uncommitted or stray files"; diffs=$((diffs + 1)); }
	rm -rf "$ref"
	[ $diffs = 0 ] && [ $refok = 1 ] &&
		ok "tree after patch $N == base + overlay + patches/series (prepare-tree.sh -k patched without the lab generator)" ||
		fail "identical: $diffs difference(s) between the series and prepare-tree.sh's patched tree"
else
	fail "identical: not checked, the series did not apply"
fi
gate_end

# ---- checkpatch ----------------------------------------------------------
gate checkpatch
for ((i = 1; i <= N; i++)); do
	p=${PATCHES[i-1]}
	ign=$(sed -n '/^---$/q; s/^checkpatch: \([A-Z_]*\) justified: ..*/\1/p' "$p" | sort -u | paste -sd, -)
	out=$(perl "$BASE_SRC/scripts/checkpatch.pl" --strict --show-types --no-summary -q \
		--root="$BASE_SRC" ${ign:+--ignore=$ign} "$p" 2>&1)
	rc=$?
	findings=$(printf '%s\n' "$out" | grep -cE '^(ERROR|WARNING|CHECK):' || true)
	# checkpatch exits 1 with findings and 0 without; anything else, or
	# 1 without a finding, means it did not check the patch.
	if [ $rc -gt 1 ] || { [ $rc = 1 ] && [ "$findings" = 0 ]; }; then
		printf '%s\n' "$out" | head -10 | sed 's/^/       /'
		fail "checkpatch did not run on $(basename "$p") (exit $rc)"
	elif [ "$findings" = 0 ]; then
		ok "checkpatch --strict $(basename "$p")${ign:+ (justified: $ign)}"
	else
		printf '%s\n' "$out" | grep -E -A3 '^(ERROR|WARNING|CHECK):' | head -40 | sed 's/^/       /'
		fail "checkpatch --strict $(basename "$p"): $findings finding(s)"
	fi
done
gate_end

# ---- kernel-doc ----------------------------------------------------------
gate kernel-doc
n=0
while IFS= read -r f; do
	case $f in *.c|*.h) ;; *) continue ;; esac
	n=$((n + 1))
	all=$(cd "$SRC" && perl "$BASE_SRC/scripts/kernel-doc" -none -v "$f" 2>&1)
	rc=$?
	out=$(printf '%s\n' "$all" | grep -iE 'warning|error' || true)
	if [ $rc != 0 ] && [ -z "$out" ]; then
		printf '%s\n' "$all" | head -10 | sed 's/^/       /'
		fail "kernel-doc did not run on $f (exit $rc)"
	elif [ -z "$out" ]; then ok "kernel-doc $f"; else
		printf '%s\n' "$out" | head -20 | sed 's/^/       /'
		fail "kernel-doc $f: $(printf '%s\n' "$out" | wc -l) warning(s)"
	fi
done <<< "$ADDED"
[ $n = 0 ] && say "  (no new .c/.h files)"
gate_end

# ---- docs ----------------------------------------------------------------
gate docs
rsts=$(printf '%s\n' "$ALL_TOUCHED" | grep -E '^Documentation/.*\.rst$' || true)
if [ -n "$rsts" ]; then
	python3 -c 'import docutils' 2>/dev/null ||
		{ apt-get install -y -q python3-docutils > "$LOGS/apt.log" 2>&1 || true; }
	while IFS= read -r f; do
		if (cd "$SRC" && python3 "$TOP/scripts/series/rst-check.py" "$f") > "$LOGS/rst.log" 2>&1; then
			ok "docutils $f"
		else
			sed 's/^/       /' "$LOGS/rst.log" | head -10
			fail "docutils $f"
		fi
	done <<< "$rsts"
else
	say "  (no .rst files in the series)"
fi
gate_end

# ---- build, per patch, per architecture ----------------------------------
arches=${SERIES_ARCHES:-x86_64}
printf '%s\n' "$ALL_TOUCHED" | grep -q '^drivers/iommu/arm/' && case " $arches " in *" arm64 "*) ;; *) arches="$arches arm64" ;; esac

# Directories to build for a set of files: drivers/iommu/ plus the
# directory of each touched source or Makefile/Kconfig that kbuild can
# descend into (has a Makefile or Kbuild), outside include/, Documentation/,
# tools/, scripts/.
build_dirs() {
	local f d
	{ echo drivers/iommu/
	  while IFS= read -r f; do
		case $f in include/*|Documentation/*|tools/*|scripts/*|'') continue ;; esac
		d=$(dirname "$f")
		while [ "$d" != . ] && [ ! -f "$SRC/$d/Makefile" ] && [ ! -f "$SRC/$d/Kbuild" ]; do d=$(dirname "$d"); done
		[ "$d" != . ] && echo "$d/"
		# Kbuild needs the directories between drivers/iommu/ and a
		# deeper one (drivers/iommu/arm/ for arm-smmu-v3/) built too.
		while case $d in drivers/iommu/*/*) true ;; *) false ;; esac; do
			d=$(dirname "$d")
			echo "$d/"
		done
	  done; } | sort -u
}
# "file: warning: message" with line and column dropped; paths tree-relative.
warnings() {
	sed -nE -e "s#^($SRC/|\.\./src/|\./)?([^: ]+):[0-9]+(:[0-9]+)?: (warning|error): (.*)#\2: \4: \5#p" "$@" | sort -u
}
in_files() {	# keep warning lines whose file is in list $1
	awk -F': ' -v list="$1" 'BEGIN { n = split(list, a, "\n"); for (i = 1; i <= n; i++) if (a[i] != "") want[a[i]] = 1 } ($1 in want)'
}

declare -A COMPILED
for arch in $arches; do
	gate "build-$arch"
	cross=$(arch_cross "$arch")
	obj=$CHK/obj-$arch cfg=$CHK/cfg-$arch
	mkdir -p "$obj" "$cfg"
	mk() {
		local o=$1; shift
		make -C "$SRC" O="$o" ARCH="$(arch_make "$arch")" ${cross:+CROSS_COMPILE=$cross} \
			CC="ccache ${cross}gcc" HOSTCC="ccache gcc" "$@"
	}
	genconfig() {
		rm -f "$cfg/.config"
		mk "$cfg" -s tinyconfig > "$LOGS/config-$arch.log" 2>&1 &&
		(cd "$cfg" && KCONFIG_CONFIG=.config "$SRC/scripts/kconfig/merge_config.sh" -m -O "$cfg" .config \
			"$LAB/configs/$arch.config" "$LAB/configs/patched.config" "$TOP/scripts/series/check.config" \
			$(ls "$TOP/scripts/series/check-$arch.config" 2>/dev/null) \
			>> "$LOGS/config-$arch.log" 2>&1) &&
		mk "$cfg" -s olddefconfig >> "$LOGS/config-$arch.log" 2>&1 || return 1
		cmp -s "$cfg/.config" "$obj/.config" || cp "$cfg/.config" "$obj/.config"
	}
	for ((s = 0; s <= applied; s++)); do
		t0=$(date +%s)
		git -C "$SRC" checkout -q -f --detach "${C[s]}"
		if [ $s = 0 ]; then
			files=$ALL_TOUCHED what="base"
		else
			files=${TOUCH[$s]} what="patch $s/$N"
		fi
		if [ $s = 0 ] || printf '%s\n' "$files" | grep -q 'Kconfig'; then
			genconfig || { fail "$arch $what: configuration failed ($LOGS/config-$arch.log)"; continue; }
		fi
		dirs=$(build_dirs <<< "$files")
		# Force the touched sources to compile again, so their warnings show.
		for f in $(printf '%s\n' "$files" | grep '\.c$'); do rm -f "$obj/${f%.c}.o"; done
		log=$LOGS/build-$arch-$s.log
		# shellcheck disable=SC2086
		mk "$obj" -k -j"$JOBS" W=1 $dirs > "$log" 2>&1
		rc=$?
		warnings "$log" > "$LOGS/warn-$arch-$s.txt"
		if [ $s = 0 ]; then
			cp "$LOGS/warn-$arch-0.txt" "$LOGS/warn-$arch-base.txt"
			[ $rc = 0 ] && say "  base built ($(echo $dirs), $(( $(date +%s) - t0 ))s)" ||
				fail "$arch base tree does not build ($log)"
			# The symbols the base's copies of those files define: the
			# link-order gate only looks at symbols the series adds.
			for f in $(printf '%s\n' "$ALL_TOUCHED" | grep '\.c$'); do
				[ -f "$obj/${f%.c}.o" ] && nm "$obj/${f%.c}.o" 2>/dev/null |
					awk '$2 ~ /^[TDRB]$/ { print $3 }'
			done | sort -u > "$LOGS/nm-$arch-base-defs.txt"
			# sparse of the base's copies of the files the series changes
			tgts=$(printf '%s\n' "$ALL_TOUCHED" | grep '\.c$' | while read -r f; do
				[ -f "$obj/${f%.c}.o" ] && echo "${f%.c}.o"; done)
			: > "$LOGS/sparse-$arch-base.log"
			# shellcheck disable=SC2086
			[ -n "$tgts" ] && mk "$obj" C=2 CHECK=sparse $tgts > "$LOGS/sparse-$arch-base.log" 2>&1
			continue
		fi
		# Symbols of the objects of every file the series touched so far:
		# "D sym" defined, "U sym" used.
		for f in $(for ((u = 1; u <= s; u++)); do printf '%s\n' "${TOUCH[$u]}"; done | grep '\.c$' | sort -u); do
			[ -f "$obj/${f%.c}.o" ] && nm "$obj/${f%.c}.o" 2>/dev/null |
				awk -v f="$f" '$1 == "U" { print "U", $2, f } NF == 3 && $2 ~ /^[TDRB]$/ { print "D", $3, f }'
		done | sort -u > "$LOGS/nm-$arch-$s.txt"
		new=$(in_files "$files" < "$LOGS/warn-$arch-$s.txt" | comm -23 - "$LOGS/warn-$arch-base.txt")
		if [ $rc != 0 ]; then
			grep -E 'error|Error' "$log" | head -15 | sed 's/^/       /'
			fail "$arch $what: $(basename "${PATCHES[s-1]}") does not build ($(echo $dirs); $log)"
		elif [ -n "$new" ]; then
			printf '%s\n' "$new" | head -20 | sed 's/^/       /'
			fail "$arch $what: $(printf '%s\n' "$new" | wc -l) new W=1 warning(s) in touched files"
		else
			ok "$arch $what builds, W=1 clean in touched files ($(echo $dirs); $(( $(date +%s) - t0 ))s)"
		fi
	done
	for ((s = applied + 1; s <= N; s++)); do fail "$arch patch $s/$N: not built (did not apply)"; done
	# Final tree: which touched .c were compiled, the lab options set, sparse.
	for f in $(printf '%s\n' "$ALL_TOUCHED" | grep '\.c$'); do
		# A test #included by its driver: in the driver's .o's deps.
		if [ -f "$obj/${f%.c}.o" ] ||
		   grep -qsF "/$f " "$obj/$(dirname "$f")"/.*.o.cmd; then
			COMPILED[$f]+="$arch "
		fi
	done
	while IFS= read -r line; do
		case $line in CONFIG_*=y)
			sym=${line%%=*}; sym=${sym#CONFIG_}
			grep -rqs --include='Kconfig*' -E "^(menu)?config $sym\$" "$SRC/drivers/iommu" "$SRC/lib/kunit" || continue
			grep -qx "$line" "$obj/.config" && ok "$arch final config has $line" ||
				fail "$arch final config lacks $line (dependencies?)" ;;
		esac
	done < <(cat "$LAB/configs/patched.config" "$TOP/scripts/series/check.config" \
		     $(ls "$TOP/scripts/series/check-$arch.config" 2>/dev/null))
	gate_end

	gate "sparse-$arch"
	tgts=$(printf '%s\n' "$ALL_TOUCHED" | grep '\.c$' | while read -r f; do
		[ -f "$obj/${f%.c}.o" ] && echo "${f%.c}.o"; done)
	if [ -n "$tgts" ]; then
		# shellcheck disable=SC2086
		mk "$obj" C=2 CHECK=sparse $tgts > "$LOGS/sparse-$arch.log" 2>&1 ||
			fail "$arch sparse run failed ($LOGS/sparse-$arch.log)"
		new=$(warnings "$LOGS/sparse-$arch.log" | in_files "$ALL_TOUCHED" |
		      comm -23 - <(warnings "$LOGS/sparse-$arch-base.log"))
		if [ -z "$new" ]; then
			ok "sparse ($arch): no new warnings in $(echo $tgts)"
		else
			printf '%s\n' "$new" | head -20 | sed 's/^/       /'
			fail "sparse ($arch): $(printf '%s\n' "$new" | wc -l) new warning(s)"
		fi
	else
		say "  (no touched .c file is compiled for $arch)"
	fi
	gate_end
done

gate link-order
# A symbol the series defines (in the last patch's tree, and not already
# in the base's copy of the file) that a patch's objects use before any
# object of that patch or an earlier one defines it would not link in that
# patch's kernel.
for arch in $arches; do
	final=$LOGS/nm-$arch-$applied.txt
	[ -s "$final" ] || { fail "link-order ($arch): no symbols recorded for the last patch"; continue; }
	bad=0
	for ((s = 1; s <= applied; s++)); do
		[ -f "$LOGS/nm-$arch-$s.txt" ] || continue
		miss=$(join <(awk '$1 == "U" { print $2, $3 }' "$LOGS/nm-$arch-$s.txt" | sort -u) \
			    <(awk '$1 == "D" { print $2, $3 }' "$final" | sort -u |
			      join -v 1 - "$LOGS/nm-$arch-base-defs.txt") |
		       while read -r sym user def; do
			grep -qE "^D $sym " "$LOGS/nm-$arch-$s.txt" || echo "$user uses $sym ($def)"
		       done)
		if [ -n "$miss" ]; then
			printf '%s\n' "$miss" | head -10 | sed 's/^/       /'
			fail "link-order ($arch): patch $s/$N uses symbols a later patch defines"
			bad=1
		fi
	done
	[ $bad = 0 ] && ok "link-order ($arch): every patch defines what it uses before use"
done
gate_end

gate compiled
for f in $(printf '%s\n' "$ALL_TOUCHED" | grep '\.c$'); do
	[ -n "${COMPILED[$f]:-}" ] && ok "$f compiled (${COMPILED[$f]% })" ||
		fail "$f is never compiled by the gate builds ($arches): Makefile/Kconfig/config?"
done
gate_end

summary
