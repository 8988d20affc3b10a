// How long to spin before sleeping on a shared-memory word, on either side of the channel.
// Spinning answers in well under a microsecond when the other thread runs on another core and
// keeps the spinning core from idling (waking an idle core, under virtualisation especially,
// costs tens of microseconds); when both threads share one core (a loaded machine), a spin only
// delays the other thread. So both sides adapt.
// The worker (SpinPolicy): after an answer it spins for a follow-up request; a request caught
// while spinning doubles the spin (up to a maximum), a spin that caught nothing halves it (down
// to 0); at 0, every PROBE_EVERY-th answer tries a short probe spin, so spinning comes back when
// it pays again — while the kernel runs between faults, the worker sleeps.
// The caller (SpinChooser): it is blocked on the answer anyway; it picks, by measured round
// trips, between spinning SPIN_US and sleeping at once.

/** The worker's spin after an answer (see the header). */
export class SpinPolicy {
  static readonly PROBE_US = 4;
  static readonly PROBE_EVERY = 128;
  private cur: number;
  private readonly maxUs: number;
  private answers = 0;

  /** Starts at `maxUs`. */
  constructor(maxUs: number) {
    this.maxUs = Math.max(0, maxUs);
    this.cur = this.maxUs;
  }

  /** The spin (µs) to use for the next wait. */
  next(): number {
    if (this.cur > 0 || this.maxUs === 0) return this.cur;
    return ++this.answers % SpinPolicy.PROBE_EVERY === 0 ? Math.min(this.maxUs, SpinPolicy.PROBE_US) : 0;
  }

  /** What was waited for came while spinning. */
  hit(): void { this.cur = Math.min(this.maxUs, Math.max(SpinPolicy.PROBE_US, this.cur * 2)); }

  /** A spin ended without it. */
  miss(): void { this.cur = this.cur < 2 ? 0 : this.cur / 2; }
}


/**
 * The caller's side: it is blocked on the answer anyway, so the only question is whether spinning
 * (rather than sleeping at once) gives faster answers on this machine right now. Two arms — sleep
 * at once, or spin up to `maxUs` — each with a moving average of the round trips it gave; the
 * better arm is used, the other tried every EXPLORE_EVERY-th call.
 */
export class SpinChooser {
  static readonly EXPLORE_EVERY = 16;
  private readonly maxUs: number;
  private readonly avg = [0, 0];
  private readonly seen = [0, 0];
  private calls = 0;
  private arm = 1;

  /** Spins of up to `maxUs` are the spinning arm. */
  constructor(maxUs: number) {
    this.maxUs = Math.max(0, maxUs);
  }

  /** The spin (µs) for the next call. */
  next(): number {
    if (this.maxUs === 0) return 0;
    const best = this.seen[0] === 0 ? 0 : this.seen[1] === 0 ? 1 : this.avg[1]! <= this.avg[0]! ? 1 : 0;
    this.arm = ++this.calls % SpinChooser.EXPLORE_EVERY === 0 ? 1 - best : best;
    return this.arm === 1 ? this.maxUs : 0;
  }

  /** The round trip (µs) the last next() gave. */
  record(us: number): void {
    const a = this.arm;
    this.avg[a] = this.seen[a] === 0 ? us : this.avg[a]! + (us - this.avg[a]!) / 8;
    this.seen[a]!++;
  }
}
