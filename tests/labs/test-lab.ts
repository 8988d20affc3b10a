// Test helper: small labs made for a test, in fresh folders.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Lab } from '../../src/labs/discover.js';
import { parseLab } from '../../src/labs/validate.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'milklab-testlab-'));
let n = 0;

/**
 * A lab in a fresh folder from a partial lab.json (defaults: a replacement-policy lab on a trace
 * loop of 5 pages, 4 passes, in 4 frames); an empty submission file and `files` are written into
 * it. Throws when the lab.json is invalid.
 */
export function testLab(cfg: Record<string, unknown>, files: Record<string, string> = {}): Lab {
  const dir = path.join(root, `lab${n++}`);
  mkdirSync(dir);
  const full = {
    title: 'Test', summary: 'a lab for the test', minutes: 1, submission: { file: 'p.ts', kind: 'replacement' },
    workloads: { loop: { mode: 'trace', trace: { generate: { kind: 'loop', pages: 5, passes: 4 } }, frames: 4 } },
    ...cfg,
  };
  writeFileSync(path.join(dir, (full.submission as { file: string }).file), '');
  for (const [f, text] of Object.entries(files)) writeFileSync(path.join(dir, f), text);
  const r = parseLab(JSON.stringify(full), 'lab.json', dir);
  if (!r.ok) throw new Error(r.message);
  return { id: '99', name: '99-test', dir, config: r.config };
}

/** A grading criterion, as lab.json spells it. */
export const criterion = (name: string, measure: unknown, compare: string, target: unknown, extra = {}) => ({ name, measure, compare, target, ...extra });
