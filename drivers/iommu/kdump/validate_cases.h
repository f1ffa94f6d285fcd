/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hostile old tables, shared by the KUnit suite (validate_kunit.c) and the
 * user-space unit test (tools/testing/selftests/iommu/kdump/unit/).
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
 * and every case then breaks one thing. The expected outcome is what the
 * whole IOMMU gets (@ret), the first verdict a bus or device gets that is
 * not KDUMP_OK (@dev), how many devices are adopted (@nr) and how many
 * leaves they have in total (@leaves). ELF cases expect @ret and the
 * number of old RAM ranges (@nr).
 *
 * The case names read as properties: "what is wrong" then "what it gets".
 */
#ifndef __DRIVERS_IOMMU_KDUMP_VALIDATE_CASES_H
#define __DRIVERS_IOMMU_KDUMP_VALIDATE_CASES_H

#include <linux/types.h>
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/string.h>

#include "validate.h"

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
};

/**
 * struct kv_mem - synthetic old memory and the inputs of one case
 * @ram: contents of old RAM, KV_PAGES pages from KV_BASE
 * @scratch: scratch memory for the walker
 * @old_ram: old RAM ranges
 * @capture: capture memory ranges
 * @m: what the validator sees
 * @caps: VT-d capabilities
 * @lim: walk limits
 * @rta: root table address
 * @hdr_pa: ELF core header address
 * @hdr_len: ELF core header size
 * @elf_max: room for old RAM ranges
 * @fail_read: fail this read (counting from 1) with -EIO; 0 for never
 * @reads: reads so far
 * @stray_read: a read outside old RAM reached the callback
 * @check_old_ram: flag reads outside old RAM as stray
 */
struct kv_mem {
	u8 ram[KV_PAGES][KV_PAGE_SIZE];
	u8 scratch[KDUMP_VTD_SCRATCH_SIZE];
	struct kdump_range old_ram[1];
	struct kdump_range capture[1];
	struct kdump_oldmem m;
	struct kdump_vtd_caps caps;
	struct kdump_walk_limits lim;
	u64 rta;
	u64 hdr_pa;
	u64 hdr_len;
	unsigned int elf_max;
	unsigned int fail_read;
	unsigned int reads;
	bool stray_read;
	bool check_old_ram;
};

/**
 * struct kv_case - one hostile (or valid) input and what it must get
 * @name: the property, e.g. "root_ptr_in_capture_blocks_iommu"
 * @op: which validator runs
 * @build: writes the case into a freshly initialised &struct kv_mem
 * @ret: expected return value of the validator
 * @dev: expected first bus or device verdict other than KDUMP_OK
 * @nr: devices adopted, or ELF ranges found
 * @leaves: leaves of the adopted devices
 */
struct kv_case {
	const char *name;
	enum kv_op op;
	void (*build)(struct kv_mem *t);
	enum kdump_bad ret;
	enum kdump_bad dev;
	unsigned int nr;
	u64 leaves;
};

/**
 * struct kv_result - what one run produced
 * @t: the memory the case ran on
 * @ret: the validator's return value
 * @dev: first bus or device verdict other than KDUMP_OK
 * @nr: devices adopted, or ELF ranges
 * @blocked: devices and buses blocked
 * @leaves: leaves of the adopted devices
 * @ranges: ELF ranges
 * @cur_bytes: bytes mapped for the current device so far
 * @cur_ranges: runs reported for the current device so far
 * @last_end: end of the last run of the current device (IOVA)
 * @stray_read: a read outside old RAM reached the read callback
 * @leaf_in_capture: a reported run overlapped capture memory
 * @stats_bad: statistics and callbacks disagree
 */
struct kv_result {
	struct kv_mem *t;
	enum kdump_bad ret;
	enum kdump_bad dev;
	unsigned int nr;
	unsigned int blocked;
	u64 leaves;
	struct kdump_range ranges[KV_MAX_RANGES];
	u64 cur_bytes;
	unsigned int cur_ranges;
	u64 last_end;
	bool stray_read;
	bool leaf_in_capture;
	bool stats_bad;
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
	t->lim.max_tables = 64;
	t->lim.max_leaves = 4096;
	t->lim.max_total_tables = 512;
	t->rta = KV_PA(0);
	t->hdr_pa = KV_PA(4);
	t->hdr_len = KV_PAGE_SIZE;
	t->elf_max = KV_MAX_RANGES;
	t->check_old_ram = true;
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
	kv_ctx(t, 0x10, KV_CTX_LO(KV_PA(KV_TBL(3, 3)), 0), KV_CTX_HI(1, 1));
	/* root + context + 3 tables of the first device */
	t->lim.max_total_tables = 5;
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

#define KV_VTD(n, b, r, d, a, l) \
	{ .name = n, .op = KV_OP_VTD, .build = b, .ret = r, .dev = d, \
	  .nr = a, .leaves = l }
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
	KV_VTD("ctx_passthrough_is_adopted_as_bypass", kv_passthrough,
	       KDUMP_OK, KDUMP_OK, 1, 0),
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
	KV_VTD("leaf_in_capture_blocks_device", kv_leaf_in_capture, KDUMP_OK,
	       KDUMP_BAD_LEAF_IN_CAPTURE, 0, 0),
	KV_VTD("superpage_over_capture_blocks_device", kv_sp_over_capture,
	       KDUMP_OK, KDUMP_BAD_LEAF_IN_CAPTURE, 0, 0),
	KV_VTD("table_fanout_past_limit_blocks_device", kv_fanout, KDUMP_OK,
	       KDUMP_BAD_TOO_BIG, 0, 0),
	KV_VTD("leaves_past_limit_block_device", kv_leaf_limit, KDUMP_OK,
	       KDUMP_BAD_TOO_BIG, 0, 0),
	KV_VTD("total_budget_spent_blocks_next_device", kv_total_budget,
	       KDUMP_OK, KDUMP_BAD_TOO_BIG, 1, 4),
	KV_VTD("read_eio_mid_walk_blocks_device", kv_read_fails_mid_walk,
	       KDUMP_OK, KDUMP_BAD_READ, 0, 0),

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
};

static bool kv_overlaps_capture(const struct kv_mem *t, u64 pa, u64 size)
{
	return pa < t->capture[0].end && t->capture[0].start < pa + size;
}

static int kv_on_map(void *arg, u64 iova, u64 pa, u64 size, u32 prot)
{
	struct kv_result *r = arg;

	if (!size || pa + size < pa || iova < r->last_end)
		r->stats_bad = true;
	if (kv_overlaps_capture(r->t, pa, size))
		r->leaf_in_capture = true;
	r->last_end = iova + size;
	r->cur_bytes += size;
	r->cur_ranges++;
	return 0;
}

static void kv_verdict(struct kv_result *r, enum kdump_bad why)
{
	if (why) {
		r->blocked++;
		if (!r->dev)
			r->dev = why;
	}
}

static int kv_on_bus(void *arg, u8 bus, u64 ctp, enum kdump_bad why)
{
	kv_verdict(arg, why);
	return 0;
}

static int kv_on_dev(void *arg, u8 bus, u8 devfn, const struct kdump_xlate *x,
		     enum kdump_bad why, const struct kdump_walk_stats *st)
{
	struct kv_result *r = arg;

	kv_verdict(r, why);
	if (!why) {
		r->nr++;
		r->leaves += st->leaves;
		/* An adopted device's runs add up to its leaves exactly. */
		if (r->cur_bytes != st->bytes || r->cur_ranges != st->ranges ||
		    st->ranges > st->leaves)
			r->stats_bad = true;
	} else if (r->cur_bytes > st->bytes) {
		r->stats_bad = true;
	}
	r->cur_bytes = 0;
	r->cur_ranges = 0;
	r->last_end = 0;
	return 0;
}

/* Run @c on @t, which kv_init() and @c->build have prepared. */
static void kv_run(struct kv_mem *t, const struct kv_case *c,
		   struct kv_result *r)
{
	memset(r, 0, sizeof(*r));
	r->t = t;
	if (c->op == KV_OP_ELF) {
		/* The header is read in place, wherever it is. */
		t->check_old_ram = false;
		r->ret = kdump_elfcorehdr_ranges(&t->m, t->hdr_pa, t->hdr_len,
						 r->ranges, t->elf_max, &r->nr);
	} else {
		struct kdump_vtd_ops ops = {
			.bus = kv_on_bus,
			.dev = kv_on_dev,
			.map = kv_on_map,
			.arg = r,
		};
		struct kdump_vtd_stats st;

		r->ret = kdump_vtd_walk(&t->m, &t->caps, t->rta, &t->lim,
					t->scratch, &ops, &st);
		if (st.devices != r->nr + r->blocked - st.buses_blocked ||
		    st.devices - st.devices_blocked != r->nr ||
		    st.leaves != r->leaves ||
		    st.tables > t->lim.max_total_tables)
			r->stats_bad = true;
	}
	r->stray_read = t->stray_read;
}

/* Does @r show what @c expects? */
static bool kv_result_ok(const struct kv_case *c, const struct kv_result *r)
{
	return r->ret == c->ret && r->dev == c->dev && r->nr == c->nr &&
	       r->leaves == c->leaves && !r->stray_read &&
	       !r->leaf_in_capture && !r->stats_bad;
}

#endif /* __DRIVERS_IOMMU_KDUMP_VALIDATE_CASES_H */
