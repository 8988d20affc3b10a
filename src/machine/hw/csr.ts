// Control and status registers: the numbers, who may access them, their WARL masks and side
// effects (TLB flushes, interrupt re-evaluation). Unimplemented CSRs are illegal instructions,
// as the spec requires.

import type { Cpu } from './cpu.js';
import {
  MEDELEG_MASK, MIDELEG_MASK, MIE_MASK, MIP_SSIP, MIP_WRITABLE, MSTATUS_MPP, MSTATUS_MPP_SHIFT,
  MSTATUS_MPRV, MSTATUS_MXR, MSTATUS_SUM, MSTATUS_TVM, MSTATUS_WRITABLE, PRV_S, PRV_U, SSTATUS_MASK,
} from './trap.js';

export const CSR = {
  sstatus: 0x100, sie: 0x104, stvec: 0x105, scounteren: 0x106, senvcfg: 0x10a,
  sscratch: 0x140, sepc: 0x141, scause: 0x142, stval: 0x143, sip: 0x144, satp: 0x180,
  mstatus: 0x300, misa: 0x301, medeleg: 0x302, mideleg: 0x303, mie: 0x304, mtvec: 0x305,
  mcounteren: 0x306, menvcfg: 0x30a, mstatush: 0x310, menvcfgh: 0x31a, mcountinhibit: 0x320,
  mscratch: 0x340, mepc: 0x341, mcause: 0x342, mtval: 0x343, mip: 0x344,
  mcycle: 0xb00, minstret: 0xb02, mcycleh: 0xb80, minstreth: 0xb82,
  cycle: 0xc00, time: 0xc01, instret: 0xc02, cycleh: 0xc80, timeh: 0xc81, instreth: 0xc82,
  mvendorid: 0xf11, marchid: 0xf12, mimpid: 0xf13, mhartid: 0xf14, mconfigptr: 0xf15,
} as const;

/** misa: RV32 with I, M, S and U. */
export const MISA = (1 << 30) | (1 << 8) | (1 << 12) | (1 << 18) | (1 << 20);

/** Outcome of a CSR access: the value read, or -1 meaning illegal instruction. */
const ILLEGAL = -1;

function isHpmCounter(n: number): boolean {
  return (n >= 0xc03 && n <= 0xc1f) || (n >= 0xc83 && n <= 0xc9f);
}

/** Counter CSRs (cycle/time/instret/hpm, low and high) readable below M if counteren allows. */
function counterAllowed(cpu: Cpu, n: number): boolean {
  const bit = 1 << (n & 0x1f);
  if (cpu.priv < 3 && (cpu.mcounteren & bit) === 0) return false;
  if (cpu.priv === PRV_U && (cpu.scounteren & bit) === 0) return false;
  return true;
}

/**
 * Reads CSR `n` as the current privilege would, `k` instructions into the running block.
 * Contract: returns the unsigned value, or -1 when the access is illegal (absent CSR, too little
 * privilege, counter disabled, satp under TVM). No side effects.
 */
export function csrRead(cpu: Cpu, n: number, k: number): number {
  if (((n >>> 8) & 3) > cpu.priv) return ILLEGAL;
  switch (n) {
    case CSR.sstatus: return (cpu.mstatus & SSTATUS_MASK) >>> 0;
    case CSR.sie: return (cpu.mie & cpu.mideleg) >>> 0;
    case CSR.stvec: return cpu.stvec >>> 0;
    case CSR.scounteren: return cpu.scounteren >>> 0;
    case CSR.senvcfg: case CSR.menvcfg: case CSR.menvcfgh: case CSR.mstatush: return 0;
    case CSR.sscratch: return cpu.sscratch >>> 0;
    case CSR.sepc: return cpu.sepc >>> 0;
    case CSR.scause: return cpu.scause >>> 0;
    case CSR.stval: return cpu.stval >>> 0;
    case CSR.sip: return (cpu.mipValue() & cpu.mideleg) >>> 0;
    case CSR.satp:
      if (cpu.priv === PRV_S && (cpu.mstatus & MSTATUS_TVM)) return ILLEGAL;
      return cpu.satp >>> 0;
    case CSR.mstatus: return cpu.mstatus >>> 0;
    case CSR.misa: return MISA >>> 0;
    case CSR.medeleg: return cpu.medeleg >>> 0;
    case CSR.mideleg: return cpu.mideleg >>> 0;
    case CSR.mie: return cpu.mie >>> 0;
    case CSR.mtvec: return cpu.mtvec >>> 0;
    case CSR.mcounteren: return cpu.mcounteren >>> 0;
    case CSR.mcountinhibit: return 0;
    case CSR.mscratch: return cpu.mscratch >>> 0;
    case CSR.mepc: return cpu.mepc >>> 0;
    case CSR.mcause: return cpu.mcause >>> 0;
    case CSR.mtval: return cpu.mtval >>> 0;
    case CSR.mip: return cpu.mipValue() >>> 0;
    case CSR.mcycle: return cpu.counterRead(0, k, false);
    case CSR.mcycleh: return cpu.counterRead(0, k, true);
    case CSR.minstret: return cpu.counterRead(2, k, false);
    case CSR.minstreth: return cpu.counterRead(2, k, true);
    case CSR.cycle: case CSR.time: case CSR.instret:
    case CSR.cycleh: case CSR.timeh: case CSR.instreth:
      if (!counterAllowed(cpu, n)) return ILLEGAL;
      if ((n & 0x1f) === 1) return cpu.timeRead(k, n === CSR.timeh);
      return cpu.counterRead(n & 0x1f, k, n >= 0xc80);
    case CSR.mvendorid: case CSR.marchid: case CSR.mimpid: case CSR.mhartid: case CSR.mconfigptr:
      return 0;
  }
  if ((n >= 0xb03 && n <= 0xb1f) || (n >= 0xb83 && n <= 0xb9f) || (n >= 0x323 && n <= 0x33f)) return 0;
  if (isHpmCounter(n)) return counterAllowed(cpu, n) ? 0 : ILLEGAL;
  if (n >= 0x3a0 && n <= 0x3a3) return cpu.pmpcfg[n - 0x3a0]! >>> 0;
  if (n >= 0x3b0 && n <= 0x3bf) return cpu.pmpaddr[n - 0x3b0]! >>> 0;
  if ((n >= 0x3a4 && n <= 0x3af) || (n >= 0x3c0 && n <= 0x3ef)) return 0; // entries 16-63 absent: read-only zero
  if (n >= 0x7a0 && n <= 0x7a3) return 0; // trigger module with no triggers: tselect/tdata* read zero
  return ILLEGAL;
}

/**
 * Writes CSR `n` (after csrRead has established that it exists and is accessible).
 * Contract: returns false when the write itself is illegal (read-only CSR); applies WARL masks
 * and side effects: TLB flush on translation-context changes, interrupt re-evaluation.
 */
export function csrWrite(cpu: Cpu, n: number, v: number, k: number): boolean {
  if ((n >>> 10) === 3) return false; // read-only space
  v |= 0;
  switch (n) {
    case CSR.sstatus: cpu.setMstatus((cpu.mstatus & ~SSTATUS_MASK) | (v & SSTATUS_MASK)); return true;
    case CSR.sie: cpu.mie = (cpu.mie & ~cpu.mideleg) | (v & cpu.mideleg & MIE_MASK); cpu.irqChanged(); return true;
    case CSR.stvec: cpu.stvec = tvec(v); return true;
    case CSR.scounteren: cpu.scounteren = v & 7; return true;
    case CSR.sscratch: cpu.sscratch = v; return true;
    case CSR.sepc: cpu.sepc = v & ~3; return true;
    case CSR.scause: cpu.scause = v; return true;
    case CSR.stval: cpu.stval = v; return true;
    case CSR.sip: cpu.mip = (cpu.mip & ~(MIP_SSIP & cpu.mideleg)) | (v & MIP_SSIP & cpu.mideleg); cpu.irqChanged(); return true;
    case CSR.satp: cpu.setSatp(v); return true;
    case CSR.mstatus: cpu.setMstatus(v); return true;
    case CSR.medeleg: cpu.medeleg = v & MEDELEG_MASK; return true;
    case CSR.mideleg: cpu.mideleg = v & MIDELEG_MASK; cpu.irqChanged(); return true;
    case CSR.mie: cpu.mie = v & MIE_MASK; cpu.irqChanged(); return true;
    case CSR.mtvec: cpu.mtvec = tvec(v); return true;
    case CSR.mcounteren: cpu.mcounteren = v & 7; return true;
    case CSR.mscratch: cpu.mscratch = v; return true;
    case CSR.mepc: cpu.mepc = v & ~3; return true;
    case CSR.mcause: cpu.mcause = v; return true;
    case CSR.mtval: cpu.mtval = v; return true;
    case CSR.mip: cpu.mip = (cpu.mip & ~MIP_WRITABLE) | (v & MIP_WRITABLE); cpu.irqChanged(); return true;
    case CSR.mcycle: cpu.counterWrite(0, v, k, false); return true;
    case CSR.mcycleh: cpu.counterWrite(0, v, k, true); return true;
    case CSR.minstret: cpu.counterWrite(2, v, k, false); return true;
    case CSR.minstreth: cpu.counterWrite(2, v, k, true); return true;
  }
  if (n >= 0x3a0 && n <= 0x3a3) { cpu.pmpcfg[n - 0x3a0] = pmpcfgLegal(cpu.pmpcfg[n - 0x3a0]!, v); return true; }
  if (n >= 0x3b0 && n <= 0x3bf) {
    const cfg = (cpu.pmpcfg[(n - 0x3b0) >>> 2]! >>> (8 * ((n - 0x3b0) & 3))) & 0xff;
    if ((cfg & 0x80) === 0) cpu.pmpaddr[n - 0x3b0] = v; // locked entries ignore writes
    return true;
  }
  return true; // WARL read-only-zero registers (misa, envcfg, PMP, hpm) ignore writes
}

/** pmpcfg WARL: locked bytes keep their value; R=0 W=1 (reserved) reads back as no access. */
function pmpcfgLegal(old: number, v: number): number {
  let out = 0;
  for (let b = 0; b < 4; b++) {
    const o = (old >>> (8 * b)) & 0xff;
    let nb = (v >>> (8 * b)) & 0x9f;
    if (o & 0x80) nb = o;
    else if ((nb & 3) === 2) nb &= ~3;
    out |= nb << (8 * b);
  }
  return out;
}

function tvec(v: number): number {
  const mode = v & 3;
  return (v & ~3) | (mode >= 2 ? 0 : mode);
}

/** mstatus WARL: keep implemented bits; MPP holds only U, S or M (2 becomes U). */
export function legalMstatus(old: number, v: number): number {
  let s = (old & ~MSTATUS_WRITABLE) | (v & MSTATUS_WRITABLE);
  if (((s & MSTATUS_MPP) >>> MSTATUS_MPP_SHIFT) === 2) s &= ~MSTATUS_MPP;
  return s;
}

/** Bits of mstatus whose change alters address translation (flush the fast TLB). */
export const MSTATUS_XLATE = MSTATUS_MPRV | MSTATUS_MPP | MSTATUS_SUM | MSTATUS_MXR;
