// Trap causes and the architectural trap entry/return rules of the privileged spec:
// which privilege a trap goes to (medeleg/mideleg), what it saves (xepc, xcause, xtval,
// mstatus xPIE/xPP) and which pending interrupt wins.

export const PRV_U = 0;
export const PRV_S = 1;
export const PRV_M = 3;

/** Exception causes (mcause with the interrupt bit clear). */
export const Cause = {
  misalignedFetch: 0,
  fetchAccess: 1,
  illegalInstruction: 2,
  breakpoint: 3,
  misalignedLoad: 4,
  loadAccess: 5,
  misalignedStore: 6,
  storeAccess: 7,
  ecallU: 8,
  ecallS: 9,
  ecallM: 11,
  fetchPage: 12,
  loadPage: 13,
  storePage: 15,
} as const;

/** Interrupt numbers (mcause = 0x80000000 | n). */
export const Irq = { ssi: 1, msi: 3, sti: 5, mti: 7, sei: 9, mei: 11 } as const;
export const INTERRUPT_BIT = 0x8000_0000;

/** mstatus bits (RV32). */
export const MSTATUS_SIE = 1 << 1;
export const MSTATUS_MIE = 1 << 3;
export const MSTATUS_SPIE = 1 << 5;
export const MSTATUS_MPIE = 1 << 7;
export const MSTATUS_SPP = 1 << 8;
export const MSTATUS_MPP_SHIFT = 11;
export const MSTATUS_MPP = 3 << MSTATUS_MPP_SHIFT;
export const MSTATUS_MPRV = 1 << 17;
export const MSTATUS_SUM = 1 << 18;
export const MSTATUS_MXR = 1 << 19;
export const MSTATUS_TVM = 1 << 20;
export const MSTATUS_TW = 1 << 21;
export const MSTATUS_TSR = 1 << 22;
/** The bits of mstatus this hart implements (no F/V/X state, little-endian only). */
export const MSTATUS_WRITABLE = MSTATUS_SIE | MSTATUS_MIE | MSTATUS_SPIE | MSTATUS_MPIE | MSTATUS_SPP | MSTATUS_MPP
  | MSTATUS_MPRV | MSTATUS_SUM | MSTATUS_MXR | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR;
/** The subset visible through sstatus. */
export const SSTATUS_MASK = MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR;

/** Interrupt-enable/pending bits this hart implements. */
export const MIP_SSIP = 1 << Irq.ssi;
export const MIP_MSIP = 1 << Irq.msi;
export const MIP_STIP = 1 << Irq.sti;
export const MIP_MTIP = 1 << Irq.mti;
export const MIP_SEIP = 1 << Irq.sei;
export const MIP_MEIP = 1 << Irq.mei;
export const MIE_MASK = MIP_SSIP | MIP_MSIP | MIP_STIP | MIP_MTIP | MIP_SEIP | MIP_MEIP;
/** mip bits software may write in M-mode (MTIP/MSIP/MEIP come from devices). */
export const MIP_WRITABLE = MIP_SSIP | MIP_STIP | MIP_SEIP;
/** Interrupts that may be delegated to S-mode. */
export const MIDELEG_MASK = MIP_SSIP | MIP_STIP | MIP_SEIP;
/** Exceptions that may be delegated (all but ecall from M). */
export const MEDELEG_MASK = 0xb3ff;
/** Priority order for simultaneous interrupts (privileged spec 3.1.9). */
export const IRQ_PRIORITY = [Irq.mei, Irq.msi, Irq.mti, Irq.sei, Irq.ssi, Irq.sti] as const;

/** A trap as a value: what the CPU reports to whoever handles it. */
export interface TrapInfo {
  cause: number;
  tval: number;
  epc: number;
}

/**
 * Picks the interrupt to take now, or -1.
 * Contract: pending = mip & mie; M-level interrupts are enabled below M or with MIE in M;
 * delegated ones below S or with SIE in S (privileged spec 3.1.6.1, 3.1.9).
 */
export function selectInterrupt(priv: number, mstatus: number, pending: number, mideleg: number): number {
  if (pending === 0) return -1;
  const mEnabled = priv < PRV_M || (mstatus & MSTATUS_MIE) !== 0;
  const sEnabled = priv < PRV_S || (priv === PRV_S && (mstatus & MSTATUS_SIE) !== 0);
  const mPending = mEnabled ? pending & ~mideleg : 0;
  const sPending = sEnabled ? pending & mideleg : 0;
  const take = mPending !== 0 ? mPending : sPending;
  if (take === 0) return -1;
  for (const irq of IRQ_PRIORITY) if (take & (1 << irq)) return irq;
  return -1;
}
