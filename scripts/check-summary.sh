#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Sum the "N passed, N failed" lines of make check's parts into one closing
# line. A part whose log has no such line counts as a failure.
set -eu
total_pass=0 total_fail=0
for log in "$@"; do
	part=$(basename "$log" .log)
	line=$(grep -oE '[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1 || true)
	if [ -z "$line" ]; then
		printf '  %-8s no test count found in %s\n' "$part" "$log"
		total_fail=$((total_fail + 1))
		continue
	fi
	read -r p _ f _ <<< "${line//,/}"
	printf '  %-8s %s passed, %s failed\n' "$part" "$p" "$f"
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
done
echo "check: $total_pass passed, $total_fail failed"
[ "$total_fail" = 0 ]
