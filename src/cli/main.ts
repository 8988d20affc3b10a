// The `milklab` command line: dispatches subcommands and turns every failure into one line on
// stderr with a non-zero status — never a stack trace.

import { checkCommand } from './check.js';
import { CliFailure, usage } from './errors.js';
import { ejectCommand } from './eject.js';
import { labCommand } from './lab.js';
import { demoCommand } from './demo.js';
import { policiesCommand } from './policies.js';
import { riscvTestCommand } from './riscv-test.js';
import { runCommand } from './run.js';
import { startCommand } from './start.js';
import { traceCommand } from './trace.js';
import { workloadsCommand } from './workloads.js';

const HELP = `milklab — customize memory-management services of an emulated RISC-V machine, live

usage:
  milklab [--record FILE.cast]       open the lab UI (in a terminal; else the default workload headless);
                                     --record records it as asciicast v2 (a marker at every swap)
  milklab workloads                  list the built-in workloads
  milklab riscv-test <file.elf>...   run riscv-tests ELFs (tohost protocol), one verdict per file
      [--max-instructions N]         per-file limit before 'timeout' (default 50000000)
  milklab run <workload|file.elf>... [-- guest args]
                                     run programs on the kernel under memory-management services
      [--frames N]                   user frames (default 16384 = 64 MiB)
      [--policy NAME|FILE.ts]        replacement policy of every process (default clock)
      [--policy-for PID:NAME|FILE]...  a process's own policy (PIDs 1.. in the order named)
      [--readahead NAME|FILE.ts]     readahead service (e.g. sequential)
      [--allocator NAME|FILE.ts]     frame allocator with quotas (e.g. pff, equal)
      [--seed N] [--max-instructions N] [--json] [--record-trace FILE] [--events FILE|-]
      [--watch]                      keep running; hot-swap the service files on every save
      [--swap-at INSTRUCTIONS:NAME|FILE]...  swap the policy at exact instruction counts
      [--shadow FILE.ts]             run a candidate policy beside the live one, compare decisions
      [--probation N]                instructions a new version stays on probation (default 2000000)
      [--call-budget MS]             time budget of one isolated service call (default 50)
  milklab trace <file>               run a replacement policy over a page-reference trace
                                     (one page number per line, or valgrind lackey output)
      --policy NAME|FILE.ts          a built-in policy (see 'milklab policies') or your own file
      --frames N                     memory size in frames
      [--json]                       one JSON line instead of the table
      [--scan-interval N]            references between onScan calls (default 64)
      [--shadow NAME|FILE.ts]        a candidate policy over the same references: its exact faults
  milklab policies                   list the built-in services (replacement, readahead, allocation)
  milklab eject <service> [FILE]     write an editable copy of a built-in service (default ./NAME.ts)
  milklab lab                        list the labs (workshop exercises with automatic checks)
  milklab lab NN [--dir DIR]         start lab NN: copy its README and starter files into
                                     ./milklab-labs/NN-name/ (or DIR), never overwriting your files
  milklab check NN                   grade your lab NN work headless: PASS/FAIL per criterion,
      [--service FILE] [--dir DIR]   exit 0 only when all pass (default: the working folder's file)
      [--json]                       one JSON object instead of the table
  milklab demo [scenario.json]       play a scripted, deterministic demo (default: demos/default.json)
      [--record FILE.cast] [--pace N] [--headless]   record it (asciicast v2); N instructions/s
  milklab help                       this text
`;

/** Runs the CLI with `argv` (without node and script); returns the exit status. */
export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  const out = (line: string): void => { process.stdout.write(line + '\n'); };
  try {
    switch (cmd) {
      case '--record': {
        const file = rest[0];
        if (!file || rest.length > 1) throw usage('usage: milklab --record FILE.cast (records the lab UI as asciicast v2)');
        if (!process.stdout.isTTY) throw usage('--record needs a terminal (it records the UI)');
        return await (await import('../tui/default-scenario.js')).openDefault(process.cwd(), { record: file });
      }
      case undefined: {
        if (process.stdout.isTTY) return await (await import('../tui/default-scenario.js')).openDefault(process.cwd());
        const status = startCommand(out);
        out(`(the terminal UI needs a terminal: run 'milklab' in one to open it)`);
        return status;
      }
      case 'riscv-test': return riscvTestCommand(rest, out);
      case 'workloads': return workloadsCommand(out);
      case 'run': return await runCommand(rest, out);
      case 'trace': return await traceCommand(rest, out);
      case 'policies': return policiesCommand(out);
      case 'eject': return ejectCommand(rest, out);
      case 'lab': return await labCommand(rest, out);
      case 'check': return await checkCommand(rest, out);
      case 'demo': return await demoCommand(rest, out);
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

process.exitCode = await main(process.argv.slice(2));
