/* What modules/provider exports (see provider.c). */
#ifndef _PROVIDER_H
#define _PROVIDER_H

int provider_add(int a, int b);
int provider_calls(void);		/* EXPORT_SYMBOL_GPL */

#endif
