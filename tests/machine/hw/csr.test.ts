// Zicsr and the privileged CSRs: the six CSR instructions, read-only and unimplemented CSRs,
// privilege checks, WARL legalisation, the S-mode views of M-mode registers, counters and their
// mcounteren/scounteren gating, and TVM.
import { describe, expect, it } from 'vitest';
import { CSR, type CsrName } from '../../helpers/asm.js';
import {
  CLINT_MTIME, PRV_M, PRV_S, PRV_U, expectIllegal, expectTrap, hex, run, runIn, runM,
} from '../../helpers/run-program.js';

// mstatus bits
const SIE = 1 << 1, MIE = 1 << 3, SPIE = 1 << 5, MPIE = 1 << 7, SPP = 1 << 8, MPP = 3 << 11;
const MPRV = 1 << 17, SUM = 1 << 18, MXR = 1 << 19, TVM = 1 << 20, TW = 1 << 21, TSR = 1 << 22;
const MSTATUS_REQUIRED = SIE | MIE | SPIE | MPIE | SPP | MPP | MPRV | SUM | MXR | TVM | TW | TSR;
const SSTATUS_BITS = SIE | SPIE | SPP | SUM | MXR;
// interrupt bits
const SSIP = 1 << 1, MSIP = 1 << 3, STIP = 1 << 5, MTIP = 1 << 7, SEIP = 1 << 9, MEIP = 1 << 11;

describe('CSR instructions', () => {
  it('csrrw/csrrs/csrrc return the old value and write, set, clear', () => {
    const r = runM((a) => {
      a.li('t0', 0xf0f0f0f0);
      a.csrw('mscratch', 't0');
      a.li('t1', 0x0000ffff);
      a.csrrs('a0', 'mscratch', 't1'); // a0 = f0f0f0f0, ms = f0f0ffff
      a.csrr('a1', 'mscratch');
      a.li('t2', 0xff00000f);
      a.csrrc('a2', 'mscratch', 't2'); // a2 = f0f0ffff, ms = 00f0fff0
      a.csrr('a3', 'mscratch');
      a.li('t3', 0x12345678);
      a.csrrw('a4', 'mscratch', 't3'); // a4 = 00f0fff0
      a.csrr('a5', 'mscratch');
      a.csrrw('a6', 'mscratch', 'a6'); // rd == rs1: swaps
      a.csrr('a7', 'mscratch');
    }, { setup: (m) => { m.cpu.x[16] = 0x0badf00d; } });
    expect(hex(r.x('a0'))).toBe(hex(0xf0f0f0f0));
    expect(hex(r.x('a1'))).toBe(hex(0xf0f0ffff));
    expect(hex(r.x('a2'))).toBe(hex(0xf0f0ffff));
    expect(hex(r.x('a3'))).toBe(hex(0x00f0fff0));
    expect(hex(r.x('a4'))).toBe(hex(0x00f0fff0));
    expect(hex(r.x('a5'))).toBe(hex(0x12345678));
    expect(hex(r.x('a6'))).toBe(hex(0x12345678));
    expect(hex(r.x('a7'))).toBe(hex(0x0badf00d));
  });

  it('csrrwi/csrrsi/csrrci use the 5-bit zero-extended immediate', () => {
    const r = runM((a) => {
      a.li('t0', -1);
      a.csrw('mscratch', 't0');
      a.csrrwi('a0', 'mscratch', 31); // a0 = -1, ms = 31
      a.csrrsi('a1', 'mscratch', 0); // no write
      a.csrrci('a2', 'mscratch', 5); // ms = 26
      a.csrrsi('a3', 'mscratch', 0x10 | 1); // ms = 27
      a.csrr('a4', 'mscratch');
      a.csrrwi('zero', 'mscratch', 0);
      a.csrr('a5', 'mscratch');
    });
    expect(r.sx('a0')).toBe(-1);
    expect(r.x('a1')).toBe(31);
    expect(r.x('a2')).toBe(31);
    expect(r.x('a3')).toBe(26);
    expect(r.x('a4')).toBe(27);
    expect(r.x('a5')).toBe(0);
  });

  it('csrrs/csrrc with rs1 = x0 and csrrsi/csrrci with 0 only read, even read-only CSRs', () => {
    const r = runM((a) => {
      a.csrrs('a0', 'mhartid', 'zero');
      a.csrrc('a1', 'mvendorid', 'zero');
      a.csrrsi('a2', 'marchid', 0);
      a.csrrci('a3', 'mimpid', 0);
      a.csrrs('a4', 'cycle', 'zero');
      a.csrrs('a5', 'misa', 'zero');
    });
    expect(r.x('a0')).toBe(0); // single hart: mhartid 0
    expect(r.x('a5')).not.toBe(0);
  });

  it('reading a CSR into x0 has no effect on registers', () => {
    const r = runM((a) => {
      a.li('t0', 99);
      a.csrw('mscratch', 't0');
      a.csrr('zero', 'mscratch');
    });
    expect(r.m.cpu.x[0]).toBe(0);
    expect(r.csr('mscratch')).toBe(99);
  });
});

describe('read-only and unimplemented CSRs are illegal', () => {
  const readOnly: CsrName[] = ['mvendorid', 'marchid', 'mimpid', 'mhartid', 'mconfigptr', 'cycle', 'time', 'instret', 'cycleh', 'timeh', 'instreth'];
  it.each(readOnly)('writing %s raises cause 2 with the instruction bits in tval (csrrw, x0 dest)', (c) => {
    expectIllegal(PRV_M, (a) => a.csrrw('zero', c, 'a0'));
  });
  it.each(readOnly)('csrrs/csrrci with a non-x0 source (even a zero value) on %s is a write: illegal', (c) => {
    expectIllegal(PRV_M, (a) => a.csrrs('a1', c, 'a2'));
    expectIllegal(PRV_M, (a) => a.csrrc('a1', c, 'a2'), { prelude: (a) => a.li('a2', 0) });
    expectIllegal(PRV_M, (a) => a.csrrci('a1', c, 1));
    expectIllegal(PRV_M, (a) => a.csrrwi('a1', c, 0));
  });

  const absent = [
    [0x001, 'fflags (no F)'], [0x002, 'frm (no F)'], [0x003, 'fcsr (no F)'], [0x600, 'hstatus (no H)'],
    [0x34a, 'mtinst (no H)'], [0x107, 'unallocated S-level'], [0x5c0, 'custom S-level'], [0x7c0, 'custom M-level'], [0x800, 'custom U-level'],
    [0x0ff, 'unallocated U-level'], [0x7b0, 'dcsr (debug mode only)'], [0x7b1, 'dpc (debug mode only)'], [0x3ff, 'unallocated M-level'], [0xfff, 'unallocated M read-only'],
  ] as const;
  it.each(absent)('CSR %i (%s) is illegal to read or write in M-mode', (n) => {
    expectIllegal(PRV_M, (a) => a.csrr('a0', n));
    expectIllegal(PRV_M, (a) => a.csrw(n, 'a0'));
  });

  it('an illegal CSR access changes neither rd nor the CSR', () => {
    const r = expectIllegal(PRV_S, (a) => a.csrrw('a0', 'mscratch', 'a1'), { setup: (m) => m.cpu.csrWrite(CSR.mscratch, 0x77) });
    expect(r.csr('mscratch')).toBe(0x77);
  });
});

describe('privilege checks on CSR numbers', () => {
  const mOnly: CsrName[] = ['mstatus', 'misa', 'medeleg', 'mideleg', 'mie', 'mtvec', 'mcounteren', 'mscratch', 'mepc', 'mcause', 'mtval', 'mip', 'mhartid', 'mcycle', 'minstret', 'pmpcfg0', 'pmpaddr0'];
  it.each(mOnly)('S-mode and U-mode access to %s is illegal', (c) => {
    expectIllegal(PRV_S, (a) => a.csrr('a0', c));
    expectIllegal(PRV_U, (a) => a.csrr('a0', c));
  });

  const sLevel: CsrName[] = ['sstatus', 'sie', 'stvec', 'scounteren', 'sscratch', 'sepc', 'scause', 'stval', 'sip', 'satp'];
  it.each(sLevel)('U-mode access to %s is illegal; S-mode may read and write it', (c) => {
    expectIllegal(PRV_U, (a) => a.csrr('a0', c));
    runIn(PRV_S, (a) => {
      a.csrr('a0', c);
      a.csrw(c, 'a0');
    });
  });

  it('S-mode writes to sscratch/sepc/scause/stval/stvec land in the S registers', () => {
    const r = runIn(PRV_S, (a) => {
      a.li('t0', 0x11111111);
      a.csrw('sscratch', 't0');
      a.li('t0', 0x80001234);
      a.csrw('sepc', 't0');
      a.li('t0', 0x8000000f);
      a.csrw('scause', 't0');
      a.li('t0', 0xabcdef01);
      a.csrw('stval', 't0');
      a.li('t0', 0x80002000);
      a.csrw('stvec', 't0');
    });
    expect(hex(r.csr('sscratch'))).toBe(hex(0x11111111));
    expect(hex(r.csr('sepc'))).toBe(hex(0x80001234));
    expect(hex(r.csr('scause'))).toBe(hex(0x8000000f));
    expect(hex(r.csr('stval'))).toBe(hex(0xabcdef01));
    expect(hex(r.csr('stvec'))).toBe(hex(0x80002000));
    expect(r.csr('mepc')).toBe(0);
    expect(r.csr('mscratch')).toBe(0);
  });
});

describe('WARL fields and register masks', () => {
  it('mstatus: all required M/S/U bits are writable; WPRI, XS, SD read zero; MPP never reads 2', () => {
    const r = runM((a) => {
      a.li('t0', -1);
      a.csrw('mstatus', 't0');
      a.csrr('a0', 'mstatus');
      a.li('t0', 2 << 11); // MPP = 2 (reserved)
      a.csrw('mstatus', 't0');
      a.csrr('a1', 'mstatus');
      a.csrw('mstatus', 'zero');
      a.csrr('a2', 'mstatus');
    });
    const v = r.x('a0');
    expect(hex(v & MSTATUS_REQUIRED)).toBe(hex(MSTATUS_REQUIRED));
    expect(v & 1).toBe(0); // WPRI
    expect(hex(v & 0x7f800000)).toBe(hex(0)); // bits 23..30 WPRI
    expect((v >>> 15) & 3).toBe(0); // XS: no extra user state
    if (((v >>> 13) & 3) === 0 && ((v >>> 9) & 3) === 0) expect(v >>> 31).toBe(0); // SD summarises FS/VS/XS
    expect((r.x('a1') >>> 11) & 3).not.toBe(2);
    expect(r.x('a2') & MSTATUS_REQUIRED).toBe(0);
  });

  it('sstatus is a restricted view of mstatus', () => {
    const r = runM((a) => {
      a.li('t0', MIE | MPIE | MPP | MPRV | TVM | TW | TSR);
      a.csrw('mstatus', 't0');
      a.li('t0', -1);
      a.csrw('sstatus', 't0'); // sets the S bits only
      a.csrr('a0', 'mstatus');
      a.csrr('a1', 'sstatus');
      a.csrw('sstatus', 'zero'); // clears the S bits only
      a.csrr('a2', 'mstatus');
      a.csrr('a3', 'sstatus');
    });
    const mBits = MIE | MPIE | MPP | MPRV | TVM | TW | TSR;
    expect(hex(r.x('a0'))).toBe(hex(r.x('a0') | mBits | SSTATUS_BITS));
    expect(hex(r.x('a1') & (SSTATUS_BITS))).toBe(hex(SSTATUS_BITS));
    expect(hex(r.x('a1') & mBits)).toBe(hex(0));
    expect(hex(r.x('a2') & mBits)).toBe(hex(mBits));
    expect(hex(r.x('a2') & SSTATUS_BITS)).toBe(hex(0));
    expect(hex(r.x('a3') & SSTATUS_BITS)).toBe(hex(0));
  });

  it('mtvec keeps a 4-byte aligned base and modes 0/1; reserved modes do not read back', () => {
    const r = runM((a) => {
      a.li('t0', 0x80001000);
      a.csrw('mtvec', 't0');
      a.csrr('a0', 'mtvec');
      a.li('t0', 0x80001101);
      a.csrw('mtvec', 't0');
      a.csrr('a1', 'mtvec');
      a.li('t0', 0x80001002);
      a.csrw('mtvec', 't0');
      a.csrr('a2', 'mtvec');
      a.li('t0', 0x80001003);
      a.csrw('stvec', 't0');
      a.csrr('a3', 'stvec');
      a.li('t0', 0x80003001);
      a.csrw('stvec', 't0');
      a.csrr('a4', 'stvec');
    });
    expect(hex(r.x('a0'))).toBe(hex(0x80001000));
    expect(hex(r.x('a1'))).toBe(hex(0x80001101));
    expect(r.x('a2') & 3).toBeLessThan(2);
    expect(r.x('a3') & 3).toBeLessThan(2);
    expect(hex(r.x('a4'))).toBe(hex(0x80003001));
  });

  it('mepc and sepc have bits 1:0 hard-wired to zero (IALIGN = 32)', () => {
    const r = runM((a) => {
      a.li('t0', 0x80000007);
      a.csrw('mepc', 't0');
      a.csrr('a0', 'mepc');
      a.csrw('sepc', 't0');
      a.csrr('a1', 'sepc');
    });
    expect(hex(r.x('a0'))).toBe(hex(0x80000004));
    expect(hex(r.x('a1'))).toBe(hex(0x80000004));
  });

  it('medeleg: ecall-from-M (bit 11) is read-only zero; the OS-relevant causes are delegable', () => {
    const r = runM((a) => {
      a.li('t0', -1);
      a.csrw('medeleg', 't0');
      a.csrr('a0', 'medeleg');
    });
    const v = r.x('a0');
    expect((v >>> 11) & 1).toBe(0);
    for (const cause of [0, 2, 3, 4, 6, 8, 12, 13, 15]) expect((v >>> cause) & 1, `cause ${cause}`).toBe(1);
  });

  it('mideleg: the S-level interrupts are delegable', () => {
    const r = runM((a) => {
      a.li('t0', -1);
      a.csrw('mideleg', 't0');
      a.csrr('a0', 'mideleg');
    });
    expect(hex(r.x('a0') & (SSIP | STIP | SEIP))).toBe(hex(SSIP | STIP | SEIP));
  });

  it('mie implements exactly the six standard interrupt enables', () => {
    const r = runM((a) => {
      a.li('t0', -1);
      a.csrw('mie', 't0');
      a.csrr('a0', 'mie');
    });
    expect(hex(r.x('a0'))).toBe(hex(SSIP | MSIP | STIP | MTIP | SEIP | MEIP));
  });

  it('mip: SSIP/STIP/SEIP are writable from M, MSIP/MTIP/MEIP are not', () => {
    const r = runM((a) => {
      a.li('t0', -1);
      a.csrw('mip', 't0');
      a.csrr('a0', 'mip');
      a.csrw('mip', 'zero');
      a.csrr('a1', 'mip');
    });
    expect(hex(r.x('a0'))).toBe(hex(SSIP | STIP | SEIP));
    expect(r.x('a1')).toBe(0);
  });

  it('sie/sip show only delegated bits; sip.SSIP is writable from S, sip.STIP is not', () => {
    const r = runM((a) => {
      a.li('t0', SSIP | STIP);
      a.csrw('mideleg', 't0');
      a.li('t0', -1);
      a.csrw('mie', 't0');
      a.csrr('a0', 'sie'); // SSIE | STIE
      a.csrw('sie', 'zero'); // clears only delegated enables
      a.csrr('a1', 'mie');
      a.li('t0', -1);
      a.csrw('sip', 't0'); // sets SSIP only
      a.csrr('a2', 'mip');
      a.csrr('a3', 'sip');
      a.li('t0', SEIP);
      a.csrw('mip', 't0'); // SEIP not delegated: invisible in sip
      a.csrr('a4', 'sip');
    });
    expect(hex(r.x('a0'))).toBe(hex(SSIP | STIP));
    expect(hex(r.x('a1'))).toBe(hex(MSIP | MTIP | SEIP | MEIP));
    expect(hex(r.x('a2'))).toBe(hex(SSIP));
    expect(hex(r.x('a3'))).toBe(hex(SSIP));
    expect(r.x('a4')).toBe(0);
  });

  it('misa reports RV32 with I, M, S, U (and not C/A/F/D); writes do not trap or change it', () => {
    const r = runM((a) => {
      a.csrr('a0', 'misa');
      a.csrw('misa', 'zero');
      a.csrr('a1', 'misa');
    });
    const v = r.x('a0');
    const ext = (c: string): number => (v >>> (c.charCodeAt(0) - 65)) & 1;
    expect(v >>> 30).toBe(1);
    for (const c of 'IMSU') expect(ext(c), c).toBe(1);
    for (const c of 'ACDFQVH') expect(ext(c), c).toBe(0);
    expect(hex(r.x('a1'))).toBe(hex(v));
  });

  it('satp holds MODE, ASID and the root PPN', () => {
    const r = runM((a) => {
      a.li('t0', 0x80000000 | (5 << 22) | 0x80080);
      a.csrw('satp', 't0');
      a.csrr('a0', 'satp');
      a.csrw('satp', 'zero');
      a.csrr('a1', 'satp');
    });
    expect(hex(r.x('a0'))).toBe(hex(0x80000000 | (5 << 22) | 0x80080));
    expect(r.x('a1')).toBe(0);
  });

  it('mcounteren/scounteren keep CY, TM, IR', () => {
    const r = runM((a) => {
      a.li('t0', 7);
      a.csrw('mcounteren', 't0');
      a.csrw('scounteren', 't0');
      a.csrr('a0', 'mcounteren');
      a.csrr('a1', 'scounteren');
    });
    expect(r.x('a0') & 7).toBe(7);
    expect(r.x('a1') & 7).toBe(7);
  });

  it('mscratch, mcause, mtval, sscratch, scause, stval hold full 32-bit values', () => {
    const names: CsrName[] = ['mscratch', 'mtval', 'sscratch', 'stval'];
    const r = runM((a) => {
      a.li('t0', 0xa5a5c3c3);
      for (const n of names) a.csrw(n, 't0');
      a.li('t1', 0x80000009);
      a.csrw('mcause', 't1');
      a.li('t1', 13);
      a.csrw('scause', 't1');
    });
    for (const n of names) expect(hex(r.csr(n)), n).toBe(hex(0xa5a5c3c3));
    expect(hex(r.csr('mcause'))).toBe(hex(0x80000009));
    expect(r.csr('scause')).toBe(13);
  });

  it('machine information registers read as constants in M-mode', () => {
    const r = runM((a) => {
      a.csrr('a0', 'mhartid');
      a.csrr('a1', 'mvendorid');
      a.csrr('a2', 'marchid');
      a.csrr('a3', 'mimpid');
    });
    expect(r.x('a0')).toBe(0);
    expect([r.x('a1'), r.x('a2'), r.x('a3')].every((v) => Number.isInteger(v))).toBe(true);
  });

  it('PMP CSRs and envcfg exist in M-mode (no trap)', () => {
    runM((a) => {
      a.csrr('a0', 'pmpcfg0');
      a.csrr('a1', 'pmpaddr0');
      a.csrw('pmpaddr0', 'zero');
      a.csrr('a2', 'menvcfg');
      a.csrr('a3', 'mcountinhibit');
    });
    runIn(PRV_S, (a) => a.csrr('a0', 'senvcfg'));
  });
});

describe('counters', () => {
  it('minstret: a written value is what the next instruction reads; it then counts retirements', () => {
    const r = runM((a) => {
      a.li('t0', 1000);
      a.csrw('minstret', 't0');
      a.csrr('a0', 'minstret');
      a.nop();
      a.nop();
      a.csrr('a1', 'minstret');
      a.csrr('a2', 'instret'); // the user view reads the same counter
    });
    expect(r.x('a0')).toBe(1000);
    expect(r.x('a1')).toBe(1003);
    expect(r.x('a2')).toBe(1004);
  });

  it('instret counts retired instructions exactly and instreth carries', () => {
    const r = runM((a) => {
      a.rdinstret('a0');
      for (let i = 0; i < 5; i++) a.nop();
      a.rdinstret('a1');
      a.li('t0', -2);
      a.csrw('minstreth', 'zero');
      a.csrw('minstret', 't0'); // the next instruction reads 0xfffffffe
      a.nop(); // retires: 0xffffffff
      a.nop(); // retires: carries into minstreth
      a.rdinstret('a2');
      a.rdinstreth('a3');
    });
    expect(r.x('a1') - r.x('a0')).toBe(6);
    expect(r.x('a2')).toBe(0);
    expect(r.x('a3')).toBe(1);
  });

  it('mcycle is writable and cycle counts at least one per instruction', () => {
    const r = runM((a) => {
      a.li('t0', 5000);
      a.csrw('mcycle', 't0');
      a.rdcycle('a0');
      for (let i = 0; i < 10; i++) a.nop();
      a.rdcycle('a1');
      a.csrr('a2', 'mcycleh');
      a.rdcycleh('a3');
    });
    expect(r.x('a0')).toBeGreaterThanOrEqual(5000);
    expect(r.x('a0')).toBeLessThan(5100);
    expect(r.x('a1') - r.x('a0')).toBeGreaterThanOrEqual(11);
    expect(r.x('a2')).toBe(r.x('a3'));
  });

  it('time mirrors the CLINT mtime, including writes to mtime', () => {
    const r = runM((a) => {
      a.li('s0', CLINT_MTIME);
      a.lw('a0', 0, 's0');
      a.rdtime('a1');
      a.li('t0', 0x40000000);
      a.sw('t0', 0, 's0');
      a.sw('zero', 4, 's0');
      a.rdtime('a2');
      a.rdtimeh('a3');
      a.li('t0', 7);
      a.sw('t0', 4, 's0');
      a.rdtimeh('a4');
    });
    expect(r.x('a1') - r.x('a0')).toBeGreaterThanOrEqual(0);
    expect(r.x('a1') - r.x('a0')).toBeLessThan(100);
    expect(r.x('a2') - 0x40000000).toBeGreaterThanOrEqual(0);
    expect(r.x('a2') - 0x40000000).toBeLessThan(100);
    expect(r.x('a3')).toBe(0);
    expect(r.x('a4')).toBe(7);
  });

  it('mtime read through the CLINT agrees with the time CSR, also mid-block', () => {
    // time is a read-only shadow of mtime: two reads one instruction apart must be (almost) equal,
    // however many instructions ran before them.
    const r = runM((a) => {
      a.li('s0', CLINT_MTIME);
      for (let i = 0; i < 20; i++) a.nop();
      a.lw('a1', 0, 's0');
      a.rdtime('a2');
      a.rdtime('a3');
      a.lw('a4', 0, 's0');
    });
    expect(r.x('a2') - r.x('a1')).toBeGreaterThanOrEqual(0);
    expect(r.x('a2') - r.x('a1')).toBeLessThanOrEqual(2);
    expect(r.x('a4') - r.x('a3')).toBeGreaterThanOrEqual(0);
    expect(r.x('a4') - r.x('a3')).toBeLessThanOrEqual(2);
  });

  const counters = [['cycle', 0], ['time', 1], ['instret', 2], ['cycleh', 0], ['timeh', 1], ['instreth', 2]] as const;
  it.each(counters)('S-mode %s is gated by mcounteren bit %i', (c, bit) => {
    expectIllegal(PRV_S, (a) => a.csrr('a0', c), { setup: (m) => m.cpu.csrWrite(CSR.mcounteren, 7 & ~(1 << bit)) });
    runIn(PRV_S, (a) => a.csrr('a0', c), { setup: (m) => m.cpu.csrWrite(CSR.mcounteren, 1 << bit) });
  });

  it.each(counters)('U-mode %s needs both mcounteren and scounteren bit %i', (c, bit) => {
    expectIllegal(PRV_U, (a) => a.csrr('a0', c), { setup: (m) => { m.cpu.csrWrite(CSR.mcounteren, 1 << bit); } });
    expectIllegal(PRV_U, (a) => a.csrr('a0', c), { setup: (m) => { m.cpu.csrWrite(CSR.scounteren, 1 << bit); } });
    runIn(PRV_U, (a) => a.csrr('a0', c), {
      setup: (m) => { m.cpu.csrWrite(CSR.mcounteren, 1 << bit); m.cpu.csrWrite(CSR.scounteren, 1 << bit); },
    });
  });

  it('M-mode reads every counter regardless of mcounteren', () => {
    runM((a) => {
      for (const [c] of counters) a.csrr('a0', c);
    }, { setup: (m) => m.cpu.csrWrite(CSR.mcounteren, 0) });
  });

  it('U-mode counter value matches the M-mode view', () => {
    const r = runIn(PRV_U, (a) => {
      a.rdinstret('a0');
      a.nop();
      a.rdinstret('a1');
    }, { setup: (m) => { m.cpu.csrWrite(CSR.mcounteren, 7); m.cpu.csrWrite(CSR.scounteren, 7); } });
    expect(r.x('a1') - r.x('a0')).toBe(2);
    expect(r.x('a0')).toBe(0);
  });
});

describe('TVM', () => {
  it('with TVM=1, S-mode satp access and sfence.vma are illegal; with TVM=0 they are allowed', () => {
    expectIllegal(PRV_S, (a) => a.csrr('a0', 'satp'), { setup: (m) => m.cpu.csrWrite(CSR.mstatus, TVM) });
    expectIllegal(PRV_S, (a) => a.csrw('satp', 'zero'), { setup: (m) => m.cpu.csrWrite(CSR.mstatus, TVM) });
    expectIllegal(PRV_S, (a) => a.sfence_vma(), { setup: (m) => m.cpu.csrWrite(CSR.mstatus, TVM) });
    expectIllegal(PRV_S, (a) => a.sfence_vma('a0', 'a1'), { setup: (m) => m.cpu.csrWrite(CSR.mstatus, TVM) });
    runIn(PRV_S, (a) => {
      a.csrr('a0', 'satp');
      a.csrw('satp', 'zero');
      a.sfence_vma();
    });
  });

  it('TVM does not restrict M-mode', () => {
    runM((a) => {
      a.csrr('a0', 'satp');
      a.sfence_vma();
    }, { setup: (m) => m.cpu.csrWrite(CSR.mstatus, TVM) });
  });
});

describe('host debug access', () => {
  it('csrRead/csrWrite bypass privilege and match what the program sees', () => {
    const r = run((a) => {
      a.csrr('a0', 'mscratch');
      a.ecall();
    }, { setup: (m) => m.cpu.csrWrite(CSR.mscratch, 0xfeedface) });
    expectTrap(r, 11);
    expect(hex(r.x('a0'))).toBe(hex(0xfeedface));
    expect(r.m.cpu.priv).toBe(PRV_M);
  });
});
