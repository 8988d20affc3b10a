// useKeys: each key calls its one action; Ctrl-C quits like q, even over an overlay; the help
// overlay closes on any key; a picker takes ↑/↓/j/k, PgUp/PgDn, Enter, Esc and q for itself; Esc
// otherwise clears the status message.
import { Text } from 'ink';
import { render } from 'ink-testing-library';
import type { ReactNode } from 'react';
import { describe, expect, it, vi, type Mock } from 'vitest';
import { useKeys } from '../../../src/tui/hooks/use-keys.js';
import type { UiActions } from '../../../src/tui/state/ui-actions-context.js';
import { UiStore, type Overlay } from '../../../src/tui/state/ui-store.js';

const WAIT = { timeout: 5_000, interval: 5 };
const KEY = { up: '\x1b[A', down: '\x1b[B', pageUp: '\x1b[5~', pageDown: '\x1b[6~', tab: '\t', shiftTab: '\x1b[Z', enter: '\r', esc: '\x1b', ctrlC: '\x03' };

type MockActions = { [K in keyof UiActions]: Mock<UiActions[K]> };

function mockActions(): MockActions {
  return {
    quit: vi.fn(), togglePause: vi.fn(), faster: vi.fn(), slower: vi.fn(), focus: vi.fn(), focusNext: vi.fn(), move: vi.fn(),
    toggleHelp: vi.fn(), openPolicyPicker: vi.fn(), openWorkloadPicker: vi.fn(), closeOverlay: vi.fn(), pickerMove: vi.fn(),
    pickerChoose: vi.fn(), choosePolicy: vi.fn(async () => {}), addWorkload: vi.fn(), killSelected: vi.fn(), shrinkFrames: vi.fn(),
    growFrames: vi.fn(), edit: vi.fn(),
  };
}

function Probe({ actions, store }: { actions: UiActions; store: UiStore }): ReactNode {
  useKeys(actions, store);
  return <Text>keys</Text>;
}

/** Mounts the bindings and waits until Ink reads the keyboard. */
async function keys(overlay: Overlay = { kind: 'none' }) {
  const actions = mockActions();
  const store = new UiStore({ overlay });
  const app = render(<Probe actions={actions} store={store} />);
  await vi.waitFor(() => expect(app.stdin.listenerCount('readable')).toBeGreaterThan(0), WAIT);
  /** Presses `k` and returns the calls it caused, as [action, ...args]. */
  const press = async (k: string): Promise<unknown[][]> => {
    for (const m of Object.values(actions)) m.mockClear();
    app.stdin.write(k);
    // a lone Esc is delivered once Ink knows no sequence follows it (the next turn)
    if (k === KEY.esc) await new Promise((r) => setImmediate(r));
    return Object.entries(actions).flatMap(([name, m]) => m.mock.calls.map((args) => [name, ...args]));
  };
  return { actions, store, app, press };
}

describe('useKeys without an overlay', () => {
  it('calls one action per key', async () => {
    const t = await keys();
    const table: [string, unknown[]][] = [
      ['q', ['quit']], ['?', ['toggleHelp']], [' ', ['togglePause']], ['+', ['faster']], ['=', ['faster']], ['-', ['slower']], ['_', ['slower']],
      ['p', ['openPolicyPicker']], ['a', ['openWorkloadPicker']], ['k', ['killSelected']], ['[', ['shrinkFrames']], [']', ['growFrames']], ['e', ['edit']],
    ];
    for (const [k, call] of table) expect(await t.press(k), JSON.stringify(k)).toEqual([call]);
    t.app.unmount();
  });

  it('moves the focus with Tab, Shift-Tab and the digits 1-6', async () => {
    const t = await keys();
    expect(await t.press(KEY.tab)).toEqual([['focusNext', 1]]);
    expect(await t.press(KEY.shiftTab)).toEqual([['focusNext', -1]]);
    const panels = ['chart', 'map', 'processes', 'services', 'events', 'compile'];
    for (let d = 1; d <= 6; d++) expect(await t.press(String(d))).toEqual([['focus', panels[d - 1]]]);
    expect(await t.press('7')).toEqual([]);
    expect(await t.press('0')).toEqual([]);
    t.app.unmount();
  });

  it('moves the selection with the arrows and pages', async () => {
    const t = await keys();
    expect(await t.press(KEY.up)).toEqual([['move', -1]]);
    expect(await t.press(KEY.down)).toEqual([['move', 1]]);
    expect(await t.press(KEY.pageUp)).toEqual([['move', -10]]);
    expect(await t.press(KEY.pageDown)).toEqual([['move', 10]]);
    t.app.unmount();
  });

  it('ignores keys without a binding', async () => {
    const t = await keys();
    for (const k of ['x', 'Q', 'j', KEY.enter]) expect(await t.press(k), JSON.stringify(k)).toEqual([]);
    t.app.unmount();
  });

  it('clears the status message on Esc', async () => {
    const t = await keys();
    t.store.say('paused: space resumes', 'warn');
    expect(await t.press(KEY.esc)).toEqual([]);
    await vi.waitFor(() => expect(t.store.get().message).toBeUndefined(), WAIT);
    t.app.unmount();
  });

  it('quits on Ctrl-C', async () => {
    const t = await keys();
    expect(await t.press(KEY.ctrlC)).toEqual([['quit']]);
    t.app.unmount();
  });
});

describe('useKeys with an overlay open', () => {
  it('closes the help on any key, and does nothing else with it', async () => {
    const t = await keys({ kind: 'help' });
    for (const k of ['q', 'p', ' ', '1', KEY.down]) expect(await t.press(k), JSON.stringify(k)).toEqual([['closeOverlay']]);
    expect(await t.press(KEY.ctrlC)).toEqual([['quit']]);
    t.app.unmount();
  });

  for (const kind of ['policy', 'workload'] as const) {
    it(`gives the ${kind} picker its keys`, async () => {
      const t = await keys({ kind, index: 0 });
      expect(await t.press(KEY.up)).toEqual([['pickerMove', -1]]);
      expect(await t.press('k')).toEqual([['pickerMove', -1]]); // not kill
      expect(await t.press(KEY.down)).toEqual([['pickerMove', 1]]);
      expect(await t.press('j')).toEqual([['pickerMove', 1]]);
      expect(await t.press(KEY.pageUp)).toEqual([['pickerMove', -10]]);
      expect(await t.press(KEY.pageDown)).toEqual([['pickerMove', 10]]);
      expect(await t.press(KEY.enter)).toEqual([['pickerChoose']]);
      expect(await t.press('q')).toEqual([['closeOverlay']]); // not quit
      expect(await t.press(KEY.esc)).toEqual([['closeOverlay']]);
      for (const k of ['p', 'a', ' ', '3', '[', KEY.tab]) expect(await t.press(k), JSON.stringify(k)).toEqual([]);
      expect(await t.press(KEY.ctrlC)).toEqual([['quit']]);
      t.app.unmount();
    });
  }

  it('reads the overlay at each key press, not at mount', async () => {
    const t = await keys();
    expect(await t.press('q')).toEqual([['quit']]);
    t.store.set({ overlay: { kind: 'workload', index: 0 } });
    expect(await t.press('q')).toEqual([['closeOverlay']]);
    t.app.unmount();
  });
});
