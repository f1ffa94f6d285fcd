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
 *	bookkeeping (smrs, s2crs with one reference held, context_map) marks
 *	them used, so no new master and no new domain can take them. A bank
 *	whose tree the core built anew (mappings cut) gets the new table in
 *	TTBR0 with one 64-bit write, then a TLB invalidation of its ASID or
 *	VMID.
 * blocked
 *	S2CR type FAULT, one 32-bit write that takes the entry off its bank.
 *	The SMMU faults the stream as an invalid context (sGFSR.ICF, stream
 *	ID in sGFSYNR1; IHI 0062), which the global fault handler counts
 *	through the core. A blocking context bank would need a bank per
 *	entry; the S2CR costs none.
 * released
 *	once the device was reset: the entry drops the reference the
 *	handover held; if no master holds it, it faults again, and the old
 *	bank is disabled and freed when no kept entry uses it.
 *
 * The entries' software state mirrors what is live, so the driver's own
 * attach of a new domain to the same stream IDs finds the kept entry
 * (same ID and mask) and switches it with its one S2CR write, after
 * programming the new bank: DMA sees the old bank or the new one.
 *
 * Context faults of a kept bank, whose old domain the capture kernel does
 * not have, are counted by arm_smmu_kdump_context_fault().
 *
 * Not handled yet: streams the old kernel left in bypass (S2CR bypass or
 * a bank with SCTLR.M clear) are blocked, not confined; RMR stream IDs
 * that match a kept entry keep the old translation.
 */

#define pr_fmt(fmt) "arm-smmu: kdump: " fmt

#include <linux/bitmap.h>
#include <linux/crash_dump.h>
#include <linux/interrupt.h>
#include <linux/iommu-kdump.h>
#include <linux/slab.h>
#include <kunit/visibility.h>

#include "arm-smmu.h"
#include "arm-smmu-kdump.h"
#include "../../kdump/core.h"
#include "../../kdump/fmt_smmuv2.h"

/* sGFSR: invalid context (S2CR fault) and stream match conflict faults. */
#define ARM_SMMU_KDUMP_sGFSR_ICF	BIT(0)
#define ARM_SMMU_KDUMP_sGFSR_SMCF	BIT(2)

/**
 * struct arm_smmu_kdump - one SMMU's handover
 * @smmu: the SMMU
 * @unit: the core's record of it
 * @caps: its capabilities, from the ID registers
 * @scr0: sCR0 as the old kernel left it
 * @kept_sme: entries left live as the old kernel wrote them (adopted)
 * @kept_cb: banks left live, used by a kept entry
 * @sme_cb: per kept entry, its bank, or -1
 * @adopted: the SMMU stays translating with the old state
 *
 * @kept_sme, @kept_cb and @sme_cb are written at probe before the SMMU is
 * registered, then only under smmu->stream_map_mutex (release).
 */
struct arm_smmu_kdump {
	struct arm_smmu_device *smmu;
	struct iommu_kdump_unit *unit;
	struct kdump_smmuv2_caps caps;
	u32 scr0;
	unsigned long *kept_sme;
	unsigned long *kept_cb;
	s16 *sme_cb;
	bool adopted;
};

/* The tag of @space in @x, or -1. */
static int arm_smmu_kdump_tag(const struct kdump_xlate *x, unsigned int space)
{
	unsigned int i;

	for (i = 0; i < x->nr_tags; i++)
		if (x->tag[i].space == space)
			return x->tag[i].id;
	return -1;
}

/* Entry @i's SMR, live, into the driver's bookkeeping. */
static void arm_smmu_kdump_own_smr(struct arm_smmu_kdump *kd, int i)
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

static u64 arm_smmu_kdump_read(void *ctx, enum kdump_smmuv2_reg reg, u32 idx)
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

static int arm_smmu_kdump_describe(struct iommu_kdump_unit *unit,
				   struct kdump_plan *plan)
{
	struct arm_smmu_kdump *kd = iommu_kdump_unit_priv(unit);
	struct kdump_smmuv2_regs regs = {
		.read = arm_smmu_kdump_read,
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

/* TLB invalidation of bank @cb's old ASID or VMID, then a sync. */
static void arm_smmu_kdump_tlbi(struct arm_smmu_kdump *kd, int cb)
{
	struct arm_smmu_device *smmu = kd->smmu;
	u32 cbar = arm_smmu_gr1_read(smmu, ARM_SMMU_GR1_CBAR(cb));

	if (FIELD_GET(ARM_SMMU_CBAR_TYPE, cbar) == CBAR_TYPE_S2_TRANS) {
		u32 vmid = FIELD_GET(ARM_SMMU_CBAR_VMID, cbar);

		if (smmu->features & ARM_SMMU_FEAT_VMID16)
			vmid = FIELD_GET(ARM_SMMU_CBA2R_VMID16,
					 arm_smmu_gr1_read(smmu,
							   ARM_SMMU_GR1_CBA2R(cb)));
		arm_smmu_gr0_write(smmu, ARM_SMMU_GR0_TLBIVMID, vmid);
		arm_smmu_kdump_sync_global(smmu);
	} else {
		u64 ttbr = arm_smmu_cb_readq(smmu, cb, ARM_SMMU_CB_TTBR0);

		arm_smmu_cb_write(smmu, cb, ARM_SMMU_CB_S1_TLBIASID,
				  FIELD_GET(ARM_SMMU_TTBRn_ASID, ttbr));
		arm_smmu_kdump_sync_context(smmu, cb);
	}
}

static int arm_smmu_kdump_replace(struct iommu_kdump_unit *unit,
				  const struct kdump_plan_xl *xl,
				  const struct kdump_stage *own)
{
	struct arm_smmu_kdump *kd = iommu_kdump_unit_priv(unit);
	struct arm_smmu_device *smmu = kd->smmu;
	int sme = arm_smmu_kdump_tag(&xl->x, KDUMP_TAG_SME);
	int cb = arm_smmu_kdump_tag(&xl->x, KDUMP_TAG_CB);
	u64 ttbr;

	if (sme < 0 || sme >= smmu->num_mapping_groups)
		return -EINVAL;
	/* A bypassing stream to confine: not yet. */
	if (xl->x.kind == KDUMP_XLATE_BYPASS)
		return -EOPNOTSUPP;
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
		arm_smmu_kdump_tlbi(kd, cb);
	}
	set_bit(sme, kd->kept_sme);
	kd->sme_cb[sme] = cb;
	if (cb >= 0)
		set_bit(cb, kd->kept_cb);
	return 0;
}

static void arm_smmu_kdump_block(struct iommu_kdump_unit *unit,
				 const struct kdump_plan_xl *xl)
{
	struct arm_smmu_kdump *kd = iommu_kdump_unit_priv(unit);
	struct arm_smmu_device *smmu = kd->smmu;
	int sme = arm_smmu_kdump_tag(&xl->x, KDUMP_TAG_SME);

	if (sme < 0 || sme >= smmu->num_mapping_groups)
		return;
	/*
	 * The entry may have been kept for another of its stream IDs: one
	 * entry serves them all, so one bad stream ID blocks the entry.
	 */
	clear_bit(sme, kd->kept_sme);
	kd->sme_cb[sme] = -1;
	/*
	 * The SMR stays valid, in the bookkeeping too (so the reset writes
	 * it again as it is and no master takes it): the stream matches
	 * and faults, counted.
	 */
	arm_smmu_kdump_own_smr(kd, sme);
	smmu->s2crs[sme].type = S2CR_TYPE_FAULT;
	smmu->s2crs[sme].cbndx = 0;
	smmu->s2crs[sme].privcfg = S2CR_PRIVCFG_DEFAULT;
	smmu->s2crs[sme].count = 1;
	arm_smmu_kdump_write_s2cr(smmu, sme);
}

/* Bank @cb is used by no kept entry any more: disable and free it. */
static void arm_smmu_kdump_put_cb(struct arm_smmu_kdump *kd, int cb)
{
	struct arm_smmu_device *smmu = kd->smmu;
	int i;

	for (i = 0; i < smmu->num_mapping_groups; i++)
		if (test_bit(i, kd->kept_sme) && kd->sme_cb[i] == cb)
			return;
	for (i = 0; i < smmu->num_mapping_groups; i++)
		if (smmu->s2crs[i].type == S2CR_TYPE_TRANS &&
		    smmu->s2crs[i].count && smmu->s2crs[i].cbndx == cb)
			return;
	arm_smmu_cb_write(smmu, cb, ARM_SMMU_CB_SCTLR, 0);
	arm_smmu_kdump_tlbi(kd, cb);
	clear_bit(cb, kd->kept_cb);
	clear_bit(cb, smmu->context_map);
}

static void arm_smmu_kdump_release(struct iommu_kdump_unit *unit,
				   const struct kdump_plan_xl *xl)
{
	struct arm_smmu_kdump *kd = iommu_kdump_unit_priv(unit);
	struct arm_smmu_device *smmu = kd->smmu;
	int sme = arm_smmu_kdump_tag(&xl->x, KDUMP_TAG_SME), cb;

	if (sme < 0 || sme >= smmu->num_mapping_groups)
		return;
	mutex_lock(&smmu->stream_map_mutex);
	if (!test_and_clear_bit(sme, kd->kept_sme))
		goto out_unlock;
	cb = kd->sme_cb[sme];
	kd->sme_cb[sme] = -1;
	/*
	 * The reference the handover held. A master that attached since
	 * holds its own and has switched the S2CR to its bank; otherwise
	 * the entry faults (or bypasses, with disable_bypass off) as any
	 * free entry, and its SMR goes.
	 */
	arm_smmu_kdump_free_sme(smmu, sme);
	if (cb >= 0)
		arm_smmu_kdump_put_cb(kd, cb);
out_unlock:
	mutex_unlock(&smmu->stream_map_mutex);
}

static const struct iommu_kdump_ops arm_smmu_kdump_ops = {
	.describe	= arm_smmu_kdump_describe,
	.replace	= arm_smmu_kdump_replace,
	.block		= arm_smmu_kdump_block,
	.release	= arm_smmu_kdump_release,
};

/**
 * arm_smmu_kdump_context_fault() - a context fault of a kept bank
 * @irq: the bank's interrupt
 * @arg: the handover (&struct arm_smmu_kdump)
 *
 * A kept bank's old domain is not the capture kernel's: its faults are
 * old DMA, counted (and printed, rate-limited) by the core.
 *
 * Context: hard interrupt.
 * Return: IRQ_HANDLED if a kept bank had a fault recorded.
 */
VISIBLE_IF_KUNIT irqreturn_t arm_smmu_kdump_context_fault(int irq, void *arg)
{
	struct arm_smmu_kdump *kd = arg;
	struct arm_smmu_device *smmu = kd->smmu;
	irqreturn_t ret = IRQ_NONE;
	int cb;

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
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(arm_smmu_kdump_context_fault);

/* Record the kept entries in the driver's allocators. */
static void arm_smmu_kdump_claim(struct arm_smmu_kdump *kd)
{
	struct arm_smmu_device *smmu = kd->smmu;
	unsigned int n = 0;
	int i;

	for_each_set_bit(i, kd->kept_sme, smmu->num_mapping_groups) {
		u32 s2cr = arm_smmu_gr0_read(smmu, ARM_SMMU_GR0_S2CR(i));

		arm_smmu_kdump_own_smr(kd, i);
		smmu->s2crs[i].type = FIELD_GET(ARM_SMMU_S2CR_TYPE, s2cr);
		smmu->s2crs[i].cbndx = FIELD_GET(ARM_SMMU_S2CR_CBNDX, s2cr);
		smmu->s2crs[i].privcfg = FIELD_GET(ARM_SMMU_S2CR_PRIVCFG, s2cr);
		smmu->s2crs[i].count = 1;
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
		    iommu_kdump_id_used(kd->unit, KDUMP_TAG_VMID, i + 1))
			set_bit(i, smmu->context_map);
	for_each_set_bit(i, kd->kept_cb, smmu->num_context_banks) {
		set_bit(i, smmu->context_map);
		if (i < smmu->num_context_irqs &&
		    devm_request_irq(smmu->dev, smmu->irqs[i],
				     arm_smmu_kdump_context_fault, IRQF_SHARED,
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
 * arm_smmu_kdump_init() - hand a translating SMMU to the kdump core
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
int arm_smmu_kdump_init(struct arm_smmu_device *smmu)
{
	struct iommu_kdump_unit_desc desc = {
		.name = dev_name(smmu->dev),
		.ops = &arm_smmu_kdump_ops,
	};
	struct arm_smmu_kdump *kd;
	u32 scr0;
	int i;

	if (!iommu_kdump_active())
		return 0;
	scr0 = arm_smmu_gr0_read(smmu, ARM_SMMU_GR0_sCR0);
	if (scr0 & ARM_SMMU_sCR0_CLIENTPD)
		return 0;
	kd = devm_kzalloc(smmu->dev, sizeof(*kd), GFP_KERNEL);
	if (!kd)
		return -ENOMEM;
	kd->kept_sme = devm_bitmap_zalloc(smmu->dev, smmu->num_mapping_groups,
					  GFP_KERNEL);
	kd->kept_cb = devm_bitmap_zalloc(smmu->dev, ARM_SMMU_MAX_CBS,
					 GFP_KERNEL);
	kd->sme_cb = devm_kcalloc(smmu->dev, smmu->num_mapping_groups,
				  sizeof(*kd->sme_cb), GFP_KERNEL);
	if (!kd->kept_sme || !kd->kept_cb || !kd->sme_cb)
		return -ENOMEM;
	for (i = 0; i < smmu->num_mapping_groups; i++)
		kd->sme_cb[i] = -1;
	kd->smmu = smmu;
	kd->scr0 = scr0;
	kdump_smmuv2_caps_from_idr(arm_smmu_gr0_read(smmu, ARM_SMMU_GR0_ID0),
				   arm_smmu_gr0_read(smmu, ARM_SMMU_GR0_ID1),
				   arm_smmu_gr0_read(smmu, ARM_SMMU_GR0_ID2),
				   &kd->caps);
	desc.priv = kd;
	smmu->kdump = kd;
	kd->unit = iommu_kdump_adopt(&desc);
	if (kd->unit->plan.unit_why) {
		/* Upstream reset; the core keeps every device blocked. */
		bitmap_zero(kd->kept_sme, smmu->num_mapping_groups);
		bitmap_zero(kd->kept_cb, ARM_SMMU_MAX_CBS);
		return 0;
	}
	kd->adopted = true;
	arm_smmu_kdump_claim(kd);
	return 0;
}

/**
 * arm_smmu_kdump_adopted() - does the SMMU keep translating its old state?
 * @smmu: the SMMU
 *
 * Context: any context.
 * Return: true if sCR0.CLIENTPD must never be set during probe.
 */
bool arm_smmu_kdump_adopted(struct arm_smmu_device *smmu)
{
	return smmu->kdump && smmu->kdump->adopted;
}

/**
 * arm_smmu_kdump_kept_sme() - is a stream-match entry live from before?
 * @smmu: the SMMU
 * @idx: the entry
 *
 * Context: probe (arm_smmu_device_reset()), process context.
 * Return: true if the reset must not write the entry.
 */
bool arm_smmu_kdump_kept_sme(struct arm_smmu_device *smmu, int idx)
{
	return arm_smmu_kdump_adopted(smmu) &&
	       test_bit(idx, smmu->kdump->kept_sme);
}

/**
 * arm_smmu_kdump_kept_cb() - is a context bank live from before?
 * @smmu: the SMMU
 * @idx: the bank
 *
 * Context: probe (arm_smmu_device_reset()), process context.
 * Return: true if the reset must not write the bank.
 */
bool arm_smmu_kdump_kept_cb(struct arm_smmu_device *smmu, int idx)
{
	return arm_smmu_kdump_adopted(smmu) &&
	       test_bit(idx, smmu->kdump->kept_cb);
}

/**
 * arm_smmu_kdump_probe() - a master behind the SMMU was found
 * @smmu: the SMMU
 * @dev: the master
 * @ids: its fwspec IDs (stream ID, mask in bits 31:16)
 * @nr: entries in @ids
 *
 * Context: arm_smmu_probe_device(), process context.
 */
void arm_smmu_kdump_probe(struct arm_smmu_device *smmu, struct device *dev,
			  const u32 *ids, unsigned int nr)
{
	u32 sids[8];
	unsigned int i;

	if (!smmu->kdump)
		return;
	nr = min_t(unsigned int, nr, ARRAY_SIZE(sids));
	for (i = 0; i < nr; i++)
		sids[i] = FIELD_GET(ARM_SMMU_SMR_ID, ids[i]);
	iommu_kdump_probe_device(smmu->kdump->unit, dev, sids, nr);
}

/**
 * arm_smmu_kdump_global_fault() - count a global fault of old DMA
 * @smmu: the SMMU
 * @gfsr: sGFSR
 * @gfsynr1: sGFSYNR1 (the stream ID in bits 15:0)
 *
 * Context: the global fault interrupt.
 * Return: true if the fault was counted (and printed, rate-limited, by
 * the core): the caller prints nothing.
 */
bool arm_smmu_kdump_global_fault(struct arm_smmu_device *smmu, u32 gfsr,
				 u32 gfsynr1)
{
	u32 mask = ARM_SMMU_KDUMP_sGFSR_ICF | ARM_SMMU_sGFSR_USF |
		   ARM_SMMU_KDUMP_sGFSR_SMCF;

	return smmu->kdump && (gfsr & mask) &&
	       iommu_kdump_fault(smmu->kdump->unit,
				 FIELD_GET(ARM_SMMU_CBFRSYNRA_SID, gfsynr1),
				 KDUMP_NO_PASID);
}
