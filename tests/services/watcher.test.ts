import { closeSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { watchFiles, type FileWatcher } from '../../src/services/watcher.js';

// Editors' writes are simulated with real file-system calls. The only waits are the editor's own
// pauses between writes and, after a burst has been reported, a quiet period long enough for any
// late duplicate to show (chokidar's atomic window is 100 ms, awaitWriteFinish 25 ms, our
// debounce 40 ms): exactly-once cannot be observed without waiting for a while.

let root = '';
let n = 0;
const open: FileWatcher[] = [];
const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** After the expected notifications: nothing more may come for this long. */
const QUIET_MS = 300;

interface Seen { file: string; content: string | undefined; at: number }

/** A fresh directory with a file in it, watched; `seen` records every onSave with the file's content then. */
async function setup(names = ['svc.ts'], opts?: { debounceMs?: number }) {
  const dir = mkdtempSync(path.join(root, `w${++n}-`));
  const files = names.map((name) => {
    const f = path.join(dir, name);
    writeFileSync(f, `// ${name} v0\n`);
    return f;
  });
  const seen: Seen[] = [];
  const w = watchFiles(files, (file) => {
    let content: string | undefined;
    try { content = readFileSync(file, 'utf8'); } catch { content = undefined; }
    seen.push({ file, content, at: performance.now() });
  }, opts);
  open.push(w);
  await w.ready;
  return { dir, files, file: files[0]!, seen, w };
}

/** Waits until `count` notifications arrived, then for a quiet period; returns them. */
async function settle(seen: Seen[], count: number): Promise<Seen[]> {
  await vi.waitFor(() => expect(seen.length).toBeGreaterThanOrEqual(count), { timeout: 5000, interval: 5 });
  await pause(QUIET_MS);
  return seen;
}

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'milklab-watcher-'));
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((w) => w.close()));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('watchFiles', () => {
  it('a save written in several chunks (truncate, then writes) → one onSave, after the last write', async () => {
    const { file, seen } = await setup();
    const chunks = ['// v1 part one\n', 'export const a = 1;\n', 'export const b = 2;\n', '// end\n'];
    const fd = openSync(file, 'w'); // truncates: the first event of the burst
    let last = 0;
    for (const c of chunks) {
      await pause(5); // an editor writing in pieces
      writeSync(fd, c);
      last = performance.now();
    }
    closeSync(fd);
    expect(await settle(seen, 1)).toEqual([{ file, content: chunks.join(''), at: expect.any(Number) }]);
    console.log(`watcher: last write → onSave ${(seen[0]!.at - last).toFixed(1)} ms (debounce 40 ms)`);
  });

  it('the last write is always reported, even one inside chokidar’s 50 ms change throttle', async () => {
    const { file, seen } = await setup();
    for (let i = 1; i <= 3; i++) {
      writeFileSync(file, `// round ${i}: first\n`);
      await pause(45); // past our 40 ms debounce, inside chokidar's 50 ms throttle of `change`
      writeFileSync(file, `// round ${i}: last\n`);
      await vi.waitFor(() => expect(seen.at(-1)?.content).toBe(`// round ${i}: last\n`), { timeout: 5000, interval: 5 });
    }
  });

  it('an atomic save (write a temporary file, rename it over) → one onSave', async () => {
    const { dir, file, seen } = await setup();
    const tmp = path.join(dir, '.svc.ts.tmp-1234');
    writeFileSync(tmp, '// v2 via rename\n');
    renameSync(tmp, file);
    expect(await settle(seen, 1)).toEqual([{ file, content: '// v2 via rename\n', at: expect.any(Number) }]);
    // and again: the new inode is watched too
    writeFileSync(tmp, '// v3 via rename\n');
    renameSync(tmp, file);
    expect(await settle(seen, 2)).toMatchObject([{ content: '// v2 via rename\n' }, { file, content: '// v3 via rename\n' }]);
  });

  it('deleted then created again → one onSave with the new content', async () => {
    const { file, seen } = await setup();
    unlinkSync(file);
    writeFileSync(file, '// v4 recreated\n');
    expect(await settle(seen, 1)).toEqual([{ file, content: '// v4 recreated\n', at: expect.any(Number) }]);
  });

  it('deleted, then (a while later) created again → nothing for the deletion, one onSave for the new file', async () => {
    const { file, seen } = await setup();
    unlinkSync(file);
    await pause(QUIET_MS);
    expect(seen).toEqual([]);
    writeFileSync(file, '// v5 back\n');
    expect(await settle(seen, 1)).toEqual([{ file, content: '// v5 back\n', at: expect.any(Number) }]);
    writeFileSync(file, '// v6 edited\n'); // and it is still watched
    expect(await settle(seen, 2)).toMatchObject([{ content: '// v5 back\n' }, { content: '// v6 edited\n' }]);
  });

  it("vim's save (rename to a backup, write a new file, delete the backup) → one onSave", async () => {
    const { file, seen } = await setup();
    renameSync(file, `${file}~`);
    const fd = openSync(file, 'w');
    writeSync(fd, '// v7 from vim\n');
    closeSync(fd);
    unlinkSync(`${file}~`);
    expect(await settle(seen, 1)).toEqual([{ file, content: '// v7 from vim\n', at: expect.any(Number) }]);
  });

  it('separate bursts → one onSave each; other files in the directory are ignored', async () => {
    const { dir, file, seen } = await setup();
    for (let i = 1; i <= 3; i++) {
      writeFileSync(file, `// burst ${i}\n`);
      writeFileSync(path.join(dir, 'notes.txt'), `unrelated ${i}\n`);
      await vi.waitFor(() => expect(seen).toHaveLength(i), { timeout: 5000, interval: 5 });
    }
    expect((await settle(seen, 3)).map((s) => s.content)).toEqual(['// burst 1\n', '// burst 2\n', '// burst 3\n']);
  });

  it('several files (in two directories) are debounced each on its own; onSave gets the name as given', async () => {
    const a = await setup(['a.ts', 'b.ts']);
    const [fa, fb] = a.files as [string, string];
    const other = mkdtempSync(path.join(root, 'other-'));
    const fc = path.join(other, 'c.ts');
    writeFileSync(fc, '// c v0\n');
    const relC = path.relative(process.cwd(), fc);
    const seen: string[] = [];
    const w = watchFiles([fa, fb, relC], (f) => seen.push(f));
    open.push(w);
    await w.ready;
    writeFileSync(fa, '// a v1\n');
    writeFileSync(fb, '// b v1\n');
    writeFileSync(fc, '// c v1\n');
    await vi.waitFor(() => expect(seen).toHaveLength(3), { timeout: 5000, interval: 5 });
    await pause(QUIET_MS);
    expect(seen.sort()).toEqual([fa, fb, relC].sort());
  });

  it('debounceMs: writes closer together than it make one burst', async () => {
    const { file, seen } = await setup(['slow.ts'], { debounceMs: 150 });
    for (let i = 0; i < 4; i++) {
      writeFileSync(file, `// step ${i}\n`);
      await pause(60); // more than awaitWriteFinish's 25 ms: chokidar reports each write
    }
    expect(await settle(seen, 1)).toEqual([{ file, content: '// step 3\n', at: expect.any(Number) }]);
  });

  it('close() stops notifications, including a pending one', async () => {
    const { file, seen, w } = await setup(['closed.ts'], { debounceMs: 200 });
    writeFileSync(file, '// edited\n');
    await pause(80); // chokidar has seen it; the debounce is pending
    await w.close();
    writeFileSync(file, '// after close\n');
    await pause(QUIET_MS);
    expect(seen).toEqual([]);
  });
});
