// Lab 09 — a v2 that passes probation. This is GCLOCK, CLOCK with a small use counter per frame:
// the hand gives a frame one more pass per recent use, so hot pages survive longer than under
// CLOCK's single bit. It was written in a hurry, and when it is swapped in on a running machine
// it is rolled back within a few decisions. Find out why (the rollback event says what it
// answered), fix it, and make it pass probation; README.md has the details.
// Check it:  milklab check 09

import { definePolicy } from 'milklab';

/** Frames in ring order, and their use counters; the hand's position. */
const ring: number[] = [];
const uses = new Map<number, number>();
let hand = 0;

const MAX_USES = 3;

export default definePolicy<Record<string, never>>({
  name: 'gclock',
  description: 'generalized CLOCK: a use counter per frame, fed by referenced bits',
  init: () => ({}),

  onMap(_s, page) {
    if (hand > ring.length) hand = ring.length;
    ring.splice(hand, 0, page.frame);
    uses.set(page.frame, 0);
    hand++;
  },

  onUnmap(_s, page) {
    const i = ring.indexOf(page.frame);
    if (i < 0) return;
    ring.splice(i, 1);
    uses.delete(page.frame);
    if (i < hand) hand--;
  },

  chooseVictim(_s, bits) {
    const n = ring.length;
    if (n === 0) return bits.frames[0]!;
    const clear: number[] = [];
    let at = hand % n;
    // Each visit: a set referenced bit adds a use (and is cleared); otherwise a frame with uses
    // left loses one; the first frame with none left goes. At most MAX_USES + 2 turns.
    for (let step = 0; step < n * (MAX_USES + 2); step++) {
      const f = ring[at]!;
      const u = uses.get(f) ?? 0;
      if (bits.referenced(f) && !clear.includes(f)) {
        uses.set(f, Math.min(MAX_USES, u + 1)); // used since the last visit: one more pass
        clear.push(f);
      } else if (u > 0) {
        uses.set(f, u - 1); // not used: one pass less
      } else {
        break; // no uses left: the victim
      }
      at = (at + 1) % n;
    }
    hand = at;
    return { victim: ring[at]!, clear: clear.filter((f) => f !== ring[at]) };
  },
});
