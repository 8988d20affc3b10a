// Test helper: builds small user-mode RV32 ELF programs for the kernel with the test assembler
// (tests/helpers/asm.ts) and ELF builder (tests/helpers/elf-builder.ts). Code is linked at
// TEXT (0x10000, r-x); data segments go where the caller says (DATA by convention). System calls
// are Linux rv32: number in a7, arguments in a0..a5, result in a0 (negative errno on error).
import { parseElf, type ElfImage } from '../../src/machine/hw/elf.js';
import { Asm, type Reg } from './asm.js';
import { buildElf } from './elf-builder.js';

export const TEXT = 0x10000;
export const DATA = 0x100000;
export const PAGE = 4096;

/** Linux rv32 system-call numbers used by the tests. */
export const NR = {
  read: 63, write: 64, writev: 66, exit: 93, exit_group: 94, sched_yield: 124, uname: 160, getpid: 172,
  brk: 214, munmap: 215, mmap: 222, mprotect: 226, getrandom: 278, clock_gettime64: 403,
} as const;

export const PROT = { NONE: 0, READ: 1, WRITE: 2, EXEC: 4 } as const;
export const MAP = { SHARED: 0x01, PRIVATE: 0x02, FIXED: 0x10, ANONYMOUS: 0x20 } as const;

/** A data segment of a guest program. */
export interface DataSeg {
  vaddr: number;
  bytes?: ArrayLike<number>;
  /** Defaults to the byte length (bss when larger). */
  memsz?: number;
  /** Subset of 'rwx'; default 'rw'. */
  flags?: string;
}

let uniq = 0;
/** A label name not used before (for macros that need local labels). */
export function fresh(stem = 'L'): string {
  return `__${stem}${uniq++}`;
}

/**
 * Assembles `build` at TEXT into an ELF image (text r-x, plus `data`), entry at TEXT.
 * Strings and constants emitted into the text with {@link str}/{@link bytes} are readable.
 */
export function program(build: (a: Asm) => void, data: DataSeg[] = []): ElfImage {
  const a = new Asm(TEXT);
  build(a);
  const elf = buildElf({
    entry: TEXT,
    segments: [
      { vaddr: TEXT, data: a.bytes(), flags: 'rx' },
      ...data.map((d) => ({ vaddr: d.vaddr, data: d.bytes ?? [], memsz: d.memsz ?? d.bytes?.length ?? 0, flags: d.flags ?? 'rw' })),
    ],
  });
  const r = parseElf(elf.bytes);
  if (!r.ok) throw new Error(`guest ELF does not parse: ${JSON.stringify(r.error)}`);
  return r.value;
}

/** li a7, nr; ecall (arguments already in a0..a5). */
export function syscall(a: Asm, nr: number): Asm {
  return a.li('a7', nr).ecall();
}

/** exit_group(code) with an immediate code. */
export function exit(a: Asm, code = 0): Asm {
  a.li('a0', code);
  return syscall(a, NR.exit_group);
}

/** exit_group(reg). */
export function exitReg(a: Asm, r: Reg): Asm {
  a.mv('a0', r);
  return syscall(a, NR.exit_group);
}

/** Emits raw bytes at the location counter (zero-padded to a word) under `label`. */
export function bytes(a: Asm, label: string, b: ArrayLike<number>): Asm {
  a.label(label);
  for (let i = 0; i < b.length; i += 4) {
    let w = 0;
    for (let j = 3; j >= 0; j--) w = (w << 8) | ((i + j < b.length ? b[i + j]! : 0) & 0xff);
    a.word(w >>> 0);
  }
  return a;
}

/** Emits a string (no terminator) under `label`; returns its byte length. */
export function str(a: Asm, label: string, s: string): number {
  const b = new TextEncoder().encode(s);
  bytes(a, label, b);
  return b.length;
}

/** write(fd, label, len) where `label` is in the text (an address the code can reach with la). */
export function writeLabel(a: Asm, fd: number, label: string, len: number): Asm {
  a.li('a0', fd).la('a1', label).li('a2', len);
  return syscall(a, NR.write);
}

/**
 * Writes the 32-bit value of register `r` to stdout as 4 little-endian bytes (via a buffer on
 * the stack). Clobbers a0-a2, a7 and 16 bytes below sp (restored).
 */
export function emitWord(a: Asm, r: Reg): Asm {
  a.addi('sp', 'sp', -16).sw(r, 0, 'sp');
  a.li('a0', 1).mv('a1', 'sp').li('a2', 4);
  syscall(a, NR.write);
  return a.addi('sp', 'sp', 16);
}

/** A jump-to-self loop (a process that never ends; tests inspect it while it spins). */
export function spin(a: Asm): Asm {
  const l = fresh('spin');
  return a.label(l).j(l);
}

/** Decodes a byte stream of little-endian 32-bit words (unsigned). */
export function words(b: Uint8Array): number[] {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: number[] = [];
  for (let i = 0; i + 4 <= b.length; i += 4) out.push(dv.getUint32(i, true));
  return out;
}

/**
 * The swap-stress program: writes word i := (i * K) ^ seed over `pages` pages at `base`, then
 * verifies them backwards, summing what it reads. Emits the sum and the number of mismatches
 * (two words on stdout) and exits with 1 on a mismatch, else 0. See {@link patternSum}.
 */
export function patternProgram(base: number, pages: number, seed: number, verifyPasses = 1): (a: Asm) => void {
  return (a: Asm) => {
    const w = fresh('w'), v = fresh('v'), ok = fresh('ok'), pass = fresh('pass');
    a.li('s0', base).li('s1', pages * 1024).li('s2', seed).li('s5', PATTERN_K);
    a.li('t0', 0);
    a.label(w);
    a.slli('t1', 't0', 2).add('t1', 't1', 's0').mul('t2', 't0', 's5').xor('t2', 't2', 's2').sw('t2', 0, 't1');
    a.addi('t0', 't0', 1).blt('t0', 's1', w);
    a.li('s6', verifyPasses);
    a.label(pass);
    a.li('s3', 0).li('s4', 0).mv('t0', 's1');
    a.label(v);
    a.addi('t0', 't0', -1);
    a.slli('t1', 't0', 2).add('t1', 't1', 's0').lw('t3', 0, 't1').mul('t2', 't0', 's5').xor('t2', 't2', 's2');
    a.beq('t2', 't3', ok).addi('s4', 's4', 1);
    a.label(ok);
    a.add('s3', 's3', 't3');
    a.bnez('t0', v);
    a.addi('s6', 's6', -1).bnez('s6', pass);
    emitWord(a, 's3');
    emitWord(a, 's4');
    a.snez('a0', 's4');
    syscall(a, NR.exit_group);
  };
}

export const PATTERN_K = 0x9e3779b1 | 0;

/** The sum {@link patternProgram} prints for `pages` and `seed` (mod 2^32). */
export function patternSum(pages: number, seed: number): number {
  let s = 0;
  for (let i = 0; i < pages * 1024; i++) s = (s + ((Math.imul(i, PATTERN_K) ^ seed) >>> 0)) >>> 0;
  return s;
}
