// Aging: an LRU approximation from referenced (A) bits alone. Each frame has an 8-bit age
// counter. At every periodic scan each counter shifts right by one and the frame's A bit
// enters at the top (bit 7); we then ask the kernel to clear the A bits we consumed. A page
// used in recent intervals has a large age, an idle page decays towards 0.
// At a fault the victim is the frame with the smallest age; among equal ages a frame whose A
// bit is still clear since the last scan goes first, then the one mapped earliest. (A page
// just brought in has age 0 until the next scan: aging needs scans frequent enough.)

import { definePolicy } from '../protocol.js';

interface AgingState {
  /** frame → 8-bit age counter. */
  age: Map<number, number>;
}

export default definePolicy<AgingState>({
  name: 'aging',
  description: 'LRU approximation: 8-bit age counters fed by referenced bits at each scan',
  init: () => ({ age: new Map() }),
  onMap(s, page) {
    s.age.set(page.frame, 0);
  },
  onUnmap(s, page) {
    s.age.delete(page.frame);
  },
  onScan(s, bits) {
    const clear: number[] = [];
    for (const f of bits.frames) {
      const used = bits.referenced(f);
      s.age.set(f, ((s.age.get(f) ?? 0) >> 1) | (used ? 0x80 : 0));
      if (used) clear.push(f);
    }
    return { clear };
  },
  chooseVictim(s, bits) {
    let victim = bits.frames[0]!;
    let lowest = Infinity;
    for (const f of bits.frames) { // bits.frames is in map order: the first minimum wins ties
      const age = (s.age.get(f) ?? 0) * 2 + (bits.referenced(f) ? 1 : 0); // the A bit breaks ties
      if (age < lowest) {
        lowest = age;
        victim = f;
      }
    }
    return victim;
  },
});
