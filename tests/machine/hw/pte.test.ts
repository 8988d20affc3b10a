// Sv32 PTE and satp encoding (privileged spec 10.3): flag bit positions, makePte/ptePpn round
// trips over the full 22-bit PPN, makeSatp field placement and masking, unsigned results;
// cross-checked against the spec-written helpers in tests/helpers/sv32.ts.
import { describe, expect, it } from 'vitest';
import {
  makePte, makeSatp, ptePpn, PTE_A, PTE_D, PTE_G, PTE_PPN_SHIFT, PTE_R, PTE_U, PTE_V, PTE_W, PTE_X,
  SATP_ASID_MASK, SATP_ASID_SHIFT, SATP_MODE_SV32, SATP_PPN_MASK,
} from '../../../src/machine/hw/pte.js';
import { rng } from '../../helpers/random.js';
import { pte as specPte, satpOf } from '../../helpers/sv32.js';

describe('Sv32 PTE', () => {
  it('places V R W X U G A D in bits 0..7 and the PPN from bit 10', () => {
    expect([PTE_V, PTE_R, PTE_W, PTE_X, PTE_U, PTE_G, PTE_A, PTE_D]).toEqual([1, 2, 4, 8, 16, 32, 64, 128]);
    expect(PTE_PPN_SHIFT).toBe(10);
  });

  it('makePte puts the PPN above the flags; ptePpn takes it back out ignoring flags and RSW bits', () => {
    const all = PTE_V | PTE_R | PTE_W | PTE_X | PTE_U | PTE_G | PTE_A | PTE_D;
    expect(makePte(0x80000, PTE_V | PTE_R)).toBe(0x2000_0003);
    expect(makePte(0, all)).toBe(0xff);
    expect(ptePpn(0x2000_0003)).toBe(0x80000);
    expect(ptePpn(0x3ff)).toBe(0); // flags and the two RSW bits (8, 9) are not the PPN
    expect(ptePpn(0x400)).toBe(1);
  });

  it('handles the largest PPN: the result is unsigned, and survives a signed 32-bit store', () => {
    const p = makePte(0x3f_ffff, PTE_V | PTE_D);
    expect(p).toBe(0xffff_fc81);
    expect(p).toBeGreaterThan(0);
    expect(ptePpn(p)).toBe(0x3f_ffff);
    expect(ptePpn(p | 0)).toBe(0x3f_ffff); // as read back from an Int32Array
  });

  it('agrees with the spec-written helper over random PPNs and flags', () => {
    const r = rng(7);
    for (let i = 0; i < 2000; i++) {
      const ppn = Math.floor(r() * 0x40_0000);
      const flags = Math.floor(r() * 0x100);
      const p = makePte(ppn, flags);
      expect(p).toBe(specPte(ppn * 4096, flags));
      expect(ptePpn(p)).toBe(ppn);
      expect(p & 0xff).toBe(flags);
    }
  });
});

describe('Sv32 satp', () => {
  it('has MODE in bit 31, a 9-bit ASID from bit 22 and a 22-bit root PPN', () => {
    expect(SATP_MODE_SV32).toBe(0x8000_0000);
    expect([SATP_ASID_SHIFT, SATP_ASID_MASK, SATP_PPN_MASK]).toEqual([22, 0x1ff, 0x3f_ffff]);
  });

  it('builds mode | asid | ppn, unsigned, with asid 0 by default', () => {
    expect(makeSatp(0x80000)).toBe(0x8008_0000);
    expect(makeSatp(0x80000, 5)).toBe(0x8148_0000);
    expect(makeSatp(0x3f_ffff, 0x1ff)).toBe(0xffff_ffff);
    expect(makeSatp(0)).toBe(0x8000_0000);
  });

  it('masks an oversized ASID or PPN instead of corrupting the other fields', () => {
    expect(makeSatp(0, 0x200)).toBe(0x8000_0000); // ASID bit 9 does not exist
    expect(makeSatp(0, 0x3ff)).toBe(makeSatp(0, 0x1ff));
    expect(makeSatp(0x40_0001, 3)).toBe(makeSatp(1, 3)); // PPN bit 22 would land in the ASID
  });

  it('agrees with the spec-written helper over random roots and ASIDs', () => {
    const r = rng(11);
    for (let i = 0; i < 2000; i++) {
      const ppn = Math.floor(r() * 0x40_0000);
      const asid = Math.floor(r() * 0x200);
      expect(makeSatp(ppn, asid)).toBe(satpOf(ppn * 4096, asid));
    }
  });
});
