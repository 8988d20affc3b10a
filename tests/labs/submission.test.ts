// Loading a learner's submission: service files (compiled, type-checked, the right kind, machine
// labs refusing trace-only policies), answers.json and trace files, each problem a typed error
// with a one-line description naming the file; answerAt reads dotted keys of finite numbers only.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ejectedSource } from '../../src/cli/eject.js';
import { answerAt, describeSubmissionError, loadSubmission, type SubmissionResult } from '../../src/labs/submission.js';
import type { ReplacementPolicy } from '../../src/services/protocol.js';
import { disposeCompilers } from '../../src/session/versions.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'milklab-submission-'));
let n = 0;
function file(name: string, text: string): string {
  const f = path.join(dir, `${n++}-${name}`);
  writeFileSync(f, text);
  return f;
}
afterAll(async () => { await disposeCompilers(); });

const POLICY = { file: 'p.ts', kind: 'replacement' } as const;
/** The one-line description of a failed load (fails the test when it loaded). */
function problem(r: SubmissionResult): string {
  if (r.ok) throw new Error('expected an error');
  const m = describeSubmissionError(r.error);
  expect(m.split('\n')).toHaveLength(1);
  return m;
}

describe('loadSubmission: service files', () => {
  it('loads a policy as a callable service of the lab’s kind', async () => {
    const f = file('fifo.ts', ejectedSource('fifo')!);
    const r = await loadSubmission(f, POLICY, true);
    if (!r.ok) throw new Error(describeSubmissionError(r.error));
    expect(r.submission.kind).toBe('service');
    if (r.submission.kind !== 'service') return;
    expect(r.submission.file).toBe(f);
    expect([r.submission.service.kind, r.submission.service.name]).toEqual(['replacement', 'fifo']);
    const p = r.submission.service as ReplacementPolicy<unknown>;
    const st = p.init({ frames: 2 });
    p.onMap!(st, { frame: 1, vpn: 10, pid: 1 });
    p.onMap!(st, { frame: 0, vpn: 11, pid: 1 });
    const bits = { frames: [1, 0], now: 0, referenced: () => false, dirty: () => false, vpn: (f: number) => 10 + f };
    expect(p.chooseVictim(st, bits)).toBe(1); // first in, first out
  });

  it('loads readahead and allocator services for labs of those kinds', async () => {
    const ra = await loadSubmission(file('ra.ts', ejectedSource('sequential')!), { file: 'r.ts', kind: 'readahead' }, true);
    const al = await loadSubmission(file('al.ts', ejectedSource('pff')!), { file: 'a.ts', kind: 'allocator' }, true);
    expect(ra.ok && ra.submission.kind === 'service' && ra.submission.service.kind).toBe('readahead');
    expect(al.ok && al.submission.kind === 'service' && al.submission.service.kind).toBe('allocator');
  });

  it('a service of another kind names both kinds', async () => {
    const f = file('ra.ts', ejectedSource('sequential')!);
    const r = await loadSubmission(f, POLICY, false);
    expect(r).toMatchObject({ ok: false, error: { kind: 'invalid' } });
    expect(problem(r)).toBe(`${f}: exports a readahead service; this lab wants a replacement service`);
  });

  it('a trace-only policy is fine for trace labs, refused for labs that also run on the machine', async () => {
    const lru = file('lru.ts', ejectedSource('lru')!);
    expect((await loadSubmission(lru, POLICY, false)).ok).toBe(true);
    expect(problem(await loadSubmission(lru, POLICY, true))).toBe(`${lru}: policy 'lru' needs every reference, which only trace mode has, and this lab also runs it on the machine`);
    const opt = file('opt.ts', ejectedSource('opt')!);
    expect(problem(await loadSubmission(opt, POLICY, true))).toMatch(/opt\.ts: policy 'opt' needs the future, which only trace mode has/);
  });

  it('a type error is a compile error at file:line:col', async () => {
    const f = file('types.ts', ejectedSource('fifo')!.replace('s.queue.push(page.frame);', 's.queue.push(String(page.frame));'));
    const r = await loadSubmission(f, POLICY, false);
    expect(r).toMatchObject({ ok: false, error: { kind: 'compile' } });
    expect(problem(r)).toMatch(/types\.ts:\d+:\d+: .*string/);
  });

  it('a file without a service export is invalid, naming the file', async () => {
    const f = file('nothing.ts', 'export const x = 1;\n');
    const r = await loadSubmission(f, POLICY, false);
    expect(r).toMatchObject({ ok: false, error: { kind: 'invalid' } });
    expect(problem(r).startsWith(`${f}: `)).toBe(true);
  });
});

describe('loadSubmission: missing files', () => {
  it.each([['replacement'], ['answers'], ['trace']] as const)('a missing %s submission is missing, whatever the kind', async (kind) => {
    const f = path.join(dir, 'gone');
    const r = await loadSubmission(f, { file: 'x', kind }, false);
    expect(r).toEqual({ ok: false, error: { kind: 'missing', file: f } });
    expect(problem(r)).toBe(`${f}: no such file`);
  });

  it('a directory is not a submission', async () => {
    const d = path.join(dir, 'a-dir.json');
    mkdirSync(d);
    expect(await loadSubmission(d, { file: 'a.json', kind: 'answers' }, false)).toEqual({ ok: false, error: { kind: 'missing', file: d } });
  });
});

describe('loadSubmission: answers and traces', () => {
  it('answers are the parsed JSON, whatever its shape', async () => {
    const f = file('answers.json', '{ "fifo": { "3": 9 }, "note": null }');
    expect(await loadSubmission(f, { file: 'answers.json', kind: 'answers' }, false)).toEqual({
      ok: true, submission: { kind: 'answers', file: f, answers: { fifo: { 3: 9 }, note: null } },
    });
  });

  it('answers that are not JSON name the file', async () => {
    const f = file('answers.json', '{ fifo: 9 }');
    const r = await loadSubmission(f, { file: 'answers.json', kind: 'answers' }, false);
    expect(r).toMatchObject({ ok: false, error: { kind: 'invalid' } });
    expect(problem(r)).toMatch(new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid JSON: `));
  });

  it('a trace gives its page numbers', async () => {
    const f = file('t.txt', '# mine\n1\n2\n3\n1\n');
    expect(await loadSubmission(f, { file: 't.txt', kind: 'trace' }, false)).toEqual({ ok: true, submission: { kind: 'trace', file: f, pages: [1, 2, 3, 1] } });
  });

  it('a trace that does not parse names the file and the line', async () => {
    const f = file('t.txt', '1\n2\nthree\n');
    expect(problem(await loadSubmission(f, { file: 't.txt', kind: 'trace' }, false))).toBe(`${f}:3: not a page number: 'three'`);
    const e = file('e.txt', '# nothing here\n');
    expect(problem(await loadSubmission(e, { file: 't.txt', kind: 'trace' }, false))).toBe(`${e}: no page references in the trace`);
  });
});

describe('answerAt', () => {
  const answers = { fifo: { 3: 9, 4: 10 }, lru: { 3: null, 4: '8' }, opt: [7, 6], inf: Infinity, nan: NaN, n: 0, deep: { a: { b: { c: -2.5 } } } };

  it('reads finite numbers at dotted keys', () => {
    expect(answerAt(answers, 'fifo.3')).toBe(9);
    expect(answerAt(answers, 'fifo.4')).toBe(10);
    expect(answerAt(answers, 'n')).toBe(0);
    expect(answerAt(answers, 'deep.a.b.c')).toBe(-2.5);
    expect(answerAt(answers, 'opt.1')).toBe(6);
  });

  it.each(['lru.3', 'lru.4', 'inf', 'nan', 'fifo', 'fifo.5', 'nope.3', 'fifo.3.x', '', 'fifo..3'])('is undefined at %j (blank, not a number, not finite, absent)', (key) => {
    expect(answerAt(answers, key)).toBeUndefined();
  });

  it('never reads inherited properties', () => {
    expect(answerAt({}, 'constructor')).toBeUndefined();
    expect(answerAt({ a: {} }, 'a.toString')).toBeUndefined();
  });

  it('is undefined for answers that are not objects', () => {
    for (const a of [null, undefined, 3, 'fifo', true]) expect(answerAt(a, 'fifo.3')).toBeUndefined();
  });
});
