/*
 * A fast 64-bit hash of a byte string, for telling contents apart (the
 * persistent code cache names its files by it and checks them with it).
 * Not cryptographic: it finds accidents (a changed file, a damaged cache),
 * not an adversary's collisions.
 */
#ifndef PEEK_UTIL_HASH_H
#define PEEK_UTIL_HASH_H

#include <stddef.h>
#include <stdint.h>

uint64_t hash64(const void *data, size_t len, uint64_t seed);

#endif
