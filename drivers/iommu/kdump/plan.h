/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The adoption plan of one IOMMU unit (plan.c): what a unit walker found,
 * the page tables behind it, and the verdict on each old translation.
 * Pure: built in the kernel, in KUnit and in user space alike.
 */
#ifndef __DRIVERS_IOMMU_KDUMP_PLAN_H
#define __DRIVERS_IOMMU_KDUMP_PLAN_H

#include "kdump.h"

#define KDUMP_PLAN_NO_TBL	(~0U)

/**
 * struct kdump_plan_tbl - one tree of page tables, shared by the
 *	translations that use it
 * @stage: the tree (a zero root for a confining identity table)
 * @why: %KDUMP_OK if the tree may be used, else why not
 * @identity: the tree is to be built: it maps old RAM minus capture memory
 *	1:1, for translations the old kernel let bypass the IOMMU
 * @built: the tree must be built in capture memory from @keep (identity,
 *	or mappings were cut); the core sets @own_root when it is
 * @runs: what the old tree maps (or the identity map); reserved in every
 *	new domain of the translations' devices
 * @keep: what may stay reachable: @runs minus the cut pages. Equal to
 *	@runs (the same blocks) unless @built
 * @cut_capture: bytes cut because they reach capture memory
 * @cut_table: bytes cut because a writable mapping covered a table page
 * @foreign: an adopted device of another unit may write one of the tree's
 *	tables: the tree is built anew from what was validated, and the
 *	unit never reads the old tables again
 * @tp_first: index of the tree's first page table in &kdump_plan.tpfn;
 *	meaningful during kdump_plan_finish() only (stale afterwards, when
 *	@tpfn is freed)
 * @tp_end: one past its last
 * @st: what the walk saw
 * @own_root: hardware address of the built tree, 0 until built
 * @own_tables: tables the built tree has
 * @users: adopted translations that use the tree
 */
struct kdump_plan_tbl {
	struct kdump_stage stage;
	u8 why;
	bool identity;
	bool built;
	bool foreign;
	struct kdump_runs runs;
	struct kdump_runs keep;
	u64 cut_capture;
	u64 cut_table;
	u64 tp_first;
	u64 tp_end;
	struct kdump_walk_stats st;
	u64 own_root;
	unsigned int own_tables;
	unsigned int users;
};

/**
 * struct kdump_plan_xl - one old translation and its verdict
 * @id: the requests it applies to
 * @x: the decoded translation
 * @raw: the entry exactly as the walker read and decoded it
 * @raw_len: bytes in @raw
 * @why: what was wrong with the entry itself, then (after
 *	kdump_plan_finish()) the verdict: %KDUMP_OK to adopt it
 * @tbl: index of its page-table tree in &kdump_plan.tbl, or
 *	%KDUMP_PLAN_NO_TBL
 */
struct kdump_plan_xl {
	struct kdump_xlate_id id;
	struct kdump_xlate x;
	u8 raw[KDUMP_RAW_MAX];
	u8 raw_len;
	u8 why;
	u32 tbl;
};

/**
 * struct kdump_plan_blk - a range of IDs whose shared state was bad
 * @first: first ID
 * @last: last ID
 * @why: what was wrong
 */
struct kdump_plan_blk {
	u32 first;
	u32 last;
	u8 why;
};

/**
 * struct kdump_plan_stats - what kdump_plan_finish() did
 * @xlates: translations reported
 * @adopted: translations adopted
 * @blocked: translations blocked
 * @tables: distinct page-table trees
 * @tables_read: page tables read in total
 * @leaves: leaves of the valid trees
 * @runs: runs of the valid trees
 * @cut_capture: bytes cut for capture memory, over all trees
 * @cut_table: bytes cut for table pages, over all trees
 * @built: trees to build in capture memory
 * @foreign: of those, trees built because another unit's device may
 *	write them
 */
struct kdump_plan_stats {
	u64 xlates;
	u64 adopted;
	u64 blocked;
	u64 tables;
	u64 tables_read;
	u64 leaves;
	u64 runs;
	u64 cut_capture;
	u64 cut_table;
	u64 built;
	u64 foreign;
};

/**
 * struct kdump_plan - the adoption plan of one IOMMU unit
 * @m: old memory
 * @a: where the plan's memory comes from (a budget, in the kernel)
 * @lim: walk limits; @lim.max_total_tables bounds the unit
 * @unit_why: %KDUMP_OK, or why the whole unit is blocked
 * @xl: the translations, sorted by ID after kdump_plan_finish()
 * @nr_xl: entries used in @xl
 * @max_xl: entries allocated
 * @tbl: the page-table trees
 * @nr_tbl: entries used in @tbl
 * @max_tbl: entries allocated
 * @blk: blocked ID ranges
 * @nr_blk: entries used in @blk
 * @max_blk: entries allocated
 * @spfn: page frames (4 KiB) of structure tables, then of every table the
 *	hardware reads (sorted, distinct after kdump_plan_finish())
 * @nr_spfn: entries used in @spfn
 * @max_spfn: entries allocated
 * @tpfn: page frames of page tables, gathered during the walks
 * @nr_tpfn: entries used in @tpfn
 * @max_tpfn: entries allocated
 * @nr_struct: entries of @spfn that are structure tables
 * @tags: every hardware ID an old entry used, valid or not; sorted and
 *	distinct after kdump_plan_finish()
 * @nr_tags: entries used in @tags
 * @max_tags: entries allocated
 * @scratch: walk scratch memory
 * @scratch_size: its size
 * @others: the finished plans of the units adopted before this one, or
 *	NULL; set before kdump_plan_finish(), which reads their @spfn and
 *	adopted runs to protect the tables of one unit from the devices of
 *	another (see verdict.c)
 * @nr_others: entries in @others
 * @xl_full: the budget had no room for another translation record;
 *	from @xl_full_sid on, translations are not kept and their IDs are
 *	blocked (the drivers' new tables start blocking every ID, so an ID
 *	without a record is blocked in hardware already)
 * @xl_full_sid: the first ID whose translation was not kept
 * @nr_dropped: translations not kept
 * @err: the first allocation failure while reporting (-ENOMEM) that
 *	blocks the whole unit (a hardware ID, or a range of blocked IDs,
 *	that could not be recorded)
 * @st: what the plan did
 */
struct kdump_plan {
	const struct kdump_oldmem *m;
	const struct kdump_alloc *a;
	struct kdump_walk_limits lim;
	enum kdump_bad unit_why;
	struct kdump_plan_xl *xl;
	u32 nr_xl;
	u32 max_xl;
	struct kdump_plan_tbl *tbl;
	u32 nr_tbl;
	u32 max_tbl;
	struct kdump_plan_blk *blk;
	u32 nr_blk;
	u32 max_blk;
	u64 *spfn;
	u64 nr_spfn;
	u64 max_spfn;
	u64 *tpfn;
	u64 nr_tpfn;
	u64 max_tpfn;
	u64 nr_struct;
	struct kdump_tag *tags;
	u32 nr_tags;
	u32 max_tags;
	void *scratch;
	size_t scratch_size;
	const struct kdump_plan * const *others;
	u32 nr_others;
	bool xl_full;
	u32 xl_full_sid;
	u32 nr_dropped;
	int err;
	struct kdump_plan_stats st;
};

int kdump_plan_grow(struct kdump_plan *p, void **arr, u64 *max, u64 nr,
		    size_t size, u64 need);
int kdump_plan_grow32(struct kdump_plan *p, void **arr, u32 *max, u32 nr,
		      size_t size);
int kdump_plan_add_pfns(struct kdump_plan *p, u64 **arr, u64 *nr, u64 *max,
			u64 pa, u64 size);
void kdump_plan_init(struct kdump_plan *p, const struct kdump_oldmem *m,
		     const struct kdump_alloc *a,
		     const struct kdump_walk_limits *lim);
void kdump_plan_sink(struct kdump_plan *p, struct kdump_sink *sink);
int kdump_plan_add_tag(struct kdump_plan *p, enum kdump_tag_space space,
		       u32 id);
void kdump_plan_unit_bad(struct kdump_plan *p, enum kdump_bad why);
void kdump_plan_finish(struct kdump_plan *p);
void kdump_plan_free(struct kdump_plan *p);
u32 kdump_plan_find(const struct kdump_plan *p, u32 sid, u32 *nr);
enum kdump_bad kdump_plan_sid_blocked(const struct kdump_plan *p, u32 sid);
bool kdump_plan_tag_used(const struct kdump_plan *p,
			 enum kdump_tag_space space, u32 id);

/**
 * kdump_plan_xl_tbl() - the page-table tree of a translation
 * @p: the plan
 * @xl: one of its translations
 *
 * Return: the tree, or NULL if the translation has none.
 */
static inline struct kdump_plan_tbl *
kdump_plan_xl_tbl(const struct kdump_plan *p, const struct kdump_plan_xl *xl)
{
	return xl->tbl == KDUMP_PLAN_NO_TBL ? NULL : &p->tbl[xl->tbl];
}

#endif /* __DRIVERS_IOMMU_KDUMP_PLAN_H */
