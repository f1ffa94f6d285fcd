#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Fuzzer inputs that once failed or hung, rebuilt from their description.

Usage: gen.py DIR -- writes one file per input into DIR.  The harness
(plan_fuzz.c) runs each under a per-input timeout before any fuzzing, so
a checker or walker that turns slow again fails in seconds, not after
libFuzzer's default 20 minutes.

Input layout: see the comment at the top of plan_fuzz.c.
"""
import os
import struct
import sys

PAGE = 4096
PAGES = 10
BASE = 0x10000000


def page_pa(n):
    return BASE + n * PAGE


def vtd_1g_superpages(pml4_entries):
    """Legacy VT-d, 4-level, SLLPS 2M|1G, one device whose PDPT maps 512
    writable 1 GiB pages at PA 0..512 GiB, reached from pml4_entries PML4
    slots.  The plan keeps runs of hundreds of GiB; a checker that walks
    them page by page (2^27 pages each) took 15 s per input (CI, stop 19).
    """
    hdr = bytes([0,      # mode 0: legacy VT-d unit into a plan
                 0x04,   # SAGAW: 48-bit, 4-level
                 0xc0,   # SLLPS 2M|1G; HAW 24 + 192 % 41 = 52
                 1,      # 64 domain IDs
                 0, 0,   # root table at page 0
                 31,     # limits: 32 tables per tree, 63 in all
                 0x7f,   # 8129 leaves, 1 MiB plan budget
                 0])     # no failed read
    mem = bytearray(PAGES * PAGE)

    def q(page, idx, val):
        struct.pack_into('<Q', mem, page * PAGE + idx * 8, val)

    q(0, 0, page_pa(1) | 1)             # root: bus 0 -> context page 1
    q(1, 0, page_pa(2) | 1)             # devfn 0: present, TT 0, SLPTPTR
    q(1, 1, (1 << 8) | 2)               # DID 1, AW 2 (48-bit)
    for i in range(pml4_entries):
        q(2, i, page_pa(3) | 3)         # PML4 -> PDPT, R|W
    for i in range(512):
        q(3, i, (i << 30) | (1 << 7) | 3)   # 1 GiB, PS, R|W
    return hdr + bytes(mem)


def amd_level6_leaf():
    """AMD-Vi, 6 levels, HAW 48: device 8's root table (page 1) maps IOVA
    2^57.. with one level-6 leaf at PA 0, 2^57 bytes, far past the HAW.
    The plan kept it and rebuilt a tree around capture memory that could
    not encode it (fuzzer, stop 20)."""
    hdr = bytes([4,      # mode 4: AMD-Vi unit into a plan
                 0x23,   # 6 levels (HATS), GT, one device table page
                 0x10,   # HAW 32 + 16 = 48
                 8,      # 256 domain IDs
                 0, 0,   # device table at page 0
                 31,     # limits: 32 tables per tree, 63 in all
                 0x7f,   # 8129 leaves, 1 MiB plan budget
                 0])
    mem = bytearray(PAGES * PAGE)

    def q(pa_off, val):
        struct.pack_into('<Q', mem, pa_off, val)

    v, tv, ir, iw, pr, fc = 1, 2, 1 << 61, 1 << 62, 1, 1 << 60
    q(8 * 32, page_pa(1) | (6 << 9) | ir | iw | tv | v)   # DTE 8, mode 6
    q(8 * 32 + 8, 1)                                      # domain 1
    q(1 * PAGE + 8, 0 | pr | fc | ir | iw)                # level-6 leaf
    return hdr + bytes(mem)


INPUTS = {
    'amd-level6-leaf-past-haw': amd_level6_leaf(),
    'vtd-1g-superpages': vtd_1g_superpages(1),
    'vtd-1g-superpages-shared-pdpt': vtd_1g_superpages(16),
}


def main():
    if len(sys.argv) != 2:
        sys.exit('usage: gen.py DIR')
    os.makedirs(sys.argv[1], exist_ok=True)
    for name, data in INPUTS.items():
        with open(os.path.join(sys.argv[1], name), 'wb') as f:
            f.write(data)


if __name__ == '__main__':
    main()
