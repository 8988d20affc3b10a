// startCommand (bare `milklab` without a terminal) in-process: runs sieve with its default
// arguments on the paged machine, passes the guest's output through unchanged, prints the figures
// and returns the guest's status; instruction and TLB counts are the same on every run.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startCommand } from '../../src/cli/start.js';
import { findWorkload } from '../../src/workloads/registry.js';
import { ROOT } from '../helpers/cli.js';

afterEach(() => { vi.restoreAllMocks(); });

/** Runs startCommand, capturing its lines and what the guest wrote to stdout. */
function start(): { status: number; lines: string[]; guest: string } {
  const lines: string[] = [];
  let guest = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    guest += typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk);
    return true;
  });
  const status = startCommand((l) => lines.push(l));
  vi.restoreAllMocks();
  return { status, lines, guest };
}

describe('startCommand', () => {
  let first: ReturnType<typeof start>;
  beforeAll(() => { first = start(); });

  it('says what it runs, then the figures, and returns the guest’s status 0', () => {
    const w = findWorkload('sieve')!;
    expect(first.status).toBe(0);
    expect(first.lines[0]).toBe("milklab: running workload 'sieve' on an emulated RV32IM hart with Sv32 paging");
    expect(first.lines[1]).toBe(`  ${w.description}`);
    expect(first.lines[2]).toBe('');
    expect(first.lines[3]).toMatch(/^instructions {2}\d{1,3}(,\d{3})+$/);
    expect(first.lines[4]).toMatch(/^host time {5}\d+\.\d\d s {2}\(\d+ MIPS\)$/);
    expect(first.lines[5]).toMatch(/^TLB walks {5}fetch \d+, load \d+, store \d+ \(of [\d,]+ data accesses\)$/);
    expect(first.lines[6]).toBe('exit          status 0');
    expect(first.lines.at(-1)).toBe("more: 'milklab help', 'milklab workloads', 'npm run bench'");
  });

  it('the guest’s output is the workload’s expected output, byte for byte', () => {
    expect(first.guest).toBe(readFileSync(path.join(ROOT, 'workloads/expected/sieve.txt'), 'utf8'));
  });

  it('runs the default arguments to completion (tens of millions of instructions)', () => {
    const n = Number(first.lines[3]!.replace(/\D/g, ''));
    expect(n).toBeGreaterThan(70_000_000);
    expect(n).toBeLessThan(90_000_000);
  });

  it('is deterministic: the same instruction and TLB figures on a second run', () => {
    const again = start();
    expect(again.status).toBe(0);
    expect(again.lines[3]).toBe(first.lines[3]);
    expect(again.lines[5]).toBe(first.lines[5]);
    expect(again.guest).toBe(first.guest);
  });
});
