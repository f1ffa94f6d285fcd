/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ARM LPAE (VMSAv8-64) stage 1 and stage 2 page tables (fmt_lpae.c), as
 * the SMMUs use them.
 */
#ifndef __DRIVERS_IOMMU_KDUMP_FMT_LPAE_H
#define __DRIVERS_IOMMU_KDUMP_FMT_LPAE_H

#include "kdump.h"

/* &kdump_stage.flags of an LPAE stage. */
#define KDUMP_LPAE_F_AF_OK	BIT(0)	/* AF=0 does not fault (HA, S2AFFD) */
#define KDUMP_LPAE_F_HD		BIT(1)	/* hardware dirty state (DBM) on */

/* Widest output this decoder handles: the 52-bit forms are not parsed. */
#define KDUMP_LPAE_MAX_OA	48

extern const struct kdump_pt_fmt kdump_fmt_lpae_s1;
extern const struct kdump_pt_fmt kdump_fmt_lpae_s2;

unsigned int kdump_lpae_size_bits(unsigned int code);
enum kdump_bad kdump_lpae_tg_shift(unsigned int tg, unsigned int granules,
				   unsigned int *shift);
enum kdump_bad kdump_lpae_s1_stage(unsigned int granule_shift,
				   unsigned int tsz, unsigned int oa_bits,
				   struct kdump_stage *s);
void kdump_lpae_confine_stage(u8 granules, unsigned int oas,
			      struct kdump_stage *s);
enum kdump_bad kdump_lpae_s2_stage(unsigned int granule_shift,
				   unsigned int tsz, unsigned int sl0,
				   unsigned int oa_bits,
				   struct kdump_stage *s);

#endif /* __DRIVERS_IOMMU_KDUMP_FMT_LPAE_H */
