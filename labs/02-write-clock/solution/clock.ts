// Lab 02, reference solution: CLOCK (second chance) as in the textbooks. The resident frames
// form a ring; the hand sweeps it at each fault, clearing referenced bits (a second chance)
// until it finds a frame whose bit is clear. The new page takes the victim's place in the ring
// and the hand moves past it.

import { definePolicy } from 'milklab';

interface ClockState {
  /** Resident frames, in ring order. */
  ring: number[];
  /** Index into ring of the frame the hand points at (the next one to inspect). */
  hand: number;
}

export default definePolicy<ClockState>({
  name: 'my-clock',
  description: 'second chance: a ring of frames swept by a hand',
  init: () => ({ ring: [], hand: 0 }),

  onMap(s, page) {
    const at = Math.min(s.hand, s.ring.length);
    s.ring.splice(at, 0, page.frame);
    s.hand = at + 1;
  },

  onUnmap(s, page) {
    const i = s.ring.indexOf(page.frame);
    if (i < 0) return;
    s.ring.splice(i, 1);
    if (i < s.hand) s.hand--;
  },

  chooseVictim(s, bits) {
    const n = s.ring.length;
    if (n === 0) return bits.frames[0]!;
    const clear: number[] = [];
    let at = s.hand % n;
    // Our bits are a snapshot: a frame we clear in this sweep still reads as referenced, so the
    // sweep is at most one full turn; after a full turn, the frame it started at goes.
    for (let step = 0; step < n && bits.referenced(s.ring[at]!); step++) {
      clear.push(s.ring[at]!);
      at = (at + 1) % n;
    }
    s.hand = at;
    return { victim: s.ring[at]!, clear: clear.filter((f) => f !== s.ring[at]) };
  },
});
