// useThroughput: instructions per wall second from successive instruction counts, smoothed
// (60% old, 40% new), ignoring renders closer than 50 ms, and dropping to 0 once the count has
// stood still for over a second. The wall clock (performance.now) is a controlled fake here.
import { Text } from 'ink';
import { render } from 'ink-testing-library';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useThroughput } from '../../../src/tui/hooks/use-throughput.js';

let now = 0;
beforeEach(() => {
  now = 10_000;
  vi.spyOn(performance, 'now').mockImplementation(() => now);
});
afterEach(() => { vi.restoreAllMocks(); });

function Probe({ instructions }: { instructions: number }): ReactNode {
  return <Text>{`ips=${Math.round(useThroughput(instructions))}`}</Text>;
}

/** Renders the probe at `instructions`, advancing the clock by `ms` before each step. */
function meter(start: number) {
  const app = render(<Probe instructions={start} />);
  return {
    app,
    step(ms: number, instructions: number): number {
      now += ms;
      app.rerender(<Probe instructions={instructions} />);
      return Number(/ips=(\d+)/.exec(app.lastFrame() ?? '')![1]);
    },
  };
}

describe('useThroughput', () => {
  it('is 0 before the count has moved', () => {
    const m = meter(5_000_000);
    expect(m.app.lastFrame()).toBe('ips=0');
    expect(m.step(500, 5_000_000)).toBe(0);
    m.app.unmount();
  });

  it('measures the first interval as it is, then smooths 60/40', () => {
    const m = meter(0);
    expect(m.step(100, 1_000_000)).toBe(10_000_000); // 1M in 0.1 s
    expect(m.step(100, 2_000_000)).toBe(10_000_000);
    expect(m.step(100, 4_000_000)).toBe(14_000_000); // 0.6 × 10M + 0.4 × 20M
    expect(m.step(200, 4_000_000 + 200_000)).toBe(8_800_000); // 0.6 × 14M + 0.4 × 1M
    m.app.unmount();
  });

  it('ignores renders less than 50 ms apart, measuring from the last point taken', () => {
    const m = meter(0);
    expect(m.step(100, 1_000_000)).toBe(10_000_000);
    expect(m.step(20, 9_000_000)).toBe(10_000_000); // too soon: unchanged
    expect(m.step(30, 9_000_000)).toBe(10_000_000);
    // now 150 ms after the last point with 8M more: 53.3M/s, smoothed with 10M
    expect(m.step(100, 9_000_000)).toBe(Math.round(0.6 * 10_000_000 + 0.4 * (8_000_000 / 0.15)));
    m.app.unmount();
  });

  it('keeps the last value while the count stands still up to a second, then reads 0', () => {
    const m = meter(0);
    expect(m.step(100, 2_000_000)).toBe(20_000_000);
    expect(m.step(600, 2_000_000)).toBe(20_000_000);
    expect(m.step(300, 2_000_000)).toBe(20_000_000); // 0.9 s still
    expect(m.step(200, 2_000_000)).toBe(0); // 1.1 s still: paused or finished
    expect(m.step(100, 3_000_000)).toBe(10_000_000); // starts again from scratch
    m.app.unmount();
  });
});
