// Tests for src/machine/hw/elf.ts: ELF32 RV32 parsing, validation errors, checkFits, error wording,
// robustness to garbage (fuzz), and every real workload ELF in workloads/bin when present.
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { parseElf, checkFits, describeElfError, EM_RISCV, type ElfError, type ElfImage } from '../../../src/machine/hw/elf.js';
import { buildElf, put16, put32, type ElfSpec } from '../../helpers/elf-builder.js';

const TEXT = Array.from({ length: 64 }, (_, i) => (i * 7 + 1) & 0xff);
const DATA = Array.from({ length: 16 }, (_, i) => 0xa0 + i);
const PH_END = 52 + 32 * 3;

/** A realistic static executable: text segment covering the headers at 0x10000, data+bss at 0x11000, a PT_NOTE. */
function sampleSpec(): ElfSpec {
  return {
    entry: 0x10000 + PH_END,
    segments: [
      { vaddr: 0x10000, data: TEXT, flags: 'rx', headers: true },
      { vaddr: 0x0, type: 4, data: [1, 2, 3, 4] },
      { vaddr: 0x11000, data: DATA, memsz: 0x100, flags: 'rw' },
    ],
    symbols: [
      { name: 'crt.S', value: 0, bind: 'local', type: 'file' },
      { name: '', value: 0x10000, bind: 'local', type: 'section', shndx: 1 },
      { name: 'tohost', value: 0xdead, bind: 'local', type: 'object' },
      { name: 'loop', value: 0x100a0, bind: 'local', type: 'func' },
      { name: '$xrv32i2p1_m2p0', value: 0x10000 + PH_END, bind: 'local' },
      { name: '_start', value: 0x10000 + PH_END, type: 'func' },
      { name: 'tohost', value: 0x11000, type: 'object' },
      { name: 'puts', value: 0, shndx: 0 },
    ],
  };
}
const sample = (): ReturnType<typeof buildElf> => buildElf(sampleSpec());

function expectError(bytes: Uint8Array): ElfError {
  const r = parseElf(bytes);
  if (r.ok) throw new Error('expected an error, got an image');
  return r.error;
}
function expectImage(bytes: Uint8Array): ElfImage {
  const r = parseElf(bytes);
  if (!r.ok) throw new Error(describeElfError('test.elf', r.error));
  return r.value;
}
const patched = (f: (b: Uint8Array) => void): Uint8Array => {
  const b = sample().bytes.slice();
  f(b);
  return b;
};

describe('parseElf: valid images', () => {
  it('parses entry, sorted PT_LOAD segments, flags, data, phdr, symbols and brkStart', () => {
    const built = sample();
    const img = expectImage(built.bytes);
    expect(EM_RISCV).toBe(243);
    expect(img.entry).toBe(0x10000 + PH_END);
    expect(img.segments.map((s) => [s.vaddr, s.filesz, s.memsz, s.offset])).toEqual([
      [0x10000, PH_END + 64, PH_END + 64, 0],
      [0x11000, 16, 0x100, built.segOffsets[2]],
    ]);
    expect(img.segments[0]!.flags).toEqual({ r: true, w: false, x: true });
    expect(img.segments[1]!.flags).toEqual({ r: true, w: true, x: false });
    expect(Array.from(img.segments[0]!.data.subarray(PH_END))).toEqual(TEXT);
    expect(Array.from(img.segments[1]!.data)).toEqual(DATA);
    expect(img.phdr).toEqual({ vaddr: 0x10034, entsize: 32, count: 3 });
    expect(img.brkStart).toBe(0x12000);
    expect(img.symbols.get('tohost')).toBe(0x11000); // global wins over the same-named local
    expect(img.symbols.get('_start')).toBe(img.entry);
    expect(img.symbols.get('loop')).toBe(0x100a0);
    expect([...img.symbols.keys()].sort()).toEqual(['_start', 'loop', 'tohost']); // no file/section/undefined/mapping symbols
  });

  it('sorts segments listed out of order, drops zero-memsz PT_LOADs, reports phdr null when not loaded', () => {
    const img = expectImage(
      buildElf({
        entry: 0x20000,
        segments: [
          { vaddr: 0x30000, data: [1, 2], flags: 'rw' },
          { vaddr: 0x50000, data: [] },
          { vaddr: 0x20000, data: [3, 4, 5, 6], flags: 'x' },
          { vaddr: 0x21000, data: [], memsz: 0x2001, flags: 'rw' }, // pure bss
        ],
      }).bytes,
    );
    expect(img.segments.map((s) => s.vaddr)).toEqual([0x20000, 0x21000, 0x30000]);
    expect(img.segments[0]!.flags).toEqual({ r: false, w: false, x: true });
    expect(img.phdr).toBeNull();
    expect(img.symbols.size).toBe(0); // stripped
    expect(img.brkStart).toBe(0x31000);
  });

  it('accepts touching segments and a segment ending exactly at the last page boundary', () => {
    const img = expectImage(
      buildElf({ entry: 0xffffe000, segments: [{ vaddr: 0xffffe000, data: [1], memsz: 0x800 }, { vaddr: 0xffffe800, memsz: 0x800 }] }).bytes,
    );
    expect(img.brkStart).toBe(0xfffff000);
  });

  it('skips symbols when the section header table is inconsistent but inside the file', () => {
    const { shoff, strtabOffset } = sample();
    const shentsize = patched((b) => put16(b, 46, 20));
    expect(expectImage(shentsize).symbols.size).toBe(0);
    const badLink = patched((b) => put32(b, shoff + 40 + 24, 99));
    expect(expectImage(badLink).symbols.size).toBe(0);
    const strSize = new DataView(sample().bytes.buffer).getUint32(shoff + 80 + 20, true);
    const unterminated = patched((b) => b.fill(0x41, strtabOffset, strtabOffset + strSize));
    expect(expectImage(unterminated).symbols.size).toBe(0);
    expect(expectImage(patched((b) => put16(b, 48, 0))).symbols.size).toBe(0);
  });
});

describe('parseElf: errors', () => {
  it('not-elf: empty, short, bad magic', () => {
    expect(expectError(new Uint8Array(0))).toEqual({ kind: 'not-elf' });
    expect(expectError(sample().bytes.slice(0, 15))).toEqual({ kind: 'not-elf' });
    expect(expectError(patched((b) => (b[1] = 0x44)))).toEqual({ kind: 'not-elf' });
    expect(expectError(new TextEncoder().encode('#!/bin/sh\necho hello world\n'))).toEqual({ kind: 'not-elf' });
  });

  it('not-32-bit: 64-bit and unknown class', () => {
    expect(expectError(patched((b) => (b[4] = 2)))).toEqual({ kind: 'not-32-bit', elfClass: 2 });
    expect(expectError(patched((b) => (b[4] = 0)))).toEqual({ kind: 'not-32-bit', elfClass: 0 });
  });

  it('not-little-endian: big-endian file', () => {
    expect(expectError(patched((b) => (b[5] = 2)))).toEqual({ kind: 'not-little-endian' });
  });

  it('not-riscv: x86 and x86-64', () => {
    expect(expectError(patched((b) => put16(b, 18, 62)))).toEqual({ kind: 'not-riscv', machine: 62 });
    expect(expectError(patched((b) => put16(b, 18, 3)))).toEqual({ kind: 'not-riscv', machine: 3 });
  });

  it('not-executable: ET_DYN and ET_REL', () => {
    expect(expectError(patched((b) => put16(b, 16, 3)))).toEqual({ kind: 'not-executable', type: 3 });
    expect(expectError(patched((b) => put16(b, 16, 1)))).toEqual({ kind: 'not-executable', type: 1 });
  });

  it('truncated: ELF header, phdr table, segment data, section header table, symtab, strtab', () => {
    const { bytes, phoff, segOffsets, shoff } = sample();
    const cut = (n: number): string => {
      const e = expectError(bytes.slice(0, n));
      expect(e.kind).toBe('truncated');
      return e.kind === 'truncated' ? e.what : '';
    };
    expect(cut(40)).toBe('ELF header lies beyond the end of the file (40 bytes)');
    expect(cut(phoff + 32 + 5)).toBe(`program header 1 lies beyond the end of the file (${phoff + 37} bytes)`);
    expect(cut(segOffsets[2]! + 3)).toMatch(/^data of program header 2 .* lies beyond the end of the file/);
    expect(cut(shoff + 50)).toMatch(/^section header table/);
    expect(expectError(patched((b) => put32(b, shoff + 40 + 16, b.length)))).toMatchObject({ kind: 'truncated', what: expect.stringMatching(/^symbol table/) });
    expect(expectError(patched((b) => put32(b, shoff + 80 + 20, 0x10000)))).toMatchObject({ kind: 'truncated', what: expect.stringMatching(/^string table/) });
    expect(expectError(patched((b) => put32(b, 28, 0xfffffff0)))).toMatchObject({ kind: 'truncated', what: expect.stringMatching(/^program header 0 /) });
  });

  it('every proper prefix of a valid file is not-elf or truncated', () => {
    const { bytes } = sample();
    for (let n = 0; n < bytes.length; n++) {
      const kind = expectError(bytes.slice(0, n)).kind;
      expect(kind === 'not-elf' || kind === 'truncated', `prefix ${n}: ${kind}`).toBe(true);
    }
  });

  it('bad-header: e_phentsize, no PT_LOAD, no program headers, filesz > memsz, no room for a break', () => {
    expect(expectError(patched((b) => put16(b, 42, 56)))).toEqual({ kind: 'bad-header', what: 'e_phentsize is 56, expected 32' });
    expect(expectError(buildElf({ entry: 0, segments: [{ vaddr: 0, type: 4, data: [1] }] }).bytes)).toEqual({ kind: 'bad-header', what: 'no PT_LOAD segments' });
    expect(expectError(buildElf({ entry: 0, segments: [] }).bytes)).toEqual({ kind: 'bad-header', what: 'no PT_LOAD segments' });
    expect(expectError(buildElf({ entry: 0, segments: [{ vaddr: 0x10000, data: [1, 2, 3, 4], memsz: 2 }] }).bytes)).toEqual({
      kind: 'bad-header',
      what: 'program header 0: p_filesz 0x4 exceeds p_memsz 0x2',
    });
    const top = expectError(buildElf({ entry: 0, segments: [{ vaddr: 0xffffff00, memsz: 0x100 }] }).bytes);
    expect(top).toMatchObject({ kind: 'bad-header', what: expect.stringContaining('no room for a page-aligned program break') });
  });

  it('overlap: two PT_LOAD segments sharing bytes, regardless of table order', () => {
    const e = expectError(buildElf({ entry: 0, segments: [{ vaddr: 0x11fff, data: [1] }, { vaddr: 0x10000, memsz: 0x2000 }] }).bytes);
    expect(e).toEqual({ kind: 'overlap', a: 0x10000, b: 0x11fff });
  });

  it('wraps: vaddr + memsz beyond 2^32', () => {
    const e = expectError(buildElf({ entry: 0, segments: [{ vaddr: 0xfffff000, data: [1], memsz: 0x2000 }] }).bytes);
    expect(e).toEqual({ kind: 'wraps', vaddr: 0xfffff000, memsz: 0x2000 });
  });
});

describe('checkFits', () => {
  const img = expectImage(sample().bytes);
  it('accepts an image inside the window, including a window ending at 2^32', () => {
    expect(checkFits(img, 0x10000, 0x2000)).toEqual({ ok: true, value: img });
    expect(checkFits(img, 0, 0x100000).ok).toBe(true);
    const high = expectImage(buildElf({ entry: 0xffff0000, segments: [{ vaddr: 0xffff0000, memsz: 0x1000 }] }).bytes);
    expect(checkFits(high, 0xffff0000, 0x10000).ok).toBe(true);
  });
  it('reports the first segment outside the window', () => {
    expect(checkFits(img, 0x80000000, 0x100000)).toEqual({
      ok: false,
      error: { kind: 'outside-memory', vaddr: 0x10000, memsz: PH_END + 64, base: 0x80000000, size: 0x100000 },
    });
    expect(checkFits(img, 0x10000, 0x10ff)).toMatchObject({ ok: false, error: { kind: 'outside-memory', vaddr: 0x11000, memsz: 0x100 } });
    expect(checkFits(img, 0x10001, 0x100000)).toMatchObject({ ok: false, error: { vaddr: 0x10000 } });
  });
});

describe('describeElfError', () => {
  const cases: [ElfError, string][] = [
    [{ kind: 'not-elf' }, 'p.elf: not an ELF file'],
    [{ kind: 'not-32-bit', elfClass: 2 }, 'p.elf: 64-bit ELF; milklab runs RV32 (ELFCLASS32) programs'],
    [{ kind: 'not-32-bit', elfClass: 9 }, 'p.elf: unknown ELF class 9; milklab runs RV32 (ELFCLASS32) programs'],
    [{ kind: 'not-little-endian' }, 'p.elf: not a little-endian ELF'],
    [{ kind: 'not-riscv', machine: 62 }, 'p.elf: not a RISC-V ELF (e_machine 62, x86-64)'],
    [{ kind: 'not-riscv', machine: 3 }, 'p.elf: not a RISC-V ELF (e_machine 3, x86 (i386))'],
    [{ kind: 'not-riscv', machine: 9999 }, 'p.elf: not a RISC-V ELF (e_machine 9999)'],
    [{ kind: 'not-executable', type: 3 }, 'p.elf: not an executable ELF (e_type 3, ET_DYN, a shared object or PIE)'],
    [{ kind: 'truncated', what: 'x lies beyond the end of the file (9 bytes)' }, 'p.elf: truncated: x lies beyond the end of the file (9 bytes)'],
    [{ kind: 'bad-header', what: 'no PT_LOAD segments' }, 'p.elf: malformed ELF: no PT_LOAD segments'],
    [{ kind: 'overlap', a: 0x10000, b: 0x11fff }, 'p.elf: overlapping PT_LOAD segments at 0x10000 and 0x11fff'],
    [{ kind: 'outside-memory', vaddr: 0x10000, memsz: 0x2000, base: 0x80000000, size: 0x100000 }, 'p.elf: segment 0x10000..0x12000 lies outside guest memory 0x80000000..0x80100000'],
    [{ kind: 'wraps', vaddr: 0xfffff000, memsz: 0x2000 }, 'p.elf: segment at 0xfffff000 with memsz 0x2000 wraps past the end of the 32-bit address space'],
  ];
  for (const [e, want] of cases) {
    it(`${e.kind}: one line naming the file`, () => {
      const line = describeElfError('p.elf', e);
      expect(line.startsWith(want)).toBe(true);
      expect(line).not.toMatch(/[\r\n]/);
      expect(line.slice('p.elf: '.length)).toMatch(/^[a-z0-9]/);
    });
  }

  it('words a real truncation exactly as documented', () => {
    const b = new Uint8Array(1234);
    b.set(sample().bytes.subarray(0, 52));
    put32(b, 28, 1234 - 64 - 10);
    put16(b, 44, 3);
    const e = expectError(b);
    expect(describeElfError('a.elf', e)).toBe('a.elf: truncated: program header 2 lies beyond the end of the file (1234 bytes)');
  });

  it('escapes control characters in the file name', () => {
    expect(describeElfError('evil\nname.elf', { kind: 'not-elf' })).toMatch(/^evil\\x0aname\.elf: not an ELF file/);
  });
});

/** Deterministic PRNG (mulberry32) so fuzz failures reproduce. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const isU32 = (n: number): boolean => Number.isInteger(n) && n >= 0 && n < 2 ** 32;

/** Parses without throwing and, for an image, checks every documented invariant. */
function checkProperty(bytes: Uint8Array): void {
  const r = parseElf(bytes);
  if (!r.ok) {
    expect(describeElfError('f.elf', r.error)).not.toMatch(/[\r\n]/);
    return;
  }
  const img = r.value;
  expect(isU32(img.entry) && isU32(img.brkStart) && img.brkStart % 4096 === 0).toBe(true);
  expect(img.segments.length).toBeGreaterThan(0);
  let end = 0;
  for (const s of img.segments) {
    expect(isU32(s.vaddr) && s.vaddr >= end && s.memsz > 0 && s.filesz <= s.memsz && s.data.length === s.filesz).toBe(true);
    end = s.vaddr + s.memsz;
  }
  expect(img.brkStart).toBeGreaterThanOrEqual(end);
  if (img.phdr !== null) expect(isU32(img.phdr.vaddr)).toBe(true);
}

describe('fuzz: arbitrary input never throws', () => {
  it('random byte strings, some with a plausible RV32 ELF prefix', () => {
    const rand = rng(1);
    for (let i = 0; i < 3000; i++) {
      const b = new Uint8Array(Math.floor(rand() * 600));
      for (let k = 0; k < b.length; k++) b[k] = Math.floor(rand() * 256);
      if (i % 2 === 0 && b.length >= 52) {
        b.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1]);
        put16(b, 16, 2);
        put16(b, 18, 243);
        put16(b, 42, 32);
        put16(b, 44, Math.floor(rand() * 6));
        put32(b, 28, Math.floor(rand() * b.length));
        put32(b, 32, rand() < 0.5 ? 0 : Math.floor(rand() * b.length));
      }
      checkProperty(b);
    }
  });

  it('every single-byte corruption and random truncation of a valid file', () => {
    const rand = rng(2);
    const { bytes } = sample();
    for (let pos = 0; pos < bytes.length; pos++) {
      for (const v of [0x00, 0xff, 0x80, Math.floor(rand() * 256)]) {
        const b = bytes.slice();
        b[pos] = v;
        checkProperty(b);
      }
    }
    for (let i = 0; i < 500; i++) {
      const b = bytes.slice(0, Math.floor(rand() * bytes.length));
      b[Math.floor(rand() * b.length)] = Math.floor(rand() * 256);
      checkProperty(b);
    }
  });

  it('works on a view with a non-zero byteOffset (e.g. a Node Buffer slice)', () => {
    const { bytes } = sample();
    const host = new Uint8Array(bytes.length + 13);
    host.set(bytes, 13);
    expect(expectImage(host.subarray(13)).entry).toBe(0x10000 + PH_END);
  });
});

/** Checks the entry point lies inside an executable PT_LOAD segment. */
function entryIsExecutable(img: ElfImage): boolean {
  return img.segments.some((s) => s.flags.x && img.entry >= s.vaddr && img.entry < s.vaddr + s.memsz);
}

const WORKLOADS = fileURLToPath(new URL('../../../workloads/bin/', import.meta.url));
const workloadFiles = existsSync(WORKLOADS) ? readdirSync(WORKLOADS).filter((f) => f.endsWith('.elf')).sort() : [];

describe('workloads/bin ELFs', () => {
  if (workloadFiles.length === 0) {
    it('synthetic stand-in: entry lies in an executable segment linked at 0x10000', () => {
      const img = expectImage(sample().bytes);
      expect(img.segments[0]!.vaddr).toBe(0x10000);
      expect(entryIsExecutable(img)).toBe(true);
    });
  }
  for (const f of workloadFiles) {
    it(`${f}: parses, entry in an executable segment`, () => {
      const r = parseElf(new Uint8Array(readFileSync(path.join(WORKLOADS, f))));
      if (!r.ok) throw new Error(describeElfError(f, r.error));
      expect(entryIsExecutable(r.value)).toBe(true);
      expect(r.value.segments[0]!.vaddr).toBeGreaterThanOrEqual(0x10000);
    });
  }
});
