/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in for the <linux/kernel.h> helpers the tests use. */
#ifndef _SHIM_LINUX_KERNEL_H
#define _SHIM_LINUX_KERNEL_H

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#endif
