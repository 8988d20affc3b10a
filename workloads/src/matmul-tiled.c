/*
 * matmul-tiled: the same product as matmul (same inputs, same C, same trace and checksum),
 * computed with square blocking: for each (ii, kk, jj) tile, i-k-j order inside the tile,
 * so B is read along rows and each tile of A, B, C is reused while it is hot.  Edge tiles
 * are handled when block does not divide n.
 *
 *   usage: matmul-tiled [n=256] [block=32] [seed=1]
 *   footprint: 12*n*n bytes (default 768 KiB = 192 pages).
 *   output: "matmul-tiled: n=<n> block=<b> seed=<s> trace=0x<..> checksum=0x<..>"
 */
#include "rt.h"
#include "matrix.h"

static inline uint32_t min_u32(uint32_t a, uint32_t b) { return a < b ? a : b; }

int main(int argc, char **argv)
{
    uint32_t n = rt_arg_u32(argc, argv, 1, 256);
    uint32_t bs = rt_arg_u32(argc, argv, 2, 32);
    uint32_t seed = rt_arg_u32(argc, argv, 3, 1);
    if (n == 0 || n > 4096 || bs == 0) rt_die("usage: matmul-tiled [n in 1..4096] [block>0] [seed]");

    int32_t *a, *b, *c;
    mat_init(n, seed, &a, &b, &c);
    for (uint32_t ii = 0; ii < n; ii += bs) {
        uint32_t ie = min_u32(ii + bs, n);
        for (uint32_t kk = 0; kk < n; kk += bs) {
            uint32_t ke = min_u32(kk + bs, n);
            for (uint32_t jj = 0; jj < n; jj += bs) {
                uint32_t je = min_u32(jj + bs, n);
                for (uint32_t i = ii; i < ie; i++) {
                    uint32_t *cp = (uint32_t *)c + i * n;
                    for (uint32_t k = kk; k < ke; k++) {
                        uint32_t aik = (uint32_t)a[i * n + k];
                        const uint32_t *bp = (const uint32_t *)b + k * n;
                        for (uint32_t j = jj; j < je; j++) cp[j] += aik * bp[j];
                    }
                }
            }
        }
    }
    rt_printf("matmul-tiled: n=%u block=%u seed=%u trace=0x%08x checksum=0x%08x\n", n, bs, seed,
              mat_trace(c, n), mat_checksum(c, n));
    return 0;
}
