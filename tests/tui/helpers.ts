// Test helpers for the terminal UI (not a test file): a fake session snapshot to render panels from, and frames
// without escape codes.
import type { Snapshot } from '../../src/tui/state/ui-state-context.js';
import type { FrameCell, RatePoint } from '../../src/session/telemetry.js';
import type { SessionEvent } from '../../src/session/session.js';

/** `s` without any CSI escape sequence. */
export function plain(s: string | undefined): string {
  return (s ?? '').replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
}

/** A rate series: `n` samples 1M instructions apart, total `total(i)`, per pid from `perPid(i)`. */
export function series(n: number, total: (i: number) => number, perPid: (i: number) => Record<number, number> = () => ({})): RatePoint[] {
  return Array.from({ length: n }, (_, i) => ({ instructions: (i + 1) * 1_000_000, total: total(i), perPid: perPid(i) }));
}

/** `n` frames, owner by `owner(f)` (0 free, -1 ballooned, else a pid). */
export function frames(n: number, owner: (f: number) => number, flags: (f: number) => Partial<FrameCell> = () => ({})): FrameCell[] {
  return Array.from({ length: n }, (_, f) => ({ owner: owner(f), dirty: false, referenced: false, pinned: false, ...flags(f) }));
}

export function fakeSnapshot(over: Partial<Snapshot> = {}): Snapshot {
  return {
    instructions: 42_000_000, cycles: 50_000_000, mips: 20, faults: { minor: 100, major: 2000 }, evictions: 1900, swapIns: 1000, swapOuts: 900, swapUsed: 300,
    frames: { total: 64, free: 8, ballooned: 0, pageTables: 3 },
    series: series(40, (i) => (i < 20 ? 800 : 200), (i) => ({ 1: i < 20 ? 500 : 100, 2: i < 20 ? 300 : 100 })),
    markers: [{ instructions: 21_000_000, kind: 'swap', label: 'v2 clock', before: 800, after: 200 }],
    frameMap: frames(64, (f) => (f < 8 ? 0 : f < 40 ? 1 : 2), (f) => ({ dirty: f % 3 === 0, referenced: f % 2 === 0 })),
    processes: [
      { pid: 1, name: 'loop', state: 'running', exitCode: null, rss: 32, minor: 10, major: 1500, instructions: 20_000_000, rate: 100, quota: 64 },
      { pid: 2, name: 'zipf', state: 'running', exitCode: null, rss: 24, minor: 90, major: 500, instructions: 21_000_000, rate: 100, quota: 64 },
      { pid: 3, name: 'sieve', state: 'exited', exitCode: 0, rss: 0, minor: 5, major: 0, instructions: 1_000_000, rate: 0, quota: 64 },
    ],
    events: [],
    services: [{ service: 'replacement', kind: 'replacement', version: 2, label: 'clock', name: 'clock', status: 'probation', isolated: false, latency: { p50Us: 1.5, p99Us: 12, calls: 4000 }, standby: { version: 1, label: 'fifo' } }],
    paused: false,
    ...over,
  };
}

/** The slice of a session the journal uses: recorded events, a subscription, and emit() to drive it. */
export function fakeSession(recorded: SessionEvent[] = []) {
  const listeners = new Set<(e: SessionEvent) => void>();
  return {
    snapshot: () => fakeSnapshot({ events: recorded }),
    onEvent: (fn: (e: SessionEvent) => void): (() => void) => { listeners.add(fn); return () => { listeners.delete(fn); }; },
    emit: (e: SessionEvent): void => { for (const l of listeners) l(e); },
    listeners,
  };
}
