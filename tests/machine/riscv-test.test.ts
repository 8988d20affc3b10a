import { describe, expect, it } from 'vitest';
import { runRiscvTest } from '../../src/machine/riscv-test.js';
import { rvTestElf } from '../helpers/rvtest-elf.js';

describe('runRiscvTest', () => {
  it('passes when the program writes 1 to tohost', () => {
    const r = runRiscvTest(rvTestElf(1), 'ok.elf');
    expect(r.kind).toBe('pass');
  });
  it('reports the failing test number from (n<<1)|1', () => {
    expect(runRiscvTest(rvTestElf((7 << 1) | 1), 'bad.elf')).toMatchObject({ kind: 'fail', test: 7 });
  });
  it('times out after the instruction limit', () => {
    expect(runRiscvTest(rvTestElf(undefined), 'spin.elf', 10_000)).toEqual({ kind: 'timeout', instructions: 10_000 });
  });
  it('rejects a file without a tohost symbol with a one-line message', () => {
    const r = runRiscvTest(rvTestElf(1, { stripped: true }), 'strip.elf');
    expect(r.kind).toBe('bad-input');
    if (r.kind === 'bad-input') expect(r.message).toMatch(/^strip\.elf: no 'tohost' symbol/);
  });
  it('rejects non-ELF bytes naming the file', () => {
    const r = runRiscvTest(new TextEncoder().encode('hello world, not an elf'), 'x.txt');
    expect(r).toMatchObject({ kind: 'bad-input' });
    if (r.kind === 'bad-input') expect(r.message.startsWith('x.txt: ')).toBe(true);
  });
});
