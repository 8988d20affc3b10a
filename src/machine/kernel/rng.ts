// The kernel's seeded pseudo-random generator (getrandom, AT_RANDOM): xorshift32, so a seed
// fully determines every "random" byte a guest sees.

export class Rng {
  private s: number;
  /** A generator for `seed` (any integer; 0 is remapped, xorshift needs a nonzero state). */
  constructor(seed: number) {
    this.s = (seed ^ 0x9e3779b9) >>> 0 || 0x12345678;
  }
  /** Next 32-bit unsigned value. */
  next(): number {
    let s = this.s;
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    this.s = s;
    return s;
  }
}
