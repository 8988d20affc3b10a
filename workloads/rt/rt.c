/* milklab workloads: runtime (syscalls, output, arguments, heap).  See rt.h. */
#include "rt.h"

/* ---- syscalls ------------------------------------------------------------------------ */
long sys_write(int fd, const void *buf, size_t len)
{
    return rt_syscall3(SYS_write, fd, (long)buf, (long)len);
}

void *sys_brk(void *addr)
{
    return (void *)rt_syscall1(SYS_brk, (long)addr);
}

#define PROT_READ     1
#define PROT_WRITE    2
#define MAP_PRIVATE   0x02
#define MAP_ANONYMOUS 0x20

void *sys_mmap_anon(size_t len)
{
    long r = rt_syscall6(SYS_mmap, 0, (long)len, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if ((unsigned long)r >= (unsigned long)-4095) return NULL;   /* -errno */
    return (void *)r;
}

int sys_munmap(void *addr, size_t len)
{
    return (int)rt_syscall2(SYS_munmap, (long)addr, (long)len);
}

void sys_exit_group(int code)
{
    for (;;) rt_syscall1(SYS_exit_group, code);
}

/* ---- output -------------------------------------------------------------------------- */
static char outbuf[512];
static unsigned outlen;

static void write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        long w = sys_write(fd, p, n);
        if (w <= 0) return;                  /* nothing sensible to do on error */
        p += w;
        n -= (size_t)w;
    }
}

void rt_flush(void)
{
    if (outlen) write_all(1, outbuf, outlen);
    outlen = 0;
}

void rt_putc(char c)
{
    if (outlen == sizeof outbuf) rt_flush();
    outbuf[outlen++] = c;
    if (c == '\n') rt_flush();
}

void rt_puts(const char *s)
{
    while (*s) rt_putc(*s++);
}

void rt_exit(int code)
{
    rt_flush();
    sys_exit_group(code);
}

/* Formats into a small sink: stdout (buffered) or another fd (direct, unbuffered). */
typedef struct { int fd; char buf[128]; unsigned len; } sink_t;

static void sink_putc(sink_t *k, char c)
{
    if (k->fd == 1) { rt_putc(c); return; }
    if (k->len == sizeof k->buf) { write_all(k->fd, k->buf, k->len); k->len = 0; }
    k->buf[k->len++] = c;
}

static void sink_field(sink_t *k, const char *s, unsigned n, unsigned width, int left, char pad)
{
    unsigned i;
    if (!left && pad == '0' && n > 0 && s[0] == '-') {  /* "-0042": sign before zero padding */
        sink_putc(k, '-'); s++; n--; if (width) width--;
    }
    if (!left) for (i = n; i < width; i++) sink_putc(k, pad);
    for (i = 0; i < n; i++) sink_putc(k, s[i]);
    if (left) for (i = n; i < width; i++) sink_putc(k, ' ');
}

/* Digits of v in base 10 or 16 into the end of buf; returns the start. */
static char *fmt_u64(char *end, uint64_t v, unsigned base, int upper)
{
    const char *dig = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char *p = end;
    if (v <= 0xffffffffULL) {                /* 32-bit fast path: no libgcc 64-bit division */
        uint32_t x = (uint32_t)v;
        do { *--p = dig[x % base]; x /= base; } while (x);
    } else {
        do { *--p = dig[v % base]; v /= base; } while (v);
    }
    return p;
}

void rt_vfprintf(int fd, const char *fmt, va_list ap)
{
    sink_t k;
    k.fd = fd;
    k.len = 0;
    for (; *fmt; fmt++) {
        if (*fmt != '%') { sink_putc(&k, *fmt); continue; }
        fmt++;
        int left = 0; char pad = ' '; unsigned width = 0; int lng = 0;
        for (;; fmt++) {
            if (*fmt == '-') left = 1;
            else if (*fmt == '0') pad = '0';
            else break;
        }
        while (*fmt >= '0' && *fmt <= '9') width = width * 10 + (unsigned)(*fmt++ - '0');
        while (*fmt == 'l') { lng++; fmt++; }
        char tmp[24];
        char *end = tmp + sizeof tmp, *p;
        switch (*fmt) {
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s) s = "(null)";
            sink_field(&k, s, (unsigned)strlen(s), width, left, ' ');
            break;
        }
        case 'c': tmp[0] = (char)va_arg(ap, int); sink_field(&k, tmp, 1, width, left, ' '); break;
        case 'd': case 'i': {
            int64_t v = lng >= 2 ? va_arg(ap, int64_t) : (int64_t)va_arg(ap, int32_t);
            uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
            p = fmt_u64(end, u, 10, 0);
            if (v < 0) *--p = '-';
            sink_field(&k, p, (unsigned)(end - p), width, left, pad);
            break;
        }
        case 'u': case 'x': case 'X': {
            uint64_t v = lng >= 2 ? va_arg(ap, uint64_t) : (uint64_t)va_arg(ap, uint32_t);
            p = fmt_u64(end, v, *fmt == 'u' ? 10 : 16, *fmt == 'X');
            sink_field(&k, p, (unsigned)(end - p), width, left, pad);
            break;
        }
        case '%': sink_putc(&k, '%'); break;
        case 0: fmt--; break;                /* stray '%' at the end */
        default: sink_putc(&k, '%'); sink_putc(&k, *fmt); break;
        }
    }
    if (fd != 1 && k.len) write_all(fd, k.buf, k.len);
}

void rt_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    rt_vfprintf(1, fmt, ap);
    va_end(ap);
}

void rt_die(const char *fmt, ...)
{
    va_list ap;
    rt_flush();
    va_start(ap, fmt);
    rt_vfprintf(2, fmt, ap);
    va_end(ap);
    sys_write(2, "\n", 1);
    sys_exit_group(2);
}

void rt_put_u32(uint32_t v) { rt_printf("%u", v); }
void rt_put_i32(int32_t v) { rt_printf("%d", v); }
void rt_put_hex32(uint32_t v) { rt_printf("%08x", v); }

/* ---- arguments ----------------------------------------------------------------------- */
uint32_t rt_atou(const char *s)
{
    const char *s0 = s;
    uint64_t v = 0;
    int any = 0;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        for (s += 2;; s++, any = 1) {
            unsigned d;
            if (*s >= '0' && *s <= '9') d = (unsigned)(*s - '0');
            else if (*s >= 'a' && *s <= 'f') d = (unsigned)(*s - 'a' + 10);
            else if (*s >= 'A' && *s <= 'F') d = (unsigned)(*s - 'A' + 10);
            else break;
            v = v * 16 + d;
            if (v > 0xffffffffULL) rt_die("number too large: %s", s0);
        }
    } else {
        for (; *s >= '0' && *s <= '9'; s++, any = 1) {
            v = v * 10 + (unsigned)(*s - '0');
            if (v > 0xffffffffULL) rt_die("number too large: %s", s0);
        }
    }
    if (*s == 'k' || *s == 'K') { v <<= 10; s++; }
    else if (*s == 'm' || *s == 'M') { v <<= 20; s++; }
    if (!any || *s || v > 0xffffffffULL) rt_die("bad number: %s", s0);
    return (uint32_t)v;
}

int32_t rt_atoi(const char *s)
{
    if (*s == '-') return -(int32_t)rt_atou(s + 1);
    return (int32_t)rt_atou(s);
}

uint32_t rt_arg_u32(int argc, char **argv, int i, uint32_t def)
{
    if (i >= argc || !argv[i] || strcmp(argv[i], "-") == 0) return def;
    return rt_atou(argv[i]);
}

/* ---- heap ---------------------------------------------------------------------------- */
static uintptr_t heap_cur, heap_end;        /* bump region [heap_cur, heap_end) below brk */
static int brk_failed;

void *rt_alloc_aligned(size_t n, size_t align)
{
    if (n == 0) n = 1;
    if (!brk_failed) {
        if (heap_end == 0) heap_cur = heap_end = (uintptr_t)sys_brk(0);
        uintptr_t p = (heap_cur + align - 1) & ~(uintptr_t)(align - 1);
        if (p >= heap_cur && p + n > p) {
            uintptr_t need = p + n;
            if (need > heap_end) {
                uintptr_t want = (need + PAGE_SIZE - 1) & ~(uintptr_t)(PAGE_SIZE - 1);
                uintptr_t got = (uintptr_t)sys_brk((void *)want);
                if (got >= want) heap_end = got;
            }
            if (need <= heap_end) { heap_cur = need; return (void *)p; }
        }
        brk_failed = 1;                      /* from now on: one anonymous mapping per request */
    }
    void *m = sys_mmap_anon((n + PAGE_SIZE - 1) & ~(size_t)(PAGE_SIZE - 1));
    if (!m) rt_die("out of memory (%u bytes)", (uint32_t)n);
    return m;
}

void *rt_alloc(size_t n) { return rt_alloc_aligned(n, 16); }
void *rt_alloc_pages(size_t n) { return rt_alloc_aligned(n, PAGE_SIZE); }
