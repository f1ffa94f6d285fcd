/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fixture of the kdump IOMMU handover core's KUnit tests
 * (core_kunit.c, domain_kunit.c): a made-up VT-d unit in made-up old
 * memory, a recording fake driver and recording fake capture-kernel
 * domains. See core_kunit.c.
 */
#ifndef __DRIVERS_IOMMU_KDUMP_CORE_KUNIT_H
#define __DRIVERS_IOMMU_KDUMP_CORE_KUNIT_H

#include <kunit/test.h>
#include <linux/iommu.h>
#include <linux/sizes.h>

#include "core.h"

#define KC_BASE		0x10000000ULL
#define KC_PAGES	32
#define KC_PA(n)	(KC_BASE + (u64)(n) * SZ_4K)
#define KC_CAP_START	0x40000000ULL
#define KC_CAP_END	0x50000000ULL
#define KC_MAX_MAPS	64
#define KC_MAX_CALLS	16

/* Old memory: page 0 root table, page 1 context table of bus 0. */
struct kc_mem {
	u8 ram[KC_PAGES][SZ_4K];
	struct kdump_range old_ram;
	struct kdump_range capture;
	struct kdump_oldmem m;
};

/* What the core asked of the driver. */
struct kc_calls {
	u32 replace[KC_MAX_CALLS];
	u64 own_root[KC_MAX_CALLS];
	unsigned int nr_replace;
	u32 release[KC_MAX_CALLS];
	unsigned int nr_release;
	unsigned int nr_block;
	bool bad_unit;
	/* release asks iommu_kdump_attach() for this pair, if set */
	struct device *attach_dev;
	struct iommu_domain *attach_dom;
	int attach_in_release;
};

/*
 * One test: its old memory, and the unit whose root table is at page
 * @root_page of it; @second is another unit over the same memory.
 */
struct kc_ctx {
	struct kc_mem *mem;
	unsigned int root_page;
	struct kc_ctx *second;
	struct kc_calls calls;
	struct iommu_kdump_unit *unit;
	struct device *dev[3];
	struct dev_iommu iommu[3];
};

/* A capture-kernel domain that records what the core maps into it. */
struct kc_map {
	unsigned long iova;
	phys_addr_t pa;
	size_t size;
};

struct kc_domain {
	struct iommu_domain domain;
	struct kc_map maps[KC_MAX_MAPS];
	unsigned int nr_maps;
	unsigned int map_calls;
	unsigned int unmap_calls;
	unsigned int fail_at;
};

static inline struct kc_domain *to_kc(struct iommu_domain *domain)
{
	return container_of(domain, struct kc_domain, domain);
}

/* Group keys: devices probed with the same key share a group. */
extern char kc_group_a, kc_group_b;

void kc_w64(struct kc_mem *mem, u64 pa, u64 v);
void kc_dev_at(struct kc_mem *mem, unsigned int root, u8 devfn, u16 did,
	       unsigned int pt, u64 iova, unsigned int leaf, unsigned int nr);
void kc_dev(struct kc_mem *mem, u8 devfn, u16 did, unsigned int pt,
	    u64 iova, unsigned int leaf, unsigned int nr);
void kc_dev_pt(struct kc_mem *mem, u8 devfn, u16 did);
void kc_dev_bad(struct kc_mem *mem, u8 devfn);
struct iommu_domain *kc_domain(struct kunit *test, unsigned int type);
phys_addr_t kc_xlate(struct iommu_domain *domain, unsigned long iova);
int kc_init(struct kunit *test);
void kc_exit(struct kunit *test);
void kc_adopt(struct kunit *test);
struct kc_ctx *kc_adopt_second(struct kunit *test, unsigned int root);
struct iommu_kdump_dev *kc_probe(struct kunit *test, int i, u32 sid,
				 void *group);
int kc_default_domain(struct kunit *test, int i, struct iommu_domain *dom);
int kc_switch(struct kunit *test, int i, struct iommu_domain *dom);

#endif /* __DRIVERS_IOMMU_KDUMP_CORE_KUNIT_H */
