// The kernel's side of the channel: the synchronous path of an isolated host. Queues
// notifications and puts them in front of the next request — or, when the queue gets long (a
// standby, a version being staged, a filling memory: hosts nobody asks for decisions), sends
// them in the background as one asynchronous batch that nobody waits for, so that the worker does
// that work while the machine runs (the next request first takes the batch's answer, waiting only
// if the worker is still at it); grows the channel when a request
// would not fit; makes each round trip (publish, spin if it pays, sleep in slices) within the
// call's time budget; turns answers' statuses into typed failures; keeps the failures of queued
// notifications for the next notification of the same instance; and, once the worker is gone
// (timeout, death, terminate), answers `crashed` at once without ever blocking again.

import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { PageInfo } from '../protocol.js';
import { Channel, isSwap, NOTE, NOTE_NUMS, OP, STATE, STATUS, W } from './channel.js';
import { fail, noInstance, type IsolatedResult, type IsolationFailure } from './failures.js';
import { LatencyWindow, type LatencySummary } from './latency.js';
import type { NoteFailure } from './server.js';
import { SpinChooser } from './spin.js';

/** How long the caller spins before sleeping on the state word, when spinning pays (µs; see spin.ts). */
const SPIN_US = 100;
/** While sleeping, how often the caller checks whether the worker died (ms). */
const SLICE_MS = 2;
/** Queued notifications that start a batch across in the background (nobody waits for it). */
export const ASYNC_AT = 512;
/** Queued notifications past which the caller waits for the worker (backpressure; the worker is behind). */
export const FLUSH_AT = 8192;

const OK_VOID: IsolatedResult<void> = { ok: true, value: undefined };
const HOOK_NAMES = { map: 'onMap', unmap: 'onUnmap', access: 'onAccess' } as const;

/** What the caller needs from the worker's owner. */
export interface WorkerControl {
  /** Stops the worker thread (asynchronously; must not throw). */
  terminate(): void;
  /** Whether the worker thread has already stopped (synchronous, best effort). */
  stopped(): boolean;
}

/** A batch of notifications sent in the background, not yet answered (or answered, not yet taken). */
interface InFlight { t0: number; done: boolean; promise: Promise<void> }

export class ChannelCaller {
  /** The channel in use (replaced when either side grows it). */
  ch: Channel;
  readonly budgetMs: number;
  private readonly port: MessagePort;
  private readonly worker: WorkerControl;
  private readonly queue: number[] = [];
  private readonly deferred = new Map<number, IsolationFailure>();
  private readonly window = new LatencyWindow();
  private readonly spin = new SpinChooser(SPIN_US);
  private death: string | undefined;
  private trips = 0;
  private flight: InFlight | undefined;
  private forced = 0;

  /** Calls over `ch` (buffers for growth travel on `port`), each within `budgetMs`. */
  constructor(ch: Channel, port: MessagePort, budgetMs: number, worker: WorkerControl) {
    this.ch = ch;
    this.port = port;
    this.budgetMs = budgetMs;
    this.worker = worker;
  }

  get dead(): boolean { return this.death !== undefined; }
  get deathReason(): string | undefined { return this.death; }
  get roundTrips(): number { return this.trips; }
  get queued(): number { return this.queue.length / NOTE_NUMS; }
  /** Times the queue was so long that the caller had to wait for the worker (FLUSH_AT). */
  get forcedFlushes(): number { return this.forced; }
  latency(): LatencySummary { return this.window.summary(); }

  /** The failure every call returns once the worker is gone. */
  crashed(): IsolationFailure {
    return { kind: 'crashed', message: this.death ?? 'the service worker is gone' };
  }

  /** Marks the worker gone for `reason` (the first reason sticks); drops queued notifications. */
  stop(reason: string): void {
    if (this.death !== undefined) return;
    this.death = reason;
    this.queue.length = 0;
    this.port.close();
  }

  /** Stops the worker because of `f` and returns `f`. */
  kill(f: IsolationFailure): IsolationFailure {
    this.stop(f.message);
    this.worker.terminate();
    return f;
  }

  /** Wakes the worker to visit its event loop (an asynchronous message was posted to it). */
  mail(): void {
    Atomics.store(this.ch.i32, W.MAIL, 1);
    Atomics.notify(this.ch.i32, W.STATE);
  }

  /** Hints that a request is coming: the worker wakes now and spins for it (one notify; no-op when dead). */
  wake(): void {
    if (this.dead) return;
    Atomics.store(this.ch.i32, W.WAKE, 1);
    Atomics.notify(this.ch.i32, W.STATE);
  }

  /** The failure of an earlier queued notification of instance `id` (reported once), else ok. */
  pending(id: number): IsolatedResult<void> {
    if (this.dead) return fail(this.crashed());
    const d = this.deferred.get(id);
    if (!d) return OK_VOID;
    this.deferred.delete(id);
    return fail(d);
  }

  /** Forgets what is pending for instance `id`. */
  forget(id: number): void {
    this.deferred.delete(id);
  }

  /**
   * Queues a notification (NOTE.*). From ASYNC_AT queued on, the queue goes across in the
   * background (one batch at a time; an answered batch is taken first, without waiting); from
   * FLUSH_AT on, the caller waits for the worker. Returns pending(id), or the host's death.
   */
  note(kind: number, id: number, p: PageInfo | undefined): IsolatedResult<void> {
    if (this.dead) return fail(this.crashed());
    const q = this.queue;
    q.push(kind, id, p ? p.frame : 0, p ? p.vpn : 0, p ? p.pid : 0);
    if (q.length >= ASYNC_AT * NOTE_NUMS) {
      if (this.flight && Atomics.load(this.ch.i32, W.STATE) !== STATE.REQUEST) this.settle();
      if (this.dead) return fail(this.crashed());
      if (!this.flight) this.sendAsync();
      else if (q.length >= FLUSH_AT * NOTE_NUMS) {
        this.forced++;
        const r = this.flush();
        if (!r.ok) return r;
      }
    }
    return kind === NOTE.DESTROY ? OK_VOID : this.pending(id);
  }

  /**
   * Sends what is queued in the background and resolves once the worker has taken all of it but
   * at most `leave` notifications (those cross with the next call): batch after batch, at most 64,
   * since a running machine keeps queueing more. Resolves with the host's death if it died.
   * Failures of the notifications are kept as usual (pending / takeFailure).
   */
  async drain(leave = 0): Promise<IsolatedResult<void>> {
    for (let round = 0; round < 64; round++) {
      if (this.dead) return fail(this.crashed());
      if (this.flight) { await this.flight.promise; continue; }
      if (this.queue.length <= leave * NOTE_NUMS) return OK_VOID;
      this.sendAsync();
    }
    return this.dead ? fail(this.crashed()) : OK_VOID;
  }

  /** Any kept failure of a queued notification (taken: reported once), for callers that watch every instance. */
  takeFailure(): IsolationFailure | undefined {
    for (const [id, f] of this.deferred) { this.deferred.delete(id); return f; }
    return undefined;
  }

  /** Publishes the queue as a FLUSH request nobody waits for; watch() takes the answer when it comes. */
  private sendAsync(): void {
    const at = this.begin(OP.FLUSH, 0, 0);
    if (typeof at !== 'number') return;
    const i32 = this.ch.i32;
    const t0 = this.publish();
    const f: InFlight = { t0, done: false, promise: Promise.resolve() };
    this.flight = f;
    f.promise = this.watch(f, i32);
  }

  /** Waits (asynchronously) for the answer to background batch `f`, then takes it. */
  private async watch(f: InFlight, i32: Int32Array): Promise<void> {
    const deadline = f.t0 + this.budgetMs;
    while (!f.done && !this.dead && Atomics.load(i32, W.STATE) === STATE.REQUEST) {
      const left = deadline - performance.now();
      if (left <= 0) break;
      const w = Atomics.waitAsync(i32, W.STATE, STATE.REQUEST, Math.min(left, SLICE_MS));
      if (w.async) await w.value;
      if (!f.done && Atomics.load(i32, W.STATE) === STATE.REQUEST && this.worker.stopped()) break;
    }
    if (!f.done && this.flight === f) this.settle();
  }

  /**
   * Takes the answer to the background batch (waiting for it within its budget if the worker is
   * still at it). Returns the failure when the host died (timeout, crash), else undefined; the
   * notifications' own failures are kept for pending().
   */
  private settle(): IsolationFailure | undefined {
    const f = this.flight;
    if (!f) return undefined;
    this.flight = undefined;
    f.done = true;
    if (this.dead) return this.crashed();
    const e = this.awaitAnswer('notifications', f.t0, 0);
    return e ?? this.outcome('notifications', -1);
  }

  /** Sends the queued notifications now (no crossing when none are queued). */
  flush(): IsolatedResult<void> {
    if (this.queue.length === 0) return this.dead ? fail(this.crashed()) : OK_VOID;
    const at = this.begin(OP.FLUSH, 0, 0);
    if (typeof at !== 'number') return fail(at);
    const e = this.call('flush', -1);
    return e ? fail(e) : OK_VOID;
  }

  /**
   * Prepares a request: the queued notifications first, then room for `nums` numbers and `bytes`
   * bytes of the operation (growing the channel first if needed). Returns the index in
   * `this.ch.f64` where the operation's numbers go (its bytes go after all numbers), or a failure.
   */
  begin(op: number, nums: number, bytes: number): number | IsolationFailure {
    if (this.flight) {
      const e = this.settle();
      if (e) return e;
    }
    if (this.dead) return this.crashed();
    const q = this.queue, total = q.length + nums;
    const need = Channel.need(total, bytes);
    if (need > this.ch.capacity) {
      const next = Channel.create(need);
      this.port.postMessage({ sab: next.sab });
      this.ch.i32[W.OP] = OP.SWAP;
      const e = this.exchange('growing the channel');
      if (e) return e;
      if (this.ch.i32[W.STATUS] !== STATUS.OK) return this.kill({ kind: 'crashed', message: 'the service worker could not take the bigger channel' });
      this.ch = next;
    }
    const ch = this.ch, f = ch.f64, i32 = ch.i32;
    for (let k = 0; k < q.length; k++) f[k] = q[k]!;
    i32[W.OP] = op; i32[W.NUMS] = total; i32[W.BYTES] = bytes; i32[W.EXTRA] = q.length / NOTE_NUMS;
    q.length = 0;
    return total - nums;
  }

  /**
   * Sends the prepared request and waits for the answer (then in `this.ch`). Returns undefined
   * on success, else the failure: the service's (threw, invalid-answer), no-instance (`id`),
   * timeout or crashed.
   */
  call(what: string, id: number): IsolationFailure | undefined {
    const e = this.exchange(what);
    return e ?? this.outcome(what, id);
  }

  /** Reads the status of the answer in `this.ch`: undefined when OK, else the failure (see call). */
  private outcome(what: string, id: number): IsolationFailure | undefined {
    const ch = this.ch, i32 = ch.i32, status = i32[W.STATUS]!;
    const nums = i32[W.NUMS]!, bytes = i32[W.BYTES]!, extra = i32[W.EXTRA]!;
    if (extra > 0) this.deferNoteFailures(ch.takeText(nums, extra, bytes));
    if (status === STATUS.OK) return undefined;
    const message = ch.takeText(nums, bytes);
    switch (status) {
      case STATUS.THREW: return { kind: 'threw', message };
      case STATUS.INVALID: return { kind: 'invalid-answer', message };
      case STATUS.NO_INSTANCE: return { ...noInstance(id), message };
      default: return this.kill({ kind: 'crashed', message: message || `${what}: the service worker answered status ${status}` });
    }
  }

  private deferNoteFailures(json: string): void {
    let list: NoteFailure[];
    try {
      list = JSON.parse(json) as NoteFailure[];
    } catch {
      return;
    }
    for (const [id, hook, kind, message] of list) {
      if (this.deferred.has(id)) continue;
      const m = `${HOOK_NAMES[hook]}: ${message}`;
      this.deferred.set(id, kind === 'no-instance' ? { kind, id, message: m } : { kind, message: m });
    }
  }

  /**
   * One round trip: publish REQUEST, spin SPIN_US if that pays (spin.ts), then wait for the
   * answer (awaitAnswer). Records the round trip's latency.
   */
  private exchange(what: string): IsolationFailure | undefined {
    const spinUs = this.spin.next();
    const t0 = this.publish();
    const e = this.awaitAnswer(what, t0, spinUs);
    if (e) return e;
    const us = (performance.now() - t0) * 1000;
    this.window.add(us);
    this.spin.record(us);
    return undefined;
  }

  /** Publishes the prepared request (state REQUEST, worker notified); returns the time it went. */
  private publish(): number {
    const i32 = this.ch.i32;
    this.trips++;
    const t0 = performance.now();
    Atomics.store(i32, W.STATE, STATE.REQUEST);
    Atomics.notify(i32, W.STATE);
    return t0;
  }

  /**
   * Waits for the answer to the request published at `t0`: spins `spinUs`, then sleeps on the
   * state word in SLICE_MS slices until the answer, the budget's end (→ timeout, worker stopped)
   * or the worker's death (→ crashed). Follows a SWAPPED answer to its new buffer.
   */
  private awaitAnswer(what: string, t0: number, spinUs: number): IsolationFailure | undefined {
    const i32 = this.ch.i32;
    if (Atomics.load(i32, W.STATE) === STATE.REQUEST) {
      const deadline = t0 + this.budgetMs;
      if (spinUs > 0) {
        const spinEnd = t0 + spinUs / 1000;
        let now = performance.now();
        while (Atomics.load(i32, W.STATE) === STATE.REQUEST && now < spinEnd) now = performance.now();
      }
      while (Atomics.load(i32, W.STATE) === STATE.REQUEST) {
        const now = performance.now();
        if (now >= deadline) {
          return this.kill({ kind: 'timeout', budgetMs: this.budgetMs, message: `${what}: no answer within ${this.budgetMs} ms; the service worker was stopped` });
        }
        Atomics.wait(i32, W.STATE, STATE.REQUEST, Math.min(SLICE_MS, deadline - now));
        if (Atomics.load(i32, W.STATE) === STATE.REQUEST && this.worker.stopped()) {
          return this.kill({ kind: 'crashed', message: `${what}: the service worker stopped during the call (out of memory?)` });
        }
      }
    }
    if (i32[W.STATUS] === STATUS.SWAPPED) {
      const m = receiveMessageOnPort(this.port)?.message;
      if (!isSwap(m)) return this.kill({ kind: 'crashed', message: `${what}: the service worker's bigger answer buffer never arrived` });
      this.ch = new Channel(m.sab);
    }
    return undefined;
  }
}
