// Grading mechanics on small labs made for the test: comparisons, sums and factors, answers and
// secret targets, and every kind of bad submission as one line (compile errors with
// file:line:col, the wrong kind of service, a trace-only policy on a machine lab, bad JSON or
// trace files).
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLab, describeCheckError, reportLines } from '../../src/labs/check.js';
import type { Lab } from '../../src/labs/discover.js';
import { ejectedSource } from '../../src/cli/eject.js';
import { criterion, testLab } from './test-lab.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'milklab-labcheck-'));
let n = 0;

const lab = testLab;
function file(name: string, text: string): string {
  const f = path.join(root, `${n++}-${name}`);
  writeFileSync(f, text);
  return f;
}
const FIFO = ejectedSource('fifo')!;

describe('grading', () => {
  it('compares measured values with numbers, other runs, factors and sums', async () => {
    const l = lab({
      criteria: [
        criterion('fifo loop faults', { workload: 'loop', stat: 'faults' }, '==', 20), // a loop of 5 pages in 4 frames: all miss
        criterion('opt does better', { workload: 'loop', service: 'opt', stat: 'faults' }, '<', { workload: 'loop', stat: 'faults' }),
        criterion('half of fifo', { workload: 'loop', stat: 'faults' }, '<=', { workload: 'loop', stat: 'faults', times: 0.5 }),
        criterion('a sum', { sum: [{ value: 1 }, { value: 2 }] }, '>=', 3),
        criterion('more frames', { workload: 'loop', frames: 5, stat: 'faults' }, '==', 5),
      ],
    });
    const r = await checkLab(l, file('fifo.ts', FIFO));
    if (!r.ok) throw new Error(describeCheckError(r.error));
    expect(r.report.criteria.map((c) => [c.name, c.measured, c.target, c.pass])).toEqual([
      ['fifo loop faults', 20, 20, true],
      ['opt does better', 8, 20, true],
      ['half of fifo', 20, 10, false],
      ['a sum', 3, 3, true],
      ['more frames', 5, 5, true],
    ]);
    expect(r.report.pass).toBe(false);
    const lines = reportLines(r.report);
    expect(lines[0]).toMatch(/^PASS  fifo loop faults +measured 20  target == 20$/);
    expect(lines[2]).toMatch(/^FAIL  half of fifo +measured 20  target <= 10$/);
    expect(lines.at(-1)).toBe('99-test: 4/5 criteria pass');
  });

  it('answers: a blank answer fails without a value; secret targets show only once right', async () => {
    const l = lab({
      submission: { file: 'answers.json', kind: 'answers' },
      criteria: [
        criterion('fifo', { answer: 'fifo.4' }, '==', { workload: 'loop', service: 'fifo', stat: 'faults' }, { secret: true }),
        criterion('opt', { answer: 'opt.4' }, '==', { workload: 'loop', service: 'opt', stat: 'faults' }, { secret: true }),
        criterion('lru', { answer: 'lru.4' }, '==', { workload: 'loop', service: 'lru', stat: 'faults' }),
      ],
    });
    const r = await checkLab(l, file('answers.json', JSON.stringify({ fifo: { 4: 20 }, opt: { 4: 12 }, lru: { 4: null } })));
    if (!r.ok) throw new Error(describeCheckError(r.error));
    expect(r.report.criteria).toEqual([
      { name: 'fifo', measured: 20, target: 20, compare: '==', pass: true },
      { name: 'opt', measured: 12, target: null, compare: '==', pass: false, secret: true },
      { name: 'lru', measured: null, target: 20, compare: '==', pass: false },
    ]);
    expect(reportLines(r.report)[1]).toMatch(/^FAIL  opt +measured 12  target == \? \(shown once you have it\)$/);
  });

  it('notes a submission that fell back to the kernel’s choice', async () => {
    const l = lab({ criteria: [criterion('faults', { workload: 'loop', stat: 'faults' }, '>=', 0)] });
    const r = await checkLab(l, file('bad.ts', FIFO.replace(/return s\.queue\[0\] \?\? bits\.frames\[0\]!;/, 'return 999;')));
    if (!r.ok) throw new Error(describeCheckError(r.error));
    expect(r.report.notes[0]).toMatch(/^loop: 16 fallback\(s\), 0 error\(s\); first at reference 4: victim 999 is not a resident frame$/);
  });
});

describe('bad submissions are one line', () => {
  const l = lab({ criteria: [criterion('faults', { workload: 'loop', stat: 'faults' }, '>=', 0)] });
  const machine = lab({
    workloads: { m: { mode: 'machine', programs: [{ name: 'loop', args: ['16', '4'] }], frames: 16, policy: 'submission' } },
    criteria: [criterion('faults', { workload: 'm', stat: 'faults' }, '>=', 0)],
  });
  const one = async (x: Lab, f: string): Promise<string> => {
    const r = await checkLab(x, f);
    if (r.ok) throw new Error('expected an error');
    const m = describeCheckError(r.error);
    expect(m.split('\n')).toHaveLength(1);
    return m;
  };

  it('a missing file', async () => {
    expect(await one(l, '/no/such/file.ts')).toBe('/no/such/file.ts: no such file');
  });
  it('a syntax error, with file:line:col', async () => {
    const f = file('syntax.ts', FIFO.replace('init: () =>', 'init: () => =>'));
    expect(await one(l, f)).toMatch(new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: `));
  });
  it('a type error, with file:line:col', async () => {
    const f = file('types.ts', FIFO.replace('s.queue.push(page.frame);', "s.queue.push('x');"));
    expect(await one(l, f)).toMatch(/types\.ts:\d+:\d+: .*string/);
  });
  it('a service of the wrong kind', async () => {
    expect(await one(l, file('ra.ts', ejectedSource('sequential')!))).toMatch(/ra\.ts: exports a readahead service; this lab wants a replacement service$/);
  });
  it('a trace-only policy in a lab that runs on the machine', async () => {
    expect(await one(machine, file('lru.ts', ejectedSource('lru')!))).toMatch(/lru\.ts: policy 'lru' needs every reference, which only trace mode has/);
  });
  it('answers that are not JSON, and a trace that does not parse', async () => {
    const a = lab({ submission: { file: 'a.json', kind: 'answers' }, criteria: [criterion('x', { answer: 'x' }, '==', 1)] });
    expect(await one(a, file('a.json', '{ x: 1 }'))).toMatch(/a\.json: not valid JSON: /);
    const t = lab({
      submission: { file: 't.txt', kind: 'trace' },
      workloads: { yours: { mode: 'trace', trace: { submission: true }, frames: 3, policy: 'fifo' } },
      criteria: [criterion('x', { workload: 'yours', stat: 'faults' }, '>=', 0)],
    });
    expect(await one(t, file('t.txt', '1\n2\nthree\n'))).toMatch(/t\.txt:3: not a page number: 'three'$/);
  });
});

describe('a policy that never answers', () => {
  it('is stopped by the replay time limit, not waited for', async () => {
    const { traceStats } = await import('../../src/labs/trace-run.js');
    const { definePolicy } = await import('../../src/services/protocol.js');
    const spin = definePolicy<null>({ name: 'spin', description: 'loops forever', init: () => null, chooseVictim: () => { for (;;) { /* endless */ } } });
    const t0 = performance.now();
    const r = traceStats([1, 2, 3, 4, 5], spin, 2, undefined, 200);
    expect(r).toEqual({ ok: false, message: "policy 'spin' did not finish the replay within 0.2 s (an endless loop?)" });
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});
