// Test helper: synthetic ELFs in the riscv-tests format (code at 0x8000_0000, a `tohost` symbol),
// so the riscv-test runner and CLI are tested without committing riscv-tests binaries.

import { asm } from './asm.js';
import { buildElf } from './elf-builder.js';

/** An ELF whose program writes `value` to tohost (1 = pass, (n<<1)|1 = test n failed), or spins when value is undefined. */
export function rvTestElf(value: number | undefined, opts: { stripped?: boolean } = {}): Uint8Array {
  const a = asm(0x8000_0000);
  if (value === undefined) a.label('spin').j('spin');
  else {
    a.li('t0', value).la('t1', 'tohost').sw('t0', 0, 't1').sw('zero', 4, 't1').label('spin').j('spin');
  }
  a.org(0x8000_1000).label('tohost').word(0).word(0);
  const code = a.bytes();
  return buildElf({
    entry: 0x8000_0000,
    segments: [{ vaddr: 0x8000_0000, data: code, flags: 'rwx' }],
    ...(opts.stripped ? {} : { symbols: [{ name: 'tohost', value: a.addressOf('tohost'), bind: 'global', type: 'object' }] }),
  }).bytes;
}
