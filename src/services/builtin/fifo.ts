// FIFO page replacement: evict the page that has been resident longest, whatever its use.
// The simplest policy there is, and the one that shows Belady's anomaly (more frames can mean
// more faults). It keeps its own queue of frames in the order they were mapped.

import { definePolicy } from '../protocol.js';

interface FifoState {
  /** Resident frames, oldest first. */
  queue: number[];
}

export default definePolicy<FifoState>({
  name: 'fifo',
  description: 'first in, first out: evicts the page resident longest',
  init: () => ({ queue: [] }),
  onMap(s, page) {
    s.queue.push(page.frame);
  },
  onUnmap(s, page) {
    const i = s.queue.indexOf(page.frame);
    if (i >= 0) s.queue.splice(i, 1);
  },
  chooseVictim(s, bits) {
    // The head of our queue; the kernel's own map order (bits.frames) if we lost track.
    return s.queue[0] ?? bits.frames[0]!;
  },
});
