// The kernel's seeded generator: xorshift32 from (seed ^ 0x9e3779b9), so a seed fully determines
// the stream; seeds that would give the all-zero state are remapped instead of sticking at 0.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/machine/kernel/rng.js';
import { prng } from '../../helpers/run-program.js';

const take = (r: Rng, n: number): number[] => Array.from({ length: n }, () => r.next());

describe('Rng', () => {
  it('is xorshift32 (13, 17, 5) started from seed ^ 0x9e3779b9', () => {
    for (const seed of [1, 42, 0x1234_5678, 0x7fff_ffff]) {
      const ref = prng((seed ^ 0x9e3779b9) >>> 0); // the test helper's independent xorshift32
      expect(take(new Rng(seed), 50), `seed ${seed}`).toEqual(Array.from({ length: 50 }, ref));
    }
  });

  it('gives the same stream for the same seed and different streams for different seeds', () => {
    expect(take(new Rng(7), 100)).toEqual(take(new Rng(7), 100));
    expect(take(new Rng(7), 4)).not.toEqual(take(new Rng(8), 4));
    expect(take(new Rng(0), 4)).not.toEqual(take(new Rng(1), 4));
  });

  it('returns unsigned 32-bit integers that are never 0', () => {
    const r = new Rng(3);
    for (let i = 0; i < 10_000; i++) {
      const v = r.next();
      expect(Number.isInteger(v) && v > 0 && v <= 0xffff_ffff).toBe(true);
    }
  });

  it('accepts seed 0 (a usable, nonzero stream)', () => {
    const v = take(new Rng(0), 8);
    expect(v.every((x) => x !== 0)).toBe(true);
    expect(new Set(v).size).toBe(8);
  });

  it('remaps the one seed that would make the state zero, instead of returning zeros forever', () => {
    for (const seed of [0x9e3779b9, 0x9e3779b9 | 0]) { // unsigned and signed spellings
      const v = take(new Rng(seed), 8);
      expect(v.every((x) => x !== 0), `seed ${seed}`).toBe(true);
      expect(new Set(v).size).toBe(8);
      expect(v).toEqual(Array.from({ length: 8 }, prng(0x1234_5678)));
    }
  });

  it('treats seeds as 32-bit integers: seeds equal mod 2^32 give the same stream', () => {
    expect(take(new Rng(-1), 10)).toEqual(take(new Rng(0xffff_ffff), 10));
    expect(take(new Rng(5 + 2 ** 32), 10)).toEqual(take(new Rng(5), 10));
  });

  it('keeps state per instance: interleaving two generators does not change either stream', () => {
    const a = new Rng(9), b = new Rng(9);
    const fromA: number[] = [];
    for (let i = 0; i < 20; i++) { fromA.push(a.next()); b.next(); b.next(); }
    expect(fromA).toEqual(take(new Rng(9), 20));
  });
});
