// Row styling: the NO_COLOR convention, SGR codes (colours dropped under NO_COLOR, attributes
// kept), merging of same-style runs, and cutting rows and strings to a width.
import { describe, expect, it } from 'vitest';
import { clampRow, cut, fit, noColorFrom, paint, RowBuilder, stripSgr, visibleLength } from '../../../src/tui/view/style.js';

describe('noColorFrom', () => {
  it('is on for any non-empty NO_COLOR, off when unset or empty', () => {
    expect(noColorFrom({})).toBe(false);
    expect(noColorFrom({ NO_COLOR: '' })).toBe(false);
    expect(noColorFrom({ NO_COLOR: '1' })).toBe(true);
    expect(noColorFrom({ NO_COLOR: '0' })).toBe(true); // the value does not matter, only presence
    expect(noColorFrom({ TERM: 'xterm', FORCE_COLOR: '1' })).toBe(false);
  });
});

describe('paint', () => {
  it('wraps text in the style\'s SGR codes and a reset', () => {
    expect(paint('hi', { fg: 'red' }, false)).toBe('\x1b[31mhi\x1b[0m');
    expect(paint('hi', { bold: true, dim: true, underline: true, inverse: true, fg: 'gray' }, false)).toBe('\x1b[1;2;4;7;90mhi\x1b[0m');
  });
  it('drops colours but keeps attributes under NO_COLOR', () => {
    expect(paint('hi', { fg: 'red', bold: true }, true)).toBe('\x1b[1mhi\x1b[0m');
    expect(paint('hi', { fg: 'cyan', inverse: true }, true)).toBe('\x1b[7mhi\x1b[0m');
    expect(paint('hi', { fg: 'red' }, true)).toBe('hi');
  });
  it('returns plain text when there is nothing to apply, and nothing for empty text', () => {
    expect(paint('hi', {}, false)).toBe('hi');
    expect(paint('hi', { fg: undefined, bold: false }, false)).toBe('hi');
    expect(paint('', { fg: 'red', bold: true }, false)).toBe('');
  });
});

describe('RowBuilder', () => {
  it('merges neighbours of the same style into one escape run', () => {
    const row = new RowBuilder(false).add('a', { fg: 'red' }).add('b', { fg: 'red' }).add('c', { fg: 'green' }).add('d').done();
    expect(row).toBe('\x1b[31mab\x1b[0m\x1b[32mc\x1b[0md');
  });
  it('merges runs that differ only in colour under NO_COLOR', () => {
    const row = new RowBuilder(true).add('a', { fg: 'red' }).add('b', { fg: 'green' }).add('c', { fg: 'blue', bold: true }).done();
    expect(row).toBe('ab\x1b[1mc\x1b[0m');
  });
  it('keeps the visible text in order, whatever the styles', () => {
    const b = new RowBuilder(false);
    const parts = ['x', 'yy', '', 'z', ' ', 'w'];
    const styles = [{ bold: true }, {}, { fg: 'red' as const }, { fg: 'red' as const }, { dim: true }, { bold: true }];
    parts.forEach((p, i) => b.add(p, styles[i]));
    expect(stripSgr(b.done())).toBe(parts.join(''));
    expect(new RowBuilder(false).done()).toBe('');
  });
});

describe('stripSgr and visibleLength', () => {
  it('count only visible cells', () => {
    const row = '\x1b[1;31mab\x1b[0mc\x1b[2md\x1b[0m';
    expect(stripSgr(row)).toBe('abcd');
    expect(visibleLength(row)).toBe(4);
    expect(visibleLength('')).toBe(0);
  });
});

describe('clampRow', () => {
  it('leaves a row that fits untouched', () => {
    const row = '\x1b[31mabc\x1b[0mde';
    expect(clampRow(row, 5)).toBe(row);
    expect(clampRow(row, 9)).toBe(row);
  });
  it('cuts a long row to width visible cells, keeping its escape codes and resetting after the cut', () => {
    const row = new RowBuilder(false).add('abc', { fg: 'red' }).add('def', { bold: true }).add('ghi').done();
    const c = clampRow(row, 4);
    expect(stripSgr(c)).toBe('abcd');
    expect(c.startsWith('\x1b[31mabc\x1b[0m\x1b[1md')).toBe(true);
    expect(c.endsWith('\x1b[0m')).toBe(true);
    expect(visibleLength(clampRow('x'.repeat(100), 80))).toBe(80);
  });
  it('cuts to nothing visible at width 0', () => {
    expect(visibleLength(clampRow('abc', 0))).toBe(0);
  });
});

describe('cut and fit', () => {
  it('cut shortens with an ellipsis, never beyond n columns', () => {
    expect(cut('abcdef', 10)).toBe('abcdef');
    expect(cut('abcdef', 6)).toBe('abcdef');
    expect(cut('abcdef', 4)).toBe('abc…');
    expect(cut('abcdef', 1)).toBe('…');
    expect(cut('abcdef', 0)).toBe('');
    expect(cut('abcdef', -3)).toBe('');
  });
  it('fit pads or cuts to exactly n columns', () => {
    expect(fit('ab', 5)).toBe('ab   ');
    expect(fit('abcdef', 4)).toBe('abc…');
    expect(fit('abcdef', 1)).toBe('…');
    expect(fit('abc', 3)).toBe('abc');
    expect(fit('abc', 0)).toBe('');
    for (const n of [1, 2, 7, 80]) expect(fit('some text', n)).toHaveLength(n);
  });
});
