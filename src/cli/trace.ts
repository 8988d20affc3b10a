// `milklab trace <file> --policy NAME|FILE.ts --frames N [--json] [--scan-interval N]`: runs a
// replacement policy over a page-reference trace and prints its fault figures.

import { existsSync } from 'node:fs';
import { BUILTIN_SERVICES, findBuiltin } from '../services/builtin/index.js';
import { describeLoadError, loadServiceFile } from '../services/loader.js';
import type { ReplacementPolicy, Service } from '../services/protocol.js';
import { describeTraceError, parseTrace } from '../trace/parse.js';
import { simulate, type SimulationResult } from '../trace/simulate.js';
import { badInput, usage } from './errors.js';
import { readUserFile } from './files.js';

interface TraceArgs { file: string; policy: string; frames: number; json: boolean; scanInterval: number; shadow?: string }

const REPLACEMENT_NAMES = (): string => BUILTIN_SERVICES.filter((s) => s.kind === 'replacement').map((s) => s.name).join(', ');

function positive(flag: string, v: string | undefined): number {
  const n = Number(v);
  if (v === undefined || v.trim() === '' || !Number.isInteger(n) || n <= 0) throw usage(`${flag} needs a positive integer, got '${v ?? ''}'`);
  return n;
}

function parseArgs(args: string[]): TraceArgs {
  const files: string[] = [];
  let policy: string | undefined;
  let frames: number | undefined;
  let json = false;
  let scanInterval = 64;
  let shadow: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--policy') {
      policy = args[++i];
      if (policy === undefined || policy === '') throw usage(`--policy needs a name (${REPLACEMENT_NAMES()}) or a .ts file`);
    } else if (a === '--frames') frames = positive('--frames', args[++i]);
    else if (a === '--scan-interval') scanInterval = positive('--scan-interval', args[++i]);
    else if (a === '--json') json = true;
    else if (a === '--shadow') {
      shadow = args[++i];
      if (!shadow) throw usage('--shadow needs a policy name or a .ts file');
    }
    else if (a.startsWith('-') && a !== '-') throw usage(`trace: unknown option '${a}'`);
    else files.push(a);
  }
  if (files.length !== 1) throw usage(`trace: give exactly one trace file (one page number per line, or valgrind lackey output)${files.length > 1 ? `, got ${files.length}` : ''}`);
  if (policy === undefined) throw usage(`trace: --policy is required (${REPLACEMENT_NAMES()}, or a .ts file)`);
  if (frames === undefined) throw usage('trace: --frames N is required (memory size in frames)');
  return { file: files[0]!, policy, frames, json, scanInterval, ...(shadow ? { shadow } : {}) };
}

function replacementOnly(s: Service, what: string): ReplacementPolicy<any> {
  if (s.kind === 'replacement') return s;
  const article = s.kind === 'allocator' ? 'an' : 'a';
  throw badInput(`${what} is ${article} ${s.kind} service: it needs the machine; trace mode runs replacement policies (${REPLACEMENT_NAMES()})`);
}

/** A built-in by name, or a policy file (loaded and sandboxed); one-line CliFailures otherwise. */
async function resolvePolicy(arg: string): Promise<ReplacementPolicy<any>> {
  const b = findBuiltin(arg);
  if (b) return replacementOnly(b, `'${arg}'`);
  if (!/[\\/]/.test(arg) && !/\.[cm]?[jt]sx?$/.test(arg) && !existsSync(arg)) {
    throw usage(`unknown policy '${arg}' (built-in: ${REPLACEMENT_NAMES()}; or a .ts file)`);
  }
  const r = await loadServiceFile(arg);
  if (!r.ok) throw badInput(describeLoadError(r.error));
  return replacementOnly(r.service, `${arg} exports '${r.service.name}', which`);
}

function table(r: SimulationResult): string[] {
  const n = (x: number): string => x.toLocaleString('en-US');
  const lines = [
    `policy      ${r.policy}`,
    `frames      ${n(r.frames)}`,
    `references  ${n(r.references)}`,
    `faults      ${n(r.faults)}`,
    `hits        ${n(r.hits)}`,
    `hit ratio   ${((100 * r.hits) / Math.max(1, r.references)).toFixed(2)}%`,
  ];
  const fb = r.events.find((e) => e.kind === 'fallback');
  if (r.fallbacks > 0) lines.push(`fallbacks   ${n(r.fallbacks)} (unusable answer, oldest page evicted instead; first: ${fb?.kind === 'fallback' ? fb.reason : '?'})`);
  const er = r.events.find((e) => e.kind === 'service-error');
  if (r.serviceErrors > 0) lines.push(`errors      ${n(r.serviceErrors)} (first: ${er?.kind === 'service-error' ? `${er.hook}: ${er.message}` : '?'})`);
  return lines;
}

/**
 * Runs the command. Contract: prints the table (or one JSON line with --json) and returns 0;
 * every bad argument, file, trace line or policy is a one-line CliFailure (exit 2).
 */
export async function traceCommand(args: string[], out: (line: string) => void): Promise<number> {
  const a = parseArgs(args);
  const parsed = parseTrace(new TextDecoder().decode(readUserFile(a.file)));
  if (!parsed.ok) throw badInput(describeTraceError(a.file, parsed.error));
  const policy = await resolvePolicy(a.policy);
  const t = parsed.trace;
  const r = simulate(t.pages, policy, a.frames, { scanInterval: a.scanInterval, writes: t.writes });
  // shadow mode: the candidate sees the same reference string; in trace mode its fault count is exact
  const sh = a.shadow ? simulate(t.pages, await resolvePolicy(a.shadow), a.frames, { scanInterval: a.scanInterval, writes: t.writes }) : undefined;
  if (a.json) {
    out(JSON.stringify({
      references: r.references, faults: r.faults, hits: r.hits, policy: r.policy, frames: r.frames,
      hitRatio: r.references ? r.hits / r.references : 0, evictions: r.evictions, writebacks: r.writebacks,
      fallbacks: r.fallbacks, serviceErrors: r.serviceErrors, format: t.format,
      ...(sh ? { shadow: { policy: sh.policy, faults: sh.faults, hits: sh.hits, fallbacks: sh.fallbacks } } : {}),
    }));
  } else {
    for (const line of table(r)) out(line);
    if (sh) out(`shadow      ${sh.policy}: ${sh.faults.toLocaleString('en-US')} faults (${sh.faults - r.faults >= 0 ? '+' : ''}${(sh.faults - r.faults).toLocaleString('en-US')} vs ${r.policy})`);
  }
  return 0;
}
