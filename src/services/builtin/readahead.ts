// Sequential readahead: when a process faults on consecutive pages, it is probably walking
// through memory in order, so bring in the next pages before it asks. Per process we remember
// the last faulting page and how far we already prefetched. A fault just after the last one —
// or inside/just past the window we prefetched (those pages may have been evicted before use)
// — continues the run and the window doubles: 4, 8, 16, 32 pages. Any other fault is random
// access: the run ends and nothing is prefetched.

import { defineReadahead } from '../protocol.js';

interface Run {
  /** Page number of the last fault. */
  last: number;
  /** Last page we prefetched (== last when nothing was). */
  end: number;
  /** Current window size in pages (0: not in a run). */
  window: number;
}

const FIRST_WINDOW = 4;
const MAX_WINDOW = 32;

export default defineReadahead<Map<number, Run>>({
  name: 'sequential',
  description: 'sequential readahead: prefetches a window doubling up to 32 pages on runs of faults',
  init: () => new Map(),
  onFault(runs, fault) {
    const r = runs.get(fault.pid);
    const sequential = r !== undefined && fault.vpn > r.last && fault.vpn <= r.end + 1;
    if (!sequential) {
      runs.set(fault.pid, { last: fault.vpn, end: fault.vpn, window: 0 });
      return [];
    }
    const window = r.window === 0 ? FIRST_WINDOW : Math.min(r.window * 2, MAX_WINDOW);
    const pages: number[] = [];
    for (let i = 1; i <= window; i++) pages.push(fault.vpn + i);
    runs.set(fault.pid, { last: fault.vpn, end: fault.vpn + window, window });
    return pages;
  },
});
