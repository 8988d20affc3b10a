// A lab opened in the terminal UI: the lab's live machine workload as a Session on a thread of its own (RemoteSession) with the
// learner's service file in its slot (labs graded on traces only have no session), the files the
// UI should watch, and the goal — the lab's title and each criterion's latest status. Grading
// runs `milklab check NN --json` in a child process, so it never stalls the UI's event loop.

import { spawn } from 'node:child_process';
import path from 'node:path';
import { packageRoot } from '../paths.js';
import { RemoteSession } from '../session/remote.js';
import type { ProgramSpec } from '../session/session.js';
import type { CheckReport } from './check.js';
import { describeLabError, findLab, type Lab, type LabError } from './discover.js';
import { programsOf } from './machine-run.js';
import type { Comparison } from './schema.js';
import { defaultWorkdir, submissionPath } from './workdir.js';

export interface GoalCriterion {
  name: string;
  measured: number | null;
  target: number | null;
  compare: Comparison;
  /** null until graded (or while the last grading failed). */
  pass: boolean | null;
}

export type GoalStatus =
  | { kind: 'idle' }
  | { kind: 'checking' }
  /** The last check could not grade (e.g. the file does not compile): its one-line message. */
  | { kind: 'error'; message: string };

export interface LabGoal {
  title: string;
  summary: string;
  /** The latest known status of every criterion, in lab.json order. */
  criteria(): GoalCriterion[];
  status(): GoalStatus;
  /** Re-grades the current files (call after a save); resolves when the grade is in. */
  refresh(): Promise<void>;
  /** Calls `fn` whenever criteria() or status() change; returns the unsubscribe function. */
  onChange(fn: () => void): () => void;
}

/** A file the UI watches: on save, `slot` gets `session.load(slot, file)`; null: only re-grade. */
export interface WatchedFile { file: string; slot: 'replacement' | 'readahead' | 'allocator' | null }

export type LabSessionError = LabError | { kind: 'session'; message: string };

export type LabSessionResult =
  /** startedOn: the built-in the session started on because the learner's file did not load (its error is then an event). */
  | { ok: true; lab: Lab; session: RemoteSession | null; watched: WatchedFile[]; goal: LabGoal; startedOn?: string }
  | { ok: false; error: LabSessionError };

/** One line for a LabSessionError. */
export function describeLabSessionError(e: LabSessionError): string {
  return e.kind === 'session' ? e.message : describeLabError(e);
}

/** What a slot starts on when the learner's file does not load yet (the file is then loaded live). */
const STAND_IN = { replacement: 'fifo', readahead: 'sequential', allocator: 'equal' } as const;

/** Starts each program again when it ends, so the live machine keeps running while the learner works. */
function respawnForever(session: RemoteSession, programs: ProgramSpec[]): void {
  const prog = new Map<number, ProgramSpec>();
  session.snapshot().processes.forEach((p, i) => { if (programs[i]) prog.set(p.pid, programs[i]!); });
  session.onEvent((e) => {
    if (e.type !== 'exit' && e.type !== 'kill') return;
    const p = prog.get(e.pid);
    if (!p) return;
    prog.delete(e.pid);
    void session.addProcess(p).then((r) => { if (r.ok) prog.set(r.pid, p); }); // between two machine chunks, on the session's thread
  });
}

/** A background check taking longer than this is stopped (its status becomes an error). */
const CHECK_TIMEOUT_MS = 120_000;

/** The goal of `lab`, graded by running the CLI's check on `file` in a child process. */
export function labGoal(lab: Lab, file: string): LabGoal {
  let criteria: GoalCriterion[] = lab.config.criteria.map((c) => ({ name: c.name, measured: null, target: typeof c.target === 'number' ? c.target : null, compare: c.compare, pass: null }));
  let status: GoalStatus = { kind: 'idle' };
  const listeners = new Set<() => void>();
  const changed = (): void => { for (const l of listeners) l(); };
  let running: Promise<void> | undefined;
  const once = (): Promise<void> => new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(packageRoot(), 'bin/milklab.mjs'), 'check', lab.id, '--service', file, '--json'], { stdio: ['ignore', 'pipe', 'pipe'], timeout: CHECK_TIMEOUT_MS });
    let out = '', err = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.on('close', (code) => {
      try {
        if (code === null) throw new Error(`the check did not finish within ${CHECK_TIMEOUT_MS / 1000} s`);
        if (code !== 0 && code !== 1) throw new Error(err.trim().split('\n')[0]?.replace(/^milklab: /, '') || `check exited with ${code}`);
        const report = JSON.parse(out.trim().split('\n').pop() ?? '') as CheckReport;
        criteria = report.criteria.map((c) => ({ name: c.name, measured: c.measured, target: c.target, compare: c.compare, pass: c.pass }));
        status = { kind: 'idle' };
      } catch (e) {
        criteria = criteria.map((c) => ({ ...c, pass: null }));
        status = { kind: 'error', message: (e as Error).message };
      }
      changed();
      resolve();
    });
  });
  return {
    title: `Lab ${lab.id}: ${lab.config.title}`,
    summary: lab.config.summary,
    criteria: () => criteria,
    status: () => status,
    refresh() {
      // one check at a time; a save during a check is graded right after it
      const next = (running ?? Promise.resolve()).then(() => { status = { kind: 'checking' }; changed(); return once(); });
      running = next.finally(() => { if (running === next) running = undefined; });
      return next;
    },
    onChange(fn) { listeners.add(fn); return () => listeners.delete(fn); },
  };
}

/**
 * Everything the UI needs to open lab `id` with the learner's working folder `dir` (default
 * ./milklab-labs/NN-name): the live session (null for labs graded on traces only), the files to
 * watch, and the goal. The session's programs start again whenever they end. A learner's file
 * that does not load yet does not stop the lab: the session starts on a built-in stand-in and
 * the file is loaded live (its compile error arrives as an event). Contract: never throws; the
 * session is created but not started, and grading has not begun (call goal.refresh()).
 */
export async function labSession(id: string, dir?: string): Promise<LabSessionResult> {
  const found = findLab(id);
  if (!found.ok) return { ok: false, error: found.error };
  const lab = found.lab;
  const file = submissionPath(lab, dir ?? defaultWorkdir(lab));
  const kind = lab.config.submission.kind;
  const slot = kind === 'replacement' || kind === 'readahead' || kind === 'allocator' ? kind : null;
  const goal = labGoal(lab, file);
  const live = lab.config.live === undefined ? undefined : lab.config.workloads[lab.config.live];
  if (live === undefined || live.mode !== 'machine') return { ok: true, lab, session: null, watched: [{ file, slot: null }], goal };
  const res = (spec: string | undefined): string | undefined =>
    spec === undefined || spec === 'none' ? undefined : spec === 'submission' ? file : spec.startsWith('lab:') ? path.join(lab.dir, spec.slice(4)) : spec;
  const progs = programsOf(live);
  if (!progs.ok) return { ok: false, error: { kind: 'session', message: progs.message } };
  const create = (standIn: boolean) => {
    const r = (spec: string | undefined, which: 'replacement' | 'readahead' | 'allocator'): string | undefined =>
      standIn && spec === 'submission' ? STAND_IN[which] : res(spec);
    const readahead = r(live.readahead, 'readahead'), allocator = r(live.allocator, 'allocator');
    return RemoteSession.create({
      frames: live.frames, seed: live.seed, policy: r(live.policy, 'replacement') ?? 'clock', programs: progs.programs,
      ...(readahead ? { readahead } : {}), ...(allocator ? { allocator } : {}),
      ...(live.probation !== undefined ? { probation: live.probation } : {}),
    });
  };
  let created = await create(false);
  let startedOn: string | undefined;
  const mine = slot !== null && [live.policy, live.readahead, live.allocator].includes('submission');
  if (!created.ok && mine) {
    created = await create(true);
    if (created.ok) { startedOn = STAND_IN[slot]; void created.session.load(slot, file); }
  }
  if (!created.ok) return { ok: false, error: { kind: 'session', message: created.message } };
  respawnForever(created.session, progs.programs);
  return { ok: true, lab, session: created.session, watched: [{ file, slot }], goal, ...(startedOn ? { startedOn } : {}) };
}
