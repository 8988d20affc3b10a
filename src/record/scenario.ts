// Demo scenarios: small JSON files a user can write. A scenario names workloads, memory, the first
// policy and steps at exact instruction counts (captions, swaps to a built-in or a file, the end),
// so a demo plays the same way every time. Validated with zod; errors are one line naming the file.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as z from 'zod';

const Step = z.object({
  at: z.number().int().nonnegative(),
  caption: z.string().optional(),
  swap: z.string().min(1).optional(),
  end: z.boolean().optional(),
}).strict();

const Scenario = z.object({
  title: z.string().min(1),
  frames: z.number().int().positive(),
  seed: z.number().int().nonnegative().default(1),
  workloads: z.array(z.object({ name: z.string().min(1), args: z.array(z.string()).default([]) }).strict()).min(1),
  policy: z.string().min(1),
  steps: z.array(Step).min(1),
}).strict();

export type ScenarioStep = z.infer<typeof Step>;
export type ScenarioSpec = z.infer<typeof Scenario> & { dir: string; file: string };
export type ScenarioResult = { ok: true; scenario: ScenarioSpec } | { ok: false; message: string };

/**
 * Reads and validates a scenario file. Contract: never throws; one-line errors name the file and
 * the field (e.g. `demo.json: steps.2.at: Invalid input: expected number, received string`). Swap files resolve relative to it.
 */
export function loadScenario(file: string): ScenarioResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const msg = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'not a file (a directory)' : `cannot read it (${(e as Error).message.split('\n')[0]})`;
    return { ok: false, message: `${file}: ${msg}` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `${file}: not valid JSON (${(e as Error).message.split('\n')[0]})` };
  }
  const r = Scenario.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    return { ok: false, message: `${file}: ${issue.path.join('.') || '(top level)'}: ${issue.message}` };
  }
  const steps = r.data.steps;
  for (let i = 1; i < steps.length; i++) {
    if (steps[i]!.at < steps[i - 1]!.at) return { ok: false, message: `${file}: steps.${i}.at: steps must be in increasing instruction order` };
  }
  const dir = path.dirname(path.resolve(file));
  return { ok: true, scenario: { ...r.data, dir, file, steps: steps.map((s) => (s.swap && /\.[cm]?[jt]s$/.test(s.swap) ? { ...s, swap: path.resolve(dir, s.swap) } : s)) } };
}
