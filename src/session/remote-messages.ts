// The messages between a RemoteSession (the UI's thread) and the session's own thread
// (session-worker.ts): the session's options, commands with their replies, the machine loop,
// and what flows back — snapshots several times a second and every event.

import type { SessionEvent, SessionOptions } from './session.js';
import type { Session } from './session.js';

/** SessionOptions without the callbacks (they cannot cross threads; events come back as messages). */
export type RemoteSessionOptions = Omit<SessionOptions, 'onOutput' | 'onEvent' | 'onAccess'>;

/** The commands a RemoteSession forwards, by name, with their Session signatures. */
export type RemoteCommand = 'load' | 'addProcess' | 'killProcess' | 'setFrames' | 'pause' | 'resume' | 'setSpeed';

export type Snapshot = ReturnType<Session['snapshot']>;

export type ToSessionThread =
  | { type: 'create'; opts: RemoteSessionOptions; snapshotMs: number }
  | { type: 'call'; id: number; name: RemoteCommand; args: unknown[] }
  /** Run the machine (Session.start) until stopped or idle; answered by `idle` with the token. */
  | { type: 'start'; token: number }
  | { type: 'stop' }
  | { type: 'close' };

export type FromSessionThread =
  | { type: 'created'; ok: true; snapshot: Snapshot }
  | { type: 'created'; ok: false; message: string }
  | { type: 'snapshot'; snapshot: Snapshot }
  | { type: 'event'; event: SessionEvent }
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; message: string }
  | { type: 'idle'; token: number; error?: string }
  | { type: 'closed' };
