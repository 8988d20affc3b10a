/*
 * crc: CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, as zlib/PNG) of a PRNG-filled
 * buffer, computed byte-at-a-time with a 256-entry table, over several passes (each pass
 * continues the running CRC, as if the buffer were repeated).  A self-test checks the
 * standard check value crc32("123456789") = 0xcbf43926 first.
 *
 *   usage: crc [bytes=4194304] [passes=2] [seed=1]
 *   footprint: bytes (default 4 MiB = 1024 pages), scanned sequentially, plus a 1 KiB table.
 *   output: "crc: bytes=<n> passes=<p> seed=<s> selftest=ok crc=0x<CRC of the buffer>
 *            total=0x<CRC of the buffer repeated <passes> times>"
 */
#include "rt.h"

static uint32_t table[256];

static void make_table(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = (c & 1) ? (c >> 1) ^ 0xedb88320U : c >> 1;
        table[i] = c;
    }
}

/* Updates a pre-/post-inverted CRC like zlib's crc32(crc, buf, len). */
static uint32_t crc32_update(uint32_t crc, const uint8_t *p, uint32_t n)
{
    crc = ~crc;
    while (n--) crc = table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return ~crc;
}

int main(int argc, char **argv)
{
    uint32_t bytes = rt_arg_u32(argc, argv, 1, 4u << 20);
    uint32_t passes = rt_arg_u32(argc, argv, 2, 2);
    uint32_t seed = rt_arg_u32(argc, argv, 3, 1);
    if (bytes == 0 || passes == 0) rt_die("usage: crc [bytes>0] [passes>0] [seed]");

    make_table();
    const char *check = "123456789";
    uint32_t self = crc32_update(0, (const uint8_t *)check, 9);
    if (self != 0xcbf43926U) {
        rt_printf("crc: selftest FAILED crc32(\"123456789\")=0x%08x (want 0xcbf43926)\n", self);
        return 1;
    }

    uint8_t *buf = rt_alloc(bytes);
    rng_t r;
    rng_seed(&r, seed);
    uint32_t i = 0;
    for (; i + 4 <= bytes; i += 4) {
        uint32_t w = rng_next(&r);
        buf[i] = (uint8_t)w; buf[i + 1] = (uint8_t)(w >> 8);
        buf[i + 2] = (uint8_t)(w >> 16); buf[i + 3] = (uint8_t)(w >> 24);
    }
    for (uint32_t w = rng_next(&r); i < bytes; i++, w >>= 8) buf[i] = (uint8_t)w;

    uint32_t once = crc32_update(0, buf, bytes);   /* pass 1: CRC of the buffer itself */
    uint32_t total = once;
    for (uint32_t p = 1; p < passes; p++) total = crc32_update(total, buf, bytes);
    rt_printf("crc: bytes=%u passes=%u seed=%u selftest=ok crc=0x%08x total=0x%08x\n",
              bytes, passes, seed, once, total);
    return 0;
}
