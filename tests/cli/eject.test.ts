// `milklab eject` in-process: the ejected source of every built-in imports 'milklab' and loads as
// the same service; the command writes it, says how to run it (the right flag per kind), never
// overwrites, and rejects bad usage, unknown services and unwritable paths in one line.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ejectCommand, ejectedSource } from '../../src/cli/eject.js';
import { BUILTIN_SERVICES } from '../../src/services/builtin/index.js';
import { loadServiceFile } from '../../src/services/loader.js';
import { cliFailure } from '../helpers/cli.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'milklab-eject-'));
let n = 0;
const fresh = (name: string): string => path.join(dir, `${n++}-${name}`);

const failure = cliFailure;
function eject(args: string[]): { status: number; out: string[] } {
  const out: string[] = [];
  const status = ejectCommand(args, (l) => out.push(l));
  return { status, out };
}

describe('ejectedSource', () => {
  it.each(BUILTIN_SERVICES.map((s) => s.name))('%s imports the protocol as milklab, nothing relative', (name) => {
    const src = ejectedSource(name);
    expect(src).toBeDefined();
    expect(src).toContain("from 'milklab'");
    expect(src).not.toMatch(/from '\.\.?\//);
  });

  it('is undefined for a name that is not a built-in', () => {
    expect(ejectedSource('nosuch')).toBeUndefined();
    expect(ejectedSource('index')).toBeUndefined();
    expect(ejectedSource('fifo.ts')).toBeUndefined();
  });

  it('loads as a service file with the built-in’s name, kind and description', async () => {
    for (const s of BUILTIN_SERVICES) {
      const f = fresh(`${s.name}.ts`);
      writeFileSync(f, ejectedSource(s.name)!);
      const r = await loadServiceFile(f);
      if (!r.ok) throw new Error(`${s.name}: ${JSON.stringify(r.error)}`);
      expect([r.service.name, r.service.kind, r.service.description]).toEqual([s.name, s.kind, s.description]);
    }
  });
});

describe('ejectCommand', () => {
  it('writes the copy and prints what it wrote and how to run it live', () => {
    const f = fresh('my-clock.ts');
    const r = eject(['clock', f]);
    expect(r.status).toBe(0);
    expect(readFileSync(f, 'utf8')).toBe(ejectedSource('clock'));
    expect(r.out).toEqual([
      `wrote ${f} (replacement: ${BUILTIN_SERVICES.find((s) => s.name === 'clock')!.description})`,
      `edit it, then run it live:  milklab run loop --policy ${f} --watch`,
    ]);
  });

  it.each([
    ['fifo', '--policy'],
    ['sequential', '--readahead'],
    ['pff', '--allocator'],
    ['equal', '--allocator'],
  ])('suggests the flag of the service’s kind: %s → %s', (name, flag) => {
    const f = fresh(`${name}.ts`);
    expect(eject([name, f]).out[1]).toBe(`edit it, then run it live:  milklab run loop ${flag} ${f} --watch`);
  });

  it('never overwrites: an existing file is kept as it is and the error names it', () => {
    const f = fresh('mine.ts');
    writeFileSync(f, '// my work\n');
    const e = failure(() => eject(['clock', f]));
    expect(e.error).toEqual({ kind: 'bad-input', message: `${f}: already exists; not overwriting it (name another file)` });
    expect(readFileSync(f, 'utf8')).toBe('// my work\n');
  });

  it('a second eject to the same file is refused', () => {
    const f = fresh('twice.ts');
    expect(eject(['fifo', f]).status).toBe(0);
    expect(failure(() => eject(['fifo', f])).error.message).toMatch(/already exists; not overwriting/);
  });

  it('an unknown service is one line listing the built-ins, and writes nothing', () => {
    const f = fresh('x.ts');
    const e = failure(() => eject(['lfu', f]));
    expect(e.error).toEqual({ kind: 'bad-input', message: `unknown built-in service 'lfu' (built-in: ${BUILTIN_SERVICES.map((s) => s.name).join(', ')})` });
    expect(existsSync(f)).toBe(false);
    for (const name of ['constructor', '__proto__', 'toString']) {
      expect(ejectedSource(name)).toBeUndefined();
      expect(failure(() => eject([name, f])).error.message).toMatch(new RegExp(`^unknown built-in service '${name}'`));
    }
  });

  it('a file that cannot be written is one line with the error code', () => {
    const f = path.join(dir, 'no-such-dir', 'x.ts');
    expect(failure(() => eject(['fifo', f])).error).toEqual({ kind: 'bad-input', message: `${f}: cannot write (ENOENT)` });
  });

  it.each([[[]], [['clock', 'a.ts', 'b.ts']], [['', 'a.ts']]])('bad usage %j is a usage line', (args) => {
    const e = failure(() => eject(args));
    expect(e.error).toEqual({ kind: 'usage', message: 'eject: usage: milklab eject <service> [FILE] (services: milklab policies)' });
  });
});
