// Layering rules of docs/ARCHITECTURE.md, checked on the source: dependencies point down only.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(f) ? [p] : [];
  });
}
const imports = (file: string): string[] =>
  [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!);

describe('layering', () => {
  it('the machine imports neither UI libraries nor the CLI', () => {
    for (const f of files(path.join(ROOT, 'src/machine'))) {
      for (const i of imports(f)) {
        expect(i, `${path.relative(ROOT, f)} imports ${i}`).not.toMatch(/^(react|ink)(\/|$)|\/cli\/|\/tui\//);
      }
    }
  });
  it('the hardware knows nothing of kernels', () => {
    for (const f of files(path.join(ROOT, 'src/machine/hw'))) {
      for (const i of imports(f)) expect(i, `${path.relative(ROOT, f)} imports ${i}`).toMatch(/^\.\/|^node:/);
    }
  });
  it('every source file starts with a header comment', () => {
    for (const f of files(path.join(ROOT, 'src'))) expect(readFileSync(f, 'utf8').startsWith('//'), f).toBe(true);
  });
});
