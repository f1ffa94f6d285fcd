// SPDX-License-Identifier: GPL-2.0
/*
 * VT-d side of the kdump IOMMU handover.
 *
 * Copyright (C) 2026 The kdump-iommu authors
 */

/**
 * DOC: VT-d kdump handover
 *
 * With ``iommu=accept_active`` a capture kernel finds each DMA remapping
 * unit still translating (GSTS.TES) through the old kernel's root and
 * context tables, and never clears GCMD.TE. For a legacy-mode unit
 * init_dmars() calls intel_kdump_adopt() instead of copying the tables
 * the upstream way; the kdump core then drives the four operations here:
 *
 * describe
 *	walk the old root and context tables (kdump_vtd_walk()) into the
 *	core's plan; the core walks the page tables.
 * replace
 *	write an adopted context entry, exactly as it was validated or
 *	re-pointed at a page table the core built in capture memory, into
 *	this kernel's new context table (not yet live: no window), and mark
 *	it copied. Later, when a capture-kernel domain is attached before the
 *	device was reset, domain_context_mapping_one() builds the new entry
 *	aside and intel_kdump_replace_context() replaces the live one in a
 *	single 128-bit store, then invalidates the context cache, the old
 *	domain's IOTLB and the device TLB (kdump_vtd_ctx_replace()).
 * block
 *	nothing to write: an entry that is not copied stays non-present in
 *	the new table, and its requests fault.
 * release
 *	clear a copied entry of a device that was reset, and invalidate.
 *
 * init_dmars() then programs the new root table with SRTP while
 * translation stays enabled; every old domain ID is reserved in the
 * unit's allocator.
 *
 * In scalable mode the same four operations work on PASID entries:
 *
 * describe
 *	kdump_vtd_sm_walk() reports every present PASID entry of every
 *	device; a device with anything bad is blocked whole.
 * replace
 *	write the validated PASID entry (re-pointed at a capture-owned page
 *	table if the core built one) into a PASID directory and table this
 *	file allocates for the device, the "shadow", and point the device's
 *	new context entry at the shadow directory (with the old entry's
 *	flags, PDTS and RID_PASID). Nothing the hardware reads is written
 *	twice, and what it reads is what was validated. The driver leaves a
 *	copied entry alone at probe (device_pasid_table_setup()); when a
 *	capture-kernel domain is attached it writes the new PASID entry into
 *	its own, unreachable table as usual, and intel_kdump_sm_attached()
 *	then switches the context entry from the shadow directory to the
 *	driver's in one store (kdump_vtd_sm_ctx_switch()). No present PASID
 *	entry is ever rewritten.
 * block
 *	nothing to write: a PASID entry that is not copied stays
 *	non-present in the shadow, a device without a shadow stays
 *	non-present in the context table.
 * release
 *	switch a copied entry to the driver's directory if the device has
 *	one, else clear it, invalidate, and free the shadow.
 *
 * The translation-table mode (legacy or scalable) cannot change while
 * translation is enabled, so the capture kernel runs its units in the mode
 * the crashed kernel left them in, whatever the command line asks for
 * (intel_kdump_follow_mode()). Only a unit whose mode contradicts the
 * other units' cannot follow: it gets an empty root table in its old mode,
 * every device is blocked and every attach to the unit is refused, even
 * after a reset.
 */

#define pr_fmt(fmt) "DMAR: kdump: " fmt

#include <linux/dmar.h>
#include <linux/iommu.h>
#include <linux/pci.h>
#include <linux/slab.h>

#include "iommu.h"
#include "kdump.h"
#include "pasid.h"
#include "../iommu-pages.h"
#include "../kdump/fmt_vtd.h"
#include "../kdump/fmt_vtd_sm_walk.h"
#include "../kdump/plan.h"

/*
 * The shadow of one scalable-mode requester ID: a PASID directory of the
 * old entry's size, and the PASID tables its present entries point to,
 * holding the adopted PASID entries. Live from the SRTP until the device
 * gets its capture-kernel domain or is reset.
 */
struct intel_kdump_shadow {
	u64 *dir;
	u32 dir_entries;
	int order;
};

/* Per-unit handover state, indexed by intel_iommu::seq_id. */
struct intel_kdump {
	struct iommu_kdump_unit *unit;
	struct intel_iommu *iommu;
	struct kdump_vtd_caps caps;
	u64 rta;
	/*
	 * Old translation-table mode differs from ours: the empty root table
	 * is programmed in the old mode and nothing is ever attached.
	 */
	bool frozen;
	bool old_sm;
	/*
	 * Scalable mode: shadows by requester ID. Entries are added at
	 * adoption and removed under intel_iommu::lock with the copied bit
	 * of their context entry.
	 */
	struct xarray shadows;
};

static struct intel_kdump *intel_kdump[DMAR_UNITS_SUPPORTED];

static struct intel_kdump *to_intel_kdump(struct intel_iommu *iommu)
{
	if (!iommu || iommu->seq_id < 0 || iommu->seq_id >= DMAR_UNITS_SUPPORTED)
		return NULL;
	return intel_kdump[iommu->seq_id];
}

static bool intel_kdump_pre_enabled(struct intel_iommu *iommu)
{
	return readl(iommu->reg + DMAR_GSTS_REG) & DMA_GSTS_TES;
}

/* ------------------------------------------------------------------ */
/* Entry writer: how kdump_vtd_ctx_*() reach this unit                 */

static void intel_kdump_store(void *ctx, void *entry, const u64 *val,
			      unsigned int nr)
{
	struct intel_iommu *iommu = ctx;

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
	/* A non-coherent unit reads the entry from memory. */
	__iommu_flush_cache(iommu, entry, nr * sizeof(u64));
}

static void intel_kdump_inval(void *ctx, enum kdump_inval what, u32 a, u32 b)
{
	struct intel_iommu *iommu = ctx;

	switch (what) {
	case KDUMP_INV_VTD_CTX:
		iommu->flush.flush_context(iommu, a, b, DMA_CCMD_MASK_NOBIT,
					   DMA_CCMD_DEVICE_INVL);
		break;
	case KDUMP_INV_VTD_IOTLB:
		iommu->flush.flush_iotlb(iommu, a, 0, 0, DMA_TLB_DSI_FLUSH);
		break;
	case KDUMP_INV_VTD_DEVTLB:
		if (iommu->qi)
			qi_flush_dev_iotlb(iommu, b, 0, 0, 0,
					   MAX_AGAW_PFN_WIDTH);
		break;
	case KDUMP_INV_VTD_PASID_ALL:
		/* Scalable mode always has queued invalidation. */
		if (iommu->qi)
			qi_flush_pasid_cache(iommu, 0, QI_PC_GLOBAL, 0);
		break;
	case KDUMP_INV_VTD_IOTLB_ALL:
		iommu->flush.flush_iotlb(iommu, 0, 0, 0, DMA_TLB_GLOBAL_FLUSH);
		break;
	default:
		WARN_ON_ONCE(1);
	}
}

static void intel_kdump_writer(struct intel_iommu *iommu,
			       struct kdump_writer *w)
{
	w->store = intel_kdump_store;
	w->inval = intel_kdump_inval;
	w->atomic128 = system_has_cmpxchg128();
	w->ctx = iommu;
}

/* ------------------------------------------------------------------ */
/* The four operations                                                 */

static int intel_kdump_describe_sm(struct intel_kdump *kd,
				   struct kdump_plan *plan)
{
	struct kdump_vtd_sm_stats st = {};
	struct kdump_sink sink;
	enum kdump_bad why;
	void *scratch;

	scratch = kmalloc(KDUMP_VTD_SM_SCRATCH_SIZE, GFP_KERNEL);
	if (!scratch)
		return -ENOMEM;
	kdump_plan_sink(plan, &sink);
	why = kdump_vtd_sm_walk(plan->m, &kd->caps, kd->rta, scratch, &sink,
				&st);
	kfree(scratch);
	if (why)
		kdump_plan_unit_bad(plan, why);
	pr_info("%s: old scalable-mode tables at %#llx: %u devices (%u blocked), %u PASID entries (%u blocked), %u tables: %s\n",
		kd->iommu->name, kd->rta, st.devices, st.devices_blocked,
		st.pasids, st.pasids_blocked, st.tables, kdump_bad_str(why));
	return 0;
}

static int intel_kdump_describe(struct iommu_kdump_unit *unit,
				struct kdump_plan *plan)
{
	struct intel_kdump *kd = iommu_kdump_unit_priv(unit);
	struct kdump_vtd_stats st = {};
	struct kdump_sink sink;
	enum kdump_bad why;
	void *scratch;

	if (kd->frozen) {
		kdump_plan_unit_bad(plan, KDUMP_BAD_TYPE);
		return 0;
	}
	if (kd->old_sm)
		return intel_kdump_describe_sm(kd, plan);
	scratch = kmalloc(KDUMP_VTD_SCRATCH_SIZE, GFP_KERNEL);
	if (!scratch)
		return -ENOMEM;
	kdump_plan_sink(plan, &sink);
	why = kdump_vtd_walk(plan->m, &kd->caps, kd->rta, scratch, &sink, &st);
	kfree(scratch);
	if (why)
		kdump_plan_unit_bad(plan, why);
	pr_info("%s: old tables at %#llx: %u buses (%u blocked), %u devices (%u blocked): %s\n",
		kd->iommu->name, kd->rta, st.buses, st.buses_blocked,
		st.devices, st.devices_blocked, kdump_bad_str(why));
	return 0;
}

static void intel_kdump_shadow_free(struct intel_kdump_shadow *sh)
{
	u32 i;

	if (!sh)
		return;
	for (i = 0; i < sh->dir_entries; i++)
		if (sh->dir[i] & VTD_P)
			iommu_free_page(phys_to_virt(sh->dir[i] & VTD_PTR));
	iommu_free_pages(sh->dir, sh->order);
	kfree(sh);
}

/* The shadow of @sid, made and installed in the new context table if new. */
static struct intel_kdump_shadow *
intel_kdump_shadow_get(struct intel_kdump *kd, u32 sid, const u64 ctx[2])
{
	struct intel_iommu *iommu = kd->iommu;
	struct intel_kdump_shadow *sh = xa_load(&kd->shadows, sid);
	struct context_entry *ce;

	if (sh)
		return sh;
	sh = kzalloc(sizeof(*sh), GFP_KERNEL);
	if (!sh)
		return NULL;
	sh->dir_entries = 1U << (((ctx[0] & VTD_SM_CTX_PDTS) >>
				  VTD_SM_CTX_PDTS_SHIFT) + 7);
	sh->order = get_order(sh->dir_entries * sizeof(u64));
	sh->dir = iommu_alloc_pages_node(iommu->node, GFP_KERNEL, sh->order);
	if (!sh->dir || xa_err(xa_store(&kd->shadows, sid, sh, GFP_KERNEL))) {
		if (sh->dir)
			iommu_free_pages(sh->dir, sh->order);
		kfree(sh);
		return NULL;
	}
	/* A non-coherent unit must read the zeroes, not stale memory. */
	__iommu_flush_cache(iommu, sh->dir, PAGE_SIZE << sh->order);

	spin_lock(&iommu->lock);
	ce = iommu_context_addr(iommu, sid >> 8, sid & 0xff, 1);
	if (!ce) {
		spin_unlock(&iommu->lock);
		xa_erase(&kd->shadows, sid);
		iommu_free_pages(sh->dir, sh->order);
		kfree(sh);
		return NULL;
	}
	/*
	 * The new root table is not live yet: plain stores do. The old
	 * entry's flags, PDTS and RID_PASID, this kernel's directory; the
	 * entry's high 128 bits stay zero.
	 */
	ce->hi = ctx[1];
	ce->lo = (ctx[0] & ~VTD_PTR) | virt_to_phys(sh->dir);
	__iommu_flush_cache(iommu, ce, sizeof(*ce));
	set_context_copied(iommu, sid >> 8, sid & 0xff);
	spin_unlock(&iommu->lock);
	return sh;
}

/*
 * Scalable mode: copy one validated PASID entry into the shadow of its
 * requester ID, re-pointed at @own if the core built a table.
 */
static int intel_kdump_sm_replace(struct intel_kdump *kd,
				  const struct kdump_plan_xl *xl,
				  const struct kdump_stage *own)
{
	struct intel_iommu *iommu = kd->iommu;
	struct intel_kdump_shadow *sh;
	struct pasid_entry *pe;
	u64 raw[5], val[3], *pde;
	u32 pasid;
	void *tbl;

	if (xl->raw_len != sizeof(raw))
		return -EINVAL;
	memcpy(raw, xl->raw, sizeof(raw));
	pasid = xl->id.pasid;
	if (pasid == KDUMP_NO_PASID)
		pasid = raw[1] & VTD_SM_CTX_RID_PASID;
	if (own && kdump_vtd_pasid_entry_repoint(&kd->caps, raw + 2, own, val))
		return -EINVAL;
	if (!own)
		memcpy(val, raw + 2, sizeof(val));

	sh = intel_kdump_shadow_get(kd, xl->id.sid, raw);
	if (!sh)
		return -ENOMEM;
	if ((pasid >> KDUMP_VTD_PASID_DIR_SHIFT) >= sh->dir_entries)
		return -EINVAL;
	pde = &sh->dir[pasid >> KDUMP_VTD_PASID_DIR_SHIFT];
	if (!(*pde & VTD_P)) {
		tbl = iommu_alloc_page_node(iommu->node, GFP_KERNEL);
		if (!tbl)
			return -ENOMEM;
		__iommu_flush_cache(iommu, tbl, VTD_PAGE_SIZE);
		*pde = virt_to_phys(tbl) | VTD_P;
		__iommu_flush_cache(iommu, pde, sizeof(*pde));
	}
	pe = (struct pasid_entry *)phys_to_virt(*pde & VTD_PTR) +
	     (pasid % KDUMP_VTD_PE_PER_TABLE);
	/* Not reachable until the SRTP: plain stores, flushed once. */
	pe->val[1] = val[1];
	pe->val[2] = val[2];
	pe->val[0] = val[0];
	__iommu_flush_cache(iommu, pe, sizeof(*pe));
	return 0;
}

static int intel_kdump_replace(struct iommu_kdump_unit *unit,
			       const struct kdump_plan_xl *xl,
			       const struct kdump_stage *own)
{
	struct intel_kdump *kd = iommu_kdump_unit_priv(unit);
	struct intel_iommu *iommu = kd->iommu;
	u8 bus = xl->id.sid >> 8, devfn = xl->id.sid & 0xff;
	struct context_entry *ce;
	u64 raw[2], val[2];

	if (kd->old_sm)
		return intel_kdump_sm_replace(kd, xl, own);
	if (xl->id.pasid != KDUMP_NO_PASID || xl->raw_len != sizeof(raw))
		return -EINVAL;
	memcpy(raw, xl->raw, sizeof(raw));
	if (own && kdump_vtd_context_repoint(&kd->caps, raw, own, val))
		return -EINVAL;
	if (!own)
		memcpy(val, raw, sizeof(val));

	spin_lock(&iommu->lock);
	ce = iommu_context_addr(iommu, bus, devfn, 1);
	if (!ce) {
		spin_unlock(&iommu->lock);
		return -ENOMEM;
	}
	/*
	 * The new root table is not live yet: nothing reads the entry, so
	 * plain stores do; the cache flush makes it visible to a
	 * non-coherent unit once the root table is.
	 */
	ce->hi = val[1];
	ce->lo = val[0];
	__iommu_flush_cache(iommu, ce, sizeof(*ce));
	set_context_copied(iommu, bus, devfn);
	spin_unlock(&iommu->lock);
	return 0;
}

/*
 * Scalable mode: move a copied context entry off its shadow, to the
 * driver's own PASID directory of @dev (NULL: make it non-present), and
 * free the shadow. The caller holds intel_iommu::lock.
 */
static int intel_kdump_sm_switch(struct intel_kdump *kd, struct device *dev,
				 u8 bus, u8 devfn)
{
	struct intel_iommu *iommu = kd->iommu;
	u16 sid = PCI_DEVID(bus, devfn);
	struct context_entry *ce, new;
	struct kdump_writer w;
	u64 old[2], val[2];
	int ret;

	lockdep_assert_held(&iommu->lock);
	if (!context_copied(iommu, bus, devfn))
		return 0;
	/* With alloc 0 the helper hides copied entries; nothing is allocated. */
	ce = iommu_context_addr(iommu, bus, devfn, 1);
	if (!ce)
		return -ENODEV;
	intel_kdump_writer(iommu, &w);
	old[0] = ce->lo;
	old[1] = ce->hi;
	if (dev) {
		context_entry_set_pasid_table(&new, dev);
		val[0] = new.lo;
		val[1] = new.hi;
		ret = kdump_vtd_sm_ctx_switch(&w, ce, old, val, sid);
		if (ret) {
			pr_warn_once("%s: no 128-bit store: a copied scalable-mode context entry cannot be switched without a window; attach refused until reset\n",
				     iommu->name);
			return -EBUSY;
		}
	} else {
		kdump_vtd_sm_ctx_clear(&w, ce, old, sid);
	}
	clear_context_copied(iommu, bus, devfn);
	intel_kdump_shadow_free(xa_erase(&kd->shadows, sid));
	return 0;
}

/* Clear a copied entry the unit may be using, and invalidate. */
static void intel_kdump_clear(struct iommu_kdump_unit *unit,
			      const struct kdump_plan_xl *xl)
{
	struct intel_kdump *kd = iommu_kdump_unit_priv(unit);
	struct intel_iommu *iommu = kd->iommu;
	u8 bus = xl->id.sid >> 8, devfn = xl->id.sid & 0xff;
	struct context_entry *ce;
	struct device_domain_info *info;
	struct kdump_writer w;
	struct device *dev;
	u64 old[2];

	if (kd->old_sm) {
		/* The device was reset: its own directory, or nothing. */

		dev = device_rbtree_find(iommu, xl->id.sid);
		info = dev ? dev_iommu_priv_get(dev) : NULL;
		if (!info || !info->pasid_table)
			dev = NULL;
		spin_lock(&iommu->lock);
		if (intel_kdump_sm_switch(kd, dev, bus, devfn))
			intel_kdump_sm_switch(kd, NULL, bus, devfn);
		spin_unlock(&iommu->lock);
		return;
	}
	intel_kdump_writer(iommu, &w);
	spin_lock(&iommu->lock);
	if (context_copied(iommu, bus, devfn)) {
		ce = iommu_context_addr(iommu, bus, devfn, 1);
		if (ce) {
			old[0] = ce->lo;
			old[1] = ce->hi;
			kdump_vtd_ctx_clear(&w, ce, old, xl->id.sid);
		}
		clear_context_copied(iommu, bus, devfn);
	}
	spin_unlock(&iommu->lock);
}

/* Nothing to write: what is not copied stays non-present. */
static void intel_kdump_block(struct iommu_kdump_unit *unit,
			      const struct kdump_plan_xl *xl)
{
	struct intel_kdump *kd = iommu_kdump_unit_priv(unit);

	if (!kd->old_sm)
		intel_kdump_clear(unit, xl);
}

static const struct iommu_kdump_ops intel_kdump_ops = {
	.describe	= intel_kdump_describe,
	.replace	= intel_kdump_replace,
	.block		= intel_kdump_block,
	.release	= intel_kdump_clear,
};

/* ------------------------------------------------------------------ */
/* Hooks in the driver                                                 */

/**
 * intel_kdump_override_off() - does the handover override an off switch?
 * @no_iommu: iommu=off was given (else intel_iommu=off or the default)
 *
 * Called where intel_iommu_init() would turn every unit off. If a unit is
 * still translating in a kdump kernel with the handover on, turning it off
 * would let old DMA reach any memory: the driver initialises instead.
 *
 * Context: intel_iommu_init(), process context.
 * Return: true if the caller must go on initialising.
 */
bool __init intel_kdump_override_off(bool no_iommu)
{
	struct dmar_drhd_unit *drhd;
	struct intel_iommu *iommu;
	bool any = false;

	if (!iommu_kdump_active())
		return false;
	for_each_iommu(iommu, drhd)
		any |= intel_kdump_pre_enabled(iommu);
	if (!any)
		return false;
	return iommu_kdump_keep_on(no_iommu ? "iommu=off" :
				   "intel_iommu=off (or its default)");
}

/**
 * intel_kdump_follow_mode() - keep the units in the mode they are in
 *
 * RTADDR.TTM cannot change while translation is enabled. A capture kernel
 * that wants the other mode (intel_iommu=sm_on or sm_off, or the other
 * default) could only block every device of a translating unit for good,
 * the disk the dump goes to included. With the handover on, the mode the
 * crashed kernel left its translating units in wins: scalable mode if any
 * of them uses it, else legacy mode if one that could use scalable mode
 * does not. If the units contradict each other (not something a kernel
 * leaves behind), the command line's choice stands and
 * intel_kdump_skip_root() freezes the units that do not match it.
 *
 * Context: init_dmars(), before any unit is set up, process context.
 */
void __init intel_kdump_follow_mode(void)
{
	struct dmar_drhd_unit *drhd;
	struct intel_iommu *iommu;
	bool sm = false, legacy = false;

	if (!iommu_kdump_active())
		return;
	for_each_iommu(iommu, drhd) {
		/* Ignored units count: intel_kdump_unignore() takes them on. */
		if (!intel_kdump_pre_enabled(iommu) ||
		    (drhd->ignored && iommu->agaw < 0))
			continue;
		if (dmar_readq(iommu->reg + DMAR_RTADDR_REG) & DMA_RTADDR_SMT)
			sm = true;
		else if (ecap_smts(iommu->ecap))
			legacy = true;
	}
	/* Nothing translating, or a contradiction. */
	if (sm == legacy || !!intel_iommu_sm == sm)
		return;
	pr_warn("the crashed kernel left its units in %s mode: this kernel uses it too, whatever the command line says\n",
		sm ? "scalable" : "legacy");
	intel_iommu_sm = sm;
}

/**
 * intel_kdump_unignore() - take on a unit this kernel would ignore
 * @iommu: a unit of a DMAR unit marked ignored: no device in its scope,
 *	or graphics only with intel_iommu=igfx_off, or no usable address
 *	width
 *
 * Upstream turns such a unit's translation off. Found translating in a
 * kdump kernel with the handover on, that would let old DMA through
 * untranslated, and leaving it alone would leave its old tables in use
 * unvalidated. It is initialised like every other unit instead, so its
 * old state is validated and adopted, or blocked, entry by entry, and its
 * devices get this kernel's domains. A unit without a usable address width
 * cannot be: it keeps translating with its old tables, with an error.
 *
 * Context: init_dmars(), process context, dmar_global_lock held for
 * writing, before the unit is initialised.
 * Return: true if the unit is no longer ignored and the caller initialises
 * it; false if the caller goes on as for any ignored unit.
 */
bool __init intel_kdump_unignore(struct intel_iommu *iommu)
{
	struct dmar_drhd_unit *drhd = iommu->drhd;

	if (!intel_kdump_keep_enabled(iommu))
		return false;
	if (iommu->agaw < 0) {
		pr_err("%s: ignored (no usable address width) but found translating: left translating with the crashed kernel's tables, not validated\n",
		       iommu->name);
		return false;
	}
	pr_warn("%s: ignored by this kernel (%s) but found translating: initialised so that its old tables are validated; translation stays enabled\n",
		iommu->name, drhd->gfx_dedicated ?
		"graphics only, intel_iommu=igfx_off" : "no device in scope");
	drhd->ignored = 0;
	return true;
}

/**
 * intel_kdump_keep_enabled() - must this unit keep translating?
 * @iommu: a unit found translating, whose tables the upstream code could
 *	not copy, or which the kernel ignores
 *
 * With the handover on, the answer is always yes: instead of turning
 * translation off, every device of the unit is blocked (the new, empty
 * root table is installed as usual), or, for an ignored unit without a
 * usable address width (intel_kdump_unignore()), the old tables stay in
 * place untouched.
 *
 * Context: init_dmars(), process context.
 * Return: true if the caller must not disable translation.
 */
bool __init intel_kdump_keep_enabled(struct intel_iommu *iommu)
{
	return iommu_kdump_active() && intel_kdump_pre_enabled(iommu);
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
 * intel_kdump_frozen() - is the unit running in the old kernel's table mode?
 * @iommu: the unit
 *
 * Context: any context.
 * Return: true if no entry of this kernel's format may ever be written to
 * the unit: intel_iommu_attach_device() refuses every attach.
 */
bool intel_kdump_frozen(struct intel_iommu *iommu)
{
	struct intel_kdump *kd = to_intel_kdump(iommu);

	return kd && kd->frozen;
}

/**
 * intel_kdump_skip_root() - program the root table of a mode-mismatched unit
 * @iommu: the unit
 *
 * RTADDR.TTM (legacy or scalable) may only change while translation is
 * disabled. For a unit whose old mode differs from this kernel's, program
 * the new root table, which is still empty (every entry non-present, in
 * either format), with the old mode, and invalidate the context cache and
 * IOTLB globally: every device faults and translation never stops.
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
 * intel_kdump_adopt() - hand a unit's old tables to the kdump core
 * @iommu: a unit found translating in a kdump kernel; its new, empty root
 *	table is allocated and not yet programmed
 *
 * Context: init_dmars(), process context, may sleep.
 * Return: 0 when the handover took care of the unit (whatever it found);
 * -EOPNOTSUPP when the handover is inactive and the caller should copy the
 * tables the upstream way.
 */
int __init intel_kdump_adopt(struct intel_iommu *iommu)
{
	struct iommu_kdump_unit_desc desc = {
		.name		= iommu->name,
		.ops		= &intel_kdump_ops,
		.noncoherent	= !ecap_coherent(iommu->ecap),
	};
	struct intel_kdump *kd;
	unsigned long flags;
	u64 rtaddr;
	u32 did;

	if (!iommu_kdump_active() || iommu->seq_id < 0 ||
	    iommu->seq_id >= DMAR_UNITS_SUPPORTED)
		return -EOPNOTSUPP;
	rtaddr = dmar_readq(iommu->reg + DMAR_RTADDR_REG);

	/*
	 * Hold fault events from here until intel_kdump_faults_ready(): the
	 * unit would signal them with the crashed kernel's FEDATA/FEADDR, a
	 * vector that means nothing (or something else) in this kernel, and
	 * the lost event would leave PPF set so that no later fault raises
	 * one either. While IM is set the unit only sets FECTL.IP.
	 */
	raw_spin_lock_irqsave(&iommu->register_lock, flags);
	writel(DMA_FECTL_IM, iommu->reg + DMAR_FECTL_REG);
	raw_spin_unlock_irqrestore(&iommu->register_lock, flags);

	kd = kzalloc(sizeof(*kd), GFP_KERNEL | __GFP_NOFAIL);
	xa_init(&kd->shadows);
	kd->iommu = iommu;
	kd->rta = rtaddr & VTD_PAGE_MASK;
	kd->old_sm = rtaddr & DMA_RTADDR_SMT;
	kd->frozen = kd->old_sm != !!sm_supported(iommu);
	kd->caps = (struct kdump_vtd_caps){
		.nr_dids = cap_ndoms(iommu->cap),
		.sagaw = cap_sagaw(iommu->cap),
		.mgaw = cap_mgaw(iommu->cap),
		.haw = intel_kdump_haw(),
		.pt_supported = ecap_pass_through(iommu->ecap),
		.dt_supported = ecap_dev_iotlb_support(iommu->ecap),
		.caching_mode = cap_caching_mode(iommu->cap),
		.sllps = cap_super_page_val(iommu->cap),
		.flts = ecap_flts(iommu->ecap),
		.slts = ecap_slts(iommu->ecap),
		.fl5lp = cap_fl5lp_support(iommu->cap),
		.fl1gp = cap_fl1gp_support(iommu->cap),
		.rps = ecap_rps(iommu->ecap),
		.pasid = ecap_pasid(iommu->ecap),
		.prs = ecap_prs(iommu->ecap),
	};
	if (kd->frozen)
		pr_warn("%s: the old kernel used %s mode, this one %s: every device blocked, translation stays enabled\n",
			iommu->name, kd->old_sm ? "scalable" : "legacy",
			kd->old_sm ? "legacy" : "scalable");
	if (!kd->frozen)
		iommu->copied_tables = bitmap_zalloc(BIT_ULL(16),
						     GFP_KERNEL | __GFP_NOFAIL);
	desc.priv = kd;
	intel_kdump[iommu->seq_id] = kd;
	kd->unit = iommu_kdump_adopt(&desc);

	/* Caches may hold translations tagged with any old domain ID. */
	for (did = 0; did < cap_ndoms(iommu->cap); did++)
		if (iommu_kdump_id_used(kd->unit, KDUMP_TAG_DOMAIN, did))
			set_bit(did, iommu->domain_ids);
	return 0;
}

static int intel_kdump_alias(struct pci_dev *pdev, u16 alias, void *data)
{
	u32 *sids = data;

	if (sids[0] < 8)
		sids[1 + sids[0]++] = alias;
	return 0;
}

/**
 * intel_kdump_probe() - tell the core about a device behind a unit
 * @iommu: its unit
 * @dev: the device
 * @bus: its bus number
 * @devfn: its device and function
 *
 * Context: intel_iommu_probe_device(), process context, may sleep.
 */
void intel_kdump_probe(struct intel_iommu *iommu, struct device *dev, u8 bus,
		       u8 devfn)
{
	struct intel_kdump *kd = to_intel_kdump(iommu);
	u32 sids[1 + 8] = { 0 };

	if (!kd)
		return;
	/* Its requester ID and every DMA alias it may use. */
	if (dev_is_pci(dev))
		pci_for_each_dma_alias(to_pci_dev(dev), intel_kdump_alias, sids);
	if (!sids[0])
		sids[1 + sids[0]++] = PCI_DEVID(bus, devfn);
	iommu_kdump_probe_device(kd->unit, dev, sids + 1, sids[0]);
}

/**
 * intel_kdump_replace_context() - replace a live copied context entry
 * @iommu: the unit
 * @live: the copied entry, present, that the hardware may be using
 * @new: the entry for the capture-kernel domain, fully built
 * @bus: bus number of the device
 * @devfn: device and function
 *
 * See kdump_vtd_ctx_replace(): one 128-bit store, then the context cache,
 * the old domain's IOTLB and the device TLB are invalidated in that order.
 * The core has mapped the device's old mappings into the new domain
 * before, so old DMA translates the same through either entry.
 *
 * Context: domain_context_mapping_one(), iommu->lock held.
 * Return: 0 (@live holds @new and is no longer copied), or -EBUSY if the
 * CPU cannot store 128 bits at once: the attach must fail, the device
 * keeps its old entry until it is reset.
 */
int intel_kdump_replace_context(struct intel_iommu *iommu,
				struct context_entry *live,
				const struct context_entry *new, u8 bus,
				u8 devfn)
{
	u64 old[2] = { live->lo, live->hi };
	u64 val[2] = { new->lo, new->hi };
	struct kdump_writer w;

	lockdep_assert_held(&iommu->lock);
	intel_kdump_writer(iommu, &w);
	if (kdump_vtd_ctx_replace(&w, live, old, val, PCI_DEVID(bus, devfn))) {
		pr_warn_once("%s: no 128-bit store: a copied context entry cannot be replaced without a window; attach refused until reset\n",
			     iommu->name);
		return -EBUSY;
	}
	clear_context_copied(iommu, bus, devfn);
	return 0;
}

/**
 * intel_kdump_sm_attached() - switch a device off its shadow
 * @iommu: the unit, in scalable mode
 * @dev: a device whose PASID entry for requests without a PASID the driver
 *	has just written, in its own PASID table
 *
 * For every requester ID of @dev whose context entry is still the kdump
 * handover's copy, switch it to @dev's own PASID directory in one store
 * (intel_kdump_sm_switch()). The core mapped the device's old mappings
 * into the new domain before the attach, so old DMA translates the same
 * through either directory. A requester ID whose copy was cleared when
 * the device was reset, before it had a directory of its own, gets its
 * context entry now, as device_pasid_table_setup() would have at probe.
 *
 * Context: the PASID entry setup functions of pasid.c, process context,
 * intel_iommu::lock not held.
 * Return: 0, or -EBUSY if a copied entry could not be switched without a
 * window (the attach fails; the device keeps its old entries until reset).
 */
int intel_kdump_sm_attached(struct intel_iommu *iommu, struct device *dev)
{
	struct intel_kdump *kd = to_intel_kdump(iommu);
	struct device_domain_info *info = dev_iommu_priv_get(dev);
	u32 sids[1 + 8] = { 0 };
	struct context_entry *ce;
	int ret = 0;
	u8 bus, devfn;
	u32 i;

	if (!kd || !kd->old_sm || !info || !info->pasid_table)
		return 0;
	if (dev_is_pci(dev))
		pci_for_each_dma_alias(to_pci_dev(dev), intel_kdump_alias, sids);
	if (!sids[0])
		sids[1 + sids[0]++] = PCI_DEVID(info->bus, info->devfn);

	spin_lock(&iommu->lock);
	for (i = 0; i < sids[0] && !ret; i++) {
		bus = PCI_BUS_NUM(sids[1 + i]);
		devfn = sids[1 + i] & 0xff;
		if (context_copied(iommu, bus, devfn)) {
			ret = intel_kdump_sm_switch(kd, dev, bus, devfn);
			continue;
		}
		ce = iommu_context_addr(iommu, bus, devfn, 1);
		if (!ce) {
			ret = -ENOMEM;
			continue;
		}
		if (context_present(ce))
			continue;
		/* Non-present to present: as device_pasid_table_setup(). */
		context_entry_set_pasid_table(ce, dev);
		if (cap_caching_mode(iommu->cap)) {
			iommu->flush.flush_context(iommu, 0, sids[1 + i],
						   DMA_CCMD_MASK_NOBIT,
						   DMA_CCMD_DEVICE_INVL);
			iommu->flush.flush_iotlb(iommu, 0, 0, 0,
						 DMA_TLB_DSI_FLUSH);
		}
	}
	spin_unlock(&iommu->lock);
	return ret;
}

/**
 * intel_kdump_fault() - account a DMA fault
 * @iommu: the unit that recorded it
 * @source_id: requester ID of the faulting request
 * @pasid: its PASID, or %IOMMU_PASID_INVALID for a request without one
 *
 * Context: dmar_fault(), the unit's fault interrupt handler, for every
 * fault record, before its rate limit decides what to print.
 * Return: true if the handover counted it and the caller must stay quiet.
 */
bool intel_kdump_fault(struct intel_iommu *iommu, u16 source_id, u32 pasid)
{
	struct intel_kdump *kd = to_intel_kdump(iommu);

	if (pasid == IOMMU_PASID_INVALID)
		pasid = KDUMP_NO_PASID;
	return kd && iommu_kdump_fault(kd->unit, source_id, pasid);
}

/**
 * intel_kdump_faults_ready() - take the unit's fault events from here on
 * @iommu: a unit whose fault interrupt dmar_set_interrupt() has set up
 *
 * Unmask the fault event that intel_kdump_adopt() held: an event held
 * meanwhile (FECTL.IP) is signalled now, to this kernel's vector. Then
 * read the fault records once directly, as enable_drhd_fault_handling()
 * does: records left from before the adoption had their event sent with
 * the crashed kernel's vector and would otherwise stay pending, and with
 * PPF set the unit raises no event for any later fault.
 *
 * Context: init_dmars(), process context, after dmar_set_interrupt().
 */
void intel_kdump_faults_ready(struct intel_iommu *iommu)
{
	unsigned long flags;

	if (!to_intel_kdump(iommu) || !iommu->irq)
		return;
	raw_spin_lock_irqsave(&iommu->register_lock, flags);
	writel(0, iommu->reg + DMAR_FECTL_REG);
	raw_spin_unlock_irqrestore(&iommu->register_lock, flags);
	dmar_fault(iommu->irq, iommu);
}
