// SPDX-License-Identifier: GPL-2.0
/*
 * The adoption plan of one IOMMU unit for the kdump IOMMU handover.
 *
 * Copyright (C) 2026 The kdump-iommu authors
 */

/**
 * DOC: kdump IOMMU handover: the adoption plan
 *
 * A unit walker (fmt_*.c) reports every old translation it finds to a
 * &struct kdump_sink; the plan is that sink. It keeps each translation
 * with the raw entry exactly as it was read and decoded (what the driver
 * later installs is what was validated), the ranges of IDs whose shared
 * table was bad, the structure tables the hardware reads, and every
 * hardware ID an old entry used. kdump_plan_finish() (verdict.c) then
 * walks the page tables and decides every verdict; the lookups here
 * answer the core's questions afterwards: which translations an ID has,
 * whether an ID without one is blocked, whether a hardware ID was used.
 *
 * The plan allocates only through its &struct kdump_alloc, which in the
 * kernel is the unit's budget: when it runs out, the tree or translation
 * being planned is blocked with %KDUMP_BAD_BUDGET, nothing else fails.
 */

#include <linux/types.h>
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/limits.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <kunit/visibility.h>

#include "plan.h"

/**
 * kdump_plan_grow() - make room in an array of a plan
 * @p: the plan, whose allocator is used
 * @arr: the array, moved if it must grow
 * @max: its capacity, updated
 * @nr: entries in use (copied when it moves)
 * @size: bytes per entry
 * @need: entries needed
 *
 * Context: Any context the allocator allows.
 * Return: 0 or -ENOMEM.
 */
int kdump_plan_grow(struct kdump_plan *p, void **arr, u64 *max, u64 nr,
		    size_t size, u64 need)
{
	u64 want;
	void *n;

	if (need <= *max)
		return 0;
	want = *max ? *max * 2 : 16;
	while (want < need)
		want *= 2;
	if (want > (SIZE_MAX / 2) / size)
		return -ENOMEM;
	n = p->a->alloc(p->a->ctx, want * size);
	if (!n)
		return -ENOMEM;
	if (nr)
		memcpy(n, *arr, nr * size);
	p->a->free(p->a->ctx, *arr);
	*arr = n;
	*max = want;
	return 0;
}

/**
 * kdump_plan_grow32() - kdump_plan_grow() for one more entry, 32-bit counts
 * @p: the plan
 * @arr: the array
 * @max: its capacity, updated
 * @nr: entries in use
 * @size: bytes per entry
 *
 * Context: Any context the allocator allows.
 * Return: 0 or -ENOMEM.
 */
int kdump_plan_grow32(struct kdump_plan *p, void **arr, u32 *max, u32 nr,
		      size_t size)
{
	u64 m = *max;
	int ret;

	if (nr == U32_MAX)
		return -ENOMEM;
	ret = kdump_plan_grow(p, arr, &m, nr, size, (u64)nr + 1);
	if (!ret)
		*max = m;
	return ret;
}

/**
 * kdump_plan_init() - start a plan
 * @p: the plan
 * @m: old memory
 * @a: where the plan's memory comes from
 * @lim: walk limits; NULL or 0 fields for the defaults
 *
 * Context: Any context.
 */
void kdump_plan_init(struct kdump_plan *p, const struct kdump_oldmem *m,
		     const struct kdump_alloc *a,
		     const struct kdump_walk_limits *lim)
{
	*p = (struct kdump_plan){ .m = m, .a = a };
	p->lim.max_tables = KDUMP_WALK_DEF_MAX_TABLES;
	p->lim.max_leaves = KDUMP_WALK_DEF_MAX_LEAVES;
	p->lim.max_total_tables = KDUMP_WALK_DEF_MAX_TOTAL;
	if (lim && lim->max_tables)
		p->lim.max_tables = lim->max_tables;
	if (lim && lim->max_leaves)
		p->lim.max_leaves = lim->max_leaves;
	if (lim && lim->max_total_tables)
		p->lim.max_total_tables = lim->max_total_tables;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_plan_init);

/**
 * kdump_plan_add_tag() - note a hardware ID an old entry used
 * @p: the plan
 * @space: which kind of ID
 * @id: its value
 *
 * For entries a driver handles without a translation record (an AMD-Vi
 * entry that allows no DMA): their IDs must still be skipped.
 *
 * Context: Any context the allocator allows.
 * Return: 0 or -ENOMEM.
 */
int kdump_plan_add_tag(struct kdump_plan *p, enum kdump_tag_space space,
		       u32 id)
{
	int ret;

	ret = kdump_plan_grow32(p, (void **)&p->tags, &p->max_tags, p->nr_tags,
				sizeof(*p->tags));
	if (ret)
		return ret;
	p->tags[p->nr_tags].space = space;
	p->tags[p->nr_tags].id = id;
	p->nr_tags++;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_plan_add_tag);

static int plan_xlate(void *arg, const struct kdump_xlate_id *id,
		      const struct kdump_xlate *x, const void *raw,
		      unsigned int raw_len, enum kdump_bad why)
{
	struct kdump_plan *p = arg;
	struct kdump_plan_xl *xl;
	unsigned int i;
	int ret;

	for (i = 0; i < x->nr_tags; i++) {
		ret = kdump_plan_add_tag(p, x->tag[i].space, x->tag[i].id);
		if (ret)
			goto err;
	}
	/*
	 * Out of budget for records: this ID and every later one (walkers
	 * report IDs in increasing order) are blocked, the unit goes on.
	 * The tags above are kept: old IDs must stay reserved either way.
	 */
	if (!p->xl_full &&
	    kdump_plan_grow32(p, (void **)&p->xl, &p->max_xl, p->nr_xl,
			      sizeof(*xl))) {
		p->xl_full = true;
		p->xl_full_sid = id->sid;
	}
	if (p->xl_full) {
		p->nr_dropped++;
		p->st.xlates++;
		return 0;
	}
	xl = &p->xl[p->nr_xl++];
	memset(xl, 0, sizeof(*xl));
	xl->id = *id;
	xl->x = *x;
	if (raw_len > KDUMP_RAW_MAX)
		raw_len = KDUMP_RAW_MAX;
	memcpy(xl->raw, raw, raw_len);
	xl->raw_len = raw_len;
	xl->why = why;
	xl->tbl = KDUMP_PLAN_NO_TBL;
	p->st.xlates++;
	return 0;
err:
	/* The unit cannot be described: block all of it, stop the walk. */
	p->err = ret;
	return ret;
}

static int plan_block(void *arg, u32 first, u32 last, enum kdump_bad why)
{
	struct kdump_plan *p = arg;
	int ret;

	ret = kdump_plan_grow32(p, (void **)&p->blk, &p->max_blk, p->nr_blk,
				sizeof(*p->blk));
	if (ret) {
		p->err = ret;
		return ret;
	}
	p->blk[p->nr_blk].first = first;
	p->blk[p->nr_blk].last = last;
	p->blk[p->nr_blk].why = why ? why : KDUMP_BAD_TYPE;
	p->nr_blk++;
	return 0;
}

/**
 * kdump_plan_add_pfns() - append the 4 KiB page frames of a range
 * @p: the plan, whose allocator is used
 * @arr: the array of page frame numbers
 * @nr: entries in use, updated
 * @max: capacity, updated
 * @pa: first byte
 * @size: bytes, not 0
 *
 * Context: Any context the allocator allows.
 * Return: 0 or -ENOMEM.
 */
int kdump_plan_add_pfns(struct kdump_plan *p, u64 **arr, u64 *nr, u64 *max,
			u64 pa, u64 size)
{
	u64 first = pa >> 12, last = (pa + size - 1) >> 12, pfn;
	int ret;

	ret = kdump_plan_grow(p, (void **)arr, max, *nr, sizeof(u64),
			      *nr + (last - first + 1));
	if (ret)
		return ret;
	for (pfn = first; pfn <= last; pfn++)
		(*arr)[(*nr)++] = pfn;
	return 0;
}

static int plan_table(void *arg, u64 pa, u64 size)
{
	struct kdump_plan *p = arg;
	int ret;

	if (!size)
		return 0;
	ret = kdump_plan_add_pfns(p, &p->spfn, &p->nr_spfn, &p->max_spfn, pa,
				  size);
	if (ret)
		p->err = ret;
	return ret;
}

/**
 * kdump_plan_sink() - the sink a unit walker reports into
 * @p: the plan
 * @sink: set to a sink that records into @p
 *
 * A callback fails with -ENOMEM when the plan's allocator runs out; the
 * walker then stops and the caller must block the unit.
 *
 * Context: Any context.
 */
void kdump_plan_sink(struct kdump_plan *p, struct kdump_sink *sink)
{
	sink->xlate = plan_xlate;
	sink->block = plan_block;
	sink->table = plan_table;
	sink->arg = p;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_plan_sink);

/**
 * kdump_plan_unit_bad() - the whole unit's old state is unusable
 * @p: the plan
 * @why: the reason
 *
 * Every translation reported so far, and every ID, is blocked.
 *
 * Context: Any context.
 */
void kdump_plan_unit_bad(struct kdump_plan *p, enum kdump_bad why)
{
	if (!p->unit_why)
		p->unit_why = why ? why : KDUMP_BAD_TYPE;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_plan_unit_bad);

/**
 * kdump_plan_free() - give back everything a plan holds
 * @p: the plan
 *
 * Context: Any context the allocator allows.
 */
void kdump_plan_free(struct kdump_plan *p)
{
	u32 i;

	for (i = 0; i < p->nr_tbl; i++) {
		if (p->tbl[i].built)
			kdump_runs_free(&p->tbl[i].keep, p->a);
		kdump_runs_free(&p->tbl[i].runs, p->a);
	}
	p->a->free(p->a->ctx, p->tbl);
	p->a->free(p->a->ctx, p->xl);
	p->a->free(p->a->ctx, p->blk);
	p->a->free(p->a->ctx, p->spfn);
	p->a->free(p->a->ctx, p->tpfn);
	p->a->free(p->a->ctx, p->tags);
	p->a->free(p->a->ctx, p->scratch);
	kdump_plan_init(p, p->m, p->a, &p->lim);
}
EXPORT_SYMBOL_IF_KUNIT(kdump_plan_free);

/**
 * kdump_plan_find() - the translations of one requester or stream ID
 * @p: a finished plan
 * @sid: the ID
 * @nr: set to how many there are (one per PASID)
 *
 * Context: Any context.
 * Return: the index of the first, valid if *@nr is not 0.
 */
u32 kdump_plan_find(const struct kdump_plan *p, u32 sid, u32 *nr)
{
	u32 lo = 0, hi = p->nr_xl, i;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (p->xl[mid].id.sid < sid)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < p->nr_xl && p->xl[i].id.sid == sid; i++)
		;
	*nr = i - lo;
	return lo;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_plan_find);

/**
 * kdump_plan_sid_blocked() - is an ID blocked without an entry of its own?
 * @p: a finished plan
 * @sid: the ID
 *
 * Context: Any context.
 * Return: why the unit or a range blocks @sid, or %KDUMP_OK.
 */
enum kdump_bad kdump_plan_sid_blocked(const struct kdump_plan *p, u32 sid)
{
	u32 i;

	if (p->unit_why)
		return p->unit_why;
	if (p->xl_full && sid >= p->xl_full_sid)
		return KDUMP_BAD_BUDGET;
	for (i = 0; i < p->nr_blk; i++)
		if (sid >= p->blk[i].first && sid <= p->blk[i].last)
			return p->blk[i].why;
	return KDUMP_OK;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_plan_sid_blocked);

static int tag_cmp(const void *a, const void *b)
{
	const struct kdump_tag *x = a, *y = b;

	if (x->space != y->space)
		return x->space < y->space ? -1 : 1;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return 0;
}

/**
 * kdump_plan_tag_used() - did an old entry use this hardware ID?
 * @p: a finished plan
 * @space: which kind of ID
 * @id: its value
 *
 * Context: Any context.
 * Return: true if the capture kernel must not allocate it.
 */
bool kdump_plan_tag_used(const struct kdump_plan *p,
			 enum kdump_tag_space space, u32 id)
{
	struct kdump_tag key = { .space = space, .id = id };
	u32 lo = 0, hi = p->nr_tags;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;
		int c = tag_cmp(&p->tags[mid], &key);

		if (!c)
			return true;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_plan_tag_used);
