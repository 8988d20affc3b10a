// useUiActions: the actions provided by <App> (the very object), and a loud error instead of a
// silent no-op when used outside it.
import { Text } from 'ink';
import { render } from 'ink-testing-library';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { UiActionsContext, useUiActions, type UiActions } from '../../../src/tui/state/ui-actions-context.js';

function Probe({ onActions }: { onActions: (a: UiActions) => void }): ReactNode {
  try {
    onActions(useUiActions());
    return <Text>ok</Text>;
  } catch (e) {
    return <Text>{(e as Error).message}</Text>;
  }
}

describe('useUiActions', () => {
  it('returns the actions given to the provider', () => {
    const actions = { quit: vi.fn() } as unknown as UiActions;
    const got = vi.fn();
    const app = render(<UiActionsContext.Provider value={actions}><Probe onActions={got} /></UiActionsContext.Provider>);
    expect(app.lastFrame()).toBe('ok');
    expect(got).toHaveBeenCalledWith(actions);
    expect(got.mock.calls[0]![0]).toBe(actions);
    app.unmount();
  });

  it('throws outside <App>', () => {
    const got = vi.fn();
    const app = render(<Probe onActions={got} />);
    expect(app.lastFrame()).toBe('useUiActions outside <App>');
    expect(got).not.toHaveBeenCalled();
    app.unmount();
  });
});
