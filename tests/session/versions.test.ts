// loadVersion: built-ins in-process; files compiled (compile-error events with file:line:col, one-line
// messages), checked for kind and trace-only needs (rejected events), isolated by default, unchanged
// saves reported as such; never throws. builtinNames: what can run on the machine.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ejectedSource } from '../../src/cli/eject.js';
import type { VersionHost } from '../../src/services/live/version.js';
import type { LiveEvent } from '../../src/services/live/events.js';
import { builtinNames, disposeCompilers, loadVersion, type LoadVersionResult } from '../../src/session/versions.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'milklab-versions-'));
let n = 0;
const file = (text: string, name = `svc${n++}.ts`): string => { const f = path.join(dir, name); writeFileSync(f, text); return f; };
const FIFO = ejectedSource('fifo')!;

const hosts: VersionHost[] = [];
afterEach(() => { for (const h of hosts.splice(0)) h.terminate(); });
afterAll(async () => { await disposeCompilers(); });

/** Loads `spec`, recording the events; keeps the host to terminate it. */
async function load(spec: string, kind: 'replacement' | 'readahead' | 'allocator' = 'replacement', opts: { inProcess?: boolean; skipUnchanged?: boolean } = {}) {
  const events: LiveEvent[] = [];
  const r: LoadVersionResult = await loadVersion(spec, kind, { frames: 16, onEvent: (e) => events.push(e), ...opts });
  if (r.ok) hosts.push(r.host);
  return { r, events };
}

describe('loadVersion: built-ins', () => {
  it('runs a built-in in-process', async () => {
    const { r, events } = await load('clock');
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.host.isolated).toBe(false);
      expect(r.host.info).toMatchObject({ kind: 'replacement', name: 'clock' });
      expect(r.hash).toBeUndefined();
    }
    expect(events).toEqual([]);
    const ra = await load('sequential', 'readahead');
    expect(ra.r.ok && ra.r.host.info.kind).toBe('readahead');
  });

  it('fails with one line for an unknown built-in or one of another kind', async () => {
    expect((await load('nru')).r).toEqual({ ok: false, message: "unknown replacement policy 'nru' (built-in: fifo, clock, aging, s3fifo, lru, opt; or give a .ts file)" });
    expect((await load('clock', 'allocator')).r).toEqual({ ok: false, message: "'clock' is a replacement policy, not a frame allocator" });
  });

  it('refuses the policies only trace mode can run, pointing there', async () => {
    const lru = (await load('lru')).r;
    expect(lru.ok).toBe(false);
    if (!lru.ok) expect(lru.message).toBe("policy 'lru' needs every memory reference, which only trace mode has: use 'milklab trace' (on the machine, try 'aging' or 'clock')");
    const opt = (await load('opt')).r;
    expect(!opt.ok && opt.message).toMatch(/^policy 'opt' needs the future reference string, .*milklab trace/);
  });
});

describe('loadVersion: files', () => {
  it('rejects a missing file with an event and a message', async () => {
    const missing = path.join(dir, 'nope.ts');
    const { r, events } = await load(missing);
    expect(r).toEqual({ ok: false, message: `${missing}: no such file` });
    expect(events).toEqual([{ type: 'rejected', service: 'replacement', file: missing, reason: `${missing}: no such file` }]);
    const asDir = (await load(`${dir}/`)).r; // a directory is no service file
    expect(!asDir.ok && asDir.message).toBe(`${dir}/: no such file`);
  });

  it('reports every compile error as an event with file:line:col and a code frame, and the first as the message', async () => {
    const f = file(FIFO.replace('init: () => ({ queue: [] }),', "init: () => ({ queue: [] }),\n  extra: nope1 + nope2,"));
    const { r, events } = await load(f, 'replacement', { inProcess: true });
    expect(r.ok).toBe(false);
    const errs = events.filter((e): e is Extract<LiveEvent, { type: 'compile-error' }> => e.type === 'compile-error');
    expect(errs.length).toBeGreaterThanOrEqual(2);
    expect(events).toHaveLength(errs.length);
    for (const e of errs) {
      expect(e).toMatchObject({ service: 'replacement', file: f });
      expect(e.line).toBeGreaterThan(0);
      expect(e.frame).toContain('nope');
    }
    expect(errs.map((e) => e.message).join('\n')).toMatch(/nope1[\s\S]*nope2/);
    const e0 = errs[0]!;
    expect(!r.ok && r.message).toBe(`${e0.file}:${e0.line}:${e0.column}: ${e0.message}`);
  });

  it('loads a file in-process when asked, with the hash of its source', async () => {
    const f = file(FIFO);
    const { r, events } = await load(f, 'replacement', { inProcess: true });
    expect(events).toEqual([]);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.host.isolated).toBe(false);
      expect(r.host.info).toMatchObject({ kind: 'replacement', name: 'fifo' });
      expect(r.hash).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('rejects a file exporting a service of another kind', async () => {
    const f = file(ejectedSource('sequential')!);
    const { r, events } = await load(f, 'replacement', { inProcess: true });
    expect(r).toEqual({ ok: false, message: `${f}: exports a readahead service, not a replacement service` });
    expect(events).toEqual([{ type: 'rejected', service: 'replacement', file: f, reason: 'exports a readahead service, not a replacement service' }]);
  });

  it('rejects a file whose policy needs trace mode', async () => {
    const f = file(FIFO.replace("name: 'fifo',", "name: 'seer',\n  needs: { future: true },"));
    const { r, events } = await load(f, 'replacement', { inProcess: true });
    expect(!r.ok && r.message).toMatch(new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: policy 'seer' needs the future reference string`));
    expect(events.map((e) => e.type)).toEqual(['rejected']);
  });

  it('rejects a file whose top level throws, naming the error', async () => {
    const f = file(`${FIFO}\nthrow new Error('top-level boom');\n`);
    const { r, events } = await load(f, 'replacement', { inProcess: true });
    expect(!r.ok && r.message).toMatch(/top-level boom/);
    expect(events.map((e) => e.type)).toEqual(['rejected']);
  });

  it('reports a save with unchanged bytes as unchanged when asked to, and loads it again once changed', async () => {
    const f = file(FIFO);
    expect((await load(f, 'replacement', { inProcess: true })).r.ok).toBe(true);
    const again = await load(f, 'replacement', { inProcess: true, skipUnchanged: true });
    expect(again.r).toEqual({ ok: false, message: `${f}: unchanged`, unchanged: true });
    expect(again.events).toEqual([]);
    expect((await load(f, 'replacement', { inProcess: true })).r.ok).toBe(true); // not asked: loads
    writeFileSync(f, `${FIFO}\n// changed\n`);
    const changed = await load(f, 'replacement', { inProcess: true, skipUnchanged: true });
    expect(changed.r.ok).toBe(true);
  });

  it('runs a file isolated by default, after its self test', async () => {
    const f = file(FIFO);
    const { r, events } = await load(f);
    expect(events).toEqual([]);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.host.isolated).toBe(true);
      expect(r.host.info).toMatchObject({ kind: 'replacement', name: 'fifo' });
      expect(r.host.dead).toBe(false);
    }
  });
});

describe('builtinNames', () => {
  it('lists the built-ins of a kind that can run on the machine', () => {
    expect(builtinNames('replacement')).toEqual(['fifo', 'clock', 'aging', 's3fifo']);
    expect(builtinNames('readahead')).toEqual(['sequential']);
    expect(builtinNames('allocator')).toEqual(['pff', 'equal']);
  });
});
