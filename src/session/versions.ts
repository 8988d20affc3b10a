// Turning what a user names (a built-in service or a service file) into a running version: a
// built-in is trusted and runs in-process; a file is compiled (errors become events with
// file:line:col and a code frame), loaded and validated before it may be swapped in.

import { InProcessVersion, type VersionHost } from '../services/live/version.js';
import type { LiveEvent } from '../services/live/events.js';
import type { ServiceKind } from '../services/protocol.js';
import { resolveService } from './ports.js';
import { loadServiceFile, describeLoadError } from '../services/loader.js';
import { BUILTIN_SERVICES, findBuiltin } from '../services/builtin/index.js';

export type LoadVersionResult = { ok: true; host: VersionHost } | { ok: false; message: string };

export interface LoadVersionOptions {
  frames: number;
  callBudgetMs?: number | undefined;
  onEvent?: (e: LiveEvent) => void;
}

const isFile = (spec: string): boolean => /[/\\]|\.[cm]?[jt]s$/.test(spec);

/**
 * Loads `spec` as a version for a slot of kind `kind`.
 * Contract: never throws; a failure is a one-line message (and, for files, a compile-error or
 * rejected event through opts.onEvent).
 */
export async function loadVersion(spec: string, kind: ServiceKind, opts: LoadVersionOptions): Promise<LoadVersionResult> {
  if (!isFile(spec)) {
    const r = await resolveService(spec, kind);
    if (!r.ok) return { ok: false, message: r.message };
    return { ok: true, host: new InProcessVersion(r.service, opts.frames) };
  }
  const r = await loadServiceFile(spec);
  if (!r.ok) {
    const e = r.error;
    if (e.kind === 'compile') opts.onEvent?.({ type: 'compile-error', service: kind, file: e.file, line: e.line, column: e.column, message: e.message, frame: e.frame ?? '', errorKind: 'syntax' });
    else opts.onEvent?.({ type: 'rejected', service: kind, file: spec, reason: describeLoadError(e) });
    return { ok: false, message: describeLoadError(e) };
  }
  if (r.service.kind !== kind) {
    const message = `${spec}: exports a ${r.service.kind} service, not a ${kind} service`;
    opts.onEvent?.({ type: 'rejected', service: kind, file: spec, reason: message });
    return { ok: false, message };
  }
  return { ok: true, host: new InProcessVersion(r.service, opts.frames) };
}

/** Names of the built-in services of a kind (for pickers and messages). */
export function builtinNames(kind: ServiceKind): string[] {
  return BUILTIN_SERVICES.filter((s) => s.kind === kind && !(s.kind === 'replacement' && (s.needs?.references || s.needs?.future))).map((s) => s.name);
}

export { findBuiltin };
