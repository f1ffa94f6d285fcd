/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ARM SMMUv1/v2 (arm-smmu, MMU-500) state for the kdump IOMMU handover
 * (fmt_smmuv2.c): stream-match entries and context banks, read from
 * registers, into the vocabulary of kdump.h.
 */
#ifndef __DRIVERS_IOMMU_KDUMP_FMT_SMMUV2_H
#define __DRIVERS_IOMMU_KDUMP_FMT_SMMUV2_H

#include "kdump.h"

/* Register fields (the 6.12 driver's names, arm-smmu.h). */
#define SMMUV2_SCR0_CLIENTPD		BIT(0)
#define SMMUV2_ID0_EXIDS		BIT(8)
#define SMMUV2_ID0_NUMSMRG		GENMASK(7, 0)
#define SMMUV2_ID0_SMS			BIT(27)
#define SMMUV2_ID0_S2TS			BIT(29)
#define SMMUV2_ID0_S1TS			BIT(30)
#define SMMUV2_ID1_NUMCB		GENMASK(7, 0)
#define SMMUV2_ID2_IAS			GENMASK(3, 0)
#define SMMUV2_ID2_OAS			GENMASK(7, 4)
#define SMMUV2_ID2_PTFS_4K		BIT(12)
#define SMMUV2_ID2_PTFS_16K		BIT(13)
#define SMMUV2_ID2_PTFS_64K		BIT(14)
#define SMMUV2_ID2_VMID16		BIT(15)
#define SMMUV2_SMR_VALID		BIT(31)
#define SMMUV2_SMR_MASK			GENMASK(31, 16)
#define SMMUV2_SMR_ID			GENMASK(15, 0)
#define SMMUV2_S2CR_TYPE		GENMASK(17, 16)
#define SMMUV2_S2CR_TYPE_TRANS		0
#define SMMUV2_S2CR_TYPE_BYPASS		1
#define SMMUV2_S2CR_TYPE_FAULT		2
#define SMMUV2_S2CR_EXIDVALID		BIT(10)
#define SMMUV2_S2CR_CBNDX		GENMASK(7, 0)
#define SMMUV2_CBAR_TYPE		GENMASK(17, 16)
#define SMMUV2_CBAR_TYPE_S2		0
#define SMMUV2_CBAR_TYPE_S1		1
#define SMMUV2_CBAR_TYPE_S1_S2_FAULT	2
#define SMMUV2_CBAR_TYPE_NESTED		3
#define SMMUV2_CBAR_VMID		GENMASK(7, 0)
#define SMMUV2_CBA2R_VA64		BIT(0)
#define SMMUV2_CBA2R_VMID16		GENMASK(31, 16)
#define SMMUV2_SCTLR_M			BIT(0)
#define SMMUV2_SCTLR_E			BIT(4)
#define SMMUV2_TCR_T0SZ			GENMASK(5, 0)
#define SMMUV2_TCR_SL0			GENMASK(7, 6)
#define SMMUV2_TCR_EPD0			BIT(7)
#define SMMUV2_TCR_TG0			GENMASK(15, 14)
#define SMMUV2_TCR_PS			GENMASK(18, 16)
#define SMMUV2_TCR_EPD1			BIT(23)
#define SMMUV2_TCR2_PASIZE		GENMASK(3, 0)
#define SMMUV2_TCR2_AS			BIT(4)
#define SMMUV2_TCR2_TBI			GENMASK(6, 5)
#define SMMUV2_TTBR_ASID		GENMASK_ULL(63, 48)
#define SMMUV2_TTBR_ADDR		GENMASK_ULL(47, 4)

/**
 * enum kdump_smmuv2_reg - the registers the decoder reads
 * @KDUMP_SMMUV2_SMR: stream match register @idx (GR0)
 * @KDUMP_SMMUV2_S2CR: stream-to-context register @idx (GR0)
 * @KDUMP_SMMUV2_CBAR: context bank attribute register @idx (GR1)
 * @KDUMP_SMMUV2_CBA2R: its extension @idx (GR1)
 * @KDUMP_SMMUV2_SCTLR: context bank @idx's SCTLR
 * @KDUMP_SMMUV2_TCR: context bank @idx's TCR (VTCR format for stage 2)
 * @KDUMP_SMMUV2_TCR2: context bank @idx's TCR2
 * @KDUMP_SMMUV2_TTBR0: context bank @idx's TTBR0 (VTTBR for stage 2)
 */
enum kdump_smmuv2_reg {
	KDUMP_SMMUV2_SMR,
	KDUMP_SMMUV2_S2CR,
	KDUMP_SMMUV2_CBAR,
	KDUMP_SMMUV2_CBA2R,
	KDUMP_SMMUV2_SCTLR,
	KDUMP_SMMUV2_TCR,
	KDUMP_SMMUV2_TCR2,
	KDUMP_SMMUV2_TTBR0,
};

/**
 * struct kdump_smmuv2_regs - how the decoder reads the old state
 * @read: the value of register @reg number @idx (32 bits zero-extended,
 *	or TTBR0's 64); the decoder asks only for indices below the
 *	capabilities' counts
 * @ctx: passed to @read
 *
 * SMMUv2 keeps its translation state in registers, not memory tables:
 * whatever reads them (the driver, or a register model in the tests) is
 * behind this one callback.
 */
struct kdump_smmuv2_regs {
	u64 (*read)(void *ctx, enum kdump_smmuv2_reg reg, u32 idx);
	void *ctx;
};

/**
 * struct kdump_smmuv2_caps - what one SMMUv2 implements (ID0..ID2)
 * @nr_sme: stream-match entries (ID0.NUMSMRG), at most 128
 * @nr_cb: context banks (ID1.NUMCB), at most 128
 * @exids: 16-bit stream IDs, SMR valid bits in S2CR.EXIDVALID (ID0.EXIDS)
 * @s1: stage 1 (ID0.S1TS)
 * @s2: stage 2 (ID0.S2TS)
 * @vmid16: 16-bit VMIDs (ID2.VMID16)
 * @ias: stage 2 input bits (ID2.IAS)
 * @oas: output bits (ID2.OAS)
 * @granules: AArch64 granules, a mask of BIT(shift - 12) (ID2.PTFS_*)
 */
struct kdump_smmuv2_caps {
	u32 nr_sme;
	u32 nr_cb;
	bool exids;
	bool s1;
	bool s2;
	bool vmid16;
	u8 ias;
	u8 oas;
	u8 granules;
};

/**
 * struct kdump_smmuv2_stats - what kdump_smmuv2_walk() saw
 * @smes: valid stream-match entries
 * @smes_blocked: such entries that were bad (or conflicting)
 * @sids: stream IDs reported (an entry matches 2^(mask bits) of them)
 */
struct kdump_smmuv2_stats {
	unsigned int smes;
	unsigned int smes_blocked;
	unsigned int sids;
};

void kdump_smmuv2_caps_from_idr(u32 id0, u32 id1, u32 id2,
				struct kdump_smmuv2_caps *c);
enum kdump_bad kdump_smmuv2_walk(const struct kdump_smmuv2_regs *r,
				 const struct kdump_smmuv2_caps *c, u32 scr0,
				 const struct kdump_sink *sink,
				 struct kdump_smmuv2_stats *st);

#endif /* __DRIVERS_IOMMU_KDUMP_FMT_SMMUV2_H */
