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

/* The same kind of check for long inputs, several times faster where the
 * host has SSE4.2: three CRC32C lanes over 24-byte strides (the crc32
 * instruction takes 8 bytes a cycle when three run side by side), folded
 * with the tail and the length as hash64 does. Hosts without it compute
 * the same value from a table, slowly. */
uint64_t checksum64(const void *data, size_t len, uint64_t seed);

#endif
