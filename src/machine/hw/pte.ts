// Sv32 page-table entry format and satp fields (privileged spec 10.3): the bits every part of
// milklab (MMU, kernel, services) agrees on.

export const PTE_V = 1 << 0;
export const PTE_R = 1 << 1;
export const PTE_W = 1 << 2;
export const PTE_X = 1 << 3;
export const PTE_U = 1 << 4;
export const PTE_G = 1 << 5;
export const PTE_A = 1 << 6;
export const PTE_D = 1 << 7;
export const PTE_PPN_SHIFT = 10;

export const SATP_MODE_SV32 = 0x8000_0000;
export const SATP_ASID_SHIFT = 22;
export const SATP_ASID_MASK = 0x1ff;
export const SATP_PPN_MASK = 0x3f_ffff;

/** Physical page number of a PTE (22 bits in Sv32). */
export function ptePpn(pte: number): number {
  return (pte >>> PTE_PPN_SHIFT) & 0x3f_ffff;
}

/** Builds a PTE from a physical page number and flag bits. */
export function makePte(ppn: number, flags: number): number {
  return ((ppn << PTE_PPN_SHIFT) | flags) >>> 0;
}

/** Builds an Sv32 satp value. */
export function makeSatp(rootPpn: number, asid = 0): number {
  return (SATP_MODE_SV32 | ((asid & SATP_ASID_MASK) << SATP_ASID_SHIFT) | (rootPpn & SATP_PPN_MASK)) >>> 0;
}
