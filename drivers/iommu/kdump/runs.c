// SPDX-License-Identifier: GPL-2.0
/*
 * Runs of mappings for the kdump IOMMU handover: the one representation of
 * what a translation maps, kept, cut and confined.
 *
 * Copyright (C) 2026 The kdump-iommu authors
 */

/**
 * DOC: kdump IOMMU handover: runs
 *
 * A run (&struct kdump_run) is a stretch of mappings contiguous in input
 * and output address with one permission. Page-table walks report runs,
 * the plan keeps them per page-table tree (&struct kdump_runs: blocks of
 * runs in input-address order, appended and merged, never reallocated,
 * packed so that a page at the next input address costs one word),
 * cuts from them the pages no old mapping may keep (kdump_runs_cut()), and
 * makes them for a device the old kernel let bypass the IOMMU
 * (kdump_runs_identity()); the core reserves, maps and unmaps them. Pure,
 * like the rest: memory comes from a &struct kdump_alloc.
 */

#include <linux/types.h>
#include <linux/bits.h>
#include <linux/bitfield.h>
#include <linux/limits.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include <linux/string.h>
#include <kunit/visibility.h>

#include "kdump.h"

/*
 * A tree of scattered pages has a run per page, so a block keeps runs
 * packed in 64-bit words, each entry one of:
 *
 * - a page entry (bit 63 clear): a run that starts in input address where
 *   the previous one ended (0 for the first), 1 to 2^21 pages of 4 KiB
 *   with an output address below 2^52 and a permission in bits 0-1: bits
 *   0-39 the output page frame, 40-60 the pages minus one, 61-62 the
 *   permission;
 * - a skip (bits 63:62 = 10b): the next entry's run starts bits 0-61
 *   pages of 4 KiB after the end of the previous run, with no run between;
 * - a full entry (bits 63:62 = 11b, the permission in bits 0-31) and three
 *   more words: the input address, the output address and the size of any
 *   other run.
 *
 * A page entry is one word where an unpacked run is four: a device's
 * pages mapped at consecutive IOVAs cost what its leaf entries cost.
 *
 * A block grows from 5 words to 2 * 5 + 3 and so on, up to 509: with its
 * 16-byte header, and the 8 bytes an allocator that records sizes adds
 * (the unit budget's does), each block is a power of two from 64 bytes to
 * a page, as slab caches are.
 */
#define RUN_PAGE_SHIFT		12
#define RUN_PAGE_SIZE		BIT_ULL(RUN_PAGE_SHIFT)
#define RUN_SKIP		BIT_ULL(63)
#define RUN_FULL		(BIT_ULL(63) | BIT_ULL(62))
#define RUN_KIND		RUN_FULL
#define RUN_PFN			GENMASK_ULL(39, 0)
#define RUN_PAGES		GENMASK_ULL(60, 40)
#define RUN_PROT		GENMASK_ULL(62, 61)
#define RUN_SKIP_PAGES		GENMASK_ULL(61, 0)
#define RUN_FULL_PROT		GENMASK_ULL(31, 0)
#define RUN_MAX_PAGES		(RUN_PAGES >> 40)

/**
 * kdump_run_unpack() - unpack the run at a position, or at a later one
 * @pos: the position; skips and exhausted blocks are stepped over
 *
 * For kdump_run_first() and kdump_run_next(): @pos->run holds the
 * previous run (zero at the start), which the next page entry continues.
 *
 * Context: any context; the runs must not change meanwhile.
 * Return: @pos->run, or NULL after the last run.
 */
const struct kdump_run *kdump_run_unpack(struct kdump_run_pos *pos)
{
	u64 end = pos->run.iova + pos->run.size;
	const u64 *w;

	while (pos->chunk) {
		if (pos->i >= pos->chunk->nr) {
			pos->chunk = pos->chunk->next;
			pos->i = 0;
			continue;
		}
		w = &pos->chunk->w[pos->i];
		switch (*w & RUN_KIND) {
		case RUN_SKIP:
			end += (*w & RUN_SKIP_PAGES) << RUN_PAGE_SHIFT;
			pos->i++;
			continue;
		case RUN_FULL:
			pos->run.iova = w[1];
			pos->run.pa = w[2];
			pos->run.size = w[3];
			pos->run.prot = FIELD_GET(RUN_FULL_PROT, w[0]);
			pos->len = 4;
			return &pos->run;
		default:
			pos->run.iova = end;
			pos->run.pa = (*w & RUN_PFN) << RUN_PAGE_SHIFT;
			pos->run.size = (FIELD_GET(RUN_PAGES, *w) + 1) <<
					RUN_PAGE_SHIFT;
			pos->run.prot = FIELD_GET(RUN_PROT, *w);
			pos->len = 1;
			return &pos->run;
		}
	}
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_run_unpack);

/* Try to grow the last run by @size bytes at @pa with @prot. */
static bool runs_merge(struct kdump_runs *runs, u64 iova, u64 pa, u64 size,
		       u32 prot)
{
	u64 pages, *w;

	if (!runs->nr || iova != runs->end)
		return false;
	w = &runs->last->w[runs->tail];
	if ((*w & RUN_KIND) == RUN_FULL) {
		if (FIELD_GET(RUN_FULL_PROT, w[0]) != prot || w[2] + w[3] != pa ||
		    w[3] + size < w[3])
			return false;
		w[3] += size;
		return true;
	}
	pages = FIELD_GET(RUN_PAGES, *w) + 1;
	if (FIELD_GET(RUN_PROT, *w) != prot ||
	    ((*w & RUN_PFN) + pages) << RUN_PAGE_SHIFT != pa ||
	    (size & (RUN_PAGE_SIZE - 1)) ||
	    (size >> RUN_PAGE_SHIFT) > RUN_MAX_PAGES + 1 - pages)
		return false;
	pages += size >> RUN_PAGE_SHIFT;
	*w = (*w & ~RUN_PAGES) | FIELD_PREP(RUN_PAGES, pages - 1);
	return true;
}

/**
 * kdump_runs_add() - append a run, merging it with the last one
 * @runs: runs in increasing input address order
 * @a: where a new block comes from
 * @iova: first input address, not below the end of the last run
 * @pa: its output address
 * @size: bytes, not 0
 * @prot: KDUMP_PROT_*
 *
 * Context: Any context the allocator allows.
 * Return: 0, or -ENOMEM if a block was needed and @a had none, or if
 * @runs holds U32_MAX runs (more than any walk limit lets through).
 */
int kdump_runs_add(struct kdump_runs *runs, const struct kdump_alloc *a,
		   u64 iova, u64 pa, u64 size, u32 prot)
{
	struct kdump_run_chunk *c = runs->last;
	bool page, skip = false;
	u32 words;
	u64 *w;

	if (runs_merge(runs, iova, pa, size, prot)) {
		runs->end += size;
		runs->bytes += size;
		return 0;
	}
	if (runs->nr == U32_MAX)
		return -ENOMEM;
	/* A page entry needs a 4 KiB-aligned run that a skip can reach. */
	page = !((pa | size | (iova - runs->end)) & (RUN_PAGE_SIZE - 1)) &&
	       iova >= runs->end && pa >> RUN_PAGE_SHIFT <= RUN_PFN &&
	       size && (size >> RUN_PAGE_SHIFT) <= RUN_MAX_PAGES + 1 &&
	       prot <= FIELD_MAX(RUN_PROT);
	if (page) {
		skip = iova != runs->end;
		words = 1 + skip;
	} else {
		words = 4;
	}
	if (!c || c->max - c->nr < words) {
		u32 max = c ? min_t(u32, 2 * c->max + 3, KDUMP_RUN_WORDS_MAX) :
			  KDUMP_RUN_WORDS_FIRST;

		c = a->alloc(a->ctx, struct_size(c, w, max));
		if (!c)
			return -ENOMEM;
		c->max = max;
		if (runs->last)
			runs->last->next = c;
		else
			runs->first = c;
		runs->last = c;
	}
	w = &c->w[c->nr];
	if (skip)
		*w++ = RUN_SKIP | ((iova - runs->end) >> RUN_PAGE_SHIFT);
	if (page) {
		*w = (pa >> RUN_PAGE_SHIFT) |
		     FIELD_PREP(RUN_PAGES, (size >> RUN_PAGE_SHIFT) - 1) |
		     FIELD_PREP(RUN_PROT, prot);
	} else {
		w[0] = RUN_FULL | prot;
		w[1] = iova;
		w[2] = pa;
		w[3] = size;
	}
	runs->tail = c->nr + skip;
	c->nr += words;
	runs->end = iova + size;
	runs->nr++;
	runs->bytes += size;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_runs_add);

/**
 * kdump_runs_trim() - give back the room left in the last block
 * @runs: runs no longer appended to (they still may be)
 * @a: the allocator they came from
 *
 * Blocks double as they fill, so the last one may be mostly empty; a plan
 * keeps the runs of every tree until the devices are reset. When the used
 * part of the last block fits in half of it (a smaller slab cache, see
 * %KDUMP_RUN_WORDS_FIRST), this moves it into a block of its used size.
 * Nothing changes if @a has no memory for it.
 *
 * Context: Any context the allocator allows.
 */
void kdump_runs_trim(struct kdump_runs *runs, const struct kdump_alloc *a)
{
	struct kdump_run_chunk *c = runs->last, *n, **link = &runs->first;

	if (!c || 2 * c->nr + 3 > c->max)
		return;
	n = a->alloc(a->ctx, struct_size(n, w, c->nr));
	if (!n)
		return;
	memcpy(n->w, c->w, c->nr * sizeof(c->w[0]));
	n->nr = c->nr;
	n->max = c->nr;
	while (*link != c)
		link = &(*link)->next;
	*link = n;
	runs->last = n;
	a->free(a->ctx, c);
}
EXPORT_SYMBOL_IF_KUNIT(kdump_runs_trim);

/**
 * kdump_runs_free() - give back the blocks of a run list
 * @runs: the runs; left empty
 * @a: the allocator they came from
 *
 * Context: Any context the allocator allows.
 */
void kdump_runs_free(struct kdump_runs *runs, const struct kdump_alloc *a)
{
	struct kdump_run_chunk *c = runs->first, *next;

	for (; c; c = next) {
		next = c->next;
		a->free(a->ctx, c);
	}
	*runs = (struct kdump_runs){};
}
EXPORT_SYMBOL_IF_KUNIT(kdump_runs_free);

#define KDUMP_CUT_SHIFT		12
#define KDUMP_CUT_SIZE		BIT_ULL(KDUMP_CUT_SHIFT)

/**
 * kdump_pfns_find() - binary search in a sorted array of page frames
 * @pfns: page frame numbers, sorted
 * @nr: entries in @pfns
 * @pfn: the frame looked for
 *
 * Context: any context.
 * Return: the index of the first entry >= @pfn, @nr if there is none.
 */
u64 kdump_pfns_find(const u64 *pfns, u64 nr, u64 pfn)
{
	u64 lo = 0, hi = nr;

	while (lo < hi) {
		u64 mid = lo + (hi - lo) / 2;

		if (pfns[mid] < pfn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The first 4 KiB page at or after output address @pa (page aligned) that
 * must be cut from a run with @prot, below @end; @end if none. Sets *@why
 * to the reason.
 */
static u64 cut_next(const struct kdump_range *cap, unsigned int nr_cap,
		    const u64 *pfns, u64 nr_pfns, u64 pa, u64 end, u32 prot,
		    enum kdump_bad *why)
{
	u64 first = end, p;
	unsigned int i;
	u64 j;

	/* Capture memory, widened to whole pages. */
	for (i = 0; i < nr_cap; i++) {
		u64 s = cap[i].start & ~(KDUMP_CUT_SIZE - 1);
		u64 e = cap[i].end;

		if (e <= pa || s >= end)
			continue;
		p = s > pa ? s : pa;
		if (p < first) {
			first = p;
			*why = KDUMP_BAD_LEAF_IN_CAPTURE;
		}
		break;
	}
	if ((prot & KDUMP_PROT_WRITE) && nr_pfns) {
		j = kdump_pfns_find(pfns, nr_pfns, pa >> KDUMP_CUT_SHIFT);
		if (j < nr_pfns) {
			p = pfns[j] << KDUMP_CUT_SHIFT;
			if (p < first) {
				first = p;
				*why = KDUMP_BAD_MAPS_TABLE;
			}
		}
	}
	return first;
}

/* Does the page at @pa have to be cut? */
static bool cut_page(const struct kdump_range *cap, unsigned int nr_cap,
		     const u64 *pfns, u64 nr_pfns, u64 pa, u32 prot,
		     enum kdump_bad *why)
{
	u64 j;

	if (kdump_ranges_overlap(cap, nr_cap, pa, pa + KDUMP_CUT_SIZE)) {
		*why = KDUMP_BAD_LEAF_IN_CAPTURE;
		return true;
	}
	if (!(prot & KDUMP_PROT_WRITE) || !nr_pfns)
		return false;
	j = kdump_pfns_find(pfns, nr_pfns, pa >> KDUMP_CUT_SHIFT);
	if (j < nr_pfns && pfns[j] == pa >> KDUMP_CUT_SHIFT) {
		*why = KDUMP_BAD_MAPS_TABLE;
		return true;
	}
	return false;
}

/**
 * kdump_runs_need_cut() - would kdump_runs_cut() drop anything?
 * @in: runs, as for kdump_runs_cut()
 * @cap: capture memory, normalized
 * @nr_cap: entries in @cap
 * @pfns: sorted, distinct page frame numbers of the pages the hardware
 *	reads translations from
 * @nr_pfns: entries in @pfns
 *
 * Lets the plan keep a tree with nothing to cut as it is, without a
 * second copy of its runs (a tree of scattered pages has a run per page).
 *
 * Context: Any context.
 * Return: true if a page of @in reaches capture memory, or a writable
 * page of @in is one of @pfns.
 */
bool kdump_runs_need_cut(const struct kdump_runs *in,
			 const struct kdump_range *cap, unsigned int nr_cap,
			 const u64 *pfns, u64 nr_pfns)
{
	struct kdump_run_pos rpos;
	const struct kdump_run *r;
	u64 j, first, last;

	for (r = kdump_run_first(in, &rpos); r; r = kdump_run_next(&rpos)) {
		/* Whole pages: a page overlapping capture memory is cut. */
		if (kdump_ranges_overlap(cap, nr_cap, r->pa, r->pa + r->size))
			return true;
		if (!(r->prot & KDUMP_PROT_WRITE) || !nr_pfns)
			continue;
		first = r->pa >> KDUMP_CUT_SHIFT;
		last = (r->pa + r->size - 1) >> KDUMP_CUT_SHIFT;
		/* Most buffers lie above or below every table. */
		if (first > pfns[nr_pfns - 1] || last < pfns[0])
			continue;
		j = kdump_pfns_find(pfns, nr_pfns, first);
		if (j < nr_pfns && pfns[j] <= last)
			return true;
	}
	return false;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_runs_need_cut);

/**
 * kdump_runs_cut() - drop the pages no old mapping may keep
 * @out: receives what is left of @in; must be empty
 * @a: where @out's blocks come from
 * @in: runs, increasing input address order, page-aligned in input and
 *	output address
 * @cap: capture memory, normalized
 * @nr_cap: entries in @cap
 * @pfns: sorted, distinct page frame numbers (4 KiB) of the pages the
 *	hardware reads translations from
 * @nr_pfns: entries in @pfns
 * @cut_capture: set to the bytes cut because they reach capture memory
 * @cut_table: set to the bytes cut because a writable mapping covers a
 *	table page
 *
 * A mapping whose output reaches capture memory (any permission), or a
 * writable mapping of a page the hardware reads translations from, would
 * let an un-reset device write the capture kernel or its own translation.
 * Such pages are cut out 4 KiB at a time; what is left keeps its input
 * and output addresses. The cut input ranges stay reserved elsewhere (the
 * core reserves from @in), so they become faulting holes.
 *
 * Context: Any context the allocator allows.
 * Return: 0, or -ENOMEM (@out then holds part of the result; free it).
 */
int kdump_runs_cut(struct kdump_runs *out, const struct kdump_alloc *a,
		   const struct kdump_runs *in, const struct kdump_range *cap,
		   unsigned int nr_cap, const u64 *pfns, u64 nr_pfns,
		   u64 *cut_capture, u64 *cut_table)
{
	struct kdump_run_pos rpos;
	const struct kdump_run *r;
	unsigned int ci;
	int ret;

	*cut_capture = 0;
	*cut_table = 0;
	for (r = kdump_run_first(in, &rpos); r; r = kdump_run_next(&rpos)) {
		u64 pa = r->pa, end = r->pa + r->size;

		/* Capture ranges that may touch this run start here. */
		ci = 0;
		while (ci < nr_cap && cap[ci].end <= pa)
			ci++;
		while (pa < end) {
			enum kdump_bad why = KDUMP_OK;
			u64 next;

			next = cut_next(cap + ci, nr_cap - ci, pfns, nr_pfns,
					pa, end, r->prot, &why);
			if (next > pa) {
				ret = kdump_runs_add(out, a,
						     r->iova + (pa - r->pa), pa,
						     next - pa, r->prot);
				if (ret)
					return ret;
				pa = next;
				continue;
			}
			/* Cut whole pages as long as they must go. */
			while (pa < end &&
			       cut_page(cap + ci, nr_cap - ci, pfns, nr_pfns,
					pa, r->prot, &why)) {
				if (why == KDUMP_BAD_LEAF_IN_CAPTURE)
					*cut_capture += KDUMP_CUT_SIZE;
				else
					*cut_table += KDUMP_CUT_SIZE;
				pa += KDUMP_CUT_SIZE;
			}
		}
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_runs_cut);

/**
 * kdump_runs_identity() - runs that map old RAM minus capture memory 1:1
 * @out: receives the runs; must be empty
 * @a: where @out's blocks come from
 * @ram: old RAM, normalized
 * @nr_ram: entries in @ram
 * @cap: capture memory, normalized
 * @nr_cap: entries in @cap
 * @limit: first address the runs may not reach (the input width of the
 *	table they go into)
 *
 * What a device the old kernel let bypass translation may still reach:
 * every whole 4 KiB page of old RAM that holds no capture memory, read
 * and write, at input address == output address.
 *
 * Context: Any context the allocator allows.
 * Return: 0, or -ENOMEM.
 */
int kdump_runs_identity(struct kdump_runs *out, const struct kdump_alloc *a,
			const struct kdump_range *ram, unsigned int nr_ram,
			const struct kdump_range *cap, unsigned int nr_cap,
			u64 limit)
{
	unsigned int i, j = 0;
	int ret;

	for (i = 0; i < nr_ram; i++) {
		u64 s = (ram[i].start + KDUMP_CUT_SIZE - 1) &
			~(KDUMP_CUT_SIZE - 1);
		u64 e = ram[i].end & ~(KDUMP_CUT_SIZE - 1);

		if (e > limit)
			e = limit & ~(KDUMP_CUT_SIZE - 1);
		while (s < e) {
			u64 hole_s, hole_e;

			while (j < nr_cap && cap[j].end <= s)
				j++;
			hole_s = j < nr_cap ? cap[j].start & ~(KDUMP_CUT_SIZE - 1) : e;
			if (hole_s > s) {
				u64 stop = hole_s < e ? hole_s : e;

				ret = kdump_runs_add(out, a, s, s, stop - s,
						     KDUMP_PROT_RW);
				if (ret)
					return ret;
				s = stop;
				continue;
			}
			hole_e = (cap[j].end + KDUMP_CUT_SIZE - 1) &
				 ~(KDUMP_CUT_SIZE - 1);
			s = hole_e;
		}
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_runs_identity);

