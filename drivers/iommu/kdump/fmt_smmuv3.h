/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ARM SMMUv3 structures (fmt_smmuv3.c): stream table entries, context
 * descriptors and the stream-table walker, into the vocabulary of kdump.h.
 */
#ifndef __DRIVERS_IOMMU_KDUMP_FMT_SMMUV3_H
#define __DRIVERS_IOMMU_KDUMP_FMT_SMMUV3_H

#include "kdump.h"

/* Register fields (the 6.12 driver's names, arm-smmu-v3.h). */
#define SMMUV3_IDR0_S2P			BIT(0)
#define SMMUV3_IDR0_S1P			BIT(1)
#define SMMUV3_IDR0_TTF			GENMASK(3, 2)
#define SMMUV3_IDR0_ATS			BIT(10)
#define SMMUV3_IDR0_ASID16		BIT(12)
#define SMMUV3_IDR0_VMID16		BIT(18)
#define SMMUV3_IDR0_CD2L		BIT(19)
#define SMMUV3_IDR0_ST_LVL		GENMASK(28, 27)
#define SMMUV3_IDR1_SIDSIZE		GENMASK(5, 0)
#define SMMUV3_IDR1_SSIDSIZE		GENMASK(10, 6)
#define SMMUV3_IDR5_OAS			GENMASK(2, 0)
#define SMMUV3_IDR5_GRAN4K		BIT(4)
#define SMMUV3_IDR5_GRAN16K		BIT(5)
#define SMMUV3_IDR5_GRAN64K		BIT(6)

#define SMMUV3_STRTAB_BASE_RA		BIT_ULL(62)
#define SMMUV3_STRTAB_BASE_ADDR		GENMASK_ULL(51, 6)
#define SMMUV3_STRTAB_CFG_LOG2SIZE	GENMASK(5, 0)
#define SMMUV3_STRTAB_CFG_SPLIT		GENMASK(10, 6)
#define SMMUV3_STRTAB_CFG_FMT		GENMASK(17, 16)
#define SMMUV3_STRTAB_CFG_FMT_2LVL	1

#define SMMUV3_L1_SPAN			GENMASK_ULL(4, 0)
#define SMMUV3_L1_L2PTR			GENMASK_ULL(51, 6)

#define SMMUV3_STE_V			BIT_ULL(0)
#define SMMUV3_STE_CFG			GENMASK_ULL(3, 1)
#define SMMUV3_STE_CFG_ABORT		0
#define SMMUV3_STE_CFG_BYPASS		4
#define SMMUV3_STE_CFG_S1		5
#define SMMUV3_STE_CFG_S2		6
#define SMMUV3_STE_CFG_NESTED		7
#define SMMUV3_STE_S1FMT		GENMASK_ULL(5, 4)
#define SMMUV3_STE_S1FMT_LINEAR		0
#define SMMUV3_STE_S1FMT_4K_L2		1
#define SMMUV3_STE_S1FMT_64K_L2		2
#define SMMUV3_STE_S1CTXPTR		GENMASK_ULL(51, 6)
#define SMMUV3_STE0_RSVD		GENMASK_ULL(58, 52)
#define SMMUV3_STE_S1CDMAX		GENMASK_ULL(63, 59)
#define SMMUV3_STE_S1DSS		GENMASK_ULL(1, 0)
#define SMMUV3_STE_S1DSS_TERMINATE	0
#define SMMUV3_STE_S1DSS_BYPASS		1
#define SMMUV3_STE_S1DSS_SSID0		2
#define SMMUV3_STE_EATS			GENMASK_ULL(29, 28)
#define SMMUV3_STE_S1PIE		BIT_ULL(24)
#define SMMUV3_STE_STRW			GENMASK_ULL(31, 30)
#define SMMUV3_STE_STRW_EL2		2
#define SMMUV3_STE_S2VMID		GENMASK_ULL(15, 0)
#define SMMUV3_STE_S2T0SZ		GENMASK_ULL(37, 32)
#define SMMUV3_STE_S2SL0		GENMASK_ULL(39, 38)
#define SMMUV3_STE_S2TG			GENMASK_ULL(47, 46)
#define SMMUV3_STE_S2PS			GENMASK_ULL(50, 48)
#define SMMUV3_STE_S2AA64		BIT_ULL(51)
#define SMMUV3_STE_S2ENDI		BIT_ULL(52)
#define SMMUV3_STE_S2AFFD		BIT_ULL(53)
#define SMMUV3_STE_S2HD_HA		GENMASK_ULL(56, 55)
#define SMMUV3_STE_S2TTB		GENMASK_ULL(51, 4)
#define SMMUV3_STE3_RSVD		(GENMASK_ULL(63, 52) | GENMASK_ULL(3, 0))

#define SMMUV3_CD_T0SZ			GENMASK_ULL(5, 0)
#define SMMUV3_CD_TG0			GENMASK_ULL(7, 6)
#define SMMUV3_CD_EPD0			BIT_ULL(14)
#define SMMUV3_CD_ENDI			BIT_ULL(15)
#define SMMUV3_CD_EPD1			BIT_ULL(30)
#define SMMUV3_CD_V			BIT_ULL(31)
#define SMMUV3_CD_IPS			GENMASK_ULL(34, 32)
#define SMMUV3_CD_AFFD			BIT_ULL(35)
#define SMMUV3_CD_TBI			GENMASK_ULL(39, 38)
#define SMMUV3_CD_AA64			BIT_ULL(41)
#define SMMUV3_CD_HD			BIT_ULL(42)
#define SMMUV3_CD_HA			BIT_ULL(43)
#define SMMUV3_CD_ASID			GENMASK_ULL(63, 48)
#define SMMUV3_CD_TTB0			GENMASK_ULL(51, 4)
#define SMMUV3_CD_IR0			GENMASK_ULL(9, 8)
#define SMMUV3_CD_OR0			GENMASK_ULL(11, 10)
#define SMMUV3_CD_SH0			GENMASK_ULL(13, 12)
#define SMMUV3_CD_R			BIT_ULL(45)
#define SMMUV3_CD_A			BIT_ULL(46)
#define SMMUV3_CD_ASET			BIT_ULL(47)
#define SMMUV3_STE_S1CIR		GENMASK_ULL(3, 2)
#define SMMUV3_STE_S1COR		GENMASK_ULL(5, 4)
#define SMMUV3_STE_S1CSH		GENMASK_ULL(7, 6)
#define SMMUV3_STE_S1STALLD		BIT_ULL(27)
#define SMMUV3_L1CD_V			BIT_ULL(0)
#define SMMUV3_L1CD_L2PTR		GENMASK_ULL(51, 12)
#define SMMUV3_L1CD_RSVD		(GENMASK_ULL(63, 52) | GENMASK_ULL(11, 1))

#define KDUMP_SMMUV3_STE_SIZE		64
#define KDUMP_SMMUV3_CD_SIZE		64

/**
 * struct kdump_smmuv3_caps - what one SMMUv3 implements (its ID registers)
 * @sid_bits: stream ID bits (IDR1.SIDSIZE)
 * @ssid_bits: substream ID bits (IDR1.SSIDSIZE)
 * @oas: output address bits (IDR5.OAS)
 * @granules: translation granules, a mask of BIT(shift - 12)
 * @s1: stage 1 translation (IDR0.S1P)
 * @s2: stage 2 translation (IDR0.S2P)
 * @aa64: AArch64 table format (IDR0.TTF)
 * @st_2lvl: 2-level stream tables (IDR0.ST_LVL)
 * @cd2l: 2-level context descriptor tables (IDR0.CD2L)
 * @asid16: 16-bit ASIDs, else 8 (IDR0.ASID16)
 * @vmid16: 16-bit VMIDs, else 8 (IDR0.VMID16)
 * @e2h: EL2 streams use the EL2-E2H regime (SMMU_CR2.E2H, as the old
 *	kernel left it: the capture kernel keeps CR2)
 */
struct kdump_smmuv3_caps {
	u8 sid_bits;
	u8 ssid_bits;
	u8 oas;
	u8 granules;
	bool s1;
	bool s2;
	bool aa64;
	bool st_2lvl;
	bool cd2l;
	bool asid16;
	bool vmid16;
	bool e2h;
};

void kdump_smmuv3_caps_from_idr(u32 idr0, u32 idr1, u32 idr5, bool e2h,
				struct kdump_smmuv3_caps *c);
enum kdump_bad kdump_smmuv3_ste(const struct kdump_smmuv3_caps *c,
				const u64 ste[8], struct kdump_xlate *out);
enum kdump_bad kdump_smmuv3_cd(const struct kdump_smmuv3_caps *c,
			       const u64 cd[8], struct kdump_xlate *x);
/* Entry writers (write.c). */
void kdump_smmuv3_ste_block(const struct kdump_writer *w, u64 *entry,
			    u64 block_cd);
int kdump_smmuv3_ste_repoint(const struct kdump_writer *w, u64 *entry,
			     u64 s2_root, u64 cd);
int kdump_smmuv3_cd_confine(const struct kdump_stage *s, u16 asid,
			    u64 cd[8]);
int kdump_smmuv3_ste_confine(const struct kdump_writer *w, u64 *entry,
			     u64 cd, bool el2, bool stalld);

#endif /* __DRIVERS_IOMMU_KDUMP_FMT_SMMUV3_H */
