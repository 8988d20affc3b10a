// labSession: what the terminal UI gets to open a lab — the live session with the learner's file
// in its slot (none for trace-only labs), the watched files, and a goal graded in the background.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findLab } from '../../src/labs/discover.js';
import { labSession } from '../../src/labs/live.js';
import { copyStarter } from '../../src/labs/workdir.js';
import { loadScenario } from '../../src/record/scenario.js';
import type { RemoteSession } from '../../src/session/remote.js';

const open: RemoteSession[] = [];
afterEach(() => { for (const s of open.splice(0)) s.close(); });

function workdir(id: string): string {
  const found = findLab(id);
  if (!found.ok) throw new Error(id);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'milklab-live-lab-'));
  copyStarter(found.lab, dir);
  return dir;
}

describe('labSession', () => {
  it('a machine lab: a session on the live workload with the learner’s file in its slot', async () => {
    const dir = workdir('02');
    const r = await labSession('02', dir);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    open.push(r.session!);
    expect(r.watched).toEqual([{ file: path.join(dir, 'clock.ts'), slot: 'replacement' }]);
    expect(r.session!.snapshot().services[0]).toMatchObject({ service: 'replacement', name: 'my-clock', version: 1 });
    expect(r.session!.snapshot().processes.map((p) => p.name)).toEqual(['phases']);
    expect(r.goal.title).toBe('Lab 02: Write CLOCK');
    expect(r.goal.criteria().map((c) => c.pass)).toEqual([null, null, null, null]);
    expect(r.startedOn).toBeUndefined();
  });

  it('grades in the background and reports through onChange', async () => {
    const dir = workdir('03');
    const r = await labSession('03', dir);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.session).toBeNull();
    expect(r.watched).toEqual([{ file: path.join(dir, 'belady.txt'), slot: null }]);
    const seen: string[] = [];
    r.goal.onChange(() => seen.push(r.goal.status().kind));
    await r.goal.refresh();
    expect(seen).toEqual(['checking', 'idle']);
    expect(r.goal.criteria().map((c) => c.pass)).toEqual([false, true, true]);
    writeFileSync(path.join(dir, 'belady.txt'), 'not a trace\n');
    await r.goal.refresh();
    expect(r.goal.status()).toEqual({ kind: 'error', message: expect.stringMatching(/belady\.txt:1: not a page number: 'not a trace'$/) });
  });

  it('a file that does not compile yet: starts on a built-in stand-in and loads the file live', async () => {
    const dir = workdir('02');
    writeFileSync(path.join(dir, 'clock.ts'), 'export default 1 +;\n');
    const r = await labSession('02', dir);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    open.push(r.session!);
    expect(r.startedOn).toBe('fifo');
    expect(r.session!.snapshot().services[0]).toMatchObject({ name: 'fifo' });
  });

  it('an unknown lab is an error value', async () => {
    expect(await labSession('77')).toEqual({ ok: false, error: { kind: 'unknown-lab', id: '77', known: expect.any(Array) } });
  });
});

describe('lab demos', () => {
  it("lab 09's projector demo is a valid scenario", () => {
    const found = findLab('09');
    if (!found.ok) throw new Error('09');
    expect(loadScenario(path.join(found.lab.dir, 'demo.json')).ok).toBe(true);
  });
});
