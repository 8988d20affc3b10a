// The numeric encodings of protocol values in a channel's Float64 payload (channel.ts), shared
// by the kernel's side and the worker. Each `put*` writes at index `at` and returns the index
// after it; each `read*` takes a cursor and advances it. Layouts:
//   page      frame, vpn, pid
//   bits      now, n, frames[n], flags[n] (1 = referenced, 2 = dirty), vpn[n]   (parallel to frames)
//   fault     pid, vpn, write 0/1, major 0/1, now
//   usage     totalFrames, now, n, then n × (pid, resident, faults, instructions, quota)
//   init      a (frames | totalFrames | 0), r (-1: no reference string, else its length), refs[r]
//   answers   victim, n, clear[n]  |  n, clear[n]  |  n, pages[n]  |  n, n × (pid, quota)

import type { AllocatorUsage, BitsData } from '../host.js';
import type { FaultInfo, PageInfo, ProcessUsage } from '../protocol.js';

/** A read position in a Float64 payload. */
export interface Cursor { at: number }

/** What createInstance / migrateInstance pass to the service's init (by kind). */
export type InstanceInit =
  | { frames: number; references?: readonly number[] } // replacement
  | { totalFrames: number } // allocator
  | undefined; // readahead

/** Numbers an init takes. */
export function initNums(init: InstanceInit): number {
  return 2 + (init && 'references' in init && init.references ? init.references.length : 0);
}

/** Writes an init. */
export function putInit(f: Float64Array, at: number, init: InstanceInit): number {
  if (init && 'totalFrames' in init) {
    f[at] = init.totalFrames; f[at + 1] = -1;
    return at + 2;
  }
  const refs = init && 'frames' in init ? init.references : undefined;
  f[at] = init && 'frames' in init ? init.frames : 0;
  f[at + 1] = refs ? refs.length : -1;
  at += 2;
  if (refs) for (let i = 0; i < refs.length; i++) f[at++] = refs[i]!;
  return at;
}

/** Reads an init: `a` (frames or totalFrames) and the reference string if one was sent. */
export function readInit(f: Float64Array, c: Cursor): { a: number; references?: number[] } {
  const a = f[c.at]!, r = f[c.at + 1]!;
  c.at += 2;
  if (r < 0) return { a };
  const references = Array.from(f.subarray(c.at, c.at + r));
  c.at += r;
  return { a, references };
}

/** Numbers a BitsData takes. */
export function bitsNums(b: BitsData): number {
  return 2 + 3 * b.frames.length;
}

/** Writes the bits of `b.frames` (from the kernel's frame-indexed arrays) parallel to frames. */
export function putBits(f: Float64Array, at: number, b: BitsData): number {
  const frames = b.frames, n = frames.length, ref = b.referenced, dirty = b.dirty, vpn = b.vpn;
  f[at] = b.now; f[at + 1] = n;
  const fr = at + 2, fl = fr + n, vp = fl + n;
  for (let i = 0; i < n; i++) {
    const x = frames[i]!;
    f[fr + i] = x;
    f[fl + i] = (ref[x] ? 1 : 0) | (dirty[x] ? 2 : 0);
    f[vp + i] = vpn[x] ?? -1;
  }
  return vp + n;
}

/** Frame numbers beyond this are treated as out of range by the worker's scratch arrays. */
const MAX_FRAME = 1 << 24;

/** Rebuilds frame-indexed BitsData from the parallel encoding; reuses its arrays across calls. */
export class BitsReader {
  private referenced = new Uint8Array(0);
  private dirty = new Uint8Array(0);
  private vpn = new Int32Array(0);

  /** Reads one bits block. Contract: the arrays are valid until the next read. */
  read(f: Float64Array, c: Cursor): BitsData {
    const now = f[c.at]!, n = f[c.at + 1]!;
    const fr = c.at + 2, fl = fr + n, vp = fl + n;
    c.at = vp + n;
    const frames = new Array<number>(n);
    let referenced = this.referenced, dirty = this.dirty, vpn = this.vpn;
    for (let i = 0; i < n; i++) { // one pass: growing the arrays when a frame is beyond them
      const x = f[fr + i]!;
      frames[i] = x;
      if (!(x >= 0 && x < MAX_FRAME && Number.isInteger(x))) continue;
      if (x >= referenced.length) {
        let size = Math.max(64, referenced.length);
        while (size <= x) size *= 2;
        const grow = <T extends Uint8Array | Int32Array>(a: T, b: T): T => { b.set(a); return b; };
        referenced = this.referenced = grow(referenced, new Uint8Array(size));
        dirty = this.dirty = grow(dirty, new Uint8Array(size));
        vpn = this.vpn = grow(vpn, new Int32Array(size));
      }
      const flags = f[fl + i]!;
      referenced[x] = flags & 1;
      dirty[x] = (flags >> 1) & 1;
      vpn[x] = f[vp + i]!;
    }
    return { frames, referenced, dirty, vpn, now };
  }
}

/** Writes a page. */
export function putPage(f: Float64Array, at: number, p: PageInfo): number {
  f[at] = p.frame; f[at + 1] = p.vpn; f[at + 2] = p.pid;
  return at + 3;
}

/** Writes a fault. */
export function putFault(f: Float64Array, at: number, x: FaultInfo): number {
  f[at] = x.pid; f[at + 1] = x.vpn; f[at + 2] = x.write ? 1 : 0; f[at + 3] = x.major ? 1 : 0; f[at + 4] = x.now;
  return at + 5;
}

/** Reads a fault. */
export function readFault(f: Float64Array, c: Cursor): FaultInfo {
  const at = c.at;
  c.at += 5;
  return { pid: f[at]!, vpn: f[at + 1]!, write: f[at + 2] === 1, major: f[at + 3] === 1, now: f[at + 4]! };
}

/** Numbers a usage report takes. */
export function usageNums(u: AllocatorUsage): number {
  return 3 + 5 * u.processes.length;
}

/** Writes a usage report. */
export function putUsage(f: Float64Array, at: number, u: AllocatorUsage): number {
  f[at] = u.totalFrames; f[at + 1] = u.now; f[at + 2] = u.processes.length;
  at += 3;
  for (const p of u.processes) {
    f[at] = p.pid; f[at + 1] = p.resident; f[at + 2] = p.faults; f[at + 3] = p.instructions; f[at + 4] = p.quota;
    at += 5;
  }
  return at;
}

/** Reads a usage report. */
export function readUsage(f: Float64Array, c: Cursor): AllocatorUsage {
  const totalFrames = f[c.at]!, now = f[c.at + 1]!, n = f[c.at + 2]!;
  let at = c.at + 3;
  const processes: ProcessUsage[] = [];
  for (let i = 0; i < n; i++, at += 5) processes.push({ pid: f[at]!, resident: f[at + 1]!, faults: f[at + 2]!, instructions: f[at + 3]!, quota: f[at + 4]! });
  c.at = at;
  return { totalFrames, now, processes };
}

/** Reads `n, list[n]` starting at `at`. */
export function readList(f: Float64Array, at: number): number[] {
  const n = f[at]!;
  return Array.from(f.subarray(at + 1, at + 1 + n));
}

/** Reads `n, n × (pid, quota)` into an object (keys inserted in the order sent). */
export function readQuotas(f: Float64Array, at: number): Record<number, number> {
  const n = f[at]!, out: Record<number, number> = {};
  for (let i = 0, p = at + 1; i < n; i++, p += 2) out[f[p]!] = f[p + 1]!;
  return out;
}

/** Encodes a quota map as `n, pairs` (the answer layout). */
export function quotaNums(q: Record<number, number>): number[] {
  const keys = Object.keys(q), out = [keys.length];
  for (const k of keys) out.push(Number(k), q[Number(k)]!);
  return out;
}
