// formatPath, semanticIssues and parseLab beyond the schema (see schema.test.ts): every cross-field
// problem is reported with its path, all at once (services of the wrong kind or 'none', misplaced
// stats/windows/processes, missing lab files); parseLab gives the first as `FILE: FIELD: problem`.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { labSchema, type LabConfig } from '../../src/labs/schema.js';
import { formatPath, parseLab, semanticIssues } from '../../src/labs/validate.js';

const base = () => ({
  title: 'T', summary: 'S', minutes: 10,
  submission: { file: 'p.ts', kind: 'replacement' },
  workloads: {
    t: { mode: 'trace', trace: { generate: { kind: 'loop', pages: 4, passes: 2 } }, frames: 3 } as Record<string, unknown>,
    m: { mode: 'machine', programs: [{ name: 'loop', args: ['16', '4'] }], frames: 16, policy: 'submission' } as Record<string, unknown>,
  } as Record<string, Record<string, unknown>>,
  criteria: [{ name: 'c', measure: { workload: 't', stat: 'faults' } as Record<string, unknown>, compare: '<=', target: 5 as unknown }],
} as Record<string, any>);

/** The config after the schema (so semanticIssues sees what parseLab would give it). */
function cfg(edit: (c: ReturnType<typeof base>) => void = () => {}): LabConfig {
  const c = base();
  edit(c);
  const r = labSchema.safeParse(c);
  if (!r.success) throw new Error(JSON.stringify(r.error.issues[0]));
  return r.data;
}
const issues = (edit: (c: ReturnType<typeof base>) => void): string[] => semanticIssues(cfg(edit)).map((i) => `${formatPath(i.path)}: ${i.message}`);

describe('formatPath', () => {
  it.each([
    [[], '(top level)'],
    [['title'], 'title'],
    [['criteria', 1, 'compare'], 'criteria[1].compare'],
    [['workloads', 'm', 'swaps', 0, 'service'], 'workloads.m.swaps[0].service'],
    [[0, 'a'], '[0].a'],
    [['a', 2, 3], 'a[2][3]'],
    [[Symbol.for('s')], 'Symbol(s)'],
  ] as [PropertyKey[], string][])('%j → %s', (p, s) => {
    expect(formatPath(p)).toBe(s);
  });
});

describe('semanticIssues', () => {
  it('none for a consistent lab', () => {
    expect(semanticIssues(cfg())).toEqual([]);
  });

  it.each([
    ['a machine policy that is none', (c: any) => { c.workloads.m.policy = 'none'; }, "workloads.m.policy: a replacement policy cannot be 'none'"],
    ['a readahead slot given a replacement policy', (c: any) => { c.workloads.m.readahead = 'clock'; }, "workloads.m.readahead: 'clock' is a replacement service, not readahead"],
    ['an allocator slot given an unknown built-in', (c: any) => { c.workloads.m.allocator = 'greedy'; }, "workloads.m.allocator: 'greedy' is not a built-in service"],
    ['a swap to a readahead service', (c: any) => { c.workloads.m.swaps = [{ at: 10, service: 'sequential' }]; }, "workloads.m.swaps[0].service: 'sequential' is a readahead service, not replacement"],
    ['a trace policy of the wrong kind', (c: any) => { c.workloads.t.policy = 'pff'; }, "workloads.t.policy: 'pff' is an allocator service, not replacement"],
    ['a submitted trace in a policy lab', (c: any) => { c.workloads.t.trace = { submission: true }; }, "workloads.t.trace: a submitted trace needs a submission of kind 'trace'"],
    ['a process on a stat that is not per process', (c: any) => { c.criteria[0].measure = { workload: 'm', stat: 'cycles', process: 'loop' }; }, "criteria[0].measure.process: 'cycles' is not a per-process stat (faults, majorFaults, minorFaults, prefetched, evictions, instructions, faultRate)"],
    ['a window on a stat other than faults', (c: any) => { c.criteria[0].measure = { workload: 'm', stat: 'cycles', window: [0, 10] }; }, "criteria[0].measure.window: a window applies to the 'faults' stat only"],
    ['a process on a trace workload', (c: any) => { c.criteria[0].measure = { workload: 't', stat: 'faults', process: 'loop' }; }, 'criteria[0].measure.process: window and process apply to machine runs only'],
    ['a trace stat on a machine workload', (c: any) => { c.criteria[0].measure = { workload: 'm', stat: 'hitRatio' }; }, "criteria[0].measure.stat: 'hitRatio' is not a stat of machine runs"],
    ['a live workload that does not exist', (c: any) => { c.live = 'nope'; }, "live: 'nope' is not a machine workload of this lab"],
    ['a measure in a sum naming no workload', (c: any) => { c.criteria[0].target = { sum: [{ value: 1 }, { workload: 'x', stat: 'faults' }] }; }, "criteria[0].target.sum[1].workload: no workload 'x' (workloads: t, m)"],
  ])('%s', (_what, edit, expected) => {
    const got = issues(edit);
    expect(got).toHaveLength(1);
    expect(got[0]!.startsWith(expected)).toBe(true);
  });

  it('a readahead lab: its submission fits the readahead slot, not the policy slot, and a trace replay needs a named service', () => {
    expect(issues((c) => {
      c.submission.kind = 'readahead';
      c.workloads.m.policy = 'clock';
      c.workloads.m.readahead = 'submission';
      c.criteria[0].measure = { workload: 'm', stat: 'faults', service: 'sequential' };
      c.criteria[0].target = { workload: 'm', stat: 'faults', service: 'none' };
    })).toEqual([]);
    expect(issues((c) => { c.submission.kind = 'readahead'; })).toEqual([
      "workloads.m.policy: 'submission' here needs a replacement submission, but this lab's submission is readahead",
      "criteria[0].measure.service: workload 't' replays the submission, which is not a replacement policy: name a service",
    ]);
  });

  it('an answers lab cannot replace the submission in a machine run', () => {
    expect(issues((c) => {
      c.submission = { file: 'a.json', kind: 'answers' };
      c.workloads.m.policy = 'clock';
      c.criteria[0].measure = { answer: 'x' };
      c.criteria[0].target = { workload: 'm', stat: 'faults', service: 'fifo' };
    })).toEqual(['criteria[0].target.service: nothing to replace: the submission is not a service']);
  });

  it('reports every problem, in order: workloads, then criteria, then live', () => {
    expect(issues((c) => {
      c.live = 't';
      c.criteria[0].measure = { workload: 'zz', stat: 'faults' };
      c.workloads.m.policy = 'none';
    })).toEqual([
      "workloads.m.policy: a replacement policy cannot be 'none'",
      "criteria[0].measure.workload: no workload 'zz' (workloads: t, m)",
      "live: 't' is not a machine workload of this lab",
    ]);
  });

  describe('with the lab folder', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'milklab-validate-'));
    writeFileSync(path.join(dir, 'p.ts'), '');
    mkdirSync(path.join(dir, 'traces'));
    writeFileSync(path.join(dir, 'traces', 'a.txt'), '1\n2\n');

    it('files present are fine; missing trace files, lab: services and starter files are named', () => {
      expect(semanticIssues(cfg((c) => { c.workloads.t.trace = { file: 'traces/a.txt' }; c.workloads.m.policy = 'lab:p.ts'; }), dir)).toEqual([]);
      const got = semanticIssues(cfg((c) => {
        c.workloads.t.trace = { file: 'traces/b.txt' };
        c.workloads.m.policy = 'lab:v1.ts';
        c.files = ['p.ts', 'README2.md'];
      }), dir).map((i) => `${formatPath(i.path)}: ${i.message}`);
      expect(got).toEqual([
        'workloads.t.trace.file: traces/b.txt: no such file in the lab folder',
        'workloads.m.policy: v1.ts: no such file in the lab folder',
        'files[1]: README2.md: no such file in the lab folder',
      ]);
    });

    it('without the folder, files are not checked', () => {
      expect(semanticIssues(cfg((c) => { c.workloads.t.trace = { file: 'traces/b.txt' }; c.workloads.m.policy = 'lab:v1.ts'; }))).toEqual([]);
    });
  });
});

describe('parseLab', () => {
  it('gives the typed config with defaults filled', () => {
    const r = parseLab(JSON.stringify(base()), 'lab.json');
    if (!r.ok) throw new Error(r.message);
    const m = r.config.workloads.m!;
    expect(m.mode).toBe('machine');
    if (m.mode === 'machine') expect([m.seed, m.policy]).toEqual([1, 'submission']);
  });

  it('schema problems come before cross-field ones, and only the first is reported', () => {
    const c = base();
    c.minutes = 0;
    c.live = 't';
    const r = parseLab(JSON.stringify(c), 'x/lab.json');
    expect(r).toEqual({ ok: false, message: 'x/lab.json: minutes: Too small: expected number to be >=1' });
  });

  it('reports the first cross-field problem in one line naming the file', () => {
    const c = base();
    c.live = 't';
    c.workloads.m.policy = 'none';
    expect(parseLab(JSON.stringify(c), 'x/lab.json')).toEqual({ ok: false, message: "x/lab.json: workloads.m.policy: a replacement policy cannot be 'none'" });
  });

  it('JSON that is not an object is a schema error at the top level', () => {
    const r = parseLab('[1, 2]', 'lab.json');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toMatch(/^lab\.json: \(top level\): /);
      expect(r.message).not.toContain('\n');
    }
  });

  it('never throws, whatever the text', () => {
    for (const text of ['', 'null', '"x"', '{}', '{"title":1}', '\u0000']) {
      const r = parseLab(text, 'lab.json');
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message.split('\n')).toHaveLength(1);
    }
  });
});
