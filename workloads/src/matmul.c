/*
 * matmul: naive i-j-k integer matrix multiply C = A*B of n x n 32-bit matrices (arithmetic
 * mod 2^32), A and B filled from the PRNG with small signed values.  The inner loop walks
 * a row of A and a column of B (stride 4*n bytes).  matmul-tiled computes the same C.
 *
 *   usage: matmul [n=256] [seed=1]
 *   footprint: 12*n*n bytes (default 768 KiB = 192 pages).
 *   output: "matmul: n=<n> seed=<s> trace=0x<sum of C[i][i]> checksum=0x<fnv over C>"
 */
#include "rt.h"
#include "matrix.h"

int main(int argc, char **argv)
{
    uint32_t n = rt_arg_u32(argc, argv, 1, 256);
    uint32_t seed = rt_arg_u32(argc, argv, 2, 1);
    if (n == 0 || n > 4096) rt_die("usage: matmul [n in 1..4096] [seed]");

    int32_t *a, *b, *c;
    mat_init(n, seed, &a, &b, &c);
    for (uint32_t i = 0; i < n; i++)
        for (uint32_t j = 0; j < n; j++) {
            const int32_t *ap = a + i * n, *bp = b + j;
            uint32_t sum = 0;
            for (uint32_t k = 0; k < n; k++, bp += n) sum += (uint32_t)(ap[k] * *bp);
            c[i * n + j] = (int32_t)sum;
        }
    rt_printf("matmul: n=%u seed=%u trace=0x%08x checksum=0x%08x\n", n, seed, mat_trace(c, n),
              mat_checksum(c, n));
    return 0;
}
