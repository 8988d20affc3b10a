// Checking a lab: find it, load the learner's submission, run the lab's workloads and compare
// every criterion with its target. Headless and deterministic; what `milklab check` prints and
// what the tests and the UI's goal panel call in-process.

import { disposeCompilers } from '../session/versions.js';
import { describeLabError, findLab, type Lab, type LabError } from './discover.js';
import { grade, type CriterionResult } from './grade.js';
import { describeSubmissionError, loadSubmission, type SubmissionError } from './submission.js';

export interface CheckReport {
  /** The lab folder name, e.g. '02-write-clock'. */
  lab: string;
  pass: boolean;
  criteria: CriterionResult[];
  notes: string[];
}

export type CheckError =
  | LabError
  | SubmissionError
  /** A run could not start (e.g. the service failed its self test when loaded on the machine). */
  | { kind: 'run-failed'; message: string };

export type CheckResult = { ok: true; report: CheckReport } | { ok: false; error: CheckError };

/** One line for a CheckError. */
export function describeCheckError(e: CheckError): string {
  if (e.kind === 'unknown-lab' || e.kind === 'bad-lab') return describeLabError(e);
  if (e.kind === 'run-failed') return e.message;
  return describeSubmissionError(e);
}

/**
 * Grades submission `file` (as the user named it) on `lab`. Contract: never throws for bad
 * input (unknown lab, malformed lab.json, a missing or broken submission); the same inputs
 * always give the same report. When done it disposes the shared service compilers and worker
 * pool: do not call it in a process with a live Session (the UI grades in a child process).
 */
export async function checkLab(lab: Lab, file: string): Promise<CheckResult> {
  const machine = Object.values(lab.config.workloads).some((w) => w.mode === 'machine');
  try {
    const s = await loadSubmission(file, lab.config.submission, machine);
    if (!s.ok) return { ok: false, error: s.error };
    const g = await grade(lab, s.submission);
    if (!g.ok) return { ok: false, error: { kind: 'run-failed', message: g.message } };
    return { ok: true, report: { lab: lab.name, ...g.report } };
  } finally {
    await disposeCompilers();
  }
}

/** checkLab by lab id ('2', '02', 'write-clock'). */
export async function check(id: string, file: string): Promise<CheckResult> {
  const found = findLab(id);
  if (!found.ok) return { ok: false, error: found.error };
  return checkLab(found.lab, file);
}

/** Formats a number for the check table: integers as they are, others with one decimal from 100 up, else 4 significant digits. */
export function formatNumber(x: number | null): string {
  if (x === null) return '—';
  if (Number.isInteger(x)) return String(x);
  return Math.abs(x) >= 100 ? x.toFixed(1) : Number(x.toPrecision(4)).toString();
}

/** The lines `milklab check` prints: `PASS  name  measured X  target <= Y`, then notes. */
export function reportLines(r: CheckReport): string[] {
  const width = Math.max(...r.criteria.map((c) => c.name.length));
  const lines = r.criteria.map((c) => `${c.pass ? 'PASS' : 'FAIL'}  ${c.name.padEnd(width)}  measured ${formatNumber(c.measured)}  target ${c.compare} ${c.secret ? '? (shown once you have it)' : formatNumber(c.target)}`);
  for (const n of r.notes) lines.push(`note  ${n}`);
  const passed = r.criteria.filter((c) => c.pass).length;
  lines.push(`${r.lab}: ${passed}/${r.criteria.length} criteria pass${r.pass ? ' — lab complete' : ''}`);
  return lines;
}
