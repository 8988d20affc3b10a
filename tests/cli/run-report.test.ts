// runReport: the `milklab run --json` figures built from a real kernel run — totals are the sums
// over processes, CPU figures come from the hart, optional fields appear only when there is
// something to say, and the counts are the same for the same run (only wall time may differ).
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { checkFits, parseElf } from '../../src/machine/hw/elf.js';
import { runReport, type RunReport } from '../../src/cli/run-report.js';
import type { SlotInfo } from '../../src/services/live/slot.js';
import { Session, type ProgramSpec } from '../../src/session/session.js';
import { findWorkload } from '../../src/workloads/registry.js';

function prog(name: string, args: string[]): ProgramSpec {
  const parsed = parseElf(new Uint8Array(readFileSync(findWorkload(name)!.file)));
  const fits = parsed.ok ? checkFits(parsed.value, 0x1000, 0xbf00_0000 - 0x1000) : parsed;
  if (!fits.ok) throw new Error(`${name}: ${JSON.stringify(fits.error)}`);
  return { name, image: fits.value, argv: [name, ...args] };
}

const sessions: Session[] = [];
afterEach(() => { for (const s of sessions.splice(0)) s.close(); });

/** A session with loop (16 pages, 4 passes) and a tiny sieve sharing `frames` frames. */
async function session(frames = 12, policy = 'fifo'): Promise<{ s: Session; events: () => number }> {
  let events = 0;
  const c = await Session.create({
    frames, seed: 1, policy, programs: [prog('loop', ['16', '4']), prog('sieve', ['1000'])],
    onOutput: () => {}, onEvent: () => { events++; },
  });
  if (!c.ok) throw new Error(c.message);
  sessions.push(c.session);
  return { s: c.session, events: () => events };
}
const runAll = (s: Session): void => { while (s.runSync(1_000_000) !== 'idle'); };

/** A finished run's report. */
async function finished(): Promise<{ r: RunReport; s: Session; events: number }> {
  const { s, events } = await session();
  runAll(s);
  const r = runReport(s.kernel, 0.5, ['fifo', 'fifo'], events(), s.snapshot().services);
  return { r, s, events: events() };
}

describe('runReport', () => {
  it('takes instructions, cycles, frames and TLB walks from the machine', async () => {
    const { r, s } = await finished();
    const cpu = s.kernel.machine.cpu;
    expect(r.instructions).toBe(cpu.instret);
    expect(r.instructions).toBeGreaterThan(30_000);
    expect(r.cycles).toBe(cpu.cycles(0));
    expect(r.cycles).toBeGreaterThanOrEqual(r.instructions);
    expect(r.frames).toBe(12);
    expect(r.tlb.walks).toBe(cpu.tlb.walks.reduce((a, b) => a + b, 0));
    expect(r.tlb.walks).toBeGreaterThan(0);
    expect(r.wallSeconds).toBe(0.5);
    expect(r.mips).toBeCloseTo(r.instructions / 0.5 / 1e6, 12);
  });

  it('lists every process and sums their figures into the totals', async () => {
    const { r } = await finished();
    expect(r.processes.map((p) => [p.pid, p.name, p.exitCode])).toEqual([[1, 'loop', 0], [2, 'sieve', 0]]);
    const sum = (f: (p: RunReport['processes'][number]) => number): number => r.processes.reduce((a, p) => a + f(p), 0);
    expect(r.faults).toEqual({ minor: sum((p) => p.faults.minor), major: sum((p) => p.faults.major) });
    expect(r.evictions).toBe(sum((p) => p.evictions));
    expect(r.swapIns).toBe(sum((p) => p.swapIns));
    expect(r.swapOuts).toBe(sum((p) => p.swapOuts));
    expect(r.prefetched).toBe(sum((p) => p.prefetched));
    expect(r.instructions).toBe(sum((p) => p.instructions));
    // 16 + 5 pages in 12 frames: the loop keeps evicting
    expect(r.evictions).toBeGreaterThan(0);
    expect(r.faults.minor + r.faults.major).toBeGreaterThan(r.evictions);
    for (const p of r.processes) expect(p).not.toHaveProperty('signal');
  });

  it('passes policy and event count through, and reports the services from the snapshot', async () => {
    const { r, events } = await finished();
    expect(r.policy).toEqual(['fifo', 'fifo']);
    expect(r.events).toBe(events);
    expect(r.events).toBeGreaterThan(0);
    expect(r.services).toEqual([{ service: 'replacement', name: 'fifo', version: 1, status: 'serving', isolated: false, p50Us: expect.any(Number), p99Us: expect.any(Number), calls: expect.any(Number) }]);
    expect(r).not.toHaveProperty('shadow');
  });

  it('has exactly the keys of the documented JSON contract', async () => {
    const { r } = await finished();
    const j = JSON.parse(JSON.stringify(r)) as Record<string, unknown>;
    expect(Object.keys(j)).toEqual(['instructions', 'cycles', 'wallSeconds', 'mips', 'faults', 'evictions', 'swapIns', 'swapOuts', 'prefetched', 'frames', 'policy', 'tlb', 'events', 'processes', 'services']);
    expect(Object.keys((j.processes as object[])[0]!)).toEqual(['pid', 'name', 'exitCode', 'instructions', 'faults', 'evictions', 'swapIns', 'swapOuts', 'prefetched']);
  });

  it('gives 0 MIPS, not Infinity, when no wall time passed', async () => {
    const { s } = await session();
    runAll(s);
    const r = runReport(s.kernel, 0, ['fifo'], 0);
    expect(r.mips).toBe(0);
    expect(r.services).toEqual([]);
  });

  it('a process still running has no exit code; a killed one has its status and signal', async () => {
    const { s } = await session();
    s.runSync(5_000);
    expect(s.killProcess(2)).toBe(true);
    const r = runReport(s.kernel, 1, ['fifo'], 0);
    expect(r.processes[0]).toMatchObject({ pid: 1, exitCode: null });
    expect(r.processes[0]).not.toHaveProperty('signal');
    expect(r.processes[1]).toMatchObject({ pid: 2, exitCode: 128 + 9, signal: 'SIGKILL' });
  });

  it('includes the shadow comparison and a service’s last error only when given', async () => {
    const { s } = await session();
    runAll(s);
    const info: SlotInfo = {
      service: 'replacement', kind: 'replacement', version: 3, label: 'x.ts', name: 'x', status: 'serving', isolated: true,
      latency: { p50Us: 12, p99Us: 40, calls: 7 }, lastError: 'threw: boom',
    };
    const shadow = { label: 'cand.ts', decisions: 10, differing: 3 };
    const r = runReport(s.kernel, 1, ['x.ts'], 2, [info], shadow);
    expect(r.services).toEqual([{ service: 'replacement', name: 'x', version: 3, status: 'serving', isolated: true, p50Us: 12, p99Us: 40, calls: 7, lastError: 'threw: boom' }]);
    expect(r.shadow).toEqual(shadow);
  });

  it('is deterministic: the same run gives the same report, wall time aside', async () => {
    const strip = (r: RunReport) => ({ ...r, wallSeconds: 0, mips: 0, services: r.services.map((x) => ({ ...x, p50Us: 0, p99Us: 0 })) });
    const a = await finished();
    const b = await finished();
    expect(strip(b.r)).toEqual(strip(a.r));
  });
});
