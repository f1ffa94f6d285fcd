/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SMMUv3 side of the kdump IOMMU handover (kdump.c). Built into the
 * driver only when both are built in: the handover core is not a module.
 */
#ifndef _ARM_SMMU_V3_KDUMP_H
#define _ARM_SMMU_V3_KDUMP_H

#include <linux/types.h>

struct arm_smmu_device;
struct device;

#if IS_ENABLED(CONFIG_KDUMP_ACCEPT_ACTIVE_IOMMU) && IS_BUILTIN(CONFIG_ARM_SMMU_V3)
int arm_smmu_kdump_init_strtab(struct arm_smmu_device *smmu);
bool arm_smmu_kdump_adopted(struct arm_smmu_device *smmu);
void arm_smmu_kdump_publish(struct arm_smmu_device *smmu);
void arm_smmu_kdump_probe(struct arm_smmu_device *smmu, struct device *dev,
			  const u32 *sids, unsigned int nr);
bool arm_smmu_kdump_fault(struct arm_smmu_device *smmu, const u64 *evt);
/* In arm-smmu-v3.c: CFGI_STE of @sid, a full TLB invalidation, CMD_SYNC. */
void arm_smmu_kdump_sync_ste(struct arm_smmu_device *smmu, u32 sid);
#else
static inline int arm_smmu_kdump_init_strtab(struct arm_smmu_device *smmu)
{
	return 0;
}

static inline bool arm_smmu_kdump_adopted(struct arm_smmu_device *smmu)
{
	return false;
}

static inline void arm_smmu_kdump_publish(struct arm_smmu_device *smmu)
{
}

static inline void arm_smmu_kdump_probe(struct arm_smmu_device *smmu,
					struct device *dev, const u32 *sids,
					unsigned int nr)
{
}

static inline bool arm_smmu_kdump_fault(struct arm_smmu_device *smmu,
					const u64 *evt)
{
	return false;
}
#endif

#endif /* _ARM_SMMU_V3_KDUMP_H */
