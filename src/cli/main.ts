// The `milklab` command line: dispatches subcommands and turns every failure into one line on
// stderr with a non-zero status — never a stack trace.

import { CliFailure } from './errors.js';
import { riscvTestCommand } from './riscv-test.js';
import { startCommand } from './start.js';
import { workloadsCommand } from './workloads.js';

const HELP = `milklab — customize memory-management services of an emulated RISC-V machine, live

usage:
  milklab                            run the default workload headless and print its figures
  milklab workloads                  list the built-in workloads
  milklab riscv-test <file.elf>...   run riscv-tests ELFs (tohost protocol), one verdict per file
      [--max-instructions N]         per-file limit before 'timeout' (default 50000000)
  milklab help                       this text
`;

/** Runs the CLI with `argv` (without node and script); returns the exit status. */
export function main(argv: string[]): number {
  const [cmd, ...rest] = argv;
  const out = (line: string): void => { process.stdout.write(line + '\n'); };
  try {
    switch (cmd) {
      case undefined: return startCommand(out);
      case 'riscv-test': return riscvTestCommand(rest, out);
      case 'workloads': return workloadsCommand(out);
      case 'help': case '--help': case '-h': process.stdout.write(HELP); return 0;
      default:
        process.stderr.write(`milklab: unknown command '${cmd ?? ''}' (try 'milklab help')\n`);
        return 2;
    }
  } catch (e) {
    if (e instanceof CliFailure) {
      process.stderr.write(`milklab: ${e.error.message}\n`);
      return 2;
    }
    const msg = e instanceof Error ? e.message : String(e);
    process.stderr.write(`milklab: internal error: ${msg.split('\n')[0]}\n`);
    return 70;
  }
}

process.exitCode = main(process.argv.slice(2));
