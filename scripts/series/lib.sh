# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
# Helpers shared by the scripts/series/ tools. Sourced, never executed.
#
#   build/series/base-git-VERSION   git repository of the Debian base, one
#                                   commit with fixed author and date, so its
#                                   hash is the same on every machine
#   build/series/work               clone in which `make series` commits
#   build/series/out                the exported series (git format-patch)
#   build/series/check              clone + object dirs of `make series-check`

# shellcheck source=../lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

SERIES_CONF=${SERIES_CONF:-$TOP/series.conf}
# Changed lines (added + removed) one patch may have unless its section
# says otherwise with "limit = N REASON".
SERIES_MAX_LINES=600
SDIR=$BUILD/series
OUT=$SDIR/out
BASE_SRC=$BUILD/base/$BASE_TOPDIR
BASE_GIT=$SDIR/base-git-$BASE_VERSION

# Fixed identity and date of the base commit (reproducible hash).
base_git_env() {
	export GIT_AUTHOR_NAME="Debian $BASE_PKG" GIT_AUTHOR_EMAIL="debian-kernel@lists.debian.org"
	export GIT_COMMITTER_NAME="$GIT_AUTHOR_NAME" GIT_COMMITTER_EMAIL="$GIT_AUTHOR_EMAIL"
	export GIT_AUTHOR_DATE="2026-01-01T00:00:00Z" GIT_COMMITTER_DATE="2026-01-01T00:00:00Z"
}

# Make sure the base tree is extracted (the same way prepare-tree.sh does it:
# it is the tree the lab kernels are built from).
ensure_base_src() {
	ensure_base strict
}

# Print the base commit, creating the repository on first use. The base tree
# is only read (git --work-tree), never written.
base_commit() {
	if [ -f "$BASE_GIT/base-commit" ] &&
	   git --git-dir="$BASE_GIT" cat-file -e "$(cat "$BASE_GIT/base-commit")^{commit}" 2>/dev/null; then
		cat "$BASE_GIT/base-commit"
		return
	fi
	ensure_base_src
	step "creating the base git repository ($BASE_PKG $BASE_VERSION, once, ~2 min)" >&2
	rm -rf "$BASE_GIT" "$BASE_GIT.tmp"
	mkdir -p "$SDIR"
	(
		base_git_env
		g="git --git-dir=$BASE_GIT.tmp --work-tree=$BASE_SRC"
		git init -q --bare "$BASE_GIT.tmp"
		$g config core.autocrlf false
		$g config gc.auto 0
		# -f: the kernel's own .gitignore files must not hide shipped files.
		$g add -A -f -- . ':!.extracted'
		$g commit -q -m "Linux $BASE_KERNELVERSION ($BASE_PKG $BASE_VERSION)" \
			-m "Debian $BASE_PKG $BASE_VERSION, $BASE_TARBALL, unmodified."
		$g rev-parse HEAD > "$BASE_GIT.tmp/base-commit"
		$g tag base
	) >&2 || die "cannot create the base git repository"
	mv "$BASE_GIT.tmp" "$BASE_GIT"
	cat "$BASE_GIT/base-commit"
}

# clone_base DIR: a clone of the base repository at DIR, checked out at the
# base commit, clean. Re-used if it already exists (only changed files are
# rewritten, so object directories built from it stay mostly valid).
clone_base() {
	local dir=$1 bc
	bc=$(base_commit)
	if [ ! -d "$dir/.git" ]; then
		rm -rf "$dir"
		git clone -q --no-checkout "$BASE_GIT" "$dir" || die "cannot clone $BASE_GIT"
		git -C "$dir" config gc.auto 0
	fi
	git -C "$dir" am --abort >/dev/null 2>&1 || true
	git -C "$dir" checkout -q -f --detach "$bc" || die "cannot check out $bc in $dir"
	git -C "$dir" clean -q -fdx
}

# ---- series.conf --------------------------------------------------------
#
# parse_series: fills
#   S_N               number of entries
#   S_NAME[i] S_SUBJECT[i] S_BODY[i] S_FILES[i] S_HOOKS[i]  (i = 1..S_N)
#   S_FILES: overlay paths (repo-relative), one per line, globs expanded
#   S_HOOKS: hook patch names (patches/NAME), one per line
#   S_EXCLUDED: repo paths deliberately left out, "path<TAB>reason" lines
# and checks that every overlay file and every hook patch is claimed exactly
# once. Findings go to S_ERRORS (one per line); the caller decides.
S_ERRORS=
serr() { S_ERRORS+="$*"$'\n'; }

# Files that make up the series (what prepare-tree.sh's `patched` kernel
# gets on top of the base, minus the lab's DMA generator).
overlay_candidates() {
	(cd "$TOP" && { find drivers include Documentation -type f 2>/dev/null;
			[ -e Kconfig.kdump-iommu ] && echo Kconfig.kdump-iommu; } | sort)
}
hook_candidates() {
	(cd "$TOP" && find patches -maxdepth 1 -type f -name '*.patch' -printf '%f\n' | sort)
}
hooks_in_order() {	# the order prepare-tree.sh applies them
	sed -e 's/#.*//' -e '/^[[:space:]]*$/d' -e 's/[[:space:]]*$//' "$TOP/patches/series"
}
# In-tree path of an overlay file.
tree_path() {
	case $1 in
	Kconfig.kdump-iommu) echo drivers/iommu/Kconfig.kdump-iommu ;;
	*) echo "$1" ;;
	esac
}

expand_claim() {	# expand_claim PATTERN -> matching repo files
	local pat=$1 m found=0
	shopt -s nullglob globstar dotglob
	# shellcheck disable=SC2086
	for m in $(cd "$TOP" && printf '%s\n' $pat); do
		if [ -d "$TOP/$m" ]; then
			(cd "$TOP" && find "$m" -type f | sort)
			found=1
		elif [ -f "$TOP/$m" ]; then
			echo "$m"
			found=1
		fi
	done
	shopt -u nullglob globstar dotglob
	[ $found = 1 ]
}

parse_series() {
	local line key val i=0 lineno=0 f
	S_N=0 S_EXCLUDED=
	S_NAME=() S_SUBJECT=() S_BODY=() S_FILES=() S_HOOKS=() S_STAGES=() S_LIMIT=() S_LIMIT_WHY=()
	[ -r "$SERIES_CONF" ] || die "cannot read $SERIES_CONF"
	while IFS= read -r line || [ -n "$line" ]; do
		lineno=$((lineno + 1))
		line=${line%%#*}
		[[ $line =~ ^[[:space:]]*$ ]] && continue
		if [[ $line =~ ^\[([A-Za-z0-9._-]+)\][[:space:]]*$ ]]; then
			i=$((i + 1))
			S_NAME[i]=${BASH_REMATCH[1]} S_SUBJECT[i]='' S_BODY[i]='' S_FILES[i]='' S_HOOKS[i]='' S_STAGES[i]=''
			S_LIMIT[i]=$SERIES_MAX_LINES S_LIMIT_WHY[i]=''
			continue
		fi
		[[ $line =~ ^[[:space:]]*([a-z]+)[[:space:]]*=[[:space:]]*(.*)$ ]] ||
			{ serr "series.conf:$lineno: cannot parse: $line"; continue; }
		key=${BASH_REMATCH[1]} val=${BASH_REMATCH[2]}
		val=${val%"${val##*[![:space:]]}"}
		if [ "$key" = exclude ]; then
			# exclude = PATTERN REASON...
			local pat=${val%%[[:space:]]*} why=${val#*[[:space:]]}
			[ "$why" != "$val" ] && [ -n "$why" ] ||
				serr "series.conf:$lineno: exclude needs a reason: exclude = PATH REASON"
			S_EXCLUDED+="$pat"$'\t'"$why"$'\n'
			continue
		fi
		[ $i -gt 0 ] || { serr "series.conf:$lineno: '$key' outside a [patch] section"; continue; }
		case $key in
		subject) S_SUBJECT[i]=$val ;;
		body) S_BODY[i]=$val ;;
		files)
			for f in $val; do
				local got
				if got=$(expand_claim "$f"); then
					S_FILES[i]+="$got"$'\n'
				else
					serr "series.conf:$lineno: [${S_NAME[i]}] files: '$f' matches nothing in the repository"
				fi
			done ;;
		hooks)
			for f in $val; do
				[ -f "$TOP/patches/$f" ] ||
					serr "series.conf:$lineno: [${S_NAME[i]}] hooks: patches/$f does not exist"
				S_HOOKS[i]+="$f"$'\n'
			done ;;
		stages)
			# stages = DIFF...: patches/staged/DIFF takes overlay files
			# an earlier entry added from their state there to this
			# entry's (the overlay holds the last state)
			for f in $val; do
				[ -f "$TOP/patches/staged/$f" ] ||
					serr "series.conf:$lineno: [${S_NAME[i]}] stages: patches/staged/$f does not exist"
				S_STAGES[i]+="$f"$'\n'
			done ;;
		limit)
			# limit = N REASON...: this patch may change up to N lines
			if [[ $val =~ ^([0-9]+)[[:space:]]+(.+)$ ]]; then
				S_LIMIT[i]=${BASH_REMATCH[1]} S_LIMIT_WHY[i]=${BASH_REMATCH[2]}
			else
				serr "series.conf:$lineno: limit needs a number and a reason: limit = N REASON"
			fi ;;
		*) serr "series.conf:$lineno: unknown key '$key'" ;;
		esac
	done < "$SERIES_CONF"
	S_N=$i

	# Per-entry checks.
	local subj_re='^(iommu|iommu/kdump|iommu/vt-d|iommu/amd|iommu/arm-smmu|iommu/arm-smmu-v3|PCI|virtio_pci|nvme-pci|e1000e|ata: libahci|selftests/iommu|Documentation): [A-Z][a-z]+ '
	for ((i = 1; i <= S_N; i++)); do
		[ -n "${S_SUBJECT[i]}" ] || serr "series.conf: [${S_NAME[i]}] has no subject"
		[[ ${S_SUBJECT[i]} =~ $subj_re ]] ||
			serr "series.conf: [${S_NAME[i]}] subject '${S_SUBJECT[i]}' is not 'prefix: Verb ...' with a known prefix"
		[ ${#S_SUBJECT[i]} -le 75 ] || serr "series.conf: [${S_NAME[i]}] subject longer than 75 characters"
		[ -n "${S_BODY[i]}" ] && [ -r "$TOP/${S_BODY[i]}" ] ||
			serr "series.conf: [${S_NAME[i]}] body file '${S_BODY[i]}' missing"
		[ -n "${S_FILES[i]}${S_HOOKS[i]}${S_STAGES[i]}" ] || serr "series.conf: [${S_NAME[i]}] claims no files, hooks or stages"
	done

	# Coverage: every candidate claimed exactly once (or excluded).
	local claimed excl
	claimed=$(for ((i = 1; i <= S_N; i++)); do printf '%s' "${S_FILES[i]}"; done | sed '/^$/d')
	excl=$(printf '%s' "$S_EXCLUDED" | cut -f1 | while IFS= read -r p; do
		[ -n "$p" ] && expand_claim "$p"; done | sort -u)
	while IFS= read -r f; do
		[ -n "$f" ] && serr "series.conf: $f is claimed by more than one entry"
	done < <(printf '%s\n' "$claimed" | sort | uniq -d)
	while IFS= read -r f; do
		[ -n "$f" ] && serr "series.conf: $f is both claimed and excluded"
	done < <(comm -12 <(printf '%s\n' "$claimed" | sort -u) <(printf '%s\n' "$excl"))
	while IFS= read -r f; do
		[ -n "$f" ] && serr "unclaimed: $f is in the repository but no series.conf entry lists it (add it to an entry's files, or exclude it with a reason)"
	done < <(comm -23 <(overlay_candidates) <(printf '%s\n' "$claimed" "$excl" | sort -u))

	# Staged diffs: each claimed once, each touching only files an
	# earlier entry adds.
	local sclaimed earlier t
	sclaimed=$(for ((i = 1; i <= S_N; i++)); do printf '%s' "${S_STAGES[i]}"; done | sed '/^$/d')
	while IFS= read -r f; do
		[ -n "$f" ] && serr "series.conf: staged diff $f is claimed by more than one entry"
	done < <(printf '%s\n' "$sclaimed" | sort | uniq -d)
	while IFS= read -r f; do
		[ -n "$f" ] && serr "unclaimed: patches/staged/$f is not in any series.conf entry's stages"
	done < <(comm -23 <(cd "$TOP" && find patches/staged -maxdepth 1 -type f -printf '%f\n' 2>/dev/null | sort) \
		<(printf '%s\n' "$sclaimed" | sort -u))
	local owner k
	for ((i = 1; i <= S_N; i++)); do
		while IFS= read -r f; do
			[ -n "$f" ] && [ -f "$TOP/patches/staged/$f" ] || continue
			owner=
			for t in $(patch_files "$TOP/patches/staged/$f"); do
				k=0
				for ((j = 1; j < i; j++)); do
					printf '%s' "${S_FILES[j]}" | while IFS= read -r g; do
						[ -n "$g" ] && tree_path "$g"; done | grep -qxF -- "$t" && k=$j
				done
				if [ $k = 0 ]; then
					serr "series.conf: [${S_NAME[i]}] stages: $f touches $t, which no earlier entry adds"
				elif [ -n "$owner" ] && [ "$owner" != $k ]; then
					serr "series.conf: [${S_NAME[i]}] stages: $f touches files of two entries ([${S_NAME[owner]}], [${S_NAME[k]}]): split it"
				else
					owner=$k
				fi
			done
		done <<< "${S_STAGES[i]}"
	done

	local hclaimed
	hclaimed=$(for ((i = 1; i <= S_N; i++)); do printf '%s' "${S_HOOKS[i]}"; done | sed '/^$/d')
	while IFS= read -r f; do
		[ -n "$f" ] && serr "series.conf: hook $f is claimed by more than one entry"
	done < <(printf '%s\n' "$hclaimed" | sort | uniq -d)
	while IFS= read -r f; do
		[ -n "$f" ] && serr "unclaimed: hook patch patches/$f is not in any series.conf entry"
	done < <(comm -23 <(hook_candidates) <(printf '%s\n' "$hclaimed" | sort -u))
	while IFS= read -r f; do
		[ -n "$f" ] && serr "patches/$f exists but patches/series does not list it (prepare-tree.sh would skip it)"
	done < <(comm -23 <(hook_candidates) <(hooks_in_order | sort -u))
	# Hooks must keep patches/series order: the lab applies them in that order.
	local order prev=-1 n h
	order=$(hooks_in_order)
	while IFS= read -r h; do
		[ -n "$h" ] || continue
		n=$(printf '%s\n' "$order" | grep -nxF -- "$h" | cut -d: -f1 | head -1)
		[ -n "$n" ] || { serr "series.conf: hook $h is not in patches/series"; continue; }
		[ "$n" -gt $prev ] ||
			serr "series.conf: hook $h comes before a hook that precedes it in patches/series"
		prev=$n
	done <<< "$hclaimed"
}

# apply_entry I DIR: put entry I's files and hook patches into the tree DIR
# exactly as prepare-tree.sh does (cp of each overlay file at its in-tree
# path, then patch -p1 --forward of each hook). An overlay file a later
# entry stages (series.conf "stages") is added as it stands before those
# stages: their diffs are reversed, last first, then each entry's own
# stages are applied forward.
apply_entry() {
	local i=$1 dir=$2 f t j h mine=
	while IFS= read -r f; do
		[ -n "$f" ] || continue
		t=$(tree_path "$f")
		mkdir -p "$(dirname "$dir/$t")"
		rm -f "$dir/$t"
		cp "$TOP/$f" "$dir/$t"
		mine+="$t"$'\n'
	done <<< "${S_FILES[i]}"
	# Last stage first; whole diffs only (parse_series: a staged diff
	# touches one entry's files); no fuzz either way, and never taken as
	# reversed (-f): a stage in the wrong state fails its hunks.
	for ((j = S_N; j > i; j--)); do
		while IFS= read -r h; do
			[ -n "$h" ] || continue
			printf '%s' "$mine" | grep -qxF -- "$(patch_files "$TOP/patches/staged/$h" | head -1)" || continue
			(cd "$dir" && patch -p1 -R -f --fuzz=0 --no-backup-if-mismatch -s) < "$TOP/patches/staged/$h" ||
				die "[${S_NAME[i]}] patches/staged/$h does not reverse from the overlay"
		done < <(printf '%s' "${S_STAGES[j]}" | sed '/^$/d' | tac)
	done
	while IFS= read -r f; do
		[ -n "$f" ] || continue
		(cd "$dir" && patch -p1 -f --fuzz=0 --no-backup-if-mismatch -s) < "$TOP/patches/staged/$f" ||
			die "[${S_NAME[i]}] patches/staged/$f does not apply"
	done <<< "${S_STAGES[i]}"
	while IFS= read -r f; do
		[ -n "$f" ] || continue
		(cd "$dir" && patch -p1 --forward --no-backup-if-mismatch -s) < "$TOP/patches/$f" ||
			die "[${S_NAME[i]}] patches/$f does not apply"
	done <<< "${S_HOOKS[i]}"
	stage_kbuild "$dir"
}

# stage_kbuild DIR: every kbuild Makefile of the overlay that is already in
# DIR is rewritten from the overlay's final version, keeping only the
# objects whose source is in DIR so far. A series adds a directory's
# sources over several patches; each patch then builds exactly the files
# it and the earlier patches added, and the last patch leaves the
# overlay's Makefile unchanged.
stage_kbuild() {
	local dir=$1 f t
	while IFS= read -r f; do
		case $f in */Makefile) ;; *) continue ;; esac
		t=$(tree_path "$f")
		[ -e "$dir/$t" ] || continue
		python3 - "$TOP/$f" "$dir/$t" <<'PY'
import os, re, sys
src, dst = sys.argv[1], sys.argv[2]
d = os.path.dirname(dst)
lines = open(src).readlines()
def have(o):
    return os.path.exists(os.path.join(d, o[:-2] + '.c'))
# A composite object (name-y := a.o b.o) exists once one member does.
composite = {}
for line in lines:
    m = re.match(r'^(\w+)-(?:y|objs)\s*[:+]?=\s*(.*)$', line)
    if m:
        composite.setdefault(m.group(1) + '.o', []).extend(m.group(2).split())
def present(o):
    return have(o) or any(have(x) for x in composite.get(o, []))
out = []
for line in lines:
    m = re.match(r'^(\S+\s*[:+]?=\s*)(.*)$', line.rstrip('\n'))
    if not m or line.startswith('#'):
        out.append(line)
        continue
    words = m.group(2).split()
    objs = [w for w in words if w.endswith('.o')]
    keep = [w for w in words if not w.endswith('.o') or present(w)]
    if objs and not [w for w in keep if w.endswith('.o')]:
        continue
    out.append(m.group(1) + ' '.join(keep) + '\n' if keep != words else line)
open(dst, 'w').write(''.join(out))
PY
	done < <(overlay_candidates)
}

# Files a patch (mbox or quilt) touches, b/ side, one per line.
patch_files() {
	grep -E '^\+\+\+ ' "$1" | sed -E 's|^\+\+\+ b/([^[:space:]]+).*|\1|' | grep -v '^/dev/null' | sort -u
}

timer_start() { T0=$(date +%s); }
timer_end() { echo "$(( $(date +%s) - T0 ))s"; }
