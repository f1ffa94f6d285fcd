// SPDX-License-Identifier: GPL-2.0
/*
 * The kdump IOMMU handover: devices, their resets and their faults.
 *
 * Copyright (C) 2026 The kdump-iommu authors
 */

/**
 * DOC: kdump IOMMU handover: devices
 *
 * When the IOMMU core probes a device, its driver tells the core which
 * requester or stream IDs the device uses (iommu_kdump_probe_device()).
 * The core makes a record of the device (&struct iommu_kdump_dev) from
 * the old translations of those IDs: blocked if one is blocked, adopted
 * otherwise; a device without any gets no record and is treated as usual.
 * A reset of the device, reported by the PCI core or its driver
 * (iommu_kdump_device_reset_done()), releases each translation no other
 * un-reset device uses. Faults are counted per translation.
 */

#define pr_fmt(fmt) "kdump-iommu: " fmt

#include <kunit/visibility.h>
#include <linux/device.h>
#include <linux/iommu.h>
#include <linux/mutex.h>
#include <linux/sched/clock.h>
#include <linux/slab.h>

#include "core.h"

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

	if (!unit || !dev->iommu || !iommu_kdump_active())
		return;
	/* Pairs with the release in kdump_unit_adopt(): a complete plan. */
	if (!smp_load_acquire(&unit->adopted))
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
	/*
	 * Without a record the device would get its default domain at once,
	 * before its old DMA stops: small (one entry per ID and PASID of
	 * the device), at probe, and there is no safe way on without it.
	 */
	kd = kzalloc(struct_size(kd, xl, total), GFP_KERNEL | __GFP_NOFAIL);
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
 * A device with live old DMA needs a DMA domain: an identity domain would
 * let its old DMA reach any memory. So does a blocked one: its attach is
 * deferred until it is reset, and only a DMA domain's first mapping makes
 * the deferred attach (with an identity domain, dma-direct never would).
 *
 * Context: process context, group lock held.
 * Return: %IOMMU_DOMAIN_DMA for a device with live old DMA or a blocked
 * one, else @type.
 */
int iommu_kdump_def_domain_type(struct device *dev, int type)
{
	struct iommu_kdump_dev *kd;

	if (!iommu_kdump_active())
		return type;
	kd = kdump_dev_of(dev);
	if (kd && (kd_live(kd) || kd->state == IOMMU_KDUMP_BLOCKED))
		return IOMMU_DOMAIN_DMA;
	return type;
}
EXPORT_SYMBOL_IF_KUNIT(iommu_kdump_def_domain_type);

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
	/*
	 * Attaches stay refused until the drivers finished: a driver may
	 * set the device's next domain up in its release.
	 */
	WRITE_ONCE(kd->releasing, true);
	/* The attach path, seeing the state released, sees @releasing set. */
	smp_store_release(&kd->state, IOMMU_KDUMP_RELEASED);
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
	/* Pairs with the acquire in iommu_kdump_attach(): all done before. */
	smp_store_release(&kd->releasing, false);
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

/*
 * Unlink @kd from its translations, its group and the list of devices,
 * and from its device: the caller frees it. A device not reset still
 * counted as live on its translations; their entries are left as they
 * are.
 */
static void kdump_dev_drop_locked(struct iommu_kdump_dev *kd)
{
	unsigned int i;

	lockdep_assert_held(&kdump_mutex);
	for (i = 0; i < kd->nr_xl; i++) {
		struct kdump_xl_rt *rt = kd_rt(kd, i);

		if (!WARN_ON_ONCE(!rt->nr_devs))
			rt->nr_devs--;
		if (!kd->reset && !WARN_ON_ONCE(!rt->nr_live))
			rt->nr_live--;
	}
	kdump_group_leave(kd);
	list_del(&kd->node);
	WRITE_ONCE(kd->dev->iommu->kdump, NULL);
}

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

	if (!kd)
		return;
	mutex_lock(&kdump_mutex);
	kdump_release_locked(kd);
	kdump_dev_drop_locked(kd);
	mutex_unlock(&kdump_mutex);
	/* A device being removed has no driver left to map DMA. */
	kfree(kd);
}
EXPORT_SYMBOL_IF_KUNIT(iommu_kdump_release_device);

/**
 * iommu_kdump_forget_device() - the IOMMU core gave up on a device's probe
 * @dev: the device; the IOMMU core is about to free @dev->iommu
 *
 * The driver's probe_device may have made the core's record of @dev
 * before the IOMMU core gave up on the device (iommu_init_device() or
 * __iommu_probe_device() failing later). The device was not reset: the
 * record is dropped without releasing anything, its old entry stays as
 * adopted or blocked, and a later probe makes a new record. Called before
 * iommu_kdump_release_device() could treat the device as removed.
 *
 * Context: process context, may sleep; the group's lock held if @dev is
 * in a group.
 */
void iommu_kdump_forget_device(struct device *dev)
{
	struct iommu_kdump_dev *kd = kdump_dev_of(dev);

	if (!kd)
		return;
	mutex_lock(&kdump_mutex);
	kdump_dev_drop_locked(kd);
	mutex_unlock(&kdump_mutex);
	kfree(kd);
}
EXPORT_SYMBOL_IF_KUNIT(iommu_kdump_forget_device);

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

	/* Pairs with the release in kdump_unit_adopt(): a complete plan. */
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
