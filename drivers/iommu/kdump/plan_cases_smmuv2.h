/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SMMUv2 register states for plan_cases.h (included from it, after
 * plan_cases_smmuv3.h, whose LPAE entry makers it uses).
 *
 * QEMU has no SMMUv2 model: the registers are a model here, struct
 * kv_smmu2 read through the decoder's register callback. The page tables
 * are the VT-d layout's (pages 2 to 6, leaves in pages 10 to 13); no
 * memory table is read before them. The standard stream is stream ID
 * 0x08, matched exactly by entry 0, translated by context bank 0: stage 1,
 * 4 KiB granule, ASID 1 (or stage 2, VMID 1, kv_smmu2_s2()).
 */
#ifndef __DRIVERS_IOMMU_KDUMP_PLAN_CASES_SMMUV2_H
#define __DRIVERS_IOMMU_KDUMP_PLAN_CASES_SMMUV2_H

#include "fmt_smmuv2.h"

#define KV_SMR(id, mask)	(SMMUV2_SMR_VALID | ((u32)(mask) << 16) | (id))
#define KV_S2CR(type, cb)	(((u32)(type) << 16) | (cb))
/* What 6.12 writes for a stage 1 AArch64 bank (arm_smmu_lpae_tcr()). */
#define KV_TCR_S1(tsz)		((u32)(tsz) | SMMUV2_TCR_EPD1 | (3U << 12) | \
				 (1U << 10) | (1U << 8))
#define KV_TCR2_S1		(5U | SMMUV2_TCR2_AS | (7U << 15))

static u64 kv_smmu2_read(void *ctx, enum kdump_smmuv2_reg reg, u32 idx)
{
	const struct kv_smmu2 *m = ctx;

	switch (reg) {
	case KDUMP_SMMUV2_SMR:
		return idx < KV_SMMU2_SME ? m->smr[idx] : 0;
	case KDUMP_SMMUV2_S2CR:
		return idx < KV_SMMU2_SME ? m->s2cr[idx] : 0;
	case KDUMP_SMMUV2_CBAR:
		return idx < KV_SMMU2_CB ? m->cbar[idx] : 0;
	case KDUMP_SMMUV2_CBA2R:
		return idx < KV_SMMU2_CB ? m->cba2r[idx] : 0;
	case KDUMP_SMMUV2_SCTLR:
		return idx < KV_SMMU2_CB ? m->sctlr[idx] : 0;
	case KDUMP_SMMUV2_TCR:
		return idx < KV_SMMU2_CB ? m->tcr[idx] : 0;
	case KDUMP_SMMUV2_TCR2:
		return idx < KV_SMMU2_CB ? m->tcr2[idx] : 0;
	case KDUMP_SMMUV2_TTBR0:
		return idx < KV_SMMU2_CB ? m->ttbr0[idx] : 0;
	}
	return 0;
}

/* Bank @cb as 6.12 programs a stage 1 AArch64 bank for a @levels tree. */
static void kv_smmu2_s1_bank(struct kv_mem *t, unsigned int cb,
			     unsigned int levels, u64 root, u32 asid)
{
	t->smmu2.cbar[cb] = SMMUV2_CBAR_TYPE_S1 << 16;
	t->smmu2.cba2r[cb] = SMMUV2_CBA2R_VA64;
	t->smmu2.sctlr[cb] = SMMUV2_SCTLR_M | BIT(5) | BIT(6) | BIT(1) |
			     BIT(2);
	t->smmu2.tcr[cb] = KV_TCR_S1(KV_LP_TSZ(levels));
	t->smmu2.tcr2[cb] = KV_TCR2_S1;
	t->smmu2.ttbr0[cb] = root | ((u64)asid << 48);
}

static void kv_smmu2_s1(struct kv_mem *t, unsigned int levels)
{
	t->smmu2.smr[0] = KV_SMR(KV_STD_DEVFN, 0);
	t->smmu2.s2cr[0] = KV_S2CR(SMMUV2_S2CR_TYPE_TRANS, 0);
	kv_smmu2_s1_bank(t, 0, levels, KV_PA(KV_TBL(levels, levels)), 1);
	kv_lp_tree(t, levels, false);
}

static void kv_smmu2_set_root(struct kv_mem *t, unsigned int levels, u64 pa)
{
	t->smmu2.ttbr0[0] = pa | (1ULL << 48);
}

static void kv_smmu2_s1_3(struct kv_mem *t)
{
	kv_smmu2_s1(t, 3);
}

/* Stage 2, VMID 1: VTCR with S2T0SZ, SL0, 4 KiB, PS 44 bits. */
static void kv_smmu2_s2(struct kv_mem *t)
{
	t->smmu2.smr[0] = KV_SMR(KV_STD_DEVFN, 0);
	t->smmu2.s2cr[0] = KV_S2CR(SMMUV2_S2CR_TYPE_TRANS, 0);
	t->smmu2.cbar[0] = (SMMUV2_CBAR_TYPE_S2 << 16) | 1;
	t->smmu2.cba2r[0] = SMMUV2_CBA2R_VA64;
	t->smmu2.sctlr[0] = SMMUV2_SCTLR_M | BIT(5) | BIT(6);
	t->smmu2.tcr[0] = BIT(31) | (4U << 16) | (1U << 6) | KV_LP_TSZ(3);
	t->smmu2.ttbr0[0] = KV_PA(KV_TBL(3, 3));
	kv_lp_tree(t, 3, true);
}

/* Mask 0x3 on stream ID 0x08: stream IDs 0x08 to 0x0b share the bank. */
static void kv_smmu2_mask(struct kv_mem *t)
{
	kv_smmu2_s1(t, 3);
	t->smmu2.smr[0] = KV_SMR(KV_STD_DEVFN, 3);
}

static void kv_smmu2_fault(struct kv_mem *t)
{
	kv_smmu2_s1(t, 3);
	t->smmu2.s2cr[0] = KV_S2CR(SMMUV2_S2CR_TYPE_FAULT, 0);
}

static void kv_smmu2_bypass(struct kv_mem *t)
{
	kv_smmu2_s1(t, 3);
	t->smmu2.s2cr[0] = KV_S2CR(SMMUV2_S2CR_TYPE_BYPASS, 0);
}

static void kv_smmu2_bank_off(struct kv_mem *t)
{
	kv_smmu2_s1(t, 3);
	t->smmu2.sctlr[0] &= ~SMMUV2_SCTLR_M;
}

/* Entry 1 (0x0a, mask 0x2) can match 0x08 too: both refused. */
static void kv_smmu2_conflict(struct kv_mem *t)
{
	kv_smmu2_s1(t, 3);
	t->smmu2.smr[1] = KV_SMR(0x0a, 2);
	t->smmu2.s2cr[1] = KV_S2CR(SMMUV2_S2CR_TYPE_TRANS, 0);
}

/* Entry 1 matches 0x10 only: no conflict, both adopted. */
static void kv_smmu2_two(struct kv_mem *t)
{
	kv_smmu2_s1(t, 3);
	t->smmu2.smr[1] = KV_SMR(0x10, 0);
	t->smmu2.s2cr[1] = KV_S2CR(SMMUV2_S2CR_TYPE_TRANS, 0);
}

/*
 * Entry 0 matches 0x10-0x13, entry 1 0x08-0x09 (mask 1): the walk must
 * still report 0x08 first, as the plan's budget fallback (every stream ID
 * from the first one without a record is blocked) assumes. Found by the
 * fuzzer (stop 20): the walk reported entries in index order.
 */
static void kv_smmu2_reversed(struct kv_mem *t)
{
	kv_smmu2_s1(t, 3);
	t->smmu2.smr[0] = KV_SMR(0x10, 3);
	t->smmu2.smr[1] = KV_SMR(KV_STD_DEVFN, 1);
	t->smmu2.s2cr[1] = KV_S2CR(SMMUV2_S2CR_TYPE_TRANS, 0);
}

static void kv_smmu2_cb_beyond(struct kv_mem *t)
{
	kv_smmu2_s1(t, 3);
	t->smmu2.s2cr[0] = KV_S2CR(SMMUV2_S2CR_TYPE_TRANS, KV_SMMU2_CB);
}

static void kv_smmu2_aarch32(struct kv_mem *t)
{
	kv_smmu2_s1(t, 3);
	t->smmu2.cba2r[0] = 0;
}

static void kv_smmu2_nested(struct kv_mem *t)
{
	kv_smmu2_s1(t, 3);
	t->smmu2.cbar[0] = SMMUV2_CBAR_TYPE_NESTED << 16;
}

static void kv_smmu2_ttbr1(struct kv_mem *t)
{
	kv_smmu2_s1(t, 3);
	t->smmu2.tcr[0] &= ~SMMUV2_TCR_EPD1;
}

static void kv_smmu2_s2cr_rsvd(struct kv_mem *t)
{
	kv_smmu2_s1(t, 3);
	t->smmu2.s2cr[0] = KV_S2CR(3, 0);
}

static void kv_smmu2_big_endian(struct kv_mem *t)
{
	kv_smmu2_s1(t, 3);
	t->smmu2.sctlr[0] |= SMMUV2_SCTLR_E;
}

/* EXIDS: the valid bit is S2CR.EXIDVALID, IDs and masks 16 bits. */
static void kv_smmu2_exids(struct kv_mem *t)
{
	kv_smmu2_s1(t, 3);
	t->smmu2.caps.exids = true;
	t->smmu2.smr[0] = KV_STD_DEVFN;
	t->smmu2.s2cr[0] |= SMMUV2_S2CR_EXIDVALID;
}

static void kv_smmu2_clientpd(struct kv_mem *t)
{
	kv_smmu2_s1(t, 3);
	t->smmu2.scr0 = SMMUV2_SCR0_CLIENTPD;
}

static void kv_smmu2_tbi(struct kv_mem *t)
{
	kv_smmu2_s1(t, 3);
	t->smmu2.tcr2[0] |= BIT(5);
}

#define KV_SMMU2(n, b, r, d, a, l) \
	{ .name = n, .op = KV_OP_SMMUV2, .build = b, .ret = r, .dev = d, \
	  .nr = a, .leaves = l }
#define KV_SMMU2C(n, b, a, l, cc, ct) \
	{ .name = n, .op = KV_OP_SMMUV2, .build = b, .ret = KDUMP_OK, \
	  .dev = KDUMP_OK, .nr = a, .leaves = l, .cut_cap = cc, .cut_tbl = ct }

#endif /* __DRIVERS_IOMMU_KDUMP_PLAN_CASES_SMMUV2_H */
