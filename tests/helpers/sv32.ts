// Builds Sv32 page tables in a Machine's physical memory from the host side, for MMU/TLB tests.
// Independent of src/ (PTE bits are written out here) so the tests check the CPU against the
// spec, not against its own constants.
import type { Machine } from '../../src/machine/hw/machine.js';
import type { Asm } from './asm.js';
import { PRV_S, PRV_U, RAM_BASE, ecallCause, expectTrap, run, wrap, type Ran, type RunOptions } from './run-program.js';

export const V = 1 << 0;
export const R = 1 << 1;
export const W = 1 << 2;
export const X = 1 << 3;
export const U = 1 << 4;
export const G = 1 << 5;
export const A = 1 << 6;
export const D = 1 << 7;

/** satp for Sv32 with root table at physical address `root` and `asid`. */
export function satpOf(root: number, asid = 0): number {
  return ((1 << 31) | ((asid & 0x1ff) << 22) | (Math.floor((root < 0 ? root >>> 0 : root) / 4096) & 0x3fffff)) >>> 0;
}

/** A PTE pointing at physical address `pa` with `flags`. */
export function pte(pa: number, flags: number): number {
  const p = pa < 0 ? pa >>> 0 : pa; // accept results of signed bit operations
  return (((Math.floor(p / 4096) & 0x3fffff) << 10) | flags) >>> 0;
}

export class PageTables {
  readonly root: number;
  private next: number;

  /** Allocates tables from `pool` upwards (4 KiB aligned physical addresses, zeroed by the caller or here). */
  constructor(readonly m: Machine, pool: number) {
    this.next = pool;
    this.root = this.alloc();
  }

  /** A zeroed 4 KiB table. */
  alloc(): number {
    const t = this.next;
    this.next += 4096;
    this.m.mem.fill(t, 4096, 0);
    return t;
  }

  satp(asid = 0): number {
    return satpOf(this.root, asid);
  }

  /** Address of the level-1 PTE for `va`. */
  l1Addr(va: number): number {
    return this.root + ((va >>> 22) & 0x3ff) * 4;
  }

  /** Address of the level-0 PTE for `va`, allocating the level-0 table if needed. */
  l0Addr(va: number, nonLeafFlags = V): number {
    const l1 = this.l1Addr(va);
    let e = this.m.mem.read32(l1);
    if ((e & V) === 0) {
      const t = this.alloc();
      e = pte(t, nonLeafFlags);
      this.m.mem.write32(l1, e);
    }
    const table = ((e >>> 10) & 0x3fffff) * 4096;
    return table + ((va >>> 12) & 0x3ff) * 4;
  }

  /** Maps one 4 KiB page va -> pa with `flags` (V is added). Returns the PTE address. */
  map(va: number, pa: number, flags: number): number {
    const at = this.l0Addr(va);
    this.m.mem.write32(at, pte(pa, flags | V));
    return at;
  }

  /** Maps `n` consecutive pages. */
  mapRange(va: number, pa: number, n: number, flags: number): void {
    for (let i = 0; i < n; i++) this.map(va + i * 4096, pa + i * 4096, flags);
  }

  /** Maps a 4 MiB megapage va -> pa (pa need not be aligned: tests use that for the fault case). */
  mapMega(va: number, pa: number, flags: number): number {
    const at = this.l1Addr(va);
    this.m.mem.write32(at, pte(pa, flags | V));
    return at;
  }

  /** Writes a raw PTE word at level 0 (or level 1) for `va`. */
  setRaw(va: number, value: number, level: 0 | 1 = 0): number {
    const at = level === 1 ? this.l1Addr(va) : this.l0Addr(va);
    this.m.mem.write32(at, value >>> 0);
    return at;
  }

  /** Reads the PTE word at level 0 (or 1) for `va`. */
  read(va: number, level: 0 | 1 = 0): number {
    return this.m.mem.read32(level === 1 ? this.l1Addr(va) : this.l0Addr(va)) >>> 0;
  }
}

// ---- running programs under Sv32 ----------------------------------------------------------

/** Where the VM tests put things (RAM is RAM_BASE .. RAM_BASE + 1 MiB). */
export const CODE = RAM_BASE; // the program, identity-mapped
export const CODE_PAGES = 8;
export const FRAMES = RAM_BASE + 0x8_0000; // data frames
export const PT_POOL = RAM_BASE + 0xc_0000; // page tables
/** Physical address of data frame `i` (0..63). */
export const frame = (i: number): number => FRAMES + i * 4096;

export interface VmOptions extends RunOptions {
  /** PTE flags of the identity-mapped code pages (default R|X, plus U when priv is U). */
  codeFlags?: number;
  /** Extra mappings, after the code mapping. */
  map?: (pt: PageTables, m: Machine) => void;
  /** Initial mstatus (e.g. SUM, MXR, MPRV|MPP). */
  mstatus?: number;
  asid?: number;
  /** Leave satp bare (paging off). */
  bare?: boolean;
}

export interface VmRan extends Ran {
  pt: PageTables;
}

/**
 * Runs `build` (assembled at CODE) with Sv32 on: page tables from PT_POOL, code identity-mapped,
 * hostTraps on, starting in opts.priv (default S).
 */
export function runVm(build: (a: Asm) => void, opts: VmOptions = {}): VmRan {
  const priv = opts.priv ?? PRV_S;
  let pt: PageTables | undefined;
  const r = run(build, {
    ...opts,
    priv,
    setup: (m, a) => {
      pt = new PageTables(m, PT_POOL);
      const flags = opts.codeFlags ?? (R | X | (priv === PRV_U ? U : 0));
      pt.mapRange(CODE, CODE, CODE_PAGES, flags);
      opts.map?.(pt, m);
      if (!opts.bare) m.cpu.csrWrite(0x180, pt.satp(opts.asid ?? 0));
      if (opts.mstatus !== undefined) m.cpu.csrWrite(0x300, opts.mstatus);
      opts.setup?.(m, a);
    },
  });
  return { ...r, pt: pt! };
}

/** Like runVm() but the program falls through to an `ecall` at 'end' that must reach the host. */
export function runVmToEnd(build: (a: Asm) => void, opts: VmOptions = {}): VmRan {
  const r = runVm((a) => {
    build(a);
    a.label('end');
    a.ecall();
  }, opts);
  expectTrap(r, ecallCause(opts.priv ?? PRV_S), r.at('end'));
  return r;
}

/** After a host trap at an ecall used as a breakpoint: continue after it. */
export function resume<T extends Ran>(r: T, max = 100_000): T {
  if (r.exit.kind !== 'trap') throw new Error(`cannot resume after ${r.exit.kind}`);
  r.m.cpu.pc = (r.exit.epc + 4) >>> 0;
  const exit = r.m.cpu.run(max);
  return { ...r, ...wrap(r.m, r.a, exit) };
}
