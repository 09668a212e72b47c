/*
 * Helpers the plugins in this folder share beyond argument parsing
 * (plugin-args.h): the orders their reports sort by, hash tables keyed by
 * a block's address and length, and a table of per-vCPU state.
 * Header-only for the same reason: each plugin is one shared object built
 * from one .c file against the public API and glib alone.
 */
#ifndef PEEK_PLUGIN_UTIL_H
#define PEEK_PLUGIN_UTIL_H

#include <stdint.h>
#include <glib.h>

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
 * Per-vCPU pointers, by vCPU index, for state a scoreboard cannot hold.
 * The array grows when a vCPU starts; each vCPU only touches its own entry,
 * but a growing array may move, so lookups take the read lock. A static
 * PluginVcpus needs only putil_vcpus_init (a zeroed GRWLock is ready).
 */
typedef struct PluginVcpus {
    GPtrArray *ptrs;
    GRWLock lock;
} PluginVcpus;

static inline void putil_vcpus_init(PluginVcpus *t)
{
    t->ptrs = g_ptr_array_new();
}

/* One past the highest vCPU index that has started. */
static inline guint putil_vcpus_len(PluginVcpus *t)
{
    guint n;

    g_rw_lock_reader_lock(&t->lock);
    n = t->ptrs->len;
    g_rw_lock_reader_unlock(&t->lock);
    return n;
}

/* vcpu's pointer, or NULL when that vCPU has not started. */
static inline void *putil_vcpu_get(PluginVcpus *t, unsigned int vcpu)
{
    void *p;

    g_rw_lock_reader_lock(&t->lock);
    p = vcpu < t->ptrs->len ? g_ptr_array_index(t->ptrs, vcpu) : NULL;
    g_rw_lock_reader_unlock(&t->lock);
    return p;
}

static inline void putil_vcpu_set(PluginVcpus *t, unsigned int vcpu, void *p)
{
    g_rw_lock_writer_lock(&t->lock);
    if (t->ptrs->len <= vcpu) {
        g_ptr_array_set_size(t->ptrs, vcpu + 1);
    }
    g_ptr_array_index(t->ptrs, vcpu) = p;
    g_rw_lock_writer_unlock(&t->lock);
}

#endif
