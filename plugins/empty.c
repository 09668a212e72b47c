/*
 * empty: a plugin that instruments nothing.
 *
 * Loading it costs only what the plugin machinery costs on its own, so
 * comparing a run with and without it measures that overhead. It takes no
 * arguments and prints nothing.
 */
#include "plugin-args.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

PLUGIN_HELP(
    "instruments nothing (measures the cost of loading a plugin)\n"
    "  (no arguments)\n");

static bool no_args(const PluginArg *a, void *opaque)
{
    return parg_unknown("empty", a);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    return parg_each(argc, argv, no_args, NULL);
}
