/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VT-d side of the kdump IOMMU handover (drivers/iommu/intel/kdump.c).
 */
#ifndef __INTEL_IOMMU_KDUMP_H
#define __INTEL_IOMMU_KDUMP_H

#include <linux/iommu-kdump.h>

struct context_entry;
struct device;
struct intel_iommu;

#ifdef CONFIG_KDUMP_ACCEPT_ACTIVE_IOMMU
bool intel_kdump_override_off(bool no_iommu);
void intel_kdump_follow_mode(void);
int intel_kdump_adopt(struct intel_iommu *iommu);
bool intel_kdump_keep_enabled(struct intel_iommu *iommu);
bool intel_kdump_unignore(struct intel_iommu *iommu);
bool intel_kdump_handed_over(struct intel_iommu *iommu);
bool intel_kdump_frozen(struct intel_iommu *iommu);
bool intel_kdump_skip_root(struct intel_iommu *iommu);
void intel_kdump_probe(struct intel_iommu *iommu, struct device *dev, u8 bus,
		       u8 devfn);
int intel_kdump_replace_context(struct intel_iommu *iommu,
				struct context_entry *live,
				const struct context_entry *new, u8 bus,
				u8 devfn);
int intel_kdump_sm_attached(struct intel_iommu *iommu, struct device *dev);
bool intel_kdump_fault(struct intel_iommu *iommu, u16 source_id, u32 pasid);
void intel_kdump_faults_ready(struct intel_iommu *iommu);
#else
static inline bool intel_kdump_override_off(bool no_iommu)
{
	return false;
}

static inline void intel_kdump_follow_mode(void)
{
}

static inline int intel_kdump_adopt(struct intel_iommu *iommu)
{
	return -EOPNOTSUPP;
}

static inline bool intel_kdump_keep_enabled(struct intel_iommu *iommu)
{
	return false;
}

static inline bool intel_kdump_unignore(struct intel_iommu *iommu)
{
	return false;
}

static inline bool intel_kdump_handed_over(struct intel_iommu *iommu)
{
	return false;
}

static inline bool intel_kdump_frozen(struct intel_iommu *iommu)
{
	return false;
}

static inline bool intel_kdump_skip_root(struct intel_iommu *iommu)
{
	return false;
}

static inline void intel_kdump_probe(struct intel_iommu *iommu,
				     struct device *dev, u8 bus, u8 devfn)
{
}

static inline int intel_kdump_replace_context(struct intel_iommu *iommu,
					      struct context_entry *live,
					      const struct context_entry *new,
					      u8 bus, u8 devfn)
{
	return -EOPNOTSUPP;
}

static inline int intel_kdump_sm_attached(struct intel_iommu *iommu,
					  struct device *dev)
{
	return 0;
}

static inline bool intel_kdump_fault(struct intel_iommu *iommu, u16 source_id,
				     u32 pasid)
{
	return false;
}

static inline void intel_kdump_faults_ready(struct intel_iommu *iommu)
{
}
#endif

#endif /* __INTEL_IOMMU_KDUMP_H */
