/*
 * The QEMU plugin API as it was at version 3 (QEMU 9.1 and 9.2): the
 * header that pkg-config --cflags peek-plugin-v3 selects. Everything is in
 * ../qemu-plugin.h; this only fixes the version.
 */
#if defined QEMU_PLUGIN_VERSION && QEMU_PLUGIN_VERSION != 3
#error "peek-plugin-v3 selects API version 3, but QEMU_PLUGIN_VERSION is set otherwise"
#endif
#define QEMU_PLUGIN_VERSION 3
#include "../qemu-plugin.h"
