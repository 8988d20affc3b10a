// Turning what a user names (a built-in service or a service file) into a running version: a
// built-in is trusted and runs in-process; a file is compiled (errors become events with
// file:line:col and a code frame), loaded and validated before it may be swapped in.

import { InProcessVersion, type VersionHost, type VersionInfo } from '../services/live/version.js';
import { IsolatedVersion } from '../services/live/isolated-version.js';
import { ServiceWorkerHost } from '../services/isolation/isolated-host.js';
import { WorkerPool } from '../services/isolation/pool.js';
import type { LiveEvent } from '../services/live/events.js';
import type { ServiceKind } from '../services/protocol.js';
import { resolveService } from './ports.js';
import { SERVICE_GLOBAL } from '../services/loader.js';
import { ServiceCompiler, type CompileError } from '../services/compiler.js';
import { evaluateService } from '../services/sandbox.js';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { BUILTIN_SERVICES } from '../services/builtin/index.js';

export type LoadVersionResult = { ok: true; host: VersionHost; hash?: string } | { ok: false; message: string; unchanged?: boolean };

/** One warm incremental compiler per service file (a save recompiles in tens of ms). */
const compilers = new Map<string, ServiceCompiler>();
/** The content hash of the last version loaded from each file (a save with the same bytes is no change). */
const loadedHash = new Map<string, string>();

let warmPool: WorkerPool | undefined;
/** The shared warm spare of service workers (started on first use). */
function pool(): WorkerPool { return (warmPool ??= new WorkerPool()); }

/** Disposes the warm compilers and the worker pool (end of a session). */
export async function disposeCompilers(): Promise<void> {
  const all = [...compilers.values()];
  compilers.clear();
  loadedHash.clear();
  const p = warmPool;
  warmPool = undefined;
  await Promise.all([...all.map((c) => c.dispose()), p?.close()]);
}

export interface LoadVersionOptions {
  frames: number;
  callBudgetMs?: number | undefined;
  onEvent?: (e: LiveEvent) => void;
  /** Report a file whose content hash equals the last loaded version's as `unchanged` (watch mode). */
  skipUnchanged?: boolean;
  /** Evaluate a file in-process (no worker): tools that need the Service object itself. */
  inProcess?: boolean;
}

const isFile = (spec: string): boolean => /[/\\]|\.[cm]?[jt]s$/.test(spec);

/** Why a policy cannot run on the machine (it needs what only trace mode has), or undefined. */
function traceOnly(info: VersionInfo): string | undefined {
  const n = info.needs;
  if (!n?.references && !n?.future) return undefined;
  return `policy '${info.name}' needs ${n.future ? 'the future reference string' : 'every memory reference'}, which only trace mode has: use 'milklab trace' (on the machine, try 'aging' or 'clock')`;
}

/**
 * Loads `spec` as a version for a slot of kind `kind`.
 * Contract: never throws; a failure is a one-line message (and, for files, a compile-error or
 * rejected event through opts.onEvent).
 */
export async function loadVersion(spec: string, kind: ServiceKind, opts: LoadVersionOptions): Promise<LoadVersionResult> {
  if (!isFile(spec)) {
    const r = await resolveService(spec, kind);
    if (!r.ok) return { ok: false, message: r.message };
    const host = new InProcessVersion(r.service, opts.frames);
    const why = traceOnly(host.info);
    return why ? { ok: false, message: why } : { ok: true, host };
  }
  const abs = path.resolve(spec);
  if (!existsSync(abs) || !statSync(abs).isFile()) {
    opts.onEvent?.({ type: 'rejected', service: kind, file: spec, reason: `${spec}: no such file` });
    return { ok: false, message: `${spec}: no such file` };
  }
  let compiler = compilers.get(abs);
  if (!compiler) { compiler = new ServiceCompiler(spec); compilers.set(abs, compiler); }
  const c = await compiler.compileCheckingLater();
  if (opts.skipUnchanged && c.sourceHash && loadedHash.get(abs) === c.sourceHash) return { ok: false, message: `${spec}: unchanged`, unchanged: true };
  const compileErrors = (errors: CompileError[]): LoadVersionResult => {
    for (const e of errors) {
      opts.onEvent?.({ type: 'compile-error', service: kind, file: e.file, line: e.line, column: e.column, message: e.message, frame: e.frame, errorKind: e.kind });
    }
    const e = errors[0]!;
    return { ok: false, message: e.line > 0 ? `${e.file}:${e.line}:${e.column}: ${e.message}` : `${e.file}: ${e.message}` };
  };
  if (!c.ok) return compileErrors(c.errors);
  const reject = (reason: string): LoadVersionResult => {
    opts.onEvent?.({ type: 'rejected', service: kind, file: spec, reason });
    return { ok: false, message: `${spec}: ${reason}` };
  };
  if (opts.inProcess) {
    const errors = await c.checked;
    if (errors.length > 0) return compileErrors(errors);
    const ev = evaluateService(c.code, spec, SERVICE_GLOBAL);
    if (!ev.ok) return reject(ev.message);
    if (ev.service.kind !== kind) return reject(`exports a ${ev.service.kind} service, not a ${kind} service`);
    const inproc = new InProcessVersion(ev.service, opts.frames);
    const why = traceOnly(inproc.info);
    if (why) return reject(why);
    loadedHash.set(abs, c.sourceHash);
    return { ok: true, host: inproc, hash: c.sourceHash };
  }
  // A learner's file runs isolated: its own worker, a time budget per call, a memory limit. The
  // worker starts and runs the self test while the type check runs on its own thread; a type
  // error still refuses the version (and stops the worker) before anything uses it.
  const tested = (async (): Promise<{ ok: true; host: IsolatedVersion } | { ok: false; reason: string; host?: ServiceWorkerHost }> => {
    const started = await ServiceWorkerHost.start(c.code, spec, { callBudgetMs: opts.callBudgetMs ?? 50, pool: pool() });
    if (!started.ok) return { ok: false, reason: started.error.message };
    const host = started.host;
    if (host.descriptor.kind !== kind) return { ok: false, host, reason: `exports a ${host.descriptor.kind} service, not a ${kind} service` };
    const isolated = new IsolatedVersion(host, opts.frames);
    const why = traceOnly(isolated.info);
    if (why) return { ok: false, host, reason: why };
    const st = await host.selfTest(opts.frames);
    return st.ok ? { ok: true, host: isolated } : { ok: false, host, reason: `failed its self test: ${st.error.message}` };
  })();
  const [errors, t] = await Promise.all([c.checked, tested]);
  if (errors.length > 0 || !t.ok) {
    if (t.host) void t.host.terminate();
    return errors.length > 0 ? compileErrors(errors) : reject(t.ok ? '' : t.reason);
  }
  loadedHash.set(abs, c.sourceHash);
  return { ok: true, host: t.host, hash: c.sourceHash };
}

/** Names of the built-in services of a kind (for pickers and messages). */
export function builtinNames(kind: ServiceKind): string[] {
  return BUILTIN_SERVICES.filter((s) => s.kind === kind && !(s.kind === 'replacement' && (s.needs?.references || s.needs?.future))).map((s) => s.name);
}
