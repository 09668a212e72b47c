/* API version 2 for the compatibility tests (see ../old-api.h). */
#define QEMU_PLUGIN_VERSION 2
#include "../old-api.h"
