// The help overlay lists every key and how to read the panels.
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { HelpOverlay, helpRows } from '../../../src/tui/components/HelpOverlay.js';
import { KEYS, PANEL_HELP_SHORT } from '../../../src/tui/view/keys.js';
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

  it('fits an 80x24 body (20 rows): every key and every panel in one line each, the closing hint last', () => {
    const rows = helpRows({ watched: ['w/policy.ts'], width: 80, height: 20, noColor: true }).map((r) => plain(r).trimEnd());
    expect(rows).toHaveLength(20);
    for (const k of KEYS) expect(rows).toContain(` ${k.keys.padEnd(6)} ${k.help}`); // none cut with …
    for (const l of PANEL_HELP_SHORT) expect(rows).toContain(` ${l}`);
    expect(rows.at(-1)).toBe(' press any key to close');
    for (const r of rows) expect([...r].length).toBeLessThanOrEqual(80);
  });

  it('keeps the closing hint on the last row of any height', () => {
    for (const h of [1, 5, 12]) {
      const rows = helpRows({ watched: [], width: 80, height: h, noColor: true }).map((r) => plain(r).trimEnd());
      expect(rows).toHaveLength(h);
      expect(rows.at(-1)).toBe(' press any key to close');
    }
    expect(helpRows({ watched: [], width: 80, height: 0, noColor: true })).toEqual([]);
  });
});
