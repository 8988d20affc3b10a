// `milklab check NN [--service FILE] [--dir DIR] [--json]`: grades the learner's submission
// headless and deterministically: one line per criterion (PASS/FAIL, measured, target), exit 0
// only when all pass (1 otherwise); bad input is one line and exit 2.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { checkLab, describeCheckError, reportLines } from '../labs/check.js';
import { describeLabError, findLab } from '../labs/discover.js';
import { defaultWorkdir, submissionPath } from '../labs/workdir.js';
import { parse } from './args.js';
import { badInput, usage } from './errors.js';
import { shown } from './lab.js';

const OPTIONS = { service: { type: 'string' }, dir: { type: 'string' }, json: { type: 'boolean' } } as const;

/** Runs the command; returns the exit status. */
export async function checkCommand(args: string[], out: (s: string) => void): Promise<number> {
  const p = parse('check', args, OPTIONS);
  if (p.positionals.length !== 1) throw usage('check: usage: milklab check NN [--service FILE] [--dir DIR] [--json] (labs: milklab lab)');
  const found = findLab(p.positionals[0]!);
  if (!found.ok) throw badInput(describeLabError(found.error));
  const lab = found.lab;
  let file: string;
  if (typeof p.values.service === 'string') {
    file = p.values.service;
  } else {
    const dir = typeof p.values.dir === 'string' ? path.resolve(p.values.dir) : defaultWorkdir(lab);
    file = shown(submissionPath(lab, dir));
    if (!existsSync(file)) throw badInput(`${file}: no such file (run 'milklab lab ${lab.id}' first, or name the file with --service FILE)`);
  }
  const r = await checkLab(lab, file);
  if (!r.ok) throw badInput(describeCheckError(r.error));
  if (p.values.json) out(JSON.stringify(r.report));
  else for (const line of reportLines(r.report)) out(line);
  return r.report.pass ? 0 : 1;
}
