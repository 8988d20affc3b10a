// Argument parsing for subcommands on node:util parseArgs, with one-line usage errors, integer
// options checked, and the guest's own arguments after `--` kept apart.

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { usage } from './errors.js';

export interface Parsed {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  /** Arguments after `--`. */
  rest: string[];
}

/** Parses `args` for command `cmd`; unknown options and missing values become CliFailures. */
export function parse(cmd: string, args: string[], options: NonNullable<ParseArgsConfig['options']>): Parsed {
  const dd = args.indexOf('--');
  const mine = dd >= 0 ? args.slice(0, dd) : args;
  const rest = dd >= 0 ? args.slice(dd + 1) : [];
  try {
    const r = parseArgs({ args: mine, options, allowPositionals: true, strict: true });
    return { values: r.values as Parsed['values'], positionals: r.positionals, rest };
  } catch (e) {
    const msg = (e as Error).message.split('\n')[0]!.replace(/\. To specify a positional argument.*$/, '');
    throw usage(`${cmd}: ${msg.charAt(0).toLowerCase()}${msg.slice(1)}`);
  }
}

/** Reads option `--name` as an integer in [min, max]; `def` when absent. */
export function intOption(p: Parsed, name: string, def: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const v = p.values[name];
  if (v === undefined) return def;
  const s = String(v);
  const n = /^(0x[0-9a-f]+|\d+)$/i.test(s) ? Number(s) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw usage(`--${name} needs an integer ${max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in ${min}..${max}`}, got '${s}'`);
  }
  return n;
}
