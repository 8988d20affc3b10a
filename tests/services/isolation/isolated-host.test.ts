// The isolated host's synchronous contract: the same decisions as in process, many instances
// per worker, notifications batched, failures of queued notifications reported, channel growth
// both ways, readahead and allocator calls, and the kernel port adapters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReplacementHost } from '../../../src/services/host.js';
import type { ServiceWorkerHost } from '../../../src/services/isolation/isolated-host.js';
import { SERVICE_GLOBAL } from '../../../src/services/loader.js';
import { allocatorPortFor, readaheadPortFor, replacementPortFor } from '../../../src/services/isolation/ports.js';
import type { ReplacementPolicy } from '../../../src/services/protocol.js';
import { evaluateService } from '../../../src/services/sandbox.js';
import { randomRefs, rng } from '../../helpers/random.js';
import { FIFO, bitsFor, bundleSource, policySource, startService, stopAll } from './bundle.js';
import { Machine, type PolicyTarget } from './driver.js';

/** Second chance over the kernel's map order, with clears and a scan that clears referenced+dirty frames. */
const SECOND_CHANCE = `import { definePolicy } from 'milklab';
export default definePolicy<{ hand: number; seen: Map<number, number> }>({
  name: 'second-chance', description: 'x',
  init: () => ({ hand: 0, seen: new Map() }),
  onMap(s, p) { s.seen.set(p.frame, p.vpn); },
  onUnmap(s, p) { s.seen.delete(p.frame); },
  chooseVictim(s, b) {
    const n = b.frames.length, clear: number[] = [];
    for (let k = 0; k < 2 * n; k++) {
      const f = b.frames[(s.hand + k) % n]!;
      if (!b.referenced(f) || clear.includes(f)) { s.hand = (s.hand + k) % n; return { victim: f, clear }; }
      if (b.vpn(f) !== s.seen.get(f)) throw new Error('vpn mismatch for frame ' + f);
      clear.push(f);
    }
    return b.frames[0]!;
  },
  onScan(s, b) { return { clear: b.frames.filter((f) => b.referenced(f) && b.dirty(f)) }; },
});
`;

async function inProcess(source: string): Promise<ReplacementPolicy<unknown>> {
  const { code, file } = await bundleSource(source);
  const ev = evaluateService(code, file, SERVICE_GLOBAL);
  if (!ev.ok || ev.service.kind !== 'replacement') throw new Error('not a policy');
  return ev.service;
}

const isolatedTarget = (h: ServiceWorkerHost, id: number): PolicyTarget => ({
  map: (p) => h.map(id, p), unmap: (p) => h.unmap(id, p), victim: (b) => h.victim(id, b), scan: (b) => h.scan(id, b),
});

afterAll(stopAll);

describe('decisions', () => {
  it.each([['FIFO', FIFO], ['second chance (bits, clears, scans)', SECOND_CHANCE]])('%s decides isolated exactly as in process, on interleaved instances', async (_n, source) => {
    const policy = await inProcess(source);
    const h = await startService(source);
    const refs = [randomRefs(1, 4000, 40), randomRefs(2, 4000, 30)];
    const writes = rng(3);
    const local = [new Machine(new ReplacementHost(policy, { frames: 12 }), 12, 7, 1), new Machine(new ReplacementHost(policy, { frames: 9 }), 9, 8, 2)];
    expect(h.createInstance(1, { frames: 12 })).toEqual({ ok: true, value: undefined });
    expect(h.createInstance(2, { frames: 9 })).toEqual({ ok: true, value: undefined });
    const remote = [new Machine(isolatedTarget(h, 1), 12, 7, 1), new Machine(isolatedTarget(h, 2), 9, 8, 2)];
    for (let i = 0; i < 4000; i++) {
      for (const k of [0, 1]) {
        const w = writes() < 0.3;
        local[k]!.step(refs[k]![i]!, w);
        remote[k]!.step(refs[k]![i]!, w);
      }
    }
    expect(local[0]!.log.filter((l) => l.startsWith('victim')).length).toBeGreaterThan(500);
    expect(remote[0]!.log).toEqual(local[0]!.log);
    expect(remote[1]!.log).toEqual(local[1]!.log);
    expect(h.dead).toBe(false);
  });
});

describe('notifications', () => {
  let h: ServiceWorkerHost;
  beforeAll(async () => {
    h = await startService(`import { definePolicy } from 'milklab';
export default definePolicy<{ frames: number[] }>({
  name: 'counting', description: 'x',
  init: () => ({ frames: [] }),
  onMap(s, p) { if (p.vpn === 666) throw new RangeError('evil page'); s.frames.push(p.frame); },
  onUnmap(s, p) { s.frames = s.frames.filter((f) => f !== p.frame); },
  chooseVictim(s) { return { victim: s.frames[0] ?? -1, clear: [s.frames.length] }; },
});
`);
  });

  it('are queued and cross with the next decision, in order', () => {
    expect(h.createInstance(1, { frames: 8 }).ok).toBe(true);
    const before = h.roundTrips;
    for (let f = 0; f < 200; f++) expect(h.map(1, { frame: f, vpn: f, pid: 1 })).toEqual({ ok: true, value: undefined });
    for (let f = 0; f < 150; f++) h.unmap(1, { frame: f, vpn: f, pid: 1 });
    expect(h.roundTrips).toBe(before);
    expect(h.queued).toBe(350);
    expect(h.victim(1, bitsFor([]))).toEqual({ ok: true, value: { victim: 150, clear: [50] } });
    expect(h.roundTrips).toBe(before + 1);
    expect(h.queued).toBe(0);
  });

  it('a wake hint crosses nothing and changes nothing', () => {
    const before = h.roundTrips;
    h.wake();
    h.wake();
    expect(h.roundTrips).toBe(before);
    expect(h.victim(1, bitsFor([]))).toEqual({ ok: true, value: { victim: 150, clear: [50] } });
  });

  it('cross in the background when the queue is long: the caller never waits, and order holds', async () => {
    const before = h.roundTrips;
    for (let f = 0; f < 2500; f++) expect(h.map(1, { frame: 1000 + f, vpn: 10_000 + f, pid: 1 }).ok).toBe(true);
    expect(h.roundTrips - before).toBeGreaterThanOrEqual(1); // a batch left at ASYNC_AT queued
    expect(h.queued).toBeLessThan(2500);
    expect(h.forcedFlushes).toBe(0);
    expect(await h.drain()).toEqual({ ok: true, value: undefined });
    expect(h.queued).toBe(0);
    // frames 150..199 were resident before; the 2500 new ones follow them, in order
    expect(h.victim(1, bitsFor([]))).toEqual({ ok: true, value: { victim: 150, clear: [2550] } });
  });

  it('report a failure once, on the next notification of that instance', () => {
    expect(h.createInstance(2, { frames: 8 }).ok).toBe(true);
    expect(h.map(2, { frame: 1, vpn: 666, pid: 2 }).ok).toBe(true); // queued: nobody knows yet
    expect(h.flush().ok).toBe(true);
    expect(h.map(1, { frame: 5, vpn: 5, pid: 1 }).ok).toBe(true); // another instance: unaffected
    expect(h.map(2, { frame: 2, vpn: 2, pid: 2 })).toEqual({ ok: false, error: { kind: 'threw', message: 'onMap: RangeError: evil page' } });
    expect(h.map(2, { frame: 3, vpn: 3, pid: 2 }).ok).toBe(true);
    expect(h.victim(2, bitsFor([2, 3]))).toEqual({ ok: true, value: { victim: 2, clear: [2] } });
  });

  it('to a destroyed or unknown instance fail as no-instance', () => {
    h.destroyInstance(2);
    expect(h.victim(2, bitsFor([2]))).toMatchObject({ ok: false, error: { kind: 'no-instance', id: 2 } });
    h.map(9, { frame: 1, vpn: 1, pid: 9 });
    h.flush();
    expect(h.map(9, { frame: 1, vpn: 1, pid: 9 })).toMatchObject({ ok: false, error: { kind: 'no-instance', id: 9, message: expect.stringMatching(/^onMap: no service instance 9/) } });
  });
});

describe('channel growth', () => {
  it('carries requests, answers and states larger than the initial buffer', async () => {
    const h = await startService(`import { definePolicy } from 'milklab';
export default definePolicy<{ big: number[] }>({
  name: 'big', description: 'x',
  init: (c) => ({ big: Array.from({ length: c.frames }, (_, i) => i) }),
  chooseVictim(s, b) { return { victim: b.frames[b.frames.length - 1]!, clear: b.frames.filter((f) => b.referenced(f)) }; },
});
`);
    const n = 30_000; // 3 × 30 000 numbers in, 30 000 out: beyond 64 KiB each way
    expect(h.createInstance(1, { frames: n, references: Array.from({ length: n }, (_, i) => i) }).ok).toBe(true);
    const frames = Array.from({ length: n }, (_, i) => i);
    const r = h.victim(1, bitsFor(frames, frames, n));
    expect(r.ok && r.value.victim).toBe(n - 1);
    expect(r.ok && r.value.clear.length).toBe(n);
    const s = h.exportState(1);
    expect(s.ok && (s.value as { big: number[] }).big.length).toBe(n);
    expect(h.victim(1, bitsFor([4, 5], [], 8))).toEqual({ ok: true, value: { victim: 5, clear: [] } });
  });
});

describe('readahead and allocator services', () => {
  it('answer through the host and the kernel ports', async () => {
    const ra = await startService(`import { defineReadahead } from 'milklab';
export default defineReadahead<{ n: number }>({ name: 'next2', description: 'x', init: () => ({ n: 0 }),
  onFault(s, f) { s.n++; return f.write ? [f.vpn + 1, f.vpn + 2] : [f.vpn + s.n * 1000]; } });
`);
    expect(ra.descriptor).toMatchObject({ kind: 'readahead', name: 'next2' });
    expect(ra.createInstance(0, undefined).ok).toBe(true);
    const port = readaheadPortFor(ra, 0, 'next2');
    expect(port.fault({ pid: 1, vpn: 10, write: true, major: false, now: 5 })).toEqual({ ok: true, value: [11, 12] });
    expect(port.fault({ pid: 1, vpn: 10, write: false, major: true, now: 6 })).toEqual({ ok: true, value: [2010] });
    const al = await startService(`import { defineAllocator } from 'milklab';
export default defineAllocator<number>({ name: 'half', description: 'x', init: (c) => c.totalFrames,
  quotas(total, u) { const q: Record<number, number> = {}; for (const p of u.processes) q[p.pid] = p.pid === 3 ? 1.5 : Math.floor(total / 2); return q; } });
`);
    expect(al.createInstance(0, { totalFrames: 64 }).ok).toBe(true);
    const ap = allocatorPortFor(al, 0, 'half');
    const proc = (pid: number) => ({ pid, resident: 1, faults: 2, instructions: 3, quota: 4 });
    expect(ap.quotas({ totalFrames: 64, now: 1, processes: [proc(2), proc(1)] })).toEqual({ ok: true, value: { 1: 32, 2: 32 } });
    expect(ap.quotas({ totalFrames: 64, now: 1, processes: [proc(3)] })).toEqual({ ok: false, error: { kind: 'invalid-answer', message: 'quotas[3] must be a non-negative integer, got 1.5' } });
    expect(al.fault(0, { pid: 1, vpn: 1, write: false, major: false, now: 0 })).toMatchObject({ ok: false, error: { kind: 'no-instance' } });
  });

  it('a replacement port forwards to its instance', async () => {
    const h = await startService(SECOND_CHANCE);
    h.createInstance(4, { frames: 4 });
    const port = replacementPortFor(h, 4, 'second-chance');
    expect([port.name, port.hasScan]).toEqual(['second-chance', true]);
    for (const f of [1, 2]) expect(port.map({ frame: f, vpn: 1000 + f, pid: 4 }).ok).toBe(true);
    expect(port.victim({ ...bitsFor([1, 2], [1]), stamp: new Int32Array(64), epoch: 1 })).toEqual({ ok: true, value: { victim: 2, clear: [1] } });
    expect(port.unmap({ frame: 2, vpn: 1002, pid: 4 }).ok).toBe(true);
    expect(port.scan({ ...bitsFor([1]), stamp: new Int32Array(64), epoch: 1 })).toEqual({ ok: true, value: { clear: [] } });
    const l = h.latency();
    expect(l.calls).toBe(h.roundTrips);
    expect(l.p50Us).toBeGreaterThan(0);
    expect(l.p99Us).toBeGreaterThanOrEqual(l.p50Us);
  });
});

describe('answers', () => {
  it.each([
    ['1.5', /victim must be an integer frame number, got 1.5/],
    ["'2'", /got "2"/],
    ['{ victim: 1, clear: [0, NaN] }', /clear\[1\] must be an integer, got NaN/],
  ])('a non-integer answer (%s) is invalid-answer, as in process', async (answer, re) => {
    const h = await startService(policySource(`init: () => null, chooseVictim: () => (${answer}) as any`));
    h.createInstance(1, { frames: 2 });
    const r = h.victim(1, bitsFor([0, 1]));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.kind).toBe('invalid-answer');
      expect(r.error.message).toMatch(re);
    }
    expect(h.dead).toBe(false);
  });
});
