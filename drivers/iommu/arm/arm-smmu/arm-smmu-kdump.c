// SPDX-License-Identifier: GPL-2.0
/*
 * SMMUv1/v2 (arm-smmu, MMU-500) side of the kdump IOMMU handover.
 *
 * Copyright (C) 2026 The kdump-iommu authors
 */

/**
 * DOC: SMMUv2 kdump handover
 *
 * An SMMUv2 keeps its translation state in registers: stream-match
 * entries (SMR and S2CR) and context banks (CBAR, CBA2R, SCTLR, TCR,
 * TTBRs). With ``iommu=accept_active`` a capture kernel that finds one
 * translating (sCR0.CLIENTPD clear) never sets CLIENTPD, not even for the
 * moment the upstream probe does, and hands the registers to the kdump
 * core (kdump_smmuv2_walk() reads them through a callback; the core walks
 * the page tables and judges every stream ID):
 *
 * adopted
 *	the entry and its bank are left exactly as the old kernel wrote
 *	them: arm_smmu_device_reset() skips them, and the driver's
 *	bookkeeping (smrs, s2crs with the handover holding the reference,
 *	context_map) marks them used; banks whose index equals an old ASID
 *	or VMID are reserved too (this driver derives both from the index),
 *	until no kept bank carries that ID.
 *	A bank whose tree the core built anew (mappings cut) gets the new
 *	table in TTBR0 with one 64-bit write, then a TLB invalidation of its
 *	ASID or VMID.
 * confined
 *	a stream the old kernel let bypass (S2CR bypass, or a bank with
 *	SCTLR.M clear) moves onto a free bank of its own that translates
 *	through the core's identity tree of old RAM (capture memory left
 *	out): the bank is programmed, SCTLR last, then one S2CR write.
 * blocked
 *	S2CR type FAULT, one 32-bit write that takes the entry off its bank.
 *	The SMMU faults the stream as an invalid context (sGFSR.ICF, stream
 *	ID in sGFSYNR1; IHI 0062), which the global fault handler counts
 *	through the core. A blocking context bank would need a bank per
 *	entry; the S2CR costs none.
 * inherited
 *	the first master found for a kept entry takes over the handover's
 *	reference (arm_smmu_v2_kdump_take_sme()); a paging domain for it is set
 *	up at allocation, so the core maps the old mappings in before the
 *	attach, whose one S2CR write moves the stream to the new bank after
 *	programming it. The old bank then goes
 *	(arm_smmu_v2_kdump_install_s2cr()). With no bank free (the crashed
 *	kernel used them), the domain waits for one, and the core refuses
 *	its master DMA until the device's reset: the reset frees the old
 *	bank, which the waiting domain gets then, in process context
 *	(arm_smmu_v2_kdump_wait_bank()).
 * released
 *	once every device behind the entry was reset and none attached: the
 *	entry faults (the master's, with no domain yet) or goes with the
 *	handover's reference; the old bank is disabled, invalidated and
 *	freed when no kept entry uses it.
 *
 * Context faults of a kept bank, whose old domain the capture kernel does
 * not have, are counted by arm_smmu_v2_kdump_context_fault().
 *
 * Not handled yet: RMR stream IDs that match a kept entry keep the old
 * translation (and with kept entries, the RMR path may install none).
 */

#define pr_fmt(fmt) "arm-smmu: kdump: " fmt

#include <linux/bitmap.h>
#include <linux/crash_dump.h>
#include <linux/interrupt.h>
#include <linux/iommu-kdump.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/pm_runtime.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <kunit/visibility.h>

#include "arm-smmu.h"
#include "arm-smmu-kdump.h"
#include "../../io-pgtable-arm.h"
#include "../../kdump/core.h"
#include "../../kdump/fmt_lpae.h"
#include "../../kdump/fmt_smmuv2.h"

/*
 * sGFSR: invalid context (an S2CR of type fault) and stream match
 * conflict faults, more than one fault; sGFSYNR1: the stream ID.
 */
#define ARM_SMMU_KDUMP_SGFSR_ICF	BIT(0)
#define ARM_SMMU_KDUMP_SGFSR_SMCF	BIT(2)
#define ARM_SMMU_KDUMP_SGFSR_MULTI	BIT(31)
#define ARM_SMMU_KDUMP_SGFSYNR1_SID	GENMASK(15, 0)

/**
 * struct arm_smmu_kdump - one SMMU's handover
 * @smmu: the SMMU
 * @unit: the core's record of it
 * @caps: its capabilities, from the ID registers
 * @scr0: sCR0 as the old kernel left it
 * @lock: serialises release and the set-up of @waiting domains against
 *	arm_smmu_v2_kdump_forget(), which takes @smmu away; taken before
 *	smmu->stream_map_mutex and arm_smmu_v2_kdump_wait_lock.
 * @state_lock: serialises @kept_sme, @kept_cb, @cb_rsv, @rsv_cb (and the
 *	bits of smmu->context_map it covers), @sme_cb, @sids, clearing
 *	@blocked, and @adopted after probe (release, an attach moving an
 *	entry, a kept bank's fault, forget). Innermost, taken with
 *	interrupts off and never held across anything that sleeps: a
 *	deferred attach takes it from dma_map_*(), in any context. @held is
 *	changed only with atomic bit operations, under stream_map_mutex.
 * @kept_sme: entries still translating as the crashed kernel left them
 *	(adopted or confined): arm_smmu_device_reset() leaves them alone
 * @held: entries the handover holds a reference (s2crs[].count) on,
 *	kept or blocked; the first master found for one takes it over
 * @blocked: entries blocked: never kept again
 * @kept_cb: banks a kept entry translates with
 * @rsv_cb: banks held in smmu->context_map only because a new domain on
 *	them could share TLB tags (ASID or VMID) with the old state
 * @cb_rsv: per kept bank, the bank a new domain must not take while it
 *	is kept (its ASID at stage 1, its VMID - 1 at stage 2), or -1
 * @sme_cb: per kept entry, its bank, or -1
 * @sids: per kept entry, the stream IDs adopted through it not yet
 *	released (the core releases stream IDs, one device at a time)
 * @confine: per kept entry that bypassed, the identity tree to confine it
 *	with (root 0: none)
 * @adopted: the SMMU stays translating with the old state
 * @waiting: paging domains allocated for masters of @smmu while no
 *	context bank was free, oldest first, on &arm_smmu_domain.kdump_wait
 *	(under arm_smmu_v2_kdump_wait_lock)
 * @setup_work: sets @waiting domains up when a bank freed where nothing
 *	may sleep (an attach's S2CR write) or after a domain's end
 */
struct arm_smmu_kdump {
	struct arm_smmu_device *smmu;
	struct iommu_kdump_unit *unit;
	struct kdump_smmuv2_caps caps;
	u32 scr0;
	struct mutex lock;	/* see @lock above */
	spinlock_t state_lock;	/* see @state_lock above */
	unsigned long *kept_sme;
	unsigned long *held;
	unsigned long *blocked;
	unsigned long *kept_cb;
	DECLARE_BITMAP(rsv_cb, ARM_SMMU_MAX_CBS);
	s16 cb_rsv[ARM_SMMU_MAX_CBS];
	s16 *sme_cb;
	u32 *sids;
	struct kdump_stage *confine;
	bool adopted;
	struct list_head waiting;
	struct work_struct setup_work;
};

/*
 * Protects every SMMU's &arm_smmu_kdump.waiting and the domains' places on
 * it, and is held across a waiting domain's set-up: a domain leaves the
 * list under it before it is freed (arm_smmu_v2_kdump_domain_free()).
 * Taken after &arm_smmu_kdump.lock, before a domain's init_mutex.
 */
static DEFINE_MUTEX(arm_smmu_v2_kdump_wait_lock);

/* The tag of @space in @x, or -1. */
static int arm_smmu_v2_kdump_tag(const struct kdump_xlate *x, unsigned int space)
{
	unsigned int i;

	for (i = 0; i < x->nr_tags; i++)
		if (x->tag[i].space == space)
			return x->tag[i].id;
	return -1;
}

/* Entry @i's SMR, live, into the driver's bookkeeping. */
static void arm_smmu_v2_kdump_own_smr(struct arm_smmu_kdump *kd, int i)
{
	struct arm_smmu_device *smmu = kd->smmu;
	u32 smr;

	if (!smmu->smrs)
		return;
	smr = arm_smmu_gr0_read(smmu, ARM_SMMU_GR0_SMR(i));
	smmu->smrs[i].id = FIELD_GET(ARM_SMMU_SMR_ID, smr);
	smmu->smrs[i].mask = FIELD_GET(ARM_SMMU_SMR_MASK, smr);
	if (!(smmu->features & ARM_SMMU_FEAT_EXIDS)) {
		/* 15-bit ID and mask; bit 31 is the valid bit. */
		smmu->smrs[i].id &= 0x7fff;
		smmu->smrs[i].mask &= 0x7fff;
	}
	smmu->smrs[i].valid = true;
}

static u64 arm_smmu_v2_kdump_read(void *ctx, enum kdump_smmuv2_reg reg, u32 idx)
{
	struct arm_smmu_device *smmu = ctx;

	switch (reg) {
	case KDUMP_SMMUV2_SMR:
		return arm_smmu_gr0_read(smmu, ARM_SMMU_GR0_SMR(idx));
	case KDUMP_SMMUV2_S2CR:
		return arm_smmu_gr0_read(smmu, ARM_SMMU_GR0_S2CR(idx));
	case KDUMP_SMMUV2_CBAR:
		return arm_smmu_gr1_read(smmu, ARM_SMMU_GR1_CBAR(idx));
	case KDUMP_SMMUV2_CBA2R:
		return arm_smmu_gr1_read(smmu, ARM_SMMU_GR1_CBA2R(idx));
	case KDUMP_SMMUV2_SCTLR:
		return arm_smmu_cb_read(smmu, idx, ARM_SMMU_CB_SCTLR);
	case KDUMP_SMMUV2_TCR:
		return arm_smmu_cb_read(smmu, idx, ARM_SMMU_CB_TCR);
	case KDUMP_SMMUV2_TCR2:
		return arm_smmu_cb_read(smmu, idx, ARM_SMMU_CB_TCR2);
	case KDUMP_SMMUV2_TTBR0:
		return arm_smmu_cb_readq(smmu, idx, ARM_SMMU_CB_TTBR0);
	}
	return 0;
}

static int arm_smmu_v2_kdump_describe(struct iommu_kdump_unit *unit,
				      struct kdump_plan *plan)
{
	struct arm_smmu_kdump *kd = iommu_kdump_unit_priv(unit);
	struct kdump_smmuv2_regs regs = {
		.read = arm_smmu_v2_kdump_read,
		.ctx = kd->smmu,
	};
	struct kdump_smmuv2_stats st = {};
	struct kdump_sink sink;
	enum kdump_bad why;

	kdump_plan_sink(plan, &sink);
	why = kdump_smmuv2_walk(&regs, &kd->caps, kd->scr0, &sink, &st);
	if (why)
		kdump_plan_unit_bad(plan, why);
	pr_info("%s: sCR0 %#x: %u stream-match entries (%u blocked), %u stream IDs: %s\n",
		dev_name(kd->smmu->dev), kd->scr0, st.smes, st.smes_blocked,
		st.sids, kdump_bad_str(why));
	return 0;
}

/*
 * The ID bank @cb tags its TLB entries with, as the decoder reads it: the
 * VMID of a stage 2 bank (*@s2 set), else the ASID.
 */
static u32 arm_smmu_v2_kdump_bank_id(struct arm_smmu_device *smmu, int cb,
				     bool *s2)
{
	u32 cbar = arm_smmu_gr1_read(smmu, ARM_SMMU_GR1_CBAR(cb));
	u32 id;

	*s2 = FIELD_GET(ARM_SMMU_CBAR_TYPE, cbar) == CBAR_TYPE_S2_TRANS;
	if (*s2) {
		if (smmu->features & ARM_SMMU_FEAT_VMID16)
			return FIELD_GET(ARM_SMMU_CBA2R_VMID16,
					 arm_smmu_gr1_read(smmu,
							   ARM_SMMU_GR1_CBA2R(cb)));
		return FIELD_GET(ARM_SMMU_CBAR_VMID, cbar);
	}
	id = FIELD_GET(ARM_SMMU_TTBRn_ASID,
		       arm_smmu_cb_readq(smmu, cb, ARM_SMMU_CB_TTBR0));
	/* 8-bit ASIDs (TCR2.AS clear) ignore TTBR0[63:56]. */
	if (!(arm_smmu_cb_read(smmu, cb, ARM_SMMU_CB_TCR2) & ARM_SMMU_TCR2_AS))
		id &= 0xff;
	return id;
}

/* TLB invalidation of bank @cb's old ASID or VMID, then a sync. */
static void arm_smmu_v2_kdump_tlbi(struct arm_smmu_kdump *kd, int cb)
{
	struct arm_smmu_device *smmu = kd->smmu;
	bool s2;
	u32 id = arm_smmu_v2_kdump_bank_id(smmu, cb, &s2);

	if (s2) {
		arm_smmu_gr0_write(smmu, ARM_SMMU_GR0_TLBIVMID, id);
		arm_smmu_v2_kdump_sync_global(smmu);
	} else {
		arm_smmu_cb_write(smmu, cb, ARM_SMMU_CB_S1_TLBIASID, id);
		arm_smmu_v2_kdump_sync_context(smmu, cb);
	}
}

/*
 * The bank a new domain must not take while bank @cb is kept: this driver
 * gives a new bank i ASID i at stage 1 and VMID i + 1 at stage 2
 * (arm_smmu_init_domain_context()), and a stage 1 bank VMID 0, as the
 * crashed kernel's did: a kept stage 1 bank's CBAR VMID is not compared.
 */
static int arm_smmu_v2_kdump_rsv_of(struct arm_smmu_device *smmu, int cb)
{
	bool s2;
	u32 id = arm_smmu_v2_kdump_bank_id(smmu, cb, &s2);

	if (s2)
		return id >= 1 && id <= smmu->num_context_banks ? id - 1 : -1;
	return id < smmu->num_context_banks ? id : -1;
}

/* Does a kept bank still carry the ID a new domain on bank @i would? */
static bool arm_smmu_v2_kdump_tag_live(struct arm_smmu_kdump *kd, int i)
{
	int k;

	for_each_set_bit(k, kd->kept_cb, kd->smmu->num_context_banks)
		if (kd->cb_rsv[k] == i)
			return true;
	return false;
}

static int arm_smmu_v2_kdump_replace(struct iommu_kdump_unit *unit,
				     const struct kdump_plan_xl *xl,
				     const struct kdump_stage *own)
{
	struct arm_smmu_kdump *kd = iommu_kdump_unit_priv(unit);
	struct arm_smmu_device *smmu = kd->smmu;
	int sme = arm_smmu_v2_kdump_tag(&xl->x, KDUMP_TAG_SME);
	int cb = arm_smmu_v2_kdump_tag(&xl->x, KDUMP_TAG_CB);
	u64 ttbr;

	if (sme < 0 || sme >= smmu->num_mapping_groups)
		return -EINVAL;
	/* Another stream ID of the entry was blocked: so is this one. */
	if (test_bit(sme, kd->blocked))
		return -EBUSY;
	if (xl->x.kind == KDUMP_XLATE_BYPASS) {
		/* Confined: arm_smmu_v2_kdump_claim() gives it a bank. */
		if (!own || own->fmt != &kdump_fmt_lpae_s1 ||
		    smmu->version < ARM_SMMU_V2)
			return -EOPNOTSUPP;
		kd->confine[sme] = *own;
		set_bit(sme, kd->kept_sme);
		kd->sme_cb[sme] = -1;
		kd->sids[sme]++;
		return 0;
	}
	if (cb >= smmu->num_context_banks)
		return -EINVAL;
	if (own && cb >= 0) {
		/*
		 * A tree the core built: one 64-bit write (the ASID kept in
		 * a stage 1 TTBR), then every translation of the old tree
		 * goes. Several stream IDs share the bank: idempotent.
		 */
		ttbr = arm_smmu_cb_readq(smmu, cb, ARM_SMMU_CB_TTBR0);
		ttbr = (ttbr & ARM_SMMU_TTBRn_ASID) |
		       (own->root & ~ARM_SMMU_TTBRn_ASID);
		arm_smmu_cb_writeq(smmu, cb, ARM_SMMU_CB_TTBR0, ttbr);
		arm_smmu_v2_kdump_tlbi(kd, cb);
	}
	set_bit(sme, kd->kept_sme);
	kd->sme_cb[sme] = cb;
	kd->sids[sme]++;
	return 0;
}

static void arm_smmu_v2_kdump_block(struct iommu_kdump_unit *unit,
				    const struct kdump_plan_xl *xl)
{
	struct arm_smmu_kdump *kd = iommu_kdump_unit_priv(unit);
	struct arm_smmu_device *smmu = kd->smmu;
	int sme = arm_smmu_v2_kdump_tag(&xl->x, KDUMP_TAG_SME);

	if (sme < 0 || sme >= smmu->num_mapping_groups)
		return;
	/*
	 * The entry may have been kept for another of its stream IDs: one
	 * entry serves them all, so one bad stream ID blocks the entry.
	 */
	set_bit(sme, kd->blocked);
	set_bit(sme, kd->held);
	clear_bit(sme, kd->kept_sme);
	kd->sme_cb[sme] = -1;
	kd->sids[sme] = 0;
	kd->confine[sme].root = 0;
	/*
	 * The SMR stays valid, in the bookkeeping too (so the reset writes
	 * it again as it is and no master takes it): the stream matches
	 * and faults, counted.
	 */
	arm_smmu_v2_kdump_own_smr(kd, sme);
	smmu->s2crs[sme].type = S2CR_TYPE_FAULT;
	smmu->s2crs[sme].cbndx = 0;
	smmu->s2crs[sme].privcfg = S2CR_PRIVCFG_DEFAULT;
	smmu->s2crs[sme].count = 1;
	arm_smmu_v2_kdump_write_s2cr(smmu, sme);
}

/*
 * Free every bank reserved for an old ID no kept bank carries any more.
 * Only kept banks can refill the TLB with old entries: every other old
 * bank is unreachable (its entries fault, or the probe's reset took them).
 * Before that reset their stale entries are still there: invalidate
 * everything once before any reserved bank goes (kept banks refill).
 */
static void arm_smmu_v2_kdump_sweep_rsv(struct arm_smmu_kdump *kd)
{
	struct arm_smmu_device *smmu = kd->smmu;
	bool tlbi_all = false;
	int i;

	lockdep_assert_held(&kd->state_lock);
	for_each_set_bit(i, kd->rsv_cb, smmu->num_context_banks) {
		if (test_bit(i, kd->kept_cb) ||
		    arm_smmu_v2_kdump_tag_live(kd, i))
			continue;
		if (!tlbi_all) {
			arm_smmu_gr0_write(smmu, ARM_SMMU_GR0_TLBIALLNSNH, 0);
			arm_smmu_v2_kdump_sync_global(smmu);
			tlbi_all = true;
		}
		clear_bit(i, kd->rsv_cb);
		clear_bit(i, smmu->context_map);
	}
}

/* Bank @cb is used by no kept entry any more: disable and free it. */
static void arm_smmu_v2_kdump_put_cb(struct arm_smmu_kdump *kd, int cb)
{
	struct arm_smmu_device *smmu = kd->smmu;
	int i;

	lockdep_assert_held(&kd->state_lock);
	/*
	 * Only kept entries can translate with an old bank: new domains
	 * never get one (context_map).
	 */
	for_each_set_bit(i, kd->kept_sme, smmu->num_mapping_groups)
		if (kd->sme_cb[i] == cb)
			return;
	arm_smmu_cb_write(smmu, cb, ARM_SMMU_CB_SCTLR, 0);
	arm_smmu_v2_kdump_tlbi(kd, cb);
	/* A confining bank's configuration is the handover's: gone too. */
	smmu->cbs[cb].cfg = NULL;
	clear_bit(cb, kd->kept_cb);
	/* Free it, with the reservations no kept bank needs any more. */
	set_bit(cb, kd->rsv_cb);
	arm_smmu_v2_kdump_sweep_rsv(kd);
}

/*
 * Set up the domains waiting for a bank while banks are free, oldest
 * first, and with @sme >= 0 (its release) first the domain allocated for
 * that entry's master: a device's reset frees its old bank for its own
 * domain, which its first mapping after the reset needs (another
 * domain's master may never be reset, or have no driver). Each gets the
 * whole set-up it would get at allocation, so its master's attach,
 * deferred to the first dma_map_*(), takes no lock.
 */
static void arm_smmu_v2_kdump_setup_waiting(struct arm_smmu_kdump *kd,
					    int sme)
{
	struct arm_smmu_domain *d, *next;
	int ret, pass;

	lockdep_assert_held(&kd->lock);
	if (!kd->smmu)
		return;
	mutex_lock(&arm_smmu_v2_kdump_wait_lock);
	for (pass = sme >= 0 ? 0 : 1; pass < 2; pass++) {
		list_for_each_entry_safe(d, next, &kd->waiting, kdump_wait) {
			if (!pass && d->kdump_wait_sme != sme)
				continue;
			ret = arm_smmu_v2_kdump_setup_domain(d, kd->smmu);
			if (ret == -ENOSPC)
				goto out_unlock;
			if (ret)
				pr_warn("%s: a domain that waited for a context bank was not set up (%d): at its first attach\n",
					dev_name(kd->smmu->dev), ret);
			else if (READ_ONCE(d->kdump_early))
				pr_info("%s: a domain that waited for a context bank got bank %u\n",
					dev_name(kd->smmu->dev), d->cfg.cbndx);
			list_del_init(&d->kdump_wait);
		}
	}
out_unlock:
	mutex_unlock(&arm_smmu_v2_kdump_wait_lock);
}

static void arm_smmu_v2_kdump_setup_work(struct work_struct *work)
{
	struct arm_smmu_kdump *kd = container_of(work, struct arm_smmu_kdump,
						 setup_work);

	mutex_lock(&kd->lock);
	arm_smmu_v2_kdump_setup_waiting(kd, -1);
	mutex_unlock(&kd->lock);
}

#if IS_ENABLED(CONFIG_KUNIT)
/* KUnit: wait for a set-up of waiting domains the work was asked for. */
void arm_smmu_v2_kdump_flush(struct arm_smmu_device *smmu)
{
	struct arm_smmu_kdump *kd = READ_ONCE(smmu->kdump);

	if (kd)
		flush_work(&kd->setup_work);
}
#endif

/**
 * arm_smmu_v2_kdump_wait_bank() - a new domain waits for a context bank
 * @smmu: the SMMU of the master it was allocated for, handed to the core
 * @smmu_domain: the domain, not set up: no bank was free
 * @sme: the master's (first) stream-match entry
 *
 * It is set up when a bank frees: at the release of the master's entry
 * (the reset the core waits for before it lets a master with old DMA
 * attach it), or from a work item after an attach or a domain's end freed
 * one (arm_smmu_v2_kdump_setup_waiting()). Its attach is refused while
 * the master's entry is still kept (arm_smmu_v2_kdump_refuse_attach());
 * otherwise, still waiting, it is set up at its attach, as upstream,
 * which may sleep.
 *
 * Context: process context (arm_smmu_domain_alloc_paging()); the caller
 * has filled in what the IOMMU core would fill in after it returns
 * (pgsize_bitmap): a set-up may start as soon as it is on the list.
 */
void arm_smmu_v2_kdump_wait_bank(struct arm_smmu_device *smmu,
				 struct arm_smmu_domain *smmu_domain, int sme)
{
	struct arm_smmu_kdump *kd = READ_ONCE(smmu->kdump);

	/* Forgotten meanwhile: set up at its first attach. */
	if (!kd || sme < 0 || sme >= smmu->num_mapping_groups)
		return;
	/*
	 * Set before the domain is seen, never changed: a domain that never
	 * waited is freed without the lock.
	 */
	smmu_domain->kdump_wait_sme = sme;
	mutex_lock(&arm_smmu_v2_kdump_wait_lock);
	list_add_tail(&smmu_domain->kdump_wait, &kd->waiting);
	mutex_unlock(&arm_smmu_v2_kdump_wait_lock);
	/*
	 * No work is asked for here: it could set the domain up while the
	 * IOMMU core still fills it in (pgsize_bitmap). A bank freed since
	 * the allocation tried goes to it at the next bank freed.
	 */
}

/**
 * arm_smmu_v2_kdump_refuse_attach() - refuse a waiting domain's attach?
 * @smmu_domain: the domain about to be attached
 * @smmu: the master's SMMU
 *
 * A domain still waiting for a bank would be set up by the attach, which
 * sleeps, and the attach may be the deferred one, from dma_map_*() in
 * atomic context: the core lets it through before the device's reset when
 * the old tree kept no mapping to map into the domain first. While the
 * master's old entry is still kept, its old DMA goes on through it, and
 * the reset's release gives the domain a bank: refuse until then.
 *
 * Context: any context; takes no lock.
 * Return: true if the attach must fail with -EBUSY.
 */
bool arm_smmu_v2_kdump_refuse_attach(struct arm_smmu_domain *smmu_domain,
				     struct arm_smmu_device *smmu)
{
	int sme = smmu_domain->kdump_wait_sme;

	/* Pairs with arm_smmu_v2_kdump_setup_domain(): set up, not waiting. */
	return sme >= 0 && !smp_load_acquire(&smmu_domain->kdump_early) &&
	       arm_smmu_v2_kdump_kept_sme(smmu, sme);
}

/**
 * arm_smmu_v2_kdump_domain_free() - a domain is about to be freed
 * @smmu_domain: the domain
 *
 * Takes a domain that waited for a bank off the list; a set-up already
 * under way finishes first.
 *
 * Context: process context (arm_smmu_domain_free()).
 */
void arm_smmu_v2_kdump_domain_free(struct arm_smmu_domain *smmu_domain)
{
	if (smmu_domain->kdump_wait_sme < 0)
		return;
	mutex_lock(&arm_smmu_v2_kdump_wait_lock);
	list_del_init(&smmu_domain->kdump_wait);
	mutex_unlock(&arm_smmu_v2_kdump_wait_lock);
}

/**
 * arm_smmu_v2_kdump_bank_freed() - a domain's context bank was freed
 * @smmu: the SMMU the domain was set up on, or NULL (none)
 *
 * A domain waiting for a bank may take it: asks the work for its set-up.
 *
 * Context: process context (arm_smmu_domain_free()).
 */
void arm_smmu_v2_kdump_bank_freed(struct arm_smmu_device *smmu)
{
	struct arm_smmu_kdump *kd = smmu ? READ_ONCE(smmu->kdump) : NULL;

	if (kd)
		schedule_work(&kd->setup_work);
}

static void arm_smmu_v2_kdump_release(struct iommu_kdump_unit *unit,
				      const struct kdump_plan_xl *xl)
{
	struct arm_smmu_kdump *kd = iommu_kdump_unit_priv(unit);
	int sme = arm_smmu_v2_kdump_tag(&xl->x, KDUMP_TAG_SME), cb;
	struct arm_smmu_device *smmu;
	unsigned long flags;

	mutex_lock(&kd->lock);
	smmu = kd->smmu;
	if (!smmu || sme < 0 || sme >= smmu->num_mapping_groups) {
		mutex_unlock(&kd->lock);
		return;
	}
	mutex_lock(&smmu->stream_map_mutex);
	spin_lock_irqsave(&kd->state_lock, flags);
	/*
	 * Still on the old entry: an attach moving it clears kept_sme under
	 * this lock (arm_smmu_v2_kdump_install_s2cr()).
	 */
	if (!test_bit(sme, kd->kept_sme) || --kd->sids[sme])
		goto out_unlock;
	clear_bit(sme, kd->kept_sme);
	cb = kd->sme_cb[sme];
	kd->sme_cb[sme] = -1;
	/*
	 * Every device behind the entry was reset. Unheld (a master has
	 * taken it over but not attached yet): the master's entry, as a
	 * master's with no domain: fault (bypass with disable_bypass off).
	 * Held: the handover's reference goes, and with it the entry.
	 */
	if (test_and_clear_bit(sme, kd->held))
		arm_smmu_v2_kdump_free_sme(smmu, sme);
	else
		arm_smmu_v2_kdump_reset_s2cr(smmu, sme);
	if (cb >= 0)
		arm_smmu_v2_kdump_put_cb(kd, cb);
out_unlock:
	spin_unlock_irqrestore(&kd->state_lock, flags);
	mutex_unlock(&smmu->stream_map_mutex);
	/*
	 * Before the reset is reported done (the core refuses the master's
	 * attach until then): its first mapping may make its deferred attach
	 * in atomic context right after. Its own domain first.
	 */
	arm_smmu_v2_kdump_setup_waiting(kd, sme);
	mutex_unlock(&kd->lock);
}

/**
 * arm_smmu_v2_kdump_take_sme() - a master was given an entry
 * @smmu: the SMMU
 * @idx: the entry, found for the master's stream ID and mask
 *
 * The first master of an entry the handover holds takes over the
 * handover's reference instead of adding one: when the master goes, the
 * entry goes (arm_smmu_master_free_smes()).
 *
 * Context: arm_smmu_master_alloc_smes(), smmu->stream_map_mutex held
 * (which orders it against release; @held is changed with atomic bit
 * operations only, so kd->state_lock is not needed).
 * Return: true if the caller must not count its own reference.
 */
bool arm_smmu_v2_kdump_take_sme(struct arm_smmu_device *smmu, int idx)
{
	lockdep_assert_held(&smmu->stream_map_mutex);
	return arm_smmu_v2_kdump_adopted(smmu) &&
	       test_and_clear_bit(idx, smmu->kdump->held);
}

/**
 * arm_smmu_v2_kdump_put_sme() - a master drops its reference on an entry
 * @smmu: the SMMU
 * @idx: the entry
 *
 * A master that goes before its device was reset and before any attach
 * (a failed probe, a released device) must not take the old entry with
 * it: the device may still be doing DMA through it. Its last reference
 * goes back to the handover.
 *
 * Context: smmu->stream_map_mutex held.
 * Return: true if the caller must neither drop the reference nor write
 * the entry.
 */
bool arm_smmu_v2_kdump_put_sme(struct arm_smmu_device *smmu, int idx)
{
	struct arm_smmu_kdump *kd = smmu->kdump;

	lockdep_assert_held(&smmu->stream_map_mutex);
	if (!arm_smmu_v2_kdump_adopted(smmu) ||
	    smmu->s2crs[idx].count != 1 ||
	    !(test_bit(idx, kd->kept_sme) || test_bit(idx, kd->blocked)))
		return false;
	set_bit(idx, kd->held);
	return true;
}

/**
 * arm_smmu_v2_kdump_install_s2cr() - point an entry's S2CR somewhere new
 * @smmu: the SMMU
 * @idx: the entry
 * @type: its new type
 * @cbndx: its new bank
 *
 * On an SMMU keeping old state, arm_smmu_master_install_s2crs()'s write,
 * made here under kd->state_lock so that a release of the same entry
 * (another device behind it reset meanwhile) sees it whole. A kept entry
 * is kept no more: its old bank is freed once no kept entry translates
 * with it, and with it the banks reserved for old IDs no kept bank
 * carries any more.
 *
 * Context: any context: the deferred attach of a master with old DMA may
 * come from dma_map_*() with interrupts off. Takes kd->state_lock,
 * nothing that sleeps.
 * Return: true if written here; false: the caller writes it as upstream.
 */
bool arm_smmu_v2_kdump_install_s2cr(struct arm_smmu_device *smmu, int idx,
				    enum arm_smmu_s2cr_type type, u8 cbndx)
{
	/*
	 * Pairs with the WRITE_ONCE() in arm_smmu_v2_kdump_forget(); @kd
	 * outlives the SMMU, and kd->adopted, read under the lock, decides.
	 */
	struct arm_smmu_kdump *kd = READ_ONCE(smmu->kdump);
	unsigned long flags;
	int cb;

	if (!kd)
		return false;
	spin_lock_irqsave(&kd->state_lock, flags);
	if (!kd->adopted) {
		spin_unlock_irqrestore(&kd->state_lock, flags);
		return false;
	}
	smmu->s2crs[idx].type = type;
	smmu->s2crs[idx].privcfg = S2CR_PRIVCFG_DEFAULT;
	smmu->s2crs[idx].cbndx = cbndx;
	arm_smmu_v2_kdump_write_s2cr(smmu, idx);
	/* The master's now, after its device's reset: not blocked. */
	clear_bit(idx, kd->blocked);
	if (test_and_clear_bit(idx, kd->kept_sme)) {
		cb = kd->sme_cb[idx];
		kd->sme_cb[idx] = -1;
		kd->sids[idx] = 0;
		/* A waiting domain gets the bank in process context. */
		if (cb >= 0) {
			arm_smmu_v2_kdump_put_cb(kd, cb);
			schedule_work(&kd->setup_work);
		}
	}
	spin_unlock_irqrestore(&kd->state_lock, flags);
	return true;
}

static const struct iommu_kdump_ops arm_smmu_v2_kdump_ops = {
	.describe	= arm_smmu_v2_kdump_describe,
	.replace	= arm_smmu_v2_kdump_replace,
	.block		= arm_smmu_v2_kdump_block,
	.release	= arm_smmu_v2_kdump_release,
};

/**
 * arm_smmu_v2_kdump_context_fault() - a context fault of a kept bank
 * @irq: the bank's interrupt
 * @arg: the handover (&struct arm_smmu_kdump)
 *
 * A kept bank's old domain is not the capture kernel's: its faults are
 * old DMA, counted (and printed, rate-limited) by the core.
 *
 * Context: hard interrupt.
 * Return: IRQ_HANDLED if a kept bank had a fault recorded.
 */
VISIBLE_IF_KUNIT irqreturn_t arm_smmu_v2_kdump_context_fault(int irq, void *arg)
{
	struct arm_smmu_kdump *kd = arg;
	struct arm_smmu_device *smmu;
	irqreturn_t ret = IRQ_NONE;
	unsigned long flags;
	int cb;

	/* A bank freed meanwhile may be a new domain's: its faults are not. */
	spin_lock_irqsave(&kd->state_lock, flags);
	smmu = kd->smmu;
	if (!smmu)
		goto out_unlock;
	for_each_set_bit(cb, kd->kept_cb, smmu->num_context_banks) {
		u32 fsr = arm_smmu_cb_read(smmu, cb, ARM_SMMU_CB_FSR);
		u32 sid;

		if (!(fsr & ARM_SMMU_CB_FSR_FAULT))
			continue;
		sid = FIELD_GET(ARM_SMMU_CBFRSYNRA_SID,
				arm_smmu_gr1_read(smmu,
						  ARM_SMMU_GR1_CBFRSYNRA(cb)));
		if (!iommu_kdump_fault(kd->unit, sid, KDUMP_NO_PASID))
			dev_err_ratelimited(smmu->dev,
					    "kept context bank %d fault, FSR %#x, stream %#x\n",
					    cb, fsr, sid);
		arm_smmu_cb_write(smmu, cb, ARM_SMMU_CB_FSR, fsr);
		ret = IRQ_HANDLED;
	}
out_unlock:
	spin_unlock_irqrestore(&kd->state_lock, flags);
	return ret;
}

/* TCR2.PASIZE (the LPAE IPS encoding) for @bits of output. */
static int arm_smmu_v2_kdump_pasize(unsigned int bits)
{
	switch (bits) {
	case 32: return ARM_LPAE_TCR_PS_32_BIT;
	case 36: return ARM_LPAE_TCR_PS_36_BIT;
	case 40: return ARM_LPAE_TCR_PS_40_BIT;
	case 42: return ARM_LPAE_TCR_PS_42_BIT;
	case 44: return ARM_LPAE_TCR_PS_44_BIT;
	case 48: return ARM_LPAE_TCR_PS_48_BIT;
	}
	return -1;
}

/*
 * What io-pgtable-arm programs into MAIR: the core's leaves use its
 * cacheable index (AttrIndx 1, write-back read/write-allocate).
 */
#define ARM_SMMU_KDUMP_MAIR	(0x44ULL | 0xffULL << 8 | 0x04ULL << 16 | \
				 0xf4ULL << 24)

/*
 * Entry @sme bypassed: give it a free bank that translates through the
 * core's identity tree, programmed (SCTLR last, by the driver's own
 * writer) before one S2CR write moves the stream onto it. Old RAM keeps
 * its addresses; capture memory and everything else faults.
 */
static bool arm_smmu_v2_kdump_confine(struct arm_smmu_kdump *kd, int sme)
{
	const struct kdump_stage *c = &kd->confine[sme];
	struct arm_smmu_device *smmu = kd->smmu;
	int pasize = arm_smmu_v2_kdump_pasize(c->oa_bits), idx;
	struct arm_smmu_cfg *cfg;
	struct arm_smmu_cb *cb;
	u32 tg;

	if (c->granule_shift == 12)
		tg = ARM_LPAE_TCR_TG0_4K;
	else if (c->granule_shift == 14)
		tg = ARM_LPAE_TCR_TG0_16K;
	else
		tg = ARM_LPAE_TCR_TG0_64K;
	idx = find_first_zero_bit(smmu->context_map, smmu->num_context_banks);
	if (pasize < 0 || idx >= smmu->num_context_banks)
		return false;
	cfg = devm_kzalloc(smmu->dev, sizeof(*cfg), GFP_KERNEL);
	if (!cfg)
		return false;
	cfg->cbndx = idx;
	cfg->asid = idx;
	cfg->irptndx = idx;
	cfg->cbar = CBAR_TYPE_S1_TRANS_S2_BYPASS;
	cfg->fmt = ARM_SMMU_CTX_FMT_AARCH64;
	cb = &smmu->cbs[idx];
	cb->cfg = cfg;
	cb->tcr[0] = FIELD_PREP(ARM_SMMU_TCR_TG0, tg) |
		     FIELD_PREP(ARM_SMMU_TCR_SH0, ARM_LPAE_TCR_SH_IS) |
		     FIELD_PREP(ARM_SMMU_TCR_ORGN0, ARM_LPAE_TCR_RGN_WBWA) |
		     FIELD_PREP(ARM_SMMU_TCR_IRGN0, ARM_LPAE_TCR_RGN_WBWA) |
		     FIELD_PREP(ARM_SMMU_TCR_T0SZ, 64 - c->ia_bits) |
		     ARM_SMMU_TCR_EPD1;
	cb->tcr[1] = FIELD_PREP(ARM_SMMU_TCR2_PASIZE, pasize) |
		     FIELD_PREP(ARM_SMMU_TCR2_SEP, ARM_SMMU_TCR2_SEP_UPSTREAM) |
		     ARM_SMMU_TCR2_AS;
	cb->ttbr[0] = c->root | FIELD_PREP(ARM_SMMU_TTBRn_ASID, idx);
	cb->ttbr[1] = FIELD_PREP(ARM_SMMU_TTBRn_ASID, idx);
	cb->mair[0] = lower_32_bits(ARM_SMMU_KDUMP_MAIR);
	cb->mair[1] = upper_32_bits(ARM_SMMU_KDUMP_MAIR);
	set_bit(idx, smmu->context_map);
	set_bit(idx, kd->kept_cb);
	/* No stream uses the bank yet: SCTLR.M is written last. */
	arm_smmu_write_context_bank(smmu, idx);
	arm_smmu_v2_kdump_tlbi(kd, idx);
	smmu->s2crs[sme].type = S2CR_TYPE_TRANS;
	smmu->s2crs[sme].cbndx = idx;
	smmu->s2crs[sme].privcfg = S2CR_PRIVCFG_DEFAULT;
	arm_smmu_v2_kdump_write_s2cr(smmu, sme);
	kd->sme_cb[sme] = idx;
	return true;
}

static void arm_smmu_v2_kdump_free(struct arm_smmu_kdump *kd)
{
	bitmap_free(kd->kept_sme);
	bitmap_free(kd->held);
	bitmap_free(kd->blocked);
	bitmap_free(kd->kept_cb);
	kfree(kd->sme_cb);
	kfree(kd->sids);
	kfree(kd->confine);
	kfree(kd);
}

/*
 * The SMMU's probe failed, or it was unbound: the core keeps the unit and
 * may still call its operations, which then do nothing.
 */
static void arm_smmu_v2_kdump_forget(void *arg)
{
	struct arm_smmu_kdump *kd = arg;
	unsigned long flags;

	/* Taken again later, it finds no SMMU and does nothing. */
	cancel_work_sync(&kd->setup_work);
	mutex_lock(&kd->lock);
	/* The reference init took: a probe that is tried again takes one. */
	pm_runtime_put_noidle(kd->smmu->dev);
	spin_lock_irqsave(&kd->state_lock, flags);
	WRITE_ONCE(kd->smmu->kdump, NULL);
	kd->smmu = NULL;
	WRITE_ONCE(kd->adopted, false);
	spin_unlock_irqrestore(&kd->state_lock, flags);
	mutex_unlock(&kd->lock);
}

/* Record the kept entries in the driver's allocators. */
static void arm_smmu_v2_kdump_claim(struct arm_smmu_kdump *kd)
{
	struct arm_smmu_device *smmu = kd->smmu;
	unsigned long flags;
	unsigned int n = 0;
	int i;

	for_each_set_bit(i, kd->kept_sme, smmu->num_mapping_groups) {
		u32 s2cr = arm_smmu_gr0_read(smmu, ARM_SMMU_GR0_S2CR(i));

		arm_smmu_v2_kdump_own_smr(kd, i);
		smmu->s2crs[i].type = FIELD_GET(ARM_SMMU_S2CR_TYPE, s2cr);
		smmu->s2crs[i].cbndx = FIELD_GET(ARM_SMMU_S2CR_CBNDX, s2cr);
		smmu->s2crs[i].privcfg = FIELD_GET(ARM_SMMU_S2CR_PRIVCFG, s2cr);
		smmu->s2crs[i].count = 1;
		set_bit(i, kd->held);
		n++;
	}
	/*
	 * This driver derives a bank's ASID (stage 1) and VMID (stage 2,
	 * minus one) from its index: a bank whose IDs an old entry used,
	 * kept or not, is not given to a new domain either, so no TLB
	 * entry of the old state can match a new domain's.
	 */
	for (i = 0; i < smmu->num_context_banks; i++)
		if (iommu_kdump_id_used(kd->unit, KDUMP_TAG_ASID, i) ||
		    iommu_kdump_id_used(kd->unit, KDUMP_TAG_VMID, i + 1)) {
			set_bit(i, smmu->context_map);
			set_bit(i, kd->rsv_cb);
		}
	/* The banks kept entries translate with (a block drops its own). */
	for_each_set_bit(i, kd->kept_sme, smmu->num_mapping_groups)
		if (kd->sme_cb[i] >= 0)
			set_bit(kd->sme_cb[i], kd->kept_cb);
	for_each_set_bit(i, kd->kept_cb, smmu->num_context_banks)
		set_bit(i, smmu->context_map);
	for_each_set_bit(i, kd->kept_sme, smmu->num_mapping_groups) {
		if (!kd->confine[i].root || arm_smmu_v2_kdump_confine(kd, i))
			continue;
		pr_warn("%s: stream-match entry %d bypassed and no context bank is free to confine it: blocked\n",
			dev_name(smmu->dev), i);
		clear_bit(i, kd->kept_sme);
		set_bit(i, kd->blocked);
		kd->sids[i] = 0;
		smmu->s2crs[i].type = S2CR_TYPE_FAULT;
		smmu->s2crs[i].cbndx = 0;
		arm_smmu_v2_kdump_write_s2cr(smmu, i);
	}
	/*
	 * What each kept bank keeps from new domains (confined ones too);
	 * the IDs only blocked or invalid entries used need no bank.
	 */
	for_each_set_bit(i, kd->kept_cb, smmu->num_context_banks)
		kd->cb_rsv[i] = arm_smmu_v2_kdump_rsv_of(smmu, i);
	spin_lock_irqsave(&kd->state_lock, flags);
	arm_smmu_v2_kdump_sweep_rsv(kd);
	spin_unlock_irqrestore(&kd->state_lock, flags);
	for_each_set_bit(i, kd->kept_cb, smmu->num_context_banks) {
		if (i < smmu->num_context_irqs &&
		    devm_request_irq(smmu->dev, smmu->irqs[i],
				     arm_smmu_v2_kdump_context_fault, IRQF_SHARED,
				     "arm-smmu-kdump-context-fault", kd))
			pr_warn("%s: no interrupt for kept context bank %d: its faults are not counted\n",
				dev_name(smmu->dev), i);
	}
	pr_info("%s: %u stream-match entries and %u context banks kept live (%u banks reserved), sCR0.CLIENTPD kept clear\n",
		dev_name(smmu->dev), n,
		bitmap_weight(kd->kept_cb, smmu->num_context_banks),
		bitmap_weight(smmu->context_map, smmu->num_context_banks));
}

/**
 * arm_smmu_v2_kdump_init() - hand a translating SMMU to the kdump core
 * @smmu: the SMMU, its configuration probed (arm_smmu_device_cfg_probe())
 *
 * In a capture kernel with the handover on, an SMMU found with
 * sCR0.CLIENTPD clear is read and judged by the core; what it adopts stays
 * live and the rest is blocked. If the state is unusable as a whole, the
 * driver resets the SMMU as upstream does (every old stream ID blocked by
 * the core).
 *
 * Context: probe, process context, before the SMMU is registered.
 * Return: 0 (also when the handover does not apply), or a negative errno.
 */
int arm_smmu_v2_kdump_init(struct arm_smmu_device *smmu)
{
	const struct arm_smmu_impl *impl = smmu->impl;
	struct iommu_kdump_unit_desc desc = {
		.name = dev_name(smmu->dev),
		.ops = &arm_smmu_v2_kdump_ops,
	};
	struct arm_smmu_kdump *kd;
	u32 scr0, want;
	int i;

	if (!iommu_kdump_active())
		return 0;
	scr0 = arm_smmu_gr0_read(smmu, ARM_SMMU_GR0_sCR0);
	if (scr0 & ARM_SMMU_sCR0_CLIENTPD)
		return 0;
	/*
	 * What this driver would not have written itself, or could not
	 * keep: implementations that change the stream-match or context
	 * programming (qcom, nvidia, cavium, marvell), table walks that do
	 * not snoop (the core's tables are not cleaned to the PoC here),
	 * 32-bit kernels (TTBR0 rewritten in two halves), and an sCR0 whose
	 * ID widths the reset would change (EXIDENABLE, VMID16EN).
	 */
	want = (smmu->features & ARM_SMMU_FEAT_EXIDS ?
		ARM_SMMU_sCR0_EXIDENABLE : 0) |
	       (smmu->features & ARM_SMMU_FEAT_VMID16 ?
		ARM_SMMU_sCR0_VMID16EN : 0);
	if ((impl && (impl->cfg_probe || impl->init_context ||
		      impl->write_s2cr || impl->write_sctlr ||
		      impl->alloc_context_bank || impl->global_fault ||
		      impl->context_fault)) ||
	    !(smmu->features & ARM_SMMU_FEAT_COHERENT_WALK) ||
	    !IS_ENABLED(CONFIG_64BIT) ||
	    (scr0 & (ARM_SMMU_sCR0_EXIDENABLE | ARM_SMMU_sCR0_VMID16EN)) !=
	    want) {
		dev_warn(smmu->dev, "kdump: found translating (sCR0 %#x), but this kernel cannot keep its state: reset as without iommu=accept_active\n",
			 scr0);
		return 0;
	}
	/* The core keeps it for the capture kernel's life: not devm. */
	kd = kzalloc(sizeof(*kd), GFP_KERNEL);
	if (!kd)
		return -ENOMEM;
	kd->kept_sme = bitmap_zalloc(smmu->num_mapping_groups, GFP_KERNEL);
	kd->held = bitmap_zalloc(smmu->num_mapping_groups, GFP_KERNEL);
	kd->blocked = bitmap_zalloc(smmu->num_mapping_groups, GFP_KERNEL);
	kd->kept_cb = bitmap_zalloc(ARM_SMMU_MAX_CBS, GFP_KERNEL);
	kd->sme_cb = kcalloc(smmu->num_mapping_groups, sizeof(*kd->sme_cb),
			     GFP_KERNEL);
	kd->sids = kcalloc(smmu->num_mapping_groups, sizeof(*kd->sids),
			   GFP_KERNEL);
	kd->confine = kcalloc(smmu->num_mapping_groups, sizeof(*kd->confine),
			      GFP_KERNEL);
	if (!kd->kept_sme || !kd->held || !kd->blocked || !kd->kept_cb ||
	    !kd->sme_cb || !kd->sids || !kd->confine) {
		arm_smmu_v2_kdump_free(kd);
		return -ENOMEM;
	}
	mutex_init(&kd->lock);
	spin_lock_init(&kd->state_lock);
	INIT_LIST_HEAD(&kd->waiting);
	INIT_WORK(&kd->setup_work, arm_smmu_v2_kdump_setup_work);
	for (i = 0; i < smmu->num_mapping_groups; i++)
		kd->sme_cb[i] = -1;
	kd->smmu = smmu;
	kd->scr0 = scr0;
	kdump_smmuv2_caps_from_idr(arm_smmu_gr0_read(smmu, ARM_SMMU_GR0_ID0),
				   arm_smmu_gr0_read(smmu, ARM_SMMU_GR0_ID1),
				   arm_smmu_gr0_read(smmu, ARM_SMMU_GR0_ID2),
				   &kd->caps);
	/* What the driver uses of them (force_stage, impl limits). */
	kd->caps.nr_sme = min(kd->caps.nr_sme, smmu->num_mapping_groups);
	kd->caps.nr_cb = min(kd->caps.nr_cb, smmu->num_context_banks);
	desc.priv = kd;
	smmu->kdump = kd;
	/* A failed probe must not leave the core a freed SMMU. */
	if (devm_add_action(smmu->dev, arm_smmu_v2_kdump_forget, kd)) {
		smmu->kdump = NULL;
		arm_smmu_v2_kdump_free(kd);
		return -ENOMEM;
	}
	/*
	 * Kept entries and banks live in the SMMU's registers only: it
	 * must never be powered down (a runtime suspend would lose them).
	 * Dropped only by arm_smmu_v2_kdump_forget(): arm_smmu_attach_dev()
	 * relies on it to attach a domain set up at allocation without a
	 * runtime-PM call, also when the core refused the whole state and
	 * every old device waits for its reset (deferred attach).
	 */
	pm_runtime_get_noresume(smmu->dev);
	kd->unit = iommu_kdump_adopt(&desc);
	if (kd->unit->plan.unit_why) {
		/* Upstream reset; the core keeps every device blocked. */
		bitmap_zero(kd->kept_sme, smmu->num_mapping_groups);
		bitmap_zero(kd->kept_cb, ARM_SMMU_MAX_CBS);
		return 0;
	}
	WRITE_ONCE(kd->adopted, true);
	arm_smmu_v2_kdump_claim(kd);
	return 0;
}

/**
 * arm_smmu_v2_kdump_adopted() - does the SMMU keep translating its old state?
 * @smmu: the SMMU
 *
 * Context: any context.
 * Return: true if sCR0.CLIENTPD must never be set during probe.
 */
bool arm_smmu_v2_kdump_adopted(struct arm_smmu_device *smmu)
{
	struct arm_smmu_kdump *kd = READ_ONCE(smmu->kdump);

	return kd && READ_ONCE(kd->adopted);
}

/**
 * arm_smmu_v2_kdump_kept_sme() - is a stream-match entry live from before?
 * @smmu: the SMMU
 * @idx: the entry
 *
 * Context: probe (arm_smmu_device_reset()), process context.
 * Return: true if the reset must not write the entry.
 */
bool arm_smmu_v2_kdump_kept_sme(struct arm_smmu_device *smmu, int idx)
{
	return arm_smmu_v2_kdump_adopted(smmu) &&
	       test_bit(idx, smmu->kdump->kept_sme);
}

/**
 * arm_smmu_v2_kdump_kept_cb() - is a context bank live from before?
 * @smmu: the SMMU
 * @idx: the bank
 *
 * Context: probe (arm_smmu_device_reset()), process context.
 * Return: true if the reset must not write the bank.
 */
bool arm_smmu_v2_kdump_kept_cb(struct arm_smmu_device *smmu, int idx)
{
	return arm_smmu_v2_kdump_adopted(smmu) &&
	       test_bit(idx, smmu->kdump->kept_cb);
}

/**
 * arm_smmu_v2_kdump_probe() - a master behind the SMMU was found
 * @smmu: the SMMU
 * @dev: the master
 * @ids: its fwspec IDs (stream ID, mask in bits 31:16)
 * @nr: entries in @ids
 *
 * Context: arm_smmu_probe_device(), process context.
 */
void arm_smmu_v2_kdump_probe(struct arm_smmu_device *smmu, struct device *dev,
			     const u32 *ids, unsigned int nr)
{
	unsigned int i;
	u32 *sids;

	if (!smmu->kdump)
		return;
	/* The stream IDs; a mask only widens what the master may match. */
	sids = kcalloc(nr, sizeof(*sids), GFP_KERNEL);
	if (!sids)
		return;		/* the core then leaves the master alone */
	for (i = 0; i < nr; i++)
		sids[i] = FIELD_GET(ARM_SMMU_SMR_ID, ids[i]);
	iommu_kdump_probe_device(smmu->kdump->unit, dev, sids, nr);
	kfree(sids);
}

/**
 * arm_smmu_v2_kdump_global_fault() - count a global fault of old DMA
 * @smmu: the SMMU
 * @gfsr: sGFSR
 * @gfsynr1: sGFSYNR1 (the stream ID in bits 15:0)
 *
 * Context: the global fault interrupt.
 * Return: true if the fault was counted (and printed, rate-limited, by
 * the core): the caller prints nothing.
 */
bool arm_smmu_v2_kdump_global_fault(struct arm_smmu_device *smmu, u32 gfsr,
				    u32 gfsynr1)
{
	u32 mask = ARM_SMMU_KDUMP_SGFSR_ICF | ARM_SMMU_sGFSR_USF |
		   ARM_SMMU_KDUMP_SGFSR_SMCF;

	/* Anything else recorded with it is the driver's to report. */
	return smmu->kdump && (gfsr & mask) &&
	       !(gfsr & ~(mask | ARM_SMMU_KDUMP_SGFSR_MULTI)) &&
	       iommu_kdump_fault(smmu->kdump->unit,
				 FIELD_GET(ARM_SMMU_KDUMP_SGFSYNR1_SID, gfsynr1),
				 KDUMP_NO_PASID);
}
