// Test helper: a small seeded PRNG (mulberry32) so property tests are reproducible.

/** Returns a function giving uniform floats in [0, 1) from `seed`. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random reference string of `n` pages drawn from 0..pages-1, with some locality. */
export function randomRefs(seed: number, n: number, pages: number): number[] {
  const r = rng(seed);
  const out: number[] = [];
  let cur = 0;
  for (let i = 0; i < n; i++) {
    const x = r();
    cur = x < 0.5 ? cur : x < 0.75 ? (cur + 1) % pages : Math.floor(r() * pages);
    out.push(cur);
  }
  return out;
}
