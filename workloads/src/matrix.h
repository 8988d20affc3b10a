/* Shared by matmul and matmul-tiled: identical inputs and result digests. */
#ifndef MILKLAB_MATRIX_H
#define MILKLAB_MATRIX_H
#include "rt.h"

/* A, B: PRNG values in [-128, 127]; C: zeroed explicitly. */
static void mat_init(uint32_t n, uint32_t seed, int32_t **a, int32_t **b, int32_t **c)
{
    size_t bytes = (size_t)n * n * 4;
    *a = rt_alloc(bytes);
    *b = rt_alloc(bytes);
    *c = rt_alloc(bytes);
    rng_t r;
    rng_seed(&r, seed);
    for (uint32_t i = 0; i < n * n; i++) (*a)[i] = (int32_t)(rng_next(&r) >> 24) - 128;
    for (uint32_t i = 0; i < n * n; i++) (*b)[i] = (int32_t)(rng_next(&r) >> 24) - 128;
    memset(*c, 0, bytes);
}

static uint32_t mat_trace(const int32_t *c, uint32_t n)
{
    uint32_t t = 0;
    for (uint32_t i = 0; i < n; i++) t += (uint32_t)c[i * n + i];
    return t;
}

static uint32_t mat_checksum(const int32_t *c, uint32_t n)
{
    uint32_t h = FNV_OFFSET;
    for (uint32_t i = 0; i < n * n; i++) h = fnv_word(h, (uint32_t)c[i]);
    return h;
}
#endif
