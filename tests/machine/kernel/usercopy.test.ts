// Kernel <-> user copies through the process's own page tables: faulting pages in, A/D marking,
// EFAULT cases, and coherence with what the guest itself sees.
import { describe, expect, it } from 'vitest';
import { PTE_A, PTE_D } from '../../../src/machine/hw/pte.js';
import type { Process } from '../../../src/machine/kernel/process.js';
import { copyIn, copyOut } from '../../../src/machine/kernel/usercopy.js';
import { DATA, emitWord, exit, NR, program, spin, syscall, TEXT, words } from '../../helpers/guest.js';
import { boot, type Booted } from './harness.js';

const DVPN = DATA / 4096;
const pattern = (n: number, seed = 1): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);

/** A spinning process with `pages` of bss at DATA (plus a read-only page at DATA - 0x10000). */
function spinner(frames: number, pages = 8): { h: Booted; p: Process } {
  const h = boot({ frames });
  const p = h.spawn(program((a) => { spin(a); }, [
    { vaddr: DATA - 0x10000, bytes: pattern(64, 9), flags: 'r' },
    { vaddr: DATA, memsz: pages * 4096 },
  ]));
  h.k.run(100); // text resident, spinning
  return { h, p };
}

describe('copyOut / copyIn', () => {
  it('round-trips across a page boundary, faulting both pages in and marking them accessed and dirty', () => {
    const { h, p } = spinner(16);
    const faults = p.stats.minorFaults;
    const va = DATA + 4096 - 5;
    const src = pattern(20);
    expect(p.as.getPte(DVPN)).toBe(0);
    expect(copyOut(h.k.pager, p, va, src)).toBe(true);
    expect(p.stats.minorFaults).toBe(faults + 2);
    for (const vpn of [DVPN, DVPN + 1]) expect(p.as.getPte(vpn) & (PTE_A | PTE_D)).toBe(PTE_A | PTE_D);
    expect(Array.from(copyIn(h.k.pager, p, va, 20)!)).toEqual(Array.from(src));
    expect(p.stats.minorFaults).toBe(faults + 2); // no more faults
  });

  it('reading marks a page accessed but not dirty; read-only pages can be read, not written', () => {
    const { h, p } = spinner(16);
    const ro = DATA - 0x10000;
    expect(Array.from(copyIn(h.k.pager, p, ro, 64)!)).toEqual(Array.from(pattern(64, 9)));
    expect(p.as.getPte(ro >>> 12) & (PTE_A | PTE_D)).toBe(PTE_A);
    expect(copyOut(h.k.pager, p, ro, new Uint8Array([1]))).toBe(false);
    expect(copyOut(h.k.pager, p, TEXT, new Uint8Array([1]))).toBe(false);
    expect(copyIn(h.k.pager, p, ro, 1)![0]).toBe(9); // unchanged
  });

  it('fails (EFAULT) on unmapped addresses, also when only part of the range is mapped', () => {
    const { h, p } = spinner(16, 2);
    expect(copyIn(h.k.pager, p, 0x4000_0000, 4)).toBeNull();
    expect(copyOut(h.k.pager, p, 0x4000_0000, new Uint8Array(4))).toBe(false);
    expect(copyIn(h.k.pager, p, DATA + 2 * 4096 - 2, 4)).toBeNull(); // runs off the end of the bss
    expect(copyIn(h.k.pager, p, 0xffff_fffe, 4)).toBeNull(); // wraps around
    expect(copyIn(h.k.pager, p, 0, 4)).toBeNull();
  });

  it('copies nothing for length zero', () => {
    const { h, p } = spinner(16);
    expect(copyIn(h.k.pager, p, 0x4000_0000, 0)).toEqual(new Uint8Array(0));
    expect(copyOut(h.k.pager, p, 0x4000_0000, new Uint8Array(0))).toBe(true);
  });

  it('refuses pages whose protection was withdrawn', () => {
    const h = boot({ frames: 16 });
    const p = h.spawn(program((a) => {
      a.li('t0', DATA).sw('t0', 0, 't0'); // resident and dirty
      a.li('a0', DATA).li('a1', 4096).li('a2', 0);
      syscall(a, NR.mprotect);
      spin(a);
    }, [{ vaddr: DATA, memsz: 4096 }]));
    h.k.run(1000);
    expect(copyIn(h.k.pager, p, DATA, 4)).toBeNull();
    expect(copyOut(h.k.pager, p, DATA, new Uint8Array(4))).toBe(false);
  });

  it('reads pages back from swap and writes kernel-dirtied pages to swap on eviction', () => {
    const { h, p } = spinner(4, 8); // 4 frames: stack, text and two more
    const blobs = Array.from({ length: 8 }, (_, i) => pattern(4096, i + 1));
    blobs.forEach((b, i) => expect(copyOut(h.k.pager, p, DATA + i * 4096, b)).toBe(true));
    // pages 0-3 were pushed out (after the stack and text); only the kernel's writes made them
    // dirty, so they must have gone to swap (else they would come back as zeros)
    expect(p.stats.swapOuts).toBe(1 + 4); // the stack, then pages 0..3
    expect(p.resident.map((f) => h.k.frames.vpn[f]! - DVPN)).toEqual([4, 5, 6, 7]);
    blobs.forEach((b, i) => expect(copyIn(h.k.pager, p, DATA + i * 4096, 4096)).toEqual(b));
    expect(p.stats.majorFaults).toBeGreaterThanOrEqual(4);
  });

  it('is coherent with what the guest sees (the guest reads what the kernel wrote)', () => {
    const h = boot({ frames: 16 });
    // waits until the word at DATA becomes nonzero (it reads it, so the TLB holds a translation),
    // then emits the word at DATA + 4 and exits
    const p = h.spawn(program((a) => {
      a.li('s0', DATA);
      a.label('wait').lw('t0', 0, 's0').beqz('t0', 'wait');
      a.lw('s1', 4, 's0');
      emitWord(a, 's1');
      exit(a, 0);
    }, [{ vaddr: DATA, memsz: 4096 }]));
    h.k.run(5000);
    expect(p.state).toBe('ready');
    const le = (v: number): Uint8Array => { const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, v, true); return b; };
    expect(copyOut(h.k.pager, p, DATA + 4, le(0xc0ffee11))).toBe(true);
    expect(copyOut(h.k.pager, p, DATA, le(1))).toBe(true);
    h.runAll();
    expect(words(h.out(p.pid))).toEqual([0xc0ffee11]);
  });
});
