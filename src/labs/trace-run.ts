// Trace runs of a lab: a reference string (a file of the lab, a seeded generator, or the learner's
// own trace) replayed through a replacement policy with the trace simulator, under a time limit.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import type { ReplacementPolicy } from '../services/protocol.js';
import { parseTrace } from '../trace/parse.js';
import { simulate } from '../trace/simulate.js';
import { generate } from './generate.js';
import type { TraceWorkload } from './schema.js';

export interface TraceStats {
  faults: number;
  hits: number;
  hitRatio: number;
  references: number;
  fallbacks: number;
  serviceErrors: number;
  /** The first fallback or service error, for the learner. */
  firstProblem?: string;
}

/**
 * The reference string of `w`: `submitted` is the learner's trace (when the source says so).
 * Contract: throws Error with a one-line message for a lab file that does not parse (a lab bug).
 */
export function referencesOf(w: TraceWorkload, labDir: string, submitted: number[] | undefined): number[] {
  const src = w.trace;
  if (src.generate) return generate(src.generate);
  if (src.submission) {
    if (!submitted) throw new Error('this workload replays the submitted trace, but there is none');
    return submitted;
  }
  const file = src.file!;
  const r = parseTrace(readFileSync(path.join(labDir, file), 'utf8'));
  if (!r.ok) throw new Error(`${file}: the lab's trace does not parse`);
  return r.trace.pages;
}

/** Wall time one replay may take: the labs' traces take milliseconds; more means an endless loop. */
export const TRACE_TIME_LIMIT_MS = 10_000;

export type TraceStatsResult = { ok: true; stats: TraceStats } | { ok: false; message: string };

/**
 * Replays `refs` through `policy` with `frames` frames. Contract: a policy that runs past
 * `limitMs` (an endless loop) is stopped and reported, not waited for: the replay runs
 * under a vm watchdog, whose termination no try/catch in the policy can swallow.
 */
export function traceStats(refs: readonly number[], policy: ReplacementPolicy<any>, frames: number, scanInterval?: number, limitMs = TRACE_TIME_LIMIT_MS): TraceStatsResult {
  let r: ReturnType<typeof simulate>;
  try {
    r = vm.runInNewContext('replay()', { replay: () => simulate(refs, policy, frames, scanInterval ? { scanInterval } : {}) }, { timeout: limitMs }) as ReturnType<typeof simulate>;
  } catch (e) {
    if ((e as { code?: string }).code !== 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw e;
    return { ok: false, message: `policy '${policy.name}' did not finish the replay within ${limitMs / 1000} s (an endless loop?)` };
  }
  const e = r.events[0];
  return {
    ok: true,
    stats: {
      faults: r.faults, hits: r.hits, hitRatio: r.references ? r.hits / r.references : 0, references: r.references,
      fallbacks: r.fallbacks, serviceErrors: r.serviceErrors,
      ...(e ? { firstProblem: e.kind === 'fallback' ? `at reference ${e.at}: ${e.reason}` : `at reference ${e.at}, ${e.hook}: ${e.message}` } : {}),
    },
  };
}
