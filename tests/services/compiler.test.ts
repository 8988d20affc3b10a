import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { describeCompileError, ServiceCompiler, type CompileResult } from '../../src/services/compiler.js';
import { SERVICE_GLOBAL } from '../../src/services/loader.js';
import type { Bits, ReplacementPolicy } from '../../src/services/protocol.js';
import { evaluateService } from '../../src/services/sandbox.js';
import { TypeCheckClient } from '../../src/services/typecheck-client.js';

let dir = '';
let n = 0;
const compilers: ServiceCompiler[] = [];
const write = (name: string, text: string): string => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};
/** A fresh file and a compiler for it. */
const setup = (text: string, ext = '.ts'): { file: string; c: ServiceCompiler } => {
  const file = write(`svc${++n}${ext}`, text);
  const c = new ServiceCompiler(file);
  compilers.push(c);
  return { file, c };
};
const policy = (victim: string, extra = ''): string =>
  `import { definePolicy, type Bits } from 'milklab';\n${extra}export default definePolicy<number>({\n  name: 'p', description: 'd',\n  init: () => 0,\n  chooseVictim(s, bits: Bits) { return ${victim}; },\n});\n`;
const bits: Bits = { frames: [3, 4, 5], now: 0, referenced: () => false, dirty: () => false, vpn: () => 0 };
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** The code of a successful result, evaluated in the sandbox, as a replacement policy. */
function load(r: CompileResult, file: string): ReplacementPolicy {
  if (!r.ok) throw new Error(r.errors.map(describeCompileError).join('\n'));
  const ev = evaluateService(r.code, file, SERVICE_GLOBAL);
  if (!ev.ok) throw new Error(ev.message);
  expect(ev.service.kind).toBe('replacement');
  return ev.service as ReplacementPolicy;
}
function errorsOf(r: CompileResult) {
  if (r.ok) throw new Error('expected errors');
  return r.errors;
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'milklab-compiler-'));
});
afterEach(() => {
  vi.restoreAllMocks();
});
afterAll(async () => {
  await Promise.all(compilers.map((c) => c.dispose()));
  rmSync(dir, { recursive: true, force: true });
});

describe('ServiceCompiler: good files', () => {
  it('compiles a policy to code that evaluates to a working service (times logged)', async () => {
    const { file, c } = setup(policy('bits.frames[bits.frames.length - 1]!'));
    const r1 = await c.compile();
    const p = load(r1, file);
    expect(p.chooseVictim(p.init({ frames: 3 }), bits)).toBe(5);
    const times: number[] = [];
    for (let i = 0; i < 8; i++) {
      writeFileSync(file, policy(`bits.frames[${i % 3}]!`));
      const r = await c.compile();
      times.push(r.ok ? r.ms : NaN);
      const q = load(r, file);
      expect(q.chooseVictim(q.init({ frames: 3 }), bits)).toBe(3 + (i % 3));
    }
    const sorted = [...times].sort((a, b) => a - b);
    console.log(`compile (esbuild + type check): cold ${r1.ok ? r1.ms.toFixed(1) : '?'} ms (includes loading TypeScript), warm median ${sorted[4]!.toFixed(1)} ms, max ${sorted[7]!.toFixed(1)} ms`);
  });
  it('rebuilds after an edit: the new code is returned', async () => {
    const { file, c } = setup(policy('bits.frames[0]!'));
    const a = load(await c.compile(), file);
    expect(a.chooseVictim(0, bits)).toBe(3);
    writeFileSync(file, policy('bits.frames[1]!'));
    const b = load(await c.compile(), file);
    expect(b.chooseVictim(0, bits)).toBe(4);
  });
  it('hashes the content: sha256 of the file, the same for unchanged content, new for new content', async () => {
    const text = policy('bits.frames[0]!');
    const { file, c } = setup(text);
    const r1 = await c.compile();
    const r2 = await c.compile();
    expect(r1.sourceHash).toBe(sha(text));
    expect(r2.sourceHash).toBe(r1.sourceHash);
    writeFileSync(file, policy('bits.frames[2]!'));
    const r3 = await c.compile();
    expect(r3.sourceHash).not.toBe(r1.sourceHash);
    writeFileSync(file, text);
    expect((await c.compile()).sourceHash).toBe(r1.sourceHash);
    // a failing file has a hash too (the caller need not recompile or re-report it)
    writeFileSync(file, text + 'const x: number = ;\n');
    const bad = await c.compile();
    expect(bad.ok).toBe(false);
    expect(bad.sourceHash).toBe(sha(text + 'const x: number = ;\n'));
  });
  it('bundles its own relative files; editing one is a new hash and new code', async () => {
    const helper = write(`helper${++n}.ts`, 'export const pick = (xs: readonly number[]): number => xs[0]!;\n');
    const { file, c } = setup(policy('pick(bits.frames)', `import { pick } from './${path.basename(helper, '.ts')}.js';\n`));
    const r1 = await c.compile();
    expect(load(r1, file).chooseVictim(0, bits)).toBe(3);
    writeFileSync(helper, 'export const pick = (xs: readonly number[]): number => xs[2]!;\n');
    const r2 = await c.compile();
    expect(load(r2, file).chooseVictim(0, bits)).toBe(5);
    expect(r2.sourceHash).not.toBe(r1.sourceHash);
  });
  it('a change made during the compile is picked up: the last save wins', async () => {
    const { file, c } = setup(policy('bits.frames[0]!'));
    await c.compile(); // warm
    writeFileSync(file, policy('bits.frames[1]!'));
    const final = policy('bits.frames[2]!');
    const check = TypeCheckClient.prototype.check;
    let saved = false;
    const spy = vi.spyOn(TypeCheckClient.prototype, 'check').mockImplementation(function (this: TypeCheckClient, f: string, source: string) {
      if (!saved) { saved = true; writeFileSync(file, final); } // the learner saves again mid-compile
      return check.call(this, f, source);
    });
    const r = await c.compile();
    expect(spy).toHaveBeenCalledTimes(2);
    expect(r.sourceHash).toBe(sha(final));
    expect(load(r, file).chooseVictim(0, bits)).toBe(5);
  });
  it('calls while one compile runs share the next result; they run one at a time', async () => {
    const { file, c } = setup(policy('bits.frames[0]!'));
    const first = c.compile();
    writeFileSync(file, policy('bits.frames[1]!'));
    const second = c.compile();
    const third = c.compile();
    expect(third).toBe(second);
    const [a, b] = await Promise.all([first, second]);
    expect(a.ok && b.ok).toBe(true);
    expect(load(b, file).chooseVictim(0, bits)).toBe(4);
  });
  it('JavaScript services compile (no type check)', async () => {
    const { file, c } = setup("import { definePolicy } from 'milklab';\nexport default definePolicy({ name: 'js', description: '', init: () => 0, chooseVictim: (_s, b) => b.frames[1] });\n", '.js');
    expect(load(await c.compile(), file).chooseVictim(0, bits)).toBe(4);
  });
});

describe('ServiceCompiler: errors', () => {
  it('a syntax error: kind syntax, 1-based line and column, a frame with the lines around it', async () => {
    const { file, c } = setup(policy('bits.frames[0]!') + 'const x: number = ;\nexport const y = 1;\n');
    const errors = errorsOf(await c.compile());
    expect(errors).toEqual([{
      kind: 'syntax', file, line: 7, column: 19, message: 'Unexpected ";"',
      frame: `6 | });\n7 | const x: number = ;\n  | ${' '.repeat(18)}^\n8 | export const y = 1;`,
    }]);
    expect(describeCompileError(errors[0]!)).toBe(`${file}:7:19: Unexpected ";"`);
  });
  it('columns count characters, not UTF-8 bytes', async () => {
    const { c } = setup("const s = 'ééé😀'; const x: number = ;\n");
    const [e] = errorsOf(await c.compile());
    expect(e).toMatchObject({ kind: 'syntax', line: 1, column: 38 });
    expect(e!.frame.split('\n')[1]!.indexOf('^')).toBe('1 | '.length + 37);
  });
  it("`import fs from 'node:fs'` is an import error at that line", async () => {
    const { file, c } = setup(`// a comment\nimport fs from 'node:fs';\n${policy('fs.length')}`);
    const errors = errorsOf(await c.compile());
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ kind: 'import', file, line: 2, column: 16 });
    expect(errors[0]!.message).toContain("cannot import 'node:fs': a service may import only 'milklab'");
    expect(errors[0]!.frame).toBe(`1 | // a comment\n2 | import fs from 'node:fs';\n  | ${' '.repeat(15)}${'^'.repeat(9)}\n3 | import { definePolicy, type Bits } from 'milklab';`);
  });
  it('a missing relative file is an import error', async () => {
    const { c } = setup(`import { h } from './nope.js';\n${policy('h')}`);
    expect(errorsOf(await c.compile())[0]).toMatchObject({ kind: 'import', line: 1, message: expect.stringMatching(/Could not resolve "\.\/nope\.js"/) });
  });
  it("a wrong return type (`return 'x'` from chooseVictim) is a type error at that line, blocking the result", async () => {
    const { file, c } = setup(policy("'x'"));
    const errors = errorsOf(await c.compile());
    expect(errors[0]).toMatchObject({ kind: 'type', file, line: 5, column: expect.any(Number) });
    expect(errors[0]!.message).toMatch(/Type 'string' is not assignable to type 'number \| VictimAnswer'/);
    expect(errors[0]!.frame).toContain("5 |   chooseVictim(s, bits: Bits) { return 'x'; },\n");
  });
  it('a non-existent Bits method is a type error with its line and column', async () => {
    const { c } = setup(policy('bits.frames[0]!', '').replace('chooseVictim(s, bits: Bits) {', 'chooseVictim(s, bits: Bits) {\n    if (bits.accessed(3)) return 3;\n   '));
    const errors = errorsOf(await c.compile());
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ kind: 'type', line: 6, column: 14, message: "Property 'accessed' does not exist on type 'Bits'." });
    expect(errors[0]!.frame).toContain(`6 |     if (bits.accessed(3)) return 3;\n  | ${' '.repeat(13)}${'^'.repeat(8)}\n`);
  });
  it('Node built-ins are not there for the type check either', async () => {
    const { c } = setup(policy('bits.frames[0]!', 'process.exit(1);\n'));
    expect(errorsOf(await c.compile())[0]).toMatchObject({ kind: 'type', line: 2, message: expect.stringMatching(/Cannot find name 'process'/) });
  });
  it('an error in an imported file names that file', async () => {
    const helper = write(`bad-helper${++n}.ts`, 'export const h: number = "one";\n');
    const { c } = setup(policy('h', `import { h } from './${path.basename(helper, '.ts')}.js';\n`));
    expect(errorsOf(await c.compile())).toEqual([expect.objectContaining({ kind: 'type', file: helper, line: 1, column: 14 })]);
    writeFileSync(helper, 'export const h = 1 +;\n');
    expect(errorsOf(await c.compile())).toEqual([expect.objectContaining({ kind: 'syntax', file: helper, line: 1, column: 21 })]);
  });
  it('a missing file is a read error; fixing it compiles again', async () => {
    const { file, c } = setup(policy('bits.frames[0]!'));
    rmSync(file);
    const r = await c.compile();
    expect(r).toEqual({ ok: false, errors: [{ kind: 'read', file, line: 0, column: 0, message: 'no such file', frame: '' }], sourceHash: '' });
    writeFileSync(file, policy('bits.frames[2]!'));
    expect(load(await c.compile(), file).chooseVictim(0, bits)).toBe(5);
  });
  it('an error then a fix: the good code comes back', async () => {
    const { file, c } = setup(policy("'x'"));
    expect((await c.compile()).ok).toBe(false);
    writeFileSync(file, policy('bits.frames[1]!'));
    expect(load(await c.compile(), file).chooseVictim(0, bits)).toBe(4);
  });
  it('compile() after dispose() rejects', async () => {
    const { c } = setup(policy('0'));
    await c.compile();
    await c.dispose();
    await expect(c.compile()).rejects.toThrow(/after dispose/);
  });
});
