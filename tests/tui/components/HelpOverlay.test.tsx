// The help overlay lists every key and how to read the panels.
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { HelpOverlay } from '../../../src/tui/components/HelpOverlay.js';
import { KEYS } from '../../../src/tui/view/keys.js';
import { plain } from '../helpers.js';

describe('HelpOverlay', () => {
  it('lists every key binding and the legend of the map', () => {
    const { lastFrame } = render(<HelpOverlay watched={['w/policy.ts']} width={100} height={30} noColor={true} />);
    const f = plain(lastFrame());
    for (const k of KEYS) expect(f).toContain(`${k.keys.padEnd(6)} ${k.help}`);
    expect(f).toContain('To customise: edit w/policy.ts in any editor, or press e');
    expect(f).toContain('UPPER = dirty');
    expect(f).toContain('press any key to close');
  });
});
