// The architectural TLB: a direct-mapped, ASID-tagged cache of Sv32 leaf translations with
// global entries, hit/miss counters per access kind and the sfence.vma semantics (all, one
// address, one ASID with globals kept). The CPU's inline fast path keeps a smaller per-context
// cache in front of it (cpu.ts); this is the level that software-visible fences act on.

import { PTE_G } from './pte.js';
import type { AccessKind } from './mmu.js';

export interface TlbKindStats {
  /** Translations requested with paging on (inline fast-path hits included). */
  accesses: number;
  /** Translations that needed a page-table walk. */
  misses: number;
}

export class Tlb {
  readonly entries: number;
  private readonly mask: number;
  private readonly vpn: Int32Array;
  private readonly asid: Int32Array;
  private readonly pte: Int32Array;
  private readonly level: Uint8Array;
  /** Physical address of the 4 KiB page this vpn maps to (megapages are splintered). */
  private readonly page: Float64Array;
  /** Walks per access kind (fetch, load, store). */
  readonly walks = [0, 0, 0];
  /** Megapage entries ever inserted since the last full flush (bounds the fence-by-address scan). */
  private megaEntries = 0;

  /** True when a megapage translation may be cached (an address fence then reaches further). */
  get hasMegapages(): boolean { return this.megaEntries > 0; }

  /** Creates an empty TLB with `entries` (a power of two) slots. */
  constructor(entries = 512) {
    if (entries & (entries - 1)) throw new RangeError('TLB size must be a power of two');
    this.entries = entries;
    this.mask = entries - 1;
    this.vpn = new Int32Array(entries).fill(-1);
    this.asid = new Int32Array(entries);
    this.pte = new Int32Array(entries);
    this.level = new Uint8Array(entries);
    this.page = new Float64Array(entries);
  }

  /**
   * Looks up `vpn` for address space `asid`.
   * Contract: returns the slot index of a matching entry (same vpn, and global or same ASID),
   * or -1. Use pteOf/pageOf on the slot.
   */
  lookup(vpn: number, asid: number): number {
    const i = vpn & this.mask;
    if (this.vpn[i] !== vpn) return -1;
    if (this.asid[i] !== asid && (this.pte[i]! & PTE_G) === 0) return -1;
    return i;
  }

  /** The PTE bits cached in slot `i`. */
  pteOf(i: number): number { return this.pte[i]! >>> 0; }
  /** The physical page address cached in slot `i`. */
  pageOf(i: number): number { return this.page[i]!; }

  /** Records a walk's result for `vpn` (evicting whatever shared its slot). */
  insert(vpn: number, asid: number, pte: number, level: number, page: number): void {
    const i = vpn & this.mask;
    this.vpn[i] = vpn;
    this.asid[i] = asid;
    this.pte[i] = pte;
    this.level[i] = level;
    this.page[i] = page;
    if (level === 1) this.megaEntries++;
  }

  /** Counts a walk for access kind `kind`. */
  countWalk(kind: AccessKind): void { this.walks[kind]!++; }

  /**
   * sfence.vma semantics. `va` undefined = all addresses; `asid` undefined = all address spaces.
   * Contract: with an ASID given, global entries are kept; with an address given, entries for
   * that address are removed, including every splinter of a megapage that covers it.
   */
  fence(va?: number, asid?: number): void {
    const vpn = va === undefined ? -1 : (va >>> 12);
    if (vpn !== -1 && this.megaEntries === 0) {
      // only one slot can hold this address's 4 KiB entry
      const i = vpn & this.mask;
      if (this.vpn[i] === vpn && (asid === undefined || ((this.pte[i]! & PTE_G) === 0 && this.asid[i] === asid))) this.vpn[i] = -1;
      return;
    }
    if (vpn === -1 && asid === undefined) this.megaEntries = 0;
    for (let i = 0; i < this.entries; i++) {
      const e = this.vpn[i]!;
      if (e === -1) continue;
      if (asid !== undefined && ((this.pte[i]! & PTE_G) !== 0 || this.asid[i] !== asid)) continue;
      if (vpn !== -1) {
        const same = this.level[i] === 1 ? (e >>> 10) === (vpn >>> 10) : e === vpn;
        if (!same) continue;
      }
      this.vpn[i] = -1;
    }
  }
}
