#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Sum the "N passed, N failed" lines of make check's parts into one closing
# line. A part whose log has no such line, or whose lines add up to zero
# tests, counts as a failure: a part that ran nothing did not pass.
set -eu
total_pass=0 total_fail=0
for log in "$@"; do
	part=$(basename "$log" .log)
	lines=$(grep -oE '\b[0-9]+ passed, [0-9]+ failed' "$log" || true)
	p=0 f=0
	while read -r lp _ lf _; do
		[ -n "$lp" ] || continue
		p=$((p + lp)) f=$((f + lf))
	done <<< "${lines//,/}"
	if [ $((p + f)) = 0 ]; then
		printf '  %-8s no tests ran (no "N passed, N failed" line with N > 0 in %s)\n' "$part" "$log"
		total_fail=$((total_fail + 1))
		continue
	fi
	printf '  %-8s %s passed, %s failed\n' "$part" "$p" "$f"
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
done
echo "check: $total_pass passed, $total_fail failed"
[ "$total_fail" = 0 ]
