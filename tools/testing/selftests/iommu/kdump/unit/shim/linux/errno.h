/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space stand-in for <linux/errno.h>. The C library's <errno.h>
 * includes <linux/errno.h> itself, so this must not include it back: the
 * few values the validator and its tests use are spelled out (asm-generic).
 */
#ifndef _SHIM_LINUX_ERRNO_H
#define _SHIM_LINUX_ERRNO_H

#ifndef EIO
#define EIO		5
#endif
#ifndef ENOMEM
#define ENOMEM		12
#endif
#ifndef EINVAL
#define EINVAL		22
#endif
#ifndef ELOOP
#define ELOOP		40
#endif
#ifndef EOPNOTSUPP
#define EOPNOTSUPP	95
#endif
#ifndef ENOSPC
#define ENOSPC		28
#endif

#endif
