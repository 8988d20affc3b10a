// Page-fault-frequency (PFF) allocation: watch each process's fault rate — faults per million
// instructions over the last interval — and steer it into a band. Above UPPER the process is
// thrashing: grow its quota by 25%. Below LOWER it holds more than it needs: shrink by 10%.
// No quota goes below MIN_FRAMES, and the quotas never add up to more than totalFrames:
// when growth does not fit, the growing processes share what the others leave.

import { defineAllocator, type ProcessUsage } from '../protocol.js';

/** The band of faults per million instructions we aim for. */
const LOWER = 20;
const UPPER = 200;
const MIN_FRAMES = 8;

/** Scales `want` down to fit in `budget`, keeping MIN_FRAMES each when that fits at all. */
function fit(want: number[], budget: number): number[] {
  const total = want.reduce((a, b) => a + b, 0);
  if (total <= budget) return want;
  if (MIN_FRAMES * want.length > budget) return want.map(() => Math.floor(budget / Math.max(1, want.length)));
  const spare = budget - MIN_FRAMES * want.length; // shared in proportion to the wish above the minimum
  const above = total - MIN_FRAMES * want.length;
  return want.map((w) => MIN_FRAMES + Math.floor(((w - MIN_FRAMES) * spare) / above));
}

/** The quota this process would like, judged on its own. */
function wish(p: ProcessUsage, fallback: number): number {
  const current = Math.max(MIN_FRAMES, p.quota > 0 ? p.quota : fallback);
  if (p.instructions <= 0) return current; // nothing ran yet: no evidence either way
  const rate = (p.faults * 1e6) / p.instructions;
  if (rate > UPPER) return Math.ceil(current * 1.25);
  if (rate < LOWER) return Math.max(MIN_FRAMES, Math.floor(current * 0.9));
  return current;
}

export default defineAllocator<null>({
  name: 'pff',
  description: 'page-fault frequency: grows quotas of faulting processes, shrinks idle ones',
  init: () => null,
  quotas(_state, usage) {
    const procs = usage.processes;
    const share = Math.floor(usage.totalFrames / Math.max(1, procs.length));
    const want = procs.map((p) => wish(p, share));
    const growing = procs.map((p, i) => want[i]! > Math.max(MIN_FRAMES, p.quota));
    const others = want.filter((_, i) => !growing[i]).reduce((a, b) => a + b, 0);
    const growers = want.filter((_, i) => growing[i]);
    let result: number[];
    if (others + MIN_FRAMES * growers.length <= usage.totalFrames) {
      const grown = fit(growers, usage.totalFrames - others);
      let k = 0;
      result = want.map((w, i) => (growing[i] ? grown[k++]! : w));
    } else {
      result = fit(want, usage.totalFrames);
    }
    const quotas: Record<number, number> = {};
    procs.forEach((p, i) => { quotas[p.pid] = result[i]!; });
    return quotas;
  },
});
