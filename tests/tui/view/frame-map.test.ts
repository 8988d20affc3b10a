// The frame map as rows: exactly width x height cells, glyphs that carry the state without colour
// (· ░ a A), bold/dim/underline for referenced/unreferenced/pinned kept under NO_COLOR, majority
// cells that take the flags of the majority owner only, and the counts.
import { describe, expect, it } from 'vitest';
import { cellOf, frameMapView } from '../../../src/tui/view/frame-map.js';
import { layout } from '../../../src/tui/view/layout.js';
import { stripSgr, visibleLength } from '../../../src/tui/view/style.js';
import { frames } from '../helpers.js';

const COLOUR = /\x1b\[[0-9;]*(3[0-7]|90)m/;

describe('frameMapView', () => {
  it('fills exactly width x height cells, blank past the last frame', () => {
    const v = frameMapView(frames(10, (f) => (f % 2 ? 1 : 0)), 8, 3, true);
    expect(v.rows).toHaveLength(3);
    for (const r of v.rows) expect(visibleLength(r)).toBe(8);
    expect(v.rows.map(stripSgr)).toEqual(['·a·a·a·a', '·a      ', '        ']);
  });

  it('fits the 80x24 map panel: 64 frames one per cell, a larger memory grouped', () => {
    const L = layout(80, 24, { processRows: 3, serviceRows: 3, compileRows: 0, headerRows: 2 });
    const w = L.top.map, h = L.top.height - 2; // title and legend rows
    const small = frameMapView(frames(64, () => 1), w, h, true);
    expect(small.perCell).toBe(Math.max(1, Math.ceil(64 / (w * h))));
    const big = frameMapView(frames(4096, () => 2), w, h, true);
    expect(big.perCell).toBe(Math.ceil(4096 / (w * h)));
    expect(big.perCell).toBeGreaterThan(1);
    for (const v of [small, big]) {
      expect(v.rows).toHaveLength(h);
      for (const r of v.rows) expect(visibleLength(r)).toBe(w);
    }
    expect(big.rows.map(stripSgr).join('')).toMatch(/^b+ *$/);
  });

  it('keeps bold (referenced), dim (not referenced) and underline (pinned) under NO_COLOR, without colours', () => {
    const fm = frames(3, () => 1, (f) => ({ referenced: f === 0, pinned: f === 2 }));
    const v = frameMapView(fm, 3, 1, true);
    expect(v.rows[0]).toBe('\x1b[1ma\x1b[0m\x1b[2ma\x1b[0m\x1b[2;4ma\x1b[0m');
    expect(v.rows[0]).not.toMatch(COLOUR);
  });

  it('colours cells by owner and ballooned frames gray when colours are allowed', () => {
    const v = frameMapView(frames(3, (f) => [1, 2, -1][f]!, () => ({ referenced: true })), 3, 1, false);
    expect(v.rows[0]).toBe('\x1b[1;36ma\x1b[0m\x1b[1;35mb\x1b[0m\x1b[90m░\x1b[0m');
    expect(stripSgr(frameMapView(frames(3, (f) => [1, 2, -1][f]!), 3, 1, true).rows[0]!)).toBe('ab░');
  });

  it('counts free, ballooned and owned frames, and dirty/referenced among the owned only', () => {
    const fm = frames(6, (f) => [0, 0, -1, 1, 2, 2][f]!, (f) => ({ dirty: f !== 4, referenced: f !== 3 }));
    expect(frameMapView(fm, 6, 1, true).counts).toEqual({ free: 2, ballooned: 1, owned: 3, dirty: 2, referenced: 2 });
  });

  it('draws an empty memory as blank rows', () => {
    const v = frameMapView([], 5, 2, true);
    expect(v.rows).toEqual(['     ', '     ']);
    expect(v.counts).toEqual({ free: 0, ballooned: 0, owned: 0, dirty: 0, referenced: 0 });
  });
});

describe('cellOf', () => {
  it('shows the majority owner, upper case when any of its frames is dirty', () => {
    const fm = frames(5, (f) => [2, 2, 2, 1, 0][f]!, (f) => ({ dirty: f === 1 }));
    expect(cellOf(fm, 0, 5).ch).toBe('B');
    expect(cellOf(fm, 2, 5).ch).toBe('b'); // 1:1:1 — the first owner seen wins over free
  });

  it('takes the flags from the majority owner\'s frames only', () => {
    // pid 1 holds two clean, unreferenced frames; pid 2's one frame is dirty, referenced, pinned
    const fm = frames(3, (f) => [1, 1, 2][f]!, (f) => (f === 2 ? { dirty: true, referenced: true, pinned: true } : {}));
    expect(cellOf(fm, 0, 3)).toEqual({ ch: 'a', st: { fg: 'cyan', bold: false, dim: true, underline: false } });
  });

  it('prefers an owner to free or ballooned frames on a tie', () => {
    expect(cellOf(frames(2, (f) => [0, 3][f]!), 0, 2).ch).toBe('c');
    expect(cellOf(frames(2, (f) => [-1, 3][f]!), 0, 2).ch).toBe('c');
    expect(cellOf(frames(2, (f) => [-1, -1][f]!), 0, 2)).toEqual({ ch: '░', st: { fg: 'gray' } });
  });

  it('wraps owner letters after z, keeping case for dirty', () => {
    expect(cellOf(frames(1, () => 27), 0, 1).ch).toBe('a');
    expect(cellOf(frames(1, () => 28, () => ({ dirty: true })), 0, 1).ch).toBe('B');
  });
});
