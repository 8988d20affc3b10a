/*
 * seqscan: sequential scans of a large array.  One pass writes every word (a cheap hash of
 * its index and the seed), then <passes> read passes fold every word into a checksum.
 *
 *   usage: seqscan [bytes=8388608] [passes=8] [seed=1]
 *   footprint: bytes (default 8 MiB = 2048 pages), always walked low to high.
 *   output: "seqscan: bytes=<b> passes=<p> seed=<s> sum=0x<..> checksum=0x<..>"
 */
#include "rt.h"

int main(int argc, char **argv)
{
    uint32_t bytes = rt_arg_u32(argc, argv, 1, 8u << 20);
    uint32_t passes = rt_arg_u32(argc, argv, 2, 8);
    uint32_t seed = rt_arg_u32(argc, argv, 3, 1);
    uint32_t words = bytes / 4;
    if (words == 0) rt_die("usage: seqscan [bytes>=4] [passes] [seed]");

    uint32_t *a = rt_alloc_pages((size_t)words * 4);
    uint32_t k = rt_mix32(seed) | 1;
    for (uint32_t i = 0; i < words; i++) a[i] = (i * k) ^ (i >> 7);

    uint32_t sum = 0, h = FNV_OFFSET;
    for (uint32_t p = 0; p < passes; p++) {
        uint32_t s = 0, x = 0;
        for (uint32_t i = 0; i < words; i++) { s += a[i]; x ^= a[i] + i; }
        sum += s;
        h = fnv_word(fnv_word(h, s), x);
    }
    rt_printf("seqscan: bytes=%u passes=%u seed=%u sum=0x%08x checksum=0x%08x\n",
              bytes, passes, seed, sum, h);
    return 0;
}
