// The journal behind the event log: seeded from the session's recorded events (consecutive compile
// errors as one batch), then every event with its arrival time; events emitted in one synchronous
// run share a batch; a bounded ring of 500 with a version counter; dispose stops recording.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SessionEvent } from '../../../src/session/session.js';
import { Journal } from '../../../src/tui/state/journal.js';
import { fakeSession } from '../helpers.js';

afterEach(() => { vi.useRealTimers(); });


const spawn = (pid: number): SessionEvent => ({ type: 'spawn', pid, name: `p${pid}`, time: 0 });
const err = (line: number): SessionEvent => ({ type: 'compile-error', service: 'replacement', file: 'p.ts', line, column: 1, message: 'm', frame: '', errorKind: 'type' });
/** Lets queued microtasks run (the journal closes a batch in one). */
const nextTurn = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('Journal', () => {
  it('is seeded with the events the session recorded, consecutive compile errors as one batch', () => {
    const s = fakeSession([spawn(1), err(1), err(2), spawn(2), err(3)]);
    const j = new Journal(s);
    const got = j.latest();
    expect(got.map((e) => e.event)).toEqual([spawn(1), err(1), err(2), spawn(2), err(3)]);
    const b = got.map((e) => e.batch);
    expect(b[1]).toBe(b[2]); // one compile
    expect(new Set([b[0], b[1], b[3], b[4]]).size).toBe(4);
    expect(j.version).toBe(0); // seeding is not news
    j.dispose();
  });

  it('records each event with the time it arrived and bumps the version', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_000);
    const s = fakeSession();
    const j = new Journal(s);
    vi.setSystemTime(5_000);
    s.emit(spawn(1));
    expect(j.version).toBe(1);
    vi.setSystemTime(7_000);
    s.emit(spawn(2));
    expect(j.version).toBe(2);
    expect(j.latest().map((e) => [e.at, e.event])).toEqual([[5_000, spawn(1)], [7_000, spawn(2)]]);
    j.dispose();
  });

  it('puts events emitted in one synchronous run in one batch, and later ones in the next', async () => {
    const s = fakeSession([spawn(1)]);
    const j = new Journal(s);
    s.emit(err(1)); s.emit(err(2)); s.emit(spawn(2));
    await nextTurn();
    s.emit(err(3));
    const b = j.latest().map((e) => e.batch);
    expect(b[1]).toBe(b[2]);
    expect(b[2]).toBe(b[3]);
    expect(b[1]).toBeGreaterThan(b[0]!);
    expect(b[4]).toBeGreaterThan(b[3]!);
    j.dispose();
  });

  it('returns the newest n entries, oldest first', () => {
    const s = fakeSession();
    const j = new Journal(s);
    for (let pid = 1; pid <= 10; pid++) s.emit(spawn(pid));
    expect(j.latest(3).map((e) => (e.event as { pid: number }).pid)).toEqual([8, 9, 10]);
    expect(j.latest()).toHaveLength(10);
    expect(j.latest(1).map((e) => (e.event as { pid: number }).pid)).toEqual([10]);
    expect(j.latest(0)).toEqual([]);
    expect(j.latest(-2)).toEqual([]);
    j.dispose();
  });

  it('keeps at most the newest 500 entries however many arrive', () => {
    const s = fakeSession();
    const j = new Journal(s);
    for (let pid = 1; pid <= 2_345; pid++) s.emit(spawn(pid));
    expect(j.version).toBe(2_345);
    const all = j.latest(10_000);
    expect(all).toHaveLength(500);
    expect((all[0]!.event as { pid: number }).pid).toBe(1_846);
    expect((all.at(-1)!.event as { pid: number }).pid).toBe(2_345);
    j.dispose();
  });

  it('returns a copy: changing it does not change the journal', () => {
    const s = fakeSession([spawn(1)]);
    const j = new Journal(s);
    j.latest().pop();
    expect(j.latest()).toHaveLength(1);
    j.dispose();
  });

  it('stops recording on dispose', () => {
    const s = fakeSession();
    const j = new Journal(s);
    expect(s.listeners.size).toBe(1);
    s.emit(spawn(1));
    j.dispose();
    expect(s.listeners.size).toBe(0);
    s.emit(spawn(2));
    expect(j.version).toBe(1);
    expect(j.latest()).toHaveLength(1);
  });
});
