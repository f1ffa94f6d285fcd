// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the pure part of the kdump IOMMU handover: the unit
 * walkers, the page-table walker and builder, the adoption plan and the
 * entry writers.
 *
 * The cases live in plan_cases.h and writer_cases.h, shared with the
 * user-space unit test in tools/testing/selftests/iommu/kdump/unit/, so
 * both run the same inputs against the same object code. Each case is one
 * parameter; its name says what is wrong and what it must get
 * ("root_ptr_in_capture_blocks_iommu"). Properties that do not depend on
 * the table format (kv_shared[]) are one test each, run once per format
 * (VT-d second level, AMD-Vi v1) through KUNIT_ARRAY_PARAM.
 */
#include <kunit/test.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>

/* What the shared cases need from the kernel. */
static inline void *kv_sys_alloc(size_t size)
{
	return kvzalloc(size, GFP_KERNEL);
}

static inline void kv_sys_free(void *p)
{
	kvfree(p);
}

static inline void *kv_sys_page(size_t size, u64 *hw)
{
	struct page *page = alloc_pages(GFP_KERNEL | __GFP_ZERO,
					get_order(size));

	if (!page)
		return NULL;
	*hw = page_to_phys(page);
	return page_address(page);
}

static inline void kv_sys_page_free(void *va, size_t size)
{
	free_pages((unsigned long)va, get_order(size));
}

static inline int kv_hw_read(void *ctx, u64 pa, void *buf, size_t len)
{
	memcpy(buf, phys_to_virt(pa), len);
	return 0;
}

#include "plan_cases.h"
#include "writer_cases.h"

static void kv_case_desc(const struct kv_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(kv, kv_cases, kv_case_desc);

static void kv_fmt_desc(const struct kv_fmt *f, char *desc)
{
	strscpy(desc, f->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(kv_fmt, kv_fmts, kv_fmt_desc);

static void kw_case_desc(const struct kw_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(kw, kw_cases, kw_case_desc);

static struct kv_mem *kv_alloc(struct kunit *test)
{
	struct kv_mem *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t);
	kv_init(t);
	return t;
}

static void kv_expect(struct kunit *test, const struct kv_case *c,
		      const struct kv_result *r)
{
	KUNIT_EXPECT_EQ_MSG(test, r->ret, c->ret, "returned \"%s\", want \"%s\"",
			    kdump_bad_str(r->ret), kdump_bad_str(c->ret));
	KUNIT_EXPECT_EQ_MSG(test, r->dev, c->dev,
			    "first verdict \"%s\", want \"%s\"",
			    kdump_bad_str(r->dev), kdump_bad_str(c->dev));
	KUNIT_EXPECT_EQ(test, r->nr, c->nr);
	KUNIT_EXPECT_EQ(test, r->leaves, c->leaves);
	KUNIT_EXPECT_EQ(test, r->cut_cap, c->cut_cap);
	KUNIT_EXPECT_EQ(test, r->cut_tbl, c->cut_tbl);
	KUNIT_EXPECT_FALSE_MSG(test, r->stray_read,
			       "a read outside old RAM reached the callback");
	KUNIT_EXPECT_FALSE_MSG(test, r->leaf_in_capture,
			       "a kept mapping overlaps capture memory");
	KUNIT_EXPECT_FALSE_MSG(test, r->writes_table,
			       "a kept writable mapping covers a table");
	KUNIT_EXPECT_FALSE_MSG(test, r->stats_bad,
			       "statistics disagree with the results");
	KUNIT_EXPECT_FALSE_MSG(test, r->build_bad,
			       "a tree built anew does not map what was kept");
	/* The same verdict the user-space test gives. */
	KUNIT_EXPECT_TRUE(test, kv_result_ok(c, r));
}

static void old_tables_get_expected_plan(struct kunit *test)
{
	const struct kv_case *c = test->param_value;
	struct kv_mem *t = kv_alloc(test);
	struct kv_result r;

	c->build(t);
	kv_run(t, c, &r);
	kv_expect(test, c, &r);
}

static void kv_expect_shared(struct kunit *test, const char *name)
{
	const struct kv_fmt *f = test->param_value;
	struct kv_mem *t = kv_alloc(test);
	struct kv_result r;
	struct kv_case c;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(kv_shared); i++)
		if (!strcmp(kv_shared[i].name, name))
			break;
	KUNIT_ASSERT_LT_MSG(test, i, ARRAY_SIZE(kv_shared), "no case %s", name);
	kv_run_shared(t, &kv_shared[i], f, &c, &r);
	kv_expect(test, &c, &r);
}

#define KV_SHARED_TEST(prop)						\
static void prop(struct kunit *test)					\
{									\
	kv_expect_shared(test, #prop);					\
}

KV_SHARED_TEST(std_3level_is_adopted)
KV_SHARED_TEST(large_leaf_2m_is_adopted)
KV_SHARED_TEST(large_leaf_1g_is_adopted)
KV_SHARED_TEST(shared_subtable_is_adopted)
KV_SHARED_TEST(leaf_outside_old_ram_is_adopted)
KV_SHARED_TEST(pt_root_in_capture_blocks_device)
KV_SHARED_TEST(pt_ptr_past_ram_blocks_device)
KV_SHARED_TEST(pt_ptr_in_capture_blocks_device)
KV_SHARED_TEST(pt_self_loop_blocks_device)
KV_SHARED_TEST(pt_ancestor_loop_blocks_device)
KV_SHARED_TEST(leaf_in_capture_is_cut_rest_adopted)
KV_SHARED_TEST(large_leaf_over_capture_is_cut_rest_adopted)
KV_SHARED_TEST(writable_leaf_over_page_table_is_cut)
KV_SHARED_TEST(read_only_leaf_over_page_table_is_kept)
KV_SHARED_TEST(writable_leaf_over_structure_table_is_cut)
KV_SHARED_TEST(pt_ptr_to_structure_table_blocks_device)
KV_SHARED_TEST(plan_out_of_budget_blocks_device)
KV_SHARED_TEST(nothing_to_cut_is_kept_without_a_copy)
KV_SHARED_TEST(table_fanout_past_limit_blocks_device)
KV_SHARED_TEST(leaves_past_limit_block_device)
KV_SHARED_TEST(read_eio_mid_walk_blocks_device)

/* A shared case without a KUnit test above would silently not run here. */
static void every_shared_case_has_a_test(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, ARRAY_SIZE(kv_shared), 21);
}

static void entry_writer_sequence_is_hitless(struct kunit *test)
{
	const struct kw_case *c = test->param_value;

	KUNIT_EXPECT_TRUE(test, c->run());
}

/*
 * The ELF core header sits outside both old RAM and the capture kernel's
 * System RAM: only kdump_capture_ranges() makes it capture memory, so that
 * an old mapping onto it is cut (leaf_in_capture_is_cut_rest_adopted)
 * instead of kept as one outside old RAM (leaf_outside_old_ram_is_adopted).
 */
static void elfcorehdr_and_initrd_are_capture_memory(struct kunit *test)
{
	const struct kdump_range hdr = { KV_CAP_END + 0x1000, KV_CAP_END + 0x3000 };
	const struct kdump_range initrd = { 0x60000000, 0x60400000 };
	const struct kdump_range adjacent = { KV_CAP_END, KV_CAP_END + 0x2000 };
	const struct kdump_range none = {};
	struct kdump_range r[4] = {
		{ KV_CAP_START, KV_CAP_END }, { 0, 0xa0000 },
	};
	unsigned int n;

	n = kdump_capture_ranges(r, 2, &hdr, &initrd);
	KUNIT_EXPECT_EQ(test, n, 4);
	KUNIT_EXPECT_TRUE(test, kdump_ranges_contain(r, n, hdr.start, hdr.end));
	KUNIT_EXPECT_TRUE(test, kdump_ranges_contain(r, n, initrd.start,
						     initrd.end));
	KUNIT_EXPECT_TRUE(test, kdump_ranges_contain(r, n, KV_CAP_START,
						     KV_CAP_END));
	KUNIT_EXPECT_TRUE(test, kdump_ranges_contain(r, n, 0, 0xa0000));
	/* The gap between this kernel's RAM and the header stays out. */
	KUNIT_EXPECT_FALSE(test, kdump_ranges_overlap(r, n, KV_CAP_END,
						      hdr.start));

	/* No initrd; a header right after the RAM merges with it. */
	r[0] = (struct kdump_range){ KV_CAP_START, KV_CAP_END };
	n = kdump_capture_ranges(r, 1, &adjacent, &none);
	KUNIT_EXPECT_EQ(test, n, 1);
	KUNIT_EXPECT_TRUE(test, kdump_ranges_contain(r, n, KV_CAP_START,
						     KV_CAP_END + 0x2000));
}

/* See kv_budget_sweep(): a spent budget blocks a tree, never the unit. */
static void budget_runs_out_device_by_device_never_the_unit(struct kunit *test)
{
	struct kv_mem *t = kv_alloc(test);
	u64 bad;

	KUNIT_EXPECT_TRUE_MSG(test, kv_budget_sweep(t, &bad),
			      "broken at a budget of %llu bytes", bad);
}

/* See kv_budget_sweep_dids(): many domain IDs, a budget spent on records. */
static void budget_spent_on_records_never_fails_the_unit(struct kunit *test)
{
	struct kv_mem *t = kv_alloc(test);
	u64 bad;

	KUNIT_EXPECT_TRUE_MSG(test, kv_budget_sweep_dids(t, &bad),
			      "broken at a budget of %llu bytes", bad);
}

/* See kv_did_check_without_memory(). */
static void did_check_without_memory_blocks_devices(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, kv_did_check_without_memory(kv_alloc(test)));
}

static void every_reason_has_a_name(struct kunit *test)
{
	int i;

	for (i = 0; i < KDUMP_BAD_MAX; i++)
		KUNIT_EXPECT_STRNEQ(test, kdump_bad_str(i), "unknown");
	KUNIT_EXPECT_STREQ(test, kdump_bad_str(KDUMP_BAD_MAX), "unknown");
}

static struct kunit_case kdump_iommu_pure_cases[] = {
	KUNIT_CASE_PARAM(old_tables_get_expected_plan, kv_gen_params),
	KUNIT_CASE_PARAM(std_3level_is_adopted, kv_fmt_gen_params),
	KUNIT_CASE_PARAM(large_leaf_2m_is_adopted, kv_fmt_gen_params),
	KUNIT_CASE_PARAM(large_leaf_1g_is_adopted, kv_fmt_gen_params),
	KUNIT_CASE_PARAM(shared_subtable_is_adopted, kv_fmt_gen_params),
	KUNIT_CASE_PARAM(leaf_outside_old_ram_is_adopted, kv_fmt_gen_params),
	KUNIT_CASE_PARAM(pt_root_in_capture_blocks_device, kv_fmt_gen_params),
	KUNIT_CASE_PARAM(pt_ptr_past_ram_blocks_device, kv_fmt_gen_params),
	KUNIT_CASE_PARAM(pt_ptr_in_capture_blocks_device, kv_fmt_gen_params),
	KUNIT_CASE_PARAM(pt_self_loop_blocks_device, kv_fmt_gen_params),
	KUNIT_CASE_PARAM(pt_ancestor_loop_blocks_device, kv_fmt_gen_params),
	KUNIT_CASE_PARAM(leaf_in_capture_is_cut_rest_adopted,
			 kv_fmt_gen_params),
	KUNIT_CASE_PARAM(large_leaf_over_capture_is_cut_rest_adopted,
			 kv_fmt_gen_params),
	KUNIT_CASE_PARAM(writable_leaf_over_page_table_is_cut,
			 kv_fmt_gen_params),
	KUNIT_CASE_PARAM(read_only_leaf_over_page_table_is_kept,
			 kv_fmt_gen_params),
	KUNIT_CASE_PARAM(writable_leaf_over_structure_table_is_cut,
			 kv_fmt_gen_params),
	KUNIT_CASE_PARAM(pt_ptr_to_structure_table_blocks_device,
			 kv_fmt_gen_params),
	KUNIT_CASE_PARAM(plan_out_of_budget_blocks_device, kv_fmt_gen_params),
	KUNIT_CASE_PARAM(nothing_to_cut_is_kept_without_a_copy,
			 kv_fmt_gen_params),
	KUNIT_CASE_PARAM(table_fanout_past_limit_blocks_device,
			 kv_fmt_gen_params),
	KUNIT_CASE_PARAM(leaves_past_limit_block_device, kv_fmt_gen_params),
	KUNIT_CASE_PARAM(read_eio_mid_walk_blocks_device, kv_fmt_gen_params),
	KUNIT_CASE(every_shared_case_has_a_test),
	KUNIT_CASE(elfcorehdr_and_initrd_are_capture_memory),
	KUNIT_CASE_PARAM(entry_writer_sequence_is_hitless, kw_gen_params),
	KUNIT_CASE_SLOW(budget_runs_out_device_by_device_never_the_unit),
	KUNIT_CASE_SLOW(budget_spent_on_records_never_fails_the_unit),
	KUNIT_CASE(did_check_without_memory_blocks_devices),
	KUNIT_CASE(every_reason_has_a_name),
	{}
};

static struct kunit_suite kdump_iommu_pure_suite = {
	.name = "kdump_iommu_pure",
	.test_cases = kdump_iommu_pure_cases,
};

kunit_test_suite(kdump_iommu_pure_suite);

MODULE_DESCRIPTION("KUnit tests for the kdump IOMMU handover's pure part");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
