// `milklab run <workload|file.elf>... [options] [-- guest args]`: runs programs on the kernel
// under the chosen memory-management services, headless. Guest stdout/stderr pass through;
// --json ends stdout with one JSON object of figures (the stable contract in the README).

import { createWriteStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { checkFits, describeElfError, parseElf, type ElfImage } from '../machine/hw/elf.js';
import { Session } from '../session/session.js';
import { loadVersion } from '../session/versions.js';
import { watchFiles } from '../services/watcher.js';
import { findWorkload, isWorkloadName } from '../workloads/registry.js';
import { intOption, parse } from './args.js';
import { badInput, usage } from './errors.js';
import { readUserFile } from './files.js';
import { runReport, type RunReport } from './run-report.js';

const OPTIONS = {
  frames: { type: 'string' }, policy: { type: 'string', multiple: true }, readahead: { type: 'string' },
  allocator: { type: 'string' }, seed: { type: 'string' }, 'max-instructions': { type: 'string' },
  json: { type: 'boolean' }, 'record-trace': { type: 'string' }, events: { type: 'string' },
  watch: { type: 'boolean' }, 'swap-at': { type: 'string', multiple: true }, shadow: { type: 'string' },
  probation: { type: 'string' }, 'call-budget': { type: 'string' }, 'policy-for': { type: 'string', multiple: true },
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

interface SwapAt { at: number; spec: string }

function parseSwapAt(v: string): SwapAt {
  const m = /^(\d+):(.+)$/.exec(v);
  if (!m) throw usage(`--swap-at needs INSTRUCTIONS:NAME|FILE, got '${v}'`);
  return { at: Number(m[1]), spec: m[2]! };
}

/** Runs the command; returns the exit status (see README: the single process's status, or 0/1). */
export async function runCommand(args: string[], out: (s: string) => void): Promise<number> {
  const p = parse('run', args, OPTIONS);
  if (p.positionals.length === 0) throw usage("run: name at least one workload or ELF file (see 'milklab workloads')");
  const frames = intOption(p, 'frames', DEFAULT_FRAMES, 1, 1 << 20);
  const seed = intOption(p, 'seed', 1, 0, 0xffff_ffff);
  const max = intOption(p, 'max-instructions', Number.MAX_SAFE_INTEGER, 1);
  const probation = intOption(p, 'probation', 2_000_000, 0);
  const callBudgetMs = intOption(p, 'call-budget', 50, 1, 60_000);
  const programs = p.positionals.map(loadProgram);
  const policySpecs = (p.values.policy as string[] | undefined) ?? ['clock'];
  if (policySpecs.length > 1) throw usage('run: one --policy per run (every process gets an instance); give a process its own with --policy-for PID:NAME|FILE');
  const policy = policySpecs[0]!;
  const policyFor: Record<number, string> = {};
  for (const v of (p.values['policy-for'] as string[] | undefined) ?? []) {
    const m = /^(\d+):(.+)$/.exec(v);
    if (!m || Number(m[1]) < 1 || Number(m[1]) > programs.length) throw usage(`--policy-for needs PID:NAME|FILE with PID 1..${programs.length} (processes are numbered in the order named), got '${v}'`);
    policyFor[Number(m[1])] = m[2]!;
  }
  const swaps = ((p.values['swap-at'] as string[] | undefined) ?? []).map(parseSwapAt).sort((a, b) => a.at - b.at);
  const recordFile = p.values['record-trace'] as string | undefined;
  if (recordFile && programs.length !== 1) throw usage('--record-trace records one program; name exactly one');
  const watch = p.values.watch === true;

  const eventsTo = p.values.events as string | undefined;
  const eventSink = eventsTo === undefined ? undefined : eventsTo === '-' ? (l: string) => process.stderr.write(l) : (() => {
    try { writeFileSync(eventsTo, ''); } catch { throw badInput(`${eventsTo}: cannot write events file`); }
    const s = createWriteStream(eventsTo, { flags: 'a' });
    return (l: string) => { s.write(l); };
  })();
  let events = 0;
  const trace: number[] = [];
  let last = -1;
  const created = await Session.create({
    frames, seed, policy, probation, callBudgetMs, policyFor,
    ...(p.values.readahead ? { readahead: String(p.values.readahead) } : {}),
    ...(p.values.allocator ? { allocator: String(p.values.allocator) } : {}),
    programs: programs.map((prog) => ({ name: prog.name, image: prog.image, argv: [prog.name, ...p.rest] })),
    stdin: process.stdin.isTTY ? new Uint8Array(0) : new Uint8Array(readStdin()),
    onOutput: (_pid, fd, bytes) => { (fd === 2 ? process.stderr : process.stdout).write(bytes); },
    onEvent: (e) => {
      events++;
      eventSink?.(JSON.stringify(e) + '\n');
      if (e.type === 'kill') process.stderr.write(`milklab: ${e.name}[${e.pid}] killed by ${e.signal}: ${e.message}\n`);
      else if (e.type === 'compile-error') process.stderr.write(`milklab: ${e.file}:${e.line}:${e.column}: ${e.message}\n${e.frame ? e.frame + '\n' : ''}`);
      else if (e.type === 'rejected') process.stderr.write(`milklab: ${e.service}: new version rejected: ${e.reason}\n`);
      else if (e.type === 'rollback' || e.type === 'fallback' && 'toVersion' in e) process.stderr.write(`milklab: ${e.service}: ${e.type} v${e.version} -> v${e.toVersion}: ${e.reason}\n`);
      else if (e.type === 'swap' && (watch || swaps.length)) process.stderr.write(`milklab: ${e.service}: v${e.fromVersion} -> v${e.toVersion} (${e.name}) live after ${e.pauseUs.toFixed(0)} us pause\n`);
    },
    ...(recordFile ? { onAccess: (_pid: number, vpn: number) => { if (vpn !== last) { trace.push(vpn); last = vpn; } } } : {}),
  });
  if (!created.ok) throw badInput(created.message);
  const session = created.session;
  if (p.values.shadow) {
    const r = await session.shadow(String(p.values.shadow));
    if (!r.ok) { session.close(); throw badInput(r.message); }
  }
  const prepared = [];
  for (const s of swaps) {
    const v = await loadVersion(s.spec, 'replacement', { frames, callBudgetMs });
    if (!v.ok) { session.close(); throw badInput(v.message); }
    prepared.push({ ...s, host: v.host });
  }
  const t0 = performance.now();
  const cpu = session.kernel.machine.cpu;
  let stopWatch: (() => Promise<void>) | undefined;
  if (watch) stopWatch = await watchServices(session, [policy, p.values.readahead, p.values.allocator]);
  const sigint = (): void => { session.stop(); };
  process.once('SIGINT', sigint);
  try {
    if (watch) {
      const runner = session.start();
      await runner;
    } else {
      let next = 0;
      while (cpu.instret < max) {
        while (next < prepared.length && prepared[next]!.at <= cpu.instret) {
          const s = prepared[next++]!;
          session.slots.get('replacement')!.swap(s.host, s.spec);
        }
        const stopAt = next < prepared.length ? prepared[next]!.at : Infinity;
        if (session.runSync(Math.min(10_000_000, max - cpu.instret), stopAt) === 'idle') break;
      }
    }
  } finally {
    process.removeListener('SIGINT', sigint);
    await stopWatch?.();
  }
  const wall = (performance.now() - t0) / 1000;
  if (recordFile) writeFileSync(recordFile, trace.join('\n') + (trace.length ? '\n' : ''));
  const sh = session.slots.get('replacement')!.shadowReport();
  if (sh) process.stderr.write(`milklab: shadow ${sh.label}: ${sh.differing} of ${sh.decisions} victim choices differed from the live policy\n`);
  const report: RunReport = runReport(session.kernel, wall, session.kernel.procs.map((q) => policyFor[q.pid] ?? policy), events, session.snapshot().services, sh);
  if (p.values.json) out(JSON.stringify(report));
  const kernel = session.kernel;
  session.close();
  const unfinished = kernel.live().length > 0;
  if (unfinished) process.stderr.write(`milklab: stopped after ${cpu.instret} instructions; ${kernel.live().length} process(es) still running\n`);
  if (unfinished) return 124;
  if (kernel.procs.length === 1) return kernel.procs[0]!.exitCode;
  return kernel.procs.every((q) => q.exitCode === 0) ? 0 : 1;
}

/** Watches the service files among `specs` and loads every saved version into the session. */
async function watchServices(session: Session, specs: unknown[]): Promise<() => Promise<void>> {
  const kinds = ['replacement', 'readahead', 'allocator'] as const;
  const files = new Map<string, (typeof kinds)[number]>();
  specs.forEach((s, i) => { if (typeof s === 'string' && /[/\\]|\.[cm]?[jt]s$/.test(s)) files.set(s, kinds[i]!); });
  if (files.size === 0) throw usage('--watch needs a service file (e.g. --policy my-policy.ts; see milklab eject)');
  const w = watchFiles([...files.keys()], (file) => { void session.load(files.get(file)!, file); });
  await w.ready;
  process.stderr.write(`milklab: watching ${[...files.keys()].join(', ')} — save to hot-swap, Ctrl-C to stop\n`);
  return () => w.close();
}

function readStdin(): Buffer {
  try { return readFileSync(0); } catch { return Buffer.alloc(0); }
}
