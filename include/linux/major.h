/* Fixed major device numbers that modlab uses (Linux's values). */
#ifndef _LINUX_MAJOR_H
#define _LINUX_MAJOR_H

#define RAMDISK_MAJOR		1
#define MISC_MAJOR		10
#define IDE0_MAJOR		3
#define INPUT_MAJOR		13
#define CHRDEV_MAJOR_MAX	512
#define CHRDEV_MAJOR_DYN_END	234	/* dynamic majors are given from 254 down to here */
#define CHRDEV_MAJOR_DYN_EXT_START	511
#define CHRDEV_MAJOR_DYN_EXT_END	384

#endif
