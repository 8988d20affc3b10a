// The machine's side of the type checker's thread: one worker per process, started on the first
// check, kept while checks are pending and unreferenced when idle (it never holds the process
// open). A check is a message; its answer a promise. When the thread dies (out of memory, a
// TypeScript crash) the pending checks fail with the reason and the next check starts a new one.

import { Worker } from 'node:worker_threads';
import { packageRoot } from '../paths.js';
import { bundledScript } from './isolation/script.js';
import type { FromChecker, ToChecker } from './typecheck-messages.js';
import type { TypeDiagnostic } from './typecheck.js';

/** The TypeScript compiler's heap needs room: parsed lib files alone take tens of MB. */
const CHECKER_HEAP_MB = 1024;

export class TypeCheckClient {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, { resolve: (d: TypeDiagnostic[]) => void; reject: (e: Error) => void }>();
  private ids = 0;

  /**
   * Type-checks `source` as the content of `file` on the checker's thread. Contract: resolves
   * with the first diagnostics (none: it checks); rejects only when the checker itself failed
   * (its thread could not start or died), with the reason.
   */
  check(file: string, source: string): Promise<TypeDiagnostic[]> {
    return new Promise((resolve, reject) => {
      let w: Worker;
      try {
        w = this.start();
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
        return;
      }
      const id = ++this.ids;
      this.pending.set(id, { resolve, reject });
      w.ref();
      const m: ToChecker = { type: 'check', id, file, source };
      w.postMessage(m);
    });
  }

  /** Forgets the warm checker of `file` on the thread (no-op when none is running). */
  release(file: string): void {
    const m: ToChecker = { type: 'release', file };
    this.worker?.postMessage(m);
  }

  /** Stops the thread; pending checks fail. */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    this.failAll('the type checker was closed');
    if (w) await w.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(bundledScript('typecheck-worker'), {
      workerData: { root: packageRoot() },
      resourceLimits: { maxOldGenerationSizeMb: CHECKER_HEAP_MB },
    });
    w.unref();
    let lastError = '';
    w.on('message', (m: FromChecker) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (this.pending.size === 0) w.unref();
      if (m.ok) p.resolve(m.diagnostics);
      else p.reject(new Error(m.message));
    });
    w.on('error', (e) => { lastError = e instanceof Error ? e.message : String(e); });
    w.on('exit', (code) => {
      if (this.worker === w) this.worker = undefined;
      this.failAll(`the type checker's thread ${lastError ? `died: ${lastError}` : `exited (code ${code})`}`);
    });
    return (this.worker = w);
  }

  private failAll(reason: string): void {
    for (const p of this.pending.values()) p.reject(new Error(reason));
    this.pending.clear();
  }
}

let shared: TypeCheckClient | undefined;

/** The process's type checker (one thread for every compiler). */
export function typeChecker(): TypeCheckClient {
  return (shared ??= new TypeCheckClient());
}
