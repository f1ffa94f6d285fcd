// SPDX-License-Identifier: GPL-2.0
/*
 * Intel VT-d scalable-mode structures for the kdump IOMMU handover.
 *
 * Copyright (C) 2026 The kdump-iommu authors
 */

/**
 * DOC: kdump IOMMU handover: VT-d scalable mode
 *
 * In scalable mode (RTADDR.TTM = 01b) a request finds its translation in
 * four steps: the root table (one 128-bit entry per bus, whose two halves
 * point to the context tables of device functions 0-127 and 128-255), a
 * 256-bit context entry per device function, which points to the device's
 * PASID directory, a directory entry per 64 PASIDs, which points to a
 * PASID table, and a 512-bit PASID table entry, which says how requests
 * with that PASID are translated: first stage, second stage, nested or
 * pass-through, with a domain ID. Requests without a PASID use the entry
 * of the context entry's RID_PASID (0 unless the unit has ECAP.RPS).
 *
 * This file decodes those entries and adds the first-stage page-table
 * format (x86-64 4- and 5-level paging as VT-d uses it); fmt_vtd_sm_walk.c
 * walks a unit's tables with them.
 * Every present PASID entry becomes one translation, reported with the
 * PASID it serves (%KDUMP_NO_PASID for RID_PASID). A context entry is one
 * hardware object for all its PASIDs, so anything wrong in a device's
 * context entry, directory, PASID tables or PASID entries blocks the whole
 * requester ID (&struct kdump_sink.block), and every one of its PASIDs is
 * blocked with it: a table the hardware may read for any of the device's
 * requests is either good or not used at all. Verdicts the plan reaches
 * later, per translation (a tree it could not build, a domain ID with
 * two trees), block single PASIDs: the capture kernel leaves those
 * entries out of its copy of the device's PASID table.
 *
 * What is accepted is what the VT-d specification (sections 9.1, 9.4, 9.5,
 * 9.6 and 9.7, scalable mode) allows and the 6.12 driver writes (pasid.c,
 * pasid.h and the first-stage bits of iommu.c). Fields the specification
 * ignores in a mode but the driver always leaves zero are taken as
 * reserved: a table with them set is not one Linux wrote. Nested entries
 * (a guest's first stage behind a second stage, only for iommufd users)
 * are blocked.
 */

#include <linux/types.h>
#include <linux/bits.h>
#include <linux/export.h>
#include <kunit/visibility.h>

#include "fmt_vtd_sm.h"

static u64 bits_from(unsigned int width)
{
	return width >= 64 ? 0 : GENMASK_ULL(63, width);
}

/*
 * First-stage page-table entries (spec section 9.7, 6.12 iommu.c):
 *
 *  bit 0	P; also what makes the page readable
 *  bit 1	R/W: writes allowed
 *  bit 2	U/S: user requests allowed. Requests without a PASID, and
 *		requests with one but without the privilege bit, are user
 *		requests; the driver sets U/S in every entry.
 *  bits 4:3	PWT, PCD: ignored here (memory type)
 *  bits 6:5	A, D: set by the driver and by the hardware, ignored
 *  bit 7	PS: a 2 MiB leaf at level 2, or a 1 GiB leaf at level 3 if the
 *		unit has FL1GP. At level 1 it is the PAT bit, at levels 4 and
 *		5 reserved; the driver never sets PAT, so reserved here.
 *  bits 11:8	G and ignored bits (the driver may set bit 11, SNP)
 *  bits 51:12	address; bits at or above HAW reserved. In a large leaf,
 *		bit 12 is PAT and the rest below the leaf size reserved.
 *  bits 62:52	ignored or protection keys; dma_pte_addr() keeps them as
 *		address bits, so reserved here as for the second stage
 *  bit 63	XD (execute requests only): ignored
 *
 * Directory entries written by the driver are P | R/W | U/S | A
 * (pfn_to_dma_pte()). R/W and U/S combine along the walk; a directory
 * entry without them would take away rights its leaves seem to grant, so
 * an entry without R/W or U/S at a directory, or without U/S at a leaf,
 * is not taken as the driver's: reserved here, and the tree is blocked.
 */
#define VTD_FL_RW		BIT_ULL(1)
#define VTD_FL_US		BIT_ULL(2)
#define VTD_FL_PS		BIT_ULL(7)
#define VTD_FL_ADDR		GENMASK_ULL(62, 12)
/**
 * kdump_vtd_fl_pte_rsvd() - reserved bits set in a first-stage entry
 * @pte: the entry, present
 * @level: its level, 1 for the last level
 * @haw: host address width in bits, 12..64
 * @leaf_levels: levels whose entries may be leaves (BIT(1) 2 MiB, BIT(2)
 *	1 GiB)
 *
 * Context: Any context.
 * Return: the bits of @pte that must be zero but are not; 0 if none.
 */
u64 kdump_vtd_fl_pte_rsvd(u64 pte, unsigned int level, unsigned int haw,
			  u8 leaf_levels)
{
	u64 rsvd = 0;

	if (haw < 12)
		haw = 12;
	if (haw < 63)
		rsvd |= GENMASK_ULL(62, haw);
	if (pte & VTD_FL_PS) {
		if ((level == 2 || level == 3) && (leaf_levels & BIT(level - 1)))
			rsvd |= GENMASK_ULL(12 + 9 * (level - 1) - 1, 12);
		else
			rsvd |= VTD_FL_PS;
	}
	return pte & rsvd;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_vtd_fl_pte_rsvd);

static enum kdump_bad vtd_fl_decode(const struct kdump_stage *s, u64 pte,
				    unsigned int level, struct kdump_pte *out)
{
	bool leaf;

	*out = (struct kdump_pte){ .kind = KDUMP_PTE_NONE };
	if (!(pte & VTD_FL_P))
		return KDUMP_OK;
	if (kdump_vtd_fl_pte_rsvd(pte, level, s->oa_bits, s->leaf_levels))
		return KDUMP_BAD_RSVD;
	leaf = level == 1 || (pte & VTD_FL_PS);
	if (!(pte & VTD_FL_US) || (!leaf && !(pte & VTD_FL_RW)))
		return KDUMP_BAD_RSVD;
	out->addr = pte & VTD_FL_ADDR;
	if (leaf) {
		out->kind = KDUMP_PTE_LEAF;
		out->prot = KDUMP_PROT_READ;
		if (pte & VTD_FL_RW)
			out->prot |= KDUMP_PROT_WRITE;
	} else {
		out->kind = KDUMP_PTE_TABLE;
	}
	return KDUMP_OK;
}

/* What the 6.12 driver writes: P | R/W | U/S | A (pfn_to_dma_pte()). */
static u64 vtd_fl_mk_table(const struct kdump_stage *s, u64 pa,
			   unsigned int level)
{
	return pa | VTD_FL_P | VTD_FL_RW | VTD_FL_US | BIT_ULL(5);
}

/* __domain_mapping(): P, U/S, A, and R/W with D for a writable page. */
static u64 vtd_fl_mk_leaf(const struct kdump_stage *s, u64 pa,
			  unsigned int level, u32 prot)
{
	u64 pte = pa | VTD_FL_P | VTD_FL_US | BIT_ULL(5);

	if (prot & KDUMP_PROT_WRITE)
		pte |= VTD_FL_RW | BIT_ULL(6);
	if (level > 1)
		pte |= VTD_FL_PS;
	return pte;
}

const struct kdump_pt_fmt kdump_fmt_vtd_fl = {
	.name		= "vtd-fl",
	.min_levels	= 4,
	.max_levels	= 5,
	.granules	= BIT(0),
	.pte_size	= 8,
	.decode		= vtd_fl_decode,
	.mk_table	= vtd_fl_mk_table,
	.mk_leaf	= vtd_fl_mk_leaf,
};
EXPORT_SYMBOL_IF_KUNIT(kdump_fmt_vtd_fl);

/*
 * The root entry (spec section 9.2), two halves of the same shape:
 *
 *	bit 0 present (LP in the low half, UP in the high one), bits 11:1
 *	reserved, bits 63:12 the context table of device functions 0-127
 *	(LCTP) or 128-255 (UCTP); bits at or above HAW reserved.
 */
#define VTD_SM_ROOT_RSVD	GENMASK_ULL(11, 1)

/**
 * kdump_vtd_sm_root_half() - decode one half of a scalable-mode root entry
 * @c: capabilities of the unit
 * @v: the half: bits 63:0 (device functions 0-127) or 127:64 (128-255)
 * @present: set to whether the half is present
 * @ctp: set to the context table address of a present half, else 0
 *
 * Context: Any context.
 * Return: %KDUMP_OK for a valid or non-present half, %KDUMP_BAD_WIDTH if
 * @c is unusable, %KDUMP_BAD_RSVD if a present half has reserved bits.
 */
enum kdump_bad kdump_vtd_sm_root_half(const struct kdump_vtd_caps *c, u64 v,
				      bool *present, u64 *ctp)
{
	*present = v & VTD_P;
	*ctp = 0;
	if (!kdump_vtd_sm_caps_ok(c))
		return KDUMP_BAD_WIDTH;
	if (!*present)
		return KDUMP_OK;
	if (v & (VTD_SM_ROOT_RSVD | bits_from(c->haw)))
		return KDUMP_BAD_RSVD;
	*ctp = v & VTD_PTR;
	return KDUMP_OK;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_vtd_sm_root_half);

/*
 * The scalable-mode context entry (spec section 9.4), 256 bits:
 *
 *	bit 0 P, bit 1 FPD, bit 2 DTE (device TLB), bit 3 PASIDE (requests
 *	with a PASID), bit 4 PRE (page requests), bits 8:5 reserved, bits
 *	11:9 PDTS (the directory has 2^(PDTS + 7) entries), bits 63:12 the
 *	PASID directory (bits at or above HAW reserved);
 *	bits 83:64 RID_PASID (reserved unless ECAP.RPS), bit 84 RID_PRIV
 *	(never set by the driver: reserved here), bits 255:85 reserved.
 */
#define VTD_SM_CTX_RSVD_LO	GENMASK_ULL(8, 5)
#define VTD_SM_CTX_RSVD_HI	GENMASK_ULL(63, 20)

/**
 * kdump_vtd_sm_context_entry() - decode one scalable-mode context entry
 * @c: capabilities of the unit
 * @ce: the entry's four quadwords, lowest first
 * @present: set to whether the entry is present
 * @out: set to the decoded fields of a present entry
 *
 * Context: Any context.
 * Return: %KDUMP_OK for a valid or non-present entry, else
 * %KDUMP_BAD_WIDTH (unusable @c, RID_PASID beyond the directory),
 * %KDUMP_BAD_RSVD or %KDUMP_BAD_TYPE (DTE, PASIDE or PRE the unit lacks).
 */
enum kdump_bad kdump_vtd_sm_context_entry(const struct kdump_vtd_caps *c,
					  const u64 ce[4], bool *present,
					  struct kdump_vtd_sm_ctx *out)
{
	u64 lo = ce[0], hi = ce[1];

	*present = lo & VTD_P;
	*out = (struct kdump_vtd_sm_ctx){ 0 };
	if (!kdump_vtd_sm_caps_ok(c))
		return KDUMP_BAD_WIDTH;
	if (!*present)
		return KDUMP_OK;
	out->dir = lo & VTD_PTR;
	out->dir_entries = 1U << (((lo & VTD_SM_CTX_PDTS) >>
				   VTD_SM_CTX_PDTS_SHIFT) + 7);
	out->rid_pasid = hi & VTD_SM_CTX_RID_PASID;
	out->pasid_enabled = lo & VTD_SM_CTX_PASIDE;
	if (lo & VTD_CTX_FPD)
		out->flags |= KDUMP_XLATE_F_FPD;
	if (lo & VTD_SM_CTX_DTE)
		out->flags |= KDUMP_XLATE_F_ATS;
	if (lo & VTD_SM_CTX_PRE)
		out->flags |= KDUMP_XLATE_F_PRI;

	if ((lo & (VTD_SM_CTX_RSVD_LO | bits_from(c->haw))) ||
	    (hi & VTD_SM_CTX_RSVD_HI) || ce[2] || ce[3] ||
	    (out->rid_pasid && !c->rps))
		return KDUMP_BAD_RSVD;
	if (((lo & VTD_SM_CTX_DTE) && !c->dt_supported) ||
	    ((lo & VTD_SM_CTX_PASIDE) && !c->pasid) ||
	    ((lo & VTD_SM_CTX_PRE) && !c->prs))
		return KDUMP_BAD_TYPE;
	/* Requests without a PASID would find no directory entry. */
	if ((out->rid_pasid >> KDUMP_VTD_PASID_DIR_SHIFT) >= out->dir_entries)
		return KDUMP_BAD_WIDTH;
	return KDUMP_OK;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_vtd_sm_context_entry);

/*
 * A PASID directory entry (spec section 9.5), 64 bits: bit 0 P, bit 1
 * FPD, bits 11:2 reserved, bits 63:12 the PASID table (bits at or above
 * HAW reserved). The driver writes only P and the pointer.
 */
#define VTD_PDE_RSVD		GENMASK_ULL(11, 2)

/**
 * kdump_vtd_pasid_dir_entry() - decode one PASID directory entry
 * @c: capabilities of the unit
 * @v: the entry
 * @present: set to whether it is present
 * @ptbl: set to the PASID table of a present entry, else 0
 *
 * Context: Any context.
 * Return: %KDUMP_OK for a valid or non-present entry, %KDUMP_BAD_WIDTH if
 * @c is unusable, %KDUMP_BAD_RSVD if reserved bits are set.
 */
enum kdump_bad kdump_vtd_pasid_dir_entry(const struct kdump_vtd_caps *c, u64 v,
					 bool *present, u64 *ptbl)
{
	*present = v & VTD_P;
	*ptbl = 0;
	if (!kdump_vtd_sm_caps_ok(c))
		return KDUMP_BAD_WIDTH;
	if (!*present)
		return KDUMP_OK;
	if (v & (VTD_PDE_RSVD | bits_from(c->haw)))
		return KDUMP_BAD_RSVD;
	*ptbl = v & VTD_PTR;
	return KDUMP_OK;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_vtd_pasid_dir_entry);

/*
 * A PASID table entry (spec section 9.6), 512 bits, as the 6.12 driver
 * writes it (pasid.h):
 *
 * qword 0	bit 0 P, bit 1 FPD, bits 4:2 AW, bit 5 reserved, bits 8:6
 *		PGTT, bit 9 SLADE (second-stage dirty tracking), bits 11:10
 *		reserved, bits 63:12 SLPTPTR (second stage only; zero
 *		otherwise)
 * qword 1	bits 15:0 DID, bit 23 PWSNP, bit 24 PGSNP. The rest is for
 *		nested entries (memory types) or reserved: reserved here.
 * qword 2	first stage only: bit 0 SRE, bits 3:2 FLPM (0 4-level, 1
 *		5-level), bit 4 WPE, bit 7 EAFE, bits 63:12 FLPTPTR; zero
 *		otherwise. Bits 1 (ERE), 6:5 and 11:8 reserved here.
 * qwords 3-7	reserved (zero)
 */
#define VTD_PE0_RSVD		(BIT_ULL(5) | GENMASK_ULL(11, 10))
#define VTD_PE1_KNOWN		(VTD_PE_DID | VTD_PE_PWSNP | VTD_PE_PGSNP)
#define VTD_PE2_KNOWN		(VTD_PE_SRE | VTD_PE_FLPM | VTD_PE_WPE | \
				 VTD_PE_EAFE | VTD_PTR)

/**
 * kdump_vtd_pasid_entry() - decode one PASID table entry
 * @c: capabilities of the unit
 * @pe: the entry's eight quadwords, lowest first
 * @out: set to the decoded translation
 *
 * A non-present entry decodes to %KDUMP_XLATE_ABSENT_FAULT. Otherwise the
 * domain ID is recorded first (so that the caller reserves it even if the
 * entry is bad), then the entry is checked against @c. A first-stage entry
 * decodes to a &kdump_fmt_vtd_fl stage, a second-stage one to a
 * &kdump_fmt_vtd_sl stage and a pass-through one to %KDUMP_XLATE_BYPASS
 * with the shape of a confining second-stage table. The context entry's
 * flags are the caller's to add.
 *
 * Context: Any context.
 * Return: %KDUMP_OK for a valid or non-present entry, else
 * %KDUMP_BAD_WIDTH (unusable @c, AW or FLPM the unit lacks),
 * %KDUMP_BAD_RSVD, %KDUMP_BAD_TYPE (PGTT reserved, nested, or a type the
 * unit lacks) or %KDUMP_BAD_DID.
 */
enum kdump_bad kdump_vtd_pasid_entry(const struct kdump_vtd_caps *c,
				     const u64 pe[8], struct kdump_xlate *out)
{
	unsigned int pgtt = (pe[0] & VTD_PE_PGTT) >> VTD_PE_PGTT_SHIFT;
	unsigned int aw = (pe[0] & VTD_PE_AW) >> VTD_PE_AW_SHIFT;
	unsigned int flpm = (pe[2] & VTD_PE_FLPM) >> VTD_PE_FLPM_SHIFT;
	u32 did = pe[1] & VTD_PE_DID;
	u64 rsvd0 = VTD_PE0_RSVD, rsvd2 = ~VTD_PE2_KNOWN;
	unsigned int i;

	kdump_xlate_init(out, KDUMP_XLATE_ABSENT_FAULT);
	if (!kdump_vtd_sm_caps_ok(c))
		return KDUMP_BAD_WIDTH;
	if (!(pe[0] & VTD_P))
		return KDUMP_OK;

	kdump_xlate_add_tag(out, KDUMP_TAG_DOMAIN, did);
	out->perm = KDUMP_PROT_RW;
	if (pe[0] & VTD_CTX_FPD)
		out->flags |= KDUMP_XLATE_F_FPD;

	for (i = 3; i < 8; i++)
		if (pe[i])
			return KDUMP_BAD_RSVD;
	if (pe[1] & ~VTD_PE1_KNOWN)
		return KDUMP_BAD_RSVD;

	switch (pgtt) {
	case VTD_PGTT_FL:
		out->kind = KDUMP_XLATE_TRANSLATE;
		out->nr_stages = 1;
		out->stage[0] = (struct kdump_stage){
			.fmt		= &kdump_fmt_vtd_fl,
			.root		= pe[2] & VTD_PTR,
			.levels		= flpm ? 5 : 4,
			.granule_shift	= 12,
			/*
			 * Only the lower, canonical half: the driver never
			 * maps the upper half (its aperture ends below it),
			 * and the walker checks that half is empty.
			 */
			.ia_bits	= flpm ? 56 : 47,
			.oa_bits	= c->haw,
			.leaf_levels	= BIT(0) | BIT(1),
		};
		if (c->fl1gp)
			out->stage[0].leaf_levels |= BIT(2);
		/* The IOTLB tags first-stage translations with the PASID. */
		out->flags |= KDUMP_XLATE_F_PASID_TAGGED;
		/* AW is ignored for the first stage; no second-stage fields. */
		rsvd0 |= VTD_PTR | VTD_PE_SLADE;
		rsvd2 |= bits_from(c->haw);
		break;
	case VTD_PGTT_SL:
		out->kind = KDUMP_XLATE_TRANSLATE;
		out->nr_stages = 1;
		kdump_vtd_sl_stage(c, aw + 2, &out->stage[0]);
		out->stage[0].root = pe[0] & VTD_PTR;
		rsvd0 |= bits_from(c->haw);
		rsvd2 = ~0ULL;
		break;
	case VTD_PGTT_PT:
		out->kind = KDUMP_XLATE_BYPASS;
		/* Confined with a table of a type the unit has. */
		if (c->slts)
			kdump_vtd_sl_stage(c, kdump_vtd_confine_levels(c),
					   &out->stage[0]);
		else
			out->stage[0] = (struct kdump_stage){
				.fmt		= &kdump_fmt_vtd_fl,
				.levels		= 4,
				.granule_shift	= 12,
				.ia_bits	= 47,
				.oa_bits	= c->haw,
				.leaf_levels	= BIT(0) | BIT(1) |
						  (c->fl1gp ? BIT(2) : 0),
			};
		rsvd0 |= VTD_PTR | VTD_PE_SLADE;
		rsvd2 = ~0ULL;
		break;
	default:
		/* Reserved, or nested: a guest's tables, never adopted. */
		return KDUMP_BAD_TYPE;
	}

	if ((pe[0] & rsvd0) || (pe[2] & rsvd2))
		return KDUMP_BAD_RSVD;
	if ((pgtt == VTD_PGTT_FL && !c->flts) ||
	    (pgtt == VTD_PGTT_SL && !c->slts) ||
	    (pgtt == VTD_PGTT_PT && !c->pt_supported))
		return KDUMP_BAD_TYPE;
	if (did >= c->nr_dids || (!did && c->caching_mode))
		return KDUMP_BAD_DID;
	if (pgtt == VTD_PGTT_FL && (flpm > 1 || (flpm && !c->fl5lp)))
		return KDUMP_BAD_WIDTH;
	/*
	 * The driver writes the unit's AGAW in every type (see fmt_vtd.c).
	 * Only the second stage uses it: a unit with first-stage
	 * translation only may have no SAGAW bit at all, and its AGAW
	 * then comes from the first-stage widths.
	 */
	if (aw < 1 || aw > 3)
		return KDUMP_BAD_WIDTH;
	if (pgtt == VTD_PGTT_SL && !(c->sagaw & BIT(aw)))
		return KDUMP_BAD_WIDTH;
	if (out->kind == KDUMP_XLATE_BYPASS && !out->stage[0].levels)
		return KDUMP_BAD_WIDTH;
	return KDUMP_OK;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_vtd_pasid_entry);

/**
 * kdump_vtd_pasid_entry_repoint() - a PASID entry that uses a new table
 * @c: capabilities of the unit
 * @old: quadwords 0 to 2 of the validated old entry
 * @s: the capture-owned table to use instead, with its root: the shape
 *	kdump_vtd_pasid_entry() gave the old entry's translation
 * @out: set to quadwords 0 to 2 of the entry to install (3 to 7 are zero)
 *
 * Keeps the domain ID, the snoop bits, the fault processing bit and the
 * address width. A pass-through entry becomes a first- or second-stage
 * one, whichever format @s has; a first-stage entry keeps SRE, WPE and
 * EAFE, a second-stage one SLADE.
 *
 * Context: Any context.
 * Return: %KDUMP_OK, %KDUMP_BAD_WIDTH if @s has a shape the unit lacks, or
 * %KDUMP_BAD_TYPE if @s's format cannot replace the old entry's type.
 */
enum kdump_bad kdump_vtd_pasid_entry_repoint(const struct kdump_vtd_caps *c,
					     const u64 old[3],
					     const struct kdump_stage *s,
					     u64 out[3])
{
	unsigned int pgtt = (old[0] & VTD_PE_PGTT) >> VTD_PE_PGTT_SHIFT;
	u64 keep = old[0] & (VTD_P | VTD_CTX_FPD);

	if ((s->root & ~VTD_PTR) || (s->root & bits_from(c->haw)))
		return KDUMP_BAD_WIDTH;
	out[1] = old[1];
	if (s->fmt == &kdump_fmt_vtd_fl) {
		if (pgtt != VTD_PGTT_FL && pgtt != VTD_PGTT_PT)
			return KDUMP_BAD_TYPE;
		if (s->levels != 4 && (s->levels != 5 || !c->fl5lp))
			return KDUMP_BAD_WIDTH;
		out[0] = keep | (old[0] & VTD_PE_AW) |
			 ((u64)VTD_PGTT_FL << VTD_PE_PGTT_SHIFT);
		out[2] = s->root | (s->levels == 5 ? 1ULL << VTD_PE_FLPM_SHIFT : 0);
		if (pgtt == VTD_PGTT_FL)
			out[2] |= old[2] & (VTD_PE_SRE | VTD_PE_WPE | VTD_PE_EAFE);
		return KDUMP_OK;
	}
	if (s->fmt != &kdump_fmt_vtd_sl ||
	    (pgtt != VTD_PGTT_SL && pgtt != VTD_PGTT_PT))
		return KDUMP_BAD_TYPE;
	if (s->levels < 3 || s->levels > 5 || !(c->sagaw & BIT(s->levels - 2)))
		return KDUMP_BAD_WIDTH;
	out[0] = keep | s->root | ((u64)(s->levels - 2) << VTD_PE_AW_SHIFT) |
		 ((u64)VTD_PGTT_SL << VTD_PE_PGTT_SHIFT);
	if (pgtt == VTD_PGTT_SL)
		out[0] |= old[0] & VTD_PE_SLADE;
	out[2] = 0;
	return KDUMP_OK;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_vtd_pasid_entry_repoint);
