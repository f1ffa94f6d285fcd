#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The table and plot of `make scale` from the benchmark's JSON lines.

usage: report.py SCALE.jsonl OUT.md OUT.png

Every number comes from the JSON lines scale.c printed; nothing is typed
here. The targets of the scale issue are checked point by point and the
verdict line says by how much each one misses.
"""
import json
import os
import subprocess
import sys
import tempfile

MIB = 1 << 20


def human(n):
    for unit, div in (("GiB", 1 << 30), ("MiB", MIB), ("KiB", 1 << 10)):
        if n >= div:
            return "%.1f %s" % (n / div, unit)
    return "%d B" % n


def load(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def table(points):
    head = ("| series | format | devices | maps/dev | pages | layout | leaves "
            "| table bytes read | runs | CPU ms | floor ms | store floor ms "
            "| CPU / floor | CPU / store floor | plan peak | plan kept "
            "| adopted | at 512M budget |")
    rows = [head, "|" + "---|" * 18]
    for p in points:
        at512 = ("all" if p["blocked_512m"] == 0 else
                 "unit blocked: %s" % p["unit_why_512m"]
                 if p["unit_why_512m"] != "ok" else
                 "%d adopted, %d: %s" % (p["adopted_512m"], p["blocked_512m"],
                                         p["first_bad_512m"]))
        rows.append("| %s | %s | %d | %d | %s | %s | %d | %s | %d | %.2f | %.3f "
                    "| %.3f | %.1f | %.1f | %s | %s | %d/%d | %s |" % (
                        p["series"], p["format"], p["devices"],
                        p["maps_per_device"], p["pages"], p["layout"],
                        p["leaves"], human(p["bytes_read"]), p["runs"],
                        p["cpu_ms"], p["floor_ms"], p["store_ms"],
                        p["ratio"], p["ratio_store"], human(p["peak_bytes"]),
                        human(p["kept_bytes"]), p["adopted"], p["devices"],
                        at512))
    return "\n".join(rows)


def targets(points):
    out = []
    worst = max(points, key=lambda p: p["ratio"])
    big = [p for p in points if p["bytes_read"] >= 4 * MIB]
    worst_big = max(big, key=lambda p: p["ratio"]) if big else worst
    ok_cpu = worst["ratio"] <= 2
    out.append("- **CPU ≤ 2× the floor at every point: %s.** Worst %.1f× "
               "(%s, %d device(s) × %d %s %s mappings); worst with ≥ 4 MiB of "
               "tables read %.1f× (%s, %d device(s) × %d). Against the floor "
               "that also stores the runs it found: worst %.1f×." % (
                   "holds" if ok_cpu else "missed",
                   worst["ratio"], worst["format"], worst["devices"],
                   worst["maps_per_device"], worst["layout"], worst["pages"],
                   worst_big["ratio"], worst_big["format"],
                   worst_big["devices"], worst_big["maps_per_device"],
                   max(p["ratio_store"] for p in points)))
    # Linear growth: CPU per leaf walked, the largest point of each series
    # over its smallest with at least 10,000 leaves (below that, fixed
    # costs such as a 2 MiB AMD-Vi device table dominate).
    lin = []
    # One workload per line: same series, format, layout and page sizes.
    for key in sorted({(p["series"], p["format"], p["layout"], p["pages"])
                       for p in points}):
        s = [p for p in points
             if (p["series"], p["format"], p["layout"], p["pages"]) == key
             and p["leaves"] >= 10000]
        if len(s) < 2:
            continue
        s.sort(key=lambda p: p["leaves"])
        a, b = s[0], s[-1]
        lin.append("%s/%s/%s/%s %.2f (%d to %d leaves)" % (
            key[0], key[1], key[2], key[3],
            (b["cpu_ms"] / b["leaves"]) / (a["cpu_ms"] / a["leaves"]),
            a["leaves"], b["leaves"]))
    out.append("- **Time linear in the size of the old state:** CPU per leaf, "
               "largest point over smallest with ≥ 10,000 leaves (1.0 = "
               "linear): " + "; ".join(lin) + ".")
    top = max((p["devices"] for p in points if p["series"] == "devices"),
              default=0)
    for p in (p for p in points
              if p["series"] == "devices" and p["devices"] == top):
        kept = p["kept_bytes"]
        budgets = []
        for mib in (256, 512):
            adopted, blocked = p["adopted_%dm" % mib], p["blocked_%dm" % mib]
            unit = p["unit_why_%dm" % mib]
            if unit != "ok":
                verdict = ("the whole unit is blocked (\"%s\"): %d devices "
                           "blocked" % (unit, blocked))
            elif blocked:
                verdict = ("%d devices adopted, %d blocked one by one "
                           "(first verdict \"%s\")" % (
                               adopted, blocked, p["first_bad_%dm" % mib]))
            else:
                verdict = "all %d devices adopted" % adopted
            budgets.append("%d MiB capture kernel (budget ≤ %d MiB): %s" % (
                mib, mib // 16, verdict))
        out.append("- **%d devices × %d scattered 4K mappings (%s): the plan "
                   "keeps %s (%.0f B per device) for tables of %s; target "
                   "≤ 1 MiB: %s.** Within the budget of a %s." % (
                       p["devices"], p["maps_per_device"], p["format"],
                       human(kept), kept / p["devices"],
                       human(p["table_bytes"]),
                       "holds" if kept <= MIB else "missed by %s" %
                       human(kept - MIB), "; of a ".join(budgets)))
    return "\n".join(out)


def plot(points, png):
    gp = []
    with tempfile.TemporaryDirectory() as d:
        series = []
        for fmt in sorted({p["format"] for p in points}):
            for ser, lay in (("devices", "scattered"), ("mappings", "scattered"),
                             ("mappings", "contiguous")):
                s = sorted((p for p in points if p["format"] == fmt and
                            p["series"] == ser and p["layout"] == lay),
                           key=lambda p: p["bytes_read"])
                if not s:
                    continue
                name = "%s-%s-%s" % (fmt, ser, lay)
                path = os.path.join(d, name + ".dat")
                with open(path, "w") as f:
                    for p in s:
                        f.write("%d %f %f %d %d\n" % (
                            p["bytes_read"], p["cpu_ms"], p["floor_ms"],
                            p["peak_bytes"], p["leaves"]))
                series.append((name, path))
        gp.append('set terminal pngcairo size 1400,600 font "sans,10"')
        gp.append('set output "%s"' % png)
        gp.append("set multiplot layout 1,2")
        gp.append("set logscale xy; set grid; set key top left")
        gp.append('set xlabel "old table bytes read"')
        gp.append('set ylabel "CPU ms"')
        gp.append('set title "handover CPU (lines) and the floor (dots)"')
        gp.append("plot " + ", ".join(
            ['"%s" u 1:2 w lp lt %d t "%s"' % (path, i + 1, name)
             for i, (name, path) in enumerate(series)] +
            ['"%s" u 1:3 w p lt %d pt 7 ps 0.6 notitle' % (path, i + 1)
             for i, (_, path) in enumerate(series)]))
        gp.append('set xlabel "leaves (mappings) walked"')
        gp.append('set ylabel "plan peak bytes"')
        gp.append('set title "handover memory (the unit budget\'s count)"')
        gp.append("plot " + ", ".join(
            '"%s" u 5:4 w lp lt %d t "%s"' % (path, i + 1, name)
            for i, (name, path) in enumerate(series)))
        gp.append("unset multiplot")
        script = os.path.join(d, "plot.gp")
        with open(script, "w") as f:
            f.write("\n".join(gp) + "\n")
        subprocess.run(["gnuplot", script], check=True)


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    points = load(sys.argv[1])
    if not points:
        sys.exit("report.py: no points in %s" % sys.argv[1])
    plot(points, sys.argv[3])
    with open(sys.argv[2], "w") as f:
        f.write("# Handover at scale\n\n")
        f.write("Written by `make scale` (tools/testing/selftests/iommu/kdump/"
                "scale/scale.c, scripts/scale/report.py) on %d cores; every "
                "number below is from that run. The pure part of the handover "
                "(unit walker, page-table walks, runs, verdicts) built with "
                "-O2, the kernel's walk limits, a budget allocator that "
                "charges what the kernel's charges. The floor reads every "
                "table once through the same read callback and looks at each "
                "entry once; the store floor also appends the runs it finds "
                "to one preallocated array. VT-d scalable mode is swept as "
                "6.12 sets up DMA domains (vtd-sm-fl: a PASID directory and "
                "table per device, RID_PASID first stage, 4 levels). SMMUv3 "
                "is swept twice: smmuv3-s1-2lvl as 6.12 sets up DMA domains "
                "(a 2-level stream table with SPLIT 8, one CD per stream, a "
                "4-level stage 1 tree per device), smmuv3-s2-linear as an "
                "SMMU without stage 1 (a linear table of 64K STEs, a 40-bit "
                "stage 2 tree with two concatenated roots per device). "
                "SMMUv2 (smmuv2-regs) is read from a register file through "
                "the decoder's callback as MMU-500 is programmed by 6.12: up "
                "to 128 stream-match entries and stage 1 banks, a 4-level "
                "tree per bank; more stream IDs than entries share entries "
                "through SMR masks (16-bit IDs), so its device count is "
                "stream IDs rounded up to whole masks and its trees are at "
                "most 128.\n\n"
                % points[0]["cores"])
        f.write("![cost and memory](%s)\n\n" % os.path.basename(sys.argv[3]))
        f.write("## Targets\n\n" + targets(points) + "\n\n")
        f.write("## Every point\n\n" + table(points) + "\n")
    print("scale: %d points; %s and %s written" % (len(points), sys.argv[2],
                                                  sys.argv[3]))


if __name__ == "__main__":
    main()
