/*
 * The QEMU plugin API as it was at version 2 (QEMU 9.0): the
 * header that pkg-config --cflags peek-plugin-v2 selects. Everything is in
 * ../qemu-plugin.h; this only fixes the version.
 */
#if defined QEMU_PLUGIN_VERSION && QEMU_PLUGIN_VERSION != 2
#error "peek-plugin-v2 selects API version 2, but QEMU_PLUGIN_VERSION is set otherwise"
#endif
#define QEMU_PLUGIN_VERSION 2
#include "../qemu-plugin.h"
