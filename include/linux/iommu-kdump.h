/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Keep IOMMUs translating across a crash: what IOMMU drivers and the PCI
 * core use of the kdump handover core (drivers/iommu/kdump/). See
 * Documentation/admin-guide/kdump/iommu.rst for the words used here.
 */
#ifndef __LINUX_IOMMU_KDUMP_H
#define __LINUX_IOMMU_KDUMP_H

#include <linux/errno.h>
#include <linux/types.h>

struct device;
struct iommu_kdump_unit;
struct kdump_plan;
struct kdump_plan_xl;
struct kdump_stage;

/**
 * enum iommu_kdump_state - what the capture kernel did with a device
 * @IOMMU_KDUMP_UNPROTECTED: no IOMMU translates the device's DMA
 * @IOMMU_KDUMP_ADOPTED: the old translation was validated and is still used
 * @IOMMU_KDUMP_INHERITED: a capture-kernel domain was attached before the
 *	device was reset; it maps the old IOVA ranges to the old pages
 * @IOMMU_KDUMP_RELEASED: the device was reset; its old mappings are gone
 * @IOMMU_KDUMP_BLOCKED: the old state was invalid; all DMA faults until reset
 * @IOMMU_KDUMP_NR_STATES: number of states, not a state
 */
enum iommu_kdump_state {
	IOMMU_KDUMP_UNPROTECTED,
	IOMMU_KDUMP_ADOPTED,
	IOMMU_KDUMP_INHERITED,
	IOMMU_KDUMP_RELEASED,
	IOMMU_KDUMP_BLOCKED,
	IOMMU_KDUMP_NR_STATES,
};

/**
 * struct iommu_kdump_ops - the four things the core asks of an IOMMU driver
 * @describe: report every old translation of the unit into @plan, through
 *	the unit walker of drivers/iommu/kdump/fmt_*.c for the hardware's
 *	format and kdump_plan_sink(); call kdump_plan_unit_bad() if the
 *	unit's old state is unusable as a whole. Nothing may be written to
 *	the hardware. Process context, may sleep.
 * @replace: make the entry of @xl hold the validated old entry (@own NULL)
 *	or the old entry re-pointed at the capture-owned page table @own,
 *	without the hardware ever seeing anything but the entry it had and
 *	the new one (with the invalidations that takes). Return 0 or a
 *	negative errno; on error the core blocks the translation. Process
 *	context, may sleep.
 * @block: make the entry of @xl refuse every request, reporting faults
 *	where the hardware can; a no-op if the entry is not installed.
 *	Process context, may sleep.
 * @release: every device using @xl was reset and no capture-kernel
 *	domain replaced its entry: remove the old entry (nothing is in flight
 *	any more) and invalidate what caches it. Process context, may sleep.
 *
 * Everything else (which entries are adopted, blocked, inherited or
 * released, reservations, refusals, the report) is the core's.
 * Not an operation: the core defers a device's attach to its first
 * dma_map_*(), maybe in atomic context. arm-smmu's attach_dev does not
 * sleep then; VT-d's and AMD-Vi's can, as in their own deferred attach.
 */
struct iommu_kdump_ops {
	int (*describe)(struct iommu_kdump_unit *unit, struct kdump_plan *plan);
	int (*replace)(struct iommu_kdump_unit *unit,
		       const struct kdump_plan_xl *xl,
		       const struct kdump_stage *own);
	void (*block)(struct iommu_kdump_unit *unit,
		      const struct kdump_plan_xl *xl);
	void (*release)(struct iommu_kdump_unit *unit,
			const struct kdump_plan_xl *xl);
};

/**
 * struct iommu_kdump_unit_desc - an IOMMU instance whose old state to adopt
 * @name: its name in messages and the report (e.g. "dmar0"); copied
 * @ops: the driver's operations; must outlive the kernel
 * @priv: the driver's instance, see iommu_kdump_unit_priv()
 * @enc_bit: table addresses given to the hardware carry the memory
 *	encryption bit (AMD SME)
 * @noncoherent: the hardware does not snoop CPU caches when it reads
 *	tables (VT-d ECAP.C == 0): tables the core builds are flushed
 */
struct iommu_kdump_unit_desc {
	const char *name;
	const struct iommu_kdump_ops *ops;
	void *priv;
	bool enc_bit;
	bool noncoherent;
};

#ifdef CONFIG_KDUMP_ACCEPT_ACTIVE_IOMMU

bool iommu_kdump_active(void);
bool iommu_kdump_keep_on(const char *what);
int iommu_kdump_parse_option(const char *opt);

struct iommu_kdump_unit *
iommu_kdump_adopt(const struct iommu_kdump_unit_desc *desc);
void *iommu_kdump_unit_priv(struct iommu_kdump_unit *unit);
bool iommu_kdump_id_used(struct iommu_kdump_unit *unit, unsigned int space,
			 u32 id);
void iommu_kdump_probe_device(struct iommu_kdump_unit *unit,
			      struct device *dev, const u32 *sids,
			      unsigned int nr);
bool iommu_kdump_fault(struct iommu_kdump_unit *unit, u32 sid, u32 pasid);
void iommu_kdump_device_reset_done(struct device *dev);

#else /* !CONFIG_KDUMP_ACCEPT_ACTIVE_IOMMU */

static inline bool iommu_kdump_active(void)
{
	return false;
}

static inline bool iommu_kdump_keep_on(const char *what)
{
	return false;
}

static inline int iommu_kdump_parse_option(const char *opt)
{
	return -EINVAL;
}

static inline void iommu_kdump_device_reset_done(struct device *dev)
{
}

#endif /* CONFIG_KDUMP_ACCEPT_ACTIVE_IOMMU */

#endif /* __LINUX_IOMMU_KDUMP_H */
