// Built-in workloads as session programs: the parsed ELF with argv [name, ...args] (default args
// from the manifest), and a one-line message instead of a throw for an unknown name, a missing or
// unreadable file, a file that is not an ELF, or an ELF outside user memory.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { WorkloadInfo } from '../../src/workloads/registry.js';
import { buildElf } from '../helpers/elf-builder.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'milklab-programs-'));
const notElf = path.join(dir, 'garbage.elf');
writeFileSync(notElf, 'this is not an ELF file at all');
const high = path.join(dir, 'high.elf');
// a valid RV32 executable whose segment lies above user memory (0xbf000000)
writeFileSync(high, buildElf({ entry: 0xbf80_0000, segments: [{ vaddr: 0xbf80_0000, data: [0x13, 0, 0, 0], flags: 'rx' }] }).bytes);

/** Extra workloads only these tests know, pointing at broken files; the real registry otherwise. */
const FAKE: Record<string, string> = { ghost: path.join(dir, 'missing.elf'), garbage: notElf, high, adir: dir };
vi.mock('../../src/workloads/registry.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/workloads/registry.js')>();
  return {
    ...real,
    findWorkload: (name: string): WorkloadInfo | undefined => {
      const file = FAKE[name];
      return file ? { name, description: 'fake', kind: 'compute', defaultArgs: ['1'], tinyArgs: ['1'], footprintPages: 1, file } : real.findWorkload(name);
    },
  };
});

const { workloadChoices, workloadProgram } = await import('../../src/tui/programs.js');
const { listWorkloads } = await import('../../src/workloads/registry.js');

describe('workloadProgram', () => {
  it('loads a built-in workload with its default arguments', () => {
    const loop = listWorkloads().find((w) => w.name === 'loop')!;
    const r = workloadProgram('loop');
    if (!r.ok) throw new Error(r.message);
    expect(r.program.name).toBe('loop');
    expect(r.program.argv).toEqual(['loop', ...loop.defaultArgs]);
    expect(r.program.image.segments.length).toBeGreaterThan(0);
    for (const s of r.program.image.segments) {
      expect(s.vaddr).toBeGreaterThanOrEqual(0x1000);
      expect(s.vaddr + s.memsz).toBeLessThanOrEqual(0xbf00_0000);
    }
  });

  it('uses the given arguments instead of the defaults', () => {
    const r = workloadProgram('sieve', ['1000']);
    expect(r.ok && r.program.argv).toEqual(['sieve', '1000']);
    const none = workloadProgram('sieve', []);
    expect(none.ok && none.program.argv).toEqual(['sieve']);
  });

  it('loads every workload the add picker offers', () => {
    for (const { name } of workloadChoices()) {
      const r = workloadProgram(name);
      expect(r.ok ? r.program.name : r.message).toBe(name);
    }
  });

  it('names an unknown workload instead of throwing', () => {
    expect(workloadProgram('nope')).toEqual({ ok: false, message: "no built-in workload 'nope'" });
    expect(workloadProgram('')).toEqual({ ok: false, message: "no built-in workload ''" });
  });

  it('reports a missing or unreadable ELF with the error code', () => {
    expect(workloadProgram('ghost')).toEqual({ ok: false, message: `${FAKE.ghost}: ENOENT` });
    expect(workloadProgram('adir')).toEqual({ ok: false, message: `${dir}: EISDIR` });
  });

  it('reports a file that is not an ELF, naming the workload', () => {
    const r = workloadProgram('garbage');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/^garbage: not an ELF file/);
  });

  it('refuses an ELF that does not fit user memory', () => {
    const r = workloadProgram('high');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/^high: segment 0xbf800000\.\.0xbf800004 lies outside guest memory 0x0*1000\.\.0xbf000000$/);
  });
});

describe('workloadChoices', () => {
  it('offers every built-in workload with its description, in manifest order', () => {
    const choices = workloadChoices();
    expect(choices).toEqual(listWorkloads().map((w) => ({ name: w.name, description: w.description })));
    expect(choices.length).toBeGreaterThan(5);
    expect(choices[0]!.name).toBe('sieve');
    for (const c of choices) expect(Object.keys(c).sort()).toEqual(['description', 'name']);
  });
});
