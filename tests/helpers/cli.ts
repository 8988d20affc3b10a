// Test helper: runs the built CLI (dist/milklab.mjs, built by tests/global-setup.ts) as a process.

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliFailure } from '../../src/cli/errors.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(ROOT, 'bin/milklab.mjs');

export interface CliRun { status: number | null; stdout: string; stderr: string }

/** Runs `milklab args...` to completion (cwd defaults to the repo root). */
export function milklab(args: string[], opts: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {}): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? ROOT, encoding: 'utf8', input: opts.input ?? '', env: { ...process.env, ...opts.env }, maxBuffer: 64 << 20,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The CliFailure `f` throws (fails the test when it throws nothing or something else). */
export function cliFailure(f: () => unknown): CliFailure {
  try {
    f();
  } catch (e) {
    if (e instanceof CliFailure) return e;
    throw e;
  }
  throw new Error('expected a CliFailure');
}
