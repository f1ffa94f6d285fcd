// SPDX-License-Identifier: GPL-2.0
/*
 * SMMUv3 side of the kdump IOMMU handover.
 *
 * Copyright (C) 2026 The kdump-iommu authors
 */

/**
 * DOC: SMMUv3 kdump handover
 *
 * With ``iommu=accept_active`` a capture kernel that finds an SMMUv3 with
 * SMMUEN set (and acknowledged) never clears it and never touches GBPA.
 * STRTAB_BASE cannot be rewritten while SMMUEN is set, so the old stream
 * table stays the live one; arm_smmu_init_strtab() asks
 * arm_smmu_kdump_init_strtab() and the kdump core drives four operations:
 *
 * describe
 *	walk the old stream table (kdump_smmuv3_walk(): STRTAB_BASE/_CFG,
 *	every level-2 table, STE, CD table and CD) into the core's plan;
 *	the core walks the page tables. A 2-level table's level-1 table and
 *	every level-2 table are copied into capture memory first and the
 *	walk reads the copies, so what goes live is what was validated
 *	(blocking STEs for a table the walk refused) and the old tables stay
 *	intact for the dump.
 * replace
 *	an adopted STE stays as it was copied; one whose tree the core built
 *	anew is re-pointed: stage 2 through S2TTB, stage 1 through a copy of
 *	its only CD with TTB0 replaced.
 * block
 *	the stream's STE translates through a CD that walks nothing and
 *	records the faults (an abort STE records none), so they are counted.
 * release
 *	the device was reset: its STE becomes an abort STE, then CFGI_STE, a
 *	TLB invalidation and CMD_SYNC.
 *
 * Until arm_smmu_kdump_publish() nothing of this is live: the copies and
 * the writes to them are not reachable by the SMMU. Publishing stores each
 * level-1 descriptor once (a single 64-bit store: the old level-2 table or
 * the copy, both validated) and arm_smmu_device_reset() then invalidates
 * all configuration and TLBs with the queues it set up while SMMUEN
 * stayed set. A linear table is written in place with single 64-bit
 * stores. The event queue stays on, so faults of old DMA are counted.
 *
 * Every old ASID and VMID is reserved in the driver's allocators. If the
 * stream table registers themselves are unusable, or its layout is not
 * the one this driver uses, the core records the unit as blocked and the
 * driver resets the SMMU as upstream does (GBPA abort).
 *
 * Not handled yet: non-coherent SMMUs (refused: upstream reset), stage 1
 * streams with more than one CD whose tree must be rebuilt (blocked), and
 * ATS: device TLBs are not invalidated.
 */

#define pr_fmt(fmt) "arm-smmu-v3: kdump: " fmt

#include <linux/crash_dump.h>
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/iommu-kdump.h>
#include <linux/slab.h>
#include <linux/sort.h>

#include "arm-smmu-v3.h"
#include "kdump.h"
#include "../../kdump/core.h"
#include "../../kdump/fmt_smmuv3_walk.h"

/**
 * struct arm_smmu_kdump - one SMMU's handover
 * @smmu: the SMMU
 * @unit: the core's record of it
 * @caps: its capabilities, from the ID registers
 * @base: STRTAB_BASE as the old kernel left it
 * @cfg: STRTAB_BASE_CFG
 * @nr_l1: level-1 entries (2-level), or STEs (linear)
 * @l1: the live level-1 table, mapped
 * @l1_snap: the level-1 descriptors as read once, before the walk
 * @l1_bad: level-1 entries whose stream IDs the walk blocked
 * @l2: per level-1 entry, the capture-owned copy of its level-2 table
 * @l2_dma: their addresses
 * @l2_old: per level-1 entry, the old level-2 table the copy was read
 *	from, 0 if none
 * @by_old: level-1 indices with a copy, sorted by @l2_old
 * @nr_by_old: entries in @by_old
 * @linear: the live linear table, mapped
 * @block_cd: a CD that walks nothing (EPD0, EPD1) and records its faults
 * @block_cd_dma: its address
 * @confine_cd: the CD of bypassing streams, through the core's identity
 *	tree (one shape per SMMU, so one tree and one CD), or NULL
 * @confine_cd_dma: its address
 * @confine_root: the identity tree @confine_cd walks
 * @adopted: the old stream table is the driver's
 *
 * Written only at probe, before the SMMU is registered; read-only after.
 */
struct arm_smmu_kdump {
	struct arm_smmu_device *smmu;
	struct iommu_kdump_unit *unit;
	struct kdump_smmuv3_caps caps;
	u64 base;
	u32 cfg;
	u32 nr_l1;
	struct arm_smmu_strtab_l1 *l1;
	u64 *l1_snap;
	unsigned long *l1_bad;
	struct arm_smmu_strtab_l2 **l2;
	dma_addr_t *l2_dma;
	u64 *l2_old;
	u32 *by_old;
	u32 nr_by_old;
	struct arm_smmu_ste *linear;
	struct arm_smmu_cd *block_cd;
	dma_addr_t block_cd_dma;
	struct arm_smmu_cd *confine_cd;
	dma_addr_t confine_cd_dma;
	u64 confine_root;
	bool adopted;
};

static bool arm_smmu_kdump_2lvl(const struct arm_smmu_kdump *kd)
{
	return FIELD_GET(STRTAB_BASE_CFG_FMT, kd->cfg) ==
	       STRTAB_BASE_CFG_FMT_2LVL;
}

/* The STE of @sid the handover writes: in a copy, or the live linear one. */
static struct arm_smmu_ste *arm_smmu_kdump_ste(struct arm_smmu_kdump *kd,
					       u32 sid)
{
	u32 i = arm_smmu_strtab_l1_idx(sid);

	if (!arm_smmu_kdump_2lvl(kd))
		return sid < kd->nr_l1 ? &kd->linear[sid] : NULL;
	if (i >= kd->nr_l1 || !kd->l2[i])
		return NULL;
	return &kd->l2[i]->stes[arm_smmu_strtab_l2_idx(sid)];
}

/* ------------------------------------------------------------------ */
/* describe                                                            */

struct arm_smmu_kdump_walk {
	struct arm_smmu_kdump *kd;
	struct kdump_sink plan_sink;
	u32 aborting;
};

static int arm_smmu_kdump_walk_xlate(void *arg, const struct kdump_xlate_id *id,
				     const struct kdump_xlate *x,
				     const void *raw, unsigned int raw_len,
				     enum kdump_bad why)
{
	struct arm_smmu_kdump_walk *w = arg;

	/*
	 * A valid abort STE (what 6.12 writes for every stream ID without a
	 * domain) stays as it is in the copy and tags nothing: no record.
	 */
	if (!why && x->kind == KDUMP_XLATE_ABORT && !x->nr_tags &&
	    id->pasid == KDUMP_NO_PASID) {
		w->aborting++;
		return 0;
	}
	return w->plan_sink.xlate(w->plan_sink.arg, id, x, raw, raw_len, why);
}

static int arm_smmu_kdump_walk_table(void *arg, u64 pa, u64 size)
{
	struct arm_smmu_kdump_walk *w = arg;

	return w->plan_sink.table(w->plan_sink.arg, pa, size);
}

/* A level-1 entry the walk refused: its copy will hold abort STEs. */
static int arm_smmu_kdump_walk_block(void *arg, u32 first, u32 last,
				     enum kdump_bad why)
{
	struct arm_smmu_kdump_walk *w = arg;
	u32 i = arm_smmu_strtab_l1_idx(first);

	if (i < w->kd->nr_l1)
		set_bit(i, w->kd->l1_bad);
	return w->plan_sink.block(w->plan_sink.arg, first, last, why);
}

/* The layout arm_smmu_init_strtab() would have chosen, or false. */
static bool arm_smmu_kdump_layout_ok(struct arm_smmu_kdump *kd)
{
	struct arm_smmu_device *smmu = kd->smmu;
	u32 log2size = FIELD_GET(STRTAB_BASE_CFG_LOG2SIZE, kd->cfg);
	u32 last = arm_smmu_strtab_l1_idx((1ULL << smmu->sid_bits) - 1);

	if (smmu->features & ARM_SMMU_FEAT_2_LVL_STRTAB) {
		kd->nr_l1 = min(last + 1, STRTAB_MAX_L1_ENTRIES);
		return arm_smmu_kdump_2lvl(kd) &&
		       FIELD_GET(STRTAB_BASE_CFG_SPLIT, kd->cfg) ==
		       STRTAB_SPLIT &&
		       log2size == ilog2(kd->nr_l1) + STRTAB_SPLIT;
	}
	kd->nr_l1 = 1U << smmu->sid_bits;
	return !arm_smmu_kdump_2lvl(kd) && log2size == smmu->sid_bits;
}

/*
 * How the pure writers of write.c reach an STE: one 64-bit store per word
 * (the STE is little-endian, as the CPU: see arm_smmu_kdump_init_strtab()),
 * each made visible to the coherent SMMU before the next.
 */
static void arm_smmu_kdump_store(void *ctx, void *entry, const u64 *val,
				 unsigned int nr)
{
	u64 *p = entry;
	unsigned int i;

	for (i = 0; i < nr; i++)
		WRITE_ONCE(p[i], val[i]);
	/* The SMMU must see this store before the writer's next one. */
	dma_wmb();
}

/* The writers used here issue no invalidation: the callers do. */
static void arm_smmu_kdump_inval(void *ctx, enum kdump_inval what, u32 a,
				 u32 b)
{
	WARN_ON_ONCE(1);
}

static const struct kdump_writer arm_smmu_kdump_writer = {
	.store	= arm_smmu_kdump_store,
	.inval	= arm_smmu_kdump_inval,
};

/*
 * A blocked stream's STE: stage 1 through a CD that walks nothing and
 * records its faults (kdump_smmuv3_ste_block(): old, abort, then that).
 */
static void arm_smmu_kdump_block_ste(struct arm_smmu_kdump *kd,
				     struct arm_smmu_ste *ste)
{
	kdump_smmuv3_ste_block(&arm_smmu_kdump_writer, (u64 *)ste->data,
			       kd->block_cd ? kd->block_cd_dma : 0);
}

/*
 * The walk validates the level-1 table and every level-2 table from
 * copies taken before it (the snapshot), and the copies are what goes
 * live: a device still writing into the old tables cannot change what was
 * validated. snapshot_read() serves the walk's reads of those ranges from
 * the copies and every other read from old memory.
 */
struct arm_smmu_kdump_snap {
	struct kdump_oldmem m;
	const struct kdump_oldmem *old;
	struct arm_smmu_kdump *kd;
};

static u64 arm_smmu_kdump_l2_size(u64 desc)
{
	return sizeof(struct arm_smmu_ste) <<
	       (FIELD_GET(STRTAB_L1_DESC_SPAN, desc) - 1);
}

static int arm_smmu_kdump_snap_read(void *ctx, u64 pa, void *buf, size_t len)
{
	struct arm_smmu_kdump_snap *sn = ctx;
	struct arm_smmu_kdump *kd = sn->kd;
	u64 l1 = kd->base & STRTAB_BASE_ADDR_MASK, l1_size = kd->nr_l1 * 8ULL;
	u32 lo = 0, hi = kd->nr_by_old;

	if (kd->l1_snap && pa >= l1 && pa + len <= l1 + l1_size) {
		memcpy(buf, (u8 *)kd->l1_snap + (pa - l1), len);
		return 0;
	}
	/* The copy whose old table starts at or below @pa. */
	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (kd->l2_old[kd->by_old[mid]] <= pa)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo) {
		u32 i = kd->by_old[lo - 1];
		u64 old = kd->l2_old[i];

		if (pa + len <= old + arm_smmu_kdump_l2_size(kd->l1_snap[i])) {
			memcpy(buf, (u8 *)kd->l2[i] + (pa - old), len);
			return 0;
		}
	}
	return sn->old->read(sn->old->ctx, pa, buf, len);
}

static int arm_smmu_kdump_by_old_cmp(const void *a, const void *b,
				     const void *priv)
{
	const struct arm_smmu_kdump *kd = priv;
	u64 x = kd->l2_old[*(const u32 *)a], y = kd->l2_old[*(const u32 *)b];

	return x < y ? -1 : x > y;
}

/*
 * Copy the level-1 table and every level-2 table a descriptor points at
 * inside old RAM, outside capture memory (the walk judges the rest and
 * refuses what is not copied: its reads then go to old memory and fail
 * the same checks).
 */
static int arm_smmu_kdump_snapshot(struct arm_smmu_kdump *kd,
				   const struct kdump_oldmem *m)
{
	u64 l1 = kd->base & STRTAB_BASE_ADDR_MASK, size = kd->nr_l1 * 8ULL;
	struct device *dev = kd->smmu->dev;
	u32 i;

	if (kdump_check_table(m, l1, size, max_t(u64, size, 64)))
		return 0;
	kd->l1_snap = devm_kcalloc(dev, kd->nr_l1, sizeof(u64), GFP_KERNEL);
	kd->l2_old = devm_kcalloc(dev, kd->nr_l1, sizeof(u64), GFP_KERNEL);
	kd->by_old = devm_kcalloc(dev, kd->nr_l1, sizeof(u32), GFP_KERNEL);
	if (!kd->l1_snap || !kd->l2_old || !kd->by_old)
		return -ENOMEM;
	if (m->read(m->ctx, l1, kd->l1_snap, size)) {
		devm_kfree(dev, kd->l1_snap);
		kd->l1_snap = NULL;
		return 0;
	}
	for (i = 0; i < kd->nr_l1; i++) {
		/* Raw little-endian words: little-endian kernels only. */
		u64 desc = kd->l1_snap[i], l2;
		u32 span = FIELD_GET(STRTAB_L1_DESC_SPAN, desc);

		if (!span || span > STRTAB_SPLIT + 1)
			continue;
		l2 = desc & STRTAB_L1_DESC_L2PTR_MASK;
		size = arm_smmu_kdump_l2_size(desc);
		if (kdump_check_table(m, l2, size, size))
			continue;
		kd->l2[i] = dmam_alloc_coherent(dev, sizeof(*kd->l2[i]),
						&kd->l2_dma[i], GFP_KERNEL);
		if (!kd->l2[i])
			return -ENOMEM;
		if (m->read(m->ctx, l2, kd->l2[i], size)) {
			/* Unreadable: the walk reads it again and blocks it. */
			memset(kd->l2[i], 0, size);
			continue;
		}
		/* STEs past the Span are out of range: zeroed, they fault. */
		kd->l2_old[i] = l2;
		kd->by_old[kd->nr_by_old++] = i;
	}
	sort_r(kd->by_old, kd->nr_by_old, sizeof(u32),
	       arm_smmu_kdump_by_old_cmp, NULL, kd);
	return 0;
}

/* After the walk: every blocked level-1 entry gets a blocking copy. */
static int arm_smmu_kdump_prepare(struct arm_smmu_kdump *kd)
{
	u32 i, k;

	/* ASID 0: 6.12 never allocates it, and nothing is ever cached. */
	kd->block_cd = dmam_alloc_coherent(kd->smmu->dev, sizeof(*kd->block_cd),
					   &kd->block_cd_dma, GFP_KERNEL);
	if (kd->block_cd) {
		u64 cd0 = FIELD_PREP(CTXDESC_CD_0_TCR_T0SZ, 16) |
			  CTXDESC_CD_0_TCR_EPD0 | CTXDESC_CD_0_TCR_EPD1 |
			  CTXDESC_CD_0_V | CTXDESC_CD_0_AA64 | CTXDESC_CD_0_R |
			  CTXDESC_CD_0_A | CTXDESC_CD_0_ASET;

		kd->block_cd->data[0] = cpu_to_le64(cd0);
	}
	if (!arm_smmu_kdump_2lvl(kd)) {
		kd->linear = memremap(kd->base & STRTAB_BASE_ADDR_MASK,
				      (u64)kd->nr_l1 *
				      sizeof(*kd->linear), MEMREMAP_WB);
		return kd->linear ? 0 : -ENOMEM;
	}
	kd->l1 = memremap(kd->base & STRTAB_BASE_ADDR_MASK,
			  kd->nr_l1 * sizeof(*kd->l1), MEMREMAP_WB);
	if (!kd->l1) {
		pr_err("%s: cannot map the old level-1 table\n",
		       dev_name(kd->smmu->dev));
		return -ENOMEM;
	}
	for (i = 0; i < kd->nr_l1; i++) {
		if (!test_bit(i, kd->l1_bad))
			continue;
		if (!kd->l2[i]) {
			kd->l2[i] = dmam_alloc_coherent(kd->smmu->dev,
							sizeof(*kd->l2[i]),
							&kd->l2_dma[i],
							GFP_KERNEL);
			if (!kd->l2[i])
				return -ENOMEM;
		}
		/* Not live yet: every stream ID blocked, its faults recorded. */
		for (k = 0; k < ARRAY_SIZE(kd->l2[i]->stes); k++)
			arm_smmu_kdump_block_ste(kd, &kd->l2[i]->stes[k]);
	}
	return 0;
}

static int arm_smmu_kdump_describe(struct iommu_kdump_unit *unit,
				   struct kdump_plan *plan)
{
	struct arm_smmu_kdump *kd = iommu_kdump_unit_priv(unit);
	struct arm_smmu_kdump_walk w = { .kd = kd };
	struct arm_smmu_kdump_snap snap;
	struct kdump_smmuv3_stats st = {};
	struct kdump_sink sink;
	enum kdump_bad why;
	void *scratch;
	int ret;

	if (!arm_smmu_kdump_layout_ok(kd) ||
	    !(kd->smmu->features & ARM_SMMU_FEAT_COHERENCY)) {
		pr_err("%s: stream table layout %#x or a non-coherent SMMU this kernel cannot keep: reset as upstream, every device blocked\n",
		       dev_name(kd->smmu->dev), kd->cfg);
		kdump_plan_unit_bad(plan, KDUMP_BAD_TYPE);
		return 0;
	}
	kd->l1_bad = devm_bitmap_zalloc(kd->smmu->dev, kd->nr_l1, GFP_KERNEL);
	kd->l2 = devm_kcalloc(kd->smmu->dev, kd->nr_l1, sizeof(*kd->l2),
			      GFP_KERNEL);
	kd->l2_dma = devm_kcalloc(kd->smmu->dev, kd->nr_l1,
				  sizeof(*kd->l2_dma), GFP_KERNEL);
	scratch = kmalloc(KDUMP_SMMUV3_SCRATCH_SIZE, GFP_KERNEL);
	if (!kd->l1_bad || !kd->l2 || !kd->l2_dma || !scratch) {
		kfree(scratch);
		return -ENOMEM;
	}
	snap.m = *plan->m;
	snap.m.read = arm_smmu_kdump_snap_read;
	snap.m.ctx = &snap;
	snap.old = plan->m;
	snap.kd = kd;
	ret = arm_smmu_kdump_2lvl(kd) ? arm_smmu_kdump_snapshot(kd, plan->m) : 0;
	if (ret) {
		kfree(scratch);
		return ret;
	}
	kdump_plan_sink(plan, &w.plan_sink);
	sink.xlate = arm_smmu_kdump_walk_xlate;
	sink.table = arm_smmu_kdump_walk_table;
	sink.block = arm_smmu_kdump_walk_block;
	sink.arg = &w;
	why = kdump_smmuv3_walk(&snap.m, &kd->caps, kd->base, kd->cfg, scratch,
				&sink, &st);
	kfree(scratch);
	if (why) {
		kdump_plan_unit_bad(plan, why);
	} else {
		ret = arm_smmu_kdump_prepare(kd);
		if (ret)
			return ret;
	}
	pr_info("%s: old stream table at %#llx (cfg %#x): %u streams (%u blocked, %u aborting kept as they are), %u substreams (%u blocked), %u level-2 tables (%u blocked): %s\n",
		dev_name(kd->smmu->dev), kd->base, kd->cfg, st.streams,
		st.streams_blocked, w.aborting, st.cds, st.cds_blocked,
		st.l2_tables, st.l2_blocked, kdump_bad_str(why));
	return 0;
}

/* ------------------------------------------------------------------ */
/* replace, block, release                                             */

/* A stage 1 stream with one CD: a copy of the CD with TTB0 replaced. */
static int arm_smmu_kdump_repoint_s1(struct arm_smmu_kdump *kd,
				     struct arm_smmu_ste *ste,
				     const struct kdump_plan_xl *xl, u64 root)
{
	u64 w0 = le64_to_cpu(ste->data[0]);
	struct arm_smmu_cd *cd;
	dma_addr_t dma;

	if (FIELD_GET(STRTAB_STE_0_S1CDMAX, w0) ||
	    xl->raw_len != sizeof(cd->data))
		return -EOPNOTSUPP;
	cd = dmam_alloc_coherent(kd->smmu->dev, sizeof(*cd), &dma, GFP_KERNEL);
	if (!cd)
		return -ENOMEM;
	memcpy(cd->data, xl->raw, sizeof(cd->data));
	cd->data[1] = cpu_to_le64(root & CTXDESC_CD_1_TTB0_MASK);
	/* A live (linear) STE must not point at the CD before it is written. */
	dma_wmb();
	/* One store; the SMMU reads the old or the new CD table. */
	return kdump_smmuv3_ste_repoint(&arm_smmu_kdump_writer,
					(u64 *)ste->data, 0, dma);
}

/*
 * The confining CD: one ASID no old CD used, kept from the driver's
 * allocator for good (a confined stream may fault on it until its device
 * is reset). No live CD used it; a TLB entry an old, freed domain left
 * with it (6.12 invalidates a domain's ASID when it frees the domain) is
 * gone with the whole TLB when the queues are up again
 * (arm_smmu_device_reset_kdump()), before any device is probed.
 */
static int arm_smmu_kdump_confine_cd(struct arm_smmu_kdump *kd,
				     const struct kdump_stage *own)
{
	struct arm_smmu_device *smmu = kd->smmu;
	u64 cd[ARRAY_SIZE(kd->confine_cd->data)];
	struct arm_smmu_cd *mem;
	dma_addr_t dma;
	u32 asid;
	int i, ret;

	if (kd->confine_cd)
		return kd->confine_root == own->root ? 0 : -EOPNOTSUPP;
	mem = dmam_alloc_coherent(smmu->dev, sizeof(*mem), &dma, GFP_KERNEL);
	if (!mem)
		return -ENOMEM;
	for (asid = (1U << smmu->asid_bits) - 1; asid; asid--) {
		if (iommu_kdump_id_used(kd->unit, KDUMP_TAG_ASID, asid))
			continue;
		ret = xa_insert(&arm_smmu_asid_xa, asid, NULL, GFP_KERNEL);
		if (!ret)
			break;
		if (ret != -EBUSY)
			goto out_free;
	}
	ret = -ENOSPC;
	if (!asid)
		goto out_free;
	ret = -EOPNOTSUPP;
	if (kdump_smmuv3_cd_confine(own, asid, cd))
		goto out_erase;
	for (i = 0; i < ARRAY_SIZE(cd); i++)
		mem->data[i] = cpu_to_le64(cd[i]);
	kd->confine_cd = mem;
	kd->confine_cd_dma = dma;
	kd->confine_root = own->root;
	dev_info(smmu->dev, "kdump: bypassing streams confined with ASID %u\n",
		 asid);
	return 0;

out_erase:
	xa_erase(&arm_smmu_asid_xa, asid);
out_free:
	dmam_free_coherent(smmu->dev, sizeof(*mem), mem, dma);
	return ret;
}

/*
 * A bypassing stream: stage 1 through the confining CD, hitless, with the
 * word 1 the driver's own STE will have (arm_smmu_make_cdtable_ste() for
 * a master that does not stall), so that its attach changes word 0 only.
 * The stream world follows the capture kernel's driver; CR2.E2H is the
 * old kernel's: when they disagree the stream is blocked instead.
 */
static int arm_smmu_kdump_confine(struct arm_smmu_kdump *kd,
				  struct arm_smmu_ste *ste,
				  const struct kdump_stage *own)
{
	struct arm_smmu_device *smmu = kd->smmu;
	bool e2h = smmu->features & ARM_SMMU_FEAT_E2H;
	int ret;

	if (e2h != kd->caps.e2h)
		return -EOPNOTSUPP;
	ret = arm_smmu_kdump_confine_cd(kd, own);
	if (ret)
		return ret;
	/* A live (linear) STE must not point at the CD before it is written. */
	dma_wmb();
	return kdump_smmuv3_ste_confine(&arm_smmu_kdump_writer,
					(u64 *)ste->data, kd->confine_cd_dma,
					e2h,
					smmu->features & ARM_SMMU_FEAT_STALLS);
}

static int arm_smmu_kdump_replace(struct iommu_kdump_unit *unit,
				  const struct kdump_plan_xl *xl,
				  const struct kdump_stage *own)
{
	struct arm_smmu_kdump *kd = iommu_kdump_unit_priv(unit);
	struct arm_smmu_ste *ste = arm_smmu_kdump_ste(kd, xl->id.sid);
	u32 cfg;

	if (!ste)
		return -EINVAL;
	if (!own)
		return 0;	/* validated as it is */
	cfg = FIELD_GET(STRTAB_STE_0_CFG, le64_to_cpu(ste->data[0]));
	if (cfg == STRTAB_STE_0_CFG_S2_TRANS && xl->id.pasid == KDUMP_NO_PASID)
		return kdump_smmuv3_ste_repoint(&arm_smmu_kdump_writer,
						(u64 *)ste->data, own->root, 0);
	if (cfg == STRTAB_STE_0_CFG_S1_TRANS && xl->id.pasid == KDUMP_NO_PASID)
		return arm_smmu_kdump_repoint_s1(kd, ste, xl, own->root);
	if (cfg == STRTAB_STE_0_CFG_BYPASS && xl->x.kind == KDUMP_XLATE_BYPASS)
		return arm_smmu_kdump_confine(kd, ste, own);
	/* A substream (or S1DSS bypass) to rebuild: not yet. */
	return -EOPNOTSUPP;
}

static void arm_smmu_kdump_block(struct iommu_kdump_unit *unit,
				 const struct kdump_plan_xl *xl)
{
	struct arm_smmu_kdump *kd = iommu_kdump_unit_priv(unit);
	struct arm_smmu_ste *ste = arm_smmu_kdump_ste(kd, xl->id.sid);

	/* A blocked substream blocks its whole stream (one STE). */
	if (ste)
		arm_smmu_kdump_block_ste(kd, ste);
}

static void arm_smmu_kdump_release(struct iommu_kdump_unit *unit,
				   const struct kdump_plan_xl *xl)
{
	struct arm_smmu_kdump *kd = iommu_kdump_unit_priv(unit);
	struct arm_smmu_device *smmu = kd->smmu;
	struct arm_smmu_strtab_cfg *cfg = &smmu->strtab_cfg;
	struct arm_smmu_ste *ste;
	u32 sid = xl->id.sid, i = arm_smmu_strtab_l1_idx(sid);

	/* Now the driver's table: the published copy or the linear one. */
	if (arm_smmu_kdump_2lvl(kd))
		ste = i < cfg->l2.num_l1_ents && cfg->l2.l2ptrs[i] ?
		      &cfg->l2.l2ptrs[i]->stes[arm_smmu_strtab_l2_idx(sid)] :
		      NULL;
	else
		ste = sid < cfg->linear.num_ents ? &cfg->linear.table[sid] :
		      NULL;
	if (!ste)
		return;
	/* Nothing is in flight any more: an abort STE, one store. */
	kdump_smmuv3_ste_block(&arm_smmu_kdump_writer, (u64 *)ste->data, 0);
	arm_smmu_kdump_sync_ste(smmu, sid);
}

static const struct iommu_kdump_ops arm_smmu_kdump_ops = {
	.describe	= arm_smmu_kdump_describe,
	.replace	= arm_smmu_kdump_replace,
	.block		= arm_smmu_kdump_block,
	.release	= arm_smmu_kdump_release,
};

/* ------------------------------------------------------------------ */
/* The driver's side                                                   */

static void arm_smmu_kdump_reserve_ids(struct arm_smmu_kdump *kd)
{
	struct arm_smmu_device *smmu = kd->smmu;
	u32 id, n = 0;

	for (id = 1; id < (1U << smmu->asid_bits); id++)
		if (iommu_kdump_id_used(kd->unit, KDUMP_TAG_ASID, id) &&
		    !xa_reserve(&arm_smmu_asid_xa, id, GFP_KERNEL))
			n++;
	for (id = 1; id < (1U << smmu->vmid_bits); id++)
		if (iommu_kdump_id_used(kd->unit, KDUMP_TAG_VMID, id) &&
		    ida_alloc_range(&smmu->vmid_map, id, id, GFP_KERNEL) >= 0)
			n++;
	pr_info("%s: %u old ASIDs and VMIDs reserved\n", dev_name(smmu->dev),
		n);
}

/**
 * arm_smmu_kdump_init_strtab() - adopt the old stream table
 * @smmu: the SMMU, its features and ID widths probed
 *
 * In a capture kernel with the handover on, an SMMU found with SMMUEN set
 * is handed to the kdump core. If its old state is usable, the driver's
 * stream table becomes the old one (level-2 tables: the copies, published
 * later by arm_smmu_kdump_publish()).
 *
 * Context: probe, process context.
 * Return: 1 if the stream table was adopted, 0 if the driver sets up its
 * own as usual (upstream behaviour), a negative errno on failure.
 */
int arm_smmu_kdump_init_strtab(struct arm_smmu_device *smmu)
{
	struct arm_smmu_strtab_cfg *cfg = &smmu->strtab_cfg;
	struct iommu_kdump_unit_desc desc = {
		.name = dev_name(smmu->dev),
		.ops = &arm_smmu_kdump_ops,
	};
	struct arm_smmu_kdump *kd;

	/* The writers take STEs in CPU order: little-endian kernels only. */
	if (!iommu_kdump_active() || IS_ENABLED(CONFIG_CPU_BIG_ENDIAN) ||
	    !(readl_relaxed(smmu->base + ARM_SMMU_CR0) & CR0_SMMUEN) ||
	    !(readl_relaxed(smmu->base + ARM_SMMU_CR0ACK) & CR0_SMMUEN))
		return 0;
	kd = devm_kzalloc(smmu->dev, sizeof(*kd), GFP_KERNEL);
	if (!kd)
		return -ENOMEM;
	kd->smmu = smmu;
	kd->base = readq_relaxed(smmu->base + ARM_SMMU_STRTAB_BASE);
	kd->cfg = readl_relaxed(smmu->base + ARM_SMMU_STRTAB_BASE_CFG);
	/* CR2 is kept as the old kernel wrote it (arm_smmu_device_reset()). */
	kdump_smmuv3_caps_from_idr(readl_relaxed(smmu->base + ARM_SMMU_IDR0),
				   readl_relaxed(smmu->base + ARM_SMMU_IDR1),
				   readl_relaxed(smmu->base + ARM_SMMU_IDR5),
				   readl_relaxed(smmu->base + ARM_SMMU_CR2) &
				   CR2_E2H, &kd->caps);
	desc.priv = kd;
	smmu->kdump = kd;
	kd->unit = iommu_kdump_adopt(&desc);
	if (kd->unit->plan.unit_why) {
		/* Upstream reset; the core keeps every device blocked. */
		return 0;
	}
	kd->adopted = true;
	if (arm_smmu_kdump_2lvl(kd)) {
		cfg->l2.num_l1_ents = kd->nr_l1;
		cfg->l2.l1tab = kd->l1;
		cfg->l2.l1_dma = kd->base & STRTAB_BASE_ADDR_MASK;
		cfg->l2.l2ptrs = kd->l2;
	} else {
		cfg->linear.num_ents = kd->nr_l1;
		cfg->linear.table = kd->linear;
		cfg->linear.ste_dma = kd->base & STRTAB_BASE_ADDR_MASK;
	}
	return 1;
}

/**
 * arm_smmu_kdump_adopted() - does the SMMU keep its old stream table?
 * @smmu: the SMMU
 *
 * Context: any context.
 * Return: true if arm_smmu_device_reset() must keep SMMUEN and STRTAB_BASE.
 */
bool arm_smmu_kdump_adopted(struct arm_smmu_device *smmu)
{
	return smmu->kdump && smmu->kdump->adopted;
}

/**
 * arm_smmu_kdump_publish() - make the level-2 copies live
 * @smmu: the SMMU, its command queue running, SMMUEN still set
 *
 * Stores each level-1 descriptor once; the caller then invalidates all
 * configuration and TLBs. The copies hold what was validated, blocked or
 * re-pointed, so the SMMU sees the old entry or the new one.
 *
 * Context: probe, process context.
 */
void arm_smmu_kdump_publish(struct arm_smmu_device *smmu)
{
	struct arm_smmu_kdump *kd = smmu->kdump;
	u32 i, n = 0;

	if (!arm_smmu_kdump_adopted(smmu) || !arm_smmu_kdump_2lvl(kd))
		return;
	/* The copies (and the CDs replace() wrote) before the pointers. */
	dma_wmb();
	/*
	 * Every descriptor, from what was validated: a copy, or none (an
	 * entry that had no level-2 table), whatever a device may have
	 * written into the old level-1 table since.
	 */
	for (i = 0; i < kd->nr_l1; i++) {
		u64 desc = 0;

		if (kd->l2[i]) {
			desc = FIELD_PREP(STRTAB_L1_DESC_SPAN, STRTAB_SPLIT + 1) |
			       (kd->l2_dma[i] & STRTAB_L1_DESC_L2PTR_MASK);
			n++;
		}
		WRITE_ONCE(kd->l1[i].l2ptr, cpu_to_le64(desc));
	}
	arm_smmu_kdump_reserve_ids(kd);
	pr_info("%s: %u level-2 tables copied and switched, SMMUEN kept\n",
		dev_name(smmu->dev), n);
}

/**
 * arm_smmu_kdump_probe() - a device behind the SMMU was found
 * @smmu: the SMMU
 * @dev: the device
 * @sids: its stream IDs
 * @nr: entries in @sids
 *
 * Context: arm_smmu_probe_device(), process context.
 */
void arm_smmu_kdump_probe(struct arm_smmu_device *smmu, struct device *dev,
			  const u32 *sids, unsigned int nr)
{
	if (smmu->kdump)
		iommu_kdump_probe_device(smmu->kdump->unit, dev, sids, nr);
}

/**
 * arm_smmu_kdump_fault() - count an event of old DMA
 * @smmu: the SMMU
 * @evt: the event record
 *
 * Context: the event queue's IRQ thread.
 * Return: true if the event came from an old translation and was counted
 * (and printed, rate-limited, by the core): the caller prints nothing.
 */
bool arm_smmu_kdump_fault(struct arm_smmu_device *smmu, const u64 *evt)
{
	u32 ssid = evt[0] & EVTQ_0_SSV ? FIELD_GET(EVTQ_0_SSID, evt[0]) :
		   KDUMP_NO_PASID;

	return smmu->kdump && iommu_kdump_fault(smmu->kdump->unit,
						FIELD_GET(EVTQ_0_SID, evt[0]),
						ssid);
}
