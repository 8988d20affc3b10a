// Lab 06 — sharing memory. A frame allocator decides how many frames each process may hold
// (its quota); the kernel asks it every million instructions and when processes come or go.
// This starter gives every process the same share, whatever it does. Make it share by need so
// that no process's fault rate leaves the band; README.md has the target.
// Check it:  milklab check 06

import { defineAllocator } from 'milklab';

export default defineAllocator<null>({
  name: 'sharing',
  description: 'a frame allocator (starts as equal shares)',
  init: () => null,

  quotas(_state, usage) {
    // usage.processes: for each live process, over the last interval:
    //   pid, resident (frames it holds), quota (its current quota),
    //   faults and instructions (so faults * 1e6 / instructions is its fault rate).
    // TODO: give frames to the processes that need them.
    const share = Math.floor(usage.totalFrames / Math.max(1, usage.processes.length));
    const quotas: Record<number, number> = {};
    for (const p of usage.processes) quotas[p.pid] = share;
    return quotas;
  },
});
