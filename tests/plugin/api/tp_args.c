/* Prints its arguments (and that userdata reaches its callbacks), so that
 * several instances with their own arguments can be told apart. */
#include <qemu-plugin.h>

#include "tp.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static char *tag;

static void at_exit(void *ud) { tp_out("exit %s ud_ok=%d\n", tag, ud == (void *)tag); }

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                                           char **argv)
{
    GString *s = g_string_new("args:");
    for (int i = 0; i < argc; i++)
        g_string_append_printf(s, " [%s]", argv[i]);
    tag = g_strdup(argc ? argv[0] : "none");
    tp_out("%s\n", s->str);
    g_string_free(s, TRUE);
    qemu_plugin_register_atexit_cb(id, at_exit, tag);
    return 0;
}
