// SPDX-License-Identifier: GPL-2.0
/*
 * Old memory and capture memory for the kdump IOMMU handover.
 *
 * Copyright (C) 2026 The kdump-iommu authors
 */

/**
 * DOC: kdump IOMMU handover: old memory
 *
 * After a panic every IOMMU reaches the kdump capture kernel still
 * enabled, translating with the crashed kernel's tables, and devices that
 * were never reset keep doing DMA through them. The capture kernel keeps
 * those devices confined by keeping translation on and going on using the
 * crashed kernel's tables for a while. It must not trust them blindly:
 * they were written by a kernel that just crashed, maybe because it
 * scribbled over memory.
 *
 * Words used by every file of the handover:
 *
 * - *old kernel*: the kernel that crashed and whose tables are still live
 *   in the IOMMU hardware.
 * - *capture kernel*: the kdump kernel booted by the panic; it runs this
 *   code, saves the dump and reboots.
 * - *old RAM*: the old kernel's RAM, as listed by the PT_LOAD program
 *   headers of the ELF core header (elfcorehdr) the old kernel prepared.
 *   Every table the hardware walks for an adopted device must lie inside
 *   one old RAM range.
 * - *capture memory*: every page the capture kernel owns: its RAM (the
 *   crash kernel reservation and any low memory it was given), the ELF
 *   core header and the initrd. No old table may lie in it, and no old
 *   mapping may let a device reach it.
 *
 * The functions here are pure: they read old memory only through the
 * &kdump_oldmem.read callback and only after checking that the range is
 * old RAM, write only to memory their caller passed in, allocate nothing,
 * touch no hardware, print nothing and keep no state. The same object
 * links into the kernel, a KUnit suite and a user-space test and fuzzer.
 */

#include <linux/types.h>
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/sort.h>
#include <kunit/visibility.h>

#include "kdump.h"

static u64 get_le(const u8 *p, unsigned int n)
{
	u64 v = 0;

	while (n--)
		v = (v << 8) | p[n];
	return v;
}

static u64 get_be(const u8 *p, unsigned int n)
{
	u64 v = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		v = (v << 8) | p[i];
	return v;
}

static const char * const kdump_bad_strs[KDUMP_BAD_MAX] = {
	[KDUMP_OK]			= "ok",
	[KDUMP_BAD_ALIGN]		= "misaligned table pointer",
	[KDUMP_BAD_NOT_OLD_RAM]		= "table outside old ram",
	[KDUMP_BAD_IN_CAPTURE]		= "table in capture memory",
	[KDUMP_BAD_READ]		= "old memory read failed",
	[KDUMP_BAD_RSVD]		= "reserved bits set",
	[KDUMP_BAD_WIDTH]		= "unsupported width or size",
	[KDUMP_BAD_DID]			= "domain id out of range",
	[KDUMP_BAD_TYPE]		= "unsupported type or format",
	[KDUMP_BAD_LOOP]		= "table loop",
	[KDUMP_BAD_TOO_BIG]		= "walk limits exceeded",
	[KDUMP_BAD_LEAF_IN_CAPTURE]	= "mapping into capture memory",
	[KDUMP_BAD_OVERFLOW]		= "address overflow or truncated",
	[KDUMP_BAD_ABORTED]		= "aborted by caller",
	[KDUMP_BAD_MAPS_TABLE]		= "writable mapping of a table page",
	[KDUMP_BAD_BUDGET]		= "handover budget exhausted",
	[KDUMP_BAD_CONFLICT]		= "conflicting entries",
};

/**
 * kdump_bad_str() - name a reason
 * @why: the reason
 *
 * Context: Any context.
 * Return: a short lowercase phrase for @why, never NULL.
 */
const char *kdump_bad_str(enum kdump_bad why)
{
	if ((unsigned int)why >= KDUMP_BAD_MAX)
		return "unknown";
	return kdump_bad_strs[why];
}
EXPORT_SYMBOL_IF_KUNIT(kdump_bad_str);

static int range_cmp(const void *a, const void *b)
{
	const struct kdump_range *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return 0;
}

/**
 * kdump_ranges_normalize() - sort and merge ranges in place
 * @r: the ranges
 * @nr: entries in @r
 *
 * Drops empty ranges, sorts the rest by address and merges the ones that
 * overlap or touch, so that the lookups below can bisect.
 *
 * Context: Any context.
 * Return: the number of ranges left at the start of @r.
 */
unsigned int kdump_ranges_normalize(struct kdump_range *r, unsigned int nr)
{
	unsigned int i, n = 0;

	for (i = 0; i < nr; i++)
		if (r[i].end > r[i].start)
			r[n++] = r[i];
	if (!n)
		return 0;
	sort(r, n, sizeof(*r), range_cmp, NULL);
	nr = n;
	n = 0;
	for (i = 1; i < nr; i++) {
		if (r[i].start <= r[n].end) {
			if (r[i].end > r[n].end)
				r[n].end = r[i].end;
		} else {
			r[++n] = r[i];
		}
	}
	return n + 1;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_ranges_normalize);

/* Index of the first normalized range that ends after @addr, or @nr. */
static unsigned int ranges_find(const struct kdump_range *r, unsigned int nr,
				u64 addr)
{
	unsigned int lo = 0, hi = nr;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (r[mid].end <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/**
 * kdump_ranges_overlap() - does a range touch any of a normalized set?
 * @r: ranges, normalized (kdump_ranges_normalize())
 * @nr: entries in @r
 * @start: first byte
 * @end: one past the last byte, greater than @start
 *
 * Context: Any context.
 * Return: true if some byte of [@start, @end) lies in @r.
 */
bool kdump_ranges_overlap(const struct kdump_range *r, unsigned int nr,
			  u64 start, u64 end)
{
	unsigned int i = ranges_find(r, nr, start);

	return i < nr && r[i].start < end;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_ranges_overlap);

/**
 * kdump_ranges_contain() - does one range of a normalized set hold a range?
 * @r: ranges, normalized
 * @nr: entries in @r
 * @start: first byte
 * @end: one past the last byte, greater than @start
 *
 * Context: Any context.
 * Return: true if [@start, @end) lies inside one range of @r.
 */
bool kdump_ranges_contain(const struct kdump_range *r, unsigned int nr,
			  u64 start, u64 end)
{
	unsigned int i = ranges_find(r, nr, start);

	return i < nr && r[i].start <= start && end <= r[i].end;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_ranges_contain);

/**
 * kdump_capture_ranges() - every range the capture kernel owns
 * @r: the capture kernel's System RAM ranges, with room for two more
 * @nr_ram: System RAM ranges at the start of @r
 * @hdr: the ELF core header
 * @initrd: the initrd, or an empty range
 *
 * The ELF core header lies in the crash-kernel reservation, outside this
 * kernel's System RAM (kexec hands it over as reserved memory) and outside
 * old RAM. Left out, an old mapping onto it would be kept as one that
 * points outside old RAM (device memory, say), and the device could
 * rewrite the header /proc/vmcore is built from. The initrd is listed for
 * the same reason, wherever the boot loader put it.
 *
 * Context: Any context.
 * Return: the number of ranges at the start of @r, normalized.
 */
unsigned int kdump_capture_ranges(struct kdump_range *r, unsigned int nr_ram,
				  const struct kdump_range *hdr,
				  const struct kdump_range *initrd)
{
	r[nr_ram] = *hdr;
	r[nr_ram + 1] = *initrd;
	return kdump_ranges_normalize(r, nr_ram + 2);
}
EXPORT_SYMBOL_IF_KUNIT(kdump_capture_ranges);

/**
 * kdump_check_table() - check that an old table may be read and used
 * @m: old memory description
 * @pa: old physical address of the table
 * @len: size of the table in bytes, not 0
 * @align: required alignment, a power of two; 0 or 1 for none
 *
 * The checks run in this order, and the first failure is returned: @pa
 * aligned to @align, [@pa, @pa + @len) neither empty nor wrapping, no byte
 * of it in capture memory, all of it inside one old RAM range.
 *
 * Context: Any context.
 * Return: %KDUMP_OK if the table may be read, else %KDUMP_BAD_ALIGN,
 * %KDUMP_BAD_OVERFLOW, %KDUMP_BAD_IN_CAPTURE or %KDUMP_BAD_NOT_OLD_RAM.
 */
enum kdump_bad kdump_check_table(const struct kdump_oldmem *m, u64 pa, u64 len,
				 u64 align)
{
	u64 end = pa + len;

	if (align & (align - 1))
		return KDUMP_BAD_ALIGN;
	if (align && (pa & (align - 1)))
		return KDUMP_BAD_ALIGN;
	if (end <= pa)
		return KDUMP_BAD_OVERFLOW;
	if (kdump_ranges_overlap(m->capture, m->nr_capture, pa, end))
		return KDUMP_BAD_IN_CAPTURE;
	if (!kdump_ranges_contain(m->old_ram, m->nr_old_ram, pa, end))
		return KDUMP_BAD_NOT_OLD_RAM;
	return KDUMP_OK;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_check_table);

/* The parts of ELF64 (include/uapi/linux/elf.h) the core header uses. */
#define ELF_EHDR_SIZE		64
#define ELF_PHDR_SIZE		56
#define ELF_CLASS64		2
#define ELF_DATA_LSB		1
#define ELF_DATA_MSB		2
#define ELF_EV_CURRENT		1
#define ELF_ET_CORE		4
#define ELF_PT_LOAD		1
#define ELF_PN_XNUM		0xffff

/**
 * kdump_elfcorehdr_ranges() - list old RAM from the ELF core header
 * @m: old memory description; only @m->read is used, on the header itself
 * @hdr_pa: physical address of the ELF core header (elfcorehdr=)
 * @hdr_len: its size in bytes
 * @out: receives one range per non-empty PT_LOAD program header; may be
 *	NULL to count them
 * @max: entries in @out
 * @nr: set to the number of PT_LOAD ranges found (stored or, with @out
 *	NULL, counted), also on failure
 *
 * Accepts a 64-bit ET_CORE header of either byte order with 56-byte program
 * headers that all lie inside [@hdr_pa, @hdr_pa + @hdr_len). Ranges are
 * p_paddr to p_paddr + p_memsz, in header order; the caller normalizes
 * them. Call it once with @out NULL to size @out.
 *
 * Context: Any context; sleeps only if @m->read does.
 * Return: %KDUMP_OK, or %KDUMP_BAD_TYPE (not a 64-bit ELF core file),
 * %KDUMP_BAD_WIDTH (header sizes), %KDUMP_BAD_OVERFLOW (truncated, or a
 * range wraps), %KDUMP_BAD_TOO_BIG (more than @max ranges, or PN_XNUM) or
 * %KDUMP_BAD_READ.
 */
enum kdump_bad kdump_elfcorehdr_ranges(const struct kdump_oldmem *m,
				       u64 hdr_pa, u64 hdr_len,
				       struct kdump_range *out,
				       unsigned int max, unsigned int *nr)
{
	u64 (*get)(const u8 *p, unsigned int n);
	u8 eh[ELF_EHDR_SIZE], ph[ELF_PHDR_SIZE];
	unsigned int phnum, i;
	u64 phoff;

	*nr = 0;
	if (hdr_len < ELF_EHDR_SIZE)
		return KDUMP_BAD_OVERFLOW;
	if (hdr_pa + hdr_len <= hdr_pa)
		return KDUMP_BAD_OVERFLOW;
	if (m->read(m->ctx, hdr_pa, eh, sizeof(eh)))
		return KDUMP_BAD_READ;

	if (eh[0] != 0x7f || eh[1] != 'E' || eh[2] != 'L' || eh[3] != 'F' ||
	    eh[4] != ELF_CLASS64 || eh[6] != ELF_EV_CURRENT)
		return KDUMP_BAD_TYPE;
	if (eh[5] == ELF_DATA_LSB)
		get = get_le;
	else if (eh[5] == ELF_DATA_MSB)
		get = get_be;
	else
		return KDUMP_BAD_TYPE;
	if (get(eh + 16, 2) != ELF_ET_CORE || get(eh + 20, 4) != ELF_EV_CURRENT)
		return KDUMP_BAD_TYPE;
	if (get(eh + 52, 2) != ELF_EHDR_SIZE || get(eh + 54, 2) != ELF_PHDR_SIZE)
		return KDUMP_BAD_WIDTH;

	phoff = get(eh + 32, 8);
	phnum = get(eh + 56, 2);
	if (phnum == ELF_PN_XNUM)
		return KDUMP_BAD_TOO_BIG;
	if (phoff > hdr_len || (u64)phnum * ELF_PHDR_SIZE > hdr_len - phoff)
		return KDUMP_BAD_OVERFLOW;

	for (i = 0; i < phnum; i++) {
		u64 paddr, memsz;

		if (m->read(m->ctx, hdr_pa + phoff + (u64)i * ELF_PHDR_SIZE, ph,
			    sizeof(ph)))
			return KDUMP_BAD_READ;
		if (get(ph, 4) != ELF_PT_LOAD)
			continue;
		paddr = get(ph + 24, 8);
		memsz = get(ph + 40, 8);
		if (!memsz)
			continue;
		if (paddr + memsz <= paddr)
			return KDUMP_BAD_OVERFLOW;
		if (out) {
			if (*nr >= max)
				return KDUMP_BAD_TOO_BIG;
			out[*nr].start = paddr;
			out[*nr].end = paddr + memsz;
		}
		(*nr)++;
	}
	return KDUMP_OK;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_elfcorehdr_ranges);

/**
 * kdump_xlate_init() - start decoding an entry into a translation
 * @x: the translation
 * @kind: what the entry does
 *
 * Context: Any context.
 */
void kdump_xlate_init(struct kdump_xlate *x, enum kdump_xlate_kind kind)
{
	*x = (struct kdump_xlate){ .kind = kind };
}
EXPORT_SYMBOL_IF_KUNIT(kdump_xlate_init);

/**
 * kdump_xlate_add_tag() - note a hardware ID a translation uses
 * @x: the translation
 * @space: which kind of ID
 * @id: its value
 *
 * Context: Any context.
 */
void kdump_xlate_add_tag(struct kdump_xlate *x, enum kdump_tag_space space,
			 u32 id)
{
	if (x->nr_tags >= KDUMP_MAX_TAGS)
		return;
	x->tag[x->nr_tags].space = space;
	x->tag[x->nr_tags].id = id;
	x->nr_tags++;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_xlate_add_tag);
