/* What the host page-allocator stand-in lets a test see and steer. */
#ifndef MM_HOST_H
#define MM_HOST_H

extern int host_bad_frees;	/* report_bad_free calls so far */
extern int host_pages_in_use;	/* pages handed out and not freed */
extern int host_fail_allocs;	/* > 0: the next N page allocations fail */

#endif
