// The session facade: one running machine with its kernel, its service slots and the live-update
// pipeline, behind commands (load a service file, switch to a built-in, pause, speed, add/kill a
// process, balloon) and a telemetry snapshot. The CLI and the UI talk to this, nothing lower.

import type { ElfImage } from '../machine/hw/elf.js';
import type { KernelEvent } from '../machine/kernel/events.js';
import { Kernel } from '../machine/kernel/kernel.js';
import type { ServicePorts } from '../machine/kernel/ports.js';
import type { LiveEvent } from '../services/live/events.js';
import { ServiceSlot, type SlotInfo } from '../services/live/slot.js';
import type { ServiceKind } from '../services/protocol.js';
import { disposeCompilers, loadVersion, type LoadVersionResult } from './versions.js';
import { Telemetry, type TelemetrySnapshot } from './telemetry.js';

export type SessionEvent = KernelEvent | LiveEvent;

export interface ProgramSpec { name: string; image: ElfImage; argv: string[] }

export interface SessionOptions {
  frames: number;
  seed: number;
  programs: ProgramSpec[];
  /** Replacement policy: a built-in name or a service file. */
  policy: string;
  /** Per-process replacement policies (pid → built-in or file): those processes get a slot of their own. */
  policyFor?: Record<number, string>;
  readahead?: string;
  allocator?: string;
  /** Instructions a new version stays on probation (default 2 000 000). */
  probation?: number;
  /** Per-call time budget of isolated services (ms; default 50: generous for a loaded 2-core host). */
  callBudgetMs?: number;
  stdin?: Uint8Array;
  onOutput?: (pid: number, fd: number, bytes: Uint8Array) => void;
  onEvent?: (e: SessionEvent) => void;
  scanInterval?: number;
  onAccess?: (pid: number, vpn: number) => void;
}

/** What snapshot() gives: everything the UI draws, at one instant. */
export type SessionSnapshot = ReturnType<Session['snapshot']>;

export type CreateResult = { ok: true; session: Session } | { ok: false; message: string };

type SlotId = 'replacement' | 'readahead' | 'allocator';

export class Session {
  readonly kernel: Kernel;
  readonly slots = new Map<SlotId, ServiceSlot>();
  /** Slots of processes given a policy of their own (pid → slot). */
  readonly processSlots = new Map<number, ServiceSlot>();
  readonly telemetry: Telemetry;
  private readonly pendingSwaps: { slot: SlotId; version: LoadVersionResult & { ok: true }; label: string }[] = [];
  private paused = false;
  /** Loads in flight: the machine runs in shorter slices meanwhile, so their async steps go fast. */
  private loading = 0;
  private speed = Infinity;
  private running = false;
  private readonly listeners = new Set<(e: SessionEvent) => void>();

  private constructor(private readonly opts: SessionOptions, first: Map<SlotId, { host: LoadVersionResult & { ok: true }; label: string }>,
    perProcess: Map<number, { host: LoadVersionResult & { ok: true }; label: string }> = new Map()) {
    const emit = (e: SessionEvent): void => this.emit(e);
    const ctxFor = () => ({
      instructions: () => this.kernel.machine.cpu.instret,
      livePids: () => this.kernel.live().map((p) => p.pid),
      residentPages: (pid: number) => {
        const p = this.kernel.procs.find((q) => q.pid === pid);
        return p ? p.resident.map((f) => ({ frame: f, vpn: this.kernel.frames.vpn[f]!, pid })) : [];
      },
      framesFor: () => opts.frames,
      emit,
    });
    for (const [id, v] of first) this.slots.set(id, new ServiceSlot(id, v.host.host.info.kind as ServiceKind, v.host.host, v.label, ctxFor(), opts.probation ?? 2_000_000));
    for (const [pid, v] of perProcess) this.processSlots.set(pid, new ServiceSlot(`replacement (pid ${pid})`, 'replacement', v.host.host, v.label, ctxFor(), opts.probation ?? 2_000_000));
    const rep = this.slots.get('replacement')!;
    const slotOf = (pid: number): ServiceSlot => this.processSlots.get(pid) ?? rep;
    const ports: ServicePorts = {
      replacementFor: (pid) => slotOf(pid).replacementPort(pid),
      release: (pid) => slotOf(pid).removeInstance(pid),
    };
    const ra = this.slots.get('readahead');
    if (ra) ports.readahead = ra.readaheadPort();
    const al = this.slots.get('allocator');
    if (al) ports.allocator = al.allocatorPort();
    this.kernel = new Kernel({
      frames: opts.frames, seed: opts.seed, ports,
      ...(opts.stdin ? { stdin: opts.stdin } : {}),
      ...(opts.onOutput ? { onOutput: opts.onOutput } : {}),
      onEvent: emit,
      ...(opts.scanInterval ? { scanInterval: opts.scanInterval } : {}),
      ...(opts.onAccess ? { onAccess: opts.onAccess } : {}),
    });
    this.telemetry = new Telemetry(this.kernel);
  }

  /**
   * Loads the services and boots the kernel with the programs.
   * Contract: `ok: false` with a one-line message when a service cannot be loaded or a program
   * cannot be started; nothing is left running then.
   */
  static async create(opts: SessionOptions): Promise<CreateResult> {
    const first = new Map<SlotId, { host: LoadVersionResult & { ok: true }; label: string }>();
    const want: [SlotId, string | undefined][] = [['replacement', opts.policy], ['readahead', opts.readahead], ['allocator', opts.allocator]];
    for (const [id, spec] of want) {
      if (spec === undefined) continue;
      const v = await loadVersion(spec, id, { frames: opts.frames, callBudgetMs: opts.callBudgetMs });
      if (!v.ok) { for (const f of first.values()) f.host.host.terminate(); await disposeCompilers(); return { ok: false, message: v.message }; }
      first.set(id, { host: v, label: spec });
    }
    const perProcess = new Map<number, { host: LoadVersionResult & { ok: true }; label: string }>();
    for (const [pid, spec] of Object.entries(opts.policyFor ?? {})) {
      const v = await loadVersion(spec, 'replacement', { frames: opts.frames, callBudgetMs: opts.callBudgetMs });
      if (!v.ok) { for (const f of [...first.values(), ...perProcess.values()]) f.host.host.terminate(); await disposeCompilers(); return { ok: false, message: v.message }; }
      perProcess.set(Number(pid), { host: v, label: spec });
    }
    const s = new Session(opts, first, perProcess);
    for (const prog of opts.programs) {
      const r = s.kernel.spawn(prog.image, prog.argv, opts.policy);
      if (!r.ok) { s.close(); return { ok: false, message: `${prog.name}: ${r.message}` }; }
    }
    return { ok: true, session: s };
  }

  private emit(e: SessionEvent): void {
    this.telemetry.event(e);
    this.opts.onEvent?.(e);
    for (const l of this.listeners) l(e);
  }

  /** Subscribes to events; returns the unsubscribe function. */
  onEvent(fn: (e: SessionEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  // ---- commands ---------------------------------------------------------------------------

  /**
   * Compiles/loads `spec` (a built-in name or a file) for slot `slot` off the machine's path,
   * validates it, stages it (ServiceSlot.stage) and queues the swap for the next quiescent point. Contract: resolves with the
   * outcome; a failure leaves the running version serving and emits compile-error/rejected.
   */
  async load(slot: SlotId, spec: string): Promise<{ ok: true } | { ok: false; message: string }> {
    const s = this.slots.get(slot);
    if (!s) return { ok: false, message: `no ${slot} service is running in this session` };
    this.loading++;
    s.releaseRetired(); // stop workers of retired versions now, far from the coming swap
    try {
      return await this.loadInto(s, slot, spec);
    } finally {
      this.loading--;
    }
  }

  private async loadInto(s: ServiceSlot, slot: SlotId, spec: string): Promise<{ ok: true } | { ok: false; message: string }> {
    // a save with the same bytes as the version serving from that file is no change
    const v = await loadVersion(spec, slot, { frames: this.opts.frames, callBudgetMs: this.opts.callBudgetMs, onEvent: (e) => this.emit(e), skipUnchanged: s.current.label === spec });
    if (!v.ok) return { ok: false, message: v.message };
    // a version rebuilt from the kernel's truth catches up beside the running machine first
    const staged = await s.stage(v.host, spec);
    if (!staged.ok) return { ok: false, message: `${spec}: not swapped in: ${staged.reason}` };
    this.pendingSwaps.push({ slot, version: v, label: spec });
    return { ok: true };
  }

  /** Applies queued swaps now (the caller guarantees a quiescent point: between kernel runs). */
  applyPendingSwaps(): void {
    while (this.pendingSwaps.length) {
      const p = this.pendingSwaps.shift()!;
      this.slots.get(p.slot)!.swap(p.version.host, p.label);
    }
  }

  /** Starts `spec` as a shadow of the replacement slot (decisions compared, never applied). */
  async shadow(spec: string): Promise<{ ok: true } | { ok: false; message: string }> {
    const v = await loadVersion(spec, 'replacement', { frames: this.opts.frames, callBudgetMs: this.opts.callBudgetMs, onEvent: (e) => this.emit(e) });
    if (!v.ok) return { ok: false, message: v.message };
    this.slots.get('replacement')!.setShadow(v.host, spec);
    return { ok: true };
  }

  /** Adds a process running `prog`. */
  addProcess(prog: ProgramSpec): { ok: true; pid: number } | { ok: false; message: string } {
    const r = this.kernel.spawn(prog.image, prog.argv, this.opts.policy);
    return r.ok ? { ok: true, pid: r.process.pid } : { ok: false, message: r.message };
  }

  /** Kills process `pid` (SIGKILL). */
  killProcess(pid: number): boolean {
    const p = this.kernel.live().find((q) => q.pid === pid);
    if (!p) return false;
    this.kernel.kill(p, 'SIGKILL', 'killed from the session');
    return true;
  }

  /** Balloon: makes `n` user frames available (evicting as needed); returns the new count. */
  setFrames(n: number): number { return this.kernel.setAvailableFrames(n); }

  pause(): void { this.paused = true; }
  resume(): void { this.paused = false; }
  get isPaused(): boolean { return this.paused; }
  /** Instructions per wall second to aim for (Infinity = as fast as possible). */
  setSpeed(ips: number): void { this.speed = ips > 0 ? ips : Infinity; }
  get currentSpeed(): number { return this.speed; }

  // ---- running ----------------------------------------------------------------------------

  /**
   * Runs up to `budget` instructions synchronously, applying queued swaps first and stopping at
   * `stopAt` (an instruction count) if given. Returns 'idle' when every process has ended.
   */
  runSync(budget: number, stopAt = Infinity): 'idle' | 'budget' {
    this.applyPendingSwaps();
    const cpu = this.kernel.machine.cpu;
    const limit = Math.min(budget, stopAt - cpu.instret);
    if (limit <= 0) return this.kernel.live().length ? 'budget' : 'idle';
    const r = this.kernel.run(limit);
    for (const s of this.slots.values()) s.tick();
    for (const s of this.processSlots.values()) s.tick();
    this.telemetry.sample();
    return r;
  }

  /**
   * Runs the machine in the background in chunks of about `sliceMs` of wall time between
   * event-loop turns (so watchers, the compiler and the UI stay responsive: each of their async
   * steps waits at most one chunk), honouring pause and speed. Resolves when every process ended
   * or stop() was called.
   */
  async start(sliceMs = 5): Promise<void> {
    this.running = true;
    const t0 = performance.now();
    let done = 0;
    let chunk = 100_000; // adapted so one chunk takes about sliceMs of wall time
    while (this.running) {
      if (this.paused) { this.applyPendingSwaps(); await tick(20); continue; }
      let n = chunk;
      if (this.speed !== Infinity) {
        const due = ((performance.now() - t0) / 1000) * this.speed - done;
        if (due < 1000) { await tick(10); continue; }
        n = Math.min(chunk, Math.floor(due));
      }
      const before = this.kernel.machine.cpu.instret;
      const w0 = performance.now();
      const r = this.runSync(n);
      const ran = this.kernel.machine.cpu.instret - before;
      const ms = performance.now() - w0;
      done += ran;
      const target = this.loading > 0 ? Math.min(1, sliceMs) : sliceMs;
      if (ran >= n && ms > 0) chunk = Math.max(1_000, Math.min(50_000_000, Math.round((chunk * target) / ms)));
      if (r === 'idle') break;
      await tick(0); // let watchers, the compiler and the UI in between chunks
    }
    this.running = false;
  }

  /** Stops the background loop after the current chunk. */
  stop(): void { this.running = false; }

  /** Everything the UI draws, at this instant. */
  snapshot(): TelemetrySnapshot & { services: SlotInfo[]; paused: boolean } {
    return { ...this.telemetry.snapshot(), services: [...this.slots.values(), ...this.processSlots.values()].map((s) => s.info()), paused: this.paused };
  }

  /** Stops services (workers), compilers and the loop. */
  close(): void {
    this.running = false;
    for (const s of [...this.slots.values(), ...this.processSlots.values()]) s.close();
    for (const p of this.pendingSwaps) p.version.host.terminate();
    void disposeCompilers();
  }
}

function tick(ms: number): Promise<void> {
  return new Promise((r) => (ms > 0 ? setTimeout(r, ms) : setImmediate(r)));
}
