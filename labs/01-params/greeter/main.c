/*
 * greeter: a first module, with parameters of four kinds.
 *
 *	insmod /lab/greeter.ko count=3 whom=students loud=1 nums=4,5,6
 *
 * init greets 'whom' count times, one line each, and adds up nums; exit
 * says goodbye with the same name and sum. A count outside 1..100 is
 * refused with -EINVAL, and then nothing of the module stays behind.
 * The loader parses the parameters before init runs: a charp's string is
 * the kernel's copy (freed at unload), and an array given more values
 * than it holds is refused by the loader itself.
 */
#include <linux/module.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include "greeter.h"

/* LAB(params) BEGIN: make count (int), whom (charp), loud (bool) and nums (an array of up to GREETER_MAX_NUMS ints, how many in nr_nums) parameters, each with a description */
static int count = 1;
module_param(count, int, 0444);
MODULE_PARM_DESC(count, "how many greetings, 1..100 (default 1)");

static char *whom = "world";
module_param(whom, charp, 0444);
MODULE_PARM_DESC(whom, "whom to greet (default world)");

static bool loud;
module_param(loud, bool, 0444);
MODULE_PARM_DESC(loud, "greet in capitals (default no)");

static int nums[GREETER_MAX_NUMS];
static int nr_nums;
module_param_array(nums, int, &nr_nums, 0444);
MODULE_PARM_DESC(nums, "up to 8 integers to add up");
/* LAB(params) SKEL
static int count __maybe_unused = 1;
static char *whom __maybe_unused = "world";
static bool loud __maybe_unused;
static int nums[GREETER_MAX_NUMS] __maybe_unused;
static int nr_nums __maybe_unused;
*/
/* LAB(params) END */

static long sum __maybe_unused;	/* of nums, for the goodbye */

static int __init greeter_init(void)
{
	/* LAB(params) BEGIN: refuse a count outside 1..GREETER_MAX_COUNT (-EINVAL, with a message), print count greetings made by greeter_format, then the sum of nums */
	char line[GREETER_LINE_MAX];
	int i;

	if (count < 1 || count > GREETER_MAX_COUNT) {
		pr_err("greeter: count=%d is out of range 1..%d\n", count, GREETER_MAX_COUNT);
		return -EINVAL;
	}
	for (i = 1; i <= count; i++) {
		greeter_format(line, sizeof(line), whom, loud, i, count);
		pr_info("greeter: %s\n", line);
	}
	sum = greeter_sum(nums, nr_nums);
	pr_info("greeter: %d number(s), sum=%ld\n", nr_nums, sum);
	/* LAB(params) SKEL
	pr_info("greeter: loaded\n");
	*/
	/* LAB(params) END */
	return 0;
}

static void __exit greeter_exit(void)
{
	/* LAB(params) BEGIN: say goodbye: "greeter: goodbye, WHOM, sum=S" */
	pr_info("greeter: goodbye, %s, sum=%ld\n", whom, sum);
	/* LAB(params) END */
}

module_init(greeter_init);
module_exit(greeter_exit);

/* LAB(params) BEGIN: the licence (GPL) and a description */
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Greets someone a number of times: the params lab");
/* LAB(params) SKEL
MODULE_LICENSE("GPL");
*/
/* LAB(params) END */
