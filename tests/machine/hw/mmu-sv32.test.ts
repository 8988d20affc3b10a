// Sv32 address translation (privileged spec, "Sv32: Page-Based 32-bit Virtual-Memory Systems"):
// the two-level walk, 4 MiB megapages, leaf permission bits R/W/X/U, the hardware A/D update,
// SUM, MXR, MPRV, reserved encodings, and the page-fault causes (12/13/15) with the faulting VA in
// mtval/stval. Page tables are built from the host (tests/helpers/sv32.ts); programs run in S or
// U-mode with hostTraps on, so faults that are not delegated come back as host traps.
import { describe, expect, it } from 'vitest';
import type { Machine } from '../../../src/machine/hw/machine.js';
import { CSR } from '../../helpers/asm.js';
import { PRV_M, PRV_S, PRV_U, expectHalted, expectTrap, halt, hex } from '../../helpers/run-program.js';
import {
  A, CODE, D, G, PT_POOL, R, U, V, W, X, frame, pte, runVm, runVmToEnd, satpOf, type PageTables,
} from '../../helpers/sv32.js';

const VA0 = 0x0040_0000; // VPN1 = 1
const VA1 = 0x0040_1000;
const VA2 = 0x0040_2000;
const MEGA = 0x4000_0000; // VPN1 = 0x100
const SUM = 1 << 18, MXR = 1 << 19, MPRV = 1 << 17;
const MPP_S = 1 << 11;

const FETCH_PF = 12, LOAD_PF = 13, STORE_PF = 15;
const FETCH_AF = 1, LOAD_AF = 5, STORE_AF = 7;

describe('two-level translation', () => {
  it('translates loads and stores through 4 KiB pages to non-contiguous frames', () => {
    const r = runVmToEnd((a) => {
      a.li('s0', VA0);
      a.lw('a0', 0, 's0');
      a.li('s1', VA1 + 0xffc);
      a.lw('a1', 0, 's1');
      a.li('s2', VA2);
      a.lw('a2', 8, 's2');
      a.li('t0', 0xabcdef01);
      a.sw('t0', 16, 's2');
    }, {
      map: (pt, m) => {
        pt.map(VA0, frame(5), R | W);
        pt.map(VA1, frame(2), R | W);
        pt.map(VA2, frame(9), R | W);
        m.mem.write32(frame(5), 0x11111111);
        m.mem.write32(frame(2) + 0xffc, 0x22222222);
        m.mem.write32(frame(9) + 8, 0x33333333);
      },
    });
    expect(hex(r.x('a0'))).toBe(hex(0x11111111));
    expect(hex(r.x('a1'))).toBe(hex(0x22222222));
    expect(hex(r.x('a2'))).toBe(hex(0x33333333));
    expect(hex(r.m.mem.read32(frame(9) + 16))).toBe(hex(0xabcdef01));
  });

  it('uses all 32 VA bits: the top page 0xfffff000 (via x0 with a negative offset)', () => {
    const r = runVmToEnd((a) => {
      a.lw('a0', -4, 'zero'); // VA 0xfffffffc
      a.li('t0', 0x5a5a);
      a.sh('t0', -8, 'zero'); // VA 0xfffffff8
    }, {
      map: (pt, m) => {
        pt.map(0xfffff000, frame(3), R | W);
        m.mem.write32(frame(3) + 0xffc, 0xcafebabe);
      },
    });
    expect(hex(r.x('a0'))).toBe(hex(0xcafebabe));
    expect(r.m.mem.read32(frame(3) + 0xff8) & 0xffff).toBe(0x5a5a);
  });

  it('executes code from a page mapped at a different virtual address', () => {
    // Code page 1 of the program is also mapped at VA 0x00500000; jumping there runs the same bytes.
    const r = runVm((a) => {
      a.li('t0', 0x0050_0000 + 0x10);
      a.jr('t0');
      a.org(CODE + 0x1000);
      a.nop();
      a.nop();
      a.nop();
      a.nop();
      a.label('remote');
      a.li('a0', 0x77);
      a.auipc('a1', 0);
      a.ecall();
    }, { map: (pt) => pt.map(0x0050_0000, CODE + 0x1000, R | X) });
    expectTrap(r, 9, 0x0050_0000 + 0x18);
    expect(r.x('a0')).toBe(0x77);
    expect(hex(r.x('a1'))).toBe(hex(0x0050_0014));
  });

  it('satp with MODE = bare disables translation in S-mode', () => {
    const r = runVmToEnd((a) => {
      a.li('s0', frame(4));
      a.lw('a0', 0, 's0');
    }, { bare: true, setup: (m) => m.mem.write32(frame(4), 0x4444) });
    expect(r.x('a0')).toBe(0x4444);
  });

  it('M-mode ignores satp (no translation without MPRV)', () => {
    const r = runVmToEnd((a) => {
      a.li('s0', frame(4));
      a.lw('a0', 0, 's0');
    }, { priv: PRV_M, setup: (m) => m.mem.write32(frame(4), 0x4545) });
    expect(r.x('a0')).toBe(0x4545);
  });
});

describe('megapages', () => {
  it('a level-1 leaf maps 4 MiB: offset bits 21:0 pass through', () => {
    const r = runVmToEnd((a) => {
      a.li('s0', MEGA + (frame(6) - 0x8000_0000));
      a.lw('a0', 0x10, 's0');
      a.li('t0', 0x600d);
      a.sw('t0', 0x20, 's0');
    }, {
      map: (pt, m) => {
        pt.mapMega(MEGA, 0x8000_0000, R | W);
        m.mem.write32(frame(6) + 0x10, 0x6666);
      },
    });
    expect(r.x('a0')).toBe(0x6666);
    expect(r.m.mem.read32(frame(6) + 0x20)).toBe(0x600d);
    expect(r.pt.read(MEGA, 1) & (A | D)).toBe(A | D); // A/D set in the level-1 leaf
  });

  it('a misaligned megapage (PPN[0] != 0) raises a page fault', () => {
    const r = runVm((a) => {
      a.li('s0', MEGA + 0x123);
      a.label('ld');
      a.lw('a0', 0, 's0');
      a.ecall();
    }, { map: (pt) => pt.mapMega(MEGA, 0x8000_1000, R | W) });
    expectTrap(r, LOAD_PF, r.at('ld'), MEGA + 0x123);
    expect(r.pt.read(MEGA, 1) & A).toBe(0);
  });

  it('a misaligned megapage also faults for stores and fetches', () => {
    const st = runVm((a) => {
      a.li('s0', MEGA);
      a.label('st');
      a.sw('zero', 0, 's0');
      a.ecall();
    }, { map: (pt) => pt.mapMega(MEGA, 0x8000_1000, R | W) });
    expectTrap(st, STORE_PF, st.at('st'), MEGA);
    const fe = runVm((a) => {
      a.li('s0', MEGA + 0x40);
      a.jr('s0');
    }, { map: (pt) => pt.mapMega(MEGA, 0x8000_1000, R | X) });
    expectTrap(fe, FETCH_PF, MEGA + 0x40, MEGA + 0x40);
  });
});

describe('leaf permissions', () => {
  it('store to a read-only page: cause 15, tval = VA, memory and A/D unchanged', () => {
    const r = runVm((a) => {
      a.li('s0', VA0 + 0x40);
      a.lw('a0', 0, 's0'); // allowed: sets A
      a.li('t0', 0x99);
      a.label('st');
      a.sw('t0', 4, 's0');
      a.ecall();
    }, { map: (pt, m) => { pt.map(VA0, frame(0), R); m.mem.write32(frame(0) + 0x44, 0x1234); } });
    expectTrap(r, STORE_PF, r.at('st'), VA0 + 0x44);
    expect(r.m.mem.read32(frame(0) + 0x44)).toBe(0x1234);
    expect(r.pt.read(VA0) & (A | D)).toBe(A);
  });

  it('load from an execute-only page faults (13) unless MXR is set', () => {
    const map = (pt: PageTables, m: Machine): void => {
      pt.map(VA0, frame(0), X);
      m.mem.write32(frame(0), 0x00c0ffee);
    };
    const r = runVm((a) => {
      a.li('s0', VA0);
      a.label('ld');
      a.lw('a0', 0, 's0');
      a.ecall();
    }, { map });
    expectTrap(r, LOAD_PF, r.at('ld'), VA0);
    expect(r.pt.read(VA0) & A).toBe(0);

    const ok = runVmToEnd((a) => {
      a.li('s0', VA0);
      a.lw('a0', 0, 's0');
    }, { map, mstatus: MXR });
    expect(hex(ok.x('a0'))).toBe(hex(0x00c0ffee));
  });

  it('MXR does not make execute-only pages writable', () => {
    const r = runVm((a) => {
      a.li('s0', VA0);
      a.label('st');
      a.sw('zero', 0, 's0');
      a.ecall();
    }, { map: (pt) => pt.map(VA0, frame(0), X), mstatus: MXR });
    expectTrap(r, STORE_PF, r.at('st'), VA0);
  });

  it('fetch from a non-executable page: cause 12 with epc = tval = target VA', () => {
    const r = runVm((a) => {
      a.li('s0', VA0 + 8);
      a.li('ra', 0x1);
      a.jalr('ra', 0, 's0');
      a.ecall();
    }, { map: (pt) => pt.map(VA0, CODE, R | W) });
    expectTrap(r, FETCH_PF, VA0 + 8, VA0 + 8);
    expect(r.pt.read(VA0) & A).toBe(0);
  });

  it('falling through from an executable page into a non-executable one faults at the page start', () => {
    const r = runVm((a) => {
      a.li('t0', 0x0050_0ff8);
      a.jr('t0');
      a.org(CODE + 0x1ff8);
      a.li('a0', 1); // at VA 0x00500ff8
      a.li('a1', 2); // at VA 0x00500ffc
      a.li('a2', 3); // VA 0x00501000: not executable
      a.ecall();
    }, {
      map: (pt) => {
        pt.map(0x0050_0000, CODE + 0x1000, R | X);
        pt.map(0x0050_1000, CODE + 0x2000, R);
      },
    });
    expectTrap(r, FETCH_PF, 0x0050_1000, 0x0050_1000);
    expect([r.x('a0'), r.x('a1'), r.x('a2')]).toEqual([1, 2, 0]);
  });

  it('W without R is reserved: loads and stores fault even though W is set', () => {
    const ld = runVm((a) => {
      a.li('s0', VA0);
      a.label('ld');
      a.lw('a0', 0, 's0');
      a.ecall();
    }, { map: (pt) => pt.map(VA0, frame(0), W) });
    expectTrap(ld, LOAD_PF, ld.at('ld'), VA0);
    const st = runVm((a) => {
      a.li('s0', VA0);
      a.label('st');
      a.sw('zero', 0, 's0');
      a.ecall();
    }, { map: (pt) => pt.map(VA0, frame(0), W | A | D) });
    expectTrap(st, STORE_PF, st.at('st'), VA0);
    const fe = runVm((a) => {
      a.li('s0', VA0);
      a.jr('s0');
    }, { map: (pt) => pt.map(VA0, CODE, W | X) });
    expectTrap(fe, FETCH_PF, VA0, VA0);
  });

  it('W without R at level 1 is reserved too', () => {
    const r = runVm((a) => {
      a.li('s0', MEGA);
      a.label('st');
      a.sw('zero', 0, 's0');
      a.ecall();
    }, { map: (pt) => pt.mapMega(MEGA, 0x8000_0000, W) });
    expectTrap(r, STORE_PF, r.at('st'), MEGA);
  });

  it('invalid PTEs fault at either level, whatever their other bits', () => {
    // Level 0: V = 0 but R/W/X/A/D set.
    const l0 = runVm((a) => {
      a.li('s0', VA0);
      a.label('ld');
      a.lw('a0', 0, 's0');
      a.ecall();
    }, { map: (pt) => pt.setRaw(VA0, pte(frame(0), R | W | X | A | D)) });
    expectTrap(l0, LOAD_PF, l0.at('ld'), VA0);
    // Level 1: no entry at all for this 4 MiB region.
    const l1 = runVm((a) => {
      a.li('s0', 0x0c00_0000);
      a.label('st');
      a.sw('zero', 0, 's0');
      a.ecall();
    });
    expectTrap(l1, STORE_PF, l1.at('st'), 0x0c00_0000);
    // Level 1 pointer with V = 0.
    const l1b = runVm((a) => {
      a.li('s0', MEGA);
      a.label('ld');
      a.lw('a0', 0, 's0');
      a.ecall();
    }, { map: (pt) => pt.setRaw(MEGA, pte(PT_POOL + 0x8000, 0), 1) });
    expectTrap(l1b, LOAD_PF, l1b.at('ld'), MEGA);
  });

  it('a pointer PTE (R = W = X = 0) at level 0 faults', () => {
    const r = runVm((a) => {
      a.li('s0', VA0);
      a.label('ld');
      a.lw('a0', 0, 's0');
      a.ecall();
    }, { map: (pt) => pt.setRaw(VA0, pte(PT_POOL, V)) });
    expectTrap(r, LOAD_PF, r.at('ld'), VA0);
  });

  it('page faults leave rd unchanged', () => {
    const r = runVm((a) => {
      a.li('a0', 0x1234);
      a.li('s0', 0x0c00_0000);
      a.lw('a0', 0, 's0');
      a.ecall();
    });
    expectTrap(r, LOAD_PF);
    expect(r.x('a0')).toBe(0x1234);
  });
});

describe('U bit, SUM and privilege', () => {
  it('U-mode may use U pages but faults on supervisor pages (load 13, store 15, fetch 12)', () => {
    const map = (pt: PageTables): void => {
      pt.map(VA0, frame(0), R | W | U);
      pt.map(VA1, frame(1), R | W);
      pt.map(VA2, CODE, R | X); // supervisor code
    };
    const ok = runVmToEnd((a) => {
      a.li('s0', VA0);
      a.li('t0', 5);
      a.sw('t0', 0, 's0');
      a.lw('a0', 0, 's0');
    }, { priv: PRV_U, map });
    expect(ok.x('a0')).toBe(5);

    const ld = runVm((a) => {
      a.li('s0', VA1);
      a.label('x');
      a.lw('a0', 0, 's0');
      a.ecall();
    }, { priv: PRV_U, map });
    expectTrap(ld, LOAD_PF, ld.at('x'), VA1);
    const st = runVm((a) => {
      a.li('s0', VA1);
      a.label('x');
      a.sb('zero', 3, 's0');
      a.ecall();
    }, { priv: PRV_U, map });
    expectTrap(st, STORE_PF, st.at('x'), VA1 + 3);
    const fe = runVm((a) => {
      a.li('s0', VA2);
      a.jr('s0');
    }, { priv: PRV_U, map });
    expectTrap(fe, FETCH_PF, VA2, VA2);
  });

  it('S-mode loads/stores to U pages fault without SUM and succeed with SUM', () => {
    const map = (pt: PageTables, m: Machine): void => {
      pt.map(VA0, frame(0), R | W | U);
      m.mem.write32(frame(0), 0xface);
    };
    const ld = runVm((a) => {
      a.li('s0', VA0);
      a.label('x');
      a.lw('a0', 0, 's0');
      a.ecall();
    }, { map });
    expectTrap(ld, LOAD_PF, ld.at('x'), VA0);
    const st = runVm((a) => {
      a.li('s0', VA0);
      a.label('x');
      a.sw('zero', 0, 's0');
      a.ecall();
    }, { map });
    expectTrap(st, STORE_PF, st.at('x'), VA0);
    const ok = runVmToEnd((a) => {
      a.li('s0', VA0);
      a.lw('a0', 0, 's0');
      a.li('t0', 0xbeef);
      a.sw('t0', 4, 's0');
    }, { map, mstatus: SUM });
    expect(ok.x('a0')).toBe(0xface);
    expect(ok.m.mem.read32(frame(0) + 4)).toBe(0xbeef);
  });

  it('S-mode never executes from U pages, even with SUM', () => {
    const r = runVm((a) => {
      a.li('s0', VA0);
      a.jr('s0');
    }, { map: (pt) => pt.map(VA0, CODE, R | X | U), mstatus: SUM });
    expectTrap(r, FETCH_PF, VA0, VA0);
  });

  it('SUM toggled at run time takes effect for the next access (csrs/csrc sstatus)', () => {
    const r = runVm((a) => {
      a.li('s0', VA0);
      a.li('t0', SUM);
      a.csrs('sstatus', 't0');
      a.lw('a0', 0, 's0');
      a.csrc('sstatus', 't0');
      a.label('x');
      a.lw('a1', 0, 's0'); // cached translation must not bypass the SUM check
      a.ecall();
    }, { map: (pt, m) => { pt.map(VA0, frame(0), R | U); m.mem.write32(frame(0), 17); } });
    expect(r.x('a0')).toBe(17);
    expectTrap(r, LOAD_PF, r.at('x'), VA0);
  });

  it('MXR with SUM lets S-mode read execute-only U pages', () => {
    const r = runVmToEnd((a) => {
      a.li('s0', VA0);
      a.lw('a0', 0, 's0');
    }, { map: (pt, m) => { pt.map(VA0, frame(0), X | U); m.mem.write32(frame(0), 23); }, mstatus: SUM | MXR });
    expect(r.x('a0')).toBe(23);
  });
});

describe('accessed and dirty bits', () => {
  it('a load sets A (not D), a store sets A and D, in the PTE in physical memory', () => {
    const r = runVmToEnd((a) => {
      a.li('s0', VA0);
      a.lw('a0', 0, 's0');
      a.li('s1', VA1);
      a.sw('zero', 0, 's1');
    }, { map: (pt) => { pt.map(VA0, frame(0), R | W); pt.map(VA1, frame(1), R | W); pt.map(VA2, frame(2), R | W); } });
    expect(r.pt.read(VA0) & (A | D)).toBe(A);
    expect(r.pt.read(VA1) & (A | D)).toBe(A | D);
    expect(r.pt.read(VA2) & (A | D)).toBe(0); // untouched page
    expect(r.pt.read(VA0) >>> 10).toBe(frame(0) >>> 12); // PPN preserved
  });

  it('a store to a page first loaded (cached clean) still sets D', () => {
    const r = runVmToEnd((a) => {
      a.li('s0', VA0);
      a.lw('a0', 0, 's0');
      a.lw('a0', 4, 's0');
      a.sw('a0', 8, 's0');
    }, { map: (pt) => pt.map(VA0, frame(0), R | W) });
    expect(r.pt.read(VA0) & (A | D)).toBe(A | D);
  });

  it('instruction fetch sets A on the code pages it uses', () => {
    const r = runVmToEnd((a) => {
      a.nop();
    });
    expect(r.pt.read(CODE) & (A | D)).toBe(A);
    expect(r.pt.read(CODE + 0x3000) & A).toBe(0);
  });

  it('non-leaf PTEs are left alone', () => {
    const r = runVmToEnd((a) => {
      a.li('s0', VA0);
      a.sw('zero', 0, 's0');
    }, { map: (pt) => pt.map(VA0, frame(0), R | W) });
    expect(r.pt.read(VA0, 1) & (A | D | U | R | W | X)).toBe(0);
    expect(r.pt.read(VA0, 1) & V).toBe(V);
  });

  it('global and preset A/D bits are preserved', () => {
    const r = runVmToEnd((a) => {
      a.li('s0', VA0);
      a.lw('a0', 0, 's0');
    }, { map: (pt) => pt.map(VA0, frame(0), R | W | G | D) });
    expect(r.pt.read(VA0) & (A | D | G)).toBe(A | D | G);
  });
});

describe('MPRV', () => {
  it('M-mode with MPRV and MPP = S translates loads and stores but not fetches', () => {
    const r = runVmToEnd((a) => {
      a.li('s0', VA0);
      a.lw('a0', 0, 's0');
      a.li('t0', 0x321);
      a.sw('t0', 4, 's0');
    }, { priv: PRV_M, mstatus: MPRV | MPP_S, map: (pt, m) => { pt.map(VA0, frame(0), R | W); m.mem.write32(frame(0), 0x123); } });
    expect(r.x('a0')).toBe(0x123);
    expect(r.m.mem.read32(frame(0) + 4)).toBe(0x321);
    expect(r.pt.read(VA0) & (A | D)).toBe(A | D);
    expect(r.pt.read(CODE) & A).toBe(0); // fetches were not translated
  });

  it('MPRV with MPP = U applies U-mode permissions (fault on a supervisor page, mtval = VA)', () => {
    const r = runVm((a) => {
      a.li('s0', VA1);
      a.li('s1', VA0);
      a.lw('a0', 0, 's0'); // U page: fine
      a.label('x');
      a.lw('a1', 0, 's1'); // S page: faults
      a.ecall();
    }, {
      priv: PRV_M,
      mstatus: MPRV, // MPP = U
      map: (pt, m) => { pt.map(VA0, frame(0), R | W); pt.map(VA1, frame(1), R | W | U); m.mem.write32(frame(1), 9); },
    });
    expect(r.x('a0')).toBe(9);
    expectTrap(r, LOAD_PF, r.at('x'), VA0);
  });

  it('MPRV with MPP = S honours SUM', () => {
    const map = (pt: PageTables): void => { pt.map(VA0, frame(0), R | W | U); };
    const f = runVm((a) => {
      a.li('s0', VA0);
      a.label('x');
      a.sw('zero', 0, 's0');
      a.ecall();
    }, { priv: PRV_M, mstatus: MPRV | MPP_S, map });
    expectTrap(f, STORE_PF, f.at('x'), VA0);
    runVmToEnd((a) => {
      a.li('s0', VA0);
      a.sw('zero', 0, 's0');
    }, { priv: PRV_M, mstatus: MPRV | MPP_S | SUM, map });
  });

  it('MPRV with MPP = M means no translation', () => {
    const r = runVmToEnd((a) => {
      a.li('s0', frame(7));
      a.lw('a0', 0, 's0');
    }, { priv: PRV_M, mstatus: MPRV | (3 << 11), setup: (m) => m.mem.write32(frame(7), 0x77) });
    expect(r.x('a0')).toBe(0x77);
  });

  it('setting MPRV at run time takes effect on the next load', () => {
    const r = runVmToEnd((a) => {
      a.li('s0', VA0);
      a.li('t0', MPRV | MPP_S);
      a.csrs('mstatus', 't0');
      a.lw('a0', 0, 's0');
      a.csrc('mstatus', 't0');
      a.li('s1', frame(7));
      a.lw('a1', 0, 's1');
    }, { priv: PRV_M, map: (pt, m) => { pt.map(VA0, frame(0), R); m.mem.write32(frame(0), 1); m.mem.write32(frame(7), 2); } });
    expect(r.x('a0')).toBe(1);
    expect(r.x('a1')).toBe(2);
  });
});

describe('misaligned accesses under translation', () => {
  it('a misaligned load and store spanning two pages use both (non-contiguous) frames', () => {
    const r = runVmToEnd((a) => {
      a.li('s0', VA1);
      a.lw('a0', -2, 's0'); // VA0+0xffe .. VA1+1
      a.lh('a1', -1, 's0');
      a.li('t0', 0x11223344);
      a.sw('t0', -1, 's0'); // VA0+0xfff .. VA1+2
    }, {
      map: (pt, m) => {
        pt.map(VA0, frame(8), R | W);
        pt.map(VA1, frame(3), R | W);
        m.mem.writeBytes(frame(8) + 0xffc, Uint8Array.from([1, 2, 0xa3, 0xa4]));
        m.mem.writeBytes(frame(3), Uint8Array.from([0xb0, 0xb1, 0xb2, 0xb3]));
      },
    });
    expect(hex(r.x('a0'))).toBe(hex(0xb1b0a4a3));
    expect(hex(r.x('a1'))).toBe(hex(0xffffb0a4));
    expect(Array.from(r.m.mem.readBytes(frame(8) + 0xffc, 4))).toEqual([1, 2, 0xa3, 0x44]);
    expect(Array.from(r.m.mem.readBytes(frame(3), 4))).toEqual([0x33, 0x22, 0x11, 0xb3]);
    expect(r.pt.read(VA0) & D).toBe(D);
    expect(r.pt.read(VA1) & D).toBe(D);
  });

  it('a misaligned load whose second page is unmapped raises a load page fault for the second page', () => {
    const r = runVm((a) => {
      a.li('s0', VA1);
      a.label('x');
      a.lw('a0', -2, 's0');
      a.ecall();
    }, { map: (pt) => pt.map(VA0, frame(0), R | W) });
    expect(r.exit).toMatchObject({ kind: 'trap', cause: LOAD_PF, epc: r.at('x') });
    const tval = r.exit.kind === 'trap' ? r.exit.tval : 0;
    // mtval is the VA of the faulting portion: inside the unmapped page, within the access.
    expect(tval).toBeGreaterThanOrEqual(VA1);
    expect(tval).toBeLessThan(VA1 + 2);
  });

  it('a misaligned store whose second page is read-only raises a store page fault', () => {
    const r = runVm((a) => {
      a.li('s0', VA1);
      a.label('x');
      a.sw('zero', -1, 's0');
      a.ecall();
    }, { map: (pt) => { pt.map(VA0, frame(0), R | W); pt.map(VA1, frame(1), R); } });
    expect(r.exit).toMatchObject({ kind: 'trap', cause: STORE_PF, epc: r.at('x') });
    const tval = r.exit.kind === 'trap' ? r.exit.tval : 0;
    expect(tval).toBeGreaterThanOrEqual(VA1);
    expect(tval).toBeLessThan(VA1 + 3);
  });
});

describe('access faults during translation', () => {
  it('a leaf pointing outside RAM gives an access fault (5/7), not a page fault', () => {
    const ld = runVm((a) => {
      a.li('s0', VA0);
      a.label('x');
      a.lw('a0', 0, 's0');
      a.ecall();
    }, { map: (pt) => pt.map(VA0, 0x1000_0000, R | W) });
    expectTrap(ld, LOAD_AF, ld.at('x'), VA0);
    const st = runVm((a) => {
      a.li('s0', VA0);
      a.label('x');
      a.sw('zero', 0, 's0');
      a.ecall();
    }, { map: (pt) => pt.map(VA0, 0x1000_0000, R | W) });
    expectTrap(st, STORE_AF, st.at('x'), VA0);
  });

  it('a 34-bit physical address beyond 4 GiB gives an access fault', () => {
    const r = runVm((a) => {
      a.li('s0', VA0);
      a.label('x');
      a.lw('a0', 0, 's0');
      a.ecall();
    }, { map: (pt) => pt.setRaw(VA0, ((0x30_0000 << 10) | V | R | W) >>> 0) });
    expectTrap(r, LOAD_AF, r.at('x'), VA0);
  });

  it('a megapage that extends past the end of RAM faults only outside RAM', () => {
    const r = runVm((a) => {
      a.li('s0', MEGA + 0x10_0000); // PA RAM_BASE + 1 MiB: outside the 1 MiB RAM
      a.label('x');
      a.lw('a0', 0, 's0');
      a.ecall();
    }, { map: (pt) => pt.mapMega(MEGA, 0x8000_0000, R | W) });
    expectTrap(r, LOAD_AF, r.at('x'), MEGA + 0x10_0000);
  });

  it('a page table outside RAM gives an access fault (fetch: cause 1 at the first instruction)', () => {
    const r = runVm((a) => {
      a.nop();
      a.ecall();
    }, { setup: (m) => m.cpu.csrWrite(CSR.satp, satpOf(0x0001_0000)) });
    expectTrap(r, FETCH_AF, CODE, CODE);
  });

  it('a level-0 table pointer outside RAM gives a load access fault', () => {
    const r = runVm((a) => {
      a.li('s0', MEGA);
      a.label('x');
      a.lw('a0', 0, 's0');
      a.ecall();
    }, { map: (pt) => pt.setRaw(MEGA, pte(0x0001_0000, V), 1) });
    expectTrap(r, LOAD_AF, r.at('x'), MEGA);
  });
});

describe('page faults reported in CSRs', () => {
  it('delegated page faults reach the S handler with scause/sepc/stval', () => {
    const r = runVm((a) => {
      a.la('t0', 'strap');
      a.csrw('stvec', 't0');
      a.li('s0', 0x0c00_0123);
      a.label('x');
      a.lw('a0', 0, 's0');
      halt(a);
      a.align(4);
      a.label('strap');
      a.csrr('s6', 'scause');
      a.csrr('s7', 'sepc');
      a.csrr('s8', 'stval');
      a.j('__halt');
    }, { setup: (m) => m.cpu.csrWrite(CSR.medeleg, (1 << 12) | (1 << 13) | (1 << 15)) });
    expectHalted(r);
    expect(r.x('s6')).toBe(LOAD_PF);
    expect(hex(r.x('s7'))).toBe(hex(r.at('x')));
    expect(hex(r.x('s8'))).toBe(hex(0x0c00_0123));
    expect(r.csr('mcause')).toBe(0);
  });

  it('undelegated page faults go to the M handler with mcause/mepc/mtval (store, 15)', () => {
    const r = runVm((a) => {
      a.la('t0', 'mtrap');
      a.csrw('mtvec', 't0');
      a.li('t0', 1 << 11);
      a.csrs('mstatus', 't0'); // MPP = S for the mret below
      a.la('t0', 's');
      a.csrw('mepc', 't0');
      a.mret();
      a.label('s');
      a.li('s0', 0x0c00_0456);
      a.label('x');
      a.sh('zero', 2, 's0');
      halt(a);
      a.align(4);
      a.label('mtrap');
      a.csrr('s2', 'mcause');
      a.csrr('s3', 'mepc');
      a.csrr('s4', 'mtval');
      a.csrr('s5', 'mstatus');
      a.j('__halt');
    }, { priv: PRV_M, hostTraps: false });
    expectHalted(r);
    expect(r.x('s2')).toBe(STORE_PF);
    expect(hex(r.x('s3'))).toBe(hex(r.at('x')));
    expect(hex(r.x('s4'))).toBe(hex(0x0c00_0458));
    expect((r.x('s5') >>> 11) & 3).toBe(PRV_S);
  });

  it('fetch page fault in U-mode delegated to S: sepc = stval = the faulting pc, SPP = U', () => {
    const r = runVm((a) => {
      // S-mode part: set stvec, drop to U at an unmapped address.
      a.la('t0', 'strap');
      a.csrw('stvec', 't0');
      a.li('t0', 0x0c00_0000);
      a.csrw('sepc', 't0');
      a.sret(); // SPP = U (reset value)
      a.align(4);
      a.label('strap');
      a.csrr('s6', 'scause');
      a.csrr('s7', 'sepc');
      a.csrr('s8', 'stval');
      a.csrr('s9', 'sstatus');
      halt(a);
    }, { setup: (m) => m.cpu.csrWrite(CSR.medeleg, 1 << 12) });
    expectHalted(r);
    expect(r.x('s6')).toBe(FETCH_PF);
    expect(hex(r.x('s7'))).toBe(hex(0x0c00_0000));
    expect(hex(r.x('s8'))).toBe(hex(0x0c00_0000));
    expect(r.x('s9') & (1 << 8)).toBe(0);
  });
});

describe('privilege transitions with paging on', () => {
  it('S-mode code drops to U-mode code in a U page via sret and back via ecall (delegated)', () => {
    const r = runVm((a) => {
      a.la('t0', 'strap');
      a.csrw('stvec', 't0');
      a.li('t0', 0x0050_0000);
      a.csrw('sepc', 't0');
      a.sret();
      a.align(4);
      a.label('strap');
      a.csrr('s6', 'scause');
      a.csrr('s7', 'sepc');
      halt(a);
      a.org(CODE + 0x2000); // mapped for U at VA 0x00500000
      a.li('a0', 42);
      a.li('s0', VA0);
      a.sw('a0', 0, 's0');
      a.ecall();
    }, {
      setup: (m) => m.cpu.csrWrite(CSR.medeleg, 1 << 8),
      map: (pt) => { pt.map(0x0050_0000, CODE + 0x2000, R | X | U); pt.map(VA0, frame(0), R | W | U); },
    });
    expectHalted(r);
    expect(r.x('s6')).toBe(8);
    expect(hex(r.x('s7'))).toBe(hex(0x0050_0000 + 12));
    expect(r.m.mem.read32(frame(0))).toBe(42);
  });
});
