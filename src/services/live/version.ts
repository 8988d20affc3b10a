// A service version as the live-update machinery sees it: code that hosts one instance per
// process (instance id = pid; 0 for global services), behind one interface whether it runs
// in-process (trusted built-ins) or isolated in a worker (learners' files).

import type { BitsData } from '../../machine/kernel/ports.js';
import { AllocatorHost, ReadaheadHost, ReplacementHost, type HostResult, type ServiceFailure } from '../host.js';
import type { FaultInfo, PageInfo, PolicyInit, ProcessUsage, Service, ServiceKind } from '../protocol.js';
import type { IsolationFailure } from '../isolation/failures.js';

/** ServiceFailure plus what isolation adds. */
export type VersionFailure = ServiceFailure | IsolationFailure;

/** What a version is, without its code (an isolated version has no Service object on this thread). */
export interface VersionInfo {
  kind: ServiceKind;
  name: string;
  description: string;
  hasScan: boolean;
  /** A replacement policy that carries state over with `migrate` (else it is rebuilt from the kernel's truth). */
  hasMigrate: boolean;
  needs?: { references?: boolean; future?: boolean } | undefined;
}
export type VersionResult<T> = { ok: true; value: T } | { ok: false; error: VersionFailure };

export interface Latency { p50Us: number; p99Us: number; calls: number }

/** One loaded version of one service. */
export interface VersionHost {
  readonly info: VersionInfo;
  readonly isolated: boolean;
  readonly dead: boolean;
  createInstance(id: number, init: PolicyInit): VersionResult<void>;
  migrateInstance(id: number, state: unknown, oldVersion: number, init: PolicyInit): VersionResult<'migrate' | 'export'>;
  destroyInstance(id: number): void;
  map(id: number, page: PageInfo): VersionResult<void>;
  unmap(id: number, page: PageInfo): VersionResult<void>;
  victim(id: number, bits: BitsData): VersionResult<{ victim: number; clear: number[] }>;
  scan(id: number, bits: BitsData): VersionResult<{ clear: number[] }>;
  exportState(id: number): VersionResult<unknown>;
  fault(f: FaultInfo): VersionResult<number[]>;
  quotas(u: { totalFrames: number; now: number; processes: readonly ProcessUsage[] }): VersionResult<Record<number, number>>;
  /**
   * Resolves once every notification given so far has been taken by the service (an isolated
   * version works through them in its worker meanwhile; in-process ones are always caught up),
   * with the first failure among them if any.
   */
  catchUp(): Promise<VersionResult<void>>;
  /** A hint that a decision is coming soon (an isolated version wakes its thread; optional). */
  wake?(): void;
  latency(): Latency;
  terminate(): void;
}

/** Rolling latency samples (µs) with percentiles. */
export class LatencyWindow {
  private readonly samples = new Float64Array(1024);
  private n = 0;
  calls = 0;
  /** Records one call's duration in µs. */
  add(us: number): void { this.samples[this.n++ & 1023] = us; this.calls++; }
  /** p50/p99 over the last 1024 calls. */
  get(): Latency {
    const k = Math.min(this.n, 1024);
    if (k === 0) return { p50Us: 0, p99Us: 0, calls: 0 };
    const s = Array.from(this.samples.subarray(0, k)).sort((a, b) => a - b);
    return { p50Us: s[Math.floor(k * 0.5)]!, p99Us: s[Math.min(k - 1, Math.floor(k * 0.99))]!, calls: this.calls };
  }
}

function failed<T>(r: HostResult<T>): VersionResult<T> { return r; }

/** Trusted in-process version (built-ins): one ReplacementHost per instance, or one global host. */
export class InProcessVersion implements VersionHost {
  readonly isolated = false;
  readonly dead = false;
  private readonly instances = new Map<number, ReplacementHost>();
  private readahead?: ReadaheadHost;
  private allocator?: AllocatorHost;
  private readonly lat = new LatencyWindow();

  readonly info: VersionInfo;

  /** Wraps `service` (already evaluated); `totalFrames` for allocators. */
  constructor(readonly service: Service, private readonly totalFrames = 0) {
    this.info = {
      kind: service.kind, name: service.name, description: service.description,
      hasScan: service.kind === 'replacement' && typeof service.onScan === 'function',
      hasMigrate: service.kind === 'replacement' && typeof service.migrate === 'function',
      needs: service.kind === 'replacement' ? service.needs : undefined,
    };
  }

  createInstance(id: number, init: PolicyInit): VersionResult<void> {
    const s = this.service;
    if (s.kind === 'replacement') {
      const h = new ReplacementHost(s, init);
      this.instances.set(id, h);
      return h.broken ? { ok: false, error: h.broken } : { ok: true, value: undefined };
    }
    if (s.kind === 'readahead') this.readahead = new ReadaheadHost(s);
    else this.allocator = new AllocatorHost(s, this.totalFrames);
    return { ok: true, value: undefined };
  }

  migrateInstance(id: number, state: unknown, oldVersion: number, init: PolicyInit): VersionResult<'migrate' | 'export'> {
    const s = this.service;
    if (s.kind !== 'replacement' || typeof s.migrate !== 'function') {
      const r = this.createInstance(id, init);
      return r.ok ? { ok: true, value: 'export' } : r;
    }
    const migrate = s.migrate.bind(s);
    const h = new ReplacementHost({ ...s, init: () => migrate(structuredClone(state), oldVersion, init) }, init);
    this.instances.set(id, h);
    return h.broken ? { ok: false, error: { kind: 'threw', message: h.broken.message.replace(/^init:/, 'migrate:') } } : { ok: true, value: 'migrate' };
  }

  destroyInstance(id: number): void { this.instances.delete(id); }

  private inst(id: number): ReplacementHost | undefined { return this.instances.get(id); }
  private timed<T>(f: () => VersionResult<T>): VersionResult<T> {
    const t0 = performance.now();
    const r = f();
    this.lat.add((performance.now() - t0) * 1000);
    return r;
  }

  map(id: number, page: PageInfo): VersionResult<void> { const h = this.inst(id); return h ? failed(h.map(page)) : { ok: true, value: undefined }; }
  unmap(id: number, page: PageInfo): VersionResult<void> { const h = this.inst(id); return h ? failed(h.unmap(page)) : { ok: true, value: undefined }; }
  victim(id: number, bits: BitsData): VersionResult<{ victim: number; clear: number[] }> {
    const h = this.inst(id);
    if (!h) return { ok: false, error: { kind: 'crashed', message: `no instance for process ${id}` } };
    return this.timed(() => h.victim(bits));
  }
  scan(id: number, bits: BitsData): VersionResult<{ clear: number[] }> {
    const h = this.inst(id);
    return h ? this.timed(() => h.scan(bits)) : { ok: true, value: { clear: [] } };
  }
  exportState(id: number): VersionResult<unknown> {
    const h = this.inst(id);
    return h ? h.exportState() : { ok: false, error: { kind: 'crashed', message: `no instance for process ${id}` } };
  }
  fault(f: FaultInfo): VersionResult<number[]> {
    return this.readahead ? this.timed(() => this.readahead!.fault(f)) : { ok: true, value: [] };
  }
  quotas(u: { totalFrames: number; now: number; processes: readonly ProcessUsage[] }): VersionResult<Record<number, number>> {
    return this.allocator ? this.timed(() => this.allocator!.quotas(u)) : { ok: true, value: {} };
  }
  catchUp(): Promise<VersionResult<void>> { return Promise.resolve({ ok: true, value: undefined }); }
  latency(): Latency { return this.lat.get(); }
  terminate(): void { this.instances.clear(); }
}
