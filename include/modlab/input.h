/* Boot-time setup of the input layer (drivers/input/, arch/x86/keyboard.c). */
#ifndef _MODLAB_INPUT_H
#define _MODLAB_INPUT_H

/* After the device core is up: the input class and the evdev handler
 * (input_init calls evdev_init), then the PS/2 keyboard's input device. */
void input_init(void);
void evdev_init(void);
void keyboard_input_init(void);

#endif
