/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Intel VT-d scalable-mode structures (fmt_vtd_sm.c): root and context
 * entries, PASID directories and tables, the first-stage page-table
 * format. The unit walker is in fmt_vtd_sm_walk.h.
 */
#ifndef __DRIVERS_IOMMU_KDUMP_FMT_VTD_SM_H
#define __DRIVERS_IOMMU_KDUMP_FMT_VTD_SM_H

#include "fmt_vtd.h"

/* Scalable-mode context entry, low quadword (the layout is in fmt_vtd_sm.c). */
#define VTD_SM_CTX_DTE		BIT_ULL(2)
#define VTD_SM_CTX_PASIDE	BIT_ULL(3)
#define VTD_SM_CTX_PRE		BIT_ULL(4)
#define VTD_SM_CTX_PDTS_SHIFT	9
#define VTD_SM_CTX_PDTS		GENMASK_ULL(11, 9)
#define VTD_SM_CTX_RID_PASID	GENMASK_ULL(19, 0)

/* PASID table entry, quadwords 0 to 2. */
#define VTD_PE_AW_SHIFT		2
#define VTD_PE_AW		GENMASK_ULL(4, 2)
#define VTD_PE_PGTT_SHIFT	6
#define VTD_PE_PGTT		GENMASK_ULL(8, 6)
#define VTD_PE_SLADE		BIT_ULL(9)
#define VTD_PE_DID		GENMASK_ULL(15, 0)
#define VTD_PE_PWSNP		BIT_ULL(23)
#define VTD_PE_PGSNP		BIT_ULL(24)
#define VTD_PE_SRE		BIT_ULL(0)
#define VTD_PE_FLPM_SHIFT	2
#define VTD_PE_FLPM		GENMASK_ULL(3, 2)
#define VTD_PE_WPE		BIT_ULL(4)
#define VTD_PE_EAFE		BIT_ULL(7)

/* First-stage entry: present (the layout is in fmt_vtd_sm.c). */
#define VTD_FL_P		BIT_ULL(0)

#define VTD_PGTT_FL		1	/* first stage only */
#define VTD_PGTT_SL		2	/* second stage only */
#define VTD_PGTT_NESTED		3
#define VTD_PGTT_PT		4	/* pass-through */

/* Bytes of a scalable-mode context entry, and of a PASID table entry. */
#define KDUMP_VTD_SM_CTX_SIZE	32
#define KDUMP_VTD_PE_SIZE	64
/* PASIDs per PASID table, and the shift from a PASID to its directory index. */
#define KDUMP_VTD_PE_PER_TABLE	64
#define KDUMP_VTD_PASID_DIR_SHIFT	6

/*
 * Raw bytes kept for a scalable-mode translation: the context entry's two
 * low quadwords (the two high ones are zero), then the PASID entry's
 * quadwords 0 to 2 (3 to 7 are zero).
 */
#define KDUMP_VTD_SM_RAW_SIZE	(5 * 8)

extern const struct kdump_pt_fmt kdump_fmt_vtd_fl;

/* Widths the decoders and the walker work with. */
static inline bool kdump_vtd_sm_caps_ok(const struct kdump_vtd_caps *c)
{
	return c->haw >= 12 && c->haw <= 64;
}

/**
 * struct kdump_vtd_sm_ctx - a decoded scalable-mode context entry
 * @dir: PASID directory address
 * @dir_entries: entries in the directory (2^(PDTS + 7))
 * @rid_pasid: the PASID requests without a PASID are translated with
 * @flags: KDUMP_XLATE_F_ATS (DTE), KDUMP_XLATE_F_PRI (PRE) and
 *	KDUMP_XLATE_F_FPD
 * @pasid_enabled: requests with a PASID are allowed (PASIDE)
 */
struct kdump_vtd_sm_ctx {
	u64 dir;
	u32 dir_entries;
	u32 rid_pasid;
	u32 flags;
	bool pasid_enabled;
};

u64 kdump_vtd_fl_pte_rsvd(u64 pte, unsigned int level, unsigned int haw,
			  u8 leaf_levels);
enum kdump_bad kdump_vtd_sm_root_half(const struct kdump_vtd_caps *c, u64 v,
				      bool *present, u64 *ctp);
enum kdump_bad kdump_vtd_sm_context_entry(const struct kdump_vtd_caps *c,
					  const u64 ce[4], bool *present,
					  struct kdump_vtd_sm_ctx *out);
enum kdump_bad kdump_vtd_pasid_dir_entry(const struct kdump_vtd_caps *c, u64 v,
					 bool *present, u64 *ptbl);
enum kdump_bad kdump_vtd_pasid_entry(const struct kdump_vtd_caps *c,
				     const u64 pe[8], struct kdump_xlate *out);
enum kdump_bad kdump_vtd_pasid_entry_repoint(const struct kdump_vtd_caps *c,
					     const u64 old[3],
					     const struct kdump_stage *s,
					     u64 out[3]);
int kdump_vtd_sm_ctx_switch(const struct kdump_writer *w, void *entry,
			    const u64 old[2], const u64 new[2], u16 sid);
int kdump_vtd_sm_ctx_clear(const struct kdump_writer *w, void *entry,
			   const u64 old[2], u16 sid);

#endif /* __DRIVERS_IOMMU_KDUMP_FMT_VTD_SM_H */
