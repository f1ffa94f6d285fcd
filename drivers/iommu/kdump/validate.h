/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pure validators for the translation tables a crashed kernel left behind.
 *
 * See the DOC: block in validate.c for the words used here.
 */
#ifndef __DRIVERS_IOMMU_KDUMP_VALIDATE_H
#define __DRIVERS_IOMMU_KDUMP_VALIDATE_H

#include <linux/types.h>
#include <linux/bits.h>

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
 * struct kdump_oldmem - how the validators see old RAM
 * @read: copy @len bytes of old physical memory at @pa into @buf; returns 0
 *	or -EIO. Only called for ranges the validator has already checked to lie
 *	inside @old_ram (except by kdump_elfcorehdr_ranges(), which reads the
 *	ELF core header itself).
 * @ctx: passed to @read
 * @old_ram: the old kernel's System RAM, from the ELF core header
 * @nr_old_ram: number of entries in @old_ram
 * @capture: the capture kernel's own memory (crashkernel= reservation)
 * @nr_capture: number of entries in @capture
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
 * enum kdump_bad - why an old table cannot be adopted
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
 * @KDUMP_BAD_OVERFLOW: an address range wraps or a header is truncated
 * @KDUMP_BAD_ABORTED: a caller's callback asked to stop
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
	KDUMP_BAD_MAX
};

const char *kdump_bad_str(enum kdump_bad why);

enum kdump_bad kdump_check_table(const struct kdump_oldmem *m, u64 pa, u64 len,
				 u64 align);

/**
 * enum kdump_xlate_kind - what a device's old entry does with its DMA
 * @KDUMP_XLATE_ABSENT: no entry. VT-d blocks the device; AMD-Vi passes the
 *	DMA of a device whose DTE has V=0 untranslated, as it did before the
 *	crash
 * @KDUMP_XLATE_BYPASS: pass-through, DMA addresses are physical addresses
 * @KDUMP_XLATE_PAGING: translated through a page table
 * @KDUMP_XLATE_ABORT: the entry explicitly aborts all DMA
 */
enum kdump_xlate_kind {
	KDUMP_XLATE_ABSENT,
	KDUMP_XLATE_BYPASS,
	KDUMP_XLATE_PAGING,
	KDUMP_XLATE_ABORT,
};

/* Fault processing disabled: faults of this device are not reported. */
#define KDUMP_XLATE_F_FPD	BIT(0)
/* The entry also allows translated requests (ATS / device-TLB). */
#define KDUMP_XLATE_F_ATS	BIT(1)
/* The hardware supports 2 MiB (level 2) resp. 1 GiB (level 3) leaves. */
#define KDUMP_XLATE_F_SP_L2	BIT(2)
#define KDUMP_XLATE_F_SP_L3	BIT(3)

/* Mapping permissions reported by kdump_pt_walk(). */
#define KDUMP_PROT_READ		BIT(0)
#define KDUMP_PROT_WRITE	BIT(1)

/* Deepest page table any supported format has (AMD-Vi v1: 6 levels). */
#define KDUMP_PT_MAX_LEVELS	6

struct kdump_xlate;

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
 *	larger than the IOVA range the entry covers (AMD-Vi next level 7: the
 *	entry is one of several copies of the page's entry). The walker then
 *	maps the entry's range to @addr plus the IOVA's offset in the page.
 *	The walker clears it before calling &kdump_pt_fmt.decode.
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
 * @bits_per_level: IOVA bits one level resolves
 * @granule_shift: log2 of the table and smallest page size
 * @pte_size: bytes per entry (8); entries are little-endian
 * @decode: decode @pte found at @level (1 is the last level) of the table
 *	of @x; returns %KDUMP_OK or the reason the entry is bad. Must not
 *	return %KDUMP_PTE_TABLE at level 1.
 *
 * A format is pure data plus a pure decoder, so one walker serves them all.
 */
struct kdump_pt_fmt {
	const char *name;
	u8 min_levels;
	u8 max_levels;
	u8 bits_per_level;
	u8 granule_shift;
	u8 pte_size;
	enum kdump_bad (*decode)(const struct kdump_xlate *x, u64 pte,
				 unsigned int level, struct kdump_pte *out);
};

/**
 * struct kdump_xlate - one device's old translation, vendor neutral
 * @kind: absent, bypass, paging or abort
 * @fmt: page-table format when @kind is %KDUMP_XLATE_PAGING
 * @root: page-table root (old physical)
 * @levels: number of page-table levels
 * @tag: VT-d DID / AMD domain ID / ASID / VMID
 * @flags: KDUMP_XLATE_F_*
 * @oa_bits: output address width; higher address bits are reserved
 *
 * "This requester/stream ID translates through this root with this tag".
 */
struct kdump_xlate {
	enum kdump_xlate_kind kind;
	const struct kdump_pt_fmt *fmt;
	u64 root;
	unsigned int levels;
	u32 tag;
	u32 flags;
	u8 oa_bits;
};

/* VT-d second-level paging: 3..5 levels, 4K granule, 2M/1G leaves. */
extern const struct kdump_pt_fmt kdump_fmt_vtd_sl;
/* AMD-Vi v1 host paging: 1..6 levels, 4K granule, leaves at any level. */
extern const struct kdump_pt_fmt kdump_fmt_amd_v1;

/**
 * struct kdump_walk_limits - bounds on the work a walk may do
 * @max_tables: tables one kdump_pt_walk() may read, root included
 * @max_leaves: leaves one kdump_pt_walk() may report
 * @max_total_tables: tables one kdump_vtd_walk() may read in total (root,
 *	context and page tables of every device), or page tables one
 *	kdump_amd_walk() may read in total (its device table is bounded by
 *	%KDUMP_AMD_DEV_TABLE_MAX instead)
 *
 * A field left 0 takes its KDUMP_WALK_DEF_* default, so every walk is
 * bounded.
 */
struct kdump_walk_limits {
	unsigned int max_tables;
	u64 max_leaves;
	unsigned int max_total_tables;
};

/* Used when a walker is passed no limits. */
#define KDUMP_WALK_DEF_MAX_TABLES	4096
#define KDUMP_WALK_DEF_MAX_LEAVES	BIT_ULL(22)
#define KDUMP_WALK_DEF_MAX_TOTAL	65536

/**
 * struct kdump_walk_stats - what a page-table walk saw
 * @tables: tables read, root included
 * @leaves: leaf entries
 * @bytes: bytes mapped by the leaves
 * @ranges: maximal runs reported (or that would have been reported)
 */
struct kdump_walk_stats {
	unsigned int tables;
	u64 leaves;
	u64 bytes;
	unsigned int ranges;
};

/**
 * typedef kdump_map_fn - receives one run of old mappings
 * @arg: caller's cookie
 * @iova: first I/O virtual address of the run
 * @pa: physical address @iova translates to
 * @size: bytes in the run
 * @prot: KDUMP_PROT_* of every page in the run
 *
 * Called once per maximal run of leaves contiguous in both IOVA and PA with
 * equal @prot, in increasing IOVA order.
 *
 * Return: 0 to go on, anything else to stop the walk.
 */
typedef int (*kdump_map_fn)(void *arg, u64 iova, u64 pa, u64 size, u32 prot);

enum kdump_bad kdump_pt_walk(const struct kdump_oldmem *m,
			     const struct kdump_xlate *x,
			     const struct kdump_walk_limits *lim, void *scratch,
			     kdump_map_fn fn, void *arg,
			     struct kdump_walk_stats *st, int *fn_err);

/**
 * struct kdump_vtd_caps - what one VT-d unit supports
 * @nr_dids: number of domain IDs (cap_ndoms())
 * @sagaw: supported adjusted guest address widths (cap_sagaw())
 * @mgaw: maximum guest address width in bits (cap_mgaw())
 * @haw: host address width in bits (DMAR table)
 * @pt_supported: pass-through translation type (ecap_pass_through())
 * @dt_supported: device-TLB translation type (ecap_dev_iotlb_support())
 * @caching_mode: CM is set, so domain ID 0 is reserved (cap_caching_mode())
 * @sllps: second-level large pages, bit 0 2 MiB, bit 1 1 GiB
 *	(cap_super_page_val())
 */
struct kdump_vtd_caps {
	u32 nr_dids;
	u8 sagaw;
	u8 mgaw;
	u8 haw;
	bool pt_supported;
	bool dt_supported;
	bool caching_mode;
	u8 sllps;
};

/* Bytes of scratch memory kdump_vtd_walk() needs; VT-d has 5 levels. */
#define KDUMP_VTD_SCRATCH_SIZE	((2 + 5) * 4096)

u64 kdump_vtd_sl_pte_rsvd(u64 pte, unsigned int level, unsigned int haw,
			  u32 flags);
enum kdump_bad kdump_vtd_root_entry(const struct kdump_vtd_caps *c, u64 lo,
				    u64 hi, bool *present, u64 *ctp);
enum kdump_bad kdump_vtd_context_entry(const struct kdump_vtd_caps *c, u64 lo,
				       u64 hi, struct kdump_xlate *out);

/**
 * struct kdump_vtd_ops - what kdump_vtd_walk() tells its caller
 * @bus: optional; called for every present root entry with the context
 *	table pointer and %KDUMP_OK, or the reason every device on @bus must
 *	be blocked. Return nonzero to stop the walk.
 * @dev: optional; called for every present context entry with the decoded
 *	entry, the page-table walk's statistics and %KDUMP_OK, or the reason
 *	the device must be blocked. Return nonzero to stop the walk.
 * @map: optional; receives the device's mappings. All @map calls for a
 *	device come after the @dev call of the previous device and before the
 *	@dev call of this one; a device that ends up blocked may have had
 *	some of its mappings reported already.
 * @arg: passed to the three callbacks
 */
struct kdump_vtd_ops {
	int (*bus)(void *arg, u8 bus, u64 ctp, enum kdump_bad why);
	int (*dev)(void *arg, u8 bus, u8 devfn, const struct kdump_xlate *x,
		   enum kdump_bad why, const struct kdump_walk_stats *st);
	kdump_map_fn map;
	void *arg;
};

/**
 * struct kdump_vtd_stats - what kdump_vtd_walk() saw
 * @buses: present root entries
 * @buses_blocked: present root entries that were bad
 * @devices: present context entries
 * @devices_blocked: present context entries that were bad
 * @tables: tables read in total
 * @leaves: leaves of all adopted devices
 */
struct kdump_vtd_stats {
	unsigned int buses;
	unsigned int buses_blocked;
	unsigned int devices;
	unsigned int devices_blocked;
	unsigned int tables;
	u64 leaves;
};

enum kdump_bad kdump_vtd_walk(const struct kdump_oldmem *m,
			      const struct kdump_vtd_caps *c, u64 rta,
			      const struct kdump_walk_limits *lim,
			      void *scratch, const struct kdump_vtd_ops *ops,
			      struct kdump_vtd_stats *st);

/**
 * struct kdump_amd_caps - what one AMD-Vi unit supports
 * @nr_domids: number of domain IDs; 6.1 uses MAX_DOMAIN_ID (65536)
 * @max_levels: deepest host page table, 4..6 (EFR HATS: 4 + HATS)
 * @haw: host physical address width in bits, 32..52; pointer and address
 *	bits at or above it are reserved
 * @gt_supported: guest translation (EFR GTSup)
 * @ga_irte: the old kernel used 128-bit IRTEs (control register GAEn,
 *	6.1's AMD_IOMMU_GUEST_IR_GA and up); else they are 32-bit
 */
struct kdump_amd_caps {
	u32 nr_domids;
	u8 max_levels;
	u8 haw;
	bool gt_supported;
	bool ga_irte;
};

/* Device table: 32-byte entries, at most 64K of them (2 MiB). */
#define KDUMP_AMD_DTE_SIZE		32
#define KDUMP_AMD_DEV_TABLE_MAX		(65536 * KDUMP_AMD_DTE_SIZE)

/* Bytes of scratch memory kdump_amd_walk() needs. */
#define KDUMP_AMD_SCRATCH_SIZE	((1 + KDUMP_PT_MAX_LEVELS) * 4096)

enum kdump_bad kdump_amd_dte(const struct kdump_amd_caps *c, const u64 dte[4],
			     struct kdump_xlate *out);
enum kdump_bad kdump_amd_dte_irt(const struct kdump_amd_caps *c,
				 const u64 dte[4], u64 *pa, u64 *len);

/**
 * struct kdump_amd_ops - what kdump_amd_walk() tells its caller
 * @dev: optional; called for every device table entry with V=1 with its
 *	device ID, the raw entry exactly as it was read and decoded (four
 *	quadwords in CPU order: what a caller copies is what was validated),
 *	the decoded entry, the page-table walk's statistics and %KDUMP_OK, or
 *	the reason the device must be blocked. Return nonzero to stop the
 *	walk.
 * @map: optional; receives the device's mappings, with the same ordering
 *	rules as &kdump_vtd_ops.map
 * @arg: passed to both callbacks
 */
struct kdump_amd_ops {
	int (*dev)(void *arg, u16 devid, const u64 *dte,
		   const struct kdump_xlate *x, enum kdump_bad why,
		   const struct kdump_walk_stats *st);
	kdump_map_fn map;
	void *arg;
};

/**
 * struct kdump_amd_stats - what kdump_amd_walk() saw
 * @dte_pages: 4 KiB pages of the device table read
 * @devices: entries with V=1
 * @devices_blocked: entries with V=1 that were bad
 * @tables: page tables read in total (the device table not included)
 * @leaves: leaves of all adopted devices
 */
struct kdump_amd_stats {
	unsigned int dte_pages;
	unsigned int devices;
	unsigned int devices_blocked;
	unsigned int tables;
	u64 leaves;
};

enum kdump_bad kdump_amd_walk(const struct kdump_oldmem *m,
			      const struct kdump_amd_caps *c, u64 dev_table_pa,
			      u64 dev_table_size,
			      const struct kdump_walk_limits *lim,
			      void *scratch, const struct kdump_amd_ops *ops,
			      struct kdump_amd_stats *st);

enum kdump_bad kdump_elfcorehdr_ranges(const struct kdump_oldmem *m,
				       u64 hdr_pa, u64 hdr_len,
				       struct kdump_range *out,
				       unsigned int max, unsigned int *nr);

#endif /* __DRIVERS_IOMMU_KDUMP_VALIDATE_H */
