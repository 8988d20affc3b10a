// The type checker's thread (typecheck-client.ts + typecheck-worker.ts): checks answer with the
// same diagnostics as an in-process ServiceTypeChecker, stay warm per file, fail (not hang) when
// the thread goes away, and a new thread starts for the next check.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TypeCheckClient } from '../../src/services/typecheck-client.js';
import { typeCheckService } from '../../src/services/typecheck.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'milklab-tc-'));
const GOOD = "import { definePolicy } from 'milklab';\nexport default definePolicy<number[]>({ name: 'x', description: 'y', init: () => [], chooseVictim: (s, b) => b.frames[0]! });\n";
const BAD = GOOD.replace('b.frames[0]!', 'b.framez[0]!');
const client = new TypeCheckClient();
afterAll(() => client.close());

function file(name: string, text: string): string {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
}

describe('TypeCheckClient', () => {
  it('answers a clean file with no diagnostics and a type error with the in-process checker’s diagnostics', async () => {
    const f = file('p.ts', GOOD);
    expect(await client.check(f, GOOD)).toEqual([]);
    const d = await client.check(f, BAD);
    expect(d).toEqual(typeCheckService(f, BAD));
    expect(d[0]).toMatchObject({ line: 2, message: expect.stringMatching(/framez/) });
  });

  it('checks the text it is given, not the file on disk, and serves several files', async () => {
    const a = file('a.ts', GOOD), b = file('b.ts', GOOD);
    const [da, db] = await Promise.all([client.check(a, BAD), client.check(b, GOOD)]);
    expect(da.length).toBe(1);
    expect(db).toEqual([]);
    client.release(a);
    expect(await client.check(a, GOOD)).toEqual([]);
  });

  it('a check pending when the thread stops fails with the reason; the next check starts a new thread', async () => {
    const f = file('c.ts', GOOD);
    const failed = expect(client.check(f, BAD)).rejects.toThrow(/closed|exited/);
    await client.close();
    await failed;
    expect(await client.check(f, BAD)).toHaveLength(1);
  });
});
