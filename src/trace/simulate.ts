// Trace mode: running a replacement policy over a reference string on a simulated memory of
// `frames` frames, with the same service host the kernel uses. The simulator keeps the truth
// (which page is in which frame, A and D bits) and validates every decision: a throw, a
// malformed answer or a frame that is not resident falls back to the oldest-mapped frame and
// is recorded as an event — the simulation itself never fails because of the policy.

import { ReplacementHost, type BitsData, type HostResult } from '../services/host.js';
import type { PageInfo, ReplacementPolicy } from '../services/protocol.js';

export interface SimulateOptions {
  /** Call the policy's onScan every this many references (default 64). */
  scanInterval?: number;
  /** writes[i] truthy: reference i writes its page (sets the D bit). Default: all reads. */
  writes?: ArrayLike<number>;
  /** The pid pages are reported under (default 1). */
  pid?: number;
  /** Events kept at most (default 100); the rest are only counted. */
  maxEvents?: number;
}

export type TraceEvent =
  /** At reference `at` the policy's answer was unusable; `victim` (the oldest-mapped frame) was evicted instead. */
  | { kind: 'fallback'; at: number; victim: number; reason: string }
  /** A notification hook (or init) threw or answered wrongly; the simulation went on. */
  | { kind: 'service-error'; at: number; hook: 'init' | 'map' | 'unmap' | 'access' | 'scan'; message: string };

export interface SimulationResult {
  references: number;
  faults: number;
  hits: number;
  evictions: number;
  /** Evictions of dirty pages (they would be written back). */
  writebacks: number;
  policy: string;
  frames: number;
  fallbacks: number;
  serviceErrors: number;
  events: TraceEvent[];
  eventsDropped: number;
}

const failure = (r: HostResult<unknown>): string => (r.ok ? '' : `${r.error.kind === 'threw' ? 'threw' : 'invalid answer'}: ${r.error.message}`);

/**
 * Simulates `policy` over `refs` with `frames` frames (numbered 0..frames-1, filled in order).
 * Contract: deterministic for a deterministic policy; never throws because of the policy;
 * throws RangeError for frames < 1 or scanInterval < 1 (caller bugs). Future-needing policies
 * get `refs` in init.
 */
export function simulate(refs: readonly number[], policy: ReplacementPolicy<any>, frames: number, opts: SimulateOptions = {}): SimulationResult {
  if (!Number.isInteger(frames) || frames < 1) throw new RangeError(`frames must be a positive integer, got ${frames}`);
  const scanInterval = opts.scanInterval ?? 64;
  if (!Number.isInteger(scanInterval) || scanInterval < 1) throw new RangeError(`scanInterval must be a positive integer, got ${scanInterval}`);
  const pid = opts.pid ?? 1;
  const maxEvents = opts.maxEvents ?? 100;
  const writes = opts.writes;
  const res: SimulationResult = {
    references: refs.length, faults: 0, hits: 0, evictions: 0, writebacks: 0, policy: policy.name, frames,
    fallbacks: 0, serviceErrors: 0, events: [], eventsDropped: 0,
  };
  const event = (e: TraceEvent): void => { if (res.events.length < maxEvents) res.events.push(e); else res.eventsDropped++; };
  const hostErr = (r: HostResult<unknown>, at: number, hook: 'map' | 'unmap' | 'access' | 'scan'): void => {
    if (r.ok || host.broken) return; // a broken init is reported once, below
    res.serviceErrors++;
    event({ kind: 'service-error', at, hook, message: failure(r) });
  };

  const host = new ReplacementHost(policy, policy.needs?.future ? { frames, references: refs } : { frames });
  if (host.broken) {
    res.serviceErrors++;
    event({ kind: 'service-error', at: 0, hook: 'init', message: host.broken.message });
  }
  const table = new Map<number, number>(); // vpn → frame
  const vpnOf = new Int32Array(frames).fill(-1);
  const referenced = new Uint8Array(frames);
  const dirty = new Uint8Array(frames);
  const order: number[] = []; // resident frames, oldest mapped first
  let nextFree = 0;
  let now = 0;
  const bits = (): BitsData => ({ frames: order, referenced, dirty, vpn: vpnOf, now });
  const page = (frame: number): PageInfo => ({ frame, vpn: vpnOf[frame]!, pid });
  const clearBits = (clear: readonly number[]): void => { for (const f of clear) if (f >= 0 && f < frames && vpnOf[f]! >= 0) referenced[f] = 0; };
  const hasAccess = host.hasAccess;
  const hasScan = host.hasScan;

  for (let i = 0; i < refs.length; i++) {
    now = i;
    const vpn = refs[i]!;
    const w = writes && writes[i] ? 1 : 0;
    let frame = table.get(vpn);
    if (frame !== undefined) {
      res.hits++;
      referenced[frame] = 1;
      if (w) dirty[frame] = 1;
      if (hasAccess) hostErr(host.access(page(frame)), i, 'access');
    } else {
      res.faults++;
      if (nextFree < frames) {
        frame = nextFree++;
      } else {
        const r = host.victim(bits());
        if (r.ok && r.value.victim >= 0 && r.value.victim < frames && vpnOf[r.value.victim]! >= 0) {
          frame = r.value.victim;
          clearBits(r.value.clear);
        } else {
          frame = order[0]!;
          res.fallbacks++;
          event({ kind: 'fallback', at: i, victim: frame, reason: r.ok ? `victim ${r.value.victim} is not a resident frame` : failure(r) });
        }
        res.evictions++;
        if (dirty[frame]) res.writebacks++;
        const gone = page(frame);
        table.delete(gone.vpn);
        order.splice(order.indexOf(frame), 1);
        vpnOf[frame] = -1;
        referenced[frame] = 0;
        dirty[frame] = 0;
        hostErr(host.unmap(gone), i, 'unmap');
      }
      table.set(vpn, frame);
      vpnOf[frame] = vpn;
      referenced[frame] = 1; // the faulting access, retried, sets A (and D for a write)
      dirty[frame] = w;
      order.push(frame);
      hostErr(host.map(page(frame)), i, 'map');
    }
    if (hasScan && (i + 1) % scanInterval === 0) {
      const r = host.scan(bits());
      if (r.ok) clearBits(r.value.clear);
      else hostErr(r, i, 'scan');
    }
  }
  return res;
}
