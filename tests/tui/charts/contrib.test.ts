// The blessed-contrib adapter: braille rows of the exact size, colours as compact runs (none with
// NO_COLOR), gaps, rules, the speed the UI's 10 Hz budget needs, and the sparkline.
import { describe, expect, it } from 'vitest';
import { lineChart, PIXELS, sparkline } from '../../../src/tui/charts/contrib.js';
import { stripSgr } from '../../../src/tui/view/style.js';

const ramp = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('lineChart', () => {
  it('draws rows of exactly cols braille cells', () => {
    const rows = lineChart({ cols: 20, rows: 4, yMax: 39, series: [{ values: ramp(40), color: 'red' }], noColor: false });
    expect(rows).toHaveLength(4);
    for (const r of rows) expect(stripSgr(r)).toHaveLength(20);
    // A rising line: the bottom-left and top-right cells are inked, the top-left is blank.
    expect(stripSgr(rows[3]!)[0]).not.toBe(' ');
    expect(stripSgr(rows[0]!)[19]).not.toBe(' ');
    expect(stripSgr(rows[0]!)[0]).toBe(' ');
    expect(rows.join('')).toContain('\x1b[31m');
  });
  it('merges a run of same-coloured cells into one escape sequence', () => {
    const flat = lineChart({ cols: 10, rows: 1, yMax: 1, series: [{ values: new Array(20).fill(0.5), color: 'green' }], noColor: false });
    expect(flat[0]!.match(/\x1b\[32m/g)).toHaveLength(1);
  });
  it('draws no colours with NO_COLOR', () => {
    const rows = lineChart({ cols: 10, rows: 2, yMax: 10, series: [{ values: ramp(20), color: 'red' }], rules: [{ x: 5, color: 'green' }], noColor: true });
    expect(rows.join('')).not.toMatch(/\x1b\[[0-9;]*m/);
    expect(rows.join('')).toMatch(/[\u2801-\u28ff]/);
  });
  it('joins across columns without samples, breaks at NaN gaps', () => {
    const sparse: (number | undefined)[] = new Array(40).fill(undefined);
    sparse[0] = 5; sparse[39] = 5;
    const joined = stripSgr(lineChart({ cols: 20, rows: 1, yMax: 10, series: [{ values: sparse }], noColor: true })[0]!);
    expect(joined.trim()).toHaveLength(20);
    sparse[20] = NaN;
    const broken = stripSgr(lineChart({ cols: 20, rows: 1, yMax: 10, series: [{ values: sparse }], noColor: true })[0]!);
    expect(broken.replace(/ /g, '')).toHaveLength(2); // two lone points
  });
  it('draws a dashed vertical rule at a pixel column', () => {
    const rows = lineChart({ cols: 10, rows: 3, yMax: 1, series: [], rules: [{ x: 3 * PIXELS.x, color: 'green' }], noColor: true });
    expect(rows.filter((r) => r[3] !== ' ').length).toBeGreaterThanOrEqual(2);
    expect(rows.every((r) => r.replace(/ /g, '').length <= 1)).toBe(true);
  });
  it('renders an 80x10 chart with four series in well under 10 ms', () => {
    const series = [0, 1, 2, 3].map((k) => ({ values: Array.from({ length: 160 }, (_, i) => 500 + 400 * Math.sin((i + k * 9) / 7)), color: (['red', 'green', 'yellow', 'white'] as const)[k] }));
    lineChart({ cols: 80, rows: 10, yMax: 1000, series, noColor: false }); // warm up
    const n = 50;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) lineChart({ cols: 80, rows: 10, yMax: 1000, series, rules: [{ x: 40 }], noColor: false });
    const ms = (performance.now() - t0) / n;
    expect(ms).toBeLessThan(5);
  });
});

describe('sparkline', () => {
  it('uses blessed-contrib\'s sparkline ticks, one per value', () => {
    const s = sparkline([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(s).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([])).toBe('');
    expect(sparkline([3, 3])).toHaveLength(2);
  });
});
