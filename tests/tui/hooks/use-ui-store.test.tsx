// useUiStore: components render the store's state and re-render on every change made outside
// React (no rerender needed), several components see the same state, and the subscription ends
// with the component.
import { Box, Text } from 'ink';
import { render } from 'ink-testing-library';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { useUiStore } from '../../../src/tui/hooks/use-ui-store.js';
import { UiStore } from '../../../src/tui/state/ui-store.js';

const WAIT = { timeout: 5_000, interval: 5 };

function Probe({ store, name }: { store: UiStore; name: string }): ReactNode {
  const ui = useUiStore(store);
  return <Text>{`${name}: focus=${ui.focus} speed=${ui.speedIndex} overlay=${ui.overlay.kind} msg=${ui.message?.text ?? '-'}`}</Text>;
}

function Host({ store, show }: { store: UiStore; show: boolean }): ReactNode {
  return show ? <Probe store={store} name="p" /> : <Text>gone</Text>;
}

describe('useUiStore', () => {
  it('renders the store\'s current state', () => {
    const store = new UiStore({ focus: 'map', speedIndex: 1 });
    const app = render(<Probe store={store} name="p" />);
    expect(app.lastFrame()).toBe('p: focus=map speed=1 overlay=none msg=-');
    app.unmount();
  });

  it('re-renders when the store changes, without a rerender from outside', async () => {
    const store = new UiStore();
    const app = render(<Probe store={store} name="p" />);
    store.set({ focus: 'events', overlay: { kind: 'help' } });
    await vi.waitFor(() => expect(app.lastFrame()).toBe('p: focus=events speed=3 overlay=help msg=-'), WAIT);
    store.say('speed max');
    await vi.waitFor(() => expect(app.lastFrame()).toBe('p: focus=events speed=3 overlay=help msg=speed max'), WAIT);
    app.unmount();
  });

  it('gives every component the same state', async () => {
    const store = new UiStore();
    const app = render(<Box flexDirection="column"><Probe store={store} name="a" /><Probe store={store} name="b" /></Box>);
    store.set({ speedIndex: 0 });
    await vi.waitFor(() => expect(app.lastFrame()!.split('\n')).toEqual(['a: focus=processes speed=0 overlay=none msg=-', 'b: focus=processes speed=0 overlay=none msg=-']), WAIT);
    app.unmount();
  });

  it('unsubscribes when the component goes away', async () => {
    const store = new UiStore();
    const unsubscribed = vi.fn();
    const subscribe = store.subscribe;
    const subscribed = vi.fn();
    store.subscribe = (fn) => { subscribed(); const off = subscribe(fn); return () => { unsubscribed(); off(); }; };
    const app = render(<Host store={store} show={true} />);
    await vi.waitFor(() => expect(subscribed).toHaveBeenCalled(), WAIT);
    expect(unsubscribed).not.toHaveBeenCalled();
    app.rerender(<Host store={store} show={false} />);
    await vi.waitFor(() => expect(unsubscribed).toHaveBeenCalledTimes(subscribed.mock.calls.length), WAIT);
    expect(app.lastFrame()).toBe('gone');
    app.unmount();
  });
});
