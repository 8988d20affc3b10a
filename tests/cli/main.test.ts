import { describe, expect, it } from 'vitest';
import { milklab } from '../helpers/cli.js';

describe('milklab command line', () => {
  it('help lists the commands', () => {
    const r = milklab(['help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('milklab riscv-test');
    expect(r.stdout).toContain('milklab workloads');
  });
  it('an unknown command is one line and status 2', () => {
    const r = milklab(['frobnicate']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("milklab: unknown command 'frobnicate' (try 'milklab help')\n");
  });
  it('workloads lists every built-in workload', () => {
    const r = milklab(['workloads']);
    expect(r.status).toBe(0);
    for (const name of ['sieve', 'crc', 'sort', 'matmul', 'ptrchase', 'stride', 'heapfill']) expect(r.stdout).toMatch(new RegExp(`^${name} `, 'm'));
  });
});
