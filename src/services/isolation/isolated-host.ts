// The kernel's side of an isolated service: one worker thread = one version of one service,
// hosting many instances (one per process, by id). Calls are synchronous, like the in-process
// host's (host.ts), over the shared-memory channel (caller.ts: write the request, notify, spin
// if it pays, Atomics.wait within the call's time budget). Map / unmap / access / destroy are
// queued and ride in front of the next synchronous request (or, when the queue is long, go in the
// background as one batch nobody waits for: see caller.ts), so they never cost a crossing of their own. A call past its budget stops the worker; from then on
// (and after the worker died of its memory limit or anything else) every call returns `crashed`
// at once. Nothing the service does can throw through, block past the budget, or grow this heap.

import { MessageChannel, type Worker } from 'node:worker_threads';
import v8 from 'node:v8';
import { describeThrown, type AllocatorUsage, type BitsData } from '../host.js';
import { SERVICE_GLOBAL } from '../loader.js';
import type { FaultInfo, PageInfo } from '../protocol.js';
import { ChannelCaller } from './caller.js';
import { Channel, NOTE, OP, W } from './channel.js';
import { bitsNums, initNums, putBits, putFault, putInit, putUsage, readList, readQuotas, usageNums, type InstanceInit } from './codec.js';
import { fail, type IsolatedResult, type StartFailure } from './failures.js';
import type { LatencySummary } from './latency.js';
import type { FromWorker, ServiceDescriptor, ToWorker } from './messages.js';
import type { WorkerPool } from './pool.js';
import { DEFAULT_MEMORY_MB, spawnServiceWorker } from './spawn.js';


export interface StartOptions {
  /** Time budget of every synchronous call, ms (default 20). */
  callBudgetMs?: number;
  /** The worker's V8 heap limit, MB (default 64). */
  memoryMb?: number;
  /**
   * Budget of ArrayBuffer / typed-array memory (outside the heap limit) the service may hold, MB
   * (default 256; see realm-guard.ts: freed buffers are credited back asynchronously, so the budget
   * leaves room for garbage not yet collected).
   */
  bufferMb?: number;
  /** Time limit of selfTest(), ms (default 2000). */
  selfTestMs?: number;
  /** Time limit for booting the worker and evaluating the bundle, ms (default 10000). */
  startMs?: number;
  /** Take the worker from this pool's warm spare when its limits match. */
  pool?: WorkerPool;
  /** The bundle's global name (default SERVICE_GLOBAL). */
  globalName?: string;
  /** The longest the worker spins for a follow-up request after answering, µs (default 50; adaptive, see spin.ts). */
  workerSpinUs?: number;
}

export type StartResult = { ok: true; host: ServiceWorkerHost } | { ok: false; error: StartFailure };

const DEFAULT_BUDGET_MS = 20;
/** How long the rehearsal may take after the self test passed (it stops itself after ~25 ms; ms). */
const REHEARSAL_LIMIT_MS = 1000;
const DEFAULT_BUFFER_MB = 256;

const OK_VOID: IsolatedResult<void> = { ok: true, value: undefined };

export class ServiceWorkerHost {
  /** What the service is (kind, name, which hooks it has). */
  readonly descriptor: ServiceDescriptor;
  /** The file the bundle was compiled from (for messages). */
  readonly file: string;
  private readonly worker: Worker;
  private readonly c: ChannelCaller;
  private readonly selfTestMs: number;
  /** Awaited asynchronous answers ('selftest:7', 'rehearsed:7') → resolve (with 'gone' when the worker exits first). */
  private readonly waiters = new Map<string, (m: FromWorker | 'gone') => void>();
  private lastError: string | undefined;
  private tokens = 0;

  private constructor(worker: Worker, c: ChannelCaller, descriptor: ServiceDescriptor, file: string, selfTestMs: number) {
    this.worker = worker;
    this.c = c;
    this.descriptor = descriptor;
    this.file = file;
    this.selfTestMs = selfTestMs;
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'selftest' || m.type === 'rehearsed') this.waiters.get(`${m.type}:${m.token}`)?.(m);
    });
    worker.on('error', (e) => { this.lastError = describeThrown(e); });
    worker.on('exit', (code) => {
      c.stop(this.lastError ? `the service worker died: ${this.lastError}` : `the service worker exited (code ${code})`);
      for (const resolve of this.waiters.values()) resolve('gone');
    });
  }

  /**
   * Starts a worker (the pool's warm spare if given and suitable) and evaluates the service
   * bundle `code` (an IIFE assigning `globalName`, as loader.ts compiles it) in it. Contract:
   * never throws; resolves once the worker reported the service's descriptor, or with
   * `bad-export` / `threw` (the module's fault, as loader.ts reports them) or `crashed` (the
   * worker could not start, died, or did not answer within startMs).
   */
  static async start(code: string, file: string, opts: StartOptions = {}): Promise<StartResult> {
    const memoryMb = opts.memoryMb ?? DEFAULT_MEMORY_MB;
    const startMs = opts.startMs ?? 10_000;
    let worker: Worker;
    try {
      worker = opts.pool ? opts.pool.acquire({ memoryMb }) : spawnServiceWorker({ memoryMb });
    } catch (e) {
      return { ok: false, error: { kind: 'crashed', message: `cannot start a service worker: ${describeThrown(e)}` } };
    }
    const ch = Channel.create();
    const { port1, port2 } = new MessageChannel();
    port1.unref();
    worker.ref();
    const loaded = await new Promise<{ ok: true; descriptor: ServiceDescriptor } | { ok: false; error: StartFailure }>((resolve) => {
      let lastError = '';
      const done = (r: { ok: true; descriptor: ServiceDescriptor } | { ok: false; error: StartFailure }): void => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        resolve(r);
      };
      const crashed = (message: string): void => done({ ok: false, error: { kind: 'crashed', message } });
      const onMessage = (m: FromWorker): void => {
        if (m.type === 'loaded') done(m.ok ? { ok: true, descriptor: m.descriptor } : { ok: false, error: m.error });
      };
      const onError = (e: unknown): void => { lastError = describeThrown(e); };
      const onExit = (c: number): void => crashed(`the service worker ${lastError ? `died: ${lastError}` : `exited (code ${c})`} while loading ${file}`);
      const timer = setTimeout(() => crashed(`the service worker did not load ${file} within ${startMs} ms`), startMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      const load: ToWorker = { type: 'load', code, file, globalName: opts.globalName ?? SERVICE_GLOBAL, sab: ch.sab, port: port2, spinUs: opts.workerSpinUs ?? 50, bufferMb: opts.bufferMb ?? DEFAULT_BUFFER_MB };
      worker.postMessage(load, [port2]);
    });
    if (!loaded.ok) {
      port1.close();
      worker.terminate().then(undefined, () => {});
      return loaded;
    }
    worker.unref();
    const control = {
      terminate: (): void => { worker.terminate().then(undefined, () => {}); },
      // The thread's handle answers -1 for its loop's idle time once the thread has stopped.
      stopped: (): boolean => { try { return worker.performance.eventLoopUtilization().idle < 0; } catch { return false; } },
    };
    const caller = new ChannelCaller(ch, port1, opts.callBudgetMs ?? DEFAULT_BUDGET_MS, control);
    return { ok: true, host: new ServiceWorkerHost(worker, caller, loaded.descriptor, file, opts.selfTestMs ?? 2000) };
  }

  /** Time budget of each synchronous call, ms. */
  get budgetMs(): number { return this.c.budgetMs; }

  /** True once the worker is gone (timeout, crash, terminate()): every call then returns `crashed` at once. */
  get dead(): boolean { return this.c.dead; }

  /** Why the host is dead (undefined while alive). */
  get deathReason(): string | undefined { return this.c.deathReason; }

  /** Synchronous round trips made so far (each is one crossing to the worker and back). */
  get roundTrips(): number { return this.c.roundTrips; }

  /** Notifications queued and not yet sent. */
  get queued(): number { return this.c.queued; }

  /** Times a long queue made the caller wait for the worker (it was behind; see caller.ts FLUSH_AT). */
  get forcedFlushes(): number { return this.c.forcedFlushes; }

  /**
   * Sends the queued notifications in the background and resolves once the worker has taken all
   * but at most `leave` of them (see ChannelCaller.drain); then takes the first failure any of
   * them had, if one did. Contract: never blocks the caller's thread; resolves `crashed` when the
   * worker is gone.
   */
  async drain(leave = 0): Promise<IsolatedResult<void>> {
    const r = await this.c.drain(leave);
    if (!r.ok) return r;
    const f = this.c.takeFailure();
    return f ? fail(f) : OK_VOID;
  }

  /** Round-trip latency over the last 4096 round trips. */
  latency(): LatencySummary { return this.c.latency(); }

  /**
   * Creates instance `id` (replacing one with that id) with init(init): `{ frames, references? }`
   * for a replacement policy, `{ totalFrames }` for an allocator, nothing for readahead.
   * Contract: a throwing init is `threw` here and on every later call on the instance.
   */
  createInstance(id: number, init: InstanceInit): IsolatedResult<void> {
    const at = this.c.begin(OP.CREATE, 1 + initNums(init), 0);
    if (typeof at !== 'number') return fail(at);
    const f = this.c.ch.f64;
    f[at] = id;
    putInit(f, at + 1, init);
    const e = this.c.call('createInstance', id);
    return e ? fail(e) : OK_VOID;
  }

  /**
   * Creates instance `id` from a previous version's exported `state` (oldVersion is passed to
   * `migrate`); a service without `migrate` gets init instead. Contract: a state that cannot be
   * structured-cloned is `invalid-answer` without crossing; a throwing migrate is `threw`.
   */
  migrateInstance(id: number, state: unknown, oldVersion: number, init: InstanceInit): IsolatedResult<void> {
    let bytes: Buffer;
    try {
      bytes = v8.serialize(state);
    } catch (e) {
      return fail({ kind: 'invalid-answer', message: `the state to migrate cannot be cloned: ${describeThrown(e)}` });
    }
    const nums = 2 + initNums(init);
    const at = this.c.begin(OP.MIGRATE, nums, bytes.length);
    if (typeof at !== 'number') return fail(at);
    const ch = this.c.ch, f = ch.f64;
    f[at] = id;
    f[at + 1] = oldVersion;
    putInit(f, at + 2, init);
    ch.putBytes(at + nums, bytes);
    const e = this.c.call('migrateInstance', id);
    return e ? fail(e) : OK_VOID;
  }

  /** Forgets instance `id` (queued; an unknown id is ignored). */
  destroyInstance(id: number): IsolatedResult<void> {
    this.c.forget(id);
    return this.c.note(NOTE.DESTROY, id, undefined);
  }

  /**
   * Tells instance `id` a page became resident. Queued: returns ok at once — or the failure of
   * an earlier queued notification of this instance that the worker reported since (each is
   * reported once, message prefixed with its hook).
   */
  map(id: number, page: PageInfo): IsolatedResult<void> {
    return this.descriptor.hooks.onMap ? this.c.note(NOTE.MAP, id, page) : this.c.pending(id);
  }

  /** Tells instance `id` a page left its frame (queued, as map). */
  unmap(id: number, page: PageInfo): IsolatedResult<void> {
    return this.descriptor.hooks.onUnmap ? this.c.note(NOTE.UNMAP, id, page) : this.c.pending(id);
  }

  /** Tells instance `id` a resident page was referenced (trace mode; queued, as map). */
  access(id: number, page: PageInfo): IsolatedResult<void> {
    return this.descriptor.hooks.onAccess ? this.c.note(NOTE.ACCESS, id, page) : this.c.pending(id);
  }

  /**
   * A hint that a synchronous call is coming soon (say, at the start of a page fault, before the
   * victim is asked for): wakes the worker now so that it is spinning, not asleep, when the call
   * arrives — waking a sleeping thread is most of a sparse call's latency. Costs one notify.
   */
  wake(): void {
    this.c.wake();
  }

  /** Sends the queued notifications now (a no-op when none are queued). */
  flush(): IsolatedResult<void> {
    return this.c.flush();
  }

  /**
   * Asks instance `id` for a victim. Contract: as ReplacementHost.victim (a bare number is
   * normalised, shape checked, legality is the caller's check), plus timeout / crashed /
   * no-instance.
   */
  victim(id: number, bits: BitsData): IsolatedResult<{ victim: number; clear: number[] }> {
    const at = this.c.begin(OP.VICTIM, 1 + bitsNums(bits), 0);
    if (typeof at !== 'number') return fail(at);
    const f = this.c.ch.f64;
    f[at] = id;
    putBits(f, at + 1, bits);
    const e = this.c.call('victim', id);
    if (e) return fail(e);
    const r = this.c.ch.f64;
    return { ok: true, value: { victim: r[0]!, clear: readList(r, 1) } };
  }

  /** The periodic scan of instance `id` (an empty clear list, without crossing, when the service has no onScan). */
  scan(id: number, bits: BitsData): IsolatedResult<{ clear: number[] }> {
    if (!this.descriptor.hooks.onScan) return this.dead ? fail(this.c.crashed()) : { ok: true, value: { clear: [] } };
    const at = this.c.begin(OP.SCAN, 1 + bitsNums(bits), 0);
    if (typeof at !== 'number') return fail(at);
    const f = this.c.ch.f64;
    f[at] = id;
    putBits(f, at + 1, bits);
    const e = this.c.call('scan', id);
    return e ? fail(e) : { ok: true, value: { clear: readList(this.c.ch.f64, 0) } };
  }

  /**
   * The state of instance `id` for a next version (exportState(state), else the state), as a
   * structured clone made in this thread. Contract: uncloneable state is `invalid-answer`.
   */
  exportState(id: number): IsolatedResult<unknown> {
    const at = this.c.begin(OP.EXPORT, 1, 0);
    if (typeof at !== 'number') return fail(at);
    this.c.ch.f64[at] = id;
    const e = this.c.call('exportState', id);
    if (e) return fail(e);
    const ch = this.c.ch;
    try {
      return { ok: true, value: v8.deserialize(ch.takeBytes(ch.i32[W.NUMS]!, ch.i32[W.BYTES]!)) };
    } catch (x) {
      return fail({ kind: 'invalid-answer', message: `the exported state could not be read back: ${describeThrown(x)}` });
    }
  }

  /** Readahead: pages to prefetch after fault `f`, from instance `id` (as ReadaheadHost.fault). */
  fault(id: number, f: FaultInfo): IsolatedResult<number[]> {
    const at = this.c.begin(OP.FAULT, 6, 0);
    if (typeof at !== 'number') return fail(at);
    const x = this.c.ch.f64;
    x[at] = id;
    putFault(x, at + 1, f);
    const e = this.c.call('fault', id);
    return e ? fail(e) : { ok: true, value: readList(this.c.ch.f64, 0) };
  }

  /** Allocator: quotas for usage `u`, from instance `id` (as AllocatorHost.quotas). */
  quotas(id: number, u: AllocatorUsage): IsolatedResult<Record<number, number>> {
    const at = this.c.begin(OP.QUOTAS, 1 + usageNums(u), 0);
    if (typeof at !== 'number') return fail(at);
    const x = this.c.ch.f64;
    x[at] = id;
    putUsage(x, at + 1, u);
    const e = this.c.call('quotas', id);
    return e ? fail(e) : { ok: true, value: readQuotas(this.c.ch.f64, 0) };
  }

  /** Waits up to `ms` for the worker's message `key` ('selftest:7'). */
  private awaitMessage(key: string, ms: number): Promise<FromWorker | 'gone' | 'timeout'> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => { this.waiters.delete(key); resolve('timeout'); }, ms);
      this.waiters.set(key, (m) => { clearTimeout(timer); this.waiters.delete(key); resolve(m); });
    });
  }

  /**
   * Runs the canned self test (selftest.ts) in the worker on throwaway instances, off the
   * synchronous path; once it passed, the rehearsal (rehearsal.ts) on `rehearseFrames` resident
   * pages warms the version's hot paths (0: none). Contract: resolves with the first problem
   * (`threw` / `invalid-answer`), `timeout` (the test not done within selfTestMs, or the
   * rehearsal not within REHEARSAL_LIMIT_MS — a hook that hangs at that size: the worker is
   * stopped, the host dead) or `crashed`. Synchronous calls made meanwhile wait for it (within
   * their budget).
   */
  async selfTest(rehearseFrames = 0): Promise<IsolatedResult<void>> {
    if (this.dead) return fail(this.c.crashed());
    const token = ++this.tokens;
    this.worker.ref();
    const tested = this.awaitMessage(`selftest:${token}`, this.selfTestMs);
    const rehearsed = rehearseFrames > 0 ? this.awaitMessage(`rehearsed:${token}`, this.selfTestMs + REHEARSAL_LIMIT_MS) : undefined;
    const m: ToWorker = { type: 'selftest', token, frames: rehearseFrames };
    this.worker.postMessage(m);
    this.c.mail();
    const verdict = await tested;
    const result = ((): IsolatedResult<void> | undefined => {
      if (verdict === 'timeout') return fail(this.c.kill({ kind: 'timeout', budgetMs: this.selfTestMs, message: `the self test did not finish within ${this.selfTestMs} ms; the service worker was stopped` }));
      if (verdict === 'gone' || this.dead || verdict.type !== 'selftest') return fail(this.c.crashed());
      return verdict.verdict.ok ? undefined : fail({ kind: verdict.verdict.kind, message: verdict.verdict.message });
    })();
    if (result || !rehearsed) {
      this.waiters.delete(`rehearsed:${token}`);
      if (!this.dead) this.worker.unref();
      return result ?? OK_VOID;
    }
    const done = await rehearsed;
    if (!this.dead) this.worker.unref();
    if (done === 'timeout') {
      return fail(this.c.kill({ kind: 'timeout', budgetMs: REHEARSAL_LIMIT_MS, message: `the rehearsal with ${rehearseFrames} resident pages did not finish (a hook hangs, or is very slow, at that size); the service worker was stopped` }));
    }
    return done === 'gone' || this.dead ? fail(this.c.crashed()) : OK_VOID;
  }

  /** Stops the worker; the host is dead afterwards. */
  async terminate(): Promise<void> {
    this.c.stop('the service worker was terminated');
    await this.worker.terminate();
  }
}
