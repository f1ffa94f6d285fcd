/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hardware formats the kdump IOMMU handover decodes: one section per file
 * (fmt_vtd.c, fmt_amd.c), each a decoder of the IOMMU's own structures
 * into the vocabulary of kdump.h, a walker that reports every old
 * translation to a &struct kdump_sink, and the entry writers its driver
 * replaces live entries with.
 */
#ifndef __DRIVERS_IOMMU_KDUMP_FMT_H
#define __DRIVERS_IOMMU_KDUMP_FMT_H

#include "kdump.h"

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

/* ------------------------------------------------------------------ */
/* Intel VT-d (fmt_vtd.c)                                              */

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

/* Bytes of scratch memory kdump_vtd_walk() needs: root and context table. */
#define KDUMP_VTD_SCRATCH_SIZE	(2 * 4096)
/* Bytes of one legacy-mode root or context entry. */
#define KDUMP_VTD_ENTRY_SIZE	16

extern const struct kdump_pt_fmt kdump_fmt_vtd_sl;

/**
 * struct kdump_vtd_stats - what kdump_vtd_walk() saw
 * @buses: present root entries
 * @buses_blocked: present root entries that were bad
 * @devices: present context entries
 * @devices_blocked: present context entries that were bad
 * @tables: root and context tables read
 */
struct kdump_vtd_stats {
	unsigned int buses;
	unsigned int buses_blocked;
	unsigned int devices;
	unsigned int devices_blocked;
	unsigned int tables;
};

u64 kdump_vtd_sl_pte_rsvd(u64 pte, unsigned int level, unsigned int haw,
			  u8 leaf_levels);
void kdump_vtd_sl_stage(const struct kdump_vtd_caps *c, unsigned int levels,
			struct kdump_stage *s);
enum kdump_bad kdump_vtd_root_entry(const struct kdump_vtd_caps *c, u64 lo,
				    u64 hi, bool *present, u64 *ctp);
enum kdump_bad kdump_vtd_context_entry(const struct kdump_vtd_caps *c, u64 lo,
				       u64 hi, struct kdump_xlate *out);
enum kdump_bad kdump_vtd_context_repoint(const struct kdump_vtd_caps *c,
					 const u64 old[2],
					 const struct kdump_stage *s,
					 u64 out[2]);
enum kdump_bad kdump_vtd_walk(const struct kdump_oldmem *m,
			      const struct kdump_vtd_caps *c, u64 rta,
			      void *scratch, const struct kdump_sink *sink,
			      struct kdump_vtd_stats *st);
int kdump_vtd_ctx_replace(const struct kdump_writer *w, void *entry,
			  const u64 old[2], const u64 new[2], u16 sid);
int kdump_vtd_ctx_clear(const struct kdump_writer *w, void *entry,
			const u64 old[2], u16 sid);

/* ------------------------------------------------------------------ */
/* AMD-Vi (fmt_amd.c)                                                  */

/**
 * struct kdump_amd_caps - what one AMD-Vi unit supports
 * @nr_domids: number of domain IDs (65536)
 * @max_levels: deepest host page table, 4..6 (EFR HATS: 4 + HATS)
 * @haw: host physical address width in bits, 32..52; pointer and address
 *	bits at or above it are reserved
 * @gt_supported: guest translation (EFR GTSup)
 * @ga_irte: the old kernel used 128-bit IRTEs (control register GAEn);
 *	else they are 32-bit
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
/* Bytes of scratch memory kdump_amd_walk() needs: one device table page. */
#define KDUMP_AMD_SCRATCH_SIZE		4096
/* What a 6.x kernel writes for a device ID with no domain: V=1, TV=1. */
#define KDUMP_AMD_DTE_BLOCK		(BIT_ULL(0) | BIT_ULL(1))

extern const struct kdump_pt_fmt kdump_fmt_amd_v1;

/**
 * struct kdump_amd_stats - what kdump_amd_walk() saw
 * @dte_pages: 4 KiB pages of the device table read
 * @devices: entries with V=1 that do something (not a blocking entry)
 * @devices_blocked: such entries that were bad
 * @blocking: valid blocking entries (V=1 and no DMA), not reported
 */
struct kdump_amd_stats {
	unsigned int dte_pages;
	unsigned int devices;
	unsigned int devices_blocked;
	unsigned int blocking;
};

void kdump_amd_v1_stage(const struct kdump_amd_caps *c, unsigned int levels,
			struct kdump_stage *s);
enum kdump_bad kdump_amd_dte(const struct kdump_amd_caps *c, const u64 dte[4],
			     struct kdump_xlate *out);
enum kdump_bad kdump_amd_dte_irt(const struct kdump_amd_caps *c,
				 const u64 dte[4], u64 *pa, u64 *len);
enum kdump_bad kdump_amd_dte_repoint(const struct kdump_amd_caps *c,
				     const u64 old[4],
				     const struct kdump_stage *s, u64 out[4]);
enum kdump_bad kdump_amd_walk(const struct kdump_oldmem *m,
			      const struct kdump_amd_caps *c, u64 dev_table_pa,
			      u64 dev_table_size, void *scratch,
			      const struct kdump_sink *sink,
			      struct kdump_amd_stats *st);
int kdump_amd_dte_replace(const struct kdump_writer *w, void *entry,
			  const u64 old[4], const u64 new[4], u16 devid);

#endif /* __DRIVERS_IOMMU_KDUMP_FMT_H */
