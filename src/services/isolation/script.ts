// Where the service worker's code is: a Worker needs one plain JavaScript file, but the worker
// is written in TypeScript and tests run from src/ (vite-node does not transform worker
// threads). The build bundles it to dist/service-worker.mjs; when that file is missing or older
// than the sources, the worker is bundled on the fly with esbuild into a cache file under the
// system temp directory, named by a hash of the sources (so runs and processes share it).

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { packageRoot } from '../../paths.js';

let cached: string | undefined;

/** The worker's TypeScript sources (everything the bundle is made of), or [] when src/ is absent. */
export function workerSources(root = packageRoot()): string[] {
  const iso = path.join(root, 'src', 'services', 'isolation');
  if (!existsSync(iso)) return [];
  const own = readdirSync(iso).filter((f) => f.endsWith('.ts')).map((f) => path.join(iso, f));
  return [...own, ...['sandbox.ts', 'host.ts', 'protocol.ts'].map((f) => path.join(root, 'src', 'services', f))].sort();
}

/**
 * The path of a runnable worker script. Contract: `<packageRoot>/dist/service-worker.mjs` when
 * it exists and is at least as new as every source; otherwise an esbuild bundle of
 * src/services/isolation/worker.ts cached in os.tmpdir() (built once per content, written
 * atomically). Synchronous; memoised per process. Throws only when neither exists nor can be built.
 */
export function workerScript(): string {
  if (cached && existsSync(cached)) return cached;
  const root = packageRoot();
  const dist = path.join(root, 'dist', 'service-worker.mjs');
  const sources = workerSources(root);
  if (distIsFresh(existsSync(dist) ? statSync(dist).mtimeMs : undefined, sources.map((f) => statSync(f).mtimeMs))) return (cached = dist);
  if (sources.length === 0) throw new Error(`no service worker script: ${dist} is missing and there are no sources to build it from`);
  return (cached = bundleWorker(root, sources));
}

/** Whether a built script (mtime, undefined when missing) may be used over sources with these mtimes. */
export function distIsFresh(distMtime: number | undefined, sourceMtimes: readonly number[]): boolean {
  return distMtime !== undefined && sourceMtimes.every((m) => m <= distMtime);
}

function bundleWorker(root: string, sources: string[]): string {
  const esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  const hash = createHash('sha256').update(esbuild.version);
  for (const f of sources) hash.update(path.relative(root, f)).update('\0').update(readFileSync(f)).update('\0');
  const dir = path.join(os.tmpdir(), 'milklab-service-worker');
  const out = path.join(dir, `${hash.digest('hex').slice(0, 16)}.mjs`);
  if (existsSync(out)) return out;
  mkdirSync(dir, { recursive: true });
  const r = esbuild.buildSync({
    entryPoints: [path.join(root, 'src', 'services', 'isolation', 'worker.ts')],
    bundle: true, platform: 'node', format: 'esm', target: 'node20', write: false, logLevel: 'silent',
  });
  const tmp = `${out}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, r.outputFiles[0]!.contents);
  renameSync(tmp, out);
  return out;
}
