import { describe, expect, it } from 'vitest';
import clock from '../../../src/services/builtin/clock.js';
import fifo from '../../../src/services/builtin/fifo.js';
import { simulate } from '../../../src/trace/simulate.js';
import { bitsOf, pg } from '../../helpers/policy.js';

describe('clock', () => {
  it('gives referenced frames a second chance and asks to clear their bits', () => {
    const s = clock.init({ frames: 4 });
    for (const f of [0, 1, 2, 3]) clock.onMap!(s, pg(f));
    expect(clock.chooseVictim(s, bitsOf([0, 1, 2, 3], [0, 1]))).toEqual({ victim: 2, clear: [0, 1] });
  });
  it('when every bit is set, sweeps a full circle and evicts the frame under the hand', () => {
    const s = clock.init({ frames: 3 });
    for (const f of [0, 1, 2]) clock.onMap!(s, pg(f));
    expect(clock.chooseVictim(s, bitsOf([0, 1, 2], [0, 1, 2]))).toEqual({ victim: 0, clear: [1, 2] });
  });
  it('puts a new page behind the hand: the hand moves on from the replaced slot', () => {
    const s = clock.init({ frames: 3 });
    for (const f of [0, 1, 2]) clock.onMap!(s, pg(f));
    clock.chooseVictim(s, bitsOf([0, 1, 2], [0]));   // passes 0, evicts 1
    clock.onUnmap!(s, pg(1));
    clock.onMap!(s, pg(1, 999));
    // hand is now at frame 2; 2 unreferenced → victim, though 0 was mapped earlier
    expect(clock.chooseVictim(s, bitsOf([0, 2, 1]))).toEqual({ victim: 2, clear: [] });
  });
  it('beats FIFO where a re-referenced page would be evicted (hand-computed: 5 vs 6 faults)', () => {
    // 1 2 3 | 4 evicts 1 (all bits set: full sweep) | 2 hits | 5: 2 is referenced → evict 3 | 2 hits
    const refs = [1, 2, 3, 4, 2, 5, 2];
    expect(simulate(refs, clock, 3).faults).toBe(5);
    expect(simulate(refs, fifo, 3).faults).toBe(6);
  });
});
