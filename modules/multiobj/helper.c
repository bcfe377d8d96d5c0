/*
 * multiobj's second object. multiobj_sum is a global symbol, but it is not
 * exported: main.o's call to it is resolved when the build links main.o
 * and helper.o into multiobj.o (ld -r), so the kernel never sees it as
 * undefined, and no other module can use it.
 */
#include "multiobj.h"

int multiobj_sum(const int *v, int n)
{
	int i, sum = 0;

	for (i = 0; i < n; i++)
		sum += v[i];
	return sum;
}
