// Session events as log lines: one line per event type with its severity (and a mark per severity
// that survives NO_COLOR), and which compile failure is current (the latest compile's batch, until
// a swap).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SessionEvent } from '../../../src/session/session.js';
import { currentCompileFailure, describeEvent, SEVERITY_COLOR, SEVERITY_MARK, type CompileErrorEvent, type Severity } from '../../../src/tui/view/events.js';

const compileError = (line: number, file = 'policy.ts'): CompileErrorEvent =>
  ({ type: 'compile-error', service: 'replacement', file, line, column: 3, message: `error at ${line}`, frame: '', errorKind: 'type' });

describe('describeEvent', () => {
  const cases: [SessionEvent, Severity, string][] = [
    [{ type: 'swap', service: 'replacement', fromVersion: 2, toVersion: 3, name: 's3fifo', pauseUs: 12.5, instructions: 4_500_000, migrated: 'migrate' },
      'good', 'replacement: v2 → v3 s3fifo live at 4.5M instr (pause 13µs, state migrate)'],
    [{ type: 'rollback', service: 'replacement', version: 3, toVersion: 2, reason: 'decision: timeout', instructions: 1 },
      'error', 'replacement: rollback v3 → v2: decision: timeout'],
    [{ type: 'fallback', service: 'replacement', version: 2, toVersion: 1, reason: 'degraded', instructions: 1 },
      'warn', 'replacement: fallback v2 → v1: degraded'],
    [{ type: 'fallback', pid: 4, service: 'replacement', reason: 'victim 99 is not resident', time: 1 },
      'warn', 'pid 4: replacement answer refused, kernel chose instead: victim 99 is not resident'],
    [{ type: 'rejected', service: 'replacement', file: 'clock', reason: 'failed its self test: boom' },
      'error', 'replacement: clock rejected: failed its self test: boom'],
    [{ type: 'service-error', pid: 2, service: 'replacement', message: 'threw: x', time: 1 },
      'error', 'pid 2: replacement: threw: x'],
    [{ type: 'service-error', service: 'allocator', version: 5, message: 'invalid answer', instructions: 1 },
      'error', 'allocator v5: invalid answer'],
    [{ type: 'probation-passed', service: 'replacement', version: 2, instructions: 1 }, 'good', 'replacement: v2 passed probation'],
    [{ type: 'shadow', service: 'replacement', candidate: 'lru.ts', decisions: 100, differing: 7, instructions: 1 },
      'info', 'replacement: shadow lru.ts: 7 of 100 choices differ'],
    [{ type: 'spawn', pid: 3, name: 'zipf', time: 0 }, 'info', 'zipf[3] started'],
    [{ type: 'exit', pid: 3, name: 'zipf', code: 0, time: 0 }, 'info', 'zipf[3] exited with status 0'],
    [{ type: 'exit', pid: 3, name: 'zipf', code: 7, time: 0 }, 'warn', 'zipf[3] exited with status 7'],
    [{ type: 'kill', pid: 1, name: 'loop', signal: 'SIGSEGV', message: 'bad address', time: 0 }, 'warn', 'loop[1] killed by SIGSEGV: bad address'],
    [{ type: 'enosys', pid: 1, name: 'loop', syscall: 222, time: 0 }, 'warn', 'loop[1] system call 222 not implemented'],
    [{ type: 'oom', pid: 1, name: 'loop', message: 'no frame', time: 0 }, 'error', 'loop[1] out of memory: no frame'],
  ];
  for (const [event, severity, text] of cases) {
    it(`describes ${event.type} as ${severity}: ${text}`, () => {
      expect(describeEvent(event)).toEqual({ severity, text });
    });
  }

  it('shows a compile error as file:line:col: message, the path relative to the working directory', () => {
    const abs = path.join(process.cwd(), 'milklab-work', 'policy.ts');
    expect(describeEvent(compileError(12, abs))).toEqual({ severity: 'error', text: 'milklab-work/policy.ts:12:3: error at 12' });
  });

  it('gives every severity a distinct visible mark (meaning without colour)', () => {
    const sev: Severity[] = ['info', 'good', 'warn', 'error'];
    expect(new Set(sev.map((s) => SEVERITY_MARK[s])).size).toBe(4);
    for (const s of sev) expect(SEVERITY_MARK[s]).toHaveLength(1);
    for (const s of ['good', 'warn', 'error'] as const) expect(SEVERITY_MARK[s]).not.toBe(' ');
    expect(SEVERITY_COLOR).toEqual({ info: undefined, good: 'green', warn: 'yellow', error: 'red' });
  });
});

describe('currentCompileFailure', () => {
  const entry = (event: SessionEvent, batch: number) => ({ event, batch });
  const spawn: SessionEvent = { type: 'spawn', pid: 1, name: 'loop', time: 0 };
  const swap: SessionEvent = { type: 'swap', service: 'replacement', fromVersion: 1, toVersion: 2, name: 'fifo', pauseUs: 1, instructions: 1, migrated: 'rebuilt' };

  it('is undefined without events or without a compile error', () => {
    expect(currentCompileFailure([])).toBeUndefined();
    expect(currentCompileFailure([entry(spawn, 1), entry(swap, 2)])).toBeUndefined();
  });

  it('stays current across later events other than a swap', () => {
    const es = [entry(compileError(4), 1), entry(spawn, 2), entry({ type: 'exit', pid: 1, name: 'loop', code: 0, time: 1 }, 3)];
    expect(currentCompileFailure(es)?.map((e) => e.line)).toEqual([4]);
  });

  it('is cleared by a swap after it, and comes back with a newer failed compile', () => {
    const es = [entry(compileError(4), 1), entry(swap, 2)];
    expect(currentCompileFailure(es)).toBeUndefined();
    expect(currentCompileFailure([...es, entry(compileError(9), 3)])?.map((e) => e.line)).toEqual([9]);
  });

  it('takes every error of the latest batch, in order, skipping other events of that batch', () => {
    const es = [entry(compileError(1), 1), entry(compileError(2), 2), entry(spawn, 2), entry(compileError(3), 2), entry(spawn, 3)];
    expect(currentCompileFailure(es)?.map((e) => e.line)).toEqual([2, 3]);
  });
});
