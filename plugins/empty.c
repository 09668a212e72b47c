/*
 * empty: a plugin that instruments nothing.
 *
 * Loading it costs only what the plugin machinery costs on its own, so
 * comparing a run with and without it measures that overhead. It takes no
 * arguments and prints nothing.
 */
#include "plugin-args.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    if (argc > 0) {
        PluginArg a = parg_split(argv[0]);
        int ret = parg_unknown("empty", &a);

        parg_free(&a);
        return ret;
    }
    return 0;
}
