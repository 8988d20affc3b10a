// Lab 09, reference solution: the same GCLOCK with its ring, counters and hand moved into the
// state object. Module variables are shared by every instance of the service — the kernel
// creates one per process, the self test creates throwaway ones before the version is trusted —
// so the old v2 answered with frames of another instance (the self test's, or another
// process's), an illegal decision, and the slot rolled back to v1. State belongs in the state.

import { definePolicy } from 'milklab';

interface GclockState {
  /** Resident frames in ring order. */
  ring: number[];
  /** frame → uses left (0..MAX_USES). */
  uses: Map<number, number>;
  /** Index into ring of the next frame the hand visits. */
  hand: number;
}

const MAX_USES = 3;

export default definePolicy<GclockState>({
  name: 'gclock',
  description: 'generalized CLOCK: a use counter per frame, fed by referenced bits',
  init: () => ({ ring: [], uses: new Map(), hand: 0 }),

  onMap(s, page) {
    if (s.hand > s.ring.length) s.hand = s.ring.length;
    s.ring.splice(s.hand, 0, page.frame);
    s.uses.set(page.frame, 0);
    s.hand++;
  },

  onUnmap(s, page) {
    const i = s.ring.indexOf(page.frame);
    if (i < 0) return;
    s.ring.splice(i, 1);
    s.uses.delete(page.frame);
    if (i < s.hand) s.hand--;
  },

  chooseVictim(s, bits) {
    const n = s.ring.length;
    if (n === 0) return bits.frames[0]!;
    const clear: number[] = [];
    let at = s.hand % n;
    for (let step = 0; step < n * (MAX_USES + 2); step++) {
      const f = s.ring[at]!;
      const u = s.uses.get(f) ?? 0;
      if (bits.referenced(f) && !clear.includes(f)) {
        s.uses.set(f, Math.min(MAX_USES, u + 1)); // used since the last visit: one more pass
        clear.push(f);
      } else if (u > 0) {
        s.uses.set(f, u - 1); // not used: one pass less
      } else {
        break; // no uses left: the victim
      }
      at = (at + 1) % n;
    }
    s.hand = at;
    return { victim: s.ring[at]!, clear: clear.filter((f) => f !== s.ring[at]) };
  },
});
