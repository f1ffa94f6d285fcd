/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where the IOMMU core (drivers/iommu/iommu.c) calls the kdump handover:
 * every change of a device's translation. Implemented in device.c, group.c
 * and domain.c; empty without CONFIG_KDUMP_ACCEPT_ACTIVE_IOMMU.
 */
#ifndef __DRIVERS_IOMMU_KDUMP_HOOKS_H
#define __DRIVERS_IOMMU_KDUMP_HOOKS_H

#include <linux/types.h>

struct device;
struct iommu_domain;
struct iommu_group;
struct list_head;

#ifdef CONFIG_KDUMP_ACCEPT_ACTIVE_IOMMU
void iommu_kdump_init_device(struct device *dev);
void iommu_kdump_release_device(struct device *dev);
void iommu_kdump_forget_device(struct device *dev);
int iommu_kdump_def_domain_type(struct device *dev, int type);
void iommu_kdump_get_resv_regions(struct device *dev, struct list_head *head);
int iommu_kdump_set_domain(struct iommu_group *group, struct device *dev,
			   struct iommu_domain *domain, bool deferred);
void iommu_kdump_set_domain_undo(struct device *dev,
				 struct iommu_domain *domain);
int iommu_kdump_attach(struct device *dev, struct iommu_domain *domain);
void iommu_kdump_attached(struct device *dev, struct iommu_domain *domain);
void iommu_kdump_domain_free(struct iommu_domain *domain);
/* Provided by the IOMMU core for the handover. */
void iommu_kdump_group_direct_regions(struct iommu_group *group,
				      struct list_head *head);
#else
static inline void iommu_kdump_init_device(struct device *dev)
{
}

static inline void iommu_kdump_release_device(struct device *dev)
{
}

static inline void iommu_kdump_forget_device(struct device *dev)
{
}

static inline int iommu_kdump_def_domain_type(struct device *dev, int type)
{
	return type;
}

static inline void iommu_kdump_get_resv_regions(struct device *dev,
						struct list_head *head)
{
}

static inline int iommu_kdump_set_domain(struct iommu_group *group,
					 struct device *dev,
					 struct iommu_domain *domain,
					 bool deferred)
{
	return 0;
}

static inline void iommu_kdump_set_domain_undo(struct device *dev,
					       struct iommu_domain *domain)
{
}

static inline int iommu_kdump_attach(struct device *dev,
				     struct iommu_domain *domain)
{
	return 0;
}

static inline void iommu_kdump_attached(struct device *dev,
					struct iommu_domain *domain)
{
}

static inline void iommu_kdump_domain_free(struct iommu_domain *domain)
{
}
#endif

#endif /* __DRIVERS_IOMMU_KDUMP_HOOKS_H */
