// SPDX-License-Identifier: GPL-2.0
/*
 * AMD-Vi side of the kdump IOMMU handover.
 *
 * Copyright (C) 2026 The kdump-iommu authors
 */

/**
 * DOC: AMD-Vi kdump handover
 *
 * With ``iommu=accept_active`` a capture kernel that finds an AMD-Vi unit
 * with IommuEn set never clears it, on any path. early_enable_iommus() asks
 * amd_kdump_adopt() instead of copying the device table the upstream way;
 * for every PCI segment with a unit still translating it:
 *
 * 1. reads the device table base register of the segment's translating
 *    units and checks that they agree (6.1 gives all units of a segment one
 *    table);
 * 2. walks the old device table with kdump_amd_walk(): every entry with V=1
 *    is decoded and checked (reserved bits, paging mode, page-table root and
 *    interrupt remapping table inside the old kernel's RAM and outside the
 *    capture kernel's memory, domain ID, GV) and its host page table is
 *    walked, bounded;
 * 3. fills the segment's new device table with blocking entries (V=1,
 *    TV=1, Mode 0, IR=IW=0: every DMA is refused) and then copies each valid
 *    old entry into it unchanged, so that it keeps pointing at the old page
 *    table and interrupt remapping table; a bad entry stays blocking;
 * 4. reserves every old domain ID, valid entry or not;
 * 5. returns, and early_enable_iommus() points the units at the new table
 *    and invalidates all their caches, with IommuEn still set.
 *
 * A bad device table (base or size invalid, units disagreeing, table not in
 * old RAM) leaves the new table all-blocking: every device of the segment
 * faults and translation stays on.
 *
 * Copy, or reuse the old table in place (what mainline does since 6.18
 * when SEV-SNP locks the base register)? This file copies, because:
 *
 * - 6.1 has already allocated and zeroed the new table (alloc_dev_table())
 *   before this runs, so the copy costs no memory; reusing would leave that
 *   allocation unused;
 * - the old table is part of the dump. Reusing it means writing blocking
 *   entries, and later the capture kernel's own entries, into the memory
 *   being dumped, over the very state someone debugging a DMA crash wants
 *   to read;
 * - validation must read every old entry anyway; the copy adds only the
 *   stores of the valid entries. Measured by the "validated in N us,
 *   copied M entries in K us" line on the lab's q35 + amd-iommu (TCG, an
 *   8 KiB table with 252 valid entries, 10 of them copied): the walk takes
 *   about 12 ms, the copy 17 to 18 us. Reusing in place would save those
 *   microseconds and the memory 6.1 already spent.
 *
 * The capture kernel's attach of a new domain replaces a copied entry in one
 * 128-bit store (amd_kdump_publish_dte()) after the core has mapped the
 * device's old IOVAs into the new domain; a device that is reset with no
 * domain attached gets a blocking entry back (amd_kdump_release()).
 *
 * Not handled: a device table base register locked by SEV-SNP (the write
 * is ignored and the unit keeps the old table: the copy is unused), an old
 * table encrypted with SME (its entries fail validation: every device is
 * blocked), and DTE aliases (clone_aliases() still copies entries
 * non-atomically).
 */

#define pr_fmt(fmt) "AMD-Vi: kdump: " fmt

#include <kunit/visibility.h>
#include <linux/bitmap.h>
#include <linux/iommu.h>
#include <linux/sched/clock.h>
#include <linux/mem_encrypt.h>
#include <linux/pci.h>
#include <linux/processor.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "amd_iommu.h"
#include "amd_iommu_types.h"
#include "kdump.h"
#include "kdump_kunit.h"
#include "../kdump/handover_kunit.h"
#include "../kdump/validate.h"

/* EFR HATS (bits 11:10): host page-table levels beyond 4; 11b reserved. */
#define AMD_KDUMP_EFR_HATS_SHIFT	10
#define AMD_KDUMP_EFR_HATS_MASK		3ULL
/* What 6.1 writes for a device with no domain: V=1, TV=1, no access. */
#define AMD_KDUMP_DTE_BLOCK		(DTE_FLAG_V | DTE_FLAG_TV)
#define AMD_KDUMP_NR_DEVIDS		(MAX_DOMAIN_ID)

/* Per-unit handover state, indexed by amd_iommu::index. */
struct amd_kdump {
	struct iommu_kdump_unit *unit;
	struct amd_iommu *iommu;
	/* Device IDs whose entry is still the copied old one. */
	unsigned long *copied;
	/* Serialises a copied entry's replacement with its release. */
	spinlock_t lock;
};

static struct amd_kdump *amd_kdump[MAX_IOMMUS];

static struct amd_kdump *to_amd_kdump(struct amd_iommu *iommu)
{
	if (!iommu || iommu->index >= MAX_IOMMUS)
		return NULL;
	return amd_kdump[iommu->index];
}

static void amd_kdump_release(struct iommu_kdump_unit *unit, u32 sid,
			      struct device *dev)
{
	struct amd_kdump *kd = iommu_kdump_unit_priv(unit);
	struct dev_table_entry *dte;
	unsigned long flags;
	bool flush = false;

	spin_lock_irqsave(&kd->lock, flags);
	if (sid < AMD_KDUMP_NR_DEVIDS && test_and_clear_bit(sid, kd->copied)) {
		dte = &get_dev_table(kd->iommu)[sid];
		/*
		 * The device was reset: nothing is in flight. One 64-bit
		 * store takes away the root, the mode and the permissions;
		 * the domain ID goes second.
		 */
		WRITE_ONCE(dte->data[0], AMD_KDUMP_DTE_BLOCK);
		WRITE_ONCE(dte->data[1], dte->data[1] & DTE_FLAG_MASK);
		flush = true;
	}
	spin_unlock_irqrestore(&kd->lock, flags);

	/*
	 * Invalidate the entry and the old domain's translations. Releases
	 * are rare (one per reset device), so the unit's whole caches are
	 * invalidated rather than the one entry and domain; the command
	 * completes before this returns.
	 */
	if (flush)
		iommu_flush_all_caches(kd->iommu);
}

static const struct iommu_kdump_unit_ops amd_kdump_ops = {
	.release = amd_kdump_release,
};

/**
 * amd_kdump_new() - the handover state of a unit, created on first use
 * @iommu: the unit
 *
 * Context: process context, may sleep.
 * Return: the state, or NULL when out of memory.
 */
VISIBLE_IF_KUNIT struct amd_kdump *amd_kdump_new(struct amd_iommu *iommu)
{
	struct amd_kdump *kd;
	char name[16];

	if (iommu->index >= MAX_IOMMUS)
		return NULL;
	kd = amd_kdump[iommu->index];
	if (kd)
		return kd;
	kd = kzalloc(sizeof(*kd), GFP_KERNEL);
	if (!kd)
		return NULL;
	kd->copied = bitmap_zalloc(AMD_KDUMP_NR_DEVIDS, GFP_KERNEL);
	if (!kd->copied)
		goto err_free;
	spin_lock_init(&kd->lock);
	kd->iommu = iommu;
	snprintf(name, sizeof(name), "ivhd%d", iommu->index);
	kd->unit = iommu_kdump_unit_create(name, &amd_kdump_ops, kd);
	if (!kd->unit)
		goto err_free;
	amd_kdump[iommu->index] = kd;
	return kd;

err_free:
	bitmap_free(kd->copied);
	kfree(kd);
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(amd_kdump_new);

#if IS_ENABLED(CONFIG_KUNIT)
/**
 * amd_kdump_forget() - undo amd_kdump_new() for a unit a KUnit test made up
 * @iommu: the made-up unit
 *
 * Context: process context; nothing else may use the unit.
 */
void amd_kdump_forget(struct amd_iommu *iommu)
{
	struct amd_kdump *kd = to_amd_kdump(iommu);

	if (!kd)
		return;
	amd_kdump[iommu->index] = NULL;
	kdump_unit_destroy(kd->unit);
	bitmap_free(kd->copied);
	kfree(kd);
}
EXPORT_SYMBOL_IF_KUNIT(amd_kdump_forget);

/**
 * amd_kdump_unit_of() - the core's unit of a handed-over AMD-Vi unit
 * @iommu: the unit
 *
 * Context: any context.
 * Return: the core unit, or NULL if @iommu was not handed over.
 */
struct iommu_kdump_unit *amd_kdump_unit_of(struct amd_iommu *iommu)
{
	struct amd_kdump *kd = to_amd_kdump(iommu);

	return kd ? kd->unit : NULL;
}
EXPORT_SYMBOL_IF_KUNIT(amd_kdump_unit_of);
/* The test checks which domain IDs a walk reserves. */
EXPORT_SYMBOL_IF_KUNIT(amd_iommu_pd_alloc_bitmap);
#endif

static u64 amd_kdump_devtab_reg(struct amd_iommu *iommu)
{
	return readq(iommu->mmio_base + MMIO_DEV_TABLE_OFFSET);
}

/* The unit that translates @devid, if that unit is handed over. */
static struct amd_kdump *amd_kdump_of(struct amd_iommu_pci_seg *seg, u16 devid)
{
	if (devid > seg->last_bdf || !seg->rlookup_table)
		return NULL;
	return to_amd_kdump(seg->rlookup_table[devid]);
}

/**
 * amd_kdump_walk_dev() - take over one old device table entry
 * @arg: the segment's &struct amd_kdump_walk
 * @devid: its device ID
 * @old: the entry as kdump_amd_walk() read and validated it
 * @x: the decoded entry
 * @why: %KDUMP_OK or why the device must be blocked
 * @st: the page-table walk's statistics (unused)
 *
 * Reserves the entry's domain ID, copies a valid entry into the new table
 * and records the device with the core (adopted or blocked); a device ID
 * that no handed-over unit translates is skipped.
 *
 * Context: process context, may sleep.
 * Return: 0 (the walk goes on).
 */
VISIBLE_IF_KUNIT int
amd_kdump_walk_dev(void *arg, u16 devid, const u64 *old,
		   const struct kdump_xlate *x, enum kdump_bad why,
		   const struct kdump_walk_stats *st)
{
	struct amd_kdump_walk *w = arg;
	struct dev_table_entry *dte;
	const char *bad = NULL;
	struct amd_kdump *kd;
	u64 t0;

	/*
	 * Reserve every old domain ID, even a bad entry's: caches may hold
	 * translations tagged with it until the units are invalidated, and
	 * a new domain must never inherit them.
	 */
	if (x->tag && x->tag < MAX_DOMAIN_ID)
		__set_bit(x->tag, amd_iommu_pd_alloc_bitmap);

	kd = amd_kdump_of(w->seg, devid);
	if (!kd) {
		/* No unit translates it: no device can use the entry. */
		if (x->kind != KDUMP_XLATE_ABORT)
			w->outside++;
		iommu_kdump_runs_drop(&w->runs);
		return 0;
	}
	bad = iommu_kdump_runs_why(&w->runs, why ? kdump_bad_str(why) : NULL);

	if (!bad) {
		/* The entry that was validated, whole, as it was read. */
		t0 = local_clock();
		dte = &w->seg->dev_table[devid];
		dte->data[0] = old[0];
		dte->data[1] = old[1];
		dte->data[2] = old[2];
		dte->data[3] = old[3];
		w->copy_ns += local_clock() - t0;
		w->copied++;
	}

	/*
	 * 6.1 gives every device ID without a domain a V=1, TV=1 entry with
	 * domain ID 0 and no access: nothing to hand over, and recording 64K
	 * of them would only bury the devices that matter. Such an entry was
	 * copied above (it may carry a valid interrupt remapping table).
	 */
	if (!bad && x->kind == KDUMP_XLATE_ABORT) {
		iommu_kdump_runs_drop(&w->runs);
		return 0;
	}
	if (bad)
		pr_warn("ivhd%d: device %04x:%02x:%02x.%d: old entry %016llx %016llx %016llx: %s; device blocked\n",
			kd->iommu->index, w->seg->id,
			PCI_BUS_NUM(devid), PCI_SLOT(devid & 0xff),
			PCI_FUNC(devid & 0xff), old[0], old[1], old[2], bad);
	else
		set_bit(devid, kd->copied);
	iommu_kdump_record_runs(kd->unit, devid, x, bad, &w->runs);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(amd_kdump_walk_dev);

static int amd_kdump_walk_map(void *arg, u64 iova, u64 pa, u64 size, u32 prot)
{
	struct amd_kdump_walk *w = arg;

	return iommu_kdump_runs_add(&w->runs, iova, pa, size, prot);
}

/**
 * amd_kdump_block_table() - make every entry of a new table refuse all DMA
 * @seg: the segment whose table (up to last_bdf) is filled
 *
 * Keeps the flags 6.1 took from the IVRS table in quadword 1.
 *
 * Context: any context.
 */
VISIBLE_IF_KUNIT void amd_kdump_block_table(struct amd_iommu_pci_seg *seg)
{
	u32 devid;

	for (devid = 0; devid <= seg->last_bdf; devid++) {
		seg->dev_table[devid].data[0] = AMD_KDUMP_DTE_BLOCK;
		seg->dev_table[devid].data[1] &= DTE_FLAG_MASK;
	}
}
EXPORT_SYMBOL_IF_KUNIT(amd_kdump_block_table);

static void amd_kdump_block_seg(struct amd_iommu_pci_seg *seg, const char *why)
{
	struct amd_kdump *kd;
	struct amd_iommu *iommu;

	amd_kdump_block_table(seg);
	for_each_iommu(iommu) {
		if (iommu->pci_seg != seg)
			continue;
		kd = to_amd_kdump(iommu);
		if (!kd)
			continue;
		bitmap_zero(kd->copied, AMD_KDUMP_NR_DEVIDS);
		iommu_kdump_unit_blocked(kd->unit, why);
	}
}

static void amd_kdump_caps(struct amd_iommu *iommu, struct kdump_amd_caps *c)
{
	u64 hats = (iommu->features >> AMD_KDUMP_EFR_HATS_SHIFT) &
		   AMD_KDUMP_EFR_HATS_MASK;
	u64 ctrl = readq(iommu->mmio_base + MMIO_CONTROL_OFFSET);

	c->nr_domids = MAX_DOMAIN_ID;
	/* HATS 11b is reserved: assume the fewest levels. */
	c->max_levels = hats == 3 ? 4 : 4 + hats;
	c->haw = min_t(u8, boot_cpu_data.x86_phys_bits, 52);
	c->gt_supported = iommu_feature(iommu, FEATURE_GT);
	/* The old kernel's GAEn decides the IRTE size it used. */
	c->ga_irte = ctrl & BIT_ULL(CONTROL_GA_EN);
}

/* Hand over one segment; its units' records are made as the walk goes. */
static void amd_kdump_adopt_seg(struct amd_iommu_pci_seg *seg)
{
	static const struct kdump_walk_limits limits = {
		.max_tables = 1 << 16,
		.max_leaves = 1 << 22,
		.max_total_tables = 1 << 18,
	};
	struct amd_kdump_walk w = { .seg = seg };
	struct amd_iommu *iommu, *ref = NULL;
	const struct kdump_oldmem *mem;
	struct kdump_amd_stats st = {};
	struct kdump_amd_ops ops = {
		.dev = amd_kdump_walk_dev,
		.map = amd_kdump_walk_map,
	};
	struct kdump_amd_caps caps;
	u64 start = local_clock();
	u64 reg = 0, pa, size;
	const char *why = NULL;
	void *scratch = NULL;
	enum kdump_bad bad;
	struct amd_kdump *kd;

	for_each_iommu(iommu) {
		if (iommu->pci_seg != seg)
			continue;
		kd = amd_kdump_new(iommu);
		if (!kd) {
			why = "out of memory";
			continue;
		}
		if (!translation_pre_enabled(iommu))
			continue;
		if (!ref) {
			ref = iommu;
			reg = amd_kdump_devtab_reg(iommu);
		} else if (amd_kdump_devtab_reg(iommu) != reg) {
			why = "the segment's units used different device tables";
		}
	}
	if (!ref)
		return;

	/* Until proven otherwise, every device ID is refused. */
	amd_kdump_block_table(seg);
	if (why)
		goto out_block;

	mem = iommu_kdump_oldmem();
	if (!mem) {
		why = "cannot tell old RAM from capture memory";
		goto out_block;
	}
	scratch = kmalloc(KDUMP_AMD_SCRATCH_SIZE, GFP_KERNEL);
	if (!scratch) {
		why = "out of memory";
		goto out_block;
	}
	amd_kdump_caps(ref, &caps);
	/* An SME host's register carries the encryption bit: strip it. */
	pa = __sme_clr(reg) & GENMASK_ULL(51, 12);
	size = ((reg & 0x1ff) + 1) << 12;
	ops.arg = &w;
	bad = kdump_amd_walk(mem, &caps, pa, size, &limits, scratch, &ops, &st);
	if (bad != KDUMP_OK) {
		why = kdump_bad_str(bad);
		goto out_block;
	}
	pr_info("segment %d: adopted old device table at %#llx (%llu KiB): %u devices (%u blocked), %u tables, %llu mappings; validated in %llu us, copied %u entries in %llu us\n",
		seg->id, pa, size >> 10, st.devices, st.devices_blocked,
		st.tables, st.leaves,
		(local_clock() - start - w.copy_ns) / NSEC_PER_USEC, w.copied,
		w.copy_ns / NSEC_PER_USEC);
	if (w.outside)
		pr_info("segment %d: %u valid entries for device IDs no unit translates, not copied\n",
			seg->id, w.outside);
	goto out_done;

out_block:
	pr_err("segment %d: old device table register %#llx: %s; every device blocked, translation stays enabled\n",
	       seg->id, reg, why);
	amd_kdump_block_seg(seg, why);
out_done:
	iommu_kdump_runs_free(&w.runs);
	kfree(scratch);
	for_each_iommu(iommu) {
		kd = iommu->pci_seg == seg ? to_amd_kdump(iommu) : NULL;
		if (kd)
			iommu_kdump_unit_done(kd->unit, start);
	}
}

/**
 * amd_kdump_adopt() - validate and adopt the old device tables
 *
 * Context: early boot (IRQ remapping setup), process context, may sleep.
 * Called by early_enable_iommus() before it enables or re-enables the
 * units. That function also runs on resume: only its first call, at boot,
 * hands over (a capture kernel is not expected to suspend).
 * Return: true if the handover took over the device tables: every
 * segment's new table holds the validated old entries (see the DOC section
 * above), and the caller must point each translating unit at it without
 * clearing IommuEn and enable the others as usual. false if the caller
 * goes the upstream way (switch off, nothing translating, resume).
 */
bool amd_kdump_adopt(void)
{
	static bool called;
	struct amd_iommu_pci_seg *seg;
	struct amd_iommu *iommu;
	bool any = false;

	if (!iommu_kdump_active() || called)
		return false;
	called = true;
	for_each_iommu(iommu)
		any |= translation_pre_enabled(iommu);
	if (!any)
		return false;
	for_each_pci_segment(seg)
		amd_kdump_adopt_seg(seg);
	return true;
}

/**
 * amd_kdump_keep_enabled() - must a failed initialisation keep translating?
 *
 * Context: iommu_go_to_state() failure path, process context.
 * Return: true if the old device tables were handed over: the caller must
 * then neither disable the units nor free or clear their device tables
 * (that would let old DMA through untranslated, or have the units read
 * freed memory); the units keep translating with the adopted tables and
 * no capture-kernel domain is ever attached. false otherwise.
 */
bool __init amd_kdump_keep_enabled(void)
{
	struct amd_iommu *iommu;
	bool kept = false;

	for_each_iommu(iommu)
		kept |= to_amd_kdump(iommu) && translation_pre_enabled(iommu);
	if (kept)
		pr_err("initialisation failed after the handover: units keep translating with the adopted device tables\n");
	return kept;
}

/**
 * amd_kdump_probe() - a device behind a handed-over unit was found
 * @iommu: its unit
 * @devid: its device ID
 * @dev: the device
 *
 * Context: amd_iommu_probe_device(), process context, may sleep.
 */
void amd_kdump_probe(struct amd_iommu *iommu, u16 devid, struct device *dev)
{
	struct amd_kdump *kd = to_amd_kdump(iommu);

	if (kd)
		iommu_kdump_probe_device(kd->unit, devid, dev);
}

/**
 * amd_kdump_attach() - prepare a domain attach to a handed-over device
 * @iommu: the device's unit
 * @devid: its device ID
 * @domain: the capture-kernel domain
 *
 * Context: amd_iommu_attach_device(), before any lock, may sleep.
 * Return: 0 to go on with the attach, or a negative errno to refuse it.
 */
int amd_kdump_attach(struct amd_iommu *iommu, u16 devid,
		     struct iommu_domain *domain)
{
	struct amd_kdump *kd;

	if (!iommu_kdump_active())
		return 0;
	kd = to_amd_kdump(iommu);
	return kd ? iommu_kdump_inherit(kd->unit, devid, domain) : 0;
}

/**
 * amd_kdump_resv_regions() - add a device's old IOVAs to its reserved regions
 * @iommu: the device's unit
 * @devid: its device ID
 * @head: the list amd_iommu_get_resv_regions() builds
 *
 * Context: process context, may sleep.
 */
void amd_kdump_resv_regions(struct amd_iommu *iommu, u16 devid,
			    struct list_head *head)
{
	struct amd_kdump *kd;

	if (!iommu_kdump_active())
		return;
	kd = to_amd_kdump(iommu);
	if (kd)
		iommu_kdump_get_resv_regions(kd->unit, devid, head);
}

/**
 * amd_kdump_publish_dte() - replace a copied device table entry, whole
 * @iommu: the unit
 * @devid: the device ID
 * @live: the entry, copied from the old kernel, that the unit may be using
 * @data0: new quadword 0 (V, TV, mode, page-table root, IR, IW)
 * @data1: new quadword 1 (domain ID and the flags 6.1 keeps)
 *
 * Every field that decides where a DMA goes (V, TV, Mode, the page-table
 * root, IR, IW, the domain ID) lies in the entry's low 128 bits, and the
 * AMD IOMMU specification lets the unit fetch an entry at any time, so the
 * low half is replaced in one 128-bit atomic store (CMPXCHG16B). The
 * device's old mappings are already mapped in the new domain
 * (iommu_kdump_inherit()), so whichever entry the unit uses, an old IOVA
 * reaches the same old page. The interrupt remapping half (quadword 2) is
 * left to set_dte_irq_entry(), as upstream does.
 *
 * The caller then issues INVALIDATE_DEVTAB_ENTRY for @devid and waits for
 * it (COMPLETION_WAIT), so that the unit no longer uses a cached copy of
 * the old entry, and only then INVALIDATE_IOMMU_PAGES for the old domain
 * ID: invalidating the old domain first would let the cached old entry
 * refill translations tagged with it.
 *
 * Without CMPXCHG16B, quadword 1 (domain ID) is written before quadword 0:
 * the mixed entry (old root, new domain ID) still maps every old IOVA to
 * its old page, and may only cache such translations under the new ID.
 *
 * Context: set_dte_entry(), under the domain's lock, interrupts off.
 * Return: true if @live was a copied entry and now holds the new one (the
 * caller must not write it again), false if the caller writes it as usual.
 */
bool amd_kdump_publish_dte(struct amd_iommu *iommu, u16 devid,
			   struct dev_table_entry *live, u64 data0, u64 data1)
{
	struct amd_kdump *kd;
	unsigned long flags;
	u64 old0, old1;

	if (!iommu_kdump_active())
		return false;
	kd = to_amd_kdump(iommu);
	if (!kd)
		return false;

	spin_lock_irqsave(&kd->lock, flags);
	if (!test_and_clear_bit(devid, kd->copied)) {
		spin_unlock_irqrestore(&kd->lock, flags);
		return false;
	}
	old0 = READ_ONCE(live->data[0]);
	old1 = READ_ONCE(live->data[1]);
	if (system_has_cmpxchg_double()) {
		/* Only this kernel writes the entry, under kd->lock. */
		WARN_ON_ONCE(!cmpxchg_double(&live->data[0], &live->data[1],
					     old0, old1, data0, data1));
	} else {
		/*
		 * x86 stores become visible in program order and the unit
		 * reads the table coherently, so it sees quadword 1 first.
		 */
		WRITE_ONCE(live->data[1], data1);
		WRITE_ONCE(live->data[0], data0);
	}
	spin_unlock_irqrestore(&kd->lock, flags);
	return true;
}

/**
 * amd_kdump_fault() - account an IO_PAGE_FAULT event
 * @iommu: the unit that logged it
 * @devid: device ID of the faulting request
 *
 * Context: the event log handler, before its rate limit decides what to
 * print; any context.
 * Return: true if the handover counted it and the caller must stay quiet.
 */
bool amd_kdump_fault(struct amd_iommu *iommu, u16 devid)
{
	struct amd_kdump *kd;

	if (!iommu_kdump_active())
		return false;
	kd = to_amd_kdump(iommu);
	return kd && iommu_kdump_fault(kd->unit, devid);
}
