// Lab 07, reference solution: sequential-run readahead. A fault on the page right after the
// previous fault — or on a page inside the window we prefetched last time — continues a run:
// prefetch the next pages, a window that doubles from 2 up to 16 pages while the run goes on.
// Any other fault is random access: the run ends and nothing is prefetched, so random work
// pays nothing for the feature.

import { defineReadahead } from 'milklab';

const FIRST = 2;
const MAX = 16;

interface Run {
  /** Page of the last fault. */
  last: number;
  /** Last page prefetched (== last when none). */
  end: number;
  /** Current window in pages (0: no run). */
  window: number;
}

export default defineReadahead<Map<number, Run>>({
  name: 'my-readahead',
  description: 'sequential runs: a doubling prefetch window, nothing on random faults',
  init: () => new Map(),

  onFault(runs, fault) {
    const r = runs.get(fault.pid);
    if (r === undefined || fault.vpn <= r.last || fault.vpn > r.end + 1) {
      runs.set(fault.pid, { last: fault.vpn, end: fault.vpn, window: 0 });
      return [];
    }
    const window = r.window === 0 ? FIRST : Math.min(MAX, r.window * 2);
    const pages = Array.from({ length: window }, (_, i) => fault.vpn + 1 + i);
    runs.set(fault.pid, { last: fault.vpn, end: fault.vpn + window, window });
    return pages;
  },
});
