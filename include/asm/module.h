/* The architecture's part of loading modules: its relocation types. */
#ifndef _ASM_MODULE_H
#define _ASM_MODULE_H

#include <linux/types.h>

/* Apply one relocation of 'type' at loc, for a symbol at sym. Returns 0,
 * or -ENOEXEC for a type this kernel does not handle. */
int apply_relocate(u32 type, u32 *loc, u32 sym);
/* "R_386_GOTOFF" and the like, for messages. */
const char *reloc_type_name(u32 type);

#endif
