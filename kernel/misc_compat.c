/*
 * Small Linux facilities with nowhere else to live: the system's name
 * (linux/utsname.h), the one user namespace (linux/cred.h), random
 * numbers (linux/random.h), kthread_complete_and_exit.
 */
#include <linux/completion.h>
#include <linux/export.h>
#include <linux/kthread.h>
#include <linux/kernel.h>
#include <linux/random.h>
#include <linux/cred.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/utsname.h>
#include <asm/irqflags.h>
#include <modlab/time.h>

struct uts_namespace init_uts_ns = {
	.name = {
		.sysname = "Linux",
		.nodename = "modlab",
		.release = "6.1.0-modlab",
		.version = "#1 SMP modlab",
		.machine = "i686",
		.domainname = "(none)",
	},
};

struct user_namespace {
	int unused;
};

struct user_namespace init_user_ns;

/*
 * xoshiro128** state per CPU, on its own cache line. Each call runs with
 * interrupts off on one CPU, so its state needs no lock; the TSC is mixed
 * in on every call, so two CPUs (or two boots) do not repeat each other.
 */
struct rng_state {
	u32 s[4];
	bool seeded;
} __aligned(64);

static struct rng_state rng[NR_CPUS];

static u32 rotl(u32 x, int k)
{
	return (x << k) | (x >> (32 - k));
}

/* splitmix32: spreads a seed over the state. */
static u32 splitmix(u32 *x)
{
	u32 z = (*x += 0x9e3779b9u);

	z = (z ^ (z >> 16)) * 0x85ebca6bu;
	z = (z ^ (z >> 13)) * 0xc2b2ae35u;
	return z ^ (z >> 16);
}

static u32 rng_next(struct rng_state *r)
{
	u32 result = rotl(r->s[1] * 5, 7) * 9, t = r->s[1] << 9;

	r->s[2] ^= r->s[0];
	r->s[3] ^= r->s[1];
	r->s[1] ^= r->s[2];
	r->s[0] ^= r->s[3];
	r->s[2] ^= t;
	r->s[3] = rotl(r->s[3], 11);
	return result;
}

u32 get_random_u32(void)
{
	unsigned long flags;
	struct rng_state *r;
	u64 tsc = arch_clock_read();
	u32 v;

	local_irq_save(flags);
	r = &rng[smp_processor_id()];
	if (!r->seeded) {
		u32 seed = (u32)tsc ^ (u32)(tsc >> 32) ^ (smp_processor_id() * 0x27d4eb2du);
		int i;

		for (i = 0; i < 4; i++)
			r->s[i] = splitmix(&seed);
		r->seeded = true;
	}
	r->s[0] ^= (u32)tsc;		/* stir in the clock's low bits */
	v = rng_next(r);
	local_irq_restore(flags);
	return v;
}

u64 get_random_u64(void)
{
	return ((u64)get_random_u32() << 32) | get_random_u32();
}

void get_random_bytes(void *buf, size_t len)
{
	u8 *p = buf;

	while (len) {
		u32 v = get_random_u32();
		size_t n = len < 4 ? len : 4;

		memcpy(p, &v, n);
		p += n;
		len -= n;
	}
}

void kthread_complete_and_exit(struct completion *comp, int code)
{
	if (comp)
		complete(comp);
	kthread_exit(code);
}

EXPORT_SYMBOL(kthread_complete_and_exit);
EXPORT_SYMBOL(init_uts_ns);
EXPORT_SYMBOL(init_user_ns);
EXPORT_SYMBOL(get_random_u32);
EXPORT_SYMBOL(get_random_u64);
EXPORT_SYMBOL(get_random_bytes);
