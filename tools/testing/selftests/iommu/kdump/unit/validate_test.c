// SPDX-License-Identifier: GPL-2.0
/*
 * User-space unit test of drivers/iommu/kdump/validate.c.
 *
 * Runs every case of validate_cases.h (the table the KUnit suite runs too)
 * plus a few direct checks, prints one line per check and ends with
 * "N passed, N failed". Exits 1 if anything failed.
 */
#include <stdio.h>
#include <stdlib.h>

#include <linux/kernel.h>

#include "validate.h"
#include "validate_cases.h"

static unsigned int passed, failed;

static void report(bool ok, const char *name, const char *detail)
{
	printf("%s %s%s%s\n", ok ? "ok  " : "FAIL", name,
	       detail ? ": " : "", detail ? detail : "");
	if (ok)
		passed++;
	else
		failed++;
}

static void check_case(const struct kv_case *c, const struct kv_result *r,
		       const char *name)
{
	char detail[256];
	bool ok;

	ok = kv_result_ok(c, r);
	snprintf(detail, sizeof(detail),
		 "ret %s, first verdict %s, %u %s, %llu leaves%s%s%s",
		 kdump_bad_str(r->ret), kdump_bad_str(r->dev), r->nr,
		 c->op == KV_OP_ELF ? "ranges" : "adopted",
		 (unsigned long long)r->leaves,
		 r->stray_read ? ", STRAY READ" : "",
		 r->leaf_in_capture ? ", LEAF IN CAPTURE" : "",
		 r->stats_bad ? ", STATS MISMATCH" : "");
	report(ok, name, detail);
	if (!ok)
		printf("     want ret %s, first verdict %s, %u, %llu leaves\n",
		       kdump_bad_str(c->ret), kdump_bad_str(c->dev), c->nr,
		       (unsigned long long)c->leaves);
}

static void run_case(struct kv_mem *t, const struct kv_case *c)
{
	struct kv_result r;

	kv_init(t);
	c->build(t);
	kv_run(t, c, &r);
	check_case(c, &r, c->name);
}

/* Every shared property, once per format: "name[vtd]", "name[amd]". */
static void run_shared(struct kv_mem *t, const struct kv_shared *sh,
		       const struct kv_fmt *f)
{
	struct kv_result r;
	struct kv_case c;
	char name[128];

	kv_init(t);
	kv_run_shared(t, sh, f, &c, &r);
	snprintf(name, sizeof(name), "%s[%s]", sh->name, f->name);
	check_case(&c, &r, name);
}

/* kdump_check_table() in isolation, including its order of checks. */
static void check_table_edges(struct kv_mem *t)
{
	const struct kdump_oldmem *m = &t->m;

	kv_init(t);
	report(kdump_check_table(m, KV_PA(1), 4096, 4096) == KDUMP_OK,
	       "check_table_in_old_ram_is_ok", NULL);
	report(kdump_check_table(m, KV_PA(KV_PAGES) - 16, 16, 16) == KDUMP_OK,
	       "check_table_at_ram_end_is_ok", NULL);
	report(kdump_check_table(m, KV_PA(KV_PAGES) - 8, 16, 8) ==
	       KDUMP_BAD_NOT_OLD_RAM, "check_table_straddling_ram_end_is_rejected",
	       NULL);
	report(kdump_check_table(m, KV_BASE - 8, 16, 8) ==
	       KDUMP_BAD_NOT_OLD_RAM, "check_table_straddling_ram_start_is_rejected",
	       NULL);
	report(kdump_check_table(m, KV_CAP_END - 8, 16, 8) ==
	       KDUMP_BAD_IN_CAPTURE, "check_table_touching_capture_is_rejected",
	       NULL);
	report(kdump_check_table(m, KV_PA(1), 4096, 12) == KDUMP_BAD_ALIGN,
	       "check_table_non_pow2_align_is_rejected", NULL);
	report(kdump_check_table(m, KV_PA(1), 0, 0) == KDUMP_BAD_OVERFLOW,
	       "check_table_empty_is_rejected", NULL);
	report(kdump_check_table(m, ~0ULL - 15, 16, 16) == KDUMP_BAD_OVERFLOW,
	       "check_table_ending_at_2_64_is_rejected", NULL);
	t->m.nr_old_ram = 0;
	report(kdump_check_table(m, KV_PA(1), 4096, 4096) ==
	       KDUMP_BAD_NOT_OLD_RAM, "check_table_without_old_ram_is_rejected",
	       NULL);
}

static void bad_str_names_every_reason(void)
{
	bool ok = true;
	int i, j;

	for (i = 0; i < KDUMP_BAD_MAX; i++) {
		const char *s = kdump_bad_str(i);

		if (!s || !*s)
			ok = false;
		for (j = 0; j < i && s; j++)
			if (!strcmp(s, kdump_bad_str(j)))
				ok = false;
	}
	ok = ok && !strcmp(kdump_bad_str(KDUMP_BAD_MAX), "unknown");
	report(ok, "bad_str_names_every_reason", NULL);
}

static void sl_pte_rsvd_bits(void)
{
	u32 sp = KDUMP_XLATE_F_SP_L2 | KDUMP_XLATE_F_SP_L3;

	report(kdump_vtd_sl_pte_rsvd(BIT_ULL(46) | 3, 1, 46, sp) == BIT_ULL(46),
	       "sl_pte_bit_at_haw_is_reserved", NULL);
	report(kdump_vtd_sl_pte_rsvd(BIT_ULL(45) | 3, 1, 46, sp) == 0,
	       "sl_pte_bit_below_haw_is_address", NULL);
	report(kdump_vtd_sl_pte_rsvd(BIT_ULL(63) | BIT_ULL(11) | 3, 1, 46,
				     sp) == 0,
	       "sl_pte_bits_63_and_snp_are_ignored", NULL);
	report(kdump_vtd_sl_pte_rsvd(BIT_ULL(62) | 3, 1, 64, sp) == 0,
	       "sl_pte_haw_64_reserves_nothing_high", NULL);
	report(kdump_vtd_sl_pte_rsvd(0x200000ULL | BIT_ULL(7) | 3, 2, 46,
				     sp) == 0,
	       "sl_pte_2m_leaf_is_valid", NULL);
	report(kdump_vtd_sl_pte_rsvd(0x200000ULL | BIT_ULL(7) | 3, 2, 46, 0) ==
	       BIT_ULL(7), "sl_pte_2m_leaf_without_sllps_is_reserved", NULL);
	report(kdump_vtd_sl_pte_rsvd(0x40100000ULL | BIT_ULL(7) | 3, 3, 46,
				     sp) == 0x100000ULL,
	       "sl_pte_1g_leaf_low_address_is_reserved", NULL);
}

static u64 rd64(const struct kv_mem *t, u64 pa)
{
	const u8 *p = &t->ram[0][0] + (pa - KV_BASE);
	u64 v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

struct runs {
	unsigned int n;
	u64 iova[8], pa[8], size[8];
	u32 prot[8];
	int stop_at;
};

static int record_run(void *arg, u64 iova, u64 pa, u64 size, u32 prot)
{
	struct runs *r = arg;

	if (r->n < 8) {
		r->iova[r->n] = iova;
		r->pa[r->n] = pa;
		r->size[r->n] = size;
		r->prot[r->n] = prot;
	}
	r->n++;
	if (r->stop_at && (int)r->n == r->stop_at)
		return -ENOSPC;
	return 0;
}

/* Runs are maximal: contiguous IOVA and PA and equal prot coalesce. */
static void walk_runs(struct kv_mem *t)
{
	struct kdump_walk_stats st;
	struct kdump_xlate x;
	struct runs r = { 0 };
	enum kdump_bad why;
	int err;

	kv_init(t);
	kv_std(t, 3);
	/* 0-3 contiguous rw; 4 rw but PA jumps; 5 PA follows but ro; 7 gap */
	kv_pte(t, 3, 1, 4, KV_PA(KV_LEAF_PAGE + 5) | KV_RW);
	kv_pte(t, 3, 1, 5, KV_PA(KV_LEAF_PAGE + 6) | KV_R);
	kv_pte(t, 3, 1, 7, KV_PA(KV_LEAF_PAGE + 8) | KV_R);
	why = kdump_vtd_context_entry(&t->caps,
				      rd64(t, KV_PA(1) + KV_STD_DEVFN * 16),
				      rd64(t, KV_PA(1) + KV_STD_DEVFN * 16 + 8), &x);
	report(why == KDUMP_OK && x.kind == KDUMP_XLATE_PAGING && x.levels == 3 &&
	       x.tag == 1 && x.root == KV_PA(KV_TBL(3, 3)),
	       "ctx_entry_decodes_to_paging_xlate", NULL);
	why = kdump_pt_walk(&t->m, &x, &t->lim, t->scratch, record_run, &r,
			    &st, &err);
	report(why == KDUMP_OK && err == 0 && r.n == 4 && st.ranges == 4 &&
	       st.leaves == 7 && st.bytes == 7 * 4096ULL && st.tables == 3 &&
	       r.iova[0] == 0 && r.size[0] == 4 * 4096ULL &&
	       r.pa[1] == KV_PA(KV_LEAF_PAGE + 5) && r.size[1] == 4096 &&
	       r.prot[2] == KDUMP_PROT_READ && r.size[2] == 4096 &&
	       r.iova[3] == 7 * 4096ULL,
	       "pt_walk_reports_maximal_runs", NULL);

	memset(&r, 0, sizeof(r));
	r.stop_at = 2;
	why = kdump_pt_walk(&t->m, &x, &t->lim, t->scratch, record_run, &r,
			    &st, &err);
	report(why == KDUMP_BAD_ABORTED && err == -ENOSPC && r.n == 2,
	       "pt_walk_callback_error_aborts_walk", NULL);

	x.kind = KDUMP_XLATE_BYPASS;
	why = kdump_pt_walk(&t->m, &x, NULL, t->scratch, NULL, NULL, NULL, NULL);
	report(why == KDUMP_BAD_TYPE, "pt_walk_of_bypass_is_rejected", NULL);
	x.kind = KDUMP_XLATE_PAGING;
	x.levels = 6;
	why = kdump_pt_walk(&t->m, &x, NULL, t->scratch, NULL, NULL, NULL, NULL);
	report(why == KDUMP_BAD_WIDTH, "pt_walk_of_6_levels_is_rejected", NULL);
}

static void root_entry_decode(struct kv_mem *t)
{
	bool present = true;
	u64 ctp = 1;

	kv_init(t);
	report(kdump_vtd_root_entry(&t->caps, 0xfffffffffffffffeULL, ~0ULL,
				    &present, &ctp) == KDUMP_OK && !present &&
	       !ctp, "root_entry_not_present_ignores_other_bits", NULL);
	report(kdump_vtd_root_entry(&t->caps, KV_PA(1) | 1, 0, &present,
				    &ctp) == KDUMP_OK && present &&
	       ctp == KV_PA(1), "root_entry_present_decodes_ctp", NULL);
	t->caps.haw = 8;
	report(kdump_vtd_root_entry(&t->caps, KV_PA(1) | 1, 0, &present,
				    &ctp) == KDUMP_BAD_WIDTH,
	       "root_entry_with_bogus_haw_is_rejected", NULL);
}

/*
 * Write the old memory of every VT-d and AMD-Vi case as a seed for
 * validate_fuzz.c: its 9 header bytes (see there) then the first
 * FUZZ_PAGES pages. Each case is written twice, as an IOMMU walk and as a
 * bare page-table walk of the standard device's table.
 */
#define SEED_PAGES	10

static int write_seeds(struct kv_mem *t, const char *dir)
{
	unsigned int i, mode;
	char path[4096];

	for (i = 0; i < ARRAY_SIZE(kv_cases); i++) {
		const struct kv_case *c = &kv_cases[i];

		if (c->op == KV_OP_ELF)
			continue;
		for (mode = 0; mode < 2; mode++) {
			u8 hdr[9] = {
				mode ? 2 : 0,
				0x0e | 0x60,		/* SAGAW 39/48/57, PT, DT */
				(46 - 24) | 0xc0,	/* HAW 46, 2M and 1G */
				mode ? 0x60 : 2,	/* 3 levels + SP / 256 DIDs */
				mode ? KV_TBL(3, 3) : 0, 0,
				30, 64, 0,
			};
			FILE *f;

			if (c->op == KV_OP_AMD) {
				hdr[0] = mode ? 5 : 4;
				hdr[1] = 0x23;	/* 6 levels, GT, 1 page */
				hdr[2] = 48 - 32;	/* HAW 48 */
				hdr[3] = mode ? 2 : 8;	/* 3 levels / 256 IDs */
			}

			kv_init(t);
			c->build(t);
			snprintf(path, sizeof(path), "%s/%s%s", dir, c->name,
				 mode ? "-pt" : "");
			f = fopen(path, "w");
			if (!f || fwrite(hdr, sizeof(hdr), 1, f) != 1 ||
			    fwrite(t->ram, KV_PAGE_SIZE, SEED_PAGES, f) !=
			    SEED_PAGES) {
				perror(path);
				return 2;
			}
			fclose(f);
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct kv_mem *t = calloc(1, sizeof(*t));
	unsigned int i;

	if (!t) {
		perror("calloc");
		return 2;
	}
	if (argc == 3 && !strcmp(argv[1], "--seeds")) {
		i = write_seeds(t, argv[2]);
		free(t);
		return i;
	}
	for (i = 0; i < ARRAY_SIZE(kv_cases); i++)
		run_case(t, &kv_cases[i]);
	for (i = 0; i < ARRAY_SIZE(kv_shared) * ARRAY_SIZE(kv_fmts); i++)
		run_shared(t, &kv_shared[i / ARRAY_SIZE(kv_fmts)],
			   &kv_fmts[i % ARRAY_SIZE(kv_fmts)]);
	check_table_edges(t);
	bad_str_names_every_reason();
	sl_pte_rsvd_bits();
	walk_runs(t);
	root_entry_decode(t);
	free(t);
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
