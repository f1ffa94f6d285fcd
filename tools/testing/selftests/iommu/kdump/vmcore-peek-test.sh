#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Test vmcore-peek against synthetic ELF64 core files.
#
# usage: vmcore-peek-test.sh [VMCORE_PEEK_BINARY]
#
# Without an argument, builds vmcore-peek.c (gcc -static -O2 -Wall -Wextra
# -Werror) into a temporary directory, and also checks that it builds with
# aarch64-linux-gnu-gcc -static if that compiler is installed.
# Needs python3 to generate the core files. Exits non-zero on any failure.

set -u

here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pass=0
fail=0

ok() {
	pass=$((pass + 1))
	echo "ok - $1"
}

not_ok() {
	fail=$((fail + 1))
	echo "not ok - $1"
	[ -n "${2:-}" ] && sed 's/^/#   /' <<< "$2"
}

if [ $# -ge 1 ]; then
	peek=$1
else
	peek=$tmp/vmcore-peek
	if out=$(gcc -static -O2 -Wall -Wextra -Werror -o "$peek" "$here/vmcore-peek.c" 2>&1); then
		ok "x86_64 static build without warnings"
	else
		not_ok "x86_64 static build without warnings" "$out"
		echo "0 passed, 1 failed"
		exit 1
	fi
	if command -v aarch64-linux-gnu-gcc > /dev/null; then
		if out=$(aarch64-linux-gnu-gcc -static -O2 -Wall -Wextra -Werror \
			 -o "$tmp/vmcore-peek.arm64" "$here/vmcore-peek.c" 2>&1); then
			ok "arm64 static build without warnings"
		else
			not_ok "arm64 static build without warnings" "$out"
		fi
	else
		echo "skip - arm64 static build (no aarch64-linux-gnu-gcc)"
	fi
fi

command -v python3 > /dev/null || { echo "python3 is needed"; exit 1; }

# Synthetic cores. Physical layout:
#   A: PT_LOAD paddr 0x1000000,  64 KiB  (stored after B in the file)
#   B: PT_LOAD paddr 0x1010000,  64 KiB  (contiguous with A, stored first)
#   C: PT_LOAD paddr 0x80000000, 16 KiB, p_memsz bigger than p_filesz, last
# plus a PT_NOTE. The edu buffer straddles A/B.
python3 - "$tmp" << 'EOF'
import struct, sys, os

out = sys.argv[1]
REC = 0x1000100
OHCI_BUF = 0x80001000
EDU_BUF = 0x100f800
EDU_LEN = 4096
CANARY = 0x1008000

def pattern(seed, n):
    return bytes((((seed + i * 7) & 0xff) | 1) for i in range(n))

def record(magic=b"DMAGEN01", ohci_mode=1, frame_at_arm=65530, edu_mode=1):
    return magic + struct.pack("<11Q", ohci_mode, OHCI_BUF, 0xfffff000, frame_at_arm,
                               edu_mode, EDU_BUF, 0xffff000, EDU_LEN, 0x5a, CANARY, 1)

def core(name, rec=None, rec_at=REC, frame_now=10, edu_landed=EDU_LEN,
         xnum=False, phentsize=56, truncate=None):
    segs = [  # paddr, filesz, memsz
        (0x1000000, 0x10000, 0x10000),
        (0x1010000, 0x10000, 0x10000),
        (0x80000000, 0x4000, 0x100000),
    ]
    mem = {p: bytearray(f) for p, f, _ in segs}

    def poke(addr, data):
        for i, b in enumerate(data):
            a = addr + i
            for p, f, _ in segs:
                if p <= a < p + f:
                    mem[p][a - p] = b
                    break
            else:
                raise ValueError(hex(a))

    if rec is None:
        rec = record()
    poke(OHCI_BUF + 0x80, struct.pack("<HHI", frame_now, 0, 0))
    poke(EDU_BUF, pattern(0x5a, edu_landed))
    poke(CANARY, b"\xa5" * 4096)
    poke(rec_at, rec)

    note = struct.pack("<III", 4, 4, 1) + b"CORE" + b"\0" * 4
    nph = 1 + len(segs)
    ehsize, shsize = 64, 64
    phoff = ehsize
    shoff = phoff + nph * 56 if xnum else 0
    data_off = (phoff + nph * 56 + (shsize if xnum else 0) + 0xfff) & ~0xfff
    # file order: note, B, A, C
    order = [None, 1, 0, 2]
    offs = {}
    pos = data_off
    for o in order:
        offs[o] = pos
        pos += len(note) if o is None else segs[o][1]
    ident = b"\x7fELF" + bytes([2, 1, 1, 0]) + b"\0" * 8
    eh = ident + struct.pack("<HHIQQQIHHHHHH", 4, 62, 1, 0, phoff, shoff, 0, ehsize,
                             phentsize, 0xffff if xnum else nph,
                             shsize if xnum else 0, 1 if xnum else 0, 0)
    ph = struct.pack("<IIQQQQQQ", 4, 0, offs[None], 0, 0, len(note), len(note), 4)
    for i, (p, f, m) in enumerate(segs):
        ph += struct.pack("<IIQQQQQQ", 1, 7, offs[i], 0xffff888000000000 + p, p, f, m, 4096)
    sh = struct.pack("<IIQQQQIIQQ", 0, 0, 0, 0, 0, 0, 0, nph, 0, 0) if xnum else b""
    blob = bytearray(eh + ph + sh)
    blob += b"\0" * (data_off - len(blob))
    for o in order:
        blob += note if o is None else mem[segs[o][0]]
    if truncate is not None:
        blob = blob[:truncate]
    with open(os.path.join(out, name), "wb") as fh:
        fh.write(blob)
    # file offset of the HCCA frame number, for the "live" test
    return offs[2] + (OHCI_BUF + 0x80 - 0x80000000)

hcca_off = core("good.core")
open(os.path.join(out, "hcca_off"), "w").write(str(hcca_off))
core("partial.core", edu_landed=1000)
core("off.core", rec=record(ohci_mode=0, edu_mode=0))
core("adv.core", rec=record(ohci_mode=2, frame_at_arm=100), frame_now=100)
core("badmagic.core", rec=record(magic=b"DMAGEN02"))
core("straddle.core", rec_at=0x100ffd0)
core("xnum.core", xnum=True)
core("badphent.core", phentsize=32)
core("trunc.core", truncate=hcca_off - 0x100)
core("trunc-hdr.core", truncate=100)
with open(os.path.join(out, "garbage.core"), "wb") as fh:
    fh.write(os.urandom(8192))
open(os.path.join(out, "empty.core"), "wb").close()
EOF
[ $? -eq 0 ] || { echo "core generator failed"; echo "$pass passed, $((fail + 1)) failed"; exit 1; }

# run NAME EXPECTED_RC PEEK_ARGS... ; then check keys with expect_keys
run() {
	local name=$1 want=$2
	shift 2
	out=$("$peek" "$@" 2> "$tmp/stderr")
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		not_ok "$name: exit status $rc, expected $want" "$out
$(cat "$tmp/stderr")"
		return 1
	fi
	if [ "$rc" -ge 128 ]; then
		not_ok "$name: crashed (status $rc)"
		return 1
	fi
	return 0
}

# expect NAME key=value...
expect() {
	local name=$1 kv bad=""
	shift
	for kv in "$@"; do
		grep -qxF -- "$kv" <<< "$out" || bad="$bad $kv"
	done
	if [ -n "$bad" ]; then
		not_ok "$name: missing$bad" "$out"
	else
		ok "$name"
	fi
}

R=0x1000100

run "good record" 0 -f "$tmp/good.core" -i 10 $R &&
	expect "good record" record_ok=1 armed=1 ohci_mode=1 ohci_buf_phys=0x80001000 \
		ohci_iova=0xfffff000 ohci_frame_at_arm=65530 ohci_frame_now=10 \
		ohci_frames_after_panic=16 ohci_live=0 ohci_read_ok=1 edu_mode=1 \
		edu_bytes_landed=4096 edu_len=4096 canary_phys=0x1008000

run "record address without 0x" 0 -f "$tmp/good.core" -i 10 1000100 &&
	expect "record address without 0x" record_ok=1 edu_bytes_landed=4096

run "partial edu DMA" 0 -f "$tmp/partial.core" -i 10 $R &&
	expect "partial edu DMA" record_ok=1 edu_bytes_landed=1000

run "ohci and edu off" 0 -f "$tmp/off.core" -i 10 $R &&
	expect "ohci and edu off" record_ok=1 ohci_mode=0 ohci_frame_now=0 \
		ohci_frames_after_panic=0 ohci_live=0 edu_mode=0 edu_bytes_landed=0

run "adversarial, frame did not move" 0 -f "$tmp/adv.core" -i 10 $R &&
	expect "adversarial, frame did not move" ohci_mode=2 ohci_frame_at_arm=100 \
		ohci_frame_now=100 ohci_frames_after_panic=0

run "bad magic" 2 -f "$tmp/badmagic.core" $R && expect "bad magic" record_ok=0

run "record not in any PT_LOAD" 2 -f "$tmp/good.core" 0x5000000 &&
	expect "record not in any PT_LOAD" record_ok=0

run "record straddles two PT_LOADs" 0 -f "$tmp/straddle.core" -i 10 0x100ffd0 &&
	expect "record straddles two PT_LOADs" record_ok=1 ohci_frame_now=10 canary_phys=0x1008000

run "PN_XNUM program header count" 0 -f "$tmp/xnum.core" -i 10 $R &&
	expect "PN_XNUM program header count" record_ok=1 ohci_frame_now=10

run "bad e_phentsize" 1 -f "$tmp/badphent.core" $R && expect "bad e_phentsize" record_ok=0

run "truncated core (HCCA beyond EOF)" 0 -f "$tmp/trunc.core" -i 10 $R &&
	expect "truncated core (HCCA beyond EOF)" record_ok=1 ohci_read_ok=0 ohci_live=0

run "truncated headers" 1 -f "$tmp/trunc-hdr.core" $R && expect "truncated headers" record_ok=0
run "not an ELF file" 1 -f "$tmp/garbage.core" $R && expect "not an ELF file" record_ok=0
run "empty file" 1 -f "$tmp/empty.core" $R && expect "empty file" record_ok=0
run "missing file" 1 -f "$tmp/nonexistent" $R && expect "missing file" record_ok=0
run "no arguments" 1 && ok "no arguments"
run "bad address" 1 -f "$tmp/good.core" 0xzz && ok "bad address"

if run "hexdump" 0 -f "$tmp/good.core" -x $R 20; then
	first="0000000001000100: 44 4d 41 47 45 4e 30 31 01 00 00 00 00 00 00 00  |DMAGEN01........|"
	if [ "$(head -n1 <<< "$out")" = "$first" ] && [ "$(wc -l <<< "$out")" -eq 2 ] &&
	   grep -q '^0000000001000110: 00 10 00 80                                      |....|$' <<< "$out"; then
		ok "hexdump"
	else
		not_ok "hexdump" "$out"
	fi
fi

run "hexdump across PT_LOADs" 0 -f "$tmp/good.core" -x 0x100fff8 16 &&
	{ [ "$(wc -l <<< "$out")" -eq 1 ] && ok "hexdump across PT_LOADs" ||
	  not_ok "hexdump across PT_LOADs" "$out"; }
run "hexdump of unmapped range" 1 -f "$tmp/good.core" -x 0x80004000 16 &&
	ok "hexdump of unmapped range"
run "hexdump past filesz" 1 -f "$tmp/good.core" -x 0x80003ff0 32 &&
	ok "hexdump past filesz"

# The HCCA frame number changes between the two reads: ohci_live=1.
cp "$tmp/good.core" "$tmp/live.core"
off=$(cat "$tmp/hcca_off")
( sleep 0.5; printf '\x34\x12' | dd of="$tmp/live.core" bs=1 seek="$off" conv=notrunc \
	status=none ) &
run "live HCCA" 0 -f "$tmp/live.core" -i 2000 $R &&
	expect "live HCCA" ohci_live=1 ohci_frame_now=4660 ohci_frames_after_panic=4666
wait

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
