// Shared fixtures for the kernel tests: fake service ports (a recording FIFO, a policy that gives
// bad answers on purpose), adapters for the real in-process host, and a booted kernel that
// records output and events per process.
import type { ElfImage } from '../../../src/machine/hw/elf.js';
import type { KernelEvent } from '../../../src/machine/kernel/events.js';
import { Kernel, type KernelOptions } from '../../../src/machine/kernel/kernel.js';
import type {
  AllocatorPort, BitsData, PortResult, ReadaheadPort, ReplacementPort, ServicePorts,
} from '../../../src/machine/kernel/ports.js';
import type { Process } from '../../../src/machine/kernel/process.js';
import { AllocatorHost, ReadaheadHost, ReplacementHost } from '../../../src/services/host.js';
import type { AllocatorService, PageInfo, ReadaheadService, ReplacementPolicy } from '../../../src/services/protocol.js';

export const OK_VOID: PortResult<void> = { ok: true, value: undefined };
export const ok = <T>(value: T): PortResult<T> => ({ ok: true, value });

/** A FIFO replacement port that records every call (frames in map order, oldest first). */
export class FakeFifo implements ReplacementPort {
  name = 'fake-fifo';
  hasScan = false;
  readonly queue: number[] = [];
  readonly maps: PageInfo[] = [];
  readonly unmaps: PageInfo[] = [];
  victims = 0;
  /** Optional hook run on every map/unmap (e.g. checks against the kernel state). */
  onMap?: (p: PageInfo) => void;
  onUnmap?: (p: PageInfo) => void;

  map(p: PageInfo): PortResult<void> {
    this.maps.push(p);
    this.queue.push(p.frame);
    this.onMap?.(p);
    return OK_VOID;
  }

  unmap(p: PageInfo): PortResult<void> {
    this.unmaps.push(p);
    const i = this.queue.indexOf(p.frame);
    if (i >= 0) this.queue.splice(i, 1);
    this.onUnmap?.(p);
    return OK_VOID;
  }

  victim(bits: BitsData): PortResult<{ victim: number; clear: number[] }> {
    this.victims++;
    return ok({ victim: this.queue[0] ?? bits.frames[0]!, clear: [] });
  }

  scan(_bits: BitsData): PortResult<{ clear: number[] }> {
    return ok({ clear: [] });
  }
}

export type BadMode = 'free' | 'foreign' | 'ballooned' | 'range' | 'pinned' | 'fails' | 'throws';

/**
 * A FIFO that answers badly whenever it can: a free frame, another process's frame, a ballooned
 * frame, out-of-range numbers, a pinned frame, a typed failure, or a thrown exception.
 * `bad` counts the bad answers actually given.
 */
export class BadPolicy extends FakeFifo {
  bad = 0;
  private n = 0;
  constructor(readonly mode: BadMode, private readonly k: () => Kernel, readonly pid: number) {
    super();
    this.name = `bad-${mode}`;
  }

  override victim(bits: BitsData): PortResult<{ victim: number; clear: number[] }> {
    const fr = this.k().frames;
    const find = (pred: (f: number) => boolean): number => {
      for (let f = 0; f < fr.total; f++) if (pred(f)) return f;
      return -1;
    };
    let f = -1;
    switch (this.mode) {
      case 'free': f = find((g) => fr.owner[g] === 0); break;
      case 'foreign': f = find((g) => fr.owner[g]! > 0 && fr.owner[g] !== this.pid); break;
      case 'ballooned': f = find((g) => fr.owner[g] === -1); break;
      case 'pinned': f = find((g) => fr.pinned[g] === 1); break;
      case 'range': {
        const junk = [fr.total, fr.total + 7, -1, 2.5, Number.NaN, 2 ** 40];
        this.bad++;
        return ok({ victim: junk[this.n++ % junk.length]!, clear: [] });
      }
      case 'fails':
        this.bad++;
        return { ok: false, error: { kind: 'threw', message: 'boom' } };
      case 'throws':
        this.bad++;
        throw new Error('raw port threw');
    }
    if (f < 0) return super.victim(bits);
    this.bad++;
    return ok({ victim: f, clear: [] });
  }
}

/** Adapts a real in-process host to the kernel's replacement port (as src/session does). */
export function hostPort(policy: ReplacementPolicy<any>, frames: number): ReplacementPort & { host: ReplacementHost } {
  const h = new ReplacementHost(policy, { frames });
  return { host: h, name: h.name, get hasScan() { return h.hasScan; }, map: (p) => h.map(p), unmap: (p) => h.unmap(p), victim: (b) => h.victim(b), scan: (b) => h.scan(b) };
}

export function readaheadPort(svc: ReadaheadService<any>): ReadaheadPort {
  const h = new ReadaheadHost(svc);
  return { name: svc.name, fault: (f) => h.fault(f) };
}

export function allocatorPort(svc: AllocatorService<any>, totalFrames: number): AllocatorPort {
  const h = new AllocatorHost(svc, totalFrames);
  return { name: svc.name, quotas: (u) => h.quotas(u) };
}

export interface Chunk { pid: number; fd: number; bytes: Uint8Array; now: number }

export interface Booted {
  k: Kernel;
  chunks: Chunk[];
  events: KernelEvent[];
  /** Replacement ports handed out, by pid. */
  policies: Map<number, ReplacementPort>;
  /** All bytes `pid` wrote to `fd`. */
  out(pid: number, fd?: number): Uint8Array;
  /** Same, decoded as UTF-8. */
  text(pid: number, fd?: number): string;
  spawn(image: ElfImage, name?: string, argv?: string[]): Process;
  /** Runs until no process is left (throws if `budget` is not enough). */
  runAll(budget?: number): void;
  eventsOf<T extends KernelEvent['type']>(type: T): Extract<KernelEvent, { type: T }>[];
}

export interface BootOptions extends Partial<Omit<KernelOptions, 'ports'>> {
  frames: number;
  /** Replacement port per pid (default: a FakeFifo). */
  policy?: (pid: number, k: () => Kernel) => ReplacementPort;
  readahead?: ReadaheadPort;
  allocator?: AllocatorPort;
  /** Installed as the ports' release hook (called when a process is gone). */
  release?: (pid: number) => void;
  /** Also called on every output chunk (after it is recorded). */
  onChunk?: (c: Chunk, k: Kernel) => void;
}

/** Boots a kernel with recording listeners and fake (or given) ports. */
export function boot(o: BootOptions): Booted {
  const chunks: Chunk[] = [];
  const events: KernelEvent[] = [];
  const policies = new Map<number, ReplacementPort>();
  let kernel: Kernel | undefined;
  const getK = (): Kernel => kernel!;
  const ports: ServicePorts = {
    replacementFor: (pid) => {
      const p = o.policy ? o.policy(pid, getK) : new FakeFifo();
      policies.set(pid, p);
      return p;
    },
  };
  if (o.readahead) ports.readahead = o.readahead;
  if (o.allocator) ports.allocator = o.allocator;
  if (o.release) ports.release = o.release;
  const { policy: _p, readahead: _r, allocator: _a, release: _rel, onChunk, ...rest } = o;
  kernel = new Kernel({
    seed: 1,
    ...rest,
    ports,
    onOutput: (pid, fd, bytes) => {
      const c = { pid, fd, bytes: bytes.slice(), now: kernel!.now() };
      chunks.push(c);
      onChunk?.(c, kernel!);
    },
    onEvent: (e) => { events.push(e); },
  });
  const k = kernel;
  const out = (pid: number, fd = 1): Uint8Array => {
    const parts = chunks.filter((c) => c.pid === pid && c.fd === fd);
    const b = new Uint8Array(parts.reduce((n, c) => n + c.bytes.length, 0));
    let at = 0;
    for (const c of parts) { b.set(c.bytes, at); at += c.bytes.length; }
    return b;
  };
  return {
    k, chunks, events, policies, out,
    text: (pid, fd = 1) => new TextDecoder().decode(out(pid, fd)),
    spawn(image, name = 'prog', argv) {
      const r = k.spawn(image, argv ?? [name], 'fifo');
      if (!r.ok) throw new Error(`spawn failed: ${r.message}`);
      return r.process;
    },
    runAll(budget = 5_000_000) {
      const r = k.run(budget);
      if (r !== 'idle') throw new Error(`processes still running after ${budget} instructions`);
    },
    eventsOf: <T extends KernelEvent['type']>(type: T) => events.filter((e): e is Extract<KernelEvent, { type: T }> => e.type === type),
  };
}
