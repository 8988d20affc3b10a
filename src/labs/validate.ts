// Reading a lab.json: JSON syntax, the zod schema, then the checks across fields (a measure names
// a workload that exists, a stat that workload's mode yields, a service of the right kind, files
// present in the lab folder). Every failure is one line naming the file and the field.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { findBuiltin } from '../services/builtin/index.js';
import { labSchema, MACHINE_STATS, TRACE_STATS, type LabConfig, type Measure, type Workload } from './schema.js';

/** 'a' or 'an' before `word`. */
const article = (word: string): string => (/^[aeiou]/i.test(word) ? 'an' : 'a');

export type LabParseResult = { ok: true; config: LabConfig } | { ok: false; message: string };

type Issue = { path: (string | number)[]; message: string };

/** `a.b[2].c` from a zod-style path. */
export function formatPath(p: readonly PropertyKey[]): string {
  let out = '';
  for (const k of p) out += typeof k === 'number' ? `[${k}]` : `${out ? '.' : ''}${String(k)}`;
  return out || '(top level)';
}

const PER_PROCESS = new Set(['faults', 'majorFaults', 'minorFaults', 'prefetched', 'evictions', 'instructions', 'faultRate']);
const SLOT_KIND = { policy: 'replacement', readahead: 'readahead', allocator: 'allocator' } as const;

/** Problems with service `spec` in a slot of `kind`, for a lab whose submission is `sub`. */
function specIssue(spec: string, kind: 'replacement' | 'readahead' | 'allocator', sub: LabConfig['submission']['kind']): string | undefined {
  if (spec === 'submission') return sub === kind ? undefined : `'submission' here needs ${article(kind)} ${kind} submission, but this lab's submission is ${sub}`;
  if (spec === 'none') return kind === 'replacement' ? "a replacement policy cannot be 'none'" : undefined;
  if (spec.startsWith('lab:')) return undefined;
  const b = findBuiltin(spec);
  if (!b) return `'${spec}' is not a built-in service`;
  return b.kind === kind ? undefined : `'${spec}' is ${article(b.kind)} ${b.kind} service, not ${kind}`;
}

function measureIssues(m: Measure, at: (string | number)[], cfg: LabConfig, out: Issue[]): void {
  if (m.sum) { m.sum.forEach((s, i) => measureIssues(s, [...at, 'sum', i], cfg, out)); return; }
  if (m.answer !== undefined && cfg.submission.kind !== 'answers') out.push({ path: [...at, 'answer'], message: "answers need a submission of kind 'answers'" });
  if (m.workload === undefined) return;
  const w: Workload | undefined = cfg.workloads[m.workload];
  if (!w) { out.push({ path: [...at, 'workload'], message: `no workload '${m.workload}' (workloads: ${Object.keys(cfg.workloads).join(', ')})` }); return; }
  const stats: readonly string[] = w.mode === 'trace' ? TRACE_STATS : MACHINE_STATS;
  if (m.stat && !stats.includes(m.stat)) out.push({ path: [...at, 'stat'], message: `'${m.stat}' is not a stat of ${w.mode} runs (${stats.join(', ')})` });
  if (w.mode === 'trace' && (m.window || m.process)) out.push({ path: [...at, m.window ? 'window' : 'process'], message: 'window and process apply to machine runs only' });
  if (m.window && m.stat !== 'faults') out.push({ path: [...at, 'window'], message: "a window applies to the 'faults' stat only" });
  if (m.process && !PER_PROCESS.has(m.stat ?? '')) out.push({ path: [...at, 'process'], message: `'${m.stat}' is not a per-process stat (${[...PER_PROCESS].join(', ')})` });
  if (m.service !== undefined) {
    const kind = w.mode === 'trace' ? 'replacement' : cfg.submission.kind;
    if (kind !== 'replacement' && kind !== 'readahead' && kind !== 'allocator') out.push({ path: [...at, 'service'], message: 'nothing to replace: the submission is not a service' });
    else { const e = specIssue(m.service, kind, cfg.submission.kind); if (e) out.push({ path: [...at, 'service'], message: e }); }
  } else if (w.mode === 'trace' && (w.policy ?? 'submission') === 'submission' && cfg.submission.kind !== 'replacement') {
    out.push({ path: [...at, 'service'], message: `workload '${m.workload}' replays the submission, which is not a replacement policy: name a service` });
  }
}

function workloadIssues(name: string, w: Workload, cfg: LabConfig, dir: string | undefined, out: Issue[]): void {
  const at = ['workloads', name];
  if (w.mode === 'trace') {
    if (w.trace.submission && cfg.submission.kind !== 'trace') out.push({ path: [...at, 'trace'], message: "a submitted trace needs a submission of kind 'trace'" });
    const f = w.trace.file;
    if (f !== undefined && dir && !existsSync(path.join(dir, f))) out.push({ path: [...at, 'trace', 'file'], message: `${f}: no such file in the lab folder` });
    if (w.policy) { const e = specIssue(w.policy, 'replacement', cfg.submission.kind); if (e) out.push({ path: [...at, 'policy'], message: e }); }
    return;
  }
  for (const slot of ['policy', 'readahead', 'allocator'] as const) {
    const s = w[slot];
    if (s === undefined) continue;
    const e = specIssue(s, SLOT_KIND[slot], cfg.submission.kind);
    if (e) out.push({ path: [...at, slot], message: e });
    if (s.startsWith('lab:') && dir && !existsSync(path.join(dir, s.slice(4)))) out.push({ path: [...at, slot], message: `${s.slice(4)}: no such file in the lab folder` });
  }
  (w.swaps ?? []).forEach((sw, i) => { const e = specIssue(sw.service, 'replacement', cfg.submission.kind); if (e) out.push({ path: [...at, 'swaps', i, 'service'], message: e }); });
}

/** Cross-field problems of a schema-valid config (`dir`: the lab folder, to check that files exist). */
export function semanticIssues(cfg: LabConfig, dir?: string): Issue[] {
  const out: Issue[] = [];
  for (const [name, w] of Object.entries(cfg.workloads)) workloadIssues(name, w, cfg, dir, out);
  cfg.criteria.forEach((c, i) => {
    measureIssues(c.measure, ['criteria', i, 'measure'], cfg, out);
    if (typeof c.target !== 'number') measureIssues(c.target, ['criteria', i, 'target'], cfg, out);
  });
  if (cfg.live !== undefined && cfg.workloads[cfg.live]?.mode !== 'machine') out.push({ path: ['live'], message: `'${cfg.live}' is not a machine workload of this lab` });
  if (dir) (cfg.files ?? [cfg.submission.file]).forEach((f, i) => { if (!existsSync(path.join(dir, f))) out.push({ path: ['files', i], message: `${f}: no such file in the lab folder` }); });
  return out;
}

/**
 * Parses and validates the text of a lab.json. Contract: never throws; a failure is one line
 * `FILE: FIELD: what is wrong` (`file` is how the file is named in it).
 */
export function parseLab(text: string, file: string, dir?: string): LabParseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `${file}: not valid JSON: ${(e as Error).message.split('\n')[0]}` };
  }
  const r = labSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    return { ok: false, message: `${file}: ${formatPath(issue.path)}: ${issue.message}` };
  }
  const issues = semanticIssues(r.data, dir);
  if (issues.length) return { ok: false, message: `${file}: ${formatPath(issues[0]!.path)}: ${issues[0]!.message}` };
  return { ok: true, config: r.data };
}
