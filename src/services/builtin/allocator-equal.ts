// Equal shares: every process may hold the same number of frames, whatever it does. The
// frames that do not divide evenly go one each to the lowest pids.

import { defineAllocator } from '../protocol.js';

export default defineAllocator<null>({
  name: 'equal',
  description: 'equal shares: every process gets totalFrames / processes',
  init: () => null,
  quotas(_state, usage) {
    const pids = usage.processes.map((p) => p.pid).sort((a, b) => a - b);
    const share = Math.floor(usage.totalFrames / Math.max(1, pids.length));
    const extra = usage.totalFrames - share * pids.length;
    const quotas: Record<number, number> = {};
    pids.forEach((pid, i) => { quotas[pid] = share + (i < extra ? 1 : 0); });
    return quotas;
  },
});
