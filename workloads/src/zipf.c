/*
 * zipf: skewed (Zipf, s = 1) page popularity.  Page of rank k (0 = hottest) is chosen with
 * probability ~ 1/(k+1); ranks are mapped to pages by a random permutation so the hot set
 * is scattered over the region.  Sampling uses integers only: a 65536-entry inverse-CDF
 * table (uint16 ranks) built from weights floor(2^24/(k+1)), indexed by the top 16 bits
 * of a PRNG word; the low bits choose the word within the page and whether to write.
 * With 4096 pages the hottest page gets ~11% of accesses, the hottest 1% (41 pages)
 * ~48%, and every page has at least one table slot.
 *
 *   usage: zipf [pages=4096] [accesses=4194304] [seed=1]
 *   footprint: pages*4 KiB (default 16 MiB = 4096 pages) + ~40 pages of tables.
 *   output: "zipf: pages=<n> accesses=<a> seed=<s> hot1pct=<accesses to the top 1% ranks>
 *            writes=<w> checksum=0x<h>"
 */
#include "rt.h"

#define TABLE_BITS 16
#define TABLE_SIZE (1u << TABLE_BITS)

int main(int argc, char **argv)
{
    uint32_t pages = rt_arg_u32(argc, argv, 1, 4096);
    uint32_t accesses = rt_arg_u32(argc, argv, 2, 4u << 20);
    uint32_t seed = rt_arg_u32(argc, argv, 3, 1);
    if (pages == 0 || pages > TABLE_SIZE) rt_die("usage: zipf [pages in 1..65536] [accesses] [seed]");

    /* cumulative weights: cdf[k] = sum_{i<=k} floor(2^24 / (i+1)) (< 2^24 * 12.1 < 2^32) */
    uint32_t *cdf = rt_alloc((size_t)pages * 4);
    uint32_t total = 0;
    for (uint32_t k = 0; k < pages; k++) { total += (1u << 24) / (k + 1); cdf[k] = total; }

    /* inverse CDF at the midpoint of each of the 65536 equal-probability slots */
    uint16_t *table = rt_alloc(TABLE_SIZE * 2);
    uint32_t rank = 0;
    for (uint32_t b = 0; b < TABLE_SIZE; b++) {
        uint32_t u = (uint32_t)(((uint64_t)(2 * b + 1) * total) >> (TABLE_BITS + 1));
        while (rank + 1 < pages && cdf[rank] <= u) rank++;
        table[b] = (uint16_t)rank;
    }

    /* rank -> page: Fisher-Yates shuffle */
    rng_t r;
    rng_seed(&r, seed);
    uint32_t *perm = rt_alloc((size_t)pages * 4);
    for (uint32_t k = 0; k < pages; k++) perm[k] = k;
    for (uint32_t k = pages - 1; k > 0; k--) {
        uint32_t j = rng_below(&r, k + 1);
        uint32_t t = perm[k]; perm[k] = perm[j]; perm[j] = t;
    }

    uint32_t *region = rt_alloc_pages((size_t)pages * PAGE_SIZE);
    uint32_t hot_ranks = pages / 100 ? pages / 100 : 1;
    uint32_t h = 0, writes = 0, hot = 0;
    for (uint32_t n = 0; n < accesses; n++) {
        uint32_t x = rng_next(&r);
        uint32_t k = table[x >> 16];
        hot += k < hot_ranks;
        uint32_t *w = region + perm[k] * (PAGE_SIZE / 4) + (x & 1023);
        uint32_t v = *w;
        h = h * 31 + v;
        if (((x >> 10) & 3) == 0) { *w = v + (x | 1); writes++; }
    }
    rt_printf("zipf: pages=%u accesses=%u seed=%u hot1pct=%u writes=%u checksum=0x%08x\n",
              pages, accesses, seed, hot, writes, h);
    return 0;
}
