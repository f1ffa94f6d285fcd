// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the AMD-Vi side of the kdump IOMMU handover: what the
 * device table walk copies, records and reserves, the replacement of a
 * copied entry at attach, and IO_PAGE_FAULT accounting. QEMU 7.2's AMD-Vi
 * model never writes its event log, so the crash lab cannot show the last
 * one; these tests run the driver's code on a made-up unit and segment.
 *
 * Copyright (C) 2026 The kdump-iommu authors
 */

#include <kunit/test.h>
#include <linux/bitmap.h>
#include <linux/iommu.h>
#include <linux/slab.h>

#include "amd_iommu_types.h"
#include "kdump.h"
#include "kdump_kunit.h"
#include "../kdump/handover_kunit.h"
#include "../kdump/validate.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

/* Device IDs 0..KA_NR-1; the unit translates all but KA_NOUNIT. */
#define KA_NR		8
#define KA_DEV		3
#define KA_DEV2		5
#define KA_NOUNIT	6
#define KA_DOMID	42

#define KA_DTE_BLOCK	(DTE_FLAG_V | DTE_FLAG_TV)

struct ka_ctx {
	struct amd_iommu *iommu;
	struct amd_iommu_pci_seg seg;
	struct amd_iommu *rlookup[KA_NR];
	struct dev_table_entry *dt;
	unsigned long *domids;
	unsigned long *saved_domids;
	struct amd_kdump_walk w;
};

static const struct kdump_xlate ka_paging = {
	.kind	= KDUMP_XLATE_PAGING,
	.fmt	= &kdump_fmt_amd_v1,
	.root	= 0x1234000,
	.levels	= 3,
	.tag	= KA_DOMID,
	.oa_bits = 48,
};

/* A translated entry as 6.1 writes it, with an interrupt remapping table. */
static const u64 ka_old[4] = {
	0x1234000ULL | (3ULL << 9) | BIT_ULL(61) | BIT_ULL(62) | 3,
	KA_DOMID,
	0x5678000ULL | (9ULL << 1) | (2ULL << 60) | 1,
	0,
};

static int ka_init(struct kunit *test)
{
	struct ka_ctx *ctx;
	unsigned int i;

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx);
	ctx->iommu = kunit_kzalloc(test, sizeof(*ctx->iommu), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx->iommu);
	/* kmalloc aligns power-of-two sizes: CMPXCHG16B needs 16 bytes. */
	ctx->dt = kunit_kzalloc(test, KA_NR * sizeof(*ctx->dt), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx->dt);
	ctx->domids = kunit_kzalloc(test, BITS_TO_LONGS(MAX_DOMAIN_ID) *
				    sizeof(long), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx->domids);

	ctx->iommu->index = MAX_IOMMUS - 1;
	ctx->iommu->pci_seg = &ctx->seg;
	ctx->seg.dev_table = ctx->dt;
	ctx->seg.last_bdf = KA_NR - 1;
	ctx->seg.rlookup_table = ctx->rlookup;
	for (i = 0; i < KA_NR; i++)
		ctx->rlookup[i] = i == KA_NOUNIT ? NULL : ctx->iommu;
	ctx->w.seg = &ctx->seg;

	KUNIT_ASSERT_NOT_NULL(test, amd_kdump_new(ctx->iommu));
	ctx->saved_domids = amd_iommu_pd_alloc_bitmap;
	amd_iommu_pd_alloc_bitmap = ctx->domids;
	amd_kdump_block_table(&ctx->seg);
	kdump_kunit_active = true;
	test->priv = ctx;
	return 0;
}

static void ka_exit(struct kunit *test)
{
	struct ka_ctx *ctx = test->priv;

	if (!ctx)
		return;
	kdump_kunit_active = false;
	amd_iommu_pd_alloc_bitmap = ctx->saved_domids;
	iommu_kdump_runs_free(&ctx->w.runs);
	amd_kdump_forget(ctx->iommu);
}

static void ka_walk(struct kunit *test, u16 devid, const u64 *old,
		    const struct kdump_xlate *x, enum kdump_bad why)
{
	struct ka_ctx *ctx = test->priv;
	struct kdump_walk_stats st = {};

	KUNIT_EXPECT_EQ(test, amd_kdump_walk_dev(&ctx->w, devid, old, x, why,
						 &st), 0);
}

static struct iommu_kdump_unit *ka_unit(struct kunit *test)
{
	struct ka_ctx *ctx = test->priv;

	return amd_kdump_unit_of(ctx->iommu);
}

static void block_table_refuses_every_devid(struct kunit *test)
{
	struct ka_ctx *ctx = test->priv;
	unsigned int i;

	for (i = 0; i < KA_NR; i++) {
		KUNIT_EXPECT_EQ(test, ctx->dt[i].data[0], KA_DTE_BLOCK);
		KUNIT_EXPECT_EQ(test, ctx->dt[i].data[1] & DEV_DOMID_MASK, 0);
	}
}

static void valid_entry_copied_whole_and_adopted(struct kunit *test)
{
	struct ka_ctx *ctx = test->priv;
	unsigned int q;

	ka_walk(test, KA_DEV, ka_old, &ka_paging, KDUMP_OK);
	for (q = 0; q < 4; q++)
		KUNIT_EXPECT_EQ(test, ctx->dt[KA_DEV].data[q], ka_old[q]);
	KUNIT_EXPECT_EQ(test, iommu_kdump_state(ka_unit(test), KA_DEV),
			IOMMU_KDUMP_ADOPTED);
	KUNIT_EXPECT_TRUE(test, test_bit(KA_DOMID, ctx->domids));
	KUNIT_EXPECT_EQ(test, ctx->w.copied, 1U);
	/* Neighbours keep refusing DMA. */
	KUNIT_EXPECT_EQ(test, ctx->dt[KA_DEV + 1].data[0], KA_DTE_BLOCK);
}

static void bad_entry_stays_blocking_and_reserves_domid(struct kunit *test)
{
	struct ka_ctx *ctx = test->priv;

	ka_walk(test, KA_DEV, ka_old, &ka_paging, KDUMP_BAD_IN_CAPTURE);
	KUNIT_EXPECT_EQ(test, ctx->dt[KA_DEV].data[0], KA_DTE_BLOCK);
	KUNIT_EXPECT_EQ(test, ctx->dt[KA_DEV].data[1] & DEV_DOMID_MASK, 0);
	KUNIT_EXPECT_EQ(test, iommu_kdump_state(ka_unit(test), KA_DEV),
			IOMMU_KDUMP_BLOCKED);
	/* Its translations may still be cached under the old ID. */
	KUNIT_EXPECT_TRUE(test, test_bit(KA_DOMID, ctx->domids));
	KUNIT_EXPECT_EQ(test, ctx->w.copied, 0U);
}

/* Mappings that could not all be stored: not copied, blocked. */
static void lost_runs_block_instead_of_copy(struct kunit *test)
{
	struct ka_ctx *ctx = test->priv;

	ctx->w.runs.oom = true;
	ka_walk(test, KA_DEV, ka_old, &ka_paging, KDUMP_OK);
	KUNIT_EXPECT_EQ(test, ctx->dt[KA_DEV].data[0], KA_DTE_BLOCK);
	KUNIT_EXPECT_EQ(test, ctx->w.copied, 0U);
	KUNIT_EXPECT_EQ(test, iommu_kdump_state(ka_unit(test), KA_DEV),
			IOMMU_KDUMP_BLOCKED);
	/* Never copied: an attach may not replace it as if it were. */
	KUNIT_EXPECT_FALSE(test, amd_kdump_publish_dte(ctx->iommu, KA_DEV,
						       &ctx->dt[KA_DEV], 0, 0));
	KUNIT_EXPECT_FALSE(test, ctx->w.runs.oom);
}

static void abort_entry_copied_not_recorded(struct kunit *test)
{
	static const u64 old[4] = { KA_DTE_BLOCK, 0, 1, 0 };
	static const struct kdump_xlate x = { .kind = KDUMP_XLATE_ABORT };
	struct ka_ctx *ctx = test->priv;

	ka_walk(test, KA_DEV, old, &x, KDUMP_OK);
	KUNIT_EXPECT_EQ(test, ctx->dt[KA_DEV].data[2], 1);
	KUNIT_EXPECT_EQ(test, iommu_kdump_state(ka_unit(test), KA_DEV),
			IOMMU_KDUMP_UNPROTECTED);
}

static void devid_without_unit_not_copied(struct kunit *test)
{
	struct ka_ctx *ctx = test->priv;

	ka_walk(test, KA_NOUNIT, ka_old, &ka_paging, KDUMP_OK);
	KUNIT_EXPECT_EQ(test, ctx->dt[KA_NOUNIT].data[0], KA_DTE_BLOCK);
	KUNIT_EXPECT_EQ(test, ctx->w.outside, 1U);
	KUNIT_EXPECT_EQ(test, ctx->w.copied, 0U);
	KUNIT_EXPECT_TRUE(test, test_bit(KA_DOMID, ctx->domids));
}

static void publish_replaces_copied_entry_once(struct kunit *test)
{
	struct ka_ctx *ctx = test->priv;
	u64 new0 = 0x9abc000ULL | (3ULL << 9) | BIT_ULL(61) | BIT_ULL(62) | 3;
	u64 new1 = 77;

	ka_walk(test, KA_DEV, ka_old, &ka_paging, KDUMP_OK);
	KUNIT_EXPECT_TRUE(test, amd_kdump_publish_dte(ctx->iommu, KA_DEV,
						      &ctx->dt[KA_DEV], new0,
						      new1));
	KUNIT_EXPECT_EQ(test, ctx->dt[KA_DEV].data[0], new0);
	KUNIT_EXPECT_EQ(test, ctx->dt[KA_DEV].data[1], new1);
	/* The interrupt half is left to set_dte_irq_entry(). */
	KUNIT_EXPECT_EQ(test, ctx->dt[KA_DEV].data[2], ka_old[2]);
	/* Now it is the capture kernel's: the upstream path writes it. */
	KUNIT_EXPECT_FALSE(test, amd_kdump_publish_dte(ctx->iommu, KA_DEV,
						       &ctx->dt[KA_DEV], 0, 0));
	KUNIT_EXPECT_EQ(test, ctx->dt[KA_DEV].data[0], new0);
	/* Never copied: not ours to write. */
	KUNIT_EXPECT_FALSE(test, amd_kdump_publish_dte(ctx->iommu, KA_DEV2,
						       &ctx->dt[KA_DEV2], new0,
						       new1));
	KUNIT_EXPECT_EQ(test, ctx->dt[KA_DEV2].data[0], KA_DTE_BLOCK);
}

static void publish_inactive_is_upstream(struct kunit *test)
{
	struct ka_ctx *ctx = test->priv;

	ka_walk(test, KA_DEV, ka_old, &ka_paging, KDUMP_OK);
	kdump_kunit_active = false;
	KUNIT_EXPECT_FALSE(test, amd_kdump_publish_dte(ctx->iommu, KA_DEV,
						       &ctx->dt[KA_DEV], 0, 0));
	KUNIT_EXPECT_EQ(test, ctx->dt[KA_DEV].data[0], ka_old[0]);
}

static void io_page_fault_counted_per_device(struct kunit *test)
{
	struct ka_ctx *ctx = test->priv;
	struct amd_iommu *other;

	ka_walk(test, KA_DEV, ka_old, &ka_paging, KDUMP_OK);
	ka_walk(test, KA_DEV2, ka_old, &ka_paging, KDUMP_BAD_RSVD);
	/* Adopted and blocked devices: counted, the caller stays quiet. */
	KUNIT_EXPECT_TRUE(test, amd_kdump_fault(ctx->iommu, KA_DEV));
	KUNIT_EXPECT_TRUE(test, amd_kdump_fault(ctx->iommu, KA_DEV2));
	/* A device the handover does not know: the driver reports it. */
	KUNIT_EXPECT_FALSE(test, amd_kdump_fault(ctx->iommu, KA_DEV + 1));
	/* A unit that was not handed over. */
	other = kunit_kzalloc(test, sizeof(*other), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, other);
	other->index = MAX_IOMMUS - 2;
	KUNIT_EXPECT_FALSE(test, amd_kdump_fault(other, KA_DEV));
	/* Switch off: exactly upstream. */
	kdump_kunit_active = false;
	KUNIT_EXPECT_FALSE(test, amd_kdump_fault(ctx->iommu, KA_DEV));
}

static struct kunit_case kdump_iommu_amd_cases[] = {
	KUNIT_CASE(block_table_refuses_every_devid),
	KUNIT_CASE(valid_entry_copied_whole_and_adopted),
	KUNIT_CASE(bad_entry_stays_blocking_and_reserves_domid),
	KUNIT_CASE(lost_runs_block_instead_of_copy),
	KUNIT_CASE(abort_entry_copied_not_recorded),
	KUNIT_CASE(devid_without_unit_not_copied),
	KUNIT_CASE(publish_replaces_copied_entry_once),
	KUNIT_CASE(publish_inactive_is_upstream),
	KUNIT_CASE(io_page_fault_counted_per_device),
	{}
};

static struct kunit_suite kdump_iommu_amd_suite = {
	.name = "kdump_iommu_amd",
	.init = ka_init,
	.exit = ka_exit,
	.test_cases = kdump_iommu_amd_cases,
};

kunit_test_suite(kdump_iommu_amd_suite);

MODULE_DESCRIPTION("KUnit tests for the AMD-Vi kdump IOMMU handover");
MODULE_LICENSE("GPL");
