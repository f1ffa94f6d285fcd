/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in for <linux/array_size.h>. */
#ifndef _SHIM_LINUX_ARRAY_SIZE_H
#define _SHIM_LINUX_ARRAY_SIZE_H

#include <linux/kernel.h>

#endif
