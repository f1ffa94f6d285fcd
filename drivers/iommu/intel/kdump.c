// SPDX-License-Identifier: GPL-2.0
/*
 * VT-d side of the kdump IOMMU handover.
 *
 * Copyright (C) 2026 The kdump-iommu authors
 */

/**
 * DOC: VT-d kdump handover (legacy mode)
 *
 * With ``iommu=accept_active`` a capture kernel finds each DMA remapping
 * unit still translating (GSTS.TES) through the old kernel's root and
 * context tables. It never clears GCMD.TE. Instead it:
 *
 * 1. reads the old root table address (RTADDR) and, in legacy mode, walks
 *    the old root table, every context table and every second-level page
 *    table with the pure validators in drivers/iommu/kdump/validate.c,
 *    against the old kernel's RAM as the ELF core header describes it and
 *    away from the capture kernel's own memory;
 * 2. copies every valid context entry, unchanged, into a new context table
 *    of its own (so the entry keeps pointing at the old page tables) and
 *    reserves its domain ID; an invalid entry is not copied: the device's
 *    requests find a non-present entry and fault (blocked). A bad root
 *    table blocks every device of the unit;
 * 3. installs the new root table with SRTP while translation stays enabled;
 * 4. at the deferred attach of a capture-kernel domain, has the core map
 *    the device's old mappings into that domain first, then replaces the
 *    copied context entry with the new one in a single 128-bit store (see
 *    intel_kdump_publish_context());
 * 5. when the device is reset without a domain, removes its copied entry.
 *
 * A unit whose old translation-table mode (legacy or scalable) differs from
 * the capture kernel's gets an empty root table in the *old* mode (the mode
 * cannot change while translation is enabled): every device is blocked and
 * every attach to it is refused. Scalable-mode units otherwise use the
 * upstream copy, but a failed copy no longer turns translation off: every
 * device of the unit is blocked instead.
 */

#define pr_fmt(fmt) "DMAR: kdump: " fmt

#include <linux/crash_dump.h>
#include <linux/dmar.h>
#include <linux/iommu.h>
#include <linux/sched/clock.h>
#include <linux/pci.h>
#include <linux/slab.h>

#include "iommu.h"
#include "kdump.h"
#include "../kdump/validate.h"

/* Per-unit handover state, indexed by intel_iommu::seq_id. */
struct intel_kdump {
	struct iommu_kdump_unit *unit;
	struct intel_iommu *iommu;
	/*
	 * Old translation-table mode differs from ours: the empty root table
	 * is programmed in the old mode and nothing is ever attached.
	 */
	bool frozen;
	bool old_sm;
};

static struct intel_kdump *intel_kdump[DMAR_UNITS_SUPPORTED];

/* One device's mappings, gathered before the walker's verdict on it. */
struct intel_kdump_walk {
	struct intel_kdump *kd;
	const struct kdump_oldmem *mem;
	u64 ctp;
	struct iommu_kdump_runs runs;
};

static struct intel_kdump *to_intel_kdump(struct intel_iommu *iommu)
{
	if (!iommu || iommu->seq_id < 0 || iommu->seq_id >= DMAR_UNITS_SUPPORTED)
		return NULL;
	return intel_kdump[iommu->seq_id];
}

static void intel_kdump_release(struct iommu_kdump_unit *unit, u32 sid,
				struct device *dev)
{
	struct intel_kdump *kd = iommu_kdump_unit_priv(unit);
	struct intel_iommu *iommu = kd->iommu;
	struct context_entry *context;
	u8 bus = sid >> 8, devfn = sid & 0xff;
	u16 did_old = 0;
	bool flush = false;

	spin_lock(&iommu->lock);
	context = iommu_context_addr(iommu, bus, devfn, 0);
	if (context && iommu->copied_tables &&
	    test_bit(sid, iommu->copied_tables)) {
		did_old = (context->hi >> 8) & 0xffff;
		/*
		 * The device was reset: nothing is in flight, so a
		 * non-present entry is harmless now. Clear the present bit
		 * (lo) first so that no half-cleared entry is ever present.
		 */
		WRITE_ONCE(context->lo, 0);
		WRITE_ONCE(context->hi, 0);
		if (!ecap_coherent(iommu->ecap))
			clflush_cache_range(context, sizeof(*context));
		clear_bit(sid, iommu->copied_tables);
		flush = true;
	}
	spin_unlock(&iommu->lock);

	if (flush) {
		iommu->flush.flush_context(iommu, did_old, sid, DMA_CCMD_MASK_NOBIT,
					   DMA_CCMD_DEVICE_INVL);
		iommu->flush.flush_iotlb(iommu, did_old, 0, 0, DMA_TLB_DSI_FLUSH);
	}
}

static const struct iommu_kdump_unit_ops intel_kdump_ops = {
	.release = intel_kdump_release,
};

static int intel_kdump_walk_bus(void *arg, u8 bus, u64 ctp, enum kdump_bad why)
{
	struct intel_kdump_walk *w = arg;

	w->ctp = ctp;
	if (why != KDUMP_OK) {
		iommu_kdump_block_range(w->kd->unit, PCI_DEVID(bus, 0),
					PCI_DEVID(bus, 0xff), kdump_bad_str(why));
		pr_warn("%s: bus %02x: old context table %#llx: %s; its devices are blocked\n",
			w->kd->iommu->name, bus, ctp, kdump_bad_str(why));
	}
	return 0;
}

static int intel_kdump_walk_map(void *arg, u64 iova, u64 pa, u64 size, u32 prot)
{
	struct intel_kdump_walk *w = arg;

	return iommu_kdump_runs_add(&w->runs, iova, pa, size, prot);
}

/* Copy one validated old context entry into the new context table. */
static const char *intel_kdump_copy_entry(struct intel_kdump_walk *w, u8 bus,
					  u8 devfn, const struct kdump_xlate *x)
{
	struct intel_iommu *iommu = w->kd->iommu;
	struct context_entry old, *new;
	u16 did;

	/*
	 * Read the entry again and check it still says what the walker
	 * validated: old memory should not change, but a device may still
	 * write to it.
	 */
	if (w->mem->read(w->mem->ctx, w->ctp + devfn * sizeof(old), &old,
			 sizeof(old)))
		return "cannot read the old context entry";
	did = (old.hi >> 8) & 0xffff;
	if (!(old.lo & 1) || did != x->tag ||
	    (x->kind == KDUMP_XLATE_PAGING && (old.lo & VTD_PAGE_MASK) != x->root))
		return "old context entry changed during the walk";

	spin_lock(&iommu->lock);
	new = iommu_context_addr(iommu, bus, devfn, 1);
	if (!new) {
		spin_unlock(&iommu->lock);
		return "out of memory for a new context table";
	}
	*new = old;
	set_bit(did, iommu->domain_ids);
	set_bit(PCI_DEVID(bus, devfn), iommu->copied_tables);
	if (!ecap_coherent(iommu->ecap))
		clflush_cache_range(new, sizeof(*new));
	spin_unlock(&iommu->lock);
	return NULL;
}

static int intel_kdump_walk_dev(void *arg, u8 bus, u8 devfn,
				const struct kdump_xlate *x, enum kdump_bad why,
				const struct kdump_walk_stats *st)
{
	struct intel_kdump_walk *w = arg;
	const char *bad;

	bad = iommu_kdump_runs_why(&w->runs, why ? kdump_bad_str(why) : NULL);
	if (!bad)
		bad = intel_kdump_copy_entry(w, bus, devfn, x);
	if (bad)
		pr_warn("%s: %02x:%02x.%d: old context entry: %s; device blocked\n",
			w->kd->iommu->name, bus, PCI_SLOT(devfn), PCI_FUNC(devfn),
			bad);
	iommu_kdump_record_runs(w->kd->unit, PCI_DEVID(bus, devfn), x, bad,
				&w->runs);
	return 0;
}

static void intel_kdump_block_all(struct intel_kdump *kd, const char *why)
{
	iommu_kdump_unit_blocked(kd->unit, why);
}

static bool intel_kdump_pre_enabled(struct intel_iommu *iommu)
{
	return readl(iommu->reg + DMAR_GSTS_REG) & DMA_GSTS_TES;
}

static struct intel_kdump *intel_kdump_new(struct intel_iommu *iommu)
{
	struct intel_kdump *kd;

	if (iommu->seq_id < 0 || iommu->seq_id >= DMAR_UNITS_SUPPORTED)
		return NULL;
	kd = intel_kdump[iommu->seq_id];
	if (kd)
		return kd;
	kd = kzalloc(sizeof(*kd), GFP_KERNEL);
	if (!kd)
		return NULL;
	kd->iommu = iommu;
	kd->unit = iommu_kdump_unit_create(iommu->name, &intel_kdump_ops, kd);
	if (!kd->unit) {
		kfree(kd);
		return NULL;
	}
	intel_kdump[iommu->seq_id] = kd;
	return kd;
}

/**
 * intel_kdump_keep_enabled() - must this unit keep translating?
 * @iommu: a unit found translating by this kdump kernel, whose tables the
 *	upstream code could not copy, or which the kernel ignores
 *
 * With the handover active, the answer is always yes: instead of turning
 * translation off, every device of the unit is blocked (the new, empty
 * root table is installed as usual), or, for an ignored unit, the old
 * tables stay in place untouched.
 *
 * Context: init_dmars(), process context.
 * Return: true if the caller must not disable translation.
 */
bool __init intel_kdump_keep_enabled(struct intel_iommu *iommu)
{
	struct intel_kdump *kd;

	if (!iommu_kdump_active() || !intel_kdump_pre_enabled(iommu))
		return false;
	kd = intel_kdump_new(iommu);
	if (kd)
		intel_kdump_block_all(kd, "old tables not copied");
	return true;
}

/**
 * intel_kdump_handed_over() - did the handover take care of this unit?
 * @iommu: the unit
 *
 * Context: any context.
 * Return: true if the unit's old state was handed over (or blocked) by
 * this file rather than copied the upstream way.
 */
bool intel_kdump_handed_over(struct intel_iommu *iommu)
{
	return to_intel_kdump(iommu);
}

/**
 * intel_kdump_skip_root() - program the root table of a mode-mismatched unit
 * @iommu: the unit
 *
 * RTADDR.TTM (legacy or scalable) may only change while translation is
 * disabled. For a unit whose old mode differs from this kernel's, program
 * the new root table, which is still empty (every entry non-present, in
 * either format), with the old mode, and invalidate the context cache and
 * IOTLB globally: every device faults, translation never stops, and since
 * every attach to the unit is refused, no entry in this kernel's format is
 * ever written into it.
 *
 * Context: init_dmars(), process context, after queued invalidation is set up.
 * Return: true if this function programmed the root table and the caller
 * must not (iommu_set_root_entry() would use this kernel's mode).
 */
bool __init intel_kdump_skip_root(struct intel_iommu *iommu)
{
	struct intel_kdump *kd = to_intel_kdump(iommu);
	unsigned long flags;
	u64 addr;
	u32 sts;

	if (!kd || !kd->frozen)
		return false;
	addr = virt_to_phys(iommu->root_entry);
	if (kd->old_sm)
		addr |= DMA_RTADDR_SMT;
	raw_spin_lock_irqsave(&iommu->register_lock, flags);
	dmar_writeq(iommu->reg + DMAR_RTADDR_REG, addr);
	writel(iommu->gcmd | DMA_GCMD_SRTP, iommu->reg + DMAR_GCMD_REG);
	IOMMU_WAIT_OP(iommu, DMAR_GSTS_REG, readl, (sts & DMA_GSTS_RTPS), sts);
	raw_spin_unlock_irqrestore(&iommu->register_lock, flags);

	iommu->flush.flush_context(iommu, 0, 0, 0, DMA_CCMD_GLOBAL_INVL);
	iommu->flush.flush_iotlb(iommu, 0, 0, 0, DMA_TLB_GLOBAL_FLUSH);
	pr_info("%s: empty root table installed in the old kernel's %s mode\n",
		iommu->name, kd->old_sm ? "scalable" : "legacy");
	return true;
}

/*
 * The host address width: table pointers and output addresses above it are
 * reserved. The DMAR table gives it (the same number init_dmars() printed
 * as "Host address width"); the CPU's physical width bounds it anyway.
 */
static u8 __init intel_kdump_haw(void)
{
	struct acpi_table_dmar *dmar = (struct acpi_table_dmar *)dmar_tbl;
	u8 haw = boot_cpu_data.x86_phys_bits;

	if (dmar && dmar->width + 1 < haw)
		haw = dmar->width + 1;
	return haw;
}

/**
 * intel_kdump_adopt() - validate and adopt a unit's old tables
 * @iommu: a unit found translating in a kdump kernel; its new, empty root
 *	table is allocated and not yet programmed
 *
 * Walks the old legacy-mode tables, copies each valid context entry into
 * the new tables and reports every device to the handover core. Never
 * turns translation off; an invalid root table leaves the new root table
 * empty (every device blocked).
 *
 * Context: init_dmars(), process context, may sleep.
 * Return: 0 when the handover took care of the unit (whatever it found);
 * -EOPNOTSUPP when the caller should copy the tables the upstream way
 * (handover inactive, or a scalable-mode unit in a scalable-mode kernel),
 * in which case the caller asks intel_kdump_keep_enabled() on failure.
 */
int __init intel_kdump_adopt(struct intel_iommu *iommu)
{
	static const struct kdump_walk_limits limits = {
		.max_tables = 1 << 16,
		.max_leaves = 1 << 22,
		.max_total_tables = 1 << 18,
	};
	struct kdump_vtd_caps caps = {
		.nr_dids = cap_ndoms(iommu->cap),
		.sagaw = cap_sagaw(iommu->cap),
		.mgaw = cap_mgaw(iommu->cap),
		.haw = intel_kdump_haw(),
		.pt_supported = ecap_pass_through(iommu->ecap),
		.dt_supported = ecap_dev_iotlb_support(iommu->ecap),
		.caching_mode = cap_caching_mode(iommu->cap),
		.sllps = cap_super_page_val(iommu->cap),
	};
	const struct kdump_vtd_ops ops = {
		.bus = intel_kdump_walk_bus,
		.dev = intel_kdump_walk_dev,
		.map = intel_kdump_walk_map,
	};
	struct intel_kdump_walk w = {};
	struct kdump_vtd_stats st = {};
	const struct kdump_oldmem *mem;
	struct kdump_vtd_ops o = ops;
	u64 start = local_clock();
	bool old_sm, new_sm;
	struct intel_kdump *kd;
	enum kdump_bad why;
	void *scratch;
	u64 rtaddr;
	int ret;

	if (!iommu_kdump_active())
		return -EOPNOTSUPP;
	rtaddr = dmar_readq(iommu->reg + DMAR_RTADDR_REG);
	old_sm = rtaddr & DMA_RTADDR_SMT;
	new_sm = sm_supported(iommu);

	kd = intel_kdump_new(iommu);
	if (!kd) {
		pr_err("%s: out of memory: every device blocked, translation stays enabled\n",
		       iommu->name);
		return -ENOMEM;
	}
	if (old_sm != new_sm) {
		kd->frozen = true;
		kd->old_sm = old_sm;
		intel_kdump_block_all(kd, old_sm ?
				      "old kernel used scalable mode, this one legacy" :
				      "old kernel used legacy mode, this one scalable");
		goto out_done;
	}
	if (new_sm)
		return -EOPNOTSUPP;

	iommu->copied_tables = bitmap_zalloc(BIT_ULL(16), GFP_KERNEL);
	scratch = kmalloc(KDUMP_VTD_SCRATCH_SIZE, GFP_KERNEL);
	ret = -ENOMEM;
	if (!iommu->copied_tables || !scratch)
		goto err_free;
	mem = iommu_kdump_oldmem();
	ret = -EINVAL;
	if (!mem)
		goto err_free;

	w.kd = kd;
	w.mem = mem;
	o.arg = &w;
	why = kdump_vtd_walk(mem, &caps, rtaddr & VTD_PAGE_MASK, &limits,
			     scratch, &o, &st);
	if (why != KDUMP_OK) {
		/*
		 * Take back the entries copied before the walk failed (the
		 * root table is not programmed yet, so no device used them).
		 * Their context tables are left allocated: a rare failure in
		 * a kernel that only lives until the dump is written.
		 */
		memset(iommu->root_entry, 0, VTD_PAGE_SIZE);
		bitmap_zero(iommu->copied_tables, BIT_ULL(16));
		intel_kdump_block_all(kd, kdump_bad_str(why));
	} else {
		pr_info("%s: adopted old tables at %#llx: %u devices (%u blocked), %u buses (%u blocked), %u tables, %llu mappings\n",
			iommu->name, rtaddr & VTD_PAGE_MASK, st.devices,
			st.devices_blocked, st.buses, st.buses_blocked, st.tables,
			st.leaves);
	}
	iommu_kdump_runs_free(&w.runs);
	kfree(scratch);
	__iommu_flush_cache(iommu, iommu->root_entry, VTD_PAGE_SIZE);
out_done:
	iommu_kdump_unit_done(kd->unit, start);
	return 0;

err_free:
	kfree(scratch);
	/* Nothing was copied: the empty new root table blocks every device. */
	intel_kdump_block_all(kd, ret == -ENOMEM ? "out of memory" :
			      "cannot tell old RAM from capture memory");
	iommu_kdump_unit_done(kd->unit, start);
	return 0;
}

/**
 * intel_kdump_probe() - a device behind a handed-over unit was found
 * @iommu: its unit
 * @bus: its bus number
 * @devfn: its device and function
 * @dev: the device
 *
 * Context: intel_iommu_probe_device(), process context, may sleep.
 */
void intel_kdump_probe(struct intel_iommu *iommu, u8 bus, u8 devfn,
		       struct device *dev)
{
	struct intel_kdump *kd = to_intel_kdump(iommu);

	if (kd)
		iommu_kdump_probe_device(kd->unit, PCI_DEVID(bus, devfn), dev);
}

static struct intel_kdump *intel_kdump_dev(struct device *dev, u32 *sid)
{
	struct device_domain_info *info = dev_iommu_priv_get(dev);

	if (!info)
		return NULL;
	*sid = PCI_DEVID(info->bus, info->devfn);
	return to_intel_kdump(info->iommu);
}

/**
 * intel_kdump_attach() - prepare a domain attach to a handed-over device
 * @domain: the capture-kernel domain
 * @dev: the device
 *
 * Context: intel_iommu_attach_device(), process context, may sleep.
 * Return: 0 to go on with the attach, or a negative errno to refuse it.
 */
int intel_kdump_attach(struct iommu_domain *domain, struct device *dev)
{
	struct intel_kdump *kd;
	u32 sid;

	if (!iommu_kdump_active())
		return 0;
	kd = intel_kdump_dev(dev, &sid);
	if (!kd)
		return 0;
	if (kd->frozen) {
		dev_warn_ratelimited(dev, "kdump: %s runs in the old kernel's table mode; no new domain\n",
				     kd->iommu->name);
		return -EBUSY;
	}
	return iommu_kdump_inherit(kd->unit, sid, domain);
}

/**
 * intel_kdump_resv_regions() - add a device's old IOVAs to its reserved regions
 * @dev: the device
 * @head: the list intel_iommu_get_resv_regions() builds
 *
 * Context: process context, may sleep.
 */
void intel_kdump_resv_regions(struct device *dev, struct list_head *head)
{
	struct intel_kdump *kd;
	u32 sid;

	if (!iommu_kdump_active())
		return;
	kd = intel_kdump_dev(dev, &sid);
	if (kd)
		iommu_kdump_get_resv_regions(kd->unit, sid, head);
}

/**
 * intel_kdump_publish_context() - replace a copied context entry, whole
 * @iommu: the unit
 * @live: the copied entry, present, that the hardware may be using
 * @new: the entry for the capture-kernel domain, fully built
 * @bus: bus number of the device
 * @devfn: device and function
 *
 * The VT-d specification lets software modify a present context entry as
 * long as it then invalidates the context cache for the device (with the
 * domain ID the old entry had) and the IOTLB for that domain; until then
 * the hardware may use the old entry, the new one, or, if it fetches the
 * 128-bit entry as two halves, a mix. So the entry is replaced in one
 * 128-bit atomic store (CMPXCHG16B), and the device's old mappings are
 * already mapped in the new domain (iommu_kdump_inherit()): whichever
 * entry the hardware uses, an old IOVA reaches the same old page and no
 * request meets a non-present entry. Then the context cache and the old
 * domain's IOTLB are invalidated, in that order, as the specification's
 * invalidation guidance requires.
 *
 * Without CMPXCHG16B the high half (domain ID, address width) is written
 * first and the low half (root, type, present) second; the mixed entry
 * (old root, new domain ID) still translates old IOVAs to the old pages,
 * provided the address width did not change. If it did, the entry is made
 * non-present first, as upstream does.
 *
 * Context: called with iommu->lock held, from domain_context_mapping_one().
 * Return: true; @live holds @new.
 */
bool intel_kdump_publish_context(struct intel_iommu *iommu,
				 struct context_entry *live,
				 const struct context_entry *new,
				 u8 bus, u8 devfn)
{
	struct context_entry old = *live;
	u16 did_old = (old.hi >> 8) & 0xffff;

	lockdep_assert_held(&iommu->lock);

	if (system_has_cmpxchg_double()) {
		/* Only this kernel writes context entries, under iommu->lock. */
		WARN_ON_ONCE(!cmpxchg_double(&live->lo, &live->hi, old.lo, old.hi,
					     new->lo, new->hi));
	} else if ((old.hi & 7) == (new->hi & 7)) {
		/*
		 * x86 stores reach memory in program order, and a coherent
		 * unit snoops them, so the hardware sees hi before lo; a
		 * non-coherent unit sees both halves together at the clflush
		 * below (one entry never spans two cache lines).
		 */
		WRITE_ONCE(live->hi, new->hi);
		WRITE_ONCE(live->lo, new->lo);
	} else {
		pr_warn_once("no CMPXCHG16B and a different address width: context entries go non-present while they change\n");
		WRITE_ONCE(live->lo, 0);
		if (!ecap_coherent(iommu->ecap))
			clflush_cache_range(live, sizeof(*live));
		iommu->flush.flush_context(iommu, did_old, PCI_DEVID(bus, devfn),
					   DMA_CCMD_MASK_NOBIT, DMA_CCMD_DEVICE_INVL);
		WRITE_ONCE(live->hi, new->hi);
		WRITE_ONCE(live->lo, new->lo);
	}
	if (!ecap_coherent(iommu->ecap))
		clflush_cache_range(live, sizeof(*live));

	iommu->flush.flush_context(iommu, did_old, PCI_DEVID(bus, devfn),
				   DMA_CCMD_MASK_NOBIT, DMA_CCMD_DEVICE_INVL);
	iommu->flush.flush_iotlb(iommu, did_old, 0, 0, DMA_TLB_DSI_FLUSH);
	return true;
}

/**
 * intel_kdump_fault() - account a DMA fault
 * @iommu: the unit that recorded it
 * @source_id: requester ID of the faulting request
 *
 * Context: dmar_fault(), the unit's fault interrupt handler, for every
 * fault record, before its rate limit decides what to print.
 * Return: true if the handover counted it and the caller must stay quiet.
 */
bool intel_kdump_fault(struct intel_iommu *iommu, u16 source_id)
{
	struct intel_kdump *kd;

	if (!iommu_kdump_active())
		return false;
	kd = to_intel_kdump(iommu);
	return kd && iommu_kdump_fault(kd->unit, source_id);
}
