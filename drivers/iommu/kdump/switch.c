// SPDX-License-Identifier: GPL-2.0
/*
 * The kdump IOMMU handover: the switch (iommu=accept_active).
 *
 * Copyright (C) 2026 The kdump-iommu authors
 */

#define pr_fmt(fmt) "kdump-iommu: " fmt

#include <kunit/visibility.h>
#include <linux/crash_dump.h>
#include <linux/init.h>
#include <linux/mutex.h>
#include <linux/string.h>

#include "core.h"

static bool kdump_accept;

/*
 * kdump_mutex serialises every change of the old-memory map, a unit list,
 * a translation's or a device's state, a group's domains, and the report.
 * The attach path, which dma_map_*() can reach in atomic context, and the
 * fault path, which runs in interrupt context, read states and the
 * immutable plans without it and change only atomics.
 */
DEFINE_MUTEX(kdump_mutex);

#if IS_ENABLED(CONFIG_KUNIT)
/*
 * KUnit does not run in a kdump kernel: a test sets this to take the paths
 * that need the handover on, and clears it before it ends.
 */
bool kdump_kunit_active;
EXPORT_SYMBOL_IF_KUNIT(kdump_kunit_active);
#else
#define kdump_kunit_active	false
#endif

/**
 * iommu_kdump_active() - is the IOMMU handover on in this kernel?
 *
 * Context: any context.
 * Return: true in a kdump capture kernel booted with ``iommu=accept_active``.
 * When it returns false every caller behaves exactly as without this core.
 */
bool iommu_kdump_active(void)
{
	return kdump_kunit_active || (kdump_accept && is_kdump_kernel());
}

/* Parse one word of iommu=; set *@accept if it switches the handover on. */
static int kdump_parse_word(const char *opt, bool *accept)
{
	size_t len = strcspn(opt, ",");

	if (len == strlen("accept_active") &&
	    !strncmp(opt, "accept_active", len)) {
		*accept = true;
		return 0;
	}
	if (len >= 7 && !strncmp(opt, "accept_", 7)) {
		pr_warn("iommu=%.*s: unknown option, ignored (the handover is switched on by iommu=accept_active)\n",
			(int)len, opt);
		return 0;
	}
	return -EINVAL;
}

#if IS_ENABLED(CONFIG_KUNIT)
/**
 * kdump_kunit_parsed() - would this word of ``iommu=`` switch the handover on?
 * @opt: the word, ended by a comma or the end of the string
 *
 * Context: any context.
 * Return: true if iommu_kdump_parse_option() would switch it on.
 */
bool kdump_kunit_parsed(const char *opt)
{
	bool accept = false;

	kdump_parse_word(opt, &accept);
	return accept;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_kunit_parsed);
#endif

/**
 * iommu_kdump_parse_option() - handle one word of ``iommu=``
 * @opt: the word, ended by a comma or the end of the string
 *
 * ``accept_active`` switches the handover on; any other ``accept_`` word is
 * a misspelling and gets a warning. Called by the architecture's ``iommu=``
 * parser, and by this file's where the architecture has none.
 *
 * Context: early boot (early_param).
 * Return: 0 if @opt was ours, -EINVAL otherwise.
 */
int iommu_kdump_parse_option(const char *opt)
{
	return kdump_parse_word(opt, &kdump_accept);
}
EXPORT_SYMBOL_IF_KUNIT(iommu_kdump_parse_option);

#ifndef CONFIG_X86
/* x86 has an iommu= parser of its own (arch/x86/kernel/pci-dma.c). */
static int __init iommu_kdump_setup(char *str)
{
	while (str && *str) {
		if (iommu_kdump_parse_option(str))
			pr_warn("iommu=%.*s: unknown option, ignored\n",
				(int)strcspn(str, ","), str);
		str += strcspn(str, ",");
		if (*str == ',')
			str++;
	}
	return 0;
}
early_param("iommu", iommu_kdump_setup);
#endif

/**
 * iommu_kdump_keep_on() - must an "off" switch give way to the handover?
 * @what: the switch, as the admin wrote it (e.g. "intel_iommu=off")
 *
 * A driver asks this where an "off" switch on the command line would
 * disable a unit it found translating. With the handover on, turning
 * translation off would let old DMA reach any memory, so the handover
 * wins, with one warning line per switch.
 *
 * Context: process context.
 * Return: true if the caller must ignore @what and hand the unit over.
 */
bool iommu_kdump_keep_on(const char *what)
{
	if (!iommu_kdump_active())
		return false;
	pr_warn("%s ignored: iommu=accept_active keeps translation on in this kdump kernel\n",
		what);
	return true;
}

static int __init iommu_kdump_switch_init(void)
{
	if (kdump_accept && !is_kdump_kernel())
		pr_info("iommu=accept_active ignored: not a kdump kernel\n");
	return 0;
}
core_initcall(iommu_kdump_switch_init);
