/*
 * The PC's battery-backed clock (the MC146818 in the CMOS chip), read once
 * at boot to set the wall clock (kernel/time.c). The chip counts seconds
 * to years in BCD or binary, 12- or 24-hour, as register B says; QEMU
 * keeps it in UTC.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/io.h>
#include <asm/processor.h>
#include <modlab/time.h>

#define CMOS_INDEX	0x70
#define CMOS_DATA	0x71

#define RTC_SECONDS	0x00
#define RTC_MINUTES	0x02
#define RTC_HOURS	0x04
#define RTC_DAY		0x07
#define RTC_MONTH	0x08
#define RTC_YEAR	0x09
#define RTC_REG_A	0x0a
#define RTC_REG_B	0x0b
#define RTC_CENTURY	0x32	/* where PCs (and QEMU) keep it */

#define RTC_UIP		0x80	/* register A: an update is under way */
#define RTC_24H		0x02	/* register B */
#define RTC_BINARY	0x04	/* register B */

/* Only at boot, by one CPU, before anyone else uses the CMOS ports. */
static u8 cmos_read(u8 reg)
{
	outb(reg, CMOS_INDEX);	/* bit 7 clear: NMIs stay enabled */
	return inb(CMOS_DATA);
}

static unsigned int bcd2bin(u8 v)
{
	return (v & 0x0f) + (v >> 4) * 10;
}

struct rtc_time {
	unsigned int sec, min, hour, day, mon, year, century;
};

static void rtc_read_raw(struct rtc_time *t)
{
	t->sec = cmos_read(RTC_SECONDS);
	t->min = cmos_read(RTC_MINUTES);
	t->hour = cmos_read(RTC_HOURS);
	t->day = cmos_read(RTC_DAY);
	t->mon = cmos_read(RTC_MONTH);
	t->year = cmos_read(RTC_YEAR);
	t->century = cmos_read(RTC_CENTURY);
}

/* Days from 1970-01-01 to year-mon-day (proleptic Gregorian). */
static s64 days_from_civil(int year, unsigned int mon, unsigned int day)
{
	int era;
	unsigned int yoe, doy, doe;

	year -= mon <= 2;
	era = (year >= 0 ? year : year - 399) / 400;
	yoe = (unsigned int)(year - era * 400);
	doy = (153 * (mon + (mon > 2 ? -3 : 9)) + 2) / 5 + day - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (s64)era * 146097 + doe - 719468;
}

s64 arch_read_persistent_clock(void)
{
	struct rtc_time a, b;
	unsigned int tries = 1000;
	u8 regb;
	bool pm;

	/* Read twice until two reads agree, each outside an update. */
	do {
		while ((cmos_read(RTC_REG_A) & RTC_UIP) && --tries)
			cpu_relax();
		rtc_read_raw(&a);
		rtc_read_raw(&b);
	} while (memcmp(&a, &b, sizeof(a)) && --tries);
	if (!tries) {
		pr_warn("rtc: the CMOS clock never settled; the wall clock starts at 1970\n");
		return 0;
	}
	regb = cmos_read(RTC_REG_B);
	pm = !(regb & RTC_24H) && (a.hour & 0x80);
	a.hour &= 0x7f;
	if (!(regb & RTC_BINARY)) {
		a.sec = bcd2bin(a.sec);
		a.min = bcd2bin(a.min);
		a.hour = bcd2bin(a.hour);
		a.day = bcd2bin(a.day);
		a.mon = bcd2bin(a.mon);
		a.year = bcd2bin(a.year);
		a.century = bcd2bin(a.century);
	}
	if (!(regb & RTC_24H))
		a.hour = a.hour % 12 + (pm ? 12 : 0);
	if (a.century < 19 || a.century > 30)
		a.century = a.year < 70 ? 20 : 19;
	if (a.mon < 1 || a.mon > 12 || a.day < 1 || a.day > 31 || a.hour > 23 || a.min > 59 ||
	    a.sec > 60) {
		pr_warn("rtc: the CMOS clock reads nonsense; the wall clock starts at 1970\n");
		return 0;
	}
	return days_from_civil(a.century * 100 + a.year, a.mon, a.day) * 86400 +
	       a.hour * 3600 + a.min * 60 + a.sec;
}
