import { describe, expect, it } from 'vitest';
import lru from '../../../src/services/builtin/lru.js';
import { simulate } from '../../../src/trace/simulate.js';
import { bitsOf, pg, victimOf } from '../../helpers/policy.js';

describe('lru', () => {
  it('needs every reference (trace only)', () => {
    expect(lru.needs).toEqual({ references: true });
  });
  it('evicts the least recently used page', () => {
    const s = lru.init({ frames: 3 });
    for (const f of [0, 1, 2]) lru.onMap!(s, pg(f));
    lru.onAccess!(s, pg(0));
    expect(victimOf(lru.chooseVictim(s, bitsOf([0, 1, 2])))).toBe(1);
    lru.onAccess!(s, pg(1));
    expect(victimOf(lru.chooseVictim(s, bitsOf([0, 1, 2])))).toBe(2);
  });
  it('gives 10 and 8 faults on 1,2,3,4,1,2,5,1,2,3,4,5 with 3 and 4 frames', () => {
    const refs = [1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5];
    expect(simulate(refs, lru, 3).faults).toBe(10);
    expect(simulate(refs, lru, 4).faults).toBe(8);
  });
  it('gives 12 faults on the textbook string with 3 frames', () => {
    expect(simulate([7, 0, 1, 2, 0, 3, 0, 4, 2, 3, 0, 3, 2, 1, 2, 0, 1, 7, 0, 1], lru, 3).faults).toBe(12);
  });
});
