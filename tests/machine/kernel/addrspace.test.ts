import { describe, expect, it } from 'vitest';
import type { ElfSegment } from '../../../src/machine/hw/elf.js';
import { PhysMemory } from '../../../src/machine/hw/memory.js';
import { ACC_FETCH, ACC_LOAD, ACC_STORE, walkSv32, WALK_PAGE_FAULT } from '../../../src/machine/hw/mmu.js';
import { makeSatp, PTE_A, PTE_D, PTE_R, PTE_U, PTE_V, PTE_W, PTE_X } from '../../../src/machine/hw/pte.js';
import { PRV_U } from '../../../src/machine/hw/trap.js';
import { AddressSpace, type PageRec } from '../../../src/machine/kernel/addrspace.js';
import { FrameTable } from '../../../src/machine/kernel/frames.js';
import { PROT_EXEC, PROT_READ, PROT_WRITE } from '../../../src/machine/kernel/vma.js';

const BASE = 0x8000_0000;
const PT = 8, USER = 8;

function setup(segments: ElfSegment[] = []): { mem: PhysMemory; ft: FrameTable; as: AddressSpace } {
  const mem = new PhysMemory(BASE, (PT + USER) * 4096);
  mem.fill(BASE, (PT + USER) * 4096, 0xee); // garbage: the kernel must zero what it uses
  const ft = new FrameTable(USER, BASE + PT * 4096, PT, BASE);
  return { mem, ft, as: new AddressSpace(mem, ft, 5, segments) };
}

const walk = (mem: PhysMemory, as: AddressSpace, va: number, kind: 0 | 1 | 2): number =>
  walkSv32(mem, makeSatp(as.root >>> 12, as.asid), va, kind, PRV_U, false, false, { pte: 0, level: 0, pteAddr: 0 });

const seg = (vaddr: number, data: number[], memsz = data.length, flags = { r: true, w: true, x: false }): ElfSegment =>
  ({ vaddr, memsz, filesz: data.length, offset: 0, flags, data: Uint8Array.from(data) });

describe('AddressSpace page tables', () => {
  it('starts with a zeroed root from the page-table pool and no level-0 tables', () => {
    const { mem, ft, as } = setup();
    expect(ft.ptUsed).toBe(1);
    expect(as.root >= ft.ptBase && as.root < ft.userBase).toBe(true);
    expect(mem.readBytes(as.root, 4096).every((b) => b === 0)).toBe(true);
    expect(as.pteAddr(0x10, false)).toBe(-1);
    expect(as.getPte(0x10)).toBe(0);
    expect(as.physOf(0x10)).toBe(-1);
  });

  it('creates PTEs in page-table frames that the hardware walk follows', () => {
    const { mem, ft, as } = setup();
    const f = ft.alloc(5, 0x10);
    as.map(0x10, f, PROT_READ | PROT_WRITE);
    expect(ft.ptUsed).toBe(2); // root + one level-0 table
    const a = as.pteAddr(0x10, false);
    expect(a >= ft.ptBase && a < ft.userBase).toBe(true);
    const pte = mem.read32(a) >>> 0;
    expect(pte & (PTE_V | PTE_U | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)).toBe(PTE_V | PTE_U | PTE_R | PTE_W);
    expect(as.physOf(0x10)).toBe(ft.addr(f));
    // the root entry points at the level-0 table holding the PTE
    const rootPte = mem.read32(as.root) >>> 0;
    expect(rootPte & 0xff).toBe(PTE_V);
    expect((rootPte >>> 10) * 4096).toBe((a & ~0xfff) >>> 0);
    // the new level-0 table was zeroed (the pool held garbage)
    expect(mem.read32(((a & ~0xfff) >>> 0) + 4 * 0x11)).toBe(0);
    expect(walk(mem, as, 0x10abc, ACC_LOAD)).toBe(ft.addr(f) + 0xabc);
    expect(walk(mem, as, 0x11000, ACC_LOAD)).toBe(WALK_PAGE_FAULT);
    expect(walk(mem, as, 0x10000, ACC_FETCH)).toBe(WALK_PAGE_FAULT); // no X
  });

  it('shares a level-0 table within a 4 MiB region and adds one per region', () => {
    const { ft, as } = setup();
    as.map(0x10, ft.alloc(5, 0x10), PROT_READ);
    as.map(0x3ff, ft.alloc(5, 0x3ff), PROT_READ);
    expect(ft.ptUsed).toBe(2);
    as.map(0x400, ft.alloc(5, 0x400), PROT_READ);
    as.map(0xbfffe, ft.alloc(5, 0xbfffe), PROT_READ);
    expect(ft.ptUsed).toBe(4);
  });

  it('maps rights from the protection (W implies R, X alone allowed)', () => {
    const { mem, ft, as } = setup();
    as.map(1, ft.alloc(5, 1), PROT_WRITE);
    as.map(2, ft.alloc(5, 2), PROT_EXEC);
    as.map(3, ft.alloc(5, 3), PROT_READ | PROT_EXEC);
    expect(as.getPte(1) & (PTE_R | PTE_W | PTE_X)).toBe(PTE_R | PTE_W);
    expect(as.getPte(2) & (PTE_R | PTE_W | PTE_X)).toBe(PTE_X);
    expect(as.getPte(3) & (PTE_R | PTE_W | PTE_X)).toBe(PTE_R | PTE_X);
    expect(walk(mem, as, 0x2000, ACC_FETCH)).toBe(ft.addr(1));
    expect(walk(mem, as, 0x2000, ACC_LOAD)).toBe(WALK_PAGE_FAULT);
  });

  it('reprotect changes rights and keeps A and D', () => {
    const { mem, ft, as } = setup();
    const f = ft.alloc(5, 7);
    as.map(7, f, PROT_READ | PROT_WRITE);
    expect(walk(mem, as, 0x7000, ACC_STORE)).toBe(ft.addr(f)); // hardware sets A and D
    expect(as.getPte(7) & (PTE_A | PTE_D)).toBe(PTE_A | PTE_D);
    const rec: PageRec = { frame: f, slot: -1, slotValid: false };
    as.reprotect(7, rec, PROT_READ);
    const pte = as.getPte(7);
    expect(pte & (PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)).toBe(PTE_V | PTE_R | PTE_A | PTE_D);
    expect(as.physOf(7)).toBe(ft.addr(f));
    expect(walk(mem, as, 0x7000, ACC_STORE)).toBe(WALK_PAGE_FAULT);
  });

  it('PROT_NONE withdraws the PTE and keeps the dirtiness for when rights come back', () => {
    const { mem, ft, as } = setup();
    const f = ft.alloc(5, 7);
    as.map(7, f, PROT_READ | PROT_WRITE);
    walk(mem, as, 0x7000, ACC_STORE);
    const rec: PageRec = { frame: f, slot: -1, slotValid: false };
    as.reprotect(7, rec, 0);
    expect(as.getPte(7)).toBe(0);
    expect(as.physOf(7)).toBe(-1);
    expect(rec.heldDirty).toBe(true);
    expect(walk(mem, as, 0x7000, ACC_LOAD)).toBe(WALK_PAGE_FAULT);
    as.reprotect(7, rec, PROT_READ | PROT_WRITE);
    expect(as.getPte(7) & (PTE_V | PTE_W | PTE_D)).toBe(PTE_V | PTE_W | PTE_D);
    expect(rec.heldDirty).toBe(false);
    expect(as.physOf(7)).toBe(ft.addr(f));
  });

  it('PROT_NONE on a clean page holds no dirtiness', () => {
    const { mem, ft, as } = setup();
    const f = ft.alloc(5, 7);
    as.map(7, f, PROT_READ | PROT_WRITE);
    walk(mem, as, 0x7000, ACC_LOAD);
    const rec: PageRec = { frame: f, slot: -1, slotValid: false };
    as.reprotect(7, rec, 0);
    expect(rec.heldDirty ?? false).toBe(false);
    as.reprotect(7, rec, PROT_READ);
    expect(as.getPte(7) & PTE_D).toBe(0);
  });

  it('touch sets A, and D when writing', () => {
    const { ft, as } = setup();
    as.map(9, ft.alloc(5, 9), PROT_READ | PROT_WRITE);
    as.touch(9, false);
    expect(as.getPte(9) & (PTE_A | PTE_D)).toBe(PTE_A);
    as.touch(9, true);
    expect(as.getPte(9) & (PTE_A | PTE_D)).toBe(PTE_A | PTE_D);
    as.touch(0x12345, true); // no table: nothing happens, nothing is created
    expect(as.pteAddr(0x12345, false)).toBe(-1);
  });

  it('destroy returns every page-table frame to the pool', () => {
    const { ft, as } = setup();
    for (const vpn of [0x10, 0x400, 0x800, 0xbfffe]) as.map(vpn, ft.alloc(5, vpn), PROT_READ);
    expect(ft.ptUsed).toBe(5);
    as.destroy();
    expect(ft.ptUsed).toBe(0);
    // all eight pool frames can be taken again
    const got = new Set<number>();
    for (let i = 0; i < PT; i++) got.add(ft.allocPt());
    expect(got.has(-1)).toBe(false);
    expect(got.size).toBe(PT);
  });

  it('throws a RangeError when the page-table pool is exhausted', () => {
    const { ft, as } = setup();
    for (let r = 0; r < PT - 1; r++) as.map(r << 10, ft.alloc(5, r << 10), PROT_READ);
    expect(ft.ptUsed).toBe(PT);
    expect(() => as.pteAddr(PT << 10, true)).toThrow(RangeError);
  });
});

describe('AddressSpace.initialContent', () => {
  const dst = (): Uint8Array => new Uint8Array(4096).fill(0xcc); // garbage to overwrite

  it('copies the image bytes of an unaligned segment and zeroes the rest (bss included)', () => {
    const data = Array.from({ length: 48 }, (_, i) => i + 1);
    // starts 16 bytes before a page end, file bytes run 32 bytes into the next page, bss to 0x12ff0
    const { as } = setup([seg(0x10ff0, data, 0x2000)]);
    const p10 = dst();
    as.initialContent(0x10, p10);
    expect(p10.subarray(0, 0xff0).every((b) => b === 0)).toBe(true);
    expect(Array.from(p10.subarray(0xff0))).toEqual(data.slice(0, 16));
    const p11 = dst();
    as.initialContent(0x11, p11);
    expect(Array.from(p11.subarray(0, 32))).toEqual(data.slice(16));
    expect(p11.subarray(32).every((b) => b === 0)).toBe(true);
    const p12 = dst(); // bss only
    as.initialContent(0x12, p12);
    expect(p12.every((b) => b === 0)).toBe(true);
    const far = dst(); // outside every segment
    as.initialContent(0x99, far);
    expect(far.every((b) => b === 0)).toBe(true);
  });

  it('combines two segments that share a page', () => {
    const text = [1, 2, 3, 4, 5, 6, 7, 8];
    const data = [0xa0, 0xa1, 0xa2];
    const { as } = setup([seg(0x10000, text, 8, { r: true, w: false, x: true }), seg(0x10801, data, 0x100)]);
    const p = dst();
    as.initialContent(0x10, p);
    expect(Array.from(p.subarray(0, 8))).toEqual(text);
    expect(p.subarray(8, 0x801).every((b) => b === 0)).toBe(true);
    expect(Array.from(p.subarray(0x801, 0x804))).toEqual(data);
    expect(p.subarray(0x804).every((b) => b === 0)).toBe(true);
  });

  it('handles a segment ending exactly on a page boundary and one spanning several pages', () => {
    const big = Array.from({ length: 3 * 4096 }, (_, i) => (i * 7 + 3) & 0xff);
    const { as } = setup([seg(0x20000, big)]);
    for (let pg = 0; pg < 3; pg++) {
      const p = dst();
      as.initialContent(0x20 + pg, p);
      expect(Array.from(p)).toEqual(big.slice(pg * 4096, (pg + 1) * 4096));
    }
    const after = dst();
    as.initialContent(0x23, after);
    expect(after.every((b) => b === 0)).toBe(true);
  });
});
