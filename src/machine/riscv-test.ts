// Runs one ELF in the riscv-tests format on a bare machine: RAM at 0x8000_0000, the hart reset
// in M-mode at the ELF entry, the verdict written by the test to its `tohost` symbol (HTIF).

import { Machine } from './hw/machine.js';
import { attachHtif } from './hw/htif.js';
import { checkFits, parseElf, describeElfError } from './hw/elf.js';

export const RISCV_TEST_RAM_BASE = 0x8000_0000;
export const RISCV_TEST_RAM_SIZE = 16 << 20;

export type RiscvTestResult =
  | { kind: 'pass'; instructions: number }
  | { kind: 'fail'; test: number; instructions: number }
  | { kind: 'timeout'; instructions: number }
  | { kind: 'bad-input'; message: string };

/**
 * Boots `bytes` (named `file` in messages) and runs it to its verdict or `maxInstructions`.
 * Contract: never throws for bad input; a file that is not a loadable riscv-tests ELF (bad ELF,
 * outside RAM, no `tohost` symbol) is `bad-input` with a one-line message naming the file.
 */
export function runRiscvTest(bytes: Uint8Array, file: string, maxInstructions = 50_000_000): RiscvTestResult {
  const parsed = parseElf(bytes);
  if (!parsed.ok) return { kind: 'bad-input', message: describeElfError(file, parsed.error) };
  const fits = checkFits(parsed.value, RISCV_TEST_RAM_BASE, RISCV_TEST_RAM_SIZE);
  if (!fits.ok) return { kind: 'bad-input', message: describeElfError(file, fits.error) };
  const image = fits.value;
  const tohost = image.symbols.get('tohost');
  if (tohost === undefined) return { kind: 'bad-input', message: `${file}: no 'tohost' symbol; not a riscv-tests ELF (is it stripped?)` };
  const m = new Machine({ ramBase: RISCV_TEST_RAM_BASE, ramSize: RISCV_TEST_RAM_SIZE });
  for (const seg of image.segments) m.mem.writeBytes(seg.vaddr, seg.data);
  let code = -1;
  attachHtif(m.mem, tohost, {
    exit: (c) => { code = c; m.cpu.requestExit({ kind: 'halt', code: c }); },
    putchar: () => {},
  });
  m.cpu.pc = image.entry;
  while (m.cpu.instret < maxInstructions) {
    const exit = m.cpu.run(Math.min(1_000_000, maxInstructions - m.cpu.instret));
    if (exit.kind === 'halt' || code >= 0) break;
    if (exit.kind === 'idle') break;
  }
  const instructions = m.cpu.instret;
  if (code < 0) return { kind: 'timeout', instructions };
  return code === 0 ? { kind: 'pass', instructions } : { kind: 'fail', test: code, instructions };
}
