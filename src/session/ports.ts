// Wiring services to the kernel: turns resolved service modules into the kernel's ports (one
// replacement host per process, optional readahead and allocator hosts), and resolves a
// service given by the user as a built-in name or a TypeScript file.

import type { AllocatorPort, ReadaheadPort, ReplacementPort, ServicePorts } from '../machine/kernel/ports.js';
import { AllocatorHost, ReadaheadHost, ReplacementHost } from '../services/host.js';
import type { AllocatorService, ReadaheadService, ReplacementPolicy, Service, ServiceKind } from '../services/protocol.js';
import { BUILTIN_SERVICES, findBuiltin } from '../services/builtin/index.js';
import { describeLoadError, loadServiceFile } from '../services/loader.js';

export type ResolveResult = { ok: true; service: Service } | { ok: false; message: string };

const KIND_WORD: Record<ServiceKind, string> = { replacement: 'replacement policy', readahead: 'readahead service', allocator: 'frame allocator' };

/**
 * Resolves `spec` — a built-in service name or a path to a .ts/.js service file — to a service
 * of kind `kind`. Contract: never throws; failures are one-line messages naming the thing.
 */
export async function resolveService(spec: string, kind: ServiceKind): Promise<ResolveResult> {
  const looksLikeFile = /[/\\]|\.[cm]?[jt]s$/.test(spec);
  if (!looksLikeFile) {
    const b = findBuiltin(spec);
    if (!b) {
      const names = BUILTIN_SERVICES.filter((s) => s.kind === kind).map((s) => s.name).join(', ');
      return { ok: false, message: `unknown ${KIND_WORD[kind]} '${spec}' (built-in: ${names}; or give a .ts file)` };
    }
    if (b.kind !== kind) return { ok: false, message: `'${spec}' is a ${KIND_WORD[b.kind]}, not a ${KIND_WORD[kind]}` };
    return { ok: true, service: b };
  }
  const r = await loadServiceFile(spec);
  if (!r.ok) return { ok: false, message: describeLoadError(r.error) };
  if (r.service.kind !== kind) return { ok: false, message: `${spec}: exports a ${KIND_WORD[r.service.kind]}, not a ${KIND_WORD[kind]}` };
  return { ok: true, service: r.service };
}

/** Adapts a ReplacementHost to the kernel's port. */
function replacementPort(h: ReplacementHost): ReplacementPort {
  return { name: h.name, get hasScan() { return h.hasScan; }, map: (p) => h.map(p), unmap: (p) => h.unmap(p), victim: (b) => h.victim(b), scan: (b) => h.scan(b) };
}

/**
 * Builds the kernel's service ports. `policyOf(pid)` names the policy service of each process
 * (by pid, 1-based spawn order); readahead and allocator are global and optional.
 */
export function makePorts(policyOf: (pid: number) => ReplacementPolicy<any>, readahead?: ReadaheadService<any>, allocator?: AllocatorService<any>, totalFrames = 0): ServicePorts {
  const ports: ServicePorts = {
    replacementFor: (pid, _name, frames) => replacementPort(new ReplacementHost(policyOf(pid), { frames })),
  };
  if (readahead) {
    const h = new ReadaheadHost(readahead);
    ports.readahead = { name: readahead.name, fault: (f) => h.fault(f) } satisfies ReadaheadPort;
  }
  if (allocator) {
    const h = new AllocatorHost(allocator, totalFrames);
    ports.allocator = { name: allocator.name, quotas: (u) => h.quotas(u) } satisfies AllocatorPort;
  }
  return ports;
}
