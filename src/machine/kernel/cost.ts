// The virtual-time cost model. Virtual time is cycles on the one hart: every retired instruction
// is one cycle, and the kernel charges the fixed costs below for what it does. Never wall time,
// so the same inputs and seed give the same times, rates and counts, bit for bit.

export const COST = {
  /** A page-table walk by the MMU (a TLB miss). */
  tlbWalk: 20,
  /** Entering and leaving the kernel for a system call. */
  syscall: 200,
  /** Switching the hart to another process. */
  contextSwitch: 500,
  /** A fault served without I/O: zero-fill or a page of the program image. */
  minorFault: 2_000,
  /** A fault that reads the page back from swap (includes the read). */
  majorFault: 100_000,
  /** Writing a dirty page to swap when it is evicted. */
  swapWrite: 100_000,
  /** A page brought in by readahead rather than by a fault (its I/O, no trap). */
  prefetch: 20_000,
} as const;

/** Cycles per second of virtual time (clock_gettime): 1 cycle = 1 ns. */
export const CYCLES_PER_SECOND = 1_000_000_000;

/** Instructions a process runs before the scheduler preempts it. */
export const QUANTUM = 100_000;
