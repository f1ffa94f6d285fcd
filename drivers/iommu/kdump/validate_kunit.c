// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the kdump IOMMU validator (validate.c).
 *
 * The hostile cases live in validate_cases.h, shared with the user-space
 * unit test in tools/testing/selftests/iommu/kdump/unit/, so both run the
 * same inputs against the same object code. Each case is one parameter of
 * old_tables_get_expected_verdict; its name says what is wrong and what
 * it must get ("root_ptr_in_capture_blocks_iommu").
 */
#include <kunit/test.h>
#include <linux/module.h>

#include "validate.h"
#include "validate_cases.h"

static void kv_case_desc(const struct kv_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(kv, kv_cases, kv_case_desc);

static struct kv_mem *kv_alloc(struct kunit *test)
{
	struct kv_mem *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t);
	kv_init(t);
	return t;
}

static void old_tables_get_expected_verdict(struct kunit *test)
{
	const struct kv_case *c = test->param_value;
	struct kv_mem *t = kv_alloc(test);
	struct kv_result r;

	c->build(t);
	kv_run(t, c, &r);
	KUNIT_EXPECT_EQ_MSG(test, r.ret, c->ret, "returned \"%s\", want \"%s\"",
			    kdump_bad_str(r.ret), kdump_bad_str(c->ret));
	KUNIT_EXPECT_EQ_MSG(test, r.dev, c->dev,
			    "first verdict \"%s\", want \"%s\"",
			    kdump_bad_str(r.dev), kdump_bad_str(c->dev));
	KUNIT_EXPECT_EQ(test, r.nr, c->nr);
	KUNIT_EXPECT_EQ(test, r.leaves, c->leaves);
	KUNIT_EXPECT_FALSE_MSG(test, r.stray_read,
			       "a read outside old RAM reached the callback");
	KUNIT_EXPECT_FALSE_MSG(test, r.leaf_in_capture,
			       "a reported mapping overlaps capture memory");
	KUNIT_EXPECT_FALSE_MSG(test, r.stats_bad,
			       "statistics disagree with the callbacks");
	/* The same verdict the user-space test gives. */
	KUNIT_EXPECT_TRUE(test, kv_result_ok(c, &r));
}

static void table_in_capture_is_rejected(struct kunit *test)
{
	struct kv_mem *t = kv_alloc(test);

	KUNIT_EXPECT_EQ(test, kdump_check_table(&t->m, KV_PA(1), 4096, 4096),
			KDUMP_OK);
	KUNIT_EXPECT_EQ(test, kdump_check_table(&t->m, KV_CAP_END - 8, 16, 8),
			KDUMP_BAD_IN_CAPTURE);
	KUNIT_EXPECT_EQ(test,
			kdump_check_table(&t->m, KV_PA(KV_PAGES) - 8, 16, 8),
			KDUMP_BAD_NOT_OLD_RAM);
	KUNIT_EXPECT_EQ(test, kdump_check_table(&t->m, ~0ULL - 15, 16, 16),
			KDUMP_BAD_OVERFLOW);
	KUNIT_EXPECT_EQ(test, kdump_check_table(&t->m, KV_PA(1) + 8, 16, 16),
			KDUMP_BAD_ALIGN);
}

static void every_reason_has_a_name(struct kunit *test)
{
	int i;

	for (i = 0; i < KDUMP_BAD_MAX; i++) {
		KUNIT_EXPECT_NOT_ERR_OR_NULL(test, kdump_bad_str(i));
		KUNIT_EXPECT_STRNEQ(test, kdump_bad_str(i), "unknown");
	}
	KUNIT_EXPECT_STREQ(test, kdump_bad_str(KDUMP_BAD_MAX), "unknown");
}

static void sl_pte_bit_at_haw_is_reserved(struct kunit *test)
{
	u32 sp = KDUMP_XLATE_F_SP_L2 | KDUMP_XLATE_F_SP_L3;

	KUNIT_EXPECT_EQ(test, kdump_vtd_sl_pte_rsvd(BIT_ULL(46) | 3, 1, 46, sp),
			BIT_ULL(46));
	KUNIT_EXPECT_EQ(test, kdump_vtd_sl_pte_rsvd(BIT_ULL(45) | 3, 1, 46, sp),
			0ULL);
	KUNIT_EXPECT_EQ(test,
			kdump_vtd_sl_pte_rsvd(BIT_ULL(63) | BIT_ULL(11) | 3, 1,
					      46, sp), 0ULL);
	KUNIT_EXPECT_EQ(test,
			kdump_vtd_sl_pte_rsvd(0x200000ULL | BIT_ULL(7) | 3, 2,
					      46, 0), BIT_ULL(7));
}

struct kv_stop {
	unsigned int calls;
};

static int kv_stop_at_first(void *arg, u64 iova, u64 pa, u64 size, u32 prot)
{
	struct kv_stop *s = arg;

	s->calls++;
	return -ENOSPC;
}

static void map_error_aborts_walk(struct kunit *test)
{
	struct kv_mem *t = kv_alloc(test);
	struct kdump_walk_stats st;
	struct kv_stop stop = { 0 };
	struct kdump_xlate x;
	int err = 0;

	kv_std(t, 3);
	KUNIT_ASSERT_EQ(test,
			kdump_vtd_context_entry(&t->caps,
						KV_CTX_LO(KV_PA(KV_TBL(3, 3)), 0),
						KV_CTX_HI(1, 1), &x),
			KDUMP_OK);
	KUNIT_EXPECT_EQ(test, x.kind, KDUMP_XLATE_PAGING);
	KUNIT_EXPECT_EQ(test, x.levels, 3U);
	KUNIT_EXPECT_EQ(test, x.tag, 1U);
	KUNIT_EXPECT_EQ(test,
			kdump_pt_walk(&t->m, &x, &t->lim, t->scratch,
				      kv_stop_at_first, &stop, &st, &err),
			KDUMP_BAD_ABORTED);
	KUNIT_EXPECT_EQ(test, err, -ENOSPC);
	KUNIT_EXPECT_EQ(test, stop.calls, 1U);
	KUNIT_EXPECT_EQ(test, st.leaves, 4ULL);
	KUNIT_EXPECT_EQ(test, st.tables, 3U);
}

static struct kunit_case kdump_iommu_validate_cases[] = {
	KUNIT_CASE_PARAM(old_tables_get_expected_verdict, kv_gen_params),
	KUNIT_CASE(table_in_capture_is_rejected),
	KUNIT_CASE(every_reason_has_a_name),
	KUNIT_CASE(sl_pte_bit_at_haw_is_reserved),
	KUNIT_CASE(map_error_aborts_walk),
	{}
};

static struct kunit_suite kdump_iommu_validate_suite = {
	.name = "kdump_iommu_validate",
	.test_cases = kdump_iommu_validate_cases,
};

kunit_test_suite(kdump_iommu_validate_suite);

MODULE_DESCRIPTION("KUnit tests for the kdump IOMMU table validator");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
