/*
 * The aarch64 CPU model that -cpu (or QEMU_CPU) selects: which
 * architecture features the guest sees, and its MIDR_EL1. Models are
 * qemu-aarch64's names; "max" (the default) has every feature peek
 * implements, the named cores what the real core has of them. Properties
 * ",feature=on|off" (peek's own, named as Linux's /proc/cpuinfo names
 * the features) then add or remove single features.
 *
 * The result is a64_features (aarch64.h), which translate.c checks
 * against each pattern's class in insns.def, and what AT_HWCAP/AT_HWCAP2
 * report: exactly the enabled features, never more.
 */
#include <stdio.h>
#include <string.h>

#include "guest/aarch64/aarch64.h"
#include "guest/aarch64/decode.h"
#include "util/cpuspec.h"

/* Every feature class the translator implements completely. */
#define A64_IMPLEMENTED (A64_CLS_BASE | A64_CLS_LSE | A64_CLS_CRC32 | A64_CLS_FP | A64_CLS_SIMD | \
                         A64_CLS_AES | A64_CLS_SHA1 | A64_CLS_SHA256 | A64_CLS_SHA512 |         \
                         A64_CLS_SHA3 | A64_CLS_PMULL | A64_CLS_JSCVT | A64_CLS_FRINTTS |       \
                         A64_CLS_RDM | A64_CLS_DOTPROD | A64_CLS_FP16 | A64_CLS_FHM |          \
                         A64_CLS_FCMA | A64_CLS_RCPC | A64_CLS_RCPC2 | A64_CLS_SB |        \
                         A64_CLS_LOR)

/* ARMv8.0 cores with the crypto extension (as Debian's arm64 boards). */
#define V80 (A64_CLS_BASE | A64_CLS_FP | A64_CLS_SIMD | A64_CLS_AES | A64_CLS_PMULL | \
             A64_CLS_SHA1 | A64_CLS_SHA256 | A64_CLS_CRC32)

typedef struct A64Model {
    const char *name;
    uint32_t features;      /* before masking with A64_IMPLEMENTED */
    uint64_t midr;
    const char *desc;
} A64Model;

static const A64Model models[] = {
    { "max", A64_CLS_ALL, 0x411fd070, "every feature peek implements (the default)" },
    { "cortex-a53", V80, 0x410fd034, "ARMv8.0" },
    { "cortex-a57", V80, 0x411fd070, "ARMv8.0" },
    { "cortex-a72", V80, 0x410fd083, "ARMv8.0" },
    { "neoverse-n1", V80 | A64_CLS_LSE | A64_CLS_LOR | A64_CLS_FP16 | A64_CLS_RDM |
                         A64_CLS_RCPC | A64_CLS_DOTPROD, 0x414fd0c1, "ARMv8.2" },
};
#define N_MODELS (sizeof(models) / sizeof(models[0]))

/* Features by the names of /proc/cpuinfo, with their AT_HWCAP and
 * AT_HWCAP2 bits (Linux's arm64 uapi hwcap.h). */
typedef struct A64Feature {
    const char *name;
    uint32_t cls;
    uint64_t hwcap, hwcap2;
} A64Feature;

static const A64Feature features[] = {
    { "fp", A64_CLS_FP, 1u << 0, 0 },
    { "asimd", A64_CLS_SIMD, 1u << 1, 0 },
    { "aes", A64_CLS_AES, 1u << 3, 0 },
    { "pmull", A64_CLS_PMULL, 1u << 4, 0 },
    { "sha1", A64_CLS_SHA1, 1u << 5, 0 },
    { "sha2", A64_CLS_SHA256, 1u << 6, 0 },
    { "crc32", A64_CLS_CRC32, 1u << 7, 0 },
    { "atomics", A64_CLS_LSE, 1u << 8, 0 },
    { "fphp", A64_CLS_FP16, 1u << 9 | 1u << 10, 0 },     /* and asimdhp */
    { "asimdrdm", A64_CLS_RDM, 1u << 12, 0 },
    { "jscvt", A64_CLS_JSCVT, 1u << 13, 0 },
    { "fcma", A64_CLS_FCMA, 1u << 14, 0 },
    { "lrcpc", A64_CLS_RCPC, 1u << 15, 0 },
    { "sha3", A64_CLS_SHA3, 1u << 17, 0 },
    { "asimddp", A64_CLS_DOTPROD, 1u << 20, 0 },
    { "sha512", A64_CLS_SHA512, 1u << 21, 0 },
    { "asimdfhm", A64_CLS_FHM, 1u << 23, 0 },
    { "ilrcpc", A64_CLS_RCPC2, 1u << 26, 0 },
    { "flagm", A64_CLS_FLAGM, 1u << 27, 0 },
    { "sb", A64_CLS_SB, 1u << 29, 0 },
    { "frint", A64_CLS_FRINTTS, 0, 1u << 8 },
    { "i8mm", A64_CLS_I8MM, 0, 1u << 13 },
    { "bf16", A64_CLS_BF16, 0, 1u << 14 },
};
#define N_FEATURES (sizeof(features) / sizeof(features[0]))
#define HWCAP_CPUID (1u << 11)   /* MRS of the ID registers works at EL0 */

uint32_t a64_features = A64_CLS_ALL & A64_IMPLEMENTED;
uint64_t a64_midr = 0x411fd070;

static bool a64_prop(void *ctx, const CpuSpecProp *p, char *err, size_t errlen)
{
    uint32_t *f = ctx;
    for (size_t i = 0; i < N_FEATURES; i++) {
        if (!span_is(p->name, p->name_len, features[i].name))
            continue;
        if (p->on && !(features[i].cls & A64_IMPLEMENTED)) {
            snprintf(err, errlen, "feature '%s' is not implemented by peek", features[i].name);
            return false;
        }
        *f = p->on ? *f | features[i].cls : *f & ~features[i].cls;
        return true;
    }
    snprintf(err, errlen, "unknown property '%.*s' (try -cpu help)", (int)p->name_len, p->name);
    return false;
}

bool a64_cpu_configure(const char *spec, char *err, size_t errlen)
{
    size_t n = strcspn(spec, ",");
    const A64Model *m = NULL;
    for (size_t i = 0; i < N_MODELS; i++)
        if (span_is(spec, n, models[i].name))
            m = &models[i];
    if (!m) {
        snprintf(err, errlen, "unknown CPU model '%.*s' (try -cpu help)", (int)n, spec);
        return false;
    }
    uint32_t f = m->features & A64_IMPLEMENTED;
    if (!cpu_spec_parse(spec, &n, a64_prop, &f, err, errlen))
        return false;
    if ((f & A64_CLS_SIMD) && !(f & A64_CLS_FP)) {
        snprintf(err, errlen, "asimd requires fp (add asimd=off)");
        return false;
    }
    a64_features = f;
    a64_midr = m->midr;
    return true;
}

uint64_t a64_hwcap(void)
{
    uint64_t h = HWCAP_CPUID;
    for (size_t i = 0; i < N_FEATURES; i++)
        if (a64_features & features[i].cls)
            h |= features[i].hwcap;
    return h;
}

uint64_t a64_hwcap2(void)
{
    uint64_t h = 0;
    for (size_t i = 0; i < N_FEATURES; i++)
        if (a64_features & features[i].cls)
            h |= features[i].hwcap2;
    return h;
}

/* /proc/cpuinfo's "Features:" line. Per thread, so a caller on any thread
 * gets a string nobody rewrites under it. */
const char *a64_hwcap_string(void)
{
    static _Thread_local char buf[256];
    size_t len = 0;
    for (size_t i = 0; i < N_FEATURES && len < sizeof(buf); i++)
        if (a64_features & features[i].cls)
            len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s", len ? " " : "",
                                    features[i].name);
    if (len < sizeof(buf))
        snprintf(buf + len, sizeof(buf) - len, "%scpuid", len ? " " : "");
    return buf;
}

void a64_cpu_help(FILE *out)
{
    fputs("Available CPUs:\n", out);
    for (size_t i = 0; i < N_MODELS; i++)
        fprintf(out, "  %-12s %s\n", models[i].name, models[i].desc);
    fputs("\nFeatures implemented, toggled with -cpu MODEL,NAME=on|off:\n ", out);
    for (size_t i = 0; i < N_FEATURES; i++)
        if (features[i].cls & A64_IMPLEMENTED)
            fprintf(out, " %s", features[i].name);
    fputs("\n", out);
}
