/* API version 4 for the compatibility tests (see ../old-api.h). */
#define QEMU_PLUGIN_VERSION 4
#include "../old-api.h"
