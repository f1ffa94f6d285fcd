// SPDX-License-Identifier: GPL-2.0
/*
 * ARM LPAE page tables for the kdump IOMMU handover.
 *
 * Copyright (C) 2026 The kdump-iommu authors
 */

/**
 * DOC: kdump IOMMU handover: ARM LPAE page tables
 *
 * SMMUv3 context descriptors and stream table entries, and SMMUv2 context
 * banks, point at VMSAv8-64 ("LPAE") translation tables: stage 1 (the
 * format of a CPU's TTBR0) or stage 2 (a hypervisor's VTTBR), with a 4, 16
 * or 64 KiB granule. This file decodes and encodes single entries of both
 * for the walker and builder of pt.c, and turns the TCR/VTCR fields that
 * give a tree its shape into a &struct kdump_stage.
 *
 * Levels count as everywhere here, 1 for the last level (the architecture's
 * level 3). Checked against the Arm Architecture Reference Manual (VMSAv8-64
 * descriptor formats) and 6.12's io-pgtable-arm.c, which writes what an
 * old kernel left:
 *
 *  bits 1:0	0b11 a table entry above the last level, a page at the last
 *		level; 0b01 a block above the last level (only where the
 *		granule has blocks), reserved at the last level; bit 0 clear
 *		is invalid (not present).
 *  bits 11:2	a leaf's lower attributes. Stage 1: AttrIndx (4:2), NS (5),
 *		AP[1] (6, unprivileged access), AP[2] (7, read-only), SH
 *		(9:8), AF (10), nG (11). Stage 2: MemAttr (5:2), S2AP (7:6,
 *		read and write), SH, AF. Ignored in table entries.
 *  bits 47:12	the table or output address; bits below the granule and,
 *		in a block, below the block size are RES0; bits at or above
 *		the output size are reserved here. The 52-bit forms (address
 *		bits 51:48 in 15:12 or 9:8) are not parsed: a tree wider than
 *		48 bits is a type this decoder lacks.
 *  bits 50:48	RES0 in a leaf; bit 50 is GP (BTI) at stage 1, which
 *		only concerns instruction fetch (user text mapped for SVA
 *		has it): ignored there.
 *  bit 51	DBM in a leaf: with hardware dirty state, a read-only page
 *		becomes writable on the first write. Counted as writable.
 *  bit 52	a leaf's Contiguous hint: a misprogrammed contiguous range
 *		may translate through any of its entries, and io-pgtable-arm
 *		never sets it: a type we lack.
 *  bits 58:53	a leaf's XN bits and software bits: what a device may read
 *		or write does not depend on them. Ignored in a table entry.
 *  bits 63:59	stage 1 table entries: NSTable (63), APTable (62:61),
 *		XNTable (60), PXNTable (59). APTable restricts the whole
 *		subtree and NSTable switches its address space; 6.12 never
 *		sets either without a quirk, so they are a type we lack (the
 *		walker reports a leaf's own permissions). Stage 2 table
 *		entries: reserved here. Ignored in leaves.
 *
 * A leaf with AF=0 takes an Access flag fault unless the hardware manages
 * the flag or ignores it (stage 1 CD.HA or CD.AFFD; stage 2 STE.S2AFFD;
 * STE.S2HA is refused by its decoder): without that it maps
 * nothing. Stage 1 read access is always granted (AP[1] selects only
 * whether unprivileged requests may use the page, and the SMMU may mark a
 * device's requests either way, so both count as readable).
 */

#include <linux/types.h>
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/minmax.h>
#include <kunit/visibility.h>

#include "fmt_lpae.h"

#define LPAE_VALID		BIT_ULL(0)
#define LPAE_TYPE_TABLE		BIT_ULL(1)	/* or page, at the last level */
#define LPAE_AP_UNPRIV		BIT_ULL(6)	/* stage 1 AP[1] */
#define LPAE_AP_RDONLY		BIT_ULL(7)	/* stage 1 AP[2] */
#define LPAE_S2AP_READ		BIT_ULL(6)
#define LPAE_S2AP_WRITE		BIT_ULL(7)
#define LPAE_SH_IS		(3ULL << 8)
#define LPAE_AF			BIT_ULL(10)
#define LPAE_NG			BIT_ULL(11)
#define LPAE_ADDR		GENMASK_ULL(47, 12)
#define LPAE_LEAF_RSVD		GENMASK_ULL(50, 48)
#define LPAE_S1_LEAF_RSVD	GENMASK_ULL(49, 48)	/* 50: GP, fetch only */
#define LPAE_CONT		BIT_ULL(52)
#define LPAE_DBM		BIT_ULL(51)
#define LPAE_S1_TBL_ATTR	(BIT_ULL(63) | GENMASK_ULL(62, 61))
#define LPAE_S2_TBL_RSVD	(GENMASK_ULL(63, 59) | GENMASK_ULL(50, 48))
/* What io-pgtable-arm writes for cacheable memory. */
#define LPAE_S1_ATTRIDX_CACHE	BIT_ULL(2)	/* AttrIndx 1 */
#define LPAE_S2_MEMATTR_OIWB	(0xfULL << 2)

static u64 above(unsigned int bits)
{
	return bits >= 64 ? 0 : GENMASK_ULL(63, bits);
}

static enum kdump_bad lpae_decode(const struct kdump_stage *s, u64 pte,
				  unsigned int level, struct kdump_pte *out,
				  bool s2)
{
	unsigned int g = s->granule_shift;
	unsigned int lshift = g + (g - 3) * (level - 1);
	u64 addr = pte & LPAE_ADDR;

	*out = (struct kdump_pte){ .kind = KDUMP_PTE_NONE };
	if (!(pte & LPAE_VALID))
		return KDUMP_OK;
	if ((addr & (BIT_ULL(g) - 1)) || (addr & above(s->oa_bits)))
		return KDUMP_BAD_RSVD;

	if (level > 1 && (pte & LPAE_TYPE_TABLE)) {
		if (s2 && (pte & LPAE_S2_TBL_RSVD))
			return KDUMP_BAD_RSVD;
		if (!s2 && (pte & LPAE_LEAF_RSVD))
			return KDUMP_BAD_RSVD;
		if (!s2 && (pte & LPAE_S1_TBL_ATTR))
			return KDUMP_BAD_TYPE;
		out->kind = KDUMP_PTE_TABLE;
		out->addr = addr;
		return KDUMP_OK;
	}
	/* 0b01 at the last level is reserved; a block must be aligned. */
	if (level == 1 && !(pte & LPAE_TYPE_TABLE))
		return KDUMP_BAD_RSVD;
	if ((pte & (s2 ? LPAE_LEAF_RSVD : LPAE_S1_LEAF_RSVD)) ||
	    (lshift < 64 && (addr & (BIT_ULL(lshift) - 1))))
		return KDUMP_BAD_RSVD;
	/*
	 * A misprogrammed contiguous range may translate through any entry
	 * of it (CONSTRAINED UNPREDICTABLE); io-pgtable-arm never sets it.
	 */
	if (pte & LPAE_CONT)
		return KDUMP_BAD_TYPE;

	if (!(pte & LPAE_AF) && !(s->flags & KDUMP_LPAE_F_AF_OK))
		return KDUMP_OK;
	if (s2) {
		if (pte & LPAE_S2AP_READ)
			out->prot |= KDUMP_PROT_READ;
		if (pte & LPAE_S2AP_WRITE)
			out->prot |= KDUMP_PROT_WRITE;
	} else {
		out->prot = KDUMP_PROT_READ;
		if (!(pte & LPAE_AP_RDONLY))
			out->prot |= KDUMP_PROT_WRITE;
	}
	if ((pte & LPAE_DBM) && (s->flags & KDUMP_LPAE_F_HD) && out->prot)
		out->prot |= KDUMP_PROT_WRITE;
	if (!out->prot)
		return KDUMP_OK;
	out->kind = KDUMP_PTE_LEAF;
	out->addr = addr;
	return KDUMP_OK;
}

static enum kdump_bad lpae_s1_decode(const struct kdump_stage *s, u64 pte,
				     unsigned int level, struct kdump_pte *out)
{
	return lpae_decode(s, pte, level, out, false);
}

static enum kdump_bad lpae_s2_decode(const struct kdump_stage *s, u64 pte,
				     unsigned int level, struct kdump_pte *out)
{
	return lpae_decode(s, pte, level, out, true);
}

static u64 lpae_mk_table(const struct kdump_stage *s, u64 pa,
			 unsigned int level)
{
	return pa | LPAE_TYPE_TABLE | LPAE_VALID;
}

/* A page or block, as io-pgtable-arm maps cacheable memory. */
static u64 lpae_s1_mk_leaf(const struct kdump_stage *s, u64 pa,
			   unsigned int level, u32 prot)
{
	u64 pte = pa | LPAE_VALID | LPAE_AF | LPAE_SH_IS | LPAE_NG |
		  LPAE_AP_UNPRIV | LPAE_S1_ATTRIDX_CACHE;

	if (level == 1)
		pte |= LPAE_TYPE_TABLE;
	if (!(prot & KDUMP_PROT_WRITE))
		pte |= LPAE_AP_RDONLY;
	return pte;
}

static u64 lpae_s2_mk_leaf(const struct kdump_stage *s, u64 pa,
			   unsigned int level, u32 prot)
{
	u64 pte = pa | LPAE_VALID | LPAE_AF | LPAE_SH_IS | LPAE_S2_MEMATTR_OIWB;

	if (level == 1)
		pte |= LPAE_TYPE_TABLE;
	if (prot & KDUMP_PROT_READ)
		pte |= LPAE_S2AP_READ;
	if (prot & KDUMP_PROT_WRITE)
		pte |= LPAE_S2AP_WRITE;
	return pte;
}

const struct kdump_pt_fmt kdump_fmt_lpae_s1 = {
	.name		= "lpae-s1",
	.min_levels	= 1,
	.max_levels	= 4,
	.granules	= BIT(0) | BIT(2) | BIT(4),
	.pte_size	= 8,
	.decode		= lpae_s1_decode,
	.mk_table	= lpae_mk_table,
	.mk_leaf	= lpae_s1_mk_leaf,
};
EXPORT_SYMBOL_IF_KUNIT(kdump_fmt_lpae_s1);

const struct kdump_pt_fmt kdump_fmt_lpae_s2 = {
	.name		= "lpae-s2",
	.min_levels	= 1,
	.max_levels	= 4,
	.granules	= BIT(0) | BIT(2) | BIT(4),
	.pte_size	= 8,
	.decode		= lpae_s2_decode,
	.mk_table	= lpae_mk_table,
	.mk_leaf	= lpae_s2_mk_leaf,
};
EXPORT_SYMBOL_IF_KUNIT(kdump_fmt_lpae_s2);

/**
 * kdump_lpae_size_bits() - decode a physical address size field
 * @code: TCR.IPS, VTCR.PS, CD.IPS, STE.S2PS or IDR5.OAS (3 bits)
 *
 * Context: Any context.
 * Return: 32, 36, 40, 42, 44, 48 or 52 bits, or 0 for a reserved code.
 */
unsigned int kdump_lpae_size_bits(unsigned int code)
{
	static const u8 bits[8] = { 32, 36, 40, 42, 44, 48, 52, 0 };

	return bits[code & 7];
}
EXPORT_SYMBOL_IF_KUNIT(kdump_lpae_size_bits);

/**
 * kdump_lpae_tg_shift() - decode a granule field
 * @tg: TCR.TG0, CD.TG0 or STE.S2TG (2 bits: 0 4 KiB, 1 64 KiB, 2 16 KiB)
 * @granules: granules the hardware has, a mask of BIT(shift - 12)
 * @shift: set to log2 of the granule
 *
 * Context: Any context.
 * Return: %KDUMP_OK, %KDUMP_BAD_RSVD (code 3) or %KDUMP_BAD_WIDTH (a
 * granule the hardware lacks).
 */
enum kdump_bad kdump_lpae_tg_shift(unsigned int tg, unsigned int granules,
				   unsigned int *shift)
{
	static const u8 shifts[4] = { 12, 16, 14, 0 };

	*shift = shifts[tg & 3];
	if (!*shift)
		return KDUMP_BAD_RSVD;
	if (!(granules & BIT(*shift - 12)))
		return KDUMP_BAD_WIDTH;
	return KDUMP_OK;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_lpae_tg_shift);

/* Levels that may hold leaves: blocks at 1 GiB/2 MiB, 32 MiB, 512 MiB. */
static u8 lpae_leaf_levels(unsigned int granule_shift)
{
	return granule_shift == 12 ? GENMASK(2, 0) : GENMASK(1, 0);
}

static enum kdump_bad lpae_common(unsigned int granule_shift,
				  unsigned int tsz, unsigned int oa_bits,
				  struct kdump_stage *s)
{
	unsigned int ia = 64 - (tsz & 63);

	if (granule_shift != 12 && granule_shift != 14 && granule_shift != 16)
		return KDUMP_BAD_TYPE;
	/* T0SZ 16..39; a 52-bit input or output needs the 52-bit forms. */
	if (tsz < 16 || tsz > 39 || oa_bits < 32)
		return KDUMP_BAD_WIDTH;
	if (oa_bits > KDUMP_LPAE_MAX_OA)
		return KDUMP_BAD_TYPE;
	*s = (struct kdump_stage){
		.granule_shift	= granule_shift,
		.ia_bits	= ia,
		.oa_bits	= oa_bits,
		.leaf_levels	= lpae_leaf_levels(granule_shift),
	};
	return KDUMP_OK;
}

/**
 * kdump_lpae_s1_stage() - the shape of a stage 1 tree
 * @granule_shift: 12, 14 or 16 (from kdump_lpae_tg_shift())
 * @tsz: T0SZ: the tree translates 64 - @tsz input bits
 * @oa_bits: output size: the smaller of the IPS field and what the
 *	hardware implements
 * @s: set to the stage, with no root and no flags
 *
 * The walk starts at the level that resolves the top input bits, as the
 * architecture does for stage 1.
 *
 * Context: Any context.
 * Return: %KDUMP_OK, %KDUMP_BAD_WIDTH (T0SZ out of 16..39, output under 32
 * bits) or %KDUMP_BAD_TYPE (an output wider than 48 bits, a bad granule).
 */
enum kdump_bad kdump_lpae_s1_stage(unsigned int granule_shift,
				   unsigned int tsz, unsigned int oa_bits,
				   struct kdump_stage *s)
{
	unsigned int bpl = granule_shift - 3;
	enum kdump_bad why;

	why = lpae_common(granule_shift, tsz, oa_bits, s);
	if (why)
		return why;
	s->fmt = &kdump_fmt_lpae_s1;
	s->levels = (s->ia_bits - granule_shift + bpl - 1) / bpl;
	return kdump_pt_check_stage(s);
}
EXPORT_SYMBOL_IF_KUNIT(kdump_lpae_s1_stage);

/**
 * kdump_lpae_confine_stage() - the tree shape that confines a stream
 * @granules: the granules the SMMU has, a mask of BIT(shift - 12)
 * @oas: its output size in bits
 * @s: set to a stage 1 shape with no root: the smallest granule, input
 *	and output as wide as the output size (at most 48 bits)
 *
 * A bypassing stream's DMA addresses are physical addresses; the core
 * confines such a stream with an identity tree of this shape (SMMUv3 and
 * SMMUv2 alike).
 *
 * Context: Any context.
 */
void kdump_lpae_confine_stage(u8 granules, unsigned int oas,
			      struct kdump_stage *s)
{
	unsigned int g = (granules & BIT(0)) ? 12 : (granules & BIT(2)) ? 14 : 16;
	unsigned int oa = min_t(unsigned int, oas, KDUMP_LPAE_MAX_OA);

	if (kdump_lpae_s1_stage(g, 64 - oa, oa, s))
		*s = (struct kdump_stage){ .fmt = &kdump_fmt_lpae_s1 };
	s->root = 0;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_lpae_confine_stage);

/**
 * kdump_lpae_s2_stage() - the shape of a stage 2 tree
 * @granule_shift: 12, 14 or 16 (from kdump_lpae_tg_shift())
 * @tsz: S2T0SZ: the tree translates 64 - @tsz input bits
 * @sl0: S2SL0, the start level: with a 4 KiB granule 0, 1, 2 start at
 *	the architecture's level 2, 1, 0; with 16 and 64 KiB at level 3, 2,
 *	1; 3 (level 0 with 16 KiB) needs LPA2 and is refused
 * @oa_bits: output size: the smaller of S2PS and what the hardware has
 * @s: set to the stage, with no root and no flags
 *
 * When the start level resolves fewer bits than the input has, the root is
 * 2 to 16 concatenated tables (what io-pgtable-arm sets up to save a level);
 * any other mismatch between @tsz and @sl0 is refused, as the hardware
 * faults every walk of such a tree.
 *
 * Context: Any context.
 * Return: %KDUMP_OK, %KDUMP_BAD_RSVD (a reserved @sl0), %KDUMP_BAD_WIDTH
 * (@tsz and @sl0 disagree, more than 16 concatenated roots) or the errors
 * of kdump_lpae_s1_stage().
 */
enum kdump_bad kdump_lpae_s2_stage(unsigned int granule_shift,
				   unsigned int tsz, unsigned int sl0,
				   unsigned int oa_bits,
				   struct kdump_stage *s)
{
	unsigned int bpl = granule_shift - 3, start, top;
	enum kdump_bad why;

	why = lpae_common(granule_shift, tsz, oa_bits, s);
	if (why)
		return why;
	if (granule_shift == 12) {
		if (sl0 > 2)
			return KDUMP_BAD_RSVD;
		start = 2 - sl0;
	} else {
		/* 16 KiB SL0 0b11 (level 0) needs LPA2 (VTCR.DS): refused. */
		if (sl0 == 3)
			return KDUMP_BAD_RSVD;
		start = 3 - sl0;
	}
	s->fmt = &kdump_fmt_lpae_s2;
	s->levels = 4 - start;
	if (s->ia_bits <= granule_shift + bpl * (s->levels - 1))
		return KDUMP_BAD_WIDTH;
	top = s->ia_bits - granule_shift - bpl * (s->levels - 1);
	if (top > bpl + 4)
		return KDUMP_BAD_WIDTH;
	s->nr_roots = top > bpl ? 1U << (top - bpl) : 1;
	return kdump_pt_check_stage(s);
}
EXPORT_SYMBOL_IF_KUNIT(kdump_lpae_s2_stage);
