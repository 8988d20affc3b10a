// What can go wrong calling an isolated service: the in-process host's failures (the service
// threw, or answered nonsense) plus what isolation adds — the call ran past its time budget (the
// worker was stopped), the worker is gone (out of memory, exited, stopped earlier), or the
// instance id is unknown. Every failure carries a one-line `message`, so each is also a kernel
// PortFailure.

import type { ServiceFailure } from '../host.js';

export type IsolationFailure =
  | ServiceFailure
  | { kind: 'timeout'; budgetMs: number; message: string }
  | { kind: 'crashed'; message: string }
  | { kind: 'no-instance'; id: number; message: string };

export type IsolatedResult<T> = { ok: true; value: T } | { ok: false; error: IsolationFailure };

/** Why a worker could not be started with a bundle. */
export type StartFailure =
  | { kind: 'bad-export'; message: string }
  | { kind: 'threw'; message: string }
  | { kind: 'crashed'; message: string };

/** A failed result. */
export function fail(error: IsolationFailure): { ok: false; error: IsolationFailure } {
  return { ok: false, error };
}

/** The failure of an unknown instance id. */
export function noInstance(id: number): IsolationFailure {
  return { kind: 'no-instance', id, message: `no service instance ${id} (never created, or destroyed)` };
}
