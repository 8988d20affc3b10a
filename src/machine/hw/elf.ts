// ELF32 loader front end: owns parsing and validating static little-endian RV32 executables
// (ELF header, PT_LOAD program headers, optional .symtab) into an ElfImage, the fit check of
// that image against a guest memory window, and the one-line wording of every load error.
// Pure parsing over a Uint8Array: no I/O, no copying into guest memory, never throws on bad input.

export const EM_RISCV = 243;

export type ElfError =
  | { kind: 'not-elf' }
  | { kind: 'not-32-bit'; elfClass: number }
  | { kind: 'not-little-endian' }
  | { kind: 'not-riscv'; machine: number }
  | { kind: 'not-executable'; type: number }
  | { kind: 'truncated'; what: string }
  | { kind: 'bad-header'; what: string }
  | { kind: 'overlap'; a: number; b: number }
  | { kind: 'outside-memory'; vaddr: number; memsz: number; base: number; size: number }
  | { kind: 'wraps'; vaddr: number; memsz: number };

export interface ElfSegment {
  vaddr: number;
  memsz: number;
  filesz: number;
  offset: number;
  flags: { r: boolean; w: boolean; x: boolean };
  /** filesz bytes: a view into the parsed file (not a copy); bytes beyond filesz up to memsz are zero. */
  data: Uint8Array;
}

export interface ElfImage {
  entry: number;
  /** PT_LOAD segments with memsz > 0, sorted by vaddr, pairwise disjoint. */
  segments: ElfSegment[];
  /** Program header table's vaddr when it lies inside a loaded segment's file bytes (for AT_PHDR), else null. */
  phdr: { vaddr: number; entsize: number; count: number } | null;
  /** Named, defined symbols of .symtab (globals win over same-named locals; no $-mapping symbols); empty when stripped. */
  symbols: Map<string, number>;
  /** End of the highest segment rounded up to 4096. */
  brkStart: number;
}

export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

const EHDR_SIZE = 52;
const PHDR_SIZE = 32;
const SHDR_SIZE = 40;
const SYM_SIZE = 16;
const PAGE = 4096;
const TOP = 2 ** 32;
const PT_LOAD = 1;
const SHT_SYMTAB = 2;
const SHT_STRTAB = 3;
const STB_LOCAL = 0;
const STT_SECTION = 3;
const STT_FILE = 4;

const fail = (error: ElfError): { ok: false; error: ElfError } => ({ ok: false, error });
const hex = (n: number): string => `0x${n.toString(16)}`;

/**
 * Parses and validates a static RV32 executable. Checks, in order: magic (>= 16 bytes of e_ident),
 * class, byte order, full ELF header present, e_machine, e_type, e_phentsize, program header table
 * in the file, then per PT_LOAD (in table order) filesz <= memsz, data in the file, no wrap past
 * 2^32; then pairwise overlap, at least one PT_LOAD, and a representable page-aligned break.
 * Zero-memsz PT_LOADs are dropped. Symbols come from the first SHT_SYMTAB; a section header table
 * or symtab that lies beyond the file is `truncated`, any other inconsistency just yields no symbols.
 * `truncated.what` is a full phrase ending in "lies beyond the end of the file (N bytes)".
 * Never throws; segment data are views into `bytes`, so don't mutate `bytes` while using the image.
 */
export function parseElf(bytes: Uint8Array): Result<ElfImage, ElfError> {
  const len = bytes.length;
  if (len < 16 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) {
    return fail({ kind: 'not-elf' });
  }
  if (bytes[4] !== 1) return fail({ kind: 'not-32-bit', elfClass: bytes[4] ?? 0 });
  if (bytes[5] !== 1) return fail({ kind: 'not-little-endian' });
  const beyond = (what: string): { ok: false; error: ElfError } =>
    fail({ kind: 'truncated', what: `${what} lies beyond the end of the file (${len} bytes)` });
  if (len < EHDR_SIZE) return beyond('ELF header');

  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (off: number): number => dv.getUint16(off, true);
  const u32 = (off: number): number => dv.getUint32(off, true);

  const machine = u16(18);
  if (machine !== EM_RISCV) return fail({ kind: 'not-riscv', machine });
  const type = u16(16);
  if (type !== 2) return fail({ kind: 'not-executable', type });
  const entry = u32(24);
  const phoff = u32(28);
  const phentsize = u16(42);
  const phnum = u16(44);
  if (phnum > 0 && phentsize !== PHDR_SIZE) {
    return fail({ kind: 'bad-header', what: `e_phentsize is ${phentsize}, expected ${PHDR_SIZE}` });
  }
  for (let i = 0; i < phnum; i++) {
    if (phoff + (i + 1) * PHDR_SIZE > len) return beyond(`program header ${i}`);
  }

  const segments: ElfSegment[] = [];
  for (let i = 0; i < phnum; i++) {
    const p = phoff + i * PHDR_SIZE;
    if (u32(p) !== PT_LOAD) continue;
    const offset = u32(p + 4);
    const vaddr = u32(p + 8);
    const filesz = u32(p + 16);
    const memsz = u32(p + 20);
    const f = u32(p + 24);
    if (filesz > memsz) {
      return fail({ kind: 'bad-header', what: `program header ${i}: p_filesz ${hex(filesz)} exceeds p_memsz ${hex(memsz)}` });
    }
    if (offset + filesz > len) {
      return beyond(`data of program header ${i} (offset ${hex(offset)}, filesz ${hex(filesz)})`);
    }
    if (vaddr + memsz > TOP) return fail({ kind: 'wraps', vaddr, memsz });
    if (memsz === 0) continue;
    const flags = { r: (f & 4) !== 0, w: (f & 2) !== 0, x: (f & 1) !== 0 };
    segments.push({ vaddr, memsz, filesz, offset, flags, data: bytes.subarray(offset, offset + filesz) });
  }
  segments.sort((s, t) => s.vaddr - t.vaddr);
  for (let i = 1; i < segments.length; i++) {
    const prev = segments[i - 1]!;
    const cur = segments[i]!;
    if (prev.vaddr + prev.memsz > cur.vaddr) return fail({ kind: 'overlap', a: prev.vaddr, b: cur.vaddr });
  }
  const last = segments[segments.length - 1];
  if (last === undefined) return fail({ kind: 'bad-header', what: 'no PT_LOAD segments' });
  const brkStart = Math.ceil((last.vaddr + last.memsz) / PAGE) * PAGE;
  if (brkStart >= TOP) {
    return fail({
      kind: 'bad-header',
      what: `segment at ${hex(last.vaddr)} ends at ${hex(last.vaddr + last.memsz)}, leaving no room for a page-aligned program break`,
    });
  }

  let phdr: ElfImage['phdr'] = null;
  const phEnd = phoff + phnum * PHDR_SIZE;
  for (const s of segments) {
    if (phnum > 0 && phoff >= s.offset && phEnd <= s.offset + s.filesz) {
      phdr = { vaddr: (s.vaddr + (phoff - s.offset)) >>> 0, entsize: PHDR_SIZE, count: phnum };
      break;
    }
  }

  const syms = readSymbols(bytes, u16, u32);
  if (!syms.ok) return beyond(syms.error);
  return { ok: true, value: { entry, segments, phdr, symbols: syms.value, brkStart } };
}

/**
 * Reads .symtab names -> st_value. Error value is the `what` of a truncation (the caller words it);
 * every other inconsistency yields an empty or partial map. Assumes the ELF header is in bounds.
 */
function readSymbols(
  bytes: Uint8Array,
  u16: (off: number) => number,
  u32: (off: number) => number,
): Result<Map<string, number>, string> {
  const symbols = new Map<string, number>();
  const none = { ok: true as const, value: symbols };
  const len = bytes.length;
  const shoff = u32(32);
  const shentsize = u16(46);
  const shnum = u16(48);
  if (shoff === 0 || shnum === 0) return none;
  if (shoff + shnum * shentsize > len) return { ok: false, error: `section header table (${shnum} entries at ${hex(shoff)})` };
  if (shentsize !== SHDR_SIZE) return none;

  const sh = (i: number, field: number): number => u32(shoff + i * SHDR_SIZE + field);
  let symIdx = -1;
  for (let i = 0; i < shnum && symIdx < 0; i++) if (sh(i, 4) === SHT_SYMTAB) symIdx = i;
  if (symIdx < 0) return none;
  const symOff = sh(symIdx, 16);
  const symSize = sh(symIdx, 20);
  if (symOff + symSize > len) return { ok: false, error: `symbol table (section ${symIdx})` };
  const strIdx = sh(symIdx, 24);
  if (sh(symIdx, 36) !== SYM_SIZE || strIdx === 0 || strIdx >= shnum || sh(strIdx, 4) !== SHT_STRTAB) return none;
  const strOff = sh(strIdx, 16);
  const strSize = sh(strIdx, 20);
  if (strOff + strSize > len) return { ok: false, error: `string table of the symbol table (section ${strIdx})` };

  const strtab = bytes.subarray(strOff, strOff + strSize);
  const decoder = new TextDecoder('utf-8');
  const globals = new Set<string>();
  for (let i = 1; i < Math.floor(symSize / SYM_SIZE); i++) {
    const s = symOff + i * SYM_SIZE;
    const nameOff = u32(s);
    const info = bytes[s + 12]!;
    const shndx = u16(s + 14);
    const stType = info & 0xf;
    if (shndx === 0 || stType === STT_SECTION || stType === STT_FILE || nameOff >= strSize) continue;
    const nul = strtab.indexOf(0, nameOff);
    if (nul <= nameOff) continue; // unterminated or empty name
    const name = decoder.decode(strtab.subarray(nameOff, nul));
    const isLocal = info >> 4 === STB_LOCAL;
    if (isLocal && name.startsWith('$')) continue; // RISC-V mapping symbols ($x, $d, $xrv32i...)
    if (globals.has(name) || (isLocal && symbols.has(name))) continue;
    symbols.set(name, u32(s + 4));
    if (!isLocal) globals.add(name);
  }
  return { ok: true, value: symbols };
}

/**
 * Checks every segment of `image` lies inside [base, base + size) (base, size unsigned 32-bit;
 * the window may end at 2^32). Returns the same image, or `outside-memory` for the first
 * (lowest) segment that does not fit.
 */
export function checkFits(image: ElfImage, base: number, size: number): Result<ElfImage, ElfError> {
  const lo = base >>> 0;
  const hi = lo + (size >>> 0);
  for (const s of image.segments) {
    if (s.vaddr < lo || s.vaddr + s.memsz > hi) {
      return fail({ kind: 'outside-memory', vaddr: s.vaddr, memsz: s.memsz, base: lo, size: size >>> 0 });
    }
  }
  return { ok: true, value: image };
}

const MACHINES: Record<number, string> = {
  0: 'no machine', 2: 'SPARC', 3: 'x86 (i386)', 8: 'MIPS', 20: 'PowerPC', 21: 'PowerPC64',
  22: 's390', 40: 'ARM', 42: 'SuperH', 50: 'IA-64', 62: 'x86-64', 183: 'AArch64', 247: 'BPF', 258: 'LoongArch',
};
const TYPES: Record<number, string> = {
  0: 'ET_NONE, no file type', 1: 'ET_REL, a relocatable object', 3: 'ET_DYN, a shared object or PIE', 4: 'ET_CORE, a core dump',
};

/**
 * One line (no newline; control characters in `file` are escaped) naming `file`, lowercase
 * except for proper names such as ELF and RISC-V, e.g. "prog.elf: not a RISC-V ELF (e_machine 62, x86-64)".
 */
export function describeElfError(file: string, e: ElfError): string {
  const name = file.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return `${name}: ${describe(e)}`;
}

function describe(e: ElfError): string {
  switch (e.kind) {
    case 'not-elf':
      return 'not an ELF file (no \\x7fELF magic, or shorter than the 16-byte ELF identification)';
    case 'not-32-bit':
      return e.elfClass === 2
        ? '64-bit ELF; milklab runs RV32 (ELFCLASS32) programs'
        : `unknown ELF class ${e.elfClass}; milklab runs RV32 (ELFCLASS32) programs`;
    case 'not-little-endian':
      return 'not a little-endian ELF (EI_DATA is not ELFDATA2LSB); milklab runs little-endian RV32 programs';
    case 'not-riscv': {
      const arch = MACHINES[e.machine];
      return `not a RISC-V ELF (e_machine ${e.machine}${arch === undefined ? '' : `, ${arch}`})`;
    }
    case 'not-executable': {
      const t = TYPES[e.type];
      return `not an executable ELF (e_type ${e.type}${t === undefined ? '' : `, ${t}`}); milklab runs statically linked ET_EXEC programs`;
    }
    case 'truncated':
      return `truncated: ${e.what}`;
    case 'bad-header':
      return `malformed ELF: ${e.what}`;
    case 'overlap':
      return `overlapping PT_LOAD segments at ${hex(e.a)} and ${hex(e.b)}`;
    case 'outside-memory':
      return `segment ${hex(e.vaddr)}..${hex(e.vaddr + e.memsz)} lies outside guest memory ${hex(e.base)}..${hex(e.base + e.size)}`;
    case 'wraps':
      return `segment at ${hex(e.vaddr)} with memsz ${hex(e.memsz)} wraps past the end of the 32-bit address space`;
  }
}
