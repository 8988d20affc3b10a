// Lab 02 — write CLOCK. This file starts as FIFO in CLOCK's clothes: it keeps the resident
// frames in a ring with a hand, but ignores the hand and the referenced bits, so it evicts the
// page that came in first. Turn it into CLOCK (second chance); README.md says exactly how.
// Check it:  milklab check 02

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
    // TODO 2: the new page takes the place the hand just freed (insert it at the hand),
    // and the hand moves one step on, past it.
    s.ring.push(page.frame);
  },

  onUnmap(s, page) {
    const i = s.ring.indexOf(page.frame);
    if (i < 0) return;
    s.ring.splice(i, 1);
    // TODO 3: removing an entry before the hand shifts the later ones down by one:
    // keep the hand on the same frame.
  },

  chooseVictim(s, bits) {
    // TODO 1: sweep from the hand. A frame whose referenced bit is set gets a second chance:
    // ask the kernel to clear its bit (return it in `clear`) and move on, wrapping around.
    // The first frame whose bit is clear is the victim; leave the hand pointing at it.
    // (If every bit was set, the sweep comes back to where it started: that frame goes.)
    const clear: number[] = [];
    const victim = s.ring[0] ?? bits.frames[0]!;
    return { victim, clear };
  },
});
