// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the arm-smmu driver against a register model of an SMMUv2.
 *
 * Copyright (C) 2026 The kdump-iommu authors
 *
 * QEMU has no SMMUv2, so the driver's own code runs here against a model
 * behind its impl->read_reg/write_reg hooks: stream-match entries, context
 * banks with AArch64 4 KiB stage 1 and stage 2 walks over real memory,
 * sCR0.CLIENTPD and USFCFG. After every register write the model
 * translates each test stream and records whether it bypassed, faulted or
 * translated somewhere other than expected: the driver's report is not
 * what is checked, the model's translation is.
 *
 * Two boots: the driver probes the model and maps as the crashed kernel
 * would (arm_smmu_device_cfg_probe(), arm_smmu_device_reset(),
 * arm_smmu_init_domain_context(), the stream-match writers); then a second
 * driver instance probes the same registers as the capture kernel, in the
 * order of arm_smmu_device_probe(), and shuts down as a kexec would.
 *
 * Included from arm-smmu.c (CONFIG_ARM_SMMU_KDUMP_KUNIT_TEST), to drive its
 * static functions.
 */

#include <kunit/device.h>
#include <kunit/static_stub.h>
#include <kunit/test.h>

#include "../../kdump/core.h"
#include "../../kdump/hooks.h"

#define SM_NR_SME	16
#define SM_NR_CB	8
#define SM_NUMPAGE	16			/* ID1.NUMPAGENDXB = 3 */
#define SM_PAGES	(SM_NUMPAGE + SM_NR_CB)
#define SM_WORDS	(SZ_4K / 4)
#define SM_MAX_STREAMS	4
#define SM_BAD_IRQ	0x7ffffff0U		/* no such interrupt */
#define SM_TLB_SIZE	64

/*
 * A TLB entry: what the SMMU may keep using until it is invalidated.
 * Tagged as the architecture tags them: VMID, and ASID for stage 1.
 */
struct sm_tlbe {
	bool valid;
	bool s1;
	u16 vmid;
	u16 asid;
	u64 va;		/* page */
	u64 pa;		/* page */
};

enum sm_result { SM_FAULT, SM_BYPASS, SM_XLATE };

/* A stream the model translates after every write, and what it expects. */
struct sm_stream {
	u32 sid;
	u64 iova;
	enum sm_result want;
	u64 want_pa;		/* for SM_XLATE */
	bool fault_at_end;	/* a blocked or cut stream: may stop translating */
	bool was_bypass;	/* the old state bypassed: not counted */
};

struct sm_model {
	u32 reg[SM_PAGES][SM_WORDS];
	struct sm_stream s[SM_MAX_STREAMS];
	unsigned int nr_s;
	bool check;
	unsigned int writes;
	unsigned int bypassed;	/* writes after which some stream bypassed */
	unsigned int moved;	/* ... some stream left what it expected */
	u32 cb_writes[SM_NR_CB];
	u32 sme_writes[SM_NR_SME];	/* SMR or S2CR */
	struct sm_tlbe tlb[SM_TLB_SIZE];
	unsigned int tlb_next;
	struct kdump_range old_ram;
	struct kdump_range capture;
	struct kdump_oldmem m;
};

static struct sm_tlbe *sm_tlb_find(struct sm_model *m, bool s1, u16 vmid,
				   u16 asid, u64 va)
{
	unsigned int i;

	for (i = 0; i < SM_TLB_SIZE; i++) {
		struct sm_tlbe *e = &m->tlb[i];

		if (e->valid && e->s1 == s1 && e->vmid == vmid &&
		    (!s1 || e->asid == asid) && e->va == (va >> 12))
			return e;
	}
	return NULL;
}

/* Drop entries: of @vmid (or all, vmid < 0), of @asid (or all, < 0). */
static void sm_tlb_inv(struct sm_model *m, int vmid, int asid, s64 va)
{
	unsigned int i;

	for (i = 0; i < SM_TLB_SIZE; i++) {
		struct sm_tlbe *e = &m->tlb[i];

		if ((vmid < 0 || e->vmid == vmid) &&
		    (asid < 0 || (e->s1 && e->asid == asid)) &&
		    (va < 0 || e->va == va))
			e->valid = false;
	}
}

static struct sm_model *sm_cur;

static u32 *sm_reg(struct sm_model *m, int page, int offset)
{
	if (page < 0 || page >= SM_PAGES || offset < 0 ||
	    offset >= SZ_4K - 3)
		return NULL;
	return &m->reg[page][offset / 4];
}

/* One AArch64 4 KiB-granule walk over real memory; false if it faults. */
static bool sm_walk(u64 root, unsigned int in_bits, unsigned int level,
		    u64 iova, u64 *pa)
{
	u64 table = root, desc;
	unsigned int shift;

	if (in_bits < 25 || in_bits > 48 || (iova >> in_bits))
		return false;
	for (;; level++) {
		if (level > 3 || !pfn_valid(PHYS_PFN(table)))
			return false;
		shift = 12 + 9 * (3 - level);
		desc = READ_ONCE(((u64 *)phys_to_virt(table))
				 [(iova >> shift) & 511]);
		if (!(desc & 1))
			return false;
		if (level == 3 || !(desc & 2))
			break;
		table = desc & GENMASK_ULL(47, 12);
	}
	if (level == 3 && !(desc & 2))
		return false;
	*pa = (desc & GENMASK_ULL(47, shift)) | (iova & (BIT_ULL(shift) - 1));
	return true;
}

/* What the SMMU does with a transaction of @sid at @iova. */
static enum sm_result sm_xlate(struct sm_model *m, u32 sid, u64 iova,
			       u64 *pa)
{
	u32 scr0 = m->reg[0][ARM_SMMU_GR0_sCR0 / 4], s2cr, sctlr, tcr, cbar;
	unsigned int t0sz, sl0, vmid, asid;
	int i, hit = -1, cb;
	struct sm_tlbe *e;
	bool s1, ok;
	u64 ttbr;

	*pa = iova;
	if (scr0 & ARM_SMMU_sCR0_CLIENTPD)
		return SM_BYPASS;
	for (i = 0; i < SM_NR_SME; i++) {
		u32 smr = m->reg[0][ARM_SMMU_GR0_SMR(i) / 4];
		u32 id = FIELD_GET(ARM_SMMU_SMR_ID, smr) & 0x7fff;
		u32 mask = FIELD_GET(ARM_SMMU_SMR_MASK, smr) & 0x7fff;

		if (!(smr & ARM_SMMU_SMR_VALID) || ((sid ^ id) & ~mask))
			continue;
		if (hit >= 0)
			return SM_FAULT;	/* stream match conflict */
		hit = i;
	}
	if (hit < 0)
		return scr0 & ARM_SMMU_sCR0_USFCFG ? SM_FAULT : SM_BYPASS;
	s2cr = m->reg[0][ARM_SMMU_GR0_S2CR(hit) / 4];
	switch (FIELD_GET(ARM_SMMU_S2CR_TYPE, s2cr)) {
	case S2CR_TYPE_TRANS:
		break;
	case S2CR_TYPE_BYPASS:
		return SM_BYPASS;
	default:
		return SM_FAULT;
	}
	cb = FIELD_GET(ARM_SMMU_S2CR_CBNDX, s2cr);
	if (cb >= SM_NR_CB)
		return SM_FAULT;
	sctlr = m->reg[SM_NUMPAGE + cb][ARM_SMMU_CB_SCTLR / 4];
	if (!(sctlr & ARM_SMMU_SCTLR_M))
		return SM_BYPASS;	/* a disabled bank does not translate */
	tcr = m->reg[SM_NUMPAGE + cb][ARM_SMMU_CB_TCR / 4];
	ttbr = m->reg[SM_NUMPAGE + cb][ARM_SMMU_CB_TTBR0 / 4] |
	       (u64)m->reg[SM_NUMPAGE + cb][ARM_SMMU_CB_TTBR0 / 4 + 1] << 32;
	cbar = m->reg[1][ARM_SMMU_GR1_CBAR(cb) / 4];
	s1 = FIELD_GET(ARM_SMMU_CBAR_TYPE, cbar) == CBAR_TYPE_S1_TRANS_S2_BYPASS;
	vmid = FIELD_GET(ARM_SMMU_CBAR_VMID, cbar);
	asid = FIELD_GET(ARM_SMMU_TTBRn_ASID, ttbr);
	if (!(m->reg[SM_NUMPAGE + cb][ARM_SMMU_CB_TCR2 / 4] & ARM_SMMU_TCR2_AS))
		asid &= 0xff;
	/* A cached translation wins over the tables, as on hardware. */
	e = sm_tlb_find(m, s1, vmid, asid, iova);
	if (e) {
		*pa = e->pa << 12 | (iova & (SZ_4K - 1));
		return SM_XLATE;
	}
	t0sz = FIELD_GET(ARM_SMMU_TCR_T0SZ, tcr);
	if (FIELD_GET(ARM_SMMU_TCR_TG0, tcr) != 0 || t0sz < 16 || t0sz > 39)
		return SM_FAULT;	/* 4 KiB granule only */
	if (s1) {
		if (tcr & ARM_SMMU_TCR_EPD0)
			return SM_FAULT;
		/* Levels: one per 9 input bits above the page offset. */
		ok = sm_walk(ttbr & GENMASK_ULL(47, 12), 64 - t0sz,
			     4 - (64 - t0sz - 4) / 9, iova, pa);
	} else {
		if (FIELD_GET(ARM_SMMU_CBAR_TYPE, cbar) != CBAR_TYPE_S2_TRANS)
			return SM_FAULT;
		/* VTCR.SL0 for 4 KiB: 0 starts at level 2, 1 at 1, 2 at 0. */
		sl0 = FIELD_GET(ARM_SMMU_VTCR_SL0, tcr);
		if (sl0 > 2)
			return SM_FAULT;
		ok = sm_walk(ttbr & GENMASK_ULL(47, 12), 64 - t0sz, 2 - sl0,
			     iova, pa);
	}
	if (!ok)
		return SM_FAULT;
	e = &m->tlb[m->tlb_next++ % SM_TLB_SIZE];
	*e = (struct sm_tlbe){ true, s1, vmid, s1 ? asid : 0, iova >> 12,
			       *pa >> 12 };
	return SM_XLATE;
}

/* The TLB maintenance a register write asks for. */
static void sm_tlb_op(struct sm_model *m, int page, int offset, u64 val)
{
	int cb = page - SM_NUMPAGE, vmid;

	if (page == ARM_SMMU_GR0) {
		if (offset == ARM_SMMU_GR0_TLBIALLNSNH ||
		    offset == ARM_SMMU_GR0_TLBIALLH)
			sm_tlb_inv(m, -1, -1, -1);
		else if (offset == ARM_SMMU_GR0_TLBIVMID)
			sm_tlb_inv(m, val & 0xffff, -1, -1);
		return;
	}
	if (cb < 0 || cb >= SM_NR_CB)
		return;
	vmid = FIELD_GET(ARM_SMMU_CBAR_VMID, m->reg[1][ARM_SMMU_GR1_CBAR(cb) / 4]);
	switch (offset) {
	case ARM_SMMU_CB_S1_TLBIASID:
		sm_tlb_inv(m, vmid, val & 0xffff, -1);
		break;
	case ARM_SMMU_CB_S1_TLBIVA:
	case ARM_SMMU_CB_S1_TLBIVAL:
		sm_tlb_inv(m, vmid, val >> 48, val & GENMASK_ULL(43, 0));
		break;
	case ARM_SMMU_CB_S2_TLBIIPAS2:
	case ARM_SMMU_CB_S2_TLBIIPAS2L:
		sm_tlb_inv(m, vmid, -1, val & GENMASK_ULL(35, 0));
		break;
	}
}

/*
 * A transaction of @sid at @iova, with the fault the SMMU records for it
 * (sGFSR and sGFSYNR1, or the bank's FSR and CBFRSYNRA).
 */
static enum sm_result sm_dma(struct sm_model *m, u32 sid, u64 iova)
{
	enum sm_result r;
	u32 s2cr;
	u64 pa;
	int i;

	r = sm_xlate(m, sid, iova, &pa);
	if (r != SM_FAULT)
		return r;
	for (i = 0; i < SM_NR_SME; i++) {
		u32 smr = m->reg[0][ARM_SMMU_GR0_SMR(i) / 4];

		if ((smr & ARM_SMMU_SMR_VALID) &&
		    !((sid ^ FIELD_GET(ARM_SMMU_SMR_ID, smr)) &
		      ~FIELD_GET(ARM_SMMU_SMR_MASK, smr) & 0x7fff))
			break;
	}
	s2cr = i < SM_NR_SME ? m->reg[0][ARM_SMMU_GR0_S2CR(i) / 4] : 0;
	if (i < SM_NR_SME &&
	    FIELD_GET(ARM_SMMU_S2CR_TYPE, s2cr) == S2CR_TYPE_TRANS &&
	    FIELD_GET(ARM_SMMU_S2CR_CBNDX, s2cr) < SM_NR_CB) {
		/* A translation fault of the bank. */
		u32 cb = FIELD_GET(ARM_SMMU_S2CR_CBNDX, s2cr);

		m->reg[SM_NUMPAGE + cb][ARM_SMMU_CB_FSR / 4] |= ARM_SMMU_CB_FSR_TF;
		m->reg[1][ARM_SMMU_GR1_CBFRSYNRA(cb) / 4] = sid;
	} else {
		/* Unmatched (USF) or an S2CR of type fault (ICF). */
		m->reg[0][ARM_SMMU_GR0_sGFSR / 4] |=
			i < SM_NR_SME ? BIT(0) : ARM_SMMU_sGFSR_USF;
		m->reg[0][ARM_SMMU_GR0_sGFSYNR1 / 4] = sid;
	}
	return r;
}

static void sm_check(struct sm_model *m)
{
	bool bypass = false, moved = false;
	unsigned int i;
	u64 pa;

	m->writes++;
	if (!m->check)
		return;
	for (i = 0; i < m->nr_s; i++) {
		struct sm_stream *s = &m->s[i];
		enum sm_result r = sm_xlate(m, s->sid, s->iova, &pa);

		/* The old bypass, until the stream is confined. */
		if (r == SM_BYPASS && s->was_bypass && pa == s->iova)
			continue;
		if (r == SM_BYPASS)
			bypass = true;
		if (r == SM_FAULT && s->fault_at_end)
			continue;
		if (r != s->want || (r == SM_XLATE && pa != s->want_pa))
			moved = true;
	}
	m->bypassed += bypass;
	m->moved += moved;
}

static u32 sm_read_reg(struct arm_smmu_device *smmu, int page, int offset)
{
	u32 *r = sm_reg(sm_cur, page, offset);

	if (!r)
		return 0;
	/* TLB syncs complete at once. */
	if ((page == ARM_SMMU_GR0 && offset == ARM_SMMU_GR0_sTLBGSTATUS) ||
	    (page >= SM_NUMPAGE && offset == ARM_SMMU_CB_TLBSTATUS))
		return 0;
	return *r;
}

static void sm_write_reg(struct arm_smmu_device *smmu, int page, int offset,
			 u32 val)
{
	u32 *r = sm_reg(sm_cur, page, offset);

	if (!r)
		return;
	if ((page == ARM_SMMU_GR0 && offset == ARM_SMMU_GR0_sGFSR) ||
	    (page >= SM_NUMPAGE && offset == ARM_SMMU_CB_FSR))
		*r &= ~val;		/* write one to clear */
	else
		*r = val;
	sm_tlb_op(sm_cur, page, offset, val);
	if (page >= SM_NUMPAGE)
		sm_cur->cb_writes[page - SM_NUMPAGE]++;
	if (page == ARM_SMMU_GR0 && offset >= ARM_SMMU_GR0_SMR(0) &&
	    offset < ARM_SMMU_GR0_SMR(SM_NR_SME))
		sm_cur->sme_writes[(offset - ARM_SMMU_GR0_SMR(0)) / 4]++;
	if (page == ARM_SMMU_GR0 && offset >= ARM_SMMU_GR0_S2CR(0) &&
	    offset < ARM_SMMU_GR0_S2CR(SM_NR_SME))
		sm_cur->sme_writes[(offset - ARM_SMMU_GR0_S2CR(0)) / 4]++;
	sm_check(sm_cur);
}

/* The stream-match entry a valid SMR (ID under its mask) gives @sid, or -1. */
static int sm_sme_of(struct sm_model *m, u32 sid)
{
	int i;

	for (i = 0; i < SM_NR_SME; i++) {
		u32 smr = m->reg[0][ARM_SMMU_GR0_SMR(i) / 4];

		if ((smr & ARM_SMMU_SMR_VALID) &&
		    !((sid ^ FIELD_GET(ARM_SMMU_SMR_ID, smr)) &
		      ~FIELD_GET(ARM_SMMU_SMR_MASK, smr) & 0x7fff))
			return i;
	}
	return -1;
}

static u64 sm_read_reg64(struct arm_smmu_device *smmu, int page, int offset)
{
	return sm_read_reg(smmu, page, offset) |
	       (u64)sm_read_reg(smmu, page, offset + 4) << 32;
}

/* One 64-bit access: both halves change before the model looks. */
static void sm_write_reg64(struct arm_smmu_device *smmu, int page,
			   int offset, u64 val)
{
	u32 *r = sm_reg(sm_cur, page, offset);

	if (!r || offset + 8 > SZ_4K)
		return;
	r[0] = lower_32_bits(val);
	r[1] = upper_32_bits(val);
	sm_tlb_op(sm_cur, page, offset, val);
	if (page >= SM_NUMPAGE)
		sm_cur->cb_writes[page - SM_NUMPAGE]++;
	sm_check(sm_cur);
}

static const struct arm_smmu_impl sm_impl = {
	.read_reg	= sm_read_reg,
	.write_reg	= sm_write_reg,
	.read_reg64	= sm_read_reg64,
	.write_reg64	= sm_write_reg64,
};

static int sm_oldmem_read(void *ctx, u64 pa, void *buf, size_t len)
{
	if (!pfn_valid(PHYS_PFN(pa)) || !pfn_valid(PHYS_PFN(pa + len - 1)))
		return -EIO;
	memcpy(buf, phys_to_virt(pa), len);
	return 0;
}

static struct sm_model *sm_new(struct kunit *test)
{
	struct sm_model *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, m);
	m->reg[0][ARM_SMMU_GR0_ID0 / 4] =
		ARM_SMMU_ID0_S1TS | ARM_SMMU_ID0_S2TS | ARM_SMMU_ID0_SMS |
		ARM_SMMU_ID0_ATOSNS | ARM_SMMU_ID0_PTFS_NO_AARCH32 |
		ARM_SMMU_ID0_PTFS_NO_AARCH32S | ARM_SMMU_ID0_CTTW |
		FIELD_PREP(ARM_SMMU_ID0_NUMSIDB, 15) |
		FIELD_PREP(ARM_SMMU_ID0_NUMSMRG, SM_NR_SME);
	m->reg[0][ARM_SMMU_GR0_ID1 / 4] =
		FIELD_PREP(ARM_SMMU_ID1_NUMPAGENDXB, 3) |
		FIELD_PREP(ARM_SMMU_ID1_NUMCB, SM_NR_CB);
	m->reg[0][ARM_SMMU_GR0_ID2 / 4] =
		FIELD_PREP(ARM_SMMU_ID2_IAS, 5) | FIELD_PREP(ARM_SMMU_ID2_OAS, 5) |
		FIELD_PREP(ARM_SMMU_ID2_UBS, 5) | ARM_SMMU_ID2_PTFS_4K;
	/* Out of reset: CLIENTPD set, every entry invalid. */
	m->reg[0][ARM_SMMU_GR0_sCR0 / 4] = ARM_SMMU_sCR0_CLIENTPD;
	m->old_ram.start = 0;
	m->old_ram.end = 1ULL << 46;
	/* No capture memory unless a test says so. */
	m->capture.start = 1ULL << 47;
	m->capture.end = m->capture.start + SZ_4K;
	m->m.read = sm_oldmem_read;
	m->m.old_ram = &m->old_ram;
	m->m.nr_old_ram = 1;
	m->m.capture = &m->capture;
	m->m.nr_capture = 1;
	sm_cur = m;
	return m;
}

/* A driver instance on the model, configured as arm_smmu_device_probe(). */
static struct arm_smmu_device *sm_smmu(struct kunit *test, const char *name)
{
	struct arm_smmu_device *smmu;
	int i;

	smmu = kunit_kzalloc(test, sizeof(*smmu), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, smmu);
	smmu->dev = kunit_device_register(test, name);
	KUNIT_ASSERT_FALSE(test, IS_ERR(smmu->dev));
	smmu->version = ARM_SMMU_V2;
	smmu->model = GENERIC_SMMU;
	smmu->impl = &sm_impl;
	smmu->features = ARM_SMMU_FEAT_COHERENT_WALK;	/* "dma-coherent" */
	smmu->numpage = 2 * SM_NUMPAGE * SZ_4K;
	smmu->num_context_irqs = SM_NR_CB;
	smmu->irqs = kunit_kcalloc(test, SM_NR_CB, sizeof(*smmu->irqs),
				   GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, smmu->irqs);
	for (i = 0; i < SM_NR_CB; i++)
		smmu->irqs[i] = SM_BAD_IRQ;
	KUNIT_ASSERT_EQ(test, arm_smmu_device_cfg_probe(smmu), 0);
	return smmu;
}

/* What arm_smmu_device_probe() does to the hardware after the handover. */
static void sm_probe_hw_rest(struct kunit *test, struct arm_smmu_device *smmu)
{
	arm_smmu_rmr_install_bypass_smr(smmu);
	arm_smmu_device_reset(smmu);
	arm_smmu_test_smr_masks(smmu);
}

/* The hardware part of arm_smmu_device_probe(), in its order. */
static void sm_probe_hw(struct kunit *test, struct arm_smmu_device *smmu)
{
	KUNIT_ASSERT_EQ(test, arm_smmu_v2_kdump_init(smmu), 0);
	sm_probe_hw_rest(test, smmu);
}

/* A paging domain of @stage attached to @sid, with @iova mapped to @pa. */
static void sm_master_gone(void *data)
{
	struct device *dev = data;

	dev->iommu = NULL;
}

/*
 * A master of stream @sid as the IOMMU core and arm_smmu_probe_device()
 * set it up: its fwspec, the driver's master configuration and
 * arm_smmu_master_alloc_smes().
 */
static struct device *sm_new_master(struct kunit *test,
				    struct arm_smmu_device *smmu, u32 sid,
				    struct dev_iommu *di, const char *name)
{
	struct device *dev = kunit_device_register(test, name);
	struct arm_smmu_master_cfg *cfg;
	struct iommu_fwspec *fwspec;

	KUNIT_ASSERT_FALSE(test, IS_ERR(dev));
	if (!di)
		di = kunit_kzalloc(test, sizeof(*di), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, di);
	memset(di, 0, sizeof(*di));
	dev->iommu = di;
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, sm_master_gone,
							dev), 0);
	fwspec = kunit_kzalloc(test, struct_size(fwspec, ids, 1), GFP_KERNEL);
	cfg = kunit_kzalloc(test, struct_size(cfg, smendx, 1), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, fwspec);
	KUNIT_ASSERT_NOT_NULL(test, cfg);
	fwspec->num_ids = 1;
	fwspec->ids[0] = FIELD_PREP(ARM_SMMU_SMR_ID, sid);
	dev_iommu_fwspec_set(dev, fwspec);
	cfg->smmu = smmu;
	cfg->smendx[0] = INVALID_SMENDX;
	/*
	 * dev_iommu_priv_set() without the IOMMU core's probe lock, which
	 * it asserts and this test cannot take: nothing else sees @dev yet.
	 */
	dev->iommu->priv = cfg;
	KUNIT_ASSERT_EQ(test, arm_smmu_master_alloc_smes(dev), 0);
	return dev;
}

/*
 * A new master of stream @sid gets a paging domain of @stage through the
 * driver's own allocation and attach (the IOMMU core's default domain),
 * then the DMA API maps @iova to @pa.
 */
static struct arm_smmu_domain *
sm_attach(struct kunit *test, struct arm_smmu_device *smmu,
	  enum arm_smmu_domain_stage stage, u32 sid, u64 iova, phys_addr_t pa)
{
	/* kunit_device_register() needs a name unique in the test. */
	static const char * const names[] = { "master-1", "master-2",
					      "master-3", "master-4",
					      "master-5", "master-6",
					      "master-7", "master-8" };
	static unsigned int seq;
	struct device *dev = sm_new_master(test, smmu, sid, NULL,
					   names[seq++ % ARRAY_SIZE(names)]);
	struct iommu_domain *dom = arm_smmu_domain_alloc_paging(dev);
	struct arm_smmu_domain *d;
	size_t mapped = 0;

	KUNIT_ASSERT_NOT_NULL(test, dom);
	d = to_smmu_domain(dom);
	d->stage = stage;
	dom->type = IOMMU_DOMAIN_DMA;
	dom->ops = arm_smmu_ops.default_domain_ops;
	KUNIT_ASSERT_EQ(test, arm_smmu_attach_dev(dom, dev), 0);
	KUNIT_ASSERT_EQ(test, d->pgtbl_ops->map_pages(d->pgtbl_ops, iova, pa,
						      SZ_4K, 1,
						      IOMMU_READ | IOMMU_WRITE,
						      GFP_KERNEL, &mapped), 0);
	return d;
}

static void sm_free_domain(void *data)
{
	struct arm_smmu_domain *d = data;

	free_io_pgtable_ops(d->pgtbl_ops);
	kfree(d);
}

/* Old DMA targets: pages of this test, never touched by the walk. */
static phys_addr_t sm_page(struct kunit *test)
{
	void *p = kunit_kzalloc(test, SZ_4K, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	return virt_to_phys(p);
}

#define SM_SID_A	0x10
#define SM_SID_B	0x21
#define SM_IOVA_A	0x100000
#define SM_IOVA_B	0x200000

struct sm_boot1 {
	struct arm_smmu_device *smmu;
	struct arm_smmu_domain *a, *b;
	phys_addr_t pa_a, pa_b;
};

/* The crashed kernel: a stage 1 domain on stream A, stage 2 on B. */
static void sm_boot1(struct kunit *test, struct sm_boot1 *b1)
{
	b1->smmu = sm_smmu(test, "smmu-crashed");
	b1->smmu->kdump = NULL;
	arm_smmu_rmr_install_bypass_smr(b1->smmu);
	arm_smmu_device_reset(b1->smmu);
	arm_smmu_test_smr_masks(b1->smmu);
	b1->pa_a = sm_page(test);
	b1->pa_b = sm_page(test);
	b1->a = sm_attach(test, b1->smmu, ARM_SMMU_DOMAIN_S1, SM_SID_A,
			  SM_IOVA_A, b1->pa_a);
	b1->b = sm_attach(test, b1->smmu, ARM_SMMU_DOMAIN_S2, SM_SID_B,
			  SM_IOVA_B, b1->pa_b);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, sm_free_domain,
							b1->a), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, sm_free_domain,
							b1->b), 0);
}

/*
 * Both streams as the crashed kernel left them (stream A: @a, translating
 * unless a test corrupted it), checked from now on.
 */
static void sm_expect_old(struct kunit *test, struct sm_model *m,
			  const struct sm_boot1 *b1, enum sm_result a)
{
	u64 pa;

	m->s[0] = (struct sm_stream){ SM_SID_A, SM_IOVA_A, a, b1->pa_a };
	m->s[1] = (struct sm_stream){ SM_SID_B, SM_IOVA_B, SM_XLATE, b1->pa_b };
	m->nr_s = 2;
	KUNIT_ASSERT_EQ(test, sm_xlate(m, SM_SID_A, SM_IOVA_A, &pa), a);
	if (a == SM_XLATE)
		KUNIT_ASSERT_EQ(test, pa, (u64)b1->pa_a);
	KUNIT_ASSERT_EQ(test, sm_xlate(m, SM_SID_B, SM_IOVA_B, &pa), SM_XLATE);
	KUNIT_ASSERT_EQ(test, pa, (u64)b1->pa_b);
	m->check = true;
	m->bypassed = 0;
	m->moved = 0;
}

static void sm_expect_boot1(struct kunit *test, struct sm_model *m,
			    const struct sm_boot1 *b1)
{
	sm_expect_old(test, m, b1, SM_XLATE);
}

/* ------------------------------------------------------------------ */
/* kexec shutdown                                                      */

static void sm_shutdown_faults_every_stream(struct kunit *test)
{
	struct sm_model *m = sm_new(test);
	struct sm_boot1 b1;
	u64 pa;

	sm_boot1(test, &b1);
	sm_expect_boot1(test, m, &b1);
	m->s[0].fault_at_end = true;
	m->s[1].fault_at_end = true;
	arm_smmu_device_quiesce(b1.smmu);
	KUNIT_EXPECT_EQ(test, m->bypassed, 0);
	KUNIT_EXPECT_EQ(test, m->moved, 0);
	KUNIT_EXPECT_EQ(test, sm_xlate(m, SM_SID_A, SM_IOVA_A, &pa), SM_FAULT);
	KUNIT_EXPECT_EQ(test, sm_xlate(m, SM_SID_B, SM_IOVA_B, &pa), SM_FAULT);
	/* A stream nobody programmed faults too. */
	KUNIT_EXPECT_EQ(test, sm_xlate(m, 0x7, 0, &pa), SM_FAULT);

	/* The next kernel's probe (no kdump) never opens a bypass window. */
	m->s[2] = (struct sm_stream){ 0x7, 0, SM_FAULT, 0 };
	m->nr_s = 3;
	sm_probe_hw(test, sm_smmu(test, "smmu-next"));
	KUNIT_EXPECT_EQ(test, m->bypassed, 0);
	KUNIT_EXPECT_EQ(test, m->moved, 0);
}

/* The old behaviour, kept behind arm-smmu.kexec_bypass: the model sees it. */
static void sm_shutdown_kexec_bypass_bypasses(struct kunit *test)
{
	struct sm_model *m = sm_new(test);
	bool old = kexec_bypass;
	struct sm_boot1 b1;
	u64 pa;

	sm_boot1(test, &b1);
	sm_expect_boot1(test, m, &b1);
	kexec_bypass = true;
	arm_smmu_device_quiesce(b1.smmu);
	kexec_bypass = old;
	KUNIT_EXPECT_GT(test, m->bypassed, 0);
	KUNIT_EXPECT_EQ(test, sm_xlate(m, SM_SID_A, SM_IOVA_A, &pa), SM_BYPASS);
	KUNIT_EXPECT_EQ(test, pa, (u64)SM_IOVA_A);
}

/* ------------------------------------------------------------------ */
/* capture kernel                                                      */

static struct iommu_kdump_unit *sm_unit;
/* The capture kernel's masters (the other file), forgotten at exit. */
static struct device *sm_master[2];

static struct iommu_kdump_unit *
sm_adopt(const struct iommu_kdump_unit_desc *desc)
{
	sm_unit = kdump_unit_adopt_with(desc, &sm_cur->m);
	return sm_unit;
}

static int sm_kdump_init(struct kunit *test)
{
	sm_unit = NULL;
	kdump_kunit_active = true;
	kunit_activate_static_stub(test, iommu_kdump_adopt, sm_adopt);
	return 0;
}

static void sm_kdump_exit(struct kunit *test)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(sm_master); i++) {
		if (!sm_master[i])
			continue;
		/* What the IOMMU core does when it forgets a device. */
		iommu_kdump_release_device(sm_master[i]);
		sm_master[i]->iommu = NULL;
		sm_master[i]->iommu_group = NULL;
		sm_master[i] = NULL;
	}
	kdump_kunit_active = false;
	if (sm_unit)
		kdump_unit_destroy(sm_unit);
	sm_unit = NULL;
}

/* Upstream: the capture kernel's probe takes old DMA off its pages. */
static void sm_capture_upstream_moves_old_dma(struct kunit *test)
{
	struct sm_model *m = sm_new(test);
	struct sm_boot1 b1;
	u64 pa;

	sm_boot1(test, &b1);
	sm_expect_boot1(test, m, &b1);
	kdump_kunit_active = false;	/* iommu=accept_active not given */
	sm_probe_hw(test, sm_smmu(test, "smmu-capture"));
	KUNIT_EXPECT_GT(test, m->moved, 0);
	KUNIT_EXPECT_NE(test, sm_xlate(m, SM_SID_A, SM_IOVA_A, &pa), SM_XLATE);
	KUNIT_EXPECT_NULL(test, sm_unit);
}

static void sm_capture_keeps_adopted_streams(struct kunit *test)
{
	struct sm_model *m = sm_new(test);
	struct arm_smmu_device *smmu;
	struct arm_smmu_domain *d;
	struct sm_boot1 b1;
	int i;

	sm_boot1(test, &b1);
	sm_expect_boot1(test, m, &b1);
	memset(m->cb_writes, 0, sizeof(m->cb_writes));
	memset(m->sme_writes, 0, sizeof(m->sme_writes));
	smmu = sm_smmu(test, "smmu-capture");
	sm_probe_hw(test, smmu);
	KUNIT_ASSERT_NOT_NULL(test, sm_unit);
	KUNIT_EXPECT_TRUE(test, arm_smmu_v2_kdump_adopted(smmu));
	/* At no register write did a stream bypass or move. */
	KUNIT_EXPECT_GT(test, m->writes, 0);
	KUNIT_EXPECT_EQ(test, m->bypassed, 0);
	KUNIT_EXPECT_EQ(test, m->moved, 0);
	/* The kept entries and banks were not written at all. */
	KUNIT_ASSERT_GE(test, sm_sme_of(m, SM_SID_A), 0);
	KUNIT_ASSERT_GE(test, sm_sme_of(m, SM_SID_B), 0);
	KUNIT_EXPECT_EQ(test, m->sme_writes[sm_sme_of(m, SM_SID_A)], 0);
	KUNIT_EXPECT_EQ(test, m->sme_writes[sm_sme_of(m, SM_SID_B)], 0);
	KUNIT_EXPECT_EQ(test, m->cb_writes[b1.a->cfg.cbndx], 0);
	KUNIT_EXPECT_EQ(test, m->cb_writes[b1.b->cfg.cbndx], 0);
	/* The driver's allocators know them: a new domain gets another bank. */
	KUNIT_EXPECT_TRUE(test, test_bit(b1.a->cfg.cbndx, smmu->context_map));
	KUNIT_EXPECT_TRUE(test, test_bit(b1.b->cfg.cbndx, smmu->context_map));
	d = sm_attach(test, smmu, ARM_SMMU_DOMAIN_S1, 0x30, SM_IOVA_A,
		      sm_page(test));
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, sm_free_domain,
							d), 0);
	KUNIT_EXPECT_NE(test, d->cfg.cbndx, b1.a->cfg.cbndx);
	KUNIT_EXPECT_NE(test, d->cfg.cbndx, b1.b->cfg.cbndx);
	for (i = 0; i < SM_NR_SME; i++)
		if (smmu->smrs[i].valid && smmu->smrs[i].id == SM_SID_A)
			KUNIT_EXPECT_EQ(test, smmu->s2crs[i].count, 1);
	KUNIT_EXPECT_EQ(test, m->moved, 0);
	KUNIT_EXPECT_EQ(test, m->bypassed, 0);
}

/*
 * The crashed kernel's stage 1 bank used an ASID this driver would give
 * a new domain on another bank: that bank is not given out.
 */
static void sm_capture_reserves_old_asid(struct kunit *test)
{
	struct sm_model *m = sm_new(test);
	struct arm_smmu_device *smmu;
	struct arm_smmu_domain *d;
	struct sm_boot1 b1;
	u32 *hi, asid = SM_NR_CB - 2;

	sm_boot1(test, &b1);
	/* Bank a keeps its table; its ASID is another bank's index. */
	hi = &m->reg[SM_NUMPAGE + b1.a->cfg.cbndx][ARM_SMMU_CB_TTBR0 / 4 + 1];
	*hi = (*hi & 0xffff) | asid << 16;
	sm_expect_boot1(test, m, &b1);
	smmu = sm_smmu(test, "smmu-capture");
	sm_probe_hw(test, smmu);
	KUNIT_ASSERT_NOT_NULL(test, sm_unit);
	KUNIT_EXPECT_TRUE(test, arm_smmu_v2_kdump_kept_cb(smmu, b1.a->cfg.cbndx));
	KUNIT_EXPECT_TRUE(test, test_bit(asid, smmu->context_map));
	/* Every free bank to new domains: none gets ASID @asid. */
	while (!bitmap_full(smmu->context_map, smmu->num_context_banks)) {
		d = sm_attach(test, smmu, ARM_SMMU_DOMAIN_S1, 0x40, SM_IOVA_A,
			      sm_page(test));
		KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
								sm_free_domain,
								d), 0);
		KUNIT_EXPECT_NE(test, d->cfg.asid, (u16)asid);
		KUNIT_EXPECT_NE(test, d->cfg.cbndx, (u8)asid);
	}
	KUNIT_EXPECT_EQ(test, m->bypassed, 0);
	KUNIT_EXPECT_EQ(test, m->moved, 0);
}

/* A bank whose table root is in capture memory: its stream is blocked. */
static void sm_capture_blocks_bad_bank_only(struct kunit *test)
{
	struct sm_model *m = sm_new(test);
	struct arm_smmu_device *smmu;
	struct arm_smmu_domain *d;
	phys_addr_t new_pa;
	struct sm_boot1 b1;
	u64 ttbr, pa;

	sm_boot1(test, &b1);
	sm_expect_boot1(test, m, &b1);
	ttbr = sm_read_reg64(b1.smmu, ARM_SMMU_CB(b1.smmu, b1.a->cfg.cbndx),
			     ARM_SMMU_CB_TTBR0) & GENMASK_ULL(47, 12);
	m->capture.start = ttbr;
	m->capture.end = ttbr + SZ_4K;
	m->s[0].fault_at_end = true;
	smmu = sm_smmu(test, "smmu-capture");
	sm_probe_hw(test, smmu);
	KUNIT_ASSERT_NOT_NULL(test, sm_unit);
	KUNIT_EXPECT_EQ(test, m->bypassed, 0);
	KUNIT_EXPECT_EQ(test, m->moved, 0);
	KUNIT_EXPECT_EQ(test, sm_xlate(m, SM_SID_A, SM_IOVA_A, &pa), SM_FAULT);
	KUNIT_EXPECT_EQ(test, sm_xlate(m, SM_SID_B, SM_IOVA_B, &pa), SM_XLATE);
	KUNIT_EXPECT_EQ(test, pa, (u64)b1.pa_b);
	KUNIT_EXPECT_FALSE(test, arm_smmu_v2_kdump_kept_cb(smmu, b1.a->cfg.cbndx));
	KUNIT_EXPECT_TRUE(test, arm_smmu_v2_kdump_kept_cb(smmu, b1.b->cfg.cbndx));
	/*
	 * No kept bank carries the blocked bank's ASID: a new domain may
	 * take the bank, and with it that ASID, at once. The model's TLB
	 * still held stream A's old translation under it until the driver
	 * invalidated it: the new domain's IOVA must not hit it.
	 */
	KUNIT_EXPECT_FALSE(test, test_bit(b1.a->cfg.cbndx, smmu->context_map));
	new_pa = sm_page(test);
	d = sm_attach(test, smmu, ARM_SMMU_DOMAIN_S1, 0x40, SM_IOVA_A, new_pa);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, sm_free_domain,
							d), 0);
	KUNIT_EXPECT_EQ(test, d->cfg.cbndx, b1.a->cfg.cbndx);
	KUNIT_EXPECT_EQ(test, sm_xlate(m, 0x40, SM_IOVA_A, &pa), SM_XLATE);
	KUNIT_EXPECT_EQ(test, pa, (u64)new_pa);
	KUNIT_EXPECT_EQ(test, m->bypassed, 0);
}

/* Two valid SMRs that can match one stream ID: both blocked, never bypass. */
static void sm_capture_blocks_smr_conflict(struct kunit *test)
{
	struct sm_model *m = sm_new(test);
	struct arm_smmu_device *smmu;
	struct sm_boot1 b1;
	u64 pa;
	int i;

	sm_boot1(test, &b1);
	sm_expect_boot1(test, m, &b1);
	/* A second entry for stream B's ID, on stream A's bank. */
	for (i = 0; i < SM_NR_SME; i++)
		if (!(m->reg[0][ARM_SMMU_GR0_SMR(i) / 4] & ARM_SMMU_SMR_VALID))
			break;
	KUNIT_ASSERT_LT(test, i, SM_NR_SME);
	m->reg[0][ARM_SMMU_GR0_S2CR(i) / 4] =
		FIELD_PREP(ARM_SMMU_S2CR_CBNDX, b1.a->cfg.cbndx);
	m->reg[0][ARM_SMMU_GR0_SMR(i) / 4] =
		ARM_SMMU_SMR_VALID | FIELD_PREP(ARM_SMMU_SMR_ID, SM_SID_B & ~1) |
		FIELD_PREP(ARM_SMMU_SMR_MASK, 1);
	/* The model treats the conflict as a fault already. */
	m->s[1].want = SM_FAULT;
	m->s[1].fault_at_end = true;
	smmu = sm_smmu(test, "smmu-capture");
	sm_probe_hw(test, smmu);
	KUNIT_EXPECT_EQ(test, m->bypassed, 0);
	KUNIT_EXPECT_EQ(test, m->moved, 0);
	KUNIT_EXPECT_EQ(test, sm_xlate(m, SM_SID_B, SM_IOVA_B, &pa), SM_FAULT);
	KUNIT_EXPECT_EQ(test, sm_xlate(m, SM_SID_B & ~1, SM_IOVA_B, &pa),
			SM_FAULT);
	KUNIT_EXPECT_EQ(test, sm_xlate(m, SM_SID_A, SM_IOVA_A, &pa), SM_XLATE);
	KUNIT_EXPECT_EQ(test, pa, (u64)b1.pa_a);
}

/* A mapping into capture memory: cut, the bank re-pointed in one write. */
static void sm_capture_cuts_leaf_into_capture(struct kunit *test)
{
	struct sm_model *m = sm_new(test);
	struct arm_smmu_device *smmu;
	struct sm_boot1 b1;
	phys_addr_t cap = sm_page(test);
	size_t mapped = 0;
	u64 pa, before, after;

	sm_boot1(test, &b1);
	KUNIT_ASSERT_EQ(test, b1.a->pgtbl_ops->map_pages(b1.a->pgtbl_ops,
							 SM_IOVA_A + SZ_4K,
							 cap, SZ_4K, 1,
							 IOMMU_WRITE,
							 GFP_KERNEL, &mapped),
			0);
	m->capture.start = cap;
	m->capture.end = cap + SZ_4K;
	sm_expect_boot1(test, m, &b1);
	/*
	 * The cut IOVA as a stream too: its translation sits in the
	 * model's TLB until the driver invalidates it.
	 */
	m->s[2] = (struct sm_stream){ SM_SID_A, SM_IOVA_A + SZ_4K, SM_XLATE,
				      cap, true };
	m->nr_s = 3;
	KUNIT_ASSERT_EQ(test, sm_xlate(m, SM_SID_A, SM_IOVA_A + SZ_4K, &pa),
			SM_XLATE);
	before = sm_read_reg64(b1.smmu, ARM_SMMU_CB(b1.smmu, b1.a->cfg.cbndx),
			       ARM_SMMU_CB_TTBR0);
	smmu = sm_smmu(test, "smmu-capture");
	KUNIT_ASSERT_EQ(test, arm_smmu_v2_kdump_init(smmu), 0);
	/* Cut at once, cached translation included: not at the reset. */
	KUNIT_EXPECT_EQ(test, sm_xlate(m, SM_SID_A, SM_IOVA_A + SZ_4K, &pa),
			SM_FAULT);
	sm_probe_hw_rest(test, smmu);
	KUNIT_ASSERT_NOT_NULL(test, sm_unit);
	KUNIT_EXPECT_EQ(test, m->bypassed, 0);
	KUNIT_EXPECT_EQ(test, m->moved, 0);
	after = sm_read_reg64(smmu, ARM_SMMU_CB(smmu, b1.a->cfg.cbndx),
			      ARM_SMMU_CB_TTBR0);
	KUNIT_EXPECT_NE(test, after, before);
	KUNIT_EXPECT_EQ(test, sm_xlate(m, SM_SID_A, SM_IOVA_A, &pa), SM_XLATE);
	KUNIT_EXPECT_EQ(test, pa, (u64)b1.pa_a);
	KUNIT_EXPECT_EQ(test, sm_xlate(m, SM_SID_A, SM_IOVA_A + SZ_4K, &pa),
			SM_FAULT);
}

/* A blocked stream's fault reaches the global handler and is counted. */
static void sm_capture_counts_blocked_fault(struct kunit *test)
{
	struct sm_model *m = sm_new(test);
	struct arm_smmu_device *smmu;
	struct sm_boot1 b1;
	u64 ttbr;

	sm_boot1(test, &b1);
	sm_expect_boot1(test, m, &b1);
	ttbr = sm_read_reg64(b1.smmu, ARM_SMMU_CB(b1.smmu, b1.a->cfg.cbndx),
			     ARM_SMMU_CB_TTBR0) & GENMASK_ULL(47, 12);
	m->capture.start = ttbr;
	m->capture.end = ttbr + SZ_4K;
	m->s[0].fault_at_end = true;
	smmu = sm_smmu(test, "smmu-capture");
	sm_probe_hw(test, smmu);
	KUNIT_ASSERT_NOT_NULL(test, sm_unit);
	/* Old DMA of blocked stream A: an invalid-context global fault. */
	m->check = false;
	KUNIT_EXPECT_EQ(test, sm_dma(m, SM_SID_A, SM_IOVA_A), SM_FAULT);
	KUNIT_EXPECT_EQ(test, m->reg[0][ARM_SMMU_GR0_sGFSR / 4], BIT(0));
	KUNIT_EXPECT_EQ(test, arm_smmu_global_fault(0, smmu), IRQ_HANDLED);
	KUNIT_EXPECT_EQ(test, m->reg[0][ARM_SMMU_GR0_sGFSR / 4], 0);
	/* Old DMA of adopted stream B past its mappings: its kept bank. */
	KUNIT_EXPECT_EQ(test, sm_dma(m, SM_SID_B, SM_IOVA_B + SZ_2M), SM_FAULT);
	KUNIT_EXPECT_EQ(test, arm_smmu_v2_kdump_context_fault(0, smmu->kdump),
			IRQ_HANDLED);
	KUNIT_EXPECT_EQ(test, m->reg[SM_NUMPAGE + b1.b->cfg.cbndx]
			[ARM_SMMU_CB_FSR / 4], 0);
	/* Nothing pending: not this handler's interrupt. */
	KUNIT_EXPECT_EQ(test, arm_smmu_v2_kdump_context_fault(0, smmu->kdump),
			IRQ_NONE);
	KUNIT_EXPECT_TRUE(test,
			  arm_smmu_v2_kdump_global_fault(smmu, BIT(0),
							 SM_SID_A));
	/* A stream the old kernel never had is the driver's to report. */
	KUNIT_EXPECT_FALSE(test,
			   arm_smmu_v2_kdump_global_fault(smmu, BIT(0),
							  0x55));
}

/* Hostile register states the crashed kernel may have left on stream A. */
struct sm_hostile {
	const char *name;
	enum sm_result old;	/* what the model does with it before */
	void (*corrupt)(struct sm_model *m, const struct sm_boot1 *b1,
			int sme, int cb);
};

static void sm_h_cb_range(struct sm_model *m, const struct sm_boot1 *b1,
			  int sme, int cb)
{
	u32 *s2cr = &m->reg[0][ARM_SMMU_GR0_S2CR(sme) / 4];

	*s2cr = (*s2cr & ~ARM_SMMU_S2CR_CBNDX) |
		FIELD_PREP(ARM_SMMU_S2CR_CBNDX, 200);
}

static void sm_h_cb_disabled(struct sm_model *m, const struct sm_boot1 *b1,
			     int sme, int cb)
{
	m->reg[SM_NUMPAGE + cb][ARM_SMMU_CB_SCTLR / 4] &= ~ARM_SMMU_SCTLR_M;
}

static void sm_h_ttbr_past_ram(struct sm_model *m, const struct sm_boot1 *b1,
			       int sme, int cb)
{
	m->reg[SM_NUMPAGE + cb][ARM_SMMU_CB_TTBR0 / 4] = 0;
	m->reg[SM_NUMPAGE + cb][ARM_SMMU_CB_TTBR0 / 4 + 1] =
		upper_32_bits(m->old_ram.end) & 0xffff;
}

static void sm_h_t0sz_wide(struct sm_model *m, const struct sm_boot1 *b1,
			   int sme, int cb)
{
	u32 *tcr = &m->reg[SM_NUMPAGE + cb][ARM_SMMU_CB_TCR / 4];

	*tcr = (*tcr & ~ARM_SMMU_TCR_T0SZ) | FIELD_PREP(ARM_SMMU_TCR_T0SZ, 8);
}

static void sm_h_tg0_64k(struct sm_model *m, const struct sm_boot1 *b1,
			 int sme, int cb)
{
	u32 *tcr = &m->reg[SM_NUMPAGE + cb][ARM_SMMU_CB_TCR / 4];

	/* ID2 offers 4 KiB only. */
	*tcr = (*tcr & ~ARM_SMMU_TCR_TG0) |
	       FIELD_PREP(ARM_SMMU_TCR_TG0, 1);	/* TG0 64 KiB */
}

static void sm_h_cbar_nested(struct sm_model *m, const struct sm_boot1 *b1,
			     int sme, int cb)
{
	u32 *cbar = &m->reg[1][ARM_SMMU_GR1_CBAR(cb) / 4];

	*cbar = (*cbar & ~ARM_SMMU_CBAR_TYPE) |
		FIELD_PREP(ARM_SMMU_CBAR_TYPE, CBAR_TYPE_S1_TRANS_S2_TRANS);
}

static void sm_h_s2cr_rsvd_type(struct sm_model *m, const struct sm_boot1 *b1,
				int sme, int cb)
{
	m->reg[0][ARM_SMMU_GR0_S2CR(sme) / 4] |=
		FIELD_PREP(ARM_SMMU_S2CR_TYPE, 3);
}

static const struct sm_hostile sm_hostile_cases[] = {
	{ "S2CR bank past NUMCB", SM_FAULT, sm_h_cb_range },
	{ "TTBR0 past old RAM", SM_FAULT, sm_h_ttbr_past_ram },
	{ "T0SZ 8: 56-bit input", SM_FAULT, sm_h_t0sz_wide },
	{ "64 KiB granule on a 4 KiB SMMU", SM_FAULT, sm_h_tg0_64k },
	{ "nested bank", SM_FAULT, sm_h_cbar_nested },
	{ "reserved S2CR type", SM_FAULT, sm_h_s2cr_rsvd_type },
};

static void sm_hostile_desc(const struct sm_hostile *h, char *desc)
{
	strscpy(desc, h->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(sm_hostile, sm_hostile_cases, sm_hostile_desc);

/*
 * A stream the crashed kernel let bypass (S2CR bypass; a bank with SCTLR.M
 * clear) is confined to old RAM: a bank of its own with the core's
 * identity tree, then one S2CR write. Old RAM keeps its addresses at every
 * write; capture memory, where the bypass could write, faults at the end.
 */
static void sm_capture_confines_bypass(struct kunit *test)
{
	struct sm_model *m = sm_new(test);
	bool bank_off = *(const uintptr_t *)test->param_value;
	struct arm_smmu_device *smmu;
	phys_addr_t cap = sm_page(test);
	struct sm_boot1 b1;
	int sme, cb;
	u64 pa;

	sm_boot1(test, &b1);
	sme = sm_sme_of(m, SM_SID_A);
	KUNIT_ASSERT_GE(test, sme, 0);
	if (bank_off)
		sm_h_cb_disabled(m, &b1, sme, b1.a->cfg.cbndx);
	else
		m->reg[0][ARM_SMMU_GR0_S2CR(sme) / 4] =
			FIELD_PREP(ARM_SMMU_S2CR_TYPE, S2CR_TYPE_BYPASS);
	m->capture.start = cap;
	m->capture.end = cap + SZ_4K;
	sm_expect_old(test, m, &b1, SM_BYPASS);
	/* Stream A's DMA at an old-RAM page and at the capture page. */
	m->s[0] = (struct sm_stream){ SM_SID_A, b1.pa_a, SM_XLATE, b1.pa_a,
				      false, true };
	m->s[2] = (struct sm_stream){ SM_SID_A, cap, SM_XLATE, cap, true,
				      true };
	m->nr_s = 3;
	smmu = sm_smmu(test, "smmu-capture");
	sm_probe_hw(test, smmu);
	KUNIT_ASSERT_NOT_NULL(test, sm_unit);
	KUNIT_EXPECT_EQ(test, m->bypassed, 0);
	KUNIT_EXPECT_EQ(test, m->moved, 0);
	KUNIT_EXPECT_EQ(test, sm_xlate(m, SM_SID_A, b1.pa_a, &pa), SM_XLATE);
	KUNIT_EXPECT_EQ(test, pa, (u64)b1.pa_a);
	KUNIT_EXPECT_EQ(test, sm_xlate(m, SM_SID_A, cap, &pa), SM_FAULT);
	/*
	 * On a bank of its own, kept and reserved: any bank no live entry
	 * translates with (the old kernel's bank A is one: nothing uses it
	 * any more, or only stream A with SCTLR.M clear), never adopted B's.
	 */
	cb = FIELD_GET(ARM_SMMU_S2CR_CBNDX,
		       m->reg[0][ARM_SMMU_GR0_S2CR(sme) / 4]);
	KUNIT_EXPECT_NE(test, cb, (int)b1.b->cfg.cbndx);
	KUNIT_EXPECT_TRUE(test, test_bit(cb, smmu->context_map));
	KUNIT_EXPECT_TRUE(test, arm_smmu_v2_kdump_kept_cb(smmu, cb));
	KUNIT_EXPECT_TRUE(test, arm_smmu_v2_kdump_kept_sme(smmu, sme));
	KUNIT_EXPECT_EQ(test, sm_xlate(m, SM_SID_B, SM_IOVA_B, &pa), SM_XLATE);
	KUNIT_EXPECT_EQ(test, pa, (u64)b1.pa_b);
}

static const uintptr_t sm_bypass_forms[] = { 0, 1 };

static void sm_bypass_desc(const uintptr_t *f, char *desc)
{
	strscpy(desc, *f ? "bank with SCTLR.M clear" : "S2CR bypass",
		KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(sm_bypass, sm_bypass_forms, sm_bypass_desc);

/*
 * Whatever stream A's registers say, the capture kernel blocks its entry
 * without a bypass at any write and keeps stream B where it was.
 */
static void sm_capture_blocks_hostile_registers(struct kunit *test)
{
	const struct sm_hostile *h = test->param_value;
	struct sm_model *m = sm_new(test);
	struct arm_smmu_device *smmu;
	struct sm_boot1 b1;
	int sme;
	u64 pa;

	sm_boot1(test, &b1);
	sme = sm_sme_of(m, SM_SID_A);
	KUNIT_ASSERT_GE(test, sme, 0);
	h->corrupt(m, &b1, sme, b1.a->cfg.cbndx);
	sm_expect_old(test, m, &b1, h->old);
	m->s[0].was_bypass = h->old == SM_BYPASS;
	m->s[0].fault_at_end = true;
	smmu = sm_smmu(test, "smmu-capture");
	sm_probe_hw(test, smmu);
	KUNIT_ASSERT_NOT_NULL(test, sm_unit);
	KUNIT_EXPECT_EQ(test, m->bypassed, 0);
	KUNIT_EXPECT_EQ(test, m->moved, 0);
	KUNIT_EXPECT_EQ(test, sm_xlate(m, SM_SID_A, SM_IOVA_A, &pa), SM_FAULT);
	KUNIT_EXPECT_FALSE(test, arm_smmu_v2_kdump_kept_sme(smmu, sme));
	KUNIT_EXPECT_EQ(test, sm_xlate(m, SM_SID_B, SM_IOVA_B, &pa), SM_XLATE);
	KUNIT_EXPECT_EQ(test, pa, (u64)b1.pa_b);
}

static struct kunit_case arm_smmu_kexec_cases[] = {
	KUNIT_CASE(sm_shutdown_faults_every_stream),
	KUNIT_CASE(sm_shutdown_kexec_bypass_bypasses),
	{}
};

static struct kunit_suite arm_smmu_kexec_suite = {
	.name = "arm-smmu-kexec-shutdown",
	.test_cases = arm_smmu_kexec_cases,
};

static struct kunit_case arm_smmu_v2_kdump_cases[] = {
	KUNIT_CASE(sm_capture_upstream_moves_old_dma),
	KUNIT_CASE(sm_capture_keeps_adopted_streams),
	KUNIT_CASE(sm_capture_reserves_old_asid),
	KUNIT_CASE(sm_capture_blocks_bad_bank_only),
	KUNIT_CASE(sm_capture_blocks_smr_conflict),
	KUNIT_CASE(sm_capture_cuts_leaf_into_capture),
	KUNIT_CASE(sm_capture_counts_blocked_fault),
	KUNIT_CASE_PARAM(sm_capture_blocks_hostile_registers,
			 sm_hostile_gen_params),
	KUNIT_CASE_PARAM(sm_capture_confines_bypass, sm_bypass_gen_params),
	{}
};

static struct kunit_suite arm_smmu_v2_kdump_suite = {
	.name = "arm-smmu-kdump",
	.init = sm_kdump_init,
	.exit = sm_kdump_exit,
	.test_cases = arm_smmu_v2_kdump_cases,
};

kunit_test_suites(&arm_smmu_kexec_suite, &arm_smmu_v2_kdump_suite);
