/*
 * The target description GDB reads with qXfer:features:read:target.xml:
 * written from the guest's register table (GuestArch.regs), the one the
 * plugin API lists too. One <feature> per run of registers with the same
 * feature name, its type definitions first; the regnum of each register is
 * its index in the table, which is its number in p/P packets.
 */
#include "gdb/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

static const char *feature_types(const GuestArch *g, const char *feature)
{
    for (const GuestRegTypes *t = g->reg_types; t && t->feature; t++)
        if (!strcmp(t->feature, feature))
            return t->xml;
    return "";
}

const char *gdb_tdesc(const GuestArch *g, size_t *len)
{
    /* Built on first use by the server thread alone. */
    static char *xml;
    static size_t xml_len;
    if (xml) {
        *len = xml_len;
        return xml;
    }
    FILE *f = open_memstream(&xml, &xml_len);
    if (!f)
        fatal("gdb stub: out of memory");
    fprintf(f, "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
               "<target>\n<architecture>%s</architecture>\n", g->gdb_arch);
    for (unsigned i = 0; i < g->n_regs; i++) {
        const GuestReg *r = &g->regs[i];
        if (i == 0 || strcmp(r->feature, g->regs[i - 1].feature))
            fprintf(f, "%s<feature name=\"%s\">\n%s\n", i ? "</feature>\n" : "", r->feature,
                    feature_types(g, r->feature));
        fprintf(f, "<reg name=\"%s\" bitsize=\"%u\" type=\"%s\" regnum=\"%u\"/>\n", r->name,
                r->size * 8u, r->type ? r->type : "int", i);
    }
    fprintf(f, "%s</target>\n", g->n_regs ? "</feature>\n" : "");
    if (fclose(f))
        fatal("gdb stub: out of memory");
    *len = xml_len;
    return xml;
}
