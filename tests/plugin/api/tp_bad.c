/* Broken plugins for the loader's error messages, one per build flag:
 * NO_VERSION, VERSION=n, NO_INSTALL, FAIL_INSTALL. */
#include <qemu-plugin.h>

#ifndef NO_VERSION
#ifndef VERSION
#define VERSION QEMU_PLUGIN_VERSION
#endif
QEMU_PLUGIN_EXPORT int qemu_plugin_version = VERSION;
#endif

#ifndef NO_INSTALL
QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                                           char **argv)
{
#ifdef FAIL_INSTALL
    return 3;
#else
    return 0;
#endif
}
#else
QEMU_PLUGIN_EXPORT int not_an_install_function;
#endif
