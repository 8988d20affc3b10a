// `milklab riscv-test <file.elf>...`: runs riscv-tests ELFs and prints one verdict line per file.

import path from 'node:path';
import { runRiscvTest } from '../machine/riscv-test.js';
import { readUserFile } from './files.js';
import { badInput, usage } from './errors.js';

/**
 * Runs every file; prints `PASS name`, `FAIL name (test n)` or `FAIL name (timeout after N
 * instructions)`. Contract: returns the exit status (0 only when all pass); a bad file is a
 * CliFailure (exit 2) naming it, raised before any output for it.
 */
export function riscvTestCommand(args: string[], out: (line: string) => void): number {
  let max = 50_000_000;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--max-instructions') {
      const v = Number(args[++i]);
      if (!Number.isInteger(v) || v <= 0) throw usage(`--max-instructions needs a positive integer, got '${args[i] ?? ''}'`);
      max = v;
    } else if (a.startsWith('-')) throw usage(`riscv-test: unknown option '${a}'`);
    else files.push(a);
  }
  if (files.length === 0) throw usage('riscv-test: give at least one ELF file (riscv-tests format)');
  let failed = 0;
  for (const file of files) {
    const name = path.basename(file);
    const r = runRiscvTest(readUserFile(file), file, max);
    if (r.kind === 'bad-input') throw badInput(r.message);
    if (r.kind === 'pass') out(`PASS ${name}`);
    else if (r.kind === 'fail') { failed++; out(`FAIL ${name} (test ${r.test})`); }
    else { failed++; out(`FAIL ${name} (timeout after ${r.instructions} instructions)`); }
  }
  return failed === 0 ? 0 : 1;
}
