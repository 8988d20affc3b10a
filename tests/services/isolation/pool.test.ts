// The warm spare: a booted worker waiting for a bundle, handed out and replaced.
import { afterAll, describe, expect, it } from 'vitest';
import { ServiceWorkerHost } from '../../../src/services/isolation/isolated-host.js';
import { WorkerPool } from '../../../src/services/isolation/pool.js';
import { FIFO, bitsFor, bundleSource } from './bundle.js';

const hosts: ServiceWorkerHost[] = [];
afterAll(async () => { await Promise.all(hosts.map((h) => h.terminate())); });

describe('WorkerPool', () => {
  it('hands out its warm spare and boots the next one', async () => {
    const pool = new WorkerPool();
    const { code, file } = await bundleSource(FIFO);
    await pool.warm();
    for (let i = 0; i < 3; i++) {
      const r = await ServiceWorkerHost.start(code, file, { pool, callBudgetMs: 5000 });
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      hosts.push(r.host);
      expect(r.host.createInstance(1, { frames: 2 }).ok).toBe(true);
      r.host.map(1, { frame: 5, vpn: 1, pid: 1 });
      expect(r.host.victim(1, bitsFor([5]))).toEqual({ ok: true, value: { victim: 5, clear: [] } });
      await pool.warm();
    }
    expect(pool.stats).toEqual({ reused: 3, fresh: 0 });
    // other limits than the spare's: a fresh worker, the spare stays
    const other = await ServiceWorkerHost.start(code, file, { pool, memoryMb: 32 });
    expect(other.ok).toBe(true);
    if (other.ok) hosts.push(other.host);
    expect(pool.stats).toEqual({ reused: 3, fresh: 1 });
    await pool.close();
    const after = await ServiceWorkerHost.start(code, file, { pool });
    if (after.ok) hosts.push(after.host);
    expect(pool.stats).toEqual({ reused: 3, fresh: 2 });
  });
});
