// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for drivers/iommu/kdump/validate.c.
 *
 * The input is a tiny synthetic old memory:
 *
 *	byte 0		mode, modulo 6: 0, 1 VT-d IOMMU walk; 2 bare VT-d
 *			page-table walk; 3 ELF header; 4 AMD-Vi device
 *			table walk; 5 bare AMD-Vi v1 page-table walk
 *	byte 1		VT-d: SAGAW (bits 4:0), PT, DT, CM (bits 7:5)
 *			AMD-Vi: HATS levels (value % 6 + 1), device table
 *			pages - 1 (bits 4:3), GT (bit 5), 128-bit IRTEs
 *			(bit 6), device table size from bytes 3, 4 (bit 7)
 *	byte 2		VT-d: HAW (24..64), SLLPS (bits 7:6)
 *			AMD-Vi: HAW (32..52)
 *	byte 3		number of domain IDs; levels and flags of a bare walk
 *	byte 4, 5	root / device table pointer: page index and offset or
 *			special value
 *	byte 6, 7	walk limits
 *	byte 8		which read fails with -EIO (0: none)
 *	byte 9..	contents of FUZZ_PAGES pages at FUZZ_BASE
 *
 * Old RAM is two adjacent ranges over the first FUZZ_RAM_PAGES pages; the
 * next pages are capture memory (backed, so that a stray read would go
 * unnoticed by the memory itself) and so is a far range. Invariants are
 * checked with __builtin_trap():
 *
 *  - no read outside old RAM (one range, whole read) reaches the callback;
 *  - no reported run overlaps capture memory, runs are non-empty, do not
 *    wrap and come in increasing IOVA order per device;
 *  - the walk reads no more tables than the limits allow;
 *  - the statistics agree with what the callbacks saw.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <linux/errno.h>

#include "validate.h"

#define FUZZ_BASE	0x10000000ULL
#define FUZZ_PAGE	4096
#define FUZZ_RAM_PAGES	8
#define FUZZ_PAGES	10
#define FUZZ_HDR	9
#define FUZZ_PA(n)	(FUZZ_BASE + (u64)(n) * FUZZ_PAGE)

struct fuzz {
	u8 mem[FUZZ_PAGES * FUZZ_PAGE];
	u8 scratch[KDUMP_VTD_SCRATCH_SIZE + KDUMP_AMD_SCRATCH_SIZE];
	struct kdump_range ram[2];
	struct kdump_range cap[2];
	struct kdump_oldmem m;
	bool strict;		/* reads must be old RAM */
	unsigned int reads;
	unsigned int fail_read;
	unsigned int failed;
	/* per device */
	u64 cur_bytes;
	unsigned int cur_ranges;
	u64 last_end;
	/* totals */
	unsigned int buses, devs, devs_blocked;
	u64 leaves;
	struct kdump_walk_limits lim;
};

static struct fuzz *F;

#define CHECK(cond) do { if (!(cond)) __builtin_trap(); } while (0)

static bool in_one(const struct kdump_range *r, unsigned int nr, u64 pa,
		   u64 len)
{
	unsigned int i;

	for (i = 0; i < nr; i++)
		if (pa >= r[i].start && pa + len >= pa && pa + len <= r[i].end)
			return true;
	return false;
}

static bool overlaps(const struct kdump_range *r, unsigned int nr, u64 pa,
		     u64 len)
{
	unsigned int i;

	for (i = 0; i < nr; i++)
		if (pa < r[i].end && r[i].start < pa + len)
			return true;
	return false;
}

static int fuzz_read(void *ctx, u64 pa, void *buf, size_t len)
{
	struct fuzz *f = ctx;

	f->reads++;
	if (f->strict)
		CHECK(in_one(f->ram, 2, pa, len));
	if (f->fail_read && f->reads == f->fail_read) {
		f->failed++;
		return -EIO;
	}
	if (pa < FUZZ_BASE || pa - FUZZ_BASE > sizeof(f->mem) ||
	    len > sizeof(f->mem) - (pa - FUZZ_BASE))
		return -EIO;
	memcpy(buf, f->mem + (pa - FUZZ_BASE), len);
	return 0;
}

static int fuzz_map(void *arg, u64 iova, u64 pa, u64 size, u32 prot)
{
	struct fuzz *f = arg;

	CHECK(size);
	CHECK(pa + size > pa);
	CHECK(iova + size > iova);
	CHECK(!overlaps(f->cap, 2, pa, size));
	CHECK(iova >= f->last_end);
	CHECK(!(prot & ~(KDUMP_PROT_READ | KDUMP_PROT_WRITE)));
	f->last_end = iova + size;
	f->cur_bytes += size;
	f->cur_ranges++;
	return 0;
}

static int fuzz_bus(void *arg, u8 bus, u64 ctp, enum kdump_bad why)
{
	struct fuzz *f = arg;

	CHECK(why < KDUMP_BAD_MAX);
	f->buses++;
	return 0;
}

static void fuzz_walk_stats_ok(struct fuzz *f, enum kdump_bad why,
			       const struct kdump_walk_stats *st,
			       unsigned int max_tables)
{
	CHECK(st->tables <= max_tables);
	CHECK(st->leaves <= f->lim.max_leaves);
	CHECK(st->ranges <= st->leaves);
	if (why == KDUMP_OK) {
		CHECK(f->cur_bytes == st->bytes);
		CHECK(f->cur_ranges == st->ranges);
	} else {
		CHECK(f->cur_bytes <= st->bytes);
	}
	f->cur_bytes = 0;
	f->cur_ranges = 0;
	f->last_end = 0;
}

static int fuzz_dev(void *arg, u8 bus, u8 devfn, const struct kdump_xlate *x,
		    enum kdump_bad why, const struct kdump_walk_stats *st)
{
	struct fuzz *f = arg;

	CHECK(why < KDUMP_BAD_MAX && why != KDUMP_BAD_ABORTED);
	f->devs++;
	if (why)
		f->devs_blocked++;
	else
		f->leaves += st->leaves;
	if (!why && x->kind == KDUMP_XLATE_PAGING) {
		CHECK(x->levels >= 3 && x->levels <= 5);
		CHECK(!(x->root & 0xfff));
		CHECK(in_one(f->ram, 2, x->root, FUZZ_PAGE));
	}
	fuzz_walk_stats_ok(f, why, st, f->lim.max_tables);
	return 0;
}

static void fuzz_setup(struct fuzz *f, const u8 *data, size_t size)
{
	size_t n = size > FUZZ_HDR ? size - FUZZ_HDR : 0;

	memset(f, 0, sizeof(*f));
	if (n > sizeof(f->mem))
		n = sizeof(f->mem);
	if (n)
		memcpy(f->mem, data + FUZZ_HDR, n);
	f->ram[0].start = FUZZ_BASE;
	f->ram[0].end = FUZZ_PA(5);
	f->ram[1].start = FUZZ_PA(5);
	f->ram[1].end = FUZZ_PA(FUZZ_RAM_PAGES);
	f->cap[0].start = FUZZ_PA(FUZZ_RAM_PAGES);
	f->cap[0].end = FUZZ_PA(FUZZ_PAGES);
	f->cap[1].start = 0x40000000ULL;
	f->cap[1].end = 0x50000000ULL;
	f->m.read = fuzz_read;
	f->m.ctx = f;
	f->m.old_ram = f->ram;
	f->m.nr_old_ram = 2;
	f->m.capture = f->cap;
	f->m.nr_capture = 2;
	f->fail_read = data[8];
	f->lim.max_tables = 1 + data[6] % 32;
	f->lim.max_leaves = 1 + (u64)data[7] * 64;
	f->lim.max_total_tables = 1 + (unsigned int)data[6] * 2;
}

static u64 fuzz_rta(const u8 *data)
{
	switch (data[5]) {
	case 0xff:
		return FUZZ_PA(FUZZ_RAM_PAGES);
	case 0xfe:
		return ~0ULL << 12;
	case 0xfd:
		return 0x40000000ULL;
	}
	return FUZZ_PA(data[4] % (FUZZ_PAGES + 2)) +
	       ((data[5] & 1) ? (u64)(data[5] & 0xf8) : 0);
}

static void fuzz_vtd(struct fuzz *f, const u8 *data)
{
	struct kdump_vtd_caps c = {
		.nr_dids = 1U << (4 + 2 * (data[3] % 7)),
		.sagaw = data[1] & 0x1f,
		.mgaw = 57,
		.haw = 24 + data[2] % 41,
		.pt_supported = data[1] & BIT(5),
		.dt_supported = data[1] & BIT(6),
		.caching_mode = data[1] & BIT(7),
		.sllps = data[2] >> 6,
	};
	struct kdump_vtd_ops ops = {
		.bus = fuzz_bus,
		.dev = fuzz_dev,
		.map = fuzz_map,
		.arg = f,
	};
	struct kdump_vtd_stats st;
	enum kdump_bad why;

	f->strict = true;
	why = kdump_vtd_walk(&f->m, &c, fuzz_rta(data), &f->lim, f->scratch,
			     &ops, &st);
	CHECK(why < KDUMP_BAD_MAX && why != KDUMP_BAD_ABORTED);
	CHECK(st.tables <= f->lim.max_total_tables);
	CHECK(f->reads <= st.tables + f->failed);
	CHECK(f->failed || f->reads == st.tables);
	CHECK(st.buses == f->buses && st.buses_blocked <= st.buses);
	CHECK(st.devices == f->devs && st.devices_blocked == f->devs_blocked);
	CHECK(st.leaves == f->leaves);
	if (why)
		CHECK(!st.buses && !st.devices);
}

static int fuzz_amd_dev(void *arg, u16 devid, const u64 *dte,
			const struct kdump_xlate *x, enum kdump_bad why,
			const struct kdump_walk_stats *st)
{
	struct fuzz *f = arg;

	CHECK(why < KDUMP_BAD_MAX && why != KDUMP_BAD_ABORTED);
	CHECK(x->kind != KDUMP_XLATE_ABSENT);
	/* The raw entry handed over is the V=1 entry that was decoded. */
	CHECK(dte[0] & 1);
	CHECK((dte[1] & 0xffff) == x->tag);
	f->devs++;
	if (why)
		f->devs_blocked++;
	else
		f->leaves += st->leaves;
	if (!why && x->kind == KDUMP_XLATE_PAGING) {
		CHECK(x->fmt == &kdump_fmt_amd_v1);
		CHECK(x->levels >= 1 && x->levels <= 6);
		CHECK(!(x->root & 0xfff));
		CHECK(in_one(f->ram, 2, x->root, FUZZ_PAGE));
	}
	fuzz_walk_stats_ok(f, why, st, f->lim.max_tables);
	return 0;
}

static void fuzz_amd(struct fuzz *f, const u8 *data)
{
	struct kdump_amd_caps c = {
		.nr_domids = 1U << (data[3] % 17),
		.max_levels = 1 + data[1] % 6,
		.haw = 32 + data[2] % 21,
		.gt_supported = data[1] & BIT(5),
		.ga_irte = data[1] & BIT(6),
	};
	struct kdump_amd_ops ops = {
		.dev = fuzz_amd_dev,
		.map = fuzz_map,
		.arg = f,
	};
	u64 size = (1 + ((data[1] >> 3) & 3)) * (u64)FUZZ_PAGE;
	struct kdump_amd_stats st;
	enum kdump_bad why;

	if (data[1] & BIT(7))
		size = (u64)data[3] << 16 | (u64)data[4] << 8;
	f->strict = true;
	why = kdump_amd_walk(&f->m, &c, fuzz_rta(data), size, &f->lim,
			     f->scratch, &ops, &st);
	CHECK(why < KDUMP_BAD_MAX && why != KDUMP_BAD_ABORTED);
	CHECK(st.tables <= f->lim.max_total_tables);
	CHECK(st.dte_pages <= size / FUZZ_PAGE);
	CHECK(f->reads <= st.tables + st.dte_pages + f->failed);
	CHECK(f->failed || f->reads == st.tables + st.dte_pages);
	CHECK(st.devices == f->devs && st.devices_blocked == f->devs_blocked);
	CHECK(st.leaves == f->leaves);
	/* Only an unreadable later page fails the unit after devices. */
	if (why && why != KDUMP_BAD_READ)
		CHECK(!st.devices && !st.dte_pages);
}

static void fuzz_pt(struct fuzz *f, const u8 *data, bool amd)
{
	struct kdump_xlate x = {
		.kind = KDUMP_XLATE_PAGING,
		.fmt = &kdump_fmt_vtd_sl,
		.root = fuzz_rta(data),
		.levels = 2 + data[3] % 5,
		.flags = (data[3] >> 3) & 0xf,
		.oa_bits = 24 + data[2] % 41,
	};

	if (amd) {
		x.fmt = &kdump_fmt_amd_v1;
		x.levels = 1 + data[3] % 7;
		x.flags = 0;
		x.oa_bits = 32 + data[2] % 21;
	}
	struct kdump_walk_stats st;
	enum kdump_bad why;
	int err;

	f->strict = true;
	why = kdump_pt_walk(&f->m, &x, &f->lim, f->scratch, fuzz_map, f, &st,
			    &err);
	CHECK(why < KDUMP_BAD_MAX && why != KDUMP_BAD_ABORTED && !err);
	CHECK(f->reads <= st.tables + f->failed);
	CHECK(f->failed || f->reads == st.tables);
	fuzz_walk_stats_ok(f, why, &st, f->lim.max_tables);
}

static void fuzz_elf(struct fuzz *f, const u8 *data)
{
	struct kdump_range out[8];
	unsigned int nr, i, max = data[3] % 9;
	u64 len = ((u64)data[4] << 8 | data[5]) + (data[1] & 1 ? ~0ULL - 0xffff :
						   0);
	enum kdump_bad why;

	why = kdump_elfcorehdr_ranges(&f->m, FUZZ_BASE + (data[2] & 0x38),
				      len, out, max, &nr);
	CHECK(why < KDUMP_BAD_MAX);
	CHECK(nr <= max);
	for (i = 0; i < nr; i++)
		CHECK(out[i].start < out[i].end);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	if (size < FUZZ_HDR)
		return 0;
	if (!F) {
		F = malloc(sizeof(*F));
		if (!F)
			abort();
	}
	fuzz_setup(F, data, size);
	switch (data[0] % 6) {
	case 0:
	case 1:
		fuzz_vtd(F, data);
		break;
	case 2:
		fuzz_pt(F, data, false);
		break;
	case 3:
		fuzz_elf(F, data);
		break;
	case 4:
		fuzz_amd(F, data);
		break;
	default:
		fuzz_pt(F, data, true);
		break;
	}
	return 0;
}
