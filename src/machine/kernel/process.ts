// A process: its saved hart state, address space, policy port, quota and statistics.

import type { AddressSpace } from './addrspace.js';
import type { ReplacementPort } from './ports.js';

export interface ProcessStats {
  instructions: number;
  minorFaults: number;
  majorFaults: number;
  syscalls: number;
  /** Pages of this process evicted. */
  evictions: number;
  swapIns: number;
  swapOuts: number;
  prefetched: number;
}

export type ProcessState = 'ready' | 'exited';

export interface Process {
  readonly pid: number;
  readonly name: string;
  state: ProcessState;
  exitCode: number;
  /** Set when the kernel killed the process. */
  signal?: string;
  readonly regs: Int32Array;
  pc: number;
  readonly as: AddressSpace;
  policy: ReplacementPort;
  /** Frames this process may hold (the allocator's quota; `total` when there is no allocator). */
  quota: number;
  /** Resident user frames, oldest mapping first. */
  readonly resident: number[];
  readonly stats: ProcessStats;
  /** Faults and instructions at the last allocator interval (for rates). */
  lastFaults: number;
  lastInstructions: number;
  /** Page faults since the process last retired an instruction (thrashing watchdog). */
  faultStreak: number;
}

/** Fresh zeroed statistics. */
export function newStats(): ProcessStats {
  return { instructions: 0, minorFaults: 0, majorFaults: 0, syscalls: 0, evictions: 0, swapIns: 0, swapOuts: 0, prefetched: 0 };
}
