// `milklab eject <service> [FILE]`: writes an editable, self-contained copy of a built-in service
// (importing the protocol as 'milklab'), ready to be changed and watched. Never overwrites.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../paths.js';
import { BUILTIN_FILES, BUILTIN_SERVICES } from '../services/builtin/index.js';
import { badInput, usage } from './errors.js';

/** The source text of built-in `name` as a learner's file (import from 'milklab'). */
export function ejectedSource(name: string): string | undefined {
  if (!Object.hasOwn(BUILTIN_FILES, name)) return undefined; // not 'constructor', '__proto__' …
  const file = BUILTIN_FILES[name]!;
  const src = readFileSync(path.join(packageRoot(), 'src/services/builtin', file), 'utf8');
  return src.replace(/from '\.\.\/protocol\.js'/g, "from 'milklab'");
}

/** Writes the copy; prints where and how to use it. */
export function ejectCommand(args: string[], out: (s: string) => void): number {
  const [name, target, ...extra] = args;
  if (!name || extra.length) throw usage('eject: usage: milklab eject <service> [FILE] (services: milklab policies)');
  const src = ejectedSource(name);
  if (src === undefined) throw badInput(`unknown built-in service '${name}' (built-in: ${BUILTIN_SERVICES.map((s) => s.name).join(', ')})`);
  const file = target ?? `${name}.ts`;
  if (existsSync(file)) throw badInput(`${file}: already exists; not overwriting it (name another file)`);
  try {
    writeFileSync(file, src, { flag: 'wx' });
  } catch (e) {
    throw badInput(`${file}: cannot write (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const svc = BUILTIN_SERVICES.find((s) => s.name === name)!;
  const flag = svc.kind === 'replacement' ? '--policy' : svc.kind === 'readahead' ? '--readahead' : '--allocator';
  out(`wrote ${file} (${svc.kind}: ${svc.description})`);
  out(`edit it, then run it live:  milklab run loop ${flag} ${file.includes('/') ? file : `./${file}`} --watch`);
  return 0;
}
