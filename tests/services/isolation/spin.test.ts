// The adaptive spin of both sides of the channel, and the latency window.
import { describe, expect, it } from 'vitest';
import { LatencyWindow } from '../../../src/services/isolation/latency.js';
import { SpinPolicy } from '../../../src/services/isolation/spin.js';

describe('SpinPolicy', () => {
  it('halves on misses down to 0, then probes every PROBE_EVERY waits, and grows back on hits', () => {
    const s = new SpinPolicy(50);
    expect(s.next()).toBe(50);
    for (let i = 0; i < 10; i++) s.miss();
    expect(s.next()).toBe(0);
    const probes = Array.from({ length: SpinPolicy.PROBE_EVERY * 2 }, () => s.next()).filter((x) => x > 0);
    expect(probes).toEqual([SpinPolicy.PROBE_US, SpinPolicy.PROBE_US]);
    s.hit();
    expect(s.next()).toBe(SpinPolicy.PROBE_US);
    for (let i = 0; i < 10; i++) s.hit();
    expect(s.next()).toBe(50);
  });
  it('never spins with a maximum of 0', () => {
    const s = new SpinPolicy(0);
    s.hit();
    expect(Array.from({ length: 300 }, () => s.next()).every((x) => x === 0)).toBe(true);
  });
});

describe('LatencyWindow', () => {
  it('gives percentiles over the last N samples and counts all', () => {
    const w = new LatencyWindow(100);
    expect(w.summary()).toEqual({ p50Us: 0, p99Us: 0, calls: 0 });
    for (let i = 0; i < 100; i++) w.add(1000); // pushed out below
    for (let i = 1; i <= 100; i++) w.add(i);
    expect(w.summary()).toEqual({ p50Us: 51, p99Us: 100, calls: 200 });
  });
});
