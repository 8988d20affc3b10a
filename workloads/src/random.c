/*
 * random: uniform random accesses over a region: each access picks a word uniformly,
 * reads it, and (one access in four) writes it back incremented.  The region is used as
 * the kernel hands it out (fresh anonymous memory is zero-filled), so the first touch of
 * every page comes from the random pattern itself.
 *
 *   usage: random [bytes=16777216] [accesses=4194304] [seed=1]
 *   footprint: bytes (default 16 MiB = 4096 pages), pages in random order.
 *   output: "random: bytes=<b> accesses=<a> seed=<s> writes=<w> checksum=0x<h>"
 */
#include "rt.h"

int main(int argc, char **argv)
{
    uint32_t bytes = rt_arg_u32(argc, argv, 1, 16u << 20);
    uint32_t accesses = rt_arg_u32(argc, argv, 2, 4u << 20);
    uint32_t seed = rt_arg_u32(argc, argv, 3, 1);
    uint32_t words = bytes / 4;
    if (words == 0) rt_die("usage: random [bytes>=4] [accesses] [seed]");

    uint32_t *a = rt_alloc_pages((size_t)words * 4);
    rng_t r;
    rng_seed(&r, seed);
    uint32_t h = 0, writes = 0;
    for (uint32_t n = 0; n < accesses; n++) {
        uint32_t x = rng_next(&r);
        uint32_t i = (uint32_t)(((uint64_t)x * words) >> 32);
        uint32_t v = a[i];
        h = h * 31 + v;
        if ((x & 3) == 0) { a[i] = v + (x | 1); writes++; }
    }
    uint32_t sum = 0;                            /* fold the final contents in as well */
    for (uint32_t i = 0; i < words; i += 1024) sum += a[i];
    rt_printf("random: bytes=%u accesses=%u seed=%u writes=%u checksum=0x%08x\n",
              bytes, accesses, seed, writes, fnv_word(h, sum));
    return 0;
}
