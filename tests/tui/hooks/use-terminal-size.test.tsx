// useTerminalSize: Ink's stdout size (80x24 when it reports none), updated on every 'resize',
// and its resize listener removed when the component goes away.
import { Text } from 'ink';
import { render } from 'ink-testing-library';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { useTerminalSize } from '../../../src/tui/hooks/use-terminal-size.js';

const WAIT = { timeout: 5_000, interval: 5 };

function Probe(): ReactNode {
  const { columns, rows } = useTerminalSize();
  return <Text>{`${columns}x${rows}`}</Text>;
}

function Host({ show }: { show: boolean }): ReactNode {
  return show ? <Probe /> : <Text>gone</Text>;
}

/** Sets the fake stdout's size as a terminal would before emitting 'resize'. */
function resize(stdout: NodeJS.EventEmitter, columns: number | undefined, rows: number | undefined): void {
  Object.defineProperty(stdout, 'columns', { value: columns, configurable: true });
  Object.defineProperty(stdout, 'rows', { value: rows, configurable: true });
  stdout.emit('resize');
}

/** Mounts the probe and waits until its resize listener is attached (beside any of Ink's own). */
async function mounted() {
  const app = render(<Host show={false} />);
  const base = app.stdout.listenerCount('resize');
  app.rerender(<Host show={true} />);
  await vi.waitFor(() => expect(app.stdout.listenerCount('resize')).toBe(base + 1), WAIT);
  return { app, base };
}

describe('useTerminalSize', () => {
  it('reads the size of Ink\'s stdout (rows default to 24 when it has none)', () => {
    const app = render(<Probe />); // the test stdout is 100 columns and reports no rows
    expect(app.lastFrame()).toBe('100x24');
    app.unmount();
  });

  it('follows resizes', async () => {
    const { app } = await mounted();
    resize(app.stdout, 132, 43);
    await vi.waitFor(() => expect(app.lastFrame()).toBe('132x43'), WAIT);
    resize(app.stdout, 80, 24);
    await vi.waitFor(() => expect(app.lastFrame()).toBe('80x24'), WAIT);
    app.unmount();
  });

  it('falls back to 80x24 when the terminal reports no size', async () => {
    const { app } = await mounted();
    resize(app.stdout, 0, undefined);
    await vi.waitFor(() => expect(app.lastFrame()).toBe('80x24'), WAIT);
    app.unmount();
  });

  it('stops listening when unmounted', async () => {
    const { app, base } = await mounted();
    expect(app.lastFrame()).toBe('100x24');
    app.rerender(<Host show={false} />);
    await vi.waitFor(() => expect(app.stdout.listenerCount('resize')).toBe(base), WAIT);
    expect(app.lastFrame()).toBe('gone');
    app.unmount();
  });
});
