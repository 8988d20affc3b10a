// A service version running isolated in a worker thread (a learner's file): the VersionHost
// interface over a ServiceWorkerHost, one instance per process, global services as instance 0.

import type { BitsData } from '../../machine/kernel/ports.js';
import type { ServiceWorkerHost } from '../isolation/isolated-host.js';
import type { FaultInfo, PageInfo, PolicyInit, ProcessUsage } from '../protocol.js';
import type { Latency, VersionHost, VersionInfo, VersionResult } from './version.js';

/** Notifications a staged version may still have queued when it counts as caught up (~0.1–0.3 ms of work at the switch). */
const CAUGHT_UP = 64;

export class IsolatedVersion implements VersionHost {
  readonly isolated = true;
  readonly info: VersionInfo;

  /** Adapts a started (and self-tested) worker host. */
  constructor(private readonly h: ServiceWorkerHost, private readonly totalFrames: number) {
    const d = h.descriptor;
    this.info = { kind: d.kind, name: d.name, description: d.description, hasScan: d.hooks.onScan, hasMigrate: d.hooks.migrate, needs: d.needs };
  }

  get dead(): boolean { return this.h.dead; }

  private init(init: PolicyInit): Parameters<ServiceWorkerHost['createInstance']>[1] {
    const k = this.info.kind;
    return (k === 'replacement' ? init : k === 'allocator' ? { totalFrames: this.totalFrames } : undefined) as Parameters<ServiceWorkerHost['createInstance']>[1];
  }

  createInstance(id: number, init: PolicyInit): VersionResult<void> { return this.h.createInstance(id, this.init(init)); }
  migrateInstance(id: number, state: unknown, oldVersion: number, init: PolicyInit): VersionResult<'migrate' | 'export'> {
    const r = this.h.migrateInstance(id, state, oldVersion, this.init(init));
    return r.ok ? { ok: true, value: this.h.descriptor.hooks.migrate ? 'migrate' : 'export' } : r;
  }
  destroyInstance(id: number): void { this.h.destroyInstance(id); }
  map(id: number, page: PageInfo): VersionResult<void> { return this.h.map(id, page); }
  unmap(id: number, page: PageInfo): VersionResult<void> { return this.h.unmap(id, page); }
  victim(id: number, bits: BitsData): VersionResult<{ victim: number; clear: number[] }> { return this.h.victim(id, bits); }
  scan(id: number, bits: BitsData): VersionResult<{ clear: number[] }> { return this.h.scan(id, bits); }
  exportState(id: number): VersionResult<unknown> { return this.h.exportState(id); }
  fault(f: FaultInfo): VersionResult<number[]> { return this.h.fault(0, f); }
  quotas(u: { totalFrames: number; now: number; processes: readonly ProcessUsage[] }): VersionResult<Record<number, number>> { return this.h.quotas(0, u); }
  /** Caught up: what is left (at most CAUGHT_UP notifications, a running machine keeps adding) crosses with the first decision. */
  catchUp(): Promise<VersionResult<void>> { return this.h.drain(CAUGHT_UP); }
  wake(): void { this.h.wake(); }
  latency(): Latency { return this.h.latency(); }
  terminate(): void { void this.h.terminate(); }
}
