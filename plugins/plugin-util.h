/*
 * Helpers the plugins in this folder share beyond argument parsing
 * (plugin-args.h): the orders their reports sort by, and hash tables keyed
 * by a block's address and length.
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

#endif
