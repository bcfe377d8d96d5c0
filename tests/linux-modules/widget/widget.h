/* What the widget device tells its driver (its platform data). */
#ifndef WIDGET_H
#define WIDGET_H

struct widget_platform_data {
	const char *label;
	int channels;
};

#endif
