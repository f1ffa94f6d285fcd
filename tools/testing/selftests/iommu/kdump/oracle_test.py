#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Tests of the crash lab's oracle (scripts/lab/oracle.py) on made-up QEMU
traces: each case feeds trace lines in QEMU's format and checks the fields
the oracle derives and its verdict on a reported state. Prints
"N passed, N failed" last; exits 1 on a failure."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "..", "..", "..", "scripts", "lab"))
import oracle  # noqa: E402
import labresult  # noqa: E402

T0 = 1700000000.0          # the panic
POST = T0 + 5              # the capture kernel's user space starts
END = T0 + 10              # dump saved
CAP = [(0x2c000000, 0x3bffffff)]
OHCI_IOVA, OHCI_PHYS = 0xfffff000, 0x73a000

passed = failed = 0


def check(name, got, want):
    global passed, failed
    if got == want:
        passed += 1
        print("ok   %s" % name)
    else:
        failed += 1
        print("FAIL %s: got %r, want %r" % (name, got, want))


def line(t, ev, args):
    return "4242@%.6f:%s %s" % (t, ev, args)


def run(kind, lines, reset=None, phys=OHCI_PHYS, old_iova=OHCI_IOVA):
    o = oracle.Oracle(kind, [oracle.Device("ohci", 0x18, old_iova, phys)],
                      CAP, T0, POST, reset, END)
    for l in lines:
        o.feed(l)
    return o.fields()


def vtd_x(t, iova, gpa):
    return line(t, "vtd_dmar_translate",
                "dev 00:03.00 iova 0x%x -> gpa 0x%x mask 0xfff" % (iova, gpa))


def vtd_cases():
    f = run("vtd", [
        vtd_x(T0 - 1, OHCI_IOVA, OHCI_PHYS),            # before the panic
        vtd_x(T0 + 1, OHCI_IOVA, OHCI_PHYS),
        vtd_x(T0 + 6, OHCI_IOVA, OHCI_PHYS),
        vtd_x(T0 + 7, OHCI_IOVA, OHCI_PHYS),
        vtd_x(T0 + 7.5, OHCI_IOVA, 0x123000),           # misdirected
        vtd_x(T0 + 8, 0x1000, 0x2d000000),              # other IOVA, capture
        line(T0 + 8.5, "vtd_dmar_fault", "sid 0x18 fault 2 addr 0xfffff004 write 0"),
        line(T0 + 9, "vtd_dmar_fault", "sid 0x20 fault 2 addr 0xfffff004 write 0"),
        line(END + 1, "vtd_dmar_translate", "dev 00:03.00 iova 0xfffff000 -> gpa 0x73a000 mask 0xfff"),
    ])
    check("vtd: ok in the window", f["ohci_old_dma_ok"], 3)
    check("vtd: ok after the handover", f["ohci_old_dma_ok_post"], 2)
    check("vtd: misdirected", f["ohci_old_dma_misdirected"], 1)
    check("vtd: refused (own sid only)", f["ohci_old_dma_refused"], 1)
    check("vtd: to capture at any IOVA", f["ohci_old_dma_to_capture"], 1)
    check("vtd: other IOVAs", f["ohci_dma_other"], 1)
    check("vtd: never off", (f["xlate_off_events"], f["xlate_off_ms"], f["xlate_off_kind"]),
          (0, 0, None))

    f = run("vtd", [
        line(T0 - 3, "vtd_dmar_enable", "enable 1"),
        line(T0 + 2, "vtd_dmar_enable", "enable 0"),
        line(T0 + 2, "vtd_switch_address_space",
             "Device 00:03.0 switching address space (iommu enabled=0)"),
        line(T0 + 2.5, "vtd_dmar_enable", "enable 1"),
        line(T0 + 2.5, "vtd_switch_address_space",
             "Device 00:03.0 switching address space (iommu enabled=1)"),
        line(END + 5, "vtd_dmar_enable", "enable 0"),    # poweroff: outside
    ])
    check("vtd: one off window", (f["xlate_off_events"], f["xlate_off_ms"], f["xlate_off_kind"]),
          (1, 500, "bypass"))
    check("vtd: device untranslated as long", f["ohci_untranslated_ms"], 500)
    check("vtd: not after the handover", f["ohci_untranslated_ms_post"], 0)

    # Pass-through from the first kernel on: untranslated the whole window.
    f = run("vtd", [line(T0 - 9, "vtd_switch_address_space",
                         "Device 00:03.0 switching address space (iommu enabled=0)")])
    check("vtd: pass-through all along", (f["ohci_untranslated_ms"], f["ohci_untranslated_ms_post"]),
          (10000, 5000))


def amd_cases():
    f = run("amd", [
        line(T0 + 6, "amdvi_iotlb_hit", "hit iotlb devid 00:03.0 gpa 0xfffff004 hpa 0x73a000"),
        line(T0 + 6, "amdvi_translation_result",
             "devid: 00:03.0 gpa 0xfffff004 hpa 0x73a000"),
        # a blocking entry: the address back, no permission, no IOTLB fill
        line(T0 + 6.05, "amdvi_translation_result",
             "devid: 00:03.0 gpa 0xfffff004 hpa 0xfffff000"),
        line(T0 + 6.1, "amdvi_translation_result",
             "devid: 00:03.0 gpa 0xfffff004 hpa 0x0"),
        line(T0 + 1, "amdvi_control_status", "MMIO_STATUS state 0x1004"),
        line(T0 + 1.25, "amdvi_control_status", "MMIO_STATUS state 0x1005"),
    ])
    check("amd: ok", f["ohci_old_dma_ok_post"], 1)
    check("amd: hpa 0 and no permission are refused", f["ohci_old_dma_refused"], 2)
    check("amd: a blocking entry is not misdirected", f["ohci_old_dma_misdirected"], 0)
    # An identity map in 1 MiB pages: QEMU gives the page's base.
    f2 = run("amd", [
        line(T0 + 6, "amdvi_cache_update",
             " update iotlb domid 0x1 devid: 00:03.0 gpa 0x56a080 hpa 0x500000"),
        line(T0 + 6, "amdvi_translation_result", "devid: 00:03.0 gpa 0x56a080 hpa 0x500000"),
        line(T0 + 7, "amdvi_iotlb_hit", "hit iotlb devid 00:03.0 gpa 0x56a000 hpa 0x300000"),
        line(T0 + 7, "amdvi_translation_result", "devid: 00:03.0 gpa 0x56a000 hpa 0x300000"),
    ], old_iova=0x56a000, phys=0x56a000)
    check("amd: a large page's base is its old page", f2["ohci_old_dma_ok_post"], 1)
    check("amd: a base that does not fit is misdirected", f2["ohci_old_dma_misdirected_post"], 1)
    check("amd: IOMMU_EN cleared", (f["xlate_off_events"], f["xlate_off_ms"]), (1, 250))
    check("amd: device untranslated meanwhile", f["ohci_untranslated_ms"], 250)


def smmu_cases():
    f = run("smmuv3", [
        line(T0 + 1, "smmuv3_write_mmio", "addr: 0x44 val:0x80100000 size: 0x4(0)"),
        line(T0 + 1, "smmuv3_write_mmio", "addr: 0x20 val:0x0 size: 0x4(0)"),
        line(T0 + 1.5, "smmuv3_translate_abort",
             "smmuv3-iommu-memory-region-24-3 sid=0x18 abort on iova:0xfffff000 is_write=0"),
        line(T0 + 2, "smmuv3_write_mmio", "addr: 0x20 val:0xd size: 0x4(0)"),
        line(T0 + 6, "smmuv3_translate_success",
             "smmuv3-iommu-memory-region-24-3 sid=0x18 iova=0xfffff000 translated=0x73a000 perm=0x3"),
        line(T0 + 7, "smmuv3_record_event", "SMMU_EVT_F_TRANSLATION sid=0x18"),
    ])
    check("smmuv3: disabled while GBPA aborts", (f["xlate_off_kind"], f["xlate_off_ms"]),
          ("abort", 1000))
    check("smmuv3: aborting is not untranslated", f["ohci_untranslated_ms"], 0)
    check("smmuv3: abort and event are refusals", f["ohci_old_dma_refused"], 2)
    check("smmuv3: success", f["ohci_old_dma_ok_post"], 1)

    f = run("smmuv3", [
        line(T0 + 1, "smmuv3_write_mmio", "addr: 0x20 val:0x0 size: 0x4(0)"),
        line(T0 + 1.5, "smmuv3_translate_disable",
             "smmuv3-iommu-memory-region-24-3 sid=0x18 bypass (smmu disabled) iova:0xfffff000 is_write=1"),
    ])
    check("smmuv3: disabled without GBPA bypasses", (f["xlate_off_kind"], f["xlate_off_ms"]),
          ("bypass", 9000))
    check("smmuv3: bypassed DMA lands at the IOVA", f["ohci_old_dma_misdirected"], 1)


def real_cases():
    o = oracle.Oracle("vtd", [oracle.RealDevice("nvme", 0x30)], CAP, T0, POST, None, END)
    for l in [
        line(T0 + 1, "vtd_dmar_translate", "dev 00:06.00 iova 0x100000 -> gpa 0x5000 mask 0xfff"),
        line(T0 + 2, "vtd_dmar_translate", "dev 00:06.00 iova 0x101000 -> gpa 0x2c001000 mask 0xfff"),
        line(T0 + 3, "vtd_dmar_fault", "sid 0x30 fault 2 addr 0x102000 write 1"),
        line(T0 + 4, "pci_nvme_mmio_stopped", ""),
        line(T0 + 6, "vtd_dmar_translate", "dev 00:06.00 iova 0xfff00000 -> gpa 0x2d000000 mask 0xfff"),
        line(T0 + 6.5, "pci_nvme_mmio_stopped", ""),   # a second reset: no effect
    ]:
        o.feed(l)
    f = o.fields()
    check("real: old DMA into old RAM", f["nvme_old_dma"], 1)
    check("real: old DMA into capture memory", f["nvme_old_dma_to_capture"], 1)
    check("real: old DMA refused", f["nvme_old_dma_refused"], 1)
    check("real: new DMA after the reset", (f["nvme_new_dma"], f["nvme_reset_seen"]), (1, True))


def confirm_cases():
    base = {"ohci_old_dma_ok": 5, "ohci_old_dma_ok_post": 3, "ohci_old_dma_misdirected_post": 0,
            "ohci_old_dma_to_capture_post": 0, "ohci_untranslated_ms_post": 0,
            "ohci_old_dma_refused": 0, "ohci_old_dma_refused_post": 0,
            "ohci_dma_after_reset": 0, "ohci_old_page_in_capture": False}
    c = lambda state, reset=False, **kw: oracle.confirm(state, dict(base, **kw), "ohci", reset)
    check("confirm: adopted, old DMA lands", c("adopted"), True)
    check("confirm: inherited, old DMA lands", c("inherited"), True)
    check("confirm: adopted but nothing landed after the handover",
          c("adopted", ohci_old_dma_ok_post=0), False)
    check("confirm: adopted but misdirected", c("adopted", ohci_old_dma_misdirected_post=1), False)
    check("confirm: adopted but untranslated", c("adopted", ohci_untranslated_ms_post=4), False)
    check("confirm: adopted but refused", c("adopted", ohci_old_dma_refused_post=1), False)
    check("confirm: adopted, old page cut (in capture) and refused",
          c("adopted", ohci_old_page_in_capture=True, ohci_old_dma_ok_post=0,
            ohci_old_dma_refused=2), True)
    check("confirm: adopted, old page in capture but DMA landed",
          c("adopted", ohci_old_page_in_capture=True, ohci_old_dma_refused=2), False)
    check("confirm: blocked and refused", c("blocked", ohci_old_dma_ok_post=0,
                                            ohci_old_dma_refused=1), True)
    check("confirm: blocked but translated", c("blocked", ohci_old_dma_refused=1), False)
    check("confirm: blocked, never refused", c("blocked", ohci_old_dma_ok_post=0), False)
    check("confirm: released, quiet after reset", c("released", True), True)
    check("confirm: released, DMA after reset", c("released", True, ohci_dma_after_reset=1), False)
    check("confirm: released without a reset mark", c("released", False), False)
    check("confirm: no report", c(None), None)


def mark_cases():
    # The serial port carries the guest init's marks and the kernel's
    # printk; a printk line can land inside a mark's line.
    check("mark: plain", labresult.split_mark("dump-saved rc=0"), ("dump-saved", "rc=0"))
    check("mark: printk written into it",
          labresult.split_mark("done[    7.075075] random: crng init done"), ("done", ""))
    check("mark: printk after its value",
          labresult.split_mark("dump-saved rc=0[   12.5] nvme nvme0: ok"), ("dump-saved", "rc=0"))
    check("mark: no value", labresult.split_mark("panic"), ("panic", ""))


vtd_cases()
amd_cases()
smmu_cases()
real_cases()
confirm_cases()
mark_cases()
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
