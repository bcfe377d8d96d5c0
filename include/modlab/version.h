#ifndef _MODLAB_VERSION_H
#define _MODLAB_VERSION_H

#define MODLAB_VERSION	"0.1"

#endif
