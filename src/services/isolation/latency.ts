// A rolling window of call durations (the last N round trips) and its percentiles.

export interface LatencySummary {
  /** Median round trip over the window, microseconds. */
  p50Us: number;
  p99Us: number;
  /** Round trips measured since the start (not only those in the window). */
  calls: number;
}

export class LatencyWindow {
  private readonly samples: Float64Array;
  private count = 0;

  /** A window of the last `size` samples. */
  constructor(size = 4096) {
    this.samples = new Float64Array(size);
  }

  /** Records one duration in microseconds. */
  add(us: number): void {
    this.samples[this.count++ % this.samples.length] = us;
  }

  /** Percentiles over the window (zeros when nothing was measured). */
  summary(): LatencySummary {
    const n = Math.min(this.count, this.samples.length);
    if (n === 0) return { p50Us: 0, p99Us: 0, calls: 0 };
    const s = this.samples.slice(0, n).sort();
    const at = (q: number): number => s[Math.min(n - 1, Math.floor(q * n))]!;
    return { p50Us: at(0.5), p99Us: at(0.99), calls: this.count };
  }
}
