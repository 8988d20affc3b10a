// `milklab workloads` in-process: one line per built-in workload in manifest order, with kind,
// default footprint in MiB (4 KiB pages, rounded) and description; status 0.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { workloadsCommand } from '../../src/cli/workloads.js';
import { listWorkloads } from '../../src/workloads/registry.js';

function lines(): { status: number; out: string[] } {
  const out: string[] = [];
  const status = workloadsCommand((l) => out.push(l));
  return { status, out };
}

describe('workloadsCommand', () => {
  it('prints one line per workload, in manifest order, and returns 0', () => {
    const r = lines();
    const all = listWorkloads();
    expect(r.status).toBe(0);
    expect(all.length).toBeGreaterThanOrEqual(7);
    expect(r.out).toHaveLength(all.length);
    expect(r.out.map((l) => l.split(' ')[0])).toEqual(all.map((w) => w.name));
  });

  it('formats name, kind, footprint and description in fixed columns', () => {
    const r = lines();
    for (const [i, w] of listWorkloads().entries()) {
      const m = /^(\S+) +(compute|memory) +~ *(\d+) MiB {2}(.*)$/.exec(r.out[i]!);
      expect(m, r.out[i]).not.toBeNull();
      expect(m![1]).toBe(w.name);
      expect(m![2]).toBe(w.kind);
      expect(Number(m![3])).toBe(Math.round((w.footprintPages * 4) / 1024));
      expect(m![4]).toBe(w.description);
      expect(r.out[i]!.indexOf(w.kind)).toBe(14);
    }
  });

  it('shows the footprints of the manifest: sieve ~5 MiB, stride ~16 MiB', () => {
    const r = lines();
    expect(r.out.find((l) => l.startsWith('sieve '))).toMatch(/^sieve +compute +~ {2}5 MiB {2}Sieve of Eratosthenes/);
    expect(r.out.find((l) => l.startsWith('stride '))).toMatch(/ ~ 16 MiB {2}/);
  });

  it('every listed workload has its ELF in the package', () => {
    for (const w of listWorkloads()) expect(existsSync(w.file), w.file).toBe(true);
  });
});
