#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make series: turn the overlay and patches/ into a git-am-able series
# against the Debian base (base.conf), in the order of series.conf.
# Output: build/series/out/0000-cover-letter.patch, 0001-..., printed last.
set -eu
. "$(dirname "$0")/lib.sh"

parse_series
if [ -n "$S_ERRORS" ]; then
	printf '%s' "$S_ERRORS" | sed 's/^/series: /' >&2
	die "series.conf has $(printf '%s' "$S_ERRORS" | grep -c .) problem(s), see above"
fi

name=$(git -C "$TOP" config user.name || true)
email=$(git -C "$TOP" config user.email || true)
[ -n "$name" ] && [ -n "$email" ] || die "set git config user.name and user.email in $TOP (used for From: and Signed-off-by:)"

bc=$(base_commit)
work=$SDIR/work
step "applying ${S_N} entries of series.conf to $BASE_PKG $BASE_VERSION (${bc:0:12})"
clone_base "$work"

# Author and date: the repository's user and its last commit, so the same
# repository state gives the same series.
date=$(git -C "$TOP" log -1 --format=%cI 2>/dev/null || echo 2026-01-01T00:00:00Z)
export GIT_AUTHOR_NAME="$name" GIT_AUTHOR_EMAIL="$email" GIT_AUTHOR_DATE="$date"
export GIT_COMMITTER_NAME="$name" GIT_COMMITTER_EMAIL="$email" GIT_COMMITTER_DATE="$date"

for ((i = 1; i <= S_N; i++)); do
	apply_entry "$i" "$work"
	git -C "$work" add -A -f	# Debian's .gitignore ignores /*
	if git -C "$work" diff --cached --quiet; then
		die "[${S_NAME[i]}] changes nothing in the base tree"
	fi
	msg=$(mktemp)
	{
		printf '%s\n\n' "${S_SUBJECT[i]}"
		# Body: drop trailing blank lines.
		sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' "$TOP/${S_BODY[i]}"
		printf '\nSigned-off-by: %s <%s>\n' "$name" "$email"
	} > "$msg"
	git -C "$work" commit -q --no-verify -F "$msg"
	rm -f "$msg"
	say "  $(git -C "$work" log -1 --format='%h %s')"
done

rm -rf "$OUT"
mkdir -p "$OUT"
git -C "$work" -c core.abbrev=12 format-patch -q --cover-letter --base="$bc" \
	--no-signature -o "$OUT" "$bc..HEAD" >/dev/null

# The cover letter: subject and blurb from the template.
cover=$OUT/0000-cover-letter.patch
tmpl=$TOP/scripts/series/cover-letter.txt
results= rsrc=
bench=$(ls -t "$BUILD"/results/bench-*.md 2>/dev/null | head -1 || true)
if [ -n "$bench" ]; then
	results=$(cat "$bench")
	rsrc="lab bench run $(basename "$bench" .md), patched vs. baseline"
elif [ -f "$TOP/RESULTS.md" ]; then
	results=$(cat "$TOP/RESULTS.md")
	rsrc="RESULTS.md of the project repository"
else
	results="no bench results yet"
	rsrc="none yet: make bench produces them"
fi
blurb=$(mktemp)
sed -e '/^#/d' "$tmpl" | tail -n +2 | sed -e '1{/^$/d}' > "$blurb.t"
RESULTS="$results" RSRC="$rsrc" N="$S_N" python3 - "$blurb.t" "$blurb" <<PY
import os, sys
t = open(sys.argv[1]).read()
for k, v in {"@BASE_PKG@": "$BASE_PKG", "@BASE_VERSION@": "$BASE_VERSION",
             "@KERNELVERSION@": "$BASE_KERNELVERSION", "@RESULTS@": os.environ["RESULTS"].rstrip("\n"),
             "@RESULTS_SOURCE@": os.environ["RSRC"], "@PATCH_COUNT@": os.environ["N"]}.items():
    t = t.replace(k, v)
open(sys.argv[2], "w").write(t.rstrip("\n") + "\n")
PY
subject=$(sed -e '/^#/d' "$tmpl" | head -1)
SUBJ="$subject" python3 - "$cover" "$blurb" <<'PY'
import os, sys
cover, blurb = sys.argv[1], sys.argv[2]
t = open(cover).read()
assert "*** SUBJECT HERE ***" in t and "*** BLURB HERE ***" in t
t = t.replace("*** SUBJECT HERE ***", os.environ["SUBJ"], 1)
t = t.replace("*** BLURB HERE ***", open(blurb).read().rstrip("\n"), 1)
open(cover, "w").write(t)
PY
rm -f "$blurb" "$blurb.t"

# Record what was exported, for series-check.
git -C "$work" rev-parse HEAD > "$OUT/.head"
echo "$bc" > "$OUT/.base"
step "series of $S_N patch(es) + cover letter, base-commit $bc"
ls "$OUT"/*.patch | sed 's/^/  /'
echo "$OUT"
