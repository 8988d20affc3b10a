// The learner's submission: a service file (compiled and type-checked like a live update, then
// evaluated in-process for trace replays), an answers.json, or a trace file. Problems are values
// with one-line descriptions (`clock.ts:12:5: ...`), never throws.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { describeCompileError, ServiceCompiler } from '../services/compiler.js';
import { SERVICE_GLOBAL } from '../services/loader.js';
import type { Service } from '../services/protocol.js';
import { evaluateService } from '../services/sandbox.js';
import { describeTraceError, parseTrace } from '../trace/parse.js';
import type { LabConfig } from './schema.js';

export type Submission =
  | { kind: 'service'; file: string; service: Service }
  | { kind: 'answers'; file: string; answers: unknown }
  | { kind: 'trace'; file: string; pages: number[] };

export type SubmissionError =
  | { kind: 'missing'; file: string }
  | { kind: 'compile'; message: string }
  | { kind: 'invalid'; message: string };

export type SubmissionResult = { ok: true; submission: Submission } | { ok: false; error: SubmissionError };

/** One line for a SubmissionError. */
export function describeSubmissionError(e: SubmissionError): string {
  return e.kind === 'missing' ? `${e.file}: no such file` : e.message;
}

async function loadService(file: string, kind: 'replacement' | 'readahead' | 'allocator', machine: boolean): Promise<SubmissionResult> {
  const compiler = new ServiceCompiler(file);
  try {
    const c = await compiler.compile();
    if (!c.ok) return { ok: false, error: { kind: 'compile', message: describeCompileError(c.errors[0]!) } };
    const ev = evaluateService(c.code, file, SERVICE_GLOBAL);
    if (!ev.ok) return { ok: false, error: { kind: 'invalid', message: `${file}: ${ev.message}` } };
    const s = ev.service;
    if (s.kind !== kind) return { ok: false, error: { kind: 'invalid', message: `${file}: exports a ${s.kind} service; this lab wants a ${kind} service` } };
    if (machine && s.kind === 'replacement' && (s.needs?.references || s.needs?.future)) {
      return { ok: false, error: { kind: 'invalid', message: `${file}: policy '${s.name}' needs ${s.needs.future ? 'the future' : 'every reference'}, which only trace mode has, and this lab also runs it on the machine` } };
    }
    return { ok: true, submission: { kind: 'service', file, service: s } };
  } finally {
    await compiler.dispose();
  }
}

/**
 * Loads the submission in `file` (as the user named it) for a lab whose submission is
 * `sub`; `machine` when the lab runs it on the machine (trace-only policies are refused then).
 */
export async function loadSubmission(file: string, sub: LabConfig['submission'], machine: boolean): Promise<SubmissionResult> {
  if (!existsSync(file) || !statSync(file).isFile()) return { ok: false, error: { kind: 'missing', file } };
  if (sub.kind === 'replacement' || sub.kind === 'readahead' || sub.kind === 'allocator') return loadService(file, sub.kind, machine);
  const text = readFileSync(file, 'utf8');
  if (sub.kind === 'answers') {
    try {
      return { ok: true, submission: { kind: 'answers', file, answers: JSON.parse(text) as unknown } };
    } catch (e) {
      return { ok: false, error: { kind: 'invalid', message: `${file}: not valid JSON: ${(e as Error).message.split('\n')[0]}` } };
    }
  }
  const t = parseTrace(text);
  if (!t.ok) return { ok: false, error: { kind: 'invalid', message: describeTraceError(file, t.error) } };
  return { ok: true, submission: { kind: 'trace', file, pages: t.trace.pages } };
}

/** The answer at dotted `key` ('fifo.3') of an answers object, or undefined unless it is a finite number. */
export function answerAt(answers: unknown, key: string): number | undefined {
  let v: unknown = answers;
  for (const k of key.split('.')) {
    if (typeof v !== 'object' || v === null || !Object.hasOwn(v, k)) return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
