// Traps and interrupts (privileged spec, machine and supervisor chapters): exception causes,
// the CSR state written on trap entry, mret/sret, delegation to S-mode, direct and vectored
// mtvec, CLINT timer and software interrupts, interrupt enable rules per privilege, and WFI.
// Most programs here run with hostTraps off and install their own handlers; they end in the
// halt() spin loop (tests/helpers/run-program.ts).
import { describe, expect, it } from 'vitest';
import { Asm, CSR } from '../../helpers/asm.js';
import {
  CLINT_MSIP, CLINT_MTIME, CLINT_MTIMECMP, PRV_M, PRV_S, PRV_U, expectHalted, expectIllegal, expectTrap, halt, hex, run,
} from '../../helpers/run-program.js';

const SIE = 1 << 1, MIE = 1 << 3, SPIE = 1 << 5, MPIE = 1 << 7, SPP = 1 << 8, MPP = 3 << 11;
const MPRV = 1 << 17, TW = 1 << 21, TSR = 1 << 22;
const SSIP = 1 << 1, MSIP = 1 << 3, STIP = 1 << 5, MTIP = 1 << 7;
const INT = 0x80000000;

/** From M-mode, sets MPP = `priv` and mret to `label`. Clobbers t0. */
function enter(a: Asm, priv: number, label: string): void {
  a.li('t0', MPP);
  a.csrc('mstatus', 't0');
  if (priv !== 0) {
    a.li('t0', priv << 11);
    a.csrs('mstatus', 't0');
  }
  a.la('t0', label);
  a.csrw('mepc', 't0');
  a.mret();
}

/** Installs mtvec = label (+ mode). Clobbers t0. */
function mtvec(a: Asm, label: string, mode = 0): void {
  a.la('t0', label);
  if (mode) a.ori('t0', 't0', mode);
  a.csrw('mtvec', 't0');
}

/** M handler that records mcause/mepc/mtval/mstatus in s2..s5 and halts. */
function recordingHandler(a: Asm, name = 'mtrap'): void {
  a.align(4);
  a.label(name);
  a.csrr('s2', 'mcause');
  a.csrr('s3', 'mepc');
  a.csrr('s4', 'mtval');
  a.csrr('s5', 'mstatus');
  a.j('__halt');
}

/** S handler that records scause/sepc/stval/sstatus in s6..s9 and halts. */
function sRecordingHandler(a: Asm, name = 'strap'): void {
  a.align(4);
  a.label(name);
  a.csrr('s6', 'scause');
  a.csrr('s7', 'sepc');
  a.csrr('s8', 'stval');
  a.csrr('s9', 'sstatus');
  a.j('__halt');
}

const runOwn = (build: (a: Asm) => void, max = 100_000): ReturnType<typeof run> => run(build, { hostTraps: false, max });

describe('synchronous exceptions into M-mode', () => {
  it('ecall from M: mcause 11, mepc = ecall, mtval 0, MPP = M, MPIE = old MIE, MIE = 0', () => {
    const r = runOwn((a) => {
      mtvec(a, 'mtrap');
      a.csrsi('mstatus', MIE); // no interrupt sources are enabled in mie
      a.li('s4', -1);
      a.label('ec');
      a.ecall();
      halt(a);
      recordingHandler(a);
    });
    expectHalted(r);
    expect(r.x('s2')).toBe(11);
    expect(hex(r.x('s3'))).toBe(hex(r.at('ec')));
    expect(r.x('s4')).toBe(0);
    expect((r.x('s5') & MPP) >>> 11).toBe(3);
    expect(r.x('s5') & MPIE).toBe(MPIE);
    expect(r.x('s5') & MIE).toBe(0);
    expect(r.m.cpu.priv).toBe(PRV_M);
  });

  it('ecall from S: mcause 9 and MPP = S; MPIE records the MIE that S-mode ran with', () => {
    const r = runOwn((a) => {
      mtvec(a, 'mtrap');
      a.li('t0', MPIE); // mret will set MIE = MPIE = 0... then MIE is restored from MPIE
      a.csrc('mstatus', 't0');
      enter(a, PRV_S, 'smode');
      a.label('smode');
      a.label('ec');
      a.ecall();
      halt(a);
      recordingHandler(a);
    });
    expectHalted(r);
    expect(r.x('s2')).toBe(9);
    expect(hex(r.x('s3'))).toBe(hex(r.at('ec')));
    expect((r.x('s5') & MPP) >>> 11).toBe(PRV_S);
    expect(r.x('s5') & MPIE).toBe(0); // S ran with MIE = 0 (from MPIE = 0)
    expect(r.x('s5') & MIE).toBe(0);
  });

  it('ecall from U: mcause 8 and MPP = U', () => {
    const r = runOwn((a) => {
      mtvec(a, 'mtrap');
      a.li('t0', MPIE);
      a.csrs('mstatus', 't0');
      enter(a, PRV_U, 'umode');
      a.label('umode');
      a.label('ec');
      a.ecall();
      halt(a);
      recordingHandler(a);
    });
    expectHalted(r);
    expect(r.x('s2')).toBe(8);
    expect(hex(r.x('s3'))).toBe(hex(r.at('ec')));
    expect((r.x('s5') & MPP) >>> 11).toBe(PRV_U);
    expect(r.x('s5') & MPIE).toBe(MPIE); // U ran with MIE = 1
  });

  it('ebreak: mcause 3, mepc = mtval = pc of the ebreak', () => {
    const r = runOwn((a) => {
      mtvec(a, 'mtrap');
      a.nop();
      a.label('bp');
      a.ebreak();
      halt(a);
      recordingHandler(a);
    });
    expectHalted(r);
    expect(r.x('s2')).toBe(3);
    expect(hex(r.x('s3'))).toBe(hex(r.at('bp')));
    expect(hex(r.x('s4'))).toBe(hex(r.at('bp')));
  });

  it('illegal instruction: mcause 2, mtval = the instruction bits', () => {
    const r = runOwn((a) => {
      mtvec(a, 'mtrap');
      a.label('bad');
      a.word(0xdeadbeef & ~0x7f | 0x0b); // custom-0 opcode: not implemented
      halt(a);
      recordingHandler(a);
    });
    expectHalted(r);
    expect(r.x('s2')).toBe(2);
    expect(hex(r.x('s3'))).toBe(hex(r.at('bad')));
    expect(hex(r.x('s4'))).toBe(hex((0xdeadbeef & ~0x7f) | 0x0b));
  });

  it('a handler can skip the faulting instruction and mret back (mepc + 4)', () => {
    const r = runOwn((a) => {
      mtvec(a, 'mtrap');
      a.li('a0', 0);
      a.ecall();
      a.addi('a0', 'a0', 1);
      a.ebreak();
      a.addi('a0', 'a0', 1);
      halt(a);
      a.align(4);
      a.label('mtrap');
      a.addi('a1', 'a1', 1);
      a.csrr('t0', 'mepc');
      a.addi('t0', 't0', 4);
      a.csrw('mepc', 't0');
      a.mret();
    });
    expectHalted(r);
    expect(r.x('a0')).toBe(2);
    expect(r.x('a1')).toBe(2);
  });

  it('misaligned jump target traps as cause 0 with mtval = target (into a real handler)', () => {
    const r = runOwn((a) => {
      mtvec(a, 'mtrap');
      a.la('t1', 'tgt');
      a.li('ra', 5);
      a.label('jr');
      a.jalr('ra', 2, 't1');
      a.label('tgt');
      a.nop();
      halt(a);
      recordingHandler(a);
    });
    expectHalted(r);
    expect(r.x('s2')).toBe(0);
    expect(hex(r.x('s3'))).toBe(hex(r.at('jr')));
    expect(hex(r.x('s4'))).toBe(hex(r.at('tgt') + 2));
    expect(r.x('ra')).toBe(5);
  });
});

describe('illegal instruction encodings (host traps)', () => {
  const I = (op: number, f3: number, rd: number, rs1: number, imm: number): number => (((imm & 0xfff) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op) >>> 0;
  const cases: [string, number][] = [
    ['all zeros', 0x00000000],
    ['all ones', 0xffffffff],
    ['srai with shamt[5] set (RV64 only)', I(0x13, 5, 10, 10, 0x420)],
    ['srli with shamt[5] set', I(0x13, 5, 10, 10, 0x020)],
    ['slli with funct7 = 1', I(0x13, 1, 10, 10, 0x020)],
    ['slli with funct7 = 0x20', I(0x13, 1, 10, 10, 0x400)],
    ['OP funct7 0x20 with funct3 sll', 0x40a51533],
    ['OP funct7 0x02', 0x04a50533],
    ['ld (RV64 load, funct3 3)', I(0x03, 3, 10, 2, 0)],
    ['lwu (RV64 load, funct3 6)', I(0x03, 6, 10, 2, 0)],
    ['load funct3 7', I(0x03, 7, 10, 2, 0)],
    ['sd (RV64 store, funct3 3)', 0x00a13023],
    ['store funct3 4', 0x00a14023],
    ['branch funct3 2', 0x00b52263],
    ['branch funct3 3', 0x00b53263],
    ['jalr funct3 1', I(0x67, 1, 1, 10, 0)],
    ['OP-IMM-32 (RV64 addiw)', I(0x1b, 0, 10, 10, 1)],
    ['OP-32 (RV64 addw)', 0x00a5053b],
    ['AMO lr.w (no A)', 0x1005202f],
    ['AMO amoadd.w (no A)', 0x00b5202f],
    ['flw (no F)', 0x00052007],
    ['fadd.s (no F)', 0x00b50553],
    ['compressed c.addi (no C)', 0x00000505],
    ['compressed c.nop pair (no C)', 0x00010001],
    ['SYSTEM funct3 4 (hypervisor)', 0x00004073],
    ['uret (no N)', 0x00200073],
    ['dret outside debug mode', 0x7b200073],
    ['custom-0', 0x0000000b],
    ['48-bit instruction prefix', 0x0000001f],
  ];
  it.each(cases)('%s raises cause 2 with tval = bits and changes no register', (_name, word) => {
    expectIllegal(PRV_M, (a) => a.word(word));
  });

  it('mret below M, sret in U and in S with TSR, sfence.vma in U are illegal', () => {
    expectIllegal(PRV_S, (a) => a.mret());
    expectIllegal(PRV_U, (a) => a.mret());
    expectIllegal(PRV_U, (a) => a.sret());
    expectIllegal(PRV_S, (a) => a.sret(), { setup: (m) => m.cpu.csrWrite(CSR.mstatus, TSR) });
    expectIllegal(PRV_U, (a) => a.sfence_vma());
    expectIllegal(PRV_U, (a) => a.sfence_vma('a0', 'a1'));
  });

  it('wfi is illegal in U-mode and in S-mode with TW when it would have to wait', () => {
    expectIllegal(PRV_U, (a) => a.wfi());
    expectIllegal(PRV_S, (a) => a.wfi(), { setup: (m) => m.cpu.csrWrite(CSR.mstatus, TW) });
  });

  it('fence and fence.i ignore their reserved rd/rs1/imm fields', () => {
    const r = run((a) => {
      a.word(0x0ff5008f); // fence iorw,iorw with rd = x1, rs1 = a0
      a.word(0x0015108f); // fence.i with rd = x1, rs1 = x2, imm = 1
      a.ecall();
    }, { setup: (m) => { m.cpu.x[1] = 0x1234; } });
    expectTrap(r, 11, 0x80000008);
    expect(r.x(1)).toBe(0x1234);
  });
});

describe('mret and sret', () => {
  it('mret: pc = mepc, priv = MPP, MIE = MPIE, MPIE = 1, MPP = U, MPRV cleared when leaving M', () => {
    const r = run((a) => {
      a.li('t0', MPIE | (PRV_S << 11) | MPRV);
      a.csrw('mstatus', 't0');
      a.la('t0', 'smode');
      a.csrw('mepc', 't0');
      a.mret();
      a.ecall(); // not reached
      a.label('smode');
      a.ecall();
    });
    expectTrap(r, 9, r.at('smode')); // host trap: CSRs are as mret left them
    const s = r.csr('mstatus');
    expect(s & MIE).toBe(MIE);
    expect(s & MPIE).toBe(MPIE);
    expect(s & MPP).toBe(0);
    expect(s & MPRV).toBe(0);
    expect(r.m.cpu.priv).toBe(PRV_S);
  });

  it('mret to M keeps MPRV; MIE = 0 when MPIE was 0', () => {
    const r = run((a) => {
      a.li('t0', MIE | (3 << 11) | MPRV);
      a.csrw('mstatus', 't0'); // MPIE = 0
      a.la('t0', 'next');
      a.csrw('mepc', 't0');
      a.mret();
      a.label('next');
      a.csrr('a0', 'mstatus');
      a.ecall();
    });
    expectTrap(r, 11);
    const s = r.x('a0');
    expect(s & MIE).toBe(0);
    expect(s & MPIE).toBe(MPIE);
    expect(s & MPP).toBe(0); // MPP = U (least privileged) after mret
    expect(s & MPRV).toBe(MPRV);
    expect(r.m.cpu.priv).toBe(PRV_M);
  });

  it('mret to U-mode', () => {
    const r = run((a) => {
      a.csrw('mstatus', 'zero');
      a.la('t0', 'u');
      a.csrw('mepc', 't0');
      a.mret();
      a.label('u');
      a.ecall();
    });
    expectTrap(r, 8, r.at('u'));
    expect(r.m.cpu.priv).toBe(PRV_U);
  });

  it('sret from S: pc = sepc, priv = SPP, SIE = SPIE, SPIE = 1, SPP = U, MPRV cleared', () => {
    const r = run((a) => {
      a.li('t0', SPIE);
      a.csrs('sstatus', 't0');
      a.li('t0', SPP | SIE);
      a.csrc('sstatus', 't0'); // SPP = U, SIE = 0
      a.la('t0', 'u');
      a.csrw('sepc', 't0');
      a.sret();
      a.label('u');
      a.ecall();
    }, { priv: PRV_S, setup: (m) => m.cpu.csrWrite(CSR.mstatus, MPRV) });
    expectTrap(r, 8, r.at('u'));
    const s = r.csr('mstatus');
    expect(s & SIE).toBe(SIE);
    expect(s & SPIE).toBe(SPIE);
    expect(s & SPP).toBe(0);
    expect(s & MPRV).toBe(0);
    expect(r.m.cpu.priv).toBe(PRV_U);
  });

  it('sret with SPP = S stays in S; SIE = 0 when SPIE was 0', () => {
    const r = run((a) => {
      a.li('t0', SPP | SIE);
      a.csrw('sstatus', 't0'); // SPIE = 0
      a.la('t0', 's2');
      a.csrw('sepc', 't0');
      a.sret();
      a.label('s2');
      a.ecall();
    }, { priv: PRV_S });
    expectTrap(r, 9, r.at('s2'));
    const s = r.csr('mstatus');
    expect(s & SIE).toBe(0);
    expect(s & SPIE).toBe(SPIE);
    expect(s & SPP).toBe(0);
  });

  it('sret is allowed in M-mode and returns to SPP', () => {
    const r = run((a) => {
      a.li('t0', SPP);
      a.csrs('mstatus', 't0');
      a.la('t0', 's');
      a.csrw('sepc', 't0');
      a.sret();
      a.label('s');
      a.ecall();
    });
    expectTrap(r, 9, r.at('s'));
  });
});

describe('delegation to S-mode', () => {
  it('medeleg: ecall from U goes to stvec with scause/sepc/stval and SPP/SPIE/SIE; M CSRs untouched', () => {
    const r = runOwn((a) => {
      mtvec(a, 'mtrap');
      a.la('t0', 'strap');
      a.csrw('stvec', 't0');
      a.li('t0', 1 << 8);
      a.csrw('medeleg', 't0');
      a.csrsi('sstatus', SIE);
      enter(a, PRV_U, 'u');
      a.label('u');
      a.label('ec');
      a.ecall();
      halt(a);
      recordingHandler(a);
      sRecordingHandler(a);
    });
    expectHalted(r);
    expect(r.x('s6')).toBe(8);
    expect(hex(r.x('s7'))).toBe(hex(r.at('ec')));
    expect(r.x('s8')).toBe(0);
    expect(r.x('s9') & SPP).toBe(0);
    expect(r.x('s9') & SPIE).toBe(SPIE);
    expect(r.x('s9') & SIE).toBe(0);
    expect(r.m.cpu.priv).toBe(PRV_S);
    expect(r.x('s2')).toBe(0); // M handler never ran
    expect(r.csr('mcause')).toBe(0);
    expect(hex(r.csr('mepc'))).toBe(hex(r.at('u'))); // as enter() left it
  });

  it('medeleg: a delegated exception raised in S-mode sets SPP = S', () => {
    const r = runOwn((a) => {
      a.la('t0', 'strap');
      a.csrw('stvec', 't0');
      a.li('t0', 1 << 2);
      a.csrw('medeleg', 't0');
      enter(a, PRV_S, 's');
      a.label('s');
      a.label('bad');
      a.word(0);
      halt(a);
      sRecordingHandler(a);
    });
    expectHalted(r);
    expect(r.x('s6')).toBe(2);
    expect(hex(r.x('s7'))).toBe(hex(r.at('bad')));
    expect(r.x('s8')).toBe(0); // tval = instruction bits = 0
    expect(r.x('s9') & SPP).toBe(SPP);
  });

  it('traps taken in M-mode are never delegated', () => {
    const r = run((a) => {
      a.li('t0', -1);
      a.csrw('medeleg', 't0');
      a.la('t0', 'strap');
      a.csrw('stvec', 't0');
      a.label('bad');
      a.word(0);
      a.label('strap');
      a.ecall();
    });
    expectTrap(r, 2, r.at('bad'), 0);
  });

  it('ecall from S is delegable (medeleg bit 9) and then does not reach the host', () => {
    const r = run((a) => {
      a.la('t0', 'strap');
      a.csrw('stvec', 't0');
      a.ecall(); // S-mode ecall: delegated
      a.ebreak();
      a.label('strap');
      a.csrr('a0', 'scause');
      a.csrw('medeleg', 'zero'); // illegal in S: goes to the host
    }, { priv: PRV_S, setup: (m) => m.cpu.csrWrite(CSR.medeleg, 1 << 9) });
    expect(r.x('a0')).toBe(9);
    expectTrap(r, 2);
  });

  it('host traps leave M CSRs and privilege untouched', () => {
    const r = run((a) => {
      a.ecall();
    }, {
      priv: PRV_U,
      setup: (m) => { m.cpu.csrWrite(CSR.mstatus, MIE | MPIE); m.cpu.csrWrite(CSR.mepc, 0x80000100); },
    });
    expectTrap(r, 8, 0x80000000, 0);
    expect(r.csr('mcause')).toBe(0);
    expect(hex(r.csr('mepc'))).toBe(hex(0x80000100));
    expect(r.csr('mstatus') & (MIE | MPIE | MPP)).toBe(MIE | MPIE);
    expect(r.m.cpu.priv).toBe(PRV_U);
    expect(r.m.cpu.pc >>> 0).toBe(0x80000000);
  });
});

/** Vector table for mtvec mode 1: entry i jumps to `v<i>` if defined, else to 'vbad'. */
function vectorTable(a: Asm, handlers: Record<number, string>): void {
  a.align(64);
  a.label('vec');
  for (let i = 0; i < 16; i++) a.j(handlers[i] ?? 'vbad');
  a.label('vbad');
  a.li('s11', 0xbad);
  a.j('__halt');
}

/** Arms mtimecmp = mtime + delta (32-bit arithmetic on the low word; high word of mtime is 0 here). */
function armTimer(a: Asm, delta: number): void {
  a.li('t1', CLINT_MTIME);
  a.lw('t2', 0, 't1');
  a.addi('t2', 't2', delta);
  a.li('t1', CLINT_MTIMECMP);
  a.li('t3', -1);
  a.sw('t3', 0, 't1'); // avoid a spurious early match while updating the two halves
  a.sw('zero', 4, 't1');
  a.sw('t2', 0, 't1');
}

/** Disarms the timer (mtimecmp = all ones). */
function disarmTimer(a: Asm): void {
  a.li('t1', CLINT_MTIMECMP);
  a.li('t3', -1);
  a.sw('t3', 0, 't1');
  a.sw('t3', 4, 't1');
}

describe('interrupts', () => {
  it('CLINT timer: MTIP follows mtime >= mtimecmp and is cleared by rewriting mtimecmp', () => {
    const r = run((a) => {
      armTimer(a, 20);
      a.lw('a3', 0, 't1'); // mtimecmp reads back (t1 = its address after armTimer)
      a.lw('a4', 4, 't1');
      a.csrr('a0', 'mip');
      for (let i = 0; i < 40; i++) a.nop();
      a.csrr('a1', 'mip'); // pending (interrupts disabled: MIE = 0, mie = 0)
      disarmTimer(a);
      a.csrr('a2', 'mip');
      a.ecall();
    });
    expectTrap(r, 11);
    expect(r.x('a0') & MTIP).toBe(0);
    expect(r.x('a1') & MTIP).toBe(MTIP);
    expect(r.x('a2') & MTIP).toBe(0);
    expect(r.x('a3')).toBeGreaterThanOrEqual(20);
    expect(r.x('a3')).toBeLessThan(200);
    expect(r.x('a4')).toBe(0);
  });

  it('with hostTraps, an interrupt bound for M returns to the host with epc = the next instruction', () => {
    const r = run((a) => {
      a.li('t1', CLINT_MSIP);
      a.li('t0', 1);
      a.sw('t0', 0, 't1');
      a.label('next');
      a.nop();
      a.ecall();
    }, { priv: PRV_U, setup: (m) => m.cpu.csrWrite(CSR.mie, MSIP) });
    // U-mode: M-level interrupts are enabled regardless of MIE. The store to msip is M-only
    // memory in a real system, but the CLINT here is plain MMIO without PMP.
    expectTrap(r, INT | 3, r.at('next'), 0);
    expect(r.m.cpu.priv).toBe(PRV_U);
    expect(r.csr('mcause')).toBe(0);
  });

  it('timer interrupt in M-mode (direct mtvec): mcause = 0x80000007, mepc = interrupted instruction, MPIE = 1', () => {
    const r = runOwn((a) => {
      mtvec(a, 'mtrap');
      a.li('t0', MTIP);
      a.csrw('mie', 't0');
      armTimer(a, 30);
      a.csrsi('mstatus', MIE);
      a.label('loop');
      a.addi('a0', 'a0', 1);
      a.j('loop');
      a.label('loopEnd');
      halt(a);
      recordingHandler(a);
    });
    expectHalted(r);
    expect(hex(r.x('s2'))).toBe(hex(INT | 7));
    expect([r.at('loop'), r.at('loop') + 4]).toContain(r.x('s3'));
    expect(r.x('s4')).toBe(0);
    expect(r.x('s5') & MPIE).toBe(MPIE);
    expect(r.x('s5') & MIE).toBe(0);
    expect((r.x('s5') & MPP) >>> 11).toBe(3);
    expect(r.x('a0')).toBeGreaterThan(0);
  });

  it('the timer interrupt is taken when mtime reaches mtimecmp (time read with rdtime)', () => {
    // mtime counts one tick per retired instruction here, so the interrupt lands `delta`
    // instructions after the rdtime that sampled the time.
    const delta = 40;
    const r = runOwn((a) => {
      mtvec(a, 'mtrap');
      a.li('t0', MTIP);
      a.csrw('mie', 't0');
      a.csrsi('mstatus', MIE);
      a.li('t1', CLINT_MTIMECMP);
      a.sw('zero', 4, 't1');
      a.label('sample');
      a.rdtime('t2');
      a.addi('t2', 't2', delta);
      a.sw('t2', 0, 't1');
      for (let i = 0; i < 100; i++) a.nop();
      halt(a);
      recordingHandler(a);
    });
    expectHalted(r);
    expect(hex(r.x('s2'))).toBe(hex(INT | 7));
    const landed = (r.x('s3') - r.at('sample')) / 4;
    expect(landed).toBeGreaterThanOrEqual(delta - 2);
    expect(landed).toBeLessThanOrEqual(delta + 2);
  });

  it('vectored mtvec: interrupts go to base + 4 * cause, exceptions to base', () => {
    const r = runOwn((a) => {
      mtvec(a, 'vec', 1);
      a.li('t0', MTIP | MSIP);
      a.csrw('mie', 't0');
      a.csrsi('mstatus', MIE);
      a.li('t1', CLINT_MSIP);
      a.li('t0', 1);
      a.sw('t0', 0, 't1'); // software interrupt now
      a.nop();
      a.label('afterMsi');
      armTimer(a, 10);
      a.label('spin');
      a.j('spin');
      a.label('afterMti');
      a.ecall(); // exception: vector base
      halt(a);
      vectorTable(a, { 0: 'exc', 3: 'msi', 7: 'mti' });
      a.label('msi');
      a.csrr('s2', 'mcause');
      a.li('t1', CLINT_MSIP);
      a.sw('zero', 0, 't1');
      a.mret();
      a.label('mti');
      a.csrr('s3', 'mcause');
      disarmTimer(a);
      a.la('t0', 'afterMti');
      a.csrw('mepc', 't0');
      a.mret();
      a.label('exc');
      a.csrr('s4', 'mcause');
      a.j('__halt');
    });
    expectHalted(r);
    expect(r.x('s11')).toBe(0);
    expect(hex(r.x('s2'))).toBe(hex(INT | 3));
    expect(hex(r.x('s3'))).toBe(hex(INT | 7));
    expect(r.x('s4')).toBe(11);
  });

  it('msip: the software interrupt is pending while msip = 1 and taken with mepc = next instruction', () => {
    const r = runOwn((a) => {
      mtvec(a, 'handler');
      a.li('t0', MSIP);
      a.csrw('mie', 't0');
      a.li('t1', CLINT_MSIP);
      a.li('t0', 1);
      a.sw('t0', 0, 't1');
      a.lw('a0', 0, 't1'); // reads back 1
      a.csrr('a1', 'mip');
      a.label('enable');
      a.csrsi('mstatus', MIE);
      a.label('next');
      a.nop();
      halt(a);
      a.align(4);
      a.label('handler');
      a.csrr('s2', 'mcause');
      a.csrr('s3', 'mepc');
      a.li('t1', CLINT_MSIP);
      a.sw('zero', 0, 't1');
      a.lw('s4', 0, 't1');
      a.csrr('s5', 'mip');
      a.mret();
    });
    expectHalted(r);
    expect(r.x('a0')).toBe(1);
    expect(r.x('a1') & MSIP).toBe(MSIP);
    expect(hex(r.x('s2'))).toBe(hex(INT | 3));
    expect(hex(r.x('s3'))).toBe(hex(r.at('next')));
    expect(r.x('s4')).toBe(0);
    expect(r.x('s5') & MSIP).toBe(0);
  });

  it('M-level interrupts are not taken in M with MIE = 0 but always below M', () => {
    const r = runOwn((a) => {
      mtvec(a, 'mtrap');
      a.li('t0', MSIP);
      a.csrw('mie', 't0');
      a.li('t1', CLINT_MSIP);
      a.li('t0', 1);
      a.sw('t0', 0, 't1');
      for (let i = 0; i < 5; i++) a.nop(); // MIE = 0: nothing happens
      a.li('a0', 1);
      a.csrw('mstatus', 'zero'); // MPIE = 0, so S-mode runs with MIE = 0
      enter(a, PRV_S, 's');
      a.label('s');
      a.nop();
      a.li('a1', 1);
      halt(a);
      recordingHandler(a);
    });
    expectHalted(r);
    expect(r.x('a0')).toBe(1);
    expect(r.x('a1')).toBe(0); // interrupted before
    expect(hex(r.x('s2'))).toBe(hex(INT | 3));
    expect(hex(r.x('s3'))).toBe(hex(r.at('s')));
    expect((r.x('s5') & MPP) >>> 11).toBe(PRV_S);
  });

  it('priority: MSI is taken before MTI when both are pending', () => {
    const r = runOwn((a) => {
      mtvec(a, 'mtrap');
      a.li('t0', MSIP | MTIP);
      a.csrw('mie', 't0');
      armTimer(a, 5);
      for (let i = 0; i < 10; i++) a.nop();
      a.li('t1', CLINT_MSIP);
      a.li('t0', 1);
      a.sw('t0', 0, 't1');
      a.csrr('a0', 'mip');
      a.csrsi('mstatus', MIE);
      a.nop();
      halt(a);
      recordingHandler(a);
    });
    expectHalted(r);
    expect(r.x('a0') & (MSIP | MTIP)).toBe(MSIP | MTIP);
    expect(hex(r.x('s2'))).toBe(hex(INT | 3));
  });

  it('mideleg: a delegated STI is taken in S with SIE = 1, in U regardless of SIE, never in M', () => {
    // Phase 1: M with MIE = SIE = 1: STIP pending and delegated -> not taken in M.
    // Phase 2: S with SIE = 0 -> not taken. Phase 3: drop to U -> taken to S.
    const r = runOwn((a) => {
      mtvec(a, 'mtrap');
      a.la('t0', 'strap');
      a.csrw('stvec', 't0');
      a.li('t0', STIP);
      a.csrw('mideleg', 't0');
      a.csrw('mie', 't0');
      a.csrs('mip', 't0'); // M software may set STIP
      a.li('t0', MIE | SIE);
      a.csrs('mstatus', 't0');
      for (let i = 0; i < 4; i++) a.nop();
      a.li('a0', 1); // reached: not taken in M
      a.li('t0', MPIE | SIE | SPIE);
      a.csrc('mstatus', 't0');
      enter(a, PRV_S, 's');
      a.label('s');
      for (let i = 0; i < 4; i++) a.nop();
      a.li('a1', 1); // reached: SIE = 0 in S
      a.la('t0', 'u');
      a.csrw('sepc', 't0');
      a.sret(); // SPP = U (cleared above)
      a.label('u');
      a.nop();
      a.li('a2', 1); // not reached
      halt(a);
      recordingHandler(a);
      sRecordingHandler(a);
    });
    expectHalted(r);
    expect(r.x('a0')).toBe(1);
    expect(r.x('a1')).toBe(1);
    expect(r.x('a2')).toBe(0);
    expect(hex(r.x('s6'))).toBe(hex(INT | 5));
    expect(hex(r.x('s7'))).toBe(hex(r.at('u')));
    expect(r.x('s9') & SPP).toBe(0);
    expect(r.x('s2')).toBe(0);
  });

  it('mideleg: a delegated SSI is taken in S when SIE is set (vectored stvec)', () => {
    const r = runOwn((a) => {
      a.la('t0', 'svec');
      a.ori('t0', 't0', 1);
      a.csrw('stvec', 't0');
      a.li('t0', SSIP);
      a.csrw('mideleg', 't0');
      a.csrw('mie', 't0');
      a.csrw('mstatus', 'zero');
      enter(a, PRV_S, 's');
      a.label('s');
      a.csrsi('sip', SSIP); // S may raise its own software interrupt
      a.nop(); // SIE = 0: not yet
      a.li('a0', 1);
      a.label('en');
      a.csrsi('sstatus', SIE);
      a.label('after');
      a.li('a1', 1);
      halt(a);
      a.align(64);
      a.label('svec');
      for (let i = 0; i < 16; i++) a.j(i === 1 ? 'ssi' : 'sbad');
      a.label('sbad');
      a.li('s11', 0xbad);
      a.j('__halt');
      a.label('ssi');
      a.csrr('s6', 'scause');
      a.csrr('s7', 'sepc');
      a.csrr('s9', 'sstatus');
      a.j('__halt');
    });
    expectHalted(r);
    expect(r.x('s11')).toBe(0);
    expect(r.x('a0')).toBe(1);
    expect(r.x('a1')).toBe(0);
    expect(hex(r.x('s6'))).toBe(hex(INT | 1));
    expect(hex(r.x('s7'))).toBe(hex(r.at('after')));
    expect(r.x('s9') & SPP).toBe(SPP);
    expect(r.x('s9') & SPIE).toBe(SPIE);
    expect(r.x('s9') & SIE).toBe(0);
  });

  it('an undelegated S-level interrupt pending in S-mode goes to M', () => {
    const r = runOwn((a) => {
      mtvec(a, 'mtrap');
      a.li('t0', STIP);
      a.csrw('mie', 't0');
      a.csrs('mip', 't0');
      a.csrw('mstatus', 'zero');
      enter(a, PRV_S, 's');
      a.label('s');
      a.nop();
      halt(a);
      recordingHandler(a);
    });
    expectHalted(r);
    expect(hex(r.x('s2'))).toBe(hex(INT | 5));
    expect((r.x('s5') & MPP) >>> 11).toBe(PRV_S);
  });

  it('a timer interrupt preempts U-mode code', () => {
    const r = runOwn((a) => {
      mtvec(a, 'mtrap');
      a.li('t0', MTIP);
      a.csrw('mie', 't0');
      armTimer(a, 40);
      a.csrw('mstatus', 'zero');
      enter(a, PRV_U, 'u');
      a.label('u');
      a.addi('a0', 'a0', 1);
      a.j('u');
      halt(a);
      recordingHandler(a);
    });
    expectHalted(r);
    expect(hex(r.x('s2'))).toBe(hex(INT | 7));
    expect((r.x('s5') & MPP) >>> 11).toBe(PRV_U);
    expect(r.x('a0')).toBeGreaterThan(0);
  });
});

describe('wfi', () => {
  it('wakes on a timer interrupt and traps with mepc = the instruction after wfi', () => {
    const r = runOwn((a) => {
      mtvec(a, 'mtrap');
      a.li('t0', MTIP);
      a.csrw('mie', 't0');
      armTimer(a, 500);
      a.csrsi('mstatus', MIE);
      a.wfi();
      a.label('after');
      a.nop();
      halt(a);
      a.align(4);
      a.label('mtrap');
      a.csrr('s6', 'minstret');
      a.csrr('s7', 'time');
      a.j('recorded');
      recordingHandler(a, 'recorded');
    });
    expectHalted(r);
    expect(hex(r.x('s2'))).toBe(hex(INT | 7));
    expect(hex(r.x('s3'))).toBe(hex(r.at('after')));
    expect(r.x('s6')).toBeLessThan(100); // the hart slept instead of spinning
    expect(r.x('s7')).toBeGreaterThanOrEqual(500); // ...and time moved on to the deadline
  });

  it('with MIE = 0 a locally enabled pending interrupt resumes execution after wfi without a trap', () => {
    const r = runOwn((a) => {
      mtvec(a, 'mtrap');
      a.li('t0', MTIP);
      a.csrw('mie', 't0');
      armTimer(a, 300);
      a.wfi();
      a.li('a0', 1);
      a.csrr('a1', 'mip');
      halt(a);
      recordingHandler(a);
    });
    expectHalted(r);
    expect(r.x('a0')).toBe(1);
    expect(r.x('a1') & MTIP).toBe(MTIP);
    expect(r.x('s2')).toBe(0);
  });

  it('is a no-op when an enabled interrupt is already pending', () => {
    const r = run((a) => {
      a.li('t0', MSIP);
      a.csrw('mie', 't0');
      a.li('t1', CLINT_MSIP);
      a.li('t0', 1);
      a.sw('t0', 0, 't1');
      a.wfi();
      a.li('a0', 7);
      a.ecall();
    });
    expectTrap(r, 11);
    expect(r.x('a0')).toBe(7);
  });

  it('with nothing that could wake it, run() reports idle and pc is after the wfi', () => {
    const r = run((a) => {
      a.wfi();
      a.label('after');
      a.ecall();
    });
    expect(r.exit.kind).toBe('idle');
    expect(r.m.cpu.pc >>> 0).toBe(r.at('after'));
  });

  it('S-mode wfi without TW and with a pending S interrupt completes', () => {
    const r = run((a) => {
      a.wfi();
      a.li('a0', 3);
      a.ecall();
    }, {
      priv: PRV_S,
      // SSIP delegated and SIE = 0: pending and enabled in mie, but not taken.
      setup: (m) => { m.cpu.csrWrite(CSR.mideleg, SSIP); m.cpu.csrWrite(CSR.mie, SSIP); m.cpu.csrWrite(CSR.mip, SSIP); },
    });
    expectTrap(r, 9);
    expect(r.x('a0')).toBe(3);
  });
});

describe('interrupt enable takes effect at instruction boundaries', () => {
  it('setting mstatus.MIE with an interrupt pending traps before the next instruction', () => {
    const r = runOwn((a) => {
      mtvec(a, 'mtrap');
      a.li('t0', SSIP);
      a.csrw('mie', 't0');
      a.csrs('mip', 't0');
      a.li('a0', 1);
      a.csrsi('mstatus', MIE);
      a.label('next');
      a.li('a0', 2);
      halt(a);
      recordingHandler(a);
    });
    expectHalted(r);
    expect(r.x('a0')).toBe(1);
    expect(hex(r.x('s2'))).toBe(hex(INT | 1));
    expect(hex(r.x('s3'))).toBe(hex(r.at('next')));
  });

  it('enabling the source in mie with MIE already set traps right after the csr write', () => {
    const r = runOwn((a) => {
      mtvec(a, 'mtrap');
      a.li('t0', SSIP);
      a.csrs('mip', 't0');
      a.csrsi('mstatus', MIE);
      a.li('a0', 1);
      a.csrw('mie', 't0');
      a.label('next');
      a.li('a0', 2);
      halt(a);
      recordingHandler(a);
    });
    expectHalted(r);
    expect(r.x('a0')).toBe(1);
    expect(hex(r.x('s3'))).toBe(hex(r.at('next')));
  });
});
