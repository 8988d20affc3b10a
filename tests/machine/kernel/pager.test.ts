// The pager through the kernel, with real guest programs: demand paging, zero-fill, swap, the
// validation of replacement answers (fallbacks), readahead, allocator quotas, A-bit scans and
// forward progress.
import { describe, expect, it } from 'vitest';
import { PTE_A, PTE_D } from '../../../src/machine/hw/pte.js';
import { MAX_FAULT_STREAK, MIN_QUOTA, STACK_TOP } from '../../../src/machine/kernel/kernel.js';
import type { BitsData, PortResult, ReplacementPort } from '../../../src/machine/kernel/ports.js';
import type { Process } from '../../../src/machine/kernel/process.js';
import clock from '../../../src/services/builtin/clock.js';
import fifo from '../../../src/services/builtin/fifo.js';
import { definePolicy, defineReadahead, type FaultInfo } from '../../../src/services/protocol.js';
import type { Asm } from '../../helpers/asm.js';
import {
  DATA, exit, fresh, patternProgram, patternSum, program, spin, str, words, writeLabel,
} from '../../helpers/guest.js';
import { BadPolicy, boot, FakeFifo, hostPort, ok, readaheadPort, type BadMode, type Booted } from './harness.js';

const DVPN = DATA / 4096;
const STACK_VPN = STACK_TOP / 4096 - 1;
const TEXT_VPN = 0x10;

/** Loads (or stores to) one word in each listed page of DATA, then exits or spins. */
function touch(pages: number[], opts: { store?: boolean; end?: 'exit' | 'spin'; passes?: number } = {}): (a: Asm) => void {
  return (a) => {
    a.li('s1', opts.passes ?? 1);
    const top = fresh('pass');
    a.label(top);
    for (const pg of pages) {
      a.li('t0', DATA + pg * 4096 + 8);
      if (opts.store) a.sw('t0', 0, 't0');
      else a.lw('t1', 0, 't0');
    }
    a.addi('s1', 's1', -1).bnez('s1', top);
    if ((opts.end ?? 'exit') === 'spin') spin(a);
    else exit(a, 0);
  };
}

const bss = (pages: number) => [{ vaddr: DATA, memsz: pages * 4096 }];
const pattern = (pages: number, seed = 0x5eed, passes = 1) => program(patternProgram(DATA, pages, seed, passes), bss(pages));

function expectPatternOk(h: Booted, p: Process, pages: number, seed = 0x5eed): void {
  expect(words(h.out(p.pid))).toEqual([patternSum(pages, seed), 0]);
  expect(p.exitCode).toBe(0);
  expect(p.signal).toBeUndefined();
}

function expectAllFreed(h: Booted, frames: number): void {
  expect(h.k.frames.freeCount).toBe(frames);
  expect(h.k.frames.ptUsed).toBe(0);
  expect(h.k.swap.used).toBe(0);
}

describe('demand paging', () => {
  it('maps nothing before it is touched: minor faults equal the pages touched', () => {
    const h = boot({ frames: 32 });
    const p = h.spawn(program(touch([0, 5, 9], { end: 'spin' }), bss(16)));
    // only the initial stack, which the kernel itself wrote
    expect([...p.as.pages.keys()]).toEqual([STACK_VPN]);
    expect(p.stats.minorFaults).toBe(1);
    expect(p.as.getPte(TEXT_VPN)).toBe(0);
    expect(p.as.getPte(DVPN)).toBe(0);
    expect(h.k.run(20_000)).toBe('budget');
    expect([...p.as.pages.keys()].sort((x, y) => x - y)).toEqual([TEXT_VPN, DVPN, DVPN + 5, DVPN + 9, STACK_VPN]);
    expect(p.stats.minorFaults).toBe(5);
    expect(p.stats.majorFaults).toBe(0);
    expect(p.resident.length).toBe(5);
    expect(h.k.frames.freeCount).toBe(32 - 5);
    for (const vpn of [DVPN + 1, DVPN + 4, DVPN + 6, DVPN + 15]) expect(p.as.getPte(vpn)).toBe(0);
  });

  it('zero-fills fresh pages even in frames an exited process dirtied', () => {
    const h = boot({ frames: 8 });
    // first process: fills 6 pages with 0xffffffff and exits
    const dirty = program((a) => {
      a.li('t0', DATA).li('t1', DATA + 6 * 4096).li('t2', -1);
      a.label('l').sw('t2', 0, 't0').addi('t0', 't0', 4).bltu('t0', 't1', 'l');
      exit(a, 0);
    }, bss(6));
    h.spawn(dirty);
    h.runAll();
    expect(h.k.frames.freeCount).toBe(8);
    // second process: ORs every word of 6 bss pages and writes the result
    const check = program((a) => {
      a.li('t0', DATA).li('t1', DATA + 6 * 4096).li('s0', 0);
      a.label('l').lw('t2', 0, 't0').or('s0', 's0', 't2').addi('t0', 't0', 4).bltu('t0', 't1', 'l');
      a.addi('sp', 'sp', -16).sw('s0', 0, 'sp').li('a0', 1).mv('a1', 'sp').li('a2', 4).li('a7', 64).ecall();
      exit(a, 0);
    }, bss(6));
    const p = h.spawn(check);
    h.runAll();
    expect(words(h.out(p.pid))).toEqual([0]);
  });

  it('builds image pages from the ELF: file bytes, then zeros to memsz', () => {
    const data = Uint8Array.from({ length: 5000 }, (_, i) => (i * 13 + 1) & 0xff);
    const h = boot({ frames: 8 });
    // sums bytes of [DATA, DATA + 3 pages): the 5000 file bytes, then bss zeros
    const p = h.spawn(program((a) => {
      a.li('t0', DATA).li('t1', DATA + 3 * 4096).li('s0', 0);
      a.label('l').lbu('t2', 0, 't0').add('s0', 's0', 't2').addi('t0', 't0', 1).bltu('t0', 't1', 'l');
      a.addi('sp', 'sp', -16).sw('s0', 0, 'sp').li('a0', 1).mv('a1', 'sp').li('a2', 4).li('a7', 64).ecall();
      exit(a, 0);
    }, [{ vaddr: DATA, bytes: data, memsz: 3 * 4096 }]));
    h.runAll();
    expect(words(h.out(p.pid))).toEqual([data.reduce((s, b) => s + b, 0)]);
  });
});

describe('the victim hint', () => {
  it('tells the policy a decision is coming (coming) right before every victim call', () => {
    const calls: string[] = [];
    const h = boot({
      frames: 4,
      policy: () => {
        const port = new FakeFifo();
        const victim = port.victim.bind(port);
        return Object.assign(port, {
          coming: () => { calls.push('coming'); },
          victim: (b: Parameters<FakeFifo['victim']>[0]) => { calls.push('victim'); return victim(b); },
        });
      },
    });
    const p = h.spawn(pattern(16));
    h.runAll();
    expectPatternOk(h, p, 16);
    expect(calls.length).toBeGreaterThan(20);
    expect(calls.join(' ')).toBe(Array.from({ length: calls.length / 2 }, () => 'coming victim').join(' '));
  });
});

describe('swap', () => {
  const policies: [string, (pid: number) => ReplacementPort][] = [
    ['a fake FIFO port', () => new FakeFifo()],
    ['the FIFO service', () => hostPort(fifo, 4)],
    ['the CLOCK service', () => hostPort(clock, 4)],
  ];
  for (const [name, make] of policies) {
    it(`keeps 64 pages of data intact through 4 frames with ${name}`, () => {
      const h = boot({ frames: 4, policy: make });
      const p = h.spawn(pattern(64));
      h.runAll();
      expectPatternOk(h, p, 64);
      expect(p.stats.majorFaults).toBeGreaterThanOrEqual(60);
      expect(p.stats.swapOuts).toBeGreaterThanOrEqual(64);
      expect(p.stats.swapIns).toBe(p.stats.majorFaults);
      expect(h.k.swap.writes).toBe(p.stats.swapOuts);
      expect(h.k.swap.reads).toBe(p.stats.swapIns);
      expect(p.stats.evictions).toBe(p.stats.minorFaults + p.stats.majorFaults - 4);
      expect(h.eventsOf('fallback')).toEqual([]);
      expectAllFreed(h, 4);
    });
  }

  it('writes only dirty pages: a read-only pass after the first clean evictions causes no swap-outs', () => {
    const pages = Array.from({ length: 32 }, (_, i) => i);
    const snaps: { swapOuts: number; majorFaults: number; minorFaults: number }[] = [];
    const h = boot({
      frames: 4,
      onChunk: (_c, k) => { const s = k.procs[0]!.stats; snaps.push({ swapOuts: s.swapOuts, majorFaults: s.majorFaults, minorFaults: s.minorFaults }); },
    });
    // write pass, marker, read pass, marker, read pass, marker (markers come from the text: no stack writes)
    const p = h.spawn(program((a) => {
      for (const pg of pages) a.li('t0', DATA + pg * 4096).sw('t0', 0, 't0');
      writeLabel(a, 1, 'm', 1);
      for (let pass = 0; pass < 2; pass++) {
        for (const pg of pages) a.li('t0', DATA + pg * 4096).lw('t1', 0, 't0');
        writeLabel(a, 1, 'm', 1);
      }
      exit(a, 0);
      str(a, 'm', '.');
    }, bss(32)));
    h.runAll();
    expect(h.text(p.pid)).toBe('...');
    const [afterWrite, afterRead1, afterRead2] = snaps as [typeof snaps[0], typeof snaps[0], typeof snaps[0]];
    expect(afterWrite.swapOuts).toBeGreaterThanOrEqual(28);
    expect(afterRead1.swapOuts - afterWrite.swapOuts).toBeLessThanOrEqual(4); // only what was still dirty
    expect(afterRead1.majorFaults - afterWrite.majorFaults).toBeGreaterThanOrEqual(28);
    expect(afterRead2.majorFaults - afterRead1.majorFaults).toBeGreaterThanOrEqual(28); // pages did go out...
    expect(afterRead2.swapOuts).toBe(afterRead1.swapOuts); // ...without being written
  });

  it('never writes pages that were never written: they are dropped and zero-filled again', () => {
    const h = boot({ frames: 4 });
    const p = h.spawn(program(touch(Array.from({ length: 32 }, (_, i) => i), { passes: 2 }), bss(32)));
    h.runAll();
    expect(p.stats.minorFaults).toBeGreaterThanOrEqual(64);
    expect(p.stats.swapOuts).toBeLessThanOrEqual(1); // at most the initial stack page (the kernel wrote it)
    expect(p.stats.majorFaults).toBe(0); // the stack is not touched again
    expect(h.k.swap.writes).toBe(p.stats.swapOuts);
  });
});

describe('victim validation', () => {
  interface Case { mode: BadMode; reason: RegExp; frames: number; setup?: (h: Booted) => void; opts?: Parameters<typeof boot>[0]; procs?: number }
  const ra = readaheadPort(defineReadahead({
    name: 'next4', description: '', init: () => null,
    onFault: (_s, f) => (f.vpn >= DVPN && f.vpn < DVPN + 16 ? [f.vpn + 1, f.vpn + 2, f.vpn + 3, f.vpn + 4] : []),
  }));
  const cases: Case[] = [
    { mode: 'free', reason: /victim \d+ is a free frame/, frames: 8,
      opts: { frames: 8, allocator: { name: 'four', quotas: () => ok({ 1: 4 }) } } },
    { mode: 'foreign', reason: /victim \d+ belongs to process \d, not \d/, frames: 6, procs: 2, opts: { frames: 6, quantum: 3000 } },
    { mode: 'ballooned', reason: /victim 4 belongs to no process, not 1/, frames: 5, setup: (h) => { expect(h.k.frames.balloon(4)).toBe(true); } },
    { mode: 'range', reason: /victim (4|11|-1|2\.5|NaN|1099511627776) is out of range \(0\.\.3\)/, frames: 4 },
    { mode: 'pinned', reason: /victim \d+ is pinned/, frames: 8, opts: { frames: 8, readahead: ra } },
    { mode: 'fails', reason: /^threw: boom$/, frames: 4 },
  ];
  for (const c of cases) {
    it(`falls back on a bad answer (${c.mode}) and the program still computes the right result`, () => {
      const h = boot({ ...(c.opts ?? { frames: c.frames }), policy: (pid, k) => new BadPolicy(c.mode, k, pid) });
      c.setup?.(h);
      const ps = Array.from({ length: c.procs ?? 1 }, (_, i) => h.spawn(pattern(16, 0x100 + i)));
      h.runAll();
      ps.forEach((p, i) => expectPatternOk(h, p, 16, 0x100 + i));
      const bad = [...h.policies.values()].reduce((n, pol) => n + (pol as BadPolicy).bad, 0);
      expect(bad).toBeGreaterThan(0);
      const fb = h.eventsOf('fallback');
      expect(fb.length).toBe(bad);
      for (const e of fb) {
        expect(e.reason).toMatch(c.reason);
        expect(e.service).toBe(`bad-${c.mode}`);
      }
    });
  }

  it('stays consistent when a port breaks its contract by throwing (the exception reaches run())', () => {
    // ports are meant to return failures, never throw; if one does, nothing may be half-done:
    // with a working policy put in its place the program completes correctly
    const h = boot({ frames: 4, policy: (pid, k) => new BadPolicy('throws', k, pid) });
    const p = h.spawn(pattern(8));
    expect(() => h.k.run(1_000_000)).toThrow(/raw port threw/);
    p.policy = new FakeFifo();
    h.runAll();
    expectPatternOk(h, p, 8);
    expectAllFreed(h, 4);
  });

  it("evicts the process's oldest unpinned frame on a fallback", () => {
    const evicted: number[] = [];
    const expected: number[] = [];
    let k: () => import('../../../src/machine/kernel/kernel.js').Kernel = () => { throw new Error('unset'); };
    class Watch extends BadPolicy {
      override victim(bits: BitsData): PortResult<{ victim: number; clear: number[] }> {
        const p = k().procs[0]!;
        expected.push(p.resident.find((f) => !k().frames.pinned[f])!);
        return super.victim(bits);
      }
    }
    const h = boot({ frames: 4, policy: (pid, kk) => { k = kk; const w = new Watch('range', kk, pid); w.onUnmap = (pg) => evicted.push(pg.frame); return w; } });
    const p = h.spawn(pattern(8));
    h.runAll();
    expectPatternOk(h, p, 8);
    expect(expected.length).toBeGreaterThan(8);
    expect(evicted).toEqual(expected);
  });

  it('falls back when the real host reports a throw or a malformed answer', () => {
    const thrower = definePolicy<null>({ name: 'thrower', description: '', init: () => null, chooseVictim: () => { throw new Error('nope'); } });
    const liar = definePolicy<null>({ name: 'liar', description: '', init: () => null, chooseVictim: () => ({ victim: 'x' as unknown as number }) });
    const h = boot({ frames: 4, quantum: 2000, policy: (pid) => hostPort(pid === 1 ? thrower : liar, 4) });
    const a = h.spawn(pattern(8, 1)), b = h.spawn(pattern(8, 2));
    h.runAll();
    expectPatternOk(h, a, 8, 1);
    expectPatternOk(h, b, 8, 2);
    const fb = h.eventsOf('fallback');
    expect(fb.some((e) => e.service === 'thrower' && /^threw: nope$/.test(e.reason))).toBe(true);
    expect(fb.some((e) => e.service === 'liar' && /^invalid-answer: victim must be an integer/.test(e.reason))).toBe(true);
  });

  it('applies the clear list of a valid answer only to frames of that process', () => {
    // process 1's policy evicts its newest frame and asks to clear its first data page's frame,
    // every frame of process 2, and junk
    let kernel: () => import('../../../src/machine/kernel/kernel.js').Kernel = () => { throw new Error('unset'); };
    const clearer = new FakeFifo();
    clearer.victim = () => {
      clearer.victims++;
      const fr = kernel().frames;
      const own0 = clearer.maps.find((m) => m.vpn === DVPN)!.frame;
      const foreign = Array.from({ length: fr.total }, (_, f) => f).filter((f) => fr.owner[f] === 2);
      return ok({ victim: clearer.queue[clearer.queue.length - 1]!, clear: [own0, ...foreign, -1, 99, 1.5] });
    };
    const h = boot({ frames: 6, quantum: 2000, policy: (pid, k) => { kernel = k; return pid === 1 ? clearer : new FakeFifo(); } });
    const a = h.spawn(program(touch([0, 1, 2, 3], { end: 'spin' }), bss(4)));
    h.k.run(3000); // a: stack, text, 4 pages = all 6 frames, all referenced
    expect(a.resident.map((f) => a.as.getPte(h.k.frames.vpn[f]!) & PTE_A)).toEqual(new Array(6).fill(PTE_A));
    const b = h.spawn(program(touch([0], { end: 'spin' }), bss(1))); // b's 3 frames come from a
    h.k.run(10_000);
    expect(b.resident.length).toBe(3);
    expect(a.stats.evictions).toBe(3);
    expect(clearer.victims).toBe(3);
    expect(h.eventsOf('fallback')).toEqual([]);
    // a's first data page (not touched again) was cleared as asked...
    expect(a.as.getPte(DVPN) & PTE_A).toBe(0);
    // ...nothing else of a's: its stack, written by the kernel at spawn, keeps its A bit
    expect(a.as.getPte(STACK_VPN) & PTE_A).toBe(PTE_A);
    // ...and b's frames were not touched either (b's stack is not accessed after spawn)
    expect(b.as.getPte(STACK_VPN) & PTE_A).toBe(PTE_A);
  });

});

describe('readahead', () => {
  it('prefetches what the service asks (valid pages only) and counts them apart from faults', () => {
    const calls: FaultInfo[] = [];
    const svc = defineReadahead<null>({
      name: 'next', description: '', init: () => null,
      onFault: (_s, f) => {
        calls.push(f);
        if (f.vpn < DVPN || f.vpn >= DVPN + 16) return [];
        // the next page, plus junk the kernel must drop: itself (resident), unmapped, out of range
        return [f.vpn + 1, f.vpn, 0x500, -1, 0x100000, TEXT_VPN + 1];
      },
    });
    const h = boot({ frames: 32, readahead: readaheadPort(svc) });
    const p = h.spawn(program(touch(Array.from({ length: 16 }, (_, i) => i)), bss(16)));
    h.runAll();
    expect(p.exitCode).toBe(0);
    expect(p.stats.prefetched).toBe(8); // pages 1, 3, ..., 15
    expect(p.stats.minorFaults).toBe(2 + 8); // stack, text, pages 0, 2, ..., 14
    const dataFaults = calls.filter((c) => c.vpn >= DVPN && c.vpn < DVPN + 16).map((c) => c.vpn - DVPN);
    expect(calls.length).toBe(10); // and the stack (at spawn) and text faults
    expect(dataFaults).toEqual([0, 2, 4, 6, 8, 10, 12, 14]);
    expect(calls.filter((c) => c.vpn >= DVPN && c.vpn < DVPN + 16).every((c) => c.pid === p.pid && !c.major && !c.write)).toBe(true);
    expect(calls[0]).toMatchObject({ vpn: STACK_VPN, write: true }); // the kernel's initial-stack write
  });

  it('caps a prefetch at 32 pages per fault', () => {
    const svc = defineReadahead<null>({
      name: 'greedy', description: '', init: () => null,
      onFault: (_s, f) => (f.vpn >= DVPN && f.vpn < DVPN + 64 ? Array.from({ length: 100 }, (_, i) => f.vpn + 1 + i) : []),
    });
    const h = boot({ frames: 80, readahead: readaheadPort(svc) });
    const p = h.spawn(program(touch(Array.from({ length: 64 }, (_, i) => i)), bss(64)));
    h.runAll();
    expect(p.stats.prefetched).toBe(32 + 30); // fault at 0 brings 1..32; fault at 33 brings 34..63
    expect(p.stats.minorFaults).toBe(2 + 2);
  });

  it('never evicts the page that faulted while prefetching into full memory, and keeps data intact', () => {
    const svc = defineReadahead<null>({
      name: 'next4', description: '', init: () => null,
      onFault: (_s, f) => (f.vpn >= DVPN && f.vpn < DVPN + 32 ? [1, 2, 3, 4].map((d) => f.vpn + d) : []),
    });
    let pinnedEvictions = 0;
    const h = boot({
      frames: 8, readahead: readaheadPort(svc),
      // FIFO, except that it names a pinned frame (the page that faulted) whenever there is one
      policy: (pid, k) => {
        const f = new BadPolicy('pinned', k, pid);
        f.onUnmap = (pg) => { if (k().frames.pinned[pg.frame]) pinnedEvictions++; };
        return f;
      },
    });
    const p = h.spawn(pattern(32));
    h.runAll();
    expectPatternOk(h, p, 32);
    expect(p.stats.prefetched).toBeGreaterThan(20);
    expect(pinnedEvictions).toBe(0);
    // the policy did name the pinned faulting page; the kernel refused it
    const fb = h.eventsOf('fallback');
    expect(fb.length).toBeGreaterThan(0);
    expect(fb.every((e) => /is pinned/.test(e.reason))).toBe(true);
    expect(h.k.frames.pinned.every((x) => x === 0)).toBe(true);
  });

  // regression: prefetching could evict the faulting instruction's own text page; the retried
  // instruction then faulted on its text and FIFO evicted the (no longer pinned) page that had
  // just faulted. With a window as large as memory the process never retired another instruction.
  it('still lets the faulting instruction complete when the readahead window is as large as memory', () => {
    const svc = defineReadahead<null>({
      name: 'next4', description: '', init: () => null,
      onFault: (_s, f) => (f.vpn >= DVPN && f.vpn < DVPN + 16 ? [1, 2, 3, 4].map((d) => f.vpn + d) : []),
    });
    const h = boot({ frames: 4, readahead: readaheadPort(svc) });
    const p = h.spawn(pattern(16));
    h.k.run(20_000);
    expect(p.stats.instructions).toBeGreaterThan(5_000); // the livelock stayed at 10
    h.runAll();
    expectPatternOk(h, p, 16);
    expect(p.stats.prefetched).toBeGreaterThan(0);
  });

  it('prefetches at most half of the quota per fault', () => {
    const svc = defineReadahead<null>({
      name: 'greedy', description: '', init: () => null,
      onFault: (_s, f) => (f.vpn >= DVPN && f.vpn < DVPN + 64 ? Array.from({ length: 100 }, (_, i) => f.vpn + 1 + i) : []),
    });
    const h = boot({ frames: 64, readahead: readaheadPort(svc), allocator: { name: 'ten', quotas: () => ok({ 1: 10 }) } });
    const p = h.spawn(program(touch([0]), bss(64)));
    h.runAll();
    expect(p.stats.prefetched).toBe(5);
  });

  it('a failing readahead service is an event, not a failure of the fault', () => {
    const svc = defineReadahead<null>({ name: 'broken', description: '', init: () => null, onFault: () => { throw new Error('ra down'); } });
    const h = boot({ frames: 8, readahead: readaheadPort(svc) });
    const p = h.spawn(pattern(4));
    h.runAll();
    expectPatternOk(h, p, 4);
    const errs = h.eventsOf('service-error');
    expect(errs.length).toBe(p.stats.minorFaults + p.stats.majorFaults);
    expect(errs[0]!.service).toBe('broken');
    expect(errs[0]!.message).toMatch(/ra down/);
    expect(p.stats.prefetched).toBe(0);
  });
});

describe('frame allocator', () => {
  it('applies quotas: a process never holds more frames than its quota', () => {
    let maxResident = 0;
    const h = boot({
      frames: 16,
      allocator: { name: 'four', quotas: () => ok({ 1: 4 }) },
      policy: (_pid, k) => { const f = new FakeFifo(); f.onMap = () => { maxResident = Math.max(maxResident, k().procs[0]!.resident.length); }; return f; },
    });
    const p = h.spawn(pattern(16));
    expect(p.quota).toBe(4);
    h.runAll();
    expectPatternOk(h, p, 16);
    expect(maxResident).toBe(4);
    expect(p.stats.majorFaults).toBeGreaterThan(0);
  });

  function spinners(h: Booted, n: number): Process[] {
    return Array.from({ length: n }, () => h.spawn(program((a) => { spin(a); })));
  }

  it('validates answers: entries that are not finite numbers, and unknown pids, are ignored', () => {
    let answer: Record<number, unknown> = { 1: 10, 2: 20, 3: 30 };
    const h = boot({ frames: 100, allocator: { name: 'm', quotas: () => ok(answer as Record<number, number>) } });
    const [a, b, c] = spinners(h, 3) as [Process, Process, Process];
    expect([a.quota, b.quota, c.quota]).toEqual([10, 20, 30]);
    answer = { 1: Number.NaN, 2: 'many', 3: Number.POSITIVE_INFINITY, 99: 50 };
    h.k.rebalance();
    expect([a.quota, b.quota, c.quota]).toEqual([10, 20, 30]);
    answer = { 2: 25 }; // missing pids keep their quota
    h.k.rebalance();
    expect([a.quota, b.quota, c.quota]).toEqual([10, 25, 30]);
    answer = { 1: 0, 2: -5, 3: 7 }; // quotas are at least MIN_QUOTA frames (one instruction may need 3 pages)
    h.k.rebalance();
    expect([a.quota, b.quota, c.quota]).toEqual([MIN_QUOTA, MIN_QUOTA, 7]);
  });

  // regression: rebalance() used to floor 12.9 to 12 and 0.5 to 1 instead of ignoring them
  it('ignores non-integer quotas (they are not frame counts)', () => {
    let answer: Record<number, number> = { 1: 10, 2: 20 };
    const h = boot({ frames: 100, allocator: { name: 'm', quotas: () => ok(answer) } });
    const [a, b] = spinners(h, 2) as [Process, Process];
    answer = { 1: 12.9, 2: 0.5 };
    h.k.rebalance();
    expect([a.quota, b.quota]).toEqual([10, 20]);
  });

  it('scales quotas down when they add up to more than memory', () => {
    let answer: Record<number, number> = { 1: 60, 2: 30, 3: 30 };
    const h = boot({ frames: 60, allocator: { name: 'm', quotas: () => ok(answer) } });
    const ps = spinners(h, 3);
    expect(ps.map((p) => p.quota)).toEqual([30, 15, 15]);
    answer = { 1: 100, 2: 100, 3: 100 };
    h.k.rebalance();
    expect(ps.map((p) => p.quota)).toEqual([20, 20, 20]);
    expect(ps.reduce((s, p) => s + p.quota, 0)).toBeLessThanOrEqual(60);
  });

  it('reports usage per interval, and a failing allocator is an event that keeps the quotas', () => {
    const usages: { pid: number; faults: number; instructions: number; resident: number; quota: number }[][] = [];
    let fail = false;
    const h = boot({
      frames: 32, allocInterval: 50_000,
      allocator: { name: 'rec', quotas: (u) => { usages.push(u.processes.map((p) => ({ ...p }))); return fail ? { ok: false, error: { kind: 'threw', message: 'alloc down' } } : ok({ 1: 12 }); } },
    });
    const p = h.spawn(program((a) => {
      for (let pg = 0; pg < 6; pg++) a.li('t0', DATA + pg * 4096).lw('t1', 0, 't0');
      spin(a);
    }, bss(6)));
    expect(usages.length).toBe(1); // at spawn
    h.k.run(120_000);
    expect(usages.length).toBe(3); // at 50 000 and 100 000 instructions
    expect(usages[1]![0]).toMatchObject({ pid: 1, resident: 8, quota: 12 });
    expect(usages[1]![0]!.faults).toBe(7); // text + 6 pages since the spawn-time call
    expect(usages[1]![0]!.instructions).toBe(50_000);
    expect(usages[2]![0]).toMatchObject({ faults: 0, instructions: 50_000 });
    fail = true;
    h.k.rebalance();
    expect(p.quota).toBe(12);
    expect(h.eventsOf('service-error').map((e) => [e.service, e.message])).toEqual([['rec', 'alloc down']]);
  });

  it('takes frames from another process when the faulting one is under its quota', () => {
    // process 1 gives up its newest page first, so its stack and text stay and it never faults again
    const lifo = new FakeFifo();
    lifo.victim = () => { lifo.victims++; return ok({ victim: lifo.queue[lifo.queue.length - 1]!, clear: [] }); };
    const h = boot({ frames: 8, quantum: 2000, policy: (pid) => (pid === 1 ? lifo : new FakeFifo()) });
    const a = h.spawn(program(touch([0, 1, 2, 3, 4], { end: 'spin' }), bss(8)));
    h.k.run(3000);
    expect(a.resident.length).toBe(7); // stack, text, 5 pages; one frame free
    const b = h.spawn(program(touch([0, 1, 2], { end: 'spin' }), bss(3)));
    h.k.run(20_000);
    const pb = h.policies.get(2) as FakeFifo;
    expect(b.resident.length).toBe(5); // stack (the free frame), text, 3 pages
    expect(a.resident.length).toBe(3);
    expect(lifo.victims).toBe(4);
    expect(a.stats.evictions).toBe(4);
    expect(pb.victims).toBe(0); // b is under its quota (all of memory): never its own pages
    expect(b.stats.evictions).toBe(0);
  });
});

describe('A-bit scans', () => {
  it('asks scanning policies periodically and applies their clears with a TLB shootdown', () => {
    const seen: { refText: boolean; refData: boolean }[] = [];
    const h = boot({
      frames: 8, scanInterval: 10_000,
      policy: (_pid, k) => {
        const f = new FakeFifo();
        f.hasScan = true;
        f.scan = (bits) => {
          const byVpn = (vpn: number): boolean => bits.frames.some((fr) => bits.vpn[fr] === vpn && bits.referenced[fr] === 1);
          seen.push({ refText: byVpn(TEXT_VPN), refData: byVpn(DVPN) });
          void k;
          return ok({ clear: [...bits.frames] });
        };
        return f;
      },
    });
    // touches its data page once, then loops in the text page forever
    h.spawn(program(touch([0], { end: 'spin' }), bss(1)));
    h.k.run(35_000);
    expect(seen.length).toBe(3);
    expect(seen[0]).toEqual({ refText: true, refData: true });
    // after the clear, the loop's fetches set A on the text page again (the TLB entry was shot
    // down); the data page is not touched again
    expect(seen[1]).toEqual({ refText: true, refData: false });
    expect(seen[2]).toEqual({ refText: true, refData: false });
  });

  it('does not scan policies without a scan hook', () => {
    let scans = 0;
    const h = boot({ frames: 8, scanInterval: 1000, policy: () => { const f = new FakeFifo(); f.scan = () => { scans++; return ok({ clear: [] }); }; return f; } });
    h.spawn(program((a) => { spin(a); }));
    h.k.run(10_000);
    expect(scans).toBe(0);
  });
});

describe('dirty state on PTEs', () => {
  it('the hardware walk sets D on store and the pager reads it for the policy', () => {
    let bitsSeen: { dirty: number; vpn: number }[] = [];
    const h = boot({
      frames: 8, scanInterval: 5000,
      policy: () => { const f = new FakeFifo(); f.hasScan = true; f.scan = (b) => { bitsSeen = b.frames.map((fr) => ({ dirty: b.dirty[fr]!, vpn: b.vpn[fr]! })); return ok({ clear: [] }); }; return f; },
    });
    const p = h.spawn(program((a) => {
      a.li('t0', DATA).sw('t0', 0, 't0').li('t0', DATA + 4096).lw('t1', 0, 't0');
      spin(a);
    }, bss(2)));
    h.k.run(6000);
    const d = new Map(bitsSeen.map((x) => [x.vpn, x.dirty]));
    expect(d.get(DVPN)).toBe(1);
    expect(d.get(DVPN + 1)).toBe(0);
    expect(d.get(TEXT_VPN)).toBe(0);
    expect(d.get(STACK_VPN)).toBe(1); // the kernel wrote the initial stack
    expect(p.as.getPte(DVPN) & PTE_D).toBe(PTE_D);
  });
});

// regression: nothing guaranteed the minimum working set of one instruction (its text page plus
// up to two data pages for an access that crosses a page boundary). Below it the faulting process
// evicted the page its own retried instruction needed, forever: no progress, no event. Now
// quotas have a floor (MIN_QUOTA) and a fault-streak watchdog kills what still cannot progress.
describe('forward progress', () => {
  it('a quota of one frame from the allocator does not stop the process', () => {
    const h = boot({ frames: 8, allocator: { name: 'one', quotas: () => ok({ 1: 1 }) } });
    const p = h.spawn(pattern(2));
    h.k.run(60_000); // the program needs about 16 500 instructions
    expect(p.state).toBe('exited'); // the livelock: 11 instructions retired, thousands of faults
    expect(p.quota).toBe(MIN_QUOTA);
    expect(words(h.out(p.pid))).toEqual([patternSum(2, 0x5eed), 0]);
  });

  it('a load across a page boundary with 2 frames ends (done or killed with an event), not a silent livelock', () => {
    const h = boot({ frames: 2 });
    const p = h.spawn(program((a) => { a.li('t0', DATA + 4094).lw('t1', 0, 't0'); exit(a, 0); }, bss(2)));
    h.k.run(20_000);
    expect(p.state).toBe('exited'); // the livelock: still 'ready' after 20 000 faults
    expect([p.signal, p.exitCode]).toEqual(['SIGKILL', 137]);
    const kill = h.eventsOf('kill')[0]!;
    expect(kill.message).toMatch(new RegExp(`^no progress: ${MAX_FAULT_STREAK} page faults in a row without retiring an instruction .*pc 0x00010008`));
    expect(p.stats.minorFaults + p.stats.majorFaults).toBeLessThanOrEqual(MAX_FAULT_STREAK + 2);
  });

  it('does not kill a process that faults on every instruction but keeps retiring them', () => {
    // 4 frames, a loop that strides over 16 pages: each load faults, each still retires
    const h = boot({ frames: 4 });
    const p = h.spawn(program((a) => {
      a.li('s0', 40).label('again');
      for (let pg = 0; pg < 16; pg++) a.li('t0', DATA + pg * 4096).lw('t1', 0, 't0');
      a.addi('s0', 's0', -1).bnez('s0', 'again');
      exit(a, 0);
    }, bss(16)));
    h.runAll();
    expect(p.exitCode).toBe(0);
    expect(p.stats.minorFaults).toBeGreaterThan(MAX_FAULT_STREAK);
  });
});
