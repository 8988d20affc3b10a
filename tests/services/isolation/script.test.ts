// Locating (or building) the service worker's script.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { distIsFresh, workerScript, workerSources } from '../../../src/services/isolation/script.js';

describe('workerScript', () => {
  it('returns one runnable .mjs bundle, the same on every call', () => {
    const p = workerScript();
    expect(p).toMatch(/\.mjs$/);
    expect(existsSync(p)).toBe(true);
    expect(workerScript()).toBe(p);
    expect(readFileSync(p, 'utf8')).toContain('node:worker_threads');
  });
  it('knows its sources and prefers a built script only when it is newer than all of them', () => {
    const names = workerSources().map((f) => path.basename(f));
    expect(names).toEqual(expect.arrayContaining(['worker.ts', 'server.ts', 'sandbox.ts', 'host.ts', 'protocol.ts']));
    expect(distIsFresh(undefined, [1])).toBe(false);
    expect(distIsFresh(10, [1, 10])).toBe(true);
    expect(distIsFresh(10, [1, 11])).toBe(false);
  });
});
