// Loading a learner's service from a .ts (or .js) file: esbuild bundles it — `import ... from
// 'milklab'` resolved to this package's src/services/protocol.ts, its own relative files
// allowed, anything else (node:fs, npm packages) a compile error — and the bundle is evaluated
// in a sandbox realm (sandbox.ts). esbuild strips types without checking them: type errors are
// not reported here (the live-update path, compiler.ts, adds a type check and shares the
// bundling rules and code frames defined here).

import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Message, Plugin } from 'esbuild';
import { packageRoot } from '../paths.js';
import type { Service } from './protocol.js';
import { evaluateService } from './sandbox.js';

export type LoadError =
  | { kind: 'not-found'; file: string }
  /** line and column are 1-based; frame is a two-line code frame with a caret. */
  | { kind: 'compile'; file: string; line: number; column: number; message: string; frame?: string }
  | { kind: 'bad-export'; file: string; message: string }
  /** The module's top level threw (or ran past its time limit) while being evaluated. */
  | { kind: 'threw'; file: string; message: string };

export type LoadResult = { ok: true; service: Service; source: string } | { ok: false; error: LoadError };

/** The global name the IIFE bundle assigns the module namespace to (see evaluateService). */
export const SERVICE_GLOBAL = '__milklab_service_module';

/** The protocol module a service's `import ... from 'milklab'` resolves to. */
export function protocolFile(): string {
  return path.join(packageRoot(), 'src', 'services', 'protocol.ts');
}

/** The esbuild plugin behind the import rule: 'milklab' → `protocol`, relative files allowed, nothing else. */
export function onlyMilklab(protocol: string): Plugin {
  return {
    name: 'milklab-imports',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (args.path === 'milklab') return { path: protocol };
        if (args.path.startsWith('./') || args.path.startsWith('../') || args.path === '.' || args.path === '..' || path.isAbsolute(args.path)) return undefined;
        return { errors: [{ text: `cannot import '${args.path}': a service may import only 'milklab' and its own files (./...)` }] };
      });
    },
  };
}

/**
 * A code frame: `line | text` and a caret line under the span [column0, column0 + length)
 * (at least one caret). With `source` (the whole file's text) the line above and the line
 * below are shown too when they exist; line numbers are right-aligned to one width.
 */
export function codeFrame(lineText: string, line: number, column0: number, length: number, source?: string): string {
  const lines = source === undefined ? undefined : source.split(/\r\n|\r|\n/);
  if (lines && lines.length > 1 && lines[lines.length - 1] === '') lines.pop(); // the final newline
  const before = lines && line >= 2 ? lines[line - 2] : undefined;
  const after = lines && line < lines.length ? lines[line] : undefined;
  const w = String(after === undefined ? line : line + 1).length;
  const num = (n: number) => String(n).padStart(w);
  const text = lineText.replace(/\t/g, ' ');
  const caret = `${' '.repeat(w)} | ${' '.repeat(column0)}${'^'.repeat(Math.max(1, Math.min(length, text.length - column0)))}`;
  const out: string[] = [];
  if (before !== undefined) out.push(`${num(line - 1)} | ${before.replace(/\t/g, ' ')}`.trimEnd());
  out.push(`${num(line)} | ${text}`, caret);
  if (after !== undefined) out.push(`${num(line + 1)} | ${after.replace(/\t/g, ' ')}`.trimEnd());
  return out.join('\n');
}

function compileError(file: string, m: Message | undefined): LoadError {
  if (!m) return { kind: 'compile', file, line: 0, column: 0, message: 'build failed' };
  const loc = m.location;
  if (!loc) return { kind: 'compile', file, line: 0, column: 0, message: m.text };
  const where = path.resolve(loc.file) === path.resolve(file) ? file : loc.file;
  return { kind: 'compile', file: where, line: loc.line, column: loc.column + 1, message: m.text, frame: codeFrame(loc.lineText, loc.line, loc.column, loc.length) };
}

/** esbuild's loader for a service file, by extension (default 'ts'). */
export const LOADERS: Readonly<Record<string, 'ts' | 'tsx' | 'js' | 'jsx'>> = { '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.tsx': 'tsx', '.js': 'js', '.mjs': 'js', '.cjs': 'js', '.jsx': 'jsx' };

/**
 * Compiles and evaluates the service in `file`. Contract: never throws for anything about the
 * file (missing, syntax, bad imports, wrong export, a throwing top level); the Service returned
 * runs in its own realm and receives only sandbox-built arguments. Errors name `file` as given.
 */
export async function loadServiceFile(file: string): Promise<LoadResult> {
  let source: string;
  try {
    if (!(await stat(file)).isFile()) return { ok: false, error: { kind: 'not-found', file } };
    source = await readFile(file, 'utf8');
  } catch {
    return { ok: false, error: { kind: 'not-found', file } };
  }
  const { build } = await import('esbuild');
  let code: string;
  try {
    const r = await build({
      stdin: { contents: source, sourcefile: path.basename(file), resolveDir: path.dirname(path.resolve(file)), loader: LOADERS[path.extname(file)] ?? 'ts' },
      bundle: true, write: false, format: 'iife', globalName: SERVICE_GLOBAL, platform: 'neutral', target: 'es2022',
      logLevel: 'silent', tsconfigRaw: {}, plugins: [onlyMilklab(protocolFile())], charset: 'utf8',
    });
    code = r.outputFiles[0]?.text ?? '';
  } catch (e) {
    const errors = (e as { errors?: Message[] }).errors;
    if (!Array.isArray(errors)) throw e; // esbuild itself failed: an installation problem, not the file's
    return { ok: false, error: compileError(file, errors[0]) };
  }
  const ev = evaluateService(code, file, SERVICE_GLOBAL);
  if (!ev.ok) return { ok: false, error: { kind: ev.kind, file, message: ev.message } };
  return { ok: true, service: ev.service, source };
}

/** One line: `file:line:col: message` for compile errors, `file: message` otherwise. */
export function describeLoadError(e: LoadError): string {
  switch (e.kind) {
    case 'not-found': return `${e.file}: no such file`;
    case 'compile': return e.line > 0 ? `${e.file}:${e.line}:${e.column}: ${e.message}` : `${e.file}: ${e.message}`;
    case 'bad-export': return `${e.file}: ${e.message}`;
    case 'threw': return `${e.file}: ${e.message}`;
  }
}
