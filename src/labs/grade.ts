// Grading: every criterion is a measured value compared with a target. Measures name a stat of
// a workload run (with the submission, or with another service in its place), an answer of the
// learner, a sum, or a constant. Each distinct run is executed once, then all criteria are
// evaluated from the figures.

import path from 'node:path';
import { findBuiltin } from '../services/builtin/index.js';
import { describeLoadError, loadServiceFile } from '../services/loader.js';
import type { ReplacementPolicy } from '../services/protocol.js';
import type { Lab } from './discover.js';
import { machineStats, type MachineStats } from './machine-run.js';
import type { Comparison, Criterion, MachineWorkload, Measure, TraceWorkload } from './schema.js';
import { answerAt, type Submission } from './submission.js';
import { referencesOf, traceStats, type TraceStats } from './trace-run.js';

export interface CriterionResult {
  name: string;
  /** null when there is nothing to measure (e.g. an answer left blank). */
  measured: number | null;
  target: number | null;
  compare: Comparison;
  pass: boolean;
  /** The target stays hidden (null) until the criterion passes. */
  secret?: true;
}

export interface GradeReport {
  criteria: CriterionResult[];
  pass: boolean;
  /** Problems the submission had while it ran (fallbacks, rollbacks, errors): hints, not grades. */
  notes: string[];
}

export type GradeResult = { ok: true; report: GradeReport } | { ok: false; message: string };

type Outcome = { mode: 'trace'; stats: TraceStats } | { mode: 'machine'; stats: MachineStats };
interface RunRef { workload: string; service: string | undefined; frames: number | undefined }

const keyOf = (r: RunRef): string => JSON.stringify([r.workload, r.service ?? null, r.frames ?? null]);

function leaves(m: Measure, out: Measure[]): void {
  if (m.sum) for (const s of m.sum) leaves(s, out);
  else if (m.workload !== undefined) out.push(m);
}

/** A machine workload's service specs with `override` in place of 'submission', resolved to names or paths. */
function machineServices(w: MachineWorkload, lab: Lab, sub: Submission, override: string | undefined) {
  const res = (spec: string | undefined): string | undefined => {
    const s = spec === 'submission' && override !== undefined ? override : spec;
    if (s === undefined || s === 'none') return undefined;
    if (s === 'submission') return path.resolve(sub.file);
    return s.startsWith('lab:') ? path.join(lab.dir, s.slice(4)) : s;
  };
  return {
    policy: res(w.policy) ?? 'clock', readahead: res(w.readahead), allocator: res(w.allocator),
    swaps: (w.swaps ?? []).map((sw) => ({ at: sw.at, service: res(sw.service)! })),
  };
}

class GradeFailure extends Error {}
function fail(message: string): never { throw new GradeFailure(message); }

class Runner {
  private readonly labPolicies = new Map<string, ReplacementPolicy<any>>();
  readonly notes: string[] = [];
  constructor(private readonly lab: Lab, private readonly sub: Submission) {}

  private async policy(spec: string): Promise<ReplacementPolicy<any>> {
    if (spec === 'submission') return this.sub.kind === 'service' ? (this.sub.service as ReplacementPolicy<any>) : fail('no policy submitted');
    if (!spec.startsWith('lab:')) return findBuiltin(spec) as ReplacementPolicy<any>;
    const known = this.labPolicies.get(spec);
    if (known) return known;
    const r = await loadServiceFile(path.join(this.lab.dir, spec.slice(4)));
    if (!r.ok || r.service.kind !== 'replacement') return fail(r.ok ? `${spec}: not a replacement policy` : describeLoadError(r.error));
    this.labPolicies.set(spec, r.service);
    return r.service;
  }

  async run(ref: RunRef, marks: number[]): Promise<Outcome> {
    const w = this.lab.config.workloads[ref.workload]!;
    if (w.mode === 'trace') {
      const tw = w as TraceWorkload;
      const spec = ref.service ?? tw.policy ?? 'submission';
      let refs: number[];
      try { refs = referencesOf(tw, this.lab.dir, this.sub.kind === 'trace' ? this.sub.pages : undefined); } catch (e) { return fail((e as Error).message); }
      const t = traceStats(refs, await this.policy(spec), ref.frames ?? tw.frames, tw.scanInterval);
      if (!t.ok) return fail(`${ref.workload}: ${t.message}`);
      const stats = t.stats;
      if (spec === 'submission' && stats.firstProblem) this.notes.push(`${ref.workload}: ${stats.fallbacks} fallback(s), ${stats.serviceErrors} error(s); first ${stats.firstProblem}`);
      return { mode: 'trace', stats };
    }
    const mine = (ref.service === undefined || ref.service === 'submission')
      && [w.policy, w.readahead, w.allocator, ...(w.swaps ?? []).map((sw) => sw.service)].includes('submission');
    const kind = this.lab.config.submission.kind;
    const watch = kind === 'readahead' || kind === 'allocator' ? kind : 'replacement';
    const r = await machineStats(w, machineServices(w, this.lab, this.sub, ref.service), ref.frames ?? w.frames, marks, watch);
    if (!r.ok) return fail(r.message);
    if (mine && r.stats.firstProblem) this.notes.push(`${ref.workload}: ${r.stats.firstProblem}`);
    if (r.stats.unfinished) this.notes.push(`${ref.workload}${ref.service ? ` with ${ref.service}` : ''}: stopped after ${r.stats.instructions} instructions with processes still running`);
    return { mode: 'machine', stats: r.stats };
  }
}

function statOf(o: Outcome, m: Measure): number {
  const stat = m.stat!;
  if (o.mode === 'trace') return o.stats[stat as keyof Omit<TraceStats, 'firstProblem'>] ?? NaN;
  const s = o.stats;
  if (m.window) return s.faultsAt.get(m.window[1])! - s.faultsAt.get(m.window[0])!;
  const procs = m.process === undefined ? s.processes : s.processes.filter((p) => p.name === m.process);
  const sum = (f: (p: (typeof procs)[number]) => number): number => procs.reduce((a, p) => a + f(p), 0);
  switch (stat) {
    case 'faults': case 'majorFaults': case 'minorFaults': case 'prefetched': case 'evictions': return sum((p) => p[stat]);
    case 'instructions': return m.process === undefined ? s.instructions : sum((p) => p.instructions);
    case 'cycles': return s.cycles;
    case 'faultRate': return (sum((p) => p.faults) * 1e6) / Math.max(1, sum((p) => p.instructions));
    case 'maxFaultRate': return Math.max(0, ...s.processes.map((p) => (p.faults * 1e6) / Math.max(1, p.instructions)));
    case 'finalVersion': return s.finalVersion;
    case 'exitFailures': return s.processes.filter((p) => p.exitCode !== 0).length;
    case 'swaps': case 'rollbacks': case 'fallbacks': case 'serviceErrors': case 'probationPassed': case 'migrated': return s.events[stat];
    default: return NaN;
  }
}

function compare(a: number, op: Comparison, b: number): boolean {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  switch (op) {
    case '==': return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
    case '<=': return a <= b + 1e-9;
    case '>=': return a >= b - 1e-9;
    case '<': return a < b;
    case '>': return a > b;
  }
}

/**
 * Grades `sub` on `lab`. Contract: deterministic; `ok: false` with one line when a run cannot
 * start (a service that does not load, a lab file that does not parse); never throws for those.
 */
export async function grade(lab: Lab, sub: Submission): Promise<GradeResult> {
  const runner = new Runner(lab, sub);
  const all: Measure[] = [];
  for (const c of lab.config.criteria) { leaves(c.measure, all); if (typeof c.target !== 'number') leaves(c.target, all); }
  const marks = new Map<string, number[]>();
  const refs = new Map<string, RunRef>();
  for (const m of all) {
    const ref = { workload: m.workload!, service: m.service, frames: m.frames };
    const k = keyOf(ref);
    refs.set(k, ref);
    marks.set(k, [...(marks.get(k) ?? []), ...(m.window ?? [])]);
  }
  const outcomes = new Map<string, Outcome>();
  try {
    for (const [k, ref] of refs) outcomes.set(k, await runner.run(ref, marks.get(k)!));
  } catch (e) {
    if (e instanceof GradeFailure) return { ok: false, message: e.message.split('\n')[0]! };
    throw e;
  }
  const value = (m: Measure): number => {
    const t = m.times ?? 1;
    if (m.value !== undefined) return m.value * t;
    if (m.answer !== undefined) return (sub.kind === 'answers' ? answerAt(sub.answers, m.answer) ?? NaN : NaN) * t;
    if (m.sum) return m.sum.reduce((a, s) => a + value(s), 0) * t;
    return statOf(outcomes.get(keyOf({ workload: m.workload!, service: m.service, frames: m.frames }))!, m) * t;
  };
  const criteria = lab.config.criteria.map((c: Criterion): CriterionResult => {
    const measured = value(c.measure);
    const target = typeof c.target === 'number' ? c.target : value(c.target);
    const num = (x: number): number | null => (Number.isFinite(x) ? x : null);
    const pass = compare(measured, c.compare, target);
    const hide = c.secret === true && !pass;
    return { name: c.name, measured: num(measured), target: hide ? null : num(target), compare: c.compare, pass, ...(hide ? { secret: true as const } : {}) };
  });
  return { ok: true, report: { criteria, pass: criteria.every((c) => c.pass), notes: [...new Set(runner.notes)] } };
}
