// The figures `milklab run --json` prints: the stable JSON contract documented in the README.

import type { Kernel } from '../machine/kernel/kernel.js';
import type { SlotInfo } from '../services/live/slot.js';

export interface ProcessReport {
  pid: number;
  name: string;
  exitCode: number | null;
  signal?: string;
  instructions: number;
  faults: { minor: number; major: number };
  evictions: number;
  swapIns: number;
  swapOuts: number;
  prefetched: number;
}

export interface RunReport {
  instructions: number;
  cycles: number;
  wallSeconds: number;
  mips: number;
  faults: { minor: number; major: number };
  evictions: number;
  swapIns: number;
  swapOuts: number;
  prefetched: number;
  frames: number;
  policy: string[];
  tlb: { walks: number };
  events: number;
  processes: ProcessReport[];
  services: { service: string; name: string; version: number; status: string; isolated: boolean; p50Us: number; p99Us: number; calls: number; lastError?: string }[];
  shadow?: { label: string; decisions: number; differing: number };
}

/** Summarises a finished (or stopped) kernel run. */
export function runReport(k: Kernel, wallSeconds: number, policy: string[], events: number, services: SlotInfo[] = [], shadow?: { label: string; decisions: number; differing: number }): RunReport {
  const procs = k.procs.map((p): ProcessReport => ({
    pid: p.pid, name: p.name, exitCode: p.state === 'exited' ? p.exitCode : null, ...(p.signal ? { signal: p.signal } : {}),
    instructions: p.stats.instructions, faults: { minor: p.stats.minorFaults, major: p.stats.majorFaults },
    evictions: p.stats.evictions, swapIns: p.stats.swapIns, swapOuts: p.stats.swapOuts, prefetched: p.stats.prefetched,
  }));
  const sum = (f: (p: ProcessReport) => number): number => procs.reduce((a, p) => a + f(p), 0);
  const cpu = k.machine.cpu;
  const w = cpu.tlb.walks;
  return {
    instructions: cpu.instret, cycles: cpu.cycles(0), wallSeconds, mips: wallSeconds > 0 ? cpu.instret / wallSeconds / 1e6 : 0,
    faults: { minor: sum((p) => p.faults.minor), major: sum((p) => p.faults.major) },
    evictions: sum((p) => p.evictions), swapIns: sum((p) => p.swapIns), swapOuts: sum((p) => p.swapOuts), prefetched: sum((p) => p.prefetched),
    frames: k.frames.total, policy, tlb: { walks: w[0]! + w[1]! + w[2]! }, events, processes: procs,
    services: services.map((s) => ({
      service: s.service, name: s.name, version: s.version, status: s.status, isolated: s.isolated,
      p50Us: s.latency.p50Us, p99Us: s.latency.p99Us, calls: s.latency.calls, ...(s.lastError ? { lastError: s.lastError } : {}),
    })),
    ...(shadow ? { shadow } : {}),
  };
}
