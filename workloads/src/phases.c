/*
 * phases: a working set that moves.  The region holds sets A = pages [0,S), B = [S,2S)
 * and C = [2S,4S) (twice as large).  Five phases of uniform random accesses (read, and
 * one in four also written), each confined to one set:
 *     1: A     2: B     3: A+B     4: C     5: A
 * so a policy sees a hot set, a complete shift, a union, a larger unrelated set, and a
 * return to the first set.  One line per phase, then a summary line.
 *
 *   usage: phases [setpages=512] [accesses-per-phase=1048576] [seed=1]
 *   footprint: 4*S pages (default 2048 pages = 8 MiB); working set S, S, 2S, 2S, S.
 *   output: "phases: phase=<i> set=<name> pages=<n> accesses=<a> checksum=0x<h>" x5, then
 *           "phases: setpages=<S> accesses=<a> seed=<s> total=<5a> checksum=0x<h>"
 */
#include "rt.h"

int main(int argc, char **argv)
{
    uint32_t set = rt_arg_u32(argc, argv, 1, 512);
    uint32_t accesses = rt_arg_u32(argc, argv, 2, 1u << 20);
    uint32_t seed = rt_arg_u32(argc, argv, 3, 1);
    if (set == 0 || set > 0x10000) rt_die("usage: phases [setpages in 1..65536] [accesses] [seed]");

    uint32_t *region = rt_alloc_pages((size_t)set * 4 * PAGE_SIZE);
    static const struct { const char *name; uint32_t first, count; } ph[5] = {
        { "A", 0, 1 }, { "B", 1, 1 }, { "A+B", 0, 2 }, { "C", 2, 2 }, { "A", 0, 1 },
    };
    rng_t r;
    rng_seed(&r, seed);
    uint32_t total_h = FNV_OFFSET;
    for (int i = 0; i < 5; i++) {
        uint32_t *base = region + ph[i].first * set * (PAGE_SIZE / 4);
        uint32_t words = ph[i].count * set * (PAGE_SIZE / 4);
        uint32_t h = 0;
        for (uint32_t n = 0; n < accesses; n++) {
            uint32_t x = rng_next(&r);
            uint32_t *w = base + (uint32_t)(((uint64_t)x * words) >> 32);
            uint32_t v = *w;
            h = h * 31 + v;
            if ((x & 3) == 0) *w = v + (x | 1);
        }
        rt_printf("phases: phase=%d set=%s pages=%u accesses=%u checksum=0x%08x\n", i + 1, ph[i].name,
                  ph[i].count * set, accesses, h);
        total_h = fnv_word(total_h, h);
    }
    rt_printf("phases: setpages=%u accesses=%u seed=%u total=%u checksum=0x%08x\n", set, accesses,
              seed, 5 * accesses, total_h);
    return 0;
}
