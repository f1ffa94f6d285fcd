// SPDX-License-Identifier: GPL-2.0
/*
 * The VT-d scalable-mode unit walker for the kdump IOMMU handover: every
 * present PASID entry of a unit's old tables, checked device by device
 * with the decoders of fmt_vtd_sm.c (their layout and rules are there).
 *
 * Copyright (C) 2026 The kdump-iommu authors
 */

#include <linux/types.h>
#include <linux/bits.h>
#include <linux/export.h>
#include <linux/unaligned.h>
#include <kunit/visibility.h>

#include "fmt_vtd_sm_walk.h"

/* Root, context and PASID tables and directory pages are 4 KiB. */
#define VTD_SM_TABLE_SIZE	4096
#define VTD_SM_CTX_PER_TABLE	(VTD_SM_TABLE_SIZE / KDUMP_VTD_SM_CTX_SIZE)

/* The walk's state for one device function. */
struct sm_dev {
	const struct kdump_oldmem *m;
	const struct kdump_vtd_caps *c;
	const struct kdump_sink *sink;
	struct kdump_vtd_sm_stats *st;
	u64 rta;
	u64 ctp;
	u32 sid;
	u8 *dir_page;
	u8 *ptbl;
	u8 *upper;
	u32 ptbls;
	u64 raw[5];
};

static enum kdump_bad sm_read(const struct kdump_oldmem *m, u64 pa, void *buf,
			      u64 len, const struct kdump_sink *sink)
{
	if (m->read(m->ctx, pa, buf, len))
		return KDUMP_BAD_READ;
	if (sink && sink->table && sink->table(sink->arg, pa, len))
		return KDUMP_BAD_ABORTED;
	return KDUMP_OK;
}

static bool sm_is_struct(const struct sm_dev *d, u64 pa, u64 dir)
{
	return pa == d->rta || pa == d->ctp || pa == dir;
}

static int sm_report(struct sm_dev *d, u32 pasid, const u64 pe[8], u32 flags,
		     enum kdump_bad why)
{
	struct kdump_xlate_id id = { .sid = d->sid, .pasid = pasid };
	enum kdump_bad ewhy;
	struct kdump_xlate x;

	ewhy = kdump_vtd_pasid_entry(d->c, pe, &x);
	if (!why)
		why = ewhy;
	x.flags |= flags;
	d->raw[2] = pe[0];
	d->raw[3] = pe[1];
	d->raw[4] = pe[2];
	d->st->pasids++;
	if (why)
		d->st->pasids_blocked++;
	if (d->sink && d->sink->xlate)
		return d->sink->xlate(d->sink->arg, &id, &x, d->raw,
				      sizeof(d->raw), why);
	return 0;
}

/*
 * A first-stage root is walked for its lower, canonical half only, where
 * the driver maps. The unit walks the upper half too: it must be empty.
 */
static enum kdump_bad sm_fl_upper_half(struct sm_dev *d, u64 root)
{
	enum kdump_bad bad;
	unsigned int i;

	bad = kdump_check_table(d->m, root, VTD_SM_TABLE_SIZE,
				VTD_SM_TABLE_SIZE);
	if (bad)
		return bad;
	if (d->m->read(d->m->ctx, root + VTD_SM_TABLE_SIZE / 2, d->upper,
		       VTD_SM_TABLE_SIZE / 2))
		return KDUMP_BAD_READ;
	for (i = 0; i < VTD_SM_TABLE_SIZE / 2; i += 8)
		if (get_unaligned_le64(d->upper + i) & VTD_FL_P)
			return KDUMP_BAD_RSVD;
	return KDUMP_OK;
}

/*
 * The PASID table at @ptbl, of directory entry @di. Checking (@report
 * false): check the table and every present entry of it that the hardware
 * reads (only RID_PASID's without PASIDE) and record the table with the
 * sink. Reporting: report those entries, each with @why if the device is
 * bad; a table that cannot be read safely is skipped. Returns why the
 * device must be blocked, %KDUMP_BAD_ABORTED if the sink asked to stop,
 * or %KDUMP_OK.
 */
static enum kdump_bad sm_ptbl(struct sm_dev *d,
			      const struct kdump_vtd_sm_ctx *ctx, u32 di,
			      u64 ptbl, bool report, enum kdump_bad why)
{
	unsigned int i, first = 0, last = KDUMP_VTD_PE_PER_TABLE - 1;
	enum kdump_bad bad;

	bad = kdump_check_table(d->m, ptbl, VTD_SM_TABLE_SIZE,
				VTD_SM_TABLE_SIZE);
	if (!bad && sm_is_struct(d, ptbl, ctx->dir))
		bad = KDUMP_BAD_LOOP;
	if (!bad && ++d->ptbls > KDUMP_VTD_SM_MAX_PTBL)
		bad = KDUMP_BAD_TOO_BIG;
	/* The sink records each table once: on the checking pass. */
	if (!bad)
		bad = sm_read(d->m, ptbl, d->ptbl, VTD_SM_TABLE_SIZE,
			      report ? NULL : d->sink);
	if (bad)
		return report && bad != KDUMP_BAD_ABORTED ? KDUMP_OK : bad;
	if (!report)
		d->st->tables++;

	if (!ctx->pasid_enabled) {
		first = ctx->rid_pasid % KDUMP_VTD_PE_PER_TABLE;
		last = first;
	}
	for (i = first; i <= last; i++) {
		u32 pasid = (di << KDUMP_VTD_PASID_DIR_SHIFT) | i;
		const u8 *e = d->ptbl + i * KDUMP_VTD_PE_SIZE;
		struct kdump_xlate x;
		unsigned int q;
		u64 pe[8];

		for (q = 0; q < 8; q++)
			pe[q] = get_unaligned_le64(e + q * 8);
		if (!(pe[0] & VTD_P))
			continue;
		if (report) {
			if (sm_report(d, pasid == ctx->rid_pasid ?
				      KDUMP_NO_PASID : pasid, pe, ctx->flags,
				      why))
				return KDUMP_BAD_ABORTED;
			continue;
		}
		bad = kdump_vtd_pasid_entry(d->c, pe, &x);
		/* The hardware would read a structure table as a page table. */
		if (!bad && x.nr_stages &&
		    (sm_is_struct(d, x.stage[0].root, ctx->dir) ||
		     x.stage[0].root == ptbl))
			bad = KDUMP_BAD_LOOP;
		if (!bad && x.nr_stages &&
		    x.stage[0].fmt == &kdump_fmt_vtd_fl)
			bad = sm_fl_upper_half(d, x.stage[0].root);
		if (bad)
			return bad;
	}
	return KDUMP_OK;
}

/*
 * The directory of a device, read a page at a time: check it and its
 * PASID tables (@report false), or report their entries (@report true,
 * @why as in sm_ptbl()). Without PASIDE only RID_PASID's entry is read.
 */
static enum kdump_bad sm_dir(struct sm_dev *d,
			     const struct kdump_vtd_sm_ctx *ctx, bool report,
			     enum kdump_bad why)
{
	u32 first = 0, last = ctx->dir_entries - 1, di;
	u64 page_pa = ~0ULL;
	enum kdump_bad bad;

	if (!ctx->pasid_enabled) {
		first = ctx->rid_pasid >> KDUMP_VTD_PASID_DIR_SHIFT;
		last = first;
	}
	d->ptbls = 0;
	for (di = first; di <= last; di++) {
		u64 pa = ctx->dir + (u64)di * 8, ptbl, pde;
		u64 off = pa & (VTD_SM_TABLE_SIZE - 1);
		bool present;

		if ((pa & ~(u64)(VTD_SM_TABLE_SIZE - 1)) != page_pa) {
			u64 len = VTD_SM_TABLE_SIZE - off;

			if (len > (u64)(last - di + 1) * 8)
				len = (u64)(last - di + 1) * 8;
			page_pa = pa & ~(u64)(VTD_SM_TABLE_SIZE - 1);
			bad = sm_read(d->m, pa, d->dir_page + off, len,
				      report ? NULL : d->sink);
			if (bad)
				return report && bad != KDUMP_BAD_ABORTED ?
				       KDUMP_OK : bad;
		}
		pde = get_unaligned_le64(d->dir_page + off);
		bad = kdump_vtd_pasid_dir_entry(d->c, pde, &present, &ptbl);
		if (bad && !report)
			return bad;
		if (!present || bad)
			continue;
		bad = sm_ptbl(d, ctx, di, ptbl, report, why);
		if (bad)
			return bad;
	}
	return KDUMP_OK;
}

/*
 * One present context entry: check the device's whole state, block its
 * requester ID if anything is bad, then report its PASID entries. With a
 * bad context entry or directory there is nothing safe to report.
 */
static enum kdump_bad sm_device(struct sm_dev *d, const u64 ce[4])
{
	struct kdump_vtd_sm_ctx ctx;
	enum kdump_bad why;
	bool present;

	d->raw[0] = ce[0];
	d->raw[1] = ce[1];
	d->st->devices++;
	why = kdump_vtd_sm_context_entry(d->c, ce, &present, &ctx);
	if (!why)
		why = kdump_check_table(d->m, ctx.dir,
					(u64)ctx.dir_entries * 8,
					VTD_SM_TABLE_SIZE);
	if (!why && sm_is_struct(d, ctx.dir, ~0ULL))
		why = KDUMP_BAD_LOOP;
	if (why) {
		d->st->devices_blocked++;
		if (d->sink && d->sink->block &&
		    d->sink->block(d->sink->arg, d->sid, d->sid, why))
			return KDUMP_BAD_ABORTED;
		return KDUMP_OK;
	}
	why = sm_dir(d, &ctx, false, KDUMP_OK);
	if (why == KDUMP_BAD_ABORTED)
		return why;
	if (why) {
		d->st->devices_blocked++;
		if (d->sink && d->sink->block &&
		    d->sink->block(d->sink->arg, d->sid, d->sid, why))
			return KDUMP_BAD_ABORTED;
	}
	return sm_dir(d, &ctx, true, why);
}

/**
 * kdump_vtd_sm_walk() - report every translation of a scalable-mode unit
 * @m: old memory description
 * @c: capabilities of the unit
 * @rta: root table address (RTADDR_REG with the low 12 bits cleared); the
 *	caller checks that RTADDR_REG.TTM selects scalable mode
 * @scratch: %KDUMP_VTD_SM_SCRATCH_SIZE bytes of caller memory
 * @sink: receives the translations, the blocked IDs and the tables read
 * @st: optional; receives what the walk saw, also when it fails
 *
 * Checks the root table, every present root-entry half and its context
 * table, and for every present context entry its PASID directory, PASID
 * tables and PASID entries (only RID_PASID's when PASIDE is clear: the
 * hardware reads no other). Every present PASID entry is reported once
 * with its verdict. A bad root-entry half or context table blocks its 128
 * requester IDs; anything bad in one device's state blocks that requester
 * ID, and its PASID entries are reported with the reason when the tables
 * holding them could be read safely (so their domain IDs are reserved).
 * Each device is checked completely before any of its entries is reported,
 * which reads its directory and PASID tables twice.
 *
 * Context: Any context; sleeps only if @m->read or @sink do.
 * Return: %KDUMP_OK, %KDUMP_BAD_ABORTED if @sink stopped the walk, or the
 * reason the whole unit must be blocked (bad root table address,
 * unreadable root table, unusable @c).
 */
enum kdump_bad kdump_vtd_sm_walk(const struct kdump_oldmem *m,
				 const struct kdump_vtd_caps *c, u64 rta,
				 void *scratch, const struct kdump_sink *sink,
				 struct kdump_vtd_sm_stats *st)
{
	struct kdump_vtd_sm_stats s = { 0 };
	struct sm_dev d = {
		.m = m, .c = c, .sink = sink, .st = &s, .rta = rta,
	};
	u8 *root = scratch;
	u8 *ctx = root + VTD_SM_TABLE_SIZE;
	unsigned int bus, half, fn;
	enum kdump_bad why;

	d.dir_page = ctx + VTD_SM_TABLE_SIZE;
	d.ptbl = d.dir_page + VTD_SM_TABLE_SIZE;
	d.upper = d.ptbl + VTD_SM_TABLE_SIZE;
	if (!kdump_vtd_sm_caps_ok(c)) {
		why = KDUMP_BAD_WIDTH;
		goto out;
	}
	why = kdump_check_table(m, rta, VTD_SM_TABLE_SIZE, VTD_SM_TABLE_SIZE);
	if (!why && (c->haw < 64 && (rta >> c->haw)))
		why = KDUMP_BAD_RSVD;
	if (!why)
		why = sm_read(m, rta, root, VTD_SM_TABLE_SIZE, sink);
	if (why)
		goto out;
	s.tables = 1;

	for (bus = 0; bus < 256; bus++) {
		for (half = 0; half < 2; half++) {
			u32 base = (bus << 8) | (half << 7);
			bool present;
			u64 ctp, re;

			re = get_unaligned_le64(root + bus * 16 + half * 8);
			why = kdump_vtd_sm_root_half(c, re, &present, &ctp);
			if (!why && !present)
				continue;
			s.buses++;
			if (!why)
				why = kdump_check_table(m, ctp,
							VTD_SM_TABLE_SIZE,
							VTD_SM_TABLE_SIZE);
			if (!why && ctp == rta)
				why = KDUMP_BAD_LOOP;
			if (!why) {
				why = sm_read(m, ctp, ctx, VTD_SM_TABLE_SIZE,
					      sink);
				if (why == KDUMP_BAD_ABORTED)
					goto out;
				if (!why)
					s.tables++;
			}
			if (why) {
				s.buses_blocked++;
				if (sink && sink->block &&
				    sink->block(sink->arg, base, base + 127,
						why)) {
					why = KDUMP_BAD_ABORTED;
					goto out;
				}
				continue;
			}
			d.ctp = ctp;
			for (fn = 0; fn < VTD_SM_CTX_PER_TABLE; fn++) {
				const u8 *e = ctx + fn * KDUMP_VTD_SM_CTX_SIZE;
				u64 ce[4];
				unsigned int q;

				for (q = 0; q < 4; q++)
					ce[q] = get_unaligned_le64(e + q * 8);
				if (!(ce[0] & VTD_P))
					continue;
				d.sid = base | fn;
				why = sm_device(&d, ce);
				if (why == KDUMP_BAD_ABORTED)
					goto out;
			}
		}
	}
	why = KDUMP_OK;
out:
	if (st)
		*st = s;
	return why;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_vtd_sm_walk);
