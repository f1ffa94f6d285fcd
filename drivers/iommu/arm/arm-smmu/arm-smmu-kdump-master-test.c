// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the capture kernel's masters of an SMMUv2 keeping old state.
 *
 * Copyright (C) 2026 The kdump-iommu authors
 *
 * The register model, the two boots and the helpers are in
 * arm-smmu-kdump-test.c, included before this file. Here the capture
 * kernel's masters go through the driver's own arm_smmu_master_alloc_smes(),
 * arm_smmu_domain_alloc_paging() and arm_smmu_attach_dev(), with the
 * kdump core's steps where the IOMMU core takes them: a master inherits
 * its old mappings, is released on reset, goes before either; the
 * deferred attach runs with interrupts off; the crashed kernel used every
 * context bank; reservations of old IDs go with the last bank carrying
 * them.
 *
 * Included from arm-smmu.c (CONFIG_ARM_SMMU_KDUMP_KUNIT_TEST), to drive its
 * static functions.
 */

static struct dev_iommu sm_master_iommu[2];
static char sm_group[2];

/*
 * A master of stream @sid the IOMMU core found in the capture kernel, in
 * group @grp: sm_new_master(), the handover's hook in
 * arm_smmu_probe_device(), then the IOMMU core's.
 */
static struct device *sm_probe_master_in(struct kunit *test,
					 struct arm_smmu_device *smmu, int i,
					 u32 sid, int grp)
{
	struct device *dev = sm_new_master(test, smmu, sid, &sm_master_iommu[i],
					   i ? "master-b" : "master-a");

	dev->iommu_group = (void *)&sm_group[grp];
	sm_master[i] = dev;
	arm_smmu_v2_kdump_probe(smmu, dev, dev_iommu_fwspec_get(dev)->ids, 1);
	iommu_kdump_init_device(dev);
	return dev;
}

/* The same, in a group of its own. */
static struct device *sm_probe_master(struct kunit *test,
				      struct arm_smmu_device *smmu, int i,
				      u32 sid)
{
	return sm_probe_master_in(test, smmu, i, sid, i);
}

/* The master goes (arm_smmu_release_device()): its entries' references. */
static void sm_remove_master(struct device *dev)
{
	arm_smmu_master_free_smes(dev_iommu_priv_get(dev),
				  dev_iommu_fwspec_get(dev));
}

/*
 * CONFIG_DEBUG_ATOMIC_SLEEP (in both .kunitconfig files) taints the kernel
 * with TAINT_WARN when something sleeps in atomic context: it must not be
 * tainted before, or a sleep would not show.
 */
static void sm_assert_untainted(struct kunit *test)
{
	KUNIT_ASSERT_TRUE(test, IS_ENABLED(CONFIG_DEBUG_ATOMIC_SLEEP));
	KUNIT_ASSERT_FALSE_MSG(test, test_taint(TAINT_WARN),
			       "tainted already: a sleep would not show");
}

/*
 * The deferred attach the first dma_map_*() makes, here with interrupts
 * off: its result, after checking that nothing slept.
 */
static int sm_atomic_attach(struct kunit *test, struct device *dev,
			    struct iommu_domain *dom)
{
	unsigned long flags;
	int ret;

	local_irq_save(flags);
	ret = iommu_deferred_attach(dev, dom);
	local_irq_restore(flags);
	KUNIT_EXPECT_FALSE_MSG(test, test_taint(TAINT_WARN),
			       "slept in atomic context (see the log)");
	return ret;
}

/*
 * Both boots with nothing corrupted: the crashed kernel's, its streams
 * checked from then on, and the capture kernel's probe, which must hand
 * the SMMU to the core.
 */
static struct arm_smmu_device *sm_capture_boot(struct kunit *test,
					       struct sm_model *m,
					       struct sm_boot1 *b1)
{
	struct arm_smmu_device *smmu;

	sm_boot1(test, b1);
	sm_expect_boot1(test, m, b1);
	smmu = sm_smmu(test, "smmu-capture");
	sm_probe_hw(test, smmu);
	KUNIT_ASSERT_NOT_NULL(test, sm_unit);
	return smmu;
}

/*
 * The device was reset before any attach: its stream faults (the master
 * holds the entry, with no domain yet), its old bank goes, the other
 * stream stays. When the master goes, the entry goes.
 */
static void sm_capture_releases_on_reset(struct kunit *test)
{
	struct sm_model *m = sm_new(test);
	struct arm_smmu_device *smmu;
	struct device *dev;
	struct sm_boot1 b1;
	int idx;
	u64 pa;

	smmu = sm_capture_boot(test, m, &b1);
	dev = sm_probe_master(test, smmu, 0, SM_SID_A);
	m->s[0].fault_at_end = true;
	idx = sm_sme_of(m, SM_SID_A);
	KUNIT_ASSERT_GE(test, idx, 0);
	iommu_kdump_device_reset_done(dev);
	KUNIT_EXPECT_EQ(test, m->bypassed, 0);
	KUNIT_EXPECT_EQ(test, m->moved, 0);
	KUNIT_EXPECT_EQ(test, sm_xlate(m, SM_SID_A, SM_IOVA_A, &pa), SM_FAULT);
	KUNIT_EXPECT_EQ(test, sm_sme_of(m, SM_SID_A), idx);
	KUNIT_EXPECT_EQ(test, smmu->s2crs[idx].count, 1);
	KUNIT_EXPECT_FALSE(test, arm_smmu_v2_kdump_kept_sme(smmu, idx));
	/*
	 * Disabled, no longer kept, and free: its index was its own old
	 * ASID, which no kept bank carries now.
	 */
	KUNIT_EXPECT_FALSE(test, arm_smmu_v2_kdump_kept_cb(smmu,
							   b1.a->cfg.cbndx));
	KUNIT_EXPECT_FALSE(test, test_bit(b1.a->cfg.cbndx, smmu->context_map));
	KUNIT_EXPECT_EQ(test, m->reg[SM_NUMPAGE + b1.a->cfg.cbndx]
			[ARM_SMMU_CB_SCTLR / 4] & ARM_SMMU_SCTLR_M, 0);
	KUNIT_EXPECT_EQ(test, sm_xlate(m, SM_SID_B, SM_IOVA_B, &pa), SM_XLATE);
	KUNIT_EXPECT_EQ(test, pa, (u64)b1.pa_b);
	sm_remove_master(dev);
	KUNIT_EXPECT_EQ(test, sm_sme_of(m, SM_SID_A), -1);
	KUNIT_EXPECT_EQ(test, m->bypassed, 0);
}

/*
 * The IOMMU core gives up on a master's probe after the driver's
 * probe_device (its error path: arm_smmu_release_device(), then the
 * kdump core forgets the device without releasing it): the old entry,
 * which the device may still DMA through, stays as it is, the
 * handover's again. A later probe finds it; a reset releases it.
 */
static void sm_capture_master_gone_keeps_entry(struct kunit *test)
{
	struct sm_model *m = sm_new(test);
	struct arm_smmu_device *smmu;
	struct device *dev;
	struct sm_boot1 b1;
	int idx;
	u64 pa;

	smmu = sm_capture_boot(test, m, &b1);
	dev = sm_probe_master(test, smmu, 0, SM_SID_A);
	idx = sm_sme_of(m, SM_SID_A);
	KUNIT_ASSERT_GE(test, idx, 0);
	sm_remove_master(dev);
	iommu_kdump_forget_device(dev);
	sm_master[0] = NULL;
	KUNIT_EXPECT_EQ(test, m->bypassed, 0);
	KUNIT_EXPECT_EQ(test, m->moved, 0);
	KUNIT_EXPECT_EQ(test, sm_sme_of(m, SM_SID_A), idx);
	KUNIT_EXPECT_EQ(test, smmu->s2crs[idx].count, 1);
	KUNIT_EXPECT_TRUE(test, arm_smmu_v2_kdump_kept_sme(smmu, idx));
	KUNIT_EXPECT_EQ(test, sm_xlate(m, SM_SID_A, SM_IOVA_A, &pa), SM_XLATE);
	KUNIT_EXPECT_EQ(test, pa, (u64)b1.pa_a);
	/* A new master for the same ID gets the same entry back. */
	dev = sm_probe_master(test, smmu, 1, SM_SID_A);
	KUNIT_EXPECT_EQ(test, sm_sme_of(m, SM_SID_A), idx);
	KUNIT_EXPECT_EQ(test, smmu->s2crs[idx].count, 1);
	m->s[0].fault_at_end = true;
	iommu_kdump_device_reset_done(dev);
	KUNIT_EXPECT_EQ(test, m->bypassed, 0);
	KUNIT_EXPECT_EQ(test, sm_xlate(m, SM_SID_A, SM_IOVA_A, &pa), SM_FAULT);
}

/*
 * Both boots, then the capture kernel's master of stream A, still on its
 * old entry, and a paging domain the driver allocates for it (set up at
 * once, on a bank of its own).
 */
static struct iommu_domain *sm_kept_master_domain(struct kunit *test,
						  struct sm_model *m,
						  struct sm_boot1 *b1,
						  struct device **dev)
{
	struct arm_smmu_device *smmu = sm_capture_boot(test, m, b1);
	struct iommu_domain *dom;
	struct arm_smmu_domain *d;

	*dev = sm_probe_master(test, smmu, 0, SM_SID_A);
	KUNIT_ASSERT_GE(test, sm_sme_of(m, SM_SID_A), 0);
	dom = arm_smmu_domain_alloc_paging(*dev);
	KUNIT_ASSERT_NOT_NULL(test, dom);
	d = to_smmu_domain(dom);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, sm_free_domain,
							d), 0);
	/* What iommu_paging_domain_alloc() sets; set up already. */
	dom->type = IOMMU_DOMAIN_UNMANAGED;
	dom->ops = arm_smmu_ops.default_domain_ops;
	KUNIT_ASSERT_PTR_EQ(test, d->smmu, smmu);
	KUNIT_ASSERT_NE(test, dom->pgsize_bitmap, 0);
	KUNIT_EXPECT_NE(test, d->cfg.cbndx, b1->a->cfg.cbndx);
	return dom;
}

/*
 * The capture kernel's driver gets a new domain for the master before the
 * device is reset, through the IOMMU core's steps: the domain is set up at
 * allocation, the kdump core maps the old mappings into it, the driver's
 * attach programs a new bank and moves the stream with one S2CR write.
 * The old IOVA lands where it did at every write; the old bank goes; the
 * reset takes the old mappings out of the new domain; when the master
 * goes, so does the entry.
 */
static void sm_capture_inherits_then_releases(struct kunit *test)
{
	struct sm_model *m = sm_new(test);
	struct arm_smmu_device *smmu;
	struct arm_smmu_domain *d;
	struct iommu_domain *dom;
	struct device *dev;
	struct sm_boot1 b1;
	int idx;
	u64 pa;

	dom = sm_kept_master_domain(test, m, &b1, &dev);
	d = to_smmu_domain(dom);
	smmu = d->smmu;
	idx = sm_sme_of(m, SM_SID_A);
	/* __iommu_group_set_domain(): the kdump core's steps around it. */
	KUNIT_ASSERT_EQ(test, iommu_kdump_set_domain(NULL, dev, dom, false), 0);
	KUNIT_ASSERT_EQ(test, iommu_kdump_attach(dev, dom), 0);
	KUNIT_ASSERT_EQ(test, arm_smmu_attach_dev(dom, dev), 0);
	iommu_kdump_attached(dev, dom);
	/* The same entry, now pointing at the new bank. */
	KUNIT_EXPECT_EQ(test, sm_sme_of(m, SM_SID_A), idx);
	KUNIT_EXPECT_EQ(test, FIELD_GET(ARM_SMMU_S2CR_CBNDX,
					m->reg[0][ARM_SMMU_GR0_S2CR(idx) / 4]),
			(u32)d->cfg.cbndx);
	KUNIT_EXPECT_EQ(test, m->bypassed, 0);
	KUNIT_EXPECT_EQ(test, m->moved, 0);

	/* The old bank went with the switch. */
	KUNIT_EXPECT_FALSE(test, arm_smmu_v2_kdump_kept_sme(smmu, idx));
	KUNIT_EXPECT_FALSE(test, arm_smmu_v2_kdump_kept_cb(smmu, b1.a->cfg.cbndx));
	KUNIT_EXPECT_EQ(test, m->reg[SM_NUMPAGE + b1.a->cfg.cbndx]
			[ARM_SMMU_CB_SCTLR / 4] & ARM_SMMU_SCTLR_M, 0);

	/* The reset: the old mappings leave the new domain (the core). */
	m->s[0].fault_at_end = true;
	iommu_kdump_device_reset_done(dev);
	KUNIT_EXPECT_EQ(test, m->bypassed, 0);
	KUNIT_EXPECT_EQ(test, m->moved, 0);
	KUNIT_EXPECT_EQ(test, sm_xlate(m, SM_SID_A, SM_IOVA_A, &pa), SM_FAULT);
	KUNIT_EXPECT_EQ(test, FIELD_GET(ARM_SMMU_S2CR_CBNDX,
					m->reg[0][ARM_SMMU_GR0_S2CR(idx) / 4]),
			(u32)d->cfg.cbndx);
	/* One reference: the master's (it took the handover's). */
	KUNIT_EXPECT_EQ(test, smmu->s2crs[idx].count, 1);
	KUNIT_EXPECT_TRUE(test, test_bit(d->cfg.cbndx, smmu->context_map));
	/* The master goes: its entry with it, never on a bank. */
	sm_remove_master(dev);
	KUNIT_EXPECT_EQ(test, sm_sme_of(m, SM_SID_A), -1);
	KUNIT_EXPECT_EQ(test, sm_xlate(m, SM_SID_A, SM_IOVA_A, &pa), SM_FAULT);
	KUNIT_EXPECT_EQ(test, m->bypassed, 0);
}

/*
 * The core defers a kept master's attach to its first DMA mapping, and
 * dma_map_*() may run with interrupts off: what iommu_deferred_attach()
 * reaches there must not sleep. CONFIG_DEBUG_ATOMIC_SLEEP (in both
 * .kunitconfig files) taints the kernel with TAINT_WARN when it does.
 */
static void sm_capture_deferred_attach_atomic(struct kunit *test)
{
	struct sm_model *m = sm_new(test);
	struct iommu_domain *dom;
	struct arm_smmu_domain *d;
	struct device *dev;
	struct sm_boot1 b1;
	int idx;

	sm_assert_untainted(test);
	dom = sm_kept_master_domain(test, m, &b1, &dev);
	d = to_smmu_domain(dom);
	idx = sm_sme_of(m, SM_SID_A);
	KUNIT_ASSERT_TRUE(test, dev->iommu->attach_deferred);
	/* __iommu_group_set_domain(): the default domain, attach deferred. */
	KUNIT_ASSERT_EQ(test, iommu_kdump_set_domain(NULL, dev, dom, true), 0);
	KUNIT_EXPECT_EQ(test, FIELD_GET(ARM_SMMU_S2CR_CBNDX,
					m->reg[0][ARM_SMMU_GR0_S2CR(idx) / 4]),
			(u32)b1.a->cfg.cbndx);

	/* The first dma_map_*(), in an interrupt handler. */
	KUNIT_EXPECT_EQ(test, sm_atomic_attach(test, dev, dom), 0);
	KUNIT_EXPECT_FALSE(test, dev->iommu->attach_deferred);
	KUNIT_EXPECT_EQ(test, FIELD_GET(ARM_SMMU_S2CR_CBNDX,
					m->reg[0][ARM_SMMU_GR0_S2CR(idx) / 4]),
			(u32)d->cfg.cbndx);
	KUNIT_EXPECT_EQ(test, m->bypassed, 0);
	KUNIT_EXPECT_EQ(test, m->moved, 0);
	/* The old bank went with the switch, from there too. */
	KUNIT_EXPECT_FALSE(test, arm_smmu_v2_kdump_kept_cb(d->smmu,
							   b1.a->cfg.cbndx));
}

/*
 * The crashed kernel used every context bank (stage 1, ASID = bank): the
 * capture kernel's master of stream A finds none free for a domain with
 * the old mappings. It still gets a domain (without one it would have no
 * IOMMU, and its driver's DMA would go through the old entry), stays on
 * its old entry, is refused DMA until its reset, and then gets the old
 * bank, its reservation for the old ASID gone with the TLB invalidation.
 * The domain is set up by the reset, in process context: its deferred
 * attach, from the first dma_map_*() with interrupts off, must not sleep
 * either.
 */
static void sm_capture_every_bank_used(struct kunit *test)
{
	struct sm_model *m = sm_new(test);
	struct arm_smmu_device *smmu;
	struct arm_smmu_domain *d;
	struct iommu_domain *dom;
	struct device *dev;
	struct sm_boot1 b1;
	dma_addr_t end;
	int i, idx, cb;
	u64 pa;

	sm_assert_untainted(test);

	sm_boot1(test, &b1);
	for (i = 2; i < SM_NR_CB; i++) {
		d = sm_attach(test, b1.smmu, ARM_SMMU_DOMAIN_S1, SM_SID_B + i,
			      SM_IOVA_A, sm_page(test));
		KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
								sm_free_domain,
								d), 0);
	}
	KUNIT_ASSERT_EQ(test, bitmap_weight(b1.smmu->context_map, SM_NR_CB),
			SM_NR_CB);
	sm_expect_boot1(test, m, &b1);
	smmu = sm_smmu(test, "smmu-capture");
	sm_probe_hw(test, smmu);
	KUNIT_ASSERT_NOT_NULL(test, sm_unit);
	KUNIT_ASSERT_EQ(test, bitmap_weight(smmu->context_map, SM_NR_CB),
			SM_NR_CB);
	dev = sm_probe_master(test, smmu, 0, SM_SID_A);
	idx = sm_sme_of(m, SM_SID_A);
	cb = b1.a->cfg.cbndx;
	KUNIT_ASSERT_GE(test, idx, 0);

	dom = arm_smmu_domain_alloc_paging(dev);
	KUNIT_ASSERT_NOT_NULL(test, dom);
	d = to_smmu_domain(dom);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, sm_free_domain,
							d), 0);
	/* What __iommu_domain_alloc() sets; not set up. */
	dom->type = IOMMU_DOMAIN_UNMANAGED;
	dom->ops = arm_smmu_ops.default_domain_ops;
	dom->pgsize_bitmap = arm_smmu_ops.pgsize_bitmap;
	KUNIT_EXPECT_NULL(test, d->smmu);
	/* iommu-dma checks DMA ranges against it before any attach. */
	KUNIT_EXPECT_TRUE(test, dom->geometry.force_aperture);
	end = dom->geometry.aperture_end;
	KUNIT_EXPECT_EQ(test, iommu_kdump_set_domain(NULL, dev, dom, true), 0);
	KUNIT_EXPECT_EQ(test, iommu_deferred_attach(dev, dom), -EBUSY);
	KUNIT_EXPECT_EQ(test, sm_xlate(m, SM_SID_A, SM_IOVA_A, &pa), SM_XLATE);
	KUNIT_EXPECT_EQ(test, pa, (u64)b1.pa_a);

	m->s[0].fault_at_end = true;
	iommu_kdump_device_reset_done(dev);
	/* Set up on the freed bank by the reset, before any attach. */
	KUNIT_EXPECT_PTR_EQ(test, d->smmu, smmu);
	KUNIT_EXPECT_EQ(test, d->cfg.cbndx, cb);
	KUNIT_EXPECT_TRUE(test, test_bit(cb, smmu->context_map));
	KUNIT_EXPECT_EQ(test, sm_atomic_attach(test, dev, dom), 0);
	KUNIT_EXPECT_EQ(test, dom->geometry.aperture_end, end);
	KUNIT_EXPECT_EQ(test, FIELD_GET(ARM_SMMU_S2CR_CBNDX,
					m->reg[0][ARM_SMMU_GR0_S2CR(idx) / 4]),
			(u32)cb);
	KUNIT_EXPECT_EQ(test, sm_xlate(m, SM_SID_A, SM_IOVA_A, &pa), SM_FAULT);
	KUNIT_EXPECT_EQ(test, m->bypassed, 0);
	KUNIT_EXPECT_EQ(test, m->moved, 0);
}

/*
 * Domain types and ops as __iommu_domain_alloc() sets them, for a domain
 * the driver allocated for a capture-kernel master.
 */
static struct arm_smmu_domain *sm_alloc_domain(struct kunit *test,
					       struct device *dev)
{
	struct iommu_domain *dom = arm_smmu_domain_alloc_paging(dev);
	struct arm_smmu_domain *d;

	KUNIT_ASSERT_NOT_NULL(test, dom);
	d = to_smmu_domain(dom);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, sm_free_domain,
							d), 0);
	dom->type = IOMMU_DOMAIN_UNMANAGED;
	dom->ops = arm_smmu_ops.default_domain_ops;
	if (!dom->pgsize_bitmap)
		dom->pgsize_bitmap = arm_smmu_ops.pgsize_bitmap;
	return d;
}

/* The crashed kernel's streams A and B, and banks 2 up to @end - 1. */
static void sm_boot1_fill(struct kunit *test, struct sm_boot1 *b1, int end)
{
	struct arm_smmu_domain *d;
	int i;

	sm_boot1(test, b1);
	for (i = 2; i < end; i++) {
		d = sm_attach(test, b1->smmu, ARM_SMMU_DOMAIN_S1, SM_SID_B + i,
			      SM_IOVA_A, sm_page(test));
		KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
								sm_free_domain,
								d), 0);
	}
}

/*
 * Every bank used by the crashed kernel, and two kept masters whose
 * domains wait, B's older than A's. A's reset frees A's old bank: A's
 * domain gets it, not B's, whose master its own reset will give a bank
 * (given to the oldest, A would stay without one and its first mapping
 * after the reset would sleep, then fail). A's deferred attach, with
 * interrupts off, does not sleep.
 */
static void sm_capture_reset_bank_goes_to_its_master(struct kunit *test)
{
	struct sm_model *m = sm_new(test);
	struct arm_smmu_domain *a, *b;
	struct device *dev_a, *dev_b;
	struct arm_smmu_device *smmu;
	struct sm_boot1 b1;
	int old_a;

	sm_assert_untainted(test);
	sm_boot1_fill(test, &b1, SM_NR_CB);
	sm_expect_boot1(test, m, &b1);
	old_a = b1.a->cfg.cbndx;
	smmu = sm_smmu(test, "smmu-capture");
	sm_probe_hw(test, smmu);
	KUNIT_ASSERT_NOT_NULL(test, sm_unit);
	dev_a = sm_probe_master(test, smmu, 0, SM_SID_A);
	dev_b = sm_probe_master(test, smmu, 1, SM_SID_B);
	b = sm_alloc_domain(test, dev_b);
	a = sm_alloc_domain(test, dev_a);
	KUNIT_ASSERT_NULL(test, a->smmu);
	KUNIT_ASSERT_NULL(test, b->smmu);
	KUNIT_ASSERT_EQ(test, iommu_kdump_set_domain(NULL, dev_b, &b->domain,
						     true), 0);
	KUNIT_ASSERT_EQ(test, iommu_kdump_set_domain(NULL, dev_a, &a->domain,
						     true), 0);

	m->s[0].fault_at_end = true;
	iommu_kdump_device_reset_done(dev_a);
	/* By the release itself, not by the work. */
	KUNIT_EXPECT_PTR_EQ(test, a->smmu, smmu);
	arm_smmu_v2_kdump_flush(smmu);
	KUNIT_EXPECT_EQ(test, a->cfg.cbndx, old_a);
	KUNIT_EXPECT_NULL(test, b->smmu);
	KUNIT_EXPECT_EQ(test, sm_atomic_attach(test, dev_a, &a->domain), 0);
	/* Stream B still on its old bank, until B's reset. */
	KUNIT_EXPECT_EQ(test, m->bypassed, 0);
	KUNIT_EXPECT_EQ(test, m->moved, 0);
}

/*
 * Every bank used, and stream A's old tree maps nothing: the core has no
 * old mapping to map into A's waiting domain and lets its deferred attach
 * through before the reset. That attach, with interrupts off, must not
 * set the domain up (it would sleep, and fail with no bank): it is
 * refused while A's entry is kept, and works after A's reset, which gives
 * the domain A's old bank.
 */
static void sm_capture_empty_tree_waits_for_reset(struct kunit *test)
{
	struct iommu_iotlb_gather gather;
	struct sm_model *m = sm_new(test);
	struct arm_smmu_device *smmu;
	struct arm_smmu_domain *a;
	struct device *dev;
	struct sm_boot1 b1;

	sm_assert_untainted(test);
	sm_boot1_fill(test, &b1, SM_NR_CB);
	iommu_iotlb_gather_init(&gather);
	KUNIT_ASSERT_EQ(test, arm_smmu_unmap_pages(&b1.a->domain, SM_IOVA_A,
						   SZ_4K, 1, &gather),
			(size_t)SZ_4K);
	arm_smmu_iotlb_sync(&b1.a->domain, &gather);
	sm_expect_old(test, m, &b1, SM_FAULT);
	smmu = sm_smmu(test, "smmu-capture");
	sm_probe_hw(test, smmu);
	KUNIT_ASSERT_NOT_NULL(test, sm_unit);
	dev = sm_probe_master(test, smmu, 0, SM_SID_A);
	KUNIT_ASSERT_TRUE(test, arm_smmu_v2_kdump_kept_sme(smmu,
							   sm_sme_of(m, SM_SID_A)));
	a = sm_alloc_domain(test, dev);
	KUNIT_ASSERT_NULL(test, a->smmu);
	KUNIT_ASSERT_EQ(test, iommu_kdump_set_domain(NULL, dev, &a->domain,
						     true), 0);

	KUNIT_EXPECT_EQ(test, sm_atomic_attach(test, dev, &a->domain), -EBUSY);
	KUNIT_EXPECT_NULL(test, a->smmu);

	iommu_kdump_device_reset_done(dev);
	KUNIT_EXPECT_PTR_EQ(test, a->smmu, smmu);
	KUNIT_EXPECT_EQ(test, sm_atomic_attach(test, dev, &a->domain), 0);
	KUNIT_EXPECT_EQ(test, m->bypassed, 0);
	KUNIT_EXPECT_EQ(test, m->moved, 0);
}

/*
 * Every bank used, stream B's bank table in capture memory: B is blocked
 * and its bank is free at once; master A's domain takes it. Master B's
 * domain waits. A's deferred attach, with interrupts off, moves stream A
 * to its new bank and frees A's old bank where nothing may sleep: the
 * handover's work sets B's domain up on it (B's reset frees no bank: a
 * blocked entry has none). B's reset then lets B attach, with interrupts
 * off, without sleeping, and B's new bank misses A's old TLB entries.
 */
static void sm_capture_freed_bank_goes_to_blocked_master(struct kunit *test)
{
	struct sm_model *m = sm_new(test);
	struct arm_smmu_domain *a, *b;
	struct device *dev_a, *dev_b;
	struct arm_smmu_device *smmu;
	int idx_b, old_a, old_b;
	struct sm_boot1 b1;
	u64 ttbr, pa;

	sm_assert_untainted(test);
	sm_boot1_fill(test, &b1, SM_NR_CB);
	sm_expect_boot1(test, m, &b1);
	old_a = b1.a->cfg.cbndx;
	old_b = b1.b->cfg.cbndx;
	ttbr = sm_read_reg64(b1.smmu, ARM_SMMU_CB(b1.smmu, old_b),
			     ARM_SMMU_CB_TTBR0) & GENMASK_ULL(47, 12);
	m->capture.start = ttbr;
	m->capture.end = ttbr + SZ_4K;
	m->s[1].fault_at_end = true;
	smmu = sm_smmu(test, "smmu-capture");
	sm_probe_hw(test, smmu);
	KUNIT_ASSERT_NOT_NULL(test, sm_unit);
	KUNIT_ASSERT_FALSE(test, test_bit(old_b, smmu->context_map));

	dev_a = sm_probe_master(test, smmu, 0, SM_SID_A);
	dev_b = sm_probe_master(test, smmu, 1, SM_SID_B);
	idx_b = sm_sme_of(m, SM_SID_B);
	KUNIT_ASSERT_GE(test, idx_b, 0);
	a = sm_alloc_domain(test, dev_a);
	b = sm_alloc_domain(test, dev_b);
	KUNIT_ASSERT_PTR_EQ(test, a->smmu, smmu);
	KUNIT_ASSERT_EQ(test, a->cfg.cbndx, old_b);
	KUNIT_ASSERT_NULL(test, b->smmu);
	/* Both are default domains with their attach deferred. */
	KUNIT_ASSERT_EQ(test, iommu_kdump_set_domain(NULL, dev_a, &a->domain,
						     true), 0);
	KUNIT_ASSERT_EQ(test, iommu_kdump_set_domain(NULL, dev_b, &b->domain,
						     true), 0);
	KUNIT_EXPECT_EQ(test, iommu_deferred_attach(dev_b, &b->domain), -EBUSY);
	arm_smmu_v2_kdump_flush(smmu);
	KUNIT_ASSERT_NULL(test, b->smmu);

	KUNIT_EXPECT_EQ(test, sm_atomic_attach(test, dev_a, &a->domain), 0);
	KUNIT_EXPECT_FALSE(test, arm_smmu_v2_kdump_kept_cb(smmu, old_a));
	arm_smmu_v2_kdump_flush(smmu);
	KUNIT_EXPECT_PTR_EQ(test, b->smmu, smmu);
	KUNIT_EXPECT_EQ(test, b->cfg.cbndx, old_a);
	KUNIT_EXPECT_EQ(test, iommu_deferred_attach(dev_b, &b->domain), -EBUSY);

	iommu_kdump_device_reset_done(dev_b);
	KUNIT_EXPECT_EQ(test, sm_atomic_attach(test, dev_b, &b->domain), 0);
	KUNIT_EXPECT_EQ(test, FIELD_GET(ARM_SMMU_S2CR_CBNDX,
					m->reg[0][ARM_SMMU_GR0_S2CR(idx_b) / 4]),
			(u32)old_a);
	/* A's old TLB entries on the bank are gone with its old ASID. */
	KUNIT_EXPECT_EQ(test, sm_xlate(m, SM_SID_B, SM_IOVA_A, &pa), SM_FAULT);
	KUNIT_EXPECT_EQ(test, sm_xlate(m, SM_SID_A, SM_IOVA_A, &pa), SM_XLATE);
	KUNIT_EXPECT_EQ(test, pa, (u64)b1.pa_a);
	KUNIT_EXPECT_EQ(test, m->bypassed, 0);
	KUNIT_EXPECT_EQ(test, m->moved, 0);
}

/* The core finds no record of the crashed kernel's RAM: nothing is kept. */
static struct iommu_kdump_unit *
sm_adopt_no_oldmem(const struct iommu_kdump_unit_desc *desc)
{
	sm_unit = kdump_unit_adopt_with(desc, NULL);
	return sm_unit;
}

/*
 * The core refuses the old state as a whole: the SMMU is reset as
 * upstream resets it, except that no stream bypasses, and every old
 * device is blocked until its reset. Its domains are still set up at
 * allocation, the handover holds the SMMU resumed, and the deferred
 * attach after the reset, with interrupts off, does not sleep.
 */
static void sm_capture_refused_state(struct kunit *test)
{
	struct sm_model *m = sm_new(test);
	struct arm_smmu_device *smmu;
	struct arm_smmu_domain *d;
	struct iommu_domain *dom;
	struct device *dev;
	struct sm_boot1 b1;
	int idx;
	u64 pa;

	sm_assert_untainted(test);
	sm_boot1(test, &b1);
	sm_expect_boot1(test, m, &b1);
	/* Old DMA stops: it faults from the probe's reset on. */
	m->s[0].fault_at_end = true;
	m->s[1].fault_at_end = true;
	kunit_activate_static_stub(test, iommu_kdump_adopt, sm_adopt_no_oldmem);
	smmu = sm_smmu(test, "smmu-capture");
	sm_probe_hw(test, smmu);
	KUNIT_ASSERT_NOT_NULL(test, sm_unit);
	KUNIT_EXPECT_NE(test, (int)sm_unit->plan.unit_why, 0);
	KUNIT_EXPECT_FALSE(test, arm_smmu_v2_kdump_adopted(smmu));
	KUNIT_EXPECT_EQ(test, m->bypassed, 0);
	KUNIT_EXPECT_EQ(test, sm_xlate(m, SM_SID_A, SM_IOVA_A, &pa), SM_FAULT);
	KUNIT_EXPECT_EQ(test, sm_xlate(m, SM_SID_B, SM_IOVA_B, &pa), SM_FAULT);
	KUNIT_EXPECT_EQ(test, bitmap_weight(smmu->context_map, SM_NR_CB), 0);
	/* The handover's runtime-PM reference, for the attach below. */
	KUNIT_EXPECT_EQ(test, atomic_read(&smmu->dev->power.usage_count), 1);

	dev = sm_probe_master(test, smmu, 0, SM_SID_A);
	KUNIT_ASSERT_TRUE(test, dev->iommu->attach_deferred);
	dom = arm_smmu_domain_alloc_paging(dev);
	KUNIT_ASSERT_NOT_NULL(test, dom);
	d = to_smmu_domain(dom);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, sm_free_domain,
							d), 0);
	dom->type = IOMMU_DOMAIN_UNMANAGED;
	dom->ops = arm_smmu_ops.default_domain_ops;
	/* Set up at allocation, though nothing was kept. */
	KUNIT_EXPECT_PTR_EQ(test, d->smmu, smmu);
	KUNIT_ASSERT_EQ(test, iommu_kdump_set_domain(NULL, dev, dom, true), 0);
	KUNIT_EXPECT_EQ(test, iommu_deferred_attach(dev, dom), -EBUSY);

	iommu_kdump_device_reset_done(dev);
	KUNIT_EXPECT_EQ(test, sm_atomic_attach(test, dev, dom), 0);
	idx = sm_sme_of(m, SM_SID_A);
	KUNIT_ASSERT_GE(test, idx, 0);
	KUNIT_EXPECT_EQ(test, FIELD_GET(ARM_SMMU_S2CR_CBNDX,
					m->reg[0][ARM_SMMU_GR0_S2CR(idx) / 4]),
			(u32)d->cfg.cbndx);
	KUNIT_EXPECT_EQ(test, m->bypassed, 0);
	KUNIT_EXPECT_EQ(test, m->moved, 0);
}

/*
 * Bank A keeps an ASID that is another bank's index: that bank stays
 * reserved while bank A is kept, also when another kept bank is freed,
 * and is free once bank A went (its ASID invalidated).
 */
static void sm_capture_frees_reservation_with_carrier(struct kunit *test)
{
	struct sm_model *m = sm_new(test);
	struct arm_smmu_device *smmu;
	struct device *a, *b;
	struct sm_boot1 b1;
	u32 *hi, asid = SM_NR_CB - 2;

	sm_boot1(test, &b1);
	hi = &m->reg[SM_NUMPAGE + b1.a->cfg.cbndx][ARM_SMMU_CB_TTBR0 / 4 + 1];
	*hi = (*hi & 0xffff) | asid << 16;
	sm_expect_boot1(test, m, &b1);
	smmu = sm_smmu(test, "smmu-capture");
	sm_probe_hw(test, smmu);
	KUNIT_ASSERT_NOT_NULL(test, sm_unit);
	KUNIT_ASSERT_TRUE(test, test_bit(asid, smmu->context_map));
	a = sm_probe_master(test, smmu, 0, SM_SID_A);
	b = sm_probe_master(test, smmu, 1, SM_SID_B);

	m->s[1].fault_at_end = true;
	iommu_kdump_device_reset_done(b);
	KUNIT_EXPECT_FALSE(test, test_bit(b1.b->cfg.cbndx, smmu->context_map));
	KUNIT_EXPECT_TRUE(test, test_bit(asid, smmu->context_map));
	KUNIT_EXPECT_TRUE(test, test_bit(b1.a->cfg.cbndx, smmu->context_map));

	m->s[0].fault_at_end = true;
	iommu_kdump_device_reset_done(a);
	KUNIT_EXPECT_FALSE(test, test_bit(asid, smmu->context_map));
	KUNIT_EXPECT_FALSE(test, test_bit(b1.a->cfg.cbndx, smmu->context_map));
	KUNIT_EXPECT_EQ(test, m->bypassed, 0);
	KUNIT_EXPECT_EQ(test, m->moved, 0);
}

/*
 * The crashed kernel's entry for stream A matched two functions: its SMR
 * masked the low bit of the stream ID (one mask for a device with two
 * requester IDs). The capture kernel's masters of both, one group as
 * arm_smmu_device_group() makes it for masters sharing an entry, share
 * that entry. Both boots, then the masters.
 */
#define SM_SID_A2	(SM_SID_A | 1)

static struct arm_smmu_device *
sm_shared_entry_boot(struct kunit *test, struct sm_model *m,
		     struct sm_boot1 *b1, struct device **a, struct device **a2,
		     int *entry)
{
	struct arm_smmu_device *smmu;
	int idx;
	u64 pa;

	sm_boot1(test, b1);
	idx = sm_sme_of(m, SM_SID_A);
	KUNIT_ASSERT_GE(test, idx, 0);
	m->reg[0][ARM_SMMU_GR0_SMR(idx) / 4] |=
		FIELD_PREP(ARM_SMMU_SMR_MASK, 1);
	sm_expect_boot1(test, m, b1);
	m->s[2] = (struct sm_stream){ SM_SID_A2, SM_IOVA_A, SM_XLATE,
				      b1->pa_a };
	m->nr_s = 3;
	KUNIT_ASSERT_EQ(test, sm_xlate(m, SM_SID_A2, SM_IOVA_A, &pa), SM_XLATE);
	KUNIT_ASSERT_EQ(test, pa, (u64)b1->pa_a);
	smmu = sm_smmu(test, "smmu-capture");
	sm_probe_hw(test, smmu);
	KUNIT_ASSERT_NOT_NULL(test, sm_unit);
	*a = sm_probe_master_in(test, smmu, 0, SM_SID_A, 0);
	*a2 = sm_probe_master_in(test, smmu, 1, SM_SID_A2, 0);
	KUNIT_EXPECT_EQ(test, sm_sme_of(m, SM_SID_A2), idx);
	KUNIT_EXPECT_EQ(test, smmu->s2crs[idx].count, 2);
	KUNIT_EXPECT_TRUE(test, arm_smmu_v2_kdump_kept_sme(smmu, idx));
	KUNIT_EXPECT_EQ(test, m->bypassed, 0);
	KUNIT_EXPECT_EQ(test, m->moved, 0);
	*entry = idx;
	return smmu;
}

/*
 * Two devices behind one old entry, reset one after the other with no
 * attach (@a2_first: stream A | 1's device first): the first reset leaves
 * the entry and its bank to the other device's old DMA; the second takes
 * them.
 */
static void sm_shared_entry_reset_both(struct kunit *test, bool a2_first)
{
	struct sm_model *m = sm_new(test);
	struct arm_smmu_device *smmu;
	struct device *a, *a2;
	struct sm_boot1 b1;
	int idx;
	u64 pa;

	smmu = sm_shared_entry_boot(test, m, &b1, &a, &a2, &idx);
	iommu_kdump_device_reset_done(a2_first ? a2 : a);
	KUNIT_EXPECT_TRUE(test, arm_smmu_v2_kdump_kept_sme(smmu, idx));
	KUNIT_EXPECT_TRUE(test, arm_smmu_v2_kdump_kept_cb(smmu,
							  b1.a->cfg.cbndx));
	KUNIT_EXPECT_EQ(test, sm_xlate(m, a2_first ? SM_SID_A : SM_SID_A2,
				       SM_IOVA_A, &pa), SM_XLATE);
	KUNIT_EXPECT_EQ(test, pa, (u64)b1.pa_a);
	m->s[0].fault_at_end = true;
	m->s[2].fault_at_end = true;
	iommu_kdump_device_reset_done(a2_first ? a : a2);
	KUNIT_EXPECT_FALSE(test, arm_smmu_v2_kdump_kept_sme(smmu, idx));
	KUNIT_EXPECT_FALSE(test, arm_smmu_v2_kdump_kept_cb(smmu,
							   b1.a->cfg.cbndx));
	KUNIT_EXPECT_EQ(test, sm_xlate(m, SM_SID_A, SM_IOVA_A, &pa), SM_FAULT);
	KUNIT_EXPECT_EQ(test, sm_xlate(m, SM_SID_A2, SM_IOVA_A, &pa), SM_FAULT);
	/* Both masters hold the entry; it goes with the last. */
	KUNIT_EXPECT_EQ(test, smmu->s2crs[idx].count, 2);
	sm_remove_master(a);
	KUNIT_EXPECT_EQ(test, sm_sme_of(m, SM_SID_A2), idx);
	sm_remove_master(a2);
	KUNIT_EXPECT_EQ(test, sm_sme_of(m, SM_SID_A2), -1);
	KUNIT_EXPECT_EQ(test, m->bypassed, 0);
	KUNIT_EXPECT_EQ(test, m->moved, 0);
}

static void sm_capture_shared_entry_released_by_last(struct kunit *test)
{
	sm_shared_entry_reset_both(test, false);
}

static void sm_capture_shared_entry_released_by_last_rev(struct kunit *test)
{
	sm_shared_entry_reset_both(test, true);
}

/* A group member's switch to @dom, with the kdump core's steps around it. */
static void sm_switch(struct kunit *test, struct device *dev,
		      struct iommu_domain *dom)
{
	KUNIT_ASSERT_EQ(test, iommu_kdump_set_domain(NULL, dev, dom, false), 0);
	KUNIT_ASSERT_EQ(test, iommu_kdump_attach(dev, dom), 0);
	KUNIT_ASSERT_EQ(test, arm_smmu_attach_dev(dom, dev), 0);
	iommu_kdump_attached(dev, dom);
}

/*
 * Two devices behind one old entry get their group's new domain before
 * either is reset: one S2CR write moves both streams, the old mappings
 * (one tree) are in the domain once, and they stay there until the
 * second device is reset, not the first.
 */
static void sm_capture_shared_entry_inherits_for_both(struct kunit *test)
{
	struct sm_model *m = sm_new(test);
	struct arm_smmu_device *smmu;
	struct arm_smmu_domain *d;
	struct iommu_domain *dom;
	struct device *a, *a2;
	struct sm_boot1 b1;
	u32 writes;
	int idx;
	u64 pa;

	smmu = sm_shared_entry_boot(test, m, &b1, &a, &a2, &idx);
	d = sm_alloc_domain(test, a);
	dom = &d->domain;
	KUNIT_ASSERT_PTR_EQ(test, d->smmu, smmu);
	/* __iommu_group_set_domain(): each member in turn. */
	sm_switch(test, a, dom);
	KUNIT_EXPECT_EQ(test, FIELD_GET(ARM_SMMU_S2CR_CBNDX,
					m->reg[0][ARM_SMMU_GR0_S2CR(idx) / 4]),
			(u32)d->cfg.cbndx);
	/* The entry moved for both: the second member's attach writes none. */
	writes = m->sme_writes[idx];
	sm_switch(test, a2, dom);
	KUNIT_EXPECT_EQ(test, m->sme_writes[idx], writes);
	KUNIT_EXPECT_EQ(test, m->bypassed, 0);
	KUNIT_EXPECT_EQ(test, m->moved, 0);
	KUNIT_EXPECT_FALSE(test, arm_smmu_v2_kdump_kept_sme(smmu, idx));
	KUNIT_EXPECT_FALSE(test, arm_smmu_v2_kdump_kept_cb(smmu,
							   b1.a->cfg.cbndx));

	iommu_kdump_device_reset_done(a);
	KUNIT_EXPECT_EQ(test, sm_xlate(m, SM_SID_A2, SM_IOVA_A, &pa), SM_XLATE);
	KUNIT_EXPECT_EQ(test, pa, (u64)b1.pa_a);
	KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(dom, SM_IOVA_A),
			(phys_addr_t)b1.pa_a);
	m->s[0].fault_at_end = true;
	m->s[2].fault_at_end = true;
	iommu_kdump_device_reset_done(a2);
	KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(dom, SM_IOVA_A), 0);
	KUNIT_EXPECT_EQ(test, sm_xlate(m, SM_SID_A2, SM_IOVA_A, &pa), SM_FAULT);
	KUNIT_EXPECT_EQ(test, FIELD_GET(ARM_SMMU_S2CR_CBNDX,
					m->reg[0][ARM_SMMU_GR0_S2CR(idx) / 4]),
			(u32)d->cfg.cbndx);
	KUNIT_EXPECT_EQ(test, m->bypassed, 0);
	KUNIT_EXPECT_EQ(test, m->moved, 0);
}

static struct kunit_case arm_smmu_v2_kdump_master_cases[] = {
	KUNIT_CASE(sm_capture_releases_on_reset),
	KUNIT_CASE(sm_capture_master_gone_keeps_entry),
	KUNIT_CASE(sm_capture_inherits_then_releases),
	KUNIT_CASE(sm_capture_deferred_attach_atomic),
	KUNIT_CASE(sm_capture_every_bank_used),
	KUNIT_CASE(sm_capture_reset_bank_goes_to_its_master),
	KUNIT_CASE(sm_capture_empty_tree_waits_for_reset),
	KUNIT_CASE(sm_capture_freed_bank_goes_to_blocked_master),
	KUNIT_CASE(sm_capture_refused_state),
	KUNIT_CASE(sm_capture_frees_reservation_with_carrier),
	KUNIT_CASE(sm_capture_shared_entry_released_by_last),
	KUNIT_CASE(sm_capture_shared_entry_released_by_last_rev),
	KUNIT_CASE(sm_capture_shared_entry_inherits_for_both),
	{}
};

static struct kunit_suite arm_smmu_v2_kdump_master_suite = {
	.name = "arm-smmu-kdump-masters",
	.init = sm_kdump_init,
	.exit = sm_kdump_exit,
	.test_cases = arm_smmu_v2_kdump_master_cases,
};

kunit_test_suite(arm_smmu_v2_kdump_master_suite);
