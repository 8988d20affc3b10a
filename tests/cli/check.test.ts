// checkCommand in-process on the shipped trace and answers labs (fast, no compiler): the exit
// status says whether every criterion passes, --json prints one object, --dir and --service pick
// the file, and bad input (usage, unknown lab, missing or broken submission) is one CliFailure line.
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCommand } from '../../src/cli/check.js';
import { CliFailure } from '../../src/cli/errors.js';
import { ROOT } from '../helpers/cli.js';

const tmp = (): string => mkdtempSync(path.join(os.tmpdir(), 'milklab-check-cli-'));
const LAB01 = path.join(ROOT, 'labs/01-predict-faults');
const LAB03 = path.join(ROOT, 'labs/03-beladys-anomaly');

async function check(args: string[]): Promise<{ status: number; out: string[] }> {
  const out: string[] = [];
  const status = await checkCommand(args, (l) => out.push(l));
  return { status, out };
}
async function failure(args: string[]): Promise<CliFailure> {
  try {
    await check(args);
  } catch (e) {
    if (e instanceof CliFailure) return e;
    throw e;
  }
  throw new Error('expected a CliFailure');
}

describe('checkCommand', () => {
  it('the reference solution passes: one line per criterion, a summary, status 0', async () => {
    const r = await check(['03', '--service', path.join(LAB03, 'solution/belady.txt')]);
    expect(r.status).toBe(0);
    expect(r.out).toHaveLength(4);
    expect(r.out.slice(0, 3).every((l) => l.startsWith('PASS  '))).toBe(true);
    expect(r.out[1]).toMatch(/^PASS {2}the string has at most 30 references +measured \d+ {2}target <= 30$/);
    expect(r.out[3]).toBe('03-beladys-anomaly: 3/3 criteria pass — lab complete');
  });

  it('the starter fails with status 1 and the measured figures', async () => {
    const r = await check(['beladys-anomaly', '--service', path.join(LAB03, 'belady.txt')]);
    expect(r.status).toBe(1);
    // the classic string: FIFO faults 9 times with 3 frames, 10 with 4 — and 5 with 5
    expect(r.out[0]).toMatch(/^FAIL {2}FIFO faults more with 5 frames than with 4 +measured 5 {2}target > 10$/);
    expect(r.out.at(-1)).toBe('03-beladys-anomaly: 2/3 criteria pass');
  });

  it('--json prints exactly one JSON object with the report', async () => {
    const r = await check(['3', '--service', path.join(LAB03, 'solution/belady.txt'), '--json']);
    expect(r.status).toBe(0);
    expect(r.out).toHaveLength(1);
    const j = JSON.parse(r.out[0]!) as { lab: string; pass: boolean; criteria: unknown[]; notes: unknown[] };
    expect(j).toMatchObject({ lab: '03-beladys-anomaly', pass: true, notes: [] });
    expect(j.criteria).toHaveLength(3);
  });

  it('--dir finds the submission in a working folder', async () => {
    const dir = tmp();
    copyFileSync(path.join(LAB01, 'solution/answers.json'), path.join(dir, 'answers.json'));
    const r = await check(['01', '--dir', dir]);
    expect(r.status).toBe(0);
    expect(r.out.at(-1)).toBe('01-predict-faults: 6/6 criteria pass — lab complete');
  });

  it('keeps secret targets hidden until they are right', async () => {
    const dir = tmp();
    copyFileSync(path.join(LAB01, 'answers.json'), path.join(dir, 'answers.json'));
    const r = await check(['01', '--dir', dir]);
    expect(r.status).toBe(1);
    expect(r.out[0]).toBe('FAIL  FIFO, 3 frames  measured —  target == ? (shown once you have it)');
    expect(r.out.at(-1)).toBe('01-predict-faults: 0/6 criteria pass');
  });

  it('is deterministic: the same submission gives the same lines', async () => {
    const args = ['03', '--service', path.join(LAB03, 'belady.txt')];
    expect((await check(args)).out).toEqual((await check(args)).out);
  });
});

describe('checkCommand: bad input is one line', () => {
  it.each([[[]], [['01', '02']]])('usage %j', async (args) => {
    expect((await failure(args)).error).toEqual({ kind: 'usage', message: 'check: usage: milklab check NN [--service FILE] [--dir DIR] [--json] (labs: milklab lab)' });
  });

  it('an unknown option', async () => {
    expect((await failure(['01', '--frames', '3'])).error).toEqual({ kind: 'usage', message: "check: unknown option '--frames'" });
  });

  it('an unknown lab lists the labs', async () => {
    const e = await failure(['42']);
    expect(e.error.kind).toBe('bad-input');
    expect(e.error.message).toMatch(/^no lab '42' \(labs: 01, 02, 03, .*; see 'milklab lab'\)$/);
  });

  it('a working folder without the submission says what to do', async () => {
    const dir = tmp();
    expect((await failure(['01', '--dir', dir])).error).toEqual({
      kind: 'bad-input',
      message: `${path.join(dir, 'answers.json')}: no such file (run 'milklab lab 01' first, or name the file with --service FILE)`,
    });
  });

  it('a missing --service file names it', async () => {
    const f = path.join(tmp(), 'gone.txt');
    expect((await failure(['03', '--service', f])).error).toEqual({ kind: 'bad-input', message: `${f}: no such file` });
  });

  it('a submission that does not parse names the file and the problem', async () => {
    const dir = tmp();
    mkdirSync(path.join(dir, 'w'));
    const f = path.join(dir, 'w', 'answers.json');
    writeFileSync(f, '{ "fifo": ');
    const e = await failure(['01', '--service', f]);
    expect(e.error.kind).toBe('bad-input');
    expect(e.error.message).toMatch(new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid JSON: `));
    expect(e.error.message).not.toContain('\n');
  });
});
