// Live-update figures: save-to-serving latency (file written → new version answering faults),
// the machine's pause at a swap, and memory retained after 1000 swaps.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseElf } from '../src/machine/hw/elf.js';
import { ejectedSource } from '../src/cli/eject.js';
import { Session } from '../src/session/session.js';
import { loadVersion } from '../src/session/versions.js';
import { InProcessVersion } from '../src/services/live/version.js';
import { watchFiles } from '../src/services/watcher.js';
import { findWorkload } from '../src/workloads/registry.js';
import { median } from './mips.js';

function loopImage() {
  const img = parseElf(new Uint8Array(readFileSync(findWorkload('loop')!.file)));
  if (!img.ok) throw new Error('loop.elf');
  return img.value;
}

const pct = (xs: number[], q: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

/** Saves a policy file `n` times during a fault-heavy run; ms from write to the new version's first answered fault. */
export async function measureSaveToServing(n = 12): Promise<{ p50Ms: number; p99Ms: number; samples: number[] }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'milklab-bench-'));
  const file = path.join(dir, 'policy.ts');
  const src = ejectedSource('clock')!;
  writeFileSync(file, src);
  const c = await Session.create({ frames: 256, seed: 1, policy: file, programs: [{ name: 'loop', image: loopImage(), argv: ['loop', '300', '1000000'] }] });
  if (!c.ok) throw new Error(c.message);
  const s = c.session;
  const slot = s.slots.get('replacement')!;
  const w = watchFiles([file], (f) => { void s.load('replacement', f); });
  await w.ready;
  const running = s.start();
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const want = slot.current.number + 1;
    const t0 = performance.now();
    writeFileSync(file, `${src}\n// save ${i}\n`);
    for (;;) {
      await new Promise((r) => setTimeout(r, 1));
      if (slot.current.number === want && slot.current.host.latency().calls > 0) break;
      if (performance.now() - t0 > 10_000) throw new Error('save never went live');
    }
    samples.push(performance.now() - t0);
  }
  s.stop();
  await running;
  await w.close();
  s.close();
  return { p50Ms: median(samples), p99Ms: pct(samples, 0.99), samples };
}

/** Swaps `n` times at quiescent points of a busy machine (1024 resident frames); pause µs p50/p99, heap retained. */
export async function measureSwaps(n = 1000): Promise<{ p50Us: number; p99Us: number; retainedMiB: number }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'milklab-bench-'));
  const a = path.join(dir, 'a.ts'), b = path.join(dir, 'b.ts');
  writeFileSync(a, ejectedSource('clock')!);
  writeFileSync(b, ejectedSource('fifo')!);
  const va = await loadVersion(a, 'replacement', { frames: 1024, inProcess: true }), vb = await loadVersion(b, 'replacement', { frames: 1024, inProcess: true });
  if (!va.ok || !vb.ok || !(va.host instanceof InProcessVersion) || !(vb.host instanceof InProcessVersion)) throw new Error('load');
  const c = await Session.create({ frames: 1024, seed: 1, policy: 'clock', programs: [{ name: 'loop', image: loopImage(), argv: ['loop', '1100', '1000000'] }] });
  if (!c.ok) throw new Error(c.message);
  const s = c.session, slot = s.slots.get('replacement')!;
  s.runSync(5_000_000); // fill memory
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const pauses: number[] = [];
  for (let i = 0; i < n; i++) {
    s.runSync(20_000);
    const r = slot.swap(new InProcessVersion(i % 2 ? va.host.service : vb.host.service, 1024), i % 2 ? a : b);
    if (r.ok) pauses.push(r.pauseUs);
  }
  gc?.();
  const retainedMiB = (process.memoryUsage().heapUsed - heap0) / (1 << 20);
  s.close();
  return { p50Us: median(pauses), p99Us: pct(pauses, 0.99), retainedMiB };
}

/**
 * The machine's pauses during live updates to isolated versions without `migrate` (the learner's
 * usual case: the new version is rebuilt from ~1000 resident pages). The machine runs a thrashing
 * loop in chunks of 200 instructions (a few faults each) with an event-loop turn between chunks,
 * as Session.start does; the policy file is reloaded `n` times, alternating FIFO and CLOCK
 * sources. Two figures per update: the swap's pause — the longest chunk among the one that
 * applied the swap and the 20 after it (the new version's first decisions) minus the median
 * chunk — and the longest stall of the whole update: the longest time between two chunks'
 * starts from the load to 20 chunks after the swap (compile, type check, worker start, self test
 * and staging all run on or beside the machine's thread then) minus the median.
 */
export async function measureIsolatedSwapPauses(n = 20): Promise<{ p50Us: number; p99Us: number; controlP50Us: number; controlP99Us: number; stallP50Us: number; stallP99Us: number; chunkUs: number; switchP50Us: number; resident: number }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'milklab-bench-'));
  const files = [path.join(dir, 'fifo.ts'), path.join(dir, 'clock.ts')];
  writeFileSync(files[0]!, ejectedSource('fifo')!);
  writeFileSync(files[1]!, ejectedSource('clock')!);
  const c = await Session.create({ frames: 1024, seed: 1, policy: files[0]!, programs: [{ name: 'loop', image: loopImage(), argv: ['loop', '1100', '100000000'] }] });
  if (!c.ok) throw new Error(c.message);
  const s = c.session, slot = s.slots.get('replacement')!;
  const switches: number[] = [];
  s.onEvent((e) => { if (e.type === 'swap') switches.push(e.pauseUs); });
  s.runSync(5_000_000); // fill memory
  const resident = s.kernel.procs[0]!.resident.length;
  const chunks: number[] = [], pauses: number[] = [], stalls: number[] = [], control: number[] = [];
  for (let i = 0; i < n; i++) {
    // control: the same statistic over 21 chunks with no update going on
    const quiet: number[] = [];
    for (let k = 0; k < 40; k++) {
      const t0 = performance.now();
      s.runSync(200);
      quiet.push((performance.now() - t0) * 1000);
      await new Promise((r) => setImmediate(r));
    }
    control.push(Math.max(0, Math.max(...quiet.slice(19)) - median(quiet)));
    const want = slot.current.number + 1;
    let failed = '';
    void s.load('replacement', files[(i + 1) % 2]!).then((r) => { if (!r.ok) failed = r.message; });
    const times: number[] = [], starts: number[] = [];
    let at = -1;
    for (let k = 0; at < 0 || k <= at + 20; k++) {
      const t0 = performance.now();
      starts.push(t0);
      s.runSync(200);
      times.push((performance.now() - t0) * 1000);
      if (at < 0 && slot.current.number === want) at = k;
      if (failed || k > 1_000_000) throw new Error(`swap ${i} never applied ${failed}`);
      await new Promise((r) => setImmediate(r));
    }
    const typical = median(times.slice(0, Math.max(1, at)));
    chunks.push(typical);
    pauses.push(Math.max(0, Math.max(...times.slice(at, at + 21)) - typical));
    const steps = starts.slice(1).map((t, k) => (t - starts[k]!) * 1000);
    stalls.push(Math.max(0, Math.max(...steps) - median(steps)));
  }
  s.close();
  return { p50Us: median(pauses), p99Us: pct(pauses, 0.99), controlP50Us: median(control), controlP99Us: pct(control, 0.99), stallP50Us: median(stalls), stallP99Us: pct(stalls, 0.99), chunkUs: median(chunks), switchP50Us: median(switches), resident };
}

/**
 * Slowdown of a fault-heavy workload when its policy runs isolated (a FIFO file in a worker)
 * rather than in-process (the built-in FIFO): the same thrashing loop over 1100 pages in 1024
 * frames, the same `instructions`, wall time of each; best of `reps`. Returns both MIPS, the
 * faults served and the ratio (isolated time / in-process time).
 */
export async function measureIsolationSlowdown(instructions = 20_000_000, reps = 3): Promise<{ inProcessMips: number; isolatedMips: number; faults: number; ratio: number }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'milklab-bench-'));
  const file = path.join(dir, 'fifo.ts');
  writeFileSync(file, ejectedSource('fifo')!);
  const run = async (policy: string): Promise<{ seconds: number; faults: number }> => {
    let best = Infinity, faults = 0;
    for (let r = 0; r < reps; r++) {
      const c = await Session.create({ frames: 1024, seed: 1, policy, programs: [{ name: 'loop', image: loopImage(), argv: ['loop', '1100', '100000000'] }] });
      if (!c.ok) throw new Error(c.message);
      const s = c.session;
      s.runSync(2_000_000); // warm up: memory full, code compiled
      const f0 = s.kernel.procs[0]!.stats.majorFaults + s.kernel.procs[0]!.stats.minorFaults;
      const t0 = performance.now();
      s.runSync(instructions);
      best = Math.min(best, (performance.now() - t0) / 1000);
      faults = s.kernel.procs[0]!.stats.majorFaults + s.kernel.procs[0]!.stats.minorFaults - f0;
      s.close();
    }
    return { seconds: best, faults };
  };
  const inproc = await run('fifo');
  const iso = await run(file);
  return { inProcessMips: instructions / inproc.seconds / 1e6, isolatedMips: instructions / iso.seconds / 1e6, faults: iso.faults, ratio: iso.seconds / inproc.seconds };
}
