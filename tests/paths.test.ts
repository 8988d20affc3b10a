// packageRoot(): the nearest ancestor of the module holding a package.json named "milklab" —
// here the repository root, cached across calls; other packages on the way up are skipped, and
// a module outside any milklab package gets a clear error (checked on copies of the module).
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../src/paths.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');
const source = path.join(repo, 'src', 'paths.ts');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'milklab-paths-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Imports a fresh copy of src/paths.ts placed at `dir` (its own module instance and cache). */
async function copyAt(dir: string): Promise<typeof import('../src/paths.js')> {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'paths.ts');
  copyFileSync(source, file);
  return (await import(pathToFileURL(file).href)) as typeof import('../src/paths.js');
}

const pkg = (dir: string, name: string): void => {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name }));
};

describe('packageRoot', () => {
  it('is the repository root: the directory of the package.json named milklab', () => {
    expect(packageRoot()).toBe(repo);
  });

  it('returns the same answer on every call', () => {
    const first = packageRoot();
    expect(packageRoot()).toBe(first);
  });

  it('skips package.json files of other packages on the way up', async () => {
    const root = path.join(tmp, 'nested', 'pkg');
    pkg(root, 'milklab');
    pkg(path.join(root, 'vendor', 'dep'), 'not-milklab');
    const mod = await copyAt(path.join(root, 'vendor', 'dep', 'lib'));
    expect(mod.packageRoot()).toBe(root);
  });

  it('finds the package from a module several levels down (like dist/ or src/)', async () => {
    const root = path.join(tmp, 'deep');
    pkg(root, 'milklab');
    const mod = await copyAt(path.join(root, 'a', 'b', 'c'));
    expect(mod.packageRoot()).toBe(root);
  });

  it('throws a clear error when no ancestor is milklab', async () => {
    const dir = path.join(tmp, 'orphan', 'src');
    pkg(path.join(tmp, 'orphan'), 'something-else');
    const mod = await copyAt(dir);
    expect(() => mod.packageRoot()).toThrow('milklab package root not found');
  });
});
