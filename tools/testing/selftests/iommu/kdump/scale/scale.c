// SPDX-License-Identifier: GPL-2.0
/*
 * Handover at scale: the cost of the kdump IOMMU handover's pure part
 * (drivers/iommu/kdump/: unit walker, page-table walks, runs, verdicts)
 * against the size of the old tables, next to the floor of reading those
 * tables once.
 *
 * For each point of the sweep the program writes synthetic old tables of
 * one format (the entries the format's own mk_table()/mk_leaf() make,
 * i.e. what the driver writes) into a synthetic old RAM, runs the unit
 * walker into an adoption plan and finishes it exactly as the kernel does
 * (same walk limits, a budget allocator charging what the kernel's does),
 * and measures:
 *
 *  - wall and CPU time of the handover;
 *  - the floor: the same tables read once through the same read callback
 *    (memcpy into a scratch table per level) and every entry looked at
 *    once (present? table or leaf?), nothing else;
 *  - the plan's peak and retained memory as the kernel's budget counts it,
 *    and whether it fits the budget of a 256 MiB and a 512 MiB capture
 *    kernel (a sixteenth of its memory, kdump_unit_budget());
 *  - the verdicts: every device must be adopted, or the point says why not.
 *
 * One JSON object per point on standard output; scripts/scale/report.py
 * turns them into the table and the plot. Usage: scale [--quick], or
 * scale --point vtd|vtdsm|amd|smmuv3|smmuv3s2|smmuv2 DEVICES MAPS 4k|2m|1g|mix
 * scattered|contiguous
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <linux/kernel.h>

#include "fmt_amd.h"
#include "fmt_lpae.h"
#include "fmt_smmuv2.h"
#include "fmt_smmuv3_walk.h"
#include "fmt_vtd.h"
#include "fmt_vtd_sm_walk.h"
#include "plan.h"

/* Old RAM from 1 GiB to 1 TiB; the capture kernel just below it. */
#define SC_RAM_BASE	(1ULL << 30)
#define SC_RAM_END	(1ULL << 40)
#define SC_CAP_START	(512ULL << 20)
#define SC_CAP_END	(1ULL << 30)
/* Tables are placed from the start of old RAM, leaves from 64 GiB on. */
#define SC_TBL_MAX	(6ULL << 30)
#define SC_LEAF_BASE	(64ULL << 30)
#define SC_LEAF_FRAMES	(1ULL << 26)		/* 256 GiB of 4 KiB frames */
#define SC_PTE_ADDR	GENMASK_ULL(51, 12)

/* The kernel's walk limits (unit.c: kdump_limits). */
static const struct kdump_walk_limits sc_limits = {
	.max_tables = 1 << 16,
	.max_leaves = 1 << 22,
	.max_total_tables = 1 << 18,
};

struct sc_mem {
	u8 *tbl;
	u64 used;
	u64 bytes_read;
	struct kdump_range old_ram[1];
	struct kdump_range capture[1];
	struct kdump_oldmem m;
};

static int sc_read(void *ctx, u64 pa, void *buf, size_t len)
{
	struct sc_mem *s = ctx;
	u64 off = pa - SC_RAM_BASE;

	if (pa < SC_RAM_BASE || off > s->used || len > s->used - off)
		return -EIO;
	memcpy(buf, s->tbl + off, len);
	s->bytes_read += len;
	return 0;
}

static void die(const char *what)
{
	fprintf(stderr, "scale: %s\n", what);
	exit(2);
}

static void sc_mem_init(struct sc_mem *s)
{
	memset(s, 0, sizeof(*s));
	s->tbl = mmap(NULL, SC_TBL_MAX, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (s->tbl == MAP_FAILED)
		die("cannot map the synthetic old RAM");
	s->old_ram[0] = (struct kdump_range){ SC_RAM_BASE, SC_RAM_END };
	s->capture[0] = (struct kdump_range){ SC_CAP_START, SC_CAP_END };
	s->m = (struct kdump_oldmem){
		.read = sc_read, .ctx = s,
		.old_ram = s->old_ram, .nr_old_ram = 1,
		.capture = s->capture, .nr_capture = 1,
	};
}

static void sc_mem_reset(struct sc_mem *s)
{
	madvise(s->tbl, SC_TBL_MAX, MADV_DONTNEED);
	s->used = 0;
	s->bytes_read = 0;
}

/* A zeroed table of @size bytes in old RAM, naturally aligned. */
static u64 sc_table(struct sc_mem *s, u64 size)
{
	u64 off = (s->used + size - 1) & ~(size - 1);

	if (off + size > SC_TBL_MAX)
		die("synthetic old RAM too small for the tables");
	s->used = off + size;
	return SC_RAM_BASE + off;
}

static u64 *sc_va(struct sc_mem *s, u64 pa)
{
	return (u64 *)(s->tbl + (pa - SC_RAM_BASE));
}

/*
 * Map one page of 4 KiB << (9 * (@leaf_level - 1)) in the tree at @root
 * (@st->nr_roots concatenated root tables: the top index has more bits).
 */
static void sc_map(struct sc_mem *s, const struct kdump_stage *st, u64 root,
		   u64 iova, u64 pa, unsigned int leaf_level)
{
	const struct kdump_pt_fmt *f = st->fmt;
	unsigned int level;
	u64 tbl = root, *e, top = 512ULL * (st->nr_roots ? st->nr_roots : 1);

	for (level = st->levels; level > leaf_level; level--) {
		e = sc_va(s, tbl) + ((iova >> (12 + 9 * (level - 1))) &
				     ((level == st->levels ? top : 512) - 1));
		if (!*e)
			*e = f->mk_table(st, sc_table(s, 4096), level);
		tbl = *e & SC_PTE_ADDR;
	}
	e = sc_va(s, tbl) + ((iova >> (12 + 9 * (leaf_level - 1))) & 511);
	*e = f->mk_leaf(st, pa, leaf_level, KDUMP_PROT_RW);
}

/* ------------------------------------------------------------------ */
/* Workloads                                                           */

enum sc_fmt { SC_VTD, SC_AMD, SC_VTDSM, SC_SMMUV3, SC_SMMUV3S2, SC_SMMUV2 };
static const char * const sc_fmt_name[] = { "vtd-legacy", "amd-v1",
					     "vtd-sm-fl", "smmuv3-s1-2lvl",
					     "smmuv3-s2-linear",
					     "smmuv2-regs" };
#define SC_LPAE(f)	((f) == SC_SMMUV3 || (f) == SC_SMMUV3S2 || \
			 (f) == SC_SMMUV2)

/**
 * struct sc_point - one point of the sweep
 * @series: which sweep it belongs to
 * @fmt: the table format
 * @devices: devices, each with a page-table tree of its own (a DMA
 *	domain per IOMMU group, as the kernel's default domains are)
 * @maps: mappings per device
 * @pages: page size mix: "4k", "2m", "1g" or "mix" (one 1G page, 1024
 *	2M pages and 262144 4K pages: 1, 2 and 1 GiB of the 4 GiB)
 * @scattered: output pages scattered over old RAM (no two adjacent), else
 *	contiguous
 */
struct sc_point {
	const char *series;
	enum sc_fmt fmt;
	unsigned int devices;
	u64 maps;
	const char *pages;
	bool scattered;
};

static unsigned int sc_leaf_level(const struct sc_point *pt, u64 k)
{
	if (!strcmp(pt->pages, "2m"))
		return 2;
	if (!strcmp(pt->pages, "1g"))
		return 3;
	if (!strcmp(pt->pages, "mix"))	/* 1 GiB + 2 GiB of 2M + 1 GiB of 4K */
		return k < 1 ? 3 : k < 1 + 1024 ? 2 : 1;
	return 1;
}

/* A well-mixed 64-bit hash (splitmix64's finaliser). */
static u64 sc_mix(u64 x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/*
 * The mappings of device @d: IOVAs from the top of a region down, as the
 * DMA API allocates them. Contiguous: one buffer, output address following
 * the IOVA (runs merge); scattered: every page somewhere else in old RAM.
 */
static void sc_fill_tree(struct sc_mem *s, const struct sc_point *pt,
			 const struct kdump_stage *st, u64 root, unsigned int d)
{
	u64 next_iova[4] = { 0, 1ULL << 32, 1ULL << 36, 1ULL << 40 };
	u64 base = SC_LEAF_BASE + (((u64)d << 30) & GENMASK_ULL(37, 0)), k;

	for (k = 0; k < pt->maps; k++) {
		unsigned int lvl = sc_leaf_level(pt, k);
		u64 size = 1ULL << (12 + 9 * (lvl - 1)), pa;

		next_iova[lvl] -= size;
		if (pt->scattered) {
			u64 frames = SC_LEAF_FRAMES >> (9 * (lvl - 1));

			pa = SC_LEAF_BASE + (sc_mix(((u64)d << 40) | k) %
					     frames) * size;
		} else {
			pa = base + (next_iova[lvl] & GENMASK_ULL(35, 0));
		}
		sc_map(s, st, root, next_iova[lvl], pa, lvl);
	}
}

/* SMMUv2: the registers the decoder reads, as a register file. */
#define SC_V2_SME	128
struct sc_v2 {
	struct kdump_smmuv2_caps caps;
	u32 smr[SC_V2_SME], s2cr[SC_V2_SME], cbar[SC_V2_SME];
	u32 cba2r[SC_V2_SME], sctlr[SC_V2_SME], tcr[SC_V2_SME];
	u32 tcr2[SC_V2_SME];
	u64 ttbr0[SC_V2_SME];
	u64 reads;
};

struct sc_unit {
	struct sc_v2 v2;
	u64 expect;		/* translations a valid point adopts */
	struct kdump_vtd_caps vtd;
	struct kdump_amd_caps amd;
	struct kdump_smmuv3_caps smmu;
	u64 strtab;		/* SMMUv3 STRTAB_BASE and _CFG */
	u32 strtab_cfg;
	struct kdump_stage st;	/* SMMUv3: every device's tree shape */
	u64 rta;		/* VT-d root table (both modes) */
	u64 dtp;		/* AMD-Vi device table */
	u64 dt_size;
	unsigned int levels;
};

/* VT-d legacy mode: 4-level tables (48-bit AGAW), a DID per device. */
static void sc_build_vtd(struct sc_mem *s, const struct sc_point *pt,
			 struct sc_unit *u)
{
	struct kdump_stage st;
	unsigned int d;
	u64 *rt;

	u->vtd = (struct kdump_vtd_caps){
		.nr_dids = 65536, .sagaw = BIT(1) | BIT(2), .mgaw = 48,
		.haw = 46, .pt_supported = true, .dt_supported = true,
		.sllps = BIT(0) | BIT(1),
	};
	u->levels = 4;
	kdump_vtd_sl_stage(&u->vtd, u->levels, &st);
	u->rta = sc_table(s, 4096);
	rt = sc_va(s, u->rta);
	for (d = 0; d < pt->devices; d++) {
		unsigned int bus = d >> 8, devfn = d & 255;
		u64 *ctx, root = sc_table(s, 4096);

		if (!rt[bus * 2])
			rt[bus * 2] = sc_table(s, 4096) | VTD_P;
		ctx = sc_va(s, rt[bus * 2] & VTD_PTR);
		ctx[devfn * 2] = root | VTD_P;
		ctx[devfn * 2 + 1] = (u->levels - 2) |
				     ((u64)d << VTD_CTX_DID_SHIFT);
		sc_fill_tree(s, pt, &st, root, d);
	}
}

/*
 * VT-d scalable mode as 6.12 sets up a DMA domain for a device without
 * PASID support: a 256-bit context entry per device with PDTS 2 (a PASID
 * table sized for 2^15 PASIDs: a 4 KiB directory of 512 entries,
 * intel_pasid_alloc_table() and context_get_sm_pds()), whose entry 0
 * points to a PASID table whose entry 0 (RID_PASID) is first stage, 4
 * levels, a DID per device from 2 on (6.12 keeps 0 and 1, FLPT_DEFAULT_DID,
 * for itself). The stage comes from the decoder itself, so the tree is
 * the one the walker accepts.
 */
static void sc_build_vtdsm(struct sc_mem *s, const struct sc_point *pt,
			   struct sc_unit *u)
{
	u64 pe[8] = { 0 }, *rt;
	struct kdump_xlate x;
	unsigned int d;

	u->vtd = (struct kdump_vtd_caps){
		.nr_dids = 65536, .sagaw = BIT(1) | BIT(2), .mgaw = 48,
		.haw = 46, .pt_supported = true, .dt_supported = true,
		.sllps = BIT(0) | BIT(1), .flts = true, .slts = true,
		.fl1gp = true, .pasid = true,
	};
	u->levels = 4;
	u->rta = sc_table(s, 4096);
	rt = sc_va(s, u->rta);
	for (d = 0; d < pt->devices; d++) {
		unsigned int bus = d >> 8, devfn = d & 255;
		u64 *half = &rt[bus * 2 + (devfn >> 7)], *ce, *pte;
		u64 dir = sc_table(s, 4096), ptbl = sc_table(s, 4096);
		u64 root = sc_table(s, 4096);

		if (!*half)
			*half = sc_table(s, 4096) | VTD_P;
		ce = sc_va(s, *half & VTD_PTR) + (devfn & 127) * 4;
		ce[0] = dir | (2ULL << VTD_SM_CTX_PDTS_SHIFT) | VTD_P;
		*sc_va(s, dir) = ptbl | VTD_P;
		pte = sc_va(s, ptbl);
		pte[0] = VTD_P | (2ULL << VTD_PE_AW_SHIFT) |
			 ((u64)VTD_PGTT_FL << VTD_PE_PGTT_SHIFT);
		pte[1] = d + 2;
		pte[2] = root;
		memcpy(pe, pte, 3 * sizeof(u64));
		if (kdump_vtd_pasid_entry(&u->vtd, pe, &x))
			die("vtd-sm: the generated PASID entry does not decode");
		sc_fill_tree(s, pt, &x.stage[0], root, d);
	}
}

/*
 * AMD-Vi: v1 tables of 3 levels (IOVAs below 512 GiB), 4 with 1G pages; a
 * domain ID per device (1..65535: at most 65535 devices).
 */
static void sc_build_amd(struct sc_mem *s, const struct sc_point *pt,
			 struct sc_unit *u)
{
	struct kdump_stage st;
	unsigned int d;

	u->amd = (struct kdump_amd_caps){
		.nr_domids = 65536, .max_levels = 6, .haw = 48,
		.gt_supported = true,
	};
	u->levels = !strcmp(pt->pages, "4k") || !strcmp(pt->pages, "2m") ? 3 : 4;
	kdump_amd_v1_stage(&u->amd, u->levels, &st);
	u->dt_size = 1ULL << 21;	/* 64K entries, as Linux allocates it */
	u->dtp = sc_table(s, u->dt_size);
	for (d = 0; d < pt->devices; d++) {
		u64 *dte = sc_va(s, u->dtp) + d * 4, root = sc_table(s, 4096);

		dte[0] = AMD_DTE_V | AMD_DTE_TV | AMD_DTE_IR | AMD_DTE_IW |
			 ((u64)u->levels << AMD_DTE_MODE_SHIFT) | root;
		dte[1] = d + 1;
		sc_fill_tree(s, pt, &st, root, d);
	}
}

/* SMMUv3 as QEMU's virt model and 6.12 set it up: 16-bit IDs, OAS 44. */
static void sc_smmu_caps(struct sc_unit *u)
{
	u->smmu = (struct kdump_smmuv3_caps){
		.sid_bits = 16, .ssid_bits = 20, .oas = 44, .granules = BIT(0),
		.s1 = true, .s2 = true, .aa64 = true, .st_2lvl = true,
		.cd2l = true, .asid16 = true, .vmid16 = true,
	};
}

/*
 * SMMUv3, stage 1, as 6.12 sets up DMA domains: a 2-level stream table
 * (SPLIT 8, 256 STEs per 16 KiB level-2 table, as many level-1 entries as
 * SIDSIZE needs), one linear one-CD table per stream (S1CDMax 0), and a
 * 4-level 48-bit tree per device with ASID d + 1.
 */
static void sc_build_smmuv3(struct sc_mem *s, const struct sc_point *pt,
			    struct sc_unit *u)
{
	unsigned int d;
	u64 *l1;

	sc_smmu_caps(u);
	if (kdump_lpae_s1_stage(12, 16, 44, &u->st))
		die("smmuv3: stage 1 shape");
	u->levels = u->st.levels;
	u->strtab = sc_table(s, 8 << 8);	/* 256 L1 entries */
	u->strtab_cfg = 16 | (8 << 6) | (1 << 16);
	l1 = sc_va(s, u->strtab);
	for (d = 0; d < pt->devices; d++) {
		u64 *ste, *cd, cdt = sc_table(s, 64), root = sc_table(s, 4096);

		if (!l1[d >> 8])
			l1[d >> 8] = sc_table(s, 256 * 64) | 9;
		ste = sc_va(s, l1[d >> 8] & SMMUV3_L1_L2PTR) + (d & 255) * 8;
		ste[0] = SMMUV3_STE_V | (5ULL << 1) | cdt;
		ste[1] = SMMUV3_STE_S1DSS_SSID0;
		cd = sc_va(s, cdt);
		cd[0] = 16 | SMMUV3_CD_EPD1 | SMMUV3_CD_V | (4ULL << 32) |
			SMMUV3_CD_AA64 | ((u64)(d + 1) << 48);
		cd[1] = root;
		sc_fill_tree(s, pt, &u->st, root, d);
	}
}

/*
 * SMMUv3, stage 2 only (an SMMU without stage 1): a linear stream table
 * of 64K STEs (4 MiB), VMID d + 1, a 40-bit tree starting at level 1 with
 * two concatenated roots, as io-pgtable-arm sets it up to save a level.
 */
static void sc_build_smmuv3s2(struct sc_mem *s, const struct sc_point *pt,
			      struct sc_unit *u)
{
	unsigned int d;

	sc_smmu_caps(u);
	u->smmu.s1 = false;
	if (kdump_lpae_s2_stage(12, 24, 1, 44, &u->st) || u->st.nr_roots != 2)
		die("smmuv3: stage 2 shape");
	u->levels = u->st.levels;
	u->strtab = sc_table(s, 64ULL << 16);
	u->strtab_cfg = 16;
	for (d = 0; d < pt->devices; d++) {
		u64 *ste = sc_va(s, u->strtab) + d * 8, root = sc_table(s, 8192);

		ste[0] = SMMUV3_STE_V | (6ULL << 1);
		ste[2] = (d + 1) | (24ULL << 32) | (1ULL << 38) | (4ULL << 48) |
			 SMMUV3_STE_S2AA64;
		ste[3] = root;
		sc_fill_tree(s, pt, &u->st, root, d);
	}
}

/*
 * SMMUv2 (MMU-500 as 6.12 programs it): one stage 1 bank per domain, at
 * most 128 stream-match entries and banks. Stream IDs beyond 128 share
 * entries through the SMR mask (16-bit IDs, EXIDS), as a PCIe root
 * complex's requester IDs do: @devices stream IDs, rounded up to whole
 * masks. Each bank a 4-level 48-bit tree, ASID bank + 1.
 */
static void sc_build_smmuv2(struct sc_mem *s, const struct sc_point *pt,
			    struct sc_unit *u)
{
	struct sc_v2 *v = &u->v2;
	unsigned int n = pt->devices < SC_V2_SME ? pt->devices : SC_V2_SME;
	unsigned int per = 1, i;

	while ((u64)n * per < pt->devices)
		per <<= 1;
	u->expect = (u64)n * per;
	v->caps = (struct kdump_smmuv2_caps){
		.nr_sme = SC_V2_SME, .nr_cb = SC_V2_SME, .exids = true,
		.s1 = true, .s2 = true, .ias = 48, .oas = 48,
		.granules = BIT(0),
	};
	if (kdump_lpae_s1_stage(12, 16, 48, &u->st))
		die("smmuv2: stage 1 shape");
	u->levels = u->st.levels;
	for (i = 0; i < n; i++) {
		u64 root = sc_table(s, 4096);

		v->smr[i] = (i * per) | (per - 1) << 16;
		v->s2cr[i] = i | SMMUV2_S2CR_EXIDVALID;	/* type translate */
		v->cbar[i] = SMMUV2_CBAR_TYPE_S1 << 16;
		v->cba2r[i] = SMMUV2_CBA2R_VA64;
		v->sctlr[i] = SMMUV2_SCTLR_M;
		v->tcr[i] = 16 | SMMUV2_TCR_EPD1;	/* T0SZ 16, TG0 4 KiB */
		v->tcr2[i] = 5 | SMMUV2_TCR2_AS;	/* PASIZE 48 bits */
		v->ttbr0[i] = root | (u64)(i + 1) << 48;
		sc_fill_tree(s, pt, &u->st, root, i);
	}
}

static u64 sc_v2_read(void *ctx, enum kdump_smmuv2_reg reg, u32 idx)
{
	struct sc_v2 *v = ctx;

	v->reads++;
	switch (reg) {
	case KDUMP_SMMUV2_SMR:	 return v->smr[idx];
	case KDUMP_SMMUV2_S2CR:	 return v->s2cr[idx];
	case KDUMP_SMMUV2_CBAR:	 return v->cbar[idx];
	case KDUMP_SMMUV2_CBA2R: return v->cba2r[idx];
	case KDUMP_SMMUV2_SCTLR: return v->sctlr[idx];
	case KDUMP_SMMUV2_TCR:	 return v->tcr[idx];
	case KDUMP_SMMUV2_TCR2:	 return v->tcr2[idx];
	case KDUMP_SMMUV2_TTBR0: return v->ttbr0[idx];
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* The plan's allocator: charged as the kernel's unit budget charges    */

struct sc_budget {
	u64 limit;
	u64 used;
	u64 peak;
	u64 allocs;
};

struct sc_blob {
	size_t size;
	u64 data[];
};

static void *sc_alloc(void *ctx, size_t size)
{
	struct sc_budget *b = ctx;
	struct sc_blob *p;

	if (b->limit && sizeof(*p) + size > b->limit - b->used)
		return NULL;
	p = calloc(1, sizeof(*p) + size);
	if (!p)
		return NULL;
	p->size = sizeof(*p) + size;
	b->used += p->size;
	b->allocs++;
	if (b->used > b->peak)
		b->peak = b->used;
	return p->data;
}

static void sc_free(void *ctx, void *ptr)
{
	struct sc_budget *b = ctx;
	struct sc_blob *p;

	if (!ptr)
		return;
	p = (struct sc_blob *)((u8 *)ptr - offsetof(struct sc_blob, data));
	b->used -= p->size;
	free(p);
}

/* ------------------------------------------------------------------ */
/* Measurement                                                         */

static double sc_now(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

struct sc_result {
	double wall_ms;
	double cpu_ms;
	u64 bytes_read;
	u64 peak;
	u64 kept;
	u64 allocs;
	u64 mapped;
	struct kdump_plan_stats st;
	u32 nr_xl;
	u32 nr_tbl;
	enum kdump_bad ret;
	enum kdump_bad unit_why;
	enum kdump_bad first_bad;
};

/* The handover's pure part, as kdump_unit_adopt() runs it. */
static void sc_handover(struct sc_mem *s, const struct sc_point *pt,
			const struct sc_unit *u, u64 limit, struct sc_result *r)
{
	static u8 scratch[KDUMP_VTD_SM_SCRATCH_SIZE + KDUMP_VTD_SCRATCH_SIZE +
			  KDUMP_AMD_SCRATCH_SIZE + KDUMP_SMMUV3_SCRATCH_SIZE];
	struct sc_budget b = { .limit = limit };
	struct kdump_alloc a = { .alloc = sc_alloc, .free = sc_free, .ctx = &b };
	struct kdump_plan p;
	struct kdump_sink sink;
	double w0, c0;
	u32 i;

	memset(r, 0, sizeof(*r));
	s->bytes_read = 0;
	w0 = sc_now(CLOCK_MONOTONIC);
	c0 = sc_now(CLOCK_THREAD_CPUTIME_ID);
	kdump_plan_init(&p, &s->m, &a, &sc_limits);
	kdump_plan_sink(&p, &sink);
	if (pt->fmt == SC_VTD) {
		struct kdump_vtd_stats vst;

		r->ret = kdump_vtd_walk(&s->m, &u->vtd, u->rta, scratch, &sink,
					&vst);
	} else if (pt->fmt == SC_VTDSM) {
		struct kdump_vtd_sm_stats sst;

		r->ret = kdump_vtd_sm_walk(&s->m, &u->vtd, u->rta, scratch,
					   &sink, &sst);
	} else if (pt->fmt == SC_SMMUV2) {
		struct kdump_smmuv2_regs regs = {
			.read = sc_v2_read, .ctx = (void *)&u->v2,
		};
		struct kdump_smmuv2_stats vst;

		r->ret = kdump_smmuv2_walk(&regs, &u->v2.caps, 0, &sink, &vst);
	} else if (pt->fmt == SC_SMMUV3 || pt->fmt == SC_SMMUV3S2) {
		struct kdump_smmuv3_stats mst;

		r->ret = kdump_smmuv3_walk(&s->m, &u->smmu, u->strtab,
					   u->strtab_cfg, scratch, &sink, &mst);
	} else {
		struct kdump_amd_stats ast;

		r->ret = kdump_amd_walk(&s->m, &u->amd, u->dtp, u->dt_size,
					scratch, &sink, &ast);
	}
	if (r->ret)
		kdump_plan_unit_bad(&p, r->ret);
	kdump_plan_finish(&p);
	r->cpu_ms = sc_now(CLOCK_THREAD_CPUTIME_ID) - c0;
	r->wall_ms = sc_now(CLOCK_MONOTONIC) - w0;

	r->bytes_read = s->bytes_read;
	r->peak = b.peak;
	r->kept = b.used;
	r->allocs = b.allocs;
	r->st = p.st;
	r->nr_xl = p.nr_xl;
	r->nr_tbl = p.nr_tbl;
	r->unit_why = p.unit_why;
	for (i = 0; i < p.nr_xl && !r->first_bad; i++)
		r->first_bad = p.xl[i].why;
	for (i = 0; i < p.nr_tbl; i++)
		if (!p.tbl[i].why && p.tbl[i].users)
			r->mapped += p.tbl[i].keep.bytes;
	kdump_plan_free(&p);
	if (b.used)
		die("the plan leaked memory");
}

/*
 * The floor: read every table of the old state once, through the same
 * callback, and look at every entry once: present or not, table or leaf.
 * With @store, also remember what was found the cheapest way there is:
 * runs (merged) appended to one preallocated array.
 */
struct sc_floor {
	u64 leaves;
	u64 tables;
	bool store;
	struct kdump_run *run;
	u64 nr_run;
	u64 max_run;
};

static void sc_floor_leaf(struct sc_floor *f, u64 iova, u64 pa, u64 size)
{
	struct kdump_run *r = f->nr_run ? &f->run[f->nr_run - 1] : NULL;

	f->leaves++;
	if (!f->store)
		return;
	if (r && r->iova + r->size == iova && r->pa + r->size == pa) {
		r->size += size;
		return;
	}
	if (f->nr_run == f->max_run)
		die("floor: run array too small");
	r = &f->run[f->nr_run++];
	r->iova = iova;
	r->pa = pa;
	r->size = size;
	r->prot = KDUMP_PROT_RW;
}

static void sc_floor_tree(struct sc_mem *s, enum sc_fmt fmt, u64 root,
			  unsigned int levels, u64 iova, u64 *buf,
			  struct sc_floor *f, unsigned int nr_roots)
{
	u64 *t = buf + (levels - 1) * 512, e;
	unsigned int i, nl, shift = 12 + 9 * (levels - 1);
	bool table;

	for (i = 0; i < 512 * nr_roots; i++) {
		if (!(i & 511)) {
			if (sc_read(s, root + i * 8, t, 4096))
				die("floor: read failed");
			f->tables++;
		}
		e = t[i & 511];
		if (SC_LPAE(fmt)) {
			if (!(e & 1))
				continue;
			table = levels > 1 && (e & 2);
		} else if (fmt == SC_VTD || fmt == SC_VTDSM) {
			/* second stage: R or W; first stage: P */
			if (!(e & (fmt == SC_VTD ? 3 : 1)))
				continue;
			table = levels > 1 && !(e & BIT_ULL(7));
		} else {
			if (!(e & 1))
				continue;
			nl = (e >> 9) & 7;
			table = nl && nl != 7;
		}
		if (table)
			sc_floor_tree(s, fmt, e & SC_PTE_ADDR, levels - 1,
				      iova + ((u64)i << shift), buf, f, 1);
		else
			sc_floor_leaf(f, iova + ((u64)i << shift),
				      e & SC_PTE_ADDR & ~((1ULL << shift) - 1),
				      1ULL << shift);
	}
}

/*
 * Scalable mode: root table, context tables (128 entries of 32 bytes per
 * half), each device's directory (PDTS 2: 512 entries, 4 KiB) and PASID
 * table, then the first-stage tree of every present PASID entry.
 */
static void sc_floor_sm(struct sc_mem *s, const struct sc_unit *u, u64 *buf,
			struct sc_floor *f)
{
	static u64 top[512], ctx[512], dir[512], ptbl[512];
	unsigned int h, c, de, p;

	if (sc_read(s, u->rta, top, 4096))
		die("floor: root table");
	for (h = 0; h < 512; h++) {
		if (!(top[h] & VTD_P))
			continue;
		if (sc_read(s, top[h] & VTD_PTR, ctx, 4096))
			die("floor: context table");
		for (c = 0; c < 128; c++) {
			if (!(ctx[c * 4] & VTD_P))
				continue;
			if (sc_read(s, ctx[c * 4] & VTD_PTR, dir, sizeof(dir)))
				die("floor: PASID directory");
			for (de = 0; de < 512; de++) {
				if (!(dir[de] & VTD_P))
					continue;
				if (sc_read(s, dir[de] & VTD_PTR, ptbl, 4096))
					die("floor: PASID table");
				for (p = 0; p < 64; p++) {
					u64 q0 = ptbl[p * 8];

					if (!(q0 & VTD_P))
						continue;
					f->nr_run = 0;
					sc_floor_tree(s, SC_VTDSM,
						      ptbl[p * 8 + 2] & VTD_PTR,
						      4, 0, buf, f, 1);
					f->run += f->nr_run;
					f->max_run -= f->nr_run;
				}
			}
		}
	}
}

/*
 * SMMUv3: the stream table (the level-1 table and each level-2 table, or
 * the linear table), each stage 1 stream's CD, then every tree.
 */
static void sc_floor_smmu(struct sc_mem *s, const struct sc_point *pt,
			  const struct sc_unit *u, u64 *buf, struct sc_floor *f)
{
	static u64 l1[256], ste[256 * 8], cd[8];
	unsigned int i, j, n = pt->fmt == SC_SMMUV3 ? 256 : 1;
	u64 root;

	if (pt->fmt == SC_SMMUV3 && sc_read(s, u->strtab, l1, sizeof(l1)))
		die("floor: level-1 stream table");
	for (i = 0; i < n; i++) {
		u64 base = pt->fmt == SC_SMMUV3 ? l1[i] & SMMUV3_L1_L2PTR :
			   u->strtab;
		unsigned int k, nr = pt->fmt == SC_SMMUV3 ? 256 : 65536;

		if (pt->fmt == SC_SMMUV3 && !(l1[i] & SMMUV3_L1_SPAN))
			continue;
		for (k = 0; k < nr; k += 256) {
			if (sc_read(s, base + k * 64ULL, ste, sizeof(ste)))
				die("floor: stream table");
			for (j = 0; j < 256; j++) {
				if (!(ste[j * 8] & SMMUV3_STE_V))
					continue;
				if (pt->fmt == SC_SMMUV3) {
					if (sc_read(s, ste[j * 8] &
						    SMMUV3_STE_S1CTXPTR, cd,
						    sizeof(cd)))
						die("floor: CD");
					root = cd[1] & SMMUV3_CD_TTB0;
				} else {
					root = ste[j * 8 + 3] & SMMUV3_STE_S2TTB;
				}
				f->nr_run = 0;
				sc_floor_tree(s, pt->fmt, root, u->st.levels, 0,
					      buf, f, u->st.nr_roots ?
					      u->st.nr_roots : 1);
				f->run += f->nr_run;
				f->max_run -= f->nr_run;
			}
		}
	}
}

static double sc_floor(struct sc_mem *s, const struct sc_point *pt,
		       const struct sc_unit *u, struct sc_floor *f, bool store)
{
	static u64 buf[KDUMP_PT_MAX_LEVELS * 512], top[512];
	static u64 dte[4 * 128];
	static struct kdump_run *run;
	static const u64 max_run = 1ULL << 23;
	double c0;
	unsigned int bus, devfn, i;
	u64 off;

	if (!run) {
		run = mmap(NULL, max_run * sizeof(*run), PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (run == MAP_FAILED)
			die("floor: no memory for runs");
	}
	memset(f, 0, sizeof(*f));
	f->store = store;
	f->run = run;
	f->max_run = max_run;
	c0 = sc_now(CLOCK_THREAD_CPUTIME_ID);
	if (pt->fmt == SC_VTD) {
		if (sc_read(s, u->rta, top, 4096))
			die("floor: root table");
		for (bus = 0; bus < 256; bus++) {
			static u64 ctx[512];

			if (!(top[bus * 2] & VTD_P))
				continue;
			if (sc_read(s, top[bus * 2] & VTD_PTR, ctx, 4096))
				die("floor: context table");
			for (devfn = 0; devfn < 256; devfn++) {
				if (!(ctx[devfn * 2] & VTD_P))
					continue;
				f->nr_run = 0;
				sc_floor_tree(s, pt->fmt, ctx[devfn * 2] & VTD_PTR,
					      (ctx[devfn * 2 + 1] & VTD_CTX_AW) + 2,
					      0, buf, f, 1);
				f->run += f->nr_run;
				f->max_run -= f->nr_run;
			}
		}
	} else if (pt->fmt == SC_VTDSM) {
		sc_floor_sm(s, u, buf, f);
	} else if (pt->fmt == SC_SMMUV3 || pt->fmt == SC_SMMUV3S2) {
		sc_floor_smmu(s, pt, u, buf, f);
	} else if (pt->fmt == SC_SMMUV2) {
		/* Every register once, then every bank's tree once. */
		for (i = 0; i < SC_V2_SME; i++) {
			volatile u64 sink2 = u->v2.smr[i] ^ u->v2.s2cr[i] ^
				u->v2.cbar[i] ^ u->v2.cba2r[i] ^
				u->v2.sctlr[i] ^ u->v2.tcr[i] ^
				u->v2.tcr2[i] ^ u->v2.ttbr0[i];

			(void)sink2;
			if (!(u->v2.s2cr[i] & SMMUV2_S2CR_EXIDVALID))
				continue;
			f->nr_run = 0;
			sc_floor_tree(s, pt->fmt,
				      u->v2.ttbr0[i] & SMMUV2_TTBR_ADDR,
				      u->levels, 0, buf, f, 1);
			f->run += f->nr_run;
			f->max_run -= f->nr_run;
		}
	} else {
		for (off = 0; off < u->dt_size; off += 4096) {
			if (sc_read(s, u->dtp + off, dte, 4096))
				die("floor: device table");
			for (i = 0; i < 128; i++) {
				u64 d0 = dte[i * 4];

				if (!(d0 & AMD_DTE_V) || !(d0 & AMD_DTE_MODE))
					continue;
				f->nr_run = 0;
				sc_floor_tree(s, pt->fmt, d0 & AMD_DTE_PTR,
					      (d0 & AMD_DTE_MODE) >>
					      AMD_DTE_MODE_SHIFT, 0, buf, f, 1);
				f->run += f->nr_run;
				f->max_run -= f->nr_run;
			}
		}
	}
	return sc_now(CLOCK_THREAD_CPUTIME_ID) - c0;
}

/* Reading the table bytes once, and nothing else. */
static double sc_copy_floor(struct sc_mem *s, u64 bytes)
{
	static u8 page[4096];
	double c0 = sc_now(CLOCK_THREAD_CPUTIME_ID);
	u64 off;

	for (off = 0; off + 4096 <= bytes; off += 4096)
		memcpy(page, s->tbl + off, 4096);
	__asm__ volatile("" : : "r"(page) : "memory");
	return sc_now(CLOCK_THREAD_CPUTIME_ID) - c0;
}

static double sc_min(double a, double b)
{
	return a < b ? a : b;
}

static void sc_run_point(struct sc_mem *s, const struct sc_point *pt)
{
	struct sc_result r, r256, best = {};
	struct sc_floor fl;
	struct sc_unit u = {};
	double floor_ms = 1e300, store_ms = 1e300, copy_ms = 1e300, gen0, gen_ms;
	u64 tbl_bytes, budget256 = (256ULL << 20) / 16;
	unsigned int rep, reps;

	/*
	 * One domain ID each: legacy VT-d 0..65535, AMD-Vi 1..65535, the
	 * scalable-mode generator 2..65535.
	 */
	if (pt->devices > (pt->fmt == SC_VTD ? 65536 :
			   pt->fmt == SC_VTDSM ? 65534 : 65535))
		die("more devices than domain IDs");
	sc_mem_reset(s);
	gen0 = sc_now(CLOCK_MONOTONIC);
	if (pt->fmt == SC_VTD)
		sc_build_vtd(s, pt, &u);
	else if (pt->fmt == SC_VTDSM)
		sc_build_vtdsm(s, pt, &u);
	else if (pt->fmt == SC_SMMUV3)
		sc_build_smmuv3(s, pt, &u);
	else if (pt->fmt == SC_SMMUV3S2)
		sc_build_smmuv3s2(s, pt, &u);
	else if (pt->fmt == SC_SMMUV2)
		sc_build_smmuv2(s, pt, &u);
	else
		sc_build_amd(s, pt, &u);
	gen_ms = sc_now(CLOCK_MONOTONIC) - gen0;
	tbl_bytes = s->used;
	/* More repetitions for short points; the best of them counts. */
	reps = tbl_bytes < (64ULL << 20) ? 5 : 2;

	for (rep = 0; rep < reps; rep++) {
		sc_handover(s, pt, &u, 0, &r);
		if (!rep || r.cpu_ms < best.cpu_ms) {
			double w = rep ? sc_min(best.wall_ms, r.wall_ms) :
				   r.wall_ms;

			best = r;
			best.wall_ms = w;
		}
		floor_ms = sc_min(floor_ms, sc_floor(s, pt, &u, &fl, false));
		store_ms = sc_min(store_ms, sc_floor(s, pt, &u, &fl, true));
		copy_ms = sc_min(copy_ms, sc_copy_floor(s, tbl_bytes));
	}

	/* Valid tables, no budget: every device must be adopted. */
	if (best.ret || best.unit_why ||
	    best.st.adopted != (u.expect ? u.expect : pt->devices) ||
	    fl.leaves != best.st.leaves)
		die("a valid point was not adopted whole");

	/*
	 * Once more within the budget of a 256 MiB and of a 512 MiB capture
	 * kernel: kdump_unit_budget() is a sixteenth of the capture kernel's
	 * RAM (totalram_pages(), a little less than the reservation, so these
	 * budgets are upper bounds).
	 */
	sc_handover(s, pt, &u, budget256, &r256);
	sc_handover(s, pt, &u, 2 * budget256, &r);

	printf("{\"series\":\"%s\",\"format\":\"%s\",\"devices\":%u,"
	       "\"maps_per_device\":%llu,\"pages\":\"%s\",\"layout\":\"%s\","
	       "\"leaves\":%llu,\"mapped_bytes\":%llu,\"table_bytes\":%llu,"
	       "\"bytes_read\":%llu,\"runs\":%llu,\"trees\":%u,"
	       "\"adopted\":%llu,\"blocked\":%llu,\"walker_ret\":\"%s\","
	       "\"unit_why\":\"%s\","
	       "\"first_bad\":\"%s\",\"cpu_ms\":%.3f,\"wall_ms\":%.3f,"
	       "\"floor_ms\":%.3f,\"store_ms\":%.3f,\"copy_ms\":%.3f,"
	       "\"ratio\":%.2f,\"ratio_store\":%.2f,"
	       "\"peak_bytes\":%llu,\"kept_bytes\":%llu,\"allocs\":%llu,"
	       "\"fits_256m\":%s,\"fits_512m\":%s,\"floor_leaves\":%llu,"
	       "\"gen_ms\":%.1f,\"reps\":%u,\"adopted_512m\":%llu,"
	       "\"blocked_512m\":%llu,\"first_bad_512m\":\"%s\","
	       "\"unit_why_512m\":\"%s\",\"adopted_256m\":%llu,"
	       "\"blocked_256m\":%llu,\"first_bad_256m\":\"%s\","
	       "\"unit_why_256m\":\"%s\",\"cores\":%ld}\n",
	       pt->series, sc_fmt_name[pt->fmt], pt->devices,
	       (unsigned long long)pt->maps, pt->pages,
	       pt->scattered ? "scattered" : "contiguous",
	       (unsigned long long)best.st.leaves,
	       (unsigned long long)best.mapped, (unsigned long long)tbl_bytes,
	       (unsigned long long)best.bytes_read,
	       (unsigned long long)best.st.runs, best.nr_tbl,
	       (unsigned long long)best.st.adopted,
	       (unsigned long long)best.st.blocked, kdump_bad_str(best.ret),
	       kdump_bad_str(best.unit_why),
	       kdump_bad_str(best.first_bad), best.cpu_ms, best.wall_ms,
	       floor_ms, store_ms, copy_ms,
	       floor_ms > 0 ? best.cpu_ms / floor_ms : 0,
	       store_ms > 0 ? best.cpu_ms / store_ms : 0,
	       (unsigned long long)best.peak, (unsigned long long)best.kept,
	       (unsigned long long)best.allocs,
	       best.peak <= budget256 ? "true" : "false",
	       best.peak <= 2 * budget256 ? "true" : "false",
	       (unsigned long long)fl.leaves, gen_ms, reps,
	       (unsigned long long)r.st.adopted, (unsigned long long)r.st.blocked,
	       kdump_bad_str(r.first_bad), kdump_bad_str(r.unit_why),
	       (unsigned long long)r256.st.adopted,
	       (unsigned long long)r256.st.blocked,
	       kdump_bad_str(r256.first_bad), kdump_bad_str(r256.unit_why),
	       sysconf(_SC_NPROCESSORS_ONLN));
	fflush(stdout);
}

int main(int argc, char **argv)
{
	/* 64K devices: as many as every format has domain IDs for. */
	static const unsigned int devs[] = { 1, 16, 256, 4096, 65534 };
	static const u64 maps[] = { 10, 100, 1000, 10000, 100000, 1000000 };
	static const char * const sizes[] = { "4k", "2m", "1g", "mix" };
	bool quick = argc > 1 && !strcmp(argv[1], "--quick");
	struct sc_point pt;
	struct sc_mem s;
	unsigned int f, i, lay;

	sc_mem_init(&s);
	if (argc == 7 && !strcmp(argv[1], "--point")) {
		/* --point vtd|vtdsm|amd DEVICES MAPS PAGES LAYOUT */
		pt = (struct sc_point){ "point", !strcmp(argv[2], "vtd") ? SC_VTD :
					!strcmp(argv[2], "vtdsm") ? SC_VTDSM :
					!strcmp(argv[2], "smmuv3") ? SC_SMMUV3 :
					!strcmp(argv[2], "smmuv3s2") ?
					SC_SMMUV3S2 :
					!strcmp(argv[2], "smmuv2") ? SC_SMMUV2 :
					SC_AMD, atoi(argv[3]),
					strtoull(argv[4], NULL, 0), argv[5],
					!strcmp(argv[6], "scattered") };
		sc_run_point(&s, &pt);
		return 0;
	}
	for (f = SC_VTD; f <= SC_SMMUV2; f++) {
		for (i = 0; i < ARRAY_SIZE(devs); i++) {
			if (quick && devs[i] > 256)
				break;
			pt = (struct sc_point){ "devices", f, devs[i], 64, "4k",
						true };
			sc_run_point(&s, &pt);
		}
		for (lay = 0; lay < 2; lay++) {
			for (i = 0; i < ARRAY_SIZE(maps); i++) {
				if (quick && maps[i] > 10000)
					break;
				pt = (struct sc_point){ "mappings", f, 1, maps[i],
							"4k", !lay };
				sc_run_point(&s, &pt);
			}
		}
		/* 4 GiB mapped by one device, in each page size mix. */
		for (i = 0; i < ARRAY_SIZE(sizes); i++) {
			u64 n = 4ULL << 30;

			if (!strcmp(sizes[i], "4k"))
				n >>= 12;
			else if (!strcmp(sizes[i], "2m"))
				n >>= 21;
			else if (!strcmp(sizes[i], "1g"))
				n >>= 30;
			else
				n = 1 + 1024 + 262144;
			if (quick && n > 10000)
				continue;
			pt = (struct sc_point){ "pagesize", f, 1, n, sizes[i],
						true };
			sc_run_point(&s, &pt);
		}
	}
	return 0;
}
