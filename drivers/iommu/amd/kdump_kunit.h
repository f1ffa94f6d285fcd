/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What amd/kdump.c shows its KUnit test (kdump_kunit.c) and nobody else.
 */
#ifndef __AMD_IOMMU_KDUMP_KUNIT_H
#define __AMD_IOMMU_KDUMP_KUNIT_H

#include <linux/iommu-kdump.h>

#include "../kdump/validate.h"

struct amd_iommu;
struct amd_iommu_pci_seg;
struct amd_kdump;
struct iommu_kdump_unit;

/* One segment's walk (amd_kdump_adopt_seg()). */
struct amd_kdump_walk {
	struct amd_iommu_pci_seg *seg;
	struct iommu_kdump_runs runs;
	unsigned int outside;
	unsigned int copied;
	u64 copy_ns;
};

#if IS_ENABLED(CONFIG_KUNIT)
struct amd_kdump *amd_kdump_new(struct amd_iommu *iommu);
void amd_kdump_forget(struct amd_iommu *iommu);
struct iommu_kdump_unit *amd_kdump_unit_of(struct amd_iommu *iommu);
int amd_kdump_walk_dev(void *arg, u16 devid, const u64 *old,
		       const struct kdump_xlate *x, enum kdump_bad why,
		       const struct kdump_walk_stats *st);
void amd_kdump_block_table(struct amd_iommu_pci_seg *seg);
#endif

#endif /* __AMD_IOMMU_KDUMP_KUNIT_H */
