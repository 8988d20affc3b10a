// Exact LRU: evict the page whose last use is oldest. It needs to see every reference, hits
// included (onAccess), which paging hardware cannot report — the machine only sets A bits —
// so it runs in trace mode only; aging, clock and s3fifo are its hardware-friendly stand-ins.

import { definePolicy } from '../protocol.js';

interface LruState {
  /** A counter bumped at every reference. */
  tick: number;
  /** frame → tick of its last reference. */
  lastUse: Map<number, number>;
}

export default definePolicy<LruState>({
  name: 'lru',
  description: 'least recently used, exact: needs every reference',
  needs: { references: true },
  init: () => ({ tick: 0, lastUse: new Map() }),
  onMap(s, page) {
    s.lastUse.set(page.frame, ++s.tick);
  },
  onAccess(s, page) {
    s.lastUse.set(page.frame, ++s.tick);
  },
  onUnmap(s, page) {
    s.lastUse.delete(page.frame);
  },
  chooseVictim(s, bits) {
    let victim = bits.frames[0]!;
    let oldest = Infinity;
    for (const f of bits.frames) {
      const t = s.lastUse.get(f) ?? 0;
      if (t < oldest) {
        oldest = t;
        victim = f;
      }
    }
    return victim;
  },
});
