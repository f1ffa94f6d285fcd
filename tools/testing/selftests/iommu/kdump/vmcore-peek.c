// SPDX-License-Identifier: GPL-2.0
/*
 * vmcore-peek - read the kdump_dmagen panic record from /proc/vmcore.
 *
 * Runs inside the kdump capture kernel of the kdump/IOMMU lab. Translates
 * old physical addresses to /proc/vmcore file offsets through the PT_LOAD
 * program headers, checks the panic record written by the first kernel's
 * kdump_dmagen driver (dmagen/PROTOCOL.md) and looks at what the devices
 * did to the crashed kernel's memory after the panic.
 *
 *   vmcore-peek [-f VMCORE] [-i MS] RECORD_PHYS_HEX
 *   vmcore-peek [-f VMCORE] -x PHYS_HEX LEN
 *
 * Exit status: 0 ok, 1 usage or I/O error, 2 record not found.
 *
 * Plain libc; build with "gcc -static -O2 -Wall -Wextra" or with
 * "aarch64-linux-gnu-gcc -static -O2 -Wall -Wextra".
 */

#define _GNU_SOURCE
#define _FILE_OFFSET_BITS 64

#include <elf.h>
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>

#define DEFAULT_VMCORE		"/proc/vmcore"
#define DEFAULT_INTERVAL_MS	200
#define MAX_PHDRS		(1U << 20)
#define MAX_HEXDUMP		(16U << 20)
#define MAX_EDU_LEN		(1U << 20)

#define REC_MAGIC		"DMAGEN01"
#define REC_SIZE		96
#define OHCI_HCCA_FRAME		0x80

/* record field offsets, see dmagen/PROTOCOL.md */
#define REC_OHCI_MODE		8
#define REC_OHCI_BUF_PHYS	16
#define REC_OHCI_IOVA		24
#define REC_OHCI_FRAME_AT_ARM	32
#define REC_EDU_MODE		40
#define REC_EDU_BUF_PHYS	48
#define REC_EDU_IOVA		56
#define REC_EDU_LEN		64
#define REC_EDU_SEED		72
#define REC_CANARY_PHYS		80
#define REC_ARMED		88

struct seg {
	uint64_t paddr;
	uint64_t offset;
	uint64_t filesz;
};

static const char *prog = "vmcore-peek";
static const char *path = DEFAULT_VMCORE;
static int fd = -1;
static struct seg *segs;
static size_t nsegs;

static void print_help(void)
{
	fprintf(stderr,
		"usage: %s [-f VMCORE] [-i MS] RECORD_PHYS_HEX\n"
		"       %s [-f VMCORE] -x PHYS_HEX LEN\n"
		"  -f VMCORE  ELF64 core file (default %s)\n"
		"  -i MS      interval between the two HCCA frame reads (default %d)\n"
		"  -x         hexdump LEN bytes of old physical memory at PHYS\n",
		prog, prog, DEFAULT_VMCORE, DEFAULT_INTERVAL_MS);
}

static uint64_t get_le64(const unsigned char *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static uint16_t get_le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

/* Read exactly len bytes at off; -1 on error or short file. */
static int read_at(uint64_t off, void *buf, size_t len)
{
	unsigned char *p = buf;

	if (off > (uint64_t)INT64_MAX || len > (uint64_t)INT64_MAX - off)
		return -1;
	while (len) {
		ssize_t n = pread(fd, p, len, (off_t)off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "%s: %s: read at 0x%" PRIx64 ": %s\n",
				prog, path, off, strerror(errno));
			return -1;
		}
		if (n == 0) {
			fprintf(stderr, "%s: %s: short file at offset 0x%" PRIx64 "\n",
				prog, path, off);
			return -1;
		}
		p += n;
		off += (uint64_t)n;
		len -= (size_t)n;
	}
	return 0;
}

static int load_elf(void)
{
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	uint64_t phnum, i;

	fd = open(path, O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
		return -1;
	}

	if (read_at(0, &eh, sizeof(eh)))
		goto bad;
	if (memcmp(eh.e_ident, ELFMAG, SELFMAG) || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_ident[EI_DATA] != ELFDATA2LSB) {
		fprintf(stderr, "%s: %s: not a little-endian ELF64 file\n", prog, path);
		return -1;
	}
	if (eh.e_type != ET_CORE)
		fprintf(stderr, "%s: %s: warning: ELF type %u is not ET_CORE\n",
			prog, path, eh.e_type);
	if (eh.e_phentsize != sizeof(Elf64_Phdr) || !eh.e_phoff) {
		fprintf(stderr, "%s: %s: bad program header table (phoff 0x%" PRIx64
			", phentsize %u)\n", prog, path, (uint64_t)eh.e_phoff, eh.e_phentsize);
		return -1;
	}
	phnum = eh.e_phnum;
	if (phnum == PN_XNUM) {
		Elf64_Shdr sh;

		if (!eh.e_shoff || read_at(eh.e_shoff, &sh, sizeof(sh)))
			goto bad;
		phnum = sh.sh_info;
	}
	if (!phnum || phnum > MAX_PHDRS) {
		fprintf(stderr, "%s: %s: bad number of program headers %" PRIu64 "\n",
			prog, path, phnum);
		return -1;
	}
	segs = calloc(phnum, sizeof(*segs));
	if (!segs) {
		fprintf(stderr, "%s: out of memory\n", prog);
		return -1;
	}
	for (i = 0; i < phnum; i++) {
		if (read_at(eh.e_phoff + i * sizeof(ph), &ph, sizeof(ph)))
			goto bad;
		if (ph.p_type != PT_LOAD || !ph.p_filesz)
			continue;
		if (ph.p_paddr + ph.p_filesz < ph.p_paddr ||
		    ph.p_offset + ph.p_filesz < ph.p_offset) {
			fprintf(stderr, "%s: %s: PT_LOAD %" PRIu64 " wraps, ignored\n",
				prog, path, i);
			continue;
		}
		segs[nsegs].paddr = ph.p_paddr;
		segs[nsegs].offset = ph.p_offset;
		segs[nsegs].filesz = ph.p_filesz;
		nsegs++;
	}
	if (!nsegs) {
		fprintf(stderr, "%s: %s: no PT_LOAD segments\n", prog, path);
		return -1;
	}
	return 0;
bad:
	fprintf(stderr, "%s: %s: truncated or unreadable ELF headers\n", prog, path);
	return -1;
}

/* Read old physical memory, possibly across several PT_LOAD segments. */
static int read_phys(uint64_t paddr, void *buf, size_t len, int quiet)
{
	unsigned char *p = buf;

	while (len) {
		const struct seg *s = NULL;
		uint64_t avail;
		size_t i, chunk;

		for (i = 0; i < nsegs; i++) {
			if (paddr >= segs[i].paddr && paddr - segs[i].paddr < segs[i].filesz) {
				s = &segs[i];
				break;
			}
		}
		if (!s) {
			if (!quiet)
				fprintf(stderr, "%s: physical address 0x%" PRIx64
					" is not in any PT_LOAD segment of %s\n",
					prog, paddr, path);
			return -1;
		}
		avail = s->filesz - (paddr - s->paddr);
		chunk = avail < len ? (size_t)avail : len;
		if (read_at(s->offset + (paddr - s->paddr), p, chunk))
			return -1;
		p += chunk;
		paddr += chunk;
		len -= chunk;
	}
	return 0;
}

static int parse_u64(const char *s, int base, uint64_t *val)
{
	unsigned long long v;
	char *end;

	if (!s || !*s || *s == '-')
		return -1;
	errno = 0;
	v = strtoull(s, &end, base);
	if (errno || *end)
		return -1;
	*val = v;
	return 0;
}

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static int hexdump(uint64_t phys, uint64_t len)
{
	unsigned char buf[16];
	uint64_t done;

	if (len > MAX_HEXDUMP) {
		fprintf(stderr, "%s: length %" PRIu64 " too big (max %u)\n",
			prog, len, MAX_HEXDUMP);
		return 1;
	}
	for (done = 0; done < len; done += sizeof(buf)) {
		size_t n = len - done < sizeof(buf) ? (size_t)(len - done) : sizeof(buf);
		size_t i;

		if (read_phys(phys + done, buf, n, 0))
			return 1;
		printf("%016" PRIx64 ":", phys + done);
		for (i = 0; i < sizeof(buf); i++) {
			if (i < n)
				printf(" %02x", buf[i]);
			else
				printf("   ");
		}
		printf("  |");
		for (i = 0; i < n; i++)
			putchar(buf[i] >= 0x20 && buf[i] < 0x7f ? buf[i] : '.');
		printf("|\n");
	}
	return 0;
}

static int peek_record(uint64_t rec_phys, unsigned int interval_ms)
{
	unsigned char rec[REC_SIZE], f[2];
	uint64_t ohci_mode, ohci_buf, at_arm, edu_mode, edu_buf, edu_len, seed, i;
	unsigned int now = 0, first = 0, after = 0, live = 0, ohci_ok = 1, edu_ok = 1;
	uint64_t landed = 0;

	if (read_phys(rec_phys, rec, sizeof(rec), 0) ||
	    memcmp(rec, REC_MAGIC, sizeof(REC_MAGIC) - 1)) {
		fprintf(stderr, "%s: no kdump_dmagen record (magic %s) at 0x%" PRIx64 "\n",
			prog, REC_MAGIC, rec_phys);
		printf("record_ok=0\n");
		return 2;
	}
	ohci_mode = get_le64(rec + REC_OHCI_MODE);
	ohci_buf = get_le64(rec + REC_OHCI_BUF_PHYS);
	at_arm = get_le64(rec + REC_OHCI_FRAME_AT_ARM) & 0xffff;
	edu_mode = get_le64(rec + REC_EDU_MODE);
	edu_buf = get_le64(rec + REC_EDU_BUF_PHYS);
	edu_len = get_le64(rec + REC_EDU_LEN);
	seed = get_le64(rec + REC_EDU_SEED);

	if (ohci_mode) {
		if (ohci_buf + OHCI_HCCA_FRAME < ohci_buf ||
		    read_phys(ohci_buf + OHCI_HCCA_FRAME, f, sizeof(f), 0)) {
			ohci_ok = 0;
		} else {
			first = get_le16(f);
			sleep_ms(interval_ms);
			if (read_phys(ohci_buf + OHCI_HCCA_FRAME, f, sizeof(f), 0)) {
				ohci_ok = 0;
			} else {
				now = get_le16(f);
				after = (now - (unsigned int)at_arm) & 0xffff;
				live = now != first;
			}
		}
		if (!ohci_ok) {
			fprintf(stderr, "%s: cannot read the old HCCA at 0x%" PRIx64 "\n",
				prog, ohci_buf);
			now = 0;
		}
	}

	if (edu_mode) {
		unsigned char *buf;

		if (edu_len > MAX_EDU_LEN) {
			fprintf(stderr, "%s: bogus edu_len %" PRIu64 "\n", prog, edu_len);
			edu_ok = 0;
		} else if (edu_len) {
			buf = malloc(edu_len);
			if (!buf || read_phys(edu_buf, buf, edu_len, 0)) {
				fprintf(stderr, "%s: cannot read the old edu buffer at 0x%" PRIx64
					"\n", prog, edu_buf);
				edu_ok = 0;
			} else {
				for (i = 0; i < edu_len; i++)
					if (buf[i] == (((seed + i * 7) & 0xff) | 1))
						landed++;
			}
			free(buf);
		}
	}

	printf("record_ok=1\n");
	printf("armed=%" PRIu64 "\n", get_le64(rec + REC_ARMED));
	printf("ohci_mode=%" PRIu64 "\n", ohci_mode);
	printf("ohci_buf_phys=0x%" PRIx64 "\n", ohci_buf);
	printf("ohci_iova=0x%" PRIx64 "\n", get_le64(rec + REC_OHCI_IOVA));
	printf("ohci_read_ok=%u\n", ohci_mode ? ohci_ok : 0);
	printf("ohci_frame_at_arm=%" PRIu64 "\n", at_arm);
	printf("ohci_frame_now=%u\n", now);
	printf("ohci_frames_after_panic=%u\n", after);
	printf("ohci_live=%u\n", live);
	printf("edu_mode=%" PRIu64 "\n", edu_mode);
	printf("edu_buf_phys=0x%" PRIx64 "\n", edu_buf);
	printf("edu_iova=0x%" PRIx64 "\n", get_le64(rec + REC_EDU_IOVA));
	printf("edu_read_ok=%u\n", edu_mode ? edu_ok : 0);
	printf("edu_bytes_landed=%" PRIu64 "\n", landed);
	printf("edu_len=%" PRIu64 "\n", edu_len);
	printf("canary_phys=0x%" PRIx64 "\n", get_le64(rec + REC_CANARY_PHYS));
	return 0;
}

int main(int argc, char **argv)
{
	unsigned int interval_ms = DEFAULT_INTERVAL_MS;
	uint64_t phys, len, v;
	int opt, dump = 0, ret;

	while ((opt = getopt(argc, argv, "f:i:xh")) != -1) {
		switch (opt) {
		case 'f':
			path = optarg;
			break;
		case 'i':
			if (parse_u64(optarg, 0, &v) || v > 60000) {
				fprintf(stderr, "%s: bad interval '%s'\n", prog, optarg);
				return 1;
			}
			interval_ms = (unsigned int)v;
			break;
		case 'x':
			dump = 1;
			break;
		case 'h':
			print_help();
			return 0;
		default:
			print_help();
			return 1;
		}
	}
	if (argc - optind != (dump ? 2 : 1)) {
		print_help();
		return 1;
	}
	if (parse_u64(argv[optind], 16, &phys)) {
		fprintf(stderr, "%s: bad physical address '%s'\n", prog, argv[optind]);
		return 1;
	}
	if (dump && parse_u64(argv[optind + 1], 0, &len)) {
		fprintf(stderr, "%s: bad length '%s'\n", prog, argv[optind + 1]);
		return 1;
	}

	if (load_elf()) {
		if (!dump)
			printf("record_ok=0\n");
		return 1;
	}
	ret = dump ? hexdump(phys, len) : peek_record(phys, interval_ms);
	if (fflush(stdout)) {
		fprintf(stderr, "%s: write error: %s\n", prog, strerror(errno));
		ret = 1;
	}
	free(segs);
	close(fd);
	return ret;
}
