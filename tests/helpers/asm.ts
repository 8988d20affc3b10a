// A tiny RV32IM + Zicsr + Zifencei + privileged-instruction assembler for tests.
// Programs are built with method calls (`a.addi('a0', 'zero', 1)`) so ISA tests need no RISC-V
// toolchain at test time; encodings are checked against GNU as by tests/helpers/asm.test.ts.
//
// Conventions:
//  - Operand order follows GNU as: `lw(rd, offset, rs1)` is `lw rd, offset(rs1)`,
//    `sw(rs2, offset, rs1)` is `sw rs2, offset(rs1)`, `csrrw(rd, csr, rs1)`.
//  - Branch/jump targets: a string is a label (resolved in assemble(), forward references allowed),
//    a number is a byte offset relative to the branch instruction itself (like `.+offset` in GNU as).
//  - `lui`/`auipc` take the 20-bit upper immediate as written in GNU as (`lui a0, 0x12345`).
//  - Everything is word-granular: the location counter always stays 4-byte aligned.

/** ABI register names accepted in addition to `x0`..`x31`. */
export const ABI_REGS = [
  'zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2', 's0', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5',
  'a6', 'a7', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6',
] as const;

export type AbiReg = (typeof ABI_REGS)[number] | 'fp';
/** A register: its number, `xN`, or an ABI name. */
export type Reg = number | AbiReg | `x${number}`;

/** Standard CSR numbers by name (the subset an RV32 M/S/U machine uses). */
export const CSR = {
  // Unprivileged counters
  cycle: 0xc00, time: 0xc01, instret: 0xc02,
  cycleh: 0xc80, timeh: 0xc81, instreth: 0xc82,
  hpmcounter3: 0xc03, hpmcounter31: 0xc1f, hpmcounter3h: 0xc83,
  // Supervisor
  sstatus: 0x100, sie: 0x104, stvec: 0x105, scounteren: 0x106, senvcfg: 0x10a,
  sscratch: 0x140, sepc: 0x141, scause: 0x142, stval: 0x143, sip: 0x144, satp: 0x180,
  // Machine information
  mvendorid: 0xf11, marchid: 0xf12, mimpid: 0xf13, mhartid: 0xf14, mconfigptr: 0xf15,
  // Machine trap setup / handling
  mstatus: 0x300, misa: 0x301, medeleg: 0x302, mideleg: 0x303, mie: 0x304, mtvec: 0x305,
  mcounteren: 0x306, menvcfg: 0x30a, mstatush: 0x310, menvcfgh: 0x31a, mcountinhibit: 0x320,
  mhpmevent3: 0x323,
  mscratch: 0x340, mepc: 0x341, mcause: 0x342, mtval: 0x343, mip: 0x344, mtinst: 0x34a, mtval2: 0x34b,
  // Memory protection
  pmpcfg0: 0x3a0, pmpcfg1: 0x3a1, pmpcfg2: 0x3a2, pmpcfg3: 0x3a3, pmpaddr0: 0x3b0, pmpaddr1: 0x3b1,
  // Machine counters
  mcycle: 0xb00, minstret: 0xb02, mhpmcounter3: 0xb03, mcycleh: 0xb80, minstreth: 0xb82, mhpmcounter3h: 0xb83,
  // Debug/trace
  tselect: 0x7a0, tdata1: 0x7a1, dcsr: 0x7b0, dpc: 0x7b1,
} as const;

export type CsrName = keyof typeof CSR;
/** A CSR: its 12-bit number or a name from {@link CSR}. */
export type Csr = number | CsrName;

/** A branch/jump target: a label name, or a byte offset relative to the instruction. */
export type Target = string | number;

/** Returns the register number for a register operand; throws on anything else. */
export function reg(r: Reg): number {
  if (typeof r === 'number') {
    if (Number.isInteger(r) && r >= 0 && r < 32) return r;
    throw new Error(`bad register number ${r}`);
  }
  if (r === 'fp') return 8;
  const abi = (ABI_REGS as readonly string[]).indexOf(r);
  if (abi >= 0) return abi;
  const m = /^x([0-9]|[12][0-9]|3[01])$/.exec(r);
  if (m) return Number(m[1]);
  throw new Error(`bad register ${String(r)}`);
}

/** Returns the 12-bit CSR number for a CSR operand. */
export function csrNum(c: Csr): number {
  if (typeof c === 'number') {
    if (Number.isInteger(c) && c >= 0 && c < 0x1000) return c;
    throw new Error(`bad CSR number ${c}`);
  }
  const n = (CSR as Record<string, number>)[c];
  if (n === undefined) throw new Error(`unknown CSR ${String(c)}`);
  return n;
}

function checkSigned(v: number, bits: number, what: string): void {
  const lim = 2 ** (bits - 1);
  if (!Number.isInteger(v) || v < -lim || v >= lim) throw new Error(`${what} ${v} out of range for ${bits}-bit signed`);
}

function checkUnsigned(v: number, bits: number, what: string): void {
  if (!Number.isInteger(v) || v < 0 || v >= 2 ** bits) throw new Error(`${what} ${v} out of range for ${bits}-bit unsigned`);
}

/** Splits a 32-bit value into lui/addi parts: value == (hi << 12) + signExtend12(lo). */
export function hiLo(value: number): { hi: number; lo: number } {
  const v = value >>> 0;
  const lo = (v << 20) >> 20;
  const hi = ((v - lo) >>> 12) & 0xfffff;
  return { hi, lo };
}

// ---- raw format encoders (exported for tests that need odd encodings) ----

export function encR(op: number, f3: number, f7: number, rd: number, rs1: number, rs2: number): number {
  return ((f7 << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op) >>> 0;
}

export function encI(op: number, f3: number, rd: number, rs1: number, imm: number): number {
  return (((imm & 0xfff) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op) >>> 0;
}

export function encS(op: number, f3: number, rs1: number, rs2: number, imm: number): number {
  return ((((imm >> 5) & 0x7f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | ((imm & 0x1f) << 7) | op) >>> 0;
}

export function encB(op: number, f3: number, rs1: number, rs2: number, imm: number): number {
  return (
    ((((imm >> 12) & 1) << 31) |
      (((imm >> 5) & 0x3f) << 25) |
      (rs2 << 20) |
      (rs1 << 15) |
      (f3 << 12) |
      (((imm >> 1) & 0xf) << 8) |
      (((imm >> 11) & 1) << 7) |
      op) >>>
    0
  );
}

export function encU(op: number, rd: number, imm20: number): number {
  return (((imm20 & 0xfffff) << 12) | (rd << 7) | op) >>> 0;
}

export function encJ(op: number, rd: number, imm: number): number {
  return (
    ((((imm >> 20) & 1) << 31) |
      (((imm >> 1) & 0x3ff) << 21) |
      (((imm >> 11) & 1) << 20) |
      (((imm >> 12) & 0xff) << 12) |
      (rd << 7) |
      op) >>>
    0
  );
}

const OP_LUI = 0x37;
const OP_AUIPC = 0x17;
const OP_JAL = 0x6f;
const OP_JALR = 0x67;
const OP_BRANCH = 0x63;
const OP_LOAD = 0x03;
const OP_STORE = 0x23;
const OP_IMM = 0x13;
const OP_REG = 0x33;
const OP_MISC_MEM = 0x0f;
const OP_SYSTEM = 0x73;

type Fixup =
  | { kind: 'branch'; index: number; label: string; f3: number; rs1: number; rs2: number }
  | { kind: 'jal'; index: number; label: string; rd: number }
  | { kind: 'pcrel'; index: number; label: string; rd: number; addend: number } // auipc + addi
  | { kind: 'abs'; index: number; label: string; rd: number; addend: number } // lui + addi
  | { kind: 'word'; index: number; label: string; addend: number };

const FENCE_BITS: Record<string, number> = { i: 8, o: 4, r: 2, w: 1 };

function fenceSet(s: string): number {
  let v = 0;
  for (const ch of s) {
    const b = FENCE_BITS[ch];
    if (b === undefined) throw new Error(`bad fence set ${s}`);
    v |= b;
  }
  return v;
}

/**
 * Program builder. Instructions are appended at the location counter, which starts at `base`.
 * Call {@link assemble} (or {@link bytes}) to resolve label fixups.
 */
export class Asm {
  readonly base: number;
  private readonly words: number[] = [];
  private readonly labels = new Map<string, number>();
  private readonly fixups: Fixup[] = [];

  constructor(base = 0x8000_0000) {
    if (base % 4 !== 0) throw new Error('base must be 4-byte aligned');
    this.base = base >>> 0;
  }

  /** Address of the next emitted word. */
  get here(): number {
    return (this.base + this.words.length * 4) >>> 0;
  }

  /** Number of words emitted so far. */
  get length(): number {
    return this.words.length;
  }

  /** Emits one raw 32-bit word (instruction or data). A label emits its absolute address (+addend). */
  word(value: number | string, addend = 0): this {
    if (typeof value === 'string') {
      this.fixups.push({ kind: 'word', index: this.words.length, label: value, addend });
      this.words.push(0);
    } else {
      if (!Number.isInteger(value) || value < -(2 ** 31) || value >= 2 ** 32) throw new Error(`bad word ${value}`);
      this.words.push(value >>> 0);
    }
    return this;
  }

  /** Emits several raw words. */
  words32(...values: number[]): this {
    for (const v of values) this.word(v);
    return this;
  }

  /** Emits `n` bytes of zeros (n must be a multiple of 4). */
  space(n: number): this {
    if (n % 4 !== 0 || n < 0) throw new Error('space must be a non-negative multiple of 4');
    for (let i = 0; i < n / 4; i++) this.words.push(0);
    return this;
  }

  /** Pads with zero words up to a multiple of `n` bytes (n a power of two >= 4). */
  align(n: number): this {
    if (n < 4 || (n & (n - 1)) !== 0) throw new Error('align must be a power of two >= 4');
    while (this.here % n !== 0) this.words.push(0);
    return this;
  }

  /** Moves the location counter forward to absolute address `addr`, padding with zero words. */
  org(addr: number): this {
    const a = addr >>> 0;
    if (a % 4 !== 0) throw new Error('org address must be 4-byte aligned');
    if (a < this.here) throw new Error(`org 0x${a.toString(16)} is behind the location counter 0x${this.here.toString(16)}`);
    while (this.here < a) this.words.push(0);
    return this;
  }

  /** Defines `name` at the current location. */
  label(name: string): this {
    if (this.labels.has(name)) throw new Error(`duplicate label ${name}`);
    this.labels.set(name, this.here);
    return this;
  }

  /** Absolute address of a defined label. */
  addressOf(name: string): number {
    const a = this.labels.get(name);
    if (a === undefined) throw new Error(`undefined label ${name}`);
    return a;
  }

  /** True when `name` has been defined. */
  hasLabel(name: string): boolean {
    return this.labels.has(name);
  }

  /** Resolves fixups and returns the program as little-endian words. */
  assemble(): Uint32Array {
    const out = Uint32Array.from(this.words);
    for (const f of this.fixups) {
      const target = this.addressOf(f.label);
      const pc = (this.base + f.index * 4) >>> 0;
      const off = (target - pc) | 0;
      switch (f.kind) {
        case 'branch':
          checkSigned(off, 13, `branch to ${f.label}: offset`);
          out[f.index] = encB(OP_BRANCH, f.f3, f.rs1, f.rs2, off);
          break;
        case 'jal':
          checkSigned(off, 21, `jal to ${f.label}: offset`);
          out[f.index] = encJ(OP_JAL, f.rd, off);
          break;
        case 'pcrel': {
          const { hi, lo } = hiLo((off + f.addend) | 0);
          out[f.index] = encU(OP_AUIPC, f.rd, hi);
          out[f.index + 1] = encI(OP_IMM, 0, f.rd, f.rd, lo);
          break;
        }
        case 'abs': {
          const { hi, lo } = hiLo((target + f.addend) >>> 0);
          out[f.index] = encU(OP_LUI, f.rd, hi);
          out[f.index + 1] = encI(OP_IMM, 0, f.rd, f.rd, lo);
          break;
        }
        case 'word':
          out[f.index] = (target + f.addend) >>> 0;
          break;
      }
    }
    return out;
  }

  /** The assembled program as little-endian bytes. */
  bytes(): Uint8Array {
    const w = this.assemble();
    const b = new Uint8Array(w.length * 4);
    const dv = new DataView(b.buffer);
    for (let i = 0; i < w.length; i++) dv.setUint32(i * 4, w[i]!, true);
    return b;
  }

  // ---- internal emit helpers ----

  private r(f3: number, f7: number, rd: Reg, rs1: Reg, rs2: Reg): this {
    return this.word(encR(OP_REG, f3, f7, reg(rd), reg(rs1), reg(rs2)));
  }

  private i(op: number, f3: number, rd: Reg, rs1: Reg, imm: number): this {
    checkSigned(imm, 12, 'immediate');
    return this.word(encI(op, f3, reg(rd), reg(rs1), imm));
  }

  private shift(f3: number, f7: number, rd: Reg, rs1: Reg, shamt: number): this {
    checkUnsigned(shamt, 5, 'shift amount');
    return this.word(encI(OP_IMM, f3, reg(rd), reg(rs1), (f7 << 5) | shamt));
  }

  private s(f3: number, rs2: Reg, imm: number, rs1: Reg): this {
    checkSigned(imm, 12, 'store offset');
    return this.word(encS(OP_STORE, f3, reg(rs1), reg(rs2), imm));
  }

  private b(f3: number, rs1: Reg, rs2: Reg, target: Target): this {
    const r1 = reg(rs1);
    const r2 = reg(rs2);
    if (typeof target === 'string') {
      this.fixups.push({ kind: 'branch', index: this.words.length, label: target, f3, rs1: r1, rs2: r2 });
      return this.word(0);
    }
    checkSigned(target, 13, 'branch offset');
    if (target % 2 !== 0) throw new Error('branch offset must be even');
    return this.word(encB(OP_BRANCH, f3, r1, r2, target));
  }

  private csr(f3: number, rd: Reg, c: Csr, src: number): this {
    return this.word(((csrNum(c) << 20) | (src << 15) | (f3 << 12) | (reg(rd) << 7) | OP_SYSTEM) >>> 0);
  }

  // ---- RV32I ----

  /** lui rd, imm20 — imm20 is the upper immediate (0..0xfffff; negatives -0x80000..-1 accepted). */
  lui(rd: Reg, imm20: number): this {
    if (!Number.isInteger(imm20) || imm20 < -0x80000 || imm20 > 0xfffff) throw new Error(`lui immediate ${imm20} out of range`);
    return this.word(encU(OP_LUI, reg(rd), imm20));
  }

  /** auipc rd, imm20 — imm20 is the upper immediate. */
  auipc(rd: Reg, imm20: number): this {
    if (!Number.isInteger(imm20) || imm20 < -0x80000 || imm20 > 0xfffff) throw new Error(`auipc immediate ${imm20} out of range`);
    return this.word(encU(OP_AUIPC, reg(rd), imm20));
  }

  /** jal rd, target. */
  jal(rd: Reg, target: Target): this {
    const d = reg(rd);
    if (typeof target === 'string') {
      this.fixups.push({ kind: 'jal', index: this.words.length, label: target, rd: d });
      return this.word(0);
    }
    checkSigned(target, 21, 'jal offset');
    if (target % 2 !== 0) throw new Error('jal offset must be even');
    return this.word(encJ(OP_JAL, d, target));
  }

  /** jalr rd, offset(rs1). */
  jalr(rd: Reg, offset: number, rs1: Reg): this {
    return this.i(OP_JALR, 0, rd, rs1, offset);
  }

  beq(rs1: Reg, rs2: Reg, target: Target): this { return this.b(0, rs1, rs2, target); }
  bne(rs1: Reg, rs2: Reg, target: Target): this { return this.b(1, rs1, rs2, target); }
  blt(rs1: Reg, rs2: Reg, target: Target): this { return this.b(4, rs1, rs2, target); }
  bge(rs1: Reg, rs2: Reg, target: Target): this { return this.b(5, rs1, rs2, target); }
  bltu(rs1: Reg, rs2: Reg, target: Target): this { return this.b(6, rs1, rs2, target); }
  bgeu(rs1: Reg, rs2: Reg, target: Target): this { return this.b(7, rs1, rs2, target); }

  lb(rd: Reg, offset: number, rs1: Reg): this { return this.i(OP_LOAD, 0, rd, rs1, offset); }
  lh(rd: Reg, offset: number, rs1: Reg): this { return this.i(OP_LOAD, 1, rd, rs1, offset); }
  lw(rd: Reg, offset: number, rs1: Reg): this { return this.i(OP_LOAD, 2, rd, rs1, offset); }
  lbu(rd: Reg, offset: number, rs1: Reg): this { return this.i(OP_LOAD, 4, rd, rs1, offset); }
  lhu(rd: Reg, offset: number, rs1: Reg): this { return this.i(OP_LOAD, 5, rd, rs1, offset); }

  sb(rs2: Reg, offset: number, rs1: Reg): this { return this.s(0, rs2, offset, rs1); }
  sh(rs2: Reg, offset: number, rs1: Reg): this { return this.s(1, rs2, offset, rs1); }
  sw(rs2: Reg, offset: number, rs1: Reg): this { return this.s(2, rs2, offset, rs1); }

  addi(rd: Reg, rs1: Reg, imm: number): this { return this.i(OP_IMM, 0, rd, rs1, imm); }
  slti(rd: Reg, rs1: Reg, imm: number): this { return this.i(OP_IMM, 2, rd, rs1, imm); }
  sltiu(rd: Reg, rs1: Reg, imm: number): this { return this.i(OP_IMM, 3, rd, rs1, imm); }
  xori(rd: Reg, rs1: Reg, imm: number): this { return this.i(OP_IMM, 4, rd, rs1, imm); }
  ori(rd: Reg, rs1: Reg, imm: number): this { return this.i(OP_IMM, 6, rd, rs1, imm); }
  andi(rd: Reg, rs1: Reg, imm: number): this { return this.i(OP_IMM, 7, rd, rs1, imm); }
  slli(rd: Reg, rs1: Reg, shamt: number): this { return this.shift(1, 0x00, rd, rs1, shamt); }
  srli(rd: Reg, rs1: Reg, shamt: number): this { return this.shift(5, 0x00, rd, rs1, shamt); }
  srai(rd: Reg, rs1: Reg, shamt: number): this { return this.shift(5, 0x20, rd, rs1, shamt); }

  add(rd: Reg, rs1: Reg, rs2: Reg): this { return this.r(0, 0x00, rd, rs1, rs2); }
  sub(rd: Reg, rs1: Reg, rs2: Reg): this { return this.r(0, 0x20, rd, rs1, rs2); }
  sll(rd: Reg, rs1: Reg, rs2: Reg): this { return this.r(1, 0x00, rd, rs1, rs2); }
  slt(rd: Reg, rs1: Reg, rs2: Reg): this { return this.r(2, 0x00, rd, rs1, rs2); }
  sltu(rd: Reg, rs1: Reg, rs2: Reg): this { return this.r(3, 0x00, rd, rs1, rs2); }
  xor(rd: Reg, rs1: Reg, rs2: Reg): this { return this.r(4, 0x00, rd, rs1, rs2); }
  srl(rd: Reg, rs1: Reg, rs2: Reg): this { return this.r(5, 0x00, rd, rs1, rs2); }
  sra(rd: Reg, rs1: Reg, rs2: Reg): this { return this.r(5, 0x20, rd, rs1, rs2); }
  or(rd: Reg, rs1: Reg, rs2: Reg): this { return this.r(6, 0x00, rd, rs1, rs2); }
  and(rd: Reg, rs1: Reg, rs2: Reg): this { return this.r(7, 0x00, rd, rs1, rs2); }

  /** fence pred, succ (sets of the letters i, o, r, w; default iorw, iorw). */
  fence(pred = 'iorw', succ = 'iorw'): this {
    return this.word(encI(OP_MISC_MEM, 0, 0, 0, (fenceSet(pred) << 4) | fenceSet(succ)));
  }

  /** fence.tso */
  fence_tso(): this {
    return this.word(0x8330000f);
  }

  /** fence.i (Zifencei). */
  fence_i(): this {
    return this.word(encI(OP_MISC_MEM, 1, 0, 0, 0));
  }

  ecall(): this { return this.word(0x00000073); }
  ebreak(): this { return this.word(0x00100073); }

  // ---- Zicsr ----

  csrrw(rd: Reg, c: Csr, rs1: Reg): this { return this.csr(1, rd, c, reg(rs1)); }
  csrrs(rd: Reg, c: Csr, rs1: Reg): this { return this.csr(2, rd, c, reg(rs1)); }
  csrrc(rd: Reg, c: Csr, rs1: Reg): this { return this.csr(3, rd, c, reg(rs1)); }
  csrrwi(rd: Reg, c: Csr, uimm: number): this { checkUnsigned(uimm, 5, 'csr uimm'); return this.csr(5, rd, c, uimm); }
  csrrsi(rd: Reg, c: Csr, uimm: number): this { checkUnsigned(uimm, 5, 'csr uimm'); return this.csr(6, rd, c, uimm); }
  csrrci(rd: Reg, c: Csr, uimm: number): this { checkUnsigned(uimm, 5, 'csr uimm'); return this.csr(7, rd, c, uimm); }

  // ---- M extension ----

  mul(rd: Reg, rs1: Reg, rs2: Reg): this { return this.r(0, 0x01, rd, rs1, rs2); }
  mulh(rd: Reg, rs1: Reg, rs2: Reg): this { return this.r(1, 0x01, rd, rs1, rs2); }
  mulhsu(rd: Reg, rs1: Reg, rs2: Reg): this { return this.r(2, 0x01, rd, rs1, rs2); }
  mulhu(rd: Reg, rs1: Reg, rs2: Reg): this { return this.r(3, 0x01, rd, rs1, rs2); }
  div(rd: Reg, rs1: Reg, rs2: Reg): this { return this.r(4, 0x01, rd, rs1, rs2); }
  divu(rd: Reg, rs1: Reg, rs2: Reg): this { return this.r(5, 0x01, rd, rs1, rs2); }
  rem(rd: Reg, rs1: Reg, rs2: Reg): this { return this.r(6, 0x01, rd, rs1, rs2); }
  remu(rd: Reg, rs1: Reg, rs2: Reg): this { return this.r(7, 0x01, rd, rs1, rs2); }

  // ---- privileged ----

  mret(): this { return this.word(0x30200073); }
  sret(): this { return this.word(0x10200073); }
  wfi(): this { return this.word(0x10500073); }
  /** sfence.vma rs1, rs2 (defaults: zero, zero = flush everything). */
  sfence_vma(rs1: Reg = 0, rs2: Reg = 0): this {
    return this.word(encR(OP_SYSTEM, 0, 0x09, 0, reg(rs1), reg(rs2)));
  }

  // ---- pseudo-instructions ----

  nop(): this { return this.addi(0, 0, 0); }
  mv(rd: Reg, rs: Reg): this { return this.addi(rd, rs, 0); }
  not(rd: Reg, rs: Reg): this { return this.xori(rd, rs, -1); }
  neg(rd: Reg, rs: Reg): this { return this.sub(rd, 0, rs); }
  seqz(rd: Reg, rs: Reg): this { return this.sltiu(rd, rs, 1); }
  snez(rd: Reg, rs: Reg): this { return this.sltu(rd, 0, rs); }
  sltz(rd: Reg, rs: Reg): this { return this.slt(rd, rs, 0); }
  sgtz(rd: Reg, rs: Reg): this { return this.slt(rd, 0, rs); }

  /**
   * li rd, value — any 32-bit value (signed or unsigned), like GNU as: a single addi when it fits
   * in 12 signed bits, a single lui when the low 12 bits are zero, else lui + addi.
   * A label loads its absolute address with a fixed lui + addi pair.
   */
  li(rd: Reg, value: number | string, addend = 0): this {
    const d = reg(rd);
    if (typeof value === 'string') {
      this.fixups.push({ kind: 'abs', index: this.words.length, label: value, rd: d, addend });
      this.words.push(0, 0);
      return this;
    }
    if (!Number.isInteger(value) || value < -(2 ** 31) || value >= 2 ** 32) throw new Error(`li value ${value} out of range`);
    const v = (value + addend) | 0;
    if (v >= -2048 && v < 2048) return this.addi(d, 0, v);
    const { hi, lo } = hiLo(v);
    this.lui(d, hi);
    if (lo !== 0) this.addi(d, d, lo);
    return this;
  }

  /** la rd, label — pc-relative address (auipc + addi), like GNU as `lla`. */
  la(rd: Reg, label: string, addend = 0): this {
    this.fixups.push({ kind: 'pcrel', index: this.words.length, label, rd: reg(rd), addend });
    this.words.push(0, 0);
    return this;
  }

  j(target: Target): this { return this.jal(0, target); }
  /** jal ra, target (GNU `jal target`). */
  call(target: Target): this { return this.jal(1, target); }
  jr(rs: Reg, offset = 0): this { return this.jalr(0, offset, rs); }
  ret(): this { return this.jalr(0, 0, 1); }

  beqz(rs: Reg, target: Target): this { return this.beq(rs, 0, target); }
  bnez(rs: Reg, target: Target): this { return this.bne(rs, 0, target); }
  blez(rs: Reg, target: Target): this { return this.bge(0, rs, target); }
  bgez(rs: Reg, target: Target): this { return this.bge(rs, 0, target); }
  bltz(rs: Reg, target: Target): this { return this.blt(rs, 0, target); }
  bgtz(rs: Reg, target: Target): this { return this.blt(0, rs, target); }
  bgt(rs1: Reg, rs2: Reg, target: Target): this { return this.blt(rs2, rs1, target); }
  ble(rs1: Reg, rs2: Reg, target: Target): this { return this.bge(rs2, rs1, target); }
  bgtu(rs1: Reg, rs2: Reg, target: Target): this { return this.bltu(rs2, rs1, target); }
  bleu(rs1: Reg, rs2: Reg, target: Target): this { return this.bgeu(rs2, rs1, target); }

  csrr(rd: Reg, c: Csr): this { return this.csrrs(rd, c, 0); }
  csrw(c: Csr, rs: Reg): this { return this.csrrw(0, c, rs); }
  csrs(c: Csr, rs: Reg): this { return this.csrrs(0, c, rs); }
  csrc(c: Csr, rs: Reg): this { return this.csrrc(0, c, rs); }
  csrwi(c: Csr, uimm: number): this { return this.csrrwi(0, c, uimm); }
  csrsi(c: Csr, uimm: number): this { return this.csrrsi(0, c, uimm); }
  csrci(c: Csr, uimm: number): this { return this.csrrci(0, c, uimm); }
  rdcycle(rd: Reg): this { return this.csrr(rd, 'cycle'); }
  rdcycleh(rd: Reg): this { return this.csrr(rd, 'cycleh'); }
  rdtime(rd: Reg): this { return this.csrr(rd, 'time'); }
  rdtimeh(rd: Reg): this { return this.csrr(rd, 'timeh'); }
  rdinstret(rd: Reg): this { return this.csrr(rd, 'instret'); }
  rdinstreth(rd: Reg): this { return this.csrr(rd, 'instreth'); }
}

/** Convenience: a fresh builder at `base`. */
export function asm(base = 0x8000_0000): Asm {
  return new Asm(base);
}
