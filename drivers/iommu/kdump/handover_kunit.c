// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the kdump IOMMU handover core (handover.c).
 *
 * Each test drives one requester (sid) of a unit through the transitions a
 * capture kernel makes: recorded (adopted or blocked), attached to a new
 * domain (inherited, or refused), reset (released), and faulting on the
 * way. Its name says which transition and what must come of it
 * ("reset_releases_inherited_and_unmaps").
 *
 * The "new domain" is a recording fake: a paging &struct iommu_domain whose
 * map_pages/unmap_pages keep a small table of (IOVA, PA, size, prot), so a
 * test reads back exactly what the core mapped, and whose iotlb_sync logs
 * every flush. The vendor driver is a fake &struct iommu_kdump_unit_ops
 * whose release() records its calls. Devices are root devices. A test
 * runs with kdump_kunit_active set, as if this were a kdump kernel booted
 * with iommu=accept_active.
 *
 * Units and records live as long as the capture kernel (handover.c has no
 * teardown), but a record points to its device, and the report and the
 * reset path walk every unit. So each test gets a unit of its own, named
 * after a counter, and test exit forgets it with the KUnit-only
 * kdump_unit_destroy() before the test's device goes away: no test sees
 * another's records, and the sids below may repeat between tests.
 */
#include <kunit/test.h>
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/iommu.h>
#include <linux/iommu-kdump.h>
#include <linux/iova.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "handover_kunit.h"
#include "validate.h"

#define KH_SID		0x10
#define KH_SID2		0x11
#define KH_MAX_MAPS	16
#define KH_MAX_FLUSH	16
#define KH_REPORT_SIZE	SZ_64K

/* One mapping the fake domain holds. */
struct kh_map {
	unsigned long iova;
	phys_addr_t pa;
	size_t size;
	int prot;
};

/* A capture-kernel DMA domain that records instead of translating. */
struct kh_domain {
	struct iommu_domain domain;
	struct kh_map maps[KH_MAX_MAPS];
	unsigned int nr_maps;
	/* map_pages() calls so far, and the one (from 1) that fails; 0: none */
	unsigned int map_calls;
	unsigned int fail_at;
	/* IOTLB flushes that covered something: first and last IOVA */
	unsigned long flush_start[KH_MAX_FLUSH];
	unsigned long flush_end[KH_MAX_FLUSH];
	unsigned int nr_flushes;
};

/* One test's world: its unit, its device, its domain, its driver's calls. */
struct kh_ctx {
	struct iommu_kdump_unit *unit;
	char unit_name[32];
	struct device *dev;
	struct kh_domain *kdom;
	unsigned int releases;
	u32 release_sid;
	struct device *release_dev;
};

static struct kh_domain *to_kh_domain(struct iommu_domain *domain)
{
	return container_of(domain, struct kh_domain, domain);
}

static int kh_map_pages(struct iommu_domain *domain, unsigned long iova,
			phys_addr_t paddr, size_t pgsize, size_t pgcount,
			int prot, gfp_t gfp, size_t *mapped)
{
	struct kh_domain *kdom = to_kh_domain(domain);
	struct kh_map *m;

	if (++kdom->map_calls == kdom->fail_at)
		return -ENOMEM;
	if (kdom->nr_maps == KH_MAX_MAPS)
		return -ENOSPC;
	m = &kdom->maps[kdom->nr_maps++];
	m->iova = iova;
	m->pa = paddr;
	m->size = pgsize * pgcount;
	m->prot = prot;
	*mapped = m->size;
	return 0;
}

/* Removes every mapping inside [iova, iova + pgsize * pgcount). */
static size_t kh_unmap_pages(struct iommu_domain *domain, unsigned long iova,
			     size_t pgsize, size_t pgcount,
			     struct iommu_iotlb_gather *gather)
{
	struct kh_domain *kdom = to_kh_domain(domain);
	size_t size = pgsize * pgcount, unmapped = 0;
	unsigned int i = 0;

	while (i < kdom->nr_maps) {
		struct kh_map *m = &kdom->maps[i];

		if (m->iova < iova || m->iova + m->size > iova + size) {
			i++;
			continue;
		}
		unmapped += m->size;
		*m = kdom->maps[--kdom->nr_maps];
	}
	if (unmapped)
		iommu_iotlb_gather_add_range(gather, iova, size);
	return unmapped;
}

static void kh_iotlb_sync(struct iommu_domain *domain,
			  struct iommu_iotlb_gather *gather)
{
	struct kh_domain *kdom = to_kh_domain(domain);

	/* iommu_map() unwinding nothing still syncs an empty gather. */
	if (gather->start > gather->end || kdom->nr_flushes == KH_MAX_FLUSH)
		return;
	kdom->flush_start[kdom->nr_flushes] = gather->start;
	kdom->flush_end[kdom->nr_flushes] = gather->end;
	kdom->nr_flushes++;
}

static const struct iommu_domain_ops kh_domain_ops = {
	.map_pages	= kh_map_pages,
	.unmap_pages	= kh_unmap_pages,
	.iotlb_sync	= kh_iotlb_sync,
};

/* The mapping of the fake domain that translates @iova, or NULL. */
static const struct kh_map *kh_lookup(struct kh_domain *kdom,
				      unsigned long iova)
{
	unsigned int i;

	for (i = 0; i < kdom->nr_maps; i++) {
		if (iova >= kdom->maps[i].iova &&
		    iova - kdom->maps[i].iova < kdom->maps[i].size)
			return &kdom->maps[i];
	}
	return NULL;
}

static void kh_release(struct iommu_kdump_unit *unit, u32 sid,
		       struct device *dev)
{
	struct kh_ctx *ctx = iommu_kdump_unit_priv(unit);

	ctx->releases++;
	ctx->release_sid = sid;
	ctx->release_dev = dev;
}

static const struct iommu_kdump_unit_ops kh_unit_ops = {
	.release = kh_release,
};

/* An old run: what the old kernel's page table mapped, merged. */
struct kh_run {
	u64 iova;
	u64 pa;
	u64 size;
	u32 prot;
};

/* Three runs of a typical dma-iommu user, near the top of 32-bit space. */
static const struct kh_run kh_runs[] = {
	{ 0xfffff000, 0x12340000, SZ_4K, IOMMU_READ | IOMMU_WRITE },
	{ 0xfff00000, 0x20000000, SZ_64K, IOMMU_READ },
	{ 0xffe00000, 0x30000000, SZ_1M, IOMMU_WRITE },
};

static const struct kdump_xlate kh_paging = {
	.kind	= KDUMP_XLATE_PAGING,
	.fmt	= &kdump_fmt_vtd_sl,
	.root	= 0x1000000,
	.levels	= 4,
	.tag	= 7,
};

static int kh_init(struct kunit *test)
{
	static unsigned int kh_seq;
	struct kh_ctx *ctx;

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx);
	snprintf(ctx->unit_name, sizeof(ctx->unit_name), "khunit%u", kh_seq++);

	ctx->kdom = kunit_kzalloc(test, sizeof(*ctx->kdom), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx->kdom);
	ctx->kdom->domain.type = IOMMU_DOMAIN_DMA;
	ctx->kdom->domain.ops = &kh_domain_ops;
	ctx->kdom->domain.pgsize_bitmap = SZ_4K;

	ctx->dev = root_device_register(ctx->unit_name);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx->dev);
	ctx->unit = iommu_kdump_unit_create(ctx->unit_name, &kh_unit_ops, ctx);
	if (!ctx->unit)
		root_device_unregister(ctx->dev);
	KUNIT_ASSERT_NOT_NULL(test, ctx->unit);
	test->priv = ctx;
	kdump_kunit_active = true;
	return 0;
}

static void kh_exit(struct kunit *test)
{
	struct kh_ctx *ctx = test->priv;

	if (!ctx)
		return;
	kdump_kunit_active = false;
	/* Records point to ctx->dev: forget them before it goes. */
	kdump_unit_destroy(ctx->unit);
	root_device_unregister(ctx->dev);
}

/* Records @sid as adopted with @nr of @runs, bound to the test's device. */
static void kh_adopt(struct kunit *test, u32 sid, const struct kh_run *runs,
		     unsigned int nr)
{
	struct kh_ctx *ctx = test->priv;
	unsigned int i;

	KUNIT_ASSERT_EQ(test, iommu_kdump_record(ctx->unit, sid, &kh_paging,
						 NULL), 0);
	for (i = 0; i < nr; i++)
		KUNIT_ASSERT_EQ(test,
				iommu_kdump_record_range(ctx->unit, sid,
							 runs[i].iova,
							 runs[i].pa,
							 runs[i].size,
							 runs[i].prot), 0);
	iommu_kdump_bind_device(ctx->unit, sid, ctx->dev);
}

static void kh_put_regions(struct list_head *head)
{
	struct iommu_resv_region *region, *next;

	list_for_each_entry_safe(region, next, head, list) {
		list_del(&region->list);
		kfree(region);
	}
}

static unsigned int kh_count_regions(struct kunit *test, u32 sid)
{
	struct kh_ctx *ctx = test->priv;
	struct iommu_resv_region *region;
	unsigned int nr = 0;
	LIST_HEAD(head);

	iommu_kdump_get_resv_regions(ctx->unit, sid, &head);
	list_for_each_entry(region, &head, list)
		nr++;
	kh_put_regions(&head);
	return nr;
}

/*
 * Prints the debugfs report and copies the value of " @field=" (up to the
 * next space) on the first line that starts with @prefix into @val.
 * Returns false if there is no such line or field.
 */
static bool kh_report_str(struct kunit *test, const char *prefix,
			  const char *field, char *val, size_t len)
{
	struct seq_file m = { };
	char *line, *next, *p;
	char key[32];

	m.size = KH_REPORT_SIZE;
	m.buf = kunit_kzalloc(test, m.size + 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, m.buf);
	KUNIT_ASSERT_EQ(test, kdump_report_show(&m, NULL), 0);
	KUNIT_ASSERT_FALSE(test, seq_has_overflowed(&m));
	m.buf[m.count] = '\0';
	snprintf(key, sizeof(key), " %s=", field);

	for (next = m.buf; (line = strsep(&next, "\n"));) {
		if (strncmp(line, prefix, strlen(prefix)))
			continue;
		p = strstr(line, key);
		if (!p)
			return false;
		p += strlen(key);
		p[strcspn(p, " ")] = '\0';
		strscpy(val, p, len);
		return true;
	}
	return false;
}

/* The number kh_report_str() finds, or -1. */
static long long kh_report(struct kunit *test, const char *prefix,
			   const char *field)
{
	char val[24];
	long long n;

	if (!kh_report_str(test, prefix, field, val, sizeof(val)))
		return -1;
	KUNIT_ASSERT_EQ_MSG(test, kstrtoll(val, 10, &n), 0, "%s=%s", field, val);
	return n;
}

/* A number on the report's line of @sid of this test's unit, or -1. */
static long long kh_dev_report(struct kunit *test, u32 sid, const char *field)
{
	struct kh_ctx *ctx = test->priv;
	char prefix[96];

	snprintf(prefix, sizeof(prefix), "device %s %s sid=%#x ",
		 ctx->unit_name, dev_name(ctx->dev), sid);
	return kh_report(test, prefix, field);
}

/* What the report's line of @sid of this test's unit says its state is. */
static const char *kh_dev_state(struct kunit *test, u32 sid)
{
	struct kh_ctx *ctx = test->priv;
	char prefix[96];
	char *val;

	val = kunit_kzalloc(test, 16, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, val);
	snprintf(prefix, sizeof(prefix), "device %s %s sid=%#x ",
		 ctx->unit_name, dev_name(ctx->dev), sid);
	if (!kh_report_str(test, prefix, "state", val, 16))
		return "(none)";
	return val;
}

static void record_valid_is_adopted(struct kunit *test)
{
	struct kh_ctx *ctx = test->priv;

	KUNIT_EXPECT_EQ(test, iommu_kdump_state(ctx->unit, KH_SID),
			IOMMU_KDUMP_UNPROTECTED);
	kh_adopt(test, KH_SID, kh_runs, ARRAY_SIZE(kh_runs));
	KUNIT_EXPECT_EQ(test, iommu_kdump_state(ctx->unit, KH_SID),
			IOMMU_KDUMP_ADOPTED);
	KUNIT_EXPECT_EQ(test, iommu_kdump_state(ctx->unit, KH_SID2),
			IOMMU_KDUMP_UNPROTECTED);
	KUNIT_EXPECT_EQ(test, iommu_kdump_state(NULL, KH_SID),
			IOMMU_KDUMP_UNPROTECTED);
	KUNIT_EXPECT_STREQ(test, kh_dev_state(test, KH_SID), "adopted");
	KUNIT_EXPECT_EQ(test, kh_dev_report(test, KH_SID, "tag"), 7);
	KUNIT_EXPECT_EQ(test, kh_dev_report(test, KH_SID, "levels"), 4);
	KUNIT_EXPECT_EQ(test, kh_dev_report(test, KH_SID, "ranges"), 3);
	KUNIT_EXPECT_EQ(test, kh_dev_report(test, KH_SID, "bytes"),
			SZ_4K + SZ_64K + SZ_1M);
}

static void record_invalid_is_blocked(struct kunit *test)
{
	struct kh_ctx *ctx = test->priv;

	KUNIT_ASSERT_EQ(test, iommu_kdump_record(ctx->unit, KH_SID, NULL,
						 "kunit"), 0);
	iommu_kdump_bind_device(ctx->unit, KH_SID, ctx->dev);
	KUNIT_EXPECT_EQ(test, iommu_kdump_state(ctx->unit, KH_SID),
			IOMMU_KDUMP_BLOCKED);
	KUNIT_EXPECT_STREQ(test, kh_dev_state(test, KH_SID), "blocked");
	/* A blocked device has no old mappings to keep. */
	KUNIT_EXPECT_EQ(test,
			iommu_kdump_record_range(ctx->unit, KH_SID, 0x1000,
						 0x1000, SZ_4K, IOMMU_READ),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, kh_count_regions(test, KH_SID), 0U);
}

static void record_twice_is_eexist(struct kunit *test)
{
	struct kh_ctx *ctx = test->priv;

	kh_adopt(test, KH_SID, kh_runs, 1);
	KUNIT_EXPECT_EQ(test, iommu_kdump_record(ctx->unit, KH_SID, &kh_paging,
						 NULL), -EEXIST);
	KUNIT_EXPECT_EQ(test, iommu_kdump_record(ctx->unit, KH_SID, NULL,
						 "kunit"), -EEXIST);
	/* The first record stands. */
	KUNIT_EXPECT_EQ(test, iommu_kdump_state(ctx->unit, KH_SID),
			IOMMU_KDUMP_ADOPTED);
	KUNIT_EXPECT_EQ(test, kh_count_regions(test, KH_SID), 1U);
}

static void ranges_adjacent_are_merged(struct kunit *test)
{
	static const struct kh_run runs[] = {
		{ 0x100000, 0x800000, SZ_4K, IOMMU_READ },
		{ 0x101000, 0x801000, SZ_8K, IOMMU_READ },
		{ 0x103000, 0x803000, SZ_4K, IOMMU_READ },
	};
	struct kh_ctx *ctx = test->priv;
	struct iommu_resv_region *region;
	LIST_HEAD(head);

	kh_adopt(test, KH_SID, runs, ARRAY_SIZE(runs));
	iommu_kdump_get_resv_regions(ctx->unit, KH_SID, &head);
	KUNIT_ASSERT_TRUE(test, list_is_singular(&head));
	region = list_first_entry(&head, struct iommu_resv_region, list);
	KUNIT_EXPECT_EQ(test, region->start, 0x100000);
	KUNIT_EXPECT_EQ(test, region->length, SZ_16K);
	kh_put_regions(&head);
	KUNIT_EXPECT_EQ(test, kh_dev_report(test, KH_SID, "ranges"), 1);
	KUNIT_EXPECT_EQ(test, kh_dev_report(test, KH_SID, "bytes"), SZ_16K);
}

/* Two runs that touch in one way but not in another. */
struct kh_gap {
	const char *name;
	struct kh_run second;
};

static const struct kh_gap kh_gaps[] = {
	{ "iova_gap", { 0x102000, 0x801000, SZ_4K, IOMMU_READ } },
	{ "pa_gap", { 0x101000, 0x900000, SZ_4K, IOMMU_READ } },
	{ "prot_differs", { 0x101000, 0x801000, SZ_4K, IOMMU_WRITE } },
};

static void kh_gap_desc(const struct kh_gap *g, char *desc)
{
	strscpy(desc, g->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(kh_gap, kh_gaps, kh_gap_desc);

static void ranges_gap_not_merged(struct kunit *test)
{
	const struct kh_gap *g = test->param_value;
	const struct kh_run runs[] = {
		{ 0x100000, 0x800000, SZ_4K, IOMMU_READ },
		g->second,
	};

	kh_adopt(test, KH_SID, runs, ARRAY_SIZE(runs));
	KUNIT_EXPECT_EQ(test, kh_count_regions(test, KH_SID), 2U);
	KUNIT_EXPECT_EQ(test, kh_dev_report(test, KH_SID, "ranges"), 2);
}

static void resv_regions_cover_every_old_range(struct kunit *test)
{
	struct kh_ctx *ctx = test->priv;
	struct iommu_resv_region *region;
	unsigned int i = 0;
	LIST_HEAD(head);

	kh_adopt(test, KH_SID, kh_runs, ARRAY_SIZE(kh_runs));
	iommu_kdump_get_resv_regions(ctx->unit, KH_SID, &head);
	list_for_each_entry(region, &head, list) {
		KUNIT_ASSERT_LT(test, i, ARRAY_SIZE(kh_runs));
		KUNIT_EXPECT_EQ(test, region->type, IOMMU_RESV_RESERVED);
		KUNIT_EXPECT_EQ(test, region->start, kh_runs[i].iova);
		KUNIT_EXPECT_EQ(test, region->length, kh_runs[i].size);
		i++;
	}
	kh_put_regions(&head);
	KUNIT_EXPECT_EQ(test, i, ARRAY_SIZE(kh_runs));
	/* Nothing for a requester the core has no record of. */
	KUNIT_EXPECT_EQ(test, kh_count_regions(test, KH_SID2), 0U);
}

static bool kh_overlaps_old(const struct iova *iova, unsigned long shift)
{
	unsigned int i;
	u64 lo, hi;

	for (i = 0; i < ARRAY_SIZE(kh_runs); i++) {
		lo = kh_runs[i].iova >> shift;
		hi = (kh_runs[i].iova + kh_runs[i].size - 1) >> shift;
		if (iova->pfn_lo <= hi && iova->pfn_hi >= lo)
			return true;
	}
	return false;
}

/*
 * What dma-iommu does with the reserved regions of a device it gives a DMA
 * domain (iommu_dma_init_domain(), iova_reserve_iommu_regions()), then
 * enough top-down allocations below 4 GiB to walk past every old run.
 */
static void new_iova_never_overlaps_inherited_range(struct kunit *test)
{
	struct kh_ctx *ctx = test->priv;
	struct iommu_resv_region *region;
	unsigned long shift, limit, lowest_old;
	struct iova_domain *iovad;
	unsigned int i, below = 0;
	struct iova *iova;
	LIST_HEAD(head);

	iovad = kunit_kzalloc(test, sizeof(*iovad), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, iovad);
	KUNIT_ASSERT_EQ(test, iova_cache_get(), 0);
	init_iova_domain(iovad, SZ_4K, 1);
	shift = iova_shift(iovad);
	limit = DMA_BIT_MASK(32) >> shift;
	lowest_old = kh_runs[ARRAY_SIZE(kh_runs) - 1].iova >> shift;

	kh_adopt(test, KH_SID, kh_runs, ARRAY_SIZE(kh_runs));
	iommu_kdump_get_resv_regions(ctx->unit, KH_SID, &head);
	list_for_each_entry(region, &head, list)
		KUNIT_EXPECT_NOT_NULL(test,
				      reserve_iova(iovad,
						   iova_pfn(iovad, region->start),
						   iova_pfn(iovad, region->start +
							    region->length - 1)));
	kh_put_regions(&head);

	/* 1 to 16 pages at a time, as dma_map_*() of mixed sizes would. */
	for (i = 0; i < 1024; i++) {
		iova = alloc_iova(iovad, 1 + i % 16, limit, true);
		if (!iova) {
			KUNIT_FAIL(test, "allocation %u failed", i);
			break;
		}
		if (kh_overlaps_old(iova, shift)) {
			KUNIT_FAIL(test, "new IOVA %#lx-%#lx overlaps an old run",
				   iova->pfn_lo << shift,
				   ((iova->pfn_hi + 1) << shift) - 1);
			break;
		}
		if (iova->pfn_hi < lowest_old)
			below++;
	}
	/* The allocator went past the old runs, so it did skip them. */
	KUNIT_EXPECT_GT(test, below, 0U);

	put_iova_domain(iovad);
	iova_cache_put();
}

static void kh_expect_runs_mapped(struct kunit *test, struct kh_domain *kdom)
{
	const struct kh_map *m;
	unsigned int i;

	KUNIT_EXPECT_EQ(test, kdom->nr_maps, ARRAY_SIZE(kh_runs));
	for (i = 0; i < ARRAY_SIZE(kh_runs); i++) {
		m = kh_lookup(kdom, kh_runs[i].iova);
		if (!m) {
			KUNIT_FAIL(test, "old IOVA %#llx not mapped",
				   kh_runs[i].iova);
			continue;
		}
		KUNIT_EXPECT_EQ(test, m->iova, kh_runs[i].iova);
		KUNIT_EXPECT_EQ(test, m->pa, kh_runs[i].pa);
		KUNIT_EXPECT_EQ(test, m->size, kh_runs[i].size);
		KUNIT_EXPECT_EQ(test, m->prot, kh_runs[i].prot);
	}
}

static void inherit_maps_old_iova_to_old_pa(struct kunit *test)
{
	struct kh_ctx *ctx = test->priv;
	const struct kh_map *m;

	kh_adopt(test, KH_SID, kh_runs, ARRAY_SIZE(kh_runs));
	KUNIT_ASSERT_EQ(test, iommu_kdump_inherit(ctx->unit, KH_SID,
						  &ctx->kdom->domain), 0);
	kh_expect_runs_mapped(test, ctx->kdom);

	/* The last page of the 1 MiB run lands on the last old page. */
	m = kh_lookup(ctx->kdom, 0xffe00000 + SZ_1M - SZ_4K);
	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_EXPECT_EQ(test, m->pa + (0xffe00000 + SZ_1M - SZ_4K - m->iova),
			(phys_addr_t)0x30000000 + SZ_1M - SZ_4K);
	/* Nothing around the runs. */
	KUNIT_EXPECT_NULL(test, kh_lookup(ctx->kdom, 0xffe00000 - SZ_4K));
	KUNIT_EXPECT_NULL(test, kh_lookup(ctx->kdom, 0xfff10000));
	/* The new domain is not flushed for mappings it never had. */
	KUNIT_EXPECT_EQ(test, ctx->kdom->nr_flushes, 0U);
}

static void adopted_to_inherited(struct kunit *test)
{
	struct kh_ctx *ctx = test->priv;

	kh_adopt(test, KH_SID, kh_runs, ARRAY_SIZE(kh_runs));
	KUNIT_ASSERT_EQ(test, iommu_kdump_inherit(ctx->unit, KH_SID,
						  &ctx->kdom->domain), 0);
	KUNIT_EXPECT_EQ(test, iommu_kdump_state(ctx->unit, KH_SID),
			IOMMU_KDUMP_INHERITED);
	KUNIT_EXPECT_STREQ(test, kh_dev_state(test, KH_SID), "inherited");
	/* Old IOVAs stay reserved while the device is not reset. */
	KUNIT_EXPECT_EQ(test, kh_count_regions(test, KH_SID),
			(unsigned int)ARRAY_SIZE(kh_runs));

	/* A second attach maps nothing more. */
	KUNIT_EXPECT_EQ(test, iommu_kdump_inherit(ctx->unit, KH_SID,
						  &ctx->kdom->domain), 0);
	KUNIT_EXPECT_EQ(test, ctx->kdom->map_calls,
			(unsigned int)ARRAY_SIZE(kh_runs));
	KUNIT_EXPECT_EQ(test, iommu_kdump_state(ctx->unit, KH_SID),
			IOMMU_KDUMP_INHERITED);
}

static void bypass_adopted_attaches_unmapped(struct kunit *test)
{
	struct kdump_xlate x = { .kind = KDUMP_XLATE_BYPASS, .tag = 1 };
	struct kh_ctx *ctx = test->priv;

	KUNIT_ASSERT_EQ(test, iommu_kdump_record(ctx->unit, KH_SID, &x, NULL),
			0);
	KUNIT_EXPECT_EQ(test, iommu_kdump_inherit(ctx->unit, KH_SID,
						  &ctx->kdom->domain), 0);
	KUNIT_EXPECT_EQ(test, ctx->kdom->map_calls, 0U);
	KUNIT_EXPECT_EQ(test, iommu_kdump_state(ctx->unit, KH_SID),
			IOMMU_KDUMP_ADOPTED);
}

static void blocked_refuses_attach(struct kunit *test)
{
	struct kh_ctx *ctx = test->priv;

	KUNIT_ASSERT_EQ(test, iommu_kdump_record(ctx->unit, KH_SID, NULL,
						 "kunit"), 0);
	iommu_kdump_bind_device(ctx->unit, KH_SID, ctx->dev);
	KUNIT_EXPECT_EQ(test, iommu_kdump_inherit(ctx->unit, KH_SID,
						  &ctx->kdom->domain), -EBUSY);
	KUNIT_EXPECT_EQ(test, ctx->kdom->map_calls, 0U);
	KUNIT_EXPECT_EQ(test, iommu_kdump_state(ctx->unit, KH_SID),
			IOMMU_KDUMP_BLOCKED);
	/* A requester the core does not know is none of its business. */
	KUNIT_EXPECT_EQ(test, iommu_kdump_inherit(ctx->unit, KH_SID2,
						  &ctx->kdom->domain), 0);
}

static void non_paging_domain_refused(struct kunit *test)
{
	struct kh_ctx *ctx = test->priv;

	kh_adopt(test, KH_SID, kh_runs, ARRAY_SIZE(kh_runs));
	ctx->kdom->domain.type = IOMMU_DOMAIN_IDENTITY;
	KUNIT_EXPECT_EQ(test, iommu_kdump_inherit(ctx->unit, KH_SID,
						  &ctx->kdom->domain), -EBUSY);
	KUNIT_EXPECT_EQ(test, ctx->kdom->map_calls, 0U);
	KUNIT_EXPECT_EQ(test, iommu_kdump_state(ctx->unit, KH_SID),
			IOMMU_KDUMP_ADOPTED);
}

static void reset_releases_inherited_and_unmaps(struct kunit *test)
{
	struct kh_ctx *ctx = test->priv;
	struct kh_domain *kdom = ctx->kdom;
	unsigned int i;

	kh_adopt(test, KH_SID, kh_runs, ARRAY_SIZE(kh_runs));
	KUNIT_ASSERT_EQ(test, iommu_kdump_inherit(ctx->unit, KH_SID,
						  &kdom->domain), 0);
	KUNIT_ASSERT_EQ(test, kdom->nr_maps, ARRAY_SIZE(kh_runs));

	iommu_kdump_device_reset_done(ctx->dev);
	KUNIT_EXPECT_EQ(test, iommu_kdump_state(ctx->unit, KH_SID),
			IOMMU_KDUMP_RELEASED);
	KUNIT_EXPECT_STREQ(test, kh_dev_state(test, KH_SID), "released");
	KUNIT_EXPECT_EQ(test, kdom->nr_maps, 0U);
	/* Each run was flushed from the IOTLB before the unmap returned. */
	KUNIT_ASSERT_EQ(test, kdom->nr_flushes, ARRAY_SIZE(kh_runs));
	for (i = 0; i < ARRAY_SIZE(kh_runs); i++) {
		KUNIT_EXPECT_EQ(test, kdom->flush_start[i], kh_runs[i].iova);
		KUNIT_EXPECT_EQ(test, kdom->flush_end[i],
				kh_runs[i].iova + kh_runs[i].size - 1);
	}
	/* The domain's own entries replaced the old ones: no vendor release. */
	KUNIT_EXPECT_EQ(test, ctx->releases, 0U);
	KUNIT_EXPECT_EQ(test, kh_count_regions(test, KH_SID), 0U);
}

/* Adopted and blocked devices translate through the old entry. */
static const enum iommu_kdump_state kh_vendor_released[] = {
	IOMMU_KDUMP_ADOPTED,
	IOMMU_KDUMP_BLOCKED,
};

static void kh_state_desc(const enum iommu_kdump_state *s, char *desc)
{
	strscpy(desc, *s == IOMMU_KDUMP_ADOPTED ? "adopted" : "blocked",
		KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(kh_vendor, kh_vendor_released, kh_state_desc);

static void reset_releases_adopted_via_vendor_op(struct kunit *test)
{
	const enum iommu_kdump_state *from = test->param_value;
	struct kh_ctx *ctx = test->priv;

	if (*from == IOMMU_KDUMP_ADOPTED) {
		kh_adopt(test, KH_SID, kh_runs, ARRAY_SIZE(kh_runs));
	} else {
		KUNIT_ASSERT_EQ(test, iommu_kdump_record(ctx->unit, KH_SID,
							 NULL, "kunit"), 0);
		iommu_kdump_bind_device(ctx->unit, KH_SID, ctx->dev);
	}
	/* Another requester on another device stays as it is. */
	KUNIT_ASSERT_EQ(test, iommu_kdump_record(ctx->unit, KH_SID2,
						 &kh_paging, NULL), 0);

	iommu_kdump_device_reset_done(ctx->dev);
	KUNIT_EXPECT_EQ(test, ctx->releases, 1U);
	KUNIT_EXPECT_EQ(test, ctx->release_sid, KH_SID);
	KUNIT_EXPECT_PTR_EQ(test, ctx->release_dev, ctx->dev);
	KUNIT_EXPECT_EQ(test, iommu_kdump_state(ctx->unit, KH_SID),
			IOMMU_KDUMP_RELEASED);
	KUNIT_EXPECT_EQ(test, iommu_kdump_state(ctx->unit, KH_SID2),
			IOMMU_KDUMP_ADOPTED);
	KUNIT_EXPECT_EQ(test, ctx->kdom->map_calls, 0U);

	/* A second reset has nothing left to release. */
	iommu_kdump_device_reset_done(ctx->dev);
	KUNIT_EXPECT_EQ(test, ctx->releases, 1U);
}

static void reset_outside_kdump_kernel_is_ignored(struct kunit *test)
{
	struct kh_ctx *ctx = test->priv;

	kh_adopt(test, KH_SID, kh_runs, ARRAY_SIZE(kh_runs));
	KUNIT_ASSERT_EQ(test, iommu_kdump_inherit(ctx->unit, KH_SID,
						  &ctx->kdom->domain), 0);
	kdump_kunit_active = false;
	KUNIT_EXPECT_FALSE(test, iommu_kdump_active());
	iommu_kdump_device_reset_done(ctx->dev);
	KUNIT_EXPECT_EQ(test, iommu_kdump_state(ctx->unit, KH_SID),
			IOMMU_KDUMP_INHERITED);
	KUNIT_EXPECT_EQ(test, ctx->kdom->nr_maps, ARRAY_SIZE(kh_runs));
	KUNIT_EXPECT_EQ(test, ctx->releases, 0U);
}

static void released_faults_not_counted(struct kunit *test)
{
	struct kh_ctx *ctx = test->priv;

	kh_adopt(test, KH_SID, kh_runs, ARRAY_SIZE(kh_runs));
	iommu_kdump_device_reset_done(ctx->dev);
	KUNIT_ASSERT_EQ(test, iommu_kdump_state(ctx->unit, KH_SID),
			IOMMU_KDUMP_RELEASED);
	/* A fault now is the capture kernel's own: report it as usual. */
	KUNIT_EXPECT_FALSE(test, iommu_kdump_fault(ctx->unit, KH_SID));
	KUNIT_EXPECT_EQ(test, kh_dev_report(test, KH_SID, "faults"), 0);
}

static void fault_counted_quietly(struct kunit *test)
{
	struct kh_ctx *ctx = test->priv;
	unsigned int i;

	kh_adopt(test, KH_SID, kh_runs, ARRAY_SIZE(kh_runs));
	/* More than the rate limit lets through: all counted, all ours. */
	for (i = 0; i < 10; i++)
		KUNIT_EXPECT_TRUE(test, iommu_kdump_fault(ctx->unit, KH_SID));
	KUNIT_EXPECT_EQ(test, kh_dev_report(test, KH_SID, "faults"), 10);
	KUNIT_EXPECT_EQ(test, iommu_kdump_state(ctx->unit, KH_SID),
			IOMMU_KDUMP_ADOPTED);
}

static void fault_unknown_sid_not_ours(struct kunit *test)
{
	struct kh_ctx *ctx = test->priv;
	char prefix[48];

	kh_adopt(test, KH_SID, kh_runs, ARRAY_SIZE(kh_runs));
	KUNIT_EXPECT_FALSE(test, iommu_kdump_fault(ctx->unit, KH_SID2));
	KUNIT_EXPECT_FALSE(test, iommu_kdump_fault(NULL, KH_SID));
	KUNIT_EXPECT_EQ(test, kh_dev_report(test, KH_SID, "faults"), 0);
	snprintf(prefix, sizeof(prefix), "unit %s ", ctx->unit_name);
	KUNIT_EXPECT_EQ(test, kh_report(test, prefix, "faults"), 0);
}

static void blocked_unit_counts_unprobed_faults(struct kunit *test)
{
	struct kh_ctx *ctx = test->priv;
	char prefix[48], blocked[16];

	snprintf(prefix, sizeof(prefix), "unit %s ", ctx->unit_name);
	KUNIT_EXPECT_FALSE(test, iommu_kdump_fault(ctx->unit, KH_SID));
	KUNIT_EXPECT_EQ(test, kh_report(test, prefix, "faults"), 0);
	KUNIT_ASSERT_TRUE(test, kh_report_str(test, prefix, "blocked", blocked,
					      sizeof(blocked)));
	KUNIT_EXPECT_STREQ(test, blocked, "-");

	iommu_kdump_unit_blocked(ctx->unit, "kunit");
	KUNIT_EXPECT_TRUE(test, iommu_kdump_fault(ctx->unit, KH_SID));
	KUNIT_EXPECT_TRUE(test, iommu_kdump_fault(ctx->unit, KH_SID2));
	KUNIT_EXPECT_EQ(test, kh_report(test, prefix, "faults"), 2);
	KUNIT_ASSERT_TRUE(test, kh_report_str(test, prefix, "blocked", blocked,
					      sizeof(blocked)));
	KUNIT_EXPECT_STREQ(test, blocked, "kunit");
	/* Still no record: the device was never probed. */
	KUNIT_EXPECT_EQ(test, iommu_kdump_state(ctx->unit, KH_SID),
			IOMMU_KDUMP_UNPROTECTED);
}

/* A walk that fails half way: devices already adopted become blocked. */
static void unit_blocked_blocks_adopted_records(struct kunit *test)
{
	struct kh_ctx *ctx = test->priv;

	kh_adopt(test, KH_SID, kh_runs, ARRAY_SIZE(kh_runs));
	iommu_kdump_unit_blocked(ctx->unit, "kunit");
	KUNIT_EXPECT_EQ(test, iommu_kdump_state(ctx->unit, KH_SID),
			IOMMU_KDUMP_BLOCKED);
	KUNIT_EXPECT_EQ(test, kh_count_regions(test, KH_SID), 0U);
	KUNIT_EXPECT_EQ(test, iommu_kdump_inherit(ctx->unit, KH_SID,
						  &ctx->kdom->domain), -EBUSY);
}

/* A device of a blocked range or unit gets a blocked record at probe. */
static void probe_in_blocked_range_records_blocked(struct kunit *test)
{
	struct kh_ctx *ctx = test->priv;

	iommu_kdump_block_range(ctx->unit, KH_SID, KH_SID, "kunit range");
	iommu_kdump_probe_device(ctx->unit, KH_SID2, ctx->dev);
	KUNIT_EXPECT_EQ(test, iommu_kdump_state(ctx->unit, KH_SID2),
			IOMMU_KDUMP_UNPROTECTED);
	iommu_kdump_probe_device(ctx->unit, KH_SID, ctx->dev);
	KUNIT_EXPECT_EQ(test, iommu_kdump_state(ctx->unit, KH_SID),
			IOMMU_KDUMP_BLOCKED);
	KUNIT_EXPECT_STREQ(test, kh_dev_state(test, KH_SID), "blocked");
	KUNIT_EXPECT_EQ(test, iommu_kdump_inherit(ctx->unit, KH_SID,
						  &ctx->kdom->domain), -EBUSY);
	/* An existing record is kept as it is. */
	iommu_kdump_unit_blocked(ctx->unit, "kunit unit");
	iommu_kdump_probe_device(ctx->unit, KH_SID, ctx->dev);
	KUNIT_EXPECT_EQ(test, iommu_kdump_state(ctx->unit, KH_SID),
			IOMMU_KDUMP_BLOCKED);
}

/* Runs gathered during a walk land in the record with the verdict. */
static void record_runs_adopts_or_blocks(struct kunit *test)
{
	struct kh_ctx *ctx = test->priv;
	struct iommu_kdump_runs r = {};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(kh_runs); i++)
		KUNIT_ASSERT_EQ(test, iommu_kdump_runs_add(&r, kh_runs[i].iova,
							   kh_runs[i].pa,
							   kh_runs[i].size,
							   kh_runs[i].prot), 0);
	KUNIT_EXPECT_EQ(test, iommu_kdump_record_runs(ctx->unit, KH_SID,
						      &kh_paging, NULL, &r), 0);
	KUNIT_EXPECT_EQ(test, r.nr, 0U);
	iommu_kdump_bind_device(ctx->unit, KH_SID, ctx->dev);
	KUNIT_EXPECT_EQ(test, kh_count_regions(test, KH_SID),
			(unsigned int)ARRAY_SIZE(kh_runs));

	/* A blocked verdict drops the runs. */
	KUNIT_ASSERT_EQ(test, iommu_kdump_runs_add(&r, 0x1000, 0x1000, SZ_4K,
						   IOMMU_READ), 0);
	KUNIT_EXPECT_EQ(test, iommu_kdump_record_runs(ctx->unit, KH_SID2,
						      &kh_paging, "kunit", &r),
			0);
	KUNIT_EXPECT_EQ(test, iommu_kdump_state(ctx->unit, KH_SID2),
			IOMMU_KDUMP_BLOCKED);
	KUNIT_EXPECT_EQ(test, r.nr, 0U);
	iommu_kdump_runs_free(&r);
	KUNIT_EXPECT_NULL(test, r.run);
}

/* Which map_pages() call fails: the first, a middle and the last run. */
static const unsigned int kh_fail_nth[] = { 1, 2, 3 };

static void kh_nth_desc(const unsigned int *nth, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "map_%u_fails", *nth);
}

KUNIT_ARRAY_PARAM(kh_nth, kh_fail_nth, kh_nth_desc);

static void inherit_map_failure_unwinds(struct kunit *test)
{
	const unsigned int *nth = test->param_value;
	struct kh_ctx *ctx = test->priv;
	struct kh_domain *kdom = ctx->kdom;

	kh_adopt(test, KH_SID, kh_runs, ARRAY_SIZE(kh_runs));
	kdom->fail_at = *nth;
	KUNIT_EXPECT_EQ(test, iommu_kdump_inherit(ctx->unit, KH_SID,
						  &kdom->domain), -ENOMEM);
	KUNIT_EXPECT_EQ(test, kdom->map_calls, *nth);
	/* Every run mapped before the failure was unmapped and flushed. */
	KUNIT_EXPECT_EQ(test, kdom->nr_maps, 0U);
	KUNIT_EXPECT_EQ(test, kdom->nr_flushes, *nth - 1);
	KUNIT_EXPECT_EQ(test, iommu_kdump_state(ctx->unit, KH_SID),
			IOMMU_KDUMP_ADOPTED);

	/* The device can still be attached once the domain works. */
	kdom->fail_at = 0;
	kdom->map_calls = 0;
	KUNIT_EXPECT_EQ(test, iommu_kdump_inherit(ctx->unit, KH_SID,
						  &kdom->domain), 0);
	kh_expect_runs_mapped(test, kdom);
	KUNIT_EXPECT_EQ(test, iommu_kdump_state(ctx->unit, KH_SID),
			IOMMU_KDUMP_INHERITED);
}

static struct kunit_case kdump_iommu_handover_cases[] = {
	KUNIT_CASE(record_valid_is_adopted),
	KUNIT_CASE(record_invalid_is_blocked),
	KUNIT_CASE(record_twice_is_eexist),
	KUNIT_CASE(ranges_adjacent_are_merged),
	KUNIT_CASE_PARAM(ranges_gap_not_merged, kh_gap_gen_params),
	KUNIT_CASE(resv_regions_cover_every_old_range),
	KUNIT_CASE(new_iova_never_overlaps_inherited_range),
	KUNIT_CASE(inherit_maps_old_iova_to_old_pa),
	KUNIT_CASE(adopted_to_inherited),
	KUNIT_CASE(bypass_adopted_attaches_unmapped),
	KUNIT_CASE(blocked_refuses_attach),
	KUNIT_CASE(non_paging_domain_refused),
	KUNIT_CASE(reset_releases_inherited_and_unmaps),
	KUNIT_CASE_PARAM(reset_releases_adopted_via_vendor_op,
			 kh_vendor_gen_params),
	KUNIT_CASE(reset_outside_kdump_kernel_is_ignored),
	KUNIT_CASE(released_faults_not_counted),
	KUNIT_CASE(fault_counted_quietly),
	KUNIT_CASE(fault_unknown_sid_not_ours),
	KUNIT_CASE(blocked_unit_counts_unprobed_faults),
	KUNIT_CASE(unit_blocked_blocks_adopted_records),
	KUNIT_CASE(probe_in_blocked_range_records_blocked),
	KUNIT_CASE(record_runs_adopts_or_blocks),
	KUNIT_CASE_PARAM(inherit_map_failure_unwinds, kh_nth_gen_params),
	{}
};

static struct kunit_suite kdump_iommu_handover_suite = {
	.name = "kdump_iommu_handover",
	.init = kh_init,
	.exit = kh_exit,
	.test_cases = kdump_iommu_handover_cases,
};

kunit_test_suite(kdump_iommu_handover_suite);

MODULE_DESCRIPTION("KUnit tests for the kdump IOMMU handover core");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
