// The microkernel core: processes on one Sv32 hart, preemptive round-robin scheduling in virtual
// time, trap dispatch (system calls, page faults, fatal traps), the periodic service calls
// (A-bit scans, frame quotas) and the statistics. Mechanism only: which page to evict, what to
// prefetch and how many frames each process may hold are answers from services (ports.ts).

import { Machine } from '../hw/machine.js';
import type { ElfImage } from '../hw/elf.js';
import { makeSatp } from '../hw/pte.js';
import { Cause, PRV_U } from '../hw/trap.js';
import type { AccessKind } from '../hw/mmu.js';
import { AddressSpace } from './addrspace.js';
import { COST, QUANTUM } from './cost.js';
import type { KernelEvent } from './events.js';
import { FRAME_BALLOONED, FrameTable } from './frames.js';
import { AT_ENTRY, AT_PAGESZ, AT_PHDR, AT_PHENT, AT_PHNUM, buildInitStack } from './initstack.js';
import { Pager, type Access } from './pager.js';
import type { ServicePorts } from './ports.js';
import { newStats, type Process } from './process.js';
import { SwapDevice } from './swap.js';
import { doSyscall } from './syscalls.js';
import { PROT_EXEC, PROT_READ, PROT_WRITE } from './vma.js';
import { copyOut } from './usercopy.js';
import { Rng } from './rng.js';

export const RAM_BASE = 0x8000_0000;
export const PT_FRAMES = 1024;
export const STACK_TOP = 0xbfff_f000;
export const STACK_PAGES = 2048; // 8 MiB
export const MAX_PIDS = 511;
/** Fewest frames a quota may give a process: one instruction can need 3 pages (code + a load across two). */
export const MIN_QUOTA = 4;
/** Consecutive faults without retiring an instruction before the kernel calls it thrashing. */
export const MAX_FAULT_STREAK = 512;

export interface KernelOptions {
  /** User frames (what `--frames N` sets). */
  frames: number;
  seed: number;
  ports: ServicePorts;
  stdin?: Uint8Array;
  onOutput?: (pid: number, fd: number, bytes: Uint8Array) => void;
  onEvent?: (e: KernelEvent) => void;
  quantum?: number;
  /** Instructions between A-bit scans for policies that scan (default 100 000). */
  scanInterval?: number;
  /** Instructions between frame-quota updates (default 1 000 000). */
  allocInterval?: number;
  /** Called with every user memory access's virtual page (slow: for --record-trace). */
  onAccess?: (pid: number, vpn: number, kind: AccessKind) => void;
}

export type SpawnResult = { ok: true; process: Process } | { ok: false; message: string };

export class Kernel {
  readonly machine: Machine;
  readonly frames: FrameTable;
  readonly swap = new SwapDevice();
  readonly pager: Pager;
  readonly procs: Process[] = [];
  readonly rng: Rng;
  readonly opts: KernelOptions;
  /** Bytes of stdin consumed so far (all processes share one stdin). */
  stdinPos = 0;
  private current: Process | undefined;
  private quantumLeft = 0;
  private nextPid = 1;
  /** The process that ran last (round-robin continues after it even when it exited). */
  private lastPid = 0;
  private nextScan: number;
  private nextAlloc: number;
  private walksSeen = 0;

  /** Boots the kernel on a fresh machine with `opts.frames` user frames. */
  constructor(opts: KernelOptions) {
    if (!Number.isInteger(opts.frames) || opts.frames < 1) throw new RangeError('frames must be a positive integer');
    this.opts = opts;
    this.machine = new Machine({ ramBase: RAM_BASE, ramSize: (PT_FRAMES + opts.frames) * 4096 });
    this.frames = new FrameTable(opts.frames, RAM_BASE + PT_FRAMES * 4096, PT_FRAMES, RAM_BASE);
    this.rng = new Rng(opts.seed);
    const cpu = this.machine.cpu;
    cpu.hostTraps = true;
    cpu.setPriv(PRV_U);
    if (opts.onAccess) {
      const hook = opts.onAccess;
      cpu.accessHook = (va, kind) => { if (this.current) hook(this.current.pid, va >>> 12, kind); };
    }
    this.pager = new Pager({
      mem: this.machine.mem, cpu, frames: this.frames, swap: this.swap, ports: opts.ports,
      process: (pid) => this.procs.find((p) => p.pid === pid && p.state === 'ready'),
      processes: () => this.live(),
      emit: (e) => this.emit(e),
      now: () => this.now(),
      charge: (c) => { cpu.stall += c; },
    });
    this.nextScan = opts.scanInterval ?? 100_000;
    this.nextAlloc = opts.allocInterval ?? 1_000_000;
  }

  /** Virtual time in cycles. */
  now(): number { return this.machine.cpu.cycles(0); }

  /** Processes that have not exited, by pid. */
  live(): Process[] { return this.procs.filter((p) => p.state === 'ready'); }

  /** Emits an event to the listener. */
  emit(e: KernelEvent): void { this.opts.onEvent?.(e); }

  /**
   * Creates a process running `image` with `argv` (argv[0] is its name), lazily: nothing is
   * mapped until touched, except the initial stack the kernel writes.
   * Contract: `ok: false` with a one-line reason when it cannot (too many processes, no memory).
   */
  spawn(image: ElfImage, argv: string[], policy: string): SpawnResult {
    if (this.nextPid > MAX_PIDS) return { ok: false, message: `too many processes (at most ${MAX_PIDS})` };
    const pid = this.nextPid++;
    let as: AddressSpace;
    try {
      as = new AddressSpace(this.machine.mem, this.frames, pid, image.segments);
    } catch (e) {
      return { ok: false, message: (e as Error).message };
    }
    for (const s of image.segments) {
      const prot = (s.flags.r ? PROT_READ : 0) | (s.flags.w ? PROT_WRITE : 0) | (s.flags.x ? PROT_EXEC : 0);
      as.vmas.add({ start: Math.floor(s.vaddr / 4096), end: Math.ceil((s.vaddr + s.memsz) / 4096), prot, kind: 'image' });
    }
    as.brkStart = as.brk = image.brkStart;
    as.vmas.add({ start: STACK_TOP / 4096 - STACK_PAGES, end: STACK_TOP / 4096, prot: PROT_READ | PROT_WRITE, kind: 'stack' });
    as.mmapTop = STACK_TOP / 4096 - STACK_PAGES - 256;
    const name = argv[0] ?? 'a.out';
    const quota = this.opts.ports.allocator ? Math.max(8, Math.floor(this.frames.total / (this.live().length + 1))) : this.frames.total;
    const p: Process = {
      pid, name, state: 'ready', exitCode: 0, regs: new Int32Array(32), pc: image.entry, as,
      policy: this.opts.ports.replacementFor(pid, policy, this.frames.total), quota, resident: [], stats: newStats(),
      lastFaults: 0, lastInstructions: 0, faultStreak: 0,
    };
    this.procs.push(p);
    const random = new Uint8Array(16);
    for (let i = 0; i < 16; i++) random[i] = this.rng.next() & 0xff;
    const st = buildInitStack({
      top: STACK_TOP, argv, envp: [],
      auxv: [[AT_PAGESZ, 4096], [AT_ENTRY, image.entry],
        ...(image.phdr ? [[AT_PHDR, image.phdr.vaddr], [AT_PHENT, image.phdr.entsize], [AT_PHNUM, image.phdr.count]] as [number, number][] : [])],
      random,
    });
    if (!copyOut(this.pager, p, st.sp, st.bytes)) {
      this.reap(p, 137, 'SIGKILL');
      return { ok: false, message: 'no memory for the initial stack' };
    }
    p.regs[2] = st.sp;
    this.emit({ type: 'spawn', pid, name, time: this.now() });
    this.rebalance();
    return { ok: true, process: p };
  }

  /**
   * Runs up to `budget` instructions across processes.
   * Contract: returns 'idle' when no process is left, else 'budget'. Deterministic: the same
   * spawns, inputs and services give the same interleaving, counts and output.
   */
  run(budget: number): 'idle' | 'budget' {
    const cpu = this.machine.cpu;
    let left = budget;
    while (left > 0) {
      const p = this.pick();
      if (!p) return 'idle';
      const slice = Math.min(left, this.quantumLeft, this.nextScan - cpu.instret, this.nextAlloc - cpu.instret);
      const before = cpu.instret;
      const exit = slice > 0 ? cpu.run(slice) : ({ kind: 'budget' } as const);
      p.stats.instructions += cpu.instret - before;
      if (cpu.instret !== before) p.faultStreak = 0;
      this.chargeWalks();
      if (exit.kind === 'trap') this.trap(p, exit.cause, exit.tval, exit.epc);
      else if (exit.kind !== 'budget') this.kill(p, 'SIGKILL', `stopped: ${exit.kind}`);
      const ran = cpu.instret - before; // includes a system call's ecall, retired by the kernel
      left -= ran;
      this.quantumLeft -= ran;
      if (cpu.instret >= this.nextScan) this.scan();
      if (cpu.instret >= this.nextAlloc) { this.nextAlloc += this.opts.allocInterval ?? 1_000_000; this.rebalance(); }
    }
    return this.live().length ? 'budget' : 'idle';
  }

  private pick(): Process | undefined {
    const cur = this.current;
    if (cur && cur.state === 'ready' && this.quantumLeft > 0) return cur;
    const live = this.live();
    if (live.length === 0) { this.current = undefined; return undefined; }
    const after = live.find((q) => q.pid > this.lastPid);
    const next = after ?? live[0]!;
    this.switchTo(next);
    return next;
  }

  private switchTo(p: Process): void {
    const cpu = this.machine.cpu;
    const cur = this.current;
    if (cur !== p) {
      if (cur && cur.state === 'ready') { cur.regs.set(cpu.x); cur.pc = cpu.pc; }
      cpu.x.set(p.regs);
      cpu.pc = p.pc;
      cpu.setSatp(makeSatp(p.as.root >>> 12, p.as.asid));
      cpu.stall += COST.contextSwitch;
      this.current = p;
    }
    this.lastPid = p.pid;
    this.quantumLeft = this.opts.quantum ?? QUANTUM;
  }

  private chargeWalks(): void {
    const w = this.machine.cpu.tlb.walks;
    const total = w[0]! + w[1]! + w[2]!;
    this.machine.cpu.stall += (total - this.walksSeen) * COST.tlbWalk;
    this.walksSeen = total;
  }

  private trap(p: Process, cause: number, tval: number, epc: number): void {
    const cpu = this.machine.cpu;
    const pc = `pc 0x${epc.toString(16).padStart(8, '0')}`;
    switch (cause) {
      case Cause.ecallU: {
        cpu.instret++; // the ecall retires once the kernel has served it
        p.stats.instructions++;
        p.stats.syscalls++;
        cpu.stall += COST.syscall;
        cpu.pc = (epc + 4) >>> 0;
        const r = doSyscall(this, p);
        if (r.kind === 'return') cpu.x[10] = r.value;
        else if (r.kind === 'exit') this.reap(p, r.code);
        else if (r.kind === 'yield') { cpu.x[10] = 0; this.quantumLeft = 0; }
        return;
      }
      case Cause.fetchPage: case Cause.loadPage: case Cause.storePage: {
        const access: Access = cause === Cause.fetchPage ? 'fetch' : cause === Cause.loadPage ? 'load' : 'store';
        if (++p.faultStreak > MAX_FAULT_STREAK) {
          return this.kill(p, 'SIGKILL', `no progress: ${MAX_FAULT_STREAK} page faults in a row without retiring an instruction (it needs more than its ${p.quota} frames; ${pc})`);
        }
        const r = this.pager.fault(p, tval, access);
        if (r.kind === 'segv') this.kill(p, 'SIGSEGV', `${r.message}, ${pc}`);
        else if (r.kind === 'oom') { this.emit({ type: 'oom', pid: p.pid, name: p.name, message: r.message, time: this.now() }); this.kill(p, 'SIGKILL', r.message); }
        return;
      }
      case Cause.illegalInstruction:
        return this.kill(p, 'SIGILL', `illegal instruction 0x${tval.toString(16).padStart(8, '0')}, ${pc}`);
      case Cause.breakpoint:
        return this.kill(p, 'SIGTRAP', `breakpoint, ${pc}`);
      case Cause.misalignedFetch:
        return this.kill(p, 'SIGBUS', `jump to misaligned address 0x${tval.toString(16)}, ${pc}`);
      default:
        return this.kill(p, 'SIGSEGV', `access fault (cause ${cause}) at 0x${tval.toString(16)}, ${pc}`);
    }
  }

  private static readonly SIGNO = { SIGILL: 4, SIGTRAP: 5, SIGBUS: 7, SIGKILL: 9, SIGSEGV: 11 } as const;

  /** Kills `p` with a signal: exit status 128 + signal number, an event with the reason. */
  kill(p: Process, signal: keyof typeof Kernel.SIGNO, message: string): void {
    this.emit({ type: 'kill', pid: p.pid, name: p.name, signal, message, time: this.now() });
    this.reap(p, 128 + Kernel.SIGNO[signal], signal);
  }

  /** Ends `p`: frees its frames, slots and page tables; records the status. */
  reap(p: Process, code: number, signal?: string): void {
    if (p.state === 'exited') return;
    for (const [vpn, rec] of [...p.as.pages]) this.pager.discard(p, vpn, rec, false);
    p.as.destroy();
    this.machine.cpu.sfenceVma(undefined, p.as.asid);
    p.state = 'exited';
    p.exitCode = code;
    if (signal) p.signal = signal;
    if (this.current === p) { this.current = undefined; this.quantumLeft = 0; }
    this.opts.ports.release?.(p.pid);
    if (!signal) this.emit({ type: 'exit', pid: p.pid, name: p.name, code, time: this.now() });
    this.rebalance();
  }

  /**
   * Balloon: makes `n` user frames available (1..total). Inflating takes the highest frames,
   * evicting their pages; deflating gives back the lowest ballooned ones. Returns the new count.
   */
  setAvailableFrames(n: number): number {
    const fr = this.frames;
    const target = Math.max(1, Math.min(fr.total, Math.floor(n)));
    let available = fr.total - fr.owner.reduce((a, o) => a + (o === FRAME_BALLOONED ? 1 : 0), 0);
    for (let f = fr.total - 1; f >= 0 && available > target; f--) {
      const owner = fr.owner[f]!;
      if (owner === FRAME_BALLOONED || fr.pinned[f]) continue;
      if (owner > 0) {
        const p = this.procs.find((q) => q.pid === owner)!;
        this.pager.evictFrame(p, f);
      }
      if (fr.balloon(f)) available--;
    }
    for (let f = 0; f < fr.total && available < target; f++) {
      if (fr.owner[f] === FRAME_BALLOONED) { fr.unballoon(f); available++; }
    }
    for (const p of this.live()) p.quota = Math.min(p.quota, available);
    if (!this.opts.ports.allocator) for (const p of this.live()) p.quota = available;
    return available;
  }

  private scan(): void {
    const every = this.opts.scanInterval ?? 100_000;
    this.nextScan = this.machine.cpu.instret + every;
    for (const p of this.live()) {
      if (!p.policy.hasScan || p.resident.length === 0) continue;
      const r = p.policy.scan(this.pager.readBits(p));
      if (r.ok) this.pager.applyClears(p, r.value.clear);
      else this.emit({ type: 'service-error', pid: p.pid, service: p.policy.name, message: r.error.message, time: this.now() });
    }
  }

  /** Asks the allocator for quotas (validated: integers >= 1, scaled down to fit); none = all frames. */
  rebalance(): void {
    const live = this.live();
    const alloc = this.opts.ports.allocator;
    const available = this.frames.total - this.frames.owner.reduce((a, o) => a + (o === FRAME_BALLOONED ? 1 : 0), 0);
    if (!alloc) { for (const p of live) p.quota = available; return; }
    if (live.length === 0) return;
    const r = alloc.quotas({
      totalFrames: this.frames.total, now: this.now(),
      processes: live.map((p) => ({
        pid: p.pid, resident: p.resident.length, quota: p.quota,
        faults: p.stats.minorFaults + p.stats.majorFaults - p.lastFaults, instructions: p.stats.instructions - p.lastInstructions,
      })),
    });
    for (const p of live) { p.lastFaults = p.stats.minorFaults + p.stats.majorFaults; p.lastInstructions = p.stats.instructions; }
    if (!r.ok) { this.emit({ type: 'service-error', pid: 0, service: alloc.name, message: r.error.message, time: this.now() }); return; }
    const want = live.map((p) => {
      const q = r.value[p.pid];
      return typeof q === 'number' && Number.isInteger(q) ? Math.max(1, q) : p.quota; // a non-integer is not a frame count
    });
    const sum = want.reduce((a, b) => a + b, 0);
    const scale = sum > available ? available / sum : 1;
    const floor = Math.min(MIN_QUOTA, Math.floor(available / live.length)) || 1;
    live.forEach((p, i) => { p.quota = Math.max(floor, Math.floor(want[i]! * scale)); });
  }
}
