// What a misbehaving service cannot do to the kernel's thread: a throw is a value, an infinite
// loop ends at the call's budget (the worker is stopped, the host dead, later calls fail at
// once), a memory blow-up kills only the worker, and Node's built-ins are out of reach.
import { afterAll, describe, expect, it } from 'vitest';
import { ServiceWorkerHost } from '../../../src/services/isolation/isolated-host.js';
import { bitsFor, bundleSource, policySource, startService, stopAll } from './bundle.js';

afterAll(stopAll);

describe('a throwing service', () => {
  it('fails the call with threw and keeps working', async () => {
    const h = await startService(policySource(`init: () => ({ n: 0 }), chooseVictim(s, b) { if (++s.n === 1) throw new TypeError('no victim today\\nsecond line'); return b.frames[0]!; }`));
    h.createInstance(1, { frames: 2 });
    expect(h.victim(1, bitsFor([3, 4]))).toEqual({ ok: false, error: { kind: 'threw', message: 'TypeError: no victim today' } });
    expect(h.victim(1, bitsFor([3, 4]))).toEqual({ ok: true, value: { victim: 3, clear: [] } });
  });

  it('a throwing init breaks that instance only', async () => {
    const h = await startService(policySource(`init: (c) => { if (c.frames === 13) throw new Error('unlucky'); return null; }, chooseVictim: (_s, b) => b.frames[0]!`));
    expect(h.createInstance(1, { frames: 13 })).toEqual({ ok: false, error: { kind: 'threw', message: 'init: unlucky' } });
    expect(h.victim(1, bitsFor([3]))).toEqual({ ok: false, error: { kind: 'threw', message: 'init: unlucky' } });
    expect(h.createInstance(2, { frames: 12 }).ok).toBe(true);
    expect(h.victim(2, bitsFor([3]))).toEqual({ ok: true, value: { victim: 3, clear: [] } });
  });
});

describe('a hanging service', () => {
  it('times out within the budget, is stopped, and every later call fails at once', async () => {
    const h = await startService(policySource(`init: () => null, onMap() {}, chooseVictim: (_s, b) => { for (;;) {} }`), { callBudgetMs: 250 });
    expect(h.createInstance(1, { frames: 2 }).ok).toBe(true);
    const r = h.victim(1, bitsFor([0, 1])); // returns: the loop cannot hold this thread
    expect(r).toEqual({ ok: false, error: { kind: 'timeout', budgetMs: 250, message: 'victim: no answer within 250 ms; the service worker was stopped' } });
    expect(h.dead).toBe(true);
    const trips = h.roundTrips;
    expect(h.victim(1, bitsFor([0, 1]))).toMatchObject({ ok: false, error: { kind: 'crashed', message: expect.stringMatching(/no answer within 250 ms/) } });
    expect(h.map(1, { frame: 0, vpn: 0, pid: 1 })).toMatchObject({ ok: false, error: { kind: 'crashed' } });
    expect(h.createInstance(2, { frames: 2 })).toMatchObject({ ok: false, error: { kind: 'crashed' } });
    expect(await h.selfTest()).toMatchObject({ ok: false, error: { kind: 'crashed' } });
    expect(h.roundTrips).toBe(trips); // nothing crossed
  });

  it('a loop in a queued notification surfaces on the call that carries it', async () => {
    const h = await startService(policySource(`init: () => null, onUnmap() { for (;;) {} }, chooseVictim: (_s, b) => b.frames[0]!`), { callBudgetMs: 250 });
    expect(h.createInstance(1, { frames: 2 }).ok).toBe(true);
    expect(h.unmap(1, { frame: 0, vpn: 0, pid: 1 }).ok).toBe(true);
    expect(h.victim(1, bitsFor([1]))).toMatchObject({ ok: false, error: { kind: 'timeout', budgetMs: 250 } });
    expect(h.dead).toBe(true);
  });
});

describe('a service that allocates without bound', () => {
  it('kills only its worker', async () => {
    const h = await startService(policySource(`init: () => ({ hoard: [] as unknown[] }), onMap(s) { for (;;) s.hoard.push({ a: s.hoard.length, b: [1, 2, 3] }); }, chooseVictim: (_s, b) => b.frames[0]!`), { memoryMb: 16, callBudgetMs: 10_000 });
    h.createInstance(1, { frames: 2 });
    h.map(1, { frame: 0, vpn: 0, pid: 1 });
    const heapBefore = process.memoryUsage().heapUsed;
    const r = h.victim(1, bitsFor([0])); // the worker dies of its heap limit mid-call
    expect(r.ok).toBe(false);
    if (!r.ok) expect(['crashed', 'timeout']).toContain(r.error.kind);
    expect(h.dead).toBe(true);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(32 * 2 ** 20);
    // this thread is fine: a new worker serves
    const ok = await startService(policySource(`init: () => null, chooseVictim: (_s, b) => b.frames[1]!`));
    ok.createInstance(1, { frames: 2 });
    expect(ok.victim(1, bitsFor([0, 1]))).toEqual({ ok: true, value: { victim: 1, clear: [] } });
  });
  it('cannot grow this process through ArrayBuffers (outside the heap limit): they have a budget', async () => {
    const h = await startService(policySource(`init: () => ({ hoard: [] as Float64Array[] }), chooseVictim(s, b) { for (;;) s.hoard.push(new Float64Array(1 << 21).fill(1)); }`), { bufferMb: 32 });
    h.createInstance(1, { frames: 2 });
    const rss = process.memoryUsage.rss();
    expect(h.victim(1, bitsFor([0]))).toEqual({ ok: false, error: { kind: 'threw', message: 'RangeError: out of memory for ArrayBuffers and typed arrays: a service may hold at most 32 MB of them' } });
    expect(process.memoryUsage.rss() - rss).toBeLessThan(200 * 2 ** 20);
    expect(h.dead).toBe(false);
  });

  it('temporary buffers are given back: no false alarm on many short-lived allocations', async () => {
    const h = await startService(policySource(`init: () => null, chooseVictim(_s, b) { const t = new Uint8Array(1 << 20); t[0] = b.frames[0]!; return t.slice(0, 1)[0]!; }`), { memoryMb: 16 });
    h.createInstance(1, { frames: 2 });
    for (let i = 0; i < 1000; i++) expect(h.victim(1, bitsFor([i % 50]))).toEqual({ ok: true, value: { victim: i % 50, clear: [] } });
  });
});

describe('Node built-ins', () => {
  it('are unreachable from service code', async () => {
    const h = await startService(`import { definePolicy } from 'milklab';
const probe = (f: () => unknown): string => { try { const v = f(); return v === undefined ? 'undefined' : typeof v; } catch (e) { return 'threw ' + (e as Error).name; } };
const g = globalThis as any;
export default definePolicy({
  name: 'probe', description: 'x',
  init: (ctx: any) => ({
    require: probe(() => g.require), process: probe(() => g.process), module: probe(() => g.module),
    fn: probe(() => (() => 0).constructor('return process')()),
    ctxFn: probe(() => ctx.constructor.constructor('return process')()),
    eval: probe(() => g.eval('1 + 1')),
    setTimeout: probe(() => g.setTimeout), fetch: probe(() => g.fetch), wasm: probe(() => g.WebAssembly?.Module),
  }),
  chooseVictim: (_s, b) => b.frames[0]!,
});
`);
    expect(h.createInstance(1, { frames: 2 }).ok).toBe(true);
    const s = h.exportState(1);
    expect(s).toEqual({ ok: true, value: {
      require: 'undefined', process: 'undefined', module: 'undefined',
      fn: 'threw EvalError', ctxFn: 'threw EvalError', eval: 'threw EvalError',
      setTimeout: 'undefined', fetch: 'undefined', wasm: expect.stringMatching(/undefined|function/),
    } });
  });
});

describe('starting', () => {
  const start = async (source: string) => {
    const { code, file } = await bundleSource(source);
    return ServiceWorkerHost.start(code, file);
  };
  it('reports a wrong export as bad-export and a throwing top level as threw', async () => {
    expect(await start(`export default { kind: 'replacement', name: 'x', init: () => null };`)).toEqual({ ok: false, error: { kind: 'bad-export', message: 'a replacement service needs a function `chooseVictim`' } });
    expect(await start(`throw new Error('top level');\nexport default 1;`)).toEqual({ ok: false, error: { kind: 'threw', message: 'loading the module threw: Error: top level' } });
  });
  it('reports the descriptor of a loaded service', async () => {
    const h = await startService(`import { definePolicy } from 'milklab';
export default definePolicy({ name: 'opt-ish', description: 'needs the future', needs: { future: true }, init: () => null, onScan: () => undefined, exportState: () => 1, chooseVictim: (_s, b) => b.frames[0]! });
`);
    expect(h.descriptor).toEqual({ kind: 'replacement', name: 'opt-ish', description: 'needs the future', needs: { references: false, future: true }, hooks: { onMap: false, onUnmap: false, onAccess: false, onScan: true, exportState: true, migrate: false } });
  });
});
