// useSnapshot: the first snapshot at mount, then polls at the interval (10 a second by default),
// re-renders only when what the panels show changed, keeps unchanged parts (services, markers,
// events) identical so memoised panels skip work, and stops polling on unmount.
import { Text } from 'ink';
import { render } from 'ink-testing-library';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SessionEvent } from '../../../src/session/session.js';
import { useSnapshot } from '../../../src/tui/hooks/use-snapshot.js';
import type { Snapshot, UiSession } from '../../../src/tui/state/ui-state-context.js';
import { fakeSnapshot } from '../helpers.js';

const WAIT = { timeout: 5_000, interval: 5 };
afterEach(() => { vi.useRealTimers(); });

/**
 * A session whose snapshot() returns a fresh object each call, as the real one does: services
 * and markers are new (but equal) objects every time; events are a new array of the same event
 * objects (telemetry slices its ring).
 */
function fakeSession(over: Partial<Snapshot> = {}) {
  let state = fakeSnapshot(over);
  const snapshot = vi.fn((): Snapshot => ({
    ...state,
    services: JSON.parse(JSON.stringify(state.services)) as Snapshot['services'],
    markers: state.markers.map((m) => ({ ...m })),
    events: state.events.slice(),
  }));
  return {
    session: { snapshot } as unknown as UiSession,
    snapshot,
    update: (patch: Partial<Snapshot>): void => { state = { ...state, ...patch }; },
    state: () => state,
  };
}

function mount(session: UiSession, pollMs?: number) {
  const seen: Snapshot[] = [];
  function Probe(): ReactNode {
    const s = useSnapshot(session, pollMs);
    seen.push(s);
    return <Text>{`instr=${s.instructions} paused=${String(s.paused)} events=${s.events.length}`}</Text>;
  }
  const app = render(<Probe />);
  return { app, seen, frame: (): string => app.lastFrame() ?? '' };
}

const spawn = (pid: number): SessionEvent => ({ type: 'spawn', pid, name: 'p', time: 0 });

describe('useSnapshot', () => {
  it('renders the session\'s snapshot at mount, then what it polls', async () => {
    const f = fakeSession({ instructions: 1_000 });
    const m = mount(f.session, 5);
    expect(m.frame()).toBe('instr=1000 paused=false events=0');
    f.update({ instructions: 2_000, paused: true });
    await vi.waitFor(() => expect(m.frame()).toBe('instr=2000 paused=true events=0'), WAIT);
    f.update({ events: [spawn(1)] });
    await vi.waitFor(() => expect(m.frame()).toBe('instr=2000 paused=true events=1'), WAIT);
    m.app.unmount();
  });

  it('does not re-render while nothing changes', async () => {
    const f = fakeSession();
    const m = mount(f.session, 5);
    const calls = f.snapshot.mock.calls.length;
    await vi.waitFor(() => expect(f.snapshot.mock.calls.length).toBeGreaterThanOrEqual(calls + 6), WAIT);
    expect(m.seen).toHaveLength(1);
    m.app.unmount();
  });

  it('keeps unchanged services, markers and events identical across a re-render', async () => {
    const f = fakeSession({ events: [spawn(1)] });
    const m = mount(f.session, 5);
    const first = m.seen[0]!;
    f.update({ instructions: first.instructions + 1 });
    await vi.waitFor(() => expect(m.seen.at(-1)!.instructions).toBe(first.instructions + 1), WAIT);
    const next = m.seen.at(-1)!;
    expect(next).not.toBe(first);
    expect(next.services).toBe(first.services);
    expect(next.markers).toBe(first.markers);
    expect(next.events).toBe(first.events);
    m.app.unmount();
  });

  it('hands over a changed part as new, and re-renders for it alone', async () => {
    const f = fakeSession();
    const m = mount(f.session, 5);
    const first = m.seen[0]!;
    f.update({ services: [{ ...f.state().services[0]!, status: 'serving' }] });
    await vi.waitFor(() => expect(m.seen.at(-1)!.services[0]!.status).toBe('serving'), WAIT);
    const next = m.seen.at(-1)!;
    expect(next.services).not.toBe(first.services);
    expect(next.markers).toBe(first.markers);
    m.app.unmount();
  });

  it('notices a new event when the event ring is full (same count, different last event)', async () => {
    const ring = Array.from({ length: 200 }, (_, i) => spawn(i + 1));
    const f = fakeSession({ events: ring });
    const m = mount(f.session, 5);
    f.update({ events: [...ring.slice(1), spawn(999)] });
    await vi.waitFor(() => expect(m.seen.at(-1)!.events.at(-1)).toEqual(spawn(999)), WAIT);
    expect(m.seen.at(-1)!.events).toHaveLength(200);
    expect(m.seen.length).toBe(2);
    m.app.unmount();
  });

  it('polls twelve times a second by default, and stops when unmounted', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const f = fakeSession();
    const m = mount(f.session);
    const atMount = f.snapshot.mock.calls.length;
    vi.advanceTimersByTime(996);
    expect(f.snapshot.mock.calls.length - atMount).toBe(12);
    m.app.unmount();
    const atUnmount = f.snapshot.mock.calls.length;
    vi.advanceTimersByTime(1_000);
    expect(f.snapshot.mock.calls.length).toBe(atUnmount);
  });

  it('polls at the interval it is given', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const f = fakeSession();
    const m = mount(f.session, 40);
    const atMount = f.snapshot.mock.calls.length;
    vi.advanceTimersByTime(400);
    expect(f.snapshot.mock.calls.length - atMount).toBe(10);
    m.app.unmount();
  });
});
