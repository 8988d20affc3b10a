// Locating milklab's own files (workloads, labs) whether running from src/ (tests) or dist/.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * Sets the package root explicitly (a worker thread running from a bundle outside the package
 * is told where the package is by its owner).
 */
export function setPackageRoot(dir: string): void {
  cached = dir;
}

/** The package root: the nearest ancestor of this module holding milklab's package.json (or what setPackageRoot said). */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pj = path.join(dir, 'package.json');
    if (existsSync(pj) && (JSON.parse(readFileSync(pj, 'utf8')) as { name?: string }).name === 'milklab') return (cached = dir);
    const up = path.dirname(dir);
    if (up === dir) throw new Error('milklab package root not found');
    dir = up;
  }
}
