/*
 * Forced into every host unit-test compile (-include): gives the kernel's
 * C-library-like functions names of their own, so a test binary links the
 * kernel's versions next to the host libc (and its sanitizer runtime)
 * without either replacing the other.
 */
#ifndef MODLAB_HOST_H
#define MODLAB_HOST_H

#define MODLAB_HOST_TEST 1

/* The kernel's sigset_t (linux/signal_types.h) is Linux's, not the C
 * library's: keep glibc from declaring its own (as -D__ssize_t_defined
 * does for ssize_t in the fuzz build), leaving it the __sigset_t its
 * headers use. */
#include <bits/types/__sigset_t.h>
#define __sigset_t_defined 1

#define memcpy		k_memcpy
#define memmove		k_memmove
#define memset		k_memset
#define memcmp		k_memcmp
#define memchr		k_memchr
#define strlen		k_strlen
#define strnlen		k_strnlen
#define strcmp		k_strcmp
#define strncmp		k_strncmp
#define strchr		k_strchr
#define strrchr		k_strrchr
#define strcpy		k_strcpy
#define strncpy		k_strncpy
#define strscpy		k_strscpy
#define strcat		k_strcat
#define strncat		k_strncat
#define strstr		k_strstr
#define strspn		k_strspn
#define strcspn		k_strcspn
#define strsep		k_strsep
#define vsnprintf	k_vsnprintf
#define snprintf	k_snprintf
#define vscnprintf	k_vscnprintf
#define scnprintf	k_scnprintf
#define sprintf		k_sprintf
#define sscanf		k_sscanf
#define vsscanf		k_vsscanf
#define strerror	k_strerror
#define printk		k_printk
#define vprintk		k_vprintk

#endif
