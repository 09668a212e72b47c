/*
 * hwprofile: which devices (memory-mapped IO regions) the guest touches.
 *
 * Arguments: see PLUGIN_HELP below (`peek -plugin hwprofile,help` prints it).
 *
 * Devices exist only under system emulation. peek emulates Linux user
 * programs, which have no IO accesses, so after checking its arguments the
 * plugin refuses to install, saying so, rather than print an empty
 * profile.
 */
#include "plugin-args.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

PLUGIN_HELP(
    "which devices (memory-mapped IO) the guest touches; system emulation only, refuses under peek\n"
    "  track=read|write  count only reads or only writes (default both)\n"
    "  source=on|off     break each device's accesses down by guest pc\n"
    "  pattern=on|off    break them down by offset into the device instead\n");

static const char *const NAME = "hwprofile";

/* The two options that exclude each other. */
typedef struct {
    bool source;
    bool pattern;
} Modes;

static bool parse_arg(const PluginArg *a, void *opaque)
{
    /* Checked only: user mode has no device accesses to count. */
    static const PluginChoice tracks[] = { { "read", 0 }, { "write", 0 } };
    Modes *m = opaque;

    if (parg_is(a, "track")) {
        return parg_choice(NAME, a, tracks, G_N_ELEMENTS(tracks),
                           "read or write") != NULL;
    }
    if (parg_is(a, "source")) {
        return parg_bool(NAME, a, &m->source);
    }
    if (parg_is(a, "pattern")) {
        return parg_bool(NAME, a, &m->pattern);
    }
    return parg_unknown(NAME, a);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    Modes m = { false, false };

    if (parg_each(argc, argv, parse_arg, &m)) {
        return -1;
    }
    if (m.source && m.pattern) {
        fprintf(stderr, "%s: source and pattern are exclusive\n", NAME);
        return -1;
    }
    fprintf(stderr, "%s: profiles device (IO) accesses, which only system "
            "emulation has; this is user-mode emulation (%s), so there is "
            "nothing to profile\n", NAME, info->target_name);
    return -1;
}
