/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What handover.c shows its KUnit test (handover_kunit.c) and nobody else.
 * Without CONFIG_KUNIT these functions are static or absent.
 */
#ifndef __DRIVERS_IOMMU_KDUMP_HANDOVER_KUNIT_H
#define __DRIVERS_IOMMU_KDUMP_HANDOVER_KUNIT_H

#if IS_ENABLED(CONFIG_KUNIT)
struct iommu_kdump_unit;
struct seq_file;

extern bool kdump_kunit_active;
int kdump_report_show(struct seq_file *m, void *unused);
void kdump_unit_destroy(struct iommu_kdump_unit *unit);
#endif

#endif /* __DRIVERS_IOMMU_KDUMP_HANDOVER_KUNIT_H */
