// Lab 08, reference solution: v2 with migrate. The old state arrives as v1 exported it
// ({ count: Map }), copied; migrate turns it into v2's shape, so v2 starts with v1's knowledge
// and the swap causes no fault spike. migrate must accept any state it may be given: the self
// test a new version passes before it is trusted hands it v2's own exported state, and an
// unknown shape is better met with a fresh start than with a throw.

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

  migrate(old) {
    const o = (typeof old === 'object' && old !== null ? old : {}) as { count?: unknown; freq?: unknown; scans?: unknown };
    const freq: Record<number, number> = {};
    if (o.count instanceof Map) {
      for (const [frame, points] of o.count as Map<number, number>) freq[frame] = points; // from v1
    } else if (typeof o.freq === 'object' && o.freq !== null) {
      Object.assign(freq, o.freq); // from another v2
    }
    return { freq, scans: typeof o.scans === 'number' ? o.scans : 0 };
  },

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
