// The asynchronous messages between the kernel's thread and a service worker (postMessage on
// the worker's own port): loading the bundle, the self test, and what a loaded service is. The
// synchronous calls go through the shared-memory channel instead (channel.ts).

import type { MessagePort } from 'node:worker_threads';
import type { ServiceKind } from '../protocol.js';
import type { StartFailure } from './failures.js';

/** What a loaded service is: enough for the kernel to wire it without calling it. */
export interface ServiceDescriptor {
  kind: ServiceKind;
  name: string;
  description: string;
  needs?: { references: boolean; future: boolean };
  /** Which optional hooks the service defines (always false for hooks its kind does not have). */
  hooks: { onMap: boolean; onUnmap: boolean; onAccess: boolean; onScan: boolean; exportState: boolean; migrate: boolean };
}

/** The self test's verdict: ok, or the first problem (`kind` says whose fault it is). */
export type SelfTestVerdict = { ok: true } | { ok: false; kind: 'threw' | 'invalid-answer'; message: string };

export type ToWorker =
  | { type: 'load'; code: string; file: string; globalName: string; sab: SharedArrayBuffer; port: MessagePort; spinUs: number; bufferMb: number }
  | { type: 'selftest'; token: number; /** Resident pages to rehearse with after a passed test (rehearsal.ts); 0: none. */ frames: number };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'loaded'; ok: true; descriptor: ServiceDescriptor }
  | { type: 'loaded'; ok: false; error: StartFailure }
  | { type: 'selftest'; token: number; verdict: SelfTestVerdict }
  /** The rehearsal after a passed self test is over (`decisions` made). */
  | { type: 'rehearsed'; token: number; decisions: number };
