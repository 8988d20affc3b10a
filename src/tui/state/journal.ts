// The event log behind panel 5: every session event with the wall-clock time it arrived,
// subscribed once per UI run (it outlives remounts around $EDITOR) and seeded with the events
// the session recorded before the UI opened. A bounded ring; readers poll a version counter.

import type { Session, SessionEvent } from '../../session/session.js';

/** One event, when it arrived, and its batch: events emitted in one synchronous run (e.g. the
 * errors of one compile) share a batch number. */
export interface JournalEntry { at: number; event: SessionEvent; batch: number }

const MAX = 500;

export class Journal {
  private readonly items: JournalEntry[] = [];
  /** Bumped on every event, so a poller can tell whether anything arrived. */
  version = 0;
  private batch = 0;
  private batchOpen = false;
  private readonly off: () => void;

  /** Starts recording `session`'s events (seeded from its snapshot). */
  constructor(session: Pick<Session, 'onEvent' | 'snapshot'>) {
    const now = Date.now();
    let prev: SessionEvent | undefined;
    for (const event of session.snapshot().events) {
      if (!(event.type === 'compile-error' && prev?.type === 'compile-error')) this.batch++; // seeded: consecutive errors are one compile
      this.items.push({ at: now, event, batch: this.batch });
      prev = event;
    }
    this.off = session.onEvent((event) => this.push(event));
  }

  private push(event: SessionEvent): void {
    if (!this.batchOpen) {
      this.batch++;
      this.batchOpen = true;
      queueMicrotask(() => { this.batchOpen = false; });
    }
    this.items.push({ at: Date.now(), event, batch: this.batch });
    if (this.items.length > MAX * 2) this.items.splice(0, this.items.length - MAX);
    this.version++;
  }

  /** The newest `n` entries, oldest first (at most 500). */
  latest(n = MAX): JournalEntry[] {
    const k = Math.min(Math.max(0, Math.floor(n)), MAX);
    return k === 0 ? [] : this.items.slice(-k);
  }

  /** Stops recording. */
  dispose(): void { this.off(); }
}
