// loadScenario(): defaults (seed, workload args), dir/file of the result, swap files resolved
// relative to the scenario while built-in names stay, and the never-throws contract: one-line
// errors naming the file and the field for missing files, bad JSON and every schema rule.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario, type ScenarioResult, type ScenarioSpec } from '../../src/record/scenario.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'milklab-scenario-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
/** Writes `content` (JSON-encoded unless a string) to a fresh file under tmp/`sub`. */
function file(content: unknown, sub = ''): string {
  const dir = path.join(tmp, sub);
  mkdirSync(dir, { recursive: true });
  const f = path.join(dir, `scenario-${n++}.json`);
  writeFileSync(f, typeof content === 'string' ? content : JSON.stringify(content));
  return f;
}

const minimal = {
  title: 'tiny',
  frames: 32,
  workloads: [{ name: 'loop' }],
  policy: 'fifo',
  steps: [{ at: 0, caption: 'go' }],
};

function loaded(r: ScenarioResult): ScenarioSpec {
  if (!r.ok) throw new Error(`expected ok, got: ${r.message}`);
  return r.scenario;
}

function failure(f: string): string {
  const r = loadScenario(f);
  expect(r.ok).toBe(false);
  if (r.ok) return '';
  expect(r.message.startsWith(`${f}: `)).toBe(true);
  expect(r.message).not.toContain('\n');
  return r.message.slice(f.length + 2);
}

describe('loadScenario: valid files', () => {
  it('fills in defaults: seed 1 and no workload arguments', () => {
    const sc = loaded(loadScenario(file(minimal)));
    expect(sc.seed).toBe(1);
    expect(sc.workloads).toEqual([{ name: 'loop', args: [] }]);
    expect(sc.title).toBe('tiny');
    expect(sc.frames).toBe(32);
    expect(sc.policy).toBe('fifo');
    expect(sc.steps).toEqual([{ at: 0, caption: 'go' }]);
  });

  it('keeps given values, seed 0 included', () => {
    const sc = loaded(loadScenario(file({ ...minimal, seed: 0, workloads: [{ name: 'zipf', args: ['2048', '10'] }, { name: 'loop', args: [] }] })));
    expect(sc.seed).toBe(0);
    expect(sc.workloads).toEqual([{ name: 'zipf', args: ['2048', '10'] }, { name: 'loop', args: [] }]);
  });

  it('records the file as given and its directory as an absolute path', () => {
    const f = file(minimal, 'rel');
    const rel = path.relative(process.cwd(), f);
    const sc = loaded(loadScenario(rel));
    expect(sc.file).toBe(rel);
    expect(sc.dir).toBe(path.join(tmp, 'rel'));
    expect(path.isAbsolute(sc.dir)).toBe(true);
  });

  it('resolves swap files (.ts .js .mjs .cjs .mts .cts) against the scenario directory; names stay', () => {
    const steps = [
      { at: 0, swap: 'clock' },
      { at: 1, swap: 'mine.ts' },
      { at: 2, swap: '../other/p.js' },
      { at: 3, swap: 'x.mjs' },
      { at: 4, swap: 'x.cjs' },
      { at: 5, swap: 'x.mts' },
      { at: 6, swap: 'x.cts' },
      { at: 7, swap: '/abs/policy.ts' },
      { at: 8, swap: 's3fifo' },
      { at: 9, swap: 'notes.json' },
      { at: 10, end: true },
    ];
    const sc = loaded(loadScenario(file({ ...minimal, steps }, 'swaps')));
    const d = path.join(tmp, 'swaps');
    expect(sc.steps.map((s) => s.swap)).toEqual([
      'clock',
      path.join(d, 'mine.ts'),
      path.join(tmp, 'other', 'p.js'),
      path.join(d, 'x.mjs'),
      path.join(d, 'x.cjs'),
      path.join(d, 'x.mts'),
      path.join(d, 'x.cts'),
      path.resolve('/abs/policy.ts'),
      's3fifo',
      'notes.json',
      undefined,
    ]);
    expect(sc.steps[10]).toEqual({ at: 10, end: true });
  });

  it('accepts steps at the same instruction count (a caption and a swap together)', () => {
    const sc = loaded(loadScenario(file({ ...minimal, steps: [{ at: 5, caption: 'a' }, { at: 5, swap: 'clock' }, { at: 9, end: true }] })));
    expect(sc.steps.map((s) => s.at)).toEqual([5, 5, 9]);
  });

  it('loads the shipped default demo', () => {
    const f = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../demos/default.json');
    const sc = loaded(loadScenario(f));
    expect(sc.steps.at(-1)?.end).toBe(true);
    expect(sc.steps.some((s) => s.swap === path.join(sc.dir, 'broken-histogram.ts'))).toBe(true);
  });
});

describe('loadScenario: errors are results, one line, naming the file', () => {
  it('a missing file', () => {
    expect(failure(path.join(tmp, 'nope.json'))).toBe('no such file');
  });

  it('a file that is not JSON', () => {
    expect(failure(file('{ "title": '))).toMatch(/^not valid JSON \(.+\)$/);
    expect(failure(file(''))).toMatch(/^not valid JSON/);
  });

  it('a directory instead of a file is named as such, without throwing', () => {
    const d = path.join(tmp, 'a-dir');
    mkdirSync(d, { recursive: true });
    expect(failure(d)).toBe('not a file (a directory)');
  });

  it('JSON that is not an object is a top-level error', () => {
    for (const v of ['null', '[]', '42', '"demo"']) expect(failure(file(v))).toMatch(/^\(top level\): /);
  });

  it.each([
    ['title', { ...minimal, title: '' }, /^title: /],
    ['title missing', (({ title: _t, ...rest }) => rest)(minimal), /^title: /],
    ['frames 0', { ...minimal, frames: 0 }, /^frames: /],
    ['frames fractional', { ...minimal, frames: 2.5 }, /^frames: /],
    ['seed negative', { ...minimal, seed: -1 }, /^seed: /],
    ['no workloads', { ...minimal, workloads: [] }, /^workloads: /],
    ['workload name empty', { ...minimal, workloads: [{ name: 'loop' }, { name: '' }] }, /^workloads\.1\.name: /],
    ['workload arg not a string', { ...minimal, workloads: [{ name: 'loop', args: [1] }] }, /^workloads\.0\.args\.0: /],
    ['workload unknown key', { ...minimal, workloads: [{ name: 'loop', argv: [] }] }, /^workloads\.0: .*argv/],
    ['policy empty', { ...minimal, policy: '' }, /^policy: /],
    ['no steps', { ...minimal, steps: [] }, /^steps: /],
    ['step at a string', { ...minimal, steps: [{ at: 0 }, { at: 1 }, { at: '2' }] }, /^steps\.2\.at: .*number/],
    ['step at negative', { ...minimal, steps: [{ at: -1 }] }, /^steps\.0\.at: /],
    ['step at fractional', { ...minimal, steps: [{ at: 1.5 }] }, /^steps\.0\.at: /],
    ['step swap empty', { ...minimal, steps: [{ at: 0, swap: '' }] }, /^steps\.0\.swap: /],
    ['step end not boolean', { ...minimal, steps: [{ at: 0, end: 'yes' }] }, /^steps\.0\.end: /],
    ['step unknown key', { ...minimal, steps: [{ at: 0, say: 'hi' }] }, /^steps\.0: .*say/],
    ['unknown top-level key', { ...minimal, colour: 'red' }, /^\(top level\): .*colour/],
  ])('%s', (_name, obj, msg) => {
    expect(failure(file(obj))).toMatch(msg);
  });

  it('steps out of instruction order name the first step that goes back', () => {
    const steps = [{ at: 0 }, { at: 10 }, { at: 20 }, { at: 15 }, { at: 5 }];
    expect(failure(file({ ...minimal, steps }))).toBe('steps.3.at: steps must be in increasing instruction order');
  });
});
