/* API version 5 for the compatibility tests (see ../old-api.h). */
#define QEMU_PLUGIN_VERSION 5
#include "../old-api.h"
