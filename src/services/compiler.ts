// Compiling a learner's service for a live update: esbuild in an incremental context, in
// memory, with loader.ts's bundling rules (an IIFE assigning the module namespace to
// SERVICE_GLOBAL, `import ... from 'milklab'` → protocol.ts, the service's own relative files,
// nothing else), then a type check against the protocol (typecheck.ts, on the type checker's own
// thread: typecheck-client.ts, so a check never pauses the machine). A type error blocks the
// result like a syntax error does: a new version is only offered when it compiles cleanly.
//
// The compiler reads the files itself (an esbuild onLoad plugin serves them from what it read),
// hashes what it compiled, and reads again afterwards: when a file changed during the compile it
// compiles again, so the last save always wins and the hash always describes the code returned.
// Calls are serialized; calls made while one is waiting share its result.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BuildContext, Message, Plugin } from 'esbuild';
import { codeFrame, LOADERS, onlyMilklab, protocolFile, SERVICE_GLOBAL } from './loader.js';
import { displayName, type TypeDiagnostic } from './typecheck.js';
import { typeChecker } from './typecheck-client.js';

/** One error: 1-based line and column (0 when unknown), a one-line message and a code frame. */
export interface CompileError {
  /** syntax: esbuild could not parse; import: a forbidden or missing import; type: the type check; read: the file could not be read. */
  kind: 'syntax' | 'import' | 'type' | 'read';
  file: string;
  line: number;
  column: number;
  message: string;
  /** The line with a caret under the error, and the lines above and below when present ('' when there is no position). */
  frame: string;
}

export type CompileResult =
  /** code: an IIFE assigning the module namespace to SERVICE_GLOBAL (for sandbox.ts's evaluateService); ms: wall time of this compile. */
  | { ok: true; code: string; sourceHash: string; ms: number }
  | { ok: false; errors: CompileError[]; sourceHash: string };

/** compileCheckingLater()'s result: bundled; `checked` resolves with the type errors ([] when clean). */
export type BundledResult =
  | { ok: true; code: string; sourceHash: string; ms: number; checked: Promise<CompileError[]> }
  | { ok: false; errors: CompileError[]; sourceHash: string };

/** JavaScript service files are bundled, not type-checked. */
const JS_FILE = /\.(?:m|c)?jsx?$/;

/** How many times a compile starts over because the file kept changing under it. */
const MAX_ROUNDS = 10;

/** One line: `file:line:col: message` (or `file: message` without a position). */
export function describeCompileError(e: CompileError): string {
  return e.line > 0 ? `${e.file}:${e.line}:${e.column}: ${e.message}` : `${e.file}: ${e.message}`;
}

/** sha256 (hex) of what a compile read: the file's content alone when it imports no files of its own. */
function hashInputs(main: string, others: ReadonlyMap<string, string>, dir: string): string {
  const h = createHash('sha256').update(main);
  for (const [f, text] of [...others].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    h.update(`\0${path.relative(dir, f)}\0`).update(text);
  }
  return h.digest('hex');
}

/** esbuild's columns and lengths are in UTF-8 bytes; ours are in characters (UTF-16 units). */
function utf16(lineText: string, byteColumn: number, byteLength: number): { column: number; length: number } {
  const b = Buffer.from(lineText, 'utf8');
  const column = b.subarray(0, byteColumn).toString('utf8').length;
  const length = b.subarray(byteColumn, byteColumn + byteLength).toString('utf8').length;
  return { column, length };
}

export class ServiceCompiler {
  /** The service file, as the caller named it (errors in it carry this name). */
  readonly file: string;
  private readonly abs: string;
  private context: Promise<BuildContext> | undefined;
  /** What the current build read: the main file's text and every other local file's. */
  private main = '';
  private readonly others = new Map<string, string>();
  private tail: Promise<unknown> = Promise.resolve();
  private waiting: Promise<CompileResult> | undefined;
  private disposed = false;

  constructor(file: string) {
    this.file = file;
    this.abs = path.resolve(file);
  }

  /**
   * Reads, bundles and type-checks the file. Never rejects for anything about the file (it is
   * an error in the result); rejects after dispose() or when esbuild itself is broken.
   */
  compile(): Promise<CompileResult> {
    if (this.disposed) return Promise.reject(new Error('ServiceCompiler: compile() after dispose()'));
    if (this.waiting) return this.waiting;
    const p = this.tail.then(async (): Promise<CompileResult> => {
      this.waiting = undefined;
      return this.run(false) as Promise<CompileResult>;
    });
    this.waiting = p;
    this.tail = p.catch(() => undefined);
    return p;
  }

  /**
   * As compile(), but resolves once the file is bundled: the type check of exactly that text runs
   * on (on the checker's thread) and `checked` resolves with its errors — so the caller can start
   * the version meanwhile and must not use it before `checked` says []. Never rejects for the file;
   * `checked` never rejects (a failing checker is a `type` error).
   */
  compileCheckingLater(): Promise<BundledResult> {
    if (this.disposed) return Promise.reject(new Error('ServiceCompiler: compile() after dispose()'));
    const p = this.tail.then(() => this.run(true) as Promise<BundledResult>);
    this.tail = p.catch(() => undefined);
    return p;
  }

  /** Waits for a running compile, then frees the esbuild context and the type checker. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.tail;
    const ctx = this.context;
    this.context = undefined;
    if (ctx) await (await ctx.catch(() => undefined))?.dispose();
    typeChecker().release(this.file);
  }

  private async run(later: boolean): Promise<CompileResult | BundledResult> {
    const t0 = performance.now();
    for (let round = 1; ; round++) {
      const main = this.read(this.abs);
      if (typeof main !== 'string') return { ok: false, errors: [this.readError(main)], sourceHash: '' };
      this.main = main;
      this.others.clear();
      const outcome = await this.build();
      const sourceHash = hashInputs(main, this.others, path.dirname(this.abs));
      const checked = outcome.ok ? this.check(main) : undefined; // on its thread, beside the rest
      if (round < MAX_ROUNDS && (await this.changedSince())) continue; // a newer save: it wins
      if (!outcome.ok) return { ok: false, errors: outcome.errors, sourceHash };
      if (later) return { ok: true, code: outcome.code, sourceHash, ms: performance.now() - t0, checked: checked! };
      const errors = await checked!;
      if (round < MAX_ROUNDS && (await this.changedSince())) continue; // saved during the check
      if (errors.length > 0) return { ok: false, errors, sourceHash };
      return { ok: true, code: outcome.code, sourceHash, ms: performance.now() - t0 };
    }
  }

  /** The type check of `main` as the file's text: its errors ([] when clean); a failing checker is one `type` error. */
  private async check(main: string): Promise<CompileError[]> {
    if (JS_FILE.test(this.file)) return [];
    try {
      const diagnostics: TypeDiagnostic[] = await typeChecker().check(this.file, main);
      return diagnostics.map((d) => ({ kind: 'type', ...d }));
    } catch (e) {
      return [{ kind: 'type', file: this.file, line: 0, column: 0, message: `the type check failed: ${(e as Error).message ?? String(e)}`, frame: '' }];
    }
  }

  /** One esbuild rebuild of what read() holds. */
  private async build(): Promise<{ ok: true; code: string } | { ok: false; errors: CompileError[] }> {
    const ctx = await (this.context ??= this.createContext());
    let code: string;
    try {
      const r = await ctx.rebuild();
      code = r.outputFiles?.[0]?.text ?? '';
    } catch (e) {
      const errors = (e as { errors?: Message[] }).errors;
      if (!Array.isArray(errors)) throw e; // esbuild itself failed: an installation problem, not the file's
      return { ok: false, errors: errors.slice(0, 5).map((m) => this.esbuildError(m)) };
    }
    return { ok: true, code };
  }

  private createContext(): Promise<BuildContext> {
    const protocol = protocolFile();
    const serveRead: Plugin = {
      name: 'milklab-read',
      setup: (b) => {
        b.onLoad({ filter: /.*/, namespace: 'file' }, async (args) => {
          const f = path.resolve(args.path);
          if (f === protocol) return undefined;
          const loader = LOADERS[path.extname(f)] ?? 'ts';
          if (f === this.abs) return { contents: this.main, loader };
          const text = this.read(f);
          if (typeof text !== 'string') return { errors: [{ text: `cannot read ${displayName(this.file, f)}: ${text.message}` }] };
          this.others.set(f, text);
          return { contents: text, loader };
        });
      },
    };
    return import('esbuild').then(({ context }) => context({
      entryPoints: [this.abs], absWorkingDir: path.dirname(this.abs),
      bundle: true, write: false, format: 'iife', globalName: SERVICE_GLOBAL, platform: 'neutral', target: 'es2022',
      logLevel: 'silent', tsconfigRaw: {}, plugins: [onlyMilklab(protocol), serveRead], charset: 'utf8',
    }));
  }

  /** True when the main file or a file it imports no longer holds what the last build read. */
  private async changedSince(): Promise<boolean> {
    if (this.read(this.abs) !== this.main) return true;
    for (const [f, text] of this.others) if (this.read(f) !== text) return true;
    return false;
  }

  /**
   * The text of `f`, or why not. Synchronous on purpose: a service file is a few kilobytes (tens
   * of microseconds to read), while each hop of an asynchronous read waits for the machine's
   * current slice — four hops per read, three reads per compile, added to save-to-serving.
   */
  private read(f: string): string | { code: string; message: string } {
    try {
      return readFileSync(f, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
      const message = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'not a file' : (e as Error).message;
      return { code, message };
    }
  }

  private readError(e: { message: string }): CompileError {
    return { kind: 'read', file: this.file, line: 0, column: 0, message: e.message, frame: '' };
  }

  private esbuildError(m: Message): CompileError {
    const kind = m.pluginName === 'milklab-imports' || /^Could not resolve\b/.test(m.text) ? 'import' : m.pluginName === 'milklab-read' ? 'read' : 'syntax';
    const loc = m.location;
    if (!loc) return { kind, file: this.file, line: 0, column: 0, message: m.text, frame: '' };
    const f = path.resolve(path.dirname(this.abs), loc.file);
    const source = f === this.abs ? this.main : this.others.get(f);
    const { column, length } = utf16(loc.lineText, loc.column, loc.length);
    return {
      kind, file: f === this.abs ? this.file : displayName(this.file, f),
      line: loc.line, column: column + 1, message: m.text,
      frame: codeFrame(loc.lineText, loc.line, column, length, source),
    };
  }
}
