// SPDX-License-Identifier: GPL-2.0
/*
 * Intel VT-d legacy-mode structures for the kdump IOMMU handover.
 *
 * Copyright (C) 2026 The kdump-iommu authors
 */

/**
 * DOC: kdump IOMMU handover: VT-d legacy mode
 *
 * In legacy mode a VT-d unit finds a request's translation through the
 * root table (RTADDR, one entry per bus) and a context table per bus (one
 * entry per device and function). A context entry either passes requests
 * through or points at a second-level page table. This file decodes those
 * entries into &struct kdump_xlate, walks the root and context tables of a
 * unit (the page tables are walked by the plan, with kdump_pt_walk() and
 * the second-level format below). The sequences that replace a live
 * context entry are in write.c.
 *
 * Everything is checked against the VT-d specification (sections 9.1, 9.3
 * and 9.8) and against what the 6.12 driver writes (struct root_entry,
 * struct context_entry, struct dma_pte and their helpers).
 */

#include <linux/types.h>
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/unaligned.h>
#include <kunit/visibility.h>

#include "fmt_vtd.h"

#define VTD_TABLE_SIZE		4096
#define VTD_ENTRIES		(VTD_TABLE_SIZE / KDUMP_VTD_ENTRY_SIZE)

static u64 bits_from(unsigned int width)
{
	return width >= 64 ? 0 : GENMASK_ULL(63, width);
}

/*
 * Second-level page-table entries (spec section 9.8, 6.12 struct dma_pte):
 *
 *  bit 0	R; an entry with neither R nor W is not present
 *		(dma_pte_present() tests (val & 3)).
 *  bit 1	W
 *  bits 6:2	reserved here. Newer specs give leaves X/EMT/IPAT there,
 *		used only with SLEE or nested translation; the driver never
 *		sets them.
 *  bit 7	PS: a 2 MiB leaf at level 2 or a 1 GiB leaf at level 3, only
 *		if the unit supports that size (cap SLLPS). Reserved at
 *		levels 4 and 5 and, as the driver never sets it there, at 1.
 *  bits 11:8	available / A / D / SNP: ignored.
 *  bits 51:12	address; in a large leaf the bits below the leaf size are
 *		reserved; bits at or above HAW are reserved.
 *  bits 62:52	ignored by the spec, but dma_pte_addr() keeps them as
 *		address bits (it masks only bit 63), so a table with them set
 *		is not one Linux wrote: reserved here.
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
 * @leaf_levels: levels whose entries may be leaves (BIT(1) 2 MiB, BIT(2)
 *	1 GiB)
 *
 * Context: Any context.
 * Return: the bits of @pte that must be zero but are not; 0 if none.
 */
u64 kdump_vtd_sl_pte_rsvd(u64 pte, unsigned int level, unsigned int haw,
			  u8 leaf_levels)
{
	u64 rsvd = VTD_SL_RSVD_LOW;

	if (haw < 12)
		haw = 12;
	if (haw < 63)
		rsvd |= GENMASK_ULL(62, haw);
	if (pte & VTD_SL_PS) {
		if ((level == 2 || level == 3) && (leaf_levels & BIT(level - 1)))
			rsvd |= GENMASK_ULL(12 + 9 * (level - 1) - 1, 12);
		else
			rsvd |= VTD_SL_PS;
	}
	return pte & rsvd;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_vtd_sl_pte_rsvd);

static enum kdump_bad vtd_sl_decode(const struct kdump_stage *s, u64 pte,
				    unsigned int level, struct kdump_pte *out)
{
	*out = (struct kdump_pte){ .kind = KDUMP_PTE_NONE };
	if (!(pte & (VTD_SL_R | VTD_SL_W)))
		return KDUMP_OK;
	if (kdump_vtd_sl_pte_rsvd(pte, level, s->oa_bits, s->leaf_levels))
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

/* What the 6.12 driver writes: directory entries are R|W (pfn_to_dma_pte()). */
static u64 vtd_sl_mk_table(const struct kdump_stage *s, u64 pa,
			   unsigned int level)
{
	return pa | VTD_SL_R | VTD_SL_W;
}

static u64 vtd_sl_mk_leaf(const struct kdump_stage *s, u64 pa,
			  unsigned int level, u32 prot)
{
	u64 pte = pa;

	if (prot & KDUMP_PROT_READ)
		pte |= VTD_SL_R;
	if (prot & KDUMP_PROT_WRITE)
		pte |= VTD_SL_W;
	if (level > 1)
		pte |= VTD_SL_PS;
	return pte;
}

const struct kdump_pt_fmt kdump_fmt_vtd_sl = {
	.name		= "vtd-sl",
	.min_levels	= 3,
	.max_levels	= 5,
	.granules	= BIT(0),
	.pte_size	= 8,
	.decode		= vtd_sl_decode,
	.mk_table	= vtd_sl_mk_table,
	.mk_leaf	= vtd_sl_mk_leaf,
};
EXPORT_SYMBOL_IF_KUNIT(kdump_fmt_vtd_sl);

/**
 * kdump_vtd_sl_stage() - the shape of a second-level table on a unit
 * @c: the unit's capabilities
 * @levels: 3, 4 or 5
 * @s: set to the stage, with no root
 *
 * Context: Any context.
 */
void kdump_vtd_sl_stage(const struct kdump_vtd_caps *c, unsigned int levels,
			struct kdump_stage *s)
{
	*s = (struct kdump_stage){
		.fmt		= &kdump_fmt_vtd_sl,
		.levels		= levels,
		.granule_shift	= 12,
		.oa_bits	= c->haw,
		.leaf_levels	= BIT(0),
	};
	if (c->sllps & BIT(0))
		s->leaf_levels |= BIT(1);
	if (c->sllps & BIT(1))
		s->leaf_levels |= BIT(2);
}
EXPORT_SYMBOL_IF_KUNIT(kdump_vtd_sl_stage);

/*
 * Root and context entries (spec sections 9.1 and 9.3):
 *
 * root entry	lo bit 0 P, lo bits 11:1 reserved, lo bits 63:12 context
 *		table pointer (bits at or above HAW reserved), hi reserved.
 * context	lo bit 0 P, bit 1 FPD, bits 3:2 TT, bits 11:4 reserved,
 *		bits 63:12 SLPTPTR (bits at or above HAW reserved; ignored for
 *		pass-through); hi bits 2:0 AW, bits 6:3 available (ignored),
 *		bit 7 reserved, bits 23:8 DID (context_domain_id() reads 16
 *		bits), bits 63:24 reserved.
 */

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
 * kdump_vtd_confine_levels() - levels of a table that confines a device
 * @c: the unit's capabilities
 *
 * Context: Any context.
 * Return: the fewest second-level levels whose input range covers the host
 * address width, else the most the unit has; 0 if SAGAW has none.
 */
unsigned int kdump_vtd_confine_levels(const struct kdump_vtd_caps *c)
{
	unsigned int aw;

	for (aw = 1; aw <= 3; aw++)
		if ((c->sagaw & BIT(aw)) && 30 + 9 * aw >= c->haw)
			return aw + 2;
	for (aw = 3; aw >= 1; aw--)
		if (c->sagaw & BIT(aw))
			return aw + 2;
	return 0;
}

/**
 * kdump_vtd_context_entry() - decode one legacy-mode VT-d context entry
 * @c: capabilities of the unit the entry belongs to
 * @lo: bits 63:0 of the entry
 * @hi: bits 127:64 of the entry
 * @out: set to the decoded entry
 *
 * A non-present entry decodes to %KDUMP_XLATE_ABSENT_FAULT. Otherwise @out
 * is filled from the raw fields (so that the caller can still reserve the
 * domain ID of a bad entry) and then the entry is checked against @c. A
 * pass-through entry decodes to %KDUMP_XLATE_BYPASS with the second-level
 * shape a confining table would have in @out->stage[0].
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
	unsigned int tt = (lo & VTD_CTX_TT) >> VTD_CTX_TT_SHIFT;
	unsigned int aw = hi & VTD_CTX_AW;
	u32 did = (hi >> VTD_CTX_DID_SHIFT) & VTD_CTX_DID_MASK;
	u64 rsvd_lo = VTD_CTX_RSVD_LO;

	kdump_xlate_init(out, KDUMP_XLATE_ABSENT_FAULT);
	if (!vtd_caps_ok(c))
		return KDUMP_BAD_WIDTH;
	if (!(lo & VTD_P))
		return KDUMP_OK;

	kdump_xlate_add_tag(out, KDUMP_TAG_DOMAIN, did);
	out->perm = KDUMP_PROT_RW;
	if (lo & VTD_CTX_FPD)
		out->flags |= KDUMP_XLATE_F_FPD;
	if (tt == VTD_TT_PT) {
		out->kind = KDUMP_XLATE_BYPASS;
		kdump_vtd_sl_stage(c, kdump_vtd_confine_levels(c),
				   &out->stage[0]);
	} else {
		out->kind = KDUMP_XLATE_TRANSLATE;
		out->nr_stages = 1;
		/* agaw_to_level(): AW 1, 2, 3 is 3, 4, 5 levels. */
		kdump_vtd_sl_stage(c, aw + 2, &out->stage[0]);
		out->stage[0].root = lo & VTD_PTR;
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
	 * spec wants the largest supported AGAW (the driver writes msagaw);
	 * only membership in SAGAW is checked. MGAW is not checked: the
	 * driver rounds a width up to the next AGAW (width_to_agaw()), so AW
	 * may legally exceed MGAW.
	 */
	if (aw < 1 || aw > 3 || !(c->sagaw & BIT(aw)))
		return KDUMP_BAD_WIDTH;
	if (out->kind == KDUMP_XLATE_BYPASS && !out->stage[0].levels)
		return KDUMP_BAD_WIDTH;
	return KDUMP_OK;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_vtd_context_entry);

/**
 * kdump_vtd_context_repoint() - a context entry that uses a new table
 * @c: capabilities of the unit
 * @old: the validated old entry (lo, hi)
 * @s: the capture-owned second-level table to use instead, with its root
 * @out: set to the entry to install
 *
 * Keeps the old entry's domain ID and fault processing bit; a pass-through
 * entry becomes a second-level one (untranslated requests only).
 *
 * Context: Any context.
 * Return: %KDUMP_OK, or %KDUMP_BAD_WIDTH if @s has a shape the unit lacks.
 */
enum kdump_bad kdump_vtd_context_repoint(const struct kdump_vtd_caps *c,
					 const u64 old[2],
					 const struct kdump_stage *s,
					 u64 out[2])
{
	unsigned int tt = (old[0] & VTD_CTX_TT) >> VTD_CTX_TT_SHIFT;
	unsigned int aw = s->levels - 2;

	if (s->levels < 3 || s->levels > 5 || !(c->sagaw & BIT(aw)) ||
	    (s->root & ~VTD_PTR) || (s->root & bits_from(c->haw)))
		return KDUMP_BAD_WIDTH;
	if (tt == VTD_TT_PT)
		tt = VTD_TT_SL;
	out[0] = s->root | ((u64)tt << VTD_CTX_TT_SHIFT) |
		 (old[0] & VTD_CTX_FPD) | VTD_P;
	out[1] = (old[1] & ((u64)VTD_CTX_DID_MASK << VTD_CTX_DID_SHIFT)) | aw;
	return KDUMP_OK;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_vtd_context_repoint);

static enum kdump_bad read_table(const struct kdump_oldmem *m, u64 pa,
				 void *buf, const struct kdump_sink *sink)
{
	if (m->read(m->ctx, pa, buf, VTD_TABLE_SIZE))
		return KDUMP_BAD_READ;
	if (sink && sink->table && sink->table(sink->arg, pa, VTD_TABLE_SIZE))
		return KDUMP_BAD_ABORTED;
	return KDUMP_OK;
}

/**
 * kdump_vtd_walk() - report every translation of a legacy-mode VT-d unit
 * @m: old memory description
 * @c: capabilities of the unit
 * @rta: root table address (RTADDR_REG with the low 12 bits cleared); the
 *	caller checks that RTADDR_REG.TTM selects legacy mode
 * @scratch: %KDUMP_VTD_SCRATCH_SIZE bytes of caller memory
 * @sink: receives the translations, the blocked buses and the tables read
 * @st: optional; receives what the walk saw, also when it fails
 *
 * Checks the root table, then every present root entry and its context
 * table, and reports every present context entry with its verdict. A bad
 * root entry or context table blocks the requester IDs of that bus
 * (@sink->block); the walk goes on with the next bus.
 *
 * Context: Any context; sleeps only if @m->read or @sink do.
 * Return: %KDUMP_OK, %KDUMP_BAD_ABORTED if @sink stopped the walk, or the
 * reason the whole unit must be blocked (bad root table address,
 * unreadable root table, unusable @c).
 */
enum kdump_bad kdump_vtd_walk(const struct kdump_oldmem *m,
			      const struct kdump_vtd_caps *c, u64 rta,
			      void *scratch, const struct kdump_sink *sink,
			      struct kdump_vtd_stats *st)
{
	struct kdump_vtd_stats s = { 0 };
	u8 *root = scratch;
	u8 *ctx = root + VTD_TABLE_SIZE;
	unsigned int bus, devfn;
	enum kdump_bad why;

	if (!vtd_caps_ok(c)) {
		why = KDUMP_BAD_WIDTH;
		goto out;
	}
	why = kdump_check_table(m, rta, VTD_TABLE_SIZE, VTD_TABLE_SIZE);
	if (!why && (rta & bits_from(c->haw)))
		why = KDUMP_BAD_RSVD;
	if (!why)
		why = read_table(m, rta, root, sink);
	if (why)
		goto out;
	s.tables = 1;

	for (bus = 0; bus < VTD_ENTRIES; bus++) {
		const u8 *re = root + bus * KDUMP_VTD_ENTRY_SIZE;
		bool present;
		u64 ctp;

		why = kdump_vtd_root_entry(c, get_unaligned_le64(re), get_unaligned_le64(re + 8),
					   &present, &ctp);
		if (!why && !present)
			continue;
		s.buses++;
		if (!why)
			why = kdump_check_table(m, ctp, VTD_TABLE_SIZE,
						VTD_TABLE_SIZE);
		if (!why && ctp == rta)
			why = KDUMP_BAD_LOOP;
		if (!why) {
			why = read_table(m, ctp, ctx, sink);
			if (why == KDUMP_BAD_ABORTED)
				goto out;
			if (!why)
				s.tables++;
		}
		if (why) {
			s.buses_blocked++;
			if (sink && sink->block &&
			    sink->block(sink->arg, bus << 8, (bus << 8) | 0xff,
					why)) {
				why = KDUMP_BAD_ABORTED;
				goto out;
			}
			continue;
		}

		for (devfn = 0; devfn < VTD_ENTRIES; devfn++) {
			const u8 *ce = ctx + devfn * KDUMP_VTD_ENTRY_SIZE;
			struct kdump_xlate_id id = {
				.sid = (bus << 8) | devfn,
				.pasid = KDUMP_NO_PASID,
			};
			struct kdump_xlate x;
			u64 raw[2];

			raw[0] = get_unaligned_le64(ce);
			raw[1] = get_unaligned_le64(ce + 8);
			why = kdump_vtd_context_entry(c, raw[0], raw[1], &x);
			if (!why && x.kind == KDUMP_XLATE_ABSENT_FAULT)
				continue;
			s.devices++;
			/* The hardware would read a root or context table. */
			if (!why && x.nr_stages &&
			    (x.stage[0].root == rta || x.stage[0].root == ctp))
				why = KDUMP_BAD_LOOP;
			if (why)
				s.devices_blocked++;
			if (sink && sink->xlate &&
			    sink->xlate(sink->arg, &id, &x, raw, sizeof(raw),
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
EXPORT_SYMBOL_IF_KUNIT(kdump_vtd_walk);
