// SPDX-License-Identifier: GPL-2.0
/*
 * The kdump IOMMU handover: where old RAM and the capture kernel are.
 *
 * Copyright (C) 2026 The kdump-iommu authors
 */

#define pr_fmt(fmt) "kdump-iommu: " fmt

#include <linux/cc_platform.h>
#include <linux/crash_dump.h>
#include <linux/init.h>
#include <linux/initrd.h>
#include <linux/ioport.h>
#include <linux/mutex.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/uio.h>

#include "core.h"

/*
 * Old RAM and capture memory, read once before vmcore_init() (an
 * fs_initcall) consumes elfcorehdr_addr, and shared by every unit.
 * Written once under kdump_mutex, read-only afterwards.
 */
static struct kdump_oldmem kdump_mem;
static int kdump_mem_err = -EAGAIN;

static int kdump_read_old(void *ctx, u64 pa, void *buf, size_t len)
{
	struct kvec kvec = { .iov_base = buf, .iov_len = len };
	struct iov_iter iter;
	u64 pos = pa;

	/*
	 * The kernel's own old-memory reader: it honours the vmcore
	 * callbacks (memory a balloon or virtio-mem took away reads as
	 * zeros) and reads encrypted old memory (SME) as /proc/vmcore does.
	 */
	iov_iter_kvec(&iter, ITER_DEST, &kvec, 1, len);
	if (read_from_oldmem(&iter, len, &pos,
			     cc_platform_has(CC_ATTR_MEM_ENCRYPT)) != len)
		return -EIO;
	return 0;
}

static int kdump_read_hdr(void *ctx, u64 pa, void *buf, size_t len)
{
	u64 pos = pa;

	return elfcorehdr_read(buf, len, &pos) == len ? 0 : -EIO;
}

struct kdump_capture_walk {
	struct kdump_range *r;
	unsigned int nr;
	unsigned int max;
};

static int kdump_add_capture(struct resource *res, void *arg)
{
	struct kdump_capture_walk *w = arg;

	if (w->r && w->nr < w->max) {
		w->r[w->nr].start = res->start;
		w->r[w->nr].end = res->end + 1;
	}
	w->nr++;
	return 0;
}

/* The extra ranges the capture kernel owns that are not System RAM. */
#define KDUMP_CAPTURE_EXTRA	2

static int kdump_mem_init(void)
{
	struct kdump_oldmem hdr = { .read = kdump_read_hdr };
	struct kdump_range hdr_range, initrd_range = {};
	struct kdump_capture_walk w = {};
	struct kdump_range *ram, *cap;
	unsigned int nr = 0, n;
	enum kdump_bad why;
	u64 size;

	/*
	 * "elfcorehdr=ADDR" without a size (x86 kexec-tools) leaves the size
	 * 0; like /proc/vmcore, derive it from e_phnum, within a bound.
	 */
	size = elfcorehdr_size ?: SZ_1M;
	why = kdump_elfcorehdr_ranges(&hdr, elfcorehdr_addr, size, NULL, 0,
				      &nr);
	if (why != KDUMP_OK || !nr)
		goto err_hdr;
	ram = kcalloc(nr, sizeof(*ram), GFP_KERNEL);
	if (!ram)
		return -ENOMEM;
	why = kdump_elfcorehdr_ranges(&hdr, elfcorehdr_addr, size, ram, nr,
				      &nr);
	if (why != KDUMP_OK)
		goto err_free_ram;

	/* Capture memory: this kernel's RAM, the ELF header, the initrd. */
	walk_system_ram_res(0, -1, &w, kdump_add_capture);
	n = w.nr + KDUMP_CAPTURE_EXTRA;
	cap = kcalloc(n, sizeof(*cap), GFP_KERNEL);
	if (!cap)
		goto err_nomem;
	w.r = cap;
	w.max = n;
	w.nr = 0;
	walk_system_ram_res(0, -1, &w, kdump_add_capture);
	if (w.nr > n - KDUMP_CAPTURE_EXTRA)
		w.nr = n - KDUMP_CAPTURE_EXTRA;	/* resources cannot grow now */
	hdr_range.start = elfcorehdr_addr;
	hdr_range.end = elfcorehdr_addr + size;
#ifdef CONFIG_BLK_DEV_INITRD
	if (initrd_start && initrd_end > initrd_start) {
		initrd_range.start = __pa(initrd_start);
		initrd_range.end = __pa(initrd_end);
	}
#endif

	kdump_mem.read = kdump_read_old;
	kdump_mem.old_ram = ram;
	kdump_mem.nr_old_ram = kdump_ranges_normalize(ram, nr);
	kdump_mem.capture = cap;
	kdump_mem.nr_capture = kdump_capture_ranges(cap, w.nr, &hdr_range,
						    &initrd_range);
	pr_info("old RAM: %u ranges; capture memory: %u ranges\n",
		kdump_mem.nr_old_ram, kdump_mem.nr_capture);
	return 0;

err_nomem:
	kfree(ram);
	return -ENOMEM;
err_free_ram:
	kfree(ram);
err_hdr:
	pr_warn("ELF core header at %#llx+%#llx: %s\n", elfcorehdr_addr, size,
		why ? kdump_bad_str(why) : "no RAM");
	return -EINVAL;
}

/**
 * kdump_oldmem() - old RAM and capture memory, read on first use
 *
 * Context: process context, may sleep; early boot is fine.
 * Return: the description, or NULL if the ELF core header was unusable
 * (nothing of the old kernel can then be trusted).
 */
const struct kdump_oldmem *kdump_oldmem(void)
{
	mutex_lock(&kdump_mutex);
	if (kdump_mem_err == -EAGAIN)
		kdump_mem_err = kdump_mem_init();
	mutex_unlock(&kdump_mutex);
	return kdump_mem_err ? NULL : &kdump_mem;
}

static int __init iommu_kdump_oldmem_init(void)
{
	if (iommu_kdump_active())
		kdump_oldmem();
	return 0;
}

/* Before vmcore_init() (fs_initcall) takes the header away. */
core_initcall(iommu_kdump_oldmem_init);

