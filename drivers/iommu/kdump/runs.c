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
 * runs in input-address order, appended and merged, never reallocated),
 * cuts from them the pages no old mapping may keep (kdump_runs_cut()), and
 * makes them for a device the old kernel let bypass the IOMMU
 * (kdump_runs_identity()); the core reserves, maps and unmaps them. Pure,
 * like the rest: memory comes from a &struct kdump_alloc.
 */

#include <linux/types.h>
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include <kunit/visibility.h>

#include "kdump.h"

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
 * Return: 0, or -ENOMEM if a block was needed and @a had none.
 */
int kdump_runs_add(struct kdump_runs *runs, const struct kdump_alloc *a,
		   u64 iova, u64 pa, u64 size, u32 prot)
{
	struct kdump_run_chunk *c = runs->last;
	struct kdump_run *r;

	if (c && c->nr) {
		r = &c->run[c->nr - 1];
		if (r->iova + r->size == iova && r->pa + r->size == pa &&
		    r->prot == prot) {
			r->size += size;
			runs->bytes += size;
			return 0;
		}
	}
	if (!c || c->nr == c->max) {
		u32 max = c ? min_t(u32, 2 * c->max, KDUMP_RUNS_PER_CHUNK) :
			  KDUMP_RUNS_FIRST_CHUNK;

		c = a->alloc(a->ctx, struct_size(c, run, max));
		if (!c)
			return -ENOMEM;
		c->max = max;
		if (runs->last)
			runs->last->next = c;
		else
			runs->first = c;
		runs->last = c;
	}
	r = &c->run[c->nr++];
	r->iova = iova;
	r->pa = pa;
	r->size = size;
	r->prot = prot;
	runs->nr++;
	runs->bytes += size;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_runs_add);

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

