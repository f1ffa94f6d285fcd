// SPDX-License-Identifier: GPL-2.0
/*
 * The verdicts of an adoption plan for the kdump IOMMU handover.
 *
 * Copyright (C) 2026 The kdump-iommu authors
 */

/**
 * DOC: kdump IOMMU handover: verdicts
 *
 * kdump_plan_finish() decides, for the whole unit at once, what a plan's
 * reports (plan.c) mean:
 *
 * - which page-table trees exist: translations that share a root share a
 *   tree, walked once with kdump_pt_walk() within the unit's budget;
 * - which pages the hardware reads translations from: every structure
 *   table the walker reported and every page table walked. A page table
 *   that is also a structure table is a loop;
 * - which mappings no device may keep: output in capture memory, or a
 *   writable mapping of a page the hardware reads translations from (the
 *   device could rewrite its own translation after it was validated).
 *   Those pages are cut (kdump_runs_cut()) and the tree is marked to be
 *   built anew in capture memory without them: the rest of the device's
 *   mappings is adopted, the cut range becomes a faulting hole whose
 *   input addresses stay reserved;
 * - the tables of one unit and the devices of another: a machine has
 *   several units, each adopted in turn, and a device behind one unit may
 *   hold a writable mapping of a table another unit reads (its page
 *   tables in place, or, on AMD-Vi, its interrupt remapping tables). The
 *   plan of each unit is finished knowing the plans of the units adopted
 *   before it (&kdump_plan.others). Its writable mappings of their tables
 *   are cut like mappings of its own; and a tree of its own that their
 *   adopted devices may write is built anew in capture memory from what
 *   was validated (&kdump_plan_tbl.foreign), so the unit never reads the
 *   old tables again. Either order of adoption ends with no unit reading
 *   a page-table page any adopted device may write (among the units the
 *   core adopted: a VT-d unit that cannot be initialised keeps its old
 *   tables outside the core). Structure tables the
 *   drivers copy (VT-d root and context tables, AMD-Vi device tables) are
 *   not read after the handover; an AMD-Vi interrupt remapping table of
 *   one PCI segment written by a device of a segment adopted earlier is
 *   not covered (one unit per segment; multi-segment AMD machines only);
 * - how a translation the old kernel let bypass the IOMMU is confined: a
 *   tree to build that maps old RAM minus capture memory (and minus the
 *   pages the hardware reads) 1:1;
 * - the verdict on each translation: adopt, or block with a reason; a
 *   range of IDs whose shared table was bad blocks every ID in it;
 * - every hardware ID an old entry used, valid or not, for the driver's
 *   allocators to skip.
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

/* Table pages are tracked as 4 KiB frames, whatever the granule. */
#define PLAN_PFN_SIZE	BIT_ULL(12)

static int xl_cmp(const void *a, const void *b)
{
	const struct kdump_plan_xl *x = a, *y = b;

	if (x->id.sid != y->id.sid)
		return x->id.sid < y->id.sid ? -1 : 1;
	if (x->id.pasid != y->id.pasid)
		return x->id.pasid < y->id.pasid ? -1 : 1;
	return 0;
}

static int u64_cmp(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static int tag_cmp(const void *a, const void *b)
{
	const struct kdump_tag *x = a, *y = b;

	if (x->space != y->space)
		return x->space < y->space ? -1 : 1;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return 0;
}

static u64 sort_unique_u64(u64 *v, u64 nr)
{
	u64 i, n = 0;

	if (!nr)
		return 0;
	sort(v, nr, sizeof(*v), u64_cmp, NULL);
	for (i = 1; i < nr; i++)
		if (v[i] != v[n])
			v[++n] = v[i];
	return n + 1;
}

static bool pfn_in(const u64 *v, u64 nr, u64 pfn)
{
	u64 i = kdump_pfns_find(v, nr, pfn);

	return i < nr && v[i] == pfn;
}

static bool same_stage(const struct kdump_stage *a, const struct kdump_stage *b)
{
	return a->fmt == b->fmt && a->root == b->root &&
	       a->levels == b->levels && a->granule_shift == b->granule_shift &&
	       a->ia_bits == b->ia_bits && a->oa_bits == b->oa_bits &&
	       a->nr_roots == b->nr_roots && a->leaf_levels == b->leaf_levels &&
	       a->flags == b->flags;
}

/* The tree for @s: an existing one with the same shape, or a new one. */
static u32 tbl_get(struct kdump_plan *p, const struct kdump_stage *s,
		   bool identity, u32 hint)
{
	struct kdump_plan_tbl *t;
	u32 i;

	/* Translations in ID order often share the tree of the one before. */
	if (hint != KDUMP_PLAN_NO_TBL && p->tbl[hint].identity == identity &&
	    same_stage(&p->tbl[hint].stage, s))
		return hint;
	if (identity) {
		for (i = 0; i < p->nr_tbl; i++)
			if (p->tbl[i].identity && same_stage(&p->tbl[i].stage, s))
				return i;
	}
	if (kdump_plan_grow32(p, (void **)&p->tbl, &p->max_tbl, p->nr_tbl,
			      sizeof(*t)))
		return KDUMP_PLAN_NO_TBL;
	t = &p->tbl[p->nr_tbl];
	memset(t, 0, sizeof(*t));
	t->stage = *s;
	t->identity = identity;
	return p->nr_tbl++;
}

/* Per-walk state: the tree's runs and the page-table pages. */
struct plan_walk {
	struct kdump_plan *p;
	struct kdump_plan_tbl *t;
	bool loop;
};

static int walk_run(void *arg, const struct kdump_run *r)
{
	struct plan_walk *w = arg;

	return kdump_runs_add(&w->t->runs, w->p->a, r->iova, r->pa, r->size,
			      r->prot);
}

static int walk_table(void *arg, u64 pa, u64 size)
{
	struct plan_walk *w = arg;
	struct kdump_plan *p = w->p;
	u64 pfn, nr;
	int ret;

	/* A page table that is also a root, context or device table. */
	for (pfn = pa >> 12; pfn <= (pa + size - 1) >> 12; pfn++) {
		if (pfn_in(p->spfn, p->nr_struct, pfn)) {
			w->loop = true;
			return -ELOOP;
		}
	}
	nr = p->nr_tpfn;
	ret = kdump_plan_add_pfns(p, &p->tpfn, &p->nr_tpfn, &p->max_tpfn, pa,
				  size);
	/*
	 * Room to merge them into @spfn once every tree is walked, taken
	 * now: when the budget runs out, the tree being walked is blocked,
	 * never the whole unit after the walks.
	 */
	if (!ret)
		ret = kdump_plan_grow(p, (void **)&p->spfn, &p->max_spfn,
				      p->nr_spfn, sizeof(u64),
				      p->nr_spfn + p->nr_tpfn);
	if (ret)
		p->nr_tpfn = nr;
	return ret;
}

static void *plan_scratch(struct kdump_plan *p, size_t size)
{
	if (size <= p->scratch_size)
		return p->scratch;
	p->a->free(p->a->ctx, p->scratch);
	p->scratch = p->a->alloc(p->a->ctx, size);
	p->scratch_size = p->scratch ? size : 0;
	return p->scratch;
}

/* Walk one old tree within the unit's budget. */
static void plan_walk_tbl(struct kdump_plan *p, struct kdump_plan_tbl *t)
{
	struct plan_walk w = { .p = p, .t = t };
	struct kdump_pt_visit v = {
		.run = walk_run,
		.table = walk_table,
		.arg = &w,
	};
	struct kdump_walk_limits l = p->lim;
	void *scratch;
	int err = 0;

	t->tp_first = p->nr_tpfn;
	t->tp_end = p->nr_tpfn;
	if (p->st.tables_read >= p->lim.max_total_tables) {
		t->why = KDUMP_BAD_TOO_BIG;
		return;
	}
	if (l.max_tables > p->lim.max_total_tables - p->st.tables_read)
		l.max_tables = p->lim.max_total_tables - p->st.tables_read;
	t->why = kdump_pt_check_stage(&t->stage);
	if (t->why)
		return;
	scratch = plan_scratch(p, kdump_pt_scratch_size(&t->stage));
	if (!scratch) {
		t->why = KDUMP_BAD_BUDGET;
		return;
	}
	t->why = kdump_pt_walk(p->m, &t->stage, &l, scratch, &v, &t->st, &err);
	t->tp_end = p->nr_tpfn;
	p->st.tables_read += t->st.tables;
	if (t->why == KDUMP_BAD_ABORTED)
		t->why = w.loop ? KDUMP_BAD_LOOP : KDUMP_BAD_BUDGET;
	if (t->why)
		kdump_runs_free(&t->runs, p->a);
}

/*
 * Collect into @hit the pages of @p->spfn that a writable run of an
 * adopted tree of another unit reaches.
 */
static int plan_foreign_hits(struct kdump_plan *p, u64 **hit, u64 *nr_hit,
			     u64 *max_hit)
{
	const struct kdump_plan_tbl *ot;
	const struct kdump_run *r;
	struct kdump_run_pos pos;
	u64 k, last;
	u32 o, i;
	int ret;

	for (o = 0; o < p->nr_others; o++) {
		for (i = 0; i < p->others[o]->nr_tbl; i++) {
			ot = &p->others[o]->tbl[i];
			if (ot->why || !ot->users)
				continue;
			for (r = kdump_run_first(&ot->keep, &pos); r;
			     r = kdump_run_next(&pos)) {
				if (!(r->prot & KDUMP_PROT_WRITE))
					continue;
				last = (r->pa + r->size - 1) >> 12;
				for (k = kdump_pfns_find(p->spfn, p->nr_spfn,
							 r->pa >> 12);
				     k < p->nr_spfn && p->spfn[k] <= last; k++) {
					ret = kdump_plan_add_pfns(p, hit, nr_hit,
								  max_hit,
								  p->spfn[k] << 12,
								  PLAN_PFN_SIZE);
					if (ret)
						return ret;
				}
			}
		}
	}
	*nr_hit = sort_unique_u64(*hit, *nr_hit);
	return 0;
}

/* Mark the trees whose tables another unit's adopted devices may write. */
static int plan_mark_foreign(struct kdump_plan *p)
{
	u64 *hit = NULL, nr_hit = 0, max_hit = 0, k;
	struct kdump_plan_tbl *t;
	u32 i;
	int ret;

	ret = plan_foreign_hits(p, &hit, &nr_hit, &max_hit);
	for (i = 0; !ret && nr_hit && i < p->nr_tbl; i++) {
		t = &p->tbl[i];
		if (t->why || t->identity)
			continue;
		for (k = t->tp_first; k < t->tp_end; k++) {
			if (pfn_in(hit, nr_hit, p->tpfn[k])) {
				t->foreign = true;
				break;
			}
		}
	}
	p->a->free(p->a->ctx, hit);
	return ret;
}

/*
 * The pages no writable mapping of this unit may keep: its own tables and
 * those of the units adopted before it. *@cut is @p->spfn when there are
 * no others, else a new array the caller frees.
 */
static int plan_cut_set(struct kdump_plan *p, u64 **cut, u64 *nr_cut)
{
	u64 nr = p->nr_spfn, max = 0, *v = NULL;
	u32 o;

	*cut = p->spfn;
	*nr_cut = p->nr_spfn;
	for (o = 0; o < p->nr_others; o++)
		nr += p->others[o]->nr_spfn;
	if (nr == p->nr_spfn)
		return 0;
	if (kdump_plan_grow(p, (void **)&v, &max, 0, sizeof(u64), nr))
		return -ENOMEM;
	memcpy(v, p->spfn, p->nr_spfn * sizeof(u64));
	nr = p->nr_spfn;
	for (o = 0; o < p->nr_others; o++) {
		memcpy(v + nr, p->others[o]->spfn,
		       p->others[o]->nr_spfn * sizeof(u64));
		nr += p->others[o]->nr_spfn;
	}
	*cut = v;
	*nr_cut = sort_unique_u64(v, nr);
	return 0;
}

/* Apply the cuts to one valid tree. */
static void plan_cut_tbl(struct kdump_plan *p, struct kdump_plan_tbl *t,
			 const u64 *cut, u64 nr_cut)
{
	struct kdump_runs keep = {};

	/* The runs are complete: the plan keeps them until the resets. */
	kdump_runs_trim(&t->runs, p->a);
	/* Nothing to cut and nothing to build: the runs are what is kept. */
	if (!t->identity && !t->foreign &&
	    !kdump_runs_need_cut(&t->runs, p->m->capture, p->m->nr_capture,
				 cut, nr_cut)) {
		t->keep = t->runs;
		return;
	}
	if (kdump_runs_cut(&keep, p->a, &t->runs, p->m->capture,
			   p->m->nr_capture, cut, nr_cut,
			   &t->cut_capture, &t->cut_table)) {
		kdump_runs_free(&keep, p->a);
		kdump_runs_free(&t->runs, p->a);
		t->why = KDUMP_BAD_BUDGET;
		return;
	}
	if (t->identity || t->foreign || t->cut_capture || t->cut_table) {
		kdump_runs_trim(&keep, p->a);
		t->keep = keep;
		t->built = true;
	} else {
		kdump_runs_free(&keep, p->a);
		t->keep = t->runs;
	}
}

/*
 * The domain ID a translating entry tags its cached translations with.
 * Entries whose caches are also tagged with their PASID (VT-d first
 * stage, a PASID other than RID_PASID: SVA binds every mm under one
 * domain ID) cannot mix with another PASID's and are left out.
 */
static bool xl_did(const struct kdump_plan_xl *xl, u32 *did)
{
	unsigned int i;

	if (!xl->x.nr_stages || xl->tbl == KDUMP_PLAN_NO_TBL)
		return false;
	if ((xl->x.flags & KDUMP_XLATE_F_PASID_TAGGED) &&
	    xl->id.pasid != KDUMP_NO_PASID)
		return false;
	for (i = 0; i < xl->x.nr_tags; i++) {
		if (xl->x.tag[i].space == KDUMP_TAG_DOMAIN) {
			*did = xl->x.tag[i].id;
			return true;
		}
	}
	return false;
}

/*
 * Translating entries that share a domain ID must share their page-table
 * tree: the IOTLB (and VT-d's PASID cache) tag what they cache with the
 * domain ID, so a device could be translated with another device's cached
 * mappings. Linux gives each domain one ID and one tree, so two trees
 * under one ID are not a state Linux left: every translation of that ID
 * is blocked. One u32 per distinct domain ID (the tags, sorted and
 * unique by now): the first tree seen, or a conflict mark.
 */
#define DID_NO_TBL	U32_MAX
#define DID_CONFLICT	(U32_MAX - 1)

/* Index of (KDUMP_TAG_DOMAIN, @did) in the sorted tags, or nr_tags. */
static u32 did_index(const struct kdump_plan *p, u32 did)
{
	const struct kdump_tag key = { .space = KDUMP_TAG_DOMAIN, .id = did };
	u32 lo = 0, hi = p->nr_tags, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (tag_cmp(&p->tags[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < p->nr_tags && tag_cmp(&p->tags[lo], &key))
		lo = p->nr_tags;
	return lo;
}

/* Block one translation that was adopted, for @why. */
static void xl_block(struct kdump_plan *p, struct kdump_plan_xl *xl,
		     enum kdump_bad why)
{
	if (!xl->why) {
		p->st.adopted--;
		p->st.blocked++;
		kdump_plan_xl_tbl(p, xl)->users--;
	}
	xl->why = why;
}

/*
 * @first has room for one u32 per tag (kdump_plan_finish() takes it before
 * the walks). If the budget had no room for it, no two adopted trees can
 * be told apart by domain ID: every adopted translation with a domain ID
 * is blocked for the budget (one by one, the unit goes on).
 */
static void plan_did_conflicts(struct kdump_plan *p, u32 *first)
{
	struct kdump_plan_xl *xl;
	u32 i, k, did;
	bool any = false;

	if (!p->nr_tags)
		return;
	if (!first) {
		for (i = 0; i < p->nr_xl; i++)
			if (!p->xl[i].why && xl_did(&p->xl[i], &did))
				xl_block(p, &p->xl[i], KDUMP_BAD_BUDGET);
		return;
	}
	for (i = 0; i < p->nr_tags; i++)
		first[i] = DID_NO_TBL;
	for (i = 0; i < p->nr_xl; i++) {
		xl = &p->xl[i];
		if (!xl_did(xl, &did))
			continue;
		k = did_index(p, did);
		if (k == p->nr_tags)
			continue;
		/* Trees are merged only with a neighbour: compare shapes. */
		if (first[k] == DID_NO_TBL) {
			first[k] = xl->tbl;
		} else if (first[k] != DID_CONFLICT &&
			   !same_stage(&p->tbl[first[k]].stage,
				       &p->tbl[xl->tbl].stage)) {
			first[k] = DID_CONFLICT;
			any = true;
		}
	}
	for (i = 0; any && i < p->nr_xl; i++) {
		xl = &p->xl[i];
		if (!xl_did(xl, &did))
			continue;
		k = did_index(p, did);
		if (k == p->nr_tags || first[k] != DID_CONFLICT)
			continue;
		xl_block(p, xl, KDUMP_BAD_CONFLICT);
	}
}

/**
 * kdump_plan_finish() - walk the trees and decide every verdict
 * @p: a plan the unit walker has reported into
 *
 * See the DOC: section above. Afterwards &kdump_plan_xl.why of every
 * translation is its verdict, the translations are sorted by ID, and
 * @p->tags lists every old ID once.
 *
 * Context: Any context the allocator and the old-memory reads allow. The
 * plans in @p->others must not change meanwhile (the kernel holds
 * kdump_mutex, see kdump_unit_finish()).
 */
void kdump_plan_finish(struct kdump_plan *p)
{
	struct kdump_plan_xl *xl;
	struct kdump_plan_tbl *t;
	u32 i, hint = KDUMP_PLAN_NO_TBL, *did_first = NULL;
	u64 limit, *cut = NULL, nr_cut = 0;

	if (p->err)
		kdump_plan_unit_bad(p, KDUMP_BAD_BUDGET);
	/* Every old ID once: the walks below neither add nor read tags. */
	if (p->nr_tags) {
		u32 n = 0;

		sort(p->tags, p->nr_tags, sizeof(*p->tags), tag_cmp, NULL);
		for (i = 1; i < p->nr_tags; i++)
			if (tag_cmp(&p->tags[i], &p->tags[n]))
				p->tags[++n] = p->tags[i];
		p->nr_tags = n + 1;
	}
	/*
	 * The domain-ID check at the end needs one u32 per old ID: taken
	 * before the walks, which may spend the rest of the budget.
	 */
	if (p->nr_tags && !p->unit_why)
		did_first = p->a->alloc(p->a->ctx,
					p->nr_tags * sizeof(*did_first));
	if (p->nr_xl)
		sort(p->xl, p->nr_xl, sizeof(*p->xl), xl_cmp, NULL);
	p->nr_spfn = sort_unique_u64(p->spfn, p->nr_spfn);
	p->nr_struct = p->nr_spfn;

	/* Trees: one per distinct root, one per identity shape. */
	for (i = 0; i < p->nr_xl && !p->unit_why; i++) {
		xl = &p->xl[i];
		if (xl->why)
			continue;
		if (xl->x.kind == KDUMP_XLATE_TRANSLATE && xl->x.nr_stages == 1)
			xl->tbl = tbl_get(p, &xl->x.stage[0], false, hint);
		else if (xl->x.kind == KDUMP_XLATE_BYPASS)
			xl->tbl = tbl_get(p, &xl->x.stage[0], true,
					  KDUMP_PLAN_NO_TBL);
		else if (xl->x.kind == KDUMP_XLATE_TRANSLATE)
			xl->why = KDUMP_BAD_TYPE;	/* nested: not yet */
		else
			continue;
		if (!xl->why && xl->tbl == KDUMP_PLAN_NO_TBL)
			xl->why = KDUMP_BAD_BUDGET;
		if (xl->x.kind == KDUMP_XLATE_TRANSLATE)
			hint = xl->tbl;
	}
	p->st.tables = p->nr_tbl;

	for (i = 0; i < p->nr_tbl; i++) {
		t = &p->tbl[i];
		if (t->identity) {
			limit = t->stage.ia_bits ? t->stage.ia_bits :
				t->stage.granule_shift +
				(t->stage.granule_shift - 3) * t->stage.levels;
			limit = limit >= 64 ? ~0ULL : BIT_ULL(limit);
			if (kdump_pt_check_stage(&t->stage))
				t->why = kdump_pt_check_stage(&t->stage);
			else if (kdump_runs_identity(&t->runs, p->a,
						     p->m->old_ram,
						     p->m->nr_old_ram,
						     p->m->capture,
						     p->m->nr_capture, limit))
				t->why = KDUMP_BAD_BUDGET;
		} else {
			plan_walk_tbl(p, t);
		}
		if (t->why)
			kdump_runs_free(&t->runs, p->a);
	}

	/* Every page the hardware reads translations from. */
	if (p->nr_tpfn) {
		if (kdump_plan_grow(p, (void **)&p->spfn, &p->max_spfn,
				    p->nr_spfn, sizeof(u64),
				    p->nr_spfn + p->nr_tpfn)) {
			kdump_plan_unit_bad(p, KDUMP_BAD_BUDGET);
		} else {
			memcpy(p->spfn + p->nr_spfn, p->tpfn,
			       p->nr_tpfn * sizeof(u64));
			p->nr_spfn = sort_unique_u64(p->spfn,
						     p->nr_spfn + p->nr_tpfn);
		}
	}

	/* Other units: their devices and their tables. */
	if (!p->unit_why && p->nr_others && plan_mark_foreign(p))
		kdump_plan_unit_bad(p, KDUMP_BAD_BUDGET);
	if (plan_cut_set(p, &cut, &nr_cut))
		kdump_plan_unit_bad(p, KDUMP_BAD_BUDGET);

	for (i = 0; i < p->nr_tbl; i++) {
		t = &p->tbl[i];
		if (t->why)
			continue;
		plan_cut_tbl(p, t, cut, nr_cut);
		if (t->why)
			continue;
		p->st.leaves += t->st.leaves;
		p->st.runs += t->keep.nr;
		p->st.cut_capture += t->cut_capture;
		p->st.cut_table += t->cut_table;
		p->st.built += t->built;
		p->st.foreign += t->foreign;
	}
	if (cut != p->spfn)
		p->a->free(p->a->ctx, cut);

	for (i = 0; i < p->nr_xl; i++) {
		xl = &p->xl[i];
		t = kdump_plan_xl_tbl(p, xl);
		if (!xl->why && t)
			xl->why = t->why;
		if (!xl->why)
			xl->why = kdump_plan_sid_blocked(p, xl->id.sid);
		if (xl->why) {
			p->st.blocked++;
		} else {
			p->st.adopted++;
			if (t)
				t->users++;
		}
	}

	p->st.blocked += p->nr_dropped;

	if (!p->unit_why)
		plan_did_conflicts(p, did_first);
	p->a->free(p->a->ctx, did_first);
	p->a->free(p->a->ctx, p->tpfn);
	p->tpfn = NULL;
	p->nr_tpfn = 0;
	p->max_tpfn = 0;
	p->a->free(p->a->ctx, p->scratch);
	p->scratch = NULL;
	p->scratch_size = 0;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_plan_finish);

