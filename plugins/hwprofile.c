/*
 * hwprofile: which devices (memory-mapped IO regions) the guest touches.
 *
 * Arguments (checked, so that a mistake is reported as such):
 *   track=read|write  count only reads or only writes (default both)
 *   source=on|off     break each device's accesses down by guest PC
 *   pattern=on|off    break them down by offset into the device instead
 *
 * Devices exist only under system emulation. peek emulates Linux user
 * programs, which have no IO accesses, so after checking its arguments the
 * plugin refuses to install, saying so, rather than print an empty
 * profile.
 */
#include "plugin-args.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static const char *const NAME = "hwprofile";

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    bool source = false, pattern = false;

    for (int i = 0; i < argc; i++) {
        PluginArg a = parg_split(argv[i]);
        bool ok = true;

        if (parg_is(&a, "track")) {
            if (g_strcmp0(a.value, "read") != 0 &&
                g_strcmp0(a.value, "write") != 0) {
                ok = parg_fail(NAME, &a, "read or write");
            }
        } else if (parg_is(&a, "source")) {
            ok = parg_bool(NAME, &a, &source);
        } else if (parg_is(&a, "pattern")) {
            ok = parg_bool(NAME, &a, &pattern);
        } else {
            ok = parg_unknown(NAME, &a) == 0;
        }
        parg_free(&a);
        if (!ok) {
            return -1;
        }
    }
    if (source && pattern) {
        fprintf(stderr, "%s: source and pattern are exclusive\n", NAME);
        return -1;
    }
    fprintf(stderr, "%s: profiles device (IO) accesses, which only system "
            "emulation has; this is user-mode emulation (%s), so there is "
            "nothing to profile\n", NAME, info->target_name);
    return -1;
}
