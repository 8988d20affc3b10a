// Polls session.snapshot() 12 times a second (drift-free; Ink may draw up to 15 frames/s, so each new snapshot is drawn at once) and
// re-renders only when something changed: a paused or finished machine costs no renders, and
// parts that did not change (services, markers) keep their identity so memoised panels skip
// their work.

import { useEffect, useRef, useState } from 'react';
import type { Snapshot, UiSession } from '../state/ui-state-context.js';

/** A cheap fingerprint of what the panels show. */
function signature(s: Snapshot): string {
  return `${s.instructions}|${s.paused}|${s.frames.free}|${s.frames.ballooned}|${s.processes.length}|${s.events.length}|${s.markers.length}|${JSON.stringify(s.services)}`;
}

/** `next` with unchanged parts replaced by the same parts of `prev`. */
function share(prev: Snapshot, next: Snapshot): Snapshot {
  const same = <T>(a: T, b: T): boolean => JSON.stringify(a) === JSON.stringify(b);
  return {
    ...next,
    services: same(prev.services, next.services) ? prev.services : next.services,
    markers: same(prev.markers, next.markers) ? prev.markers : next.markers,
    events: prev.events.length === next.events.length && prev.events.at(-1) === next.events.at(-1) ? prev.events : next.events,
  };
}

/** Default poll interval: 12 a second, so that the screen keeps ≥ 10 frames/s when a tick finds nothing new. */
export const POLL_MS = 83;

export function useSnapshot(session: UiSession, intervalMs = POLL_MS): Snapshot {
  const [snap, setSnap] = useState<Snapshot>(() => session.snapshot());
  const last = useRef({ snap, sig: signature(snap) });
  useEffect(() => {
    // Ticks at t0 + k·interval (a late tick makes the next one sooner), so the rate holds even
    // when the machine's chunks delay timers.
    const t0 = performance.now();
    let k = 0;
    let timer: NodeJS.Timeout;
    const tick = (): void => {
      const next = session.snapshot();
      const sig = signature(next);
      if (sig !== last.current.sig || next.events.at(-1) !== last.current.snap.events.at(-1)) {
        const shared = share(last.current.snap, next);
        last.current = { snap: shared, sig };
        setSnap(shared);
      }
      k = Math.max(k + 1, Math.floor((performance.now() - t0) / intervalMs));
      timer = setTimeout(tick, Math.max(0, t0 + (k + 1) * intervalMs - performance.now()));
    };
    timer = setTimeout(tick, intervalMs);
    return () => clearTimeout(timer);
  }, [session, intervalMs]);
  return snap;
}
