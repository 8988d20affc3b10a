// The palette: one letter and one colour per process (cycling, pid < 1 treated as pid 1), a total
// mark no process letter can take, and a distinct colour per marker kind.
import { describe, expect, it } from 'vitest';
import { MARKER_COLOR, pidColor, pidLetter, TOTAL_COLOR, TOTAL_MARK } from '../../../src/tui/view/palette.js';

describe('palette', () => {
  it('gives pids 1..6 six different colours, then cycles', () => {
    const first = [1, 2, 3, 4, 5, 6].map(pidColor);
    expect(first).toEqual(['cyan', 'magenta', 'yellow', 'green', 'blue', 'red']);
    expect(new Set(first).size).toBe(6);
    expect([7, 8, 13].map(pidColor)).toEqual(['cyan', 'magenta', 'cyan']);
  });

  it('gives pids lower-case letters a..z, then cycles (upper case is the frame map\'s dirty bit)', () => {
    expect([1, 2, 26].map(pidLetter)).toEqual(['a', 'b', 'z']);
    expect([27, 28, 53].map(pidLetter)).toEqual(['a', 'b', 'a']);
    for (let pid = 1; pid <= 60; pid++) expect(pidLetter(pid)).toMatch(/^[a-z]$/);
  });

  it('treats a pid below 1 like pid 1 instead of producing a non-letter', () => {
    expect(pidLetter(0)).toBe('a');
    expect(pidLetter(-5)).toBe('a');
    expect(pidColor(0)).toBe('cyan');
    expect(pidColor(-3)).toBe('cyan');
  });

  it('keeps the total series distinguishable from every process without colour', () => {
    for (let pid = 1; pid <= 26; pid++) {
      expect(pidLetter(pid)).not.toBe(TOTAL_MARK);
      expect(pidLetter(pid).toUpperCase()).not.toBe(TOTAL_MARK);
    }
    expect(TOTAL_MARK).toHaveLength(1);
    expect(TOTAL_COLOR).toBe('white');
  });

  it('colours swaps, rollbacks and fallbacks differently', () => {
    expect(MARKER_COLOR).toEqual({ swap: 'green', rollback: 'red', fallback: 'yellow' });
    expect(new Set(Object.values(MARKER_COLOR)).size).toBe(3);
  });
});
