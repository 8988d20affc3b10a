// Runs small test programs built with the test assembler on a fresh Machine.
// Two styles:
//  - runM(): M-mode with hostTraps, the program falls through to a final `ecall` (label 'end');
//    the helper checks that exactly that ecall stopped the run.
//  - run(): any privilege, hostTraps on or off; ends wherever the program stops. Programs that
//    install their own trap handlers end in halt(a) — a spin loop at label '__halt' — and
//    expectHalted() checks that the hart got there.
import { expect } from 'vitest';
import { Machine } from '../../src/machine/hw/machine.js';
import type { RunExit } from '../../src/machine/hw/cpu.js';
import { Asm, csrNum, reg, type Csr, type Reg } from './asm.js';

export const RAM_BASE = 0x8000_0000;
export const RAM_SIZE = 1 << 20;
export const CLINT_MSIP = 0x0200_0000;
export const CLINT_MTIMECMP = 0x0200_4000;
export const CLINT_MTIME = 0x0200_bff8;

export const PRV_U = 0;
export const PRV_S = 1;
export const PRV_M = 3;

export interface RunOptions {
  /** Privilege the hart starts in (default M). */
  priv?: number;
  /** Return M-mode traps to the host (default true). */
  hostTraps?: boolean;
  /** Instruction budget (default 100 000). */
  max?: number;
  /** Load address and initial pc (default RAM_BASE). */
  base?: number;
  /** Initial pc when it differs from base (e.g. a virtual address). */
  pc?: number;
  /** Hook after loading the program and before running (page tables, CSRs, memory). */
  setup?: (m: Machine, a: Asm) => void;
  /** An existing machine to reuse (its memory keeps whatever earlier runs left). */
  machine?: Machine;
  ramSize?: number;
}

export interface Ran {
  m: Machine;
  a: Asm;
  exit: RunExit;
  /** Register value as an unsigned 32-bit number. */
  x(r: Reg): number;
  /** Register value as a signed 32-bit number. */
  sx(r: Reg): number;
  /** CSR value via the host debug interface. */
  csr(c: Csr): number;
  /** Address of a label of the program. */
  at(label: string): number;
}

export function newMachine(ramSize = RAM_SIZE): Machine {
  return new Machine({ ramBase: RAM_BASE, ramSize });
}

/** Assembles `build` at opts.base, loads it, runs it and returns the machine and exit. */
export function run(build: (a: Asm) => void, opts: RunOptions = {}): Ran {
  const base = opts.base ?? RAM_BASE;
  const m = opts.machine ?? newMachine(opts.ramSize);
  const a = new Asm(base);
  build(a);
  m.mem.writeBytes(base, a.bytes());
  m.cpu.pc = (opts.pc ?? base) >>> 0;
  m.cpu.hostTraps = opts.hostTraps ?? true;
  opts.setup?.(m, a);
  if (opts.priv !== undefined) m.cpu.setPriv(opts.priv);
  const exit = m.cpu.run(opts.max ?? 100_000);
  return wrap(m, a, exit);
}

export function wrap(m: Machine, a: Asm, exit: RunExit): Ran {
  return {
    m,
    a,
    exit,
    x: (r) => m.cpu.x[reg(r)]! >>> 0,
    sx: (r) => m.cpu.x[reg(r)]! | 0,
    csr: (c) => m.cpu.csrRead(csrNum(c)) >>> 0,
    at: (l) => a.addressOf(l),
  };
}

/**
 * Runs an M-mode program (hostTraps on) that falls through to a final `ecall` at label 'end';
 * asserts that this ecall ended the run.
 */
export function runM(build: (a: Asm) => void, opts: RunOptions = {}): Ran {
  const r = run((a) => {
    build(a);
    a.label('end');
    a.ecall();
  }, opts);
  expectTrap(r, 11, r.at('end'));
  return r;
}

/** ecall cause for a privilege level (8 from U, 9 from S, 11 from M). */
export const ecallCause = (priv: number): number => (priv === PRV_U ? 8 : priv === PRV_S ? 9 : 11);

/**
 * Like runM() but starting in privilege `priv` (hostTraps on): the program falls through to a
 * final `ecall` at label 'end', and the helper asserts that this ecall reached the host.
 */
export function runIn(priv: number, build: (a: Asm) => void, opts: RunOptions = {}): Ran {
  const r = run((a) => {
    build(a);
    a.label('end');
    a.ecall();
  }, { ...opts, priv });
  expectTrap(r, ecallCause(priv), r.at('end'));
  return r;
}

/** Register sentinel values the illegal-instruction helpers preload (x1..x31). */
export const sentinel = (i: number): number => (0x5a00_0000 | (i << 8) | i) >>> 0;

/**
 * Runs one instruction (emitted by `emit` at label 'insn') in privilege `priv` with hostTraps
 * and asserts it raised an illegal-instruction exception: cause 2, epc = the instruction,
 * tval = its bits, and no register changed. `prelude` runs before it (its registers are exempt).
 */
export function expectIllegal(priv: number, emit: (a: Asm) => void, opts: RunOptions & { prelude?: (a: Asm) => void } = {}): Ran {
  const r = run((a) => {
    opts.prelude?.(a);
    a.label('insn');
    emit(a);
    a.ecall();
  }, {
    ...opts,
    priv,
    setup: (m, a) => {
      for (let i = 1; i < 32; i++) m.cpu.x[i] = sentinel(i) | 0;
      opts.setup?.(m, a);
    },
  });
  const insn = r.m.mem.read32(r.at('insn')) >>> 0;
  expectTrap(r, 2, r.at('insn'), insn);
  if (!opts.prelude) for (let i = 1; i < 32; i++) expect(r.x(i), `x${i}`).toBe(sentinel(i));
  return r;
}

/** Asserts a host trap with `cause` (and epc / tval when given). */
export function expectTrap(r: Ran, cause: number, epc?: number, tval?: number): void {
  const want: Record<string, unknown> = { kind: 'trap', cause: cause >>> 0 };
  if (epc !== undefined) want['epc'] = epc >>> 0;
  if (tval !== undefined) want['tval'] = tval >>> 0;
  expect(r.exit).toMatchObject(want);
}

/** Emits the spin loop programs end in when they handle their own traps. */
export function halt(a: Asm): void {
  a.label('__halt');
  a.j('__halt');
}

/** Asserts that the hart is spinning in halt(). */
export function expectHalted(r: Ran): void {
  expect(r.exit.kind).toBe('budget');
  expect(r.m.cpu.pc >>> 0).toBe(r.at('__halt'));
}

/** Deterministic PRNG (xorshift32) for randomised operands. */
export function prng(seed = 0x1234_5678): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
}

export const hex = (v: number): string => `0x${(v >>> 0).toString(16).padStart(8, '0')}`;
