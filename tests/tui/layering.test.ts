// The UI talks to the Session facade only: src/tui imports the session, the watcher, the
// workload registry, the ELF loader, the CLI's eject and the asciicast recorder — never the
// kernel or the rest of the machine — and only src/tui imports ink, react or blessed-contrib
// (blessed-contrib only through the one adapter), and only the CLI imports src/tui.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(f) ? [p] : [];
  });
}
const imports = (file: string): string[] =>
  [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
const resolve = (file: string, spec: string): string => (spec.startsWith('.') ? path.relative(ROOT, path.resolve(path.dirname(file), spec)) : spec);

describe('the UI\'s dependencies', () => {
  const tui = files(path.join(ROOT, 'src/tui'));
  it('reach the machine only through the session (and the ELF loader)', () => {
    const allowed = /^(src\/tui\/|src\/session\/(session|remote|telemetry|versions)\.js$|src\/services\/watcher\.js$|src\/services\/live\/slot\.js$|src\/workloads\/registry\.js$|src\/machine\/hw\/elf\.js$|src\/cli\/eject\.js$|src\/record\/asciicast\.js$|node:|ink$|react$|blessed-contrib)/;
    for (const f of tui) for (const i of imports(f)) expect(resolve(f, i), `${path.relative(ROOT, f)} imports ${i}`).toMatch(allowed);
  });
  it('use blessed-contrib through the one adapter', () => {
    for (const f of tui) {
      if (f.endsWith(path.join('charts', 'contrib.ts'))) continue;
      expect(readFileSync(f, 'utf8'), path.relative(ROOT, f)).not.toMatch(/blessed|drawille|['"]sparkline['"]/);
    }
  });
  it('are imported only by the CLI (and the demo driver)', () => {
    for (const f of files(path.join(ROOT, 'src'))) {
      if (f.includes(`${path.sep}tui${path.sep}`) || f.includes(`${path.sep}cli${path.sep}`)) continue;
      for (const i of imports(f)) expect(resolve(f, i), `${path.relative(ROOT, f)} imports ${i}`).not.toMatch(/^src\/tui\/|^(ink|react)$/);
    }
  });
});
