/*
 * The QEMU plugin API as it was at version 5 (QEMU 10.1 and 10.2): the
 * header that pkg-config --cflags peek-plugin-v5 selects. Everything is in
 * ../qemu-plugin.h; this only fixes the version.
 */
#if defined QEMU_PLUGIN_VERSION && QEMU_PLUGIN_VERSION != 5
#error "peek-plugin-v5 selects API version 5, but QEMU_PLUGIN_VERSION is set otherwise"
#endif
#define QEMU_PLUGIN_VERSION 5
#include "../qemu-plugin.h"
