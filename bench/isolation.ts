// The cost of isolation: victim() round trips of the built-in FIFO running in a service worker
// (shared-memory channel, src/services/isolation) against the same FIFO in process
// (src/services/host.ts), on the same fault stream. Measured, never asserted.
//   p50Us / p99Us       isolated, decisions back to back (the worker is still spinning)
//   idleP50Us / ...     isolated, with ~100 µs of other work between decisions (the worker
//                       has gone to sleep: the kernel's usual case, faults are far apart)
//   hintedP50Us / ...   as idle, but host.wake() is called 50 µs before each decision (as the
//                       kernel could at the start of a fault): the worker is awake in time
//   inProcessP50Us      in process, same stream
//   slowdown            p50Us / inProcessP50Us

import path from 'node:path';
import { packageRoot } from '../src/paths.js';
import fifo from '../src/services/builtin/fifo.js';
import { ReplacementHost, type BitsData } from '../src/services/host.js';
import { ServiceWorkerHost } from '../src/services/isolation/isolated-host.js';
import { ServiceCompiler } from '../src/services/compiler.js';
import type { PageInfo } from '../src/services/protocol.js';

export interface IsolationBench {
  p50Us: number;
  p99Us: number;
  idleP50Us: number;
  idleP99Us: number;
  hintedP50Us: number;
  hintedP99Us: number;
  inProcessP50Us: number;
  slowdown: number;
  decisions: number;
}

const FRAMES = 64;
const PAGES = 256;

interface Target {
  map(p: PageInfo): unknown;
  unmap(p: PageInfo): unknown;
  victim(b: BitsData): { ok: boolean; value?: { victim: number } };
  wake?(): void;
}

const busy = (us: number): void => { const until = performance.now() + us / 1000; while (performance.now() < until); };

/**
 * Runs `faults` faults of a random stream through `t`; returns each victim() duration in µs.
 * Before each decision, `gapUs` of busy work (other than the service's); with `hintUs`, t.wake()
 * is called that long before the decision.
 */
function stream(t: Target, faults: number, gapUs: number, hintUs = 0): number[] {
  let seed = 12345;
  const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % PAGES;
  const referenced = new Uint8Array(FRAMES), dirty = new Uint8Array(FRAMES), vpn = new Int32Array(FRAMES).fill(-1);
  const order: number[] = [];
  const where = new Map<number, number>();
  const times: number[] = [];
  let free = 0;
  while (times.length < faults) {
    const v = next();
    const hit = where.get(v);
    if (hit !== undefined) { referenced[hit] = 1; continue; }
    let frame: number;
    if (free < FRAMES) {
      frame = free++;
    } else {
      if (hintUs > 0 && t.wake) { busy(gapUs - hintUs); t.wake(); busy(hintUs); } else if (gapUs > 0) busy(gapUs);
      const t0 = performance.now();
      const r = t.victim({ frames: order, referenced, dirty, vpn, now: times.length });
      times.push((performance.now() - t0) * 1000);
      if (!r.ok || !r.value) throw new Error('victim failed');
      frame = r.value.victim;
      order.splice(order.indexOf(frame), 1);
      where.delete(vpn[frame]!);
      t.unmap({ frame, vpn: vpn[frame]!, pid: 1 });
    }
    order.push(frame);
    where.set(v, frame);
    vpn[frame] = v;
    referenced[frame] = 1;
    t.map({ frame, vpn: v, pid: 1 });
  }
  return times;
}

function pct(xs: number[], q: number): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
}

/** Measures isolated vs in-process victim() round trips (see the header). */
export async function measureIsolation(decisions = 20_000): Promise<IsolationBench> {
  // the built-in FIFO through the same pipeline a learner's file takes (compile, type check)
  const compiler = new ServiceCompiler(path.join(packageRoot(), 'src', 'services', 'builtin', 'fifo.ts'));
  const compiled = await compiler.compile();
  await compiler.dispose();
  if (!compiled.ok) throw new Error(`fifo.ts did not compile: ${compiled.errors[0]?.message}`);
  const started = await ServiceWorkerHost.start(compiled.code, 'fifo.ts', { callBudgetMs: 1000 });
  if (!started.ok) throw new Error(`isolated fifo did not start: ${started.error.message}`);
  const h = started.host;
  try {
    const local = new ReplacementHost(fifo, { frames: FRAMES });
    const inProc = stream(local, decisions, 0);
    let id = 1;
    const run = (gapUs: number, n: number, hintUs = 0): number[] => {
      h.createInstance(++id, { frames: FRAMES });
      const i = id;
      return stream({ map: (p) => h.map(i, p), unmap: (p) => h.unmap(i, p), victim: (b) => h.victim(i, b), wake: () => h.wake() }, n, gapUs, hintUs);
    };
    run(0, 2000); // warm-up
    const iso = run(0, decisions);
    const idle = run(100, Math.min(decisions, 5000));
    const hinted = run(100, Math.min(decisions, 5000), 50);
    const p50 = pct(iso, 0.5), inP50 = pct(inProc, 0.5);
    return {
      p50Us: p50, p99Us: pct(iso, 0.99), idleP50Us: pct(idle, 0.5), idleP99Us: pct(idle, 0.99), hintedP50Us: pct(hinted, 0.5), hintedP99Us: pct(hinted, 0.99),
      inProcessP50Us: inP50, slowdown: inP50 > 0 ? p50 / inP50 : 0, decisions,
    };
  } finally {
    await h.terminate();
  }
}
