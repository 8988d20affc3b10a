// Lab 05 — an adaptive policy. This starter is exact LRU: it sees every reference (trace mode
// only: needs.references) and evicts the page unused for longest. LRU is good when the recent
// past predicts the future and poor when a scan floods memory with pages used once. Make it
// adapt (ARC, 2Q, CLOCK-Pro, S3-FIFO, your own idea); README.md has the target.
// Check it:  milklab check 05

import { definePolicy } from 'milklab';

interface LruState {
  /** A counter bumped at every reference. */
  tick: number;
  /** frame → tick of its last reference. */
  lastUse: Map<number, number>;
}

export default definePolicy<LruState>({
  name: 'adaptive',
  description: 'an adaptive replacement policy (starts as exact LRU)',
  needs: { references: true },
  init: () => ({ tick: 0, lastUse: new Map() }),

  /** A page was brought in (a miss); page.vpn is its page number. */
  onMap(s, page) {
    s.lastUse.set(page.frame, ++s.tick);
  },

  /** A resident page was referenced (a hit). */
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
