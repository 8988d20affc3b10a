// Starting a bare service worker thread: the bootstrap script (script.ts) under resource limits,
// with no inherited Node flags or environment. The thread boots and waits for its bundle; it
// never holds the kernel's process open on its own (unref'd until an owner refs it).

import { Worker } from 'node:worker_threads';
import { workerScript } from './script.js';

/** Limits of one service worker. */
export interface WorkerLimits {
  /** V8 old-generation heap limit (MB); reaching it stops the worker. */
  memoryMb: number;
}

export const DEFAULT_MEMORY_MB = 64;
const YOUNG_MB = 16;
const STACK_MB = 4;

/**
 * Starts a worker running the service bootstrap. Contract: returns at once (the thread boots in
 * the background and posts `{ type: 'ready' }`); an 'error' listener is attached so that a dying
 * worker (out of memory) is never an uncaught exception in this thread. Throws only when the
 * worker script cannot be found or built.
 */
export function spawnServiceWorker(limits: WorkerLimits): Worker {
  const w = new Worker(workerScript(), {
    resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb, maxYoungGenerationSizeMb: YOUNG_MB, stackSizeMb: STACK_MB },
    execArgv: [],
    env: {},
  });
  w.on('error', () => {});
  w.unref();
  return w;
}
