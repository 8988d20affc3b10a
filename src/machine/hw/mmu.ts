// The Sv32 page-table walk (privileged spec 10.3.2) with the hardware A/D update scheme, and
// the leaf permission check shared by the walk and the TLB. Pure functions over physical memory.

import type { PhysMemory } from './memory.js';
import { PTE_A, PTE_D, PTE_R, PTE_U, PTE_V, PTE_W, PTE_X, PTE_PPN_SHIFT, SATP_PPN_MASK } from './pte.js';
import { PRV_S, PRV_U } from './trap.js';

/** What an access does: fetch an instruction, load, or store. */
export const ACC_FETCH = 0;
export const ACC_LOAD = 1;
export const ACC_STORE = 2;
export type AccessKind = typeof ACC_FETCH | typeof ACC_LOAD | typeof ACC_STORE;

/** Walk outcomes besides a physical address (which is always >= 0). */
export const WALK_PAGE_FAULT = -1;
export const WALK_ACCESS_FAULT = -2;

/** Details of the leaf found by the last successful walk (reused object, no allocation). */
export interface WalkLeaf {
  pte: number;
  level: number; // 1 = 4 MiB megapage, 0 = 4 KiB page
  pteAddr: number;
}

/**
 * Checks a valid leaf PTE's R/W/X/U bits for an access at privilege `priv` with mstatus SUM/MXR.
 * Contract: true when the access is permitted; A/D handling is the caller's business.
 */
export function leafPermits(pte: number, kind: AccessKind, priv: number, sum: boolean, mxr: boolean): boolean {
  if (pte & PTE_U) {
    if (priv === PRV_S && (kind === ACC_FETCH || !sum)) return false;
  } else if (priv === PRV_U) {
    return false;
  }
  if (kind === ACC_FETCH) return (pte & PTE_X) !== 0;
  if (kind === ACC_LOAD) return (pte & PTE_R) !== 0 || (mxr && (pte & PTE_X) !== 0);
  return (pte & PTE_W) !== 0;
}

/**
 * Translates `va` through the Sv32 tables rooted at satp.PPN.
 * Contract: returns the physical address (a non-negative number, possibly >= 2^32 since Sv32 has
 * 34-bit physical addresses), WALK_PAGE_FAULT or WALK_ACCESS_FAULT (a PTE outside RAM). On
 * success, sets A (and D for stores) in the leaf PTE in memory if they were clear — after the
 * permission check, so a faulting access never sets them — and fills `leaf`.
 */
export function walkSv32(mem: PhysMemory, satp: number, va: number, kind: AccessKind, priv: number,
  sum: boolean, mxr: boolean, leaf: WalkLeaf): number {
  va >>>= 0;
  let table = (satp & SATP_PPN_MASK) * 4096;
  for (let level = 1; level >= 0; level--) {
    const vpnPart = level === 1 ? va >>> 22 : (va >>> 12) & 0x3ff;
    const pteAddr = table + vpnPart * 4;
    if (pteAddr > 0xffff_ffff || !mem.inRam(pteAddr, 4)) return WALK_ACCESS_FAULT;
    let pte = mem.read(pteAddr, 4);
    if ((pte & PTE_V) === 0 || ((pte & PTE_R) === 0 && (pte & PTE_W) !== 0)) return WALK_PAGE_FAULT;
    const ppn = pte >>> PTE_PPN_SHIFT;
    if ((pte & (PTE_R | PTE_X)) === 0) {
      if (level === 0) return WALK_PAGE_FAULT; // pointer at the last level
      if (pte & (PTE_A | PTE_D | PTE_U)) return WALK_PAGE_FAULT; // reserved for non-leaf PTEs
      table = ppn * 4096;
      continue;
    }
    if (!leafPermits(pte, kind, priv, sum, mxr)) return WALK_PAGE_FAULT;
    if (level === 1 && (ppn & 0x3ff) !== 0) return WALK_PAGE_FAULT; // misaligned megapage
    const want = PTE_A | (kind === ACC_STORE ? PTE_D : 0);
    if ((pte & want) !== want) {
      pte = (pte | want) >>> 0;
      mem.write(pteAddr, 4, pte);
    }
    leaf.pte = pte;
    leaf.level = level;
    leaf.pteAddr = pteAddr;
    return level === 1 ? (ppn >>> 10) * 0x40_0000 + (va & 0x3f_ffff) : ppn * 4096 + (va & 0xfff);
  }
  return WALK_PAGE_FAULT;
}
