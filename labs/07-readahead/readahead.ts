// Lab 07 — readahead. After each demand fault the kernel asks this service which other pages
// of the process to bring in now, before they are touched (each prefetched page costs a fifth
// of a fault; a fault on a page already prefetched costs nothing). This starter prefetches
// nothing. Make sequential scans fault less without wasting time on random access;
// README.md has the targets. Check it:  milklab check 07

import { defineReadahead } from 'milklab';

interface ReadaheadState {
  /** pid → the page of that process's last fault. */
  lastFault: Map<number, number>;
}

export default defineReadahead<ReadaheadState>({
  name: 'my-readahead',
  description: 'prefetches pages it expects to be touched soon',
  init: () => ({ lastFault: new Map() }),

  onFault(s, fault) {
    // fault: { pid, vpn (the page), write, major (it came back from swap), now }
    const previous = s.lastFault.get(fault.pid);
    s.lastFault.set(fault.pid, fault.vpn);
    void previous; // TODO: does this fault continue a run? then return the pages that come next
    return [];
  },
});
