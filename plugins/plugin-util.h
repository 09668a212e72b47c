/*
 * Helpers the plugins in this folder share beyond argument parsing
 * (plugin-args.h): the orders their reports sort by, hash tables keyed by
 * a block's address and length, and tables of per-vCPU state.
 * Header-only for the same reason: each plugin is one shared object built
 * from one .c file against the public API and glib alone.
 */
#ifndef PEEK_PLUGIN_UTIL_H
#define PEEK_PLUGIN_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <qemu-plugin.h>

/* GCompareFunc-style order of two numbers: smallest first. */
static inline gint putil_cmp_u64(uint64_t a, uint64_t b)
{
    return a < b ? -1 : a > b;
}

/* Largest first: the order of every "hottest" report. */
static inline gint putil_cmp_u64_desc(uint64_t a, uint64_t b)
{
    return a > b ? -1 : a < b;
}

/*
 * Largest count first, equal counts by the smaller key (an address or an
 * encoding), so that a report lists ties in the same order on every run.
 */
static inline gint putil_cmp_hot(uint64_t count_a, uint64_t key_a,
                                 uint64_t count_b, uint64_t key_b)
{
    gint r = putil_cmp_u64_desc(count_a, count_b);

    return r ? r : putil_cmp_u64(key_a, key_b);
}

/*
 * Defines prefix_hash and prefix_equal for a GHashTable whose keys are
 * Type records told apart by two uint64_t fields: a block's start address
 * and its length (in instructions or bytes), since a later translation
 * from the same address may cover a different span.
 */
#define PUTIL_DEFINE_ADDR_LEN_KEY(prefix, Type, addr, len)                   \
    static guint prefix##_hash(gconstpointer p)                              \
    {                                                                        \
        const Type *k = p;                                                   \
                                                                             \
        return g_int64_hash(&k->addr) ^ (guint)k->len;                       \
    }                                                                        \
                                                                             \
    static gboolean prefix##_equal(gconstpointer a, gconstpointer b)         \
    {                                                                        \
        const Type *x = a, *y = b;                                           \
                                                                             \
        return x->addr == y->addr && x->len == y->len;                       \
    }

/*
 * Per-vCPU records, by vCPU index, found without a lock or a call into the
 * emulator: a callback that counts does little else, so a lock (or even
 * qemu_plugin_scoreboard_find) would be most of its cost. Records come
 * zeroed, in chunks of PUTIL_VCPU_CHUNK vCPUs allocated the first time one
 * of them asks and published with a compare-and-swap; they never move, so
 * a lookup is two loads. Each record fills whole cache lines, so that two
 * vCPUs never write the same line. A vCPU writes only its own record;
 * another thread reading it (a report at exit) sees what that vCPU wrote
 * as it would any plain counter. One table holds records of one type; a
 * static table needs no set-up.
 *
 * Records of one cache line for the first PUTIL_VCPU_CHUNK vCPUs live in
 * the table itself: a static table's address is known at link time, so
 * their lookup is a compare and an address computation, no load. That
 * load was a third of a counting callback's cost (mem callback=on on
 * nbody, 0.68 s against 0.58 s). Those records always exist, zeroed, so
 * putil_vcpu_end is never below PUTIL_VCPU_CHUNK.
 */
#define PUTIL_VCPU_CHUNK 64
#define PUTIL_VCPU_MAX 65536                 /* peek's vCPU index limit */
#define PUTIL_LINE 64

typedef struct PluginVcpuData {
    uint8_t first[PUTIL_VCPU_CHUNK * PUTIL_LINE] __attribute__((aligned(PUTIL_LINE)));
    void *chunks[PUTIL_VCPU_MAX / PUTIL_VCPU_CHUNK];   /* atomic */
    unsigned int end;            /* atomic: see putil_vcpu_end */
} PluginVcpuData;

static inline size_t putil_vcpu_stride(size_t size)
{
    return (size + PUTIL_LINE - 1) & ~(size_t)(PUTIL_LINE - 1);
}

/* vcpu's record in t->first, or NULL where the chunks hold it. */
static inline void *putil_vcpu_first(PluginVcpuData *t, unsigned int vcpu,
                                     size_t size)
{
    return putil_vcpu_stride(size) == PUTIL_LINE && vcpu < PUTIL_VCPU_CHUNK ?
        &t->first[vcpu * PUTIL_LINE] : NULL;
}

static __attribute__((noinline, unused)) void *
putil_vcpu_chunk_new(PluginVcpuData *t, unsigned int vcpu, size_t size)
{
    void *raw, *fresh, *old = NULL;
    size_t stride = putil_vcpu_stride(size);
    unsigned int end, chunk_end;

    if (vcpu >= PUTIL_VCPU_MAX) {
        fprintf(stderr, "plugin: vCPU index %u is past the %u a plugin's "
                "per-vCPU table holds\n", vcpu, PUTIL_VCPU_MAX);
        abort();
    }
    /*
     * calloc, so that large records (a buffer per vCPU) cost memory only
     * where they are used; aligned by hand, and never freed but here.
     */
    raw = calloc(1, PUTIL_VCPU_CHUNK * stride + PUTIL_LINE);
    if (!raw) {
        fprintf(stderr, "plugin: out of memory for per-vCPU records\n");
        abort();
    }
    fresh = (void *)(((uintptr_t)raw + PUTIL_LINE - 1) &
                     ~(uintptr_t)(PUTIL_LINE - 1));
    if (!__atomic_compare_exchange_n(&t->chunks[vcpu / PUTIL_VCPU_CHUNK],
                                     &old, fresh, false, __ATOMIC_ACQ_REL,
                                     __ATOMIC_ACQUIRE)) {
        free(raw);
        fresh = old;                         /* another vCPU of the chunk won */
    }
    chunk_end = (vcpu / PUTIL_VCPU_CHUNK + 1) * PUTIL_VCPU_CHUNK;
    end = __atomic_load_n(&t->end, __ATOMIC_RELAXED);
    while (end < chunk_end &&
           !__atomic_compare_exchange_n(&t->end, &end, chunk_end, false,
                                        __ATOMIC_RELEASE, __ATOMIC_RELAXED)) {
    }
    return (uint8_t *)fresh + (vcpu % PUTIL_VCPU_CHUNK) * stride;
}

/* vcpu's record of size bytes (the same size on every call for t). */
static inline void *putil_vcpu_rec(PluginVcpuData *t, unsigned int vcpu,
                                   size_t size)
{
    void *first = putil_vcpu_first(t, vcpu, size);

    if (G_LIKELY(first)) {
        return first;
    }
    if (G_LIKELY(vcpu < PUTIL_VCPU_MAX)) {
        uint8_t *c = __atomic_load_n(&t->chunks[vcpu / PUTIL_VCPU_CHUNK],
                                     __ATOMIC_ACQUIRE);

        if (G_LIKELY(c)) {
            return c + (vcpu % PUTIL_VCPU_CHUNK) * putil_vcpu_stride(size);
        }
    }
    return putil_vcpu_chunk_new(t, vcpu, size);
}

/* vcpu's record, or NULL when no vCPU of its chunk ever asked for one. */
static inline void *putil_vcpu_find(PluginVcpuData *t, unsigned int vcpu,
                                    size_t size)
{
    void *first = putil_vcpu_first(t, vcpu, size);
    uint8_t *c;

    if (G_LIKELY(first)) {
        return first;
    }
    c = vcpu < PUTIL_VCPU_MAX ?
        __atomic_load_n(&t->chunks[vcpu / PUTIL_VCPU_CHUNK], __ATOMIC_ACQUIRE) :
        NULL;
    return c ? c + (vcpu % PUTIL_VCPU_CHUNK) * putil_vcpu_stride(size) : NULL;
}

#define PUTIL_VCPU(t, vcpu, Type) \
    ((Type *)putil_vcpu_rec((t), (vcpu), sizeof(Type)))
#define PUTIL_VCPU_FIND(t, vcpu, Type) \
    ((Type *)putil_vcpu_find((t), (vcpu), sizeof(Type)))

/*
 * One past the highest vCPU index a record may exist for: every index of
 * the first chunk and of the last chunk allocated (the records of those
 * that never asked are zero).
 */
static inline unsigned int putil_vcpu_end(PluginVcpuData *t)
{
    return MAX(__atomic_load_n(&t->end, __ATOMIC_ACQUIRE), PUTIL_VCPU_CHUNK);
}

/*
 * Per-vCPU arrays of counters, indexed by a slot the plugin hands out (an
 * instruction class, a block), for callbacks that each add to one of many
 * counters: a vCPU's array grows, by that vCPU alone, when it first adds
 * to a slot past its end. So reading another vCPU's array is safe only
 * where no callback runs: at exit, when the emulator has removed them.
 */
typedef struct {
    uint64_t *n;
    size_t len;
} PluginSlots;

/* putil_slot_add when vcpu has no array yet or a short one. */
static __attribute__((noinline, unused)) void
putil_slot_add_slow(PluginVcpuData *t, unsigned int vcpu, size_t slot,
                    uint64_t n)
{
    PluginSlots *s = PUTIL_VCPU(t, vcpu, PluginSlots);

    if (slot >= s->len) {
        size_t len = s->len ? s->len : 64;

        while (len <= slot) {
            len *= 2;
        }
        s->n = g_renew(uint64_t, s->n, len);
        memset(s->n + s->len, 0, (len - s->len) * sizeof(uint64_t));
        s->len = len;
    }
    s->n[slot] += n;
}

/* The common case is a leaf: no frame, four loads and the addition. */
static inline void putil_slot_add(PluginVcpuData *t, unsigned int vcpu,
                                  size_t slot, uint64_t n)
{
    PluginSlots *s = PUTIL_VCPU_FIND(t, vcpu, PluginSlots);

    if (G_LIKELY(s && slot < s->len)) {
        s->n[slot] += n;
    } else {
        putil_slot_add_slow(t, vcpu, slot, n);
    }
}

/* A slot's total over every vCPU (at exit). */
static inline uint64_t putil_slot_sum(PluginVcpuData *t, size_t slot)
{
    uint64_t total = 0;
    unsigned int end = putil_vcpu_end(t);

    for (unsigned int i = 0; i < end; i++) {
        const PluginSlots *s = PUTIL_VCPU_FIND(t, i, PluginSlots);

        if (s && slot < s->len) {
            total += s->n[slot];
        }
    }
    return total;
}

/*
 * Many scoreboard counters, one per block say, for inline operations:
 * taken from shared scoreboards of PUTIL_BOARD_SLOTS counters each, since
 * every scoreboard costs the emulator a mapping of its own. The caller
 * serializes putil_board_u64 (slots are handed out under its lock).
 */
#define PUTIL_BOARD_SLOTS 512

typedef struct {
    GPtrArray *boards;
} PluginBoards;

static inline qemu_plugin_u64 putil_board_u64(PluginBoards *b, size_t slot)
{
    qemu_plugin_u64 e;

    if (!b->boards) {
        b->boards = g_ptr_array_new();
    }
    while (b->boards->len <= slot / PUTIL_BOARD_SLOTS) {
        g_ptr_array_add(b->boards, qemu_plugin_scoreboard_new(
                            PUTIL_BOARD_SLOTS * sizeof(uint64_t)));
    }
    e.score = g_ptr_array_index(b->boards, slot / PUTIL_BOARD_SLOTS);
    e.offset = slot % PUTIL_BOARD_SLOTS * sizeof(uint64_t);
    return e;
}

static inline void putil_boards_free(PluginBoards *b)
{
    for (guint i = 0; b->boards && i < b->boards->len; i++) {
        qemu_plugin_scoreboard_free(g_ptr_array_index(b->boards, i));
    }
    if (b->boards) {
        g_ptr_array_free(b->boards, TRUE);
        b->boards = NULL;
    }
}

/*
 * Per-vCPU pointers, for state a plugin sets up when a vCPU starts: NULL
 * until putil_vcpu_set.
 */
typedef PluginVcpuData PluginVcpus;

static inline void *putil_vcpu_get(PluginVcpus *t, unsigned int vcpu)
{
    void **p = PUTIL_VCPU_FIND(t, vcpu, void *);

    return p ? __atomic_load_n(p, __ATOMIC_ACQUIRE) : NULL;
}

static inline void putil_vcpu_set(PluginVcpus *t, unsigned int vcpu, void *p)
{
    __atomic_store_n(PUTIL_VCPU(t, vcpu, void *), p, __ATOMIC_RELEASE);
}

#endif
