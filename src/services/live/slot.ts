// A service slot: the running version of one service (the replacement policy, readahead or the
// frame allocator), the last good version kept hot beside it, an optional shadow candidate, and
// the rules of live update: a swap at a quiescent point with state carried over, probation after
// a swap (a failure rolls back to the last good version and the decision is retried), fallback
// outside probation, never a detour through a default policy. An isolated version that has to be
// rebuilt from the kernel's truth (no `migrate`) is staged first: its instances are created, the
// resident pages replayed and every later notification forwarded while its worker catches up
// beside the running machine, so that the switch itself carries almost nothing.

import type { AllocatorPort, BitsData, PortResult, ReadaheadPort, ReplacementPort } from '../../machine/kernel/ports.js';
import type { PageInfo, PolicyInit, ServiceKind } from '../protocol.js';
import type { LiveEvent } from './events.js';
import type { Latency, VersionFailure, VersionHost, VersionResult } from './version.js';

export interface SlotVersion {
  readonly number: number;
  /** What the user named: a built-in name or a file path. */
  readonly label: string;
  readonly host: VersionHost;
}

/** What a slot needs from the session: the kernel's truth, the clock, the event sink. */
export interface SlotContext {
  instructions(): number;
  livePids(): number[];
  /** Resident pages of a process in mapping order (to rebuild a policy from the kernel's truth). */
  residentPages(pid: number): PageInfo[];
  framesFor(pid: number): number;
  emit(e: LiveEvent): void;
}

export type SlotStatus = 'serving' | 'probation' | 'degraded';

export interface SlotInfo {
  service: string;
  kind: ServiceKind;
  version: number;
  label: string;
  name: string;
  status: SlotStatus;
  isolated: boolean;
  latency: Latency;
  lastError?: string;
  standby?: { version: number; label: string };
  shadow?: { label: string; decisions: number; differing: number };
}

/** Retired versions kept waiting to be stopped, at most. */
const MAX_RETIRED = 2;

const describe = (e: VersionFailure): string =>
  e.kind === 'timeout' ? `timeout: no answer within ${e.budgetMs} ms` : `${e.kind}: ${e.message.replace(/^(threw|crashed|timeout): /, '')}`;

export class ServiceSlot {
  current: SlotVersion;
  standby: SlotVersion | undefined;
  private shadowHost: { label: string; host: VersionHost; decisions: number; differing: number } | undefined;
  private probationUntil = 0;
  private nextNumber: number;
  private lastError: string | undefined;
  private degraded = false;
  private readonly instances = new Set<number>();
  /**
   * Versions a swap retired (the standby before it), not yet stopped: stopping a worker costs
   * the machine's cores a few milliseconds, so it happens when the next load starts
   * (releaseRetired), not next to the swap. At most MAX_RETIRED wait.
   */
  private readonly retired: VersionHost[] = [];
  /** Versions being brought up to the kernel's truth before their swap (host → label). */
  private readonly staged = new Map<VersionHost, string>();
  /** Why a staged version was dropped (for its stage() to say). */
  private readonly dropped = new WeakMap<VersionHost, string>();

  /** A slot named `id` (e.g. 'replacement') serving `first` as version 1. */
  constructor(readonly id: string, readonly kind: ServiceKind, first: VersionHost, label: string,
    private readonly ctx: SlotContext, readonly probationInstructions = 2_000_000) {
    this.current = { number: 1, label, host: first };
    this.nextNumber = 2;
  }

  /** True while the current version is on probation. */
  get onProbation(): boolean { return this.standby !== undefined && this.ctx.instructions() < this.probationUntil; }

  /** The version number the next swap will get. */
  peekNextNumber(): number { return this.nextNumber; }

  // ---- instances (one per process for replacement; id 0 for global services) -------------

  /** Creates the instance for `id` in the current version, the standby and the shadow. */
  addInstance(id: number): void {
    this.instances.add(id);
    const init: PolicyInit = { frames: this.ctx.framesFor(id) };
    for (const h of this.hosts()) {
      const r = h.createInstance(id, init);
      if (!r.ok && h === this.current.host) this.failed(r.error, 'init');
    }
  }

  /** Destroys instance `id` everywhere (process exit). */
  removeInstance(id: number): void {
    this.instances.delete(id);
    for (const h of this.hosts()) h.destroyInstance(id);
  }

  private hosts(): VersionHost[] {
    const hs = [this.current.host];
    if (this.standby) hs.push(this.standby.host);
    if (this.shadowHost) hs.push(this.shadowHost.host);
    for (const h of this.staged.keys()) hs.push(h);
    return hs;
  }

  // ---- ports the kernel calls ------------------------------------------------------------

  /** The replacement port for process `pid` (stable across swaps: it always asks the current version). */
  replacementPort(pid: number): ReplacementPort {
    this.addInstance(pid);
    const slot = this;
    return {
      get hasScan() { return slot.current.host.info.hasScan; },
      name: this.id,
      map: (p) => this.notify(pid, p, true),
      unmap: (p) => this.notify(pid, p, false),
      victim: (b) => this.victim(pid, b),
      scan: (b) => this.decide((h) => h.scan(pid, b), () => true),
      coming: () => this.hint(),
    };
  }

  /** The readahead port (global instance 0). */
  readaheadPort(): ReadaheadPort {
    this.addInstance(0);
    return { name: this.id, fault: (f) => this.decide((h) => h.fault(f), (v) => Array.isArray(v)) };
  }

  /** The allocator port (global instance 0). */
  allocatorPort(): AllocatorPort {
    this.addInstance(0);
    return { name: this.id, quotas: (u) => this.decide((h) => h.quotas(u), (v) => typeof v === 'object' && v !== null) };
  }

  /**
   * Passes the kernel's "a decision is coming" on to the current version — when its worker is
   * the only one this slot runs: a woken worker spins for the request, and with a second worker
   * alive (an isolated standby, shadow or staged version catching up on notifications) that spin
   * would take the core the other needs (measured on two cores: the machine's stalls tripled).
   */
  private hint(): void {
    const h = this.current.host;
    if (!h.wake) return; // (on every eviction: no allocation here)
    if (this.standby?.host.isolated || this.shadowHost?.host.isolated) return;
    for (const x of this.staged.keys()) if (x.isolated) return;
    h.wake();
  }

  private notify(pid: number, page: PageInfo, mapped: boolean): PortResult<void> {
    for (const h of this.hosts()) {
      const r = mapped ? h.map(pid, page) : h.unmap(pid, page);
      if (!r.ok) {
        if (h === this.current.host) { this.failed(r.error, mapped ? 'onMap' : 'onUnmap'); }
        else if (this.shadowHost && h === this.shadowHost.host) this.dropShadow(describe(r.error));
        else if (this.standby && h === this.standby.host) { this.standby.host.terminate(); this.standby = undefined; }
        else if (this.staged.has(h)) this.unstage(h, `${mapped ? 'onMap' : 'onUnmap'} failed while catching up: ${describe(r.error)}`);
      }
    }
    return { ok: true, value: undefined };
  }

  private victim(pid: number, bits: BitsData): PortResult<{ victim: number; clear: number[] }> {
    const legal = (v: { victim: number }): boolean => Number.isInteger(v.victim) && v.victim >= 0 && v.victim < bits.stamp.length && bits.stamp[v.victim] === bits.epoch;
    const r = this.decide((h) => h.victim(pid, bits), legal);
    if (r.ok && this.shadowHost) {
      const s = this.shadowHost.host.victim(pid, bits);
      if (!s.ok) this.dropShadow(describe(s.error));
      else {
        this.shadowHost.decisions++;
        if (s.value.victim !== r.value.victim) this.shadowHost.differing++;
      }
    }
    return r;
  }

  /**
   * Asks the current version; on a failure or an answer `legal` rejects, the slot rolls back (or
   * falls back) and asks again — the faulting access is retried with the last good version.
   */
  private decide<T>(ask: (h: VersionHost) => VersionResult<T>, legal: (v: T) => boolean): PortResult<T> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const r = ask(this.current.host);
      if (r.ok && legal(r.value)) return r;
      const err: VersionFailure = r.ok ? { kind: 'invalid-answer', message: `illegal decision ${JSON.stringify(r.value)?.slice(0, 80)}` } : r.error;
      if (!this.failed(err, 'decision')) return { ok: false, error: { kind: err.kind, message: describe(err) } };
    }
    return { ok: false, error: { kind: 'degraded', message: 'no version could decide' } };
  }

  /**
   * Handles a failure of the current version: roll back (on probation) or fall back (after) to
   * the hot standby. Returns true when another version now serves (retry the call).
   */
  private failed(err: VersionFailure, where: string): boolean {
    const reason = `${where}: ${describe(err)}`;
    this.lastError = reason;
    const bad = this.current;
    this.ctx.emit({ type: 'service-error', service: this.id, version: bad.number, message: reason, instructions: this.ctx.instructions() });
    if (!this.standby) { this.degraded = true; return false; }
    const type = this.onProbation ? 'rollback' : 'fallback';
    this.ctx.emit({ type, service: this.id, version: bad.number, toVersion: this.standby.number, reason, instructions: this.ctx.instructions() });
    bad.host.terminate();
    this.current = this.standby;
    this.standby = undefined;
    this.probationUntil = 0;
    this.degraded = false;
    return true;
  }

  // ---- live update -------------------------------------------------------------------------

  /** True when `host` is rebuilt from the kernel's truth at a swap (a replacement policy without migrate). */
  private rebuilds(host: VersionHost): boolean { return this.kind === 'replacement' && !host.info.hasMigrate; }

  /**
   * Prepares the swap to `host` off the machine's path, when that pays: an isolated replacement
   * policy without `migrate` gets its instances and the resident pages now, then every
   * notification the others get, and this resolves once its worker has caught up — the machine
   * runs meanwhile. Other versions need nothing (resolves at once). Contract: resolves ok, or
   * (the host failed, or was dropped because a notification failed) terminates `host`, emits
   * `rejected` and resolves with the reason; swap() then finds the host ready.
   */
  async stage(host: VersionHost, label: string): Promise<{ ok: true } | { ok: false; reason: string }> {
    if (!host.isolated || !this.rebuilds(host)) return { ok: true };
    this.staged.set(host, label);
    for (const id of this.instances) {
      const r = host.createInstance(id, { frames: this.ctx.framesFor(id) });
      if (!r.ok) return this.unstage(host, `init failed: ${describe(r.error)}`);
      if (id !== 0) for (const page of this.ctx.residentPages(id)) host.map(id, page);
    }
    const r = await host.catchUp();
    if (!this.staged.has(host)) return { ok: false, reason: this.dropped.get(host) ?? 'the version was dropped while catching up' };
    return r.ok ? { ok: true } : this.unstage(host, `onMap failed while rebuilding state: ${describe(r.error)}`);
  }

  private unstage(host: VersionHost, reason: string): { ok: false; reason: string } {
    const label = this.staged.get(host) ?? '';
    this.staged.delete(host);
    this.dropped.set(host, reason);
    return this.reject(host, label, reason);
  }

  /**
   * Swaps in `host` at a quiescent point: state is carried over (exportState of the current
   * version, migrate in the new one; without migrate a fresh init replayed from the kernel's
   * truth — already done when the host was staged), then an atomic switch; the old version
   * becomes the hot standby and the new one goes on probation. Contract: on any failure nothing
   * changes and a `rejected` event says why.
   */
  swap(host: VersionHost, label: string): { ok: true; version: number; pauseUs: number } | { ok: false; reason: string } {
    const t0 = performance.now();
    const from = this.current;
    const staged = this.staged.delete(host);
    let how: 'migrate' | 'export' | 'rebuilt' = staged ? 'rebuilt' : 'export';
    for (const id of staged ? [] : this.instances) {
      const init: PolicyInit = { frames: this.ctx.framesFor(id) };
      const st = this.rebuilds(host) ? { ok: false as const } : from.host.exportState(id);
      const r = st.ok ? host.migrateInstance(id, st.value, from.number, init) : host.createInstance(id, init);
      if (!r.ok) return this.reject(host, label, `${st.ok && host.info.hasMigrate ? 'migrate' : 'init'} failed: ${describe(r.error)}`);
      if (st.ok && r.value === 'migrate') how = 'migrate';
      else if (this.kind === 'replacement' && id !== 0) {
        how = how === 'migrate' ? how : 'rebuilt';
        for (const page of this.ctx.residentPages(id)) {
          const m = host.map(id, page);
          if (!m.ok) return this.reject(host, label, `onMap failed while rebuilding state: ${describe(m.error)}`);
        }
      }
    }
    if (this.standby) this.retire(this.standby.host);
    const number = this.nextNumber++;
    this.standby = from;
    this.current = { number, label, host };
    this.probationUntil = this.ctx.instructions() + this.probationInstructions;
    this.degraded = false;
    this.lastError = undefined;
    const pauseUs = (performance.now() - t0) * 1000;
    this.ctx.emit({ type: 'swap', service: this.id, fromVersion: from.number, toVersion: number, name: host.info.name, pauseUs, instructions: this.ctx.instructions(), migrated: how });
    return { ok: true, version: number, pauseUs };
  }

  private retire(host: VersionHost): void {
    if (!host.isolated) { host.terminate(); return; }
    this.retired.push(host);
    while (this.retired.length > MAX_RETIRED) this.retired.shift()!.terminate();
  }

  /** Stops the versions swaps retired (called when a new load starts, away from any swap). */
  releaseRetired(): void {
    for (const h of this.retired.splice(0)) h.terminate();
  }

  private reject(host: VersionHost, label: string, reason: string): { ok: false; reason: string } {
    host.terminate();
    this.ctx.emit({ type: 'rejected', service: this.id, file: label, reason });
    return { ok: false, reason };
  }

  /** Called between kernel runs: announces the end of probation once. */
  tick(): void {
    if (this.standby && this.probationUntil > 0 && this.ctx.instructions() >= this.probationUntil) {
      this.probationUntil = 0;
      this.ctx.emit({ type: 'probation-passed', service: this.id, version: this.current.number, instructions: this.ctx.instructions() });
    }
  }

  /** Runs `host` as a shadow: same notifications, its decisions compared, never applied. */
  setShadow(host: VersionHost, label: string): void {
    this.dropShadow();
    for (const id of this.instances) {
      const r = host.createInstance(id, { frames: this.ctx.framesFor(id) });
      if (!r.ok) { host.terminate(); this.ctx.emit({ type: 'rejected', service: this.id, file: label, reason: `shadow init failed: ${describe(r.error)}` }); return; }
      for (const page of this.ctx.residentPages(id)) host.map(id, page);
    }
    this.shadowHost = { label, host, decisions: 0, differing: 0 };
  }

  private dropShadow(reason?: string): void {
    const s = this.shadowHost;
    if (!s) return;
    this.shadowHost = undefined;
    s.host.terminate();
    if (reason) this.ctx.emit({ type: 'service-error', service: `${this.id} (shadow)`, version: 0, message: reason, instructions: this.ctx.instructions() });
  }

  /** Shadow comparison so far (undefined without a shadow). */
  shadowReport(): { label: string; decisions: number; differing: number } | undefined {
    const s = this.shadowHost;
    return s ? { label: s.label, decisions: s.decisions, differing: s.differing } : undefined;
  }

  /** What the UI and tools show about this slot. */
  info(): SlotInfo {
    const sh = this.shadowReport();
    return {
      service: this.id, kind: this.kind, version: this.current.number, label: this.current.label, name: this.current.host.info.name,
      status: this.degraded ? 'degraded' : this.onProbation ? 'probation' : 'serving', isolated: this.current.host.isolated,
      latency: this.current.host.latency(),
      ...(this.lastError ? { lastError: this.lastError } : {}),
      ...(this.standby ? { standby: { version: this.standby.number, label: this.standby.label } } : {}),
      ...(sh ? { shadow: sh } : {}),
    };
  }

  /** Stops every version's host. */
  close(): void {
    this.releaseRetired();
    for (const h of this.hosts()) h.terminate();
  }
}
