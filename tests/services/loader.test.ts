import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_FILES, findBuiltin } from '../../src/services/builtin/index.js';
import { ReplacementHost } from '../../src/services/host.js';
import { describeLoadError, loadServiceFile, type LoadResult } from '../../src/services/loader.js';
import type { AllocatorService, ReadaheadService, ReplacementPolicy, Service } from '../../src/services/protocol.js';
import { simulate } from '../../src/trace/simulate.js';
import { ROOT } from '../helpers/cli.js';
import { randomRefs } from '../helpers/random.js';

let dir = '';
const file = (name: string, text: string): string => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};
const bits = { frames: [0, 1], referenced: new Uint8Array(2), dirty: new Uint8Array(2), vpn: new Int32Array([5, 6]), now: 0 };
const policy = (body: string): string => `import { definePolicy } from 'milklab';\nexport default definePolicy({ name: 'p', description: 'd', init: () => null, ${body} });\n`;
const service = (r: LoadResult): Service => {
  if (!r.ok) throw new Error(describeLoadError(r.error));
  return r.service;
};

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'milklab-loader-'));
});

describe('loadServiceFile: good files', () => {
  it('loads a policy written against milklab and runs it through a host', async () => {
    const f = file('newest.ts', `import { definePolicy, type Bits } from 'milklab';
interface S { count: number }
export default definePolicy<S>({
  name: 'newest', description: 'evicts the newest page',
  init: (ctx) => ({ count: ctx.frames }),
  chooseVictim: (s: S, b: Bits) => { s.count++; return { victim: b.frames[b.frames.length - 1]!, clear: b.frames.filter((f) => b.referenced(f)) }; },
});
`);
    const r = await loadServiceFile(f);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.source).toBe(readFileSync(f, 'utf8'));
    expect([r.service.kind, r.service.name, r.service.description]).toEqual(['replacement', 'newest', 'evicts the newest page']);
    const h = new ReplacementHost(r.service as ReplacementPolicy, { frames: 2 });
    expect(h.victim({ ...bits, referenced: new Uint8Array([1, 0]) })).toEqual({ ok: true, value: { victim: 1, clear: [0] } });
    expect(h.exportState()).toEqual({ ok: true, value: { count: 3 } });
  });
  it('accepts a named `policy` export, its own relative imports, and plain objects with kind', async () => {
    file('helper.ts', 'export const first = (xs: readonly number[]): number => xs[0]!;\n');
    const f = file('named.ts', `import { first } from './helper.js';\nexport const policy = { kind: 'replacement', name: 'named', init: () => 0, chooseVictim: (_s: number, b: { frames: readonly number[] }) => first(b.frames) };\n`);
    const s = service(await loadServiceFile(f));
    expect([s.name, s.description]).toEqual(['named', '']);
    expect(new ReplacementHost(s as ReplacementPolicy, { frames: 2 }).victim(bits)).toEqual({ ok: true, value: { victim: 0, clear: [] } });
  });
  it('loads readahead and allocator services', async () => {
    const ra = service(await loadServiceFile(file('ra.ts', `import { defineReadahead } from 'milklab';\nexport default defineReadahead({ name: 'next', description: '', init: () => 0, onFault: (_s, f) => [f.vpn + 1] });\n`))) as ReadaheadService;
    expect(ra.onFault(ra.init(), { pid: 1, vpn: 9, write: false, major: false, now: 0 })).toEqual([10]);
    const al = service(await loadServiceFile(file('al.ts', `import { defineAllocator } from 'milklab';\nexport default defineAllocator({ name: 'all', description: '', init: (c) => c.totalFrames, quotas: (t, u) => Object.fromEntries(u.processes.map((p) => [p.pid, t])) });\n`))) as AllocatorService;
    expect(al.quotas(al.init({ totalFrames: 7 }), { totalFrames: 7, now: 0, processes: [{ pid: 3, resident: 0, faults: 0, instructions: 0, quota: 0 }] })).toEqual({ 3: 7 });
  });
});

describe('loadServiceFile: errors', () => {
  it('reports a missing file or a directory as not-found', async () => {
    expect(await loadServiceFile(path.join(dir, 'nope.ts'))).toEqual({ ok: false, error: { kind: 'not-found', file: path.join(dir, 'nope.ts') } });
    mkdirSync(path.join(dir, 'adir.ts'), { recursive: true });
    expect((await loadServiceFile(path.join(dir, 'adir.ts'))).ok).toBe(false);
  });
  it('reports a syntax error with 1-based line and column and a code frame', async () => {
    const f = file('syntax.ts', policy('chooseVictim: () => 0') + 'const x: number = ;\n');
    const r = await loadServiceFile(f);
    expect(r).toMatchObject({ ok: false, error: { kind: 'compile', file: f, line: 3, column: 19 } });
    if (r.ok) return;
    expect(describeLoadError(r.error)).toBe(`${f}:3:19: Unexpected ";"`);
    expect(r.error.kind === 'compile' && r.error.frame).toBe('3 | const x: number = ;\n  |                   ^');
  });
  it('names the imported file when the error is there', async () => {
    file('broken-helper.ts', 'export const h = 1 +;\n');
    const r = await loadServiceFile(file('uses-broken.ts', `import { h } from './broken-helper.js';\n${policy('chooseVictim: () => h')}`));
    expect(r.ok || describeLoadError(r.error)).toMatch(/broken-helper\.ts:1:21: /);
  });
  it.each([
    ['node:fs', `import { readFileSync } from 'node:fs';\n${policy('chooseVictim: () => readFileSync.length')}`],
    ['fs', `const fs = require('fs');\n${policy('chooseVictim: () => fs.length')}`],
    ['left-pad', `import pad from 'left-pad';\n${policy('chooseVictim: () => pad.length')}`],
  ])("refuses to compile an import of '%s'", async (mod, text) => {
    const r = await loadServiceFile(file(`imp-${mod.replace(/\W/g, '')}.ts`, text));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ kind: 'compile', line: 1 });
    expect(describeLoadError(r.error)).toContain(`cannot import '${mod}': a service may import only 'milklab'`);
  });
  it.each([
    ['no export', 'export const x = 1;\n', /no service exported: write `export default definePolicy/],
    ['a number', 'export default 5;\n', /the default export must be a service object, got number/],
    ['no kind', "export default { name: 'x', init() {}, chooseVictim() {} };\n", /kind must be 'replacement', 'readahead' or 'allocator', got none/],
    ['wrong kind', "export default { kind: 'pager', name: 'x' };\n", /got "pager"/],
    ['no name', "export default { kind: 'replacement', init() {}, chooseVictim() {} };\n", /non-empty string `name`/],
    ['no chooseVictim', "export default { kind: 'replacement', name: 'x', init() {} };\n", /a replacement service needs a function `chooseVictim`$/],
    ['onScan not a function', "export default { kind: 'replacement', name: 'x', init() {}, chooseVictim() {}, onScan: 3 };\n", /`onScan` must be a function, got number/],
    ['no onFault', "export default { kind: 'readahead', name: 'x', init() {} };\n", /needs a function `onFault`/],
    ['quotas not a function', "export default { kind: 'allocator', name: 'x', init() {}, quotas: {} };\n", /needs a function `quotas`, got object/],
  ])('reports a bad export: %s', async (_what, text, re) => {
    const f = file('bad-export.ts', text);
    const r = await loadServiceFile(f);
    expect(r).toMatchObject({ ok: false, error: { kind: 'bad-export', file: f } });
    if (!r.ok) expect(describeLoadError(r.error)).toMatch(re);
  });
});

describe('loadServiceFile: the sandbox', () => {
  it('a top-level process.exit() fails the load, not the test process', async () => {
    const r = await loadServiceFile(file('exit.ts', `process.exit(3);\n${policy('chooseVictim: () => 0')}`));
    expect(r).toMatchObject({ ok: false, error: { kind: 'threw', message: 'loading the module threw: ReferenceError: process is not defined' } });
  });
  it('a top-level infinite loop times out', async () => {
    const r = await loadServiceFile(file('loop.ts', `for (;;) {}\n${policy('chooseVictim: () => 0')}`));
    expect(r).toMatchObject({ ok: false, error: { kind: 'threw', message: expect.stringMatching(/ran longer than \d+ ms/) } });
  });
  it('calls that reach for process, require or eval fail as `threw` at call time', async () => {
    const s = service(await loadServiceFile(file('sneaky.ts', policy(`chooseVictim: () => { process.exit(1); return 0; },
      onMap: () => { const r = (globalThis as any)['req' + 'uire']; r('fs'); },
      onUnmap: () => { eval('1'); }`)))) as ReplacementPolicy;
    const h = new ReplacementHost(s, { frames: 2 });
    expect(h.victim(bits)).toEqual({ ok: false, error: { kind: 'threw', message: 'ReferenceError: process is not defined' } });
    expect(h.map({ frame: 0, vpn: 1, pid: 1 })).toMatchObject({ ok: false, error: { kind: 'threw', message: expect.stringMatching(/TypeError/) } });
    expect(h.unmap({ frame: 0, vpn: 1, pid: 1 })).toMatchObject({ ok: false, error: { kind: 'threw', message: expect.stringMatching(/EvalError/) } });
    expect(process.exitCode).toBeUndefined();
  });
  it('arguments give no way back to the host realm (constructor.constructor)', async () => {
    const grab = "(x: any) => x.constructor.constructor('return process')()";
    const s = service(await loadServiceFile(file('escape.ts', `const grab = ${grab};\n${policy(`
      chooseVictim: (_s, b) => { grab(b.referenced); grab(b.frames); grab(b); return 0; },
      onMap: (_s, p) => { grab(p); },
      onAccess: (_s, p) => { grab(Object.getPrototypeOf(p)); },
      onScan: () => { grab(globalThis); }`)}`))) as ReplacementPolicy;
    const h = new ReplacementHost(s, { frames: 2 });
    for (const r of [h.victim(bits), h.map({ frame: 0, vpn: 1, pid: 1 }), h.access({ frame: 0, vpn: 1, pid: 1 }), h.scan(bits)]) {
      expect(r).toMatchObject({ ok: false, error: { kind: 'threw', message: expect.stringMatching(/EvalError: Code generation from strings disallowed/) } });
    }
  });
  it('migrate receives a sandbox copy of the old state (Maps, Sets, arrays, typed arrays)', async () => {
    const s = service(await loadServiceFile(file('migrate.ts', `import { definePolicy } from 'milklab';
export default definePolicy<unknown>({ name: 'm', description: '', init: () => null, chooseVictim: () => 0,
  migrate: (old: any) => { let escaped = true; try { old.m.constructor.constructor('return 1')(); } catch { escaped = false; } return { escaped, n: old.m.get(1), set: [...old.s], a: old.a, t: old.t[1] }; } });
`))) as ReplacementPolicy;
    const old = { m: new Map([[1, 'one']]), s: new Set([2, 3]), a: [4, [5]], t: new Uint8Array([6, 7]), f: () => 0 };
    expect(s.migrate!(old, 1, { frames: 1 })).toEqual({ escaped: false, n: 'one', set: [2, 3], a: [4, [5]], t: 7 });
  });
  it('the Bits a loaded policy sees are frozen copies', async () => {
    const s = service(await loadServiceFile(file('mutate.ts', policy("chooseVictim: (_s, b) => { (b.frames as number[]).push(9); return 0; }")))) as ReplacementPolicy;
    const frames = [0, 1];
    expect(new ReplacementHost(s, { frames: 2 }).victim({ ...bits, frames }).ok).toBe(false);
    expect(frames).toEqual([0, 1]);
  });
});

describe('eject round trip: every built-in copied with `milklab` imports behaves the same', () => {
  const refs = randomRefs(11, 600, 14);
  for (const [name, src] of Object.entries(BUILTIN_FILES)) {
    it(name, async () => {
      const text = readFileSync(path.join(ROOT, 'src/services/builtin', src), 'utf8').replaceAll("'../protocol.js'", "'milklab'");
      const loaded = service(await loadServiceFile(file(`eject-${src}`, text)));
      const builtin = findBuiltin(name)!;
      expect([loaded.kind, loaded.name, loaded.description]).toEqual([builtin.kind, builtin.name, builtin.description]);
      if (builtin.kind === 'replacement') {
        const run = (p: ReplacementPolicy) => {
          const victims: unknown[] = [];
          const spy: ReplacementPolicy = { ...p, chooseVictim: (s, b) => { const v = p.chooseVictim(s, b); victims.push(v); return v; } };
          return { result: simulate(refs, spy, 5, { scanInterval: 8 }), victims };
        };
        const a = run(builtin);
        const b = run(loaded as ReplacementPolicy);
        expect(b.result.fallbacks).toBe(0);
        expect(b).toEqual(a);
      } else if (builtin.kind === 'readahead') {
        const l = loaded as ReadaheadService;
        const sb = builtin.init(), sl = l.init();
        for (const vpn of [5, 6, 7, 20, 21, 26, 27, 3]) {
          const f = { pid: 1, vpn, write: false, major: false, now: 0 };
          expect(l.onFault(sl, f)).toEqual(builtin.onFault(sb, f));
        }
      } else {
        const l = loaded as AllocatorService;
        const usage = { totalFrames: 100, now: 0, processes: [{ pid: 1, resident: 40, faults: 900, instructions: 1e6, quota: 40 }, { pid: 2, resident: 60, faults: 0, instructions: 1e6, quota: 60 }, { pid: 3, resident: 0, faults: 0, instructions: 0, quota: 0 }] };
        expect(l.quotas(l.init({ totalFrames: 100 }), usage)).toEqual(builtin.quotas(builtin.init({ totalFrames: 100 }), usage));
      }
    });
  }
});
