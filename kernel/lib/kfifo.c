/*
 * kfifo: ring buffers of fixed-size elements (linux/kfifo.h has the
 * macros and the rules; these are the functions underneath).
 *
 * One reader and one writer may run at once with no lock. The writer owns
 * in, the reader owns out, and each reads the other's counter:
 * - the writer fills slots, then publishes in with a release store, so a
 *   reader that sees the new in (acquire load) sees the data too;
 * - the reader copies slots out, then publishes out with a release store,
 *   so a writer that sees the new out (acquire load) cannot overwrite a
 *   slot the reader is still copying.
 * On x86 both are plain moves plus a compiler barrier; the names say what
 * a weaker machine would need.
 */
#include <linux/kfifo.h>
#include <linux/export.h>
#include <linux/uaccess.h>
#include <linux/minmax.h>

static inline unsigned int kfifo_unused(struct __kfifo *fifo, unsigned int in)
{
	return (fifo->mask + 1) - (in - smp_load_acquire(&fifo->out));
}

int __kfifo_alloc(struct __kfifo *fifo, unsigned int size, size_t esize, gfp_t gfp_mask)
{
	fifo->in = 0;
	fifo->out = 0;
	fifo->esize = esize;
	if (size < 2 || size > 0x80000000u / (esize ? esize : 1)) {
		fifo->data = NULL;
		fifo->mask = 0;
		return -EINVAL;
	}
	size = roundup_pow_of_two(size);
	fifo->data = kmalloc_array(esize, size, gfp_mask);
	if (!fifo->data) {
		fifo->mask = 0;
		return -ENOMEM;
	}
	fifo->mask = size - 1;
	return 0;
}
EXPORT_SYMBOL(__kfifo_alloc);

void __kfifo_free(struct __kfifo *fifo)
{
	kfree(fifo->data);
	fifo->in = 0;
	fifo->out = 0;
	fifo->esize = 0;
	fifo->data = NULL;
	fifo->mask = 0;
}
EXPORT_SYMBOL(__kfifo_free);

int __kfifo_init(struct __kfifo *fifo, void *buffer, unsigned int size, size_t esize)
{
	size /= esize;
	fifo->in = 0;
	fifo->out = 0;
	fifo->esize = esize;
	fifo->data = buffer;
	if (size < 2) {
		fifo->mask = 0;
		return -EINVAL;
	}
	fifo->mask = rounddown_pow_of_two(size) - 1;
	return 0;
}
EXPORT_SYMBOL(__kfifo_init);

/* Copy len elements from src into the slots from counter 'at' on, in at
 * most two pieces (up to the end of the buffer, then from its start). */
static void kfifo_copy_in(struct __kfifo *fifo, const void *src, unsigned int len,
			  unsigned int at)
{
	unsigned int size = fifo->mask + 1, esize = fifo->esize;
	unsigned int first;

	at &= fifo->mask;
	first = min(len, size - at);
	memcpy(fifo->data + at * esize, src, first * esize);
	memcpy(fifo->data, src + first * esize, (len - first) * esize);
}

static void kfifo_copy_out(struct __kfifo *fifo, void *dst, unsigned int len,
			   unsigned int at)
{
	unsigned int size = fifo->mask + 1, esize = fifo->esize;
	unsigned int first;

	at &= fifo->mask;
	first = min(len, size - at);
	memcpy(dst, fifo->data + at * esize, first * esize);
	memcpy(dst + first * esize, fifo->data, (len - first) * esize);
}

unsigned int __kfifo_in(struct __kfifo *fifo, const void *buf, unsigned int len)
{
	unsigned int in = fifo->in;

	len = min(len, kfifo_unused(fifo, in));
	kfifo_copy_in(fifo, buf, len, in);
	smp_store_release(&fifo->in, in + len);
	return len;
}
EXPORT_SYMBOL(__kfifo_in);

unsigned int __kfifo_out_peek(struct __kfifo *fifo, void *buf, unsigned int len)
{
	unsigned int out = fifo->out;

	len = min(len, smp_load_acquire(&fifo->in) - out);
	kfifo_copy_out(fifo, buf, len, out);
	return len;
}
EXPORT_SYMBOL(__kfifo_out_peek);

unsigned int __kfifo_out(struct __kfifo *fifo, void *buf, unsigned int len)
{
	len = __kfifo_out_peek(fifo, buf, len);
	smp_store_release(&fifo->out, fifo->out + len);
	return len;
}
EXPORT_SYMBOL(__kfifo_out);

/*
 * The user-copy forms move whole elements: len bytes is len / esize
 * elements. A fault part-way keeps the elements that did move (the fifo's
 * counter advances by them, *copied counts their bytes) and returns
 * -EFAULT.
 */
int __kfifo_from_user(struct __kfifo *fifo, const void __user *from, unsigned long len,
		      unsigned int *copied)
{
	unsigned int in = fifo->in, esize = fifo->esize, size = fifo->mask + 1;
	unsigned int n, at, first, moved;
	unsigned long left;

	n = min_t(unsigned long, len / esize, kfifo_unused(fifo, in));
	at = in & fifo->mask;
	first = min(n, size - at);
	left = copy_from_user(fifo->data + at * esize, from, first * esize);
	if (!left)
		left = copy_from_user(fifo->data, from + first * esize, (n - first) * esize);
	else
		left += (n - first) * esize;
	moved = n - (left + esize - 1) / esize;
	smp_store_release(&fifo->in, in + moved);
	*copied = moved * esize;
	return left ? -EFAULT : 0;
}
EXPORT_SYMBOL(__kfifo_from_user);

int __kfifo_to_user(struct __kfifo *fifo, void __user *to, unsigned long len,
		    unsigned int *copied)
{
	unsigned int out = fifo->out, esize = fifo->esize, size = fifo->mask + 1;
	unsigned int n, at, first, moved;
	unsigned long left;

	n = min_t(unsigned long, len / esize, smp_load_acquire(&fifo->in) - out);
	at = out & fifo->mask;
	first = min(n, size - at);
	left = copy_to_user(to, fifo->data + at * esize, first * esize);
	if (!left)
		left = copy_to_user(to + first * esize, fifo->data, (n - first) * esize);
	else
		left += (n - first) * esize;
	moved = n - (left + esize - 1) / esize;
	smp_store_release(&fifo->out, out + moved);
	*copied = moved * esize;
	return left ? -EFAULT : 0;
}
EXPORT_SYMBOL(__kfifo_to_user);
