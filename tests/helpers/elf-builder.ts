// Test helper: owns building synthetic little-endian ELF32 RISC-V executables byte by byte
// (ELF header, program headers, segment data, optional .symtab/.strtab/.shstrtab), plus the
// layout offsets tests need to corrupt or truncate them at precise points.

export interface SegSpec {
  vaddr: number;
  /** File bytes of the segment (placed after the ELF header + phdrs when `headers`). */
  data?: ArrayLike<number>;
  /** Defaults to filesz. */
  memsz?: number;
  /** Subset of 'rwx'; defaults to 'r'. */
  flags?: string;
  /** p_type; defaults to PT_LOAD (1). */
  type?: number;
  /** Segment starts at file offset 0 and covers the ELF header and program headers (as ld does). Only for the first segment. */
  headers?: boolean;
  /** Raw p_offset / p_filesz overrides written after layout. */
  offset?: number;
  filesz?: number;
}

export interface SymSpec {
  name: string;
  value: number;
  bind?: 'local' | 'global' | 'weak';
  type?: 'notype' | 'object' | 'func' | 'section' | 'file';
  /** st_shndx; defaults to SHN_ABS (0xfff1); 0 means undefined. */
  shndx?: number;
}

export interface ElfSpec {
  entry: number;
  segments: SegSpec[];
  /** Omitted: stripped file, e_shoff = e_shnum = 0. */
  symbols?: SymSpec[];
}

export interface BuiltElf {
  bytes: Uint8Array;
  phoff: number;
  /** File offset of each segment's p_offset, in spec order. */
  segOffsets: number[];
  /** 0 when stripped. */
  shoff: number;
  symtabOffset: number;
  strtabOffset: number;
}

/** Little-endian 16-bit store into `b` at `off`. */
export function put16(b: Uint8Array, off: number, v: number): void {
  new DataView(b.buffer, b.byteOffset, b.byteLength).setUint16(off, v, true);
}

/** Little-endian 32-bit store into `b` at `off` (v taken modulo 2^32). */
export function put32(b: Uint8Array, off: number, v: number): void {
  new DataView(b.buffer, b.byteOffset, b.byteLength).setUint32(off, v >>> 0, true);
}

const align4 = (n: number): number => (n + 3) & ~3;
const BINDS = { local: 0, global: 1, weak: 2 } as const;
const STTS = { notype: 0, object: 1, func: 2, section: 3, file: 4 } as const;

/** Builds a valid-by-construction ELF32 RV32 ET_EXEC from `spec`; overrides in SegSpec can make it invalid on purpose. */
export function buildElf(spec: ElfSpec): BuiltElf {
  const phoff = 52;
  const phEnd = phoff + 32 * spec.segments.length;
  const parts: { off: number; data: ArrayLike<number> }[] = [];
  const segOffsets: number[] = [];
  const fileszs: number[] = [];
  let cursor = phEnd;
  spec.segments.forEach((s, i) => {
    const data = s.data ?? [];
    if (s.headers === true) {
      if (i !== 0) throw new Error('headers segment must come first');
      segOffsets.push(0);
      fileszs.push(phEnd + data.length);
    } else {
      cursor = align4(cursor);
      segOffsets.push(cursor);
      fileszs.push(data.length);
    }
    parts.push({ off: cursor, data });
    cursor += data.length;
  });

  let shoff = 0;
  let symtabOffset = 0;
  let strtabOffset = 0;
  let sectionBytes: { symtab: Uint8Array; strtab: number[]; shstrtab: number[]; locals: number } | null = null;
  if (spec.symbols !== undefined) {
    const strtab = [0];
    const addStr = (into: number[], s: string): number => {
      const at = into.length;
      for (const c of new TextEncoder().encode(s)) into.push(c);
      into.push(0);
      return at;
    };
    const syms = [...spec.symbols].sort((a, b) => Number((a.bind ?? 'global') !== 'local') - Number((b.bind ?? 'global') !== 'local'));
    const symtab = new Uint8Array(16 * (syms.length + 1));
    syms.forEach((s, i) => {
      const o = 16 * (i + 1);
      put32(symtab, o, addStr(strtab, s.name));
      put32(symtab, o + 4, s.value);
      symtab[o + 12] = (BINDS[s.bind ?? 'global'] << 4) | STTS[s.type ?? 'notype'];
      put16(symtab, o + 14, s.shndx ?? 0xfff1);
    });
    const shstrtab = [0];
    addStr(shstrtab, '.symtab');
    addStr(shstrtab, '.strtab');
    addStr(shstrtab, '.shstrtab');
    const locals = 1 + syms.filter((s) => s.bind === 'local').length;
    symtabOffset = align4(cursor);
    strtabOffset = symtabOffset + symtab.length;
    const shstrOffset = strtabOffset + strtab.length;
    shoff = align4(shstrOffset + shstrtab.length);
    cursor = shoff + 40 * 4;
    parts.push({ off: symtabOffset, data: symtab }, { off: strtabOffset, data: strtab }, { off: shstrOffset, data: shstrtab });
    sectionBytes = { symtab, strtab, shstrtab, locals };
  }

  const b = new Uint8Array(cursor);
  b.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1]);
  put16(b, 16, 2); // ET_EXEC
  put16(b, 18, 243); // EM_RISCV
  put32(b, 20, 1);
  put32(b, 24, spec.entry);
  put32(b, 28, phoff);
  put32(b, 32, shoff);
  put16(b, 40, 52);
  put16(b, 42, 32);
  put16(b, 44, spec.segments.length);
  put16(b, 46, 40);
  put16(b, 48, sectionBytes === null ? 0 : 4);
  put16(b, 50, sectionBytes === null ? 0 : 3);
  for (const p of parts) b.set(Array.from(p.data), p.off);
  spec.segments.forEach((s, i) => {
    const p = phoff + 32 * i;
    const filesz = s.filesz ?? fileszs[i]!;
    const fl = s.flags ?? 'r';
    put32(b, p, s.type ?? 1);
    put32(b, p + 4, s.offset ?? segOffsets[i]!);
    put32(b, p + 8, s.vaddr);
    put32(b, p + 12, s.vaddr);
    put32(b, p + 16, filesz);
    put32(b, p + 20, s.memsz ?? filesz);
    put32(b, p + 24, (fl.includes('r') ? 4 : 0) | (fl.includes('w') ? 2 : 0) | (fl.includes('x') ? 1 : 0));
    put32(b, p + 28, 4096);
  });
  if (sectionBytes !== null) {
    const sh = (i: number, f: number[]): void => f.forEach((v, k) => put32(b, shoff + 40 * i + 4 * k, v));
    // name, type, flags, addr, offset, size, link, info, addralign, entsize
    sh(1, [1, 2, 0, 0, symtabOffset, sectionBytes.symtab.length, 2, sectionBytes.locals, 4, 16]);
    sh(2, [9, 3, 0, 0, strtabOffset, sectionBytes.strtab.length, 0, 0, 1, 0]);
    sh(3, [17, 3, 0, 0, strtabOffset + sectionBytes.strtab.length, sectionBytes.shstrtab.length, 0, 0, 1, 0]);
  }
  return { bytes: b, phoff, segOffsets, shoff, symtabOffset, strtabOffset };
}
