// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: kdump IOMMU validation
 *
 * After a panic every IOMMU reaches the kdump capture kernel still enabled,
 * translating with the crashed kernel's tables, and devices that were never
 * reset keep doing DMA through them. The capture kernel can keep those
 * devices confined only if it keeps translation on and goes on using the
 * crashed kernel's tables for a while. It must not trust them blindly: they
 * were written by a kernel that just crashed, maybe because it scribbled
 * over memory. This file holds the checks that decide, table by table and
 * device by device, whether the old tables may be used.
 *
 * Words used here and in the rest of the kdump IOMMU code:
 *
 * - *old kernel*: the kernel that crashed and whose tables are still live
 *   in the IOMMU hardware.
 * - *capture kernel*: the kdump kernel booted by the panic; it runs this
 *   code, saves the dump and reboots.
 * - *old RAM*: the old kernel's System RAM, as listed by the PT_LOAD
 *   program headers of the ELF core header (elfcorehdr) the old kernel
 *   prepared. Every table the hardware walks for an adopted device must lie
 *   entirely inside one old RAM range.
 * - *capture memory*: the memory the capture kernel runs in (the
 *   crashkernel= reservation). Old tables never point into it, and no
 *   adopted mapping may let a device write into it.
 * - *adopt*: keep an old entry live in the hardware (and keep its page
 *   table in use) because every check below passed; the device keeps the
 *   mappings it had until it is reset.
 * - *block*: make the hardware abort a device's DMA instead, because its
 *   entry or anything its entry refers to failed a check. Blocking is decided
 *   per device where possible; only a bad root pointer blocks a whole IOMMU.
 *
 * Every function here is pure: it reads old memory only through the
 * &kdump_oldmem.read callback and only after checking that the range read
 * is old RAM (kdump_check_table()), writes only to memory its caller passed
 * in, allocates nothing, touches no hardware, prints nothing and keeps no
 * state between calls. Walks are iterative and bounded by
 * &struct kdump_walk_limits, so a hostile table can make a walk fail but
 * never make it run away. This lets the same object be linked into the
 * kernel, a KUnit suite and a user-space unit test and fuzzer.
 *
 * Hardware formats are translated into one vendor-neutral record per device,
 * &struct kdump_xlate; page tables are described by a &struct kdump_pt_fmt
 * so one walker, kdump_pt_walk(), serves every format: VT-d second-level
 * tables (kdump_vtd_walk()) and AMD-Vi v1 host tables (kdump_amd_walk()).
 */

#include <linux/types.h>
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <kunit/visibility.h>

#include "validate.h"

#define VTD_TABLE_SIZE		4096
#define VTD_ENTRY_SIZE		16
#define VTD_ENTRIES		(VTD_TABLE_SIZE / VTD_ENTRY_SIZE)

static u64 get_le(const u8 *p, unsigned int n)
{
	u64 v = 0;

	while (n--)
		v = (v << 8) | p[n];
	return v;
}

static u64 get_be(const u8 *p, unsigned int n)
{
	u64 v = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		v = (v << 8) | p[i];
	return v;
}

/* Does [start, end) overlap any of @r? @end > @start. */
static bool ranges_overlap(const struct kdump_range *r, unsigned int nr,
			   u64 start, u64 end)
{
	unsigned int i;

	for (i = 0; i < nr; i++) {
		if (r[i].end <= r[i].start)
			continue;
		if (start < r[i].end && r[i].start < end)
			return true;
	}
	return false;
}

/* Is [start, end) inside one of @r? @end > @start. */
static bool ranges_contain(const struct kdump_range *r, unsigned int nr,
			   u64 start, u64 end)
{
	unsigned int i;

	for (i = 0; i < nr; i++) {
		if (start >= r[i].start && end <= r[i].end)
			return true;
	}
	return false;
}

static const char * const kdump_bad_strs[KDUMP_BAD_MAX] = {
	[KDUMP_OK]			= "ok",
	[KDUMP_BAD_ALIGN]		= "misaligned table pointer",
	[KDUMP_BAD_NOT_OLD_RAM]		= "table outside old ram",
	[KDUMP_BAD_IN_CAPTURE]		= "table in capture memory",
	[KDUMP_BAD_READ]		= "old memory read failed",
	[KDUMP_BAD_RSVD]		= "reserved bits set",
	[KDUMP_BAD_WIDTH]		= "unsupported width or size",
	[KDUMP_BAD_DID]			= "domain id out of range",
	[KDUMP_BAD_TYPE]		= "unsupported type or format",
	[KDUMP_BAD_LOOP]		= "table loop",
	[KDUMP_BAD_TOO_BIG]		= "walk limits exceeded",
	[KDUMP_BAD_LEAF_IN_CAPTURE]	= "mapping into capture memory",
	[KDUMP_BAD_OVERFLOW]		= "address overflow or truncated",
	[KDUMP_BAD_ABORTED]		= "aborted by caller",
};

/**
 * kdump_bad_str() - name a reason
 * @why: the reason
 *
 * Context: Any context.
 * Return: a short lowercase phrase for @why, never NULL.
 */
const char *kdump_bad_str(enum kdump_bad why)
{
	if ((unsigned int)why >= KDUMP_BAD_MAX)
		return "unknown";
	return kdump_bad_strs[why];
}
EXPORT_SYMBOL_IF_KUNIT(kdump_bad_str);

/**
 * kdump_check_table() - check that an old table may be read and used
 * @m: old memory description
 * @pa: old physical address of the table
 * @len: size of the table in bytes, not 0
 * @align: required alignment, a power of two; 0 or 1 for none
 *
 * The checks run in this order, and the first failure is returned: @pa
 * aligned to @align, [@pa, @pa + @len) neither empty nor wrapping, no byte
 * of it in capture memory, all of it inside one old RAM range.
 *
 * Context: Any context.
 * Return: %KDUMP_OK if the table may be read, else %KDUMP_BAD_ALIGN,
 * %KDUMP_BAD_OVERFLOW, %KDUMP_BAD_IN_CAPTURE or %KDUMP_BAD_NOT_OLD_RAM.
 */
enum kdump_bad kdump_check_table(const struct kdump_oldmem *m, u64 pa, u64 len,
				 u64 align)
{
	u64 end = pa + len;

	if (align & (align - 1))
		return KDUMP_BAD_ALIGN;
	if (align && (pa & (align - 1)))
		return KDUMP_BAD_ALIGN;
	if (end <= pa)
		return KDUMP_BAD_OVERFLOW;
	if (ranges_overlap(m->capture, m->nr_capture, pa, end))
		return KDUMP_BAD_IN_CAPTURE;
	if (!ranges_contain(m->old_ram, m->nr_old_ram, pa, end))
		return KDUMP_BAD_NOT_OLD_RAM;
	return KDUMP_OK;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_check_table);

/* Read a table that kdump_check_table() accepted. */
static enum kdump_bad read_old(const struct kdump_oldmem *m, u64 pa, void *buf,
			       size_t len)
{
	return m->read(m->ctx, pa, buf, len) ? KDUMP_BAD_READ : KDUMP_OK;
}

static u64 bits_from(unsigned int width)
{
	return width >= 64 ? 0 : GENMASK_ULL(63, width);
}

/*
 * VT-d second-level page tables.
 *
 * Intel VT-d spec section 9.8, checked against the 6.1 driver
 * (drivers/iommu/intel/iommu.h, struct dma_pte and its helpers):
 *
 *  bit 0	R; an entry with neither R nor W is not present
 *		(dma_pte_present() tests (val & 3)).
 *  bit 1	W
 *  bits 6:2	reserved here. Newer specs give leaves X/EMT/IPAT there,
 *		used only with SLEE or nested translation; the 6.1 header
 *		calls them reserved and the driver never sets them.
 *  bit 7	PS: a 2 MiB leaf at level 2 or a 1 GiB leaf at level 3, only
 *		if the unit supports that size (cap SLLPS). Reserved at
 *		levels 4 and 5. The spec ignores it at level 1; the driver
 *		never sets it there (DMA_PTE_LARGE_PAGE only for
 *		largepage_lvl > 1) so it is treated as reserved.
 *  bits 11:8	available / A / D / SNP: ignored.
 *  bits 51:12	address; in a large leaf the bits below the leaf size are
 *		reserved; bits at or above HAW are reserved.
 *  bits 62:52	ignored by the spec, but the 6.1 dma_pte_addr() keeps them
 *		as address bits (it masks only bit 63, DMA_FL_PTE_XD), so a
 *		table with them set is not one Linux wrote: reserved here.
 *  bit 63	ignored (dma_pte_addr() masks it).
 */
#define VTD_SL_R		BIT_ULL(0)
#define VTD_SL_W		BIT_ULL(1)
#define VTD_SL_PS		BIT_ULL(7)
#define VTD_SL_RSVD_LOW		GENMASK_ULL(6, 2)
#define VTD_SL_ADDR		GENMASK_ULL(62, 12)

/**
 * kdump_vtd_sl_pte_rsvd() - reserved bits set in a VT-d second-level entry
 * @pte: the entry, present (R or W set)
 * @level: its level, 1 for the last level
 * @haw: host address width in bits, 12..64
 * @flags: %KDUMP_XLATE_F_SP_L2 / %KDUMP_XLATE_F_SP_L3 if the unit supports
 *	2 MiB / 1 GiB leaves
 *
 * Context: Any context.
 * Return: the bits of @pte that must be zero but are not; 0 if none.
 */
u64 kdump_vtd_sl_pte_rsvd(u64 pte, unsigned int level, unsigned int haw,
			  u32 flags)
{
	u64 rsvd = VTD_SL_RSVD_LOW;

	if (haw < 12)
		haw = 12;
	if (haw < 63)
		rsvd |= GENMASK_ULL(62, haw);
	if (pte & VTD_SL_PS) {
		if ((level == 2 && (flags & KDUMP_XLATE_F_SP_L2)) ||
		    (level == 3 && (flags & KDUMP_XLATE_F_SP_L3)))
			rsvd |= GENMASK_ULL(12 + 9 * (level - 1) - 1, 12);
		else
			rsvd |= VTD_SL_PS;
	}
	return pte & rsvd;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_vtd_sl_pte_rsvd);

static enum kdump_bad vtd_sl_decode(const struct kdump_xlate *x, u64 pte,
				    unsigned int level, struct kdump_pte *out)
{
	out->kind = KDUMP_PTE_NONE;
	out->addr = 0;
	out->prot = 0;
	out->page_shift = 0;
	if (!(pte & (VTD_SL_R | VTD_SL_W)))
		return KDUMP_OK;
	if (kdump_vtd_sl_pte_rsvd(pte, level, x->oa_bits, x->flags))
		return KDUMP_BAD_RSVD;
	out->addr = pte & VTD_SL_ADDR;
	if (level == 1 || (pte & VTD_SL_PS)) {
		out->kind = KDUMP_PTE_LEAF;
		if (pte & VTD_SL_R)
			out->prot |= KDUMP_PROT_READ;
		if (pte & VTD_SL_W)
			out->prot |= KDUMP_PROT_WRITE;
	} else {
		out->kind = KDUMP_PTE_TABLE;
	}
	return KDUMP_OK;
}

const struct kdump_pt_fmt kdump_fmt_vtd_sl = {
	.name		= "vtd-sl",
	.min_levels	= 3,
	.max_levels	= 5,
	.bits_per_level	= 9,
	.granule_shift	= 12,
	.pte_size	= 8,
	.decode		= vtd_sl_decode,
};
EXPORT_SYMBOL_IF_KUNIT(kdump_fmt_vtd_sl);

/* A run of leaves contiguous in IOVA and PA, with equal permissions. */
struct pt_run {
	bool valid;
	u64 iova;
	u64 pa;
	u64 size;
	u32 prot;
};

static enum kdump_bad pt_run_flush(struct pt_run *run,
				   struct kdump_walk_stats *s, kdump_map_fn fn,
				   void *arg, int *fn_err)
{
	int ret;

	if (!run->valid)
		return KDUMP_OK;
	run->valid = false;
	s->ranges++;
	if (!fn)
		return KDUMP_OK;
	ret = fn(arg, run->iova, run->pa, run->size, run->prot);
	if (!ret)
		return KDUMP_OK;
	if (fn_err)
		*fn_err = ret < 0 ? ret : -ret;
	return KDUMP_BAD_ABORTED;
}

static enum kdump_bad pt_leaf(const struct kdump_oldmem *m, struct pt_run *run,
			      struct kdump_walk_stats *s, u64 max_leaves,
			      u64 iova, const struct kdump_pte *pte, u64 size,
			      kdump_map_fn fn, void *arg, int *fn_err)
{
	u64 end = pte->addr + size;
	enum kdump_bad why;

	if (end <= pte->addr || iova + size <= iova)
		return KDUMP_BAD_OVERFLOW;
	if (ranges_overlap(m->capture, m->nr_capture, pte->addr, end))
		return KDUMP_BAD_LEAF_IN_CAPTURE;
	if (s->leaves >= max_leaves)
		return KDUMP_BAD_TOO_BIG;
	s->leaves++;
	s->bytes += size;

	if (run->valid && run->iova + run->size == iova &&
	    run->pa + run->size == pte->addr && run->prot == pte->prot) {
		run->size += size;
		return KDUMP_OK;
	}
	why = pt_run_flush(run, s, fn, arg, fn_err);
	if (why)
		return why;
	run->valid = true;
	run->iova = iova;
	run->pa = pte->addr;
	run->size = size;
	run->prot = pte->prot;
	return KDUMP_OK;
}

static enum kdump_bad pt_check_xlate(const struct kdump_xlate *x)
{
	const struct kdump_pt_fmt *f = x->fmt;

	if (x->kind != KDUMP_XLATE_PAGING || !f || !f->decode)
		return KDUMP_BAD_TYPE;
	if (f->pte_size != 8 || f->granule_shift < 12 ||
	    f->granule_shift > 16 ||
	    f->bits_per_level != f->granule_shift - 3)
		return KDUMP_BAD_TYPE;
	if (x->levels < f->min_levels || x->levels > f->max_levels ||
	    x->levels > KDUMP_PT_MAX_LEVELS || !x->levels)
		return KDUMP_BAD_WIDTH;
	/*
	 * Any leaf size must fit in a u64 with room. The IOVA space may be
	 * wider than 64 bits (AMD-Vi 6 levels: 66); the walker then ignores
	 * the top table's entries no 64-bit IOVA reaches.
	 */
	if (f->granule_shift + f->bits_per_level * (x->levels - 1) >= 64)
		return KDUMP_BAD_WIDTH;
	return KDUMP_OK;
}

/* One table on the path from the root to the entry being looked at. */
struct pt_frame {
	u64 pa;
	u64 iova;
	unsigned int idx;
};

/**
 * kdump_pt_walk() - validate an old page table and report its mappings
 * @m: old memory description
 * @x: the translation whose table to walk; must be %KDUMP_XLATE_PAGING
 * @lim: bounds on the walk; NULL, or a 0 field, means the default
 * @scratch: at least @x->levels table sizes (4096 bytes for VT-d) of caller
 *	memory; the walker reads one whole table per level into it
 * @fn: optional; receives every maximal run of mappings
 * @arg: passed to @fn
 * @st: optional; receives what the walk saw, also when it fails
 * @fn_err: optional; receives the -errno @fn stopped the walk with, else 0
 *
 * Walks the table without recursion, depth first in IOVA order. Every table
 * pointer, the root included, must pass kdump_check_table() (old RAM, never
 * capture memory, aligned) and must not be the table itself or one of its
 * ancestors. A leaf whose output range overlaps capture memory fails the
 * walk; leaves outside old RAM (MMIO for peer-to-peer DMA) are allowed.
 * Mappings already passed to @fn stay passed when a later entry fails.
 *
 * Context: Any context; sleeps only if @m->read or @fn do.
 * Return: %KDUMP_OK if the whole table is valid, %KDUMP_BAD_ABORTED if @fn
 * returned nonzero, else the first reason the table cannot be adopted.
 */
enum kdump_bad kdump_pt_walk(const struct kdump_oldmem *m,
			     const struct kdump_xlate *x,
			     const struct kdump_walk_limits *lim, void *scratch,
			     kdump_map_fn fn, void *arg,
			     struct kdump_walk_stats *st, int *fn_err)
{
	struct pt_frame stk[KDUMP_PT_MAX_LEVELS];
	struct kdump_walk_stats s = { 0 };
	struct pt_run run = { 0 };
	const struct kdump_pt_fmt *f = x->fmt;
	unsigned int max_tables = KDUMP_WALK_DEF_MAX_TABLES;
	u64 max_leaves = KDUMP_WALK_DEF_MAX_LEAVES;
	unsigned int depth, entries, top_entries, top_shift, i;
	u8 *buf = scratch;
	enum kdump_bad why;
	size_t tsize;

	if (fn_err)
		*fn_err = 0;
	if (lim && lim->max_tables)
		max_tables = lim->max_tables;
	if (lim && lim->max_leaves)
		max_leaves = lim->max_leaves;

	why = pt_check_xlate(x);
	if (why)
		goto out;
	tsize = (size_t)1 << f->granule_shift;
	entries = 1U << f->bits_per_level;
	top_entries = entries;
	top_shift = f->granule_shift + f->bits_per_level * (x->levels - 1);
	if (top_shift + f->bits_per_level > 64)
		top_entries = 1U << (64 - top_shift);

	why = kdump_check_table(m, x->root, tsize, tsize);
	if (why)
		goto out;
	why = read_old(m, x->root, buf, tsize);
	if (why)
		goto out;
	s.tables = 1;
	depth = 0;
	stk[0].pa = x->root;
	stk[0].iova = 0;
	stk[0].idx = 0;

	for (;;) {
		struct pt_frame *fr = &stk[depth];
		unsigned int level = x->levels - depth;
		unsigned int shift = f->granule_shift +
				     f->bits_per_level * (level - 1);
		struct kdump_pte pte = { 0 };
		u64 raw, iova;

		if (fr->idx == (depth ? entries : top_entries)) {
			if (!depth)
				break;
			depth--;
			continue;
		}
		raw = get_le(buf + depth * tsize + fr->idx * f->pte_size,
			     f->pte_size);
		iova = fr->iova + ((u64)fr->idx << shift);
		fr->idx++;

		why = f->decode(x, raw, level, &pte);
		if (why)
			goto out;
		if (pte.kind == KDUMP_PTE_NONE)
			continue;
		if (pte.kind == KDUMP_PTE_LEAF) {
			/* One copy of a larger page's entry: its slice. */
			if (pte.page_shift > shift && pte.page_shift < 64)
				pte.addr += iova & (BIT_ULL(pte.page_shift) - 1);
			why = pt_leaf(m, &run, &s, max_leaves, iova, &pte,
				      1ULL << shift, fn, arg, fn_err);
			if (why)
				goto out;
			continue;
		}

		/* A table entry: never below the last level. */
		if (level == 1) {
			why = KDUMP_BAD_TYPE;
			goto out;
		}
		why = kdump_check_table(m, pte.addr, tsize, tsize);
		if (why)
			goto out;
		for (i = 0; i <= depth; i++) {
			if (stk[i].pa == pte.addr) {
				why = KDUMP_BAD_LOOP;
				goto out;
			}
		}
		if (s.tables >= max_tables) {
			why = KDUMP_BAD_TOO_BIG;
			goto out;
		}
		why = read_old(m, pte.addr, buf + (depth + 1) * tsize, tsize);
		if (why)
			goto out;
		s.tables++;
		depth++;
		stk[depth].pa = pte.addr;
		stk[depth].iova = iova;
		stk[depth].idx = 0;
	}
	why = pt_run_flush(&run, &s, fn, arg, fn_err);
out:
	if (st)
		*st = s;
	return why;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_pt_walk);

/*
 * VT-d legacy-mode root and context entries (VT-d spec sections 9.1 and
 * 9.3), checked against the 6.1 driver (struct root_entry, struct
 * context_entry and the context_*() helpers in drivers/iommu/intel/):
 *
 * root entry	lo bit 0 P, lo bits 11:1 reserved, lo bits 63:12 context
 *		table pointer (bits at or above HAW reserved), hi reserved.
 * context	lo bit 0 P, bit 1 FPD, bits 3:2 TT, bits 11:4 reserved,
 *		bits 63:12 SLPTPTR (bits at or above HAW reserved; ignored for
 *		pass-through); hi bits 2:0 AW, bits 6:3 available (ignored),
 *		bit 7 reserved, bits 23:8 DID (context_domain_id() reads 16
 *		bits), bits 63:24 reserved.
 */
#define VTD_P			BIT_ULL(0)
#define VTD_ROOT_RSVD_LO	GENMASK_ULL(11, 1)
#define VTD_PTR			GENMASK_ULL(63, 12)
#define VTD_CTX_FPD		BIT_ULL(1)
#define VTD_CTX_TT_SHIFT	2
#define VTD_CTX_RSVD_LO		GENMASK_ULL(11, 4)
#define VTD_CTX_RSVD_HI		(BIT_ULL(7) | GENMASK_ULL(63, 24))
#define VTD_CTX_AW		GENMASK_ULL(2, 0)
#define VTD_CTX_DID_SHIFT	8
#define VTD_CTX_DID_MASK	0xffff

#define VTD_TT_SL		0	/* untranslated requests, second level */
#define VTD_TT_SL_DT		1	/* also translated requests (ATS) */
#define VTD_TT_PT		2	/* pass-through */

static bool vtd_caps_ok(const struct kdump_vtd_caps *c)
{
	return c->haw >= 12 && c->haw <= 64;
}

/**
 * kdump_vtd_root_entry() - decode one legacy-mode VT-d root entry
 * @c: capabilities of the unit the entry belongs to
 * @lo: bits 63:0 of the entry
 * @hi: bits 127:64 of the entry
 * @present: set to whether the entry is present
 * @ctp: set to the context table pointer of a present entry, else 0
 *
 * Only decodes; the caller checks @ctp with kdump_check_table().
 *
 * Context: Any context.
 * Return: %KDUMP_OK for a valid or a non-present entry, %KDUMP_BAD_WIDTH if
 * @c is unusable, %KDUMP_BAD_RSVD if a present entry has reserved bits set.
 */
enum kdump_bad kdump_vtd_root_entry(const struct kdump_vtd_caps *c, u64 lo,
				    u64 hi, bool *present, u64 *ctp)
{
	*present = lo & VTD_P;
	*ctp = 0;
	if (!vtd_caps_ok(c))
		return KDUMP_BAD_WIDTH;
	if (!*present)
		return KDUMP_OK;
	if ((lo & (VTD_ROOT_RSVD_LO | bits_from(c->haw))) || hi)
		return KDUMP_BAD_RSVD;
	*ctp = lo & VTD_PTR;
	return KDUMP_OK;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_vtd_root_entry);

/**
 * kdump_vtd_context_entry() - decode one legacy-mode VT-d context entry
 * @c: capabilities of the unit the entry belongs to
 * @lo: bits 63:0 of the entry
 * @hi: bits 127:64 of the entry
 * @out: set to the decoded entry
 *
 * A non-present entry decodes to %KDUMP_XLATE_ABSENT. Otherwise @out is
 * filled from the raw fields (so that a caller can still reserve the domain
 * ID of a bad entry) and then the entry is checked against @c. Only
 * decodes; kdump_pt_walk() checks the page table @out->root points to.
 *
 * Context: Any context.
 * Return: %KDUMP_OK for a valid or a non-present entry, else
 * %KDUMP_BAD_WIDTH (unusable @c, AW reserved or not in SAGAW),
 * %KDUMP_BAD_RSVD, %KDUMP_BAD_TYPE (TT reserved or not supported) or
 * %KDUMP_BAD_DID.
 */
enum kdump_bad kdump_vtd_context_entry(const struct kdump_vtd_caps *c, u64 lo,
				       u64 hi, struct kdump_xlate *out)
{
	unsigned int tt = (lo >> VTD_CTX_TT_SHIFT) & 3;
	unsigned int aw = hi & VTD_CTX_AW;
	u32 did = (hi >> VTD_CTX_DID_SHIFT) & VTD_CTX_DID_MASK;
	u64 rsvd_lo = VTD_CTX_RSVD_LO;

	out->kind = KDUMP_XLATE_ABSENT;
	out->fmt = NULL;
	out->root = 0;
	out->levels = 0;
	out->tag = 0;
	out->flags = 0;
	out->oa_bits = c->haw;
	if (!vtd_caps_ok(c))
		return KDUMP_BAD_WIDTH;
	if (!(lo & VTD_P))
		return KDUMP_OK;

	out->tag = did;
	if (lo & VTD_CTX_FPD)
		out->flags |= KDUMP_XLATE_F_FPD;
	if (c->sllps & BIT(0))
		out->flags |= KDUMP_XLATE_F_SP_L2;
	if (c->sllps & BIT(1))
		out->flags |= KDUMP_XLATE_F_SP_L3;
	/* agaw_to_level(): AW 1, 2, 3 is 3, 4, 5 levels. */
	out->levels = aw + 2;
	if (tt == VTD_TT_PT) {
		out->kind = KDUMP_XLATE_BYPASS;
	} else {
		out->kind = KDUMP_XLATE_PAGING;
		out->fmt = &kdump_fmt_vtd_sl;
		out->root = lo & VTD_PTR;
		if (tt == VTD_TT_SL_DT)
			out->flags |= KDUMP_XLATE_F_ATS;
		/* SLPTPTR is ignored for pass-through, checked otherwise. */
		rsvd_lo |= bits_from(c->haw);
	}

	if ((lo & rsvd_lo) || (hi & VTD_CTX_RSVD_HI))
		return KDUMP_BAD_RSVD;
	if (tt == 3 || (tt == VTD_TT_PT && !c->pt_supported) ||
	    (tt == VTD_TT_SL_DT && !c->dt_supported))
		return KDUMP_BAD_TYPE;
	/* With caching mode the hardware reserves domain ID 0. */
	if (did >= c->nr_dids || (!did && c->caching_mode))
		return KDUMP_BAD_DID;
	/*
	 * AW 0 (30-bit, 2 levels) was dropped from SAGAW by VT-d 3.0 and AW 4
	 * (64-bit) was never defined: both reserved. For pass-through the
	 * spec wants the largest supported AGAW (the 6.1 driver writes
	 * msagaw); only membership in SAGAW is checked. MGAW is not checked:
	 * the 6.1 driver rounds a width up to the next AGAW
	 * (width_to_agaw()), so AW may legally exceed MGAW.
	 */
	if (aw < 1 || aw > 3 || !(c->sagaw & BIT(aw)))
		return KDUMP_BAD_WIDTH;
	return KDUMP_OK;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_vtd_context_entry);

static void walk_limits(const struct kdump_walk_limits *lim,
			struct kdump_walk_limits *l)
{
	l->max_tables = KDUMP_WALK_DEF_MAX_TABLES;
	l->max_leaves = KDUMP_WALK_DEF_MAX_LEAVES;
	l->max_total_tables = KDUMP_WALK_DEF_MAX_TOTAL;
	if (!lim)
		return;
	if (lim->max_tables)
		l->max_tables = lim->max_tables;
	if (lim->max_leaves)
		l->max_leaves = lim->max_leaves;
	if (lim->max_total_tables)
		l->max_total_tables = lim->max_total_tables;
}

/*
 * Walk one device's page table within what is left of the unit's total
 * table budget (*@tables read so far), and account what it read.
 */
static enum kdump_bad budget_walk(const struct kdump_oldmem *m,
				  const struct kdump_walk_limits *l,
				  unsigned int *tables,
				  const struct kdump_xlate *x, u8 *scratch,
				  kdump_map_fn map, void *arg,
				  struct kdump_walk_stats *ws)
{
	struct kdump_walk_limits dl = *l;
	enum kdump_bad why;

	if (*tables >= l->max_total_tables)
		return KDUMP_BAD_TOO_BIG;
	if (dl.max_tables > l->max_total_tables - *tables)
		dl.max_tables = l->max_total_tables - *tables;
	why = kdump_pt_walk(m, x, &dl, scratch, map, arg, ws, NULL);
	*tables += ws->tables;
	return why;
}

/* Check one present context entry and walk its page table. */
static enum kdump_bad vtd_device(const struct kdump_oldmem *m,
				 const struct kdump_walk_limits *l, u64 rta,
				 u64 ctp, const struct kdump_xlate *x,
				 u8 *scratch, const struct kdump_vtd_ops *ops,
				 struct kdump_vtd_stats *s,
				 struct kdump_walk_stats *ws)
{
	if (x->kind != KDUMP_XLATE_PAGING)
		return KDUMP_OK;
	/* The hardware would read a root or context table as a page table. */
	if (x->root == rta || x->root == ctp)
		return KDUMP_BAD_LOOP;
	return budget_walk(m, l, &s->tables, x, scratch, ops ? ops->map : NULL,
			   ops ? ops->arg : NULL, ws);
}

/**
 * kdump_vtd_walk() - validate all legacy-mode tables of one VT-d unit
 * @m: old memory description
 * @c: capabilities of the unit
 * @rta: root table address (RTADDR_REG with the low 12 bits cleared); the
 *	caller checks that RTADDR_REG.TTM selects legacy mode
 * @lim: bounds on the walk; NULL, or a 0 field, means the default
 * @scratch: %KDUMP_VTD_SCRATCH_SIZE bytes of caller memory
 * @ops: optional callbacks that receive the verdicts and the mappings
 * @st: optional; receives what the walk saw, also when it fails
 *
 * Checks the root table, then every present root entry and its context
 * table, then every present context entry and, for translated entries, its
 * page table with kdump_pt_walk(). A bad root entry or context table blocks
 * the devices of that bus (@ops->bus), a bad context entry or page table
 * blocks that device (@ops->dev); the walk goes on with the next bus or
 * device. Once @lim's total table budget is spent, every further translated
 * device is blocked with %KDUMP_BAD_TOO_BIG.
 *
 * Context: Any context; sleeps only if @m->read or the callbacks do.
 * Return: %KDUMP_OK, %KDUMP_BAD_ABORTED if a callback returned nonzero, or
 * the reason the whole unit must be blocked (bad root table address,
 * unreadable root table, unusable @c).
 */
enum kdump_bad kdump_vtd_walk(const struct kdump_oldmem *m,
			      const struct kdump_vtd_caps *c, u64 rta,
			      const struct kdump_walk_limits *lim,
			      void *scratch, const struct kdump_vtd_ops *ops,
			      struct kdump_vtd_stats *st)
{
	struct kdump_vtd_stats s = { 0 };
	struct kdump_walk_limits l;
	u8 *root = scratch;
	u8 *ctx = root + VTD_TABLE_SIZE;
	u8 *pt = ctx + VTD_TABLE_SIZE;
	unsigned int bus, devfn;
	enum kdump_bad why;

	walk_limits(lim, &l);
	if (!vtd_caps_ok(c)) {
		why = KDUMP_BAD_WIDTH;
		goto out;
	}
	why = kdump_check_table(m, rta, VTD_TABLE_SIZE, VTD_TABLE_SIZE);
	if (why)
		goto out;
	if (rta & bits_from(c->haw)) {
		why = KDUMP_BAD_RSVD;
		goto out;
	}
	why = read_old(m, rta, root, VTD_TABLE_SIZE);
	if (why)
		goto out;
	s.tables = 1;

	for (bus = 0; bus < VTD_ENTRIES; bus++) {
		const u8 *re = root + bus * VTD_ENTRY_SIZE;
		bool present;
		u64 ctp;

		why = kdump_vtd_root_entry(c, get_le(re, 8), get_le(re + 8, 8),
					   &present, &ctp);
		if (!why && !present)
			continue;
		s.buses++;
		if (!why)
			why = kdump_check_table(m, ctp, VTD_TABLE_SIZE,
						VTD_TABLE_SIZE);
		if (!why && ctp == rta)
			why = KDUMP_BAD_LOOP;
		if (!why && s.tables >= l.max_total_tables)
			why = KDUMP_BAD_TOO_BIG;
		if (!why) {
			why = read_old(m, ctp, ctx, VTD_TABLE_SIZE);
			if (!why)
				s.tables++;
		}
		if (ops && ops->bus && ops->bus(ops->arg, bus, ctp, why)) {
			why = KDUMP_BAD_ABORTED;
			goto out;
		}
		if (why) {
			s.buses_blocked++;
			continue;
		}

		for (devfn = 0; devfn < VTD_ENTRIES; devfn++) {
			const u8 *ce = ctx + devfn * VTD_ENTRY_SIZE;
			struct kdump_walk_stats ws = { 0 };
			struct kdump_xlate x;

			why = kdump_vtd_context_entry(c, get_le(ce, 8),
						      get_le(ce + 8, 8), &x);
			if (!why && x.kind == KDUMP_XLATE_ABSENT)
				continue;
			s.devices++;
			if (!why)
				why = vtd_device(m, &l, rta, ctp, &x, pt, ops,
						 &s, &ws);
			if (why == KDUMP_BAD_ABORTED)
				goto out;
			if (ops && ops->dev &&
			    ops->dev(ops->arg, bus, devfn, &x, why, &ws)) {
				why = KDUMP_BAD_ABORTED;
				goto out;
			}
			if (why)
				s.devices_blocked++;
			else
				s.leaves += ws.leaves;
		}
	}
	why = KDUMP_OK;
out:
	if (st)
		*st = s;
	return why;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_vtd_walk);

/*
 * AMD-Vi v1 host page tables.
 *
 * AMD IOMMU specification (48882) section 2.2.3, checked against the 6.1
 * driver (drivers/iommu/amd/amd_iommu_types.h PM_* and IOMMU_PTE_* macros,
 * io_pgtable.c fetch_pte() and iommu_v1_map_pages()). Levels count as
 * everywhere here, 1 for the last level; 6.1 counts from 0.
 *
 *  bit 0	PR; an entry without it is not present.
 *  bits 8:1	ignored (A and D in newer specs).
 *  bits 11:9	next level (NL). 1..6 in a directory entry: the level of
 *		the table it points to. The spec lets a directory skip levels
 *		(NL < level - 1); 6.1 never writes that (PM_LEVEL_PDE() uses
 *		level - 1) and fetch_pte() refuses it ("No level skipping
 *		support yet"), so it is a type we lack. NL >= level is
 *		invalid in the spec: reserved here.
 *		0 in a leaf: a page of the level's size (2^(12 + 9 * (level -
 *		1)), PTE_LEVEL_PAGE_SIZE()); the address bits below it are
 *		reserved here (6.1 maps aligned pages only).
 *		7 in a leaf: the page size is in the address field, the lowest
 *		zero bit at or above bit 12 is bit log2(size) - 1
 *		(PAGE_SIZE_PTE(), PTE_PAGE_SIZE()); the entry is one of
 *		size / level size identical copies. 6.1 writes NL 7 only for
 *		2..256 copies (PAGE_SIZE_PTE_COUNT() > 1), so the size must lie
 *		strictly between the level's size and the next level's.
 *  bits 51:12	address; bits at or above the host address width are
 *		reserved. 6.1 ORs the SME C-bit in (__sme_set()); this
 *		validator does not strip it, so tables of an old kernel with
 *		SME active point outside old RAM and are blocked.
 *  bits 58:52	reserved.
 *  bits 60:59	U, FC: a leaf's attributes (6.1 sets FC); reserved in a
 *		directory entry.
 *  bit 61, 62	IR, IW. Permissions are the AND over the whole path. 6.1
 *		sets both in every directory entry (PM_LEVEL_PDE()); since
 *		the walker reports the leaf's permissions alone, a directory
 *		entry lacking one is a type we lack. A present leaf with
 *		neither grants nothing and is treated as not present.
 *  bit 63	ignored.
 */
#define AMD_PTE_PR		BIT_ULL(0)
#define AMD_PTE_NL_SHIFT	9
#define AMD_PTE_NL_MASK		7
#define AMD_PTE_ADDR		GENMASK_ULL(51, 12)
#define AMD_PTE_RSVD		GENMASK_ULL(58, 52)
#define AMD_PTE_U_FC		GENMASK_ULL(60, 59)
#define AMD_PTE_IR		BIT_ULL(61)
#define AMD_PTE_IW		BIT_ULL(62)
#define AMD_NL_SIZE		7

static enum kdump_bad amd_v1_decode(const struct kdump_xlate *x, u64 pte,
				    unsigned int level, struct kdump_pte *out)
{
	unsigned int nl = (pte >> AMD_PTE_NL_SHIFT) & AMD_PTE_NL_MASK;
	unsigned int lshift = 12 + 9 * (level - 1);
	u64 addr = pte & AMD_PTE_ADDR;

	out->kind = KDUMP_PTE_NONE;
	out->addr = 0;
	out->prot = 0;
	out->page_shift = 0;
	if (!(pte & AMD_PTE_PR))
		return KDUMP_OK;
	if ((pte & AMD_PTE_RSVD) || (addr & bits_from(x->oa_bits)))
		return KDUMP_BAD_RSVD;

	if (nl && nl != AMD_NL_SIZE) {
		if (nl >= level || (pte & AMD_PTE_U_FC))
			return KDUMP_BAD_RSVD;
		if (nl != level - 1 ||
		    (pte & (AMD_PTE_IR | AMD_PTE_IW)) !=
		    (AMD_PTE_IR | AMD_PTE_IW))
			return KDUMP_BAD_TYPE;
		out->kind = KDUMP_PTE_TABLE;
		out->addr = addr;
		return KDUMP_OK;
	}

	if (pte & AMD_PTE_IR)
		out->prot |= KDUMP_PROT_READ;
	if (pte & AMD_PTE_IW)
		out->prot |= KDUMP_PROT_WRITE;
	if (!out->prot)
		return KDUMP_OK;

	if (nl == AMD_NL_SIZE) {
		/* 1 + ffz(pte | 0xfff), as 6.1's PTE_PAGE_SIZE(). */
		unsigned int pshift = 13;

		while (pshift <= 52 && (pte & BIT_ULL(pshift - 1)))
			pshift++;
		if (pshift <= lshift || pshift >= lshift + 9 || pshift > 52)
			return KDUMP_BAD_RSVD;
		out->page_shift = pshift;
		addr &= ~(BIT_ULL(pshift) - 1);
	} else if (lshift < 64 && (addr & (BIT_ULL(lshift) - 1))) {
		return KDUMP_BAD_RSVD;
	}
	out->kind = KDUMP_PTE_LEAF;
	out->addr = addr;
	return KDUMP_OK;
}

const struct kdump_pt_fmt kdump_fmt_amd_v1 = {
	.name		= "amd-v1",
	.min_levels	= 1,
	.max_levels	= 6,
	.bits_per_level	= 9,
	.granule_shift	= 12,
	.pte_size	= 8,
	.decode		= amd_v1_decode,
};
EXPORT_SYMBOL_IF_KUNIT(kdump_fmt_amd_v1);

/*
 * AMD-Vi device table entries: four little-endian quadwords (spec section
 * 2.2.2, 6.1 struct dev_table_entry and the DTE_* / DEV_ENTRY_* macros).
 *
 * data[0]	bit 0 V, bit 1 TV, bits 8:2 reserved (bits 8:7 are HAD in
 *		newer specs; 6.1 never sets them), bits 11:9 Mode, bits 51:12
 *		page-table root pointer, bit 52 PPR, bit 53 GPRP, bit 54
 *		GIOV, bit 55 GV, bits 57:56 GLX, bits 60:58 GCR3[14:12], bit
 *		61 IR, bit 62 IW, bit 63 reserved.
 * data[1]	bits 15:0 domain ID, bits 31:16 GCR3[30:15], bits 41:32 I, SE,
 *		SA, IoCtl, Cache, SD, EX, SysMgt (DTE_FLAG_MASK), bit 42
 *		reserved, bits 63:43 GCR3[51:31].
 * data[2]	bit 0 IV, bits 4:1 IntTabLen, bit 5 IG, bits 51:6 interrupt
 *		remapping table pointer, bits 55:52 reserved, bits 58:56
 *		INIT/EINT/NMI pass, bit 59 reserved, bits 61:60 IntCtl, bits
 *		63:62 LINT0/LINT1 pass.
 * data[3]	reserved: 6.1 never writes it.
 *
 * V=0: the hardware passes the device's DMA and interrupts through
 * untranslated; the entry is absent here. V=1, TV=0: 6.1 writes this (with
 * SNP) to deny a device all DMA (init_device_table_dma()): abort. V=1,
 * TV=1, Mode 0: no translation, IR/IW still apply; 6.1's identity domain
 * sets both (bypass), its blocked entries set neither (abort). Mode 1..6:
 * a v1 page table of that many levels. Mode 7 is reserved.
 */
#define AMD_DTE_V		BIT_ULL(0)
#define AMD_DTE_TV		BIT_ULL(1)
#define AMD_DTE0_RSVD		(GENMASK_ULL(8, 2) | BIT_ULL(63))
#define AMD_DTE_MODE_SHIFT	9
#define AMD_DTE_MODE_MASK	7
#define AMD_DTE_PTR		GENMASK_ULL(51, 12)
#define AMD_DTE_GV		BIT_ULL(55)
#define AMD_DTE_IR		BIT_ULL(61)
#define AMD_DTE_IW		BIT_ULL(62)
#define AMD_DTE1_DOMID		GENMASK_ULL(15, 0)
#define AMD_DTE1_IOTLB		BIT_ULL(32)
#define AMD_DTE1_SA		BIT_ULL(34)
#define AMD_DTE1_RSVD		BIT_ULL(42)
#define AMD_DTE2_IV		BIT_ULL(0)
#define AMD_DTE2_LEN_SHIFT	1
#define AMD_DTE2_LEN_MASK	0xf
#define AMD_DTE2_IRT		GENMASK_ULL(51, 6)
#define AMD_DTE2_RSVD		(GENMASK_ULL(55, 52) | BIT_ULL(59))
#define AMD_DTE2_INTCTL_SHIFT	60
#define AMD_DTE2_INTCTL_MASK	3
#define AMD_IRT_ALIGN		128	/* DTE_INTTAB_ALIGNMENT */
#define AMD_IRT_MAX_LEN		11	/* 2048 entries; 1100b.. reserved */
#define AMD_INTCTL_REMAP	2
#define AMD_INTCTL_RSVD		3

static bool amd_caps_ok(const struct kdump_amd_caps *c)
{
	return c->haw >= 32 && c->haw <= 52 && c->max_levels >= 1 &&
	       c->max_levels <= 6;
}

/**
 * kdump_amd_dte_irt() - the interrupt remapping table of one AMD-Vi DTE
 * @c: capabilities of the unit the entry belongs to
 * @dte: the entry, four little-endian quadwords already in CPU order
 * @pa: set to the table's address if IV=1 and IntCtl says remapped, else 0
 * @len: set to the table's size in bytes in that case, else 0
 *
 * Checks the interrupt remapping fields only; the caller checks @pa and
 * @len with kdump_check_table().
 *
 * Context: Any context.
 * Return: %KDUMP_OK if IV=0 or the fields are valid, else %KDUMP_BAD_RSVD
 * (IntCtl 3, pointer at or above @c->haw), %KDUMP_BAD_WIDTH (IntTabLen
 * beyond 2048 entries) or %KDUMP_BAD_ALIGN (pointer not 128-byte aligned).
 */
enum kdump_bad kdump_amd_dte_irt(const struct kdump_amd_caps *c,
				 const u64 dte[4], u64 *pa, u64 *len)
{
	unsigned int tl = (dte[2] >> AMD_DTE2_LEN_SHIFT) & AMD_DTE2_LEN_MASK;
	unsigned int ctl = (dte[2] >> AMD_DTE2_INTCTL_SHIFT) &
			   AMD_DTE2_INTCTL_MASK;
	u64 irt = dte[2] & AMD_DTE2_IRT;

	*pa = 0;
	*len = 0;
	if (!(dte[2] & AMD_DTE2_IV))
		return KDUMP_OK;
	if (ctl == AMD_INTCTL_RSVD || (irt & bits_from(c->haw)))
		return KDUMP_BAD_RSVD;
	if (tl > AMD_IRT_MAX_LEN)
		return KDUMP_BAD_WIDTH;
	/*
	 * Only IntCtl 10b (remapped) makes the unit read the table. 00b
	 * target-aborts fixed and arbitrated interrupts (6.1 writes IV=1,
	 * IntCtl 00b and no table for every device ID until a driver sets
	 * up its interrupts), 01b forwards them unmapped.
	 */
	if (ctl != AMD_INTCTL_REMAP)
		return KDUMP_OK;
	if (irt & (AMD_IRT_ALIGN - 1))
		return KDUMP_BAD_ALIGN;
	*pa = irt;
	*len = (u64)(c->ga_irte ? 16 : 4) << tl;
	return KDUMP_OK;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_amd_dte_irt);

/**
 * kdump_amd_dte() - decode one AMD-Vi device table entry
 * @c: capabilities of the unit the entry belongs to
 * @dte: the entry, four little-endian quadwords already in CPU order
 * @out: set to the decoded entry
 *
 * An entry with V=0 decodes to %KDUMP_XLATE_ABSENT (the hardware passes the
 * device's DMA through untranslated, as it did before the crash). Otherwise
 * @out is filled from the raw fields (so that a caller can still reserve
 * the domain ID of a bad entry) and then the entry is checked against @c.
 * Only decodes: kdump_pt_walk() checks the page table @out->root points to,
 * and the caller checks the interrupt remapping table that
 * kdump_amd_dte_irt() returns with kdump_check_table().
 *
 * An entry with GV=1 is refused: guest (v2) translation walks a GCR3 table
 * and guest page tables in old memory that nothing here validates, and the
 * IOMMU sets accessed and dirty bits in them, so it may write wherever a
 * corrupted guest table points. 6.1 does not keep it either: its
 * __copy_device_table() masks GV and the GCR3 root out of the copy, which
 * would move a device that was using PASIDs to a table it never used.
 *
 * Context: Any context.
 * Return: %KDUMP_OK for a valid or a V=0 entry, else %KDUMP_BAD_WIDTH
 * (unusable @c, Mode 7 or deeper than @c->max_levels, IntTabLen),
 * %KDUMP_BAD_RSVD, %KDUMP_BAD_TYPE (GV=1), %KDUMP_BAD_DID or
 * %KDUMP_BAD_ALIGN (interrupt remapping table pointer).
 */
enum kdump_bad kdump_amd_dte(const struct kdump_amd_caps *c, const u64 dte[4],
			     struct kdump_xlate *out)
{
	unsigned int mode = (dte[0] >> AMD_DTE_MODE_SHIFT) & AMD_DTE_MODE_MASK;
	u32 domid = dte[1] & AMD_DTE1_DOMID;
	enum kdump_bad why;
	u64 irt, irt_len;

	out->kind = KDUMP_XLATE_ABSENT;
	out->fmt = NULL;
	out->root = 0;
	out->levels = 0;
	out->tag = 0;
	out->flags = 0;
	out->oa_bits = c->haw;
	if (!amd_caps_ok(c))
		return KDUMP_BAD_WIDTH;
	if (!(dte[0] & AMD_DTE_V))
		return KDUMP_OK;

	out->tag = domid;
	if (dte[1] & AMD_DTE1_SA)
		out->flags |= KDUMP_XLATE_F_FPD;
	if (dte[1] & AMD_DTE1_IOTLB)
		out->flags |= KDUMP_XLATE_F_ATS;
	if (!(dte[0] & AMD_DTE_TV)) {
		/* The translation fields are not valid: no DMA at all. */
		out->kind = KDUMP_XLATE_ABORT;
	} else if (!mode) {
		out->kind = (dte[0] & (AMD_DTE_IR | AMD_DTE_IW)) ?
			    KDUMP_XLATE_BYPASS : KDUMP_XLATE_ABORT;
	} else {
		out->kind = KDUMP_XLATE_PAGING;
		out->fmt = &kdump_fmt_amd_v1;
		out->root = dte[0] & AMD_DTE_PTR;
		out->levels = mode;
	}

	if ((dte[1] & AMD_DTE1_RSVD) || (dte[2] & AMD_DTE2_RSVD) || dte[3])
		return KDUMP_BAD_RSVD;
	if (out->kind != KDUMP_XLATE_ABORT || (dte[0] & AMD_DTE_TV)) {
		if (dte[0] & AMD_DTE0_RSVD)
			return KDUMP_BAD_RSVD;
		if (out->kind == KDUMP_XLATE_PAGING &&
		    (out->root & bits_from(c->haw)))
			return KDUMP_BAD_RSVD;
		if (mode == AMD_DTE_MODE_MASK || mode > c->max_levels)
			return KDUMP_BAD_WIDTH;
	}
	if (dte[0] & AMD_DTE_GV)
		return KDUMP_BAD_TYPE;
	/* 6.1 never allocates domain 0; it only tags blocked entries. */
	if (out->kind != KDUMP_XLATE_ABORT &&
	    (domid >= c->nr_domids ||
	     (!domid && out->kind == KDUMP_XLATE_PAGING)))
		return KDUMP_BAD_DID;
	why = kdump_amd_dte_irt(c, dte, &irt, &irt_len);
	if (why)
		return why;
	return KDUMP_OK;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_amd_dte);

/* Check one V=1 DTE's tables and walk its page table. */
static enum kdump_bad amd_device(const struct kdump_oldmem *m,
				 const struct kdump_amd_caps *c,
				 const struct kdump_walk_limits *l, u64 dtp,
				 u64 dt_size, const u64 dte[4],
				 const struct kdump_xlate *x, u8 *scratch,
				 const struct kdump_amd_ops *ops,
				 struct kdump_amd_stats *s,
				 struct kdump_walk_stats *ws)
{
	enum kdump_bad why;
	u64 irt, irt_len;

	why = kdump_amd_dte_irt(c, dte, &irt, &irt_len);
	if (!why && irt_len) {
		why = kdump_check_table(m, irt, irt_len, AMD_IRT_ALIGN);
		/* The hardware would read device table entries as IRTEs. */
		if (!why && irt < dtp + dt_size && dtp < irt + irt_len)
			why = KDUMP_BAD_LOOP;
	}
	if (why || x->kind != KDUMP_XLATE_PAGING)
		return why;
	/* The hardware would read the device table as a page table. */
	if (x->root >= dtp && x->root < dtp + dt_size)
		return KDUMP_BAD_LOOP;
	return budget_walk(m, l, &s->tables, x, scratch, ops ? ops->map : NULL,
			   ops ? ops->arg : NULL, ws);
}

/**
 * kdump_amd_walk() - validate the device table of one AMD-Vi unit
 * @m: old memory description
 * @c: capabilities of the unit
 * @dev_table_pa: device table base (MMIO_DEV_TABLE_OFFSET with the low 12
 *	bits cleared, the SME mask already removed)
 * @dev_table_size: its size in bytes, (register bits 8:0 + 1) * 4096
 * @lim: bounds on the walk; NULL, or a 0 field, means the default
 * @scratch: %KDUMP_AMD_SCRATCH_SIZE bytes of caller memory
 * @ops: optional callbacks that receive the verdicts and the mappings
 * @st: optional; receives what the walk saw, also when it fails
 *
 * Checks the device table pointer and size, then reads the table one page
 * at a time and decodes every entry with kdump_amd_dte(). For every entry
 * with V=1 it checks the interrupt remapping table pointer (old RAM, not
 * capture memory, not the device table) and, for translated entries, walks
 * the page table with kdump_pt_walk(); a bad entry or table blocks that
 * device (@ops->dev) and the walk goes on. Once @lim's total table budget
 * is spent, every further translated device is blocked with
 * %KDUMP_BAD_TOO_BIG.
 *
 * Context: Any context; sleeps only if @m->read or the callbacks do.
 * Return: %KDUMP_OK, %KDUMP_BAD_ABORTED if a callback returned nonzero, or
 * the reason the whole unit must be blocked (bad device table address or
 * size, unreadable device table page, unusable @c). On an unreadable page
 * the devices already reported must be blocked too.
 */
enum kdump_bad kdump_amd_walk(const struct kdump_oldmem *m,
			      const struct kdump_amd_caps *c, u64 dev_table_pa,
			      u64 dev_table_size,
			      const struct kdump_walk_limits *lim,
			      void *scratch, const struct kdump_amd_ops *ops,
			      struct kdump_amd_stats *st)
{
	struct kdump_amd_stats s = { 0 };
	struct kdump_walk_limits l;
	u8 *page = scratch;
	u8 *pt = page + 4096;
	unsigned int pg, i;
	enum kdump_bad why;

	walk_limits(lim, &l);
	if (!amd_caps_ok(c) || !dev_table_size ||
	    dev_table_size > KDUMP_AMD_DEV_TABLE_MAX ||
	    (dev_table_size & 4095)) {
		why = KDUMP_BAD_WIDTH;
		goto out;
	}
	why = kdump_check_table(m, dev_table_pa, dev_table_size, 4096);
	if (why)
		goto out;
	if (dev_table_pa & bits_from(c->haw)) {
		why = KDUMP_BAD_RSVD;
		goto out;
	}

	for (pg = 0; pg < dev_table_size / 4096; pg++) {
		why = read_old(m, dev_table_pa + pg * 4096ULL, page, 4096);
		if (why)
			goto out;
		s.dte_pages++;
		for (i = 0; i < 4096 / KDUMP_AMD_DTE_SIZE; i++) {
			const u8 *e = page + i * KDUMP_AMD_DTE_SIZE;
			struct kdump_walk_stats ws = { 0 };
			u16 devid = pg * (4096 / KDUMP_AMD_DTE_SIZE) + i;
			struct kdump_xlate x;
			u64 dte[4];

			dte[0] = get_le(e, 8);
			dte[1] = get_le(e + 8, 8);
			dte[2] = get_le(e + 16, 8);
			dte[3] = get_le(e + 24, 8);
			why = kdump_amd_dte(c, dte, &x);
			if (!why && x.kind == KDUMP_XLATE_ABSENT)
				continue;
			s.devices++;
			if (!why)
				why = amd_device(m, c, &l, dev_table_pa,
						 dev_table_size, dte, &x, pt,
						 ops, &s, &ws);
			if (why == KDUMP_BAD_ABORTED)
				goto out;
			if (ops && ops->dev &&
			    ops->dev(ops->arg, devid, dte, &x, why, &ws)) {
				why = KDUMP_BAD_ABORTED;
				goto out;
			}
			if (why)
				s.devices_blocked++;
			else
				s.leaves += ws.leaves;
		}
	}
	why = KDUMP_OK;
out:
	if (st)
		*st = s;
	return why;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_amd_walk);

/* The parts of ELF64 (include/uapi/linux/elf.h) the core header uses. */
#define ELF_EHDR_SIZE		64
#define ELF_PHDR_SIZE		56
#define ELF_CLASS64		2
#define ELF_DATA_LSB		1
#define ELF_DATA_MSB		2
#define ELF_EV_CURRENT		1
#define ELF_ET_CORE		4
#define ELF_PT_LOAD		1
#define ELF_PN_XNUM		0xffff

/**
 * kdump_elfcorehdr_ranges() - list old RAM from the ELF core header
 * @m: old memory description; only @m->read is used, on the header itself
 * @hdr_pa: physical address of the ELF core header (elfcorehdr=)
 * @hdr_len: its size in bytes
 * @out: receives one range per non-empty PT_LOAD program header
 * @max: entries in @out
 * @nr: set to the number of ranges stored in @out, also on failure
 *
 * Accepts a 64-bit ET_CORE header of either byte order with 56-byte program
 * headers that all lie inside [@hdr_pa, @hdr_pa + @hdr_len). Ranges are
 * p_paddr to p_paddr + p_memsz, in header order, not merged.
 *
 * Context: Any context; sleeps only if @m->read does.
 * Return: %KDUMP_OK, or %KDUMP_BAD_TYPE (not a 64-bit ELF core file),
 * %KDUMP_BAD_WIDTH (header sizes), %KDUMP_BAD_OVERFLOW (truncated, or a
 * range wraps), %KDUMP_BAD_TOO_BIG (more than @max ranges, or PN_XNUM) or
 * %KDUMP_BAD_READ.
 */
enum kdump_bad kdump_elfcorehdr_ranges(const struct kdump_oldmem *m,
				       u64 hdr_pa, u64 hdr_len,
				       struct kdump_range *out,
				       unsigned int max, unsigned int *nr)
{
	u64 (*get)(const u8 *p, unsigned int n);
	u8 eh[ELF_EHDR_SIZE], ph[ELF_PHDR_SIZE];
	unsigned int phnum, i;
	u64 phoff;

	*nr = 0;
	if (hdr_len < ELF_EHDR_SIZE)
		return KDUMP_BAD_OVERFLOW;
	if (hdr_pa + hdr_len <= hdr_pa)
		return KDUMP_BAD_OVERFLOW;
	if (read_old(m, hdr_pa, eh, sizeof(eh)))
		return KDUMP_BAD_READ;

	if (eh[0] != 0x7f || eh[1] != 'E' || eh[2] != 'L' || eh[3] != 'F' ||
	    eh[4] != ELF_CLASS64 || eh[6] != ELF_EV_CURRENT)
		return KDUMP_BAD_TYPE;
	if (eh[5] == ELF_DATA_LSB)
		get = get_le;
	else if (eh[5] == ELF_DATA_MSB)
		get = get_be;
	else
		return KDUMP_BAD_TYPE;
	if (get(eh + 16, 2) != ELF_ET_CORE || get(eh + 20, 4) != ELF_EV_CURRENT)
		return KDUMP_BAD_TYPE;
	if (get(eh + 52, 2) != ELF_EHDR_SIZE || get(eh + 54, 2) != ELF_PHDR_SIZE)
		return KDUMP_BAD_WIDTH;

	phoff = get(eh + 32, 8);
	phnum = get(eh + 56, 2);
	if (phnum == ELF_PN_XNUM)
		return KDUMP_BAD_TOO_BIG;
	if (phoff > hdr_len || (u64)phnum * ELF_PHDR_SIZE > hdr_len - phoff)
		return KDUMP_BAD_OVERFLOW;

	for (i = 0; i < phnum; i++) {
		u64 paddr, memsz;

		if (read_old(m, hdr_pa + phoff + (u64)i * ELF_PHDR_SIZE, ph,
			     sizeof(ph)))
			return KDUMP_BAD_READ;
		if (get(ph, 4) != ELF_PT_LOAD)
			continue;
		paddr = get(ph + 24, 8);
		memsz = get(ph + 40, 8);
		if (!memsz)
			continue;
		if (paddr + memsz <= paddr)
			return KDUMP_BAD_OVERFLOW;
		if (*nr >= max)
			return KDUMP_BAD_TOO_BIG;
		out[*nr].start = paddr;
		out[*nr].end = paddr + memsz;
		(*nr)++;
	}
	return KDUMP_OK;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_elfcorehdr_ranges);
