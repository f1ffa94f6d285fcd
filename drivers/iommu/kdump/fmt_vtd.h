/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Intel VT-d legacy-mode structures (fmt_vtd.c): decoders into the
 * vocabulary of kdump.h, the unit walker and the context-entry writers.
 */
#ifndef __DRIVERS_IOMMU_KDUMP_FMT_VTD_H
#define __DRIVERS_IOMMU_KDUMP_FMT_VTD_H

#include "kdump.h"

/* Root and context entry fields: the layout is described in fmt_vtd.c. */
#define VTD_P			BIT_ULL(0)
#define VTD_ROOT_RSVD_LO	GENMASK_ULL(11, 1)
#define VTD_PTR			GENMASK_ULL(63, 12)
#define VTD_CTX_FPD		BIT_ULL(1)
#define VTD_CTX_TT_SHIFT	2
#define VTD_CTX_TT		GENMASK_ULL(3, 2)
#define VTD_CTX_RSVD_LO		GENMASK_ULL(11, 4)
#define VTD_CTX_RSVD_HI		(BIT_ULL(7) | GENMASK_ULL(63, 24))
#define VTD_CTX_AW		GENMASK_ULL(2, 0)
#define VTD_CTX_DID_SHIFT	8
#define VTD_CTX_DID_MASK	0xffff

#define VTD_TT_SL		0	/* untranslated requests, second level */
#define VTD_TT_SL_DT		1	/* also translated requests (ATS) */
#define VTD_TT_PT		2	/* pass-through */

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
 * @flts: scalable mode: first-stage translation (ecap_flts())
 * @slts: scalable mode: second-stage translation (ecap_slts())
 * @fl5lp: 5-level first-stage tables (cap_fl5lp_support())
 * @fl1gp: 1 GiB first-stage pages (cap_fl1gp_support())
 * @rps: context entries may name a RID_PASID other than 0 (ecap_rps())
 * @pasid: requests with a PASID (ecap_pasid())
 * @prs: page requests (ecap_prs())
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
	bool flts;
	bool slts;
	bool fl5lp;
	bool fl1gp;
	bool rps;
	bool pasid;
	bool prs;
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
unsigned int kdump_vtd_confine_levels(const struct kdump_vtd_caps *c);
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

#endif /* __DRIVERS_IOMMU_KDUMP_FMT_VTD_H */
