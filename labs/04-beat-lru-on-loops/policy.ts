// Lab 04 — beat LRU on loops. This starter is FIFO: it evicts the page that came in first,
// which on a loop slightly larger than memory is exactly the page needed next, so it never
// hits. Change chooseVictim (and use onScan if you like) so loops hit; README.md has the
// targets and hints. Check it:  milklab check 04

import { definePolicy } from 'milklab';

interface LoopState {
  /** Resident frames in the order they were mapped, oldest first. */
  order: number[];
}

export default definePolicy<LoopState>({
  name: 'loop-buster',
  description: 'a replacement policy for loops larger than memory',
  init: () => ({ order: [] }),

  onMap(s, page) {
    s.order.push(page.frame);
  },

  onUnmap(s, page) {
    const i = s.order.indexOf(page.frame);
    if (i >= 0) s.order.splice(i, 1);
  },

  onScan(_s, _bits) {
    // Called periodically. bits.referenced(f) says whether frame f was used since its bit was
    // last cleared; return { clear: [...] } to clear bits and watch them again.
    return {};
  },

  chooseVictim(s, bits) {
    // TODO: FIFO evicts the oldest page. On a loop, which page is needed last?
    return s.order[0] ?? bits.frames[0]!;
  },
});
