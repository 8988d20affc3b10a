// A Session on a thread of its own (session-worker.ts), driven from the UI's thread: the same
// commands, snapshot() and onEvent, so the terminal UI can draw without taking time from the
// machine. Every SNAPSHOT_MS a timer on this thread pulls a snapshot and the events since the last
// one (one pull at a time: while this thread is busy — $EDITOR runs synchronously — nothing piles
// up). snapshot() answers at once with the newest; commands that answer something answer with a
// promise.

import { Worker } from 'node:worker_threads';
import { packageRoot } from '../paths.js';
import { bundledScript } from '../services/isolation/script.js';
import type { FromSessionThread, RemoteCommand, RemoteSessionOptions, Snapshot, ToSessionThread } from './remote-messages.js';
import type { ProgramSpec, SessionEvent } from './session.js';

/** How often a snapshot is pulled (ms): more often than the UI polls (83 ms), so every poll finds a new one. */
export const SNAPSHOT_MS = 60;

export type RemoteCreateResult = { ok: true; session: RemoteSession } | { ok: false; message: string };

export class RemoteSession {
  private latest: Snapshot;
  private readonly listeners = new Set<(e: SessionEvent) => void>();
  private readonly replies = new Map<number, (m: FromSessionThread & { type: 'reply' }) => void>();
  private readonly idles = new Map<number, (error?: string) => void>();
  private ids = 0;
  private paused = false;
  private gone: string | undefined;
  private pulling = false;
  private readonly timer: NodeJS.Timeout;

  private constructor(private readonly worker: Worker, first: Snapshot) {
    this.latest = first;
    worker.on('message', (m: FromSessionThread) => {
      switch (m.type) {
        case 'snapshot':
          this.latest = m.snapshot;
          this.pulling = false;
          for (const e of m.events) for (const l of this.listeners) l(e);
          return;
        case 'reply': { const r = this.replies.get(m.id); this.replies.delete(m.id); r?.(m); return; }
        case 'idle': { const r = this.idles.get(m.token); this.idles.delete(m.token); this.pull(); r?.(m.error); return; }
        default: return;
      }
    });
    worker.on('exit', () => this.fail('the session thread stopped'));
    worker.on('error', (e) => this.fail(`the session thread died: ${e.message}`));
    this.timer = setInterval(() => this.pull(), SNAPSHOT_MS);
    this.timer.unref();
  }

  /** Asks for a snapshot and the events since the last one, unless an answer is still on its way. */
  private pull(): void {
    if (this.pulling || this.gone) return;
    this.pulling = true;
    this.post({ type: 'pull' });
  }

  /**
   * Starts a session thread and creates the session there. Contract: never throws; `ok: false`
   * with the one-line message Session.create gave (nothing is left running then).
   */
  static async create(opts: RemoteSessionOptions): Promise<RemoteCreateResult> {
    let worker: Worker;
    try {
      worker = new Worker(bundledScript('session-worker'), { workerData: { root: packageRoot() } });
    } catch (e) {
      return { ok: false, message: `cannot start the session thread: ${(e as Error).message}` };
    }
    const first = await new Promise<FromSessionThread & { type: 'created' } | { type: 'created'; ok: false; message: string }>((resolve) => {
      const onMessage = (m: FromSessionThread): void => { if (m.type === 'created') { done(); resolve(m); } };
      const onExit = (code: number): void => { done(); resolve({ type: 'created', ok: false, message: `the session thread exited (code ${code}) before the session started` }); };
      const onError = (e: Error): void => { done(); resolve({ type: 'created', ok: false, message: `the session thread died: ${e.message}` }); };
      const done = (): void => { worker.off('message', onMessage); worker.off('exit', onExit); worker.off('error', onError); };
      worker.on('message', onMessage);
      worker.on('exit', onExit);
      worker.on('error', onError);
      const m: ToSessionThread = { type: 'create', opts };
      worker.postMessage(m);
    });
    if (!first.ok) { void worker.terminate(); return { ok: false, message: first.message }; }
    return { ok: true, session: new RemoteSession(worker, first.snapshot) };
  }

  /** The newest snapshot the session's thread sent. */
  snapshot(): Snapshot { return this.latest; }

  /** Subscribes to the session's events; returns the unsubscribe function. */
  onEvent(fn: (e: SessionEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Session.load on the session's thread. */
  load(slot: 'replacement' | 'readahead' | 'allocator', spec: string): Promise<{ ok: true } | { ok: false; message: string }> {
    return this.call('load', [slot, spec]).then((v) => v as { ok: true } | { ok: false; message: string }, (e: Error) => ({ ok: false as const, message: e.message }));
  }

  /** Session.addProcess on the session's thread. */
  addProcess(prog: ProgramSpec): Promise<{ ok: true; pid: number } | { ok: false; message: string }> {
    return this.call('addProcess', [prog]).then((v) => v as { ok: true; pid: number } | { ok: false; message: string }, (e: Error) => ({ ok: false as const, message: e.message }));
  }

  /** Session.killProcess on the session's thread. */
  killProcess(pid: number): Promise<boolean> {
    return this.call('killProcess', [pid]).then((v) => v === true, () => false);
  }

  /** Session.setFrames on the session's thread; resolves with the frames now available. */
  setFrames(n: number): Promise<number> {
    // if the session is gone, nothing changed: the count the last snapshot showed
    return this.call('setFrames', [n]).then((v) => Number(v), () => this.latest.frames.total - this.latest.frames.ballooned);
  }

  pause(): void { this.paused = true; void this.call('pause', []).catch(() => undefined); }
  resume(): void { this.paused = false; void this.call('resume', []).catch(() => undefined); }
  /** Paused as last asked (pause/resume), without waiting for the session's thread to say so. */
  get isPaused(): boolean { return this.paused; }
  setSpeed(ips: number): void { void this.call('setSpeed', [ips]).catch(() => undefined); }

  /** Runs the machine on its thread; resolves when every process has ended or stop() was called. */
  start(): Promise<void> {
    if (this.gone) return Promise.reject(new Error(this.gone));
    const token = ++this.ids;
    return new Promise((resolve, reject) => {
      this.idles.set(token, (error) => (error ? reject(new Error(error)) : resolve()));
      this.post({ type: 'start', token });
    });
  }

  /** Stops the machine loop after its current chunk. */
  stop(): void { this.post({ type: 'stop' }); }

  /** Closes the session on its thread and stops the thread. */
  close(): void {
    if (this.gone) return;
    this.post({ type: 'close' });
    const w = this.worker;
    const t = setTimeout(() => { void w.terminate(); }, 2000);
    t.unref();
    w.once('exit', () => clearTimeout(t));
    this.fail('the session was closed');
  }

  private call(name: RemoteCommand, args: unknown[]): Promise<unknown> {
    if (this.gone) return Promise.reject(new Error(this.gone));
    const id = ++this.ids;
    return new Promise((resolve, reject) => {
      this.replies.set(id, (m) => (m.ok ? resolve(m.value) : reject(new Error(m.message))));
      this.post({ type: 'call', id, name, args });
    });
  }

  private post(m: ToSessionThread): void {
    if (!this.gone) this.worker.postMessage(m);
  }

  /** The thread is gone: every pending command and machine loop ends with `reason`. */
  private fail(reason: string): void {
    if (this.gone) return;
    this.gone = reason;
    clearInterval(this.timer);
    for (const r of this.replies.values()) r({ type: 'reply', id: 0, ok: false, message: reason });
    this.replies.clear();
    for (const r of this.idles.values()) r();
    this.idles.clear();
  }
}
