/* API version 3 for the compatibility tests (see ../old-api.h). */
#define QEMU_PLUGIN_VERSION 3
#include "../old-api.h"
