/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VT-d scalable-mode unit walker (fmt_vtd_sm_walk.c).
 */
#ifndef __DRIVERS_IOMMU_KDUMP_FMT_VTD_SM_WALK_H
#define __DRIVERS_IOMMU_KDUMP_FMT_VTD_SM_WALK_H

#include "fmt_vtd_sm.h"

/* PASID tables one device may have before it is blocked as too big. */
#define KDUMP_VTD_SM_MAX_PTBL	1024
/*
 * Root, context table, one page of PASID directory, one PASID table, and
 * the upper half of a first-stage root.
 */
#define KDUMP_VTD_SM_SCRATCH_SIZE	(5 * 4096)

/**
 * struct kdump_vtd_sm_stats - what kdump_vtd_sm_walk() saw
 * @buses: present root-entry halves (each covers 128 device functions)
 * @buses_blocked: present halves that were bad
 * @devices: present context entries
 * @devices_blocked: present context entries whose own state was bad (the
 *	entry, its PASID directory or one of its PASID tables)
 * @pasids: present PASID entries reported
 * @pasids_blocked: present PASID entries that were bad
 * @tables: root, context, PASID directory and PASID tables read
 */
struct kdump_vtd_sm_stats {
	unsigned int buses;
	unsigned int buses_blocked;
	unsigned int devices;
	unsigned int devices_blocked;
	unsigned int pasids;
	unsigned int pasids_blocked;
	unsigned int tables;
};

enum kdump_bad kdump_vtd_sm_walk(const struct kdump_oldmem *m,
				 const struct kdump_vtd_caps *c, u64 rta,
				 void *scratch, const struct kdump_sink *sink,
				 struct kdump_vtd_sm_stats *st);

#endif /* __DRIVERS_IOMMU_KDUMP_FMT_VTD_SM_WALK_H */
