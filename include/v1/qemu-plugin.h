/*
 * The QEMU plugin API as it was at version 1 (QEMU 4.2 to 8.2): the
 * header that pkg-config --cflags peek-plugin-v1 selects. Everything is in
 * ../qemu-plugin.h; this only fixes the version.
 */
#if defined QEMU_PLUGIN_VERSION && QEMU_PLUGIN_VERSION != 1
#error "peek-plugin-v1 selects API version 1, but QEMU_PLUGIN_VERSION is set otherwise"
#endif
#define QEMU_PLUGIN_VERSION 1
#include "../qemu-plugin.h"
