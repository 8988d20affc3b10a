// Test helper: a small paging machine that drives one replacement-policy instance through a
// reference string (64 user frames handed out from a scattered free list, A/D bits, clears
// applied, a scan every 50 references) and logs every answer — to compare hosts call for call.
import type { BitsData } from '../../../src/services/host.js';
import type { PageInfo } from '../../../src/services/protocol.js';
import { rng } from '../../helpers/random.js';

type R<T> = { ok: true; value: T } | { ok: false; error: { kind: string; message: string } };

/** What the driver calls: an in-process host, or an isolated host bound to an instance id. */
export interface PolicyTarget {
  map(p: PageInfo): R<void>;
  unmap(p: PageInfo): R<void>;
  victim(b: BitsData): R<{ victim: number; clear: number[] }>;
  scan(b: BitsData): R<{ clear: number[] }>;
}

const TOTAL = 64;

/** One process's machine state; step() feeds it one reference. */
export class Machine {
  readonly log: string[] = [];
  private readonly free: number[];
  private readonly table = new Map<number, number>();
  private readonly order: number[] = [];
  private readonly referenced = new Uint8Array(TOTAL);
  private readonly dirty = new Uint8Array(TOTAL);
  private readonly vpn = new Int32Array(TOTAL).fill(-1);
  private n = 0;

  constructor(private readonly t: PolicyTarget, private readonly quota: number, seed: number, private readonly pid = 1) {
    const r = rng(seed);
    this.free = Array.from({ length: TOTAL }, (_, i) => i).sort(() => r() - 0.5);
  }

  private bits(): BitsData {
    return { frames: this.order, referenced: this.referenced, dirty: this.dirty, vpn: this.vpn, now: this.n * 1000 };
  }

  private must<T>(r: R<T>, what: string): T {
    if (!r.ok) throw new Error(`${what}: ${r.error.kind}: ${r.error.message}`);
    return r.value;
  }

  private clear(frames: number[]): void {
    for (const f of frames) if (this.vpn[f]! >= 0) this.referenced[f] = 0;
  }

  /** One reference to page `v` (a write when `write`). */
  step(v: number, write: boolean): void {
    this.n++;
    let f = this.table.get(v);
    if (f === undefined) {
      if (this.order.length >= this.quota) {
        const a = this.must(this.t.victim(this.bits()), 'victim');
        this.log.push(`victim ${a.victim} clear ${a.clear.join(',')}`);
        if (this.vpn[a.victim]! < 0 || !this.order.includes(a.victim)) throw new Error(`victim ${a.victim} is not resident`);
        this.clear(a.clear);
        const gone: PageInfo = { frame: a.victim, vpn: this.vpn[a.victim]!, pid: this.pid };
        this.table.delete(gone.vpn);
        this.order.splice(this.order.indexOf(a.victim), 1);
        this.vpn[a.victim] = -1; this.referenced[a.victim] = 0; this.dirty[a.victim] = 0;
        this.free.push(a.victim);
        this.must(this.t.unmap(gone), 'unmap');
      }
      f = this.free.shift()!;
      this.table.set(v, f);
      this.order.push(f);
      this.vpn[f] = v;
      this.must(this.t.map({ frame: f, vpn: v, pid: this.pid }), 'map');
    }
    this.referenced[f] = 1;
    if (write) this.dirty[f] = 1;
    if (this.n % 50 === 0) {
      const a = this.must(this.t.scan(this.bits()), 'scan');
      this.log.push(`scan clear ${a.clear.join(',')}`);
      this.clear(a.clear);
    }
  }
}
