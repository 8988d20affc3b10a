#!/usr/bin/env python3
"""Independent Python model of every workload: runs each ELF on qemu-riscv32 with a set of
small and medium argument lists and compares its output line(s) with what this model
computes.  Checks that the programs compute the right thing (zlib's CRC-32, a real sort,
a real matrix product, ...), not only that they are deterministic.

    make -C workloads reference        (or: python3 workloads/tools/reference.py)
"""
import os
import subprocess
import sys
import zlib

M = 0xFFFFFFFF
FNV = 0x811C9DC5
HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.path.join(HERE, '..', 'bin')
QEMU = os.environ.get('QEMU', 'qemu-riscv32')


def mix32(x):
    x &= M
    x ^= x >> 16; x = (x * 0x7FEB352D) & M
    x ^= x >> 15; x = (x * 0x846CA68B) & M
    x ^= x >> 16
    return x


class Rng:  # rt.h: rng_seed / rng_next (xorshift32) / rng_below
    def __init__(self, seed):
        v = mix32(seed + 0x9E3779B9)
        self.s = v if v else 0x2545F491

    def next(self):
        x = self.s
        x ^= (x << 13) & M; x ^= x >> 17; x ^= (x << 5) & M
        self.s = x
        return x

    def below(self, n):
        return (self.next() * n) >> 32


def fnv(h, w):
    return ((h ^ w) * 16777619) & M


def sieve(n=5000000):
    c = bytearray(n + 1)
    p = 2
    while p * p <= n:
        if not c[p]:
            c[p * p::p] = b'\1' * len(range(p * p, n + 1, p))
        p += 1
    h, cnt, lg = FNV, 0, 0
    for i in range(2, n + 1):
        if not c[i]:
            cnt += 1; lg = i; h = fnv(h, i)
    return f"sieve: n={n} primes={cnt} largest={lg} checksum=0x{h:08x}"


def crc(nbytes=4 << 20, passes=2, seed=1):
    r = Rng(seed)
    b = bytearray()
    while len(b) + 4 <= nbytes:
        b += r.next().to_bytes(4, 'little')
    if len(b) < nbytes:
        b += r.next().to_bytes(4, 'little')[:nbytes - len(b)]
    once = zlib.crc32(bytes(b))
    tot = once
    for _ in range(passes - 1):
        tot = zlib.crc32(bytes(b), tot)
    return f"crc: bytes={nbytes} passes={passes} seed={seed} selftest=ok crc=0x{once:08x} total=0x{tot:08x}"


def sort(n=400000, seed=1):
    r = Rng(seed)
    a = sorted(r.next() for _ in range(n))
    h = FNV
    for v in a:
        h = fnv(h, v)
    return f"sort: n={n} seed={seed} sorted=yes min={a[0]} median={a[n // 2]} max={a[-1]} checksum=0x{h:08x}"


def _matmul(n, seed):
    r = Rng(seed)
    A = [(r.next() >> 24) - 128 for _ in range(n * n)]
    B = [(r.next() >> 24) - 128 for _ in range(n * n)]
    cols = [B[j::n] for j in range(n)]
    C = [sum(x * y for x, y in zip(A[i * n:(i + 1) * n], cols[j])) & M for i in range(n) for j in range(n)]
    tr = sum(C[i * n + i] for i in range(n)) & M
    h = FNV
    for v in C:
        h = fnv(h, v)
    return tr, h


def matmul(n=256, seed=1):
    tr, h = _matmul(n, seed)
    return f"matmul: n={n} seed={seed} trace=0x{tr:08x} checksum=0x{h:08x}"


def matmul_tiled(n=256, block=32, seed=1):
    tr, h = _matmul(n, seed)
    return f"matmul-tiled: n={n} block={block} seed={seed} trace=0x{tr:08x} checksum=0x{h:08x}"


def ptrchase(n=2 << 20, steps=8 << 20, seed=1):
    nxt = list(range(n))
    r = Rng(seed)
    for i in range(n - 1, 0, -1):
        j = r.below(i)
        nxt[i], nxt[j] = nxt[j], nxt[i]
    p, laps, h = 0, 0, FNV
    for _ in range(steps):
        p = nxt[p]; h = ((h ^ p) * 16777619) & M; laps += p == 0
    return f"ptrchase: n={n} steps={steps} seed={seed} laps={laps} end={p} checksum=0x{h:08x}"


def stride(nbytes=16 << 20, stride=4096, passes=2000):
    offs = list(range(0, nbytes & ~3, stride))
    add = passes * (passes - 1) // 2  # pass 0 stores the offset, pass k adds k
    h = FNV
    for o in offs:
        h = fnv(h, (o + add) & M)
    return f"stride: bytes={nbytes} stride={stride} passes={passes} touches={len(offs) * passes & M} checksum=0x{h:08x}"


def seqscan(nbytes=8 << 20, passes=8, seed=1):
    words = nbytes // 4
    k = mix32(seed) | 1
    a = [((i * k) & M) ^ (i >> 7) for i in range(words)]
    s = sum(a) & M
    x = 0
    for i, v in enumerate(a):
        x ^= (v + i) & M
    tot, h = 0, FNV
    for _ in range(passes):
        tot = (tot + s) & M
        h = fnv(fnv(h, s), x)
    return f"seqscan: bytes={nbytes} passes={passes} seed={seed} sum=0x{tot:08x} checksum=0x{h:08x}"


def random_(nbytes=16 << 20, accesses=4 << 20, seed=1):
    words = nbytes // 4
    r = Rng(seed)
    mem = {}
    h = wr = 0
    for _ in range(accesses):
        x = r.next()
        i = (x * words) >> 32
        v = mem.get(i, 0)
        h = (h * 31 + v) & M
        if (x & 3) == 0:
            mem[i] = (v + (x | 1)) & M; wr += 1
    s = sum(mem.get(i, 0) for i in range(0, words, 1024)) & M
    return f"random: bytes={nbytes} accesses={accesses} seed={seed} writes={wr} checksum=0x{fnv(h, s):08x}"


def zipf(pages=4096, accesses=4 << 20, seed=1):
    cdf, t = [], 0
    for k in range(pages):
        t += (1 << 24) // (k + 1); cdf.append(t)
    tab, rank = [], 0
    for b in range(65536):
        u = ((2 * b + 1) * t) >> 17
        while rank + 1 < pages and cdf[rank] <= u:
            rank += 1
        tab.append(rank)
    r = Rng(seed)
    perm = list(range(pages))
    for k in range(pages - 1, 0, -1):
        j = r.below(k + 1)
        perm[k], perm[j] = perm[j], perm[k]
    mem = {}
    hot_r = max(pages // 100, 1)
    h = wr = hot = 0
    for _ in range(accesses):
        x = r.next()
        k = tab[x >> 16]
        hot += k < hot_r
        a = perm[k] * 1024 + (x & 1023)
        v = mem.get(a, 0)
        h = (h * 31 + v) & M
        if ((x >> 10) & 3) == 0:
            mem[a] = (v + (x | 1)) & M; wr += 1
    return f"zipf: pages={pages} accesses={accesses} seed={seed} hot1pct={hot} writes={wr} checksum=0x{h:08x}"


def loop(pages=1088, passes=100, dirty=0):
    mem = {pg * 1024 + w: mix32(pg * 1024 + w) for pg in range(pages) for w in range(0, 1024, 16)}
    h = FNV
    for p in range(passes):
        s = 0
        for pg in range(pages):
            for w in range(0, 1024, 16):
                s += mem[pg * 1024 + w]
            if dirty:
                mem[pg * 1024] = (mem[pg * 1024] + p) & M
        h = fnv(h, s & M)
    return f"loop: pages={pages} passes={passes} dirty={dirty} checksum=0x{h:08x}"


def phases(setpages=512, accesses=1 << 20, seed=1):
    r = Rng(seed)
    mem = {}
    out, th = [], FNV
    for i, (name, first, count) in enumerate([("A", 0, 1), ("B", 1, 1), ("A+B", 0, 2), ("C", 2, 2), ("A", 0, 1)]):
        base, words = first * setpages * 1024, count * setpages * 1024
        h = 0
        for _ in range(accesses):
            x = r.next()
            a = base + ((x * words) >> 32)
            v = mem.get(a, 0)
            h = (h * 31 + v) & M
            if (x & 3) == 0:
                mem[a] = (v + (x | 1)) & M
        out.append(f"phases: phase={i + 1} set={name} pages={count * setpages} accesses={accesses} checksum=0x{h:08x}")
        th = fnv(th, h)
    out.append(f"phases: setpages={setpages} accesses={accesses} seed={seed} total={5 * accesses & M} checksum=0x{th:08x}")
    return "\n".join(out)


def heapfill(pages=4096, mode=2, seed=1, chunk=256):
    key = mix32(seed)
    h = FNV
    for i in range(pages * 1024):
        h = fnv(h, ((i * 0x9E3779B1) & M) ^ key)
    bp = mp = 0
    for c in range((pages + chunk - 1) // chunk):
        n = min(chunk, pages - c * chunk)
        if mode == 1 or (mode == 2 and c & 1):
            mp += n
        else:
            bp += n
    return (f"heapfill: pages={pages} mode={mode} seed={seed} chunk={chunk} brk_pages={bp} mmap_pages={mp} "
            f"zero=ok bad=0 checksum=0x{h:08x} ok")


CASES = [
    ('sieve', sieve, [(), (1000,), (2,), (3,), (65536,)]),
    ('crc', crc, [(), (4096, 2, 1), (13, 1, 5), (1, 3, 9)]),
    ('sort', sort, [(), (1000,), (17, 1), (1, 1), (5000, 77)]),
    ('matmul', matmul, [(24,), (37, 2), (1, 5), (64, 3)]),
    ('matmul-tiled', matmul_tiled, [(24, 5), (37, 8, 2), (20, 64, 1), (64, 16, 3)]),
    ('ptrchase', ptrchase, [(1024, 4096), (1000, 5000, 3), (2, 7, 1), (65536, 200000, 9)]),
    ('stride', stride, [(), (65536, 4096, 8), (100000, 12, 3), (1 << 20, 8192, 50)]),
    ('seqscan', seqscan, [(16384, 2), (1 << 20, 3, 4), (4, 1, 1)]),
    ('random', random_, [(65536, 20000), (1 << 20, 100000, 5)]),
    ('zipf', zipf, [(32, 20000), (64, 20000, 3), (4096, 200000, 1), (1, 100, 1)]),
    ('loop', loop, [(16, 4, 1), (40, 10, 0)]),
    ('phases', phases, [(4, 5000), (16, 20000, 7)]),
    ('heapfill', heapfill, [(24, 2, 1, 8), (300, 2, 5), (16, 0, 1), (520, 1, 1), (100, 2, 9, 3)]),
]


def main():
    bad = 0
    for name, model, arglists in CASES:
        for args in arglists:
            argv = [QEMU, os.path.join(BIN, name + '.elf')] + [str(a) for a in args]
            got = subprocess.run(argv, capture_output=True, text=True).stdout.rstrip('\n')
            want = model(*args)
            ok = got == want
            bad += not ok
            print(('ok  ' if ok else 'BAD ') + ' '.join([name] + [str(a) for a in args]))
            if not ok:
                print('  got:  ' + got.replace('\n', '\n        '))
                print('  want: ' + want.replace('\n', '\n        '))
    print(f"reference: {'all outputs match the model' if not bad else f'{bad} mismatch(es)'}")
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
