/*
 * The QEMU plugin API as it was at version 4 (QEMU 10.0): the
 * header that pkg-config --cflags peek-plugin-v4 selects. Everything is in
 * ../qemu-plugin.h; this only fixes the version.
 */
#if defined QEMU_PLUGIN_VERSION && QEMU_PLUGIN_VERSION != 4
#error "peek-plugin-v4 selects API version 4, but QEMU_PLUGIN_VERSION is set otherwise"
#endif
#define QEMU_PLUGIN_VERSION 4
#include "../qemu-plugin.h"
