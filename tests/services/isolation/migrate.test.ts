// Live update between versions: state exported by one worker, migrated into another, carries
// structured-clonable data (Maps, Sets, typed arrays) and the new version decides as the old one
// would have.
import { afterAll, describe, expect, it } from 'vitest';
import { FIFO, bitsFor, policySource, startService, stopAll } from './bundle.js';
import { Machine } from './driver.js';
import { randomRefs } from '../../helpers/random.js';
import type { ServiceWorkerHost } from '../../../src/services/isolation/isolated-host.js';

afterAll(stopAll);

const target = (h: ServiceWorkerHost, id: number) => ({
  map: (p: Parameters<ServiceWorkerHost['map']>[1]) => h.map(id, p),
  unmap: (p: Parameters<ServiceWorkerHost['map']>[1]) => h.unmap(id, p),
  victim: (b: Parameters<ServiceWorkerHost['victim']>[1]) => h.victim(id, b),
  scan: (b: Parameters<ServiceWorkerHost['victim']>[1]) => h.scan(id, b),
});

/** A switchable target: calls go to `cur` (changed mid-stream). */
function switchable(first: ReturnType<typeof target>) {
  const s = { cur: first };
  return { s, t: { map: (p: never) => s.cur.map(p), unmap: (p: never) => s.cur.unmap(p), victim: (b: never) => s.cur.victim(b), scan: (b: never) => s.cur.scan(b) } };
}

describe('state transfer between two workers', () => {
  it('a FIFO migrated mid-stream decides exactly as one that never moved', async () => {
    const refs = randomRefs(11, 3000, 30);
    const reference = await startService(FIFO);
    reference.createInstance(1, { frames: 10 });
    const ref = new Machine(target(reference, 1), 10, 5);
    const a = await startService(FIFO);
    const b = await startService(FIFO);
    a.createInstance(7, { frames: 10 });
    const { s, t } = switchable(target(a, 7));
    const moved = new Machine(t, 10, 5);
    for (let i = 0; i < refs.length; i++) {
      if (i === 1500) {
        const st = a.exportState(7);
        expect(st.ok).toBe(true);
        if (!st.ok) return;
        expect(b.migrateInstance(3, st.value, 1, { frames: 10 })).toEqual({ ok: true, value: undefined });
        s.cur = target(b, 3);
        await a.terminate();
      }
      ref.step(refs[i]!, false);
      moved.step(refs[i]!, false);
    }
    expect(moved.log.length).toBeGreaterThan(100);
    expect(moved.log).toEqual(ref.log);
  });

  it('carries Maps, Sets and typed arrays; a service without migrate starts from init', async () => {
    const rich = policySource(`init: () => ({ m: new Map([[1, { v: 2 }]]), s: new Set([3]), t: new Int32Array([4, 5]), n: -0 }),
      onMap(st, p) { st.m.set(p.frame, { v: p.vpn }); st.s.add(p.frame); },
      migrate(old: any, v, ctx) { return { ...old, version: v, frames: ctx.frames, isMap: old.m instanceof Map, isSet: old.s instanceof Set, isTyped: old.t instanceof Int32Array }; },
      chooseVictim: (_s, b) => b.frames[0]!`);
    const a = await startService(rich);
    a.createInstance(1, { frames: 4 });
    a.map(1, { frame: 9, vpn: 99, pid: 1 });
    const st = a.exportState(1);
    expect(st).toEqual({ ok: true, value: { m: new Map([[1, { v: 2 }], [9, { v: 99 }]]), s: new Set([3, 9]), t: new Int32Array([4, 5]), n: -0 } });
    const b = await startService(rich);
    expect(b.migrateInstance(2, st.ok && st.value, 4, { frames: 6 }).ok).toBe(true);
    const back = b.exportState(2);
    expect(back.ok && back.value).toMatchObject({ version: 4, frames: 6, isMap: true, isSet: true, isTyped: true });
    const plain = await startService(policySource(`init: (c) => ({ fresh: c.frames }), chooseVictim: (_s, b) => b.frames[0]!`));
    expect(plain.migrateInstance(1, { anything: 1 }, 1, { frames: 3 }).ok).toBe(true);
    expect(plain.exportState(1)).toEqual({ ok: true, value: { fresh: 3 } });
  });

  it('reports uncloneable state, a throwing migrate and a throwing exportState', async () => {
    const h = await startService(policySource(`init: () => ({ f: () => 1 }),
      migrate(old: any) { if (old.bad) throw new Error('cannot read v' + old.bad); return old; },
      chooseVictim: (_s, b) => b.frames[0]!`));
    h.createInstance(1, { frames: 2 });
    expect(h.exportState(1)).toMatchObject({ ok: false, error: { kind: 'invalid-answer', message: expect.stringMatching(/^the exported state cannot be handed to another version: .*could not be cloned/) } });
    expect(h.migrateInstance(2, { bad: 3 }, 3, { frames: 2 })).toEqual({ ok: false, error: { kind: 'threw', message: 'migrate: cannot read v3' } });
    expect(h.victim(2, bitsFor([1]))).toEqual({ ok: false, error: { kind: 'threw', message: 'migrate: cannot read v3' } });
    expect(h.migrateInstance(3, { fn: () => 1 }, 1, { frames: 2 })).toMatchObject({ ok: false, error: { kind: 'invalid-answer', message: expect.stringMatching(/^the state to migrate cannot be cloned/) } });
    const e = await startService(policySource(`init: () => null, exportState() { throw new Error('nope'); }, chooseVictim: (_s, b) => b.frames[0]!`));
    e.createInstance(1, { frames: 2 });
    expect(e.exportState(1)).toEqual({ ok: false, error: { kind: 'threw', message: 'nope' } });
  });
});
