import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findWorkload, isWorkloadName, listWorkloads } from '../../src/workloads/registry.js';

describe('workload registry', () => {
  it('lists the required workloads, each with a committed ELF and expected outputs', () => {
    const names = listWorkloads().map((w) => w.name);
    for (const n of ['sieve', 'crc', 'sort', 'matmul', 'matmul-tiled', 'ptrchase', 'stride', 'seqscan', 'random', 'zipf', 'loop', 'phases', 'heapfill']) {
      expect(names).toContain(n);
    }
    for (const w of listWorkloads()) {
      expect(existsSync(w.file), w.file).toBe(true);
      expect(w.description.length).toBeGreaterThan(10);
    }
  });
  it('tells names from paths', () => {
    expect(isWorkloadName('sieve')).toBe(true);
    expect(isWorkloadName('./sieve.elf')).toBe(false);
    expect(isWorkloadName('nope')).toBe(false);
    expect(findWorkload('nope')).toBeUndefined();
  });
});
