// SPDX-License-Identifier: GPL-2.0
/*
 * ARM SMMUv3 structures for the kdump IOMMU handover.
 *
 * Copyright (C) 2026 The kdump-iommu authors
 */

/**
 * DOC: kdump IOMMU handover: SMMUv3
 *
 * An SMMUv3 finds a request's configuration in its stream table, indexed
 * by stream ID: linear, or two levels where each level-1 descriptor points
 * at a level-2 table of 2^(Span - 1) stream table entries (STEs). An STE
 * aborts, bypasses, translates through stage 2 (a VMID and a stage 2 tree)
 * or through stage 1, whose context descriptors (CDs, one per substream
 * ID, in a linear or 2-level CD table) each give a stage 1 tree and an
 * ASID. This file decodes STEs and CDs into &struct kdump_xlate and walks
 * a stream table into a &struct kdump_sink; the page tables are walked by
 * the plan with kdump_pt_walk() and the formats of fmt_lpae.c.
 *
 * Checked against the SMMUv3 architecture specification (IHI 0070,
 * chapter 5, "Data structure formats") and 6.12's arm-smmu-v3.c, which
 * writes what an old kernel left (arm_smmu_make_cdtable_ste(),
 * arm_smmu_make_s2_domain_ste(), arm_smmu_make_s1_cd()).
 *
 * What is refused, per stream (the rest of the unit goes on):
 *
 * - Config 0b001..0b011 (reserved), an S1Fmt, S1DSS, EATS or IPS code
 *   that is reserved, STE bits 58:52 of word 0 or the RES0 bits around
 *   S2TTB set: %KDUMP_BAD_RSVD.
 * - Nested translation (Config 0b111), AArch32 or big-endian tables, a
 *   CD with TTB1 walks enabled or top-byte-ignore, anything in STE words
 *   4 to 7 (fields of later architecture versions that 6.12 never
 *   writes), a stage the SMMU does not implement: %KDUMP_BAD_TYPE.
 * - More substreams than IDR1.SSIDSIZE, a granule IDR5 lacks, a tree
 *   shape the architecture faults on: %KDUMP_BAD_WIDTH.
 * - An ASID or VMID beyond IDR0's width: %KDUMP_BAD_DID.
 * - A CD table outside old RAM, in capture memory, or overlapping the
 *   stream table: the stream is blocked before any of its substreams is
 *   reported. A bad level-1 descriptor blocks the stream IDs it covers.
 *
 * Only a bad STRTAB_BASE or STRTAB_BASE_CFG, or a stream table the
 * walker cannot read, is the whole unit's problem.
 *
 * Non-substream traffic uses CD 0 when S1CDMax is 0 or S1DSS says so;
 * with S1DSS "terminate" it is aborted and with "bypass" it skips stage 1.
 * Such traffic is reported without a PASID, substream n as PASID n.
 */

#include <linux/types.h>
#include <linux/bits.h>
#include <linux/bitfield.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/unaligned.h>
#include <kunit/visibility.h>

#include "fmt_lpae.h"
#include "fmt_smmuv3.h"

/**
 * kdump_smmuv3_caps_from_idr() - an SMMU's capabilities from its IDs
 * @idr0: SMMU_IDR0
 * @idr1: SMMU_IDR1
 * @idr5: SMMU_IDR5
 * @e2h: SMMU_CR2.E2H as the old kernel left it
 * @c: set to the capabilities
 *
 * Context: Any context.
 */
void kdump_smmuv3_caps_from_idr(u32 idr0, u32 idr1, u32 idr5, bool e2h,
				struct kdump_smmuv3_caps *c)
{
	*c = (struct kdump_smmuv3_caps){
		.sid_bits = FIELD_GET(SMMUV3_IDR1_SIDSIZE, idr1),
		.ssid_bits = FIELD_GET(SMMUV3_IDR1_SSIDSIZE, idr1),
		.oas = kdump_lpae_size_bits(FIELD_GET(SMMUV3_IDR5_OAS, idr5)),
		.e2h = e2h,
		.s1 = idr0 & SMMUV3_IDR0_S1P,
		.s2 = idr0 & SMMUV3_IDR0_S2P,
		/* TTF 0b10 AArch64, 0b11 both. */
		.aa64 = FIELD_GET(SMMUV3_IDR0_TTF, idr0) & 2,
		.st_2lvl = FIELD_GET(SMMUV3_IDR0_ST_LVL, idr0) == 1,
		.cd2l = idr0 & SMMUV3_IDR0_CD2L,
		.asid16 = idr0 & SMMUV3_IDR0_ASID16,
		.vmid16 = idr0 & SMMUV3_IDR0_VMID16,
	};
	/* A code 6.12 does not know (0b111: 56 bits in v3.4): 48, as it does. */
	if (!c->oas)
		c->oas = 48;
	if (idr5 & SMMUV3_IDR5_GRAN4K)
		c->granules |= BIT(0);
	if (idr5 & SMMUV3_IDR5_GRAN16K)
		c->granules |= BIT(2);
	if (idr5 & SMMUV3_IDR5_GRAN64K)
		c->granules |= BIT(4);
}
EXPORT_SYMBOL_IF_KUNIT(kdump_smmuv3_caps_from_idr);

static bool smmuv3_caps_ok(const struct kdump_smmuv3_caps *c)
{
	return c->sid_bits <= 32 && c->ssid_bits <= 20 && c->oas >= 32 &&
	       c->granules && c->aa64;
}

static unsigned int smmuv3_oa(const struct kdump_smmuv3_caps *c,
			      unsigned int code)
{
	unsigned int bits = kdump_lpae_size_bits(code);

	/* A size above the implemented one is treated as that (5.2, 5.4). */
	return bits > c->oas ? c->oas : bits;
}

/*
 * STE word 2 holds the VMID that tags stage 2 and, for an NS-EL1 stream
 * on an SMMU with stage 2, stage 1's TLB entries too (STRW 0).
 */
static enum kdump_bad smmuv3_vmid(const struct kdump_smmuv3_caps *c,
				  const u64 ste[8], struct kdump_xlate *out)
{
	u32 vmid = FIELD_GET(SMMUV3_STE_S2VMID, ste[2]);

	kdump_xlate_add_tag(out, KDUMP_TAG_VMID, vmid);
	if (vmid >= (c->vmid16 ? BIT(16) : BIT(8)))
		return KDUMP_BAD_DID;
	return KDUMP_OK;
}

static enum kdump_bad smmuv3_s2(const struct kdump_smmuv3_caps *c,
				const u64 ste[8], struct kdump_xlate *out)
{
	unsigned int g, ps = FIELD_GET(SMMUV3_STE_S2PS, ste[2]);
	struct kdump_stage *s = &out->stage[0];
	enum kdump_bad why;

	/* Hardware Access flag and dirty state (S2HA, S2HD): 6.12 never. */
	if (!(ste[2] & SMMUV3_STE_S2AA64) ||
	    (ste[2] & (SMMUV3_STE_S2ENDI | SMMUV3_STE_S2HD_HA)))
		return KDUMP_BAD_TYPE;
	if ((ste[3] & SMMUV3_STE3_RSVD) || !kdump_lpae_size_bits(ps))
		return KDUMP_BAD_RSVD;
	why = kdump_lpae_tg_shift(FIELD_GET(SMMUV3_STE_S2TG, ste[2]),
				  c->granules, &g);
	if (!why)
		why = kdump_lpae_s2_stage(g, FIELD_GET(SMMUV3_STE_S2T0SZ, ste[2]),
					  FIELD_GET(SMMUV3_STE_S2SL0, ste[2]),
					  smmuv3_oa(c, ps), s);
	if (why)
		return why;
	s->root = ste[3] & SMMUV3_STE_S2TTB;
	if (ste[2] & SMMUV3_STE_S2AFFD)
		s->flags |= KDUMP_LPAE_F_AF_OK;
	out->nr_stages = 1;
	return KDUMP_OK;
}

/**
 * kdump_smmuv3_ste() - decode one stream table entry
 * @c: capabilities of the SMMU
 * @ste: the entry, eight words in CPU order
 * @out: set to the decoded entry
 *
 * V=0 decodes to %KDUMP_XLATE_ABSENT_FAULT, Config abort to
 * %KDUMP_XLATE_ABORT, bypass to %KDUMP_XLATE_BYPASS (with the stage 1
 * shape that would confine the stream), stage 2 to a one-stage
 * translation. Stage 1 decodes to %KDUMP_XLATE_TRANSLATE with no stage
 * yet: kdump_smmuv3_cd() completes it from a CD of the table that
 * kdump_smmuv3_walk() reads. IDs are tagged before any check, so that a
 * bad entry's VMID is still reserved.
 *
 * Context: Any context.
 * Return: %KDUMP_OK or why the entry cannot be adopted (see the DOC
 * section of this file).
 */
enum kdump_bad kdump_smmuv3_ste(const struct kdump_smmuv3_caps *c,
				const u64 ste[8], struct kdump_xlate *out)
{
	unsigned int cfg = FIELD_GET(SMMUV3_STE_CFG, ste[0]);
	unsigned int eats = FIELD_GET(SMMUV3_STE_EATS, ste[1]);
	unsigned int fmt = FIELD_GET(SMMUV3_STE_S1FMT, ste[0]);
	unsigned int strw = FIELD_GET(SMMUV3_STE_STRW, ste[1]);
	enum kdump_bad why = KDUMP_OK;

	kdump_xlate_init(out, KDUMP_XLATE_ABSENT_FAULT);
	if (!smmuv3_caps_ok(c))
		return KDUMP_BAD_WIDTH;
	if (!(ste[0] & SMMUV3_STE_V))
		return KDUMP_OK;
	/* EATS only matters to a translating STE (and with IDR0.ATS). */
	if (eats && cfg > SMMUV3_STE_CFG_BYPASS)
		out->flags |= KDUMP_XLATE_F_ATS;

	switch (cfg) {
	case SMMUV3_STE_CFG_ABORT:
		out->kind = KDUMP_XLATE_ABORT;
		return KDUMP_OK;
	case SMMUV3_STE_CFG_BYPASS:
		out->kind = KDUMP_XLATE_BYPASS;
		kdump_lpae_confine_stage(c->granules, c->oas,
					 &out->stage[0]);
		return KDUMP_OK;
	case SMMUV3_STE_CFG_S1:
		out->kind = KDUMP_XLATE_TRANSLATE;
		if (c->s2 && !strw)
			why = smmuv3_vmid(c, ste, out);
		if (!c->s1 || (ste[1] & SMMUV3_STE_S1PIE))
			return KDUMP_BAD_TYPE;
		/* STRW 0bx1 is ILLEGAL for a Non-secure STE. */
		if ((ste[0] & SMMUV3_STE0_RSVD) || (strw & 1))
			return KDUMP_BAD_RSVD;
		/*
		 * EL2 without E2H ignores EPD0/EPD1 (5.4) and 6.12 uses EL2
		 * only with E2H: any other combination is a type we lack.
		 */
		if (strw == SMMUV3_STE_STRW_EL2 && !c->e2h)
			return KDUMP_BAD_TYPE;
		if (FIELD_GET(SMMUV3_STE_S1CDMAX, ste[0]) > c->ssid_bits)
			return KDUMP_BAD_WIDTH;
		/* With S1CDMax 0, S1Fmt and S1DSS are IGNORED: one CD. */
		if (!FIELD_GET(SMMUV3_STE_S1CDMAX, ste[0]))
			break;
		if (fmt == 3 || FIELD_GET(SMMUV3_STE_S1DSS, ste[1]) == 3)
			return KDUMP_BAD_RSVD;
		if (fmt != SMMUV3_STE_S1FMT_LINEAR && !c->cd2l)
			return KDUMP_BAD_TYPE;
		break;
	case SMMUV3_STE_CFG_S2:
		out->kind = KDUMP_XLATE_TRANSLATE;
		if (c->s2)
			why = smmuv3_vmid(c, ste, out);
		if (!c->s2)
			return KDUMP_BAD_TYPE;
		if (!why)
			why = smmuv3_s2(c, ste, out);
		break;
	case SMMUV3_STE_CFG_NESTED:
		out->kind = KDUMP_XLATE_TRANSLATE;
		if (c->s2)
			smmuv3_vmid(c, ste, out);
		return KDUMP_BAD_TYPE;
	default:
		out->kind = KDUMP_XLATE_ABORT;
		return KDUMP_BAD_RSVD;
	}
	if (why)
		return why;
	/* 0b10 (split-stage ATS) is ILLEGAL without nesting; 0b11 reserved. */
	if (eats >= 2)
		return KDUMP_BAD_RSVD;
	if (ste[4] | ste[5] | ste[6] | ste[7])
		return KDUMP_BAD_TYPE;
	return KDUMP_OK;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_smmuv3_ste);

/**
 * kdump_smmuv3_cd() - complete a stage 1 translation from its CD
 * @c: capabilities of the SMMU
 * @cd: the context descriptor, eight words in CPU order
 * @x: the stream's stage 1 translation from kdump_smmuv3_ste(); its kind,
 *	stage and ASID tag are set from @cd
 *
 * V=0 is %KDUMP_XLATE_ABSENT_FAULT (requests using it are terminated),
 * EPD0=1 an abort (no walk is made). The ASID is tagged before any check.
 *
 * Context: Any context.
 * Return: %KDUMP_OK or why the descriptor cannot be adopted.
 */
enum kdump_bad kdump_smmuv3_cd(const struct kdump_smmuv3_caps *c,
			       const u64 cd[8], struct kdump_xlate *x)
{
	u32 asid = FIELD_GET(SMMUV3_CD_ASID, cd[0]);
	unsigned int g, ips = FIELD_GET(SMMUV3_CD_IPS, cd[0]);
	struct kdump_stage *s = &x->stage[0];
	enum kdump_bad why;

	x->nr_stages = 0;
	if (!(cd[0] & SMMUV3_CD_V)) {
		x->kind = KDUMP_XLATE_ABSENT_FAULT;
		return KDUMP_OK;
	}
	x->kind = KDUMP_XLATE_TRANSLATE;
	kdump_xlate_add_tag(x, KDUMP_TAG_ASID, asid);
	if (asid >= (c->asid16 ? BIT(16) : BIT(8)))
		return KDUMP_BAD_DID;
	/*
	 * Word 2 is TTB1 and permission indirection (PIE), words 4-7 hold
	 * AMAIR, IMPDEF and the PIIU/PIIP indirection tables: 6.12 writes
	 * none of them (word 3 is MAIR). Anything there is a type we lack.
	 */
	if (!(cd[0] & SMMUV3_CD_AA64) || (cd[0] & (SMMUV3_CD_ENDI |
						   SMMUV3_CD_TBI)) ||
	    !(cd[0] & SMMUV3_CD_EPD1) || cd[2] || cd[4] || cd[5] || cd[6] ||
	    cd[7])
		return KDUMP_BAD_TYPE;
	if (cd[0] & SMMUV3_CD_EPD0) {
		x->kind = KDUMP_XLATE_ABORT;
		return KDUMP_OK;
	}
	if (!kdump_lpae_size_bits(ips))
		return KDUMP_BAD_RSVD;
	why = kdump_lpae_tg_shift(FIELD_GET(SMMUV3_CD_TG0, cd[0]), c->granules,
				  &g);
	if (!why)
		why = kdump_lpae_s1_stage(g, FIELD_GET(SMMUV3_CD_T0SZ, cd[0]),
					  smmuv3_oa(c, ips), s);
	if (why)
		return why;
	s->root = cd[1] & SMMUV3_CD_TTB0;
	/* AFFD: AF counts as 1; HA: the SMMU sets it. Either way it maps. */
	if (cd[0] & (SMMUV3_CD_HA | SMMUV3_CD_AFFD))
		s->flags |= KDUMP_LPAE_F_AF_OK;
	if ((cd[0] & (SMMUV3_CD_HA | SMMUV3_CD_HD)) ==
	    (SMMUV3_CD_HA | SMMUV3_CD_HD))
		s->flags |= KDUMP_LPAE_F_HD;
	x->nr_stages = 1;
	return KDUMP_OK;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_smmuv3_cd);
