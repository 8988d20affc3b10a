// Telemetry: what the UI and tools read about a running session — counters, the fault-rate
// series per process with every swap and rollback marked on it, the physical frame map, the
// processes and the recent events. Derived from the kernel's truth; sampling never changes it.

import type { Kernel } from '../machine/kernel/kernel.js';
import { FRAME_BALLOONED, FRAME_FREE } from '../machine/kernel/frames.js';
import { PTE_A, PTE_D } from '../machine/hw/pte.js';
import type { KernelEvent } from '../machine/kernel/events.js';
import type { LiveEvent } from '../services/live/events.js';

/** Instructions per fault-rate sample. */
export const SAMPLE_EVERY = 1_000_000;
const MAX_POINTS = 600;
const MAX_EVENTS = 200;

export interface RatePoint {
  /** Instructions retired at the end of the interval. */
  instructions: number;
  /** Faults per million instructions in the interval, per pid and in total. */
  perPid: Record<number, number>;
  total: number;
}

export interface Marker { instructions: number; kind: 'swap' | 'rollback' | 'fallback'; label: string; before?: number; after?: number }

/** Frame cell: 'free' | 'balloon' | owned (pid with flags). */
export interface FrameCell { owner: number; dirty: boolean; referenced: boolean; pinned: boolean }

export interface ProcessRow {
  pid: number; name: string; state: string; exitCode: number | null; rss: number; minor: number; major: number;
  instructions: number; rate: number; quota: number;
}

export interface TelemetrySnapshot {
  instructions: number;
  cycles: number;
  mips: number;
  faults: { minor: number; major: number };
  evictions: number;
  swapIns: number;
  swapOuts: number;
  swapUsed: number;
  frames: { total: number; free: number; ballooned: number; pageTables: number };
  series: RatePoint[];
  markers: Marker[];
  frameMap: FrameCell[];
  processes: ProcessRow[];
  events: (KernelEvent | LiveEvent)[];
}

export class Telemetry {
  private readonly series: RatePoint[] = [];
  private readonly markers: Marker[] = [];
  private readonly events: (KernelEvent | LiveEvent)[] = [];
  private lastAt = 0;
  private readonly lastFaults = new Map<number, number>();
  private nextSample = SAMPLE_EVERY;
  private readonly t0 = performance.now();

  /** Telemetry of `kernel`. */
  constructor(private readonly kernel: Kernel) {}

  /** Records an event (and a marker for swaps, rollbacks and fallbacks). */
  event(e: KernelEvent | LiveEvent): void {
    this.events.push(e);
    if (this.events.length > MAX_EVENTS) this.events.shift();
    if (e.type === 'swap' || e.type === 'rollback' || (e.type === 'fallback' && 'toVersion' in e)) {
      const label = e.type === 'swap' ? `v${e.toVersion} ${e.name}` : `v${(e as { toVersion: number }).toVersion}`;
      const before = this.series.at(-1)?.total;
      this.markers.push({ instructions: this.kernel.machine.cpu.instret, kind: e.type, label, ...(before !== undefined ? { before } : {}) });
      if (this.markers.length > 100) this.markers.shift();
    }
  }

  /**
   * Takes one fault-rate sample over the instructions run since the last one, once at least
   * SAMPLE_EVERY have run (or sooner when every process has ended, to close the series); no
   * sample when no instruction ran since the last.
   */
  sample(): void {
    const now = this.kernel.machine.cpu.instret;
    if (now === this.lastAt && this.series.length > 0) return;
    if (now < this.nextSample && this.kernel.live().length > 0) return;
    const span = Math.max(1, now - this.lastAt);
    const perPid: Record<number, number> = {};
    let total = 0;
    for (const p of this.kernel.procs) {
      const f = p.stats.minorFaults + p.stats.majorFaults;
      const d = f - (this.lastFaults.get(p.pid) ?? 0);
      this.lastFaults.set(p.pid, f);
      if (p.state === 'ready' || d > 0) { perPid[p.pid] = (d * 1e6) / span; total += d; }
    }
    const point = { instructions: now, perPid, total: (total * 1e6) / span };
    this.series.push(point);
    if (this.series.length > MAX_POINTS) this.series.shift();
    for (const m of this.markers) if (m.after === undefined && m.instructions <= this.lastAt + span && m.instructions < now) m.after = point.total;
    this.lastAt = now;
    this.nextSample = now + SAMPLE_EVERY;
  }

  /** The current picture. */
  snapshot(): TelemetrySnapshot {
    const k = this.kernel, fr = k.frames, mem = k.machine.mem.i32;
    const frameMap: FrameCell[] = new Array(fr.total);
    let free = 0, ballooned = 0;
    for (let f = 0; f < fr.total; f++) {
      const owner = fr.owner[f]!;
      if (owner === FRAME_FREE) free++;
      if (owner === FRAME_BALLOONED) ballooned++;
      const w = fr.pteWord[f]!;
      const pte = owner > 0 && w >= 0 ? mem[w]! : 0;
      frameMap[f] = { owner, dirty: (pte & PTE_D) !== 0, referenced: (pte & PTE_A) !== 0, pinned: fr.pinned[f] === 1 };
    }
    const last = this.series.at(-1);
    const stats = k.procs.map((p) => p.stats);
    const sum = (g: (s: (typeof stats)[number]) => number): number => stats.reduce((a, s) => a + g(s), 0);
    const cpu = k.machine.cpu;
    return {
      instructions: cpu.instret, cycles: cpu.cycles(0), mips: cpu.instret / Math.max(1e-3, (performance.now() - this.t0) / 1000) / 1e6,
      faults: { minor: sum((s) => s.minorFaults), major: sum((s) => s.majorFaults) },
      evictions: sum((s) => s.evictions), swapIns: sum((s) => s.swapIns), swapOuts: sum((s) => s.swapOuts), swapUsed: k.swap.used,
      frames: { total: fr.total, free, ballooned, pageTables: fr.ptUsed },
      series: this.series.slice(), markers: this.markers.map((m) => ({ ...m })), frameMap,
      processes: k.procs.map((p) => ({
        pid: p.pid, name: p.name, state: p.state === 'ready' ? 'running' : p.signal ? `killed (${p.signal})` : 'exited',
        exitCode: p.state === 'exited' ? p.exitCode : null, rss: p.resident.length, minor: p.stats.minorFaults, major: p.stats.majorFaults,
        instructions: p.stats.instructions, rate: last?.perPid[p.pid] ?? 0, quota: p.quota,
      })),
      events: this.events.slice(),
    };
  }
}
