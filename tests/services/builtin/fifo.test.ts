import { describe, expect, it } from 'vitest';
import fifo from '../../../src/services/builtin/fifo.js';
import { simulate } from '../../../src/trace/simulate.js';
import { bitsOf, pg, victimOf } from '../../helpers/policy.js';

describe('fifo', () => {
  it('evicts in the order pages were mapped, whatever their use', () => {
    const s = fifo.init({ frames: 3 });
    for (const f of [2, 0, 1]) fifo.onMap!(s, pg(f));
    expect(victimOf(fifo.chooseVictim(s, bitsOf([2, 0, 1], [2, 0, 1])))).toBe(2);
    fifo.onUnmap!(s, pg(2));
    fifo.onMap!(s, pg(2, 555));
    expect(victimOf(fifo.chooseVictim(s, bitsOf([0, 1, 2])))).toBe(0);
  });
  it("shows Belady's anomaly on 1,2,3,4,1,2,5,1,2,3,4,5", () => {
    const refs = [1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5];
    expect(simulate(refs, fifo, 3).faults).toBe(9);
    expect(simulate(refs, fifo, 4).faults).toBe(10);
  });
  it('gives 15 faults on the textbook string with 3 frames', () => {
    expect(simulate([7, 0, 1, 2, 0, 3, 0, 4, 2, 3, 0, 3, 2, 1, 2, 0, 1, 7, 0, 1], fifo, 3).faults).toBe(15);
  });
});
