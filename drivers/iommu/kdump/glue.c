// SPDX-License-Identifier: GPL-2.0
/*
 * The kdump IOMMU handover in the IOMMU core: devices, groups, domains,
 * resets and faults.
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
 *   switch. It allocates nothing, takes no lock and maps nothing;
 * - domain free (iommu_kdump_domain_free()): the core forgets the domain,
 *   so that no later reset touches freed memory;
 * - release (iommu_kdump_release_device()) and reset
 *   (iommu_kdump_device_reset_done(), from the PCI core or a driver).
 */

#define pr_fmt(fmt) "kdump-iommu: " fmt

#include <kunit/visibility.h>
#include <linux/dma-map-ops.h>
#include <linux/device.h>
#include <linux/hashtable.h>
#include <linux/iommu.h>
#include <linux/mutex.h>
#include <linux/sched/clock.h>
#include <linux/slab.h>

#include "../iommu-priv.h"
#include "core.h"

/*
 * Direct-mapped regions of a domain (RMRRs, IVMD unity maps, the floppy
 * workaround): the IOMMU core maps them 1:1 before a domain's first
 * attach. Old runs are mapped around them and never unmap them.
 */
struct kdump_direct {
	struct kdump_range *r;
	unsigned int nr;
};

/**
 * struct kdump_gdom - a domain a group's old mappings were mapped into
 * @node: in &kdump_group.doms
 * @domain: the domain; forgotten before it is freed
 * @nr_tbl: trees mapped
 * @max_tbl: room in @tbl
 * @tbl: indices of the trees (in the unit's plan) mapped into @domain
 * @direct: what the IOMMU core mapped 1:1 into @domain (its direct-mapped
 *	regions): old runs are mapped around it and never unmap it
 */
struct kdump_gdom {
	struct list_head node;
	struct iommu_domain *domain;
	u32 nr_tbl;
	u32 max_tbl;
	u32 *tbl;
	struct kdump_direct direct;
};

/**
 * struct kdump_group - the devices of one IOMMU group the core knows
 * @hnode: in kdump_groups
 * @key: the IOMMU group (only compared, never dereferenced)
 * @unit: the unit all its devices are behind
 * @devs: its devices' records (&iommu_kdump_dev.gnode)
 * @doms: domains its old mappings are mapped into
 *
 * All fields under kdump_mutex.
 */
struct kdump_group {
	struct hlist_node hnode;
	const void *key;
	struct iommu_kdump_unit *unit;
	struct list_head devs;
	struct list_head doms;
};

static DEFINE_HASHTABLE(kdump_groups, 8);

/**
 * kdump_dev_of() - the core's record of a device
 * @dev: the device
 *
 * Context: any context.
 * Return: the record, or NULL.
 */
struct iommu_kdump_dev *kdump_dev_of(struct device *dev)
{
	return dev->iommu ? READ_ONCE(dev->iommu->kdump) : NULL;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_dev_of);

static struct kdump_plan_xl *kd_xl(struct iommu_kdump_dev *kd, unsigned int i)
{
	return &kd->unit->plan.xl[kd->xl[i]];
}

static struct kdump_xl_rt *kd_rt(struct iommu_kdump_dev *kd, unsigned int i)
{
	return &kd->unit->rt[kd->xl[i]];
}

/* A device with old DMA the core still confines. */
static bool kd_live(const struct iommu_kdump_dev *kd)
{
	u8 state = READ_ONCE(kd->state);

	return state == IOMMU_KDUMP_ADOPTED || state == IOMMU_KDUMP_INHERITED;
}

/**
 * iommu_kdump_probe_device() - a device behind a handed-over unit was found
 * @unit: the unit, or NULL (nothing to do)
 * @dev: the device, from the driver's probe_device
 * @sids: the requester or stream IDs it uses (with its DMA aliases)
 * @nr: entries in @sids
 *
 * Makes the core's record of @dev from the translations of its IDs: a
 * blocked one, or an ID in a blocked range, blocks the device; otherwise
 * a device with adopted translations is adopted. A device none of whose
 * IDs had an old translation gets no record and is attached as usual.
 *
 * Context: process context, may sleep (the driver's probe_device).
 */
void iommu_kdump_probe_device(struct iommu_kdump_unit *unit,
			      struct device *dev, const u32 *sids,
			      unsigned int nr)
{
	struct iommu_kdump_dev *kd;
	enum kdump_bad why = KDUMP_OK;
	unsigned int i, total = 0;
	u32 first, n, j;

	if (!unit || !dev->iommu || !iommu_kdump_active() ||
	    !smp_load_acquire(&unit->adopted))
		return;
	mutex_lock(&kdump_mutex);
	if (dev->iommu->kdump)
		goto out_unlock;
	for (i = 0; i < nr; i++) {
		kdump_plan_find(&unit->plan, sids[i], &n);
		total += n;
		if (!n && !why)
			why = kdump_plan_sid_blocked(&unit->plan, sids[i]);
	}
	if (!total && !why)
		goto out_unlock;
	kd = kzalloc(struct_size(kd, xl, total), GFP_KERNEL);
	if (!kd) {
		dev_err(dev, "kdump-iommu: out of memory for the device's record; its old translation stays until reset\n");
		goto out_unlock;
	}
	kd->dev = dev;
	kd->unit = unit;
	INIT_LIST_HEAD(&kd->gnode);
	kd->state = IOMMU_KDUMP_ADOPTED;
	for (i = 0; i < nr; i++) {
		first = kdump_plan_find(&unit->plan, sids[i], &n);
		for (j = 0; j < n; j++) {
			/* An ID listed twice (an alias of itself) counts once. */
			unsigned int k;

			for (k = 0; k < kd->nr_xl; k++)
				if (kd->xl[k] == first + j)
					break;
			if (k < kd->nr_xl)
				continue;
			kd->xl[kd->nr_xl++] = first + j;
		}
	}
	for (i = 0; i < kd->nr_xl; i++) {
		struct kdump_xl_rt *rt = kd_rt(kd, i);

		rt->nr_devs++;
		rt->nr_live++;
		if (rt->state == IOMMU_KDUMP_BLOCKED && !why)
			why = kd_xl(kd, i)->why;
	}
	if (why) {
		kd->state = IOMMU_KDUMP_BLOCKED;
		kd->why = kdump_bad_str(why);
	}
	list_add_tail(&kd->node, &kdump_devs);
	/* The attach path reads it without the lock: publish it whole. */
	smp_store_release(&dev->iommu->kdump, kd);
out_unlock:
	mutex_unlock(&kdump_mutex);
}
EXPORT_SYMBOL_IF_KUNIT(iommu_kdump_probe_device);

/**
 * iommu_kdump_init_device() - decide whether a device's attach is deferred
 * @dev: a device the IOMMU core just probed
 *
 * With the handover on, the core alone decides: a device with a live old
 * translation (adopted or blocked) keeps its old entry until its driver's
 * first DMA mapping switches it (deferred attach); every other device is
 * attached at once, whatever the driver's is_attach_deferred said.
 *
 * Context: process context, iommu_probe_device_lock held.
 */
void iommu_kdump_init_device(struct device *dev)
{
	struct iommu_kdump_dev *kd;

	if (!iommu_kdump_active())
		return;
	kd = kdump_dev_of(dev);
	dev->iommu->attach_deferred = kd && (kd_live(kd) ||
					     kd->state == IOMMU_KDUMP_BLOCKED);
}
EXPORT_SYMBOL_IF_KUNIT(iommu_kdump_init_device);

/**
 * iommu_kdump_def_domain_type() - the default domain type a device needs
 * @dev: the device
 * @type: what the driver asked for (0: no preference)
 *
 * Context: process context, group lock held.
 * Return: %IOMMU_DOMAIN_DMA for a device with live old DMA (an identity
 * domain would let it reach any memory), else @type.
 */
int iommu_kdump_def_domain_type(struct device *dev, int type)
{
	struct iommu_kdump_dev *kd;

	if (!iommu_kdump_active())
		return type;
	kd = kdump_dev_of(dev);
	return kd && kd_live(kd) ? IOMMU_DOMAIN_DMA : type;
}
EXPORT_SYMBOL_IF_KUNIT(iommu_kdump_def_domain_type);

/* ------------------------------------------------------------------ */
/* Groups and the trees their live translations use                    */

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
static struct kdump_group *kdump_group_get(struct iommu_kdump_dev *kd)
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

static struct kdump_gdom *kdump_gdom_find(struct kdump_group *grp,
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

/* Unmap the runs of a tree that come before @stop (NULL: all). */
static void kdump_unmap_runs(struct iommu_domain *domain,
			     const struct kdump_runs *runs,
			     const struct kdump_run *stop,
			     const struct kdump_direct *d)
{
	const struct kdump_run_chunk *c;
	const struct kdump_run *r;
	unsigned int i;

	kdump_for_each_run(runs, c, i, r) {
		if (r == stop)
			return;
		kdump_unmap_range(domain, d, r->iova, r->size);
	}
}

/*
 * Map one page of an old run: a page in a direct-mapped region is there
 * already and must map to itself; in a domain already in use, a page
 * someone mapped must map the same page.
 */
static int kdump_map_page(struct iommu_domain *domain,
			  const struct kdump_direct *d, bool in_use, u64 iova,
			  u64 pa, int prot)
{
	phys_addr_t now;

	if (kdump_in_direct(d, iova, PAGE_SIZE))
		return iova == pa ? 0 : -EEXIST;
	if (in_use) {
		now = iommu_iova_to_phys(domain, iova);
		if (now)
			return now == pa ? 0 : -EEXIST;
	}
	return iommu_map(domain, iova, pa, PAGE_SIZE, prot, GFP_KERNEL);
}

/* Map the runs of @t into @domain; all of them, or none on failure. */
static int kdump_map_tbl(struct iommu_domain *domain,
			 const struct kdump_plan_tbl *t,
			 const struct kdump_direct *d, bool in_use,
			 bool coherent)
{
	const struct kdump_run_chunk *c;
	const struct kdump_run *r;
	unsigned int i;
	u64 off = 0;
	int ret;

	might_sleep();
	kdump_for_each_run(&t->keep, c, i, r) {
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
			kdump_unmap_runs(domain, &t->keep, r, d);
			return ret;
		}
	}
	return 0;
}

/*
 * Make @domain hold the old mappings of every un-reset member of @kd's
 * group (and of @kd). Idempotent: trees already mapped are skipped.
 */
static int kdump_prepare_domain(struct iommu_group *group,
				struct iommu_kdump_dev *kd,
				struct iommu_domain *domain, bool deferred)
{
	struct kdump_plan *p = &kd->unit->plan;
	struct kdump_group *grp;
	struct iommu_kdump_dev *m;
	struct kdump_direct direct;
	struct kdump_gdom *gd;
	u64 start = local_clock();
	unsigned int i;
	u32 tbl;
	int ret = 0;

	lockdep_assert_held(&kdump_mutex);
	grp = kdump_group_get(kd);
	if (!grp)
		return -ENOMEM;
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
					    !deferred, dev_is_dma_coherent(m->dev));
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
static void kdump_gdom_drop(struct kdump_group *grp, struct kdump_gdom *gd,
			    bool unmap)
{
	u32 i;

	if (unmap)
		for (i = 0; i < gd->nr_tbl; i++)
			kdump_unmap_runs(gd->domain,
					 &grp->unit->plan.tbl[gd->tbl[i]].keep,
					 NULL, &gd->direct);
	list_del(&gd->node);
	kfree(gd->direct.r);
	kfree(gd->tbl);
	kfree(gd);
}

/* Unmap, from every domain of @grp, the trees no un-reset member uses. */
static void kdump_group_trim(struct kdump_group *grp)
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
					 &grp->unit->plan.tbl[tbl].keep, NULL,
					 &gd->direct);
			gd->tbl[i] = gd->tbl[--gd->nr_tbl];
		}
	}
}

/* Reserved regions for the old runs of one un-reset device. */
static int kdump_add_resv(struct iommu_kdump_dev *kd, struct list_head *head)
{
	struct iommu_resv_region *region;
	const struct kdump_run_chunk *c;
	const struct kdump_run *r;
	unsigned int i, j;
	u32 tbl;

	lockdep_assert_held(&kdump_mutex);
	for (i = 0; kd_live(kd) && i < kd->nr_xl; i++) {
		if (kd_xl(kd, i)->why)
			continue;
		tbl = kd_xl(kd, i)->tbl;
		if (tbl == KDUMP_PLAN_NO_TBL)
			continue;
		kdump_for_each_run(&kd->unit->plan.tbl[tbl].runs, c, j, r) {
			region = iommu_alloc_resv_region(r->iova, r->size, 0,
							 IOMMU_RESV_RESERVED,
							 GFP_KERNEL);
			if (!region)
				return -ENOMEM;
			list_add_tail(&region->list, head);
		}
	}
	return 0;
}

/**
 * iommu_kdump_get_resv_regions() - reserve old IOVAs in a device's domains
 * @dev: the device
 * @head: the list iommu_get_resv_regions() builds
 *
 * Adds an %IOMMU_RESV_RESERVED region for every old mapping run of every
 * un-reset member of @dev's group, cut pages included (they become
 * faulting holes), so that no allocator hands out an IOVA old DMA may
 * still use. The DMA layer reserves a domain's regions once, when its
 * first device is set up, so the whole group's runs are added each time.
 * Regions stay reserved after a reset: the allocator gives reservations
 * no way back, and the space is small.
 *
 * Context: process context, may sleep.
 */
void iommu_kdump_get_resv_regions(struct device *dev, struct list_head *head)
{
	struct iommu_kdump_dev *kd = kdump_dev_of(dev), *m;
	int ret = 0;

	if (!kd || !iommu_kdump_active())
		return;
	mutex_lock(&kdump_mutex);
	if (!kd->grp) {
		ret = kdump_add_resv(kd, head);
	} else {
		list_for_each_entry(m, &kd->grp->devs, gnode) {
			ret = kdump_add_resv(m, head);
			if (ret)
				break;
		}
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
 * was switched to it, and forgets it: the device stays on its current
 * domain, which still holds them.
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
	list_for_each_entry(m, &kd->grp->devs, gnode)
		if (READ_ONCE(m->attached) == domain)
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
 * into.
 */
int iommu_kdump_attach(struct device *dev, struct iommu_domain *domain)
{
	struct iommu_kdump_dev *kd = kdump_dev_of(dev);

	if (!kd)
		return 0;
	switch (READ_ONCE(kd->state)) {
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
	struct kdump_group *grp;
	struct kdump_gdom *gd;
	unsigned int bkt;

	if (!iommu_kdump_active())
		return;
	mutex_lock(&kdump_mutex);
	hash_for_each(kdump_groups, bkt, grp, hnode) {
		gd = kdump_gdom_find(grp, domain);
		if (gd)
			kdump_gdom_drop(grp, gd, false);
	}
	mutex_unlock(&kdump_mutex);
}
EXPORT_SYMBOL_IF_KUNIT(iommu_kdump_domain_free);

/**
 * kdump_release_locked() - a device's old DMA has stopped
 * @kd: its record
 *
 * Each translation the device used is released once no other un-reset
 * device uses it: the driver removes an old entry the hardware still
 * uses; the old mappings no un-reset member of the group still uses are
 * unmapped from every domain they were mapped into.
 *
 * Context: process context, kdump_mutex held; may sleep.
 */
void kdump_release_locked(struct iommu_kdump_dev *kd)
{
	struct iommu_kdump_unit *unit = kd->unit;
	u64 start = local_clock();
	u8 was = kd->state;
	unsigned int i;

	lockdep_assert_held(&kdump_mutex);
	if (kd->reset)
		return;
	kd->reset = true;
	WRITE_ONCE(kd->state, IOMMU_KDUMP_RELEASED);
	for (i = 0; i < kd->nr_xl; i++) {
		struct kdump_xl_rt *rt = kd_rt(kd, i);

		if (rt->nr_live && --rt->nr_live)
			continue;
		if (READ_ONCE(rt->on_old) && unit->ops->release)
			unit->ops->release(unit, kd_xl(kd, i));
		WRITE_ONCE(rt->on_old, false);
		WRITE_ONCE(rt->state, IOMMU_KDUMP_RELEASED);
	}
	if (kd->grp)
		kdump_group_trim(kd->grp);
	kd->release_ns = local_clock() - start;
	if (was != IOMMU_KDUMP_RELEASED)
		dev_info(kd->dev, "kdump-iommu: reset: old %s state released\n",
			 kdump_state_names[was]);
}

/**
 * iommu_kdump_device_reset_done() - a device's old DMA has stopped
 * @dev: the device, just reset
 *
 * The PCI core calls this after every reset it performs (function resets
 * of every method, bus and slot resets, a power-up that lost the device's
 * state); a driver that resets its device by device-specific means calls
 * it afterwards. A blocked device may then be attached normally.
 *
 * Context: process context, may sleep.
 */
void iommu_kdump_device_reset_done(struct device *dev)
{
	struct iommu_kdump_dev *kd;

	if (!iommu_kdump_active())
		return;
	kd = kdump_dev_of(dev);
	if (!kd)
		return;
	mutex_lock(&kdump_mutex);
	kdump_release_locked(kd);
	mutex_unlock(&kdump_mutex);
}
EXPORT_SYMBOL_GPL(iommu_kdump_device_reset_done);

/**
 * iommu_kdump_release_device() - the IOMMU core forgets a device
 * @dev: the device, being removed
 *
 * A removed device does no DMA: its record is released and freed.
 *
 * Context: process context, the group's lock held; may sleep.
 */
void iommu_kdump_release_device(struct device *dev)
{
	struct iommu_kdump_dev *kd = kdump_dev_of(dev);
	struct kdump_group *grp;
	unsigned int i;

	if (!kd)
		return;
	mutex_lock(&kdump_mutex);
	kdump_release_locked(kd);
	for (i = 0; i < kd->nr_xl; i++)
		kd_rt(kd, i)->nr_devs--;
	grp = kd->grp;
	list_del(&kd->gnode);
	list_del(&kd->node);
	if (grp && list_empty(&grp->devs)) {
		while (!list_empty(&grp->doms))
			kdump_gdom_drop(grp, list_first_entry(&grp->doms,
							      struct kdump_gdom,
							      node), false);
		hash_del(&grp->hnode);
		kfree(grp);
	}
	WRITE_ONCE(dev->iommu->kdump, NULL);
	mutex_unlock(&kdump_mutex);
	/* A device being removed has no driver left to map DMA. */
	kfree(kd);
}
EXPORT_SYMBOL_IF_KUNIT(iommu_kdump_release_device);

/**
 * kdump_count_faults() - the faults of a device's translations
 * @kd: the device's record
 * @faults: set to their sum
 *
 * Context: any context.
 */
void kdump_count_faults(struct iommu_kdump_dev *kd, u64 *faults)
{
	unsigned int i;

	*faults = 0;
	for (i = 0; i < kd->nr_xl; i++)
		*faults += atomic64_read(&kd_rt(kd, i)->faults);
}
EXPORT_SYMBOL_IF_KUNIT(kdump_count_faults);

/**
 * iommu_kdump_fault() - account a fault an IOMMU reported
 * @unit: the unit that reported it, or NULL
 * @sid: requester or stream ID of the faulting request
 * @pasid: its PASID or substream ID, or %KDUMP_NO_PASID
 *
 * Context: any context, including hard interrupt.
 * Return: true if the fault comes from old DMA the handover manages
 * (adopted, inherited or blocked) and was counted: the caller must not
 * print it, the core prints a rate-limited line itself. false if the
 * caller reports the fault as usual.
 */
bool iommu_kdump_fault(struct iommu_kdump_unit *unit, u32 sid, u32 pasid)
{
	const struct kdump_plan *p;
	struct kdump_xl_rt *rt;
	u32 first, n, i;
	u8 state;
	s64 cnt;

	if (!unit || !iommu_kdump_active() || !smp_load_acquire(&unit->adopted))
		return false;
	p = &unit->plan;
	first = kdump_plan_find(p, sid, &n);
	for (i = 0; i < n && p->xl[first + i].id.pasid != pasid; i++)
		;
	if (i == n && n)
		i = 0;	/* a PASID the old tables did not have: the RID's */
	if (!n) {
		if (!kdump_plan_sid_blocked(p, sid))
			return false;
		cnt = atomic64_inc_return(&unit->faults);
		if (__ratelimit(&unit->rs))
			pr_info("%s: sid %#x (blocked): fault %lld from DMA the old kernel started\n",
				unit->name, sid, cnt);
		return true;
	}
	if (!unit->rt)
		return false;
	rt = &unit->rt[first + i];
	state = READ_ONCE(rt->state);
	if (state == IOMMU_KDUMP_RELEASED)
		return false;
	cnt = atomic64_inc_return(&rt->faults);
	if (__ratelimit(&rt->rs))
		pr_info("%s: sid %#x (%s): fault %lld from DMA the old kernel started\n",
			unit->name, sid, kdump_state_names[state], cnt);
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(iommu_kdump_fault);
