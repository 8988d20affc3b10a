import { describe, expect, it } from 'vitest';
import fifo from '../../../src/services/builtin/fifo.js';
import lru from '../../../src/services/builtin/lru.js';
import s3fifo from '../../../src/services/builtin/s3fifo.js';
import { simulate } from '../../../src/trace/simulate.js';
import { bitsOf, pg } from '../../helpers/policy.js';

const TEN = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

describe('s3fifo', () => {
  it('admits new pages to the small queue and evicts its unreused head first', () => {
    const s = s3fifo.init({ frames: 10 });
    for (const f of TEN) s3fifo.onMap!(s, pg(f));
    expect(s.small).toEqual(TEN);
    expect(s3fifo.chooseVictim(s, bitsOf(TEN))).toEqual({ victim: 0, clear: [] });
    expect(s.small).toEqual(TEN); // the victim stays queued until the kernel unmaps it
  });
  it('harvests referenced bits into a frequency, and promotes a page used again to main', () => {
    const s = s3fifo.init({ frames: 10 });
    for (const f of TEN) s3fifo.onMap!(s, pg(f));
    // the first A bit is the faulting access itself: frequency 1, still a one-hit page
    expect(s3fifo.chooseVictim(s, bitsOf(TEN, [0]))).toEqual({ victim: 0, clear: [0] });
    // used again: frequency 2 → moves to main (frequency reset), the next small page goes
    expect(s3fifo.chooseVictim(s, bitsOf(TEN, [0]))).toEqual({ victim: 1, clear: [0] });
    expect(s.main).toEqual([0]);
    expect(s.freq.get(0)).toBe(0);
  });
  it('remembers pages evicted from small in the ghost list; a ghost faulting back goes to main', () => {
    const s = s3fifo.init({ frames: 10 });
    for (const f of TEN) s3fifo.onMap!(s, pg(f));
    s3fifo.onUnmap!(s, pg(1));
    expect([...s.ghost]).toEqual([101]);
    s3fifo.onMap!(s, pg(1, 101));
    expect(s.main).toEqual([1]);
    expect(s.ghost.size).toBe(0);
    s3fifo.onMap!(s, pg(10, 555)); // not a ghost: small
    expect(s.small.at(-1)).toBe(10);
  });
  it('reinserts main pages with frequency > 0, one less each time', () => {
    const s = s3fifo.init({ frames: 2 });
    s.main.push(0, 1);
    s.freq.set(0, 2).set(1, 0);
    expect(s3fifo.chooseVictim(s, bitsOf([0, 1]))).toEqual({ victim: 1, clear: [] });
    expect(s.main).toEqual([1, 0]);
    expect(s.freq.get(0)).toBe(1);
  });
  it('bounds the ghost list', () => {
    const s = s3fifo.init({ frames: 3 });
    for (let v = 0; v < 20; v++) { s3fifo.onMap!(s, pg(0, v)); s3fifo.onUnmap!(s, pg(0, v)); }
    expect([...s.ghost]).toEqual([17, 18, 19]);
  });
  it('is scan-resistant: a one-pass sweep does not flush the hot pages', () => {
    const refs: number[] = [];
    for (let k = 0; k < 400; k++) refs.push(k % 4, 1000 + k); // 4 hot pages, 400 pages used once
    const s3 = simulate(refs, s3fifo, 10, { scanInterval: 16 });
    expect(s3.fallbacks).toBe(0);
    expect(s3.faults).toBeLessThanOrEqual(400 + 4 * 2); // every sweep page once, each hot page at most twice
    expect(simulate(refs, fifo, 10).faults).toBeGreaterThan(s3.faults + 50);
    expect(simulate(refs, lru, 10).faults).toBe(404);
  });
});
