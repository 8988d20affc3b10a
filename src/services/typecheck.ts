// Type-checking a learner's service against the protocol with the TypeScript compiler API.
// esbuild (compiler.ts) only strips types; this is what turns `chooseVictim() { return 'x'; }`
// into an error the learner sees before the old version is replaced.
//
// Speed: one warm LanguageService per service file. Its host keeps the file's text in memory
// (the compiler passes exactly the text it bundled) and versions every other file by mtime and
// size, so a re-check after an edit re-parses only the edited file: lib.es2022 and protocol.ts
// stay parsed and bound (in a DocumentRegistry shared by all checkers), only the checking of the
// service itself is redone. TypeScript is loaded lazily (about 200 ms), on the first checker.
//
// The world a service is checked in: strict, lib es2022 only (no DOM, no @types/node: a service
// has no Node built-ins at run time either), 'milklab' → src/services/protocol.ts, relative
// imports resolved like a bundler (`./helper.js` finds helper.ts), anything else unresolved.

import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as TS from 'typescript';
import { packageRoot } from '../paths.js';
import { codeFrame, protocolFile } from './loader.js';

/** One diagnostic: 1-based line and column, the message on one line, a code frame. */
export interface TypeDiagnostic {
  file: string;
  line: number;
  column: number;
  message: string;
  frame: string;
}

/** How many diagnostics a check reports at most (the first ones, main file first). */
export const MAX_DIAGNOSTICS = 5;

/**
 * How to name `other`, a file a service imports, in messages: relative to the service file as
 * the caller named it (`lab/p.ts` imports `./h.js` → `lab/h.ts`).
 */
export function displayName(given: string, other: string): string {
  return path.join(path.dirname(given), path.relative(path.dirname(path.resolve(given)), other));
}

let tsModule: typeof TS | undefined;
/** The TypeScript compiler API, loaded on first use (it takes ~200 ms to load). */
function typescript(): typeof TS {
  // resolved from milklab's root, so that a bundle running from elsewhere finds it too
  return (tsModule ??= createRequire(path.join(packageRoot(), 'package.json'))('typescript') as typeof TS);
}

let registry: TS.DocumentRegistry | undefined;

/** The compiler options a service is checked with. */
export function serviceCompilerOptions(): TS.CompilerOptions {
  const ts = typescript();
  return {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts'],
    types: [],
    strict: true,
    noImplicitOverride: true,
    noFallthroughCasesInSwitch: true,
    isolatedModules: true,
    skipLibCheck: true,
    noEmit: true,
    allowImportingTsExtensions: true,
    forceConsistentCasingInFileNames: true,
  };
}

/** "Cannot find name 'x'. Do you need to install type definitions for node / change 'lib' to include 'dom' / ...?" */
const NO_SUCH_GLOBAL = new Set([2580, 2582, 2584, 2591, 2592, 2593, 2867, 2868]);

const JS = new Set(['.js', '.mjs', '.cjs', '.jsx']);

/**
 * A warm type checker for one service file. `check(source)` checks `source` as the content of
 * the file (not what is on disk); files it imports are read from disk. Synchronous: the first
 * check costs a few hundred ms (lib files parsed), later ones a few ms to tens of ms.
 * JavaScript files are not type-checked (check returns []).
 */
export class ServiceTypeChecker {
  readonly file: string;
  private readonly abs: string;
  private readonly protocol: string;
  private source = '';
  private version = 0;
  private service: TS.LanguageService | undefined;
  /** Text and version of every other file read (imports, protocol), keyed by file name. */
  private readonly disk = new Map<string, { version: string; snapshot: TS.IScriptSnapshot | undefined }>();

  constructor(file: string) {
    this.file = file;
    this.abs = path.resolve(file).split(path.sep).join('/');
    this.protocol = protocolFile().split(path.sep).join('/');
  }

  /** Type-checks `source` as the content of the file; returns the first few diagnostics. */
  check(source: string): TypeDiagnostic[] {
    if (JS.has(path.extname(this.file))) return [];
    const ts = typescript();
    if (source !== this.source || this.version === 0) {
      this.source = source;
      this.version++;
    }
    const ls = (this.service ??= this.create());
    const program = ls.getProgram();
    if (!program) return [];
    const out: TypeDiagnostic[] = [];
    const files = program.getSourceFiles().filter((sf) => !sf.isDeclarationFile && sf.fileName !== this.protocol && !program.isSourceFileDefaultLibrary(sf));
    files.sort((a, b) => Number(b.fileName === this.abs) - Number(a.fileName === this.abs));
    for (const sf of files) {
      const syntactic = ls.getSyntacticDiagnostics(sf.fileName);
      const all = syntactic.length > 0 ? syntactic : ls.getSemanticDiagnostics(sf.fileName);
      for (const d of all) {
        if (d.category !== ts.DiagnosticCategory.Error) continue; // (none with these options; a warning must not block a swap)
        out.push(this.describe(d, sf));
        if (out.length >= MAX_DIAGNOSTICS) return out;
      }
    }
    return out;
  }

  /** Releases the language service (and its share of the parsed lib files). */
  dispose(): void {
    this.service?.dispose();
    this.service = undefined;
    this.disk.clear();
  }

  private describe(d: TS.Diagnostic, sf: TS.SourceFile): TypeDiagnostic {
    const ts = typescript();
    let message = ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n').map((s) => s.trim()).filter(Boolean).join(' ');
    // "Cannot find name 'process'. Do you need to install type definitions for node? Try `npm i
    // --save-dev @types/node`..." would send a learner the wrong way: say why it is missing.
    if (NO_SUCH_GLOBAL.has(d.code)) message = `${message.split('. ')[0]}: a service runs without Node built-ins or a DOM (the language's own built-ins and 'milklab' only).`;
    const src = d.file ?? sf;
    const file = src.fileName === this.abs ? this.file : displayName(this.file, src.fileName);
    if (d.start === undefined) return { file, line: 0, column: 0, message, frame: '' };
    const { line, character } = src.getLineAndCharacterOfPosition(d.start);
    const lineStart = src.getPositionOfLineAndCharacter(line, 0);
    const lineEnd = src.getLineEndOfPosition(d.start);
    const lineText = src.text.slice(lineStart, lineEnd);
    const frame = codeFrame(lineText, line + 1, character, Math.max(1, Math.min(d.length ?? 1, lineEnd - d.start)), src.text);
    return { file, line: line + 1, column: character + 1, message, frame };
  }

  private create(): TS.LanguageService {
    const ts = typescript();
    const options = serviceCompilerOptions();
    const libDir = path.dirname(ts.getDefaultLibFilePath(options)).split(path.sep).join('/');
    const isMain = (f: string) => f === this.abs;
    const diskEntry = (f: string) => {
      let version = 'lib';
      if (!f.startsWith(libDir)) {
        try {
          const st = statSync(f);
          version = `${st.mtimeMs}:${st.size}`;
        } catch {
          version = 'missing';
        }
      }
      const cached = this.disk.get(f);
      if (cached && cached.version === version) return cached;
      const text = version === 'missing' ? undefined : ts.sys.readFile(f);
      const entry = { version, snapshot: text === undefined ? undefined : ts.ScriptSnapshot.fromString(text) };
      this.disk.set(f, entry);
      return entry;
    };
    const resolutionHost: TS.ModuleResolutionHost = {
      fileExists: (f) => isMain(f) || ts.sys.fileExists(f),
      readFile: (f) => (isMain(f) ? this.source : ts.sys.readFile(f)),
      directoryExists: (d) => ts.sys.directoryExists(d),
      realpath: ts.sys.realpath,
      getCurrentDirectory: () => path.dirname(this.abs),
    };
    const host: TS.LanguageServiceHost = {
      getCompilationSettings: () => options,
      getScriptFileNames: () => [this.abs],
      getScriptVersion: (f) => (isMain(f) ? String(this.version) : diskEntry(f).version),
      getScriptSnapshot: (f) => (isMain(f) ? ts.ScriptSnapshot.fromString(this.source) : diskEntry(f).snapshot),
      getCurrentDirectory: () => path.dirname(this.abs),
      getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
      fileExists: resolutionHost.fileExists,
      readFile: resolutionHost.readFile,
      directoryExists: resolutionHost.directoryExists,
      getDirectories: ts.sys.getDirectories,
      realpath: ts.sys.realpath,
      useCaseSensitiveFileNames: () => ts.sys.useCaseSensitiveFileNames,
      resolveModuleNameLiterals: (literals, containingFile, _redirected, opts) =>
        literals.map((lit): TS.ResolvedModuleWithFailedLookupLocations => {
          const name = lit.text;
          if (name === 'milklab') return { resolvedModule: { resolvedFileName: this.protocol, extension: ts.Extension.Ts, isExternalLibraryImport: false } };
          if (name.startsWith('./') || name.startsWith('../') || name === '.' || name === '..' || path.isAbsolute(name)) {
            return ts.resolveModuleName(name, containingFile, opts, resolutionHost);
          }
          return { resolvedModule: undefined };
        }),
    };
    return ts.createLanguageService(host, (registry ??= ts.createDocumentRegistry(ts.sys.useCaseSensitiveFileNames)));
  }
}

/**
 * One-shot check of `file` with content `source` (a fresh checker: cold). For repeated checks
 * keep a ServiceTypeChecker.
 */
export function typeCheckService(file: string, source: string): TypeDiagnostic[] {
  const c = new ServiceTypeChecker(file);
  try {
    return c.check(source);
  } finally {
    c.dispose();
  }
}
