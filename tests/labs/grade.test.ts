// grade() on small test labs with in-memory submissions: each distinct run executed once, the
// comparisons, sums, factors, answers, trace and machine stats, notes (fallbacks, unfinished runs),
// lab policy files, determinism; a run that cannot start is `ok: false` with one line.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ejectedSource } from '../../src/cli/eject.js';
import type { Lab } from '../../src/labs/discover.js';
import { grade, type GradeReport, type GradeResult } from '../../src/labs/grade.js';
import type { Submission } from '../../src/labs/submission.js';
import { findBuiltin } from '../../src/services/builtin/index.js';
import { definePolicy, type Service } from '../../src/services/protocol.js';
import { disposeCompilers } from '../../src/session/versions.js';
import { criterion, testLab } from './test-lab.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'milklab-grade-'));
let n = 0;
afterAll(async () => { await disposeCompilers(); });

const lab = testLab;
const service = (s: Service, file = path.join(root, 'sub.ts')): Submission => ({ kind: 'service', file, service: s });
const FIFO = service(findBuiltin('fifo')!);

async function report(l: Lab, sub: Submission): Promise<GradeReport> {
  const r = await grade(l, sub);
  if (!r.ok) throw new Error(r.message);
  return r.report;
}
const rows = (r: GradeReport) => r.criteria.map((c) => [c.name, c.measured, c.target, c.pass]);
function failed(r: GradeResult): string {
  if (r.ok) throw new Error('expected ok: false');
  expect(r.message.split('\n')).toHaveLength(1);
  return r.message;
}

describe('grade: runs', () => {
  it('executes each distinct run once, however many measures name it', async () => {
    let inits = 0;
    const counting = definePolicy<number[]>({
      name: 'counting', description: 'FIFO that counts its instances', init: () => { inits++; return []; },
      onMap: (q, p) => { q.push(p.frame); }, onUnmap: (q, p) => { q.splice(q.indexOf(p.frame), 1); }, chooseVictim: (q) => q[0]!,
    });
    const l = lab({
      criteria: [
        criterion('faults', { workload: 'loop', stat: 'faults' }, '==', 20),
        criterion('hits', { workload: 'loop', stat: 'hits' }, '==', 0),
        criterion('references', { workload: 'loop', stat: 'references' }, '==', { workload: 'loop', stat: 'faults' }),
        criterion('5 frames', { workload: 'loop', frames: 5, stat: 'faults' }, '==', 5),
        criterion('vs opt', { workload: 'loop', stat: 'faults' }, '>', { workload: 'loop', service: 'opt', stat: 'faults' }),
      ],
    });
    const r = await report(l, service(counting));
    expect(r.pass).toBe(true);
    expect(inits).toBe(2); // 4 frames and 5 frames; opt is a run of its own, not of the submission
  });

  it('is deterministic: the same lab and submission give the same report', async () => {
    const l = lab({
      workloads: { z: { mode: 'trace', trace: { generate: { kind: 'zipf', pages: 60, length: 1500, seed: 4 } }, frames: 8 } },
      criteria: [criterion('zipf', { workload: 'z', stat: 'hitRatio' }, '>=', { workload: 'z', service: 'opt', stat: 'hitRatio', times: 0.9 })],
    });
    const clock = service(findBuiltin('clock')!);
    expect(await grade(l, clock)).toEqual(await grade(l, clock));
  });
});

describe('grade: comparisons and measures', () => {
  it.each([
    ['==', 3, 3, true], ['==', 3, 3 + 1e-12, true], ['==', 3, 3.001, false],
    ['<=', 3, 3, true], ['<=', 4, 3, false], ['>=', 3, 3, true], ['>=', 2, 3, false],
    ['<', 3, 3, false], ['<', 2, 3, true], ['>', 3, 3, false], ['>', 4, 3, true],
  ] as const)('%s: %d vs %d → %s', async (op, a, b, pass) => {
    const l = lab({ criteria: [criterion('c', { value: a }, op, b)] });
    const r = await report(l, FIFO);
    expect(r.criteria[0]).toEqual({ name: 'c', measured: a, target: b, compare: op, pass });
    expect(r.pass).toBe(pass);
  });

  it('== tolerates rounding in sums; sums and factors nest', async () => {
    const l = lab({
      criteria: [
        criterion('rounding', { sum: [{ value: 0.1 }, { value: 0.2 }] }, '==', 0.3),
        criterion('factors', { sum: [{ value: 1, times: 3 }, { sum: [{ value: 2 }], times: 2 }], times: 2 }, '==', 14),
        criterion('stat times', { workload: 'loop', stat: 'faults', times: 0.25 }, '==', 5),
      ],
    });
    expect(rows(await report(l, FIFO))).toEqual([['rounding', 0.30000000000000004, 0.3, true], ['factors', 14, 14, true], ['stat times', 5, 5, true]]);
  });

  it('answers: a missing or non-number answer is nothing measured, and fails', async () => {
    const l = lab({
      submission: { file: 'a.json', kind: 'answers' },
      criteria: [
        criterion('fifo', { answer: 'fifo.4' }, '==', { workload: 'loop', service: 'fifo', stat: 'faults' }),
        criterion('blank', { answer: 'lru.4' }, '>=', 0),
        criterion('text', { answer: 'opt.4' }, '>=', 0),
        criterion('secret', { answer: 'fifo.4' }, '<', 1, { secret: true }),
      ],
    });
    const r = await report(l, { kind: 'answers', file: 'a.json', answers: { fifo: { 4: 20 }, lru: { 4: null }, opt: { 4: '8' } } });
    expect(r.criteria).toEqual([
      { name: 'fifo', measured: 20, target: 20, compare: '==', pass: true },
      { name: 'blank', measured: null, target: 0, compare: '>=', pass: false },
      { name: 'text', measured: null, target: 0, compare: '>=', pass: false },
      { name: 'secret', measured: 20, target: null, compare: '<', pass: false, secret: true },
    ]);
  });

  it('a submitted trace is replayed through the lab’s policy', async () => {
    const l = lab({
      submission: { file: 't.txt', kind: 'trace' },
      workloads: { yours: { mode: 'trace', trace: { submission: true }, frames: 3, policy: 'fifo' } },
      criteria: [
        criterion('3 frames', { workload: 'yours', stat: 'faults' }, '==', 9),
        criterion('4 frames', { workload: 'yours', frames: 4, stat: 'faults' }, '==', 10),
        criterion('lru', { workload: 'yours', service: 'lru', stat: 'faults' }, '==', 10),
      ],
    });
    const r = await report(l, { kind: 'trace', file: 't.txt', pages: [1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5] });
    expect(r.criteria.map((c) => c.pass)).toEqual([true, true, true]);
  });

  it('a lab policy file is loaded and used like a built-in', async () => {
    const l = lab({ criteria: [criterion('same as fifo', { workload: 'loop', service: 'lab:mine.ts', stat: 'faults' }, '==', { workload: 'loop', service: 'fifo', stat: 'faults' })] }, { 'mine.ts': ejectedSource('fifo')! });
    expect(rows(await report(l, FIFO))).toEqual([['same as fifo', 20, 20, true]]);
  });

  it('notes the submission’s fallbacks, not those of the services it is compared with', async () => {
    const wild = definePolicy<null>({ name: 'wild', description: 'answers no resident frame', init: () => null, chooseVictim: () => -1 });
    const l = lab({ criteria: [criterion('faults', { workload: 'loop', stat: 'faults' }, '>=', { workload: 'loop', service: 'opt', stat: 'faults' })] });
    const r = await report(l, service(wild));
    expect(r.notes).toEqual(['loop: 16 fallback(s), 0 error(s); first at reference 4: victim -1 is not a resident frame']);
    expect((await report(l, FIFO)).notes).toEqual([]);
  });
});

describe('grade: machine runs', () => {
  const machine = (extra: Record<string, unknown> = {}) => lab({
    workloads: {
      m: { mode: 'machine', programs: [{ name: 'loop', args: ['16', '4'] }, { name: 'sieve', args: ['1000'] }], frames: 12, policy: 'fifo', ...extra },
    },
    criteria: [
      criterion('total', { workload: 'm', stat: 'faults' }, '==', { sum: [{ workload: 'm', process: 'loop', stat: 'faults' }, { workload: 'm', process: 'sieve', stat: 'faults' }] }),
      criterion('window', { workload: 'm', stat: 'faults', window: [1000, 20000] }, '>', 0),
      criterion('exit failures', { workload: 'm', stat: 'exitFailures' }, '==', 0),
      criterion('version', { workload: 'm', stat: 'finalVersion' }, '==', 1),
      criterion('per process', { workload: 'm', process: 'loop', stat: 'instructions' }, '<', { workload: 'm', stat: 'instructions' }),
      criterion('rate', { workload: 'm', stat: 'maxFaultRate' }, '>=', { workload: 'm', stat: 'faultRate' }),
      criterion('clock', { workload: 'm', service: 'clock', stat: 'swaps' }, '==', 0),
    ],
  });

  it('measures per process, in windows and over the run', async () => {
    const r = await report(machine(), FIFO);
    expect(r.criteria.filter((c) => !c.pass)).toEqual([]);
    expect(r.notes).toEqual([]);
    const [total, window] = r.criteria;
    expect(window!.measured!).toBeLessThan(total!.measured!);
  });

  it('a run stopped by maxInstructions is noted, with the service it ran with', async () => {
    const r = await report(machine({ maxInstructions: 5000 }), FIFO);
    expect(r.notes).toEqual([
      'm: stopped after 5000 instructions with processes still running',
      'm with clock: stopped after 5000 instructions with processes still running',
    ]);
    expect(r.criteria.find((c) => c.name === 'exit failures')).toMatchObject({ measured: 2, pass: false });
  });
});

describe('grade: runs that cannot start are one line', () => {
  it('a policy lab graded with something that is not a policy', async () => {
    const l = lab({ criteria: [criterion('faults', { workload: 'loop', stat: 'faults' }, '>=', 0)] });
    expect(failed(await grade(l, { kind: 'answers', file: 'a.json', answers: {} }))).toBe('no policy submitted');
  });

  it('a lab trace file that does not parse', async () => {
    const l = lab({
      workloads: { t: { mode: 'trace', trace: { file: 'bad.txt' }, frames: 3 } },
      criteria: [criterion('faults', { workload: 't', stat: 'faults' }, '>=', 0)],
    }, { 'bad.txt': '1\n2\nx\n' });
    expect(failed(await grade(l, FIFO))).toBe("bad.txt: the lab's trace does not parse");
  });

  it('a lab policy file that does not load, or is not a replacement policy', async () => {
    const broken = lab({ criteria: [criterion('c', { workload: 'loop', service: 'lab:b.ts', stat: 'faults' }, '>=', 0)] }, { 'b.ts': 'export default 1 +;\n' });
    expect(failed(await grade(broken, FIFO))).toMatch(/b\.ts:1:\d+: /);
    const ra = lab({ criteria: [criterion('c', { workload: 'loop', service: 'lab:ra.ts', stat: 'faults' }, '>=', 0)] }, { 'ra.ts': ejectedSource('sequential')! });
    expect(failed(await grade(ra, FIFO))).toBe('lab:ra.ts: not a replacement policy');
  });

  it('a machine run whose service cannot load', async () => {
    const l = lab({
      workloads: { m: { mode: 'machine', programs: [{ name: 'loop', args: ['16', '4'] }], frames: 8, policy: 'lab:gone.ts' } },
      criteria: [criterion('faults', { workload: 'm', stat: 'faults' }, '>=', 0)],
    }, { 'gone.ts': '' });
    expect(failed(await grade(l, FIFO))).toMatch(/gone\.ts: /);
  });
});
