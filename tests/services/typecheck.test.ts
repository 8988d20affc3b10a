import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_FILES } from '../../src/services/builtin/index.js';
import { MAX_DIAGNOSTICS, ServiceTypeChecker, typeCheckService } from '../../src/services/typecheck.js';
import { ROOT } from '../helpers/cli.js';

let dir = '';
const checkers: ServiceTypeChecker[] = [];
const write = (name: string, text: string): string => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};
const checker = (file: string): ServiceTypeChecker => {
  const c = new ServiceTypeChecker(file);
  checkers.push(c);
  return c;
};
const policy = (victim: string, extra = ''): string =>
  `import { definePolicy, type Bits } from 'milklab';\n${extra}export default definePolicy<number>({\n  name: 'p', description: 'd',\n  init: () => 0,\n  chooseVictim(s, bits: Bits) { return ${victim}; },\n});\n`;
const builtin = (src: string): string => readFileSync(path.join(ROOT, 'src/services/builtin', src), 'utf8').replaceAll("'../protocol.js'", "'milklab'");

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'milklab-typecheck-'));
});
afterAll(() => {
  for (const c of checkers) c.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('ServiceTypeChecker', () => {
  it('cold and warm check times (logged, not asserted)', () => {
    const text = builtin('clock.ts');
    const file = write('timed.ts', text);
    const c = checker(file);
    let t = performance.now();
    expect(c.check(text)).toEqual([]);
    const cold = performance.now() - t;
    const warm: number[] = [];
    for (let i = 0; i < 11; i++) {
      const edited = text.replace('hand: 0', `hand: ${i + 1}`) + (i % 2 === 0 ? '' : "export const oops: number = 'x';\n");
      t = performance.now();
      const d = c.check(edited);
      warm.push(performance.now() - t);
      expect(d.length).toBe(i % 2);
    }
    t = performance.now();
    const other = checker(write('timed2.ts', text));
    expect(other.check(text)).toEqual([]);
    const secondCold = performance.now() - t;
    warm.sort((a, b) => a - b);
    console.log(`type check: cold ${cold.toFixed(1)} ms (first checker in the process, includes loading TypeScript); ` +
      `warm (after an edit) median ${warm[5]!.toFixed(1)} ms, max ${warm[10]!.toFixed(1)} ms; a second file's first check ${secondCold.toFixed(1)} ms`);
  });

  it("reports a wrong return type: `chooseVictim(s, bits) { return 'x'; }`", () => {
    const text = policy("'x'");
    const d = checker(write('wrong-return.ts', text)).check(text);
    expect(d).toHaveLength(1);
    // (TypeScript puts it on the method: its parameter is annotated, so it is not contextually typed)
    expect(d[0]).toMatchObject({ file: path.join(dir, 'wrong-return.ts'), line: 5, column: 3 });
    expect(d[0]!.message).toBe("Type '(s: number, bits: Bits) => string' is not assignable to type '(state: number, bits: Bits) => number | VictimAnswer'. Type 'string' is not assignable to type 'number | VictimAnswer'.");
    expect(d[0]!.frame).toBe(`4 |   init: () => 0,\n5 |   chooseVictim(s, bits: Bits) { return 'x'; },\n  |   ${'^'.repeat(12)}\n6 | });`);
    const arrow = policy('0').replace('chooseVictim(s, bits: Bits) { return 0; }', "chooseVictim: (s, bits) => 'x' + bits.now");
    expect(checker(write('wrong-return2.ts', arrow)).check(arrow)).toMatchObject([{ line: 5, column: 30, message: "Type 'string' is not assignable to type 'number | VictimAnswer'." }]);
  });

  it('checks the text it is given, not the file on disk; a warm checker follows edits', () => {
    const file = write('edits.ts', policy('bits.frames[0]!'));
    const c = checker(file);
    expect(c.check(policy('bits.frames[0]!'))).toEqual([]);
    expect(c.check(policy('bits.nope(1)'))).toMatchObject([{ line: 5, message: "Property 'nope' does not exist on type 'Bits'." }]);
    expect(c.check(policy('bits.frames[0]!'))).toEqual([]);
    expect(c.check(policy('s'))).toEqual([]); // the state is a number
  });

  it('messages are one line (a chain of reasons flattened)', () => {
    const text = `import { defineAllocator } from 'milklab';\nexport default defineAllocator({ name: 'a', description: '', init: () => 0, quotas: (s, u) => ({ [u.totalFrames]: 'x' }) });\n`;
    const d = checker(write('chain.ts', text)).check(text);
    expect(d.length).toBeGreaterThan(0);
    for (const x of d) expect(x.message).not.toContain('\n');
    expect(d[0]!.message).toMatch(/Type 'string' is not assignable to type 'number'/);
  });

  it('a service has no Node built-ins and no DOM (lib es2022 only)', () => {
    const text = policy('bits.frames[0]!', "process.exit(1);\ndocument.title = 'x';\nsetTimeout(() => 0, 1);\nconst b = Buffer.from('');\n");
    const d = checker(write('globals.ts', text)).check(text);
    const why = ": a service runs without Node built-ins or a DOM (the language's own built-ins and 'milklab' only).";
    expect(d.map((x) => [x.line, x.message])).toEqual([
      [2, `Cannot find name 'process'${why}`],
      [3, `Cannot find name 'document'${why}`],
      [4, "Cannot find name 'setTimeout'."],
      [5, `Cannot find name 'Buffer'${why}`],
    ]);
  });

  it('only milklab and relative files resolve; errors in an imported file name that file', () => {
    const helper = write('tc-helper.ts', 'export const pick = (xs: readonly number[]): string => xs[0]!;\n');
    const text = policy('pick(bits.frames)', "import type { Stats } from 'node:fs';\nimport { pick } from './tc-helper.js';\nexport type S = Stats;\n");
    const d = checker(write('imports.ts', text)).check(text);
    expect(d).toEqual([
      expect.objectContaining({ file: path.join(dir, 'imports.ts'), line: 2, message: "Cannot find module 'node:fs' or its corresponding type declarations." }),
      expect.objectContaining({ file: path.join(dir, 'imports.ts'), line: 8, message: expect.stringMatching(/Type 'string' is not assignable to type 'number \| VictimAnswer'\.$/) }),
      expect.objectContaining({ file: helper, line: 1, column: 56, message: "Type 'number' is not assignable to type 'string'." }),
    ]);
  });

  it('an imported file edited on disk is seen by a warm checker', () => {
    const helper = write('tc-helper2.ts', 'export const pick = (xs: readonly number[]): number => xs[0]!;\n');
    const text = policy('pick(bits.frames)', "import { pick } from './tc-helper2.js';\n");
    const c = checker(write('imports2.ts', text));
    expect(c.check(text)).toEqual([]);
    writeFileSync(helper, 'export const pick = (xs: readonly number[]): number => xs.length;\nexport const bad: number = "x";\n');
    expect(c.check(text)).toMatchObject([{ file: helper, line: 2 }]);
  });

  it(`reports at most ${MAX_DIAGNOSTICS} diagnostics`, () => {
    const text = policy('0', Array.from({ length: 9 }, (_, i) => `export const x${i}: number = 'no';\n`).join(''));
    expect(checker(write('many.ts', text)).check(text)).toHaveLength(MAX_DIAGNOSTICS);
  });

  it('a syntax error is reported too (with the syntactic diagnostics only)', () => {
    const text = policy('0', 'const x: number = ;\n');
    expect(typeCheckService(write('syntax.ts', text), text)).toMatchObject([{ line: 2, column: 19, message: 'Expression expected.' }]);
  });

  it('JavaScript files are not type-checked', () => {
    expect(typeCheckService(write('plain.js', 'export default 1;\n'), "const x = 'a' * 2;\n")).toEqual([]);
  });
});

describe('every built-in, copied as a learner would (milklab imports), type-checks cleanly', () => {
  for (const src of Object.values(BUILTIN_FILES)) {
    it(src, () => {
      const text = builtin(src);
      expect(text).toContain("from 'milklab'");
      expect(checker(write(`builtin-${src}`, text)).check(text)).toEqual([]);
    });
  }
});
