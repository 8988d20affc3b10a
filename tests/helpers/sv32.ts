// Builds Sv32 page tables in a Machine's physical memory from the host side, for MMU/TLB tests.
// Independent of src/ (PTE bits are written out here) so the tests check the CPU against the
// spec, not against its own constants.
import type { Machine } from '../../src/machine/hw/machine.js';

export const V = 1 << 0;
export const R = 1 << 1;
export const W = 1 << 2;
export const X = 1 << 3;
export const U = 1 << 4;
export const G = 1 << 5;
export const A = 1 << 6;
export const D = 1 << 7;

/** satp for Sv32 with root table at physical address `root` and `asid`. */
export function satpOf(root: number, asid = 0): number {
  return ((1 << 31) | ((asid & 0x1ff) << 22) | (Math.floor(root / 4096) & 0x3fffff)) >>> 0;
}

/** A PTE pointing at physical address `pa` with `flags`. */
export function pte(pa: number, flags: number): number {
  return ((Math.floor(pa / 4096) << 10) | flags) >>> 0;
}

export class PageTables {
  readonly root: number;
  private next: number;

  /** Allocates tables from `pool` upwards (4 KiB aligned physical addresses, zeroed by the caller or here). */
  constructor(readonly m: Machine, pool: number) {
    this.next = pool;
    this.root = this.alloc();
  }

  /** A zeroed 4 KiB table. */
  alloc(): number {
    const t = this.next;
    this.next += 4096;
    this.m.mem.fill(t, 4096, 0);
    return t;
  }

  satp(asid = 0): number {
    return satpOf(this.root, asid);
  }

  /** Address of the level-1 PTE for `va`. */
  l1Addr(va: number): number {
    return this.root + ((va >>> 22) & 0x3ff) * 4;
  }

  /** Address of the level-0 PTE for `va`, allocating the level-0 table if needed. */
  l0Addr(va: number, nonLeafFlags = V): number {
    const l1 = this.l1Addr(va);
    let e = this.m.mem.read32(l1);
    if ((e & V) === 0) {
      const t = this.alloc();
      e = pte(t, nonLeafFlags);
      this.m.mem.write32(l1, e);
    }
    const table = ((e >>> 10) & 0x3fffff) * 4096;
    return table + ((va >>> 12) & 0x3ff) * 4;
  }

  /** Maps one 4 KiB page va -> pa with `flags` (V is added). Returns the PTE address. */
  map(va: number, pa: number, flags: number): number {
    const at = this.l0Addr(va);
    this.m.mem.write32(at, pte(pa, flags | V));
    return at;
  }

  /** Maps `n` consecutive pages. */
  mapRange(va: number, pa: number, n: number, flags: number): void {
    for (let i = 0; i < n; i++) this.map(va + i * 4096, pa + i * 4096, flags);
  }

  /** Maps a 4 MiB megapage va -> pa (pa need not be aligned: tests use that for the fault case). */
  mapMega(va: number, pa: number, flags: number): number {
    const at = this.l1Addr(va);
    this.m.mem.write32(at, pte(pa, flags | V));
    return at;
  }

  /** Writes a raw PTE word at level 0 (or level 1) for `va`. */
  setRaw(va: number, value: number, level: 0 | 1 = 0): number {
    const at = level === 1 ? this.l1Addr(va) : this.l0Addr(va);
    this.m.mem.write32(at, value >>> 0);
    return at;
  }

  /** Reads the PTE word at level 0 (or 1) for `va`. */
  read(va: number, level: 0 | 1 = 0): number {
    return this.m.mem.read32(level === 1 ? this.l1Addr(va) : this.l0Addr(va)) >>> 0;
  }
}
