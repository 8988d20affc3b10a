// Panel: a title rule of exactly the panel's width ("─3 Processes── extra ───", the extra cut to
// fit), inverse and bold when focused (also under NO_COLOR, which drops only colours), over its
// content rows in an exact width x height rectangle.
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { Panel, titleRow } from '../../../src/tui/components/Panel.js';
import { stripSgr, visibleLength } from '../../../src/tui/view/style.js';
import { plain } from '../helpers.js';

const COLOUR = /\x1b\[[0-9;]*(3[0-7]|90)m/;
const base = { index: 3, title: 'Processes', focused: false, noColor: true };

describe('titleRow', () => {
  it('is a rule with the index, title and extra, exactly width cells', () => {
    expect(stripSgr(titleRow({ ...base, extra: '2 running', width: 30 }))).toBe('─ 3 Processes  2 running ─────');
    expect(stripSgr(titleRow({ ...base, width: 20 }))).toBe('─ 3 Processes ──────');
    for (const width of [5, 12, 16, 20, 25, 40, 80, 200]) {
      expect(visibleLength(titleRow({ ...base, extra: 'faults per million instructions; * = total', width })), String(width)).toBe(width);
    }
  });

  it('cuts an extra that does not fit, or leaves it out when there is no room', () => {
    const cut = stripSgr(titleRow({ ...base, extra: 'a rather long extra text', width: 26 }));
    expect(cut).toBe('─ 3 Processes  a rather… ─');
    expect(stripSgr(titleRow({ ...base, extra: 'anything', width: 17 }))).toBe('─ 3 Processes ───');
    expect(stripSgr(titleRow({ ...base, extra: 'anything', width: 8 }))).toBe('─ 3 Pro…');
  });

  it('marks the focused panel inverse and bold, with or without colours', () => {
    expect(titleRow({ ...base, width: 20, focused: true, noColor: true })).toContain('\x1b[1;7m 3 Processes \x1b[0m');
    expect(titleRow({ ...base, width: 20, focused: true, noColor: false })).toContain('\x1b[1;7;36m 3 Processes \x1b[0m');
    const unfocused = titleRow({ ...base, width: 20, focused: false, noColor: false });
    expect(unfocused).toContain('\x1b[1m 3 Processes \x1b[0m');
    expect(unfocused).not.toMatch(/\x1b\[[0-9;]*7[;m]/);
  });

  it('uses no colours under NO_COLOR', () => {
    expect(titleRow({ ...base, extra: 'x', width: 30, focused: true, noColor: true })).not.toMatch(COLOUR);
  });
});

describe('Panel', () => {
  it('draws the title over the content rows, in exactly width x height', () => {
    const { lastFrame } = render(<Panel {...base} extra="2 running" width={30} height={4} rows={['row one', 'row two']} />);
    const lines = plain(lastFrame()).split('\n');
    expect(lines).toEqual(['─ 3 Processes  2 running ─────', 'row one', 'row two', '']);
  });

  it('shows only the rows that fit under the title', () => {
    const rows = Array.from({ length: 10 }, (_, i) => `row ${i}`);
    const { lastFrame } = render(<Panel {...base} width={20} height={3} rows={rows} />);
    expect(plain(lastFrame()).split('\n')).toEqual(['─ 3 Processes ──────', 'row 0', 'row 1']);
  });

  it('follows focus changes', () => {
    const { lastFrame, rerender } = render(<Panel {...base} width={20} height={2} rows={['x']} />);
    // Ink re-encodes the codes as it writes the frame: one escape per attribute
    expect(lastFrame()).not.toMatch(/\x1b\[(\d+;)*7m/);
    rerender(<Panel {...base} focused={true} width={20} height={2} rows={['x']} />);
    expect(lastFrame()).toMatch(/\x1b\[(\d+;)*7m 3 Processes /);
  });

  it('draws a one-row panel as its title alone', () => {
    const { lastFrame } = render(<Panel {...base} index={5} title="Events" width={24} height={1} rows={['hidden']} />);
    expect(plain(lastFrame())).toBe('─ 5 Events ─────────────');
  });
});
