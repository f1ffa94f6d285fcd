/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The vocabulary of the kdump IOMMU handover: what the pure code (old
 * memory, page-table walks and builds, the per-format decoders and the
 * adoption plan) shares with the core and the IOMMU drivers. Nothing here
 * needs the rest of the kernel; the same objects build in KUnit and in
 * user space (tools/testing/selftests/iommu/kdump/unit).
 *
 * See the DOC: blocks in mem.c, pt.c and plan.c for the words used here.
 */
#ifndef __DRIVERS_IOMMU_KDUMP_KDUMP_H
#define __DRIVERS_IOMMU_KDUMP_KDUMP_H

#include <linux/types.h>
#include <linux/bits.h>

/* ------------------------------------------------------------------ */
/* Old memory and capture memory (mem.c)                               */

/**
 * struct kdump_range - a physical address range
 * @start: first byte
 * @end: one past the last byte; a range with @end <= @start is empty
 */
struct kdump_range {
	u64 start;
	u64 end;
};

/**
 * struct kdump_oldmem - how the pure code sees memory
 * @read: copy @len bytes of old physical memory at @pa into @buf; returns 0
 *	or -EIO. The pure code calls it only for ranges kdump_check_table()
 *	accepted (and kdump_elfcorehdr_ranges() for the header itself).
 * @ctx: passed to @read
 * @old_ram: the old kernel's RAM, from the ELF core header; sorted by
 *	address, merged, no empty range (kdump_ranges_normalize())
 * @nr_old_ram: entries in @old_ram
 * @capture: every page the capture kernel owns; sorted and merged too
 * @nr_capture: entries in @capture
 */
struct kdump_oldmem {
	int (*read)(void *ctx, u64 pa, void *buf, size_t len);
	void *ctx;
	const struct kdump_range *old_ram;
	unsigned int nr_old_ram;
	const struct kdump_range *capture;
	unsigned int nr_capture;
};

/**
 * enum kdump_bad - why old state cannot be adopted as it is
 * @KDUMP_OK: nothing wrong
 * @KDUMP_BAD_ALIGN: a table pointer is not aligned to its table size
 * @KDUMP_BAD_NOT_OLD_RAM: a table pointer is outside old RAM
 * @KDUMP_BAD_IN_CAPTURE: a table pointer points into capture memory
 * @KDUMP_BAD_READ: reading old RAM failed
 * @KDUMP_BAD_RSVD: an entry has reserved bits set
 * @KDUMP_BAD_WIDTH: an address width or entry size the hardware lacks
 * @KDUMP_BAD_DID: a domain ID (or ASID/VMID) beyond what the hardware has
 * @KDUMP_BAD_TYPE: a translation type or format the hardware or we lack
 * @KDUMP_BAD_LOOP: a table refers to itself or to one of its ancestors
 * @KDUMP_BAD_TOO_BIG: the tables exceed the walk limits
 * @KDUMP_BAD_LEAF_IN_CAPTURE: a mapping's output overlaps capture memory
 *	(a reason to cut the mapping, not to block the device)
 * @KDUMP_BAD_OVERFLOW: an address range wraps or a header is truncated
 * @KDUMP_BAD_ABORTED: a caller's callback asked to stop
 * @KDUMP_BAD_MAPS_TABLE: a writable mapping covers a page the hardware
 *	reads translations from (a reason to cut the mapping)
 * @KDUMP_BAD_BUDGET: the unit's memory or walk budget is spent
 * @KDUMP_BAD_CONFLICT: two entries claim the same thing (SMMUv2 SMRs, one
 *	domain ID with two page-table trees)
 * @KDUMP_BAD_MAX: number of values, not a reason
 */
enum kdump_bad {
	KDUMP_OK = 0,
	KDUMP_BAD_ALIGN,
	KDUMP_BAD_NOT_OLD_RAM,
	KDUMP_BAD_IN_CAPTURE,
	KDUMP_BAD_READ,
	KDUMP_BAD_RSVD,
	KDUMP_BAD_WIDTH,
	KDUMP_BAD_DID,
	KDUMP_BAD_TYPE,
	KDUMP_BAD_LOOP,
	KDUMP_BAD_TOO_BIG,
	KDUMP_BAD_LEAF_IN_CAPTURE,
	KDUMP_BAD_OVERFLOW,
	KDUMP_BAD_ABORTED,
	KDUMP_BAD_MAPS_TABLE,
	KDUMP_BAD_BUDGET,
	KDUMP_BAD_CONFLICT,
	KDUMP_BAD_MAX
};

const char *kdump_bad_str(enum kdump_bad why);

unsigned int kdump_ranges_normalize(struct kdump_range *r, unsigned int nr);
bool kdump_ranges_overlap(const struct kdump_range *r, unsigned int nr,
			  u64 start, u64 end);
bool kdump_ranges_contain(const struct kdump_range *r, unsigned int nr,
			  u64 start, u64 end);
unsigned int kdump_capture_ranges(struct kdump_range *r, unsigned int nr_ram,
				  const struct kdump_range *hdr,
				  const struct kdump_range *initrd);
enum kdump_bad kdump_check_table(const struct kdump_oldmem *m, u64 pa, u64 len,
				 u64 align);
enum kdump_bad kdump_elfcorehdr_ranges(const struct kdump_oldmem *m,
				       u64 hdr_pa, u64 hdr_len,
				       struct kdump_range *out,
				       unsigned int max, unsigned int *nr);

/* ------------------------------------------------------------------ */
/* Translations                                                        */

/**
 * enum kdump_xlate_kind - what the hardware does with a request
 * @KDUMP_XLATE_ABSENT_FAULT: no entry; the request faults (VT-d P=0,
 *	SMMUv3 STE.V=0)
 * @KDUMP_XLATE_ABSENT_BYPASS: no entry; the request passes untranslated
 *	(AMD-Vi DTE.V=0, an SMMUv2 stream that matches no SMR with
 *	sCR0.USFCFG=0)
 * @KDUMP_XLATE_ABORT: an entry that refuses every request (AMD-Vi TV=0 or
 *	no permission, SMMUv3 Config abort, SMMUv2 S2CR FAULT)
 * @KDUMP_XLATE_BYPASS: an entry that passes requests untranslated (VT-d
 *	pass-through, AMD-Vi mode 0 with IR/IW, SMMUv3 Config bypass, SMMUv2
 *	S2CR BYPASS): DMA addresses are physical addresses
 * @KDUMP_XLATE_TRANSLATE: translated through one or two stages of page
 *	tables
 */
enum kdump_xlate_kind {
	KDUMP_XLATE_ABSENT_FAULT,
	KDUMP_XLATE_ABSENT_BYPASS,
	KDUMP_XLATE_ABORT,
	KDUMP_XLATE_BYPASS,
	KDUMP_XLATE_TRANSLATE,
};

/* Mapping permissions. */
#define KDUMP_PROT_READ		BIT(0)
#define KDUMP_PROT_WRITE	BIT(1)
#define KDUMP_PROT_RW		(KDUMP_PROT_READ | KDUMP_PROT_WRITE)

/* Memory attributes a translation or a mapping carries. */
#define KDUMP_ATTR_SNOOP	BIT(0)	/* coherent with CPU caches */
#define KDUMP_ATTR_DEVICE	BIT(1)	/* device (uncached) memory type */

/* Translation flags. */
#define KDUMP_XLATE_F_FPD	BIT(0)	/* fault reporting disabled */
#define KDUMP_XLATE_F_ATS	BIT(1)	/* translated requests allowed (ATS) */
#define KDUMP_XLATE_F_PRI	BIT(2)	/* page requests allowed (PRI) */
/* Cached translations are tagged with the PASID too (VT-d first stage). */
#define KDUMP_XLATE_F_PASID_TAGGED	BIT(3)

/* Deepest page table of any supported format (AMD-Vi v1: 6 levels). */
#define KDUMP_PT_MAX_LEVELS	6

struct kdump_stage;

/**
 * enum kdump_pte_kind - what a decoded page-table entry is
 * @KDUMP_PTE_NONE: not present
 * @KDUMP_PTE_TABLE: points to a next-level table
 * @KDUMP_PTE_LEAF: maps a page or block
 */
enum kdump_pte_kind {
	KDUMP_PTE_NONE,
	KDUMP_PTE_TABLE,
	KDUMP_PTE_LEAF,
};

/**
 * struct kdump_pte - a decoded page-table entry
 * @kind: none, table or leaf
 * @addr: next-level table or output address; for a leaf with @page_shift,
 *	the start of the whole page
 * @prot: KDUMP_PROT_* of a leaf
 * @page_shift: 0, or log2 of the page a leaf belongs to when that page is
 *	larger than the input range the entry covers (AMD-Vi next level 7:
 *	the entry is one of several copies of the page's entry). The walker
 *	then maps the entry's range to @addr plus the offset in the page.
 */
struct kdump_pte {
	enum kdump_pte_kind kind;
	u64 addr;
	u32 prot;
	u8 page_shift;
};

/**
 * struct kdump_pt_fmt - a page-table format
 * @name: short name for messages
 * @min_levels: fewest levels a table of this format has
 * @max_levels: most levels, at most %KDUMP_PT_MAX_LEVELS
 * @granules: granule sizes the format has, a mask of BIT(shift - 12)
 *	(BIT(0) 4 KiB, BIT(2) 16 KiB, BIT(4) 64 KiB)
 * @pte_size: bytes per entry (8); entries are little-endian
 * @decode: decode @pte found at @level (1 is the last level) of a table
 *	of @s; returns %KDUMP_OK or why the entry is bad. Must not return
 *	%KDUMP_PTE_TABLE at level 1.
 * @mk_table: optional; the entry at @level that points to the next-level
 *	table at @pa (what this format's own driver would write)
 * @mk_leaf: optional; the entry at @level that maps @pa with @prot
 *	(a leaf above level 1 only where @s->leaf_levels allows it)
 *
 * A format is pure data plus pure functions, so one walker and one
 * builder serve every format.
 */
struct kdump_pt_fmt {
	const char *name;
	u8 min_levels;
	u8 max_levels;
	u8 granules;
	u8 pte_size;
	enum kdump_bad (*decode)(const struct kdump_stage *s, u64 pte,
				 unsigned int level, struct kdump_pte *out);
	u64 (*mk_table)(const struct kdump_stage *s, u64 pa,
			unsigned int level);
	u64 (*mk_leaf)(const struct kdump_stage *s, u64 pa, unsigned int level,
		       u32 prot);
};

/**
 * struct kdump_stage - one stage of page tables
 * @fmt: the format
 * @root: address of the first root table: physical for a single stage or
 *	a stage 2, intermediate physical (IPA) for a stage 1 behind a stage 2
 * @levels: levels a walk goes through, root included (the start level of
 *	ARM LPAE is 4 - @levels for a 4 KiB granule)
 * @granule_shift: log2 of the table and smallest page size (12, 14, 16)
 * @ia_bits: input address bits; 0 means all the levels resolve (capped at
 *	64). Fewer bits than the levels resolve leave the root partly unused.
 * @oa_bits: output address bits; table and output address bits at or
 *	above it are reserved
 * @nr_roots: concatenated root tables (ARM stage 2, up to 16); 0 or 1 for
 *	one root table
 * @leaf_levels: levels that may hold leaves, a mask of BIT(level - 1);
 *	level 1 always may
 * @flags: format-specific decoding flags
 */
struct kdump_stage {
	const struct kdump_pt_fmt *fmt;
	u64 root;
	u8 levels;
	u8 granule_shift;
	u8 ia_bits;
	u8 oa_bits;
	u8 nr_roots;
	u8 leaf_levels;
	u16 flags;
};

/**
 * enum kdump_tag_space - kinds of hardware IDs an old translation used
 * @KDUMP_TAG_DOMAIN: VT-d domain ID (context and PASID entries), AMD-Vi
 *	domain ID
 * @KDUMP_TAG_ASID: ARM address space ID (SMMUv3 CD, SMMUv2 bank)
 * @KDUMP_TAG_VMID: ARM virtual machine ID (SMMUv3 STE, SMMUv2 CBAR)
 * @KDUMP_TAG_CB: SMMUv2 context bank index
 * @KDUMP_TAG_SME: SMMUv2 stream-match entry (SMR/S2CR) index
 * @KDUMP_TAG_NR: number of spaces, not a space
 *
 * The capture kernel's allocators must never hand out an old value:
 * caches may hold translations tagged with it.
 */
enum kdump_tag_space {
	KDUMP_TAG_DOMAIN,
	KDUMP_TAG_ASID,
	KDUMP_TAG_VMID,
	KDUMP_TAG_CB,
	KDUMP_TAG_SME,
	KDUMP_TAG_NR,
};

/**
 * struct kdump_tag - one hardware ID an old translation used
 * @space: an &enum kdump_tag_space
 * @id: the value
 */
struct kdump_tag {
	u8 space;
	u32 id;
};

#define KDUMP_MAX_TAGS		4
#define KDUMP_NO_PASID		(~0U)

/**
 * struct kdump_xlate_id - which requests a translation applies to
 * @sid: requester ID (PCI segment-local BDF) or stream ID
 * @pasid: PASID or substream ID, %KDUMP_NO_PASID for requests without one
 */
struct kdump_xlate_id {
	u32 sid;
	u32 pasid;
};

/**
 * struct kdump_xlate - one old translation, vendor neutral
 * @kind: what the hardware does with the requests (&enum kdump_xlate_kind)
 * @nr_stages: 0 (no page tables), 1, or 2 (@stage[0] is a stage 1 whose
 *	table addresses and output are intermediate physical addresses that
 *	@stage[1], a stage 2, translates)
 * @stage: the page-table stages. For %KDUMP_XLATE_BYPASS, @stage[0] with
 *	a zero root says in which format the core may confine the device
 *	(see plan.c); @nr_stages is then 0.
 * @perm: KDUMP_PROT_* the entry itself allows, on top of the page tables
 * @attr: KDUMP_ATTR_* of the entry
 * @flags: KDUMP_XLATE_F_*
 * @nr_tags: entries in @tag
 * @tag: the hardware IDs the translation uses
 *
 * "Requests of this requester (and PASID) go through these tables, tagged
 * with these IDs". Every IOMMU's entries decode into it: a VT-d context or
 * PASID entry, an AMD-Vi device table entry, an SMMUv3 STE with its CD,
 * an SMMUv2 stream-match entry with its context bank.
 */
struct kdump_xlate {
	u8 kind;
	u8 nr_stages;
	struct kdump_stage stage[2];
	u32 perm;
	u32 attr;
	u32 flags;
	u8 nr_tags;
	struct kdump_tag tag[KDUMP_MAX_TAGS];
};

void kdump_xlate_init(struct kdump_xlate *x, enum kdump_xlate_kind kind);
void kdump_xlate_add_tag(struct kdump_xlate *x, enum kdump_tag_space space,
			 u32 id);

/* ------------------------------------------------------------------ */
/* Runs of mappings (pt.c)                                             */

/**
 * struct kdump_run - a run of mappings
 * @iova: first input address
 * @pa: output address of @iova
 * @size: bytes, contiguous in input and output address
 * @prot: KDUMP_PROT_* of every page of the run
 *
 * The one representation of mappings everywhere: what a walk finds, what
 * the plan keeps and cuts, what the core reserves, maps and unmaps.
 */
struct kdump_run {
	u64 iova;
	u64 pa;
	u64 size;
	u32 prot;
};

/**
 * struct kdump_alloc - memory for the pure code that must keep things
 * @alloc: @size bytes of zeroed memory, or NULL (out of memory or budget)
 * @free: give back what @alloc returned (NULL is fine)
 * @page: a zeroed, naturally aligned table of @size bytes for the
 *	hardware to read; sets *@hw to the address the IOMMU must be given
 *	(physical, with any memory-encryption bit); NULL if none left
 * @ctx: passed to the callbacks
 */
struct kdump_alloc {
	void *(*alloc)(void *ctx, size_t size);
	void (*free)(void *ctx, void *p);
	void *(*page)(void *ctx, size_t size, u64 *hw);
	void *ctx;
};

/* Words in the first and in the largest block (runs.c: 64 B to a page). */
#define KDUMP_RUN_WORDS_FIRST	5
#define KDUMP_RUN_WORDS_MAX	509

/**
 * struct kdump_run_chunk - a block of runs of a &struct kdump_runs
 * @next: the next block
 * @nr: words used in @w
 * @max: words @w has room for
 * @w: the runs, packed (see &struct kdump_runs)
 */
struct kdump_run_chunk {
	struct kdump_run_chunk *next;
	u32 nr;
	u32 max;
	u64 w[];
};

/**
 * struct kdump_runs - runs in increasing input address order
 * @first: first block
 * @last: last block, where runs are appended
 * @nr: runs
 * @bytes: bytes mapped
 * @end: input address where the last run ends (0 if none)
 * @tail: index in @last->w of the last run's entry (valid if @nr)
 *
 * Runs are appended in order and merged with the previous run when they
 * continue it; storage grows by blocks, never by reallocation. Blocks
 * double from %KDUMP_RUN_WORDS_FIRST words up to a page (and the last one
 * shrinks once the runs are complete, kdump_runs_trim()): most trees have
 * few runs, and a machine may have tens of thousands of trees.
 * Blocks hold the runs packed (runs.c): a page at the next input address
 * costs one word, as its leaf entry does.
 */
struct kdump_runs {
	struct kdump_run_chunk *first;
	struct kdump_run_chunk *last;
	u64 bytes;
	u64 end;
	u32 nr;
	u32 tail;
};

/**
 * struct kdump_run_pos - a position in a &struct kdump_runs
 * @chunk: the block
 * @i: index in @chunk->w of the entry @run was unpacked from
 * @len: words of that entry
 * @run: the run at this position, unpacked
 */
struct kdump_run_pos {
	const struct kdump_run_chunk *chunk;
	u32 i;
	u32 len;
	struct kdump_run run;
};

const struct kdump_run *kdump_run_unpack(struct kdump_run_pos *pos);

/**
 * kdump_run_first() - start going through the runs of @runs, in order
 * @runs: the runs
 * @pos: the position, for kdump_run_next()
 *
 * Use as: for (r = kdump_run_first(runs, &pos); r; r = kdump_run_next(&pos))
 * The run returned lives in @pos: it changes with the next call.
 *
 * Context: any context; @runs must not change meanwhile.
 * Return: the first run, or NULL if there is none.
 */
static inline const struct kdump_run *
kdump_run_first(const struct kdump_runs *runs, struct kdump_run_pos *pos)
{
	*pos = (struct kdump_run_pos){ .chunk = runs->first };
	return kdump_run_unpack(pos);
}

/**
 * kdump_run_next() - the run after the one at @pos
 * @pos: a position from kdump_run_first()
 *
 * Context: any context.
 * Return: the next run, or NULL after the last.
 */
static inline const struct kdump_run *kdump_run_next(struct kdump_run_pos *pos)
{
	pos->i += pos->len;
	return kdump_run_unpack(pos);
}

u64 kdump_pfns_find(const u64 *pfns, u64 nr, u64 pfn);
int kdump_runs_add(struct kdump_runs *runs, const struct kdump_alloc *a,
		   u64 iova, u64 pa, u64 size, u32 prot);
void kdump_runs_free(struct kdump_runs *runs, const struct kdump_alloc *a);
void kdump_runs_trim(struct kdump_runs *runs, const struct kdump_alloc *a);
bool kdump_runs_need_cut(const struct kdump_runs *in,
			 const struct kdump_range *cap, unsigned int nr_cap,
			 const u64 *pfns, u64 nr_pfns);
int kdump_runs_cut(struct kdump_runs *out, const struct kdump_alloc *a,
		   const struct kdump_runs *in, const struct kdump_range *cap,
		   unsigned int nr_cap, const u64 *pfns, u64 nr_pfns,
		   u64 *cut_capture, u64 *cut_table);
int kdump_runs_identity(struct kdump_runs *out, const struct kdump_alloc *a,
			const struct kdump_range *ram, unsigned int nr_ram,
			const struct kdump_range *cap, unsigned int nr_cap,
			u64 limit);

/* ------------------------------------------------------------------ */
/* Page-table walk and build (pt.c)                                    */

/**
 * struct kdump_walk_limits - bounds on the work a walk may do
 * @max_tables: tables one kdump_pt_walk() may read, roots included
 * @max_leaves: leaves one kdump_pt_walk() may report
 * @max_total_tables: tables all the walks of one unit may read
 *
 * A field left 0 takes its KDUMP_WALK_DEF_* default, so every walk is
 * bounded.
 */
struct kdump_walk_limits {
	unsigned int max_tables;
	u64 max_leaves;
	unsigned int max_total_tables;
};

#define KDUMP_WALK_DEF_MAX_TABLES	65536
#define KDUMP_WALK_DEF_MAX_LEAVES	BIT_ULL(22)
#define KDUMP_WALK_DEF_MAX_TOTAL	262144

/**
 * struct kdump_walk_stats - what a page-table walk saw
 * @tables: tables read, roots included
 * @leaves: leaf entries
 * @bytes: bytes mapped by the leaves
 * @runs: maximal runs reported
 */
struct kdump_walk_stats {
	unsigned int tables;
	u64 leaves;
	u64 bytes;
	u64 runs;
};

/**
 * struct kdump_pt_visit - what a walk tells its caller
 * @run: optional; receives every maximal run of leaves contiguous in
 *	input and output address with equal permissions, in increasing input
 *	address order. Return 0 to go on, a negative errno to stop the walk.
 * @table: optional; receives the address and size of every table read
 *	(the hardware reads translations from it)
 * @arg: passed to both
 */
struct kdump_pt_visit {
	int (*run)(void *arg, const struct kdump_run *r);
	int (*table)(void *arg, u64 pa, u64 size);
	void *arg;
};

size_t kdump_pt_scratch_size(const struct kdump_stage *s);
enum kdump_bad kdump_pt_check_stage(const struct kdump_stage *s);
enum kdump_bad kdump_pt_walk(const struct kdump_oldmem *m,
			     const struct kdump_stage *s,
			     const struct kdump_walk_limits *lim, void *scratch,
			     const struct kdump_pt_visit *v,
			     struct kdump_walk_stats *st, int *fn_err);
enum kdump_bad kdump_pt_build(const struct kdump_stage *s,
			      const struct kdump_alloc *a,
			      const struct kdump_runs *runs, u64 *root,
			      unsigned int *tables);

/* ------------------------------------------------------------------ */
/* What unit walkers report, and how entry writers reach the hardware */

/**
 * struct kdump_sink - where a unit walker reports what it found
 * @xlate: one old translation: who it applies to, the decoded
 *	translation, the raw entry exactly as it was read and decoded
 *	(@raw_len bytes, at most %KDUMP_RAW_MAX), and %KDUMP_OK or why the
 *	entry itself is bad (the page tables are walked by the receiver).
 *	Return 0 to go on, a negative errno to stop the walk.
 * @block: a range of requester or stream IDs whose shared state (a VT-d
 *	bus's context table, an SMMUv3 level-2 table) is bad: every ID in
 *	[@first, @last] must be blocked, whether or not an entry is ever
 *	found for it. Return as @xlate.
 * @table: a structure table the hardware reads (root, context, device,
 *	stream or CD table, interrupt remapping table) at @pa, @size bytes.
 *	Return as @xlate.
 * @arg: passed to the callbacks
 *
 * Every walker reports through this one interface, whether the old state
 * lives in memory (tables) or in registers (SMMUv2).
 */
struct kdump_sink {
	int (*xlate)(void *arg, const struct kdump_xlate_id *id,
		     const struct kdump_xlate *x, const void *raw,
		     unsigned int raw_len, enum kdump_bad why);
	int (*block)(void *arg, u32 first, u32 last, enum kdump_bad why);
	int (*table)(void *arg, u64 pa, u64 size);
	void *arg;
};

/* Largest raw entry a sink keeps: an AMD-Vi DTE or an SMMUv3 STE. */
#define KDUMP_RAW_MAX		64

/**
 * enum kdump_inval - invalidations an entry writer asks for, in order
 * @KDUMP_INV_VTD_CTX: VT-d device-selective context-cache invalidation;
 *	@a is the domain ID the old entry had, @b the source ID
 * @KDUMP_INV_VTD_IOTLB: VT-d domain-selective IOTLB invalidation; @a is the
 *	domain ID
 * @KDUMP_INV_VTD_DEVTLB: VT-d device-TLB invalidation of the whole address
 *	space of source ID @b
 * @KDUMP_INV_VTD_PASID_ALL: VT-d global PASID-cache invalidation
 *	(scalable mode)
 * @KDUMP_INV_VTD_IOTLB_ALL: VT-d global IOTLB invalidation, which in
 *	scalable mode covers every PASID and every translation type
 * @KDUMP_INV_AMD_DTE: AMD-Vi INVALIDATE_DEVTAB_ENTRY for device ID @b,
 *	then COMPLETION_WAIT
 * @KDUMP_INV_AMD_PAGES: AMD-Vi INVALIDATE_IOMMU_PAGES of all pages of
 *	domain ID @a, then COMPLETION_WAIT
 * @KDUMP_INV_AMD_IOTLB: AMD-Vi INVALIDATE_IOTLB_PAGES (device TLB) of
 *	device ID @b, then COMPLETION_WAIT
 */
enum kdump_inval {
	KDUMP_INV_VTD_CTX,
	KDUMP_INV_VTD_IOTLB,
	KDUMP_INV_VTD_DEVTLB,
	KDUMP_INV_VTD_PASID_ALL,
	KDUMP_INV_VTD_IOTLB_ALL,
	KDUMP_INV_AMD_DTE,
	KDUMP_INV_AMD_PAGES,
	KDUMP_INV_AMD_IOTLB,
};

/**
 * struct kdump_writer - how an entry writer reaches the hardware
 * @store: write @nr (1 or 2) little-endian 64-bit words at @entry in one
 *	single-copy-atomic store (2: a 128-bit store such as CMPXCHG16B),
 *	made visible to the IOMMU (flushed for a non-coherent one) before
 *	it returns
 * @inval: issue one invalidation and wait for it to complete
 * @atomic128: @store can write 2 words at once
 * @ctx: passed to the callbacks
 *
 * Writers are pure sequences of @store and @inval calls, so that KUnit can
 * run the real sequence against a recording fake and check every state
 * the hardware could observe.
 */
struct kdump_writer {
	void (*store)(void *ctx, void *entry, const u64 *val, unsigned int nr);
	void (*inval)(void *ctx, enum kdump_inval what, u32 a, u32 b);
	bool atomic128;
	void *ctx;
};

#endif /* __DRIVERS_IOMMU_KDUMP_KDUMP_H */
