/*
 * stride: the TLB-miss-heavy pattern.  Touches one 32-bit word every <stride> bytes across
 * a <bytes> region, pass after pass: with the default 4096-byte stride every access is on a
 * different page and consecutive accesses never share a translation.  Pass 0 stores to
 * each touched word (so nothing depends on the region's initial contents); later passes
 * read-modify-write it.
 *
 *   usage: stride [bytes=16777216] [stride=4096] [passes=2000]
 *   footprint: bytes/stride touched words, one per page for stride >= 4096
 *              (default 16 MiB region, 4096 pages, 4096 accesses per pass).
 *   output: "stride: bytes=<b> stride=<s> passes=<p> touches=<t> checksum=0x<h>"
 */
#include "rt.h"

int main(int argc, char **argv)
{
    uint32_t bytes = rt_arg_u32(argc, argv, 1, 16u << 20);
    uint32_t stride = rt_arg_u32(argc, argv, 2, 4096);
    uint32_t passes = rt_arg_u32(argc, argv, 3, 2000);
    if (bytes < 4 || stride < 4 || (stride & 3) || passes == 0)
        rt_die("usage: stride [bytes>=4] [stride: multiple of 4] [passes>0]");

    uint8_t *region = rt_alloc_pages(bytes);
    uint8_t *end = region + (bytes & ~3u);
    uint32_t touches = 0;
    for (uint8_t *p = region; p < end; p += stride, touches++)
        *(uint32_t *)p = (uint32_t)(p - region);
    for (uint32_t pass = 1; pass < passes; pass++)
        for (uint8_t *p = region; p < end; p += stride)
            *(uint32_t *)p += pass;

    uint32_t h = FNV_OFFSET;
    for (uint8_t *p = region; p < end; p += stride) h = fnv_word(h, *(uint32_t *)p);
    rt_printf("stride: bytes=%u stride=%u passes=%u touches=%u checksum=0x%08x\n",
              bytes, stride, passes, touches * passes, h);
    return 0;
}
