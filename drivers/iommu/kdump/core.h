/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the kdump IOMMU handover core: the records of units, devices and
 * groups that switch.c, oldmem.c, unit.c, group.c, device.c, domain.c and
 * report.c share. Not for drivers; they use <linux/iommu-kdump.h>.
 */
#ifndef __DRIVERS_IOMMU_KDUMP_CORE_H
#define __DRIVERS_IOMMU_KDUMP_CORE_H

#include <linux/atomic.h>
#include <linux/iommu-kdump.h>
#include <linux/list.h>
#include <linux/ratelimit.h>
#include <linux/types.h>

#include "hooks.h"
#include "plan.h"

struct device;
struct iommu_domain;

/**
 * struct kdump_xl_rt - what happens to one old translation at run time
 * @faults: faults its requests caused
 * @rs: rate limit of the fault messages
 * @state: an &enum iommu_kdump_state
 * @on_old: the hardware still uses the entry the core installed (the
 *	adopted or re-pointed old entry), not one of a capture-kernel domain
 * @nr_devs: devices bound to it
 * @nr_live: of those, not reset
 *
 * Indexed like &kdump_plan.xl. @state, @nr_devs and @nr_live change under
 * kdump_mutex; @on_old is cleared locklessly by the attach path; the fault
 * path reads @state without a lock.
 */
struct kdump_xl_rt {
	atomic64_t faults;
	struct ratelimit_state rs;
	u8 state;
	bool on_old;
	u16 nr_devs;
	u16 nr_live;
};

/**
 * struct iommu_kdump_unit - one IOMMU instance whose old state was handed over
 * @node: in kdump_units, under kdump_mutex
 * @name: for messages and the report
 * @ops: the driver's operations
 * @priv: the driver's instance
 * @enc_bit: see &iommu_kdump_unit_desc.enc_bit
 * @noncoherent: see &iommu_kdump_unit_desc.noncoherent
 * @alloc: the plan's allocator, charged to @budget
 * @budget: bytes the unit may still allocate
 * @used: bytes it has allocated
 * @pages: capture-owned tables built for it (struct page.lru)
 * @plan: what the adoption decided; immutable once adopted, so the fault
 *	path reads it without a lock
 * @rt: run-time state of each translation of @plan
 * @faults: faults of IDs with no translation of their own (blocked unit
 *	or range)
 * @rs: rate limit of those messages
 * @handover_ns: time the adoption took
 * @adopted: the adoption is complete (@plan and @rt may be read)
 */
struct iommu_kdump_unit {
	struct list_head node;
	char name[32];
	const struct iommu_kdump_ops *ops;
	void *priv;
	bool enc_bit;
	bool noncoherent;
	struct kdump_alloc alloc;
	u64 budget;
	u64 used;
	struct list_head pages;
	struct kdump_plan plan;
	struct kdump_xl_rt *rt;
	atomic64_t faults;
	struct ratelimit_state rs;
	u64 handover_ns;
	bool adopted;
};

struct kdump_group;

/**
 * struct iommu_kdump_dev - what the core knows about one device
 * @node: in kdump_devs, under kdump_mutex
 * @dev: the device
 * @unit: the unit that translates it
 * @grp: its IOMMU group's record, once the IOMMU core gave it a domain
 * @gnode: in @grp->devs
 * @state: an &enum iommu_kdump_state; written under kdump_mutex, except
 *	the attach path's lockless cmpxchg() from adopted to inherited (a
 *	locked writer's later WRITE_ONCE() wins, an earlier one makes the
 *	cmpxchg() fail); read by the attach and fault paths without it
 * @reset: the device was reset (or removed)
 * @releasing: set before @state turns released, cleared once release is
 *	done; written under kdump_mutex, read by the attach path without it
 * @why: why it is blocked
 * @prepared: the domain its old mappings are mapped into and that its
 *	deferred attach may switch to; written under kdump_mutex, read by
 *	the attach path without it
 * @attached: the domain the hardware was last switched to for it
 * @inherit_ns: time taken to map the old mappings into @prepared
 * @release_ns: time taken to release them
 * @nr_xl: translations it uses
 * @xl: their indices in the unit's plan
 *
 * Hangs off dev->iommu->kdump; freed when the IOMMU core releases the
 * device.
 */
struct iommu_kdump_dev {
	struct list_head node;
	struct device *dev;
	struct iommu_kdump_unit *unit;
	struct kdump_group *grp;
	struct list_head gnode;
	u8 state;
	bool reset;
	bool releasing;
	const char *why;
	struct iommu_domain *prepared;
	struct iommu_domain *attached;
	u64 inherit_ns;
	u64 release_ns;
	unsigned int nr_xl;
	u32 xl[];
};

extern struct mutex kdump_mutex;
extern struct list_head kdump_units;
extern struct list_head kdump_devs;
extern const char * const kdump_state_names[IOMMU_KDUMP_NR_STATES];

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

static inline struct kdump_plan_xl *kd_xl(struct iommu_kdump_dev *kd, unsigned int i)
{
	return &kd->unit->plan.xl[kd->xl[i]];
}

static inline struct kdump_xl_rt *kd_rt(struct iommu_kdump_dev *kd, unsigned int i)
{
	return &kd->unit->rt[kd->xl[i]];
}

/* A device with old DMA the core still confines. */
static inline bool kd_live(const struct iommu_kdump_dev *kd)
{
	u8 state = READ_ONCE(kd->state);

	return state == IOMMU_KDUMP_ADOPTED || state == IOMMU_KDUMP_INHERITED;
}

/* Between the core's files. */
const struct kdump_oldmem *kdump_oldmem(void);
struct iommu_kdump_dev *kdump_dev_of(struct device *dev);
void kdump_release_locked(struct iommu_kdump_dev *kd);
struct kdump_group *kdump_group_get(struct iommu_kdump_dev *kd);
struct kdump_gdom *kdump_gdom_find(struct kdump_group *grp,
				   struct iommu_domain *domain);
void kdump_gdom_drop(struct kdump_group *grp, struct kdump_gdom *gd,
		     bool unmap);
int kdump_prepare_domain(struct iommu_group *group, struct iommu_kdump_dev *kd,
			 struct iommu_domain *domain, bool deferred);
void kdump_group_trim(struct kdump_group *grp);
void kdump_group_leave(struct iommu_kdump_dev *kd);
void kdump_groups_forget_domain(struct iommu_domain *domain);
void kdump_count_faults(struct iommu_kdump_dev *kd, u64 *faults);

#if IS_ENABLED(CONFIG_KUNIT)
extern bool kdump_kunit_active;
struct iommu_kdump_unit *
kdump_unit_adopt_with(const struct iommu_kdump_unit_desc *desc,
		      const struct kdump_oldmem *m);
void kdump_unit_destroy(struct iommu_kdump_unit *unit);
bool kdump_kunit_parsed(const char *opt);
struct seq_file;
int kdump_report_show(struct seq_file *m, void *unused);
#endif

#endif /* __DRIVERS_IOMMU_KDUMP_CORE_H */
