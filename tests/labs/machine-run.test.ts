// programsOf and machineStats: per-process figures, fault totals sampled at exact instruction counts,
// swaps at exact counts, events of the watched slot only, rollbacks noted, the same figures every
// time; an unknown program or a service that cannot load is `ok: false` with one line.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ejectedSource } from '../../src/cli/eject.js';
import { machineStats, programsOf, type MachineStats, type ResolvedServices } from '../../src/labs/machine-run.js';
import type { MachineWorkload } from '../../src/labs/schema.js';
import { disposeCompilers } from '../../src/session/versions.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'milklab-machine-run-'));
afterAll(async () => { await disposeCompilers(); });

/** loop over 16 pages, 4 passes (~34k instructions), in 8 frames: it keeps faulting. */
const W = (over: Partial<MachineWorkload> = {}): MachineWorkload => ({
  mode: 'machine', programs: [{ name: 'loop', args: ['16', '4'] }], frames: 8, seed: 1, policy: 'fifo', ...over,
});
const FIFO: ResolvedServices = { policy: 'fifo', swaps: [] };

async function stats(w: MachineWorkload, svc: ResolvedServices = FIFO, marks: number[] = [], watch?: 'replacement' | 'readahead' | 'allocator'): Promise<MachineStats> {
  const r = await machineStats(w, svc, w.frames, marks, watch);
  if (!r.ok) throw new Error(r.message);
  return r.stats;
}
const totalFaults = (s: MachineStats): number => s.processes.reduce((a, p) => a + p.faults, 0);

describe('programsOf', () => {
  it('resolves built-in workloads to images with their argv', () => {
    const r = programsOf(W({ programs: [{ name: 'loop', args: ['16', '4'] }, { name: 'sieve' }] }));
    if (!r.ok) throw new Error(r.message);
    expect(r.programs.map((p) => [p.name, p.argv])).toEqual([['loop', ['loop', '16', '4']], ['sieve', ['sieve']]]);
    for (const p of r.programs) expect(p.image.segments.length).toBeGreaterThan(0);
  });

  it('an unknown workload is one line naming it', () => {
    expect(programsOf(W({ programs: [{ name: 'loop' }, { name: 'nosuch' }] }))).toEqual({ ok: false, message: "'nosuch' is not a built-in workload" });
    expect(programsOf(W({ programs: [{ name: '../bin/loop.elf' }] }))).toEqual({ ok: false, message: "'../bin/loop.elf' is not a built-in workload" });
  });
});

describe('machineStats', () => {
  it('runs the programs to the end and gives their figures', async () => {
    const s = await stats(W());
    expect(s.unfinished).toBe(false);
    expect(s.processes).toHaveLength(1);
    const p = s.processes[0]!;
    expect(p).toMatchObject({ pid: 1, name: 'loop', exitCode: 0 });
    expect(p.faults).toBe(p.majorFaults + p.minorFaults);
    expect(p.faults).toBeGreaterThan(4 * 16 - 8); // every pass misses most of its 16 pages in 8 frames
    expect(p.evictions).toBeGreaterThan(0);
    expect(p.instructions).toBe(s.instructions);
    expect(s.cycles).toBeGreaterThanOrEqual(s.instructions);
    expect(s.events).toEqual({ swaps: 0, rollbacks: 0, fallbacks: 0, serviceErrors: 0, probationPassed: 0, migrated: 0 });
    expect(s.finalVersion).toBe(1);
    expect(s).not.toHaveProperty('firstProblem');
  });

  it('is deterministic: the same workload and services give the same figures', async () => {
    const marks = [5_000, 20_000];
    expect(await stats(W(), FIFO, marks)).toEqual(await stats(W(), FIFO, marks));
  });

  it('the policy changes the fault figures, not the program’s work', async () => {
    const w = W({ programs: [{ name: 'zipf', args: ['32', '3000'] }], frames: 16 });
    const fifo = await stats(w);
    const clock = await stats(w, { policy: 'clock', swaps: [] });
    expect(clock.processes[0]!.exitCode).toBe(0);
    expect(clock.instructions).toBe(fifo.instructions);
    expect(totalFaults(clock)).not.toBe(totalFaults(fifo));
  });

  it('samples total faults at exact instruction counts: a run stopped there has the same total', async () => {
    const full = await stats(W(), FIFO, [20_000, 5_000, 5_000, 10_000_000]);
    expect([...full.faultsAt.keys()]).toEqual([5_000, 20_000, 10_000_000]);
    const at5k = full.faultsAt.get(5_000)!, at20k = full.faultsAt.get(20_000)!;
    expect(at5k).toBeLessThan(at20k);
    expect(full.faultsAt.get(10_000_000)).toBe(totalFaults(full)); // past the end: the final total
    const stopped = await stats(W({ maxInstructions: 20_000 }));
    expect(stopped.instructions).toBe(20_000);
    expect(totalFaults(stopped)).toBe(at20k);
  });

  it('stops at maxInstructions and says the run is unfinished', async () => {
    const s = await stats(W({ maxInstructions: 5_000 }), FIFO, [100_000]);
    expect(s.instructions).toBe(5_000);
    expect(s.unfinished).toBe(true);
    expect(s.processes[0]!.exitCode).toBeNull();
    expect(s.faultsAt.get(100_000)).toBe(totalFaults(s));
  });

  it('runs several programs as processes, each with its own figures', async () => {
    const s = await stats(W({ programs: [{ name: 'loop', args: ['16', '4'] }, { name: 'sieve', args: ['1000'] }], frames: 16 }));
    expect(s.processes.map((p) => [p.pid, p.name, p.exitCode])).toEqual([[1, 'loop', 0], [2, 'sieve', 0]]);
    expect(s.processes.reduce((a, p) => a + p.instructions, 0)).toBe(s.instructions);
  });

  it('swaps the policy at the instruction counts given, in order, and counts the swaps', async () => {
    const s = await stats(W(), { policy: 'fifo', swaps: [{ at: 20_000, service: 's3fifo' }, { at: 10_000, service: 'clock' }] });
    expect(s.events.swaps).toBe(2);
    expect(s.finalVersion).toBe(3);
    expect(s.processes[0]!.exitCode).toBe(0);
  });

  it('a swap past the end of the run never happens', async () => {
    const s = await stats(W(), { policy: 'fifo', swaps: [{ at: 50_000_000, service: 'clock' }] });
    expect(s.events.swaps).toBe(0);
    expect(s.finalVersion).toBe(1);
  });

  it('counts only the events of the watched slot', async () => {
    const svc: ResolvedServices = { policy: 'fifo', readahead: 'sequential', swaps: [{ at: 10_000, service: 'clock' }] };
    const ra = await stats(W(), svc, [], 'readahead');
    expect(ra.events.swaps).toBe(0); // the replacement slot's swap is not the readahead's business
    expect(ra.finalVersion).toBe(2);
    expect((await stats(W(), svc, [], 'replacement')).events.swaps).toBe(1);
  });

  it('a submission that breaks after a swap is rolled back, and the first problem is noted', async () => {
    // passes its self test (8 frames), throws once more than 8 pages are resident
    const broken = path.join(dir, 'broken.ts');
    writeFileSync(broken, ejectedSource('fifo')!.replace(/chooseVictim\(([^)]*)\)\s*\{/, (_m, a: string) => `chooseVictim(${a}) { if (bits.frames.length > 8) throw new Error('sized for 8 frames');`));
    const s = await stats(W({ frames: 12 }), { policy: 'fifo', swaps: [{ at: 10_000, service: broken }] });
    expect(s.events.swaps).toBe(1);
    expect(s.events.rollbacks).toBe(1);
    expect(s.finalVersion).toBe(1);
    expect(s.events.serviceErrors).toBeGreaterThanOrEqual(1);
    expect(s.firstProblem).toMatch(/^service error: .*threw: .*sized for 8 frames/);
    expect(s.processes[0]!.exitCode).toBe(0); // the faulting access was retried: nothing lost
  });

  it('a service that cannot be loaded is ok: false with one line', async () => {
    const missing = path.join(dir, 'missing.ts');
    const throwing = path.join(dir, 'throwing.ts');
    writeFileSync(throwing, ejectedSource('fifo')!.replace(/chooseVictim\(([^)]*)\)\s*\{/, (_m, a: string) => `chooseVictim(${a}) { throw new Error('no victim today');`));
    const cases: ResolvedServices[] = [
      { policy: 'nosuch', swaps: [] },
      { policy: 'fifo', readahead: 'clock', swaps: [] },
      { policy: 'fifo', swaps: [{ at: 1000, service: missing }] },
      { policy: 'lru', swaps: [] },
      { policy: 'fifo', swaps: [{ at: 1000, service: throwing }] },
    ];
    const messages: string[] = [];
    for (const svc of cases) {
      const r = await machineStats(W(), svc, 8, []);
      expect(r.ok).toBe(false);
      if (!r.ok) messages.push(r.message);
    }
    for (const m of messages) expect(m.split('\n')).toHaveLength(1);
    expect(messages[0]).toMatch(/nosuch/);
    expect(messages[2]).toBe(`${missing}: no such file`);
    expect(messages[3]).toMatch(/^policy 'lru' needs every memory reference, which only trace mode has/);
    expect(messages[4]).toMatch(new RegExp(`^${throwing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: failed its self test: .*no victim today`));
  });

  it('an unknown program is ok: false with one line', async () => {
    expect(await machineStats(W({ programs: [{ name: 'nosuch' }] }), FIFO, 8, [])).toEqual({ ok: false, message: "'nosuch' is not a built-in workload" });
  });
});
