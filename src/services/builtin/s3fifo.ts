// S3-FIFO (Yang et al., SOSP 2023), adapted to paging hardware. Three FIFO queues:
//   small — where new pages enter (about 10% of the resident pages): a probation area;
//   main  — pages that proved themselves (about 90%);
//   ghost — page numbers recently evicted from small (no frames, just the numbers).
// A page found in ghost when it faults back in goes straight to main. Evicting from small:
// a page used again since it came in moves to main, otherwise it leaves (and joins ghost).
// Evicting from main: a page with frequency > 0 is reinserted with frequency - 1, else it goes.
//
// Why it fits hardware A bits: LRU must move a page on every hit, which paging hardware never
// reports — but S3-FIFO only needs FIFO queues plus a small saturating frequency (0..3), and
// that frequency can be fed from referenced bits harvested at each scan and at each fault
// (no per-hit hook). The faulting access itself sets the A bit, so a page counts as "used
// again" from frequency 2. And it is scan-resistant: a one-pass sweep over a large array
// flows through the small queue and out, without flushing the hot pages in main.

import { definePolicy, type Bits } from '../protocol.js';

interface S3FifoState {
  small: number[];
  main: number[];
  /** Recently evicted page numbers, oldest first (a Set keeps insertion order). */
  ghost: Set<number>;
  ghostLimit: number;
  /** frame → frequency 0..3. */
  freq: Map<number, number>;
}

const MAX_FREQ = 3;

/** Folds the A bits into the frequencies; returns the frames whose A bit the kernel should clear. */
function harvest(s: S3FifoState, bits: Bits): number[] {
  const clear: number[] = [];
  for (const f of bits.frames) {
    if (!bits.referenced(f)) continue;
    s.freq.set(f, Math.min(MAX_FREQ, (s.freq.get(f) ?? 0) + 1));
    clear.push(f);
  }
  return clear;
}

function remove(queue: number[], frame: number): boolean {
  const i = queue.indexOf(frame);
  if (i >= 0) queue.splice(i, 1);
  return i >= 0;
}

export default definePolicy<S3FifoState>({
  name: 's3fifo',
  description: 'S3-FIFO: small + main FIFO queues and a ghost list, frequency from referenced bits',
  init: (ctx) => ({ small: [], main: [], ghost: new Set(), ghostLimit: Math.max(1, Math.ceil(ctx.frames * 0.9)), freq: new Map() }),
  onMap(s, page) {
    s.freq.set(page.frame, 0);
    if (s.ghost.delete(page.vpn)) s.main.push(page.frame);
    else s.small.push(page.frame);
  },
  onUnmap(s, page) {
    if (remove(s.small, page.frame)) {
      s.ghost.add(page.vpn); // evicted on probation: remember it for a while
      while (s.ghost.size > s.ghostLimit) s.ghost.delete(s.ghost.values().next().value!);
    } else {
      remove(s.main, page.frame);
    }
    s.freq.delete(page.frame);
  },
  onScan(s, bits) {
    return { clear: harvest(s, bits) };
  },
  chooseVictim(s, bits) {
    const clear = harvest(s, bits);
    const smallTarget = Math.max(1, Math.floor(bits.frames.length / 10));
    s.ghostLimit = Math.max(1, bits.frames.length - smallTarget);
    // The victim stays queued until onUnmap, so a refused answer leaves our queues intact.
    for (;;) {
      if ((s.small.length >= smallTarget || s.main.length === 0) && s.small.length > 0) {
        const f = s.small[0]!;
        if ((s.freq.get(f) ?? 0) < 2) return { victim: f, clear };
        s.small.shift(); // used again while on probation: promote, frequency starts over
        s.main.push(f);
        s.freq.set(f, 0);
      } else if (s.main.length > 0) {
        const f = s.main[0]!;
        const n = s.freq.get(f) ?? 0;
        if (n === 0) return { victim: f, clear };
        s.main.shift(); // reinsert with one less
        s.main.push(f);
        s.freq.set(f, n - 1);
      } else {
        return { victim: bits.frames[0]!, clear }; // we lost track of the frames: oldest mapped
      }
    }
  },
});
