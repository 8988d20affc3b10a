// Events as people read them: one line per session event (swaps, rollbacks, compile errors with
// file:line:col, kills, …) with a severity, and the compile failure to show while it is the
// latest word on a service file (until the next successful swap).

import type { SessionEvent } from '../../session/session.js';
import { displayPath, micros, short } from './format.js';
import type { Color } from './style.js';

export type Severity = 'info' | 'good' | 'warn' | 'error';

export const SEVERITY_COLOR: Record<Severity, Color | undefined> = { info: undefined, good: 'green', warn: 'yellow', error: 'red' };
/** A symbol per severity, so NO_COLOR keeps the meaning. */
export const SEVERITY_MARK: Record<Severity, string> = { info: ' ', good: '+', warn: '!', error: 'x' };

export interface EventLine { severity: Severity; text: string }

/** One line describing `e`. */
export function describeEvent(e: SessionEvent): EventLine {
  switch (e.type) {
    case 'swap':
      return { severity: 'good', text: `${e.service}: v${e.fromVersion} → v${e.toVersion} ${e.name} live at ${short(e.instructions)} instr (pause ${micros(e.pauseUs)}, state ${e.migrated})` };
    case 'rollback':
      return { severity: 'error', text: `${e.service}: rollback v${e.version} → v${e.toVersion}: ${e.reason}` };
    case 'fallback':
      if ('toVersion' in e) return { severity: 'warn', text: `${e.service}: fallback v${e.version} → v${e.toVersion}: ${e.reason}` };
      return { severity: 'warn', text: `pid ${e.pid}: ${e.service} answer refused, kernel chose instead: ${e.reason}` };
    case 'compile-error':
      return { severity: 'error', text: `${displayPath(e.file)}:${e.line}:${e.column}: ${e.message}` };
    case 'rejected':
      return { severity: 'error', text: `${e.service}: ${displayPath(e.file)} rejected: ${e.reason}` };
    case 'service-error':
      return { severity: 'error', text: 'pid' in e ? `pid ${e.pid}: ${e.service}: ${e.message}` : `${e.service} v${e.version}: ${e.message}` };
    case 'probation-passed':
      return { severity: 'good', text: `${e.service}: v${e.version} passed probation` };
    case 'shadow':
      return { severity: 'info', text: `${e.service}: shadow ${e.candidate}: ${e.differing} of ${e.decisions} choices differ` };
    case 'spawn':
      return { severity: 'info', text: `${e.name}[${e.pid}] started` };
    case 'exit':
      return { severity: e.code === 0 ? 'info' : 'warn', text: `${e.name}[${e.pid}] exited with status ${e.code}` };
    case 'kill':
      return { severity: 'warn', text: `${e.name}[${e.pid}] killed by ${e.signal}: ${e.message}` };
    case 'enosys':
      return { severity: 'warn', text: `${e.name}[${e.pid}] system call ${e.syscall} not implemented` };
    case 'oom':
      return { severity: 'error', text: `${e.name}[${e.pid}] out of memory: ${e.message}` };
  }
}

export type CompileErrorEvent = Extract<SessionEvent, { type: 'compile-error' }>;

/**
 * The failed compile to show: the errors of the latest compile (the compile-error events of the
 * latest one's batch — emitted together) when no swap came after them; undefined otherwise.
 */
export function currentCompileFailure(entries: readonly { event: SessionEvent; batch: number }[]): CompileErrorEvent[] | undefined {
  let end = -1;
  for (let i = entries.length - 1; i >= 0; i--) {
    const t = entries[i]!.event.type;
    if (t === 'swap') return undefined;
    if (t === 'compile-error') { end = i; break; }
  }
  if (end < 0) return undefined;
  const batch = entries[end]!.batch;
  const out: CompileErrorEvent[] = [];
  for (let i = end; i >= 0 && entries[i]!.batch === batch; i--) {
    const e = entries[i]!.event;
    if (e.type === 'compile-error') out.unshift(e);
  }
  return out;
}
