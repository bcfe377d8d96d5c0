/*
 * i386 relocations for modules (System V ABI, i386 supplement). In a REL
 * section the addend A is the value already at the place; S is the
 * symbol's address, P the place's address. Modules are built without PIC,
 * so three types are enough; anything else is refused by name.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/elf.h>
#include <asm/module.h>

static const char *const names[] = {
	"R_386_NONE", "R_386_32", "R_386_PC32", "R_386_GOT32", "R_386_PLT32", "R_386_COPY",
	"R_386_GLOB_DAT", "R_386_JMP_SLOT", "R_386_RELATIVE", "R_386_GOTOFF", "R_386_GOTPC",
	"R_386_32PLT",
};

const char *reloc_type_name(u32 type)
{
	if (type < ARRAY_SIZE(names))
		return names[type];
	if (type >= 14 && type <= 19)
		return "R_386_TLS_*";
	if (type == 20 || type == 22)
		return type == 20 ? "R_386_16" : "R_386_8";
	if (type == 21 || type == 23)
		return type == 21 ? "R_386_PC16" : "R_386_PC8";
	return "an unknown relocation type";
}

int apply_relocate(u32 type, u32 *loc, u32 sym)
{
	/* LAB(linker) BEGIN: S + A (R_386_32), S + A - P (PC32, PLT32); A is at the place */
	u32 a;

	memcpy(&a, loc, 4);		/* the place need not be aligned */
	switch (type) {
	case R_386_32:			/* S + A */
		a += sym;
		break;
	case R_386_PC32:		/* S + A - P */
	case R_386_PLT32:		/* L + A - P; calls go straight to S here */
		a += sym - (u32)(unsigned long)loc;
		break;
	default:
		return -ENOEXEC;
	}
	memcpy(loc, &a, 4);
	return 0;
	/* LAB(linker) SKEL
	return -ENOEXEC;
	*/
	/* LAB(linker) END */
}
