// Lab 06, reference solution: fault-rate driven sharing without oscillation. A process faulting
// above the band doubles its quota — paid first from frames nobody holds, then by processes
// that barely fault (each gives at most a fifth of its quota, and never frames it is using
// beyond a small margin). A quiet process is never shrunk for nothing: the built-in pff shrinks
// it anyway, it starts thrashing, grows back, and the cycle repeats.

import { defineAllocator, type ProcessUsage } from 'milklab';

/** Faults per million instructions: above UPPER a process is short of frames, below LOWER it can spare some. */
const UPPER = 100;
const LOWER = 10;
const MIN_FRAMES = 8;

const rate = (p: ProcessUsage): number => (p.instructions > 0 ? (p.faults * 1e6) / p.instructions : 0);

export default defineAllocator<null>({
  name: 'sharing',
  description: 'grows processes above the fault-rate band, paid by quiet ones; never shrinks for nothing',
  init: () => null,

  quotas(_state, usage) {
    const quota = new Map<number, number>();
    for (const p of usage.processes) quota.set(p.pid, Math.max(MIN_FRAMES, p.quota));
    let used = [...quota.values()].reduce((a, b) => a + b, 0);
    const needy = usage.processes.filter((p) => rate(p) > UPPER).sort((a, b) => rate(b) - rate(a));
    const donors = usage.processes.filter((p) => rate(p) < LOWER).sort((a, b) => rate(a) - rate(b));
    for (const p of needy) {
      let want = quota.get(p.pid)!; // double
      const free = Math.max(0, Math.min(want, usage.totalFrames - used));
      quota.set(p.pid, quota.get(p.pid)! + free);
      used += free;
      want -= free;
      for (const d of donors) {
        if (want <= 0) break;
        const q = quota.get(d.pid)!;
        const give = Math.min(want, Math.max(0, q - Math.max(MIN_FRAMES, d.resident - 2, Math.floor(q * 0.8))));
        quota.set(d.pid, q - give);
        quota.set(p.pid, quota.get(p.pid)! + give);
        want -= give;
      }
    }
    return Object.fromEntries(quota);
  },
});
