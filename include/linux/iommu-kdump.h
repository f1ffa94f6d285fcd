/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Keep IOMMUs translating across a crash: the interface between the IOMMU
 * drivers, the PCI core and the vendor-neutral handover core
 * (drivers/iommu/kdump/handover.c). See Documentation/admin-guide/kdump/
 * iommu.rst for the words used here.
 */
#ifndef __LINUX_IOMMU_KDUMP_H
#define __LINUX_IOMMU_KDUMP_H

#include <linux/errno.h>
#include <linux/types.h>

struct device;
struct iommu_domain;
struct list_head;
struct kdump_oldmem;
struct kdump_xlate;

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

struct iommu_kdump_unit;

/**
 * struct iommu_kdump_unit_ops - what the core asks of an IOMMU driver
 * @release: stop the old translation of requester @sid, whose device was
 *	reset and has no capture-kernel domain attached: make the entry
 *	non-present (nothing is in flight any more) and flush the caches that
 *	may hold it. Called with no core lock held; may sleep.
 */
struct iommu_kdump_unit_ops {
	void (*release)(struct iommu_kdump_unit *unit, u32 sid,
			struct device *dev);
};

/**
 * struct iommu_kdump_run - one run of old mappings found by a table walk
 * @iova: first IOVA
 * @pa: old physical address
 * @size: bytes
 * @prot: KDUMP_PROT_* permissions
 */
struct iommu_kdump_run {
	u64 iova;
	u64 pa;
	u64 size;
	u32 prot;
};

/**
 * struct iommu_kdump_runs - the runs of the device a walk is visiting
 * @run: array of @max runs, @nr used
 * @nr: runs gathered
 * @max: runs allocated
 * @oom: a run could not be stored; the device must be blocked
 */
struct iommu_kdump_runs {
	struct iommu_kdump_run *run;
	unsigned int nr;
	unsigned int max;
	bool oom;
};

/**
 * iommu_kdump_runs_why() - must a walked device be blocked?
 * @r: the runs gathered for it
 * @why: the validator's reason to block it, or NULL
 *
 * A device whose mappings could not all be stored cannot be inherited
 * later, so it is blocked like an invalid one. Drivers ask this before
 * they copy the device's old entry; iommu_kdump_record_runs() records the
 * same verdict.
 *
 * Return: @why, else a reason if a run was lost, else NULL (adopt it).
 */
static inline const char *iommu_kdump_runs_why(const struct iommu_kdump_runs *r,
					       const char *why)
{
	if (why)
		return why;
	return r->oom ? "out of memory recording the old mappings" : NULL;
}

/**
 * iommu_kdump_runs_drop() - forget the runs of a device that is not recorded
 * @r: the runs
 */
static inline void iommu_kdump_runs_drop(struct iommu_kdump_runs *r)
{
	r->nr = 0;
	r->oom = false;
}

#ifdef CONFIG_KDUMP_ACCEPT_ACTIVE_IOMMU

bool iommu_kdump_active(void);
int iommu_kdump_parse_option(const char *opt);
const struct kdump_oldmem *iommu_kdump_oldmem(void);

struct iommu_kdump_unit *
iommu_kdump_unit_create(const char *name, const struct iommu_kdump_unit_ops *ops,
			void *priv);
void *iommu_kdump_unit_priv(struct iommu_kdump_unit *unit);
void iommu_kdump_unit_blocked(struct iommu_kdump_unit *unit, const char *why);
void iommu_kdump_block_range(struct iommu_kdump_unit *unit, u32 first,
			     u32 last, const char *why);
void iommu_kdump_unit_done(struct iommu_kdump_unit *unit, u64 start_ns);

int iommu_kdump_record(struct iommu_kdump_unit *unit, u32 sid,
		       const struct kdump_xlate *x, const char *why);
int iommu_kdump_record_range(struct iommu_kdump_unit *unit, u32 sid, u64 iova,
			     u64 pa, u64 size, u32 prot);

enum iommu_kdump_state iommu_kdump_state(struct iommu_kdump_unit *unit,
					 u32 sid);
void iommu_kdump_bind_device(struct iommu_kdump_unit *unit, u32 sid,
			     struct device *dev);
void iommu_kdump_probe_device(struct iommu_kdump_unit *unit, u32 sid,
			      struct device *dev);
int iommu_kdump_runs_add(void *arg, u64 iova, u64 pa, u64 size, u32 prot);
int iommu_kdump_record_runs(struct iommu_kdump_unit *unit, u32 sid,
			    const struct kdump_xlate *x, const char *why,
			    struct iommu_kdump_runs *r);
void iommu_kdump_runs_free(struct iommu_kdump_runs *r);
void iommu_kdump_get_resv_regions(struct iommu_kdump_unit *unit, u32 sid,
				  struct list_head *head);
int iommu_kdump_inherit(struct iommu_kdump_unit *unit, u32 sid,
			struct iommu_domain *domain);
bool iommu_kdump_fault(struct iommu_kdump_unit *unit, u32 sid);

void iommu_kdump_device_reset_done(struct device *dev);

#else /* !CONFIG_KDUMP_ACCEPT_ACTIVE_IOMMU */

static inline bool iommu_kdump_active(void)
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
