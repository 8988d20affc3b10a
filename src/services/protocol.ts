// The service protocol: the one module both the kernel and every memory-management service
// import (a learner's service imports it as 'milklab'). Services are policy; the kernel is
// mechanism. A service is a set of plain functions over its own typed state; the kernel sends it
// plain-data messages, validates every answer, and applies the effects (PTE bit clears, TLB
// shootdowns, evictions) itself. Nothing here may import the kernel, Node built-ins or a UI.

/** A resident page as a service sees it. Frames are user-frame numbers 0..frames-1. */
export interface PageInfo {
  readonly frame: number;
  readonly vpn: number;
  readonly pid: number;
}

/**
 * The hardware's view of a process's resident frames at a decision point: the frames (in the
 * order the kernel mapped them, oldest first) and their A (referenced) and D (dirty) bits as
 * read from the page table entries just now. Valid during the call it is given to: keep the
 * numbers you need, not the Bits (a later decision's view replaces it).
 */
export interface Bits {
  readonly frames: readonly number[];
  /** Virtual time in cycles (never wall time). */
  readonly now: number;
  referenced(frame: number): boolean;
  dirty(frame: number): boolean;
  vpn(frame: number): number;
}

/** Context given to a replacement policy's init. */
export interface PolicyInit {
  /** Frames this policy's process may use at most (its share of memory). */
  readonly frames: number;
  /** Trace mode only: the whole reference string (page numbers), for oracle policies (OPT). */
  readonly references?: readonly number[];
}

/** A victim choice: the frame to evict, and frames whose referenced bit the kernel should clear. */
export interface VictimAnswer {
  victim: number;
  clear?: number[];
}

/** The answer to a periodic scan: frames whose referenced bit the kernel should clear. */
export interface ScanAnswer {
  clear?: number[];
}

/** What a policy needs beyond faults and A/D bits (the machine cannot give these). */
export interface PolicyNeeds {
  /** Every reference, hit or miss (exact LRU): trace mode only. */
  references?: boolean;
  /** The future reference string (OPT): trace mode only. */
  future?: boolean;
}

/** A page-replacement policy: plain functions over state S. */
export interface ReplacementPolicy<S = unknown> {
  readonly kind: 'replacement';
  readonly name: string;
  readonly description: string;
  readonly needs?: PolicyNeeds;
  init(ctx: PolicyInit): S;
  /** A page became resident in `page.frame`. */
  onMap?(state: S, page: PageInfo): void;
  /** A page left its frame (evicted, unmapped or its process exited). */
  onUnmap?(state: S, page: PageInfo): void;
  /** Trace mode: a reference to a resident page (a hit). */
  onAccess?(state: S, page: PageInfo): void;
  /** Periodic scan of A bits (every scan interval of virtual time). */
  onScan?(state: S, bits: Bits): ScanAnswer | void;
  /** Memory is full: pick a resident frame of this process to evict. */
  chooseVictim(state: S, bits: Bits): VictimAnswer | number;
  /** Live update: state to hand to the next version (default: the state itself). */
  exportState?(state: S): unknown;
  /** Live update: build this version's state from the previous version's export. */
  migrate?(old: unknown, oldVersion: number, ctx: PolicyInit): S;
}

/** A fault as the readahead service sees it. */
export interface FaultInfo {
  readonly pid: number;
  readonly vpn: number;
  readonly write: boolean;
  /** True when the page came back from swap. */
  readonly major: boolean;
  readonly now: number;
}

/** A readahead (prefetch) service: after a demand fault, which other pages to bring in. */
export interface ReadaheadService<S = unknown> {
  readonly kind: 'readahead';
  readonly name: string;
  readonly description: string;
  init(): S;
  /** Returns page numbers to prefetch (the kernel drops invalid ones and caps the count). */
  onFault(state: S, fault: FaultInfo): number[];
  exportState?(state: S): unknown;
  migrate?(old: unknown, oldVersion: number): S;
}

/** One process as the frame allocator sees it, over the last interval. */
export interface ProcessUsage {
  readonly pid: number;
  readonly resident: number;
  readonly faults: number;
  readonly instructions: number;
  readonly quota: number;
}

/** A frame allocator: how many frames each process may hold (its quota). */
export interface AllocatorService<S = unknown> {
  readonly kind: 'allocator';
  readonly name: string;
  readonly description: string;
  init(ctx: { totalFrames: number }): S;
  /** Called every allocation interval and when processes come or go: pid → quota. */
  quotas(state: S, usage: { totalFrames: number; now: number; processes: readonly ProcessUsage[] }): Record<number, number>;
  exportState?(state: S): unknown;
  migrate?(old: unknown, oldVersion: number): S;
}

export type Service = ReplacementPolicy<any> | ReadaheadService<any> | AllocatorService<any>;
export type ServiceKind = Service['kind'];

/** Declares a replacement policy (typing helper: returns its argument with kind set). */
export function definePolicy<S>(p: Omit<ReplacementPolicy<S>, 'kind'>): ReplacementPolicy<S> {
  return { kind: 'replacement', ...p };
}

/** Declares a readahead service. */
export function defineReadahead<S>(p: Omit<ReadaheadService<S>, 'kind'>): ReadaheadService<S> {
  return { kind: 'readahead', ...p };
}

/** Declares a frame allocator. */
export function defineAllocator<S>(p: Omit<AllocatorService<S>, 'kind'>): AllocatorService<S> {
  return { kind: 'allocator', ...p };
}
