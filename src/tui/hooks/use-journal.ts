// The event log's entries, re-read when the journal has new events (checked on each render,
// which the snapshot poll drives).

import { useMemo } from 'react';
import type { Journal, JournalEntry } from '../state/journal.js';

export function useJournal(journal: Journal): JournalEntry[] {
  const version = journal.version;
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => journal.latest(), [journal, version]);
}
