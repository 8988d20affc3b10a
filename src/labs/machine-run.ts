// Machine runs of a lab: the workloads as processes on the emulated machine under the lab's
// services (the learner's file among them), through the same Session the UI uses, headless and
// deterministic: swaps happen at exact instruction counts and fault totals are sampled at exact
// instruction counts (the `window` of a measure).

import { readFileSync } from 'node:fs';
import { checkFits, describeElfError, parseElf } from '../machine/hw/elf.js';
import { Session, type ProgramSpec, type SessionEvent } from '../session/session.js';
import { loadVersion } from '../session/versions.js';
import { findWorkload } from '../workloads/registry.js';
import type { MachineWorkload } from './schema.js';

/** A per-call time budget far above any sane service's: grading must not depend on host load. */
export const GRADING_CALL_BUDGET_MS = 2000;
const DEFAULT_MAX = 300_000_000;

export interface ProcessFigures { pid: number; name: string; instructions: number; faults: number; majorFaults: number; minorFaults: number; prefetched: number; evictions: number; exitCode: number | null }

export interface MachineStats {
  instructions: number;
  cycles: number;
  processes: ProcessFigures[];
  /** Total faults at each requested instruction count (the total at the end when the run ended before). */
  faultsAt: Map<number, number>;
  events: { swaps: number; rollbacks: number; fallbacks: number; serviceErrors: number; probationPassed: number; migrated: number };
  finalVersion: number;
  unfinished: boolean;
  /** The first service error or rollback reason, for the learner. */
  firstProblem?: string;
}

export type MachineRunResult = { ok: true; stats: MachineStats } | { ok: false; message: string };

/** Resolved service specs: a built-in name or an absolute file path; undefined for none. */
export interface ResolvedServices { policy: string; readahead?: string | undefined; allocator?: string | undefined; swaps: { at: number; service: string }[] }

/** The program images of `w` (built-in workloads by name). Contract: one-line message on failure. */
export function programsOf(w: MachineWorkload): { ok: true; programs: ProgramSpec[] } | { ok: false; message: string } {
  const programs: ProgramSpec[] = [];
  for (const p of w.programs) {
    const info = findWorkload(p.name);
    if (!info) return { ok: false, message: `'${p.name}' is not a built-in workload` };
    const parsed = parseElf(new Uint8Array(readFileSync(info.file)));
    const fits = parsed.ok ? checkFits(parsed.value, 0x1000, 0xbf00_0000 - 0x1000) : parsed;
    if (!fits.ok) return { ok: false, message: describeElfError(p.name, fits.error) };
    programs.push({ name: p.name, image: fits.value, argv: [p.name, ...(p.args ?? [])] });
  }
  return { ok: true, programs };
}

/** Closes a session's services but keeps the warm compilers (the caller disposes them once). */
function closeQuietly(s: Session): void {
  s.stop();
  for (const slot of s.slots.values()) slot.close();
}

/**
 * Runs `w` with services `svc` and `frames` frames, sampling total faults at `marks`; events
 * are counted for slot `watch` (the submission's) only.
 * Contract: never throws for anything about the services (a service that cannot load is
 * `ok: false` with a one-line message); the counts are deterministic.
 */
export async function machineStats(w: MachineWorkload, svc: ResolvedServices, frames: number, marks: number[], watch: 'replacement' | 'readahead' | 'allocator' = 'replacement'): Promise<MachineRunResult> {
  const progs = programsOf(w);
  if (!progs.ok) return progs;
  const ev = { swaps: 0, rollbacks: 0, fallbacks: 0, serviceErrors: 0, probationPassed: 0, migrated: 0 };
  let firstProblem: string | undefined;
  const onEvent = (e: SessionEvent): void => {
    if (e.type === 'kill') { firstProblem ??= `${e.name}[${e.pid}] killed by ${e.signal}: ${e.message}`; return; }
    if (!('service' in e) || e.service !== watch) return; // another service's business
    if (e.type === 'swap') { ev.swaps++; if (e.migrated === 'migrate') ev.migrated = 1; }
    else if (e.type === 'rollback') { ev.rollbacks++; firstProblem ??= `rollback of v${e.version}: ${e.reason}`; }
    else if (e.type === 'fallback') { ev.fallbacks++; firstProblem ??= `fallback: ${e.reason}`; }
    else if (e.type === 'service-error') { ev.serviceErrors++; firstProblem ??= `service error: ${e.message}`; }
    else if (e.type === 'probation-passed') ev.probationPassed++;
    else if (e.type === 'rejected') firstProblem ??= `rejected: ${e.reason}`;
  };
  const created = await Session.create({
    frames, seed: w.seed, policy: svc.policy, programs: progs.programs, callBudgetMs: GRADING_CALL_BUDGET_MS,
    ...(svc.readahead ? { readahead: svc.readahead } : {}), ...(svc.allocator ? { allocator: svc.allocator } : {}),
    ...(w.probation !== undefined ? { probation: w.probation } : {}),
    onOutput: () => {}, onEvent,
  });
  if (!created.ok) return { ok: false, message: created.message };
  const s = created.session;
  try {
    const swaps: { at: number; host: Extract<Awaited<ReturnType<typeof loadVersion>>, { ok: true }>['host']; label: string }[] = [];
    for (const sw of [...svc.swaps].sort((a, b) => a.at - b.at)) {
      const v = await loadVersion(sw.service, 'replacement', { frames, callBudgetMs: GRADING_CALL_BUDGET_MS });
      if (!v.ok) { for (const p of swaps) p.host.terminate(); return { ok: false, message: v.message }; }
      swaps.push({ at: sw.at, host: v.host, label: sw.service });
    }
    const cpu = s.kernel.machine.cpu;
    const total = (): number => s.kernel.procs.reduce((a, p) => a + p.stats.minorFaults + p.stats.majorFaults, 0);
    const todo = [...new Set(marks)].sort((a, b) => a - b);
    const faultsAt = new Map<number, number>();
    const max = w.maxInstructions ?? DEFAULT_MAX;
    let idle = false;
    while (!idle && cpu.instret < max) {
      while (swaps.length && swaps[0]!.at <= cpu.instret) { const p = swaps.shift()!; s.slots.get('replacement')!.swap(p.host, p.label); }
      while (todo.length && todo[0]! <= cpu.instret) faultsAt.set(todo.shift()!, total());
      const stopAt = Math.min(swaps[0]?.at ?? Infinity, todo[0] ?? Infinity);
      idle = s.runSync(Math.min(10_000_000, max - cpu.instret), stopAt) === 'idle';
    }
    for (const p of swaps) p.host.terminate();
    for (const m of todo) faultsAt.set(m, total());
    const processes = s.kernel.procs.map((p): ProcessFigures => ({
      pid: p.pid, name: p.name, instructions: p.stats.instructions, faults: p.stats.minorFaults + p.stats.majorFaults,
      majorFaults: p.stats.majorFaults, minorFaults: p.stats.minorFaults, prefetched: p.stats.prefetched, evictions: p.stats.evictions,
      exitCode: p.state === 'exited' && !p.signal ? p.exitCode : null,
    }));
    return {
      ok: true,
      stats: {
        instructions: cpu.instret, cycles: cpu.cycles(0), processes, faultsAt, events: ev,
        finalVersion: s.slots.get('replacement')!.current.number, unfinished: s.kernel.live().length > 0,
        ...(firstProblem ? { firstProblem } : {}),
      },
    };
  } finally {
    closeQuietly(s);
  }
}
