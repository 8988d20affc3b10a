import { describe, expect, it } from 'vitest';
import { FRAME_BALLOONED, FRAME_FREE, FrameTable } from '../../../src/machine/kernel/frames.js';

const PT_BASE = 0x8000_0000;
const USER_BASE = PT_BASE + 16 * 4096;
const table = (total = 4, pt = 16): FrameTable => new FrameTable(total, USER_BASE, pt, PT_BASE);

describe('FrameTable: user frames', () => {
  it('allocates the lowest free frame first and records owner and page', () => {
    const ft = table(4);
    expect(ft.freeCount).toBe(4);
    expect([ft.alloc(1, 10), ft.alloc(1, 11), ft.alloc(2, 12), ft.alloc(2, 13)]).toEqual([0, 1, 2, 3]);
    expect(Array.from(ft.owner)).toEqual([1, 1, 2, 2]);
    expect(Array.from(ft.vpn)).toEqual([10, 11, 12, 13]);
    expect(ft.freeCount).toBe(0);
    expect(ft.alloc(1, 14)).toBe(-1);
  });

  it('gives frame addresses after the page-table pool', () => {
    const ft = table(4);
    expect(ft.addr(0)).toBe(USER_BASE);
    expect(ft.addr(3)).toBe(USER_BASE + 3 * 4096);
  });

  it('reuses released frames lowest first, whatever the release order', () => {
    const ft = table(6);
    for (let i = 0; i < 6; i++) ft.alloc(1, 100 + i);
    ft.release(4);
    ft.release(1);
    ft.release(3);
    expect(ft.owner[1]).toBe(FRAME_FREE);
    expect(ft.vpn[1]).toBe(-1);
    expect(ft.freeCount).toBe(3);
    expect([ft.alloc(2, 1), ft.alloc(2, 2), ft.alloc(2, 3), ft.alloc(2, 4)]).toEqual([1, 3, 4, -1]);
  });

  it('treats releasing a frame that is not owned as a kernel bug', () => {
    const ft = table(4);
    expect(() => ft.release(0)).toThrow(/kernel bug/);
    ft.alloc(1, 5);
    ft.release(0);
    expect(() => ft.release(0)).toThrow(/not owned/); // double release
    expect(ft.freeCount).toBe(4); // the failed releases did not add duplicates
    expect([ft.alloc(1, 1), ft.alloc(1, 2), ft.alloc(1, 3), ft.alloc(1, 4), ft.alloc(1, 5)]).toEqual([0, 1, 2, 3, -1]);
  });
});

describe('FrameTable: page-table pool', () => {
  it('is separate from user frames and counted on its own', () => {
    const ft = table(2, 3);
    const a = ft.allocPt(), b = ft.allocPt(), c = ft.allocPt();
    expect([a, b, c]).toEqual([PT_BASE, PT_BASE + 4096, PT_BASE + 8192]);
    expect(ft.allocPt()).toBe(-1);
    expect(ft.ptUsed).toBe(3);
    expect(ft.freeCount).toBe(2); // user frames untouched
    expect(Array.from(ft.owner)).toEqual([0, 0]);
    for (const pa of [a, b, c]) expect(pa < ft.userBase).toBe(true);
    ft.releasePt(b);
    expect(ft.ptUsed).toBe(2);
    expect(ft.allocPt()).toBe(b);
    // exhausting user frames does not touch the pool either
    ft.alloc(1, 0); ft.alloc(1, 1);
    expect(ft.ptUsed).toBe(3);
  });
});

describe('FrameTable: balloon', () => {
  it('takes only free frames, which allocation then skips', () => {
    const ft = table(4);
    ft.alloc(1, 7); // frame 0
    expect(ft.balloon(0)).toBe(false); // owned
    expect(ft.balloon(1)).toBe(true);
    expect(ft.balloon(1)).toBe(false); // already ballooned
    expect(ft.owner[1]).toBe(FRAME_BALLOONED);
    expect(ft.freeCount).toBe(2);
    expect([ft.alloc(1, 8), ft.alloc(1, 9), ft.alloc(1, 10)]).toEqual([2, 3, -1]);
  });

  it('gives frames back on deflate, lowest first again', () => {
    const ft = table(4);
    ft.balloon(0);
    ft.balloon(2);
    expect(ft.alloc(1, 1)).toBe(1);
    ft.unballoon(2);
    ft.unballoon(0);
    expect(ft.owner[0]).toBe(FRAME_FREE);
    expect([ft.alloc(1, 2), ft.alloc(1, 3), ft.alloc(1, 4), ft.alloc(1, 5)]).toEqual([0, 2, 3, -1]);
  });

  it('ignores deflating a frame that is not ballooned, and a ballooned frame cannot be released', () => {
    const ft = table(3);
    ft.alloc(1, 1);
    ft.unballoon(0); // owned: no change
    ft.unballoon(1); // free: no duplicate
    expect(ft.owner[0]).toBe(1);
    expect(ft.freeCount).toBe(2);
    ft.balloon(2);
    expect(() => ft.release(2)).toThrow(/kernel bug/);
  });
});
