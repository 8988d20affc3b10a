// useJournal: the journal's entries, re-read on a render after new events arrived (the version
// moved) and otherwise the very same array, so the event log's memo holds between polls.
import { Text } from 'ink';
import { render } from 'ink-testing-library';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import type { SessionEvent } from '../../../src/session/session.js';
import { useJournal } from '../../../src/tui/hooks/use-journal.js';
import { Journal, type JournalEntry } from '../../../src/tui/state/journal.js';
import { fakeSession } from '../helpers.js';


const spawn = (pid: number): SessionEvent => ({ type: 'spawn', pid, name: `p${pid}`, time: 0 });

function mount(journal: Journal) {
  const seen: JournalEntry[][] = [];
  function Probe({ tick }: { tick: number }): ReactNode {
    const entries = useJournal(journal);
    seen.push(entries);
    return <Text>{`tick ${tick}: ${entries.map((e) => (e.event as { pid: number }).pid).join(',') || 'none'}`}</Text>;
  }
  const app = render(<Probe tick={0} />);
  return { app, seen, poll: (tick: number): string => { app.rerender(<Probe tick={tick} />); return app.lastFrame() ?? ''; } };
}

describe('useJournal', () => {
  it('starts with the entries the journal was seeded with', () => {
    const j = new Journal(fakeSession([spawn(1), spawn(2)]));
    const m = mount(j);
    expect(m.app.lastFrame()).toBe('tick 0: 1,2');
    m.app.unmount();
    j.dispose();
  });

  it('shows new events at the next render', () => {
    const s = fakeSession();
    const j = new Journal(s);
    const m = mount(j);
    expect(m.app.lastFrame()).toBe('tick 0: none');
    s.emit(spawn(7));
    s.emit(spawn(8));
    expect(m.poll(1)).toBe('tick 1: 7,8');
    s.emit(spawn(9));
    expect(m.poll(2)).toBe('tick 2: 7,8,9');
    m.app.unmount();
    j.dispose();
  });

  it('returns the same array while nothing new arrived', () => {
    const s = fakeSession([spawn(1)]);
    const j = new Journal(s);
    const m = mount(j);
    m.poll(1);
    m.poll(2);
    expect(m.seen).toHaveLength(3);
    expect(m.seen[1]).toBe(m.seen[0]);
    expect(m.seen[2]).toBe(m.seen[0]);
    s.emit(spawn(2));
    m.poll(3);
    expect(m.seen[3]).not.toBe(m.seen[0]);
    expect(m.seen[3]).toHaveLength(2);
    m.app.unmount();
    j.dispose();
  });
});
