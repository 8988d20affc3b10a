/*
 * loop: the cyclic pattern where LRU gets no hits.  A first pass writes every page; then
 * each pass walks pages 0..n-1 in order, reading one word per 64-byte line (64 per page)
 * and, with dirty=1, writing one word per page.  When the machine has fewer free frames
 * than n, LRU (and FIFO) evict exactly the page needed next: every page access faults.
 * Pick n a little above the frames available (default 1088 = 1024 + 64, i.e. 4.25 MiB
 * against a 4 MiB memory).
 *
 *   usage: loop [pages=1088] [passes=100] [dirty=0]
 *   footprint: pages*4 KiB (default 4.25 MiB = 1088 pages).
 *   output: "loop: pages=<n> passes=<p> dirty=<d> checksum=0x<h>"
 */
#include "rt.h"

#define WORDS_PER_PAGE (PAGE_SIZE / 4)
#define LINE_WORDS 16

int main(int argc, char **argv)
{
    uint32_t pages = rt_arg_u32(argc, argv, 1, 1088);
    uint32_t passes = rt_arg_u32(argc, argv, 2, 100);
    uint32_t dirty = rt_arg_u32(argc, argv, 3, 0);
    if (pages == 0 || dirty > 1) rt_die("usage: loop [pages>0] [passes] [dirty: 0|1]");

    uint32_t *region = rt_alloc_pages((size_t)pages * PAGE_SIZE);
    for (uint32_t pg = 0; pg < pages; pg++) {
        uint32_t *p = region + pg * WORDS_PER_PAGE;
        for (uint32_t w = 0; w < WORDS_PER_PAGE; w += LINE_WORDS) p[w] = rt_mix32(pg * WORDS_PER_PAGE + w);
    }
    uint32_t h = FNV_OFFSET;
    for (uint32_t pass = 0; pass < passes; pass++) {
        uint32_t s = 0;
        for (uint32_t pg = 0; pg < pages; pg++) {
            uint32_t *p = region + pg * WORDS_PER_PAGE;
            for (uint32_t w = 0; w < WORDS_PER_PAGE; w += LINE_WORDS) s += p[w];
            if (dirty) p[0] += pass;
        }
        h = fnv_word(h, s);
    }
    rt_printf("loop: pages=%u passes=%u dirty=%u checksum=0x%08x\n", pages, passes, dirty, h);
    return 0;
}
