/*
 * sieve: Sieve of Eratosthenes over one byte per number in [0, n].
 *
 *   usage: sieve [n=5000000]
 *   footprint: n bytes (default ~4.8 MiB, ~1221 pages), touched sequentially by the
 *   initialisation and the count, in strides of p by the crossing-out passes.
 *   output: "sieve: n=<n> primes=<count> largest=<p> checksum=0x<fnv over the primes>"
 */
#include "rt.h"

int main(int argc, char **argv)
{
    uint32_t n = rt_arg_u32(argc, argv, 1, 5000000);
    if (n < 2 || n > 0x40000000U) rt_die("usage: sieve [n>=2]");

    uint8_t *composite = rt_alloc(n + 1);
    memset(composite, 0, n + 1);
    for (uint32_t p = 2; p <= n / p; p++)
        if (!composite[p])
            for (uint32_t m = p * p; m <= n; m += p) composite[m] = 1;

    uint32_t count = 0, largest = 0, h = FNV_OFFSET;
    for (uint32_t i = 2; i <= n; i++)
        if (!composite[i]) { count++; largest = i; h = fnv_word(h, i); }

    rt_printf("sieve: n=%u primes=%u largest=%u checksum=0x%08x\n", n, count, largest, h);
    return 0;
}
