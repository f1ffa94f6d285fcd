/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SMMUv3 stream-table walker (fmt_smmuv3_walk.c).
 */
#ifndef __DRIVERS_IOMMU_KDUMP_FMT_SMMUV3_WALK_H
#define __DRIVERS_IOMMU_KDUMP_FMT_SMMUV3_WALK_H

#include "fmt_smmuv3.h"

/*
 * Scratch for kdump_smmuv3_walk(): a page each of STEs, CDs, L1 CD and L1
 * stream table descriptors.
 */
#define KDUMP_SMMUV3_SCRATCH_SIZE	(4 * 4096)

/**
 * struct kdump_smmuv3_stats - what kdump_smmuv3_walk() saw
 * @l2_tables: level-2 stream tables with a valid descriptor
 * @l2_blocked: such tables that were bad (their stream IDs blocked)
 * @streams: valid STEs
 * @streams_blocked: valid STEs whose own state was bad (the STE or its CD
 *	table)
 * @cds: valid context descriptors reported
 * @cds_blocked: such descriptors that were bad
 */
struct kdump_smmuv3_stats {
	unsigned int l2_tables;
	unsigned int l2_blocked;
	unsigned int streams;
	unsigned int streams_blocked;
	unsigned int cds;
	unsigned int cds_blocked;
};

enum kdump_bad kdump_smmuv3_walk(const struct kdump_oldmem *m,
				 const struct kdump_smmuv3_caps *c,
				 u64 strtab_base, u32 strtab_cfg,
				 void *scratch, const struct kdump_sink *sink,
				 struct kdump_smmuv3_stats *st);

#endif /* __DRIVERS_IOMMU_KDUMP_FMT_SMMUV3_WALK_H */
