/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hostile SMMUv3 stream tables for plan_cases.h (included from it, after
 * its helpers).
 *
 * The standard SMMUv3 layout keeps the page tables (pages 2 to 6) and
 * leaves (pages 10 to 13) of the VT-d one:
 *
 *	page 0		linear stream table, 64 STEs (STRTAB_BASE_CFG 6)
 *	page 1		CD table of the standard stream (one CD, S1CDMax 0)
 *	page 7		2-level cases: the level-1 stream table (SPLIT 6)
 *	page 8		2-level cases: the level-2 table of L1 entry 1
 *	page 9		2-level CD cases: the level-1 CD table
 *
 * The standard stream is stream ID 0x08 with a stage 1 tree (ASID 1,
 * kv_smmu_s1()) or a stage 2 tree (VMID 1, kv_smmu_s2()), 4 KiB granule.
 */
#ifndef __DRIVERS_IOMMU_KDUMP_PLAN_CASES_SMMUV3_H
#define __DRIVERS_IOMMU_KDUMP_PLAN_CASES_SMMUV3_H

#include "fmt_lpae.h"
#include "fmt_smmuv3_walk.h"

#define KV_SMMU_SID		0x08
#define KV_SMMU_CD		1
#define KV_SMMU_L1		7
#define KV_SMMU_L2		8
#define KV_SMMU_L1CD		9

/* LPAE entries. */
#define KV_LP_TABLE		(BIT_ULL(1) | BIT_ULL(0))
#define KV_LP_BLOCK		BIT_ULL(0)
#define KV_LP_AF		BIT_ULL(10)
#define KV_LP_RDONLY		BIT_ULL(7)
#define KV_LP_S2R		BIT_ULL(6)
#define KV_LP_S2W		BIT_ULL(7)

/* STE word 0 of @cfg; a stage 1 STE's CD table pointer, format, S1CDMax. */
#define KV_STE0(cfg)		(1ULL | ((u64)(cfg) << 1))
#define KV_STE0_S1(ptr, fmt, cdmax) \
	(KV_STE0(SMMUV3_STE_CFG_S1) | (u64)(ptr) | ((u64)(fmt) << 4) | \
	 ((u64)(cdmax) << 59))
/* Stage 2 word 2: VMID, S2T0SZ, S2SL0, 4 KiB, S2PS 44 bits, AArch64. */
#define KV_STE2_S2(vmid, tsz, sl0) \
	((u64)(vmid) | ((u64)(tsz) << 32) | ((u64)(sl0) << 38) | \
	 (4ULL << 48) | SMMUV3_STE_S2AA64)
/* CD word 0 as 6.12 writes it: T0SZ, 4 KiB, EPD1, V, IPS 48, AA64, ASID. */
#define KV_CD0(tsz, asid) \
	((u64)(tsz) | SMMUV3_CD_EPD1 | SMMUV3_CD_V | (5ULL << 32) | \
	 SMMUV3_CD_AA64 | BIT_ULL(45) | BIT_ULL(46) | BIT_ULL(47) | \
	 ((u64)(asid) << 48))

static u64 kv_lp_table(u64 pa, unsigned int level)
{
	return pa | KV_LP_TABLE;
}

static u64 kv_lp_s1_leaf(u64 pa, unsigned int level, bool write)
{
	return pa | (level > 1 ? KV_LP_BLOCK : KV_LP_TABLE) | KV_LP_AF |
	       BIT_ULL(6) | (write ? 0 : KV_LP_RDONLY);
}

static u64 kv_lp_s2_leaf(u64 pa, unsigned int level, bool write)
{
	return pa | (level > 1 ? KV_LP_BLOCK : KV_LP_TABLE) | KV_LP_AF |
	       KV_LP_S2R | (write ? KV_LP_S2W : 0);
}

/* STE @sid of the table at @pa: words 0 to 3, the rest zero. */
static void kv_ste(struct kv_mem *t, u64 pa, u32 sid, u64 w0, u64 w1, u64 w2,
		   u64 w3)
{
	pa += sid * 64ULL;
	kv_w64(t, pa, w0);
	kv_w64(t, pa + 8, w1);
	kv_w64(t, pa + 16, w2);
	kv_w64(t, pa + 24, w3);
}

static void kv_cd(struct kv_mem *t, u64 pa, u32 ssid, u64 w0, u64 ttb0)
{
	kv_w64(t, pa + ssid * 64ULL, w0);
	kv_w64(t, pa + ssid * 64ULL + 8, ttb0);
}

/* The standard tree of @levels: tables in pages 2.., leaves 10..13. */
static void kv_lp_tree(struct kv_mem *t, unsigned int levels, bool s2)
{
	unsigned int level, i;

	for (level = levels; level > 1; level--)
		kv_pte(t, levels, level, 0,
		       kv_lp_table(KV_PA(KV_TBL(levels, level - 1)), level));
	for (i = 0; i < KV_STD_LEAVES; i++)
		kv_pte(t, levels, 1, i,
		       s2 ? kv_lp_s2_leaf(KV_PA(KV_LEAF_PAGE + i), 1, true) :
			    kv_lp_s1_leaf(KV_PA(KV_LEAF_PAGE + i), 1, true));
}

/* T0SZ of a 4 KiB tree that starts at the top of @levels levels. */
#define KV_LP_TSZ(levels)	(64 - (12 + 9 * (levels)))

static void kv_smmu_s1(struct kv_mem *t, unsigned int levels)
{
	kv_ste(t, KV_PA(0), KV_SMMU_SID,
	       KV_STE0_S1(KV_PA(KV_SMMU_CD), 0, 0), 0, 0, 0);
	kv_cd(t, KV_PA(KV_SMMU_CD), 0, KV_CD0(KV_LP_TSZ(levels), 1),
	      KV_PA(KV_TBL(levels, levels)));
	kv_lp_tree(t, levels, false);
}

static void kv_smmu_s1_set_root(struct kv_mem *t, unsigned int levels, u64 pa)
{
	kv_cd(t, KV_PA(KV_SMMU_CD), 0, KV_CD0(KV_LP_TSZ(levels), 1), pa);
}

static void kv_smmu_s2(struct kv_mem *t, unsigned int levels)
{
	kv_ste(t, KV_PA(0), KV_SMMU_SID, KV_STE0(SMMUV3_STE_CFG_S2), 0,
	       KV_STE2_S2(1, KV_LP_TSZ(levels), levels - 2),
	       KV_PA(KV_TBL(levels, levels)));
	kv_lp_tree(t, levels, true);
}

static void kv_smmu_s2_set_root(struct kv_mem *t, unsigned int levels, u64 pa)
{
	kv_w64(t, KV_PA(0) + KV_SMMU_SID * 64 + 24, pa);
}

static void kv_smmu_s1_3(struct kv_mem *t)
{
	kv_smmu_s1(t, 3);
}

static void kv_smmu_s1_4(struct kv_mem *t)
{
	kv_smmu_s1(t, 4);
}

static void kv_smmu_s1_2(struct kv_mem *t)
{
	kv_smmu_s1(t, 2);
}

static void kv_smmu_s2_3(struct kv_mem *t)
{
	kv_smmu_s2(t, 3);
}

/*
 * Stage 2 starting at level 2 with 31 input bits: two concatenated 4 KiB
 * roots (pages 2 and 3), the second holding a 2 MiB block at 1 GiB.
 */
static void kv_smmu_s2_concat(struct kv_mem *t)
{
	unsigned int i;

	kv_ste(t, KV_PA(0), KV_SMMU_SID, KV_STE0(SMMUV3_STE_CFG_S2), 0,
	       KV_STE2_S2(1, 33, 0), KV_PA(2));
	kv_w64(t, KV_PA(2), kv_lp_table(KV_PA(4), 2));
	for (i = 0; i < KV_STD_LEAVES; i++)
		kv_w64(t, KV_PA(4) + i * 8,
		       kv_lp_s2_leaf(KV_PA(KV_LEAF_PAGE + i), 1, true));
	kv_w64(t, KV_PA(3), kv_lp_s2_leaf(0x20000000ULL, 2, true));
}

/* S2T0SZ 25 (39 bits) cannot start at level 2: 18 bits at the root. */
static void kv_smmu_s2_sl0_mismatch(struct kv_mem *t)
{
	kv_smmu_s2(t, 3);
	kv_w64(t, KV_PA(0) + KV_SMMU_SID * 64 + 16, KV_STE2_S2(1, 25, 0));
}

/* A stage 1 tree with a 16 KiB granule: root in pages 4-7, leaf 12-15. */
static void kv_smmu_s1_16k(struct kv_mem *t)
{
	kv_ste(t, KV_PA(0), KV_SMMU_SID,
	       KV_STE0_S1(KV_PA(KV_SMMU_CD), 0, 0), 0, 0, 0);
	/* 36 input bits, two levels; TG0 0b10. */
	kv_cd(t, KV_PA(KV_SMMU_CD), 0, KV_CD0(28, 1) | (2ULL << 6), KV_PA(4));
	kv_w64(t, KV_PA(4), kv_lp_table(KV_PA(8), 2));
	kv_w64(t, KV_PA(8), kv_lp_s1_leaf(KV_PA(12), 1, true));
}

static void kv_smmu_s1_16k_missing(struct kv_mem *t)
{
	kv_smmu_s1_16k(t);
	t->smmu.granules = BIT(0) | BIT(4);
}

static void kv_smmu_abort(struct kv_mem *t)
{
	kv_ste(t, KV_PA(0), KV_SMMU_SID, KV_STE0(SMMUV3_STE_CFG_ABORT), 0, 0,
	       0);
}

static void kv_smmu_bypass(struct kv_mem *t)
{
	kv_ste(t, KV_PA(0), KV_SMMU_SID, KV_STE0(SMMUV3_STE_CFG_BYPASS),
	       1ULL << 44, 0, 0);
}

static void kv_smmu_cfg_rsvd(struct kv_mem *t)
{
	kv_smmu_s1(t, 3);
	kv_w64(t, KV_PA(0) + KV_SMMU_SID * 64, KV_STE0(2));
}

static void kv_smmu_nested(struct kv_mem *t)
{
	kv_smmu_s1(t, 3);
	kv_w64(t, KV_PA(0) + KV_SMMU_SID * 64,
	       KV_STE0_S1(KV_PA(KV_SMMU_CD), 0, 0) |
	       KV_STE0(SMMUV3_STE_CFG_NESTED));
}

static void kv_smmu_ctxptr(struct kv_mem *t, u64 pa)
{
	kv_smmu_s1(t, 3);
	kv_w64(t, KV_PA(0) + KV_SMMU_SID * 64, KV_STE0_S1(pa, 0, 0));
}

static void kv_smmu_ctxptr_capture(struct kv_mem *t)
{
	kv_smmu_ctxptr(t, KV_CAP_START);
}

static void kv_smmu_ctxptr_past_ram(struct kv_mem *t)
{
	kv_smmu_ctxptr(t, KV_PA(KV_PAGES));
}

static void kv_smmu_ctxptr_strtab(struct kv_mem *t)
{
	kv_smmu_ctxptr(t, KV_PA(0) + 0x40);
}

static void kv_smmu_cd0(struct kv_mem *t, u64 set, u64 clear)
{
	u64 cd0 = KV_CD0(KV_LP_TSZ(3), 1);

	kv_smmu_s1(t, 3);
	kv_w64(t, KV_PA(KV_SMMU_CD), (cd0 | set) & ~clear);
}

static void kv_smmu_cd_invalid(struct kv_mem *t)
{
	kv_smmu_cd0(t, 0, SMMUV3_CD_V);
}

static void kv_smmu_cd_aa32(struct kv_mem *t)
{
	kv_smmu_cd0(t, 0, SMMUV3_CD_AA64);
}

static void kv_smmu_cd_ttb1(struct kv_mem *t)
{
	kv_smmu_cd0(t, 0, SMMUV3_CD_EPD1);
}

static void kv_smmu_cd_tbi(struct kv_mem *t)
{
	kv_smmu_cd0(t, 1ULL << 38, 0);
}

static void kv_smmu_cd_ips_rsvd(struct kv_mem *t)
{
	kv_smmu_cd0(t, 7ULL << 32, 0);
}

static void kv_smmu_cd_epd0(struct kv_mem *t)
{
	kv_smmu_cd0(t, SMMUV3_CD_EPD0, 0);
}

static void kv_smmu_cd_asid8(struct kv_mem *t)
{
	kv_smmu_cd0(t, 0x100ULL << 48, 0);
	t->smmu.asid16 = false;
}

static void kv_smmu_cd_t0sz_small(struct kv_mem *t)
{
	/* T0SZ 12: a 52-bit input space. */
	kv_smmu_cd0(t, 0, 0);
	kv_w64(t, KV_PA(KV_SMMU_CD), KV_CD0(12, 1));
}

static void kv_smmu_s2_vmid8(struct kv_mem *t)
{
	kv_smmu_s2(t, 3);
	kv_w64(t, KV_PA(0) + KV_SMMU_SID * 64 + 16,
	       KV_STE2_S2(0x100, KV_LP_TSZ(3), 1));
	t->smmu.vmid16 = false;
}

static void kv_smmu_s2_unsupported(struct kv_mem *t)
{
	kv_smmu_s2(t, 3);
	t->smmu.s2 = false;
}

static void kv_smmu_s2_aa32(struct kv_mem *t)
{
	kv_smmu_s2(t, 3);
	kv_w64(t, KV_PA(0) + KV_SMMU_SID * 64 + 16,
	       KV_STE2_S2(1, KV_LP_TSZ(3), 1) & ~SMMUV3_STE_S2AA64);
}

static void kv_smmu_ste_word4(struct kv_mem *t)
{
	kv_smmu_s1(t, 3);
	kv_w64(t, KV_PA(0) + KV_SMMU_SID * 64 + 32, 1);
}

static void kv_smmu_ste0_rsvd(struct kv_mem *t)
{
	kv_smmu_s1(t, 3);
	kv_w64(t, KV_PA(0) + KV_SMMU_SID * 64,
	       KV_STE0_S1(KV_PA(KV_SMMU_CD), 0, 0) | BIT_ULL(55));
}

static void kv_smmu_cdmax_wide(struct kv_mem *t)
{
	kv_smmu_s1(t, 3);
	kv_w64(t, KV_PA(0) + KV_SMMU_SID * 64,
	       KV_STE0_S1(KV_PA(KV_SMMU_CD), 0, 4));
	t->smmu.ssid_bits = 2;
}

/* A second stream (0x09) whose CD table is in capture memory. */
static void kv_smmu_one_bad_stream(struct kv_mem *t)
{
	kv_smmu_s1(t, 3);
	kv_ste(t, KV_PA(0), KV_SMMU_SID + 1,
	       KV_STE0_S1(KV_CAP_START, 0, 0), 0, 0, 0);
}

/* Two substreams (S1CDMax 1) with S1DSS @dss: CD 1 shares CD 0's tree. */
static void kv_smmu_two_cds(struct kv_mem *t, unsigned int dss)
{
	kv_smmu_s1(t, 3);
	kv_ste(t, KV_PA(0), KV_SMMU_SID,
	       KV_STE0_S1(KV_PA(KV_SMMU_CD), 0, 1), dss, 0, 0);
	kv_cd(t, KV_PA(KV_SMMU_CD), 1, KV_CD0(KV_LP_TSZ(3), 2),
	      KV_PA(KV_TBL(3, 3)));
}

static void kv_smmu_dss_ssid0(struct kv_mem *t)
{
	kv_smmu_two_cds(t, SMMUV3_STE_S1DSS_SSID0);
}

static void kv_smmu_dss_terminate(struct kv_mem *t)
{
	kv_smmu_two_cds(t, SMMUV3_STE_S1DSS_TERMINATE);
}

static void kv_smmu_dss_bypass(struct kv_mem *t)
{
	kv_smmu_two_cds(t, SMMUV3_STE_S1DSS_BYPASS);
}

static void kv_smmu_dss_rsvd(struct kv_mem *t)
{
	kv_smmu_two_cds(t, 3);
}

/*
 * A 2-level CD table (S1Fmt 4 KiB L2, S1CDMax 7: two L1 descriptors in
 * page 9); L1 entry 0 points to the standard CD page, holding CD 0 and
 * CD 5.
 */
static void kv_smmu_cd_2lvl(struct kv_mem *t)
{
	kv_smmu_s1(t, 3);
	kv_ste(t, KV_PA(0), KV_SMMU_SID,
	       KV_STE0_S1(KV_PA(KV_SMMU_L1CD), SMMUV3_STE_S1FMT_4K_L2, 7),
	       SMMUV3_STE_S1DSS_SSID0, 0, 0);
	kv_w64(t, KV_PA(KV_SMMU_L1CD), KV_PA(KV_SMMU_CD) | 1);
	kv_cd(t, KV_PA(KV_SMMU_CD), 5, KV_CD0(KV_LP_TSZ(3), 2),
	      KV_PA(KV_TBL(3, 3)));
}

static void kv_smmu_l1cd(struct kv_mem *t, u64 desc)
{
	kv_smmu_cd_2lvl(t);
	kv_w64(t, KV_PA(KV_SMMU_L1CD) + 8, desc);
}

static void kv_smmu_l1cd_capture(struct kv_mem *t)
{
	kv_smmu_l1cd(t, KV_CAP_START | 1);
}

static void kv_smmu_l1cd_rsvd(struct kv_mem *t)
{
	kv_smmu_l1cd(t, KV_PA(KV_SMMU_CD) | BIT_ULL(4) | 1);
}

static void kv_smmu_l1cd_strtab(struct kv_mem *t)
{
	kv_smmu_l1cd(t, KV_PA(0) | 1);
}

static void kv_smmu_cd_2lvl_no_cd2l(struct kv_mem *t)
{
	kv_smmu_cd_2lvl(t);
	t->smmu.cd2l = false;
}

/*
 * A 2-level stream table: L1 (SPLIT 6, 256 stream IDs: four descriptors)
 * in page 7, entry 1 (stream IDs 64-127) spanning 64 STEs in page 8; the
 * standard stream is stream ID 64 + 8.
 */
static void kv_smmu_2lvl(struct kv_mem *t)
{
	kv_smmu_s1(t, 3);
	kv_ste(t, KV_PA(0), KV_SMMU_SID, 0, 0, 0, 0);
	kv_ste(t, KV_PA(KV_SMMU_L2), KV_SMMU_SID,
	       KV_STE0_S1(KV_PA(KV_SMMU_CD), 0, 0), 0, 0, 0);
	kv_w64(t, KV_PA(KV_SMMU_L1) + 8, KV_PA(KV_SMMU_L2) | 7);
	t->strtab_base = KV_PA(KV_SMMU_L1);
	t->strtab_cfg = 8 | (6 << 6) | (1 << 16);
}

static void kv_smmu_l1(struct kv_mem *t, u64 desc)
{
	kv_smmu_2lvl(t);
	kv_w64(t, KV_PA(KV_SMMU_L1) + 8, desc);
}

static void kv_smmu_l1_capture(struct kv_mem *t)
{
	kv_smmu_l1(t, KV_CAP_START | 7);
}

static void kv_smmu_l1_span_big(struct kv_mem *t)
{
	kv_smmu_l1(t, KV_PA(KV_SMMU_L2) | 8);
}

static void kv_smmu_l1_misaligned(struct kv_mem *t)
{
	kv_smmu_l1(t, (KV_PA(KV_SMMU_L2) + 0x40) | 7);
}

static void kv_smmu_l1_is_l1(struct kv_mem *t)
{
	kv_smmu_l1(t, KV_PA(KV_SMMU_L1) | 1);
}

static void kv_smmu_strtab_capture(struct kv_mem *t)
{
	kv_smmu_s1(t, 3);
	t->strtab_base = KV_CAP_START;
}

static void kv_smmu_strtab_past_ram(struct kv_mem *t)
{
	kv_smmu_s1(t, 3);
	/* 2048 STEs, 128 KiB: twice old RAM. */
	t->strtab_cfg = 11;
}

static void kv_smmu_strtab_wide(struct kv_mem *t)
{
	kv_smmu_s1(t, 3);
	t->strtab_cfg = 17;
}

static void kv_smmu_strtab_fmt_rsvd(struct kv_mem *t)
{
	kv_smmu_s1(t, 3);
	t->strtab_cfg = 6 | (2 << 16);
}

static void kv_smmu_strtab_split_rsvd(struct kv_mem *t)
{
	kv_smmu_2lvl(t);
	t->strtab_cfg = 8 | (7 << 6) | (1 << 16);
}

static void kv_smmu_strtab_misaligned(struct kv_mem *t)
{
	kv_smmu_s1(t, 3);
	t->strtab_base = KV_PA(0) + 0x40;
	t->strtab_cfg = 2;
}

static void kv_smmu_strtab_read_fails(struct kv_mem *t)
{
	kv_smmu_s1(t, 3);
	t->fail_read = 1;
}

/* AF=0 leaves take Access flag faults unless S2AFFD is set. */
static void kv_smmu_s2_af_clear(struct kv_mem *t)
{
	kv_smmu_s2(t, 3);
	kv_pte(t, 3, 1, 0, kv_lp_s2_leaf(KV_PA(KV_LEAF_PAGE), 1, true) &
	       ~KV_LP_AF);
}

static void kv_smmu_s2_af_clear_affd(struct kv_mem *t)
{
	kv_smmu_s2_af_clear(t);
	kv_w64(t, KV_PA(0) + KV_SMMU_SID * 64 + 16,
	       KV_STE2_S2(1, KV_LP_TSZ(3), 1) | SMMUV3_STE_S2AFFD);
}

/* A leaf's reserved bits, a block at the last level, a stage 1 APTable. */
static void kv_smmu_leaf_rsvd(struct kv_mem *t)
{
	kv_smmu_s1(t, 3);
	kv_pte(t, 3, 1, 0, kv_lp_s1_leaf(KV_PA(KV_LEAF_PAGE), 1, true) |
	       BIT_ULL(49));
}

static void kv_smmu_last_level_block(struct kv_mem *t)
{
	kv_smmu_s1(t, 3);
	kv_pte(t, 3, 1, 0, kv_lp_s1_leaf(KV_PA(KV_LEAF_PAGE), 1, true) &
	       ~BIT_ULL(1));
}

static void kv_smmu_aptable(struct kv_mem *t)
{
	kv_smmu_s1(t, 3);
	kv_pte(t, 3, 3, 0, kv_lp_table(KV_PA(KV_TBL(3, 2)), 3) | BIT_ULL(62));
}

static void kv_smmu_block_misaligned(struct kv_mem *t)
{
	kv_smmu_s1(t, 3);
	kv_pte(t, 3, 2, 1, kv_lp_s1_leaf(0x20001000ULL, 2, true));
}

/*
 * Found in review (stop 20). With S1CDMax 0 the SMMU ignores S1Fmt and
 * S1ContextPtr points at the one CD (a 4-level tree: T0SZ 16, bit 0
 * clear, which read as an L1CD would be invalid).
 */
static void kv_smmu_cdmax0_s1fmt(struct kv_mem *t)
{
	kv_smmu_s1(t, 4);
	kv_w64(t, KV_PA(0) + KV_SMMU_SID * 64,
	       KV_STE0_S1(KV_PA(KV_SMMU_CD), SMMUV3_STE_S1FMT_4K_L2, 0));
}

/* A linear CD table must be aligned to its size (two CDs: 128 bytes). */
static void kv_smmu_cdtab_misaligned(struct kv_mem *t)
{
	kv_smmu_s1(t, 3);
	kv_w64(t, KV_PA(0) + KV_SMMU_SID * 64,
	       KV_STE0_S1(KV_PA(KV_SMMU_CD) + 0x40, 0, 1));
	kv_cd(t, KV_PA(KV_SMMU_CD), 1, KV_CD0(KV_LP_TSZ(3), 1),
	      KV_PA(KV_TBL(3, 3)));
}

/* 64 KiB level-2 CD tables must be 64 KiB aligned (L2Ptr[15:12] RES0). */
static void kv_smmu_l1cd_64k_misaligned(struct kv_mem *t)
{
	kv_smmu_s1(t, 3);
	kv_ste(t, KV_PA(0), KV_SMMU_SID,
	       KV_STE0_S1(KV_PA(KV_SMMU_L1CD), SMMUV3_STE_S1FMT_64K_L2, 11),
	       SMMUV3_STE_S1DSS_SSID0, 0, 0);
	kv_w64(t, KV_PA(KV_SMMU_L1CD), KV_PA(KV_SMMU_CD) | 1);
}

/* CD.AFFD: the Access flag counts as set, an AF=0 leaf maps. */
static void kv_smmu_cd_affd(struct kv_mem *t)
{
	kv_smmu_cd0(t, BIT_ULL(35), 0);
	kv_pte(t, 3, 1, 0, kv_lp_s1_leaf(KV_PA(KV_LEAF_PAGE), 1, true) &
	       ~KV_LP_AF);
}

/* Stage 2 hardware Access flag / dirty state: 6.12 never sets them. */
static void kv_smmu_s2ha(struct kv_mem *t)
{
	kv_smmu_s2(t, 3);
	kv_w64(t, KV_PA(0) + KV_SMMU_SID * 64 + 16,
	       KV_STE2_S2(1, KV_LP_TSZ(3), 1) | BIT_ULL(56));
}

/* Permission indirection (STE.S1PIE, CD words 2 and 4-7): refused. */
static void kv_smmu_s1pie(struct kv_mem *t)
{
	kv_smmu_s1(t, 3);
	kv_w64(t, KV_PA(0) + KV_SMMU_SID * 64 + 8, BIT_ULL(24));
}

static void kv_smmu_cd_word2(struct kv_mem *t)
{
	kv_smmu_s1(t, 3);
	kv_w64(t, KV_PA(KV_SMMU_CD) + 16, BIT_ULL(59));
}

static void kv_smmu_cd_word4(struct kv_mem *t)
{
	kv_smmu_s1(t, 3);
	kv_w64(t, KV_PA(KV_SMMU_CD) + 32, 1);
}

/* StreamWorld EL2 without E2H ignores EPD0: refused; STRW 0bx1 ILLEGAL. */
static void kv_smmu_strw_el2(struct kv_mem *t)
{
	kv_smmu_s1(t, 3);
	kv_w64(t, KV_PA(0) + KV_SMMU_SID * 64 + 8, 2ULL << 30);
}

static void kv_smmu_strw_el2_e2h(struct kv_mem *t)
{
	kv_smmu_strw_el2(t);
	t->smmu.e2h = true;
}

static void kv_smmu_strw_illegal(struct kv_mem *t)
{
	kv_smmu_s1(t, 3);
	kv_w64(t, KV_PA(0) + KV_SMMU_SID * 64 + 8, 1ULL << 30);
}

/* BTI's GP (bit 50) in a stage 1 leaf only concerns instruction fetch. */
static void kv_smmu_leaf_gp(struct kv_mem *t)
{
	kv_smmu_s1(t, 3);
	kv_pte(t, 3, 1, 0, kv_lp_s1_leaf(KV_PA(KV_LEAF_PAGE), 1, true) |
	       BIT_ULL(50));
}

/* 16 KiB stage 2 starting at level 0 (S2SL0 3) needs LPA2: reserved. */
static void kv_smmu_s2_16k_sl0_3(struct kv_mem *t)
{
	/* An empty root (page 9): only the shape can refuse the stream. */
	kv_ste(t, KV_PA(0), KV_SMMU_SID, KV_STE0(SMMUV3_STE_CFG_S2), 0,
	       (KV_STE2_S2(1, 16, 3) & ~SMMUV3_STE_S2TG) | (2ULL << 46),
	       KV_PA(9));
}

/* The Contiguous hint: io-pgtable-arm never sets it; refused. */
static void kv_smmu_leaf_contig(struct kv_mem *t)
{
	kv_smmu_s1(t, 3);
	kv_pte(t, 3, 1, 0, kv_lp_s1_leaf(KV_PA(KV_LEAF_PAGE), 1, true) |
	       BIT_ULL(52));
}

/* EATS 0b10 (split-stage ATS) is ILLEGAL without nesting. */
static void kv_smmu_eats_split(struct kv_mem *t)
{
	kv_smmu_s1(t, 3);
	kv_w64(t, KV_PA(0) + KV_SMMU_SID * 64 + 8, 2ULL << 28);
}

/*
 * 1024 level-1 entries (SPLIT 6) all pointing at one level-2 table of 64
 * stage 1 STEs, each with a table of 64 invalid CDs: 65536 STEs and 4M CD
 * decodes, past the walk's bound.
 */
static void kv_smmu_shared_l2_fanout(struct kv_mem *t)
{
	unsigned int i;

	for (i = 0; i < 64; i++)
		kv_ste(t, KV_PA(KV_SMMU_L2), i,
		       KV_STE0_S1(KV_PA(KV_SMMU_CD), 0, 6),
		       SMMUV3_STE_S1DSS_SSID0, 0, 0);
	for (i = 0; i < 1024; i++)
		kv_w64(t, KV_PA(2) + i * 8, KV_PA(KV_SMMU_L2) | 7);
	t->strtab_base = KV_PA(2);
	t->strtab_cfg = 16 | (6 << 6) | (1 << 16);
}

#define KV_SMMU(n, b, r, d, a, l) \
	{ .name = n, .op = KV_OP_SMMUV3, .build = b, .ret = r, .dev = d, \
	  .nr = a, .leaves = l }
#define KV_SMMUC(n, b, a, l, cc, ct) \
	{ .name = n, .op = KV_OP_SMMUV3, .build = b, .ret = KDUMP_OK, \
	  .dev = KDUMP_OK, .nr = a, .leaves = l, .cut_cap = cc, .cut_tbl = ct }

#endif /* __DRIVERS_IOMMU_KDUMP_PLAN_CASES_SMMUV3_H */
