// SPDX-License-Identifier: GPL-2.0
/*
 * The kdump IOMMU handover's report: debugfs and one dmesg line.
 *
 * Copyright (C) 2026 The kdump-iommu authors
 */

/**
 * DOC: kdump IOMMU handover: the report
 *
 * ``/sys/kernel/debug/iommu/kdump/report`` (Documentation/ABI/testing/
 * debugfs-iommu-kdump) starts with one ``key=value`` line per count: the
 * devices in each state, the old ranges and bytes inherited, the faults
 * counted, the handover time. Then one ``unit`` line per IOMMU unit, one
 * ``device`` line per device the core has a record of, and one ``xlate``
 * line per old translation no probed device uses. After boot one dmesg
 * line sums it up.
 */

#define pr_fmt(fmt) "kdump-iommu: " fmt

#include <kunit/visibility.h>
#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/init.h>
#include <linux/iommu.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/seq_file.h>

#include "core.h"

struct kdump_counts {
	unsigned int state[IOMMU_KDUMP_NR_STATES];
	u64 ranges;
	u64 bytes;
	u64 faults;
	u64 handover_ns;
};

static int kdump_count_unprotected(struct device *dev, void *data)
{
	struct kdump_counts *c = data;

	if (!device_iommu_mapped(dev))
		c->state[IOMMU_KDUMP_UNPROTECTED]++;
	return 0;
}

/* Old runs of the translations a device uses, distinct trees once. */
static void kdump_dev_runs(struct iommu_kdump_dev *kd, u64 *ranges, u64 *bytes,
			   u64 *cut)
{
	const struct kdump_plan *p = &kd->unit->plan;
	unsigned int i, j;
	u32 tbl;

	*ranges = 0;
	*bytes = 0;
	*cut = 0;
	for (i = 0; i < kd->nr_xl; i++) {
		tbl = p->xl[kd->xl[i]].tbl;
		if (tbl == KDUMP_PLAN_NO_TBL || p->xl[kd->xl[i]].why)
			continue;
		for (j = 0; j < i; j++)
			if (p->xl[kd->xl[j]].tbl == tbl)
				break;
		if (j < i)
			continue;
		*ranges += p->tbl[tbl].keep.nr;
		*bytes += p->tbl[tbl].keep.bytes;
		*cut += p->tbl[tbl].cut_capture + p->tbl[tbl].cut_table;
	}
}

static void kdump_count(struct kdump_counts *c)
{
	struct iommu_kdump_unit *unit;
	struct iommu_kdump_dev *kd;
	u64 ranges, bytes, cut;
	u32 i;

	lockdep_assert_held(&kdump_mutex);
	memset(c, 0, sizeof(*c));
	list_for_each_entry(unit, &kdump_units, node) {
		c->handover_ns += unit->handover_ns;
		c->faults += atomic64_read(&unit->faults);
		for (i = 0; unit->rt && i < unit->plan.nr_xl; i++) {
			c->faults += atomic64_read(&unit->rt[i].faults);
			if (!unit->rt[i].nr_devs)
				c->state[unit->rt[i].state]++;
		}
	}
	list_for_each_entry(kd, &kdump_devs, node) {
		c->state[kd->state]++;
		if (kd->state != IOMMU_KDUMP_INHERITED)
			continue;
		kdump_dev_runs(kd, &ranges, &bytes, &cut);
		c->ranges += ranges;
		c->bytes += bytes;
	}
	if (IS_ENABLED(CONFIG_PCI))
		bus_for_each_dev(&pci_bus_type, NULL, c, kdump_count_unprotected);
}

static u32 kdump_dev_tag(struct iommu_kdump_dev *kd)
{
	const struct kdump_xlate *x;

	if (!kd->nr_xl)
		return 0;
	x = &kd->unit->plan.xl[kd->xl[0]].x;
	return x->nr_tags ? x->tag[0].id : 0;
}

static unsigned int kdump_dev_levels(struct iommu_kdump_dev *kd)
{
	if (!kd->nr_xl)
		return 0;
	return kd->unit->plan.xl[kd->xl[0]].x.stage[0].levels;
}

/**
 * kdump_report_show() - the debugfs report
 * @m: where to print
 * @unused: unused
 *
 * Context: process context, may sleep.
 * Return: 0.
 */
VISIBLE_IF_KUNIT int kdump_report_show(struct seq_file *m, void *unused)
{
	struct iommu_kdump_unit *unit;
	struct iommu_kdump_dev *kd;
	struct kdump_counts c;
	u64 ranges, bytes, cut, faults;
	u32 i;
	int s;

	mutex_lock(&kdump_mutex);
	kdump_count(&c);
	for (s = 0; s < IOMMU_KDUMP_NR_STATES; s++)
		seq_printf(m, "%s=%u\n", kdump_state_names[s], c.state[s]);
	seq_printf(m, "inherited_ranges=%llu\ninherited_bytes=%llu\nfaults=%llu\nhandover_us=%llu\n",
		   c.ranges, c.bytes, c.faults, c.handover_ns / NSEC_PER_USEC);
	list_for_each_entry(unit, &kdump_units, node) {
		const struct kdump_plan *p = &unit->plan;

		seq_printf(m, "unit %s faults=%lld handover_us=%llu used_kib=%llu trees=%llu tables=%llu built=%llu cut_kib=%llu blocked=%s\n",
			   unit->name, (long long)atomic64_read(&unit->faults),
			   unit->handover_ns / NSEC_PER_USEC, unit->used >> 10,
			   p->st.tables, p->st.tables_read, p->st.built,
			   (p->st.cut_capture + p->st.cut_table) >> 10,
			   p->unit_why ? kdump_bad_str(p->unit_why) : "-");
	}
	list_for_each_entry(kd, &kdump_devs, node) {
		kdump_dev_runs(kd, &ranges, &bytes, &cut);
		kdump_count_faults(kd, &faults);
		seq_printf(m, "device %s %s sid=%#x state=%s tag=%u levels=%u ranges=%llu bytes=%llu cut_kib=%llu faults=%llu inherit_us=%llu release_us=%llu why=%s\n",
			   kd->unit->name, dev_name(kd->dev),
			   kd->nr_xl ? kd->unit->plan.xl[kd->xl[0]].id.sid : 0,
			   kdump_state_names[kd->state], kdump_dev_tag(kd),
			   kdump_dev_levels(kd), ranges, bytes, cut >> 10, faults,
			   kd->inherit_ns / NSEC_PER_USEC,
			   kd->release_ns / NSEC_PER_USEC, kd->why ?: "-");
	}
	list_for_each_entry(unit, &kdump_units, node) {
		const struct kdump_plan *p = &unit->plan;

		for (i = 0; unit->rt && i < p->nr_xl; i++) {
			if (unit->rt[i].nr_devs)
				continue;
			seq_printf(m, "xlate %s - sid=%#x pasid=%#x state=%s faults=%lld why=%s\n",
				   unit->name, p->xl[i].id.sid, p->xl[i].id.pasid,
				   kdump_state_names[unit->rt[i].state],
				   (long long)atomic64_read(&unit->rt[i].faults),
				   p->xl[i].why ? kdump_bad_str(p->xl[i].why) : "-");
		}
	}
	mutex_unlock(&kdump_mutex);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_report_show);
DEFINE_SHOW_ATTRIBUTE(kdump_report);

static int __init iommu_kdump_report_init(void)
{
	struct dentry *parent = NULL;
	struct kdump_counts c;

	if (!iommu_kdump_active())
		return 0;
#ifdef CONFIG_IOMMU_DEBUGFS
	parent = iommu_debugfs_dir;
#endif
	if (!parent)
		parent = debugfs_create_dir("iommu", NULL);
	debugfs_create_file("report", 0444, debugfs_create_dir("kdump", parent),
			    NULL, &kdump_report_fops);

	mutex_lock(&kdump_mutex);
	kdump_count(&c);
	mutex_unlock(&kdump_mutex);
	pr_info("handover: %u adopted, %u inherited, %u blocked, %u released, %u unprotected; %llu old ranges (%llu KiB) inherited; %llu faults; %llu us\n",
		c.state[IOMMU_KDUMP_ADOPTED], c.state[IOMMU_KDUMP_INHERITED],
		c.state[IOMMU_KDUMP_BLOCKED], c.state[IOMMU_KDUMP_RELEASED],
		c.state[IOMMU_KDUMP_UNPROTECTED], c.ranges, c.bytes >> 10,
		c.faults, c.handover_ns / NSEC_PER_USEC);
	return 0;
}
late_initcall_sync(iommu_kdump_report_init);
