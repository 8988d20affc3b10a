// The messages between a RemoteSession (the UI's thread) and the session's own thread
// (session-worker.ts): the session's options, commands with their replies, the machine loop,
// and what flows back — a snapshot with the events since the last one, when asked for (pulled,
// so nothing piles up while the UI's thread is busy, e.g. in $EDITOR).

import type { SessionEvent, SessionOptions, SessionSnapshot } from './session.js';

/** SessionOptions without the callbacks (they cannot cross threads; events come back as messages). */
export type RemoteSessionOptions = Omit<SessionOptions, 'onOutput' | 'onEvent' | 'onAccess'>;

/** The commands a RemoteSession forwards, by name, with their Session signatures. */
export type RemoteCommand = 'load' | 'addProcess' | 'killProcess' | 'setFrames' | 'pause' | 'resume' | 'setSpeed';

export type Snapshot = SessionSnapshot;

export type ToSessionThread =
  | { type: 'create'; opts: RemoteSessionOptions }
  /** Send a snapshot and the events since the last one (one request at a time: nothing piles up while the UI's thread is busy). */
  | { type: 'pull' }
  | { type: 'call'; id: number; name: RemoteCommand; args: unknown[] }
  /** Run the machine (Session.start) until stopped or idle; answered by `idle` with the token. */
  | { type: 'start'; token: number }
  | { type: 'stop' }
  | { type: 'close' };

export type FromSessionThread =
  | { type: 'created'; ok: true; snapshot: Snapshot }
  | { type: 'created'; ok: false; message: string }
  /** Answers `pull`: the snapshot and the events since the last answer (at most the newest MAX_EVENTS). */
  | { type: 'snapshot'; snapshot: Snapshot; events: SessionEvent[] }
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; message: string }
  | { type: 'idle'; token: number; error?: string }
  | { type: 'closed' };
