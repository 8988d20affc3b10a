/*
 * sort: quicksort (median-of-three, insertion sort below 16 elements, recursion only on the
 * smaller side) of PRNG 32-bit unsigned ints; then verifies the order and that the multiset
 * is unchanged (sum and xor before/after), and prints an FNV checksum of the sorted array.
 *
 *   usage: sort [n=400000] [seed=1]
 *   footprint: 4*n bytes (default ~1.5 MiB, ~391 pages), partitioned in place.
 *   output: "sort: n=<n> seed=<s> sorted=yes min=<v> median=<v> max=<v> checksum=0x<h>"
 */
#include "rt.h"

static void insertion(uint32_t *a, int32_t n)
{
    for (int32_t i = 1; i < n; i++) {
        uint32_t v = a[i];
        int32_t j = i - 1;
        while (j >= 0 && a[j] > v) { a[j + 1] = a[j]; j--; }
        a[j + 1] = v;
    }
}

static inline void swap(uint32_t *x, uint32_t *y) { uint32_t t = *x; *x = *y; *y = t; }

static void quicksort(uint32_t *a, int32_t n)
{
    while (n > 16) {
        int32_t mid = n / 2;
        if (a[mid] < a[0]) swap(&a[mid], &a[0]);
        if (a[n - 1] < a[0]) swap(&a[n - 1], &a[0]);
        if (a[n - 1] < a[mid]) swap(&a[n - 1], &a[mid]);
        uint32_t pivot = a[mid];
        int32_t i = 0, j = n - 1;               /* Hoare partition */
        for (;;) {
            while (a[i] < pivot) i++;
            while (a[j] > pivot) j--;
            if (i >= j) break;
            swap(&a[i], &a[j]);
            i++; j--;
        }
        int32_t left = j + 1;                    /* [0, left) <= pivot <= [left, n) */
        if (left < n - left) { quicksort(a, left); a += left; n -= left; }
        else { quicksort(a + left, n - left); n = left; }
    }
    insertion(a, n);
}

int main(int argc, char **argv)
{
    uint32_t n = rt_arg_u32(argc, argv, 1, 400000);
    uint32_t seed = rt_arg_u32(argc, argv, 2, 1);
    if (n == 0 || n > 0x10000000U) rt_die("usage: sort [n>0] [seed]");

    uint32_t *a = rt_alloc((size_t)n * 4);
    rng_t r;
    rng_seed(&r, seed);
    uint32_t sum0 = 0, xor0 = 0;
    for (uint32_t i = 0; i < n; i++) { a[i] = rng_next(&r); sum0 += a[i]; xor0 ^= a[i]; }

    quicksort(a, (int32_t)n);

    uint32_t sum1 = 0, xor1 = 0, h = FNV_OFFSET, inversions = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (i && a[i - 1] > a[i]) inversions++;
        sum1 += a[i]; xor1 ^= a[i];
        h = fnv_word(h, a[i]);
    }
    int ok = inversions == 0 && sum0 == sum1 && xor0 == xor1;
    rt_printf("sort: n=%u seed=%u sorted=%s min=%u median=%u max=%u checksum=0x%08x\n",
              n, seed, ok ? "yes" : "NO", a[0], a[n / 2], a[n - 1], h);
    return ok ? 0 : 1;
}
