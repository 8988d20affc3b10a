// Trace runs of a lab: where the reference string comes from (a generator, the learner's trace, a
// lab file — a missing or unparsable source is a one-line Error), and traceStats' figures on known
// strings (Belady's), its first-problem note for fallbacks and service errors, and determinism.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../../src/labs/generate.js';
import type { TraceWorkload } from '../../src/labs/schema.js';
import { referencesOf, traceStats } from '../../src/labs/trace-run.js';
import { findBuiltin } from '../../src/services/builtin/index.js';
import { definePolicy, type ReplacementPolicy } from '../../src/services/protocol.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'milklab-trace-run-'));
const BELADY = [1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5];
const builtin = (name: string): ReplacementPolicy<any> => findBuiltin(name) as ReplacementPolicy<any>;
const tw = (trace: TraceWorkload['trace']): TraceWorkload => ({ mode: 'trace', trace, frames: 3 });

describe('referencesOf', () => {
  it('generates the string of a generator', () => {
    const g = { kind: 'uniform', pages: 6, length: 16, seed: 7 } as const;
    const refs = referencesOf(tw({ generate: g }), dir, undefined);
    expect(refs).toEqual(generate(g));
    expect(refs).toHaveLength(16);
    expect(referencesOf(tw({ generate: { kind: 'loop', pages: 3, passes: 2, base: 10 } }), dir, [9, 9])).toEqual([10, 11, 12, 10, 11, 12]);
  });

  it('replays the submitted trace, and says so when there is none', () => {
    expect(referencesOf(tw({ submission: true }), dir, [5, 6, 5])).toEqual([5, 6, 5]);
    expect(() => referencesOf(tw({ submission: true }), dir, undefined)).toThrow(new Error('this workload replays the submitted trace, but there is none'));
  });

  it('reads a lab file relative to the lab folder', () => {
    writeFileSync(path.join(dir, 'ok.txt'), '# a comment\n1\n2\n\n3\n1\n');
    expect(referencesOf(tw({ file: 'ok.txt' }), dir, undefined)).toEqual([1, 2, 3, 1]);
  });

  it('a lab file that does not parse is one line naming it', () => {
    writeFileSync(path.join(dir, 'bad.txt'), '1\nseven\n');
    expect(() => referencesOf(tw({ file: 'bad.txt' }), dir, undefined)).toThrow(new Error("bad.txt: the lab's trace does not parse"));
    writeFileSync(path.join(dir, 'empty.txt'), '# nothing\n');
    expect(() => referencesOf(tw({ file: 'empty.txt' }), dir, undefined)).toThrow(new Error("empty.txt: the lab's trace does not parse"));
  });
});

describe('traceStats', () => {
  it('FIFO on Belady’s string: 9 faults with 3 frames, 10 with 4', () => {
    expect(traceStats(BELADY, builtin('fifo'), 3)).toEqual({ ok: true, stats: { faults: 9, hits: 3, hitRatio: 3 / 12, references: 12, fallbacks: 0, serviceErrors: 0 } });
    expect(traceStats(BELADY, builtin('fifo'), 4)).toEqual({ ok: true, stats: { faults: 10, hits: 2, hitRatio: 2 / 12, references: 12, fallbacks: 0, serviceErrors: 0 } });
  });

  it('LRU and OPT on the same string: 10 and 7 faults with 3 frames', () => {
    const lru = traceStats(BELADY, builtin('lru'), 3);
    const opt = traceStats(BELADY, builtin('opt'), 3);
    expect(lru.ok && lru.stats.faults).toBe(10);
    expect(opt.ok && opt.stats.faults).toBe(7);
  });

  it('an empty string has a hit ratio of 0, not NaN', () => {
    expect(traceStats([], builtin('fifo'), 3)).toEqual({ ok: true, stats: { faults: 0, hits: 0, hitRatio: 0, references: 0, fallbacks: 0, serviceErrors: 0 } });
  });

  it('notes the first fallback: where and why', () => {
    const bad = definePolicy<null>({ name: 'bad', description: 'answers a frame that is not there', init: () => null, chooseVictim: () => 999 });
    const r = traceStats(BELADY, bad, 3);
    if (!r.ok) throw new Error(r.message);
    expect(r.stats.fallbacks).toBe(6); // every fault once memory is full
    expect(r.stats.faults).toBe(9); // fallbacks evict the oldest-mapped frame: FIFO
    expect(r.stats.firstProblem).toBe('at reference 3: victim 999 is not a resident frame');
  });

  it('notes the first service error: where, which hook and the message', () => {
    const noisy = definePolicy<null>({
      name: 'noisy', description: 'throws on unmap', init: () => null,
      onUnmap: () => { throw new Error('unmap failed'); },
      chooseVictim: (_s, bits) => bits.frames[0]!,
    });
    const r = traceStats(BELADY, noisy, 3);
    if (!r.ok) throw new Error(r.message);
    expect(r.stats.serviceErrors).toBe(6);
    expect(r.stats.fallbacks).toBe(0);
    expect(r.stats.firstProblem).toMatch(/^at reference 3, unmap: threw: .*unmap failed/);
  });

  it('calls onScan at the scan interval given, 64 references by default', () => {
    const scans: number[] = [];
    const counting = (tag: number) => definePolicy<null>({
      name: 'scan', description: 'counts scans', init: () => null, onScan: () => { scans.push(tag); }, chooseVictim: (_s, bits) => bits.frames[0]!,
    });
    const refs = generate({ kind: 'loop', pages: 5, passes: 40 }); // 200 references
    traceStats(refs, counting(1), 4);
    traceStats(refs, counting(2), 4, 10);
    const n1 = scans.filter((t) => t === 1).length, n2 = scans.filter((t) => t === 2).length;
    expect(n1).toBeGreaterThan(0);
    expect(n2).toBeGreaterThan(n1 * 5);
  });

  it('is deterministic: the same string and policy give the same figures', () => {
    const refs = generate({ kind: 'zipf', pages: 50, length: 2000, seed: 3 });
    for (const name of ['fifo', 'clock', 's3fifo', 'lru']) expect(traceStats(refs, builtin(name), 8)).toEqual(traceStats(refs, builtin(name), 8));
  });

  it('a caller error (no frames) is thrown, not reported as an endless loop', () => {
    expect(() => traceStats(BELADY, builtin('fifo'), 0)).toThrow(RangeError);
  });
});
