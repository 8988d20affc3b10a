// Inside a service worker: the table of instances of its one service (one per kernel process,
// or per global service), id → state. Each instance is an in-process host from host.ts, so an
// isolated call validates and normalises answers exactly as an in-process call does; this layer
// adds creation by migration, destruction, export of state as structured-clone bytes, and a
// typed failure for unknown ids.

import v8 from 'node:v8';
import {
  AllocatorHost, ReadaheadHost, ReplacementHost, describeThrown,
  type AllocatorUsage, type BitsData, type ServiceFailure,
} from '../host.js';
import type { FaultInfo, PageInfo, PolicyInit, Service } from '../protocol.js';

export type InstanceFailure = ServiceFailure | { kind: 'no-instance'; id: number; message: string };
export type InstanceResult<T> = { ok: true; value: T } | { ok: false; error: InstanceFailure };

type AnyHost = ReplacementHost | ReadaheadHost | AllocatorHost;
interface Slot {
  host: AnyHost;
  state: unknown;
  /** Set when init (or migrate) threw: every call on this instance returns it. */
  broken?: ServiceFailure;
}
type Fn = (...args: unknown[]) => unknown;

const OK: InstanceResult<void> = { ok: true, value: undefined };

/** An instance whose init or migration failed, or an id nobody created. */
function missing(id: number, why?: string): { ok: false; error: InstanceFailure } {
  return { ok: false, error: { kind: 'no-instance', id, message: why ?? `no service instance ${id} (never created, or destroyed)` } };
}

/** Where a new instance's state comes from. */
type Origin = { from: 'init' } | { from: 'migrate'; old: unknown; oldVersion: number };

export class Instances {
  private readonly slots = new Map<number, Slot>();
  readonly svc: Service;

  /** A table for `svc` (a sandbox-wrapped service, see sandbox.ts). */
  constructor(svc: Service) {
    this.svc = svc;
  }

  /** How many instances exist. */
  get size(): number { return this.slots.size; }

  /**
   * Creates instance `id` (replacing any instance with that id) by calling init with `a`
   * (frames for a replacement policy, totalFrames for an allocator, unused for readahead).
   * Contract: a throwing init is reported here and by every later call on the instance.
   */
  create(id: number, a: number, references?: number[]): InstanceResult<void> {
    return this.build(id, a, references, { from: 'init' });
  }

  /** Creates instance `id` from a previous version's exported state: `migrate` if the service has it, else init. */
  migrate(id: number, old: unknown, oldVersion: number, a: number, references?: number[]): InstanceResult<void> {
    return this.build(id, a, references, { from: 'migrate', old, oldVersion });
  }

  /** Forgets instance `id` (no-op for an unknown id). */
  destroy(id: number): void {
    this.slots.delete(id);
  }

  /** A map / unmap / access notification (ignored by readahead and allocator instances). */
  notify(kind: 'map' | 'unmap' | 'access', id: number, page: PageInfo): InstanceResult<void> {
    const s = this.slots.get(id);
    if (!s) return missing(id);
    if (s.broken) return { ok: false, error: s.broken };
    if (!(s.host instanceof ReplacementHost)) return OK;
    return kind === 'map' ? s.host.map(page) : kind === 'unmap' ? s.host.unmap(page) : s.host.access(page);
  }

  /** chooseVictim, checked as ReplacementHost.victim checks it. */
  victim(id: number, bits: BitsData): InstanceResult<{ victim: number; clear: number[] }> {
    const h = this.host(id, ReplacementHost);
    return h.ok ? h.value.victim(bits) : h;
  }

  /** onScan, checked as ReplacementHost.scan checks it. */
  scan(id: number, bits: BitsData): InstanceResult<{ clear: number[] }> {
    const h = this.host(id, ReplacementHost);
    return h.ok ? h.value.scan(bits) : h;
  }

  /** Readahead onFault. */
  fault(id: number, f: FaultInfo): InstanceResult<number[]> {
    const h = this.host(id, ReadaheadHost);
    return h.ok ? h.value.fault(f) : h;
  }

  /** Allocator quotas. */
  quotas(id: number, u: AllocatorUsage): InstanceResult<Record<number, number>> {
    const h = this.host(id, AllocatorHost);
    return h.ok ? h.value.quotas(u) : h;
  }

  /**
   * The instance's state for a next version — exportState(state) if defined, else the state —
   * as structured-clone bytes. Contract: a throw is `threw`; a state that cannot be cloned
   * (functions, proxies, symbols) is `invalid-answer`.
   */
  exportState(id: number): InstanceResult<Uint8Array> {
    const s = this.slots.get(id);
    if (!s) return missing(id);
    if (s.broken) return { ok: false, error: s.broken };
    let v: unknown;
    try {
      const ex = this.svc.exportState as Fn | undefined;
      v = typeof ex === 'function' ? ex(s.state) : s.state;
    } catch (e) {
      return { ok: false, error: { kind: 'threw', message: describeThrown(e) } };
    }
    try {
      return { ok: true, value: v8.serialize(v) };
    } catch (e) {
      return { ok: false, error: { kind: 'invalid-answer', message: `the exported state cannot be handed to another version: ${describeThrown(e)}` } };
    }
  }

  private host<H extends AnyHost>(id: number, cls: abstract new (...a: never[]) => H): InstanceResult<H> {
    const s = this.slots.get(id);
    if (!s) return missing(id);
    if (s.broken) return { ok: false, error: s.broken };
    if (!(s.host instanceof cls)) return missing(id, `service instance ${id} is a ${this.svc.kind} instance: wrong call for it`);
    return { ok: true, value: s.host as H };
  }

  private build(id: number, a: number, references: number[] | undefined, origin: Origin): InstanceResult<void> {
    const svc = this.svc;
    const slot = { state: undefined } as Slot;
    const migrate = origin.from === 'migrate' && typeof svc.migrate === 'function' ? (svc.migrate as Fn) : undefined;
    const stage = migrate ? 'migrate' : 'init';
    // The host calls this as the service's init; we keep the state it returns (hosts never replace it).
    const make = (...ctx: unknown[]): unknown => {
      try {
        slot.state = migrate && origin.from === 'migrate' ? migrate(origin.old, origin.oldVersion, ...ctx) : (svc.init as Fn)(...ctx);
        return slot.state;
      } catch (e) {
        slot.broken = { kind: 'threw', message: `${stage}: ${describeThrown(e)}` };
        throw e;
      }
    };
    if (svc.kind === 'replacement') {
      const init: PolicyInit = references ? { frames: a, references } : { frames: a };
      slot.host = new ReplacementHost({ ...svc, init: make as (c: PolicyInit) => unknown }, init);
    } else if (svc.kind === 'readahead') {
      slot.host = new ReadaheadHost({ ...svc, init: make as () => unknown });
    } else {
      slot.host = new AllocatorHost({ ...svc, init: make as (c: { totalFrames: number }) => unknown }, a);
    }
    this.slots.set(id, slot);
    return slot.broken ? { ok: false, error: slot.broken } : OK;
  }
}

