import { describe, expect, it } from 'vitest';
import pff from '../../../src/services/builtin/allocator-pff.js';
import type { ProcessUsage } from '../../../src/services/protocol.js';

const proc = (pid: number, quota: number, faultsPerM: number, instructions = 1_000_000): ProcessUsage =>
  ({ pid, resident: quota, quota, instructions, faults: (faultsPerM * instructions) / 1e6 });
const run = (totalFrames: number, processes: ProcessUsage[]) => pff.quotas(pff.init({ totalFrames }), { totalFrames, now: 0, processes });
const sum = (q: Record<number, number>): number => Object.values(q).reduce((a, b) => a + b, 0);

describe('pff allocator', () => {
  it('grows by 25% above the band, shrinks by 10% below it, keeps the quota inside', () => {
    expect(run(1000, [proc(1, 100, 1000), proc(2, 100, 0), proc(3, 50, 100)])).toEqual({ 1: 125, 2: 90, 3: 50 });
  });
  it('never goes below 8 frames', () => {
    expect(run(1000, [proc(1, 8, 0), proc(2, 9, 0)])).toEqual({ 1: 8, 2: 8 });
  });
  it('keeps the quota when the process ran no instructions; newcomers start from an equal share', () => {
    expect(run(100, [proc(1, 40, 0, 0), { pid: 2, resident: 0, quota: 0, faults: 0, instructions: 0 }])).toEqual({ 1: 40, 2: 50 });
  });
  it('never hands out more than totalFrames: growers share what the others leave', () => {
    const q = run(200, [proc(1, 100, 1000), proc(2, 100, 0), proc(3, 50, 100)]);
    expect(q).toEqual({ 1: 60, 2: 90, 3: 50 });
    expect(sum(q)).toBeLessThanOrEqual(200);
  });
  it('scales everyone down when even the others do not fit', () => {
    const q = run(100, [proc(1, 80, 1000), proc(2, 80, 100), proc(3, 80, 100)]);
    expect(sum(q)).toBeLessThanOrEqual(100);
    for (const v of Object.values(q)) expect(v).toBeGreaterThanOrEqual(8);
  });
  it('gives equal shares when there are more processes than totalFrames / 8', () => {
    const procs = Array.from({ length: 30 }, (_, i) => proc(i + 1, 8, 100));
    const q = run(100, procs);
    expect(new Set(Object.values(q))).toEqual(new Set([3]));
  });
});
