/* A disk's geometry, as the HDIO_GETGEO ioctl reports it (Linux's uapi values). */
#ifndef _LINUX_HDREG_H
#define _LINUX_HDREG_H

#define HDIO_GETGEO	0x0301	/* fills a struct hd_geometry */

struct hd_geometry {
	unsigned char heads;
	unsigned char sectors;
	unsigned short cylinders;
	unsigned long start;
};

#endif
