/* API version 1 for the compatibility tests (see ../old-api.h). */
#define QEMU_PLUGIN_VERSION 1
#include "../old-api.h"
