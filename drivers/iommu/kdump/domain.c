// SPDX-License-Identifier: GPL-2.0
/*
 * The kdump IOMMU handover in the IOMMU core: domain changes.
 *
 * Copyright (C) 2026 The kdump-iommu authors
 */

/**
 * DOC: kdump IOMMU handover: the IOMMU core's side
 *
 * The IOMMU core (drivers/iommu/iommu.c) calls this file where a device's
 * translation changes, so that no driver has to:
 *
 * - probe (iommu_kdump_init_device()): a device with a live old
 *   translation gets a deferred attach, so the hardware keeps its old
 *   entry until the device's first DMA mapping; every other device is
 *   attached as usual;
 * - default domain type (iommu_kdump_def_domain_type()): such a device
 *   gets a DMA domain, never an identity one, which would let its old DMA
 *   reach any memory;
 * - reserved regions (iommu_kdump_get_resv_regions()): the old IOVA ranges
 *   of every un-reset member of the device's group;
 * - domain change (iommu_kdump_set_domain()), in process context with the
 *   group's lock held: a paging domain gets the old mappings of every
 *   un-reset member of the group mapped before anything can use it; an
 *   identity or blocking domain, which would drop them, is refused, and a
 *   blocked device gets no translating domain until it is reset;
 * - attach (iommu_kdump_attach(), iommu_kdump_attached()): the hardware
 *   switch, which dma_map_*() reaches in atomic context for a deferred
 *   attach, only checks that the domain was prepared and records the
 *   switch. The core's part allocates nothing, takes no lock and maps
 *   nothing (the vendor's attach_dev on that path is upstream's own);
 * - domain free (iommu_kdump_domain_free()): the core forgets the domain,
 *   so that no later reset touches freed memory;
 * - release (iommu_kdump_release_device()) and reset
 *   (iommu_kdump_device_reset_done(), from the PCI core or a driver).
 */

#define pr_fmt(fmt) "kdump-iommu: " fmt

#include <kunit/visibility.h>
#include <linux/device.h>
#include <linux/iommu.h>
#include <linux/mutex.h>

#include "core.h"

static int kdump_add_resv_one(struct list_head *head, u64 start, u64 end)
{
	struct iommu_resv_region *region;

	region = iommu_alloc_resv_region(start, end - start, 0,
					 IOMMU_RESV_RESERVED, GFP_KERNEL);
	if (!region)
		return -ENOMEM;
	list_add_tail(&region->list, head);
	return 0;
}

/*
 * Reserved regions for the old runs of one un-reset device: one per
 * stretch of IOVA-contiguous runs (old buffers are contiguous in IOVA
 * and scattered in memory, a run per page).
 */
static int kdump_add_resv(struct iommu_kdump_dev *kd, struct list_head *head)
{
	struct kdump_run_pos rpos;
	const struct kdump_runs *runs;
	const struct kdump_run *r;
	u64 start = 0, end = 0;
	bool open = false;
	unsigned int i;
	u32 tbl;
	int ret;

	lockdep_assert_held(&kdump_mutex);
	for (i = 0; kd_live(kd) && i < kd->nr_xl; i++) {
		if (kd_xl(kd, i)->why)
			continue;
		tbl = kd_xl(kd, i)->tbl;
		if (tbl == KDUMP_PLAN_NO_TBL)
			continue;
		runs = &kd->unit->plan.tbl[tbl].runs;
		for (r = kdump_run_first(runs, &rpos); r;
		     r = kdump_run_next(&rpos)) {
			/* Runs come in increasing IOVA order. */
			if (open && r->iova == end) {
				end += r->size;
				continue;
			}
			if (open) {
				ret = kdump_add_resv_one(head, start, end);
				if (ret)
					return ret;
			}
			start = r->iova;
			end = r->iova + r->size;
			open = true;
		}
		if (open) {
			ret = kdump_add_resv_one(head, start, end);
			if (ret)
				return ret;
		}
		open = false;
	}
	return 0;
}

/**
 * iommu_kdump_get_resv_regions() - reserve old IOVAs in a device's domains
 * @dev: the device
 * @head: the list iommu_get_resv_regions() builds
 *
 * Adds an %IOMMU_RESV_RESERVED region for every stretch of old mapping
 * runs of every un-reset member of @dev's group, cut pages included (they
 * become faulting holes), so that no allocator hands out an IOVA old DMA
 * may still use. The DMA layer reserves a domain's regions once, for the first
 * member it sets up, which may be one without old DMA of its own (no
 * record, blocked, reset): the members are found by their IOMMU group, so
 * the whole group's runs are added each time. Regions stay reserved after
 * a reset: the allocator gives reservations no way back, and the space is
 * small.
 *
 * Context: process context, may sleep.
 */
void iommu_kdump_get_resv_regions(struct device *dev, struct list_head *head)
{
	struct iommu_group *group = dev->iommu_group;
	struct iommu_kdump_dev *m;
	int ret = 0;

	if (!iommu_kdump_active())
		return;
	mutex_lock(&kdump_mutex);
	list_for_each_entry(m, &kdump_devs, node) {
		if (m->dev != dev && (!group || m->dev->iommu_group != group))
			continue;
		ret = kdump_add_resv(m, head);
		if (ret)
			break;
	}
	mutex_unlock(&kdump_mutex);
	if (ret)
		dev_warn_ratelimited(dev, "kdump-iommu: out of memory reserving old IOVAs\n");
}
EXPORT_SYMBOL_IF_KUNIT(iommu_kdump_get_resv_regions);

/**
 * iommu_kdump_set_domain() - a device's domain is about to change
 * @group: the device's group, locked
 * @dev: the device
 * @domain: the new domain
 * @deferred: the hardware switch is deferred to the device's first DMA
 *	mapping (@domain is the default domain of a deferred device)
 *
 * Prepares @domain for the device's old DMA, or refuses it. Blocked
 * devices get only a blocking domain (or, deferred, nothing changes in
 * the hardware and their first DMA mapping is refused). Devices with live
 * old DMA get a paging domain with the old mappings of their whole group
 * already mapped; an identity or blocking domain would drop them and is
 * refused (deferred: accepted, the hardware keeps the old entry until the
 * device is reset).
 *
 * Context: process context, the group's lock held; may sleep.
 * Return: 0 to go on; -EBUSY to refuse the domain, or the mapping error.
 * After a failed attach the caller must call iommu_kdump_set_domain_undo().
 */
int iommu_kdump_set_domain(struct iommu_group *group, struct device *dev,
			   struct iommu_domain *domain, bool deferred)
{
	struct iommu_kdump_dev *kd = kdump_dev_of(dev);
	int ret = 0;

	if (!kd || !iommu_kdump_active())
		return 0;
	might_sleep();
	mutex_lock(&kdump_mutex);
	switch (kd->state) {
	case IOMMU_KDUMP_BLOCKED:
		if (deferred || domain->type == IOMMU_DOMAIN_BLOCKED)
			break;
		dev_warn_ratelimited(dev, "kdump-iommu: blocked (%s) until the device is reset: no new domain\n",
				     kd->why);
		ret = -EBUSY;
		break;
	case IOMMU_KDUMP_ADOPTED:
	case IOMMU_KDUMP_INHERITED:
		if (!(domain->type & __IOMMU_DOMAIN_PAGING)) {
			if (deferred)
				break;
			dev_warn_ratelimited(dev, "kdump-iommu: old DMA still in flight: refusing a domain without its mappings until the device is reset\n");
			ret = -EBUSY;
			break;
		}
		ret = kdump_prepare_domain(group, kd, domain, deferred);
		if (!ret) {
			/* Pairs with the READ_ONCE() in iommu_kdump_attach(). */
			WRITE_ONCE(kd->prepared, domain);
		} else if (deferred) {
			/*
			 * The hardware keeps the old entry; the deferred
			 * attach will be refused until the device is reset.
			 */
			ret = 0;
		}
		break;
	default:
		break;
	}
	mutex_unlock(&kdump_mutex);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(iommu_kdump_set_domain);

/**
 * iommu_kdump_set_domain_undo() - a prepared domain was not attached
 * @dev: the device
 * @domain: the domain iommu_kdump_set_domain() prepared
 *
 * Unmaps the old mappings from @domain unless another member of the group
 * was switched to it or was prepared for it (its deferred attach is still
 * to come), and forgets it: the device stays on its current domain, which
 * still holds them.
 *
 * Context: process context, the group's lock held; may sleep.
 */
void iommu_kdump_set_domain_undo(struct device *dev,
				 struct iommu_domain *domain)
{
	struct iommu_kdump_dev *kd = kdump_dev_of(dev), *m;
	struct kdump_gdom *gd;

	if (!kd || !iommu_kdump_active())
		return;
	mutex_lock(&kdump_mutex);
	if (kd->prepared == domain)
		WRITE_ONCE(kd->prepared, kd->attached);
	if (!kd->grp)
		goto out_unlock;
	/*
	 * Another member switched to it, or due to switch to it at its
	 * deferred attach, needs the old mappings there.
	 */
	list_for_each_entry(m, &kd->grp->devs, gnode)
		if (READ_ONCE(m->attached) == domain ||
		    (m != kd && m->prepared == domain))
			goto out_unlock;
	gd = kdump_gdom_find(kd->grp, domain);
	if (gd)
		kdump_gdom_drop(kd->grp, gd, true);
out_unlock:
	mutex_unlock(&kdump_mutex);
}
EXPORT_SYMBOL_IF_KUNIT(iommu_kdump_set_domain_undo);

/**
 * iommu_kdump_attach() - may the hardware switch a device to a domain?
 * @dev: the device
 * @domain: the domain about to be attached
 *
 * The check before every hardware switch, also the deferred one that
 * dma_map_*() reaches in atomic context: reads the device's state and its
 * prepared domain, nothing else.
 *
 * Context: any context; takes no lock, allocates nothing.
 * Return: 0, or -EBUSY: a blocked device may only get a blocking domain,
 * a device with live old DMA only the domain its old mappings were mapped
 * into, and a device whose reset is being reported nothing until that is
 * done.
 */
int iommu_kdump_attach(struct device *dev, struct iommu_domain *domain)
{
	struct iommu_kdump_dev *kd = kdump_dev_of(dev);
	u8 state;

	if (!kd)
		return 0;
	/* Pairs with kdump_release_locked(): released implies @releasing. */
	state = smp_load_acquire(&kd->state);
	/* Pairs with its clearing: the drivers' release is complete. */
	if (state == IOMMU_KDUMP_RELEASED && smp_load_acquire(&kd->releasing))
		return -EBUSY;
	switch (state) {
	case IOMMU_KDUMP_BLOCKED:
		return domain->type == IOMMU_DOMAIN_BLOCKED ? 0 : -EBUSY;
	case IOMMU_KDUMP_ADOPTED:
	case IOMMU_KDUMP_INHERITED:
		return READ_ONCE(kd->prepared) == domain ? 0 : -EBUSY;
	default:
		return 0;
	}
}
EXPORT_SYMBOL_IF_KUNIT(iommu_kdump_attach);

/**
 * iommu_kdump_attached() - the hardware now uses a domain for a device
 * @dev: the device
 * @domain: the domain iommu_kdump_attach() allowed
 *
 * Context: any context; takes no lock, allocates nothing.
 */
void iommu_kdump_attached(struct device *dev, struct iommu_domain *domain)
{
	struct iommu_kdump_dev *kd = kdump_dev_of(dev);
	unsigned int i;

	if (!kd)
		return;
	WRITE_ONCE(kd->attached, domain);
	if (!kd_live(kd))
		return;
	/* The driver replaced the entries of all of the device's IDs. */
	for (i = 0; i < kd->nr_xl; i++)
		WRITE_ONCE(kd_rt(kd, i)->on_old, false);
	cmpxchg(&kd->state, IOMMU_KDUMP_ADOPTED, IOMMU_KDUMP_INHERITED);
}
EXPORT_SYMBOL_IF_KUNIT(iommu_kdump_attached);

/**
 * iommu_kdump_domain_free() - a domain is about to be freed
 * @domain: the domain
 *
 * Context: process context, may sleep.
 */
void iommu_kdump_domain_free(struct iommu_domain *domain)
{
	if (!iommu_kdump_active())
		return;
	mutex_lock(&kdump_mutex);
	kdump_groups_forget_domain(domain);
	mutex_unlock(&kdump_mutex);
}
EXPORT_SYMBOL_IF_KUNIT(iommu_kdump_domain_free);

