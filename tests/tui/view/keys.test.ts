// The key list people read: every binding has a short hint and a help line, none twice; the panel
// help names the six panels in focus order, aligned, with the glyphs the frame map and the
// services panel draw.
import { describe, expect, it } from 'vitest';
import { cellOf } from '../../../src/tui/view/frame-map.js';
import { KEYS, PANEL_HELP } from '../../../src/tui/view/keys.js';
import { PANELS } from '../../../src/tui/view/layout.js';
import { frames } from '../helpers.js';

describe('KEYS', () => {
  it('lists each binding once, with a hint and a help line', () => {
    expect(new Set(KEYS.map((k) => k.keys)).size).toBe(KEYS.length);
    for (const k of KEYS) {
      expect(k.keys.trim()).not.toBe('');
      expect(k.hint.trim()).not.toBe('');
      expect(k.help.length).toBeGreaterThan(k.hint.length);
    }
  });

  it('documents every key the UI binds', () => {
    const keys = KEYS.map((k) => k.keys);
    for (const k of ['q', '?', 'e', 'p', 'space', '+/-', 'a', 'k', '[/]', 'Tab', '↑/↓']) expect(keys).toContain(k);
    expect(KEYS.find((k) => k.keys === 'q')!.help).toContain('Ctrl-C');
    expect(KEYS.find((k) => k.keys === 'Tab')!.help).toMatch(/1-6/);
  });

  it('starts with quit and help, the hints a narrow footer keeps', () => {
    expect(KEYS.slice(0, 2).map((k) => k.hint)).toEqual(['quit', 'help']);
  });

  it('keeps keys within the help screen\'s 6-column key column and hints short for the footer', () => {
    for (const k of KEYS) {
      expect(k.keys.length, k.keys).toBeLessThanOrEqual(6);
      expect(k.hint.length, k.keys).toBeLessThanOrEqual(12);
    }
  });
});

describe('PANEL_HELP', () => {
  it('names panels 1-6 in focus order', () => {
    const numbered = PANEL_HELP.filter((l) => /^\d /.test(l)).map((l) => Number(l[0]));
    expect(numbered).toEqual([1, 2, 3, 4, 5, 6]);
    expect(numbered).toHaveLength(PANELS.length);
  });

  it('indents continuation lines under the description column', () => {
    const col = PANEL_HELP[0]!.indexOf('faults');
    for (const l of PANEL_HELP) {
      if (/^\d /.test(l)) expect(l.slice(0, col).trimEnd().length, l).toBeLessThan(col);
      else expect(l.slice(0, col), l).toBe(' '.repeat(col));
    }
  });

  it('explains the frame map with the glyphs it draws', () => {
    const text = PANEL_HELP.join('\n');
    const free = cellOf(frames(1, () => 0), 0, 1).ch, ballooned = cellOf(frames(1, () => -1), 0, 1).ch;
    expect(text).toContain(`${free} free`);
    expect(text).toContain(`${ballooned} ballooned`);
    expect(text).toContain('UPPER = dirty');
    for (const status of ['● serving', '◐ probation', '✗ degraded']) expect(text).toContain(status);
  });
});
