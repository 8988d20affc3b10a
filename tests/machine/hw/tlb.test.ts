// The TLB as software sees it: walk (miss) and hit counters, stale translations after page-table
// edits without a fence, and sfence.vma by all / address / ASID / address+ASID with global entries
// kept (privileged spec, "Supervisor Memory-Management Fence Instruction"). The programs edit their
// own page tables through a virtual mapping of the table frames, as a kernel would.
import { describe, expect, it } from 'vitest';
import { Machine } from '../../../src/machine/hw/machine.js';
import type { Asm } from '../../helpers/asm.js';
import { PRV_S, RAM_BASE, RAM_SIZE, expectTrap, hex } from '../../helpers/run-program.js';
import {
  A, CODE, CODE_PAGES, D, G, PT_POOL, PageTables, R, V, W, X, frame, pte, resume, runVm, runVmToEnd,
} from '../../helpers/sv32.js';

// The TLB is direct-mapped (slot = VPN mod entries, 512 by default). The code pages at
// 0x80000000.. use slots 0..7, so the data and page-table VAs are chosen to use other slots:
// the stale-translation tests below need the cached entries to stay put.
const VA0 = 0x0041_0000;
const VA1 = 0x0041_1000;
const VA2 = 0x0041_2000;
/** The level-0 table covering VA0..VA2, mapped read/write at VA_PT. */
const VA_PT = 0x0082_0000;
/** The root table, mapped at VA_ROOT. */
const VA_ROOT = 0x0082_1000;
const MEGA_BASE = 0x4000_0000;
const LOAD_PF = 13;

/** VA through which the program can rewrite the level-0 PTE of `va` (same 4 MiB region as VA0). */
const pteVa = (va: number): number => VA_PT + ((va >>> 12) & 0x3ff) * 4;
/** VA of the level-1 PTE of `va` in the root table. */
const rootPteVa = (va: number): number => VA_ROOT + (va >>> 22) * 4;

/** Distinct marker word stored at the start of data frame i. */
const mark = (i: number): number => (0xf00d_0000 + i) >>> 0;

/** Maps VA0..VA2 to frames 0..2 (flags), the page-table frames at VA_PT/VA_ROOT, marks frames. */
function baseMap(flags: Record<number, number> = {}) {
  return (pt: PageTables, m: Machine): void => {
    [VA0, VA1, VA2].forEach((va, i) => pt.map(va, frame(i), flags[va] ?? (R | W | A | D)));
    pt.map(VA_PT, pt.l0Addr(VA0) & ~0xfff, R | W | A | D);
    pt.map(VA_ROOT, pt.root, R | W | A | D);
    for (let i = 0; i < 16; i++) m.mem.write32(frame(i), mark(i));
  };
}

/** Emits: t0 = new PTE for `va` -> frame(i); store it through VA_PT (no fence). */
function repoint(a: Asm, va: number, i: number, flags = R | W | A | D): void {
  a.li('t0', pte(frame(i), flags | V));
  a.li('t1', pteVa(va));
  a.sw('t0', 0, 't1');
}

/** Emits a load of the marker word at `va` into `rd`. */
function peek(a: Asm, rd: string, va: number): void {
  a.li('t2', va);
  a.lw(rd as 'a0', 0, 't2');
}

const stats = (m: Machine) => {
  const s = m.cpu.tlbStats();
  const kind = (k: { accesses: number; misses: number }) => ({ ...k, hits: k.accesses - k.misses });
  return { fetch: kind(s.fetch), load: kind(s.load), store: kind(s.store) };
};

describe('hit and miss counters', () => {
  it('the first access to a page walks (miss); repeated accesses hit', () => {
    const r = runVmToEnd((a) => {
      for (let i = 0; i < 10; i++) peek(a, 'a0', VA0);
      for (let i = 0; i < 5; i++) peek(a, 'a1', VA1);
      a.li('s1', VA1);
      for (let i = 0; i < 3; i++) a.sw('zero', 8 + 4 * i, 's1');
    }, { map: baseMap({ [VA1]: R | W | A }) }); // VA1 clean: the first store must walk to set D
    const s = stats(r.m);
    expect(s.load.misses).toBe(2);
    expect(s.load.hits).toBeGreaterThanOrEqual(13);
    expect(s.store.misses).toBe(1); // first store to a page cached clean needs a walk to set D
    expect(s.store.hits).toBeGreaterThanOrEqual(2);
    expect(s.fetch.misses).toBe(1); // the program fits in one code page
    expect(s.fetch.hits).toBeGreaterThan(20);
  });

  it('running the same accesses again only adds hits', () => {
    const r1 = runVm((a) => {
      a.label('again');
      peek(a, 'a0', VA0);
      a.li('s1', VA1);
      a.sw('zero', 8, 's1');
      a.ecall();
      a.j('again');
    }, { map: baseMap() });
    expectTrap(r1, 9);
    const before = stats(r1.m);
    const r2 = resume(r1);
    expectTrap(r2, 9);
    const after = stats(r2.m);
    expect(after.load.misses).toBe(before.load.misses);
    expect(after.store.misses).toBe(before.store.misses);
    expect(after.fetch.misses).toBe(before.fetch.misses);
    expect(after.load.hits).toBeGreaterThan(before.load.hits);
    expect(after.store.hits).toBeGreaterThan(before.store.hits);
    expect(after.fetch.hits).toBeGreaterThan(before.fetch.hits);
  });

  it('code spread over several pages takes one fetch walk per page', () => {
    const r = runVmToEnd((a) => {
      a.li('s0', 50);
      a.label('loop');
      a.j('p1');
      a.org(CODE + 0x1000);
      a.label('p1');
      a.j('p2');
      a.org(CODE + 0x2000);
      a.label('p2');
      a.addi('s0', 's0', -1);
      a.beqz('s0', 'done');
      a.j('loop');
      a.label('done');
    }, { map: baseMap() });
    expect(stats(r.m).fetch.misses).toBe(3);
  });

  it('walk counts per sfence: 1 miss before, +1 after a global fence, +0 after a fence of another page', () => {
    const r0 = runVm((a) => {
      peek(a, 'a0', VA0);
      a.ecall();
      a.sfence_vma();
      peek(a, 'a0', VA0);
      a.ecall();
      a.li('t3', VA1);
      a.sfence_vma('t3', 'zero');
      peek(a, 'a0', VA0);
      a.ecall();
    }, { map: baseMap() });
    expectTrap(r0, 9);
    const m0 = stats(r0.m).load.misses;
    const r1 = resume(r0);
    const m1 = stats(r1.m).load.misses;
    const r2 = resume(r1);
    const m2 = stats(r2.m).load.misses;
    expect(m0).toBe(1);
    expect(m1).toBe(2);
    expect(m2).toBe(2);
  });
});

describe('stale translations and sfence.vma', () => {
  it('a PTE changed in memory without sfence may still be used; after sfence.vma the new one is', () => {
    const r = runVmToEnd((a) => {
      peek(a, 'a0', VA0); // caches VA0 -> frame 0
      repoint(a, VA0, 5); // VA0 -> frame 5 in memory only
      peek(a, 'a1', VA0); // stale: still frame 0
      a.sfence_vma();
      peek(a, 'a2', VA0); // frame 5
    }, { map: baseMap() });
    expect(hex(r.x('a0'))).toBe(hex(mark(0)));
    expect(hex(r.x('a1'))).toBe(hex(mark(0)));
    expect(hex(r.x('a2'))).toBe(hex(mark(5)));
    expect(r.pt.read(VA0) >>> 10).toBe(frame(5) >>> 12); // the program's PTE store landed
  });

  it('stale stores go to the old frame until the fence', () => {
    const r = runVmToEnd((a) => {
      peek(a, 'a0', VA0);
      a.li('s0', VA0);
      a.sw('zero', 4, 's0'); // caches a writable translation to frame 0
      repoint(a, VA0, 6);
      a.li('t0', 0x5151);
      a.sw('t0', 8, 's0'); // stale: frame 0
      a.sfence_vma();
      a.li('t0', 0x6161);
      a.sw('t0', 8, 's0'); // frame 6
    }, { map: baseMap() });
    expect(r.m.mem.read32(frame(0) + 8)).toBe(0x5151);
    expect(r.m.mem.read32(frame(6) + 8)).toBe(0x6161);
  });

  it('an invalidated PTE keeps working until sfence.vma, then faults', () => {
    const r = runVm((a) => {
      peek(a, 'a0', VA0);
      a.li('t1', pteVa(VA0));
      a.sw('zero', 0, 't1'); // V = 0
      peek(a, 'a1', VA0); // stale but permitted
      a.sfence_vma();
      a.li('t2', VA0);
      a.label('x');
      a.lw('a2', 0, 't2');
      a.ecall();
    }, { map: baseMap() });
    expectTrap(r, LOAD_PF, r.at('x'), VA0);
    expect(hex(r.x('a1'))).toBe(hex(mark(0)));
  });

  it('sfence.vma rs1 = address flushes only that page (any address inside it)', () => {
    const r = runVmToEnd((a) => {
      peek(a, 'a0', VA0);
      peek(a, 'a0', VA1);
      repoint(a, VA0, 7);
      repoint(a, VA1, 8);
      a.li('t3', VA0 + 0x7f4);
      a.sfence_vma('t3', 'zero');
      peek(a, 'a1', VA0); // new: frame 7
      peek(a, 'a2', VA1); // stale: frame 1
      a.sfence_vma();
      peek(a, 'a3', VA1); // new: frame 8
    }, { map: baseMap() });
    expect(hex(r.x('a1'))).toBe(hex(mark(7)));
    expect(hex(r.x('a2'))).toBe(hex(mark(1)));
    expect(hex(r.x('a3'))).toBe(hex(mark(8)));
  });

  it('sfence.vma rs2 = ASID flushes that address space except global entries', () => {
    const r = runVmToEnd((a) => {
      peek(a, 'a0', VA0); // global
      peek(a, 'a0', VA1); // non-global
      repoint(a, VA0, 9, R | W | A | D | G);
      repoint(a, VA1, 10);
      a.li('t3', 6);
      a.sfence_vma('zero', 't3'); // another ASID: nothing of ours goes
      peek(a, 'a1', VA0);
      peek(a, 'a2', VA1);
      a.li('t3', 5);
      a.sfence_vma('zero', 't3'); // our ASID: non-global entries go, the global one survives
      peek(a, 'a3', VA0);
      peek(a, 'a4', VA1);
      a.sfence_vma(); // everything
      peek(a, 'a5', VA0);
    }, { asid: 5, map: baseMap({ [VA0]: R | W | A | D | G }) });
    expect(hex(r.x('a1'))).toBe(hex(mark(0)));
    expect(hex(r.x('a2'))).toBe(hex(mark(1)));
    expect(hex(r.x('a3'))).toBe(hex(mark(0))); // global entry kept
    expect(hex(r.x('a4'))).toBe(hex(mark(10)));
    expect(hex(r.x('a5'))).toBe(hex(mark(9)));
  });

  it('sfence.vma rs1 = address, rs2 = ASID flushes one page of one address space, not globals', () => {
    const r = runVmToEnd((a) => {
      peek(a, 'a0', VA0);
      peek(a, 'a0', VA1);
      peek(a, 'a0', VA2); // global
      repoint(a, VA0, 11);
      repoint(a, VA1, 12);
      repoint(a, VA2, 13, R | W | A | D | G);
      a.li('t3', VA0);
      a.li('t4', 4);
      a.sfence_vma('t3', 't4'); // wrong ASID: no effect
      peek(a, 'a1', VA0);
      a.li('t4', 3);
      a.sfence_vma('t3', 't4'); // VA0 in ASID 3
      peek(a, 'a2', VA0);
      peek(a, 'a3', VA1); // other page: stale
      a.li('t3', VA2);
      a.sfence_vma('t3', 't4'); // global page with an ASID: kept
      peek(a, 'a4', VA2);
      a.sfence_vma('t3', 'zero'); // same page, all address spaces: gone
      peek(a, 'a5', VA2);
    }, { asid: 3, map: baseMap({ [VA2]: R | W | A | D | G }) });
    expect(hex(r.x('a1'))).toBe(hex(mark(0)));
    expect(hex(r.x('a2'))).toBe(hex(mark(11)));
    expect(hex(r.x('a3'))).toBe(hex(mark(1)));
    expect(hex(r.x('a4'))).toBe(hex(mark(2)));
    expect(hex(r.x('a5'))).toBe(hex(mark(13)));
  });

  it('a megapage is flushed by sfence.vma of any address inside it', () => {
    const r = runVm((a) => {
      a.li('s0', MEGA_BASE + (frame(3) - RAM_BASE));
      a.lw('a0', 0, 's0'); // megapage cached
      a.li('t1', rootPteVa(MEGA_BASE));
      a.sw('zero', 0, 't1'); // invalidate the level-1 leaf in memory
      a.lw('a1', 0, 's0'); // stale
      a.li('t3', MEGA_BASE + 0x2f_f000);
      a.sfence_vma('t3', 'zero');
      a.label('x');
      a.lw('a2', 0, 's0');
      a.ecall();
    }, { map: (pt, m) => { baseMap()(pt, m); pt.mapMega(MEGA_BASE, RAM_BASE, R | W | A | D); } });
    expectTrap(r, LOAD_PF, r.at('x'), MEGA_BASE + (frame(3) - RAM_BASE));
    expect(hex(r.x('a0'))).toBe(hex(mark(3)));
    expect(hex(r.x('a1'))).toBe(hex(mark(3)));
  });

  it('after clearing A (or D) in memory and sfence.vma, the next access sets it again', () => {
    const r = runVmToEnd((a) => {
      peek(a, 'a0', VA0);
      a.li('s0', VA1);
      a.sw('zero', 4, 's0');
      repoint(a, VA0, 0, R | W); // A = D = 0, same frame
      repoint(a, VA1, 1, R | W | A); // D = 0
      a.sfence_vma();
      peek(a, 'a1', VA0);
      a.sw('zero', 4, 's0');
    }, { map: baseMap({ [VA0]: R | W, [VA1]: R | W }) });
    expect(r.pt.read(VA0) & (A | D)).toBe(A);
    expect(r.pt.read(VA1) & (A | D)).toBe(A | D);
  });
});

describe('address spaces', () => {
  it('switching satp between ASIDs translates the same VA per address space', () => {
    let satp1 = 0;
    let satp2 = 0;
    const r = runVmToEnd((a) => {
      // s10/s11 hold the two satp values (set from the host below)
      peek(a, 'a0', VA0);
      a.csrw('satp', 's11');
      peek(a, 'a1', VA0);
      a.csrw('satp', 's10');
      peek(a, 'a2', VA0);
      a.csrw('satp', 's11');
      peek(a, 'a3', VA0);
    }, {
      asid: 1,
      map: (pt, m) => {
        pt.map(VA0, frame(0), R | W | A | D);
        for (let i = 0; i < 4; i++) m.mem.write32(frame(i), mark(i));
        const pt2 = new PageTables(m, PT_POOL + 0x1_0000);
        pt2.mapRange(CODE, CODE, CODE_PAGES, R | X);
        pt2.map(VA0, frame(1), R | W | A | D);
        satp1 = pt.satp(1);
        satp2 = pt2.satp(2);
        m.cpu.x[26] = satp1 | 0;
        m.cpu.x[27] = satp2 | 0;
      },
    });
    expect(satp1).not.toBe(satp2);
    expect([r.x('a0'), r.x('a1'), r.x('a2'), r.x('a3')].map(hex)).toEqual([mark(0), mark(1), mark(0), mark(1)].map(hex));
  });

  it('a one-entry TLB still translates correctly while evicting on every page change', () => {
    const m = new Machine({ ramBase: RAM_BASE, ramSize: RAM_SIZE, tlbEntries: 1 });
    const r = runVmToEnd((a) => {
      for (let i = 0; i < 4; i++) {
        peek(a, 'a0', VA0);
        a.add('s2', 's2', 'a0');
        peek(a, 'a1', VA1);
        a.add('s2', 's2', 'a1');
        peek(a, 'a2', VA2);
        a.add('s2', 's2', 'a2');
      }
      a.li('s0', VA2);
      a.sw('s2', 4, 's0');
    }, { machine: m, map: baseMap() });
    expect(hex(r.x('s2'))).toBe(hex(4 * (mark(0) + mark(1) + mark(2))));
    expect(hex(r.m.mem.read32(frame(2) + 4))).toBe(hex(4 * (mark(0) + mark(1) + mark(2))));
  });
});

describe('host interface', () => {
  it('host sfenceVma() and satp writes act like the instructions', () => {
    const r = runVm((a) => {
      peek(a, 'a0', VA0);
      a.ecall();
      peek(a, 'a1', VA0);
      a.ecall();
    }, { map: baseMap() });
    expectTrap(r, 9);
    r.m.mem.write32(r.pt.l0Addr(VA0), pte(frame(4), V | R | W | A | D));
    r.m.cpu.sfenceVma();
    const r2 = resume(r);
    expectTrap(r2, 9);
    expect(hex(r2.x('a0'))).toBe(hex(mark(0)));
    expect(hex(r2.x('a1'))).toBe(hex(mark(4)));
  });

  it('assigning cpu.priv between runs takes effect for address translation', () => {
    // The documented host API sets the privilege by assignment; an M-mode run must not leave
    // physical translations behind that a following S-mode run uses.
    const r = runVm((a) => {
      a.li('s0', frame(1));
      a.lw('a0', 0, 's0');
      a.ecall();
    }, {
      priv: 3,
      map: (pt, m) => {
        baseMap()(pt, m);
        pt.map(frame(1), frame(5), R | W | A | D); // identity VA of frame 1 -> frame 5
      },
    });
    expectTrap(r, 11);
    expect(hex(r.x('a0'))).toBe(hex(mark(1))); // M-mode: physical
    r.m.cpu.pc = RAM_BASE;
    r.m.cpu.priv = PRV_S;
    const e = r.m.cpu.run(1000);
    expect(e).toMatchObject({ kind: 'trap', cause: 9 });
    expect(hex(r.m.cpu.x[10]! >>> 0)).toBe(hex(mark(5))); // S-mode: translated
  });
});
