import { describe, expect, it } from 'vitest';
import opt from '../../../src/services/builtin/opt.js';
import { simulate } from '../../../src/trace/simulate.js';
import { bitsOf, pg, victimOf } from '../../helpers/policy.js';

describe('opt', () => {
  it('needs the future and every reference (trace only)', () => {
    expect(opt.needs).toEqual({ future: true, references: true });
  });
  it('evicts the page whose next use is farthest, never-used-again first in map order', () => {
    const refs = [1, 2, 3, 4, 2, 1, 3];
    const s = opt.init({ frames: 3, references: refs });
    opt.onMap!(s, pg(0, 1)); opt.onMap!(s, pg(1, 2)); opt.onMap!(s, pg(2, 3));
    // at 4 (position 3): next uses 1 → 5, 2 → 4, 3 → 6: evict page 3 (frame 2)
    expect(victimOf(opt.chooseVictim(s, bitsOf([0, 1, 2])))).toBe(2);
    const t = opt.init({ frames: 2, references: [5, 6, 7] });
    opt.onMap!(t, pg(0, 5)); opt.onMap!(t, pg(1, 6));
    expect(victimOf(opt.chooseVictim(t, bitsOf([0, 1])))).toBe(0);
  });
  it('gives 7 and 6 faults on 1,2,3,4,1,2,5,1,2,3,4,5 with 3 and 4 frames', () => {
    const refs = [1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5];
    expect(simulate(refs, opt, 3).faults).toBe(7);
    expect(simulate(refs, opt, 4).faults).toBe(6);
  });
  it('gives 9 faults on the textbook string with 3 frames', () => {
    expect(simulate([7, 0, 1, 2, 0, 3, 0, 4, 2, 3, 0, 3, 2, 1, 2, 0, 1, 7, 0, 1], opt, 3).faults).toBe(9);
  });
});
