// Lab 08 — v2, the upgrade. Same frequency policy, with two changes: the points live in a plain
// object (`freq`) instead of a Map, and every 32 scans all points are halved, so popularity
// earned long ago fades. Swapped in on a running machine, v2 starts from nothing: every
// resident page is replayed to onMap with one point, all its knowledge is lost, and the machine
// faults much more for a while. Write `migrate` so v2 starts where v1 was; README.md says how.
// Check it:  milklab check 08

import { definePolicy } from 'milklab';

interface FrequencyV2 {
  /** frame → points. */
  freq: Record<number, number>;
  /** Scans seen so far (every DECAY_EVERY-th one halves all points). */
  scans: number;
}

const DECAY_EVERY = 32;

export default definePolicy<FrequencyV2>({
  name: 'frequency',
  description: 'v2: least frequently used with decay',
  init: () => ({ freq: {}, scans: 0 }),

  // TODO: migrate(old, oldVersion) { ... } — build v2's state from the state v1 exported
  // (v1's state is { count: Map<frame, points> }; see v1.ts).

  onMap(s, page) {
    s.freq[page.frame] = 1;
  },

  onUnmap(s, page) {
    delete s.freq[page.frame];
  },

  onScan(s, bits) {
    if (++s.scans % DECAY_EVERY === 0) for (const f of Object.keys(s.freq)) s.freq[+f] = s.freq[+f]! >> 1;
    const clear: number[] = [];
    for (const f of bits.frames) {
      if (!bits.referenced(f)) continue;
      s.freq[f] = (s.freq[f] ?? 0) + 1;
      clear.push(f);
    }
    return { clear };
  },

  chooseVictim(s, bits) {
    let victim = bits.frames[0]!;
    let fewest = Infinity;
    for (const f of bits.frames) {
      const points = (s.freq[f] ?? 0) * 2 + (bits.referenced(f) ? 1 : 0);
      if (points < fewest) {
        fewest = points;
        victim = f;
      }
    }
    return victim;
  },
});
