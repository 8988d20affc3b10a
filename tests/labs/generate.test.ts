// Seeded trace generators: deterministic, the right shapes; lab 01's reference.txt is the
// generator's output it claims to be.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findLab } from '../../src/labs/discover.js';
import { generate } from '../../src/labs/generate.js';
import { parseTrace } from '../../src/trace/parse.js';

describe('generate', () => {
  it('loops repeat pages base..base+pages-1 in order', () => {
    expect(generate({ kind: 'loop', pages: 3, passes: 2, base: 10 })).toEqual([10, 11, 12, 10, 11, 12]);
  });

  it('uniform and zipf are seeded: same seed same string, another seed another', () => {
    const u = (seed: number) => generate({ kind: 'uniform', pages: 50, length: 200, seed });
    expect(u(1)).toEqual(u(1));
    expect(u(1)).not.toEqual(u(2));
    expect(Math.min(...u(3))).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u(3))).toBeLessThan(50);
    const z = generate({ kind: 'zipf', pages: 100, length: 5000, seed: 4, base: 1000 });
    const counts = new Map<number, number>();
    for (const p of z) counts.set(p, (counts.get(p) ?? 0) + 1);
    const top = Math.max(...counts.values());
    expect(top / z.length).toBeGreaterThan(0.1); // the most popular page gets ~1/H(100) ≈ 19%
    expect(Math.min(...z)).toBeGreaterThanOrEqual(1000);
  });

  it('concat and interleave keep every part, interleave keeps each part in order', () => {
    const a = { kind: 'loop', pages: 5, passes: 1 } as const;
    const b = { kind: 'loop', pages: 5, passes: 1, base: 100 } as const;
    expect(generate({ kind: 'concat', parts: [a, b] })).toEqual([0, 1, 2, 3, 4, 100, 101, 102, 103, 104]);
    const mixed = generate({ kind: 'interleave', parts: [a, b], seed: 7 });
    expect(mixed).toHaveLength(10);
    expect(mixed.filter((p) => p < 100)).toEqual([0, 1, 2, 3, 4]);
    expect(mixed.filter((p) => p >= 100)).toEqual([100, 101, 102, 103, 104]);
  });

  it("lab 01's reference.txt is the string its lab.json generates", () => {
    const found = findLab('01');
    if (!found.ok) throw new Error('lab 01');
    const w = found.lab.config.workloads.reference!;
    if (w.mode !== 'trace' || !w.trace.generate) throw new Error('lab 01 generates its trace');
    const file = parseTrace(readFileSync(path.join(found.lab.dir, 'reference.txt'), 'utf8'));
    expect(file.ok && file.trace.pages).toEqual(generate(w.trace.generate));
  });
});
