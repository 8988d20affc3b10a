// The UI store: its initial state and speed steps, immutable snapshots (a new object after every
// change, the old one untouched), patches and updater functions, status messages stamped with the
// time, and subscribers notified until they unsubscribe.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { INITIAL_UI, SPEEDS, UiStore } from '../../../src/tui/state/ui-store.js';

afterEach(() => { vi.useRealTimers(); });

describe('SPEEDS and INITIAL_UI', () => {
  it('steps the speed up to unlimited, and starts at full speed on the processes panel', () => {
    expect(SPEEDS).toEqual([1_000_000, 5_000_000, 20_000_000, Infinity]);
    for (let i = 1; i < SPEEDS.length; i++) expect(SPEEDS[i]!).toBeGreaterThan(SPEEDS[i - 1]!);
    expect(SPEEDS[INITIAL_UI.speedIndex]).toBe(Infinity);
    expect(INITIAL_UI).toEqual({ focus: 'processes', selectedPid: undefined, overlay: { kind: 'none' }, message: undefined, speedIndex: 3, eventScroll: 0 });
  });
});

describe('UiStore', () => {
  it('starts from INITIAL_UI merged with what it is given', () => {
    expect(new UiStore().get()).toEqual(INITIAL_UI);
    expect(new UiStore({ focus: 'chart', speedIndex: 0 }).get()).toEqual({ ...INITIAL_UI, focus: 'chart', speedIndex: 0 });
    expect(new UiStore().get()).not.toBe(INITIAL_UI); // a copy: changing a store never changes the defaults
  });

  it('merges a patch into a new state object, leaving the previous one as it was', () => {
    const store = new UiStore();
    const before = store.get();
    expect(store.get()).toBe(before); // unchanged: the same object (useSyncExternalStore relies on it)
    store.set({ focus: 'events', eventScroll: 4 });
    const after = store.get();
    expect(after).not.toBe(before);
    expect(after).toEqual({ ...INITIAL_UI, focus: 'events', eventScroll: 4 });
    expect(before).toEqual(INITIAL_UI);
  });

  it('applies an updater function to the current state', () => {
    const store = new UiStore({ eventScroll: 2 });
    store.set((s) => ({ eventScroll: s.eventScroll + 3 }));
    store.set((s) => ({ overlay: s.overlay.kind === 'help' ? { kind: 'none' } : { kind: 'help' } }));
    expect(store.get()).toMatchObject({ eventScroll: 5, overlay: { kind: 'help' } });
  });

  it('notifies every subscriber on each change until it unsubscribes', () => {
    const store = new UiStore();
    const a = vi.fn(), b = vi.fn();
    const offA = store.subscribe(a);
    store.subscribe(b);
    store.set({ focus: 'map' });
    store.say('hello');
    expect(a).toHaveBeenCalledTimes(2);
    expect(b).toHaveBeenCalledTimes(2);
    offA();
    store.set({ focus: 'chart' });
    expect(a).toHaveBeenCalledTimes(2);
    expect(b).toHaveBeenCalledTimes(3);
  });

  it('works with get and subscribe detached from the store (as React calls them)', () => {
    const store = new UiStore();
    const { get, subscribe } = store;
    const fn = vi.fn();
    const off = subscribe(fn);
    store.set({ selectedPid: 7 });
    expect(get().selectedPid).toBe(7);
    expect(fn).toHaveBeenCalledOnce();
    off();
  });

  it('says a status message with its severity (info by default) and the time it was said', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(2024, 0, 1, 12, 0, 0));
    const store = new UiStore();
    store.say('paused: space resumes', 'warn');
    expect(store.get().message).toEqual({ text: 'paused: space resumes', severity: 'warn', at: new Date(2024, 0, 1, 12, 0, 0).getTime() });
    vi.setSystemTime(new Date(2024, 0, 1, 12, 0, 5));
    store.say('running');
    expect(store.get().message).toEqual({ text: 'running', severity: 'info', at: new Date(2024, 0, 1, 12, 0, 5).getTime() });
  });
});
