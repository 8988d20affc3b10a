// Demand paging: the mechanism that turns a page fault into a resident page. It decides what
// kind of fault it is (zero-fill, program image, swap-in, protection), finds a frame (free, or by
// asking the victim process's replacement policy — an answer it validates before acting), writes
// dirty victims to swap, shoots down the TLB, and lets the readahead service prefetch. Decode,
// then perform: a service's bad answer costs a fallback and an event, never a corrupt machine.

import type { Cpu } from '../hw/cpu.js';
import type { PhysMemory } from '../hw/memory.js';
import { PTE_A, PTE_D } from '../hw/pte.js';
import type { PageRec } from './addrspace.js';
import { COST } from './cost.js';
import type { KernelEvent } from './events.js';
import { FRAME_FREE, type FrameTable } from './frames.js';
import type { BitsData, ServicePorts } from './ports.js';
import type { Process } from './process.js';
import type { SwapDevice } from './swap.js';
import { PROT_EXEC, PROT_READ, PROT_WRITE } from './vma.js';

export type Access = 'fetch' | 'load' | 'store';

/** Outcome of a fault: handled (retry the access) or a segmentation fault. */
export type FaultOutcome = { kind: 'ok' } | { kind: 'segv'; message: string } | { kind: 'oom'; message: string };

/** What the pager needs from the kernel. */
export interface PagerContext {
  readonly mem: PhysMemory;
  readonly cpu: Cpu;
  readonly frames: FrameTable;
  readonly swap: SwapDevice;
  readonly ports: ServicePorts;
  process(pid: number): Process | undefined;
  processes(): readonly Process[];
  emit(e: KernelEvent): void;
  now(): number;
  charge(cycles: number): void;
}

const MAX_PREFETCH = 32;
const NEED: Record<Access, number> = { fetch: PROT_EXEC, load: PROT_READ, store: PROT_WRITE };

export class Pager {
  private readonly scratch = new Uint8Array(4096);
  private bits: BitsData;

  /** Physical memory (for kernel copies to and from user pages). */
  get mem(): PhysMemory { return this.k.mem; }

  /** A pager over the kernel's frames, swap and services. */
  constructor(private readonly k: PagerContext) {
    const n = k.frames.total;
    this.bits = { frames: [], referenced: new Uint8Array(n), dirty: new Uint8Array(n), vpn: new Int32Array(n), now: 0, stamp: new Int32Array(n), epoch: 0 };
  }

  /**
   * Serves a fault of process `p` at virtual address `va`.
   * Contract: on `ok` the page is resident with rights allowing the access; the faulting
   * instruction can be retried. `segv` when no VMA allows the access. Never throws for any
   * service answer.
   */
  fault(p: Process, va: number, access: Access): FaultOutcome {
    const vpn = va >>> 12;
    const vma = p.as.vmas.find(vpn);
    if (!vma || (vma.prot & NEED[access]) === 0) {
      return { kind: 'segv', message: `segmentation fault: ${access} at 0x${(va >>> 0).toString(16).padStart(8, '0')}${vma ? ' (not permitted)' : ' (unmapped)'}` };
    }
    const rec = p.as.pages.get(vpn);
    if (rec && rec.frame >= 0) {
      // resident but its PTE was withdrawn (mprotect back and forth): re-establish it
      p.as.reprotect(vpn, rec, vma.prot);
      this.k.cpu.sfenceVma(vpn * 4096, p.as.asid);
      return { kind: 'ok' };
    }
    let r: ReturnType<Pager['bringIn']>;
    try {
      r = this.bringIn(p, vpn, vma.prot, false);
    } catch (e) {
      if (e instanceof RangeError) return { kind: 'oom', message: e.message }; // page-table pool exhausted
      throw e;
    }
    if (r.kind !== 'ok') return r;
    if (this.k.ports.readahead) {
      const frame = p.as.pages.get(vpn)!.frame;
      this.k.frames.pinned[frame] = 1; // prefetching must not evict the page that faulted
      this.readahead(p, vpn, access === 'store', r.major);
      this.k.frames.pinned[frame] = 0;
    }
    return { kind: 'ok' };
  }

  /** Makes `vpn` resident (fault or prefetch); counts and charges it. */
  private bringIn(p: Process, vpn: number, prot: number, prefetch: boolean): { kind: 'ok'; major: boolean } | { kind: 'oom'; message: string } {
    const pteAt = p.as.pteAddr(vpn, true); // first, so a page-table shortage (RangeError) changes nothing
    const frame = this.obtainFrame(p, vpn);
    if (frame < 0) return { kind: 'oom', message: 'out of memory: no frame could be freed' };
    let rec = p.as.pages.get(vpn);
    if (!rec) { rec = { frame: -1, slot: -1, slotValid: false }; p.as.pages.set(vpn, rec); }
    const pa = this.k.frames.addr(frame);
    const major = rec.slot >= 0;
    if (major) {
      this.k.mem.writeBytes(pa, this.k.swap.read(rec.slot));
      rec.slotValid = true;
      p.stats.swapIns++;
    } else {
      p.as.initialContent(vpn, this.scratch);
      this.k.mem.writeBytes(pa, this.scratch);
    }
    rec.frame = frame;
    if (prot & (PROT_READ | PROT_WRITE | PROT_EXEC)) p.as.map(vpn, frame, prot);
    this.k.frames.pteWord[frame] = (pteAt - this.k.mem.base) >>> 2;
    p.resident.push(frame);
    if (prefetch) { p.stats.prefetched++; this.k.charge(COST.prefetch); }
    else if (major) { p.stats.majorFaults++; this.k.charge(COST.majorFault); }
    else { p.stats.minorFaults++; this.k.charge(COST.minorFault); }
    const m = p.policy.map({ frame, vpn, pid: p.pid });
    if (!m.ok) this.serviceError(p, p.policy.name, m.error.message);
    return { kind: 'ok', major };
  }

  /** A free frame within `p`'s quota, or one freed by evicting (from `p` or the process most over quota). */
  private obtainFrame(p: Process, vpn: number): number {
    const fr = this.k.frames;
    if (fr.freeCount > 0 && p.resident.length < p.quota) return fr.alloc(p.pid, vpn);
    let victim: Process = p;
    if (p.resident.length < p.quota || p.resident.length === 0) {
      let best: Process | undefined;
      for (const q of this.k.processes()) {
        if (q === p || q.resident.length === 0) continue;
        const over = q.resident.length - q.quota;
        if (!best || over > best.resident.length - best.quota) best = q;
      }
      if (best) victim = best;
    }
    if (victim.resident.length === 0 || !this.evictOne(victim)) return -1;
    return fr.alloc(p.pid, vpn);
  }

  /** Fills the shared bits arrays for `p`'s resident frames from its PTEs. */
  readBits(p: Process): BitsData {
    const b = this.bits;
    const fr = this.k.frames, ram = this.k.mem.i32;
    const epoch = ++b.epoch;
    for (const f of p.resident) {
      b.stamp[f] = epoch;
      const pte = ram[fr.pteWord[f]!]!;
      b.referenced[f] = pte & PTE_A ? 1 : 0;
      b.dirty[f] = pte & PTE_D ? 1 : 0;
      b.vpn[f] = fr.vpn[f]!;
    }
    b.frames = p.resident.slice();
    b.now = this.k.now();
    return b;
  }

  /** Clears the A bit of each listed frame owned by `p` (others are ignored), with TLB shootdown. */
  applyClears(p: Process, frames: readonly number[]): void {
    for (const f of frames) {
      if (!Number.isInteger(f) || f < 0 || f >= this.k.frames.total || this.k.frames.owner[f] !== p.pid) continue;
      const vpn = this.k.frames.vpn[f]!;
      const a = p.as.pteAddr(vpn, false);
      if (a < 0) continue;
      const pte = this.k.mem.read32(a);
      if (pte & PTE_A) {
        this.k.mem.write32(a, pte & ~PTE_A);
        this.k.cpu.sfenceVma(vpn * 4096, p.as.asid);
      }
    }
  }

  /**
   * Asks `v`'s policy for a victim, validates it (else falls back to the oldest unpinned frame)
   * and evicts it. Contract: false (nothing evicted) only when every frame of `v` is pinned.
   */
  evictOne(v: Process): boolean {
    const unpinned = v.resident.find((f) => !this.k.frames.pinned[f]);
    if (unpinned === undefined) return false;
    v.policy.coming?.(); // an isolated policy's thread wakes while the bits are read
    const bits = this.readBits(v);
    const ans = v.policy.victim(bits);
    let frame = -1;
    if (!ans.ok) {
      this.fallback(v, `${ans.error.kind}: ${ans.error.message}`);
    } else {
      const f = ans.value.victim;
      const fr = this.k.frames;
      let why = '';
      if (!Number.isInteger(f) || f < 0 || f >= fr.total) why = `victim ${f} is out of range (0..${fr.total - 1})`;
      else if (fr.owner[f] === FRAME_FREE) why = `victim ${f} is a free frame`;
      else if (fr.owner[f] !== v.pid) why = `victim ${f} belongs to ${fr.owner[f]! < 0 ? 'no process' : `process ${fr.owner[f]}`}, not ${v.pid}`;
      else if (fr.pinned[f]) why = `victim ${f} is pinned`;
      if (why) this.fallback(v, why);
      else {
        frame = f;
        this.applyClears(v, ans.value.clear);
      }
    }
    if (frame < 0) frame = unpinned;
    this.evictFrame(v, frame);
    return true;
  }

  /** Evicts user frame `frame` of `v`: swap out if needed, unmap, shoot down, notify, free. */
  evictFrame(v: Process, frame: number): void {
    const fr = this.k.frames;
    const vpn = fr.vpn[frame]!;
    const rec = v.as.pages.get(vpn)!;
    const pte = v.as.getPte(vpn);
    const dirty = (pte & PTE_D) !== 0 || rec.heldDirty === true;
    rec.heldDirty = false;
    if (dirty || (rec.slot >= 0 && !rec.slotValid)) {
      if (rec.slot < 0) rec.slot = this.k.swap.alloc();
      const off = fr.addr(frame) - this.k.mem.base;
      this.k.swap.write(rec.slot, this.k.mem.u8.subarray(off, off + 4096));
      rec.slotValid = true;
      v.stats.swapOuts++;
      this.k.charge(COST.swapWrite);
    }
    v.as.setPte(vpn, 0);
    this.k.cpu.sfenceVma(vpn * 4096, v.as.asid);
    rec.frame = -1;
    v.stats.evictions++;
    const i = v.resident.indexOf(frame);
    if (i >= 0) v.resident.splice(i, 1);
    const u = v.policy.unmap({ frame, vpn, pid: v.pid });
    if (!u.ok) this.serviceError(v, v.policy.name, u.error.message);
    fr.release(frame);
  }

  /** Drops a page entirely (munmap, exit): frees its frame and slot without writing anything. */
  discard(p: Process, vpn: number, rec: PageRec, notify: boolean): void {
    if (rec.frame >= 0) {
      const frame = rec.frame;
      p.as.setPte(vpn, 0);
      this.k.cpu.sfenceVma(vpn * 4096, p.as.asid);
      const i = p.resident.indexOf(frame);
      if (i >= 0) p.resident.splice(i, 1);
      if (notify) {
        const u = p.policy.unmap({ frame, vpn, pid: p.pid });
        if (!u.ok) this.serviceError(p, p.policy.name, u.error.message);
      }
      this.k.frames.release(frame);
      rec.frame = -1;
    }
    if (rec.slot >= 0) { this.k.swap.free(rec.slot); rec.slot = -1; }
    p.as.pages.delete(vpn);
  }

  /**
   * Ensures `vpn` is resident for a kernel access on behalf of `p` (copy to/from user memory).
   * Contract: returns the physical address of the page, or -1 when the access is not permitted.
   */
  ensureResident(p: Process, vpn: number, write: boolean): number {
    const vma = p.as.vmas.find(vpn);
    if (!vma || (vma.prot & (write ? PROT_WRITE : PROT_READ)) === 0) return -1;
    const rec = p.as.pages.get(vpn);
    if (rec && rec.frame >= 0 && p.as.physOf(vpn) >= 0) {
      p.as.touch(vpn, write);
      return p.as.physOf(vpn);
    }
    const r = this.fault(p, vpn * 4096, write ? 'store' : 'load');
    if (r.kind !== 'ok') return -1;
    p.as.touch(vpn, write);
    return p.as.physOf(vpn);
  }

  private readahead(p: Process, vpn: number, write: boolean, major: boolean): void {
    const ra = this.k.ports.readahead;
    if (!ra) return;
    const ans = ra.fault({ pid: p.pid, vpn, write, major, now: this.k.now() });
    if (!ans.ok) { this.serviceError(p, ra.name, ans.error.message); return; }
    // never let prefetching crowd out what the faulting instruction needs
    const cap = Math.min(MAX_PREFETCH, Math.floor(Math.min(p.quota, this.k.frames.total) / 2));
    let n = 0;
    for (const want of ans.value) {
      if (n >= cap) break;
      if (!Number.isInteger(want) || want < 0 || want > 0xfffff) continue;
      const vma = p.as.vmas.find(want);
      const rec = p.as.pages.get(want);
      if (!vma || (vma.prot & (PROT_READ | PROT_EXEC)) === 0 || (rec && rec.frame >= 0)) continue;
      try {
        if (this.bringIn(p, want, vma.prot, true).kind !== 'ok') break;
      } catch (e) {
        if (e instanceof RangeError) break;
        throw e;
      }
      n++;
    }
  }

  private fallback(p: Process, reason: string): void {
    this.k.emit({ type: 'fallback', pid: p.pid, service: p.policy.name, reason, time: this.k.now() });
  }

  private serviceError(p: Process, service: string, message: string): void {
    this.k.emit({ type: 'service-error', pid: p.pid, service, message, time: this.k.now() });
  }
}
