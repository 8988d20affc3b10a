import { describe, expect, it } from 'vitest';
import readahead from '../../../src/services/builtin/readahead.js';

const range = (from: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + i);

describe('sequential readahead', () => {
  const fault = (pid: number, vpn: number) => ({ pid, vpn, write: false, major: false, now: 0 });
  it('prefetches nothing on a first or random fault', () => {
    const s = readahead.init();
    expect(readahead.onFault(s, fault(1, 10))).toEqual([]);
    expect(readahead.onFault(s, fault(1, 50))).toEqual([]);
    expect(readahead.onFault(s, fault(1, 20))).toEqual([]);
  });
  it('doubles the window 4, 8, 16, 32 along a run and caps it at 32', () => {
    const s = readahead.init();
    readahead.onFault(s, fault(1, 10));
    expect(readahead.onFault(s, fault(1, 11))).toEqual(range(12, 4));
    expect(readahead.onFault(s, fault(1, 16))).toEqual(range(17, 8)); // just past the window
    expect(readahead.onFault(s, fault(1, 25))).toEqual(range(26, 16));
    expect(readahead.onFault(s, fault(1, 42))).toEqual(range(43, 32));
    expect(readahead.onFault(s, fault(1, 75))).toEqual(range(76, 32));
  });
  it('keeps the run on a fault inside the prefetched window (a prefetched page evicted before use)', () => {
    const s = readahead.init();
    readahead.onFault(s, fault(1, 10));
    readahead.onFault(s, fault(1, 11)); // prefetched 12..15
    expect(readahead.onFault(s, fault(1, 13))).toEqual(range(14, 8));
  });
  it('ends the run on a jump, and tracks processes separately', () => {
    const s = readahead.init();
    readahead.onFault(s, fault(1, 10));
    readahead.onFault(s, fault(2, 500));
    expect(readahead.onFault(s, fault(1, 11))).toEqual(range(12, 4));
    expect(readahead.onFault(s, fault(2, 501))).toEqual(range(502, 4));
    expect(readahead.onFault(s, fault(1, 9))).toEqual([]); // backwards: random
    expect(readahead.onFault(s, fault(1, 10))).toEqual(range(11, 4)); // a new run starts small
  });
});
