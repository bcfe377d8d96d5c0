/*
 * Messages about a device, as Linux 6.1 prints them:
 *
 *	dev_info(dev, "ready\n")  ->  "DRIVER DEVICE: ready"
 *
 * where DRIVER is dev_driver_string(dev): the bound driver's name, else
 * the bus's, else the class's, else empty. A NULL dev prints
 * "(NULL device *): ready".
 */
#ifndef _DEVICE_PRINTK_H_
#define _DEVICE_PRINTK_H_

#include <linux/compiler.h>
#include <linux/types.h>
#include <linux/printk.h>

struct device;

#ifndef dev_fmt
#define dev_fmt(fmt) fmt
#endif

__printf(3, 4) void dev_printk(const char *level, const struct device *dev, const char *fmt, ...);
__printf(2, 3) void _dev_emerg(const struct device *dev, const char *fmt, ...);
__printf(2, 3) void _dev_alert(const struct device *dev, const char *fmt, ...);
__printf(2, 3) void _dev_crit(const struct device *dev, const char *fmt, ...);
__printf(2, 3) void _dev_err(const struct device *dev, const char *fmt, ...);
__printf(2, 3) void _dev_warn(const struct device *dev, const char *fmt, ...);
__printf(2, 3) void _dev_notice(const struct device *dev, const char *fmt, ...);
__printf(2, 3) void _dev_info(const struct device *dev, const char *fmt, ...);
__printf(2, 3) void _dev_dbg(const struct device *dev, const char *fmt, ...);

#define dev_emerg(dev, fmt, ...)	_dev_emerg(dev, dev_fmt(fmt), ##__VA_ARGS__)
#define dev_crit(dev, fmt, ...)		_dev_crit(dev, dev_fmt(fmt), ##__VA_ARGS__)
#define dev_alert(dev, fmt, ...)	_dev_alert(dev, dev_fmt(fmt), ##__VA_ARGS__)
#define dev_err(dev, fmt, ...)		_dev_err(dev, dev_fmt(fmt), ##__VA_ARGS__)
#define dev_warn(dev, fmt, ...)		_dev_warn(dev, dev_fmt(fmt), ##__VA_ARGS__)
#define dev_notice(dev, fmt, ...)	_dev_notice(dev, dev_fmt(fmt), ##__VA_ARGS__)
#define dev_info(dev, fmt, ...)		_dev_info(dev, dev_fmt(fmt), ##__VA_ARGS__)
/* Like pr_debug here: at KERN_DEBUG, in dmesg, off the console at the
 * default loglevel. */
#define dev_dbg(dev, fmt, ...)		_dev_dbg(dev, dev_fmt(fmt), ##__VA_ARGS__)
#define dev_vdbg(dev, fmt, ...)		do { } while (0)

#define dev_err_once(dev, fmt, ...)					\
	do {								\
		static bool __print_once;				\
		if (!__print_once) {					\
			__print_once = true;				\
			dev_err(dev, fmt, ##__VA_ARGS__);		\
		}							\
	} while (0)
#define dev_warn_once(dev, fmt, ...)					\
	do {								\
		static bool __print_once;				\
		if (!__print_once) {					\
			__print_once = true;				\
			dev_warn(dev, fmt, ##__VA_ARGS__);		\
		}							\
	} while (0)
#define dev_info_once(dev, fmt, ...)					\
	do {								\
		static bool __print_once;				\
		if (!__print_once) {					\
			__print_once = true;				\
			dev_info(dev, fmt, ##__VA_ARGS__);		\
		}							\
	} while (0)

/* Print the error unless it is -EPROBE_DEFER; return it. */
__printf(3, 4) int dev_err_probe(const struct device *dev, int err, const char *fmt, ...);

#endif
