// A warm spare service worker: one thread kept booted and idle, waiting for a bundle, so that
// starting a new service version never waits for a thread to boot. acquire() hands the spare
// out and boots the next one in the background at once — while the version handed out is being
// type-checked and self-tested, so that the boot (tens of milliseconds of a core) is over before
// that version serves its first fault. (Booting it later, after the swap, competed with the new
// version's first decisions: measured, the swap's pause grew several-fold.)

import type { Worker } from 'node:worker_threads';
import { DEFAULT_MEMORY_MB, spawnServiceWorker, type WorkerLimits } from './spawn.js';

interface Spare {
  worker: Worker;
  memoryMb: number;
  alive: boolean;
  ready: Promise<void>;
}

export class WorkerPool {
  /** Memory limit of the spares (a request for other limits gets a fresh worker). */
  readonly memoryMb: number;
  /** Workers handed out: `reused` were the warm spare, `fresh` had to be started on demand. */
  readonly stats = { reused: 0, fresh: 0 };
  private spare: Spare | undefined;
  private closed = false;

  /** Starts the first spare at once (none when no worker can be started; acquire() then reports why). */
  constructor(opts: { memoryMb?: number } = {}) {
    this.memoryMb = opts.memoryMb ?? DEFAULT_MEMORY_MB;
    this.refill();
  }

  /**
   * A worker with `limits`, booted or booting, waiting for its bundle. Contract: the warm spare
   * when its limits match and it is alive (counted in stats.reused), else a new one (stats.fresh);
   * a replacement spare is started in the background unless the pool is closed.
   */
  acquire(limits: WorkerLimits = { memoryMb: this.memoryMb }): Worker {
    const s = this.spare;
    if (s && s.alive && s.memoryMb === limits.memoryMb) {
      this.spare = undefined;
      this.stats.reused++;
      if (!this.closed) setImmediate(() => this.refill());
      return s.worker;
    }
    this.stats.fresh++;
    return spawnServiceWorker(limits);
  }

  /** Resolves when the current spare has booted (at once when there is none). */
  async warm(): Promise<void> {
    const s = this.spare;
    if (!s) return;
    s.worker.ref(); // keep the process alive while waiting
    await s.ready;
    if (this.spare === s) s.worker.unref();
  }

  /** Stops the spare; later acquire() calls start fresh workers. */
  async close(): Promise<void> {
    this.closed = true;
    const s = this.spare;
    this.spare = undefined;
    if (s) await s.worker.terminate();
  }

  private refill(): void {
    if (this.closed || (this.spare && this.spare.alive)) return;
    let worker: Worker;
    try {
      worker = spawnServiceWorker({ memoryMb: this.memoryMb });
    } catch {
      return; // no worker script: acquire() will report it when it tries
    }
    const spare: Spare = { worker, memoryMb: this.memoryMb, alive: true, ready: Promise.resolve() };
    spare.ready = new Promise<void>((resolve) => {
      const onMessage = (m: { type?: unknown }): void => { if (m?.type === 'ready') { worker.off('message', onMessage); resolve(); } };
      worker.on('message', onMessage);
      worker.once('exit', () => { spare.alive = false; resolve(); });
    });
    this.spare = spare;
  }
}
