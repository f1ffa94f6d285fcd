// SPDX-License-Identifier: GPL-2.0
/*
 * AMD-Vi structures for the kdump IOMMU handover.
 *
 * Copyright (C) 2026 The kdump-iommu authors
 */

/**
 * DOC: kdump IOMMU handover: AMD-Vi
 *
 * An AMD-Vi unit finds a request's translation in the device table (one
 * 256-bit entry per device ID of its PCI segment), which points at a v1
 * host page table and at the device's interrupt remapping table. This file
 * decodes device table entries into &struct kdump_xlate, walks a device
 * table (the page tables are walked by the plan with kdump_pt_walk() and
 * the v1 format below). The sequence that replaces a live entry is in
 * write.c.
 *
 * Checked against the AMD I/O Virtualization Technology specification
 * (48882, sections 2.2.2 and 2.2.3) and the 6.12 driver
 * (drivers/iommu/amd/amd_iommu_types.h, io_pgtable.c).
 */

#include <linux/types.h>
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/unaligned.h>
#include <kunit/visibility.h>

#include "fmt_amd.h"

static u64 bits_from(unsigned int width)
{
	return width >= 64 ? 0 : GENMASK_ULL(63, width);
}

/*
 * v1 host page tables. Levels count as everywhere here, 1 for the last
 * level; the driver counts from 0.
 *
 *  bit 0	PR; an entry without it is not present.
 *  bits 8:1	ignored (A and D in newer specs).
 *  bits 11:9	next level (NL). 1..6 in a directory entry: the level of
 *		the table it points to. The spec lets a directory skip levels
 *		(NL < level - 1); the driver never writes that (fetch_pte()
 *		refuses it), so it is a type we lack. NL >= level is invalid
 *		in the spec: reserved here.
 *		0 in a leaf: a page of the level's size; the address bits
 *		below it are reserved here (the driver maps aligned pages).
 *		7 in a leaf: the page size is in the address field, the lowest
 *		zero bit at or above bit 12 is bit log2(size) - 1
 *		(PAGE_SIZE_PTE()); the entry is one of size / level size
 *		identical copies, so the size lies strictly between the
 *		level's size and the next level's.
 *  bits 51:12	address; bits at or above the host address width are
 *		reserved. The driver ORs the SME C-bit in (__sme_set()); this
 *		validator does not strip it, so tables of an old kernel with
 *		SME active point outside old RAM and are blocked.
 *  bits 58:52	reserved.
 *  bits 60:59	U, FC: a leaf's attributes (the driver sets FC); reserved
 *		in a directory entry.
 *  bit 61, 62	IR, IW. Permissions are the AND over the whole path. The
 *		driver sets both in every directory entry (PM_LEVEL_PDE());
 *		since the walker reports the leaf's permissions alone, a
 *		directory entry lacking one is a type we lack. A present leaf
 *		with neither grants nothing and is treated as not present.
 *  bit 63	ignored.
 */
#define AMD_PTE_PR		BIT_ULL(0)
#define AMD_PTE_NL_SHIFT	9
#define AMD_PTE_NL_MASK		7
#define AMD_PTE_ADDR		GENMASK_ULL(51, 12)
#define AMD_PTE_RSVD		GENMASK_ULL(58, 52)
#define AMD_PTE_FC		BIT_ULL(60)
#define AMD_PTE_U_FC		GENMASK_ULL(60, 59)
#define AMD_PTE_IR		BIT_ULL(61)
#define AMD_PTE_IW		BIT_ULL(62)
#define AMD_NL_SIZE		7

static enum kdump_bad amd_v1_decode(const struct kdump_stage *s, u64 pte,
				    unsigned int level, struct kdump_pte *out)
{
	unsigned int nl = (pte >> AMD_PTE_NL_SHIFT) & AMD_PTE_NL_MASK;
	unsigned int lshift = 12 + 9 * (level - 1);
	u64 addr = pte & AMD_PTE_ADDR;

	*out = (struct kdump_pte){ .kind = KDUMP_PTE_NONE };
	if (!(pte & AMD_PTE_PR))
		return KDUMP_OK;
	if ((pte & AMD_PTE_RSVD) || (addr & bits_from(s->oa_bits)))
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
		/* 1 + ffz(pte | 0xfff), as the driver's PTE_PAGE_SIZE(). */
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

/* PM_LEVEL_PDE(): present, both permissions, next level below this one. */
static u64 amd_v1_mk_table(const struct kdump_stage *s, u64 pa,
			   unsigned int level)
{
	return pa | AMD_PTE_PR | AMD_PTE_IR | AMD_PTE_IW |
	       ((u64)(level - 1) << AMD_PTE_NL_SHIFT);
}

/* A page of the level's size, next level 0, FC as the driver sets it. */
static u64 amd_v1_mk_leaf(const struct kdump_stage *s, u64 pa,
			  unsigned int level, u32 prot)
{
	u64 pte = pa | AMD_PTE_PR | AMD_PTE_FC;

	if (prot & KDUMP_PROT_READ)
		pte |= AMD_PTE_IR;
	if (prot & KDUMP_PROT_WRITE)
		pte |= AMD_PTE_IW;
	return pte;
}

const struct kdump_pt_fmt kdump_fmt_amd_v1 = {
	.name		= "amd-v1",
	.min_levels	= 1,
	.max_levels	= 6,
	.granules	= BIT(0),
	.pte_size	= 8,
	.decode		= amd_v1_decode,
	.mk_table	= amd_v1_mk_table,
	.mk_leaf	= amd_v1_mk_leaf,
};
EXPORT_SYMBOL_IF_KUNIT(kdump_fmt_amd_v1);

/**
 * kdump_amd_v1_stage() - the shape of a v1 host page table on a unit
 * @c: the unit's capabilities
 * @levels: 1..6 (the DTE's Mode)
 * @s: set to the stage, with no root
 *
 * Context: Any context.
 */
void kdump_amd_v1_stage(const struct kdump_amd_caps *c, unsigned int levels,
			struct kdump_stage *s)
{
	*s = (struct kdump_stage){
		.fmt		= &kdump_fmt_amd_v1,
		.levels		= levels,
		.granule_shift	= 12,
		.oa_bits	= c->haw,
		.leaf_levels	= GENMASK(KDUMP_PT_MAX_LEVELS - 1, 0),
	};
}
EXPORT_SYMBOL_IF_KUNIT(kdump_amd_v1_stage);

/*
 * Device table entries: four little-endian quadwords (spec section 2.2.2,
 * struct dev_table_entry and the DTE_* / DEV_ENTRY_* macros).
 *
 * data[0]	bit 0 V, bit 1 TV, bits 8:2 reserved (bits 8:7 are HAD in
 *		newer specs; the driver sets them only for dirty tracking,
 *		which a kdump handover does not keep), bits 11:9 Mode, bits
 *		51:12 page-table root pointer, bit 52 PPR, bit 53 GPRP, bit 54
 *		GIOV, bit 55 GV, bits 57:56 GLX, bits 60:58 GCR3[14:12], bit
 *		61 IR, bit 62 IW, bit 63 reserved.
 * data[1]	bits 15:0 domain ID, bits 31:16 GCR3[30:15], bits 41:32 I, SE,
 *		SA, IoCtl, Cache, SD, EX, SysMgt (DTE_FLAG_MASK), bit 42
 *		reserved, bits 63:43 GCR3[51:31].
 * data[2]	bit 0 IV, bits 4:1 IntTabLen, bit 5 IG, bits 51:6 interrupt
 *		remapping table pointer, bits 55:52 reserved, bits 58:56
 *		INIT/EINT/NMI pass, bit 59 reserved, bits 61:60 IntCtl, bits
 *		63:62 LINT0/LINT1 pass.
 * data[3]	reserved: the driver never writes it.
 *
 * V=0: the hardware passes the device's DMA and interrupts through
 * untranslated. V=1, TV=0: no DMA at all. V=1, TV=1, Mode 0: no
 * translation, IR/IW still apply; an identity domain sets both (bypass),
 * a blocked entry neither (abort). Mode 1..6: a v1 page table of that many
 * levels. Mode 7 is reserved.
 */

static bool amd_caps_ok(const struct kdump_amd_caps *c)
{
	return c->haw >= 32 && c->haw <= 52 && c->max_levels >= 1 &&
	       c->max_levels <= 6;
}

/**
 * kdump_amd_dte_irt() - the interrupt remapping table of one AMD-Vi DTE
 * @c: capabilities of the unit the entry belongs to
 * @dte: the entry, four quadwords in CPU order
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
	 * target-aborts fixed and arbitrated interrupts (the driver writes
	 * IV=1, IntCtl 00b and no table for every device ID until a driver
	 * sets up its interrupts), 01b forwards them unmapped.
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

/* The fewest levels whose input range covers the host address width. */
static unsigned int amd_confine_levels(const struct kdump_amd_caps *c)
{
	unsigned int levels;

	for (levels = 3; levels < c->max_levels; levels++)
		if (12 + 9 * levels >= c->haw)
			break;
	return levels;
}

/**
 * kdump_amd_dte() - decode one AMD-Vi device table entry
 * @c: capabilities of the unit the entry belongs to
 * @dte: the entry, four quadwords in CPU order
 * @out: set to the decoded entry
 *
 * An entry with V=0 decodes to %KDUMP_XLATE_ABSENT_BYPASS. Otherwise @out
 * is filled from the raw fields (so that the caller can still reserve the
 * domain ID of a bad entry) and then the entry is checked against @c. A
 * pass-through entry decodes to %KDUMP_XLATE_BYPASS with the v1 shape a
 * confining table would have in @out->stage[0]. Only decodes:
 * kdump_pt_walk() checks the page table, and the caller checks the
 * interrupt remapping table kdump_amd_dte_irt() returns.
 *
 * An entry with GV=1 is refused: guest (v2) translation walks a GCR3 table
 * and guest page tables that nothing here validates, and the IOMMU sets
 * accessed and dirty bits in them, so it may write wherever a corrupted
 * guest table points.
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
	unsigned int mode = (dte[0] & AMD_DTE_MODE) >> AMD_DTE_MODE_SHIFT;
	u32 domid = dte[1] & AMD_DTE1_DOMID;
	enum kdump_bad why;
	u64 irt, irt_len;

	kdump_xlate_init(out, KDUMP_XLATE_ABSENT_BYPASS);
	if (!amd_caps_ok(c))
		return KDUMP_BAD_WIDTH;
	if (!(dte[0] & AMD_DTE_V))
		return KDUMP_OK;

	kdump_xlate_add_tag(out, KDUMP_TAG_DOMAIN, domid);
	if (dte[0] & AMD_DTE_IR)
		out->perm |= KDUMP_PROT_READ;
	if (dte[0] & AMD_DTE_IW)
		out->perm |= KDUMP_PROT_WRITE;
	if (dte[1] & AMD_DTE1_SA)
		out->flags |= KDUMP_XLATE_F_FPD;
	if (dte[1] & AMD_DTE1_IOTLB)
		out->flags |= KDUMP_XLATE_F_ATS;
	if (!(dte[0] & AMD_DTE_TV) || (!mode && !out->perm)) {
		/* No valid translation fields, or no permission: no DMA. */
		out->kind = KDUMP_XLATE_ABORT;
	} else if (!mode) {
		out->kind = KDUMP_XLATE_BYPASS;
		kdump_amd_v1_stage(c, amd_confine_levels(c), &out->stage[0]);
	} else {
		out->kind = KDUMP_XLATE_TRANSLATE;
		out->nr_stages = 1;
		kdump_amd_v1_stage(c, mode, &out->stage[0]);
		out->stage[0].root = dte[0] & AMD_DTE_PTR;
	}

	if ((dte[1] & AMD_DTE1_RSVD) || (dte[2] & AMD_DTE2_RSVD) || dte[3])
		return KDUMP_BAD_RSVD;
	if (dte[0] & AMD_DTE_TV) {
		if (dte[0] & AMD_DTE0_RSVD)
			return KDUMP_BAD_RSVD;
		if (out->nr_stages && (out->stage[0].root & bits_from(c->haw)))
			return KDUMP_BAD_RSVD;
		if (mode == 7 || mode > c->max_levels)
			return KDUMP_BAD_WIDTH;
	}
	if (dte[0] & AMD_DTE_GV)
		return KDUMP_BAD_TYPE;
	/* The driver never allocates domain 0; it only tags blocked entries. */
	if (out->kind != KDUMP_XLATE_ABORT &&
	    (domid >= c->nr_domids ||
	     (!domid && out->kind == KDUMP_XLATE_TRANSLATE)))
		return KDUMP_BAD_DID;
	why = kdump_amd_dte_irt(c, dte, &irt, &irt_len);
	if (why)
		return why;
	return KDUMP_OK;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_amd_dte);

/**
 * kdump_amd_dte_repoint() - a device table entry that uses a new table
 * @c: capabilities of the unit
 * @old: the validated old entry
 * @s: the capture-owned v1 table to use instead, with its root
 * @out: set to the entry to install
 *
 * Keeps everything but the page-table root and Mode: the domain ID, the
 * permissions (a pass-through entry keeps IR/IW and becomes translated),
 * and the interrupt remapping half.
 *
 * Context: Any context.
 * Return: %KDUMP_OK, or %KDUMP_BAD_WIDTH if @s has a shape the unit lacks.
 */
enum kdump_bad kdump_amd_dte_repoint(const struct kdump_amd_caps *c,
				     const u64 old[4],
				     const struct kdump_stage *s, u64 out[4])
{
	if (!s->levels || s->levels > c->max_levels ||
	    (s->root & ~AMD_DTE_PTR))
		return KDUMP_BAD_WIDTH;
	out[0] = (old[0] & ~(AMD_DTE_MODE | AMD_DTE_PTR)) | s->root |
		 ((u64)s->levels << AMD_DTE_MODE_SHIFT) | AMD_DTE_TV | AMD_DTE_V;
	out[1] = old[1];
	out[2] = old[2];
	out[3] = old[3];
	return KDUMP_OK;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_amd_dte_repoint);

static enum kdump_bad amd_check_irt(const struct kdump_oldmem *m,
				    const struct kdump_amd_caps *c,
				    const u64 dte[4], u64 dtp, u64 dt_size,
				    const struct kdump_sink *sink)
{
	enum kdump_bad why;
	u64 irt, irt_len;

	why = kdump_amd_dte_irt(c, dte, &irt, &irt_len);
	if (why || !irt_len)
		return why;
	why = kdump_check_table(m, irt, irt_len, AMD_IRT_ALIGN);
	/* The hardware would read device table entries as IRTEs. */
	if (!why && irt < dtp + dt_size && dtp < irt + irt_len)
		why = KDUMP_BAD_LOOP;
	if (!why && sink && sink->table && sink->table(sink->arg, irt, irt_len))
		why = KDUMP_BAD_ABORTED;
	return why;
}

/**
 * kdump_amd_walk() - report every translation of an AMD-Vi device table
 * @m: old memory description
 * @c: capabilities of the unit
 * @dev_table_pa: device table base (MMIO_DEV_TABLE_OFFSET with the low 12
 *	bits cleared, the SME mask already removed)
 * @dev_table_size: its size in bytes, (register bits 8:0 + 1) * 4096
 * @scratch: %KDUMP_AMD_SCRATCH_SIZE bytes of caller memory
 * @sink: receives the entries, and the device table and interrupt
 *	remapping tables as tables the hardware reads
 * @st: optional; receives what the walk saw, also when it fails
 *
 * Checks the device table pointer and size, then reads the table one page
 * at a time and decodes every entry with kdump_amd_dte(). For every entry
 * with V=1 it also checks the interrupt remapping table pointer (old RAM,
 * not capture memory, not the device table) and reports the entry with its
 * verdict. A page-table root inside the device table is a loop. Entries
 * that allow no DMA are reported too: they tag no translation, but their
 * domain IDs may be cached and their interrupt remapping may be live.
 *
 * Context: Any context; sleeps only if @m->read or @sink do.
 * Return: %KDUMP_OK, %KDUMP_BAD_ABORTED if @sink stopped the walk, or the
 * reason the whole unit must be blocked (bad device table address or
 * size, unreadable device table page, unusable @c). On an unreadable page
 * the entries already reported must be blocked too.
 */
enum kdump_bad kdump_amd_walk(const struct kdump_oldmem *m,
			      const struct kdump_amd_caps *c, u64 dev_table_pa,
			      u64 dev_table_size, void *scratch,
			      const struct kdump_sink *sink,
			      struct kdump_amd_stats *st)
{
	struct kdump_amd_stats s = { 0 };
	u8 *page = scratch;
	unsigned int pg, i;
	enum kdump_bad why;

	if (!amd_caps_ok(c) || !dev_table_size ||
	    dev_table_size > KDUMP_AMD_DEV_TABLE_MAX ||
	    (dev_table_size & 4095)) {
		why = KDUMP_BAD_WIDTH;
		goto out;
	}
	why = kdump_check_table(m, dev_table_pa, dev_table_size, 4096);
	if (!why && (dev_table_pa & bits_from(c->haw)))
		why = KDUMP_BAD_RSVD;
	if (!why && sink && sink->table &&
	    sink->table(sink->arg, dev_table_pa, dev_table_size))
		why = KDUMP_BAD_ABORTED;
	if (why)
		goto out;

	for (pg = 0; pg < dev_table_size / 4096; pg++) {
		if (m->read(m->ctx, dev_table_pa + pg * 4096ULL, page, 4096)) {
			why = KDUMP_BAD_READ;
			goto out;
		}
		s.dte_pages++;
		for (i = 0; i < 4096 / KDUMP_AMD_DTE_SIZE; i++) {
			const u8 *e = page + i * KDUMP_AMD_DTE_SIZE;
			struct kdump_xlate_id id = {
				.sid = pg * (4096 / KDUMP_AMD_DTE_SIZE) + i,
				.pasid = KDUMP_NO_PASID,
			};
			struct kdump_xlate x;
			u64 dte[4];

			dte[0] = get_unaligned_le64(e);
			/* Not valid: kdump_amd_dte() would say absent. */
			if (!(dte[0] & AMD_DTE_V))
				continue;
			dte[1] = get_unaligned_le64(e + 8);
			dte[2] = get_unaligned_le64(e + 16);
			dte[3] = get_unaligned_le64(e + 24);
			why = kdump_amd_dte(c, dte, &x);
			if (!why && x.kind == KDUMP_XLATE_ABSENT_BYPASS)
				continue;
			if (!why)
				why = amd_check_irt(m, c, dte, dev_table_pa,
						    dev_table_size, sink);
			if (why == KDUMP_BAD_ABORTED)
				goto out;
			/* The hardware would read the device table. */
			if (!why && x.nr_stages &&
			    x.stage[0].root >= dev_table_pa &&
			    x.stage[0].root < dev_table_pa + dev_table_size)
				why = KDUMP_BAD_LOOP;
			if (x.kind == KDUMP_XLATE_ABORT && !why) {
				s.blocking++;
			} else {
				s.devices++;
				if (why)
					s.devices_blocked++;
			}
			if (sink && sink->xlate &&
			    sink->xlate(sink->arg, &id, &x, dte, sizeof(dte),
					why)) {
				why = KDUMP_BAD_ABORTED;
				goto out;
			}
		}
	}
	why = KDUMP_OK;
out:
	if (st)
		*st = s;
	return why;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_amd_walk);
