/*
 * The DMA API (linux/dma-mapping.h) on modlab's identity-mapped memory: a
 * DMA address is the physical address, which is the virtual address, and
 * x86 caches snoop DMA, so there is nothing to translate, bounce or sync.
 * What is left is to check addresses against the device's masks and to
 * hand out page-aligned coherent buffers.
 */
#include <linux/kernel.h>
#include <linux/export.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/mm.h>
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <modlab/mm.h>

/* Can a device with this mask reach [addr, addr + size)? */
static bool dma_reachable(u64 mask, dma_addr_t addr, size_t size)
{
	return size && (u64)addr + size - 1 <= mask;
}

/* The highest address of RAM plus one: a mask must cover all of it, since
 * modlab cannot place buffers low on request. */
static u64 ram_end(void)
{
	return (u64)page_alloc_max_pfn() * PAGE_SIZE;
}

int dma_set_mask(struct device *dev, u64 mask)
{
	if (!dev->dma_mask || mask < ram_end() - 1)
		return -EIO;
	*dev->dma_mask = mask;
	return 0;
}
EXPORT_SYMBOL(dma_set_mask);

int dma_set_coherent_mask(struct device *dev, u64 mask)
{
	if (mask < ram_end() - 1)
		return -EIO;
	dev->coherent_dma_mask = mask;
	return 0;
}
EXPORT_SYMBOL(dma_set_coherent_mask);

void *dma_alloc_attrs(struct device *dev, size_t size, dma_addr_t *dma_handle, gfp_t flag,
		      unsigned long attrs)
{
	u64 mask = dev->coherent_dma_mask ? dev->coherent_dma_mask : DMA_BIT_MASK(32);
	void *buf;

	if (!size)
		return NULL;
	buf = alloc_pages_exact(size, flag | __GFP_ZERO);
	if (!buf)
		return NULL;
	if (!dma_reachable(mask, (dma_addr_t)(uintptr_t)buf, size)) {
		dev_warn(dev, "no coherent memory under its DMA mask 0x%llx\n", mask);
		free_pages_exact(buf, size);
		return NULL;
	}
	*dma_handle = (dma_addr_t)(uintptr_t)buf;
	return buf;
}
EXPORT_SYMBOL(dma_alloc_attrs);

void dma_free_attrs(struct device *dev, size_t size, void *cpu_addr, dma_addr_t dma_handle,
		    unsigned long attrs)
{
	if (!cpu_addr)
		return;
	WARN(dma_handle != (dma_addr_t)(uintptr_t)cpu_addr,
	     "dma_free_coherent: handle 0x%x is not that of buffer %p\n", dma_handle, cpu_addr);
	free_pages_exact(cpu_addr, size);
}
EXPORT_SYMBOL(dma_free_attrs);

/* ---- managed (devres) coherent buffers ---- */

struct dma_devres {
	size_t size;
	void *vaddr;
	dma_addr_t dma_handle;
};

static void dmam_release(struct device *dev, void *res)
{
	struct dma_devres *this = res;

	dma_free_attrs(dev, this->size, this->vaddr, this->dma_handle, 0);
}

static int dmam_match(struct device *dev, void *res, void *match_data)
{
	struct dma_devres *this = res, *match = match_data;

	return this->vaddr == match->vaddr;
}

void *dmam_alloc_attrs(struct device *dev, size_t size, dma_addr_t *dma_handle, gfp_t gfp,
		       unsigned long attrs)
{
	struct dma_devres *dr = devres_alloc(dmam_release, sizeof(*dr), gfp);
	void *vaddr;

	if (!dr)
		return NULL;
	vaddr = dma_alloc_attrs(dev, size, dma_handle, gfp, attrs);
	if (!vaddr) {
		devres_free(dr);
		return NULL;
	}
	dr->vaddr = vaddr;
	dr->dma_handle = *dma_handle;
	dr->size = size;
	devres_add(dev, dr);
	return vaddr;
}
EXPORT_SYMBOL(dmam_alloc_attrs);

void dmam_free_coherent(struct device *dev, size_t size, void *vaddr, dma_addr_t dma_handle)
{
	struct dma_devres match = { .size = size, .vaddr = vaddr, .dma_handle = dma_handle };

	WARN_ON(devres_destroy(dev, dmam_release, dmam_match, &match));
	dma_free_attrs(dev, size, vaddr, dma_handle, 0);
}
EXPORT_SYMBOL(dmam_free_coherent);

/* ---- streaming mappings ---- */

dma_addr_t dma_map_single_attrs(struct device *dev, void *ptr, size_t size,
				enum dma_data_direction dir, unsigned long attrs)
{
	dma_addr_t addr = (dma_addr_t)(uintptr_t)ptr;

	if (!valid_dma_direction(dir) || !dma_reachable(dma_get_mask(dev), addr, size))
		return DMA_MAPPING_ERROR;
	return addr;
}
EXPORT_SYMBOL(dma_map_single_attrs);

void dma_unmap_single_attrs(struct device *dev, dma_addr_t addr, size_t size,
			    enum dma_data_direction dir, unsigned long attrs)
{
	/* nothing was set up */
}
EXPORT_SYMBOL(dma_unmap_single_attrs);
