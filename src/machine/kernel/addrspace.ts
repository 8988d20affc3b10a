// A process's address space: its Sv32 page tables (frames from the page-table pool), its VMAs,
// and what the kernel knows of every page it ever touched (resident in a frame, in a swap slot,
// or still to be made from zeros or the program image). The kernel's truth: services never see
// or change it directly.

import type { PhysMemory } from '../hw/memory.js';
import type { ElfSegment } from '../hw/elf.js';
import { makePte, PTE_A, PTE_D, PTE_PPN_SHIFT, PTE_R, PTE_U, PTE_V, PTE_W, PTE_X } from '../hw/pte.js';
import type { FrameTable } from './frames.js';
import { PROT_EXEC, PROT_READ, PROT_WRITE, VmaList } from './vma.js';

/** What the kernel knows of one virtual page. */
export interface PageRec {
  /** User frame holding it, or -1. */
  frame: number;
  /** Swap slot holding a copy, or -1. */
  slot: number;
  /** True when the slot's copy equals the page (clean since it came back from swap). */
  slotValid: boolean;
  /** Dirtiness saved while the page is resident but its PTE is withdrawn (PROT_NONE). */
  heldDirty?: boolean;
}

export class AddressSpace {
  readonly asid: number;
  readonly root: number;
  readonly vmas = new VmaList();
  readonly pages = new Map<number, PageRec>();
  /** Level-0 tables by vpn[1]. */
  private readonly tables = new Map<number, number>();
  /** The program image, to rebuild clean pages of it. */
  readonly segments: readonly ElfSegment[];
  brkStart = 0;
  brk = 0;
  /** Next mmap goes below this page number. */
  mmapTop = 0;

  /**
   * A fresh, empty address space (only a root table).
   * Contract: throws when no page-table frame is left (the caller turns it into an error).
   */
  constructor(private readonly mem: PhysMemory, private readonly frames: FrameTable, asid: number, segments: readonly ElfSegment[]) {
    this.asid = asid;
    this.segments = segments;
    const root = frames.allocPt();
    if (root < 0) throw new RangeError('out of page-table frames');
    mem.fill(root, 4096, 0);
    this.root = root;
  }

  /** Physical address of the PTE of `vpn`, creating its level-0 table when `create`; -1 if absent. */
  pteAddr(vpn: number, create: boolean): number {
    const hi = vpn >>> 10;
    let table = this.tables.get(hi);
    if (table === undefined) {
      if (!create) return -1;
      table = this.frames.allocPt();
      if (table < 0) throw new RangeError('out of page-table frames');
      this.mem.fill(table, 4096, 0);
      this.tables.set(hi, table);
      this.mem.write32(this.root + 4 * hi, makePte(table >>> 12, PTE_V));
    }
    return table + 4 * (vpn & 0x3ff);
  }

  /** The PTE of `vpn` (0 when none). */
  getPte(vpn: number): number {
    const a = this.pteAddr(vpn, false);
    return a < 0 ? 0 : this.mem.read32(a);
  }

  /** Writes the PTE of `vpn`. */
  setPte(vpn: number, pte: number): void {
    this.mem.write32(this.pteAddr(vpn, true), pte);
  }

  /** Maps `vpn` to user frame `frame` with the rights of its VMA (A/D clear: hardware sets them). */
  map(vpn: number, frame: number, prot: number): void {
    this.setPte(vpn, makePte(this.frames.addr(frame) >>> 12, pteRights(prot)));
  }

  /**
   * Changes the rights of a resident page, keeping its A/D bits; PROT_NONE withdraws the PTE
   * (Sv32 has no valid leaf without rights) and keeps dirtiness in the page record.
   */
  reprotect(vpn: number, rec: PageRec, prot: number): void {
    const old = this.getPte(vpn);
    const keep = old & (PTE_A | PTE_D);
    if (old & PTE_D) rec.heldDirty = true;
    if ((prot & (PROT_READ | PROT_WRITE | PROT_EXEC)) === 0) { this.setPte(vpn, 0); return; }
    this.setPte(vpn, makePte(this.frames.addr(rec.frame) >>> 12, pteRights(prot)) | keep | (rec.heldDirty ? PTE_D : 0));
    rec.heldDirty = false;
  }

  /** The PTE rights for a protection; A and D may be preset for kernel-written pages. */
  static rights(prot: number, extra = 0): number { return pteRights(prot) | extra; }

  /** The physical address a resident `vpn` maps to, or -1. */
  physOf(vpn: number): number {
    const pte = this.getPte(vpn);
    return pte & PTE_V ? (pte >>> PTE_PPN_SHIFT) * 4096 : -1;
  }

  /** Sets A (and D when `dirty`) in a resident page's PTE (the kernel touched it). */
  touch(vpn: number, dirty: boolean): void {
    const a = this.pteAddr(vpn, false);
    if (a < 0) return;
    this.mem.write32(a, this.mem.read32(a) | PTE_A | (dirty ? PTE_D : 0));
  }

  /** Fills `dst` (4096 bytes) with page `vpn`'s initial content: the image's bytes, zeros elsewhere. */
  initialContent(vpn: number, dst: Uint8Array): void {
    dst.fill(0);
    const lo = vpn * 4096, hi = lo + 4096;
    for (const s of this.segments) {
      const a = Math.max(lo, s.vaddr), b = Math.min(hi, s.vaddr + s.filesz);
      if (a < b) dst.set(s.data.subarray(a - s.vaddr, b - s.vaddr), a - lo);
    }
  }

  /** Frees every page-table frame (process exit). */
  destroy(): void {
    for (const t of this.tables.values()) this.frames.releasePt(t);
    this.tables.clear();
    this.frames.releasePt(this.root);
  }
}

function pteRights(prot: number): number {
  let r = PTE_V | PTE_U;
  if (prot & PROT_READ) r |= PTE_R;
  if (prot & PROT_WRITE) r |= PTE_W | PTE_R; // W without R is reserved in Sv32
  if (prot & PROT_EXEC) r |= PTE_X;
  return r;
}
