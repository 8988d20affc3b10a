// useViewState: the view state provided by <App> (the very object, updated with the provider's
// value), and a loud error instead of a silent default when used outside it.
import { Text } from 'ink';
import { render } from 'ink-testing-library';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { UiStateContext, useViewState, type ViewState } from '../../../src/tui/state/ui-state-context.js';
import { INITIAL_UI } from '../../../src/tui/state/ui-store.js';
import { layout } from '../../../src/tui/view/layout.js';
import { fakeSnapshot } from '../helpers.js';

const seen: ViewState[] = [];
function Probe(): ReactNode {
  try {
    const v = useViewState();
    seen.push(v);
    return <Text>{`${v.title} focus=${v.ui.focus}`}</Text>;
  } catch (e) {
    return <Text>{(e as Error).message}</Text>;
  }
}

const state = (title: string): ViewState => ({
  snapshot: fakeSnapshot(), ui: INITIAL_UI, layout: layout(80, 24, { processRows: 3, serviceRows: 3, compileRows: 0, headerRows: 2 }),
  entries: [], compileFailure: undefined, title, watched: [], noColor: true, policies: [], workloads: [],
});

describe('useViewState', () => {
  it('returns the provider\'s value, following changes', () => {
    const a = state('first'), b = { ...state('second'), ui: { ...INITIAL_UI, focus: 'map' as const } };
    const app = render(<UiStateContext.Provider value={a}><Probe /></UiStateContext.Provider>);
    expect(app.lastFrame()).toBe('first focus=processes');
    expect(seen.at(-1)).toBe(a);
    app.rerender(<UiStateContext.Provider value={b}><Probe /></UiStateContext.Provider>);
    expect(app.lastFrame()).toBe('second focus=map');
    expect(seen.at(-1)).toBe(b);
    app.unmount();
  });

  it('throws outside <App>', () => {
    const app = render(<Probe />);
    expect(app.lastFrame()).toBe('useViewState outside <App>');
    app.unmount();
  });
});
