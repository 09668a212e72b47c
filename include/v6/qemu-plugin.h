/*
 * The QEMU plugin API as it was at version 6 (QEMU 11.0): the
 * header that pkg-config --cflags peek-plugin-v6 selects. Everything is in
 * ../qemu-plugin.h; this only fixes the version.
 */
#if defined QEMU_PLUGIN_VERSION && QEMU_PLUGIN_VERSION != 6
#error "peek-plugin-v6 selects API version 6, but QEMU_PLUGIN_VERSION is set otherwise"
#endif
#define QEMU_PLUGIN_VERSION 6
#include "../qemu-plugin.h"
