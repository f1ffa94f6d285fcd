// SPDX-License-Identifier: GPL-2.0
/*
 * ARM SMMUv1/v2 state for the kdump IOMMU handover.
 *
 * Copyright (C) 2026 The kdump-iommu authors
 */

/**
 * DOC: kdump IOMMU handover: SMMUv2
 *
 * An SMMUv2 (arm-smmu, MMU-500) keeps its translation state in registers:
 * stream-match entries (an SMR's stream ID and mask, and its S2CR: fault,
 * bypass, or translate through a context bank) and context banks (CBAR,
 * CBA2R, and the bank's SCTLR, TCR, TCR2 and TTBR0 pointing at an ARM LPAE
 * tree). kdump_smmuv2_walk() reads them through one register callback and
 * reports each stream ID an entry matches as a translation: S2CR fault is
 * an abort, bypass (or a bank with SCTLR.M clear) a bypass the core
 * confines, a stage 1 or stage 2 bank a one-stage translation tagged with
 * the entry, the bank, and the ASID or VMID. The page tables are walked
 * by the plan with the formats of fmt_lpae.c.
 *
 * Refused, per entry: two valid SMRs that can match one stream ID (both:
 * the hardware's choice is unpredictable, %KDUMP_BAD_CONFLICT); a bank
 * index beyond ID1.NUMCB; nested banks, AArch32 formats, big-endian banks,
 * TTBR1 walks or top-byte-ignore (types we lack); a reserved S2CR type.
 * Checked against the 6.12 driver (arm-smmu.c, arm_smmu_init_context_bank()
 * and arm_smmu_write_sme()), which writes what an old kernel left.
 */

#include <linux/types.h>
#include <linux/array_size.h>
#include <linux/bits.h>
#include <linux/bitfield.h>
#include <linux/export.h>
#include <kunit/visibility.h>

#include "fmt_lpae.h"
#include "fmt_smmuv2.h"

#define SMMUV2_MAX_SME		128
#define SMMUV2_MAX_CB		128

/* ID2.IAS/OAS: 32, 36, 40, 42, 44, then 48 for every larger code. */
static unsigned int smmuv2_size_bits(unsigned int code)
{
	static const u8 bits[] = { 32, 36, 40, 42, 44 };

	return code < ARRAY_SIZE(bits) ? bits[code] : 48;
}

/**
 * kdump_smmuv2_caps_from_idr() - an SMMU's capabilities from its IDs
 * @id0: SMMU_IDR0
 * @id1: SMMU_IDR1
 * @id2: SMMU_IDR2
 * @c: set to the capabilities
 *
 * Context: Any context.
 */
void kdump_smmuv2_caps_from_idr(u32 id0, u32 id1, u32 id2,
				struct kdump_smmuv2_caps *c)
{
	*c = (struct kdump_smmuv2_caps){
		/* Without stream matching there are no SMRs to read. */
		.nr_sme = (id0 & SMMUV2_ID0_SMS) ?
			  FIELD_GET(SMMUV2_ID0_NUMSMRG, id0) : 0,
		.nr_cb = FIELD_GET(SMMUV2_ID1_NUMCB, id1),
		.exids = id0 & SMMUV2_ID0_EXIDS,
		.s1 = id0 & SMMUV2_ID0_S1TS,
		.s2 = id0 & SMMUV2_ID0_S2TS,
		.vmid16 = id2 & SMMUV2_ID2_VMID16,
		.ias = smmuv2_size_bits(FIELD_GET(SMMUV2_ID2_IAS, id2)),
		.oas = smmuv2_size_bits(FIELD_GET(SMMUV2_ID2_OAS, id2)),
	};
	if (id2 & SMMUV2_ID2_PTFS_4K)
		c->granules |= BIT(0);
	if (id2 & SMMUV2_ID2_PTFS_16K)
		c->granules |= BIT(2);
	if (id2 & SMMUV2_ID2_PTFS_64K)
		c->granules |= BIT(4);
}
EXPORT_SYMBOL_IF_KUNIT(kdump_smmuv2_caps_from_idr);

static u64 rd(const struct kdump_smmuv2_regs *r, enum kdump_smmuv2_reg reg,
	      u32 idx)
{
	return r->read(r->ctx, reg, idx);
}

static enum kdump_bad smmuv2_s1(const struct kdump_smmuv2_regs *r,
				const struct kdump_smmuv2_caps *c, u32 cb,
				struct kdump_xlate *x)
{
	u64 tcr = rd(r, KDUMP_SMMUV2_TCR, cb), tcr2 = rd(r, KDUMP_SMMUV2_TCR2, cb);
	u64 ttbr = rd(r, KDUMP_SMMUV2_TTBR0, cb);
	u32 asid = FIELD_GET(SMMUV2_TTBR_ASID, ttbr);
	unsigned int g, oa;
	enum kdump_bad why;

	/* An 8-bit ASID (TCR2.AS clear) ignores TTBR0[63:56]. */
	if (!(tcr2 & SMMUV2_TCR2_AS))
		asid &= 0xff;
	kdump_xlate_add_tag(x, KDUMP_TAG_ASID, asid);
	if (!(tcr & SMMUV2_TCR_EPD1) || (tcr2 & SMMUV2_TCR2_TBI))
		return KDUMP_BAD_TYPE;
	if (tcr & SMMUV2_TCR_EPD0) {
		x->kind = KDUMP_XLATE_ABORT;
		return KDUMP_OK;
	}
	why = kdump_lpae_tg_shift(FIELD_GET(SMMUV2_TCR_TG0, tcr), c->granules,
				  &g);
	if (why)
		return why;
	oa = kdump_lpae_size_bits(FIELD_GET(SMMUV2_TCR2_PASIZE, tcr2) & 7);
	if (!oa || FIELD_GET(SMMUV2_TCR2_PASIZE, tcr2) > 6)
		return KDUMP_BAD_RSVD;
	why = kdump_lpae_s1_stage(g, FIELD_GET(SMMUV2_TCR_T0SZ, tcr),
				  oa > c->oas ? c->oas : oa, &x->stage[0]);
	if (why)
		return why;
	x->stage[0].root = ttbr & SMMUV2_TTBR_ADDR;
	x->nr_stages = 1;
	return KDUMP_OK;
}

static enum kdump_bad smmuv2_s2(const struct kdump_smmuv2_regs *r,
				const struct kdump_smmuv2_caps *c, u32 cb,
				struct kdump_xlate *x)
{
	u64 tcr = rd(r, KDUMP_SMMUV2_TCR, cb), ttbr = rd(r, KDUMP_SMMUV2_TTBR0, cb);
	unsigned int g, oa = kdump_lpae_size_bits(FIELD_GET(SMMUV2_TCR_PS, tcr));
	enum kdump_bad why;

	why = kdump_lpae_tg_shift(FIELD_GET(SMMUV2_TCR_TG0, tcr), c->granules,
				  &g);
	if (!why && !oa)
		why = KDUMP_BAD_RSVD;
	if (!why)
		why = kdump_lpae_s2_stage(g, FIELD_GET(SMMUV2_TCR_T0SZ, tcr),
					  FIELD_GET(SMMUV2_TCR_SL0, tcr),
					  oa > c->oas ? c->oas : oa,
					  &x->stage[0]);
	if (why)
		return why;
	x->stage[0].root = ttbr & SMMUV2_TTBR_ADDR;
	x->nr_stages = 1;
	return KDUMP_OK;
}

/* Context bank @cb as the translation of an entry that uses it. */
static enum kdump_bad smmuv2_cb(const struct kdump_smmuv2_regs *r,
				const struct kdump_smmuv2_caps *c, u32 cb,
				struct kdump_xlate *x)
{
	u64 cbar = rd(r, KDUMP_SMMUV2_CBAR, cb);
	u64 cba2r = rd(r, KDUMP_SMMUV2_CBA2R, cb);
	u64 sctlr = rd(r, KDUMP_SMMUV2_SCTLR, cb);
	unsigned int type = FIELD_GET(SMMUV2_CBAR_TYPE, cbar);
	u32 vmid;

	kdump_xlate_add_tag(x, KDUMP_TAG_CB, cb);
	x->kind = KDUMP_XLATE_TRANSLATE;
	if (type != SMMUV2_CBAR_TYPE_S1) {
		vmid = c->vmid16 ? FIELD_GET(SMMUV2_CBA2R_VMID16, cba2r) :
		       FIELD_GET(SMMUV2_CBAR_VMID, cbar);
		kdump_xlate_add_tag(x, KDUMP_TAG_VMID, vmid);
	}
	if (type == SMMUV2_CBAR_TYPE_NESTED)
		return KDUMP_BAD_TYPE;
	/* Stage 1 translates, stage 2 faults everything: no DMA at all. */
	if (type == SMMUV2_CBAR_TYPE_S1_S2_FAULT) {
		x->kind = KDUMP_XLATE_ABORT;
		return KDUMP_OK;
	}
	if ((type == SMMUV2_CBAR_TYPE_S1 && !c->s1) ||
	    (type == SMMUV2_CBAR_TYPE_S2 && !c->s2) ||
	    !(cba2r & SMMUV2_CBA2R_VA64) || (sctlr & SMMUV2_SCTLR_E))
		return KDUMP_BAD_TYPE;
	/* SCTLR.M clear: the bank does not translate, requests pass. */
	if (!(sctlr & SMMUV2_SCTLR_M)) {
		x->kind = KDUMP_XLATE_BYPASS;
		kdump_lpae_confine_stage(c->granules, c->oas, &x->stage[0]);
		return KDUMP_OK;
	}
	return type == SMMUV2_CBAR_TYPE_S1 ? smmuv2_s1(r, c, cb, x) :
					     smmuv2_s2(r, c, cb, x);
}

/* Entry @i's stream ID and mask, and whether it is valid. */
static bool smmuv2_sme(const struct kdump_smmuv2_caps *c, u32 smr, u32 s2cr,
		       u32 *id, u32 *mask)
{
	*id = FIELD_GET(SMMUV2_SMR_ID, smr);
	*mask = FIELD_GET(SMMUV2_SMR_MASK, smr);
	if (c->exids)
		return s2cr & SMMUV2_S2CR_EXIDVALID;
	/* 15-bit IDs and masks: bit 31 is the valid bit. */
	*id &= 0x7fff;
	*mask &= 0x7fff;
	return smr & SMMUV2_SMR_VALID;
}

/* Entry @i's translation: the same for every stream ID it matches. */
static enum kdump_bad smmuv2_entry(const struct kdump_smmuv2_regs *r,
				   const struct kdump_smmuv2_caps *c, u32 i,
				   bool conflict, struct kdump_xlate *x)
{
	u32 s2cr = rd(r, KDUMP_SMMUV2_S2CR, i);
	unsigned int type = FIELD_GET(SMMUV2_S2CR_TYPE, s2cr);
	u32 cb = FIELD_GET(SMMUV2_S2CR_CBNDX, s2cr);
	enum kdump_bad why;

	kdump_xlate_init(x, KDUMP_XLATE_ABORT);
	kdump_xlate_add_tag(x, KDUMP_TAG_SME, i);
	if (type == SMMUV2_S2CR_TYPE_FAULT) {
		why = KDUMP_OK;
	} else if (type == SMMUV2_S2CR_TYPE_BYPASS) {
		x->kind = KDUMP_XLATE_BYPASS;
		kdump_lpae_confine_stage(c->granules, c->oas, &x->stage[0]);
		why = KDUMP_OK;
	} else if (type == SMMUV2_S2CR_TYPE_TRANS) {
		why = cb < c->nr_cb ? smmuv2_cb(r, c, cb, x) : KDUMP_BAD_WIDTH;
	} else {
		why = KDUMP_BAD_RSVD;
	}
	if (!why && conflict)
		why = KDUMP_BAD_CONFLICT;
	return why;
}

/* Stream IDs one walk may report: the whole 16-bit space, twice. */
#define SMMUV2_MAX_SIDS		BIT(17)

/**
 * kdump_smmuv2_walk() - report every translation of an SMMUv2
 * @r: how to read its registers
 * @c: its capabilities
 * @scr0: sCR0 as the old kernel left it
 * @sink: receives one translation per stream ID a valid entry matches,
 *	in increasing stream ID order as the plan's budget fallback needs
 *	(raw: the SMR in the low and the S2CR in the high 32 bits)
 * @st: optional; receives what the walk saw, also when it fails
 *
 * The stream IDs of all entries are merged: each entry's are the subsets
 * of its mask over its ID, in increasing order, and the smallest of the
 * entries' next ones is reported next. Entries that conflict report the
 * same stream ID each, both refused.
 *
 * Context: Any context; sleeps only if @r->read or @sink do.
 * Return: %KDUMP_OK, %KDUMP_BAD_ABORTED if @sink stopped the walk,
 * %KDUMP_BAD_TYPE if sCR0.CLIENTPD is set (the SMMU bypasses everything:
 * nothing to adopt), %KDUMP_BAD_WIDTH for unusable capabilities or
 * %KDUMP_BAD_TOO_BIG if overlapping entries match more than 2^17 stream
 * IDs in all.
 */
enum kdump_bad kdump_smmuv2_walk(const struct kdump_smmuv2_regs *r,
				 const struct kdump_smmuv2_caps *c, u32 scr0,
				 const struct kdump_sink *sink,
				 struct kdump_smmuv2_stats *st)
{
	/* 16-bit IDs, masks and mask subsets: about 1 KiB of stack. */
	u16 id[SMMUV2_MAX_SME], mask[SMMUV2_MAX_SME], sub[SMMUV2_MAX_SME];
	bool live[SMMUV2_MAX_SME] = { 0 }, conflict[SMMUV2_MAX_SME] = { 0 };
	struct kdump_smmuv2_stats s = { 0 };
	enum kdump_bad why = KDUMP_OK, ewhy = KDUMP_OK;
	u32 i, j, sid, msk, last = SMMUV2_MAX_SME;
	struct kdump_xlate x;

	if (!c->nr_sme || c->nr_sme > SMMUV2_MAX_SME ||
	    c->nr_cb > SMMUV2_MAX_CB || c->oas < 32 || !c->granules) {
		why = KDUMP_BAD_WIDTH;
		goto out;
	}
	if (scr0 & SMMUV2_SCR0_CLIENTPD) {
		why = KDUMP_BAD_TYPE;
		goto out;
	}
	for (i = 0; i < c->nr_sme; i++) {
		live[i] = smmuv2_sme(c, rd(r, KDUMP_SMMUV2_SMR, i),
				     rd(r, KDUMP_SMMUV2_S2CR, i), &sid, &msk);
		id[i] = sid & ~msk;
		mask[i] = msk;
		sub[i] = 0;
	}
	/* Two entries that can match one stream ID: both are refused. */
	for (i = 0; i < c->nr_sme; i++)
		for (j = i + 1; j < c->nr_sme; j++)
			if (live[i] && live[j] &&
			    !((id[i] ^ id[j]) & ~(mask[i] | mask[j]))) {
				conflict[i] = true;
				conflict[j] = true;
			}
	for (i = 0; i < c->nr_sme; i++) {
		if (!live[i])
			continue;
		s.smes++;
		if (smmuv2_entry(r, c, i, conflict[i], &x))
			s.smes_blocked++;
	}

	for (;;) {
		struct kdump_xlate_id xid = { .pasid = KDUMP_NO_PASID };
		u32 best = SMMUV2_MAX_SME;
		u64 raw;

		for (i = 0; i < c->nr_sme; i++)
			if (live[i] && (best == SMMUV2_MAX_SME ||
					(id[i] | sub[i]) < (id[best] | sub[best])))
				best = i;
		if (best == SMMUV2_MAX_SME)
			break;
		if (s.sids == SMMUV2_MAX_SIDS) {
			why = KDUMP_BAD_TOO_BIG;
			goto out;
		}
		if (best != last) {
			ewhy = smmuv2_entry(r, c, best, conflict[best], &x);
			last = best;
		}
		raw = rd(r, KDUMP_SMMUV2_SMR, best) |
		      rd(r, KDUMP_SMMUV2_S2CR, best) << 32;
		xid.sid = id[best] | sub[best];
		s.sids++;
		if (sink && sink->xlate &&
		    sink->xlate(sink->arg, &xid, &x, &raw, sizeof(raw), ewhy)) {
			why = KDUMP_BAD_ABORTED;
			goto out;
		}
		/* The next subset of the mask, in increasing order. */
		sub[best] = ((sub[best] | (u16)~mask[best]) + 1) & mask[best];
		if (!sub[best])
			live[best] = false;
	}
out:
	if (st)
		*st = s;
	return why;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_smmuv2_walk);
