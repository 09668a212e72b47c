/* API version 6 for the compatibility tests (see ../old-api.h). */
#define QEMU_PLUGIN_VERSION 6
#include "../old-api.h"
