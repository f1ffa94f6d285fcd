/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the shared case tables need from user space: memory for the plan,
 * tables for the builder (the "hardware address" of a table is its
 * address here), and reads through those addresses.
 */
#ifndef _KDUMP_UNIT_ENV_H
#define _KDUMP_UNIT_ENV_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <linux/types.h>

static inline void *kv_sys_alloc(size_t size)
{
	return calloc(1, size);
}

static inline void kv_sys_free(void *p)
{
	free(p);
}

static inline void *kv_sys_page(size_t size, u64 *hw)
{
	void *p = aligned_alloc(size, size);

	if (!p)
		return NULL;
	memset(p, 0, size);
	*hw = (u64)(uintptr_t)p;
	return p;
}

static inline void kv_sys_page_free(void *va, size_t size)
{
	free(va);
}

static inline int kv_hw_read(void *ctx, u64 pa, void *buf, size_t len)
{
	memcpy(buf, (const void *)(uintptr_t)pa, len);
	return 0;
}

#endif
