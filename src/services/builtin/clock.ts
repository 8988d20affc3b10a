// CLOCK (second chance): the resident frames form a ring with a hand. At a fault the hand
// sweeps: a frame whose referenced (A) bit is set gets a second chance — we ask the kernel to
// clear its bit — and the hand moves on; the first frame with a clear bit is the victim.
// The bits we read are a snapshot, so frames we pass in this sweep count as cleared already.
// A newly mapped page goes just behind the hand (it is the last the hand will reach).

import { definePolicy } from '../protocol.js';

interface ClockState {
  /** Resident frames in ring order. */
  ring: number[];
  /** Index into ring of the next frame the hand looks at. */
  hand: number;
}

export default definePolicy<ClockState>({
  name: 'clock',
  description: 'second chance: a ring swept by a hand that clears referenced bits',
  init: () => ({ ring: [], hand: 0 }),
  onMap(s, page) {
    if (s.hand > s.ring.length) s.hand = s.ring.length;
    s.ring.splice(s.hand, 0, page.frame);
    s.hand++;
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
    for (let step = 0; step < n; step++) {
      const frame = s.ring[at]!;
      if (!bits.referenced(frame)) break;
      clear.push(frame); // second chance
      at = (at + 1) % n;
    }
    // Every frame was referenced: the sweep came full circle, all bits are now clear and the
    // frame under the hand goes (it was cleared first, like the hardware version).
    s.hand = at;
    return { victim: s.ring[at]!, clear: clear.filter((f) => f !== s.ring[at]) };
  },
});
