// `milklab lab` and `milklab check` end to end: the list, copying a lab into a working folder
// without overwriting the learner's files, grading the starter (FAIL, exit 1) and the solution
// (PASS, exit 0, --json), and bad input as one line with exit 2.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { milklab, ROOT } from '../helpers/cli.js';

const tmp = (): string => mkdtempSync(path.join(os.tmpdir(), 'milklab-lab-'));
const SOLUTION = path.join(ROOT, 'labs/02-write-clock/solution/clock.ts');

describe('milklab lab', () => {
  it('lists the labs one line each', () => {
    const r = milklab(['lab']);
    expect(r.status).toBe(0);
    const labs = r.stdout.split('\n').filter((l) => /^\d\d {2}/.test(l));
    expect(labs.length).toBeGreaterThanOrEqual(8);
    expect(labs[1]).toMatch(/^02 {2}write-clock +Write CLOCK — .* \(45 min\)$/);
    expect(r.stdout).toContain('milklab lab NN');
  });

  it('copies the lab into ./milklab-labs/NN-name, then keeps the learner’s files', () => {
    const cwd = tmp();
    const first = milklab(['lab', '2'], { cwd });
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('lab 02: Write CLOCK — in milklab-labs/02-write-clock');
    expect(first.stdout).toMatch(/wrote README\.md\n {2}wrote clock\.ts\n {2}wrote traces\/classic\.txt/);
    expect(first.stdout).toContain('milklab check 02');
    const mine = path.join(cwd, 'milklab-labs/02-write-clock/clock.ts');
    writeFileSync(mine, '// my CLOCK, half done\n');
    const again = milklab(['lab', 'write-clock'], { cwd });
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('kept  clock.ts (already there: your work is never overwritten)');
    expect(readFileSync(mine, 'utf8')).toBe('// my CLOCK, half done\n');
  });

  it('checks from inside the working folder too', () => {
    const cwd = tmp();
    milklab(['lab', '03'], { cwd });
    const inside = path.join(cwd, 'milklab-labs/03-beladys-anomaly');
    const r = milklab(['check', '03'], { cwd: inside });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('FAIL  FIFO faults more with 5 frames than with 4');
  });

  it('takes --dir, and the check finds the file there', () => {
    const cwd = tmp();
    expect(milklab(['lab', '02', '--dir', 'work'], { cwd }).stdout).toContain('milklab check 02 --dir work');
    const r = milklab(['check', '02', '--dir', 'work'], { cwd });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^FAIL {2}classic string, 3 frames: faults +measured 15 {2}target == 14$/m);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('02-write-clock: 0/4 criteria pass');
  });

  it('rejects an unknown lab in one line', () => {
    const r = milklab(['lab', '42']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^milklab: no lab '42' \(labs: 01, 02, .*; see 'milklab lab'\)\n$/);
  });
});

describe('milklab check', () => {
  it('passes the reference solution, with --json for tooling', () => {
    const r = milklab(['check', '02', '--service', SOLUTION, '--json']);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ lab: '02-write-clock', pass: true });
    expect(j.criteria).toHaveLength(4);
    expect(j.criteria[0]).toEqual({ name: 'classic string, 3 frames: faults', measured: 14, target: 14, compare: '==', pass: true });
  });

  it('says what to do when there is no working folder yet', () => {
    const r = milklab(['check', '02'], { cwd: tmp() });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("milklab: milklab-labs/02-write-clock/clock.ts: no such file (run 'milklab lab 02' first, or name the file with --service FILE)\n");
  });

  it('reports a file that does not compile as file:line:col, exit 2', () => {
    const cwd = tmp();
    writeFileSync(path.join(cwd, 'broken.ts'), "import { definePolicy } from 'milklab';\nexport default definePolicy({ name: 'x', description: 'x', init: () => ({}), chooseVictim(s, bits) { return bits.frames[0]! + ; } });\n");
    const r = milklab(['check', '02', '--service', 'broken.ts'], { cwd });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^milklab: broken\.ts:2:\d+: .+\n$/);
  });

  it('rejects bad usage in one line', () => {
    expect(milklab(['check']).stderr).toMatch(/^milklab: check: usage: milklab check NN/);
    expect(milklab(['check', '02', '--frames', '3']).status).toBe(2);
  });
});
