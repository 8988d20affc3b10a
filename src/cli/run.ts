// `milklab run <workload|file.elf>... [options] [-- guest args]`: runs programs on the kernel
// under the chosen memory-management services, headless. Guest stdout/stderr pass through;
// --json ends stdout with one JSON object of figures (the stable contract in the README).

import { createWriteStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { checkFits, describeElfError, parseElf, type ElfImage } from '../machine/hw/elf.js';
import { Kernel } from '../machine/kernel/kernel.js';
import type { KernelEvent } from '../machine/kernel/events.js';
import type { ReplacementPolicy } from '../services/protocol.js';
import { makePorts, resolveService } from '../session/ports.js';
import { findWorkload, isWorkloadName } from '../workloads/registry.js';
import { intOption, parse } from './args.js';
import { badInput, usage } from './errors.js';
import { readUserFile } from './files.js';
import { runReport, type RunReport } from './run-report.js';

const OPTIONS = {
  frames: { type: 'string' }, policy: { type: 'string', multiple: true }, readahead: { type: 'string' },
  allocator: { type: 'string' }, seed: { type: 'string' }, 'max-instructions': { type: 'string' },
  json: { type: 'boolean' }, 'record-trace': { type: 'string' }, events: { type: 'string' },
} as const;

export const DEFAULT_FRAMES = 16384;

interface Program { name: string; image: ElfImage }

function loadProgram(arg: string): Program {
  if (!isWorkloadName(arg) && !/[/\\.]/.test(arg) && !existsSync(arg)) throw badInput(`'${arg}' is neither a built-in workload (see 'milklab workloads') nor a file`);
  const file = isWorkloadName(arg) ? findWorkload(arg)!.file : arg;
  const name = isWorkloadName(arg) ? arg : arg.replace(/^.*\//, '').replace(/\.elf$/, '');
  const parsed = parseElf(readUserFile(file));
  if (!parsed.ok) throw badInput(describeElfError(arg, parsed.error));
  const fits = checkFits(parsed.value, 0x1000, 0xbf00_0000 - 0x1000);
  if (!fits.ok) throw badInput(describeElfError(arg, fits.error));
  return { name, image: fits.value };
}

/** Runs the command; returns the exit status (see README: the single process's status, or 0/1). */
export async function runCommand(args: string[], out: (s: string) => void): Promise<number> {
  const p = parse('run', args, OPTIONS);
  if (p.positionals.length === 0) throw usage("run: name at least one workload or ELF file (see 'milklab workloads')");
  const frames = intOption(p, 'frames', DEFAULT_FRAMES, 1, 1 << 20);
  const seed = intOption(p, 'seed', 1, 0, 0xffff_ffff);
  const max = intOption(p, 'max-instructions', Number.MAX_SAFE_INTEGER, 1);
  const programs = p.positionals.map(loadProgram);
  const policySpecs = (p.values.policy as string[] | undefined) ?? ['clock'];
  const policies: ReplacementPolicy<any>[] = [];
  for (const spec of policySpecs) {
    const r = await resolveService(spec, 'replacement');
    if (!r.ok) throw badInput(r.message);
    const pol = r.service as ReplacementPolicy<any>;
    if (pol.needs?.references || pol.needs?.future) {
      throw badInput(`policy '${pol.name}' needs ${pol.needs.future ? 'the future reference string' : 'every memory reference'}, which only trace mode has: use 'milklab trace' (on the machine, try 'aging' or 'clock')`);
    }
    policies.push(pol);
  }
  const ra = p.values.readahead ? await resolveService(String(p.values.readahead), 'readahead') : undefined;
  if (ra && !ra.ok) throw badInput(ra.message);
  const al = p.values.allocator ? await resolveService(String(p.values.allocator), 'allocator') : undefined;
  if (al && !al.ok) throw badInput(al.message);
  const recordFile = p.values['record-trace'] as string | undefined;
  if (recordFile && programs.length !== 1) throw usage('--record-trace records one program; name exactly one');

  const eventsTo = p.values.events as string | undefined;
  const eventSink = eventsTo === undefined ? undefined : eventsTo === '-' ? (l: string) => process.stderr.write(l) : (() => {
    try { writeFileSync(eventsTo, ''); } catch { throw badInput(`${eventsTo}: cannot write events file`); }
    const s = createWriteStream(eventsTo, { flags: 'a' });
    return (l: string) => { s.write(l); };
  })();
  const events: KernelEvent[] = [];
  const trace: number[] = [];
  let last = -1;
  const kernel = new Kernel({
    frames, seed,
    ports: makePorts((pid) => policies[Math.min(pid - 1, policies.length - 1)]!,
      ra?.ok ? (ra.service as never) : undefined, al?.ok ? (al.service as never) : undefined, frames),
    stdin: process.stdin.isTTY ? new Uint8Array(0) : new Uint8Array(readStdin()),
    onOutput: (_pid, fd, bytes) => { (fd === 2 ? process.stderr : process.stdout).write(bytes); },
    onEvent: (e) => {
      events.push(e);
      eventSink?.(JSON.stringify(e) + '\n');
      if (e.type === 'kill') process.stderr.write(`milklab: ${e.name}[${e.pid}] killed by ${e.signal}: ${e.message}\n`);
    },
    ...(recordFile ? { onAccess: (_pid: number, vpn: number) => { if (vpn !== last) { trace.push(vpn); last = vpn; } } } : {}),
  });
  for (const prog of programs) {
    const r = kernel.spawn(prog.image, [prog.name, ...p.rest], policies[Math.min(kernel.procs.length, policies.length - 1)]!.name);
    if (!r.ok) throw badInput(`${prog.name}: ${r.message}`);
  }
  const t0 = performance.now();
  while (kernel.machine.cpu.instret < max) {
    if (kernel.run(Math.min(10_000_000, max - kernel.machine.cpu.instret)) === 'idle') break;
  }
  const wall = (performance.now() - t0) / 1000;
  if (recordFile) writeFileSync(recordFile, trace.join('\n') + (trace.length ? '\n' : ''));
  const report: RunReport = runReport(kernel, wall, policies.map((x) => x.name), events.length);
  if (p.values.json) out(JSON.stringify(report));
  const unfinished = kernel.live().length > 0;
  if (unfinished) process.stderr.write(`milklab: stopped after ${kernel.machine.cpu.instret} instructions (--max-instructions); ${kernel.live().length} process(es) still running\n`);
  if (unfinished) return 124;
  if (kernel.procs.length === 1) return kernel.procs[0]!.exitCode;
  return kernel.procs.every((q) => q.exitCode === 0) ? 0 : 1;
}

function readStdin(): Buffer {
  try { return readFileSync(0); } catch { return Buffer.alloc(0); }
}
