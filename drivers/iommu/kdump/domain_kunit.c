// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the kdump IOMMU handover core: the capture kernel's
 * domains and groups. A device that has not been reset never gets a
 * domain without its old mappings, a switch that cannot complete leaves
 * it on its old entry, and a group's domain keeps every member's old
 * mappings until that member is reset. The fixture is core_kunit.c's.
 */
#include <kunit/test.h>
#include <linux/device.h>
#include <linux/iommu.h>
#include <linux/iommu-kdump.h>
#include <linux/preempt.h>
#include <linux/sizes.h>

#include "core_kunit.h"

static void switch_to_unprepared_domain_is_refused(struct kunit *test)
{
	struct kc_ctx *ctx = test->priv;
	struct iommu_domain *dom = kc_domain(test, IOMMU_DOMAIN_DMA);
	struct iommu_domain *other = kc_domain(test, IOMMU_DOMAIN_DMA);

	kc_dev(ctx->mem, 0x08, 3, 2, 0xfff00000, 20, 2);
	kc_adopt(test);
	kc_probe(test, 0, 0x08, &kc_group_a);
	KUNIT_ASSERT_EQ(test, kc_default_domain(test, 0, dom), 0);
	KUNIT_EXPECT_EQ(test, kc_switch(test, 0, other), -EBUSY);
}

static void domain_without_old_runs_refused_before_reset(struct kunit *test)
{
	struct kc_ctx *ctx = test->priv;
	struct iommu_domain *dom = kc_domain(test, IOMMU_DOMAIN_DMA);
	struct iommu_domain identity = { .type = IOMMU_DOMAIN_IDENTITY };
	struct iommu_domain blocking = { .type = IOMMU_DOMAIN_BLOCKED };

	kc_dev(ctx->mem, 0x08, 3, 2, 0xfff00000, 20, 2);
	kc_adopt(test);
	kc_probe(test, 0, 0x08, &kc_group_a);
	KUNIT_EXPECT_EQ(test, iommu_kdump_def_domain_type(ctx->dev[0],
							  IOMMU_DOMAIN_IDENTITY),
			IOMMU_DOMAIN_DMA);
	KUNIT_EXPECT_EQ(test, iommu_kdump_set_domain(NULL, ctx->dev[0],
						     &identity, false), -EBUSY);
	KUNIT_EXPECT_EQ(test, iommu_kdump_set_domain(NULL, ctx->dev[0],
						     &blocking, false), -EBUSY);
	KUNIT_ASSERT_EQ(test, kc_default_domain(test, 0, dom), 0);
	KUNIT_EXPECT_EQ(test, kc_switch(test, 0, &identity), -EBUSY);
	iommu_kdump_device_reset_done(ctx->dev[0]);
	KUNIT_EXPECT_EQ(test, iommu_kdump_set_domain(NULL, ctx->dev[0],
						     &identity, false), 0);
	KUNIT_EXPECT_EQ(test, iommu_kdump_def_domain_type(ctx->dev[0],
							  IOMMU_DOMAIN_IDENTITY),
			IOMMU_DOMAIN_IDENTITY);
}

static void second_domain_before_reset_keeps_old_runs(struct kunit *test)
{
	struct kc_ctx *ctx = test->priv;
	struct iommu_domain *d1 = kc_domain(test, IOMMU_DOMAIN_DMA);
	struct iommu_domain *d2 = kc_domain(test, IOMMU_DOMAIN_UNMANAGED);
	struct iommu_kdump_dev *kd;

	kc_dev(ctx->mem, 0x08, 3, 2, 0xfff00000, 20, 2);
	kc_adopt(test);
	kd = kc_probe(test, 0, 0x08, &kc_group_a);
	KUNIT_ASSERT_EQ(test, kc_default_domain(test, 0, d1), 0);
	KUNIT_ASSERT_EQ(test, kc_switch(test, 0, d1), 0);
	/* iommu_attach_device() of a second domain: prepared, then switched. */
	KUNIT_ASSERT_EQ(test, iommu_kdump_set_domain(NULL, ctx->dev[0], d2,
						     false), 0);
	KUNIT_EXPECT_EQ(test, kc_xlate(d2, 0xfff00000), KC_PA(20));
	KUNIT_EXPECT_EQ(test, kc_switch(test, 0, d2), 0);
	KUNIT_EXPECT_PTR_EQ(test, kd->attached, d2);
	/* Reset: the old runs go from every domain they were mapped into. */
	iommu_kdump_device_reset_done(ctx->dev[0]);
	KUNIT_EXPECT_EQ(test, kc_xlate(d1, 0xfff00000), 0);
	KUNIT_EXPECT_EQ(test, kc_xlate(d2, 0xfff00000), 0);
	KUNIT_EXPECT_EQ(test, ctx->calls.nr_release, 0);
}

/*
 * A domain already in use maps one of the old IOVAs itself, to the same
 * page. The core cannot tell its own page from the owner's, and would
 * unmap the owner's at the reset: the attach is refused instead, and the
 * owner's mapping survives the device's reset.
 */
static void owners_mapping_in_used_domain_is_never_unmapped(struct kunit *test)
{
	struct kc_ctx *ctx = test->priv;
	struct iommu_domain *d1 = kc_domain(test, IOMMU_DOMAIN_DMA);
	struct iommu_domain *d2 = kc_domain(test, IOMMU_DOMAIN_UNMANAGED);

	kc_dev(ctx->mem, 0x08, 3, 2, 0xfff00000, 20, 2);
	kc_adopt(test);
	kc_probe(test, 0, 0x08, &kc_group_a);
	KUNIT_ASSERT_EQ(test, kc_default_domain(test, 0, d1), 0);
	KUNIT_ASSERT_EQ(test, kc_switch(test, 0, d1), 0);
	KUNIT_ASSERT_EQ(test, iommu_map(d2, 0xfff00000, KC_PA(20), SZ_4K,
					IOMMU_READ | IOMMU_WRITE, GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, iommu_kdump_set_domain(NULL, ctx->dev[0], d2,
						     false), -EEXIST);
	iommu_kdump_set_domain_undo(ctx->dev[0], d2);
	iommu_kdump_device_reset_done(ctx->dev[0]);
	KUNIT_EXPECT_EQ(test, kc_xlate(d2, 0xfff00000), KC_PA(20));
	KUNIT_EXPECT_EQ(test, kc_xlate(d1, 0xfff00000), 0);
}

static void failed_attach_after_inherit_rolls_back(struct kunit *test)
{
	struct kc_ctx *ctx = test->priv;
	struct iommu_domain *d1 = kc_domain(test, IOMMU_DOMAIN_DMA);
	struct iommu_domain *d2 = kc_domain(test, IOMMU_DOMAIN_UNMANAGED);
	struct iommu_kdump_dev *kd;

	kc_dev(ctx->mem, 0x08, 3, 2, 0xfff00000, 20, 2);
	kc_adopt(test);
	kd = kc_probe(test, 0, 0x08, &kc_group_a);
	KUNIT_ASSERT_EQ(test, kc_default_domain(test, 0, d1), 0);
	KUNIT_ASSERT_EQ(test, kc_switch(test, 0, d1), 0);
	KUNIT_ASSERT_EQ(test, iommu_kdump_set_domain(NULL, ctx->dev[0], d2,
						     false), 0);
	/* The driver's attach_dev failed: the IOMMU core undoes it. */
	iommu_kdump_set_domain_undo(ctx->dev[0], d2);
	KUNIT_EXPECT_EQ(test, to_kc(d2)->nr_maps, 0);
	KUNIT_EXPECT_PTR_EQ(test, kd->prepared, d1);
	KUNIT_EXPECT_EQ(test, kc_switch(test, 0, d2), -EBUSY);
	KUNIT_EXPECT_EQ(test, kc_xlate(d1, 0xfff01000), KC_PA(21));
	KUNIT_EXPECT_EQ(test, kd->state, IOMMU_KDUMP_INHERITED);
}

/*
 * Two functions of one group, each with a one-page tree of its own (IOVA
 * 0xfff00000 -> page 20, 0xffe00000 -> page 24), both adopted and given
 * @dom as their deferred default domain.
 */
static void kc_two_members(struct kunit *test, struct iommu_domain *dom)
{
	struct kc_ctx *ctx = test->priv;

	kc_dev(ctx->mem, 0x08, 3, 2, 0xfff00000, 20, 1);
	kc_dev(ctx->mem, 0x09, 4, 5, 0xffe00000, 24, 1);
	kc_adopt(test);
	kc_probe(test, 0, 0x08, &kc_group_a);
	kc_probe(test, 1, 0x09, &kc_group_a);
	KUNIT_ASSERT_EQ(test, kc_default_domain(test, 0, dom), 0);
	KUNIT_ASSERT_EQ(test, kc_default_domain(test, 1, dom), 0);
}

/*
 * A member with old DMA joins its group after the group's DMA domain is in
 * use (hot-added): the domain's IOVA allocator reserved its regions long
 * ago, so the old IOVAs cannot be kept from new mappings there. The member
 * stays on its old entry until it is reset; the others are untouched.
 */
static void late_member_of_used_dma_domain_waits_for_reset(struct kunit *test)
{
	struct kc_ctx *ctx = test->priv;
	struct iommu_domain *dom = kc_domain(test, IOMMU_DOMAIN_DMA);
	struct iommu_kdump_dev *kd;

	kc_dev(ctx->mem, 0x08, 3, 2, 0xfff00000, 20, 1);
	kc_dev(ctx->mem, 0x09, 4, 5, 0xffe00000, 24, 1);
	kc_adopt(test);
	kc_probe(test, 0, 0x08, &kc_group_a);
	KUNIT_ASSERT_EQ(test, kc_default_domain(test, 0, dom), 0);
	KUNIT_ASSERT_EQ(test, kc_switch(test, 0, dom), 0);
	/* Function 1 appears now, into the same group. */
	kd = kc_probe(test, 1, 0x09, &kc_group_a);
	KUNIT_ASSERT_EQ(test, kc_default_domain(test, 1, dom), 0);
	KUNIT_EXPECT_PTR_NE(test, kd->prepared, dom);
	KUNIT_EXPECT_EQ(test, kc_xlate(dom, 0xffe00000), 0);
	KUNIT_EXPECT_EQ(test, kc_switch(test, 1, dom), -EBUSY);
	KUNIT_EXPECT_EQ(test, kd->state, IOMMU_KDUMP_ADOPTED);
	KUNIT_EXPECT_EQ(test, kc_xlate(dom, 0xfff00000), KC_PA(20));
	/* Reset: the ordinary attach. */
	iommu_kdump_device_reset_done(ctx->dev[1]);
	KUNIT_EXPECT_EQ(test, kc_switch(test, 1, dom), 0);
	KUNIT_EXPECT_EQ(test, kc_xlate(dom, 0xfff00000), KC_PA(20));
}

/*
 * A DMA domain given to a device without the deferred first attach may
 * have reserved its IOVAs already (a group put back on its default domain
 * after a hot-added member joined): the device is refused until reset.
 */
static void dma_domain_not_deferred_without_runs_is_refused(struct kunit *test)
{
	struct kc_ctx *ctx = test->priv;
	struct iommu_domain *dom = kc_domain(test, IOMMU_DOMAIN_DMA);
	struct iommu_kdump_dev *kd;

	kc_dev(ctx->mem, 0x08, 3, 2, 0xfff00000, 20, 1);
	kc_adopt(test);
	kd = kc_probe(test, 0, 0x08, &kc_group_a);
	KUNIT_EXPECT_EQ(test, iommu_kdump_set_domain(NULL, ctx->dev[0], dom,
						     false), -EBUSY);
	KUNIT_EXPECT_EQ(test, kc_xlate(dom, 0xfff00000), 0);
	KUNIT_EXPECT_PTR_NE(test, kd->prepared, dom);
	KUNIT_EXPECT_EQ(test, kd->state, IOMMU_KDUMP_ADOPTED);
}

static void undo_keeps_runs_a_deferred_member_needs(struct kunit *test)
{
	struct kc_ctx *ctx = test->priv;
	struct iommu_domain *dom = kc_domain(test, IOMMU_DOMAIN_DMA);

	kc_two_members(test, dom);
	/* Member 1's attach failed; member 0 switches at its first DMA. */
	iommu_kdump_set_domain_undo(ctx->dev[1], dom);
	KUNIT_EXPECT_EQ(test, kc_xlate(dom, 0xfff00000), KC_PA(20));
	KUNIT_EXPECT_EQ(test, kc_switch(test, 0, dom), 0);
}

static void map_failure_leaves_deferred_device_on_old_entry(struct kunit *test)
{
	struct kc_ctx *ctx = test->priv;
	struct iommu_domain *dom = kc_domain(test, IOMMU_DOMAIN_DMA);
	struct iommu_kdump_dev *kd;

	kc_dev(ctx->mem, 0x08, 3, 2, 0xfff00000, 20, 2);
	kc_adopt(test);
	kd = kc_probe(test, 0, 0x08, &kc_group_a);
	to_kc(dom)->fail_at = 1;
	/* At probe a refusal would fail the first attach: accepted... */
	KUNIT_EXPECT_EQ(test, kc_default_domain(test, 0, dom), 0);
	KUNIT_EXPECT_EQ(test, to_kc(dom)->nr_maps, 0);
	/* ...and the switch to the unprepared domain refused until reset. */
	KUNIT_EXPECT_EQ(test, kc_switch(test, 0, dom), -EBUSY);
	KUNIT_EXPECT_EQ(test, kd->state, IOMMU_KDUMP_ADOPTED);
	iommu_kdump_device_reset_done(ctx->dev[0]);
	KUNIT_EXPECT_EQ(test, kc_switch(test, 0, dom), 0);
	/* The old entry was still in use: the driver removed it. */
	KUNIT_EXPECT_EQ(test, ctx->calls.nr_release, 1);
}

static void reset_after_domain_freed_does_not_touch_it(struct kunit *test)
{
	struct kc_ctx *ctx = test->priv;
	struct iommu_domain *d1 = kc_domain(test, IOMMU_DOMAIN_DMA);
	struct iommu_domain *d2 = kc_domain(test, IOMMU_DOMAIN_UNMANAGED);
	unsigned int unmaps;

	kc_dev(ctx->mem, 0x08, 3, 2, 0xfff00000, 20, 2);
	kc_adopt(test);
	kc_probe(test, 0, 0x08, &kc_group_a);
	KUNIT_ASSERT_EQ(test, kc_default_domain(test, 0, d1), 0);
	KUNIT_ASSERT_EQ(test, iommu_kdump_set_domain(NULL, ctx->dev[0], d2,
						     false), 0);
	KUNIT_ASSERT_EQ(test, kc_switch(test, 0, d2), 0);
	/* Its owner frees d2 (after moving the group back to d1). */
	KUNIT_ASSERT_EQ(test, iommu_kdump_set_domain(NULL, ctx->dev[0], d1,
						     false), 0);
	KUNIT_ASSERT_EQ(test, kc_switch(test, 0, d1), 0);
	iommu_kdump_domain_free(d2);
	unmaps = to_kc(d2)->unmap_calls;
	iommu_kdump_device_reset_done(ctx->dev[0]);
	KUNIT_EXPECT_EQ(test, to_kc(d2)->unmap_calls, unmaps);
	KUNIT_EXPECT_EQ(test, kc_xlate(d1, 0xfff00000), 0);
}

static void group_domain_reserves_and_maps_every_member(struct kunit *test)
{
	struct kc_ctx *ctx = test->priv;
	struct iommu_domain *dom = kc_domain(test, IOMMU_DOMAIN_DMA);
	struct iommu_resv_region *r, *next;
	unsigned int nr = 0;
	LIST_HEAD(head);

	kc_two_members(test, dom);
	KUNIT_EXPECT_EQ(test, kc_xlate(dom, 0xfff00000), KC_PA(20));
	KUNIT_EXPECT_EQ(test, kc_xlate(dom, 0xffe00000), KC_PA(24));
	/* The DMA layer reserves once, for the first device: all runs. */
	iommu_kdump_get_resv_regions(ctx->dev[0], &head);
	list_for_each_entry_safe(r, next, &head, list) {
		nr++;
		kfree(r);
	}
	KUNIT_EXPECT_EQ(test, nr, 2);
}

/*
 * Old DMA buffers are contiguous in IOVA but scattered in memory: one run
 * per page. Reserved regions cover IOVA only, so a stretch of contiguous
 * runs is one region (a region per run would cost an allocation per old
 * page).
 */
static void resv_region_per_iova_stretch_not_per_run(struct kunit *test)
{
	struct kc_ctx *ctx = test->priv;
	struct iommu_resv_region *r, *next;
	unsigned int nr = 0;
	u64 bytes = 0;
	LIST_HEAD(head);

	kc_dev(ctx->mem, 0x08, 3, 2, 0xfff00000, 20, 2);
	/* Two more pages, each elsewhere: three runs, one IOVA stretch. */
	kc_w64(ctx->mem, KC_PA(4) + (((0xfff00000 >> 12) + 2) & 511) * 8,
	       KC_PA(25) | 3);
	kc_w64(ctx->mem, KC_PA(4) + (((0xfff00000 >> 12) + 3) & 511) * 8,
	       KC_PA(23) | 1);
	/* And one page apart from it. */
	kc_w64(ctx->mem, KC_PA(4) + (((0xfff00000 >> 12) + 5) & 511) * 8,
	       KC_PA(26) | 3);
	kc_adopt(test);
	kc_probe(test, 0, 0x08, &kc_group_a);
	KUNIT_ASSERT_EQ(test, ctx->unit->plan.tbl[0].runs.nr, 4);
	iommu_kdump_get_resv_regions(ctx->dev[0], &head);
	list_for_each_entry_safe(r, next, &head, list) {
		if (!nr)
			KUNIT_EXPECT_EQ(test, r->start, 0xfff00000);
		nr++;
		bytes += r->length;
		kfree(r);
	}
	KUNIT_EXPECT_EQ(test, nr, 2);
	KUNIT_EXPECT_EQ(test, bytes, (u64)5 * SZ_4K);
}

/*
 * The DMA layer reserves a domain's regions once, for whichever member it
 * sets up first: a member without a record, or a blocked one, must still
 * bring the runs of every un-reset member of its group.
 */
static void resv_regions_of_any_member_cover_the_group(struct kunit *test)
{
	struct kc_ctx *ctx = test->priv;
	struct iommu_resv_region *r, *next;
	unsigned int i, nr[2] = {};
	LIST_HEAD(head);

	kc_dev(ctx->mem, 0x09, 4, 5, 0xffe00000, 24, 1);
	kc_dev_bad(ctx->mem, 0x0a);
	kc_adopt(test);
	/* 0x08: no old entry, no record; 0x0a: blocked. */
	KUNIT_EXPECT_NULL(test, kc_probe(test, 0, 0x08, &kc_group_a));
	kc_probe(test, 1, 0x09, &kc_group_a);
	KUNIT_ASSERT_NOT_NULL(test, kc_probe(test, 2, 0x0a, &kc_group_a));
	KUNIT_EXPECT_EQ(test, kdump_dev_of(ctx->dev[2])->state,
			IOMMU_KDUMP_BLOCKED);
	for (i = 0; i < 2; i++) {
		iommu_kdump_get_resv_regions(ctx->dev[i ? 2 : 0], &head);
		list_for_each_entry_safe(r, next, &head, list) {
			KUNIT_EXPECT_EQ(test, r->start, 0xffe00000);
			nr[i]++;
			list_del(&r->list);
			kfree(r);
		}
	}
	KUNIT_EXPECT_EQ(test, nr[0], 1);
	KUNIT_EXPECT_EQ(test, nr[1], 1);
}

static void reset_of_one_member_keeps_runs_another_uses(struct kunit *test)
{
	struct kc_ctx *ctx = test->priv;
	struct iommu_domain *dom = kc_domain(test, IOMMU_DOMAIN_DMA);

	/* Two functions sharing one old domain and tree. */
	kc_dev(ctx->mem, 0x08, 3, 2, 0xfff00000, 20, 2);
	kc_w64(ctx->mem, KC_PA(1) + 0x09 * 16, KC_PA(2) | 1);
	kc_w64(ctx->mem, KC_PA(1) + 0x09 * 16 + 8, 1 | (3 << 8));
	kc_adopt(test);
	kc_probe(test, 0, 0x08, &kc_group_a);
	kc_probe(test, 1, 0x09, &kc_group_a);
	KUNIT_EXPECT_EQ(test, ctx->unit->plan.st.tables, 1);
	KUNIT_ASSERT_EQ(test, kc_default_domain(test, 0, dom), 0);
	KUNIT_ASSERT_EQ(test, kc_default_domain(test, 1, dom), 0);
	KUNIT_ASSERT_EQ(test, kc_switch(test, 0, dom), 0);
	KUNIT_ASSERT_EQ(test, kc_switch(test, 1, dom), 0);
	iommu_kdump_device_reset_done(ctx->dev[0]);
	KUNIT_EXPECT_EQ(test, kc_xlate(dom, 0xfff00000), KC_PA(20));
	iommu_kdump_device_reset_done(ctx->dev[1]);
	KUNIT_EXPECT_EQ(test, kc_xlate(dom, 0xfff00000), 0);
}

static struct kunit_case kdump_iommu_domain_cases[] = {
	KUNIT_CASE(switch_to_unprepared_domain_is_refused),
	KUNIT_CASE(domain_without_old_runs_refused_before_reset),
	KUNIT_CASE(second_domain_before_reset_keeps_old_runs),
	KUNIT_CASE(owners_mapping_in_used_domain_is_never_unmapped),
	KUNIT_CASE(failed_attach_after_inherit_rolls_back),
	KUNIT_CASE(undo_keeps_runs_a_deferred_member_needs),
	KUNIT_CASE(late_member_of_used_dma_domain_waits_for_reset),
	KUNIT_CASE(dma_domain_not_deferred_without_runs_is_refused),
	KUNIT_CASE(map_failure_leaves_deferred_device_on_old_entry),
	KUNIT_CASE(reset_after_domain_freed_does_not_touch_it),
	KUNIT_CASE(group_domain_reserves_and_maps_every_member),
	KUNIT_CASE(resv_region_per_iova_stretch_not_per_run),
	KUNIT_CASE(reset_of_one_member_keeps_runs_another_uses),
	KUNIT_CASE(resv_regions_of_any_member_cover_the_group),
	{}
};

static struct kunit_suite kdump_iommu_domain_suite = {
	.name = "kdump_iommu_domain",
	.init = kc_init,
	.exit = kc_exit,
	.test_cases = kdump_iommu_domain_cases,
};

kunit_test_suite(kdump_iommu_domain_suite);
