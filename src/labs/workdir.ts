// The learner's working folder for a lab: a copy of the lab's README and starter files. Copying
// never overwrites: files already there are the learner's work and are kept as they are.

import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Lab } from './discover.js';

/**
 * Where a lab's working folder is by default: ./milklab-labs/NN-name under `cwd` — or `cwd`
 * itself when the learner is already inside a folder named NN-name.
 */
export function defaultWorkdir(lab: Lab, cwd = process.cwd()): string {
  return path.basename(cwd) === lab.name ? cwd : path.join(cwd, 'milklab-labs', lab.name);
}

/** The files a learner gets: README.md and the starter files (relative to the lab folder). */
export function starterFiles(lab: Lab): string[] {
  return ['README.md', ...(lab.config.files ?? [lab.config.submission.file])];
}

export type CopyResult =
  | { ok: true; written: string[]; kept: string[] }
  | { ok: false; error: { kind: 'cannot-write'; file: string; code: string } };

/**
 * Copies the lab's README and starter files into `dir` (created if needed), skipping every file
 * that already exists there. Contract: never overwrites; paths in the result are relative to `dir`.
 */
export function copyStarter(lab: Lab, dir: string): CopyResult {
  const written: string[] = [];
  const kept: string[] = [];
  for (const f of starterFiles(lab)) {
    const to = path.join(dir, f);
    if (existsSync(to)) { kept.push(f); continue; }
    try {
      mkdirSync(path.dirname(to), { recursive: true });
      copyFileSync(path.join(lab.dir, f), to, 1 /* COPYFILE_EXCL: never clobber */);
      written.push(f);
    } catch (e) {
      return { ok: false, error: { kind: 'cannot-write', file: to, code: (e as NodeJS.ErrnoException).code ?? 'error' } };
    }
  }
  return { ok: true, written, kept };
}

/** The submission file in the working folder `dir`. */
export function submissionPath(lab: Lab, dir: string): string {
  return path.join(dir, lab.config.submission.file);
}
