#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Crash-lab results: timestamp a serial log, turn it into one JSON result,
and render results as a Markdown table.

  labresult.py stamp                 stdin -> "MS<TAB>line" on stdout
  labresult.py parse --log ... ...   print one JSON object (see --help)
  labresult.py table FILE.jsonl...   Markdown table, baseline beside patched
  labresult.py audit FILE.jsonl...   refuse predicates both kernels satisfy
  labresult.py soak FILE.jsonl...    dumps and passes per scenario, N/N
"""
import argparse
import gzip
import json
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import oracle  # noqa: E402

# Where vmtest.sh puts the real devices.
REAL_BDF = {"nvme": "0000:00:10.0", "e1000e": "0000:00:11.0", "ahci": "0000:00:1f.2"}

# Frames the OHCI may legitimately run between the `arm` snapshot and the
# panic itself (the sysrq write and the crash path take a few ms).
ARM_TO_PANIC_FRAMES = 20


def cmd_stamp(_args):
    t0 = time.monotonic()
    out = sys.stdout
    # The wall-clock time of ms 0, to align QEMU's trace (which carries
    # wall-clock timestamps) with the serial log.
    out.write("0.0\tLAB-HOST: epoch=%.6f\n" % (time.time() - (time.monotonic() - t0)))
    for raw in sys.stdin.buffer:
        line = raw.decode("utf-8", "replace").rstrip("\r\n").replace("\r", "")
        out.write("%.1f\t%s\n" % ((time.monotonic() - t0) * 1000.0, line))
        out.flush()
    return 0


def read_log(path):
    lines = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for raw in f:
            ms, _, text = raw.rstrip("\n").partition("\t")
            try:
                lines.append((float(ms), text))
            except ValueError:
                lines.append((None, raw.rstrip("\n")))
    return lines


def kv(text):
    k, sep, v = text.partition("=")
    return (k.strip(), v.strip()) if sep else (None, None)


def to_int(v, default=None):
    try:
        return int(v, 0)
    except (TypeError, ValueError):
        return default


def check_dump(disk, out, arch):
    """Reassemble the flattened dump from the disk and validate it.
    Returns (ok, size, why)."""
    for old in (out, out + ".dmesg"):
        if os.path.exists(old):
            os.unlink(old)
    with open(disk, "rb") as d:
        if d.read(12) != b"makedumpfile":
            return False, 0, "no flattened dump on the disk"
    with open(disk, "rb") as d:
        r = subprocess.run(["makedumpfile", "-R", out], stdin=d,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=120, check=False)
    if r.returncode != 0 or not os.path.exists(out):
        return False, 0, "makedumpfile -R failed: " + r.stdout.decode()[-200:]
    size = os.path.getsize(out)
    with open(out, "rb") as f:
        head = f.read(1 << 20)
    if not head.startswith(b"KDUMP   "):
        return False, size, "not a kdump-compressed file"
    want = ("OSRELEASE=%s" % os.environ.get("LAB_KERNELVERSION", "6.12")).encode()
    if want not in head:
        return False, size, "no VMCOREINFO with %s" % want.decode()
    if arch == "x86_64":
        # The host's makedumpfile understands x86_64 dumps: extract the
        # crashed kernel's log buffer and look for the panic.
        txt = out + ".dmesg"
        r = subprocess.run(["makedumpfile", "--dump-dmesg", out, txt],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=120, check=False)
        if r.returncode != 0:
            return False, size, "--dump-dmesg failed: " + r.stdout.decode()[-200:]
        with open(txt, encoding="utf-8", errors="replace") as f:
            if "sysrq: Trigger a crash" not in f.read():
                return False, size, "crashed kernel's log has no sysrq crash"
    return True, size, ""


OPS = {
    "==": lambda a, b: a == b, "!=": lambda a, b: a != b,
    "<=": lambda a, b: a is not None and a <= b,
    ">=": lambda a, b: a is not None and a >= b,
    "<": lambda a, b: a is not None and a < b,
    ">": lambda a, b: a is not None and a > b,
}
PRED = re.compile(r"^([a-z_][a-z0-9_]*)(==|!=|<=|>=|<|>)(.+)$")


def literal(v):
    if v in ("true", "false"):
        return v == "true"
    if v == "null":
        return None
    n = to_int(v)
    return n if n is not None else v


def evaluate(expect, res):
    failed = []
    for tok in expect.split():
        m = PRED.match(tok)
        if not m:
            failed.append(tok + " (cannot parse)")
            continue
        field, op, want = m.group(1), m.group(2), literal(m.group(3))
        if field not in res:
            failed.append(tok + " (no such field)")
            continue
        try:
            ok = OPS[op](res[field], want)
        except TypeError:
            ok = False
        if not ok:
            failed.append("%s (got %s)" % (tok, json.dumps(res[field])))
    return failed


def run_oracle(a, lines, marks, sections, bdf, epoch, capture_ram, res):
    """The emulator's side (oracle.py), from QEMU's trace of this run.
    Without a trace every oracle field is null, and a predicate on one
    fails: a scenario cannot pass on a claim nobody checked."""
    names = ["trace_events", "xlate_off_events", "xlate_off_ms", "xlate_off_kind",
             "old_dma_ok", "old_dma_misdirected", "old_dma_refused",
             "old_dma_to_capture", "old_dma_to_capture_post", "state_confirmed"]
    for gen in ("ohci", "edu"):
        for k in ("ok", "misdirected", "refused", "to_capture"):
            names += ["%s_old_dma_%s" % (gen, k), "%s_old_dma_%s_post" % (gen, k)]
        names += [gen + "_dma_other", gen + "_dma_after_reset",
                  gen + "_untranslated_ms", gen + "_untranslated_ms_post",
                  gen + "_old_page_in_capture"]
    real = [d for d in a.devices.split() if d in REAL_BDF]
    for d in real:
        names += ["%s_%s" % (d, f) for _, f in oracle.REAL_FIELDS]
        names += [d + "_reset_seen", d + "_untranslated_ms"]
    out = dict.fromkeys(names)
    kind = a.iommu
    if not a.trace or not os.path.exists(a.trace) or kind not in oracle.EVENTS:
        return out
    if epoch is None or "panic" not in marks or not capture_ram:
        return out
    end_ms = marks["dump-saved"][0] if "dump-saved" in marks else lines[-1][0]
    post_ms = marks["capture-kernel-up"][0] if "capture-kernel-up" in marks else end_ms
    reset_ms = marks["reset-done"][0] if "reset-done" in marks else None
    to_s = lambda ms: None if ms is None else epoch + ms / 1000.0
    armed = sections["armed"]
    # The page each generator's old IOVA translates to in the tables the
    # crashed kernel left: its buffer, or where an injection redirected it.
    phys = {g: to_int(armed.get(g + "_buf_phys")) for g in ("ohci", "edu")}
    if to_int(armed.get("inject_hcca_phys"), 0):
        phys["ohci"] = to_int(armed["inject_hcca_phys"])
    devs = [oracle.Device(g, oracle.bdf_sid(bdf[g]) if g in bdf else None,
                          to_int(armed.get(g + "_iova")), phys[g])
            for g in ("ohci", "edu")]
    devs += [oracle.RealDevice(d, oracle.bdf_sid(REAL_BDF[d])) for d in real]
    o = oracle.Oracle(kind, devs, capture_ram, to_s(marks["panic"][0]),
                      to_s(post_ms), to_s(reset_ms), to_s(end_ms))
    opener = gzip.open if a.trace.endswith(".gz") else open
    with opener(a.trace, "rt", errors="replace") as f:
        for line in f:
            o.feed(line)
    out.update(o.fields())
    out["state_confirmed"] = oracle.confirm(res.get("ohci_state"), out, "ohci",
                                            reset_ms is not None)
    return out


# A printk line the kernel wrote into the middle of a mark's line on the
# serial port ("LAB: done[    7.075075] random: crng init done").
PRINTK_INTRUSION = re.compile(r"\[\s*\d+\.\d+\].*$")


def split_mark(body):
    """A mark's word and the rest of its line, without an intruding printk."""
    word, _, rest = PRINTK_INTRUSION.sub("", body).partition(" ")
    return word, rest


def cmd_parse(a):
    lines = read_log(a.log)
    marks = {}
    sections = {"first": {}, "armed": {}, "dmagen": {}, "peek": {},
                "after-reset": {}, "after-reset-peek": {}, "iommu": {}}
    dmesg, in_dmesg, errors, cap_cmdline = [], False, [], None
    iommu_lines = []
    epoch, capture_ram = None, []
    for ms, text in lines:
        if in_dmesg:
            if text.startswith("LAB: END-DMESG"):
                in_dmesg = False
            else:
                dmesg.append(text)
            continue
        if text.startswith("LAB-HOST: epoch="):
            epoch = float(text.split("=", 1)[1])
            continue
        if text.startswith("LAB: capture-ram "):
            lo, _, hi = split_mark(text[5:])[1].split()[0].partition("-")
            capture_ram.append((int(lo, 16), int(hi, 16)))
            continue
        if not text.startswith("LAB: "):
            # The first kernel's own panic line stands in for the init's
            # "panic" mark when user space output is lost after arm: an
            # injection that moves the AMD-Vi device table also breaks
            # the old kernel's interrupt remapping, so the serial port's
            # interrupt-driven output stops while printk still polls it.
            if ("Kernel panic - not syncing: sysrq triggered crash" in text
                    and "capture-kernel-up" not in marks):
                marks.setdefault("panic", (ms, "from the kernel's panic line"))
            continue
        word, rest = split_mark(text[5:])
        if word == "BEGIN-DMESG":
            in_dmesg = True
        elif word == "error":
            errors.append(rest)
        elif word == "capture-cmdline":
            cap_cmdline = rest
        elif word == "iommu" and rest.startswith(("device ", "unit ")):
            iommu_lines.append(rest)
        elif word in sections:
            k, v = kv(rest)
            if k:
                sections[word][k] = v
        else:
            marks.setdefault(word, (ms, rest))

    res = {"run_id": a.run_id, "scenario": a.scenario, "machine": a.machine,
           "kernel": a.kernel, "cmdline": a.capture_cmdline.strip(),
           "inject": None if a.inject in ("", "none") else a.inject,
           "capture_driver": a.capture_driver, "ohci": a.ohci, "edu": a.edu}

    lab_ok = all(m in marks for m in ("first-kernel-up", "panic",
                                      "capture-kernel-up", "dump-saved", "done"))
    saved_rc = to_int((marks.get("dump-saved", (0, ""))[1]).replace("rc=", ""), -1)
    dump_ok, size, why = False, 0, "capture kernel did not save a dump"
    if saved_rc == 0:
        try:
            dump_ok, size, why = check_dump(a.disk, a.dump_out, a.arch)
        except (OSError, subprocess.SubprocessError) as e:
            dump_ok, why = False, str(e)
    res["dump_ok"] = dump_ok
    res["dump_bytes"] = size

    # The patched kernel's handover report (absent on the baseline kernel
    # and without iommu=accept_active): per-state device counts.
    io = sections["iommu"]
    for st in ("adopted", "inherited", "blocked", "released", "unprotected"):
        res["kdump_" + st] = to_int(io.get(st))
    res["kdump_faults"] = to_int(io.get("faults"))
    res["kdump_handover_us"] = to_int(io.get("handover_us"))
    res["kdump_devices"] = iommu_lines
    # The generators' own states, found by their PCI names in the log.
    bdf = {}
    for _, text in lines:
        m = re.search(r"kdump_dmagen (\S+): (OHCI running|edu loaded)", text)
        if m:
            bdf["ohci" if m.group(2).startswith("OHCI") else "edu"] = m.group(1)
    # The real devices sit at fixed slots (vmtest.sh).
    for name in a.devices.split():
        if name in REAL_BDF:
            bdf[name] = REAL_BDF[name]
    for gen in ["ohci", "edu"] + [d for d in a.devices.split() if d in REAL_BDF]:
        res[gen + "_state"] = None
        res[gen + "_ranges"] = None
        for l in iommu_lines:
            f = l.split()
            if gen in bdf and len(f) > 3 and f[2] == bdf[gen]:
                fields = dict(kv(x) for x in f[3:] if "=" in x)
                res[gen + "_state"] = fields.get("state")
                res[gen + "_ranges"] = to_int(fields.get("ranges"))
    # Memory the handover kept per unit (the budget's count), the largest.
    used = [to_int(dict(kv(x) for x in l.split() if "=" in x).get("used_kib"))
            for l in iommu_lines if l.startswith("unit ")]
    res["kdump_used_kib"] = max((u for u in used if u is not None),
                                default=None)
    # Time the handover spent mapping old runs into capture-kernel domains.
    inh = [to_int(dict(kv(x) for x in l.split() if "=" in x).get("inherit_us"))
           for l in iommu_lines if l.startswith("device ")]
    res["kdump_inherit_us"] = (sum(i for i in inh if i is not None)
                               if iommu_lines else None)
    # The first kernel's large table (kdump_dmagen.bulk=N), as it said.
    res["bulk_mapped"] = to_int(sections["armed"].get("bulk_mapped"))
    res["bulk_map_us"] = to_int(sections["armed"].get("bulk_map_us"))

    # Faults: what the IOMMU driver logged, plus what the handover counted
    # and kept off the console.
    fault_re = re.compile(a.faults) if a.faults else None
    res["faults_logged"] = sum(1 for l in dmesg if fault_re and fault_re.search(l))
    res["faults"] = res["faults_logged"] + (res["kdump_faults"] or 0)

    # The handover's command-line warnings: an unknown accept_* word, an
    # off switch that iommu=accept_active overrides.
    switch_re = re.compile(r"kdump-iommu: .*(unknown option, ignored|"
                           r"ignored: iommu=accept_active keeps translation on)")
    res["switch_warnings"] = sum(1 for l in dmesg if switch_re.search(l))

    dg, pk = sections["dmagen"], sections["peek"]
    canary_state = dg.get("canary_state")
    res["canary_state"] = canary_state
    res["canary_bytes"] = to_int(dg.get("canary_bytes")) if canary_state == "ok" else None
    res["newbuf_bytes"] = to_int(dg.get("newbuf_bytes"), 0)
    frames = to_int(pk.get("ohci_frames_after_panic"), 0)
    landed = to_int(pk.get("edu_bytes_landed"), 0)
    res["ohci_frames_after_panic"] = frames
    res["ohci_live"] = pk.get("ohci_live") == "1"
    res["edu_bytes_landed"] = landed
    res["old_dma_after_panic"] = frames > ARM_TO_PANIC_FRAMES or landed > 0
    res["generator_visible"] = (pk.get("record_ok") == "1" and
                                (a.ohci == "off" or
                                 to_int(pk.get("ohci_frame_at_arm"), 0) > 0))
    # IOVA aliasing: bytes of new capture-kernel buffers whose IOVA range is
    # one the old, un-reset device still targets (HCCA 256 B, edu transfer).
    old = []
    if to_int(pk.get("ohci_iova")) is not None and a.ohci != "off":
        old.append((to_int(pk["ohci_iova"]), 256))
    if to_int(pk.get("edu_iova")) is not None and a.edu != "off":
        old.append((to_int(pk["edu_iova"]), to_int(pk.get("edu_len"), 0)))
    alias = 0
    for key in ("ohci_newbuf_iovas", "edu_newbuf_iovas"):
        for v in filter(None, (dg.get(key) or "").split(",")):
            n = to_int(v)
            for o, ln in old:
                if n is not None:
                    alias += max(0, min(n + 4096, o + ln) - max(n, o))
    res["alias_bytes"] = alias
    res["capture_bound"] = (dg.get("ohci_bound") == "1" if a.ohci != "off"
                            else dg.get("edu_bound") == "1")
    ar, arp = sections["after-reset"], sections["after-reset-peek"]
    if a.capture_driver == "bind-reset":
        res["reset_done"] = ar.get("reset_done") == "1"
        res["ohci_live_after_reset"] = arp.get("ohci_live") == "1"
        res["newbuf_bytes_after_reset"] = to_int(ar.get("newbuf_bytes"), 0)
    # What the capture kernel's IOMMU driver said about the handover.
    said = re.compile(r"(DMAR|AMD-Vi|arm-smmu|iommu|IOMMU|kdump-iommu)", re.I)
    noise = re.compile(r"initcall|calling |Linux version|ACPI: |DebugFS|\] \*\*|"
                       r"DMA \[|IO_PAGE_FAULT|Adding to iommu group|"
                       r"DRHD base|reg_base_addr|IOAPIC id")
    res["iommu_log"] = [re.sub(r"^\[\s*[\d.]+\] ", "", l) for l in dmesg
                        if said.search(l) and not noise.search(l)][:20]

    init_us = None
    if a.init_time:
        r = re.compile(a.init_time)
        for l in dmesg:
            m = r.search(l)
            if m:
                init_us = int(m.group(1))
    res["iommu_init_us"] = init_us
    p, d = marks.get("panic"), marks.get("dump-saved")
    res["panic_to_dump_ms"] = (round(d[0] - p[0]) if p and d and p[0] is not None
                               and d[0] is not None else None)
    res.update(run_oracle(a, lines, marks, sections, bdf, epoch, capture_ram, res))
    res["lab_ok"] = lab_ok and not errors
    res["lab_errors"] = errors + ([] if dump_ok else [why])
    res["capture_cmdline_full"] = cap_cmdline
    res["qemu_version"] = a.qemu_version or None
    res["same_as_upstream"] = a.same_as_upstream or None
    res["qemu_rc"] = a.qemu_rc
    res["seconds"] = a.seconds
    expect = " ".join((a.expect + " " + a.expect_kernel).split())
    res["expect"] = expect
    failed = evaluate(expect, res)
    res["failed"] = failed
    res["pass"] = not failed
    res["log"] = a.log

    print(json.dumps(res, sort_keys=False))
    summary = ("%s %s/%s on %s: dump %s, %d faults, canary %s B, newbuf %d B, "
               "alias %s B, old DMA %s (%d frames, live=%s, edu %d B), iommu init %s us, "
               "panic->dump %s ms" % (
                   "PASS" if res["pass"] else "FAIL", a.scenario, a.kernel,
                   a.machine, "ok" if dump_ok else "MISSING (%s)" % why,
                   res["faults"], res["canary_bytes"], res["newbuf_bytes"],
                   res["alias_bytes"],
                   "kept running after the panic" if res["old_dma_after_panic"]
                   else "stopped", frames, res["ohci_live"], landed,
                   init_us, res["panic_to_dump_ms"]))
    print(summary, file=sys.stderr)
    for f in failed:
        print("    expectation failed: " + f, file=sys.stderr)
    for e in errors:
        print("    lab error: " + e, file=sys.stderr)
    return 0 if res["pass"] else 1


def fmt(v):
    if v is None:
        return "-"
    if v is True:
        return "yes"
    if v is False:
        return "no"
    return str(v)


def load_latest(files):
    """Rows of several result files, in order; a row of a later file
    replaces the rows an earlier file has for the same scenario and kernel
    (a pair re-run after a lab fix, say). The replaced rows are reported
    on stderr, never dropped silently."""
    rows = []
    for path in files:
        with open(path, encoding="utf-8") as f:
            new = [json.loads(l) for l in f if l.strip()]
        keys = {(r["scenario"], r["kernel"]) for r in new}
        for r in rows:
            if (r["scenario"], r["kernel"]) in keys:
                print("%s: replaces %s/%s of %s" % (
                    path, r["scenario"], r["kernel"], r.get("run_id")),
                    file=sys.stderr)
        rows = [r for r in rows if (r["scenario"], r["kernel"]) not in keys]
        rows += new
    return rows


def cmd_table(a):
    rows = load_latest(a.files)
    order = {"baseline": 0, "patched": 1}
    seen = []
    for r in rows:
        if r["scenario"] not in seen:
            seen.append(r["scenario"])
    cols = [("dump_ok", "dump"), ("ohci_state", "OHCI state"),
            ("state_confirmed", "confirmed by QEMU"),
            ("ohci_old_dma_ok_post", "old DMA to old page"),
            ("ohci_old_dma_misdirected_post", "misdirected"),
            ("ohci_old_dma_refused", "refused"),
            ("old_dma_to_capture_post", "into capture mem"),
            ("ohci_untranslated_ms_post", "untranslated ms"),
            ("xlate_off_ms", "translation off ms"),
            ("canary_bytes", "canary B"), ("alias_bytes", "alias B"),
            ("faults", "faults"), ("kdump_handover_us", "handover us"),
            ("panic_to_dump_ms", "panic->dump ms"), ("pass", "pass")]
    out = ["| scenario | machine | capture cmdline | driver | kernel | " +
           " | ".join(c[1] for c in cols) + " |",
           "|" + "---|" * (5 + len(cols))]
    for s in seen:
        for r in sorted((r for r in rows if r["scenario"] == s),
                        key=lambda r: order.get(r["kernel"], 9)):
            out.append("| %s | %s | %s | %s | %s | %s |" % (
                s, r["machine"], r.get("cmdline") or "-",
                r.get("capture_driver", "-"), r["kernel"],
                " | ".join(fmt(r.get(c[0])) for c in cols)))
    # Scenarios with a large old table: the capture kernel's own cost.
    big = [r for r in rows if r.get("bulk_mapped")]
    if big:
        bcols = [("bulk_mapped", "old pages mapped (first kernel)"),
                 ("iommu_init_us", "IOMMU init us"),
                 ("kdump_handover_us", "handover us (plan, install)"),
                 ("kdump_inherit_us", "inherit us (old runs mapped)"),
                 ("kdump_used_kib", "handover KiB"),
                 ("ohci_ranges", "OHCI runs"),
                 ("panic_to_dump_ms", "panic->dump ms")]
        out += ["", "Large old tables (QEMU TCG: times are emulated, "
                "compare the two kernels of one row pair, not with hardware):",
                "", "| scenario | kernel | " +
                " | ".join(c[1] for c in bcols) + " |",
                "|" + "---|" * (2 + len(bcols))]
        for r in sorted(big, key=lambda r: (r["scenario"],
                                            order.get(r["kernel"], 9))):
            out.append("| %s | %s | %s |" % (
                r["scenario"], r["kernel"],
                " | ".join(fmt(r.get(c[0])) for c in bcols)))
    print("\n".join(out))
    return 0


def cmd_show(a):
    """Print results for a person: what happened, in a few lines each."""
    for path in a.files:
        with open(path, encoding="utf-8") as f:
            rows = [json.loads(l) for l in f if l.strip()]
        for r in rows:
            print("=" * 72)
            print("%s on %s, %s kernel%s" % (
                r["scenario"], r["machine"], r["kernel"],
                " (capture cmdline: %s)" % r["cmdline"] if r.get("cmdline") else ""))
            print("  capture-kernel driver for the generators: %s" % r["capture_driver"])
            print("  what the capture kernel's IOMMU code said:")
            for l in r.get("iommu_log") or ["(nothing)"]:
                print("    " + l)
            print("  IOMMU faults logged:           %s" % r["faults"])
            print("  old DMA after the panic:       %s (OHCI wrote %d more frames; "
                  "still running at dump time: %s; edu bytes landed in the old "
                  "buffer: %d)" % (fmt(r["old_dma_after_panic"]),
                                    r["ohci_frames_after_panic"], fmt(r["ohci_live"]),
                                    r["edu_bytes_landed"]))
            print("  capture-kernel buffers hit:    %s bytes" % r["newbuf_bytes"])
            print("  new buffers at old IOVAs:      %s bytes" % r.get("alias_bytes"))
            print("  canary (crash kernel memory):  %s" % (
                "not used" if r.get("ohci") != "adversarial" else
                "%s bytes changed" % fmt(r["canary_bytes"])))
            print("  dump:                          %s (%d bytes)" % (
                "saved and validated" if r["dump_ok"] else "MISSING", r["dump_bytes"]))
            print("  IOMMU init: %s us; panic to dump saved: %s ms" % (
                fmt(r["iommu_init_us"]), fmt(r["panic_to_dump_ms"])))
            print("  expectations: %s -> %s" % (r["expect"] or "(none)",
                                                "PASS" if r["pass"] else
                                                "FAIL: " + "; ".join(r["failed"])))
            print("  serial log: %s" % r["log"])
    return 0


def cmd_audit(a):
    """Refuse claims nobody could have failed: for every scenario run on
    both kernels, the patched row's predicates must fail on the baseline
    row, unless the scenario says why upstream behaves the same
    (same_as_upstream). A predicate of the form FIELD>=0 is refused
    anywhere (it holds for any measured value)."""
    rows = load_latest(a.files)
    bad = 0
    by = {}
    for r in rows:
        by.setdefault(r["scenario"], {})[r["kernel"]] = r
        for tok in (r.get("expect") or "").split():
            if re.match(r"^[a-z_0-9]+>=0$", tok):
                print("audit: %s/%s: '%s' cannot fail" % (r["scenario"], r["kernel"], tok))
                bad += 1
    for name, k in sorted(by.items()):
        if "patched" not in k or "baseline" not in k:
            continue
        p, b = k["patched"], k["baseline"]
        if p.get("same_as_upstream"):
            continue
        if not evaluate(p.get("expect") or "", b):
            print("audit: %s: every predicate of the patched row also holds on "
                  "the baseline row; add one that shows the difference, or "
                  "same_as_upstream = REASON" % name)
            bad += 1
    print("lab audit: %d passed, %d failed" % (len(by) - min(bad, len(by)), bad))
    return 1 if bad else 0


def cmd_soak(a):
    """Per scenario and kernel: dumps saved and expectations met, N/N."""
    rows = []
    for path in a.files:
        with open(path, encoding="utf-8") as f:
            rows += [json.loads(l) for l in f if l.strip()]
    agg = {}
    for r in rows:
        k = (r["scenario"], r["kernel"])
        n, d, p = agg.get(k, (0, 0, 0))
        agg[k] = (n + 1, d + bool(r.get("dump_ok")), p + bool(r.get("pass")))
    print("| scenario | kernel | dumps saved | expectations met |")
    print("|---|---|---|---|")
    bad = 0
    for (sc, kern), (n, d, p) in sorted(agg.items()):
        print("| %s | %s | %d/%d | %d/%d |" % (sc, kern, d, n, p, n))
        bad += p != n
    print()
    print("soak: %d passed, %d failed" % (len(agg) - bad, bad))
    return 1 if bad else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("stamp")
    p = sub.add_parser("parse")
    for opt in ("log", "disk", "scenario-file", "scenario", "machine", "arch",
                "kernel", "capture-cmdline", "capture-driver", "ohci", "edu",
                "inject", "faults", "init-time", "expect", "expect-kernel",
                "run-id", "dump-out", "trace", "iommu", "qemu-version",
                "same-as-upstream", "devices"):
        p.add_argument("--" + opt, default="")
    p.add_argument("--qemu-rc", type=int, default=0)
    p.add_argument("--seconds", type=int, default=0)
    t = sub.add_parser("table")
    t.add_argument("files", nargs="+")
    t = sub.add_parser("show")
    t.add_argument("files", nargs="+")
    t = sub.add_parser("audit")
    t.add_argument("files", nargs="+")
    t = sub.add_parser("soak")
    t.add_argument("files", nargs="+")
    a = ap.parse_args()
    return {"stamp": cmd_stamp, "parse": cmd_parse, "table": cmd_table,
            "show": cmd_show, "audit": cmd_audit, "soak": cmd_soak}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
