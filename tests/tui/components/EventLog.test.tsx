// Panel 5: the event log — swaps, rollbacks, compile errors with file:line:col, kills — newest
// last, with severity marks that survive NO_COLOR, and scrolling.
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { EventLog } from '../../../src/tui/components/EventLog.js';
import type { JournalEntry } from '../../../src/tui/state/journal.js';
import { currentCompileFailure } from '../../../src/tui/view/events.js';
import type { SessionEvent } from '../../../src/session/session.js';
import { plain } from '../helpers.js';

const at = new Date(2024, 0, 1, 12, 34, 56).getTime();
const ev: SessionEvent[] = [
  { type: 'spawn', pid: 1, name: 'loop', time: 0 },
  { type: 'swap', service: 'replacement', fromVersion: 1, toVersion: 2, name: 'clock', pauseUs: 850, instructions: 12_300_000, migrated: 'rebuilt' },
  { type: 'compile-error', service: 'replacement', file: 'policy.ts', line: 12, column: 5, message: "Cannot find name 'x'.", frame: '12 | x\n   | ^', errorKind: 'type' },
  { type: 'rollback', service: 'replacement', version: 3, toVersion: 2, reason: 'decision: crashed: boom', instructions: 20_000_000 },
  { type: 'kill', pid: 1, name: 'loop', signal: 'SIGKILL', message: 'killed from the session', time: 5 },
];
const entries: JournalEntry[] = ev.map((event, batch) => ({ at, event, batch }));

describe('EventLog', () => {
  it('shows each event on one line, newest last', () => {
    const { lastFrame } = render(<EventLog entries={entries} scroll={0} width={100} height={7} focused={false} noColor={true} />);
    const lines = plain(lastFrame()).split('\n');
    expect(lines[0]).toContain('5 Events');
    expect(lines[1]).toBe('12:34:56   loop[1] started' + ' '.repeat(0));
    expect(lines[2]).toContain('+ replacement: v1 → v2 clock live at 12M instr (pause 850µs, state rebuilt)');
    expect(lines[3]).toContain("x policy.ts:12:5: Cannot find name 'x'.");
    expect(lines[4]).toContain('x replacement: rollback v3 → v2: decision: crashed: boom');
    expect(lines[5]).toContain('! loop[1] killed by SIGKILL: killed from the session');
  });
  it('shows the newest that fit, and older ones when scrolled', () => {
    const { lastFrame, rerender } = render(<EventLog entries={entries} scroll={0} width={80} height={3} focused={true} noColor={true} />);
    expect(plain(lastFrame())).toContain('killed by SIGKILL');
    expect(plain(lastFrame())).not.toContain('started');
    rerender(<EventLog entries={entries} scroll={3} width={80} height={3} focused={true} noColor={true} />);
    expect(plain(lastFrame())).toContain('loop[1] started');
    expect(plain(lastFrame())).toContain('scrolled up 3');
  });
  it('keeps the latest compile\'s errors current until a swap', () => {
    expect(currentCompileFailure(entries)?.map((e) => e.line)).toEqual([12]);
    expect(currentCompileFailure([...entries, { at, event: ev[1]!, batch: 9 }])).toBeUndefined();
    expect(currentCompileFailure(entries.slice(0, 2))).toBeUndefined();
    // two saves in a row: only the second compile's errors (one batch) are current
    const err = (line: number): SessionEvent => ({ ...(ev[2] as Extract<SessionEvent, { type: 'compile-error' }>), line });
    const two = [{ at, event: err(1), batch: 1 }, { at, event: err(2), batch: 2 }, { at, event: err(3), batch: 2 }];
    expect(currentCompileFailure(two)?.map((e) => e.line)).toEqual([2, 3]);
  });
});
