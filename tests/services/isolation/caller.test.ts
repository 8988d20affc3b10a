// The kernel's side of the channel (caller.ts), through a real worker: queued notifications go
// across in the background once the queue is long (nobody waits), a synchronous call first takes
// the batch in flight so order holds, a worker far behind makes the caller wait (backpressure),
// and a background batch past its budget stops the worker like any call.
import { afterAll, describe, expect, it } from 'vitest';
import { ASYNC_AT, FLUSH_AT } from '../../../src/services/isolation/caller.js';
import { bitsFor, policySource, startService, stopAll } from './bundle.js';

afterAll(stopAll);

/** Keeps frames in map order; a victim answers the oldest and, in clear, how many it holds. */
const COUNTING = policySource(`
  init: () => ({ frames: [] as number[] }),
  onMap(s, p) { SLOW; if (p.vpn === 1_000_777) for (;;) {} s.frames.push(p.frame); },
  onUnmap(s, p) { s.frames = s.frames.filter((f: number) => f !== p.frame); },
  chooseVictim(s) { return { victim: s.frames[0] ?? -1, clear: [s.frames.length] }; },
`);
const counting = (slow = ''): string => COUNTING.replace('SLOW', slow || 'void 0');
const page = (f: number) => ({ frame: f, vpn: f, pid: 1 });

describe('notifications in the background', () => {
  it('below ASYNC_AT nothing crosses; at ASYNC_AT one batch leaves without the caller waiting', async () => {
    const h = await startService(counting());
    expect(h.createInstance(1, { frames: 8 }).ok).toBe(true);
    const before = h.roundTrips;
    for (let f = 0; f < ASYNC_AT - 1; f++) h.map(1, page(f));
    expect(h.roundTrips).toBe(before);
    expect(h.queued).toBe(ASYNC_AT - 1);
    h.map(1, page(ASYNC_AT - 1));
    expect(h.roundTrips).toBe(before + 1);
    expect(h.queued).toBe(0);
    expect(await h.drain()).toEqual({ ok: true, value: undefined });
    expect(h.victim(1, bitsFor([]))).toEqual({ ok: true, value: { victim: 0, clear: [ASYNC_AT] } });
  });

  it('drain(leave) leaves up to `leave` notifications for the next call; drain() sends them all', async () => {
    const h = await startService(counting());
    expect(h.createInstance(1, { frames: 8 }).ok).toBe(true);
    for (let f = 0; f < 100; f++) h.map(1, page(f));
    const before = h.roundTrips;
    expect(await h.drain(128)).toEqual({ ok: true, value: undefined });
    expect([h.roundTrips - before, h.queued]).toEqual([0, 100]);
    expect(await h.drain()).toEqual({ ok: true, value: undefined });
    expect([h.roundTrips - before, h.queued]).toEqual([1, 0]);
  });

  it('a decision asked while a batch is in flight sees every earlier notification, in order', async () => {
    const h = await startService(counting('for (let i = 0; i < 2000; i++) void i'));
    expect(h.createInstance(1, { frames: 8 }).ok).toBe(true);
    for (let f = 0; f < ASYNC_AT + 88; f++) h.map(1, page(f));
    for (let f = 0; f < 10; f++) h.unmap(1, page(f));
    expect(h.victim(1, bitsFor([]))).toEqual({ ok: true, value: { victim: 10, clear: [ASYNC_AT + 78] } });
    expect(h.queued).toBe(0);
  });

  it('a worker far behind makes the caller wait once the queue reaches FLUSH_AT (backpressure), nothing lost', async () => {
    // about 10 µs per onMap: the first batch of ASYNC_AT takes milliseconds, the queue fills meanwhile
    const h = await startService(counting('let x = 0; for (let i = 0; i < 20000; i++) x = (x * 31 + (i ^ p.frame)) | 0; s.sink = x'));
    expect(h.createInstance(1, { frames: 8 }).ok).toBe(true);
    const n = FLUSH_AT + 2 * ASYNC_AT;
    let failures = 0;
    for (let f = 0; f < n; f++) if (!h.map(1, page(f)).ok) failures++;
    expect(failures).toBe(0);
    expect(h.forcedFlushes).toBeGreaterThanOrEqual(1);
    expect(h.queued).toBeLessThan(FLUSH_AT);
    expect(await h.drain()).toEqual({ ok: true, value: undefined });
    expect(h.victim(1, bitsFor([]))).toEqual({ ok: true, value: { victim: 0, clear: [n] } });
  });

  it('a background batch that does not finish within the budget stops the worker; drain says why', async () => {
    const h = await startService(counting(), { callBudgetMs: 200 });
    expect(h.createInstance(1, { frames: 8 }).ok).toBe(true);
    for (let f = 1_000_700; f < 1_000_700 + ASYNC_AT; f++) h.map(1, page(f)); // vpn 1 000 777 hangs onMap
    const r = await h.drain();
    expect(r).toMatchObject({ ok: false, error: { kind: 'crashed', message: expect.stringMatching(/notifications: no answer within 200 ms; the service worker was stopped/) } });
    expect(h.dead).toBe(true);
    expect(h.victim(1, bitsFor([])).ok).toBe(false);
  });

  it('the failure of a notification in a background batch is reported once, by drain', async () => {
    const h = await startService(policySource(`
      init: () => ({ n: 0 }),
      onMap(s, p) { if (p.vpn === 5) throw new RangeError('page five'); s.n++; },
      chooseVictim(s, b) { return b.frames[0]!; },
    `));
    expect(h.createInstance(3, { frames: 8 }).ok).toBe(true);
    for (let f = 0; f < ASYNC_AT; f++) h.map(3, page(f));
    expect(await h.drain()).toEqual({ ok: false, error: { kind: 'threw', message: 'onMap: RangeError: page five' } });
    expect(await h.drain()).toEqual({ ok: true, value: undefined });
    expect(h.map(3, page(600)).ok).toBe(true);
  });
});
