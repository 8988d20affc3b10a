// The in-process service host: the one place the kernel and the trace simulator call service
// code. It owns the call boundary — every call is made inside try/catch, every answer is
// shape-checked and copied, and what services receive is read-only (frozen copies and accessor
// functions, never the kernel's own arrays). A throw or a malformed answer becomes a typed
// ServiceFailure; nothing a service does can throw through the host.
//
// Not (yet) enforced here: time budgets (an infinite loop in a service hangs the caller) and
// memory limits; those belong to the isolated host of the live-update work.

import type {
  AllocatorService, Bits, FaultInfo, PageInfo, PolicyInit, ProcessUsage, ReadaheadService, ReplacementPolicy,
} from './protocol.js';

export type ServiceFailure =
  | { kind: 'threw'; message: string }
  | { kind: 'invalid-answer'; message: string };

export type HostResult<T> = { ok: true; value: T } | { ok: false; error: ServiceFailure };

/** Data the kernel hands in; arrays are indexed by FRAME number (length = total user frames); only entries of `frames` are meaningful. */
export interface BitsData {
  frames: readonly number[]; referenced: Uint8Array; dirty: Uint8Array; vpn: Int32Array; now: number;
  /** Optional O(1) membership: frame f is in `frames` iff stamp[f] === epoch (else a Set is built). */
  stamp?: Int32Array; epoch?: number;
}

/** The usage report an allocator is asked about (the protocol's `quotas` argument). */
export interface AllocatorUsage { totalFrames: number; now: number; processes: readonly ProcessUsage[] }

const OK_VOID: HostResult<void> = { ok: true, value: undefined };

/** One line describing a thrown value: the first line of its message (never throws itself). */
export function describeThrown(e: unknown): string {
  try {
    const msg = e !== null && typeof e === 'object' && 'message' in e ? String((e as { message: unknown }).message) : String(e);
    const name = e !== null && typeof e === 'object' && 'name' in e ? String((e as { name: unknown }).name) : '';
    const first = msg.split('\n')[0] ?? '';
    return name && name !== 'Error' && !first.startsWith(name) ? `${name}: ${first}` : first || name || 'unknown error';
  } catch {
    return 'unprintable error';
  }
}

function threw(e: unknown): { ok: false; error: ServiceFailure } {
  return { ok: false, error: { kind: 'threw', message: describeThrown(e) } };
}

function invalid(message: string): { ok: false; error: ServiceFailure } {
  return { ok: false, error: { kind: 'invalid-answer', message } };
}

/** A short rendering of an answer for error messages (never throws, at most ~60 characters). */
export function showValue(v: unknown): string {
  let s: string;
  try {
    s = typeof v === 'string' ? JSON.stringify(v) : typeof v === 'object' && v !== null ? JSON.stringify(v) ?? String(v) : String(v);
  } catch {
    s = Array.isArray(v) ? 'an array' : typeof v;
  }
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** Copies an array of integers out of a service answer, or describes why it is not one. */
function intArray(v: unknown, what: string): { ok: true; value: number[] } | { ok: false; error: ServiceFailure } {
  if (v === undefined) return { ok: true, value: [] };
  if (!Array.isArray(v)) return invalid(`${what} must be an array of frame numbers, got ${showValue(v)}`);
  const out: number[] = new Array<number>(v.length);
  for (let i = 0; i < v.length; i++) {
    const x: unknown = v[i];
    if (typeof x !== 'number' || !Number.isInteger(x)) return invalid(`${what}[${i}] must be an integer, got ${showValue(x)}`);
    out[i] = x;
  }
  return { ok: true, value: out };
}

const RAW = new WeakMap<Bits, BitsData>();

/** The kernel data behind a view made by makeBits (for the sandbox's copy, sandbox.ts), else undefined. */
export function rawBits(b: Bits): BitsData | undefined { return RAW.get(b); }

/**
 * A read-only `Bits` view over kernel data. Contract: `frames` is a frozen copy; referenced,
 * dirty and vpn answer only for frames in `frames` (false/false/-1 for any other number), so a
 * service can neither write the kernel's arrays nor read another process's frames.
 */
export function makeBits(data: BitsData): Bits {
  const frames = Object.freeze(data.frames.slice());
  const { referenced, dirty, vpn } = data;
  let member: Uint8Array | undefined; // built on first use: member[f] = 1 for f in frames
  const has = (f: number): boolean => {
    if (!member) {
      member = new Uint8Array(referenced.length);
      for (const x of frames) if (x >= 0 && x < member.length) member[x] = 1;
    }
    return member[f] === 1;
  };
  const view: Bits = Object.freeze({
    frames,
    now: data.now,
    referenced: (f: number): boolean => has(f) && referenced[f] !== 0,
    dirty: (f: number): boolean => has(f) && dirty[f] !== 0,
    vpn: (f: number): number => (has(f) ? vpn[f]! : -1),
  });
  RAW.set(view, data);
  return view;
}

const page = (p: PageInfo): PageInfo => Object.freeze({ frame: p.frame, vpn: p.vpn, pid: p.pid });

/** Hosts one replacement-policy instance (one process's, or the trace simulator's). */
export class ReplacementHost {
  readonly policy: ReplacementPolicy<any>;
  readonly name: string;
  private state: unknown;
  private readonly initFailure: ServiceFailure | undefined;

  /** Calls policy.init; if it throws, the host is broken and every call returns that failure. */
  constructor(policy: ReplacementPolicy<any>, init: PolicyInit) {
    this.policy = policy;
    this.name = policy.name;
    try {
      this.state = policy.init(Object.freeze({ ...init }));
    } catch (e) {
      this.initFailure = { kind: 'threw', message: `init: ${describeThrown(e)}` };
    }
  }

  /** The init failure that broke this host, if any. */
  get broken(): ServiceFailure | undefined { return this.initFailure; }

  /** True when the policy has an onScan hook (the kernel then scans it periodically). */
  get hasScan(): boolean { return typeof this.policy.onScan === 'function'; }

  /** True when the policy has an onAccess hook (trace mode calls it on every hit). */
  get hasAccess(): boolean { return typeof this.policy.onAccess === 'function'; }

  /** Tells the policy a page became resident. */
  map(p: PageInfo): HostResult<void> { return this.hook(this.policy.onMap, p); }

  /** Tells the policy a page left its frame. */
  unmap(p: PageInfo): HostResult<void> { return this.hook(this.policy.onUnmap, p); }

  /** Tells the policy a resident page was referenced (trace mode). */
  access(p: PageInfo): HostResult<void> { return this.hook(this.policy.onAccess, p); }

  /**
   * Asks for a victim. Contract: a bare number answer is normalised to `{victim, clear: []}`;
   * the answer is checked for shape only (integers) — whether the frame is legal is the
   * caller's check.
   */
  victim(bits: BitsData): HostResult<{ victim: number; clear: number[] }> {
    if (this.initFailure) return { ok: false, error: this.initFailure };
    let a: unknown;
    try {
      a = this.policy.chooseVictim(this.state, makeBits(bits));
    } catch (e) {
      return threw(e);
    }
    if (typeof a === 'number') return Number.isInteger(a) ? { ok: true, value: { victim: a, clear: [] } } : invalid(`victim must be an integer frame number, got ${showValue(a)}`);
    if (typeof a !== 'object' || a === null) return invalid(`chooseVictim must return a frame number or { victim, clear? }, got ${showValue(a)}`);
    try {
      const v: unknown = (a as { victim?: unknown }).victim;
      if (typeof v !== 'number' || !Number.isInteger(v)) return invalid(`victim must be an integer frame number, got ${showValue(v)}`);
      const clear = intArray((a as { clear?: unknown }).clear, 'clear');
      return clear.ok ? { ok: true, value: { victim: v, clear: clear.value } } : clear;
    } catch (e) {
      return threw(e); // a getter or proxy in the answer threw
    }
  }

  /** Runs the periodic scan (an empty clear list when the policy has no onScan). */
  scan(bits: BitsData): HostResult<{ clear: number[] }> {
    if (this.initFailure) return { ok: false, error: this.initFailure };
    const onScan = this.policy.onScan;
    if (typeof onScan !== 'function') return { ok: true, value: { clear: [] } };
    try {
      const a: unknown = onScan.call(this.policy, this.state, makeBits(bits));
      if (a === undefined) return { ok: true, value: { clear: [] } };
      if (typeof a !== 'object' || a === null) return invalid(`onScan must return { clear? } or nothing, got ${showValue(a)}`);
      const clear = intArray((a as { clear?: unknown }).clear, 'clear');
      return clear.ok ? { ok: true, value: { clear: clear.value } } : clear;
    } catch (e) {
      return threw(e);
    }
  }

  /** The state to hand to a next version: exportState(state) if defined, else the state itself. */
  exportState(): HostResult<unknown> {
    if (this.initFailure) return { ok: false, error: this.initFailure };
    try {
      const ex = this.policy.exportState;
      return { ok: true, value: typeof ex === 'function' ? ex.call(this.policy, this.state) : this.state };
    } catch (e) {
      return threw(e);
    }
  }

  private hook(fn: ((s: any, p: PageInfo) => void) | undefined, p: PageInfo): HostResult<void> {
    if (this.initFailure) return { ok: false, error: this.initFailure };
    if (typeof fn !== 'function') return OK_VOID;
    try {
      fn.call(this.policy, this.state, page(p));
      return OK_VOID;
    } catch (e) {
      return threw(e);
    }
  }
}

/** Hosts the readahead service. */
export class ReadaheadHost {
  readonly svc: ReadaheadService<any>;
  readonly name: string;
  private state: unknown;
  private readonly initFailure: ServiceFailure | undefined;

  /** Calls svc.init; if it throws, every fault() returns that failure. */
  constructor(svc: ReadaheadService<any>) {
    this.svc = svc;
    this.name = svc.name;
    try {
      this.state = svc.init();
    } catch (e) {
      this.initFailure = { kind: 'threw', message: `init: ${describeThrown(e)}` };
    }
  }

  /** Pages to prefetch after a demand fault. Contract: an array of integers (copied); validity of each page is the caller's check. */
  fault(f: FaultInfo): HostResult<number[]> {
    if (this.initFailure) return { ok: false, error: this.initFailure };
    try {
      const a: unknown = this.svc.onFault(this.state, Object.freeze({ pid: f.pid, vpn: f.vpn, write: f.write, major: f.major, now: f.now }));
      if (!Array.isArray(a)) return invalid(`onFault must return an array of page numbers, got ${showValue(a)}`);
      return intArray(a, 'pages');
    } catch (e) {
      return threw(e);
    }
  }
}

/** Hosts the frame allocator. */
export class AllocatorHost {
  readonly svc: AllocatorService<any>;
  readonly name: string;
  private state: unknown;
  private readonly initFailure: ServiceFailure | undefined;

  /** Calls svc.init({ totalFrames }); if it throws, every quotas() returns that failure. */
  constructor(svc: AllocatorService<any>, totalFrames: number) {
    this.svc = svc;
    this.name = svc.name;
    try {
      this.state = svc.init(Object.freeze({ totalFrames }));
    } catch (e) {
      this.initFailure = { kind: 'threw', message: `init: ${describeThrown(e)}` };
    }
  }

  /**
   * Asks for quotas. Contract: the answer is a plain object pid → non-negative integer (copied);
   * whether pids exist and the total fits is the caller's check.
   */
  quotas(u: AllocatorUsage): HostResult<Record<number, number>> {
    if (this.initFailure) return { ok: false, error: this.initFailure };
    const processes = Object.freeze(u.processes.map((p) => Object.freeze({ pid: p.pid, resident: p.resident, faults: p.faults, instructions: p.instructions, quota: p.quota })));
    try {
      const a: unknown = this.svc.quotas(this.state, Object.freeze({ totalFrames: u.totalFrames, now: u.now, processes }));
      if (typeof a !== 'object' || a === null || Array.isArray(a)) return invalid(`quotas must return an object pid → frames, got ${showValue(a)}`);
      const out: Record<number, number> = {};
      for (const key of Object.keys(a)) {
        const pid = Number(key);
        if (!Number.isInteger(pid)) return invalid(`quotas: key '${key}' is not a pid`);
        const q: unknown = (a as Record<string, unknown>)[key];
        if (typeof q !== 'number' || !Number.isInteger(q) || q < 0) return invalid(`quotas[${key}] must be a non-negative integer, got ${showValue(q)}`);
        out[pid] = q;
      }
      return { ok: true, value: out };
    } catch (e) {
      return threw(e);
    }
  }
}
