/*
 * vkeys.c - a keyboard that types what is written to it.
 *
 * Loading it registers an input device, "vkeys keyboard", which the input
 * layer gives an event device (/dev/input/eventN), and a misc device
 * /dev/vkeys. Each lower-case letter, digit, space or newline written to
 * /dev/vkeys is "typed": a press, a report, a release, a report. Anything
 * else is refused with EINVAL and nothing of that write is typed.
 *
 *	echo hi > /dev/vkeys		(then a reader of the event device sees
 *					 KEY_H down, up, KEY_I down, up)
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/input.h>
#include <linux/miscdevice.h>
#include <linux/fs.h>
#include <linux/uaccess.h>

#define VKEYS_MAX_WRITE 64

static struct input_dev *vkeys_input;
static DEFINE_MUTEX(vkeys_lock);	/* one write types at a time */

static const unsigned short letter_keys[26] = {
	KEY_A, KEY_B, KEY_C, KEY_D, KEY_E, KEY_F, KEY_G, KEY_H, KEY_I, KEY_J, KEY_K, KEY_L,
	KEY_M, KEY_N, KEY_O, KEY_P, KEY_Q, KEY_R, KEY_S, KEY_T, KEY_U, KEY_V, KEY_W, KEY_X,
	KEY_Y, KEY_Z,
};

static const unsigned short digit_keys[10] = {
	KEY_0, KEY_1, KEY_2, KEY_3, KEY_4, KEY_5, KEY_6, KEY_7, KEY_8, KEY_9,
};

/* The key that types c, or 0 for none. */
static unsigned int key_for(char c)
{
	if (c >= 'a' && c <= 'z')
		return letter_keys[c - 'a'];
	if (c >= '0' && c <= '9')
		return digit_keys[c - '0'];
	if (c == ' ')
		return KEY_SPACE;
	if (c == '\n')
		return KEY_ENTER;
	return 0;
}

static void type_key(unsigned int key)
{
	input_report_key(vkeys_input, key, 1);
	input_sync(vkeys_input);
	input_report_key(vkeys_input, key, 0);
	input_sync(vkeys_input);
}

static ssize_t vkeys_write(struct file *file, const char __user *buf, size_t len,
			   loff_t *off)
{
	char text[VKEYS_MAX_WRITE];
	size_t i;

	if (len > sizeof(text))
		return -EINVAL;
	if (copy_from_user(text, buf, len))
		return -EFAULT;
	for (i = 0; i < len; i++)
		if (!key_for(text[i]))
			return -EINVAL;
	mutex_lock(&vkeys_lock);
	for (i = 0; i < len; i++)
		type_key(key_for(text[i]));
	mutex_unlock(&vkeys_lock);
	return len;
}

static const struct file_operations vkeys_fops = {
	.owner = THIS_MODULE,
	.write = vkeys_write,
};

static struct miscdevice vkeys_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "vkeys",
	.fops = &vkeys_fops,
	.mode = 0222,
};

static int __init vkeys_init(void)
{
	int i, err;

	vkeys_input = input_allocate_device();
	if (!vkeys_input)
		return -ENOMEM;
	vkeys_input->name = "vkeys keyboard";
	vkeys_input->phys = "vkeys/input0";
	vkeys_input->id.bustype = BUS_VIRTUAL;
	for (i = 0; i < 26; i++)
		input_set_capability(vkeys_input, EV_KEY, letter_keys[i]);
	for (i = 0; i < 10; i++)
		set_bit(digit_keys[i], vkeys_input->keybit);
	set_bit(KEY_SPACE, vkeys_input->keybit);
	set_bit(KEY_ENTER, vkeys_input->keybit);

	err = input_register_device(vkeys_input);
	if (err) {
		pr_err("vkeys: cannot register the input device: %d\n", err);
		input_free_device(vkeys_input);
		return err;
	}
	err = misc_register(&vkeys_misc);
	if (err) {
		pr_err("vkeys: cannot register /dev/vkeys: %d\n", err);
		input_unregister_device(vkeys_input);
		return err;
	}
	pr_info("vkeys: ready, write to /dev/vkeys to type\n");
	return 0;
}

static void __exit vkeys_exit(void)
{
	misc_deregister(&vkeys_misc);
	input_unregister_device(vkeys_input);
	pr_info("vkeys: gone\n");
}

module_init(vkeys_init);
module_exit(vkeys_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("A keyboard that types what is written to /dev/vkeys");
