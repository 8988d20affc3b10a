// The fault-rate chart as rows: exactly height rows of width cells (the 80x24 panel included), the
// y scale from the total's peak, end labels per series, marker ticks and labels on the time axis,
// the waiting / too-small messages, and no colours under NO_COLOR.
import { describe, expect, it } from 'vitest';
import type { Marker } from '../../../src/session/telemetry.js';
import { chartView, markerLabel, niceCeil } from '../../../src/tui/view/chart.js';
import { layout } from '../../../src/tui/view/layout.js';
import { stripSgr, visibleLength } from '../../../src/tui/view/style.js';
import { series } from '../helpers.js';

const COLOUR = /\x1b\[[0-9;]*(3[0-7]|90)m/;
/** 40 samples: total 800 then 200 (pid 1: 500 → 100, pid 2: 300 → 100). */
const thrash = series(40, (i) => (i < 20 ? 800 : 200), (i) => ({ 1: i < 20 ? 500 : 100, 2: i < 20 ? 300 : 100 }));
const swap: Marker = { instructions: 21_000_000, kind: 'swap', label: 'v2 clock', before: 800, after: 200 };

/** The mark drawn at the right end of a plot row ('' when none). */
const endMark = (row: string): string => stripSgr(row).slice(-1).trim();

describe('chartView', () => {
  it('fills the 80x24 chart panel exactly: height rows of width cells', () => {
    const L = layout(80, 24, { processRows: 3, serviceRows: 3, compileRows: 0, headerRows: 2 });
    const width = L.top.chart, height = L.top.height - 1; // the panel's title row is not the chart's
    const v = chartView({ series: thrash, markers: [swap], width, height, noColor: true });
    expect(v.rows).toHaveLength(height);
    for (const r of v.rows) expect(visibleLength(r)).toBe(width);
    expect(v.rows.join('\n')).toMatch(/[\u2801-\u28ff]/);
  });

  it('has exactly the requested size at other sizes too', () => {
    for (const [width, height] of [[30, 5], [49, 7], [120, 20]] as const) {
      const v = chartView({ series: thrash, markers: [swap], width, height, noColor: false });
      expect(v.rows).toHaveLength(height);
      for (const r of v.rows) expect(visibleLength(r)).toBe(width);
    }
  });

  it('scales y to a round number above the total\'s peak and labels the top row', () => {
    const v = chartView({ series: thrash, markers: [], width: 60, height: 10, noColor: true });
    const rows = v.rows.map(stripSgr);
    expect(rows[0]).toMatch(/^ 1\.0k┤/); // peak 800 (×1.05) → 1000
    expect(rows.slice(0, -2).every((r) => /^.{5}[┤│]/.test(r))).toBe(true); // a 5-cell y label column
    expect(rows[3]).toMatch(/^ {2}563┤/); // the middle row's value: 1000 × (1 - 3.5/8)
    const flat = chartView({ series: series(10, () => 40), markers: [], width: 60, height: 10, noColor: true });
    expect(stripSgr(flat.rows[0]!)).toMatch(/^ {3}50┤/); // 42 → 50
  });

  it('labels the right end of each series: the total (*) and a letter per process', () => {
    const v = chartView({ series: thrash, markers: [], width: 60, height: 10, noColor: true });
    const ends = v.rows.slice(0, -2).map(endMark).filter((m) => m !== '');
    expect(ends.sort()).toEqual(['*', 'a', 'b']);
  });

  it('draws only the total when perProcess is false', () => {
    const v = chartView({ series: thrash, markers: [], width: 60, height: 10, noColor: true, perProcess: false });
    expect(v.rows.slice(0, -2).map(endMark).filter((m) => m !== '')).toEqual(['*']);
  });

  it('leaves out the end label of a process that has ended', () => {
    // pid 2 stops reporting halfway; the total keeps going
    const s = series(40, () => 300, (i): Record<number, number> => (i < 20 ? { 1: 100, 2: 200 } : { 1: 300 }));
    const v = chartView({ series: s, markers: [], width: 60, height: 10, noColor: true });
    const ends = v.rows.slice(0, -2).map(endMark).filter((m) => m !== '');
    expect(ends.sort()).toEqual(['*', 'a']);
  });

  it('ticks each marker on the time axis under its label, with the window\'s ends', () => {
    const v = chartView({ series: thrash, markers: [swap], width: 70, height: 10, noColor: true });
    const axis = stripSgr(v.rows.at(-2)!), labels = stripSgr(v.rows.at(-1)!);
    expect(axis).toMatch(/^ {4}0└[─┴]+ {2}$/);
    expect(axis.match(/┴/g)).toHaveLength(1);
    expect(labels.indexOf('▲v2 clock 800→200')).toBe(axis.indexOf('┴'));
    expect(labels).toMatch(/^ {5}1\.0M instr/);
    expect(labels.trimEnd().endsWith('40M')).toBe(true);
  });

  it('does not tick markers outside the window', () => {
    const old: Marker = { instructions: 500_000, kind: 'rollback', label: 'v1', before: 10, after: 20 };
    const later: Marker = { instructions: 99_000_000, kind: 'swap', label: 'v3 aging' };
    const v = chartView({ series: thrash, markers: [old, later], width: 70, height: 10, noColor: true });
    expect(stripSgr(v.rows.at(-2)!)).not.toContain('┴');
    expect(stripSgr(v.rows.at(-1)!)).not.toContain('▲');
    // the summary still names the latest marker
    expect(v.summary).toBe('swap v3 aging …→… faults/M');
  });

  it('keeps marker labels from overlapping: the latest wins', () => {
    const a: Marker = { instructions: 20_000_000, kind: 'swap', label: 'v2 clock', before: 800, after: 200 };
    const b: Marker = { instructions: 21_000_000, kind: 'rollback', label: 'v1', before: 200, after: 800 };
    const v = chartView({ series: thrash, markers: [a, b], width: 70, height: 10, noColor: true });
    const labels = stripSgr(v.rows.at(-1)!);
    expect(labels).toContain('▲rollback→v1 200→800');
    expect(labels).not.toContain('v2 clock');
    expect(stripSgr(v.rows.at(-2)!).match(/┴/g)!.length).toBeGreaterThanOrEqual(1);
  });

  it('summarises the latest marker for the panel title, or nothing', () => {
    expect(chartView({ series: thrash, markers: [swap], width: 60, height: 10, noColor: true }).summary).toBe('swap v2 clock 800→200 faults/M');
    expect(chartView({ series: thrash, markers: [], width: 60, height: 10, noColor: true }).summary).toBe('');
  });

  it('waits for two samples, saying so in the middle row', () => {
    const v = chartView({ series: series(1, () => 5), markers: [swap], width: 50, height: 6, noColor: true });
    expect(v.rows).toHaveLength(6);
    expect(v.rows[3]).toContain('collecting samples');
    for (const r of v.rows) expect(r).toHaveLength(50);
    expect(v.rows.filter((r) => r.trim() !== '')).toHaveLength(1);
    expect(v.summary).toContain('v2 clock');
  });

  it('says when the area is too small for a chart', () => {
    const v = chartView({ series: thrash, markers: [], width: 12, height: 5, noColor: true });
    expect(v.rows).toHaveLength(5);
    expect(v.rows.join('')).toContain('too sm');
    for (const r of v.rows) expect(r).toHaveLength(12);
    expect(chartView({ series: thrash, markers: [], width: 60, height: 2, noColor: true }).rows.join('')).toContain('too small for a chart');
  });

  it('uses no colours under NO_COLOR, and colours otherwise', () => {
    const mono = chartView({ series: thrash, markers: [swap], width: 60, height: 10, noColor: true }).rows.join('\n');
    const colour = chartView({ series: thrash, markers: [swap], width: 60, height: 10, noColor: false }).rows.join('\n');
    expect(mono).not.toMatch(COLOUR);
    expect(colour).toMatch(/\x1b\[[0-9;]*32m/); // the swap marker is green
    expect(colour).toMatch(/\x1b\[[0-9;]*36m/); // pid 1 is cyan
    expect(stripSgr(mono)).toBe(stripSgr(colour)); // the same picture either way
  });
});

describe('markerLabel and niceCeil', () => {
  it('names fallbacks and shows unknown rates as …', () => {
    expect(markerLabel({ instructions: 1, kind: 'fallback', label: 'v1' })).toBe('fallback→v1 …→…');
    expect(markerLabel({ instructions: 1, kind: 'swap', label: 'v4 s3fifo', before: 12_345, after: 7.5 })).toBe('v4 s3fifo 12k→7.5');
  });
  it('rounds up to 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^k and never below the value', () => {
    expect([1.1, 2.1, 2.6, 3.5, 6.5, 8.5, 12_000, 0.03].map(niceCeil)).toEqual([1.2, 2.5, 3, 4, 8, 10, 12_000, 0.03]);
    for (const v of [0.013, 0.5, 7, 33, 101, 4321, 99_999]) expect(niceCeil(v)).toBeGreaterThanOrEqual(v);
    expect(niceCeil(-5)).toBe(1);
    expect(niceCeil(Number.NaN)).toBe(1);
  });
});
