// SPDX-License-Identifier: GPL-2.0
/*
 * kdump_dmagen - TEST-ONLY DMA generator for the kdump/IOMMU crash lab.
 *
 * NEVER ENABLE THIS IN A PRODUCTION KERNEL.
 *
 * First kernel: drives the QEMU "pci-ohci" (106b:003f) and "edu" (1234:11e8)
 * devices so that they keep doing DMA after a panic, while the kdump capture
 * kernel boots. The OHCI keeps writing its frame number into the HCCA every
 * millisecond; the edu device is armed to do one 4 KiB DMA write 100 ms
 * after the "arm" command, i.e. in the capture kernel. In "adversarial" mode
 * the HCCA is moved to an IOVA equal to the physical address of a page in
 * the middle of the crash kernel reservation, mapped with iommu_map() to an
 * old kernel page: if the capture kernel ever lets that device DMA
 * untranslated, the device writes the capture kernel's canary page.
 *
 * Capture kernel: optionally binds the devices without touching them and
 * allocates fresh coherent buffers (which triggers the IOMMU deferred
 * attach), optionally fills a canary page reserved from the command line,
 * and reports whether any of those were written by the old DMA.
 *
 * The interface with the guest /init is described in
 * tools/testing/selftests/iommu/kdump/dmagen/PROTOCOL.md.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitfield.h>
#include <linux/build_bug.h>
#include <linux/crash_dump.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/init.h>
#include <linux/io.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/iommu.h>
#include <linux/iopoll.h>
#include <linux/kexec.h>
#include <linux/kstrtox.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/scatterlist.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#ifndef MODULE
#include <asm/early_ioremap.h>
#endif

/*
 * Fault injection into the first kernel's VT-d or AMD-Vi tables (the
 * "inject" file): x86 with the Intel resp. AMD IOMMU driver and ACPI (the
 * DMAR resp. IVRS table) only.
 */
#if defined(CONFIG_INTEL_IOMMU) && defined(CONFIG_ACPI) && defined(CONFIG_X86)
#include <linux/acpi.h>
#include <asm/cacheflush.h>
#define DMAGEN_HAVE_VTD_INJECT	1
#endif
#if defined(CONFIG_AMD_IOMMU) && defined(CONFIG_ACPI) && defined(CONFIG_X86)
#include <linux/acpi.h>
#include <linux/unaligned.h>
#define DMAGEN_HAVE_AMD_INJECT	1
#endif

/* SMMUv3 (arm64, device tree): the stream table found from its registers. */
#if defined(CONFIG_ARM_SMMU_V3) && defined(CONFIG_OF) && defined(CONFIG_ARM64)
#include <linux/of.h>
#include <linux/of_address.h>
#define DMAGEN_HAVE_SMMU_INJECT	1
#endif

#if IS_ENABLED(CONFIG_KDUMP_ACCEPT_ACTIVE_IOMMU) && __has_include("linux/iommu-kdump.h")
#include <linux/iommu-kdump.h>
#define DMAGEN_HAVE_KDUMP_RESET_DONE	1
#endif

/*
 * crashk_res and kexec_crash_image are not exported to modules, and
 * memblock is gone by the time a module loads: the canary logic only
 * works when the driver is built in.
 */
#if defined(CONFIG_KEXEC_CORE) && !defined(MODULE)
#define DMAGEN_HAVE_CRASHK	1
#endif

/* QEMU pci-ohci registers (BAR0, 32-bit little endian) */
#define OHCI_REVISION		0x00
#define OHCI_CONTROL		0x04
#define  OHCI_CTRL_HCFS		GENMASK(7, 6)
#define  OHCI_USB_OPER		(2U << 6)
#define OHCI_CMDSTATUS		0x08
#define  OHCI_HCR		BIT(0)
#define OHCI_INTRSTATUS		0x0c
#define OHCI_INTRENABLE		0x10
#define OHCI_INTRDISABLE	0x14
#define OHCI_HCCA		0x18
#define OHCI_FMINTERVAL		0x34
#define OHCI_FMNUMBER		0x3c
#define  OHCI_FMNUMBER_FN	GENMASK(15, 0)
#define OHCI_FMINTERVAL_DEFAULT	0x27782edf
/* HCCA: the controller writes HccaFrameNumber (u16) + pad + DoneHead here */
#define OHCI_HCCA_FRAME		0x80
#define OHCI_HCR_TIMEOUT_US	10000

/* QEMU edu registers (BAR0) */
#define EDU_DMA_SRC		0x80
#define EDU_DMA_DST		0x88
#define EDU_DMA_CNT		0x90
#define EDU_DMA_CMD		0x98
#define  EDU_CMD_RUN		BIT(0)
#define  EDU_CMD_TO_RAM		BIT(1)	/* device buffer -> RAM */
#define EDU_DEV_BUF		0x40000
#define EDU_BUF_LEN		4096
/*
 * QEMU 7.2's edu rejects (hw_error, which kills QEMU) a transfer that ends
 * exactly at the end of its 4 KiB buffer: keep transfers shorter.
 */
#define EDU_XFER_LEN		2048
#define EDU_DMA_BITS		28
#define EDU_SEED		0x5a

#define DMAGEN_OHCI_NEWBUFS	4
#define DMAGEN_EDU_NEWBUFS	2
#define DMAGEN_MAX_NEWBUFS	4
#define DMAGEN_CANARY_BYTE	0xa5

enum dmagen_kind {
	DMAGEN_OHCI,
	DMAGEN_EDU,
};

/* values are part of the panic record */
enum dmagen_ohci_mode {
	OHCI_MODE_OFF,
	OHCI_MODE_NORMAL,
	OHCI_MODE_ADVERSARIAL,
};

enum dmagen_edu_mode {
	EDU_MODE_OFF,
	EDU_MODE_NORMAL,
};

enum dmagen_capture_mode {
	CAPTURE_NONE,
	CAPTURE_BIND,
};

enum dmagen_canary_state {
	CANARY_NONE,
	CANARY_OK,
	CANARY_BUSY,
};

static const char * const ohci_mode_names[] = { "off", "normal", "adversarial" };
static const char * const edu_mode_names[] = { "off", "normal" };
static const char * const capture_mode_names[] = { "none", "bind" };
static const char * const canary_state_names[] = { "none", "ok", "busy" };

static char *ohci = "off";
module_param(ohci, charp, 0444);
MODULE_PARM_DESC(ohci, "first kernel OHCI mode: off, normal, adversarial");

static char *edu = "off";
module_param(edu, charp, 0444);
MODULE_PARM_DESC(edu, "first kernel edu mode: off, normal");

static char *capture = "none";
module_param(capture, charp, 0444);
MODULE_PARM_DESC(capture, "capture kernel mode: none (no driver binds), bind");

static unsigned int bulk;
module_param(bulk, uint, 0444);
MODULE_PARM_DESC(bulk, "first kernel: 4 KiB pages mapped into the OHCI's DMA domain at arm time, none adjacent in physical address (a large old table for the handover to walk)");

/* Above every DMA-API IOVA of the lab, below a 39-bit address width. */
#define DMAGEN_BULK_IOVA	(1ULL << 37)

static enum dmagen_ohci_mode ohci_mode;
static enum dmagen_edu_mode edu_mode;
static enum dmagen_capture_mode capture_mode;

/*
 * Panic record, read by vmcore-peek from /proc/vmcore. Little endian,
 * layout fixed by PROTOCOL.md.
 */
struct dmagen_record {
	u8 magic[8];
	__le64 ohci_mode;
	__le64 ohci_buf_phys;
	__le64 ohci_iova;
	__le64 ohci_frame_at_arm;
	__le64 edu_mode;
	__le64 edu_buf_phys;
	__le64 edu_iova;
	__le64 edu_len;
	__le64 edu_seed;
	__le64 canary_phys;
	__le64 armed;
	char inject[16];	/* injected fault class, NUL padded */
} __packed __aligned(64);

static_assert(offsetof(struct dmagen_record, ohci_mode) == 8);
static_assert(offsetof(struct dmagen_record, edu_mode) == 40);
static_assert(offsetof(struct dmagen_record, armed) == 88);
static_assert(offsetof(struct dmagen_record, inject) == 96);
static_assert(sizeof(struct dmagen_record) == 128);

static struct dmagen_record dmagen_rec = {
	.magic = { 'D', 'M', 'A', 'G', 'E', 'N', '0', '1' },
};

struct dmagen_dev {
	struct pci_dev *pdev;
	enum dmagen_kind kind;
	void __iomem *regs;

	/* first kernel: HCCA (OHCI) or armed DMA target (edu) */
	void *buf;
	dma_addr_t iova;
	phys_addr_t phys;
	/* first kernel, edu: source of the pattern, loaded at probe */
	void *src;
	dma_addr_t src_iova;
	bool loaded;
	/* first kernel, OHCI adversarial */
	struct iommu_domain *adv_domain;
	struct page *adv_page;
	unsigned long adv_iova;
	bool adv_identity;
	bool adv_verified;
	/* first kernel, bulk: pages mapped at DMAGEN_BULK_IOVA */
	unsigned int bulk_mapped;
	unsigned int bulk_us;

	/* capture kernel: fresh coherent buffers */
	unsigned int nr_newbufs;
	void *newbuf[DMAGEN_MAX_NEWBUFS];
	dma_addr_t newbuf_iova[DMAGEN_MAX_NEWBUFS];
};

static DEFINE_MUTEX(dmagen_lock);
static struct dmagen_dev *dmagen_ohci;	/* protected by dmagen_lock */
static struct dmagen_dev *dmagen_edu;	/* protected by dmagen_lock */
static bool dmagen_armed;		/* protected by dmagen_lock */
static bool dmagen_reset_done;		/* protected by dmagen_lock */
static struct dentry *dmagen_dir;

/* capture kernel canary page, set up by the early parameter */
static phys_addr_t dmagen_canary;
static enum dmagen_canary_state dmagen_canary_state;

static u8 dmagen_pattern(unsigned int i)
{
	return ((EDU_SEED + i * 7) & 0xff) | 1;
}

static void dmagen_rec_set(__le64 *field, u64 val)
{
	WRITE_ONCE(*field, cpu_to_le64(val));
}

static phys_addr_t dmagen_record_phys(void)
{
#ifdef MODULE
	return page_to_phys(vmalloc_to_page(&dmagen_rec)) + offset_in_page(&dmagen_rec);
#else
	return __pa_symbol(&dmagen_rec);
#endif
}

/*
 * Physical address behind a coherent buffer. The CPU address of a coherent
 * buffer is not necessarily in the linear map (remapped allocations), and
 * the DMA address is an IOVA when the device sits behind a translating
 * IOMMU domain.
 */
static phys_addr_t dmagen_buf_phys(struct device *dev, void *cpu, dma_addr_t iova)
{
	struct iommu_domain *dom = iommu_get_domain_for_dev(dev);
	bool paging = dom && (dom->type & __IOMMU_DOMAIN_PAGING);
	phys_addr_t phys;

	if (virt_addr_valid(cpu)) {
		phys = page_to_phys(virt_to_page(cpu)) + offset_in_page(cpu);
		if (paging && iommu_iova_to_phys(dom, iova) != phys)
			dev_warn(dev, "iova %pad: linear map says %pa, IOMMU says 0x%llx\n",
				 &iova, &phys,
				 (unsigned long long)iommu_iova_to_phys(dom, iova));
		return phys;
	}
	if (paging)
		return iommu_iova_to_phys(dom, iova);
	if (is_vmalloc_addr(cpu))
		return page_to_phys(vmalloc_to_page(cpu)) + offset_in_page(cpu);
	/* no IOMMU domain, or identity: the DMA address is the physical one */
	return iova;
}

static u64 dmagen_count_nonzero(const u8 *p, size_t len)
{
	u64 n = 0;
	size_t i;

	for (i = 0; i < len; i++)
		if (READ_ONCE(p[i]))
			n++;
	return n;
}

/* ------------------------------------------------------------------ */
/* canary */

static phys_addr_t dmagen_canary_proposal(void)
{
#ifdef DMAGEN_HAVE_CRASHK
	if (crashk_res.end <= crashk_res.start)
		return 0;
	return ALIGN_DOWN(crashk_res.start + resource_size(&crashk_res) / 2, PAGE_SIZE);
#else
	return 0;
#endif
}

/* The canary must not be overwritten by the loaded capture kernel itself. */
static int dmagen_check_canary(phys_addr_t canary)
{
#ifdef DMAGEN_HAVE_CRASHK
	struct kimage *image = READ_ONCE(kexec_crash_image);
	unsigned long i;

	if (!canary) {
		pr_err("arm: no crashkernel= reservation, no canary\n");
		return -EBUSY;
	}
	if (!image) {
		pr_err("arm: no crash kernel loaded (kexec -p) to check canary %pa against\n",
		       &canary);
		return -EBUSY;
	}
	for (i = 0; i < image->nr_segments; i++) {
		u64 start = image->segment[i].mem;
		u64 end = start + image->segment[i].memsz;

		if (canary < end && start < canary + PAGE_SIZE) {
			pr_err("arm: canary %pa overlaps kexec segment %lu [0x%llx-0x%llx)\n",
			       &canary, i, start, end);
			return -EBUSY;
		}
	}
	return 0;
#else
	pr_err("arm: canary check needs the driver built in with CONFIG_KEXEC_CORE\n");
	return -EOPNOTSUPP;
#endif
}

#ifndef MODULE
/*
 * The "canary" early parameter (capture kernel): reserve the page and fill it
 * with DMAGEN_CANARY_BYTE before the page allocator sees it. Runs from
 * parse_early_param(), after early_ioremap_init() on x86 and arm64.
 */
static int __init dmagen_canary_setup(char *arg)
{
	unsigned long long val;
	phys_addr_t phys;
	void *p;

	if (!arg || kstrtoull(arg, 0, &val)) {
		pr_err("canary: cannot parse '%s'\n", arg ?: "");
		return -EINVAL;
	}
	phys = val;
	if (!phys || phys != val || !PAGE_ALIGNED(phys)) {
		pr_err("canary: 0x%llx is not a usable page address\n", val);
		return -EINVAL;
	}
	dmagen_canary = phys;

	if (memblock_is_region_reserved(phys, PAGE_SIZE)) {
		pr_warn("canary: %pa already reserved, not used\n", &phys);
		dmagen_canary_state = CANARY_BUSY;
		return 0;
	}
	if (memblock_reserve(phys, PAGE_SIZE)) {
		pr_warn("canary: cannot reserve %pa\n", &phys);
		dmagen_canary_state = CANARY_BUSY;
		return 0;
	}
	p = early_memremap(phys, PAGE_SIZE);
	if (!p) {
		pr_warn("canary: cannot map %pa\n", &phys);
		dmagen_canary_state = CANARY_BUSY;
		return 0;
	}
	memset(p, DMAGEN_CANARY_BYTE, PAGE_SIZE);
	early_memunmap(p, PAGE_SIZE);
	dmagen_canary_state = CANARY_OK;
	return 0;
}
early_param(KBUILD_MODNAME ".canary", dmagen_canary_setup);
#endif

static long long dmagen_canary_bytes(void)
{
	unsigned long pfn = PHYS_PFN(dmagen_canary);
	const u8 *p;
	void *map = NULL;
	long long n = 0;
	size_t i;

	if (dmagen_canary_state != CANARY_OK)
		return 0;
	if (pfn_valid(pfn) && !PageHighMem(pfn_to_page(pfn))) {
		p = phys_to_virt(dmagen_canary);
	} else {
		map = memremap(dmagen_canary, PAGE_SIZE, MEMREMAP_WB);
		if (!map)
			return -1;
		p = map;
	}
	for (i = 0; i < PAGE_SIZE; i++)
		if (READ_ONCE(p[i]) != DMAGEN_CANARY_BYTE)
			n++;
	if (map)
		memunmap(map);
	return n;
}

/* ------------------------------------------------------------------ */
/* OHCI */

static int dmagen_ohci_hc_reset(struct dmagen_dev *dg)
{
	u32 val;
	int ret;

	writel(OHCI_HCR, dg->regs + OHCI_CMDSTATUS);
	ret = readl_poll_timeout(dg->regs + OHCI_CMDSTATUS, val, !(val & OHCI_HCR),
				 100, OHCI_HCR_TIMEOUT_US);
	writel(~0U, dg->regs + OHCI_INTRDISABLE);
	if (ret)
		dev_err(&dg->pdev->dev, "OHCI reset timed out (HcCommandStatus 0x%08x)\n", val);
	return ret;
}

static u32 dmagen_ohci_frame(struct dmagen_dev *dg)
{
	return readl(dg->regs + OHCI_FMNUMBER) & OHCI_FMNUMBER_FN;
}

static int dmagen_ohci_start(struct dmagen_dev *dg)
{
	struct device *dev = &dg->pdev->dev;
	u32 fm0, fm1;
	int ret;

	ret = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(32));
	if (ret) {
		dev_err(dev, "no usable 32-bit DMA: %d\n", ret);
		return ret;
	}
	/* the first DMA allocation of the device: top of the 32-bit IOVA space */
	dg->buf = dmam_alloc_coherent(dev, PAGE_SIZE, &dg->iova, GFP_KERNEL);
	if (!dg->buf)
		return -ENOMEM;
	memset(dg->buf, 0, PAGE_SIZE);
	dg->phys = dmagen_buf_phys(dev, dg->buf, dg->iova);

	/* firmware may have left the controller running */
	ret = dmagen_ohci_hc_reset(dg);
	if (ret)
		return ret;
	writel(~0U, dg->regs + OHCI_INTRDISABLE);
	writel(~0U, dg->regs + OHCI_INTRSTATUS);
	writel(lower_32_bits(dg->iova), dg->regs + OHCI_HCCA);
	writel(OHCI_FMINTERVAL_DEFAULT, dg->regs + OHCI_FMINTERVAL);
	/* operational, no periodic/isochronous/control/bulk list enabled */
	writel(OHCI_USB_OPER, dg->regs + OHCI_CONTROL);

	fm0 = dmagen_ohci_frame(dg);
	msleep(20);
	fm1 = dmagen_ohci_frame(dg);
	if (fm0 == fm1) {
		dev_err(dev, "OHCI frame number does not advance (0x%x, HcControl 0x%08x)\n",
			fm0, readl(dg->regs + OHCI_CONTROL));
		dmagen_ohci_hc_reset(dg);
		return -EIO;
	}
	dev_info(dev, "OHCI running: rev 0x%x HCCA iova %pad phys %pa, frame %u -> %u\n",
		 readl(dg->regs + OHCI_REVISION) & 0xff, &dg->iova, &dg->phys, fm0, fm1);
	return 0;
}

static void dmagen_ohci_stop(struct dmagen_dev *dg)
{
	dmagen_ohci_hc_reset(dg);
	if (dg->adv_page) {
		iommu_unmap(dg->adv_domain, dg->adv_iova, PAGE_SIZE);
		__free_page(dg->adv_page);
		dg->adv_page = NULL;
	}
}

/*
 * Pass-through (identity) domain: the DMA address is the physical one, so
 * the HCCA goes to the canary page itself, inside the crash kernel
 * reservation. The first kernel never uses that memory; in the capture
 * kernel, a device left with an unconfined identity translation keeps
 * writing its frame number over the capture kernel's canary.
 */
static int dmagen_ohci_adversarial_identity(struct dmagen_dev *dg,
					    phys_addr_t canary)
{
	struct device *dev = &dg->pdev->dev;
	const u8 *va;
	int i;

	va = memremap(canary, PAGE_SIZE, MEMREMAP_WB);
	if (!va) {
		dev_err(dev, "cannot map the canary page %pa\n", &canary);
		return -ENOMEM;
	}
	dg->adv_identity = true;
	dg->adv_iova = canary;
	writel(lower_32_bits(canary), dg->regs + OHCI_HCCA);
	for (i = 0; i < 20 && !dg->adv_verified; i++) {
		usleep_range(500, 1000);
		dg->adv_verified = READ_ONCE(va[OHCI_HCCA_FRAME]) ||
				   READ_ONCE(va[OHCI_HCCA_FRAME + 1]);
	}
	memunmap((void *)va);
	dev_info(dev, "OHCI HCCA moved to phys %pa in the crash kernel reservation, identity domain (%s)\n",
		 &canary, dg->adv_verified ? "device writes it" : "NOT written yet");
	return 0;
}

/*
 * Map @bulk pages at DMAGEN_BULK_IOVA into the OHCI's DMA domain: two
 * old-kernel pages in turn, so no two neighbours are contiguous in
 * physical address and every page is a run of its own for the handover.
 * One iommu_map_sgtable() call: one IOTLB sync for all of them. Nothing
 * does DMA there; the table is what is measured.
 */
static int dmagen_bulk_map(struct dmagen_dev *dg)
{
	struct device *dev = &dg->pdev->dev;
	struct iommu_domain *dom = iommu_get_domain_for_dev(dev);
	struct scatterlist *sg;
	struct sg_table sgt;
	struct page *pg[2];
	unsigned int i;
	ssize_t mapped;
	u64 t0;
	int ret;

	if (!dom || !(dom->type & __IOMMU_DOMAIN_PAGING)) {
		dev_err(dev, "bulk: needs a translating IOMMU domain (type 0x%x)\n",
			dom ? dom->type : 0);
		return -EOPNOTSUPP;
	}
	pg[0] = alloc_page(GFP_KERNEL | __GFP_ZERO);
	pg[1] = alloc_page(GFP_KERNEL | __GFP_ZERO);
	ret = -ENOMEM;
	if (!pg[0] || !pg[1])
		goto out_pages;
	ret = sg_alloc_table(&sgt, bulk, GFP_KERNEL);
	if (ret)
		goto out_pages;
	for_each_sgtable_sg(&sgt, sg, i)
		sg_set_page(sg, pg[i & 1], PAGE_SIZE, 0);
	t0 = ktime_get_ns();
	mapped = iommu_map_sgtable(dom, DMAGEN_BULK_IOVA, &sgt,
				   IOMMU_READ | IOMMU_WRITE);
	dg->bulk_us = div_u64(ktime_get_ns() - t0, NSEC_PER_USEC);
	sg_free_table(&sgt);
	if (mapped != (ssize_t)bulk * PAGE_SIZE) {
		dev_err(dev, "bulk: mapped %zd of %u pages' bytes\n", mapped, bulk);
		ret = mapped < 0 ? mapped : -ENOMEM;
		goto out_pages;
	}
	dg->bulk_mapped = bulk;
	dev_info(dev, "bulk: %u pages mapped at IOVA %#llx in %u us\n", bulk,
		 DMAGEN_BULK_IOVA, dg->bulk_us);
	/* The pages stay mapped and allocated until the panic. */
	return 0;

out_pages:
	if (pg[0])
		__free_page(pg[0]);
	if (pg[1])
		__free_page(pg[1]);
	return ret;
}

/* Move the HCCA to IOVA == canary, translated to a fresh old-kernel page. */
static int dmagen_ohci_adversarial(struct dmagen_dev *dg, phys_addr_t canary)
{
	struct device *dev = &dg->pdev->dev;
	struct iommu_domain *dom = iommu_get_domain_for_dev(dev);
	phys_addr_t phys;
	const u8 *va;
	int ret, i;

	if (upper_32_bits(canary)) {
		dev_err(dev, "canary %pa is above 4 GiB, HcHCCA is 32-bit\n", &canary);
		return -ERANGE;
	}
	if (dom && dom->type == IOMMU_DOMAIN_IDENTITY)
		return dmagen_ohci_adversarial_identity(dg, canary);
	if (!dom || !(dom->type & __IOMMU_DOMAIN_PAGING)) {
		dev_err(dev, "adversarial mode needs a translating or identity IOMMU domain (domain type 0x%x); boot with the IOMMU on\n",
			dom ? dom->type : 0);
		return -EOPNOTSUPP;
	}
	if (iommu_iova_to_phys(dom, canary)) {
		dev_err(dev, "IOVA %pa is already mapped in the DMA domain\n", &canary);
		return -EBUSY;
	}
	dg->adv_page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!dg->adv_page)
		return -ENOMEM;
	phys = page_to_phys(dg->adv_page);
	ret = iommu_map(dom, canary, phys, PAGE_SIZE, IOMMU_READ | IOMMU_WRITE,
			GFP_KERNEL);
	if (ret) {
		dev_err(dev, "iommu_map(IOVA %pa -> %pa) failed: %d\n", &canary, &phys, ret);
		__free_page(dg->adv_page);
		dg->adv_page = NULL;
		return ret;
	}
	dg->adv_domain = dom;
	dg->adv_iova = canary;
	writel(lower_32_bits(canary), dg->regs + OHCI_HCCA);

	/*
	 * The controller writes the frame number into the new page every 1 ms
	 * (a false negative needs frame number 0 exactly).
	 */
	va = page_address(dg->adv_page);
	for (i = 0; i < 20 && !dg->adv_verified; i++) {
		usleep_range(500, 1000);
		dg->adv_verified = READ_ONCE(va[OHCI_HCCA_FRAME]) ||
				   READ_ONCE(va[OHCI_HCCA_FRAME + 1]);
	}
	dev_info(dev, "OHCI HCCA moved to IOVA %pa -> phys %pa (%s)\n", &canary, &phys,
		 dg->adv_verified ? "device writes it" : "NOT written yet");
	return 0;
}

/* ------------------------------------------------------------------ */
/* edu */

static bool dmagen_edu_wait_idle(struct dmagen_dev *dg, unsigned int ms)
{
	unsigned int waited;

	for (waited = 0; readq(dg->regs + EDU_DMA_CMD) & EDU_CMD_RUN; waited += 20) {
		if (waited >= ms)
			return false;
		msleep(20);
	}
	return true;
}

static void dmagen_edu_dma(struct dmagen_dev *dg, u64 src, u64 dst, u64 cmd)
{
	writeq(src, dg->regs + EDU_DMA_SRC);
	writeq(dst, dg->regs + EDU_DMA_DST);
	writeq(EDU_XFER_LEN, dg->regs + EDU_DMA_CNT);
	writeq(cmd, dg->regs + EDU_DMA_CMD);
}

static int dmagen_edu_start(struct dmagen_dev *dg)
{
	struct device *dev = &dg->pdev->dev;
	u8 *src;
	int ret, i;

	ret = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(EDU_DMA_BITS));
	if (ret) {
		dev_err(dev, "no usable %d-bit DMA: %d\n", EDU_DMA_BITS, ret);
		return ret;
	}
	if (!dmagen_edu_wait_idle(dg, 2000)) {
		dev_err(dev, "edu DMA engine busy\n");
		return -EBUSY;
	}
	src = dmam_alloc_coherent(dev, EDU_BUF_LEN, &dg->src_iova, GFP_KERNEL);
	if (!src)
		return -ENOMEM;
	for (i = 0; i < EDU_BUF_LEN; i++)
		src[i] = dmagen_pattern(i);
	dg->src = src;

	/* RAM -> device buffer; fires 100 ms (virtual clock) later */
	dmagen_edu_dma(dg, dg->src_iova, EDU_DEV_BUF, EDU_CMD_RUN);
	if (!dmagen_edu_wait_idle(dg, 2000)) {
		dev_err(dev, "edu DMA into the device buffer did not complete\n");
		return -ETIMEDOUT;
	}
	dg->loaded = true;

	dg->buf = dmam_alloc_coherent(dev, EDU_BUF_LEN, &dg->iova, GFP_KERNEL);
	if (!dg->buf)
		return -ENOMEM;
	memset(dg->buf, 0, EDU_BUF_LEN);
	dg->phys = dmagen_buf_phys(dev, dg->buf, dg->iova);
	dev_info(dev, "edu loaded from iova %pad; target iova %pad phys %pa\n",
		 &dg->src_iova, &dg->iova, &dg->phys);
	return 0;
}

/* ------------------------------------------------------------------ */
/* inject (first kernel): corrupt the IOMMU tables just before the panic */

/*
 * Fault classes. Each corrupts, in memory, one thing the kdump capture
 * kernel must refuse to adopt. "ohci" classes touch only the OHCI's context
 * entry or page table; "bus" and "unit" classes block every device of the
 * bus or of the remapping unit. QEMU caches context entries and IOTLB
 * entries until they are invalidated, and nothing invalidates them between
 * the injection and the capture kernel's takeover, so the devices' DMA goes
 * on through the cached (good) translations meanwhile.
 */
enum dmagen_inject {
	INJ_NONE,
	INJ_CTX_RSVD,		/* context entry: reserved bit 104 (hi bit 40) */
	INJ_CTX_WIDTH,		/* context entry: AW = 4 (reserved) */
	INJ_CTX_WIDTH_SAGAW,	/* context entry: an AW the unit's SAGAW lacks */
	INJ_CTX_TT,		/* context entry: TT = 11b (reserved) */
	INJ_CTX_DID,		/* context entry: DID >= cap ND's domain count */
	INJ_PT_CAPTURE,		/* SLPTPTR -> the canary page (crash memory) */
	INJ_PT_PAST_RAM,	/* SLPTPTR -> 1 << (MGAW - 1), past RAM */
	INJ_PT_LOOP,		/* top-level entry -> the top-level table */
	INJ_PT_RSVD,		/* HCCA leaf PTE: bit 55 (reserved for 6.1) */
	INJ_LEAF_CAPTURE,	/* HCCA leaf PTE -> the canary page */
	INJ_CTX_PTR_CAPTURE,	/* OHCI bus root entry -> the canary page */
	INJ_ROOT_CAPTURE,	/* RTADDR register -> the canary page, SRTP */
	INJ_ROOT_PAST_RAM,	/* RTADDR register -> past RAM, SRTP */
	/*
	 * VT-d scalable mode: the OHCI's context, PASID or page-table
	 * entries. QEMU 10 caches context entries and IOTLB entries but reads
	 * PASID directory and table entries again on a miss and checks their
	 * pointers and types: a corrupted PASID-table pointer or PGTT halts
	 * the OHCI at once, on both kernels, so those classes are left to the
	 * KUnit cases. Every 16-bit DID is valid on the lab's unit (ND 6, no
	 * caching mode), so a bad DID cannot be injected there either.
	 */
	INJ_SM_CTX_RSVD,	/* SM context entry: reserved bit 5 */
	INJ_SM_DIR_CAPTURE,	/* SM context entry: PASID directory -> canary */
	INJ_SM_PDE_RSVD,	/* PASID directory entry: reserved bit 2 */
	INJ_SM_PE_RSVD,		/* PASID entry: qword 3 bit 0 (reserved) */
	INJ_SM_PT_CAPTURE,	/* PASID entry: page-table root -> canary */
	INJ_SM_PT_LOOP,		/* top-level PTE -> the top-level table */
	INJ_SM_PT_RSVD,		/* HCCA leaf PTE: bit 55 (reserved here) */
	INJ_SM_LEAF_CAPTURE,	/* HCCA leaf PTE -> the canary page */
	/* AMD-Vi: the OHCI's device table entry, page table, or the unit */
	INJ_AMD_FIRST,
	INJ_DTE_RSVD = INJ_AMD_FIRST,	/* DTE bit 106 (reserved) */
	INJ_DTE_MODE7,		/* DTE Mode = 7 (reserved) */
	INJ_DTE_GV,		/* DTE GV = 1 (guest translation, unvalidated) */
	INJ_DTE_DOMID0,		/* DTE domain ID 0 with paging */
	INJ_DTE_PT_CAPTURE,	/* page-table root -> the canary page */
	INJ_DTE_PT_PAST_RAM,	/* page-table root -> past RAM */
	INJ_DTE_PT_LOOP,	/* top-level PTE -> the top-level table */
	INJ_DTE_LEAF_CAP,	/* HCCA leaf PTE -> the canary page */
	INJ_DTE_IRT_CAP,	/* IV, IntCtl remapped, IRT -> the canary page */
	INJ_DEVTAB_CAPTURE,	/* device table base register -> canary page */
	INJ_DEVTAB_PAST_RAM,	/* device table base register -> past RAM */
	/*
	 * SMMUv3: the OHCI's STE, CD or page tables, its level-1 descriptor,
	 * or STRTAB_BASE. QEMU's SMMUv3 caches STEs, CDs and translations
	 * until invalidated (nothing invalidates them before the capture
	 * kernel's CFGI_ALL), but reads STRTAB_BASE on every miss. QEMU has
	 * 16-bit ASIDs, so an ASID too wide cannot be written: a CD with TTB1
	 * walks stands for "a CD the capture kernel must refuse" instead.
	 */
	INJ_SMMU_FIRST,
	INJ_SMMU_STE_CFG = INJ_SMMU_FIRST,	/* STE Config 0b001 (reserved) */
	INJ_SMMU_STE_CTX_CAP,	/* STE S1ContextPtr -> the canary page */
	INJ_SMMU_CD_TTB0_CAP,	/* CD TTB0 -> the canary page */
	INJ_SMMU_CD_TTB1,	/* CD EPD1 = 0: TTB1 walks (refused) */
	INJ_SMMU_PT_LOOP,	/* top-level PTE -> the top-level table */
	INJ_SMMU_PT_RSVD,	/* HCCA leaf PTE: bit 49 (RES0) */
	INJ_SMMU_LEAF_CAP,	/* HCCA leaf PTE -> the canary page */
	INJ_SMMU_L2_CAP,	/* the OHCI's L1 descriptor L2Ptr -> canary */
	INJ_SMMU_STRTAB_CAP,	/* STRTAB_BASE register -> the canary page */
	INJ_MAX,
};

static const char * const inject_names[INJ_MAX] = {
	[INJ_NONE]		= "none",
	[INJ_CTX_RSVD]		= "ctx-rsvd",
	[INJ_CTX_WIDTH]		= "ctx-width",
	[INJ_CTX_WIDTH_SAGAW]	= "ctx-width-sagaw",
	[INJ_CTX_TT]		= "ctx-tt",
	[INJ_CTX_DID]		= "ctx-did",
	[INJ_PT_CAPTURE]	= "pt-capture",
	[INJ_PT_PAST_RAM]	= "pt-past-ram",
	[INJ_PT_LOOP]		= "pt-loop",
	[INJ_PT_RSVD]		= "pt-rsvd",
	[INJ_LEAF_CAPTURE]	= "leaf-capture",
	[INJ_CTX_PTR_CAPTURE]	= "ctx-ptr-capture",
	[INJ_ROOT_CAPTURE]	= "root-capture",
	[INJ_ROOT_PAST_RAM]	= "root-past-ram",
	[INJ_SM_CTX_RSVD]	= "sm-ctx-rsvd",
	[INJ_SM_DIR_CAPTURE]	= "sm-dir-capture",
	[INJ_SM_PDE_RSVD]	= "sm-pde-rsvd",
	[INJ_SM_PE_RSVD]	= "sm-pe-rsvd",
	[INJ_SM_PT_CAPTURE]	= "sm-pt-capture",
	[INJ_SM_PT_LOOP]	= "sm-pt-loop",
	[INJ_SM_PT_RSVD]	= "sm-pt-rsvd",
	[INJ_SM_LEAF_CAPTURE]	= "sm-leaf-capture",
	[INJ_DTE_RSVD]		= "dte-rsvd",
	[INJ_DTE_MODE7]		= "dte-mode7",
	[INJ_DTE_GV]		= "dte-gv",
	[INJ_DTE_DOMID0]	= "dte-domid0",
	[INJ_DTE_PT_CAPTURE]	= "dte-pt-capture",
	[INJ_DTE_PT_PAST_RAM]	= "dte-pt-past-ram",
	[INJ_DTE_PT_LOOP]	= "dte-pt-loop",
	[INJ_DTE_LEAF_CAP]	= "dte-leaf-cap",
	[INJ_DTE_IRT_CAP]	= "dte-irt-cap",
	[INJ_DEVTAB_CAPTURE]	= "devtab-capture",
	[INJ_DEVTAB_PAST_RAM]	= "devtab-past-ram",
	[INJ_SMMU_STE_CFG]	= "smmu-ste-cfg",
	[INJ_SMMU_STE_CTX_CAP]	= "smmu-ste-ctx-cap",
	[INJ_SMMU_CD_TTB0_CAP]	= "smmu-cd-ttb0-cap",
	[INJ_SMMU_CD_TTB1]	= "smmu-cd-ttb1",
	[INJ_SMMU_PT_LOOP]	= "smmu-pt-loop",
	[INJ_SMMU_PT_RSVD]	= "smmu-pt-rsvd",
	[INJ_SMMU_LEAF_CAP]	= "smmu-leaf-cap",
	[INJ_SMMU_L2_CAP]	= "smmu-l2-cap",
	[INJ_SMMU_STRTAB_CAP]	= "smmu-strtab-cap",
};

static enum dmagen_inject dmagen_inject_class;	/* protected by dmagen_lock */
/*
 * The page the corrupted tables now translate the OHCI's HCCA IOVA to (a
 * redirected leaf), 0 if the injection does not redirect it: the host's
 * oracle judges the capture kernel against the tables as they were at the
 * panic. Protected by dmagen_lock.
 */
static phys_addr_t dmagen_inject_hcca_phys;

#ifdef DMAGEN_HAVE_VTD_INJECT

/* VT-d registers and table formats (VT-d spec 10.4, 9.1, 9.3, 9.8) */
#define VTD_REG_CAP		0x08
#define VTD_REG_ECAP		0x10
#define VTD_REG_GCMD		0x18
#define VTD_REG_GSTS		0x1c
#define VTD_REG_RTADDR		0x20
#define VTD_REG_SIZE		0x1000
#define  VTD_RTADDR_SMT		BIT_ULL(10)
#define  VTD_GCMD_SRTP		BIT(30)
#define  VTD_GSTS_RTPS		BIT(30)
/* GSTS bits that are not one-shot commands: what GCMD may be written with */
#define  VTD_GSTS_PERSISTENT	0x96ffffffU
#define VTD_CAP_ND(c)		((c) & 7)
#define VTD_CAP_CM(c)		(((c) >> 7) & 1)
#define VTD_CAP_SAGAW(c)	(((c) >> 8) & 0x1f)
#define VTD_CAP_MGAW(c)		((((c) >> 16) & 0x3f) + 1)
#define VTD_ECAP_C(e)		((e) & 1)
#define VTD_P			BIT_ULL(0)
#define VTD_ADDR		GENMASK_ULL(51, 12)
#define VTD_CTX_TT		GENMASK_ULL(3, 2)
#define VTD_CTX_AW		GENMASK_ULL(2, 0)
#define VTD_CTX_DID		GENMASK_ULL(23, 8)
#define VTD_CTX_RSVD_HI_BIT	BIT_ULL(40)
#define VTD_SL_RW		GENMASK_ULL(1, 0)
#define VTD_SL_PS		BIT_ULL(7)
#define VTD_SL_RSVD_BIT		BIT_ULL(55)
#define VTD_MAX_LEVELS		5

struct dmagen_vtd {
	phys_addr_t base;	/* register base of the DRHD */
	void __iomem *regs;
	u64 cap, ecap, rtaddr;
	u8 bus, devfn;		/* the OHCI */
	u64 *root;		/* root table */
	u64 *ctx;		/* context table of the OHCI's bus (and devfn half) */
	u64 *ce;		/* the OHCI's context entry: ce[0] lo, ce[1] hi */
	u64 *root_half;		/* scalable mode: the root entry half used */
	u64 *dir;		/* scalable mode: the OHCI's PASID directory */
	u64 *ptbl;		/* scalable mode: PASID table of RID_PASID 0 */
	u64 *pe;		/* scalable mode: RID_PASID's PASID entry */
	u64 *pt_ptr;		/* the entry holding the page-table root */
	unsigned int levels;
	u64 *pt[VTD_MAX_LEVELS];	/* page tables, top first */
	u64 *top_entry;		/* first present entry of the top-level table */
	u64 *leaf;		/* PTE mapping the OHCI's HCCA */
};

/* The register base of the remapping unit that translates segment 0. */
static int dmagen_vtd_find_drhd(phys_addr_t *base)
{
	struct acpi_table_header *hdr;
	struct acpi_dmar_header *sub;
	unsigned int nr = 0, nr_all = 0;
	phys_addr_t one = 0, all = 0;
	acpi_status status;
	u8 *p, *end;

	status = acpi_get_table(ACPI_SIG_DMAR, 0, &hdr);
	if (ACPI_FAILURE(status)) {
		pr_err("inject: no ACPI DMAR table\n");
		return -EOPNOTSUPP;
	}
	p = (u8 *)hdr + sizeof(struct acpi_table_dmar);
	end = (u8 *)hdr + hdr->length;
	while (p + sizeof(*sub) <= end) {
		sub = (struct acpi_dmar_header *)p;
		if (sub->length < sizeof(*sub) || p + sub->length > end)
			break;
		if (sub->type == ACPI_DMAR_TYPE_HARDWARE_UNIT &&
		    sub->length >= sizeof(struct acpi_dmar_hardware_unit)) {
			struct acpi_dmar_hardware_unit *u = (void *)sub;

			if (!u->segment) {
				nr++;
				one = u->address;
				if (u->flags & ACPI_DMAR_INCLUDE_ALL) {
					nr_all++;
					all = u->address;
				}
			}
		}
		p += sub->length;
	}
	acpi_put_table(hdr);

	/* QEMU q35: one DRHD, with explicit device scopes (flags 0) */
	if (nr_all == 1)
		*base = all;
	else if (nr == 1)
		*base = one;
	else {
		pr_err("inject: %u DRHDs for segment 0 (%u INCLUDE_PCI_ALL): cannot tell which translates the OHCI\n",
		       nr, nr_all);
		return -EOPNOTSUPP;
	}
	return 0;
}

static u64 *dmagen_vtd_map(phys_addr_t pa)
{
	return memremap(pa, PAGE_SIZE, MEMREMAP_WB);
}

static void dmagen_vtd_put(struct dmagen_vtd *v)
{
	unsigned int i;

	for (i = 0; i < VTD_MAX_LEVELS; i++)
		if (v->pt[i])
			memunmap(v->pt[i]);
	if (v->ptbl)
		memunmap(v->ptbl);
	if (v->dir)
		memunmap(v->dir);
	if (v->ctx)
		memunmap(v->ctx);
	if (v->root)
		memunmap(v->root);
	if (v->regs)
		iounmap(v->regs);
}

/*
 * Walk the OHCI's page table (second-level, or first-stage: same present
 * bit, PS bit and address field) from @table down to the PTE that maps the
 * HCCA, checking that it maps the page the OHCI is known to write.
 */
static int dmagen_vtd_walk(struct dmagen_vtd *v, u64 table)
{
	struct dmagen_dev *o = dmagen_ohci;
	u64 iova, want, pte;
	unsigned int level, i;

	if (o->adv_page) {
		iova = o->adv_iova;
		want = page_to_phys(o->adv_page);
	} else {
		iova = o->iova;
		want = o->phys & PAGE_MASK;
	}
	for (level = v->levels, i = 0; level; level--, i++) {
		u64 *t = dmagen_vtd_map(table);

		if (!t)
			return -ENOMEM;
		v->pt[i] = t;
		if (!i) {
			unsigned int j;

			for (j = 0; j < 512 && !v->top_entry; j++)
				if (t[j] & VTD_SL_RW)
					v->top_entry = &t[j];
		}
		pte = t[(iova >> (12 + 9 * (level - 1))) & 511];
		if (!(pte & VTD_SL_RW)) {
			pr_err("inject: HCCA IOVA 0x%llx not mapped at level %u\n", iova, level);
			return -ENOENT;
		}
		if (level == 1)
			break;
		if (pte & VTD_SL_PS) {
			pr_err("inject: HCCA IOVA 0x%llx in a large page\n", iova);
			return -EOPNOTSUPP;
		}
		table = pte & VTD_ADDR;
	}
	v->leaf = &v->pt[i][(iova >> 12) & 511];
	if ((*v->leaf & VTD_ADDR) != want) {
		pr_err("inject: HCCA IOVA 0x%llx maps 0x%llx, not 0x%llx: wrong tables\n",
		       iova, *v->leaf & VTD_ADDR, want);
		return -EIO;
	}
	return 0;
}

/*
 * Scalable mode (VT-d spec 9.2, 9.4-9.7): the root entry half of the
 * OHCI's device function, its 256-bit context entry, PASID directory
 * entry 0 and PASID table entry 0 (RID_PASID 0, as Linux sets it up), then
 * the first- or second-stage table that entry points to.
 */
static int dmagen_vtd_get_sm(struct dmagen_vtd *v, enum dmagen_inject cls)
{
	unsigned int pgtt;
	u64 table;

	v->root_half = &v->root[2 * v->bus + (v->devfn >= 0x80)];
	if (!(*v->root_half & VTD_P)) {
		pr_err("inject: root entry of bus %02x devfn %02x not present\n",
		       v->bus, v->devfn);
		return -ENOENT;
	}
	v->ctx = dmagen_vtd_map(*v->root_half & VTD_ADDR);
	if (!v->ctx)
		return -ENOMEM;
	v->ce = &v->ctx[4 * (v->devfn & 0x7f)];
	if (!(v->ce[0] & VTD_P) || (v->ce[1] & GENMASK_ULL(19, 0))) {
		pr_err("inject: OHCI scalable-mode context entry 0x%016llx%016llx: not present or RID_PASID not 0\n",
		       v->ce[1], v->ce[0]);
		return -ENOENT;
	}
	v->dir = dmagen_vtd_map(v->ce[0] & VTD_ADDR);
	if (!v->dir)
		return -ENOMEM;
	if (!(v->dir[0] & VTD_P)) {
		pr_err("inject: OHCI PASID directory entry 0 not present\n");
		return -ENOENT;
	}
	v->ptbl = dmagen_vtd_map(v->dir[0] & VTD_ADDR);
	if (!v->ptbl)
		return -ENOMEM;
	v->pe = &v->ptbl[0];
	pgtt = (v->pe[0] >> 6) & 7;
	if (!(v->pe[0] & VTD_P) || (pgtt != 1 && pgtt != 2)) {
		pr_err("inject: OHCI PASID entry 0x%016llx: not present or not first/second stage\n",
		       v->pe[0]);
		return -ENOENT;
	}
	if (pgtt == 1) {
		v->pt_ptr = &v->pe[2];
		v->levels = ((v->pe[2] >> 2) & 3) ? 5 : 4;
	} else {
		v->pt_ptr = &v->pe[0];
		v->levels = ((v->pe[0] >> 2) & 7) + 2;
	}
	if (v->levels < 3 || v->levels > VTD_MAX_LEVELS)
		return -EOPNOTSUPP;
	table = *v->pt_ptr & VTD_ADDR;
	return dmagen_vtd_walk(v, table);
}

/*
 * Find the unit's registers and, for legacy-mode classes, the OHCI's
 * context entry and the PTE that maps its HCCA, checking that it maps the
 * page the OHCI is known to write (so these are the right tables).
 */
static int dmagen_vtd_get(struct dmagen_vtd *v, enum dmagen_inject cls)
{
	struct dmagen_dev *o = dmagen_ohci;
	int ret;

	ret = dmagen_vtd_find_drhd(&v->base);
	if (ret)
		return ret;
	v->regs = ioremap(v->base, VTD_REG_SIZE);
	if (!v->regs)
		return -ENOMEM;
	v->cap = readq(v->regs + VTD_REG_CAP);
	v->ecap = readq(v->regs + VTD_REG_ECAP);
	v->rtaddr = readq(v->regs + VTD_REG_RTADDR);
	if (!(readl(v->regs + VTD_REG_GSTS) & BIT(31))) {
		pr_err("inject: DMAR unit at %pa is not translating\n", &v->base);
		return -EOPNOTSUPP;
	}
	if (cls == INJ_ROOT_CAPTURE || cls == INJ_ROOT_PAST_RAM)
		return 0;

	if (!(v->rtaddr & VTD_RTADDR_SMT) != (cls < INJ_SM_CTX_RSVD)) {
		pr_err("inject: %s needs %s mode; RTADDR is 0x%llx\n",
		       inject_names[cls],
		       cls < INJ_SM_CTX_RSVD ? "legacy" : "scalable",
		       v->rtaddr);
		return -EOPNOTSUPP;
	}
	if (!o) {
		pr_err("inject: %s needs the OHCI bound (kdump_dmagen.ohci=)\n",
		       inject_names[cls]);
		return -ENODEV;
	}
	v->bus = o->pdev->bus->number;
	v->devfn = o->pdev->devfn;
	if (pci_domain_nr(o->pdev->bus)) {
		pr_err("inject: OHCI not in PCI segment 0\n");
		return -EOPNOTSUPP;
	}

	v->root = dmagen_vtd_map(v->rtaddr & VTD_ADDR);
	if (!v->root)
		return -ENOMEM;
	if (v->rtaddr & VTD_RTADDR_SMT)
		return dmagen_vtd_get_sm(v, cls);
	if (!(v->root[2 * v->bus] & VTD_P)) {
		pr_err("inject: root entry of bus %02x not present\n", v->bus);
		return -ENOENT;
	}
	v->ctx = dmagen_vtd_map(v->root[2 * v->bus] & VTD_ADDR);
	if (!v->ctx)
		return -ENOMEM;
	v->ce = &v->ctx[2 * v->devfn];
	if (!(v->ce[0] & VTD_P) ||
	    FIELD_GET(VTD_CTX_TT, v->ce[0]) == 2) {
		pr_err("inject: OHCI context entry 0x%016llx%016llx: not present or pass-through\n",
		       v->ce[1], v->ce[0]);
		return -ENOENT;
	}
	v->levels = FIELD_GET(VTD_CTX_AW, v->ce[1]) + 2;
	if (v->levels < 3 || v->levels > VTD_MAX_LEVELS) {
		pr_err("inject: OHCI context entry AW %u unsupported\n", v->levels - 2);
		return -EOPNOTSUPP;
	}

	v->pt_ptr = &v->ce[0];
	return dmagen_vtd_walk(v, v->ce[0] & VTD_ADDR);
}

/* Change one old table entry and make it visible to a non-coherent unit. */
static void dmagen_vtd_set(struct dmagen_vtd *v, u64 *entry, u64 val,
			   enum dmagen_inject cls, const char *what)
{
	phys_addr_t pa = virt_addr_valid(entry) ? virt_to_phys(entry) : 0;
	u64 old = READ_ONCE(*entry);

	WRITE_ONCE(*entry, val);
	if (!VTD_ECAP_C(v->ecap))
		clflush_cache_range(entry, sizeof(*entry));
	pr_info("inject %s: DMAR %pa: %s at %pa: 0x%016llx -> 0x%016llx\n",
		inject_names[cls], &v->base, what, &pa, old, val);
}

/* Program a new root table address, as the 6.1 driver does. */
/*
 * Corrupt the RTADDR register only, without SRTP: the unit keeps using the
 * root table it latched (the devices keep working until the panic and
 * after), while a capture kernel that reads RTADDR finds the bad pointer.
 * Software cannot tell the two apart; the capture kernel must refuse the
 * pointer and install its own root table with SRTP.
 */
static int dmagen_vtd_set_root(struct dmagen_vtd *v, u64 rtaddr,
			       enum dmagen_inject cls)
{
	writeq(rtaddr, v->regs + VTD_REG_RTADDR);
	pr_info("inject %s: DMAR %pa: RTADDR register 0x%016llx -> 0x%016llx (no SRTP)\n",
		inject_names[cls], &v->base, v->rtaddr,
		readq(v->regs + VTD_REG_RTADDR));
	return 0;
}

/* An address below MGAW and past the end of RAM. */
static int dmagen_vtd_past_ram(struct dmagen_vtd *v, u64 *pa)
{
	u64 addr = BIT_ULL(VTD_CAP_MGAW(v->cap) - 1);

	if (addr < PFN_PHYS(max_pfn) || addr & VTD_SL_RW) {
		pr_err("inject: no address below MGAW %llu past RAM end 0x%llx\n",
		       VTD_CAP_MGAW(v->cap), (u64)PFN_PHYS(max_pfn));
		return -EOPNOTSUPP;
	}
	*pa = addr;
	return 0;
}

/*
 * Locate what @cls corrupts and check it can be done; with @apply, do it.
 * The canary page (the middle of the crash kernel reservation, checked
 * against the loaded segments) is the "page in capture memory" every
 * *-capture class points at: the capture kernel reserves it and fills it
 * with 0xa5, so a unit that ever walked it would find reserved bits set,
 * and a device that ever wrote it would show in canary_bytes.
 */
static int dmagen_vtd_inject(enum dmagen_inject cls, bool apply)
{
	phys_addr_t canary = dmagen_canary_proposal();
	struct dmagen_vtd v = {};
	u64 val, pa = 0;
	u32 sagaw;
	int ret, aw;

	switch (cls) {
	case INJ_PT_CAPTURE:
	case INJ_LEAF_CAPTURE:
	case INJ_CTX_PTR_CAPTURE:
	case INJ_ROOT_CAPTURE:
	case INJ_SM_DIR_CAPTURE:
	case INJ_SM_PT_CAPTURE:
	case INJ_SM_LEAF_CAPTURE:
		ret = dmagen_check_canary(canary);
		if (ret)
			return ret;
		pa = canary;
		break;
	default:
		break;
	}

	ret = dmagen_vtd_get(&v, cls);
	if (ret)
		goto out;

	switch (cls) {
	case INJ_CTX_RSVD:
		if (apply)
			dmagen_vtd_set(&v, &v.ce[1], v.ce[1] | VTD_CTX_RSVD_HI_BIT,
				       cls, "OHCI context entry hi");
		break;
	case INJ_CTX_WIDTH:
		if (apply)
			dmagen_vtd_set(&v, &v.ce[1], (v.ce[1] & ~VTD_CTX_AW) | 4,
				       cls, "OHCI context entry hi");
		break;
	case INJ_CTX_WIDTH_SAGAW:
		sagaw = VTD_CAP_SAGAW(v.cap);
		for (aw = 1; aw <= 3 && (sagaw & BIT(aw)); aw++)
			;
		if (aw > 3) {
			pr_err("inject: SAGAW 0x%x supports every defined AW\n", sagaw);
			ret = -EOPNOTSUPP;
			break;
		}
		if (apply)
			dmagen_vtd_set(&v, &v.ce[1], (v.ce[1] & ~VTD_CTX_AW) | aw,
				       cls, "OHCI context entry hi");
		break;
	case INJ_CTX_TT:
		if (apply)
			dmagen_vtd_set(&v, &v.ce[0], v.ce[0] | VTD_CTX_TT,
				       cls, "OHCI context entry lo");
		break;
	case INJ_CTX_DID:
		/* DID is 16 bits: out of range only if ND < 6, or 0 with CM */
		if (VTD_CAP_CM(v.cap)) {
			val = 0;
		} else if ((1ULL << (4 + 2 * VTD_CAP_ND(v.cap))) <= 0xffff) {
			val = 1ULL << (4 + 2 * VTD_CAP_ND(v.cap));
		} else {
			pr_err("inject: cap ND %llu (65536 domains) and no caching mode: every 16-bit DID is valid\n",
			       VTD_CAP_ND(v.cap));
			ret = -EOPNOTSUPP;
			break;
		}
		if (apply)
			dmagen_vtd_set(&v, &v.ce[1],
				       (v.ce[1] & ~VTD_CTX_DID) |
				       FIELD_PREP(VTD_CTX_DID, val),
				       cls, "OHCI context entry hi");
		break;
	case INJ_PT_PAST_RAM:
		ret = dmagen_vtd_past_ram(&v, &pa);
		if (ret)
			break;
		fallthrough;
	case INJ_PT_CAPTURE:
		if (apply)
			dmagen_vtd_set(&v, &v.ce[0], (v.ce[0] & ~VTD_ADDR) | pa,
				       cls, "OHCI context entry lo (SLPTPTR)");
		break;
	case INJ_PT_LOOP:
		if (apply)
			dmagen_vtd_set(&v, v.top_entry, (*v.top_entry & ~VTD_ADDR) |
				       (v.ce[0] & VTD_ADDR), cls,
				       "OHCI top-level PTE");
		break;
	case INJ_PT_RSVD:
		if (apply)
			dmagen_vtd_set(&v, v.leaf, *v.leaf | VTD_SL_RSVD_BIT,
				       cls, "OHCI HCCA leaf PTE");
		break;
	case INJ_LEAF_CAPTURE:
		if (apply) {
			dmagen_vtd_set(&v, v.leaf, (*v.leaf & ~VTD_ADDR) | pa,
				       cls, "OHCI HCCA leaf PTE");
			dmagen_inject_hcca_phys = pa;
		}
		break;
	case INJ_CTX_PTR_CAPTURE:
		if (apply)
			dmagen_vtd_set(&v, &v.root[2 * v.bus],
				       (v.root[2 * v.bus] & ~VTD_ADDR) | pa, cls,
				       "OHCI bus root entry lo");
		break;
	case INJ_SM_CTX_RSVD:
		if (apply)
			dmagen_vtd_set(&v, &v.ce[0], v.ce[0] | BIT_ULL(5), cls,
				       "OHCI scalable-mode context entry lo");
		break;
	case INJ_SM_DIR_CAPTURE:
		if (apply)
			dmagen_vtd_set(&v, &v.ce[0], (v.ce[0] & ~VTD_ADDR) | pa, cls,
				       "OHCI scalable-mode context entry lo (PASIDDIRPTR)");
		break;
	case INJ_SM_PDE_RSVD:
		if (apply)
			dmagen_vtd_set(&v, &v.dir[0], v.dir[0] | BIT_ULL(2), cls,
				       "OHCI PASID directory entry 0");
		break;
	case INJ_SM_PE_RSVD:
		if (apply)
			dmagen_vtd_set(&v, &v.pe[3], v.pe[3] | 1, cls,
				       "OHCI PASID entry qword 3");
		break;
	case INJ_SM_PT_CAPTURE:
		if (apply)
			dmagen_vtd_set(&v, v.pt_ptr, (*v.pt_ptr & ~VTD_ADDR) | pa,
				       cls, "OHCI PASID entry page-table pointer");
		break;
	case INJ_SM_PT_LOOP:
		if (apply)
			dmagen_vtd_set(&v, v.top_entry, (*v.top_entry & ~VTD_ADDR) |
				       (*v.pt_ptr & VTD_ADDR), cls,
				       "OHCI top-level PTE");
		break;
	case INJ_SM_PT_RSVD:
		if (apply)
			dmagen_vtd_set(&v, v.leaf, *v.leaf | VTD_SL_RSVD_BIT,
				       cls, "OHCI HCCA leaf PTE");
		break;
	case INJ_SM_LEAF_CAPTURE:
		if (apply) {
			dmagen_vtd_set(&v, v.leaf, (*v.leaf & ~VTD_ADDR) | pa,
				       cls, "OHCI HCCA leaf PTE");
			dmagen_inject_hcca_phys = pa;
		}
		break;
	case INJ_ROOT_PAST_RAM:
		ret = dmagen_vtd_past_ram(&v, &pa);
		if (ret)
			break;
		fallthrough;
	case INJ_ROOT_CAPTURE:
		if (apply)
			ret = dmagen_vtd_set_root(&v, (v.rtaddr & ~VTD_ADDR) | pa, cls);
		break;
	default:
		ret = -EINVAL;
		break;
	}
out:
	dmagen_vtd_put(&v);
	return ret;
}

#else /* !DMAGEN_HAVE_VTD_INJECT */

static int dmagen_vtd_inject(enum dmagen_inject cls, bool apply)
{
	pr_err("inject: %s needs x86 with CONFIG_INTEL_IOMMU and CONFIG_ACPI\n",
	       inject_names[cls]);
	return -EOPNOTSUPP;
}

#endif /* DMAGEN_HAVE_VTD_INJECT */

#ifdef DMAGEN_HAVE_AMD_INJECT

/* AMD-Vi registers and table formats (AMD IOMMU spec 3.4, 2.2.2, 2.2.3) */
#define AMD_REG_DEVTAB		0x00
#define AMD_REG_CONTROL		0x18
#define AMD_REG_SIZE		0x4000
#define  AMD_CONTROL_EN		BIT_ULL(0)
#define AMD_ADDR		GENMASK_ULL(51, 12)
#define AMD_DTE_V		BIT_ULL(0)
#define AMD_DTE_TV		BIT_ULL(1)
#define AMD_DTE_MODE		GENMASK_ULL(11, 9)
#define AMD_DTE_GV		BIT_ULL(55)
#define AMD_DTE1_DOMID		GENMASK_ULL(15, 0)
#define AMD_DTE1_RSVD_BIT	BIT_ULL(42)
#define AMD_DTE2_IV		BIT_ULL(0)
#define AMD_DTE2_LEN		GENMASK_ULL(4, 1)
#define AMD_DTE2_IRT		GENMASK_ULL(51, 6)
#define AMD_DTE2_INTCTL		GENMASK_ULL(61, 60)
#define AMD_PTE_PR		BIT_ULL(0)
#define AMD_PTE_NL		GENMASK_ULL(11, 9)
#define AMD_MAX_LEVELS		6

struct dmagen_amd {
	phys_addr_t base;	/* register base of the IVHD's unit */
	void __iomem *regs;
	u64 devtab;		/* device table base register */
	u64 *dt;		/* the OHCI's page of the device table */
	u64 *dte;		/* the OHCI's entry: dte[0..3] */
	unsigned int levels;
	u64 *pt[AMD_MAX_LEVELS];	/* page tables, top first */
	u64 *top_entry;		/* first present entry of the top-level table */
	u64 *leaf;		/* PTE mapping the OHCI's HCCA */
};

/* The register base of the first IVHD of segment 0 (QEMU has one). */
static int dmagen_amd_find_ivhd(phys_addr_t *base)
{
	struct acpi_table_header *hdr;
	unsigned int nr = 0;
	acpi_status status;
	u8 *p, *end;

	status = acpi_get_table(ACPI_SIG_IVRS, 0, &hdr);
	if (ACPI_FAILURE(status)) {
		pr_err("inject: no ACPI IVRS table\n");
		return -EOPNOTSUPP;
	}
	/* IVRS header: 36 bytes of ACPI header, IVinfo, 8 reserved bytes */
	p = (u8 *)hdr + 48;
	end = (u8 *)hdr + hdr->length;
	while (p + 24 <= end) {
		u16 len = get_unaligned_le16(p + 2);

		if (len < 24 || p + len > end)
			break;
		/* IVHD types 10h, 11h, 40h: base at 8, segment at 16 */
		if ((p[0] == 0x10 || p[0] == 0x11 || p[0] == 0x40) &&
		    !get_unaligned_le16(p + 16)) {
			if (!nr)
				*base = get_unaligned_le64(p + 8);
			/* several IVHD types may describe the same unit */
			if (get_unaligned_le64(p + 8) != *base)
				nr = 2;
			else
				nr = nr ?: 1;
		}
		p += len;
	}
	acpi_put_table(hdr);
	if (nr != 1) {
		pr_err("inject: %s IVHD units for segment 0: cannot tell which translates the OHCI\n",
		       nr ? "several" : "no");
		return -EOPNOTSUPP;
	}
	return 0;
}

static void dmagen_amd_put(struct dmagen_amd *a)
{
	unsigned int i;

	for (i = 0; i < AMD_MAX_LEVELS; i++)
		if (a->pt[i])
			memunmap(a->pt[i]);
	if (a->dt)
		memunmap(a->dt);
	if (a->regs)
		iounmap(a->regs);
}

/*
 * Find the unit, the OHCI's device table entry and the PTE that maps its
 * HCCA, checking that it maps the page the OHCI is known to write.
 */
static int dmagen_amd_get(struct dmagen_amd *a, enum dmagen_inject cls)
{
	struct dmagen_dev *o = dmagen_ohci;
	u64 iova, want, pte, table;
	unsigned int level, i, j;
	u16 devid;
	int ret;

	ret = dmagen_amd_find_ivhd(&a->base);
	if (ret)
		return ret;
	a->regs = ioremap(a->base, AMD_REG_SIZE);
	if (!a->regs)
		return -ENOMEM;
	a->devtab = readq(a->regs + AMD_REG_DEVTAB);
	if (!(readq(a->regs + AMD_REG_CONTROL) & AMD_CONTROL_EN)) {
		pr_err("inject: AMD-Vi unit at %pa is not translating\n", &a->base);
		return -EOPNOTSUPP;
	}
	if (cls == INJ_DEVTAB_CAPTURE || cls == INJ_DEVTAB_PAST_RAM)
		return 0;
	if (!o) {
		pr_err("inject: %s needs the OHCI bound (kdump_dmagen.ohci=)\n",
		       inject_names[cls]);
		return -ENODEV;
	}
	if (pci_domain_nr(o->pdev->bus)) {
		pr_err("inject: OHCI not in PCI segment 0\n");
		return -EOPNOTSUPP;
	}
	devid = pci_dev_id(o->pdev);
	if ((devid * 32ULL) >> 12 > (a->devtab & 0x1ff)) {
		pr_err("inject: device ID %#x beyond the device table\n", devid);
		return -ENOENT;
	}
	a->dt = memremap((a->devtab & AMD_ADDR) + ((devid * 32ULL) & ~0xfffULL),
			 PAGE_SIZE, MEMREMAP_WB);
	if (!a->dt)
		return -ENOMEM;
	a->dte = &a->dt[((devid * 32) & 0xfff) / 8];
	a->levels = FIELD_GET(AMD_DTE_MODE, a->dte[0]);
	if (!(a->dte[0] & AMD_DTE_V) || !(a->dte[0] & AMD_DTE_TV) ||
	    !a->levels || a->levels > AMD_MAX_LEVELS) {
		pr_err("inject: OHCI device table entry 0x%016llx: not translated through a page table\n",
		       a->dte[0]);
		return -ENOENT;
	}

	if (o->adv_page) {
		iova = o->adv_iova;
		want = page_to_phys(o->adv_page);
	} else {
		iova = o->iova;
		want = o->phys & PAGE_MASK;
	}
	table = a->dte[0] & AMD_ADDR;
	for (level = a->levels, i = 0; level; level--, i++) {
		u64 *t = memremap(table, PAGE_SIZE, MEMREMAP_WB);

		if (!t)
			return -ENOMEM;
		a->pt[i] = t;
		for (j = 0; !i && j < 512 && !a->top_entry; j++)
			if (t[j] & AMD_PTE_PR)
				a->top_entry = &t[j];
		pte = t[(iova >> (12 + 9 * (level - 1))) & 511];
		if (!(pte & AMD_PTE_PR)) {
			pr_err("inject: HCCA IOVA 0x%llx not mapped at level %u\n",
			       iova, level);
			return -ENOENT;
		}
		if (level == 1)
			break;
		if (FIELD_GET(AMD_PTE_NL, pte) != level - 1) {
			pr_err("inject: HCCA IOVA 0x%llx in a large page or skipped level\n",
			       iova);
			return -EOPNOTSUPP;
		}
		table = pte & AMD_ADDR;
	}
	a->leaf = &a->pt[i][(iova >> 12) & 511];
	if ((*a->leaf & AMD_ADDR) != want) {
		pr_err("inject: HCCA IOVA 0x%llx maps 0x%llx, not 0x%llx: wrong tables\n",
		       iova, *a->leaf & AMD_ADDR, want);
		return -EIO;
	}
	return 0;
}

/* Change one old table entry (AMD-Vi snoops the tables: no flush). */
static void dmagen_amd_set(struct dmagen_amd *a, u64 *entry, u64 val,
			   enum dmagen_inject cls, const char *what)
{
	phys_addr_t pa = virt_addr_valid(entry) ? virt_to_phys(entry) : 0;
	u64 old = READ_ONCE(*entry);

	WRITE_ONCE(*entry, val);
	pr_info("inject %s: AMD-Vi %pa: %s at %pa: 0x%016llx -> 0x%016llx\n",
		inject_names[cls], &a->base, what, &pa, old, val);
}

/*
 * Locate what @cls corrupts and check it can be done; with @apply, do it.
 * QEMU's AMD-Vi model does not cache device table entries (only
 * translations, per device and page), so the OHCI's DMA meets most of these
 * corruptions at once and may stop before the panic: the scenarios assert
 * what the capture kernel does, not what the OHCI did meanwhile.
 */
static int dmagen_amd_inject(enum dmagen_inject cls, bool apply)
{
	phys_addr_t canary = dmagen_canary_proposal();
	struct dmagen_amd a = {};
	u64 pa = 0, val;
	int ret;

	switch (cls) {
	case INJ_DTE_PT_CAPTURE:
	case INJ_DTE_LEAF_CAP:
	case INJ_DTE_IRT_CAP:
	case INJ_DEVTAB_CAPTURE:
		ret = dmagen_check_canary(canary);
		if (ret)
			return ret;
		pa = canary;
		break;
	case INJ_DTE_PT_PAST_RAM:
	case INJ_DEVTAB_PAST_RAM:
		/* Below QEMU's 40 physical address bits, above any lab RAM. */
		pa = BIT_ULL(39);
		if (pa < PFN_PHYS(max_pfn))
			return -EOPNOTSUPP;
		break;
	default:
		break;
	}

	ret = dmagen_amd_get(&a, cls);
	if (ret || !apply)
		goto out;

	switch (cls) {
	case INJ_DTE_RSVD:
		dmagen_amd_set(&a, &a.dte[1], a.dte[1] | AMD_DTE1_RSVD_BIT, cls,
			       "OHCI DTE[1]");
		break;
	case INJ_DTE_MODE7:
		dmagen_amd_set(&a, &a.dte[0], a.dte[0] | AMD_DTE_MODE, cls,
			       "OHCI DTE[0]");
		break;
	case INJ_DTE_GV:
		dmagen_amd_set(&a, &a.dte[0], a.dte[0] | AMD_DTE_GV, cls,
			       "OHCI DTE[0]");
		break;
	case INJ_DTE_DOMID0:
		dmagen_amd_set(&a, &a.dte[1], a.dte[1] & ~AMD_DTE1_DOMID, cls,
			       "OHCI DTE[1]");
		break;
	case INJ_DTE_PT_CAPTURE:
	case INJ_DTE_PT_PAST_RAM:
		dmagen_amd_set(&a, &a.dte[0], (a.dte[0] & ~AMD_ADDR) | pa, cls,
			       "OHCI DTE[0] (page-table root)");
		break;
	case INJ_DTE_PT_LOOP:
		dmagen_amd_set(&a, a.top_entry, (*a.top_entry & ~AMD_ADDR) |
			       (a.dte[0] & AMD_ADDR), cls, "OHCI top-level PTE");
		break;
	case INJ_DTE_LEAF_CAP:
		dmagen_amd_set(&a, a.leaf, (*a.leaf & ~AMD_ADDR) | pa, cls,
			       "OHCI HCCA leaf PTE");
		dmagen_inject_hcca_phys = pa;
		break;
	case INJ_DTE_IRT_CAP:
		val = a.dte[2] & ~(AMD_DTE2_IRT | AMD_DTE2_INTCTL | AMD_DTE2_LEN);
		val |= pa | FIELD_PREP(AMD_DTE2_INTCTL, 2) |
		       FIELD_PREP(AMD_DTE2_LEN, 8) | AMD_DTE2_IV;
		dmagen_amd_set(&a, &a.dte[2], val, cls, "OHCI DTE[2] (IRT)");
		break;
	case INJ_DEVTAB_CAPTURE:
	case INJ_DEVTAB_PAST_RAM:
		/* keep the size field: only the base moves */
		writeq((a.devtab & ~AMD_ADDR) | pa, a.regs + AMD_REG_DEVTAB);
		pr_info("inject %s: AMD-Vi %pa: device table register 0x%016llx -> 0x%016llx\n",
			inject_names[cls], &a.base, a.devtab,
			readq(a.regs + AMD_REG_DEVTAB));
		break;
	default:
		ret = -EINVAL;
		break;
	}
out:
	dmagen_amd_put(&a);
	return ret;
}

#else /* !DMAGEN_HAVE_AMD_INJECT */

static int dmagen_amd_inject(enum dmagen_inject cls, bool apply)
{
	pr_err("inject: %s needs x86 with CONFIG_AMD_IOMMU and CONFIG_ACPI\n",
	       inject_names[cls]);
	return -EOPNOTSUPP;
}

#endif /* DMAGEN_HAVE_AMD_INJECT */

#ifdef DMAGEN_HAVE_SMMU_INJECT

/* SMMUv3 registers and structures (IHI 0070, 6.2 and chapter 5) */
#define SMMU_REG_CR0		0x20
#define  SMMU_CR0_SMMUEN	BIT(0)
#define SMMU_REG_STRTAB_BASE	0x80
#define SMMU_REG_STRTAB_CFG	0x88
#define SMMU_REG_SIZE		0x1000
#define SMMU_ADDR6		GENMASK_ULL(51, 6)
#define SMMU_ADDR4		GENMASK_ULL(51, 4)
#define SMMU_LP_ADDR		GENMASK_ULL(47, 12)
#define SMMU_CFG_LOG2SIZE	GENMASK(5, 0)
#define SMMU_CFG_SPLIT		GENMASK(10, 6)
#define SMMU_CFG_FMT		GENMASK(17, 16)
#define SMMU_L1_SPAN		GENMASK_ULL(4, 0)
#define SMMU_STE_CFG		GENMASK_ULL(3, 1)
#define SMMU_STE_CFG_S1		5
#define SMMU_STE_CDMAX		GENMASK_ULL(63, 59)
#define SMMU_CD_T0SZ		GENMASK_ULL(5, 0)
#define SMMU_CD_TG0		GENMASK_ULL(7, 6)
#define SMMU_CD_EPD1		BIT_ULL(30)
#define SMMU_LP_VALID		BIT_ULL(0)
#define SMMU_LP_TABLE		BIT_ULL(1)
#define SMMU_LP_RSVD_BIT	BIT_ULL(49)
#define SMMU_MAX_LEVELS		4

struct dmagen_smmu {
	phys_addr_t base;
	void __iomem *regs;
	u64 strtab;
	u32 cfg;
	u64 *l1;		/* 2-level: the OHCI's level-1 descriptor */
	u64 *ste;		/* the OHCI's STE */
	u64 *cd;		/* its only CD */
	unsigned int levels;
	u64 *pt[SMMU_MAX_LEVELS];	/* page tables, top first */
	u64 *top_entry;
	u64 *leaf;
};

static void dmagen_smmu_unmap(void *p)
{
	memunmap((void *)((unsigned long)p & PAGE_MASK));
}

static void dmagen_smmu_put(struct dmagen_smmu *m)
{
	unsigned int i;

	for (i = 0; i < SMMU_MAX_LEVELS; i++)
		if (m->pt[i])
			memunmap(m->pt[i]);
	if (m->cd)
		dmagen_smmu_unmap(m->cd);
	if (m->ste)
		dmagen_smmu_unmap(m->ste);
	if (m->l1)
		dmagen_smmu_unmap(m->l1);
	if (m->regs)
		iounmap(m->regs);
}

/* Map @len bytes of the first kernel's memory at @pa (page granular). */
static u64 *dmagen_smmu_map(u64 pa, size_t len)
{
	u8 *p = memremap(pa & PAGE_MASK, len + offset_in_page(pa), MEMREMAP_WB);

	return p ? (u64 *)(p + offset_in_page(pa)) : NULL;
}

static int dmagen_smmu_get(struct dmagen_smmu *m, enum dmagen_inject cls)
{
	struct dmagen_dev *o = dmagen_ohci;
	struct device_node *np;
	struct resource res;
	u64 iova, want, pte, table;
	unsigned int level, i, j, split;
	u32 sid;
	int ret;

	np = of_find_compatible_node(NULL, NULL, "arm,smmu-v3");
	if (!np) {
		pr_err("inject: no arm,smmu-v3 node\n");
		return -ENODEV;
	}
	ret = of_address_to_resource(np, 0, &res);
	of_node_put(np);
	if (ret)
		return ret;
	m->base = res.start;
	m->regs = ioremap(m->base, SMMU_REG_SIZE);
	if (!m->regs)
		return -ENOMEM;
	if (!(readl(m->regs + SMMU_REG_CR0) & SMMU_CR0_SMMUEN)) {
		pr_err("inject: SMMU at %pa is not enabled\n", &m->base);
		return -EOPNOTSUPP;
	}
	m->strtab = readq(m->regs + SMMU_REG_STRTAB_BASE);
	m->cfg = readl(m->regs + SMMU_REG_STRTAB_CFG);
	if (cls == INJ_SMMU_STRTAB_CAP)
		return 0;
	if (!o) {
		pr_err("inject: %s needs the OHCI bound (kdump_dmagen.ohci=)\n",
		       inject_names[cls]);
		return -ENODEV;
	}
	/* QEMU's virt: the PCI host bridge's iommu-map is the identity. */
	sid = pci_dev_id(o->pdev);
	if (FIELD_GET(SMMU_CFG_FMT, m->cfg) == 1) {
		split = FIELD_GET(SMMU_CFG_SPLIT, m->cfg);
		m->l1 = dmagen_smmu_map((m->strtab & SMMU_ADDR6) +
					(sid >> split) * 8ULL, 8);
		if (!m->l1)
			return -ENOMEM;
		if (!FIELD_GET(SMMU_L1_SPAN, *m->l1)) {
			pr_err("inject: no level-2 table for stream %#x\n", sid);
			return -ENOENT;
		}
		m->ste = dmagen_smmu_map((*m->l1 & SMMU_ADDR6) +
					 (sid & (BIT(split) - 1)) * 64ULL, 64);
	} else {
		m->ste = dmagen_smmu_map((m->strtab & SMMU_ADDR6) + sid * 64ULL,
					 64);
	}
	if (!m->ste)
		return -ENOMEM;
	if (!(m->ste[0] & 1) ||
	    FIELD_GET(SMMU_STE_CFG, m->ste[0]) != SMMU_STE_CFG_S1 ||
	    FIELD_GET(SMMU_STE_CDMAX, m->ste[0])) {
		pr_err("inject: OHCI STE 0x%016llx: not stage 1 with one CD\n",
		       m->ste[0]);
		return -ENOENT;
	}
	m->cd = dmagen_smmu_map(m->ste[0] & SMMU_ADDR6, 64);
	if (!m->cd)
		return -ENOMEM;
	if (FIELD_GET(SMMU_CD_TG0, m->cd[0])) {
		pr_err("inject: OHCI CD: not a 4 KiB granule\n");
		return -EOPNOTSUPP;
	}
	m->levels = DIV_ROUND_UP(64 - FIELD_GET(SMMU_CD_T0SZ, m->cd[0]) - 12,
				 9);
	if (m->levels < 2 || m->levels > SMMU_MAX_LEVELS)
		return -EOPNOTSUPP;

	if (o->adv_page) {
		iova = o->adv_iova;
		want = page_to_phys(o->adv_page);
	} else {
		iova = o->iova;
		want = o->phys & PAGE_MASK;
	}
	table = m->cd[1] & SMMU_ADDR4;
	for (level = m->levels, i = 0; level; level--, i++) {
		u64 *t = memremap(table, PAGE_SIZE, MEMREMAP_WB);

		if (!t)
			return -ENOMEM;
		m->pt[i] = t;
		for (j = 0; !i && j < 512 && !m->top_entry; j++)
			if (t[j] & SMMU_LP_VALID)
				m->top_entry = &t[j];
		pte = t[(iova >> (12 + 9 * (level - 1))) & 511];
		if (!(pte & SMMU_LP_VALID)) {
			pr_err("inject: HCCA IOVA 0x%llx not mapped at level %u\n",
			       iova, level);
			return -ENOENT;
		}
		if (level == 1)
			break;
		if (!(pte & SMMU_LP_TABLE)) {
			pr_err("inject: HCCA IOVA 0x%llx in a block\n", iova);
			return -EOPNOTSUPP;
		}
		table = pte & SMMU_LP_ADDR;
	}
	m->leaf = &m->pt[i][(iova >> 12) & 511];
	if ((*m->leaf & SMMU_LP_ADDR) != want) {
		pr_err("inject: HCCA IOVA 0x%llx maps 0x%llx, not 0x%llx\n",
		       iova, *m->leaf & SMMU_LP_ADDR, want);
		return -ENOENT;
	}
	return 0;
}

static void dmagen_smmu_set(struct dmagen_smmu *m, u64 *entry, u64 val,
			    enum dmagen_inject cls, const char *what)
{
	u64 old = READ_ONCE(*entry);

	WRITE_ONCE(*entry, val);
	pr_info("inject %s: SMMU %pa: %s: 0x%016llx -> 0x%016llx\n",
		inject_names[cls], &m->base, what, old, val);
}

/*
 * Locate what @cls corrupts and check it can be done; with @apply, do it.
 * The entries are old RAM of this kernel, written through a cacheable
 * mapping: QEMU's SMMU reads guest memory coherently.
 */
static int dmagen_smmu_inject(enum dmagen_inject cls, bool apply)
{
	phys_addr_t canary = dmagen_canary_proposal();
	struct dmagen_smmu m = {};
	int ret;

	if (cls == INJ_SMMU_STE_CTX_CAP || cls == INJ_SMMU_CD_TTB0_CAP ||
	    cls == INJ_SMMU_LEAF_CAP || cls == INJ_SMMU_L2_CAP ||
	    cls == INJ_SMMU_STRTAB_CAP) {
		ret = dmagen_check_canary(canary);
		if (ret)
			return ret;
	}
	ret = dmagen_smmu_get(&m, cls);
	if (ret || !apply)
		goto out;

	switch (cls) {
	case INJ_SMMU_STE_CFG:
		dmagen_smmu_set(&m, &m.ste[0],
				(m.ste[0] & ~SMMU_STE_CFG) |
				FIELD_PREP(SMMU_STE_CFG, 1), cls, "OHCI STE[0]");
		break;
	case INJ_SMMU_STE_CTX_CAP:
		dmagen_smmu_set(&m, &m.ste[0], (m.ste[0] & ~SMMU_ADDR6) | canary,
				cls, "OHCI STE[0] (S1ContextPtr)");
		break;
	case INJ_SMMU_CD_TTB0_CAP:
		dmagen_smmu_set(&m, &m.cd[1], (m.cd[1] & ~SMMU_ADDR4) | canary,
				cls, "OHCI CD[1] (TTB0)");
		break;
	case INJ_SMMU_CD_TTB1:
		dmagen_smmu_set(&m, &m.cd[0], m.cd[0] & ~SMMU_CD_EPD1, cls,
				"OHCI CD[0] (EPD1)");
		break;
	case INJ_SMMU_PT_LOOP:
		dmagen_smmu_set(&m, m.top_entry, (*m.top_entry & ~SMMU_LP_ADDR) |
				(m.cd[1] & SMMU_LP_ADDR), cls,
				"OHCI top-level PTE");
		break;
	case INJ_SMMU_PT_RSVD:
		dmagen_smmu_set(&m, m.leaf, *m.leaf | SMMU_LP_RSVD_BIT, cls,
				"OHCI HCCA leaf PTE");
		break;
	case INJ_SMMU_LEAF_CAP:
		dmagen_smmu_set(&m, m.leaf, (*m.leaf & ~SMMU_LP_ADDR) | canary,
				cls, "OHCI HCCA leaf PTE");
		dmagen_inject_hcca_phys = canary;
		break;
	case INJ_SMMU_L2_CAP:
		if (!m.l1) {
			ret = -EOPNOTSUPP;
			break;
		}
		dmagen_smmu_set(&m, m.l1, (*m.l1 & ~SMMU_ADDR6) | canary, cls,
				"OHCI level-1 descriptor");
		break;
	case INJ_SMMU_STRTAB_CAP:
		/* RA and the other attribute bits stay: only the base moves. */
		writeq((m.strtab & ~SMMU_ADDR6) | canary,
		       m.regs + SMMU_REG_STRTAB_BASE);
		pr_info("inject %s: SMMU %pa: STRTAB_BASE 0x%016llx -> 0x%016llx\n",
			inject_names[cls], &m.base, m.strtab,
			readq(m.regs + SMMU_REG_STRTAB_BASE));
		break;
	default:
		ret = -EINVAL;
		break;
	}
out:
	dmagen_smmu_put(&m);
	return ret;
}

#else /* !DMAGEN_HAVE_SMMU_INJECT */

static int dmagen_smmu_inject(enum dmagen_inject cls, bool apply)
{
	pr_err("inject: %s needs arm64 with CONFIG_ARM_SMMU_V3 and OF\n",
	       inject_names[cls]);
	return -EOPNOTSUPP;
}

#endif /* DMAGEN_HAVE_SMMU_INJECT */

/* The injector of @cls's IOMMU. */
static int dmagen_inject(enum dmagen_inject cls, bool apply)
{
	if (cls >= INJ_SMMU_FIRST)
		return dmagen_smmu_inject(cls, apply);
	if (cls >= INJ_AMD_FIRST)
		return dmagen_amd_inject(cls, apply);
	return dmagen_vtd_inject(cls, apply);
}

/* ------------------------------------------------------------------ */
/* arm (first kernel) */

static int dmagen_arm(void)
{
	struct dmagen_dev *o = dmagen_ohci, *e = dmagen_edu;
	phys_addr_t canary = dmagen_canary_proposal();
	phys_addr_t rec = dmagen_record_phys();
	int ret;

	lockdep_assert_held(&dmagen_lock);

	if (dmagen_armed)
		return -EALREADY;
	if (ohci_mode != OHCI_MODE_OFF && !o)
		pr_warn("arm: ohci=%s but no OHCI bound\n", ohci_mode_names[ohci_mode]);
	if (edu_mode != EDU_MODE_OFF && !e)
		pr_warn("arm: edu=%s but no edu bound\n", edu_mode_names[edu_mode]);

	ret = dmagen_check_canary(canary);
	if (ret && (ret != -EOPNOTSUPP || ohci_mode == OHCI_MODE_ADVERSARIAL))
		return ret;
	dmagen_rec_set(&dmagen_rec.canary_phys, canary);

	if (e && !dmagen_edu_wait_idle(e, 200)) {
		dev_err(&e->pdev->dev, "arm: edu DMA engine busy\n");
		return -EBUSY;
	}

	if (o && ohci_mode == OHCI_MODE_ADVERSARIAL) {
		ret = dmagen_ohci_adversarial(o, canary);
		if (ret)
			return ret;
		dmagen_rec_set(&dmagen_rec.ohci_buf_phys, o->adv_identity ?
			       o->adv_iova : page_to_phys(o->adv_page));
		dmagen_rec_set(&dmagen_rec.ohci_iova, o->adv_iova);
	}

	if (o && bulk) {
		ret = dmagen_bulk_map(o);
		if (ret)
			return ret;
	}

	/*
	 * Last change to the IOMMU tables: after it, the old kernel must not
	 * map anything (its own page-table walks could meet the corruption).
	 */
	if (dmagen_inject_class != INJ_NONE) {
		ret = dmagen_inject(dmagen_inject_class, true);
		if (ret) {
			pr_err("arm: inject %s failed: %d\n",
			       inject_names[dmagen_inject_class], ret);
			return ret;
		}
		strscpy(dmagen_rec.inject, inject_names[dmagen_inject_class],
			sizeof(dmagen_rec.inject));
	}

	/* device buffer -> RAM, lands ~100 ms later: in the capture kernel */
	if (e)
		dmagen_edu_dma(e, EDU_DEV_BUF, e->iova, EDU_CMD_RUN | EDU_CMD_TO_RAM);

	if (o)
		dmagen_rec_set(&dmagen_rec.ohci_frame_at_arm, dmagen_ohci_frame(o));
	/* the record must be complete before it is marked armed */
	wmb();
	dmagen_rec_set(&dmagen_rec.armed, 1);
	dmagen_armed = true;
	pr_info("armed: record %pa canary %pa ohci=%s edu=%s inject=%s\n", &rec, &canary,
		o ? ohci_mode_names[ohci_mode] : "off", e ? edu_mode_names[edu_mode] : "off",
		inject_names[dmagen_inject_class]);
	return 0;
}

/* ------------------------------------------------------------------ */
/* reset (capture kernel) */

static void dmagen_device_reset_done(struct dmagen_dev *dg)
{
#ifdef DMAGEN_HAVE_KDUMP_RESET_DONE
	iommu_kdump_device_reset_done(&dg->pdev->dev);
#endif
}

static void dmagen_reset(void)
{
	struct dmagen_dev *o = dmagen_ohci, *e = dmagen_edu;

	lockdep_assert_held(&dmagen_lock);

	if (o) {
		dmagen_ohci_hc_reset(o);
		dmagen_device_reset_done(o);
	}
	if (e) {
		/* one-shot engine: just let a pending DMA finish */
		if (!dmagen_edu_wait_idle(e, 500))
			dev_warn(&e->pdev->dev, "edu DMA still pending\n");
		dmagen_device_reset_done(e);
	}
	dmagen_reset_done = true;
}

/* ------------------------------------------------------------------ */
/* debugfs */

static void dmagen_report_first(struct seq_file *m)
{
	struct dmagen_dev *o = dmagen_ohci, *e = dmagen_edu;

	seq_puts(m, "kernel=first\n");
	seq_printf(m, "ohci_mode=%s\n", ohci_mode_names[ohci_mode]);
	seq_printf(m, "ohci_bound=%d\n", !!o);
	if (o) {
		const u8 *hcca = o->adv_page ? page_address(o->adv_page) : o->buf;

		seq_printf(m, "ohci_iova=0x%llx\n",
			   (unsigned long long)le64_to_cpu(READ_ONCE(dmagen_rec.ohci_iova)));
		seq_printf(m, "ohci_buf_phys=0x%llx\n",
			   (unsigned long long)le64_to_cpu(READ_ONCE(dmagen_rec.ohci_buf_phys)));
		seq_printf(m, "ohci_frame_now=%u\n", dmagen_ohci_frame(o));
		seq_printf(m, "ohci_hcca_frame=%u\n",
			   (unsigned int)READ_ONCE(hcca[OHCI_HCCA_FRAME]) |
			   (unsigned int)READ_ONCE(hcca[OHCI_HCCA_FRAME + 1]) << 8);
		seq_printf(m, "ohci_adversarial_verified=%d\n", o->adv_verified);
		seq_printf(m, "bulk_mapped=%u\nbulk_map_us=%u\n", o->bulk_mapped,
			   o->bulk_us);
	}
	seq_printf(m, "edu_mode=%s\n", edu_mode_names[edu_mode]);
	seq_printf(m, "edu_bound=%d\n", !!e);
	if (e) {
		seq_printf(m, "edu_loaded=%d\n", e->loaded);
		seq_printf(m, "edu_iova=0x%llx\n", (unsigned long long)e->iova);
		seq_printf(m, "edu_buf_phys=0x%llx\n", (unsigned long long)e->phys);
		seq_printf(m, "edu_len=%d\n", EDU_XFER_LEN);
		seq_printf(m, "edu_buf_bytes=%llu\n",
			   (unsigned long long)dmagen_count_nonzero(e->buf, EDU_BUF_LEN));
	}
	seq_printf(m, "canary_phys=0x%llx\n", (unsigned long long)dmagen_canary_proposal());
	seq_printf(m, "record_phys=0x%llx\n", (unsigned long long)dmagen_record_phys());
	seq_printf(m, "inject=%s\n", inject_names[dmagen_inject_class]);
	seq_printf(m, "inject_hcca_phys=%pa\n", &dmagen_inject_hcca_phys);
	seq_printf(m, "armed=%d\n", dmagen_armed);
}

static u64 dmagen_newbuf_bytes(struct dmagen_dev *dg)
{
	u64 n = 0;
	unsigned int i;

	if (!dg)
		return 0;
	for (i = 0; i < dg->nr_newbufs; i++)
		n += dmagen_count_nonzero(dg->newbuf[i], PAGE_SIZE);
	return n;
}

/* "0xIOVA,0xIOVA,..." of the new buffers, so the host can check aliasing. */
static void dmagen_report_newbuf_iovas(struct seq_file *m, const char *key,
				       struct dmagen_dev *dg)
{
	unsigned int i;

	seq_printf(m, "%s=", key);
	for (i = 0; dg && i < dg->nr_newbufs; i++)
		seq_printf(m, "%s0x%llx", i ? "," : "",
			   (unsigned long long)dg->newbuf_iova[i]);
	seq_putc(m, '\n');
}

static void dmagen_report_capture(struct seq_file *m)
{
	struct dmagen_dev *o = dmagen_ohci, *e = dmagen_edu;
	u64 on = dmagen_newbuf_bytes(o), en = dmagen_newbuf_bytes(e);

	seq_puts(m, "kernel=capture\n");
	seq_printf(m, "capture_mode=%s\n", capture_mode_names[capture_mode]);
	seq_printf(m, "ohci_bound=%d\n", !!o);
	seq_printf(m, "edu_bound=%d\n", !!e);
	seq_printf(m, "newbuf_bytes=%llu\n", (unsigned long long)(on + en));
	seq_printf(m, "ohci_newbuf_bytes=%llu\n", (unsigned long long)on);
	seq_printf(m, "edu_newbuf_bytes=%llu\n", (unsigned long long)en);
	dmagen_report_newbuf_iovas(m, "ohci_newbuf_iovas", o);
	dmagen_report_newbuf_iovas(m, "edu_newbuf_iovas", e);
	seq_printf(m, "canary_phys=0x%llx\n", (unsigned long long)dmagen_canary);
	seq_printf(m, "canary_state=%s\n", canary_state_names[dmagen_canary_state]);
	seq_printf(m, "canary_bytes=%lld\n", dmagen_canary_bytes());
	seq_printf(m, "reset_done=%d\n", dmagen_reset_done);
	if (o)
		seq_printf(m, "ohci_frame_now=%u\n", dmagen_ohci_frame(o));
}

static int report_show(struct seq_file *m, void *unused)
{
	mutex_lock(&dmagen_lock);
	if (is_kdump_kernel())
		dmagen_report_capture(m);
	else
		dmagen_report_first(m);
	mutex_unlock(&dmagen_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(report);

static int canary_show(struct seq_file *m, void *unused)
{
	phys_addr_t canary = dmagen_canary_proposal();

	if (!canary)
		return -ENODEV;
	seq_printf(m, "0x%llx\n", (unsigned long long)canary);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(canary);

static int record_show(struct seq_file *m, void *unused)
{
	seq_printf(m, "0x%llx\n", (unsigned long long)dmagen_record_phys());
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(record);

static ssize_t dmagen_cmd_write(const char __user *ubuf, size_t len, bool reset)
{
	bool val;
	int ret;

	ret = kstrtobool_from_user(ubuf, len, &val);
	if (ret)
		return ret;
	if (!val)
		return -EINVAL;

	mutex_lock(&dmagen_lock);
	if (reset) {
		dmagen_reset();
		ret = 0;
	} else {
		ret = dmagen_arm();
	}
	mutex_unlock(&dmagen_lock);
	return ret ?: len;
}

static ssize_t arm_write(struct file *file, const char __user *ubuf, size_t len,
			 loff_t *ppos)
{
	return dmagen_cmd_write(ubuf, len, false);
}

static ssize_t reset_write(struct file *file, const char __user *ubuf, size_t len,
			   loff_t *ppos)
{
	return dmagen_cmd_write(ubuf, len, true);
}

static int inject_show(struct seq_file *m, void *unused)
{
	mutex_lock(&dmagen_lock);
	seq_printf(m, "%s\n", inject_names[dmagen_inject_class]);
	mutex_unlock(&dmagen_lock);
	return 0;
}

static int inject_open(struct inode *inode, struct file *file)
{
	return single_open(file, inject_show, inode->i_private);
}

/*
 * Choose the fault "arm" injects as its last step, after checking that it
 * can be injected (tables found, class supported); "none" clears it.
 */
static ssize_t inject_write(struct file *file, const char __user *ubuf,
			    size_t len, loff_t *ppos)
{
	char buf[32];
	int cls, ret;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	cls = sysfs_match_string(inject_names, buf);
	if (cls < 0) {
		pr_err("inject: unknown class '%s'\n", strim(buf));
		return -EINVAL;
	}

	mutex_lock(&dmagen_lock);
	if (dmagen_armed)
		ret = -EALREADY;
	else if (cls == INJ_NONE)
		ret = 0;
	else
		ret = dmagen_inject(cls, false);
	if (!ret) {
		dmagen_inject_class = cls;
		pr_info("inject: %s will be injected at arm\n", inject_names[cls]);
	}
	mutex_unlock(&dmagen_lock);
	return ret ?: len;
}

static const struct file_operations inject_fops = {
	.owner = THIS_MODULE,
	.open = inject_open,
	.read = seq_read,
	.write = inject_write,
	.llseek = seq_lseek,
	.release = single_release,
};

static const struct file_operations arm_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = arm_write,
	.llseek = noop_llseek,
};

static const struct file_operations reset_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = reset_write,
	.llseek = noop_llseek,
};

/* ------------------------------------------------------------------ */
/* PCI driver */

static int dmagen_probe_capture(struct dmagen_dev *dg)
{
	struct device *dev = &dg->pdev->dev;
	unsigned int i, n;
	phys_addr_t phys;
	int ret;

	/* Do not reset the device and do not touch its registers here. */
	if (dg->kind == DMAGEN_OHCI) {
		ret = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(32));
		n = DMAGEN_OHCI_NEWBUFS;
	} else {
		ret = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(EDU_DMA_BITS));
		n = DMAGEN_EDU_NEWBUFS;
	}
	if (ret) {
		dev_err(dev, "cannot set DMA mask: %d\n", ret);
		return ret;
	}
	/* the first allocation triggers the IOMMU deferred attach */
	for (i = 0; i < n; i++) {
		dg->newbuf[i] = dmam_alloc_coherent(dev, PAGE_SIZE, &dg->newbuf_iova[i],
						    GFP_KERNEL);
		if (!dg->newbuf[i])
			return -ENOMEM;
		memset(dg->newbuf[i], 0, PAGE_SIZE);
		dg->nr_newbufs = i + 1;
		phys = dmagen_buf_phys(dev, dg->newbuf[i], dg->newbuf_iova[i]);
		dev_info(dev, "capture buffer %u: iova %pad phys %pa\n", i,
			 &dg->newbuf_iova[i], &phys);
	}
	return 0;
}

static int dmagen_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	enum dmagen_kind kind = id->driver_data;
	struct device *dev = &pdev->dev;
	struct dmagen_dev *dg;
	int ret;

	if (is_kdump_kernel()) {
		if (capture_mode != CAPTURE_BIND)
			return -ENODEV;
	} else if ((kind == DMAGEN_OHCI && ohci_mode == OHCI_MODE_OFF) ||
		   (kind == DMAGEN_EDU && edu_mode == EDU_MODE_OFF)) {
		return -ENODEV;
	}

	dg = devm_kzalloc(dev, sizeof(*dg), GFP_KERNEL);
	if (!dg)
		return -ENOMEM;
	dg->pdev = pdev;
	dg->kind = kind;

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;
	ret = pcim_iomap_regions(pdev, BIT(0), KBUILD_MODNAME);
	if (ret)
		return ret;
	dg->regs = pcim_iomap_table(pdev)[0];
	pci_set_drvdata(pdev, dg);

	if (is_kdump_kernel()) {
		ret = dmagen_probe_capture(dg);
		if (ret)
			return ret;
	} else {
		pci_set_master(pdev);
		ret = kind == DMAGEN_OHCI ? dmagen_ohci_start(dg) : dmagen_edu_start(dg);
		if (ret)
			return ret;
	}

	mutex_lock(&dmagen_lock);
	if (kind == DMAGEN_OHCI) {
		dmagen_ohci = dg;
		if (!is_kdump_kernel()) {
			dmagen_rec_set(&dmagen_rec.ohci_mode, ohci_mode);
			dmagen_rec_set(&dmagen_rec.ohci_buf_phys, dg->phys);
			dmagen_rec_set(&dmagen_rec.ohci_iova, dg->iova);
		}
	} else {
		dmagen_edu = dg;
		if (!is_kdump_kernel()) {
			dmagen_rec_set(&dmagen_rec.edu_mode, edu_mode);
			dmagen_rec_set(&dmagen_rec.edu_buf_phys, dg->phys);
			dmagen_rec_set(&dmagen_rec.edu_iova, dg->iova);
			dmagen_rec_set(&dmagen_rec.edu_len, EDU_XFER_LEN);
			dmagen_rec_set(&dmagen_rec.edu_seed, EDU_SEED);
		}
	}
	mutex_unlock(&dmagen_lock);
	return 0;
}

/* Stop the DMA before devres frees the buffers. */
static void dmagen_quiesce(struct dmagen_dev *dg)
{
	if (dg->kind == DMAGEN_OHCI)
		dmagen_ohci_stop(dg);
	else
		dmagen_edu_wait_idle(dg, 500);
}

static void dmagen_remove(struct pci_dev *pdev)
{
	struct dmagen_dev *dg = pci_get_drvdata(pdev);

	mutex_lock(&dmagen_lock);
	if (dmagen_ohci == dg)
		dmagen_ohci = NULL;
	if (dmagen_edu == dg)
		dmagen_edu = NULL;
	mutex_unlock(&dmagen_lock);
	if (!is_kdump_kernel())
		dmagen_quiesce(dg);
}

static void dmagen_shutdown(struct pci_dev *pdev)
{
	struct dmagen_dev *dg = pci_get_drvdata(pdev);

	/* not reached on panic; keeps an orderly reboot/kexec -e clean */
	if (dg && !is_kdump_kernel())
		dmagen_quiesce(dg);
}

static const struct pci_device_id dmagen_ids[] = {
	{ PCI_DEVICE(0x106b, 0x003f), .driver_data = DMAGEN_OHCI },	/* QEMU pci-ohci */
	{ PCI_DEVICE(0x1234, 0x11e8), .driver_data = DMAGEN_EDU },	/* QEMU edu */
	{ }
};
MODULE_DEVICE_TABLE(pci, dmagen_ids);

static struct pci_driver dmagen_driver = {
	.name = KBUILD_MODNAME,
	.id_table = dmagen_ids,
	.probe = dmagen_probe,
	.remove = dmagen_remove,
	.shutdown = dmagen_shutdown,
};

static int dmagen_parse_mode(const char *param, const char *val,
			     const char * const *names, size_t n)
{
	int ret = __sysfs_match_string(names, n, val ?: "");

	if (ret < 0) {
		pr_err("invalid %s=%s, using %s\n", param, val ?: "", names[0]);
		return 0;
	}
	return ret;
}

static int __init dmagen_init(void)
{
	phys_addr_t rec = dmagen_record_phys();
	int ret;

	ohci_mode = dmagen_parse_mode("ohci", ohci, ohci_mode_names,
				      ARRAY_SIZE(ohci_mode_names));
	edu_mode = dmagen_parse_mode("edu", edu, edu_mode_names, ARRAY_SIZE(edu_mode_names));
	capture_mode = dmagen_parse_mode("capture", capture, capture_mode_names,
					 ARRAY_SIZE(capture_mode_names));

	dmagen_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file("report", 0444, dmagen_dir, NULL, &report_fops);
	if (is_kdump_kernel()) {
		debugfs_create_file("reset", 0200, dmagen_dir, NULL, &reset_fops);
		pr_info("capture kernel: capture=%s canary=%pa (%s)\n",
			capture_mode_names[capture_mode], &dmagen_canary,
			canary_state_names[dmagen_canary_state]);
	} else {
		debugfs_create_file("canary", 0444, dmagen_dir, NULL, &canary_fops);
		debugfs_create_file("record", 0444, dmagen_dir, NULL, &record_fops);
		debugfs_create_file("arm", 0200, dmagen_dir, NULL, &arm_fops);
		debugfs_create_file("inject", 0600, dmagen_dir, NULL, &inject_fops);
		pr_info("TEST ONLY: ohci=%s edu=%s record at %pa\n",
			ohci_mode_names[ohci_mode], edu_mode_names[edu_mode], &rec);
	}

	ret = pci_register_driver(&dmagen_driver);
	if (ret)
		debugfs_remove_recursive(dmagen_dir);
	return ret;
}
module_init(dmagen_init);

static void __exit dmagen_exit(void)
{
	pci_unregister_driver(&dmagen_driver);
	debugfs_remove_recursive(dmagen_dir);
}
module_exit(dmagen_exit);

MODULE_DESCRIPTION("TEST ONLY: DMA generator for kdump/IOMMU crash tests");
MODULE_LICENSE("GPL");
