/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in for <linux/bitfield.h>: constant masks only. */
#ifndef _SHIM_LINUX_BITFIELD_H
#define _SHIM_LINUX_BITFIELD_H

#define FIELD_GET(mask, reg)	\
	((typeof(mask))(((reg) & (mask)) >> __builtin_ctzll(mask)))
#define FIELD_PREP(mask, val)	\
	((typeof(mask))(((typeof(mask))(val) << __builtin_ctzll(mask)) & (mask)))
#define FIELD_MAX(mask)		\
	((typeof(mask))((mask) >> __builtin_ctzll(mask)))

#endif
