/* Boot-time setup of the input layer (drivers/input/, arch/x86/keyboard.c). */
#ifndef _MODLAB_INPUT_H
#define _MODLAB_INPUT_H

/* After /dev is mounted: the evdev handler, then the PS/2 keyboard's
 * input device. */
void evdev_init(void);
void keyboard_input_init(void);

#endif
