/* What helper.c gives main.c: both are linked into multiobj.ko. */
#ifndef _MULTIOBJ_H
#define _MULTIOBJ_H

int multiobj_sum(const int *v, int n);

#endif
