// A plausible learner's bug for the demo: CLOCK with a statistics table sized for 64 frames.
// It passes its self test (8 frames) and breaks on the machine once more than 64 pages are
// resident — milklab rolls it back and the machine never notices.
import { definePolicy } from 'milklab';

interface State { ring: number[]; hand: number; hist: number[] }

export default definePolicy<State>({
  name: 'clock-hist',
  description: 'CLOCK that also keeps a histogram of ring sizes (buggy: sized for 64 frames)',
  init: () => ({ ring: [], hand: 0, hist: new Array<number>(64).fill(0) }),
  onMap(s, page) { s.ring.push(page.frame); },
  onUnmap(s, page) {
    const i = s.ring.indexOf(page.frame);
    if (i >= 0) { s.ring.splice(i, 1); if (s.hand > i) s.hand--; }
  },
  chooseVictim(s, bits) {
    s.hist[bits.frames.length - 1] = s.hist[bits.frames.length - 1]!.valueOf() + 1; // TypeError past 64
    const clear: number[] = [];
    for (;;) {
      if (s.hand >= s.ring.length) s.hand = 0;
      const f = s.ring[s.hand]!;
      if (!bits.referenced(f) || clear.includes(f)) return { victim: f, clear };
      clear.push(f);
      s.hand++;
    }
  },
});
