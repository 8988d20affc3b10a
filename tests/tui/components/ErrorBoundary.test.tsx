// A crash while rendering is shown inside the UI; q still quits.
import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';
import { ErrorBoundary } from '../../../src/tui/components/ErrorBoundary.js';
import { plain } from '../helpers.js';

function Broken(): never { throw new Error('panel exploded'); }

describe('ErrorBoundary', () => {
  it('shows the crash and lets q quit', async () => {
    const onQuit = vi.fn();
    const { lastFrame, stdin } = render(<ErrorBoundary onQuit={onQuit}><Broken /></ErrorBoundary>);
    const f = plain(lastFrame());
    expect(f).toContain('The milklab UI crashed');
    expect(f).toContain('panel exploded');
    expect(f).toContain('Press r to retry, q to quit.');
    await vi.waitFor(() => { stdin.write('q'); expect(onQuit).toHaveBeenCalled(); });
  });
});
