/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SMMUv1/v2 side of the kdump IOMMU handover (arm-smmu-kdump.c).
 *
 * Copyright (C) 2026 The kdump-iommu authors
 */
#ifndef _ARM_SMMU_KDUMP_H
#define _ARM_SMMU_KDUMP_H

#include <linux/irqreturn.h>
#include <linux/types.h>

#include "arm-smmu.h"

struct device;

#if IS_ENABLED(CONFIG_KDUMP_ACCEPT_ACTIVE_IOMMU) && IS_BUILTIN(CONFIG_ARM_SMMU)
int arm_smmu_v2_kdump_init(struct arm_smmu_device *smmu);
bool arm_smmu_v2_kdump_adopted(struct arm_smmu_device *smmu);
bool arm_smmu_v2_kdump_kept_sme(struct arm_smmu_device *smmu, int idx);
bool arm_smmu_v2_kdump_kept_cb(struct arm_smmu_device *smmu, int idx);
void arm_smmu_v2_kdump_probe(struct arm_smmu_device *smmu, struct device *dev,
			     const u32 *ids, unsigned int nr);
bool arm_smmu_v2_kdump_global_fault(struct arm_smmu_device *smmu, u32 gfsr,
				    u32 gfsynr1);
bool arm_smmu_v2_kdump_take_sme(struct arm_smmu_device *smmu, int idx);
bool arm_smmu_v2_kdump_put_sme(struct arm_smmu_device *smmu, int idx);
bool arm_smmu_v2_kdump_install_s2cr(struct arm_smmu_device *smmu, int idx,
				    enum arm_smmu_s2cr_type type, u8 cbndx);
struct arm_smmu_device *arm_smmu_v2_kdump_finalise_early(struct device *dev);
void arm_smmu_v2_kdump_wait_bank(struct arm_smmu_device *smmu,
				 struct arm_smmu_domain *smmu_domain, int sme);
void arm_smmu_v2_kdump_domain_free(struct arm_smmu_domain *smmu_domain);
bool arm_smmu_v2_kdump_refuse_attach(struct arm_smmu_domain *smmu_domain,
				     struct arm_smmu_device *smmu);
void arm_smmu_v2_kdump_bank_freed(struct arm_smmu_device *smmu);

/* In arm-smmu.c, for arm-smmu-kdump.c. */
void arm_smmu_v2_kdump_write_s2cr(struct arm_smmu_device *smmu, int idx);
void arm_smmu_v2_kdump_reset_s2cr(struct arm_smmu_device *smmu, int idx);
void arm_smmu_v2_kdump_free_sme(struct arm_smmu_device *smmu, int idx);
void arm_smmu_v2_kdump_sync_global(struct arm_smmu_device *smmu);
void arm_smmu_v2_kdump_sync_context(struct arm_smmu_device *smmu, int idx);
int arm_smmu_v2_kdump_setup_domain(struct arm_smmu_domain *smmu_domain,
				   struct arm_smmu_device *smmu);
#if IS_ENABLED(CONFIG_KUNIT)
irqreturn_t arm_smmu_v2_kdump_context_fault(int irq, void *arg);
void arm_smmu_v2_kdump_flush(struct arm_smmu_device *smmu);
#endif
#else
static inline int arm_smmu_v2_kdump_init(struct arm_smmu_device *smmu)
{
	return 0;
}

static inline bool arm_smmu_v2_kdump_adopted(struct arm_smmu_device *smmu)
{
	return false;
}

static inline bool arm_smmu_v2_kdump_kept_sme(struct arm_smmu_device *smmu,
					      int idx)
{
	return false;
}

static inline bool arm_smmu_v2_kdump_kept_cb(struct arm_smmu_device *smmu,
					     int idx)
{
	return false;
}

static inline void arm_smmu_v2_kdump_probe(struct arm_smmu_device *smmu,
					   struct device *dev, const u32 *ids,
					   unsigned int nr)
{
}

static inline bool arm_smmu_v2_kdump_global_fault(struct arm_smmu_device *smmu,
						  u32 gfsr, u32 gfsynr1)
{
	return false;
}

static inline bool arm_smmu_v2_kdump_take_sme(struct arm_smmu_device *smmu,
					      int idx)
{
	return false;
}

static inline bool arm_smmu_v2_kdump_put_sme(struct arm_smmu_device *smmu,
					     int idx)
{
	return false;
}

static inline bool
arm_smmu_v2_kdump_install_s2cr(struct arm_smmu_device *smmu, int idx,
			       enum arm_smmu_s2cr_type type, u8 cbndx)
{
	return false;
}

static inline struct arm_smmu_device *
arm_smmu_v2_kdump_finalise_early(struct device *dev)
{
	return NULL;
}

static inline void
arm_smmu_v2_kdump_wait_bank(struct arm_smmu_device *smmu,
			    struct arm_smmu_domain *smmu_domain, int sme)
{
}

static inline void
arm_smmu_v2_kdump_domain_free(struct arm_smmu_domain *smmu_domain)
{
}

static inline bool
arm_smmu_v2_kdump_refuse_attach(struct arm_smmu_domain *smmu_domain,
				struct arm_smmu_device *smmu)
{
	return false;
}

static inline void arm_smmu_v2_kdump_bank_freed(struct arm_smmu_device *smmu)
{
}
#endif

#endif /* _ARM_SMMU_KDUMP_H */
