import { describe, expect, it } from 'vitest';
import aging from '../../src/services/builtin/aging.js';
import clock from '../../src/services/builtin/clock.js';
import fifo from '../../src/services/builtin/fifo.js';
import lru from '../../src/services/builtin/lru.js';
import opt from '../../src/services/builtin/opt.js';
import s3fifo from '../../src/services/builtin/s3fifo.js';
import { definePolicy, type PolicyInit, type ReplacementPolicy } from '../../src/services/protocol.js';
import { simulate } from '../../src/trace/simulate.js';
import { randomRefs, rng } from '../helpers/random.js';

const BELADY = [1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5];
const TEXTBOOK = [7, 0, 1, 2, 0, 3, 0, 4, 2, 3, 0, 3, 2, 1, 2, 0, 1, 7, 0, 1];
const answering = (f: (frames: readonly number[]) => unknown, extra: Partial<ReplacementPolicy<null>> = {}): ReplacementPolicy<null> =>
  definePolicy<null>({ name: 'test', description: '', init: () => null, chooseVictim: (_s, b) => f(b.frames) as number, ...extra });

describe('simulate: textbook results', () => {
  it.each([
    [fifo, 3, 9], [fifo, 4, 10], [lru, 3, 10], [lru, 4, 8], [opt, 3, 7], [opt, 4, 6],
  ])('%s with %i frames on 1,2,3,4,1,2,5,1,2,3,4,5', (p, frames, faults) => {
    const r = simulate(BELADY, p as ReplacementPolicy, frames as number);
    expect(r).toMatchObject({ references: 12, faults, hits: 12 - (faults as number), evictions: (faults as number) - (frames as number), fallbacks: 0, serviceErrors: 0 });
  });
  it('FIFO 15, LRU 12, OPT 9, CLOCK 14 on the 20-reference textbook string with 3 frames', () => {
    // CLOCK traced by hand: A set on load; full sweeps at 4, 8, 11, 14, 18 evict the page under the hand
    expect([fifo, lru, opt, clock].map((p) => simulate(TEXTBOOK, p as ReplacementPolicy, 3).faults)).toEqual([15, 12, 9, 14]);
  });
  it('counts every reference once as a hit or a fault, and fills free frames first', () => {
    expect(simulate([5, 5, 6, 5], fifo, 4)).toMatchObject({ references: 4, faults: 2, hits: 2, evictions: 0, policy: 'fifo', frames: 4 });
  });
});

describe('simulate: properties on seeded random traces', () => {
  const traces = Array.from({ length: 12 }, (_, i) => randomRefs(1000 + i, 400, 8 + i * 3));
  it('OPT never faults more than any other policy', () => {
    for (const refs of traces) {
      for (const frames of [2, 4, 7, 12]) {
        const best = simulate(refs, opt, frames).faults;
        for (const p of [fifo, clock, aging, s3fifo, lru] as ReplacementPolicy[]) {
          expect(best, `${p.name} with ${frames} frames`).toBeLessThanOrEqual(simulate(refs, p, frames, { scanInterval: 16 }).faults);
        }
      }
    }
  });
  it("LRU and OPT never show Belady's anomaly (stack algorithms)", () => {
    for (const refs of traces) {
      for (const p of [lru, opt] as ReplacementPolicy[]) {
        let prev = Infinity;
        for (let frames = 1; frames <= 20; frames++) {
          const f = simulate(refs, p, frames).faults;
          expect(f, `${p.name} ${frames}`).toBeLessThanOrEqual(prev);
          prev = f;
        }
      }
    }
  });
  it('is deterministic', () => {
    const refs = randomRefs(5, 2000, 40);
    for (const p of [clock, aging, s3fifo] as ReplacementPolicy[]) expect(simulate(refs, p, 9)).toEqual(simulate(refs, p, 9));
  });
  it('FIFO shows the anomaly on some random trace (so the property above is not vacuous)', () => {
    const r = rng(3);
    let found = false;
    for (let t = 0; t < 20_000 && !found; t++) {
      const refs = Array.from({ length: 16 }, () => Math.floor(r() * 6));
      found = simulate(refs, fifo, 4).faults > simulate(refs, fifo, 3).faults;
    }
    expect(found).toBe(true);
  });
});

describe('simulate: a misbehaving policy never stops the simulation', () => {
  it('a throwing chooseVictim falls back to the oldest-mapped frame (so it behaves as FIFO)', () => {
    const r = simulate(BELADY, answering(() => { throw new Error('boom'); }), 3);
    expect(r).toMatchObject({ faults: 9, fallbacks: 6 });
    expect(r.events[0]).toEqual({ kind: 'fallback', at: 3, victim: 0, reason: 'threw: boom' });
  });
  it('a non-resident or malformed victim falls back too; valid answers are used', () => {
    const nonResident = simulate(BELADY, answering(() => 99), 3);
    expect(nonResident.fallbacks).toBe(6);
    expect(nonResident.events[0]).toMatchObject({ reason: 'victim 99 is not a resident frame' });
    expect(simulate(BELADY, answering(() => 'x'), 3).events[0]).toMatchObject({ reason: expect.stringMatching(/^invalid answer: /) });
    expect(simulate(BELADY, answering((fr) => fr[fr.length - 1]), 3).fallbacks).toBe(0);
  });
  it('a throwing init is reported once, and every fault then falls back', () => {
    const p = definePolicy<null>({ name: 'x', description: '', init: () => { throw new Error('nope'); }, chooseVictim: () => 0, onScan: () => undefined });
    const r = simulate(BELADY, p, 3, { scanInterval: 1 });
    expect(r).toMatchObject({ faults: 9, fallbacks: 6, serviceErrors: 1 });
    expect(r.events[0]).toEqual({ kind: 'service-error', at: 0, hook: 'init', message: 'init: nope' });
  });
  it('hook failures are counted and the events list is capped', () => {
    const r = simulate(BELADY, answering((fr) => fr[0], { onMap: () => { throw new Error('m'); } }), 3, { maxEvents: 2 });
    expect(r).toMatchObject({ faults: 9, serviceErrors: 9, eventsDropped: 7 });
    expect(r.events).toHaveLength(2);
    expect(r.events[0]).toEqual({ kind: 'service-error', at: 0, hook: 'map', message: 'threw: m' });
  });
  it('ignores clear requests for frames that are not resident', () => {
    const r = simulate(BELADY, answering((fr) => ({ victim: fr[0], clear: [-1, 50] })), 3);
    expect(r).toMatchObject({ faults: 9, fallbacks: 0 });
    expect(simulate(BELADY, answering((fr) => ({ victim: fr[0], clear: [1.5] })), 3).fallbacks).toBe(6); // malformed: whole answer refused
  });
});

describe('simulate: what the policy sees', () => {
  it('gives the reference string to init only when the policy needs the future', () => {
    const seen: PolicyInit[] = [];
    const mk = (needs: ReplacementPolicy['needs']) => definePolicy<null>({ name: 'n', description: '', needs, init: (c) => { seen.push(c); return null; }, chooseVictim: (_s, b) => b.frames[0]! });
    simulate([1, 2], mk(undefined), 1);
    simulate([1, 2], mk({ future: true }), 1);
    expect(seen).toEqual([{ frames: 1 }, { frames: 1, references: [1, 2] }]);
  });
  it('calls onScan every scanInterval references, and clearing works', () => {
    const scans: number[] = [];
    const p = answering((fr) => fr[0], { onScan: (_s, b) => { scans.push(b.now); return { clear: b.frames.filter((f) => b.referenced(f)) }; } });
    simulate(Array.from({ length: 10 }, (_, i) => i % 3), p, 3, { scanInterval: 4 });
    expect(scans).toEqual([3, 7]);
  });
  it('sets A on hits and on the faulting access, D for writes; counts write-backs of dirty victims', () => {
    const log: string[] = [];
    const p = answering((fr) => fr[0], {
      onScan: (_s, b) => { log.push(b.frames.map((f) => `${b.vpn(f)}${b.referenced(f) ? 'A' : ''}${b.dirty(f) ? 'D' : ''}`).join(' ')); return { clear: [...b.frames] }; },
    });
    const r = simulate([1, 2, 1, 3, 4, 5], p, 3, { scanInterval: 2, writes: [1, 0, 0, 0, 0, 0] });
    // scans after references 2, 4, 6; each clears all A bits; victims are the oldest mapped (1, then 2)
    expect(log).toEqual(['1AD 2A', '1AD 2 3A', '3 4A 5A']);
    expect(r).toMatchObject({ evictions: 2, writebacks: 1 });
  });
  it('calls onAccess on hits, with the page', () => {
    const hits: string[] = [];
    simulate([1, 2, 1, 1], answering((fr) => fr[0], { onAccess: (_s, pg) => { hits.push(`${pg.vpn}@${pg.frame}/${pg.pid}`); } }), 2, { pid: 7 });
    expect(hits).toEqual(['1@0/7', '1@0/7']);
  });
  it('rejects nonsense sizes as caller bugs', () => {
    expect(() => simulate([1], fifo, 0)).toThrow(RangeError);
    expect(() => simulate([1], fifo, 2, { scanInterval: 0 })).toThrow(RangeError);
  });
});
