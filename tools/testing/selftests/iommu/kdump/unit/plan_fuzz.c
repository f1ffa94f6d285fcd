// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for the pure part of the kdump IOMMU handover: the
 * unit walkers of fmt_vtd.c and fmt_amd.c into the adoption plan (plan.c),
 * the page-table walker and builder (pt.c) and the ELF parser (mem.c).
 *
 * The input is a tiny synthetic old memory:
 *
 *	byte 0		mode, modulo 11: 0, 1 VT-d unit into a plan; 2 bare
 *			VT-d page-table walk; 3 ELF header; 4 AMD-Vi unit
 *			into a plan; 5 bare AMD-Vi v1 page-table walk; 6
 *			VT-d scalable-mode unit into a plan; 7 bare VT-d
 *			first-stage walk; 8 SMMUv3 stream table into a plan;
 *			9 bare LPAE walk (stage 1 or 2, 4 or 16 KiB); 10
 *			SMMUv2 registers into a plan (the register file is
 *			the first fuzz page, see fuzz_smmu2_read())
 *	byte 1		VT-d: SAGAW (bits 4:0), PT, DT, CM (bits 7:5)
 *			AMD-Vi: HATS levels (value % 6 + 1), device table
 *			pages - 1 (bits 4:3), GT (bit 5), 128-bit IRTEs
 *			(bit 6), device table size from bytes 3, 4 (bit 7)
 *	byte 2		VT-d: HAW (24..64), SLLPS (bits 7:6); scalable
 *			mode also FL5LP (bit 6), FL1GP (bit 7)
 *			AMD-Vi: HAW (32..52)
 *	byte 3		number of domain IDs; levels and leaf levels of a
 *			bare walk; scalable mode: no FLTS (bit 7), no SLTS
 *			(bit 6), RPS (bit 5), PASID (bit 4), PRS (bit 3)
 *			SMMUv3: byte 1 IDR0-like flags (S1, S2, 2-level
 *			stream and CD tables, 16-bit ASID/VMID, granules),
 *			byte 2 STRTAB_BASE_CFG LOG2SIZE (% 12) and format
 *			(bit 7), byte 3 SPLIT (% 3: 6, 8, 10), SSIDSIZE
 *			(bits 7:3 % 21) and OAS (bits 2:0)
 *	byte 4, 5	root / device table pointer: page index and offset or
 *			special value
 *	byte 6, 7	walk limits; byte 7 also the plan's memory budget
 *	byte 8		which read fails with -EIO (0: none)
 *	byte 9..	contents of FUZZ_PAGES pages at FUZZ_BASE
 *
 * Old RAM is two adjacent ranges over the first FUZZ_RAM_PAGES pages; the
 * next pages are capture memory (backed, so that a stray read would go
 * unnoticed by the memory itself) and so is a far range. Invariants are
 * checked with __builtin_trap():
 *
 *  - no read outside old RAM (one range, whole read) reaches the callback;
 *  - walks read no more tables than the limits allow;
 *  - what a plan keeps never reaches capture memory, no kept writable run
 *    covers a table the IOMMU reads, kept and cut bytes add up to what the
 *    tree maps, and an adopted translation's tree is valid;
 *  - every tree the plan builds anew, built and walked back, maps exactly
 *    what the plan kept;
 *  - the plan frees everything it allocated.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <linux/errno.h>

#include "env.h"
#include "fmt_amd.h"
#include "fmt_lpae.h"
#include "fmt_smmuv2.h"
#include "fmt_smmuv3_walk.h"
#include "fmt_vtd.h"
#include "fmt_vtd_sm_walk.h"
#include "plan.h"

#define FUZZ_BASE	0x10000000ULL
#define FUZZ_PAGE	4096
#define FUZZ_RAM_PAGES	8
#define FUZZ_PAGES	10
#define FUZZ_HDR	9
#define FUZZ_PA(n)	(FUZZ_BASE + (u64)(n) * FUZZ_PAGE)

struct fuzz {
	u8 mem[FUZZ_PAGES * FUZZ_PAGE];
	u8 scratch[KDUMP_VTD_SM_SCRATCH_SIZE + KDUMP_AMD_SCRATCH_SIZE];
	u8 pt_scratch[KDUMP_PT_MAX_LEVELS * FUZZ_PAGE];
	struct kdump_range ram[2];
	struct kdump_range cap[2];
	struct kdump_oldmem m;
	bool strict;		/* reads must be old RAM */
	unsigned int reads;
	unsigned int fail_read;
	u64 last_end;
	u64 budget;
	u64 used;
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
	if (f->fail_read && f->reads == f->fail_read)
		return -EIO;
	if (pa < FUZZ_BASE || pa - FUZZ_BASE > sizeof(f->mem) ||
	    len > sizeof(f->mem) - (pa - FUZZ_BASE))
		return -EIO;
	memcpy(buf, f->mem + (pa - FUZZ_BASE), len);
	return 0;
}

/* The plan's memory: a budget from the input, every byte accounted. */
static void *fuzz_alloc(void *ctx, size_t size)
{
	struct fuzz *f = ctx;
	u64 *b;

	if (size + 16 < size || size + 16 > f->budget - f->used)
		return NULL;
	b = calloc(1, size + 16);
	if (!b)
		return NULL;
	b[0] = size + 16;
	f->used += b[0];
	return b + 2;
}

static void fuzz_free(void *ctx, void *p)
{
	struct fuzz *f = ctx;
	u64 *b = p;

	if (!p)
		return;
	b -= 2;
	f->used -= b[0];
	free(b);
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
	/* Adjacent ranges stay separate: a table across them is refused. */
	f->m.nr_old_ram = 2;
	f->m.capture = f->cap;
	f->m.nr_capture = 2;
	f->fail_read = data[8];
	f->lim.max_tables = 1 + data[6] % 32;
	f->lim.max_leaves = 1 + (u64)data[7] * 64;
	f->lim.max_total_tables = 1 + (unsigned int)data[6] * 2;
	/* Mostly plenty, sometimes tight: 1 KiB .. 1 MiB. */
	f->budget = (data[7] & 0x80) ? (u64)(data[7] & 0x7f) << 10 : 1 << 20;
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

/* Tables the builder writes, freed afterwards. */
struct fuzz_built {
	void *va[64];
	size_t size[64];
	unsigned int nr;
};

static void *fuzz_page(void *ctx, size_t size, u64 *hw)
{
	struct fuzz_built *b = ctx;
	void *va;

	if (b->nr == 64)
		return NULL;
	va = kv_sys_page(size, hw);
	if (va) {
		b->va[b->nr] = va;
		b->size[b->nr++] = size;
	}
	return va;
}

struct fuzz_cmp {
	struct kdump_run_pos pos;
	const struct kdump_run *want;
	u64 off;
};

/* Walking a built tree back must give the kept runs, byte for byte. */
static int fuzz_cmp_run(void *arg, const struct kdump_run *r)
{
	struct fuzz_cmp *w = arg;
	u64 done = 0;

	while (done < r->size) {
		const struct kdump_run *want;
		u64 n;

		want = w->want;
		CHECK(want);
		CHECK(r->iova + done == want->iova + w->off);
		CHECK(r->pa + done == want->pa + w->off);
		CHECK(r->prot == want->prot);
		n = want->size - w->off;
		if (n > r->size - done)
			n = r->size - done;
		done += n;
		w->off += n;
		if (w->off == want->size) {
			w->want = kdump_run_next(&w->pos);
			w->off = 0;
		}
	}
	return 0;
}

static void fuzz_build_back(const struct kdump_plan_tbl *t)
{
	static const struct kdump_range all = { 0, ~0ULL };
	struct kdump_oldmem hw = {
		.read = kv_hw_read, .old_ram = &all, .nr_old_ram = 1,
	};
	struct fuzz_built b = {};
	struct kdump_alloc a = { .page = fuzz_page, .ctx = &b };
	struct fuzz_cmp w = {};
	struct kdump_pt_visit v = { .run = fuzz_cmp_run, .arg = &w };
	struct kdump_stage s = t->stage;
	unsigned int tables, i;
	enum kdump_bad why;
	void *scratch;

	w.want = kdump_run_first(&t->keep, &w.pos);
	why = kdump_pt_build(&s, &a, &t->keep, &s.root, &tables);
	if (why == KDUMP_OK) {
		s.oa_bits = 64;
		scratch = calloc(1, kdump_pt_scratch_size(&s));
		CHECK(scratch);
		CHECK(kdump_pt_walk(&hw, &s, NULL, scratch, &v, NULL, NULL) ==
		      KDUMP_OK);
		CHECK(!w.want && !w.off);
		free(scratch);
	} else {
		/*
		 * Only more than 64 tables may stop a build of kept runs, or,
		 * for a 16 or 64 KiB granule, a cut (4 KiB at a time) that
		 * left runs off the granule: the kernel then blocks the
		 * translation (kdump_install()), a known hole (README).
		 */
		CHECK((why == KDUMP_BAD_BUDGET && b.nr == 64) ||
		      (why == KDUMP_BAD_OVERFLOW && s.granule_shift > 12));
	}
	for (i = 0; i < b.nr; i++)
		free(b.va[i]);
}

/*
 * Whether a table page the IOMMU reads lies in [pa, pa + size): one pass
 * over the table pages, not one per page of the run, since a kept run of
 * superpages can cover hundreds of GiB.
 */
static bool spfn_in(const struct kdump_plan *p, u64 pa, u64 size)
{
	u64 first = pa >> 12, last = (pa + size - 1) >> 12;
	u64 i;

	for (i = 0; i < p->nr_spfn; i++)
		if (p->spfn[i] >= first && p->spfn[i] <= last)
			return true;
	return false;
}

/* Everything a finished plan promises. */
static void fuzz_check_plan(struct fuzz *f, struct kdump_plan *p,
			    enum kdump_bad unit)
{
	struct kdump_run_pos rpos;
	const struct kdump_run *r;
	unsigned int i;

	CHECK(p->st.tables_read <= f->lim.max_total_tables);
	CHECK(p->st.adopted + p->st.blocked == p->nr_xl + p->nr_dropped);
	/* Records end where the budget ran out; later IDs are blocked. */
	CHECK(!p->nr_dropped || p->xl_full);
	if (p->xl_full)
		CHECK(!p->nr_xl || p->xl[p->nr_xl - 1].id.sid < p->xl_full_sid ||
		      (p->xl[p->nr_xl - 1].id.sid == p->xl_full_sid &&
		       kdump_plan_sid_blocked(p, p->xl_full_sid)));
	for (i = 0; i < p->nr_xl; i++) {
		const struct kdump_plan_xl *xl = &p->xl[i];
		const struct kdump_plan_tbl *t = kdump_plan_xl_tbl(p, xl);

		CHECK(xl->why < KDUMP_BAD_MAX);
		CHECK(!i || xl->id.sid >= p->xl[i - 1].id.sid);
		if (unit)
			CHECK(xl->why);
		if (xl->why)
			continue;
		if (xl->x.kind == KDUMP_XLATE_TRANSLATE) {
			CHECK(t && !t->why && t->users);
			CHECK(in_one(f->ram, 2, t->stage.root, FUZZ_PAGE));
		}
	}
	for (i = 0; i < p->nr_tbl; i++) {
		const struct kdump_plan_tbl *t = &p->tbl[i];

		if (t->why)
			continue;
		CHECK(t->keep.bytes + t->cut_capture + t->cut_table ==
		      t->runs.bytes);
		CHECK(t->st.tables <= f->lim.max_tables);
		f->last_end = 0;
		for (r = kdump_run_first(&t->keep, &rpos); r;
		     r = kdump_run_next(&rpos)) {
			CHECK(r->size && r->pa + r->size > r->pa);
			CHECK(r->iova >= f->last_end);
			f->last_end = r->iova + r->size;
			CHECK(!overlaps(f->cap, 2, r->pa, r->size));
			if (r->prot & KDUMP_PROT_WRITE)
				CHECK(!spfn_in(p, r->pa, r->size));
		}
		if (t->built && t->users)
			fuzz_build_back(t);
	}
}

enum fuzz_unit { FUZZ_VTD, FUZZ_AMD, FUZZ_VTD_SM, FUZZ_SMMUV3, FUZZ_SMMUV2 };

/*
 * SMMUv2 registers from the first fuzz page: 32-bit SMRs at 0x000, S2CRs
 * at 0x200, CBARs at 0x400, CBA2Rs at 0x500, SCTLRs at 0x600, TCRs at
 * 0x700, TCR2s at 0x800, 64-bit TTBR0s at 0x900 (index modulo 64).
 */
static u64 fuzz_smmu2_read(void *ctx, enum kdump_smmuv2_reg reg, u32 idx)
{
	static const u16 base[] = { 0x000, 0x200, 0x400, 0x500, 0x600, 0x700,
				    0x800, 0x900 };
	const u8 *p = ((struct fuzz *)ctx)->mem;
	u64 v = 0;
	unsigned int i, n = reg == KDUMP_SMMUV2_TTBR0 ? 8 : 4;

	p += base[reg] + (idx % 64) * n;
	for (i = 0; i < n; i++)
		v |= (u64)p[i] << (8 * i);
	return v;
}

static void fuzz_plan(struct fuzz *f, const u8 *data, enum fuzz_unit u)
{
	struct kdump_alloc a = {
		.alloc = fuzz_alloc, .free = fuzz_free, .ctx = f,
	};
	struct kdump_plan p;
	struct kdump_sink sink;
	enum kdump_bad why;

	kdump_plan_init(&p, &f->m, &a, &f->lim);
	kdump_plan_sink(&p, &sink);
	f->strict = true;
	if (u == FUZZ_SMMUV2) {
		struct kdump_smmuv2_regs r = { .read = fuzz_smmu2_read, .ctx = f };
		struct kdump_smmuv2_caps c;
		struct kdump_smmuv2_stats st;

		kdump_smmuv2_caps_from_idr((u32)data[1] << 24 | data[2] << 16 |
					   data[3] << 8 | data[4],
					   data[5] % 129, data[6] << 8 | data[7],
					   &c);
		why = kdump_smmuv2_walk(&r, &c, data[8] & 1, &sink, &st);
		CHECK(st.smes_blocked <= st.smes);
		CHECK(st.smes <= c.nr_sme);
		CHECK(st.sids == p.nr_xl + p.nr_dropped || p.err ||
		      why == KDUMP_BAD_ABORTED || why);
	} else if (u == FUZZ_SMMUV3) {
		struct kdump_smmuv3_caps c = {
			.sid_bits = 16,
			.ssid_bits = (data[3] >> 3) % 21,
			.oas = kdump_lpae_size_bits(data[3] % 7),
			.granules = BIT(0) | ((data[1] & BIT(6)) ? BIT(2) : 0) |
				    ((data[1] & BIT(7)) ? BIT(4) : 0),
			.s1 = data[1] & BIT(0),
			.s2 = data[1] & BIT(1),
			.aa64 = true,
			.st_2lvl = data[1] & BIT(2),
			.cd2l = data[1] & BIT(3),
			.asid16 = data[1] & BIT(4),
			.vmid16 = data[1] & BIT(5),
		};
		static const u8 splits[3] = { 6, 8, 10 };
		u32 cfg = (data[2] & 0x7f) % 12 | (u32)splits[data[3] % 3] << 6 |
			  ((data[2] & BIT(7)) ? BIT(16) : 0);
		struct kdump_smmuv3_stats st;

		why = kdump_smmuv3_walk(&f->m, &c, fuzz_rta(data), cfg,
					f->scratch, &sink, &st);
		CHECK(st.streams_blocked <= st.streams);
		CHECK(st.cds_blocked <= st.cds);
		CHECK(st.l2_blocked <= st.l2_tables);
		CHECK(st.l2_blocked <= p.nr_blk || p.err ||
		      why == KDUMP_BAD_ABORTED);
	} else if (u == FUZZ_AMD) {
		struct kdump_amd_caps c = {
			.nr_domids = 1U << (data[3] % 17),
			.max_levels = 1 + data[1] % 6,
			.haw = 32 + data[2] % 21,
			.gt_supported = data[1] & BIT(5),
			.ga_irte = data[1] & BIT(6),
		};
		u64 size = (1 + ((data[1] >> 3) & 3)) * (u64)FUZZ_PAGE;
		struct kdump_amd_stats st;

		if (data[1] & BIT(7))
			size = (u64)data[3] << 16 | (u64)data[4] << 8;
		why = kdump_amd_walk(&f->m, &c, fuzz_rta(data), size,
				     f->scratch, &sink, &st);
		CHECK(st.dte_pages <= size / FUZZ_PAGE);
		CHECK(st.devices_blocked <= st.devices);
	} else if (u == FUZZ_VTD_SM) {
		struct kdump_vtd_caps c = {
			.nr_dids = 1U << (4 + 2 * (data[3] % 7)),
			.sagaw = data[1] & 0x1f,
			.mgaw = 57,
			.haw = 24 + data[2] % 41,
			.pt_supported = data[1] & BIT(5),
			.dt_supported = data[1] & BIT(6),
			.caching_mode = data[1] & BIT(7),
			.sllps = data[2] >> 6,
			.flts = !(data[3] & BIT(7)),
			.slts = !(data[3] & BIT(6)),
			.fl5lp = data[2] & BIT(6),
			.fl1gp = data[2] & BIT(7),
			.rps = data[3] & BIT(5),
			.pasid = data[3] & BIT(4),
			.prs = data[3] & BIT(3),
		};
		struct kdump_vtd_sm_stats st;

		why = kdump_vtd_sm_walk(&f->m, &c, fuzz_rta(data), f->scratch,
					&sink, &st);
		CHECK(st.buses_blocked <= st.buses);
		CHECK(st.devices_blocked <= st.devices);
		CHECK(st.pasids_blocked <= st.pasids);
		CHECK(st.devices <= 128 * st.buses);
		CHECK(st.pasids == p.nr_xl + p.nr_dropped || p.err ||
		      why == KDUMP_BAD_ABORTED);
	} else {
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
		struct kdump_vtd_stats st;

		why = kdump_vtd_walk(&f->m, &c, fuzz_rta(data), f->scratch,
				     &sink, &st);
		CHECK(st.buses_blocked <= st.buses);
		CHECK(st.devices_blocked <= st.devices);
		CHECK(st.tables <= 1 + st.buses);
	}
	CHECK(why < KDUMP_BAD_MAX);
	/* Only the plan running out of memory stops a walker. */
	CHECK(why != KDUMP_BAD_ABORTED || p.err);
	if (why)
		kdump_plan_unit_bad(&p, why);
	kdump_plan_finish(&p);
	fuzz_check_plan(f, &p, p.unit_why);
	kdump_plan_free(&p);
	CHECK(!f->used);
}

/* A bare LPAE walk: granule, stage and shape from the header. */
static void fuzz_lpae(struct fuzz *f, const u8 *data)
{
	unsigned int g = (data[1] & 1) ? 14 : 12;
	struct kdump_pt_visit v = { .run = NULL };
	struct kdump_walk_stats st;
	struct kdump_stage s;
	enum kdump_bad why;
	void *scratch;
	int err;

	if (data[1] & 2)
		why = kdump_lpae_s2_stage(g, 16 + data[3] % 24, data[2] & 3,
					  kdump_lpae_size_bits(data[2] >> 5), &s);
	else
		why = kdump_lpae_s1_stage(g, 16 + data[3] % 24,
					  kdump_lpae_size_bits(data[2] >> 5), &s);
	if (why)
		return;
	s.root = fuzz_rta(data);
	s.flags = (data[1] >> 2) & 3;
	scratch = calloc(1, kdump_pt_scratch_size(&s));
	CHECK(scratch);
	f->strict = true;
	why = kdump_pt_walk(&f->m, &s, &f->lim, scratch, &v, &st, &err);
	CHECK(why < KDUMP_BAD_MAX && why != KDUMP_BAD_ABORTED && !err);
	CHECK(st.tables <= f->lim.max_tables);
	CHECK(st.leaves <= f->lim.max_leaves);
	CHECK(st.runs <= st.leaves);
	free(scratch);
}

static void fuzz_pt(struct fuzz *f, const u8 *data, bool amd, bool fl)
{
	struct kdump_stage s = {
		.fmt = &kdump_fmt_vtd_sl,
		.root = fuzz_rta(data),
		.levels = 2 + data[3] % 5,
		.granule_shift = 12,
		.oa_bits = 24 + data[2] % 41,
		.leaf_levels = 1 | (data[3] >> 5),
	};
	struct kdump_pt_visit v = { .run = NULL };
	struct kdump_walk_stats st;
	enum kdump_bad why;
	int err;

	if (amd) {
		s.fmt = &kdump_fmt_amd_v1;
		s.levels = 1 + data[3] % 7;
		s.oa_bits = 32 + data[2] % 21;
		s.leaf_levels = 0x3f;
	} else if (fl) {
		s.fmt = &kdump_fmt_vtd_fl;
		s.levels = 4 + data[3] % 2;
		s.ia_bits = s.levels == 4 ? 47 : 56;
		s.leaf_levels &= 7;
	}
	f->strict = true;
	why = kdump_pt_walk(&f->m, &s, &f->lim, f->pt_scratch, &v, &st, &err);
	CHECK(why < KDUMP_BAD_MAX && why != KDUMP_BAD_ABORTED && !err);
	CHECK(st.tables <= f->lim.max_tables);
	CHECK(st.leaves <= f->lim.max_leaves);
	CHECK(st.runs <= st.leaves);
	CHECK(f->reads <= st.tables + 1);
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
	nr = kdump_ranges_normalize(out, nr);
	for (i = 1; i < nr; i++)
		CHECK(out[i - 1].end < out[i].start);
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
	switch (data[0] % 11) {
	case 0:
	case 1:
		fuzz_plan(F, data, FUZZ_VTD);
		break;
	case 2:
		fuzz_pt(F, data, false, false);
		break;
	case 3:
		fuzz_elf(F, data);
		break;
	case 4:
		fuzz_plan(F, data, FUZZ_AMD);
		break;
	case 5:
		fuzz_pt(F, data, true, false);
		break;
	case 6:
		fuzz_plan(F, data, FUZZ_VTD_SM);
		break;
	case 7:
		fuzz_pt(F, data, false, true);
		break;
	case 8:
		fuzz_plan(F, data, FUZZ_SMMUV3);
		break;
	case 9:
		fuzz_lpae(F, data);
		break;
	default:
		fuzz_plan(F, data, FUZZ_SMMUV2);
		break;
	}
	return 0;
}
