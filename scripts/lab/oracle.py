# SPDX-License-Identifier: GPL-2.0
"""The crash lab's oracle: what QEMU itself says every DMA did.

QEMU traces each translation its IOMMU model performs (the machine file's
`trace` events, written with wall-clock timestamps). This module reads that
trace, aligns it with the serial log (labresult.py stamps the wall-clock
time of its ms 0), and derives fields over the window from the panic to
"dump saved" that do not depend on anything the guest says about itself:

  xlate_off_events  times translation was switched off on a unit
  xlate_off_ms      how long it stayed off (up to dump saved)
  xlate_off_kind    "bypass" (untranslated DMA) or "abort" (an SMMU
                    disabled while GBPA.ABORT is set), null if never off

and, for each generator device G (ohci, edu), DMA at its old IOVA:

  G_old_dma_ok            translated to its old page
  G_old_dma_misdirected   translated to any other page
  G_old_dma_refused       faulted or aborted
  G_old_dma_to_capture    translated (or passed through) into memory the
                          capture kernel owns, at any IOVA
  G_untranslated_ms       time the device spent on an untranslated path
                          (VT-d pass-through fast path, IOMMU switched off)
  G_old_page_in_capture   the old IOVA's page (as the crashed kernel's
                          tables left it) is memory the capture kernel owns
  G_dma_after_reset       DMA at the old IOVA after the capture kernel
                          reset the device

and for each real device R (nvme, e1000e, ahci), split at the first reset
QEMU sees after the panic (R_reset_seen):

  R_old_dma               before it, translated into the crashed kernel's RAM
  R_old_dma_to_capture    before it, into memory the capture kernel owns
  R_old_dma_refused       before it, faulted or aborted
  R_new_dma               after it, into capture memory (the capture
                          kernel's own buffers: the driver works)
  R_new_dma_old_ram, R_new_dma_refused

each also split at the capture kernel's start of user space ("_post":
after the capture kernel's IOMMU code ran). old_dma_* without a device
prefix sum over the generators.

What QEMU cannot show is said where it matters: VT-d and AMD-Vi emit no
per-DMA event for untranslated DMA (pass-through, translation off), so
those are measured as time on an untranslated path; AMD-Vi reports a
failed translation only as a zero output address, and a translation
without access rights (a blocking entry) only by the absence of an IOTLB
hit or fill before its result.
"""
import re

# Trace line: "TID@SEC.USEC:event args".
LINE = re.compile(r"^(\d+)@(\d+\.\d+):(\w+) ?(.*)$")

VTD_XLATE = re.compile(r"dev (\w+):(\w+)\.(\w+) iova 0x([0-9a-f]+) -> gpa 0x([0-9a-f]+) mask 0x([0-9a-f]+)")
VTD_FAULT = re.compile(r"sid 0x([0-9a-f]+) fault (\d+) addr 0x([0-9a-f]+) write (\d)")
VTD_SWITCH = re.compile(r"Device (\w+):(\w+)\.(\w+) switching address space \(iommu enabled=(\d)\)")
VTD_ENABLE = re.compile(r"enable (\d)")
AMD_XLATE = re.compile(r"devid: (\w+):(\w+)\.(\w+) gpa 0x([0-9a-f]+) hpa 0x([0-9a-f]+)")
AMD_CONTROL = re.compile(r"MMIO_STATUS state 0x([0-9a-f]+)")
SMMU_OK = re.compile(r"sid=0x([0-9a-f]+) iova=0x([0-9a-f]+) translated=0x([0-9a-f]+)")
SMMU_PASS = re.compile(r"sid=0x([0-9a-f]+) (?:bypass \(smmu disabled\)|STE bypass) iova:0x([0-9a-f]+)")
SMMU_ABORT = re.compile(r"sid=0x([0-9a-f]+) abort on iova:0x([0-9a-f]+)")
SMMU_MMIO = re.compile(r"addr: 0x([0-9a-f]+) val:0x([0-9a-f]+)")

PAGE = 0xfff

# The trace events each IOMMU needs (machine files name them).
EVENTS = {
    "vtd": "vtd_dmar_translate vtd_dmar_fault vtd_fault_disabled "
           "vtd_switch_address_space vtd_dmar_enable vtd_reg_dmar_root",
    "amd": "amdvi_translation_result amdvi_iotlb_hit amdvi_cache_update "
           "amdvi_control_status",
    "smmuv3": "smmuv3_translate_success smmuv3_translate_disable "
              "smmuv3_translate_bypass smmuv3_translate_abort "
              "smmuv3_record_event smmuv3_write_mmio",
}


def bdf_sid(bdf):
    """'0000:00:03.0' or '00:03.0' -> requester/stream ID."""
    m = re.search(r"([0-9a-f]{2}):([0-9a-f]{2})\.([0-7])$", bdf)
    if not m:
        return None
    return (int(m.group(1), 16) << 8) | (int(m.group(2), 16) << 3) | int(m.group(3))


def in_ranges(addr, ranges):
    return any(lo <= addr <= hi for lo, hi in ranges)


class Device:
    """What QEMU did with one generator's DMA."""

    def __init__(self, name, sid, old_iova, old_phys):
        self.name, self.sid = name, sid
        self.old_iova = None if old_iova is None else old_iova & ~PAGE
        self.old_phys = None if old_phys is None else old_phys & ~PAGE
        self.c = {}
        self.untranslated_since = None
        self.spans = []     # (start, end) on an untranslated path

    def count(self, what, post):
        self.c[what] = self.c.get(what, 0) + 1
        if post:
            self.c[what + "_post"] = self.c.get(what + "_post", 0) + 1

    def set_untranslated(self, on, t):
        if on and self.untranslated_since is None:
            self.untranslated_since = t
        elif not on and self.untranslated_since is not None:
            self.spans.append((self.untranslated_since, t))
            self.untranslated_since = None

    def untranslated(self, lo, hi):
        """Seconds on an untranslated path within [lo, hi]."""
        return sum(max(0.0, min(b, hi) - max(a, lo)) for a, b in self.spans)


# RealDevice counters and the fields they become.
REAL_FIELDS = (("old_old_ram", "old_dma"), ("old_to_capture", "old_dma_to_capture"),
               ("old_refused", "old_dma_refused"), ("new_to_capture", "new_dma"),
               ("new_old_ram", "new_dma_old_ram"), ("new_refused", "new_dma_refused"))


class RealDevice(Device):
    """A real device with its upstream driver (nvme, e1000e, ahci): no one
    old IOVA; its DMA is split at the first reset QEMU sees after the panic
    (the capture kernel's driver resetting it, or a PCI-core reset), into
    old DMA (before: the crashed kernel's requests) and new DMA (after)."""

    RESETS = {"nvme": ("pci_nvme_mmio_stopped", "pci_nvme_pci_reset"),
              "e1000e": ("e1000e_core_ctrl_sw_reset", "e1000e_cb_qdev_reset_hold"),
              "ahci": ("ahci_reset",)}

    def __init__(self, name, sid):
        super().__init__(name, sid, None, None)
        self.reset_at = None


class Oracle:
    def __init__(self, kind, devices, capture_ram, panic, post, reset, end):
        """kind: vtd, amd or smmuv3. devices: [Device]. capture_ram:
        [(lo, hi)]. panic, post, reset, end: wall-clock seconds (reset
        may be None): the window is [panic, end], "post" from post on."""
        self.kind, self.devices = kind, {d.sid: d for d in devices if d.sid is not None}
        self.capture_ram = capture_ram
        self.panic, self.post, self.reset, self.end = panic, post, reset, end
        self.off_since = None
        self.off_events, self.off_s, self.off_kind = 0, 0.0, None
        self.gbpa_abort = False
        self.unit_off = False
        self.lines = 0
        # AMD-Vi: per thread, whether the translate in progress found or
        # cached a translation with some permission (amdvi_iotlb_hit,
        # amdvi_cache_update). A result without either had no permission
        # (a blocking entry, TV=1 with IR=IW=0: QEMU returns the address
        # unchanged with no access right and the memory core drops the
        # access) or failed (output 0).
        self.amd_perm = {}

    def clamp(self, t):
        return min(max(t, self.panic), self.end)

    # -- translation on/off ---------------------------------------------
    def unit_state(self, off, t, kind="bypass"):
        in_window = self.panic <= t <= self.end
        if off and not self.unit_off:
            self.unit_off = True
            if in_window:
                self.off_events += 1
                self.off_kind = kind if self.off_kind in (None, kind) else "mixed"
            self.off_since = self.clamp(t)
        elif not off and self.unit_off:
            self.unit_off = False
            if self.off_since is not None:
                self.off_s += self.clamp(t) - self.off_since
            self.off_since = None
        for d in self.devices.values():
            if self.kind != "vtd":
                d.set_untranslated(self.unit_off and kind == "bypass", self.clamp(t))

    # -- one DMA ---------------------------------------------------------
    def dma(self, sid, t, iova, out, refused):
        d = self.devices.get(sid)
        if d is None or not self.panic <= t <= self.end:
            return
        post = t >= self.post
        if isinstance(d, RealDevice):
            phase = "new" if d.reset_at is not None else "old"
            if refused:
                d.count(phase + "_refused", post)
            elif in_ranges(out, self.capture_ram):
                d.count(phase + "_to_capture", post)
            else:
                d.count(phase + "_old_ram", post)
            return
        if out is not None and in_ranges(out, self.capture_ram):
            d.count("to_capture", post)
        if d.old_iova is None or (iova & ~PAGE) != d.old_iova:
            d.count("other", post)
            return
        if self.reset is not None and t >= self.reset:
            d.count("after_reset", post)
        if refused:
            d.count("refused", post)
        elif (out & ~PAGE) == d.old_phys:
            d.count("ok", post)
        else:
            d.count("misdirected", post)

    def amd_out(self, sid, iova, hpa):
        """AMD-Vi's result is the base of the output page, whose size the
        trace does not give (v1 tables map 4 KiB up to 1 GiB and more).
        Take the page size that makes the output the device's old page if
        the base's alignment allows one; else 4 KiB."""
        d = self.devices.get(sid)
        if d is not None and d.old_phys is not None:
            for k in range(12, 40):
                size = 1 << k
                if hpa & (size - 1):
                    break
                out = hpa | (iova & (size - 1))
                if out & ~PAGE == d.old_phys:
                    return out
        return hpa | (iova & PAGE)

    def feed(self, line):
        m = LINE.match(line)
        if not m:
            return
        self.lines += 1
        tid, t, ev, args = m.group(1), float(m.group(2)), m.group(3), m.group(4)
        if ev == "vtd_dmar_translate":
            x = VTD_XLATE.search(args)
            if x:
                sid = (int(x.group(1), 16) << 8) | (int(x.group(2), 16) << 3) | int(x.group(3), 16)
                iova, gpa, mask = (int(x.group(i), 16) for i in (4, 5, 6))
                self.dma(sid, t, iova, gpa | (iova & mask), False)
        elif ev == "vtd_dmar_fault":
            x = VTD_FAULT.search(args)
            if x:
                self.dma(int(x.group(1), 16), t, int(x.group(3), 16), None, True)
        elif ev == "vtd_switch_address_space":
            x = VTD_SWITCH.search(args)
            if x:
                sid = (int(x.group(1), 16) << 8) | (int(x.group(2), 16) << 3) | int(x.group(3), 16)
                if sid in self.devices:
                    self.devices[sid].set_untranslated(x.group(4) == "0", self.clamp(t))
        elif ev == "vtd_dmar_enable":
            x = VTD_ENABLE.search(args)
            if x:
                self.unit_state(x.group(1) == "0", t)
        elif any(ev in RealDevice.RESETS.get(d.name, ()) for d in self.devices.values()
                 if isinstance(d, RealDevice)):
            for d in self.devices.values():
                if (isinstance(d, RealDevice) and ev in RealDevice.RESETS.get(d.name, ())
                        and d.reset_at is None and self.panic <= t <= self.end):
                    d.reset_at = t
        elif ev in ("amdvi_iotlb_hit", "amdvi_cache_update"):
            self.amd_perm[tid] = True
        elif ev == "amdvi_translation_result":
            x = AMD_XLATE.search(args)
            perm = self.amd_perm.pop(tid, False)
            if x:
                sid = (int(x.group(1), 16) << 8) | (int(x.group(2), 16) << 3) | int(x.group(3), 16)
                iova, hpa = int(x.group(4), 16), int(x.group(5), 16)
                ok = hpa != 0 and perm
                self.dma(sid, t, iova, self.amd_out(sid, iova, hpa) if ok else None, not ok)
        elif ev == "amdvi_control_status":
            x = AMD_CONTROL.search(args)
            if x:
                self.unit_state(not int(x.group(1), 16) & 1, t)
        elif ev == "smmuv3_translate_success":
            x = SMMU_OK.search(args)
            if x:
                self.dma(int(x.group(1), 16), t, int(x.group(2), 16), int(x.group(3), 16), False)
        elif ev in ("smmuv3_translate_disable", "smmuv3_translate_bypass"):
            x = SMMU_PASS.search(args)
            if x:
                iova = int(x.group(2), 16)
                self.dma(int(x.group(1), 16), t, iova, iova, False)
        elif ev == "smmuv3_translate_abort":
            x = SMMU_ABORT.search(args)
            if x:
                self.dma(int(x.group(1), 16), t, int(x.group(2), 16), None, True)
        elif ev == "smmuv3_record_event":
            # A failed translation has no event of its own: the SMMU
            # records one (event queue on, CD.R set) that names the stream
            # but not the address. The generators only ever DMA at their
            # old IOVA, so it is counted there.
            x = re.search(r"sid=0x([0-9a-f]+)", args)
            d = self.devices.get(int(x.group(1), 16)) if x else None
            if d is not None and d.old_iova is not None:
                self.dma(d.sid, t, d.old_iova, None, True)
        elif ev == "smmuv3_write_mmio":
            x = SMMU_MMIO.search(args)
            if x:
                off, val = int(x.group(1), 16), int(x.group(2), 16)
                if off == 0x44 and val & (1 << 31):
                    self.gbpa_abort = bool(val & (1 << 20))
                elif off == 0x20:
                    self.unit_state(not val & 1, t,
                                    "abort" if self.gbpa_abort else "bypass")

    def fields(self):
        """The oracle's JSON fields."""
        if self.off_since is not None:
            self.off_s += self.end - self.off_since
        r = {"trace_events": self.lines,
             "xlate_off_events": self.off_events,
             "xlate_off_ms": round(self.off_s * 1000),
             "xlate_off_kind": self.off_kind}
        keys = ("ok", "misdirected", "refused", "to_capture")
        total = {k: 0 for k in keys}
        for d in self.devices.values():
            if isinstance(d, RealDevice):
                if d.untranslated_since is not None:
                    d.set_untranslated(False, self.end)
                for k, field in REAL_FIELDS:
                    r["%s_%s" % (d.name, field)] = d.c.get(k, 0)
                r["%s_reset_seen" % d.name] = d.reset_at is not None
                r["%s_untranslated_ms" % d.name] = round(d.untranslated(self.panic, self.end) * 1000)
                continue
            if d.untranslated_since is not None:
                d.set_untranslated(False, self.end)
            for k in keys:
                r["%s_old_dma_%s" % (d.name, k)] = d.c.get(k, 0)
                r["%s_old_dma_%s_post" % (d.name, k)] = d.c.get(k + "_post", 0)
                total[k] += d.c.get(k, 0)
            r["%s_dma_other" % d.name] = d.c.get("other", 0)
            r["%s_dma_after_reset" % d.name] = (d.c.get("after_reset", 0)
                                               if self.reset is not None else None)
            r["%s_untranslated_ms" % d.name] = round(d.untranslated(self.panic, self.end) * 1000)
            r["%s_untranslated_ms_post" % d.name] = round(d.untranslated(self.post, self.end) * 1000)
            r["%s_old_page_in_capture" % d.name] = (
                d.old_phys is not None and in_ranges(d.old_phys, self.capture_ram))
        for k in keys:
            r["old_dma_" + k] = total[k]
        r["old_dma_to_capture_post"] = sum(d.c.get("to_capture_post", 0)
                                           for d in self.devices.values()
                                           if not isinstance(d, RealDevice))
        return r


def confirm(state, f, name, reset_checked):
    """Does QEMU's record agree with the state the kernel reported for
    device `name`? None when there is nothing to confirm (no report, or
    an unprotected device)."""
    g = lambda k: f.get("%s_%s" % (name, k)) or 0
    # Judged from the capture kernel's start of user space on: before its
    # IOMMU code runs, the crashed kernel's tables are in charge.
    clean = (g("old_dma_misdirected_post") == 0 and g("old_dma_to_capture_post") == 0 and
             g("untranslated_ms_post") == 0)
    if state in ("adopted", "inherited"):
        # Old DMA keeps landing in its old page; an old page in capture
        # memory is a mapping the handover must have cut: refused.
        if f.get("%s_old_page_in_capture" % name):
            return clean and g("old_dma_ok_post") == 0 and g("old_dma_refused") > 0
        return clean and g("old_dma_ok_post") > 0 and g("old_dma_refused_post") == 0
    if state == "blocked":
        return clean and g("old_dma_ok_post") == 0 and g("old_dma_refused") > 0
    if state == "released":
        return clean and reset_checked and g("dma_after_reset") == 0
    return None
