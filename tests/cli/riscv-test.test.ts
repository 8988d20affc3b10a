import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { rvTestElf } from '../helpers/rvtest-elf.js';
import { milklab } from '../helpers/cli.js';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'milklab-rvt-'));
  writeFileSync(path.join(dir, 'rv32ui-p-ok'), rvTestElf(1));
  writeFileSync(path.join(dir, 'rv32ui-p-bad'), rvTestElf((3 << 1) | 1));
  writeFileSync(path.join(dir, 'rv32ui-p-spin'), rvTestElf(undefined));
  writeFileSync(path.join(dir, 'notelf'), 'just text\n');
  const elf64 = rvTestElf(1);
  elf64[4] = 2; // ELFCLASS64
  writeFileSync(path.join(dir, 'elf64'), elf64);
});

describe('milklab riscv-test (end to end)', () => {
  it('prints PASS per passing file and exits 0', () => {
    const r = milklab(['riscv-test', path.join(dir, 'rv32ui-p-ok')]);
    expect(r.stdout).toBe('PASS rv32ui-p-ok\n');
    expect(r.status).toBe(0);
  });
  it('prints FAIL with the test number and exits 1 when any fails', () => {
    const r = milklab(['riscv-test', path.join(dir, 'rv32ui-p-ok'), path.join(dir, 'rv32ui-p-bad')]);
    expect(r.stdout).toBe('PASS rv32ui-p-ok\nFAIL rv32ui-p-bad (test 3)\n');
    expect(r.status).toBe(1);
  });
  it('reports a timeout with the instruction count', () => {
    const r = milklab(['riscv-test', '--max-instructions', '5000', path.join(dir, 'rv32ui-p-spin')]);
    expect(r.stdout).toBe('FAIL rv32ui-p-spin (timeout after 5000 instructions)\n');
    expect(r.status).toBe(1);
  });
  it.each([
    ['notelf', /^milklab: .*notelf: not an ELF file/],
    ['elf64', /^milklab: .*elf64: 64-bit ELF/],
    ['missing', /^milklab: .*missing: no such file$/],
  ])('bad input %s: one line on stderr, exit 2, no stack trace', (name, re) => {
    const r = milklab(['riscv-test', path.join(dir, name)]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(re);
    expect(r.stderr).not.toMatch(/\bat .*\.m?js:\d+/);
  });
  it('rejects a bad option value', () => {
    const r = milklab(['riscv-test', '--max-instructions', 'lots', 'x']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("milklab: --max-instructions needs a positive integer, got 'lots'\n");
  });
});
