// Adapters from an isolated host and an instance id to the kernel's ports (ports.ts of the
// kernel), so the kernel calls an isolated service exactly as it calls an in-process one.
// Every isolation failure carries a message, so it is a PortFailure as it is.

import type { AllocatorPort, ReadaheadPort, ReplacementPort } from '../../machine/kernel/ports.js';
import type { ServiceWorkerHost } from './isolated-host.js';

/** The replacement port of instance `id` of `host` (hasScan from the service's descriptor). */
export function replacementPortFor(host: ServiceWorkerHost, id: number, name: string): ReplacementPort {
  return {
    name,
    hasScan: host.descriptor.hooks.onScan,
    map: (p) => host.map(id, p),
    unmap: (p) => host.unmap(id, p),
    victim: (b) => host.victim(id, b),
    scan: (b) => host.scan(id, b),
  };
}

/** The readahead port of instance `id` of `host`. */
export function readaheadPortFor(host: ServiceWorkerHost, id: number, name: string): ReadaheadPort {
  return { name, fault: (f) => host.fault(id, f) };
}

/** The allocator port of instance `id` of `host`. */
export function allocatorPortFor(host: ServiceWorkerHost, id: number, name: string): AllocatorPort {
  return { name, quotas: (u) => host.quotas(id, u) };
}
