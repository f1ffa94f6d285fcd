/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hostile old tables, shared by the KUnit suite (pure_kunit.c) and the
 * user-space unit test and fuzzer (tools/testing/selftests/iommu/kdump/unit/).
 *
 * Each case builds a small synthetic old memory: KV_PAGES pages of old RAM
 * at KV_BASE, with capture memory far away at KV_CAP_START. The standard
 * VT-d layout is
 *
 *	page 0		root table (RTADDR)
 *	page 1		context table of bus 0
 *	page 2..	page table, top level first, one table per level
 *	page 10..13	the four 4 KiB pages the standard device maps
 *
 * The standard AMD-Vi layout is the same with the device table (one page,
 * 128 entries) in page 0 and room for an interrupt remapping table in page
 * 1; the standard device is device ID 0x08, domain 1.
 *
 * Every case then breaks one thing. Each runs the unit walker of its
 * format into an adoption plan (plan.c), which walks the page tables,
 * cuts what no device may keep and decides every verdict. Properties that
 * do not depend on the format (loops, leaves in capture memory, walk
 * limits) are written once in kv_shared[] against a &struct kv_fmt and run
 * for every format. The expected outcome is what the whole IOMMU gets
 * (@ret), the first verdict a bus or translation gets that is not KDUMP_OK
 * (@dev), how many translations are adopted (@nr), how many leaves their
 * page tables have in total (@leaves), and how many bytes of mappings were
 * cut because they reach capture memory (@cut_cap) or let a device write a
 * table the IOMMU reads (@cut_tbl). Every tree the plan builds anew is
 * built and walked back, and must map exactly what the plan kept. ELF
 * cases expect @ret and the number of old RAM ranges (@nr).
 *
 * The case names read as properties: "what is wrong" then "what it gets".
 */
#ifndef __DRIVERS_IOMMU_KDUMP_PLAN_CASES_H
#define __DRIVERS_IOMMU_KDUMP_PLAN_CASES_H

#include <linux/types.h>
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/string.h>

#include "fmt_amd.h"
#include "fmt_smmuv2.h"
#include "fmt_smmuv3_walk.h"
#include "fmt_vtd.h"
#include "fmt_vtd_sm_walk.h"
#include "plan.h"

#define KV_BASE			0x10000000ULL
#define KV_PAGES		16
#define KV_PAGE_SIZE		4096
#define KV_PA(n)		(KV_BASE + (u64)(n) * KV_PAGE_SIZE)
#define KV_CAP_START		0x40000000ULL
#define KV_CAP_END		0x50000000ULL
#define KV_MMIO			0xfe000000ULL
#define KV_MAX_RANGES		8

/* Page of the standard table at @level (1 = last) for a @levels table. */
#define KV_TBL(levels, level)	(2 + (levels) - (level))
#define KV_LEAF_PAGE		10
#define KV_STD_LEAVES		4
#define KV_STD_DEVFN		0x08

#define KV_R			BIT_ULL(0)
#define KV_W			BIT_ULL(1)
#define KV_PS			BIT_ULL(7)
#define KV_RW			(KV_R | KV_W)

/* Legacy context entry: present, @tt, pointer; AW and DID in the hi word. */
#define KV_CTX_LO(ptr, tt)	((u64)(ptr) | ((u64)(tt) << 2) | 1)
#define KV_CTX_HI(aw, did)	((u64)(aw) | ((u64)(did) << 8))

enum kv_op {
	KV_OP_VTD,
	KV_OP_ELF,
	KV_OP_AMD,
	KV_OP_VTDSM,
	KV_OP_SMMUV3,
	KV_OP_SMMUV2,
};

#define KV_SMMU2_SME	8
#define KV_SMMU2_CB	4

/**
 * struct kv_smmu2 - an SMMUv2's registers, as the cases set them
 * @caps: its capabilities
 * @scr0: sCR0
 * @smr: stream match registers
 * @s2cr: stream-to-context registers
 * @cbar: context bank attribute registers
 * @cba2r: their extensions
 * @sctlr: each bank's SCTLR
 * @tcr: each bank's TCR
 * @tcr2: each bank's TCR2
 * @ttbr0: each bank's TTBR0
 */
struct kv_smmu2 {
	struct kdump_smmuv2_caps caps;
	u32 scr0;
	u32 smr[KV_SMMU2_SME];
	u32 s2cr[KV_SMMU2_SME];
	u32 cbar[KV_SMMU2_CB];
	u32 cba2r[KV_SMMU2_CB];
	u32 sctlr[KV_SMMU2_CB];
	u32 tcr[KV_SMMU2_CB];
	u32 tcr2[KV_SMMU2_CB];
	u64 ttbr0[KV_SMMU2_CB];
};

/* Enough for either unit walker; the plan allocates its own. */
#define KV_SCRATCH_SIZE	(KDUMP_VTD_SM_SCRATCH_SIZE + KDUMP_AMD_SCRATCH_SIZE)
#ifndef KV_RECORDS_BUDGET
#define KV_RECORDS_BUDGET	(32 << 10)
#endif
#ifndef KV_SCATTERED_BUDGET
#define KV_SCATTERED_BUDGET	(48 << 10)
#endif
/* Bytes the plan of one case may allocate, unless the case says less. */
#define KV_BUDGET	(4 << 20)

/**
 * struct kv_mem - synthetic old memory and the inputs of one case
 * @ram: contents of old RAM, KV_PAGES pages from KV_BASE
 * @scratch: scratch memory for the walker
 * @old_ram: old RAM ranges
 * @capture: capture memory ranges
 * @m: what the validator sees
 * @caps: VT-d capabilities
 * @amd: AMD-Vi capabilities
 * @dtp: AMD-Vi device table address
 * @dt_size: AMD-Vi device table size in bytes
 * @smmu: SMMUv3 capabilities
 * @strtab_base: SMMUv3 STRTAB_BASE
 * @strtab_cfg: SMMUv3 STRTAB_BASE_CFG
 * @smmu2: SMMUv2 registers
 * @lim: walk limits
 * @rta: root table address
 * @hdr_pa: ELF core header address
 * @hdr_len: ELF core header size
 * @elf_max: room for old RAM ranges
 * @fail_read: fail this read (counting from 1) with -EIO; 0 for never
 * @reads: reads so far
 * @stray_read: a read outside old RAM reached the callback
 * @check_old_ram: flag reads outside old RAM as stray
 * @budget: bytes the plan may still allocate
 * @used: bytes it holds
 * @fail_size: an allocation of exactly this many bytes fails (0: none)
 * @fail_hits: allocations that failed for @fail_size
 */
struct kv_mem {
	u8 ram[KV_PAGES][KV_PAGE_SIZE];
	u8 scratch[KV_SCRATCH_SIZE];
	struct kdump_range old_ram[1];
	struct kdump_range capture[1];
	struct kdump_oldmem m;
	struct kdump_vtd_caps caps;
	struct kdump_amd_caps amd;
	u64 dtp;
	u64 dt_size;
	struct kdump_smmuv3_caps smmu;
	u64 strtab_base;
	u32 strtab_cfg;
	struct kv_smmu2 smmu2;
	struct kdump_walk_limits lim;
	u64 rta;
	u64 hdr_pa;
	u64 hdr_len;
	unsigned int elf_max;
	unsigned int fail_read;
	unsigned int reads;
	bool stray_read;
	bool check_old_ram;
	u64 budget;
	u64 used;
	size_t fail_size;
	unsigned int fail_hits;
};

/**
 * struct kv_case - one hostile (or valid) input and what it must get
 * @name: the property, e.g. "root_ptr_in_capture_blocks_iommu"
 * @op: which validator runs
 * @build: writes the case into a freshly initialised &struct kv_mem
 * @ret: expected return value of the validator
 * @dev: expected first bus or device verdict other than KDUMP_OK
 * @nr: translations adopted, or ELF ranges found
 * @leaves: leaves of the adopted translations' page tables
 * @cut_cap: bytes of mappings cut because they reach capture memory
 * @cut_tbl: bytes of writable mappings cut because they cover a table
 */
struct kv_case {
	const char *name;
	enum kv_op op;
	void (*build)(struct kv_mem *t);
	enum kdump_bad ret;
	enum kdump_bad dev;
	unsigned int nr;
	u64 leaves;
	u64 cut_cap;
	u64 cut_tbl;
};

/**
 * struct kv_result - what one run produced
 * @t: the memory the case ran on
 * @ret: the unit walker's return value
 * @unit: the plan's verdict on the whole unit (KDUMP_OK: it goes on)
 * @dev: first bus or translation verdict other than KDUMP_OK
 * @nr: translations adopted, or ELF ranges
 * @blocked: translations and buses blocked
 * @leaves: leaves of the adopted translations' page tables
 * @cut_cap: bytes cut for capture memory, over all trees used
 * @cut_tbl: bytes cut for table pages, over all trees used
 * @ranges: ELF ranges
 * @stray_read: a read outside old RAM reached the read callback
 * @leaf_in_capture: a kept run overlaps capture memory
 * @writes_table: a kept writable run covers a table the IOMMU reads
 * @stats_bad: statistics and results disagree
 * @build_bad: a tree built anew does not map what the plan kept
 * @tree_ok: trees walked and found good (adopted or not)
 */
struct kv_result {
	struct kv_mem *t;
	enum kdump_bad ret;
	enum kdump_bad unit;
	enum kdump_bad dev;
	unsigned int nr;
	unsigned int blocked;
	u64 leaves;
	u64 cut_cap;
	u64 cut_tbl;
	struct kdump_range ranges[KV_MAX_RANGES];
	bool stray_read;
	bool leaf_in_capture;
	bool writes_table;
	bool stats_bad;
	bool build_bad;
	unsigned int tree_ok;
};

static bool kv_in_old_ram(const struct kv_mem *t, u64 pa, u64 len)
{
	return pa >= t->old_ram[0].start && len <= t->old_ram[0].end - pa &&
	       pa <= t->old_ram[0].end;
}

static int kv_read(void *ctx, u64 pa, void *buf, size_t len)
{
	struct kv_mem *t = ctx;

	t->reads++;
	if (t->check_old_ram && !kv_in_old_ram(t, pa, len))
		t->stray_read = true;
	if (t->fail_read && t->reads == t->fail_read)
		return -EIO;
	if (pa < KV_BASE || pa - KV_BASE > sizeof(t->ram) ||
	    len > sizeof(t->ram) - (pa - KV_BASE))
		return -EIO;
	memcpy(buf, &t->ram[0][0] + (pa - KV_BASE), len);
	return 0;
}

static void kv_init(struct kv_mem *t)
{
	memset(t, 0, sizeof(*t));
	t->old_ram[0].start = KV_BASE;
	t->old_ram[0].end = KV_PA(KV_PAGES);
	t->capture[0].start = KV_CAP_START;
	t->capture[0].end = KV_CAP_END;
	t->m.read = kv_read;
	t->m.ctx = t;
	t->m.old_ram = t->old_ram;
	t->m.nr_old_ram = 1;
	t->m.capture = t->capture;
	t->m.nr_capture = 1;
	t->caps.nr_dids = 256;
	t->caps.sagaw = BIT(1) | BIT(2) | BIT(3);
	t->caps.mgaw = 57;
	t->caps.haw = 46;
	t->caps.pt_supported = true;
	t->caps.dt_supported = true;
	t->caps.sllps = BIT(0) | BIT(1);
	t->caps.flts = true;
	t->caps.slts = true;
	t->caps.fl5lp = true;
	t->caps.fl1gp = true;
	t->caps.pasid = true;
	t->amd.nr_domids = 256;
	t->amd.max_levels = 6;
	t->amd.haw = 48;
	t->amd.gt_supported = true;
	t->dtp = KV_PA(0);
	t->dt_size = KV_PAGE_SIZE;
	/* As QEMU's virt SMMUv3, with every granule and 2-level tables. */
	t->smmu = (struct kdump_smmuv3_caps){
		.sid_bits = 16, .ssid_bits = 20, .oas = 44,
		.granules = BIT(0) | BIT(2) | BIT(4), .s1 = true, .s2 = true,
		.aa64 = true, .st_2lvl = true, .cd2l = true, .asid16 = true,
		.vmid16 = true,
	};
	/* A linear stream table of 64 STEs in page 0. */
	t->strtab_base = KV_PA(0);
	t->strtab_cfg = 6;
	/* An MMU-500-like SMMUv2: 8 entries, 4 banks, both stages, 4K. */
	t->smmu2.caps = (struct kdump_smmuv2_caps){
		.nr_sme = KV_SMMU2_SME, .nr_cb = KV_SMMU2_CB, .s1 = true,
		.s2 = true, .vmid16 = false, .ias = 44, .oas = 44,
		.granules = BIT(0),
	};
	t->lim.max_tables = 64;
	t->lim.max_leaves = 4096;
	t->lim.max_total_tables = 512;
	t->rta = KV_PA(0);
	t->hdr_pa = KV_PA(4);
	t->hdr_len = KV_PAGE_SIZE;
	t->elf_max = KV_MAX_RANGES;
	t->check_old_ram = true;
	t->budget = KV_BUDGET;
}

/* Store @v little-endian at old physical address @pa, if it is old RAM. */
static void kv_put(struct kv_mem *t, u64 pa, u64 v, unsigned int n)
{
	u8 *p = &t->ram[0][0];
	unsigned int i;

	if (!kv_in_old_ram(t, pa, n))
		return;
	p += pa - KV_BASE;
	for (i = 0; i < n; i++, v >>= 8)
		p[i] = v & 0xff;
}

static void kv_w64(struct kv_mem *t, u64 pa, u64 v)
{
	kv_put(t, pa, v, 8);
}

static void kv_root(struct kv_mem *t, unsigned int bus, u64 lo, u64 hi)
{
	kv_w64(t, KV_PA(0) + bus * 16, lo);
	kv_w64(t, KV_PA(0) + bus * 16 + 8, hi);
}

static void kv_ctx(struct kv_mem *t, unsigned int devfn, u64 lo, u64 hi)
{
	kv_w64(t, KV_PA(1) + devfn * 16, lo);
	kv_w64(t, KV_PA(1) + devfn * 16 + 8, hi);
}

/* Entry @idx of the standard table at @level of a @levels table. */
static u64 kv_pte_pa(unsigned int levels, unsigned int level, unsigned int idx)
{
	return KV_PA(KV_TBL(levels, level)) + idx * 8;
}

static void kv_pte(struct kv_mem *t, unsigned int levels, unsigned int level,
		   unsigned int idx, u64 v)
{
	kv_w64(t, kv_pte_pa(levels, level, idx), v);
}

/*
 * The standard valid device: bus 0, devfn 0x08, DID 1, a @levels table at
 * IOVA 0 mapping KV_STD_LEAVES contiguous 4 KiB pages of old RAM.
 */
static void kv_std(struct kv_mem *t, unsigned int levels)
{
	unsigned int level, i;

	kv_root(t, 0, KV_PA(1) | 1, 0);
	kv_ctx(t, KV_STD_DEVFN, KV_CTX_LO(KV_PA(KV_TBL(levels, levels)), 0),
	       KV_CTX_HI(levels - 2, 1));
	for (level = levels; level > 1; level--)
		kv_pte(t, levels, level, 0,
		       KV_PA(KV_TBL(levels, level - 1)) | KV_RW);
	for (i = 0; i < KV_STD_LEAVES; i++)
		kv_pte(t, levels, 1, i, KV_PA(KV_LEAF_PAGE + i) | KV_RW);
}

static void kv_std3(struct kv_mem *t)
{
	kv_std(t, 3);
}

static void kv_std4(struct kv_mem *t)
{
	kv_std(t, 4);
}

static void kv_std5(struct kv_mem *t)
{
	kv_std(t, 5);
}

static void kv_fpd(struct kv_mem *t)
{
	kv_std(t, 3);
	kv_w64(t, KV_PA(1) + KV_STD_DEVFN * 16,
	       KV_CTX_LO(KV_PA(KV_TBL(3, 3)), 0) | BIT_ULL(1));
}

static void kv_sp_2m(struct kv_mem *t)
{
	kv_std(t, 3);
	kv_pte(t, 3, 2, 0, 0x20000000ULL | KV_PS | KV_RW);
}

static void kv_sp_1g(struct kv_mem *t)
{
	kv_std(t, 3);
	kv_pte(t, 3, 3, 0, 0x80000000ULL | KV_PS | KV_RW);
}

static void kv_sp_1g_unsupported(struct kv_mem *t)
{
	kv_sp_1g(t);
	t->caps.sllps = BIT(0);
}

static void kv_sp_2m_misaligned(struct kv_mem *t)
{
	kv_std(t, 3);
	kv_pte(t, 3, 2, 0, 0x20001000ULL | KV_PS | KV_RW);
}

static void kv_passthrough(struct kv_mem *t)
{
	kv_root(t, 0, KV_PA(1) | 1, 0);
	kv_ctx(t, KV_STD_DEVFN, KV_CTX_LO(0, 2), KV_CTX_HI(2, 1));
}

static void kv_absent_ctx(struct kv_mem *t)
{
	kv_root(t, 0, KV_PA(1) | 1, 0);
}

static void kv_rta_unaligned(struct kv_mem *t)
{
	kv_std(t, 3);
	t->rta = KV_PA(0) + 0x800;
}

static void kv_rta_past_ram(struct kv_mem *t)
{
	kv_std(t, 3);
	t->rta = KV_PA(KV_PAGES);
}

static void kv_rta_in_capture(struct kv_mem *t)
{
	kv_std(t, 3);
	t->rta = KV_CAP_START + 0x10000;
}

static void kv_rta_overflow(struct kv_mem *t)
{
	kv_std(t, 3);
	t->rta = ~0ULL << 12;
}

static void kv_rta_above_haw(struct kv_mem *t)
{
	kv_std(t, 3);
	t->caps.haw = 28;	/* KV_BASE has bit 28 set */
}

static void kv_rta_read_fails(struct kv_mem *t)
{
	kv_std(t, 3);
	t->fail_read = 1;
}

static void kv_root_rsvd_lo(struct kv_mem *t)
{
	kv_std(t, 3);
	kv_root(t, 0, KV_PA(1) | BIT_ULL(4) | 1, 0);
}

static void kv_root_rsvd_hi(struct kv_mem *t)
{
	kv_std(t, 3);
	kv_root(t, 0, KV_PA(1) | 1, KV_PA(2));
}

static void kv_ctp_in_capture(struct kv_mem *t)
{
	kv_std(t, 3);
	kv_root(t, 0, KV_CAP_START | 1, 0);
}

static void kv_ctp_past_ram(struct kv_mem *t)
{
	kv_std(t, 3);
	kv_root(t, 0, KV_PA(KV_PAGES + 3) | 1, 0);
}

static void kv_ctp_above_haw(struct kv_mem *t)
{
	kv_std(t, 3);
	kv_root(t, 0, KV_PA(1) | BIT_ULL(50) | 1, 0);
}

static void kv_ctp_is_root(struct kv_mem *t)
{
	kv_std(t, 3);
	kv_root(t, 0, KV_PA(0) | 1, 0);
}

static void kv_ctx_rsvd_lo(struct kv_mem *t)
{
	kv_std(t, 3);
	kv_w64(t, KV_PA(1) + KV_STD_DEVFN * 16,
	       KV_CTX_LO(KV_PA(KV_TBL(3, 3)), 0) | BIT_ULL(5));
}

static void kv_ctx_rsvd_hi(struct kv_mem *t)
{
	kv_std(t, 3);
	kv_w64(t, KV_PA(1) + KV_STD_DEVFN * 16 + 8,
	       KV_CTX_HI(1, 1) | BIT_ULL(40));
}

static void kv_ctx_rsvd_hi_bit7(struct kv_mem *t)
{
	kv_std(t, 3);
	kv_w64(t, KV_PA(1) + KV_STD_DEVFN * 16 + 8,
	       KV_CTX_HI(1, 1) | BIT_ULL(7));
}

static void kv_ctx_tt(struct kv_mem *t, unsigned int tt)
{
	kv_std(t, 3);
	kv_w64(t, KV_PA(1) + KV_STD_DEVFN * 16,
	       KV_CTX_LO(KV_PA(KV_TBL(3, 3)), tt));
}

static void kv_ctx_tt_reserved(struct kv_mem *t)
{
	kv_ctx_tt(t, 3);
}

static void kv_ctx_pt_unsupported(struct kv_mem *t)
{
	kv_passthrough(t);
	t->caps.pt_supported = false;
}

static void kv_ctx_dt_unsupported(struct kv_mem *t)
{
	kv_ctx_tt(t, 1);
	t->caps.dt_supported = false;
}

static void kv_ctx_dt_supported(struct kv_mem *t)
{
	kv_ctx_tt(t, 1);
}

static void kv_ctx_aw_not_in_sagaw(struct kv_mem *t)
{
	kv_std(t, 5);
	t->caps.sagaw = BIT(1) | BIT(2);
}

static void kv_ctx_aw_reserved(struct kv_mem *t)
{
	kv_std(t, 3);
	kv_w64(t, KV_PA(1) + KV_STD_DEVFN * 16 + 8, KV_CTX_HI(4, 1));
	t->caps.sagaw = 0x1f;
}

static void kv_ctx_aw_zero(struct kv_mem *t)
{
	kv_std(t, 3);
	kv_w64(t, KV_PA(1) + KV_STD_DEVFN * 16 + 8, KV_CTX_HI(0, 1));
	t->caps.sagaw = 0x1f;
}

static void kv_ctx_did_beyond_nd(struct kv_mem *t)
{
	kv_std(t, 3);
	kv_w64(t, KV_PA(1) + KV_STD_DEVFN * 16 + 8, KV_CTX_HI(1, 256));
}

static void kv_ctx_did0_caching_mode(struct kv_mem *t)
{
	kv_std(t, 3);
	kv_w64(t, KV_PA(1) + KV_STD_DEVFN * 16 + 8, KV_CTX_HI(1, 0));
	t->caps.caching_mode = true;
}

static void kv_slptptr_in_capture(struct kv_mem *t)
{
	kv_std(t, 3);
	kv_w64(t, KV_PA(1) + KV_STD_DEVFN * 16, KV_CTX_LO(KV_CAP_START, 0));
}

static void kv_slptptr_is_ctx(struct kv_mem *t)
{
	kv_std(t, 3);
	kv_w64(t, KV_PA(1) + KV_STD_DEVFN * 16, KV_CTX_LO(KV_PA(1), 0));
}

static void kv_pt_past_ram(struct kv_mem *t)
{
	kv_std(t, 3);
	kv_pte(t, 3, 3, 0, KV_PA(KV_PAGES) | KV_RW);
}

static void kv_pt_in_capture(struct kv_mem *t)
{
	kv_std(t, 3);
	kv_pte(t, 3, 2, 0, KV_CAP_START | KV_RW);
}

static void kv_pt_self_loop(struct kv_mem *t)
{
	kv_std(t, 3);
	kv_pte(t, 3, 3, 7, KV_PA(KV_TBL(3, 3)) | KV_RW);
}

static void kv_pt_ancestor_loop(struct kv_mem *t)
{
	kv_std(t, 4);
	kv_pte(t, 4, 2, 5, KV_PA(KV_TBL(4, 4)) | KV_R);
}

static void kv_pt_shared_subtable(struct kv_mem *t)
{
	kv_std(t, 3);
	kv_pte(t, 3, 3, 1, KV_PA(KV_TBL(3, 2)) | KV_RW);
}

static void kv_ps_level1(struct kv_mem *t)
{
	kv_std(t, 3);
	kv_pte(t, 3, 1, 2, KV_PA(KV_LEAF_PAGE + 2) | KV_PS | KV_RW);
}

static void kv_ps_level4(struct kv_mem *t)
{
	kv_std(t, 4);
	kv_pte(t, 4, 4, 1, 0x8000000000ULL | KV_PS | KV_RW);
}

static void kv_pte_rsvd_low(struct kv_mem *t)
{
	kv_std(t, 3);
	kv_pte(t, 3, 1, 1, KV_PA(KV_LEAF_PAGE + 1) | BIT_ULL(3) | KV_RW);
}

static void kv_pte_above_haw(struct kv_mem *t)
{
	kv_std(t, 3);
	kv_pte(t, 3, 1, 3, KV_PA(KV_LEAF_PAGE + 3) | BIT_ULL(50) | KV_RW);
}

static void kv_pte_table_above_haw(struct kv_mem *t)
{
	kv_std(t, 3);
	kv_pte(t, 3, 3, 0, KV_PA(KV_TBL(3, 2)) | BIT_ULL(47) | KV_RW);
}

static void kv_leaf_in_capture(struct kv_mem *t)
{
	kv_std(t, 3);
	kv_pte(t, 3, 1, 3, (KV_CAP_END - KV_PAGE_SIZE) | KV_W);
}

static void kv_sp_over_capture(struct kv_mem *t)
{
	kv_std(t, 3);
	kv_pte(t, 3, 3, 1, 0x40000000ULL | KV_PS | KV_R);
}

static void kv_leaf_mmio(struct kv_mem *t)
{
	unsigned int i;

	kv_std(t, 3);
	for (i = 0; i < KV_STD_LEAVES; i++)
		kv_pte(t, 3, 1, i, (KV_MMIO + i * KV_PAGE_SIZE) | KV_RW);
}

static void kv_not_present_pte_ignored(struct kv_mem *t)
{
	kv_std(t, 3);
	/* No R, no W: not present, whatever else is set. */
	kv_pte(t, 3, 1, 100, KV_CAP_START | KV_PS | BIT_ULL(3));
	kv_pte(t, 3, 3, 9, KV_CAP_START | BIT_ULL(60));
}

static void kv_fanout(struct kv_mem *t)
{
	unsigned int i;

	kv_std(t, 4);
	for (i = 1; i < 512; i++)
		kv_pte(t, 4, 4, i, KV_PA(KV_TBL(4, 3)) | KV_RW);
}

static void kv_leaf_limit(struct kv_mem *t)
{
	kv_std(t, 3);
	t->lim.max_leaves = 2;
}

static void kv_total_budget(struct kv_mem *t)
{
	kv_std(t, 3);
	/* A second tree: the level-2 table taken as a root. */
	kv_ctx(t, 0x10, KV_CTX_LO(KV_PA(KV_TBL(3, 2)), 0), KV_CTX_HI(1, 2));
	/* the 3 page tables of the first device, and 1 more */
	t->lim.max_total_tables = 4;
}

/*
 * 70 devices of one domain (devfn 0x08 to 0x4d, all on the standard tree):
 * the budget has room for 64 translation records, not 128. The last six
 * are blocked for the budget; the unit and the first 64 go on.
 */
static void kv_records_past_budget(struct kv_mem *t)
{
	unsigned int i;

	kv_std(t, 3);
	for (i = 1; i < 70; i++)
		kv_ctx(t, KV_STD_DEVFN + i, KV_CTX_LO(KV_PA(KV_TBL(3, 3)), 0),
		       KV_CTX_HI(1, 1));
	t->budget = KV_RECORDS_BUDGET;
}

static void kv_shared_tree(struct kv_mem *t)
{
	kv_std(t, 3);
	kv_ctx(t, 0x10, KV_CTX_LO(KV_PA(KV_TBL(3, 3)), 0), KV_CTX_HI(1, 1));
	/* One walk of 3 tables serves both devices. */
	t->lim.max_total_tables = 3;
}

static void kv_read_fails_mid_walk(struct kv_mem *t)
{
	kv_std(t, 3);
	t->fail_read = 4;	/* root, context, level 3, level 2 */
}

static void kv_one_bad_device(struct kv_mem *t)
{
	kv_std(t, 3);
	kv_ctx(t, 0x10, KV_CTX_LO(KV_PA(KV_TBL(3, 3)), 3), KV_CTX_HI(1, 2));
	kv_ctx(t, 0x18, KV_CTX_LO(KV_PA(KV_TBL(3, 3)), 0), KV_CTX_HI(1, 3));
}

static void kv_two_buses(struct kv_mem *t)
{
	kv_std(t, 3);
	kv_root(t, 7, KV_PA(1) | 1, 0);
}

static void kv_bad_bus_keeps_other_bus(struct kv_mem *t)
{
	kv_std(t, 3);
	kv_root(t, 5, KV_CAP_START | 1, 0);
}

/*
 * AMD-Vi: a device table in page 0, entries as 6.1 writes them
 * (set_dte_entry(), PM_LEVEL_PDE(), iommu_v1_map_pages()).
 */
#define KV_AMD_DEVID		0x08
#define KV_AMD_PR		BIT_ULL(0)
#define KV_AMD_FC		BIT_ULL(60)
#define KV_AMD_IR		BIT_ULL(61)
#define KV_AMD_IW		BIT_ULL(62)
#define KV_AMD_NL(nl)		((u64)(nl) << 9)
/* Directory entry at @level: next level @level - 1, PR, IR, IW. */
#define KV_AMD_PDE(pa, level)	((u64)(pa) | KV_AMD_NL((level) - 1) | \
				 KV_AMD_PR | KV_AMD_IR | KV_AMD_IW)
/* Leaf of the level's size: PR, FC, IR, IW. */
#define KV_AMD_PTE(pa)		((u64)(pa) | KV_AMD_PR | KV_AMD_FC | \
				 KV_AMD_IR | KV_AMD_IW)
/* Leaf of a 2^@shift page, one of its copies (6.1's PAGE_SIZE_PTE()). */
#define KV_AMD_PTE7(pa, shift)	(KV_AMD_PTE(((u64)(pa) | \
				 (BIT_ULL((shift) - 1) - 1)) & ~0xfffULL) | \
				 KV_AMD_NL(7))
/* DTE quadword 0: V, TV, IR, IW, Mode and root pointer. */
#define KV_DTE0(root, mode)	((u64)(root) | ((u64)(mode) << 9) | \
				 KV_AMD_IR | KV_AMD_IW | 3)
/* DTE quadword 2 as 6.1 writes it: IV, 512 entries, IntCtl remapped. */
#define KV_DTE2_IRT(pa)		((u64)(pa) | (9ULL << 1) | (2ULL << 60) | 1)

static void kv_dte_q(struct kv_mem *t, unsigned int devid, unsigned int q,
		     u64 v)
{
	kv_w64(t, KV_PA(0) + devid * KDUMP_AMD_DTE_SIZE + q * 8, v);
}

static void kv_dte(struct kv_mem *t, unsigned int devid, u64 d0, u64 d1,
		   u64 d2)
{
	kv_dte_q(t, devid, 0, d0);
	kv_dte_q(t, devid, 1, d1);
	kv_dte_q(t, devid, 2, d2);
	kv_dte_q(t, devid, 3, 0);
}

/* The standard AMD-Vi device: ID 0x08, domain 1, the standard table. */
static void kv_amd_std(struct kv_mem *t, unsigned int levels)
{
	unsigned int level, i;

	kv_dte(t, KV_AMD_DEVID, KV_DTE0(KV_PA(KV_TBL(levels, levels)), levels),
	       1, 0);
	for (level = levels; level > 1; level--)
		kv_pte(t, levels, level, 0,
		       KV_AMD_PDE(KV_PA(KV_TBL(levels, level - 1)), level));
	for (i = 0; i < KV_STD_LEAVES; i++)
		kv_pte(t, levels, 1, i, KV_AMD_PTE(KV_PA(KV_LEAF_PAGE + i)));
}

static void kv_amd1(struct kv_mem *t)
{
	kv_amd_std(t, 1);
}

static void kv_amd3(struct kv_mem *t)
{
	kv_amd_std(t, 3);
}

static void kv_amd4(struct kv_mem *t)
{
	kv_amd_std(t, 4);
}

static void kv_amd6(struct kv_mem *t)
{
	kv_amd_std(t, 6);
}

static void kv_amd_2m_l3(struct kv_mem *t)
{
	kv_amd_std(t, 3);
	kv_pte(t, 3, 2, 0, KV_AMD_PTE(0x20000000ULL));
}

static void kv_amd_1g_l4(struct kv_mem *t)
{
	kv_amd_std(t, 4);
	kv_pte(t, 4, 3, 0, KV_AMD_PTE(0x80000000ULL));
}

/*
 * A level-6 leaf maps 2^57 bytes from PA 0: its output runs past the
 * 48-bit host address width (found by the fuzzer: the plan kept it and the
 * tree it rebuilt could not encode it).
 */
static void kv_amd_leaf_past_haw(struct kv_mem *t)
{
	kv_amd_std(t, 6);
	kv_pte(t, 6, 6, 1, KV_AMD_PTE(0));
}

/* A 64 KiB page at IOVA 64K: 16 copies at level 1. */
static void kv_amd_nl7_64k(struct kv_mem *t)
{
	unsigned int i;

	kv_amd_std(t, 3);
	for (i = 16; i < 32; i++)
		kv_pte(t, 3, 1, i, KV_AMD_PTE7(0x20000000ULL, 16));
}

/* A 4 MiB page at IOVA 4M: 2 copies at level 2. */
static void kv_amd_nl7_4m(struct kv_mem *t)
{
	kv_amd_std(t, 3);
	kv_pte(t, 3, 2, 2, KV_AMD_PTE7(0x20400000ULL, 22));
	kv_pte(t, 3, 2, 3, KV_AMD_PTE7(0x20400000ULL, 22));
}

static void kv_amd_nl7_too_big(struct kv_mem *t)
{
	kv_amd_std(t, 3);
	kv_pte(t, 3, 1, 8, KV_AMD_PTE7(0x20000000ULL, 21));
}

static void kv_amd_nl7_all_ones(struct kv_mem *t)
{
	kv_amd_std(t, 3);
	kv_pte(t, 3, 1, 8, KV_AMD_PTE(GENMASK_ULL(47, 12)) | KV_AMD_NL(7));
}

static void kv_amd_passthrough(struct kv_mem *t)
{
	kv_dte(t, KV_AMD_DEVID, KV_DTE0(0, 0), 1, 0);
}

/* 6.1's init_device_table_dma() and clear_dte_entry(): V, TV, no IR/IW. */
static void kv_amd_blocked(struct kv_mem *t)
{
	kv_dte(t, KV_AMD_DEVID, 3, 0, 0);
}

/* The same with SNP: V only. */
static void kv_amd_tv0(struct kv_mem *t)
{
	kv_dte(t, KV_AMD_DEVID, 1, 0, 0);
}

static void kv_amd_v0(struct kv_mem *t)
{
	kv_amd_std(t, 3);
	kv_dte_q(t, KV_AMD_DEVID, 0, KV_DTE0(KV_PA(KV_TBL(3, 3)), 3) & ~1ULL);
}

static void kv_amd_irt(struct kv_mem *t)
{
	kv_amd_std(t, 3);
	kv_dte_q(t, KV_AMD_DEVID, 2, KV_DTE2_IRT(KV_PA(1)));
}

static void kv_amd_no_perm_leaf(struct kv_mem *t)
{
	kv_amd_std(t, 3);
	kv_pte(t, 3, 1, 100, KV_CAP_START | KV_AMD_PR);
}

static void kv_amd_dt_unaligned(struct kv_mem *t)
{
	kv_amd_std(t, 3);
	t->dtp = KV_PA(0) + 0x800;
}

static void kv_amd_dt_past_ram(struct kv_mem *t)
{
	kv_amd_std(t, 3);
	t->dtp = KV_PA(KV_PAGES);
}

static void kv_amd_dt_in_capture(struct kv_mem *t)
{
	kv_amd_std(t, 3);
	t->dtp = KV_CAP_START;
}

static void kv_amd_dt_size_zero(struct kv_mem *t)
{
	kv_amd_std(t, 3);
	t->dt_size = 0;
}

static void kv_amd_dt_size_partial(struct kv_mem *t)
{
	kv_amd_std(t, 3);
	t->dt_size = 0x1800;
}

static void kv_amd_dt_size_over_2m(struct kv_mem *t)
{
	kv_amd_std(t, 3);
	t->dt_size = 4 << 20;
}

static void kv_amd_dt_size_past_ram(struct kv_mem *t)
{
	kv_amd_std(t, 3);
	t->dt_size = 2 * KV_PAGES * KV_PAGE_SIZE;
}

static void kv_amd_dt_read_fails(struct kv_mem *t)
{
	kv_amd_std(t, 3);
	t->fail_read = 1;
}

static void kv_amd_caps_bogus(struct kv_mem *t)
{
	kv_amd_std(t, 3);
	t->amd.haw = 16;
}

static void kv_amd_dte_rsvd0(struct kv_mem *t)
{
	kv_amd_std(t, 3);
	kv_dte_q(t, KV_AMD_DEVID, 0,
		 KV_DTE0(KV_PA(KV_TBL(3, 3)), 3) | BIT_ULL(3));
}

static void kv_amd_dte_rsvd1(struct kv_mem *t)
{
	kv_amd_std(t, 3);
	kv_dte_q(t, KV_AMD_DEVID, 1, 1 | BIT_ULL(42));
}

static void kv_amd_dte_rsvd2(struct kv_mem *t)
{
	kv_amd_std(t, 3);
	kv_dte_q(t, KV_AMD_DEVID, 2, BIT_ULL(59));
}

static void kv_amd_dte_rsvd3(struct kv_mem *t)
{
	kv_amd_std(t, 3);
	kv_dte_q(t, KV_AMD_DEVID, 3, BIT_ULL(17));
}

static void kv_amd_dte_mode(struct kv_mem *t, unsigned int mode)
{
	kv_amd_std(t, 3);
	kv_dte_q(t, KV_AMD_DEVID, 0, KV_DTE0(KV_PA(KV_TBL(3, 3)), mode));
}

static void kv_amd_mode7(struct kv_mem *t)
{
	kv_amd_dte_mode(t, 7);
}

static void kv_amd_mode_beyond_hats(struct kv_mem *t)
{
	kv_amd_std(t, 5);
	t->amd.max_levels = 4;
}

static void kv_amd_domid_beyond(struct kv_mem *t)
{
	kv_amd_std(t, 3);
	kv_dte_q(t, KV_AMD_DEVID, 1, 256);
}

static void kv_amd_domid0(struct kv_mem *t)
{
	kv_amd_std(t, 3);
	kv_dte_q(t, KV_AMD_DEVID, 1, 0);
}

static void kv_amd_gv(struct kv_mem *t)
{
	kv_amd_std(t, 3);
	kv_dte_q(t, KV_AMD_DEVID, 0,
		 KV_DTE0(KV_PA(KV_TBL(3, 3)), 3) | BIT_ULL(55));
}

static void kv_amd_root_above_haw(struct kv_mem *t)
{
	kv_amd_std(t, 3);
	kv_dte_q(t, KV_AMD_DEVID, 0,
		 KV_DTE0(KV_PA(KV_TBL(3, 3)) | BIT_ULL(50), 3));
}

static void kv_amd_root_is_dt(struct kv_mem *t)
{
	kv_amd_std(t, 3);
	kv_dte_q(t, KV_AMD_DEVID, 0, KV_DTE0(KV_PA(0), 3));
}

static void kv_amd_irt_at(struct kv_mem *t, u64 d2)
{
	kv_amd_std(t, 3);
	kv_dte_q(t, KV_AMD_DEVID, 2, d2);
}

static void kv_amd_irt_in_capture(struct kv_mem *t)
{
	kv_amd_irt_at(t, KV_DTE2_IRT(KV_CAP_START));
}

static void kv_amd_irt_unaligned(struct kv_mem *t)
{
	kv_amd_irt_at(t, KV_DTE2_IRT(KV_PA(1) + 0x40));
}

static void kv_amd_irt_past_ram(struct kv_mem *t)
{
	kv_amd_irt_at(t, KV_DTE2_IRT(KV_PA(KV_PAGES) - 0x400));
}

static void kv_amd_irt_is_dt(struct kv_mem *t)
{
	kv_amd_irt_at(t, KV_DTE2_IRT(KV_PA(0) + 0x800));
}

static void kv_amd_irt_intctl_rsvd(struct kv_mem *t)
{
	kv_amd_irt_at(t, KV_DTE2_IRT(KV_PA(1)) | (3ULL << 60));
}

/* IV=1, IntCtl 00b, no table: what 6.1 writes for every device ID. */
static void kv_amd_iv_abort_no_table(struct kv_mem *t)
{
	kv_amd_irt_at(t, 1);
}

/* IntCtl 01b (forward unmapped): the table pointer is never read. */
static void kv_amd_iv_forward_ptr_unused(struct kv_mem *t)
{
	kv_amd_irt_at(t, (KV_DTE2_IRT(KV_CAP_START) & ~(3ULL << 60)) |
		      (1ULL << 60));
}

static void kv_amd_irt_len_rsvd(struct kv_mem *t)
{
	kv_amd_irt_at(t, (KV_DTE2_IRT(KV_PA(1)) & ~0x1eULL) | (12ULL << 1));
}

static void kv_amd_pde_skips_level(struct kv_mem *t)
{
	kv_amd_std(t, 3);
	kv_pte(t, 3, 3, 0, KV_AMD_PDE(KV_PA(KV_TBL(3, 1)), 2));
}

static void kv_amd_pde_nl_not_below(struct kv_mem *t)
{
	kv_amd_std(t, 3);
	kv_pte(t, 3, 2, 0, KV_AMD_PDE(KV_PA(KV_TBL(3, 1)), 3));
}

static void kv_amd_pde_read_only(struct kv_mem *t)
{
	kv_amd_std(t, 3);
	kv_pte(t, 3, 3, 0, KV_AMD_PDE(KV_PA(KV_TBL(3, 2)), 3) & ~KV_AMD_IW);
}

static void kv_amd_pde_fc(struct kv_mem *t)
{
	kv_amd_std(t, 3);
	kv_pte(t, 3, 3, 0, KV_AMD_PDE(KV_PA(KV_TBL(3, 2)), 3) | KV_AMD_FC);
}

static void kv_amd_pte_rsvd(struct kv_mem *t)
{
	kv_amd_std(t, 3);
	kv_pte(t, 3, 1, 1, KV_AMD_PTE(KV_PA(KV_LEAF_PAGE + 1)) | BIT_ULL(55));
}

static void kv_amd_pte_above_haw(struct kv_mem *t)
{
	kv_amd_std(t, 3);
	kv_pte(t, 3, 1, 3, KV_AMD_PTE(KV_PA(KV_LEAF_PAGE + 3) | BIT_ULL(50)));
}

static void kv_amd_2m_misaligned(struct kv_mem *t)
{
	kv_amd_std(t, 3);
	kv_pte(t, 3, 2, 0, KV_AMD_PTE(0x20001000ULL));
}

static void kv_amd_one_bad_device(struct kv_mem *t)
{
	kv_amd_std(t, 3);
	kv_dte(t, 0x10, KV_DTE0(KV_PA(KV_TBL(3, 3)), 7), 2, 0);
	kv_dte(t, 0x18, KV_DTE0(KV_PA(KV_TBL(3, 3)), 3), 3, 0);
}

static void kv_amd_total_budget(struct kv_mem *t)
{
	kv_amd_std(t, 3);
	/* A second tree: a new root over the standard level-2 table. */
	kv_w64(t, KV_PA(5), KV_AMD_PDE(KV_PA(KV_TBL(3, 2)), 3));
	kv_dte(t, 0x10, KV_DTE0(KV_PA(5), 3), 2, 0);
	/* the 3 page tables of the first device, and 1 more */
	t->lim.max_total_tables = 4;
}

/* ELF core headers: an Elf64_Ehdr at KV_PA(4) followed by program headers. */
#define KV_EH			KV_PA(4)
#define KV_PH(i)		(KV_EH + 64 + (u64)(i) * 56)

static void kv_put_be(struct kv_mem *t, u64 pa, u64 v, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		kv_put(t, pa + n - 1 - i, v >> (8 * i), 1);
}

static void kv_elf_field(struct kv_mem *t, bool be, u64 pa, u64 v,
			 unsigned int n)
{
	if (be)
		kv_put_be(t, pa, v, n);
	else
		kv_put(t, pa, v, n);
}

static void kv_elf_phdr(struct kv_mem *t, bool be, unsigned int i, u32 type,
			u64 paddr, u64 memsz)
{
	kv_elf_field(t, be, KV_PH(i), type, 4);
	kv_elf_field(t, be, KV_PH(i) + 8, 0x1000 * i, 8);	/* p_offset */
	kv_elf_field(t, be, KV_PH(i) + 24, paddr, 8);
	kv_elf_field(t, be, KV_PH(i) + 32, memsz, 8);		/* p_filesz */
	kv_elf_field(t, be, KV_PH(i) + 40, memsz, 8);
}

/* A header like the kernel's: a note, three RAM ranges, an empty load. */
static void kv_elf(struct kv_mem *t, bool be)
{
	static const u8 ident[8] = { 0x7f, 'E', 'L', 'F', 2, 1, 1, 0 };
	unsigned int i;

	for (i = 0; i < sizeof(ident); i++)
		kv_put(t, KV_EH + i, ident[i], 1);
	kv_put(t, KV_EH + 5, be ? 2 : 1, 1);
	kv_elf_field(t, be, KV_EH + 16, 4, 2);		/* ET_CORE */
	kv_elf_field(t, be, KV_EH + 18, 62, 2);		/* EM_X86_64 */
	kv_elf_field(t, be, KV_EH + 20, 1, 4);		/* EV_CURRENT */
	kv_elf_field(t, be, KV_EH + 32, 64, 8);		/* e_phoff */
	kv_elf_field(t, be, KV_EH + 52, 64, 2);		/* e_ehsize */
	kv_elf_field(t, be, KV_EH + 54, 56, 2);		/* e_phentsize */
	kv_elf_field(t, be, KV_EH + 56, 5, 2);		/* e_phnum */
	kv_elf_phdr(t, be, 0, 4, 0, 0x400);		/* PT_NOTE */
	kv_elf_phdr(t, be, 1, 1, 0x1000, 0x9f000);
	kv_elf_phdr(t, be, 2, 1, 0x100000, 0x3ff00000);
	kv_elf_phdr(t, be, 3, 1, 0x100000000ULL, 0x40000000);
	kv_elf_phdr(t, be, 4, 1, 0x200000000ULL, 0);
}

static void kv_elf_le(struct kv_mem *t)
{
	kv_elf(t, false);
}

static void kv_elf_be(struct kv_mem *t)
{
	kv_elf(t, true);
}

static void kv_elf_bad_magic(struct kv_mem *t)
{
	kv_elf(t, false);
	kv_put(t, KV_EH + 1, 'e', 1);
}

static void kv_elf_elf32(struct kv_mem *t)
{
	kv_elf(t, false);
	kv_put(t, KV_EH + 4, 1, 1);
}

static void kv_elf_not_core(struct kv_mem *t)
{
	kv_elf(t, false);
	kv_put(t, KV_EH + 16, 2, 2);	/* ET_EXEC */
}

static void kv_elf_bad_phentsize(struct kv_mem *t)
{
	kv_elf(t, false);
	kv_put(t, KV_EH + 54, 32, 2);
}

static void kv_elf_too_many_loads(struct kv_mem *t)
{
	kv_elf(t, false);
	t->elf_max = 2;
}

static void kv_elf_pn_xnum(struct kv_mem *t)
{
	kv_elf(t, false);
	kv_put(t, KV_EH + 56, 0xffff, 2);
}

static void kv_elf_truncated(struct kv_mem *t)
{
	kv_elf(t, false);
	t->hdr_len = 64 + 2 * 56;
}

static void kv_elf_phoff_past_end(struct kv_mem *t)
{
	kv_elf(t, false);
	kv_put(t, KV_EH + 32, ~0ULL - 8, 8);
}

static void kv_elf_short(struct kv_mem *t)
{
	kv_elf(t, false);
	t->hdr_len = 32;
}

static void kv_elf_load_wraps(struct kv_mem *t)
{
	kv_elf(t, false);
	kv_elf_phdr(t, false, 4, 1, ~0ULL - 0xfff, 0x2000);
}

static void kv_elf_read_fails(struct kv_mem *t)
{
	kv_elf(t, false);
	t->fail_read = 4;	/* header, note, first load, second load */
}

/*
 * A second device (devfn 0x10) with the standard device's domain ID 1 but
 * a tree of its own: a root in page 6 over the standard level-2 table.
 */
static void kv_did_two_trees(struct kv_mem *t)
{
	kv_std(t, 3);
	kv_w64(t, KV_PA(6), KV_PA(KV_TBL(3, 2)) | KV_RW);
	kv_ctx(t, 0x10, KV_CTX_LO(KV_PA(6), 0), KV_CTX_HI(1, 1));
}

/* The same two devices with one tree: a DMA alias, adopted. */
static void kv_did_one_tree(struct kv_mem *t)
{
	kv_std(t, 3);
	kv_ctx(t, 0x10, KV_CTX_LO(KV_PA(KV_TBL(3, 3)), 0), KV_CTX_HI(1, 1));
}

/*
 * Domain 1, domain 2, domain 1 again, in ID order: trees are merged only
 * with the previous translation's, so devfn 0x18 gets a tree index of its
 * own for the same root as devfn 0x08; all three are adopted.
 */
static void kv_did_interleaved(struct kv_mem *t)
{
	kv_std(t, 3);
	kv_w64(t, KV_PA(6), KV_PA(KV_TBL(3, 2)) | KV_RW);
	kv_ctx(t, 0x10, KV_CTX_LO(KV_PA(6), 0), KV_CTX_HI(1, 2));
	kv_ctx(t, 0x18, KV_CTX_LO(KV_PA(KV_TBL(3, 3)), 0), KV_CTX_HI(1, 1));
}

static void kv_amd_did_two_trees(struct kv_mem *t)
{
	kv_amd_std(t, 3);
	kv_w64(t, KV_PA(5), KV_AMD_PDE(KV_PA(KV_TBL(3, 2)), 3));
	kv_dte(t, 0x10, KV_DTE0(KV_PA(5), 3), 1, 0);
}

#include "plan_cases_sm.h"
#include "plan_cases_smmuv3.h"
#include "plan_cases_smmuv2.h"

#define KV_VTD(n, b, r, d, a, l) \
	{ .name = n, .op = KV_OP_VTD, .build = b, .ret = r, .dev = d, \
	  .nr = a, .leaves = l }
#define KV_AMD(n, b, r, d, a, l) \
	{ .name = n, .op = KV_OP_AMD, .build = b, .ret = r, .dev = d, \
	  .nr = a, .leaves = l }
#define KV_VTDC(n, b, a, l, cc, ct) \
	{ .name = n, .op = KV_OP_VTD, .build = b, .ret = KDUMP_OK, \
	  .dev = KDUMP_OK, .nr = a, .leaves = l, .cut_cap = cc, .cut_tbl = ct }
#define KV_AMDC(n, b, a, l, cc, ct) \
	{ .name = n, .op = KV_OP_AMD, .build = b, .ret = KDUMP_OK, \
	  .dev = KDUMP_OK, .nr = a, .leaves = l, .cut_cap = cc, .cut_tbl = ct }
#define KV_ELF(n, b, r, a) \
	{ .name = n, .op = KV_OP_ELF, .build = b, .ret = r, .dev = KDUMP_OK, \
	  .nr = a }

static const struct kv_case kv_cases[] = {
	/* valid tables */
	KV_VTD("ctx_3level_is_adopted", kv_std3, KDUMP_OK, KDUMP_OK, 1, 4),
	KV_VTD("ctx_4level_is_adopted", kv_std4, KDUMP_OK, KDUMP_OK, 1, 4),
	KV_VTD("ctx_5level_is_adopted", kv_std5, KDUMP_OK, KDUMP_OK, 1, 4),
	KV_VTD("ctx_fpd_is_adopted", kv_fpd, KDUMP_OK, KDUMP_OK, 1, 4),
	KV_VTD("superpage_2m_is_adopted", kv_sp_2m, KDUMP_OK, KDUMP_OK, 1, 1),
	KV_VTD("superpage_1g_is_adopted", kv_sp_1g, KDUMP_OK, KDUMP_OK, 1, 1),
	KV_VTDC("ctx_passthrough_is_confined_to_old_ram", kv_passthrough, 1, 0,
		0, 2 * KV_PAGE_SIZE),
	KV_VTD("ctx_devtlb_supported_is_adopted", kv_ctx_dt_supported,
	       KDUMP_OK, KDUMP_OK, 1, 4),
	KV_VTD("ctx_absent_is_ignored", kv_absent_ctx, KDUMP_OK, KDUMP_OK,
	       0, 0),
	KV_VTD("pt_shared_subtable_is_adopted", kv_pt_shared_subtable,
	       KDUMP_OK, KDUMP_OK, 1, 8),
	KV_VTD("leaf_outside_old_ram_is_adopted", kv_leaf_mmio, KDUMP_OK,
	       KDUMP_OK, 1, 4),
	KV_VTD("pte_not_present_is_ignored", kv_not_present_pte_ignored,
	       KDUMP_OK, KDUMP_OK, 1, 4),
	KV_VTD("two_buses_are_adopted", kv_two_buses, KDUMP_OK, KDUMP_OK,
	       2, 8),

	/* the root table pointer: the whole IOMMU */
	KV_VTD("root_ptr_unaligned_blocks_iommu", kv_rta_unaligned,
	       KDUMP_BAD_ALIGN, KDUMP_OK, 0, 0),
	KV_VTD("root_ptr_past_ram_blocks_iommu", kv_rta_past_ram,
	       KDUMP_BAD_NOT_OLD_RAM, KDUMP_OK, 0, 0),
	KV_VTD("root_ptr_in_capture_blocks_iommu", kv_rta_in_capture,
	       KDUMP_BAD_IN_CAPTURE, KDUMP_OK, 0, 0),
	KV_VTD("root_ptr_overflow_blocks_iommu", kv_rta_overflow,
	       KDUMP_BAD_OVERFLOW, KDUMP_OK, 0, 0),
	KV_VTD("root_ptr_above_haw_blocks_iommu", kv_rta_above_haw,
	       KDUMP_BAD_RSVD, KDUMP_OK, 0, 0),
	KV_VTD("root_read_eio_blocks_iommu", kv_rta_read_fails,
	       KDUMP_BAD_READ, KDUMP_OK, 0, 0),

	/* root entries: every device on the bus */
	KV_VTD("root_entry_rsvd_lo_blocks_bus", kv_root_rsvd_lo, KDUMP_OK,
	       KDUMP_BAD_RSVD, 0, 0),
	KV_VTD("root_entry_rsvd_hi_blocks_bus", kv_root_rsvd_hi, KDUMP_OK,
	       KDUMP_BAD_RSVD, 0, 0),
	KV_VTD("ctx_ptr_in_capture_blocks_bus", kv_ctp_in_capture, KDUMP_OK,
	       KDUMP_BAD_IN_CAPTURE, 0, 0),
	KV_VTD("ctx_ptr_past_ram_blocks_bus", kv_ctp_past_ram, KDUMP_OK,
	       KDUMP_BAD_NOT_OLD_RAM, 0, 0),
	KV_VTD("ctx_ptr_above_haw_blocks_bus", kv_ctp_above_haw, KDUMP_OK,
	       KDUMP_BAD_RSVD, 0, 0),
	KV_VTD("ctx_ptr_is_root_blocks_bus", kv_ctp_is_root, KDUMP_OK,
	       KDUMP_BAD_LOOP, 0, 0),
	KV_VTD("bad_bus_keeps_other_bus_adopted", kv_bad_bus_keeps_other_bus,
	       KDUMP_OK, KDUMP_BAD_IN_CAPTURE, 1, 4),

	/* context entries: one device */
	KV_VTD("ctx_rsvd_lo_blocks_device", kv_ctx_rsvd_lo, KDUMP_OK,
	       KDUMP_BAD_RSVD, 0, 0),
	KV_VTD("ctx_rsvd_hi_blocks_device", kv_ctx_rsvd_hi, KDUMP_OK,
	       KDUMP_BAD_RSVD, 0, 0),
	KV_VTD("ctx_rsvd_hi_bit7_blocks_device", kv_ctx_rsvd_hi_bit7,
	       KDUMP_OK, KDUMP_BAD_RSVD, 0, 0),
	KV_VTD("ctx_tt_reserved_blocks_device", kv_ctx_tt_reserved, KDUMP_OK,
	       KDUMP_BAD_TYPE, 0, 0),
	KV_VTD("ctx_passthrough_unsupported_blocks_device",
	       kv_ctx_pt_unsupported, KDUMP_OK, KDUMP_BAD_TYPE, 0, 0),
	KV_VTD("ctx_devtlb_unsupported_blocks_device", kv_ctx_dt_unsupported,
	       KDUMP_OK, KDUMP_BAD_TYPE, 0, 0),
	KV_VTD("ctx_aw_not_in_sagaw_blocks_device", kv_ctx_aw_not_in_sagaw,
	       KDUMP_OK, KDUMP_BAD_WIDTH, 0, 0),
	KV_VTD("ctx_aw_reserved_blocks_device", kv_ctx_aw_reserved, KDUMP_OK,
	       KDUMP_BAD_WIDTH, 0, 0),
	KV_VTD("ctx_aw_2level_blocks_device", kv_ctx_aw_zero, KDUMP_OK,
	       KDUMP_BAD_WIDTH, 0, 0),
	KV_VTD("ctx_did_beyond_nd_blocks_device", kv_ctx_did_beyond_nd,
	       KDUMP_OK, KDUMP_BAD_DID, 0, 0),
	KV_VTD("ctx_did0_in_caching_mode_blocks_device",
	       kv_ctx_did0_caching_mode, KDUMP_OK, KDUMP_BAD_DID, 0, 0),
	KV_VTD("slptptr_in_capture_blocks_device", kv_slptptr_in_capture,
	       KDUMP_OK, KDUMP_BAD_IN_CAPTURE, 0, 0),
	KV_VTD("slptptr_is_ctx_table_blocks_device", kv_slptptr_is_ctx,
	       KDUMP_OK, KDUMP_BAD_LOOP, 0, 0),
	KV_VTD("one_bad_device_keeps_others_adopted", kv_one_bad_device,
	       KDUMP_OK, KDUMP_BAD_TYPE, 2, 8),

	/* page tables: one device */
	KV_VTD("pt_ptr_past_ram_blocks_device", kv_pt_past_ram, KDUMP_OK,
	       KDUMP_BAD_NOT_OLD_RAM, 0, 0),
	KV_VTD("pt_ptr_in_capture_blocks_device", kv_pt_in_capture, KDUMP_OK,
	       KDUMP_BAD_IN_CAPTURE, 0, 0),
	KV_VTD("pt_self_loop_blocks_device", kv_pt_self_loop, KDUMP_OK,
	       KDUMP_BAD_LOOP, 0, 0),
	KV_VTD("pt_ancestor_loop_blocks_device", kv_pt_ancestor_loop,
	       KDUMP_OK, KDUMP_BAD_LOOP, 0, 0),
	KV_VTD("ps_at_level1_blocks_device", kv_ps_level1, KDUMP_OK,
	       KDUMP_BAD_RSVD, 0, 0),
	KV_VTD("ps_at_level4_blocks_device", kv_ps_level4, KDUMP_OK,
	       KDUMP_BAD_RSVD, 0, 0),
	KV_VTD("superpage_1g_unsupported_blocks_device", kv_sp_1g_unsupported,
	       KDUMP_OK, KDUMP_BAD_RSVD, 0, 0),
	KV_VTD("superpage_2m_misaligned_blocks_device", kv_sp_2m_misaligned,
	       KDUMP_OK, KDUMP_BAD_RSVD, 0, 0),
	KV_VTD("pte_rsvd_low_bits_block_device", kv_pte_rsvd_low, KDUMP_OK,
	       KDUMP_BAD_RSVD, 0, 0),
	KV_VTD("pte_addr_above_haw_blocks_device", kv_pte_above_haw, KDUMP_OK,
	       KDUMP_BAD_RSVD, 0, 0),
	KV_VTD("pt_ptr_above_haw_blocks_device", kv_pte_table_above_haw,
	       KDUMP_OK, KDUMP_BAD_RSVD, 0, 0),
	KV_VTDC("leaf_in_capture_is_cut_rest_adopted", kv_leaf_in_capture, 1, 4,
		KV_PAGE_SIZE, 0),
	KV_VTDC("superpage_over_capture_is_cut_rest_adopted",
		kv_sp_over_capture, 1, 5, KV_CAP_END - KV_CAP_START, 0),
	KV_VTD("table_fanout_past_limit_blocks_device", kv_fanout, KDUMP_OK,
	       KDUMP_BAD_TOO_BIG, 0, 0),
	KV_VTD("leaves_past_limit_block_device", kv_leaf_limit, KDUMP_OK,
	       KDUMP_BAD_TOO_BIG, 0, 0),
	KV_VTD("total_budget_spent_blocks_next_tree", kv_total_budget,
	       KDUMP_OK, KDUMP_BAD_TOO_BIG, 1, 4),
	KV_VTD("records_past_budget_block_devices_not_unit",
	       kv_records_past_budget, KDUMP_OK, KDUMP_BAD_BUDGET, 64,
	       64 * KV_STD_LEAVES),
	KV_VTD("devices_sharing_a_tree_walk_it_once", kv_shared_tree,
	       KDUMP_OK, KDUMP_OK, 2, 8),
	KV_VTD("read_eio_mid_walk_blocks_device", kv_read_fails_mid_walk,
	       KDUMP_OK, KDUMP_BAD_READ, 0, 0),

	/* AMD-Vi: valid device tables */
	KV_AMD("amd_dte_1level_is_adopted", kv_amd1, KDUMP_OK, KDUMP_OK, 1, 4),
	KV_AMD("amd_dte_3level_is_adopted", kv_amd3, KDUMP_OK, KDUMP_OK, 1, 4),
	KV_AMD("amd_dte_4level_is_adopted", kv_amd4, KDUMP_OK, KDUMP_OK, 1, 4),
	KV_AMD("amd_dte_6level_is_adopted", kv_amd6, KDUMP_OK, KDUMP_OK, 1, 4),
	KV_AMD("amd_3level_with_2m_leaf_is_adopted", kv_amd_2m_l3, KDUMP_OK,
	       KDUMP_OK, 1, 1),
	KV_AMD("amd_4level_with_1g_leaf_is_adopted", kv_amd_1g_l4, KDUMP_OK,
	       KDUMP_OK, 1, 1),
	KV_AMD("amd_nl7_64k_page_is_adopted", kv_amd_nl7_64k, KDUMP_OK,
	       KDUMP_OK, 1, 20),
	KV_AMD("amd_nl7_4m_page_is_adopted", kv_amd_nl7_4m, KDUMP_OK,
	       KDUMP_OK, 1, 6),
	KV_AMDC("amd_mode0_is_confined_to_old_ram", kv_amd_passthrough, 1, 0,
		0, KV_PAGE_SIZE),
	KV_AMD("amd_blocked_dte_is_adopted_as_abort", kv_amd_blocked, KDUMP_OK,
	       KDUMP_OK, 1, 0),
	KV_AMD("amd_tv0_dte_is_adopted_as_abort", kv_amd_tv0, KDUMP_OK,
	       KDUMP_OK, 1, 0),
	KV_AMD("amd_v0_dte_is_ignored", kv_amd_v0, KDUMP_OK, KDUMP_OK, 0, 0),
	KV_AMD("amd_leaf_past_haw_blocks_device", kv_amd_leaf_past_haw,
	       KDUMP_OK, KDUMP_BAD_WIDTH, 0, 0),
	KV_AMD("amd_irt_in_old_ram_is_adopted", kv_amd_irt, KDUMP_OK, KDUMP_OK,
	       1, 4),
	KV_AMD("amd_iv_intctl_abort_without_table_is_adopted",
	       kv_amd_iv_abort_no_table, KDUMP_OK, KDUMP_OK, 1, 4),
	KV_AMD("amd_iv_intctl_forward_ignores_table_pointer",
	       kv_amd_iv_forward_ptr_unused, KDUMP_OK, KDUMP_OK, 1, 4),
	KV_AMD("amd_leaf_without_ir_iw_is_ignored", kv_amd_no_perm_leaf,
	       KDUMP_OK, KDUMP_OK, 1, 4),

	/* AMD-Vi: the device table pointer and size: the whole IOMMU */
	KV_AMD("amd_dev_table_unaligned_blocks_iommu", kv_amd_dt_unaligned,
	       KDUMP_BAD_ALIGN, KDUMP_OK, 0, 0),
	KV_AMD("amd_dev_table_past_ram_blocks_iommu", kv_amd_dt_past_ram,
	       KDUMP_BAD_NOT_OLD_RAM, KDUMP_OK, 0, 0),
	KV_AMD("amd_dev_table_in_capture_blocks_iommu", kv_amd_dt_in_capture,
	       KDUMP_BAD_IN_CAPTURE, KDUMP_OK, 0, 0),
	KV_AMD("amd_dev_table_size_zero_blocks_iommu", kv_amd_dt_size_zero,
	       KDUMP_BAD_WIDTH, KDUMP_OK, 0, 0),
	KV_AMD("amd_dev_table_size_partial_page_blocks_iommu",
	       kv_amd_dt_size_partial, KDUMP_BAD_WIDTH, KDUMP_OK, 0, 0),
	KV_AMD("amd_dev_table_over_64k_entries_blocks_iommu",
	       kv_amd_dt_size_over_2m, KDUMP_BAD_WIDTH, KDUMP_OK, 0, 0),
	KV_AMD("amd_dev_table_size_past_ram_blocks_iommu",
	       kv_amd_dt_size_past_ram, KDUMP_BAD_NOT_OLD_RAM, KDUMP_OK, 0, 0),
	KV_AMD("amd_dev_table_read_eio_blocks_iommu", kv_amd_dt_read_fails,
	       KDUMP_BAD_READ, KDUMP_OK, 0, 0),
	KV_AMD("amd_caps_bogus_haw_blocks_iommu", kv_amd_caps_bogus,
	       KDUMP_BAD_WIDTH, KDUMP_OK, 0, 0),

	/* AMD-Vi: device table entries: one device */
	KV_AMD("amd_dte_rsvd_q0_blocks_device", kv_amd_dte_rsvd0, KDUMP_OK,
	       KDUMP_BAD_RSVD, 0, 0),
	KV_AMD("amd_dte_rsvd_q1_blocks_device", kv_amd_dte_rsvd1, KDUMP_OK,
	       KDUMP_BAD_RSVD, 0, 0),
	KV_AMD("amd_dte_rsvd_q2_blocks_device", kv_amd_dte_rsvd2, KDUMP_OK,
	       KDUMP_BAD_RSVD, 0, 0),
	KV_AMD("amd_dte_rsvd_q3_blocks_device", kv_amd_dte_rsvd3, KDUMP_OK,
	       KDUMP_BAD_RSVD, 0, 0),
	KV_AMD("amd_dte_mode7_blocks_device", kv_amd_mode7, KDUMP_OK,
	       KDUMP_BAD_WIDTH, 0, 0),
	KV_AMD("amd_dte_mode_beyond_hats_blocks_device",
	       kv_amd_mode_beyond_hats, KDUMP_OK, KDUMP_BAD_WIDTH, 0, 0),
	KV_AMD("amd_dte_domid_beyond_caps_blocks_device", kv_amd_domid_beyond,
	       KDUMP_OK, KDUMP_BAD_DID, 0, 0),
	KV_AMD("amd_dte_domid0_paging_blocks_device", kv_amd_domid0, KDUMP_OK,
	       KDUMP_BAD_DID, 0, 0),
	KV_AMD("amd_dte_gv_blocks_device", kv_amd_gv, KDUMP_OK, KDUMP_BAD_TYPE,
	       0, 0),
	KV_AMD("amd_dte_root_above_haw_blocks_device", kv_amd_root_above_haw,
	       KDUMP_OK, KDUMP_BAD_RSVD, 0, 0),
	KV_AMD("amd_dte_root_is_dev_table_blocks_device", kv_amd_root_is_dt,
	       KDUMP_OK, KDUMP_BAD_LOOP, 0, 0),
	KV_AMD("amd_irt_in_capture_blocks_device", kv_amd_irt_in_capture,
	       KDUMP_OK, KDUMP_BAD_IN_CAPTURE, 0, 0),
	KV_AMD("amd_irt_unaligned_blocks_device", kv_amd_irt_unaligned,
	       KDUMP_OK, KDUMP_BAD_ALIGN, 0, 0),
	KV_AMD("amd_irt_past_ram_blocks_device", kv_amd_irt_past_ram, KDUMP_OK,
	       KDUMP_BAD_NOT_OLD_RAM, 0, 0),
	KV_AMD("amd_irt_is_dev_table_blocks_device", kv_amd_irt_is_dt,
	       KDUMP_OK, KDUMP_BAD_LOOP, 0, 0),
	KV_AMD("amd_irt_intctl_rsvd_blocks_device", kv_amd_irt_intctl_rsvd,
	       KDUMP_OK, KDUMP_BAD_RSVD, 0, 0),
	KV_AMD("amd_irt_len_rsvd_blocks_device", kv_amd_irt_len_rsvd, KDUMP_OK,
	       KDUMP_BAD_WIDTH, 0, 0),
	KV_AMD("amd_one_bad_device_keeps_others_adopted",
	       kv_amd_one_bad_device, KDUMP_OK, KDUMP_BAD_WIDTH, 2, 8),
	KV_AMD("amd_total_budget_spent_blocks_next_tree",
	       kv_amd_total_budget, KDUMP_OK, KDUMP_BAD_TOO_BIG, 1, 4),

	/* AMD-Vi: page tables: one device */
	KV_AMD("amd_pde_skipping_a_level_blocks_device",
	       kv_amd_pde_skips_level, KDUMP_OK, KDUMP_BAD_TYPE, 0, 0),
	KV_AMD("amd_pde_next_level_not_below_blocks_device",
	       kv_amd_pde_nl_not_below, KDUMP_OK, KDUMP_BAD_RSVD, 0, 0),
	KV_AMD("amd_pde_read_only_blocks_device", kv_amd_pde_read_only,
	       KDUMP_OK, KDUMP_BAD_TYPE, 0, 0),
	KV_AMD("amd_pde_fc_blocks_device", kv_amd_pde_fc, KDUMP_OK,
	       KDUMP_BAD_RSVD, 0, 0),
	KV_AMD("amd_pte_rsvd_bits_block_device", kv_amd_pte_rsvd, KDUMP_OK,
	       KDUMP_BAD_RSVD, 0, 0),
	KV_AMD("amd_pte_addr_above_haw_blocks_device", kv_amd_pte_above_haw,
	       KDUMP_OK, KDUMP_BAD_RSVD, 0, 0),
	KV_AMD("amd_2m_leaf_misaligned_blocks_device", kv_amd_2m_misaligned,
	       KDUMP_OK, KDUMP_BAD_RSVD, 0, 0),
	KV_AMD("amd_nl7_page_of_next_level_size_blocks_device",
	       kv_amd_nl7_too_big, KDUMP_OK, KDUMP_BAD_RSVD, 0, 0),
	KV_AMD("amd_nl7_without_size_blocks_device", kv_amd_nl7_all_ones,
	       KDUMP_OK, KDUMP_BAD_RSVD, 0, 0),

	/* the ELF core header that defines old RAM */
	KV_ELF("elfcorehdr_lists_old_ram", kv_elf_le, KDUMP_OK, 3),
	KV_ELF("elfcorehdr_big_endian_lists_old_ram", kv_elf_be, KDUMP_OK, 3),
	KV_ELF("elfcorehdr_bad_magic_is_rejected", kv_elf_bad_magic,
	       KDUMP_BAD_TYPE, 0),
	KV_ELF("elfcorehdr_elf32_is_rejected", kv_elf_elf32, KDUMP_BAD_TYPE,
	       0),
	KV_ELF("elfcorehdr_not_core_is_rejected", kv_elf_not_core,
	       KDUMP_BAD_TYPE, 0),
	KV_ELF("elfcorehdr_bad_phentsize_is_rejected", kv_elf_bad_phentsize,
	       KDUMP_BAD_WIDTH, 0),
	KV_ELF("elfcorehdr_too_many_loads_is_rejected", kv_elf_too_many_loads,
	       KDUMP_BAD_TOO_BIG, 2),
	KV_ELF("elfcorehdr_pn_xnum_is_rejected", kv_elf_pn_xnum,
	       KDUMP_BAD_TOO_BIG, 0),
	KV_ELF("elfcorehdr_truncated_is_rejected", kv_elf_truncated,
	       KDUMP_BAD_OVERFLOW, 0),
	KV_ELF("elfcorehdr_phoff_past_end_is_rejected", kv_elf_phoff_past_end,
	       KDUMP_BAD_OVERFLOW, 0),
	KV_ELF("elfcorehdr_short_is_rejected", kv_elf_short,
	       KDUMP_BAD_OVERFLOW, 0),
	KV_ELF("elfcorehdr_wrapping_load_is_rejected", kv_elf_load_wraps,
	       KDUMP_BAD_OVERFLOW, 3),
	KV_ELF("elfcorehdr_read_eio_is_rejected", kv_elf_read_fails,
	       KDUMP_BAD_READ, 1),
	KV_VTD("did_with_two_trees_blocks_both_devices", kv_did_two_trees,
	       KDUMP_OK, KDUMP_BAD_CONFLICT, 0, 0),
	KV_VTD("did_with_one_tree_is_adopted", kv_did_one_tree, KDUMP_OK,
	       KDUMP_OK, 2, 8),
	KV_AMD("amd_domid_with_two_trees_blocks_both_devices",
	       kv_amd_did_two_trees, KDUMP_OK, KDUMP_BAD_CONFLICT, 0, 0),
	/* VT-d scalable mode (plan_cases_sm.h) */
	KV_SM("sm_sl_3level_is_adopted", kv_sm_std3, KDUMP_OK, KDUMP_OK, 1, 4),
	KV_SM("sm_fl_4level_is_adopted", kv_sm_fl4, KDUMP_OK, KDUMP_OK, 1, 4),
	KV_SM("sm_fl_5level_is_adopted", kv_sm_fl5, KDUMP_OK, KDUMP_OK, 1, 4),
	KV_SM("sm_fl_2m_leaf_is_adopted", kv_sm_fl_2m, KDUMP_OK, KDUMP_OK,
	      1, 5),
	KV_SM("sm_fl_1g_leaf_is_adopted", kv_sm_fl_1g, KDUMP_OK, KDUMP_OK,
	      1, 5),
	KV_SM("sm_fl_xd_leaf_is_adopted", kv_sm_fl_leaf_xd, KDUMP_OK,
	      KDUMP_OK, 1, 4),
	KV_SM("sm_fl_upper_half_present_blocks_device",
	      kv_sm_fl_upper_half_present, KDUMP_OK, KDUMP_BAD_RSVD, 0, 0),
	KV_VTD("did_shared_by_interleaved_devices_is_adopted",
	       kv_did_interleaved, KDUMP_OK, KDUMP_OK, 3, 12),
	KV_SM("sm_sva_pasids_sharing_a_did_are_adopted", kv_sm_sva_shared_did,
	      KDUMP_OK, KDUMP_OK, 3, 12),
	KV_SMC("sm_passthrough_is_confined_to_old_ram", kv_sm_pe_passthrough,
	       1, 0, 0, 4 * KV_PAGE_SIZE),
	KV_SM("sm_upper_half_devfn_is_adopted", kv_sm_upper_devfn, KDUMP_OK,
	      KDUMP_OK, 1, 4),
	KV_SM("sm_two_pasids_are_adopted", kv_sm_two_pasids, KDUMP_OK,
	      KDUMP_OK, 2, 8),
	KV_SM("sm_alias_sharing_tables_is_adopted", kv_sm_alias_shares_tables,
	      KDUMP_OK, KDUMP_OK, 2, 8),
	KV_SM("sm_rid_pasid_1_with_rps_is_adopted", kv_sm_ctx_rid_pasid_1,
	      KDUMP_OK, KDUMP_OK, 1, 4),
	KV_SM("sm_bad_pasid_unreachable_without_paside_is_ignored",
	      kv_sm_bad_pasid_unreachable, KDUMP_OK, KDUMP_OK, 1, 4),
	KV_SM("sm_bad_pasid_blocks_whole_device",
	      kv_sm_bad_pasid_blocks_device, KDUMP_OK, KDUMP_BAD_TYPE, 0, 0),
	KV_SM("sm_did_with_two_trees_blocks_both_devices", kv_sm_did_two_trees,
	      KDUMP_OK, KDUMP_BAD_CONFLICT, 0, 0),
	KV_SM("sm_one_bad_device_keeps_the_other", kv_sm_one_bad_device,
	      KDUMP_OK, KDUMP_BAD_RSVD, 1, 4),
	KV_SM("sm_paside_unsupported_blocks_device", kv_sm_paside_unsupported,
	      KDUMP_OK, KDUMP_BAD_TYPE, 0, 0),
	KV_SM("sm_root_rsvd_blocks_bus_half", kv_sm_root_lo_rsvd, KDUMP_OK,
	      KDUMP_BAD_RSVD, 0, 0),
	KV_SM("sm_root_upper_half_in_capture_keeps_lower",
	      kv_sm_root_hi_in_capture, KDUMP_OK, KDUMP_BAD_IN_CAPTURE, 1, 4),
	KV_SM("sm_ctx_table_is_root_blocks_bus_half", kv_sm_ctp_is_root,
	      KDUMP_OK, KDUMP_BAD_LOOP, 0, 0),
	KV_SM("sm_ctx_rsvd_lo_blocks_device", kv_sm_ctx_lo_rsvd, KDUMP_OK,
	      KDUMP_BAD_RSVD, 0, 0),
	KV_SM("sm_ctx_rid_priv_blocks_device", kv_sm_ctx_rid_priv, KDUMP_OK,
	      KDUMP_BAD_RSVD, 0, 0),
	KV_SM("sm_ctx_upper_quadwords_block_device", kv_sm_ctx_q2_rsvd,
	      KDUMP_OK, KDUMP_BAD_RSVD, 0, 0),
	KV_SM("sm_ctx_rid_pasid_without_rps_blocks_device",
	      kv_sm_ctx_rid_pasid_without_rps, KDUMP_OK, KDUMP_BAD_RSVD, 0, 0),
	KV_SM("sm_ctx_rid_pasid_beyond_dir_blocks_device",
	      kv_sm_ctx_rid_pasid_beyond_dir, KDUMP_OK, KDUMP_BAD_WIDTH, 0, 0),
	KV_SM("sm_ctx_dte_unsupported_blocks_device",
	      kv_sm_ctx_dte_unsupported, KDUMP_OK, KDUMP_BAD_TYPE, 0, 0),
	KV_SM("sm_ctx_pre_unsupported_blocks_device",
	      kv_sm_ctx_pre_unsupported, KDUMP_OK, KDUMP_BAD_TYPE, 0, 0),
	KV_SM("sm_dir_in_capture_blocks_device", kv_sm_dir_in_capture,
	      KDUMP_OK, KDUMP_BAD_IN_CAPTURE, 0, 0),
	KV_SM("sm_dir_above_haw_blocks_device", kv_sm_dir_above_haw, KDUMP_OK,
	      KDUMP_BAD_RSVD, 0, 0),
	KV_SM("sm_dir_is_ctx_table_blocks_device", kv_sm_dir_is_ctx, KDUMP_OK,
	      KDUMP_BAD_LOOP, 0, 0),
	KV_SM("sm_dir_past_ram_blocks_device", kv_sm_dir_past_ram, KDUMP_OK,
	      KDUMP_BAD_NOT_OLD_RAM, 0, 0),
	KV_SM("sm_pde_rsvd_blocks_device", kv_sm_pde_rsvd, KDUMP_OK,
	      KDUMP_BAD_RSVD, 0, 0),
	KV_SM("sm_pde_in_capture_blocks_device", kv_sm_pde_in_capture,
	      KDUMP_OK, KDUMP_BAD_IN_CAPTURE, 0, 0),
	KV_SM("sm_pde_past_ram_blocks_device", kv_sm_pde_past_ram, KDUMP_OK,
	      KDUMP_BAD_NOT_OLD_RAM, 0, 0),
	KV_SM("sm_pde_is_dir_blocks_device", kv_sm_pde_is_dir, KDUMP_OK,
	      KDUMP_BAD_LOOP, 0, 0),
	KV_SM("sm_pasid_table_eio_blocks_device", kv_sm_pasid_table_read_fails,
	      KDUMP_OK, KDUMP_BAD_READ, 0, 0),
	KV_SM("sm_pe_pgtt0_blocks_device", kv_sm_pe_pgtt0, KDUMP_OK,
	      KDUMP_BAD_TYPE, 0, 0),
	KV_SM("sm_pe_nested_blocks_device", kv_sm_pe_nested, KDUMP_OK,
	      KDUMP_BAD_TYPE, 0, 0),
	KV_SM("sm_pe_pgtt7_blocks_device", kv_sm_pe_pgtt7, KDUMP_OK,
	      KDUMP_BAD_TYPE, 0, 0),
	KV_SM("sm_pe_pt_unsupported_blocks_device", kv_sm_pe_pt_unsupported,
	      KDUMP_OK, KDUMP_BAD_TYPE, 0, 0),
	KV_SM("sm_pe_sl_unsupported_blocks_device", kv_sm_sl_unsupported,
	      KDUMP_OK, KDUMP_BAD_TYPE, 0, 0),
	KV_SM("sm_pe_fl_unsupported_blocks_device", kv_sm_fl_unsupported,
	      KDUMP_OK, KDUMP_BAD_TYPE, 0, 0),
	KV_SM("sm_pe_qword0_rsvd_blocks_device", kv_sm_pe_q0_rsvd, KDUMP_OK,
	      KDUMP_BAD_RSVD, 0, 0),
	KV_SM("sm_pe_qword1_rsvd_blocks_device", kv_sm_pe_q1_rsvd, KDUMP_OK,
	      KDUMP_BAD_RSVD, 0, 0),
	KV_SM("sm_pe_first_stage_fields_on_sl_block_device",
	      kv_sm_pe_q2_set_for_sl, KDUMP_OK, KDUMP_BAD_RSVD, 0, 0),
	KV_SM("sm_pe_qword7_rsvd_blocks_device", kv_sm_pe_q7_rsvd, KDUMP_OK,
	      KDUMP_BAD_RSVD, 0, 0),
	KV_SM("sm_pe_aw_not_in_sagaw_blocks_device", kv_sm_pe_aw_not_in_sagaw,
	      KDUMP_OK, KDUMP_BAD_WIDTH, 0, 0),
	KV_SM("sm_pe_did_beyond_nd_blocks_device", kv_sm_pe_did_beyond_nd,
	      KDUMP_OK, KDUMP_BAD_DID, 0, 0),
	KV_SM("sm_pe_did0_caching_mode_blocks_device",
	      kv_sm_pe_did0_caching_mode, KDUMP_OK, KDUMP_BAD_DID, 0, 0),
	KV_SM("sm_pe_sl_root_in_capture_blocks_device",
	      kv_sm_pe_sl_root_in_capture, KDUMP_OK, KDUMP_BAD_IN_CAPTURE, 0, 0),
	KV_SM("sm_fl_slptr_set_blocks_device", kv_sm_fl_slptr_set, KDUMP_OK,
	      KDUMP_BAD_RSVD, 0, 0),
	KV_SM("sm_fl_ere_blocks_device", kv_sm_fl_ere, KDUMP_OK,
	      KDUMP_BAD_RSVD, 0, 0),
	KV_SM("sm_fl_flpm_reserved_blocks_device", kv_sm_fl_flpm_reserved,
	      KDUMP_OK, KDUMP_BAD_WIDTH, 0, 0),
	KV_SM("sm_fl_5level_unsupported_blocks_device", kv_sm_fl5_unsupported,
	      KDUMP_OK, KDUMP_BAD_WIDTH, 0, 0),
	KV_SM("sm_fl_root_above_haw_blocks_device", kv_sm_fl_root_above_haw,
	      KDUMP_OK, KDUMP_BAD_RSVD, 0, 0),
	KV_SM("sm_fl_root_in_capture_blocks_device", kv_sm_fl_root_in_capture,
	      KDUMP_OK, KDUMP_BAD_IN_CAPTURE, 0, 0),
	KV_SM("sm_fl_root_is_pasid_table_blocks_device", kv_sm_fl_root_is_ptbl,
	      KDUMP_OK, KDUMP_BAD_LOOP, 0, 0),
	KV_SM("sm_fl_root_is_dir_blocks_device", kv_sm_fl_root_is_dir,
	      KDUMP_OK, KDUMP_BAD_LOOP, 0, 0),
	KV_SM("sm_fl_self_loop_blocks_device", kv_sm_fl_self_loop, KDUMP_OK,
	      KDUMP_BAD_LOOP, 0, 0),
	KV_SM("sm_fl_1g_unsupported_blocks_device", kv_sm_fl_1g_unsupported,
	      KDUMP_OK, KDUMP_BAD_RSVD, 0, 0),
	KV_SM("sm_fl_2m_misaligned_blocks_device", kv_sm_fl_2m_misaligned,
	      KDUMP_OK, KDUMP_BAD_RSVD, 0, 0),
	KV_SM("sm_fl_pat_at_level1_blocks_device", kv_sm_fl_pat_level1,
	      KDUMP_OK, KDUMP_BAD_RSVD, 0, 0),
	KV_SM("sm_fl_ps_at_level4_blocks_device", kv_sm_fl_ps_level4,
	      KDUMP_OK, KDUMP_BAD_RSVD, 0, 0),
	KV_SM("sm_fl_table_not_user_blocks_device", kv_sm_fl_table_not_user,
	      KDUMP_OK, KDUMP_BAD_RSVD, 0, 0),
	KV_SM("sm_fl_table_read_only_blocks_device", kv_sm_fl_table_read_only,
	      KDUMP_OK, KDUMP_BAD_RSVD, 0, 0),
	KV_SM("sm_fl_leaf_not_user_blocks_device", kv_sm_fl_leaf_not_user,
	      KDUMP_OK, KDUMP_BAD_RSVD, 0, 0),
	KV_SM("sm_fl_leaf_above_haw_blocks_device", kv_sm_fl_leaf_above_haw,
	      KDUMP_OK, KDUMP_BAD_RSVD, 0, 0),
	KV_SM("sm_fl_leaf_pkey_bits_block_device", kv_sm_fl_leaf_pkey,
	      KDUMP_OK, KDUMP_BAD_RSVD, 0, 0),
	KV_SMC("sm_fl_leaf_in_capture_is_cut_rest_adopted",
	       kv_sm_fl_leaf_in_capture, 1, 4, KV_PAGE_SIZE, 0),
	KV_SMC("sm_fl_read_only_leaf_over_pasid_table_is_kept",
	       kv_sm_fl_reads_ptbl, 1, 5, 0, 0),
	KV_SMC("sm_fl_writable_leaf_over_pasid_table_is_cut",
	       kv_sm_fl_writes_ptbl, 1, 5, 0, KV_PAGE_SIZE),
	KV_SMC("sm_fl_writable_leaf_over_pasid_dir_is_cut",
	       kv_sm_fl_writes_dir, 1, 5, 0, KV_PAGE_SIZE),

	/* SMMUv3: valid stream tables */
	KV_SMMU("smmu_s1_3level_is_adopted", kv_smmu_s1_3, KDUMP_OK, KDUMP_OK,
		1, 4),
	KV_SMMU("smmu_s1_4level_is_adopted", kv_smmu_s1_4, KDUMP_OK, KDUMP_OK,
		1, 4),
	KV_SMMU("smmu_s1_2level_is_adopted", kv_smmu_s1_2, KDUMP_OK, KDUMP_OK,
		1, 4),
	KV_SMMU("smmu_s1_16k_granule_is_adopted", kv_smmu_s1_16k, KDUMP_OK,
		KDUMP_OK, 1, 1),
	KV_SMMU("smmu_s2_3level_is_adopted", kv_smmu_s2_3, KDUMP_OK, KDUMP_OK,
		1, 4),
	KV_SMMU("smmu_s2_concatenated_roots_are_adopted", kv_smmu_s2_concat,
		KDUMP_OK, KDUMP_OK, 1, 5),
	KV_SMMU("smmu_ste_abort_is_adopted_as_abort", kv_smmu_abort, KDUMP_OK,
		KDUMP_OK, 1, 0),
	KV_SMMUC("smmu_ste_bypass_is_confined_to_old_ram", kv_smmu_bypass, 1, 0,
		 0, KV_PAGE_SIZE),
	KV_SMMU("smmu_cd_invalid_is_ignored", kv_smmu_cd_invalid, KDUMP_OK,
		KDUMP_OK, 0, 0),
	KV_SMMU("smmu_cd_epd0_is_adopted_as_abort", kv_smmu_cd_epd0, KDUMP_OK,
		KDUMP_OK, 1, 0),
	KV_SMMU("smmu_s1dss_ssid0_reports_cd0_and_cd1", kv_smmu_dss_ssid0,
		KDUMP_OK, KDUMP_OK, 2, 8),
	KV_SMMU("smmu_s1dss_terminate_aborts_requests_without_pasid",
		kv_smmu_dss_terminate, KDUMP_OK, KDUMP_OK, 3, 8),
	KV_SMMUC("smmu_s1dss_bypass_confines_requests_without_pasid",
		 kv_smmu_dss_bypass, 3, 8, 0, 5 * KV_PAGE_SIZE),
	KV_SMMU("smmu_cd_table_2level_is_adopted", kv_smmu_cd_2lvl, KDUMP_OK,
		KDUMP_OK, 2, 8),
	KV_SMMU("smmu_strtab_2level_is_adopted", kv_smmu_2lvl, KDUMP_OK,
		KDUMP_OK, 1, 4),
	KV_SMMU("smmu_s2_af_clear_leaf_maps_nothing", kv_smmu_s2_af_clear,
		KDUMP_OK, KDUMP_OK, 1, 3),
	KV_SMMU("smmu_s2_af_clear_leaf_with_s2affd_is_mapped",
		kv_smmu_s2_af_clear_affd, KDUMP_OK, KDUMP_OK, 1, 4),

	/* SMMUv3: a bad stream is blocked, the others go on */
	KV_SMMU("smmu_ste_config_reserved_blocks_stream", kv_smmu_cfg_rsvd,
		KDUMP_OK, KDUMP_BAD_RSVD, 0, 0),
	KV_SMMU("smmu_ste_nested_blocks_stream", kv_smmu_nested, KDUMP_OK,
		KDUMP_BAD_TYPE, 0, 0),
	KV_SMMU("smmu_ste_word0_reserved_blocks_stream", kv_smmu_ste0_rsvd,
		KDUMP_OK, KDUMP_BAD_RSVD, 0, 0),
	KV_SMMU("smmu_ste_word4_set_blocks_stream", kv_smmu_ste_word4,
		KDUMP_OK, KDUMP_BAD_TYPE, 0, 0),
	KV_SMMU("smmu_s1cdmax_beyond_ssidsize_blocks_stream",
		kv_smmu_cdmax_wide, KDUMP_OK, KDUMP_BAD_WIDTH, 0, 0),
	KV_SMMU("smmu_s1ctxptr_in_capture_blocks_stream",
		kv_smmu_ctxptr_capture, KDUMP_OK, KDUMP_BAD_IN_CAPTURE, 0, 0),
	KV_SMMU("smmu_s1ctxptr_past_ram_blocks_stream",
		kv_smmu_ctxptr_past_ram, KDUMP_OK, KDUMP_BAD_NOT_OLD_RAM, 0, 0),
	KV_SMMU("smmu_s1ctxptr_into_stream_table_blocks_stream",
		kv_smmu_ctxptr_strtab, KDUMP_OK, KDUMP_BAD_LOOP, 0, 0),
	KV_SMMU("smmu_one_bad_stream_leaves_the_other_adopted",
		kv_smmu_one_bad_stream, KDUMP_OK, KDUMP_BAD_IN_CAPTURE, 1, 4),
	KV_SMMU("smmu_s1dss_reserved_blocks_stream", kv_smmu_dss_rsvd,
		KDUMP_OK, KDUMP_BAD_RSVD, 0, 0),
	KV_SMMU("smmu_cd_aarch32_blocks_substream", kv_smmu_cd_aa32, KDUMP_OK,
		KDUMP_BAD_TYPE, 0, 0),
	KV_SMMU("smmu_cd_ttb1_walks_block_substream", kv_smmu_cd_ttb1,
		KDUMP_OK, KDUMP_BAD_TYPE, 0, 0),
	KV_SMMU("smmu_cd_top_byte_ignore_blocks_substream", kv_smmu_cd_tbi,
		KDUMP_OK, KDUMP_BAD_TYPE, 0, 0),
	KV_SMMU("smmu_cd_ips_reserved_blocks_substream", kv_smmu_cd_ips_rsvd,
		KDUMP_OK, KDUMP_BAD_RSVD, 0, 0),
	KV_SMMU("smmu_cd_asid_beyond_8_bits_blocks_substream",
		kv_smmu_cd_asid8, KDUMP_OK, KDUMP_BAD_DID, 0, 0),
	KV_SMMU("smmu_cd_52bit_input_blocks_substream", kv_smmu_cd_t0sz_small,
		KDUMP_OK, KDUMP_BAD_WIDTH, 0, 0),
	KV_SMMU("smmu_cd_16k_granule_missing_blocks_substream",
		kv_smmu_s1_16k_missing, KDUMP_OK, KDUMP_BAD_WIDTH, 0, 0),
	KV_SMMU("smmu_cd_table_2level_without_cd2l_blocks_stream",
		kv_smmu_cd_2lvl_no_cd2l, KDUMP_OK, KDUMP_BAD_TYPE, 0, 0),
	KV_SMMU("smmu_l1cd_in_capture_blocks_stream", kv_smmu_l1cd_capture,
		KDUMP_OK, KDUMP_BAD_IN_CAPTURE, 0, 0),
	KV_SMMU("smmu_l1cd_reserved_bits_block_stream", kv_smmu_l1cd_rsvd,
		KDUMP_OK, KDUMP_BAD_RSVD, 0, 0),
	KV_SMMU("smmu_l1cd_into_stream_table_blocks_stream",
		kv_smmu_l1cd_strtab, KDUMP_OK, KDUMP_BAD_LOOP, 0, 0),
	KV_SMMU("smmu_s2_vmid_beyond_8_bits_blocks_stream", kv_smmu_s2_vmid8,
		KDUMP_OK, KDUMP_BAD_DID, 0, 0),
	KV_SMMU("smmu_s2_without_stage2_blocks_stream", kv_smmu_s2_unsupported,
		KDUMP_OK, KDUMP_BAD_TYPE, 0, 0),
	KV_SMMU("smmu_s2_aarch32_blocks_stream", kv_smmu_s2_aa32, KDUMP_OK,
		KDUMP_BAD_TYPE, 0, 0),
	KV_SMMU("smmu_s2_start_level_mismatch_blocks_stream",
		kv_smmu_s2_sl0_mismatch, KDUMP_OK, KDUMP_BAD_WIDTH, 0, 0),
	KV_SMMU("smmu_leaf_reserved_bits_block_stream", kv_smmu_leaf_rsvd,
		KDUMP_OK, KDUMP_BAD_RSVD, 0, 0),
	KV_SMMU("smmu_last_level_block_blocks_stream",
		kv_smmu_last_level_block, KDUMP_OK, KDUMP_BAD_RSVD, 0, 0),
	KV_SMMU("smmu_s1_aptable_blocks_stream", kv_smmu_aptable, KDUMP_OK,
		KDUMP_BAD_TYPE, 0, 0),
	KV_SMMU("smmu_misaligned_block_blocks_stream",
		kv_smmu_block_misaligned, KDUMP_OK, KDUMP_BAD_RSVD, 0, 0),
	KV_SMMU("smmu_l2ptr_in_capture_blocks_its_stream_ids",
		kv_smmu_l1_capture, KDUMP_OK, KDUMP_BAD_IN_CAPTURE, 0, 0),
	KV_SMMU("smmu_l1_span_beyond_split_blocks_its_stream_ids",
		kv_smmu_l1_span_big, KDUMP_OK, KDUMP_BAD_RSVD, 0, 0),
	KV_SMMU("smmu_l2ptr_misaligned_blocks_its_stream_ids",
		kv_smmu_l1_misaligned, KDUMP_OK, KDUMP_BAD_ALIGN, 0, 0),
	KV_SMMU("smmu_l2_over_l1_blocks_its_stream_ids", kv_smmu_l1_is_l1,
		KDUMP_OK, KDUMP_BAD_LOOP, 0, 0),

	/* SMMUv3: found in review */
	KV_SMMU("smmu_s1cdmax0_ignores_s1fmt", kv_smmu_cdmax0_s1fmt, KDUMP_OK,
		KDUMP_OK, 1, 4),
	KV_SMMU("smmu_cd_table_misaligned_blocks_stream",
		kv_smmu_cdtab_misaligned, KDUMP_OK, KDUMP_BAD_ALIGN, 0, 0),
	KV_SMMU("smmu_l2cd_64k_misaligned_blocks_stream",
		kv_smmu_l1cd_64k_misaligned, KDUMP_OK, KDUMP_BAD_ALIGN, 0, 0),
	KV_SMMU("smmu_cd_affd_maps_af_clear_leaf", kv_smmu_cd_affd, KDUMP_OK,
		KDUMP_OK, 1, 4),
	KV_SMMU("smmu_s2_hardware_access_flag_blocks_stream", kv_smmu_s2ha,
		KDUMP_OK, KDUMP_BAD_TYPE, 0, 0),
	KV_SMMU("smmu_s1_permission_indirection_blocks_stream", kv_smmu_s1pie,
		KDUMP_OK, KDUMP_BAD_TYPE, 0, 0),
	KV_SMMU("smmu_cd_word2_set_blocks_substream", kv_smmu_cd_word2,
		KDUMP_OK, KDUMP_BAD_TYPE, 0, 0),
	KV_SMMU("smmu_cd_word4_set_blocks_substream", kv_smmu_cd_word4,
		KDUMP_OK, KDUMP_BAD_TYPE, 0, 0),
	KV_SMMU("smmu_strw_el2_without_e2h_blocks_stream", kv_smmu_strw_el2,
		KDUMP_OK, KDUMP_BAD_TYPE, 0, 0),
	KV_SMMU("smmu_strw_el2_with_e2h_is_adopted", kv_smmu_strw_el2_e2h,
		KDUMP_OK, KDUMP_OK, 1, 4),
	KV_SMMU("smmu_strw_illegal_blocks_stream", kv_smmu_strw_illegal,
		KDUMP_OK, KDUMP_BAD_RSVD, 0, 0),
	KV_SMMU("smmu_s1_leaf_gp_is_adopted", kv_smmu_leaf_gp, KDUMP_OK,
		KDUMP_OK, 1, 4),
	KV_SMMU("smmu_s2_16k_sl0_3_blocks_stream", kv_smmu_s2_16k_sl0_3,
		KDUMP_OK, KDUMP_BAD_RSVD, 0, 0),
	KV_SMMU("smmu_leaf_contiguous_hint_blocks_stream", kv_smmu_leaf_contig,
		KDUMP_OK, KDUMP_BAD_TYPE, 0, 0),
	KV_SMMU("smmu_eats_split_stage_blocks_stream", kv_smmu_eats_split,
		KDUMP_OK, KDUMP_BAD_RSVD, 0, 0),
	KV_SMMU("smmu_shared_l2_fanout_blocks_iommu", kv_smmu_shared_l2_fanout,
		KDUMP_BAD_TOO_BIG, KDUMP_OK, 0, 0),

	/* SMMUv2: registers through a model (QEMU has none) */
	KV_SMMU2("smmuv2_s1_bank_is_adopted", kv_smmu2_s1_3, KDUMP_OK, KDUMP_OK,
		 1, 4),
	KV_SMMU2("smmuv2_s2_bank_is_adopted", kv_smmu2_s2, KDUMP_OK, KDUMP_OK,
		 1, 4),
	KV_SMMU2("smmuv2_masked_entry_is_each_stream_id", kv_smmu2_mask,
		 KDUMP_OK, KDUMP_OK, 4, 16),
	KV_SMMU2("smmuv2_two_entries_one_bank_are_adopted", kv_smmu2_two,
		 KDUMP_OK, KDUMP_OK, 2, 8),
	KV_SMMU2("smmuv2_entries_are_reported_in_stream_id_order",
		 kv_smmu2_reversed, KDUMP_OK, KDUMP_OK, 6, 24),
	KV_SMMU2("smmuv2_s2cr_fault_is_adopted_as_abort", kv_smmu2_fault,
		 KDUMP_OK, KDUMP_OK, 1, 0),
	KV_SMMU2C("smmuv2_s2cr_bypass_is_confined_to_old_ram", kv_smmu2_bypass,
		  1, 0, 0, 0),
	KV_SMMU2C("smmuv2_bank_off_is_confined_to_old_ram", kv_smmu2_bank_off,
		  1, 0, 0, 0),
	KV_SMMU2("smmuv2_exids_entry_is_adopted", kv_smmu2_exids, KDUMP_OK,
		 KDUMP_OK, 1, 4),
	KV_SMMU2("smmuv2_conflicting_entries_block_both", kv_smmu2_conflict,
		 KDUMP_OK, KDUMP_BAD_CONFLICT, 0, 0),
	KV_SMMU2("smmuv2_bank_beyond_numcb_blocks_stream", kv_smmu2_cb_beyond,
		 KDUMP_OK, KDUMP_BAD_WIDTH, 0, 0),
	KV_SMMU2("smmuv2_aarch32_bank_blocks_stream", kv_smmu2_aarch32,
		 KDUMP_OK, KDUMP_BAD_TYPE, 0, 0),
	KV_SMMU2("smmuv2_nested_bank_blocks_stream", kv_smmu2_nested, KDUMP_OK,
		 KDUMP_BAD_TYPE, 0, 0),
	KV_SMMU2("smmuv2_ttbr1_walks_block_stream", kv_smmu2_ttbr1, KDUMP_OK,
		 KDUMP_BAD_TYPE, 0, 0),
	KV_SMMU2("smmuv2_top_byte_ignore_blocks_stream", kv_smmu2_tbi,
		 KDUMP_OK, KDUMP_BAD_TYPE, 0, 0),
	KV_SMMU2("smmuv2_big_endian_bank_blocks_stream", kv_smmu2_big_endian,
		 KDUMP_OK, KDUMP_BAD_TYPE, 0, 0),
	KV_SMMU2("smmuv2_reserved_s2cr_type_blocks_stream", kv_smmu2_s2cr_rsvd,
		 KDUMP_OK, KDUMP_BAD_RSVD, 0, 0),
	KV_SMMU2("smmuv2_client_bypass_is_not_adopted", kv_smmu2_clientpd,
		 KDUMP_BAD_TYPE, KDUMP_OK, 0, 0),

	/* SMMUv3: only the stream table registers block the whole SMMU */
	KV_SMMU("smmu_strtab_in_capture_blocks_iommu", kv_smmu_strtab_capture,
		KDUMP_BAD_IN_CAPTURE, KDUMP_OK, 0, 0),
	KV_SMMU("smmu_strtab_past_ram_blocks_iommu", kv_smmu_strtab_past_ram,
		KDUMP_BAD_NOT_OLD_RAM, KDUMP_OK, 0, 0),
	KV_SMMU("smmu_strtab_beyond_sidsize_blocks_iommu", kv_smmu_strtab_wide,
		KDUMP_BAD_WIDTH, KDUMP_OK, 0, 0),
	KV_SMMU("smmu_strtab_format_reserved_blocks_iommu",
		kv_smmu_strtab_fmt_rsvd, KDUMP_BAD_RSVD, KDUMP_OK, 0, 0),
	KV_SMMU("smmu_strtab_split_reserved_blocks_iommu",
		kv_smmu_strtab_split_rsvd, KDUMP_BAD_RSVD, KDUMP_OK, 0, 0),
	KV_SMMU("smmu_strtab_misaligned_blocks_iommu",
		kv_smmu_strtab_misaligned, KDUMP_BAD_ALIGN, KDUMP_OK, 0, 0),
	KV_SMMU("smmu_strtab_read_eio_blocks_iommu", kv_smmu_strtab_read_fails,
		KDUMP_BAD_READ, KDUMP_OK, 0, 0),
};

/**
 * struct kv_fmt - one page-table format as the shared cases see it
 * @name: parameter name, "vtd" or "amd"
 * @op: the validator that walks it
 * @std: build the standard valid device with a @levels table
 * @table: an entry at @level pointing to a table one level down
 * @leaf: an entry at @level mapping its whole range at @pa
 * @set_root: point the standard device at a @levels table at @pa
 * @reads_before_pt: old memory reads before the first page table
 * @registers: the unit's state is in registers (SMMUv2): no structure
 *	table in memory, so the properties about one do not apply
 */
struct kv_fmt {
	const char *name;
	enum kv_op op;
	void (*std)(struct kv_mem *t, unsigned int levels);
	u64 (*table)(u64 pa, unsigned int level);
	u64 (*leaf)(u64 pa, unsigned int level, bool write);
	void (*set_root)(struct kv_mem *t, unsigned int levels, u64 pa);
	unsigned int reads_before_pt;
	bool registers;
};

static u64 kv_vtd_table(u64 pa, unsigned int level)
{
	return pa | KV_RW;
}

static u64 kv_vtd_leaf(u64 pa, unsigned int level, bool write)
{
	return pa | (write ? KV_RW : KV_R) | (level > 1 ? KV_PS : 0);
}

static void kv_vtd_set_root(struct kv_mem *t, unsigned int levels, u64 pa)
{
	kv_w64(t, KV_PA(1) + KV_STD_DEVFN * 16, KV_CTX_LO(pa, 0));
}

static u64 kv_amd_table(u64 pa, unsigned int level)
{
	return KV_AMD_PDE(pa, level);
}

static u64 kv_amd_leaf(u64 pa, unsigned int level, bool write)
{
	u64 pte = KV_AMD_PTE(pa);

	return write ? pte : pte & ~KV_AMD_IW;
}

static void kv_amd_set_root(struct kv_mem *t, unsigned int levels, u64 pa)
{
	kv_dte_q(t, KV_AMD_DEVID, 0, KV_DTE0(pa, levels));
}

static void kv_sm_set_root(struct kv_mem *t, unsigned int levels, u64 pa)
{
	kv_sm_pe(t, KV_SM_PTBL, 0, KV_PE0(pa, levels - 2, 2), 1, 0);
}

static const struct kv_fmt kv_fmts[] = {
	{ "vtd", KV_OP_VTD, kv_std, kv_vtd_table, kv_vtd_leaf,
	  kv_vtd_set_root, 2, false },	/* root and context table */
	{ "amd", KV_OP_AMD, kv_amd_std, kv_amd_table, kv_amd_leaf,
	  kv_amd_set_root, 1, false },	/* device table page */
	/* root, context, directory and PASID table, each device read twice */
	{ "vtdsm", KV_OP_VTDSM, kv_sm_std, kv_vtd_table, kv_vtd_leaf,
	  kv_sm_set_root, 6, false },
	/* stream table page and the CD */
	{ "smmuv3", KV_OP_SMMUV3, kv_smmu_s1, kv_lp_table, kv_lp_s1_leaf,
	  kv_smmu_s1_set_root, 2, false },
	/* stream table page */
	{ "smmuv3s2", KV_OP_SMMUV3, kv_smmu_s2, kv_lp_table, kv_lp_s2_leaf,
	  kv_smmu_s2_set_root, 1, false },
	/* registers: no memory read before the page table */
	{ "smmuv2", KV_OP_SMMUV2, kv_smmu2_s1, kv_lp_table, kv_lp_s1_leaf,
	  kv_smmu2_set_root, 0, true },
};

/**
 * struct kv_shared - a property every format must have
 * @name: the property, as in &struct kv_case
 * @build: writes the case for a format into a fresh &struct kv_mem
 * @ret: expected return value of the validator
 * @dev: expected first device verdict other than KDUMP_OK
 * @nr: translations adopted
 * @leaves: leaves of the adopted translations' page tables
 * @cut_cap: bytes cut because they reach capture memory
 * @cut_tbl: bytes cut because a writable mapping covers a table
 */
struct kv_shared {
	const char *name;
	void (*build)(struct kv_mem *t, const struct kv_fmt *f);
	enum kdump_bad ret;
	enum kdump_bad dev;
	unsigned int nr;
	u64 leaves;
	u64 cut_cap;
	u64 cut_tbl;
};

static void kv_sh_std3(struct kv_mem *t, const struct kv_fmt *f)
{
	f->std(t, 3);
}

static void kv_sh_leaf_2m(struct kv_mem *t, const struct kv_fmt *f)
{
	f->std(t, 3);
	kv_pte(t, 3, 2, 0, f->leaf(0x20000000ULL, 2, true));
}

static void kv_sh_leaf_1g(struct kv_mem *t, const struct kv_fmt *f)
{
	f->std(t, 3);
	kv_pte(t, 3, 3, 0, f->leaf(0x80000000ULL, 3, true));
}

static void kv_sh_shared_subtable(struct kv_mem *t, const struct kv_fmt *f)
{
	f->std(t, 3);
	kv_pte(t, 3, 3, 1, f->table(KV_PA(KV_TBL(3, 2)), 3));
}

static void kv_sh_leaf_mmio(struct kv_mem *t, const struct kv_fmt *f)
{
	unsigned int i;

	f->std(t, 3);
	for (i = 0; i < KV_STD_LEAVES; i++)
		kv_pte(t, 3, 1, i, f->leaf(KV_MMIO + i * KV_PAGE_SIZE, 1,
					   true));
}

static void kv_sh_root_in_capture(struct kv_mem *t, const struct kv_fmt *f)
{
	f->std(t, 3);
	f->set_root(t, 3, KV_CAP_START);
}

static void kv_sh_pt_past_ram(struct kv_mem *t, const struct kv_fmt *f)
{
	f->std(t, 3);
	kv_pte(t, 3, 3, 0, f->table(KV_PA(KV_PAGES), 3));
}

static void kv_sh_pt_in_capture(struct kv_mem *t, const struct kv_fmt *f)
{
	f->std(t, 3);
	kv_pte(t, 3, 2, 0, f->table(KV_CAP_START, 2));
}

static void kv_sh_self_loop(struct kv_mem *t, const struct kv_fmt *f)
{
	f->std(t, 3);
	kv_pte(t, 3, 3, 7, f->table(KV_PA(KV_TBL(3, 3)), 3));
}

static void kv_sh_ancestor_loop(struct kv_mem *t, const struct kv_fmt *f)
{
	f->std(t, 4);
	kv_pte(t, 4, 2, 5, f->table(KV_PA(KV_TBL(4, 4)), 2));
}

static void kv_sh_leaf_in_capture(struct kv_mem *t, const struct kv_fmt *f)
{
	f->std(t, 3);
	kv_pte(t, 3, 1, 3, f->leaf(KV_CAP_END - KV_PAGE_SIZE, 1, true));
}

static void kv_sh_large_over_capture(struct kv_mem *t,
				     const struct kv_fmt *f)
{
	f->std(t, 3);
	kv_pte(t, 3, 3, 1, f->leaf(0x40000000ULL, 3, false));
}

/* The standard tree also maps page @page at IOVA 0x4000, @write or not. */
static void kv_sh_map_page(struct kv_mem *t, const struct kv_fmt *f,
			   unsigned int page, bool write)
{
	f->std(t, 3);
	kv_pte(t, 3, 1, KV_STD_LEAVES, f->leaf(KV_PA(page), 1, write));
}

static void kv_sh_maps_own_table(struct kv_mem *t, const struct kv_fmt *f)
{
	kv_sh_map_page(t, f, KV_TBL(3, 2), true);
}

static void kv_sh_reads_own_table(struct kv_mem *t, const struct kv_fmt *f)
{
	kv_sh_map_page(t, f, KV_TBL(3, 2), false);
}

static void kv_sh_maps_struct_table(struct kv_mem *t, const struct kv_fmt *f)
{
	kv_sh_map_page(t, f, 0, true);
}

/* A page-table pointer to page 0: the root, context or device table. */
static void kv_sh_pt_is_struct_table(struct kv_mem *t, const struct kv_fmt *f)
{
	f->std(t, 3);
	kv_pte(t, 3, 3, 1, f->table(KV_PA(0), 3));
}

/* The plan may keep nothing: not even the translation's record. */
static void kv_sh_no_budget(struct kv_mem *t, const struct kv_fmt *f)
{
	f->std(t, 3);
	t->budget = 8192;	/* the records fit, the walk scratch does not */
}

/*
 * 512 writable 4 KiB leaves, none adjacent to the next (a NIC's scattered
 * ring buffers): 512 runs, nothing to cut. The budget holds them once,
 * not twice: a tree with nothing to cut must not be copied.
 */
static void kv_sh_scattered_once(struct kv_mem *t, const struct kv_fmt *f)
{
	unsigned int i;

	f->std(t, 3);
	for (i = 0; i < 512; i++)
		kv_pte(t, 3, 1, i, f->leaf(0x100000000ULL + i * 0x2000ULL, 1,
					   true));
	t->budget = KV_SCATTERED_BUDGET;
}

static void kv_sh_fanout(struct kv_mem *t, const struct kv_fmt *f)
{
	unsigned int i;

	f->std(t, 4);
	for (i = 1; i < 512; i++)
		kv_pte(t, 4, 4, i, f->table(KV_PA(KV_TBL(4, 3)), 4));
}

static void kv_sh_leaf_limit(struct kv_mem *t, const struct kv_fmt *f)
{
	f->std(t, 3);
	t->lim.max_leaves = 2;
}

static void kv_sh_read_fails(struct kv_mem *t, const struct kv_fmt *f)
{
	f->std(t, 3);
	t->fail_read = f->reads_before_pt + 2;	/* level 3, level 2 */
}

#define KV_SH(n, b, r, d, a, l) \
	{ .name = n, .build = b, .ret = r, .dev = d, .nr = a, .leaves = l }
#define KV_SHC(n, b, a, l, cc, ct) \
	{ .name = n, .build = b, .ret = KDUMP_OK, .dev = KDUMP_OK, .nr = a, \
	  .leaves = l, .cut_cap = cc, .cut_tbl = ct }

static const struct kv_shared kv_shared[] = {
	KV_SH("std_3level_is_adopted", kv_sh_std3, KDUMP_OK, KDUMP_OK, 1, 4),
	KV_SH("large_leaf_2m_is_adopted", kv_sh_leaf_2m, KDUMP_OK, KDUMP_OK,
	      1, 1),
	KV_SH("large_leaf_1g_is_adopted", kv_sh_leaf_1g, KDUMP_OK, KDUMP_OK,
	      1, 1),
	KV_SH("shared_subtable_is_adopted", kv_sh_shared_subtable, KDUMP_OK,
	      KDUMP_OK, 1, 8),
	KV_SH("leaf_outside_old_ram_is_adopted", kv_sh_leaf_mmio, KDUMP_OK,
	      KDUMP_OK, 1, 4),
	KV_SH("pt_root_in_capture_blocks_device", kv_sh_root_in_capture,
	      KDUMP_OK, KDUMP_BAD_IN_CAPTURE, 0, 0),
	KV_SH("pt_ptr_past_ram_blocks_device", kv_sh_pt_past_ram, KDUMP_OK,
	      KDUMP_BAD_NOT_OLD_RAM, 0, 0),
	KV_SH("pt_ptr_in_capture_blocks_device", kv_sh_pt_in_capture,
	      KDUMP_OK, KDUMP_BAD_IN_CAPTURE, 0, 0),
	KV_SH("pt_self_loop_blocks_device", kv_sh_self_loop, KDUMP_OK,
	      KDUMP_BAD_LOOP, 0, 0),
	KV_SH("pt_ancestor_loop_blocks_device", kv_sh_ancestor_loop, KDUMP_OK,
	      KDUMP_BAD_LOOP, 0, 0),
	KV_SHC("leaf_in_capture_is_cut_rest_adopted", kv_sh_leaf_in_capture,
	       1, 4, KV_PAGE_SIZE, 0),
	KV_SHC("large_leaf_over_capture_is_cut_rest_adopted",
	       kv_sh_large_over_capture, 1, 5, KV_CAP_END - KV_CAP_START, 0),
	KV_SHC("writable_leaf_over_page_table_is_cut", kv_sh_maps_own_table,
	       1, 5, 0, KV_PAGE_SIZE),
	KV_SHC("read_only_leaf_over_page_table_is_kept", kv_sh_reads_own_table,
	       1, 5, 0, 0),
	KV_SHC("writable_leaf_over_structure_table_is_cut",
	       kv_sh_maps_struct_table, 1, 5, 0, KV_PAGE_SIZE),
	KV_SH("pt_ptr_to_structure_table_blocks_device",
	      kv_sh_pt_is_struct_table, KDUMP_OK, KDUMP_BAD_LOOP, 0, 0),
	KV_SH("plan_out_of_budget_blocks_device", kv_sh_no_budget, KDUMP_OK,
	      KDUMP_BAD_BUDGET, 0, 0),
	KV_SH("nothing_to_cut_is_kept_without_a_copy", kv_sh_scattered_once,
	      KDUMP_OK, KDUMP_OK, 1, 512),
	KV_SH("table_fanout_past_limit_blocks_device", kv_sh_fanout, KDUMP_OK,
	      KDUMP_BAD_TOO_BIG, 0, 0),
	KV_SH("leaves_past_limit_block_device", kv_sh_leaf_limit, KDUMP_OK,
	      KDUMP_BAD_TOO_BIG, 0, 0),
	KV_SH("read_eio_mid_walk_blocks_device", kv_sh_read_fails, KDUMP_OK,
	      KDUMP_BAD_READ, 0, 0),
};

/*
 * Memory for the plan, charged to the case's budget. Each block carries
 * its size. kv_sys_alloc(), kv_sys_free(), kv_sys_page() and kv_hw_read()
 * are the environment's (KUnit or user space).
 */
static void *kv_alloc_mem(void *ctx, size_t size)
{
	struct kv_mem *t = ctx;
	u64 *b;

	if (t->fail_size && size == t->fail_size) {
		t->fail_hits++;
		return NULL;
	}
	if (size + 16 < size || size + 16 > t->budget - t->used)
		return NULL;
	b = kv_sys_alloc(size + 16);
	if (!b)
		return NULL;
	b[0] = size + 16;
	t->used += size + 16;
	return b + 2;
}

static void kv_free_mem(void *ctx, void *p)
{
	struct kv_mem *t = ctx;
	u64 *b = p;

	if (!p)
		return;
	b -= 2;
	t->used -= b[0];
	kv_sys_free(b);
}

/* Tables a build writes; freed by kv_build_check(). */
#define KV_MAX_BUILT	64

struct kv_built {
	void *va[KV_MAX_BUILT];
	size_t size[KV_MAX_BUILT];
	unsigned int nr;
	bool overflow;
};

static void *kv_alloc_page(void *ctx, size_t size, u64 *hw)
{
	struct kv_built *b = ctx;
	void *va;

	if (b->nr == KV_MAX_BUILT) {
		b->overflow = true;
		return NULL;
	}
	va = kv_sys_page(size, hw);
	if (!va)
		return NULL;
	b->va[b->nr] = va;
	b->size[b->nr++] = size;
	return va;
}

static bool kv_overlaps_capture(const struct kv_mem *t, u64 pa, u64 size)
{
	return pa < t->capture[0].end && t->capture[0].start < pa + size;
}

/* Does run @r (as the plan kept it) break a property of the plan? */
static void kv_check_run(struct kv_result *r, const struct kdump_plan *p,
			 const struct kdump_run *run, u64 *last_end)
{
	u64 first = run->pa >> 12, last = (run->pa + run->size - 1) >> 12, k;

	if (!run->size || run->pa + run->size < run->pa ||
	    run->iova < *last_end || !run->prot)
		r->stats_bad = true;
	*last_end = run->iova + run->size;
	if (kv_overlaps_capture(r->t, run->pa, run->size))
		r->leaf_in_capture = true;
	if (!(run->prot & KDUMP_PROT_WRITE))
		return;
	/* Per table page, not per page of the run: runs may span PiB. */
	for (k = 0; k < p->nr_spfn; k++)
		if (p->spfn[k] >= first && p->spfn[k] <= last)
			r->writes_table = true;
}

/* Gathers a walk of a built tree and compares it with the kept runs. */
struct kv_walk_back {
	struct kdump_run_pos pos;
	const struct kdump_run *want;
	bool bad;
};

static int kv_walk_back_run(void *arg, const struct kdump_run *run)
{
	struct kv_walk_back *w = arg;
	struct kdump_run *want = &w->pos.run;

	/* The built tree may split what the plan merged: compare by bytes. */
	if (!w->want) {
		w->bad = true;
		return -EINVAL;
	}
	if (run->iova != want->iova || run->pa != want->pa ||
	    run->prot != want->prot || run->size > want->size) {
		w->bad = true;
		return -EINVAL;
	}
	if (run->size == want->size) {
		w->want = kdump_run_next(&w->pos);
	} else {
		/* Consume its head; where it ends stays where it ended. */
		want->iova += run->size;
		want->pa += run->size;
		want->size -= run->size;
	}
	return 0;
}

/*
 * Build tree @tb anew, walk it back through the hardware addresses of the
 * built tables, and check it maps @tb->keep exactly.
 */
static bool kv_build_check(struct kv_mem *t, const struct kdump_plan_tbl *tb)
{
	static const struct kdump_range all = { 0, ~0ULL };
	struct kv_built b = {};
	struct kdump_alloc a = { .page = kv_alloc_page, .ctx = &b };
	struct kdump_oldmem hw = {
		.read = kv_hw_read, .old_ram = &all, .nr_old_ram = 1,
	};
	struct kv_walk_back w = {};
	struct kdump_pt_visit v = { .run = kv_walk_back_run, .arg = &w };
	struct kdump_stage s = tb->stage;
	unsigned int tables, i;
	void *scratch = NULL;
	bool ok = false;

	if (kdump_pt_build(&s, &a, &tb->keep, &s.root, &tables) ||
	    tables != b.nr)
		goto out;
	/* Built tables live wherever this environment allocates. */
	s.oa_bits = 64;
	scratch = kv_sys_alloc(kdump_pt_scratch_size(&s));
	if (!scratch)
		goto out;
	w.want = kdump_run_first(&tb->keep, &w.pos);
	if (kdump_pt_walk(&hw, &s, NULL, scratch, &v, NULL, NULL) || w.bad)
		goto out;
	ok = !w.want && !b.overflow;
out:
	kv_sys_free(scratch);
	for (i = 0; i < b.nr; i++)
		kv_sys_page_free(b.va[i], b.size[i]);
	return ok;
}

/* A sink in front of the plan's that checks stream IDs never decrease. */
struct kv_order {
	struct kdump_sink plan;
	u32 last;
	bool seen;
	bool unsorted;
};

static int kv_order_xlate(void *arg, const struct kdump_xlate_id *id,
			  const struct kdump_xlate *x, const void *raw,
			  unsigned int raw_len, enum kdump_bad why)
{
	struct kv_order *o = arg;

	if (o->seen && id->sid < o->last)
		o->unsorted = true;
	o->seen = true;
	o->last = id->sid;
	return o->plan.xlate(o->plan.arg, id, x, raw, raw_len, why);
}

/* Run @c on @t, which kv_init() and @c->build have prepared. */
static void kv_run(struct kv_mem *t, const struct kv_case *c,
		   struct kv_result *r)
{
	struct kdump_alloc a = {
		.alloc = kv_alloc_mem, .free = kv_free_mem, .ctx = t,
	};
	struct kdump_run_pos rpos;
	const struct kdump_run *run;
	struct kdump_plan p;
	struct kdump_sink sink;
	u32 i;

	memset(r, 0, sizeof(*r));
	r->t = t;
	if (c->op == KV_OP_ELF) {
		/* The header is read in place, wherever it is. */
		t->check_old_ram = false;
		r->ret = kdump_elfcorehdr_ranges(&t->m, t->hdr_pa, t->hdr_len,
						 r->ranges, t->elf_max, &r->nr);
		r->stray_read = t->stray_read;
		return;
	}

	kdump_plan_init(&p, &t->m, &a, &t->lim);
	kdump_plan_sink(&p, &sink);
	if (c->op == KV_OP_AMD) {
		struct kdump_amd_stats st;

		r->ret = kdump_amd_walk(&t->m, &t->amd, t->dtp, t->dt_size,
					t->scratch, &sink, &st);
		if (st.dte_pages > t->dt_size / KV_PAGE_SIZE)
			r->stats_bad = true;
	} else if (c->op == KV_OP_SMMUV2) {
		struct kdump_smmuv2_regs regs = {
			.read = kv_smmu2_read, .ctx = &t->smmu2,
		};
		struct kv_order ord = { .plan = sink };
		struct kdump_sink osink = {
			.xlate = kv_order_xlate, .arg = &ord,
		};
		struct kdump_smmuv2_stats st;

		r->ret = kdump_smmuv2_walk(&regs, &t->smmu2.caps, t->smmu2.scr0,
					   &osink, &st);
		/* The plan's budget fallback needs stream IDs in order. */
		if (st.smes_blocked > st.smes || st.sids < st.smes ||
		    st.sids != p.nr_xl + p.nr_dropped || ord.unsorted)
			r->stats_bad = true;
	} else if (c->op == KV_OP_SMMUV3) {
		struct kdump_smmuv3_stats st;

		r->ret = kdump_smmuv3_walk(&t->m, &t->smmu, t->strtab_base,
					   t->strtab_cfg, t->scratch, &sink,
					   &st);
		for (i = 0; i < p.nr_blk; i++) {
			r->blocked++;
			if (!r->dev)
				r->dev = p.blk[i].why;
		}
		if (st.streams_blocked > st.streams ||
		    st.cds_blocked > st.cds || st.l2_blocked > st.l2_tables ||
		    st.l2_blocked > p.nr_blk)
			r->stats_bad = true;
	} else if (c->op == KV_OP_VTDSM) {
		struct kdump_vtd_sm_stats st;

		r->ret = kdump_vtd_sm_walk(&t->m, &t->caps, t->rta, t->scratch,
					   &sink, &st);
		for (i = 0; i < p.nr_blk; i++) {
			r->blocked++;
			if (!r->dev)
				r->dev = p.blk[i].why;
		}
		if (st.pasids != p.nr_xl + p.nr_dropped ||
		    st.devices_blocked > p.nr_blk)
			r->stats_bad = true;
	} else {
		struct kdump_vtd_stats st;

		r->ret = kdump_vtd_walk(&t->m, &t->caps, t->rta, t->scratch,
					&sink, &st);
		for (i = 0; i < p.nr_blk; i++) {
			r->blocked++;
			if (!r->dev)
				r->dev = p.blk[i].why;
		}
		if (st.devices != p.nr_xl + p.nr_dropped)
			r->stats_bad = true;
	}
	if (r->ret)
		kdump_plan_unit_bad(&p, r->ret);
	kdump_plan_finish(&p);
	r->unit = p.unit_why;

	for (i = 0; i < p.nr_xl; i++) {
		const struct kdump_plan_xl *xl = &p.xl[i];
		const struct kdump_plan_tbl *tb = kdump_plan_xl_tbl(&p, xl);
		u64 last_end = 0;

		if (xl->why) {
			r->blocked++;
			if (!r->dev && !r->ret)
				r->dev = xl->why;
			continue;
		}
		r->nr++;
		if (!tb)
			continue;
		r->leaves += tb->st.leaves;
		for (run = kdump_run_first(&tb->keep, &rpos); run;
		     run = kdump_run_next(&rpos))
			kv_check_run(r, &p, run, &last_end);
	}
	/* Translations the budget had no record for: blocked by their ID. */
	if (p.nr_dropped) {
		r->blocked += p.nr_dropped;
		if (!r->dev && !r->ret)
			r->dev = kdump_plan_sid_blocked(&p, p.xl_full_sid);
	}
	/* The verdicts' bookkeeping: adopted counts and tree users agree. */
	if (p.st.adopted != r->nr)
		r->stats_bad = true;
	for (i = 0; i < p.nr_tbl; i++) {
		u32 j, users = 0;

		for (j = 0; j < p.nr_xl; j++)
			if (!p.xl[j].why && p.xl[j].tbl == i)
				users++;
		if (users != p.tbl[i].users)
			r->stats_bad = true;
		if (!p.tbl[i].why)
			r->tree_ok++;
	}
	for (i = 0; i < p.nr_tbl; i++) {
		const struct kdump_plan_tbl *tb = &p.tbl[i];

		if (tb->why || !tb->users)
			continue;
		r->cut_cap += tb->cut_capture;
		r->cut_tbl += tb->cut_table;
		if (tb->keep.bytes + tb->cut_capture + tb->cut_table !=
		    tb->runs.bytes)
			r->stats_bad = true;
		if (tb->built && !kv_build_check(t, tb))
			r->build_bad = true;
	}
	kdump_plan_free(&p);
	if (t->used)
		r->stats_bad = true;	/* the plan leaked */
	r->stray_read = t->stray_read;
}

/*
 * Two devices: the standard one, then one whose tree (root in page 6,
 * eight entries all pointing to the first device's level 3 table) reads 25
 * tables, so the plan's page-frame arrays must grow while it is walked.
 */
static void kv_two_trees(struct kv_mem *t)
{
	unsigned int i;

	kv_std(t, 4);
	kv_ctx(t, 0x10, KV_CTX_LO(KV_PA(6), 0), KV_CTX_HI(2, 2));
	for (i = 0; i < 8; i++)
		kv_w64(t, KV_PA(6) + i * 8, KV_PA(KV_TBL(4, 3)) | KV_RW);
}

/**
 * kv_budget_sweep() - the budget runs out device by device, never the unit
 * @t: memory for the runs
 * @bad_budget: set to the first budget that broke the property, or 0
 *
 * Plans kv_two_trees() with every budget from 16 KiB to 32 KiB in steps of
 * 4 bytes (every allocation the plan makes is a multiple of 4 bytes, so
 * none, however small, falls between two steps). Once the first device
 * is adopted at some budget, it must stay
 * adopted at every larger one (the second device alone may be blocked, for
 * its budget); at 32 KiB both are. A plan that fails the whole unit when
 * the budget runs out after the walks breaks this at some step.
 *
 * Return: true if the property held at every step.
 */
static bool kv_budget_sweep(struct kv_mem *t, u64 *bad_budget)
{
	static const struct kv_case c = {
		.name = "budget_sweep", .op = KV_OP_VTD, .build = kv_two_trees,
	};
	struct kv_result r;
	bool first_fits = false;
	u64 b;

	*bad_budget = 0;
	for (b = 16 << 10; b <= 32 << 10; b += 4) {
		kv_init(t);
		kv_two_trees(t);
		t->budget = b;
		kv_run(t, &c, &r);
		if (r.ret || r.unit || r.stray_read || r.stats_bad ||
		    (first_fits && !r.nr) ||
		    /* one adopted: the first (4 leaves; the second has 32) */
		    (r.nr == 1 && (r.dev != KDUMP_BAD_BUDGET ||
				   r.leaves != KV_STD_LEAVES)) ||
		    (b == 32 << 10 && r.nr != 2)) {
			*bad_budget = b;
			return false;
		}
		first_fits = first_fits || r.nr;
	}
	return true;
}

/*
 * The standard device (domain ID 1) and 120 more (devfn 0x10 on, domain
 * IDs 2 to 121), all on the standard tree: many domain IDs for the checks
 * that run once every tree is walked.
 */
static void kv_many_dids(struct kv_mem *t)
{
	unsigned int i;

	kv_std(t, 3);
	for (i = 0; i < 120; i++)
		kv_ctx(t, 0x10 + i, KV_CTX_LO(KV_PA(KV_TBL(3, 3)), 0),
		       KV_CTX_HI(1, 2 + i));
}

/**
 * kv_budget_sweep_dids() - a budget spent on records never fails the unit
 * @t: memory for the runs
 * @bad_budget: set to the first budget that broke the property, or 0
 *
 * Plans kv_many_dids() with every budget from 8 KiB to 40 KiB in steps of
 * 4 bytes. At every step the unit must go on (devices that did not fit
 * are blocked one by one, for the budget), and at 40 KiB all 121 devices
 * are adopted. The check that runs after the walks (domain IDs shared by
 * two trees) needs memory for every domain ID when the walks have spent
 * the budget. Below 8 KiB the list of old domain IDs itself cannot grow,
 * which blocks the unit by design (old IDs must all be known); and a
 * larger budget may adopt fewer devices (all records fit, then the tree
 * does not), so the number adopted is not checked for growth.
 *
 * Return: true if the property held at every step.
 */
static bool kv_budget_sweep_dids(struct kv_mem *t, u64 *bad_budget)
{
	static const struct kv_case c = {
		.name = "budget_sweep_dids", .op = KV_OP_VTD,
		.build = kv_many_dids,
	};
	struct kv_result r;
	u64 b;

	*bad_budget = 0;
	for (b = 8 << 10; b <= 40 << 10; b += 4) {
		kv_init(t);
		kv_many_dids(t);
		t->budget = b;
		kv_run(t, &c, &r);
		if (r.ret || r.unit || r.stray_read || r.stats_bad ||
		    (r.blocked && r.dev != KDUMP_BAD_BUDGET) ||
		    (b == 40 << 10 && r.nr != 121)) {
			*bad_budget = b;
			return false;
		}
	}
	return true;
}

/**
 * kv_did_check_without_memory() - the domain-ID check's fallback
 * @t: memory for the run
 *
 * Plans kv_many_dids() (121 domain IDs) with room for everything but the
 * domain-ID check's one allocation (one u32 per old ID; the only
 * allocation of that size, which the case checks): no two adopted trees
 * can then be told apart by domain ID, so every translation is blocked
 * for the budget, one by one, the unit goes on, and the tree they share
 * was still walked and found good.
 *
 * Return: true if it was so.
 */
static bool kv_did_check_without_memory(struct kv_mem *t)
{
	static const struct kv_case c = {
		.name = "did_check_without_memory", .op = KV_OP_VTD,
		.build = kv_many_dids,
	};
	struct kv_result r;

	kv_init(t);
	kv_many_dids(t);
	t->fail_size = 121 * sizeof(u32);
	kv_run(t, &c, &r);
	return !r.ret && !r.unit && !r.stray_read && !r.stats_bad &&
	       t->fail_hits == 1 && r.nr == 0 && r.blocked == 121 &&
	       r.dev == KDUMP_BAD_BUDGET && r.tree_ok == 1;
}

/* Does @r show what @c expects? */
static bool kv_result_ok(const struct kv_case *c, const struct kv_result *r)
{
	return r->ret == c->ret && r->dev == c->dev && r->nr == c->nr &&
	       r->leaves == c->leaves && r->cut_cap == c->cut_cap &&
	       r->cut_tbl == c->cut_tbl && !r->stray_read &&
	       !r->leaf_in_capture && !r->writes_table && !r->stats_bad &&
	       !r->build_bad;
}

/*
 * The two properties about a structure table in memory (page 0: root,
 * device or stream table) read differently for a unit whose state lives in
 * registers (SMMUv2): page 0 is then plain old RAM. A writable leaf over
 * it is kept (nothing to cut), and a table pointer to it is an ordinary,
 * empty table (the standard four leaves adopted): the plan must not invent
 * a structure table.
 */
static void kv_shared_registers(const struct kv_shared *sh, struct kv_case *c)
{
	if (!strstr(sh->name, "structure_table"))
		return;
	c->cut_tbl = 0;
	if (c->dev == KDUMP_BAD_LOOP) {
		c->dev = KDUMP_OK;
		c->nr = 1;
		c->leaves = KV_STD_LEAVES;
	}
}

/*
 * Build shared property @sh for format @f into @t (which kv_init() has
 * prepared), run it and describe what it must get in @c.
 */
static void kv_run_shared(struct kv_mem *t, const struct kv_shared *sh,
			  const struct kv_fmt *f, struct kv_case *c,
			  struct kv_result *r)
{
	c->name = sh->name;
	c->op = f->op;
	c->build = NULL;
	c->ret = sh->ret;
	c->dev = sh->dev;
	c->nr = sh->nr;
	c->leaves = sh->leaves;
	c->cut_cap = sh->cut_cap;
	c->cut_tbl = sh->cut_tbl;
	if (f->registers)
		kv_shared_registers(sh, c);
	sh->build(t, f);
	kv_run(t, c, r);
}

#endif /* __DRIVERS_IOMMU_KDUMP_PLAN_CASES_H */
