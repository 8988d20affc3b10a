import { describe, expect, it } from 'vitest';
import { SwapDevice } from '../../../src/machine/kernel/swap.js';

const page = (v: number): Uint8Array => new Uint8Array(4096).fill(v);

describe('SwapDevice', () => {
  it('allocates slots lowest first and reuses freed ones lowest first', () => {
    const s = new SwapDevice();
    expect([s.alloc(), s.alloc(), s.alloc(), s.alloc()]).toEqual([0, 1, 2, 3]);
    s.free(2);
    s.free(0);
    s.free(3);
    expect(s.used).toBe(1);
    expect([s.alloc(), s.alloc(), s.alloc(), s.alloc()]).toEqual([0, 2, 3, 4]);
    expect(s.used).toBe(5);
  });

  it('reads a never-written slot as a zero page', () => {
    const s = new SwapDevice();
    const slot = s.alloc();
    const b = s.read(slot);
    expect(b.length).toBe(4096);
    expect(b.every((x) => x === 0)).toBe(true);
  });

  it('keeps a copy of what was written (later changes to the source do not leak in)', () => {
    const s = new SwapDevice();
    const slot = s.alloc();
    const src = page(0x5a);
    src[4095] = 7;
    s.write(slot, src);
    src.fill(0);
    const b = s.read(slot);
    expect(b[0]).toBe(0x5a);
    expect(b[4095]).toBe(7);
    expect(b.length).toBe(4096);
  });

  it('keeps slots apart', () => {
    const s = new SwapDevice();
    const a = s.alloc(), b = s.alloc();
    s.write(a, page(1));
    s.write(b, page(2));
    expect(s.read(a)[100]).toBe(1);
    expect(s.read(b)[100]).toBe(2);
  });

  it('forgets a freed slot: reallocated, it reads as zeros', () => {
    const s = new SwapDevice();
    const a = s.alloc();
    s.write(a, page(9));
    s.free(a);
    const again = s.alloc();
    expect(again).toBe(a);
    expect(s.read(again).every((x) => x === 0)).toBe(true);
  });

  it('counts reads and writes', () => {
    const s = new SwapDevice();
    const a = s.alloc();
    expect([s.reads, s.writes]).toEqual([0, 0]);
    s.write(a, page(1));
    s.write(a, page(2));
    s.read(a);
    s.read(s.alloc()); // unwritten reads count too
    expect([s.reads, s.writes]).toEqual([2, 2]);
  });
});
