/*
 * heapfill: fills a large heap obtained from the kernel, then checks it.
 *   1. obtains <pages> pages in chunks of <chunk> pages (default 256 = 1 MiB): with mode 0
 *      all by growing brk, with mode 1 all by anonymous mmap, with mode 2 (default)
 *      alternating brk and mmap chunks (brk first);
 *   2. checks that the fresh memory reads as zero (every word);
 *   3. writes every word with a pattern unique to its index (i * 0x9e3779b1 ^ seed-key);
 *   4. reads every word back and compares; computes a checksum;
 *   5. unmaps the mmap chunks (munmap) and shrinks brk back to where it started.
 * Prints "ok" when everything matched, "CORRUPT" otherwise (exit status 1).
 *
 *   usage: heapfill [pages=4096] [mode=2] [seed=1] [chunk=256]
 *   footprint: pages*4 KiB (default 16 MiB = 4096 pages), each word read twice, written once.
 *   output: "heapfill: pages=<n> mode=<m> seed=<s> chunk=<c> brk_pages=<b> mmap_pages=<m>
 *            zero=<ok|N-nonzero> bad=<mismatches> checksum=0x<h> <ok|CORRUPT>"
 */
#include "rt.h"

#define MAX_CHUNKS 1024u

static struct { uint32_t *p; uint32_t pages; int mapped; } chunk[MAX_CHUNKS];

int main(int argc, char **argv)
{
    uint32_t pages = rt_arg_u32(argc, argv, 1, 4096);
    uint32_t mode = rt_arg_u32(argc, argv, 2, 2);
    uint32_t seed = rt_arg_u32(argc, argv, 3, 1);
    uint32_t chunk_pages = rt_arg_u32(argc, argv, 4, 256);
    if (pages == 0 || mode > 2 || chunk_pages == 0 || chunk_pages > 0x10000 ||
        (pages + chunk_pages - 1) / chunk_pages > MAX_CHUNKS)
        rt_die("usage: heapfill [pages>0] [mode: 0=brk 1=mmap 2=both] [seed] [chunk pages; at most %u chunks]",
               MAX_CHUNKS);

    uintptr_t brk0 = (uintptr_t)sys_brk(0);
    uintptr_t brk_top = (brk0 + PAGE_SIZE - 1) & ~(uintptr_t)(PAGE_SIZE - 1);
    uint32_t nchunks = 0, brk_pages = 0, mmap_pages = 0;
    for (uint32_t left = pages; left > 0; nchunks++) {
        uint32_t n = left < chunk_pages ? left : chunk_pages;
        size_t len = (size_t)n * PAGE_SIZE;
        int use_mmap = mode == 1 || (mode == 2 && (nchunks & 1));
        if (use_mmap) {
            chunk[nchunks].p = sys_mmap_anon(len);
            if (!chunk[nchunks].p) rt_die("heapfill: mmap of %u pages failed", n);
            mmap_pages += n;
        } else {
            uintptr_t want = brk_top + len;
            if ((uintptr_t)sys_brk((void *)want) < want) rt_die("heapfill: brk to 0x%x failed", want);
            chunk[nchunks].p = (uint32_t *)brk_top;
            brk_top = want;
            brk_pages += n;
        }
        chunk[nchunks].pages = n;
        chunk[nchunks].mapped = use_mmap;
        left -= n;
    }

    uint32_t nonzero = 0;
    for (uint32_t c = 0; c < nchunks; c++) {
        const uint32_t *p = chunk[c].p, *e = p + chunk[c].pages * (PAGE_SIZE / 4);
        for (; p < e; p++) nonzero += *p != 0;
    }

    uint32_t key = rt_mix32(seed);
    uint32_t idx = 0;
    for (uint32_t c = 0; c < nchunks; c++) {
        uint32_t *p = chunk[c].p, *e = p + chunk[c].pages * (PAGE_SIZE / 4);
        for (; p < e; p++, idx++) *p = (idx * 0x9e3779b1U) ^ key;
    }

    uint32_t bad = 0, h = FNV_OFFSET;
    idx = 0;
    for (uint32_t c = 0; c < nchunks; c++) {
        const uint32_t *p = chunk[c].p, *e = p + chunk[c].pages * (PAGE_SIZE / 4);
        for (; p < e; p++, idx++) {
            uint32_t v = *p;
            bad += v != ((idx * 0x9e3779b1U) ^ key);
            h = fnv_word(h, v);
        }
    }

    for (uint32_t c = 0; c < nchunks; c++)
        if (chunk[c].mapped && sys_munmap(chunk[c].p, (size_t)chunk[c].pages * PAGE_SIZE) != 0)
            rt_die("heapfill: munmap failed");
    if (brk_pages) sys_brk((void *)brk0);

    int ok = nonzero == 0 && bad == 0;
    if (nonzero == 0)
        rt_printf("heapfill: pages=%u mode=%u seed=%u chunk=%u brk_pages=%u mmap_pages=%u zero=ok bad=%u"
                  " checksum=0x%08x %s\n",
                  pages, mode, seed, chunk_pages, brk_pages, mmap_pages, bad, h, ok ? "ok" : "CORRUPT");
    else
        rt_printf("heapfill: pages=%u mode=%u seed=%u chunk=%u brk_pages=%u mmap_pages=%u zero=%u-nonzero"
                  " bad=%u checksum=0x%08x %s\n",
                  pages, mode, seed, chunk_pages, brk_pages, mmap_pages, nonzero, bad, h, ok ? "ok" : "CORRUPT");
    return ok ? 0 : 1;
}
