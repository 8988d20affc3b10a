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
