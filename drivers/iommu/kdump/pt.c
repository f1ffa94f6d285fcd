// SPDX-License-Identifier: GPL-2.0
/*
 * Page tables of every format for the kdump IOMMU handover: one bounded
 * walker and one builder.
 *
 * Copyright (C) 2026 The kdump-iommu authors
 */

/**
 * DOC: kdump IOMMU handover: page tables
 *
 * A page-table format (&struct kdump_pt_fmt) is a decoder and an encoder of
 * single entries; a &struct kdump_stage says where one tree of such tables
 * starts and how it is shaped (levels, granule, input and output widths,
 * concatenated roots, which levels may hold leaves). With these, one walker
 * and one builder serve VT-d second-level tables, AMD-Vi v1 tables and the
 * ARM LPAE stage 1 and stage 2 formats of every granule.
 *
 * kdump_pt_walk() validates a tree in old memory and reports what it maps
 * as runs (runs.c), merged where contiguous. It is iterative and bounded: every table pointer
 * must pass kdump_check_table() and must not be one of its ancestors, and
 * the number of tables and leaves it visits is capped, so a hostile tree can
 * make it fail but never run away. It does not judge where leaves point:
 * the adoption plan (plan.c) cuts mappings that reach capture memory or
 * the hardware's own tables.
 *
 * kdump_pt_build() writes a new tree in the same format from a list of
 * runs, in memory the caller's allocator hands out (capture memory): the
 * tree the capture kernel installs when an old tree needed mappings cut,
 * or to confine a device the old kernel let bypass translation.
 *
 * Like everything the handover parses old state with, this file is pure:
 * old memory is read through &kdump_oldmem.read, memory comes from a
 * &struct kdump_alloc, nothing is printed and no hardware is touched.
 */

#include <linux/types.h>
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/unaligned.h>
#include <kunit/visibility.h>

#include "kdump.h"

/* ------------------------------------------------------------------ */
/* Stage geometry                                                      */

static unsigned int bpl(const struct kdump_stage *s)
{
	return s->granule_shift - 3;
}

/* log2 of the input range one entry at @level maps. */
static unsigned int level_shift(const struct kdump_stage *s,
				unsigned int level)
{
	return s->granule_shift + bpl(s) * (level - 1);
}

/* log2 of the number of concatenated root tables. */
static unsigned int concat_bits(const struct kdump_stage *s)
{
	unsigned int n = s->nr_roots > 1 ? s->nr_roots : 1, bits = 0;

	while (n > 1) {
		n >>= 1;
		bits++;
	}
	return bits;
}

/* Input address bits of the whole tree. */
static unsigned int ia_bits(const struct kdump_stage *s)
{
	unsigned int all = level_shift(s, s->levels) + bpl(s) + concat_bits(s);

	if (all > 64)
		all = 64;
	if (s->ia_bits && s->ia_bits < all)
		return s->ia_bits;
	return all;
}

/* log2 of the entries of the root tables, together. */
static unsigned int top_bits(const struct kdump_stage *s)
{
	return ia_bits(s) - level_shift(s, s->levels);
}

/* Bytes of the root tables, together; at least 64, their alignment. */
static u64 top_size(const struct kdump_stage *s)
{
	u64 size = 8ULL << top_bits(s);

	return size < 64 ? 64 : size;
}

/**
 * kdump_pt_check_stage() - is a stage's shape one the code can handle?
 * @s: the stage
 *
 * Context: Any context.
 * Return: %KDUMP_OK, %KDUMP_BAD_TYPE (no format, no decoder, a granule the
 * format lacks) or %KDUMP_BAD_WIDTH (levels, widths, concatenation).
 */
enum kdump_bad kdump_pt_check_stage(const struct kdump_stage *s)
{
	const struct kdump_pt_fmt *f = s->fmt;
	unsigned int nr_roots = s->nr_roots ? s->nr_roots : 1;
	unsigned int tb;

	if (!f || !f->decode || f->pte_size != 8)
		return KDUMP_BAD_TYPE;
	if (s->granule_shift < 12 || s->granule_shift > 16 ||
	    !(f->granules & BIT(s->granule_shift - 12)))
		return KDUMP_BAD_TYPE;
	if (!s->levels || s->levels < f->min_levels ||
	    s->levels > f->max_levels || s->levels > KDUMP_PT_MAX_LEVELS)
		return KDUMP_BAD_WIDTH;
	if (level_shift(s, s->levels) >= 64)
		return KDUMP_BAD_WIDTH;
	if (s->ia_bits && s->ia_bits <= level_shift(s, s->levels))
		return KDUMP_BAD_WIDTH;
	if (s->oa_bits < 12 || s->oa_bits > 64)
		return KDUMP_BAD_WIDTH;
	tb = top_bits(s);
	if (nr_roots > 1) {
		/* ARM stage 2: 2..16 concatenated root tables, exactly filled. */
		if (nr_roots > 16 || (nr_roots & (nr_roots - 1)) ||
		    tb != bpl(s) + concat_bits(s))
			return KDUMP_BAD_WIDTH;
	} else if (tb > bpl(s)) {
		return KDUMP_BAD_WIDTH;
	}
	return KDUMP_OK;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_pt_check_stage);

/**
 * kdump_pt_scratch_size() - scratch memory kdump_pt_walk() needs
 * @s: the stage to walk
 *
 * Context: Any context.
 * Return: bytes: one table per level.
 */
size_t kdump_pt_scratch_size(const struct kdump_stage *s)
{
	return (size_t)s->levels << s->granule_shift;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_pt_scratch_size);

/* ------------------------------------------------------------------ */
/* Walk                                                                */

/* A run being gathered. */
struct pt_run {
	bool valid;
	struct kdump_run r;
};

static enum kdump_bad pt_run_flush(struct pt_run *run,
				   struct kdump_walk_stats *s,
				   const struct kdump_pt_visit *v, int *fn_err)
{
	int ret;

	if (!run->valid)
		return KDUMP_OK;
	run->valid = false;
	s->runs++;
	if (!v || !v->run)
		return KDUMP_OK;
	ret = v->run(v->arg, &run->r);
	if (!ret)
		return KDUMP_OK;
	if (fn_err)
		*fn_err = ret;
	return KDUMP_BAD_ABORTED;
}

static enum kdump_bad pt_leaf(struct pt_run *run, struct kdump_walk_stats *s,
			      u64 max_leaves, u64 iova,
			      const struct kdump_pte *pte, u64 size,
			      const struct kdump_pt_visit *v, int *fn_err)
{
	enum kdump_bad why;

	if (pte->addr + size <= pte->addr || iova + size - 1 < iova)
		return KDUMP_BAD_OVERFLOW;
	if (s->leaves >= max_leaves)
		return KDUMP_BAD_TOO_BIG;
	s->leaves++;
	s->bytes += size;

	if (run->valid && run->r.iova + run->r.size == iova &&
	    run->r.pa + run->r.size == pte->addr && run->r.prot == pte->prot) {
		run->r.size += size;
		return KDUMP_OK;
	}
	why = pt_run_flush(run, s, v, fn_err);
	if (why)
		return why;
	run->valid = true;
	run->r.iova = iova;
	run->r.pa = pte->addr;
	run->r.size = size;
	run->r.prot = pte->prot;
	return KDUMP_OK;
}

/* One table on the path from the root to the entry being looked at. */
struct pt_frame {
	u64 pa;
	u64 iova;
	u64 idx;
};

static enum kdump_bad pt_read(const struct kdump_oldmem *m, u64 pa,
			      void *buf, u64 size,
			      const struct kdump_pt_visit *v, int *fn_err)
{
	int ret;

	if (m->read(m->ctx, pa, buf, size))
		return KDUMP_BAD_READ;
	if (!v || !v->table)
		return KDUMP_OK;
	ret = v->table(v->arg, pa, size);
	if (!ret)
		return KDUMP_OK;
	if (fn_err)
		*fn_err = ret;
	return KDUMP_BAD_ABORTED;
}

/**
 * kdump_pt_walk() - validate an old page-table tree and report its mappings
 * @m: old memory description
 * @s: the tree; for a stage 1 behind a stage 2 the caller must first
 *	translate (not supported here: %KDUMP_BAD_TYPE is the caller's)
 * @lim: bounds on the walk; NULL, or a 0 field, means the default
 * @scratch: kdump_pt_scratch_size() bytes of caller memory
 * @v: optional; receives the runs and the tables read
 * @st: optional; receives what the walk saw, also when it fails
 * @fn_err: optional; receives the -errno a @v callback stopped the walk
 *	with, else 0
 *
 * Walks the tree without recursion, depth first in input-address order.
 * Every table pointer, the root included, must pass kdump_check_table()
 * (old RAM, never capture memory, aligned to its size) and must not be one
 * of its ancestors. A leaf at a level @s does not allow fails the walk, and
 * so does one whose output runs past @s->oa_bits; otherwise where leaves
 * point is the caller's business (peer-to-peer DMA maps MMIO;
 * see kdump_runs_cut() for capture memory). Runs already passed to @v stay
 * passed when a later entry fails.
 *
 * Context: Any context; sleeps only if @m->read or @v do.
 * Return: %KDUMP_OK if the whole tree is valid, %KDUMP_BAD_ABORTED if @v
 * stopped the walk, else the first reason the tree cannot be adopted.
 */
enum kdump_bad kdump_pt_walk(const struct kdump_oldmem *m,
			     const struct kdump_stage *s,
			     const struct kdump_walk_limits *lim, void *scratch,
			     const struct kdump_pt_visit *v,
			     struct kdump_walk_stats *st, int *fn_err)
{
	struct pt_frame stk[KDUMP_PT_MAX_LEVELS];
	struct kdump_walk_stats ws = { 0 };
	struct pt_run run = { 0 };
	unsigned int max_tables = KDUMP_WALK_DEF_MAX_TABLES;
	u64 max_leaves = KDUMP_WALK_DEF_MAX_LEAVES;
	u64 tsize, entries, top_entries, top_sz;
	unsigned int depth, i;
	u8 *buf = scratch;
	enum kdump_bad why;

	if (fn_err)
		*fn_err = 0;
	if (lim && lim->max_tables)
		max_tables = lim->max_tables;
	if (lim && lim->max_leaves)
		max_leaves = lim->max_leaves;

	why = kdump_pt_check_stage(s);
	if (why)
		goto out;
	tsize = 1ULL << s->granule_shift;
	entries = tsize / 8;
	top_entries = 1ULL << top_bits(s);
	top_sz = top_size(s);

	/* The root tables, together, aligned to their size. */
	why = kdump_check_table(m, s->root, top_sz, top_sz);
	if (why)
		goto out;
	why = pt_read(m, s->root, buf, top_sz < tsize ? top_sz : tsize, v,
		      fn_err);
	if (why)
		goto out;
	ws.tables = 1;
	depth = 0;
	stk[0].pa = s->root;
	stk[0].iova = 0;
	stk[0].idx = 0;

	for (;;) {
		struct pt_frame *fr = &stk[depth];
		unsigned int level = s->levels - depth;
		unsigned int shift = level_shift(s, level);
		struct kdump_pte pte = { 0 };
		u64 raw, iova, slot;

		if (fr->idx == (depth ? entries : top_entries)) {
			if (!depth)
				break;
			depth--;
			continue;
		}
		slot = fr->idx;
		if (!depth && slot && !(slot & (entries - 1))) {
			/* The next of several concatenated root tables. */
			if (ws.tables >= max_tables) {
				why = KDUMP_BAD_TOO_BIG;
				goto out;
			}
			why = pt_read(m, s->root + slot * 8, buf, tsize, v,
				      fn_err);
			if (why)
				goto out;
			ws.tables++;
		}
		raw = get_unaligned_le64(buf + depth * tsize +
					 (slot & (entries - 1)) * 8);
		iova = fr->iova + (slot << shift);
		fr->idx++;

		why = s->fmt->decode(s, raw, level, &pte);
		if (why)
			goto out;
		if (pte.kind == KDUMP_PTE_NONE)
			continue;
		if (pte.kind == KDUMP_PTE_LEAF) {
			if (level > 1 && !(s->leaf_levels & BIT(level - 1))) {
				why = KDUMP_BAD_TYPE;
				goto out;
			}
			/* One copy of a larger page's entry: its slice. */
			if (pte.page_shift > shift && pte.page_shift < 64)
				pte.addr += iova & (BIT_ULL(pte.page_shift) - 1);
			/*
			 * A leaf larger than the output space (an AMD-Vi
			 * level-6 page) maps addresses the unit cannot emit
			 * and no rebuilt tree can encode.
			 */
			if (s->oa_bits < 64 &&
			    ((pte.addr + (BIT_ULL(shift) - 1)) >> s->oa_bits)) {
				why = KDUMP_BAD_WIDTH;
				goto out;
			}
			why = pt_leaf(&run, &ws, max_leaves, iova, &pte,
				      1ULL << shift, v, fn_err);
			if (why)
				goto out;
			continue;
		}

		/* A table entry: never below the last level. */
		if (level == 1) {
			why = KDUMP_BAD_TYPE;
			goto out;
		}
		why = kdump_check_table(m, pte.addr, tsize, tsize);
		if (why)
			goto out;
		for (i = 0; i <= depth; i++) {
			if (stk[i].pa == pte.addr ||
			    (!i && pte.addr >= s->root &&
			     pte.addr < s->root + top_sz)) {
				why = KDUMP_BAD_LOOP;
				goto out;
			}
		}
		if (ws.tables >= max_tables) {
			why = KDUMP_BAD_TOO_BIG;
			goto out;
		}
		why = pt_read(m, pte.addr, buf + (depth + 1) * tsize, tsize, v,
			      fn_err);
		if (why)
			goto out;
		ws.tables++;
		depth++;
		stk[depth].pa = pte.addr;
		stk[depth].iova = iova;
		stk[depth].idx = 0;
	}
	why = pt_run_flush(&run, &ws, v, fn_err);
out:
	if (st)
		*st = ws;
	return why;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_pt_walk);

/* ------------------------------------------------------------------ */
/* Build                                                               */

/* The table the builder is filling at one level. */
struct pt_path {
	u8 *va;
	u64 base;
	bool valid;
};

/* Largest level whose leaf fits @iova, @pa and @size. */
static unsigned int build_level(const struct kdump_stage *s, u64 iova, u64 pa,
				u64 size)
{
	unsigned int level;

	for (level = s->levels; level > 1; level--) {
		u64 psz = 1ULL << level_shift(s, level);

		if (!(s->leaf_levels & BIT(level - 1)) ||
		    level_shift(s, level) >= 64)
			continue;
		if (!((iova | pa) & (psz - 1)) && size >= psz)
			return level;
	}
	return 1;
}

/**
 * kdump_pt_build() - write a new tree that maps a list of runs
 * @s: the shape of the tree (its @root is ignored); the format must have
 *	encoders
 * @a: where the tables come from (@a->page); they are the caller's to
 *	flush for a non-coherent IOMMU, and to free if this fails
 * @runs: what to map: increasing, non-overlapping, aligned to the granule
 *	in input and output address, inside the tree's input range
 * @root: set to the hardware address of the new root table(s)
 * @tables: set to the number of tables written
 *
 * Uses the largest leaf each run's alignment and @s->leaf_levels allow.
 * Tables are written in the format's little-endian layout and are not
 * visible to the hardware until the caller installs @root.
 *
 * Context: Any context the allocator allows.
 * Return: %KDUMP_OK, %KDUMP_BAD_TYPE or %KDUMP_BAD_WIDTH (@s unusable),
 * %KDUMP_BAD_OVERFLOW (a run outside the tree or misaligned), or
 * %KDUMP_BAD_BUDGET (the allocator had no more tables).
 */
enum kdump_bad kdump_pt_build(const struct kdump_stage *s,
			      const struct kdump_alloc *a,
			      const struct kdump_runs *runs, u64 *root,
			      unsigned int *tables)
{
	struct pt_path path[KDUMP_PT_MAX_LEVELS + 1] = {};
	u64 tsize = 1ULL << s->granule_shift, hw, top_sz, limit;
	struct kdump_run_pos rpos;
	const struct kdump_run *r;
	enum kdump_bad why;

	*tables = 0;
	why = kdump_pt_check_stage(s);
	if (why)
		return why;
	if (!s->fmt->mk_table || !s->fmt->mk_leaf)
		return KDUMP_BAD_TYPE;
	top_sz = top_size(s);
	if (top_sz < tsize)
		top_sz = tsize;
	limit = ia_bits(s) >= 64 ? ~0ULL : BIT_ULL(ia_bits(s)) - 1;

	path[s->levels].va = a->page(a->ctx, top_sz, &hw);
	if (!path[s->levels].va)
		return KDUMP_BAD_BUDGET;
	path[s->levels].valid = true;
	*root = hw;
	(*tables)++;

	for (r = kdump_run_first(runs, &rpos); r; r = kdump_run_next(&rpos)) {
		u64 iova = r->iova, pa = r->pa, left = r->size;

		if (((iova | pa | left) & (tsize - 1)) || !left ||
		    iova + left - 1 < iova || iova + left - 1 > limit)
			return KDUMP_BAD_OVERFLOW;
		while (left) {
			unsigned int level = build_level(s, iova, pa, left);
			u64 psz = 1ULL << level_shift(s, level);
			unsigned int k;
			u8 *slot;

			/* Tables from the root down to @level. */
			for (k = s->levels; k > level; k--) {
				u64 below = 1ULL << level_shift(s, k);
				u64 base = iova & ~(below - 1);
				u64 idx = (iova >> level_shift(s, k)) &
					  (k == s->levels ?
					   (1ULL << top_bits(s)) - 1 :
					   (tsize / 8) - 1);

				if (path[k - 1].valid && path[k - 1].base == base)
					continue;
				path[k - 1].va = a->page(a->ctx, tsize, &hw);
				if (!path[k - 1].va)
					return KDUMP_BAD_BUDGET;
				(*tables)++;
				path[k - 1].base = base;
				path[k - 1].valid = true;
				put_unaligned_le64(s->fmt->mk_table(s, hw, k),
						   path[k].va + idx * 8);
			}
			slot = path[level].va + 8 *
			       ((iova >> level_shift(s, level)) &
				(level == s->levels ? (1ULL << top_bits(s)) - 1 :
				 (tsize / 8) - 1));
			put_unaligned_le64(s->fmt->mk_leaf(s, pa, level,
							   r->prot), slot);
			iova += psz;
			pa += psz;
			left -= psz;
		}
	}
	return KDUMP_OK;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_pt_build);
