// Short number forms keep the tables aligned.
import { describe, expect, it } from 'vitest';
import { displayPath, micros, short, speedLabel } from '../../../src/tui/view/format.js';
import { markerLabel, niceCeil } from '../../../src/tui/view/chart.js';

describe('format', () => {
  it('short numbers', () => {
    expect([0, 7.25, 42, 999, 1000, 1234, 9949, 12_345, 999_499, 999_999, 1_500_000, 123_456_789, 1_234_567_890, 98_700_000_000].map(short))
      .toEqual(['0', '7.3', '42', '999', '1.0k', '1.2k', '9.9k', '12k', '999k', '1.0M', '1.5M', '123M', '1.23G', '98.7G']);
    expect(short(Infinity)).toBe('∞');
  });
  it('durations, speeds and paths', () => {
    expect([0.5, 3.25, 42, 1500, 25_000].map(micros)).toEqual(['0.50µs', '3.3µs', '42µs', '1.5ms', '25ms']);
    expect(speedLabel(Infinity)).toBe('max');
    expect(speedLabel(5e6)).toBe('5.0M instr/s');
    expect(displayPath('/a/b/milklab-work/p.ts', '/a/b')).toBe('milklab-work/p.ts');
    expect(displayPath('/elsewhere/p.ts', '/a/b')).toBe('/elsewhere/p.ts');
    expect(displayPath('clock', '/a')).toBe('clock');
  });
  it('chart scale and marker labels', () => {
    expect([0, 0.7, 1, 4.2, 5.4, 130, 999].map(niceCeil)).toEqual([1, 0.8, 1, 5, 6, 150, 1000]);
    expect(markerLabel({ instructions: 1, kind: 'swap', label: 'v2 clock', before: 4400, after: 1200 })).toBe('v2 clock 4.4k→1.2k');
    expect(markerLabel({ instructions: 1, kind: 'rollback', label: 'v1', before: 10 })).toBe('rollback→v1 10→…');
  });
});
