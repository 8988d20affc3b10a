// Where a worker thread's code is (the service worker; the type checker's thread): a Worker needs
// one plain JavaScript file, but the workers are written in TypeScript and tests run from src/
// (vite-node does not transform worker threads). The build bundles them to dist/<name>.mjs; when
// that file is missing or older than the sources, the worker is bundled on the fly with esbuild
// into a cache file under the system temp directory, named by a hash of the sources (so runs and
// processes share it). Packages stay outside the bundle (they are loaded from milklab's root).

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { packageRoot } from '../../paths.js';

/** The worker scripts there are, by the name of their dist/ bundle, with their entry point under src/. */
export const WORKERS = {
  'service-worker': 'services/isolation/worker.ts',
  'typecheck-worker': 'services/typecheck-worker.ts',
  'session-worker': 'session/session-worker.ts',
} as const;
export type WorkerName = keyof typeof WORKERS;

const cached = new Map<WorkerName, string>();

/**
 * The TypeScript sources a worker's bundle may be made of (conservatively: every .ts file under
 * src/, the UI's .tsx aside), or [] when src/ is absent.
 */
export function workerSources(root = packageRoot()): string[] {
  const src = path.join(root, 'src');
  if (!existsSync(src)) return [];
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const f = path.join(dir, e.name);
      if (e.isDirectory()) walk(f);
      else if (e.name.endsWith('.ts')) out.push(f);
    }
  };
  walk(src);
  return out.sort();
}

/**
 * The path of the runnable script of worker `name`. Contract: `<packageRoot>/dist/<name>.mjs`
 * when it exists and is at least as new as every source; otherwise an esbuild bundle of its
 * entry point cached in os.tmpdir() (built once per content, written atomically). Synchronous;
 * memoised per process. Throws only when neither exists nor can be built.
 */
export function bundledScript(name: WorkerName): string {
  const known = cached.get(name);
  if (known && existsSync(known)) return known;
  const root = packageRoot();
  const dist = path.join(root, 'dist', `${name}.mjs`);
  const sources = workerSources(root);
  if (distIsFresh(existsSync(dist) ? statSync(dist).mtimeMs : undefined, sources.map((f) => statSync(f).mtimeMs))) {
    cached.set(name, dist);
    return dist;
  }
  if (sources.length === 0) throw new Error(`no ${name} script: ${dist} is missing and there are no sources to build it from`);
  const out = bundleWorker(root, name, sources);
  cached.set(name, out);
  return out;
}

/** The service worker's script (bundledScript('service-worker')). */
export function workerScript(): string {
  return bundledScript('service-worker');
}

/** Whether a built script (mtime, undefined when missing) may be used over sources with these mtimes. */
export function distIsFresh(distMtime: number | undefined, sourceMtimes: readonly number[]): boolean {
  return distMtime !== undefined && sourceMtimes.every((m) => m <= distMtime);
}

function bundleWorker(root: string, name: WorkerName, sources: string[]): string {
  const esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  const hash = createHash('sha256').update(esbuild.version).update(name);
  for (const f of sources) hash.update(path.relative(root, f)).update('\0').update(readFileSync(f)).update('\0');
  const dir = path.join(os.tmpdir(), 'milklab-service-worker');
  const out = path.join(dir, `${hash.digest('hex').slice(0, 16)}.mjs`);
  if (existsSync(out)) return out;
  mkdirSync(dir, { recursive: true });
  const r = esbuild.buildSync({
    entryPoints: [path.join(root, 'src', WORKERS[name])],
    bundle: true, platform: 'node', format: 'esm', target: 'node20', write: false, logLevel: 'silent',
    external: ['esbuild', 'typescript'], // never loaded by a worker's own code path, or loaded from the root
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  const tmp = `${out}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, r.outputFiles[0]!.contents);
  renameSync(tmp, out);
  return out;
}
