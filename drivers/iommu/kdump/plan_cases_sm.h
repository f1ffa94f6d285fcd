/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hostile VT-d scalable-mode tables for plan_cases.h (included from it,
 * after its helpers).
 *
 * The standard scalable-mode layout keeps the legacy one's page tables
 * (pages 2 to 6) and leaves (pages 10 to 13) and adds
 *
 *	page 0		root table; bus 0's low half points to page 1
 *	page 1		context table of bus 0, device functions 0-127
 *	page 7		PASID directory of the standard device (PDTS 0:
 *			128 entries, 1 KiB); entry 0 points to page 8
 *	page 8		PASID table 0 (PASIDs 0-63); entry 0 is RID_PASID's
 *	page 9		a second PASID table, for cases that need one
 *
 * The standard device is bus 0, device function 0x08, DID 1, with a
 * second-stage (kv_sm_std()) or first-stage (kv_sm_fl()) table.
 */
#ifndef __DRIVERS_IOMMU_KDUMP_PLAN_CASES_SM_H
#define __DRIVERS_IOMMU_KDUMP_PLAN_CASES_SM_H

#include "fmt_vtd_sm_walk.h"

#define KV_SM_DIR		7
#define KV_SM_PTBL		8
#define KV_SM_PTBL2		9

/* First-stage entry bits: P, R/W, U/S, A, D, PS. */
#define KV_FL_P			BIT_ULL(0)
#define KV_FL_RW		BIT_ULL(1)
#define KV_FL_US		BIT_ULL(2)
#define KV_FL_A			BIT_ULL(5)
#define KV_FL_D			BIT_ULL(6)
#define KV_FL_TBL		(KV_FL_P | KV_FL_RW | KV_FL_US | KV_FL_A)

/* A PASID entry: qword 0 for second stage / first stage / pass-through. */
#define KV_PE0(ptr, aw, pgtt)	((u64)(ptr) | ((u64)(aw) << 2) | \
				 ((u64)(pgtt) << 6) | 1)

static void kv_sm_ctx(struct kv_mem *t, unsigned int devfn, u64 lo, u64 hi)
{
	u64 pa = KV_PA(1) + (devfn & 0x7f) * 32;

	kv_w64(t, pa, lo);
	kv_w64(t, pa + 8, hi);
}

/* Entry @idx of PASID table page @page. */
static void kv_sm_pe(struct kv_mem *t, unsigned int page, unsigned int idx,
		     u64 q0, u64 q1, u64 q2)
{
	u64 pa = KV_PA(page) + idx * 64;

	kv_w64(t, pa, q0);
	kv_w64(t, pa + 8, q1);
	kv_w64(t, pa + 16, q2);
}

/* Root, context entry (PASIDE as given) and directory entry 0. */
static void kv_sm_dev(struct kv_mem *t, bool paside)
{
	kv_root(t, 0, KV_PA(1) | 1, 0);
	kv_sm_ctx(t, KV_STD_DEVFN, KV_PA(KV_SM_DIR) | (paside ? BIT(3) : 0) | 1,
		  0);
	kv_w64(t, KV_PA(KV_SM_DIR), KV_PA(KV_SM_PTBL) | 1);
}

/* The standard device with a second-stage @levels table. */
static void kv_sm_std(struct kv_mem *t, unsigned int levels)
{
	unsigned int level, i;

	kv_sm_dev(t, false);
	kv_sm_pe(t, KV_SM_PTBL, 0,
		 KV_PE0(KV_PA(KV_TBL(levels, levels)), levels - 2, 2), 1, 0);
	for (level = levels; level > 1; level--)
		kv_pte(t, levels, level, 0,
		       KV_PA(KV_TBL(levels, level - 1)) | KV_RW);
	for (i = 0; i < KV_STD_LEAVES; i++)
		kv_pte(t, levels, 1, i, KV_PA(KV_LEAF_PAGE + i) | KV_RW);
}

static u64 kv_fl_leaf(u64 pa, unsigned int level, bool write)
{
	u64 pte = pa | KV_FL_P | KV_FL_US | KV_FL_A;

	if (write)
		pte |= KV_FL_RW | KV_FL_D;
	return level > 1 ? pte | KV_PS : pte;
}

/* A first-stage PASID entry in page @page, entry @idx, for @levels tables. */
static void kv_sm_fl_pe(struct kv_mem *t, unsigned int page, unsigned int idx,
			u64 root, unsigned int levels, u32 did)
{
	kv_sm_pe(t, page, idx, KV_PE0(0, 2, 1), did,
		 root | (levels == 5 ? 1ULL << 2 : 0));
}

/* The standard device with a first-stage @levels (4 or 5) table. */
static void kv_sm_fl(struct kv_mem *t, unsigned int levels)
{
	unsigned int level, i;

	kv_sm_dev(t, false);
	kv_sm_fl_pe(t, KV_SM_PTBL, 0, KV_PA(KV_TBL(levels, levels)), levels, 1);
	for (level = levels; level > 1; level--)
		kv_pte(t, levels, level, 0,
		       KV_PA(KV_TBL(levels, level - 1)) | KV_FL_TBL);
	for (i = 0; i < KV_STD_LEAVES; i++)
		kv_pte(t, levels, 1, i, kv_fl_leaf(KV_PA(KV_LEAF_PAGE + i), 1,
						   true));
}

static void kv_sm_std3(struct kv_mem *t)
{
	kv_sm_std(t, 3);
}

static void kv_sm_fl4(struct kv_mem *t)
{
	kv_sm_fl(t, 4);
}

static void kv_sm_fl5(struct kv_mem *t)
{
	kv_sm_fl(t, 5);
}

static void kv_sm_fl_2m(struct kv_mem *t)
{
	kv_sm_fl(t, 4);
	kv_pte(t, 4, 2, 1, kv_fl_leaf(0x20000000ULL, 2, true));
}

static void kv_sm_fl_1g(struct kv_mem *t)
{
	kv_sm_fl(t, 4);
	kv_pte(t, 4, 3, 1, kv_fl_leaf(0x80000000ULL, 3, false));
}

static void kv_sm_fl_1g_unsupported(struct kv_mem *t)
{
	kv_sm_fl_1g(t);
	t->caps.fl1gp = false;
}

static void kv_sm_fl_2m_misaligned(struct kv_mem *t)
{
	kv_sm_fl(t, 4);
	kv_pte(t, 4, 2, 1, kv_fl_leaf(0x20001000ULL, 2, true));
}

static void kv_sm_fl_pat_level1(struct kv_mem *t)
{
	kv_sm_fl(t, 4);
	kv_pte(t, 4, 1, 2, kv_fl_leaf(KV_PA(KV_LEAF_PAGE + 2), 1, true) |
	       KV_PS);
}

static void kv_sm_fl_ps_level4(struct kv_mem *t)
{
	kv_sm_fl(t, 4);
	kv_pte(t, 4, 4, 0, KV_PA(KV_TBL(4, 3)) | KV_FL_TBL | KV_PS);
}

static void kv_sm_fl_table_not_user(struct kv_mem *t)
{
	kv_sm_fl(t, 4);
	kv_pte(t, 4, 3, 0, (KV_PA(KV_TBL(4, 2)) | KV_FL_TBL) & ~KV_FL_US);
}

static void kv_sm_fl_table_read_only(struct kv_mem *t)
{
	kv_sm_fl(t, 4);
	kv_pte(t, 4, 2, 0, (KV_PA(KV_TBL(4, 1)) | KV_FL_TBL) & ~KV_FL_RW);
}

static void kv_sm_fl_leaf_not_user(struct kv_mem *t)
{
	kv_sm_fl(t, 4);
	kv_pte(t, 4, 1, 1, kv_fl_leaf(KV_PA(KV_LEAF_PAGE + 1), 1, true) &
	       ~KV_FL_US);
}

static void kv_sm_fl_leaf_above_haw(struct kv_mem *t)
{
	kv_sm_fl(t, 4);
	kv_pte(t, 4, 1, 3, kv_fl_leaf(KV_PA(KV_LEAF_PAGE + 3) | BIT_ULL(50),
				      1, true));
}

/* Protection-key bits: ignored by the hardware, never written by Linux. */
static void kv_sm_fl_leaf_pkey(struct kv_mem *t)
{
	kv_sm_fl(t, 4);
	kv_pte(t, 4, 1, 3, kv_fl_leaf(KV_PA(KV_LEAF_PAGE + 3), 1, true) |
	       BIT_ULL(60));
}

/* XD is ignored for DMA requests: adopted. */
static void kv_sm_fl_leaf_xd(struct kv_mem *t)
{
	kv_sm_fl(t, 4);
	kv_pte(t, 4, 1, 3, kv_fl_leaf(KV_PA(KV_LEAF_PAGE + 3), 1, true) |
	       BIT_ULL(63));
}

/* A read-only first-stage leaf over the PASID table is kept, read-only. */
static void kv_sm_fl_reads_ptbl(struct kv_mem *t)
{
	kv_sm_fl(t, 4);
	kv_pte(t, 4, 1, KV_STD_LEAVES, kv_fl_leaf(KV_PA(KV_SM_PTBL), 1,
						  false));
}

/* A writable one is cut: a device could rewrite its own PASID entry. */
static void kv_sm_fl_writes_ptbl(struct kv_mem *t)
{
	kv_sm_fl(t, 4);
	kv_pte(t, 4, 1, KV_STD_LEAVES, kv_fl_leaf(KV_PA(KV_SM_PTBL), 1, true));
}

static void kv_sm_fl_writes_dir(struct kv_mem *t)
{
	kv_sm_fl(t, 4);
	kv_pte(t, 4, 1, KV_STD_LEAVES, kv_fl_leaf(KV_PA(KV_SM_DIR), 1, true));
}

static void kv_sm_fl_leaf_in_capture(struct kv_mem *t)
{
	kv_sm_fl(t, 4);
	kv_pte(t, 4, 1, 3, kv_fl_leaf(KV_CAP_START, 1, true));
}

static void kv_sm_fl_root_in_capture(struct kv_mem *t)
{
	kv_sm_fl(t, 4);
	kv_sm_fl_pe(t, KV_SM_PTBL, 0, KV_CAP_START, 4, 1);
}

static void kv_sm_fl_root_is_ptbl(struct kv_mem *t)
{
	kv_sm_fl(t, 4);
	kv_sm_fl_pe(t, KV_SM_PTBL, 0, KV_PA(KV_SM_PTBL), 4, 1);
}

static void kv_sm_fl_root_is_dir(struct kv_mem *t)
{
	kv_sm_fl(t, 4);
	kv_sm_fl_pe(t, KV_SM_PTBL, 0, KV_PA(KV_SM_DIR), 4, 1);
}

static void kv_sm_fl_self_loop(struct kv_mem *t)
{
	kv_sm_fl(t, 4);
	kv_pte(t, 4, 4, 3, KV_PA(KV_TBL(4, 4)) | KV_FL_TBL);
}

static void kv_sm_fl_root_above_haw(struct kv_mem *t)
{
	kv_sm_fl(t, 4);
	kv_sm_fl_pe(t, KV_SM_PTBL, 0, KV_PA(KV_TBL(4, 4)) | BIT_ULL(50), 4, 1);
}

/*
 * A present entry in the upper (canonical-high) half of a 4-level root:
 * the driver never maps there, the unit would walk it.
 */
static void kv_sm_fl_upper_half_present(struct kv_mem *t)
{
	kv_sm_fl(t, 4);
	kv_pte(t, 4, 4, 300, KV_CAP_START | KV_FL_TBL);
}

static void kv_sm_fl5_unsupported(struct kv_mem *t)
{
	kv_sm_fl(t, 5);
	t->caps.fl5lp = false;
}

static void kv_sm_fl_flpm_reserved(struct kv_mem *t)
{
	kv_sm_fl(t, 4);
	kv_sm_pe(t, KV_SM_PTBL, 0, KV_PE0(0, 2, 1), 1,
		 KV_PA(KV_TBL(4, 4)) | (2ULL << 2));
}

static void kv_sm_fl_unsupported(struct kv_mem *t)
{
	kv_sm_fl(t, 4);
	t->caps.flts = false;
}

static void kv_sm_fl_slptr_set(struct kv_mem *t)
{
	kv_sm_fl(t, 4);
	kv_sm_pe(t, KV_SM_PTBL, 0, KV_PE0(KV_PA(KV_TBL(4, 4)), 2, 1), 1,
		 KV_PA(KV_TBL(4, 4)));
}

static void kv_sm_fl_ere(struct kv_mem *t)
{
	kv_sm_fl(t, 4);
	kv_sm_pe(t, KV_SM_PTBL, 0, KV_PE0(0, 2, 1), 1,
		 KV_PA(KV_TBL(4, 4)) | BIT_ULL(1));
}

static void kv_sm_pe_pgtt(struct kv_mem *t, unsigned int pgtt)
{
	kv_sm_std(t, 3);
	kv_sm_pe(t, KV_SM_PTBL, 0, KV_PE0(KV_PA(KV_TBL(3, 3)), 1, pgtt), 1, 0);
}

static void kv_sm_pe_pgtt0(struct kv_mem *t)
{
	kv_sm_pe_pgtt(t, 0);
}

static void kv_sm_pe_nested(struct kv_mem *t)
{
	kv_sm_pe_pgtt(t, 3);
}

static void kv_sm_pe_pgtt7(struct kv_mem *t)
{
	kv_sm_pe_pgtt(t, 7);
}

static void kv_sm_pe_passthrough(struct kv_mem *t)
{
	kv_sm_dev(t, false);
	kv_sm_pe(t, KV_SM_PTBL, 0, KV_PE0(0, 2, 4), 1, 0);
}

static void kv_sm_pe_pt_unsupported(struct kv_mem *t)
{
	kv_sm_pe_passthrough(t);
	t->caps.pt_supported = false;
}

static void kv_sm_sl_unsupported(struct kv_mem *t)
{
	kv_sm_std(t, 3);
	t->caps.slts = false;
}

static void kv_sm_pe_q0_rsvd(struct kv_mem *t)
{
	kv_sm_std(t, 3);
	kv_sm_pe(t, KV_SM_PTBL, 0,
		 KV_PE0(KV_PA(KV_TBL(3, 3)), 1, 2) | BIT_ULL(5), 1, 0);
}

static void kv_sm_pe_q1_rsvd(struct kv_mem *t)
{
	kv_sm_std(t, 3);
	kv_sm_pe(t, KV_SM_PTBL, 0, KV_PE0(KV_PA(KV_TBL(3, 3)), 1, 2),
		 1 | BIT_ULL(30), 0);
}

static void kv_sm_pe_q2_set_for_sl(struct kv_mem *t)
{
	kv_sm_std(t, 3);
	kv_sm_pe(t, KV_SM_PTBL, 0, KV_PE0(KV_PA(KV_TBL(3, 3)), 1, 2), 1,
		 KV_PA(KV_TBL(3, 3)));
}

static void kv_sm_pe_q7_rsvd(struct kv_mem *t)
{
	kv_sm_std(t, 3);
	kv_w64(t, KV_PA(KV_SM_PTBL) + 56, 1);
}

static void kv_sm_pe_aw_not_in_sagaw(struct kv_mem *t)
{
	kv_sm_std(t, 3);
	t->caps.sagaw = BIT(2);
}

static void kv_sm_pe_did_beyond_nd(struct kv_mem *t)
{
	kv_sm_std(t, 3);
	kv_sm_pe(t, KV_SM_PTBL, 0, KV_PE0(KV_PA(KV_TBL(3, 3)), 1, 2), 256, 0);
}

static void kv_sm_pe_did0_caching_mode(struct kv_mem *t)
{
	kv_sm_std(t, 3);
	kv_sm_pe(t, KV_SM_PTBL, 0, KV_PE0(KV_PA(KV_TBL(3, 3)), 1, 2), 0, 0);
	t->caps.caching_mode = true;
}

static void kv_sm_pe_sl_root_in_capture(struct kv_mem *t)
{
	kv_sm_std(t, 3);
	kv_sm_pe(t, KV_SM_PTBL, 0, KV_PE0(KV_CAP_START, 1, 2), 1, 0);
}

static void kv_sm_root_lo_rsvd(struct kv_mem *t)
{
	kv_sm_std(t, 3);
	kv_root(t, 0, KV_PA(1) | 1 | BIT_ULL(4), 0);
}

/* The upper half of bus 0 is bad: device function 0x08 is not in it. */
static void kv_sm_root_hi_in_capture(struct kv_mem *t)
{
	kv_sm_std(t, 3);
	kv_root(t, 0, KV_PA(1) | 1, KV_CAP_START | 1);
}

/* Device function 0x88 is found through the upper half. */
static void kv_sm_upper_devfn(struct kv_mem *t)
{
	kv_sm_std(t, 3);
	kv_root(t, 0, 0, KV_PA(1) | 1);
	kv_sm_ctx(t, KV_STD_DEVFN, 0, 0);
	kv_sm_ctx(t, 0x88, KV_PA(KV_SM_DIR) | 1, 0);
}

static void kv_sm_ctp_is_root(struct kv_mem *t)
{
	kv_sm_std(t, 3);
	kv_root(t, 0, KV_PA(0) | 1, 0);
}

static void kv_sm_ctx_lo_rsvd(struct kv_mem *t)
{
	kv_sm_std(t, 3);
	kv_sm_ctx(t, KV_STD_DEVFN, KV_PA(KV_SM_DIR) | 1 | BIT_ULL(6), 0);
}

static void kv_sm_ctx_rid_priv(struct kv_mem *t)
{
	kv_sm_std(t, 3);
	kv_sm_ctx(t, KV_STD_DEVFN, KV_PA(KV_SM_DIR) | 1, BIT_ULL(20));
}

static void kv_sm_ctx_q2_rsvd(struct kv_mem *t)
{
	kv_sm_std(t, 3);
	kv_w64(t, KV_PA(1) + KV_STD_DEVFN * 32 + 16, 1);
}

static void kv_sm_ctx_rid_pasid_without_rps(struct kv_mem *t)
{
	kv_sm_std(t, 3);
	kv_sm_ctx(t, KV_STD_DEVFN, KV_PA(KV_SM_DIR) | 1, 1);
}

/* With ECAP.RPS, requests without a PASID use PASID 1's entry. */
static void kv_sm_ctx_rid_pasid_1(struct kv_mem *t)
{
	kv_sm_std(t, 3);
	kv_sm_ctx(t, KV_STD_DEVFN, KV_PA(KV_SM_DIR) | 1, 1);
	kv_sm_pe(t, KV_SM_PTBL, 1, KV_PE0(KV_PA(KV_TBL(3, 3)), 1, 2), 1, 0);
	kv_sm_pe(t, KV_SM_PTBL, 0, 0, 0, 0);
	t->caps.rps = true;
}

/* RID_PASID 8192 needs directory entry 128: PDTS 0 has 0 to 127. */
static void kv_sm_ctx_rid_pasid_beyond_dir(struct kv_mem *t)
{
	kv_sm_std(t, 3);
	kv_sm_ctx(t, KV_STD_DEVFN, KV_PA(KV_SM_DIR) | 1, 8192);
	t->caps.rps = true;
}

static void kv_sm_ctx_dte_unsupported(struct kv_mem *t)
{
	kv_sm_std(t, 3);
	kv_sm_ctx(t, KV_STD_DEVFN, KV_PA(KV_SM_DIR) | BIT(2) | 1, 0);
	t->caps.dt_supported = false;
}

static void kv_sm_ctx_pre_unsupported(struct kv_mem *t)
{
	kv_sm_std(t, 3);
	kv_sm_ctx(t, KV_STD_DEVFN, KV_PA(KV_SM_DIR) | BIT(4) | 1, 0);
}

static void kv_sm_dir_in_capture(struct kv_mem *t)
{
	kv_sm_std(t, 3);
	kv_sm_ctx(t, KV_STD_DEVFN, KV_CAP_START | 1, 0);
}

static void kv_sm_dir_above_haw(struct kv_mem *t)
{
	kv_sm_std(t, 3);
	kv_sm_ctx(t, KV_STD_DEVFN, KV_PA(KV_SM_DIR) | BIT_ULL(50) | 1, 0);
}

static void kv_sm_dir_is_ctx(struct kv_mem *t)
{
	kv_sm_std(t, 3);
	kv_sm_ctx(t, KV_STD_DEVFN, KV_PA(1) | 1, 0);
}

/* PDTS 7: a 128 KiB directory, past the end of old RAM. */
static void kv_sm_dir_past_ram(struct kv_mem *t)
{
	kv_sm_std(t, 3);
	kv_sm_ctx(t, KV_STD_DEVFN, KV_PA(KV_SM_DIR) | (7 << 9) | 1, 0);
}

static void kv_sm_pde_rsvd(struct kv_mem *t)
{
	kv_sm_std(t, 3);
	kv_w64(t, KV_PA(KV_SM_DIR), KV_PA(KV_SM_PTBL) | BIT(2) | 1);
}

static void kv_sm_pde_in_capture(struct kv_mem *t)
{
	kv_sm_std(t, 3);
	kv_w64(t, KV_PA(KV_SM_DIR), KV_CAP_START | 1);
}

static void kv_sm_pde_past_ram(struct kv_mem *t)
{
	kv_sm_std(t, 3);
	kv_w64(t, KV_PA(KV_SM_DIR), KV_PA(KV_PAGES) | 1);
}

static void kv_sm_pde_is_dir(struct kv_mem *t)
{
	kv_sm_std(t, 3);
	kv_w64(t, KV_PA(KV_SM_DIR), KV_PA(KV_SM_DIR) | 1);
}

/* PASIDE: PASID 0 (RID_PASID) and PASID 65 (second table), both adopted. */
static void kv_sm_two_pasids(struct kv_mem *t)
{
	kv_sm_fl(t, 4);
	kv_sm_ctx(t, KV_STD_DEVFN, KV_PA(KV_SM_DIR) | BIT(3) | 1, 0);
	kv_w64(t, KV_PA(KV_SM_DIR) + 8, KV_PA(KV_SM_PTBL2) | 1);
	kv_sm_fl_pe(t, KV_SM_PTBL2, 1, KV_PA(KV_TBL(4, 4)), 4, 2);
}

/*
 * A second device (devfn 0x10, directory in page 14, PASID table in page
 * 15) whose RID_PASID entry has the standard device's domain ID 1 but a
 * root of its own (page 6, over the standard level-3 table): both are
 * requests without a PASID, cached under the same tags.
 */
static void kv_sm_did_two_trees(struct kv_mem *t)
{
	kv_sm_fl(t, 4);
	kv_sm_ctx(t, 0x10, KV_PA(14) | 1, 0);
	kv_w64(t, KV_PA(14), KV_PA(15) | 1);
	kv_w64(t, KV_PA(6), KV_PA(KV_TBL(4, 3)) | KV_FL_TBL);
	kv_sm_fl_pe(t, 15, 0, KV_PA(6), 4, 1);
}

/*
 * SVA: PASIDs 1 and 65 bound to two processes, both under domain ID 2
 * (6.12 binds every mm with one domain ID) with different roots. First-
 * stage caches are tagged with the PASID too: all adopted.
 */
static void kv_sm_sva_shared_did(struct kv_mem *t)
{
	kv_sm_two_pasids(t);
	kv_w64(t, KV_PA(6), KV_PA(KV_TBL(4, 3)) | KV_FL_TBL);
	kv_sm_fl_pe(t, KV_SM_PTBL, 1, KV_PA(6), 4, 2);
}

/* PASIDE: a bad PASID 65 blocks the device, PASID 0 with it. */
static void kv_sm_bad_pasid_blocks_device(struct kv_mem *t)
{
	kv_sm_two_pasids(t);
	kv_sm_pe(t, KV_SM_PTBL2, 1, KV_PE0(0, 2, 3), 2, 0);
}

/* Without PASIDE the same bad entry is never read by the hardware. */
static void kv_sm_bad_pasid_unreachable(struct kv_mem *t)
{
	kv_sm_bad_pasid_blocks_device(t);
	kv_sm_ctx(t, KV_STD_DEVFN, KV_PA(KV_SM_DIR) | 1, 0);
}

static void kv_sm_paside_unsupported(struct kv_mem *t)
{
	kv_sm_two_pasids(t);
	t->caps.pasid = false;
}

/* A second device with a bad entry; the standard one stays adopted. */
static void kv_sm_one_bad_device(struct kv_mem *t)
{
	kv_sm_fl(t, 4);
	kv_sm_ctx(t, 0x10, KV_PA(KV_SM_DIR) | 1 | BIT_ULL(5), 0);
}

/* Two devices sharing a PASID table, as DMA aliases do: both adopted. */
static void kv_sm_alias_shares_tables(struct kv_mem *t)
{
	kv_sm_fl(t, 4);
	kv_sm_ctx(t, 0x10, KV_PA(KV_SM_DIR) | 1, 0);
}

static void kv_sm_pasid_table_read_fails(struct kv_mem *t)
{
	kv_sm_std(t, 3);
	t->fail_read = 4;	/* root, context, directory, PASID table */
}

#define KV_SM(n, b, r, d, a, l) \
	{ .name = n, .op = KV_OP_VTDSM, .build = b, .ret = r, .dev = d, \
	  .nr = a, .leaves = l }
#define KV_SMC(n, b, a, l, cc, ct) \
	{ .name = n, .op = KV_OP_VTDSM, .build = b, .ret = KDUMP_OK, \
	  .dev = KDUMP_OK, .nr = a, .leaves = l, .cut_cap = cc, .cut_tbl = ct }

#endif /* __DRIVERS_IOMMU_KDUMP_PLAN_CASES_SM_H */
