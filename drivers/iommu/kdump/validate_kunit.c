// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the kdump IOMMU validator (validate.c).
 *
 * The hostile cases live in validate_cases.h, shared with the user-space
 * unit test in tools/testing/selftests/iommu/kdump/unit/, so both run the
 * same inputs against the same object code. Each case is one parameter of
 * old_tables_get_expected_verdict; its name says what is wrong and what
 * it must get ("root_ptr_in_capture_blocks_iommu"). Properties that do not
 * depend on the table format (kv_shared[]) are one test each, run once per
 * format (VT-d second level, AMD-Vi v1) through KUNIT_ARRAY_PARAM.
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

static void kv_fmt_desc(const struct kv_fmt *f, char *desc)
{
	strscpy(desc, f->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(kv_fmt, kv_fmts, kv_fmt_desc);

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
	KUNIT_EXPECT_FALSE_MSG(test, r->stray_read,
			       "a read outside old RAM reached the callback");
	KUNIT_EXPECT_FALSE_MSG(test, r->leaf_in_capture,
			       "a reported mapping overlaps capture memory");
	KUNIT_EXPECT_FALSE_MSG(test, r->stats_bad,
			       "statistics disagree with the callbacks");
	/* The same verdict the user-space test gives. */
	KUNIT_EXPECT_TRUE(test, kv_result_ok(c, r));
}

static void old_tables_get_expected_verdict(struct kunit *test)
{
	const struct kv_case *c = test->param_value;
	struct kv_mem *t = kv_alloc(test);
	struct kv_result r;

	c->build(t);
	kv_run(t, c, &r);
	kv_expect(test, c, &r);
}

/* Run the shared property @name for the format in test->param_value. */
static void kv_expect_shared(struct kunit *test, const char *name)
{
	const struct kv_fmt *f = test->param_value;
	const struct kv_shared *sh = NULL;
	struct kv_mem *t = kv_alloc(test);
	struct kv_result r;
	struct kv_case c;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(kv_shared); i++)
		if (!strcmp(kv_shared[i].name, name))
			sh = &kv_shared[i];
	KUNIT_ASSERT_NOT_NULL_MSG(test, sh, "no shared case %s", name);
	kv_run_shared(t, sh, f, &c, &r);
	kv_expect(test, &c, &r);
}

/* One test per format-independent property, parameterised by format. */
#define KV_SHARED_TEST(prop)					\
static void prop(struct kunit *test)				\
{								\
	kv_expect_shared(test, #prop);				\
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
KV_SHARED_TEST(leaf_in_capture_blocks_device)
KV_SHARED_TEST(large_leaf_over_capture_blocks_device)
KV_SHARED_TEST(table_fanout_past_limit_blocks_device)
KV_SHARED_TEST(leaves_past_limit_block_device)
KV_SHARED_TEST(read_eio_mid_walk_blocks_device)

/* Every entry of kv_shared[] has a test above. */
static void every_shared_case_has_a_test(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, ARRAY_SIZE(kv_shared), (size_t)15);
}

static void amd_dte_decodes_to_xlate(struct kunit *test)
{
	struct kv_mem *t = kv_alloc(test);
	u64 dte[4] = { KV_DTE0(KV_PA(2), 4), 7 | BIT_ULL(32) | BIT_ULL(34),
		       KV_DTE2_IRT(KV_PA(1)), 0 };
	struct kdump_xlate x;
	u64 irt, len;

	KUNIT_ASSERT_EQ(test, kdump_amd_dte(&t->amd, dte, &x), KDUMP_OK);
	KUNIT_EXPECT_EQ(test, x.kind, KDUMP_XLATE_PAGING);
	KUNIT_EXPECT_PTR_EQ(test, x.fmt, &kdump_fmt_amd_v1);
	KUNIT_EXPECT_EQ(test, x.root, KV_PA(2));
	KUNIT_EXPECT_EQ(test, x.levels, 4U);
	KUNIT_EXPECT_EQ(test, x.tag, 7U);
	KUNIT_EXPECT_EQ(test, x.flags, KDUMP_XLATE_F_ATS | KDUMP_XLATE_F_FPD);
	KUNIT_EXPECT_EQ(test, kdump_amd_dte_irt(&t->amd, dte, &irt, &len),
			KDUMP_OK);
	KUNIT_EXPECT_EQ(test, irt, KV_PA(1));
	KUNIT_EXPECT_EQ(test, len, 2048ULL);
	t->amd.ga_irte = true;
	kdump_amd_dte_irt(&t->amd, dte, &irt, &len);
	KUNIT_EXPECT_EQ(test, len, 8192ULL);

	/* GV blocks whatever else the entry says. */
	dte[0] |= BIT_ULL(55);
	KUNIT_EXPECT_EQ(test, kdump_amd_dte(&t->amd, dte, &x), KDUMP_BAD_TYPE);
	dte[0] = 0;
	KUNIT_EXPECT_EQ(test, kdump_amd_dte(&t->amd, dte, &x), KDUMP_OK);
	KUNIT_EXPECT_EQ(test, x.kind, KDUMP_XLATE_ABSENT);
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
	KUNIT_CASE_PARAM(leaf_in_capture_blocks_device, kv_fmt_gen_params),
	KUNIT_CASE_PARAM(large_leaf_over_capture_blocks_device,
			 kv_fmt_gen_params),
	KUNIT_CASE_PARAM(table_fanout_past_limit_blocks_device,
			 kv_fmt_gen_params),
	KUNIT_CASE_PARAM(leaves_past_limit_block_device, kv_fmt_gen_params),
	KUNIT_CASE_PARAM(read_eio_mid_walk_blocks_device, kv_fmt_gen_params),
	KUNIT_CASE(every_shared_case_has_a_test),
	KUNIT_CASE(amd_dte_decodes_to_xlate),
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
