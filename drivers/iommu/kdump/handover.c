// SPDX-License-Identifier: GPL-2.0
/*
 * Vendor-neutral IOMMU handover core for the kdump capture kernel.
 *
 * Copyright (C) 2026 The kdump-iommu authors
 */

/**
 * DOC: kdump IOMMU handover
 *
 * After a panic the machine runs the kdump *capture kernel* while devices
 * keep doing DMA with the I/O addresses (IOVAs) the crashed *old kernel*
 * gave them. The IOMMUs are still enabled with the old kernel's tables. If
 * the capture kernel turns translation off, resets the IOMMU, or gives a
 * device a fresh domain before the device is reset, that DMA lands in the
 * wrong memory or floods the IOMMU with faults, and the dump is lost.
 *
 * With ``iommu=accept_active`` on the capture kernel's command line, each
 * IOMMU driver validates the old tables (drivers/iommu/kdump/validate.c)
 * and describes every requester ID or stream ID (*sid*) to this core in one
 * vocabulary: the old translation (a &struct kdump_xlate: page-table root,
 * format, levels, domain tag) and the old mappings it contains. This core
 * owns the policy; a device is in one of these states:
 *
 * adopted
 *	The old translation was valid and is still in use: the device's DMA
 *	keeps landing where the old kernel mapped it.
 * inherited
 *	A capture-kernel driver attached a new DMA domain before the device
 *	was reset. The old IOVA ranges are reserved in the new domain's IOVA
 *	allocator (as reserved regions) and mapped to the same old pages, so
 *	old DMA still lands in the old buffers and no new mapping reuses an
 *	old IOVA.
 * released
 *	The device was reset (PCI function or bus reset through the PCI core,
 *	or iommu_kdump_device_reset_done() from its driver): the old mappings
 *	were unmapped and the IOTLB flushed.
 * blocked
 *	The old state of the device (or of its whole IOMMU) was invalid: all
 *	its DMA faults, the faults are counted, and translation stays enabled.
 *	A blocked device gets no new domain until it is reset.
 * unprotected
 *	No IOMMU covers the device; reported, nothing else possible.
 *
 * Faults from adopted, inherited and blocked devices are counted per device
 * and rate-limited. debugfs ``iommu/kdump/report`` lists every device; one
 * dmesg line sums it up after boot.
 */

#define pr_fmt(fmt) "kdump-iommu: " fmt

#include <kunit/visibility.h>
#include <linux/crash_dump.h>
#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/init.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/iommu.h>
#include <linux/iommu-kdump.h>
#include <linux/sched/clock.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/ratelimit.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/xarray.h>

#include "handover_kunit.h"
#include "validate.h"

/* One run of old mappings, contiguous in IOVA and physical address. */
struct kdump_old_range {
	struct list_head node;
	u64 iova;
	u64 pa;
	u64 size;
	u32 prot;
};

/* What the core knows about one requester ID or stream ID. */
struct kdump_dev {
	struct iommu_kdump_unit *unit;
	u32 sid;
	struct device *dev;
	enum iommu_kdump_state state;
	struct kdump_xlate old;
	const char *why;
	struct list_head ranges;
	unsigned int nr_ranges;
	u64 bytes;
	struct iommu_domain *domain;
	atomic64_t faults;
	struct ratelimit_state fault_rs;
	u64 inherit_ns;
	u64 release_ns;
};

/* Blocked requester ranges per unit; more block the whole unit. */
#define KDUMP_MAX_BLOCKED_RANGES	16

/* One IOMMU instance whose old state was handed over. */
struct iommu_kdump_unit {
	struct list_head node;
	char name[32];
	const struct iommu_kdump_unit_ops *ops;
	void *priv;
	/* sid -> struct kdump_dev; entries are never removed. */
	struct xarray devs;
	const char *blocked;
	/*
	 * Requester ranges whose old state was invalid (e.g. a VT-d bus with a
	 * bad context table): records are made when their devices appear.
	 */
	struct {
		u32 first, last;
		const char *why;
	} blocked_ranges[KDUMP_MAX_BLOCKED_RANGES];
	unsigned int nr_blocked_ranges;
	/* Faults from requesters with no record, on a blocked unit or range. */
	atomic64_t faults;
	struct ratelimit_state fault_rs;
	u64 handover_ns;
};

#define KDUMP_MAX_MEM_RANGES	64
/* Bound on an ELF core header whose size the command line did not give. */
#define KDUMP_ELFCOREHDR_MAX	SZ_64K

/*
 * Old RAM and capture-kernel memory, read once before vmcore_init() (an
 * fs_initcall) consumes elfcorehdr_addr, and shared by every IOMMU driver.
 * Written once under kdump_mutex, read-only afterwards.
 */
static struct kdump_range kdump_old_ram[KDUMP_MAX_MEM_RANGES];
static struct kdump_range kdump_capture[KDUMP_MAX_MEM_RANGES];
static struct kdump_oldmem kdump_mem;
static int kdump_mem_err = -EAGAIN;

/*
 * kdump_mutex serialises every change of a device's state and of the unit
 * list, and the report. The fault path runs in interrupt context and only
 * reads the xarrays (lockless, entries are never freed) and bumps atomics.
 */
static DEFINE_MUTEX(kdump_mutex);
static LIST_HEAD(kdump_units);
static bool kdump_accept;

static const char * const kdump_state_names[IOMMU_KDUMP_NR_STATES] = {
	[IOMMU_KDUMP_UNPROTECTED]	= "unprotected",
	[IOMMU_KDUMP_ADOPTED]		= "adopted",
	[IOMMU_KDUMP_INHERITED]		= "inherited",
	[IOMMU_KDUMP_RELEASED]		= "released",
	[IOMMU_KDUMP_BLOCKED]		= "blocked",
};

#if IS_ENABLED(CONFIG_KUNIT)
/*
 * KUnit does not run in a kdump kernel: a test sets this to take the paths
 * that need the handover on, and clears it before it ends. Nothing else
 * writes it.
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
 * IOMMU drivers call this before taking any kdump-specific path; when it
 * returns false they behave exactly as without this series.
 */
bool iommu_kdump_active(void)
{
	return kdump_kunit_active || (kdump_accept && is_kdump_kernel());
}

/**
 * iommu_kdump_parse_option() - handle one option of ``iommu=``
 * @opt: the option, without the comma that ended it
 *
 * Called by the architecture's ``iommu=`` parser for options it does not
 * know, and by this file's parser where the architecture has none.
 *
 * Context: early boot (early_param).
 * Return: 0 if @opt was ours, -EINVAL otherwise.
 */
int iommu_kdump_parse_option(const char *opt)
{
	if (strcmp(opt, "accept_active"))
		return -EINVAL;
	kdump_accept = true;
	return 0;
}

#ifndef CONFIG_X86
/* x86 has an iommu= parser of its own (arch/x86/kernel/pci-dma.c). */
static int __init iommu_kdump_setup(char *str)
{
	char opt[32];
	size_t len;

	while (str && *str) {
		len = strcspn(str, ",");
		if (len < sizeof(opt)) {
			memcpy(opt, str, len);
			opt[len] = '\0';
			if (iommu_kdump_parse_option(opt))
				pr_warn("iommu=%s: unknown option ignored\n", opt);
		} else {
			pr_warn("iommu=: option too long, ignored\n");
		}
		str += len;
		if (*str == ',')
			str++;
	}
	return 0;
}
early_param("iommu", iommu_kdump_setup);
#endif

static int kdump_read_old(void *ctx, u64 pa, void *buf, size_t len)
{
	void *va;

	va = memremap(pa, len, MEMREMAP_WB);
	if (!va)
		return -EIO;
	memcpy(buf, va, len);
	memunmap(va);
	return 0;
}

static int kdump_add_capture(struct resource *res, void *arg)
{
	if (kdump_mem.nr_capture >= KDUMP_MAX_MEM_RANGES)
		return -ENOSPC;
	kdump_capture[kdump_mem.nr_capture].start = res->start;
	kdump_capture[kdump_mem.nr_capture].end = res->end + 1;
	kdump_mem.nr_capture++;
	return 0;
}

static int kdump_mem_init(void)
{
	enum kdump_bad why;
	unsigned int nr;
	u64 size;

	kdump_mem.read = kdump_read_old;
	kdump_mem.old_ram = kdump_old_ram;
	kdump_mem.capture = kdump_capture;
	if (walk_system_ram_res(0, -1, NULL, kdump_add_capture) < 0) {
		pr_warn("more than %d capture-kernel RAM ranges\n",
			KDUMP_MAX_MEM_RANGES);
		return -ENOSPC;
	}
	/*
	 * "elfcorehdr=ADDR" without a size (x86 kexec-tools) leaves the size
	 * 0; like /proc/vmcore, derive it from e_phnum, within a bound.
	 */
	size = elfcorehdr_size ?: KDUMP_ELFCOREHDR_MAX;
	why = kdump_elfcorehdr_ranges(&kdump_mem, elfcorehdr_addr, size,
				      kdump_old_ram, KDUMP_MAX_MEM_RANGES, &nr);
	if (why != KDUMP_OK) {
		pr_warn("ELF core header at %#llx+%#llx: %s\n", elfcorehdr_addr,
			size, kdump_bad_str(why));
		return -EINVAL;
	}
	kdump_mem.nr_old_ram = nr;
	return 0;
}

/**
 * iommu_kdump_oldmem() - where the old kernel's RAM and this kernel are
 *
 * Description: The first call reads the ELF core header the old kernel
 * left for this one: old RAM is what its PT_LOAD headers describe; capture
 * memory is this kernel's System RAM. It must happen before vmcore_init() (an
 * fs_initcall) hands the header to /proc/vmcore; this file makes sure with
 * a core_initcall, and IOMMU drivers that start earlier call it earlier.
 *
 * Context: process context, may sleep.
 * Return: the description for the validators, or NULL if the header could
 * not be read (the caller must then trust nothing of the old kernel).
 */
const struct kdump_oldmem *iommu_kdump_oldmem(void)
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
		iommu_kdump_oldmem();
	return 0;
}
core_initcall(iommu_kdump_oldmem_init);

/**
 * iommu_kdump_unit_create() - start handing over one IOMMU instance
 * @name: the IOMMU's name for the report (e.g. "dmar0"); copied
 * @ops: what the core may ask of the driver; must outlive the kernel
 * @priv: the driver's instance, see iommu_kdump_unit_priv()
 *
 * Context: process context, may sleep.
 * Return: the unit, or NULL if out of memory. Units live as long as the
 * capture kernel; there is nothing to undo.
 */
struct iommu_kdump_unit *
iommu_kdump_unit_create(const char *name, const struct iommu_kdump_unit_ops *ops,
			void *priv)
{
	struct iommu_kdump_unit *unit;

	unit = kzalloc(sizeof(*unit), GFP_KERNEL);
	if (!unit)
		return NULL;
	strscpy(unit->name, name, sizeof(unit->name));
	unit->ops = ops;
	unit->priv = priv;
	xa_init(&unit->devs);
	atomic64_set(&unit->faults, 0);
	ratelimit_state_init(&unit->fault_rs, 5 * HZ, 3);

	mutex_lock(&kdump_mutex);
	list_add_tail(&unit->node, &kdump_units);
	mutex_unlock(&kdump_mutex);
	return unit;
}
EXPORT_SYMBOL_IF_KUNIT(iommu_kdump_unit_create);

/**
 * iommu_kdump_unit_priv() - the driver's instance of a unit
 * @unit: the unit
 *
 * Context: any context.
 * Return: the @priv given to iommu_kdump_unit_create().
 */
void *iommu_kdump_unit_priv(struct iommu_kdump_unit *unit)
{
	return unit->priv;
}
EXPORT_SYMBOL_IF_KUNIT(iommu_kdump_unit_priv);

/**
 * iommu_kdump_unit_blocked() - the whole IOMMU's old state was invalid
 * @unit: the unit
 * @why: what was wrong (a static string)
 *
 * The driver keeps translation enabled with no device translating; every
 * device behind it is blocked until reset. Devices already recorded as
 * adopted (a walk that failed half way) become blocked too: the driver
 * has taken their old entries away again.
 *
 * Context: process context, may sleep.
 */
void iommu_kdump_unit_blocked(struct iommu_kdump_unit *unit, const char *why)
{
	struct kdump_dev *kd;
	unsigned long sid;

	mutex_lock(&kdump_mutex);
	unit->blocked = why;
	xa_for_each(&unit->devs, sid, kd) {
		if (kd->state != IOMMU_KDUMP_ADOPTED)
			continue;
		kd->state = IOMMU_KDUMP_BLOCKED;
		kd->why = why;
	}
	mutex_unlock(&kdump_mutex);
	pr_warn("%s: old translation tables invalid (%s): blocking every device, translation stays enabled\n",
		unit->name, why);
}
EXPORT_SYMBOL_IF_KUNIT(iommu_kdump_unit_blocked);

/**
 * iommu_kdump_block_range() - requesters whose old state was invalid
 * @unit: the unit
 * @first: first requester ID or stream ID of the range
 * @last: last one
 * @why: what was wrong (a static string)
 *
 * For a part of the old tables shared by several requesters (a VT-d bus's
 * context table) whose devices are not known yet: their faults are counted
 * as blocked, and each gets a blocked record when its driver binds it
 * (iommu_kdump_bind_device()). Past a fixed number of ranges the whole
 * unit is blocked instead.
 *
 * Context: process context, may sleep.
 */
void iommu_kdump_block_range(struct iommu_kdump_unit *unit, u32 first,
			     u32 last, const char *why)
{
	unsigned int n;

	mutex_lock(&kdump_mutex);
	n = unit->nr_blocked_ranges;
	if (n < KDUMP_MAX_BLOCKED_RANGES) {
		unit->blocked_ranges[n].first = first;
		unit->blocked_ranges[n].last = last;
		unit->blocked_ranges[n].why = why;
		/* Readers in the fault path see the entry before the count. */
		smp_store_release(&unit->nr_blocked_ranges, n + 1);
	}
	mutex_unlock(&kdump_mutex);
	if (n >= KDUMP_MAX_BLOCKED_RANGES)
		iommu_kdump_unit_blocked(unit, why);
}
EXPORT_SYMBOL_IF_KUNIT(iommu_kdump_block_range);

/* Why @sid is blocked by its unit or a blocked range, or NULL. */
static const char *kdump_blocked_why(struct iommu_kdump_unit *unit, u32 sid)
{
	/* Pairs with the release in iommu_kdump_block_range(). */
	unsigned int i, n = smp_load_acquire(&unit->nr_blocked_ranges);
	const char *why = READ_ONCE(unit->blocked);

	for (i = 0; !why && i < n; i++)
		if (sid >= unit->blocked_ranges[i].first &&
		    sid <= unit->blocked_ranges[i].last)
			why = unit->blocked_ranges[i].why;
	return why;
}

/**
 * iommu_kdump_unit_done() - the driver finished handing over a unit
 * @unit: the unit
 * @start_ns: local_clock() when the driver started reading the old state
 *	(the sched clock: usable in early boot, when ktime still ticks in
 *	jiffies)
 *
 * Context: process context.
 */
void iommu_kdump_unit_done(struct iommu_kdump_unit *unit, u64 start_ns)
{
	unit->handover_ns = local_clock() - start_ns;
}

static struct kdump_dev *kdump_dev_get(struct iommu_kdump_unit *unit, u32 sid)
{
	return unit ? xa_load(&unit->devs, sid) : NULL;
}

/**
 * iommu_kdump_record() - describe one requester's old translation
 * @unit: the unit
 * @sid: requester ID (PCI BDF) or stream ID
 * @x: the validated old translation; ignored if @why is not NULL
 * @why: NULL if @x is valid, else why the device must be blocked (static)
 *
 * A valid translation makes the device adopted, an invalid one blocked.
 * The driver must have made the hardware match: a blocked requester must
 * not translate through the old tables.
 *
 * Context: process context, may sleep.
 * Return: 0, -EEXIST if @sid was recorded before, or -ENOMEM.
 */
int iommu_kdump_record(struct iommu_kdump_unit *unit, u32 sid,
		       const struct kdump_xlate *x, const char *why)
{
	struct kdump_dev *kd;
	int ret;

	kd = kzalloc(sizeof(*kd), GFP_KERNEL);
	if (!kd)
		return -ENOMEM;
	kd->unit = unit;
	kd->sid = sid;
	INIT_LIST_HEAD(&kd->ranges);
	atomic64_set(&kd->faults, 0);
	/* At most 3 fault messages per device every 5 seconds. */
	ratelimit_state_init(&kd->fault_rs, 5 * HZ, 3);
	ratelimit_set_flags(&kd->fault_rs, RATELIMIT_MSG_ON_RELEASE);
	if (why) {
		kd->state = IOMMU_KDUMP_BLOCKED;
		kd->why = why;
	} else {
		kd->state = IOMMU_KDUMP_ADOPTED;
		kd->old = *x;
	}

	mutex_lock(&kdump_mutex);
	ret = xa_insert(&unit->devs, sid, kd, GFP_KERNEL);
	mutex_unlock(&kdump_mutex);
	if (ret)
		kfree(kd);
	return ret == -EBUSY ? -EEXIST : ret;
}
EXPORT_SYMBOL_IF_KUNIT(iommu_kdump_record);

/**
 * iommu_kdump_record_range() - add one old mapping run of an adopted device
 * @unit: the unit
 * @sid: a requester recorded with iommu_kdump_record()
 * @iova: first IOVA of the run
 * @pa: old physical address @iova translates to
 * @size: bytes, contiguous in IOVA and physical address
 * @prot: IOMMU_READ and/or IOMMU_WRITE
 *
 * Runs adjacent to the previous one (in IOVA, physical address and
 * protection) are merged.
 *
 * Context: process context, may sleep.
 * Return: 0, -ENOENT if @sid is unknown or not adopted, or -ENOMEM.
 */
int iommu_kdump_record_range(struct iommu_kdump_unit *unit, u32 sid, u64 iova,
			     u64 pa, u64 size, u32 prot)
{
	struct kdump_old_range *r, *last;
	struct kdump_dev *kd;
	int ret = 0;

	mutex_lock(&kdump_mutex);
	kd = kdump_dev_get(unit, sid);
	if (!kd || kd->state != IOMMU_KDUMP_ADOPTED) {
		ret = -ENOENT;
		goto out_unlock;
	}
	last = list_empty(&kd->ranges) ? NULL :
	       list_last_entry(&kd->ranges, struct kdump_old_range, node);
	if (last && last->iova + last->size == iova &&
	    last->pa + last->size == pa && last->prot == prot) {
		last->size += size;
		goto out_count;
	}
	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r) {
		ret = -ENOMEM;
		goto out_unlock;
	}
	r->iova = iova;
	r->pa = pa;
	r->size = size;
	r->prot = prot;
	list_add_tail(&r->node, &kd->ranges);
	kd->nr_ranges++;
out_count:
	kd->bytes += size;
out_unlock:
	mutex_unlock(&kdump_mutex);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(iommu_kdump_record_range);

/**
 * iommu_kdump_state() - the state of one requester
 * @unit: the unit, or NULL
 * @sid: requester ID or stream ID
 *
 * Context: any context.
 * Return: the state; %IOMMU_KDUMP_UNPROTECTED if the core has no record
 * (the old kernel did not translate it, or @unit is NULL).
 */
enum iommu_kdump_state iommu_kdump_state(struct iommu_kdump_unit *unit, u32 sid)
{
	struct kdump_dev *kd = kdump_dev_get(unit, sid);

	return kd ? READ_ONCE(kd->state) : IOMMU_KDUMP_UNPROTECTED;
}
EXPORT_SYMBOL_IF_KUNIT(iommu_kdump_state);

/**
 * iommu_kdump_bind_device() - tell the core which device owns a requester
 * @unit: the unit
 * @sid: requester ID or stream ID
 * @dev: the device, from the driver's probe_device
 *
 * Context: process context, may sleep.
 */
void iommu_kdump_bind_device(struct iommu_kdump_unit *unit, u32 sid,
			     struct device *dev)
{
	struct kdump_dev *kd;

	mutex_lock(&kdump_mutex);
	kd = kdump_dev_get(unit, sid);
	if (kd && !kd->dev)
		kd->dev = dev;
	mutex_unlock(&kdump_mutex);
}
EXPORT_SYMBOL_IF_KUNIT(iommu_kdump_bind_device);

/**
 * iommu_kdump_probe_device() - a device behind a handed-over unit was found
 * @unit: the unit
 * @sid: requester ID or stream ID
 * @dev: the device, from the driver's probe_device
 *
 * A device of a blocked unit or blocked requester range that has no record
 * yet gets a blocked one, so that the report lists it and an attach before
 * its reset is refused; then @dev is bound to its record.
 *
 * Context: process context, may sleep.
 */
void iommu_kdump_probe_device(struct iommu_kdump_unit *unit, u32 sid,
			      struct device *dev)
{
	const char *why;

	if (!unit)
		return;
	why = kdump_blocked_why(unit, sid);
	if (why && !kdump_dev_get(unit, sid))
		iommu_kdump_record(unit, sid, NULL, why);
	iommu_kdump_bind_device(unit, sid, dev);
}
EXPORT_SYMBOL_IF_KUNIT(iommu_kdump_probe_device);

/**
 * iommu_kdump_runs_add() - gather one old mapping run during a table walk
 * @arg: the &struct iommu_kdump_runs of the device being walked
 * @iova: first IOVA of the run
 * @pa: old physical address it maps to
 * @size: bytes
 * @prot: KDUMP_PROT_* of the run
 *
 * Has the signature of &kdump_map_fn: the walkers report a device's
 * mappings before their verdict on the device, so a driver gathers them
 * here and hands them to iommu_kdump_record_runs() with the verdict.
 *
 * Context: process context, may sleep.
 * Return: 0, or -ENOMEM (remembered: the device will be blocked).
 */
int iommu_kdump_runs_add(void *arg, u64 iova, u64 pa, u64 size, u32 prot)
{
	struct iommu_kdump_runs *r = arg;
	struct iommu_kdump_run *run;

	if (r->nr == r->max) {
		run = krealloc_array(r->run, r->max * 2 + 16, sizeof(*run),
				     GFP_KERNEL);
		if (!run) {
			r->oom = true;
			return -ENOMEM;
		}
		r->run = run;
		r->max = r->max * 2 + 16;
	}
	run = &r->run[r->nr++];
	run->iova = iova;
	run->pa = pa;
	run->size = size;
	run->prot = prot;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(iommu_kdump_runs_add);

/**
 * iommu_kdump_record_runs() - record a walked device and its gathered runs
 * @unit: the unit
 * @sid: requester ID or stream ID
 * @x: its old translation
 * @why: NULL if it is adopted, else why it is blocked (a static string)
 * @r: the runs iommu_kdump_runs_add() gathered; emptied for the next device
 *
 * Context: process context, may sleep.
 * Return: what iommu_kdump_record() returned, or the first error adding a
 * run (the record then keeps the runs added so far).
 */
int iommu_kdump_record_runs(struct iommu_kdump_unit *unit, u32 sid,
			    const struct kdump_xlate *x, const char *why,
			    struct iommu_kdump_runs *r)
{
	unsigned int i;
	int ret;

	why = iommu_kdump_runs_why(r, why);
	ret = iommu_kdump_record(unit, sid, x, why);
	for (i = 0; !ret && !why && i < r->nr; i++)
		ret = iommu_kdump_record_range(unit, sid, r->run[i].iova,
					       r->run[i].pa, r->run[i].size,
					       r->run[i].prot);
	iommu_kdump_runs_drop(r);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(iommu_kdump_record_runs);

/**
 * iommu_kdump_runs_free() - free what iommu_kdump_runs_add() allocated
 * @r: the runs
 *
 * Context: process context.
 */
void iommu_kdump_runs_free(struct iommu_kdump_runs *r)
{
	kfree(r->run);
	r->run = NULL;
	r->nr = 0;
	r->max = 0;
}
EXPORT_SYMBOL_IF_KUNIT(iommu_kdump_runs_free);

/**
 * iommu_kdump_get_resv_regions() - reserve an un-reset device's old IOVAs
 * @unit: the unit
 * @sid: requester ID or stream ID
 * @head: the list the driver's get_resv_regions() callback builds
 *
 * Adds an %IOMMU_RESV_RESERVED region for every old mapping run of an
 * adopted or inherited device, so that the DMA layer's IOVA allocator never
 * hands out an IOVA the device may still be using. Regions stay reserved
 * after the device is released: the allocator gives reservations no way
 * back, and the space is small.
 *
 * Context: process context, may sleep.
 */
void iommu_kdump_get_resv_regions(struct iommu_kdump_unit *unit, u32 sid,
				  struct list_head *head)
{
	struct iommu_resv_region *region;
	struct kdump_old_range *r;
	struct kdump_dev *kd;

	mutex_lock(&kdump_mutex);
	kd = kdump_dev_get(unit, sid);
	if (!kd || (kd->state != IOMMU_KDUMP_ADOPTED &&
		    kd->state != IOMMU_KDUMP_INHERITED))
		goto out_unlock;
	list_for_each_entry(r, &kd->ranges, node) {
		region = iommu_alloc_resv_region(r->iova, r->size, 0,
						 IOMMU_RESV_RESERVED, GFP_KERNEL);
		if (!region) {
			pr_warn_ratelimited("%s: sid %#x: out of memory reserving old IOVAs\n",
					    unit->name, sid);
			break;
		}
		list_add_tail(&region->list, head);
	}
out_unlock:
	mutex_unlock(&kdump_mutex);
}
EXPORT_SYMBOL_IF_KUNIT(iommu_kdump_get_resv_regions);

/**
 * iommu_kdump_inherit() - map an un-reset device's old mappings in a domain
 * @unit: the unit
 * @sid: requester ID or stream ID
 * @domain: the capture-kernel domain about to be attached
 *
 * Called by the driver's attach path *before* it points the device at
 * @domain, so that in-flight DMA never sees a domain without the old
 * mappings. Maps every old run at its old IOVA to its old physical pages.
 *
 * Context: process context, may sleep; no IOMMU driver lock held.
 * Return: 0 if the device may be attached (the mappings are in place, or
 * it was not adopted); -EBUSY if the device is blocked and not reset: the
 * caller must refuse the attach. On a mapping failure the partial mappings
 * are undone, the device stays adopted and the error is returned; the
 * caller must refuse the attach.
 */
int iommu_kdump_inherit(struct iommu_kdump_unit *unit, u32 sid,
			struct iommu_domain *domain)
{
	struct kdump_old_range *r, *done;
	struct kdump_dev *kd;
	u64 start = local_clock();
	int ret = 0;

	mutex_lock(&kdump_mutex);
	kd = kdump_dev_get(unit, sid);
	if (!kd)
		goto out_unlock;
	if (kd->state == IOMMU_KDUMP_BLOCKED) {
		dev_warn_ratelimited(kd->dev, "kdump-iommu: blocked (%s) until the device is reset; no new domain\n",
				     kd->why);
		ret = -EBUSY;
		goto out_unlock;
	}
	if (kd->state != IOMMU_KDUMP_ADOPTED || kd->old.kind != KDUMP_XLATE_PAGING)
		goto out_unlock;
	if (!(domain->type & __IOMMU_DOMAIN_PAGING)) {
		/*
		 * An identity or blocking domain cannot carry the old
		 * mappings; attaching it would send old DMA to physical
		 * addresses equal to old IOVAs.
		 */
		dev_warn(kd->dev, "kdump-iommu: refusing a non-paging domain before reset\n");
		ret = -EBUSY;
		goto out_unlock;
	}
	list_for_each_entry(r, &kd->ranges, node) {
		ret = iommu_map(domain, r->iova, r->pa, r->size, r->prot);
		if (ret)
			goto err_unmap;
	}
	kd->domain = domain;
	kd->inherit_ns = local_clock() - start;
	WRITE_ONCE(kd->state, IOMMU_KDUMP_INHERITED);
	goto out_unlock;

err_unmap:
	done = r;
	list_for_each_entry(r, &kd->ranges, node) {
		if (r == done)
			break;
		iommu_unmap(domain, r->iova, r->size);
	}
	dev_err(kd->dev, "kdump-iommu: cannot map old IOVA %#llx+%#llx into the new domain: %d\n",
		done->iova, done->size, ret);
out_unlock:
	mutex_unlock(&kdump_mutex);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(iommu_kdump_inherit);

/**
 * iommu_kdump_fault() - account a fault reported by an IOMMU
 * @unit: the unit that reported it
 * @sid: requester ID or stream ID of the faulting request
 *
 * Context: any context, including hard interrupt.
 * Return: true if the fault comes from a device the handover manages
 * (adopted, inherited or blocked) and was counted: the caller must not
 * print it, the core prints a rate-limited line itself. false if the
 * caller should report the fault as usual.
 */
bool iommu_kdump_fault(struct iommu_kdump_unit *unit, u32 sid)
{
	struct kdump_dev *kd = kdump_dev_get(unit, sid);
	enum iommu_kdump_state state;
	s64 n;

	if (!kd && unit && kdump_blocked_why(unit, sid)) {
		/* A blocked unit's or range's device, not probed (yet). */
		n = atomic64_inc_return(&unit->faults);
		if (__ratelimit(&unit->fault_rs))
			pr_info("%s: sid %#x (blocked): fault %lld from DMA the old kernel started\n",
				unit->name, sid, n);
		return true;
	}
	if (!kd)
		return false;
	state = READ_ONCE(kd->state);
	if (state == IOMMU_KDUMP_RELEASED)
		return false;
	n = atomic64_inc_return(&kd->faults);
	if (__ratelimit(&kd->fault_rs))
		pr_info("%s: sid %#x (%s): fault %lld from DMA the old kernel started\n",
			unit->name, sid, kdump_state_names[state], n);
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(iommu_kdump_fault);

static void kdump_release(struct kdump_dev *kd)
{
	struct iommu_kdump_unit *unit = kd->unit;
	struct kdump_old_range *r;
	u64 start = local_clock();

	lockdep_assert_held(&kdump_mutex);

	switch (kd->state) {
	case IOMMU_KDUMP_INHERITED:
		/* iommu_unmap() flushes the IOTLB before it returns. */
		list_for_each_entry(r, &kd->ranges, node)
			iommu_unmap(kd->domain, r->iova, r->size);
		break;
	case IOMMU_KDUMP_ADOPTED:
	case IOMMU_KDUMP_BLOCKED:
		if (unit->ops && unit->ops->release)
			unit->ops->release(unit, kd->sid, kd->dev);
		break;
	default:
		return;
	}
	kd->release_ns = local_clock() - start;
	WRITE_ONCE(kd->state, IOMMU_KDUMP_RELEASED);
	dev_info(kd->dev, "kdump-iommu: reset: old mappings released (%u ranges, %llu KiB)\n",
		 kd->nr_ranges, kd->bytes >> 10);
}

/**
 * iommu_kdump_device_reset_done() - a device's old DMA has stopped
 * @dev: the device, just reset
 *
 * The PCI core calls this after a successful function or bus reset; a
 * driver that resets its device by other means calls it afterwards. The
 * device's old mappings are released: unmapped from its capture-kernel
 * domain with the IOTLB flushed, or its old translation entry removed.
 * A blocked device may then be attached normally.
 *
 * Context: process context, may sleep.
 */
void iommu_kdump_device_reset_done(struct device *dev)
{
	struct iommu_kdump_unit *unit;
	struct kdump_dev *kd;
	unsigned long sid;

	if (!iommu_kdump_active())
		return;
	mutex_lock(&kdump_mutex);
	list_for_each_entry(unit, &kdump_units, node) {
		xa_for_each(&unit->devs, sid, kd) {
			if (kd->dev == dev)
				kdump_release(kd);
		}
	}
	mutex_unlock(&kdump_mutex);
}
EXPORT_SYMBOL_GPL(iommu_kdump_device_reset_done);

struct kdump_counts {
	unsigned int state[IOMMU_KDUMP_NR_STATES];
	unsigned int ranges;
	u64 bytes;
	u64 faults;
	u64 handover_ns;
};

static int kdump_count_unprotected(struct device *dev, void *data)
{
	struct kdump_counts *c = data;

	if (!device_iommu_mapped(dev))
		c->state[IOMMU_KDUMP_UNPROTECTED]++;
	return 0;
}

static void kdump_count(struct kdump_counts *c)
{
	struct iommu_kdump_unit *unit;
	struct kdump_dev *kd;
	unsigned long sid;

	lockdep_assert_held(&kdump_mutex);
	memset(c, 0, sizeof(*c));
	list_for_each_entry(unit, &kdump_units, node) {
		c->handover_ns += unit->handover_ns;
		c->faults += atomic64_read(&unit->faults);
		xa_for_each(&unit->devs, sid, kd) {
			c->state[kd->state]++;
			if (kd->state == IOMMU_KDUMP_INHERITED) {
				c->ranges += kd->nr_ranges;
				c->bytes += kd->bytes;
			}
			c->faults += atomic64_read(&kd->faults);
		}
	}
	if (IS_ENABLED(CONFIG_PCI))
		bus_for_each_dev(&pci_bus_type, NULL, c, kdump_count_unprotected);
}

/**
 * kdump_report_show() - the debugfs report: counts, then one line per device
 * @m: where to print
 * @unused: unused
 *
 * Context: process context, may sleep.
 * Return: 0.
 */
VISIBLE_IF_KUNIT int kdump_report_show(struct seq_file *m, void *unused)
{
	struct iommu_kdump_unit *unit;
	struct kdump_counts c;
	struct kdump_dev *kd;
	unsigned long sid;
	int i;

	mutex_lock(&kdump_mutex);
	kdump_count(&c);
	for (i = 0; i < IOMMU_KDUMP_NR_STATES; i++)
		seq_printf(m, "%s=%u\n", kdump_state_names[i], c.state[i]);
	seq_printf(m, "inherited_ranges=%u\ninherited_bytes=%llu\nfaults=%llu\nhandover_us=%llu\n",
		   c.ranges, c.bytes, c.faults, c.handover_ns / NSEC_PER_USEC);
	list_for_each_entry(unit, &kdump_units, node) {
		seq_printf(m, "unit %s faults=%lld handover_us=%llu blocked=%s\n",
			   unit->name, (long long)atomic64_read(&unit->faults),
			   unit->handover_ns / NSEC_PER_USEC, unit->blocked ?: "-");
		xa_for_each(&unit->devs, sid, kd) {
			seq_printf(m, "device %s %s sid=%#lx state=%s tag=%u levels=%u ranges=%u bytes=%llu faults=%lld inherit_us=%llu release_us=%llu why=%s\n",
				   unit->name, kd->dev ? dev_name(kd->dev) : "-",
				   sid, kdump_state_names[kd->state], kd->old.tag,
				   kd->old.levels, kd->nr_ranges, kd->bytes,
				   (long long)atomic64_read(&kd->faults),
				   kd->inherit_ns / NSEC_PER_USEC,
				   kd->release_ns / NSEC_PER_USEC, kd->why ?: "-");
		}
	}
	mutex_unlock(&kdump_mutex);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_report_show);
DEFINE_SHOW_ATTRIBUTE(kdump_report);

#if IS_ENABLED(CONFIG_KUNIT)
/**
 * kdump_unit_destroy() - forget a unit and every record it holds
 * @unit: a unit from iommu_kdump_unit_create()
 *
 * Units live as long as the capture kernel, so this exists only for KUnit,
 * where each test creates a unit and must not leave records that point to
 * its devices behind. Nothing else may use @unit concurrently, not even the
 * fault path.
 *
 * Context: process context, may sleep.
 */
void kdump_unit_destroy(struct iommu_kdump_unit *unit)
{
	struct kdump_old_range *r, *next;
	struct kdump_dev *kd;
	unsigned long sid;

	mutex_lock(&kdump_mutex);
	list_del(&unit->node);
	xa_for_each(&unit->devs, sid, kd) {
		list_for_each_entry_safe(r, next, &kd->ranges, node)
			kfree(r);
		kfree(kd);
	}
	xa_destroy(&unit->devs);
	mutex_unlock(&kdump_mutex);
	kfree(unit);
}
EXPORT_SYMBOL_IF_KUNIT(kdump_unit_destroy);
#endif

static int __init iommu_kdump_report_init(void)
{
	struct dentry *parent = NULL;
	struct kdump_counts c;

	if (kdump_accept && !is_kdump_kernel()) {
		pr_info("iommu=accept_active ignored: not a kdump kernel\n");
		return 0;
	}
	if (!iommu_kdump_active())
		return 0;
#ifdef CONFIG_IOMMU_DEBUGFS
	parent = iommu_debugfs_dir;
#endif
	if (!parent)
		parent = debugfs_create_dir("iommu", NULL);
	debugfs_create_file("report", 0444, debugfs_create_dir("kdump", parent),
			    NULL, &kdump_report_fops);

	mutex_lock(&kdump_mutex);
	kdump_count(&c);
	mutex_unlock(&kdump_mutex);
	pr_info("handover: %u adopted, %u inherited, %u blocked, %u released, %u unprotected; %u old ranges (%llu KiB) inherited; %llu faults; %llu us\n",
		c.state[IOMMU_KDUMP_ADOPTED], c.state[IOMMU_KDUMP_INHERITED],
		c.state[IOMMU_KDUMP_BLOCKED], c.state[IOMMU_KDUMP_RELEASED],
		c.state[IOMMU_KDUMP_UNPROTECTED], c.ranges, c.bytes >> 10,
		c.faults, c.handover_ns / NSEC_PER_USEC);
	return 0;
}
late_initcall_sync(iommu_kdump_report_init);
