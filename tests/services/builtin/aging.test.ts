import { describe, expect, it } from 'vitest';
import aging from '../../../src/services/builtin/aging.js';
import { simulate } from '../../../src/trace/simulate.js';
import { bitsOf, pg, victimOf } from '../../helpers/policy.js';

describe('aging', () => {
  it('shifts the A bit into an 8-bit counter at each scan and clears the bits it used', () => {
    const s = aging.init({ frames: 3 });
    for (const f of [0, 1, 2]) aging.onMap!(s, pg(f));
    expect(aging.onScan!(s, bitsOf([0, 1, 2], [0]))).toEqual({ clear: [0] });
    expect(aging.onScan!(s, bitsOf([0, 1, 2], [1]))).toEqual({ clear: [1] });
    expect([...s.age]).toEqual([[0, 0x40], [1, 0x80], [2, 0]]);
  });
  it('evicts the smallest age; among equal ages an unreferenced frame first', () => {
    const s = aging.init({ frames: 3 });
    for (const f of [0, 1, 2]) aging.onMap!(s, pg(f));
    aging.onScan!(s, bitsOf([0, 1, 2], [0]));
    aging.onScan!(s, bitsOf([0, 1, 2], [1]));
    expect(victimOf(aging.chooseVictim(s, bitsOf([0, 1, 2])))).toBe(2);
    expect(victimOf(aging.chooseVictim(s, bitsOf([0, 1, 2], [2])))).toBe(2); // age 0 still the smallest
    const t = aging.init({ frames: 3 });
    for (const f of [0, 1, 2]) aging.onMap!(t, pg(f));
    expect(victimOf(aging.chooseVictim(t, bitsOf([0, 1, 2], [0])))).toBe(1);
  });
  it('breaks ties by map order', () => {
    const s = aging.init({ frames: 3 });
    for (const f of [2, 0, 1]) aging.onMap!(s, pg(f));
    expect(victimOf(aging.chooseVictim(s, bitsOf([2, 0, 1])))).toBe(2);
    aging.onUnmap!(s, pg(2));
    expect(s.age.has(2)).toBe(false);
  });
  it('approximates LRU on the textbook string when scanning every reference', () => {
    // with a scan after each reference, aging orders pages by recency like LRU (12 faults)
    expect(simulate([7, 0, 1, 2, 0, 3, 0, 4, 2, 3, 0, 3, 2, 1, 2, 0, 1, 7, 0, 1], aging, 3, { scanInterval: 1 }).faults).toBe(12);
  });
});
