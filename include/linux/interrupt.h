/*
 * Interrupt handlers, softirqs and tasklets, with Linux's names.
 *
 * A driver asks for its interrupt line with request_irq(). Its handler runs
 * in hardware-interrupt context (interrupts off, may not sleep) each time
 * the line fires, and returns IRQ_HANDLED if its device raised it or
 * IRQ_NONE if not. With IRQF_SHARED several drivers share a line: each
 * handler is called in turn, and each must ask its own device.
 *
 *	static irqreturn_t my_irq(int irq, void *dev_id)
 *	{
 *		struct my_dev *dev = dev_id;
 *		if (!my_device_raised_it(dev))
 *			return IRQ_NONE;
 *		... acknowledge the device, save what it gave ...
 *		tasklet_schedule(&dev->tasklet);	the rest later
 *		return IRQ_HANDLED;
 *	}
 *	err = request_irq(1, my_irq, IRQF_SHARED, "my_dev", dev);
 *	...
 *	free_irq(1, dev);	returns once my_irq is not running anywhere
 *
 * Work that can wait a little goes to a tasklet: it runs soon after, in
 * softirq context (kernel/softirq.c says when), with interrupts on but
 * still unable to sleep, on the CPU that scheduled it. A tasklet never
 * runs on two CPUs at once. Work that must sleep goes to a workqueue.
 *
 * modlab has the 16 ISA lines (NR_IRQS), all delivered to the boot CPU.
 * Threaded handlers (request_threaded_irq) are not provided.
 */
#ifndef _LINUX_INTERRUPT_H
#define _LINUX_INTERRUPT_H

#include <linux/types.h>
#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/kernel.h>
#include <linux/preempt.h>
#include <linux/bottom_half.h>
#include <linux/hardirq.h>
#include <linux/irqreturn.h>

typedef irqreturn_t (*irq_handler_t)(int irq, void *dev_id);

/* request_irq flags. Trigger flags are accepted and ignored: ISA lines are
 * edge-triggered, as the firmware set them up. */
#define IRQF_TRIGGER_NONE	0x00000000
#define IRQF_TRIGGER_RISING	0x00000001
#define IRQF_TRIGGER_FALLING	0x00000002
#define IRQF_TRIGGER_HIGH	0x00000004
#define IRQF_TRIGGER_LOW	0x00000008
#define IRQF_SHARED		0x00000080	/* several handlers on one line */
#define IRQF_PROBE_SHARED	0x00000100	/* a refused share is no error to print */
#define IRQF_NO_THREAD		0x00010000

/*
 * Install handler on line irq and unmask it. dev_id is passed to the
 * handler and names this handler to free_irq(); with IRQF_SHARED it must
 * not be NULL, and every handler on the line must have IRQF_SHARED.
 * name names the handler in messages and must stay valid until free_irq.
 * Returns 0, -EINVAL (bad line, no handler, NULL dev_id on a shared line),
 * -EBUSY (the line is taken and not shareable) or -ENOMEM. May sleep.
 */
int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags, const char *name,
		void *dev_id);
/*
 * Remove the handler that has this dev_id from line irq (the line is masked
 * when its last handler goes) and wait until it is not running on any CPU,
 * so the caller may free what the handler uses. Returns the name given to
 * request_irq, or NULL (with a warning) if there was no such handler.
 * Not from an interrupt handler.
 */
const void *free_irq(unsigned int irq, void *dev_id);

/*
 * Find a device's interrupt line by making it interrupt (Linux's
 * autoprobe): probe_irq_on unmasks every ISA line that has no handler and
 * returns the ones that stayed quiet for a moment; the driver makes its
 * device interrupt, then probe_irq_off(that mask) gives the line that
 * fired: 0 if none did, a negative number if several did. One probe at a
 * time: probe_irq_on sleeps until the previous probe_irq_off. May sleep.
 */
unsigned long probe_irq_on(void);
int probe_irq_off(unsigned long val);
unsigned int probe_irq_mask(unsigned long val);

/* ---- softirqs ------------------------------------------------------------- */

enum {
	HI_SOFTIRQ = 0,		/* tasklet_hi_schedule */
	TIMER_SOFTIRQ,		/* timer_list callbacks */
	TASKLET_SOFTIRQ,	/* tasklet_schedule */
	NR_SOFTIRQS
};

struct softirq_action {
	void (*action)(struct softirq_action *);
};

/* Set the handler of softirq nr (kernel use, at boot). */
void open_softirq(int nr, void (*action)(struct softirq_action *));
/* Mark softirq nr pending on this CPU; it runs at the next interrupt exit
 * or in ksoftirqd. Any context. The _irqoff form wants interrupts off. */
void raise_softirq(unsigned int nr);
void raise_softirq_irqoff(unsigned int nr);

/* ---- tasklets ------------------------------------------------------------- */

struct tasklet_struct {
	struct tasklet_struct *next;	/* in a CPU's list while scheduled */
	unsigned long state;		/* TASKLET_STATE_* bits */
	atomic_t count;			/* disable depth: runs only at 0 */
	bool use_callback;		/* callback(t) rather than func(data) */
	union {
		void (*func)(unsigned long data);
		void (*callback)(struct tasklet_struct *t);
	};
	unsigned long data;
};

enum {
	TASKLET_STATE_SCHED,	/* scheduled, not yet started */
	TASKLET_STATE_RUN	/* running on some CPU */
};

#define DECLARE_TASKLET(name, _callback)					\
	struct tasklet_struct name = { .count = ATOMIC_INIT(0),		\
				       .callback = _callback, .use_callback = true }
#define DECLARE_TASKLET_DISABLED(name, _callback)				\
	struct tasklet_struct name = { .count = ATOMIC_INIT(1),		\
				       .callback = _callback, .use_callback = true }
/* The pre-5.9 form: func(data). */
#define DECLARE_TASKLET_OLD(name, _func)					\
	struct tasklet_struct name = { .count = ATOMIC_INIT(0), .func = _func }
#define DECLARE_TASKLET_DISABLED_OLD(name, _func)				\
	struct tasklet_struct name = { .count = ATOMIC_INIT(1), .func = _func }

#define from_tasklet(var, callback_tasklet, tasklet_fieldname)			\
	container_of(callback_tasklet, __typeof__(*var), tasklet_fieldname)

void tasklet_init(struct tasklet_struct *t, void (*func)(unsigned long), unsigned long data);
void tasklet_setup(struct tasklet_struct *t, void (*callback)(struct tasklet_struct *));

void __tasklet_schedule(struct tasklet_struct *t);
void __tasklet_hi_schedule(struct tasklet_struct *t);

/* Run t once soon on this CPU (once however often it is scheduled before
 * it starts; again if scheduled while it runs). Any context. */
static inline void tasklet_schedule(struct tasklet_struct *t)
{
	if (!test_and_set_bit(TASKLET_STATE_SCHED, &t->state))
		__tasklet_schedule(t);
}

/* The same, ahead of timers and ordinary tasklets. */
static inline void tasklet_hi_schedule(struct tasklet_struct *t)
{
	if (!test_and_set_bit(TASKLET_STATE_SCHED, &t->state))
		__tasklet_hi_schedule(t);
}

/* Wait until t is not running on any CPU. Sleeps when it may, else spins. */
void tasklet_unlock_wait(struct tasklet_struct *t);

/* Hold t off: a scheduled t waits (stays scheduled) until tasklet_enable.
 * The _nosync form does not wait for a run in progress. */
static inline void tasklet_disable_nosync(struct tasklet_struct *t)
{
	atomic_inc(&t->count);
	smp_mb__after_atomic();
}

static inline void tasklet_disable(struct tasklet_struct *t)
{
	tasklet_disable_nosync(t);
	tasklet_unlock_wait(t);
	smp_mb();
}

#define tasklet_disable_in_atomic(t)	tasklet_disable(t)

static inline void tasklet_enable(struct tasklet_struct *t)
{
	smp_mb__before_atomic();
	atomic_dec(&t->count);
}

/* Wait until t is neither scheduled nor running, and leave it unscheduled.
 * May sleep; not from interrupt context. t must not be disabled while it
 * is scheduled, or this waits for ever (as in Linux). */
void tasklet_kill(struct tasklet_struct *t);

#endif
