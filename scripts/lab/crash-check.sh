#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make crash-check: open lab dumps with the crash utility. A crash cycle on
# the debug-info variant of the lab kernel (build-kernel.sh -d), then
# `crash vmlinux DUMP` runs `log`, `ps` and `bt` (of the panicking task)
# and each output must show what it should: the sysrq panic in the log,
# the crashing task in the process list, a backtrace through the sysrq
# crash handler. Prints "N passed, N failed".
#
# x86_64 only: Debian's crash is built for its host architecture and cannot
# read an arm64 dump on an x86 host; the arm64 dumps are validated by
# makedumpfile (header, VMCOREINFO) in every lab run.
set -u
. "$(dirname "$0")/../lib.sh"

# Debian 12's crash 8.0.2 cannot open a 6.12 dump at all; trixie's 8.0.6
# (unpacked by scripts/qemu10.sh) can. --no_kmem_cache: the lab kernel is
# built with SLUB_TINY, whose kmem_cache crash cannot parse; log, ps and bt
# do not need the slab caches.
CRASH=${CRASH:-$BUILD/qemu10/bin/crash}
[ -x "$CRASH" ] || command -v "$CRASH" >/dev/null ||
	die "$CRASH missing: run scripts/deps.sh"
pass=0 fail=0
ok()  { pass=$((pass + 1)); say "ok   $*"; }
bad() { fail=$((fail + 1)); say "FAIL $*"; }

run_id=crash-$(date +%Y%m%d-%H%M%S)
scenarios=${*:-vtd-aa-drv amd-aa-drv}
for sc in $scenarios; do
	LAB_DEBUG_KERNEL=1 "$TOP/scripts/vmtest.sh" -k patched -r "$run_id" "$sc" >/dev/null 2>&1
	dump=$BUILD/results/$run_id/$sc-patched.dump
	vmlinux=$BUILD/k/patched-x86_64/obj-dbg/vmlinux
	if [ ! -s "$dump" ]; then
		bad "$sc: no dump (see $BUILD/results/$run_id/)"
		continue
	fi
	out=$BUILD/results/$run_id/$sc-patched.crash
	printf 'log\nps\nbt\nquit\n' > "$out.cmds"
	timeout 300 "$CRASH" -s --no_kmem_cache "$vmlinux" "$dump" -i "$out.cmds" > "$out" 2>&1 < /dev/null
	rc=$?
	[ $rc = 0 ] && ok "$sc: crash opened the dump" ||
		{ bad "$sc: crash exited $rc ($out)"; tail -5 "$out" | sed 's/^/     /'; continue; }
	grep -q "sysrq: Trigger a crash" "$out" &&
		ok "$sc: log shows the sysrq panic" || bad "$sc: log lacks the sysrq panic ($out)"
	grep -qE '^>? *[0-9]+ +[0-9]+ +[0-9]+ +[0-9a-f]+ +RU .*(init|sh|busybox)' "$out" &&
		ok "$sc: ps lists the running crashing task" || bad "$sc: ps lacks the crashing task ($out)"
	grep -qE '#[0-9]+ .*(sysrq_handle_crash|__handle_sysrq|write_sysrq_trigger)' "$out" &&
		ok "$sc: bt goes through the sysrq crash handler" || bad "$sc: bt lacks the sysrq frames ($out)"
done
say "crash-check: $pass passed, $fail failed"
[ $fail = 0 ]
