// Differential tests: every workload, paging off and Sv32 on, against the output qemu-riscv32
// produced (committed in workloads/expected) and, when qemu-riscv32 is installed (CI installs it),
// against a live qemu run.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseElf } from '../../src/machine/hw/elf.js';
import { runFlat } from '../../src/machine/flat.js';
import { listWorkloads } from '../../src/workloads/registry.js';
import { ROOT } from '../helpers/cli.js';

function runOn(file: string, argv: string[], paging: boolean): { out: string; code: number } {
  const img = parseElf(new Uint8Array(readFileSync(file)));
  if (!img.ok) throw new Error('bad elf');
  let out = '';
  const dec = new TextDecoder();
  const r = runFlat(img.value, { paging, argv, onWrite: (_fd, b) => { out += dec.decode(b); } });
  if (r.kind !== 'exit') throw new Error(`${file}: ${JSON.stringify(r)}`);
  return { out, code: r.code };
}

const hasQemu = spawnSync('qemu-riscv32', ['-version']).status === 0;

describe.each(listWorkloads().map((w) => [w.name, w] as const))('workload %s', (name, w) => {
  const expected = readFileSync(path.join(ROOT, 'workloads/expected', `${name}.tiny.txt`), 'utf8');
  it.each([false, true])('tiny run (paging %s) prints what qemu-riscv32 printed', (paging) => {
    const r = runOn(w.file, [name, ...w.tinyArgs], paging);
    expect(r.out).toBe(expected);
    expect(r.code).toBe(0);
  });
  if (hasQemu) {
    it('matches a live qemu-riscv32 run', () => {
      const args = w.tinyArgs;
      const q = spawnSync('qemu-riscv32', ['-0', name, w.file, ...args], { encoding: 'utf8' });
      const r = runOn(w.file, [name, ...args], true);
      expect(r.out).toBe(q.stdout);
      expect(r.code).toBe(q.status);
    });
  }
});
