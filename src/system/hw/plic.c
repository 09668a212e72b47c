/*
 * PLIC (the virt board's plic@c000000), in QEMU virt's layout: sources
 * 1..N with 3-bit priorities, two contexts per hart (2h: M mode, driving
 * MEIP; 2h+1: S mode, driving SEIP).
 *
 *   0x000000 + 4*src              priority (0: never interrupts)
 *   0x001000 + 4*word             pending bits (read only)
 *   0x002000 + 0x80*ctx + 4*word  enable bits of context ctx
 *   0x200000 + 0x1000*ctx         threshold of ctx
 *   0x200004 + 0x1000*ctx         claim (read) / complete (write)
 *
 * The sources are level-triggered, each behind a gateway: a high level
 * makes the source pending unless it is in service (claimed and not yet
 * completed), and it stays pending until claimed even if the level drops
 * (as the spec's gateway and QEMU 7.2 have it). A claim
 * returns the enabled pending source of highest priority above the
 * context's threshold (the lowest ID among equals), or 0, and puts it in
 * service; completing it (only through a context where it is enabled, as
 * the spec says) ends service, and a level still high is pending again.
 * A context's interrupt line is high while a claim would return non-zero.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices.h"

enum { PENDING_BASE = 0x1000, ENABLE_BASE = 0x2000, ENABLE_STRIDE = 0x80,
       CONTEXT_BASE = 0x200000, CONTEXT_STRIDE = 0x1000, PLIC_SIZE = 0x600000 };
enum { PRIO_MASK = 7, MIP_SEIP = 9, MIP_MEIP = 11 };

typedef struct PlicInput {
    Plic *plic;
    unsigned src;
} PlicInput;

struct Plic {
    unsigned sources, contexts, words;  /* words: 32-bit bitmap words for 0..sources */
    uint8_t *priority, *level;
    uint32_t *pending, *in_service;     /* bitmaps */
    uint32_t *enable;                   /* contexts x words */
    uint8_t *threshold;
    IRQ *out;
    PlicInput *inputs;
};

static bool bit(const uint32_t *map, unsigned n)
{
    return map[n / 32] >> (n % 32) & 1;
}

static void set_bit(uint32_t *map, unsigned n, bool v)
{
    if (v)
        map[n / 32] |= 1u << (n % 32);
    else
        map[n / 32] &= ~(1u << (n % 32));
}

/* The source a claim by ctx would get, or 0. */
static unsigned plic_best(const Plic *p, unsigned ctx)
{
    const uint32_t *en = p->enable + ctx * p->words;
    unsigned best = 0, best_prio = p->threshold[ctx];
    for (unsigned w = 0; w < p->words; w++) {
        uint32_t cand = p->pending[w] & en[w];
        while (cand) {
            unsigned src = w * 32 + (unsigned)__builtin_ctz(cand);
            cand &= cand - 1;
            if (p->priority[src] > best_prio) {
                best = src;
                best_prio = p->priority[src];
            }
        }
    }
    return best;
}

static void plic_update(Plic *p)
{
    for (unsigned ctx = 0; ctx < p->contexts; ctx++)
        irq_set(&p->out[ctx], plic_best(p, ctx) != 0);
}

static void plic_input_set(void *opaque, int n, int level)
{
    PlicInput *in = opaque;
    Plic *p = in->plic;
    p->level[in->src] = level != 0;
    if (level && !bit(p->in_service, in->src)) {
        set_bit(p->pending, in->src, true);
        plic_update(p);
    }
}

IRQ plic_input(Plic *p, unsigned source)
{
    if (source == 0 || source > p->sources) {
        fprintf(stderr, "peek: PLIC source %u out of range\n", source);
        exit(1);
    }
    return (IRQ){ plic_input_set, &p->inputs[source], (int)source };
}

static uint64_t plic_read(void *opaque, uint64_t off, unsigned size)
{
    Plic *p = opaque;
    if (size != 4)
        goto bad;
    if (off < PENDING_BASE) {
        if (off / 4 <= p->sources)
            return p->priority[off / 4];
    } else if (off < ENABLE_BASE) {
        if ((off - PENDING_BASE) / 4 < p->words)
            return p->pending[(off - PENDING_BASE) / 4];
    } else if (off < CONTEXT_BASE) {
        uint64_t ctx = (off - ENABLE_BASE) / ENABLE_STRIDE, w = (off - ENABLE_BASE) % ENABLE_STRIDE / 4;
        if (ctx < p->contexts && w < p->words)
            return p->enable[ctx * p->words + w];
    } else {
        uint64_t ctx = (off - CONTEXT_BASE) / CONTEXT_STRIDE, reg = off % CONTEXT_STRIDE;
        if (ctx < p->contexts && reg == 0)
            return p->threshold[ctx];
        if (ctx < p->contexts && reg == 4) {
            unsigned src = plic_best(p, (unsigned)ctx);
            if (src) {
                set_bit(p->pending, src, false);
                set_bit(p->in_service, src, true);
                plic_update(p);
            }
            return src;
        }
    }
bad:
    sys_guest_error("plic: read of 0x%llx (size %u)", (unsigned long long)off, size);
    return 0;
}

static void plic_write(void *opaque, uint64_t off, uint64_t val, unsigned size)
{
    Plic *p = opaque;
    if (size != 4)
        goto bad;
    if (off < PENDING_BASE) {
        if (off / 4 <= p->sources && off / 4 != 0) {
            p->priority[off / 4] = val & PRIO_MASK;
            plic_update(p);
            return;
        }
    } else if (off < ENABLE_BASE) {
        /* pending bits are read-only */
    } else if (off < CONTEXT_BASE) {
        uint64_t ctx = (off - ENABLE_BASE) / ENABLE_STRIDE, w = (off - ENABLE_BASE) % ENABLE_STRIDE / 4;
        if (ctx < p->contexts && w < p->words) {
            uint32_t v = (uint32_t)val;
            if (w == 0)
                v &= ~1u;                       /* source 0 does not exist */
            if (w == p->words - 1 && (p->sources + 1) % 32)
                v &= (1u << ((p->sources + 1) % 32)) - 1;
            p->enable[ctx * p->words + w] = v;
            plic_update(p);
            return;
        }
    } else {
        uint64_t ctx = (off - CONTEXT_BASE) / CONTEXT_STRIDE, reg = off % CONTEXT_STRIDE;
        if (ctx < p->contexts && reg == 0) {
            p->threshold[ctx] = val & PRIO_MASK;
            plic_update(p);
            return;
        }
        if (ctx < p->contexts && reg == 4) {
            uint64_t src = val;
            if (src >= 1 && src <= p->sources && bit(p->enable + ctx * p->words, (unsigned)src)) {
                set_bit(p->in_service, (unsigned)src, false);
                if (p->level[src])
                    set_bit(p->pending, (unsigned)src, true);
                plic_update(p);
            }
            return;
        }
    }
bad:
    sys_guest_error("plic: write of 0x%llx to 0x%llx (size %u) ignored",
                    (unsigned long long)val, (unsigned long long)off, size);
}

static const MemOps plic_ops = { .read = plic_read, .write = plic_write };

/* Everything off; the sources' levels are the devices' and stay. */
static void plic_reset(void *opaque)
{
    Plic *p = opaque;
    memset(p->priority, 0, p->sources + 1);
    memset(p->in_service, 0, p->words * 4);
    memset(p->enable, 0, (size_t)p->contexts * p->words * 4);
    memset(p->threshold, 0, p->contexts);
    for (unsigned src = 1; src <= p->sources; src++)
        set_bit(p->pending, src, p->level[src]);
    plic_update(p);
}

Plic *plic_create(uint64_t base, unsigned harts, unsigned sources)
{
    Plic *p = calloc(1, sizeof(*p));
    if (!p)
        goto oom;
    p->sources = sources;
    p->contexts = 2 * harts;
    p->words = (sources + 1 + 31) / 32;
    p->priority = calloc(sources + 1, 1);
    p->level = calloc(sources + 1, 1);
    p->pending = calloc(p->words, 4);
    p->in_service = calloc(p->words, 4);
    p->enable = calloc((size_t)p->contexts * p->words, 4);
    p->threshold = calloc(p->contexts, 1);
    p->out = calloc(p->contexts, sizeof(IRQ));
    p->inputs = calloc(sources + 1, sizeof(PlicInput));
    if (!p->priority || !p->level || !p->pending || !p->in_service || !p->enable ||
        !p->threshold || !p->out || !p->inputs)
        goto oom;
    for (unsigned i = 0; i <= sources; i++)
        p->inputs[i] = (PlicInput){ p, i };
    for (unsigned h = 0; h < harts; h++) {
        p->out[2 * h] = sys_hart_irq(h, MIP_MEIP);
        p->out[2 * h + 1] = sys_hart_irq(h, MIP_SEIP);
    }
    hw_on_reset(plic_reset, p);
    sys_map_device("riscv.sifive.plic", base, PLIC_SIZE, &plic_ops, p);
    return p;
oom:
    fprintf(stderr, "peek: out of memory\n");
    exit(1);
}
