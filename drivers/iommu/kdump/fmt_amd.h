/* SPDX-License-Identifier: GPL-2.0 */
/*
 * AMD-Vi structures (fmt_amd.c): decoders into the vocabulary of kdump.h,
 * the unit walker and the device table entry writer.
 */
#ifndef __DRIVERS_IOMMU_KDUMP_FMT_AMD_H
#define __DRIVERS_IOMMU_KDUMP_FMT_AMD_H

#include "kdump.h"

/* Device table entry fields: the layout is described in fmt_amd.c. */
#define AMD_DTE_V		BIT_ULL(0)
#define AMD_DTE_TV		BIT_ULL(1)
#define AMD_DTE0_RSVD		(GENMASK_ULL(8, 2) | BIT_ULL(63))
#define AMD_DTE_MODE_SHIFT	9
#define AMD_DTE_MODE		GENMASK_ULL(11, 9)
#define AMD_DTE_PTR		GENMASK_ULL(51, 12)
#define AMD_DTE_GV		BIT_ULL(55)
#define AMD_DTE_IR		BIT_ULL(61)
#define AMD_DTE_IW		BIT_ULL(62)
#define AMD_DTE1_DOMID		GENMASK_ULL(15, 0)
#define AMD_DTE1_FLAGS		GENMASK_ULL(41, 32)
#define AMD_DTE1_IOTLB		BIT_ULL(32)
#define AMD_DTE1_SA		BIT_ULL(34)
#define AMD_DTE1_RSVD		BIT_ULL(42)
#define AMD_DTE2_IV		BIT_ULL(0)
#define AMD_DTE2_LEN_SHIFT	1
#define AMD_DTE2_LEN_MASK	0xf
#define AMD_DTE2_IRT		GENMASK_ULL(51, 6)
#define AMD_DTE2_RSVD		(GENMASK_ULL(55, 52) | BIT_ULL(59))
#define AMD_DTE2_INTCTL_SHIFT	60
#define AMD_DTE2_INTCTL_MASK	3
#define AMD_IRT_ALIGN		128	/* DTE_INTTAB_ALIGNMENT */
#define AMD_IRT_MAX_LEN		11	/* 2048 entries; 1100b.. reserved */
#define AMD_INTCTL_REMAP	2
#define AMD_INTCTL_RSVD		3

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

#endif /* __DRIVERS_IOMMU_KDUMP_FMT_AMD_H */
