/* SPDX-License-Identifier: GPL-2.0 */
/*
 * AMD-Vi side of the kdump IOMMU handover (drivers/iommu/amd/kdump.c).
 */
#ifndef __AMD_IOMMU_KDUMP_H
#define __AMD_IOMMU_KDUMP_H

#include <linux/iommu-kdump.h>

struct amd_iommu;
struct dev_table_entry;
struct device;

#ifdef CONFIG_KDUMP_ACCEPT_ACTIVE_IOMMU
#include "../kdump/fmt_amd.h"

bool amd_kdump_override_off(bool disabled, bool no_iommu);
bool amd_kdump_adopt(void);
bool amd_kdump_keep_enabled(void);
void amd_kdump_probe(struct amd_iommu *iommu, struct device *dev, u16 devid);
bool amd_kdump_publish_dte(struct amd_iommu *iommu, u16 devid,
			   struct dev_table_entry *live, u64 data0, u64 data1);
bool amd_kdump_fault(struct amd_iommu *iommu, u16 devid);
void amd_iommu_kdump_inval(struct amd_iommu *iommu, unsigned int what,
			   u32 domid, u16 devid);
#else
static inline bool amd_kdump_override_off(bool disabled, bool no_iommu)
{
	return false;
}

static inline bool amd_kdump_adopt(void)
{
	return false;
}

static inline bool amd_kdump_keep_enabled(void)
{
	return false;
}

static inline void amd_kdump_probe(struct amd_iommu *iommu,
				   struct device *dev, u16 devid)
{
}

static inline bool amd_kdump_publish_dte(struct amd_iommu *iommu, u16 devid,
					 struct dev_table_entry *live,
					 u64 data0, u64 data1)
{
	return false;
}

static inline bool amd_kdump_fault(struct amd_iommu *iommu, u16 devid)
{
	return false;
}
#endif

#endif /* __AMD_IOMMU_KDUMP_H */
