// SPDX-License-Identifier: GPL-2.0
/*
 * The SMMUv3 stream-table walker for the kdump IOMMU handover.
 *
 * Copyright (C) 2026 The kdump-iommu authors
 */

/*
 * kdump_smmuv3_walk() reads a stream table (linear or 2-level) the way the
 * SMMU would, page by page, decodes every valid STE with
 * kdump_smmuv3_ste() and, for stage 1, checks the whole CD table of the
 * stream before it reports any of its substreams (kdump_smmuv3_cd()). See
 * the DOC section of fmt_smmuv3.c for what is refused and at which scope.
 */

#include <linux/types.h>
#include <linux/bits.h>
#include <linux/array_size.h>
#include <linux/bitfield.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/minmax.h>
#include <linux/unaligned.h>
#include <kunit/visibility.h>

#include "fmt_lpae.h"
#include "fmt_smmuv3_walk.h"

#define SMMUV3_SPLIT_OK		(BIT(6) | BIT(8) | BIT(10))
#define SMMUV3_PER_PAGE		(4096 / KDUMP_SMMUV3_STE_SIZE)
#define SMMUV3_L1_PER_PAGE	(4096 / 8)
#define SMMUV3_L1_RSVD		(GENMASK_ULL(63, 52) | BIT_ULL(5))
/*
 * STEs and CDs one walk may decode: level-1 entries may share a level-2
 * table and STEs a CD table, so the work is not bounded by the tables'
 * sizes. 2^16 streams with 63 substreams each fit.
 */
#define SMMUV3_MAX_DECODES	BIT(22)

/* One walk: where it reports, its pages of scratch, the stream tables. */
struct smmuv3_walk {
	const struct kdump_oldmem *m;
	const struct kdump_smmuv3_caps *c;
	const struct kdump_sink *sink;
	struct kdump_smmuv3_stats st;
	u8 *ste_page;
	u8 *cd_page;
	u8 *cd_l1_page;
	u8 *l1_page;
	struct kdump_range strtab[2];	/* the L1 or linear table, one L2 */
	u32 decodes;
};

/* A stream's CD table: linear, or an L1 table of @l2_cds-entry tables. */
struct smmuv3_cdtab {
	u64 pa;
	u64 size;
	u32 nr_cds;
	u32 l2_cds;	/* 0 for a linear table */
};

/* Would a table at @pa overlap the stream table the walk is in? */
static bool sw_in_strtab(const struct smmuv3_walk *w, u64 pa, u64 len)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(w->strtab); i++)
		if (pa < w->strtab[i].end && w->strtab[i].start < pa + len)
			return true;
	return false;
}

static void le64_words(const u8 *p, u64 *out)
{
	unsigned int i;

	for (i = 0; i < 8; i++)
		out[i] = get_unaligned_le64(p + 8 * i);
}

static int sw_report(struct smmuv3_walk *w, u32 sid, u32 pasid,
		     const struct kdump_xlate *x, const u64 *raw,
		     enum kdump_bad why)
{
	struct kdump_xlate_id id = { .sid = sid, .pasid = pasid };

	if (!w->sink || !w->sink->xlate)
		return 0;
	return w->sink->xlate(w->sink->arg, &id, x, raw, 64, why);
}

static int sw_table(struct smmuv3_walk *w, u64 pa, u64 size)
{
	if (!w->sink || !w->sink->table)
		return 0;
	return w->sink->table(w->sink->arg, pa, size);
}

static void cdtab_get(const u64 ste[8], struct smmuv3_cdtab *t)
{
	unsigned int fmt = FIELD_GET(SMMUV3_STE_S1FMT, ste[0]);

	t->pa = ste[0] & SMMUV3_STE_S1CTXPTR;
	t->nr_cds = 1U << FIELD_GET(SMMUV3_STE_S1CDMAX, ste[0]);
	/* One CD (S1CDMax 0): S1Fmt is IGNORED, the pointer is the CD's. */
	t->l2_cds = fmt == SMMUV3_STE_S1FMT_LINEAR || t->nr_cds == 1 ? 0 :
		    fmt == SMMUV3_STE_S1FMT_4K_L2 ? 64 : 1024;
	if (!t->l2_cds)
		t->size = (u64)t->nr_cds * KDUMP_SMMUV3_CD_SIZE;
	else
		t->size = 8ULL * (t->nr_cds > t->l2_cds ?
				  t->nr_cds / t->l2_cds : 1);
}

/* One L1 CD descriptor: its L2 table at *@l2 if it is valid. */
static enum kdump_bad cd_l1(struct smmuv3_walk *w,
			    const struct smmuv3_cdtab *t, u64 desc, u64 *l2)
{
	u64 size = (u64)t->l2_cds * KDUMP_SMMUV3_CD_SIZE;
	enum kdump_bad why;

	*l2 = desc & SMMUV3_L1CD_L2PTR;
	if (!(desc & SMMUV3_L1CD_V))
		return KDUMP_OK;
	if (desc & SMMUV3_L1CD_RSVD)
		return KDUMP_BAD_RSVD;
	/* Aligned to its size: L2Ptr[15:12] are RES0 for 64 KiB tables. */
	why = kdump_check_table(w->m, *l2, size, size);
	if (!why && (sw_in_strtab(w, *l2, size) ||
		     (*l2 < t->pa + t->size && t->pa < *l2 + size)))
		why = KDUMP_BAD_LOOP;
	return why;
}

/*
 * Call @fn for each page-sized piece of the L1 CD table, @first_idx being
 * the index of its first descriptor.
 */
static enum kdump_bad cd_l1_pages(struct smmuv3_walk *w,
				  const struct smmuv3_cdtab *t,
				  enum kdump_bad (*fn)(struct smmuv3_walk *w,
						       const struct smmuv3_cdtab *t,
						       u32 first_idx, u32 n,
						       void *arg),
				  void *arg)
{
	u32 nr = t->size / 8, done, n;
	enum kdump_bad why;

	for (done = 0; done < nr; done += n) {
		n = min_t(u32, nr - done, SMMUV3_L1_PER_PAGE);
		if (w->m->read(w->m->ctx, t->pa + done * 8ULL, w->cd_l1_page,
			       n * 8))
			return KDUMP_BAD_READ;
		why = fn(w, t, done, n, arg);
		if (why)
			return why;
	}
	return KDUMP_OK;
}

static enum kdump_bad cd_check_l1(struct smmuv3_walk *w,
				  const struct smmuv3_cdtab *t, u32 first_idx,
				  u32 n, void *arg)
{
	enum kdump_bad why;
	u32 i;
	u64 l2;

	for (i = 0; i < n; i++) {
		why = cd_l1(w, t, get_unaligned_le64(w->cd_l1_page + 8 * i),
			    &l2);
		if (why)
			return why;
	}
	return KDUMP_OK;
}

/* Everything about a CD table that would block its whole stream. */
static enum kdump_bad cd_check(struct smmuv3_walk *w,
			       const struct smmuv3_cdtab *t)
{
	enum kdump_bad why;

	/*
	 * A linear CD table is aligned to its size, an L1 table to its size
	 * or 64 bytes: otherwise the SMMU may fetch descriptors this walk
	 * never decoded (CONSTRAINED UNPREDICTABLE).
	 */
	why = kdump_check_table(w->m, t->pa, t->size,
				max_t(u64, t->size, KDUMP_SMMUV3_CD_SIZE));
	if (!why && sw_in_strtab(w, t->pa, t->size))
		why = KDUMP_BAD_LOOP;
	if (!why && t->l2_cds)
		why = cd_l1_pages(w, t, cd_check_l1, NULL);
	return why;
}

/* The stream whose substreams are being reported. */
struct smmuv3_stream {
	u32 sid;
	bool cd0_no_pasid;	/* CD 0 serves requests without a PASID */
	const struct kdump_xlate *x;
};

/* Report the valid CDs of @n at @pa, substream IDs from @ssid0. */
static enum kdump_bad cd_report(struct smmuv3_walk *w,
				const struct smmuv3_stream *s, u64 pa,
				u32 ssid0, u32 n)
{
	u32 done, k, i;
	enum kdump_bad why;

	for (done = 0; done < n; done += k) {
		k = min_t(u32, n - done, SMMUV3_PER_PAGE);
		if (w->m->read(w->m->ctx, pa + done * 64ULL, w->cd_page,
			       k * 64))
			return KDUMP_BAD_READ;
		for (i = 0; i < k; i++) {
			u32 ssid = ssid0 + done + i;
			struct kdump_xlate x = *s->x;
			u64 cd[8];

			if (++w->decodes > SMMUV3_MAX_DECODES)
				return KDUMP_BAD_TOO_BIG;
			le64_words(w->cd_page + 64 * i, cd);
			why = kdump_smmuv3_cd(w->c, cd, &x);
			if (!why && x.kind == KDUMP_XLATE_ABSENT_FAULT)
				continue;
			w->st.cds++;
			if (why)
				w->st.cds_blocked++;
			if (sw_report(w, s->sid, !ssid && s->cd0_no_pasid ?
				      KDUMP_NO_PASID : ssid, &x, cd, why))
				return KDUMP_BAD_ABORTED;
		}
	}
	return KDUMP_OK;
}

static enum kdump_bad cd_report_l1(struct smmuv3_walk *w,
				   const struct smmuv3_cdtab *t, u32 first_idx,
				   u32 n, void *arg)
{
	const struct smmuv3_stream *s = arg;
	enum kdump_bad why;
	u64 desc, l2;
	u32 i, ssid0;

	for (i = 0; i < n; i++) {
		desc = get_unaligned_le64(w->cd_l1_page + 8 * i);
		why = cd_l1(w, t, desc, &l2);
		if (why)
			return why;
		if (!(desc & SMMUV3_L1CD_V))
			continue;
		if (sw_table(w, l2, (u64)t->l2_cds * KDUMP_SMMUV3_CD_SIZE))
			return KDUMP_BAD_ABORTED;
		ssid0 = (first_idx + i) * t->l2_cds;
		why = cd_report(w, s, l2, ssid0,
				min_t(u32, t->l2_cds, t->nr_cds - ssid0));
		if (why)
			return why;
	}
	return KDUMP_OK;
}

/*
 * A valid stage 1 STE: check its CD table, then report requests without a
 * PASID and every valid substream.
 */
static enum kdump_bad ste_s1(struct smmuv3_walk *w, u32 sid, const u64 ste[8],
			     struct kdump_xlate *x)
{
	unsigned int dss = FIELD_GET(SMMUV3_STE_S1DSS, ste[1]);
	struct smmuv3_stream s = { .sid = sid, .x = x };
	struct smmuv3_cdtab t;
	enum kdump_bad why;

	cdtab_get(ste, &t);
	why = cd_check(w, &t);
	if (why) {
		w->st.streams_blocked++;
		return sw_report(w, sid, KDUMP_NO_PASID, x, ste, why) ?
		       KDUMP_BAD_ABORTED : KDUMP_OK;
	}
	if (sw_table(w, t.pa, t.size))
		return KDUMP_BAD_ABORTED;
	s.cd0_no_pasid = t.nr_cds == 1 || dss == SMMUV3_STE_S1DSS_SSID0;
	if (!s.cd0_no_pasid) {
		struct kdump_xlate nx = *x;

		/* S1DSS: terminate, or skip stage 1 (bypass). */
		nx.nr_stages = 0;
		if (dss == SMMUV3_STE_S1DSS_BYPASS) {
			nx.kind = KDUMP_XLATE_BYPASS;
			kdump_lpae_confine_stage(w->c->granules, w->c->oas,
						 &nx.stage[0]);
		} else {
			nx.kind = KDUMP_XLATE_ABORT;
		}
		if (sw_report(w, sid, KDUMP_NO_PASID, &nx, ste, KDUMP_OK))
			return KDUMP_BAD_ABORTED;
	}
	if (!t.l2_cds)
		why = cd_report(w, &s, t.pa, 0, t.nr_cds);
	else
		why = cd_l1_pages(w, &t, cd_report_l1, &s);
	if (why && why != KDUMP_BAD_ABORTED && why != KDUMP_BAD_TOO_BIG) {
		/* Substreams already reported are blocked with the stream. */
		w->st.streams_blocked++;
		return sw_report(w, sid, KDUMP_NO_PASID, x, ste, why) ?
		       KDUMP_BAD_ABORTED : KDUMP_OK;
	}
	return why;
}

/* @count STEs at @pa, for stream IDs from @sid0. */
static enum kdump_bad ste_range(struct smmuv3_walk *w, u32 sid0, u64 pa,
				u64 count)
{
	enum kdump_bad why;
	u64 done, k, i;

	for (done = 0; done < count; done += k) {
		k = min_t(u64, count - done, SMMUV3_PER_PAGE);
		if (w->m->read(w->m->ctx, pa + done * 64, w->ste_page, k * 64))
			return KDUMP_BAD_READ;
		for (i = 0; i < k; i++) {
			u32 sid = sid0 + done + i;
			struct kdump_xlate x;
			u64 ste[8];

			le64_words(w->ste_page + 64 * i, ste);
			if (!(ste[0] & SMMUV3_STE_V))
				continue;
			if (++w->decodes > SMMUV3_MAX_DECODES)
				return KDUMP_BAD_TOO_BIG;
			w->st.streams++;
			why = kdump_smmuv3_ste(w->c, ste, &x);
			if (!why && x.kind == KDUMP_XLATE_TRANSLATE &&
			    !x.nr_stages) {
				why = ste_s1(w, sid, ste, &x);
				if (why)
					return why;
				continue;
			}
			if (why)
				w->st.streams_blocked++;
			if (sw_report(w, sid, KDUMP_NO_PASID, &x, ste, why))
				return KDUMP_BAD_ABORTED;
		}
	}
	return KDUMP_OK;
}

/* One L1 stream table descriptor: its STEs, or the block of its IDs. */
static enum kdump_bad strtab_l1(struct smmuv3_walk *w, u64 desc, u32 first,
				u32 last, unsigned int split)
{
	unsigned int span = FIELD_GET(SMMUV3_L1_SPAN, desc);
	u64 l2 = desc & SMMUV3_L1_L2PTR, size = 64ULL << (span - 1);
	enum kdump_bad why = KDUMP_OK;

	w->st.l2_tables++;
	if ((desc & SMMUV3_L1_RSVD) || span > split + 1)
		why = KDUMP_BAD_RSVD;
	if (!why)
		why = kdump_check_table(w->m, l2, size, size);
	if (!why && sw_in_strtab(w, l2, size))
		why = KDUMP_BAD_LOOP;
	if (!why) {
		if (sw_table(w, l2, size))
			return KDUMP_BAD_ABORTED;
		w->strtab[1] = (struct kdump_range){ l2, l2 + size };
		why = ste_range(w, first, l2,
				min_t(u64, size / 64, last - first + 1ULL));
		w->strtab[1] = (struct kdump_range){ 0, 0 };
		if (why != KDUMP_BAD_READ)
			return why;	/* OK, or the whole walk must stop */
	}
	w->st.l2_blocked++;
	if (w->sink && w->sink->block &&
	    w->sink->block(w->sink->arg, first, last, why))
		return KDUMP_BAD_ABORTED;
	return KDUMP_OK;
}

static enum kdump_bad strtab_2lvl(struct smmuv3_walk *w, u64 pa,
				  unsigned int log2size, unsigned int split)
{
	u64 nr = log2size > split ? 1ULL << (log2size - split) : 1;
	u64 nr_sids = 1ULL << log2size, done, k, i;
	enum kdump_bad why;

	for (done = 0; done < nr; done += k) {
		k = min_t(u64, nr - done, SMMUV3_L1_PER_PAGE);
		if (w->m->read(w->m->ctx, pa + done * 8, w->l1_page, k * 8))
			return KDUMP_BAD_READ;
		for (i = 0; i < k; i++) {
			u64 desc = get_unaligned_le64(w->l1_page + 8 * i);
			u64 first = (done + i) << split;

			if (!FIELD_GET(SMMUV3_L1_SPAN, desc))
				continue;
			why = strtab_l1(w, desc, first,
					min_t(u64, first + (1ULL << split), nr_sids) - 1,
					split);
			if (why)
				return why;
		}
	}
	return KDUMP_OK;
}

/**
 * kdump_smmuv3_walk() - report every translation of an SMMUv3 stream table
 * @m: old memory description
 * @c: capabilities of the SMMU
 * @strtab_base: SMMU_STRTAB_BASE as the old kernel left it
 * @strtab_cfg: SMMU_STRTAB_BASE_CFG
 * @scratch: %KDUMP_SMMUV3_SCRATCH_SIZE bytes of caller memory
 * @sink: receives the translations (one per stream, or per substream of a
 *	stage 1 stream), the level-2 ranges that must be blocked, and every
 *	stream, L2, CD and L2 CD table as tables the hardware reads
 * @st: optional; receives what the walk saw, also when it fails
 *
 * Context: Any context; sleeps only if @m->read or @sink do.
 * Return: %KDUMP_OK, %KDUMP_BAD_ABORTED if @sink stopped the walk, or why
 * the whole unit must be blocked: reserved bits or an unknown format in the
 * registers (%KDUMP_BAD_RSVD, %KDUMP_BAD_TYPE), a size beyond IDR1
 * (%KDUMP_BAD_WIDTH), a table outside old RAM, in capture memory or
 * misaligned, an unreadable level-1 or linear table, or more than 2^22
 * STEs and CDs to decode (%KDUMP_BAD_TOO_BIG: tables shared many times).
 */
enum kdump_bad kdump_smmuv3_walk(const struct kdump_oldmem *m,
				 const struct kdump_smmuv3_caps *c,
				 u64 strtab_base, u32 strtab_cfg,
				 void *scratch, const struct kdump_sink *sink,
				 struct kdump_smmuv3_stats *st)
{
	unsigned int log2size = FIELD_GET(SMMUV3_STRTAB_CFG_LOG2SIZE,
					  strtab_cfg);
	unsigned int split = FIELD_GET(SMMUV3_STRTAB_CFG_SPLIT, strtab_cfg);
	unsigned int fmt = FIELD_GET(SMMUV3_STRTAB_CFG_FMT, strtab_cfg);
	u64 pa = strtab_base & SMMUV3_STRTAB_BASE_ADDR, size;
	struct smmuv3_walk w = {
		.m = m, .c = c, .sink = sink,
		.ste_page = scratch,
		.cd_page = (u8 *)scratch + 4096,
		.cd_l1_page = (u8 *)scratch + 2 * 4096,
		.l1_page = (u8 *)scratch + 3 * 4096,
	};
	enum kdump_bad why;

	if ((strtab_base & ~(SMMUV3_STRTAB_BASE_ADDR |
			     SMMUV3_STRTAB_BASE_RA)) ||
	    (strtab_cfg & ~(SMMUV3_STRTAB_CFG_LOG2SIZE |
			    SMMUV3_STRTAB_CFG_SPLIT | SMMUV3_STRTAB_CFG_FMT))) {
		why = KDUMP_BAD_RSVD;
		goto out;
	}
	if (c->sid_bits > 32 || log2size > c->sid_bits || !c->aa64) {
		why = KDUMP_BAD_WIDTH;
		goto out;
	}
	if (fmt == SMMUV3_STRTAB_CFG_FMT_2LVL) {
		if (!c->st_2lvl) {
			why = KDUMP_BAD_TYPE;
			goto out;
		}
		if (!(SMMUV3_SPLIT_OK & BIT(split))) {
			why = KDUMP_BAD_RSVD;
			goto out;
		}
		size = 8ULL << (log2size > split ? log2size - split : 0);
	} else if (fmt == 0) {
		size = 64ULL << log2size;
	} else {
		why = KDUMP_BAD_RSVD;
		goto out;
	}
	why = kdump_check_table(m, pa, size, size < 64 ? 64 : size);
	if (why)
		goto out;
	if (sw_table(&w, pa, size)) {
		why = KDUMP_BAD_ABORTED;
		goto out;
	}
	w.strtab[0] = (struct kdump_range){ pa, pa + size };
	if (fmt == SMMUV3_STRTAB_CFG_FMT_2LVL)
		why = strtab_2lvl(&w, pa, log2size, split);
	else
		why = ste_range(&w, 0, pa, 1ULL << log2size);
out:
	if (st)
		*st = w.st;
	return why;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_smmuv3_walk);
