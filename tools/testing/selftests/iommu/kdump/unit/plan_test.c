// SPDX-License-Identifier: GPL-2.0
/*
 * User-space unit test of the pure part of the kdump IOMMU handover
 * (drivers/iommu/kdump/{mem,pt,plan,fmt_vtd,fmt_amd}.c).
 *
 * Runs every case of plan_cases.h and writer_cases.h (the tables the KUnit
 * suite runs too) plus direct checks of the pieces, prints one line per
 * check and ends with "N passed, N failed". Exits 1 if anything failed.
 */
#include <stdio.h>
#include <stdlib.h>

#include <linux/kernel.h>

#include "env.h"
#include "plan_cases.h"
#include "writer_cases.h"

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
	char detail[320];
	bool ok;

	ok = kv_result_ok(c, r);
	snprintf(detail, sizeof(detail),
		 "ret %s, first verdict %s, %u %s, %llu leaves, cut %llu+%llu%s%s%s%s%s",
		 kdump_bad_str(r->ret), kdump_bad_str(r->dev), r->nr,
		 c->op == KV_OP_ELF ? "ranges" : "adopted",
		 (unsigned long long)r->leaves,
		 (unsigned long long)r->cut_cap,
		 (unsigned long long)r->cut_tbl,
		 r->stray_read ? ", STRAY READ" : "",
		 r->leaf_in_capture ? ", KEPT RUN IN CAPTURE" : "",
		 r->writes_table ? ", KEPT WRITABLE RUN OVER A TABLE" : "",
		 r->stats_bad ? ", STATS MISMATCH" : "",
		 r->build_bad ? ", BUILT TREE DIFFERS" : "");
	report(ok, name, detail);
	if (!ok)
		printf("     want ret %s, first verdict %s, %u, %llu leaves, cut %llu+%llu\n",
		       kdump_bad_str(c->ret), kdump_bad_str(c->dev), c->nr,
		       (unsigned long long)c->leaves,
		       (unsigned long long)c->cut_cap,
		       (unsigned long long)c->cut_tbl);
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

	snprintf(name, sizeof(name), "%s[%s]", sh->name, f->name);
	kv_init(t);
	kv_run_shared(t, sh, f, &c, &r);
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
	u8 sp = BIT(1) | BIT(2);

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

/* A &struct kdump_alloc on malloc(), without a budget. */
static void *ua_alloc(void *ctx, size_t size)
{
	return calloc(1, size);
}

static void ua_free(void *ctx, void *p)
{
	free(p);
}

static const struct kdump_alloc ua = { .alloc = ua_alloc, .free = ua_free };

static bool runs_equal(const struct kdump_runs *runs,
		       const struct kdump_run *want, unsigned int nr)
{
	struct kdump_run_pos rpos;
	const struct kdump_run *r;
	unsigned int n = 0;

	for (r = kdump_run_first(runs, &rpos); r; r = kdump_run_next(&rpos)) {
		if (n >= nr || r->iova != want[n].iova || r->pa != want[n].pa ||
		    r->size != want[n].size || r->prot != want[n].prot)
			return false;
		n++;
	}
	return n == nr && runs->nr == nr;
}

/* Runs merge when contiguous in both addresses with equal permissions. */
static void runs_merge_and_grow(void)
{
	struct kdump_runs runs = {};
	static const struct kdump_run want[] = {
		{ 0x1000, 0x10000, 0x2000, KDUMP_PROT_RW },
		{ 0x3000, 0x30000, 0x1000, KDUMP_PROT_RW },
		{ 0x4000, 0x31000, 0x1000, KDUMP_PROT_READ },
	};
	unsigned int i;
	bool ok;

	ok = !kdump_runs_add(&runs, &ua, 0x1000, 0x10000, 0x1000, KDUMP_PROT_RW) &&
	     !kdump_runs_add(&runs, &ua, 0x2000, 0x11000, 0x1000, KDUMP_PROT_RW) &&
	     !kdump_runs_add(&runs, &ua, 0x3000, 0x30000, 0x1000, KDUMP_PROT_RW) &&
	     !kdump_runs_add(&runs, &ua, 0x4000, 0x31000, 0x1000, KDUMP_PROT_READ);
	report(ok && runs_equal(&runs, want, 3) && runs.bytes == 0x4000,
	       "runs_merge_only_when_contiguous_with_equal_prot", NULL);
	kdump_runs_free(&runs, &ua);

	/* Many runs: blocks are chained, never reallocated. */
	for (i = 0, ok = true; ok && i < 3 * KDUMP_RUN_WORDS_MAX; i++)
		ok = !kdump_runs_add(&runs, &ua, i * 0x2000ULL, i * 0x2000ULL,
				     0x1000, KDUMP_PROT_RW);
	report(ok && runs.nr == 3 * KDUMP_RUN_WORDS_MAX &&
	       runs.first != runs.last && !runs.last->next,
	       "runs_grow_by_blocks", NULL);
	kdump_runs_free(&runs, &ua);
	report(!runs.first && !runs.nr, "runs_free_empties", NULL);
}

/* A &struct kdump_alloc on malloc() that counts what it hands out. */
struct count_alloc {
	u64 bytes;
	u64 biggest;
};

static void *ca_alloc(void *ctx, size_t size)
{
	struct count_alloc *c = ctx;

	c->bytes += size;
	if (size > c->biggest)
		c->biggest = size;
	return calloc(1, size);
}

static const struct kdump_alloc *ca_init(struct count_alloc *c,
					 struct kdump_alloc *a)
{
	memset(c, 0, sizeof(*c));
	*a = (struct kdump_alloc){ .alloc = ca_alloc, .free = ua_free,
				   .ctx = c };
	return a;
}

/*
 * Do @runs map what @want maps (@nr runs), byte for byte? Either side may
 * split a run the other keeps whole.
 */
static bool runs_same_bytes(const struct kdump_runs *runs,
			    const struct kdump_run *want, unsigned int nr)
{
	struct kdump_run_pos rpos;
	const struct kdump_run *r = kdump_run_first(runs, &rpos);
	u64 off_r = 0, off_w = 0, bytes = 0, n;
	unsigned int i = 0;

	while (r && i < nr) {
		if (r->iova + off_r != want[i].iova + off_w ||
		    r->pa + off_r != want[i].pa + off_w ||
		    r->prot != want[i].prot)
			return false;
		n = r->size - off_r;
		if (n > want[i].size - off_w)
			n = want[i].size - off_w;
		off_r += n;
		off_w += n;
		bytes += n;
		if (off_r == r->size) {
			r = kdump_run_next(&rpos);
			off_r = 0;
		}
		if (off_w == want[i].size) {
			i++;
			off_w = 0;
		}
	}
	return !r && i == nr && bytes == runs->bytes;
}

static u64 runs_words(const struct kdump_runs *runs)
{
	const struct kdump_run_chunk *c;
	u64 words = 0;

	for (c = runs->first; c; c = c->next)
		words += c->nr;
	return words;
}

static u64 pack_rnd_state = 0x9e3779b97f4a7c15ULL;

static u64 pack_rnd(void)
{
	pack_rnd_state ^= pack_rnd_state << 13;
	pack_rnd_state ^= pack_rnd_state >> 7;
	pack_rnd_state ^= pack_rnd_state << 17;
	return pack_rnd_state;
}

/*
 * Runs are packed: whatever is added comes back, whichever form each run
 * took (page entry, skip, full entry) and wherever a block ends.
 */
static void runs_pack_round_trip(void)
{
	static const struct kdump_run edge[] = {
		/* Page entries from input address 0, then a skip. */
		{ 0, 0x5000, 0x1000, KDUMP_PROT_READ },
		{ 0x1000, 0x9000, 0x3000, KDUMP_PROT_RW },
		{ 0x10000, 0x1000, 0x1000, KDUMP_PROT_WRITE },
		/* Output not page aligned: a full entry, then continued. */
		{ 0x11000, 0x2800, 0x800, KDUMP_PROT_RW },
		{ 0x11800, 0x3000, 0x1000, KDUMP_PROT_RW },
		/* A page entry after a full entry, at its end. */
		{ 0x12800, 0x40000, 0x1000, KDUMP_PROT_RW },
		/*
		 * Output at 2^52 and above: no page frame field for it
		 * (input addresses a page-aligned skip could reach).
		 */
		{ 0x20800, 1ULL << 52, 0x1000, KDUMP_PROT_RW },
		{ 0x21800, 0xfffffffff000ULL, 0x1000, KDUMP_PROT_RW },
		{ 0x22800, 0xffffffffff000ULL, 0x1000, KDUMP_PROT_RW },
		/* 16 GiB in one run: more pages than a page entry holds. */
		{ 0x100000000ULL, 0x400000000ULL, 0x400000000ULL,
		  KDUMP_PROT_RW },
		/* A skip to the top of a 64-bit input space. */
		{ 0xfffffffffff00000ULL, 0x7000, 0x1000, KDUMP_PROT_READ },
		{ 0xfffffffffff01000ULL, 0x3000, 0x1000, 0x4 },
		{ 0xfffffffffff02000ULL, 0x4000, 0xfd000, KDUMP_PROT_READ },
	};
	static struct kdump_run ref[4001];
	struct kdump_runs runs = {};
	struct count_alloc ca;
	struct kdump_alloc a;
	const struct kdump_run_chunk *first;
	u64 iova, pa, size, end = 0;
	unsigned int i, n = 0;
	bool ok = true;
	u32 prot;

	for (i = 0; ok && i < ARRAY_SIZE(edge); i++)
		ok = !kdump_runs_add(&runs, &ua, edge[i].iova, edge[i].pa,
				     edge[i].size, edge[i].prot);
	/* The runs at 0x11000 and 0x11800 merge in the full entry. */
	report(ok && runs_same_bytes(&runs, edge, ARRAY_SIZE(edge)) &&
	       runs.nr == ARRAY_SIZE(edge) - 1,
	       "runs_pack_edge_cases", NULL);
	kdump_runs_free(&runs, &ua);

	/* 8 GiB of pages fills a page entry: 4 KiB more is a new run. */
	ok = !kdump_runs_add(&runs, &ua, 0x1000, 0x200000000ULL,
			     0x200000000ULL, KDUMP_PROT_RW) &&
	     !kdump_runs_add(&runs, &ua, 0x200001000ULL, 0x400000000ULL,
			     0x1000, KDUMP_PROT_RW);
	report(ok && runs.nr == 2 && runs_words(&runs) == 3 &&
	       runs.bytes == 0x200001000ULL, "runs_pack_page_entry_full", NULL);
	kdump_runs_free(&runs, &ua);

	/* Random runs across many blocks, each form by chance. */
	for (i = 0; ok && i < ARRAY_SIZE(ref) - 1; i++) {
		switch (pack_rnd() % 4) {
		case 0:
			iova = end;
			break;
		case 1:
			iova = end + (pack_rnd() % 64 + 1) * 0x1000;
			break;
		case 2:
			iova = end + pack_rnd() % 0x10000;
			break;
		default:
			iova = end + (pack_rnd() % (1ULL << 40));
			break;
		}
		pa = pack_rnd() % 4 ? (pack_rnd() % (1ULL << 40)) << 12 :
		     pack_rnd() >> 8;
		size = pack_rnd() % 4 ? (pack_rnd() % 16 + 1) << 12 :
		       pack_rnd() % 0x100000 + 1;
		prot = pack_rnd() % 6;
		ok = !kdump_runs_add(&runs, &ua, iova, pa, size, prot);
		if (n && ref[n - 1].iova + ref[n - 1].size == iova &&
		    ref[n - 1].pa + ref[n - 1].size == pa &&
		    ref[n - 1].prot == prot)
			ref[n - 1].size += size;
		else
			ref[n++] = (struct kdump_run){ iova, pa, size, prot };
		end = iova + size;
	}
	report(ok && runs_same_bytes(&runs, ref, n) &&
	       runs.first != runs.last, "runs_pack_random_round_trip", NULL);

	/* Trimmed or not, the runs stay and still grow. */
	kdump_runs_trim(&runs, &ua);
	ok = !runs.last->next && runs_same_bytes(&runs, ref, n);
	ok = ok && !kdump_runs_add(&runs, &ua, end, ref[n - 1].pa +
				   ref[n - 1].size, 0x1000, ref[n - 1].prot);
	ref[n - 1].size += 0x1000;
	ok = ok && !kdump_runs_add(&runs, &ua, end + 0x3000, 0x1000, 0x1000,
				   KDUMP_PROT_RW);
	ref[n++] = (struct kdump_run){ end + 0x3000, 0x1000, 0x1000,
				       KDUMP_PROT_RW };
	report(ok && runs_same_bytes(&runs, ref, n), "runs_trim_keeps_runs",
	       NULL);
	kdump_runs_free(&runs, &ua);

	/*
	 * Five page entries fill the first block; a sixth starts one of 13
	 * words, which trimming shrinks to 1 word. Six more used there (7 of
	 * 13, over half) and it stays.
	 */
	for (i = 0, ok = true; ok && i < 6; i++)
		ok = !kdump_runs_add(&runs, &ua, i * 0x1000ULL, i * 0x3000ULL,
				     0x1000, KDUMP_PROT_RW);
	first = runs.last;
	kdump_runs_trim(&runs, &ua);
	ok = ok && runs.last != first && runs.last->max == 1 &&
	     runs.first->next == runs.last && runs.first->max == 5;
	kdump_runs_free(&runs, &ua);
	for (i = 0; ok && i < 12; i++)
		ok = !kdump_runs_add(&runs, &ua, i * 0x1000ULL, i * 0x3000ULL,
				     0x1000, KDUMP_PROT_RW);
	first = runs.last;
	kdump_runs_trim(&runs, &ua);
	ok = ok && runs.last == first && runs.last->max == 13 &&
	     runs.last->nr == 7 && runs.nr == 12;
	report(ok, "runs_trim_only_to_half_a_block", NULL);
	kdump_runs_free(&runs, &ua);

	/*
	 * What the plan keeps for a device: 1024 scattered pages at
	 * consecutive IOVAs cost a word each, plus one skip to the first;
	 * trimmed, the last block has no room left.
	 */
	ca_init(&ca, &a);
	for (i = 0, ok = true; ok && i < 1024; i++)
		ok = !kdump_runs_add(&runs, &a, 0x100000000ULL + i * 0x1000ULL,
				     (u64)(i * 7919 % 1024) << 21,
				     0x1000, KDUMP_PROT_RW);
	kdump_runs_trim(&runs, &a);
	report(ok && runs.nr == 1024 && runs_words(&runs) == 1025 &&
	       runs.last->nr == runs.last->max,
	       "runs_pack_scattered_pages_cost_a_word", NULL);
	kdump_runs_free(&runs, &ua);
}

/*
 * Memory follows the runs: a tree with one run (a device with one buffer,
 * 64K of them on a large machine) takes a small block, not a page; blocks
 * grow to a page and no further; many runs cost little over what they
 * pack into (runs one page apart: a skip and a page entry, 16 bytes).
 */
static void runs_memory_follows_runs(void)
{
	struct kdump_runs runs = {};
	struct count_alloc c;
	struct kdump_alloc a;
	unsigned int i;
	bool ok;

	ca_init(&c, &a);
	ok = !kdump_runs_add(&runs, &a, 0, 0x1000, 0x1000, KDUMP_PROT_RW);
	report(ok && c.bytes <= 256, "runs_one_run_takes_a_small_block", NULL);
	kdump_runs_free(&runs, &a);

	ca_init(&c, &a);
	for (i = 0, ok = true; ok && i < 100000; i++)
		ok = !kdump_runs_add(&runs, &a, i * 0x2000ULL, i * 0x2000ULL,
				     0x1000, KDUMP_PROT_RW);
	report(ok && runs.nr == 100000 && c.biggest <= 4096 &&
	       c.bytes <= 100000 * 2 * sizeof(u64) * 105 / 100,
	       "runs_blocks_grow_to_a_page_and_cost_under_5_percent", NULL);
	kdump_runs_free(&runs, &a);
}

/* A budget sweep of plan_cases.h: passes, or names the budget it broke at. */
static void budget_sweep(struct kv_mem *t, const char *name,
			 bool (*sweep)(struct kv_mem *t, u64 *bad_budget))
{
	char detail[64];
	u64 bad;
	bool ok = sweep(t, &bad);

	snprintf(detail, sizeof(detail), "broken at a budget of %llu bytes",
		 (unsigned long long)bad);
	report(ok, name, ok ? NULL : detail);
}

/* kdump_runs_need_cut() says yes exactly when kdump_runs_cut() cuts. */
static void runs_need_cut_agrees_with_cut(void)
{
	static const struct kdump_range cap[] = { { 0x40000800, 0x40001800 } };
	static const u64 pfns[] = { 0x20002, 0x20005 };
	static const struct {
		u64 pa;
		u64 size;
		u32 prot;
	} in[] = {
		{ 0x20000000, 0x2000, KDUMP_PROT_RW },	/* below the table */
		{ 0x20002000, 0x1000, KDUMP_PROT_READ },	/* reads it */
		{ 0x20001000, 0x2000, KDUMP_PROT_RW },	/* writes it */
		{ 0x3ffff000, 0x1000, KDUMP_PROT_RW },	/* below capture */
		{ 0x3ffff000, 0x2000, KDUMP_PROT_READ },	/* reaches it */
		{ 0x40001000, 0x1000, KDUMP_PROT_READ },	/* inside it */
		{ 0x40002000, 0x4000, KDUMP_PROT_RW },	/* above both */
		{ 0x20003000, 0x2000, KDUMP_PROT_RW },	/* between tables */
		{ 0x20003000, 0x3000, KDUMP_PROT_RW },	/* reaches the next */
	};
	bool ok = true;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(in); i++) {
		struct kdump_runs r = {}, out = {};
		u64 cc, ct;
		bool need;

		if (kdump_runs_add(&r, &ua, 0, in[i].pa, in[i].size,
				   in[i].prot) ||
		    kdump_runs_cut(&out, &ua, &r, cap, 1, pfns, 2, &cc, &ct))
			ok = false;
		need = kdump_runs_need_cut(&r, cap, 1, pfns, 2);
		if (need != (cc + ct != 0))
			ok = false;
		kdump_runs_free(&r, &ua);
		kdump_runs_free(&out, &ua);
	}
	/* Several runs: only the last one needs a cut. */
	{
		struct kdump_runs r = {};
		u64 k;

		for (k = 0; ok && k < 300; k++)
			ok = !kdump_runs_add(&r, &ua, k * 0x2000, 0x30000000 +
					     k * 0x2000, 0x1000, KDUMP_PROT_RW);
		ok = ok && !kdump_runs_need_cut(&r, cap, 1, pfns, 2);
		ok = ok && !kdump_runs_add(&r, &ua, 0x1000000, 0x20005000,
					   0x1000, KDUMP_PROT_RW) &&
		     kdump_runs_need_cut(&r, cap, 1, pfns, 2);
		kdump_runs_free(&r, &ua);
	}
	report(ok, "runs_need_cut_agrees_with_cut", NULL);
}

/* Cutting: capture memory in any run, table pages only in writable ones. */
static void runs_cut_pages(void)
{
	static const struct kdump_range cap[] = {
		{ 0x40000800, 0x40001800 },	/* two pages, partly */
	};
	static const u64 pfns[] = { 0x20002, 0x20005 };
	static const struct kdump_run want[] = {
		{ 0x0000, 0x20000000, 0x2000, KDUMP_PROT_RW },
		{ 0x3000, 0x20003000, 0x2000, KDUMP_PROT_RW },
		{ 0x10000, 0x20005000, 0x1000, KDUMP_PROT_READ },
		{ 0x20000, 0x3ffff000, 0x1000, KDUMP_PROT_RW },
		{ 0x23000, 0x40002000, 0x1000, KDUMP_PROT_RW },
	};
	struct kdump_runs in = {}, out = {};
	u64 cc, ct;
	bool ok;

	ok = !kdump_runs_add(&in, &ua, 0, 0x20000000, 0x6000, KDUMP_PROT_RW) &&
	     !kdump_runs_add(&in, &ua, 0x10000, 0x20005000, 0x1000,
			     KDUMP_PROT_READ) &&
	     !kdump_runs_add(&in, &ua, 0x20000, 0x3ffff000, 0x4000,
			     KDUMP_PROT_RW);
	ok = ok && !kdump_runs_cut(&out, &ua, &in, cap, 1, pfns, 2, &cc, &ct);
	report(ok && runs_equal(&out, want, 5) && cc == 0x2000 && ct == 0x2000 &&
	       out.bytes + cc + ct == in.bytes,
	       "runs_cut_drops_capture_and_writable_table_pages", NULL);
	kdump_runs_free(&in, &ua);
	kdump_runs_free(&out, &ua);
}

/* Identity runs: whole pages of old RAM, capture memory taken out. */
static void runs_identity_pages(void)
{
	static const struct kdump_range ram[] = {
		{ 0x1000, 0x9f000 }, { 0x100000, 0x40000000 },
		{ 0x100000000ULL, 0x140000000ULL },
	};
	static const struct kdump_range cap[] = {
		{ 0x800, 0x2800 }, { 0x30000000, 0x38000000 },
	};
	static const struct kdump_run want[] = {
		{ 0x3000, 0x3000, 0x9c000, KDUMP_PROT_RW },
		{ 0x100000, 0x100000, 0x2ff00000, KDUMP_PROT_RW },
		{ 0x38000000, 0x38000000, 0x8000000, KDUMP_PROT_RW },
	};
	struct kdump_runs out = {};
	bool ok;

	ok = !kdump_runs_identity(&out, &ua, ram, 3, cap, 2, 1ULL << 32);
	report(ok && runs_equal(&out, want, 3),
	       "runs_identity_is_old_ram_minus_capture_below_limit", NULL);
	kdump_runs_free(&out, &ua);
}

static void ranges_normalize_merges(void)
{
	struct kdump_range r[] = {
		{ 0x5000, 0x6000 }, { 0x1000, 0x2000 }, { 0x1800, 0x3000 },
		{ 0x9000, 0x9000 }, { 0x3000, 0x4000 },
	};
	unsigned int n = kdump_ranges_normalize(r, 5);

	report(n == 2 && r[0].start == 0x1000 && r[0].end == 0x4000 &&
	       r[1].start == 0x5000 && r[1].end == 0x6000 &&
	       kdump_ranges_overlap(r, n, 0x3fff, 0x4001) &&
	       !kdump_ranges_overlap(r, n, 0x4000, 0x5000) &&
	       kdump_ranges_contain(r, n, 0x1000, 0x4000) &&
	       !kdump_ranges_contain(r, n, 0x3000, 0x5001),
	       "ranges_normalize_sorts_merges_and_drops_empty", NULL);
}

/* Stage shapes: concatenated roots must fill the input width exactly. */
static void stage_shapes(void)
{
	struct kdump_stage s = {
		.fmt = &kdump_fmt_amd_v1, .levels = 3, .granule_shift = 12,
		.oa_bits = 48, .leaf_levels = 1,
	};

	report(kdump_pt_check_stage(&s) == KDUMP_OK, "stage_3level_4k_is_ok",
	       NULL);
	s.nr_roots = 2;
	s.ia_bits = 39;
	report(kdump_pt_check_stage(&s) == KDUMP_BAD_WIDTH,
	       "stage_concat_without_wider_input_is_rejected", NULL);
	s.ia_bits = 40;
	report(kdump_pt_check_stage(&s) == KDUMP_OK,
	       "stage_two_concat_roots_for_one_more_bit_are_ok", NULL);
	s.nr_roots = 3;
	report(kdump_pt_check_stage(&s) == KDUMP_BAD_WIDTH,
	       "stage_three_concat_roots_are_rejected", NULL);
	s.nr_roots = 0;
	s.granule_shift = 16;
	report(kdump_pt_check_stage(&s) == KDUMP_BAD_TYPE,
	       "stage_granule_the_format_lacks_is_rejected", NULL);
}

/* Build a tree with every leaf size, walk it back: the same runs. */
static void build_round_trip(void)
{
	static const struct kdump_range all = { 0, ~0ULL };
	struct kdump_oldmem hw = {
		.read = kv_hw_read, .old_ram = &all, .nr_old_ram = 1,
	};
	static const struct kdump_run want[] = {
		{ 0x1000, 0x7000, 0x3000, KDUMP_PROT_RW },
		{ 0x200000, 0x40000000, 0x400000, KDUMP_PROT_READ },
		{ 0x80000000ULL, 0x80000000ULL, 0x40201000ULL, KDUMP_PROT_RW },
	};
	struct kdump_runs runs = {};
	struct kdump_stage s;
	struct kdump_vtd_caps c = kw_vtd_caps;
	unsigned int i, tables;
	void *scratch;
	bool ok = true;

	kdump_vtd_sl_stage(&c, 4, &s);
	s.oa_bits = 64;
	for (i = 0; i < 3 && ok; i++)
		ok = !kdump_runs_add(&runs, &ua, want[i].iova, want[i].pa,
				     want[i].size, want[i].prot);
	{
		struct kv_built b = {};
		struct kdump_alloc a = { .page = kv_alloc_page, .ctx = &b };
		struct kdump_pt_visit v;

		ok = ok && !kdump_pt_build(&s, &a, &runs, &s.root, &tables);
		/* Tables: root, a level-3 table, two level-2, one level-1. */
		ok = ok && tables == b.nr && tables == 6;
		scratch = kv_sys_alloc(kdump_pt_scratch_size(&s));
		v = (struct kdump_pt_visit){ .run = NULL };
		ok = ok && scratch;
		if (ok) {
			struct kdump_walk_stats st;

			ok = !kdump_pt_walk(&hw, &s, NULL, scratch, &v, &st, NULL) &&
			     st.bytes == runs.bytes && st.tables == tables &&
			     /* 3 + 2 2M + 1 1G + 1 2M + 1 4K */
			     st.leaves == 8;
		}
		kv_sys_free(scratch);
		for (i = 0; i < b.nr; i++)
			kv_sys_page_free(b.va[i], b.size[i]);
	}
	report(ok, "build_uses_largest_leaves_and_walks_back_the_same", NULL);
	kdump_runs_free(&runs, &ua);
}

static void writers(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(kw_cases); i++)
		report(kw_cases[i].run(), kw_cases[i].name, NULL);
}

/*
 * Write the old memory of every VT-d and AMD-Vi case as a seed for
 * plan_fuzz.c: its header bytes (see there) then the first SEED_PAGES
 * pages. Each case is written twice: as a unit walk into a plan, and as a
 * bare page-table walk of the standard device's table.
 */
#define SEED_PAGES	10

static int write_seeds(struct kv_mem *t, const char *dir)
{
	unsigned int i, mode;
	char path[4096];

	for (i = 0; i < ARRAY_SIZE(kv_cases); i++) {
		const struct kv_case *c = &kv_cases[i];

		/* SMMUv2 state is registers: the fuzzer builds its own. */
		if (c->op == KV_OP_ELF || c->op == KV_OP_SMMUV2)
			continue;
		for (mode = 0; mode < 2; mode++) {
			u8 hdr[9] = {
				mode ? 2 : 0,
				0x0e | 0x60,		/* SAGAW 39/48/57, PT, DT */
				(46 - 24) | 0xc0,	/* HAW 46, 2M and 1G */
				mode ? 0x61 : 2,	/* 3 levels + SP / 256 DIDs */
				mode ? KV_TBL(3, 3) : 0, 0,
				30, 64, 0,
			};
			FILE *f;

			kv_init(t);
			c->build(t);
			if (c->op == KV_OP_AMD) {
				hdr[0] = mode ? 5 : 4;
				hdr[1] = 0x23;	/* 6 levels, GT, 1 page */
				hdr[2] = 48 - 32;	/* HAW 48 */
				hdr[3] = mode ? 2 : 8;	/* 3 levels / 256 IDs */
			}
			if (c->op == KV_OP_SMMUV3) {
				/* Everything implemented; mode 1: stage 1. */
				hdr[0] = mode ? 9 : 8;
				hdr[1] = mode ? 0 : 0xff;
				/* OAS 48 / LOG2SIZE and format of the case */
				hdr[2] = mode ? 5 << 5 :
					 (t->strtab_cfg & 0x3f) |
					 (t->strtab_cfg >> 16 ? 0x80 : 0);
				/* T0SZ 25 / SPLIT 6, SSIDSIZE 7, OAS 44 */
				hdr[3] = mode ? 9 : 60;
				hdr[4] = mode ? KV_TBL(3, 3) :
					 (t->strtab_base - KV_BASE) / KV_PAGE_SIZE;
			}
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
	runs_merge_and_grow();
	runs_pack_round_trip();
	runs_memory_follows_runs();
	budget_sweep(t, "budget_runs_out_device_by_device_never_the_unit",
		     kv_budget_sweep);
	budget_sweep(t, "budget_spent_on_records_never_fails_the_unit",
		     kv_budget_sweep_dids);
	report(kv_did_check_without_memory(t),
	       "did_check_without_memory_blocks_devices", NULL);
	runs_need_cut_agrees_with_cut();
	runs_cut_pages();
	runs_identity_pages();
	ranges_normalize_merges();
	stage_shapes();
	build_round_trip();
	writers();
	free(t);
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
