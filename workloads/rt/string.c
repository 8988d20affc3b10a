/*
 * milklab workloads: the string/memory functions gcc may call even in freestanding code.
 * Compiled with -fno-tree-loop-distribute-patterns so gcc does not turn these loops back
 * into calls to themselves.
 */
#include "rt.h"

void *memset(void *d, int c, size_t n)
{
    unsigned char *p = d;
    uint32_t w = (unsigned char)c;
    w |= w << 8; w |= w << 16;
    while (n && ((uintptr_t)p & 3)) { *p++ = (unsigned char)c; n--; }
    for (; n >= 16; n -= 16, p += 16) {
        ((uint32_t *)p)[0] = w; ((uint32_t *)p)[1] = w;
        ((uint32_t *)p)[2] = w; ((uint32_t *)p)[3] = w;
    }
    for (; n >= 4; n -= 4, p += 4) *(uint32_t *)p = w;
    while (n--) *p++ = (unsigned char)c;
    return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
    unsigned char *dp = d;
    const unsigned char *sp = s;
    if ((((uintptr_t)dp | (uintptr_t)sp) & 3) == 0) {
        for (; n >= 16; n -= 16, dp += 16, sp += 16) {
            uint32_t a = ((const uint32_t *)sp)[0], b = ((const uint32_t *)sp)[1];
            uint32_t c = ((const uint32_t *)sp)[2], e = ((const uint32_t *)sp)[3];
            ((uint32_t *)dp)[0] = a; ((uint32_t *)dp)[1] = b;
            ((uint32_t *)dp)[2] = c; ((uint32_t *)dp)[3] = e;
        }
        for (; n >= 4; n -= 4, dp += 4, sp += 4) *(uint32_t *)dp = *(const uint32_t *)sp;
    }
    while (n--) *dp++ = *sp++;
    return d;
}

void *memmove(void *d, const void *s, size_t n)
{
    unsigned char *dp = d;
    const unsigned char *sp = s;
    if (dp <= sp || dp >= sp + n) return memcpy(d, s, n);
    while (n--) dp[n] = sp[n];
    return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;
    for (; n; n--, x++, y++)
        if (*x != *y) return *x < *y ? -1 : 1;
    return 0;
}

size_t strlen(const char *s)
{
    const char *p = s;
    while (*p) p++;
    return (size_t)(p - s);
}

int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b) { a++; b++; }
    return (unsigned char)*a - (unsigned char)*b;
}
