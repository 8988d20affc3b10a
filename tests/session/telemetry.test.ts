// Telemetry of a real kernel (loop workload, a minimal FIFO port): fault rates per million
// instructions, swap/rollback/fallback markers with rates before and after, bounded rings, a frame
// map and process rows that agree with the kernel, copies in snapshots, sampling that changes nothing.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseElf, type ElfImage } from '../../src/machine/hw/elf.js';
import type { KernelEvent } from '../../src/machine/kernel/events.js';
import { Kernel } from '../../src/machine/kernel/kernel.js';
import type { PortResult, ServicePorts } from '../../src/machine/kernel/ports.js';
import type { LiveEvent } from '../../src/services/live/events.js';
import { SAMPLE_EVERY, Telemetry } from '../../src/session/telemetry.js';
import { findWorkload } from '../../src/workloads/registry.js';

const parsed = parseElf(new Uint8Array(readFileSync(findWorkload('loop')!.file)));
if (!parsed.ok) throw new Error('loop.elf');
const LOOP: ElfImage = parsed.value;
const ARGS = ['loop', '48', '300']; // ~3.8M instructions, thousands of major faults with 32 frames

const ok = <T>(value: T): PortResult<T> => ({ ok: true, value });
/** A FIFO replacement port per process: the oldest mapped frame goes first. */
function fifoPorts(): ServicePorts {
  return {
    replacementFor: () => {
      const queue: number[] = [];
      return {
        name: 'fifo', hasScan: false,
        map: (p) => { queue.push(p.frame); return ok(undefined); },
        unmap: (p) => { const i = queue.indexOf(p.frame); if (i >= 0) queue.splice(i, 1); return ok(undefined); },
        victim: (bits) => ok({ victim: queue[0] ?? bits.frames[0]!, clear: [] }),
        scan: () => ok({ clear: [] }),
      };
    },
  };
}

/** A kernel of `frames` user frames with telemetry, the kernel's events fed to it, and output kept. */
function machine(programs = 1, frames = 32) {
  let out = '';
  const box: { t?: Telemetry } = {};
  const k = new Kernel({ frames, seed: 1, ports: fifoPorts(), onEvent: (e) => box.t?.event(e), onOutput: (_p, _fd, b) => { out += new TextDecoder().decode(b); } });
  const t = new Telemetry(k);
  box.t = t;
  for (let i = 0; i < programs; i++) {
    const r = k.spawn(LOOP, ARGS, 'fifo');
    if (!r.ok) throw new Error(r.message);
  }
  return { k, t, out: () => out };
}

const faultsOf = (k: Kernel, pid: number): number => { const p = k.procs.find((q) => q.pid === pid)!; return p.stats.minorFaults + p.stats.majorFaults; };
const swap = (toVersion: number, name: string): LiveEvent => ({ type: 'swap', service: 'replacement', fromVersion: toVersion - 1, toVersion, name, pauseUs: 5, instructions: 0, migrated: 'rebuilt' });

describe('Telemetry sampling', () => {
  it('samples only at a million-instruction boundary while processes run', () => {
    const { k, t } = machine();
    k.run(SAMPLE_EVERY / 2);
    t.sample();
    expect(t.snapshot().series).toEqual([]);
    k.run(SAMPLE_EVERY);
    t.sample();
    t.sample(); // nothing more passed: no second point
    const s = t.snapshot().series;
    expect(s).toHaveLength(1);
    expect(s[0]!.instructions).toBe(k.machine.cpu.instret);
    expect(SAMPLE_EVERY).toBe(1_000_000);
  });

  it('gives faults per million instructions of each interval, per process and in total', () => {
    const { k, t } = machine();
    k.run(SAMPLE_EVERY);
    t.sample();
    const at1 = k.machine.cpu.instret, f1 = faultsOf(k, 1);
    expect(f1).toBeGreaterThan(0);
    expect(t.snapshot().series[0]).toEqual({ instructions: at1, perPid: { 1: (f1 * 1e6) / at1 }, total: (f1 * 1e6) / at1 });
    k.run(SAMPLE_EVERY);
    t.sample();
    const at2 = k.machine.cpu.instret, f2 = faultsOf(k, 1);
    const p2 = t.snapshot().series[1]!;
    expect(p2.instructions).toBe(at2);
    expect(p2.total).toBeCloseTo(((f2 - f1) * 1e6) / (at2 - at1), 9);
    expect(p2.perPid[1]).toBeCloseTo(p2.total, 9);
  });

  it('splits the rate per process, the total being their sum', () => {
    const { k, t } = machine(2, 48);
    k.run(2 * SAMPLE_EVERY);
    t.sample();
    const pt = t.snapshot().series[0]!;
    expect(Object.keys(pt.perPid).sort()).toEqual(['1', '2']);
    expect(pt.perPid[1]! + pt.perPid[2]!).toBeCloseTo(pt.total, 9);
    expect(pt.perPid[1]).toBeCloseTo((faultsOf(k, 1) * 1e6) / pt.instructions, 9);
    // the process rows carry the latest rate of each process
    const rows = t.snapshot().processes;
    expect(rows.map((r) => r.rate)).toEqual([pt.perPid[1], pt.perPid[2]]);
  });

  it('takes a last sample once every process has ended, even between boundaries', () => {
    const { k, t } = machine();
    while (k.run(SAMPLE_EVERY) !== 'idle') t.sample();
    const before = t.snapshot().series.length;
    t.sample();
    const s = t.snapshot().series;
    expect(s).toHaveLength(before + 1);
    expect(s.at(-1)!.instructions).toBe(k.machine.cpu.instret);
    expect(k.machine.cpu.instret % SAMPLE_EVERY).not.toBe(0);
    // and only one: more calls with nothing run add no points (they would pull the chart's last column to 0)
    t.sample();
    t.sample();
    expect(t.snapshot().series).toHaveLength(before + 1);
  });

  it('never changes what the machine does', () => {
    const watched = machine(), alone = machine();
    while (watched.k.run(100_000) !== 'idle') { watched.t.sample(); watched.t.snapshot(); }
    while (alone.k.run(100_000) !== 'idle');
    expect(watched.out()).toMatch(/^loop: pages=48 passes=300/);
    expect(watched.out()).toBe(alone.out());
    expect(watched.k.machine.cpu.instret).toBe(alone.k.machine.cpu.instret);
    expect(watched.k.procs[0]!.stats).toEqual(alone.k.procs[0]!.stats);
  });
});

describe('Telemetry markers and events', () => {
  it('marks a swap at the current instruction with the rate before, and fills in the rate after', () => {
    const { k, t } = machine();
    k.run(SAMPLE_EVERY);
    t.sample();
    const before = t.snapshot().series[0]!.total;
    k.run(200_000);
    const at = k.machine.cpu.instret;
    t.event(swap(2, 'clock'));
    expect(t.snapshot().markers).toEqual([{ instructions: at, kind: 'swap', label: 'v2 clock', before }]);
    k.run(SAMPLE_EVERY);
    t.sample();
    const after = t.snapshot().series.at(-1)!.total;
    expect(t.snapshot().markers).toEqual([{ instructions: at, kind: 'swap', label: 'v2 clock', before, after }]);
    k.run(SAMPLE_EVERY);
    t.sample();
    expect(t.snapshot().markers[0]!.after).toBe(after); // set once, from the interval right after
  });

  it('leaves the rate before out when there is no sample yet', () => {
    const { t } = machine();
    t.event(swap(2, 'aging'));
    const m = t.snapshot().markers[0]!;
    expect(m).toEqual({ instructions: 0, kind: 'swap', label: 'v2 aging' });
    expect('before' in m).toBe(false);
  });

  it('marks rollbacks and version fallbacks with the version they went back to, and nothing else', () => {
    const { t } = machine();
    const events: (KernelEvent | LiveEvent)[] = [
      { type: 'rollback', service: 'replacement', version: 3, toVersion: 2, reason: 'r', instructions: 0 },
      { type: 'fallback', service: 'replacement', version: 2, toVersion: 1, reason: 'r', instructions: 0 },
      { type: 'fallback', pid: 1, service: 'replacement', reason: 'kernel chose', time: 0 }, // one refused answer: no marker
      { type: 'spawn', pid: 2, name: 'x', time: 0 },
      { type: 'probation-passed', service: 'replacement', version: 2, instructions: 0 },
      { type: 'compile-error', service: 'replacement', file: 'p.ts', line: 1, column: 1, message: 'm', frame: '', errorKind: 'syntax' },
    ];
    for (const e of events) t.event(e);
    expect(t.snapshot().markers.map((m) => [m.kind, m.label])).toEqual([['rollback', 'v2'], ['fallback', 'v1']]);
    expect(t.snapshot().events.slice(-events.length)).toEqual(events);
  });

  it('keeps the newest 200 events and 100 markers', () => {
    const { t } = machine();
    const seeded = t.snapshot().events.length; // the kernel's spawn event
    for (let v = 1; v <= 250; v++) t.event(swap(v + 1, `p${v}`));
    const s = t.snapshot();
    expect(seeded).toBe(1);
    expect(s.events).toHaveLength(200);
    expect(s.events.at(-1)).toEqual(swap(251, 'p250'));
    expect(s.events[0]).toEqual(swap(52, 'p51'));
    expect(s.markers).toHaveLength(100);
    expect(s.markers[0]!.label).toBe('v152 p151');
    expect(s.markers.at(-1)!.label).toBe('v251 p250');
  });

  it('hands out copies: changing a snapshot changes neither the telemetry nor later snapshots', () => {
    const { k, t } = machine();
    k.run(SAMPLE_EVERY);
    t.sample();
    t.event(swap(2, 'clock'));
    const a = t.snapshot();
    a.series.push({ instructions: 1, perPid: {}, total: 1 });
    a.markers[0]!.label = 'changed';
    a.markers.pop();
    a.events.length = 0;
    a.frameMap[0]!.owner = 99;
    const b = t.snapshot();
    expect(b.series).toHaveLength(1);
    expect(b.markers.map((m) => m.label)).toEqual(['v2 clock']);
    expect(b.events.length).toBeGreaterThan(0);
    expect(b.frameMap[0]!.owner).not.toBe(99);
  });
});

describe('Telemetry snapshot', () => {
  it('shows the dirty bit of the pages a process wrote', () => {
    const { k, t } = machine();
    k.run(1_000); // the kernel wrote the initial stack, the program its first frames
    const s = t.snapshot();
    expect(s.frameMap.some((c) => c.owner === 1 && c.dirty)).toBe(true);
    expect(s.frameMap.some((c) => c.owner === 1 && !c.dirty)).toBe(true);
  });

  it('maps every user frame, agreeing with the frame counts and resident sets', () => {
    const { k, t } = machine(2, 48);
    for (const n of [1_000, 1_500_000]) { // early: stack pages just written; later: memory full
      k.run(n);
      const s = t.snapshot();
      expect(s.frameMap).toHaveLength(48);
      expect(s.frames.total).toBe(48);
      expect(s.frameMap.filter((c) => c.owner === 0)).toHaveLength(s.frames.free);
      for (const p of s.processes) expect(s.frameMap.filter((c) => c.owner === p.pid), `pid ${p.pid}`).toHaveLength(p.rss);
      expect(s.frameMap.some((c) => c.owner > 0 && c.referenced)).toBe(true);
      expect(s.frameMap.every((c) => c.owner > 0 || (!c.dirty && !c.referenced))).toBe(true);
      expect(s.frames.pageTables).toBeGreaterThan(0);
    }
    expect(t.snapshot().frames.free).toBe(0);
  });

  it('shows ballooned frames', () => {
    const { k, t } = machine();
    k.run(SAMPLE_EVERY);
    expect(k.setAvailableFrames(24)).toBe(24);
    const s = t.snapshot();
    expect(s.frames.ballooned).toBe(8);
    expect(s.frameMap.filter((c) => c.owner === -1)).toHaveLength(8);
  });

  it('sums the counters over the processes', () => {
    const { k, t } = machine(2, 48);
    k.run(2 * SAMPLE_EVERY);
    const s = t.snapshot();
    const sum = (f: (p: (typeof k.procs)[number]) => number): number => k.procs.reduce((a, p) => a + f(p), 0);
    expect(s.instructions).toBe(k.machine.cpu.instret);
    expect(s.faults).toEqual({ minor: sum((p) => p.stats.minorFaults), major: sum((p) => p.stats.majorFaults) });
    expect(s.faults.major).toBeGreaterThan(0);
    expect(s.evictions).toBe(sum((p) => p.stats.evictions));
    expect(s.swapIns).toBe(sum((p) => p.stats.swapIns));
    expect(s.swapOuts).toBe(sum((p) => p.stats.swapOuts));
    expect(s.swapUsed).toBe(k.swap.used);
    expect(s.cycles).toBeGreaterThanOrEqual(s.instructions);
  });

  it('shows processes running, exited with their status, or killed with the signal', () => {
    const { k, t } = machine(2, 48);
    k.run(SAMPLE_EVERY);
    expect(t.snapshot().processes.map((p) => [p.pid, p.name, p.state, p.exitCode])).toEqual([[1, 'loop', 'running', null], [2, 'loop', 'running', null]]);
    k.kill(k.procs[1]!, 'SIGKILL', 'test');
    while (k.run(SAMPLE_EVERY) !== 'idle');
    const rows = t.snapshot().processes;
    expect(rows.map((p) => [p.pid, p.state, p.exitCode])).toEqual([[1, 'exited', 0], [2, 'killed (SIGKILL)', 137]]); // 128 + SIGKILL
    expect(rows.every((p) => p.rss === 0)).toBe(true);
    expect(rows[0]!.instructions).toBe(k.procs[0]!.stats.instructions);
    expect(rows[0]!.quota).toBe(k.procs[0]!.quota);
  });
});
