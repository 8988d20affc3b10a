/*
 * milklab workloads: tiny freestanding runtime (no libc).
 *
 * Syscalls used (Linux RISC-V numbers): write 64, exit_group 94, brk 214, mmap 222,
 * munmap 215 (heapfill only).  Nothing reads time, pids or the environment, so every
 * workload is deterministic: its output depends only on its arguments.
 */
#ifndef MILKLAB_RT_H
#define MILKLAB_RT_H

#include <stdint.h>
#include <stddef.h>
#include <stdarg.h>

/* ---- syscalls ------------------------------------------------------------------------ */
#define SYS_write      64
#define SYS_exit       93
#define SYS_exit_group 94
#define SYS_brk        214
#define SYS_munmap     215
#define SYS_mmap       222

static inline long rt_syscall1(long n, long a0)
{
    register long r_a0 __asm__("a0") = a0;
    register long r_a7 __asm__("a7") = n;
    __asm__ volatile("ecall" : "+r"(r_a0) : "r"(r_a7) : "memory");
    return r_a0;
}
static inline long rt_syscall2(long n, long a0, long a1)
{
    register long r_a0 __asm__("a0") = a0;
    register long r_a1 __asm__("a1") = a1;
    register long r_a7 __asm__("a7") = n;
    __asm__ volatile("ecall" : "+r"(r_a0) : "r"(r_a1), "r"(r_a7) : "memory");
    return r_a0;
}
static inline long rt_syscall3(long n, long a0, long a1, long a2)
{
    register long r_a0 __asm__("a0") = a0;
    register long r_a1 __asm__("a1") = a1;
    register long r_a2 __asm__("a2") = a2;
    register long r_a7 __asm__("a7") = n;
    __asm__ volatile("ecall" : "+r"(r_a0) : "r"(r_a1), "r"(r_a2), "r"(r_a7) : "memory");
    return r_a0;
}
static inline long rt_syscall6(long n, long a0, long a1, long a2, long a3, long a4, long a5)
{
    register long r_a0 __asm__("a0") = a0;
    register long r_a1 __asm__("a1") = a1;
    register long r_a2 __asm__("a2") = a2;
    register long r_a3 __asm__("a3") = a3;
    register long r_a4 __asm__("a4") = a4;
    register long r_a5 __asm__("a5") = a5;
    register long r_a7 __asm__("a7") = n;
    __asm__ volatile("ecall"
                     : "+r"(r_a0)
                     : "r"(r_a1), "r"(r_a2), "r"(r_a3), "r"(r_a4), "r"(r_a5), "r"(r_a7)
                     : "memory");
    return r_a0;
}

long sys_write(int fd, const void *buf, size_t len);
void *sys_brk(void *addr);                 /* returns the (new) break */
void *sys_mmap_anon(size_t len);           /* PROT_READ|WRITE, MAP_PRIVATE|ANONYMOUS; NULL on error */
int sys_munmap(void *addr, size_t len);
__attribute__((noreturn)) void sys_exit_group(int code);

/* ---- process ------------------------------------------------------------------------- */
__attribute__((noreturn)) void rt_exit(int code);           /* flush stdout, exit_group */
__attribute__((noreturn)) void rt_die(const char *fmt, ...); /* message to stderr, exit 2 */

/* ---- output (buffered stdout; flushed at each newline and at exit) -------------------- */
void rt_putc(char c);
void rt_puts(const char *s);                 /* no newline added */
void rt_put_u32(uint32_t v);
void rt_put_i32(int32_t v);
void rt_put_hex32(uint32_t v);               /* always 8 digits, no prefix */
void rt_flush(void);
/* printf subset: %s %c %d %i %u %x %X %%, flags '-' '0', width, 'l' (ignored), 'll' (64-bit) */
void rt_printf(const char *fmt, ...);
void rt_vfprintf(int fd, const char *fmt, va_list ap);

/* ---- strings ----------------------------------------------------------------------- */
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);

/* ---- arguments --------------------------------------------------------------------- */
/* Parses decimal, 0x-hex, with optional k/K (x1024) or m/M (x1048576) suffix; dies on junk. */
uint32_t rt_atou(const char *s);
int32_t rt_atoi(const char *s);
/* argv[i] as a number, or `def` when absent or given as "-". */
uint32_t rt_arg_u32(int argc, char **argv, int i, uint32_t def);

/* ---- heap: bump allocator over brk (falls back to anonymous mmap) --------------------- */
/* Memory is fresh from the kernel and therefore zero-filled; it is never reused. */
void *rt_alloc(size_t n);                    /* 16-byte aligned; dies when out of memory */
void *rt_alloc_pages(size_t n);              /* 4 KiB aligned */
void *rt_alloc_aligned(size_t n, size_t align); /* align: a power of two */

/* ---- PRNG: xorshift32 (Marsaglia 13/17/5) -------------------------------------------- */
typedef struct { uint32_t s; } rng_t;

static inline uint32_t rt_mix32(uint32_t x)  /* a splitmix-style 32-bit finaliser */
{
    x ^= x >> 16; x *= 0x7feb352dU;
    x ^= x >> 15; x *= 0x846ca68bU;
    x ^= x >> 16;
    return x;
}
static inline void rng_seed(rng_t *r, uint32_t seed)
{
    uint32_t s = rt_mix32(seed + 0x9e3779b9U);
    r->s = s ? s : 0x2545f491U;              /* xorshift state must be non-zero */
}
static inline uint32_t rng_next(rng_t *r)
{
    uint32_t x = r->s;
    x ^= x << 13; x ^= x >> 17; x ^= x << 5;
    return r->s = x;
}
/* Uniform in [0, n) by multiply-high (no division; tiny bias is irrelevant here). */
static inline uint32_t rng_below(rng_t *r, uint32_t n)
{
    return (uint32_t)(((uint64_t)rng_next(r) * n) >> 32);
}

/* ---- checksums ------------------------------------------------------------------- */
#define FNV_OFFSET 0x811c9dc5U
static inline uint32_t fnv_word(uint32_t h, uint32_t w) /* FNV-1a over one 32-bit word */
{
    return (h ^ w) * 16777619U;
}

#define PAGE_SIZE 4096U

#endif
