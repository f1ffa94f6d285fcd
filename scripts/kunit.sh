#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the kdump-iommu KUnit suites (drivers/iommu/kdump/.kunitconfig) with
# kunit.py in an x86_64 QEMU guest, in the prepared patched tree. kunit.py
# writes only into the build directory; the tree is a hard-link copy of the
# base and is never written to (no Python byte-code caches either).
#
# Exits non-zero if kunit.py fails, if any test fails, crashes or is
# skipped, or if no test ran. The last line is "N passed, N failed".
set -eu
. "$(dirname "$0")/lib.sh"

usage() {
	cat <<USAGE
usage: $0 [-j JOBS] [-t TIMEOUT] [-f FILTER_GLOB]
  -j  parallel make jobs (default: nproc)
  -t  seconds the guest may run (default: 600; QEMU uses TCG here)
  -f  run only the suites/tests matching this kunit.py filter_glob
USAGE
}

jobs=$(nproc) timeout=600 glob=
while getopts "j:t:f:h" opt; do
	case $opt in
	j) jobs=$OPTARG ;;
	t) timeout=$OPTARG ;;
	f) glob=$OPTARG ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 1 ;;
	esac
done
shift $((OPTIND - 1))
[ $# = 0 ] || { usage >&2; exit 1; }

for tool in python3 qemu-system-x86_64 ccache gcc; do
	command -v "$tool" >/dev/null || die "$tool missing: run scripts/deps.sh"
done

"$TOP/scripts/prepare-tree.sh" -k patched -a x86_64
src=$BUILD/k/patched-x86_64/src
out=$BUILD/kunit
log=$out/kunit.log
mkdir -p "$out"

# Byte-code caches would land in the shared tree's tools/testing/kunit/.
export PYTHONDONTWRITEBYTECODE=1

step "kunit.py run (x86_64, log: $log)"
rc=0
(cd "$src" && python3 tools/testing/kunit/kunit.py run --arch=x86_64 \
	--kunitconfig=drivers/iommu/kdump/.kunitconfig \
	--build_dir="$out" --make_options CC="ccache gcc" \
	--jobs "$jobs" --timeout "$timeout" ${glob:+"$glob"}) \
	> "$log" 2>&1 || rc=$?

# Suite results and failures as kunit.py printed them, without timestamps.
sed -n -e 's/^\[[0-9:]*\] //' \
	-e '/^=* *\[\(PASSED\|FAILED\|CRASHED\|SKIPPED\)\] \|^\[\(FAILED\|CRASHED\|SKIPPED\)\]\|Testing complete\|ERROR\|Failures:\|^    /p' \
	"$log"

# "Testing complete. Ran 12 tests: passed: 10, failed: 1, crashed: 1"
summary=$(sed -n 's/^.*Testing complete\. //p' "$log" | tail -n 1)
count() {
	printf '%s\n' "$summary" | sed -n "s/.*[:,] $1: \([0-9]*\).*/\1/p" | grep . || echo 0
}
if [ -z "$summary" ]; then
	tail -n 30 "$log"
	say "kunit: no test summary from kunit.py (exit $rc), see $log"
	say "0 passed, 0 failed"
	exit 1
fi
passed=$(count passed)
failed=$(( $(count failed) + $(count crashed) ))
skipped=$(count skipped)

bad=0
[ "$rc" = 0 ] || { say "kunit: kunit.py exited $rc"; bad=1; }
[ "$passed" -gt 0 ] || { say "kunit: no test ran"; bad=1; }
[ "$skipped" = 0 ] || { say "kunit: $skipped tests skipped"; bad=1; }
[ "$failed" = 0 ] || bad=1
say "$passed passed, $failed failed"
exit $bad
