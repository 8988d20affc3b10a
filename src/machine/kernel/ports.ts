// The kernel's side of the service protocol: the ports through which it asks policy services
// for decisions. The services layer implements them (in-process or isolated hosts); the kernel
// only sees plain data going out and answers (or typed failures) coming back.

import type { FaultInfo, PageInfo, ProcessUsage } from '../../services/protocol.js';

export type PortFailure = { kind: string; message: string };
export type PortResult<T> = { ok: true; value: T } | { ok: false; error: PortFailure };

/** Hardware bits for a decision; arrays are indexed by user frame, meaningful for `frames` only. */
export interface BitsData {
  frames: readonly number[];
  referenced: Uint8Array;
  dirty: Uint8Array;
  vpn: Int32Array;
  now: number;
  /** Membership in O(1): frame f is in `frames` iff stamp[f] === epoch. */
  stamp: Int32Array;
  epoch: number;
}

/** One process's replacement policy. */
export interface ReplacementPort {
  readonly name: string;
  readonly hasScan: boolean;
  map(page: PageInfo): PortResult<void>;
  unmap(page: PageInfo): PortResult<void>;
  victim(bits: BitsData): PortResult<{ victim: number; clear: number[] }>;
  scan(bits: BitsData): PortResult<{ clear: number[] }>;
  /** A hint that victim() is coming (the kernel is about to read the bits): an isolated service wakes its thread now. */
  coming?(): void;
}

export interface ReadaheadPort {
  readonly name: string;
  fault(f: FaultInfo): PortResult<number[]>;
}

export interface AllocatorPort {
  readonly name: string;
  quotas(u: { totalFrames: number; now: number; processes: readonly ProcessUsage[] }): PortResult<Record<number, number>>;
}

/** How the kernel obtains services: one replacement port per process, optional global ones. */
export interface ServicePorts {
  replacementFor(pid: number, name: string, frames: number): ReplacementPort;
  readahead?: ReadaheadPort;
  allocator?: AllocatorPort;
  /** Called when process `pid` has exited and its port will not be used again. */
  release?(pid: number): void;
}
