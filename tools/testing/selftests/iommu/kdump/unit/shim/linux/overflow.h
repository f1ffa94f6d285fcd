/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in for <linux/overflow.h>: struct_size() for small counts. */
#ifndef _SHIM_LINUX_OVERFLOW_H
#define _SHIM_LINUX_OVERFLOW_H

#include <stddef.h>

#define struct_size(p, member, n)					\
	(offsetof(__typeof__(*(p)), member) + (size_t)(n) * sizeof((p)->member[0]))

#endif
