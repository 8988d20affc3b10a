// Every lab stays gradeable: its reference solution passes `check` and its starter fails it,
// run in-process exactly as `milklab check` runs them. Also: the labs are well formed (README,
// starter files, a solution for every starter) and there are at least eight.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLab } from '../../src/labs/check.js';
import { labNames, loadLab, type Lab } from '../../src/labs/discover.js';
import { starterFiles } from '../../src/labs/workdir.js';

const names = labNames();
const labs: Lab[] = names.map((n) => {
  const r = loadLab(n);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.lab;
});

describe('the labs', () => {
  it('there are at least eight, numbered from 01 without gaps', () => {
    expect(names.length).toBeGreaterThanOrEqual(8);
    expect(labs.map((l) => Number(l.id))).toEqual(labs.map((_, i) => i + 1));
  });

  it.each(names)('%s: has a README naming its check command, its starter files and a solution', (name) => {
    const lab = labs.find((l) => l.name === name)!;
    const readme = readFileSync(path.join(lab.dir, 'README.md'), 'utf8');
    expect(readme).toContain(`milklab check ${lab.id}`);
    for (const f of starterFiles(lab)) expect(existsSync(path.join(lab.dir, f)), f).toBe(true);
    expect(existsSync(path.join(lab.dir, 'solution', lab.config.submission.file))).toBe(true);
  });
});

describe.each(names)('lab %s', (name) => {
  const lab = labs.find((l) => l.name === name)!;

  it('the reference solution passes every criterion', async () => {
    const r = await checkLab(lab, path.join(lab.dir, 'solution', lab.config.submission.file));
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.report.criteria.filter((c) => !c.pass)).toEqual([]);
    expect(r.report.pass).toBe(true);
  });

  it('the starter fails, and gives the same figures every time', async () => {
    const file = path.join(lab.dir, lab.config.submission.file);
    const a = await checkLab(lab, file);
    if (!a.ok) throw new Error(JSON.stringify(a.error));
    expect(a.report.pass).toBe(false);
    expect(a.report.criteria.some((c) => !c.pass)).toBe(true);
    if (lab.id === '02') {
      const b = await checkLab(lab, file);
      expect(b).toEqual(a);
    }
  });
});
