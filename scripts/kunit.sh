#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the kdump-iommu KUnit suites with kunit.py in QEMU, in the prepared
# patched tree: on x86_64 (drivers/iommu/kdump/.kunitconfig: every core
# suite, VT-d and AMD-Vi, and arm-smmu's under COMPILE_TEST) and on arm64
# (drivers/iommu/arm/arm-smmu/.kunitconfig: the core suites and arm-smmu's
# on the architecture it runs on). kunit.py writes only into the build
# directories; the tree is a hard-link copy of the base and is never
# written to (no Python byte-code caches either).
#
# Exits non-zero if kunit.py fails, if any test fails, crashes or is
# skipped, or if no test ran, on either architecture. The last line is
# "N passed, N failed" over both.
set -eu
. "$(dirname "$0")/lib.sh"

usage() {
	cat <<USAGE
usage: $0 [-j JOBS] [-t TIMEOUT] [-f FILTER_GLOB]
  -j  parallel make jobs (default: nproc)
  -t  seconds the guest may run (default: 600; QEMU uses TCG here)
  -f  run only the suites/tests matching this kunit.py filter_glob
  -a  architectures (default: "x86_64 arm64")
USAGE
}

jobs=$(nproc) timeout=600 glob= arches="x86_64 arm64"
while getopts "j:t:f:a:h" opt; do
	case $opt in
	j) jobs=$OPTARG ;;
	t) timeout=$OPTARG ;;
	f) glob=$OPTARG ;;
	a) arches=$OPTARG ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 1 ;;
	esac
done
shift $((OPTIND - 1))
[ $# = 0 ] || { usage >&2; exit 1; }

for tool in python3 qemu-system-x86_64 qemu-system-aarch64 ccache gcc \
	aarch64-linux-gnu-gcc; do
	command -v "$tool" >/dev/null || die "$tool missing: run scripts/deps.sh"
done

# Byte-code caches would land in the shared tree's tools/testing/kunit/.
export PYTHONDONTWRITEBYTECODE=1

# One architecture: sets $passed, $failed; returns non-zero on any failure.
run_arch() {
	local arch=$1 src out log cfg rc=0 summary skipped bad=0
	local cross=() cc="ccache gcc"

	"$TOP/scripts/prepare-tree.sh" -k patched -a "$arch"
	src=$BUILD/k/patched-$arch/src
	case $arch in
	x86_64)	out=$BUILD/kunit cfg=drivers/iommu/kdump/.kunitconfig ;;
	arm64)	out=$BUILD/kunit-arm64
		cfg=drivers/iommu/arm/arm-smmu/.kunitconfig
		cross=(--cross_compile=aarch64-linux-gnu-)
		cc="ccache aarch64-linux-gnu-gcc" ;;
	*)	die "unknown architecture $arch" ;;
	esac
	log=$out/kunit.log
	# Objects of another base look newer than the new base's files.
	if ! cmp -s "$src/.extracted" "$out/.base" 2>/dev/null; then
		rm -rf "$out"
	fi
	mkdir -p "$out"
	cp "$src/.extracted" "$out/.base"

	step "kunit.py run ($arch, log: $log)"
	(cd "$src" && python3 tools/testing/kunit/kunit.py run --arch="$arch" \
		"${cross[@]}" --kunitconfig="$cfg" \
		--build_dir="$out" --make_options CC="$cc" \
		--jobs "$jobs" --timeout "$timeout" ${glob:+"$glob"}) \
		> "$log" 2>&1 || rc=$?

	# Suite results and failures as kunit.py printed them, no timestamps.
	sed -n -e 's/^\[[0-9:]*\] //' \
		-e '/^=* *\[\(PASSED\|FAILED\|CRASHED\|SKIPPED\)\] \|^\[\(FAILED\|CRASHED\|SKIPPED\)\]\|Testing complete\|ERROR\|Failures:\|^    /p' \
		"$log"

	# "Testing complete. Ran 12 tests: passed: 10, failed: 1, crashed: 1"
	summary=$(sed -n 's/^.*Testing complete\. //p' "$log" | tail -n 1)
	count() {
		printf '%s\n' "$summary" |
			sed -n "s/.*[:,] $1: \([0-9]*\).*/\1/p" | grep . || echo 0
	}
	if [ -z "$summary" ]; then
		tail -n 30 "$log"
		say "kunit ($arch): no test summary from kunit.py (exit $rc), see $log"
		passed=0 failed=1
		return 1
	fi
	passed=$(count passed)
	failed=$(( $(count failed) + $(count crashed) ))
	skipped=$(count skipped)
	[ "$rc" = 0 ] || { say "kunit ($arch): kunit.py exited $rc"; bad=1; }
	[ "$passed" -gt 0 ] || { say "kunit ($arch): no test ran"; bad=1; }
	[ "$skipped" = 0 ] || { say "kunit ($arch): $skipped tests skipped"; bad=1; }
	[ "$failed" = 0 ] || bad=1
	# A kernel report during the run fails it, whichever test caused it:
	# a sleep in atomic context (DEBUG_ATOMIC_SLEEP), a lockdep report
	# (PROVE_LOCKING, arm64), a WARN or BUG. The raw log is test.log.
	reports=$(grep -E -c 'BUG: |WARNING: |INFO: possible|inconsistent lock state' \
		"$out/test.log" 2>/dev/null) || reports=0
	if [ "$reports" != 0 ]; then
		grep -E -A12 'BUG: |WARNING: |INFO: possible|inconsistent lock state' \
			"$out/test.log" | head -n 60
		say "kunit ($arch): $reports kernel reports (BUG, WARNING, lockdep) in $out/test.log"
		bad=1
		failed=$((failed + reports))
	fi
	# Not in the "N passed, N failed" form: check-summary.sh sums those.
	say "kunit ($arch): passed $passed, failed $failed"
	return $bad
}

total_passed=0 total_failed=0 bad=0
for arch in $arches; do
	run_arch "$arch" || bad=1
	total_passed=$((total_passed + passed))
	total_failed=$((total_failed + failed))
done
say "$total_passed passed, $total_failed failed"
exit $bad
