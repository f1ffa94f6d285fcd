// SPDX-License-Identifier: GPL-2.0
/*
 * The kdump IOMMU handover: IOMMU groups and the old mappings in their domains.
 *
 * Copyright (C) 2026 The kdump-iommu authors
 */

/**
 * DOC: kdump IOMMU handover: groups
 *
 * Devices of one IOMMU group share its domain. The core keeps a record of
 * each group with a device it knows (&struct kdump_group) and of every
 * domain it mapped the group's old mappings into (&struct kdump_gdom). A
 * domain gets the old mappings of every un-reset member, tree by tree,
 * each tree once; pages the IOMMU core maps 1:1 into the domain (direct
 * regions) are left to it. Resetting a member unmaps only the trees no
 * un-reset member still uses, from every domain that has them; a domain
 * is forgotten before it is freed.
 */

#define pr_fmt(fmt) "kdump-iommu: " fmt

#include <linux/device.h>
#include <linux/dma-map-ops.h>
#include <linux/hashtable.h>
#include <linux/iommu.h>
#include <linux/mutex.h>
#include <linux/sched/clock.h>
#include <linux/slab.h>

#include "../iommu-priv.h"
#include "core.h"

static DEFINE_HASHTABLE(kdump_groups, 8);

static struct kdump_group *kdump_group_find(const void *key)
{
	struct kdump_group *grp;

	lockdep_assert_held(&kdump_mutex);
	hash_for_each_possible(kdump_groups, grp, hnode, (unsigned long)key)
		if (grp->key == key)
			return grp;
	return NULL;
}

/* The group record of @kd, made on first use; NULL if out of memory. */
struct kdump_group *kdump_group_get(struct iommu_kdump_dev *kd)
{
	const void *key = kd->dev->iommu_group;
	struct kdump_group *grp;

	lockdep_assert_held(&kdump_mutex);
	if (kd->grp)
		return kd->grp;
	if (!key)
		key = kd;	/* not in a group: a group of its own */
	grp = kdump_group_find(key);
	if (!grp) {
		grp = kzalloc(sizeof(*grp), GFP_KERNEL);
		if (!grp)
			return NULL;
		grp->key = key;
		grp->unit = kd->unit;
		INIT_LIST_HEAD(&grp->devs);
		INIT_LIST_HEAD(&grp->doms);
		hash_add(kdump_groups, &grp->hnode, (unsigned long)key);
	}
	list_add_tail(&kd->gnode, &grp->devs);
	kd->grp = grp;
	return grp;
}

/* Does an un-reset device of @grp (or @also) use tree @tbl? */
static bool kdump_tbl_live(struct kdump_group *grp, struct iommu_kdump_dev *also,
			   u32 tbl)
{
	struct iommu_kdump_dev *kd;
	unsigned int i;

	list_for_each_entry(kd, &grp->devs, gnode) {
		if (!kd_live(kd))
			continue;
		for (i = 0; i < kd->nr_xl; i++)
			if (!kd_xl(kd, i)->why && kd_xl(kd, i)->tbl == tbl)
				return true;
	}
	if (also && kd_live(also))
		for (i = 0; i < also->nr_xl; i++)
			if (!kd_xl(also, i)->why && kd_xl(also, i)->tbl == tbl)
				return true;
	return false;
}

struct kdump_gdom *kdump_gdom_find(struct kdump_group *grp,
				   struct iommu_domain *domain)
{
	struct kdump_gdom *gd;

	list_for_each_entry(gd, &grp->doms, node)
		if (gd->domain == domain)
			return gd;
	return NULL;
}

static bool kdump_gdom_has(struct kdump_gdom *gd, u32 tbl)
{
	u32 i;

	for (i = 0; i < gd->nr_tbl; i++)
		if (gd->tbl[i] == tbl)
			return true;
	return false;
}

static int iommu_prot(u32 prot, bool coherent)
{
	int p = 0;

	if (prot & KDUMP_PROT_READ)
		p |= IOMMU_READ;
	if (prot & KDUMP_PROT_WRITE)
		p |= IOMMU_WRITE;
	if (coherent)
		p |= IOMMU_CACHE;
	return p;
}

static bool kdump_in_direct(const struct kdump_direct *d, u64 iova, u64 size)
{
	return d && kdump_ranges_overlap(d->r, d->nr, iova, iova + size);
}

/* The group's direct-mapped regions, normalized; NULL ranges if none. */
static int kdump_direct_regions(struct iommu_group *group, struct device *dev,
				struct kdump_direct *d)
{
	struct iommu_resv_region *r;
	unsigned int n = 0;
	LIST_HEAD(all);

	d->r = NULL;
	d->nr = 0;
	if (!group)
		return 0;
	iommu_kdump_group_direct_regions(group, &all);
	list_for_each_entry(r, &all, list)
		n += r->type == IOMMU_RESV_DIRECT ||
		     r->type == IOMMU_RESV_DIRECT_RELAXABLE;
	if (n) {
		d->r = kcalloc(n, sizeof(*d->r), GFP_KERNEL);
		if (!d->r) {
			iommu_put_resv_regions(dev, &all);
			return -ENOMEM;
		}
	}
	list_for_each_entry(r, &all, list) {
		if (r->type != IOMMU_RESV_DIRECT &&
		    r->type != IOMMU_RESV_DIRECT_RELAXABLE)
			continue;
		d->r[d->nr].start = r->start & PAGE_MASK;
		d->r[d->nr].end = PAGE_ALIGN(r->start + r->length);
		d->nr++;
	}
	d->nr = kdump_ranges_normalize(d->r, d->nr);
	iommu_put_resv_regions(dev, &all);
	return 0;
}

/* Unmap [@iova, @iova + @size) of a run, leaving direct-mapped pages. */
static void kdump_unmap_range(struct iommu_domain *domain,
			      const struct kdump_direct *d, u64 iova, u64 size)
{
	u64 off;

	if (!kdump_in_direct(d, iova, size)) {
		/* iommu_unmap() flushes the IOTLB before it returns. */
		iommu_unmap(domain, iova, size);
		return;
	}
	for (off = 0; off < size; off += PAGE_SIZE)
		if (!kdump_in_direct(d, iova + off, PAGE_SIZE))
			iommu_unmap(domain, iova + off, PAGE_SIZE);
}

/* Unmap the runs of a tree that start below input address @stop. */
static void kdump_unmap_runs(struct iommu_domain *domain,
			     const struct kdump_runs *runs, u64 stop,
			     const struct kdump_direct *d)
{
	struct kdump_run_pos rpos;
	const struct kdump_run *r;

	for (r = kdump_run_first(runs, &rpos); r; r = kdump_run_next(&rpos)) {
		if (r->iova >= stop)
			return;
		kdump_unmap_range(domain, d, r->iova, r->size);
	}
}

/*
 * Map one page of an old run: a page in a direct-mapped region is there
 * already and must map to itself (the core never unmaps those); in a
 * domain already in use, an IOVA its owner mapped is refused, even to the
 * same page: the core would unmap it when the device is reset or the
 * attach undone, taking the owner's mapping with it.
 */
static int kdump_map_page(struct iommu_domain *domain,
			  const struct kdump_direct *d, bool in_use, u64 iova,
			  u64 pa, int prot)
{
	if (kdump_in_direct(d, iova, PAGE_SIZE))
		return iova == pa ? 0 : -EEXIST;
	if (in_use && iommu_iova_to_phys(domain, iova))
		return -EEXIST;
	return iommu_map(domain, iova, pa, PAGE_SIZE, prot, GFP_KERNEL);
}

/* Map the runs of @t into @domain; all of them, or none on failure. */
static int kdump_map_tbl(struct iommu_domain *domain,
			 const struct kdump_plan_tbl *t,
			 const struct kdump_direct *d, bool in_use,
			 bool coherent)
{
	struct kdump_run_pos rpos;
	const struct kdump_run *r;
	u64 off = 0;
	int ret;

	might_sleep();
	for (r = kdump_run_first(&t->keep, &rpos); r;
	     r = kdump_run_next(&rpos)) {
		int prot = iommu_prot(r->prot, coherent);

		if (!in_use && !kdump_in_direct(d, r->iova, r->size)) {
			ret = iommu_map(domain, r->iova, r->pa, r->size, prot,
					GFP_KERNEL);
			off = 0;
		} else {
			for (ret = 0, off = 0; off < r->size; off += PAGE_SIZE) {
				ret = kdump_map_page(domain, d, in_use,
						     r->iova + off, r->pa + off,
						     prot);
				if (ret)
					break;
			}
		}
		if (ret) {
			/* Undo this tree; direct-mapped pages stay. */
			kdump_unmap_range(domain, d, r->iova, off);
			kdump_unmap_runs(domain, &t->keep, r->iova, d);
			return ret;
		}
	}
	return 0;
}

/*
 * Is @domain already in use by the group: the group's current domain, or
 * a member other than @kd switched to it?
 */
static bool kdump_domain_in_use(struct iommu_group *group,
				struct kdump_group *grp,
				struct iommu_kdump_dev *kd,
				struct iommu_domain *domain)
{
	struct iommu_kdump_dev *m;

	lockdep_assert_held(&kdump_mutex);
	/* group->domain, stable under the group's lock the caller holds. */
	if (group && iommu_get_domain_for_dev(kd->dev) == domain)
		return true;
	list_for_each_entry(m, &grp->devs, gnode)
		if (m != kd && READ_ONCE(m->attached) == domain)
			return true;
	return false;
}

/*
 * Make @domain hold the old mappings of every un-reset member of @kd's
 * group (and of @kd). Idempotent: trees already mapped are skipped.
 *
 * A DMA domain that may be in use already reserved its IOVAs (the DMA
 * layer does it once, before its first mapping): a tree of @kd it does
 * not hold yet (a member that joined the group since, hot-added) cannot
 * be kept from new mappings there, and @kd is refused: it stays on its
 * old entry until it is reset. Only the deferred first attach of a
 * default domain is known to come before the domain's first use. Trees of
 * other members it does not hold are left out (those members' own
 * deferred attach is then refused until their reset).
 */
int kdump_prepare_domain(struct iommu_group *group, struct iommu_kdump_dev *kd,
			 struct iommu_domain *domain, bool deferred)
{
	struct kdump_plan *p = &kd->unit->plan;
	struct kdump_group *grp;
	struct iommu_kdump_dev *m;
	struct kdump_direct direct;
	struct kdump_gdom *gd;
	u64 start = local_clock();
	bool used, in_use;
	unsigned int i;
	u32 tbl;
	int ret = 0;

	lockdep_assert_held(&kdump_mutex);
	grp = kdump_group_get(kd);
	if (!grp)
		return -ENOMEM;
	used = kdump_domain_in_use(group, grp, kd, domain);
	in_use = used || !deferred;
	if (kdump_direct_regions(group, kd->dev, &direct))
		return -ENOMEM;
	gd = kdump_gdom_find(grp, domain);
	if (!gd) {
		gd = kzalloc(sizeof(*gd), GFP_KERNEL);
		if (!gd) {
			kfree(direct.r);
			return -ENOMEM;
		}
		gd->domain = domain;
		list_add_tail(&gd->node, &grp->doms);
	}
	/* What the domain maps 1:1 now: never to be unmapped by a release. */
	kfree(gd->direct.r);
	gd->direct = direct;

	list_for_each_entry(m, &grp->devs, gnode) {
		if (!kd_live(m))
			continue;
		for (i = 0; i < m->nr_xl && !ret; i++) {
			if (kd_xl(m, i)->why)
				continue;
			tbl = kd_xl(m, i)->tbl;
			if (tbl == KDUMP_PLAN_NO_TBL || kdump_gdom_has(gd, tbl))
				continue;
			if (in_use && (domain->type & __IOMMU_DOMAIN_DMA_API)) {
				if (m != kd)
					continue;
				dev_warn_ratelimited(kd->dev, "kdump-iommu: joins a DMA domain that may be in use, which cannot reserve its old IOVAs: on its old entry until reset\n");
				ret = -EBUSY;
				break;
			}
			if (gd->nr_tbl == gd->max_tbl) {
				u32 *n = krealloc_array(gd->tbl,
							gd->max_tbl + 4,
							sizeof(*n), GFP_KERNEL);

				if (!n) {
					ret = -ENOMEM;
					break;
				}
				gd->tbl = n;
				gd->max_tbl += 4;
			}
			ret = kdump_map_tbl(domain, &p->tbl[tbl], &gd->direct,
					    in_use, dev_is_dma_coherent(m->dev));
			if (!ret)
				gd->tbl[gd->nr_tbl++] = tbl;
		}
	}
	if (ret)
		dev_warn(kd->dev, "kdump-iommu: cannot map the old IOVAs into the new domain (%d)\n",
			 ret);
	else
		kd->inherit_ns = local_clock() - start;
	return ret;
}

/* Forget @gd after unmapping what it holds. */
void kdump_gdom_drop(struct kdump_group *grp, struct kdump_gdom *gd, bool unmap)
{
	u32 i;

	if (unmap)
		for (i = 0; i < gd->nr_tbl; i++)
			kdump_unmap_runs(gd->domain,
					 &grp->unit->plan.tbl[gd->tbl[i]].keep,
					 U64_MAX, &gd->direct);
	list_del(&gd->node);
	kfree(gd->direct.r);
	kfree(gd->tbl);
	kfree(gd);
}

/* Unmap, from every domain of @grp, the trees no un-reset member uses. */
void kdump_group_trim(struct kdump_group *grp)
{
	struct kdump_gdom *gd;
	u32 i;

	lockdep_assert_held(&kdump_mutex);
	list_for_each_entry(gd, &grp->doms, node) {
		for (i = 0; i < gd->nr_tbl; ) {
			u32 tbl = gd->tbl[i];

			if (kdump_tbl_live(grp, NULL, tbl)) {
				i++;
				continue;
			}
			kdump_unmap_runs(gd->domain,
					 &grp->unit->plan.tbl[tbl].keep, U64_MAX,
					 &gd->direct);
			gd->tbl[i] = gd->tbl[--gd->nr_tbl];
		}
	}
}

/**
 * kdump_group_leave() - a device leaves the core's record of its group
 * @kd: the device's record
 *
 * The last device takes the group record, and what it knew of its
 * domains, with it.
 *
 * Context: process context, kdump_mutex held.
 */
void kdump_group_leave(struct iommu_kdump_dev *kd)
{
	struct kdump_group *grp = kd->grp;

	lockdep_assert_held(&kdump_mutex);
	list_del_init(&kd->gnode);
	kd->grp = NULL;
	if (!grp || !list_empty(&grp->devs))
		return;
	while (!list_empty(&grp->doms))
		kdump_gdom_drop(grp, list_first_entry(&grp->doms,
						      struct kdump_gdom, node),
				false);
	hash_del(&grp->hnode);
	kfree(grp);
}

/**
 * kdump_groups_forget_domain() - no group may refer to a domain any more
 * @domain: a domain about to be freed
 *
 * Context: process context, kdump_mutex held.
 */
void kdump_groups_forget_domain(struct iommu_domain *domain)
{
	struct kdump_group *grp;
	struct kdump_gdom *gd;
	unsigned int bkt;

	lockdep_assert_held(&kdump_mutex);
	hash_for_each(kdump_groups, bkt, grp, hnode) {
		gd = kdump_gdom_find(grp, domain);
		if (gd)
			kdump_gdom_drop(grp, gd, false);
	}
}
