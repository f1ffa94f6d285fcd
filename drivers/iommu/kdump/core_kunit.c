// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the kdump IOMMU handover core: every transition a device
 * makes in a capture kernel (this file: adoption, blocking, resets,
 * faults, pass-through confinement, cuts, the report and the switch;
 * domain_kunit.c: the capture kernel's domains and groups).
 *
 * Each test adopts a made-up VT-d unit: old memory of 32 pages with a root
 * table, a context table and a 3-level page table per device, walked by
 * the real unit walker into the real plan. The driver is a fake &struct
 * iommu_kdump_ops that records what the core asks of it. Devices are root
 * devices with a &struct dev_iommu of their own and a made-up group key.
 * The capture kernel's domains are recording fakes: paging domains whose
 * map/unmap callbacks keep a small table, so a test reads back exactly
 * what the core mapped. The tests call the hooks the IOMMU core calls,
 * in the order it calls them. Each test's name says which transition and
 * what must come of it.
 *
 * A test runs with kdump_kunit_active set, as if this were a kdump kernel
 * booted with iommu=accept_active.
 */
#include <kunit/test.h>
#include <linux/device.h>
#include <linux/iommu.h>
#include <linux/iommu-kdump.h>
#include <linux/module.h>
#include <linux/preempt.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "core_kunit.h"
#include "fmt_vtd.h"

static int kc_read(void *ctx, u64 pa, void *buf, size_t len)
{
	struct kc_mem *mem = ctx;

	if (pa < KC_BASE || pa + len > KC_PA(KC_PAGES))
		return -EIO;
	memcpy(buf, &mem->ram[0][0] + (pa - KC_BASE), len);
	return 0;
}

void kc_w64(struct kc_mem *mem, u64 pa, u64 v)
{
	memcpy(&mem->ram[0][0] + (pa - KC_BASE), &v, sizeof(v));
}

/*
 * Device @devfn on bus 0 of the unit whose root table is at page @root
 * (its context table at @root + 1), domain @did: a 3-level tree in pages
 * @pt, @pt + 1, @pt + 2 that maps @nr pages from IOVA @iova to old RAM
 * pages @leaf...
 */
void kc_dev_at(struct kc_mem *mem, unsigned int root, u8 devfn, u16 did,
	       unsigned int pt, u64 iova, unsigned int leaf, unsigned int nr)
{
	unsigned int i;

	kc_w64(mem, KC_PA(root), KC_PA(root + 1) | 1);
	kc_w64(mem, KC_PA(root + 1) + devfn * 16, KC_PA(pt) | 1);
	kc_w64(mem, KC_PA(root + 1) + devfn * 16 + 8, 1 | ((u64)did << 8));
	kc_w64(mem, KC_PA(pt) + ((iova >> 30) & 511) * 8, KC_PA(pt + 1) | 3);
	kc_w64(mem, KC_PA(pt + 1) + ((iova >> 21) & 511) * 8, KC_PA(pt + 2) | 3);
	for (i = 0; i < nr; i++)
		kc_w64(mem, KC_PA(pt + 2) + (((iova >> 12) + i) & 511) * 8,
		       KC_PA(leaf + i) | 3);
}

/* kc_dev_at() on the unit whose root table is at page 0. */
void kc_dev(struct kc_mem *mem, u8 devfn, u16 did, unsigned int pt,
	    u64 iova, unsigned int leaf, unsigned int nr)
{
	kc_dev_at(mem, 0, devfn, did, pt, iova, leaf, nr);
}

/* A pass-through context entry. */
void kc_dev_pt(struct kc_mem *mem, u8 devfn, u16 did)
{
	kc_w64(mem, KC_PA(0), KC_PA(1) | 1);
	kc_w64(mem, KC_PA(1) + devfn * 16, (2 << 2) | 1);
	kc_w64(mem, KC_PA(1) + devfn * 16 + 8, 2 | ((u64)did << 8));
}

/* A context entry with a reserved bit: the device is blocked. */
void kc_dev_bad(struct kc_mem *mem, u8 devfn)
{
	kc_w64(mem, KC_PA(0), KC_PA(1) | 1);
	kc_w64(mem, KC_PA(1) + devfn * 16, KC_PA(2) | BIT_ULL(5) | 1);
	kc_w64(mem, KC_PA(1) + devfn * 16 + 8, 1 | (9 << 8));
}

static const struct kdump_vtd_caps kc_caps = {
	.nr_dids = 256, .sagaw = 0x6, .mgaw = 48, .haw = 46,
	.pt_supported = true, .dt_supported = true, .sllps = 3,
};

static int kc_describe(struct iommu_kdump_unit *unit, struct kdump_plan *plan)
{
	struct kc_ctx *ctx = iommu_kdump_unit_priv(unit);
	struct kdump_vtd_stats st;
	struct kdump_sink sink;
	enum kdump_bad why;
	void *scratch;

	if (ctx->calls.bad_unit) {
		kdump_plan_unit_bad(plan, KDUMP_BAD_IN_CAPTURE);
		return 0;
	}
	scratch = kmalloc(KDUMP_VTD_SCRATCH_SIZE, GFP_KERNEL);
	if (!scratch)
		return -ENOMEM;
	kdump_plan_sink(plan, &sink);
	why = kdump_vtd_walk(plan->m, &kc_caps, KC_PA(ctx->root_page), scratch,
			     &sink, &st);
	kfree(scratch);
	if (why)
		kdump_plan_unit_bad(plan, why);
	return 0;
}

static int kc_replace(struct iommu_kdump_unit *unit,
		      const struct kdump_plan_xl *xl,
		      const struct kdump_stage *own)
{
	struct kc_ctx *ctx = iommu_kdump_unit_priv(unit);
	unsigned int n = ctx->calls.nr_replace;

	if (n < KC_MAX_CALLS) {
		ctx->calls.replace[n] = xl->id.sid;
		ctx->calls.own_root[n] = own ? own->root : 0;
	}
	ctx->calls.nr_replace++;
	return 0;
}

static void kc_block(struct iommu_kdump_unit *unit,
		     const struct kdump_plan_xl *xl)
{
	struct kc_ctx *ctx = iommu_kdump_unit_priv(unit);

	ctx->calls.nr_block++;
}

static void kc_release(struct iommu_kdump_unit *unit,
		       const struct kdump_plan_xl *xl)
{
	struct kc_ctx *ctx = iommu_kdump_unit_priv(unit);
	unsigned int n = ctx->calls.nr_release;

	if (n < KC_MAX_CALLS)
		ctx->calls.release[n] = xl->id.sid;
	ctx->calls.nr_release++;
	if (ctx->calls.attach_dev)
		ctx->calls.attach_in_release =
			iommu_kdump_attach(ctx->calls.attach_dev,
					   ctx->calls.attach_dom);
}

static const struct iommu_kdump_ops kc_ops = {
	.describe	= kc_describe,
	.replace	= kc_replace,
	.block		= kc_block,
	.release	= kc_release,
};

/* ------------------------------------------------------------------ */
/* A capture-kernel domain that records                                */

static int kc_map_pages(struct iommu_domain *domain, unsigned long iova,
			phys_addr_t paddr, size_t pgsize, size_t pgcount,
			int prot, gfp_t gfp, size_t *mapped)
{
	struct kc_domain *d = to_kc(domain);
	struct kc_map *m;

	/* The switch must never reach here in atomic context. */
	if (WARN_ON_ONCE(!preemptible()))
		return -EINVAL;
	if (++d->map_calls == d->fail_at || d->nr_maps == KC_MAX_MAPS)
		return -ENOMEM;
	m = &d->maps[d->nr_maps++];
	m->iova = iova;
	m->pa = paddr;
	m->size = pgsize * pgcount;
	*mapped = m->size;
	return 0;
}

static size_t kc_unmap_pages(struct iommu_domain *domain, unsigned long iova,
			     size_t pgsize, size_t pgcount,
			     struct iommu_iotlb_gather *gather)
{
	struct kc_domain *d = to_kc(domain);
	size_t size = pgsize * pgcount, done = 0;
	unsigned int i = 0;

	d->unmap_calls++;
	while (i < d->nr_maps) {
		struct kc_map *m = &d->maps[i];

		if (m->iova < iova || m->iova + m->size > iova + size) {
			i++;
			continue;
		}
		done += m->size;
		*m = d->maps[--d->nr_maps];
	}
	/* iommu_unmap() wants the whole range unmapped. */
	return size;
}

static phys_addr_t kc_iova_to_phys(struct iommu_domain *domain,
				   dma_addr_t iova)
{
	struct kc_domain *d = to_kc(domain);
	unsigned int i;

	for (i = 0; i < d->nr_maps; i++)
		if (iova >= d->maps[i].iova &&
		    iova - d->maps[i].iova < d->maps[i].size)
			return d->maps[i].pa + (iova - d->maps[i].iova);
	return 0;
}

static const struct iommu_domain_ops kc_domain_ops = {
	.map_pages	= kc_map_pages,
	.unmap_pages	= kc_unmap_pages,
	.iova_to_phys	= kc_iova_to_phys,
};

struct iommu_domain *kc_domain(struct kunit *test, unsigned int type)
{
	struct kc_domain *d = kunit_kzalloc(test, sizeof(*d), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, d);
	d->domain.type = type;
	d->domain.ops = &kc_domain_ops;
	d->domain.pgsize_bitmap = SZ_4K;
	d->domain.geometry.aperture_end = ~0UL;
	return &d->domain;
}

/* Where @domain sends @iova, or 0. */
phys_addr_t kc_xlate(struct iommu_domain *domain, unsigned long iova)
{
	return kc_iova_to_phys(domain, iova);
}

/* ------------------------------------------------------------------ */
/* Fixture                                                             */

int kc_init(struct kunit *test)
{
	static unsigned int seq;
	struct kc_ctx *ctx;
	char name[32];
	int i;

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx);
	ctx->mem = kunit_kzalloc(test, sizeof(*ctx->mem), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx->mem);
	ctx->mem->old_ram.start = KC_BASE;
	ctx->mem->old_ram.end = KC_PA(KC_PAGES);
	ctx->mem->capture.start = KC_CAP_START;
	ctx->mem->capture.end = KC_CAP_END;
	ctx->mem->m.read = kc_read;
	ctx->mem->m.ctx = ctx->mem;
	ctx->mem->m.old_ram = &ctx->mem->old_ram;
	ctx->mem->m.nr_old_ram = 1;
	ctx->mem->m.capture = &ctx->mem->capture;
	ctx->mem->m.nr_capture = 1;
	for (i = 0; i < ARRAY_SIZE(ctx->dev); i++) {
		snprintf(name, sizeof(name), "kdump_core%u_%d", seq, i);
		ctx->dev[i] = root_device_register(name);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx->dev[i]);
		ctx->dev[i]->iommu = &ctx->iommu[i];
	}
	seq++;
	test->priv = ctx;
	kdump_kunit_active = true;
	return 0;
}

void kc_exit(struct kunit *test)
{
	struct kc_ctx *ctx = test->priv;
	int i;

	if (!ctx)
		return;
	for (i = 0; i < ARRAY_SIZE(ctx->dev); i++) {
		if (!ctx->dev[i])
			continue;
		/* What the IOMMU core does when it forgets a device. */
		iommu_kdump_release_device(ctx->dev[i]);
		ctx->dev[i]->iommu = NULL;
		ctx->dev[i]->iommu_group = NULL;
		root_device_unregister(ctx->dev[i]);
	}
	if (ctx->second && ctx->second->unit)
		kdump_unit_destroy(ctx->second->unit);
	if (ctx->unit)
		kdump_unit_destroy(ctx->unit);
	kdump_kunit_active = false;
}

/* Adopt the old memory the test wrote, as a unit named after the test. */
void kc_adopt(struct kunit *test)
{
	struct kc_ctx *ctx = test->priv;
	struct iommu_kdump_unit_desc desc = {
		.name = "kcunit", .ops = &kc_ops, .priv = ctx,
	};

	ctx->unit = kdump_unit_adopt_with(&desc, &ctx->mem->m);
	KUNIT_ASSERT_NOT_NULL(test, ctx->unit);
}

/*
 * Adopt a second unit over the same old memory, root table at page @root,
 * after the test's unit.
 */
struct kc_ctx *kc_adopt_second(struct kunit *test, unsigned int root)
{
	struct kc_ctx *ctx = test->priv, *b;
	struct iommu_kdump_unit_desc desc = {
		.name = "kcunit2", .ops = &kc_ops,
	};

	b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, b);
	b->mem = ctx->mem;
	b->root_page = root;
	desc.priv = b;
	ctx->second = b;
	b->unit = kdump_unit_adopt_with(&desc, &ctx->mem->m);
	KUNIT_ASSERT_NOT_NULL(test, b->unit);
	return b;
}

/* Probe device @i with requester ID @sid in group @group (a key). */
struct iommu_kdump_dev *kc_probe(struct kunit *test, int i, u32 sid,
				 void *group)
{
	struct kc_ctx *ctx = test->priv;
	struct device *dev = ctx->dev[i];

	dev->iommu_group = group;
	iommu_kdump_probe_device(ctx->unit, dev, &sid, 1);
	iommu_kdump_init_device(dev);
	return kdump_dev_of(dev);
}

char kc_group_a, kc_group_b;

/* The IOMMU core's probe: deferred default domain, then no switch. */
int kc_default_domain(struct kunit *test, int i,
		      struct iommu_domain *dom)
{
	struct kc_ctx *ctx = test->priv;
	struct device *dev = ctx->dev[i];

	return iommu_kdump_set_domain(NULL, dev, dom,
				      dev->iommu->attach_deferred);
}

/* The deferred attach dma_map_*() makes: the check, then the switch. */
int kc_switch(struct kunit *test, int i, struct iommu_domain *dom)
{
	struct kc_ctx *ctx = test->priv;
	int ret;

	ret = iommu_kdump_attach(ctx->dev[i], dom);
	if (!ret)
		iommu_kdump_attached(ctx->dev[i], dom);
	return ret;
}

/* ------------------------------------------------------------------ */
/* Tests: devices                                                      */

static void adopted_device_is_deferred_others_not(struct kunit *test)
{
	struct kc_ctx *ctx = test->priv;
	struct iommu_kdump_dev *kd;

	kc_dev(ctx->mem, 0x08, 3, 2, 0xfff00000, 20, 2);
	kc_adopt(test);
	KUNIT_EXPECT_EQ(test, ctx->calls.nr_replace, 1);
	KUNIT_EXPECT_EQ(test, ctx->calls.replace[0], 0x08);
	KUNIT_EXPECT_EQ(test, ctx->calls.own_root[0], 0);
	kd = kc_probe(test, 0, 0x08, &kc_group_a);
	KUNIT_ASSERT_NOT_NULL(test, kd);
	KUNIT_EXPECT_EQ(test, kd->state, IOMMU_KDUMP_ADOPTED);
	KUNIT_EXPECT_TRUE(test, ctx->dev[0]->iommu->attach_deferred);
	/* No old entry: no record, attached at once as usual. */
	KUNIT_EXPECT_NULL(test, kc_probe(test, 1, 0x10, &kc_group_b));
	KUNIT_EXPECT_FALSE(test, ctx->dev[1]->iommu->attach_deferred);
	KUNIT_EXPECT_TRUE(test, iommu_kdump_id_used(ctx->unit, KDUMP_TAG_DOMAIN,
						    3));
	KUNIT_EXPECT_FALSE(test, iommu_kdump_id_used(ctx->unit,
						     KDUMP_TAG_DOMAIN, 4));
}

static void default_domain_gets_old_runs_before_use(struct kunit *test)
{
	struct kc_ctx *ctx = test->priv;
	struct iommu_domain *dom = kc_domain(test, IOMMU_DOMAIN_DMA);
	struct iommu_resv_region *r, *next;
	unsigned int nr = 0;
	LIST_HEAD(head);

	kc_dev(ctx->mem, 0x08, 3, 2, 0xfff00000, 20, 2);
	kc_adopt(test);
	kc_probe(test, 0, 0x08, &kc_group_a);
	KUNIT_ASSERT_EQ(test, kc_default_domain(test, 0, dom), 0);
	/* Mapped before anything can use the domain, to the old pages. */
	KUNIT_EXPECT_EQ(test, kc_xlate(dom, 0xfff00000), KC_PA(20));
	KUNIT_EXPECT_EQ(test, kc_xlate(dom, 0xfff01000), KC_PA(21));
	KUNIT_EXPECT_EQ(test, kc_xlate(dom, 0xfff02000), 0);
	/* And reserved, so no new mapping gets these IOVAs. */
	iommu_kdump_get_resv_regions(ctx->dev[0], &head);
	list_for_each_entry_safe(r, next, &head, list) {
		KUNIT_EXPECT_EQ(test, r->type, IOMMU_RESV_RESERVED);
		KUNIT_EXPECT_EQ(test, r->start, 0xfff00000);
		KUNIT_EXPECT_EQ(test, r->length, SZ_8K);
		nr++;
		kfree(r);
	}
	KUNIT_EXPECT_EQ(test, nr, 1);
}

static void deferred_switch_in_atomic_context_only_replaces(struct kunit *test)
{
	struct kc_ctx *ctx = test->priv;
	struct iommu_domain *dom = kc_domain(test, IOMMU_DOMAIN_DMA);
	struct iommu_kdump_dev *kd;
	unsigned int calls;
	int ret;

	kc_dev(ctx->mem, 0x08, 3, 2, 0xfff00000, 20, 2);
	kc_adopt(test);
	kd = kc_probe(test, 0, 0x08, &kc_group_a);
	KUNIT_ASSERT_EQ(test, kc_default_domain(test, 0, dom), 0);
	calls = to_kc(dom)->map_calls;

	/* dma_map_*() may come here with preemption off. */
	preempt_disable();
	ret = kc_switch(test, 0, dom);
	preempt_enable();

	KUNIT_EXPECT_EQ(test, ret, 0);
	KUNIT_EXPECT_EQ(test, to_kc(dom)->map_calls, calls);
	KUNIT_EXPECT_EQ(test, kd->state, IOMMU_KDUMP_INHERITED);
	KUNIT_EXPECT_EQ(test, kc_xlate(dom, 0xfff01000), KC_PA(21));
}

static void blocked_device_gets_no_domain_until_reset(struct kunit *test)
{
	struct kc_ctx *ctx = test->priv;
	struct iommu_domain *dom = kc_domain(test, IOMMU_DOMAIN_DMA);
	struct iommu_domain *unmanaged = kc_domain(test, IOMMU_DOMAIN_UNMANAGED);
	struct iommu_domain blocking = { .type = IOMMU_DOMAIN_BLOCKED };
	struct iommu_kdump_dev *kd;

	kc_dev_bad(ctx->mem, 0x08);
	kc_adopt(test);
	KUNIT_EXPECT_EQ(test, ctx->calls.nr_replace, 0);
	KUNIT_EXPECT_EQ(test, ctx->calls.nr_block, 1);
	kd = kc_probe(test, 0, 0x08, &kc_group_a);
	KUNIT_ASSERT_NOT_NULL(test, kd);
	KUNIT_EXPECT_EQ(test, kd->state, IOMMU_KDUMP_BLOCKED);
	KUNIT_EXPECT_TRUE(test, ctx->dev[0]->iommu->attach_deferred);
	/*
	 * A DMA domain, even under iommu=pt: only a DMA domain's first
	 * mapping makes the deferred attach that follows the reset.
	 */
	KUNIT_EXPECT_EQ(test, iommu_kdump_def_domain_type(ctx->dev[0],
							  IOMMU_DOMAIN_IDENTITY),
			IOMMU_DOMAIN_DMA);
	/* Probe: the default domain is accepted, the hardware left alone. */
	KUNIT_EXPECT_EQ(test, kc_default_domain(test, 0, dom), 0);
	KUNIT_EXPECT_EQ(test, to_kc(dom)->map_calls, 0);
	/* Its first DMA mapping is refused: no translating domain. */
	KUNIT_EXPECT_EQ(test, kc_switch(test, 0, dom), -EBUSY);
	KUNIT_EXPECT_EQ(test, iommu_kdump_set_domain(NULL, ctx->dev[0],
						     unmanaged, false), -EBUSY);
	KUNIT_EXPECT_EQ(test, iommu_kdump_set_domain(NULL, ctx->dev[0],
						     &blocking, false), 0);
	/* The refused attach is tried again after the reset, and works. */
	iommu_kdump_device_reset_done(ctx->dev[0]);
	KUNIT_EXPECT_EQ(test, kd->state, IOMMU_KDUMP_RELEASED);
	KUNIT_EXPECT_EQ(test, kc_switch(test, 0, dom), 0);
	/* Nothing was installed, so the driver had nothing to release. */
	KUNIT_EXPECT_EQ(test, ctx->calls.nr_release, 0);
}

static void reset_of_adopted_device_has_driver_release(struct kunit *test)
{
	struct kc_ctx *ctx = test->priv;
	struct iommu_kdump_dev *kd;

	kc_dev(ctx->mem, 0x08, 3, 2, 0xfff00000, 20, 2);
	kc_adopt(test);
	kd = kc_probe(test, 0, 0x08, &kc_group_a);
	KUNIT_EXPECT_TRUE(test, iommu_kdump_fault(ctx->unit, 0x08,
						  KDUMP_NO_PASID));
	iommu_kdump_device_reset_done(ctx->dev[0]);
	KUNIT_EXPECT_EQ(test, kd->state, IOMMU_KDUMP_RELEASED);
	KUNIT_EXPECT_EQ(test, ctx->calls.nr_release, 1);
	KUNIT_EXPECT_EQ(test, ctx->calls.release[0], 0x08);
	/* Once released, its faults are the capture kernel's own. */
	KUNIT_EXPECT_FALSE(test, iommu_kdump_fault(ctx->unit, 0x08,
						   KDUMP_NO_PASID));
	/* A second reset changes nothing. */
	iommu_kdump_device_reset_done(ctx->dev[0]);
	KUNIT_EXPECT_EQ(test, ctx->calls.nr_release, 1);
}

/*
 * A driver may set up the device's next domain in its release (arm-smmu
 * gives a waiting domain the freed bank): until the reset is reported
 * done, a deferred attach from dma_map_*() on another CPU is refused, not
 * let through to a driver attach racing with that set-up.
 */
static void attach_refused_while_release_runs(struct kunit *test)
{
	struct iommu_domain *dom = kc_domain(test, IOMMU_DOMAIN_DMA);
	struct kc_ctx *ctx = test->priv;

	kc_dev(ctx->mem, 0x08, 3, 2, 0xfff00000, 20, 2);
	kc_adopt(test);
	kc_probe(test, 0, 0x08, &kc_group_a);
	KUNIT_EXPECT_EQ(test, iommu_kdump_attach(ctx->dev[0], dom), -EBUSY);
	ctx->calls.attach_dev = ctx->dev[0];
	ctx->calls.attach_dom = dom;
	ctx->calls.attach_in_release = 1;
	iommu_kdump_device_reset_done(ctx->dev[0]);
	KUNIT_EXPECT_EQ(test, ctx->calls.nr_release, 1);
	KUNIT_EXPECT_EQ(test, ctx->calls.attach_in_release, -EBUSY);
	KUNIT_EXPECT_EQ(test, iommu_kdump_attach(ctx->dev[0], dom), 0);
}

static void faults_are_counted_per_translation(struct kunit *test)
{
	struct kc_ctx *ctx = test->priv;
	struct iommu_kdump_dev *kd;
	u64 faults;

	kc_dev(ctx->mem, 0x08, 3, 2, 0xfff00000, 20, 2);
	/* Bus 1's context table is in capture memory: blocked range. */
	kc_w64(ctx->mem, KC_PA(0) + 16, KC_CAP_START | 1);
	kc_adopt(test);
	kd = kc_probe(test, 0, 0x08, &kc_group_a);
	KUNIT_EXPECT_TRUE(test, iommu_kdump_fault(ctx->unit, 0x08,
						  KDUMP_NO_PASID));
	KUNIT_EXPECT_TRUE(test, iommu_kdump_fault(ctx->unit, 0x08, 5));
	kdump_count_faults(kd, &faults);
	KUNIT_EXPECT_EQ(test, faults, 2);
	/* No old entry at all: not ours. */
	KUNIT_EXPECT_FALSE(test, iommu_kdump_fault(ctx->unit, 0x10,
						   KDUMP_NO_PASID));
	/* A requester of a blocked bus, never probed: counted on the unit. */
	KUNIT_EXPECT_TRUE(test, iommu_kdump_fault(ctx->unit, 0x0105,
						  KDUMP_NO_PASID));
	KUNIT_EXPECT_EQ(test, atomic64_read(&ctx->unit->faults), 1);
	/* And a device probed there later is blocked. */
	kd = kc_probe(test, 1, 0x0105, &kc_group_b);
	KUNIT_ASSERT_NOT_NULL(test, kd);
	KUNIT_EXPECT_EQ(test, kd->state, IOMMU_KDUMP_BLOCKED);
}

static void passthrough_old_entry_is_confined_to_old_ram(struct kunit *test)
{
	struct kc_ctx *ctx = test->priv;
	struct iommu_domain *dom = kc_domain(test, IOMMU_DOMAIN_DMA);
	const struct kdump_plan_tbl *t;
	struct iommu_resv_region *r, *next;
	u64 reserved = 0;
	LIST_HEAD(head);

	kc_dev_pt(ctx->mem, 0x08, 1);
	kc_adopt(test);
	/* Installed re-pointed at a table built in capture memory. */
	KUNIT_ASSERT_EQ(test, ctx->calls.nr_replace, 1);
	KUNIT_EXPECT_NE(test, ctx->calls.own_root[0], 0);
	t = &ctx->unit->plan.tbl[ctx->unit->plan.xl[0].tbl];
	KUNIT_EXPECT_TRUE(test, t->identity && t->built);
	/* Old RAM minus the two tables the IOMMU reads, 1:1. */
	KUNIT_EXPECT_EQ(test, t->keep.bytes, (u64)(KC_PAGES - 2) * SZ_4K);
	kc_probe(test, 0, 0x08, &kc_group_a);
	KUNIT_ASSERT_EQ(test, kc_default_domain(test, 0, dom), 0);
	KUNIT_EXPECT_EQ(test, kc_xlate(dom, KC_PA(7)), KC_PA(7));
	KUNIT_EXPECT_EQ(test, kc_xlate(dom, KC_PA(1)), 0);
	KUNIT_EXPECT_EQ(test, kc_xlate(dom, KC_CAP_START), 0);
	/* The whole old RAM is reserved, so new IOVAs come from elsewhere. */
	iommu_kdump_get_resv_regions(ctx->dev[0], &head);
	list_for_each_entry_safe(r, next, &head, list) {
		reserved += r->length;
		kfree(r);
	}
	KUNIT_EXPECT_EQ(test, reserved, (u64)KC_PAGES * SZ_4K);
}

static void mapping_into_capture_is_cut_rest_adopted(struct kunit *test)
{
	struct kc_ctx *ctx = test->priv;
	struct iommu_domain *dom = kc_domain(test, IOMMU_DOMAIN_DMA);
	struct iommu_kdump_dev *kd;

	kc_dev(ctx->mem, 0x08, 3, 2, 0xfff00000, 20, 2);
	/* A third page mapped into capture memory. */
	kc_w64(ctx->mem, KC_PA(4) + (((0xfff00000 >> 12) + 2) & 511) * 8,
	       KC_CAP_START | 3);
	kc_adopt(test);
	KUNIT_ASSERT_EQ(test, ctx->calls.nr_replace, 1);
	KUNIT_EXPECT_NE(test, ctx->calls.own_root[0], 0);
	kd = kc_probe(test, 0, 0x08, &kc_group_a);
	KUNIT_EXPECT_EQ(test, kd->state, IOMMU_KDUMP_ADOPTED);
	KUNIT_ASSERT_EQ(test, kc_default_domain(test, 0, dom), 0);
	KUNIT_EXPECT_EQ(test, kc_xlate(dom, 0xfff01000), KC_PA(21));
	KUNIT_EXPECT_EQ(test, kc_xlate(dom, 0xfff02000), 0);
}

static void bad_unit_blocks_every_probed_device(struct kunit *test)
{
	struct kc_ctx *ctx = test->priv;
	struct iommu_kdump_dev *kd;

	kc_dev(ctx->mem, 0x08, 3, 2, 0xfff00000, 20, 2);
	ctx->calls.bad_unit = true;
	kc_adopt(test);
	KUNIT_EXPECT_EQ(test, ctx->calls.nr_replace, 0);
	kd = kc_probe(test, 0, 0x77, &kc_group_a);
	KUNIT_ASSERT_NOT_NULL(test, kd);
	KUNIT_EXPECT_EQ(test, kd->state, IOMMU_KDUMP_BLOCKED);
	KUNIT_EXPECT_TRUE(test, iommu_kdump_fault(ctx->unit, 0x1234,
						  KDUMP_NO_PASID));
}

static void report_lists_devices_with_states(struct kunit *test)
{
	struct kc_ctx *ctx = test->priv;
	struct iommu_domain *dom = kc_domain(test, IOMMU_DOMAIN_DMA);
	struct seq_file m = {};

	kc_dev(ctx->mem, 0x08, 3, 2, 0xfff00000, 20, 2);
	kc_dev_bad(ctx->mem, 0x10);
	kc_adopt(test);
	kc_probe(test, 0, 0x08, &kc_group_a);
	kc_probe(test, 1, 0x10, &kc_group_b);
	KUNIT_ASSERT_EQ(test, kc_default_domain(test, 0, dom), 0);
	KUNIT_ASSERT_EQ(test, kc_switch(test, 0, dom), 0);
	m.size = SZ_64K;
	m.buf = kunit_kzalloc(test, m.size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, m.buf);
	KUNIT_ASSERT_EQ(test, kdump_report_show(&m, NULL), 0);
	m.buf[min(m.count, m.size - 1)] = '\0';
	KUNIT_EXPECT_NOT_NULL(test, strstr(m.buf, "sid=0x8 state=inherited"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(m.buf, "sid=0x10 state=blocked"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(m.buf, "unit kcunit "));
}

/* Only "accept_active" switches the handover on; misspellings warn. */
static void only_exact_accept_active_is_accepted(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, iommu_kdump_parse_option("pt"), -EINVAL);
	KUNIT_EXPECT_EQ(test, iommu_kdump_parse_option("accep"), -EINVAL);
	KUNIT_EXPECT_TRUE(test, kdump_kunit_parsed("accept_active"));
	KUNIT_EXPECT_FALSE(test, kdump_kunit_parsed("accept_activex"));
	KUNIT_EXPECT_FALSE(test, kdump_kunit_parsed("accept_"));
	KUNIT_EXPECT_TRUE(test, kdump_kunit_parsed("accept_active,off"));
}

static struct kunit_case kdump_iommu_core_cases[] = {
	KUNIT_CASE(adopted_device_is_deferred_others_not),
	KUNIT_CASE(default_domain_gets_old_runs_before_use),
	KUNIT_CASE(deferred_switch_in_atomic_context_only_replaces),
	KUNIT_CASE(blocked_device_gets_no_domain_until_reset),
	KUNIT_CASE(reset_of_adopted_device_has_driver_release),
	KUNIT_CASE(attach_refused_while_release_runs),
	KUNIT_CASE(faults_are_counted_per_translation),
	KUNIT_CASE(passthrough_old_entry_is_confined_to_old_ram),
	KUNIT_CASE(mapping_into_capture_is_cut_rest_adopted),
	KUNIT_CASE(bad_unit_blocks_every_probed_device),
	KUNIT_CASE(report_lists_devices_with_states),
	KUNIT_CASE(only_exact_accept_active_is_accepted),
	{}
};

static struct kunit_suite kdump_iommu_core_suite = {
	.name = "kdump_iommu_core",
	.init = kc_init,
	.exit = kc_exit,
	.test_cases = kdump_iommu_core_cases,
};

kunit_test_suite(kdump_iommu_core_suite);

MODULE_DESCRIPTION("KUnit tests for the kdump IOMMU handover core");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
