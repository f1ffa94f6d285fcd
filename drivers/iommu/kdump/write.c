// SPDX-License-Identifier: GPL-2.0
/*
 * Hitless entry writers for the kdump IOMMU handover.
 *
 * Copyright (C) 2026 The kdump-iommu authors
 */

/**
 * DOC: kdump IOMMU handover: entry writers
 *
 * When a capture-kernel domain is attached to a device that may still have
 * DMA in flight, the live hardware entry that translates it (a VT-d
 * context entry, an AMD-Vi device table entry, an SMMUv3 STE) is replaced
 * while the unit
 * may fetch it at any moment. Every state the hardware can read in between
 * must translate the device's requests as the old entry or as the new one:
 * never "untranslated", never half of each. The writers here do that with
 * one 128-bit store where the fields that decide translation share 128
 * bits, and then invalidate the caches in the order the specifications
 * require. They reach the hardware only through a &struct kdump_writer, so
 * a recording fake can check every intermediate state (writer_cases.h).
 */

#include <linux/types.h>
#include <linux/bits.h>
#include <linux/bitfield.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <kunit/visibility.h>

#include "fmt_amd.h"
#include "fmt_lpae.h"
#include "fmt_smmuv3.h"
#include "fmt_vtd.h"
#include "fmt_vtd_sm.h"

static unsigned int ctx_did(const u64 e[2])
{
	return (e[1] >> VTD_CTX_DID_SHIFT) & VTD_CTX_DID_MASK;
}

static bool ctx_ats(const u64 e[2])
{
	return ((e[0] & VTD_CTX_TT) >> VTD_CTX_TT_SHIFT) == VTD_TT_SL_DT;
}

/**
 * kdump_vtd_ctx_replace() - replace a present context entry, whole
 * @w: how to reach the hardware
 * @entry: the live entry
 * @old: what it holds now (present)
 * @new: what it must hold (present)
 * @sid: its source ID
 *
 * The specification lets software modify a present context entry as long
 * as it then invalidates the context cache for the device, with the
 * domain ID the old entry had, and the IOTLB of that domain; until then
 * the hardware may use the old entry or the new one, and, if the entry
 * were written in two halves, a mix of them (old page table with the new
 * domain ID, or the reverse). So the 128-bit entry is written in one
 * store: every state the hardware can see is @old or @new, and since the
 * core has mapped the device's old mappings into the new domain first,
 * old requests translate the same either way. Then the context-cache
 * entry, the old domain's IOTLB and, if the old entry allowed translated
 * requests, the device TLB are invalidated, in that order: invalidating
 * the IOTLB first would let the cached old context entry refill it.
 *
 * Context: Any context the writer allows; the caller serialises writers
 * of @entry.
 * Return: 0, or -EOPNOTSUPP if @w cannot store 128 bits at once (nothing
 * was written: there is no sequence without a window then).
 */
int kdump_vtd_ctx_replace(const struct kdump_writer *w, void *entry,
			  const u64 old[2], const u64 new[2], u16 sid)
{
	if (!w->atomic128)
		return -EOPNOTSUPP;
	w->store(w->ctx, entry, new, 2);
	w->inval(w->ctx, KDUMP_INV_VTD_CTX, ctx_did(old), sid);
	w->inval(w->ctx, KDUMP_INV_VTD_IOTLB, ctx_did(old), 0);
	if (ctx_ats(old))
		w->inval(w->ctx, KDUMP_INV_VTD_DEVTLB, 0, sid);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_vtd_ctx_replace);

/**
 * kdump_vtd_ctx_clear() - make a context entry non-present
 * @w: how to reach the hardware
 * @entry: the live entry
 * @old: what it holds now
 * @sid: its source ID
 *
 * For a device that was reset (nothing is in flight) or must be blocked:
 * a non-present entry makes every request fault. The low half, which holds
 * the present bit, goes first, so that no half-cleared entry is present;
 * then the caches are invalidated as for kdump_vtd_ctx_replace().
 *
 * Context: Any context the writer allows; the caller serialises writers
 * of @entry.
 * Return: 0.
 */
int kdump_vtd_ctx_clear(const struct kdump_writer *w, void *entry,
			const u64 old[2], u16 sid)
{
	static const u64 zero[2];

	if (w->atomic128) {
		w->store(w->ctx, entry, zero, 2);
	} else {
		w->store(w->ctx, entry, &zero[0], 1);
		w->store(w->ctx, (u8 *)entry + 8, &zero[1], 1);
	}
	w->inval(w->ctx, KDUMP_INV_VTD_CTX, ctx_did(old), sid);
	w->inval(w->ctx, KDUMP_INV_VTD_IOTLB, ctx_did(old), 0);
	if (ctx_ats(old))
		w->inval(w->ctx, KDUMP_INV_VTD_DEVTLB, 0, sid);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_vtd_ctx_clear);

/* Invalidations after a present scalable-mode context entry changed. */
static void sm_ctx_inval(const struct kdump_writer *w, const u64 old[2],
			 u16 sid)
{
	/* The domain ID of a context-cache invalidation is ignored here. */
	w->inval(w->ctx, KDUMP_INV_VTD_CTX, 0, sid);
	w->inval(w->ctx, KDUMP_INV_VTD_PASID_ALL, 0, 0);
	w->inval(w->ctx, KDUMP_INV_VTD_IOTLB_ALL, 0, 0);
	if (old[0] & VTD_SM_CTX_DTE)
		w->inval(w->ctx, KDUMP_INV_VTD_DEVTLB, 0, sid);
}

/**
 * kdump_vtd_sm_ctx_switch() - point a present scalable-mode context entry
 *	at another PASID directory
 * @w: how to reach the hardware
 * @entry: the live entry (its low 128 bits; the high 128 are zero and stay)
 * @old: its low 128 bits now (present)
 * @new: what they must be (present)
 * @sid: its source ID
 *
 * Used when a device still doing DMA through the PASID entries the kdump
 * handover adopted gets its capture-kernel domain: this kernel has written
 * the new PASID entries in a directory and tables of its own, not yet
 * reachable, and the core has mapped the device's old mappings into the
 * new domain. Switching the whole directory at once, rather than
 * rewriting the live 512-bit PASID entry (which no single store can
 * do), keeps every state the unit can read old or new. Everything that
 * changes lies in the entry's low 128 bits: one store of them, or of the
 * low quadword alone when the high one does not change (the directory
 * pointer, its size and the enables are all there).
 *
 * The caches are then invalidated as the specification's guidance for a
 * modified present scalable-mode context entry asks (section 6.5.3.3):
 * the device's context-cache entry, then PASID-cache entries and IOTLB
 * entries of every domain ID the old PASID entries used, then the device
 * TLB if the old entry allowed translated requests. Global PASID-cache
 * and IOTLB invalidations cover every old domain ID and translation type
 * at once, as the 6.12 driver does for copied scalable-mode entries; the
 * cached context entry is invalidated first so that it cannot refill the
 * others.
 *
 * Context: Any context the writer allows; the caller serialises writers
 * of @entry.
 * Return: 0, or -EOPNOTSUPP if the high quadword changes and @w cannot
 * store 128 bits at once (nothing was written).
 */
int kdump_vtd_sm_ctx_switch(const struct kdump_writer *w, void *entry,
			    const u64 old[2], const u64 new[2], u16 sid)
{
	if (old[1] == new[1])
		w->store(w->ctx, entry, new, 1);
	else if (w->atomic128)
		w->store(w->ctx, entry, new, 2);
	else
		return -EOPNOTSUPP;
	sm_ctx_inval(w, old, sid);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_vtd_sm_ctx_switch);

/**
 * kdump_vtd_sm_ctx_clear() - make a scalable-mode context entry non-present
 * @w: how to reach the hardware
 * @entry: the live entry
 * @old: its low 128 bits now
 * @sid: its source ID
 *
 * For a device that was reset and has no directory of its own yet: the low
 * quadword, which holds the present bit, is cleared first, so that no
 * half-cleared entry is present; then the caches are invalidated as for
 * kdump_vtd_sm_ctx_switch().
 *
 * Context: Any context the writer allows; the caller serialises writers
 * of @entry.
 * Return: 0.
 */
int kdump_vtd_sm_ctx_clear(const struct kdump_writer *w, void *entry,
			   const u64 old[2], u16 sid)
{
	static const u64 zero[2];

	w->store(w->ctx, entry, &zero[0], 1);
	w->store(w->ctx, (u8 *)entry + 8, &zero[1], 1);
	sm_ctx_inval(w, old, sid);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_vtd_sm_ctx_clear);

/**
 * kdump_amd_dte_replace() - replace a valid device table entry, whole
 * @w: how to reach the hardware
 * @entry: the live entry
 * @old: what it holds now
 * @new: what it must hold; its upper half (interrupt remapping and the
 *	reserved quadword) must equal @old's
 * @devid: its device ID
 *
 * Every field that decides where a DMA goes (V, TV, Mode, the page-table
 * root, IR, IW, the domain ID) lies in the entry's low 128 bits, which are
 * written in one store: the unit, which may fetch the entry at any time,
 * sees @old or @new, never a mix (the old root with the new domain ID
 * would cache old translations under the new ID). Then the cached entry is
 * invalidated and waited for, and only then the old domain's translations:
 * the other order lets the cached old entry refill them. Translated
 * requests (ATS) also get their device TLB invalidated.
 *
 * Context: Any context the writer allows; the caller serialises writers
 * of @entry.
 * Return: 0; -EOPNOTSUPP if @w cannot store 128 bits at once, -EINVAL if
 * the upper half would change (nothing was written in either case).
 */
int kdump_amd_dte_replace(const struct kdump_writer *w, void *entry,
			  const u64 old[4], const u64 new[4], u16 devid)
{
	if (!w->atomic128)
		return -EOPNOTSUPP;
	if (old[2] != new[2] || old[3] != new[3])
		return -EINVAL;
	w->store(w->ctx, entry, new, 2);
	w->inval(w->ctx, KDUMP_INV_AMD_DTE, 0, devid);
	w->inval(w->ctx, KDUMP_INV_AMD_PAGES, old[1] & AMD_DTE1_DOMID, 0);
	if (old[1] & AMD_DTE1_IOTLB)
		w->inval(w->ctx, KDUMP_INV_AMD_IOTLB, 0, devid);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_amd_dte_replace);

#define SMMUV3_STE_ABORT	(SMMUV3_STE_V | \
				 FIELD_PREP(SMMUV3_STE_CFG, SMMUV3_STE_CFG_ABORT))

/**
 * kdump_smmuv3_ste_block() - make an STE refuse its stream's DMA
 * @w: how to reach the hardware
 * @entry: the STE, eight words
 * @block_cd: address of a context descriptor that walks nothing (EPD0 and
 *	EPD1 set) and records and aborts its faults (CD.R, CD.A); 0 for a
 *	plain abort STE
 *
 * An STE with Config abort refuses every request without recording an
 * event, so nobody could count the faults of old DMA. A stage 1 STE whose
 * only CD walks nothing refuses them too, each with a recorded
 * translation fault. The STE may be live: word 0 becomes an abort STE
 * first (one store: every request is refused from then on, and an abort
 * STE ignores its other words), then words 1 to 3 are written (Non-secure
 * EL1 stream world, no VMID, no stage 2), then word 0 makes it the
 * blocking STE. Every state the SMMU can read is the old entry, an abort
 * STE or the blocking one; never bypass, never a mix. Words 4 to 7 are
 * not used by either and are left alone. The caller invalidates the STE
 * (CFGI_STE, or CFGI_ALL when the table goes live).
 *
 * Context: Any context the writer allows; the caller serialises writers
 * of @entry.
 */
void kdump_smmuv3_ste_block(const struct kdump_writer *w, u64 *entry,
			    u64 block_cd)
{
	const u64 abort = SMMUV3_STE_ABORT, zero = 0;
	u64 w0;

	w->store(w->ctx, &entry[0], &abort, 1);
	if (!block_cd)
		return;
	w->store(w->ctx, &entry[1], &zero, 1);
	w->store(w->ctx, &entry[2], &zero, 1);
	w->store(w->ctx, &entry[3], &zero, 1);
	w0 = SMMUV3_STE_V | FIELD_PREP(SMMUV3_STE_CFG, SMMUV3_STE_CFG_S1) |
	     (block_cd & SMMUV3_STE_S1CTXPTR);
	w->store(w->ctx, &entry[0], &w0, 1);
}
EXPORT_SYMBOL_IF_KUNIT(kdump_smmuv3_ste_block);

/**
 * kdump_smmuv3_ste_repoint() - point an adopted STE at a new table
 * @w: how to reach the hardware
 * @entry: the STE, eight words, as validated
 * @s2_root: for a stage 2 STE, the new stage 2 root; else 0
 * @cd: for a stage 1 STE with one CD, the address of the new CD (a copy
 *	of the old one with TTB0 replaced, written before this is called);
 *	else 0
 *
 * Only the pointer changes, in one store (S2TTB in word 3, S1ContextPtr in
 * word 0): the SMMU reads the old or the new table, both of which map the
 * old IOVAs to the old pages, minus what the core cut. The caller
 * invalidates the STE and, for stage 2, the VMID's TLB entries.
 *
 * Context: Any context the writer allows; the caller serialises writers
 * of @entry.
 * Return: 0, or -EINVAL if the STE is not of the kind the pointer is for
 * or the address does not fit the field (nothing was written).
 */
int kdump_smmuv3_ste_repoint(const struct kdump_writer *w, u64 *entry,
			     u64 s2_root, u64 cd)
{
	unsigned int cfg = FIELD_GET(SMMUV3_STE_CFG, entry[0]);
	u64 v;

	if (s2_root && !cd && cfg == SMMUV3_STE_CFG_S2 &&
	    !(s2_root & ~SMMUV3_STE_S2TTB)) {
		v = (entry[3] & ~SMMUV3_STE_S2TTB) | s2_root;
		w->store(w->ctx, &entry[3], &v, 1);
		return 0;
	}
	if (cd && !s2_root && cfg == SMMUV3_STE_CFG_S1 &&
	    !FIELD_GET(SMMUV3_STE_S1CDMAX, entry[0]) &&
	    !(cd & ~SMMUV3_STE_S1CTXPTR)) {
		v = (entry[0] & ~SMMUV3_STE_S1CTXPTR) | cd;
		w->store(w->ctx, &entry[0], &v, 1);
		return 0;
	}
	return -EINVAL;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_smmuv3_ste_repoint);

/* io-pgtable-arm's MAIR: AttrIndx 1, what the core's leaves use, is WB. */
#define SMMUV3_CD_MAIR		0xf404ff44ULL

/**
 * kdump_smmuv3_cd_confine() - the CD that confines bypassing streams
 * @s: the identity tree the core built (kdump_lpae_confine_stage()'s
 *	shape, its root set)
 * @asid: an ASID no old CD used and the capture kernel will not allocate
 * @cd: set to the descriptor, eight words in CPU order
 *
 * A stage 1 descriptor as 6.12 writes one for a DMA domain (inner
 * shareable, write-back walks, TTB1 disabled, faults recorded and
 * aborted, ASID not shared with the CPU), translating through @s. It
 * decodes (kdump_smmuv3_cd()) to @s itself.
 *
 * Context: Any context.
 * Return: 0, or -EINVAL if @s has no encoding in a CD (not stage 1, a
 * width or granule the fields cannot hold).
 */
int kdump_smmuv3_cd_confine(const struct kdump_stage *s, u16 asid,
			    u64 cd[8])
{
	unsigned int ips, tg;

	for (ips = 0; ips < 7; ips++)
		if (kdump_lpae_size_bits(ips) == s->oa_bits)
			break;
	tg = s->granule_shift == 12 ? 0 : s->granule_shift == 16 ? 1 :
	     s->granule_shift == 14 ? 2 : 3;
	if (s->fmt != &kdump_fmt_lpae_s1 || ips == 7 || tg == 3 ||
	    s->ia_bits < 16 || s->ia_bits > 48 || s->root & ~SMMUV3_CD_TTB0)
		return -EINVAL;
	cd[0] = FIELD_PREP(SMMUV3_CD_T0SZ, 64 - s->ia_bits) |
		FIELD_PREP(SMMUV3_CD_TG0, tg) | FIELD_PREP(SMMUV3_CD_IR0, 1) |
		FIELD_PREP(SMMUV3_CD_OR0, 1) | FIELD_PREP(SMMUV3_CD_SH0, 3) |
		SMMUV3_CD_EPD1 | SMMUV3_CD_V | FIELD_PREP(SMMUV3_CD_IPS, ips) |
		SMMUV3_CD_AA64 | SMMUV3_CD_R | SMMUV3_CD_A | SMMUV3_CD_ASET |
		FIELD_PREP(SMMUV3_CD_ASID, asid);
	cd[1] = s->root;
	cd[2] = 0;
	cd[3] = SMMUV3_CD_MAIR;
	cd[4] = 0;
	cd[5] = 0;
	cd[6] = 0;
	cd[7] = 0;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_smmuv3_cd_confine);

/**
 * kdump_smmuv3_ste_confine() - turn a bypass STE into a confining one
 * @w: how to reach the hardware
 * @entry: the STE, eight words, bypass (Config 0b100) as validated
 * @cd: address of the confining CD (kdump_smmuv3_cd_confine()), written
 *	and visible to the SMMU before this is called
 * @el2: the capture kernel's stage 1 is the EL2 (E2H) regime, as the
 *	driver's own CDs are
 * @stalld: set S1STALLD (stalls implemented, the device may not stall)
 *
 * A bypass STE ignores the stage 1 fields of word 1 and all of word 2, so
 * those are written first, while the attributes a bypass uses stay as
 * they were: word 1 as 6.12's arm_smmu_make_cdtable_ste() writes it for a
 * DMA domain (substream 0 for requests without one, stage 1 walks
 * cacheable and inner shareable, @stalld, the stream world) and with no
 * ATS (a confined device's translated requests would pass unchecked);
 * word 2 zero (VMID 0, as 6.12's stage 1 STEs). Then one store of word 0
 * makes it stage 1 through @cd, one CD. Every state the SMMU can read is
 * the old bypass or the confining STE. As only word 0 then differs from
 * the STE the driver writes for its own domain, 6.12's entry writer
 * moves the stream there in one store too (not if that domain enables
 * ATS: then the writer takes its breaking path). The caller invalidates
 * the STE.
 *
 * Context: Any context the writer allows; the caller serialises writers
 * of @entry.
 * Return: 0, or -EINVAL if @entry is not a valid bypass STE or @cd does
 * not fit the field (nothing was written).
 */
int kdump_smmuv3_ste_confine(const struct kdump_writer *w, u64 *entry,
			     u64 cd, bool el2, bool stalld)
{
	const u64 zero = 0;
	u64 w0, w1;

	if (!(entry[0] & SMMUV3_STE_V) ||
	    FIELD_GET(SMMUV3_STE_CFG, entry[0]) != SMMUV3_STE_CFG_BYPASS ||
	    !cd || (cd & ~SMMUV3_STE_S1CTXPTR))
		return -EINVAL;
	w1 = entry[1] & ~(SMMUV3_STE_S1DSS | SMMUV3_STE_S1CIR |
			  SMMUV3_STE_S1COR | SMMUV3_STE_S1CSH |
			  SMMUV3_STE_S1STALLD | SMMUV3_STE_EATS |
			  SMMUV3_STE_S1PIE | SMMUV3_STE_STRW);
	w1 |= FIELD_PREP(SMMUV3_STE_S1DSS, SMMUV3_STE_S1DSS_SSID0) |
	      FIELD_PREP(SMMUV3_STE_S1CIR, 1) | FIELD_PREP(SMMUV3_STE_S1COR, 1) |
	      FIELD_PREP(SMMUV3_STE_S1CSH, 3) |
	      (stalld ? SMMUV3_STE_S1STALLD : 0) |
	      FIELD_PREP(SMMUV3_STE_STRW, el2 ? SMMUV3_STE_STRW_EL2 : 0);
	w->store(w->ctx, &entry[1], &w1, 1);
	w->store(w->ctx, &entry[2], &zero, 1);
	w0 = SMMUV3_STE_V | FIELD_PREP(SMMUV3_STE_CFG, SMMUV3_STE_CFG_S1) |
	     cd;
	w->store(w->ctx, &entry[0], &w0, 1);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(kdump_smmuv3_ste_confine);
