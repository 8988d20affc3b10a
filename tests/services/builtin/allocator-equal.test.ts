import { describe, expect, it } from 'vitest';
import equal from '../../../src/services/builtin/allocator-equal.js';

const p = (pid: number) => ({ pid, resident: 0, faults: 0, instructions: 0, quota: 0 });

describe('equal allocator', () => {
  it('splits the frames evenly, the remainder to the lowest pids', () => {
    expect(equal.quotas(null, { totalFrames: 10, now: 0, processes: [p(3), p(1), p(2)] })).toEqual({ 1: 4, 2: 3, 3: 3 });
    expect(equal.quotas(null, { totalFrames: 12, now: 0, processes: [p(7), p(5)] })).toEqual({ 5: 6, 7: 6 });
  });
  it('answers an empty object when there are no processes', () => {
    expect(equal.quotas(null, { totalFrames: 12, now: 0, processes: [] })).toEqual({});
  });
});
