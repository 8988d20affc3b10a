// The lab.json format: what a lab asks for (the learner's submission), the runs it grades on
// (trace replays or machine runs with workloads, frames and seed) and its criteria (a measured
// value compared with a target). Validated with zod; a malformed file gets one line naming the
// file and the field: `labs/02-write-clock/lab.json: criteria[1].compare: ...`.

import * as z from 'zod';
import type { Generator } from './generate.js';

/** Statistics a trace replay yields. */
export const TRACE_STATS = ['faults', 'hits', 'hitRatio', 'references', 'fallbacks', 'serviceErrors'] as const;
/** Statistics a machine run yields (faultRate: faults per million instructions). */
export const MACHINE_STATS = [
  'faults', 'majorFaults', 'minorFaults', 'prefetched', 'evictions', 'cycles', 'instructions', 'faultRate', 'maxFaultRate',
  'swaps', 'rollbacks', 'fallbacks', 'serviceErrors', 'probationPassed', 'migrated', 'finalVersion', 'exitFailures',
] as const;
export type Stat = (typeof TRACE_STATS)[number] | (typeof MACHINE_STATS)[number];

export const SUBMISSION_KINDS = ['replacement', 'readahead', 'allocator', 'answers', 'trace'] as const;
export const COMPARISONS = ['==', '<=', '>=', '<', '>'] as const;
export type Comparison = (typeof COMPARISONS)[number];

const int = (min: number) => z.number().int().min(min);
const fileName = z.string().regex(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/, 'a relative path inside the lab folder (letters, digits, . _ - and /)')
  .refine((f) => !f.split('/').includes('..'), 'must stay inside the lab folder');

const generator: z.ZodType<Generator> = z.lazy(() => z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('loop'), pages: int(1).max(1_000_000), passes: int(1).max(100_000), base: int(0).optional() }).strict(),
  z.object({ kind: z.literal('uniform'), pages: int(1).max(1_000_000), length: int(1).max(2_000_000), seed: int(0), base: int(0).optional() }).strict(),
  z.object({ kind: z.literal('zipf'), pages: int(1).max(1_000_000), length: int(1).max(2_000_000), seed: int(0), s: z.number().positive().max(4).optional(), base: int(0).optional() }).strict(),
  z.object({ kind: z.literal('concat'), parts: z.array(generator).min(1) }).strict(),
  z.object({ kind: z.literal('interleave'), parts: z.array(generator).min(1), seed: int(0) }).strict(),
]));

/** Where a trace run's reference string comes from: exactly one of file, generate, submission. */
const traceSource = z.object({
  file: fileName.optional(),
  generate: generator.optional(),
  submission: z.literal(true).optional(),
}).strict().superRefine((t, ctx) => {
  const n = [t.file, t.generate, t.submission].filter((x) => x !== undefined).length;
  if (n !== 1) ctx.addIssue({ code: 'custom', message: 'needs exactly one of "file", "generate" or "submission": true' });
});

/** A service: 'submission' (the learner's file), 'none', 'lab:FILE' (a file of the lab) or a built-in name. */
const spec = z.string().regex(/^(submission|none|lab:[A-Za-z0-9._-]+|[a-z0-9-]+)$/, "expected 'submission', 'none', 'lab:FILE' or a built-in service name");

const traceRun = z.object({
  mode: z.literal('trace'),
  trace: traceSource,
  frames: int(1).max(1 << 20),
  /** The policy replayed (default 'submission'). */
  policy: spec.optional(),
  scanInterval: int(1).optional(),
}).strict();

const machineRun = z.object({
  mode: z.literal('machine'),
  programs: z.array(z.object({ name: z.string().min(1), args: z.array(z.string()).optional() }).strict()).min(1).max(16),
  frames: int(4).max(1 << 20),
  seed: int(0).default(1),
  policy: spec.default('clock'),
  readahead: spec.optional(),
  allocator: spec.optional(),
  /** Replacement-policy swaps at exact instruction counts (like `milklab run --swap-at`). */
  swaps: z.array(z.object({ at: int(1), service: spec }).strict()).optional(),
  probation: int(0).optional(),
  /** A guard: the run stops here (default 300 000 000). */
  maxInstructions: int(1).optional(),
}).strict();

export type TraceWorkload = z.infer<typeof traceRun>;
export type MachineWorkload = z.infer<typeof machineRun>;
export type Workload = TraceWorkload | MachineWorkload;

/** A measured quantity: a stat of a workload run, an answer of the learner, a sum, or a constant; times scales it. */
export interface Measure {
  workload?: string | undefined;
  stat?: Stat | undefined;
  service?: string | undefined;
  frames?: number | undefined;
  process?: string | undefined;
  window?: [number, number] | undefined;
  answer?: string | undefined;
  sum?: Measure[] | undefined;
  value?: number | undefined;
  times?: number | undefined;
}

const measure: z.ZodType<Measure> = z.lazy(() => z.object({
  workload: z.string().optional(),
  stat: z.enum([...new Set([...TRACE_STATS, ...MACHINE_STATS])] as [Stat, ...Stat[]]).optional(),
  service: spec.optional(),
  frames: int(1).optional(),
  process: z.string().optional(),
  window: z.tuple([int(0), int(1)]).refine(([a, b]) => b > a, 'the window must end after it starts').optional(),
  answer: z.string().min(1).optional(),
  sum: z.array(measure).min(1).optional(),
  value: z.number().optional(),
  times: z.number().positive().optional(),
}).strict().superRefine((m, ctx) => {
  const kinds = (['workload', 'answer', 'sum', 'value'] as const).filter((k) => m[k] !== undefined);
  if (kinds.length !== 1) ctx.addIssue({ code: 'custom', message: `needs exactly one of workload, answer, sum, value${kinds.length ? ` (got ${kinds.join(', ')})` : ''}` });
  if (m.workload !== undefined && m.stat === undefined) ctx.addIssue({ code: 'custom', path: ['stat'], message: 'a workload measure needs a stat' });
  if (m.workload === undefined && (m.stat ?? m.service ?? m.frames ?? m.process ?? m.window) !== undefined) ctx.addIssue({ code: 'custom', message: 'stat, service, frames, process and window belong to a workload measure' });
}));

const criterion = z.object({
  name: z.string().min(1),
  measure,
  compare: z.enum(COMPARISONS),
  target: z.union([z.number(), measure]),
  /** The target is not shown until the criterion passes (answers the learner must work out). */
  secret: z.boolean().optional(),
}).strict();

export const labSchema = z.object({
  title: z.string().min(1),
  summary: z.string().min(1),
  minutes: int(1),
  submission: z.object({ file: fileName, kind: z.enum(SUBMISSION_KINDS) }).strict(),
  /** Files copied into the working folder besides README.md (default: the submission file). */
  files: z.array(fileName).optional(),
  /** The machine workload the UI shows live. */
  live: z.string().optional(),
  workloads: z.record(z.string().regex(/^[a-z0-9-]+$/, 'workload names are lowercase words'), z.discriminatedUnion('mode', [traceRun, machineRun])),
  criteria: z.array(criterion).min(1),
}).strict();

export type LabConfig = z.infer<typeof labSchema>;
export type Criterion = LabConfig['criteria'][number];
