// Synthesized reference strings for labs: loops, uniform and Zipf-skewed random references,
// sequential scans, and their concatenation or seeded interleaving. Everything is a pure function
// of its parameters (a seeded generator, never Math.random), so a lab's traces are the same on
// every machine and in every run.

/** A generator as written in lab.json (see schema.ts). */
export type Generator =
  /** pages base..base+pages-1 in order, `passes` times. */
  | { kind: 'loop'; pages: number; passes: number; base?: number | undefined }
  /** `length` references drawn uniformly from base..base+pages-1. */
  | { kind: 'uniform'; pages: number; length: number; seed: number; base?: number | undefined }
  /** `length` references with Zipf(s) popularity (default s = 1) over `pages` pages scattered by a seeded shuffle. */
  | { kind: 'zipf'; pages: number; length: number; seed: number; s?: number | undefined; base?: number | undefined }
  /** The parts one after the other. */
  | { kind: 'concat'; parts: Generator[] }
  /** The parts merged: each step takes the next reference of a part chosen with probability proportional to what it has left. */
  | { kind: 'interleave'; parts: Generator[]; seed: number };

/** xorshift32 behind a splitmix-style seed mixer: small, fast and the same everywhere. */
export class Prng {
  private x: number;
  /** A generator seeded with `seed` (any integer; 0 is fine). */
  constructor(seed: number) {
    let z = (seed + 0x9e3779b9) | 0;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    this.x = (z ^ (z >>> 16)) | 0 || 0x2545f491;
  }
  /** The next 32-bit unsigned value. */
  next(): number {
    let x = this.x;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.x = x;
    return x >>> 0;
  }
  /** An integer in [0, n). */
  below(n: number): number { return Math.floor((this.next() / 0x1_0000_0000) * n); }
}

function zipf(g: Extract<Generator, { kind: 'zipf' }>): number[] {
  const rng = new Prng(g.seed);
  const s = g.s ?? 1;
  const cdf: number[] = [];
  let total = 0;
  for (let k = 0; k < g.pages; k++) { total += 1 / Math.pow(k + 1, s); cdf.push(total); }
  const where = Array.from({ length: g.pages }, (_, i) => i); // rank → page, shuffled
  for (let i = g.pages - 1; i > 0; i--) { const j = rng.below(i + 1); [where[i], where[j]] = [where[j]!, where[i]!]; }
  const out: number[] = [];
  for (let i = 0; i < g.length; i++) {
    const u = (rng.next() / 0x1_0000_0000) * total;
    let lo = 0, hi = g.pages - 1;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (cdf[mid]! > u) hi = mid; else lo = mid + 1; }
    out.push((g.base ?? 0) + where[lo]!);
  }
  return out;
}

function interleave(parts: number[][], seed: number): number[] {
  const rng = new Prng(seed);
  const at = parts.map(() => 0);
  let left = parts.reduce((a, p) => a + p.length, 0);
  const out: number[] = [];
  while (left > 0) {
    let pick = rng.below(left);
    let i = 0;
    while (pick >= parts[i]!.length - at[i]!) { pick -= parts[i]!.length - at[i]!; i++; }
    out.push(parts[i]![at[i]!++]!);
    left--;
  }
  return out;
}

/** The reference string of `g`. Contract: deterministic; the caller validated sizes (schema.ts). */
export function generate(g: Generator): number[] {
  switch (g.kind) {
    case 'loop': {
      const out: number[] = [];
      for (let p = 0; p < g.passes; p++) for (let i = 0; i < g.pages; i++) out.push((g.base ?? 0) + i);
      return out;
    }
    case 'uniform': {
      const rng = new Prng(g.seed);
      return Array.from({ length: g.length }, () => (g.base ?? 0) + rng.below(g.pages));
    }
    case 'zipf': return zipf(g);
    case 'concat': return g.parts.flatMap(generate);
    case 'interleave': return interleave(g.parts.map(generate), g.seed);
  }
}
