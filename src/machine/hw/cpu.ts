// The hart: RV32IM + Zicsr + Zifencei with M, S and U modes. Owns the architectural state, the
// run loop (dispatch of compiled blocks from jit.ts), the inline-TLB arrays the blocks index, the
// slow paths for loads/stores/fetches (translation through tlb.ts and mmu.ts, misaligned and MMIO
// accesses) and the system instructions. Traps are values: with `hostTraps` set, a trap that
// would enter M-mode stops run() and is returned to the host (the lab's kernel) instead.

import { compileBlock, MAX_BLOCK, type Block } from './jit.js';
import { csrRead, csrWrite, legalMstatus, MSTATUS_XLATE } from './csr.js';
import { FRAME_CODE, type PhysMemory } from './memory.js';
import { ACC_FETCH, ACC_LOAD, ACC_STORE, leafPermits, walkSv32, WALK_ACCESS_FAULT, type AccessKind, type WalkLeaf } from './mmu.js';
import { PTE_D } from './pte.js';
import { Tlb } from './tlb.js';
import {
  Cause, INTERRUPT_BIT, MIP_MTIP, MSTATUS_MIE, MSTATUS_MPIE, MSTATUS_MPP, MSTATUS_MPP_SHIFT, MSTATUS_MPRV,
  MSTATUS_MXR, MSTATUS_SIE, MSTATUS_SPIE, MSTATUS_SPP, MSTATUS_SUM, MSTATUS_TSR, MSTATUS_TVM, MSTATUS_TW,
  PRV_M, PRV_S, PRV_U, selectInterrupt,
} from './trap.js';

/** Why run() returned. */
export type RunExit =
  | { kind: 'budget' }
  | { kind: 'trap'; cause: number; tval: number; epc: number }
  | { kind: 'halt'; code: number }
  | { kind: 'idle' };

export interface TlbStats {
  fetch: { accesses: number; misses: number };
  load: { accesses: number; misses: number };
  store: { accesses: number; misses: number };
}

const L1 = 256;
const L1_MASK = L1 - 1;
const BUDGET: RunExit = { kind: 'budget' };
const TWO32 = 0x1_0000_0000;

export class Cpu {
  readonly mem: PhysMemory;
  readonly x = new Int32Array(32);
  pc = 0;
  private privilege = PRV_M;
  /** When set, traps destined for M-mode are returned from run() instead of entering mtvec. */
  hostTraps = false;
  /**
   * When set, called with every translated access (fetches per instruction, loads, stores): the
   * inline TLB is bypassed and blocks are one instruction long. Slow; for reference tracing.
   */
  accessHook: ((va: number, kind: AccessKind) => void) | null = null;

  mstatus = 0; mtvec = 0; stvec = 0; mepc = 0; sepc = 0; mcause = 0; scause = 0; mtval = 0; stval = 0;
  mscratch = 0; sscratch = 0; medeleg = 0; mideleg = 0; mie = 0; mip = 0; satp = 0;
  mcounteren = 0; scounteren = 0;
  /** PMP entries 0-15: stored with full granularity; see docs/ARCHITECTURE.md (not enforced). */
  readonly pmpcfg = new Int32Array(4);
  readonly pmpaddr = new Int32Array(16);
  /** Instructions retired since reset (exact, below 2^53). */
  instret = 0;
  /** Extra cycles charged by devices or the host's cost model; cycle = instret + stall. */
  stall = 0;
  /** Loads and stores issued by compiled code (for TLB statistics). */
  nLoads = 0;
  nStores = 0;
  /** mtimecmp as a number (CLINT); Infinity when never armed. */
  mtimecmp = Infinity;
  private timeOffset = 0;
  private counterBase = [{ lo: 0, hi: 0, at: 0 }, null, { lo: 0, hi: 0, at: 0 }] as const;

  // Inline TLB (per translation context; flushed when priv/satp/MPRV/SUM/MXR change).
  readonly tagF = new Int32Array(L1).fill(-1);
  readonly offF = new Int32Array(L1);
  readonly tagR = new Int32Array(L1).fill(-1);
  readonly offR = new Int32Array(L1);
  readonly tagW = new Int32Array(L1).fill(-1);
  readonly offW = new Int32Array(L1);
  readonly tlb: Tlb;
  private readonly leaf: WalkLeaf = { pte: 0, level: 0, pteAddr: 0 };

  // Trap and exit signalling between compiled blocks, slow paths and the run loop.
  trapped = false;
  /** Nonzero when the running block must return at once (trap, halt, re-slice). */
  brk = false;
  private tCause = 0; private tTval = 0; private tEpc = 0;
  private exitValue: RunExit | null = null;
  private irqPending = false;

  /** Compiled blocks per RAM frame (dense arrays: a sparse one would fall into dictionary mode). */
  private readonly code: ((Block | undefined)[] | undefined)[];
  /** pc of the running block's first instruction and of the access a slow path is serving. */
  private blockPc = 0;
  private accPc = 0;
  private inBlock = false;
  private readonly step: ((Block | undefined)[] | undefined)[];

  /** A hart on `mem`, reset to M-mode at pc 0 (set pc before running). */
  constructor(mem: PhysMemory, opts: { tlbEntries?: number } = {}) {
    this.mem = mem;
    this.tlb = new Tlb(opts.tlbEntries ?? 512);
    this.code = new Array(mem.frames).fill(undefined);
    this.step = new Array(mem.frames).fill(undefined);
    mem.onCodeInvalidate = (frame) => { this.code[frame] = undefined; this.step[frame] = undefined; };
  }

  /**
   * Runs at most `budget` instructions.
   * Contract: stops early on a host trap, a halt (HTIF) or when idle in WFI with nothing to wake
   * it; instruction counts are exact whatever the budget, so equal inputs give equal executions.
   */
  run(budget: number): RunExit {
    this.exitValue = null;
    let remaining = budget;
    while (remaining > 0) {
      this.updateTimer();
      let slice = remaining;
      const until = this.mtimecmp - this.time(0);
      if (until > 0 && until < slice) slice = until;
      remaining -= this.runSlice(slice);
      if (this.exitValue !== null) {
        const e = this.exitValue as RunExit;
        if (e.kind === 'idle' && this.mtimecmp !== Infinity && (this.mie & MIP_MTIP) && this.mtimecmp > this.time(0)) {
          this.stall += this.mtimecmp - this.time(0); // sleep until the timer fires
          this.exitValue = null;
          continue;
        }
        return e;
      }
    }
    return BUDGET;
  }

  private runSlice(budget: number): number {
    const tagF = this.tagF, offF = this.offF;
    let left = budget;
    while (left > 0) {
      if (this.irqPending) {
        const irq = selectInterrupt(this.priv, this.mstatus, this.mip & this.mie, this.mideleg);
        if (irq >= 0) {
          this.raise(INTERRUPT_BIT | irq, 0, this.pc);
          if (this.deliverTrap()) break;
        }
      }
      const pc = this.pc;
      const vpn = pc >>> 12, ti = vpn & L1_MASK;
      let ro: number;
      if (tagF[ti] === vpn && (pc & 3) === 0) ro = (pc + offF[ti]!) >>> 0;
      else {
        ro = this.fetchSlow(pc);
        if (ro < 0) { if (this.deliverTrap()) break; continue; }
      }
      const frame = ro >>> 12;
      const page = this.code[frame];
      let blk = page === undefined ? undefined : page[(ro & 4095) >>> 2];
      if (blk === undefined || blk.pc !== pc) blk = this.compile(ro, pc, frame, this.accessHook ? 1 : MAX_BLOCK);
      if (blk.n > left) blk = this.compileStep(ro, pc, frame);
      this.blockPc = pc;
      this.inBlock = true;
      const n = blk.fn();
      this.inBlock = false;
      this.instret += n;
      left -= n;
      if (this.brk) {
        this.brk = false;
        if (this.trapped) { if (this.deliverTrap()) break; }
        if (this.exitValue !== null) break;
        break; // re-slice (timer state changed)
      }
    }
    return budget - left;
  }

  private compile(ro: number, pc: number, frame: number, max: number): Block {
    let page = this.code[frame];
    if (page === undefined) {
      page = this.code[frame] = new Array<Block | undefined>(1024).fill(undefined);
      this.claimCodeFrame(frame);
    }
    const blk = compileBlock(this, ro, pc, max);
    page[(ro & 4095) >>> 2] = blk;
    return blk;
  }

  private compileStep(ro: number, pc: number, frame: number): Block {
    let page = this.step[frame];
    if (page === undefined) {
      page = this.step[frame] = new Array<Block | undefined>(1024).fill(undefined);
      this.claimCodeFrame(frame);
    }
    let blk = page[(ro & 4095) >>> 2];
    if (blk === undefined || blk.pc !== pc) blk = page[(ro & 4095) >>> 2] = compileBlock(this, ro, pc, 1);
    return blk;
  }

  /** Marks a frame as holding compiled code and drops store fast paths into it. */
  private claimCodeFrame(frame: number): void {
    this.mem.frameFlags[frame]! |= FRAME_CODE;
    for (let i = 0; i < L1; i++) {
      const t = this.tagW[i]!;
      if (t !== -1 && ((((t << 12) + this.offW[i]!) >>> 0) >>> 12) === frame) this.tagW[i] = -1;
    }
  }

  // ---- traps -------------------------------------------------------------------------------

  /** Records a synchronous trap (or interrupt) for the run loop to deliver. */
  raise(cause: number, tval: number, epc: number): void {
    this.trapped = true;
    this.brk = true;
    this.tCause = cause | 0;
    this.tTval = tval >>> 0;
    this.tEpc = epc >>> 0;
  }

  /** Delivers the recorded trap; returns true when run() must return (host trap). */
  private deliverTrap(): boolean {
    this.trapped = false;
    this.brk = false;
    const cause = this.tCause, code = cause & 0x7fff_ffff, irq = cause < 0;
    const deleg = irq ? this.mideleg : this.medeleg;
    const toS = this.priv <= PRV_S && ((deleg >>> code) & 1) !== 0;
    if (!toS && this.hostTraps) {
      this.pc = this.tEpc;
      this.exitValue = { kind: 'trap', cause: cause >>> 0, tval: this.tTval, epc: this.tEpc };
      return true;
    }
    let s = this.mstatus;
    if (toS) {
      this.scause = cause; this.sepc = this.tEpc; this.stval = this.tTval;
      s = (s & ~(MSTATUS_SPIE | MSTATUS_SIE | MSTATUS_SPP)) | (s & MSTATUS_SIE ? MSTATUS_SPIE : 0) | (this.priv === PRV_S ? MSTATUS_SPP : 0);
      this.pc = ((this.stvec & ~3) + ((this.stvec & 1) && irq ? 4 * code : 0)) >>> 0;
      this.mstatus = s;
      this.setPriv(PRV_S);
    } else {
      this.mcause = cause; this.mepc = this.tEpc; this.mtval = this.tTval;
      s = (s & ~(MSTATUS_MPIE | MSTATUS_MIE | MSTATUS_MPP)) | (s & MSTATUS_MIE ? MSTATUS_MPIE : 0) | (this.priv << MSTATUS_MPP_SHIFT);
      this.pc = ((this.mtvec & ~3) + ((this.mtvec & 1) && irq ? 4 * code : 0)) >>> 0;
      this.mstatus = s;
      this.setPriv(PRV_M);
    }
    this.irqChanged();
    return false;
  }

  /** Current privilege (0 U, 1 S, 3 M). Assigning it flushes the inline TLB like setPriv. */
  get priv(): number { return this.privilege; }
  set priv(p: number) { this.setPriv(p); }

  /** Changes privilege; the inline TLB is per context, so it is flushed on a change. */
  setPriv(p: number): void {
    if (p !== this.privilege) { this.privilege = p; this.flushInline(); }
  }

  /** mstatus write with WARL legalisation and translation/interrupt side effects. */
  setMstatus(v: number): void {
    const old = this.mstatus;
    this.mstatus = legalMstatus(old, v);
    if ((old ^ this.mstatus) & MSTATUS_XLATE) this.flushInline();
    this.irqChanged();
  }

  /** satp write: Sv32 or bare; the ASID-tagged TLB survives, the inline TLB does not. */
  setSatp(v: number): void {
    this.satp = v >>> 0;
    this.flushInline();
  }

  /** Re-evaluates whether any interrupt is pending and enabled in mie; asks the block to exit. */
  irqChanged(): void {
    this.irqPending = (this.mip & this.mie) !== 0;
    this.brk = true;
  }

  /** mip as software sees it (timer and software bits from the CLINT included). */
  mipValue(): number { return this.mip; }

  /** Sets or clears device-driven mip bits (MTIP, MSIP, MEIP, SEIP). */
  setPending(bit: number, on: boolean): void {
    const was = this.mip;
    this.mip = on ? this.mip | bit : this.mip & ~bit;
    if (was !== this.mip) this.irqChanged();
  }

  // ---- counters and time -------------------------------------------------------------------

  /** Cycles elapsed `k` instructions into the running block. */
  cycles(k: number): number { return this.instret + k + this.stall; }
  /** mtime: virtual time in cycles (never wall time). */
  time(k: number): number { return this.cycles(k) + this.timeOffset; }

  /** Reads mcycle (which=0) or minstret (which=2), low or high half. */
  counterRead(which: number, k: number, high: boolean): number {
    const b = this.counterBase[which === 2 ? 2 : 0];
    const now = which === 2 ? this.instret + k : this.cycles(k);
    const lo = b.lo + (now - b.at);
    const carry = Math.floor(lo / TWO32);
    return high ? (b.hi + carry) >>> 0 : lo >>> 0;
  }

  /** Writes one half of mcycle/minstret; the written value is what the next instruction reads. */
  counterWrite(which: number, v: number, k: number, high: boolean): void {
    const b = this.counterBase[which === 2 ? 2 : 0] as { lo: number; hi: number; at: number };
    const lo = this.counterRead(which, k, false), hi = this.counterRead(which, k, true);
    b.lo = high ? lo : v >>> 0;
    b.hi = high ? v >>> 0 : hi;
    b.at = (which === 2 ? this.instret + k : this.cycles(k)) + 1;
  }

  /** Reads time/timeh for the time CSR. */
  timeRead(k: number, high: boolean): number {
    const t = this.time(k);
    return high ? Math.floor(t / TWO32) >>> 0 : t >>> 0;
  }

  /** Sets mtime (CLINT write) to `t`. */
  setTime(t: number): void { this.timeOffset += t - this.time(this.blockK()); this.updateTimer(); }

  /** Sets mtimecmp (CLINT write) and re-slices the run so the interrupt lands exactly. */
  setTimecmp(t: number): void { this.mtimecmp = t; this.updateTimer(); this.brk = true; }

  private updateTimer(): void { this.setPending(MIP_MTIP, this.time(this.blockK()) >= this.mtimecmp); }

  /** mtime as an MMIO access in the running block sees it (device reads and writes). */
  timeNow(): number { return this.time(this.blockK()); }

  /** Instructions retired so far in the running block, as seen from a slow path (0 between blocks). */
  private blockK(): number { return this.inBlock ? (this.accPc - this.blockPc) >>> 2 : 0; }

  // ---- translation and memory slow paths ---------------------------------------------------

  private dataPriv(): number {
    return (this.mstatus & MSTATUS_MPRV) && this.priv === PRV_M ? (this.mstatus & MSTATUS_MPP) >>> MSTATUS_MPP_SHIFT : this.priv;
  }

  /** Translates `va`; returns a physical address, or a negative WALK_* code. */
  translate(va: number, kind: AccessKind): number {
    const priv = kind === ACC_FETCH ? this.priv : this.dataPriv();
    if (priv === PRV_M || (this.satp >>> 31) === 0) return va >>> 0;
    const vpn = va >>> 12, asid = (this.satp >>> 22) & 0x1ff;
    const sum = (this.mstatus & MSTATUS_SUM) !== 0, mxr = (this.mstatus & MSTATUS_MXR) !== 0;
    const slot = this.tlb.lookup(vpn, asid);
    if (slot >= 0) {
      const pte = this.tlb.pteOf(slot);
      if (leafPermits(pte, kind, priv, sum, mxr) && (kind !== ACC_STORE || (pte & PTE_D))) return this.tlb.pageOf(slot) + (va & 0xfff);
    }
    this.tlb.countWalk(kind);
    const pa = walkSv32(this.mem, this.satp, va, kind, priv, sum, mxr, this.leaf);
    if (pa < 0) return pa;
    this.tlb.insert(vpn, asid, this.leaf.pte, this.leaf.level, pa - (va & 0xfff));
    return pa;
  }

  /** Translates and checks one access, filling the inline TLB; raises and returns -1 on a fault. */
  private access(va: number, kind: AccessKind, size: number, pc: number): number {
    const pa = this.translate(va, kind);
    const pageCause = kind === ACC_FETCH ? Cause.fetchPage : kind === ACC_LOAD ? Cause.loadPage : Cause.storePage;
    const accCause = kind === ACC_FETCH ? Cause.fetchAccess : kind === ACC_LOAD ? Cause.loadAccess : Cause.storeAccess;
    if (pa < 0) { this.raise(pa === WALK_ACCESS_FAULT ? accCause : pageCause, va, pc); return -1; }
    if (pa >= TWO32 || !this.mem.exists(pa, size) || (kind === ACC_FETCH && !this.mem.inRam(pa, size))) {
      this.raise(accCause, va, pc);
      return -1;
    }
    if (this.accessHook) this.accessHook(va, kind);
    else if (this.mem.inRam(pa, 1)) {
      const vpn = va >>> 12, i = vpn & L1_MASK;
      const off = ((pa - this.mem.base - (va & 0xfff)) - (vpn * 4096)) | 0;
      if (kind === ACC_LOAD) { this.tagR[i] = vpn; this.offR[i] = off; }
      else if (kind === ACC_FETCH) { this.tagF[i] = vpn; this.offF[i] = off; }
      else if (this.mem.frameFlags[this.mem.frameOf(pa)] === 0) { this.tagW[i] = vpn; this.offW[i] = off; }
    }
    return pa;
  }

  /** Fetch slow path: returns the RAM offset of pc, or -1 after raising a fetch fault. */
  private fetchSlow(pc: number): number {
    if (pc & 3) { this.raise(Cause.misalignedFetch, pc, pc); return -1; }
    const pa = this.access(pc, ACC_FETCH, 4, pc);
    return pa < 0 ? -1 : pa - this.mem.base;
  }

  /** Load slow path (funct3 selects width/sign); raises on a fault and returns 0. */
  ld(a: number, f3: number, pc: number): number {
    a >>>= 0;
    this.accPc = pc;
    const size = 1 << (f3 & 3);
    let v: number;
    if ((a & 0xfff) + size <= 4096) {
      const pa = this.access(a, ACC_LOAD, size, pc);
      if (pa < 0) return 0;
      v = (pa & (size - 1)) === 0 || !this.mem.inRam(pa, size) ? this.mem.read(pa, size as 1 | 2 | 4) : this.readBytes(pa, size);
    } else {
      const second = (a + size) & ~0xfff;
      const pa0 = this.access(a, ACC_LOAD, 1, pc);
      if (pa0 < 0) return 0;
      const pa1 = this.access(second >>> 0, ACC_LOAD, 1, pc);
      if (pa1 < 0) return 0;
      const n0 = 4096 - (a & 0xfff);
      v = 0;
      for (let j = size - 1; j >= 0; j--) v = (v << 8) | this.mem.read(j < n0 ? pa0 + j : pa1 + j - n0, 1);
      v >>>= 0;
    }
    if (f3 === 0) return (v << 24) >> 24;
    if (f3 === 1) return (v << 16) >> 16;
    return v | 0;
  }

  private readBytes(pa: number, size: number): number {
    let v = 0;
    for (let j = size - 1; j >= 0; j--) v = (v << 8) | this.mem.read(pa + j, 1);
    return v >>> 0;
  }

  /** Store slow path (funct3 selects width); all pages are checked before any byte is written. */
  st(a: number, value: number, f3: number, pc: number): void {
    a >>>= 0;
    this.accPc = pc;
    const size = 1 << f3;
    if ((a & 0xfff) + size <= 4096) {
      const pa = this.access(a, ACC_STORE, size, pc);
      if (pa < 0) return;
      if ((pa & (size - 1)) === 0 || !this.mem.inRam(pa, size)) this.mem.write(pa, size as 1 | 2 | 4, value);
      else for (let j = 0; j < size; j++) this.mem.write(pa + j, 1, value >>> (8 * j));
      return;
    }
    const second = (a + size) & ~0xfff;
    const pa0 = this.access(a, ACC_STORE, 1, pc);
    if (pa0 < 0) return;
    const pa1 = this.access(second >>> 0, ACC_STORE, 1, pc);
    if (pa1 < 0) return;
    const n0 = 4096 - (a & 0xfff);
    for (let j = 0; j < size; j++) this.mem.write(j < n0 ? pa0 + j : pa1 + j - n0, 1, value >>> (8 * j));
  }

  /** Empties the inline TLB (after any change of translation context). */
  flushInline(): void {
    this.tagF.fill(-1); this.tagR.fill(-1); this.tagW.fill(-1);
  }

  /**
   * Host-side sfence.vma: `va`/`asid` undefined mean all. With an address, only that page's
   * inline entries go (the spec orders only that address's leaf PTE).
   */
  sfenceVma(va?: number, asid?: number): void {
    const mega = this.tlb.hasMegapages;
    this.tlb.fence(va, asid);
    if (va === undefined || mega) { this.flushInline(); return; }
    const vpn = va >>> 12, i = vpn & L1_MASK;
    if (this.tagF[i] === vpn) this.tagF[i] = -1;
    if (this.tagR[i] === vpn) this.tagR[i] = -1;
    if (this.tagW[i] === vpn) this.tagW[i] = -1;
  }

  /** TLB statistics: translations requested with paging on, and walks. */
  tlbStats(): TlbStats {
    const w = this.tlb.walks;
    return {
      fetch: { accesses: this.instret, misses: w[ACC_FETCH]! },
      load: { accesses: this.nLoads, misses: w[ACC_LOAD]! },
      store: { accesses: this.nStores, misses: w[ACC_STORE]! },
    };
  }

  // ---- system instructions (called by compiled blocks) --------------------------------------

  /** ECALL: environment call from the current privilege. */
  ecall(pc: number): void {
    this.raise(this.priv === PRV_U ? Cause.ecallU : this.priv === PRV_S ? Cause.ecallS : Cause.ecallM, 0, pc);
  }

  /** MRET: return from M-mode trap. */
  mret(pc: number): void {
    if (this.priv < PRV_M) { this.raise(Cause.illegalInstruction, 0x30200073, pc); return; }
    let s = this.mstatus;
    const mpp = (s & MSTATUS_MPP) >>> MSTATUS_MPP_SHIFT;
    s = (s & ~(MSTATUS_MIE | MSTATUS_MPP)) | (s & MSTATUS_MPIE ? MSTATUS_MIE : 0) | MSTATUS_MPIE;
    if (mpp !== PRV_M) s &= ~MSTATUS_MPRV;
    this.pc = this.mepc >>> 0;
    this.setMstatus(s);
    this.setPriv(mpp);
    this.irqChanged();
  }

  /** SRET: return from S-mode trap (illegal in U, or in S with TSR). */
  sret(pc: number): void {
    if (this.priv < PRV_S || (this.priv === PRV_S && (this.mstatus & MSTATUS_TSR))) {
      this.raise(Cause.illegalInstruction, 0x10200073, pc); return;
    }
    let s = this.mstatus;
    const spp = s & MSTATUS_SPP ? PRV_S : PRV_U;
    s = (s & ~(MSTATUS_SIE | MSTATUS_SPP | MSTATUS_MPRV)) | (s & MSTATUS_SPIE ? MSTATUS_SIE : 0) | MSTATUS_SPIE;
    this.pc = this.sepc >>> 0;
    this.setMstatus(s);
    this.setPriv(spp);
    this.irqChanged();
  }

  /** WFI: a no-op when an interrupt is pending, else the hart idles (run() may skip time). */
  wfi(pc: number): void {
    if (this.priv === PRV_U || (this.priv === PRV_S && (this.mstatus & MSTATUS_TW))) {
      this.raise(Cause.illegalInstruction, 0x10500073, pc); return;
    }
    this.pc = (pc + 4) >>> 0;
    if ((this.mip & this.mie) === 0) { this.exitValue = { kind: 'idle' }; this.brk = true; }
  }

  /** SFENCE.VMA rs1, rs2 (register numbers; x0 means "all"). */
  sfence(rs1: number, rs2: number, pc: number): void {
    if (this.priv < PRV_S || (this.priv === PRV_S && (this.mstatus & MSTATUS_TVM))) {
      this.raise(Cause.illegalInstruction, (0x12000073 | (rs1 << 15) | (rs2 << 20)) >>> 0, pc); return;
    }
    this.sfenceVma(rs1 === 0 ? undefined : this.x[rs1]! >>> 0, rs2 === 0 ? undefined : this.x[rs2]! & 0x1ff);
    this.pc = (pc + 4) >>> 0;
  }

  /** Zicsr instruction: funct3 `op`, CSR `n`, source value, rs1 field (for write suppression), rd. */
  csr(op: number, n: number, src: number, rs1: number, rd: number, pc: number, k: number): void {
    const insn = ((n << 20) | (rs1 << 15) | (op << 12) | (rd << 7) | 0x73) >>> 0;
    const writes = (op & 3) === 1 || rs1 !== 0;
    const old = csrRead(this, n, k);
    if (old < 0) { this.raise(Cause.illegalInstruction, insn, pc); return; }
    if (writes) {
      const v = (op & 3) === 1 ? src : (op & 3) === 2 ? old | src : old & ~src;
      if (!csrWrite(this, n, v, k)) { this.raise(Cause.illegalInstruction, insn, pc); return; }
    }
    if (rd !== 0) this.x[rd] = old | 0;
  }

  /** Host/debug CSR read without privilege checks (returns 0 for absent CSRs). */
  csrRead(n: number): number {
    const p = this.privilege; this.privilege = PRV_M;
    const v = csrRead(this, n, 0);
    this.privilege = p;
    return v < 0 ? 0 : v >>> 0;
  }

  /** Host/debug CSR write without privilege checks. */
  csrWrite(n: number, v: number): void {
    const p = this.privilege; this.privilege = PRV_M;
    csrWrite(this, n, v, 0);
    this.privilege = p;
    this.brk = false;
  }

  /** Host request: stop run() at the next block boundary with `exit` (e.g. HTIF halt). */
  requestExit(exit: RunExit): void { this.exitValue = exit; this.brk = true; }
}
