// Lab 08 — v1, the version running on the machine (do not edit: the check uses the lab's copy).
// Frequency (LFU over referenced bits): at every periodic scan, each frame whose referenced bit
// is set gains one point (and the bit is cleared to watch it again). The victim is the frame
// with the fewest points; ties go to the frame mapped first.

import { definePolicy } from 'milklab';

interface FrequencyV1 {
  /** frame → points (scans in which the page was referenced, plus one for being brought in). */
  count: Map<number, number>;
}

export default definePolicy<FrequencyV1>({
  name: 'frequency',
  description: 'v1: least frequently used, counted from referenced bits at each scan',
  init: () => ({ count: new Map() }),

  onMap(s, page) {
    s.count.set(page.frame, 1);
  },

  onUnmap(s, page) {
    s.count.delete(page.frame);
  },

  onScan(s, bits) {
    const clear: number[] = [];
    for (const f of bits.frames) {
      if (!bits.referenced(f)) continue;
      s.count.set(f, (s.count.get(f) ?? 0) + 1);
      clear.push(f);
    }
    return { clear };
  },

  chooseVictim(s, bits) {
    let victim = bits.frames[0]!;
    let fewest = Infinity;
    for (const f of bits.frames) {
      const points = (s.count.get(f) ?? 0) * 2 + (bits.referenced(f) ? 1 : 0);
      if (points < fewest) {
        fewest = points;
        victim = f;
      }
    }
    return victim;
  },
});
