// What the UI draws, shared through React context: the latest session snapshot, the UI state,
// the layout, the journal, the compile failure to show, and the fixed facts of this run (title,
// watched files, NO_COLOR). Also the slice of the Session facade the UI may use.

import { createContext, useContext } from 'react';
import type { Session } from '../../session/session.js';
import type { JournalEntry } from './journal.js';
import type { UiState } from './ui-store.js';
import type { CompileErrorEvent } from '../view/events.js';
import type { Layout } from '../view/layout.js';

/** The Session facade as the UI sees it: commands, snapshot() and onEvent, nothing lower. */
export type UiSession = Pick<Session, 'snapshot' | 'onEvent' | 'load' | 'addProcess' | 'killProcess' | 'setFrames' | 'pause' | 'resume' | 'isPaused' | 'setSpeed'>;

export type Snapshot = ReturnType<Session['snapshot']>;

export interface ViewState {
  snapshot: Snapshot;
  ui: UiState;
  layout: Layout;
  entries: JournalEntry[];
  compileFailure: CompileErrorEvent[] | undefined;
  title: string;
  watched: string[];
  noColor: boolean;
  /** Choices of the pickers. */
  policies: string[];
  workloads: { name: string; description: string }[];
}

export const UiStateContext = createContext<ViewState | undefined>(undefined);

/** The view state (inside <App> only). */
export function useViewState(): ViewState {
  const v = useContext(UiStateContext);
  if (!v) throw new Error('useViewState outside <App>');
  return v;
}
