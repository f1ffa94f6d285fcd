// SPDX-License-Identifier: GPL-2.0
/*
 * The kdump IOMMU handover core: units and their adoption.
 *
 * Copyright (C) 2026 The kdump-iommu authors
 */

/**
 * DOC: kdump IOMMU handover
 *
 * After a panic the machine runs the kdump *capture kernel* while devices
 * keep doing DMA with the I/O addresses (IOVAs) the crashed *old kernel*
 * gave them. The IOMMUs are still enabled with the old kernel's tables. If
 * the capture kernel turns translation off, resets the IOMMU, or gives a
 * device a fresh domain before the device is reset, that DMA lands in the
 * wrong memory or floods the IOMMU with faults, and the dump is lost.
 *
 * With ``iommu=accept_active`` on the capture kernel's command line, each
 * IOMMU driver hands every unit it finds translating to this core with
 * iommu_kdump_adopt() and four operations (&struct iommu_kdump_ops):
 * describe the unit's old translations, replace an entry, block an entry,
 * release an entry. The core owns every decision. The driver's describe
 * runs a unit walker of its format (fmt_*.c) into an adoption plan
 * (plan.c), which validates every page table and decides what is adopted
 * and what is blocked; the core then has the driver install exactly the
 * entries that were validated, keeps a record of every translation and,
 * when the IOMMU core probes a device, of the device. A device is in one
 * of these states:
 *
 * adopted
 *	Its old translation was valid and is still in use: its DMA keeps
 *	landing where the old kernel mapped it. Mappings that reached capture
 *	memory or the hardware's own tables were cut out of it; a device the
 *	old kernel let bypass the IOMMU is confined to old RAM minus capture
 *	memory.
 * inherited
 *	A capture-kernel domain was attached before the device was reset. The
 *	old IOVA ranges are reserved in the domain (as reserved regions) and
 *	mapped to the same old pages before the domain's first use, so old
 *	DMA still lands in the old buffers and no new mapping reuses an old
 *	IOVA. The switch of the hardware entry only replaces the entry.
 * released
 *	The device was reset (any reset the PCI core performs, or
 *	iommu_kdump_device_reset_done() from its driver): the old mappings
 *	were unmapped, or its old entry removed.
 * blocked
 *	The old state of the device (or of its whole IOMMU) was invalid: its
 *	DMA faults, the faults are counted, translation stays enabled, and it
 *	gets no translating domain until it is reset.
 * unprotected
 *	No IOMMU covers the device; reported, nothing else possible.
 *
 * Devices that share an IOMMU group share its domain: every member's old
 * IOVAs are reserved and mapped in it, and resetting one member unmaps
 * only what no other un-reset member still uses.
 *
 * The vocabulary covers every IOMMU the handover knows (kdump.h): a
 * translation (&struct kdump_xlate) is what the hardware does with the
 * requests of one requester or stream ID and PASID or substream ID
 * (absent and faulting, absent and bypassing, abort, bypass, translate),
 * through up to two stages of page tables (&struct kdump_stage: format,
 * root, levels, granule, widths, concatenated roots), tagged with hardware
 * IDs the capture kernel's allocators must skip (&enum kdump_tag_space).
 *
 * - VT-d legacy mode: a context entry is one translation of its source ID
 *   (no PASID); pass-through is bypass; its DID is a domain tag.
 * - VT-d scalable mode: each present PASID table entry is a translation of
 *   (source ID, PASID); first-stage tables are the x86-64 format, second
 *   stage the VT-d format, both as a nested pair; the entry's DID is a
 *   domain tag.
 * - AMD-Vi: a device table entry is a translation of its device ID (IVRS
 *   aliases are further IDs of the same device); V=0 is absent-bypass,
 *   TV=0 or no permission abort, mode 0 bypass, mode 1..6 a v1 table; GCR3
 *   tables would be stage-1 translations per PASID.
 * - SMMUv3: an STE is a translation of its stream ID: Config abort and
 *   bypass map directly, stage 2 alone is one stage (VMID tag, concatenated
 *   roots), stage 1 is one translation per CD (substream ID, ASID tag),
 *   nested when stage 2 is on as well.
 * - SMMUv2: a stream-match entry (SMR with its S2CR) is a translation of
 *   each stream ID it matches: S2CR fault is abort, bypass is bypass, a
 *   translation context names a context bank whose TCR, TTBR and CBAR give
 *   the stage, ASID and VMID; the SMR and bank indices are tags too. Its
 *   state is read from registers through the same plan interface.
 *
 * Faults from adopted, inherited and blocked devices are counted per
 * translation and rate-limited. debugfs ``iommu/kdump/report`` lists every
 * device; one dmesg line sums it up after boot (report.c).
 */

#define pr_fmt(fmt) "kdump-iommu: " fmt

#include <kunit/static_stub.h>
#include <kunit/visibility.h>
#include <linux/device.h>
#include <linux/init.h>
#include <linux/iommu.h>
#include <linux/mem_encrypt.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/sched/clock.h>
#include <linux/slab.h>
#include <linux/string.h>

#ifdef CONFIG_X86
#include <linux/cacheflush.h>
#endif

#include "core.h"

LIST_HEAD(kdump_units);
LIST_HEAD(kdump_devs);

const char * const kdump_state_names[IOMMU_KDUMP_NR_STATES] = {
	[IOMMU_KDUMP_UNPROTECTED]	= "unprotected",
	[IOMMU_KDUMP_ADOPTED]		= "adopted",
	[IOMMU_KDUMP_INHERITED]		= "inherited",
	[IOMMU_KDUMP_RELEASED]		= "released",
	[IOMMU_KDUMP_BLOCKED]		= "blocked",
};

/* Each allocation carries its size, for the budget. */
struct kdump_blob {
	size_t size;
	u64 data[];
};

static void *kdump_unit_alloc(void *ctx, size_t size)
{
	struct iommu_kdump_unit *unit = ctx;
	struct kdump_blob *b;
	size_t total = size + sizeof(*b);

	if (total < size || total > unit->budget - unit->used)
		return NULL;
	b = kvzalloc(total, GFP_KERNEL | __GFP_NOWARN);
	if (!b)
		return NULL;
	b->size = total;
	unit->used += total;
	return b->data;
}

static void kdump_unit_free(void *ctx, void *p)
{
	struct iommu_kdump_unit *unit = ctx;
	struct kdump_blob *b;

	if (!p)
		return;
	b = container_of(p, struct kdump_blob, data[0]);
	unit->used -= b->size;
	kvfree(b);
}

/* A table the hardware will read: naturally aligned, zeroed, charged. */
static void *kdump_unit_page(void *ctx, size_t size, u64 *hw)
{
	struct iommu_kdump_unit *unit = ctx;
	unsigned int order = get_order(size);
	struct page *page;

	if (PAGE_SIZE << order > unit->budget - unit->used)
		return NULL;
	page = alloc_pages(GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN, order);
	if (!page)
		return NULL;
	set_page_private(page, order);
	list_add_tail(&page->lru, &unit->pages);
	unit->used += PAGE_SIZE << order;
	*hw = page_to_phys(page);
	if (unit->enc_bit)
		*hw = __sme_set(*hw);
	return page_address(page);
}

/* Give back the tables allocated after @mark (a failed build). */
static void kdump_unit_pages_trim(struct iommu_kdump_unit *unit,
				  struct list_head *mark)
{
	struct page *page, *next;

	page = list_entry(mark->next, struct page, lru);
	list_for_each_entry_safe_from(page, next, &unit->pages, lru) {
		list_del(&page->lru);
		unit->used -= PAGE_SIZE << page_private(page);
		__free_pages(page, page_private(page));
	}
}

/* Make built tables visible to a unit that does not snoop CPU caches. */
static void kdump_unit_pages_flush(struct iommu_kdump_unit *unit,
				   struct list_head *mark)
{
#ifdef CONFIG_X86
	struct page *page;

	if (!unit->noncoherent)
		return;
	page = list_entry(mark->next, struct page, lru);
	list_for_each_entry_from(page, &unit->pages, lru)
		clflush_cache_range(page_address(page),
				    PAGE_SIZE << page_private(page));
#endif
}

/*
 * The unit's budget: a sixteenth of this kernel's memory, within bounds,
 * for everything the handover keeps (translations, runs, built tables).
 * Beyond it the tree or translation being planned is blocked with a
 * clear reason, and the capture kernel keeps the rest of its memory.
 */
static u64 kdump_unit_budget(void)
{
	u64 mem = (u64)totalram_pages() << PAGE_SHIFT;

	return clamp_t(u64, mem / 16, SZ_4M, SZ_256M);
}

static const struct kdump_walk_limits kdump_limits = {
	.max_tables = 1 << 16,
	.max_leaves = 1 << 22,
	.max_total_tables = 1 << 18,
};

/* Build the capture-owned tree of @t once. */
static enum kdump_bad kdump_build_tbl(struct iommu_kdump_unit *unit,
				      struct kdump_plan_tbl *t)
{
	struct list_head *mark = unit->pages.prev;
	enum kdump_bad why;

	if (t->own_root)
		return KDUMP_OK;
	why = kdump_pt_build(&t->stage, &unit->alloc, &t->keep, &t->own_root,
			     &t->own_tables);
	if (why) {
		kdump_unit_pages_trim(unit, mark);
		t->own_root = 0;
		return why;
	}
	kdump_unit_pages_flush(unit, mark);
	return KDUMP_OK;
}

/* Install one adopted translation, or block it. */
static void kdump_install(struct iommu_kdump_unit *unit,
			  struct kdump_plan_xl *xl)
{
	struct kdump_plan_tbl *t = kdump_plan_xl_tbl(&unit->plan, xl);
	struct kdump_stage own;
	int ret;

	if (!xl->why && t && t->built) {
		xl->why = kdump_build_tbl(unit, t);
		own = t->stage;
		own.root = t->own_root;
	}
	if (!xl->why) {
		ret = unit->ops->replace(unit, xl, t && t->built ? &own : NULL);
		if (ret)
			xl->why = KDUMP_BAD_TYPE;
	}
	if (xl->why) {
		unit->ops->block(unit, xl);
		pr_warn("%s: sid %#x pasid %#x: old entry blocked: %s\n",
			unit->name, xl->id.sid, xl->id.pasid,
			kdump_bad_str(xl->why));
	} else if (t && (t->cut_capture || t->cut_table)) {
		pr_warn("%s: sid %#x: %llu KiB of old mappings cut (%llu KiB into capture memory, %llu KiB over IOMMU tables); the rest adopted\n",
			unit->name, xl->id.sid,
			(t->cut_capture + t->cut_table) >> 10,
			t->cut_capture >> 10, t->cut_table >> 10);
	}
}

static void kdump_unit_init(struct iommu_kdump_unit *unit,
			    const struct iommu_kdump_unit_desc *desc)
{
	strscpy(unit->name, desc->name, sizeof(unit->name));
	unit->ops = desc->ops;
	unit->priv = desc->priv;
	unit->enc_bit = desc->enc_bit;
	unit->noncoherent = desc->noncoherent;
	unit->alloc.alloc = kdump_unit_alloc;
	unit->alloc.free = kdump_unit_free;
	unit->alloc.page = kdump_unit_page;
	unit->alloc.ctx = unit;
	unit->budget = kdump_unit_budget();
	INIT_LIST_HEAD(&unit->pages);
	atomic64_set(&unit->faults, 0);
	ratelimit_state_init(&unit->rs, 5 * HZ, 3);
}

/*
 * Finish @unit's plan knowing the units adopted before it (verdict.c): no
 * unit may keep reading a page-table page another unit's adopted device
 * can write. Their plans do not change after adoption; kdump_mutex keeps
 * the list stable meanwhile.
 */
static void kdump_unit_finish(struct iommu_kdump_unit *unit)
{
	struct kdump_plan *p = &unit->plan;
	const struct kdump_plan **others = NULL;
	struct iommu_kdump_unit *o;
	u32 nr, n = 0;

	mutex_lock(&kdump_mutex);
	nr = list_count_nodes(&kdump_units);
	if (nr) {
		others = unit->alloc.alloc(unit, nr * sizeof(*others));
		if (!others)
			kdump_plan_unit_bad(p, KDUMP_BAD_BUDGET);
	}
	if (others) {
		list_for_each_entry(o, &kdump_units, node)
			others[n++] = &o->plan;
		p->others = others;
		p->nr_others = n;
	}
	kdump_plan_finish(p);
	p->others = NULL;
	p->nr_others = 0;
	mutex_unlock(&kdump_mutex);
	unit->alloc.free(unit, others);
}

static void kdump_unit_run(struct iommu_kdump_unit *unit,
			   const struct kdump_oldmem *m)
{
	u64 start = local_clock();
	struct kdump_plan *p = &unit->plan;
	u32 i;
	int ret;

	kdump_plan_init(p, m, &unit->alloc, &kdump_limits);
	if (!m) {
		kdump_plan_unit_bad(p, KDUMP_BAD_NOT_OLD_RAM);
	} else {
		ret = unit->ops->describe(unit, p);
		if (ret && !p->unit_why)
			kdump_plan_unit_bad(p, ret == -ENOMEM ? KDUMP_BAD_BUDGET :
					    KDUMP_BAD_READ);
	}
	kdump_unit_finish(unit);

	if (p->nr_xl) {
		unit->rt = kvcalloc(p->nr_xl, sizeof(*unit->rt), GFP_KERNEL);
		if (!unit->rt) {
			/* Nothing can be tracked: nothing is adopted. */
			kdump_plan_unit_bad(p, KDUMP_BAD_BUDGET);
			for (i = 0; i < p->nr_xl; i++)
				p->xl[i].why = KDUMP_BAD_BUDGET;
		}
	}
	for (i = 0; i < p->nr_xl; i++) {
		kdump_install(unit, &p->xl[i]);
		if (!unit->rt)
			continue;
		atomic64_set(&unit->rt[i].faults, 0);
		ratelimit_state_init(&unit->rt[i].rs, 5 * HZ, 3);
		ratelimit_set_flags(&unit->rt[i].rs, RATELIMIT_MSG_ON_RELEASE);
		unit->rt[i].state = p->xl[i].why ? IOMMU_KDUMP_BLOCKED :
				    IOMMU_KDUMP_ADOPTED;
		unit->rt[i].on_old = !p->xl[i].why;
	}
	/*
	 * Without run-time state no translation can be looked up: every ID
	 * is then blocked by the unit's reason (kdump_plan_sid_blocked()).
	 */
	if (!unit->rt)
		p->nr_xl = 0;
	unit->handover_ns = local_clock() - start;
	for (i = 0; i < p->nr_blk && !p->unit_why; i++)
		pr_warn("%s: IDs %#x-%#x share a bad table (%s): blocked\n",
			unit->name, p->blk[i].first, p->blk[i].last,
			kdump_bad_str(p->blk[i].why));
	if (p->unit_why)
		pr_warn("%s: old translation state unusable (%s): every device blocked, translation stays enabled\n",
			unit->name, kdump_bad_str(p->unit_why));
	else if (p->xl_full)
		pr_warn("%s: sid %#x and up: %u old entries blocked: %s\n",
			unit->name, p->xl_full_sid, p->nr_dropped,
			kdump_bad_str(KDUMP_BAD_BUDGET));
	if (p->st.foreign)
		pr_warn("%s: %llu page-table trees built anew: devices of other units may write their old tables\n",
			unit->name, p->st.foreign);
	pr_info("%s: %llu translations: %llu adopted, %llu blocked; %llu page-table trees (%llu tables, %llu mappings, %llu built anew); %llu KiB cut; %llu KiB used; %llu us\n",
		unit->name, p->st.xlates, p->st.adopted, p->st.blocked,
		p->st.tables, p->st.tables_read, p->st.leaves, p->st.built,
		(p->st.cut_capture + p->st.cut_table) >> 10, unit->used >> 10,
		unit->handover_ns / NSEC_PER_USEC);
}

static struct iommu_kdump_unit *
kdump_unit_adopt(const struct iommu_kdump_unit_desc *desc,
		 const struct kdump_oldmem *m)
{
	struct iommu_kdump_unit *unit;

	/* Small, at boot: there is no way on without a record of the unit. */
	unit = kzalloc(sizeof(*unit), GFP_KERNEL | __GFP_NOFAIL);
	kdump_unit_init(unit, desc);
	kdump_unit_run(unit, m);
	/* Readers of the plan and the run-time state see them complete. */
	smp_store_release(&unit->adopted, true);
	mutex_lock(&kdump_mutex);
	list_add_tail(&unit->node, &kdump_units);
	mutex_unlock(&kdump_mutex);
	return unit;
}

/**
 * iommu_kdump_adopt() - hand one IOMMU unit's old state to the core
 * @desc: the unit and the driver's operations
 *
 * Runs @desc->ops->describe, plans the adoption, builds the tables it
 * needs and calls @desc->ops->replace for every translation adopted and
 * @desc->ops->block for every one blocked. If the unit's old state is
 * unusable as a whole, every translation and every ID is blocked.
 *
 * Context: process context, may sleep; or early boot before the scheduler
 * runs anything else (AMD-Vi with IRQ remapping calls it with interrupts
 * disabled from enable_IR_x2apic(), while system_state is SYSTEM_BOOTING).
 * Return: the unit. It lives as long as the capture kernel; there is
 * nothing to undo.
 */
struct iommu_kdump_unit *
iommu_kdump_adopt(const struct iommu_kdump_unit_desc *desc)
{
	/* A driver's KUnit test hands its own old memory in. */
	KUNIT_STATIC_STUB_REDIRECT(iommu_kdump_adopt, desc);
	might_sleep();
	return kdump_unit_adopt(desc, kdump_oldmem());
}

/**
 * iommu_kdump_unit_priv() - the driver's instance of a unit
 * @unit: the unit
 *
 * Context: any context.
 * Return: the @priv of the unit's description.
 */
void *iommu_kdump_unit_priv(struct iommu_kdump_unit *unit)
{
	return unit->priv;
}
EXPORT_SYMBOL_IF_KUNIT(iommu_kdump_unit_priv);

/**
 * iommu_kdump_id_used() - did an old entry of the unit use a hardware ID?
 * @unit: the unit, or NULL
 * @space: an &enum kdump_tag_space
 * @id: the ID
 *
 * Every old entry's IDs count, valid or not: caches may hold translations
 * tagged with them until the unit is invalidated.
 *
 * Context: any context.
 * Return: true if the driver's allocator must skip @id.
 */
bool iommu_kdump_id_used(struct iommu_kdump_unit *unit, unsigned int space,
			 u32 id)
{
	/* Pairs with the release in kdump_unit_adopt(): a complete plan. */
	if (!unit || !smp_load_acquire(&unit->adopted))
		return false;
	return kdump_plan_tag_used(&unit->plan, space, id);
}
EXPORT_SYMBOL_IF_KUNIT(iommu_kdump_id_used);

#if IS_ENABLED(CONFIG_KUNIT)
/**
 * kdump_unit_adopt_with() - iommu_kdump_adopt() with a made-up old memory
 * @desc: the unit
 * @m: its old memory
 *
 * Context: process context, may sleep.
 * Return: the unit; undo with kdump_unit_destroy().
 */
struct iommu_kdump_unit *
kdump_unit_adopt_with(const struct iommu_kdump_unit_desc *desc,
		      const struct kdump_oldmem *m)
{
	return kdump_unit_adopt(desc, m);
}
EXPORT_SYMBOL_IF_KUNIT(kdump_unit_adopt_with);

/**
 * kdump_unit_destroy() - forget a unit and everything it holds
 * @unit: a unit made for a test; no device may still refer to it
 *
 * Context: process context, may sleep.
 */
void kdump_unit_destroy(struct iommu_kdump_unit *unit)
{
	struct list_head *head = &unit->pages;

	mutex_lock(&kdump_mutex);
	list_del(&unit->node);
	mutex_unlock(&kdump_mutex);
	if (!list_empty(head))
		kdump_unit_pages_trim(unit, head);
	kdump_plan_free(&unit->plan);
	kvfree(unit->rt);
	kfree(unit);
}
EXPORT_SYMBOL_IF_KUNIT(kdump_unit_destroy);
#endif
