// SPDX-License-Identifier: GPL-2.0
/* The value the ioctl_dev driver keeps, behind a spin lock. */
#include <linux/spinlock.h>
#include "ioctl_dev.h"

static DEFINE_SPINLOCK(value_lock);
static int value;

int value_get(void)
{
	int v;

	spin_lock(&value_lock);
	v = value;
	spin_unlock(&value_lock);
	return v;
}

void value_set(int v)
{
	spin_lock(&value_lock);
	value = v;
	spin_unlock(&value_lock);
}
