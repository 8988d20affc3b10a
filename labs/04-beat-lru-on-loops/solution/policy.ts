// Lab 04, reference solution: dead-or-MRU. On a loop larger than memory the page needed
// furthest in the future is the one just used, so the newest page goes (MRU: the loop's first
// pages stay resident and hit on every pass). Plain MRU never lets go of pages a program has
// stopped using, so a periodic scan counts how long each page has gone unused: a page idle for
// two scans in a row is dead and goes first (the oldest dead page).

import { definePolicy } from 'milklab';

/** Scans in a row without a reference after which a page counts as dead. */
const DEAD_AFTER = 2;

interface LoopState {
  /** Resident frames in the order they were mapped, oldest first. */
  order: number[];
  /** frame → scans in a row in which it was not referenced. */
  idle: Map<number, number>;
}

export default definePolicy<LoopState>({
  name: 'loop-buster',
  description: 'dead-or-MRU: evicts pages idle for two scans, else the newest page',
  init: () => ({ order: [], idle: new Map() }),

  onMap(s, page) {
    s.order.push(page.frame);
    s.idle.set(page.frame, 0);
  },

  onUnmap(s, page) {
    const i = s.order.indexOf(page.frame);
    if (i >= 0) s.order.splice(i, 1);
    s.idle.delete(page.frame);
  },

  onScan(s, bits) {
    const clear: number[] = [];
    for (const f of bits.frames) {
      if (bits.referenced(f)) {
        s.idle.set(f, 0);
        clear.push(f);
      } else {
        s.idle.set(f, (s.idle.get(f) ?? 0) + 1);
      }
    }
    return { clear };
  },

  chooseVictim(s, bits) {
    for (const f of s.order) if ((s.idle.get(f) ?? 0) >= DEAD_AFTER && !bits.referenced(f)) return f;
    return s.order[s.order.length - 1] ?? bits.frames[0]!;
  },
});
