// The layout fills the terminal less one row at any size, gives big terminals' rows to the
// chart, map and log, and makes room for a compile error.
import { describe, expect, it } from 'vitest';
import { layout, type LayoutNeeds } from '../../../src/tui/view/layout.js';

const needs: LayoutNeeds = { processRows: 3, serviceRows: 3, compileRows: 0, headerRows: 2 };

describe('layout', () => {
  for (const [w, h] of [[80, 24], [100, 30], [200, 60], [60, 16], [40, 10]] as const) {
    it(`adds up at ${w}x${h}`, () => {
      const L = layout(w, h, needs);
      expect(L.header + L.top.height + L.middle.height + L.bottom.height + L.footer).toBe(L.height);
      expect(L.height).toBe(Math.max(16, h) - 1);
      expect(L.top.chart + 1 + L.top.map).toBe(L.width);
      expect(L.middle.processes + 1 + L.middle.services).toBe(L.width);
      expect(L.bottom.events + L.bottom.compile).toBe(L.bottom.height);
      if (h >= 24) expect(L.middle.height).toBeGreaterThanOrEqual(5); // title + header + 3 processes
      expect(L.bottom.height).toBeGreaterThanOrEqual(h >= 24 ? 3 : 2);
    });
  }
  it('gives a larger terminal more chart, map and log', () => {
    const small = layout(80, 24, needs), big = layout(160, 50, needs);
    expect(big.top.height).toBeGreaterThan(small.top.height);
    expect(big.top.map).toBeGreaterThan(small.top.map);
    expect(big.bottom.events).toBeGreaterThan(small.bottom.events);
  });
  it('makes room for a compile error, taking the log\'s rows', () => {
    const plain = layout(100, 30, needs);
    const L = layout(100, 30, { ...needs, compileRows: 5 });
    expect(L.bottom.compile).toBe(6);
    expect(L.bottom.events).toBeGreaterThanOrEqual(3);
    expect(L.top.height).toBeLessThan(plain.top.height);
    const tight = layout(80, 24, { ...needs, compileRows: 5 });
    expect(tight.bottom.compile).toBe(6);
    expect(tight.bottom.events).toBe(2);
    expect(tight.top.height).toBe(7);
  });
});
