/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The entry writers of fmt_vtd.c and fmt_amd.c against a recording fake,
 * shared by the KUnit suite (pure_kunit.c) and the user-space unit test.
 *
 * A writer is a sequence of stores to a live entry and invalidations. The
 * fake applies each store to a copy of the entry and records the entry as
 * the hardware could then read it, and every invalidation in order. A
 * check then decodes every recorded state with the format's own decoder:
 * each must be the old translation or the new one (a 128-bit store leaves
 * no state between them), never an untranslated or a mixed one, and the
 * invalidations must come after the store, name the old entry's domain ID
 * and come in the order the specification requires.
 */
#ifndef __DRIVERS_IOMMU_KDUMP_WRITER_CASES_H
#define __DRIVERS_IOMMU_KDUMP_WRITER_CASES_H

#include <linux/types.h>
#include <linux/bitfield.h>
#include <linux/string.h>

#include "fmt_amd.h"
#include "fmt_lpae.h"
#include "fmt_smmuv3.h"
#include "fmt_vtd.h"
#include "fmt_vtd_sm.h"

#define KW_MAX_EVENTS	8

/**
 * struct kw_event - one thing a writer did
 * @store: a store (else an invalidation)
 * @what: the invalidation
 * @a: its first argument (a domain ID)
 * @b: its second argument (a source or device ID)
 * @entry: after a store, the whole entry as the hardware could read it
 *	(up to an SMMUv3 STE's eight words)
 */
struct kw_event {
	bool store;
	enum kdump_inval what;
	u32 a;
	u32 b;
	u64 entry[8];
};

/**
 * struct kw_fake - a live entry and what was done to it
 * @entry: the entry
 * @ev: events in order
 * @nr: events recorded
 * @overflow: more than %KW_MAX_EVENTS events
 */
struct kw_fake {
	u64 entry[8];
	struct kw_event ev[KW_MAX_EVENTS];
	unsigned int nr;
	bool overflow;
};

static struct kw_event *kw_next(struct kw_fake *f)
{
	if (f->nr == KW_MAX_EVENTS) {
		f->overflow = true;
		return NULL;
	}
	return &f->ev[f->nr++];
}

static void kw_store(void *ctx, void *entry, const u64 *val, unsigned int nr)
{
	struct kw_fake *f = ctx;
	struct kw_event *e = kw_next(f);
	u64 *p = entry;
	unsigned int i;

	for (i = 0; i < nr; i++)
		p[i] = val[i];
	if (!e)
		return;
	e->store = true;
	memcpy(e->entry, f->entry, sizeof(e->entry));
}

static void kw_inval(void *ctx, enum kdump_inval what, u32 a, u32 b)
{
	struct kw_fake *f = ctx;
	struct kw_event *e = kw_next(f);

	if (!e)
		return;
	e->store = false;
	e->what = what;
	e->a = a;
	e->b = b;
}

static void kw_init(struct kw_fake *f, struct kdump_writer *w, bool atomic128,
		    const u64 *old, unsigned int words)
{
	memset(f, 0, sizeof(*f));
	memcpy(f->entry, old, words * sizeof(u64));
	w->store = kw_store;
	w->inval = kw_inval;
	w->atomic128 = atomic128;
	w->ctx = f;
}

/* Do two decoded translations send requests to the same place? */
static bool kw_same(const struct kdump_xlate *x, const struct kdump_xlate *y)
{
	return x->kind == y->kind && x->nr_stages == y->nr_stages &&
	       x->stage[0].root == y->stage[0].root &&
	       x->stage[0].levels == y->stage[0].levels &&
	       x->nr_tags == y->nr_tags &&
	       (!x->nr_tags || x->tag[0].id == y->tag[0].id) &&
	       x->perm == y->perm;
}

/* The VT-d unit of the cases: 256 domains, 3..5 levels, ATS, 2M and 1G. */
static const u64 kw_zero[2];

static const struct kdump_vtd_caps kw_vtd_caps = {
	.nr_dids = 256, .sagaw = 0xe, .mgaw = 57, .haw = 46,
	.pt_supported = true, .dt_supported = true, .sllps = 3,
};

static const struct kdump_amd_caps kw_amd_caps = {
	.nr_domids = 65536, .max_levels = 6, .haw = 48, .gt_supported = true,
};

#define KW_CTX(root, tt, aw, did)	{ (u64)(root) | ((u64)(tt) << 2) | 1, \
					  (u64)(aw) | ((u64)(did) << 8) }
#define KW_SID				0x0308

/*
 * Every state after a store decodes to @old or @new (or, for a clear, to a
 * non-present entry); @what lists the invalidations expected after the last
 * store, with their first argument in @a.
 */
static bool kw_vtd_check(const struct kw_fake *f, const u64 old[2],
			 const u64 new[2], bool clear,
			 const enum kdump_inval *what, const u32 *a,
			 unsigned int nr_what)
{
	struct kdump_xlate xo, xn, xs;
	unsigned int i, k = 0;
	bool stored = false;

	if (f->overflow || kdump_vtd_context_entry(&kw_vtd_caps, old[0], old[1], &xo))
		return false;
	if (!clear && kdump_vtd_context_entry(&kw_vtd_caps, new[0], new[1], &xn))
		return false;
	for (i = 0; i < f->nr; i++) {
		const struct kw_event *e = &f->ev[i];

		if (e->store) {
			/* No invalidation may come before the last store. */
			if (k)
				return false;
			stored = true;
			if (kdump_vtd_context_entry(&kw_vtd_caps, e->entry[0],
						    e->entry[1], &xs))
				return false;
			/* Cleared: old or absent. Replaced: old or new. */
			if (clear && xs.kind != KDUMP_XLATE_ABSENT_FAULT &&
			    !kw_same(&xs, &xo))
				return false;
			if (!clear && !kw_same(&xs, &xo) && !kw_same(&xs, &xn))
				return false;
			continue;
		}
		if (!stored || k >= nr_what || e->what != what[k] ||
		    (e->what != KDUMP_INV_VTD_DEVTLB && e->a != a[k]) ||
		    (e->what != KDUMP_INV_VTD_IOTLB && e->b != KW_SID))
			return false;
		k++;
	}
	return k == nr_what &&
	       !memcmp(f->entry, clear ? kw_zero : new, 2 * sizeof(u64));
}

static bool kw_vtd_replace_sl(bool ats)
{
	const u64 old[2] = KW_CTX(0x10000000, ats ? 1 : 0, 1, 5);
	const u64 new[2] = KW_CTX(0x20000000, 0, 2, 9);
	static const enum kdump_inval what[] = {
		KDUMP_INV_VTD_CTX, KDUMP_INV_VTD_IOTLB, KDUMP_INV_VTD_DEVTLB,
	};
	static const u32 a[] = { 5, 5, 0 };
	struct kdump_writer w;
	struct kw_fake f;

	kw_init(&f, &w, true, old, 2);
	if (kdump_vtd_ctx_replace(&w, f.entry, old, new, KW_SID))
		return false;
	return kw_vtd_check(&f, old, new, false, what, a, ats ? 3 : 2);
}

/* A pass-through entry replaced by a translated one: never a mix. */
static bool kw_vtd_replace_pt(void)
{
	const u64 old[2] = KW_CTX(0, 2, 3, 1);
	const u64 new[2] = KW_CTX(0x20000000, 0, 2, 9);
	static const enum kdump_inval what[] = {
		KDUMP_INV_VTD_CTX, KDUMP_INV_VTD_IOTLB,
	};
	static const u32 a[] = { 1, 1 };
	struct kdump_writer w;
	struct kw_fake f;

	kw_init(&f, &w, true, old, 2);
	if (kdump_vtd_ctx_replace(&w, f.entry, old, new, KW_SID))
		return false;
	return kw_vtd_check(&f, old, new, false, what, a, 2);
}

/* Without a 128-bit store there is no sequence without a window: refuse. */
static bool kw_vtd_replace_needs_atomic128(void)
{
	const u64 old[2] = KW_CTX(0x10000000, 0, 1, 5);
	const u64 new[2] = KW_CTX(0x20000000, 0, 2, 9);
	struct kdump_writer w;
	struct kw_fake f;

	kw_init(&f, &w, false, old, 2);
	return kdump_vtd_ctx_replace(&w, f.entry, old, new, KW_SID) ==
	       -EOPNOTSUPP && !f.nr && !memcmp(f.entry, old, sizeof(old));
}

/* A clear makes the entry non-present first, whatever the store size. */
static bool kw_vtd_clear(bool atomic128)
{
	const u64 old[2] = KW_CTX(0x10000000, 1, 1, 5);
	static const enum kdump_inval what[] = {
		KDUMP_INV_VTD_CTX, KDUMP_INV_VTD_IOTLB, KDUMP_INV_VTD_DEVTLB,
	};
	static const u32 a[] = { 5, 5, 0 };
	struct kdump_writer w;
	struct kw_fake f;

	kw_init(&f, &w, atomic128, old, 2);
	if (kdump_vtd_ctx_clear(&w, f.entry, old, KW_SID))
		return false;
	return f.nr == (atomic128 ? 4 : 5) &&
	       kw_vtd_check(&f, old, NULL, true, what, a, 3);
}

/* Scalable mode: the unit of the cases has PASIDs, RPS and device TLBs. */
static const struct kdump_vtd_caps kw_sm_caps = {
	.nr_dids = 256, .sagaw = 0xe, .mgaw = 57, .haw = 46,
	.pt_supported = true, .dt_supported = true, .sllps = 3,
	.flts = true, .slts = true, .fl5lp = true, .fl1gp = true,
	.rps = true, .pasid = true,
};

/* A scalable-mode context entry's low 128 bits: directory, PDTS, flags. */
#define KW_SMCTX(dir, pdts, flags, rid_pasid) \
	{ (u64)(dir) | ((u64)(pdts) << 9) | (flags) | 1, (rid_pasid) }

static bool kw_sm_same(const u64 a[4], const u64 b[2])
{
	const u64 e[4] = { b[0], b[1], 0, 0 };
	struct kdump_vtd_sm_ctx x, y;
	bool pa, pb;

	if (kdump_vtd_sm_context_entry(&kw_sm_caps, a, &pa, &x) ||
	    kdump_vtd_sm_context_entry(&kw_sm_caps, e, &pb, &y))
		return false;
	return pa == pb && x.dir == y.dir && x.dir_entries == y.dir_entries &&
	       x.rid_pasid == y.rid_pasid && x.flags == y.flags &&
	       x.pasid_enabled == y.pasid_enabled;
}

/*
 * Every stored state decodes as @old or @new (@new NULL: non-present);
 * then exactly the invalidations in @what, the source ID in the context
 * and device-TLB ones.
 */
static bool kw_sm_check(const struct kw_fake *f, const u64 old[2],
			const u64 *new, const enum kdump_inval *what,
			unsigned int nr_what)
{
	unsigned int i, k = 0;
	bool stored = false;

	if (f->overflow || f->entry[2] || f->entry[3])
		return false;
	for (i = 0; i < f->nr; i++) {
		const struct kw_event *e = &f->ev[i];

		if (e->store) {
			if (k)
				return false;
			stored = true;
			if (!new && !(e->entry[0] & 1))
				continue;
			if (!kw_sm_same(e->entry, old) &&
			    !(new && kw_sm_same(e->entry, new)))
				return false;
			continue;
		}
		if (!stored || k >= nr_what || e->what != what[k] ||
		    ((e->what == KDUMP_INV_VTD_CTX ||
		      e->what == KDUMP_INV_VTD_DEVTLB) && e->b != KW_SID))
			return false;
		k++;
	}
	return k == nr_what &&
	       !memcmp(f->entry, new ? new : kw_zero, 2 * sizeof(u64));
}

static const enum kdump_inval kw_sm_inval[] = {
	KDUMP_INV_VTD_CTX, KDUMP_INV_VTD_PASID_ALL, KDUMP_INV_VTD_IOTLB_ALL,
	KDUMP_INV_VTD_DEVTLB,
};

/* The 6.12 driver's entries: same RID_PASID, so one 64-bit store does. */
static bool kw_sm_switch(bool ats, bool atomic128)
{
	const u64 old[2] = KW_SMCTX(0x10000000, 0, ats ? BIT(2) : 0, 0);
	const u64 new[2] = KW_SMCTX(0x20000000, 2, BIT(3), 0);
	struct kdump_writer w;
	struct kw_fake f;

	kw_init(&f, &w, atomic128, old, 2);
	if (kdump_vtd_sm_ctx_switch(&w, f.entry, old, new, KW_SID))
		return false;
	return f.ev[0].store && f.nr == (ats ? 5 : 4) &&
	       kw_sm_check(&f, old, new, kw_sm_inval, ats ? 4 : 3);
}

static bool kw_sm_switch_plain(void)
{
	return kw_sm_switch(false, false);
}

static bool kw_sm_switch_ats(void)
{
	return kw_sm_switch(true, true);
}

/* A different RID_PASID needs the 128-bit store, or nothing is written. */
static bool kw_sm_switch_rid_pasid(void)
{
	const u64 old[2] = KW_SMCTX(0x10000000, 0, 0, 0);
	const u64 new[2] = KW_SMCTX(0x20000000, 0, 0, 5);
	struct kdump_writer w;
	struct kw_fake f;

	kw_init(&f, &w, false, old, 2);
	if (kdump_vtd_sm_ctx_switch(&w, f.entry, old, new, KW_SID) !=
	    -EOPNOTSUPP || f.nr || memcmp(f.entry, old, sizeof(old)))
		return false;
	kw_init(&f, &w, true, old, 2);
	if (kdump_vtd_sm_ctx_switch(&w, f.entry, old, new, KW_SID))
		return false;
	return kw_sm_check(&f, old, new, kw_sm_inval, 3);
}

static bool kw_sm_clear(void)
{
	const u64 old[2] = KW_SMCTX(0x10000000, 0, BIT(2), 0);
	struct kdump_writer w;
	struct kw_fake f;

	kw_init(&f, &w, true, old, 2);
	if (kdump_vtd_sm_ctx_clear(&w, f.entry, old, KW_SID))
		return false;
	/* The present bit goes with the first store. */
	return f.nr == 6 && !(f.ev[0].entry[0] & 1) &&
	       kw_sm_check(&f, old, NULL, kw_sm_inval, 4);
}

/* A repointed PASID entry keeps its DID and flags and decodes to @s. */
static bool kw_pe_repoint_ok(const u64 old[3], const struct kdump_stage *s,
			     const struct kdump_vtd_caps *c)
{
	u64 pe[8] = { 0 };
	struct kdump_xlate x;

	if (kdump_vtd_pasid_entry_repoint(c, old, s, pe))
		return false;
	if (kdump_vtd_pasid_entry(c, pe, &x) || x.kind != KDUMP_XLATE_TRANSLATE)
		return false;
	return x.stage[0].fmt == s->fmt && x.stage[0].root == s->root &&
	       x.stage[0].levels == s->levels && x.nr_tags == 1 &&
	       x.tag[0].id == (old[1] & 0xffff) &&
	       (pe[0] & BIT(1)) == (old[0] & BIT(1));
}

static bool kw_pe_repoint(void)
{
	/* First stage, 4-level, DID 7, FPD. */
	const u64 fl[3] = { (1 << 6) | (2 << 2) | 2 | 1, 7, 0x10000000 };
	/* Second stage, 4-level (AW 2), DID 9. */
	const u64 sl[3] = { 0x10000000 | (2 << 6) | (2 << 2) | 1, 9, 0 };
	/* Pass-through, DID 3. */
	const u64 pt[3] = { (4 << 6) | (2 << 2) | 1, 3, 0 };
	struct kdump_vtd_caps no_sl = kw_sm_caps;
	struct kdump_stage s;
	struct kdump_xlate x;
	u64 out[3];
	u64 pe[8] = { fl[0], fl[1], fl[2] };

	/* Each type, with the shape its own decode gives. */
	if (kdump_vtd_pasid_entry(&kw_sm_caps, pe, &x))
		return false;
	s = x.stage[0];
	s.root = 0x30000000;
	if (!kw_pe_repoint_ok(fl, &s, &kw_sm_caps))
		return false;
	pe[0] = sl[0];
	pe[1] = sl[1];
	pe[2] = 0;
	if (kdump_vtd_pasid_entry(&kw_sm_caps, pe, &x))
		return false;
	s = x.stage[0];
	s.root = 0x30000000;
	if (!kw_pe_repoint_ok(sl, &s, &kw_sm_caps))
		return false;
	/* Pass-through becomes second stage, or first without SLTS. */
	pe[0] = pt[0];
	pe[1] = pt[1];
	if (kdump_vtd_pasid_entry(&kw_sm_caps, pe, &x) ||
	    x.stage[0].fmt != &kdump_fmt_vtd_sl)
		return false;
	s = x.stage[0];
	s.root = 0x30000000;
	if (!kw_pe_repoint_ok(pt, &s, &kw_sm_caps))
		return false;
	no_sl.slts = false;
	if (kdump_vtd_pasid_entry(&no_sl, pe, &x) ||
	    x.stage[0].fmt != &kdump_fmt_vtd_fl)
		return false;
	s = x.stage[0];
	s.root = 0x30000000;
	if (!kw_pe_repoint_ok(pt, &s, &no_sl))
		return false;
	/* A second-stage table cannot replace a first-stage entry. */
	s.fmt = &kdump_fmt_vtd_sl;
	s.levels = 4;
	return kdump_vtd_pasid_entry_repoint(&kw_sm_caps, fl, &s, out) ==
	       KDUMP_BAD_TYPE;
}

#define KW_DTE0(root, mode)	((u64)(root) | ((u64)(mode) << 9) | \
				 BIT_ULL(61) | BIT_ULL(62) | 3)
#define KW_DEVID		0x0310

static bool kw_amd_check(const struct kw_fake *f, const u64 old[4],
			 const u64 new[4], u32 domid_old, bool ats)
{
	static const enum kdump_inval what[] = {
		KDUMP_INV_AMD_DTE, KDUMP_INV_AMD_PAGES, KDUMP_INV_AMD_IOTLB,
	};
	struct kdump_xlate xo, xn, xs;
	unsigned int i, k = 0;
	bool stored = false;

	if (f->overflow || kdump_amd_dte(&kw_amd_caps, old, &xo) ||
	    kdump_amd_dte(&kw_amd_caps, new, &xn))
		return false;
	for (i = 0; i < f->nr; i++) {
		const struct kw_event *e = &f->ev[i];

		if (e->store) {
			if (k)
				return false;
			stored = true;
			if (kdump_amd_dte(&kw_amd_caps, e->entry, &xs) ||
			    (!kw_same(&xs, &xo) && !kw_same(&xs, &xn)))
				return false;
			continue;
		}
		if (!stored || k >= 3 || e->what != what[k] ||
		    (e->what == KDUMP_INV_AMD_PAGES && e->a != domid_old) ||
		    (e->what != KDUMP_INV_AMD_PAGES && e->b != KW_DEVID))
			return false;
		k++;
	}
	return k == (ats ? 3u : 2u) && !memcmp(f->entry, new, 4 * sizeof(u64));
}

static bool kw_amd_replace(bool ats, bool bypass)
{
	u64 old[4] = { KW_DTE0(bypass ? 0 : 0x10000000, bypass ? 0 : 3),
		       7 | (ats ? BIT_ULL(32) : 0), 0, 0 };
	const u64 new[4] = { KW_DTE0(0x20000000, 4), 9 | (old[1] & BIT_ULL(32)),
			     0, 0 };
	struct kdump_writer w;
	struct kw_fake f;

	kw_init(&f, &w, true, old, 4);
	if (kdump_amd_dte_replace(&w, f.entry, old, new, KW_DEVID))
		return false;
	return kw_amd_check(&f, old, new, 7, ats);
}

/* The interrupt half is not the writer's: refuse to change it. */
static bool kw_amd_replace_keeps_upper_half(void)
{
	const u64 old[4] = { KW_DTE0(0x10000000, 3), 7, 0, 0 };
	const u64 new[4] = { KW_DTE0(0x20000000, 4), 9, 1, 0 };
	struct kdump_writer w;
	struct kw_fake f;

	kw_init(&f, &w, true, old, 4);
	return kdump_amd_dte_replace(&w, f.entry, old, new, KW_DEVID) ==
	       -EINVAL && !f.nr;
}

static bool kw_amd_replace_needs_atomic128(void)
{
	const u64 old[4] = { KW_DTE0(0x10000000, 3), 7, 0, 0 };
	const u64 new[4] = { KW_DTE0(0x20000000, 4), 9, 0, 0 };
	struct kdump_writer w;
	struct kw_fake f;

	kw_init(&f, &w, false, old, 4);
	return kdump_amd_dte_replace(&w, f.entry, old, new, KW_DEVID) ==
	       -EOPNOTSUPP && !f.nr;
}

/**
 * struct kw_case - one writer sequence and its name
 * @name: the property
 * @run: runs the sequence against the fake and checks it
 */
struct kw_case {
	const char *name;
	bool (*run)(void);
};

static bool kw_vtd_replace_sl_plain(void)
{
	return kw_vtd_replace_sl(false);
}

static bool kw_vtd_replace_sl_ats(void)
{
	return kw_vtd_replace_sl(true);
}

static bool kw_vtd_clear_atomic(void)
{
	return kw_vtd_clear(true);
}

static bool kw_vtd_clear_halves(void)
{
	return kw_vtd_clear(false);
}

static bool kw_amd_replace_paging(void)
{
	return kw_amd_replace(false, false);
}

static bool kw_amd_replace_ats(void)
{
	return kw_amd_replace(true, false);
}

static bool kw_amd_replace_bypass(void)
{
	return kw_amd_replace(false, true);
}

/* SMMUv3: the SMMU of plan_cases_smmuv3.h, every feature. */
static const struct kdump_smmuv3_caps kw_smmu_caps = {
	.sid_bits = 16, .ssid_bits = 20, .oas = 44, .granules = BIT(0),
	.s1 = true, .s2 = true, .aa64 = true, .st_2lvl = true, .cd2l = true,
	.asid16 = true, .vmid16 = true,
};

#define KW_BLOCK_CD	0x30000040ULL
/* A 6.12 stage 1 STE (one CD), a stage 2 STE, a bypass STE. */
static const u64 kw_ste_s1[8] = { 0x10000000ULL | (5ULL << 1) | 1,
				  2ULL | (1ULL << 2) | (1ULL << 4) |
				  (3ULL << 6) };
static const u64 kw_ste_s2[8] = { (6ULL << 1) | 1, 0,
				  7 | (24ULL << 32) | (1ULL << 38) |
				  (4ULL << 48) | BIT_ULL(51) | BIT_ULL(54) |
				  BIT_ULL(58), 0x10002000ULL };
static const u64 kw_ste_bypass[8] = { (4ULL << 1) | 1, 1ULL << 44 };

/*
 * Every state the SMMU could read while an STE is blocked is the old STE,
 * an abort STE or the blocking one (stage 1 through @block_cd, one CD);
 * never a bypass the old STE was not, never anything else.
 */
static bool kw_smmu_block(const u64 old[8], u64 block_cd, unsigned int stores)
{
	struct kdump_writer w;
	struct kdump_xlate x;
	struct kw_fake f;
	unsigned int i;

	kw_init(&f, &w, false, old, 8);
	kdump_smmuv3_ste_block(&w, f.entry, block_cd);
	if (f.overflow || f.nr != stores)
		return false;
	for (i = 0; i < f.nr; i++) {
		const u64 *e = f.ev[i].entry;

		if (!f.ev[i].store || kdump_smmuv3_ste(&kw_smmu_caps, e, &x))
			return false;
		if (!memcmp(e, old, 8 * sizeof(u64)) ||
		    x.kind == KDUMP_XLATE_ABORT)
			continue;
		/* The blocking STE: stage 1, one CD, the blocking CD. */
		if (x.kind != KDUMP_XLATE_TRANSLATE || x.nr_stages ||
		    (e[0] & SMMUV3_STE_S1CTXPTR) != block_cd ||
		    FIELD_GET(SMMUV3_STE_S1CDMAX, e[0]) || e[1] || e[2] ||
		    e[3])
			return false;
	}
	/* It ends blocking: aborting, or through the blocking CD. */
	kdump_smmuv3_ste(&kw_smmu_caps, f.entry, &x);
	return block_cd ? (f.entry[0] & SMMUV3_STE_S1CTXPTR) == block_cd :
			  x.kind == KDUMP_XLATE_ABORT;
}

static bool kw_smmu_block_s1(void)
{
	return kw_smmu_block(kw_ste_s1, KW_BLOCK_CD, 5);
}

static bool kw_smmu_block_s2(void)
{
	return kw_smmu_block(kw_ste_s2, KW_BLOCK_CD, 5);
}

static bool kw_smmu_block_bypass(void)
{
	return kw_smmu_block(kw_ste_bypass, KW_BLOCK_CD, 5);
}

static bool kw_smmu_block_abort_only(void)
{
	return kw_smmu_block(kw_ste_s1, 0, 1);
}

/* Re-pointing is one store of the pointer: the old table or the new. */
static bool kw_smmu_repoint(const u64 old[8], u64 s2_root, u64 cd)
{
	struct kdump_writer w;
	struct kdump_xlate x;
	struct kw_fake f;

	kw_init(&f, &w, false, old, 8);
	if (kdump_smmuv3_ste_repoint(&w, f.entry, s2_root, cd) || f.nr != 1 ||
	    kdump_smmuv3_ste(&kw_smmu_caps, f.ev[0].entry, &x))
		return false;
	if (s2_root)
		return x.nr_stages == 1 && x.stage[0].root == s2_root &&
		       !memcmp(&f.entry[0], &old[0], 3 * sizeof(u64));
	return (f.entry[0] & SMMUV3_STE_S1CTXPTR) == cd &&
	       (f.entry[0] & ~SMMUV3_STE_S1CTXPTR) ==
	       (old[0] & ~SMMUV3_STE_S1CTXPTR) &&
	       !memcmp(&f.entry[1], &old[1], 7 * sizeof(u64));
}

static bool kw_smmu_repoint_s2(void)
{
	return kw_smmu_repoint(kw_ste_s2, 0x20004000ULL, 0);
}

static bool kw_smmu_repoint_s1(void)
{
	return kw_smmu_repoint(kw_ste_s1, 0, 0x20000040ULL);
}

/* A stage 1 STE with several CDs, or the wrong pointer: nothing written. */
static bool kw_smmu_repoint_refused(void)
{
	u64 many[8];
	struct kdump_writer w;
	struct kw_fake f;

	memcpy(many, kw_ste_s1, sizeof(many));
	many[0] |= 3ULL << 59;
	kw_init(&f, &w, false, many, 8);
	if (kdump_smmuv3_ste_repoint(&w, f.entry, 0, 0x20000040ULL) != -EINVAL)
		return false;
	kw_init(&f, &w, false, kw_ste_s1, 8);
	if (kdump_smmuv3_ste_repoint(&w, f.entry, 0x20004000ULL, 0) != -EINVAL)
		return false;
	return f.nr == 0;
}

#define KW_CONFINE_CD	0x30000080ULL
/* A bypass STE with bypass attributes (SHCFG, MTCFG, ALLOCCFG) and EATS. */
static const u64 kw_ste_bypass_attrs[8] = {
	(4ULL << 1) | 1, (1ULL << 44) | (1ULL << 36) | (0xfULL << 32) |
	(1ULL << 28), 0x7, 0x10002000ULL,
};

/*
 * Confining a bypass STE: every state the SMMU could read is the old
 * bypass (with the attributes a bypass uses unchanged) or stage 1 through
 * the confining CD with no ATS; the last store makes it the latter. Its
 * fields a stage 1 STE uses besides word 0 are those 6.12 writes for a
 * DMA domain of a master that does not stall (SSID0, WBRA, inner
 * shareable, S1STALLD, NS-EL1, no ATS, VMID 0): the driver's own switch
 * later changes word 0 only, which its writer does in one store.
 */
static bool kw_smmu_confine(void)
{
	const u64 used1 = SMMUV3_STE_S1DSS | SMMUV3_STE_S1CIR |
			  SMMUV3_STE_S1COR | SMMUV3_STE_S1CSH |
			  SMMUV3_STE_S1STALLD | SMMUV3_STE_STRW |
			  SMMUV3_STE_EATS;
	const u64 want1 = FIELD_PREP(SMMUV3_STE_S1DSS,
				     SMMUV3_STE_S1DSS_SSID0) |
			  FIELD_PREP(SMMUV3_STE_S1CIR, 1) |
			  FIELD_PREP(SMMUV3_STE_S1COR, 1) |
			  FIELD_PREP(SMMUV3_STE_S1CSH, 3) | SMMUV3_STE_S1STALLD;
	const u64 *old = kw_ste_bypass_attrs;
	const u64 battr = GENMASK_ULL(51, 32);
	struct kdump_writer w;
	struct kdump_xlate x;
	struct kw_fake f;
	unsigned int i;

	kw_init(&f, &w, false, old, 8);
	if (kdump_smmuv3_ste_confine(&w, f.entry, KW_CONFINE_CD, false,
				     true) ||
	    f.overflow || !f.nr || (f.entry[1] & used1) != want1 ||
	    FIELD_GET(SMMUV3_STE_S2VMID, f.entry[2]))
		return false;
	for (i = 0; i < f.nr; i++) {
		const u64 *e = f.ev[i].entry;

		if (!f.ev[i].store || kdump_smmuv3_ste(&kw_smmu_caps, e, &x))
			return false;
		if (x.kind == KDUMP_XLATE_BYPASS && i < f.nr - 1 &&
		    (e[1] & battr) == (old[1] & battr))
			continue;
		if (i < f.nr - 1 || x.kind != KDUMP_XLATE_TRANSLATE ||
		    x.nr_stages || (x.flags & KDUMP_XLATE_F_ATS) ||
		    (e[0] & SMMUV3_STE_S1CTXPTR) != KW_CONFINE_CD ||
		    FIELD_GET(SMMUV3_STE_S1CDMAX, e[0]) ||
		    FIELD_GET(SMMUV3_STE_EATS, e[1]))
			return false;
	}
	/* Not a bypass STE: nothing written. */
	kw_init(&f, &w, false, kw_ste_s1, 8);
	return kdump_smmuv3_ste_confine(&w, f.entry, KW_CONFINE_CD, false,
					true) == -EINVAL && !f.nr;
}

/*
 * The confining CD decodes to the identity tree's shape and root, with
 * its ASID; a stage it cannot describe gives no CD.
 */
static bool kw_smmu_confine_cd(void)
{
	struct kdump_stage s, s2 = { .fmt = &kdump_fmt_lpae_s2 };
	struct kdump_xlate x;
	u64 cd[8];

	kdump_lpae_confine_stage(kw_smmu_caps.granules, kw_smmu_caps.oas, &s);
	s.root = 0x40000000ULL;
	kdump_xlate_init(&x, KDUMP_XLATE_TRANSLATE);
	if (kdump_smmuv3_cd_confine(&s, 0x1234, cd) ||
	    kdump_smmuv3_cd(&kw_smmu_caps, cd, &x) ||
	    x.kind != KDUMP_XLATE_TRANSLATE || x.nr_stages != 1 ||
	    x.stage[0].root != s.root || x.stage[0].ia_bits != s.ia_bits ||
	    x.stage[0].oa_bits != s.oa_bits ||
	    x.stage[0].granule_shift != s.granule_shift ||
	    x.stage[0].levels != s.levels || x.nr_tags != 1 ||
	    x.tag[0].id != 0x1234)
		return false;
	return kdump_smmuv3_cd_confine(&s2, 1, cd) == -EINVAL;
}

static const struct kw_case kw_cases[] = {
	{ "smmuv3_ste_block_is_old_abort_or_blocking_cd", kw_smmu_block_s1 },
	{ "smmuv3_stage2_ste_block_is_old_abort_or_blocking_cd",
	  kw_smmu_block_s2 },
	{ "smmuv3_bypass_ste_block_never_bypasses_after_the_old",
	  kw_smmu_block_bypass },
	{ "smmuv3_ste_block_without_cd_is_one_abort_store",
	  kw_smmu_block_abort_only },
	{ "smmuv3_stage2_repoint_is_one_store_of_s2ttb", kw_smmu_repoint_s2 },
	{ "smmuv3_stage1_repoint_is_one_store_of_s1contextptr",
	  kw_smmu_repoint_s1 },
	{ "smmuv3_repoint_of_the_wrong_kind_writes_nothing",
	  kw_smmu_repoint_refused },
	{ "smmuv3_bypass_confine_is_old_bypass_or_confined_without_ats",
	  kw_smmu_confine },
	{ "smmuv3_confining_cd_decodes_to_the_identity_tree",
	  kw_smmu_confine_cd },
	{ "vtd_ctx_replace_is_old_or_new_then_ctx_then_iotlb",
	  kw_vtd_replace_sl_plain },
	{ "vtd_ctx_replace_with_ats_also_flushes_devtlb_last",
	  kw_vtd_replace_sl_ats },
	{ "vtd_ctx_passthrough_to_translated_is_never_mixed",
	  kw_vtd_replace_pt },
	{ "vtd_ctx_replace_without_128bit_store_writes_nothing",
	  kw_vtd_replace_needs_atomic128 },
	{ "vtd_ctx_clear_is_old_or_absent", kw_vtd_clear_atomic },
	{ "vtd_ctx_clear_in_halves_clears_present_first",
	  kw_vtd_clear_halves },
	{ "vtd_sm_ctx_switch_is_old_or_new_then_ctx_pasid_iotlb",
	  kw_sm_switch_plain },
	{ "vtd_sm_ctx_switch_with_ats_also_flushes_devtlb_last",
	  kw_sm_switch_ats },
	{ "vtd_sm_ctx_switch_of_rid_pasid_needs_128bit_store",
	  kw_sm_switch_rid_pasid },
	{ "vtd_sm_ctx_clear_is_old_or_absent", kw_sm_clear },
	{ "vtd_pasid_entry_repoint_keeps_did_and_decodes_to_new_table",
	  kw_pe_repoint },
	{ "amd_dte_replace_is_old_or_new_then_dte_then_pages",
	  kw_amd_replace_paging },
	{ "amd_dte_replace_with_ats_also_flushes_iotlb_last",
	  kw_amd_replace_ats },
	{ "amd_dte_bypass_to_translated_is_never_mixed",
	  kw_amd_replace_bypass },
	{ "amd_dte_replace_never_touches_the_interrupt_half",
	  kw_amd_replace_keeps_upper_half },
	{ "amd_dte_replace_without_128bit_store_writes_nothing",
	  kw_amd_replace_needs_atomic128 },
};

#endif /* __DRIVERS_IOMMU_KDUMP_WRITER_CASES_H */
