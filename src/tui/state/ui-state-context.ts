// What the UI draws, shared through React context: the latest session snapshot, the UI state,
// the layout, the journal, the compile failure to show, and the fixed facts of this run (title,
// watched files, NO_COLOR). Also the slice of the Session facade the UI may use.

import { createContext, useContext } from 'react';
import type { ProgramSpec, SessionEvent, SessionSnapshot } from '../../session/session.js';
import type { JournalEntry } from './journal.js';
import type { UiState } from './ui-store.js';
import type { CompileErrorEvent } from '../view/events.js';
import type { Layout } from '../view/layout.js';

export type Snapshot = SessionSnapshot;

/**
 * The Session facade as the UI sees it: commands, snapshot() and onEvent, nothing lower. A Session
 * on this thread answers commands at once; a RemoteSession (the machine on a thread of its own)
 * answers those that return something with a promise.
 */
export interface UiSession {
  snapshot(): Snapshot;
  onEvent(fn: (e: SessionEvent) => void): () => void;
  load(slot: 'replacement' | 'readahead' | 'allocator', spec: string): Promise<{ ok: true } | { ok: false; message: string }>;
  addProcess(prog: ProgramSpec): AddResult | Promise<AddResult>;
  killProcess(pid: number): boolean | Promise<boolean>;
  setFrames(n: number): number | Promise<number>;
  pause(): void;
  resume(): void;
  readonly isPaused: boolean;
  setSpeed(ips: number): void;
}
type AddResult = { ok: true; pid: number } | { ok: false; message: string };

/** A session the UI also runs: its machine loop (start/stop) and its end (close). */
export interface DrivenSession extends UiSession {
  start(): Promise<void>;
  stop(): void;
  close(): void;
}

/** Calls `then` with `v` — at once when it is a plain value, when it settles when it is a promise. */
export function whenReady<T>(v: T | Promise<T>, then: (x: T) => void): void {
  if (v instanceof Promise) void v.then(then);
  else then(v);
}

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
