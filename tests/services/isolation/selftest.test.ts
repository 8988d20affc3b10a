// The self test a new version runs in its worker before it is trusted.
import { afterAll, describe, expect, it } from 'vitest';
import { FIFO, policySource, startService, stopAll } from './bundle.js';

afterAll(stopAll);

describe('selfTest', () => {
  it('passes a correct FIFO (with migrate) and leaves the host usable', async () => {
    const h = await startService(FIFO);
    expect(await h.selfTest()).toEqual({ ok: true, value: undefined });
    expect(h.createInstance(1, { frames: 2 }).ok).toBe(true);
    expect(h.dead).toBe(false);
  });

  it('catches a policy that answers a free frame (it ignores onUnmap)', async () => {
    const h = await startService(`import { definePolicy } from 'milklab';
export default definePolicy<{ queue: number[] }>({
  name: 'leaky-fifo', description: 'forgets unmaps',
  init: () => ({ queue: [] }),
  onMap(s, p) { s.queue.push(p.frame); },
  chooseVictim(s) { return s.queue[0]!; },
});
`);
    expect(await h.selfTest()).toEqual({ ok: false, error: { kind: 'invalid-answer', message: 'self test, map 10 of 16 (vpn 0x409, 8 of 8 frames resident): chooseVictim answered frame 3, which is not resident (resident: 7, 12, 13, 20, 21, 30, 31, 36)' } });
  });

  it('names the step where a policy throws, or answers a bad shape, or clears a foreign frame', async () => {
    const thrower = await startService(policySource(`init: () => ({ n: 0 }), onMap(s) { if (++s.n === 5) throw new Error('fifth map'); }, chooseVictim: (_s, b) => b.frames[0]!`));
    expect(await thrower.selfTest()).toEqual({ ok: false, error: { kind: 'threw', message: 'self test, map 5 of 16 (vpn 0x404, 4 of 8 frames resident): onMap: fifth map' } });
    const shape = await startService(policySource(`init: () => null, chooseVictim: () => 2.5`));
    expect(await shape.selfTest()).toMatchObject({ ok: false, error: { kind: 'invalid-answer', message: expect.stringMatching(/^self test, map 9 of 16 .*: chooseVictim: victim must be an integer frame number, got 2.5$/) } });
    const clears = await startService(policySource(`init: () => null, chooseVictim: (_s, b) => ({ victim: b.frames[0]!, clear: [63] })`));
    expect(await clears.selfTest()).toMatchObject({ ok: false, error: { kind: 'invalid-answer', message: expect.stringMatching(/chooseVictim asked to clear frame 63, which is not resident/) } });
    const scan = await startService(policySource(`init: () => null, onScan: () => ({ clear: [-1] }), chooseVictim: (_s, b) => b.frames[0]!`));
    expect(await scan.selfTest()).toMatchObject({ ok: false, error: { kind: 'invalid-answer', message: expect.stringMatching(/^self test, scan after map 6: onScan asked to clear frame -1/) } });
    const exp = await startService(policySource(`init: () => ({ f: () => 0 }), exportState: (s) => s, chooseVictim: (_s, b) => b.frames[0]!`));
    expect(await exp.selfTest()).toMatchObject({ ok: false, error: { kind: 'invalid-answer', message: expect.stringMatching(/^self test, exportState: the exported state cannot be handed/) } });
  });

  it('has its own time limit: a hanging self test stops the worker', async () => {
    const h = await startService(policySource(`init: () => null, chooseVictim: () => { for (;;) {} }`), { selfTestMs: 300 });
    expect(await h.selfTest()).toEqual({ ok: false, error: { kind: 'timeout', budgetMs: 300, message: 'the self test did not finish within 300 ms; the service worker was stopped' } });
    expect(h.dead).toBe(true);
  });

  it('checks readahead and allocator answers', async () => {
    const good = await startService(`import { defineReadahead } from 'milklab';
export default defineReadahead({ name: 'r', description: '', init: () => null, onFault: (_s, f) => [f.vpn + 1] });
`);
    expect(await good.selfTest()).toEqual({ ok: true, value: undefined });
    const bad = await startService(`import { defineReadahead } from 'milklab';
export default defineReadahead({ name: 'r', description: '', init: () => null, onFault: (_s, f) => (f.pid === 2 ? [-f.vpn] : []) });
`);
    expect(await bad.selfTest()).toEqual({ ok: false, error: { kind: 'invalid-answer', message: 'self test, fault 5 of 6 (pid 2, vpn 0x300): onFault answered page -768, outside 0..0xfffff' } });
    const alloc = await startService(`import { defineAllocator } from 'milklab';
export default defineAllocator({ name: 'a', description: '', init: () => null, quotas: (_s, u) => Object.fromEntries(u.processes.map((p) => [p.pid + 1, 8])) });
`);
    expect(await alloc.selfTest()).toEqual({ ok: false, error: { kind: 'invalid-answer', message: 'self test, quotas call 1 of 2 (3 processes): quotas answered for pid 4, which is not running (pids: 1, 2, 3)' } });
  });
});
