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
 * with IommuEn set never clears it, on any path. early_enable_iommus()
 * asks amd_kdump_adopt() instead of copying the device table the upstream
 * way. For every PCI segment with a unit still translating, the units
 * must agree on the device table register (all units of a segment share
 * one table); the segment's new device table is filled with blocking
 * entries (V=1, TV=1, no access); then each unit is handed to the kdump
 * core, which drives the four operations here:
 *
 * describe
 *	walk the old device table (kdump_amd_walk()) into the core's plan,
 *	the device IDs this unit translates only. An entry that allows no
 *	DMA is copied whole at once (its interrupt remapping fields may be
 *	live; nothing translates through it) and only its domain ID goes to
 *	the plan.
 * replace
 *	write an adopted entry, exactly as it was validated or re-pointed at
 *	a page table the core built in capture memory, into the new table,
 *	which no unit reads yet, and mark it copied. When a capture-kernel
 *	domain is attached before the device was reset, set_dte_entry() asks
 *	amd_kdump_publish_dte(), which replaces the live entry's low 128 bits
 *	in one store and invalidates the entry, then the old domain
 *	(kdump_amd_dte_replace()).
 * block
 *	a blocked entry is never copied: it stays blocking.
 * release
 *	give a copied entry of a device that was reset a blocking entry back,
 *	and invalidate.
 *
 * early_enable_iommus() then points each translating unit at the new
 * table with IommuEn still set; every old domain ID is reserved.
 *
 * Copy, or reuse the old table in place? This file copies: the driver has
 * already allocated and zeroed the new table before this runs, so the
 * copy costs no memory, and the old table is part of the dump (writing
 * blocking entries or the capture kernel's own into it would overwrite
 * the state someone debugging a DMA crash wants to read). Validation reads
 * every old entry anyway; the copy adds the stores of the valid ones.
 *
 * Not handled: a device table base register locked by SEV-SNP (the write
 * is ignored and the unit keeps the old table: the copy is unused), and
 * IVRS aliases of a device are replaced by the driver's clone_aliases(),
 * 128 bits at a time, upper half first.
 */

#define pr_fmt(fmt) "AMD-Vi: kdump: " fmt

#include <linux/bitmap.h>
#include <linux/iommu.h>
#include <linux/mem_encrypt.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "amd_iommu.h"
#include "amd_iommu_types.h"
#include "kdump.h"
#include "../kdump/plan.h"

/* EFR HATS (bits 11:10): host page-table levels beyond 4; 11b reserved. */
#define AMD_KDUMP_EFR_HATS_SHIFT	10
#define AMD_KDUMP_EFR_HATS_MASK		3ULL
#define AMD_KDUMP_NR_DEVIDS		(MAX_DOMAIN_ID)

/* Per-unit handover state, indexed by amd_iommu::index. */
struct amd_kdump {
	struct iommu_kdump_unit *unit;
	struct amd_iommu *iommu;
	struct kdump_amd_caps caps;
	/* The segment's old device table, or why it is unusable. */
	u64 dt_pa;
	u64 dt_size;
	const char *seg_bad;
	/* Device IDs whose entry is still the copied old one. */
	unsigned long *copied;
	/* Serialises the replacement of a copied entry with its release. */
	spinlock_t lock;
	unsigned int outside;
	unsigned int copied_abort;
};

static struct amd_kdump *amd_kdump[MAX_IOMMUS];

static struct amd_kdump *to_amd_kdump(struct amd_iommu *iommu)
{
	if (!iommu || iommu->index >= MAX_IOMMUS)
		return NULL;
	return amd_kdump[iommu->index];
}

/* ------------------------------------------------------------------ */
/* Entry writer: how kdump_amd_dte_replace() reaches this unit         */

static void amd_kdump_store(void *ctx, void *entry, const u64 *val,
			    unsigned int nr)
{
	if (nr == 2) {
		u128 *p = entry, old = 0;
		u128 new = ((u128)val[1] << 64) | val[0];

		/*
		 * One 16-byte atomic store: a failed try loads the entry's
		 * current value, and the next one replaces it (only this
		 * kernel writes the entry, under the caller's lock).
		 */
		while (!try_cmpxchg128(p, &old, new))
			;
	} else {
		WRITE_ONCE(*(u64 *)entry, val[0]);
	}
}

static void amd_kdump_inval(void *ctx, enum kdump_inval what, u32 a, u32 b)
{
	amd_iommu_kdump_inval(ctx, what, a, b);
}

static void amd_kdump_writer(struct amd_iommu *iommu, struct kdump_writer *w)
{
	w->store = amd_kdump_store;
	w->inval = amd_kdump_inval;
	w->atomic128 = system_has_cmpxchg128();
	w->ctx = iommu;
}

/* The blocking entry a released or blocked device gets back. */
static void amd_kdump_blocking(const u64 old[4], u64 out[4])
{
	out[0] = KDUMP_AMD_DTE_BLOCK;
	out[1] = old[1] & DTE_FLAG_MASK;
	out[2] = old[2];
	out[3] = old[3];
}

/* ------------------------------------------------------------------ */
/* The four operations                                                 */

struct amd_kdump_walk {
	struct amd_kdump *kd;
	struct kdump_plan *plan;
	struct kdump_sink plan_sink;
};

static int amd_kdump_walk_xlate(void *arg, const struct kdump_xlate_id *id,
				const struct kdump_xlate *x, const void *raw,
				unsigned int raw_len, enum kdump_bad why)
{
	struct amd_kdump_walk *w = arg;
	struct amd_iommu *iommu = w->kd->iommu;
	struct amd_iommu_pci_seg *seg = iommu->pci_seg;
	struct dev_table_entry *dte;
	unsigned int i;
	int ret;

	/* Only the device IDs this unit translates. */
	if (id->sid > seg->last_bdf || !seg->rlookup_table ||
	    seg->rlookup_table[id->sid] != iommu) {
		w->kd->outside++;
		return 0;
	}
	if (x->kind != KDUMP_XLATE_ABORT || why)
		return w->plan_sink.xlate(w->plan_sink.arg, id, x, raw, raw_len,
					  why);
	/* No DMA through it: copy it for its interrupt fields, keep its ID. */
	for (i = 0; i < x->nr_tags; i++) {
		ret = kdump_plan_add_tag(w->plan, x->tag[i].space, x->tag[i].id);
		if (ret)
			return ret;
	}
	dte = &seg->dev_table[id->sid];
	memcpy(dte->data, raw, sizeof(dte->data));
	w->kd->copied_abort++;
	return 0;
}

static int amd_kdump_walk_table(void *arg, u64 pa, u64 size)
{
	struct amd_kdump_walk *w = arg;

	return w->plan_sink.table(w->plan_sink.arg, pa, size);
}

static int amd_kdump_walk_block(void *arg, u32 first, u32 last,
				enum kdump_bad why)
{
	struct amd_kdump_walk *w = arg;

	return w->plan_sink.block(w->plan_sink.arg, first, last, why);
}

static int amd_kdump_describe(struct iommu_kdump_unit *unit,
			      struct kdump_plan *plan)
{
	struct amd_kdump *kd = iommu_kdump_unit_priv(unit);
	struct amd_kdump_walk w = { .kd = kd, .plan = plan };
	struct kdump_amd_stats st = {};
	struct kdump_sink sink;
	enum kdump_bad why;
	void *scratch;

	if (kd->seg_bad) {
		pr_err("ivhd%d: %s: every device blocked, translation stays enabled\n",
		       kd->iommu->index, kd->seg_bad);
		kdump_plan_unit_bad(plan, KDUMP_BAD_CONFLICT);
		return 0;
	}
	scratch = kmalloc(KDUMP_AMD_SCRATCH_SIZE, GFP_KERNEL);
	if (!scratch)
		return -ENOMEM;
	/* The plan's sink, with this unit's device IDs only. */
	kdump_plan_sink(plan, &w.plan_sink);
	sink.xlate = amd_kdump_walk_xlate;
	sink.table = amd_kdump_walk_table;
	sink.block = amd_kdump_walk_block;
	sink.arg = &w;
	why = kdump_amd_walk(plan->m, &kd->caps, kd->dt_pa, kd->dt_size,
			     scratch, &sink, &st);
	kfree(scratch);
	if (why)
		kdump_plan_unit_bad(plan, why);
	pr_info("ivhd%d: old device table at %#llx (%llu KiB): %u devices (%u blocked), %u blocking entries copied, %u entries of other units: %s\n",
		kd->iommu->index, kd->dt_pa, kd->dt_size >> 10, st.devices,
		st.devices_blocked, kd->copied_abort, kd->outside,
		kdump_bad_str(why));
	return 0;
}

static int amd_kdump_replace(struct iommu_kdump_unit *unit,
			     const struct kdump_plan_xl *xl,
			     const struct kdump_stage *own)
{
	struct amd_kdump *kd = iommu_kdump_unit_priv(unit);
	struct dev_table_entry *dte;
	u64 raw[4], val[4];
	u16 devid = xl->id.sid;

	if (xl->id.pasid != KDUMP_NO_PASID || xl->raw_len != sizeof(raw) ||
	    devid > kd->iommu->pci_seg->last_bdf)
		return -EINVAL;
	memcpy(raw, xl->raw, sizeof(raw));
	if (own && kdump_amd_dte_repoint(&kd->caps, raw, own, val))
		return -EINVAL;
	if (!own)
		memcpy(val, raw, sizeof(val));
	/* The new table is not in use yet: nothing reads the entry. */
	dte = &kd->iommu->pci_seg->dev_table[devid];
	memcpy(dte->data, val, sizeof(val));
	set_bit(devid, kd->copied);
	return 0;
}

static void amd_kdump_clear(struct iommu_kdump_unit *unit,
			    const struct kdump_plan_xl *xl)
{
	struct amd_kdump *kd = iommu_kdump_unit_priv(unit);
	struct dev_table_entry *dte;
	struct kdump_writer w;
	unsigned long flags;
	u64 old[4], val[4];
	u16 devid = xl->id.sid;

	if (devid > kd->iommu->pci_seg->last_bdf)
		return;
	amd_kdump_writer(kd->iommu, &w);
	spin_lock_irqsave(&kd->lock, flags);
	if (test_and_clear_bit(devid, kd->copied)) {
		dte = &kd->iommu->pci_seg->dev_table[devid];
		memcpy(old, dte->data, sizeof(old));
		amd_kdump_blocking(old, val);
		if (kdump_amd_dte_replace(&w, dte, old, val, devid)) {
			/* No 128-bit store: quadword 0 alone blocks DMA. */
			WRITE_ONCE(dte->data[0], val[0]);
			amd_iommu_kdump_inval(kd->iommu, KDUMP_INV_AMD_DTE, 0,
					      devid);
			amd_iommu_kdump_inval(kd->iommu, KDUMP_INV_AMD_PAGES,
					      old[1] & 0xffff, 0);
		}
	}
	spin_unlock_irqrestore(&kd->lock, flags);
}

static const struct iommu_kdump_ops amd_kdump_ops = {
	.describe	= amd_kdump_describe,
	.replace	= amd_kdump_replace,
	.block		= amd_kdump_clear,
	.release	= amd_kdump_clear,
};

/* ------------------------------------------------------------------ */
/* Hooks in the driver                                                 */

/**
 * amd_kdump_override_off() - does the handover override an off switch?
 * @disabled: amd_iommu=off was given
 * @no_iommu: iommu=off was given
 *
 * Called by early_amd_iommu_init(), once the units' registers are mapped,
 * where an off switch would disable the units. If one is still translating
 * in a kdump kernel with the handover on, turning it off would let old DMA
 * reach any memory: the driver initialises instead.
 *
 * Context: early boot, process context.
 * Return: true if the caller must ignore the switch.
 */
bool __init amd_kdump_override_off(bool disabled, bool no_iommu)
{
	struct amd_iommu *iommu;
	bool any = false;

	if (!iommu_kdump_active() || (!disabled && !no_iommu))
		return false;
	for_each_iommu(iommu)
		any |= readq(iommu->mmio_base + MMIO_CONTROL_OFFSET) &
		       BIT_ULL(CONTROL_IOMMU_EN);
	if (!any)
		return false;
	return iommu_kdump_keep_on(disabled ? "amd_iommu=off" : "iommu=off");
}

static void amd_kdump_caps(struct amd_iommu *iommu, struct kdump_amd_caps *c)
{
	u64 hats = (amd_iommu_efr >> AMD_KDUMP_EFR_HATS_SHIFT) &
		   AMD_KDUMP_EFR_HATS_MASK;
	u64 ctrl = readq(iommu->mmio_base + MMIO_CONTROL_OFFSET);

	c->nr_domids = MAX_DOMAIN_ID;
	/* HATS 11b is reserved: assume the fewest levels. */
	c->max_levels = hats == 3 ? 4 : 4 + hats;
	c->haw = min_t(u8, boot_cpu_data.x86_phys_bits, 52);
	c->gt_supported = check_feature(FEATURE_GT);
	/* The old kernel's GAEn decides the IRTE size it used. */
	c->ga_irte = ctrl & BIT_ULL(CONTROL_GA_EN);
}

/* Hand over the units of one segment. */
static void amd_kdump_adopt_seg(struct amd_iommu_pci_seg *seg)
{
	struct amd_iommu *iommu, *ref = NULL;
	const char *bad = NULL;
	struct amd_kdump *kd;
	u64 reg = 0;
	u32 devid, id;

	for_each_iommu(iommu) {
		if (iommu->pci_seg != seg || !translation_pre_enabled(iommu))
			continue;
		if (!ref) {
			ref = iommu;
			reg = readq(iommu->mmio_base + MMIO_DEV_TABLE_OFFSET);
		} else if (readq(iommu->mmio_base + MMIO_DEV_TABLE_OFFSET) != reg) {
			bad = "the segment's units used different device tables";
		}
	}
	if (!ref)
		return;

	/* Until proven otherwise, every device ID is refused. */
	for (devid = 0; devid <= seg->last_bdf; devid++) {
		seg->dev_table[devid].data[0] = KDUMP_AMD_DTE_BLOCK;
		seg->dev_table[devid].data[1] &= DTE_FLAG_MASK;
	}

	for_each_iommu(iommu) {
		struct iommu_kdump_unit_desc desc = {
			.ops	= &amd_kdump_ops,
			.enc_bit = true,	/* iommu_virt_to_phys(): __sme_set() */
		};
		char name[16];

		if (iommu->pci_seg != seg || iommu->index >= MAX_IOMMUS)
			continue;
		kd = kzalloc(sizeof(*kd), GFP_KERNEL | __GFP_NOFAIL);
		kd->copied = bitmap_zalloc(AMD_KDUMP_NR_DEVIDS,
					   GFP_KERNEL | __GFP_NOFAIL);
		spin_lock_init(&kd->lock);
		kd->iommu = iommu;
		amd_kdump_caps(ref, &kd->caps);
		/* An SME host's register carries the encryption bit: strip it. */
		kd->dt_pa = __sme_clr(reg) & GENMASK_ULL(51, 12);
		kd->dt_size = ((reg & 0x1ff) + 1) << 12;
		kd->seg_bad = bad;
		snprintf(name, sizeof(name), "ivhd%d", iommu->index);
		desc.name = name;
		desc.priv = kd;
		amd_kdump[iommu->index] = kd;
		kd->unit = iommu_kdump_adopt(&desc);
		/* Caches may hold translations tagged with any old domain ID. */
		for (id = 1; id < MAX_DOMAIN_ID; id++)
			if (iommu_kdump_id_used(kd->unit, KDUMP_TAG_DOMAIN, id))
				__set_bit(id, amd_iommu_pd_alloc_bitmap);
	}
}

/**
 * amd_kdump_adopt() - hand the old device tables to the kdump core
 *
 * Context: early boot, while system_state is SYSTEM_BOOTING: with IRQ
 * remapping it runs from enable_IR_x2apic() with interrupts disabled, where
 * sleeping allocations and mutexes are still allowed because nothing else
 * runs yet (the same holds for the upstream code around it).
 * Called by early_enable_iommus() before it enables or re-enables the
 * units. That function also runs on resume: only its first call, at boot,
 * hands over.
 * Return: true if the handover took over the device tables: every
 * segment's new table holds the adopted entries (see the DOC section
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
 * With the handover on, a unit found translating is never disabled, also
 * when initialisation fails before the handover ran: it then keeps the
 * crashed kernel's device table, as it did since the panic, rather than
 * letting every device's DMA through untranslated.
 *
 * Context: iommu_go_to_state() failure path, process context.
 * Return: true if some unit was found translating: the caller must then
 * neither disable the units nor free or clear their device tables; the
 * units keep translating with the tables they use (adopted, or old).
 */
bool __init amd_kdump_keep_enabled(void)
{
	struct amd_iommu *iommu;
	bool kept = false;

	if (!iommu_kdump_active())
		return false;
	for_each_iommu(iommu)
		kept |= translation_pre_enabled(iommu);
	if (kept)
		pr_err("initialisation failed: units found translating keep translating with the device tables they use\n");
	return kept;
}

static int amd_kdump_alias(struct pci_dev *pdev, u16 alias, void *data)
{
	u32 *sids = data;

	if (sids[0] < 8)
		sids[1 + sids[0]++] = alias;
	return 0;
}

/**
 * amd_kdump_probe() - tell the core about a device behind a unit
 * @iommu: its unit
 * @dev: the device
 * @devid: its device ID
 *
 * Context: amd_iommu_probe_device(), process context, may sleep.
 */
void amd_kdump_probe(struct amd_iommu *iommu, struct device *dev, u16 devid)
{
	struct amd_kdump *kd = to_amd_kdump(iommu);
	u32 sids[1 + 8] = { 1, devid };
	u16 ivrs;

	if (!kd)
		return;
	/* Its device ID, its IVRS alias and its PCI DMA aliases. */
	if (iommu->pci_seg->alias_table && devid <= iommu->pci_seg->last_bdf) {
		ivrs = iommu->pci_seg->alias_table[devid];
		if (ivrs != devid)
			sids[1 + sids[0]++] = ivrs;
	}
	if (dev_is_pci(dev))
		pci_for_each_dma_alias(to_pci_dev(dev), amd_kdump_alias, sids);
	iommu_kdump_probe_device(kd->unit, dev, sids + 1, sids[0]);
}

/**
 * amd_kdump_publish_dte() - replace a copied device table entry, whole
 * @iommu: the unit
 * @devid: the device ID
 * @live: the entry, copied from the old kernel, that the unit may be using
 * @data0: new quadword 0 (V, TV, mode, page-table root, IR, IW)
 * @data1: new quadword 1 (domain ID and the flags the driver keeps)
 *
 * See kdump_amd_dte_replace(): the low 128 bits in one store, then the
 * entry's and the old domain's invalidations, completed. The core has
 * mapped the device's old mappings into the new domain before, so old DMA
 * translates the same through either entry.
 *
 * Context: set_dte_entry(), under the device's lock.
 * Return: true if @live was a copied entry and now holds the new one (the
 * caller must not write it again), false if the caller writes it as usual.
 */
bool amd_kdump_publish_dte(struct amd_iommu *iommu, u16 devid,
			   struct dev_table_entry *live, u64 data0, u64 data1)
{
	struct amd_kdump *kd = to_amd_kdump(iommu);
	struct kdump_writer w;
	unsigned long flags;
	u64 old[4], val[4];
	int ret;

	if (!kd)
		return false;
	amd_kdump_writer(iommu, &w);
	spin_lock_irqsave(&kd->lock, flags);
	if (!test_bit(devid, kd->copied)) {
		spin_unlock_irqrestore(&kd->lock, flags);
		return false;
	}
	memcpy(old, live->data, sizeof(old));
	val[0] = data0;
	val[1] = data1;
	val[2] = old[2];
	val[3] = old[3];
	ret = kdump_amd_dte_replace(&w, live, old, val, devid);
	if (!ret)
		clear_bit(devid, kd->copied);
	spin_unlock_irqrestore(&kd->lock, flags);
	if (ret)
		pr_warn_once("no 128-bit store: a copied device table entry cannot be replaced without a window; it is kept until the device is reset\n");
	/* On failure the old entry stays: the caller must not write it. */
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
	struct amd_kdump *kd = to_amd_kdump(iommu);

	return kd && iommu_kdump_fault(kd->unit, devid, KDUMP_NO_PASID);
}
