// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the kdump IOMMU handover core: several units, and a
 * device the IOMMU core gives up on. No unit keeps reading a page table
 * an adopted device of another unit can write, whichever unit was
 * adopted first; a record made by a probe that failed is dropped without
 * touching the old entry. The fixture is core_kunit.c's.
 */
#include <kunit/test.h>
#include <linux/device.h>
#include <linux/iommu.h>
#include <linux/iommu-kdump.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/string.h>

#include "core_kunit.h"

/*
 * Two units: a device of the second holds a writable mapping of a page
 * table the first unit reads. The mapping is cut; the rest is adopted.
 */
static void writable_mapping_of_other_units_table_is_cut(struct kunit *test)
{
	struct kc_ctx *ctx = test->priv, *b;
	struct kdump_plan_tbl *t;

	kc_dev(ctx->mem, 0x08, 3, 2, 0xfff00000, 20, 2);
	kc_dev_at(ctx->mem, 12, 0x08, 4, 14, 0xfff00000, 24, 2);
	/* A third page of the second unit's device: the first's page table. */
	kc_w64(ctx->mem, KC_PA(16) + (((0xfff00000 >> 12) + 2) & 511) * 8,
	       KC_PA(3) | 3);
	kc_adopt(test);
	b = kc_adopt_second(test, 12);
	KUNIT_ASSERT_EQ(test, b->calls.nr_replace, 1);
	KUNIT_EXPECT_NE(test, b->calls.own_root[0], 0);
	KUNIT_ASSERT_EQ(test, b->unit->plan.nr_xl, 1);
	t = kdump_plan_xl_tbl(&b->unit->plan, &b->unit->plan.xl[0]);
	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_EXPECT_EQ(test, t->cut_table, (u64)SZ_4K);
	KUNIT_EXPECT_EQ(test, t->keep.bytes, (u64)2 * SZ_4K);
	/* The first unit is untouched. */
	KUNIT_EXPECT_EQ(test, ctx->calls.nr_replace, 1);
	KUNIT_EXPECT_EQ(test, ctx->calls.own_root[0], 0);
}

/*
 * Two units: a device of the first (adopted first) holds a writable
 * mapping of a page table of the second. The second unit's tree is built
 * anew, whole, so the hardware never reads the old tables again.
 */
static void other_units_writer_gets_tree_built_anew(struct kunit *test)
{
	struct kc_ctx *ctx = test->priv, *b;
	struct kdump_plan_tbl *t;

	kc_dev(ctx->mem, 0x08, 3, 2, 0xfff00000, 20, 2);
	kc_w64(ctx->mem, KC_PA(4) + (((0xfff00000 >> 12) + 2) & 511) * 8,
	       KC_PA(15) | 3);
	kc_dev_at(ctx->mem, 12, 0x08, 4, 14, 0xfff00000, 24, 2);
	kc_adopt(test);
	b = kc_adopt_second(test, 12);
	KUNIT_ASSERT_EQ(test, b->calls.nr_replace, 1);
	KUNIT_EXPECT_NE(test, b->calls.own_root[0], 0);
	KUNIT_ASSERT_EQ(test, b->unit->plan.nr_xl, 1);
	t = kdump_plan_xl_tbl(&b->unit->plan, &b->unit->plan.xl[0]);
	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_EXPECT_TRUE(test, t->foreign && t->built);
	KUNIT_EXPECT_EQ(test, t->cut_table + t->cut_capture, 0);
	KUNIT_EXPECT_EQ(test, t->keep.bytes, (u64)2 * SZ_4K);
	KUNIT_EXPECT_EQ(test, b->unit->plan.st.foreign, 1);
	/* The first unit knew of no other unit: nothing of it was rebuilt. */
	KUNIT_EXPECT_EQ(test, ctx->unit->plan.st.foreign, 0);
}

/*
 * The second unit has two trees; a device of the first can write a table
 * of one of them. Only that tree is built anew.
 */
static void only_the_tree_another_unit_writes_is_built_anew(struct kunit *test)
{
	struct kc_ctx *ctx = test->priv, *b;
	struct kdump_plan *p;

	kc_dev(ctx->mem, 0x08, 3, 2, 0xfff00000, 20, 2);
	kc_w64(ctx->mem, KC_PA(4) + (((0xfff00000 >> 12) + 2) & 511) * 8,
	       KC_PA(18) | 3);
	kc_dev_at(ctx->mem, 12, 0x08, 4, 14, 0xfff00000, 24, 2);
	kc_dev_at(ctx->mem, 12, 0x10, 5, 17, 0xfff00000, 26, 1);
	kc_adopt(test);
	b = kc_adopt_second(test, 12);
	p = &b->unit->plan;
	KUNIT_ASSERT_EQ(test, p->nr_xl, 2);
	KUNIT_ASSERT_EQ(test, p->xl[0].id.sid, 0x08);
	KUNIT_EXPECT_FALSE(test, kdump_plan_xl_tbl(p, &p->xl[0])->foreign);
	KUNIT_EXPECT_FALSE(test, kdump_plan_xl_tbl(p, &p->xl[0])->built);
	KUNIT_EXPECT_TRUE(test, kdump_plan_xl_tbl(p, &p->xl[1])->foreign);
	KUNIT_EXPECT_EQ(test, p->st.foreign, 1);
	KUNIT_ASSERT_EQ(test, b->calls.nr_replace, 2);
	KUNIT_EXPECT_EQ(test, b->calls.own_root[0], 0);
	KUNIT_EXPECT_NE(test, b->calls.own_root[1], 0);
}

/* A read-only mapping of another unit's table changes nothing. */
static void read_only_mapping_of_other_units_table_is_kept(struct kunit *test)
{
	struct kc_ctx *ctx = test->priv, *b;

	kc_dev(ctx->mem, 0x08, 3, 2, 0xfff00000, 20, 2);
	kc_w64(ctx->mem, KC_PA(4) + (((0xfff00000 >> 12) + 2) & 511) * 8,
	       KC_PA(15) | 1);
	kc_dev_at(ctx->mem, 12, 0x08, 4, 14, 0xfff00000, 24, 2);
	kc_adopt(test);
	b = kc_adopt_second(test, 12);
	KUNIT_ASSERT_EQ(test, b->calls.nr_replace, 1);
	KUNIT_EXPECT_EQ(test, b->calls.own_root[0], 0);
	KUNIT_EXPECT_EQ(test, b->unit->plan.st.foreign, 0);
	KUNIT_EXPECT_EQ(test, b->unit->plan.st.built, 0);
}

/*
 * The IOMMU core gives up on a device after the driver's probe_device
 * made its record: the record goes, the old entry stays as it was, and a
 * later probe finds the device as the first one did.
 */
static void failed_probe_forgets_record_keeps_entry(struct kunit *test)
{
	struct kc_ctx *ctx = test->priv;
	struct iommu_kdump_dev *kd;
	struct seq_file m = {};
	u32 sid = 0x08;

	kc_dev(ctx->mem, 0x08, 3, 2, 0xfff00000, 20, 2);
	kc_adopt(test);
	iommu_kdump_probe_device(ctx->unit, ctx->dev[0], &sid, 1);
	KUNIT_ASSERT_NOT_NULL(test, kdump_dev_of(ctx->dev[0]));
	iommu_kdump_forget_device(ctx->dev[0]);
	KUNIT_EXPECT_NULL(test, kdump_dev_of(ctx->dev[0]));
	KUNIT_EXPECT_EQ(test, ctx->calls.nr_release, 0);
	KUNIT_EXPECT_EQ(test, ctx->unit->rt[0].nr_devs, 0);
	KUNIT_EXPECT_EQ(test, ctx->unit->rt[0].state, IOMMU_KDUMP_ADOPTED);
	KUNIT_EXPECT_TRUE(test, ctx->unit->rt[0].on_old);
	m.size = SZ_64K;
	m.buf = kunit_kzalloc(test, m.size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, m.buf);
	KUNIT_ASSERT_EQ(test, kdump_report_show(&m, NULL), 0);
	m.buf[min(m.count, m.size - 1)] = '\0';
	KUNIT_EXPECT_NULL(test, strstr(m.buf, "device "));

	kd = kc_probe(test, 0, 0x08, &kc_group_a);
	KUNIT_ASSERT_NOT_NULL(test, kd);
	KUNIT_EXPECT_EQ(test, kd->state, IOMMU_KDUMP_ADOPTED);
	KUNIT_EXPECT_EQ(test, ctx->unit->rt[0].nr_devs, 1);
	KUNIT_EXPECT_EQ(test, ctx->unit->rt[0].nr_live, 1);
}

static struct kunit_case kdump_iommu_units_cases[] = {
	KUNIT_CASE(writable_mapping_of_other_units_table_is_cut),
	KUNIT_CASE(other_units_writer_gets_tree_built_anew),
	KUNIT_CASE(only_the_tree_another_unit_writes_is_built_anew),
	KUNIT_CASE(read_only_mapping_of_other_units_table_is_kept),
	KUNIT_CASE(failed_probe_forgets_record_keeps_entry),
	{}
};

static struct kunit_suite kdump_iommu_units_suite = {
	.name = "kdump_iommu_units",
	.init = kc_init,
	.exit = kc_exit,
	.test_cases = kdump_iommu_units_cases,
};

kunit_test_suite(kdump_iommu_units_suite);
