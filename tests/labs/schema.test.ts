// lab.json validation: a malformed file gets one line naming the file and the field; the labs
// shipped all validate.
import { describe, expect, it } from 'vitest';
import { parseLab } from '../../src/labs/validate.js';

const FILE = 'labs/99-x/lab.json';
const base = () => ({
  title: 'T', summary: 'S', minutes: 10,
  submission: { file: 'p.ts', kind: 'replacement' },
  workloads: {
    t: { mode: 'trace', trace: { generate: { kind: 'loop', pages: 4, passes: 2 } }, frames: 3 },
    m: { mode: 'machine', programs: [{ name: 'loop', args: ['16', '4'] }], frames: 16, policy: 'submission' },
  },
  criteria: [{ name: 'c', measure: { workload: 't', stat: 'faults' }, compare: '<=', target: { workload: 't', service: 'opt', stat: 'faults' } }],
});
type Cfg = ReturnType<typeof base> & Record<string, unknown>;
const parse = (edit: (c: Cfg) => void): string => {
  const c = base() as Cfg;
  edit(c);
  const r = parseLab(JSON.stringify(c), FILE);
  return r.ok ? 'ok' : r.message;
};

describe('lab.json validation', () => {
  it('accepts a well-formed lab and fills defaults (seed 1)', () => {
    const r = parseLab(JSON.stringify(base()), FILE);
    expect(r.ok).toBe(true);
    if (r.ok && r.config.workloads.m!.mode === 'machine') expect(r.config.workloads.m!.seed).toBe(1);
  });

  it('rejects broken JSON with the file and the parser message', () => {
    const r = parseLab('{ "title": ', FILE);
    expect(r).toMatchObject({ ok: false });
    if (!r.ok) expect(r.message).toMatch(/^labs\/99-x\/lab\.json: not valid JSON: /);
  });

  it.each([
    ['a missing field', (c: Cfg) => { delete (c as Partial<Cfg>).title; }, /lab\.json: title: /],
    ['an unknown field', (c: Cfg) => { c.extra = 1; }, /lab\.json: \(top level\): Unrecognized key: "extra"/],
    ['a bad comparison', (c: Cfg) => { c.criteria[0]!.compare = '=<'; }, /lab\.json: criteria\[0\]\.compare: /],
    ['a bad submission kind', (c: Cfg) => { c.submission.kind = 'policy'; }, /lab\.json: submission\.kind: /],
    ['frames below 1', (c: Cfg) => { (c.workloads.t as { frames: number }).frames = 0; }, /lab\.json: workloads\.t\.frames: /],
    ['an unknown generator', (c: Cfg) => { (c.workloads.t as { trace: unknown }).trace = { generate: { kind: 'spiral' } }; }, /lab\.json: workloads\.t\.trace\.generate\.kind: /],
    ['a trace with two sources', (c: Cfg) => { (c.workloads.t as { trace: unknown }).trace = { file: 'a.txt', submission: true }; }, /lab\.json: workloads\.t\.trace: needs exactly one of/],
    ['a measure with two sources', (c: Cfg) => { (c.criteria[0]!.measure as Record<string, unknown>).value = 3; }, /criteria\[0\]\.measure: needs exactly one of workload, answer, sum, value \(got workload, value\)/],
    ['a measure naming no workload that exists', (c: Cfg) => { c.criteria[0]!.measure.workload = 'nope'; }, /criteria\[0\]\.measure\.workload: no workload 'nope' \(workloads: t, m\)/],
    ['a machine stat on a trace workload', (c: Cfg) => { c.criteria[0]!.measure.stat = 'cycles'; }, /criteria\[0\]\.measure\.stat: 'cycles' is not a stat of trace runs/],
    ['a window on a trace workload', (c: Cfg) => { (c.criteria[0]!.measure as Record<string, unknown>).window = [0, 10]; }, /criteria\[0\]\.measure\.window: window and process apply to machine runs only/],
    ['an unknown built-in', (c: Cfg) => { c.criteria[0]!.target.service = 'lfu'; }, /criteria\[0\]\.target\.service: 'lfu' is not a built-in service/],
    ['a service of the wrong kind', (c: Cfg) => { c.criteria[0]!.target.service = 'sequential'; }, /criteria\[0\]\.target\.service: 'sequential' is a readahead service, not replacement/],
    ['an answer without an answers submission', (c: Cfg) => { c.criteria[0]!.measure = { answer: 'fifo.3' } as never; }, /criteria\[0\]\.measure\.answer: answers need a submission of kind 'answers'/],
    ['a readahead slot given the policy submission', (c: Cfg) => { (c.workloads.m as Record<string, unknown>).readahead = 'submission'; }, /workloads\.m\.readahead: 'submission' here needs a readahead submission/],
    ['a live workload that is a trace', (c: Cfg) => { c.live = 't'; }, /lab\.json: live: 't' is not a machine workload/],
    ['a path leaving the lab folder', (c: Cfg) => { c.submission.file = '../x.ts'; }, /lab\.json: submission\.file: /],
  ])('rejects %s in one line naming the field', (_what, edit, message) => {
    const m = parse(edit);
    expect(m).toMatch(message);
    expect(m).toMatch(/^labs\/99-x\/lab\.json: /);
    expect(m.split('\n')).toHaveLength(1);
  });

  it('checks that the files it names exist in the lab folder', () => {
    const r = parseLab(JSON.stringify(base()), FILE, '/nonexistent-lab-folder');
    expect(r).toEqual({ ok: false, message: `${FILE}: files[0]: p.ts: no such file in the lab folder` });
  });
});
