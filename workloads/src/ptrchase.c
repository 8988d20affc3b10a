/*
 * ptrchase: dependent loads through a random cyclic permutation.  next[] is built with
 * Sattolo's algorithm, so i -> next[i] is a single cycle through all n slots; each step's
 * address depends on the previous load (no locality, no overlap).  Counts how often the
 * walk returns to slot 0 ("laps" = steps / n when the permutation is one cycle).
 *
 *   usage: ptrchase [n=2097152] [steps=8388608] [seed=1]
 *   footprint: 4*n bytes (default 8 MiB = 2048 pages), visited in random page order.
 *   output: "ptrchase: n=<n> steps=<s> seed=<seed> laps=<l> end=<slot> checksum=0x<h>"
 */
#include "rt.h"

int main(int argc, char **argv)
{
    uint32_t n = rt_arg_u32(argc, argv, 1, 2u << 20);
    uint32_t steps = rt_arg_u32(argc, argv, 2, 8u << 20);
    uint32_t seed = rt_arg_u32(argc, argv, 3, 1);
    if (n < 2 || n > 0x10000000U) rt_die("usage: ptrchase [n>=2] [steps] [seed]");

    uint32_t *next = rt_alloc((size_t)n * 4);
    for (uint32_t i = 0; i < n; i++) next[i] = i;
    rng_t r;
    rng_seed(&r, seed);
    for (uint32_t i = n - 1; i > 0; i--) {      /* Sattolo: j uniform in [0, i) */
        uint32_t j = rng_below(&r, i);
        uint32_t t = next[i]; next[i] = next[j]; next[j] = t;
    }

    uint32_t p = 0, laps = 0, h = FNV_OFFSET;
    for (uint32_t s = 0; s < steps; s++) {
        p = next[p];
        h = (h ^ p) * 16777619U;                 /* order-dependent (FNV-1a step) */
        laps += (p == 0);
    }
    rt_printf("ptrchase: n=%u steps=%u seed=%u laps=%u end=%u checksum=0x%08x\n",
              n, steps, seed, laps, p, h);
    return 0;
}
