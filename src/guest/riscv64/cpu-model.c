/*
 * The riscv64 CPU model that -cpu (or QEMU_CPU) selects: which extensions
 * the guest sees. The spelling is qemu's: a model name ("rv64", "max",
 * "any", all meaning every extension peek implements) followed by
 * ",name=value" properties, value on/off, true/false, yes/no or y/n. Each
 * property is named as qemu names it; "Zicsr" and "Zifencei" are also
 * accepted because that is how qemu 7.2 capitalised them.
 *
 * The result is rv_ext_enabled (riscv64.h), which translate.c checks
 * against each pattern's extension in insns.def, and what AT_HWCAP and the
 * ISA string report. A disabled extension's instructions become illegal
 * encodings, and without C a jump to an address that is not 4-byte aligned
 * faults (trans-rvi.c); all of it is decided at translation time.
 */
#include <stdio.h>
#include <string.h>

#include "guest/riscv64/decode.h"
#include "guest/riscv64/riscv64.h"
#include "util/cpuspec.h"

unsigned rv_ext_enabled = RV_EXT_ALL;

typedef struct RVExtProp {
    const char *name;     /* qemu's property name */
    const char *alias;    /* qemu 7.2's spelling, when it differs */
    unsigned ext;         /* RV_EXT_* */
} RVExtProp;

/* In the canonical order of an ISA string: single letters, then the
 * Z extensions grouped by the letter after Z (i before b), then A-Z. */
static const RVExtProp ext_props[] = {
    { "i", NULL, RV_EXT_I },
    { "m", NULL, RV_EXT_M },
    { "a", NULL, RV_EXT_A },
    { "f", NULL, RV_EXT_F },
    { "d", NULL, RV_EXT_D },
    { "c", NULL, RV_EXT_C },
    { "zicond", NULL, RV_EXT_ZICOND },
    { "zicsr", "Zicsr", RV_EXT_ZICSR },
    { "zifencei", "Zifencei", RV_EXT_ZIFENCEI },
    { "zba", NULL, RV_EXT_ZBA },
    { "zbb", NULL, RV_EXT_ZBB },
    { "zbs", NULL, RV_EXT_ZBS },
};
#define N_EXT_PROPS (sizeof(ext_props) / sizeof(ext_props[0]))

/* Extensions that need another one: refused rather than silently fixed,
 * as qemu does, so the user sees what they asked for cannot exist. */
static const struct { unsigned ext, needs; const char *rule, *fix; } ext_deps[] = {
    { RV_EXT_D, RV_EXT_F, "d requires f", "d=off" },
    { RV_EXT_F, RV_EXT_ZICSR, "f requires zicsr", "f=off,d=off" },
};

static const char *const models[] = { "rv64", "max", "any" };

static const RVExtProp *find_prop(const char *p, size_t n)
{
    for (size_t i = 0; i < N_EXT_PROPS; i++)
        if (span_is(p, n, ext_props[i].name) || span_is(p, n, ext_props[i].alias))
            return &ext_props[i];
    return NULL;
}

/* One ",name=on|off" of the spec: turn the extension on or off in *ctx. */
static bool rv_prop(void *ctx, const CpuSpecProp *p, char *err, size_t errlen)
{
    unsigned *ext = ctx;
    const RVExtProp *e = find_prop(p->name, p->name_len);
    if (!e) {
        snprintf(err, errlen, "unknown property '%.*s' (try -cpu help)", (int)p->name_len, p->name);
        return false;
    }
    if (!p->on && e->ext == RV_EXT_I) {
        snprintf(err, errlen, "i cannot be turned off (peek has no RV64E)");
        return false;
    }
    *ext = p->on ? *ext | e->ext : *ext & ~e->ext;
    return true;
}

bool rv_cpu_configure(const char *spec, char *err, size_t errlen)
{
    size_t n = strcspn(spec, ",");
    bool model_ok = false;
    for (size_t i = 0; i < sizeof(models) / sizeof(models[0]); i++)
        model_ok |= span_is(spec, n, models[i]);
    if (!model_ok) {
        snprintf(err, errlen, "unknown CPU model '%.*s' (try -cpu help)", (int)n, spec);
        return false;
    }
    unsigned ext = RV_EXT_ALL;
    if (!cpu_spec_parse(spec, &n, rv_prop, &ext, err, errlen))
        return false;
    for (size_t i = 0; i < sizeof(ext_deps) / sizeof(ext_deps[0]); i++) {
        if ((ext & ext_deps[i].ext) && !(ext & ext_deps[i].needs)) {
            snprintf(err, errlen, "%s (add %s)", ext_deps[i].rule, ext_deps[i].fix);
            return false;
        }
    }
    rv_ext_enabled = ext;
    return true;
}

/* "rv64imafdc_zicond_..." for the extensions in ext. */
static void isa_string(unsigned ext, char *buf, size_t n)
{
    size_t len = (size_t)snprintf(buf, n, "rv64");
    for (size_t i = 0; i < N_EXT_PROPS && len < n; i++)
        if (ext & ext_props[i].ext)
            len += (size_t)snprintf(buf + len, n - len, "%s%s",
                                    ext_props[i].name[1] ? "_" : "", ext_props[i].name);
}

/* Per thread, so a caller on any thread gets a string nobody rewrites
 * under it; the contents are the same everywhere. */
const char *rv_hwcap_string(void)
{
    static _Thread_local char buf[128];
    isa_string(rv_ext_enabled, buf, sizeof(buf));
    return buf;
}

/* Linux's AT_HWCAP for riscv: bit (letter - 'a') per single-letter
 * extension; the Z extensions have no bits there. */
uint64_t rv_hwcap(void)
{
    uint64_t bits = 0;
    for (size_t i = 0; i < N_EXT_PROPS; i++)
        if (!ext_props[i].name[1] && (rv_ext_enabled & ext_props[i].ext))
            bits |= 1ull << (ext_props[i].name[0] - 'a');
    return bits;
}

void rv_cpu_help(FILE *out)
{
    char isa[128];
    isa_string(RV_EXT_ALL, isa, sizeof(isa));
    fprintf(out, "Available CPUs:\n  rv64    %s (the default)\n"
                 "  max     same as rv64\n  any     same as rv64\n\n"
                 "Extensions, all on by default; toggle with -cpu rv64,NAME=on|off:\n ",
            isa);
    for (size_t i = 0; i < N_EXT_PROPS; i++)
        fprintf(out, " %s%s", ext_props[i].name, ext_props[i].ext == RV_EXT_I ? " (cannot be off)" : "");
    fputs("\n ", out);
    for (size_t i = 0; i < sizeof(ext_deps) / sizeof(ext_deps[0]); i++)
        fprintf(out, "%s%s", i ? ", " : " ", ext_deps[i].rule);
    fputs("\n", out);
}
