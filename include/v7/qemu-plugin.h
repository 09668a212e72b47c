/*
 * The QEMU plugin API as it was at version 7 (QEMU 11.1): the
 * header that pkg-config --cflags peek-plugin-v7 selects. Everything is in
 * ../qemu-plugin.h; this only fixes the version.
 */
#if defined QEMU_PLUGIN_VERSION && QEMU_PLUGIN_VERSION != 7
#error "peek-plugin-v7 selects API version 7, but QEMU_PLUGIN_VERSION is set otherwise"
#endif
#define QEMU_PLUGIN_VERSION 7
#include "../qemu-plugin.h"
